/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "culprit-chart.h"
#include "culprit-gui-types.h"

G_BEGIN_DECLS

#define CULPRIT_TYPE_COLUMN_CHART (culprit_column_chart_get_type ())

G_DECLARE_FINAL_TYPE (CulpritColumnChart, culprit_column_chart, CULPRIT, COLUMN_CHART,
                      CulpritChart)

GtkWidget  *culprit_column_chart_new          (void);
GListModel *culprit_column_chart_get_model    (CulpritColumnChart *self);
void        culprit_column_chart_set_model    (CulpritColumnChart *self,
                                               GListModel         *model);
void        culprit_column_chart_set_title    (CulpritColumnChart *self,
                                               const char         *title);
void        culprit_column_chart_activate_column (CulpritColumnChart *self,
                                                  int                 column);

G_END_DECLS
