/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include <culprit.h>

#include "culprit-gui-types.h"
#include "culprit-page.h"

G_BEGIN_DECLS

#define CULPRIT_TYPE_OVERVIEW_PAGE (culprit_overview_page_get_type ())

G_DECLARE_FINAL_TYPE (CulpritOverviewPage, culprit_overview_page, CULPRIT, OVERVIEW_PAGE, CulpritPage)

CulpritReport *culprit_overview_page_get_report      (CulpritOverviewPage *self);
void           culprit_overview_page_get_filter      (CulpritOverviewPage *self,
                                                      CulpritBuildFilter  *filter);
void           culprit_overview_page_set_filter      (CulpritOverviewPage *self,
                                                      const char          *branch,
                                                      const char          *job,
                                                      const char          *range);
char          *culprit_overview_page_dup_range_name  (CulpritOverviewPage *self);
GListModel    *culprit_overview_page_get_causes      (CulpritOverviewPage *self);
GListModel    *culprit_overview_page_get_weeks       (CulpritOverviewPage *self);
GListModel    *culprit_overview_page_get_jobs        (CulpritOverviewPage *self);
GtkWidget     *culprit_overview_page_get_causes_chart (CulpritOverviewPage *self);
GtkWidget     *culprit_overview_page_get_weeks_chart  (CulpritOverviewPage *self);
GtkWidget     *culprit_overview_page_get_jobs_chart   (CulpritOverviewPage *self);
GtkWidget     *culprit_overview_page_get_no_patterns_box (CulpritOverviewPage *self);

gint64         culprit_overview_range_since          (gint64               now,
                                                      gint64               newest,
                                                      guint                days,
                                                      gboolean            *from_newest);

G_END_DECLS
