/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The prefilter and the whole-log search must change nothing: the matcher
 * gives exactly the naive per-pattern, per-line result. */
#include "config.h"

#include <string.h>

#include "culprit-matcher-private.h"
#include "culprit-prefilter.h"
#include "culprit-regex-prefix.h"
#if HAVE_HYPERSCAN
#include "culprit-prefilter-hyperscan.h"
#endif
#include "culprit-test-util.h"
#include "culprit-random-patterns.h"

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
    /* anchored at the line start, without a literal: their prefixes */
    { "^\\W{3,}$", TRUE, FALSE, FALSE },
    { "^[A-Z]{4,}:? \\w+", TRUE, FALSE, FALSE },
    { "^\\s+(--- )?[a-z]", TRUE, TRUE, FALSE },
    { "^.{0,3}\\d", TRUE, FALSE, FALSE },
    { "^\\s{4}[^\\w\\s]{3} [A-Z]{4}", TRUE, FALSE, FALSE },
    { "^\\W{2}\\d{2}\\W\\d\\W", TRUE, FALSE, FALSE },
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
random_log (GRand    *rand,
            gboolean  ascii,
            gsize    *len)
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
          const char *piece = pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))];

          /* an ASCII log takes the whole-log search paths for ASCII */
          for (const char *c = piece; ascii && *c; c++)
            if ((guchar)*c >= 0x80)
              piece = "ascii";
          g_string_append (log, piece);
          if (g_rand_boolean (rand))
            g_string_append_c (log, ' ');
        }
      g_string_append_c (log, '\n');
    }
  *len = log->len;
  return g_string_free (log, FALSE);
}

/* The equivalence tests run with the default backend, and again with
 * CULPRIT_PREFILTER=portable where Hyperscan is built: @backend is the
 * value of that variable while the matchers are built, or NULL. */
static void
set_backend (gconstpointer backend)
{
  if (backend != NULL)
    g_setenv ("CULPRIT_PREFILTER", backend, TRUE);
  else
    g_unsetenv ("CULPRIT_PREFILTER");
}

static void
test_equivalence_generated (gconstpointer backend)
{
  g_autoptr(GPtrArray) tricky = tricky_patterns ();
  g_autofree char *demo_path = g_build_filename (g_getenv ("CULPRIT_DEMO_DIR"), "patterns.json", NULL);
  g_autofree char *generic_path = g_test_build_filename (G_TEST_DIST, "..", "data", "patterns-generic-ci.json", NULL);
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
      g_autoptr(CulpritMatcher) fast = NULL;
      g_autoptr(CulpritMatcher) naive = matcher_from (sets[s], FALSE);
      guint matches = 0;

      set_backend (backend);
      fast = matcher_from (sets[s], TRUE);
      set_backend (NULL);

      for (guint round = 0; round < 20; round++)
        {
          gsize len;
          g_autofree char *log = random_log (rand, round % 2 == 1, &len);
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
test_equivalence_real (gconstpointer backend)
{
  g_autofree char *root = culprit_test_shared_data ("cidiff/data");
  g_autofree char *generic_path = g_test_build_filename (G_TEST_DIST, "..", "data", "patterns-generic-ci.json", NULL);
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
    g_autoptr(CulpritMatcher) fast = NULL;
    g_autoptr(CulpritMatcher) naive = matcher_from (generic, FALSE);

    set_backend (backend);
    fast = matcher_from (generic, TRUE);
    set_backend (NULL);

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

/* Big random sets (issue 12): some 4,000 regexes made an automaton too big
 * for its 16-bit table, and every matcher built from them aborted. The
 * matcher must still give the naive result, with each backend: the
 * default one (with a big set, the automaton until it has scanned enough
 * for Hyperscan to pay), and where Hyperscan is built, Hyperscan at once
 * and the portable one. */
static void
assert_big_set_equivalent (CulpritRandomKind kind,
                           guint             n_patterns,
                           guint             n_lines,
                           guint32           seed)
{
  g_autoptr(GPtrArray) samples = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) patterns = NULL;
  g_autoptr(CulpritMatcher) naive = NULL;
  const char *backends[] = { NULL, "hyperscan", "portable" };
  GRand *rand = g_rand_new_with_seed (seed);
  gsize len;
  g_autofree char *log = NULL;
  g_autoptr(CulpritScanResult) expected = NULL;

  patterns = culprit_random_patterns (rand, n_patterns, kind, samples);
  log = culprit_random_log (rand, samples, n_lines, FALSE, &len);
  naive = matcher_from (patterns, FALSE);
  expected = culprit_matcher_scan (naive, log, len, NULL);
  /* about one line in six is a pattern's own */
  g_assert_cmpuint (culprit_scan_result_get_n_matches (expected), >, n_lines / 8);
  g_clear_object (&naive);

  for (guint b = 0; b < (HAVE_HYPERSCAN ? G_N_ELEMENTS (backends) : 1); b++)
    {
      g_autoptr(CulpritMatcher) fast = NULL;
      g_autoptr(CulpritScanResult) got = NULL;

      set_backend (backends[b]);
      fast = matcher_from (patterns, TRUE);
      set_backend (NULL);
      got = culprit_matcher_scan (fast, log, len, NULL);
      assert_same_result (got, expected, backends[b] ? backends[b] : "default backend");
      g_assert_cmpuint (culprit_scan_result_get_best (got)->pattern_index, ==,
                        culprit_scan_result_get_best (expected)->pattern_index);
    }
  g_rand_free (rand);
}

static void
test_many_regexes (void)
{
  assert_big_set_equivalent (CULPRIT_RANDOM_REGEXES, 6000, 600, 12);
}

static void
test_hundred_thousand_mixed (void)
{
  assert_big_set_equivalent (CULPRIT_RANDOM_MIXED, 100000, 80, 100000);
}

#if HAVE_HYPERSCAN
/* A big set's prefilter scans with the automaton until it has scanned
 * enough for Hyperscan's compilation to pay, then with Hyperscan; the
 * candidates stay the same. */
static void
test_scan_log_lazy_hyperscan (void)
{
  g_autoptr(GPtrArray) literals = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) owners = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) caseless = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(GArray) first_lines = NULL;
  g_autoptr(GArray) first_patterns = NULL;
  g_autofree guint *stamps = NULL;
  CulpritPrefilter *prefilter;
  GRand *rand = g_rand_new_with_seed (77);
  guint n = 3000, round;

  for (guint i = 0; i < n; i++)
    {
      gboolean folded = i % 3 == 0;

      g_ptr_array_add (literals, g_strdup_printf ("lit-%u-%08x", i, g_rand_int (rand)));
      g_array_append_val (owners, i);
      g_array_append_val (caseless, folded);
    }
  /* 1 MB of lines, some with a literal */
  while (log->len < 1024 * 1024)
    {
      if (g_rand_int_range (rand, 0, 4) == 0)
        g_string_append_printf (log, "x %s y\n",
                                (char *)literals->pdata[g_rand_int_range (rand, 0, n)]);
      else
        g_string_append (log, "\033[1mnothing\033[0m to see here\n");
    }
  g_unsetenv ("CULPRIT_PREFILTER");
  prefilter = _culprit_prefilter_new ((const char * const *)literals->pdata,
                                      (const guint *)owners->data,
                                      (const gboolean *)caseless->data, n);
  stamps = g_new0 (guint, n);
  g_assert_cmpstr (_culprit_prefilter_get_backend (prefilter), ==, "aho-corasick");

  for (round = 0; round < 100; round++)
    {
      g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autoptr(GArray) patterns = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autoptr(GArray) esc = g_array_new (FALSE, FALSE, sizeof (guint));
      gboolean hyperscan = g_str_equal (_culprit_prefilter_get_backend (prefilter), "hyperscan");

      memset (stamps, 0, n * sizeof (guint));
      _culprit_prefilter_scan_log (prefilter, log->str, log->len, stamps, lines, patterns, esc);
      g_assert_cmpuint (lines->len, >, 1000);
      if (first_lines == NULL)
        {
          first_lines = g_steal_pointer (&lines);
          first_patterns = g_steal_pointer (&patterns);
          continue;
        }
      g_assert_cmpmem (lines->data, lines->len * sizeof (guint),
                       first_lines->data, first_lines->len * sizeof (guint));
      g_assert_cmpmem (patterns->data, patterns->len * sizeof (guint),
                       first_patterns->data, first_patterns->len * sizeof (guint));
      if (hyperscan)
        break;
    }
  /* 3,000 literals: Hyperscan from about 12 MB on */
  g_assert_cmpuint (round, >, 5);
  g_assert_cmpuint (round, <, 100);
  _culprit_prefilter_free (prefilter);
  g_rand_free (rand);
}
#endif

/* The byte sets of anchored regexes never turn away a line that the
 * regex matches: random lines from pieces of the regexes, each checked
 * with PCRE2 as the matcher compiles it. */
static void
test_regex_prefix (void)
{
  const char *anchored[] = {
    "^[A-Z]{4,} [a-z]+ [0-9a-f]{12,}", "^\\W{3,}$", "^a{2}b?", "^(ab|cd){1,3}x", "^\\s*at ",
    "^x*$", "^[^a-c]+:", "^\\d+\\.\\d*", "^(?:a|b)*c{2,4}$", "^.{3}z", "^\\w+-\\w+", "^[]a]b",
    "^[\\]x-]{2}", "^\\bfoo", "^\\x41B", "^\\.\\*", "^(a(b(c)?)?)d", "^\\Ntail", "^[\\d\\s]{2}",
    "^(a{2,}){3}", "^a{3,5}?b", "^a++b", "^$", "^\\h+x", "^E\\s+assert ", "^(x|)y", "^a{0}b",
    "^(ab){2,3}$", "^[a-c-]+z", "^x{2,20}y", "^(?:a|bc|)d{1,2}e", "^\\S+\\s\\S+$", "^\\D\\D",
    "^[\\w.]+::", "^(|a)(b|)c", "^{x", "^x{,2}", "^\\t", "^a(*SKIP)b",
  };
  const char *refused[] = { "a|^b", "^a|b", "x^a", "^[[:alpha:]]", "^\\1", "^(?i)a", "^\\p{L}", "^\\Qa\\E" };
  const char *tokens[] = {
    "a", "b", "c", "d", "x", "y", "z", "e", "ab", "cd", "AB", "EFGH", "PASSED", " ", "  ", "\t", "at ",
    "-", "_", "0", "12", "3f", ".", "*", ":", "::", "tail", "foo", "assert ", "E", "]", "{x", "x{,2}",
  };
  GRand *rand = g_rand_new_with_seed (4242);
  guint matched = 0, passed = 0, tested = 0;

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    g_assert_null (_culprit_regex_prefix_new (refused[i], FALSE));

  for (guint i = 0; i < G_N_ELEMENTS (anchored); i++)
    for (guint caseless = 0; caseless < 2; caseless++)
      {
        CulpritRegexPrefix *prefix = _culprit_regex_prefix_new (anchored[i], caseless);
        g_autoptr(GRegex) regex = _culprit_matcher_compile_regex (anchored[i], !caseless, FALSE, FALSE, NULL);

        if (g_str_equal (anchored[i], "^a(*SKIP)b"))
          {
            g_assert_null (prefix);   /* a verb: not whole-log safe, nor parsed */
            continue;
          }
        g_assert_nonnull (regex);
        if (prefix == NULL)
          g_error ("no prefix for %s", anchored[i]);

        for (guint round = 0; round < 3000; round++)
          {
            g_autoptr(GString) line = g_string_new (NULL);
            guint n = g_rand_int_range (rand, 0, 8);
            gboolean matches, may;

            for (guint k = 0; k < n; k++)
              g_string_append (line, tokens[g_rand_int_range (rand, 0, G_N_ELEMENTS (tokens))]);
            if (g_rand_boolean (rand))
              for (gsize k = 0; k < line->len; k++)
                if (g_rand_int_range (rand, 0, 4) == 0)
                  line->str[k] = g_ascii_toupper (line->str[k]);
            matches = g_regex_match_full (regex, line->str, line->len, 0, 0, NULL, NULL);
            may = _culprit_regex_prefix_may_match (prefix, line->str, line->len);
            if (matches && !may)
              g_error ("“%s”%s matches “%s”, but its prefix turns it away", anchored[i],
                       caseless ? " (caseless)" : "", line->str);
            tested++;
            matched += matches;
            passed += may;
          }
        _culprit_regex_prefix_free (prefix);
      }
  g_rand_free (rand);
  g_test_message ("%u lines, %u matched, %u passed the prefix", tested, matched, passed);
  g_assert_cmpuint (matched, >, 5000);
  /* and it does turn lines away */
  g_assert_cmpuint (passed, <, tested / 2);

  {
    CulpritRegexPrefix *prefix = _culprit_regex_prefix_new ("^[A-Z]{4,} [a-z]+ [0-9a-f]{12,}", FALSE);

    g_assert_false (_culprit_regex_prefix_may_match (prefix, "PASSED tests/test_1.py", 22));
    g_assert_false (_culprit_regex_prefix_may_match (prefix, "npm http fetch GET 200", 22));
    g_assert_true (_culprit_regex_prefix_may_match (prefix, "ABCD efg 0123456789ab", 21));
    _culprit_regex_prefix_free (prefix);
  }
}

/* _culprit_prefilter_scan_log() directly, on input chosen to trip up line
 * counting: every backend gives each line's candidates once, in line
 * order, with every true match among them and exactly the lines with an
 * ESC; Hyperscan, which looks for whole literals, gives exactly the true
 * matches, which are those the automaton (whose windows may find more)
 * gives too. */

typedef struct
{
  const char *literal;
  guint       owner;
  gboolean    caseless;
} Literal;

static char *long_literal;   /* 1,000 bytes */

static const Literal tricky_literals[] = {
  { "Could not resolve host", 0, FALSE },
  { "error", 1, TRUE },
  { "error", 2, FALSE },            /* the same text, case-sensitive */
  { "error", 3, TRUE },             /* the same text and mode, another pattern */
  { "timeout", 4, TRUE },           /* one pattern, two literals */
  { "deadline", 4, FALSE },
  { "FAILED ", 5, FALSE },
  { "host\r", 6, FALSE },           /* a CR before the line end */
  { "\xc3\x84RGER", 7, TRUE },      /* ÄRGER: only its ASCII letters fold */
  { NULL, 8, FALSE },               /* long_literal */
  { "aaa", 9, FALSE },              /* overlaps itself */
  { "ab", 10, TRUE },               /* shorter than the window */
};
#define N_TRICKY_PATTERNS 11

static const char *tricky_logs[] = {
  "error on the first line\nmiddle\nand on the last: ERROR",
  "\n\n\nerror\n\n\n",
  "Could not resolve host\r\nERROR\r\n\r\nhost\r\nhost\r",
  "\033[31merror\033[0m\nplain\n\033[1m\n\033x\033y\033z error\nlast\033",
  "\033\n\033\n\nDEADLINE deadline TimeOut\n",
  "\xc3\xa4rger \xc3\x84rger \xc3\x84RGER \xc3\xa4RGER\nabAB\n",
  "FAILED FAILED\tFAILED \nfailed \n",
  "x",
  "\n",
};

static gboolean
contains (const char *line,
          gsize       len,
          const char *literal,
          gboolean    caseless)
{
  gsize n = strlen (literal);

  if (!caseless)
    return memmem (line, len, literal, n) != NULL;
  for (gsize i = 0; i + n <= len; i++)
    if (g_ascii_strncasecmp (line + i, literal, n) == 0)
      return TRUE;
  return FALSE;
}

static guint64
key (guint line,
     guint pattern)
{
  return (guint64)line << 32 | pattern;
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  guint64 x = *(const guint64 *)a, y = *(const guint64 *)b;

  return (x > y) - (x < y);
}

/* The true (line, pattern) pairs, sorted, and the lines with an ESC */
static void
truth (const Literal *literals,
       guint          n_literals,
       const char    *log,
       gsize          len,
       GArray        *pairs,
       GArray        *esc_lines)
{
  const char *end = log + len;
  guint line = 0;

  for (const char *p = log; p < end; )
    {
      const char *nl = memchr (p, '\n', end - p);
      gsize n = (nl ? nl : end) - p;

      line++;
      for (guint i = 0; i < n_literals; i++)
        if (contains (p, n, literals[i].literal, literals[i].caseless))
          {
            guint64 k = key (line, literals[i].owner);

            g_array_append_val (pairs, k);
          }
      if (memchr (p, 0x1b, n) != NULL)
        g_array_append_val (esc_lines, line);
      p = nl ? nl + 1 : end;
    }
  g_array_sort (pairs, compare_keys);
  for (guint k = 1; k < pairs->len; )
    if (g_array_index (pairs, guint64, k) == g_array_index (pairs, guint64, k - 1))
      g_array_remove_index (pairs, k);
    else
      k++;
}

/* Scans, checks the form of the output, and returns its pairs, sorted */
static GArray *
scan_pairs (CulpritPrefilter *prefilter,
            const char       *log,
            gsize             len,
            GArray           *esc_expected)
{
  g_autofree guint *stamps = g_new0 (guint, N_TRICKY_PATTERNS);
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) patterns = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) esc = g_array_new (FALSE, FALSE, sizeof (guint));
  GArray *pairs = g_array_new (FALSE, FALSE, sizeof (guint64));

  _culprit_prefilter_scan_log (prefilter, log, len, stamps, lines, patterns, esc);

  g_assert_cmpuint (lines->len, ==, patterns->len);
  for (guint k = 0; k < lines->len; k++)
    {
      guint64 pair = key (g_array_index (lines, guint, k), g_array_index (patterns, guint, k));

      g_assert_cmpuint (g_array_index (lines, guint, k), >=, 1);
      if (k > 0)
        g_assert_cmpuint (g_array_index (lines, guint, k), >=, g_array_index (lines, guint, k - 1));
      g_array_append_val (pairs, pair);
    }
  g_array_sort (pairs, compare_keys);
  for (guint k = 1; k < pairs->len; k++)
    g_assert_cmpuint (g_array_index (pairs, guint64, k), !=, g_array_index (pairs, guint64, k - 1));

  g_assert_cmpmem (esc->data, esc->len * sizeof (guint),
                   esc_expected->data, esc_expected->len * sizeof (guint));

  /* text without ESC, with its line starts given, gives the same */
  if (memchr (log, 0x1b, len) == NULL)
    {
      g_autofree guint *stamps2 = g_new0 (guint, N_TRICKY_PATTERNS);
      g_autoptr(GArray) lines2 = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autoptr(GArray) patterns2 = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (gsize));

      for (gsize i = 0; i < len; i++)
        if (i == 0 || log[i - 1] == '\n')
          g_array_append_val (starts, i);
      _culprit_prefilter_scan_lines (prefilter, log, len, (const gsize *)starts->data, starts->len,
                                     stamps2, lines2, patterns2);
      g_assert_cmpmem (lines2->data, lines2->len * sizeof (guint), lines->data, lines->len * sizeof (guint));
      g_assert_cmpmem (patterns2->data, patterns2->len * sizeof (guint),
                       patterns->data, patterns->len * sizeof (guint));
    }
  return pairs;
}

static gboolean
pairs_contain (GArray  *pairs,
               guint64  pair)
{
  guint index;

  return g_array_binary_search (pairs, &pair, compare_keys, &index);
}

static CulpritPrefilter *
prefilter_for (const Literal *literals,
               guint          n_literals,
               const char    *backend)
{
  g_autofree const char **texts = g_new (const char *, n_literals);
  g_autofree guint *owners = g_new (guint, n_literals);
  g_autofree gboolean *caseless = g_new (gboolean, n_literals);
  CulpritPrefilter *prefilter;

  for (guint i = 0; i < n_literals; i++)
    {
      texts[i] = literals[i].literal;
      owners[i] = literals[i].owner;
      caseless[i] = literals[i].caseless;
    }
  set_backend (backend);
  prefilter = _culprit_prefilter_new (texts, owners, caseless, n_literals);
  set_backend (NULL);
  return prefilter;
}

static GPtrArray *
tricky_inputs (void)
{
  GPtrArray *logs = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  g_autoptr(GString) repeated = g_string_new (NULL);
  GRand *rand = g_rand_new_with_seed (77);

  g_ptr_array_add (logs, g_bytes_new_static ("", 0));
  for (guint i = 0; i < G_N_ELEMENTS (tricky_logs); i++)
    g_ptr_array_add (logs, g_bytes_new_static (tricky_logs[i], strlen (tricky_logs[i])));

  /* one literal many times on one line, and long runs of overlaps */
  g_string_append (repeated, "first\n");
  for (guint i = 0; i < 5000; i++)
    g_string_append (repeated, "error ERROR ");
  g_string_append_c (repeated, '\n');
  for (guint i = 0; i < 5000; i++)
    g_string_append_c (repeated, 'a');
  g_string_append_printf (repeated, "\n%s\n%s", long_literal, long_literal);
  g_ptr_array_add (logs, g_bytes_new (repeated->str, repeated->len));

  /* pieces of all of these, long enough for the automaton's two streams */
  for (guint round = 0; round < 20; round++)
    {
      GString *log = g_string_new (NULL);

      while (log->len < 50000)
        {
          const char *piece = tricky_logs[g_rand_int_range (rand, 0, G_N_ELEMENTS (tricky_logs))];
          gsize n = strlen (piece);

          /* sometimes only a part of it, so that lines join */
          if (g_rand_boolean (rand))
            n = g_rand_int_range (rand, 0, n + 1);
          g_string_append_len (log, piece, n);
          if (g_rand_int_range (rand, 0, 50) == 0)
            g_string_append (log, long_literal);
          if (g_rand_boolean (rand))
            g_string_append_c (log, '\n');
        }
      g_ptr_array_add (logs, g_string_free_to_bytes (log));
    }
  g_rand_free (rand);
  return logs;
}

static Literal *
tricky_literal_table (guint *n)
{
  Literal *table = g_memdup2 (tricky_literals, sizeof tricky_literals);

  if (long_literal == NULL)
    {
      GString *s = g_string_new (NULL);

      for (guint i = 0; s->len < 1000; i++)
        g_string_append_printf (s, "%u,", i);
      g_string_truncate (s, 1000);
      long_literal = g_string_free (s, FALSE);
    }
  for (guint i = 0; i < G_N_ELEMENTS (tricky_literals); i++)
    if (table[i].literal == NULL)
      table[i].literal = long_literal;
  *n = G_N_ELEMENTS (tricky_literals);
  return table;
}

static void
test_scan_log_backends (void)
{
  guint n_literals;
  g_autofree Literal *literals = tricky_literal_table (&n_literals);
  g_autoptr(GPtrArray) logs = tricky_inputs ();
  CulpritPrefilter *portable = prefilter_for (literals, n_literals, "portable");
  CulpritPrefilter *fast = prefilter_for (literals, n_literals, NULL);
  /* three case-sensitive literals: memmem () in a portable build */
  CulpritPrefilter *exact = prefilter_for (literals + 5, 3, "portable");
  guint true_pairs = 0;
  G_GNUC_UNUSED guint more_candidates = 0;

  g_assert_cmpstr (_culprit_prefilter_get_backend (portable), ==, "aho-corasick");
  g_assert_cmpstr (_culprit_prefilter_get_backend (exact), ==, "memmem");
#if HAVE_HYPERSCAN
  g_assert_cmpstr (_culprit_prefilter_get_backend (fast), ==, "hyperscan");
#else
  g_assert_cmpstr (_culprit_prefilter_get_backend (fast), ==, "aho-corasick");
#endif

  for (guint i = 0; i < logs->len; i++)
    {
      gsize len;
      const char *log = g_bytes_get_data (logs->pdata[i], &len);
      g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (guint64));
      g_autoptr(GArray) expected_exact = g_array_new (FALSE, FALSE, sizeof (guint64));
      g_autoptr(GArray) esc = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autoptr(GArray) esc_exact = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autoptr(GArray) by_portable = NULL;
      g_autoptr(GArray) by_fast = NULL;
      g_autoptr(GArray) by_exact = NULL;
      g_autoptr(GArray) portable_true = g_array_new (FALSE, FALSE, sizeof (guint64));
      g_autoptr(GArray) fast_true = g_array_new (FALSE, FALSE, sizeof (guint64));

      truth (literals, n_literals, log, len, expected, esc);
      truth (literals + 5, 3, log, len, expected_exact, esc_exact);
      by_portable = scan_pairs (portable, log, len, esc);
      by_fast = scan_pairs (fast, log, len, esc);
      by_exact = scan_pairs (exact, log, len, esc_exact);

      /* every backend finds every true match */
      for (guint k = 0; k < expected->len; k++)
        {
          g_assert_true (pairs_contain (by_portable, g_array_index (expected, guint64, k)));
          g_assert_true (pairs_contain (by_fast, g_array_index (expected, guint64, k)));
        }
      for (guint k = 0; k < expected_exact->len; k++)
        g_assert_true (pairs_contain (by_exact, g_array_index (expected_exact, guint64, k)));

      /* the true ones among their candidates are the same */
      for (guint k = 0; k < by_portable->len; k++)
        if (pairs_contain (expected, g_array_index (by_portable, guint64, k)))
          g_array_append_val (portable_true, g_array_index (by_portable, guint64, k));
      for (guint k = 0; k < by_fast->len; k++)
        if (pairs_contain (expected, g_array_index (by_fast, guint64, k)))
          g_array_append_val (fast_true, g_array_index (by_fast, guint64, k));
      g_assert_cmpmem (portable_true->data, portable_true->len * sizeof (guint64),
                       fast_true->data, fast_true->len * sizeof (guint64));
#if HAVE_HYPERSCAN
      /* and Hyperscan finds exactly the lines that hold a literal's start */
      {
        g_autofree Literal *starts = g_memdup2 (literals, n_literals * sizeof (Literal));
        g_autoptr(GPtrArray) cut = g_ptr_array_new_with_free_func (g_free);
        g_autoptr(GArray) expected_starts = g_array_new (FALSE, FALSE, sizeof (guint64));
        g_autoptr(GArray) esc_starts = g_array_new (FALSE, FALSE, sizeof (guint));

        for (guint k = 0; k < n_literals; k++)
          {
            starts[k].literal = g_strndup (literals[k].literal, CULPRIT_HYPERSCAN_PREFIX);
            g_ptr_array_add (cut, (gpointer)starts[k].literal);
          }
        truth (starts, n_literals, log, len, expected_starts, esc_starts);
        g_assert_cmpmem (by_fast->data, by_fast->len * sizeof (guint64),
                         expected_starts->data, expected_starts->len * sizeof (guint64));
        more_candidates += by_fast->len - expected->len;
      }
#endif
      true_pairs += expected->len;
    }
  g_assert_cmpuint (true_pairs, >, 1000);
#if HAVE_HYPERSCAN
  /* the test has literals longer than the prefix whose start is elsewhere */
  g_assert_cmpuint (more_candidates, >, 0);
#endif

  _culprit_prefilter_free (portable);
  _culprit_prefilter_free (fast);
  _culprit_prefilter_free (exact);
}

/* Hyperscan refuses literals over 16,000 bytes, and crashes on an empty
 * one: a huge literal is looked for by its start, and a set with an empty
 * one goes to the automaton. */
static void
test_scan_log_odd_literals (void)
{
  g_autoptr(GString) huge = g_string_new (NULL);
  g_autoptr(GString) log = g_string_new ("first\n");
  g_autofree guint *stamps = g_new0 (guint, 2);
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) patterns = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) esc = g_array_new (FALSE, FALSE, sizeof (guint));
  Literal literals[] = { { NULL, 0, FALSE }, { "", 1, FALSE } };
  CulpritPrefilter *prefilter;

  for (guint i = 0; huge->len < 20000; i++)
    g_string_append_printf (huge, "%u ", i);
  literals[0].literal = huge->str;
  g_string_append_printf (log, "%s\nsecond\n%s", huge->str, huge->str);

  prefilter = prefilter_for (literals, 1, NULL);
#if HAVE_HYPERSCAN
  g_assert_cmpstr (_culprit_prefilter_get_backend (prefilter), ==, "hyperscan");
#endif
  _culprit_prefilter_scan_log (prefilter, log->str, log->len, stamps, lines, patterns, esc);
  g_assert_cmpuint (lines->len, ==, 2);
  g_assert_cmpuint (g_array_index (lines, guint, 0), ==, 2);
  g_assert_cmpuint (g_array_index (lines, guint, 1), ==, 4);
  _culprit_prefilter_free (prefilter);

  prefilter = prefilter_for (literals, 2, NULL);
  g_assert_cmpstr (_culprit_prefilter_get_backend (prefilter), !=, "hyperscan");
  _culprit_prefilter_free (prefilter);
}

typedef struct
{
  CulpritPrefilter *prefilter;
  GPtrArray        *logs;
  GPtrArray        *expected;   /* per log: GArray of its pairs, as scanned alone */
  gint              differences;
} Threads;

static gpointer
scan_in_thread (gpointer data)
{
  Threads *t = data;

  for (guint round = 0; round < 10; round++)
    for (guint i = 0; i < t->logs->len; i++)
      {
        gsize len;
        const char *log = g_bytes_get_data (t->logs->pdata[i], &len);
        g_autofree guint *stamps = g_new0 (guint, N_TRICKY_PATTERNS);
        g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (guint));
        g_autoptr(GArray) patterns = g_array_new (FALSE, FALSE, sizeof (guint));
        g_autoptr(GArray) esc = g_array_new (FALSE, FALSE, sizeof (guint));
        GArray *expected = t->expected->pdata[i];

        _culprit_prefilter_scan_log (t->prefilter, log, len, stamps, lines, patterns, esc);
        if (lines->len * 2 + esc->len != expected->len)
          {
            g_atomic_int_inc (&t->differences);
            continue;
          }
        for (guint k = 0; k < lines->len; k++)
          if (g_array_index (lines, guint, k) != g_array_index (expected, guint, 2 * k) ||
              g_array_index (patterns, guint, k) != g_array_index (expected, guint, 2 * k + 1))
            {
              g_atomic_int_inc (&t->differences);
              break;
            }
      }
  return NULL;
}

/* Four threads scan with one prefilter at once (each Hyperscan scan needs
 * scratch space of its own), and get what one thread gets. */
static void
test_scan_log_threads (void)
{
  guint n_literals;
  g_autofree Literal *literals = tricky_literal_table (&n_literals);
  g_autoptr(GPtrArray) logs = tricky_inputs ();
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);
  Threads t = { prefilter_for (literals, n_literals, NULL), logs, expected, 0 };
  GThread *threads[4];

  for (guint i = 0; i < logs->len; i++)
    {
      gsize len;
      const char *log = g_bytes_get_data (logs->pdata[i], &len);
      g_autofree guint *stamps = g_new0 (guint, N_TRICKY_PATTERNS);
      g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autoptr(GArray) patterns = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autoptr(GArray) esc = g_array_new (FALSE, FALSE, sizeof (guint));
      GArray *both = g_array_new (FALSE, FALSE, sizeof (guint));

      _culprit_prefilter_scan_log (t.prefilter, log, len, stamps, lines, patterns, esc);
      for (guint k = 0; k < lines->len; k++)
        {
          g_array_append_val (both, g_array_index (lines, guint, k));
          g_array_append_val (both, g_array_index (patterns, guint, k));
        }
      g_array_append_vals (both, esc->data, esc->len);
      g_ptr_array_add (expected, both);
    }

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("scan", scan_in_thread, &t);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);

  g_assert_cmpint (t.differences, ==, 0);
  _culprit_prefilter_free (t.prefilter);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/culprit/prefilter/required-literals", test_required_literals);
  g_test_add_func ("/culprit/prefilter/required-sets", test_required_sets);
  g_test_add_func ("/culprit/prefilter/regex-prefix", test_regex_prefix);
  g_test_add_data_func ("/culprit/prefilter/equivalence-generated", NULL, test_equivalence_generated);
  g_test_add_data_func ("/culprit/prefilter/equivalence-real", NULL, test_equivalence_real);
  g_test_add_func ("/culprit/prefilter/many-regexes", test_many_regexes);
  g_test_add_func ("/culprit/prefilter/hundred-thousand-mixed", test_hundred_thousand_mixed);
#if HAVE_HYPERSCAN
  g_test_add_data_func ("/culprit/prefilter/equivalence-generated/portable", "portable",
                        test_equivalence_generated);
  g_test_add_data_func ("/culprit/prefilter/equivalence-real/portable", "portable",
                        test_equivalence_real);
#endif
  g_test_add_func ("/culprit/prefilter/scan-log/backends", test_scan_log_backends);
  g_test_add_func ("/culprit/prefilter/scan-log/odd-literals", test_scan_log_odd_literals);
  g_test_add_func ("/culprit/prefilter/scan-log/threads", test_scan_log_threads);
#if HAVE_HYPERSCAN
  g_test_add_func ("/culprit/prefilter/scan-log/lazy-hyperscan", test_scan_log_lazy_hyperscan);
#endif

  return g_test_run ();
}
