/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-matcher: throughput of culprit_matcher_scan() on generated CI logs.
 *
 *   bench-matcher [MEGABYTES] [PATTERN-SET.json]
 *
 * Prints the time and MB/s of one scan of MEGABYTES (default 100) of log
 * text with ANSI colours and timestamps, against the pattern set (default:
 * data/demo/patterns.json). The numbers are measured, never asserted. */
#include "config.h"

#include <culprit.h>

#include "bench-log.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) patterns = NULL;
  g_autoptr(CulpritMatcher) matcher = NULL;
  g_autoptr(CulpritScanResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;
  g_autofree char *default_set = NULL;
  double mb = argc > 1 ? g_ascii_strtod (argv[1], NULL) : 100;
  const char *set = argc > 2 ? argv[2] : NULL;
  gint64 start, elapsed;
  gsize len;

  if (set == NULL)
    set = default_set = g_build_filename (SOURCE_ROOT, "data", "demo", "patterns.json", NULL);

  patterns = culprit_pattern_set_load_file (set, &error);
  if (patterns == NULL || !(matcher = culprit_matcher_new (patterns, &error)))
    {
      g_printerr ("bench-matcher: %s\n", error->message);
      return 1;
    }

  {
    GRand *rand = g_rand_new_with_seed (42);
    GString *made = bench_make_log (rand, (gsize)(mb * 1024 * 1024));

    len = made->len;
    log = g_string_free (made, FALSE);
    g_rand_free (rand);
  }

  start = g_get_monotonic_time ();
  result = culprit_matcher_scan (matcher, log, len, NULL);
  elapsed = g_get_monotonic_time () - start;

  g_print ("patterns: %u (%s)\n", patterns->len, set);
  g_print ("log: %.1f MB, %u lines\n", len / 1048576.0, culprit_scan_result_get_line_count (result));
  g_print ("scan: %.3f s, %.1f MB/s, %u matches\n", elapsed / 1e6,
           (len / 1048576.0) / (elapsed / 1e6), culprit_scan_result_get_n_matches (result));

  if (g_getenv ("BENCH_PER_PATTERN") != NULL)
    for (guint i = 0; i < patterns->len; i++)
      {
        g_autoptr(GPtrArray) one = g_ptr_array_new ();
        g_autoptr(CulpritMatcher) m = NULL;
        g_autoptr(CulpritScanResult) r = NULL;

        g_ptr_array_add (one, patterns->pdata[i]);
        m = culprit_matcher_new (one, NULL);
        start = g_get_monotonic_time ();
        r = culprit_matcher_scan (m, log, len, NULL);
        g_print ("  %6.3f s  %s  %s\n", (g_get_monotonic_time () - start) / 1e6,
                 culprit_matcher_has_literal (m, 0) ? "literal" : "direct ",
                 culprit_pattern_get_name (patterns->pdata[i]));
      }

  return 0;
}
