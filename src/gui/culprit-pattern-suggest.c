/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-pattern-suggest"

#include "config.h"

#include <string.h>

#include <culprit.h>

#include "culprit-pattern-suggest.h"

/* "Create Pattern from This Line": a regex that matches the line and its
 * siblings from other builds. The line is normalised as the matcher sees
 * it (ANSI and leading timestamp removed), escaped, and what changes from
 * build to build is generalised: hexadecimal hashes of 7 to 40 digits
 * become [0-9a-f]{7,40} and decimal numbers \d+. */

static gboolean
is_word (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

/* Length of a hash at @p: a run of 7 to 40 lowercase hex digits with at
 * least one letter and one digit, not inside a longer word. */
static gsize
hash_length (const char *start,
             const char *p,
             const char *end)
{
  gboolean letter = FALSE, digit = FALSE;
  const char *q = p;

  if (p > start && is_word (p[-1]))
    return 0;
  while (q < end && (g_ascii_isdigit (*q) || (*q >= 'a' && *q <= 'f')))
    {
      letter |= g_ascii_isalpha (*q);
      digit |= g_ascii_isdigit (*q);
      q++;
    }
  if (q < end && is_word (*q))
    return 0;
  if (!letter || !digit || q - p < 7 || q - p > 40)
    return 0;
  return q - p;
}

static void
append_escaped (GString    *out,
                const char *text,
                gsize       len)
{
  g_autofree char *escaped = g_regex_escape_string (text, len);

  g_string_append (out, escaped);
}

/**
 * culprit_pattern_suggest_regex:
 * @len: the length of @line, or -1 when nul-terminated
 *
 * Returns: (transfer full): a regular expression for @line
 */
char *
culprit_pattern_suggest_regex (const char *line,
                               gssize      len)
{
  g_autoptr(GString) scratch = g_string_new (NULL);
  GString *out = g_string_new (NULL);
  const char *text, *p, *end, *literal;
  gsize text_len;

  g_return_val_if_fail (line != NULL, NULL);

  if (len < 0)
    len = strlen (line);
  text = culprit_line_normalise (line, len, scratch, &text_len);

  /* leading and trailing blanks do not make a cause */
  while (text_len > 0 && g_ascii_isspace (text[0]))
    text++, text_len--;
  while (text_len > 0 && g_ascii_isspace (text[text_len - 1]))
    text_len--;

  p = literal = text;
  end = text + text_len;
  while (p < end)
    {
      gsize hash = hash_length (text, p, end);

      if (hash > 0)
        {
          append_escaped (out, literal, p - literal);
          g_string_append (out, "[0-9a-f]{7,40}");
          p += hash;
          literal = p;
        }
      else if (g_ascii_isdigit (*p))
        {
          append_escaped (out, literal, p - literal);
          g_string_append (out, "\\d+");
          while (p < end && g_ascii_isdigit (*p))
            p++;
          literal = p;
        }
      else
        {
          /* skip the rest of a word that is not a hash */
          if (is_word (*p) && !g_ascii_isdigit (*p))
            while (p < end && is_word (*p) && !g_ascii_isdigit (*p))
              p++;
          else
            p++;
        }
    }
  append_escaped (out, literal, end - literal);

  return g_string_free (out, FALSE);
}

/**
 * culprit_pattern_suggest_name:
 *
 * Returns: (transfer full): a short name for a pattern made from @line
 */
char *
culprit_pattern_suggest_name (const char *line,
                              gssize      len)
{
  g_autoptr(GString) scratch = g_string_new (NULL);
  g_autofree char *copy = NULL;
  const char *text;
  gsize text_len;

  g_return_val_if_fail (line != NULL, NULL);

  if (len < 0)
    len = strlen (line);
  text = culprit_line_normalise (line, len, scratch, &text_len);
  copy = g_utf8_make_valid (text, text_len);
  g_strstrip (copy);
  if (g_utf8_strlen (copy, -1) > 48)
    {
      char *cut = g_utf8_offset_to_pointer (copy, 47);
      *cut = '\0';
      return g_strconcat (copy, "…", NULL);
    }
  return g_steal_pointer (&copy);
}
