/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <culprit.h>

G_BEGIN_DECLS

typedef enum
{
  CULPRIT_RANDOM_LITERALS,   /* literal patterns only */
  CULPRIT_RANDOM_REGEXES,    /* regexes only */
  CULPRIT_RANDOM_MIXED,      /* both, about half each, and a few ignore patterns */
} CulpritRandomKind;

GPtrArray *culprit_random_patterns (GRand              *rand,
                                    guint               n,
                                    CulpritRandomKind   kind,
                                    GPtrArray          *samples);
char      *culprit_random_log      (GRand              *rand,
                                    GPtrArray          *samples,
                                    guint               n_lines,
                                    gboolean            utf8,
                                    gsize              *len);

G_END_DECLS
