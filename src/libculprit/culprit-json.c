/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-json"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "culprit-json.h"

/* Every JSON document Culprit reads goes through here before json-glib
 * sees it. json-glib's parser recurses once per nesting level, so 200 KB
 * of "[[[[..." overflows the stack and kills the program; a pre-scan that
 * counts the depth (outside strings, honouring escapes) refuses such a
 * document first. The pre-scan reads each byte once and copies nothing.
 *
 * It also finds the first string that holds "\u0000": json-glib keeps
 * strings nul-terminated, so such a string silently ends there. Callers
 * that store strings (pattern sets) refuse it, named by its path. */

G_DEFINE_QUARK (culprit-json-error-quark, culprit_json_error)

typedef struct
{
  char      kind;       /* '[' or '{' */
  gboolean  want_key;   /* in an object: the next string is a key */
  guint     index;      /* in an array: the position of the current element */
  gsize     key_start;  /* in an object: the current key, raw, in the data */
  gsize     key_len;
} Level;

static char *
decode_key (const char *raw,
            gsize       len)
{
  g_autofree char *quoted = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (memchr (raw, '\\', len) == NULL)
    return g_strndup (raw, len);

  /* one string, no nesting: json-glib can decode its escapes safely */
  quoted = g_strdup_printf ("\"%.*s\"", (int)len, raw);
  node = json_from_string (quoted, NULL);
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return g_strndup (raw, len);
}

static char **
make_path (const char  *data,
           const Level *levels,
           guint        depth)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < depth; i++)
    {
      g_autofree char *component = NULL;

      if (levels[i].kind == '[')
        component = g_strdup_printf ("%u", levels[i].index);
      else
        component = decode_key (data + levels[i].key_start, levels[i].key_len);
      g_strv_builder_add (builder, component);
    }
  return g_strv_builder_end (builder);
}

/**
 * culprit_json_prescan:
 * @data: a JSON document (not nul-terminated)
 * @len: its length
 * @max_depth: the deepest nesting allowed, such as %CULPRIT_JSON_MAX_DEPTH
 * @nul_path: (out) (optional) (nullable) (transfer full): the path of the
 *   first string (a value or a key) that holds a `\u0000` escape: object
 *   keys and array positions from the root, such as
 *   `{"patterns", "3", "expression", NULL}`; %NULL when there is none
 *
 * Checks that @data is nested at most @max_depth levels deep, in one pass
 * that copies nothing. It does not check that @data is valid JSON; the
 * path is only meaningful when it is.
 *
 * Returns: %FALSE with %CULPRIT_JSON_ERROR_TOO_DEEP when it is deeper
 */
gboolean
culprit_json_prescan (const char   *data,
                      gsize         len,
                      guint         max_depth,
                      char       ***nul_path,
                      GError      **error)
{
  g_autofree Level *levels = NULL;
  gboolean in_string = FALSE;
  gboolean string_is_key = FALSE;
  gboolean string_has_nul = FALSE;
  guint depth = 0;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  if (nul_path != NULL)
    {
      *nul_path = NULL;
      levels = g_new0 (Level, max_depth + 1);
    }

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            {
              if (levels != NULL && *nul_path == NULL && len - i > 5 &&
                  memcmp (data + i + 1, "u0000", 5) == 0)
                string_has_nul = TRUE;
              i++;   /* the escaped character, which may be '"' or '\\' */
            }
          else if (c == '"')
            {
              in_string = FALSE;
              if (string_is_key)
                levels[depth - 1].key_len = i - levels[depth - 1].key_start;
              if (string_has_nul)
                {
                  *nul_path = make_path (data, levels, depth);
                  string_has_nul = FALSE;
                }
            }
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          string_is_key = levels != NULL && depth > 0 && levels[depth - 1].kind == '{' &&
                          levels[depth - 1].want_key;
          if (string_is_key)
            levels[depth - 1].key_start = i + 1;
          break;

        case '[':
        case '{':
          if (depth >= max_depth)
            {
              /* the number apart: a format macro would cut the message for gettext */
              g_autofree char *at = g_strdup_printf ("%" G_GSIZE_FORMAT, i);

              g_set_error (error, CULPRIT_JSON_ERROR, CULPRIT_JSON_ERROR_TOO_DEEP,
                           _("JSON nested deeper than %u levels, at byte %s"), max_depth, at);
              if (nul_path != NULL)
                g_clear_pointer (nul_path, g_strfreev);
              return FALSE;
            }
          if (levels != NULL)
            levels[depth] = (Level) { .kind = c, .want_key = c == '{' };
          depth++;
          break;

        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;

        case ',':
          if (levels != NULL && depth > 0)
            {
              if (levels[depth - 1].kind == '[')
                levels[depth - 1].index++;
              else
                levels[depth - 1].want_key = TRUE;
            }
          break;

        case ':':
          if (levels != NULL && depth > 0)
            levels[depth - 1].want_key = FALSE;
          break;

        default:
          break;
        }
    }

  return TRUE;
}

/**
 * culprit_json_parse:
 * @len: the length of @data, or -1 when it is nul-terminated
 *
 * Parses a JSON document with json-glib after culprit_json_prescan() has
 * bounded its depth to %CULPRIT_JSON_MAX_DEPTH.
 *
 * Returns: (transfer full): the root (mutable), or %NULL with @error
 *   (%CULPRIT_JSON_ERROR_TOO_DEEP, _INVALID or _EMPTY)
 */
JsonNode *
culprit_json_parse (const char  *data,
                    gssize       len,
                    GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (data != NULL, NULL);

  if (len < 0)
    len = strlen (data);

  if (!culprit_json_prescan (data, len, CULPRIT_JSON_MAX_DEPTH, NULL, error))
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, len, &local_error))
    {
      g_set_error_literal (error, CULPRIT_JSON_ERROR, CULPRIT_JSON_ERROR_INVALID,
                           local_error->message);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error_literal (error, CULPRIT_JSON_ERROR, CULPRIT_JSON_ERROR_EMPTY,
                           _("The document is empty"));
      return NULL;
    }

  return json_parser_steal_root (parser);
}
