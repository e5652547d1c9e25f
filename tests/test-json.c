/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "culprit-test-util.h"

static char *
nested (guint       depth,
        const char *inner)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append_c (s, '[');
  g_string_append (s, inner);
  for (guint i = 0; i < depth; i++)
    g_string_append_c (s, ']');
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* 200 KB of brackets crashed json-glib (it recurses per level) */
static void
test_deep (void)
{
  g_autofree char *deep = nested (100000, "");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = culprit_json_parse (deep, -1, &error);

  g_assert_null (root);
  g_assert_error (error, CULPRIT_JSON_ERROR, CULPRIT_JSON_ERROR_TOO_DEEP);
  g_assert_nonnull (strstr (error->message, "JSON nested deeper than 256 levels"));

  /* objects count as much as arrays */
  g_clear_error (&error);
  {
    g_autoptr(GString) s = g_string_new (NULL);
    g_autoptr(JsonNode) node = NULL;

    for (guint i = 0; i < 300; i++)
      g_string_append (s, "{\"a\":");
    g_string_append (s, "1");
    for (guint i = 0; i < 300; i++)
      g_string_append_c (s, '}');
    node = culprit_json_parse (s->str, s->len, &error);
    g_assert_null (node);
    g_assert_error (error, CULPRIT_JSON_ERROR, CULPRIT_JSON_ERROR_TOO_DEEP);
  }
}

/* exactly at the limit parses; one more level does not */
static void
test_limit (void)
{
  g_autofree char *at = nested (CULPRIT_JSON_MAX_DEPTH, "1");
  g_autofree char *over = nested (CULPRIT_JSON_MAX_DEPTH + 1, "1");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) ok = culprit_json_parse (at, -1, &error);
  g_autoptr(JsonNode) refused = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (ok);
  refused = culprit_json_parse (over, -1, &error);
  g_assert_null (refused);
  g_assert_error (error, CULPRIT_JSON_ERROR, CULPRIT_JSON_ERROR_TOO_DEEP);

  g_clear_error (&error);
  g_assert_true (culprit_json_prescan ("[[[]]]", 6, 3, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (culprit_json_prescan ("[[[[]]]]", 8, 3, NULL, &error));
  g_assert_error (error, CULPRIT_JSON_ERROR, CULPRIT_JSON_ERROR_TOO_DEEP);
  /* depth goes down again: siblings do not add up */
  g_clear_error (&error);
  g_assert_true (culprit_json_prescan ("[[[]],[[]],[[]]]", 16, 3, NULL, &error));
}

/* brackets in strings do not count, escaped quotes do not end a string */
static void
test_strings (void)
{
  g_autoptr(GString) s = g_string_new ("[\"");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *tricky[] = {
    "[\"[[[[[[\"]",
    "[\"\\\"[[[[[[\"]",            /* an escaped quote, then brackets still in the string */
    "[\"\\\\\", \"[[[[[[\"]",      /* an escaped backslash ends before the quote */
    "{\"[[[[[[\": \"{{{{{{\"}",
  };

  for (guint i = 0; i < 1000; i++)
    g_string_append (s, "[[{{");
  g_string_append (s, "\"]");
  root = culprit_json_parse (s->str, s->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (json_array_get_string_element (json_node_get_array (root), 0)), ==, 4000);

  for (guint i = 0; i < G_N_ELEMENTS (tricky); i++)
    {
      g_assert_true (culprit_json_prescan (tricky[i], strlen (tricky[i]), 2, NULL, &error));
      g_assert_no_error (error);
    }
  /* a backslash-quote outside any string must not start one */
  g_assert_false (culprit_json_prescan ("[\"\\\\\"[[", 7, 2, NULL, &error));
  g_assert_error (error, CULPRIT_JSON_ERROR, CULPRIT_JSON_ERROR_TOO_DEEP);
}

static void
assert_nul_path (const char *json,
                 const char *expected)
{
  g_auto(GStrv) path = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *joined = NULL;

  g_assert_true (culprit_json_prescan (json, strlen (json), 16, &path, &error));
  g_assert_no_error (error);
  if (expected == NULL)
    {
      g_assert_null (path);
      return;
    }
  g_assert_nonnull (path);
  joined = g_strjoinv ("/", path);
  g_assert_cmpstr (joined, ==, expected);
}

static void
test_nul (void)
{
  assert_nul_path ("{\"a\": \"x\\u0000y\"}", "a");
  assert_nul_path ("{\"p\": [{\"n\": \"ok\"}, {\"n\": \"ok\", \"e\": \"\\u0000\"}]}", "p/1/e");
  assert_nul_path ("{\"p\": [1, [2, 3, \"\\u0000\"]]}", "p/1/2");
  assert_nul_path ("{\"p\": {\"k\\u0000\": 1}}", "p/k");            /* in a key */
  assert_nul_path ("{\"p\\u0061\": [\"\\u0000\"]}", "pa/0");          /* an escaped key */
  assert_nul_path ("\"\\u0000\"", "");
  /* not a NUL: an escaped backslash then "u0000", other escapes, a NUL's neighbours */
  assert_nul_path ("{\"a\": \"x\\\\u0000y\"}", NULL);
  assert_nul_path ("{\"a\": \"\\u00001\\u0001\\u1000\\\\\\\\u0000\"}", "a");
  assert_nul_path ("{\"a\": \"\\u0001 \\u1000 \\\\\\\\u0000 \\\"\"}", NULL);
  assert_nul_path ("[\"u0000\", \"\\\\\", \"u0000\"]", NULL);
  /* only the first one is named */
  assert_nul_path ("[\"\\u0000\", \"\\u0000\"]", "0");
}

static void
test_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) a = culprit_json_parse ("", 0, &error);
  g_autoptr(JsonNode) b = NULL;

  g_assert_null (a);
  g_assert_error (error, CULPRIT_JSON_ERROR, CULPRIT_JSON_ERROR_EMPTY);
  g_clear_error (&error);
  b = culprit_json_parse ("[1,", -1, &error);
  g_assert_null (b);
  g_assert_error (error, CULPRIT_JSON_ERROR, CULPRIT_JSON_ERROR_INVALID);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/culprit/json/deep", test_deep);
  g_test_add_func ("/culprit/json/limit", test_limit);
  g_test_add_func ("/culprit/json/strings", test_strings);
  g_test_add_func ("/culprit/json/nul", test_nul);
  g_test_add_func ("/culprit/json/errors", test_errors);

  return g_test_run ();
}
