/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-log-view"

#include "config.h"

#include <stdlib.h>

#include <glib/gi18n.h>

#include "culprit-log-line.h"
#include "culprit-log-model.h"
#include "culprit-log-view.h"

/* A log viewer: a GtkListView over a CulpritLogModel, so only the rows on
 * screen exist; F3 and Shift+F3 go from match to match, Ctrl+F searches
 * (in a thread), Ctrl+C copies the selected lines, and "Create Pattern"
 * hands the selected line to whoever listens to ::create-pattern. */

struct _CulpritLogView
{
  GtkWidget          parent_instance;

  /* template widgets */
  GtkSearchBar      *search_bar;
  GtkSearchEntry    *search_entry;
  GtkLabel          *search_label;
  GtkScrolledWindow *scroller;
  GtkListView       *list_view;
  GtkWidget         *status_bar;
  GtkLabel          *status_label;
  GtkWidget         *create_pattern;   /* AdwSqueezer: the button, or its icon */
  GMenuModel        *context_menu;

  /* owned references */
  CulpritLogModel   *model;
  GtkMultiSelection *selection;
  GtkWidget         *popover;
  GCancellable      *search_cancellable;
  GArray            *results;        /* guint lines with the search text */
  guint              current_line;   /* 1-based; 0 before any navigation */

  /* a scroll waiting for the list to be laid out with its model */
  guint              scroll_tick;
  gint64             scroll_frame;   /* first frame seen mapped; -1 before */
};

G_DEFINE_FINAL_TYPE (CulpritLogView, culprit_log_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODEL,
  N_PROPS
};

enum {
  CREATE_PATTERN,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static char *
format_line_number (gpointer unused,
                    guint    number)
{
  return g_strdup_printf ("%u", number);
}

static GStrv
row_css_classes (gpointer unused,
                 gboolean highlighted)
{
  const char *classes[] = { "log-row", highlighted ? "match" : NULL, NULL };

  return g_strdupv ((char **)classes);
}

static void
update_status (CulpritLogView *self)
{
  g_autofree char *text = NULL;
  guint n, matched;

  if (self->model == NULL)
    {
      gtk_label_set_label (self->status_label, "");
      return;
    }
  n = culprit_log_model_get_n_lines (self->model);
  matched = culprit_log_model_get_n_highlighted (self->model);
  if (self->current_line > 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Line %'u of %'u · %'u matched line",
                                         "Line %'u of %'u · %'u matched lines", matched),
                            self->current_line, n, matched);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u lines · %'u matched line",
                                         "%'u lines · %'u matched lines", matched),
                            n, matched);
  gtk_label_set_label (self->status_label, text);
}

/* Centres the current line by moving the scrollbar, as a user would.
 *
 * GTK 4.8's "list.scroll-to-item" on a list not yet laid out for its new
 * model anchors it so that only the first row is drawn until the user
 * scrolls. So the scroll waits for a frame in which the list has been laid
 * out with the model; the rows are all one line high, so the line's
 * position is its index times the row height. */
static gboolean
scroll_when_laid_out (GtkWidget     *widget,
                      GdkFrameClock *frame_clock,
                      gpointer       user_data)
{
  CulpritLogView *self = CULPRIT_LOG_VIEW (widget);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  gint64 frame = gdk_frame_clock_get_frame_counter (frame_clock);
  double upper, page, row, value;
  guint n_lines;

  if (self->model == NULL || self->current_line == 0)
    {
      self->scroll_tick = 0;
      return G_SOURCE_REMOVE;
    }
  /* this tick comes before the frame's layout: wait for the next one */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self->list_view)))
    {
      self->scroll_frame = -1;
      return G_SOURCE_CONTINUE;
    }
  if (self->scroll_frame < 0)
    self->scroll_frame = frame;
  n_lines = culprit_log_model_get_n_lines (self->model);
  upper = gtk_adjustment_get_upper (adjustment);
  page = gtk_adjustment_get_page_size (adjustment);
  if (frame <= self->scroll_frame || n_lines == 0 || page <= 0 || upper <= 0)
    return G_SOURCE_CONTINUE;

  row = upper / n_lines;
  value = (self->current_line - 1) * row + row / 2 - page / 2;
  gtk_adjustment_set_value (adjustment, CLAMP (value, 0, MAX (upper - page, 0)));
  self->scroll_tick = 0;
  return G_SOURCE_REMOVE;
}

static void
queue_scroll (CulpritLogView *self)
{
  if (self->scroll_tick != 0)
    return;
  self->scroll_frame = -1;
  self->scroll_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_when_laid_out, NULL, NULL);
}

/**
 * culprit_log_view_scroll_to_line:
 * @line: 1-based
 *
 * Selects @line and scrolls it to the middle of the view.
 */
void
culprit_log_view_scroll_to_line (CulpritLogView *self,
                                 guint           line)
{
  g_return_if_fail (CULPRIT_IS_LOG_VIEW (self));

  if (self->model == NULL || line < 1 || line > culprit_log_model_get_n_lines (self->model))
    return;

  self->current_line = line;
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), line - 1, TRUE);
  queue_scroll (self);
  update_status (self);
}

guint
culprit_log_view_get_current_line (CulpritLogView *self)
{
  g_return_val_if_fail (CULPRIT_IS_LOG_VIEW (self), 0);
  return self->current_line;
}

/* The first selected line, else the current one. */
static guint
selected_line (CulpritLogView *self)
{
  g_autoptr(GtkBitset) selected = NULL;

  if (self->model == NULL)
    return 0;
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (!gtk_bitset_is_empty (selected))
    return gtk_bitset_get_minimum (selected) + 1;
  return self->current_line;
}

static void
go_to_match (CulpritLogView *self,
             gboolean        forward)
{
  guint n, from, target = 0;

  if (self->model == NULL || (n = culprit_log_model_get_n_highlighted (self->model)) == 0)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  from = selected_line (self);
  if (forward)
    {
      target = culprit_log_model_get_highlighted_line (self->model, 0);
      for (guint i = 0; i < n; i++)
        if (culprit_log_model_get_highlighted_line (self->model, i) > from)
          {
            target = culprit_log_model_get_highlighted_line (self->model, i);
            break;
          }
    }
  else
    {
      target = culprit_log_model_get_highlighted_line (self->model, n - 1);
      for (guint i = n; i > 0; i--)
        if (culprit_log_model_get_highlighted_line (self->model, i - 1) < from || from == 0)
          {
            target = culprit_log_model_get_highlighted_line (self->model, i - 1);
            break;
          }
    }
  culprit_log_view_scroll_to_line (self, target);
}

static void
next_match_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  go_to_match (CULPRIT_LOG_VIEW (widget), TRUE);
}

static void
previous_match_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  go_to_match (CULPRIT_LOG_VIEW (widget), FALSE);
}

/* Search */

static void
update_search_label (CulpritLogView *self)
{
  g_autofree char *text = NULL;
  guint index = 0;

  if (self->results == NULL)
    {
      gtk_label_set_label (self->search_label, "");
      return;
    }
  if (self->results->len == 0)
    {
      gtk_label_set_label (self->search_label, _("Not found"));
      return;
    }
  for (guint i = 0; i < self->results->len; i++)
    if (g_array_index (self->results, guint, i) <= self->current_line)
      index = i + 1;
  text = g_strdup_printf (_("%u of %u"), MAX (index, 1), self->results->len);
  gtk_label_set_label (self->search_label, text);
}

static void
go_to_result (CulpritLogView *self,
              gboolean        forward)
{
  guint from = self->current_line;
  guint target;

  if (self->results == NULL || self->results->len == 0)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  if (forward)
    {
      target = g_array_index (self->results, guint, 0);
      for (guint i = 0; i < self->results->len; i++)
        if (g_array_index (self->results, guint, i) > from)
          {
            target = g_array_index (self->results, guint, i);
            break;
          }
    }
  else
    {
      target = g_array_index (self->results, guint, self->results->len - 1);
      for (guint i = self->results->len; i > 0; i--)
        if (g_array_index (self->results, guint, i - 1) < from)
          {
            target = g_array_index (self->results, guint, i - 1);
            break;
          }
    }
  culprit_log_view_scroll_to_line (self, target);
  update_search_label (self);
}

static void
on_found (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(CulpritLogView) self = user_data;
  g_autoptr(GError) error = NULL;
  GArray *found;

  found = culprit_log_model_find_finish (CULPRIT_LOG_MODEL (object), result, &error);
  if (found == NULL)
    return;
  g_clear_pointer (&self->results, g_array_unref);
  self->results = found;
  /* the first result at or after where the reader is */
  if (self->current_line > 0)
    self->current_line--;
  go_to_result (self, TRUE);
}

static void
on_search_changed (CulpritLogView *self,
                   GtkSearchEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_pointer (&self->results, g_array_unref);

  if (self->model == NULL)
    return;
  culprit_log_model_set_search_text (self->model, text);
  if (text[0] == '\0')
    {
      update_search_label (self);
      return;
    }
  self->search_cancellable = g_cancellable_new ();
  culprit_log_model_find_async (self->model, text, self->search_cancellable, on_found,
                                g_object_ref (self));
}

static void
on_search_activate (CulpritLogView *self)
{
  go_to_result (self, TRUE);
}

static void
on_search_next (CulpritLogView *self)
{
  go_to_result (self, TRUE);
}

static void
on_search_previous (CulpritLogView *self)
{
  go_to_result (self, FALSE);
}

static void
on_stop_search (CulpritLogView *self)
{
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
next_result_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  go_to_result (CULPRIT_LOG_VIEW (widget), TRUE);
}

static void
previous_result_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  go_to_result (CULPRIT_LOG_VIEW (widget), FALSE);
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  CulpritLogView *self = CULPRIT_LOG_VIEW (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* Copy and create a pattern */

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  CulpritLogView *self = CULPRIT_LOG_VIEW (widget);
  g_autoptr(GtkBitset) selected = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  GtkBitsetIter iter;
  guint position;

  if (self->model == NULL)
    return;
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position);
       ok && text->len < 64 * 1024 * 1024;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      g_autofree char *line = culprit_log_model_dup_display_text (self->model, position + 1);

      g_string_append (text, line);
      g_string_append_c (text, '\n');
    }
  if (text->len > 0)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text->str);
}

static void
create_pattern_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  CulpritLogView *self = CULPRIT_LOG_VIEW (widget);
  guint line = selected_line (self);
  g_autofree char *text = NULL;
  const char *raw;
  gsize len;

  if (line == 0)
    {
      gtk_widget_error_bell (widget);
      return;
    }
  raw = culprit_log_model_get_line (self->model, line, &len);
  text = g_strndup (raw, len);
  g_signal_emit (self, signals[CREATE_PATTERN], 0, text, line);
}

static void
on_selection_changed (CulpritLogView *self)
{
  guint line = selected_line (self);

  if (line > 0)
    self->current_line = line;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "log.create-pattern", line > 0);
  update_status (self);
}

/* The row under the pointer, from the line-number label of its box. */
static guint
line_at (CulpritLogView *self,
         double          x,
         double          y)
{
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (self->list_view), x, y, GTK_PICK_DEFAULT);

  for (; picked != NULL && picked != GTK_WIDGET (self->list_view);
       picked = gtk_widget_get_parent (picked))
    if (gtk_widget_has_css_class (picked, "log-row"))
      {
        GtkWidget *number = gtk_widget_get_first_child (picked);

        return GTK_IS_LABEL (number) ? (guint)atoi (gtk_label_get_label (GTK_LABEL (number))) : 0;
      }
  return 0;
}

static void
on_context_click (CulpritLogView  *self,
                  int              n_press,
                  double           x,
                  double           y,
                  GtkGestureClick *gesture)
{
  guint line = line_at (self, x, y);
  graphene_point_t point;

  if (line == 0)
    return;
  if (!gtk_selection_model_is_selected (GTK_SELECTION_MODEL (self->selection), line - 1))
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), line - 1, TRUE);
  self->current_line = line;

  if (!gtk_widget_compute_point (GTK_WIDGET (self->list_view), GTK_WIDGET (self),
                                 &GRAPHENE_POINT_INIT (x, y), &point))
    point = GRAPHENE_POINT_INIT (x, y);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover),
                               &(GdkRectangle) { point.x, point.y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->popover));
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
culprit_log_view_dispose (GObject *object)
{
  CulpritLogView *self = (CulpritLogView *)object;
  GtkWidget *child;

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  if (self->scroll_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_tick);
  self->scroll_tick = 0;
  g_clear_pointer (&self->popover, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), CULPRIT_TYPE_LOG_VIEW);
  /* the template's root has no id, so it is unparented here */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_pointer (&self->results, g_array_unref);

  G_OBJECT_CLASS (culprit_log_view_parent_class)->dispose (object);
}

static void
culprit_log_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CulpritLogView *self = CULPRIT_LOG_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL: g_value_set_object (value, self->model); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
culprit_log_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CulpritLogView *self = CULPRIT_LOG_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL: culprit_log_view_set_model (self, g_value_get_object (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
culprit_log_view_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  CulpritLogView *self = CULPRIT_LOG_VIEW (widget);

  GTK_WIDGET_CLASS (culprit_log_view_parent_class)->size_allocate (widget, width, height, baseline);
  if (self->popover != NULL)
    gtk_popover_present (GTK_POPOVER (self->popover));

}

static void
culprit_log_view_class_init (CulpritLogViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = culprit_log_view_dispose;
  object_class->get_property = culprit_log_view_get_property;
  object_class->set_property = culprit_log_view_set_property;
  widget_class->size_allocate = culprit_log_view_size_allocate;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, CULPRIT_TYPE_LOG_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CulpritLogView::create-pattern:
   * @line: the raw text of the line
   * @number: its number
   */
  signals[CREATE_PATTERN] =
    g_signal_new ("create-pattern", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_UINT);

  g_type_ensure (CULPRIT_TYPE_LOG_LINE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/culprit/Culprit/culprit-log-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CulpritLogView, search_bar);
  gtk_widget_class_bind_template_child (widget_class, CulpritLogView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CulpritLogView, search_label);
  gtk_widget_class_bind_template_child (widget_class, CulpritLogView, scroller);
  gtk_widget_class_bind_template_child (widget_class, CulpritLogView, list_view);
  gtk_widget_class_bind_template_child (widget_class, CulpritLogView, status_bar);
  gtk_widget_class_bind_template_child (widget_class, CulpritLogView, status_label);
  gtk_widget_class_bind_template_child (widget_class, CulpritLogView, create_pattern);
  gtk_widget_class_bind_template_child (widget_class, CulpritLogView, context_menu);
  gtk_widget_class_bind_template_callback (widget_class, format_line_number);
  gtk_widget_class_bind_template_callback (widget_class, row_css_classes);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_search_next);
  gtk_widget_class_bind_template_callback (widget_class, on_search_previous);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);

  gtk_widget_class_install_action (widget_class, "log.next-match", NULL, next_match_action);
  gtk_widget_class_install_action (widget_class, "log.previous-match", NULL, previous_match_action);
  gtk_widget_class_install_action (widget_class, "log.next-result", NULL, next_result_action);
  gtk_widget_class_install_action (widget_class, "log.previous-result", NULL, previous_result_action);
  gtk_widget_class_install_action (widget_class, "log.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "log.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "log.create-pattern", NULL, create_pattern_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F3, 0, "log.next-match", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F3, GDK_SHIFT_MASK, "log.previous-match", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "log.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK, "log.next-result", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "log.previous-result", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "log.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "log.create-pattern", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "logview");
}

static void
culprit_log_view_init (CulpritLogView *self)
{
  GtkGesture *context_click;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->selection = gtk_multi_selection_new (NULL);
  g_signal_connect_swapped (self->selection, "selection-changed",
                            G_CALLBACK (on_selection_changed), self);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));

  self->popover = gtk_popover_menu_new_from_model (self->context_menu);
  gtk_widget_set_parent (self->popover, GTK_WIDGET (self));
  gtk_popover_set_has_arrow (GTK_POPOVER (self->popover), FALSE);
  gtk_widget_set_halign (self->popover, GTK_ALIGN_START);

  context_click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (context_click), GDK_BUTTON_SECONDARY);
  g_signal_connect_swapped (context_click, "pressed", G_CALLBACK (on_context_click), self);
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), GTK_EVENT_CONTROLLER (context_click));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "log.create-pattern", FALSE);
  update_status (self);
}

GtkWidget *
culprit_log_view_new (void)
{
  return g_object_new (CULPRIT_TYPE_LOG_VIEW, NULL);
}

CulpritLogModel *
culprit_log_view_get_model (CulpritLogView *self)
{
  g_return_val_if_fail (CULPRIT_IS_LOG_VIEW (self), NULL);
  return self->model;
}

static void queue_scroll (CulpritLogView *self);

static void
on_model_items_changed (CulpritLogView *self)
{
  /* the list drops the heights of changed rows (new highlights change
   * them all) and with them its place: back to the current line once it
   * is laid out again */
  self->scroll_frame = -1;
  if (self->current_line > 0)
    queue_scroll (self);
  update_status (self);
}

void
culprit_log_view_set_model (CulpritLogView  *self,
                            CulpritLogModel *model)
{
  g_return_if_fail (CULPRIT_IS_LOG_VIEW (self));
  g_return_if_fail (model == NULL || CULPRIT_IS_LOG_MODEL (model));

  if (self->model == model)
    return;

  g_cancellable_cancel (self->search_cancellable);
  g_clear_pointer (&self->results, g_array_unref);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, on_model_items_changed, self);
  g_set_object (&self->model, model);
  if (model != NULL)
    g_signal_connect_object (model, "items-changed", G_CALLBACK (on_model_items_changed), self,
                             G_CONNECT_SWAPPED);
  self->current_line = 0;
  self->scroll_frame = -1;
  /* back to the top first: the old position may not exist in the new log */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  gtk_multi_selection_set_model (self->selection, G_LIST_MODEL (model));
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "log.create-pattern", FALSE);
  update_status (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

/**
 * culprit_log_view_set_compact:
 *
 * Hides the status bar with its "Create Pattern" button, for a preview.
 */
void
culprit_log_view_set_compact (CulpritLogView *self,
                              gboolean        compact)
{
  g_return_if_fail (CULPRIT_IS_LOG_VIEW (self));
  gtk_widget_set_visible (self->create_pattern, !compact);
}
