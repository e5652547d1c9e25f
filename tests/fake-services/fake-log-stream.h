/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fake-logs.h"

G_BEGIN_DECLS

#define FAKE_TYPE_LOG_STREAM (fake_log_stream_get_type ())

G_DECLARE_FINAL_TYPE (FakeLogStream, fake_log_stream, FAKE, LOG_STREAM, GInputStream)

GInputStream *fake_log_stream_new (const FakeLogSpec *spec);

G_END_DECLS
