/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-webhook"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "culprit-json.h"
#include "culprit-webhook.h"

/* What the webhook listener (to come, issue #15) needs before it reacts to
 * a delivery: that GitHub signed it (X-Hub-Signature-256: "sha256=" and
 * the hex HMAC-SHA256 of the raw body under the shared secret, compared in
 * constant time), and what a `status` event says, down to the CircleCI
 * job and build its target URL names. */

G_DEFINE_QUARK (culprit-webhook-error-quark, culprit_webhook_error)

#define SIGNATURE_PREFIX "sha256="
#define SIGNATURE_HEX_LEN 64

/**
 * culprit_webhook_verify_signature:
 * @secret: the webhook's secret
 * @body: (array length=len): the raw request body, as received
 * @header: (nullable): the X-Hub-Signature-256 header
 *
 * Checks that @header is the signature GitHub makes of @body with
 * @secret. The comparison takes the same time wherever the first
 * difference is, so that an attacker cannot learn the signature byte by
 * byte from the answers' timing.
 *
 * Returns: %TRUE when it is; %FALSE with %CULPRIT_WEBHOOK_ERROR otherwise
 */
gboolean
culprit_webhook_verify_signature (const char    *secret,
                                  const guint8  *body,
                                  gsize          len,
                                  const char    *header,
                                  GError       **error)
{
  g_autoptr(GHmac) hmac = NULL;
  const char *expected;
  const char *given;
  guint8 difference = 0;

  g_return_val_if_fail (secret != NULL, FALSE);
  g_return_val_if_fail (body != NULL || len == 0, FALSE);

  if (header == NULL || header[0] == '\0')
    {
      g_set_error_literal (error, CULPRIT_WEBHOOK_ERROR, CULPRIT_WEBHOOK_ERROR_NO_SIGNATURE,
                           _("The delivery has no X-Hub-Signature-256 header"));
      return FALSE;
    }
  if (!g_str_has_prefix (header, SIGNATURE_PREFIX) ||
      strlen (header) != strlen (SIGNATURE_PREFIX) + SIGNATURE_HEX_LEN)
    {
      g_set_error_literal (error, CULPRIT_WEBHOOK_ERROR, CULPRIT_WEBHOOK_ERROR_MALFORMED_SIGNATURE,
                           _("The X-Hub-Signature-256 header is not “sha256=” and 64 hexadecimal digits"));
      return FALSE;
    }
  given = header + strlen (SIGNATURE_PREFIX);
  for (guint i = 0; i < SIGNATURE_HEX_LEN; i++)
    if (!g_ascii_isxdigit (given[i]))
      {
        g_set_error_literal (error, CULPRIT_WEBHOOK_ERROR, CULPRIT_WEBHOOK_ERROR_MALFORMED_SIGNATURE,
                             _("The X-Hub-Signature-256 header is not “sha256=” and 64 hexadecimal digits"));
        return FALSE;
      }

  hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *)secret, strlen (secret));
  g_hmac_update (hmac, body, len);
  expected = g_hmac_get_string (hmac);   /* lower-case hex, owned by @hmac */
  for (guint i = 0; i < SIGNATURE_HEX_LEN; i++)
    difference |= (guint8)(expected[i] ^ g_ascii_tolower (given[i]));
  if (difference != 0)
    {
      g_set_error_literal (error, CULPRIT_WEBHOOK_ERROR, CULPRIT_WEBHOOK_ERROR_BAD_SIGNATURE,
                           _("The delivery’s signature does not match its body and the webhook secret"));
      return FALSE;
    }
  return TRUE;
}

void
culprit_status_event_free (CulpritStatusEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->repo);
  g_free (event->sha);
  g_free (event->state);
  g_free (event->context);
  g_free (event->target_url);
  g_free (event->description);
  g_free (event);
}

static char *
dup_member (JsonObject *object,
            const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (node));
}

/**
 * culprit_status_event_parse:
 * @body: (array length=len): a `status` event's payload
 *
 * Returns: (transfer full) (nullable): the event, or %NULL with
 *   %CULPRIT_WEBHOOK_ERROR_BAD_PAYLOAD (or the JSON error) when it is not
 *   one
 */
CulpritStatusEvent *
culprit_status_event_parse (const char  *body,
                            gsize        len,
                            GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(CulpritStatusEvent) event = g_new0 (CulpritStatusEvent, 1);
  JsonObject *object, *repository = NULL;

  g_return_val_if_fail (body != NULL || len == 0, NULL);

  root = culprit_json_parse (body, len, error);
  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, CULPRIT_WEBHOOK_ERROR, CULPRIT_WEBHOOK_ERROR_BAD_PAYLOAD,
                           _("A status event is a JSON object"));
      return NULL;
    }
  object = json_node_get_object (root);
  if (json_object_has_member (object, "repository") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "repository")))
    repository = json_object_get_object_member (object, "repository");

  event->repo = dup_member (repository, "full_name");
  event->sha = dup_member (object, "sha");
  event->state = dup_member (object, "state");
  event->context = dup_member (object, "context");
  event->target_url = dup_member (object, "target_url");
  event->description = dup_member (object, "description");
  if (event->repo == NULL || event->sha == NULL || event->state == NULL || event->context == NULL)
    {
      g_set_error_literal (error, CULPRIT_WEBHOOK_ERROR, CULPRIT_WEBHOOK_ERROR_BAD_PAYLOAD,
                           _("A status event needs repository.full_name, sha, state and context"));
      return NULL;
    }
  return g_steal_pointer (&event);
}

/**
 * culprit_status_event_get_circleci_build:
 * @job: (out) (optional) (transfer full): the CircleCI job
 * @build_num: (out) (optional): the build's number
 *
 * Whether @event is CircleCI's, with a context `ci/circleci: JOB` and a
 * target URL whose path ends in the build's number (query and fragment
 * aside), as CircleCI's statuses have.
 *
 * Returns: %TRUE when it names a CircleCI build
 */
gboolean
culprit_status_event_get_circleci_build (const CulpritStatusEvent *event,
                                         char                    **job,
                                         gint64                   *build_num)
{
  const char *prefix = "ci/circleci: ";
  g_autoptr(GUri) uri = NULL;
  g_auto(GStrv) parts = NULL;
  const char *last = NULL;
  guint64 number;

  g_return_val_if_fail (event != NULL, FALSE);

  if (event->context == NULL || !g_str_has_prefix (event->context, prefix) ||
      event->context[strlen (prefix)] == '\0' || event->target_url == NULL)
    return FALSE;
  uri = g_uri_parse (event->target_url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return FALSE;
  parts = g_strsplit (g_uri_get_path (uri), "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] != '\0')
      last = parts[i];
  if (last == NULL || !g_ascii_string_to_unsigned (last, 10, 1, G_MAXINT64, &number, NULL))
    return FALSE;

  if (job != NULL)
    *job = g_strdup (event->context + strlen (prefix));
  if (build_num != NULL)
    *build_num = (gint64)number;
  return TRUE;
}
