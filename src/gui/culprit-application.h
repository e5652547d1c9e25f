/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "culprit-gui-types.h"

G_BEGIN_DECLS

#define CULPRIT_TYPE_APPLICATION (culprit_application_get_type ())

G_DECLARE_FINAL_TYPE (CulpritApplication, culprit_application, CULPRIT, APPLICATION, AdwApplication)

CulpritApplication *culprit_application_new          (void);
CulpritWindow      *culprit_application_open_path    (CulpritApplication *self,
                                                      const char         *path);

G_END_DECLS
