/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-patterns-page"

#include "config.h"

#include <glib/gi18n.h>

#include "culprit-database.h"
#include "culprit-pattern-item.h"
#include "culprit-format.h"
#include "culprit-page.h"
#include "culprit-patterns-page.h"

/* The live patterns with their numbers: failures they explain (best
 * match) and their share of the failed builds, from the same report as
 * the overview; builds they match at all and when last, from the stored
 * matches. Activating a row opens the pattern editor. "Show Retired" lists
 * the retired patterns too, to be restored. */

struct _CulpritPatternsPage
{
  CulpritPage         parent_instance;

  /* template widgets */
  GtkSearchEntry     *search_entry;
  GtkLabel           *count_label;
  GtkStack           *stack;
  GtkColumnView      *column_view;
  GtkColumnViewColumn *builds_column;
  GListStore         *items;
  GtkFilterListModel *filter_model;
  GtkCustomFilter    *filter;
  GtkSortListModel   *sort_model;
  GtkSingleSelection *selection;

  /* owned references */
  char               *search;
  gboolean            show_retired;
};

G_DEFINE_FINAL_TYPE (CulpritPatternsPage, culprit_patterns_page, CULPRIT_TYPE_PAGE)

enum {
  PROP_0,
  PROP_SHOW_RETIRED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
format_count (gpointer unused,
              guint    count)
{
  return g_strdup_printf ("%'u", count);
}

static char *
format_share (gpointer unused,
              double   share)
{
  return culprit_format_percent (share * 100, 1);
}

static char *
format_day (gpointer unused,
            gint64   when)
{
  g_autoptr(GDateTime) dt = NULL;

  if (when <= 0)
    return g_strdup (_("Never"));
  dt = g_date_time_new_from_unix_local (when);
  return g_date_time_format (dt, _("%Y-%m-%d"));
}

typedef struct
{
  GPtrArray *items;
} Loaded;


static void
update_view (CulpritPatternsPage *self)
{
  guint total = 0, n = 0, retired = 0;
  g_autofree char *text = NULL;

  /* the live patterns are counted; the retired ones, when shown, apart */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->items)); i++)
    {
      g_autoptr(CulpritPatternItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      if (culprit_pattern_get_retired (culprit_pattern_item_get_pattern (item)))
        retired++;
      else
        total++;
    }
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)); i++)
    {
      g_autoptr(CulpritPatternItem) item = NULL;

      item = g_list_model_get_item (G_LIST_MODEL (self->filter_model), i);

      n += !culprit_pattern_get_retired (culprit_pattern_item_get_pattern (item));
    }

  gtk_stack_set_visible_child_name (self->stack,
                                    total + retired == 0 && !culprit_page_get_loading (CULPRIT_PAGE (self)) ? "empty" : "list");
  if (n == total)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u live pattern", "%u live patterns", n), n);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u live pattern",
                                         "%u of %u live patterns", total), n, total);
  if (self->show_retired)
    {
      g_autofree char *live = g_steal_pointer (&text);

      /* Translators: "12 live patterns" and how many retired ones are shown */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %u retired", "%s, %u retired",
                                           retired), live, retired);
    }
  gtk_label_set_label (self->count_label, text);
}

/* The rows: each pattern with the failures it explains and the builds it matches */
static GPtrArray *
make_items (CulpritPatternList *list)
{
  g_autoptr(GHashTable) best = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) matched = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GPtrArray *patterns = list->patterns;
  GArray *stats = list->stats;
  CulpritReport *report = list->report;
  GPtrArray *items;

  for (guint i = 0; i < culprit_report_get_n_causes (report); i++)
    {
      const CulpritReportCause *cause = culprit_report_get_cause (report, i);
      g_hash_table_insert (best, g_memdup2 (&cause->pattern_id, sizeof (gint64)), (gpointer)cause);
    }
  for (guint i = 0; i < stats->len; i++)
    {
      CulpritPatternStats *s = &g_array_index (stats, CulpritPatternStats, i);
      g_hash_table_insert (matched, g_memdup2 (&s->pattern_id, sizeof (gint64)), s);
    }

  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < patterns->len; i++)
    {
      CulpritPattern *p = g_ptr_array_index (patterns, i);
      gint64 id = culprit_pattern_get_id (p);
      const CulpritReportCause *cause = g_hash_table_lookup (best, &id);
      const CulpritPatternStats *s = g_hash_table_lookup (matched, &id);

      g_ptr_array_add (items, culprit_pattern_item_new (p, cause ? cause->builds : 0,
                                                        cause ? cause->share : 0,
                                                        s ? s->builds : 0,
                                                        s ? s->last_seen : 0));
    }
  return items;
}

static void
on_items_loaded (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CulpritPatternsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CulpritPatternList) list = NULL;
  g_autoptr(GPtrArray) items = NULL;

  list = culprit_database_list_patterns_finish (CULPRIT_DATABASE (object), result, &error);
  if (list == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_warning ("Could not list the patterns: %s", error->message);
          culprit_page_set_loading (CULPRIT_PAGE (self), FALSE);
        }
      return;
    }
  items = make_items (list);
  g_list_store_splice (self->items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                       items->pdata, items->len);
  culprit_page_set_loading (CULPRIT_PAGE (self), FALSE);
  update_view (self);
}

static void
culprit_patterns_page_reload (CulpritPage *page)
{
  CulpritPatternsPage *self = CULPRIT_PATTERNS_PAGE (page);
  GCancellable *cancellable = culprit_page_begin_load (page);

  culprit_database_list_patterns_async (culprit_page_get_database (page), self->show_retired, cancellable,
                                        on_items_loaded, g_object_ref (self));
}

static gboolean
filter_item (gpointer item,
             gpointer user_data)
{
  CulpritPatternsPage *self = user_data;
  CulpritPattern *p = culprit_pattern_item_get_pattern (item);
  g_autofree char *text = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *tags = NULL;

  if (self->search == NULL)
    return TRUE;
  tags = g_strjoinv (" ", (char **)culprit_pattern_get_tags (p));
  text = g_strjoin ("\n", culprit_pattern_get_name (p), culprit_pattern_get_expression (p),
                    culprit_pattern_get_description (p) ? culprit_pattern_get_description (p) : "",
                    tags, NULL);
  folded = g_utf8_casefold (text, -1);
  return strstr (folded, self->search) != NULL;
}

static void
on_search_changed (CulpritPatternsPage *self,
                   GtkSearchEntry      *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  g_clear_pointer (&self->search, g_free);
  if (text[0] != '\0')
    self->search = g_utf8_casefold (text, -1);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_view (self);
}

static void
on_activate (CulpritPatternsPage *self,
             guint                position,
             GtkColumnView       *view)
{
  g_autoptr(CulpritPatternItem) item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (item == NULL)
    return;
  /* a retired pattern is restored before it is edited */
  if (culprit_pattern_get_retired (culprit_pattern_item_get_pattern (item)))
    gtk_widget_error_bell (GTK_WIDGET (self));
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "win.edit-pattern", "(xx)",
                                culprit_pattern_get_id (culprit_pattern_item_get_pattern (item)), (gint64)0);
}

static void
on_selected_changed (CulpritPatternsPage *self)
{
  CulpritPatternItem *item = gtk_single_selection_get_selected_item (self->selection);
  gboolean retired = item != NULL &&
                     culprit_pattern_get_retired (culprit_pattern_item_get_pattern (item));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "patterns.retire", item != NULL && !retired);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "patterns.restore", retired);
}

static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  CulpritPatternsPage *self = CULPRIT_PATTERNS_PAGE (widget);
  CulpritPatternItem *item = gtk_single_selection_get_selected_item (self->selection);

  if (item == NULL || !culprit_pattern_get_retired (culprit_pattern_item_get_pattern (item)))
    {
      gtk_widget_error_bell (widget);
      return;
    }
  gtk_widget_activate_action (widget, "win.restore-pattern", "x",
                              culprit_pattern_get_id (culprit_pattern_item_get_pattern (item)));
}

/**
 * culprit_patterns_page_set_show_retired:
 *
 * Whether the retired patterns are listed too, to be restored.
 */
void
culprit_patterns_page_set_show_retired (CulpritPatternsPage *self,
                                        gboolean             show_retired)
{
  g_return_if_fail (CULPRIT_IS_PATTERNS_PAGE (self));

  show_retired = !!show_retired;
  if (self->show_retired == show_retired)
    return;
  self->show_retired = show_retired;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_RETIRED]);
  culprit_page_reload (CULPRIT_PAGE (self));
}

gboolean
culprit_patterns_page_get_show_retired (CulpritPatternsPage *self)
{
  g_return_val_if_fail (CULPRIT_IS_PATTERNS_PAGE (self), FALSE);
  return self->show_retired;
}

static void
retire_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  CulpritPatternsPage *self = CULPRIT_PATTERNS_PAGE (widget);
  CulpritPatternItem *item = gtk_single_selection_get_selected_item (self->selection);

  if (item == NULL)
    {
      gtk_widget_error_bell (widget);
      return;
    }
  gtk_widget_activate_action (widget, "win.retire-pattern", "x",
                              culprit_pattern_get_id (culprit_pattern_item_get_pattern (item)));
}

static void
culprit_patterns_page_dispose (GObject *object)
{
  CulpritPatternsPage *self = (CulpritPatternsPage *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), CULPRIT_TYPE_PATTERNS_PAGE);
  g_clear_pointer (&self->search, g_free);

  G_OBJECT_CLASS (culprit_patterns_page_parent_class)->dispose (object);
}

static void
culprit_patterns_page_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  CulpritPatternsPage *self = CULPRIT_PATTERNS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SHOW_RETIRED: g_value_set_boolean (value, self->show_retired); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
culprit_patterns_page_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  CulpritPatternsPage *self = CULPRIT_PATTERNS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SHOW_RETIRED:
      culprit_patterns_page_set_show_retired (self, g_value_get_boolean (value));
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
culprit_patterns_page_class_init (CulpritPatternsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  CulpritPageClass *page_class = CULPRIT_PAGE_CLASS (klass);

  object_class->dispose = culprit_patterns_page_dispose;
  object_class->get_property = culprit_patterns_page_get_property;
  object_class->set_property = culprit_patterns_page_set_property;
  page_class->reload = culprit_patterns_page_reload;

  properties[PROP_SHOW_RETIRED] =
    g_param_spec_boolean ("show-retired", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CULPRIT_TYPE_PATTERN_ITEM);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/culprit/Culprit/culprit-patterns-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CulpritPatternsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CulpritPatternsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, CulpritPatternsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, CulpritPatternsPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, CulpritPatternsPage, builds_column);
  gtk_widget_class_bind_template_child (widget_class, CulpritPatternsPage, items);
  gtk_widget_class_bind_template_child (widget_class, CulpritPatternsPage, filter_model);
  gtk_widget_class_bind_template_child (widget_class, CulpritPatternsPage, filter);
  gtk_widget_class_bind_template_child (widget_class, CulpritPatternsPage, sort_model);
  gtk_widget_class_bind_template_child (widget_class, CulpritPatternsPage, selection);
  gtk_widget_class_bind_template_callback (widget_class, format_count);
  gtk_widget_class_bind_template_callback (widget_class, format_share);
  gtk_widget_class_bind_template_callback (widget_class, format_day);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_activate);

  gtk_widget_class_install_action (widget_class, "patterns.retire", NULL, retire_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "patterns.retire", NULL);
  gtk_widget_class_install_action (widget_class, "patterns.restore", NULL, restore_action);
  gtk_widget_class_install_property_action (widget_class, "patterns.show-retired", "show-retired");

}

static void
culprit_patterns_page_init (CulpritPatternsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_custom_filter_set_filter_func (self->filter, filter_item, self, NULL);
  gtk_sort_list_model_set_sorter (self->sort_model, gtk_column_view_get_sorter (self->column_view));
  gtk_column_view_sort_by_column (self->column_view, self->builds_column, GTK_SORT_DESCENDING);
  g_signal_connect_object (self->filter_model, "items-changed", G_CALLBACK (update_view), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (on_selected_changed), self,
                           G_CONNECT_SWAPPED);
  on_selected_changed (self);
  update_view (self);
}

/**
 * culprit_patterns_page_get_items:
 *
 * Returns: (transfer none): the rows as shown (CulpritPatternItem)
 */
GListModel *
culprit_patterns_page_get_items (CulpritPatternsPage *self)
{
  g_return_val_if_fail (CULPRIT_IS_PATTERNS_PAGE (self), NULL);
  return G_LIST_MODEL (self->selection);
}

void
culprit_patterns_page_focus_search (CulpritPatternsPage *self)
{
  g_return_if_fail (CULPRIT_IS_PATTERNS_PAGE (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}
