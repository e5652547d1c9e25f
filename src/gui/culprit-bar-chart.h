/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "culprit-chart.h"
#include "culprit-gui-types.h"

G_BEGIN_DECLS

#define CULPRIT_TYPE_BAR_CHART (culprit_bar_chart_get_type ())

G_DECLARE_FINAL_TYPE (CulpritBarChart, culprit_bar_chart, CULPRIT, BAR_CHART, CulpritChart)

GtkWidget  *culprit_bar_chart_new           (void);
GListModel *culprit_bar_chart_get_model     (CulpritBarChart *self);
void        culprit_bar_chart_set_model     (CulpritBarChart *self,
                                             GListModel      *model);
void        culprit_bar_chart_set_title     (CulpritBarChart *self,
                                             const char      *title);
void        culprit_bar_chart_set_placeholder (CulpritBarChart *self,
                                               const char      *text);
const char *culprit_bar_chart_get_placeholder (CulpritBarChart *self);
int         culprit_bar_chart_get_row_at    (CulpritBarChart *self,
                                             double           x,
                                             double           y);

G_END_DECLS
