/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-fake-ci"

#include "config.h"

#include <string.h>

#include "test-fake-ci-util.h"

/*
 * The hard cases of culprit-fake-ci: injected faults and a huge log.
 */

/* Requests the details of builds 1..@n once each (distinct paths), and
 * counts the answers by status; -1 counts truncated bodies. */
static GHashTable *
count_detail_answers (Server *server,
                      guint   n,
                      guint  *truncated)
{
  GHashTable *counts = g_hash_table_new (NULL, NULL);

  *truncated = 0;
  for (guint i = 1; i <= n; i++)
    {
      g_autofree char *url = url_for (server, PROJECT "/%u", i);
      g_autoptr(Response) response = get (url);
      guint count;

      if (response->error != NULL ||
          (response->status == 200 &&
           parse_json (g_bytes_get_data (response->body, NULL), g_bytes_get_size (response->body), NULL) == NULL))
        {
          (*truncated)++;
          continue;
        }

      count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, GUINT_TO_POINTER (response->status)));
      g_hash_table_insert (counts, GUINT_TO_POINTER (response->status), GUINT_TO_POINTER (count + 1));

      if (response->status == 429)
        g_assert_cmpstr (soup_message_headers_get_one (response->headers, "Retry-After"), ==, "7");
    }

  return counts;
}

static guint
count_of (GHashTable *counts,
          guint       status)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (counts, GUINT_TO_POINTER (status)));
}

static void
test_fault_server_errors (void)
{
  g_autoptr(Server) server = server_start (FALSE, "--generate", "200", "--seed", "14", "--error-rate", "0.3");
  guint truncated;
  g_autoptr(GHashTable) counts = count_detail_answers (server, 200, &truncated);
  guint n_5xx = count_of (counts, 500) + count_of (counts, 502) + count_of (counts, 503);

  g_test_message ("5xx: %u of 200 (500: %u, 502: %u, 503: %u)", n_5xx, count_of (counts, 500),
                  count_of (counts, 502), count_of (counts, 503));
  g_assert_cmpuint (truncated, ==, 0);
  g_assert_cmpuint (n_5xx, >=, 40);
  g_assert_cmpuint (n_5xx, <=, 80);
  g_assert_cmpuint (count_of (counts, 500), >, 0);
  g_assert_cmpuint (count_of (counts, 502), >, 0);
  g_assert_cmpuint (count_of (counts, 503), >, 0);
  g_assert_cmpuint (count_of (counts, 200), ==, 200 - n_5xx);
  g_assert_cmpint (stats_fault (server, "5xx"), ==, n_5xx);
  g_assert_cmpint (stats_fault (server, "429"), ==, 0);
}

static void
test_fault_rate_limit (void)
{
  g_autoptr(Server) server = server_start (FALSE, "--generate", "200", "--seed", "15",
                                           "--rate-limit-rate", "0.2", "--retry-after", "7");
  guint truncated;
  g_autoptr(GHashTable) counts = count_detail_answers (server, 200, &truncated);
  guint n_429 = count_of (counts, 429);

  g_test_message ("429: %u of 200", n_429);
  g_assert_cmpuint (n_429, >=, 22);
  g_assert_cmpuint (n_429, <=, 60);
  g_assert_cmpuint (count_of (counts, 200), ==, 200 - n_429);
  g_assert_cmpint (stats_fault (server, "429"), ==, n_429);
}

static void
test_fault_truncate (void)
{
  g_autoptr(Server) server = server_start (TRUE, "--generate", "160", "--seed", "16",
                                           "--truncate-rate", "0.25");
  guint truncated, truncated_logs = 0, whole_logs = 0;
  g_autoptr(GHashTable) counts = count_detail_answers (server, 160, &truncated);
  JsonArray *builds = truth_builds (server);

  g_test_message ("truncated details: %u of 160", truncated);
  g_assert_cmpuint (truncated, >=, 20);
  g_assert_cmpuint (truncated, <=, 65);
  g_assert_cmpuint (count_of (counts, 200), ==, 160 - truncated);

  /* logs: cut in the middle of the chunked stream */
  for (guint i = 0; i < json_array_get_length (builds); i++)
    {
      JsonObject *truth = json_array_get_object_element (builds, i);
      gint64 num = json_object_get_int_member (truth, "build_num");
      g_autofree char *url = NULL;
      g_autoptr(Response) response = NULL;

      if (json_object_get_null_member (truth, "failed_step"))
        continue;

      /* retry the detail until it is whole */
      for (guint attempt = 0; url == NULL && attempt < 4; attempt++)
        {
          g_autofree char *detail_url = url_for (server, PROJECT "/%" G_GINT64_FORMAT, num);
          g_autoptr(Response) detail = get (detail_url);
          g_autoptr(JsonNode) node = NULL;

          if (detail->error == NULL &&
              (node = parse_json (g_bytes_get_data (detail->body, NULL), g_bytes_get_size (detail->body), NULL)))
            url = g_strdup (json_object_get_string_member (failing_action (json_node_get_object (node), NULL),
                                                           "output_url"));
        }
      g_assert_nonnull (url);

      response = get (url);
      if (response->error != NULL)
        {
          truncated_logs++;
        }
      else
        {
          g_autoptr(GString) log = NULL;

          g_assert_cmpuint (response->status, ==, 200);
          log = concat_messages (response->body, NULL);
          g_assert_cmpint (log->len, ==, json_object_get_int_member (truth, "log_bytes"));
          whole_logs++;
        }
    }

  g_test_message ("truncated logs: %u of %u", truncated_logs, truncated_logs + whole_logs);
  g_assert_cmpuint (truncated_logs, >, 0);
  g_assert_cmpuint (whole_logs, >, truncated_logs);
  g_assert_cmpint (stats_fault (server, "truncated"), >=, truncated + truncated_logs);
}

static void
test_fault_consecutive (void)
{
  g_autoptr(Server) server = server_start (FALSE, "--generate", "50", "--seed", "17", "--error-rate", "1");
  g_autofree char *url = url_for (server, PROJECT "/3");
  g_autofree char *other = url_for (server, PROJECT "/4");

  for (guint round = 0; round < 2; round++)
    {
      for (guint attempt = 0; attempt < 4; attempt++)
        {
          g_autoptr(Response) response = get (url);

          if (attempt < 3)
            g_assert_cmpuint (response->status, >=, 500);
          else
            g_assert_cmpuint (response->status, ==, 200);
        }
    }

  /* counted per path */
  for (guint attempt = 0; attempt < 4; attempt++)
    {
      g_autoptr(Response) response = get (other);

      if (attempt < 3)
        g_assert_cmpuint (response->status, >=, 500);
      else
        g_assert_cmpuint (response->status, ==, 200);
    }
  g_assert_cmpint (stats_fault (server, "5xx"), ==, 9);
}

static void
test_fault_retrying_client (void)
{
  g_autoptr(Server) server = server_start (FALSE, "--generate", "60", "--seed", "18", "--error-rate", "0.4",
                                           "--rate-limit-rate", "0.3", "--retry-after", "0", "--truncate-rate", "0.3");

  /* a client that tries 4 times always gets through */
  for (guint i = 1; i <= 60; i++)
    {
      g_autofree char *url = url_for (server, PROJECT "/%u", i);
      gboolean ok = FALSE;

      for (guint attempt = 0; attempt < 4 && !ok; attempt++)
        {
          g_autoptr(Response) response = get (url);

          ok = response->error == NULL && response->status == 200;
        }
      g_assert_true (ok);
    }
}

static void
test_fault_expired (void)
{
  g_autoptr(Server) server = server_start (TRUE, "--generate", "200", "--seed", "19", "--expire-rate", "0.4");
  JsonArray *builds = truth_builds (server);
  guint expired = 0, failed = 0, responses_403 = 0;

  for (guint i = 0; i < json_array_get_length (builds); i++)
    {
      JsonObject *truth = json_array_get_object_element (builds, i);
      gint64 num = json_object_get_int_member (truth, "build_num");
      gboolean is_expired = json_object_get_boolean_member (truth, "log_expired");
      g_autofree char *url = NULL;

      if (json_object_get_null_member (truth, "failed_step"))
        continue;

      failed++;
      url = failing_output_url (server, num);
      for (guint attempt = 0; attempt < (is_expired ? 2u : 1u); attempt++)
        {
          g_autoptr(Response) response = get (url);

          if (is_expired)
            {
              const char *body = g_bytes_get_data (response->body, NULL);

              g_assert_cmpuint (response->status, ==, 403);
              g_assert_nonnull (g_strstr_len (body, g_bytes_get_size (response->body),
                                              "<Error><Code>AccessDenied</Code><Message>Request has expired</Message>"));
              responses_403++;
            }
          else
            {
              g_assert_cmpuint (response->status, ==, 200);
            }
        }
      expired += is_expired;
    }

  g_test_message ("expired: %u of %u failed builds", expired, failed);
  g_assert_cmpuint (expired, >=, failed * 2 / 10);
  g_assert_cmpuint (expired, <=, failed * 6 / 10);
  g_assert_cmpint (stats_fault (server, "expired"), ==, responses_403);
}

typedef struct
{
  GMainLoop *loop;
  guint      pending;
  guint      ok;
  gint64     started;
  gint64     slowest;
  gint64     fastest;
} Parallel;

static void
parallel_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Parallel *parallel = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  gint64 elapsed = g_get_monotonic_time () - parallel->started;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body != NULL && soup_message_get_status (soup_session_get_async_result_message (SOUP_SESSION (source), result)) == 200)
    parallel->ok++;
  parallel->slowest = MAX (parallel->slowest, elapsed);
  parallel->fastest = MIN (parallel->fastest, elapsed);
  if (--parallel->pending == 0)
    g_main_loop_quit (parallel->loop);
}

static void
test_fault_latency (void)
{
  g_autoptr(Server) server = server_start (FALSE, "--generate", "40", "--seed", "20", "--latency-ms", "200");
  g_autoptr(SoupSession) parallel_session = soup_session_new_with_options ("max-conns", 32,
                                                                          "max-conns-per-host", 16, NULL);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Parallel parallel = { loop, 8, 0, g_get_monotonic_time (), 0, G_MAXINT64 };

  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *url = i % 2 ? url_for (server, PROJECT "/%u", i + 1)
                                   : url_for (server, "/output/demo-org/demo-app/%u/1/0", i + 1);
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);

      soup_session_send_and_read_async (parallel_session, msg, G_PRIORITY_DEFAULT, NULL,
                                        parallel_done, &parallel);
    }
  g_main_loop_run (loop);

  g_test_message ("8 parallel requests with 200 ms latency: fastest %" G_GINT64_FORMAT
                  " ms, all done after %" G_GINT64_FORMAT " ms",
                  parallel.fastest / 1000, parallel.slowest / 1000);
  g_assert_cmpuint (parallel.ok, ==, 8);
  g_assert_cmpint (parallel.fastest, >=, 195 * 1000);
  g_assert_cmpint (parallel.slowest, <, 800 * 1000);
  g_assert_cmpint (stats_fault (server, "latency"), ==, 8);
}

static void
test_huge_log (void)
{
  g_autoptr(Server) server = server_start (TRUE, "--generate", "60", "--seed", "21", "--huge-log-mb", "160");
  JsonObject *root = json_node_get_object (server->truth);
  gint64 huge = json_object_get_int_member (root, "huge_log_build");
  JsonObject *truth = truth_build (server, huge);
  g_autofree char *url = failing_output_url (server, huge);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *buffer = g_malloc (256 * 1024);
  g_autofree char *normal = NULL;
  Counter counter = { 0 };
  gint64 started = g_get_monotonic_time (), elapsed;
  guint64 hwm_during = 0, hwm;
  gssize n;
  guint c;

  g_assert_cmpint (json_object_get_int_member (truth, "log_bytes"), >=, 160 * 1024 * 1024);
  g_assert_false (json_object_get_boolean_member (truth, "log_expired"));

  /* no other failed build is huge */
  for (guint i = 0; i < json_array_get_length (truth_builds (server)); i++)
    {
      JsonObject *other = json_array_get_object_element (truth_builds (server), i);

      if (json_object_get_int_member (other, "build_num") != huge &&
          !json_object_get_null_member (other, "log_bytes"))
        g_assert_cmpint (json_object_get_int_member (other, "log_bytes"), <, 10 * 1024 * 1024);
    }

  counter.key = g_string_new (NULL);
  counter.tail = g_string_new (NULL);
  stream = soup_session_send (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  while ((n = g_input_stream_read (stream, buffer, 256 * 1024, NULL, &error)) > 0)
    {
      counter_feed (&counter, buffer, (gsize) n);
      if (hwm_during == 0 && counter.body_bytes > 80 * 1024 * 1024)
        hwm_during = server_vm_kb (server, "VmHWM:");
    }
  g_assert_no_error (error);
  elapsed = g_get_monotonic_time () - started;
  hwm = server_vm_kb (server, "VmHWM:");

  g_test_message ("streamed %" G_GUINT64_FORMAT " bytes in %" G_GINT64_FORMAT " ms (%.0f MB/s); "
                  "server VmHWM %" G_GUINT64_FORMAT " kB", counter.body_bytes, elapsed / 1000,
                  counter.body_bytes / (elapsed / 1e6) / 1e6, hwm);
  g_assert_cmpuint (counter.message_bytes, ==, json_object_get_int_member (truth, "log_bytes"));
  g_assert_cmpuint (hwm_during, <, 48 * 1024);
  g_assert_cmpuint (hwm, <, 48 * 1024);

  /* the cause is at the end of the huge log */
  normal = normalize_log (counter.tail->str);
  for (c = 0; c < n_markers; c++)
    {
      if (g_str_equal (markers[c].cause, json_object_get_string_member (truth, "cause")))
        break;
    }
  g_assert_cmpuint (c, <, n_markers);
  g_assert_true (has_marker (normal, c));

  g_string_free (counter.key, TRUE);
  g_string_free (counter.tail, TRUE);
}

void
add_fault_tests (void)
{
  g_test_add_func ("/fake-ci/faults/server-errors", test_fault_server_errors);
  g_test_add_func ("/fake-ci/faults/rate-limit", test_fault_rate_limit);
  g_test_add_func ("/fake-ci/faults/truncate", test_fault_truncate);
  g_test_add_func ("/fake-ci/faults/consecutive", test_fault_consecutive);
  g_test_add_func ("/fake-ci/faults/retrying-client", test_fault_retrying_client);
  g_test_add_func ("/fake-ci/faults/expired", test_fault_expired);
  g_test_add_func ("/fake-ci/faults/latency", test_fault_latency);
  g_test_add_func ("/fake-ci/huge-log", test_huge_log);
}
