/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-scan: Culprit's scan against ripgrep and a naive GRegex loop.
 *
 *   bench-scan [MEGABYTES] [FILES] [WORKDIR]
 *
 * Builds a corpus (default 1024 MB of generated CI logs in 2000 files, in
 * WORKDIR, default a temporary folder) and 100 realistic failure patterns
 * (literal and regex, some without any literal), stores the logs in a
 * Culprit database, then measures in one run:
 *   (a) Culprit's full scan from its store (decompress, match, write
 *       matches) with 1 thread and with all;
 *   (b) ripgrep with all patterns at once (rg -c -f) over the raw files,
 *       which gives fewer answers (no per-pattern results);
 *   (c) ripgrep once per pattern, which gives the same answers;
 *   (d) a naive loop running each GRegex over each file;
 * and the incremental cases: one new pattern over the scanned store (its
 * cause is in 2% of the logs), and 100 new builds. The short runs (a with
 * all threads, b, one new pattern) are each the median of three, as this
 * machine's speed drifts by 10-20% from one second to the next. Prints
 * throughputs and ratios; asserts nothing. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include <glib/gstdio.h>

#include <culprit.h>

static const char *literals[] = {
  "Could not resolve host", "ECONNRESET", "No matching distribution found", "Connection timed out",
  "Temporary failure in name resolution", "TLS handshake timeout", "503 Service Unavailable",
  "502 Bad Gateway", "rate limit exceeded", "Too long with no output", "No space left on device",
  "Cannot allocate memory", "Segmentation fault", "core dumped", "OutOfMemoryError",
  "java.io.InterruptedIOException", "SEVERE ERROR occurs", "Build step 'Execute shell' marked build as failure",
  "Error response from daemon", "toomanyrequests", "manifest unknown", "pull access denied",
  "Could not find a version that satisfies", "npm ERR! code E404", "npm ERR! code ETIMEDOUT",
  "fatal: unable to access", "fatal: the remote end hung up unexpectedly", "error: RPC failed",
  "ssh_exchange_identification", "Host key verification failed", "Permission denied (publickey)",
  "Killed signal terminated program", "internal compiler error", "undefined reference to",
  "error: linker command failed", "cannot find -l", "CMake Error at", "ninja: build stopped",
  "make: *** [Makefile", "AssertionError", "FAIL: test_websocket_reconnect", "Timeout waiting for",
  "deadlock detected", "database is locked", "ORA-00060", "Lock wait timeout exceeded",
  "Address already in use", "Connection refused", "Broken pipe", "unexpected EOF",
  "certificate verify failed", "SSL: CERTIFICATE_VERIFY_FAILED", "ModuleNotFoundError",
  "ImportError: cannot import name", "SyntaxError: invalid syntax", "TypeError: undefined is not",
  "panic: runtime error", "fatal error: concurrent map writes", "DATA RACE", "goroutine leak",
};

static const char *regexes[] = {
  "Killed process \\d+ \\(\\S+\\)", "^FAILED \\S+::\\S+", "^\\S+\\.(c|cc|cpp|h):\\d+:\\d+: error: ",
  "exit code (1[0-9][0-9]|[2-9][0-9])", "Tests run: \\d+, Failures: [1-9]", "--- FAIL: Test\\w+",
  "error\\[E\\d{4}\\]", "npm ERR! code E[A-Z]+", "curl: \\(\\d+\\) ", "HTTP/1\\.1\" 5\\d\\d",
  "Exception in thread \"\\w+\"", "Caused by: [\\w.]+Exception", "ERROR: Job failed: exit code \\d+",
  "timed out after \\d+ ?(ms|s|seconds)", "OOMKilled|Evicted pod", "pytest: error: ",
  "ld: symbol\\(s\\) not found", "Unable to locate package \\S+", "E: Failed to fetch http",
  "dial tcp [0-9.]+:\\d+: ", "x509: certificate has expired", "context deadline exceeded",
  "gradle.*FAILURE: Build failed", "\\[ERROR\\] \\S+\\.java:\\[\\d+,\\d+\\]", "Traceback \\(most recent call last\\)",
  "^E\\s+assert ", "Bus error", "Illegal instruction", "Aborted \\(core dumped\\)", "stack overflow",
};

/* no literal: the prefilter cannot help these */
static const char *direct[] = {
  "^\\s*at [\\w.$]+\\([\\w]+\\.java:\\d+\\)$", "[A-Z][a-z]+Error: .{20,}", "\\b\\d{3}\\b errors?$",
  "^[A-Z]{4,} [a-z]+ [0-9a-f]{12,}", "\\d+ (failed|errors)", "[0-9a-f]{40} (?:fatal|panic)",
  "^\\W{3,}$", "(warn|err)[a-z]*:\\s+\\S+\\.(py|rb|js):\\d+", "\\w+_test\\.go:\\d+: ", "[\\w-]+: not found$",
};

static GPtrArray *
make_patterns (void)
{
  GPtrArray *set = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < G_N_ELEMENTS (literals); i++)
    {
      g_autofree char *name = g_strdup_printf ("literal %u", i);
      g_ptr_array_add (set, culprit_pattern_new (name, literals[i], FALSE));
    }
  for (guint i = 0; i < G_N_ELEMENTS (regexes); i++)
    {
      g_autofree char *name = g_strdup_printf ("regex %u", i);
      g_ptr_array_add (set, culprit_pattern_new (name, regexes[i], TRUE));
    }
  for (guint i = 0; i < G_N_ELEMENTS (direct); i++)
    {
      g_autofree char *name = g_strdup_printf ("no literal %u", i);
      g_ptr_array_add (set, culprit_pattern_new (name, direct[i], TRUE));
    }
  return set;
}

static void
write_log (GRand      *rand,
           const char *path,
           gsize       size)
{
  g_autoptr(GString) log = g_string_sized_new (size + 4096);
  gboolean has_traces = g_rand_int_range (rand, 0, 20) == 0;   /* Java stack traces in 5% of logs */
  gsize quota_at = g_rand_int_range (rand, 0, 50) == 0   /* the cause of the new pattern, in 2% */
                   ? (gsize)g_rand_int_range (rand, 0, size) : G_MAXSIZE;
  FILE *f;

  while (log->len < size)
    {
      if (log->len >= quota_at)
        {
          g_string_append (log, "cp: error writing 'dist/app.tar': Disk quota exceeded\n");
          quota_at = G_MAXSIZE;
        }
      if (g_rand_int_range (rand, 0, 400) == 0)
        {
          const char *cause = literals[g_rand_int_range (rand, 0, G_N_ELEMENTS (literals))];
          g_string_append_printf (log, "ERROR: %s while running step %u\n", cause, g_rand_int_range (rand, 0, 99));
          continue;
        }
      switch (g_rand_int_range (rand, 0, 7))
        {
#define NOISE(i, format) case i: g_string_append_printf (log, format, g_rand_int_range (rand, 0, 999), \
                                                         g_rand_int_range (rand, 0, 999)); break
        NOISE (0, "\033[32mPASSED\033[0m tests/test_%u.py::test_case_%u");
        NOISE (1, "cc -Iinclude -O2 -g -Wall -c src/file%u.c -o build/file%u.o");
        NOISE (2, "src/file%u.c:%u:5: warning: unused variable 'x' [-Wunused-variable]");
        NOISE (3, "npm http fetch GET 200 https://registry.npmjs.org/pkg-%u %ums (cache miss)");
        NOISE (4, "  Downloading https://files.pythonhosted.org/packages/%u/%u/requests-2.31.0-py3-none-any.whl");
        NOISE (5, "2026-10-03T12:00:%02u.1234567Z Step %u: RUN apt-get install -y build-essential");
#undef NOISE
        default:
          if (has_traces)
            g_string_append_printf (log, "    at com.example.service.Handler%u.handle(Handler.java:%u)",
                                    g_rand_int_range (rand, 0, 999), g_rand_int_range (rand, 0, 999));
          else
            g_string_append_printf (log, "[INFO] Downloaded from central: https://repo.maven.apache.org/maven2/org/%u/%u.jar",
                                    g_rand_int_range (rand, 0, 999), g_rand_int_range (rand, 0, 999));
          break;
        }
      g_string_append_c (log, '\n');
    }
  f = fopen (path, "wb");
  fwrite (log->str, 1, log->len, f);
  fclose (f);
}

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

static double
run_command (const char *cmd)
{
  double start = now ();
  int status;

  if (!g_spawn_command_line_sync (cmd, NULL, NULL, &status, NULL))
    return -1;
  return now () - start;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

static double
median3 (double a,
         double b,
         double c)
{
  double v[] = { a, b, c };

  qsort (v, 3, sizeof (double), compare_doubles);
  return v[1];
}

static double
culprit_scan (CulpritStore *store,
              guint         threads,
              gboolean      rescan,
              CulpritScanStats *stats)
{
  g_autoptr(CulpritScanner) scanner = culprit_scanner_new (store);
  g_autoptr(GError) error = NULL;
  double start = now ();

  culprit_scanner_set_n_threads (scanner, threads);
  culprit_scanner_set_rescan (scanner, rescan);
  if (!culprit_scanner_run_sync (scanner, NULL, stats, &error))
    g_error ("%s", error->message);
  return now () - start;
}

int
main (int    argc,
      char **argv)
{
  double mb = argc > 1 ? g_ascii_strtod (argv[1], NULL) : 1024;
  guint n_files = argc > 2 ? atoi (argv[2]) : 2000;
  g_autofree char *work = argc > 3 ? g_strdup (argv[3]) : g_dir_make_tmp ("bench-scan-XXXXXX", NULL);
  g_autofree char *logs = g_build_filename (work, "logs", NULL);
  g_autofree char *db = g_build_filename (work, "bench.db", NULL);
  g_autofree char *pattern_file = g_build_filename (work, "patterns.txt", NULL);
  g_autoptr(GPtrArray) patterns = make_patterns ();
  g_autoptr(CulpritStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) rg_patterns = g_string_new (NULL);
  GRand *rand = g_rand_new_with_seed (2026);
  gsize per_file = (gsize)(mb * 1024 * 1024 / n_files);
  guint64 total = 0;
  guint n_direct = 0;
  double t, t1, tall, rg_all = -1, rg_each = 0, naive = 0, t_new_pattern, t_new_builds;
  CulpritScanStats stats;
  gboolean have_rg = g_find_program_in_path ("rg") != NULL;
  char cmd[4096];

  g_mkdir_with_parents (logs, 0700);
  g_print ("bench-scan: %.0f MB in %u files, %u patterns, in %s\n", mb, n_files, patterns->len, work);

  /* the corpus, on disk and in the store */
  for (guint i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/build-%05u.log", logs, i);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        write_log (rand, path, per_file);
    }
  g_unlink (db);
  store = culprit_store_open (db, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < patterns->len; i++)
    {
      CulpritPattern *p = patterns->pdata[i];
      g_autofree char *escaped = g_regex_escape_string (culprit_pattern_get_expression (p), -1);

      if (!culprit_store_add_pattern (store, p, &error))
        g_error ("%s", error->message);

      g_string_append_printf (rg_patterns, "%s\n", culprit_pattern_get_is_regex (p)
                              ? culprit_pattern_get_expression (p) : escaped);
    }
  g_file_set_contents (pattern_file, rg_patterns->str, -1, NULL);
  {
    g_autoptr(CulpritMatcher) m = culprit_matcher_new (patterns, NULL);
    for (guint i = 0; i < patterns->len; i++)
      n_direct += !culprit_matcher_has_literal (m, i);
  }
  t = now ();
  for (guint i = 0; i < n_files - 100; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/build-%05u.log", logs, i);
      g_autoptr(GMappedFile) f = g_mapped_file_new (path, FALSE, NULL);
      gboolean dup;

      total += g_mapped_file_get_length (f);
      culprit_store_add_local_log (store, "bench", "main", "test", path, g_mapped_file_get_contents (f),
                                   g_mapped_file_get_length (f), &dup, &error);
    }
  g_print ("stored %u logs (%.0f MB) in %.1f s; %u of the patterns have no literal\n",
           n_files - 100, total / 1048576.0, now () - t, n_direct);

  /* (a) Culprit, from the store */
  t1 = culprit_scan (store, 1, TRUE, &stats);
  tall = median3 (culprit_scan (store, g_get_num_processors (), TRUE, &stats),
                  culprit_scan (store, g_get_num_processors (), TRUE, &stats),
                  culprit_scan (store, g_get_num_processors (), TRUE, &stats));
  g_print ("(a) culprit, 1 thread:  %6.2f s  %7.0f MB/s  (%u matches)\n", t1, total / 1048576.0 / t1, stats.matches);
  g_print ("(a) culprit, %u threads: %6.2f s  %7.0f MB/s  (median of 3)\n", g_get_num_processors (), tall,
           total / 1048576.0 / tall);
  {
    struct rusage usage;

    getrusage (RUSAGE_SELF, &usage);
    g_print ("    peak RSS of this process so far: %.0f MB (it stays flat as the corpus grows)\n",
             usage.ru_maxrss / 1024.0);
  }

  /* (b), (c): ripgrep over the raw files (the 100 later files excluded) */
  if (have_rg)
    {
      g_auto(GStrv) each = NULL;

      g_snprintf (cmd, sizeof cmd, "sh -c 'ls %s/*.log | head -n %u | xargs rg -c -f %s >/dev/null'",
                  logs, n_files - 100, pattern_file);
      rg_all = median3 (run_command (cmd), run_command (cmd), run_command (cmd));
      each = g_strsplit (rg_patterns->str, "\n", -1);
      for (guint i = 0; i < patterns->len; i++)
        {
          g_autofree char *one = g_build_filename (work, "one.txt", NULL);
          g_autofree char *line = g_strdup_printf ("%s\n", each[i]);

          g_file_set_contents (one, line, -1, NULL);
          g_snprintf (cmd, sizeof cmd, "sh -c 'ls %s/*.log | head -n %u | xargs rg -c -f %s >/dev/null'",
                      logs, n_files - 100, one);
          rg_each += run_command (cmd);
        }
      g_print ("(b) rg -c -f (all at once):  %6.2f s  %7.0f MB/s   culprit is %.2fx its speed (median of 3)\n",
               rg_all, total / 1048576.0 / rg_all, rg_all / tall);
      g_print ("(c) rg once per pattern:     %6.2f s  %7.0f MB/s   culprit is %.1fx faster\n",
               rg_each, total / 1048576.0 / rg_each, rg_each / tall);
    }
  else
    g_print ("(b), (c): ripgrep (rg) is not installed: apt-get install ripgrep\n");

  /* (d) naive: every GRegex over every file, all threads share the files */
  {
    g_autoptr(CulpritMatcher) m = culprit_matcher_new_full (patterns, CULPRIT_MATCHER_FLAGS_NO_PREFILTER, NULL);
    guint limit = MIN (n_files - 100, 200);   /* a sample: the naive loop is slow */
    guint64 sample = 0;

    t = now ();
    for (guint i = 0; i < limit; i++)
      {
        g_autofree char *path = g_strdup_printf ("%s/build-%05u.log", logs, i);
        g_autoptr(GMappedFile) f = g_mapped_file_new (path, FALSE, NULL);
        g_autoptr(CulpritScanResult) r = culprit_matcher_scan (m, g_mapped_file_get_contents (f),
                                                               g_mapped_file_get_length (f), NULL);
        sample += g_mapped_file_get_length (f);
      }
    naive = (now () - t) * total / sample / MIN (g_get_num_processors (), 2);
    g_print ("(d) naive GRegex loop:       %6.2f s  %7.0f MB/s   culprit is %.1fx faster "
             "(measured on %u files, one thread, scaled to all threads)\n",
             naive, total / 1048576.0 / naive, naive / tall, limit);
  }

  /* incremental: one new pattern with a literal (three of them, one
   * after the other, for a median), then 100 new builds */
  {
    const char *texts[] = { "Disk quota exceeded", "dist/app.tar", "quota exceeded" };
    double times[G_N_ELEMENTS (texts)];

    for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
      {
        g_autofree char *name = g_strdup_printf ("new %u: %s", i + 1, texts[i]);
        g_autoptr(CulpritPattern) p = culprit_pattern_new (name, texts[i], FALSE);

        if (!culprit_store_add_pattern (store, p, &error))
          g_error ("%s", error->message);
        times[i] = culprit_scan (store, g_get_num_processors (), FALSE, &stats);
      }
    t_new_pattern = median3 (times[0], times[1], times[2]);
    g_print ("incremental: 1 new pattern over %u builds: %.3f s (%.1f%% of a full scan; median of "
             "%.3f, %.3f, %.3f s); last run: %u builds ruled out by their sketch, %u matches\n",
             stats.builds_scanned, t_new_pattern, 100 * t_new_pattern / tall, times[0], times[1], times[2],
             stats.builds_ruled_out, stats.matches);
  }
  for (guint i = n_files - 100; i < n_files; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/build-%05u.log", logs, i);
      g_autoptr(GMappedFile) f = g_mapped_file_new (path, FALSE, NULL);
      gboolean dup;

      culprit_store_add_local_log (store, "bench", "main", "test", path, g_mapped_file_get_contents (f),
                                   g_mapped_file_get_length (f), &dup, &error);
    }
  t_new_builds = culprit_scan (store, g_get_num_processors (), FALSE, &stats);
  g_print ("incremental: 100 new builds: %.2f s (%u builds scanned)\n", t_new_builds, stats.builds_scanned);

  g_rand_free (rand);
  return 0;
}
