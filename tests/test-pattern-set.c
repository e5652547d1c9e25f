/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "culprit-test-util.h"

static GPtrArray *
load (const char *json)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *patterns = culprit_pattern_set_load_data (json, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (patterns);
  return patterns;
}

static void
assert_load_error (const char *json,
                   gssize      len,
                   int         code,
                   const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) patterns = culprit_pattern_set_load_data (json, len, &error);

  g_assert_null (patterns);
  g_assert_error (error, CULPRIT_PATTERN_SET_ERROR, code);
  if (needle != NULL && strstr (error->message, needle) == NULL)
    g_error ("“%s” not in “%s”", needle, error->message);
}

static void
test_defaults (void)
{
  g_autoptr(GPtrArray) patterns = load ("{\"culprit_patterns\": 1, \"patterns\": ["
                                        "{\"name\": \"n\", \"expression\": \"e\"}]}");
  CulpritPattern *p = g_ptr_array_index (patterns, 0);

  g_assert_cmpuint (patterns->len, ==, 1);
  g_assert_false (culprit_pattern_get_is_regex (p));
  g_assert_true (culprit_pattern_get_case_sensitive (p));
  g_assert_cmpuint (culprit_pattern_get_lines_from_end (p), ==, 0);
  g_assert_cmpint (culprit_pattern_get_specificity (p), ==, 1);
  g_assert_cmpint (culprit_pattern_get_kind (p), ==, CULPRIT_PATTERN_KIND_CAUSE);
  g_assert_cmpuint (g_strv_length ((char **)culprit_pattern_get_tags (p)), ==, 0);
  g_assert_cmpuint (g_strv_length ((char **)culprit_pattern_get_applicable_steps (p)), ==, 0);
}

static void
test_all_fields (void)
{
  g_autoptr(GPtrArray) patterns = load (
    "{\"culprit_patterns\": 1, \"patterns\": [{\"name\": \"pip mirror down\","
    " \"expression\": \"No matching distribution found\", \"regex\": false,"
    " \"case_sensitive\": false, \"description\": \"PyPI mirror flaked\","
    " \"tags\": [\"flaky\", \"network\"], \"applicable_steps\": [\"Install\"],"
    " \"lines_from_end\": 50, \"specificity\": -2, \"kind\": \"ignore\"}]}");
  CulpritPattern *p = g_ptr_array_index (patterns, 0);

  g_assert_cmpstr (culprit_pattern_get_name (p), ==, "pip mirror down");
  g_assert_cmpstr (culprit_pattern_get_description (p), ==, "PyPI mirror flaked");
  g_assert_false (culprit_pattern_get_case_sensitive (p));
  g_assert_cmpuint (culprit_pattern_get_lines_from_end (p), ==, 50);
  g_assert_cmpint (culprit_pattern_get_specificity (p), ==, -2);
  g_assert_cmpint (culprit_pattern_get_kind (p), ==, CULPRIT_PATTERN_KIND_IGNORE);
  g_assert_true (culprit_pattern_has_tag (p, "network"));
  g_assert_cmpstr (culprit_pattern_get_applicable_steps (p)[0], ==, "Install");
}

static void
test_round_trip (void)
{
  g_autoptr(GPtrArray) patterns = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) from_file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *dir = culprit_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "set.json", NULL);
  const char *tags[] = { "flaky", "known-problem", NULL };
  const char *steps[] = { "Run tests", "Build", NULL };
  CulpritPattern *p;

  p = culprit_pattern_new ("Unicode “quotes” ünd ✓", "Fehler: \"x\"\\n", FALSE);
  culprit_pattern_set_tags (p, tags);
  culprit_pattern_set_description (p, "line one\nline two");
  g_ptr_array_add (patterns, p);
  p = culprit_pattern_new ("regex", "^\\s+at [a-z.]+\\(\\w+\\.java:\\d+\\)$", TRUE);
  culprit_pattern_set_applicable_steps (p, steps);
  culprit_pattern_set_lines_from_end (p, 200);
  culprit_pattern_set_specificity (p, 9);
  culprit_pattern_set_case_sensitive (p, FALSE);
  g_ptr_array_add (patterns, p);
  p = culprit_pattern_new ("noise", "expected error", FALSE);
  culprit_pattern_set_kind (p, CULPRIT_PATTERN_KIND_IGNORE);
  g_ptr_array_add (patterns, p);

  data = culprit_pattern_set_to_data (patterns, NULL);
  /* every field is written, so the file documents itself */
  g_assert_nonnull (strstr (data, "\"lines_from_end\" : 0"));
  g_assert_nonnull (strstr (data, "\"kind\" : \"ignore\""));
  g_assert_true (g_str_has_suffix (data, "}\n"));

  again = load (data);
  g_assert_cmpuint (again->len, ==, patterns->len);
  for (guint i = 0; i < patterns->len; i++)
    g_assert_true (culprit_pattern_same_definition (patterns->pdata[i], again->pdata[i]));

  g_assert_true (culprit_pattern_set_save_file (patterns, path, &error));
  g_assert_no_error (error);
  from_file = culprit_pattern_set_load_file (path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < patterns->len; i++)
    g_assert_true (culprit_pattern_same_definition (patterns->pdata[i], from_file->pdata[i]));
}

static void
test_errors (void)
{
  assert_load_error ("{\"culprit_patterns\": 1, \"patterns\": [", -1,
                     CULPRIT_PATTERN_SET_ERROR_PARSE, "not valid JSON");
  assert_load_error ("{\"culprit_patterns\": 1, \"patterns\": [{\"name\": \"\xff\"}]}", -1,
                     CULPRIT_PATTERN_SET_ERROR_PARSE, "UTF-8");
  assert_load_error ("{\"something\": 1}", -1, CULPRIT_PATTERN_SET_ERROR_FORMAT, NULL);
  assert_load_error ("42", -1, CULPRIT_PATTERN_SET_ERROR_FORMAT, NULL);
  assert_load_error ("", 0, CULPRIT_PATTERN_SET_ERROR_PARSE, NULL);
  assert_load_error ("{\"culprit_patterns\": 2, \"patterns\": []}", -1,
                     CULPRIT_PATTERN_SET_ERROR_VERSION, "version 2");

#define SET(x) "{\"culprit_patterns\": 1, \"patterns\": [{\"name\": \"a\", \"expression\": \"x\"}, " x "]}"
  assert_load_error (SET ("{\"name\": \"bad\", \"expression\": \"(x\", \"regex\": true}"), -1,
                     CULPRIT_PATTERN_SET_ERROR_INVALID, "Pattern at index 1 (“bad”)");
  assert_load_error (SET ("{\"name\": \"t\", \"expression\": \"x\", \"regex\": \"yes\"}"), -1,
                     CULPRIT_PATTERN_SET_ERROR_INVALID, "“regex” must be true or false");
  assert_load_error (SET ("{\"name\": \"t\", \"expression\": \"x\", \"regexp\": true}"), -1,
                     CULPRIT_PATTERN_SET_ERROR_INVALID, "unknown field “regexp”");
  assert_load_error (SET ("{\"name\": \"t\", \"expression\": \"x\", \"lines_from_end\": -1}"), -1,
                     CULPRIT_PATTERN_SET_ERROR_INVALID, "lines_from_end");
  assert_load_error (SET ("{\"name\": \"t\", \"expression\": \"x\", \"specificity\": 1.5}"), -1,
                     CULPRIT_PATTERN_SET_ERROR_INVALID, "specificity");
  assert_load_error (SET ("{\"name\": \"t\", \"expression\": \"x\", \"kind\": \"noise\"}"), -1,
                     CULPRIT_PATTERN_SET_ERROR_INVALID, "“noise”");
  assert_load_error (SET ("{\"name\": \"t\", \"expression\": \"x\", \"tags\": [1]}"), -1,
                     CULPRIT_PATTERN_SET_ERROR_INVALID, "tags");
  assert_load_error (SET ("{\"name\": \"a\", \"expression\": \"y\"}"), -1,
                     CULPRIT_PATTERN_SET_ERROR_INVALID, "also at index 0");
  assert_load_error (SET ("{\"expression\": \"y\"}"), -1,
                     CULPRIT_PATTERN_SET_ERROR_INVALID, "“name” is missing");
  assert_load_error (SET ("[]"), -1, CULPRIT_PATTERN_SET_ERROR_INVALID, "Pattern at index 1: not a JSON object");
#undef SET
}

static const char tracker_dump[] =
  "[{\"author\": \"kostmo\", \"created\": \"2019-04-20T01:23:45.678Z\","
  "  \"payload\": {\"db_id\": 1, \"record\": {\"applicable_steps\": [],"
  "   \"description\": \"Docker image pull failure\","
  "   \"expression\": {\"tag\": \"LiteralExpression\", \"contents\": \"Error response from daemon\"},"
  "   \"is_retired\": false, \"lines_from_end\": null, \"specificity\": 1, \"tags\": [\"flaky\"]}}},"
  " {\"author\": \"kostmo\", \"created\": \"2019-04-21 10:00:00.5+00\","
  "  \"payload\": {\"db_id\": 2, \"record\": {\"applicable_steps\": [\"Test\"],"
  "   \"description\": \"Docker image pull failure\","
  "   \"expression\": {\"tag\": \"RegularExpression\", \"contents\": [\"^FAIL: (\\\\w+)\", true]},"
  "   \"is_retired\": false, \"lines_from_end\": 30, \"specificity\": 3, \"tags\": []}}},"
  " {\"author\": \"someone\", \"created\": 1555000000,"
  "  \"payload\": {\"db_id\": 7, \"record\": {\"applicable_steps\": null,"
  "   \"description\": \"\","
  "   \"expression\": {\"tag\": \"LiteralExpression\", \"contents\": \"gone\"},"
  "   \"is_retired\": true, \"lines_from_end\": 0, \"specificity\": 1, \"tags\": [\"old\"]}}}]";

static void
test_tracker_format (void)
{
  g_autoptr(GPtrArray) patterns = load (tracker_dump);
  CulpritPattern *lit, *re, *retired;

  g_assert_cmpuint (patterns->len, ==, 3);
  lit = patterns->pdata[0];
  re = patterns->pdata[1];
  retired = patterns->pdata[2];

  g_assert_cmpstr (culprit_pattern_get_name (lit), ==, "Docker image pull failure");
  g_assert_cmpstr (culprit_pattern_get_expression (lit), ==, "Error response from daemon");
  g_assert_false (culprit_pattern_get_is_regex (lit));
  g_assert_cmpuint (culprit_pattern_get_lines_from_end (lit), ==, 0);
  g_assert_cmpstr (culprit_pattern_get_author (lit), ==, "kostmo");
  g_assert_cmpint (culprit_pattern_get_created (lit), ==, 1555723425);
  g_assert_true (culprit_pattern_has_tag (lit, "flaky"));

  /* descriptions repeat in the tracker; names must not */
  g_assert_cmpstr (culprit_pattern_get_name (re), ==, "Docker image pull failure (2)");
  g_assert_true (culprit_pattern_get_is_regex (re));
  g_assert_cmpstr (culprit_pattern_get_expression (re), ==, "^FAIL: (\\w+)");
  g_assert_cmpuint (culprit_pattern_get_lines_from_end (re), ==, 30);
  g_assert_cmpint (culprit_pattern_get_specificity (re), ==, 3);
  g_assert_cmpstr (culprit_pattern_get_applicable_steps (re)[0], ==, "Test");
  g_assert_cmpint (culprit_pattern_get_created (re), ==, 1555840800);

  g_assert_cmpstr (culprit_pattern_get_name (retired), ==, "Pattern 7");
  g_assert_true (culprit_pattern_get_retired (retired));
  g_assert_cmpint (culprit_pattern_get_created (retired), ==, 1555000000);
}

static void
test_tracker_errors (void)
{
  assert_load_error ("[{\"payload\": {\"db_id\": 1, \"record\": {\"description\": \"d\","
                     " \"expression\": {\"tag\": \"RegularExpression\", \"contents\": [\"(\", false]}}}}]",
                     -1, CULPRIT_PATTERN_SET_ERROR_INVALID, "Pattern at index 0 (“d”)");
  assert_load_error ("[{\"payload\": {\"db_id\": 1, \"record\": {\"description\": \"d\","
                     " \"expression\": {\"tag\": \"FuzzyExpression\", \"contents\": \"x\"}}}}]",
                     -1, CULPRIT_PATTERN_SET_ERROR_INVALID, "FuzzyExpression");
  assert_load_error ("[{\"payload\": {}}]", -1, CULPRIT_PATTERN_SET_ERROR_INVALID, "payload.record");
  assert_load_error ("[{\"payload\": {\"db_id\": 1, \"record\": {\"description\": \"d\","
                     " \"expression\": {\"tag\": \"RegularExpression\", \"contents\": \"x\"}}}}]",
                     -1, CULPRIT_PATTERN_SET_ERROR_INVALID, "contents");
}

/* 200 KB of "[[[..." crashed the parser (json-glib recurses per level) */
static void
test_deep_nesting (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) at_limit = g_string_new ("{\"culprit_patterns\": 1, \"patterns\": [], \"x\": ");
  g_autoptr(GPtrArray) ok = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, ']');
  assert_load_error (deep->str, deep->len, CULPRIT_PATTERN_SET_ERROR_PARSE,
                     "JSON nested deeper than 256 levels");
  g_string_insert (deep, 0, "{\"culprit_patterns\": 1, \"patterns\": [{\"name\": \"a\", \"tags\": ");
  g_string_append (deep, "}]}");
  assert_load_error (deep->str, deep->len, CULPRIT_PATTERN_SET_ERROR_PARSE,
                     "JSON nested deeper than 256 levels");

  /* the root object is one level, "x" the other 255: that is still read */
  for (guint i = 0; i < CULPRIT_JSON_MAX_DEPTH - 1; i++)
    g_string_append_c (at_limit, '[');
  for (guint i = 0; i < CULPRIT_JSON_MAX_DEPTH - 1; i++)
    g_string_append_c (at_limit, ']');
  g_string_append (at_limit, "}");
  ok = load (at_limit->str);
  g_assert_cmpuint (ok->len, ==, 0);
}

/* json-glib ends a string at "\u0000": "a\u0000b" became "a", which matches far more */
static void
test_nul (void)
{
#define SET(x) "{\"culprit_patterns\": 1, \"patterns\": [{\"name\": \"a\", \"expression\": \"x\"}, " x "]}"
  assert_load_error (SET ("{\"name\": \"b\", \"expression\": \"a\\u0000b\"}"), -1,
                     CULPRIT_PATTERN_SET_ERROR_INVALID,
                     "Pattern at index 1 (“b”): “expression” contains a NUL character (\\u0000)");
  assert_load_error (SET ("{\"name\": \"b\\u0000c\", \"expression\": \"x\"}"), -1,
                     CULPRIT_PATTERN_SET_ERROR_INVALID, "Pattern at index 1: “name” contains a NUL");
  assert_load_error (SET ("{\"name\": \"b\", \"expression\": \"x\", \"description\": \"\\u0000\"}"), -1,
                     CULPRIT_PATTERN_SET_ERROR_INVALID, "“description” contains a NUL");
  assert_load_error (SET ("{\"name\": \"b\", \"expression\": \"x\", \"tags\": [\"ok\", \"f\\u0000\"]}"), -1,
                     CULPRIT_PATTERN_SET_ERROR_INVALID, "“tags[1]” contains a NUL");
  assert_load_error (SET ("{\"name\": \"b\", \"expression\": \"x\", \"applicable_steps\": [\"\\u0000\"]}"), -1,
                     CULPRIT_PATTERN_SET_ERROR_INVALID, "“applicable_steps[0]” contains a NUL");
  assert_load_error (SET ("{\"name\": \"b\", \"expression\": \"x\", \"kind\": \"cause\\u0000\"}"), -1,
                     CULPRIT_PATTERN_SET_ERROR_INVALID, "“kind” contains a NUL");
  /* a key with a NUL is no better: "name\u0000x" would become "name" */
  assert_load_error (SET ("{\"name\": \"b\", \"expression\\u0000\": \"x\"}"), -1,
                     CULPRIT_PATTERN_SET_ERROR_INVALID, "“expression” contains a NUL");
  assert_load_error ("{\"culprit_patterns\": 1, \"patterns\": [], \"note\": \"\\u0000\"}", -1,
                     CULPRIT_PATTERN_SET_ERROR_FORMAT, "“/note”");
  /* the tracker's format: every string of a pattern */
  assert_load_error ("[{\"author\": \"k\\u0000\", \"payload\": {\"db_id\": 1, \"record\": {"
                     "\"expression\": {\"tag\": \"LiteralExpression\", \"contents\": \"x\"}}}}]", -1,
                     CULPRIT_PATTERN_SET_ERROR_INVALID, "Pattern at index 0: “author” contains a NUL");
  assert_load_error ("[{\"payload\": {\"db_id\": 1, \"record\": {\"expression\": "
                     "{\"tag\": \"RegularExpression\", \"contents\": [\"a\\u0000\", true]}}}}]", -1,
                     CULPRIT_PATTERN_SET_ERROR_INVALID,
                     "“payload.record.expression.contents[0]” contains a NUL");

  /* an escaped backslash followed by u0000 is six characters, not a NUL */
  {
    g_autoptr(GPtrArray) patterns = load (SET ("{\"name\": \"b\", \"expression\": \"a\\\\u0000b\","
                                               " \"tags\": [\"[[\\\"{{\"]}"));

    g_assert_cmpstr (culprit_pattern_get_expression (patterns->pdata[1]), ==, "a\\u0000b");
    g_assert_cmpstr (culprit_pattern_get_tags (patterns->pdata[1])[0], ==, "[[\"{{");
  }
  /* other escapes near zero are characters like any other */
  {
    g_autoptr(GPtrArray) patterns = load (SET ("{\"name\": \"b\", \"expression\": \"\\u0001\\u1000\"}"));

    g_assert_cmpstr (culprit_pattern_get_expression (patterns->pdata[1]), ==, "\001\341\200\200");
  }
#undef SET
}

static char *
tracker_entry (guint       db_id,
               const char *description,
               const char *contents)
{
  return g_strdup_printf ("{\"payload\": {\"db_id\": %u, \"record\": {\"description\": \"%s\","
                          " \"expression\": {\"tag\": \"LiteralExpression\", \"contents\": \"%s\"}}}}",
                          db_id, description, contents);
}

/* Names made from the tracker's descriptions fit the name's 200 bytes: 300
 * "é" were cut to 120 characters, 241 bytes, and the whole file refused. */
static void
test_tracker_names (void)
{
  g_autoptr(GString) e300 = g_string_new (NULL);
  g_autoptr(GString) x199 = g_string_new (NULL);
  g_autoptr(GPtrArray) patterns = NULL;
  g_autofree char *json = NULL;
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL, *e = NULL, *f = NULL;

  for (guint i = 0; i < 300; i++)
    g_string_append (e300, "é");
  for (guint i = 0; i < 199; i++)
    g_string_append_c (x199, 'x');
  g_string_append (x199, "é");

  a = tracker_entry (1, e300->str, "one");
  b = tracker_entry (2, e300->str, "two");       /* the same description: a suffix */
  c = tracker_entry (3, "   ", "three");          /* only spaces: like an empty one */
  d = tracker_entry (4, " \\t ", "four");
  e = tracker_entry (5, x199->str, "five");
  f = tracker_entry (6, "short", "six");
  json = g_strdup_printf ("[%s, %s, %s, %s, %s, %s]", a, b, c, d, e, f);
  patterns = load (json);
  g_assert_cmpuint (patterns->len, ==, 6);

  for (guint i = 0; i < patterns->len; i++)
    {
      const char *name = culprit_pattern_get_name (patterns->pdata[i]);
      g_autoptr(GError) error = NULL;

      g_assert_cmpuint (strlen (name), <=, 200);
      g_assert_true (g_utf8_validate (name, -1, NULL));
      g_assert_true (culprit_pattern_validate (patterns->pdata[i], &error));
      g_assert_no_error (error);
    }
  g_assert_true (g_str_has_prefix (culprit_pattern_get_name (patterns->pdata[0]), "éééé"));
  g_assert_true (g_str_has_suffix (culprit_pattern_get_name (patterns->pdata[0]), "é…"));
  g_assert_true (g_str_has_suffix (culprit_pattern_get_name (patterns->pdata[1]), "… (2)"));
  g_assert_cmpstr (culprit_pattern_get_name (patterns->pdata[2]), ==, "Pattern 3");
  g_assert_cmpstr (culprit_pattern_get_name (patterns->pdata[3]), ==, "Pattern 4");
  g_assert_cmpuint (g_utf8_strlen (culprit_pattern_get_name (patterns->pdata[4]), -1), ==, 120);
  g_assert_cmpstr (culprit_pattern_get_name (patterns->pdata[5]), ==, "short");
}

static void
test_demo_set_loads (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("CULPRIT_DEMO_DIR"), "patterns.json", NULL);
  g_autoptr(GPtrArray) patterns = NULL;
  g_autoptr(CulpritMatcher) matcher = NULL;
  g_autoptr(GError) error = NULL;

  patterns = culprit_pattern_set_load_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (patterns->len, >=, 8);
  matcher = culprit_matcher_new (patterns, &error);
  g_assert_no_error (error);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/culprit/pattern-set/defaults", test_defaults);
  g_test_add_func ("/culprit/pattern-set/all-fields", test_all_fields);
  g_test_add_func ("/culprit/pattern-set/round-trip", test_round_trip);
  g_test_add_func ("/culprit/pattern-set/errors", test_errors);
  g_test_add_func ("/culprit/pattern-set/tracker-format", test_tracker_format);
  g_test_add_func ("/culprit/pattern-set/tracker-errors", test_tracker_errors);
  g_test_add_func ("/culprit/pattern-set/demo-set", test_demo_set_loads);
  g_test_add_func ("/culprit/pattern-set/deep-nesting", test_deep_nesting);
  g_test_add_func ("/culprit/pattern-set/nul", test_nul);
  g_test_add_func ("/culprit/pattern-set/tracker-names", test_tracker_names);

  return g_test_run ();
}
