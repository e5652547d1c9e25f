/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fake-response"

#include "config.h"

#include <string.h>

#include "fake-response.h"

/*
 * Responses of the fake server: JSON and S3-style error bodies, delays that
 * do not block the main loop (the message is paused and a timeout resumes
 * it), bodies cut short, and log bodies streamed chunk by chunk from a
 * GInputStream so that a log of any size never sits whole in memory.
 */

#define CHUNK_SIZE (128 * 1024)
#define FINISHED_KEY "fake-response-finished"

static void
on_finished (SoupServerMessage *msg)
{
  g_object_set_data (G_OBJECT (msg), FINISHED_KEY, GINT_TO_POINTER (TRUE));
}

static void
track_finished (SoupServerMessage *msg)
{
  if (g_object_get_data (G_OBJECT (msg), FINISHED_KEY "-tracked") != NULL)
    return;

  g_object_set_data (G_OBJECT (msg), FINISHED_KEY "-tracked", GINT_TO_POINTER (TRUE));
  g_signal_connect (msg, "finished", G_CALLBACK (on_finished), NULL);
}

static gboolean
is_finished (SoupServerMessage *msg)
{
  return g_object_get_data (G_OBJECT (msg), FINISHED_KEY) != NULL;
}

void
fake_respond_json (SoupServerMessage *msg,
                   guint              status,
                   JsonNode          *node)
{
  g_autofree char *text = NULL;

  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));
  g_return_if_fail (node != NULL);

  text = json_to_string (node, FALSE);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_COPY,
                                    text, strlen (text));
}

/* {"message": "..."}, as CircleCI and GitHub answer errors */
void
fake_respond_message (SoupServerMessage *msg,
                      guint              status,
                      const char        *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  fake_respond_json (msg, status, root);
}

void
fake_respond_s3_error (SoupServerMessage *msg,
                       guint              status,
                       const char        *code,
                       const char        *message)
{
  g_autofree char *body = NULL;

  body = g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<Error><Code>%s</Code><Message>%s</Message>"
                          "<RequestId>4442587FB7D0A2F9</RequestId></Error>",
                          code, message);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/xml", SOUP_MEMORY_COPY,
                                    body, strlen (body));
}

/* What a proxy in front of the API answers when the backend is unwell. */
void
fake_respond_gateway (SoupServerMessage *msg,
                      guint              status)
{
  g_autofree char *body = NULL;
  const char *phrase = soup_status_get_phrase (status);

  body = g_strdup_printf ("<html>\r\n<head><title>%u %s</title></head>\r\n<body>\r\n"
                          "<center><h1>%u %s</h1></center>\r\n</body>\r\n</html>\r\n",
                          status, phrase, status, phrase);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_COPY, body, strlen (body));
}

/* Announces the whole body in Content-Length, sends part of it and closes
 * the connection: the client sees a premature end of the body. */
void
fake_truncate_response (SoupServerMessage *msg,
                        double             fraction)
{
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autoptr(GBytes) full = soup_message_body_flatten (body);
  gsize length = g_bytes_get_size (full);
  gsize cut = (gsize) (fraction * length);

  g_return_if_fail (length > 1);

  cut = CLAMP (cut, 1, length - 1);
  soup_message_body_truncate (body);
  soup_message_body_append (body, SOUP_MEMORY_COPY, g_bytes_get_data (full, NULL), cut);
  soup_message_body_complete (body);
  soup_message_headers_set_content_length (headers, length);
  soup_message_headers_replace (headers, "Connection", "close");
}

static gboolean
unpause_cb (gpointer data)
{
  SoupServerMessage *msg = data;

  if (!is_finished (msg))
    soup_server_message_unpause (msg);

  return G_SOURCE_REMOVE;
}

void
fake_delay_response (SoupServerMessage *msg,
                     guint              delay_ms)
{
  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));

  if (delay_ms == 0)
    return;

  track_finished (msg);
  soup_server_message_pause (msg);
  g_timeout_add_full (G_PRIORITY_DEFAULT, delay_ms, unpause_cb, g_object_ref (msg),
                      g_object_unref);
}

/* Streaming ------------------------------------------------------------- */

typedef struct
{
  SoupServerMessage *msg;
  GInputStream      *stream;
  GBytes            *lookahead;
  guint64            sent;
  gint64             cut_at;      /* -1: send everything */
  guint              source_id;
  gboolean           completed;
  GBytes            *tear;        /* the chunk to cut short, once the others are out */
  gsize              tear_keep;
} Streamer;

static void
streamer_free (Streamer *streamer)
{
  g_clear_handle_id (&streamer->source_id, g_source_remove);
  g_signal_handlers_disconnect_by_data (streamer->msg, streamer);
  g_clear_object (&streamer->msg);
  g_clear_object (&streamer->stream);
  g_clear_pointer (&streamer->lookahead, g_bytes_unref);
  g_clear_pointer (&streamer->tear, g_bytes_unref);
  g_free (streamer);
}

static GBytes *
streamer_read (Streamer *streamer)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  bytes = g_input_stream_read_bytes (streamer->stream, CHUNK_SIZE, NULL, &error);
  if (bytes == NULL)
    {
      g_warning ("Reading a log failed: %s", error->message);
      return g_bytes_new (NULL, 0);
    }

  return bytes;
}

/* Cuts the body short in the middle of a chunk: the chunk's size line
 * announces all of it, only part of it follows, and the socket is shut
 * down for writing. The client sees the connection end inside a chunk (an
 * error for any HTTP client; an end at a chunk boundary would look like a
 * clean end of the body to libsoup). The bytes go to the socket directly:
 * libsoup has written everything before them and waits, paused, for more.
 * Then the terminating chunk fails to be written and libsoup finishes the
 * message. (Stealing the connection would not do: on the way out, libsoup
 * closes its body stream, which writes the terminating chunk.) */
static void
streamer_tear (Streamer *streamer)
{
  GSocket *socket = soup_server_message_get_socket (streamer->msg);
  gsize size;
  const char *data = g_bytes_get_data (streamer->tear, &size);
  g_autoptr(GString) torn = g_string_new (NULL);

  g_string_append_printf (torn, "%" G_GSIZE_MODIFIER "x\r\n", size);
  g_string_append_len (torn, data, (gssize) MIN (streamer->tear_keep, size));

  if (socket != NULL)
    {
      g_socket_send_with_blocking (socket, torn->str, torn->len, FALSE, NULL, NULL);
      g_socket_shutdown (socket, FALSE, TRUE, NULL);
    }

  streamer->completed = TRUE;
  soup_message_body_complete (soup_server_message_get_response_body (streamer->msg));
  soup_server_message_unpause (streamer->msg);
}

static gboolean
streamer_pump (gpointer data)
{
  Streamer *streamer = data;
  SoupMessageBody *body = soup_server_message_get_response_body (streamer->msg);
  g_autoptr(GBytes) chunk = NULL;
  g_autoptr(GBytes) next = NULL;
  gsize size;

  streamer->source_id = 0;

  if (streamer->completed)
    return G_SOURCE_REMOVE;
  if (streamer->tear != NULL)
    {
      streamer_tear (streamer);
      return G_SOURCE_REMOVE;
    }

  chunk = streamer->lookahead ? g_steal_pointer (&streamer->lookahead) : streamer_read (streamer);
  size = g_bytes_get_size (chunk);
  next = size > 0 ? streamer_read (streamer) : g_bytes_new (NULL, 0);

  /* the cut is in this chunk, or this is the last chunk */
  if (streamer->cut_at >= 0 && size > 1 &&
      (streamer->sent + size >= (guint64) streamer->cut_at || g_bytes_get_size (next) == 0))
    {
      gsize keep = size / 2;

      if (streamer->sent + size >= (guint64) streamer->cut_at)
        keep = (gsize) streamer->cut_at - streamer->sent;

      if (streamer->sent == 0)
        {
          /* the headers are not out yet: send a first piece normally */
          g_autoptr(GBytes) head = g_bytes_new_from_bytes (chunk, 0, size / 2);

          soup_message_body_append_bytes (body, head);
          streamer->sent = size / 2;
          streamer->tear = g_bytes_new_from_bytes (chunk, size / 2, size - size / 2);
          streamer->tear_keep = keep > size / 2 ? keep - size / 2 : 0;
          soup_server_message_unpause (streamer->msg);
        }
      else
        {
          streamer->tear = g_bytes_ref (chunk);
          streamer->tear_keep = keep;
          streamer_tear (streamer);
        }
      return G_SOURCE_REMOVE;
    }

  if (size > 0)
    soup_message_body_append_bytes (body, chunk);
  streamer->sent += size;

  if (g_bytes_get_size (next) == 0)
    {
      soup_message_body_complete (body);
      streamer->completed = TRUE;
    }
  else
    {
      streamer->lookahead = g_steal_pointer (&next);
    }

  soup_server_message_unpause (streamer->msg);
  return G_SOURCE_REMOVE;
}

static void
streamer_wrote_chunk (SoupServerMessage *msg,
                      Streamer          *streamer)
{
  if (streamer->source_id == 0 && !streamer->completed)
    streamer->source_id = g_idle_add (streamer_pump, streamer);
}

static void
streamer_finished (SoupServerMessage *msg,
                   Streamer          *streamer)
{
  streamer_free (streamer);
}

/**
 * fake_stream_response:
 * @stream: the body
 * @delay_ms: when to start sending
 * @cut_at: where to close the connection, -1 to send everything
 *
 * Sends @stream as a chunked body, one chunk at a time, reading the next
 * chunk only when the previous one has been written.
 */
void
fake_stream_response (SoupServerMessage *msg,
                      GInputStream      *stream,
                      guint              delay_ms,
                      gint64             cut_at)
{
  Streamer *streamer;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));
  g_return_if_fail (G_IS_INPUT_STREAM (stream));

  streamer = g_new0 (Streamer, 1);
  streamer->msg = g_object_ref (msg);
  streamer->stream = g_object_ref (stream);
  streamer->cut_at = cut_at;

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  soup_message_body_set_accumulate (soup_server_message_get_response_body (msg), FALSE);

  g_signal_connect (msg, "wrote-chunk", G_CALLBACK (streamer_wrote_chunk), streamer);
  g_signal_connect (msg, "finished", G_CALLBACK (streamer_finished), streamer);

  soup_server_message_pause (msg);
  if (delay_ms > 0)
    streamer->source_id = g_timeout_add (delay_ms, streamer_pump, streamer);
  else
    streamer->source_id = g_idle_add (streamer_pump, streamer);
}
