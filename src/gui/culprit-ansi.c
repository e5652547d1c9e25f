/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-ansi"

#include "config.h"

#include <string.h>

#include "culprit-ansi.h"
#include "culprit-line.h"

/* Renders one log line for display: ANSI SGR sequences (colours, bold,
 * dim, italic, underline) become Pango attributes, every other escape
 * sequence is dropped, a trailing \r is dropped and other control bytes
 * become spaces. The text is then byte for byte what
 * culprit_line_normalise() gives before it removes a timestamp, so that
 * stored match spans apply to it. The 16 colours are the libadwaita
 * palette's, chosen to read on light and dark backgrounds alike. */

#define ESC 0x1b

typedef struct
{
  guint32  fg;         /* 0xRRGGBB, or G_MAXUINT32 for the default */
  guint32  bg;
  guint    bold : 1;
  guint    dim : 1;
  guint    italic : 1;
  guint    underline : 1;
} Style;

static const guint32 palette[16] = {
  0x5e5c64, 0xc01c28, 0x26a269, 0xc88800, 0x1c71d8, 0x813d9c, 0x1a8f9e, 0x9a9996,
  0x77767b, 0xe01b24, 0x2ec27e, 0xe5a50a, 0x3584e4, 0x9141ac, 0x33b6cc, 0xc0bfbc,
};

static const Style default_style = { G_MAXUINT32, G_MAXUINT32, 0, 0, 0, 0 };

static guint32
color_256 (guint n)
{
  if (n < 16)
    return palette[n];
  if (n < 232)
    {
      static const guint8 steps[] = { 0, 95, 135, 175, 215, 255 };
      n -= 16;
      return (steps[n / 36] << 16) | (steps[(n / 6) % 6] << 8) | steps[n % 6];
    }
  n = 8 + (n - 232) * 10;
  return (n << 16) | (n << 8) | n;
}

static gboolean
style_equal (const Style *a,
             const Style *b)
{
  return a->fg == b->fg && a->bg == b->bg && a->bold == b->bold && a->dim == b->dim &&
         a->italic == b->italic && a->underline == b->underline;
}

static void
insert (PangoAttrList  *attrs,
        PangoAttribute *attr,
        guint           start,
        guint           end)
{
  attr->start_index = start;
  attr->end_index = end;
  pango_attr_list_insert (attrs, attr);
}

static void
flush (PangoAttrList *attrs,
       const Style   *style,
       guint          start,
       guint          end)
{
  if (attrs == NULL || start >= end || style_equal (style, &default_style))
    return;

  if (style->fg != G_MAXUINT32)
    insert (attrs, pango_attr_foreground_new (((style->fg >> 16) & 0xff) * 257,
                                              ((style->fg >> 8) & 0xff) * 257,
                                              (style->fg & 0xff) * 257), start, end);
  if (style->bg != G_MAXUINT32)
    insert (attrs, pango_attr_background_new (((style->bg >> 16) & 0xff) * 257,
                                              ((style->bg >> 8) & 0xff) * 257,
                                              (style->bg & 0xff) * 257), start, end);
  if (style->bold)
    insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD), start, end);
  if (style->dim)
    insert (attrs, pango_attr_foreground_alpha_new (0x9999), start, end);
  if (style->italic)
    insert (attrs, pango_attr_style_new (PANGO_STYLE_ITALIC), start, end);
  if (style->underline)
    insert (attrs, pango_attr_underline_new (PANGO_UNDERLINE_SINGLE), start, end);
}

/* Applies the parameters of one SGR sequence ("1;31", "38;5;208", ""). */
static void
apply_sgr (Style      *style,
           const char *params,
           gsize       len)
{
  guint values[32];
  guint n = 0;
  gsize i = 0;

  while (i <= len && n < G_N_ELEMENTS (values))
    {
      guint v = 0;

      for (; i < len && g_ascii_isdigit (params[i]); i++)
        v = MIN (v * 10 + (guint)(params[i] - '0'), 10000);
      values[n++] = v;
      if (i >= len)
        break;
      i++;   /* ';' or ':' */
    }

  for (guint k = 0; k < n; k++)
    {
      guint v = values[k];

      if (v == 0)
        *style = default_style;
      else if (v == 1)
        style->bold = TRUE;
      else if (v == 2)
        style->dim = TRUE;
      else if (v == 3)
        style->italic = TRUE;
      else if (v == 4)
        style->underline = TRUE;
      else if (v == 22)
        style->bold = style->dim = FALSE;
      else if (v == 23)
        style->italic = FALSE;
      else if (v == 24)
        style->underline = FALSE;
      else if (v >= 30 && v <= 37)
        style->fg = palette[v - 30];
      else if (v >= 90 && v <= 97)
        style->fg = palette[v - 90 + 8];
      else if (v >= 40 && v <= 47)
        style->bg = palette[v - 40];
      else if (v >= 100 && v <= 107)
        style->bg = palette[v - 100 + 8];
      else if (v == 39)
        style->fg = G_MAXUINT32;
      else if (v == 49)
        style->bg = G_MAXUINT32;
      else if (v == 38 || v == 48)
        {
          guint32 color = G_MAXUINT32;

          if (k + 2 < n && values[k + 1] == 5)
            {
              color = color_256 (MIN (values[k + 2], 255));
              k += 2;
            }
          else if (k + 4 < n && values[k + 1] == 2)
            {
              color = (MIN (values[k + 2], 255) << 16) | (MIN (values[k + 3], 255) << 8) |
                      MIN (values[k + 4], 255);
              k += 4;
            }
          if (v == 38)
            style->fg = color;
          else
            style->bg = color;
        }
    }
}

/**
 * culprit_ansi_render:
 * @attrs: (nullable): where the colours go, with indices in the result
 * @out_len: (out) (optional): length of the result
 *
 * Returns: (transfer full): the line as displayed, valid UTF-8. When the
 *   line is not valid UTF-8, the invalid bytes are replaced and @attrs is
 *   left without the colours (their indices would not hold).
 */
char *
culprit_ansi_render (const char    *line,
                     gsize          len,
                     PangoAttrList *attrs,
                     gsize         *out_len)
{
  const guchar *p = (const guchar *)line;
  g_autoptr(PangoAttrList) local = attrs ? pango_attr_list_new () : NULL;
  GString *out;
  Style style = default_style;
  guint run_start = 0;
  gsize i = 0;

  if (len > 0 && line[len - 1] == '\r')
    len--;

  out = g_string_sized_new (len + 1);
  while (i < len)
    {
      if (p[i] == ESC)
        {
          gboolean is_sgr;
          gsize params_len = 0;
          gsize n = culprit_line_escape_length (line + i, len - i, &is_sgr, &params_len);

          if (is_sgr)
            {
              Style next = style;

              apply_sgr (&next, line + i + 2, params_len);
              if (!style_equal (&next, &style))
                {
                  flush (local, &style, run_start, out->len);
                  style = next;
                  run_start = out->len;
                }
            }
          i += n;
        }
      else if (p[i] < 0x20 && p[i] != '\t')
        {
          g_string_append_c (out, ' ');
          i++;
        }
      else
        {
          gsize start = i;

          while (i < len && p[i] != ESC && (p[i] >= 0x20 || p[i] == '\t'))
            i++;
          g_string_append_len (out, line + start, i - start);
        }
    }
  flush (local, &style, run_start, out->len);

  if (!g_utf8_validate_len (out->str, out->len, NULL))
    {
      char *valid = g_utf8_make_valid (out->str, out->len);

      g_string_free (out, TRUE);
      if (out_len)
        *out_len = strlen (valid);
      return valid;
    }

  if (attrs != NULL)
    {
      GSList *list = pango_attr_list_get_attributes (local);

      for (GSList *l = list; l; l = l->next)
        pango_attr_list_insert (attrs, l->data);   /* takes the copies */
      g_slist_free (list);
    }
  if (out_len)
    *out_len = out->len;
  return g_string_free (out, FALSE);
}
