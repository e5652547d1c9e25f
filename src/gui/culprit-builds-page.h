/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include <culprit.h>

#include "culprit-gui-types.h"
#include "culprit-filter.h"
#include "culprit-page.h"

G_BEGIN_DECLS

#define CULPRIT_TYPE_BUILDS_PAGE (culprit_builds_page_get_type ())

G_DECLARE_FINAL_TYPE (CulpritBuildsPage, culprit_builds_page, CULPRIT, BUILDS_PAGE, CulpritPage)

GtkSelectionModel *culprit_builds_page_get_model    (CulpritBuildsPage *self);
GListModel       *culprit_builds_page_get_builds    (CulpritBuildsPage *self);
gboolean          culprit_builds_page_get_filtering (CulpritBuildsPage *self);
void              culprit_builds_page_set_filter    (CulpritBuildsPage *self,
                                                     CulpritFilter     *filter);
CulpritFilter    *culprit_builds_page_get_filter    (CulpritBuildsPage *self);
void              culprit_builds_page_focus_search  (CulpritBuildsPage *self);

G_END_DECLS
