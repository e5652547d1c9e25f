/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

void fake_respond_json      (SoupServerMessage *msg,
                             guint              status,
                             JsonNode          *node);
void fake_respond_message   (SoupServerMessage *msg,
                             guint              status,
                             const char        *message);
void fake_respond_s3_error  (SoupServerMessage *msg,
                             guint              status,
                             const char        *code,
                             const char        *message);
void fake_respond_gateway   (SoupServerMessage *msg,
                             guint              status);
void fake_truncate_response (SoupServerMessage *msg,
                             double             fraction);
void fake_delay_response    (SoupServerMessage *msg,
                             guint              delay_ms);
void fake_stream_response   (SoupServerMessage *msg,
                             GInputStream      *stream,
                             guint              delay_ms,
                             gint64             cut_at);

G_END_DECLS
