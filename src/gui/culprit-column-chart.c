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
 * layer does), with gtk_snapshot_append_color(). */

#define AXIS_WIDTH    44
#define LABEL_HEIGHT  26
#define TOP_MARGIN    8
#define HEIGHT        220

struct _CulpritColumnChart
{
  GtkWidget   parent_instance;

  GListModel *model;
  char       *title;
  int         hover;
  int         focus_column;
};

G_DEFINE_FINAL_TYPE (CulpritColumnChart, culprit_column_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODEL,
  N_PROPS
};

enum {
  ITEM_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static guint
n_columns (CulpritColumnChart *self)
{
  return self->model ? g_list_model_get_n_items (self->model) : 0;
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

char *
culprit_column_chart_dup_summary (CulpritColumnChart *self)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (CULPRIT_IS_COLUMN_CHART (self), NULL);

  if (n_columns (self) == 0)
    g_string_append (out, _("No data"));
  for (guint i = 0; i < n_columns (self); i++)
    {
      g_autoptr(CulpritChartItem) item = g_list_model_get_item (self->model, i);
      const char *value = culprit_chart_item_get_value_text (item);

      if (i > 0)
        g_string_append (out, "; ");
      g_string_append_printf (out, "%s: %s", culprit_chart_item_get_label (item), value ? value : "");
    }
  return g_string_free (out, FALSE);
}

static void
update_accessible (CulpritColumnChart *self)
{
  g_autofree char *summary = culprit_column_chart_dup_summary (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->title ? self->title : "",
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary,
                                  -1);
}

static void
on_items_changed (CulpritColumnChart *self,
                  guint               position,
                  guint               removed,
                  guint               added,
                  GListModel         *model)
{
  self->hover = -1;
  self->focus_column = CLAMP (self->focus_column, 0, MAX ((int)n_columns (self) - 1, 0));
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static double
column_pitch (CulpritColumnChart *self)
{
  int plot_w = gtk_widget_get_width (GTK_WIDGET (self)) - AXIS_WIDTH;

  return n_columns (self) ? (double)plot_w / n_columns (self) : 0;
}

int
culprit_column_chart_get_column_at (CulpritColumnChart *self,
                                    double              x,
                                    double              y)
{
  double pitch;
  int column;

  g_return_val_if_fail (CULPRIT_IS_COLUMN_CHART (self), -1);

  pitch = column_pitch (self);
  if (pitch <= 0 || x < AXIS_WIDTH || y < 0 || y > gtk_widget_get_height (GTK_WIDGET (self)))
    return -1;
  column = (int)((x - AXIS_WIDTH) / pitch);
  return column < (int)n_columns (self) ? column : -1;
}

static void
append_text (CulpritColumnChart *self,
             GtkSnapshot        *snapshot,
             const char         *text,
             const GdkRGBA      *color,
             double              x,
             double              y,
             double              xalign)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x - w * xalign, y - h / 2.0));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
culprit_column_chart_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  CulpritColumnChart *self = CULPRIT_COLUMN_CHART (widget);
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double plot_h = height - LABEL_HEIGHT - TOP_MARGIN;
  double pitch = column_pitch (self);
  double bar_w = MAX (MIN (pitch * 0.7, 48), 1);
  guint max = 0, step = 1, scale, label_every;
  GdkRGBA fg, dim, grid, hover;

  gtk_style_context_get_color (context, &fg);
  dim = fg;
  dim.alpha *= 0.55f;
  grid = fg;
  grid.alpha *= 0.12f;
  hover = fg;
  hover.alpha *= 0.07f;

  if (n_columns (self) == 0)
    {
      append_text (self, snapshot, _("No builds in this range"), &dim, width / 2.0, height / 2.0, 0.5);
      return;
    }

  for (guint i = 0; i < n_columns (self); i++)
    {
      g_autoptr(CulpritChartItem) item = g_list_model_get_item (self->model, i);
      max = MAX (max, culprit_chart_item_get_total (item));
    }
  scale = nice_scale (max, &step);

  /* gridlines and the y axis' numbers */
  for (guint v = 0; v <= scale; v += step)
    {
      double y = TOP_MARGIN + plot_h - plot_h * v / scale;
      g_autofree char *text = g_strdup_printf ("%u", v);

      gtk_snapshot_append_color (snapshot, &grid, &GRAPHENE_RECT_INIT (AXIS_WIDTH, y, width - AXIS_WIDTH, 1));
      append_text (self, snapshot, text, &dim, AXIS_WIDTH - 8, y, 1.0);
    }

  if (self->hover >= 0)
    gtk_snapshot_append_color (snapshot, &hover,
                               &GRAPHENE_RECT_INIT (AXIS_WIDTH + self->hover * pitch, TOP_MARGIN,
                                                    pitch, plot_h));
  if (self->focus_column != self->hover && gtk_widget_has_visible_focus (widget))
    gtk_snapshot_append_color (snapshot, &hover,
                               &GRAPHENE_RECT_INIT (AXIS_WIDTH + self->focus_column * pitch,
                                                    TOP_MARGIN, pitch, plot_h));

  /* the columns, upwards from the x axis */
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (AXIS_WIDTH, TOP_MARGIN + plot_h));
  gtk_snapshot_scale (snapshot, 1, -1);
  for (guint i = 0; i < n_columns (self); i++)
    {
      g_autoptr(CulpritChartItem) item = g_list_model_get_item (self->model, i);
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
      g_autoptr(CulpritChartItem) item = g_list_model_get_item (self->model, i);

      append_text (self, snapshot, culprit_chart_item_get_label (item), &dim,
                   AXIS_WIDTH + (i + 0.5) * pitch, height - LABEL_HEIGHT / 2.0, 0.5);
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

static gboolean
culprit_column_chart_query_tooltip (GtkWidget  *widget,
                                    int         x,
                                    int         y,
                                    gboolean    keyboard_mode,
                                    GtkTooltip *tooltip)
{
  CulpritColumnChart *self = CULPRIT_COLUMN_CHART (widget);
  g_autoptr(CulpritChartItem) item = NULL;
  int column = keyboard_mode ? self->focus_column : culprit_column_chart_get_column_at (self, x, y);
  double pitch = column_pitch (self);

  if (column < 0 || column >= (int)n_columns (self))
    return FALSE;
  item = g_list_model_get_item (self->model, column);
  if (culprit_chart_item_get_detail (item) == NULL)
    return FALSE;
  gtk_tooltip_set_markup (tooltip, culprit_chart_item_get_detail (item));
  gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { AXIS_WIDTH + column * pitch, 0, pitch,
                                                       gtk_widget_get_height (widget) });
  return TRUE;
}

static void
set_hover (CulpritColumnChart *self,
           int                 column)
{
  if (column == self->hover)
    return;
  self->hover = column;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), column >= 0 ? "pointer" : NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_motion (CulpritColumnChart       *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *motion)
{
  set_hover (self, culprit_column_chart_get_column_at (self, x, y));
}

static void
on_leave (CulpritColumnChart       *self,
          GtkEventControllerMotion *motion)
{
  set_hover (self, -1);
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
  g_autoptr(CulpritChartItem) item = NULL;

  g_return_if_fail (CULPRIT_IS_COLUMN_CHART (self));

  if (column < 0 || column >= (int)n_columns (self))
    return;
  self->focus_column = column;
  item = g_list_model_get_item (self->model, column);
  g_signal_emit (self, signals[ITEM_ACTIVATED], 0, item);
}

static void
on_click_released (CulpritColumnChart *self,
                   int                 n_press,
                   double              x,
                   double              y,
                   GtkGestureClick    *gesture)
{
  culprit_column_chart_activate_column (self, culprit_column_chart_get_column_at (self, x, y));
}

/* Left and Right move between the weeks, Home and End to the ends, and
 * Enter or Space activates the focused one, as Up and Down do in the
 * bar chart. */
static gboolean
on_key_pressed (CulpritColumnChart    *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *key)
{
  int n = n_columns (self);

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      if (self->focus_column <= 0)
        return FALSE;
      self->focus_column--;
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      if (self->focus_column + 1 >= n)
        return FALSE;
      self->focus_column++;
      break;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      self->focus_column = 0;
      break;
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      self->focus_column = MAX (n - 1, 0);
      break;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_space:
      culprit_column_chart_activate_column (self, self->focus_column);
      return TRUE;
    default:
      return FALSE;
    }
  gtk_widget_trigger_tooltip_query (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

static void
culprit_column_chart_dispose (GObject *object)
{
  CulpritColumnChart *self = (CulpritColumnChart *)object;

  culprit_column_chart_set_model (self, NULL);
  g_clear_pointer (&self->title, g_free);

  G_OBJECT_CLASS (culprit_column_chart_parent_class)->dispose (object);
}

static void
culprit_column_chart_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  CulpritColumnChart *self = CULPRIT_COLUMN_CHART (object);

  switch (prop_id)
    {
    case PROP_MODEL: g_value_set_object (value, self->model); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
culprit_column_chart_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  CulpritColumnChart *self = CULPRIT_COLUMN_CHART (object);

  switch (prop_id)
    {
    case PROP_MODEL: culprit_column_chart_set_model (self, g_value_get_object (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
culprit_column_chart_class_init (CulpritColumnChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = culprit_column_chart_dispose;
  object_class->get_property = culprit_column_chart_get_property;
  object_class->set_property = culprit_column_chart_set_property;

  widget_class->snapshot = culprit_column_chart_snapshot;
  widget_class->measure = culprit_column_chart_measure;
  widget_class->query_tooltip = culprit_column_chart_query_tooltip;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ITEM_ACTIVATED] =
    g_signal_new ("item-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, CULPRIT_TYPE_CHART_ITEM);

  gtk_widget_class_set_css_name (widget_class, "columnchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
culprit_column_chart_init (CulpritColumnChart *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *key = gtk_event_controller_key_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  self->hover = -1;
  g_signal_connect_swapped (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect_swapped (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect_swapped (click, "released", G_CALLBACK (on_click_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect_swapped (key, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);
  /* the focused week is highlighted only while the chart has the focus */
  g_signal_connect_swapped (focus, "enter", G_CALLBACK (gtk_widget_queue_draw), self);
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (gtk_widget_queue_draw), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
  update_accessible (self);
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
  return self->model;
}

void
culprit_column_chart_set_model (CulpritColumnChart *self,
                                GListModel         *model)
{
  g_return_if_fail (CULPRIT_IS_COLUMN_CHART (self));

  if (self->model == model)
    return;
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, on_items_changed, self);
  g_set_object (&self->model, model);
  if (self->model != NULL)
    g_signal_connect_object (self->model, "items-changed", G_CALLBACK (on_items_changed), self,
                             G_CONNECT_SWAPPED);
  on_items_changed (self, 0, 0, 0, model);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

void
culprit_column_chart_set_title (CulpritColumnChart *self,
                                const char         *title)
{
  g_return_if_fail (CULPRIT_IS_COLUMN_CHART (self));

  g_free (self->title);
  self->title = g_strdup (title);
  update_accessible (self);
}
