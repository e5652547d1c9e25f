/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _CulpritPrefilter CulpritPrefilter;

char             *_culprit_regex_required_literal (const char             *regex,
                                                   gboolean                case_sensitive);
char            **_culprit_regex_required_literals (const char            *regex,
                                                   gboolean                case_sensitive);
char           ***_culprit_regex_required_literal_sets (const char        *regex,
                                                   gboolean                case_sensitive);
void              _culprit_literal_sets_free      (char                 ***sets);
char            **_culprit_regex_split_alternatives (const char           *regex);
CulpritPrefilter *_culprit_prefilter_new          (const char * const     *literals,
                                                   const guint            *owners,
                                                   const gboolean         *caseless,
                                                   guint                   n_literals);
void              _culprit_prefilter_free         (CulpritPrefilter       *self);
guint             _culprit_prefilter_get_n_states (const CulpritPrefilter *self);
const char       *_culprit_prefilter_get_backend  (const CulpritPrefilter *self);
void              _culprit_prefilter_scan         (const CulpritPrefilter *self,
                                                   const char             *text,
                                                   gsize                   len,
                                                   guint                  *stamps,
                                                   guint                   stamp,
                                                   guint                  *found,
                                                   guint                  *n_found);

void              _culprit_prefilter_scan_log     (const CulpritPrefilter *self,
                                                   const char             *log,
                                                   gsize                   len,
                                                   guint                  *stamps,
                                                   GArray                 *cand_lines,
                                                   GArray                 *cand_patterns,
                                                   GArray                 *esc_lines);
void              _culprit_prefilter_scan_lines   (const CulpritPrefilter *self,
                                                   const char             *text,
                                                   gsize                   len,
                                                   const gsize            *starts,
                                                   guint                   n_starts,
                                                   guint                  *stamps,
                                                   GArray                 *cand_lines,
                                                   GArray                 *cand_patterns);

G_END_DECLS
