/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-patterns: big pattern sets (issue 12).
 *
 *   bench-patterns [--phase import|classify|scan] [-n N] [--seed S] [--lines L]
 *
 * Generates N random patterns from the seed (default 100,000 and 1; see
 * tests/culprit-random-patterns.c) and measures one phase, so that the
 * peak RSS printed is that phase's:
 *
 * - import: N mixed patterns into a new store, as `patterns import` does
 *   (the file read, then culprit_store_import_patterns()), then again
 *   with every pattern unchanged;
 * - classify: N literal patterns, as `classify` does with a log of L lines
 *   (default 450): the file read, the matcher built, the log scanned;
 * - scan: N mixed patterns, the matcher built, then a scan of a log of L
 *   lines (default 20,000).
 *
 * CULPRIT_PREFILTER=portable measures without Hyperscan. The numbers are
 * measured, never asserted. */
#include "config.h"

#include <sys/resource.h>

#include <culprit.h>
#include <glib/gstdio.h>

#include "culprit-random-patterns.h"

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}

static long
peak_rss_mb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

static char *
write_set (GPtrArray  *patterns,
           const char *dir,
           GError    **error)
{
  g_autofree char *path = g_build_filename (dir, "patterns.json", NULL);

  if (!culprit_pattern_set_save_file (patterns, path, error))
    return NULL;
  return g_steal_pointer (&path);
}

static gboolean
bench_import (GRand       *rand,
              guint        n,
              const char  *dir,
              GError     **error)
{
  g_autoptr(GPtrArray) generated = culprit_random_patterns (rand, n, CULPRIT_RANDOM_MIXED, NULL);
  g_autofree char *set = write_set (generated, dir, error);
  g_autofree char *db = g_build_filename (dir, "import.db", NULL);
  g_autoptr(CulpritStore) store = NULL;

  if (set == NULL || (store = culprit_store_open (db, error)) == NULL)
    return FALSE;

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(GPtrArray) patterns = NULL;
      CulpritImportStats stats;
      gint64 start = g_get_monotonic_time ();
      double read;

      if ((patterns = culprit_pattern_set_load_file (set, error)) == NULL)
        return FALSE;
      read = seconds_since (start);
      if (!culprit_store_import_patterns (store, patterns, &stats, error))
        return FALSE;
      g_print ("import %u patterns (%s): %.3f s (file read %.3f s); %u added, %u unchanged\n",
               n, round == 0 ? "new store" : "again, unchanged", seconds_since (start), read,
               stats.added, stats.unchanged);
    }
  return TRUE;
}

static gboolean
bench_classify (GRand       *rand,
                guint        n,
                guint        n_lines,
                const char  *dir,
                GError     **error)
{
  g_autoptr(GPtrArray) samples = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) generated = NULL;
  g_autofree char *set = NULL;
  g_autofree char *log = NULL;
  g_autoptr(GPtrArray) patterns = NULL;
  g_autoptr(CulpritMatcher) matcher = NULL;
  g_autoptr(CulpritScanResult) result = NULL;
  gint64 start, t;
  double read, build;
  gsize len;

  generated = culprit_random_patterns (rand, n, CULPRIT_RANDOM_LITERALS, samples);
  if ((set = write_set (generated, dir, error)) == NULL)
    return FALSE;
  log = culprit_random_log (rand, samples, n_lines, TRUE, &len);

  start = t = g_get_monotonic_time ();
  if ((patterns = culprit_pattern_set_load_file (set, error)) == NULL)
    return FALSE;
  read = seconds_since (t);
  t = g_get_monotonic_time ();
  if ((matcher = culprit_matcher_new (patterns, error)) == NULL)
    return FALSE;
  build = seconds_since (t);
  t = g_get_monotonic_time ();
  result = culprit_matcher_scan (matcher, log, len, NULL);
  g_print ("classify with %u literals, a log of %u lines: %.3f s (file read %.3f, matcher %.3f, "
           "scan %.4f s); %u matches\n", n, n_lines, seconds_since (start), read, build,
           seconds_since (t), culprit_scan_result_get_n_matches (result));
  return TRUE;
}

static gboolean
bench_scan (GRand   *rand,
            guint    n,
            guint    n_lines,
            GError **error)
{
  g_autoptr(GPtrArray) samples = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) patterns = culprit_random_patterns (rand, n, CULPRIT_RANDOM_MIXED, samples);
  g_autoptr(CulpritMatcher) matcher = NULL;
  g_autoptr(CulpritScanResult) result = NULL;
  g_autofree char *log = NULL;
  gint64 start;
  double build, scan;
  gsize len;

  log = culprit_random_log (rand, samples, n_lines, TRUE, &len);
  start = g_get_monotonic_time ();
  if ((matcher = culprit_matcher_new (patterns, error)) == NULL)
    return FALSE;
  build = seconds_since (start);
  start = g_get_monotonic_time ();
  result = culprit_matcher_scan (matcher, log, len, NULL);
  scan = seconds_since (start);
  g_print ("scan with %u mixed patterns: matcher %.3f s; a log of %u lines (%.1f MB): %.3f s, "
           "%.1f MB/s, %u matches\n", n, build, n_lines, len / 1048576.0, scan,
           len / 1048576.0 / scan, culprit_scan_result_get_n_matches (result));
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— measure big pattern sets");
  g_autoptr(GError) error = NULL;
  g_autofree char *phase = NULL;
  g_autofree char *dir = NULL;
  gint n = 100000, seed = 1, lines = 0;
  GRand *rand;
  gboolean ok = TRUE;
  const GOptionEntry entries[] = {
    { "phase", 0, 0, G_OPTION_ARG_STRING, &phase, "import, classify or scan (default: all)",
      "PHASE" },
    { "patterns", 'n', 0, G_OPTION_ARG_INT, &n, "How many patterns (default 100000)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Seed of the random patterns (default 1)", "S" },
    { "lines", 0, 0, G_OPTION_ARG_INT, &lines, "Lines of the log", "L" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n <= 0 || lines < 0)
    {
      g_printerr ("bench-patterns: %s\n", error ? error->message : "bad numbers");
      return 2;
    }

  dir = g_dir_make_tmp ("bench-patterns-XXXXXX", &error);
  if (dir == NULL)
    {
      g_printerr ("bench-patterns: %s\n", error->message);
      return 1;
    }
  rand = g_rand_new_with_seed (seed);
  g_print ("seed %d, prefilter %s\n", seed,
           g_getenv ("CULPRIT_PREFILTER") ? g_getenv ("CULPRIT_PREFILTER") : "default");

  if (phase == NULL || g_str_equal (phase, "import"))
    ok = bench_import (rand, n, dir, &error);
  if (ok && (phase == NULL || g_str_equal (phase, "classify")))
    ok = bench_classify (rand, n, lines ? lines : 450, dir, &error);
  if (ok && (phase == NULL || g_str_equal (phase, "scan")))
    ok = bench_scan (rand, n, lines ? lines : 20000, &error);
  g_print ("peak RSS: %ld MB\n", peak_rss_mb ());
  g_rand_free (rand);

  {
    const char *names[] = { "patterns.json", "import.db", "import.db-wal", "import.db-shm", NULL };

    for (guint i = 0; names[i]; i++)
      {
        g_autofree char *path = g_build_filename (dir, names[i], NULL);

        g_unlink (path);
      }
    g_rmdir (dir);
  }

  if (!ok)
    {
      g_printerr ("bench-patterns: %s\n", error->message);
      return 1;
    }
  return 0;
}
