/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The desktop application on a generated database, checked through the
 * models of its widgets, as a user would read them: the overview's charts
 * against culprit_report, the builds view's filter against the store, the
 * log viewer's highlighted lines against the stored matches, the pattern
 * editor's live count against a matcher run over every stored log, and a
 * saved pattern showing in the overview. Each test saves a PNG. */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "culprit-application.h"
#include "culprit-bar-chart.h"
#include "culprit-build-page.h"
#include "culprit-builds-page.h"
#include "culprit-chart-item.h"
#include "culprit-column-chart.h"
#include "culprit-health-grid.h"
#include "culprit-health-page.h"
#include "culprit-mark-dialog.h"
#include "culprit-log-model.h"
#include "culprit-log-view.h"
#include "culprit-overview-page.h"
#include "culprit-pattern-editor.h"
#include "culprit-pattern-item.h"
#include "culprit-pattern-suggest.h"
#include "culprit-preview-counter.h"
#include "culprit-repository-dialog.h"
#include "culprit-settings.h"
#include "culprit-window-private.h"
#include "culprit-gui-test-util.h"

static char *db_path;
static CulpritApplication *app;

static CulpritStore *
open_store (void)
{
  g_autoptr(GError) error = NULL;
  CulpritStore *store = culprit_store_open (db_path, &error);

  g_assert_no_error (error);
  return store;
}

/* The window shows its pages, and the overview (the page it opens on:
 * only the page on screen loads) is loaded. */
static gboolean
window_ready (gpointer data)
{
  CulpritWindow *window = data;

  return g_strcmp0 (gtk_stack_get_visible_child_name (window->main_stack), "pages") == 0 &&
         !culprit_page_get_loading (CULPRIT_PAGE (window->overview_page)) &&
         culprit_overview_page_get_report (window->overview_page) != NULL;
}

static gboolean
window_at_open_size (gpointer data)
{
  return gtk_widget_get_width (data) > 1100 && gtk_widget_get_height (data) > 700;
}

static CulpritWindow *
open_window (void)
{
  CulpritWindow *window;
  gint64 start = g_get_monotonic_time ();

  culprit_settings_set_string (culprit_settings_get_default (), "last-view", "overview");
  window = culprit_application_open_path (app, db_path);
  gtk_window_set_default_size (GTK_WINDOW (window), 1180, 760);
  g_assert_true (culprit_gui_test_wait (window_ready, window, 60000));
  /* the X server's answer to the resize is in: a test's own resize
   * later is not undone by it */
  g_assert_true (culprit_gui_test_wait (window_at_open_size, window, 10000));
  g_test_message ("Window ready in %.3f s", (g_get_monotonic_time () - start) / 1e6);
  return window;
}

static void
close_window (CulpritWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  culprit_gui_test_settle (50);
}

static void
check_charts_of (CulpritWindow            *window,
                 CulpritStore             *store,
                 const CulpritBuildFilter *filter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CulpritReport) report = culprit_report_new (store, filter, &error);
  GListModel *causes = culprit_overview_page_get_causes (window->overview_page);
  GListModel *weeks = culprit_overview_page_get_weeks (window->overview_page);
  GListModel *jobs = culprit_overview_page_get_jobs (window->overview_page);
  guint n_jobs = 0, j = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (culprit_report_get_failed (report), >, 0);

  g_assert_cmpuint (g_list_model_get_n_items (causes), ==, MIN (culprit_report_get_n_causes (report), 12));
  for (guint i = 0; i < g_list_model_get_n_items (causes); i++)
    {
      g_autoptr(CulpritChartItem) item = g_list_model_get_item (causes, i);
      const CulpritReportCause *cause = culprit_report_get_cause (report, i);

      g_assert_cmpstr (culprit_chart_item_get_label (item), ==, cause->pattern);
      g_assert_cmpint (culprit_chart_item_get_id (item), ==, cause->pattern_id);
      g_assert_cmpuint (culprit_chart_item_get_total (item), ==, cause->builds);
    }

  g_assert_cmpuint (g_list_model_get_n_items (weeks), ==, culprit_report_get_n_weeks (report));
  for (guint i = 0; i < g_list_model_get_n_items (weeks); i++)
    {
      g_autoptr(CulpritChartItem) item = g_list_model_get_item (weeks, i);
      const CulpritReportGroup *week = culprit_report_get_week (report, i);

      g_assert_cmpstr (culprit_chart_item_get_key (item), ==, week->key);
      g_assert_cmpuint (culprit_chart_item_get_total (item), ==, week->failed);
    }

  for (guint i = 0; i < culprit_report_get_n_jobs (report); i++)
    if (culprit_report_get_job (report, i)->failed > 0)
      n_jobs++;
  g_assert_cmpuint (g_list_model_get_n_items (jobs), ==, n_jobs);
  for (guint i = 0; i < culprit_report_get_n_jobs (report); i++)
    {
      const CulpritReportGroup *group = culprit_report_get_job (report, i);
      g_autoptr(CulpritChartItem) item = NULL;

      if (group->failed == 0)
        continue;
      item = g_list_model_get_item (jobs, j++);
      g_assert_cmpstr (culprit_chart_item_get_key (item), ==, group->key);
      g_assert_cmpuint (culprit_chart_item_get_total (item), ==, group->failed);
    }
}

static void
check_charts (CulpritWindow            *window,
              const CulpritBuildFilter *filter)
{
  g_autoptr(CulpritStore) store = open_store ();

  check_charts_of (window, store, filter);
}

static gboolean
overview_loaded (gpointer data)
{
  CulpritWindow *window = data;

  return !culprit_page_get_loading (CULPRIT_PAGE (window->overview_page));
}

static void
test_overview (void)
{
  CulpritWindow *window = open_window ();
  CulpritBuildFilter all = { 0 };
  CulpritBuildFilter job = { .job = "integration" };
  g_autofree char *summary = NULL;
  g_autofree char *png = NULL;

  /* one window per database: opening it again presents the same one */
  g_assert_true (culprit_application_open_path (app, db_path) == window);

  culprit_window_show_view (window, "overview");
  culprit_overview_page_set_filter (window->overview_page, NULL, NULL, "all");
  g_assert_true (culprit_gui_test_wait (overview_loaded, window, 30000));
  check_charts (window, &all);

  /* the summary for screen readers has the numbers */
  g_object_get (culprit_overview_page_get_causes_chart (window->overview_page), "title", &summary, NULL);
  g_assert_nonnull (summary);

  culprit_overview_page_set_filter (window->overview_page, NULL, "integration", "all");
  g_assert_true (culprit_gui_test_wait (overview_loaded, window, 30000));
  check_charts (window, &job);

  culprit_overview_page_set_filter (window->overview_page, NULL, NULL, "all");
  g_assert_true (culprit_gui_test_wait (overview_loaded, window, 30000));
  png = culprit_gui_test_save_png (GTK_WIDGET (window), "overview.png");

  /* and its lower half: the weeks and the jobs */
  {
    GtkWidget *scroller = gtk_widget_get_first_child (GTK_WIDGET (window->overview_page));
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
    g_autofree char *lower = NULL;

    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
    lower = culprit_gui_test_save_png (GTK_WIDGET (window), "overview-jobs.png");
  }
  close_window (window);
}

static gboolean
builds_settled (gpointer data)
{
  CulpritWindow *window = data;

  return !culprit_page_get_loading (CULPRIT_PAGE (window->builds_page)) &&
         !culprit_builds_page_get_filtering (window->builds_page) &&
         g_list_model_get_n_items (culprit_builds_page_get_builds (window->builds_page)) > 0;
}

/* The failed builds that a chart's item of the overview counts, under the
 * overview's filter: the rows the builds page shows when it is clicked. */
static void
check_overview_rows (CulpritWindow            *window,
                     const CulpritBuildFilter *filter,
                     CulpritChartItem         *item,
                     gint64                    pattern_id)
{
  GListModel *rows = G_LIST_MODEL (culprit_builds_page_get_model (window->builds_page));

  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->view_stack), ==, "builds");
  g_assert_true (culprit_gui_test_wait (builds_settled, window, 30000));
  g_test_message ("%s: %u builds in the chart, %u listed", culprit_chart_item_get_label (item),
                  culprit_chart_item_get_total (item), g_list_model_get_n_items (rows));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, culprit_chart_item_get_total (item));
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(CulpritBuild) row = g_list_model_get_item (rows, i);

      g_assert_true (culprit_build_is_failed (row));
      g_assert_cmpint (culprit_build_get_queued_at (row), >=, filter->since);
      if (filter->branch != NULL)
        g_assert_cmpstr (culprit_build_get_branch (row), ==, filter->branch);
      if (pattern_id > 0)
        g_assert_cmpint (culprit_build_get_best_pattern_id (row), ==, pattern_id);
    }
}

static void
test_overview_range (void)
{
  CulpritWindow *window = open_window ();
  g_autoptr(CulpritStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) builds = culprit_store_list_builds (store, NULL, &error);
  g_autoptr(CulpritChartItem) cause = NULL;
  g_autoptr(CulpritChartItem) job = NULL;
  CulpritBuildFilter filter;
  const char *branch = NULL;
  gint64 newest = 0;
  gboolean from_newest;
  GtkWidget *label;

  g_assert_no_error (error);
  for (guint i = 0; i < builds->len; i++)
    newest = MAX (newest, culprit_build_get_queued_at (builds->pdata[i]));

  culprit_window_show_view (window, "overview");
  culprit_overview_page_set_filter (window->overview_page, NULL, NULL, "30d");
  g_assert_true (culprit_gui_test_wait (overview_loaded, window, 30000));
  culprit_overview_page_get_filter (window->overview_page, &filter);
  g_assert_cmpint (filter.since, ==,
                   culprit_overview_range_since (g_get_real_time () / G_USEC_PER_SEC, newest, 30, &from_newest));

  /* the range says where it ends */
  label = gtk_widget_get_first_child (GTK_WIDGET (window->overview_page));
  {
    g_autoptr(GPtrArray) labels = g_ptr_array_new ();
    gboolean found = FALSE;
    GQueue queue = G_QUEUE_INIT;

    g_queue_push_tail (&queue, label);
    while (!g_queue_is_empty (&queue))
      {
        GtkWidget *w = g_queue_pop_head (&queue);

        if (GTK_IS_LABEL (w) && gtk_widget_get_mapped (w))
          {
            const char *text = gtk_label_get_label (GTK_LABEL (w));

            if (from_newest ? strstr (text, "the day of the newest build") != NULL
                            : g_str_has_suffix (text, "to today"))
              found = TRUE;
          }
        for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
          g_queue_push_tail (&queue, c);
      }
    g_assert_true (found);
  }

  /* the busiest cause of the last 30 days: its bar's builds, not older ones */
  cause = g_list_model_get_item (culprit_overview_page_get_causes (window->overview_page), 0);
  g_assert_nonnull (cause);
  g_signal_emit_by_name (culprit_overview_page_get_causes_chart (window->overview_page), "item-activated", cause);
  check_overview_rows (window, &filter, cause, culprit_chart_item_get_id (cause));
  {
    g_autofree char *png = culprit_gui_test_save_png (GTK_WIDGET (window), "builds-of-a-bar.png");
  }

  /* a branch and a job: the job's bar lists that branch's builds of it */
  for (guint i = 0; i < builds->len && branch == NULL; i++)
    if (culprit_build_is_failed (builds->pdata[i]) &&
        g_strcmp0 (culprit_build_get_branch (builds->pdata[i]), "master") != 0 &&
        culprit_build_get_queued_at (builds->pdata[i]) >= filter.since)
      branch = culprit_build_get_branch (builds->pdata[i]);
  g_assert_nonnull (branch);
  culprit_window_show_view (window, "overview");
  culprit_overview_page_set_filter (window->overview_page, branch, NULL, "30d");
  g_assert_true (culprit_gui_test_wait (overview_loaded, window, 30000));
  culprit_overview_page_get_filter (window->overview_page, &filter);
  g_assert_cmpstr (filter.branch, ==, branch);
  job = g_list_model_get_item (culprit_overview_page_get_jobs (window->overview_page), 0);
  g_assert_nonnull (job);
  g_signal_emit_by_name (culprit_overview_page_get_jobs_chart (window->overview_page), "item-activated", job);
  check_overview_rows (window, &filter, job, 0);

  culprit_overview_page_set_filter (window->overview_page, NULL, NULL, "all");
  close_window (window);
}

static void
check_rows (CulpritWindow *window,
            const char    *category,
            const char    *job)
{
  g_autoptr(CulpritStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) builds = culprit_store_list_builds (store, NULL, &error);
  g_autoptr(GHashTable) expected = g_hash_table_new (NULL, NULL);
  GListModel *rows = G_LIST_MODEL (culprit_builds_page_get_model (window->builds_page));
  gint64 previous = G_MAXINT64;

  g_assert_no_error (error);
  for (guint i = 0; i < builds->len; i++)
    {
      CulpritBuild *b = g_ptr_array_index (builds, i);

      if (!culprit_build_is_failed (b))
        continue;
      if (category != NULL && g_strcmp0 (culprit_build_get_category (b), category) != 0)
        continue;
      if (job != NULL && g_strcmp0 (culprit_build_get_job (b), job) != 0)
        continue;
      g_hash_table_add (expected, b);
    }

  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, g_hash_table_size (expected));
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(CulpritBuild) row = g_list_model_get_item (rows, i);

      g_assert_true (culprit_build_is_failed (row));
      if (category != NULL)
        g_assert_cmpstr (culprit_build_get_category (row), ==, category);
      if (job != NULL)
        g_assert_cmpstr (culprit_build_get_job (row), ==, job);
      /* newest first, as the view sorts by default */
      g_assert_cmpint (culprit_build_get_build_num (row), <, previous);
      previous = culprit_build_get_build_num (row);
    }
}

static gboolean
build_page_idle (gpointer data)
{
  CulpritWindow *window = data;

  return !culprit_page_get_loading (CULPRIT_PAGE (window->build_page));
}

static void
test_builds (void)
{
  CulpritWindow *window = open_window ();
  g_autofree char *png = NULL;

  culprit_window_show_view (window, "builds");
  g_assert_true (culprit_gui_test_wait (builds_settled, window, 30000));
  check_rows (window, NULL, NULL);

  culprit_filter_set_category (window->filter, CULPRIT_CATEGORY_FLAKY);
  g_assert_true (culprit_gui_test_wait (builds_settled, window, 30000));
  check_rows (window, CULPRIT_CATEGORY_FLAKY, NULL);

  /* the search narrows further: a job's name */
  culprit_filter_set_search (window->filter, "integration");
  g_assert_true (culprit_gui_test_wait (builds_settled, window, 30000));
  check_rows (window, CULPRIT_CATEGORY_FLAKY, "integration");

  culprit_filter_set_search (window->filter, NULL);
  culprit_filter_set_category (window->filter, "failed");
  g_assert_true (culprit_gui_test_wait (builds_settled, window, 30000));
  check_rows (window, NULL, NULL);

  png = culprit_gui_test_save_png (GTK_WIDGET (window), "builds.png");

  /* activating a row opens its build */
  {
    GtkWidget *view = gtk_widget_get_first_child (gtk_widget_get_first_child (GTK_WIDGET (window->builds_page)));
    g_autoptr(CulpritBuild) first = g_list_model_get_item (G_LIST_MODEL (culprit_builds_page_get_model (window->builds_page)), 0);

    /* the page's box: the toolbar, a separator, the stack with the scrolled column view */
    while (view != NULL && !GTK_IS_STACK (view))
      view = gtk_widget_get_next_sibling (view);
    view = gtk_stack_get_child_by_name (GTK_STACK (view), "list");
    view = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (view));
    g_assert_true (GTK_IS_COLUMN_VIEW (view));
    g_signal_emit_by_name (view, "activate", 0);
    g_assert_true (culprit_build_page_get_build (window->build_page) == first);
    g_assert_true (culprit_gui_test_wait (build_page_idle, window, 30000));
  }
  close_window (window);
}

/* Clicking (or pressing Enter on) a week's column in the overview shows
 * the failed builds queued in that week, behind a chip that removes the
 * filter again. */
static void
test_overview_week (void)
{
  CulpritWindow *window = open_window ();
  g_autoptr(CulpritStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) builds = NULL;
  g_autoptr(GHashTable) expected = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(CulpritChartItem) item = NULL;
  g_autoptr(GDateTime) monday = NULL;
  g_autofree char *iso = NULL;
  GtkWidget *chart;
  GListModel *weeks;
  GListModel *rows;
  gint64 since, until;
  guint busiest = 0;

  culprit_window_show_view (window, "overview");
  culprit_overview_page_set_filter (window->overview_page, NULL, NULL, "all");
  g_assert_true (culprit_gui_test_wait (overview_loaded, window, 30000));

  /* the week with the most failures */
  weeks = culprit_overview_page_get_weeks (window->overview_page);
  g_assert_cmpuint (g_list_model_get_n_items (weeks), >, 1);
  for (guint i = 1; i < g_list_model_get_n_items (weeks); i++)
    {
      g_autoptr(CulpritChartItem) a = g_list_model_get_item (weeks, i);
      g_autoptr(CulpritChartItem) b = g_list_model_get_item (weeks, busiest);

      if (culprit_chart_item_get_total (a) > culprit_chart_item_get_total (b))
        busiest = i;
    }
  item = g_list_model_get_item (weeks, busiest);
  g_assert_cmpuint (culprit_chart_item_get_total (item), >, 0);

  /* its bounds, computed here: Monday 00:00 UTC to the next Monday */
  iso = g_strconcat (culprit_chart_item_get_key (item), "T00:00:00Z", NULL);
  monday = g_date_time_new_from_iso8601 (iso, NULL);
  g_assert_nonnull (monday);
  g_assert_cmpint (g_date_time_get_day_of_week (monday), ==, 1);
  since = g_date_time_to_unix (monday);
  until = since + 7 * 86400;

  builds = culprit_store_list_builds (store, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < builds->len; i++)
    {
      CulpritBuild *b = g_ptr_array_index (builds, i);

      if (culprit_build_is_failed (b) &&
          culprit_build_get_queued_at (b) >= since && culprit_build_get_queued_at (b) < until)
        {
          gint64 id = culprit_build_get_id (b);

          g_hash_table_add (expected, g_memdup2 (&id, sizeof id));
        }
    }
  g_assert_cmpuint (g_hash_table_size (expected), ==, culprit_chart_item_get_total (item));

  chart = culprit_overview_page_get_weeks_chart (window->overview_page);
  culprit_column_chart_activate_column (CULPRIT_COLUMN_CHART (chart), busiest);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->view_stack), ==, "builds");
  g_assert_true (culprit_gui_test_wait (builds_settled, window, 30000));

  rows = G_LIST_MODEL (culprit_builds_page_get_model (window->builds_page));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, g_hash_table_size (expected));
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(CulpritBuild) row = g_list_model_get_item (rows, i);
      gint64 id = culprit_build_get_id (row);

      g_assert_true (g_hash_table_contains (expected, &id));
    }

  /* the chip takes the week away again */
  culprit_filter_set_period (window->filter, 0, 0, NULL);
  g_assert_true (culprit_gui_test_wait (builds_settled, window, 30000));
  check_rows (window, NULL, NULL);
  close_window (window);
}

static gboolean
build_loaded (gpointer data)
{
  CulpritWindow *window = data;

  return !culprit_page_get_loading (CULPRIT_PAGE (window->build_page)) &&
         culprit_log_view_get_model (culprit_build_page_get_log_view (window->build_page)) != NULL;
}

/* A failed build with a log whose best match is @pattern. */
static CulpritBuild *
find_build (CulpritStore *store,
            const char   *pattern)
{
  CulpritBuildFilter filter = { .failed_only = TRUE };
  g_autoptr(GPtrArray) builds = culprit_store_list_builds (store, &filter, NULL);

  g_assert_nonnull (builds);
  for (guint i = 0; i < builds->len; i++)
    {
      CulpritBuild *b = g_ptr_array_index (builds, i);

      if (g_strcmp0 (culprit_build_get_best_pattern (b), pattern) == 0 &&
          culprit_build_get_log_bytes (b) > 0)
        return g_object_ref (b);
    }
  g_assert_not_reached ();
  return NULL;
}

static gboolean sample_loaded (gpointer data);

/* What a user sees: @view draws a screenful of consecutive lines, @line
 * among them and in the middle, unless the log ends before that. */
static void
assert_line_drawn (CulpritLogView *view,
                   guint           line)
{
  g_autoptr(GArray) drawn = culprit_gui_test_drawn_lines (GTK_WIDGET (view));
  guint n_lines = culprit_log_model_get_n_lines (culprit_log_view_get_model (view));
  guint first, last;

  g_assert_cmpuint (drawn->len, >, 0);
  first = g_array_index (drawn, guint, 0);
  last = g_array_index (drawn, guint, drawn->len - 1);
  g_test_message ("Line %u of %u: lines %u to %u drawn", line, n_lines, first, last);
  g_assert_cmpuint (drawn->len, >=, MIN (n_lines, 10));
  g_assert_cmpuint (last - first + 1, ==, drawn->len);
  g_assert_cmpuint (first, <=, line);
  g_assert_cmpuint (line, <=, last);
  /* centred: as many lines above as below, give or take one */
  if (first > 1 && last < n_lines)
    g_assert_cmpint (ABS ((int)(line - first) - (int)(last - line)), <=, 2);
}

static void
test_log (void)
{
  CulpritWindow *window = open_window ();
  g_autoptr(CulpritStore) store = open_store ();
  g_autoptr(CulpritBuild) build = find_build (store, "Test failure");
  g_autoptr(GArray) matches = NULL;
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GError) error = NULL;
  g_autofree char *png = NULL;
  CulpritLogView *view;
  CulpritLogModel *model;
  guint current, next = 0;
  gint64 start;

  start = g_get_monotonic_time ();
  culprit_window_show_build (window, build);
  g_assert_true (culprit_gui_test_wait (build_loaded, window, 30000));
  g_test_message ("Log of build %" G_GINT64_FORMAT " (%" G_GINT64_FORMAT " bytes) shown in %.3f s",
                  culprit_build_get_build_num (build), culprit_build_get_log_bytes (build),
                  (g_get_monotonic_time () - start) / 1e6);

  view = culprit_build_page_get_log_view (window->build_page);
  model = culprit_log_view_get_model (view);

  /* the highlighted lines are the stored matches' lines */
  matches = culprit_store_list_build_matches (store, culprit_build_get_id (build), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (matches->len, >, 0);
  for (guint i = 0; i < matches->len; i++)
    {
      guint line = g_array_index (matches, CulpritStoredMatch, i).line;

      if (lines->len == 0 || g_array_index (lines, guint, lines->len - 1) != line)
        g_array_append_val (lines, line);
    }
  g_assert_cmpuint (culprit_log_model_get_n_highlighted (model), ==, lines->len);
  for (guint i = 0; i < lines->len; i++)
    g_assert_cmpuint (culprit_log_model_get_highlighted_line (model, i), ==, g_array_index (lines, guint, i));
  g_assert_cmpuint (culprit_build_page_get_n_matches (window->build_page), ==, matches->len);

  /* it opens on the best match; F3 goes to the next one, wrapping */
  current = culprit_log_view_get_current_line (view);
  g_assert_cmpuint (current, ==, culprit_build_get_best_line (build));
  assert_line_drawn (view, current);
  for (guint i = 0; i < lines->len && next == 0; i++)
    if (g_array_index (lines, guint, i) > current)
      next = g_array_index (lines, guint, i);
  if (next == 0)
    next = g_array_index (lines, guint, 0);
  gtk_widget_activate_action (GTK_WIDGET (view), "log.next-match", NULL);
  g_assert_cmpuint (culprit_log_view_get_current_line (view), ==, next);
  assert_line_drawn (view, next);
  gtk_widget_activate_action (GTK_WIDGET (view), "log.previous-match", NULL);
  g_assert_cmpuint (culprit_log_view_get_current_line (view), ==, current);
  assert_line_drawn (view, current);

  png = culprit_gui_test_save_png (GTK_WIDGET (window), "log.png");

  /* "Create Pattern from This Line" opens the editor on the line's regex,
   * with this build's log as the sample */
  {
    gsize len;
    const char *raw = culprit_log_model_get_line (model, current, &len);
    g_autofree char *expected = culprit_pattern_suggest_regex (raw, len);
    CulpritPatternEditor *editor = NULL;
    g_autoptr(CulpritPattern) suggested = NULL;
    GList *toplevels;

    culprit_log_view_scroll_to_line (view, current);
    /* Ctrl+E, with the focus outside the log view */
    gtk_window_set_focus (GTK_WINDOW (window), NULL);
    g_assert_true (culprit_gui_test_press_shortcut (GTK_WIDGET (window), GDK_KEY_e, GDK_CONTROL_MASK));
    toplevels = gtk_window_list_toplevels ();
    for (GList *l = toplevels; l; l = l->next)
      if (CULPRIT_IS_PATTERN_EDITOR (l->data))
        editor = l->data;
    g_list_free (toplevels);
    g_assert_nonnull (editor);
    g_assert_true (culprit_gui_test_wait (sample_loaded, editor, 30000));
    suggested = culprit_pattern_editor_dup_pattern (editor);
    g_assert_cmpstr (culprit_pattern_get_expression (suggested), ==, expected);
    g_assert_true (culprit_pattern_get_is_regex (suggested));
    g_assert_null (culprit_pattern_editor_get_error (editor));
    /* the line it came from matches in the sample, which shows it */
    g_assert_cmpuint (culprit_pattern_editor_get_sample_matches (editor), >, 0);
    assert_line_drawn (culprit_pattern_editor_get_sample_view (editor),
                       culprit_log_view_get_current_line (culprit_pattern_editor_get_sample_view (editor)));
    gtk_window_destroy (GTK_WINDOW (editor));
  }

  /* a compiler's coloured output */
  {
    g_autoptr(CulpritBuild) compile = find_build (store, "Compile error");
    g_autofree char *colours = NULL;

    culprit_window_show_build (window, compile);
    g_assert_true (culprit_gui_test_wait (build_loaded, window, 30000));
    g_assert_true (culprit_log_model_get_n_highlighted (culprit_log_view_get_model (view)) > 0);
    colours = culprit_gui_test_save_png (GTK_WIDGET (window), "log-colours.png");
  }
  close_window (window);
}

typedef struct
{
  CulpritPatternEditor *editor;
} EditorWait;

static gboolean
sample_loaded (gpointer data)
{
  return !culprit_pattern_editor_get_sample_loading (data);
}

static gboolean
count_settled (gpointer data)
{
  CulpritPreviewCounter *counter = culprit_pattern_editor_get_counter (data);

  return !culprit_preview_counter_get_running (counter) && culprit_preview_counter_get_total (counter) > 0;
}

/* What the count must be: the builds whose stored log the pattern matches. */
static guint
count_matching_builds (CulpritPattern *pattern)
{
  g_autoptr(CulpritStore) store = open_store ();
  g_autoptr(GPtrArray) patterns = g_ptr_array_new ();
  g_autoptr(CulpritMatcher) matcher = NULL;
  g_autoptr(GArray) logs = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  g_ptr_array_add (patterns, pattern);
  matcher = culprit_matcher_new (patterns, &error);
  g_assert_no_error (error);
  logs = culprit_store_list_logged_builds (store, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < logs->len; i++)
    {
      const CulpritLoggedBuild *b = &g_array_index (logs, CulpritLoggedBuild, i);
      g_autoptr(GBytes) log = culprit_store_load_log (store, b->build_id, &error);
      g_autoptr(CulpritScanResult) result = NULL;

      g_assert_no_error (error);
      result = culprit_matcher_scan (matcher, g_bytes_get_data (log, NULL), g_bytes_get_size (log),
                                     b->step_name);
      n += culprit_scan_result_get_n_matches (result) > 0;
    }
  return n;
}

static void
test_pattern_editor (void)
{
  CulpritWindow *window = open_window ();
  g_autoptr(CulpritStore) store = open_store ();
  g_autoptr(CulpritBuild) sample = find_build (store, "Out of memory");
  g_autoptr(CulpritPattern) oom = culprit_store_find_pattern (store, "Out of memory", NULL);
  g_autoptr(CulpritPattern) typed = NULL;
  g_autofree char *png = NULL;
  CulpritPatternEditor *editor;
  CulpritPreviewCounter *counter;
  guint expected;

  g_assert_nonnull (oom);
  editor = culprit_pattern_editor_new (GTK_WINDOW (window), window->database, oom,
                                       culprit_build_get_id (sample));
  gtk_window_present (GTK_WINDOW (editor));
  g_assert_true (culprit_gui_test_wait (sample_loaded, editor, 30000));
  g_assert_true (culprit_gui_test_wait (count_settled, editor, 60000));
  counter = culprit_pattern_editor_get_counter (editor);

  /* an invalid regular expression: what is wrong and where, in the
   * expression being typed (not GRegex's words about the pattern's old
   * name), and no count */
  gtk_editable_set_text (culprit_pattern_editor_get_expression (editor), "Killed process (\\d+");
  g_assert_cmpstr (culprit_pattern_editor_get_error (editor), ==,
                   "Unmatched ( at character 16: “(\\d+”");
  g_assert_false (culprit_preview_counter_get_running (counter));
  png = culprit_gui_test_save_png (GTK_WIDGET (editor), "pattern-editor-error.png");
  g_clear_pointer (&png, g_free);

  /* typed: the sample's matches at once, the store's count in the background */
  gtk_editable_set_text (culprit_pattern_editor_get_expression (editor), "Killed process \\d+");
  g_assert_null (culprit_pattern_editor_get_error (editor));
  g_assert_cmpuint (culprit_pattern_editor_get_sample_matches (editor), >, 0);
  g_assert_true (culprit_gui_test_wait (count_settled, editor, 60000));
  g_test_message ("First live-preview count after %.3f s",
                  culprit_preview_counter_get_first_result_us (counter) / 1e6);

  typed = culprit_pattern_editor_dup_pattern (editor);
  expected = count_matching_builds (typed);
  g_assert_cmpuint (expected, >, 0);
  g_assert_cmpuint (culprit_preview_counter_get_matched (counter), ==, expected);
  g_assert_cmpuint (culprit_preview_counter_get_scanned (counter), ==,
                    culprit_preview_counter_get_total (counter));

  png = culprit_gui_test_save_png (GTK_WIDGET (editor), "pattern-editor.png");
  gtk_window_destroy (GTK_WINDOW (editor));
  close_window (window);
}

typedef struct
{
  CulpritWindow *window;
  const char    *name;
} CauseWait;

static gboolean
overview_shows_cause (gpointer data)
{
  CauseWait *wait = data;
  GListModel *causes = culprit_overview_page_get_causes (wait->window->overview_page);

  if (culprit_page_get_loading (CULPRIT_PAGE (wait->window->overview_page)))
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (causes); i++)
    {
      g_autoptr(CulpritChartItem) item = g_list_model_get_item (causes, i);

      if (g_strcmp0 (culprit_chart_item_get_label (item), wait->name) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
refresh_idle (gpointer data)
{
  CulpritWindow *window = data;

  return !culprit_refresh_get_running (window->refresh);
}

typedef struct
{
  CulpritWindow *window;
  gboolean       started;
  gboolean       progress_shown;
} ScanSeen;

/* Whether the header bar shows the scan's progress (and its stop button
 * instead of Refresh) when it starts. */
static void
on_scan_running (CulpritRefresh *refresh,
                 GParamSpec     *pspec,
                 ScanSeen       *seen)
{
  GtkWidget *stop = gtk_widget_get_last_child (seen->window->refresh_box);

  if (!culprit_refresh_get_running (refresh))
    return;
  seen->started = TRUE;
  seen->progress_shown = gtk_widget_get_visible (seen->window->refresh_box) &&
                         !gtk_widget_get_visible (seen->window->refresh_button) &&
                         GTK_IS_BUTTON (stop) &&
                         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (stop)),
                                    "win.cancel-refresh") == 0;
}

static gboolean
build_page_shows_new_cause (gpointer data)
{
  CulpritWindow *window = data;
  CulpritBuild *build = culprit_build_page_get_build (window->build_page);

  return build != NULL && g_strcmp0 (culprit_build_get_best_pattern (build), "DNS failure (editor)") == 0;
}

static void
test_save_pattern (void)
{
  CulpritWindow *window = open_window ();
  g_autoptr(CulpritPattern) pattern = culprit_pattern_new ("DNS failure (editor)", "Could not resolve host", FALSE);
  const char *tags[] = { "flaky", NULL };
  CulpritBuildFilter all = { 0 };
  CauseWait wait = { window, "DNS failure (editor)" };
  ScanSeen scan = { window, FALSE, FALSE };
  CulpritPatternEditor *editor;
  g_autoptr(CulpritStore) store = open_store ();
  g_autoptr(CulpritBuild) dns = find_build (store, "DNS resolution failed");

  /* a build the new pattern takes, open meanwhile */
  culprit_window_show_build (window, dns);
  g_assert_true (culprit_gui_test_wait (build_loaded, window, 30000));
  g_assert_cmpstr (culprit_build_get_best_pattern (culprit_build_page_get_build (window->build_page)), ==,
                   "DNS resolution failed");
  culprit_log_view_scroll_to_line (culprit_build_page_get_log_view (window->build_page), 2);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);

  culprit_window_show_view (window, "overview");
  culprit_overview_page_set_filter (window->overview_page, NULL, NULL, "all");
  g_assert_true (culprit_gui_test_wait (overview_loaded, window, 30000));
  g_assert_false (overview_shows_cause (&wait));

  /* more specific than the demo's DNS pattern: it takes its builds */
  culprit_pattern_set_specificity (pattern, 10);
  culprit_pattern_set_tags (pattern, tags);
  editor = culprit_pattern_editor_new (GTK_WINDOW (window), window->database, pattern, 0);
  gtk_window_present (GTK_WINDOW (editor));
  g_assert_true (culprit_gui_test_wait (sample_loaded, editor, 30000));
  g_signal_connect (window->refresh, "notify::running", G_CALLBACK (on_scan_running), &scan);
  culprit_pattern_editor_save (editor);

  /* the scan shows its progress, with a stop button, in the header bar */
  g_assert_true (culprit_gui_test_wait (overview_shows_cause, &wait, 60000));
  g_signal_handlers_disconnect_by_func (window->refresh, on_scan_running, &scan);
  g_assert_true (scan.started);
  g_assert_true (scan.progress_shown);
  g_assert_true (culprit_gui_test_wait (refresh_idle, window, 60000));
  g_assert_false (gtk_widget_get_visible (window->refresh_box));
  g_assert_true (gtk_widget_get_visible (window->refresh_button));
  check_charts (window, &all);

  /* back on the build's page, as a user goes back to it: it read its
   * build again, and stayed at its line */
  g_assert_true (adw_leaflet_navigate (window->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD));
  g_assert_true (culprit_gui_test_wait (build_page_shows_new_cause, window, 30000));
  g_assert_true (culprit_gui_test_wait (build_page_idle, window, 30000));
  g_assert_cmpstr (culprit_build_get_best_pattern (culprit_build_page_get_build (window->build_page)), ==,
                   "DNS failure (editor)");
  g_assert_cmpuint (culprit_log_view_get_current_line (culprit_build_page_get_log_view (window->build_page)), ==, 2);
  close_window (window);
}

static gboolean
patterns_loaded (gpointer data)
{
  CulpritWindow *window = data;

  return !culprit_page_get_loading (CULPRIT_PAGE (window->patterns_page)) &&
         g_list_model_get_n_items (culprit_patterns_page_get_items (window->patterns_page)) > 0;
}

/* The patterns page's numbers are the report's (failures explained) and
 * the stored matches' (builds matched at all). */
static void
test_patterns (void)
{
  CulpritWindow *window = open_window ();
  g_autoptr(CulpritStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CulpritReport) report = culprit_report_new (store, NULL, &error);
  g_autoptr(GArray) stats = culprit_store_list_pattern_stats (store, &error);
  g_autoptr(GPtrArray) live = culprit_store_list_patterns (store, FALSE, &error);
  g_autofree char *png = NULL;
  GListModel *items;
  guint previous = G_MAXUINT;

  g_assert_no_error (error);
  culprit_window_show_view (window, "patterns");
  g_assert_true (culprit_gui_test_wait (patterns_loaded, window, 30000));
  items = culprit_patterns_page_get_items (window->patterns_page);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, live->len);

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(CulpritPatternItem) item = g_list_model_get_item (items, i);
      gint64 id = culprit_pattern_get_id (culprit_pattern_item_get_pattern (item));
      guint best = 0, matched = 0;

      for (guint c = 0; c < culprit_report_get_n_causes (report); c++)
        if (culprit_report_get_cause (report, c)->pattern_id == id)
          best = culprit_report_get_cause (report, c)->builds;
      for (guint s = 0; s < stats->len; s++)
        if (g_array_index (stats, CulpritPatternStats, s).pattern_id == id)
          matched = g_array_index (stats, CulpritPatternStats, s).builds;

      g_assert_cmpuint (culprit_pattern_item_get_builds (item), ==, best);
      g_assert_cmpuint (culprit_pattern_item_get_matched (item), ==, matched);
      g_assert_cmpuint (culprit_pattern_item_get_matched (item), >=, culprit_pattern_item_get_builds (item));
      /* most failures first */
      g_assert_cmpuint (culprit_pattern_item_get_builds (item), <=, previous);
      previous = culprit_pattern_item_get_builds (item);
    }

  png = culprit_gui_test_save_png (GTK_WIDGET (window), "patterns.png");
  close_window (window);
}

static gboolean widget_mapped (gpointer data);

static CulpritPatternEditor *
find_editor (void)
{
  CulpritPatternEditor *editor = NULL;
  GList *toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l; l = l->next)
    if (CULPRIT_IS_PATTERN_EDITOR (l->data))
      editor = l->data;
  g_list_free (toplevels);
  return editor;
}

static gboolean
editor_open (gpointer unused)
{
  return find_editor () != NULL;
}

/* The patterns page's column view, as a user reaches it. */
static GtkColumnView *
patterns_column_view (CulpritWindow *window)
{
  GtkWidget *w = GTK_WIDGET (window->patterns_page);

  /* depth-first: the first column view under the page */
  while (w != NULL && !GTK_IS_COLUMN_VIEW (w))
    {
      if (gtk_widget_get_first_child (w) != NULL)
        w = gtk_widget_get_first_child (w);
      else
        {
          while (w != NULL && gtk_widget_get_next_sibling (w) == NULL)
            w = w == GTK_WIDGET (window->patterns_page) ? NULL : gtk_widget_get_parent (w);
          if (w != NULL && w != GTK_WIDGET (window->patterns_page))
            w = gtk_widget_get_next_sibling (w);
          else
            w = NULL;
        }
    }
  g_assert_nonnull (w);
  return GTK_COLUMN_VIEW (w);
}

/* Editing a pattern from the patterns page opens, as its sample, a log the
 * pattern matches, one whose failure it explains, with its match drawn;
 * the drop-down still offers others. The newest failed build, which the
 * editor used to open, is not one of them. */
static void
test_edit_pattern_sample (void)
{
  CulpritWindow *window = open_window ();
  g_autoptr(CulpritStore) store = open_store ();
  CulpritBuildFilter failed = { .failed_only = TRUE };
  g_autoptr(GPtrArray) builds = culprit_store_list_builds (store, &failed, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) newest_matches = NULL;
  g_autofree char *png = NULL;
  CulpritBuild *newest = NULL;
  CulpritBuild *sample;
  CulpritPatternEditor *editor;
  CulpritLogView *view;
  GListModel *rows;
  gint64 pattern_id = 0;
  guint position = G_MAXUINT;

  /* the newest failed build with a log, and a pattern that does not match it */
  for (guint i = 0; i < builds->len && newest == NULL; i++)
    if (culprit_build_get_log_bytes (g_ptr_array_index (builds, i)) > 0)
      newest = g_ptr_array_index (builds, i);
  g_assert_nonnull (newest);
  newest_matches = culprit_store_list_build_matches (store, culprit_build_get_id (newest), &error);
  g_assert_no_error (error);

  culprit_window_show_view (window, "patterns");
  g_assert_true (culprit_gui_test_wait (patterns_loaded, window, 30000));
  rows = G_LIST_MODEL (gtk_column_view_get_model (patterns_column_view (window)));
  for (guint i = 0; i < g_list_model_get_n_items (rows) && position == G_MAXUINT; i++)
    {
      g_autoptr(CulpritPatternItem) item = g_list_model_get_item (rows, i);
      gint64 id = culprit_pattern_get_id (culprit_pattern_item_get_pattern (item));
      gboolean matches_newest = FALSE;

      for (guint m = 0; m < newest_matches->len; m++)
        matches_newest |= g_array_index (newest_matches, CulpritStoredMatch, m).pattern_id == id;
      if (!matches_newest && culprit_pattern_item_get_builds (item) > 0 &&
          culprit_pattern_get_kind (culprit_pattern_item_get_pattern (item)) == CULPRIT_PATTERN_KIND_CAUSE)
        {
          position = i;
          pattern_id = id;
        }
    }
  g_assert_cmpuint (position, !=, G_MAXUINT);

  /* activating the row opens the editor (once the window has read the
   * pattern by its id) */
  g_signal_emit_by_name (patterns_column_view (window), "activate", position);
  g_assert_true (culprit_gui_test_wait (editor_open, NULL, 30000));
  editor = find_editor ();
  g_assert_nonnull (editor);
  g_assert_true (culprit_gui_test_wait (sample_loaded, editor, 30000));

  sample = culprit_pattern_editor_get_sample_build (editor);
  g_assert_nonnull (sample);
  g_assert_cmpint (culprit_build_get_best_pattern_id (sample), ==, pattern_id);
  g_assert_cmpuint (culprit_pattern_editor_get_n_samples (editor), >, 1);
  g_assert_cmpuint (culprit_pattern_editor_get_sample_matches (editor), >, 0);
  view = culprit_pattern_editor_get_sample_view (editor);
  g_assert_true (culprit_gui_test_wait (widget_mapped, view, 10000));
  assert_line_drawn (view, culprit_log_view_get_current_line (view));
  g_assert_true (culprit_log_model_get_n_highlighted (culprit_log_view_get_model (view)) > 0);
  png = culprit_gui_test_save_png (GTK_WIDGET (editor), "pattern-editor-edit.png");

  gtk_window_destroy (GTK_WINDOW (editor));
  close_window (window);
}

/* The message dialog that @parent shows, if any. */
static AdwMessageDialog *
find_message_dialog (GtkWindow *parent)
{
  AdwMessageDialog *dialog = NULL;
  GList *toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data) &&
        gtk_window_get_transient_for (l->data) == parent)
      dialog = l->data;
  g_list_free (toplevels);
  return dialog;
}

static gboolean
editor_gone (gpointer data)
{
  return find_editor () == NULL;
}

static CulpritPatternEditor *
open_editor (CulpritWindow *window,
             const char    *name)
{
  g_autoptr(CulpritStore) store = open_store ();
  g_autoptr(CulpritPattern) pattern = culprit_store_find_pattern (store, name, NULL);
  CulpritPatternEditor *editor;

  g_assert_nonnull (pattern);
  culprit_window_edit_pattern (window, pattern, 0);
  editor = find_editor ();
  g_assert_nonnull (editor);
  g_assert_true (culprit_gui_test_wait (sample_loaded, editor, 30000));
  g_assert_true (culprit_gui_test_wait (widget_mapped, editor, 10000));
  return editor;
}

typedef struct
{
  const char *name;
  const char *description;
} DescriptionWait;

static gboolean
store_has_description (gpointer data)
{
  DescriptionWait *wait = data;
  g_autoptr(CulpritStore) store = open_store ();
  g_autoptr(CulpritPattern) pattern = culprit_store_find_pattern (store, wait->name, NULL);

  return pattern != NULL && g_strcmp0 (culprit_pattern_get_description (pattern), wait->description) == 0;
}

/* Escape, Cancel and closing the editor throw edits away only when the
 * user says so: with no edits it just closes; with edits it asks
 * "Discard Changes?" with Cancel, Discard and Save (Save only when the
 * pattern could be stored). */
static void
test_editor_discard (void)
{
  CulpritWindow *window = open_window ();
  g_autoptr(CulpritStore) store = open_store ();
  g_autoptr(CulpritPattern) before = culprit_store_find_pattern (store, "Out of memory", NULL);
  g_autoptr(CulpritPattern) after = NULL;
  g_autofree char *png = NULL;
  g_autofree char *description = g_strdup_printf ("Saved from the Discard Changes? dialog at %" G_GINT64_FORMAT,
                                                  g_get_real_time ());
  DescriptionWait wait = { "DNS resolution failed", description };
  CulpritPatternEditor *editor;
  AdwMessageDialog *dialog;

  /* no edits: Escape closes */
  editor = open_editor (window, "Out of memory");
  g_assert_false (culprit_pattern_editor_get_modified (editor));
  g_assert_true (culprit_gui_test_press_shortcut (GTK_WIDGET (editor), GDK_KEY_Escape, 0));
  g_assert_true (culprit_gui_test_wait (editor_gone, NULL, 10000));

  /* an edit: Escape asks, Cancel keeps the editor and the edit */
  editor = open_editor (window, "Out of memory");
  gtk_editable_set_text (culprit_pattern_editor_get_expression (editor), "Killed process (\\d+");
  g_assert_true (culprit_pattern_editor_get_modified (editor));
  g_assert_true (culprit_gui_test_press_shortcut (GTK_WIDGET (editor), GDK_KEY_Escape, 0));
  dialog = find_message_dialog (GTK_WINDOW (editor));
  g_assert_nonnull (dialog);
  g_assert_true (culprit_gui_test_wait (widget_mapped, dialog, 10000));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Discard Changes?");
  g_assert_true (adw_message_dialog_has_response (dialog, "discard"));
  /* the edit is an invalid expression: it cannot be saved from here */
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));
  png = culprit_gui_test_save_png (GTK_WIDGET (dialog), "discard-dialog.png");
  adw_message_dialog_response (dialog, "cancel");
  culprit_gui_test_settle (100);
  g_assert_true (find_editor () == editor);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (editor)));
  g_assert_cmpstr (gtk_editable_get_text (culprit_pattern_editor_get_expression (editor)), ==,
                   "Killed process (\\d+");

  /* the Cancel button asks too; Discard closes and stores nothing */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "window.close", NULL));
  dialog = find_message_dialog (GTK_WINDOW (editor));
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "discard");
  g_assert_true (culprit_gui_test_wait (editor_gone, NULL, 10000));
  after = culprit_store_find_pattern (store, "Out of memory", NULL);
  g_assert_cmpint (culprit_pattern_get_id (after), ==, culprit_pattern_get_id (before));
  g_assert_cmpstr (culprit_pattern_get_expression (after), ==, culprit_pattern_get_expression (before));

  /* closing the window with a valid edit: Save stores it */
  editor = open_editor (window, wait.name);
  gtk_editable_set_text (culprit_pattern_editor_get_description (editor), wait.description);
  g_assert_true (culprit_pattern_editor_get_modified (editor));
  gtk_window_close (GTK_WINDOW (editor));
  dialog = find_message_dialog (GTK_WINDOW (editor));
  g_assert_nonnull (dialog);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "save"));
  adw_message_dialog_response (dialog, "save");
  g_assert_true (culprit_gui_test_wait (editor_gone, NULL, 30000));
  g_assert_true (culprit_gui_test_wait (store_has_description, &wait, 30000));
  g_assert_true (culprit_gui_test_wait (refresh_idle, window, 60000));

  close_window (window);
}

typedef struct
{
  CulpritWindow *window;
  const char    *name;
  gint64         id;          /* the version to wait for, or 0 */
  gboolean       retired;
} PatternRowWait;

/* The patterns page, loaded, shows a row for @name in the state wanted. */
static gboolean
patterns_show (gpointer data)
{
  PatternRowWait *wait = data;
  GListModel *items = culprit_patterns_page_get_items (wait->window->patterns_page);

  if (culprit_page_get_loading (CULPRIT_PAGE (wait->window->patterns_page)))
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(CulpritPatternItem) item = g_list_model_get_item (items, i);
      CulpritPattern *pattern = culprit_pattern_item_get_pattern (item);

      if (g_strcmp0 (culprit_pattern_get_name (pattern), wait->name) == 0 &&
          culprit_pattern_get_retired (pattern) == wait->retired &&
          (wait->id == 0 || culprit_pattern_get_id (pattern) == wait->id))
        return TRUE;
    }
  return FALSE;
}

static guint
find_row (CulpritWindow *window,
          const char    *name,
          gboolean       retired)
{
  GListModel *items = culprit_patterns_page_get_items (window->patterns_page);

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(CulpritPatternItem) item = g_list_model_get_item (items, i);
      CulpritPattern *pattern = culprit_pattern_item_get_pattern (item);

      if (g_strcmp0 (culprit_pattern_get_name (pattern), name) == 0 &&
          culprit_pattern_get_retired (pattern) == retired)
        return i;
    }
  g_assert_not_reached ();
  return 0;
}

/* A retired pattern can be seen and restored after its toast is gone:
 * "Show Retired" lists it, marked, and "Restore" brings it back as a new
 * live version, which the stored builds are scanned for. */
static void
test_restore_pattern (void)
{
  CulpritWindow *window = open_window ();
  g_autoptr(CulpritStore) store = open_store ();
  g_autoptr(CulpritPattern) before = culprit_store_find_pattern (store, "PyPI mirror down", NULL);
  g_autoptr(CulpritPattern) after = NULL;
  g_autoptr(GArray) stats = NULL;
  g_autofree char *png = NULL;
  PatternRowWait wait = { window, "PyPI mirror down", 0, FALSE };
  GtkWidget *page = GTK_WIDGET (window->patterns_page);
  GtkSingleSelection *selection;
  guint matched = 0;

  g_assert_nonnull (before);
  culprit_window_show_view (window, "patterns");
  g_assert_true (culprit_gui_test_wait (patterns_loaded, window, 30000));
  g_assert_true (culprit_gui_test_wait (patterns_show, &wait, 30000));
  selection = GTK_SINGLE_SELECTION (culprit_patterns_page_get_items (window->patterns_page));

  /* retire it as a user does: select its row, press Delete */
  gtk_single_selection_set_selected (selection, find_row (window, wait.name, FALSE));
  g_assert_true (culprit_gui_test_press_shortcut (page, GDK_KEY_Delete, 0));
  wait.retired = TRUE;
  wait.id = culprit_pattern_get_id (before);
  g_assert_true (culprit_gui_test_wait (patterns_loaded, window, 30000));
  g_assert_false (patterns_show (&wait));

  /* "Show Retired" lists it */
  g_assert_true (gtk_widget_activate_action (page, "patterns.show-retired", NULL));
  g_assert_true (culprit_patterns_page_get_show_retired (window->patterns_page));
  g_assert_true (culprit_gui_test_wait (patterns_show, &wait, 30000));
  gtk_single_selection_set_selected (selection, find_row (window, wait.name, TRUE));
  culprit_gui_test_settle (100);
  png = culprit_gui_test_save_png (GTK_WIDGET (window), "patterns-retired.png");

  /* "Restore": a new live version, scanned for */
  g_assert_true (gtk_widget_activate_action (page, "patterns.restore", NULL));
  after = NULL;
  wait.retired = FALSE;
  wait.id = 0;
  g_assert_true (culprit_gui_test_wait (patterns_show, &wait, 30000));
  g_assert_true (culprit_gui_test_wait (refresh_idle, window, 60000));
  after = culprit_store_find_pattern (store, "PyPI mirror down", NULL);
  g_assert_nonnull (after);
  g_assert_cmpint (culprit_pattern_get_id (after), >, culprit_pattern_get_id (before));
  g_assert_true (culprit_pattern_same_definition (after, before));
  stats = culprit_store_list_pattern_stats (store, NULL);
  for (guint i = 0; i < stats->len; i++)
    if (g_array_index (stats, CulpritPatternStats, i).pattern_id == culprit_pattern_get_id (after))
      matched = g_array_index (stats, CulpritPatternStats, i).builds;
  g_assert_cmpuint (matched, >, 0);

  culprit_patterns_page_set_show_retired (window->patterns_page, FALSE);
  close_window (window);
}

typedef struct
{
  CulpritWindow *window;
  gint64         build_id;
} HealthWait;

static gboolean
health_loaded (gpointer data)
{
  CulpritWindow *window = data;

  return !culprit_page_get_loading (CULPRIT_PAGE (window->health_page)) &&
         culprit_health_page_get_branch (window->health_page) != NULL;
}

static gboolean
health_shows_annotation (gpointer data)
{
  HealthWait *wait = data;
  CulpritHealthGrid *grid = CULPRIT_HEALTH_GRID (culprit_health_page_get_grid (wait->window->health_page));

  if (culprit_page_get_loading (CULPRIT_PAGE (wait->window->health_page)))
    return FALSE;
  for (guint r = 0; r < culprit_health_grid_get_n_rows (grid); r++)
    for (guint c = 0; c < culprit_health_grid_get_n_columns (grid); c++)
      {
        CulpritBuild *b = culprit_health_grid_get_build (grid, r, c);

        if (b != NULL && culprit_build_get_id (b) == wait->build_id)
          return culprit_health_grid_get_annotated (grid, r, c) &&
                 culprit_health_grid_get_color (grid, r, c) == CULPRIT_CHART_COLOR_KNOWN_PROBLEM;
      }
  return FALSE;
}

static gboolean
health_shows_build_unmarked (gpointer data)
{
  HealthWait *wait = data;
  CulpritHealthGrid *grid = CULPRIT_HEALTH_GRID (culprit_health_page_get_grid (wait->window->health_page));

  if (culprit_page_get_loading (CULPRIT_PAGE (wait->window->health_page)))
    return FALSE;
  for (guint r = 0; r < culprit_health_grid_get_n_rows (grid); r++)
    for (guint c = 0; c < culprit_health_grid_get_n_columns (grid); c++)
      {
        CulpritBuild *b = culprit_health_grid_get_build (grid, r, c);

        if (b != NULL && culprit_build_get_id (b) == wait->build_id)
          return !culprit_health_grid_get_annotated (grid, r, c);
      }
  return FALSE;
}

/* The main branch's grid: each cell is the newest build of its commit and
 * job; a failure marked as a known problem is shown as one. */
static void
test_health (void)
{
  CulpritWindow *window = open_window ();
  g_autoptr(CulpritStore) store = open_store ();
  g_autoptr(GPtrArray) builds = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *png = NULL;
  CulpritBuildFilter filter = { .branch = "master" };
  CulpritHealthGrid *grid;
  CulpritBuild *to_mark = NULL;
  HealthWait wait = { window, 0 };

  culprit_window_show_view (window, "health");
  g_assert_true (culprit_gui_test_wait (health_loaded, window, 30000));
  g_assert_cmpstr (culprit_health_page_get_branch (window->health_page), ==, "master");
  grid = CULPRIT_HEALTH_GRID (culprit_health_page_get_grid (window->health_page));
  g_assert_cmpuint (culprit_health_grid_get_n_rows (grid), >, 0);

  builds = culprit_store_list_builds (store, &filter, &error);
  g_assert_no_error (error);
  for (guint r = 0; r < culprit_health_grid_get_n_rows (grid); r++)
    for (guint c = 0; c < culprit_health_grid_get_n_columns (grid); c++)
      {
        CulpritBuild *cell = culprit_health_grid_get_build (grid, r, c);
        CulpritBuild *newest = NULL;

        for (guint i = 0; i < builds->len && newest == NULL; i++)
          {
            CulpritBuild *b = g_ptr_array_index (builds, i);

            if (g_strcmp0 (culprit_build_get_vcs_revision (b), culprit_health_grid_get_commit (grid, r)) == 0 &&
                g_strcmp0 (culprit_build_get_job (b), culprit_health_grid_get_job (grid, c)) == 0)
              newest = b;
          }
        if (newest == NULL)
          {
            g_assert_null (cell);
            continue;
          }
        g_assert_nonnull (cell);
        g_assert_cmpint (culprit_build_get_id (cell), ==, culprit_build_get_id (newest));
        if (to_mark == NULL && culprit_build_is_failed (cell) &&
            g_strcmp0 (culprit_build_get_category (cell), CULPRIT_CATEGORY_KNOWN_PROBLEM) != 0)
          to_mark = cell;
      }

  g_assert_nonnull (to_mark);
  wait.build_id = culprit_build_get_id (to_mark);
  culprit_health_page_annotate (window->health_page, to_mark, "INFRA-42: the runners are out of disk");
  g_assert_true (culprit_gui_test_wait (health_shows_annotation, &wait, 30000));
  g_assert_cmpuint (g_list_model_get_n_items (culprit_health_page_get_weeks (window->health_page)), >, 0);

  png = culprit_gui_test_save_png (GTK_WIDGET (window), "health-grid.png");
  close_window (window);
}

static gboolean widget_mapped (gpointer data);

static guint
known_problems (CulpritReport *report)
{
  return culprit_report_get_category (report, CULPRIT_CATEGORY_KNOWN_PROBLEM);
}

/* The overview's known-problem number, checked against culprit_report */
static guint
overview_known_problems (CulpritWindow *window,
                         CulpritStore  *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CulpritReport) report = NULL;
  CulpritBuildFilter filter = { 0 };
  guint shown;

  culprit_window_show_view (window, "overview");
  culprit_overview_page_set_filter (window->overview_page, NULL, NULL, "all");
  g_assert_true (culprit_gui_test_wait (overview_loaded, window, 30000));
  culprit_overview_page_get_filter (window->overview_page, &filter);
  report = culprit_report_new (store, &filter, &error);
  g_assert_no_error (error);
  shown = known_problems (culprit_overview_page_get_report (window->overview_page));
  g_assert_cmpuint (shown, ==, known_problems (report));
  return shown;
}

typedef struct
{
  CulpritWindow *window;
  const char    *revision;
} CommitWait;

/* every failure of the commit's row is marked */
static gboolean
health_shows_commit_marked (gpointer data)
{
  CommitWait *wait = data;
  CulpritHealthGrid *grid = CULPRIT_HEALTH_GRID (culprit_health_page_get_grid (wait->window->health_page));
  gboolean found = FALSE;

  if (culprit_page_get_loading (CULPRIT_PAGE (wait->window->health_page)))
    return FALSE;
  for (guint r = 0; r < culprit_health_grid_get_n_rows (grid); r++)
    {
      if (g_strcmp0 (culprit_health_grid_get_commit (grid, r), wait->revision) != 0)
        continue;
      for (guint c = 0; c < culprit_health_grid_get_n_columns (grid); c++)
        {
          CulpritBuild *b = culprit_health_grid_get_build (grid, r, c);

          if (b == NULL || !culprit_build_is_failed (b))
            continue;
          if (!culprit_health_grid_get_annotated (grid, r, c))
            return FALSE;
          found = TRUE;
        }
    }
  return found;
}

typedef struct
{
  gint64   first_queued;
  gboolean unexplained;
} TestCommit;

/* The unexplained-failures chart against the store: per week (of the
 * commit's first build on the branch), the per cent of commits with a
 * build in the category "unexplained" */
static void
check_unexplained_chart (CulpritHealthPage *page,
                         CulpritStore      *store)
{
  CulpritBuildFilter filter = { .branch = (char *)culprit_health_page_get_branch (page) };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) builds = culprit_store_list_builds (store, &filter, &error);
  g_autoptr(GHashTable) commits = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GHashTable) unexplained = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) totals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GListModel *weeks = culprit_health_page_get_unexplained_weeks (page);
  GHashTableIter iter;
  TestCommit *commit;
  guint any_unexplained = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < builds->len; i++)
    {
      CulpritBuild *b = g_ptr_array_index (builds, i);

      if (culprit_build_get_vcs_revision (b) == NULL)
        continue;
      commit = g_hash_table_lookup (commits, culprit_build_get_vcs_revision (b));
      if (commit == NULL)
        {
          commit = g_new0 (TestCommit, 1);
          commit->first_queued = G_MAXINT64;
          g_hash_table_insert (commits, (gpointer)culprit_build_get_vcs_revision (b), commit);
        }
      commit->first_queued = MIN (commit->first_queued, culprit_build_get_queued_at (b));
      commit->unexplained |= g_strcmp0 (culprit_build_get_category (b), CULPRIT_CATEGORY_UNEXPLAINED) == 0;
    }
  g_hash_table_iter_init (&iter, commits);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&commit))
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (commit->first_queued);
      g_autoptr(GDateTime) monday = g_date_time_add_days (dt, 1 - g_date_time_get_day_of_week (dt));
      char *key = g_date_time_format (monday, "%Y-%m-%d");

      g_hash_table_insert (unexplained, g_strdup (key),
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (unexplained, key)) +
                                             commit->unexplained));
      g_hash_table_insert (totals, key, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (totals, key)) + 1));
      any_unexplained += commit->unexplained;
    }
  g_assert_cmpuint (any_unexplained, >, 0);

  g_assert_cmpuint (g_list_model_get_n_items (weeks), ==, g_hash_table_size (totals));
  for (guint i = 0; i < g_list_model_get_n_items (weeks); i++)
    {
      g_autoptr(CulpritChartItem) item = g_list_model_get_item (weeks, i);
      g_autoptr(CulpritChartItem) previous = i ? g_list_model_get_item (weeks, i - 1) : NULL;
      const char *key = culprit_chart_item_get_key (item);
      guint u = GPOINTER_TO_UINT (g_hash_table_lookup (unexplained, key));
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (totals, key));
      guint percent = (guint)(100.0 * u / n + 0.5);
      g_autofree char *numbers = g_strdup_printf ("%u of %u", u, n);
      CulpritChartColor color;

      g_assert_cmpuint (n, >, 0);
      if (previous != NULL)
        g_assert_cmpstr (culprit_chart_item_get_key (previous), <, key);
      g_assert_cmpuint (culprit_chart_item_get_n_segments (item), ==, 2);
      g_assert_cmpuint (culprit_chart_item_get_segment (item, 0, &color), ==, percent);
      g_assert_cmpint (color, ==, CULPRIT_CHART_COLOR_UNEXPLAINED);
      g_assert_cmpuint (culprit_chart_item_get_total (item), ==, 100);
      /* the exact numbers, in the tooltip and the accessible description */
      g_assert_nonnull (strstr (culprit_chart_item_get_value_text (item), numbers));
      g_assert_nonnull (strstr (culprit_chart_item_get_detail (item), numbers));
    }
}

/* "Mark Commit as Known Problem…" through the page's action and its
 * dialog marks every failure of the commit: the grid outlines them, the
 * overview's known problems grow by them, and the unexplained-failures
 * chart agrees with the store. */
static void
test_health_marks (void)
{
  CulpritWindow *window = open_window ();
  g_autoptr(CulpritStore) store = open_store ();
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *png = NULL;
  CulpritHealthGrid *grid;
  CulpritBuild *target = NULL;
  CulpritMarkDialog *dialog;
  CommitWait wait = { window, NULL };
  g_autofree char *dialog_png = NULL;
  g_autofree char *range_png = NULL;
  const char *oldest;
  guint before, expected = 0;

  before = overview_known_problems (window, store);

  culprit_window_show_view (window, "health");
  g_assert_true (culprit_gui_test_wait (health_loaded, window, 30000));
  check_unexplained_chart (window->health_page, store);

  /* an unexplained failure, so that the chart has something to lose */
  grid = CULPRIT_HEALTH_GRID (culprit_health_page_get_grid (window->health_page));
  for (guint r = 0; r < culprit_health_grid_get_n_rows (grid) && target == NULL; r++)
    for (guint c = 0; c < culprit_health_grid_get_n_columns (grid) && target == NULL; c++)
      {
        CulpritBuild *b = culprit_health_grid_get_build (grid, r, c);

        if (b != NULL && g_strcmp0 (culprit_build_get_category (b), CULPRIT_CATEGORY_UNEXPLAINED) == 0)
          target = g_object_ref (b);
      }
  g_assert_nonnull (target);
  wait.revision = culprit_build_get_vcs_revision (target);

  /* what the store says will become known problems: the commit's failed
   * builds, on every branch, that are not known problems yet */
  all = culprit_store_list_builds (store, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < all->len; i++)
    {
      CulpritBuild *b = g_ptr_array_index (all, i);
      const char *state = culprit_build_get_state (b);

      if (g_strcmp0 (culprit_build_get_repo (b), culprit_build_get_repo (target)) == 0 &&
          g_strcmp0 (culprit_build_get_vcs_revision (b), wait.revision) == 0 &&
          g_strcmp0 (state, CULPRIT_BUILD_STATE_PASSED) != 0 &&
          g_strcmp0 (state, CULPRIT_BUILD_STATE_PENDING) != 0 &&
          g_strcmp0 (culprit_build_get_category (b), CULPRIT_CATEGORY_KNOWN_PROBLEM) != 0)
        expected++;
    }
  g_assert_cmpuint (expected, >, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window->health_page), "health.mark-commit", "x",
                                             culprit_build_get_id (target)));
  dialog = culprit_health_page_get_mark_dialog (window->health_page);
  g_assert_nonnull (dialog);
  g_assert_cmpint (culprit_mark_dialog_get_scope (dialog), ==, CULPRIT_MARK_SCOPE_COMMIT);
  culprit_mark_dialog_set_note (dialog, "INFRA-7: the artifact store was down");
  /* not a web address: the dialog does not take it */
  culprit_mark_dialog_set_issue_url (dialog, "INFRA-7");
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "mark"));
  culprit_mark_dialog_set_issue_url (dialog, "https://issues.example.com/INFRA-7");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "mark"));
  g_assert_true (culprit_gui_test_wait (widget_mapped, dialog, 10000));
  dialog_png = culprit_gui_test_save_png (GTK_WIDGET (dialog), "mark-dialog.png");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "mark");

  g_assert_true (culprit_gui_test_wait (health_shows_commit_marked, &wait, 30000));
  {
    g_autoptr(GPtrArray) annotations = culprit_store_list_annotations (store, NULL, &error);
    guint linked = 0;

    g_assert_no_error (error);
    for (guint i = 0; i < annotations->len; i++)
      {
        CulpritAnnotation *a = g_ptr_array_index (annotations, i);

        if (g_strcmp0 (a->issue_url, "https://issues.example.com/INFRA-7") == 0)
          {
            g_assert_cmpstr (a->note, ==, "INFRA-7: the artifact store was down");
            linked++;
          }
      }
    g_assert_cmpuint (linked, >=, expected);
  }
  check_unexplained_chart (window->health_page, store);
  png = culprit_gui_test_save_png (GTK_WIDGET (window), "health.png");

  /* and its lower half: the unexplained failures per week */
  {
    GtkWidget *scroller = gtk_widget_get_first_child (GTK_WIDGET (window->health_page));
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
    g_autofree char *lower = NULL;

    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
    lower = culprit_gui_test_save_png (GTK_WIDGET (window), "health-charts.png");
  }

  g_assert_cmpuint (overview_known_problems (window, store), ==, before + expected);

  /* "Remove Mark" on the build: it counts as before */
  culprit_window_show_view (window, "health");
  g_assert_true (culprit_gui_test_wait (health_loaded, window, 30000));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window->health_page), "health.remove-mark", "x",
                                             culprit_build_get_id (target)));
  g_assert_true (culprit_gui_test_wait (health_shows_build_unmarked, &(HealthWait) { window, culprit_build_get_id (target) },
                                        30000));
  g_assert_cmpuint (overview_known_problems (window, store), ==, before + expected - 1);

  /* "Mark Job Across Commits…": from the build's commit back to the
   * oldest commit shown, picked in the dialog's drop-down */
  culprit_window_show_view (window, "health");
  g_assert_true (culprit_gui_test_wait (health_loaded, window, 30000));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window->health_page), "health.mark-range", "x",
                                             culprit_build_get_id (target)));
  dialog = culprit_health_page_get_mark_dialog (window->health_page);
  g_assert_nonnull (dialog);
  g_assert_cmpint (culprit_mark_dialog_get_scope (dialog), ==, CULPRIT_MARK_SCOPE_JOB_RANGE);
  g_assert_cmpstr (culprit_mark_dialog_get_last_revision (dialog), ==, wait.revision);
  oldest = culprit_health_grid_get_commit (grid, culprit_health_grid_get_n_rows (grid) - 1);
  culprit_mark_dialog_set_last_revision (dialog, oldest);
  g_assert_cmpstr (culprit_mark_dialog_get_last_revision (dialog), ==, oldest);
  culprit_mark_dialog_set_note (dialog, "the runner image is broken");
  g_assert_true (culprit_gui_test_wait (widget_mapped, dialog, 10000));
  range_png = culprit_gui_test_save_png (GTK_WIDGET (dialog), "mark-range-dialog.png");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "mark");
  g_assert_true (culprit_gui_test_wait (health_shows_annotation, &(HealthWait) { window, culprit_build_get_id (target) },
                                        30000));

  g_object_unref (target);
  close_window (window);
}

static gboolean
widget_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

/* A window closed at one size opens at that size again. */
typedef struct
{
  GtkWidget *window;
  int        width;
  int        height;
} SizeWait;

static gboolean
window_size_is (gpointer data)
{
  SizeWait *wait = data;

  return gtk_widget_get_width (wait->window) == wait->width &&
         gtk_widget_get_height (wait->window) == wait->height;
}

static gboolean
window_resized_to_1000 (gpointer data)
{
  SizeWait *wait = data;

  /* drawn at that size: within its shadow's few pixels of it */
  return gtk_widget_get_width (wait->window) <= 1000 && gtk_widget_get_width (wait->window) > 960 &&
         gtk_widget_get_height (wait->window) <= 640 && gtk_widget_get_height (wait->window) > 600;
}

static void
test_window_size (void)
{
  CulpritWindow *window = open_window ();
  SizeWait wait = { GTK_WIDGET (window), gtk_widget_get_width (GTK_WIDGET (window)),
                    gtk_widget_get_height (GTK_WIDGET (window)) };
  int width = 0, height = 0;

  /* what a user's resize leaves: a new size, and the default size with it */
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 640);
  g_assert_true (culprit_gui_test_wait (window_resized_to_1000, &wait, 10000));
  wait.width = gtk_widget_get_width (GTK_WIDGET (window));
  wait.height = gtk_widget_get_height (GTK_WIDGET (window));
  g_test_message ("Resized to %d x %d", wait.width, wait.height);

  /* closed as the window manager's close button does */
  gtk_window_close (GTK_WINDOW (window));
  culprit_gui_test_settle (50);
  g_assert_cmpint (culprit_settings_get_int (culprit_settings_get_default (), "window-width"), ==, 1000);
  g_assert_cmpint (culprit_settings_get_int (culprit_settings_get_default (), "window-height"), ==, 640);

  window = culprit_application_open_path (app, db_path);
  wait.window = GTK_WIDGET (window);
  g_assert_true (culprit_gui_test_wait (window_ready, window, 60000));
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1000);
  g_assert_cmpint (height, ==, 640);
  g_assert_true (culprit_gui_test_wait (window_size_is, &wait, 10000));
  close_window (window);
}

/* Every mapped widget under @widget, down to the preferences groups and
 * leaving out the header bar, has at least the height it needs for the
 * width it was given, and lies inside its window: nothing is cut. */
static void
assert_not_clipped (GtkWidget *widget)
{
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (widget));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      graphene_rect_t bounds;
      GtkBorder css;
      int width, height, min_height;

      /* the header bar is GTK's own business */
      if (!gtk_widget_get_mapped (child) || ADW_IS_HEADER_BAR (child))
        continue;
      /* with the margins, CSS ones too, as measured */
      gtk_style_context_get_margin (gtk_widget_get_style_context (child), &css);
      width = gtk_widget_get_width (child) + gtk_widget_get_margin_start (child) +
              gtk_widget_get_margin_end (child) + css.left + css.right;
      height = gtk_widget_get_height (child) + gtk_widget_get_margin_top (child) +
               gtk_widget_get_margin_bottom (child) + css.top + css.bottom;
      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, &min_height, NULL, NULL, NULL);
      if (height < min_height)
        g_error ("%s is %d px high, it needs %d at %d px wide", G_OBJECT_TYPE_NAME (child),
                 height, min_height, width);
      g_assert_true (gtk_widget_compute_bounds (child, root, &bounds));
      g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (root));
      /* a group's rows are its business */
      if (!ADW_IS_PREFERENCES_GROUP (child))
        assert_not_clipped (child);
    }
}

/* The preferences, the "Add a Repository" dialog and the shortcuts window
 * open and draw (their PNGs are for looking at). */
static void
test_dialogs (void)
{
  CulpritWindow *window = open_window ();
  g_autofree char *prefs_png = NULL;
  g_autofree char *repo_png = NULL;
  g_autofree char *help_png = NULL;
  GtkWindow *dialog;
  GtkShortcutsWindow *help;
  GList *toplevels;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL);
  dialog = NULL;
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l; l = l->next)
    if (ADW_IS_PREFERENCES_WINDOW (l->data))
      dialog = l->data;
  g_list_free (toplevels);
  g_assert_nonnull (dialog);
  g_assert_true (culprit_gui_test_wait (widget_mapped, dialog, 10000));
  culprit_gui_test_settle (500);
  prefs_png = culprit_gui_test_save_png (GTK_WIDGET (dialog), "preferences.png");
  gtk_window_destroy (dialog);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-repository", NULL);
  dialog = gtk_application_get_active_window (GTK_APPLICATION (app));
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l; l = l->next)
    if (g_strcmp0 (G_OBJECT_TYPE_NAME (l->data), "CulpritRepositoryDialog") == 0)
      dialog = l->data;
  g_list_free (toplevels);
  g_assert_cmpstr (G_OBJECT_TYPE_NAME (dialog), ==, "CulpritRepositoryDialog");
  g_assert_true (culprit_gui_test_wait (widget_mapped, dialog, 10000));
  culprit_gui_test_settle (200);
  /* nothing in it is cut: the Server row's card and focus ring included */
  assert_not_clipped (GTK_WIDGET (dialog));
  repo_png = culprit_gui_test_save_png (GTK_WIDGET (dialog), "repository.png");
  gtk_window_destroy (dialog);

  help = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (help);
  gtk_window_present (GTK_WINDOW (help));
  g_assert_true (culprit_gui_test_wait (widget_mapped, help, 10000));
  help_png = culprit_gui_test_save_png (GTK_WIDGET (help), "shortcuts.png");
  gtk_widget_set_visible (GTK_WIDGET (help), FALSE);

  close_window (window);
}

typedef gboolean (*WidgetMatch) (GtkWidget *widget, gconstpointer data);

/* The first widget under @root (depth first) that @match accepts. */
static GtkWidget *
find_widget (GtkWidget     *root,
             WidgetMatch    match,
             gconstpointer  data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_row_titled (GtkWidget     *widget,
               gconstpointer  title)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static gboolean
is_button_with_icon (GtkWidget     *widget,
                     gconstpointer  icon)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), icon) == 0;
}

static gboolean
shows_undo (gpointer root)
{
  return find_widget (root, is_button_labelled, "_Undo") != NULL;
}

#define EDIT_REPO "github/example-org/edit-me"

typedef struct
{
  GtkWidget  *prefs;
  const char *api_url;
  const char *branches;     /* as the row's subtitle lists them; NULL: not tracked */
} RepoWait;

/* The store tracks EDIT_REPO as wanted, and the preferences show it so. */
static gboolean
repo_shown (gpointer data)
{
  RepoWait *wait = data;
  g_autoptr(CulpritStore) store = open_store ();
  g_autoptr(GPtrArray) repos = culprit_store_list_tracked_repos (store, NULL);
  CulpritTrackedRepo *tracked = NULL;
  GtkWidget *row = find_widget (wait->prefs, is_row_titled, EDIT_REPO);
  g_autofree char *branches = NULL;

  for (guint i = 0; repos != NULL && i < repos->len; i++)
    if (g_strcmp0 (((CulpritTrackedRepo *)g_ptr_array_index (repos, i))->repo, EDIT_REPO) == 0)
      tracked = g_ptr_array_index (repos, i);
  if (wait->branches == NULL)
    return tracked == NULL && row == NULL;
  if (tracked == NULL || row == NULL || g_strcmp0 (tracked->api_url, wait->api_url) != 0)
    return FALSE;
  branches = g_strjoinv (", ", tracked->branches);
  return g_strcmp0 (branches, wait->branches) == 0 &&
         strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), wait->branches) != NULL &&
         strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), wait->api_url) != NULL;
}

static gboolean
repository_dialog_gone (gpointer data)
{
  GList *toplevels = gtk_window_list_toplevels ();
  gboolean gone = TRUE;

  for (GList *l = toplevels; l; l = l->next)
    if (CULPRIT_IS_REPOSITORY_DIALOG (l->data))
      gone = FALSE;
  g_list_free (toplevels);
  return gone;
}

/* Removing a repository in the preferences can be undone from its toast,
 * which tracks it again with its branches and server; its row opens the
 * repository dialog in edit mode, prefilled, to change them. */
static void
test_preferences_repositories (void)
{
  CulpritWindow *window = open_window ();
  g_autoptr(CulpritStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  const char *branches[] = { "main", "release", NULL };
  RepoWait wait = { NULL, "https://circleci.example.com", "main, release" };
  g_autofree char *png = NULL;
  GtkWidget *prefs = NULL;
  GtkWidget *row;
  GtkWidget *button;
  GtkWindow *dialog = NULL;
  GtkWidget *field;
  GList *toplevels;

  g_assert_true (culprit_store_track_repository (store, EDIT_REPO, wait.api_url, branches, &error));
  g_assert_no_error (error);
  culprit_database_emit_changed (window->database);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL);
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l; l = l->next)
    if (ADW_IS_PREFERENCES_WINDOW (l->data))
      prefs = l->data;
  g_list_free (toplevels);
  g_assert_nonnull (prefs);
  wait.prefs = prefs;
  g_assert_true (culprit_gui_test_wait (widget_mapped, prefs, 10000));
  g_assert_true (culprit_gui_test_wait (repo_shown, &wait, 10000));

  /* remove: gone at once, from the store and the list... */
  row = find_widget (prefs, is_row_titled, EDIT_REPO);
  button = find_widget (row, is_button_with_icon, "user-trash-symbolic");
  g_assert_nonnull (button);
  gtk_widget_activate (button);
  wait.branches = NULL;
  g_assert_true (culprit_gui_test_wait (repo_shown, &wait, 10000));

  /* ...with an Undo in a toast, which tracks it again as it was */
  g_assert_true (culprit_gui_test_wait (shows_undo, prefs, 10000));
  button = find_widget (prefs, is_button_labelled, "_Undo");
  png = culprit_gui_test_save_png (prefs, "preferences-removed.png");
  gtk_widget_activate (button);
  wait.branches = "main, release";
  g_assert_true (culprit_gui_test_wait (repo_shown, &wait, 10000));

  /* the row opens the dialog in edit mode, prefilled */
  row = find_widget (prefs, is_row_titled, EDIT_REPO);
  g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));
  g_signal_emit_by_name (row, "activated");
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l; l = l->next)
    if (CULPRIT_IS_REPOSITORY_DIALOG (l->data))
      dialog = l->data;
  g_list_free (toplevels);
  g_assert_nonnull (dialog);
  g_assert_true (culprit_gui_test_wait (widget_mapped, dialog, 10000));
  g_assert_cmpstr (gtk_window_get_title (dialog), ==, "Edit Repository");
  field = find_widget (GTK_WIDGET (dialog), is_row_titled, "Repository, as github/ORG/REPO");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field)), ==, EDIT_REPO);
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (field)));
  field = find_widget (GTK_WIDGET (dialog), is_row_titled, "Branches, separated by commas");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field)), ==, "main, release");
  gtk_editable_set_text (GTK_EDITABLE (field), "main, nightly");
  field = find_widget (GTK_WIDGET (dialog), is_row_titled, "Server");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field)), ==, wait.api_url);
  gtk_editable_set_text (GTK_EDITABLE (field), "https://ci.example.org");
  culprit_gui_test_settle (100);
  assert_not_clipped (GTK_WIDGET (dialog));
  g_clear_pointer (&png, g_free);
  png = culprit_gui_test_save_png (GTK_WIDGET (dialog), "repository-edit.png");

  button = find_widget (GTK_WIDGET (dialog), is_button_labelled, "_Save");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_sensitive (button));
  gtk_widget_activate (button);
  g_assert_true (culprit_gui_test_wait (repository_dialog_gone, NULL, 10000));
  wait.api_url = "https://ci.example.org";
  wait.branches = "main, nightly";
  g_assert_true (culprit_gui_test_wait (repo_shown, &wait, 10000));

  g_assert_true (culprit_store_untrack_repository (store, EDIT_REPO, NULL, &error));
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (prefs));
  close_window (window);
}

/* The mapped legend dots under @widget. */
static void
collect_dots (GtkWidget *widget,
              GPtrArray *dots)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (gtk_widget_has_css_class (widget, "legend-dot"))
    g_ptr_array_add (dots, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_dots (child, dots);
}

/* Each dot in view is drawn in the colour the charts draw its category
 * in, in the style in use. Returns how many dots were checked. */
static guint
check_dots (CulpritWindow *window)
{
  g_autoptr(GPtrArray) dots = g_ptr_array_new ();
  g_autoptr(GdkTexture) texture = NULL;
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  guint checked = 0;

  culprit_gui_test_settle (1000);   /* the stacks' crossfades are over */
  collect_dots (GTK_WIDGET (window), dots);
  texture = culprit_gui_test_render (GTK_WIDGET (window));
  for (guint i = 0; i < dots->len; i++)
    {
      GtkWidget *dot = g_ptr_array_index (dots, i);
      g_auto(GStrv) classes = gtk_widget_get_css_classes (dot);
      g_autofree char *expected_text = NULL;
      const char *category = NULL;
      GdkRGBA expected;
      int count;

      /* its other CSS class is its category */
      for (guint c = 0; classes[c] != NULL; c++)
        if (g_strv_contains (culprit_report_get_categories (), classes[c]))
          category = classes[c];
      g_assert_nonnull (category);

      culprit_chart_color_get_rgba (culprit_chart_color_for_category (category), dark, &expected);
      count = culprit_gui_test_count_pixels (texture, GTK_WIDGET (window), dot, &expected);
      if (count < 0)
        continue;
      expected_text = gdk_rgba_to_string (&expected);
      g_test_message ("%s dot: %d pixels of %s", category, count, expected_text);
      g_assert_cmpint (count, >=, 50);   /* of its 10x10 */
      checked++;
    }
  return checked;
}

/* The title of the overview's card of @category, in the colour of its
 * bars. */
static void
check_card_title (GtkWidget  *widget,
                  const char *category,
                  guint      *found)
{
  if (gtk_widget_has_css_class (widget, "stat") && gtk_widget_has_css_class (widget, category))
    {
      GtkWidget *title = gtk_widget_get_first_child (widget);
      GdkRGBA drawn, expected;

      g_assert_true (gtk_widget_has_css_class (title, "title-1"));
      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      gtk_style_context_get_color (gtk_widget_get_style_context (title), &drawn);
      G_GNUC_END_IGNORE_DEPRECATIONS
      culprit_chart_color_get_rgba (culprit_chart_color_for_category (category),
                                    adw_style_manager_get_dark (adw_style_manager_get_default ()),
                                    &expected);
      g_assert_true (gdk_rgba_equal (&drawn, &expected));
      (*found)++;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_card_title (child, category, found);
}

/* In the dark style, the overview's legends and the builds list's dots
 * have the colours of the bars (those on screen are checked), and so have
 * the cards' titles. */
static void
test_dark (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  CulpritWindow *window;
  g_autofree char *overview_png = NULL;
  g_autofree char *builds_png = NULL;

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  window = open_window ();
  g_assert_true (adw_style_manager_get_dark (style));

  culprit_overview_page_set_filter (window->overview_page, NULL, NULL, "all");
  g_assert_true (culprit_gui_test_wait (overview_loaded, window, 30000));
  g_assert_cmpuint (check_dots (window), >=, 3);   /* the causes' legend */
  {
    const char *categories[] = { CULPRIT_CATEGORY_FLAKY, CULPRIT_CATEGORY_KNOWN_PROBLEM,
                                 CULPRIT_CATEGORY_UNEXPLAINED };
    guint found = 0;

    for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
      check_card_title (GTK_WIDGET (window->overview_page), categories[i], &found);
    g_assert_cmpuint (found, ==, G_N_ELEMENTS (categories));
  }
  overview_png = culprit_gui_test_save_png (GTK_WIDGET (window), "overview-dark.png");
  {
    GtkWidget *scroller = gtk_widget_get_first_child (GTK_WIDGET (window->overview_page));
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
    g_assert_cmpuint (check_dots (window), >=, 5);   /* and the categories' */
  }

  culprit_window_show_view (window, "builds");
  g_assert_true (culprit_gui_test_wait (builds_settled, window, 30000));
  builds_png = culprit_gui_test_save_png (GTK_WIDGET (window), "builds-dark.png");
  g_assert_cmpuint (check_dots (window), >=, 5);

  close_window (window);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

static gboolean
refresh_done (gpointer data)
{
  CulpritWindow *window = data;

  return !culprit_refresh_get_running (window->refresh) &&
         g_strcmp0 (gtk_stack_get_visible_child_name (window->main_stack), "pages") == 0 &&
         culprit_overview_page_get_report (window->overview_page) != NULL &&
         culprit_report_get_failed (culprit_overview_page_get_report (window->overview_page)) > 0 &&
         !culprit_page_get_loading (CULPRIT_PAGE (window->overview_page));
}

static gboolean
causes_shown (gpointer data)
{
  CulpritWindow *window = data;

  return !culprit_refresh_get_running (window->refresh) &&
         !culprit_page_get_loading (CULPRIT_PAGE (window->overview_page)) &&
         g_list_model_get_n_items (culprit_overview_page_get_causes (window->overview_page)) > 0;
}

static gboolean
no_patterns_shown (gpointer data)
{
  CulpritWindow *window = data;

  return refresh_done (window) &&
         gtk_widget_get_mapped (culprit_overview_page_get_no_patterns_box (window->overview_page));
}

/* A store with failed builds and no pattern says so, and offers the
 * starter set, which then explains some of them. */
static void
test_no_patterns (void)
{
  g_autofree char *dir = g_dir_make_tmp ("culprit-gui-no-patterns-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "no-patterns.db", NULL);
  g_autofree char *url = NULL;
  g_autofree char *png = NULL;
  g_autoptr(CulpritStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) patterns = NULL;
  const char *branches[] = { "master", NULL };
  GSubprocess *fake = culprit_gui_test_start_fake_ci (60, 7, &url);
  CulpritWindow *window;
  GtkWidget *box, *chart;

  store = culprit_store_open (path, &error);
  g_assert_no_error (error);
  culprit_store_track_repository (store, CULPRIT_GUI_TEST_REPO, url, branches, &error);
  g_assert_no_error (error);

  culprit_settings_set_string (culprit_settings_get_default (), "last-view", "overview");
  window = culprit_application_open_path (app, path);
  gtk_window_set_default_size (GTK_WINDOW (window), 1180, 760);
  culprit_overview_page_set_filter (window->overview_page, NULL, NULL, "all");
  culprit_gui_test_settle (200);
  culprit_window_start_refresh (window);
  g_assert_true (culprit_gui_test_wait (no_patterns_shown, window, 120000));

  /* not "no failed builds": why there is no cause */
  chart = culprit_overview_page_get_causes_chart (window->overview_page);
  g_assert_cmpuint (g_list_model_get_n_items (culprit_overview_page_get_causes (window->overview_page)), ==, 0);
  g_assert_cmpstr (culprit_bar_chart_get_placeholder (CULPRIT_BAR_CHART (chart)), ==,
                   "No patterns yet, so nothing explains these failures");
  png = culprit_gui_test_save_png (GTK_WIDGET (window), "no-patterns.png");

  /* the starter set's button, as a click does */
  box = culprit_overview_page_get_no_patterns_box (window->overview_page);
  {
    GtkWidget *button = gtk_widget_get_first_child (gtk_widget_get_last_child (box));

    g_assert_true (GTK_IS_BUTTON (button));
    g_assert_true (gtk_widget_is_sensitive (button));
    g_signal_emit_by_name (button, "clicked");
  }
  g_assert_true (culprit_gui_test_wait (causes_shown, window, 120000));
  g_assert_false (gtk_widget_get_visible (box));
  patterns = culprit_store_list_patterns (store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (patterns->len, >, 10);

  close_window (window);
  culprit_gui_test_stop_fake_ci (fake);
  g_clear_object (&store);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
    g_unlink (path);
    g_rmdir (dir);
  }
}

static gboolean
shows_empty_state (gpointer data)
{
  CulpritWindow *window = data;

  return g_strcmp0 (gtk_stack_get_visible_child_name (window->main_stack), "empty") == 0;
}

/* An empty store shows the empty state; once a repository is tracked,
 * Refresh fetches and scans it, and the overview shows its failures. */
static void
test_refresh (void)
{
  g_autofree char *dir = g_dir_make_tmp ("culprit-gui-refresh-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "empty.db", NULL);
  g_autofree char *url = NULL;
  g_autofree char *png = NULL;
  g_autoptr(CulpritStore) store = NULL;
  g_autoptr(CulpritPattern) pattern = culprit_pattern_new ("DNS", "Could not resolve host", FALSE);
  g_autoptr(GError) error = NULL;
  const char *branches[] = { "master", NULL };
  GSubprocess *fake = culprit_gui_test_start_fake_ci (60, 7, &url);
  CulpritWindow *window;

  culprit_settings_set_string (culprit_settings_get_default (), "last-view", "overview");
  window = culprit_application_open_path (app, path);
  gtk_window_set_default_size (GTK_WINDOW (window), 1180, 760);
  g_assert_true (culprit_gui_test_wait (shows_empty_state, window, 30000));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL) &&
                  culprit_refresh_get_running (window->refresh));
  png = culprit_gui_test_save_png (GTK_WIDGET (window), "empty.png");

  /* what "Add a Repository" does, without the keyring */
  store = culprit_store_open (path, &error);
  g_assert_no_error (error);
  culprit_store_track_repository (store, CULPRIT_GUI_TEST_REPO, url, branches, &error);
  g_assert_no_error (error);
  culprit_store_add_pattern (store, pattern, &error);
  g_assert_no_error (error);
  culprit_database_emit_changed (window->database);
  culprit_gui_test_settle (200);

  culprit_window_start_refresh (window);
  g_assert_true (culprit_refresh_get_running (window->refresh));
  g_assert_true (culprit_gui_test_wait (refresh_done, window, 120000));
  check_charts_of (window, store, NULL);

  close_window (window);
  culprit_gui_test_stop_fake_ci (fake);
}

typedef struct
{
  CulpritStore *store;
  GPtrArray    *fetched;        /* repositories, in the order their fetch ended */
  guint         builds_then;    /* the reachable one's stored builds when it ended */
  GArray       *fractions;      /* while running */
} RefreshEvents;

static void
on_repository_fetched (CulpritRefresh *refresh,
                       const char     *repo,
                       const GError   *error,
                       RefreshEvents  *events)
{
  g_test_message ("%s fetched: %s", repo, error ? error->message : "ok");
  g_ptr_array_add (events->fetched, g_strdup (repo));
  if (g_strcmp0 (repo, CULPRIT_GUI_TEST_REPO) == 0)
    {
      CulpritBuildFilter filter = { .repo = CULPRIT_GUI_TEST_REPO };
      g_autoptr(GPtrArray) builds = culprit_store_list_builds (events->store, &filter, NULL);

      g_assert_no_error (error);
      events->builds_then = builds ? builds->len : 0;
    }
  else
    g_assert_nonnull (error);
}

static void
on_refresh_fraction (CulpritRefresh *refresh,
                     GParamSpec     *pspec,
                     RefreshEvents  *events)
{
  double fraction = culprit_refresh_get_fraction (refresh);

  if (culprit_refresh_get_running (refresh))
    g_array_append_val (events->fractions, fraction);
}

static gboolean
one_fetched (gpointer data)
{
  RefreshEvents *events = data;

  return events->fetched->len > 0;
}

/* Two repositories, one of them unreachable (a closed port) and listed
 * first: the reachable one is fetched and stored while the other is
 * still being retried, and the progress never moves backwards. */
static void
test_refresh_concurrent (void)
{
  g_autofree char *dir = g_dir_make_tmp ("culprit-gui-refresh-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "two.db", NULL);
  g_autofree char *url = NULL;
  g_autofree char *closed_url = NULL;
  g_autofree char *running_png = NULL;
  g_autofree char *png = NULL;
  g_autoptr(CulpritStore) store = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) any = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) fetched = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  const char *branches[] = { "master", NULL };
  GSubprocess *fake = culprit_gui_test_start_fake_ci (60, 7, &url);
  RefreshEvents events = { NULL, fetched, 0, fractions };
  CulpritWindow *window;
  double last = -1;

  /* a port that nothing listens on */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  any = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_assert_true (g_socket_bind (socket, any, FALSE, &error));
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  closed_url = g_strdup_printf ("http://127.0.0.1:%u",
                                g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);

  culprit_settings_set_string (culprit_settings_get_default (), "last-view", "overview");
  window = culprit_application_open_path (app, path);
  gtk_window_set_default_size (GTK_WINDOW (window), 1180, 760);
  g_assert_true (culprit_gui_test_wait (shows_empty_state, window, 30000));

  store = culprit_store_open (path, &error);
  g_assert_no_error (error);
  culprit_store_track_repository (store, "github/demo-org/aaa-unreachable", closed_url, branches, &error);
  g_assert_no_error (error);
  culprit_store_track_repository (store, CULPRIT_GUI_TEST_REPO, url, branches, &error);
  g_assert_no_error (error);
  culprit_database_emit_changed (window->database);
  culprit_gui_test_settle (200);

  events.store = store;
  g_signal_connect (window->refresh, "repository-fetched", G_CALLBACK (on_repository_fetched), &events);
  g_signal_connect (window->refresh, "notify::fraction", G_CALLBACK (on_refresh_fraction), &events);
  culprit_window_start_refresh (window);
  g_assert_true (culprit_refresh_get_running (window->refresh));

  /* while the unreachable one is retried: its label is whole */
  g_assert_true (culprit_gui_test_wait (one_fetched, &events, 60000));
  running_png = culprit_gui_test_save_png (GTK_WIDGET (window), "refresh-running.png");
  if (culprit_refresh_get_running (window->refresh))
    {
      g_test_message ("Refresh label: %s", gtk_label_get_label (window->refresh_label));
      g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (window->refresh_label)));
    }

  g_assert_true (culprit_gui_test_wait (refresh_done, window, 120000));
  png = culprit_gui_test_save_png (GTK_WIDGET (window), "refresh-two.png");
  g_signal_handlers_disconnect_by_data (window->refresh, &events);

  /* the reachable one ended first, with its builds stored */
  g_assert_cmpuint (fetched->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (fetched, 0), ==, CULPRIT_GUI_TEST_REPO);
  g_assert_cmpuint (events.builds_then, >, 0);

  /* forward only: no unknown fraction after a known one, none smaller */
  g_assert_cmpuint (fractions->len, >, 1);
  for (guint i = 0; i < fractions->len; i++)
    {
      double fraction = g_array_index (fractions, double, i);

      if (last >= 0)
        g_assert_cmpfloat (fraction, >=, last);
      last = fraction;
    }

  close_window (window);
  culprit_gui_test_stop_fake_ci (fake);
}

/* Whether the grid would show a tooltip over the cell, as GTK asks it. */
static gboolean
query_tooltip (CulpritHealthGrid *grid,
               guint              row,
               guint              column)
{
  g_autoptr(GtkTooltip) tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
  GdkRectangle area;
  gboolean shown = FALSE;

  culprit_health_grid_get_cell_area (grid, row, column, &area);
  g_signal_emit_by_name (grid, "query-tooltip", area.x + area.width / 2, area.y + area.height / 2,
                         FALSE, tooltip, &shown);
  return shown;
}

/* The health page: its legend is in view when it opens; a right click
 * pops the menu up where the page was scrolled to, with no tooltip over
 * it; an empty cell has a tooltip too. */
static void
test_health_grid_tips (void)
{
  CulpritWindow *window = open_window ();
  CulpritHealthGrid *grid;
  GtkWidget *scroller = gtk_widget_get_first_child (GTK_WIDGET (window->health_page));
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  g_autofree char *png = NULL;
  g_autofree char *menu_png = NULL;
  CulpritBuild *build = NULL;
  GtkWidget *menu = NULL;
  gboolean empty_found = FALSE;
  double before;
  guint row = 0, column = 0;

  culprit_window_show_view (window, "health");
  g_assert_true (culprit_gui_test_wait (health_loaded, window, 30000));
  grid = CULPRIT_HEALTH_GRID (culprit_health_page_get_grid (window->health_page));

  /* the legend, before any scrolling */
  g_assert_cmpuint (check_dots (window), >=, 5);
  png = culprit_gui_test_save_png (GTK_WIDGET (window), "health-legend.png");

  /* an empty cell tells what is missing */
  for (guint r = 0; r < culprit_health_grid_get_n_rows (grid) && !empty_found; r++)
    for (guint c = 0; c < culprit_health_grid_get_n_columns (grid) && !empty_found; c++)
      if (culprit_health_grid_get_build (grid, r, c) == NULL)
        {
          g_autofree char *markup = culprit_health_grid_dup_tooltip_markup (grid, r, c);
          g_autofree char *commit = g_strndup (culprit_health_grid_get_commit (grid, r), 8);
          g_autofree char *expected = g_strdup_printf ("No build of %s on %s",
                                                       culprit_health_grid_get_job (grid, c), commit);

          g_assert_cmpstr (markup, ==, expected);
          g_assert_true (query_tooltip (grid, r, c));
          empty_found = TRUE;
        }
  g_assert_true (empty_found);

  /* scrolled down, a right click on a build in view */
  gtk_adjustment_set_value (adj, 500);
  culprit_gui_test_settle (300);
  before = gtk_adjustment_get_value (adj);
  g_assert_cmpfloat (before, >, 0);
  for (guint r = 24; r < culprit_health_grid_get_n_rows (grid) && build == NULL; r++)
    for (guint c = 0; c < culprit_health_grid_get_n_columns (grid) && build == NULL; c++)
      if ((build = culprit_health_grid_get_build (grid, r, c)) != NULL)
        {
          row = r;
          column = c;
        }
  g_assert_nonnull (build);
  g_assert_true (query_tooltip (grid, row, column));
  g_signal_emit_by_name (grid, "build-menu", build);
  culprit_gui_test_settle (300);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (grid));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER (child))
      menu = child;
  g_assert_nonnull (menu);
  g_assert_true (gtk_widget_get_visible (menu));

  /* what happens in an active window: the focus goes into the menu */
  gtk_widget_child_focus (menu, GTK_DIR_TAB_FORWARD);
  culprit_gui_test_settle (300);
  menu_png = culprit_gui_test_save_png (GTK_WIDGET (window), "health-menu.png");
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), ==, before);

  /* no tooltip over the open menu; back once it is closed */
  g_assert_false (query_tooltip (grid, row, column));
  gtk_popover_popdown (GTK_POPOVER (menu));
  culprit_gui_test_settle (300);
  g_assert_true (query_tooltip (grid, row, column));

  close_window (window);
}

/* Whether @widget is on screen: inside @window and inside the scrolled
 * windows it is in. */
static gboolean
in_view (GtkWidget *widget,
         GtkWidget *window)
{
  graphene_rect_t bounds, window_bounds;

  if (!gtk_widget_get_mapped (widget) ||
      !gtk_widget_compute_bounds (widget, window, &bounds) ||
      !gtk_widget_compute_bounds (window, window, &window_bounds) ||
      !graphene_rect_intersection (&bounds, &window_bounds, NULL))
    return FALSE;
  for (GtkWidget *w = gtk_widget_get_parent (widget); w != NULL; w = gtk_widget_get_parent (w))
    {
      graphene_rect_t viewport;

      if (GTK_IS_SCROLLED_WINDOW (w) &&
          (!gtk_widget_compute_bounds (w, window, &viewport) ||
           !graphene_rect_intersection (&viewport, &bounds, NULL)))
        return FALSE;
    }
  return TRUE;
}

/* The labels on screen under @widget that are cut short with an ellipsis
 * (not an entry's placeholder). */
static void
collect_ellipsized (GtkWidget *widget,
                    GtkWidget *window,
                    GPtrArray *labels)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget) && !GTK_IS_TEXT (gtk_widget_get_parent (widget)) &&
      in_view (widget, window) &&
      pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (widget))))
    g_ptr_array_add (labels, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_ellipsized (child, window, labels);
}

/* Saves a PNG of @window, and returns how many labels of @page are cut. */
static guint
report_ellipsized (CulpritWindow *window,
                   GtkWidget     *page,
                   const char    *name)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autofree char *png_name = g_strdup_printf ("narrow-%s.png", name);
  g_autofree char *png = culprit_gui_test_save_png (GTK_WIDGET (window), png_name);

  collect_ellipsized (page, GTK_WIDGET (window), labels);
  for (guint i = 0; i < labels->len; i++)
    g_test_message ("%s: ellipsized: %s (%s)", name, gtk_label_get_label (g_ptr_array_index (labels, i)),
                    gtk_widget_get_name (gtk_widget_get_parent (g_ptr_array_index (labels, i))));
  return labels->len;
}

/* A "Create Pattern" button under @widget, mapped and wholly inside
 * @window. */
static GtkWidget *
find_create_pattern (GtkWidget *widget,
                     GtkWidget *window)
{
  graphene_rect_t bounds, window_bounds;

  if (!gtk_widget_get_mapped (widget))
    return NULL;
  if (GTK_IS_BUTTON (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "log.create-pattern") == 0 &&
      gtk_widget_compute_bounds (widget, window, &bounds) &&
      gtk_widget_compute_bounds (window, window, &window_bounds) &&
      graphene_rect_contains_rect (&window_bounds, &bounds) &&
      bounds.size.width > 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_create_pattern (child, window);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Scrolls the first list under @widget to its right end. */
static gboolean
scroll_list_to_end (GtkWidget *widget)
{
  if (GTK_IS_COLUMN_VIEW (widget) && gtk_widget_get_mapped (widget))
    {
      GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
      GtkAdjustment *adj = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scroller));

      gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
      return TRUE;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (scroll_list_to_end (child))
      return TRUE;
  return FALSE;
}

/* The window is on screen, at its minimum width. */
static gboolean
window_is_narrow (gpointer data)
{
  int min_width;

  gtk_widget_measure (data, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0 &&
         gtk_widget_get_width (data) <= min_width;
}

/* At the window's minimum width, every page is usable: no text on the
 * overview, in the builds or in the patterns is cut (the lists scroll
 * sideways), and the log view has its Create Pattern button. */
static void
test_narrow (void)
{
  CulpritWindow *window = open_window ();
  g_autoptr(CulpritStore) store = open_store ();
  g_autoptr(CulpritBuild) build = find_build (store, "Test failure");
  int min_width;

  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  g_test_message ("Minimum width: %d", min_width);
  gtk_window_set_default_size (GTK_WINDOW (window), min_width, 700);
  if (!culprit_gui_test_wait (window_is_narrow, window, 10000))
    {
      int now_min, def_w, def_h;

      gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &now_min, NULL, NULL, NULL);
      gtk_window_get_default_size (GTK_WINDOW (window), &def_w, &def_h);
      g_test_message ("Not narrow: %d wide (default %d), minimum now %d, mapped %d",
                      gtk_widget_get_width (GTK_WIDGET (window)), def_w, now_min,
                      gtk_widget_get_mapped (GTK_WIDGET (window)));
      g_assert_not_reached ();
    }
  culprit_gui_test_settle (300);

  culprit_window_show_view (window, "overview");
  culprit_overview_page_set_filter (window->overview_page, NULL, NULL, "all");
  g_assert_true (culprit_gui_test_wait (overview_loaded, window, 30000));
  g_assert_cmpuint (report_ellipsized (window, GTK_WIDGET (window->overview_page), "overview"), ==, 0);

  culprit_window_show_view (window, "builds");
  g_assert_true (culprit_gui_test_wait (builds_settled, window, 30000));
  g_assert_cmpuint (report_ellipsized (window, GTK_WIDGET (window->builds_page), "builds"), ==, 0);
  g_assert_true (scroll_list_to_end (GTK_WIDGET (window->builds_page)));
  g_assert_cmpuint (report_ellipsized (window, GTK_WIDGET (window->builds_page), "builds-end"), ==, 0);

  culprit_window_show_view (window, "patterns");
  g_assert_true (culprit_gui_test_wait (patterns_loaded, window, 30000));
  g_assert_cmpuint (report_ellipsized (window, GTK_WIDGET (window->patterns_page), "patterns"), ==, 0);
  g_assert_true (scroll_list_to_end (GTK_WIDGET (window->patterns_page)));
  g_assert_cmpuint (report_ellipsized (window, GTK_WIDGET (window->patterns_page), "patterns-end"), ==, 0);

  culprit_window_show_view (window, "health");
  g_assert_true (culprit_gui_test_wait (health_loaded, window, 30000));
  g_assert_cmpuint (report_ellipsized (window, GTK_WIDGET (window->health_page), "health"), ==, 0);

  culprit_window_show_build (window, build);
  g_assert_true (culprit_gui_test_wait (build_loaded, window, 30000));
  report_ellipsized (window, GTK_WIDGET (window->build_page), "build");   /* a match's line may be cut */
  g_assert_nonnull (find_create_pattern (GTK_WIDGET (window->build_page), GTK_WIDGET (window)));

  close_window (window);
}

/* In German, whose captions are longer, the overview's cards show their
 * text whole at full width and at the minimum width. */
static void
test_narrow_german (void)
{
  const char *builddir = g_getenv ("G_TEST_BUILDDIR");
  g_autofree char *localedir = g_build_filename (builddir ? builddir : ".", "..", "..", "po", NULL);
  g_autofree char *mo = g_build_filename (localedir, "de", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  g_autofree char *old_locale = NULL;
  g_autofree char *old_domain = NULL;
  CulpritWindow *window;
  int min_width;

  if (!g_file_test (mo, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("The German catalogue is not built");
      return;
    }
  old_locale = g_strdup (setlocale (LC_MESSAGES, NULL));
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  old_domain = g_strdup (textdomain (NULL));
  textdomain (GETTEXT_PACKAGE);   /* as main() does: the .ui files' strings */
  setlocale (LC_MESSAGES, "C.UTF-8");
  g_setenv ("LANGUAGE", "de", TRUE);

  window = open_window ();
  culprit_overview_page_set_filter (window->overview_page, NULL, NULL, "all");
  g_assert_true (culprit_gui_test_wait (overview_loaded, window, 30000));
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Overview"), !=, "Overview");
  g_assert_cmpuint (report_ellipsized (window, GTK_WIDGET (window->overview_page), "overview-de"), ==, 0);

  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), min_width, 700);
  if (!culprit_gui_test_wait (window_is_narrow, window, 10000))
    {
      int now_min, def_w, def_h;

      gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &now_min, NULL, NULL, NULL);
      gtk_window_get_default_size (GTK_WINDOW (window), &def_w, &def_h);
      g_test_message ("Not narrow: %d wide (default %d), minimum now %d, mapped %d",
                      gtk_widget_get_width (GTK_WIDGET (window)), def_w, now_min,
                      gtk_widget_get_mapped (GTK_WIDGET (window)));
      g_assert_not_reached ();
    }
  culprit_gui_test_settle (300);
  g_assert_cmpuint (report_ellipsized (window, GTK_WIDGET (window->overview_page), "overview-de-narrow"), ==, 0);

  close_window (window);
  g_setenv ("LANGUAGE", "C", TRUE);
  setlocale (LC_MESSAGES, old_locale);
  textdomain (old_domain);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  g_setenv ("LANGUAGE", "C", TRUE);

  dir = g_dir_make_tmp ("culprit-gui-XXXXXX", &error);
  g_assert_no_error (error);
  db_path = culprit_gui_test_make_database (dir, 300, 2026);

  app = culprit_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/culprit/gui/overview", test_overview);
  g_test_add_func ("/culprit/gui/builds", test_builds);
  g_test_add_func ("/culprit/gui/overview/week", test_overview_week);
  g_test_add_func ("/culprit/gui/overview/range", test_overview_range);
  g_test_add_func ("/culprit/gui/window-size", test_window_size);
  g_test_add_func ("/culprit/gui/no-patterns", test_no_patterns);
  g_test_add_func ("/culprit/gui/log", test_log);
  g_test_add_func ("/culprit/gui/patterns", test_patterns);
  g_test_add_func ("/culprit/gui/pattern-editor", test_pattern_editor);
  g_test_add_func ("/culprit/gui/save-pattern", test_save_pattern);
  g_test_add_func ("/culprit/gui/pattern-editor/edit-sample", test_edit_pattern_sample);
  g_test_add_func ("/culprit/gui/pattern-editor/discard", test_editor_discard);
  g_test_add_func ("/culprit/gui/patterns/restore", test_restore_pattern);
  g_test_add_func ("/culprit/gui/preferences/repositories", test_preferences_repositories);
  g_test_add_func ("/culprit/gui/health", test_health);
  g_test_add_func ("/culprit/gui/health/marks", test_health_marks);
  g_test_add_func ("/culprit/gui/dialogs", test_dialogs);
  g_test_add_func ("/culprit/gui/refresh", test_refresh);
  g_test_add_func ("/culprit/gui/refresh/concurrent", test_refresh_concurrent);
  g_test_add_func ("/culprit/gui/dark", test_dark);
  g_test_add_func ("/culprit/gui/health/tips", test_health_grid_tips);
  g_test_add_func ("/culprit/gui/narrow", test_narrow);
  g_test_add_func ("/culprit/gui/narrow/german", test_narrow_german);

  status = g_test_run ();

  g_clear_object (&app);
  g_unlink (db_path);
  g_free (db_path);
  return status;
}
