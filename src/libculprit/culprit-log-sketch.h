/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

GBytes   *_culprit_log_sketch_new         (const char   *log,
                                           gsize         len);
gboolean  _culprit_log_sketch_may_contain (const guint8 *sketch,
                                           gsize         sketch_len,
                                           const char   *literal);

G_END_DECLS
