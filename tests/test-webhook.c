/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the webhook listener will check of a delivery: GitHub's signature
 * (on GitHub's and octokit's published test vectors, and on forgeries),
 * and what a status event names (on GitHub's own example payloads). */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include <culprit.h>

#include "culprit-test-util.h"

#define VECTORS "github-webhooks/signature/x-hub-signature-256-test-vectors.json"
#define STATUS_EXAMPLES "github-webhooks/payload-examples/api.github.com/status"

/* The published vectors verify; with any one byte of body, secret or
 * signature changed, they do not. */
static void
test_signature_vectors (void)
{
  g_autofree char *path = culprit_test_shared_data (VECTORS);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *vectors;

  if (path == NULL)
    {
      g_test_skip ("../shared/data/github-webhooks is not here");
      return;
    }
  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  vectors = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "vectors");
  g_assert_cmpuint (json_array_get_length (vectors), >=, 2);

  for (guint i = 0; i < json_array_get_length (vectors); i++)
    {
      JsonObject *vector = json_array_get_object_element (vectors, i);
      const char *secret = json_object_get_string_member (vector, "secret");
      const char *payload = json_object_get_string_member (vector, "payload");
      const char *header = json_object_get_string_member (vector, "x_hub_signature_256");
      g_autofree char *upper = g_ascii_strup (header + strlen ("sha256="), -1);
      g_autofree char *upper_header = g_strconcat ("sha256=", upper, NULL);
      g_autofree char *body = g_strdup (payload);
      g_autofree char *forged = g_strdup (header);
      g_autofree char *other_secret = g_strconcat (secret, " ", NULL);

      g_test_message ("Vector %u: %s", i, json_object_get_string_member (vector, "source"));
      g_assert_true (culprit_webhook_verify_signature (secret, (const guint8 *)payload, strlen (payload),
                                                       header, &error));
      g_assert_no_error (error);
      /* hex digits in capitals are the same signature */
      g_assert_true (culprit_webhook_verify_signature (secret, (const guint8 *)payload, strlen (payload),
                                                       upper_header, &error));
      g_assert_no_error (error);

      /* a byte of the body */
      body[0] ^= 1;
      g_assert_false (culprit_webhook_verify_signature (secret, (const guint8 *)body, strlen (body),
                                                        header, &error));
      g_assert_error (error, CULPRIT_WEBHOOK_ERROR, CULPRIT_WEBHOOK_ERROR_BAD_SIGNATURE);
      g_clear_error (&error);
      /* the body cut short */
      g_assert_false (culprit_webhook_verify_signature (secret, (const guint8 *)payload, strlen (payload) - 1,
                                                        header, &error));
      g_assert_error (error, CULPRIT_WEBHOOK_ERROR, CULPRIT_WEBHOOK_ERROR_BAD_SIGNATURE);
      g_clear_error (&error);
      /* another secret */
      g_assert_false (culprit_webhook_verify_signature (other_secret, (const guint8 *)payload,
                                                        strlen (payload), header, &error));
      g_assert_error (error, CULPRIT_WEBHOOK_ERROR, CULPRIT_WEBHOOK_ERROR_BAD_SIGNATURE);
      g_clear_error (&error);
      /* the last digit of the signature */
      forged[strlen (forged) - 1] = forged[strlen (forged) - 1] == '0' ? '1' : '0';
      g_assert_false (culprit_webhook_verify_signature (secret, (const guint8 *)payload, strlen (payload),
                                                        forged, &error));
      g_assert_error (error, CULPRIT_WEBHOOK_ERROR, CULPRIT_WEBHOOK_ERROR_BAD_SIGNATURE);
      g_clear_error (&error);
    }
}

/* Headers that are not a signature at all say so, and never pass. */
static void
test_signature_malformed (void)
{
  const char *body = "{\"zen\":\"Keep it logically awesome.\"}";
  const char *malformed[] = {
    "sha1=0123456789abcdef0123456789abcdef01234567",
    "sha256=",
    "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1",     /* 63 digits */
    "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e177",   /* 65 */
    "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1g",    /* not hex */
    "SHA256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
    " sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
  };
  g_autoptr(GError) error = NULL;

  g_assert_false (culprit_webhook_verify_signature ("s", (const guint8 *)body, strlen (body), NULL, &error));
  g_assert_error (error, CULPRIT_WEBHOOK_ERROR, CULPRIT_WEBHOOK_ERROR_NO_SIGNATURE);
  g_clear_error (&error);
  g_assert_false (culprit_webhook_verify_signature ("s", (const guint8 *)body, strlen (body), "", &error));
  g_assert_error (error, CULPRIT_WEBHOOK_ERROR, CULPRIT_WEBHOOK_ERROR_NO_SIGNATURE);
  g_clear_error (&error);
  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_assert_false (culprit_webhook_verify_signature ("s", (const guint8 *)body, strlen (body),
                                                        malformed[i], &error));
      g_assert_error (error, CULPRIT_WEBHOOK_ERROR, CULPRIT_WEBHOOK_ERROR_MALFORMED_SIGNATURE);
      g_clear_error (&error);
    }
}

/* GitHub's example status payloads parse; none of them is CircleCI's. */
static void
test_status_examples (void)
{
  g_autofree char *dir_path = culprit_test_shared_data (STATUS_EXAMPLES);
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint n = 0;

  if (dir_path == NULL)
    {
      g_test_skip ("../shared/data/github-webhooks is not here");
      return;
    }
  dir = g_dir_open (dir_path, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autofree char *body = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(CulpritStatusEvent) event = NULL;
      gsize len;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      g_assert_true (g_file_get_contents (path, &body, &len, NULL));
      event = culprit_status_event_parse (body, len, &error);
      g_assert_no_error (error);
      g_test_message ("%s: %s %s %s in %s", name, event->context, event->state, event->sha, event->repo);
      g_assert_cmpuint (strlen (event->sha), ==, 40);
      g_assert_true (strchr (event->repo, '/') != NULL);
      g_assert_false (culprit_status_event_get_circleci_build (event, NULL, NULL));
      n++;
    }
  g_assert_cmpuint (n, >, 0);
}

static CulpritStatusEvent *
status_event (const char *context,
              const char *target_url)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GError) error = NULL;
  CulpritStatusEvent *event;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "sha");
  json_builder_add_string_value (builder, "6113728f27ae82c7b1a177c8d03f9e96e0adf246");
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, "failure");
  json_builder_set_member_name (builder, "context");
  json_builder_add_string_value (builder, context);
  json_builder_set_member_name (builder, "target_url");
  if (target_url != NULL)
    json_builder_add_string_value (builder, target_url);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "repository");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "full_name");
  json_builder_add_string_value (builder, "demo-org/demo-app");
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = json_to_string (root, FALSE);
  event = culprit_status_event_parse (body, strlen (body), &error);
  g_assert_no_error (error);
  return event;
}

/* A failed CircleCI status names its job and build, however the URL ends. */
static void
test_status_circleci (void)
{
  const struct { const char *context, *url, *job; gint64 build; } cases[] = {
    { "ci/circleci: test", "https://circleci.com/gh/demo-org/demo-app/1234?utm_campaign=vcs", "test", 1234 },
    { "ci/circleci: build-and-lint", "https://circleci.com/gh/demo-org/demo-app/7/", "build-and-lint", 7 },
    { "ci/circleci: test", "https://circleci.com/gh/demo-org/demo-app/88#tests", "test", 88 },
    { "ci/circleci: test", "https://app.circleci.com/pipelines/github/demo-org/demo-app/12/workflows/abc", NULL, 0 },
    { "ci/circleci: test", NULL, NULL, 0 },
    { "ci/circleci: ", "https://circleci.com/gh/demo-org/demo-app/5", NULL, 0 },
    { "continuous-integration/travis-ci/pr", "https://travis-ci.org/demo-org/demo-app/builds/5", NULL, 0 },
    { "ci/circleci: test", "not a url/5", NULL, 0 },
    { "ci/circleci: test", "https://circleci.com/gh/demo-org/demo-app/0", NULL, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CulpritStatusEvent) event = status_event (cases[i].context, cases[i].url);
      g_autofree char *job = NULL;
      gint64 build = 0;
      gboolean found = culprit_status_event_get_circleci_build (event, &job, &build);

      g_test_message ("%s at %s", cases[i].context, cases[i].url ? cases[i].url : "(none)");
      g_assert_cmpint (found, ==, cases[i].job != NULL);
      g_assert_cmpstr (job, ==, cases[i].job);
      g_assert_cmpint (build, ==, cases[i].build);
    }
}

/* Payloads that are not a status event are refused with a reason. */
static void
test_status_bad (void)
{
  const char *bad[] = {
    "",
    "[]",
    "{\"sha\": \"a\", \"state\": \"failure\", \"context\": \"x\"}",        /* no repository */
    "{\"repository\": {\"full_name\": 3}, \"sha\": \"a\", \"state\": \"failure\", \"context\": \"x\"}",
    "{\"repository\": {\"full_name\": \"a/b\"",
  };
  g_autofree char *deep = g_strnfill (100000, '[');

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CulpritStatusEvent) event = culprit_status_event_parse (bad[i], strlen (bad[i]), &error);

      g_assert_null (event);
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
    }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CulpritStatusEvent) event = culprit_status_event_parse (deep, strlen (deep), &error);

    g_assert_null (event);
    g_assert_error (error, CULPRIT_JSON_ERROR, CULPRIT_JSON_ERROR_TOO_DEEP);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/culprit/webhook/signature/vectors", test_signature_vectors);
  g_test_add_func ("/culprit/webhook/signature/malformed", test_signature_malformed);
  g_test_add_func ("/culprit/webhook/status/examples", test_status_examples);
  g_test_add_func ("/culprit/webhook/status/circleci", test_status_circleci);
  g_test_add_func ("/culprit/webhook/status/bad", test_status_bad);

  return g_test_run ();
}
