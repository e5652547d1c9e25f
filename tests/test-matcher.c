/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "culprit-test-util.h"

static CulpritMatcher *
matcher_for (CulpritPattern *first, ...)
{
  g_autoptr(GPtrArray) patterns = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  CulpritMatcher *matcher;
  va_list ap;

  va_start (ap, first);
  for (CulpritPattern *p = first; p; p = va_arg (ap, CulpritPattern *))
    g_ptr_array_add (patterns, p);
  va_end (ap);

  matcher = culprit_matcher_new (patterns, &error);
  g_assert_no_error (error);
  return matcher;
}

static CulpritScanResult *
scan (CulpritMatcher *matcher,
      const char     *log)
{
  return culprit_matcher_scan (matcher, log, strlen (log), NULL);
}

static void
assert_match (CulpritScanResult *result,
              guint              index,
              guint              pattern_index,
              guint              line,
              guint              start,
              guint              end)
{
  const CulpritMatch *m;

  g_assert_cmpuint (index, <, culprit_scan_result_get_n_matches (result));
  m = culprit_scan_result_get_match (result, index);
  g_assert_cmpuint (m->pattern_index, ==, pattern_index);
  g_assert_cmpuint (m->line, ==, line);
  g_assert_cmpuint (m->start, ==, start);
  g_assert_cmpuint (m->end, ==, end);
}

static char *
normalise (const char *line)
{
  g_autoptr(GString) scratch = g_string_new (NULL);
  const char *out;
  gsize len;

  out = culprit_line_normalise (line, strlen (line), scratch, &len);
  return g_strndup (out, len);
}

static void
test_normalise_ansi (void)
{
  struct { const char *in, *out; } cases[] = {
    { "\033[31mERROR\033[0m: boom", "ERROR: boom" },
    { "\033[1;32m✓\033[39;49m passed", "✓ passed" },
    { "plain line", "plain line" },
    { "title\033]0;window title\007 after", "title after" },
    { "link \033]8;;http://x\033\\text\033]8;;\033\\", "link text" },
    { "charset \033(Bdone", "charset done" },
    { "crlf line\r", "crlf line" },
    { "progress\r 50%\r", "progress\r 50%" },
    { "dangling \033", "dangling " },
    { "\033[2K\033[1G", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = normalise (cases[i].in);
      g_assert_cmpstr (got, ==, cases[i].out);
    }
}

static void
test_normalise_timestamp (void)
{
  struct { const char *in, *out; } cases[] = {
    { "2026-07-30T10:39:20.7140484Z ERROR x", "ERROR x" },
    { "2026-07-30T10:39:20Z ok", "ok" },
    { "2026-07-30T10:39:20+02:00 ok", "ok" },
    { "2026-07-30T10:39:20.123-0500\tok", "ok" },
    { "2026-07-30T10:39:20.7140484Z", "" },
    { "\033[36m2026-07-30T10:39:20.7140484Z\033[0m colored", "colored" },
    /* not at the start, not ISO-8601, or glued to the text: kept */
    { "at 2026-07-30T10:39:20Z ok", "at 2026-07-30T10:39:20Z ok" },
    { "2026-07-30 10:39:20 ok", "2026-07-30 10:39:20 ok" },
    { "2026-07-30T10:39:20Zok", "2026-07-30T10:39:20Zok" },
    { "2026-07-30T10:39:2 ok", "2026-07-30T10:39:2 ok" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = normalise (cases[i].in);
      g_assert_cmpstr (got, ==, cases[i].out);
    }
}

static void
test_count_lines (void)
{
  g_assert_cmpuint (culprit_count_lines ("", 0), ==, 0);
  g_assert_cmpuint (culprit_count_lines ("a", 1), ==, 1);
  g_assert_cmpuint (culprit_count_lines ("a\n", 2), ==, 1);
  g_assert_cmpuint (culprit_count_lines ("a\nb", 3), ==, 2);
  g_assert_cmpuint (culprit_count_lines ("\n\n", 2), ==, 2);
}

static void
test_literal (void)
{
  g_autoptr(CulpritMatcher) m = matcher_for (culprit_pattern_new ("pip", "No matching distribution", FALSE), NULL);
  g_autoptr(CulpritScanResult) r = NULL;

  r = scan (m, "Collecting foo\nERROR: No matching distribution found for foo\nexit 1\n");
  g_assert_cmpuint (culprit_scan_result_get_line_count (r), ==, 3);
  g_assert_cmpuint (culprit_scan_result_get_n_matches (r), ==, 1);
  assert_match (r, 0, 0, 2, 7, 31);
  g_assert_cmpstr (culprit_scan_result_get_best_text (r), ==,
                   "ERROR: No matching distribution found for foo");
  g_assert_true (culprit_scan_result_get_best (r) == culprit_scan_result_get_match (r, 0));
}

static void
test_no_match (void)
{
  g_autoptr(CulpritMatcher) m = matcher_for (culprit_pattern_new ("x", "Segmentation fault", FALSE), NULL);
  g_autoptr(CulpritScanResult) r = scan (m, "all good\nreally\n");

  g_assert_cmpuint (culprit_scan_result_get_n_matches (r), ==, 0);
  g_assert_null (culprit_scan_result_get_best (r));
  g_assert_null (culprit_scan_result_get_best_text (r));
  g_assert_cmpuint (culprit_scan_result_get_line_count (r), ==, 2);
}

static void
test_case_sensitivity (void)
{
  CulpritPattern *sensitive = culprit_pattern_new ("s", "Killed", FALSE);
  CulpritPattern *insensitive = culprit_pattern_new ("i", "out of memory", FALSE);
  CulpritPattern *unicode = culprit_pattern_new ("u", "ÜBERLAUF", FALSE);
  CulpritPattern *regex = culprit_pattern_new ("r", "fatal:\\s+\\w+", TRUE);
  g_autoptr(CulpritMatcher) m = NULL;
  g_autoptr(CulpritScanResult) r = NULL;

  culprit_pattern_set_case_sensitive (insensitive, FALSE);
  culprit_pattern_set_case_sensitive (unicode, FALSE);
  culprit_pattern_set_case_sensitive (regex, FALSE);
  m = matcher_for (sensitive, insensitive, unicode, regex, NULL);

  r = scan (m, "killed\nKilled\nOUT OF Memory\nstapel-überlauf!\nFATAL:  Oops\n");
  g_assert_cmpuint (culprit_scan_result_get_n_matches (r), ==, 4);
  assert_match (r, 0, 0, 2, 0, 6);
  assert_match (r, 1, 1, 3, 0, 13);
  assert_match (r, 2, 2, 4, 7, 16);   /* "überlauf" is 9 bytes: ü is two */
  assert_match (r, 3, 3, 5, 0, 12);
}

static void
test_regex (void)
{
  g_autoptr(CulpritMatcher) m = NULL;
  g_autoptr(CulpritScanResult) r = NULL;

  m = matcher_for (culprit_pattern_new ("oom", "Killed process \\d+ \\((\\w+)\\)", TRUE),
                   culprit_pattern_new ("anchored", "^make: \\*\\*\\*", TRUE),
                   NULL);
  r = scan (m, "[ 12.3] Killed process 4242 (cc1plus) total-vm\n"
               "make: *** [all] Error 1\n"
               "  make: *** indented\n");
  g_assert_cmpuint (culprit_scan_result_get_n_matches (r), ==, 2);
  assert_match (r, 0, 0, 1, 8, 37);
  assert_match (r, 1, 1, 2, 0, 9);
}

static void
test_ignore (void)
{
  CulpritPattern *noise = culprit_pattern_new ("noise", "expected error", FALSE);
  CulpritPattern *cause = culprit_pattern_new ("error", "ERROR", FALSE);
  g_autoptr(CulpritMatcher) m = NULL;
  g_autoptr(CulpritScanResult) r = NULL;

  culprit_pattern_set_kind (noise, CULPRIT_PATTERN_KIND_IGNORE);
  m = matcher_for (noise, cause, NULL);
  r = scan (m, "ERROR: real one\nERROR: expected error in test\nok\n");

  /* the second line is dropped before causes are matched; ignore patterns
   * are never matches themselves */
  g_assert_cmpuint (culprit_scan_result_get_n_matches (r), ==, 1);
  assert_match (r, 0, 1, 1, 0, 5);
}

static void
test_applicable_steps (void)
{
  CulpritPattern *tests_only = culprit_pattern_new ("t", "FAILED", FALSE);
  CulpritPattern *everywhere = culprit_pattern_new ("e", "exit code 1", FALSE);
  const char *steps[] = { "Run tests", "Run integration tests", NULL };
  const char *log = "test_x FAILED\nexit code 1\n";
  g_autoptr(CulpritMatcher) m = NULL;
  g_autoptr(CulpritScanResult) in_tests = NULL;
  g_autoptr(CulpritScanResult) in_build = NULL;
  g_autoptr(CulpritScanResult) unknown = NULL;

  culprit_pattern_set_applicable_steps (tests_only, steps);
  m = matcher_for (tests_only, everywhere, NULL);

  in_tests = culprit_matcher_scan (m, log, strlen (log), "Run tests");
  in_build = culprit_matcher_scan (m, log, strlen (log), "Build");
  unknown = culprit_matcher_scan (m, log, strlen (log), NULL);

  g_assert_cmpuint (culprit_scan_result_get_n_matches (in_tests), ==, 2);
  g_assert_cmpuint (culprit_scan_result_get_n_matches (in_build), ==, 1);
  assert_match (in_build, 0, 1, 2, 0, 11);
  g_assert_cmpuint (culprit_scan_result_get_n_matches (unknown), ==, 2);
}

static void
test_lines_from_end (void)
{
  CulpritPattern *tail = culprit_pattern_new ("tail", "error", FALSE);
  g_autoptr(CulpritMatcher) m = NULL;
  g_autoptr(CulpritScanResult) r = NULL;
  g_autoptr(CulpritScanResult) r2 = NULL;

  culprit_pattern_set_lines_from_end (tail, 2);
  m = matcher_for (tail, NULL);

  /* 5 lines (the final newline ends line 5, it does not start a 6th) */
  r = scan (m, "error 1\nerror 2\nerror 3\nerror 4\nerror 5\n");
  g_assert_cmpuint (culprit_scan_result_get_n_matches (r), ==, 2);
  assert_match (r, 0, 0, 4, 0, 5);
  assert_match (r, 1, 0, 5, 0, 5);

  r2 = scan (m, "error 1\nerror 2\nerror 3");
  g_assert_cmpuint (culprit_scan_result_get_n_matches (r2), ==, 2);
  assert_match (r2, 0, 0, 2, 0, 5);

  /* the same when a pattern without a literal has the log searched whole,
   * which counts its lines */
  for (guint final_newline = 0; final_newline < 2; final_newline++)
    {
      CulpritPattern *tail2 = culprit_pattern_new ("tail", "error", FALSE);
      g_autoptr(CulpritMatcher) m2 = NULL;
      g_autoptr(CulpritScanResult) r3 = NULL;

      culprit_pattern_set_lines_from_end (tail2, 2);
      m2 = matcher_for (tail2, culprit_pattern_new ("none", "^\\W{3,}$", TRUE), NULL);
      r3 = scan (m2, final_newline ? "error 1\nerror 2\nerror 3\n" : "error 1\nerror 2\nerror 3");
      g_assert_cmpuint (culprit_scan_result_get_n_matches (r3), ==, 2);
      assert_match (r3, 0, 0, 2, 0, 5);
      assert_match (r3, 1, 0, 3, 0, 5);
    }
}

static void
test_best_match (void)
{
  CulpritPattern *generic = culprit_pattern_new ("generic", "error", FALSE);
  CulpritPattern *specific = culprit_pattern_new ("specific", "error: linker", FALSE);
  CulpritPattern *newer = culprit_pattern_new ("newer", "error", FALSE);
  g_autoptr(CulpritMatcher) m = NULL;
  g_autoptr(CulpritMatcher) m2 = NULL;
  g_autoptr(CulpritScanResult) r = NULL;
  g_autoptr(CulpritScanResult) r2 = NULL;
  g_autoptr(CulpritScanResult) r3 = NULL;
  const CulpritMatch *best;

  culprit_pattern_set_specificity (specific, 5);
  m = matcher_for (generic, specific, newer, NULL);

  /* higher specificity wins even on an earlier line */
  r = scan (m, "error: linker failed\nsome error later\n");
  best = culprit_scan_result_get_best (r);
  g_assert_cmpuint (best->pattern_index, ==, 1);
  g_assert_cmpuint (best->line, ==, 1);

  /* equal specificity: the last line wins; on the same line, the newest pattern */
  r2 = scan (m, "an error\nanother error\n");
  best = culprit_scan_result_get_best (r2);
  g_assert_cmpuint (best->line, ==, 2);
  g_assert_cmpuint (best->pattern_index, ==, 2);
  g_assert_cmpstr (culprit_scan_result_get_best_text (r2), ==, "another error");

  /* negative specificity ranks below the default of 1 */
  culprit_pattern_set_specificity (generic, -3);
  m2 = matcher_for (g_object_ref (generic), culprit_pattern_new ("oom", "Killed", FALSE), NULL);
  r3 = scan (m2, "Killed\nerror at the end\n");
  g_assert_cmpuint (culprit_scan_result_get_best (r3)->pattern_index, ==, 1);
}

static void
test_spans_in_normalised_line (void)
{
  g_autoptr(CulpritMatcher) m = matcher_for (culprit_pattern_new ("x", "boom", FALSE), NULL);
  g_autoptr(CulpritScanResult) r = NULL;

  r = scan (m, "2026-07-30T10:39:20.7140484Z \033[31mERROR\033[0m boom\r\n");
  assert_match (r, 0, 0, 1, 6, 10);
  g_assert_cmpstr (culprit_scan_result_get_best_text (r), ==, "ERROR boom");
}

static void
test_timestamp_not_matched (void)
{
  /* a pattern for the timestamp's text must not match it once removed */
  g_autoptr(CulpritMatcher) m = matcher_for (culprit_pattern_new ("t", "T10:39", FALSE), NULL);
  g_autoptr(CulpritScanResult) r = scan (m, "2026-07-30T10:39:20Z hello\n");

  g_assert_cmpuint (culprit_scan_result_get_n_matches (r), ==, 0);
}

static void
test_invalid_utf8 (void)
{
  g_autoptr(CulpritMatcher) m = NULL;
  g_autoptr(CulpritScanResult) r = NULL;
  const char log[] = "bad \xff\xfe bytes: Segfault at 0x0\n"
                     "valid: naïve \xc3\xa9t\xc3\xa9 error code 7\n"
                     "latin1 caf\xe9 error code 9\n";

  m = matcher_for (culprit_pattern_new ("lit", "Segfault", FALSE),
                   culprit_pattern_new ("re", "error code (\\d)", TRUE),
                   culprit_pattern_new ("utf8", "naïve", FALSE),
                   NULL);
  r = culprit_matcher_scan (m, log, sizeof log - 1, NULL);

  g_assert_cmpuint (culprit_scan_result_get_n_matches (r), ==, 4);
  assert_match (r, 0, 0, 1, 14, 22);
  assert_match (r, 1, 1, 2, 20, 32);
  assert_match (r, 2, 2, 2, 7, 13);
  assert_match (r, 3, 1, 3, 12, 24);
  g_assert_true (g_utf8_validate (culprit_scan_result_get_best_text (r), -1, NULL));
  g_assert_cmpuint (culprit_scan_result_get_n_problems_total (r), ==, 0);
}

static void
test_nul_bytes (void)
{
  g_autoptr(CulpritMatcher) m = NULL;
  g_autoptr(CulpritScanResult) r = NULL;
  const char log[] = "binary\0junk\0 then FAIL here\nFAIL\n";

  m = matcher_for (culprit_pattern_new ("lit", "FAIL", FALSE),
                   culprit_pattern_new ("re", "then F.IL", TRUE), NULL);
  r = culprit_matcher_scan (m, log, sizeof log - 1, NULL);
  g_assert_cmpuint (culprit_scan_result_get_n_matches (r), ==, 3);
  assert_match (r, 0, 0, 1, 18, 22);
  assert_match (r, 1, 1, 1, 13, 22);
}

static void
test_huge_line (void)
{
  gsize size = 3 * 1024 * 1024;
  g_autofree char *log = g_malloc (size + 64);
  g_autoptr(CulpritMatcher) m = NULL;
  g_autoptr(CulpritScanResult) r = NULL;
  gint64 start = g_get_monotonic_time ();

  memset (log, 'x', size);
  memcpy (log + 1000, "NEEDLE", 6);
  memcpy (log + size - 100, "LATE", 4);
  strcpy (log + size, "\nshort line NEEDLE\n");

  m = matcher_for (culprit_pattern_new ("n", "NEEDLE", FALSE),
                   culprit_pattern_new ("late", "LATE", FALSE),
                   culprit_pattern_new ("re", "x+y", TRUE), NULL);
  r = culprit_matcher_scan (m, log, strlen (log), NULL);

  /* bounded: only the first MiB of the long line is searched, and that is said */
  g_assert_cmpuint (culprit_scan_result_get_n_matches (r), ==, 2);
  assert_match (r, 0, 0, 1, 1000, 1006);
  assert_match (r, 1, 0, 2, 11, 17);
  g_assert_cmpuint (culprit_scan_result_get_n_problems_total (r), >=, 1);
  g_assert_cmpuint (culprit_scan_result_get_problem (r, 0)->line, ==, 1);
  /* the best text of a huge line is cut for display */
  g_assert_cmpstr (culprit_scan_result_get_best_text (r), ==, "short line NEEDLE");
  g_assert_cmpuint (culprit_scan_result_get_problem (r, 0)->pattern_index, ==, G_MAXUINT);
  /* x+y over 1 MB of x backtracks quadratically without the match limit */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 30 * G_USEC_PER_SEC);
}

/* Literals are found the same on short lines and on long ones (searched
 * another way), also after NUL bytes and in any case when caseless, and
 * the first of several hits is the one reported. */
static void
test_literal_long_lines (void)
{
  const gsize sizes[] = { 40, 4096, 4097, 100000 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      gsize size = sizes[i];
      g_autofree char *log = g_malloc0 (size + 1);
      g_autoptr(CulpritMatcher) m = NULL;
      g_autoptr(CulpritScanResult) r = NULL;
      CulpritPattern *caseless = culprit_pattern_new ("ci", "needle x", FALSE);

      culprit_pattern_set_case_sensitive (caseless, FALSE);
      memset (log, 'n', size);
      log[3] = '\0';                              /* a NUL early in the line */
      memcpy (log + size - 20, "NEEDLE X", 8);     /* only the caseless one */
      memcpy (log + size - 10, "nEEDLEy", 7);
      m = matcher_for (caseless, culprit_pattern_new ("cs", "EEDLEy", FALSE),
                       culprit_pattern_new ("re", "EDL[E]y", TRUE), NULL);
      r = culprit_matcher_scan (m, log, size, NULL);

      g_assert_cmpuint (culprit_scan_result_get_n_matches (r), ==, 3);
      assert_match (r, 0, 0, 1, size - 20, size - 12);
      assert_match (r, 1, 1, 1, size - 9, size - 3);
      assert_match (r, 2, 2, 1, size - 8, size - 3);
    }
}

/* The scan jumps from one line that may match to the next: long lines in
 * between are still reported, and line numbers after them stay right,
 * with and without a pattern searched over the whole log. */
static void
test_sparse_jumps (void)
{
  for (guint with_whole = 0; with_whole < 2; with_whole++)
    {
      g_autoptr(GString) log = g_string_new (NULL);
      g_autoptr(GPtrArray) patterns = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(CulpritMatcher) fast = NULL;
      g_autoptr(CulpritMatcher) naive = NULL;
      g_autoptr(CulpritScanResult) a = NULL;
      g_autoptr(CulpritScanResult) b = NULL;

      for (guint i = 0; i < 3000; i++)
        {
          if (i == 1000 || i == 2000)
            {
              for (guint k = 0; k < (1024 * 1024 + 10) / 8; k++)
                g_string_append (log, "long lin");
              g_string_append_c (log, '\n');
            }
          else if (i % 97 == 0)
            g_string_append_printf (log, "step %u: Connection refused\n", i);
          else if (i % 101 == 0)
            g_string_append (log, "+++\n");
          else
            g_string_append_printf (log, "ok %u\n", i);
        }
      g_string_append (log, "last Connection refused");   /* no final newline */

      g_ptr_array_add (patterns, culprit_pattern_new ("refused", "Connection refused", FALSE));
      if (with_whole)
        g_ptr_array_add (patterns, culprit_pattern_new ("punct", "^\\W{3,}$", TRUE));
      fast = culprit_matcher_new (patterns, NULL);
      naive = culprit_matcher_new_full (patterns, CULPRIT_MATCHER_FLAGS_NO_PREFILTER, NULL);
      a = culprit_matcher_scan (fast, log->str, log->len, NULL);
      b = culprit_matcher_scan (naive, log->str, log->len, NULL);

      g_assert_cmpuint (culprit_scan_result_get_line_count (a), ==, 3001);
      g_assert_cmpuint (culprit_scan_result_get_line_count (b), ==, 3001);
      g_assert_cmpuint (culprit_scan_result_get_n_matches (a), ==, culprit_scan_result_get_n_matches (b));
      g_assert_cmpuint (culprit_scan_result_get_n_matches (a), >, 30);
      for (guint i = 0; i < culprit_scan_result_get_n_matches (a); i++)
        g_assert_cmpmem (culprit_scan_result_get_match (a, i), sizeof (CulpritMatch),
                         culprit_scan_result_get_match (b, i), sizeof (CulpritMatch));
      g_assert_cmpuint (culprit_scan_result_get_match (a, culprit_scan_result_get_n_matches (a) - 1)->line,
                        ==, 3001);
      /* both long lines are said */
      g_assert_cmpuint (culprit_scan_result_get_n_problems_total (a), ==, 2);
      g_assert_cmpuint (culprit_scan_result_get_problem (a, 0)->line, ==, 1001);
      g_assert_cmpuint (culprit_scan_result_get_problem (a, 1)->line, ==, 2001);
    }
}

static void
test_best_text_cut (void)
{
  g_autoptr(CulpritMatcher) m = matcher_for (culprit_pattern_new ("n", "NEEDLE", FALSE), NULL);
  g_autoptr(GString) log = g_string_new ("NEEDLE ");
  g_autoptr(CulpritScanResult) r = NULL;
  const char *text;

  for (guint i = 0; i < 5000; i++)
    g_string_append (log, "é");
  r = culprit_matcher_scan (m, log->str, log->len, NULL);
  text = culprit_scan_result_get_best_text (r);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_true (g_str_has_prefix (text, "NEEDLE éé"));
  g_assert_true (g_str_has_suffix (text, "é…"));
  g_assert_cmpuint (strlen (text), <=, 4096 + 3);
}

/* PCRE2 gives up on each line and says so; the scan goes on. Where
 * Hyperscan searches the whole log first, it knows no line can match and
 * PCRE2 never runs: nothing to give up, the same matches. */
static void
test_catastrophic_backtracking (gconstpointer data)
{
  gboolean portable = GPOINTER_TO_INT (data);
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(CulpritMatcher) m = NULL;
  g_autoptr(CulpritScanResult) r = NULL;
  gint64 start;

  for (guint i = 0; i < 200; i++)
    {
      for (guint j = 0; j < 40; j++)
        g_string_append_c (log, 'a');
      g_string_append (log, "b\n");
    }
  g_string_append (log, "OOM at the end\n");

  if (portable)
    g_setenv ("CULPRIT_PREFILTER", "portable", TRUE);
  m = matcher_for (culprit_pattern_new ("evil", "(a+)+$", TRUE),
                   culprit_pattern_new ("oom", "OOM", FALSE), NULL);
  g_unsetenv ("CULPRIT_PREFILTER");

  start = g_get_monotonic_time ();
  r = culprit_matcher_scan (m, log->str, log->len, NULL);

  g_assert_cmpuint (culprit_scan_result_get_n_matches (r), ==, 1);
  assert_match (r, 0, 1, 201, 0, 3);
  if (portable || !HAVE_HYPERSCAN)
    {
      g_assert_cmpuint (culprit_scan_result_get_n_problems_total (r), ==, 200);
      g_assert_cmpuint (culprit_scan_result_get_n_problems (r), ==, 100);
      g_assert_cmpuint (culprit_scan_result_get_problem (r, 0)->pattern_index, ==, 0);
      g_assert_nonnull (strstr (culprit_scan_result_get_problem (r, 0)->message, "evil"));
    }
  else
    g_assert_cmpuint (culprit_scan_result_get_n_problems_total (r), ==, 0);
  /* 2^40 steps unbounded; bounded it is milliseconds per line */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
}

static void
test_jit_stack_overflow (void)
{
  gsize size = 1024 * 1024 - 10;
  g_autofree char *log = g_malloc (size + 32);
  g_autoptr(CulpritMatcher) m = NULL;
  g_autoptr(CulpritScanResult) r = NULL;

  for (gsize i = 0; i < size; i++)
    log[i] = i % 2 ? 'a' : 'b';
  strcpy (log + size, "c\nabc\n");

  m = matcher_for (culprit_pattern_new ("alt", "(a|b)*c", TRUE), NULL);
  r = culprit_matcher_scan (m, log, strlen (log), NULL);

  /* line 1 gives up (match limit or JIT stack) and says so; line 2 still matches */
  g_assert_cmpuint (culprit_scan_result_get_n_matches (r), ==, 1);
  g_assert_cmpuint (culprit_scan_result_get_best (r)->line, ==, 2);
  g_assert_cmpuint (culprit_scan_result_get_n_problems_total (r), ==, 1);
  g_assert_cmpuint (culprit_scan_result_get_problem (r, 0)->line, ==, 1);
  g_assert_null (strstr (culprit_scan_result_get_problem (r, 0)->message, "LIMIT_MATCH"));
}

static void
test_retired_never_match (void)
{
  CulpritPattern *old = culprit_pattern_new ("old", "error", FALSE);
  g_autoptr(CulpritMatcher) m = NULL;
  g_autoptr(CulpritScanResult) r = NULL;

  culprit_pattern_set_retired (old, TRUE);
  m = matcher_for (old, NULL);
  r = scan (m, "error\n");
  g_assert_cmpuint (culprit_scan_result_get_n_matches (r), ==, 0);
}

static void
test_empty_and_crlf (void)
{
  g_autoptr(CulpritMatcher) m = matcher_for (culprit_pattern_new ("end", "done$", TRUE), NULL);
  g_autoptr(CulpritScanResult) empty = culprit_matcher_scan (m, "", 0, NULL);
  g_autoptr(CulpritScanResult) crlf = scan (m, "a\r\nstep done\r\n\r\n");

  g_assert_cmpuint (culprit_scan_result_get_line_count (empty), ==, 0);
  g_assert_cmpuint (culprit_scan_result_get_n_matches (empty), ==, 0);
  g_assert_cmpuint (culprit_scan_result_get_line_count (crlf), ==, 3);
  assert_match (crlf, 0, 0, 2, 5, 9);
}

static void
test_invalid_pattern_refused (void)
{
  g_autoptr(GPtrArray) patterns = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(CulpritMatcher) m = NULL;

  g_ptr_array_add (patterns, culprit_pattern_new ("ok", "fine", FALSE));
  g_ptr_array_add (patterns, culprit_pattern_new ("broken", "foo(bar", TRUE));
  m = culprit_matcher_new (patterns, &error);
  g_assert_null (m);
  g_assert_error (error, CULPRIT_MATCHER_ERROR, CULPRIT_MATCHER_ERROR_INVALID_PATTERN);
  g_assert_nonnull (strstr (error->message, "broken"));
  g_assert_nonnull (strstr (error->message, "Pattern 2"));
}

static gpointer
scan_in_thread (gpointer data)
{
  CulpritMatcher *m = data;
  const char *log = "x\nFATAL one\ny\nFATAL two\n";
  guint found = 0;

  for (guint i = 0; i < 2000; i++)
    {
      g_autoptr(CulpritScanResult) r = culprit_matcher_scan (m, log, strlen (log), NULL);
      found += culprit_scan_result_get_n_matches (r);
    }
  return GUINT_TO_POINTER (found);
}

static void
test_threads (void)
{
  g_autoptr(CulpritMatcher) m = matcher_for (culprit_pattern_new ("f", "FATAL \\w+", TRUE), NULL);
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("scan", scan_in_thread, m);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_cmpuint (GPOINTER_TO_UINT (g_thread_join (threads[i])), ==, 4000);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/culprit/line/normalise-ansi", test_normalise_ansi);
  g_test_add_func ("/culprit/line/normalise-timestamp", test_normalise_timestamp);
  g_test_add_func ("/culprit/line/count", test_count_lines);
  g_test_add_func ("/culprit/matcher/literal", test_literal);
  g_test_add_func ("/culprit/matcher/no-match", test_no_match);
  g_test_add_func ("/culprit/matcher/case-sensitivity", test_case_sensitivity);
  g_test_add_func ("/culprit/matcher/regex", test_regex);
  g_test_add_func ("/culprit/matcher/ignore", test_ignore);
  g_test_add_func ("/culprit/matcher/applicable-steps", test_applicable_steps);
  g_test_add_func ("/culprit/matcher/lines-from-end", test_lines_from_end);
  g_test_add_func ("/culprit/matcher/best-match", test_best_match);
  g_test_add_func ("/culprit/matcher/spans-in-normalised-line", test_spans_in_normalised_line);
  g_test_add_func ("/culprit/matcher/timestamp-not-matched", test_timestamp_not_matched);
  g_test_add_func ("/culprit/matcher/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/culprit/matcher/nul-bytes", test_nul_bytes);
  g_test_add_func ("/culprit/matcher/huge-line", test_huge_line);
  g_test_add_func ("/culprit/matcher/best-text-cut", test_best_text_cut);
  g_test_add_data_func ("/culprit/matcher/catastrophic-backtracking", GINT_TO_POINTER (FALSE), test_catastrophic_backtracking);
  g_test_add_data_func ("/culprit/matcher/catastrophic-backtracking/portable", GINT_TO_POINTER (TRUE), test_catastrophic_backtracking);
  g_test_add_func ("/culprit/matcher/jit-stack-overflow", test_jit_stack_overflow);
  g_test_add_func ("/culprit/matcher/retired", test_retired_never_match);
  g_test_add_func ("/culprit/matcher/empty-and-crlf", test_empty_and_crlf);
  g_test_add_func ("/culprit/matcher/invalid-pattern", test_invalid_pattern_refused);
  g_test_add_func ("/culprit/matcher/threads", test_threads);
  g_test_add_func ("/culprit/matcher/literal-long-lines", test_literal_long_lines);
  g_test_add_func ("/culprit/matcher/sparse-jumps", test_sparse_jumps);

  return g_test_run ();
}
