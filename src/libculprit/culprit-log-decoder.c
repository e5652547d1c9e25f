/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-log-decoder"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "culprit-circleci.h"
#include "culprit-json.h"
#include "culprit-log-decoder.h"

/* A streaming decoder for CircleCI's action output: a JSON array of
 * {"type": "out", "message": "...", "time": "..."} whose messages,
 * concatenated, are the log. It is fed chunks as they arrive, so a log of
 * hundreds of megabytes is never held as JSON; only the decoded text is
 * kept, and above the cap only its tail (at most 1.25 times the cap while
 * decoding, the cap at the end). A document that ends early or is not such
 * an array is an error: a truncated log is never returned as if whole. */

#define MAX_DEPTH 64

typedef enum
{
  S_VALUE,          /* a value is expected */
  S_AFTER_VALUE,    /* ',' or the container's end */
  S_KEY_OR_END,     /* in an object: a key or '}' */
  S_COLON,
  S_STRING,
  S_ESCAPE,
  S_UNICODE,
  S_LITERAL,        /* number, true, false, null */
  S_DONE,
} State;

struct _CulpritLogDecoder
{
  GByteArray *out;
  gsize       cap;
  gsize       total;
  gboolean    truncated;

  State       state;
  char        stack[MAX_DEPTH];   /* '[' or '{' */
  guint       depth;
  gboolean    in_key;             /* the string is an object key */
  gboolean    capture;            /* the string is a message: decode it */
  char        key[16];
  guint       key_len;
  gboolean    key_is_message;
  guint32     unicode;
  guint       unicode_digits;
  guint32     high_surrogate;
  gsize       offset;             /* bytes fed, for error messages */
};

CulpritLogDecoder *
culprit_log_decoder_new (gsize cap_bytes)
{
  CulpritLogDecoder *self = g_new0 (CulpritLogDecoder, 1);

  self->out = g_byte_array_new ();
  self->cap = cap_bytes;
  self->state = S_VALUE;
  return self;
}

void
culprit_log_decoder_free (CulpritLogDecoder *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->out, g_byte_array_unref);
  g_free (self);
}

/* Keeps at most a quarter more than the cap while decoding: the last cap
 * bytes survive. GByteArray grows with g_realloc(), which moves large
 * buffers with mremap() rather than holding old and new at once. */
static void
emit (CulpritLogDecoder *self,
      const char        *data,
      gsize              len)
{
  gsize limit = self->cap + self->cap / 4;

  self->total += len;

  if (self->cap > 0 && len >= self->cap)
    {
      /* one piece larger than the cap: only its tail can survive */
      g_byte_array_set_size (self->out, 0);
      data += len - self->cap;
      len = self->cap;
      self->truncated = TRUE;
    }
  else if (self->cap > 0 && self->out->len + len > limit)
    {
      g_byte_array_remove_range (self->out, 0, self->out->len + len - self->cap);
      self->truncated = TRUE;
    }

  g_byte_array_append (self->out, (const guint8 *)data, len);
}

static void
emit_codepoint (CulpritLogDecoder *self,
                gunichar           ch)
{
  char buf[6];
  int n = g_unichar_to_utf8 (ch, buf);

  emit (self, buf, n);
}

static gboolean
fail (CulpritLogDecoder  *self,
      GError            **error,
      const char         *what)
{
  g_set_error (error, CULPRIT_CIRCLECI_ERROR, CULPRIT_CIRCLECI_ERROR_BAD_RESPONSE,
               _("The log is not CircleCI’s action output (%s at byte %" G_GSIZE_FORMAT ")"),
               what, self->offset);
  return FALSE;
}

static gboolean
push (CulpritLogDecoder  *self,
      char                kind,
      GError            **error)
{
  if (self->depth == MAX_DEPTH)
    {
      g_autofree char *at = g_strdup_printf ("%" G_GSIZE_FORMAT, self->offset);

      /* its own domain, so that the client does not ask again for the same */
      g_set_error (error, CULPRIT_JSON_ERROR, CULPRIT_JSON_ERROR_TOO_DEEP,
                   _("The log is not CircleCI’s action output: JSON nested deeper than %u "
                     "levels, at byte %s"), MAX_DEPTH, at);
      return FALSE;
    }
  if (self->depth == 0 && kind != '[')
    return fail (self, error, "not a JSON array");
  if (self->depth == 1 && kind != '{')
    return fail (self, error, "an element is not an object");
  self->stack[self->depth++] = kind;
  self->state = kind == '{' ? S_KEY_OR_END : S_VALUE;
  return TRUE;
}

static void
end_value (CulpritLogDecoder *self)
{
  self->state = self->depth == 0 ? S_DONE : S_AFTER_VALUE;
}

static void
flush_unicode (CulpritLogDecoder *self)
{
  guint32 u = self->unicode;

  if (u >= 0xd800 && u <= 0xdbff)
    {
      if (self->high_surrogate && self->capture)
        emit_codepoint (self, 0xfffd);
      self->high_surrogate = u;
      return;
    }
  if (u >= 0xdc00 && u <= 0xdfff)
    {
      if (self->high_surrogate)
        u = 0x10000 + ((self->high_surrogate - 0xd800) << 10) + (u - 0xdc00);
      else
        u = 0xfffd;
      self->high_surrogate = 0;
    }
  else if (self->high_surrogate)
    {
      if (self->capture)
        emit_codepoint (self, 0xfffd);
      self->high_surrogate = 0;
    }
  if (self->capture)
    emit_codepoint (self, u);
}

/**
 * culprit_log_decoder_feed:
 *
 * Decodes the next chunk of the document.
 */
gboolean
culprit_log_decoder_feed (CulpritLogDecoder  *self,
                          const char         *data,
                          gsize               len,
                          GError            **error)
{
  gsize i = 0;

  while (i < len)
    {
      guchar c = data[i];

      switch (self->state)
        {
        case S_STRING:
          {
            gsize start = i;

            while (i < len && data[i] != '"' && data[i] != '\\')
              i++;
            if (i > start)
              {
                if (self->high_surrogate)
                  {
                    if (self->capture)
                      emit_codepoint (self, 0xfffd);
                    self->high_surrogate = 0;
                  }
                if (self->capture)
                  emit (self, data + start, i - start);
                else if (self->in_key)
                  {
                    if (self->key_len < sizeof self->key)
                      memcpy (self->key + self->key_len, data + start,
                              MIN (i - start, sizeof self->key - self->key_len));
                    self->key_len += i - start;
                  }
              }
            if (i == len)
              {
                self->offset += i - start;
                continue;
              }
            if (data[i] == '\\')
              self->state = S_ESCAPE;
            else if (self->in_key)
              {
                self->key_is_message = self->key_len == 7 && memcmp (self->key, "message", 7) == 0;
                self->in_key = FALSE;
                self->state = S_COLON;
              }
            else
              {
                if (self->high_surrogate && self->capture)
                  emit_codepoint (self, 0xfffd);
                self->high_surrogate = 0;
                self->capture = FALSE;
                end_value (self);
              }
            i++;
            self->offset += i - start;
            continue;
          }

        case S_ESCAPE:
          {
            char out = 0;

            switch (c)
              {
              case '"': out = '"'; break;
              case '\\': out = '\\'; break;
              case '/': out = '/'; break;
              case 'b': out = '\b'; break;
              case 'f': out = '\f'; break;
              case 'n': out = '\n'; break;
              case 'r': out = '\r'; break;
              case 't': out = '\t'; break;
              case 'u':
                self->state = S_UNICODE;
                self->unicode = 0;
                self->unicode_digits = 0;
                break;
              default:
                return fail (self, error, "bad escape");
              }
            if (out != 0)
              {
                if (self->high_surrogate)
                  {
                    if (self->capture)
                      emit_codepoint (self, 0xfffd);
                    self->high_surrogate = 0;
                  }
                if (self->capture)
                  emit (self, &out, 1);
                else if (self->in_key)
                  self->key_len = sizeof self->key + 1;   /* no key we want has escapes */
                self->state = S_STRING;
              }
            break;
          }

        case S_UNICODE:
          if (!g_ascii_isxdigit (c))
            return fail (self, error, "bad \\u escape");
          self->unicode = (self->unicode << 4) | g_ascii_xdigit_value (c);
          if (++self->unicode_digits == 4)
            {
              if (self->in_key)
                self->key_len = sizeof self->key + 1;
              else
                flush_unicode (self);
              self->state = S_STRING;
            }
          break;

        case S_LITERAL:
          if (g_ascii_isalnum (c) || c == '.' || c == '-' || c == '+')
            break;
          end_value (self);
          continue;   /* look at this byte again */

        default:
          if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
            break;

          switch (self->state)
            {
            case S_DONE:
              return fail (self, error, "data after the end");

            case S_COLON:
              if (c != ':')
                return fail (self, error, "':' expected");
              self->state = S_VALUE;
              break;

            case S_KEY_OR_END:
              if (c == '}')
                {
                  self->depth--;
                  end_value (self);
                }
              else if (c == '"')
                {
                  self->in_key = TRUE;
                  self->key_len = 0;
                  self->state = S_STRING;
                }
              else
                return fail (self, error, "a key expected");
              break;

            case S_AFTER_VALUE:
              if (c == ',')
                self->state = self->stack[self->depth - 1] == '{' ? S_KEY_OR_END : S_VALUE;
              else if ((c == ']' && self->stack[self->depth - 1] == '[') ||
                       (c == '}' && self->stack[self->depth - 1] == '{'))
                {
                  self->depth--;
                  end_value (self);
                }
              else
                return fail (self, error, "',' or the end of a list expected");
              break;

            case S_VALUE:
              if (c == '[' || c == '{')
                {
                  if (!push (self, c, error))
                    return FALSE;
                }
              else if (c == ']' && self->depth == 1 && self->stack[0] == '[')
                {
                  self->depth--;               /* an empty array */
                  end_value (self);
                }
              else if (c == '"')
                {
                  if (self->depth == 0)
                    return fail (self, error, "not a JSON array");
                  if (self->depth == 1)
                    return fail (self, error, "an element is not an object");
                  self->in_key = FALSE;
                  self->capture = self->depth == 2 && self->key_is_message;
                  self->state = S_STRING;
                }
              else if (g_ascii_isalnum (c) || c == '-')
                {
                  if (self->depth < 2)
                    return fail (self, error, "an element is not an object");
                  self->state = S_LITERAL;
                }
              else
                return fail (self, error, "a value expected");
              break;

            default:
              g_assert_not_reached ();
            }
        }

      i++;
      self->offset++;
    }

  return TRUE;
}

/**
 * culprit_log_decoder_finish:
 * @total_bytes: (out): the size of the whole decoded log
 * @truncated: (out): whether only its tail is returned
 *
 * Returns: (transfer full): the log, or its last cap bytes from the start
 *   of a line; %NULL with @error when the document ended early
 */
GBytes *
culprit_log_decoder_finish (CulpritLogDecoder  *self,
                            gsize              *total_bytes,
                            gboolean           *truncated,
                            GError            **error)
{
  GByteArray *out;

  if (self->state == S_LITERAL && self->depth == 0)
    self->state = S_DONE;
  if (self->state != S_DONE)
    {
      g_set_error (error, CULPRIT_CIRCLECI_ERROR, CULPRIT_CIRCLECI_ERROR_TRUNCATED,
                   _("The log ended early, after %" G_GSIZE_FORMAT " bytes: the download was cut"),
                   self->offset);
      return NULL;
    }

  out = g_steal_pointer (&self->out);
  self->out = g_byte_array_new ();

  if (self->cap > 0 && out->len > self->cap)
    {
      g_byte_array_remove_range (out, 0, out->len - self->cap);
      self->truncated = TRUE;
    }
  if (self->truncated)
    {
      /* start at a line: the first kept line is most likely cut */
      const guint8 *nl = memchr (out->data, '\n', out->len);

      if (nl != NULL && (gsize)(nl - out->data) + 1 < out->len)
        g_byte_array_remove_range (out, 0, nl - out->data + 1);
    }

  if (total_bytes != NULL)
    *total_bytes = self->total;
  if (truncated != NULL)
    *truncated = self->truncated;

  return g_byte_array_free_to_bytes (out);
}
