/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-log-sketch"

#include "config.h"

#include <string.h>

#include "culprit-line.h"
#include "culprit-log-sketch.h"

/* A log's sketch is a Bloom filter with one hash function over every
 * 4-byte window of the log, ASCII lower-cased: the windows of the raw
 * bytes, and for the lines that hold escape sequences, also those of the
 * line once normalised (removing a sequence joins text that was apart;
 * removing a timestamp or a final CR makes no new window). Every window of
 * every normalised line is therefore in it, so a literal with a window
 * that is missing cannot be in the log: a new pattern is run only on the
 * logs whose sketch may hold one of its literals.
 *
 * The filter is built in 2^20 bits, then folded in halves (bit i of the
 * smaller one is the OR of bits i + k * size) while it stays at most half
 * full: a window is then falsely present one time in two at most, and a
 * literal of n windows that are absent passes about 2^-n of the time. Its
 * size follows the number of different windows, not the log's length (2
 * KiB for the 500 KB logs of bench-scan): small enough that a scan that
 * asks 2,000 sketches reads few pages. */

#define BUILD_BITS_LOG2 20
#define MIN_BYTES 64

static guint8 fold_table[256];

static void
init_fold_table (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      for (guint c = 0; c < 256; c++)
        fold_table[c] = g_ascii_tolower (c);
      g_once_init_leave (&done, 1);
    }
}

static inline guint32
window_hash (guint32 window)
{
  return (window * 0x9e3779b1u) >> (32 - BUILD_BITS_LOG2);
}

static void
add_windows (guint8       *bits,
             const guint8 *p,
             gsize         len)
{
  guint32 window = 0;

  for (gsize i = 0; i < len; i++)
    {
      guint32 h;

      window = (window << 8) | fold_table[p[i]];
      h = window_hash (window);
      if (i >= 3)
        bits[h >> 3] |= 1u << (h & 7);
    }
}

static guint
count_bits (const guint8 *bits,
            gsize         n_bytes)
{
  guint n = 0;

  for (gsize i = 0; i < n_bytes; i++)
    n += __builtin_popcount (bits[i]);
  return n;
}

/**
 * _culprit_log_sketch_new:
 *
 * Returns: (transfer full): the sketch of @log, a power of two bytes long
 */
GBytes *
_culprit_log_sketch_new (const char *log,
                         gsize       len)
{
  gsize n_bytes = (1u << BUILD_BITS_LOG2) / 8;
  g_autofree guint8 *bits = g_malloc0 (n_bytes);
  g_autoptr(GString) scratch = g_string_new (NULL);
  const char *end = log + len;
  const char *esc;

  init_fold_table ();
  add_windows (bits, (const guint8 *)log, len);

  /* the lines with escape sequences, once normalised */
  for (const char *p = log; p < end && (esc = memchr (p, 0x1b, end - p)) != NULL; )
    {
      const char *start = esc;
      const char *nl = memchr (esc, '\n', end - esc);
      const char *line_end = nl ? nl : end;
      const char *norm;
      gsize norm_len;

      while (start > log && start[-1] != '\n')
        start--;
      norm = culprit_line_normalise (start, line_end - start, scratch, &norm_len);
      add_windows (bits, (const guint8 *)norm, norm_len);
      p = nl ? nl + 1 : end;
    }

  /* fold while the next size stays at most half full */
  while (n_bytes > MIN_BYTES)
    {
      gsize half = n_bytes / 2;
      guint set = 0;

      for (gsize i = 0; i < half; i++)
        set += __builtin_popcount (bits[i] | bits[i + half]);
      if (set * 2 > half * 8)
        break;
      for (gsize i = 0; i < half; i++)
        bits[i] |= bits[i + half];
      n_bytes = half;
    }
  g_debug ("sketch of %" G_GSIZE_FORMAT " bytes: %" G_GSIZE_FORMAT " bytes, %u%% full",
           len, n_bytes, count_bits (bits, n_bytes) * 100 / (guint)(n_bytes * 8));

  return g_bytes_new (bits, n_bytes);
}

/**
 * _culprit_log_sketch_may_contain:
 * @sketch: a sketch from _culprit_log_sketch_new()
 * @literal: text to look for, matched ASCII case-insensitively
 *
 * Returns: %FALSE when @literal is certainly in none of the log's
 *   normalised lines; %TRUE when it may be (always, for a literal shorter
 *   than four bytes, or a sketch that is not one)
 */
gboolean
_culprit_log_sketch_may_contain (const guint8 *sketch,
                                 gsize         sketch_len,
                                 const char   *literal)
{
  const guint8 *p = (const guint8 *)literal;
  gsize len = strlen (literal);
  guint32 window = 0;
  guint32 mask;

  if (sketch_len < 8 || (sketch_len & (sketch_len - 1)) != 0 ||
      sketch_len > (1u << BUILD_BITS_LOG2) / 8)
    return TRUE;

  init_fold_table ();
  mask = sketch_len * 8 - 1;
  for (gsize i = 0; i < len; i++)
    {
      guint32 h;

      window = (window << 8) | fold_table[p[i]];
      h = window_hash (window) & mask;
      if (i >= 3 && (sketch[h >> 3] & (1u << (h & 7))) == 0)
        return FALSE;
    }
  return TRUE;
}
