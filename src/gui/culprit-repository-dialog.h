/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "culprit-gui-types.h"

G_BEGIN_DECLS

#define CULPRIT_TYPE_REPOSITORY_DIALOG (culprit_repository_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CulpritRepositoryDialog, culprit_repository_dialog, CULPRIT, REPOSITORY_DIALOG, AdwWindow)

CulpritRepositoryDialog *culprit_repository_dialog_new          (GtkWindow          *parent,
                                                                 CulpritDatabase    *database);
CulpritRepositoryDialog *culprit_repository_dialog_new_for_repo (GtkWindow          *parent,
                                                                 CulpritDatabase    *database,
                                                                 const char         *repo,
                                                                 const char         *api_url,
                                                                 const char * const *branches);

G_END_DECLS
