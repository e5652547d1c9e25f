/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "culprit-types.h"

G_BEGIN_DECLS

#define CULPRIT_MATCHER_ERROR (culprit_matcher_error_quark ())

typedef enum
{
  CULPRIT_MATCHER_ERROR_INVALID_PATTERN = 1,
} CulpritMatcherError;

/* Lines longer than this are searched in their first CULPRIT_MATCHER_MAX_LINE
 * bytes only (and a problem is reported), so that a log of one huge line
 * cannot make a regex run for minutes. */
#define CULPRIT_MATCHER_MAX_LINE (1024 * 1024)

/* PCRE2 match limit per subject: bounds catastrophic backtracking. */
#define CULPRIT_MATCHER_MATCH_LIMIT 200000

typedef enum
{
  CULPRIT_MATCHER_FLAGS_NONE = 0,
  CULPRIT_MATCHER_FLAGS_NO_PREFILTER = 1 << 0,
} CulpritMatcherFlags;

typedef struct
{
  guint pattern_index;   /* in the matcher's pattern list */
  guint line;            /* 1-based line number in the log */
  guint start;           /* byte offsets of the first span in the normalised line */
  guint end;
} CulpritMatch;

typedef struct
{
  guint  pattern_index;  /* G_MAXUINT when the problem is not a pattern's */
  guint  line;
  char  *message;
} CulpritMatchProblem;

#define CULPRIT_TYPE_MATCHER (culprit_matcher_get_type ())
#define CULPRIT_TYPE_SCAN_RESULT (culprit_scan_result_get_type ())

G_DECLARE_FINAL_TYPE (CulpritMatcher, culprit_matcher, CULPRIT, MATCHER, GObject)

GQuark                     culprit_matcher_error_quark          (void);

CulpritMatcher            *culprit_matcher_new                  (GPtrArray          *patterns,
                                                                 GError            **error);
CulpritMatcher            *culprit_matcher_new_full             (GPtrArray          *patterns,
                                                                 CulpritMatcherFlags flags,
                                                                 GError            **error);
gboolean                   culprit_matcher_has_literal          (CulpritMatcher     *self,
                                                                 guint               index);
guint                      culprit_matcher_get_n_patterns       (CulpritMatcher     *self);
CulpritPattern            *culprit_matcher_get_pattern          (CulpritMatcher     *self,
                                                                 guint               index);
CulpritScanResult         *culprit_matcher_scan                 (CulpritMatcher     *self,
                                                                 const char         *log,
                                                                 gsize               len,
                                                                 const char         *step_name);

GType                      culprit_scan_result_get_type         (void) G_GNUC_CONST;
CulpritScanResult         *culprit_scan_result_ref              (CulpritScanResult  *self);
void                       culprit_scan_result_unref            (CulpritScanResult  *self);
guint                      culprit_scan_result_get_line_count   (CulpritScanResult  *self);
guint                      culprit_scan_result_get_n_matches    (CulpritScanResult  *self);
const CulpritMatch        *culprit_scan_result_get_match        (CulpritScanResult  *self,
                                                                 guint               index);
const CulpritMatch        *culprit_scan_result_get_best         (CulpritScanResult  *self);
const char                *culprit_scan_result_get_best_text    (CulpritScanResult  *self);
guint                      culprit_scan_result_get_n_problems   (CulpritScanResult  *self);
const CulpritMatchProblem *culprit_scan_result_get_problem      (CulpritScanResult  *self,
                                                                 guint               index);
guint                      culprit_scan_result_get_n_problems_total (CulpritScanResult *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CulpritScanResult, culprit_scan_result_unref)

G_END_DECLS
