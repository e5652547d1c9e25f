/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include <culprit.h>

#include "culprit-gui-types.h"

G_BEGIN_DECLS

#define CULPRIT_TYPE_HEALTH_PAGE (culprit_health_page_get_type ())

G_DECLARE_FINAL_TYPE (CulpritHealthPage, culprit_health_page, CULPRIT, HEALTH_PAGE, GtkWidget)

void         culprit_health_page_set_database (CulpritHealthPage *self,
                                               CulpritDatabase   *database);
gboolean     culprit_health_page_get_loading  (CulpritHealthPage *self);
const char  *culprit_health_page_get_branch   (CulpritHealthPage *self);
GtkWidget   *culprit_health_page_get_grid     (CulpritHealthPage *self);
GListModel  *culprit_health_page_get_weeks    (CulpritHealthPage *self);
void         culprit_health_page_annotate     (CulpritHealthPage *self,
                                               CulpritBuild      *build,
                                               const char        *note);

G_END_DECLS
