/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "culprit-types.h"

G_BEGIN_DECLS

/* What Culprit did with a build (the `state` column). */
#define CULPRIT_BUILD_STATE_PENDING        "pending"         /* listed; detail and log not fetched yet */
#define CULPRIT_BUILD_STATE_PASSED         "passed"          /* CircleCI says it succeeded */
#define CULPRIT_BUILD_STATE_LOG            "log"             /* the failed step's log is stored */
#define CULPRIT_BUILD_STATE_TIMEOUT        "timeout"         /* the failed action timed out */
#define CULPRIT_BUILD_STATE_NO_FAILED_STEP "no-failed-step"  /* failed, but no action failed */
#define CULPRIT_BUILD_STATE_NO_LOG         "no-log"          /* the log is gone (403/404) or empty */

/* The category of a build, as reports count them: one of these, computed
 * from the state and the best match's tags. */
#define CULPRIT_CATEGORY_PASSED         "passed"
#define CULPRIT_CATEGORY_PENDING        "pending"         /* not fetched, or log not scanned yet */
#define CULPRIT_CATEGORY_FLAKY          "flaky"           /* best pattern tagged flaky */
#define CULPRIT_CATEGORY_KNOWN_PROBLEM  "known-problem"   /* best pattern tagged known-problem */
#define CULPRIT_CATEGORY_MATCHED        "matched"         /* best pattern has neither tag */
#define CULPRIT_CATEGORY_TIMEOUT        "timeout"
#define CULPRIT_CATEGORY_NO_FAILED_STEP "no-failed-step"
#define CULPRIT_CATEGORY_NO_LOG         "no-log"
#define CULPRIT_CATEGORY_UNEXPLAINED    "unexplained"     /* log scanned, nothing matched */

#define CULPRIT_TYPE_BUILD (culprit_build_get_type ())

G_DECLARE_FINAL_TYPE (CulpritBuild, culprit_build, CULPRIT, BUILD, GObject)

CulpritBuild *culprit_build_new                (const char   *repo,
                                                gint64        build_num);

gint64        culprit_build_get_id             (CulpritBuild *self);
const char   *culprit_build_get_repo           (CulpritBuild *self);
gint64        culprit_build_get_build_num      (CulpritBuild *self);
const char   *culprit_build_get_branch         (CulpritBuild *self);
const char   *culprit_build_get_job            (CulpritBuild *self);
const char   *culprit_build_get_workflow       (CulpritBuild *self);
const char   *culprit_build_get_vcs_revision   (CulpritBuild *self);
gint64        culprit_build_get_queued_at      (CulpritBuild *self);
gint64        culprit_build_get_start_time     (CulpritBuild *self);
gint64        culprit_build_get_stop_time      (CulpritBuild *self);
const char   *culprit_build_get_outcome        (CulpritBuild *self);
const char   *culprit_build_get_status         (CulpritBuild *self);
const char   *culprit_build_get_state          (CulpritBuild *self);
const char   *culprit_build_get_failed_step    (CulpritBuild *self);
const char   *culprit_build_get_category       (CulpritBuild *self);
gint64        culprit_build_get_best_pattern_id (CulpritBuild *self);
const char   *culprit_build_get_best_pattern   (CulpritBuild *self);
guint         culprit_build_get_best_line      (CulpritBuild *self);
gint64        culprit_build_get_log_bytes      (CulpritBuild *self);
gboolean      culprit_build_get_log_truncated  (CulpritBuild *self);
gboolean      culprit_build_is_failed          (CulpritBuild *self);

G_END_DECLS
