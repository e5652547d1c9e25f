/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The prefilter and the whole-log search must change nothing: the matcher
 * gives exactly the naive per-pattern, per-line result. */
#include "config.h"

#include <string.h>

#include "culprit-prefilter.h"
#include "culprit-test-util.h"

static void
assert_literals (const char *regex,
                 gboolean    case_sensitive,
                 const char *expected)   /* literals joined by "|", or NULL */
{
  g_auto(GStrv) got = _culprit_regex_required_literals (regex, case_sensitive);
  g_autofree char *joined = got ? g_strjoinv ("|", got) : NULL;

  if (g_strcmp0 (joined, expected) != 0)
    g_error ("/%s/: expected %s, got %s", regex, expected ? expected : "(none)",
             joined ? joined : "(none)");
}

static void
test_required_literals (void)
{
  assert_literals ("Killed process \\d+ \\((\\w+)\\)", TRUE, "Killed process ");
  assert_literals ("^FAILED \\S+::\\S+", TRUE, "FAILED ");
  assert_literals ("error: expected ';'", TRUE, "error: expected ';'");
  assert_literals ("abc?def", TRUE, "def");         /* c is optional */
  assert_literals ("abcd?", TRUE, "abc");
  assert_literals ("abcd+xy", TRUE, "abcd");       /* d then the run ends */
  assert_literals ("abcd{0,3}efg", TRUE, "abc");   /* both required; the first of the longest */
  assert_literals ("abcd{2}efg", TRUE, "abcd");
  assert_literals ("x(optional group)?yz", TRUE, NULL);
  assert_literals ("foo\\.bar\\(baz", TRUE, "foo.bar(baz");
  assert_literals ("[a-z]+Exception", TRUE, "Exception");
  assert_literals ("Tests run: \\d+, Failures: [1-9]|<<< (FAILURE|ERROR)!", TRUE, ", Failures: |FAILURE|ERROR");
  /* a required group gives its alternatives; an optional one nothing */
  assert_literals ("\\d+ (failed|errors)", TRUE, "failed|errors");
  assert_literals ("(warn|err)[a-z]*: ", TRUE, "warn|err");
  assert_literals ("x(ab|cd)?yz", TRUE, NULL);
  assert_literals ("(?:panic|fatal): (runtime|assertion) error", TRUE, "runtime|assertion");
  assert_literals ("one|tw", TRUE, NULL);          /* an alternative without a literal */
  assert_literals ("a.b.c", TRUE, NULL);
  assert_literals ("\\x41BCDEF", TRUE, NULL);      /* escapes it does not follow */
  assert_literals ("(?i)error", TRUE, NULL);
  assert_literals ("build (?:failed|broken) at", TRUE, "build ");
  assert_literals ("\\Qa.b\\E", TRUE, NULL);
  assert_literals ("caf\xc3\xa9 time", TRUE, " time");   /* non-ASCII ends a run */
  /* caseless PCRE2 matches K as the Kelvin sign: such letters end a run */
  assert_literals ("disk full", FALSE, " full");
  assert_literals ("[ERROR] Failed to execute goal", FALSE, " Failed to execute goal");
}

static void
assert_sets (const char *regex,
             gboolean    case_sensitive,
             const char *expected)
{
  char ***sets = _culprit_regex_required_literal_sets (regex, case_sensitive);
  g_autoptr(GString) got = g_string_new (NULL);

  for (guint i = 0; sets && sets[i]; i++)
    {
      g_autofree char *joined = g_strjoinv ("|", sets[i]);

      g_string_append_printf (got, "%s%s", i ? " & " : "", joined);
    }
  _culprit_literal_sets_free (sets);
  g_assert_cmpstr (sets ? got->str : NULL, ==, expected);
}

/* Every set of literals a match needs, to confirm a line before the regex
 * runs on it. */
static void
test_required_sets (void)
{
  assert_sets ("(warn|err)[a-z]*:\\s+\\S+\\.(py|rb|js):\\d+", TRUE, "warn|err & py|rb|js");
  assert_sets ("Killed process \\d+ \\((\\w+)\\)", TRUE, "Killed process ");
  assert_sets ("Caused by: [\\w.]+Exception", TRUE, "Caused by:  & Exception");
  assert_sets ("x(ab|cd)?yz", TRUE, NULL);         /* an optional group, short runs */
  assert_sets ("abc(de|f)ghi", TRUE, "abc & ghi");  /* "f" is too short to confirm */
  assert_sets ("one|two", TRUE, NULL);             /* alternation at the top */
  assert_sets ("(?i)error", TRUE, NULL);
  assert_sets ("disk quota", FALSE, " quota");     /* caseless: s and k end runs */
}

static CulpritMatcher *
matcher_from (GPtrArray  *patterns,
              gboolean    prefilter)
{
  g_autoptr(GError) error = NULL;
  CulpritMatcher *m = culprit_matcher_new_full (patterns, prefilter ? CULPRIT_MATCHER_FLAGS_NONE
                                                                     : CULPRIT_MATCHER_FLAGS_NO_PREFILTER,
                                                &error);
  g_assert_no_error (error);
  return m;
}

static void
assert_same_result (CulpritScanResult *a,
                    CulpritScanResult *b,
                    const char        *what)
{
  g_assert_cmpuint (culprit_scan_result_get_line_count (a), ==, culprit_scan_result_get_line_count (b));
  if (culprit_scan_result_get_n_matches (a) != culprit_scan_result_get_n_matches (b))
    g_error ("%s: %u matches with the prefilter, %u without", what,
             culprit_scan_result_get_n_matches (a), culprit_scan_result_get_n_matches (b));
  for (guint i = 0; i < culprit_scan_result_get_n_matches (a); i++)
    {
      const CulpritMatch *x = culprit_scan_result_get_match (a, i);
      const CulpritMatch *y = culprit_scan_result_get_match (b, i);

      if (memcmp (x, y, sizeof *x) != 0)
        g_error ("%s: match %u differs: pattern %u line %u %u-%u vs pattern %u line %u %u-%u", what, i,
                 x->pattern_index, x->line, x->start, x->end, y->pattern_index, y->line, y->start, y->end);
    }
  g_assert_true ((culprit_scan_result_get_best (a) == NULL) == (culprit_scan_result_get_best (b) == NULL));
}

static GPtrArray *
load_set (const char *path)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *set = culprit_pattern_set_load_file (path, &error);

  g_assert_no_error (error);
  return set;
}

/* Patterns chosen to stress the prefilter: literals, alternations,
 * caseless, none, multi-line-ish classes, anchors, and ignore patterns. */
static GPtrArray *
tricky_patterns (void)
{
  const struct { const char *expr; gboolean regex, caseless, ignore; } defs[] = {
    { "Could not resolve host", FALSE, FALSE, FALSE },
    { "econnreset", FALSE, TRUE, FALSE },
    { "Killed process \\d+ \\(\\S+\\)", TRUE, FALSE, FALSE },
    { "^FAIL(ED)?:? \\S+", TRUE, FALSE, FALSE },
    { "error\\s", TRUE, FALSE, FALSE },
    { "[a-z]+\\.(c|h):\\d+:\\d+: (error|warning)", TRUE, FALSE, FALSE },
    { "^\\s*at [\\w.$]+\\(", TRUE, FALSE, FALSE },
    { "\\d{4,}$", TRUE, FALSE, FALSE },
    { "[^ ]{40,}", TRUE, FALSE, FALSE },
    { "WARN|ERROR", TRUE, FALSE, FALSE },
    { "timeout", TRUE, TRUE, FALSE },
    { "\\bskip\\b", TRUE, TRUE, FALSE },
    { "ünïcode", FALSE, TRUE, FALSE },
    { "expected error", FALSE, FALSE, TRUE },
    { "^\\s*$", TRUE, FALSE, TRUE },
  };
  GPtrArray *set = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < G_N_ELEMENTS (defs); i++)
    {
      g_autofree char *name = g_strdup_printf ("p%u", i);
      CulpritPattern *p = culprit_pattern_new (name, defs[i].expr, defs[i].regex);

      culprit_pattern_set_case_sensitive (p, !defs[i].caseless);
      if (defs[i].ignore)
        culprit_pattern_set_kind (p, CULPRIT_PATTERN_KIND_IGNORE);
      g_ptr_array_add (set, p);
    }
  return set;
}

static char *
random_log (GRand *rand,
            gsize *len)
{
  const char *pieces[] = {
    "Could not resolve host: github.com", "could NOT resolve host", "npm ERR! ECONNRESET", "econnReset",
    "[ 12.3] Killed process 4242 (cc1plus) total-vm", "FAILED tests/test_a.py::test_b", "FAIL: test_x (t.T)",
    "error ", "error", "src/main.c:12:4: error: expected", "    at com.example.Foo.bar(Foo.java:12)",
    "build 123456", "x", "\033[31mERROR\033[0m red", "2026-07-30T10:39:20.7140484Z timeout reached",
    "TIMEOUT", "skip", "skipping", "ÜNÏCODE", "\xff\xfe broken bytes error ", "expected error here error ",
    "   ", "", "\r", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "WARN", "a WARNING",
    "ERROR: go.mod is not up to date", "fatal: unable to access", "No space left on device",
    "##[error]Process completed with exit code 1.", "java.lang.NullPointerException: boom",
    "Tests run: 12, Failures: 2", "    --- FAIL: TestX (0.1s)",
  };
  GString *log = g_string_new (NULL);

  for (guint i = 0; i < 3000; i++)
    {
      guint n = g_rand_int_range (rand, 0, 4);

      for (guint k = 0; k < n; k++)
        {
          g_string_append (log, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
          if (g_rand_boolean (rand))
            g_string_append_c (log, ' ');
        }
      g_string_append_c (log, '\n');
    }
  *len = log->len;
  return g_string_free (log, FALSE);
}

static void
test_equivalence_generated (void)
{
  g_autoptr(GPtrArray) tricky = tricky_patterns ();
  g_autofree char *demo_path = g_build_filename (g_getenv ("CULPRIT_DEMO_DIR"), "patterns.json", NULL);
  g_autofree char *generic_path = g_test_build_filename (G_TEST_DIST, "data", "generic-ci-patterns.json", NULL);
  g_autoptr(GPtrArray) demo = load_set (demo_path);
  g_autoptr(GPtrArray) generic = load_set (generic_path);
  g_autoptr(GPtrArray) few = g_ptr_array_new_with_free_func (g_object_unref);
  GPtrArray *sets[] = { tricky, demo, generic, few };
  GRand *rand = g_rand_new_with_seed (1234);

  /* a few case-sensitive literals: the memmem () path */
  g_ptr_array_add (few, g_object_ref (tricky->pdata[0]));
  g_ptr_array_add (few, g_object_ref (tricky->pdata[2]));
  g_ptr_array_add (few, g_object_ref (tricky->pdata[13]));
  g_ptr_array_add (few, g_object_ref (tricky->pdata[14]));

  for (guint s = 0; s < G_N_ELEMENTS (sets); s++)
    {
      g_autoptr(CulpritMatcher) fast = matcher_from (sets[s], TRUE);
      g_autoptr(CulpritMatcher) naive = matcher_from (sets[s], FALSE);
      guint matches = 0;

      for (guint round = 0; round < 20; round++)
        {
          gsize len;
          g_autofree char *log = random_log (rand, &len);
          g_autoptr(CulpritScanResult) a = culprit_matcher_scan (fast, log, len, NULL);
          g_autoptr(CulpritScanResult) b = culprit_matcher_scan (naive, log, len, NULL);

          assert_same_result (a, b, "generated log");
          matches += culprit_scan_result_get_n_matches (a);
        }
      g_assert_cmpuint (matches, >, 100);
    }
  g_rand_free (rand);
}

static void
collect_logs (const char *dir,
              GPtrArray  *out)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)))
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        collect_logs (child, out);
      else if (g_str_has_suffix (name, ".log"))
        g_ptr_array_add (out, g_steal_pointer (&child));
    }
}

static void
test_equivalence_real (void)
{
  g_autofree char *root = culprit_test_shared_data ("cidiff/data");
  g_autofree char *generic_path = g_test_build_filename (G_TEST_DIST, "data", "generic-ci-patterns.json", NULL);
  g_autoptr(GPtrArray) tricky = tricky_patterns ();
  g_autoptr(GPtrArray) generic = NULL;
  g_autoptr(GPtrArray) logs = g_ptr_array_new_with_free_func (g_free);
  guint total_matches = 0;

  if (root == NULL)
    {
      g_test_skip ("../shared/data/cidiff is not here");
      return;
    }
  generic = load_set (generic_path);
  for (guint i = 0; i < tricky->len; i++)
    g_ptr_array_add (generic, g_object_ref (tricky->pdata[i]));

  collect_logs (root, logs);
  g_assert_cmpuint (logs->len, >, 100);

  {
    g_autoptr(CulpritMatcher) fast = matcher_from (generic, TRUE);
    g_autoptr(CulpritMatcher) naive = matcher_from (generic, FALSE);

    for (guint i = 0; i < logs->len; i++)
      {
        g_autoptr(GMappedFile) file = g_mapped_file_new (logs->pdata[i], FALSE, NULL);
        gsize len = g_mapped_file_get_length (file);
        const char *data = len ? g_mapped_file_get_contents (file) : "";
        g_autoptr(CulpritScanResult) a = culprit_matcher_scan (fast, data, len, NULL);
        g_autoptr(CulpritScanResult) b = culprit_matcher_scan (naive, data, len, NULL);

        assert_same_result (a, b, logs->pdata[i]);
        total_matches += culprit_scan_result_get_n_matches (a);
      }
  }
  g_test_message ("%u real logs, %u matches, identical with and without the prefilter",
                  logs->len, total_matches);
  g_assert_cmpuint (total_matches, >, 1000);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/culprit/prefilter/required-literals", test_required_literals);
  g_test_add_func ("/culprit/prefilter/required-sets", test_required_sets);
  g_test_add_func ("/culprit/prefilter/equivalence-generated", test_equivalence_generated);
  g_test_add_func ("/culprit/prefilter/equivalence-real", test_equivalence_real);

  return g_test_run ();
}
