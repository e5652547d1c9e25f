/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "culprit-gui-types.h"

G_BEGIN_DECLS

/* Colours of the categories, in the order of culprit_report_get_categories(). */
typedef enum
{
  CULPRIT_CHART_COLOR_FLAKY,
  CULPRIT_CHART_COLOR_KNOWN_PROBLEM,
  CULPRIT_CHART_COLOR_MATCHED,
  CULPRIT_CHART_COLOR_TIMEOUT,
  CULPRIT_CHART_COLOR_NO_LOG,
  CULPRIT_CHART_COLOR_NO_FAILED_STEP,
  CULPRIT_CHART_COLOR_UNEXPLAINED,
  CULPRIT_CHART_COLOR_PENDING,
  CULPRIT_CHART_COLOR_PASSED,
  CULPRIT_CHART_N_COLORS
} CulpritChartColor;

#define CULPRIT_TYPE_CHART_ITEM (culprit_chart_item_get_type ())

G_DECLARE_FINAL_TYPE (CulpritChartItem, culprit_chart_item, CULPRIT, CHART_ITEM, GObject)

CulpritChartItem  *culprit_chart_item_new            (const char        *label,
                                                      const char        *key);
const char        *culprit_chart_item_get_label      (CulpritChartItem  *self);
const char        *culprit_chart_item_get_key        (CulpritChartItem  *self);
gint64             culprit_chart_item_get_id         (CulpritChartItem  *self);
void               culprit_chart_item_set_id         (CulpritChartItem  *self,
                                                      gint64             id);
const char        *culprit_chart_item_get_detail     (CulpritChartItem  *self);
void               culprit_chart_item_set_detail     (CulpritChartItem  *self,
                                                      const char        *detail);
const char        *culprit_chart_item_get_value_text (CulpritChartItem  *self);
void               culprit_chart_item_set_value_text (CulpritChartItem  *self,
                                                      const char        *value_text);
void               culprit_chart_item_add_segment    (CulpritChartItem  *self,
                                                      CulpritChartColor  color,
                                                      guint              value);
guint              culprit_chart_item_get_n_segments (CulpritChartItem  *self);
guint              culprit_chart_item_get_segment    (CulpritChartItem  *self,
                                                      guint              index,
                                                      CulpritChartColor *color);
guint              culprit_chart_item_get_total      (CulpritChartItem  *self);

CulpritChartColor  culprit_chart_color_for_category  (const char        *category);
CulpritChartColor  culprit_chart_color_for_tags      (const char * const *tags);
void               culprit_chart_color_get_rgba      (CulpritChartColor  color,
                                                      gboolean           dark,
                                                      GdkRGBA           *rgba);
char              *culprit_chart_color_get_css       (gboolean           dark);
const char        *culprit_category_get_label        (const char        *category);
GtkWidget         *culprit_legend_entry_new          (const char        *category);

G_END_DECLS
