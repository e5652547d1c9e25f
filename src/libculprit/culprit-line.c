/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-line"

#include "config.h"

#include <string.h>

#include "culprit-line.h"

#define ESC 0x1b
#define BEL 0x07

/**
 * culprit_line_escape_length:
 * @p: an escape sequence: it starts with ESC
 * @len: the bytes there are from @p on
 * @is_sgr: (out) (optional): whether it is a complete SGR sequence
 *   (`ESC [ params m`, colours and such)
 * @params_len: (out) (optional): for a CSI sequence, the length of its
 *   parameters, which start at @p + 2
 *
 * Returns: the length of the sequence, at most @len: CSI, OSC, DCS, APC
 *   and PM (ended by BEL or ESC \), and nF sequences such as `ESC ( B`
 */
gsize
culprit_line_escape_length (const char *p,
                            gsize       len,
                            gboolean   *is_sgr,
                            gsize      *params_len)
{
  const guchar *q = (const guchar *)p;
  gsize i;

  if (is_sgr != NULL)
    *is_sgr = FALSE;
  if (params_len != NULL)
    *params_len = 0;
  if (len < 2)
    return len;

  switch (q[1])
    {
    case '[':                     /* CSI: parameters, intermediates, final byte */
      for (i = 2; i < len && q[i] >= 0x30 && q[i] <= 0x3f; i++)
        ;
      if (params_len != NULL)
        *params_len = i - 2;
      {
        gsize params_end = i;

        for (; i < len && q[i] >= 0x20 && q[i] <= 0x2f; i++)
          ;
        if (i < len && q[i] >= 0x40 && q[i] <= 0x7e)
          {
            if (is_sgr != NULL)
              *is_sgr = q[i] == 'm' && params_end == i;
            i++;
          }
      }
      return i;

    case ']':                     /* OSC, ended by BEL or ESC \ */
    case 'P':                     /* DCS */
    case '_':                     /* APC */
    case '^':                     /* PM */
      for (i = 2; i < len; i++)
        {
          if (q[i] == BEL)
            return i + 1;
          if (q[i] == ESC && i + 1 < len && q[i + 1] == '\\')
            return i + 2;
        }
      return len;

    default:
      /* nF sequences such as ESC ( B: intermediates, then a final byte */
      for (i = 1; i < len && q[i] >= 0x20 && q[i] <= 0x2f; i++)
        ;
      if (i < len && q[i] >= 0x30 && q[i] <= 0x7e)
        i++;
      return i;
    }
}

static gboolean
digits (const char *p,
        gsize       n)
{
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (p[i]))
      return FALSE;
  return TRUE;
}

/**
 * culprit_line_skip_timestamp:
 *
 * Returns: the length of a leading ISO-8601 timestamp such as
 *   `2026-07-30T10:39:20.7140484Z ` (with the one space or tab after it),
 *   or 0 when the line does not start with one.
 */
gsize
culprit_line_skip_timestamp (const char *line,
                             gsize       len)
{
  gsize i;

  /* YYYY-MM-DDTHH:MM:SS */
  if (len < 19 ||
      !digits (line, 4) || line[4] != '-' || !digits (line + 5, 2) || line[7] != '-' ||
      !digits (line + 8, 2) || line[10] != 'T' || !digits (line + 11, 2) || line[13] != ':' ||
      !digits (line + 14, 2) || line[16] != ':' || !digits (line + 17, 2))
    return 0;

  i = 19;
  if (i < len && (line[i] == '.' || line[i] == ','))
    {
      gsize start = ++i;
      while (i < len && g_ascii_isdigit (line[i]))
        i++;
      if (i == start)
        return 0;
    }

  if (i < len && line[i] == 'Z')
    i++;
  else if (i < len && (line[i] == '+' || line[i] == '-'))
    {
      if (i + 3 > len || !digits (line + i + 1, 2))
        return 0;
      i += 3;
      if (i < len && line[i] == ':')
        i++;
      if (i + 2 <= len && digits (line + i, 2))
        i += 2;
    }

  if (i == len)
    return i;
  if (line[i] == ' ' || line[i] == '\t')
    return i + 1;

  return 0;
}

/**
 * culprit_line_strip_escapes:
 * @line: text, such as one line of a log without its `\n`
 * @out: room for @len bytes; may not overlap @line
 *
 * Copies @line to @out without its ANSI escape sequences.
 *
 * Returns: the number of bytes written
 */
gsize
culprit_line_strip_escapes (const char *line,
                            gsize       len,
                            char       *out)
{
  const guchar *p = (const guchar *)line;
  gsize i = 0, n = 0;

  while (i < len)
    {
      const char *next;
      gsize end;

      if (p[i] == ESC)
        {
          i += culprit_line_escape_length (line + i, len - i, NULL, NULL);
          continue;
        }
      next = memchr (line + i, ESC, len - i);
      end = next ? (gsize)(next - line) : len;
      memcpy (out + n, line + i, end - i);
      n += end - i;
      i = end;
    }
  return n;
}

/**
 * culprit_line_normalise:
 * @line: one line of a log, without its `\n`
 * @scratch: a buffer that the result may be written to
 * @out_len: (out): the length of the result
 *
 * Normalises a line for matching: a trailing `\r` dropped, ANSI escape
 * sequences removed, then a leading ISO-8601 timestamp removed. Most lines
 * need none of this and are returned as they are, without a copy.
 *
 * Returns: @line, a pointer into it, or @scratch's buffer
 */
const char *
culprit_line_normalise (const char *line,
                        gsize       len,
                        GString    *scratch,
                        gsize      *out_len)
{
  gsize skip;

  if (len > 0 && line[len - 1] == '\r')
    len--;

  if (len > 0 && memchr (line, ESC, len) != NULL)
    {
      g_string_set_size (scratch, len);
      len = culprit_line_strip_escapes (line, len, scratch->str);
      g_string_truncate (scratch, len);
      line = scratch->str;
    }

  skip = culprit_line_skip_timestamp (line, len);
  *out_len = len - skip;

  return line + skip;
}

/**
 * culprit_count_lines:
 *
 * Returns: the number of lines in @data: a final line without `\n` counts,
 *   an empty text has none.
 */
guint
culprit_count_lines (const char *data,
                     gsize       len)
{
  const char *p = data;
  const char *end = data + len;
  guint n = 0;

  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);

      n++;
      if (nl == NULL)
        break;
      p = nl + 1;
    }

  return n;
}

/**
 * culprit_tail_start:
 * @cap: the most bytes to keep; 0: no limit
 *
 * Where the kept tail of a log larger than @cap starts, the way the
 * CircleCI client keeps one: within the last @cap bytes, at the start of
 * a line (the first kept line is most likely cut), unless no line starts
 * there.
 *
 * Returns: 0 when @data fits, else the offset of its tail
 */
gsize
culprit_tail_start (const char *data,
                    gsize       len,
                    gsize       cap)
{
  const char *start, *nl;

  if (cap == 0 || len <= cap)
    return 0;

  start = data + len - cap;
  nl = memchr (start, '\n', cap);
  if (nl != NULL && nl + 1 < data + len)
    return nl + 1 - data;
  return start - data;
}
