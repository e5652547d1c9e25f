/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CULPRIT_LOG_CODEC_ERROR (culprit_log_codec_error_quark ())

typedef enum
{
  CULPRIT_LOG_CODEC_ERROR_CORRUPT = 1,
  CULPRIT_LOG_CODEC_ERROR_TOO_LARGE,
  CULPRIT_LOG_CODEC_ERROR_FAILED,
} CulpritLogCodecError;

GQuark  culprit_log_codec_error_quark (void);

GBytes *culprit_log_compress          (const char  *data,
                                       gsize        len,
                                       GError     **error);
GBytes *culprit_log_decompress        (const void  *data,
                                       gsize        len,
                                       gsize        expected_size,
                                       GError     **error);

gboolean culprit_log_decompress_into  (const void  *data,
                                       gsize        len,
                                       gsize        expected_size,
                                       GByteArray  *out,
                                       GError     **error);

G_END_DECLS
