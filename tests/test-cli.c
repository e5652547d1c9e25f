/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include <json-glib/json-glib.h>

#include "culprit-test-util.h"
#include "culprit-random-patterns.h"

static char *
demo_file (const char *name)
{
  return g_build_filename (g_getenv ("CULPRIT_DEMO_DIR"), name, NULL);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
test_help (void)
{
  const char *commands[][3] = {
    { "classify", NULL }, { "patterns", "list" }, { "patterns", "add" }, { "patterns", "edit" },
    { "patterns", "retire" }, { "patterns", "unretire" }, { "patterns", "import" },
    { "patterns", "export" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *out = NULL, *err = NULL;
      const char *args[] = { commands[i][0], commands[i][1] ? commands[i][1] : "--help",
                             commands[i][1] ? "--help" : NULL, NULL };

      g_assert_cmpint (culprit_test_run_cli_stdin (NULL, &out, &err, args), ==, 0);
      g_assert_nonnull (strstr (out, "Usage:"));
    }

  {
    g_autofree char *out = NULL, *err = NULL;
    const char *no_args[] = { NULL };

    g_assert_cmpint (culprit_test_run_cli_stdin (NULL, &out, &err, no_args), ==, 2);
    g_assert_nonnull (strstr (err, "classify"));
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    g_assert_cmpint (culprit_test_run_cli (&out, &err, "frobnicate", NULL), ==, 2);
    g_assert_nonnull (strstr (err, "unknown command “frobnicate”"));
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    g_assert_cmpint (culprit_test_run_cli (&out, &err, "classify", "--no-such-option", NULL), ==, 2);
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    g_assert_cmpint (culprit_test_run_cli (&out, &err, "--version", NULL), ==, 0);
    g_assert_true (g_str_has_prefix (out, "culprit-cli "));
  }
}

static JsonObject *
find_log (JsonArray  *logs,
          const char *suffix)
{
  for (guint i = 0; i < json_array_get_length (logs); i++)
    {
      JsonObject *log = json_array_get_object_element (logs, i);

      if (g_str_has_suffix (json_object_get_string_member (log, "path"), suffix))
        return log;
    }
  g_error ("no log %s in the output", suffix);
}

static void
test_classify_json (void)
{
  g_autofree char *patterns = demo_file ("patterns.json");
  g_autofree char *dns = demo_file ("logs/install-dns.log");
  g_autofree char *flaky = demo_file ("logs/tests-flaky-websocket.log");
  g_autofree char *none = demo_file ("logs/tests-unexplained.log");
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *logs;
  JsonObject *log, *best;

  g_assert_cmpint (culprit_test_run_cli (&out, &err, "classify", "--patterns", patterns,
                                         "--format", "json", dns, flaky, none, NULL), ==, 0);
  root = parse_json (out);
  logs = json_object_get_array_member (json_node_get_object (root), "logs");
  g_assert_cmpuint (json_array_get_length (logs), ==, 3);

  /* the leading timestamp is gone from the text and the span */
  log = find_log (logs, "install-dns.log");
  g_assert_cmpint (json_object_get_int_member (log, "lines"), ==, 303);
  best = json_object_get_object_member (log, "best");
  g_assert_cmpstr (json_object_get_string_member (best, "pattern"), ==, "DNS resolution failed");
  g_assert_cmpint (json_object_get_int_member (best, "line"), ==, 302);
  g_assert_cmpint (json_object_get_int_member (best, "start"), ==, 10);
  g_assert_cmpint (json_object_get_int_member (best, "end"), ==, 32);
  g_assert_cmpstr (json_object_get_string_member (best, "text"), ==,
                   "curl: (6) Could not resolve host: registry.npmjs.org");

  /* specificity 3 beats the generic test failure on a later line */
  log = find_log (logs, "tests-flaky-websocket.log");
  best = json_object_get_object_member (log, "best");
  g_assert_cmpstr (json_object_get_string_member (best, "pattern"), ==, "Flaky websocket test");
  g_assert_cmpint (json_object_get_int_member (best, "line"), ==, 503);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (log, "matches")), ==, 4);

  /* the ignore pattern drops the noise line, so nothing is left to match */
  log = find_log (logs, "tests-unexplained.log");
  g_assert_true (json_object_get_null_member (log, "best"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (log, "matches")), ==, 0);
}

static void
test_classify_text (void)
{
  g_autofree char *patterns = demo_file ("patterns.json");
  g_autofree char *oom = demo_file ("logs/build-oom.log");
  g_autofree char *none = demo_file ("logs/tests-unexplained.log");
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (culprit_test_run_cli (&out, &err, "classify", "-p", patterns, oom, none, NULL),
                   ==, 0);
  g_assert_nonnull (strstr (out, "build-oom.log: Out of memory [infra, known-problem]\n"
                                 "  line 446 of 450"));
  g_assert_nonnull (strstr (out, "tests-unexplained.log: no known cause (123 lines"));
}

static void
test_classify_bad_input (void)
{
  g_autofree char *dir = culprit_test_make_tmpdir ();
  g_autofree char *patterns = demo_file ("patterns.json");
  g_autofree char *oom = demo_file ("logs/build-oom.log");
  g_autofree char *bad_set = g_build_filename (dir, "bad.json", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.log", NULL);

  {
    g_autofree char *out = NULL, *err = NULL;
    g_assert_cmpint (culprit_test_run_cli (&out, &err, "classify", oom, NULL), ==, 2);
    g_assert_nonnull (strstr (err, "--patterns FILE is required"));
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    culprit_test_write_file (bad_set, "{\"culprit_patterns\": 1, \"patterns\": [{\"name\": \"a\", "
                             "\"expression\": \"x\"}, {\"name\": \"b\", \"expression\": \"[\", "
                             "\"regex\": true}]}", -1);
    g_assert_cmpint (culprit_test_run_cli (&out, &err, "classify", "-p", bad_set, oom, NULL), ==, 2);
    g_assert_nonnull (strstr (err, "Pattern at index 1 (“b”)"));
    g_assert_cmpstr (out, ==, "");
  }
  {
    /* one unreadable log: the others are still classified, and the exit says so */
    g_autofree char *out = NULL, *err = NULL;
    g_autoptr(JsonNode) root = NULL;
    JsonArray *logs;

    g_assert_cmpint (culprit_test_run_cli (&out, &err, "classify", "-p", patterns, "-f", "json",
                                           missing, oom, dir, NULL), ==, 2);
    g_assert_nonnull (strstr (err, "missing.log"));
    root = parse_json (out);
    logs = json_object_get_array_member (json_node_get_object (root), "logs");
    g_assert_cmpuint (json_array_get_length (logs), ==, 3);
    g_assert_true (json_object_has_member (json_array_get_object_element (logs, 0), "error"));
    g_assert_false (json_object_get_null_member (json_array_get_object_element (logs, 1), "best"));
    g_assert_true (json_object_has_member (json_array_get_object_element (logs, 2), "error"));
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    g_assert_cmpint (culprit_test_run_cli (&out, &err, "classify", "-p", patterns, "-f", "xml",
                                           oom, NULL), ==, 2);
    g_assert_nonnull (strstr (err, "unknown format"));
  }
}

/* Issue 12: a big pattern set imports (it used to take time quadratic in
 * its size), is stored whole, and classifies (the prefilter used to abort
 * from some 4,000 regexes on) with the naive matcher's result. */
static void
test_import_large_set (void)
{
  g_autofree char *dir = culprit_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "big.db", NULL);
  g_autofree char *set = g_build_filename (dir, "big.json", NULL);
  g_autofree char *log_path = g_build_filename (dir, "big.log", NULL);
  g_autoptr(GPtrArray) samples = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) patterns = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(CulpritStore) store = NULL;
  g_autoptr(CulpritMatcher) naive = NULL;
  g_autoptr(CulpritScanResult) expected = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;
  g_autofree char *out = NULL, *err = NULL;
  GRand *rand = g_rand_new_with_seed (20000);
  JsonObject *best;
  gsize len;

  patterns = culprit_random_patterns (rand, 20000, CULPRIT_RANDOM_MIXED, samples);
  g_assert_true (culprit_pattern_set_save_file (patterns, set, &error));
  g_assert_no_error (error);

  g_assert_cmpint (culprit_test_run_cli (&out, &err, "patterns", "import", "--db", db, set, NULL),
                   ==, 0);
  g_assert_nonnull (strstr (out, "20000 added, 0 updated, 0 unchanged"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (culprit_test_run_cli (&out, &err, "patterns", "import", "--db", db, set, NULL),
                   ==, 0);
  g_assert_nonnull (strstr (out, "0 added, 0 updated, 20000 unchanged"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  store = culprit_store_open (db, &error);
  g_assert_no_error (error);
  stored = culprit_store_list_patterns (store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, patterns->len);
  for (guint i = 0; i < stored->len; i++)
    {
      CulpritPattern *a = g_ptr_array_index (stored, i);
      CulpritPattern *b = g_ptr_array_index (patterns, i);

      g_assert_cmpstr (culprit_pattern_get_name (a), ==, culprit_pattern_get_name (b));
      g_assert_true (culprit_pattern_same_definition (a, b));
    }

  /* classify with the set: the best match is the naive matcher's */
  log = culprit_random_log (rand, samples, 200, FALSE, &len);
  culprit_test_write_file (log_path, log, len);
  naive = culprit_matcher_new_full (patterns, CULPRIT_MATCHER_FLAGS_NO_PREFILTER, &error);
  g_assert_no_error (error);
  expected = culprit_matcher_scan (naive, log, len, NULL);
  g_assert_nonnull (culprit_scan_result_get_best (expected));

  g_assert_cmpint (culprit_test_run_cli (&out, &err, "classify", "-p", set, "-f", "json", log_path,
                                         NULL), ==, 0);
  root = parse_json (out);
  best = json_object_get_object_member (json_array_get_object_element (
           json_object_get_array_member (json_node_get_object (root), "logs"), 0), "best");
  g_assert_nonnull (best);
  g_assert_cmpstr (json_object_get_string_member (best, "pattern"), ==,
                   culprit_pattern_get_name (g_ptr_array_index (patterns,
                     culprit_scan_result_get_best (expected)->pattern_index)));
  g_assert_cmpint (json_object_get_int_member (best, "line"), ==,
                   culprit_scan_result_get_best (expected)->line);

  g_rand_free (rand);
}

static void
test_patterns_commands (void)
{
  g_autofree char *dir = culprit_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "a.db", NULL);
  g_autofree char *db2 = g_build_filename (dir, "b.db", NULL);
  g_autofree char *exported = g_build_filename (dir, "set.json", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.json", NULL);
  g_autofree char *demo = demo_file ("patterns.json");
  g_autofree char *first_export = NULL;
  g_autofree char *out = NULL, *err = NULL;

#define RUN(expected, ...) G_STMT_START {                                       \
    g_clear_pointer (&out, g_free);                                             \
    g_clear_pointer (&err, g_free);                                             \
    g_assert_cmpint (culprit_test_run_cli (&out, &err, __VA_ARGS__, NULL), ==, expected); \
  } G_STMT_END

  RUN (0, "patterns", "list", "--db", db);
  g_assert_nonnull (strstr (out, "No patterns"));

  RUN (0, "patterns", "import", "--db", db, demo);
  g_assert_nonnull (strstr (out, "9 added, 0 updated, 0 unchanged"));
  RUN (0, "patterns", "import", "--db", db, demo);
  g_assert_nonnull (strstr (out, "0 added, 0 updated, 9 unchanged"));

  RUN (0, "patterns", "add", "--db", db, "--name", "segfault", "--expression",
       "Segmentation fault( \\(core dumped\\))?", "--regex", "--tag", "crash", "--specificity", "4");
  g_assert_nonnull (strstr (out, "Added pattern 10 “segfault”"));
  RUN (2, "patterns", "add", "--db", db, "--name", "broken", "--expression", "(", "--regex");
  g_assert_nonnull (strstr (err, "Unmatched ( at character 1"));
  RUN (2, "patterns", "add", "--db", db, "--name", "segfault", "--expression", "x");
  g_assert_nonnull (strstr (err, "already exists"));

  RUN (0, "patterns", "edit", "--db", db, "segfault", "--expression", "SIGSEGV");
  g_assert_nonnull (strstr (out, "as version 11 (replaces 10)"));
  RUN (0, "patterns", "edit", "--db", db, "11", "--description", "a crash");
  g_assert_nonnull (strstr (out, "Updated “segfault” (11)"));

  RUN (0, "patterns", "retire", "--db", db, "segfault");
  RUN (0, "patterns", "list", "--db", db, "--format", "json");
  g_assert_null (strstr (out, "segfault"));
  RUN (0, "patterns", "list", "--db", db, "--all");
  g_assert_nonnull (strstr (out, "(retired)"));
  RUN (0, "patterns", "unretire", "--db", db, "11");
  RUN (2, "patterns", "retire", "--db", db, "no such pattern");

  /* export to stdout and to a file; importing it elsewhere gives the same set */
  RUN (0, "patterns", "export", "--db", db);
  first_export = g_steal_pointer (&out);
  g_assert_nonnull (strstr (first_export, "\"culprit_patterns\" : 1"));
  g_assert_nonnull (strstr (first_export, "SIGSEGV"));
  RUN (0, "patterns", "export", "--db", db, exported);
  RUN (0, "patterns", "import", "--db", db2, exported);
  g_assert_nonnull (strstr (out, "10 added"));
  RUN (0, "patterns", "export", "--db", db2);
  g_assert_cmpstr (out, ==, first_export);

  /* a bad file is rejected whole: nothing is written */
  culprit_test_write_file (bad, "{\"culprit_patterns\": 1, \"patterns\": ["
                           "{\"name\": \"new one\", \"expression\": \"x\"},"
                           "{\"name\": \"oops\", \"expression\": \"x\", \"lines_from_end\": \"ten\"}]}", -1);
  RUN (2, "patterns", "import", "--db", db2, bad);
  g_assert_nonnull (strstr (err, "Pattern at index 1 (“oops”)"));
  RUN (0, "patterns", "export", "--db", db2);
  g_assert_cmpstr (out, ==, first_export);

  /* a file that is not a database */
  RUN (1, "patterns", "list", "--db", bad);
  g_assert_nonnull (strstr (err, "not a Culprit database"));

  /* reading commands do not create a database that is not there */
  {
    g_autofree char *missing = g_build_filename (dir, "typo.db", NULL);

    RUN (1, "report", "--db", missing);
    g_assert_nonnull (strstr (err, "There is no database at"));
    RUN (1, "builds", "--db", missing);
    g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  }
#undef RUN
}

typedef struct
{
  const char *system;
  guint       hits;
  guint       total;
} SystemScore;

/* cidiff numbers lines like Java's readLine: \r, \n and \r\n all end one.
 * Returns, for each of its lines, our line number (only \n ends a line). */
static GArray *
cidiff_line_map (const char *data,
                 gsize       len)
{
  GArray *map = g_array_new (FALSE, FALSE, sizeof (guint));
  guint ours = 1;
  gsize i = 0;

  while (i < len)
    {
      while (i < len && data[i] != '\n' && data[i] != '\r')
        i++;
      g_array_append_val (map, ours);
      if (i + 1 < len && data[i] == '\r' && data[i + 1] == '\n')
        i += 2, ours++;
      else if (i < len && data[i] == '\n')
        i++, ours++;
      else if (i < len)
        i++;
    }
  return map;
}

static void
collect_cases (const char *dir,
               GPtrArray  *cases)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autofree char *truth = g_build_filename (dir, "groundtruth", NULL);
  g_autofree char *fail = g_build_filename (dir, "fail.log", NULL);
  const char *name;

  if (g_file_test (truth, G_FILE_TEST_EXISTS) && g_file_test (fail, G_FILE_TEST_EXISTS))
    g_ptr_array_add (cases, g_strdup (dir));
  while (d != NULL && (name = g_dir_read_name (d)))
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        collect_cases (child, cases);
    }
}

static gboolean
best_in_truth (const char *dir,
               JsonObject *log,
               gboolean   *usable)
{
  g_autofree char *truth_path = g_build_filename (dir, "groundtruth", NULL);
  g_autofree char *log_path = g_build_filename (dir, "fail.log", NULL);
  g_autofree char *truth = NULL, *data = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GArray) map = NULL;
  JsonObject *best = NULL;
  gint64 best_line = -1;
  gboolean hit = FALSE;
  gsize len;

  g_assert_true (g_file_get_contents (truth_path, &truth, NULL, NULL));
  g_assert_true (g_file_get_contents (log_path, &data, &len, NULL));
  map = cidiff_line_map (data, len);
  if (!json_object_get_null_member (log, "best"))
    {
      best = json_object_get_object_member (log, "best");
      best_line = json_object_get_int_member (best, "line");
    }

  *usable = FALSE;
  lines = g_strsplit (truth, "\n", -1);
  for (guint i = 1; lines[i]; i++)
    {
      guint64 a, b;
      char **range;

      if (!g_str_has_prefix (lines[i], "E "))
        continue;
      range = g_strsplit (lines[i] + 2, "-", 2);
      a = g_ascii_strtoull (range[0], NULL, 10);
      b = range[1] ? g_ascii_strtoull (range[1], NULL, 10) : a;
      g_strfreev (range);
      if (a < 1 || b > map->len)
        continue;
      *usable = TRUE;
      if (best_line >= g_array_index (map, guint, a - 1) &&
          best_line <= g_array_index (map, guint, b - 1))
        hit = TRUE;
    }
  return hit;
}

/* The best line of real failing logs from Jenkins and GitHub Actions falls
 * on a line that people marked as the error, with a generic pattern set. */
static void
test_classify_real_logs (void)
{
  g_autofree char *root = culprit_test_shared_data ("cidiff/data");
  g_autofree char *patterns = g_test_build_filename (G_TEST_DIST, "..", "data", "patterns-generic-ci.json", NULL);
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonNode) json = NULL;
  SystemScore scores[] = { { "Jenkins", 0, 0 }, { "GitHub Actions", 0, 0 } };
  JsonArray *logs;
  guint hits = 0, total = 0;

  if (root == NULL)
    {
      g_test_skip ("../shared/data/cidiff is not here");
      return;
    }

  collect_cases (root, cases);
  g_assert_cmpuint (cases->len, >=, 50);

  g_ptr_array_add (args, "classify");
  g_ptr_array_add (args, "--patterns");
  g_ptr_array_add (args, patterns);
  g_ptr_array_add (args, "--format");
  g_ptr_array_add (args, "json");
  for (guint i = 0; i < cases->len; i++)
    g_ptr_array_add (args, g_build_filename (cases->pdata[i], "fail.log", NULL));
  g_ptr_array_add (args, NULL);

  g_assert_cmpint (culprit_test_run_cli_stdin (NULL, &out, &err, (const char * const *)args->pdata),
                   ==, 0);
  for (guint i = 5; i < args->len - 1; i++)
    g_free (args->pdata[i]);

  json = parse_json (out);
  logs = json_object_get_array_member (json_node_get_object (json), "logs");
  g_assert_cmpuint (json_array_get_length (logs), ==, cases->len);

  for (guint i = 0; i < cases->len; i++)
    {
      g_autofree char *mode = NULL;
      g_autofree char *truth_path = g_build_filename (cases->pdata[i], "groundtruth", NULL);
      SystemScore *score;
      gboolean usable, hit;

      g_file_get_contents (truth_path, &mode, NULL, NULL);
      score = g_str_has_prefix (mode, "DEFAULT") ? &scores[0] : &scores[1];
      hit = best_in_truth (cases->pdata[i], json_array_get_object_element (logs, i), &usable);
      if (!usable)
        continue;
      score->total++;
      score->hits += hit;
      total++;
      hits += hit;
    }

  for (guint i = 0; i < G_N_ELEMENTS (scores); i++)
    {
      g_test_message ("%s: best line on a marked error line in %u of %u logs",
                      scores[i].system, scores[i].hits, scores[i].total);
      g_assert_cmpuint (scores[i].total, >=, 20);
      /* measured: Jenkins 30 of 38, GitHub Actions 37 of 39 */
      g_assert_cmpfloat ((double)scores[i].hits / scores[i].total, >=, 0.75);
    }
  g_test_message ("all: %u of %u", hits, total);
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; p && *p; p++)
    n += *p == '\n';
  return n;
}

/* add-logs followed links to folders: a link to the parent gave 40 "no
 * such file" errors (the path grew until it was too long), two links to
 * "." made the walk double at each level and never end. */
static void
test_add_logs_links (void)
{
  g_autofree char *dir = culprit_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "a.db", NULL);
  g_autofree char *logs = g_build_filename (dir, "logs", NULL);
  g_autofree char *sub = g_build_filename (logs, "a", NULL);
  g_autofree char *x = g_build_filename (sub, "x.log", NULL);
  g_autofree char *y = g_build_filename (logs, "y.log", NULL);
  g_autofree char *loop = g_build_filename (sub, "loop", NULL);
  g_autofree char *dot1 = g_build_filename (logs, "here", NULL);
  g_autofree char *dot2 = g_build_filename (logs, "here-too", NULL);

  g_assert_cmpint (g_mkdir_with_parents (sub, 0700), ==, 0);
  culprit_test_write_file (x, "error: one\n", -1);
  culprit_test_write_file (y, "error: two\n", -1);
  g_assert_cmpint (symlink ("..", loop), ==, 0);

  /* one loop: each file once, no error */
  {
    g_autofree char *out = NULL, *err = NULL;
    const char *args[] = { "add-logs", "--db", db, logs, NULL };

    g_assert_cmpint (culprit_test_run_cli_stdin (NULL, &out, &err, args), ==, 0);
    g_test_message ("%s%s", out, err);
    g_assert_nonnull (strstr (out, "2 logs added, 0 already stored"));
    g_assert_null (strstr (err, "no such file"));
    g_assert_cmpuint (count_lines (out), ==, 3);
    g_assert_cmpuint (count_lines (err), <=, 1);
  }

  /* and two links to "." as well: still each folder once */
  g_assert_cmpint (symlink (".", dot1), ==, 0);
  g_assert_cmpint (symlink (".", dot2), ==, 0);
  {
    g_autofree char *out = NULL, *err = NULL;
    const char *args[] = { "add-logs", "--db", db, logs, NULL };

    g_assert_cmpint (culprit_test_run_cli_stdin (NULL, &out, &err, args), ==, 0);
    g_test_message ("%s%s", out, err);
    g_assert_nonnull (strstr (out, "0 logs added, 2 already stored"));
    g_assert_cmpuint (count_lines (out), ==, 3);
    g_assert_cmpuint (count_lines (err), <=, 3);
  }
}

/* add-logs stored a 1 GB log whole, where scan keeps the last --log-cap-mb
 * (100) MB of a CircleCI log: it keeps the tail too, says so, and marks the
 * build truncated. */
static void
test_add_logs_cap (void)
{
  g_autofree char *dir = culprit_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "a.db", NULL);
  g_autofree char *big = g_build_filename (dir, "big.log", NULL);
  g_autofree char *small = g_build_filename (dir, "small.log", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(CulpritStore) store = NULL;
  g_autoptr(GPtrArray) builds = NULL;
  g_autoptr(GBytes) kept = NULL;
  g_autoptr(GError) error = NULL;
  const char *args[] = { "add-logs", "--db", db, "--log-cap-mb", "1", big, small, NULL };
  const char *data;
  gsize len;

  for (guint i = 0; text->len < 3 * 1024 * 1024; i++)
    g_string_append_printf (text, "line %07u of a long log\n", i);
  culprit_test_write_file (big, text->str, text->len);
  culprit_test_write_file (small, "error: small\n", -1);

  g_assert_cmpint (culprit_test_run_cli_stdin (NULL, &out, &err, args), ==, 0);
  g_test_message ("%s%s", out, err);
  /* g_format_size () puts a no-break space before the unit */
  g_assert_nonnull (strstr (out, "big.log: build 1, only its last 1.0\u00a0MB of 3.1\u00a0MB kept"));
  g_assert_nonnull (strstr (out, "small.log: build 2\n"));

  store = culprit_store_open (db, &error);
  g_assert_no_error (error);
  builds = culprit_store_list_builds (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (builds->len, ==, 2);
  for (guint i = 0; i < builds->len; i++)
    {
      CulpritBuild *build = builds->pdata[i];
      gboolean is_big = culprit_build_get_build_num (build) == 1;

      g_assert_cmpint (culprit_build_get_log_truncated (build), ==, is_big);
      if (!is_big)
        continue;
      /* the last MB, from the start of a line */
      kept = culprit_store_load_log (store, culprit_build_get_id (build), &error);
      g_assert_no_error (error);
      data = g_bytes_get_data (kept, &len);
      g_assert_cmpuint (culprit_build_get_log_bytes (build), ==, len);
      g_assert_cmpuint (len, <=, 1024 * 1024);
      g_assert_cmpuint (len, >, 1024 * 1024 - 30);
      g_assert_true (g_str_has_prefix (data, "line "));
      g_assert_cmpmem (data, len, text->str + text->len - len, len);
    }
}

/* The default cap is scan's, 100 MB: a sparse file of 150 MB, mostly holes,
 * with a line that starts just inside its last 100 MB. */
static void
test_add_logs_default_cap (void)
{
  g_autofree char *dir = culprit_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "a.db", NULL);
  g_autofree char *big = g_build_filename (dir, "sparse.log", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(CulpritStore) store = NULL;
  g_autoptr(GPtrArray) builds = NULL;
  g_autoptr(GError) error = NULL;
  const char *args[] = { "add-logs", "--db", db, big, NULL };
  const gsize mb = 1024 * 1024;
  FILE *f = fopen (big, "wb");

  g_assert_nonnull (f);
  fputs ("first line\n", f);
  g_assert_cmpint (fseek (f, 50 * mb + 100, SEEK_SET), ==, 0);
  fputs ("\nkept from here\n", f);
  g_assert_cmpint (fseek (f, 150 * mb, SEEK_SET), ==, 0);
  fputs ("last line\n", f);
  g_assert_cmpint (fclose (f), ==, 0);

  g_assert_cmpint (culprit_test_run_cli_stdin (NULL, &out, &err, args), ==, 0);
  g_test_message ("%s%s", out, err);
  g_assert_nonnull (strstr (out, "sparse.log: build 1, only its last"));

  store = culprit_store_open (db, &error);
  g_assert_no_error (error);
  builds = culprit_store_list_builds (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (builds->len, ==, 1);
  g_assert_true (culprit_build_get_log_truncated (builds->pdata[0]));
  g_assert_cmpint (culprit_build_get_log_bytes (builds->pdata[0]), ==,
                   150 * mb + strlen ("last line\n") - (50 * mb + 101));
}

/* Runs culprit-cli as a user whom file permissions bind: as "nobody"
 * through setpriv when the tests run as root, who may write anything. */
static int
run_cli_unprivileged (char               **out,
                      char               **err,
                      const char * const  *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *setpriv = NULL;

  if (geteuid () == 0)
    {
      setpriv = g_find_program_in_path ("setpriv");
      g_assert_nonnull (setpriv);
      g_ptr_array_add (argv, setpriv);
      g_ptr_array_add (argv, "--reuid=65534");
      g_ptr_array_add (argv, "--regid=65534");
      g_ptr_array_add (argv, "--clear-groups");
    }
  g_ptr_array_add (argv, (gpointer)g_getenv ("CULPRIT_CLI"));
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer)args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "C", TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  return g_subprocess_get_exit_status (proc);
}

/* Closes the last connection to @db: SQLite folds the write-ahead log into
 * the database and removes its files. */
static void
checkpoint (const char *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CulpritStore) store = culprit_store_open (db, &error);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);

  g_assert_no_error (error);
  g_clear_object (&store);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

/* A store that the user may not write (the file, its folder, or both)
 * refused even report; commands that only read now open it read-only, and
 * one that writes says that it cannot. */
static void
test_read_only_store (void)
{
  g_autofree char *dir = culprit_test_make_tmpdir ();
  g_autofree char *folder = g_build_filename (dir, "store", NULL);
  g_autofree char *db = g_build_filename (folder, "a.db", NULL);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);
  g_autofree char *log = g_build_filename (dir, "oom.log", NULL);
  g_autofree char *demo = demo_file ("patterns.json");
  const struct { int folder, file; } modes[] = { { 0777, 0444 }, { 0555, 0666 }, { 0555, 0444 } };

  if (geteuid () == 0 && g_find_program_in_path ("setpriv") == NULL)
    {
      g_test_skip ("running as root without setpriv: permissions would not apply");
      return;
    }

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  culprit_test_write_file (log, "[ 1234.567890] Killed process 4242 (cc1plus) total-vm:2345678kB\n", -1);
  {
    g_autofree char *out = NULL, *err = NULL;
    g_assert_cmpint (culprit_test_run_cli (&out, &err, "patterns", "import", "--db", db, demo, NULL), ==, 0);
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    g_assert_cmpint (culprit_test_run_cli (&out, &err, "add-logs", "--db", db, log, NULL), ==, 0);
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    g_assert_cmpint (culprit_test_run_cli (&out, &err, "scan", "--offline", "--db", db, NULL), ==, 0);
  }

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      const char *report[] = { "report", "--db", db, NULL };
      const char *builds[] = { "builds", "--db", db, NULL };
      const char *list[] = { "patterns", "list", "--db", db, NULL };
      const char *export[] = { "patterns", "export", "--db", db, NULL };
      const char *import[] = { "patterns", "import", "--db", db, demo, NULL };
      const char *add[] = { "add-logs", "--db", db, demo, NULL };
      const char * const *writers[] = { import, add };

      g_test_message ("folder %o, file %o", modes[i].folder, modes[i].file);
      /* no connection is open: without its -shm file, a read-only folder
       * cannot get one, and the database is read as immutable */
      checkpoint (db);
      g_assert_cmpint (g_chmod (db, modes[i].file), ==, 0);
      g_assert_cmpint (g_chmod (folder, modes[i].folder), ==, 0);

      {
        g_autofree char *out = NULL, *err = NULL;

        g_assert_cmpint (run_cli_unprivileged (&out, &err, report), ==, 0);
        g_assert_nonnull (strstr (out, "Failed builds: 1 of 1"));
        g_assert_nonnull (strstr (out, "Out of memory"));
      }
      {
        g_autofree char *out = NULL, *err = NULL;

        g_assert_cmpint (run_cli_unprivileged (&out, &err, builds), ==, 0);
        g_assert_nonnull (strstr (out, "Out of memory"));
      }
      {
        g_autofree char *out = NULL, *err = NULL;

        g_assert_cmpint (run_cli_unprivileged (&out, &err, list), ==, 0);
        g_assert_nonnull (strstr (out, "Out of memory"));
      }
      {
        g_autofree char *out = NULL, *err = NULL;

        g_assert_cmpint (run_cli_unprivileged (&out, &err, export), ==, 0);
        g_assert_nonnull (strstr (out, "\"culprit_patterns\""));
      }
      for (guint w = 0; w < G_N_ELEMENTS (writers); w++)
        {
          g_autofree char *out = NULL, *err = NULL;

          g_assert_cmpint (run_cli_unprivileged (&out, &err, writers[w]), ==, 1);
          g_assert_nonnull (strstr (err, "Cannot write to"));
          g_assert_nonnull (strstr (err, "read-only"));
        }

      g_assert_cmpint (g_chmod (folder, 0755), ==, 0);
    }

  /* A program that ended without folding its write-ahead log in left its
   * changes there: read as immutable, they would be missing without a
   * word. In a read-only folder that is an error that says what to do. */
  checkpoint (db);
  {
    sqlite3 *raw = NULL;
    g_autofree char *out = NULL, *err = NULL;
    const char *report[] = { "report", "--db", db, NULL };

    g_assert_cmpint (sqlite3_open (db, &raw), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_db_config (raw, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (raw, "UPDATE builds SET branch = 'in-the-log'", NULL, NULL, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_close (raw), ==, SQLITE_OK);
    g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
    g_assert_cmpint (g_chmod (folder, 0555), ==, 0);

    /* with the log's index (-shm) there, SQLite reads the log */
    {
      g_autofree char *out2 = NULL, *err2 = NULL;
      const char *builds[] = { "builds", "--db", db, NULL };

      g_assert_cmpint (run_cli_unprivileged (&out2, &err2, builds), ==, 0);
      g_assert_nonnull (strstr (out2, "in-the-log"));
    }
    /* without it, it cannot */
    g_assert_cmpint (g_chmod (folder, 0755), ==, 0);
    g_assert_cmpint (g_unlink (shm), ==, 0);
    g_assert_cmpint (g_chmod (folder, 0555), ==, 0);
    g_assert_cmpint (run_cli_unprivileged (&out, &err, report), ==, 1);
    g_assert_nonnull (strstr (err, "its latest changes are still in"));
    g_assert_cmpint (g_chmod (folder, 0755), ==, 0);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/culprit/cli/help", test_help);
  g_test_add_func ("/culprit/cli/classify-json", test_classify_json);
  g_test_add_func ("/culprit/cli/classify-text", test_classify_text);
  g_test_add_func ("/culprit/cli/classify-bad-input", test_classify_bad_input);
  g_test_add_func ("/culprit/cli/patterns-commands", test_patterns_commands);
  g_test_add_func ("/culprit/cli/import-large-set", test_import_large_set);
  g_test_add_func ("/culprit/cli/classify-real-logs", test_classify_real_logs);
  g_test_add_func ("/culprit/cli/add-logs-links", test_add_logs_links);
  g_test_add_func ("/culprit/cli/add-logs-cap", test_add_logs_cap);
  g_test_add_func ("/culprit/cli/add-logs-default-cap", test_add_logs_default_cap);
  g_test_add_func ("/culprit/cli/read-only-store", test_read_only_store);

  return g_test_run ();
}
