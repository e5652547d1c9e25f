/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "culprit-gui-types.h"

G_BEGIN_DECLS

#define CULPRIT_TYPE_CHART (culprit_chart_get_type ())

G_DECLARE_DERIVABLE_TYPE (CulpritChart, culprit_chart, CULPRIT, CHART, GtkWidget)

/**
 * CulpritChartClass:
 * @get_n_items: how many items the chart shows; by default the model's
 * @get_item_at: the item at a point of the widget, or -1
 * @get_item_area: where an item is drawn (a tooltip's area)
 * @get_neighbour: the item an arrow key (%GTK_DIR_UP, %GTK_DIR_DOWN,
 *   %GTK_DIR_LEFT or %GTK_DIR_RIGHT) moves the focus to, or -1 to let the
 *   key move the focus out of the chart; by default -1
 * @dup_item: the object ::item-activated passes, or %NULL when the item
 *   cannot be activated; by default the model's item
 * @dup_tooltip: the markup of an item's tooltip, or %NULL for none; by
 *   default the CulpritChartItem's detail
 * @dup_summary: all the chart says, as a sentence for screen readers; by
 *   default "label: value" of each CulpritChartItem
 * @context_menu: a right click (or the Menu key) on an item; by default
 *   nothing
 * @item_activated: the class handler of ::item-activated
 *
 * A chart whose items are hovered, focused, clicked and described by this
 * class: the subclass measures, draws (GtkWidgetClass.snapshot) and tells
 * where its items are.
 */
struct _CulpritChartClass
{
  GtkWidgetClass parent_class;

  guint      (*get_n_items)    (CulpritChart     *self);
  int        (*get_item_at)    (CulpritChart     *self,
                                double            x,
                                double            y);
  void       (*get_item_area)  (CulpritChart     *self,
                                guint             index,
                                GdkRectangle     *area);
  int        (*get_neighbour)  (CulpritChart     *self,
                                guint             index,
                                GtkDirectionType  direction);
  GObject   *(*dup_item)       (CulpritChart     *self,
                                guint             index);
  char      *(*dup_tooltip)    (CulpritChart     *self,
                                guint             index);
  char      *(*dup_summary)    (CulpritChart     *self);
  void       (*context_menu)   (CulpritChart     *self,
                                guint             index);
  void       (*item_activated) (CulpritChart     *self,
                                GObject          *item);

  /*< private >*/
  gpointer _reserved[8];
};

GListModel *culprit_chart_get_model        (CulpritChart *self);
void        culprit_chart_set_model        (CulpritChart *self,
                                            GListModel   *model);
const char *culprit_chart_get_title        (CulpritChart *self);
void        culprit_chart_set_title        (CulpritChart *self,
                                            const char   *title);
guint       culprit_chart_get_n_items      (CulpritChart *self);
int         culprit_chart_get_item_at      (CulpritChart *self,
                                            double        x,
                                            double        y);
int         culprit_chart_get_hover_item   (CulpritChart *self);
int         culprit_chart_get_focus_item   (CulpritChart *self);
void        culprit_chart_set_focus_item   (CulpritChart *self,
                                            guint         index);
gboolean    culprit_chart_is_highlighted   (CulpritChart *self,
                                            guint         index);
char       *culprit_chart_dup_tooltip      (CulpritChart *self,
                                            guint         index);
char       *culprit_chart_dup_summary      (CulpritChart *self);
void        culprit_chart_activate_item    (CulpritChart *self,
                                            int           index);
void        culprit_chart_items_changed    (CulpritChart *self);

/* for the subclasses' snapshot */
void        culprit_chart_get_colors       (CulpritChart  *self,
                                            GdkRGBA       *fg,
                                            GdkRGBA       *dim,
                                            GdkRGBA       *hover);
void        culprit_chart_append_text      (CulpritChart  *self,
                                            GtkSnapshot   *snapshot,
                                            const char    *text,
                                            const GdkRGBA *color,
                                            double         x,
                                            double         y,
                                            int            width,
                                            double         xalign);

G_END_DECLS
