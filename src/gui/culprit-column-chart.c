/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-column-chart"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>
#include <adwaita.h>

#include "culprit-chart-item.h"
#include "culprit-column-chart.h"

/* Stacked columns over time, one per CulpritChartItem (a week), with a
 * y axis of round numbers and gridlines. The columns are drawn upwards
 * from the x axis in a flipped coordinate system (as Sysprof's column
 * layer does), with gtk_snapshot_append_color(). CulpritChart does the
 * hover, tooltips, clicks and keys. */

#define AXIS_WIDTH    44
#define LABEL_HEIGHT  26
#define TOP_MARGIN    8
#define HEIGHT        220

struct _CulpritColumnChart
{
  CulpritChart parent_instance;
};

G_DEFINE_FINAL_TYPE (CulpritColumnChart, culprit_column_chart, CULPRIT_TYPE_CHART)

static guint
n_columns (CulpritColumnChart *self)
{
  return culprit_chart_get_n_items (CULPRIT_CHART (self));
}

static CulpritChartItem *
get_item (CulpritColumnChart *self,
          guint               column)
{
  return g_list_model_get_item (culprit_chart_get_model (CULPRIT_CHART (self)), column);
}

/* A round maximum for the y axis, and its step. */
static guint
nice_scale (guint  max,
            guint *step)
{
  static const guint steps[] = { 1, 2, 5 };
  guint magnitude = 1;

  if (max == 0)
    max = 1;
  for (;;)
    {
      for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
        {
          guint s = steps[i] * magnitude;

          if (max / s <= 4)
            {
              *step = s;
              return (max + s - 1) / s * s;
            }
        }
      magnitude *= 10;
    }
}

static double
column_pitch (CulpritColumnChart *self)
{
  int plot_w = gtk_widget_get_width (GTK_WIDGET (self)) - AXIS_WIDTH;

  return n_columns (self) ? (double)plot_w / n_columns (self) : 0;
}

static int
culprit_column_chart_get_item_at (CulpritChart *chart,
                                  double        x,
                                  double        y)
{
  CulpritColumnChart *self = CULPRIT_COLUMN_CHART (chart);
  double pitch = column_pitch (self);
  int column;

  if (pitch <= 0 || x < AXIS_WIDTH || y < 0 || y > gtk_widget_get_height (GTK_WIDGET (self)))
    return -1;
  column = (int)((x - AXIS_WIDTH) / pitch);
  return column < (int)n_columns (self) ? column : -1;
}

static void
culprit_column_chart_get_item_area (CulpritChart *chart,
                                    guint         column,
                                    GdkRectangle *area)
{
  double pitch = column_pitch (CULPRIT_COLUMN_CHART (chart));

  *area = (GdkRectangle) { AXIS_WIDTH + column * pitch, 0, pitch,
                           gtk_widget_get_height (GTK_WIDGET (chart)) };
}

/* Left and Right move between the weeks, as Up and Down do in the bar
 * chart. */
static int
culprit_column_chart_get_neighbour (CulpritChart     *chart,
                                    guint             column,
                                    GtkDirectionType  direction)
{
  if (direction == GTK_DIR_LEFT)
    return (int)column - 1;
  if (direction == GTK_DIR_RIGHT)
    return column + 1;
  return -1;
}

static void
culprit_column_chart_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  CulpritColumnChart *self = CULPRIT_COLUMN_CHART (widget);
  CulpritChart *chart = CULPRIT_CHART (widget);
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double plot_h = height - LABEL_HEIGHT - TOP_MARGIN;
  double pitch = column_pitch (self);
  double bar_w = MAX (MIN (pitch * 0.7, 48), 1);
  guint max = 0, step = 1, scale, label_every;
  GdkRGBA fg, dim, grid, hover;

  culprit_chart_get_colors (chart, &fg, &dim, &hover);
  grid = fg;
  grid.alpha *= 0.12f;

  if (n_columns (self) == 0)
    {
      culprit_chart_append_text (chart, snapshot, _("No builds in this range"), &dim, width / 2.0,
                                 height / 2.0, -1, 0.5);
      return;
    }

  for (guint i = 0; i < n_columns (self); i++)
    {
      g_autoptr(CulpritChartItem) item = get_item (self, i);
      max = MAX (max, culprit_chart_item_get_total (item));
    }
  scale = nice_scale (max, &step);

  /* gridlines and the y axis' numbers */
  for (guint v = 0; v <= scale; v += step)
    {
      double y = TOP_MARGIN + plot_h - plot_h * v / scale;
      g_autofree char *text = g_strdup_printf ("%u", v);

      gtk_snapshot_append_color (snapshot, &grid, &GRAPHENE_RECT_INIT (AXIS_WIDTH, y, width - AXIS_WIDTH, 1));
      culprit_chart_append_text (chart, snapshot, text, &dim, AXIS_WIDTH - 8, y, -1, 1.0);
    }

  /* the column under the pointer, and the focused one */
  for (guint i = 0; i < n_columns (self); i++)
    if (culprit_chart_is_highlighted (chart, i))
      gtk_snapshot_append_color (snapshot, &hover,
                                 &GRAPHENE_RECT_INIT (AXIS_WIDTH + i * pitch, TOP_MARGIN,
                                                      pitch, plot_h));

  /* the columns, upwards from the x axis */
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (AXIS_WIDTH, TOP_MARGIN + plot_h));
  gtk_snapshot_scale (snapshot, 1, -1);
  for (guint i = 0; i < n_columns (self); i++)
    {
      g_autoptr(CulpritChartItem) item = get_item (self, i);
      double x = i * pitch + (pitch - bar_w) / 2;
      double y = 0;

      for (guint s = 0; s < culprit_chart_item_get_n_segments (item); s++)
        {
          CulpritChartColor color;
          guint v = culprit_chart_item_get_segment (item, s, &color);
          double h = plot_h * v / scale;
          GdkRGBA rgba;

          if (v == 0)
            continue;
          culprit_chart_color_get_rgba (color, dark, &rgba);
          gtk_snapshot_append_color (snapshot, &rgba, &GRAPHENE_RECT_INIT (x, y, bar_w, h));
          y += h;
        }
    }
  gtk_snapshot_restore (snapshot);

  /* x axis labels, thinned out to fit */
  label_every = MAX (1, (guint)ceil (64.0 / MAX (pitch, 1)));
  for (guint i = 0; i < n_columns (self); i += label_every)
    {
      g_autoptr(CulpritChartItem) item = get_item (self, i);

      culprit_chart_append_text (chart, snapshot, culprit_chart_item_get_label (item), &dim,
                                 AXIS_WIDTH + (i + 0.5) * pitch, height - LABEL_HEIGHT / 2.0,
                                 -1, 0.5);
    }
}

static void
culprit_column_chart_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 240;
      *natural = 600;
    }
  else
    *minimum = *natural = HEIGHT;
}

/**
 * culprit_column_chart_activate_column:
 *
 * Emits ::item-activated for a column, as a click or Enter on it does.
 */
void
culprit_column_chart_activate_column (CulpritColumnChart *self,
                                      int                 column)
{
  g_return_if_fail (CULPRIT_IS_COLUMN_CHART (self));
  culprit_chart_activate_item (CULPRIT_CHART (self), column);
}

static void
culprit_column_chart_class_init (CulpritColumnChartClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  CulpritChartClass *chart_class = CULPRIT_CHART_CLASS (klass);

  widget_class->snapshot = culprit_column_chart_snapshot;
  widget_class->measure = culprit_column_chart_measure;

  chart_class->get_item_at = culprit_column_chart_get_item_at;
  chart_class->get_item_area = culprit_column_chart_get_item_area;
  chart_class->get_neighbour = culprit_column_chart_get_neighbour;

  gtk_widget_class_set_css_name (widget_class, "columnchart");
}

static void
culprit_column_chart_init (CulpritColumnChart *self)
{
}

GtkWidget *
culprit_column_chart_new (void)
{
  return g_object_new (CULPRIT_TYPE_COLUMN_CHART, NULL);
}

GListModel *
culprit_column_chart_get_model (CulpritColumnChart *self)
{
  g_return_val_if_fail (CULPRIT_IS_COLUMN_CHART (self), NULL);
  return culprit_chart_get_model (CULPRIT_CHART (self));
}

void
culprit_column_chart_set_model (CulpritColumnChart *self,
                                GListModel         *model)
{
  g_return_if_fail (CULPRIT_IS_COLUMN_CHART (self));
  culprit_chart_set_model (CULPRIT_CHART (self), model);
}

void
culprit_column_chart_set_title (CulpritColumnChart *self,
                                const char         *title)
{
  g_return_if_fail (CULPRIT_IS_COLUMN_CHART (self));
  culprit_chart_set_title (CULPRIT_CHART (self), title);
}
