/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "culprit-chart.h"
#include "culprit-chart-item.h"

/* What the bar chart, the column chart and the health grid share: the
 * model, the item under the pointer (hover) and the one with the keyboard
 * focus, the click, motion, key and focus controllers, tooltips, the
 * accessible label and description, and ::item-activated. The subclasses
 * measure and draw, and tell through the class' vfuncs where their items
 * are; as Sysprof's SysprofChart owns the pointer and its layers only
 * draw. */

typedef struct
{
  GListModel *model;       /* CulpritChartItem, or NULL */
  char       *title;       /* the accessible label */
  int         hover;       /* item under the pointer, -1 */
  int         focus;       /* item with the keyboard focus */
} CulpritChartPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (CulpritChart, culprit_chart, GTK_TYPE_WIDGET)

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
culprit_chart_real_get_n_items (CulpritChart *self)
{
  CulpritChartPrivate *priv = culprit_chart_get_instance_private (self);

  return priv->model ? g_list_model_get_n_items (priv->model) : 0;
}

static GObject *
culprit_chart_real_dup_item (CulpritChart *self,
                             guint         index)
{
  CulpritChartPrivate *priv = culprit_chart_get_instance_private (self);

  return priv->model ? g_list_model_get_item (priv->model, index) : NULL;
}

static char *
culprit_chart_real_dup_tooltip (CulpritChart *self,
                                guint         index)
{
  g_autoptr(GObject) item = CULPRIT_CHART_GET_CLASS (self)->dup_item (self, index);

  if (!CULPRIT_IS_CHART_ITEM (item))
    return NULL;
  return g_strdup (culprit_chart_item_get_detail (CULPRIT_CHART_ITEM (item)));
}

static char *
culprit_chart_real_dup_summary (CulpritChart *self)
{
  CulpritChartPrivate *priv = culprit_chart_get_instance_private (self);
  guint n = priv->model ? g_list_model_get_n_items (priv->model) : 0;
  GString *out = g_string_new (NULL);

  if (n == 0)
    g_string_append (out, _("No data"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CulpritChartItem) item = g_list_model_get_item (priv->model, i);
      const char *value = culprit_chart_item_get_value_text (item);

      if (i > 0)
        g_string_append (out, "; ");
      g_string_append_printf (out, "%s: %s", culprit_chart_item_get_label (item),
                              value ? value : "");
    }
  return g_string_free (out, FALSE);
}

static int
culprit_chart_real_get_neighbour (CulpritChart     *self,
                                  guint             index,
                                  GtkDirectionType  direction)
{
  return -1;
}

guint
culprit_chart_get_n_items (CulpritChart *self)
{
  g_return_val_if_fail (CULPRIT_IS_CHART (self), 0);
  return CULPRIT_CHART_GET_CLASS (self)->get_n_items (self);
}

/**
 * culprit_chart_get_item_at:
 *
 * Returns: the index of the item at (@x, @y) of the widget, or -1
 */
int
culprit_chart_get_item_at (CulpritChart *self,
                           double        x,
                           double        y)
{
  CulpritChartClass *klass;

  g_return_val_if_fail (CULPRIT_IS_CHART (self), -1);

  klass = CULPRIT_CHART_GET_CLASS (self);
  return klass->get_item_at ? klass->get_item_at (self, x, y) : -1;
}

/**
 * culprit_chart_get_hover_item:
 *
 * Returns: the item under the pointer, or -1
 */
int
culprit_chart_get_hover_item (CulpritChart *self)
{
  CulpritChartPrivate *priv = culprit_chart_get_instance_private (self);

  g_return_val_if_fail (CULPRIT_IS_CHART (self), -1);
  return priv->hover;
}

/**
 * culprit_chart_get_focus_item:
 *
 * Returns: the item the arrow keys move between and Enter activates
 */
int
culprit_chart_get_focus_item (CulpritChart *self)
{
  CulpritChartPrivate *priv = culprit_chart_get_instance_private (self);

  g_return_val_if_fail (CULPRIT_IS_CHART (self), -1);
  return priv->focus;
}

void
culprit_chart_set_focus_item (CulpritChart *self,
                              guint         index)
{
  CulpritChartPrivate *priv = culprit_chart_get_instance_private (self);

  g_return_if_fail (CULPRIT_IS_CHART (self));
  g_return_if_fail (index < culprit_chart_get_n_items (self));

  if (priv->focus == (int)index)
    return;
  priv->focus = index;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * culprit_chart_is_highlighted:
 *
 * Returns: whether the item is drawn highlighted: under the pointer, or
 *   focused while the focus is shown
 */
gboolean
culprit_chart_is_highlighted (CulpritChart *self,
                              guint         index)
{
  CulpritChartPrivate *priv = culprit_chart_get_instance_private (self);

  g_return_val_if_fail (CULPRIT_IS_CHART (self), FALSE);
  return priv->hover == (int)index ||
         (priv->focus == (int)index && gtk_widget_has_visible_focus (GTK_WIDGET (self)));
}

/**
 * culprit_chart_dup_tooltip:
 *
 * Returns: (transfer full) (nullable): the markup of the item's tooltip
 */
char *
culprit_chart_dup_tooltip (CulpritChart *self,
                           guint         index)
{
  g_return_val_if_fail (CULPRIT_IS_CHART (self), NULL);

  if (index >= culprit_chart_get_n_items (self))
    return NULL;
  return CULPRIT_CHART_GET_CLASS (self)->dup_tooltip (self, index);
}

/**
 * culprit_chart_dup_summary:
 *
 * Returns: (transfer full): the chart's numbers as a sentence, for screen
 *   readers: its accessible description
 */
char *
culprit_chart_dup_summary (CulpritChart *self)
{
  g_return_val_if_fail (CULPRIT_IS_CHART (self), NULL);
  return CULPRIT_CHART_GET_CLASS (self)->dup_summary (self);
}

/**
 * culprit_chart_get_colors:
 * @fg: (out): the text colour
 * @dim: (out): the colour of secondary text
 * @hover: (out): the background of a highlighted item
 */
void
culprit_chart_get_colors (CulpritChart *self,
                          GdkRGBA      *fg,
                          GdkRGBA      *dim,
                          GdkRGBA      *hover)
{
  GtkStyleContext *context;

  g_return_if_fail (CULPRIT_IS_CHART (self));

  context = gtk_widget_get_style_context (GTK_WIDGET (self));
  gtk_style_context_get_color (context, fg);
  *dim = *fg;
  dim->alpha *= 0.55f;
  *hover = *fg;
  hover->alpha *= 0.07f;
}

/**
 * culprit_chart_append_text:
 * @y: where the text's middle goes
 * @width: the width to ellipsize the text in, or -1
 * @xalign: with @width, 0 to start the text at @x, 0.5 to centre it in
 *   @width; without, which point of the text @x is (0.5 its middle, 1 its
 *   end)
 *
 * Draws a line of text in the widget's font.
 */
void
culprit_chart_append_text (CulpritChart  *self,
                           GtkSnapshot   *snapshot,
                           const char    *text,
                           const GdkRGBA *color,
                           double         x,
                           double         y,
                           int            width,
                           double         xalign)
{
  g_autoptr(PangoLayout) layout = NULL;
  int w, h;

  g_return_if_fail (CULPRIT_IS_CHART (self));

  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  if (width > 0)
    {
      pango_layout_set_width (layout, width * PANGO_SCALE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      if (xalign == 0.5)
        pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
    }
  pango_layout_get_pixel_size (layout, &w, &h);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (width > 0 ? x : x - w * xalign,
                                                          y - h / 2.0));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
update_accessible (CulpritChart *self)
{
  CulpritChartPrivate *priv = culprit_chart_get_instance_private (self);
  g_autofree char *summary = culprit_chart_dup_summary (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, priv->title ? priv->title : "",
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary,
                                  -1);
}

static void
set_hover (CulpritChart *self,
           int           index)
{
  CulpritChartPrivate *priv = culprit_chart_get_instance_private (self);
  g_autoptr(GObject) item = NULL;

  if (index == priv->hover)
    return;
  priv->hover = index;
  if (index >= 0)
    item = CULPRIT_CHART_GET_CLASS (self)->dup_item (self, index);
  /* the hand only over what a click opens */
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), item ? "pointer" : NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * culprit_chart_items_changed:
 *
 * For a subclass whose items changed otherwise than in the model: forgets
 * the hover, keeps the focus on an item, updates the accessible
 * description and queues a resize.
 */
void
culprit_chart_items_changed (CulpritChart *self)
{
  CulpritChartPrivate *priv = culprit_chart_get_instance_private (self);
  int n;

  g_return_if_fail (CULPRIT_IS_CHART (self));

  n = culprit_chart_get_n_items (self);
  set_hover (self, -1);
  priv->focus = CLAMP (priv->focus, 0, MAX (n - 1, 0));
  update_accessible (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
on_items_changed (CulpritChart *self,
                  guint         position,
                  guint         removed,
                  guint         added,
                  GListModel   *model)
{
  culprit_chart_items_changed (self);
}

/**
 * culprit_chart_activate_item:
 *
 * Focuses the item and emits ::item-activated for it, as a click or Enter
 * on it does; nothing when @index is no item or one that cannot be
 * activated.
 */
void
culprit_chart_activate_item (CulpritChart *self,
                             int           index)
{
  CulpritChartPrivate *priv = culprit_chart_get_instance_private (self);
  g_autoptr(GObject) item = NULL;

  g_return_if_fail (CULPRIT_IS_CHART (self));

  if (index < 0 || index >= (int)culprit_chart_get_n_items (self))
    return;
  priv->focus = index;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  item = CULPRIT_CHART_GET_CLASS (self)->dup_item (self, index);
  if (item != NULL)
    g_signal_emit (self, signals[ITEM_ACTIVATED], 0, item);
}

static void
context_menu (CulpritChart *self,
              int           index)
{
  CulpritChartClass *klass = CULPRIT_CHART_GET_CLASS (self);

  if (klass->context_menu != NULL && index >= 0 && index < (int)culprit_chart_get_n_items (self))
    klass->context_menu (self, index);
}

static void
on_pressed (CulpritChart    *self,
            int              n_press,
            double           x,
            double           y,
            GtkGestureClick *gesture)
{
  if (gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture)) == GDK_BUTTON_SECONDARY)
    context_menu (self, culprit_chart_get_item_at (self, x, y));
}

static void
on_released (CulpritChart    *self,
             int              n_press,
             double           x,
             double           y,
             GtkGestureClick *gesture)
{
  if (gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture)) == GDK_BUTTON_PRIMARY)
    culprit_chart_activate_item (self, culprit_chart_get_item_at (self, x, y));
}

static void
on_motion (CulpritChart             *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *motion)
{
  set_hover (self, culprit_chart_get_item_at (self, x, y));
}

static void
on_leave (CulpritChart             *self,
          GtkEventControllerMotion *motion)
{
  set_hover (self, -1);
}

static void
scroll_adjustment (GtkAdjustment *adjustment,
                   double         start,
                   double         length)
{
  double value = gtk_adjustment_get_value (adjustment);
  double page = gtk_adjustment_get_page_size (adjustment);

  if (start < value)
    gtk_adjustment_set_value (adjustment, start);
  else if (start + length > value + page)
    gtk_adjustment_set_value (adjustment, MIN (start, start + length - page));
}

/* Scrolls the viewports the chart is in so that the item is in view, as
 * the keyboard moves the focus to it (a viewport's scroll-to-focus sees
 * only the chart). */
static void
scroll_to_item (CulpritChart *self,
                guint         index)
{
  CulpritChartClass *klass = CULPRIT_CHART_GET_CLASS (self);
  GdkRectangle area;

  if (klass->get_item_area == NULL)
    return;
  klass->get_item_area (self, index, &area);
  for (GtkWidget *widget = gtk_widget_get_parent (GTK_WIDGET (self));
       widget != NULL;
       widget = gtk_widget_get_parent (widget))
    {
      GtkScrollable *scrollable;
      GtkWidget *content;
      graphene_point_t point;

      if (!GTK_IS_VIEWPORT (widget))
        continue;
      content = gtk_viewport_get_child (GTK_VIEWPORT (widget));
      if (content == NULL ||
          !gtk_widget_compute_point (GTK_WIDGET (self), content,
                                     &GRAPHENE_POINT_INIT (area.x, area.y), &point))
        continue;
      scrollable = GTK_SCROLLABLE (widget);
      scroll_adjustment (gtk_scrollable_get_hadjustment (scrollable), point.x, area.width);
      scroll_adjustment (gtk_scrollable_get_vadjustment (scrollable), point.y, area.height);
    }
}

/* The arrow keys move the focus between the items as the subclass lays
 * them out, Home and End to the first and the last, Enter or Space
 * activates the focused one, the Menu key opens its menu. */
static gboolean
on_key_pressed (CulpritChart          *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *key)
{
  CulpritChartPrivate *priv = culprit_chart_get_instance_private (self);
  CulpritChartClass *klass = CULPRIT_CHART_GET_CLASS (self);
  int n = culprit_chart_get_n_items (self);
  GtkDirectionType direction;
  int target;

  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      direction = GTK_DIR_UP;
      break;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      direction = GTK_DIR_DOWN;
      break;
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      direction = GTK_DIR_LEFT;
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      direction = GTK_DIR_RIGHT;
      break;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      direction = GTK_DIR_TAB_BACKWARD;
      break;
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      direction = GTK_DIR_TAB_FORWARD;
      break;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_space:
      culprit_chart_activate_item (self, priv->focus);
      return TRUE;
    case GDK_KEY_Menu:
      context_menu (self, priv->focus);
      return TRUE;
    default:
      return FALSE;
    }

  if (n == 0)
    return FALSE;
  if (direction == GTK_DIR_TAB_BACKWARD)
    target = 0;
  else if (direction == GTK_DIR_TAB_FORWARD)
    target = n - 1;
  else
    target = klass->get_neighbour (self, CLAMP (priv->focus, 0, n - 1), direction);
  if (target < 0 || target >= n)
    return FALSE;

  priv->focus = target;
  scroll_to_item (self, target);
  gtk_widget_trigger_tooltip_query (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

static gboolean
culprit_chart_query_tooltip (GtkWidget  *widget,
                             int         x,
                             int         y,
                             gboolean    keyboard_mode,
                             GtkTooltip *tooltip)
{
  CulpritChart *self = CULPRIT_CHART (widget);
  CulpritChartPrivate *priv = culprit_chart_get_instance_private (self);
  CulpritChartClass *klass = CULPRIT_CHART_GET_CLASS (self);
  int index = keyboard_mode ? priv->focus : culprit_chart_get_item_at (self, x, y);
  g_autofree char *markup = NULL;
  GdkRectangle area;

  if (index < 0 || (markup = culprit_chart_dup_tooltip (self, index)) == NULL)
    return FALSE;
  gtk_tooltip_set_markup (tooltip, markup);
  if (klass->get_item_area != NULL)
    {
      klass->get_item_area (self, index, &area);
      gtk_tooltip_set_tip_area (tooltip, &area);
    }
  return TRUE;
}

static void
culprit_chart_dispose (GObject *object)
{
  CulpritChart *self = (CulpritChart *)object;
  CulpritChartPrivate *priv = culprit_chart_get_instance_private (self);

  if (priv->model != NULL)
    g_signal_handlers_disconnect_by_func (priv->model, on_items_changed, self);
  g_clear_object (&priv->model);

  G_OBJECT_CLASS (culprit_chart_parent_class)->dispose (object);
}

static void
culprit_chart_finalize (GObject *object)
{
  CulpritChart *self = (CulpritChart *)object;
  CulpritChartPrivate *priv = culprit_chart_get_instance_private (self);

  g_clear_pointer (&priv->title, g_free);

  G_OBJECT_CLASS (culprit_chart_parent_class)->finalize (object);
}

static void
culprit_chart_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CulpritChart *self = CULPRIT_CHART (object);

  switch (prop_id)
    {
    case PROP_MODEL: g_value_set_object (value, culprit_chart_get_model (self)); break;
    case PROP_TITLE: g_value_set_string (value, culprit_chart_get_title (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
culprit_chart_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  CulpritChart *self = CULPRIT_CHART (object);

  switch (prop_id)
    {
    case PROP_MODEL: culprit_chart_set_model (self, g_value_get_object (value)); break;
    case PROP_TITLE: culprit_chart_set_title (self, g_value_get_string (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
culprit_chart_class_init (CulpritChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = culprit_chart_dispose;
  object_class->finalize = culprit_chart_finalize;
  object_class->get_property = culprit_chart_get_property;
  object_class->set_property = culprit_chart_set_property;

  widget_class->query_tooltip = culprit_chart_query_tooltip;

  klass->get_n_items = culprit_chart_real_get_n_items;
  klass->get_neighbour = culprit_chart_real_get_neighbour;
  klass->dup_item = culprit_chart_real_dup_item;
  klass->dup_tooltip = culprit_chart_real_dup_tooltip;
  klass->dup_summary = culprit_chart_real_dup_summary;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CulpritChart::item-activated:
   * @item: what the item shows: the CulpritChartItem of a bar or a column,
   *   the CulpritBuild of a cell of the health grid
   *
   * A click on an item, or Enter or Space on the focused one.
   */
  signals[ITEM_ACTIVATED] =
    g_signal_new ("item-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  G_STRUCT_OFFSET (CulpritChartClass, item_activated), NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_OBJECT);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
culprit_chart_init (CulpritChart *self)
{
  CulpritChartPrivate *priv = culprit_chart_get_instance_private (self);
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *key = gtk_event_controller_key_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  priv->hover = -1;

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
  g_signal_connect_swapped (click, "pressed", G_CALLBACK (on_pressed), self);
  g_signal_connect_swapped (click, "released", G_CALLBACK (on_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect_swapped (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect_swapped (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect_swapped (key, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);
  /* the focused item is highlighted only while the chart has the focus */
  g_signal_connect_swapped (focus, "enter", G_CALLBACK (gtk_widget_queue_draw), self);
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (gtk_widget_queue_draw), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);

  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
  update_accessible (self);
}

/**
 * culprit_chart_get_model:
 *
 * Returns: (transfer none) (nullable): the items drawn, CulpritChartItem
 */
GListModel *
culprit_chart_get_model (CulpritChart *self)
{
  CulpritChartPrivate *priv = culprit_chart_get_instance_private (self);

  g_return_val_if_fail (CULPRIT_IS_CHART (self), NULL);
  return priv->model;
}

void
culprit_chart_set_model (CulpritChart *self,
                         GListModel   *model)
{
  CulpritChartPrivate *priv = culprit_chart_get_instance_private (self);

  g_return_if_fail (CULPRIT_IS_CHART (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (priv->model == model)
    return;
  if (priv->model != NULL)
    g_signal_handlers_disconnect_by_func (priv->model, on_items_changed, self);
  g_set_object (&priv->model, model);
  if (priv->model != NULL)
    g_signal_connect_object (priv->model, "items-changed", G_CALLBACK (on_items_changed), self,
                             G_CONNECT_SWAPPED);
  priv->focus = 0;
  culprit_chart_items_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

/**
 * culprit_chart_get_title:
 *
 * Returns: (nullable): what the chart shows, its accessible label
 */
const char *
culprit_chart_get_title (CulpritChart *self)
{
  CulpritChartPrivate *priv = culprit_chart_get_instance_private (self);

  g_return_val_if_fail (CULPRIT_IS_CHART (self), NULL);
  return priv->title;
}

void
culprit_chart_set_title (CulpritChart *self,
                         const char   *title)
{
  CulpritChartPrivate *priv = culprit_chart_get_instance_private (self);

  g_return_if_fail (CULPRIT_IS_CHART (self));

  if (g_strcmp0 (priv->title, title) == 0)
    return;
  g_free (priv->title);
  priv->title = g_strdup (title);
  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}
