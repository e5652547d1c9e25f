/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "culprit-test-util.h"

static void
test_defaults (void)
{
  CulpritPattern *p = culprit_pattern_new ("name", "text", FALSE);

  g_assert_cmpstr (culprit_pattern_get_name (p), ==, "name");
  g_assert_cmpstr (culprit_pattern_get_expression (p), ==, "text");
  g_assert_false (culprit_pattern_get_is_regex (p));
  g_assert_true (culprit_pattern_get_case_sensitive (p));
  g_assert_cmpuint (culprit_pattern_get_lines_from_end (p), ==, 0);
  g_assert_cmpint (culprit_pattern_get_specificity (p), ==, 1);
  g_assert_cmpint (culprit_pattern_get_kind (p), ==, CULPRIT_PATTERN_KIND_CAUSE);
  g_assert_cmpstr (culprit_pattern_get_description (p), ==, "");
  g_assert_cmpuint (g_strv_length ((char **)culprit_pattern_get_tags (p)), ==, 0);
  g_assert_false (culprit_pattern_get_retired (p));
  g_assert_finalize_object (p);
}

static void
test_invalid_regex (void)
{
  g_autoptr(CulpritPattern) p = culprit_pattern_new ("broken", "Killed process (\\d+", TRUE);
  g_autoptr(GError) error = NULL;

  g_assert_false (culprit_pattern_validate (p, &error));
  g_assert_error (error, CULPRIT_PATTERN_ERROR, CULPRIT_PATTERN_ERROR_INVALID_REGEX);
  /* what is wrong and where, in words, and the pattern's name */
  g_assert_nonnull (strstr (error->message, "broken"));
  g_assert_nonnull (strstr (error->message, "Unmatched ( at character 16: “(\\d+”"));

  /* the same text as a literal is fine */
  culprit_pattern_set_is_regex (p, FALSE);
  g_clear_error (&error);
  g_assert_true (culprit_pattern_validate (p, &error));
  g_assert_no_error (error);
}

/* GRegex's errors in words, at the character (counted from 1) where the
 * problem is, with the part of the expression at fault. */
static void
test_regex_error_messages (void)
{
  const struct {
    const char *expression;
    const char *message;
  } cases[] = {
    { "Killed process (\\d+", "Unmatched ( at character 16: “(\\d+”" },
    { "(a)b)c", "Unmatched ) at character 5: “)”" },
    { "x[abc", "Unmatched [ at character 2: “[abc”" },
    { "a**", "Nothing to repeat before this quantifier at character 3: “*”" },
    { "a{3,2}", "The numbers in {} are out of order at character 2: “{3,2}”" },
    { "ab\\", "A \\ at the end escapes nothing at character 3: “\\”" },
    { "é(x", "Unmatched ( at character 2: “(x”" },
    { "[(]x(", "Unmatched ( at character 5: “(”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (culprit_pattern_check_regex (cases[i].expression, TRUE, &error));
      g_assert_error (error, CULPRIT_PATTERN_ERROR, CULPRIT_PATTERN_ERROR_INVALID_REGEX);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
  g_assert_true (culprit_pattern_check_regex ("Killed process (\\d+)", TRUE, NULL));
}

static void
test_refuses_match_everything (void)
{
  const char *bad_regexes[] = { "a*", "(foo)?", "^", "x{0,3}", NULL };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; bad_regexes[i]; i++)
    {
      g_autoptr(CulpritPattern) p = culprit_pattern_new ("all", bad_regexes[i], TRUE);

      g_clear_error (&error);
      g_assert_false (culprit_pattern_validate (p, &error));
      g_assert_error (error, CULPRIT_PATTERN_ERROR, CULPRIT_PATTERN_ERROR_EMPTY);
    }

  {
    g_autoptr(CulpritPattern) p = culprit_pattern_new ("empty", "", FALSE);

    g_clear_error (&error);
    g_assert_false (culprit_pattern_validate (p, &error));
    g_assert_error (error, CULPRIT_PATTERN_ERROR, CULPRIT_PATTERN_ERROR_EMPTY);
  }
}

static void
test_names_and_tags (void)
{
  const char *bad_names[] = { "", " padded", "two\nlines", "tab\tname", NULL };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; bad_names[i]; i++)
    {
      g_autoptr(CulpritPattern) p = culprit_pattern_new (bad_names[i], "x", FALSE);

      g_clear_error (&error);
      g_assert_false (culprit_pattern_validate (p, &error));
      g_assert_error (error, CULPRIT_PATTERN_ERROR, CULPRIT_PATTERN_ERROR_INVALID);
    }

  {
    g_autoptr(CulpritPattern) p = culprit_pattern_new ("ok", "x", FALSE);
    const char *tags[] = { "flaky", "", NULL };

    culprit_pattern_set_tags (p, tags);
    g_clear_error (&error);
    g_assert_false (culprit_pattern_validate (p, &error));
    g_assert_error (error, CULPRIT_PATTERN_ERROR, CULPRIT_PATTERN_ERROR_INVALID);
  }
}

static void
test_tags_normalised (void)
{
  g_autoptr(CulpritPattern) p = culprit_pattern_new ("p", "x", FALSE);
  const char *tags[] = { "network", "flaky", "network", NULL };
  const char * const *got;

  culprit_pattern_set_tags (p, tags);
  got = culprit_pattern_get_tags (p);
  g_assert_cmpuint (g_strv_length ((char **)got), ==, 2);
  g_assert_cmpstr (got[0], ==, "flaky");
  g_assert_cmpstr (got[1], ==, "network");
  g_assert_true (culprit_pattern_has_tag (p, "flaky"));
  g_assert_false (culprit_pattern_has_tag (p, "known-problem"));
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_notify (void)
{
  g_autoptr(CulpritPattern) p = culprit_pattern_new ("p", "x", FALSE);
  const char *tags[] = { "flaky", NULL };
  guint count = 0;

  g_signal_connect (p, "notify", G_CALLBACK (count_notify), &count);
  culprit_pattern_set_expression (p, "y");
  culprit_pattern_set_expression (p, "y");       /* unchanged: no notify */
  culprit_pattern_set_specificity (p, 4);
  culprit_pattern_set_tags (p, tags);
  culprit_pattern_set_tags (p, tags);
  culprit_pattern_set_kind (p, CULPRIT_PATTERN_KIND_IGNORE);
  g_assert_cmpuint (count, ==, 4);

  g_object_set (p, "lines-from-end", 10, "case-sensitive", FALSE, NULL);
  g_assert_cmpuint (culprit_pattern_get_lines_from_end (p), ==, 10);
  g_assert_false (culprit_pattern_get_case_sensitive (p));
}

static void
test_copy_and_compare (void)
{
  g_autoptr(CulpritPattern) p = culprit_pattern_new ("p", "x", TRUE);
  g_autoptr(CulpritPattern) copy = NULL;
  const char *tags[] = { "b", "a", NULL };
  const char *tags_reordered[] = { "a", "b", NULL };
  const char *steps[] = { "Build", NULL };

  culprit_pattern_set_tags (p, tags);
  culprit_pattern_set_applicable_steps (p, steps);
  culprit_pattern_set_id (p, 7);
  culprit_pattern_set_lines_from_end (p, 3);
  copy = culprit_pattern_copy (p);

  g_assert_cmpint (culprit_pattern_get_id (copy), ==, 7);
  g_assert_true (culprit_pattern_same_definition (p, copy));
  culprit_pattern_set_tags (copy, tags_reordered);
  g_assert_true (culprit_pattern_same_definition (p, copy));
  culprit_pattern_set_lines_from_end (copy, 4);
  g_assert_false (culprit_pattern_same_definition (p, copy));
}

static void
test_steps_and_kinds (void)
{
  g_autoptr(CulpritPattern) p = culprit_pattern_new ("p", "x", FALSE);
  const char *steps[] = { "Run tests", NULL };
  CulpritPatternKind kind;

  g_assert_true (culprit_pattern_applies_to_step (p, "Build"));
  culprit_pattern_set_applicable_steps (p, steps);
  g_assert_true (culprit_pattern_applies_to_step (p, "Run tests"));
  g_assert_false (culprit_pattern_applies_to_step (p, "Build"));
  g_assert_true (culprit_pattern_applies_to_step (p, NULL));

  g_assert_true (culprit_pattern_kind_from_string ("ignore", &kind));
  g_assert_cmpint (kind, ==, CULPRIT_PATTERN_KIND_IGNORE);
  g_assert_cmpstr (culprit_pattern_kind_to_string (kind), ==, "ignore");
  g_assert_false (culprit_pattern_kind_from_string ("Cause", &kind));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/culprit/pattern/defaults", test_defaults);
  g_test_add_func ("/culprit/pattern/invalid-regex", test_invalid_regex);
  g_test_add_func ("/culprit/pattern/regex-error-messages", test_regex_error_messages);
  g_test_add_func ("/culprit/pattern/refuses-match-everything", test_refuses_match_everything);
  g_test_add_func ("/culprit/pattern/names-and-tags", test_names_and_tags);
  g_test_add_func ("/culprit/pattern/tags-normalised", test_tags_normalised);
  g_test_add_func ("/culprit/pattern/notify", test_notify);
  g_test_add_func ("/culprit/pattern/copy-and-compare", test_copy_and_compare);
  g_test_add_func ("/culprit/pattern/steps-and-kinds", test_steps_and_kinds);

  return g_test_run ();
}
