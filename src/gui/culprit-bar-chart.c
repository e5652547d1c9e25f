/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-bar-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "culprit-bar-chart.h"
#include "culprit-chart-item.h"

/* Horizontal bars, one row per CulpritChartItem of the model: the label on
 * the left, the bar's stacked segments, its value text after the bar.
 * Bars are drawn with gtk_snapshot_append_color() in a rounded clip; a
 * tooltip gives the item's exact numbers; clicking a row (or Enter on
 * the focused one) emits ::item-activated. */

#define ROW_HEIGHT   34
#define BAR_HEIGHT   20
#define GAP          12
#define MIN_BAR      2

struct _CulpritBarChart
{
  GtkWidget   parent_instance;

  GListModel *model;
  char       *title;
  char       *placeholder; /* drawn when there is no row */
  int         hover;       /* row under the pointer, -1 */
  int         focus_row;
};

G_DEFINE_FINAL_TYPE (CulpritBarChart, culprit_bar_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODEL,
  PROP_TITLE,
  N_PROPS
};

enum {
  ITEM_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static guint
n_rows (CulpritBarChart *self)
{
  return self->model ? g_list_model_get_n_items (self->model) : 0;
}

static guint
max_total (CulpritBarChart *self)
{
  guint max = 0;

  for (guint i = 0; i < n_rows (self); i++)
    {
      g_autoptr(CulpritChartItem) item = g_list_model_get_item (self->model, i);
      max = MAX (max, culprit_chart_item_get_total (item));
    }
  return max;
}

/**
 * culprit_bar_chart_dup_summary:
 *
 * Returns: (transfer full): the chart's numbers as a sentence, for
 *   screen readers
 */
char *
culprit_bar_chart_dup_summary (CulpritBarChart *self)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (CULPRIT_IS_BAR_CHART (self), NULL);

  if (n_rows (self) == 0)
    g_string_append (out, _("No data"));
  for (guint i = 0; i < n_rows (self); i++)
    {
      g_autoptr(CulpritChartItem) item = g_list_model_get_item (self->model, i);
      const char *value = culprit_chart_item_get_value_text (item);

      if (i > 0)
        g_string_append (out, "; ");
      g_string_append_printf (out, "%s: %s", culprit_chart_item_get_label (item),
                              value ? value : "");
    }
  return g_string_free (out, FALSE);
}

static void
update_accessible (CulpritBarChart *self)
{
  g_autofree char *summary = culprit_bar_chart_dup_summary (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->title ? self->title : "",
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary,
                                  -1);
}

static void
on_items_changed (CulpritBarChart *self,
                  guint            position,
                  guint            removed,
                  guint            added,
                  GListModel      *model)
{
  self->hover = -1;
  self->focus_row = MIN (self->focus_row, (int)n_rows (self) - 1);
  update_accessible (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

int
culprit_bar_chart_get_row_at (CulpritBarChart *self,
                              double           x,
                              double           y)
{
  int row;

  g_return_val_if_fail (CULPRIT_IS_BAR_CHART (self), -1);

  if (y < 0 || x < 0 || x > gtk_widget_get_width (GTK_WIDGET (self)))
    return -1;
  row = (int)(y / ROW_HEIGHT);
  return row < (int)n_rows (self) ? row : -1;
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
      g_autoptr(CulpritChartItem) item = g_list_model_get_item (self->model, i);
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
      g_autoptr(CulpritChartItem) item = g_list_model_get_item (self->model, i);
      const char *text = culprit_chart_item_get_value_text (item);
      g_autoptr(PangoLayout) layout = make_layout (self, text ? text : "", -1);
      int w;

      pango_layout_get_pixel_size (layout, &w, NULL);
      max = MAX (max, w);
    }
  return max;
}

static void
get_fg_color (CulpritBarChart *self,
              GdkRGBA         *color)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

  gtk_style_context_get_color (context, color);
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

  get_fg_color (self, &fg);
  dim = fg;
  dim.alpha *= 0.55f;
  hover = fg;
  hover.alpha *= 0.07f;

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
      g_autoptr(CulpritChartItem) item = g_list_model_get_item (self->model, i);
      g_autoptr(PangoLayout) label = make_layout (self, culprit_chart_item_get_label (item), label_w);
      const char *value_text = culprit_chart_item_get_value_text (item);
      g_autoptr(PangoLayout) value = make_layout (self, value_text ? value_text : "", -1);
      int y = i * ROW_HEIGHT;
      int text_h, length, x;
      GskRoundedRect bar;

      if ((int)i == self->hover || ((int)i == self->focus_row && gtk_widget_has_visible_focus (widget)))
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

static gboolean
culprit_bar_chart_query_tooltip (GtkWidget  *widget,
                                 int         x,
                                 int         y,
                                 gboolean    keyboard_mode,
                                 GtkTooltip *tooltip)
{
  CulpritBarChart *self = CULPRIT_BAR_CHART (widget);
  g_autoptr(CulpritChartItem) item = NULL;
  int row = keyboard_mode ? self->focus_row : culprit_bar_chart_get_row_at (self, x, y);

  if (row < 0 || row >= (int)n_rows (self))
    return FALSE;
  item = g_list_model_get_item (self->model, row);
  if (culprit_chart_item_get_detail (item) == NULL)
    return FALSE;
  gtk_tooltip_set_markup (tooltip, culprit_chart_item_get_detail (item));
  gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { 0, row * ROW_HEIGHT,
                                                       gtk_widget_get_width (widget), ROW_HEIGHT });
  return TRUE;
}

static void
activate_row (CulpritBarChart *self,
              int              row)
{
  g_autoptr(CulpritChartItem) item = NULL;

  if (row < 0 || row >= (int)n_rows (self))
    return;
  item = g_list_model_get_item (self->model, row);
  g_signal_emit (self, signals[ITEM_ACTIVATED], 0, item);
}

static void
on_click_released (CulpritBarChart *self,
                   int              n_press,
                   double           x,
                   double           y,
                   GtkGestureClick *gesture)
{
  int row = culprit_bar_chart_get_row_at (self, x, y);

  if (row >= 0)
    {
      self->focus_row = row;
      activate_row (self, row);
    }
}

static void
set_hover (CulpritBarChart *self,
           int              row)
{
  if (row == self->hover)
    return;
  self->hover = row;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), row >= 0 ? "pointer" : NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_motion (CulpritBarChart          *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *motion)
{
  set_hover (self, culprit_bar_chart_get_row_at (self, x, y));
}

static void
on_leave (CulpritBarChart          *self,
          GtkEventControllerMotion *motion)
{
  set_hover (self, -1);
}

static gboolean
on_key_pressed (CulpritBarChart       *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *key)
{
  int n = n_rows (self);

  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      if (self->focus_row <= 0)
        return FALSE;
      self->focus_row--;
      break;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      if (self->focus_row + 1 >= n)
        return FALSE;
      self->focus_row++;
      break;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_space:
      activate_row (self, self->focus_row);
      return TRUE;
    default:
      return FALSE;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

static void
culprit_bar_chart_dispose (GObject *object)
{
  CulpritBarChart *self = (CulpritBarChart *)object;

  culprit_bar_chart_set_model (self, NULL);

  G_OBJECT_CLASS (culprit_bar_chart_parent_class)->dispose (object);
}

static void
culprit_bar_chart_finalize (GObject *object)
{
  CulpritBarChart *self = (CulpritBarChart *)object;

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->placeholder, g_free);

  G_OBJECT_CLASS (culprit_bar_chart_parent_class)->finalize (object);
}

static void
culprit_bar_chart_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CulpritBarChart *self = CULPRIT_BAR_CHART (object);

  switch (prop_id)
    {
    case PROP_MODEL: g_value_set_object (value, self->model); break;
    case PROP_TITLE: g_value_set_string (value, self->title); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
culprit_bar_chart_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CulpritBarChart *self = CULPRIT_BAR_CHART (object);

  switch (prop_id)
    {
    case PROP_MODEL: culprit_bar_chart_set_model (self, g_value_get_object (value)); break;
    case PROP_TITLE: culprit_bar_chart_set_title (self, g_value_get_string (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
culprit_bar_chart_class_init (CulpritBarChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = culprit_bar_chart_dispose;
  object_class->finalize = culprit_bar_chart_finalize;
  object_class->get_property = culprit_bar_chart_get_property;
  object_class->set_property = culprit_bar_chart_set_property;

  widget_class->snapshot = culprit_bar_chart_snapshot;
  widget_class->measure = culprit_bar_chart_measure;
  widget_class->query_tooltip = culprit_bar_chart_query_tooltip;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CulpritBarChart::item-activated:
   * @item: the CulpritChartItem of the row
   */
  signals[ITEM_ACTIVATED] =
    g_signal_new ("item-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, CULPRIT_TYPE_CHART_ITEM);

  gtk_widget_class_set_css_name (widget_class, "barchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
culprit_bar_chart_init (CulpritBarChart *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *key = gtk_event_controller_key_new ();

  self->hover = -1;

  g_signal_connect_swapped (click, "released", G_CALLBACK (on_click_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect_swapped (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect_swapped (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect_swapped (key, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);

  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
  update_accessible (self);
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
  return self->model;
}

void
culprit_bar_chart_set_model (CulpritBarChart *self,
                             GListModel      *model)
{
  g_return_if_fail (CULPRIT_IS_BAR_CHART (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (self->model == model)
    return;
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, on_items_changed, self);
  g_set_object (&self->model, model);
  if (self->model != NULL)
    g_signal_connect_object (self->model, "items-changed", G_CALLBACK (on_items_changed), self,
                             G_CONNECT_SWAPPED);
  self->focus_row = 0;
  on_items_changed (self, 0, 0, 0, model);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

const char *
culprit_bar_chart_get_title (CulpritBarChart *self)
{
  g_return_val_if_fail (CULPRIT_IS_BAR_CHART (self), NULL);
  return self->title;
}

void
culprit_bar_chart_set_title (CulpritBarChart *self,
                             const char      *title)
{
  g_return_if_fail (CULPRIT_IS_BAR_CHART (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title);
  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
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
