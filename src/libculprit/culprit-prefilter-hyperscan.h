/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The prefilter's whole-log pass with Hyperscan; only in builds that have
 * it (HAVE_HYPERSCAN). See culprit-prefilter.c for the contract. */
typedef struct _CulpritPrefilterHyperscan CulpritPrefilterHyperscan;

/* Literals are looked for by their first bytes, this many at most */
#define CULPRIT_HYPERSCAN_PREFIX 12

CulpritPrefilterHyperscan *_culprit_prefilter_hyperscan_new      (const char * const              *literals,
                                                                  const guint                     *owners,
                                                                  const gboolean                  *caseless,
                                                                  guint                            n_literals);
void                       _culprit_prefilter_hyperscan_free     (CulpritPrefilterHyperscan       *self);
gboolean                   _culprit_prefilter_hyperscan_scan_log (CulpritPrefilterHyperscan       *self,
                                                                  const char                      *log,
                                                                  gsize                            len,
                                                                  guint                           *stamps,
                                                                  GArray                          *cand_lines,
                                                                  GArray                          *cand_patterns,
                                                                  GArray                          *esc_lines);
gboolean                   _culprit_prefilter_hyperscan_scan_lines (CulpritPrefilterHyperscan     *self,
                                                                  const char                      *text,
                                                                  gsize                            len,
                                                                  const gsize                     *starts,
                                                                  guint                            n_starts,
                                                                  guint                           *stamps,
                                                                  GArray                          *cand_lines,
                                                                  GArray                          *cand_patterns);

/* Regexes searched over a whole (ASCII) log, in prefiltering mode */
typedef struct _CulpritRegexHyperscan CulpritRegexHyperscan;
typedef void (*CulpritRegexHyperscanHit) (guint    index,
                                          gsize    end,
                                          gpointer data);

CulpritRegexHyperscan     *_culprit_regex_hyperscan_new          (const char * const              *expressions,
                                                                  const gboolean                  *caseless,
                                                                  guint                            n,
                                                                  gboolean                        *taken);
void                       _culprit_regex_hyperscan_free         (CulpritRegexHyperscan           *self);
gboolean                   _culprit_regex_hyperscan_scan         (CulpritRegexHyperscan           *self,
                                                                  const char                      *text,
                                                                  gsize                            len,
                                                                  CulpritRegexHyperscanHit         func,
                                                                  gpointer                         data);

G_END_DECLS
