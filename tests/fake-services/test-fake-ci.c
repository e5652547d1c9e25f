/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-fake-ci"

#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>

#include "test-fake-ci-util.h"

/*
 * Tests of culprit-fake-ci, run as a subprocess (the binary comes from
 * $CULPRIT_FAKE_CI) and spoken to over HTTP like Culprit's client would.
 */

/* Tests ----------------------------------------------------------------- */

static void
test_command_line (void)
{
  g_autoptr(GSubprocess) bad = NULL;
  g_autoptr(GError) error = NULL;
  Server *server;

  /* neither --generate nor --dataset */
  bad = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error, fake_ci_path (), NULL);
  g_assert_no_error (error);
  g_subprocess_wait (bad, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (bad), !=, 0);
  g_clear_object (&bad);

  bad = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error, fake_ci_path (),
                          "--generate", "10", "--seed", "1", "--error-rate", "1.5", NULL);
  g_assert_no_error (error);
  g_subprocess_wait (bad, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (bad), !=, 0);

  /* SIGINT stops it cleanly too (server_stop checks SIGTERM) */
  server = server_start (FALSE, "--generate", "10", "--seed", "1");
  g_subprocess_send_signal (server->process, SIGINT);
  g_subprocess_wait (server->process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (server->process));
  g_assert_cmpint (g_subprocess_get_exit_status (server->process), ==, 0);
  rm_rf (server->dir);
  g_clear_object (&server->output);
  g_clear_object (&server->process);
  g_free (server->base_url);
  g_free (server->dir);
  g_free (server->truth_path);
  g_free (server);
}

/* Connections closed by their clients do not pile up in the server (libsoup
 * 3.2 leaks idle keep-alive connections; the server closes them itself). */
static void
test_connections (void)
{
  g_autoptr(Server) server = server_start (FALSE, "--generate", "20", "--seed", "2");
  g_autofree char *url = url_for (server, PROJECT "/3");
  g_autofree char *fd_dir = g_strdup_printf ("/proc/%s/fd", g_subprocess_get_identifier (server->process));
  guint before = 0, after = 0;
  g_autoptr(GDir) dir = NULL;

  dir = g_dir_open (fd_dir, 0, NULL);
  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    before++;
  g_clear_pointer (&dir, g_dir_close);

  for (guint i = 0; i < 40; i++)
    {
      g_autoptr(SoupSession) client = soup_session_new ();
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
      g_autoptr(GBytes) body = soup_session_send_and_read (client, msg, NULL, NULL);

      g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
    }
  g_usleep (200 * 1000);

  dir = g_dir_open (fd_dir, 0, NULL);
  while (g_dir_read_name (dir) != NULL)
    after++;

  g_test_message ("server file descriptors: %u before, %u after 40 connections", before, after);
  g_assert_cmpuint (after, <, before + 5);
}

static void
test_list_pagination (void)
{
  g_autoptr(Server) server = server_start (TRUE, "--generate", "300", "--seed", "7");
  g_autoptr(GArray) expected = expected_nums (server, "master", is_completed);
  g_autoptr(GArray) paged = NULL;
  g_autoptr(GArray) all_branches = NULL;
  g_autoptr(GArray) everything = expected_nums (server, NULL, NULL);
  g_autoptr(Response) too_many = NULL;
  g_autoptr(JsonNode) error_body = NULL;
  g_autoptr(JsonNode) default_page = NULL;
  g_autoptr(GArray) default_nums = NULL;
  g_autofree char *url = NULL;

  g_assert_cmpuint (expected->len % 25, !=, 0);
  paged = fetch_all_pages (server, PROJECT "/tree/master", "completed", 25);
  assert_same_nums (paged, expected);

  /* all branches, every build, pages of 100 */
  all_branches = fetch_all_pages (server, PROJECT, "", 100);
  assert_same_nums (all_branches, everything);

  /* default limit is 30 */
  g_free (url);
  url = url_for (server, PROJECT "/tree/master");
  default_page = get_json (url);
  default_nums = build_nums (default_page);
  g_assert_cmpuint (default_nums->len, ==, 30);

  /* limit over 100 */
  g_free (url);
  url = url_for (server, PROJECT "/tree/master?limit=101");
  too_many = get (url);
  g_assert_cmpuint (too_many->status, ==, 400);
  error_body = parse_json (g_bytes_get_data (too_many->body, NULL),
                           g_bytes_get_size (too_many->body), NULL);
  g_assert_nonnull (error_body);
  g_assert_nonnull (json_object_get_string_member (json_node_get_object (error_body), "message"));
}

/* --hold-back: the newest builds come only with POST /_fake/publish */
static void
test_list_hold_back (void)
{
  g_autoptr(Server) server = server_start (TRUE, "--generate", "120", "--seed", "7",
                                           "--hold-back", "20");
  g_autoptr(GArray) everything = expected_nums (server, NULL, NULL);
  g_autoptr(GArray) before = fetch_all_pages (server, PROJECT, "", 100);
  g_autoptr(GArray) after = NULL;
  g_autoptr(Response) detail = NULL;
  g_autoptr(Response) published = NULL;
  g_autofree char *url = url_for (server, PROJECT "/120");
  g_autofree char *publish_url = url_for (server, "/_fake/publish");

  g_assert_cmpuint (before->len, ==, 100);
  g_assert_cmpint (g_array_index (before, gint64, 0), ==, 100);
  detail = get (url);
  g_assert_cmpuint (detail->status, ==, 404);

  published = request ("POST", publish_url, NULL, NULL, NULL);
  g_assert_cmpuint (published->status, ==, 200);
  after = fetch_all_pages (server, PROJECT, "", 100);
  assert_same_nums (after, everything);
}

/* --break-lists-at: list pages from an offset on answer 503 until POST /_fake/heal */
static void
test_list_break (void)
{
  g_autoptr(Server) server = server_start (FALSE, "--generate", "120", "--seed", "7",
                                           "--break-lists-at", "50");
  g_autofree char *first = url_for (server, PROJECT "?limit=50&offset=0");
  g_autofree char *second = url_for (server, PROJECT "?limit=50&offset=50");
  g_autofree char *heal_url = url_for (server, "/_fake/heal");
  g_autoptr(JsonNode) page = get_json (first);
  g_autoptr(Response) healed = NULL;
  g_autoptr(JsonNode) after = NULL;

  g_assert_cmpuint (json_array_get_length (json_node_get_array (page)), ==, 50);
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(Response) broken = get (second);

      g_assert_cmpuint (broken->status, ==, 503);
    }
  healed = request ("POST", heal_url, NULL, NULL, NULL);
  g_assert_cmpuint (healed->status, ==, 200);
  after = get_json (second);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (after)), ==, 50);
}

static void
test_list_filters (void)
{
  g_autoptr(Server) server = server_start (TRUE, "--generate", "400", "--seed", "8");
  struct { const char *filter; gboolean (*keep) (JsonObject *); } cases[] = {
    { "failed", is_failed },
    { "completed", is_completed },
    { "successful", is_successful },
    { "running", is_running },
  };
  guint n_failed = 0, n_completed = 0;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GArray) expected = expected_nums (server, NULL, cases[i].keep);
      g_autoptr(GArray) got = fetch_all_pages (server, PROJECT, cases[i].filter, 100);

      g_assert_cmpuint (expected->len, >, 0);
      assert_same_nums (got, expected);
      if (g_str_equal (cases[i].filter, "failed"))
        n_failed = got->len;
      if (g_str_equal (cases[i].filter, "completed"))
        n_completed = got->len;
    }

  /* completed holds the passing builds too */
  g_assert_cmpuint (n_completed, >, n_failed * 2);
}

static void
test_list_pull_branch (void)
{
  g_autoptr(Server) server = server_start (TRUE, "--generate", "300", "--seed", "9");
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) expected = NULL;
  g_autoptr(GArray) raw = NULL;
  g_autoptr(GArray) encoded = NULL;
  g_autofree char *raw_path = NULL;
  g_autofree char *encoded_path = NULL;
  JsonArray *builds = truth_builds (server);
  const char *branch = NULL;
  guint best = 0;

  for (guint i = 0; i < json_array_get_length (builds); i++)
    {
      const char *name = json_object_get_string_member (json_array_get_object_element (builds, i),
                                                        "branch");
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, name)) + 1;

      g_hash_table_insert (counts, (gpointer) name, GUINT_TO_POINTER (count));
      if (g_str_has_prefix (name, "pull/") && count > best)
        {
          best = count;
          branch = name;
        }
    }
  g_assert_nonnull (branch);
  g_assert_cmpuint (g_hash_table_size (counts), >=, 4);
  g_assert_true (g_regex_match_simple ("^pull/\\d+$", branch, 0, 0));

  expected = expected_nums (server, branch, NULL);
  raw_path = g_strdup_printf (PROJECT "/tree/%s", branch);
  encoded_path = g_strdup_printf (PROJECT "/tree/pull%%2F%s", branch + 5);
  raw = fetch_all_pages (server, raw_path, "", 3);
  encoded = fetch_all_pages (server, encoded_path, "", 3);
  assert_same_nums (raw, expected);
  assert_same_nums (encoded, expected);
}

static void
test_detail (void)
{
  g_autoptr(Server) server = server_start (TRUE, "--generate", "300", "--seed", "10");
  JsonArray *builds = truth_builds (server);
  g_autofree char *prefix = NULL;
  g_autoptr(Response) missing = NULL;
  g_autoptr(Response) wrong_project = NULL;
  g_autoptr(Response) bad_output = NULL;
  g_autofree char *url = NULL;
  guint without_workflows = 0, timeouts = 0, parallel_second = 0;

  for (guint i = 0; i < json_array_get_length (builds); i++)
    {
      JsonObject *truth = json_array_get_object_element (builds, i);
      gint64 num = json_object_get_int_member (truth, "build_num");
      g_autoptr(JsonNode) node = get_detail (server, num);
      JsonObject *detail = json_node_get_object (node);
      JsonArray *steps = json_object_get_array_member (detail, "steps");
      JsonObject *action;
      const char *step_name = NULL;
      const char *cause = json_object_get_string_member (truth, "cause");
      const char *failed_step = json_object_get_string_member_with_default (truth, "failed_step", NULL);

      g_assert_cmpint (json_object_get_int_member (detail, "build_num"), ==, num);
      g_assert_cmpstr (json_object_get_string_member (detail, "vcs_revision"), ==,
                       json_object_get_string_member (truth, "vcs_revision"));
      g_assert_true (g_regex_match_simple ("^[0-9a-f]{40}$",
                                           json_object_get_string_member (detail, "vcs_revision"), 0, 0));
      g_assert_cmpstr (json_object_get_string_member (detail, "branch"), ==,
                       json_object_get_string_member (truth, "branch"));
      g_assert_cmpstr (json_object_get_string_member_with_default (detail, "outcome", NULL), ==,
                       json_object_get_string_member_with_default (truth, "outcome", NULL));
      g_assert_cmpstr (json_object_get_string_member (detail, "status"), ==,
                       json_object_get_string_member (truth, "status"));
      g_assert_true (g_regex_match_simple ("^2026-(09|10)-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$",
                                           json_object_get_string_member (detail, "queued_at"), 0, 0));
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (detail, "build_parameters"),
                                                      "CIRCLE_JOB"), ==,
                       json_object_get_string_member (truth, "job"));
      if (json_object_has_member (detail, "workflows"))
        {
          JsonObject *workflows = json_object_get_object_member (detail, "workflows");

          g_assert_cmpstr (json_object_get_string_member (workflows, "job_name"), ==,
                           json_object_get_string_member (truth, "job"));
          g_assert_cmpstr (json_object_get_string_member (workflows, "workflow_name"), ==, "main");
        }
      else
        {
          without_workflows++;
        }
      g_assert_cmpint (json_object_has_member (detail, "workflows"), ==,
                       json_object_get_boolean_member (truth, "has_workflows"));

      action = failing_action (detail, &step_name);
      if (failed_step == NULL)
        {
          g_assert_null (action);
          if (g_str_equal (cause, "passed") || g_str_equal (cause, "no-failed-step"))
            g_assert_cmpuint (json_array_get_length (steps), ==, 7);
          continue;
        }

      /* the failing step is the last one */
      g_assert_nonnull (action);
      g_assert_cmpstr (step_name, ==, failed_step);
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (steps,
                                                      json_array_get_length (steps) - 1), "name"),
                       ==, failed_step);
      g_assert_cmpint (json_object_get_int_member (action, "index"), ==,
                       json_object_get_int_member (truth, "failed_action"));
      if (json_object_get_int_member (action, "index") == 1)
        parallel_second++;
      g_assert_true (json_object_get_boolean_member (action, "has_output"));
      if (g_str_equal (cause, "timeout"))
        {
          timeouts++;
          g_assert_cmpstr (json_object_get_string_member (action, "status"), ==, "timedout");
          g_assert_true (json_object_get_boolean_member (action, "timedout"));
          g_assert_cmpstr (json_object_get_string_member (detail, "outcome"), ==, "timedout");
        }
      else
        {
          g_assert_cmpstr (json_object_get_string_member (action, "status"), ==, "failed");
          g_assert_true (json_object_get_boolean_member (action, "failed"));
        }

      g_free (prefix);
      prefix = g_strdup_printf ("%s/output/demo-org/demo-app/%" G_GINT64_FORMAT "/%u/%" G_GINT64_FORMAT "?",
                                server->base_url, num, json_array_get_length (steps) - 1,
                                json_object_get_int_member (action, "index"));
      g_assert_true (g_str_has_prefix (json_object_get_string_member (action, "output_url"), prefix));
      g_assert_nonnull (strstr (json_object_get_string_member (action, "output_url"),
                                "X-Amz-Signature="));
    }

  g_assert_cmpuint (without_workflows, >, 0);
  g_assert_cmpuint (timeouts, >, 0);
  g_assert_cmpuint (parallel_second, >, 0);

  url = url_for (server, PROJECT "/100000");
  missing = get (url);
  g_assert_cmpuint (missing->status, ==, 404);
  g_free (url);
  url = url_for (server, "/api/v1.1/project/github/demo-org/other-app/1");
  wrong_project = get (url);
  g_assert_cmpuint (wrong_project->status, ==, 404);
  g_free (url);
  url = url_for (server, "/output/demo-org/demo-app/1/99/0");
  bad_output = get (url);
  g_assert_cmpuint (bad_output->status, ==, 404);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (bad_output->body, NULL),
                                  g_bytes_get_size (bad_output->body), "<Code>NoSuchKey</Code>"));
}

static void
test_log_content (void)
{
  g_autoptr(Server) server = server_start (TRUE, "--generate", "240", "--seed", "11");
  JsonArray *builds = truth_builds (server);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean saw_err = FALSE, saw_split = FALSE, saw_crlf = FALSE, saw_stamp = FALSE;
  gboolean saw_ansi = FALSE, saw_noise = FALSE;
  guint n_passing = 0;

  for (guint i = 0; i < json_array_get_length (builds); i++)
    {
      JsonObject *truth = json_array_get_object_element (builds, i);
      gint64 num = json_object_get_int_member (truth, "build_num");
      const char *cause = json_object_get_string_member (truth, "cause");
      g_autofree char *url = NULL;
      g_autoptr(Response) response = NULL;
      g_autoptr(GString) log = NULL;
      g_autofree char *normal = NULL;
      JsonArray *messages;
      g_autoptr(JsonNode) root = NULL;

      if (json_object_get_null_member (truth, "failed_step"))
        {
          /* a few logs of passing builds: no cause in them */
          if (!g_str_equal (cause, "passed") || n_passing++ >= 12)
            continue;
          url = url_for (server, "/output/demo-org/demo-app/%" G_GINT64_FORMAT "/%u/0", num,
                         n_passing % 2 ? 5 : 3);
        }
      else
        {
          url = failing_output_url (server, num);
        }

      response = get (url);
      g_assert_no_error (response->error);
      g_assert_cmpuint (response->status, ==, 200);
      log = concat_messages (response->body, &saw_err);

      root = parse_json (g_bytes_get_data (response->body, NULL), g_bytes_get_size (response->body), NULL);
      messages = json_node_get_array (root);
      for (guint m = 0; m + 1 < json_array_get_length (messages); m++)
        {
          const char *text = json_object_get_string_member (json_array_get_object_element (messages, m),
                                                            "message");

          if (*text != '\0' && !g_str_has_suffix (text, "\n"))
            saw_split = TRUE;
        }

      saw_crlf |= strstr (log->str, "\r\n") != NULL;
      saw_ansi |= strchr (log->str, '\033') != NULL;
      saw_stamp |= g_regex_match_simple ("^2026-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{7}Z ", log->str,
                                         G_REGEX_MULTILINE, 0);
      normal = normalize_log (log->str);
      saw_noise |= strstr (normal, "test_errors.py::test_bad_input PASSED (expected error: ValueError)") != NULL ||
                   strstr (normal, "WARNING: ignored error while cleaning cache") != NULL;

      if (json_object_get_null_member (truth, "failed_step"))
        {
          for (guint c = 0; c < n_markers; c++)
            g_assert_false (has_marker (normal, c));
          continue;
        }

      g_assert_cmpint (log->len, ==, json_object_get_int_member (truth, "log_bytes"));
      g_assert_cmpint (log->len, >=, 20000);
      g_hash_table_add (seen, (gpointer) cause);

      for (guint c = 0; c < n_markers; c++)
        {
          gboolean expected = g_str_equal (markers[c].cause, cause);

          /* a flaky websocket log may show a generic test failure earlier */
          if (g_str_equal (cause, "flaky-websocket") && g_str_equal (markers[c].cause, "test-failure"))
            continue;
          if (has_marker (normal, c) != expected)
            g_error ("build %" G_GINT64_FORMAT " (%s): marker of %s %s", num, cause, markers[c].cause,
                     expected ? "missing" : "present");
        }
    }

  /* every cause with a log appeared in 240 builds */
  g_assert_cmpuint (g_hash_table_size (seen), ==, 9);
  g_assert_true (saw_err);
  g_assert_true (saw_split);
  g_assert_true (saw_crlf);
  g_assert_true (saw_ansi);
  g_assert_true (saw_stamp);
  g_assert_true (saw_noise);
}

static void
test_token (void)
{
  g_autoptr(Server) server = server_start (TRUE, "--generate", "40", "--seed", "12", "--token", "sekrit");
  g_autofree char *url = url_for (server, PROJECT "/tree/master?limit=5");
  g_autofree char *query_url = url_for (server, PROJECT "/tree/master?limit=5&circle-token=sekrit");
  g_autofree char *detail_url = url_for (server, PROJECT "/1");
  g_autoptr(Response) anonymous = get (url);
  g_autoptr(Response) wrong = request ("GET", url, "Circle-Token", "nope", NULL);
  g_autoptr(Response) header = request ("GET", url, "Circle-Token", "sekrit", NULL);
  g_autoptr(Response) query = get (query_url);
  g_autoptr(Response) detail = request ("GET", detail_url, "Circle-Token", "sekrit", NULL);
  g_autoptr(JsonNode) detail_json = NULL;
  g_autoptr(JsonNode) message = NULL;
  g_autoptr(Response) log_ok = NULL;
  g_autoptr(Response) log_token = NULL;
  g_autoptr(JsonNode) stats = NULL;
  const char *output_url;

  g_assert_cmpuint (anonymous->status, ==, 401);
  message = parse_json (g_bytes_get_data (anonymous->body, NULL), g_bytes_get_size (anonymous->body), NULL);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (message), "message"), ==,
                   "You must log in first.");
  g_assert_cmpuint (wrong->status, ==, 401);
  g_assert_cmpuint (header->status, ==, 200);
  g_assert_cmpuint (query->status, ==, 200);
  g_assert_cmpuint (detail->status, ==, 200);

  detail_json = parse_json (g_bytes_get_data (detail->body, NULL), g_bytes_get_size (detail->body), NULL);
  output_url = json_object_get_string_member (
    json_array_get_object_element (json_object_get_array_member (
      json_array_get_object_element (json_object_get_array_member (json_node_get_object (detail_json),
                                                                   "steps"), 1), "actions"), 0),
    "output_url");

  /* the log storage needs no token and must never see it */
  log_ok = get (output_url);
  g_assert_cmpuint (log_ok->status, ==, 200);
  log_token = request ("GET", output_url, "Circle-Token", "sekrit", NULL);
  g_assert_cmpuint (log_token->status, ==, 400);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (log_token->body, NULL), g_bytes_get_size (log_token->body),
                                  "token sent to log storage"));

  stats = fake_stats (server);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (stats), "token_violations"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (stats), "log_requests"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (stats), "api_requests"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (stats), "requests"), ==, 7);
}

static void
test_statuses (void)
{
  g_autoptr(Server) server = server_start (FALSE, "--generate", "10", "--seed", "13");
  const char *sha = "0123456789abcdef0123456789abcdef01234567";
  g_autofree char *url = url_for (server, "/repos/demo-org/demo-app/statuses/%s", sha);
  g_autofree char *list_url = url_for (server, "/repos/demo-org/demo-app/commits/%s/statuses", sha);
  g_autofree char *fake_url = url_for (server, "/_fake/statuses");
  const char *body = "{\"state\": \"failure\", \"target_url\": \"http://127.0.0.1:1/builds/5\", "
                     "\"description\": \"3 of 4 failures flaky, 1 known problem\", \"context\": \"culprit\"}";
  g_autoptr(Response) created = NULL;
  g_autoptr(Response) bearer = NULL;
  g_autoptr(Response) anonymous = NULL;
  g_autoptr(Response) garbage = NULL;
  g_autoptr(Response) no_state = NULL;
  g_autoptr(Response) bad_state = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) recorded = NULL;
  g_autoptr(JsonNode) listed = NULL;
  JsonObject *object;
  JsonArray *statuses;

  created = request ("POST", url, "Authorization", "token gh-secret", body);
  g_assert_cmpuint (created->status, ==, 201);
  reply = parse_json (g_bytes_get_data (created->body, NULL), g_bytes_get_size (created->body), NULL);
  object = json_node_get_object (reply);
  g_assert_cmpstr (json_object_get_string_member (object, "state"), ==, "failure");
  g_assert_cmpstr (json_object_get_string_member (object, "context"), ==, "culprit");
  g_assert_cmpstr (json_object_get_string_member (object, "description"), ==,
                   "3 of 4 failures flaky, 1 known problem");
  g_assert_cmpstr (json_object_get_string_member (object, "target_url"), ==, "http://127.0.0.1:1/builds/5");
  g_assert_cmpint (json_object_get_int_member (object, "id"), >, 0);

  bearer = request ("POST", url, "Authorization", "Bearer other", "{\"state\": \"success\"}");
  g_assert_cmpuint (bearer->status, ==, 201);
  anonymous = request ("POST", url, NULL, NULL, body);
  g_assert_cmpuint (anonymous->status, ==, 401);
  garbage = request ("POST", url, "Authorization", "token x", "{not json");
  g_assert_cmpuint (garbage->status, ==, 422);
  no_state = request ("POST", url, "Authorization", "token x", "{\"context\": \"culprit\"}");
  g_assert_cmpuint (no_state->status, ==, 422);
  bad_state = request ("POST", url, "Authorization", "token x", "{\"state\": \"exploded\"}");
  g_assert_cmpuint (bad_state->status, ==, 422);

  recorded = get_json (fake_url);
  statuses = json_object_get_array_member (json_node_get_object (recorded), "statuses");
  g_assert_cmpuint (json_array_get_length (statuses), ==, 2);
  object = json_array_get_object_element (statuses, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "owner"), ==, "demo-org");
  g_assert_cmpstr (json_object_get_string_member (object, "repo"), ==, "demo-app");
  g_assert_cmpstr (json_object_get_string_member (object, "sha"), ==, sha);
  g_assert_cmpstr (json_object_get_string_member (object, "state"), ==, "failure");
  g_assert_cmpstr (json_object_get_string_member (object, "context"), ==, "culprit");
  g_assert_cmpstr (json_object_get_string_member (object, "target_url"), ==, "http://127.0.0.1:1/builds/5");
  g_assert_cmpstr (json_object_get_string_member (object, "authorization"), ==, "token gh-secret");
  object = json_array_get_object_element (statuses, 1);
  g_assert_cmpstr (json_object_get_string_member (object, "state"), ==, "success");
  g_assert_cmpstr (json_object_get_string_member (object, "context"), ==, "default");
  g_assert_cmpstr (json_object_get_string_member (object, "authorization"), ==, "Bearer other");

  listed = get_json (list_url);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (listed)), ==, 2);
}

static char *
checksum_of (Server *server,
             gint64  build_num)
{
  g_autofree char *url = failing_output_url (server, build_num);
  g_autoptr(Response) response = get (url);

  g_assert_cmpuint (response->status, ==, 200);
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, response->body);
}

static void
test_determinism (void)
{
  g_autoptr(Server) first = server_start (TRUE, "--generate", "150", "--seed", "99");
  g_autoptr(Server) second = server_start (TRUE, "--generate", "150", "--seed", "99");
  g_autoptr(Server) other = server_start (TRUE, "--generate", "150", "--seed", "100");
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autoptr(GArray) failed = expected_nums (first, NULL, is_failed);
  g_autofree char *list_a = NULL;
  g_autofree char *list_b = NULL;
  g_autoptr(JsonNode) page_a = NULL;
  g_autoptr(JsonNode) page_b = NULL;
  gint64 num = -1;

  g_file_get_contents (first->truth_path, &a, NULL, NULL);
  g_file_get_contents (second->truth_path, &b, NULL, NULL);
  g_file_get_contents (other->truth_path, &c, NULL, NULL);
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (a, !=, c);

  /* the same responses, logs included */
  list_a = url_for (first, PROJECT "?limit=100");
  list_b = url_for (second, PROJECT "?limit=100");
  page_a = get_json (list_a);
  page_b = get_json (list_b);
  g_assert_true (json_node_equal (page_a, page_b));

  for (guint i = 0; i < failed->len && num < 0; i++)
    {
      if (!json_object_get_null_member (truth_build (first, g_array_index (failed, gint64, i)), "failed_step"))
        num = g_array_index (failed, gint64, i);
    }
  g_assert_cmpint (num, >, 0);
  {
    g_autofree char *sum_a = checksum_of (first, num);
    g_autofree char *sum_b = checksum_of (second, num);

    g_assert_cmpstr (sum_a, ==, sum_b);
  }
}

static void
test_generator_shares (void)
{
  g_autoptr(Server) server = server_start (TRUE, "--generate", "2000", "--seed", "1");
  static const struct { const char *cause; double share; } shares[] = {
    { "dns", 0.14 }, { "econnreset", 0.08 }, { "pypi", 0.08 }, { "oom", 0.10 },
    { "flaky-websocket", 0.10 }, { "test-failure", 0.16 }, { "compile-error", 0.12 },
    { "timeout", 0.08 }, { "no-failed-step", 0.03 }, { "unexplained", 0.11 },
  };
  JsonObject *root = json_node_get_object (server->truth);
  JsonObject *counts = json_object_get_object_member (root, "counts");
  JsonArray *builds = truth_builds (server);
  g_autoptr(GHashTable) branches = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) jobs = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = json_array_get_length (builds), failed = 0, master = 0, no_workflows = 0, sum = 0;
  gint64 passed = json_object_get_int_member (counts, "passed");
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  g_assert_cmpstr (json_object_get_string_member (root, "repo"), ==, "github/demo-org/demo-app");
  g_assert_cmpint (json_object_get_int_member (root, "seed"), ==, 1);
  g_assert_cmpuint (n, ==, 2000);

  json_object_iter_init (&iter, counts);
  while (json_object_iter_next (&iter, &name, &value))
    sum += json_node_get_int (value);
  g_assert_cmpuint (sum, ==, n);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *build = json_array_get_object_element (builds, i);
      const char *branch = json_object_get_string_member (build, "branch");

      g_assert_cmpint (json_object_get_int_member (build, "build_num"), ==, i + 1);
      g_hash_table_add (branches, (gpointer) branch);
      g_hash_table_add (jobs, (gpointer) json_object_get_string_member (build, "job"));
      master += g_str_equal (branch, "master");
      no_workflows += !json_object_get_boolean_member (build, "has_workflows");
      failed += is_failed (build);
    }

  g_test_message ("passed %" G_GINT64_FORMAT ", failed %u, master %u, branches %u, no workflows %u",
                  passed, failed, master, g_hash_table_size (branches), no_workflows);
  g_assert_cmpfloat ((double) passed / n, >=, 0.65);
  g_assert_cmpfloat ((double) passed / n, <=, 0.75);
  g_assert_cmpfloat ((double) master / n, >=, 0.40);
  g_assert_cmpfloat ((double) master / n, <=, 0.60);
  g_assert_cmpuint (g_hash_table_size (branches), >=, 6);
  g_assert_cmpuint (g_hash_table_size (jobs), ==, 4);
  g_assert_cmpfloat ((double) no_workflows / n, >=, 0.05);
  g_assert_cmpfloat ((double) no_workflows / n, <=, 0.25);

  for (guint i = 0; i < G_N_ELEMENTS (shares); i++)
    {
      double share = (double) json_object_get_int_member (counts, shares[i].cause) / failed;

      g_test_message ("%s: %.3f (nominal %.2f)", shares[i].cause, share, shares[i].share);
      g_assert_cmpfloat (share, >=, shares[i].share - 0.05);
      g_assert_cmpfloat (share, <=, shares[i].share + 0.05);
    }
}

/* Dataset mode ---------------------------------------------------------- */

static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize size;

  g_file_get_contents (from, &contents, &size, &error);
  g_assert_no_error (error);
  g_file_set_contents (to, contents, (gssize) size, &error);
  g_assert_no_error (error);
}

static void
test_dataset_shared (void)
{
  const char *shared = g_getenv ("CULPRIT_SHARED_DATA");
  g_autofree char *api = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *builds = NULL;
  g_autofree char *output = NULL;
  g_autofree char *original_detail = NULL;
  g_autoptr(JsonNode) original = NULL;
  g_autoptr(Server) server = NULL;
  g_autoptr(Server) scoped = NULL;
  g_autoptr(GError) error = NULL;
  static const char *outputs[] = { "job_setup_output.json", "job_container_output.json", "job_test_output.json" };
  struct { const char *source; const char *target; } files[] = {
    { "ci_runner/test/fixtures/circleci/job2.json", "builds/9557.json" },
    { "ci_runner/test/fixtures/circleci/job_parallel.json", "builds/3270.json" },
    { "ci-bot/test/fixtures/circleci.build.json", "builds/10.json" },
    { "circleci.py/tests/mocks/mock_get_build_info_response", "builds/1.json" },
    { "circleci.py/tests/mocks/mock_get_recent_builds_response", "builds.json" },
  };
  g_autoptr(JsonNode) detail = NULL;
  g_autoptr(JsonNode) all = NULL;
  g_autoptr(JsonNode) failed = NULL;
  g_autoptr(JsonNode) main_branch = NULL;
  g_autoptr(GArray) all_nums = NULL;
  g_autoptr(GArray) failed_nums = NULL;
  g_autoptr(GArray) main_nums = NULL;
  g_autofree char *url = NULL;
  JsonArray *steps;

  if (shared == NULL || !g_file_test (shared, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("no shared data (CULPRIT_SHARED_DATA)");
      return;
    }
  api = g_build_filename (shared, "circleci-api", NULL);

  /* lay the recorded responses out as README.md describes */
  dir = g_dir_make_tmp ("fake-ci-dataset-XXXXXX", &error);
  g_assert_no_error (error);
  builds = g_build_filename (dir, "builds", NULL);
  output = g_build_filename (dir, "output", NULL);
  g_mkdir (builds, 0700);
  g_mkdir (output, 0700);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *from = g_build_filename (api, files[i].source, NULL);
      g_autofree char *to = g_build_filename (dir, files[i].target, NULL);

      copy_file (from, to);
    }
  /* MANIFEST.txt: job2.json's output URLs /1, /2, /3 are these files */
  for (guint i = 0; i < G_N_ELEMENTS (outputs); i++)
    {
      g_autofree char *from = g_build_filename (api, "ci_runner/test/fixtures/circleci", outputs[i], NULL);
      g_autofree char *name = g_strdup_printf ("9557-%u-0.json", i);
      g_autofree char *to = g_build_filename (output, name, NULL);

      copy_file (from, to);
    }

  server = server_start (FALSE, "--dataset", dir);

  /* the list: builds.json and the details, newest first, without steps */
  url = url_for (server, "/api/v1.1/project/github/thoughtbot/administrate?limit=100");
  all = get_json (url);
  all_nums = build_nums (all);
  {
    gint64 expected[] = { 9557, 3270, 10, 7, 6, 5, 4, 3, 2, 1 };
    g_autoptr(GArray) want = g_array_new (FALSE, FALSE, sizeof (gint64));

    g_array_append_vals (want, expected, G_N_ELEMENTS (expected));
    assert_same_nums (all_nums, want);
  }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (all)); i++)
    g_assert_false (json_object_has_member (json_array_get_object_element (json_node_get_array (all), i), "steps"));

  g_free (url);
  url = url_for (server, "/api/v1.1/project/github/thoughtbot/administrate?limit=100&filter=failed");
  failed = get_json (url);
  failed_nums = build_nums (failed);
  {
    /* 7 is scheduled (no outcome); 9557 passed; the others failed or infrastructure_fail */
    gint64 expected[] = { 3270, 10, 6, 5, 4, 3, 2, 1 };
    g_autoptr(GArray) want = g_array_new (FALSE, FALSE, sizeof (gint64));

    g_array_append_vals (want, expected, G_N_ELEMENTS (expected));
    assert_same_nums (failed_nums, want);
  }

  g_free (url);
  url = url_for (server, "/api/v1.1/project/github/thoughtbot/administrate/tree/main?limit=1&offset=1");
  main_branch = get_json (url);
  main_nums = build_nums (main_branch);
  g_assert_cmpuint (main_nums->len, ==, 1);
  g_assert_cmpint (g_array_index (main_nums, gint64, 0), ==, 3270);

  /* details: as recorded, but output URLs point here and serve the recorded output */
  g_free (url);
  url = url_for (server, "/api/v1.1/project/github/thoughtbot/administrate/9557");
  detail = get_json (url);
  steps = json_object_get_array_member (json_node_get_object (detail), "steps");
  g_assert_cmpuint (json_array_get_length (steps), ==, 3);
  original_detail = g_build_filename (api, "ci_runner/test/fixtures/circleci/job2.json", NULL);
  {
    g_autofree char *contents = NULL;
    gsize size;

    g_file_get_contents (original_detail, &contents, &size, &error);
    g_assert_no_error (error);
    original = parse_json (contents, size, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (detail), "vcs_revision"), ==,
                   json_object_get_string_member (json_node_get_object (original), "vcs_revision"));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (detail), "status"), ==,
                   json_object_get_string_member (json_node_get_object (original), "status"));
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *action = json_array_get_object_element (
        json_object_get_array_member (json_array_get_object_element (steps, i), "actions"), 0);
      const char *output_url = json_object_get_string_member (action, "output_url");
      g_autofree char *prefix = g_strdup_printf ("%s/output/thoughtbot/administrate/9557/%u/0?",
                                                 server->base_url, i);
      g_autofree char *recorded = g_build_filename (api, "ci_runner/test/fixtures/circleci", outputs[i], NULL);
      g_autofree char *contents = NULL;
      g_autoptr(Response) response = NULL;
      gsize size;

      g_assert_true (g_str_has_prefix (output_url, prefix));
      response = get (output_url);
      g_assert_cmpuint (response->status, ==, 200);
      g_file_get_contents (recorded, &contents, &size, NULL);
      g_assert_cmpmem (g_bytes_get_data (response->body, NULL), g_bytes_get_size (response->body),
                       contents, size);
    }

  /* ci-bot's build 10: real S3 URLs rewritten, no recorded output: 404 */
  g_clear_pointer (&detail, json_node_unref);
  g_free (url);
  url = url_for (server, "/api/v1.1/project/github/cheung31/ci-bot/10");
  detail = get_json (url);
  {
    JsonObject *action = json_array_get_object_element (json_object_get_array_member (
      json_array_get_object_element (json_object_get_array_member (json_node_get_object (detail), "steps"), 0),
      "actions"), 0);
    const char *output_url = json_object_get_string_member (action, "output_url");
    g_autoptr(Response) response = NULL;

    g_assert_true (g_str_has_prefix (output_url, server->base_url));
    g_assert_null (strstr (output_url, "amazonaws"));
    response = get (output_url);
    g_assert_cmpuint (response->status, ==, 404);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (detail),
                                                                                   "build_parameters"),
                                                    "CIRCLE_JOB"), ==, "build");
  }

  /* --repo limits the dataset to one project */
  scoped = server_start (FALSE, "--dataset", dir, "--repo", "github/thoughtbot/administrate");
  {
    g_autofree char *ok_url = url_for (scoped, "/api/v1.1/project/github/thoughtbot/administrate/9557");
    g_autofree char *other_url = url_for (scoped, "/api/v1.1/project/github/cheung31/ci-bot/10");
    g_autoptr(Response) ok = get (ok_url);
    g_autoptr(Response) other = get (other_url);

    g_assert_cmpuint (ok->status, ==, 200);
    g_assert_cmpuint (other->status, ==, 404);
  }

  rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  session = soup_session_new_with_options ("timeout", 60, "max-conns-per-host", 8, NULL);

  g_test_add_func ("/fake-ci/command-line", test_command_line);
  g_test_add_func ("/fake-ci/connections", test_connections);
  g_test_add_func ("/fake-ci/list/pagination", test_list_pagination);
  g_test_add_func ("/fake-ci/list/filters", test_list_filters);
  g_test_add_func ("/fake-ci/list/pull-branch", test_list_pull_branch);
  g_test_add_func ("/fake-ci/list/hold-back", test_list_hold_back);
  g_test_add_func ("/fake-ci/list/break", test_list_break);
  g_test_add_func ("/fake-ci/detail", test_detail);
  g_test_add_func ("/fake-ci/log/content", test_log_content);
  g_test_add_func ("/fake-ci/token", test_token);
  g_test_add_func ("/fake-ci/github/statuses", test_statuses);
  add_fault_tests ();
  g_test_add_func ("/fake-ci/determinism", test_determinism);
  g_test_add_func ("/fake-ci/generator/shares", test_generator_shares);
  g_test_add_func ("/fake-ci/dataset/shared", test_dataset_shared);

  status = g_test_run ();
  g_clear_object (&session);

  return status;
}
