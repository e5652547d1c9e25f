/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include <culprit.h>

#include "culprit-chart-item.h"
#include "culprit-chart.h"
#include "culprit-gui-types.h"

G_BEGIN_DECLS

#define CULPRIT_TYPE_HEALTH_GRID (culprit_health_grid_get_type ())

G_DECLARE_FINAL_TYPE (CulpritHealthGrid, culprit_health_grid, CULPRIT, HEALTH_GRID, CulpritChart)

void               culprit_health_grid_set_data     (CulpritHealthGrid  *self,
                                                     GPtrArray          *commits,
                                                     char              **jobs,
                                                     GPtrArray          *cells,
                                                     GHashTable         *annotated);
guint              culprit_health_grid_get_n_rows   (CulpritHealthGrid  *self);
guint              culprit_health_grid_get_n_columns (CulpritHealthGrid *self);
const char        *culprit_health_grid_get_commit   (CulpritHealthGrid  *self,
                                                     guint               row);
const char        *culprit_health_grid_get_job      (CulpritHealthGrid  *self,
                                                     guint               column);
CulpritBuild      *culprit_health_grid_get_build    (CulpritHealthGrid  *self,
                                                     guint               row,
                                                     guint               column);
CulpritChartColor  culprit_health_grid_get_color    (CulpritHealthGrid  *self,
                                                     guint               row,
                                                     guint               column);
gboolean           culprit_health_grid_get_annotated (CulpritHealthGrid *self,
                                                     guint               row,
                                                     guint               column);
const CulpritAnnotation *
                   culprit_health_grid_get_annotation (CulpritHealthGrid *self,
                                                     guint               row,
                                                     guint               column);
void               culprit_health_grid_get_cell_area (CulpritHealthGrid *self,
                                                     guint               row,
                                                     guint               column,
                                                     GdkRectangle       *area);
char              *culprit_health_grid_dup_tooltip_markup (CulpritHealthGrid *self,
                                                     guint               row,
                                                     guint               column);
void               culprit_health_grid_popup_menu   (CulpritHealthGrid  *self,
                                                     CulpritBuild       *build,
                                                     GMenuModel         *model);

G_END_DECLS
