/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-pattern-set"

#include "config.h"

#include <json-glib/json-glib.h>
#include <glib/gi18n-lib.h>

#include "culprit-json.h"
#include "culprit-pattern.h"
#include "culprit-pattern-set.h"

/* Pattern-set files. Culprit's own format:
 *
 *   {"culprit_patterns": 1,
 *    "patterns": [{"name": ..., "expression": ..., "regex": false,
 *                  "case_sensitive": true, "description": "", "tags": [],
 *                  "applicable_steps": [], "lines_from_end": 0,
 *                  "specificity": 1, "kind": "cause"}]}
 *
 * and, for reading only, the pattern dump of the original CircleCI failure
 * tracker: a JSON array of {"author", "created", "payload": {"db_id",
 * "record": {...}}}. Loading is all or nothing: the first bad pattern fails
 * the whole file with its index and the reason.
 */

G_DEFINE_QUARK (culprit-pattern-set-error-quark, culprit_pattern_set_error)

static const char * const culprit_fields[] = {
  "name", "expression", "regex", "case_sensitive", "description", "tags",
  "applicable_steps", "lines_from_end", "specificity", "kind", NULL
};

/* Each getter returns FALSE with *reason set when the member has the wrong type. */

static gboolean
get_string (JsonObject  *object,
            const char  *member,
            gboolean     required,
            const char **out,
            char       **reason)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || (!required && JSON_NODE_HOLDS_NULL (node)))
    {
      if (required)
        *reason = g_strdup_printf (_("“%s” is missing"), member);
      return !required;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      *reason = g_strdup_printf (_("“%s” must be a string"), member);
      return FALSE;
    }
  *out = json_node_get_string (node);
  if (!g_utf8_validate (*out, -1, NULL))
    {
      *reason = g_strdup_printf (_("“%s” is not valid UTF-8"), member);
      return FALSE;
    }
  return TRUE;
}

static gboolean
get_bool (JsonObject  *object,
          const char  *member,
          gboolean    *out,
          char       **reason)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      *reason = g_strdup_printf (_("“%s” must be true or false"), member);
      return FALSE;
    }
  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
get_int (JsonObject  *object,
         const char  *member,
         gint64       min,
         gint64       max,
         gint64      *out,
         char       **reason)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < min || json_node_get_int (node) > max)
    {
      *reason = g_strdup_printf (_("“%s” must be a whole number from %" G_GINT64_FORMAT
                                   " to %" G_GINT64_FORMAT), member, min, max);
      return FALSE;
    }
  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
get_strv (JsonObject  *object,
          const char  *member,
          char      ***out,
          char       **reason)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *out = g_new0 (char *, 1);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      *reason = g_strdup_printf (_("“%s” must be a list of strings"), member);
      return FALSE;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        {
          *reason = g_strdup_printf (_("“%s” must be a list of strings"), member);
          return FALSE;
        }
      g_strv_builder_add (builder, json_node_get_string (element));
    }
  *out = g_strv_builder_end (builder);
  return TRUE;
}

static CulpritPattern *
pattern_from_culprit (JsonObject  *object,
                      char       **reason)
{
  g_autoptr(CulpritPattern) pattern = NULL;
  g_auto(GStrv) tags = NULL;
  g_auto(GStrv) steps = NULL;
  g_autoptr(GList) members = json_object_get_members (object);
  const char *name = NULL, *expression = NULL, *description = NULL, *kind_str = NULL;
  gboolean is_regex = FALSE, case_sensitive = TRUE;
  gint64 lines_from_end = 0, specificity = 1;
  CulpritPatternKind kind = CULPRIT_PATTERN_KIND_CAUSE;

  for (const GList *l = members; l; l = l->next)
    if (!g_strv_contains (culprit_fields, l->data))
      {
        *reason = g_strdup_printf (_("unknown field “%s”"), (const char *)l->data);
        return NULL;
      }

  if (!get_string (object, "name", TRUE, &name, reason) ||
      !get_string (object, "expression", TRUE, &expression, reason) ||
      !get_string (object, "description", FALSE, &description, reason) ||
      !get_string (object, "kind", FALSE, &kind_str, reason) ||
      !get_bool (object, "regex", &is_regex, reason) ||
      !get_bool (object, "case_sensitive", &case_sensitive, reason) ||
      !get_int (object, "lines_from_end", 0, G_MAXINT, &lines_from_end, reason) ||
      !get_int (object, "specificity", G_MININT, G_MAXINT, &specificity, reason) ||
      !get_strv (object, "tags", &tags, reason) ||
      !get_strv (object, "applicable_steps", &steps, reason))
    return NULL;

  if (kind_str != NULL && !culprit_pattern_kind_from_string (kind_str, &kind))
    {
      *reason = g_strdup_printf (_("“kind” must be “cause” or “ignore”, not “%s”"), kind_str);
      return NULL;
    }

  pattern = culprit_pattern_new (name, expression, is_regex);
  culprit_pattern_set_description (pattern, description);
  culprit_pattern_set_case_sensitive (pattern, case_sensitive);
  culprit_pattern_set_lines_from_end (pattern, lines_from_end);
  culprit_pattern_set_specificity (pattern, specificity);
  culprit_pattern_set_kind (pattern, kind);
  culprit_pattern_set_tags (pattern, (const char * const *)tags);
  culprit_pattern_set_applicable_steps (pattern, (const char * const *)steps);

  return g_steal_pointer (&pattern);
}

/* The longest name culprit_pattern_validate () accepts, in bytes. */
#define NAME_MAX_BYTES 200
/* Names made from the tracker's descriptions are cut to this many characters. */
#define NAME_MAX_CHARS 120

/* Cuts valid UTF-8 @str at a character boundary to at most @max_bytes. */
static void
cut_utf8 (char  *str,
          gsize  max_bytes)
{
  char *end;

  if (strlen (str) <= max_bytes)
    return;
  end = str + max_bytes;
  while (end > str && ((guchar)*end & 0xc0) == 0x80)
    end--;
  *end = '\0';
}

/* Shortens @name, with an ellipsis, so that @reserve more bytes still fit
 * in NAME_MAX_BYTES. */
static char *
shorten_name (const char *name,
              gsize       reserve)
{
  static const char ellipsis[] = "…";
  g_autofree char *cut = g_strdup (name);
  gsize max_bytes = NAME_MAX_BYTES - reserve;

  if (g_utf8_strlen (cut, -1) <= NAME_MAX_CHARS && strlen (cut) <= max_bytes)
    return g_steal_pointer (&cut);

  *g_utf8_offset_to_pointer (cut, MIN (g_utf8_strlen (cut, -1), NAME_MAX_CHARS - 1)) = '\0';
  cut_utf8 (cut, max_bytes - strlen (ellipsis));
  return g_strconcat (cut, ellipsis, NULL);
}

static gint64
parse_created (JsonObject *object)
{
  JsonNode *node = json_object_get_member (object, "created");
  g_autoptr(GDateTime) dt = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return MAX (json_node_get_int (node), 0);
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    return 0;

  dt = g_date_time_new_from_iso8601 (json_node_get_string (node), NULL);
  if (dt == NULL)
    {
      /* The tracker's dumps write "2019-04-20 01:23:45.678+00" style times */
      g_autofree char *iso = g_strdup (json_node_get_string (node));
      char *space = strchr (iso, ' ');

      if (space != NULL)
        *space = 'T';
      if (g_str_has_suffix (iso, "+00"))
        iso[strlen (iso) - 3] = 'Z';
      dt = g_date_time_new_from_iso8601 (iso, NULL);
    }
  return dt ? MAX (g_date_time_to_unix (dt), 0) : 0;
}

static CulpritPattern *
pattern_from_tracker (JsonObject  *entry,
                      char       **reason)
{
  g_autoptr(CulpritPattern) pattern = NULL;
  g_auto(GStrv) tags = NULL;
  g_auto(GStrv) steps = NULL;
  g_autofree char *name = NULL;
  JsonObject *payload, *record, *expression;
  JsonNode *node, *contents;
  const char *description = NULL, *author = NULL, *tag = NULL, *text = NULL;
  gboolean is_retired = FALSE, is_regex;
  gint64 db_id = 0, lines_from_end = 0, specificity = 1;

  node = json_object_get_member (entry, "payload");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      *reason = g_strdup (_("“payload” is missing or not an object"));
      return NULL;
    }
  payload = json_node_get_object (node);
  node = json_object_get_member (payload, "record");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      *reason = g_strdup (_("“payload.record” is missing or not an object"));
      return NULL;
    }
  record = json_node_get_object (node);

  if (!get_int (payload, "db_id", 0, G_MAXINT64, &db_id, reason) ||
      !get_string (entry, "author", FALSE, &author, reason) ||
      !get_string (record, "description", FALSE, &description, reason) ||
      !get_bool (record, "is_retired", &is_retired, reason) ||
      !get_int (record, "lines_from_end", 0, G_MAXINT, &lines_from_end, reason) ||
      !get_int (record, "specificity", G_MININT, G_MAXINT, &specificity, reason) ||
      !get_strv (record, "tags", &tags, reason) ||
      !get_strv (record, "applicable_steps", &steps, reason))
    return NULL;

  node = json_object_get_member (record, "expression");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      *reason = g_strdup (_("“expression” is missing or not an object"));
      return NULL;
    }
  expression = json_node_get_object (node);
  if (!get_string (expression, "tag", TRUE, &tag, reason))
    return NULL;
  contents = json_object_get_member (expression, "contents");

  if (g_str_equal (tag, "LiteralExpression"))
    {
      is_regex = FALSE;
      if (!get_string (expression, "contents", TRUE, &text, reason))
        return NULL;
    }
  else if (g_str_equal (tag, "RegularExpression"))
    {
      JsonArray *pair;

      is_regex = TRUE;
      if (contents == NULL || !JSON_NODE_HOLDS_ARRAY (contents) ||
          json_array_get_length (pair = json_node_get_array (contents)) < 1 ||
          !JSON_NODE_HOLDS_VALUE (json_array_get_element (pair, 0)) ||
          json_node_get_value_type (json_array_get_element (pair, 0)) != G_TYPE_STRING)
        {
          *reason = g_strdup (_("a RegularExpression’s “contents” must be [\"regex\", "
                                "has_nondeterministic_values]"));
          return NULL;
        }
      text = json_array_get_string_element (pair, 0);
    }
  else
    {
      *reason = g_strdup_printf (_("unknown expression kind “%s”"), tag);
      return NULL;
    }

  /* a description of only spaces is no better a name than an empty one */
  if (description != NULL)
    name = g_strstrip (g_strdelimit (g_strdup (description), "\r\n\t", ' '));
  if (name == NULL || name[0] == '\0')
    {
      g_free (name);
      name = g_strdup_printf (_("Pattern %" G_GINT64_FORMAT), db_id);
    }
  /* at most NAME_MAX_CHARS characters and NAME_MAX_BYTES bytes: "é" is two */
  {
    char *shorter = shorten_name (name, 0);

    g_free (name);
    name = shorter;
  }

  pattern = culprit_pattern_new (name, text, is_regex);
  culprit_pattern_set_description (pattern, description);
  culprit_pattern_set_author (pattern, author);
  culprit_pattern_set_created (pattern, parse_created (entry));
  culprit_pattern_set_retired (pattern, is_retired);
  culprit_pattern_set_lines_from_end (pattern, lines_from_end);
  culprit_pattern_set_specificity (pattern, specificity);
  culprit_pattern_set_tags (pattern, (const char * const *)tags);
  culprit_pattern_set_applicable_steps (pattern, (const char * const *)steps);

  return g_steal_pointer (&pattern);
}

/* The tracker had no unique names; its descriptions repeat. */
static void
make_names_unique (GPtrArray *patterns)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < patterns->len; i++)
    {
      CulpritPattern *pattern = g_ptr_array_index (patterns, i);
      const char *name = culprit_pattern_get_name (pattern);

      if (g_hash_table_contains (seen, name))
        {
          g_autofree char *unique = NULL;

          for (guint n = 2; unique == NULL || g_hash_table_contains (seen, unique); n++)
            {
              g_autofree char *suffix = g_strdup_printf (" (%u)", n);
              /* the suffix must fit in the name's bytes too */
              g_autofree char *base = shorten_name (name, strlen (suffix));

              g_free (unique);
              unique = g_strconcat (base, suffix, NULL);
            }
          culprit_pattern_set_name (pattern, unique);
        }
      g_hash_table_add (seen, g_strdup (culprit_pattern_get_name (pattern)));
    }
}

static gboolean
fail_at (GError     **error,
         guint        index,
         const char  *name,
         const char  *reason)
{
  if (name != NULL)
    g_set_error (error, CULPRIT_PATTERN_SET_ERROR, CULPRIT_PATTERN_SET_ERROR_INVALID,
                 _("Pattern at index %u (“%s”): %s"), index, name, reason);
  else
    g_set_error (error, CULPRIT_PATTERN_SET_ERROR, CULPRIT_PATTERN_SET_ERROR_INVALID,
                 _("Pattern at index %u: %s"), index, reason);
  return FALSE;
}

/* Where a pattern holds a "\u0000": json-glib cuts a string there, so that
 * "a\u0000b" would silently become "a" (and match far more). */
typedef struct
{
  gint64  index;   /* of the pattern; -1: none */
  char   *field;   /* such as "expression", "tags[2]", "payload.record.description" */
} NulPlace;

static void
nul_place_clear (NulPlace *place)
{
  g_clear_pointer (&place->field, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (NulPlace, nul_place_clear)

static gboolean
parse_index (const char *text,
             gint64     *out)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT, &value, NULL))
    return FALSE;
  *out = value;
  return TRUE;
}

/* Finds the pattern and field of @path, the path of the first string with
 * a \u0000 (see culprit_json_prescan()): ["patterns", N, FIELD...] in
 * Culprit's format, [N, FIELD...] in the tracker's. */
static gboolean
locate_nul (char     **path,
            gboolean   tracker_format,
            NulPlace  *place)
{
  g_autoptr(GString) field = g_string_new (NULL);
  guint first;

  place->index = -1;
  if (tracker_format)
    first = 1;
  else if (path[0] != NULL && g_str_equal (path[0], "patterns"))
    first = 2;
  else
    return FALSE;
  if (g_strv_length (path) <= first || !parse_index (path[first - 1], &place->index))
    {
      place->index = -1;
      return FALSE;
    }

  for (guint i = first; path[i]; i++)
    {
      gint64 position;

      /* a key that looks like a number is taken for a position: the
       * message stays clear enough */
      if (i > first && parse_index (path[i], &position))
        g_string_append_printf (field, "[%" G_GINT64_FORMAT "]", position);
      else
        g_string_append_printf (field, i > first ? ".%s" : "%s", path[i]);
    }
  place->field = g_string_free (g_steal_pointer (&field), FALSE);
  return TRUE;
}

static gboolean
load_array (JsonArray       *array,
            gboolean         tracker_format,
            const NulPlace  *nul,
            GPtrArray       *out,
            GError         **error)
{
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autoptr(CulpritPattern) pattern = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autofree char *reason = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return fail_at (error, i, NULL, _("not a JSON object"));

      if (nul->index == i)
        {
          const char *name = NULL;

          if (!tracker_format && !g_str_equal (nul->field, "name"))
            name = json_object_get_string_member_with_default (json_node_get_object (node),
                                                               "name", NULL);
          reason = g_strdup_printf (_("“%s” contains a NUL character (\\u0000), which a "
                                      "pattern cannot hold"), nul->field);
          return fail_at (error, i, name, reason);
        }

      if (tracker_format)
        pattern = pattern_from_tracker (json_node_get_object (node), &reason);
      else
        pattern = pattern_from_culprit (json_node_get_object (node), &reason);
      if (pattern == NULL)
        {
          const char *name = NULL;

          if (!tracker_format && json_object_has_member (json_node_get_object (node), "name"))
            name = json_object_get_string_member_with_default (json_node_get_object (node),
                                                               "name", NULL);
          return fail_at (error, i, name, reason);
        }

      if (!culprit_pattern_validate (pattern, &local_error))
        return fail_at (error, i, culprit_pattern_get_name (pattern), local_error->message);

      if (!tracker_format)
        {
          const char *name = culprit_pattern_get_name (pattern);

          if (g_hash_table_contains (names, name))
            {
              g_autofree char *dup = g_strdup_printf (_("the name is used twice in the file; "
                                                        "also at index %u"),
                                                      GPOINTER_TO_UINT (g_hash_table_lookup (names, name)));
              return fail_at (error, i, name, dup);
            }
          g_hash_table_insert (names, (gpointer)name, GUINT_TO_POINTER (i));
        }

      g_ptr_array_add (out, g_steal_pointer (&pattern));
    }

  if (tracker_format)
    make_names_unique (out);

  return TRUE;
}

/**
 * culprit_pattern_set_load_data:
 * @len: the length of @data, or -1 when it is nul-terminated
 *
 * Reads a pattern set in Culprit's format or the original tracker's.
 *
 * Returns: (transfer full) (element-type CulpritPattern): the patterns in
 *   file order, or %NULL with @error naming the first problem
 */
GPtrArray *
culprit_pattern_set_load_data (const char  *data,
                               gssize       len,
                               GError     **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_auto(GStrv) nul_path = NULL;
  g_auto(NulPlace) nul = { -1, NULL };

  g_return_val_if_fail (data != NULL, NULL);

  if (len < 0)
    len = strlen (data);

  if (!g_utf8_validate_len (data, len, NULL))
    {
      g_set_error (error, CULPRIT_PATTERN_SET_ERROR, CULPRIT_PATTERN_SET_ERROR_PARSE,
                   _("The pattern file is not valid UTF-8 text"));
      return NULL;
    }

  if (!culprit_json_prescan (data, len, CULPRIT_JSON_MAX_DEPTH, &nul_path, &local_error))
    {
      g_set_error (error, CULPRIT_PATTERN_SET_ERROR, CULPRIT_PATTERN_SET_ERROR_PARSE,
                   _("The pattern file cannot be read: %s"), local_error->message);
      return NULL;
    }

  root = culprit_json_parse (data, len, &local_error);
  if (root == NULL)
    {
      if (g_error_matches (local_error, CULPRIT_JSON_ERROR, CULPRIT_JSON_ERROR_EMPTY))
        g_set_error (error, CULPRIT_PATTERN_SET_ERROR, CULPRIT_PATTERN_SET_ERROR_PARSE,
                     _("The pattern file is empty"));
      else
        g_set_error (error, CULPRIT_PATTERN_SET_ERROR, CULPRIT_PATTERN_SET_ERROR_PARSE,
                     _("The pattern file is not valid JSON: %s"), local_error->message);
      return NULL;
    }

  if (nul_path != NULL && !locate_nul (nul_path, JSON_NODE_HOLDS_ARRAY (root), &nul))
    {
      g_autofree char *where = g_strjoinv ("/", nul_path);

      g_set_error (error, CULPRIT_PATTERN_SET_ERROR, CULPRIT_PATTERN_SET_ERROR_FORMAT,
                   _("The pattern file has a NUL character (\\u0000) in the string at "
                     "“/%s”; Culprit cannot store one"), where);
      return NULL;
    }

  if (JSON_NODE_HOLDS_ARRAY (root))
    {
      if (!load_array (json_node_get_array (root), TRUE, &nul, out, error))
        return NULL;
      return g_steal_pointer (&out);
    }

  if (JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *object = json_node_get_object (root);
      JsonNode *version = json_object_get_member (object, "culprit_patterns");
      JsonNode *patterns = json_object_get_member (object, "patterns");

      if (version != NULL && JSON_NODE_HOLDS_VALUE (version) &&
          json_node_get_value_type (version) == G_TYPE_INT64)
        {
          gint64 v = json_node_get_int (version);

          if (v > CULPRIT_PATTERN_SET_VERSION)
            {
              g_set_error (error, CULPRIT_PATTERN_SET_ERROR, CULPRIT_PATTERN_SET_ERROR_VERSION,
                           _("The pattern file has format version %" G_GINT64_FORMAT
                             "; this version of Culprit reads up to %d. Update Culprit."),
                           v, CULPRIT_PATTERN_SET_VERSION);
              return NULL;
            }
          if (v >= 1 && patterns != NULL && JSON_NODE_HOLDS_ARRAY (patterns))
            {
              if (!load_array (json_node_get_array (patterns), FALSE, &nul, out, error))
                return NULL;
              return g_steal_pointer (&out);
            }
        }
    }

  g_set_error (error, CULPRIT_PATTERN_SET_ERROR, CULPRIT_PATTERN_SET_ERROR_FORMAT,
               _("The file is JSON but not a pattern set: expected {\"culprit_patterns\": 1, "
                 "\"patterns\": [...]} or a pattern dump of the CircleCI failure tracker "
                 "(a JSON array)"));
  return NULL;
}

/**
 * culprit_pattern_set_load_file:
 *
 * Returns: (transfer full) (element-type CulpritPattern): the patterns
 */
GPtrArray *
culprit_pattern_set_load_file (const char  *path,
                               GError     **error)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize len;
  GPtrArray *patterns;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &data, &len, error))
    return NULL;

  patterns = culprit_pattern_set_load_data (data, len, &local_error);
  if (patterns == NULL)
    {
      g_set_error (error, local_error->domain, local_error->code, "%s: %s",
                   path, local_error->message);
      return NULL;
    }
  return patterns;
}

static void
add_strv (JsonBuilder        *builder,
          const char         *member,
          const char * const *strv)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; strv[i]; i++)
    json_builder_add_string_value (builder, strv[i]);
  json_builder_end_array (builder);
}

/**
 * culprit_pattern_set_to_data:
 * @patterns: (element-type CulpritPattern): patterns to write
 *
 * Returns: (transfer full): the patterns in Culprit's format, every field
 *   written out, with a final newline
 */
char *
culprit_pattern_set_to_data (GPtrArray *patterns,
                             gsize     *len)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  char *out;

  g_return_val_if_fail (patterns != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "culprit_patterns");
  json_builder_add_int_value (builder, CULPRIT_PATTERN_SET_VERSION);
  json_builder_set_member_name (builder, "patterns");
  json_builder_begin_array (builder);
  for (guint i = 0; i < patterns->len; i++)
    {
      CulpritPattern *p = g_ptr_array_index (patterns, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, culprit_pattern_get_name (p));
      json_builder_set_member_name (builder, "expression");
      json_builder_add_string_value (builder, culprit_pattern_get_expression (p));
      json_builder_set_member_name (builder, "regex");
      json_builder_add_boolean_value (builder, culprit_pattern_get_is_regex (p));
      json_builder_set_member_name (builder, "case_sensitive");
      json_builder_add_boolean_value (builder, culprit_pattern_get_case_sensitive (p));
      json_builder_set_member_name (builder, "description");
      json_builder_add_string_value (builder, culprit_pattern_get_description (p));
      add_strv (builder, "tags", culprit_pattern_get_tags (p));
      add_strv (builder, "applicable_steps", culprit_pattern_get_applicable_steps (p));
      json_builder_set_member_name (builder, "lines_from_end");
      json_builder_add_int_value (builder, culprit_pattern_get_lines_from_end (p));
      json_builder_set_member_name (builder, "specificity");
      json_builder_add_int_value (builder, culprit_pattern_get_specificity (p));
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder,
                                     culprit_pattern_kind_to_string (culprit_pattern_get_kind (p)));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);
  out = g_strconcat (text, "\n", NULL);
  if (len != NULL)
    *len = strlen (out);

  return out;
}

/**
 * culprit_pattern_set_save_file:
 *
 * Writes @patterns to @path atomically (a reader never sees half a file).
 */
gboolean
culprit_pattern_set_save_file (GPtrArray   *patterns,
                               const char  *path,
                               GError     **error)
{
  g_autofree char *data = NULL;
  gsize len;

  g_return_val_if_fail (patterns != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  data = culprit_pattern_set_to_data (patterns, &len);
  return g_file_set_contents_full (path, data, len, G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}
