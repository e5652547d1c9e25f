/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Large stores for the GUI benchmarks, written through the store API:
 * N builds over 26 weeks on three branches and four jobs, a share of them
 * failed with one of the demo logs (so that the demo patterns explain
 * most of them), then scanned. */
#include "config.h"

#include <string.h>

#include "bench-gui-data.h"

static const char * const log_names[] = {
  "build-compile-error.log", "build-oom.log", "install-dns.log",
  "tests-flaky-websocket.log", "tests-timeout.log", "tests-unexplained.log",
};
static const char * const jobs[] = { "build", "test", "lint", "integration" };

typedef struct
{
  GBytes *compressed;
  gsize   raw_bytes;
  guint   lines;
} Template;

gboolean
bench_gui_make_store (const char  *path,
                      guint        n_builds,
                      double       failed_share,
                      GError     **error)
{
  g_autoptr(CulpritStore) store = NULL;
  g_autoptr(GPtrArray) patterns = NULL;
  g_autoptr(CulpritScanner) scanner = NULL;
  g_autofree char *patterns_path = g_build_filename (SOURCE_ROOT, "data", "demo", "patterns.json", NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  Template templates[G_N_ELEMENTS (log_names)];
  const char *branches[] = { "master", NULL };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 span = 26 * 7 * 24 * 3600;

  store = culprit_store_open (path, error);
  if (store == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (log_names); i++)
    {
      g_autofree char *file = g_build_filename (SOURCE_ROOT, "data", "demo", "logs", log_names[i], NULL);
      g_autofree char *text = NULL;
      gsize len;

      if (!g_file_get_contents (file, &text, &len, error))
        return FALSE;
      templates[i].compressed = culprit_log_compress (text, len, error);
      if (templates[i].compressed == NULL)
        return FALSE;
      templates[i].raw_bytes = len;
      templates[i].lines = culprit_count_lines (text, len);
    }


  {
    /* Builds through the CircleCI parser, the public way to fill their fields. */
    g_autoptr(JsonBuilder) jb = json_builder_new ();
    g_autoptr(JsonNode) root = NULL;
    g_autoptr(GPtrArray) parsed = NULL;
    guint n_added;

    json_builder_begin_array (jb);
    for (guint i = 0; i < n_builds; i++)
      {
        double r = g_rand_double (rand);
        g_autofree char *pull = g_strdup_printf ("pull/%u", 100 + g_rand_int_range (rand, 0, 400));
        const char *branch = r < 0.6 ? "master" : r < 0.8 ? "develop" : pull;
        g_autofree char *sha = g_strdup_printf ("%08x%08x%08x%08x%08x", g_rand_int (rand),
                                                g_rand_int (rand), g_rand_int (rand),
                                                g_rand_int (rand), g_rand_int (rand));
        double f = g_rand_double (rand);
        const char *outcome = f < failed_share * 0.92 ? "failed"
                              : f < failed_share ? "timedout" : "success";
        gint64 queued = now - span + (gint64)((double)span * i / MAX (n_builds, 1));
        g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (queued);
        g_autofree char *iso = g_date_time_format_iso8601 (dt);

        json_builder_begin_object (jb);
        json_builder_set_member_name (jb, "build_num");
        json_builder_add_int_value (jb, i + 1);
        json_builder_set_member_name (jb, "branch");
        json_builder_add_string_value (jb, branch);
        json_builder_set_member_name (jb, "vcs_revision");
        json_builder_add_string_value (jb, sha);
        json_builder_set_member_name (jb, "queued_at");
        json_builder_add_string_value (jb, iso);
        json_builder_set_member_name (jb, "start_time");
        json_builder_add_string_value (jb, iso);
        json_builder_set_member_name (jb, "stop_time");
        json_builder_add_string_value (jb, iso);
        json_builder_set_member_name (jb, "outcome");
        json_builder_add_string_value (jb, outcome);
        json_builder_set_member_name (jb, "status");
        json_builder_add_string_value (jb, outcome);
        json_builder_set_member_name (jb, "workflows");
        json_builder_begin_object (jb);
        json_builder_set_member_name (jb, "job_name");
        json_builder_add_string_value (jb, jobs[i % G_N_ELEMENTS (jobs)]);
        json_builder_set_member_name (jb, "workflow_name");
        json_builder_add_string_value (jb, "main");
        json_builder_end_object (jb);
        json_builder_end_object (jb);
      }
    json_builder_end_array (jb);
    root = json_builder_get_root (jb);
    parsed = culprit_circleci_parse_build_list (BENCH_GUI_REPO, root, error);
    if (parsed == NULL)
      return FALSE;
    if (!culprit_store_add_builds (store, parsed, &n_added, error))
      return FALSE;
    if (!culprit_store_track_repository (store, BENCH_GUI_REPO, NULL, branches, error))
      return FALSE;

    for (guint i = 0; i < parsed->len; i++)
      {
        CulpritBuild *b = g_ptr_array_index (parsed, i);
        const char *outcome = culprit_build_get_outcome (b);
        Template *t = &templates[g_rand_int_range (rand, 0, G_N_ELEMENTS (templates))];
        CulpritBuildResult result = { 0 };

        if (g_strcmp0 (outcome, "success") == 0)
          continue;
        if (g_strcmp0 (outcome, "timedout") == 0)
          {
            result.state = CULPRIT_BUILD_STATE_TIMEOUT;
            result.failed_step = "Run tests";
          }
        else
          {
            result.state = CULPRIT_BUILD_STATE_LOG;
            result.failed_step = t == &templates[3] || t == &templates[5] ? "Run tests" : "Build";
            result.compressed_log = t->compressed;
            result.raw_bytes = t->raw_bytes;
            result.line_count = t->lines;
          }
        if (!culprit_store_finish_build (store, culprit_build_get_id (b), &result, error))
          return FALSE;
      }
  }

  patterns = culprit_pattern_set_load_file (patterns_path, error);
  if (patterns == NULL || !culprit_store_import_patterns (store, patterns, NULL, error))
    return FALSE;

  scanner = culprit_scanner_new (store);
  if (!culprit_scanner_run_sync (scanner, NULL, NULL, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (templates); i++)
    g_bytes_unref (templates[i].compressed);
  return TRUE;
}

/* A log of about @size bytes with ANSI colours, timestamps and a few
 * failures, like a long test run. */
char *
bench_gui_make_log (gsize size)
{
  GString *out = g_string_sized_new (size + 256);
  guint n = 0;

  while (out->len < size)
    {
      n++;
      if (n % 5000 == 0)
        g_string_append_printf (out, "2026-07-30T10:39:%02u.714Z FAIL: test_websocket_reconnect (%u)\n",
                                n % 60, n);
      else if (n % 7 == 0)
        g_string_append_printf (out, "tests/test_mod%u.py::test_case_%u \033[31mFAILED\033[0m   [ %u%%]\n",
                                n % 97, n, n % 100);
      else
        g_string_append_printf (out, "tests/test_mod%u.py::test_case_%u \033[32mPASSED\033[0m   [ %u%%]\n",
                                n % 97, n, n % 100);
    }
  return g_string_free (out, FALSE);
}

/* A store with one failed build whose log is @log_size bytes, scanned. */
gboolean
bench_gui_make_log_store (const char  *path,
                          gsize        log_size,
                          GError     **error)
{
  g_autoptr(CulpritStore) store = culprit_store_open (path, error);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) parsed = NULL;
  g_autoptr(GPtrArray) patterns = NULL;
  g_autoptr(CulpritScanner) scanner = NULL;
  g_autoptr(GBytes) compressed = NULL;
  g_autofree char *log = NULL;
  g_autofree char *patterns_path = g_build_filename (SOURCE_ROOT, "data", "demo", "patterns.json", NULL);
  CulpritBuildResult result = { 0 };
  const char *list = "[{\"build_num\": 1, \"branch\": \"master\", \"outcome\": \"failed\", "
                     "\"vcs_revision\": \"0123456789abcdef0123456789abcdef01234567\", "
                     "\"queued_at\": \"2026-07-30T10:00:00Z\", "
                     "\"workflows\": {\"job_name\": \"test\"}}]";

  if (store == NULL)
    return FALSE;
  root = json_from_string (list, error);
  if (root == NULL)
    return FALSE;
  parsed = culprit_circleci_parse_build_list (BENCH_GUI_REPO, root, error);
  if (parsed == NULL || !culprit_store_add_builds (store, parsed, NULL, error))
    return FALSE;

  log = bench_gui_make_log (log_size);
  compressed = culprit_log_compress (log, strlen (log), error);
  if (compressed == NULL)
    return FALSE;
  result.state = CULPRIT_BUILD_STATE_LOG;
  result.failed_step = "Run tests";
  result.compressed_log = compressed;
  result.raw_bytes = strlen (log);
  result.line_count = culprit_count_lines (log, strlen (log));
  if (!culprit_store_finish_build (store, culprit_build_get_id (g_ptr_array_index (parsed, 0)), &result, error))
    return FALSE;

  patterns = culprit_pattern_set_load_file (patterns_path, error);
  if (patterns == NULL || !culprit_store_import_patterns (store, patterns, NULL, error))
    return FALSE;
  scanner = culprit_scanner_new (store);
  return culprit_scanner_run_sync (scanner, NULL, NULL, error);
}
