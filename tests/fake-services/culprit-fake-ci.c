/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-fake-ci"

#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib-unix.h>
#include <libsoup/soup.h>

#include "fake-common.h"
#include "fake-dataset.h"
#include "fake-generator.h"
#include "fake-response.h"

/*
 * culprit-fake-ci: plays CircleCI (API v1.1 and its log storage) and GitHub
 * (the statuses API) on 127.0.0.1, with injectable, deterministic faults.
 * See README.md.
 */

#define MAX_CONSECUTIVE_FAULTS 3
#define TRUNCATE_WINDOW (512 * 1024)

typedef enum
{
  FAULT_NONE,
  FAULT_SERVER_ERROR,
  FAULT_RATE_LIMIT,
  FAULT_TRUNCATE,
} Fault;

typedef struct
{
  guint64 requests;
  guint64 api_requests;
  guint64 log_requests;
  guint64 github_requests;
  guint64 latency;
  guint64 server_errors;
  guint64 rate_limited;
  guint64 truncated;
  guint64 expired;
  guint64 token_violations;
} Stats;

typedef struct
{
  /* options */
  int          port;
  int          n_builds;
  gint64       seed;
  char        *dataset;
  char        *repo_option;
  char        *token;
  int          latency_ms;
  double       error_rate;
  double       rate_limit_rate;
  int          retry_after;
  double       truncate_rate;
  char        *deep_json;      /* NULL, "list", "detail" or "log" */
  double       expire_rate;
  int          huge_log_mb;
  char        *truth;
  gboolean     keep_alive;
  int          hold_back;
  int          break_lists_at;

  /* state */
  char        *org;
  char        *repo;
  char        *base_url;
  FakeBackend *backend;
  SoupServer  *server;
  GMainLoop   *loop;
  guint64      fault_counter;
  GHashTable  *consecutive_faults;   /* path -> count */
  GPtrArray   *statuses;             /* JsonObject */
  gboolean     lists_broken;         /* list pages from break_lists_at on answer 503 */
  Stats        stats;
} FakeCi;

typedef struct
{
  Fault  fault;
  guint  status;
  double fraction;
} FaultDraw;

/* Faults ---------------------------------------------------------------- */

/* Each faultable request draws from a GRand seeded with the seed and its
 * number, so the same requests in the same order get the same faults. A
 * path never gets more than MAX_CONSECUTIVE_FAULTS faults in a row. */
static FaultDraw
draw_fault (FakeCi     *self,
            const char *path,
            gboolean    can_truncate)
{
  static const guint server_errors[] = { 500, 502, 503 };
  FaultDraw draw = { FAULT_NONE, 0, 0.0 };
  guint64 n = self->fault_counter++;
  guint32 seeds[4] = { (guint32) self->seed, (guint32) n, (guint32) (n >> 32), 0xfa17 };
  g_autoptr(GRand) rand = g_rand_new_with_seed_array (seeds, G_N_ELEMENTS (seeds));
  double error = g_rand_double (rand);
  double rate_limit = g_rand_double (rand);
  double truncate = g_rand_double (rand);
  guint kind = g_rand_int_range (rand, 0, G_N_ELEMENTS (server_errors));
  guint consecutive = GPOINTER_TO_UINT (g_hash_table_lookup (self->consecutive_faults, path));

  draw.fraction = g_rand_double (rand);

  if (error < self->error_rate)
    {
      draw.fault = FAULT_SERVER_ERROR;
      draw.status = server_errors[kind];
    }
  else if (rate_limit < self->rate_limit_rate)
    {
      draw.fault = FAULT_RATE_LIMIT;
      draw.status = 429;
    }
  else if (truncate < self->truncate_rate && can_truncate)
    {
      draw.fault = FAULT_TRUNCATE;
    }

  if (draw.fault != FAULT_NONE && consecutive >= MAX_CONSECUTIVE_FAULTS)
    draw.fault = FAULT_NONE;

  if (draw.fault != FAULT_NONE)
    g_hash_table_insert (self->consecutive_faults, g_strdup (path),
                         GUINT_TO_POINTER (consecutive + 1));
  else if (consecutive > 0)
    g_hash_table_remove (self->consecutive_faults, path);

  return draw;
}

/* Answers 5xx or 429 if that was drawn; returns whether it did. */
static gboolean
respond_fault (FakeCi            *self,
               SoupServerMessage *msg,
               const FaultDraw   *draw,
               gboolean           storage)
{
  if (draw->fault == FAULT_SERVER_ERROR)
    {
      self->stats.server_errors++;
      if (storage)
        fake_respond_s3_error (msg, draw->status, draw->status == 503 ? "SlowDown" : "InternalError",
                               draw->status == 503 ? "Please reduce your request rate."
                                                   : "We encountered an internal error. Please try again.");
      else if (draw->status == 500)
        fake_respond_message (msg, draw->status, "Internal server error");
      else
        fake_respond_gateway (msg, draw->status);
      return TRUE;
    }

  if (draw->fault == FAULT_RATE_LIMIT)
    {
      g_autofree char *seconds = g_strdup_printf ("%d", self->retry_after);

      self->stats.rate_limited++;
      fake_respond_message (msg, 429, "Rate limit exceeded");
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", seconds);
      return TRUE;
    }

  return FALSE;
}

static guint
delay (FakeCi *self)
{
  if (self->latency_ms > 0)
    self->stats.latency++;

  return (guint) self->latency_ms;
}

/* Helpers --------------------------------------------------------------- */

static gboolean
parse_uint (const char *text,
            guint64     max,
            guint64    *value)
{
  return text != NULL && g_ascii_string_to_unsigned (text, 10, 0, max, value, NULL);
}

/* Splits an encoded path into unescaped segments; NULL if badly encoded. */
static GStrv
split_path (const char *path)
{
  g_auto(GStrv) raw = g_strsplit (path[0] == '/' ? path + 1 : path, "/", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; raw[i] != NULL; i++)
    {
      g_autofree char *segment = g_uri_unescape_string (raw[i], NULL);

      if (segment == NULL)
        return NULL;
      g_strv_builder_add (builder, segment);
    }

  return g_strv_builder_end (builder);
}

static const char *
request_token (SoupServerMessage *msg,
               GHashTable        *query)
{
  const char *token;

  token = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                        "Circle-Token");
  if (token == NULL && query != NULL)
    token = g_hash_table_lookup (query, "circle-token");

  return token;
}

/* CircleCI API ---------------------------------------------------------- */

/* --deep-json: 200 KB of "[[[...]]]", which crashes a recursive parser */
static gboolean
deep_json_for (FakeCi     *self,
               const char *what,
               guint64     number)
{
  if (g_strcmp0 (self->deep_json, what) != 0)
    return FALSE;
  /* the first page of a list, and even builds, stay good */
  return g_str_equal (what, "list") ? number > 0 : number % 2 == 1;
}

static void
respond_deep_json (SoupServerMessage *msg,
                   gboolean           log)
{
  const gsize depth = 100000;
  GString *body = g_string_sized_new (2 * depth + 64);
  gsize len;

  /* a log is still an array of messages, one of them with a deep member */
  if (log)
    g_string_append (body, "[{\"type\": \"out\", \"message\": \"hello\\n\", \"x\": ");
  for (gsize i = 0; i < depth; i++)
    g_string_append_c (body, '[');
  for (gsize i = 0; i < depth; i++)
    g_string_append_c (body, ']');
  if (log)
    g_string_append (body, "}]");
  len = body->len;
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    g_string_free (body, FALSE), len);
}

static void
handle_list (FakeCi            *self,
             SoupServerMessage *msg,
             GHashTable        *query,
             const char        *branch,
             gboolean           truncate,
             double             fraction)
{
  g_autoptr(JsonNode) builds = NULL;
  guint64 limit = 30, offset = 0;
  const char *value;
  FakeFilter filter;

  if ((value = query ? g_hash_table_lookup (query, "limit") : NULL) != NULL &&
      !parse_uint (value, G_MAXUINT, &limit))
    {
      fake_respond_message (msg, SOUP_STATUS_BAD_REQUEST, "limit must be a number");
      return;
    }
  if (limit < 1 || limit > 100)
    {
      fake_respond_message (msg, SOUP_STATUS_BAD_REQUEST, "limit must be between 1 and 100");
      return;
    }
  if ((value = query ? g_hash_table_lookup (query, "offset") : NULL) != NULL &&
      !parse_uint (value, G_MAXUINT, &offset))
    {
      fake_respond_message (msg, SOUP_STATUS_BAD_REQUEST, "offset must be a number");
      return;
    }
  if (!fake_filter_parse (query ? g_hash_table_lookup (query, "filter") : NULL, &filter))
    {
      fake_respond_message (msg, SOUP_STATUS_BAD_REQUEST,
                            "filter must be one of completed, successful, failed, running");
      return;
    }
  if (self->lists_broken && offset >= (guint64) self->break_lists_at)
    {
      self->stats.server_errors++;
      fake_respond_gateway (msg, SOUP_STATUS_SERVICE_UNAVAILABLE);
      return;
    }

  if (deep_json_for (self, "list", offset))
    {
      respond_deep_json (msg, FALSE);
      return;
    }

  builds = fake_backend_list_builds (self->backend, branch, filter, (guint) offset, (guint) limit);
  fake_respond_json (msg, SOUP_STATUS_OK, builds);
  if (truncate)
    {
      self->stats.truncated++;
      fake_truncate_response (msg, fraction);
    }
}

static void
handle_api (FakeCi            *self,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query)
{
  g_auto(GStrv) segments = split_path (path);
  g_autoptr(JsonNode) build = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *branch = NULL;
  guint n_segments = segments ? g_strv_length (segments) : 0;
  guint64 build_num;
  FaultDraw draw;

  self->stats.api_requests++;

  if (self->token != NULL && g_strcmp0 (request_token (msg, query), self->token) != 0)
    {
      fake_respond_message (msg, SOUP_STATUS_UNAUTHORIZED, "You must log in first.");
      fake_delay_response (msg, delay (self));
      return;
    }

  draw = draw_fault (self, path, TRUE);
  if (respond_fault (self, msg, &draw, FALSE))
    {
      fake_delay_response (msg, delay (self));
      return;
    }

  /* api / v1.1 / project / github / ORG / REPO [/ tree / BRANCH... | / NUM] */
  if (n_segments < 6 || strcmp (segments[1], "v1.1") != 0 || strcmp (segments[2], "project") != 0 ||
      (strcmp (segments[3], "github") != 0 && strcmp (segments[3], "gh") != 0) ||
      !fake_backend_has_project (self->backend, segments[4], segments[5]))
    {
      fake_respond_message (msg, SOUP_STATUS_NOT_FOUND, "Project not found");
    }
  else if (n_segments == 6 || (n_segments == 7 && segments[6][0] == '\0'))
    {
      handle_list (self, msg, query, NULL, draw.fault == FAULT_TRUNCATE, draw.fraction);
    }
  else if (strcmp (segments[6], "tree") == 0 && n_segments >= 8 && segments[7][0] != '\0')
    {
      branch = g_strjoinv ("/", segments + 7);
      handle_list (self, msg, query, branch, draw.fault == FAULT_TRUNCATE, draw.fraction);
    }
  else if (n_segments == 7 && parse_uint (segments[6], G_MAXUINT, &build_num))
    {
      build = fake_backend_get_build (self->backend, self->base_url, segments[4], segments[5],
                                      (guint) build_num, &error);
      if (build == NULL)
        {
          fake_respond_message (msg, SOUP_STATUS_NOT_FOUND, "Build not found");
        }
      else if (deep_json_for (self, "detail", build_num))
        {
          respond_deep_json (msg, FALSE);
        }
      else
        {
          fake_respond_json (msg, SOUP_STATUS_OK, build);
          if (draw.fault == FAULT_TRUNCATE)
            {
              self->stats.truncated++;
              fake_truncate_response (msg, draw.fraction);
            }
        }
    }
  else
    {
      fake_respond_message (msg, SOUP_STATUS_NOT_FOUND, "Not found");
    }

  fake_delay_response (msg, delay (self));
}

/* Log storage ----------------------------------------------------------- */

static void
handle_output (FakeCi            *self,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query)
{
  g_auto(GStrv) segments = split_path (path);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  guint64 build_num, step, action;
  FaultDraw draw;

  self->stats.log_requests++;

  if (request_token (msg, query) != NULL)
    {
      self->stats.token_violations++;
      fake_respond_message (msg, SOUP_STATUS_BAD_REQUEST, "token sent to log storage");
      return;
    }

  /* output / ORG / REPO / NUM / STEP / ACTION */
  if (segments == NULL || g_strv_length (segments) != 6 ||
      !fake_backend_has_project (self->backend, segments[1], segments[2]) ||
      !parse_uint (segments[3], G_MAXUINT, &build_num) ||
      !parse_uint (segments[4], G_MAXUINT, &step) ||
      !parse_uint (segments[5], G_MAXUINT, &action))
    {
      fake_respond_s3_error (msg, SOUP_STATUS_NOT_FOUND, "NoSuchKey",
                             "The specified key does not exist.");
      fake_delay_response (msg, delay (self));
      return;
    }

  if (fake_backend_output_expired (self->backend, (guint) build_num))
    {
      self->stats.expired++;
      fake_respond_s3_error (msg, SOUP_STATUS_FORBIDDEN, "AccessDenied", "Request has expired");
      fake_delay_response (msg, delay (self));
      return;
    }

  draw = draw_fault (self, path, TRUE);
  if (respond_fault (self, msg, &draw, TRUE))
    {
      fake_delay_response (msg, delay (self));
      return;
    }

  if (deep_json_for (self, "log", build_num))
    {
      respond_deep_json (msg, TRUE);
      fake_delay_response (msg, delay (self));
      return;
    }

  stream = fake_backend_open_output (self->backend, (guint) build_num, (guint) step,
                                     (guint) action, &error);
  if (stream == NULL)
    {
      fake_respond_s3_error (msg, SOUP_STATUS_NOT_FOUND, "NoSuchKey",
                             "The specified key does not exist.");
      fake_delay_response (msg, delay (self));
      return;
    }

  if (draw.fault == FAULT_TRUNCATE)
    self->stats.truncated++;
  fake_stream_response (msg, stream, delay (self),
                        draw.fault == FAULT_TRUNCATE ? 1 + (gint64) (draw.fraction * TRUNCATE_WINDOW)
                                                     : -1);
}

/* GitHub ---------------------------------------------------------------- */

static const char *
valid_authorization (SoupServerMessage *msg)
{
  const char *value = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                    "Authorization");

  if (value == NULL)
    return NULL;
  if ((g_ascii_strncasecmp (value, "token ", 6) == 0 && value[6] != '\0') ||
      (g_ascii_strncasecmp (value, "Bearer ", 7) == 0 && value[7] != '\0'))
    return value;

  return NULL;
}

static JsonObject *
parse_status_body (SoupServerMessage *msg)
{
  static const char *states[] = { "error", "failure", "pending", "success" };
  static const char *optional[] = { "target_url", "description", "context" };
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  const char *state;
  gsize size;
  const char *data = g_bytes_get_data (body, &size);

  if (size == 0 || !json_parser_load_from_data (parser, data, (gssize) size, NULL))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;

  object = json_node_get_object (json_parser_get_root (parser));
  if (!json_object_has_member (object, "state") ||
      json_node_get_value_type (json_object_get_member (object, "state")) != G_TYPE_STRING)
    return NULL;

  state = json_object_get_string_member (object, "state");
  if (!g_strv_contains (states, state))
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (optional); i++)
    {
      JsonNode *node = json_object_get_member (object, optional[i]);

      if (node != NULL && !JSON_NODE_HOLDS_NULL (node) &&
          json_node_get_value_type (node) != G_TYPE_STRING)
        return NULL;
    }

  return json_object_ref (object);
}

static void
set_optional_string (JsonObject *to,
                     JsonObject *from,
                     const char *name,
                     const char *fallback)
{
  const char *value = json_object_get_string_member_with_default (from, name, fallback);

  if (value != NULL)
    json_object_set_string_member (to, name, value);
  else
    json_object_set_null_member (to, name);
}

static void
handle_post_status (FakeCi            *self,
                    SoupServerMessage *msg,
                    char             **segments)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *created = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *url = NULL;
  JsonObject *record, *reply;
  const char *authorization = valid_authorization (msg);

  if (authorization == NULL)
    {
      fake_respond_message (msg, SOUP_STATUS_UNAUTHORIZED, "Requires authentication");
      return;
    }

  body = parse_status_body (msg);
  if (body == NULL)
    {
      fake_respond_message (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "Validation Failed");
      return;
    }

  record = json_object_new ();
  json_object_set_int_member (record, "id", self->statuses->len + 1);
  json_object_set_string_member (record, "owner", segments[1]);
  json_object_set_string_member (record, "repo", segments[2]);
  json_object_set_string_member (record, "sha", segments[4]);
  json_object_set_string_member (record, "state", json_object_get_string_member (body, "state"));
  set_optional_string (record, body, "target_url", NULL);
  set_optional_string (record, body, "description", NULL);
  set_optional_string (record, body, "context", "default");
  json_object_set_string_member (record, "authorization", authorization);
  json_object_set_string_member (record, "created_at", created);
  g_ptr_array_add (self->statuses, record);

  url = g_strdup_printf ("%s/repos/%s/%s/statuses/%s", self->base_url, segments[1], segments[2],
                         segments[4]);
  reply = json_object_new ();
  json_object_set_int_member (reply, "id", self->statuses->len);
  json_object_set_string_member (reply, "url", url);
  json_object_set_string_member (reply, "state", json_object_get_string_member (record, "state"));
  set_optional_string (reply, record, "description", NULL);
  set_optional_string (reply, record, "target_url", NULL);
  set_optional_string (reply, record, "context", NULL);
  json_object_set_string_member (reply, "created_at", created);
  json_object_set_string_member (reply, "updated_at", created);
  json_node_take_object (node, reply);

  fake_respond_json (msg, SOUP_STATUS_CREATED, node);
}

static void
handle_list_statuses (FakeCi            *self,
                      SoupServerMessage *msg,
                      char             **segments)
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = self->statuses->len; i > 0; i--)
    {
      JsonObject *record = g_ptr_array_index (self->statuses, i - 1);

      if (g_strcmp0 (json_object_get_string_member (record, "owner"), segments[1]) == 0 &&
          g_strcmp0 (json_object_get_string_member (record, "repo"), segments[2]) == 0 &&
          g_strcmp0 (json_object_get_string_member (record, "sha"), segments[4]) == 0)
        json_array_add_object_element (array, json_object_ref (record));
    }

  json_node_set_array (node, array);
  fake_respond_json (msg, SOUP_STATUS_OK, node);
}

static void
handle_github (FakeCi            *self,
               SoupServerMessage *msg,
               const char        *path)
{
  g_auto(GStrv) segments = split_path (path);
  const char *method = soup_server_message_get_method (msg);
  guint n_segments = segments ? g_strv_length (segments) : 0;
  FaultDraw draw;

  self->stats.github_requests++;

  draw = draw_fault (self, path, FALSE);
  if (respond_fault (self, msg, &draw, FALSE))
    return;

  /* repos / OWNER / REPO / statuses / SHA, repos / OWNER / REPO / commits / REF / statuses */
  if (n_segments == 5 && strcmp (segments[3], "statuses") == 0 && segments[4][0] != '\0' &&
      method == SOUP_METHOD_POST)
    handle_post_status (self, msg, segments);
  else if (n_segments == 6 && strcmp (segments[3], "commits") == 0 &&
           strcmp (segments[5], "statuses") == 0 && method == SOUP_METHOD_GET)
    handle_list_statuses (self, msg, segments);
  else
    fake_respond_message (msg, SOUP_STATUS_NOT_FOUND, "Not Found");
}

/* Test hooks ------------------------------------------------------------ */

static JsonNode *
stats_to_json (FakeCi *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const struct { const char *name; guint64 value; } faults[] = {
    { "latency", self->stats.latency },
    { "5xx", self->stats.server_errors },
    { "429", self->stats.rate_limited },
    { "truncated", self->stats.truncated },
    { "expired", self->stats.expired },
  };

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "requests");
  json_builder_add_int_value (builder, (gint64) self->stats.requests);
  json_builder_set_member_name (builder, "api_requests");
  json_builder_add_int_value (builder, (gint64) self->stats.api_requests);
  json_builder_set_member_name (builder, "log_requests");
  json_builder_add_int_value (builder, (gint64) self->stats.log_requests);
  json_builder_set_member_name (builder, "github_requests");
  json_builder_add_int_value (builder, (gint64) self->stats.github_requests);
  json_builder_set_member_name (builder, "faults");
  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      json_builder_set_member_name (builder, faults[i].name);
      json_builder_add_int_value (builder, (gint64) faults[i].value);
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "token_violations");
  json_builder_add_int_value (builder, (gint64) self->stats.token_violations);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
handle_fake (FakeCi            *self,
             SoupServerMessage *msg,
             const char        *path)
{
  gboolean post = soup_server_message_get_method (msg) == SOUP_METHOD_POST;

  if (post && strcmp (path, "/_fake/publish") == 0 && FAKE_IS_GENERATOR (self->backend))
    {
      g_autoptr(JsonNode) node = json_from_string ("{}", NULL);

      fake_generator_set_n_published (FAKE_GENERATOR (self->backend), (guint) self->n_builds);
      fake_respond_json (msg, SOUP_STATUS_OK, node);
    }
  else if (post && strcmp (path, "/_fake/heal") == 0)
    {
      g_autoptr(JsonNode) node = json_from_string ("{}", NULL);

      self->lists_broken = FALSE;
      fake_respond_json (msg, SOUP_STATUS_OK, node);
    }
  else if (strcmp (path, "/_fake/stats") == 0)
    {
      g_autoptr(JsonNode) node = stats_to_json (self);

      fake_respond_json (msg, SOUP_STATUS_OK, node);
    }
  else if (strcmp (path, "/_fake/statuses") == 0)
    {
      g_autoptr(JsonArray) array = json_array_new ();
      g_autoptr(JsonObject) object = json_object_new ();
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

      for (guint i = 0; i < self->statuses->len; i++)
        json_array_add_object_element (array, json_object_ref (g_ptr_array_index (self->statuses, i)));
      json_object_set_array_member (object, "statuses", g_steal_pointer (&array));
      json_node_set_object (node, object);
      fake_respond_json (msg, SOUP_STATUS_OK, node);
    }
  else
    {
      fake_respond_message (msg, SOUP_STATUS_NOT_FOUND, "Not found");
    }
}

static void
handle_request (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *unused_path,
                GHashTable        *query,
                gpointer           user_data)
{
  FakeCi *self = user_data;
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));

  g_debug ("%s %s", soup_server_message_get_method (msg), path);

  /* libsoup 3.2's server leaks a connection that its client closes while
   * idle (CLOSE_WAIT, fixed in 3.3): by default, the server closes them. */
  if (!self->keep_alive)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "Connection", "close");

  if (g_str_has_prefix (path, "/_fake/"))
    {
      handle_fake (self, msg, path);
      return;
    }

  self->stats.requests++;

  if (g_str_has_prefix (path, "/api/"))
    handle_api (self, msg, path, query);
  else if (g_str_has_prefix (path, "/output/"))
    handle_output (self, msg, path, query);
  else if (g_str_has_prefix (path, "/repos/"))
    handle_github (self, msg, path);
  else
    fake_respond_message (msg, SOUP_STATUS_NOT_FOUND, "Not found");
}

/* Main ------------------------------------------------------------------ */

static gboolean
on_signal (gpointer user_data)
{
  FakeCi *self = user_data;

  g_main_loop_quit (self->loop);
  return G_SOURCE_CONTINUE;
}

static gboolean
parse_repo (FakeCi      *self,
            const char  *text,
            GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (text, "/", -1);

  if (g_strv_length (parts) != 3 || (strcmp (parts[0], "github") != 0 && strcmp (parts[0], "gh") != 0) ||
      parts[1][0] == '\0' || parts[2][0] == '\0')
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--repo must look like github/ORG/REPO, not “%s”", text);
      return FALSE;
    }

  self->org = g_strdup (parts[1]);
  self->repo = g_strdup (parts[2]);
  return TRUE;
}

static gboolean
check_options (FakeCi  *self,
               GError **error)
{
  const struct { const char *name; double value; } rates[] = {
    { "--error-rate", self->error_rate },
    { "--rate-limit-rate", self->rate_limit_rate },
    { "--truncate-rate", self->truncate_rate },
    { "--expire-rate", self->expire_rate },
  };

  if ((self->n_builds > 0) == (self->dataset != NULL))
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           "Give either --generate N --seed S or --dataset DIR");
      return FALSE;
    }
  if (self->n_builds > 0 && self->seed < 0)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, "--generate needs --seed");
      return FALSE;
    }
  if (self->seed < 0)
    self->seed = 0;
  if (self->port < 0 || self->port > 65535 || self->latency_ms < 0 || self->retry_after < 0 ||
      self->huge_log_mb < 0 || self->seed > G_MAXUINT32 || self->hold_back < 0 ||
      self->hold_back > self->n_builds || self->break_lists_at < -1)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "Value out of range");
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (rates); i++)
    {
      if (rates[i].value < 0.0 || rates[i].value > 1.0)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "%s must be between 0 and 1", rates[i].name);
          return FALSE;
        }
    }
  if (self->hold_back > 0 && self->n_builds == 0)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           "--hold-back needs --generate");
      return FALSE;
    }
  if (self->deep_json != NULL && !g_str_equal (self->deep_json, "list") &&
      !g_str_equal (self->deep_json, "detail") && !g_str_equal (self->deep_json, "log"))
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           "--deep-json must be list, detail or log");
      return FALSE;
    }
  if (self->truth != NULL && self->n_builds == 0)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           "--truth is only known for --generate");
      return FALSE;
    }

  if (self->repo_option != NULL)
    return parse_repo (self, self->repo_option, error);
  if (self->n_builds > 0)
    return parse_repo (self, "github/demo-org/demo-app", error);

  return TRUE;
}

static gboolean
start (FakeCi  *self,
       GError **error)
{
  g_autoslist(GUri) uris = NULL;

  self->server = soup_server_new ("server-header", "culprit-fake-ci ", NULL);
  soup_server_add_handler (self->server, NULL, handle_request, self, NULL);
  if (!soup_server_listen_local (self->server, (guint) self->port, SOUP_SERVER_LISTEN_IPV4_ONLY,
                                 error))
    return FALSE;

  uris = soup_server_get_uris (self->server);
  g_assert (uris != NULL);
  self->base_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));

  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  FakeCi ci = { .seed = -1, .retry_after = 1, .break_lists_at = -1 };
  FakeCi *self = &ci;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &ci.port, "Port on 127.0.0.1 (0: any free port)", "P" },
    { "generate", 0, 0, G_OPTION_ARG_INT, &ci.n_builds, "Generate a repository of N builds", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &ci.seed, "Seed of the generator and of the faults", "S" },
    { "dataset", 0, 0, G_OPTION_ARG_FILENAME, &ci.dataset, "Serve recorded responses", "DIR" },
    { "repo", 0, 0, G_OPTION_ARG_STRING, &ci.repo_option, "The project served", "github/ORG/REPO" },
    { "token", 0, 0, G_OPTION_ARG_STRING, &ci.token, "Require this Circle-Token on /api/", "T" },
    { "latency-ms", 0, 0, G_OPTION_ARG_INT, &ci.latency_ms, "Delay of every response", "MS" },
    { "error-rate", 0, 0, G_OPTION_ARG_DOUBLE, &ci.error_rate, "Share answered 500/502/503", "F" },
    { "rate-limit-rate", 0, 0, G_OPTION_ARG_DOUBLE, &ci.rate_limit_rate, "Share answered 429", "F" },
    { "retry-after", 0, 0, G_OPTION_ARG_INT, &ci.retry_after, "Retry-After of 429 answers", "SECONDS" },
    { "truncate-rate", 0, 0, G_OPTION_ARG_DOUBLE, &ci.truncate_rate, "Share of bodies cut short", "F" },
    { "deep-json", 0, 0, G_OPTION_ARG_STRING, &ci.deep_json,
      "Answer lists after the first page, or details or logs of odd builds, with JSON nested 100,000 deep",
      "list|detail|log" },
    { "expire-rate", 0, 0, G_OPTION_ARG_DOUBLE, &ci.expire_rate, "Share of builds whose logs expired", "F" },
    { "huge-log-mb", 0, 0, G_OPTION_ARG_INT, &ci.huge_log_mb, "Size of the newest failed log", "MB" },
    { "truth", 0, 0, G_OPTION_ARG_FILENAME, &ci.truth, "Write the ground truth here", "FILE" },
    { "keep-alive", 0, 0, G_OPTION_ARG_NONE, &ci.keep_alive, "Keep connections open between requests", NULL },
    { "hold-back", 0, 0, G_OPTION_ARG_INT, &ci.hold_back,
      "Serve the newest N builds only after POST /_fake/publish", "N" },
    { "break-lists-at", 0, 0, G_OPTION_ARG_INT, &ci.break_lists_at,
      "List pages from OFFSET on answer 503 until POST /_fake/heal", "OFFSET" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  /* stdout carries the "listening on" line only */
  g_log_writer_default_set_use_stderr (TRUE);

  context = g_option_context_new ("- a fake CircleCI and GitHub for Culprit's tests");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || !check_options (self, &error))
    {
      g_printerr ("culprit-fake-ci: %s\n", error->message);
      return EXIT_FAILURE;
    }

  if (ci.n_builds > 0)
    {
      FakeGenerator *generator = fake_generator_new (ci.org, ci.repo, (guint) ci.n_builds,
                                                     (guint32) ci.seed, ci.expire_rate,
                                                     (guint) ci.huge_log_mb);

      ci.backend = FAKE_BACKEND (generator);
      if (ci.truth != NULL && !fake_generator_write_truth (generator, ci.truth, &error))
        {
          g_printerr ("culprit-fake-ci: %s: %s\n", ci.truth, error->message);
          return EXIT_FAILURE;
        }
      fake_generator_set_n_published (generator, (guint) (ci.n_builds - ci.hold_back));
    }
  else
    {
      FakeDataset *dataset = fake_dataset_new (ci.dataset, ci.org, ci.repo,
                                               (guint32) MAX (ci.seed, 0), ci.expire_rate, &error);

      if (dataset == NULL)
        {
          g_printerr ("culprit-fake-ci: %s\n", error->message);
          return EXIT_FAILURE;
        }
      ci.backend = FAKE_BACKEND (dataset);
    }

  ci.lists_broken = ci.break_lists_at >= 0;
  ci.consecutive_faults = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ci.statuses = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  ci.loop = g_main_loop_new (NULL, FALSE);

  /* before announcing the port: a test may signal us right away */
  g_unix_signal_add (SIGINT, on_signal, self);
  g_unix_signal_add (SIGTERM, on_signal, self);

  if (!start (self, &error))
    {
      g_printerr ("culprit-fake-ci: %s\n", error->message);
      return EXIT_FAILURE;
    }

  g_print ("listening on %s\n", ci.base_url);
  fflush (stdout);

  g_main_loop_run (ci.loop);

  soup_server_disconnect (ci.server);
  g_clear_object (&ci.server);
  g_clear_object (&ci.backend);
  g_clear_pointer (&ci.loop, g_main_loop_unref);
  g_clear_pointer (&ci.consecutive_faults, g_hash_table_unref);
  g_clear_pointer (&ci.statuses, g_ptr_array_unref);
  g_free (ci.base_url);
  g_free (ci.org);
  g_free (ci.repo);
  g_free (ci.dataset);
  g_free (ci.repo_option);
  g_free (ci.token);
  g_free (ci.deep_json);
  g_free (ci.truth);

  return EXIT_SUCCESS;
}
