/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "culprit-types.h"

G_BEGIN_DECLS

/* Read-only queries for the desktop application's views: what a store
 * tracks, a build's stored matches, per-pattern counts, the builds with a
 * log, and the distinct values of a column for filters. */

typedef struct
{
  char   *repo;             /* 'github/ORG/REPO' */
  char   *api_url;
  char  **branches;         /* sorted; may be empty */
} CulpritTrackedRepo;

typedef struct
{
  gint64  pattern_id;
  guint   line;             /* 1-based */
  guint   start;            /* byte offsets in the normalised line */
  guint   end;
} CulpritStoredMatch;

typedef struct
{
  gint64  pattern_id;
  guint   builds;           /* builds with at least one match of it */
  guint   best;             /* failed builds whose best match it is */
  gint64  last_seen;        /* queued_at of the newest matched build; 0 if none */
} CulpritPatternStats;

typedef struct
{
  gint64  build_id;
  char   *step_name;        /* nullable */
  gint64  raw_bytes;
} CulpritLoggedBuild;

typedef enum
{
  CULPRIT_BUILD_COLUMN_BRANCH,
  CULPRIT_BUILD_COLUMN_JOB,
} CulpritBuildColumn;

gint64     culprit_store_count_builds        (CulpritStore        *self,
                                              GError             **error);
gboolean   culprit_store_get_time_range      (CulpritStore        *self,
                                              gint64              *first,
                                              gint64              *last,
                                              GError             **error);
GPtrArray *culprit_store_list_tracked_repos  (CulpritStore        *self,
                                              GError             **error);
gboolean   culprit_store_untrack_repository  (CulpritStore        *self,
                                              const char          *repo,
                                              const char          *branch,
                                              GError             **error);
GArray    *culprit_store_list_build_matches  (CulpritStore        *self,
                                              gint64               build_id,
                                              GError             **error);
GArray    *culprit_store_list_pattern_stats  (CulpritStore        *self,
                                              GError             **error);
GArray    *culprit_store_list_pattern_builds (CulpritStore        *self,
                                              gint64               pattern_id,
                                              guint                limit,
                                              GError             **error);
GArray    *culprit_store_list_logged_builds  (CulpritStore        *self,
                                              guint                limit,
                                              GError             **error);
char     **culprit_store_list_build_values   (CulpritStore        *self,
                                              CulpritBuildColumn   column,
                                              GError             **error);
void       culprit_tracked_repo_free         (CulpritTrackedRepo  *repo);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CulpritTrackedRepo, culprit_tracked_repo_free)

G_END_DECLS
