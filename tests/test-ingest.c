/* SPDX-License-Identifier: GPL-3.0-or-later */
/* culprit-cli scan against culprit-fake-ci on loopback: the counts per
 * cause must equal the generator's ground truth, under faults too. */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/resource.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "culprit-store-private.h"
#include "culprit-test-util.h"

#define REPO "github/demo-org/demo-app"


static JsonObject *
fake_ci_get (CulpritTestFakeCi     *ci,
             const char *path)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (ci->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  node = json_from_string (g_bytes_get_data (body, NULL), &error);
  g_assert_no_error (error);
  return json_node_dup_object (node);
}

static JsonObject *
fake_ci_post (CulpritTestFakeCi     *ci,
              const char *path)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (ci->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
  node = json_from_string (g_bytes_get_data (body, NULL), &error);
  g_assert_no_error (error);
  return json_node_dup_object (node);
}



static GStrv
truth_branches (CulpritTestFakeCi *ci)
{
  JsonArray *builds = json_object_get_array_member (json_node_get_object (ci->truth), "builds");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < json_array_get_length (builds); i++)
    {
      const char *branch = json_object_get_string_member (json_array_get_object_element (builds, i), "branch");

      if (g_hash_table_add (seen, (gpointer)branch))
        {
          g_strv_builder_add (builder, "--branch");
          g_strv_builder_add (builder, branch);
        }
    }
  return g_strv_builder_end (builder);
}

/* Runs culprit-cli with extra environment, and a short wait for a keyring. */
static int
run_cli_env (char               **out,
             char               **err,
             const char * const  *env,
             const char * const  *args)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  g_ptr_array_add (all, "CULPRIT_SECRETS_TIMEOUT=2");
  for (guint i = 0; env && env[i]; i++)
    g_ptr_array_add (all, (gpointer)env[i]);
  g_ptr_array_add (all, NULL);

  return culprit_test_run_cli_env (NULL, (const char * const *)all->pdata, out, err, args);
}

static const char * const no_token_env[] = { "CIRCLECI_TOKEN", NULL };

static char *
new_db (void)
{
  g_autofree char *dir = culprit_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "culprit.db", NULL);
  g_autofree char *patterns = g_build_filename (g_getenv ("CULPRIT_DEMO_DIR"), "patterns.json", NULL);
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "patterns", "import", "--db", db, patterns, NULL };

  g_assert_cmpint (run_cli_env (&out, &err, NULL, args), ==, 0);
  return g_steal_pointer (&db);
}

static int
scan (CulpritTestFakeCi      *ci,
      const char  *db,
      char       **out,
      char       **err,
      const char  *extra)
{
  g_auto(GStrv) branches = truth_branches (ci);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *base[] = { "scan", "--db", db, "--repo", REPO, "--count", "1000", "--api-url", ci->url, NULL };

  for (guint i = 0; base[i]; i++)
    g_ptr_array_add (args, (gpointer)base[i]);
  for (guint i = 0; branches[i]; i++)
    g_ptr_array_add (args, branches[i]);
  if (extra != NULL)
    g_ptr_array_add (args, (gpointer)extra);
  g_ptr_array_add (args, NULL);

  return run_cli_env (out, err, no_token_env, (const char * const *)args->pdata);
}

static JsonArray *
list_builds (const char *db,
             JsonNode  **keep)
{
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "builds", "--db", db, "--format", "json", NULL };
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (run_cli_env (&out, &err, NULL, args), ==, 0);
  *keep = json_from_string (out, &error);
  g_assert_no_error (error);
  return json_object_get_array_member (json_node_get_object (*keep), "builds");
}

/* What the demo pattern set must make of each cause of the generator. */
static void
expected_for (JsonObject  *truth,
              const char **category,
              const char **pattern)
{
  struct { const char *cause, *category, *pattern; } map[] = {
    { "dns", "flaky", "DNS resolution failed" },
    { "econnreset", "flaky", "Connection reset" },
    { "pypi", "flaky", "PyPI mirror down" },
    { "oom", "known-problem", "Out of memory" },
    { "flaky-websocket", "flaky", "Flaky websocket test" },
    { "test-failure", "matched", "Test failure" },
    { "compile-error", "matched", "Compile error" },
    { "timeout", "timeout", NULL },
    { "no-failed-step", "no-failed-step", NULL },
    { "unexplained", "unexplained", NULL },
  };
  const char *cause = json_object_get_string_member (truth, "cause");

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_str_equal (cause, map[i].cause))
      {
        *category = map[i].category;
        *pattern = map[i].pattern;
        if (json_object_get_boolean_member (truth, "log_expired") && !g_str_equal (cause, "timeout"))
          {
            *category = g_str_equal (cause, "no-failed-step") ? "no-failed-step" : "no-log";
            *pattern = NULL;
          }
        return;
      }
  g_error ("unknown cause %s", cause);
}

/* Every failed build of the truth is stored once, with the right category,
 * best pattern and log size; nothing else is stored. */
static void
assert_matches_truth (CulpritTestFakeCi     *ci,
                      const char *db,
                      guint      *n_expired)
{
  JsonArray *truth = json_object_get_array_member (json_node_get_object (ci->truth), "builds");
  g_autoptr(JsonNode) keep = NULL;
  JsonArray *builds = list_builds (db, &keep);
  g_autoptr(GHashTable) by_num = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  guint failed = 0;

  for (guint i = 0; i < json_array_get_length (builds); i++)
    {
      JsonObject *b = json_array_get_object_element (builds, i);
      gint64 *key = g_new (gint64, 1);

      *key = json_object_get_int_member (b, "build_num");
      g_assert_false (g_hash_table_contains (by_num, key));   /* no duplicates */
      g_hash_table_insert (by_num, key, b);
    }

  for (guint i = 0; i < json_array_get_length (truth); i++)
    {
      JsonObject *t = json_array_get_object_element (truth, i);
      gint64 num = json_object_get_int_member (t, "build_num");
      const char *cause = json_object_get_string_member (t, "cause");
      const char *category, *pattern;
      JsonObject *b;

      if (g_str_equal (cause, "passed") || g_str_equal (cause, "running"))
        continue;
      failed++;
      b = g_hash_table_lookup (by_num, &num);
      if (b == NULL)
        g_error ("build %" G_GINT64_FORMAT " (%s) was not stored", num, cause);
      expected_for (t, &category, &pattern);
      if (g_strcmp0 (json_object_get_string_member (b, "category"), category) != 0 ||
          (pattern && g_strcmp0 (json_object_get_string_member (b, "best_pattern"), pattern) != 0))
        g_error ("build %" G_GINT64_FORMAT ": cause %s, expected %s/%s, got %s/%s", num, cause,
                 category, pattern, json_object_get_string_member (b, "category"),
                 json_object_get_string_member (b, "best_pattern"));
      g_assert_cmpstr (json_object_get_string_member (b, "failed_step"), ==,
                       json_object_get_string_member (t, "failed_step"));
      if (!json_object_get_null_member (t, "log_bytes") && !json_object_get_boolean_member (t, "log_expired"))
        g_assert_cmpint (json_object_get_int_member (b, "log_bytes"), ==,
                         json_object_get_int_member (t, "log_bytes"));
      if (json_object_get_boolean_member (t, "log_expired") && n_expired)
        (*n_expired)++;
    }

  g_assert_cmpuint (json_array_get_length (builds), ==, failed);
}

static void
test_generated (void)
{
  g_autoptr(CulpritTestFakeCi) ci = culprit_test_fake_ci_start ("--generate", "400", "--seed", "7", NULL);
  g_autofree char *db = new_db ();
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *out2 = NULL, *err2 = NULL;
  g_autofree char *report = NULL, *rerr = NULL;
  g_autoptr(JsonObject) stats = NULL;
  g_autoptr(JsonNode) report_json = NULL;
  JsonObject *counts = json_object_get_object_member (json_node_get_object (ci->truth), "counts");
  JsonObject *categories;
  const char *report_args[] = { "report", "--db", db, "--format", "json", NULL };
  gint64 requests_before;

  g_assert_cmpint (scan (ci, db, &out, &err, NULL), ==, 0);
  assert_matches_truth (ci, db, NULL);

  /* the report's numbers are the truth's */
  g_assert_cmpint (run_cli_env (&report, &rerr, NULL, report_args), ==, 0);
  report_json = json_from_string (report, NULL);
  categories = json_object_get_object_member (json_node_get_object (report_json), "categories");
  g_assert_cmpint (json_object_get_int_member (categories, "timeout"), ==,
                   json_object_get_int_member (counts, "timeout"));
  g_assert_cmpint (json_object_get_int_member (categories, "unexplained"), ==,
                   json_object_get_int_member (counts, "unexplained"));
  g_assert_cmpint (json_object_get_int_member (categories, "known-problem"), ==,
                   json_object_get_int_member (counts, "oom"));
  g_assert_cmpint (json_object_get_int_member (categories, "flaky"), ==,
                   json_object_get_int_member (counts, "dns") + json_object_get_int_member (counts, "econnreset") +
                   json_object_get_int_member (counts, "pypi") + json_object_get_int_member (counts, "flaky-websocket"));

  /* per job and per cause, too */
  {
    JsonArray *jobs = json_object_get_array_member (json_node_get_object (report_json), "jobs");
    JsonArray *causes = json_object_get_array_member (json_node_get_object (report_json), "causes");
    JsonArray *truth = json_object_get_array_member (json_node_get_object (ci->truth), "builds");

    for (guint j = 0; j < json_array_get_length (jobs); j++)
      {
        JsonObject *job = json_array_get_object_element (jobs, j);
        guint expected = 0;

        for (guint i = 0; i < json_array_get_length (truth); i++)
          {
            JsonObject *t = json_array_get_object_element (truth, i);
            const char *cause = json_object_get_string_member (t, "cause");

            if (!g_str_equal (cause, "passed") && !g_str_equal (cause, "running") &&
                g_str_equal (json_object_get_string_member (t, "job"), json_object_get_string_member (job, "job")))
              expected++;
          }
        g_assert_cmpint (json_object_get_int_member (job, "failed"), ==, expected);
      }
    for (guint c = 0; c < json_array_get_length (causes); c++)
      {
        JsonObject *cause = json_array_get_object_element (causes, c);

        if (g_str_equal (json_object_get_string_member (cause, "pattern"), "Compile error"))
          g_assert_cmpint (json_object_get_int_member (cause, "builds"), ==,
                           json_object_get_int_member (counts, "compile-error"));
        if (g_str_equal (json_object_get_string_member (cause, "pattern"), "Out of memory"))
          g_assert_cmpint (json_object_get_int_member (cause, "builds"), ==,
                           json_object_get_int_member (counts, "oom"));
      }
  }

  /* the token is never sent to log storage */
  stats = fake_ci_get (ci, "/_fake/stats");
  g_assert_cmpint (json_object_get_int_member (stats, "token_violations"), ==, 0);
  requests_before = json_object_get_int_member (stats, "requests");

  /* a second run stops where the first one's listing met the end: one page per branch */
  g_assert_cmpint (scan (ci, db, &out2, &err2, NULL), ==, 0);
  g_assert_nonnull (strstr (out2, " 0 new;"));
  g_clear_pointer (&stats, json_object_unref);
  stats = fake_ci_get (ci, "/_fake/stats");
  g_assert_cmpint (json_object_get_int_member (stats, "requests") - requests_before, <=,
                   g_strv_length (truth_branches (ci)) / 2 + 1);
  assert_matches_truth (ci, db, NULL);
}

static void
test_faults (void)
{
  g_autoptr(CulpritTestFakeCi) ci = culprit_test_fake_ci_start ("--generate", "300", "--seed", "11", "--error-rate", "0.1",
                                        "--rate-limit-rate", "0.05", "--retry-after", "1",
                                        "--truncate-rate", "0.05", "--expire-rate", "0.1",
                                        "--latency-ms", "5", NULL);
  g_autofree char *db = new_db ();
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonObject) stats = NULL;
  JsonObject *faults;
  guint n_expired = 0;

  g_assert_cmpint (scan (ci, db, &out, &err, NULL), ==, 0);
  assert_matches_truth (ci, db, &n_expired);

  stats = fake_ci_get (ci, "/_fake/stats");
  faults = json_object_get_object_member (stats, "faults");
  g_test_message ("faults: 5xx %" G_GINT64_FORMAT ", 429 %" G_GINT64_FORMAT ", truncated %" G_GINT64_FORMAT
                  ", expired logs %u; %s", json_object_get_int_member (faults, "5xx"),
                  json_object_get_int_member (faults, "429"), json_object_get_int_member (faults, "truncated"),
                  n_expired, out);
  g_assert_cmpint (json_object_get_int_member (faults, "5xx"), >, 0);
  g_assert_cmpint (json_object_get_int_member (faults, "429"), >, 0);
  g_assert_cmpint (json_object_get_int_member (faults, "truncated"), >, 0);
  g_assert_cmpuint (n_expired, >, 0);
  g_assert_null (strstr (out, " 0 retries"));
}

static void
test_resume (void)
{
  g_autoptr(CulpritTestFakeCi) ci = culprit_test_fake_ci_start ("--generate", "300", "--seed", "5", "--latency-ms", "60", NULL);
  g_autofree char *db = new_db ();
  g_auto(GStrv) branches = truth_branches (ci);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) keep = NULL;
  g_autofree char *out = NULL, *err = NULL;
  const char *base[] = { g_getenv ("CULPRIT_CLI"), "scan", "--db", db, "--repo", REPO, "--count", "1000",
                         "--api-url", ci->url, "--jobs", "2", NULL };
  JsonArray *partial;
  guint pending = 0;

  for (guint i = 0; base[i]; i++)
    g_ptr_array_add (args, (gpointer)base[i]);
  for (guint i = 0; branches[i]; i++)
    g_ptr_array_add (args, branches[i]);
  g_ptr_array_add (args, NULL);

  /* interrupt a slow fetch half way */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_unsetenv (launcher, "CIRCLECI_TOKEN");
  g_subprocess_launcher_setenv (launcher, "CULPRIT_SECRETS_TIMEOUT", "2", TRUE);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *)args->pdata, &error);
  g_assert_no_error (error);
  g_usleep (1500 * 1000);
  g_subprocess_send_signal (proc, SIGINT);
  g_subprocess_wait (proc, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 130);

  partial = list_builds (db, &keep);
  for (guint i = 0; i < json_array_get_length (partial); i++)
    pending += g_str_equal (json_object_get_string_member (json_array_get_object_element (partial, i), "category"), "pending");
  g_test_message ("after the interrupt: %u builds stored, %u pending", json_array_get_length (partial), pending);
  g_assert_cmpuint (pending, >, 0);

  /* a new run resumes: everything right, nothing twice */
  g_assert_cmpint (scan (ci, db, &out, &err, NULL), ==, 0);
  assert_matches_truth (ci, db, NULL);
}

/* Interrupted listings. The all-branches list of completed builds, as in
 * the report of issue 12: a run stopped while it is still listing, by
 * whatever means, and then run again must store exactly what one
 * uninterrupted run stores. */

static GPtrArray *
listing_args (CulpritTestFakeCi     *ci,
              const char *db,
              const char *count)
{
  GPtrArray *args = g_ptr_array_new ();
  const char *base[] = { g_getenv ("CULPRIT_CLI"), "scan", "--db", db, "--repo", REPO,
                         "--api-url", ci->url, "--count", count, "--filter", "completed",
                         "--jobs", "2", NULL };

  for (guint i = 0; base[i]; i++)
    g_ptr_array_add (args, (gpointer)base[i]);
  g_ptr_array_add (args, NULL);
  return args;
}

/* Runs a listing scan to its end; returns its exit status. */
static int
listing_scan (CulpritTestFakeCi     *ci,
              const char *db,
              const char *count)
{
  g_autoptr(GPtrArray) args = listing_args (ci, db, count);
  g_autofree char *out = NULL, *err = NULL;
  int status;

  /* run_cli_env adds $CULPRIT_CLI itself */
  status = run_cli_env (&out, &err, no_token_env, (const char * const *)args->pdata + 1);
  g_test_message ("scan: exit %d: %s", status, status == 0 ? out : err);
  return status;
}


static guint
count_builds (const char *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CulpritStore) store = culprit_store_open (db, &error);

  g_assert_no_error (error);
  return (guint)culprit_test_query_int (store, "SELECT count(*) FROM builds");
}

/* Starts a listing scan and sends it @signum as soon as its first page is
 * stored, while it is still listing. */
static void
interrupt_listing (CulpritTestFakeCi     *ci,
                   const char *db,
                   const char *count,
                   int         signum)
{
  g_autoptr(GPtrArray) args = listing_args (ci, db, count);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_unsetenv (launcher, "CIRCLECI_TOKEN");
  g_subprocess_launcher_setenv (launcher, "CULPRIT_SECRETS_TIMEOUT", "2", TRUE);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *)args->pdata, &error);
  g_assert_no_error (error);

  while (count_builds (db) == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (5 * 1000);
    }
  g_subprocess_send_signal (proc, signum);
  g_subprocess_wait (proc, NULL, &error);
  g_assert_no_error (error);
  if (signum == SIGKILL)
    {
      g_assert_true (g_subprocess_get_if_signaled (proc));
    }
  else
    {
      g_assert_true (g_subprocess_get_if_exited (proc));
      g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 130);
    }
}

static void
exec_sql (const char *db,
          const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CulpritStore) store = culprit_store_open (db, &error);

  g_assert_no_error (error);
  g_assert_true (_culprit_store_exec (store, sql, &error));
  g_assert_no_error (error);
}

static void
assert_same_store (const char *db,
                   const char *clean_db)
{
  guint n, n_clean;
  g_autofree char *digest = culprit_test_store_digest (db, &n);
  g_autofree char *clean = culprit_test_store_digest (clean_db, &n_clean);

  g_test_message ("%u builds stored after the rerun; an uninterrupted scan stores %u", n, n_clean);
  g_assert_cmpuint (n_clean, >=, 200);
  g_assert_cmpuint (n, ==, n_clean);
  g_assert_cmpstr (digest, ==, clean);
}

static void
test_interrupted_listing (gconstpointer data)
{
  int signum = GPOINTER_TO_INT (data);
  g_autoptr(CulpritTestFakeCi) ci = culprit_test_fake_ci_start ("--generate", "400", "--seed", "7", "--latency-ms", "30",
                                        NULL);
  g_autofree char *clean_db = new_db ();
  g_autofree char *db = new_db ();
  guint n_clean;

  g_assert_cmpint (listing_scan (ci, clean_db, "1000"), ==, 0);
  g_free (culprit_test_store_digest (clean_db, &n_clean));

  interrupt_listing (ci, db, "1000", signum);
  g_test_message ("after the interrupt: %u builds stored", count_builds (db));
  g_assert_cmpuint (count_builds (db), <, n_clean);

  g_assert_cmpint (listing_scan (ci, db, "1000"), ==, 0);
  assert_same_store (db, clean_db);
}

/* The list breaks at its third page: 503 through every retry. */
static void
test_listing_server_fault (void)
{
  g_autoptr(CulpritTestFakeCi) ci = culprit_test_fake_ci_start ("--generate", "400", "--seed", "7",
                                        "--break-lists-at", "200", NULL);
  g_autofree char *clean_db = new_db ();
  g_autofree char *db = new_db ();
  g_autoptr(JsonObject) healed = NULL;

  g_assert_cmpint (listing_scan (ci, db, "1000"), ==, 1);
  g_assert_cmpuint (count_builds (db), ==, 200);

  healed = fake_ci_post (ci, "/_fake/heal");
  g_assert_cmpint (listing_scan (ci, db, "1000"), ==, 0);
  g_assert_cmpint (listing_scan (ci, clean_db, "1000"), ==, 0);
  assert_same_store (db, clean_db);
}

/* New builds arrive between the interrupted run and the next one: the
 * offsets of the builds listed before have shifted. */
static void
test_listing_new_builds (void)
{
  g_autoptr(CulpritTestFakeCi) ci = culprit_test_fake_ci_start ("--generate", "400", "--seed", "7", "--latency-ms", "30",
                                        "--hold-back", "40", NULL);
  g_autofree char *clean_db = new_db ();
  g_autofree char *db = new_db ();
  g_autoptr(JsonObject) published = NULL;

  interrupt_listing (ci, db, "1000", SIGINT);
  g_test_message ("after the interrupt: %u builds stored", count_builds (db));
  g_assert_cmpuint (count_builds (db), <, 300);

  published = fake_ci_post (ci, "/_fake/publish");
  g_assert_cmpint (listing_scan (ci, db, "1000"), ==, 0);
  g_assert_cmpint (listing_scan (ci, clean_db, "1000"), ==, 0);
  assert_same_store (db, clean_db);
}

/* The record's count of builds, a hint for the jump past the range, is
 * wrong both ways (as when builds in the range came or went on the server):
 * the jump misses, and the run lists the range page by page instead. */
static void
test_listing_wrong_hint (void)
{
  g_autoptr(CulpritTestFakeCi) ci = culprit_test_fake_ci_start ("--generate", "400", "--seed", "7", "--latency-ms", "30",
                                        NULL);
  g_autofree char *clean_db = new_db ();
  g_autofree char *over_db = new_db ();
  g_autofree char *under_db = new_db ();

  g_assert_cmpint (listing_scan (ci, clean_db, "1000"), ==, 0);

  interrupt_listing (ci, over_db, "1000", SIGINT);
  exec_sql (over_db, "UPDATE listed_ranges SET n_listed = n_listed + 7");
  g_assert_cmpint (listing_scan (ci, over_db, "1000"), ==, 0);
  assert_same_store (over_db, clean_db);

  interrupt_listing (ci, under_db, "1000", SIGINT);
  exec_sql (under_db, "UPDATE listed_ranges SET n_listed = n_listed - 7");
  g_assert_cmpint (listing_scan (ci, under_db, "1000"), ==, 0);
  assert_same_store (under_db, clean_db);
}

/* --count is how deep from the top the list gets stored: an interrupted
 * run resumes to that depth, and a smaller count after a larger one lists
 * one page and adds nothing. */
static void
test_listing_count (void)
{
  g_autoptr(CulpritTestFakeCi) ci = culprit_test_fake_ci_start ("--generate", "400", "--seed", "7", "--latency-ms", "30",
                                        NULL);
  g_autofree char *clean_db = new_db ();
  g_autofree char *db = new_db ();
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;

  g_assert_cmpint (listing_scan (ci, clean_db, "250"), ==, 0);

  interrupt_listing (ci, db, "250", SIGINT);
  g_assert_cmpuint (count_builds (db), <, 250);
  g_assert_cmpint (listing_scan (ci, db, "250"), ==, 0);
  assert_same_store (db, clean_db);

  before = fake_ci_get (ci, "/_fake/stats");
  g_assert_cmpint (listing_scan (ci, db, "50"), ==, 0);
  after = fake_ci_get (ci, "/_fake/stats");
  g_assert_cmpint (json_object_get_int_member (after, "api_requests") -
                   json_object_get_int_member (before, "api_requests"), ==, 1);
  assert_same_store (db, clean_db);
}

/* Builds deleted from the store are listed again. */
static void
test_listing_deleted_builds (void)
{
  g_autoptr(CulpritTestFakeCi) ci = culprit_test_fake_ci_start ("--generate", "400", "--seed", "7", NULL);
  g_autofree char *clean_db = new_db ();
  g_autofree char *db = new_db ();

  g_assert_cmpint (listing_scan (ci, clean_db, "1000"), ==, 0);
  g_assert_cmpint (listing_scan (ci, db, "1000"), ==, 0);
  exec_sql (db, "DELETE FROM builds WHERE build_num BETWEEN 150 AND 170");
  g_assert_cmpint (listing_scan (ci, db, "1000"), ==, 0);
  assert_same_store (db, clean_db);
}

static void
test_token (void)
{
  g_autoptr(CulpritTestFakeCi) ci = culprit_test_fake_ci_start ("--generate", "60", "--seed", "3", "--token", "s3cret-t0ken", NULL);
  g_autofree char *db = new_db ();
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *out2 = NULL, *err2 = NULL;
  g_autoptr(JsonObject) stats = NULL;
  const char *args[] = { "scan", "--db", db, "--repo", REPO, "--branch", "master", "--api-url", ci->url, NULL };
  const char *no_keyring[] = { "CIRCLECI_TOKEN", "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent", NULL };
  const char *with_token[] = { "CIRCLECI_TOKEN=s3cret-t0ken", NULL };

  g_assert_cmpint (run_cli_env (&out, &err, no_keyring, args), ==, 1);
  g_assert_nonnull (strstr (err, "token"));
  g_assert_null (strstr (err, "s3cret"));

  g_assert_cmpint (run_cli_env (&out2, &err2, with_token, args), ==, 0);
  g_assert_null (strstr (out2, "s3cret"));
  g_assert_null (strstr (err2, "s3cret"));
  stats = fake_ci_get (ci, "/_fake/stats");
  g_assert_cmpint (json_object_get_int_member (stats, "token_violations"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (stats, "log_requests"), >, 0);
}

/* Answers nested 100,000 deep killed culprit-cli (json-glib's parser
 * recurses once per level): a list page after the first, the details or
 * the logs of the odd builds. The run ends with a clear error, keeps what
 * it could fetch and does not ask again for the same answer. */
static void
test_deep_json (void)
{
  const char *kinds[] = { "list", "detail", "log" };

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr(CulpritTestFakeCi) ci = culprit_test_fake_ci_start ("--generate", "600", "--seed", "7",
                                            "--deep-json", kinds[k], NULL);
      g_autofree char *db = new_db ();
      g_autofree char *out = NULL, *err = NULL;
      g_autoptr(JsonNode) keep = NULL;
      const char *args[] = { "scan", "--db", db, "--repo", REPO, "--branch", "master",
                             "--filter", "completed", "--count", "1000", "--api-url", ci->url,
                             NULL };
      JsonArray *truth = json_object_get_array_member (json_node_get_object (ci->truth), "builds");
      JsonArray *builds;
      guint completed = 0, odd_pending = 0;

      g_test_message ("--deep-json %s", kinds[k]);
      g_assert_cmpint (run_cli_env (&out, &err, no_token_env, args), ==, 1);
      g_assert_nonnull (strstr (err, "JSON nested deeper than"));
      g_assert_null (strstr (err, "gave up after"));

      for (guint i = 0; i < json_array_get_length (truth); i++)
        {
          JsonObject *t = json_array_get_object_element (truth, i);

          if (g_str_equal (json_object_get_string_member (t, "branch"), "master") &&
              !g_str_equal (json_object_get_string_member (t, "cause"), "running"))
            completed++;
        }
      g_assert_cmpuint (completed, >, 200);

      builds = list_builds (db, &keep);
      if (g_str_equal (kinds[k], "list"))
        {
          /* the first page is kept */
          g_assert_cmpuint (json_array_get_length (builds), ==, 100);
          continue;
        }

      g_assert_cmpuint (json_array_get_length (builds), ==, completed);
      for (guint i = 0; i < json_array_get_length (builds); i++)
        {
          JsonObject *b = json_array_get_object_element (builds, i);
          gboolean pending = g_str_equal (json_object_get_string_member (b, "category"), "pending");

          if (json_object_get_int_member (b, "build_num") % 2 == 0)
            g_assert_false (pending);
          else
            odd_pending += pending;
        }
      g_assert_cmpuint (odd_pending, >, 0);
    }
}

/* A 300 MB log keeps its last 100 MB, with peak memory under 3x that. */
static void
test_huge_log (void)
{
  g_autoptr(CulpritTestFakeCi) ci = NULL;
  g_autofree char *db = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonNode) keep = NULL;
  const char *args[] = { "scan", "--db", NULL, "--repo", REPO, "--branch", "master", "--count", "30",
                         "--api-url", NULL, NULL };
  struct rusage usage;
  JsonArray *builds;
  gboolean found = FALSE;

  if (!g_test_slow () && g_getenv ("CULPRIT_TEST_HUGE") == NULL)
    {
      g_test_skip ("slow: run with -m slow or CULPRIT_TEST_HUGE=1 (build-aux/test does)");
      return;
    }

  ci = culprit_test_fake_ci_start ("--generate", "40", "--seed", "9", "--huge-log-mb", "300", NULL);
  db = new_db ();
  args[2] = db;
  args[10] = ci->url;
  g_assert_cmpint (run_cli_env (&out, &err, no_token_env, args), ==, 0);
  getrusage (RUSAGE_CHILDREN, &usage);
  g_test_message ("peak RSS of culprit-cli: %ld MB", usage.ru_maxrss / 1024);

  builds = list_builds (db, &keep);
  for (guint i = 0; i < json_array_get_length (builds); i++)
    {
      JsonObject *b = json_array_get_object_element (builds, i);

      if (json_object_get_boolean_member (b, "log_truncated"))
        {
          found = TRUE;
          g_assert_cmpint (json_object_get_int_member (b, "log_bytes"), <=, 100 * 1024 * 1024);
          g_assert_cmpint (json_object_get_int_member (b, "log_bytes"), >, 99 * 1024 * 1024);
        }
    }
  g_assert_true (found);
  g_assert_cmpint (usage.ru_maxrss, <, 300 * 1024);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("CULPRIT_FAKE_CI") == NULL)
    g_error ("CULPRIT_FAKE_CI is not set: run this test with meson test");

  g_test_add_func ("/culprit/ingest/generated", test_generated);
  g_test_add_func ("/culprit/ingest/faults", test_faults);
  g_test_add_func ("/culprit/ingest/resume", test_resume);
  g_test_add_data_func ("/culprit/ingest/listing/sigint", GINT_TO_POINTER (SIGINT),
                        test_interrupted_listing);
  g_test_add_data_func ("/culprit/ingest/listing/sigkill", GINT_TO_POINTER (SIGKILL),
                        test_interrupted_listing);
  g_test_add_func ("/culprit/ingest/listing/server-fault", test_listing_server_fault);
  g_test_add_func ("/culprit/ingest/listing/new-builds", test_listing_new_builds);
  g_test_add_func ("/culprit/ingest/listing/wrong-hint", test_listing_wrong_hint);
  g_test_add_func ("/culprit/ingest/listing/count", test_listing_count);
  g_test_add_func ("/culprit/ingest/listing/deleted-builds", test_listing_deleted_builds);
  g_test_add_func ("/culprit/ingest/token", test_token);
  g_test_add_func ("/culprit/ingest/huge-log", test_huge_log);
  g_test_add_func ("/culprit/ingest/deep-json", test_deep_json);

  return g_test_run ();
}
