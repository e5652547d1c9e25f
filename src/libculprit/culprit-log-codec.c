/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-log-codec"

#include "config.h"

#include <zstd.h>

#include <glib/gi18n-lib.h>

#include "culprit-log-codec.h"

/* Logs are stored as zstd frames. Level 3 is zstd's default: about 8x on CI
 * logs at several hundred MB/s, so compression never limits a fetch. */
#define COMPRESSION_LEVEL 3

/* A stored frame never decompresses beyond this, whatever it claims. */
#define MAX_DECOMPRESSED_SIZE ((gsize)4 << 30)

G_DEFINE_QUARK (culprit-log-codec-error-quark, culprit_log_codec_error)

/**
 * culprit_log_compress:
 *
 * Returns: (transfer full): a zstd frame holding @data, with its size in
 *   the frame header
 */
GBytes *
culprit_log_compress (const char  *data,
                      gsize        len,
                      GError     **error)
{
  ZSTD_CCtx *cctx = ZSTD_createCCtx ();
  GByteArray *out;
  ZSTD_inBuffer in = { data, len, 0 };
  gsize remaining;

  /* Streamed into a buffer that grows with the output, so that a 100 MB
   * log costs its compressed size, not another 100 MB. */
  ZSTD_CCtx_setParameter (cctx, ZSTD_c_compressionLevel, COMPRESSION_LEVEL);
  ZSTD_CCtx_setPledgedSrcSize (cctx, len);
  out = g_byte_array_sized_new (MIN (ZSTD_compressBound (len), len / 4 + 4096));

  do
    {
      ZSTD_outBuffer buf;
      gsize room = MAX (ZSTD_CStreamOutSize (), out->len / 2);

      g_byte_array_set_size (out, out->len + room);
      buf.dst = out->data + out->len - room;
      buf.size = room;
      buf.pos = 0;
      remaining = ZSTD_compressStream2 (cctx, &buf, &in, ZSTD_e_end);
      g_byte_array_set_size (out, out->len - room + buf.pos);
      if (ZSTD_isError (remaining))
        {
          g_set_error (error, CULPRIT_LOG_CODEC_ERROR, CULPRIT_LOG_CODEC_ERROR_FAILED,
                       _("Could not compress a log: %s"), ZSTD_getErrorName (remaining));
          ZSTD_freeCCtx (cctx);
          g_byte_array_unref (out);
          return NULL;
        }
    }
  while (remaining != 0);

  ZSTD_freeCCtx (cctx);
  return g_byte_array_free_to_bytes (out);
}

/**
 * culprit_log_decompress:
 * @expected_size: the raw size recorded with the log; must match
 *
 * Returns: (transfer full): the log's bytes, followed by a nul byte that is
 *   not counted in the size (so the text can be handed to string functions)
 */
GBytes *
culprit_log_decompress (const void  *data,
                        gsize        len,
                        gsize        expected_size,
                        GError     **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  gsize size;

  if (!culprit_log_decompress_into (data, len, expected_size, out, error))
    return NULL;
  size = out->len;
  g_byte_array_append (out, (const guint8 *)"", 1);
  return g_bytes_new_take (g_byte_array_free (g_steal_pointer (&out), FALSE), size);
}

/**
 * culprit_log_decompress_into:
 * @out: a buffer to reuse: its length becomes the log's size, and a nul
 *   byte follows the log (not counted)
 *
 * Like culprit_log_decompress(), into a buffer that a thread can reuse
 * from one log to the next (no new pages to fault in each time).
 */
/* one decompression context per thread, reused from log to log */
static GPrivate dctx_key = G_PRIVATE_INIT ((GDestroyNotify)ZSTD_freeDCtx);

gboolean
culprit_log_decompress_into (const void  *data,
                             gsize        len,
                             gsize        expected_size,
                             GByteArray  *out,
                             GError     **error)
{
  unsigned long long frame_size = ZSTD_getFrameContentSize (data, len);
  ZSTD_DCtx *dctx;
  gsize got;

  if (frame_size == ZSTD_CONTENTSIZE_ERROR || frame_size == ZSTD_CONTENTSIZE_UNKNOWN ||
      frame_size != expected_size)
    {
      g_set_error (error, CULPRIT_LOG_CODEC_ERROR, CULPRIT_LOG_CODEC_ERROR_CORRUPT,
                   _("A stored log is damaged: its compressed frame does not hold the "
                     "%" G_GSIZE_FORMAT " bytes recorded for it"), expected_size);
      return FALSE;
    }
  if (frame_size > MAX_DECOMPRESSED_SIZE)
    {
      g_set_error (error, CULPRIT_LOG_CODEC_ERROR, CULPRIT_LOG_CODEC_ERROR_TOO_LARGE,
                   _("A stored log is too large to open (%llu bytes)"), frame_size);
      return FALSE;
    }

  dctx = g_private_get (&dctx_key);
  if (dctx == NULL)
    {
      dctx = ZSTD_createDCtx ();
      g_private_set (&dctx_key, dctx);
    }
  g_byte_array_set_size (out, frame_size + 1);
  got = ZSTD_decompressDCtx (dctx, out->data, frame_size, data, len);
  if (ZSTD_isError (got) || got != frame_size)
    {
      g_set_error (error, CULPRIT_LOG_CODEC_ERROR, CULPRIT_LOG_CODEC_ERROR_CORRUPT,
                   _("A stored log is damaged: %s"),
                   ZSTD_isError (got) ? ZSTD_getErrorName (got) : _("short frame"));
      g_byte_array_set_size (out, 0);
      return FALSE;
    }
  out->data[got] = '\0';
  g_byte_array_set_size (out, got);

  return TRUE;
}
