/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _CulpritLogDecoder CulpritLogDecoder;

CulpritLogDecoder *culprit_log_decoder_new    (gsize               cap_bytes);
void               culprit_log_decoder_free   (CulpritLogDecoder  *self);
gboolean           culprit_log_decoder_feed   (CulpritLogDecoder  *self,
                                               const char         *data,
                                               gsize               len,
                                               GError            **error);
GBytes            *culprit_log_decoder_finish (CulpritLogDecoder  *self,
                                               gsize              *total_bytes,
                                               gboolean           *truncated,
                                               GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CulpritLogDecoder, culprit_log_decoder_free)

G_END_DECLS
