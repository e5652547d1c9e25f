/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "culprit-application.h"

G_BEGIN_DECLS

#define CULPRIT_TYPE_WINDOW (culprit_window_get_type ())

G_DECLARE_FINAL_TYPE (CulpritWindow, culprit_window, CULPRIT, WINDOW, AdwApplicationWindow)

CulpritWindow *culprit_window_new (CulpritApplication *app,
                                   const char         *database_path);

G_END_DECLS
