/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include <culprit.h>

#include "culprit-gui-types.h"
#include "culprit-page.h"

G_BEGIN_DECLS

#define CULPRIT_TYPE_PATTERNS_PAGE (culprit_patterns_page_get_type ())

G_DECLARE_FINAL_TYPE (CulpritPatternsPage, culprit_patterns_page, CULPRIT, PATTERNS_PAGE, CulpritPage)

GListModel *culprit_patterns_page_get_items     (CulpritPatternsPage *self);
void        culprit_patterns_page_focus_search  (CulpritPatternsPage *self);
void        culprit_patterns_page_set_show_retired (CulpritPatternsPage *self,
                                                    gboolean             show_retired);
gboolean    culprit_patterns_page_get_show_retired (CulpritPatternsPage *self);

G_END_DECLS
