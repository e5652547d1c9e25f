/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <pango/pango.h>

G_BEGIN_DECLS

char *culprit_ansi_render (const char     *line,
                           gsize           len,
                           PangoAttrList  *attrs,
                           gsize          *out_len);

G_END_DECLS
