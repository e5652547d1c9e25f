/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fake-log-stream"

#include "config.h"

#include <string.h>

#include "fake-common.h"
#include "fake-log-stream.h"

/*
 * The body of a CircleCI output URL, generated while it is read: a JSON
 * array of {"type": "out"|"err", "message": ..., "time": ...} whose messages,
 * concatenated, are the log. Messages are cut at arbitrary places (in the
 * middle of lines too, but never inside a UTF-8 character).
 */

struct _FakeLogStream
{
  GInputStream  parent_instance;

  FakeLog      *log;
  GRand        *rand;

  GString      *segment;
  gsize         segment_offset;
  gboolean      segment_is_err;
  gint64        segment_time_ms;

  GString      *json;
  gsize         json_offset;

  guint         n_messages;
  gboolean      started;
  gboolean      finished;
};

G_DEFINE_FINAL_TYPE (FakeLogStream, fake_log_stream, G_TYPE_INPUT_STREAM)

static void
fake_log_stream_fill (FakeLogStream *self)
{
  gsize end;

  if (!self->started)
    {
      g_string_append_c (self->json, '[');
      self->started = TRUE;
      return;
    }

  if (self->segment_offset >= self->segment->len)
    {
      g_string_truncate (self->segment, 0);
      self->segment_offset = 0;
      if (!fake_log_next (self->log, self->segment, &self->segment_is_err, &self->segment_time_ms))
        {
          g_string_append_c (self->json, ']');
          self->finished = TRUE;
          return;
        }
    }

  end = self->segment_offset + 256 + (gsize) g_rand_int_range (self->rand, 0, 16384);
  if (end >= self->segment->len)
    {
      end = self->segment->len;
    }
  else
    {
      while (end > self->segment_offset && ((guchar) self->segment->str[end] & 0xc0) == 0x80)
        end--;
      if (end == self->segment_offset)
        end = self->segment->len;
    }

  if (self->n_messages++ > 0)
    g_string_append_c (self->json, ',');
  g_string_append (self->json, self->segment_is_err ? "{\"type\":\"err\",\"message\":"
                                                     : "{\"type\":\"out\",\"message\":");
  fake_append_json_string (self->json, self->segment->str + self->segment_offset,
                           end - self->segment_offset);
  g_string_append (self->json, ",\"time\":\"");
  fake_append_iso8601 (self->json, self->segment_time_ms);
  g_string_append (self->json, "\"}");

  self->segment_offset = end;
}

static gssize
fake_log_stream_read (GInputStream  *stream,
                      void          *buffer,
                      gsize          count,
                      GCancellable  *cancellable,
                      GError       **error)
{
  FakeLogStream *self = FAKE_LOG_STREAM (stream);
  gsize available;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return -1;

  /* Keep only what has not been read yet. */
  if (self->json_offset > 0)
    {
      g_string_erase (self->json, 0, (gssize) self->json_offset);
      self->json_offset = 0;
    }

  while (self->json->len - self->json_offset < count && !self->finished)
    fake_log_stream_fill (self);

  available = MIN (count, self->json->len - self->json_offset);
  memcpy (buffer, self->json->str + self->json_offset, available);
  self->json_offset += available;

  return (gssize) available;
}

static gboolean
fake_log_stream_close (GInputStream  *stream,
                       GCancellable  *cancellable,
                       GError       **error)
{
  return TRUE;
}

static void
fake_log_stream_finalize (GObject *object)
{
  FakeLogStream *self = FAKE_LOG_STREAM (object);

  g_clear_pointer (&self->log, fake_log_free);
  g_clear_pointer (&self->rand, g_rand_free);
  g_string_free (self->segment, TRUE);
  g_string_free (self->json, TRUE);

  G_OBJECT_CLASS (fake_log_stream_parent_class)->finalize (object);
}

static void
fake_log_stream_class_init (FakeLogStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  object_class->finalize = fake_log_stream_finalize;
  stream_class->read_fn = fake_log_stream_read;
  stream_class->close_fn = fake_log_stream_close;
}

static void
fake_log_stream_init (FakeLogStream *self)
{
  self->segment = g_string_sized_new (32768);
  self->json = g_string_sized_new (65536 + 32768);
}

GInputStream *
fake_log_stream_new (const FakeLogSpec *spec)
{
  FakeLogStream *self;
  guint32 seeds[4];

  g_return_val_if_fail (spec != NULL, NULL);

  self = g_object_new (FAKE_TYPE_LOG_STREAM, NULL);
  self->log = fake_log_new (spec);

  seeds[0] = spec->seed;
  seeds[1] = spec->build_num;
  seeds[2] = spec->step * 1000 + spec->action;
  seeds[3] = 0x5971;
  self->rand = g_rand_new_with_seed_array (seeds, G_N_ELEMENTS (seeds));

  return G_INPUT_STREAM (self);
}
