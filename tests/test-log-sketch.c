/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A log's sketch never rules out text that a normalised line holds, and
 * rules out most text that no line holds. */
#include "config.h"

#include <string.h>

#include "culprit-line.h"
#include "culprit-log-sketch.h"
#include "culprit-test-util.h"

static char *
make_log (GRand *rand,
          guint  n_lines)
{
  const char *lines[] = {
    "compiling module src/file.c",
    "\033[32mPASSED\033[0m tests/test_",
    "\033[1;31mERR\033[0mOR: connection re\033[0mset by peer",   /* text cut by escapes */
    "2026-10-01T10:00:00Z timeout waiting for lock",
    "Killed process (cc1plus)",
    "bad bytes \xff\xfe in line",
    "",
    "MiXeD CaSe WaRnInG",
  };
  GString *log = g_string_new (NULL);

  for (guint i = 0; i < n_lines; i++)
    {
      g_string_append (log, lines[g_rand_int_range (rand, 0, G_N_ELEMENTS (lines))]);
      g_string_append_printf (log, " %u%s", g_rand_int_range (rand, 0, 60), i % 5 ? "" : "\r");
      if (i + 1 < n_lines)   /* no newline after the last line */
        g_string_append_c (log, '\n');
    }
  return g_string_free (log, FALSE);
}

/* Every piece of every normalised line, in any ASCII case, may be there. */
static void
test_no_false_negatives (void)
{
  GRand *rand = g_rand_new_with_seed (7);

  for (guint round = 0; round < 20; round++)
    {
      g_autofree char *log = make_log (rand, 1 + round * 50);
      gsize len = strlen (log);
      g_autoptr(GBytes) sketch = _culprit_log_sketch_new (log, len);
      gsize size;
      const guint8 *bits = g_bytes_get_data (sketch, &size);
      g_auto(GStrv) lines = g_strsplit (log, "\n", -1);
      g_autoptr(GString) scratch = g_string_new (NULL);

      g_assert_cmpuint (size, >=, 64);
      g_assert_cmpuint (size & (size - 1), ==, 0);
      for (guint i = 0; lines[i]; i++)
        {
          gsize n;
          const char *norm = culprit_line_normalise (lines[i], strlen (lines[i]), scratch, &n);

          for (gsize from = 0; from < n; from++)
            for (gsize k = 4; from + k <= n && k <= 24; k += 5)
              {
                g_autofree char *piece = g_strndup (norm + from, k);
                g_autofree char *upper = g_ascii_strup (piece, -1);

                g_assert_true (_culprit_log_sketch_may_contain (bits, size, piece));
                g_assert_true (_culprit_log_sketch_may_contain (bits, size, upper));
              }
        }
      /* shorter than a window: it cannot tell */
      g_assert_true (_culprit_log_sketch_may_contain (bits, size, "zq"));
    }
  g_rand_free (rand);
}

/* Text that is in no line is mostly ruled out, and a damaged sketch rules
 * out nothing. */
static void
test_rules_out (void)
{
  GRand *rand = g_rand_new_with_seed (8);
  g_autofree char *log = make_log (rand, 5000);
  g_autoptr(GBytes) sketch = _culprit_log_sketch_new (log, strlen (log));
  gsize size;
  const guint8 *bits = g_bytes_get_data (sketch, &size);
  const char *absent[] = {
    "No space left on device", "Disk quota exceeded", "Segmentation fault", "OutOfMemoryError",
    "Could not resolve host", "npm ERR! code E404", "certificate verify failed", "deadlock detected",
  };
  guint passed = 0, random_passed = 0;

  for (guint i = 0; i < G_N_ELEMENTS (absent); i++)
    passed += _culprit_log_sketch_may_contain (bits, size, absent[i]);
  g_assert_cmpuint (passed, ==, 0);

  for (guint i = 0; i < 1000; i++)
    {
      char word[13] = { 0 };

      for (guint k = 0; k < 12; k++)
        word[k] = 'a' + g_rand_int_range (rand, 0, 26);
      random_passed += _culprit_log_sketch_may_contain (bits, size, word);
    }
  g_test_message ("sketch of %zu bytes for %zu bytes of log; %u of 1000 random words pass",
                  size, strlen (log), random_passed);
  g_assert_cmpuint (random_passed, <, 10);

  g_assert_true (_culprit_log_sketch_may_contain (bits, 100, "Disk quota exceeded"));
  g_assert_true (_culprit_log_sketch_may_contain (bits, 0, "Disk quota exceeded"));
  g_rand_free (rand);
}

/* An empty log's sketch holds nothing; a huge log's stays at most 128 KiB. */
static void
test_sizes (void)
{
  g_autoptr(GBytes) empty = _culprit_log_sketch_new ("", 0);
  gsize big_len = 16 * 1024 * 1024;
  g_autofree char *big = g_malloc (big_len);
  g_autoptr(GBytes) sketch = NULL;
  guint32 x = 1;

  g_assert_cmpuint (g_bytes_get_size (empty), ==, 64);
  g_assert_false (_culprit_log_sketch_may_contain (g_bytes_get_data (empty, NULL), 64, "abcd"));

  for (gsize i = 0; i < big_len; i++)
    {
      x = x * 1103515245 + 12345;
      big[i] = (x >> 16) & 1 ? '\n' + (x >> 24) % 100 : 'a' + (x >> 20) % 26;
    }
  sketch = _culprit_log_sketch_new (big, big_len);
  g_assert_cmpuint (g_bytes_get_size (sketch), <=, 128 * 1024);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/culprit/log-sketch/no-false-negatives", test_no_false_negatives);
  g_test_add_func ("/culprit/log-sketch/rules-out", test_rules_out);
  g_test_add_func ("/culprit/log-sketch/sizes", test_sizes);

  return g_test_run ();
}
