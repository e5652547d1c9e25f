/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How many of a line's first bytes the prefix looks at */
#define CULPRIT_REGEX_PREFIX_DEPTH 16

typedef struct _CulpritRegexPrefix CulpritRegexPrefix;

CulpritRegexPrefix *_culprit_regex_prefix_new       (const char               *regex,
                                                     gboolean                  caseless);
gboolean            _culprit_regex_prefix_may_match (const CulpritRegexPrefix *self,
                                                     const char               *line,
                                                     gsize                     len);
gboolean            _culprit_regex_prefix_may_have  (const CulpritRegexPrefix *self,
                                                     guint                     position,
                                                     guint8                    byte);
void                _culprit_regex_prefix_free      (CulpritRegexPrefix       *self);

G_END_DECLS
