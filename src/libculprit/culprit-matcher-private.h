/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "culprit-matcher.h"

G_BEGIN_DECLS

GRegex *_culprit_matcher_compile_regex (const char  *expression,
                                        gboolean     case_sensitive,
                                        gboolean     raw,
                                        gboolean     bounded,
                                        GError     **error);
const char * const *_culprit_matcher_get_literals (CulpritMatcher *self,
                                                   guint           index);

G_END_DECLS
