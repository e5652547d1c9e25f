/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The incremental scanner: new patterns run over old builds alone, edits
 * replace matches, retired patterns stop counting, a killed scan resumes. */
#include "config.h"

#include <signal.h>
#include <string.h>

#include "culprit-store-private.h"
#include "culprit-test-util.h"

static char *
make_log (GRand *rand,
          guint  n_lines)
{
  const char *lines[] = {
    "compiling module", "test PASSED", "\033[31mERROR\033[0m: connection reset",
    "Killed process", "warning: deprecated call", "FAILED test - AssertionError",
    "2026-10-01T10:00:00Z timeout waiting for lock", "expected error in test", "DISK FULL",
  };
  GString *log = g_string_new (NULL);

  for (guint i = 0; i < n_lines; i++)
    {
      g_string_append (log, lines[g_rand_int_range (rand, 0, G_N_ELEMENTS (lines))]);
      g_string_append_printf (log, " %u\n", g_rand_int_range (rand, 0, 60));
    }
  return g_string_free (log, FALSE);
}

static CulpritStore *
corpus (guint   n_builds,
        guint   n_lines,
        char  **path_out)
{
  g_autofree char *dir = culprit_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "scan.db", NULL);
  g_autoptr(GError) error = NULL;
  CulpritStore *store = culprit_store_open (path, &error);
  GRand *rand = g_rand_new_with_seed (99);

  g_assert_no_error (error);
  for (guint i = 0; i < n_builds; i++)
    {
      g_autofree char *log = make_log (rand, n_lines);
      g_autofree char *name = g_strdup_printf ("build-%u.log", i);
      gboolean dup;

      g_assert_cmpint (culprit_store_add_local_log (store, "local", "main", i % 2 ? "a" : "b", name,
                                                    log, strlen (log), &dup, &error), >, 0);
      g_assert_no_error (error);
    }
  g_rand_free (rand);
  if (path_out)
    *path_out = g_steal_pointer (&path);
  return store;
}

static CulpritPattern *
add (CulpritStore *store,
     const char   *name,
     const char   *expression,
     gboolean      regex)
{
  g_autoptr(GError) error = NULL;
  CulpritPattern *p = culprit_pattern_new (name, expression, regex);

  g_assert_true (culprit_store_add_pattern (store, p, &error));
  g_assert_no_error (error);
  return p;
}

static CulpritScanStats
scan (CulpritStore *store,
      gboolean      rescan)
{
  g_autoptr(CulpritScanner) scanner = culprit_scanner_new (store);
  g_autoptr(GError) error = NULL;
  CulpritScanStats stats;

  culprit_scanner_set_rescan (scanner, rescan);
  g_assert_true (culprit_scanner_run_sync (scanner, NULL, &stats, &error));
  g_assert_no_error (error);
  return stats;
}


static char *
dump_matches (CulpritStore *store)
{
  g_autoptr(sqlite3_stmt) stmt = _culprit_store_prepare (store,
    "SELECT build_id, pattern_id, line, span_start, span_end FROM matches ORDER BY 1, 2, 3", NULL);
  GString *out = g_string_new (NULL);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (out, "%lld %lld %lld %lld %lld\n", sqlite3_column_int64 (stmt, 0),
                            sqlite3_column_int64 (stmt, 1), sqlite3_column_int64 (stmt, 2),
                            sqlite3_column_int64 (stmt, 3), sqlite3_column_int64 (stmt, 4));
  return g_string_free (out, FALSE);
}

static guint
count_category (CulpritStore *store,
                const char   *category)
{
  g_autoptr(CulpritReport) report = culprit_report_new (store, NULL, NULL);

  return culprit_report_get_category (report, category);
}

/* The scanner gives each build exactly what the matcher gives its log. */
static void
test_matches_equal_matcher (void)
{
  g_autoptr(CulpritStore) store = corpus (30, 400, NULL);
  g_autoptr(CulpritPattern) a = add (store, "reset", "connection reset", FALSE);
  g_autoptr(CulpritPattern) b = add (store, "oom", "Killed process \\d+", TRUE);
  g_autoptr(GPtrArray) live = culprit_store_list_patterns (store, FALSE, NULL);
  g_autoptr(CulpritMatcher) matcher = culprit_matcher_new (live, NULL);
  g_autoptr(GPtrArray) builds = NULL;
  CulpritScanStats stats = scan (store, FALSE);

  g_assert_cmpuint (stats.builds_scanned, ==, 30);
  builds = culprit_store_list_builds (store, NULL, NULL);
  for (guint i = 0; i < builds->len; i++)
    {
      CulpritBuild *build = builds->pdata[i];
      g_autoptr(GBytes) log = culprit_store_load_log (store, culprit_build_get_id (build), NULL);
      gsize len;
      const char *text = g_bytes_get_data (log, &len);
      g_autoptr(CulpritScanResult) r = culprit_matcher_scan (matcher, text, len, NULL);
      const CulpritMatch *best = culprit_scan_result_get_best (r);
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM matches WHERE build_id = %" G_GINT64_FORMAT,
                                              culprit_build_get_id (build));

      g_assert_cmpint (culprit_test_query_int (store, sql), ==, culprit_scan_result_get_n_matches (r));
      g_assert_nonnull (best);
      g_assert_cmpstr (culprit_build_get_best_pattern (build), ==,
                       culprit_pattern_get_name (culprit_matcher_get_pattern (matcher, best->pattern_index)));
      g_assert_cmpuint (culprit_build_get_best_line (build), ==, best->line);

      /* and each row is one of the matcher's matches, in the same order */
      {
        g_autoptr(GString) stored = g_string_new (NULL);
        g_autoptr(GString) expected = g_string_new (NULL);
        g_autofree char *rows = g_strdup_printf ("SELECT line, pattern_id, span_start, span_end FROM matches "
                                                 "WHERE build_id = %" G_GINT64_FORMAT " ORDER BY line, pattern_id",
                                                 culprit_build_get_id (build));
        g_autoptr(sqlite3_stmt) stmt = _culprit_store_prepare (store, rows, NULL);

        while (sqlite3_step (stmt) == SQLITE_ROW)
          g_string_append_printf (stored, "%lld %lld %lld %lld\n", sqlite3_column_int64 (stmt, 0),
                                  sqlite3_column_int64 (stmt, 1), sqlite3_column_int64 (stmt, 2),
                                  sqlite3_column_int64 (stmt, 3));
        for (guint k = 0; k < culprit_scan_result_get_n_matches (r); k++)
          {
            const CulpritMatch *m = culprit_scan_result_get_match (r, k);
            CulpritPattern *p = culprit_matcher_get_pattern (matcher, m->pattern_index);

            g_string_append_printf (expected, "%u %" G_GINT64_FORMAT " %u %u\n", m->line,
                                    culprit_pattern_get_id (p), m->start, m->end);
          }
        g_assert_cmpstr (stored->str, ==, expected->str);
      }
    }
}

static void
test_incremental (void)
{
  g_autoptr(CulpritStore) store = corpus (40, 300, NULL);
  g_autoptr(CulpritPattern) a = add (store, "reset", "connection reset", FALSE);
  g_autoptr(CulpritPattern) b = NULL;
  g_autofree char *sql = NULL;
  gint64 a_rows;
  CulpritScanStats stats;

  stats = scan (store, FALSE);
  g_assert_cmpuint (stats.builds_scanned, ==, 40);

  /* nothing new: nothing to do */
  stats = scan (store, FALSE);
  g_assert_cmpuint (stats.builds_scanned, ==, 0);

  /* a new pattern runs over the old builds alone: a row of the old
   * pattern deleted behind the scanner's back stays deleted */
  a_rows = culprit_test_query_int (store, "SELECT count(*) FROM matches WHERE pattern_id = 1");
  g_assert_cmpint (a_rows, >, 40);
  g_assert_true (_culprit_store_exec (store, "DELETE FROM matches WHERE pattern_id = 1 AND build_id = 1 AND "
                                             "line = (SELECT min (line) FROM matches WHERE pattern_id = 1 AND build_id = 1)",
                                      NULL));
  b = add (store, "oom", "Killed process \\d+", TRUE);
  stats = scan (store, FALSE);
  g_assert_cmpuint (stats.builds_scanned, ==, 40);
  g_assert_cmpint (culprit_test_query_int (store, "SELECT count(*) FROM matches WHERE pattern_id = 1"), ==, a_rows - 1);
  g_assert_cmpint (culprit_test_query_int (store, "SELECT count(*) FROM matches WHERE pattern_id = 2"), >, 0);
  g_assert_cmpint (culprit_test_query_int (store, "SELECT count(*) FROM builds WHERE scanned_through_pattern_id = 2"), ==, 40);

  /* --rescan runs everything again */
  stats = scan (store, TRUE);
  g_assert_cmpuint (stats.builds_scanned, ==, 40);
  g_assert_cmpint (culprit_test_query_int (store, "SELECT count(*) FROM matches WHERE pattern_id = 1"), ==, a_rows);
}

static void
add_log (CulpritStore *store,
         const char   *name,
         const char   *log)
{
  g_autoptr(GError) error = NULL;
  gboolean dup;

  g_assert_cmpint (culprit_store_add_local_log (store, "local", "main", "a", name, log, strlen (log),
                                                &dup, &error), >, 0);
  g_assert_no_error (error);
}

/* A new pattern with literals is not run on logs whose sketch cannot hold
 * one: the scan reads fewer logs and gives what a full scan gives, also
 * where escape sequences cut the text and where the case differs. Logs
 * without a sketch (stored before version 6) get theirs when next read. */
static void
test_sketch_rules_out (void)
{
  g_autoptr(CulpritStore) store = corpus (40, 300, NULL);
  g_autoptr(CulpritPattern) a = add (store, "reset", "connection reset", FALSE);
  g_autoptr(CulpritPattern) quota = NULL;
  g_autoptr(CulpritPattern) inode = NULL;
  g_autoptr(CulpritPattern) no_literal = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *incremental = NULL;
  g_autofree char *full = NULL;
  CulpritScanStats stats;

  add_log (store, "quota-1.log", "step 1\ncp: Disk quota exceeded for volume /data\nstep 2\n");
  add_log (store, "quota-2.log", "step 1\n\033[31mcp: Disk\033[0m quota \033[1mexceeded\033[0m for volume\n");
  add_log (store, "quota-3.log", "2026-10-01T10:00:00Z CP: DISK QUOTA EXCEEDED FOR VOLUME /data\r\nend");
  /* new builds too: the quota logs hold no "connection reset" */
  stats = scan (store, FALSE);
  g_assert_cmpuint (stats.builds_scanned, ==, 43);
  g_assert_cmpuint (stats.builds_ruled_out, ==, 3);
  g_assert_cmpint (culprit_test_query_int (store, "SELECT count(*) FROM log_sketches"), ==, 43);

  /* a caseless literal, and a case-sensitive regex whose literal is
   * "exceeded for vol" (not in the upper-case log) */
  quota = culprit_pattern_new ("quota", "disk quota exceeded", FALSE);
  culprit_pattern_set_case_sensitive (quota, FALSE);
  g_assert_true (culprit_store_add_pattern (store, quota, &error));
  g_assert_no_error (error);
  inode = add (store, "inodes", "exceeded for vol\\w+", TRUE);
  stats = scan (store, FALSE);
  g_assert_cmpuint (stats.builds_scanned, ==, 43);
  g_assert_cmpuint (stats.builds_ruled_out, >=, 38);
  g_assert_cmpint (culprit_test_query_int (store, "SELECT count(DISTINCT build_id) FROM matches WHERE pattern_id = 2"), ==, 3);
  g_assert_cmpint (culprit_test_query_int (store, "SELECT count(DISTINCT build_id) FROM matches WHERE pattern_id = 3"), ==, 2);
  g_assert_cmpint (culprit_test_query_int (store, "SELECT count(*) FROM builds WHERE scanned_through_pattern_id = 3"), ==, 43);
  incremental = dump_matches (store);
  scan (store, TRUE);
  full = dump_matches (store);
  g_assert_cmpstr (incremental, ==, full);

  /* a pattern without a literal reads every log */
  no_literal = add (store, "anything", "^\\w{4} \\d$", TRUE);
  stats = scan (store, FALSE);
  g_assert_cmpuint (stats.builds_ruled_out, ==, 0);

  /* a store from before sketches: the next scan reads and sketches each log */
  g_assert_true (_culprit_store_exec (store, "DELETE FROM log_sketches", NULL));
  g_clear_object (&quota);
  quota = add (store, "quota 2", "Disk quota exceeded", FALSE);
  stats = scan (store, FALSE);
  g_assert_cmpuint (stats.builds_ruled_out, ==, 0);
  g_assert_cmpint (culprit_test_query_int (store, "SELECT count(*) FROM log_sketches"), ==, 43);
  g_clear_object (&quota);
  quota = add (store, "quota 3", "quota exceeded for", FALSE);
  stats = scan (store, FALSE);
  g_assert_cmpuint (stats.builds_ruled_out, >=, 38);
  g_assert_cmpint (culprit_test_query_int (store, "SELECT count(DISTINCT build_id) FROM matches WHERE pattern_id = 6"), ==, 2);
}

/* Builds a scan does not read still lose their rows above the watermark,
 * as a full scan would: here the rows of a retired pattern, after an
 * ignore pattern reset every watermark and the sketch ruled the logs out. */
static void
test_unread_builds_cleared (void)
{
  g_autoptr(CulpritStore) store = corpus (0, 0, NULL);
  g_autoptr(CulpritPattern) reset = add (store, "reset", "connection reset", FALSE);
  g_autoptr(CulpritPattern) full = add (store, "full", "DISK FULL", FALSE);
  g_autoptr(CulpritPattern) noise = culprit_pattern_new ("noise", "nothing like this", FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *incremental = NULL;
  g_autofree char *rescanned = NULL;
  CulpritScanStats stats;

  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *name = g_strdup_printf ("full-%u.log", i);
      g_autofree char *log = g_strdup_printf ("step %u\nDISK FULL on /dev/sda%u\n", i, i);

      add_log (store, name, log);
    }
  scan (store, FALSE);
  g_assert_cmpint (culprit_test_query_int (store, "SELECT count(*) FROM matches WHERE pattern_id = 2"), ==, 40);

  g_assert_true (culprit_store_retire_pattern (store, culprit_pattern_get_id (full), &error));
  culprit_pattern_set_kind (noise, CULPRIT_PATTERN_KIND_IGNORE);
  g_assert_true (culprit_store_add_pattern (store, noise, &error));
  g_assert_no_error (error);
  stats = scan (store, FALSE);
  g_assert_cmpuint (stats.builds_scanned, ==, 40);
  g_assert_cmpuint (stats.builds_ruled_out, ==, 40);
  incremental = dump_matches (store);
  scan (store, TRUE);
  rescanned = dump_matches (store);
  g_assert_cmpstr (incremental, ==, rescanned);
  g_assert_cmpstr (incremental, ==, "");
}

static void
test_edit_retire_ignore (void)
{
  g_autoptr(CulpritStore) store = corpus (20, 300, NULL);
  g_autoptr(CulpritPattern) reset = add (store, "reset", "connection reset", FALSE);
  g_autoptr(CulpritPattern) edited = NULL;
  g_autoptr(CulpritPattern) v2 = NULL;
  g_autoptr(CulpritPattern) noise = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before;

  scan (store, FALSE);
  g_assert_cmpuint (count_category (store, "matched"), ==, 20);

  /* an edit is a new version that replaces the old one's matches */
  edited = culprit_pattern_copy (reset);
  culprit_pattern_set_expression (edited, "DISK FULL");
  v2 = culprit_store_edit_pattern (store, edited, &error);
  g_assert_no_error (error);
  scan (store, FALSE);
  {
    g_autoptr(GPtrArray) builds = culprit_store_list_builds (store, NULL, NULL);
    for (guint i = 0; i < builds->len; i++)
      g_assert_cmpint (culprit_build_get_best_pattern_id (builds->pdata[i]), ==, culprit_pattern_get_id (v2));
  }

  /* retired: its matches stop counting at once, without a scan */
  g_assert_true (culprit_store_retire_pattern (store, culprit_pattern_get_id (v2), &error));
  g_assert_cmpuint (count_category (store, "unexplained"), ==, 20);
  g_assert_true (culprit_store_unretire_pattern (store, culprit_pattern_get_id (v2), &error));
  scan (store, FALSE);
  g_assert_cmpuint (count_category (store, "matched"), ==, 20);

  /* a failure annotated as a known problem counts as one everywhere */
  {
    g_autoptr(GPtrArray) builds = culprit_store_list_builds (store, NULL, NULL);
    CulpritBuild *first = builds->pdata[0];

    g_assert_true (culprit_store_annotate_build (store, culprit_build_get_id (first), "known-problem",
                                                 "staging DNS is down, INFRA-42", "alice", &error));
    g_assert_no_error (error);
    g_assert_cmpuint (count_category (store, "known-problem"), ==, 1);
    g_assert_cmpuint (count_category (store, "matched"), ==, 19);
    g_assert_true (culprit_store_remove_annotation (store, culprit_build_get_id (first), &error));
    g_assert_cmpuint (count_category (store, "matched"), ==, 20);
  }

  /* an ignore pattern drops the lines it matches: DISK FULL lines go */
  before = culprit_test_query_int (store, "SELECT count(*) FROM matches m JOIN patterns p ON p.id = m.pattern_id "
                             "WHERE p.retired_at IS NULL");
  noise = culprit_pattern_new ("noise", "DISK FULL [0-9]$", TRUE);
  culprit_pattern_set_kind (noise, CULPRIT_PATTERN_KIND_IGNORE);
  g_assert_true (culprit_store_add_pattern (store, noise, &error));
  g_assert_cmpint (culprit_test_query_int (store, "SELECT max (scanned_through_pattern_id) FROM builds"), ==, 0);
  scan (store, FALSE);
  g_assert_cmpint (culprit_test_query_int (store, "SELECT count(*) FROM matches m JOIN patterns p ON p.id = m.pattern_id "
                                     "WHERE p.retired_at IS NULL"), <, before);
}

static GSubprocess *
spawn_scan (const char *path,
            gboolean    rescan)
{
  g_autoptr(GError) error = NULL;
  GSubprocess *proc;

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                           g_getenv ("CULPRIT_CLI"), "scan", "--offline", "--db", path,
                           "--scan-threads", "1", rescan ? "--rescan" : NULL, NULL);
  g_assert_no_error (error);
  return proc;
}

/* waits until @sql counts more than @at_least, for at most 2 s */
static gint64
wait_for_count (CulpritStore *store,
                const char   *sql,
                gint64        at_least)
{
  gint64 n = 0;

  for (guint i = 0; i < 200 && n <= at_least; i++)
    {
      g_usleep (10 * 1000);
      n = culprit_test_query_int (store, sql);
    }
  return n;
}

/* A scan killed at any point leaves each build scanned or not, never half;
 * the next scan ends with what a clean scan gives. */
static void
test_killed_scan_resumes (void)
{
  g_autofree char *path = NULL;
  g_autoptr(CulpritStore) store = corpus (300, 3000, &path);
  g_autoptr(CulpritPattern) a = add (store, "reset", "connection reset", FALSE);
  g_autoptr(CulpritPattern) b = add (store, "oom", "Killed process \\d+", TRUE);
  g_autoptr(CulpritPattern) c = add (store, "fail", "^FAILED \\S+", TRUE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *clean = NULL;
  g_autofree char *resumed = NULL;
  gint64 done, half;

  proc = spawn_scan (path, FALSE);
  wait_for_count (store, "SELECT count(*) FROM builds WHERE scanned_at IS NOT NULL", 20);
  g_subprocess_send_signal (proc, SIGKILL);
  g_subprocess_wait (proc, NULL, NULL);

  done = culprit_test_query_int (store, "SELECT count(*) FROM builds WHERE scanned_through_pattern_id = 3");
  half = culprit_test_query_int (store, "SELECT count(*) FROM builds b WHERE scanned_through_pattern_id = 0 AND "
                           "EXISTS (SELECT 1 FROM matches m WHERE m.build_id = b.id)");
  g_test_message ("killed after %" G_GINT64_FORMAT " of 300 builds", done);
  g_assert_cmpint (done, >, 0);
  g_assert_cmpint (done, <, 300);
  g_assert_cmpint (half, ==, 0);
  g_assert_cmpint (culprit_test_query_int (store, "SELECT count(*) FROM builds WHERE scanned_through_pattern_id = 3 "
                                     "AND scanned_at IS NULL"), ==, 0);

  g_assert_cmpuint (scan (store, FALSE).builds_scanned, ==, 300 - done);
  resumed = dump_matches (store);
  scan (store, TRUE);
  clean = dump_matches (store);
  g_assert_cmpstr (resumed, ==, clean);
}

/* A rescan stopped halfway leaves every build it did not write out of
 * date, and the next scan finishes the job. */
static void
test_killed_rescan_resumes (void)
{
  g_autofree char *path = NULL;
  g_autoptr(CulpritStore) store = corpus (300, 3000, &path);
  g_autoptr(CulpritPattern) a = add (store, "reset", "connection reset", FALSE);
  g_autoptr(CulpritPattern) b = add (store, "oom", "Killed process \\d+", TRUE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *clean = NULL;
  g_autofree char *resumed = NULL;
  gint64 done;

  scan (store, FALSE);
  clean = dump_matches (store);
  g_assert_cmpint (culprit_test_query_int (store, "SELECT count(*) FROM builds WHERE scanned_through_pattern_id = 2"),
                   ==, 300);

  proc = spawn_scan (path, TRUE);
  /* the first batch puts every build out of date; later ones move them back */
  wait_for_count (store, "SELECT count(*) FROM builds WHERE scanned_through_pattern_id = 0", 0);
  wait_for_count (store, "SELECT count(*) FROM builds WHERE scanned_through_pattern_id = 2", 20);
  g_subprocess_send_signal (proc, SIGKILL);
  g_subprocess_wait (proc, NULL, NULL);

  done = culprit_test_query_int (store, "SELECT count(*) FROM builds WHERE scanned_through_pattern_id = 2");
  g_test_message ("rescan killed after %" G_GINT64_FORMAT " of 300 builds", done);
  g_assert_cmpint (done, >, 0);
  g_assert_cmpint (done, <, 300);
  g_assert_cmpint (culprit_test_query_int (store, "SELECT count(*) FROM builds b WHERE scanned_through_pattern_id = 0 "
                                                  "AND EXISTS (SELECT 1 FROM matches m WHERE m.build_id = b.id)"), ==, 0);

  g_assert_cmpuint (scan (store, FALSE).builds_scanned, ==, 300 - done);
  resumed = dump_matches (store);
  g_assert_cmpstr (resumed, ==, clean);
}

/* Builds deleted while a scan runs leave no rows behind: the scanner
 * writes without foreign key checks, and skips builds that are gone. */
static void
test_builds_deleted_meanwhile (void)
{
  g_autofree char *path = NULL;
  g_autoptr(CulpritStore) store = corpus (300, 3000, &path);
  g_autoptr(CulpritPattern) a = add (store, "reset", "connection reset", FALSE);
  g_autoptr(CulpritPattern) b = add (store, "oom", "Killed process \\d+", TRUE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;
  g_autofree char *clean = NULL;
  gint64 done;

  proc = spawn_scan (path, FALSE);
  done = wait_for_count (store, "SELECT count(*) FROM builds WHERE scanned_at IS NOT NULL", 20);
  g_assert_true (_culprit_store_exec (store, "DELETE FROM builds WHERE id % 2 = 0", &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (proc, NULL, &error));
  g_assert_no_error (error);
  g_test_message ("builds deleted after %" G_GINT64_FORMAT " of 300 were scanned", done);
  g_assert_cmpint (done, <, 300);

  g_assert_cmpint (culprit_test_query_int (store, "SELECT count(*) FROM builds"), ==, 150);
  g_assert_cmpint (culprit_test_query_int (store, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
  g_assert_cmpint (culprit_test_query_int (store, "SELECT count(*) FROM builds WHERE scanned_through_pattern_id < 2"),
                   ==, 0);
  g_assert_cmpint (culprit_test_query_int (store, "SELECT count(*) FROM matches"), >, 0);
  after = dump_matches (store);
  scan (store, TRUE);
  clean = dump_matches (store);
  g_assert_cmpstr (after, ==, clean);
}

static void
on_progress (const CulpritScanProgress *progress,
             gpointer                   data)
{
  CulpritScanProgress *last = data;

  g_assert_cmpuint (progress->builds_done, >=, last->builds_done);
  *last = *progress;
}

static void
on_scanned (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  gboolean *done = data;
  g_autoptr(GError) error = NULL;

  g_assert_true (culprit_scanner_run_finish (CULPRIT_SCANNER (object), result, NULL, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_async_progress (void)
{
  g_autoptr(CulpritStore) store = corpus (50, 500, NULL);
  g_autoptr(CulpritPattern) a = add (store, "reset", "connection reset", FALSE);
  g_autoptr(CulpritScanner) scanner = culprit_scanner_new (store);
  CulpritScanProgress last = { 0 };
  gboolean done = FALSE;

  culprit_scanner_set_progress_func (scanner, on_progress, &last, NULL);
  culprit_scanner_run_async (scanner, NULL, on_scanned, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (last.builds_total, ==, 50);
  g_assert_cmpuint (last.builds_done, ==, 50);
  g_assert_cmpuint (last.bytes_done, ==, last.bytes_total);
}

static void
test_add_logs_cli (void)
{
  g_autofree char *dir = culprit_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "a.db", NULL);
  g_autofree char *logs = g_build_filename (dir, "logs", NULL);
  g_autofree char *one = g_build_filename (logs, "one.log", NULL);
  g_autofree char *two = g_build_filename (logs, "two.log", NULL);
  g_autofree char *copy = g_build_filename (dir, "copy-of-one.log", NULL);
  g_autofree char *out = NULL, *err = NULL;

  g_mkdir_with_parents (logs, 0700);
  culprit_test_write_file (one, "building\nKilled process 12 (cc1)\n", -1);
  culprit_test_write_file (two, "all fine\n", -1);
  culprit_test_write_file (copy, "building\nKilled process 12 (cc1)\n", -1);

  g_assert_cmpint (culprit_test_run_cli (&out, &err, "add-logs", "--db", db, "--job", "nightly", logs, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "2 logs added"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  /* the same content again, under another name: not stored twice */
  g_assert_cmpint (culprit_test_run_cli (&out, &err, "add-logs", "--db", db, copy, logs, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "0 logs added, 3 already stored"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (culprit_test_run_cli (&out, &err, "patterns", "add", "--db", db, "--name", "oom",
                                         "--expression", "Killed process", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (culprit_test_run_cli (&out, &err, "scan", "--offline", "--db", db, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Scanned 2 builds"));
  /* each count with its own plural */
  g_assert_nonnull (strstr (out, ": 1 match"));
  g_assert_null (strstr (out, "1 matches"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (culprit_test_run_cli (&out, &err, "builds", "--db", db, "--format", "json", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"failed_step\" : \"one.log\""));
  g_assert_nonnull (strstr (out, "\"best_pattern\" : \"oom\""));
  g_assert_nonnull (strstr (out, "\"category\" : \"unexplained\""));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (culprit_test_run_cli (&out, &err, "add-logs", "--db", db, "/nonexistent.log", NULL), ==, 2);
}

/* The builds a pattern matches, those it explains (its best match) first,
 * as the pattern editor offers them for a sample log. */
static void
test_pattern_builds (void)
{
  g_autoptr(CulpritStore) store = corpus (30, 40, NULL);
  g_autoptr(CulpritPattern) reset = add (store, "reset", "connection reset", FALSE);
  g_autoptr(CulpritPattern) oom = add (store, "oom", "Killed process \\d+", TRUE);
  g_autoptr(GPtrArray) builds = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) two = NULL;
  g_autoptr(GHashTable) explained = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  guint n_matched = 0;

  scan (store, FALSE);
  builds = culprit_store_list_builds (store, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < builds->len; i++)
    {
      CulpritBuild *b = builds->pdata[i];
      gint64 id = culprit_build_get_id (b);
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM matches WHERE build_id = %"
                                              G_GINT64_FORMAT " AND pattern_id = %" G_GINT64_FORMAT,
                                              id, culprit_pattern_get_id (oom));

      if (culprit_build_get_best_pattern_id (b) == culprit_pattern_get_id (oom))
        g_hash_table_add (explained, g_memdup2 (&id, sizeof id));
      n_matched += culprit_test_query_int (store, sql) > 0;
    }
  g_assert_cmpuint (g_hash_table_size (explained), >, 0);
  g_assert_cmpuint (n_matched, >, g_hash_table_size (explained));

  ids = culprit_store_list_pattern_builds (store, culprit_pattern_get_id (oom), 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, n_matched);
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpint (g_hash_table_contains (explained, &g_array_index (ids, gint64, i)), ==,
                     i < g_hash_table_size (explained));

  two = culprit_store_list_pattern_builds (store, culprit_pattern_get_id (oom), 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (two->len, ==, 2);
  g_assert_cmpint (g_array_index (two, gint64, 0), ==, g_array_index (ids, gint64, 0));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/culprit/scan/matches-equal-matcher", test_matches_equal_matcher);
  g_test_add_func ("/culprit/scan/incremental", test_incremental);
  g_test_add_func ("/culprit/scan/sketch-rules-out", test_sketch_rules_out);
  g_test_add_func ("/culprit/scan/unread-builds-cleared", test_unread_builds_cleared);
  g_test_add_func ("/culprit/scan/edit-retire-ignore", test_edit_retire_ignore);
  g_test_add_func ("/culprit/scan/killed-scan-resumes", test_killed_scan_resumes);
  g_test_add_func ("/culprit/scan/killed-rescan-resumes", test_killed_rescan_resumes);
  g_test_add_func ("/culprit/scan/builds-deleted-meanwhile", test_builds_deleted_meanwhile);
  g_test_add_func ("/culprit/scan/async-progress", test_async_progress);
  g_test_add_func ("/culprit/scan/add-logs", test_add_logs_cli);
  g_test_add_func ("/culprit/scan/pattern-builds", test_pattern_builds);

  return g_test_run ();
}
