/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-circleci"

#include "config.h"

#include <libsoup/soup.h>
#include <glib/gi18n-lib.h>

#include "culprit-circleci.h"
#include "culprit-json.h"
#include "culprit-log-decoder.h"

/* The CircleCI v1.1 client. Every request goes through one queue that
 * bounds how many run at once; a request that meets a 5xx, a 429, a
 * connection error or a body cut short is retried with exponential
 * backoff (Retry-After honoured), and gives its slot back while it waits.
 * The token goes to the API only, never to the log storage URLs. */

#define READ_CHUNK (256 * 1024)
#define MAX_JSON_BODY (64 * 1024 * 1024)
#define MAX_RETRY_AFTER_S 300

struct _CulpritCircleci
{
  GObject      parent_instance;

  SoupSession  *session;
  GMainContext *context;        /* the session's: the thread-default one at creation */
  char        *api_root;
  char        *token;
  GQueue       queue;           /* Request waiting for a slot */
  guint        active;
  guint        max_concurrent;
  guint        max_retries;
  guint        backoff_ms;
  guint        n_requests;
  guint        n_retries;
  guint64      bytes_received;
};

G_DEFINE_FINAL_TYPE (CulpritCircleci, culprit_circleci, G_TYPE_OBJECT)
G_DEFINE_QUARK (culprit-circleci-error-quark, culprit_circleci_error)

typedef enum
{
  KIND_JSON,
  KIND_LOG,
} RequestKind;

typedef struct
{
  CulpritCircleci   *self;
  GTask             *task;
  char              *url;
  RequestKind        kind;
  gboolean           send_token;
  gsize              cap;
  guint              attempt;
  guint              wait_ms;
  guint              waited_ms;
  SoupMessage       *message;
  GInputStream      *stream;
  GByteArray        *body;
  CulpritLogDecoder *decoder;
  GError            *last_error;
} Request;

static void request_start (Request *req);

static void
request_free (Request *req)
{
  g_clear_object (&req->message);
  g_clear_object (&req->stream);
  g_clear_pointer (&req->body, g_byte_array_unref);
  g_clear_pointer (&req->decoder, culprit_log_decoder_free);
  g_clear_error (&req->last_error);
  g_free (req->url);
  g_free (req);
}

static void
culprit_circleci_finalize (GObject *object)
{
  CulpritCircleci *self = (CulpritCircleci *)object;

  g_assert (self->queue.length == 0);
  g_clear_object (&self->session);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->api_root, g_free);
  g_clear_pointer (&self->token, g_free);

  G_OBJECT_CLASS (culprit_circleci_parent_class)->finalize (object);
}

static void
culprit_circleci_class_init (CulpritCircleciClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = culprit_circleci_finalize;
}

static void
culprit_circleci_init (CulpritCircleci *self)
{
  g_queue_init (&self->queue);
  self->max_concurrent = 8;
  self->max_retries = 5;
  self->backoff_ms = 500;
  self->context = g_main_context_ref_thread_default ();
  self->session = soup_session_new_with_options ("timeout", 60,
                                                 "max-conns", 64,
                                                 "max-conns-per-host", 64,
                                                 "user-agent", "Culprit/" PACKAGE_VERSION " ",
                                                 NULL);
}

/**
 * culprit_circleci_new:
 * @api_root: (nullable): the service root, default `https://circleci.com`;
 *   requests go to `ROOT/api/v1.1/...`
 * @token: (nullable): the API token, sent as `Circle-Token` to the API only
 */
CulpritCircleci *
culprit_circleci_new (const char *api_root,
                      const char *token)
{
  CulpritCircleci *self = g_object_new (CULPRIT_TYPE_CIRCLECI, NULL);
  gsize len;

  self->api_root = g_strdup (api_root ? api_root : CULPRIT_CIRCLECI_DEFAULT_ROOT);
  len = strlen (self->api_root);
  while (len > 0 && self->api_root[len - 1] == '/')
    self->api_root[--len] = '\0';
  self->token = token && *token ? g_strdup (token) : NULL;

  return self;
}

void
culprit_circleci_set_max_concurrent (CulpritCircleci *self,
                                     guint            max_concurrent)
{
  g_return_if_fail (CULPRIT_IS_CIRCLECI (self));
  self->max_concurrent = CLAMP (max_concurrent, 1, 64);
}

void
culprit_circleci_set_timeout (CulpritCircleci *self,
                              guint            seconds)
{
  g_return_if_fail (CULPRIT_IS_CIRCLECI (self));
  g_object_set (self->session, "timeout", seconds, NULL);
}

void
culprit_circleci_set_max_retries (CulpritCircleci *self,
                                  guint            max_retries)
{
  g_return_if_fail (CULPRIT_IS_CIRCLECI (self));
  self->max_retries = max_retries;
}

void
culprit_circleci_set_backoff_ms (CulpritCircleci *self,
                                 guint            first_delay_ms)
{
  g_return_if_fail (CULPRIT_IS_CIRCLECI (self));
  self->backoff_ms = first_delay_ms;
}

guint
culprit_circleci_get_n_requests (CulpritCircleci *self)
{
  g_return_val_if_fail (CULPRIT_IS_CIRCLECI (self), 0);
  return self->n_requests;
}

guint
culprit_circleci_get_n_retries (CulpritCircleci *self)
{
  g_return_val_if_fail (CULPRIT_IS_CIRCLECI (self), 0);
  return self->n_retries;
}

guint64
culprit_circleci_get_bytes_received (CulpritCircleci *self)
{
  g_return_val_if_fail (CULPRIT_IS_CIRCLECI (self), 0);
  return self->bytes_received;
}

/**
 * culprit_circleci_check_repo:
 *
 * Checks a repository name such as `github/ORG/REPO`.
 */
gboolean
culprit_circleci_check_repo (const char  *repo,
                             GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (repo, "/", -1);

  if (g_strv_length (parts) != 3 || parts[1][0] == '\0' || parts[2][0] == '\0' ||
      !(g_str_equal (parts[0], "github") || g_str_equal (parts[0], "gh") ||
        g_str_equal (parts[0], "bitbucket") || g_str_equal (parts[0], "bb")))
    {
      g_set_error (error, CULPRIT_CIRCLECI_ERROR, CULPRIT_CIRCLECI_ERROR_INVALID_REPO,
                   _("“%s” is not a repository name: write it as github/ORG/REPO"), repo);
      return FALSE;
    }
  return TRUE;
}

/* Slots */

static void
pump (CulpritCircleci *self)
{
  while (self->active < self->max_concurrent && self->queue.length > 0)
    {
      Request *req = g_queue_pop_head (&self->queue);

      self->active++;
      request_start (req);
    }
}

static void
enqueue (Request  *req,
         gboolean  at_head)
{
  if (at_head)
    g_queue_push_head (&req->self->queue, req);
  else
    g_queue_push_tail (&req->self->queue, req);
  pump (req->self);
}

static gboolean
pump_idle (gpointer data)
{
  pump (data);
  return G_SOURCE_REMOVE;
}

/* Sources go to the session's context, not the global default one: a
 * client that runs in a worker thread (as the GUI's refresh does) must not
 * have its retries and queue run in the main thread. */
static void
attach_source (CulpritCircleci *self,
               GSource         *source,
               GSourceFunc      func,
               gpointer         data,
               GDestroyNotify   notify)
{
  g_source_set_callback (source, func, data, notify);
  g_source_attach (source, self->context);
  g_source_unref (source);
}

static void
release_slot (Request *req)
{
  CulpritCircleci *self = req->self;

  g_assert (self->active > 0);
  self->active--;
  g_clear_object (&req->stream);
  g_clear_object (&req->message);
  {
    GSource *idle = g_idle_source_new ();

    g_source_set_priority (idle, G_PRIORITY_DEFAULT);
    attach_source (self, idle, pump_idle, g_object_ref (self), g_object_unref);
  }
}

static void
complete (Request *req,
          gpointer result,
          GDestroyNotify free_func,
          GError  *error)
{
  g_autoptr(GTask) task = req->task;

  release_slot (req);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, free_func);
  request_free (req);
}

/* Retries */

static gboolean
retry_tick (gpointer data)
{
  Request *req = data;

  if (g_task_return_error_if_cancelled (req->task))
    {
      g_object_unref (req->task);
      request_free (req);
      return G_SOURCE_REMOVE;
    }

  req->waited_ms += 50;
  if (req->waited_ms < req->wait_ms)
    return G_SOURCE_CONTINUE;

  enqueue (req, TRUE);
  return G_SOURCE_REMOVE;
}

static guint
retry_after_ms (SoupMessage *message)
{
  const char *header;
  guint64 seconds;

  if (message == NULL)
    return 0;
  header = soup_message_headers_get_one (soup_message_get_response_headers (message), "Retry-After");
  if (header == NULL)
    return 0;
  if (g_ascii_string_to_unsigned (header, 10, 0, MAX_RETRY_AFTER_S, &seconds, NULL))
    return seconds * 1000;
  {
    g_autoptr(GDateTime) when = soup_date_time_new_from_http_string (header);
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

    if (when != NULL)
      return CLAMP (g_date_time_difference (when, now) / 1000, 0, MAX_RETRY_AFTER_S * 1000);
  }
  return 0;
}

/* Retries @req after a backoff, or fails it with @error after the last try. */
static void
retry_or_fail (Request *req,
               GError  *error)
{
  CulpritCircleci *self = req->self;
  guint delay;

  g_clear_error (&req->last_error);
  req->last_error = error;

  if (req->attempt >= self->max_retries)
    {
      GError *final = g_error_new (CULPRIT_CIRCLECI_ERROR, CULPRIT_CIRCLECI_ERROR_NETWORK,
                                   g_dngettext (GETTEXT_PACKAGE,
                                                "%s (gave up after %u try)",
                                                "%s (gave up after %u tries)",
                                                req->attempt + 1),
                                   error->message, req->attempt + 1);
      complete (req, NULL, NULL, final);
      return;
    }

  delay = retry_after_ms (req->message);
  if (delay == 0)
    {
      delay = MIN (self->backoff_ms << MIN (req->attempt, 10), 30000);
      delay += g_random_int_range (0, delay / 4 + 1);
    }
  g_debug ("Retrying %s in %u ms: %s", req->url, delay, error->message);

  req->attempt++;
  self->n_retries++;
  req->wait_ms = delay;
  req->waited_ms = 0;
  release_slot (req);
  attach_source (self, g_timeout_source_new (50), retry_tick, req, NULL);
}

static gboolean
is_transient (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;
  return error->domain == G_IO_ERROR || error->domain == G_RESOLVER_ERROR ||
         error->domain == G_TLS_ERROR || error->domain == SOUP_SESSION_ERROR ||
         g_error_matches (error, CULPRIT_CIRCLECI_ERROR, CULPRIT_CIRCLECI_ERROR_TRUNCATED) ||
         g_error_matches (error, CULPRIT_CIRCLECI_ERROR, CULPRIT_CIRCLECI_ERROR_BAD_RESPONSE);
}

static void
fail_or_retry (Request *req,
               GError  *error)
{
  if (is_transient (error))
    retry_or_fail (req, error);
  else
    complete (req, NULL, NULL, error);
}

/* Bodies */

static void read_next (Request *req);

static void
body_done (Request *req)
{
  GError *error = NULL;

  if (req->kind == KIND_LOG)
    {
      CulpritFetchedLog *log = g_new0 (CulpritFetchedLog, 1);

      log->log = culprit_log_decoder_finish (req->decoder, &log->total_bytes, &log->truncated,
                                             &error);
      if (log->log == NULL)
        {
          culprit_fetched_log_free (log);
          fail_or_retry (req, error);
          return;
        }
      complete (req, log, (GDestroyNotify)culprit_fetched_log_free, NULL);
    }
  else
    {
      JsonNode *root = culprit_json_parse ((const char *)req->body->data, req->body->len, &error);

      if (root == NULL)
        {
          gboolean too_deep = g_error_matches (error, CULPRIT_JSON_ERROR,
                                               CULPRIT_JSON_ERROR_TOO_DEEP);
          GError *bad;

          if (too_deep)
            bad = g_error_new (CULPRIT_CIRCLECI_ERROR, CULPRIT_CIRCLECI_ERROR_BAD_RESPONSE,
                               _("CircleCI sent an answer that Culprit cannot read from %s: %s"),
                               req->url, error->message);
          else
            bad = g_error_new (CULPRIT_CIRCLECI_ERROR, CULPRIT_CIRCLECI_ERROR_BAD_RESPONSE,
                               _("CircleCI sent a body that is not JSON from %s: %s"),
                               req->url, error->message);
          g_clear_error (&error);
          /* the same answer again would be no better */
          if (too_deep)
            complete (req, NULL, NULL, bad);
          else
            fail_or_retry (req, bad);
          return;
        }
      complete (req, root, (GDestroyNotify)json_node_unref, NULL);
    }
}

static void
on_read (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  Request *req = data;
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;
  gsize len;
  const char *chunk;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (bytes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          GError *cut = g_error_new (CULPRIT_CIRCLECI_ERROR, CULPRIT_CIRCLECI_ERROR_TRUNCATED,
                                     _("The download from %s was cut: %s"),
                                     req->kind == KIND_LOG ? _("log storage") : req->url,
                                     error->message);
          g_clear_error (&error);
          error = cut;
        }
      fail_or_retry (req, error);
      return;
    }

  chunk = g_bytes_get_data (bytes, &len);
  if (len == 0)
    {
      body_done (req);
      return;
    }
  req->self->bytes_received += len;

  if (req->kind == KIND_LOG)
    {
      if (!culprit_log_decoder_feed (req->decoder, chunk, len, &error))
        {
          if (g_error_matches (error, CULPRIT_JSON_ERROR, CULPRIT_JSON_ERROR_TOO_DEEP))
            {
              /* the same log again would be no better */
              GError *bad = g_error_new_literal (CULPRIT_CIRCLECI_ERROR,
                                                 CULPRIT_CIRCLECI_ERROR_BAD_RESPONSE,
                                                 error->message);

              g_clear_error (&error);
              complete (req, NULL, NULL, bad);
              return;
            }
          fail_or_retry (req, error);
          return;
        }
    }
  else
    {
      if (req->body->len + len > MAX_JSON_BODY)
        {
          complete (req, NULL, NULL,
                    g_error_new (CULPRIT_CIRCLECI_ERROR, CULPRIT_CIRCLECI_ERROR_BAD_RESPONSE,
                                 _("CircleCI’s answer from %s is larger than %d MB"), req->url,
                                 MAX_JSON_BODY / (1024 * 1024)));
          return;
        }
      g_byte_array_append (req->body, (const guint8 *)chunk, len);
    }

  read_next (req);
}

static void
read_next (Request *req)
{
  g_input_stream_read_bytes_async (req->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (req->task), on_read, req);
}

static GError *
status_error (Request *req,
              guint    status)
{
  const char *reason = soup_status_get_phrase (status);

  if (req->kind == KIND_LOG && (status == 403 || status == 404 || status == 410))
    return g_error_new (CULPRIT_CIRCLECI_ERROR, CULPRIT_CIRCLECI_ERROR_LOG_GONE,
                        _("The log is no longer in CircleCI’s storage (HTTP %u %s)"),
                        status, reason ? reason : "");
  if (status == 401 || status == 403)
    return g_error_new (CULPRIT_CIRCLECI_ERROR, CULPRIT_CIRCLECI_ERROR_TOKEN_REFUSED,
                        req->self->token
                        ? _("CircleCI refused the token (HTTP %u): check that it is valid and "
                            "can read this project")
                        : _("CircleCI needs a token for this project (HTTP %u): store one with "
                            "“culprit-cli token set circleci” or set CIRCLECI_TOKEN"),
                        status);
  if (status == 404)
    return g_error_new (CULPRIT_CIRCLECI_ERROR, CULPRIT_CIRCLECI_ERROR_NOT_FOUND,
                        _("CircleCI does not know %s (HTTP 404): check the repository name, "
                          "and that the token can see it"), req->url);
  return g_error_new (CULPRIT_CIRCLECI_ERROR, CULPRIT_CIRCLECI_ERROR_HTTP,
                      _("CircleCI answered HTTP %u %s for %s"), status, reason ? reason : "",
                      req->url);
}

static void
on_sent (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  Request *req = data;
  GError *error = NULL;
  guint status;

  req->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (req->stream == NULL)
    {
      fail_or_retry (req, error);
      return;
    }

  status = soup_message_get_status (req->message);
  if (status == 429 || status >= 500)
    {
      retry_or_fail (req, g_error_new (CULPRIT_CIRCLECI_ERROR, CULPRIT_CIRCLECI_ERROR_HTTP,
                                       status == 429
                                       ? _("CircleCI is rate limiting (HTTP 429)")
                                       : _("CircleCI answered HTTP %u"), status));
      return;
    }
  if (status < 200 || status >= 300)
    {
      complete (req, NULL, NULL, status_error (req, status));
      return;
    }

  read_next (req);
}

static void
request_start (Request *req)
{
  GCancellable *cancellable = g_task_get_cancellable (req->task);
  SoupMessageHeaders *headers;

  if (g_cancellable_is_cancelled (cancellable))
    {
      complete (req, NULL, NULL, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                      _("Cancelled")));
      return;
    }

  g_clear_pointer (&req->body, g_byte_array_unref);
  g_clear_pointer (&req->decoder, culprit_log_decoder_free);
  if (req->kind == KIND_LOG)
    req->decoder = culprit_log_decoder_new (req->cap);
  else
    req->body = g_byte_array_new ();

  req->message = soup_message_new (SOUP_METHOD_GET, req->url);
  if (req->message == NULL)
    {
      complete (req, NULL, NULL,
                g_error_new (CULPRIT_CIRCLECI_ERROR, CULPRIT_CIRCLECI_ERROR_BAD_RESPONSE,
                             _("“%s” is not a valid URL"), req->url));
      return;
    }
  headers = soup_message_get_request_headers (req->message);
  soup_message_headers_append (headers, "Accept", "application/json");
  if (req->send_token && req->self->token != NULL)
    soup_message_headers_append (headers, "Circle-Token", req->self->token);

  req->self->n_requests++;
  soup_session_send_async (req->self->session, req->message, G_PRIORITY_DEFAULT, cancellable,
                           on_sent, req);
}

static void
submit (CulpritCircleci     *self,
        GTask               *task,
        char                *url,
        RequestKind          kind,
        gsize                cap)
{
  Request *req = g_new0 (Request, 1);

  req->self = self;
  req->task = task;
  req->url = url;
  req->kind = kind;
  req->cap = cap;
  req->send_token = kind == KIND_JSON;
  enqueue (req, FALSE);
}

static char *
project_url (CulpritCircleci *self,
             const char      *repo)
{
  return g_strdup_printf ("%s/api/v1.1/project/%s", self->api_root, repo);
}

/* Listing */

static void
on_list_json (GObject      *object,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(GTask) task = data;
  g_autoptr(JsonNode) root = NULL;
  GError *error = NULL;
  GPtrArray *builds;

  root = g_task_propagate_pointer (G_TASK (result), &error);
  if (root == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  builds = culprit_circleci_parse_build_list (g_task_get_task_data (task), root, &error);
  if (builds == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, builds, (GDestroyNotify)g_ptr_array_unref);
}

/**
 * culprit_circleci_list_builds_async:
 * @branch: (nullable): a branch such as `master` or `pull/123`; %NULL for all
 * @limit: at most 100
 *
 * Lists builds, newest first: `GET /api/v1.1/project/REPO/tree/BRANCH`.
 */
void
culprit_circleci_list_builds_async (CulpritCircleci        *self,
                                    const char             *repo,
                                    const char             *branch,
                                    CulpritBuildListFilter  filter,
                                    guint                   offset,
                                    guint                   limit,
                                    GCancellable           *cancellable,
                                    GAsyncReadyCallback     callback,
                                    gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *base = NULL;
  g_autofree char *escaped = NULL;
  GError *error = NULL;
  GTask *inner;

  g_return_if_fail (CULPRIT_IS_CIRCLECI (self));
  g_return_if_fail (repo != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, culprit_circleci_list_builds_async);
  g_task_set_task_data (task, g_strdup (repo), g_free);

  if (!culprit_circleci_check_repo (repo, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  base = project_url (self, repo);
  if (branch != NULL)
    escaped = g_uri_escape_string (branch, NULL, FALSE);

  inner = g_task_new (self, cancellable, on_list_json, g_steal_pointer (&task));
  submit (self, inner,
          g_strdup_printf ("%s%s%s?limit=%u&offset=%u&filter=%s&shallow=true", base,
                           escaped ? "/tree/" : "", escaped ? escaped : "",
                           CLAMP (limit, 1, CULPRIT_CIRCLECI_PAGE_SIZE), offset,
                           filter == CULPRIT_BUILD_FILTER_COMPLETED ? "completed" : "failed"),
          KIND_JSON, 0);
}

/**
 * culprit_circleci_list_builds_finish:
 *
 * Returns: (transfer full) (element-type CulpritBuild): the builds
 */
GPtrArray *
culprit_circleci_list_builds_finish (CulpritCircleci  *self,
                                     GAsyncResult     *result,
                                     GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Detail */

static void
on_detail_json (GObject      *object,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(GTask) task = data;
  g_autoptr(JsonNode) root = NULL;
  CulpritBuildDetail *detail;
  GError *error = NULL;

  root = g_task_propagate_pointer (G_TASK (result), &error);
  if (root == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  detail = culprit_circleci_parse_build_detail (g_task_get_task_data (task), root, &error);
  if (detail == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, detail, (GDestroyNotify)culprit_build_detail_free);
}

/**
 * culprit_circleci_get_build_async:
 *
 * Fetches a build's detail: `GET /api/v1.1/project/REPO/BUILD_NUM`.
 */
void
culprit_circleci_get_build_async (CulpritCircleci     *self,
                                  const char          *repo,
                                  gint64               build_num,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *base = NULL;
  GError *error = NULL;
  GTask *inner;

  g_return_if_fail (CULPRIT_IS_CIRCLECI (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, culprit_circleci_get_build_async);
  g_task_set_task_data (task, g_strdup (repo), g_free);

  if (!culprit_circleci_check_repo (repo, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  base = project_url (self, repo);
  inner = g_task_new (self, cancellable, on_detail_json, g_steal_pointer (&task));
  submit (self, inner, g_strdup_printf ("%s/%" G_GINT64_FORMAT, base, build_num), KIND_JSON, 0);
}

/**
 * culprit_circleci_get_build_finish:
 *
 * Returns: (transfer full): the detail
 */
CulpritBuildDetail *
culprit_circleci_get_build_finish (CulpritCircleci  *self,
                                   GAsyncResult     *result,
                                   GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Logs */

/**
 * culprit_circleci_fetch_log_async:
 * @output_url: the pre-signed URL of an action's output (no token is sent)
 * @cap_bytes: keep at most this many bytes, the log's tail (0: no cap)
 *
 * Streams an action's output and decodes its messages into the log text.
 * A 403/404 from the storage is %CULPRIT_CIRCLECI_ERROR_LOG_GONE.
 */
void
culprit_circleci_fetch_log_async (CulpritCircleci     *self,
                                  const char          *output_url,
                                  gsize                cap_bytes,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (CULPRIT_IS_CIRCLECI (self));
  g_return_if_fail (output_url != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, culprit_circleci_fetch_log_async);
  submit (self, task, g_strdup (output_url), KIND_LOG, cap_bytes);
}

/**
 * culprit_circleci_fetch_log_finish:
 *
 * Returns: (transfer full): the log
 */
CulpritFetchedLog *
culprit_circleci_fetch_log_finish (CulpritCircleci  *self,
                                   GAsyncResult     *result,
                                   GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
