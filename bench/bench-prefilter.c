/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-prefilter: throughput of the prefilter's whole-log pass, per
 * backend (Hyperscan where it is built, and the portable ones).
 *
 *   bench-prefilter [DIRECTORY [REGEXES]]
 *
 * Scans the *.log files of DIRECTORY (default: 100 MB of generated logs,
 * with ANSI colours) with a few sets of literals, and prints the best of
 * three runs for each backend. REGEXES, a file of one regex a line (such
 * as bench-scan's patterns.txt), adds the set of their required literals.
 * The numbers are measured, never asserted. */
#include "config.h"

#include <culprit.h>

#include "culprit-prefilter.h"

#include "bench-log.h"

typedef struct
{
  const char  *name;
  const char **literals;
  gboolean     caseless;
} LiteralSet;

static const char *one[] = { "Could not resolve host", NULL };
static const char *three[] = { "Could not resolve host", "Killed process ", "No space left on device", NULL };
static const char *three_common[] = { "error", "warning", "test_", NULL };
static const char *many[] = {
  "Could not resolve host", "ECONNRESET", "No matching distribution found", "Connection timed out",
  "Temporary failure in name resolution", "TLS handshake timeout", "503 Service Unavailable",
  "rate limit exceeded", "Too long with no output", "No space left on device", "Segmentation fault",
  "OutOfMemoryError", "Error response from daemon", "npm ERR! code E404", "fatal: unable to access",
  "undefined reference to", "CMake Error at", "AssertionError", "FAIL: test_websocket_reconnect",
  "Connection refused", "Broken pipe", "certificate verify failed", "ModuleNotFoundError",
  "panic: runtime error", "Killed process ", "FAILED ", ": error: ", "Tests run: ", "--- FAIL: Test",
  "Exception in thread \"", "Caused by: ", "Traceback (most recent call last)", "Bus error", NULL,
};

static void
add_logs (const char *dir,
          GPtrArray  *logs)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)))
    if (g_str_has_suffix (name, ".log"))
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);
        char *contents;
        gsize len;

        if (g_file_get_contents (path, &contents, &len, NULL))
          g_ptr_array_add (logs, g_bytes_new_take (contents, len));
      }
}

/* The best of three passes over all logs, in seconds; the candidates of one */
static double
run (CulpritPrefilter *prefilter,
     guint             n_patterns,
     GPtrArray        *logs,
     guint            *candidates)
{
  g_autofree guint *stamps = g_new (guint, n_patterns);
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) patterns = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) esc = g_array_new (FALSE, FALSE, sizeof (guint));
  double best = G_MAXDOUBLE;

  for (guint round = 0; round < 3; round++)
    {
      gint64 start = g_get_monotonic_time ();

      *candidates = 0;
      for (guint i = 0; i < logs->len; i++)
        {
          gsize len;
          const char *log = g_bytes_get_data (logs->pdata[i], &len);

          memset (stamps, 0, n_patterns * sizeof (guint));
          g_array_set_size (lines, 0);
          g_array_set_size (patterns, 0);
          g_array_set_size (esc, 0);
          _culprit_prefilter_scan_log (prefilter, log, len, stamps, lines, patterns, esc);
          *candidates += lines->len;
        }
      best = MIN (best, (g_get_monotonic_time () - start) / 1e6);
    }
  return best;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) logs = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  const LiteralSet sets[] = {
    { "1 literal", one, FALSE },
    { "3 literals", three, FALSE },
    { "3 common literals", three_common, FALSE },
    { "3 literals, caseless", three, TRUE },
    { "33 literals", many, FALSE },
    { "33 literals, caseless", many, TRUE },
  };
  const char *modes[] = { NULL, "portable" };
  g_autoptr(GArray) all_sets = g_array_new (FALSE, FALSE, sizeof (LiteralSet));
  g_autoptr(GStrvBuilder) from_file = g_strv_builder_new ();
  g_auto(GStrv) file_literals = NULL;
  g_autofree char *file_set_name = NULL;
  gsize total = 0;

  if (argc > 1)
    add_logs (argv[1], logs);
  else
    {
      GRand *rand = g_rand_new_with_seed (42);

      for (guint i = 0; i < 200; i++)
        g_ptr_array_add (logs, g_string_free_to_bytes (bench_make_log (rand, 512 * 1024)));
      g_rand_free (rand);
    }
  g_array_append_vals (all_sets, sets, G_N_ELEMENTS (sets));
  if (argc > 2)
    {
      g_autofree char *contents = NULL;
      g_auto(GStrv) regexes = NULL;
      g_autofree char *base = g_path_get_basename (argv[2]);

      if (!g_file_get_contents (argv[2], &contents, NULL, NULL))
        return 1;
      regexes = g_strsplit (contents, "\n", -1);
      for (guint i = 0; regexes[i]; i++)
        {
          g_auto(GStrv) required = *regexes[i] ? _culprit_regex_required_literals (regexes[i], TRUE) : NULL;

          if (required != NULL)
            g_strv_builder_addv (from_file, (const char **)required);
        }
      file_literals = g_strv_builder_end (from_file);
      file_set_name = g_strdup_printf ("%u from %s", g_strv_length (file_literals), base);
      g_array_append_val (all_sets, ((LiteralSet) { file_set_name, (const char **)file_literals, FALSE }));
    }
  for (guint i = 0; i < logs->len; i++)
    total += g_bytes_get_size (logs->pdata[i]);
  g_print ("%u logs, %.1f MB\n", logs->len, total / 1048576.0);

  for (guint s = 0; s < all_sets->len; s++)
    for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
      {
        const LiteralSet *set = &g_array_index (all_sets, LiteralSet, s);
        guint n = g_strv_length ((char **)set->literals);
        g_autofree guint *owners = g_new (guint, n);
        g_autofree gboolean *caseless = g_new (gboolean, n);
        CulpritPrefilter *prefilter;
        guint candidates;
        double t;

        for (guint i = 0; i < n; i++)
          {
            owners[i] = i;
            caseless[i] = set->caseless;
          }
        if (modes[m] != NULL)
          g_setenv ("CULPRIT_PREFILTER", modes[m], TRUE);
        else
          g_unsetenv ("CULPRIT_PREFILTER");
        prefilter = _culprit_prefilter_new (set->literals, owners, caseless, n);
        t = run (prefilter, n, logs, &candidates);
        g_print ("%-22s %-13s %7.3f s  %6.0f MB/s  %u candidates\n", set->name,
                 _culprit_prefilter_get_backend (prefilter), t, total / 1048576.0 / t, candidates);
        _culprit_prefilter_free (prefilter);
      }

  return 0;
}
