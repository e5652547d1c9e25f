/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "culprit-log-decoder.h"
#include "culprit-test-util.h"

/* The log decoder, fed the ways a network feeds it */

static GBytes *
decode (const char  *json,
        gsize        len,
        gsize        chunk,
        gsize        cap,
        gboolean    *truncated,
        GError     **error)
{
  g_autoptr(CulpritLogDecoder) decoder = culprit_log_decoder_new (cap);
  gsize total = 0;

  for (gsize i = 0; i < len; i += chunk)
    if (!culprit_log_decoder_feed (decoder, json + i, MIN (chunk, len - i), error))
      return NULL;
  return culprit_log_decoder_finish (decoder, &total, truncated, error);
}

static void
assert_decodes_to (const char *json,
                   const char *expected)
{
  /* whole, and a byte at a time: chunk boundaries fall everywhere */
  gsize chunks[] = { strlen (json), 1, 2, 3, 7 };

  for (guint i = 0; i < G_N_ELEMENTS (chunks); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) out = decode (json, strlen (json), chunks[i], 0, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpmem (g_bytes_get_data (out, NULL), g_bytes_get_size (out), expected, strlen (expected));
    }
}

static void
test_decoder (void)
{
  assert_decodes_to ("[]", "");
  assert_decodes_to ("[{\"type\":\"out\",\"message\":\"hello\\r\\n\",\"time\":\"t\"},"
                     " {\"message\": \"world\\n\", \"type\": \"err\"}]\n", "hello\r\nworld\n");
  assert_decodes_to ("[{\"message\":\"\\u001b[31mred\\u001b[0m \\\"q\\\" \\\\ \\/ \\t\"}]",
                     "\033[31mred\033[0m \"q\" \\ / \t");
  /* UTF-8 as is, \u escapes with surrogate pairs, and a lone surrogate */
  assert_decodes_to ("[{\"message\":\"ü \\u00fc \\ud83d\\ude00 \\ud800x\"}]", "ü ü 😀 \xef\xbf\xbdx");
  /* other members, nested values and numbers are skipped, even one named message deeper */
  assert_decodes_to ("[{\"time\": 12.5e3, \"meta\": {\"message\": \"no\"}, \"list\": [1, true, null],"
                     " \"message\": \"yes\", \"messages\": \"no\", \"x\": false}]", "yes");
  assert_decodes_to ("[{\"message\": null}, {\"message\": \"a\"}]", "a");
}

static void
test_decoder_errors (void)
{
  const char *bad[] = {
    "[{\"message\": \"cut here",             /* truncated in a string */
    "[{\"message\": \"x\"}",                 /* no closing bracket */
    "[{\"message\": \"x\"},",                /* cut after a comma */
    "{\"message\": \"x\"}",                  /* not an array */
    "[\"x\"]",                               /* not objects */
    "[{\"message\": \"x\"}] trailing",
    "[{\"message\": \"\\q\"}]",              /* bad escape */
    "<Error><Code>AccessDenied</Code></Error>",
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) out = decode (bad[i], strlen (bad[i]), 3, 0, NULL, &error);

      g_assert_null (out);
      g_assert_true (error->domain == CULPRIT_CIRCLECI_ERROR);
    }
}

static void
test_decoder_cap (void)
{
  g_autoptr(GString) json = g_string_new ("[");
  g_autoptr(GString) plain = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) out = NULL;
  gboolean truncated = FALSE;
  const char *data;
  gsize len;

  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *line = g_strdup_printf ("line %05u of the log\\n", i);
      g_string_append_printf (json, "%s{\"message\":\"%s\"}", i ? "," : "", line);
      g_string_append_printf (plain, "line %05u of the log\n", i);
    }
  g_string_append (json, "]");

  out = decode (json->str, json->len, 4096, 10000, &truncated, &error);
  g_assert_no_error (error);
  g_assert_true (truncated);
  data = g_bytes_get_data (out, &len);
  /* the tail, at most the cap, from the start of a line */
  g_assert_cmpuint (len, <=, 10000);
  g_assert_cmpuint (len, >, 9000);
  g_assert_true (g_str_has_prefix (data, "line "));
  g_assert_cmpmem (data, len, plain->str + plain->len - len, len);
}

/* The parsers, on real responses of CircleCI's API v1.1 */

static JsonNode *
load_shared_json (const char *relative)
{
  g_autofree char *path = culprit_test_shared_data (relative);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    return NULL;
  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
test_real_build_detail (void)
{
  g_autoptr(JsonNode) root = load_shared_json ("circleci-api/ci_runner/test/fixtures/circleci/job_parallel.json");
  g_autoptr(CulpritBuildDetail) detail = NULL;
  g_autoptr(GError) error = NULL;
  CulpritBuild *b;

  if (root == NULL)
    {
      g_test_skip ("../shared/data/circleci-api is not here");
      return;
    }

  detail = culprit_circleci_parse_build_detail ("github/thoughtbot/administrate", root, &error);
  g_assert_no_error (error);
  b = detail->build;
  g_assert_cmpint (culprit_build_get_build_num (b), >, 0);
  g_assert_cmpstr (culprit_build_get_job (b), ==, "Minitest");
  g_assert_cmpstr (culprit_build_get_workflow (b), ==, "build");
  g_assert_cmpuint (strlen (culprit_build_get_vcs_revision (b)), ==, 40);
  g_assert_cmpint (culprit_build_get_queued_at (b), >, 1500000000);
  /* three parallel containers; the third failed */
  g_assert_cmpstr (detail->failed_step, ==, "Install Google Chrome");
  g_assert_false (detail->timedout);
  g_assert_nonnull (detail->output_url);
  g_assert_true (g_str_has_prefix (detail->output_url, "https://"));
}

static void
test_real_build_detail_ci_bot (void)
{
  g_autoptr(JsonNode) root = load_shared_json ("circleci-api/ci-bot/test/fixtures/circleci.build.json");
  g_autoptr(CulpritBuildDetail) detail = NULL;
  g_autoptr(GError) error = NULL;

  if (root == NULL)
    {
      g_test_skip ("../shared/data/circleci-api is not here");
      return;
    }

  detail = culprit_circleci_parse_build_detail ("github/cheung31/ci-bot", root, &error);
  g_assert_no_error (error);
  g_assert_cmpint (culprit_build_get_build_num (detail->build), ==, 10);
  g_assert_cmpstr (culprit_build_get_branch (detail->build), ==, "tests");
  g_assert_cmpstr (culprit_build_get_outcome (detail->build), ==, "failed");
  g_assert_cmpstr (culprit_build_get_job (detail->build), ==, "build");
  g_assert_cmpint (culprit_build_get_queued_at (detail->build), ==, 1573516385);
  g_assert_true (culprit_build_is_failed (detail->build));
}

static void
test_real_build_list (void)
{
  g_autoptr(JsonNode) root = load_shared_json ("circleci-api/circleci.py/tests/mocks/mock_get_recent_builds_response");
  g_autoptr(GPtrArray) builds = NULL;
  g_autoptr(GError) error = NULL;

  if (root == NULL)
    {
      g_test_skip ("../shared/data/circleci-api is not here");
      return;
    }

  builds = culprit_circleci_parse_build_list ("github/levlaz/circleci.py", root, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (builds->len, ==, json_array_get_length (json_node_get_array (root)));
  for (guint i = 0; i < builds->len; i++)
    {
      CulpritBuild *b = builds->pdata[i];
      JsonObject *o = json_array_get_object_element (json_node_get_array (root), i);

      g_assert_cmpint (culprit_build_get_build_num (b), ==, json_object_get_int_member (o, "build_num"));
      g_assert_cmpstr (culprit_build_get_branch (b), ==, json_object_get_string_member_with_default (o, "branch", NULL));
      g_assert_cmpstr (culprit_build_get_outcome (b), ==, json_object_get_string_member_with_default (o, "outcome", NULL));
    }
  /* "infrastructure_fail" is a failure; the first build is one */
  g_assert_cmpstr (culprit_build_get_outcome (builds->pdata[0]), ==, "infrastructure_fail");
  g_assert_true (culprit_build_is_failed (builds->pdata[0]));
}

static void
test_real_action_output (void)
{
  const char *outputs[] = {
    "circleci-api/ci-bot/test/fixtures/circleci.action-output.json",
    "circleci-api/ci_runner/test/fixtures/circleci/job_test_output.json",
    "circleci-api/ci_runner/test/fixtures/circleci/job_setup_output.json",
    "circleci-api/ci_runner/test/fixtures/circleci/job_container_output.json",
  };

  for (guint i = 0; i < G_N_ELEMENTS (outputs); i++)
    {
      g_autofree char *path = culprit_test_shared_data (outputs[i]);
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(GString) expected = g_string_new (NULL);
      g_autoptr(GBytes) out = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      JsonArray *array;
      gsize len;

      if (path == NULL)
        {
          g_test_skip ("../shared/data/circleci-api is not here");
          return;
        }
      root = load_shared_json (outputs[i]);
      array = json_node_get_array (root);
      for (guint j = 0; j < json_array_get_length (array); j++)
        g_string_append (expected, json_object_get_string_member (json_array_get_object_element (array, j), "message"));

      g_file_get_contents (path, &text, &len, &error);
      g_assert_no_error (error);
      out = decode (text, len, 1000, 0, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (g_bytes_get_data (out, NULL), g_bytes_get_size (out), expected->str, expected->len);
      g_assert_cmpuint (expected->len, >, 100);
    }
}

static void
test_bad_responses (void)
{
  const char *lists[] = { "{}", "[1]", "[{\"branch\": \"master\"}]", "[{\"build_num\": \"7\"}]" };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      g_autoptr(JsonNode) root = json_from_string (lists[i], NULL);
      g_autoptr(GPtrArray) builds = culprit_circleci_parse_build_list ("github/a/b", root, &error);

      g_assert_null (builds);
      g_assert_error (error, CULPRIT_CIRCLECI_ERROR, CULPRIT_CIRCLECI_ERROR_BAD_RESPONSE);
      g_clear_error (&error);
    }

  g_assert_false (culprit_circleci_check_repo ("pytorch/pytorch", &error));
  g_assert_error (error, CULPRIT_CIRCLECI_ERROR, CULPRIT_CIRCLECI_ERROR_INVALID_REPO);
  g_assert_true (culprit_circleci_check_repo ("github/pytorch/pytorch", NULL));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/culprit/circleci/decoder", test_decoder);
  g_test_add_func ("/culprit/circleci/decoder-errors", test_decoder_errors);
  g_test_add_func ("/culprit/circleci/decoder-cap", test_decoder_cap);
  g_test_add_func ("/culprit/circleci/real-build-detail", test_real_build_detail);
  g_test_add_func ("/culprit/circleci/real-build-detail-ci-bot", test_real_build_detail_ci_bot);
  g_test_add_func ("/culprit/circleci/real-build-list", test_real_build_list);
  g_test_add_func ("/culprit/circleci/real-action-output", test_real_action_output);
  g_test_add_func ("/culprit/circleci/bad-responses", test_bad_responses);

  return g_test_run ();
}
