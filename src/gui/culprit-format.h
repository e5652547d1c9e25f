/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *culprit_format_percent (double percent,
                              guint  decimals);

G_END_DECLS
