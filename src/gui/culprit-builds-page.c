/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-builds-page"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "culprit-builds-page.h"
#include "culprit-chart-item.h"
#include "culprit-database.h"
#include "culprit-filter.h"

/* Every stored build in a GtkColumnView: GListStore -> GtkFilterListModel
 * (search, category, job, pattern, branch, period) -> GtkSortListModel (the column view's
 * sorter) -> GtkSingleSelection. The builds are listed in a thread and
 * appended in batches from a low-priority idle, so 100,000 rows show
 * their first screen at once and the view stays responsive. */

#define BATCH 5000

/* The category dropdown: "All Builds", "All Failures", then these. */
static const char * const categories[] = {
  NULL, "failed",
  CULPRIT_CATEGORY_FLAKY, CULPRIT_CATEGORY_KNOWN_PROBLEM, CULPRIT_CATEGORY_MATCHED,
  CULPRIT_CATEGORY_TIMEOUT, CULPRIT_CATEGORY_NO_LOG, CULPRIT_CATEGORY_NO_FAILED_STEP,
  CULPRIT_CATEGORY_UNEXPLAINED, CULPRIT_CATEGORY_PENDING, CULPRIT_CATEGORY_PASSED,
};

struct _CulpritBuildsPage
{
  CulpritPage          parent_instance;

  /* template widgets */
  GtkSearchEntry      *search_entry;
  GtkDropDown         *category_dropdown;
  GtkDropDown         *job_dropdown;
  GtkButton           *pattern_chip;
  GtkLabel            *pattern_chip_label;
  GtkButton           *branch_chip;
  GtkLabel            *branch_chip_label;
  GtkButton           *period_chip;
  GtkLabel            *period_chip_label;
  GtkLabel            *count_label;
  GtkStack            *stack;
  GtkColumnView       *column_view;
  GtkColumnViewColumn *number_column;
  GListStore          *builds;
  GtkFilterListModel  *filter_model;
  GtkCustomFilter     *filter;
  GtkSortListModel    *sort_model;
  GtkSingleSelection  *selection;

  /* owned references */
  GPtrArray           *pending;        /* builds still to append */
  GtkStringList       *job_names;
  CulpritFilter       *builds_filter;  /* which builds to list: the window's */
  GSignalGroup        *filter_signals;
  char                *search;         /* the filter's, casefolded */
  gboolean             syncing;        /* the widgets take the filter's values */
  guint                append_source;
  gint64               load_started;
  guint                generation;     /* of the load under way */
  gboolean             replace;        /* the next rows replace the shown ones */
};

G_DEFINE_FINAL_TYPE (CulpritBuildsPage, culprit_builds_page, CULPRIT_TYPE_PAGE)

enum {
  BUILD_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Formatters for the .ui's closures */

static char *
format_build_num (gpointer unused,
                  gint64   num)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, num);
}

static char *
format_commit (gpointer    unused,
               const char *sha)
{
  return g_strndup (sha ? sha : "", 8);
}

static char *
format_time (gpointer unused,
             gint64   when)
{
  g_autoptr(GDateTime) dt = NULL;

  if (when <= 0)
    return g_strdup ("");
  dt = g_date_time_new_from_unix_local (when);
  /* Translators: a build's date and time in a list, see g_date_time_format() */
  return g_date_time_format (dt, _("%Y-%m-%d %H:%M"));
}

static char *
format_category (gpointer    unused,
                 const char *category)
{
  return g_strdup (culprit_category_get_label (category));
}

static GStrv
category_css_classes (gpointer    unused,
                      const char *category)
{
  const char *classes[] = { "legend-dot", category ? category : "pending", NULL };

  return g_strdupv ((char **)classes);
}

/* Filtering */

static gboolean
contains_folded (const char *haystack,
                 const char *needle)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;
  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, needle) != NULL;
}

static gboolean
filter_build (gpointer item,
              gpointer user_data)
{
  CulpritBuildsPage *self = user_data;
  CulpritBuild *build = item;
  CulpritFilter *filter = self->builds_filter;
  const char *wanted = culprit_filter_get_category (filter);
  const char *category = culprit_build_get_category (build);
  const char *job = culprit_filter_get_job (filter);
  const char *branch = culprit_filter_get_branch (filter);
  gint64 pattern_id = culprit_filter_get_pattern_id (filter);
  gint64 since = culprit_filter_get_since (filter);
  gint64 until = culprit_filter_get_until (filter);

  if (wanted != NULL)
    {
      if (g_str_equal (wanted, "failed"))
        {
          if (!culprit_build_is_failed (build))
            return FALSE;
        }
      else if (g_strcmp0 (wanted, culprit_build_is_failed (build) ? category
                                                                  : CULPRIT_CATEGORY_PASSED) != 0)
        return FALSE;
    }
  if (job != NULL && g_strcmp0 (job, culprit_build_get_job (build)) != 0)
    return FALSE;
  if (pattern_id > 0 && culprit_build_get_best_pattern_id (build) != pattern_id)
    return FALSE;
  if (branch != NULL && g_strcmp0 (branch, culprit_build_get_branch (build)) != 0)
    return FALSE;
  if (since > 0 && culprit_build_get_queued_at (build) < since)
    return FALSE;
  if (until > 0 && culprit_build_get_queued_at (build) >= until)
    return FALSE;

  if (self->search != NULL)
    {
      g_autofree char *num = g_strdup_printf ("%" G_GINT64_FORMAT, culprit_build_get_build_num (build));

      if (!g_str_has_prefix (num, self->search) &&
          !contains_folded (culprit_build_get_branch (build), self->search) &&
          !contains_folded (culprit_build_get_job (build), self->search) &&
          !g_str_has_prefix (culprit_build_get_vcs_revision (build) ? culprit_build_get_vcs_revision (build) : "",
                             self->search) &&
          !contains_folded (culprit_build_get_best_pattern (build), self->search) &&
          !contains_folded (culprit_category_get_label (category), self->search))
        return FALSE;
    }
  return TRUE;
}

static void
update_view (CulpritBuildsPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->builds));
  g_autofree char *text = NULL;

  if (culprit_page_get_loading (CULPRIT_PAGE (self)) && total == 0)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  else if (n == 0 && gtk_filter_list_model_get_pending (self->filter_model) == 0 && !culprit_page_get_loading (CULPRIT_PAGE (self)))
    gtk_stack_set_visible_child_name (self->stack, "empty");
  else
    gtk_stack_set_visible_child_name (self->stack, "list");

  if (n == total)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u build", "%'u builds", n), n);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u of %'u build", "%'u of %'u builds", total),
                            n, total);
  gtk_label_set_label (self->count_label, text);
}

static void
on_n_items_changed (CulpritBuildsPage *self)
{
  update_view (self);
}

static void
refilter (CulpritBuildsPage *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_view (self);
}

/* The widgets edit the filter; the filter, whoever changed it, decides
 * what the widgets show (sync_widgets ()) and which rows pass. */

static void
on_search_changed (CulpritBuildsPage *self,
                   GtkSearchEntry    *entry)
{
  g_autofree char *stripped = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  if (!self->syncing)
    culprit_filter_set_search (self->builds_filter, stripped);
}

static void
on_category_changed (CulpritBuildsPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->category_dropdown);

  if (!self->syncing && selected < G_N_ELEMENTS (categories))
    culprit_filter_set_category (self->builds_filter, categories[selected]);
}

static void
on_job_changed (CulpritBuildsPage *self)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (self->job_dropdown);

  if (self->syncing)
    return;
  culprit_filter_set_job (self->builds_filter,
                          item != NULL && gtk_drop_down_get_selected (self->job_dropdown) > 0
                          ? gtk_string_object_get_string (item) : NULL);
}

static void
on_pattern_chip_clicked (CulpritBuildsPage *self)
{
  culprit_filter_set_pattern (self->builds_filter, 0, NULL);
}

static void
on_branch_chip_clicked (CulpritBuildsPage *self)
{
  culprit_filter_set_branch (self->builds_filter, NULL);
}

static void
on_period_chip_clicked (CulpritBuildsPage *self)
{
  culprit_filter_set_period (self->builds_filter, 0, 0, NULL);
}

static void
select_job (CulpritBuildsPage *self,
            const char        *job)
{
  GListModel *model = G_LIST_MODEL (self->job_names);
  guint position = 0;

  for (guint i = 1; job != NULL && i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->job_names, i), job) == 0)
      position = i;
  if (job != NULL && position == 0)
    {
      /* not listed yet: the summary is still loading */
      gtk_string_list_append (self->job_names, job);
      position = g_list_model_get_n_items (model) - 1;
    }
  gtk_drop_down_set_selected (self->job_dropdown, position);
}

static void
sync_widgets (CulpritBuildsPage *self)
{
  CulpritFilter *filter = self->builds_filter;
  const char *search = culprit_filter_get_search (filter);
  g_autofree char *entry_text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  g_autofree char *cause = g_strdup_printf (_("Cause: %s"), culprit_filter_get_pattern_name (filter)
                                                            ? culprit_filter_get_pattern_name (filter) : "");
  g_autofree char *branch = g_strdup_printf (_("Branch: %s"), culprit_filter_get_branch (filter)
                                                               ? culprit_filter_get_branch (filter) : "");

  self->syncing = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    if (g_strcmp0 (categories[i], culprit_filter_get_category (filter)) == 0)
      gtk_drop_down_set_selected (self->category_dropdown, i);
  select_job (self, culprit_filter_get_job (filter));
  if (g_strcmp0 (search ? search : "", entry_text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), search ? search : "");
  gtk_widget_set_visible (GTK_WIDGET (self->pattern_chip), culprit_filter_get_pattern_id (filter) > 0);
  gtk_label_set_label (self->pattern_chip_label, cause);
  gtk_widget_set_visible (GTK_WIDGET (self->branch_chip), culprit_filter_get_branch (filter) != NULL);
  gtk_label_set_label (self->branch_chip_label, branch);
  gtk_widget_set_visible (GTK_WIDGET (self->period_chip),
                          culprit_filter_get_since (filter) > 0 || culprit_filter_get_until (filter) > 0);
  gtk_label_set_label (self->period_chip_label, culprit_filter_get_period (filter)
                                                ? culprit_filter_get_period (filter) : "");
  self->syncing = FALSE;

  g_clear_pointer (&self->search, g_free);
  if (search != NULL)
    self->search = g_utf8_casefold (search, -1);
}

static void
on_filter_changed (CulpritBuildsPage *self)
{
  sync_widgets (self);
  refilter (self);
}

static void
on_activate (CulpritBuildsPage *self,
             guint              position,
             GtkColumnView     *view)
{
  g_autoptr(CulpritBuild) build = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (build != NULL)
    g_signal_emit (self, signals[BUILD_ACTIVATED], 0, build);
}

/* Loading */

static gboolean
append_batch (gpointer user_data)
{
  CulpritBuildsPage *self = user_data;
  guint n = MIN (self->pending->len, BATCH);
  gboolean first = g_list_model_get_n_items (G_LIST_MODEL (self->builds)) == 0;

  g_list_store_splice (self->builds, g_list_model_get_n_items (G_LIST_MODEL (self->builds)), 0,
                       self->pending->pdata, n);
  g_ptr_array_remove_range (self->pending, 0, n);

  if (first && n > 0)
    g_debug ("First %u builds shown %.3f s after the load started", n,
             (g_get_monotonic_time () - self->load_started) / 1e6);

  if (self->pending->len > 0)
    return G_SOURCE_CONTINUE;

  self->append_source = 0;
  if (self->generation == 0)
    culprit_page_set_loading (CULPRIT_PAGE (self), FALSE);   /* the last part is in */
  return G_SOURCE_REMOVE;
}

static void
append (CulpritBuildsPage *self,
        GPtrArray         *builds)
{
  if (self->replace)
    {
      self->replace = FALSE;
      g_list_store_remove_all (self->builds);
    }
  g_ptr_array_extend_and_steal (self->pending, builds);
  if (self->append_source == 0 && append_batch (self) == G_SOURCE_CONTINUE)
    self->append_source = g_idle_add_full (G_PRIORITY_LOW, append_batch, self, NULL);
}

/* The builds come in pages, in the store's order: a first screenful at
 * once, then the others in bigger pages, each appended as it comes. Each
 * page sorts the list's index again (repo ascending, number descending),
 * so a few big pages list 100,000 builds faster than many small ones. */

#define FIRST_PAGE 2000
#define PAGE 25000

typedef struct
{
  CulpritBuildsPage *self;
  guint              offset;
  guint              limit;
} PageRequest;

static void request_page (CulpritBuildsPage *self,
                          guint              offset,
                          guint              limit);

static void
on_builds_loaded (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  PageRequest *request = user_data;
  g_autoptr(CulpritBuildsPage) self = request->self;
  g_autoptr(GError) error = NULL;
  GPtrArray *builds;
  guint offset = request->offset, limit = request->limit;

  g_free (request);
  builds = culprit_database_list_builds_finish (CULPRIT_DATABASE (object), result, &error);
  if (builds == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_warning ("Could not list the builds: %s", error->message);
          self->generation = 0;
          culprit_page_set_loading (CULPRIT_PAGE (self), FALSE);
        }
      return;
    }

  g_debug ("Listed %u builds from %u in %.3f s", builds->len, offset,
           (g_get_monotonic_time () - self->load_started) / 1e6);
  if (builds->len < limit)
    self->generation = 0;   /* the last page */
  else
    request_page (self, offset + builds->len, PAGE);
  append (self, builds);
  if (self->append_source == 0 && self->generation == 0)
    culprit_page_set_loading (CULPRIT_PAGE (self), FALSE);
}

static void on_summary_loaded (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data);

static void
request_page (CulpritBuildsPage *self,
              guint              offset,
              guint              limit)
{
  PageRequest *request = g_new0 (PageRequest, 1);

  request->self = g_object_ref (self);
  request->offset = offset;
  request->limit = limit;
  culprit_database_list_builds_async (culprit_page_get_database (CULPRIT_PAGE (self)), NULL, offset, limit,
                                      culprit_page_get_cancellable (CULPRIT_PAGE (self)),
                                      on_builds_loaded, request);
}

static void
culprit_builds_page_reload (CulpritPage *page)
{
  CulpritBuildsPage *self = CULPRIT_BUILDS_PAGE (page);
  CulpritDatabase *database = culprit_page_get_database (page);
  static guint generations;
  GCancellable *cancellable;

  g_clear_handle_id (&self->append_source, g_source_remove);
  cancellable = culprit_page_begin_load (page);
  culprit_database_load_summary_async (database, cancellable, on_summary_loaded, g_object_ref (self));
  self->load_started = g_get_monotonic_time ();
  self->generation = ++generations ? generations : ++generations;
  /* the rows stay until the new ones come, so a reload does not flicker */
  g_ptr_array_set_size (self->pending, 0);
  self->replace = TRUE;

  request_page (self, 0, FIRST_PAGE);
}

static void
on_summary_loaded (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CulpritBuildsPage) self = user_data;
  g_autoptr(CulpritDatabaseSummary) summary = NULL;

  summary = culprit_database_load_summary_finish (CULPRIT_DATABASE (object), result, NULL);
  if (summary == NULL)
    return;

  self->syncing = TRUE;
  gtk_string_list_splice (self->job_names, 1,
                          g_list_model_get_n_items (G_LIST_MODEL (self->job_names)) - 1,
                          (const char * const *)summary->jobs);
  select_job (self, culprit_filter_get_job (self->builds_filter));
  self->syncing = FALSE;
}

static void
culprit_builds_page_dispose (GObject *object)
{
  CulpritBuildsPage *self = (CulpritBuildsPage *)object;

  g_clear_handle_id (&self->append_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), CULPRIT_TYPE_BUILDS_PAGE);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_object (&self->job_names);
  g_clear_pointer (&self->search, g_free);
  g_clear_object (&self->filter_signals);
  g_clear_object (&self->builds_filter);

  G_OBJECT_CLASS (culprit_builds_page_parent_class)->dispose (object);
}

static void
culprit_builds_page_class_init (CulpritBuildsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  CulpritPageClass *page_class = CULPRIT_PAGE_CLASS (klass);

  object_class->dispose = culprit_builds_page_dispose;
  page_class->reload = culprit_builds_page_reload;

  signals[BUILD_ACTIVATED] =
    g_signal_new ("build-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, CULPRIT_TYPE_BUILD);

  g_type_ensure (CULPRIT_TYPE_BUILD);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/culprit/Culprit/culprit-builds-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CulpritBuildsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CulpritBuildsPage, category_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CulpritBuildsPage, job_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CulpritBuildsPage, pattern_chip);
  gtk_widget_class_bind_template_child (widget_class, CulpritBuildsPage, pattern_chip_label);
  gtk_widget_class_bind_template_child (widget_class, CulpritBuildsPage, branch_chip);
  gtk_widget_class_bind_template_child (widget_class, CulpritBuildsPage, branch_chip_label);
  gtk_widget_class_bind_template_child (widget_class, CulpritBuildsPage, period_chip);
  gtk_widget_class_bind_template_child (widget_class, CulpritBuildsPage, period_chip_label);
  gtk_widget_class_bind_template_child (widget_class, CulpritBuildsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, CulpritBuildsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, CulpritBuildsPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, CulpritBuildsPage, number_column);
  gtk_widget_class_bind_template_child (widget_class, CulpritBuildsPage, builds);
  gtk_widget_class_bind_template_child (widget_class, CulpritBuildsPage, filter_model);
  gtk_widget_class_bind_template_child (widget_class, CulpritBuildsPage, filter);
  gtk_widget_class_bind_template_child (widget_class, CulpritBuildsPage, sort_model);
  gtk_widget_class_bind_template_child (widget_class, CulpritBuildsPage, selection);
  gtk_widget_class_bind_template_callback (widget_class, format_build_num);
  gtk_widget_class_bind_template_callback (widget_class, format_commit);
  gtk_widget_class_bind_template_callback (widget_class, format_time);
  gtk_widget_class_bind_template_callback (widget_class, format_category);
  gtk_widget_class_bind_template_callback (widget_class, category_css_classes);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_category_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_job_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_pattern_chip_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_branch_chip_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_period_chip_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_n_items_changed);

}

static void
culprit_builds_page_init (CulpritBuildsPage *self)
{
  g_autoptr(GtkStringList) category_names = gtk_string_list_new (NULL);

  /* a filter of its own until the window gives it one: every failure */
  self->builds_filter = culprit_filter_new ();
  culprit_filter_set_category (self->builds_filter, "failed");
  self->filter_signals = g_signal_group_new (CULPRIT_TYPE_FILTER);
  g_signal_group_connect_swapped (self->filter_signals, "changed", G_CALLBACK (on_filter_changed), self);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->pending = g_ptr_array_new_with_free_func (g_object_unref);

  gtk_string_list_append (category_names, _("All Builds"));
  gtk_string_list_append (category_names, _("All Failures"));
  for (guint i = 2; i < G_N_ELEMENTS (categories); i++)
    gtk_string_list_append (category_names, culprit_category_get_label (categories[i]));
  gtk_drop_down_set_model (self->category_dropdown, G_LIST_MODEL (category_names));

  self->job_names = gtk_string_list_new (NULL);
  gtk_string_list_append (self->job_names, _("All Jobs"));
  gtk_drop_down_set_model (self->job_dropdown, G_LIST_MODEL (self->job_names));
  g_signal_group_set_target (self->filter_signals, self->builds_filter);
  sync_widgets (self);

  gtk_custom_filter_set_filter_func (self->filter, filter_build, self, NULL);
  gtk_sort_list_model_set_sorter (self->sort_model, gtk_column_view_get_sorter (self->column_view));
  gtk_column_view_sort_by_column (self->column_view, self->number_column, GTK_SORT_DESCENDING);
  g_signal_connect (self, "notify::loading", G_CALLBACK (update_view), NULL);
  update_view (self);
}

/**
 * culprit_builds_page_get_model:
 *
 * Returns: (transfer none): the rows as the view shows them: filtered
 *   and sorted
 */
GtkSelectionModel *
culprit_builds_page_get_model (CulpritBuildsPage *self)
{
  g_return_val_if_fail (CULPRIT_IS_BUILDS_PAGE (self), NULL);
  return GTK_SELECTION_MODEL (self->selection);
}

/**
 * culprit_builds_page_get_builds:
 *
 * Returns: (transfer none): every loaded build, unfiltered
 */
GListModel *
culprit_builds_page_get_builds (CulpritBuildsPage *self)
{
  g_return_val_if_fail (CULPRIT_IS_BUILDS_PAGE (self), NULL);
  return G_LIST_MODEL (self->builds);
}

/**
 * culprit_builds_page_get_filtering:
 *
 * Returns: whether the filter or the sorter is still working
 */
gboolean
culprit_builds_page_get_filtering (CulpritBuildsPage *self)
{
  g_return_val_if_fail (CULPRIT_IS_BUILDS_PAGE (self), FALSE);
  return gtk_filter_list_model_get_pending (self->filter_model) > 0 ||
         gtk_sort_list_model_get_pending (self->sort_model) > 0;
}

/**
 * culprit_builds_page_set_filter:
 * @filter: which builds to list; the page's widgets edit it
 */
void
culprit_builds_page_set_filter (CulpritBuildsPage *self,
                                CulpritFilter     *filter)
{
  g_return_if_fail (CULPRIT_IS_BUILDS_PAGE (self));
  g_return_if_fail (CULPRIT_IS_FILTER (filter));

  if (!g_set_object (&self->builds_filter, filter))
    return;
  g_signal_group_set_target (self->filter_signals, filter);
  on_filter_changed (self);
}

CulpritFilter *
culprit_builds_page_get_filter (CulpritBuildsPage *self)
{
  g_return_val_if_fail (CULPRIT_IS_BUILDS_PAGE (self), NULL);
  return self->builds_filter;
}

void
culprit_builds_page_focus_search (CulpritBuildsPage *self)
{
  g_return_if_fail (CULPRIT_IS_BUILDS_PAGE (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}
