/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CulpritDatabase: each typed query, run in the pool's threads, answers
 * what the synchronous culprit_store_* calls answer on the same file;
 * pages list every build once and in order; a cancelled query says so;
 * queries run side by side; the writes write. No GTK. */
#include "config.h"

#include <string.h>

#include "culprit-store-private.h"
#include "culprit-test-util.h"

#define N_LOGS 60
#define N_PASSED 25

typedef struct
{
  char         *dir;
  char         *path;
  CulpritStore *store;      /* the synchronous answers */
  CulpritDatabase *database;
} Fixture;

/* N_LOGS failed builds with a log on "main" and "feature", jobs "a" and
 * "b"; every third says "connection reset", every fifth "out of memory";
 * then N_PASSED passed builds; two patterns, scanned. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CulpritPattern) reset = culprit_pattern_new ("Reset", "connection reset", FALSE);
  g_autoptr(CulpritPattern) oom = NULL;
  g_autoptr(CulpritScanner) scanner = NULL;
  const char *tags[] = { "flaky", NULL };

  oom = culprit_pattern_new ("OOM", "out of \\w+ memory|out of memory", TRUE);
  f->dir = culprit_test_make_tmpdir ();
  f->path = g_build_filename (f->dir, "database.db", NULL);
  f->store = culprit_store_open (f->path, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < N_LOGS; i++)
    {
      g_autofree char *name = g_strdup_printf ("build-%u.log", i);
      g_autofree char *log = g_strdup_printf ("step %u\nrunning tests\n%s%s\ndone %u\n", i,
                                              i % 3 == 0 ? "error: connection reset by peer\n" : "",
                                              i % 5 == 0 ? "fatal: out of memory" : "all fine", i);
      gboolean dup;

      const char *branch = i % 4 ? "main" : "feature";

      g_assert_cmpint (culprit_store_add_local_log (f->store, "local/ci", branch, i % 2 ? "a" : "b",
                                                    name, log, strlen (log), &dup, &error), >, 0);
      g_assert_no_error (error);
    }
  for (guint i = 0; i < N_PASSED; i++)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO builds (repo, build_num, branch, job, "
                                              "vcs_revision, queued_at, outcome, state) VALUES "
                                              "('github/acme/rocket', %u, 'main', 'test', 'c%u', "
                                              "%u, 'success', 'passed')",
                                              i + 1, i / 2, 1000000 + 3600 * i);

      g_assert_true (_culprit_store_exec (f->store, sql, &error));
      g_assert_no_error (error);
    }

  culprit_pattern_set_tags (reset, tags);
  g_assert_true (culprit_store_add_pattern (f->store, reset, &error));
  g_assert_no_error (error);
  g_assert_true (culprit_store_add_pattern (f->store, oom, &error));
  g_assert_no_error (error);
  scanner = culprit_scanner_new (f->store);
  g_assert_true (culprit_scanner_run_sync (scanner, NULL, NULL, &error));
  g_assert_no_error (error);

  f->database = culprit_database_new (f->path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gpointer database = f->database;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  /* a worker thread lets go of its task (and so of the database) just
   * after it returned the result: wait for it, then nothing may be left */
  g_object_add_weak_pointer (database, &database);
  g_object_unref (f->database);
  while (database != NULL && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_null (database);
  g_clear_object (&f->store);
  g_free (f->path);
  g_free (f->dir);
}

/* Waiting for a result on the test's main context */

static void
on_ready (GObject      *object,
          GAsyncResult *result,
          gpointer      data)
{
  GAsyncResult **slot = data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static GPtrArray *
ids_of (GPtrArray *builds)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < builds->len; i++)
    {
      gint64 id = culprit_build_get_id (builds->pdata[i]);

      g_ptr_array_add (ids, g_strdup_printf ("%" G_GINT64_FORMAT, id));
    }
  return ids;
}

static void
assert_same_builds (GPtrArray *a,
                    GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      g_assert_cmpint (culprit_build_get_id (a->pdata[i]), ==, culprit_build_get_id (b->pdata[i]));
      g_assert_cmpstr (culprit_build_get_category (a->pdata[i]), ==,
                       culprit_build_get_category (b->pdata[i]));
      g_assert_cmpint (culprit_build_get_best_pattern_id (a->pdata[i]), ==,
                       culprit_build_get_best_pattern_id (b->pdata[i]));
    }
}

static void
test_summary (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CulpritDatabaseSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) branches = NULL;
  g_auto(GStrv) jobs = NULL;
  gint64 first, last;

  culprit_database_load_summary_async (f->database, NULL, on_ready, &result);
  summary = culprit_database_load_summary_finish (f->database, wait_for (&result), &error);
  g_assert_no_error (error);

  g_assert_cmpint (summary->n_builds, ==, N_LOGS + N_PASSED);
  g_assert_cmpint (summary->n_builds, ==, culprit_store_count_builds (f->store, NULL));
  g_assert_true (culprit_store_get_time_range (f->store, &first, &last, NULL));
  g_assert_cmpint (summary->first_build, ==, first);
  g_assert_cmpint (summary->last_build, ==, last);
  g_assert_cmpuint (summary->n_patterns, ==, 2);
  branches = culprit_store_list_build_values (f->store, CULPRIT_BUILD_COLUMN_BRANCH, NULL);
  jobs = culprit_store_list_build_values (f->store, CULPRIT_BUILD_COLUMN_JOB, NULL);
  g_assert_true (g_strv_equal ((const char * const *)summary->branches,
                               (const char * const *)branches));
  g_assert_true (g_strv_equal ((const char * const *)summary->jobs, (const char * const *)jobs));
}

static void
test_report (Fixture       *f,
             gconstpointer  data)
{
  CulpritBuildFilter filter = { .branch = "main" };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CulpritReport) report = NULL;
  g_autoptr(CulpritReport) expected = culprit_report_new (f->store, &filter, NULL);
  g_autoptr(GError) error = NULL;

  culprit_database_load_report_async (f->database, &filter, NULL, on_ready, &result);
  report = culprit_database_load_report_finish (f->database, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (culprit_report_get_total (report), ==, culprit_report_get_total (expected));
  g_assert_cmpuint (culprit_report_get_failed (report), ==, culprit_report_get_failed (expected));
  g_assert_cmpuint (culprit_report_get_n_causes (report), ==,
                    culprit_report_get_n_causes (expected));
  g_assert_cmpuint (culprit_report_get_n_causes (report), ==, 2);
  g_assert_cmpuint (culprit_report_get_total (report), ==, N_LOGS - N_LOGS / 4 + N_PASSED);
  g_assert_cmpuint (culprit_report_get_failed (report), ==, N_LOGS - N_LOGS / 4);
  for (guint i = 0; i < culprit_report_get_n_causes (report); i++)
    g_assert_cmpuint (culprit_report_get_cause (report, i)->builds, ==,
                      culprit_report_get_cause (expected, i)->builds);
}

static char *
week_of (gint64 when)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (when > 0 ? when : 0);
  g_autoptr(GDateTime) monday = g_date_time_add_days (dt, 1 - g_date_time_get_day_of_week (dt));

  return g_date_time_format (monday, "%Y-%m-%d");
}

/* A report of many builds counts them as the builds that
 * culprit_store_list_builds() lists: by category, job and week */
static void
test_report_counts (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GHashTable) jobs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) weeks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CulpritReport) report = NULL;
  g_autoptr(GPtrArray) builds = NULL;
  guint total = 0, failed = 0, by_category[16] = { 0 };
  const char * const *categories = culprit_report_get_categories ();
  const char *sql =
    "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 25000) "
    "INSERT INTO builds (repo, build_num, branch, job, vcs_revision, queued_at, outcome, state) "
    "SELECT 'github/acme/big', i, 'main', 'job' || (i % 3), 'r' || i, 2000000 + 60 * i, "
    "       CASE WHEN i % 2 THEN 'failed' ELSE 'success' END, "
    "       CASE WHEN i % 2 THEN 'timeout' ELSE 'passed' END FROM n";

  g_assert_true (_culprit_store_exec (f->store, sql, &error));
  g_assert_no_error (error);

  builds = culprit_store_list_builds (f->store, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < builds->len; i++)
    {
      CulpritBuild *b = builds->pdata[i];
      gboolean is_failed = culprit_build_is_failed (b);
      const char *category = is_failed ? culprit_build_get_category (b) : CULPRIT_CATEGORY_PASSED;

      if (!is_failed && g_strcmp0 (culprit_build_get_outcome (b), "success") != 0)
        continue;
      total++;
      failed += is_failed;
      {
        const char *job = culprit_build_get_job (b) ? culprit_build_get_job (b) : "";
        char *week = week_of (culprit_build_get_queued_at (b));

        guint n_job = GPOINTER_TO_UINT (g_hash_table_lookup (jobs, job));
        guint n_week = GPOINTER_TO_UINT (g_hash_table_lookup (weeks, week));

        g_hash_table_insert (jobs, g_strdup (job), GUINT_TO_POINTER (n_job + 1));
        g_hash_table_insert (weeks, week, GUINT_TO_POINTER (n_week + 1));
      }
      for (guint c = 0; categories[c]; c++)
        if (g_str_equal (categories[c], category))
          by_category[c]++;
    }
  g_assert_cmpuint (total, ==, N_LOGS + N_PASSED + 25000);

  culprit_database_load_report_async (f->database, NULL, NULL, on_ready, &result);
  report = culprit_database_load_report_finish (f->database, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (culprit_report_get_total (report), ==, total);
  g_assert_cmpuint (culprit_report_get_failed (report), ==, failed);
  for (guint c = 0; categories[c]; c++)
    g_assert_cmpuint (culprit_report_get_category (report, categories[c]), ==, by_category[c]);
  g_assert_cmpuint (culprit_report_get_n_jobs (report), ==, g_hash_table_size (jobs));
  for (guint i = 0; i < culprit_report_get_n_jobs (report); i++)
    {
      const CulpritReportGroup *job = culprit_report_get_job (report, i);

      g_assert_cmpuint (job->total, ==, GPOINTER_TO_UINT (g_hash_table_lookup (jobs, job->key)));
    }
  g_assert_cmpuint (culprit_report_get_n_weeks (report), ==, g_hash_table_size (weeks));
  g_assert_cmpuint (g_hash_table_size (weeks), >=, 3);
  for (guint i = 0; i < culprit_report_get_n_weeks (report); i++)
    {
      const CulpritReportGroup *week = culprit_report_get_week (report, i);

      g_assert_cmpuint (week->total, ==, GPOINTER_TO_UINT (g_hash_table_lookup (weeks, week->key)));
    }
}

/* Pages of 7, then of 11, concatenated, are the whole list in its order,
 * each build once */
static void
test_builds_paged (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) expected = culprit_store_list_builds (f->store, NULL, NULL);
  g_autoptr(GPtrArray) listed = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) ids = NULL;
  guint limit = 7, pages = 0;

  for (;;)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      GPtrArray *page;
      guint n;

      culprit_database_list_builds_async (f->database, NULL, listed->len, limit, NULL, on_ready,
                                          &result);
      page = culprit_database_list_builds_finish (f->database, wait_for (&result), &error);
      g_assert_no_error (error);
      g_assert_cmpuint (page->len, <=, limit);
      n = page->len;
      g_ptr_array_extend_and_steal (listed, page);
      pages++;
      if (n < limit)
        break;
      limit = 11;
    }
  g_assert_cmpuint (pages, ==, 1 + (N_LOGS + N_PASSED - 7) / 11 + 1);
  assert_same_builds (listed, expected);
  ids = ids_of (listed);
  for (guint i = 0; i < ids->len; i++)
    g_assert_true (g_hash_table_add (seen, g_strdup (ids->pdata[i])));
  g_assert_cmpuint (g_hash_table_size (seen), ==, N_LOGS + N_PASSED);

  /* a filter pages the same way; limit 0 is every build from the offset */
  {
    CulpritBuildFilter filter = { .branch = "main", .failed_only = TRUE };
    g_autoptr(GPtrArray) sync = culprit_store_list_builds (f->store, &filter, NULL);
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GAsyncResult) rest_result = NULL;
    g_autoptr(GPtrArray) all = NULL;
    g_autoptr(GPtrArray) rest = NULL;

    culprit_database_list_builds_async (f->database, &filter, 0, 0, NULL, on_ready, &result);
    all = culprit_database_list_builds_finish (f->database, wait_for (&result), NULL);
    g_assert_cmpuint (all->len, ==, N_LOGS - N_LOGS / 4);
    assert_same_builds (all, sync);

    culprit_database_list_builds_async (f->database, &filter, 40, 0, NULL, on_ready, &rest_result);
    rest = culprit_database_list_builds_finish (f->database, wait_for (&rest_result), NULL);
    g_assert_cmpuint (rest->len, ==, sync->len - 40);
    for (guint i = 0; i < rest->len; i++)
      g_assert_cmpint (culprit_build_get_id (rest->pdata[i]), ==,
                       culprit_build_get_id (sync->pdata[40 + i]));
  }
}

static gint64
build_with_both (Fixture *f)
{
  g_autoptr(GPtrArray) builds = culprit_store_list_builds (f->store, NULL, NULL);

  for (guint i = 0; i < builds->len; i++)
    {
      gint64 id = culprit_build_get_id (builds->pdata[i]);
      g_autoptr(GArray) matches = culprit_store_list_build_matches (f->store, id, NULL);

      if (matches->len == 2)
        return id;
    }
  g_assert_not_reached ();
}

static void
test_build_log (Fixture       *f,
                gconstpointer  data)
{
  gint64 id = build_with_both (f);
  g_autoptr(GBytes) expected = culprit_store_load_log (f->store, id, NULL);
  g_autoptr(GArray) stored = culprit_store_list_build_matches (f->store, id, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) passed_result = NULL;
  g_autoptr(CulpritBuildLog) log = NULL;
  g_autoptr(CulpritBuildLog) passed = NULL;
  g_autoptr(GError) error = NULL;
  CulpritBuildFilter filter = { .repo = "github/acme/rocket" };
  g_autoptr(GPtrArray) passed_builds = culprit_store_list_builds (f->store, &filter, NULL);

  culprit_database_load_build_log_async (f->database, id, NULL, on_ready, &result);
  log = culprit_database_load_build_log_finish (f->database, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (culprit_build_get_id (log->build), ==, id);
  g_assert_no_error (log->log_error);
  g_assert_true (g_bytes_equal (log->log, expected));
  g_assert_cmpuint (log->matches->len, ==, stored->len);
  for (guint i = 0; i < stored->len; i++)
    {
      CulpritBuildMatch *match = g_ptr_array_index (log->matches, i);
      const CulpritStoredMatch *m = &g_array_index (stored, CulpritStoredMatch, i);

      g_assert_cmpint (match->pattern_id, ==, m->pattern_id);
      g_assert_cmpuint (match->line, ==, m->line);
      g_assert_cmpuint (match->start, ==, m->start);
      g_assert_cmpuint (match->end, ==, m->end);
      g_assert_true (g_str_equal (match->pattern, "Reset") || g_str_equal (match->pattern, "OOM"));
      g_assert_null (match->text);
    }

  /* a build without a log: the build, and why there is no log */
  culprit_database_load_build_log_async (f->database,
                                         culprit_build_get_id (passed_builds->pdata[0]),
                                         NULL, on_ready, &passed_result);
  passed = culprit_database_load_build_log_finish (f->database, wait_for (&passed_result), &error);
  g_assert_no_error (error);
  g_assert_null (passed->log);
  g_assert_error (passed->log_error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_NOT_FOUND);
  g_assert_cmpuint (passed->matches->len, ==, 0);
}

static void
test_patterns (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) live = culprit_store_list_patterns (f->store, FALSE, NULL);
  g_autoptr(GArray) stats = culprit_store_list_pattern_stats (f->store, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) retired_result = NULL;
  g_autoptr(CulpritPatternList) list = NULL;
  g_autoptr(CulpritPatternList) with_retired = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (culprit_store_retire_pattern (f->store,
                                               culprit_pattern_get_id (live->pdata[0]), NULL));
  g_clear_pointer (&live, g_ptr_array_unref);
  live = culprit_store_list_patterns (f->store, FALSE, NULL);

  culprit_database_list_patterns_async (f->database, FALSE, NULL, on_ready, &result);
  list = culprit_database_list_patterns_finish (f->database, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->patterns->len, ==, live->len);
  g_assert_cmpuint (list->patterns->len, ==, 1);
  g_assert_cmpint (culprit_pattern_get_id (list->patterns->pdata[0]), ==,
                   culprit_pattern_get_id (live->pdata[0]));
  g_assert_cmpuint (list->stats->len, ==, stats->len);
  g_assert_nonnull (list->report);

  culprit_database_list_patterns_async (f->database, TRUE, NULL, on_ready, &retired_result);
  with_retired = culprit_database_list_patterns_finish (f->database, wait_for (&retired_result),
                                                        &error);
  g_assert_no_error (error);
  g_assert_cmpuint (with_retired->patterns->len, ==, 2);
  g_assert_true (culprit_pattern_get_retired (with_retired->patterns->pdata[1]));
}

static void
test_samples_and_logs (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) patterns = culprit_store_list_patterns (f->store, FALSE, NULL);
  gint64 pattern_id = culprit_pattern_get_id (patterns->pdata[0]);
  gint64 first = build_with_both (f);
  g_autoptr(GArray) matched = culprit_store_list_pattern_builds (f->store, pattern_id, 5, NULL);
  g_autoptr(GArray) logged = culprit_store_list_logged_builds (f->store, 0, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) logs_result = NULL;
  g_autoptr(GPtrArray) samples = NULL;
  g_autoptr(GArray) logs = NULL;
  g_autoptr(GError) error = NULL;

  culprit_database_list_samples_async (f->database, first, pattern_id, 5, NULL, on_ready, &result);
  samples = culprit_database_list_samples_finish (f->database, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (samples->len, >=, 5);
  g_assert_cmpint (culprit_build_get_id (samples->pdata[0]), ==, first);
  for (guint i = 0, j = 1; i < matched->len; i++)
    if (g_array_index (matched, gint64, i) != first)
      g_assert_cmpint (culprit_build_get_id (samples->pdata[j++]), ==,
                       g_array_index (matched, gint64, i));

  culprit_database_list_logged_builds_async (f->database, NULL, on_ready, &logs_result);
  logs = culprit_database_list_logged_builds_finish (f->database, wait_for (&logs_result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (logs->len, ==, logged->len);
  g_assert_cmpuint (logs->len, ==, N_LOGS);
  for (guint i = 0; i < logs->len; i++)
    g_assert_cmpint (g_array_index (logs, CulpritLoggedBuild, i).build_id, ==,
                     g_array_index (logged, CulpritLoggedBuild, i).build_id);
}

static void
test_health (Fixture       *f,
             gconstpointer  data)
{
  CulpritBuildFilter filter = { .branch = "main" };
  g_autoptr(CulpritReport) expected = culprit_report_new (f->store, &filter, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) feature_result = NULL;
  g_autoptr(CulpritHealth) health = NULL;
  g_autoptr(CulpritHealth) feature = NULL;
  g_autoptr(GError) error = NULL;
  guint cells = 0;

  culprit_database_load_health_async (f->database, NULL, 10, NULL, on_ready, &result);
  health = culprit_database_load_health_finish (f->database, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (health->branch, ==, "main");
  g_assert_cmpuint (g_strv_length (health->branches), ==, 2);
  g_assert_cmpuint (culprit_report_get_total (health->report), ==,
                    culprit_report_get_total (expected));
  /* the passed builds have commits c0..c12 and the job "test"; local logs have none */
  g_assert_cmpuint (health->commits->len, ==, 10);
  g_assert_cmpuint (g_strv_length (health->jobs), ==, 1);
  g_assert_cmpstr (health->jobs[0], ==, "test");
  g_assert_cmpuint (health->cells->len, ==, 10);
  for (guint i = 0; i < health->cells->len; i++)
    cells += health->cells->pdata[i] != NULL;
  g_assert_cmpuint (cells, ==, 10);
  g_assert_cmpuint (health->unexplained->len, >, 0);

  culprit_database_load_health_async (f->database, "feature", 10, NULL, on_ready, &feature_result);
  feature = culprit_database_load_health_finish (f->database, wait_for (&feature_result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (feature->branch, ==, "feature");
  g_assert_cmpuint (feature->commits->len, ==, 0);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) log_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) log_error = NULL;

  g_cancellable_cancel (cancellable);
  culprit_database_list_builds_async (f->database, NULL, 0, 0, cancellable, on_ready, &result);
  g_assert_null (culprit_database_list_builds_finish (f->database, wait_for (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  culprit_database_load_build_log_async (f->database, build_with_both (f), cancellable,
                                         on_ready, &log_result);
  g_assert_null (culprit_database_load_build_log_finish (f->database, wait_for (&log_result),
                                                         &log_error));
  g_assert_error (log_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Many queries at once, each on a connection of the pool */
#define N_CONCURRENT 12

static void
test_concurrent (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) expected = culprit_store_list_builds (f->store, NULL, NULL);
  GAsyncResult *results[N_CONCURRENT] = { NULL };
  GAsyncResult *reports[N_CONCURRENT] = { NULL };

  for (guint i = 0; i < N_CONCURRENT; i++)
    {
      culprit_database_list_builds_async (f->database, NULL, 0, 0, NULL, on_ready, &results[i]);
      culprit_database_load_report_async (f->database, NULL, NULL, on_ready, &reports[i]);
    }
  for (guint i = 0; i < N_CONCURRENT; i++)
    {
      g_autoptr(GPtrArray) builds = NULL;
      g_autoptr(CulpritReport) report = NULL;
      g_autoptr(GError) error = NULL;

      builds = culprit_database_list_builds_finish (f->database, wait_for (&results[i]), &error);
      g_assert_no_error (error);
      assert_same_builds (builds, expected);
      report = culprit_database_load_report_finish (f->database, wait_for (&reports[i]), &error);
      g_assert_no_error (error);
      g_assert_cmpuint (culprit_report_get_total (report), ==, N_LOGS + N_PASSED);
      g_clear_object (&results[i]);
      g_clear_object (&reports[i]);
    }
}

static void
test_pattern_writes (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CulpritPattern) fresh = culprit_pattern_new ("Done", "done 1", FALSE);
  g_autoptr(CulpritPattern) saved = NULL;
  g_autoptr(CulpritPattern) edited = NULL;
  g_autoptr(CulpritPattern) version = NULL;
  g_autoptr(CulpritPattern) retired = NULL;
  g_autoptr(CulpritPattern) restored = NULL;
  g_autoptr(GPtrArray) live = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  culprit_database_save_pattern_async (f->database, fresh, NULL, on_ready, &result);
  saved = culprit_database_save_pattern_finish (f->database, wait_for (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_cmpint (culprit_pattern_get_id (saved), >, 0);
  g_assert_cmpint (culprit_pattern_get_id (fresh), ==, 0);   /* the caller's copy is left alone */

  edited = culprit_pattern_copy (saved);
  culprit_pattern_set_expression (edited, "done 2");
  culprit_database_save_pattern_async (f->database, edited, NULL, on_ready, &result);
  version = culprit_database_save_pattern_finish (f->database, wait_for (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_cmpint (culprit_pattern_get_id (version), >, culprit_pattern_get_id (saved));

  culprit_database_retire_pattern_async (f->database, culprit_pattern_get_id (version), NULL,
                                         on_ready, &result);
  retired = culprit_database_retire_pattern_finish (f->database, wait_for (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_cmpstr (culprit_pattern_get_name (retired), ==, "Done");
  live = culprit_store_list_patterns (f->store, FALSE, NULL);
  g_assert_cmpuint (live->len, ==, 2);

  culprit_database_unretire_pattern_async (f->database, culprit_pattern_get_id (version), NULL,
                                           on_ready, &result);
  g_assert_true (culprit_database_unretire_pattern_finish (f->database, wait_for (&result),
                                                           &error));
  g_clear_object (&result);
  g_assert_no_error (error);
  g_clear_pointer (&live, g_ptr_array_unref);
  live = culprit_store_list_patterns (f->store, FALSE, NULL);
  g_assert_cmpuint (live->len, ==, 3);

  g_assert_true (culprit_store_retire_pattern (f->store, culprit_pattern_get_id (version), NULL));
  culprit_database_restore_pattern_async (f->database, culprit_pattern_get_id (version), NULL,
                                          on_ready, &result);
  restored = culprit_database_restore_pattern_finish (f->database, wait_for (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_cmpint (culprit_pattern_get_id (restored), >, culprit_pattern_get_id (version));
  g_assert_false (culprit_pattern_get_retired (restored));

  /* an unknown pattern: an error, not a crash */
  culprit_database_retire_pattern_async (f->database, 9999, NULL, on_ready, &result);
  g_assert_null (culprit_database_retire_pattern_finish (f->database, wait_for (&result), &error));
  g_clear_object (&result);
  g_assert_nonnull (error);
}

static void
test_import_export (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "exported.json", NULL);
  g_autoptr(GPtrArray) read_back = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  CulpritImportStats stats = { 0 };
  g_autofree char *set_path = g_build_filename (f->dir, "set.json", NULL);
  g_autoptr(GPtrArray) set = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) live = culprit_store_list_patterns (f->store, FALSE, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  gsize len;
  guint n = 0;
  gboolean ok;

  culprit_database_export_patterns_async (f->database, path, NULL, on_ready, &result);
  g_assert_true (culprit_database_export_patterns_finish (f->database, wait_for (&result), &n,
                                                          &error));
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  read_back = culprit_pattern_set_load_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (read_back->len, ==, 2);

  /* one new, one as stored */
  g_ptr_array_add (set, culprit_pattern_new ("Killed", "Killed process", FALSE));
  g_ptr_array_add (set, culprit_pattern_copy (live->pdata[0]));
  g_assert_true (culprit_pattern_set_save_file (set, set_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (set_path, &text, &len, &error));
  bytes = g_bytes_new_take (g_steal_pointer (&text), len);
  culprit_database_import_patterns_async (f->database, NULL, bytes, NULL, on_ready, &result);
  ok = culprit_database_import_patterns_finish (f->database, wait_for (&result), &stats, &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpuint (stats.added, ==, 1);
  g_assert_cmpuint (stats.unchanged, ==, 1);

  /* the exported file, imported again, changes nothing */
  culprit_database_import_patterns_async (f->database, path, NULL, NULL, on_ready, &result);
  g_assert_true (culprit_database_import_patterns_finish (f->database, wait_for (&result), &stats,
                                                          &error));
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_cmpuint (stats.added, ==, 0);
  g_assert_cmpuint (stats.unchanged, ==, 2);

  culprit_database_import_patterns_async (f->database, "/nonexistent/x.json", NULL, NULL, on_ready,
                                          &result);
  g_assert_false (culprit_database_import_patterns_finish (f->database, wait_for (&result), NULL,
                                                           &error));
  g_clear_object (&result);
  g_assert_nonnull (error);
}

static void
test_repositories_and_marks (Fixture       *f,
                             gconstpointer  data)
{
  const char *branches[] = { "main", "release", NULL };
  const char *fewer[] = { "main", NULL };
  g_autoptr(GPtrArray) repos = NULL;
  g_autoptr(GPtrArray) sync = NULL;
  g_autoptr(GPtrArray) annotations = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  CulpritMarkRequest request = { 0 };
  guint n_marked = 0;

  culprit_database_track_repository_async (f->database, "github/acme/rocket", NULL, branches, NULL,
                                           NULL, on_ready, &result);
  g_assert_true (culprit_database_track_repository_finish (f->database, wait_for (&result),
                                                           &error));
  g_clear_object (&result);
  g_assert_no_error (error);
  culprit_database_track_repository_async (f->database, "github/acme/rocket", NULL, fewer, branches,
                                           NULL, on_ready, &result);
  g_assert_true (culprit_database_track_repository_finish (f->database, wait_for (&result),
                                                           &error));
  g_clear_object (&result);
  g_assert_no_error (error);

  culprit_database_list_repositories_async (f->database, NULL, on_ready, &result);
  repos = culprit_database_list_repositories_finish (f->database, wait_for (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  sync = culprit_store_list_tracked_repos (f->store, NULL);
  g_assert_cmpuint (repos->len, ==, 1);
  g_assert_cmpuint (sync->len, ==, 1);
  g_assert_cmpstr (((CulpritTrackedRepo *)repos->pdata[0])->repo, ==, "github/acme/rocket");
  g_assert_true (g_strv_equal ((const char * const *)
                                 ((CulpritTrackedRepo *)repos->pdata[0])->branches, fewer));

  culprit_database_untrack_repository_async (f->database, "github/acme/rocket", NULL, on_ready,
                                             &result);
  g_assert_true (culprit_database_untrack_repository_finish (f->database, wait_for (&result),
                                                             &error));
  g_clear_object (&result);
  g_assert_no_error (error);
  g_clear_pointer (&sync, g_ptr_array_unref);
  sync = culprit_store_list_tracked_repos (f->store, NULL);
  g_assert_cmpuint (sync->len, ==, 0);

  request.action = CULPRIT_MARK_BUILD;
  request.build_id = build_with_both (f);
  request.kind = CULPRIT_CATEGORY_KNOWN_PROBLEM;
  request.note = "tracked upstream";
  culprit_database_mark_async (f->database, &request, NULL, on_ready, &result);
  g_assert_true (culprit_database_mark_finish (f->database, wait_for (&result), &n_marked, &error));
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_cmpuint (n_marked, ==, 1);
  annotations = culprit_store_list_annotations (f->store, NULL, NULL);
  g_assert_cmpuint (annotations->len, ==, 1);
  g_assert_cmpstr (((CulpritAnnotation *)annotations->pdata[0])->note, ==, "tracked upstream");

  request.action = CULPRIT_MARK_REMOVE;
  culprit_database_mark_async (f->database, &request, NULL, on_ready, &result);
  g_assert_true (culprit_database_mark_finish (f->database, wait_for (&result), NULL, &error));
  g_clear_object (&result);
  g_clear_pointer (&annotations, g_ptr_array_unref);
  annotations = culprit_store_list_annotations (f->store, NULL, NULL);
  g_assert_cmpuint (annotations->len, ==, 0);
}

/* The live preview counts what a scan of the one pattern would match */
static void
test_preview_counter (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(CulpritPreviewCounter) counter = culprit_preview_counter_new (f->database);
  g_autoptr(CulpritPattern) pattern = culprit_pattern_new ("Done", "done \\d*7$", TRUE);
  guint expected = 0;

  for (guint i = 0; i < N_LOGS; i++)
    expected += i % 10 == 7;

  culprit_preview_counter_start (counter, pattern);
  g_assert_true (culprit_preview_counter_get_running (counter));
  while (culprit_preview_counter_get_running (counter))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (culprit_preview_counter_get_total (counter), ==, N_LOGS);
  g_assert_cmpuint (culprit_preview_counter_get_scanned (counter), ==, N_LOGS);
  g_assert_cmpuint (culprit_preview_counter_get_matched (counter), ==, expected);
  g_assert_cmpint (culprit_preview_counter_get_first_result_us (counter), >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/culprit/database/summary", test_summary);
  ADD ("/culprit/database/report", test_report);
  ADD ("/culprit/database/report-counts", test_report_counts);
  ADD ("/culprit/database/builds-paged", test_builds_paged);
  ADD ("/culprit/database/build-log", test_build_log);
  ADD ("/culprit/database/patterns", test_patterns);
  ADD ("/culprit/database/samples", test_samples_and_logs);
  ADD ("/culprit/database/health", test_health);
  ADD ("/culprit/database/cancel", test_cancel);
  ADD ("/culprit/database/concurrent", test_concurrent);
  ADD ("/culprit/database/pattern-writes", test_pattern_writes);
  ADD ("/culprit/database/import-export", test_import_export);
  ADD ("/culprit/database/repositories-marks", test_repositories_and_marks);
  ADD ("/culprit/database/preview-counter", test_preview_counter);
#undef ADD

  return g_test_run ();
}
