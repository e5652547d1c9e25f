/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Large random pattern sets and logs, from a seed, for the tests and the
 * benchmarks of big pattern sets: varied literals and regexes in the
 * shapes of real failure signatures (the phrases are from OpenStack's
 * elastic-recheck queries and common CI failures), each with a line that
 * it matches, so that the logs built from those lines have matches. */
#include "config.h"

#include <string.h>

#include "culprit-random-patterns.h"

static const char *phrases[] = {
  "java.io.InterruptedIOException", "Remote call on", "SEVERE ERROR occurs:",
  "No viable v4 or v6 route found to", "Could not find suitable distribution",
  "fatal: Could not read from remote repository.", "Hash Sum mismatch",
  "does not match openstack/requirements value", "No matching distribution found for",
  "Couldn't ping server", "failed to reach available status", "Failed to update apt repos",
  "encountered iSCSI database failure", "POST-RUN END RESULT_TIMED_OUT", "Detach interface failed",
  "Device detach failed for", "Unable to detach from guest transient domain",
  "ReadTimeoutError: HTTPConnectionPool", "No more mirrors to try", "Failed creating OVB stack",
  "waiting for privilege escalation prompt", "No valid host was found.",
  "Kernel panic - not syncing",
  "block copy still active", "Could not resolve host", "Connection reset by peer",
  "No space left on device", "Segmentation fault", "Too long with no output",
  "Temporary failure in name resolution", "certificate verify failed", "undefined reference to",
  "Error response from daemon", "npm ERR! code", "AssertionError",
  "Traceback (most recent call last)",
};

static const char *words[] = {
  "error", "failed", "timeout", "connection", "refused", "host", "mirror", "package", "install",
  "build", "test", "assertion", "module", "socket", "disk", "memory", "killed", "panic", "fatal",
  "denied", "unreachable", "retry", "abort", "deadlock", "volume", "network", "image", "server",
};

static const char *noise[] = {
  "Collecting requests>=2.0", "  Downloading https://files.example.org/p/pkg-1.2.3.tar.gz (45 kB)",
  "[INFO] Building jar: /home/ci/project/target/app-1.0.jar", "ok 12 - parses the header",
  "+ make -j4 all", "gcc -O2 -c src/main.c -o build/main.o", "PASSED tests/test_io.py::test_read",
  "Step 4/12 : RUN apt-get update", "npm WARN deprecated request@2.88.2", "", "   ",
  "2026-07-30T10:39:20.7140484Z ##[group]Run actions/checkout@v4",
  "\033[32mok\033[0m  example.com/pkg 0.012s",
  "Ran 120 tests in 4.2s", "BUILD SUCCESSFUL in 12s", "warning: unused variable 'x'",
  "Processing triggers for man-db (2.11.2-2)", "\xff\xfe not UTF-8 at all",
};

static char *
ident (GRand *rand)
{
  static const char chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
  guint n = g_rand_int_range (rand, 5, 11);
  char *s = g_malloc (n + 1);

  /* a letter first, so that a regex never reads \dident as more digits */
  s[0] = chars[g_rand_int_range (rand, 0, 52)];
  for (guint i = 1; i < n; i++)
    s[i] = chars[g_rand_int_range (rand, 0, sizeof chars - 1)];
  s[n] = '\0';
  return s;
}

#define PICK(rand, array) (array[g_rand_int_range ((rand), 0, G_N_ELEMENTS (array))])

static char *
random_literal (GRand  *rand,
                char  **sample)
{
  g_autofree char *a = ident (rand);
  g_autofree char *b = ident (rand);
  char *expr;

  switch (g_rand_int_range (rand, 0, 6))
    {
    case 0:
      expr = g_strdup_printf ("%s %s", PICK (rand, phrases), a);
      break;
    case 1:
      expr = g_strdup_printf ("%s.%s: %s", a, b, PICK (rand, phrases));
      break;
    case 2:
      expr = g_strdup_printf ("E%04d: %s %s", g_rand_int_range (rand, 0, 10000),
                              PICK (rand, words), a);
      break;
    case 3:
      expr = g_strdup_printf ("/usr/lib/%s/%s.so: cannot open shared object file", a, b);
      break;
    case 4:
      expr = g_strdup_printf ("%s%s", a, b);
      break;
    default:
      expr = g_strdup_printf ("%s %s %s", PICK (rand, words), a, PICK (rand, words));
      break;
    }
  *sample = g_strdup_printf ("%s%s%s", g_rand_boolean (rand) ? "[step] " : "", expr,
                             g_rand_boolean (rand) ? " (retrying)" : "");
  return expr;
}

static char *
random_regex (GRand    *rand,
              gboolean  without_literal,
              char    **sample)
{
  g_autofree char *a = ident (rand);
  g_autofree char *b = ident (rand);
  const char *w = PICK (rand, words);
  guint n = g_rand_int_range (rand, 2, 7);

  if (without_literal)
    {
      if (g_rand_boolean (rand))
        {
          /* anchored at the line start: the regex-prefix path */
          *sample = g_strdup_printf ("  %c%c%c%0*d", 'A' + n, 'B' + n, 'C' + n, (int)n, 7);
          return g_strdup_printf ("^\\s{2}[A-Z]{3}\\d{%u}$", n);
        }
      *sample = g_strdup_printf ("x QZ%0*dab y", (int)n + 3, 1);
      return g_strdup_printf ("\\b[A-Z]{2}\\d{%u}[a-z]{2}\\b", n + 3);
    }

  switch (g_rand_int_range (rand, 0, 9))
    {
    case 0:
      *sample = g_strdup_printf ("[ 12.3] Killed process %u (%s) total-vm:1234kB", n * 1000, a);
      return g_strdup_printf ("Killed process \\d+ \\(%s\\)", a);
    case 1:
      *sample = g_strdup_printf ("FAILED: tests/%s", a);
      return g_strdup_printf ("^FAIL(ED)?:? \\S+%s", a);
    case 2:
      *sample = g_strdup_printf ("warning: %s.rb:%u", a, n);
      return g_strdup_printf ("(warn|err)[a-z]*: %s\\.(py|rb|js):\\d+", a);
    case 3:
      *sample = g_strdup_printf ("%s%u%u%s", a, n, n, b);
      return g_strdup_printf ("%s\\d{2,}%s", a, b);
    case 4:
      *sample = g_strdup_printf ("java.lang.IllegalStateException: %s at line %u", a, n);
      return g_strdup_printf ("[A-Z]\\w+Exception: %s", a);
    case 5:
      *sample = g_strdup_printf ("%s in %s", w, a);
      return g_strdup_printf ("%s [a-z]+ %s", w, a);
    case 6:
      *sample = g_strdup_printf ("%s timed out after %us", b, n * 10);
      return g_strdup_printf ("(%s|%s) timed out after \\d+s", a, b);
    case 7:
      *sample = g_strdup_printf ("got %s", b);
      return g_strdup_printf ("%s|%s", a, b);
    default:
      {
        const char *phrase = PICK (rand, phrases);
        g_autofree char *escaped = g_regex_escape_string (phrase, -1);

        *sample = g_strdup_printf ("%s: %s", phrase, a);
        return g_strdup_printf ("%s: (?:%s|%s)", escaped, a, b);
      }
    }
}

/* ASCII letters of @s in random case: a caseless pattern's line. */
static void
shuffle_case (GRand *rand,
              char  *s)
{
  for (; *s; s++)
    if (g_ascii_isalpha (*s) && g_rand_int_range (rand, 0, 3) == 0)
      *s = g_ascii_isupper (*s) ? g_ascii_tolower (*s) : g_ascii_toupper (*s);
}

/**
 * culprit_random_patterns:
 * @samples: (element-type utf8) (nullable): for each pattern, a line
 *   that it matches (or %NULL) is appended
 *
 * Returns: (transfer full) (element-type CulpritPattern): @n patterns,
 *   always the same for the same state of @rand
 */
GPtrArray *
culprit_random_patterns (GRand             *rand,
                         guint              n,
                         CulpritRandomKind  kind,
                         GPtrArray         *samples)
{
  GPtrArray *out = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      gboolean regex = kind == CULPRIT_RANDOM_REGEXES ||
                       (kind == CULPRIT_RANDOM_MIXED && g_rand_boolean (rand));
      /* one regex in 500 has no literal: it searches whole logs */
      gboolean without_literal = regex && g_rand_int_range (rand, 0, 500) == 0;
      g_autofree char *sample = NULL;
      g_autofree char *expr = regex ? random_regex (rand, without_literal, &sample)
                                    : random_literal (rand, &sample);
      g_autofree char *name = NULL;
      CulpritPattern *pattern;

      name = g_strstrip (g_strdup_printf ("Pattern %u: %.40s", i + 1, expr));
      pattern = culprit_pattern_new (name, expr, regex);
      if (g_rand_int_range (rand, 0, 5) == 0)
        {
          culprit_pattern_set_case_sensitive (pattern, FALSE);
          shuffle_case (rand, sample);
        }
      culprit_pattern_set_specificity (pattern, g_rand_int_range (rand, 1, 4));
      if (g_rand_int_range (rand, 0, 20) == 0)
        culprit_pattern_set_lines_from_end (pattern, g_rand_int_range (rand, 10, 500));
      if (kind == CULPRIT_RANDOM_MIXED && g_rand_int_range (rand, 0, 300) == 0)
        culprit_pattern_set_kind (pattern, CULPRIT_PATTERN_KIND_IGNORE);
      if (g_rand_int_range (rand, 0, 4) == 0)
        {
          const char *tags[] = { g_rand_boolean (rand) ? "flaky" : "known-problem", NULL };

          culprit_pattern_set_tags (pattern, tags);
        }
      g_ptr_array_add (out, pattern);
      if (samples != NULL)
        g_ptr_array_add (samples, g_steal_pointer (&sample));
    }

  return out;
}

/**
 * culprit_random_log:
 * @samples: (element-type utf8): lines to mix in, from
 *   culprit_random_patterns()
 * @utf8: whether the log must be valid UTF-8 (else some lines are not,
 *   and the whole log is searched line by line)
 *
 * Returns: (transfer full): @n_lines of CI noise with one line in six
 *   from @samples, some of them with colours or a timestamp
 */
char *
culprit_random_log (GRand     *rand,
                    GPtrArray *samples,
                    guint      n_lines,
                    gboolean   utf8,
                    gsize     *len)
{
  GString *log = g_string_new (NULL);

  for (guint i = 0; i < n_lines; i++)
    {
      const char *sample = NULL;

      if (samples->len > 0 && g_rand_int_range (rand, 0, 6) == 0)
        sample = g_ptr_array_index (samples, g_rand_int_range (rand, 0, samples->len));
      if (g_rand_int_range (rand, 0, 30) == 0)
        g_string_append (log, "2026-07-30T10:39:20.7140484Z ");
      if (sample == NULL)
        {
          const char *line = PICK (rand, noise);

          if (utf8 && !g_utf8_validate (line, -1, NULL))
            line = "not UTF-8";
          g_string_append_printf (log, "%s %u", line, i);
        }
      else if (g_rand_int_range (rand, 0, 30) == 0)
        g_string_append_printf (log, "\033[31m%s\033[0m", sample);
      else
        g_string_append (log, sample);
      g_string_append_c (log, '\n');
    }

  *len = log->len;
  return g_string_free (log, FALSE);
}
