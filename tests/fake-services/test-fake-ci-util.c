/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-fake-ci"

#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>

#include "test-fake-ci-util.h"

/*
 * Helpers of test-fake-ci: the server as a subprocess, HTTP requests, the
 * ground truth, and what a log must (not) contain.
 */


SoupSession *session;

/* Server process -------------------------------------------------------- */

const char *
fake_ci_path (void)
{
  const char *path = g_getenv ("CULPRIT_FAKE_CI");

  g_assert_nonnull (path);
  return path;
}

JsonNode *
parse_json (const char *data,
            gsize       size,
            GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_data (parser, data, (gssize) size, error))
    return NULL;

  return json_parser_steal_root (parser);
}

/* A server outlives no test run, even a killed one. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* Starts the server with @args (NULL-terminated); with @with_truth, it also
 * writes the ground truth, which is loaded into server->truth. */
Server *
server_start_argv (const char * const *args,
                   gboolean            with_truth)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  Server *server = g_new0 (Server, 1);
  GInputStream *stdout_pipe;

  server->dir = g_dir_make_tmp ("fake-ci-XXXXXX", &error);
  g_assert_no_error (error);
  server->truth_path = g_build_filename (server->dir, "truth.json", NULL);

  g_ptr_array_add (argv, (gpointer) fake_ci_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  if (with_truth)
    {
      g_ptr_array_add (argv, (gpointer) "--truth");
      g_ptr_array_add (argv, server->truth_path);
    }
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  server->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  stdout_pipe = g_subprocess_get_stdout_pipe (server->process);
  server->output = g_data_input_stream_new (stdout_pipe);
  line = g_data_input_stream_read_line (server->output, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_regex_match_simple ("^listening on http://127\\.0\\.0\\.1:[0-9]+$", line, 0, 0));
  server->base_url = g_strdup (line + strlen ("listening on "));

  if (with_truth)
    {
      g_autofree char *contents = NULL;
      gsize size;

      g_file_get_contents (server->truth_path, &contents, &size, &error);
      g_assert_no_error (error);
      server->truth = parse_json (contents, size, &error);
      g_assert_no_error (error);
    }

  return server;
}


void
rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        rm_rf (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
server_stop (Server *server)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (server->process));
  g_assert_cmpint (g_subprocess_get_exit_status (server->process), ==, 0);

  rm_rf (server->dir);
  g_clear_object (&server->output);
  g_clear_object (&server->process);
  g_clear_pointer (&server->truth, json_node_unref);
  g_free (server->base_url);
  g_free (server->dir);
  g_free (server->truth_path);
  g_free (server);
}


guint64
server_vm_kb (Server     *server,
              const char *field)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  path = g_strdup_printf ("/proc/%s/status", g_subprocess_get_identifier (server->process));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], field))
        return g_ascii_strtoull (lines[i] + strlen (field) + 1, NULL, 10);
    }

  g_assert_not_reached ();
}

JsonArray *
truth_builds (Server *server)
{
  return json_object_get_array_member (json_node_get_object (server->truth), "builds");
}

JsonObject *
truth_build (Server *server,
             gint64  build_num)
{
  JsonObject *build = json_array_get_object_element (truth_builds (server), (guint) build_num - 1);

  g_assert_cmpint (json_object_get_int_member (build, "build_num"), ==, build_num);
  return build;
}

/* HTTP ------------------------------------------------------------------ */


void
response_free (Response *response)
{
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_error (&response->error);
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_free (response);
}


Response *
request (const char *method,
         const char *url,
         const char *header,
         const char *value,
         const char *body)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  Response *response = g_new0 (Response, 1);

  g_assert_nonnull (msg);
  if (header != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), header, value);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  response->body = soup_session_send_and_read (session, msg, NULL, &response->error);
  response->status = soup_message_get_status (msg);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));

  return response;
}

Response *
get (const char *url)
{
  return request ("GET", url, NULL, NULL, NULL);
}

char *
url_for (Server     *server,
         const char *format,
         ...)
{
  g_autofree char *path = NULL;
  va_list args;

  va_start (args, format);
  path = g_strdup_vprintf (format, args);
  va_end (args);

  return g_strconcat (server->base_url, path, NULL);
}

/* GET that must answer 200 with JSON */
JsonNode *
get_json (const char *url)
{
  g_autoptr(Response) response = get (url);
  g_autoptr(GError) error = NULL;
  JsonNode *node;
  gsize size;
  const char *data;

  g_assert_no_error (response->error);
  g_assert_cmpuint (response->status, ==, 200);
  data = g_bytes_get_data (response->body, &size);
  node = parse_json (data, size, &error);
  g_assert_no_error (error);

  return node;
}

JsonNode *
fake_stats (Server *server)
{
  g_autofree char *url = url_for (server, "/_fake/stats");

  return get_json (url);
}

gint64
stats_fault (Server     *server,
             const char *name)
{
  g_autoptr(JsonNode) stats = fake_stats (server);
  JsonObject *faults = json_object_get_object_member (json_node_get_object (stats), "faults");

  return json_object_get_int_member (faults, name);
}

GArray *
build_nums (JsonNode *list)
{
  GArray *nums = g_array_new (FALSE, FALSE, sizeof (gint64));
  JsonArray *array;

  g_assert_true (JSON_NODE_HOLDS_ARRAY (list));
  array = json_node_get_array (list);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      gint64 num = json_object_get_int_member (json_array_get_object_element (array, i), "build_num");

      g_array_append_val (nums, num);
    }

  return nums;
}

void
assert_same_nums (GArray *a,
                  GArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    g_assert_cmpint (g_array_index (a, gint64, i), ==, g_array_index (b, gint64, i));
}

/* The builds of the truth, newest first, that @keep accepts. */
GArray *
expected_nums (Server     *server,
               const char *branch,
               gboolean  (*keep) (JsonObject *build))
{
  GArray *nums = g_array_new (FALSE, FALSE, sizeof (gint64));
  JsonArray *builds = truth_builds (server);

  for (guint i = json_array_get_length (builds); i > 0; i--)
    {
      JsonObject *build = json_array_get_object_element (builds, i - 1);
      gint64 num = json_object_get_int_member (build, "build_num");

      if (branch != NULL && g_strcmp0 (json_object_get_string_member (build, "branch"), branch) != 0)
        continue;
      if (keep == NULL || keep (build))
        g_array_append_val (nums, num);
    }

  return nums;
}

gboolean
is_completed (JsonObject *build)
{
  return !json_object_get_null_member (build, "outcome");
}

gboolean
is_failed (JsonObject *build)
{
  const char *outcome = json_object_get_string_member_with_default (build, "outcome", NULL);

  return g_strcmp0 (outcome, "failed") == 0 || g_strcmp0 (outcome, "timedout") == 0 ||
         g_strcmp0 (outcome, "infrastructure_fail") == 0;
}

gboolean
is_successful (JsonObject *build)
{
  return g_strcmp0 (json_object_get_string_member_with_default (build, "outcome", NULL),
                    "success") == 0;
}

gboolean
is_running (JsonObject *build)
{
  return json_object_get_null_member (build, "outcome");
}

/* Pages through a list with @limit, checking that only the last page is
 * short. */
GArray *
fetch_all_pages (Server     *server,
                 const char *path,
                 const char *filter,
                 guint       limit)
{
  GArray *all = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint offset = 0;; offset += limit)
    {
      g_autofree char *url = url_for (server, "%s?limit=%u&offset=%u&filter=%s&shallow=true",
                                      path, limit, offset, filter);
      g_autoptr(JsonNode) page = get_json (url);
      g_autoptr(GArray) nums = build_nums (page);

      g_assert_cmpuint (nums->len, <=, limit);
      g_array_append_vals (all, nums->data, nums->len);
      if (nums->len < limit)
        break;
    }

  return all;
}

/* The detail's failing action, or NULL */
JsonObject *
failing_action (JsonObject  *detail,
                const char **step_name)
{
  JsonArray *steps = json_object_get_array_member (detail, "steps");

  for (guint i = 0; i < json_array_get_length (steps); i++)
    {
      JsonObject *step = json_array_get_object_element (steps, i);
      JsonArray *actions = json_object_get_array_member (step, "actions");

      for (guint j = 0; j < json_array_get_length (actions); j++)
        {
          JsonObject *action = json_array_get_object_element (actions, j);

          if (!json_object_get_null_member (action, "failed") ||
              !json_object_get_null_member (action, "timedout"))
            {
              if (step_name != NULL)
                *step_name = json_object_get_string_member (step, "name");
              return action;
            }
        }
    }

  return NULL;
}

JsonNode *
get_detail (Server *server,
            gint64  build_num)
{
  g_autofree char *url = url_for (server, PROJECT "/%" G_GINT64_FORMAT, build_num);

  return get_json (url);
}

/* The failing action's output URL of @build_num */
char *
failing_output_url (Server *server,
                    gint64  build_num)
{
  g_autoptr(JsonNode) detail = get_detail (server, build_num);
  JsonObject *action = failing_action (json_node_get_object (detail), NULL);

  g_assert_nonnull (action);
  return g_strdup (json_object_get_string_member (action, "output_url"));
}

/* Concatenates the messages of a CircleCI output body. */
GString *
concat_messages (GBytes   *body,
                 gboolean *saw_err)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  GString *log = g_string_new (NULL);
  JsonArray *array;
  gsize size;
  const char *data = g_bytes_get_data (body, &size);

  root = parse_json (data, size, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), >, 0);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *message = json_array_get_object_element (array, i);
      const char *type = json_object_get_string_member (message, "type");

      g_assert_true (g_str_equal (type, "out") || g_str_equal (type, "err"));
      g_assert_true (g_regex_match_simple ("^2026-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$",
                                           json_object_get_string_member (message, "time"), 0, 0));
      if (g_str_equal (type, "err") && saw_err != NULL)
        *saw_err = TRUE;
      g_string_append (log, json_object_get_string_member (message, "message"));
    }

  return log;
}

/* Logs as Culprit's matcher sees them: ANSI CSI sequences, a leading
 * ISO-8601 timestamp and carriage returns before newlines removed. (By hand:
 * GRegex replacements on multi-megabyte strings are very slow in GLib 2.74.) */
static gboolean
looks_like_timestamp (const char *p)
{
  /* "2026-10-03T12:34:56.7140484Z ": stops at the first mismatch */
  const char *pattern = "dddd-dd-ddTdd:dd:dd";

  for (guint i = 0; pattern[i] != '\0'; i++)
    {
      if (pattern[i] == 'd' ? !g_ascii_isdigit (p[i]) : p[i] != pattern[i])
        return FALSE;
    }

  return TRUE;
}

char *
normalize_log (const char *log)
{
  GString *out = g_string_sized_new (strlen (log));
  gboolean line_start = TRUE;

  for (const char *p = log; *p != '\0';)
    {
      if (line_start)
        {
          gsize n = 0;

          line_start = FALSE;
          if (looks_like_timestamp (p))
            {
              while (p[n] != '\0' && p[n] != ' ' && p[n] != '\n' && n < 40)
                n++;
              if (p[n] == ' ' && n > 0 && p[n - 1] == 'Z')
                {
                  p += n + 1;
                  continue;
                }
            }
        }

      if (p[0] == '\033' && p[1] == '[')
        {
          p += 2;
          while (*p != '\0' && (g_ascii_isdigit (*p) || *p == ';'))
            p++;
          if (*p != '\0')
            p++;
          continue;
        }

      if (p[0] == '\r' && p[1] == '\n')
        {
          p++;
          continue;
        }

      if (*p == '\n')
        line_start = TRUE;
      g_string_append_c (out, *p++);
    }

  return g_string_free (out, FALSE);
}

/* What identifies each cause in a (normalized) log. */
const Marker markers[] = {
  { "dns", "Could not resolve host" },
  { "econnreset", "^npm ERR! network read ECONNRESET$" },
  { "pypi", "^ERROR: No matching distribution found for requests==2\\.31\\.0$" },
  { "oom", "^\\[ *\\d+\\.\\d{6}\\] Killed process \\d+ \\(cc1plus\\)[^\\n]*\\ncc: fatal error: "
           "Killed signal terminated program cc1plus$" },
  { "flaky-websocket", "^FAIL: test_websocket_reconnect \\(tests\\.test_ws\\.WebSocketTest\\)$" },
  { "test-failure", "^FAILED tests/\\S+\\.py::\\S+ - AssertionError: assert \\d+ == \\d+$" },
  { "compile-error", "^src/\\w+\\.(c|cc|cpp|h):\\d+:\\d+: error: " },
  { "timeout", "^Too long with no output \\(exceeded 10m0s\\): context deadline exceeded$" },
  { "unexplained", "^Error: Process completed with exit code 1\\.$" },
};

const guint n_markers = G_N_ELEMENTS (markers);

gboolean
has_marker (const char *log,
            guint       i)
{
  return g_regex_match_simple (markers[i].regex, log, G_REGEX_MULTILINE, 0);
}

/* Counts the bytes of the messages in a streamed CircleCI output body
 * without holding it: a small JSON string scanner. */

void
counter_feed (Counter    *counter,
              const char *data,
              gsize       size)
{
  for (gsize i = 0; i < size; i++)
    {
      char c = data[i];

      counter->body_bytes++;
      if (counter->state == 0)
        {
          if (c == '"')
            {
              counter->state = 1;
              g_string_truncate (counter->key, 0);
            }
          else if (c == ':' && g_str_equal (counter->key->str, "message"))
            {
              counter->state = 4;   /* expecting the message's string */
            }
          continue;
        }
      if (counter->state == 4)
        {
          if (c == '"')
            counter->state = 2;
          continue;
        }
      if (counter->unicode > 0)
        {
          counter->code = counter->code * 16 + g_ascii_xdigit_value (c);
          if (--counter->unicode == 0 && counter->state == 2)
            {
              char utf8[8];
              gint n = g_unichar_to_utf8 (counter->code, utf8);

              counter->message_bytes += n;
              g_string_append_len (counter->tail, utf8, n);
            }
          continue;
        }
      if (counter->escape)
        {
          char plain = c == 'n' ? '\n' : c == 'r' ? '\r' : c == 't' ? '\t' : c;

          counter->escape = FALSE;
          if (c == 'u')
            {
              counter->unicode = 4;
              counter->code = 0;
              continue;
            }
          if (counter->state == 2)
            {
              counter->message_bytes++;
              g_string_append_c (counter->tail, plain);
            }
          else if (counter->state == 1)
            {
              g_string_append_c (counter->key, plain);
            }
          continue;
        }
      if (c == '\\')
        {
          counter->escape = TRUE;
          continue;
        }
      if (c == '"')
        {
          if (counter->state == 2)
            g_string_truncate (counter->key, 0);
          counter->state = 0;
          continue;
        }
      if (counter->state == 2)
        {
          counter->message_bytes++;
          g_string_append_c (counter->tail, c);
        }
      else if (counter->state == 1)
        {
          g_string_append_c (counter->key, c);
        }
    }

  if (counter->tail->len > 65536)
    g_string_erase (counter->tail, 0, (gssize) counter->tail->len - 8192);
}
