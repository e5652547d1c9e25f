/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-gui: how fast the desktop application shows big data. Run it
 * with a display (xvfb-run -a works):
 *
 *   bench-gui open [BUILDS]     a store of BUILDS builds (default 100000):
 *                               time from a window's creation on the
 *                               overview to its numbers; from another's
 *                               on the builds view to its first rows and
 *                               to all rows; then to the overview's
 *                               charts after switching to it; and the
 *                               process's peak resident memory
 *   bench-gui log [MB]          a build with a log of MB MiB (default 50):
 *                               time from opening the build to its log
 *                               shown, and to the first frame drawn
 *   bench-gui preview [LOGS]    a store of LOGS stored logs (default
 *                               10000): time from an expression typed in
 *                               the pattern editor to the first count, and
 *                               to the final one
 *
 * Stores are made once under $XDG_CACHE_HOME/culprit-bench (they take a
 * while) and reused. Prints numbers, never asserts them. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bench-gui-data.h"
#include "culprit-application.h"
#include "culprit-build-page.h"
#include "culprit-builds-page.h"
#include "culprit-log-model.h"
#include "culprit-log-view.h"
#include "culprit-overview-page.h"
#include "culprit-pattern-editor.h"
#include "culprit-preview-counter.h"
#include "culprit-window-private.h"

static double
since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}

static void
wait_for (gboolean (*condition) (gpointer),
          gpointer  data)
{
  while (!condition (data))
    g_main_context_iteration (NULL, TRUE);
}

static char *
store_path (const char *name)
{
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "culprit-bench", NULL);

  g_mkdir_with_parents (dir, 0700);
  return g_build_filename (dir, name, NULL);
}

/* VmHWM: the most memory the process has held */
static gint64
peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");
  return line ? g_ascii_strtoll (line + strlen ("VmHWM:"), NULL, 10) : -1;
}

/* lets the worker threads and idles of a closed window finish */
static void
settle (void)
{
  gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC / 5;

  while (g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

static guint
n_rows (CulpritWindow *window)
{
  return g_list_model_get_n_items (G_LIST_MODEL (culprit_builds_page_get_model (window->builds_page)));
}

static gboolean
has_rows (gpointer data)
{
  CulpritWindow *window = data;

  return g_list_model_get_n_items (G_LIST_MODEL (culprit_builds_page_get_model (window->builds_page))) > 0;
}

static gboolean
all_rows (gpointer data)
{
  CulpritWindow *window = data;

  return !culprit_page_get_loading (CULPRIT_PAGE (window->builds_page)) &&
         !culprit_builds_page_get_filtering (window->builds_page);
}

static gboolean
overview_shown (gpointer data)
{
  CulpritWindow *window = data;

  return culprit_overview_page_get_report (window->overview_page) != NULL &&
         !culprit_page_get_loading (CULPRIT_PAGE (window->overview_page));
}

static gboolean
frame_drawn (gpointer data)
{
  return *(gboolean *)data;
}

static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

static CulpritApplication *
make_app (void)
{
  CulpritApplication *app = culprit_application_new ();

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);
  return app;
}

static int
bench_open (guint n_builds)
{
  g_autofree char *name = g_strdup_printf ("builds-%u.db", n_builds);
  g_autofree char *path = store_path (name);
  g_autoptr(CulpritApplication) app = make_app ();
  g_autoptr(GError) error = NULL;
  CulpritWindow *window;
  gint64 start;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_print ("Making %s…\n", path);
      if (!bench_gui_make_store (path, n_builds, 0.3, &error))
        g_error ("%s", error->message);
    }

  start = g_get_monotonic_time ();
  window = culprit_window_new (app, path);
  culprit_window_show_view (window, "overview");
  gtk_window_present (GTK_WINDOW (window));
  wait_for (overview_shown, window);
  g_print ("%u builds: overview numbers shown after %.3f s\n", n_builds, since (start));
  gtk_window_destroy (GTK_WINDOW (window));
  settle ();

  start = g_get_monotonic_time ();
  window = culprit_window_new (app, path);
  culprit_window_show_view (window, "builds");
  gtk_window_present (GTK_WINDOW (window));
  wait_for (has_rows, window);
  g_print ("%u builds: first rows in the builds view after %.3f s (%u rows)\n", n_builds,
           since (start), n_rows (window));
  wait_for (all_rows, window);
  g_print ("%u builds: all rows loaded, filtered and sorted after %.3f s (%u rows)\n", n_builds,
           since (start), n_rows (window));
  start = g_get_monotonic_time ();
  culprit_window_show_view (window, "overview");
  wait_for (overview_shown, window);
  g_print ("%u builds: overview charts shown %.3f s after switching to it\n", n_builds, since (start));
  g_print ("%u builds: peak resident memory %.0f MB\n", n_builds, peak_rss_kb () / 1024.0);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

static gboolean
log_shown (gpointer data)
{
  CulpritWindow *window = data;

  return !culprit_page_get_loading (CULPRIT_PAGE (window->build_page));
}

static int
bench_log (guint mb)
{
  g_autofree char *name = g_strdup_printf ("log-%umb.db", mb);
  g_autofree char *path = store_path (name);
  g_autoptr(CulpritApplication) app = make_app ();
  g_autoptr(CulpritStore) store = NULL;
  g_autoptr(CulpritBuild) build = NULL;
  g_autoptr(GPtrArray) builds = NULL;
  g_autoptr(GError) error = NULL;
  CulpritWindow *window;
  CulpritLogModel *model;
  gboolean drawn = FALSE;
  gint64 start;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_print ("Making %s…\n", path);
      if (!bench_gui_make_log_store (path, (gsize)mb * 1024 * 1024, &error))
        g_error ("%s", error->message);
    }
  store = culprit_store_open (path, &error);
  builds = store ? culprit_store_list_builds (store, NULL, &error) : NULL;
  if (builds == NULL || builds->len == 0)
    g_error ("no build: %s", error ? error->message : "");
  build = g_object_ref (g_ptr_array_index (builds, 0));

  window = culprit_window_new (app, path);
  culprit_window_show_view (window, "builds");
  gtk_window_present (GTK_WINDOW (window));
  wait_for (has_rows, window);

  start = g_get_monotonic_time ();
  culprit_window_show_build (window, build);
  wait_for (log_shown, window);
  g_print ("%u MiB log: decompressed, indexed and shown after %.3f s\n", mb, since (start));
  gtk_widget_add_tick_callback (GTK_WIDGET (window), on_tick, &drawn, NULL);
  wait_for (frame_drawn, &drawn);
  model = culprit_log_view_get_model (culprit_build_page_get_log_view (window->build_page));
  g_print ("%u MiB log: %u lines, %u highlighted; first frame after %.3f s\n", mb,
           model ? culprit_log_model_get_n_lines (model) : 0,
           model ? culprit_log_model_get_n_highlighted (model) : 0, since (start));
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

static gboolean
editor_ready (gpointer data)
{
  return !culprit_pattern_editor_get_sample_loading (data) &&
         !culprit_preview_counter_get_running (culprit_pattern_editor_get_counter (data));
}

static gboolean
first_count (gpointer data)
{
  return culprit_preview_counter_get_first_result_us (culprit_pattern_editor_get_counter (data)) > 0;
}

static gboolean
count_done (gpointer data)
{
  return !culprit_preview_counter_get_running (culprit_pattern_editor_get_counter (data));
}

static int
bench_preview (guint n_logs)
{
  g_autofree char *name = g_strdup_printf ("logs-%u.db", n_logs);
  g_autofree char *path = store_path (name);
  g_autoptr(CulpritApplication) app = make_app ();
  g_autoptr(GError) error = NULL;
  const char *expressions[] = { "Could not resolve host", "Killed process \\d+", "FAIL: test_\\w+" };
  g_autoptr(CulpritPattern) regex = NULL;
  CulpritPatternEditor *editor;
  CulpritPreviewCounter *counter;
  CulpritWindow *window;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_print ("Making %s…\n", path);
      /* 92% of failed builds get a log, the others time out */
      if (!bench_gui_make_store (path, (guint)(n_logs / 0.92) + 1, 1.0, &error))
        g_error ("%s", error->message);
    }

  window = culprit_window_new (app, path);
  culprit_window_show_view (window, "builds");
  gtk_window_present (GTK_WINDOW (window));
  wait_for (has_rows, window);

  regex = culprit_pattern_new ("Bench", "warm up", TRUE);
  editor = culprit_pattern_editor_new (GTK_WINDOW (window), window->database, regex, 0);
  gtk_window_present (GTK_WINDOW (editor));
  counter = culprit_pattern_editor_get_counter (editor);
  gtk_editable_set_text (culprit_pattern_editor_get_expression (editor), "warm up");
  wait_for (editor_ready, editor);

  for (guint i = 0; i < G_N_ELEMENTS (expressions); i++)
    {
      gint64 start = g_get_monotonic_time ();

      gtk_editable_set_text (culprit_pattern_editor_get_expression (editor), expressions[i]);
      wait_for (first_count, editor);
      g_print ("%u logs, “%s”: first count after %.3f s (%u of %u read, %u matching)\n", n_logs,
               expressions[i], culprit_preview_counter_get_first_result_us (counter) / 1e6,
               culprit_preview_counter_get_scanned (counter), culprit_preview_counter_get_total (counter),
               culprit_preview_counter_get_matched (counter));
      wait_for (count_done, editor);
      g_print ("%u logs, “%s”: final count %u after %.3f s\n", n_logs, expressions[i],
               culprit_preview_counter_get_matched (counter), since (start));
    }
  gtk_window_destroy (GTK_WINDOW (editor));
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

int
main (int    argc,
      char **argv)
{
  const char *what = argc > 1 ? argv[1] : "";
  guint n = argc > 2 ? (guint)atoi (argv[2]) : 0;

  gtk_init ();
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  if (g_str_equal (what, "open"))
    return bench_open (n ? n : 100000);
  if (g_str_equal (what, "log"))
    return bench_log (n ? n : 50);
  if (g_str_equal (what, "preview"))
    return bench_preview (n ? n : 10000);

  g_printerr ("usage: bench-gui open [BUILDS] | log [MB] | preview [LOGS]\n");
  return 2;
}
