/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *culprit_line_normalise  (const char *line,
                                     gsize       len,
                                     GString    *scratch,
                                     gsize      *out_len);
gsize       culprit_line_skip_timestamp (const char *line,
                                         gsize       len);
gsize       culprit_line_escape_length (const char *p,
                                        gsize       len,
                                        gboolean   *is_sgr,
                                        gsize      *params_len);
gsize       culprit_line_strip_escapes (const char *line,
                                        gsize       len,
                                        char       *out);
guint       culprit_count_lines     (const char *data,
                                     gsize       len);
gsize       culprit_tail_start      (const char *data,
                                     gsize       len,
                                     gsize       cap);

G_END_DECLS
