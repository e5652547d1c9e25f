/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *culprit_pattern_suggest_regex (const char *line,
                                     gssize      len);
char *culprit_pattern_suggest_name  (const char *line,
                                     gssize      len);

G_END_DECLS
