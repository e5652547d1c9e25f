/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-bar-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "culprit-bar-chart.h"
#include "culprit-chart-item.h"

/* Horizontal bars, one row per CulpritChartItem of the model: the label on
 * the left, the bar's stacked segments, its value text after the bar.
 * Bars are drawn with gtk_snapshot_append_color() in a rounded clip.
 * CulpritChart does the rest: a tooltip gives the item's exact numbers;
 * clicking a row (or Enter on the focused one, Up and Down move between
 * them) emits ::item-activated. */

#define ROW_HEIGHT   34
#define BAR_HEIGHT   20
#define GAP          12
#define MIN_BAR      2

struct _CulpritBarChart
{
  CulpritChart parent_instance;

  char        *placeholder; /* drawn when there is no row */
};

G_DEFINE_FINAL_TYPE (CulpritBarChart, culprit_bar_chart, CULPRIT_TYPE_CHART)

static guint
n_rows (CulpritBarChart *self)
{
  return culprit_chart_get_n_items (CULPRIT_CHART (self));
}

static CulpritChartItem *
get_item (CulpritBarChart *self,
          guint            row)
{
  return g_list_model_get_item (culprit_chart_get_model (CULPRIT_CHART (self)), row);
}

static guint
max_total (CulpritBarChart *self)
{
  guint max = 0;

  for (guint i = 0; i < n_rows (self); i++)
    {
      g_autoptr(CulpritChartItem) item = get_item (self, i);
      max = MAX (max, culprit_chart_item_get_total (item));
    }
  return max;
}

static int
culprit_bar_chart_get_item_at (CulpritChart *chart,
                               double        x,
                               double        y)
{
  int row;

  if (y < 0 || x < 0 || x > gtk_widget_get_width (GTK_WIDGET (chart)))
    return -1;
  row = (int)(y / ROW_HEIGHT);
  return row < (int)culprit_chart_get_n_items (chart) ? row : -1;
}

int
culprit_bar_chart_get_row_at (CulpritBarChart *self,
                              double           x,
                              double           y)
{
  g_return_val_if_fail (CULPRIT_IS_BAR_CHART (self), -1);
  return culprit_chart_get_item_at (CULPRIT_CHART (self), x, y);
}

static void
culprit_bar_chart_get_item_area (CulpritChart *chart,
                                 guint         row,
                                 GdkRectangle *area)
{
  *area = (GdkRectangle) { 0, row * ROW_HEIGHT,
                           gtk_widget_get_width (GTK_WIDGET (chart)), ROW_HEIGHT };
}

/* Up and Down move between the rows. */
static int
culprit_bar_chart_get_neighbour (CulpritChart     *chart,
                                 guint             row,
                                 GtkDirectionType  direction)
{
  if (direction == GTK_DIR_UP)
    return (int)row - 1;
  if (direction == GTK_DIR_DOWN)
    return row + 1;
  return -1;
}

static PangoLayout *
make_layout (CulpritBarChart *self,
             const char      *text,
             int              width)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);

  if (width > 0)
    {
      pango_layout_set_width (layout, width * PANGO_SCALE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  return layout;
}

/* Width of the label column: the longest label, within 40% of the width. */
static int
label_width (CulpritBarChart *self,
             int              width)
{
  int max = 0;

  for (guint i = 0; i < n_rows (self); i++)
    {
      g_autoptr(CulpritChartItem) item = get_item (self, i);
      g_autoptr(PangoLayout) layout = make_layout (self, culprit_chart_item_get_label (item), -1);
      int w;

      pango_layout_get_pixel_size (layout, &w, NULL);
      max = MAX (max, w);
    }
  return MIN (max, width * 2 / 5);
}

static int
value_width (CulpritBarChart *self)
{
  int max = 0;

  for (guint i = 0; i < n_rows (self); i++)
    {
      g_autoptr(CulpritChartItem) item = get_item (self, i);
      const char *text = culprit_chart_item_get_value_text (item);
      g_autoptr(PangoLayout) layout = make_layout (self, text ? text : "", -1);
      int w;

      pango_layout_get_pixel_size (layout, &w, NULL);
      max = MAX (max, w);
    }
  return max;
}

static void
append_layout_at (GtkSnapshot   *snapshot,
                  PangoLayout   *layout,
                  const GdkRGBA *color,
                  int            x,
                  int            y)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
culprit_bar_chart_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  CulpritBarChart *self = CULPRIT_BAR_CHART (widget);
  int width = gtk_widget_get_width (widget);
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  int label_w, value_w, bar_x, bar_w;
  guint max;
  GdkRGBA fg, dim, hover;

  culprit_chart_get_colors (CULPRIT_CHART (self), &fg, &dim, &hover);

  if (n_rows (self) == 0)
    {
      g_autoptr(PangoLayout) layout = make_layout (self, self->placeholder ? self->placeholder
                                                                       : _("No failed builds in this range"),
                                                   width);

      pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
      append_layout_at (snapshot, layout, &dim, 0, 12);
      return;
    }

  label_w = label_width (self, width);
  value_w = value_width (self);
  bar_x = label_w + GAP;
  bar_w = MAX (width - bar_x - value_w - GAP, 10);
  max = MAX (max_total (self), 1);

  for (guint i = 0; i < n_rows (self); i++)
    {
      g_autoptr(CulpritChartItem) item = get_item (self, i);
      g_autoptr(PangoLayout) label = make_layout (self, culprit_chart_item_get_label (item), label_w);
      const char *value_text = culprit_chart_item_get_value_text (item);
      g_autoptr(PangoLayout) value = make_layout (self, value_text ? value_text : "", -1);
      int y = i * ROW_HEIGHT;
      int text_h, length, x;
      GskRoundedRect bar;

      if (culprit_chart_is_highlighted (CULPRIT_CHART (self), i))
        {
          GskRoundedRect row;

          gsk_rounded_rect_init_from_rect (&row, &GRAPHENE_RECT_INIT (-6, y, width + 12, ROW_HEIGHT), 6);
          gtk_snapshot_push_rounded_clip (snapshot, &row);
          gtk_snapshot_append_color (snapshot, &hover, &row.bounds);
          gtk_snapshot_pop (snapshot);
        }

      pango_layout_get_pixel_size (label, NULL, &text_h);
      append_layout_at (snapshot, label, &fg, 0, y + (ROW_HEIGHT - text_h) / 2);

      length = MAX ((int)((double)culprit_chart_item_get_total (item) / max * bar_w), MIN_BAR);
      gsk_rounded_rect_init_from_rect (&bar,
                                       &GRAPHENE_RECT_INIT (bar_x, y + (ROW_HEIGHT - BAR_HEIGHT) / 2,
                                                            length, BAR_HEIGHT), 4);
      gtk_snapshot_push_rounded_clip (snapshot, &bar);
      x = bar_x;
      for (guint s = 0; s < culprit_chart_item_get_n_segments (item); s++)
        {
          CulpritChartColor color;
          guint v = culprit_chart_item_get_segment (item, s, &color);
          int w = culprit_chart_item_get_total (item) > 0
                  ? (int)((double)v / culprit_chart_item_get_total (item) * length + 0.5) : 0;
          GdkRGBA rgba;

          if (s + 1 == culprit_chart_item_get_n_segments (item))
            w = bar_x + length - x;
          culprit_chart_color_get_rgba (color, dark, &rgba);
          gtk_snapshot_append_color (snapshot, &rgba,
                                     &GRAPHENE_RECT_INIT (x, bar.bounds.origin.y, w, BAR_HEIGHT));
          x += w;
        }
      gtk_snapshot_pop (snapshot);

      pango_layout_get_pixel_size (value, NULL, &text_h);
      append_layout_at (snapshot, value, &dim, bar_x + length + 8, y + (ROW_HEIGHT - text_h) / 2);
    }
}

static void
culprit_bar_chart_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  CulpritBarChart *self = CULPRIT_BAR_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 240;
      *natural = 480;
    }
  else
    *minimum = *natural = MAX (n_rows (self), 1) * ROW_HEIGHT + (n_rows (self) ? 0 : 24);
}

static void
culprit_bar_chart_finalize (GObject *object)
{
  CulpritBarChart *self = (CulpritBarChart *)object;

  g_clear_pointer (&self->placeholder, g_free);

  G_OBJECT_CLASS (culprit_bar_chart_parent_class)->finalize (object);
}

static void
culprit_bar_chart_class_init (CulpritBarChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  CulpritChartClass *chart_class = CULPRIT_CHART_CLASS (klass);

  object_class->finalize = culprit_bar_chart_finalize;

  widget_class->snapshot = culprit_bar_chart_snapshot;
  widget_class->measure = culprit_bar_chart_measure;

  chart_class->get_item_at = culprit_bar_chart_get_item_at;
  chart_class->get_item_area = culprit_bar_chart_get_item_area;
  chart_class->get_neighbour = culprit_bar_chart_get_neighbour;

  gtk_widget_class_set_css_name (widget_class, "barchart");
}

static void
culprit_bar_chart_init (CulpritBarChart *self)
{
}

GtkWidget *
culprit_bar_chart_new (void)
{
  return g_object_new (CULPRIT_TYPE_BAR_CHART, NULL);
}

/**
 * culprit_bar_chart_get_model:
 *
 * Returns: (transfer none) (nullable): the items drawn, CulpritChartItem
 */
GListModel *
culprit_bar_chart_get_model (CulpritBarChart *self)
{
  g_return_val_if_fail (CULPRIT_IS_BAR_CHART (self), NULL);
  return culprit_chart_get_model (CULPRIT_CHART (self));
}

void
culprit_bar_chart_set_model (CulpritBarChart *self,
                             GListModel      *model)
{
  g_return_if_fail (CULPRIT_IS_BAR_CHART (self));
  culprit_chart_set_model (CULPRIT_CHART (self), model);
}

void
culprit_bar_chart_set_title (CulpritBarChart *self,
                             const char      *title)
{
  g_return_if_fail (CULPRIT_IS_BAR_CHART (self));
  culprit_chart_set_title (CULPRIT_CHART (self), title);
}

/**
 * culprit_bar_chart_set_placeholder:
 * @text: (nullable): what to say when there is no bar; %NULL for "No
 *   failed builds in this range"
 */
void
culprit_bar_chart_set_placeholder (CulpritBarChart *self,
                                   const char      *text)
{
  g_return_if_fail (CULPRIT_IS_BAR_CHART (self));

  if (g_strcmp0 (self->placeholder, text) == 0)
    return;
  g_free (self->placeholder);
  self->placeholder = g_strdup (text);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
culprit_bar_chart_get_placeholder (CulpritBarChart *self)
{
  g_return_val_if_fail (CULPRIT_IS_BAR_CHART (self), NULL);
  return self->placeholder ? self->placeholder : _("No failed builds in this range");
}
