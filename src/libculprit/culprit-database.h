/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "culprit-queries.h"
#include "culprit-report.h"
#include "culprit-store.h"
#include "culprit-types.h"

G_BEGIN_DECLS

/* Typed asynchronous queries over a small pool of connections to one
 * store: each runs in a worker thread on a connection of its own, takes a
 * GCancellable and finishes on the caller's main context. */

typedef struct
{
  gint64      n_builds;
  gint64      first_build;    /* queued_at of the oldest and newest builds */
  gint64      last_build;
  guint       n_patterns;
  char      **branches;
  char      **jobs;
  GPtrArray  *repos;          /* CulpritTrackedRepo */
} CulpritDatabaseSummary;

typedef struct
{
  gint64  pattern_id;
  char   *pattern;
  char  **tags;
  guint   line;
  guint   start;
  guint   end;
  char   *text;               /* the matched line as a viewer displays it: NULL until it sets it */
} CulpritBuildMatch;

typedef struct
{
  CulpritBuild *build;
  GBytes       *log;          /* the raw log; NULL when the build has no stored log */
  GPtrArray    *matches;      /* CulpritBuildMatch, by line, within the log's lines */
  GError       *log_error;    /* why there is no log, when there is none */
} CulpritBuildLog;

/* The patterns page's rows: every pattern with its numbers */
typedef struct
{
  GPtrArray *patterns;        /* CulpritPattern: the live ones, then the retired ones if asked */
  GArray    *stats;           /* CulpritPatternStats, as culprit_store_list_pattern_stats() */
  CulpritReport *report;      /* of every build: the causes' best-match counts and shares */
} CulpritPatternList;

/* A week of a branch's commits: how many have a failure nothing explains */
typedef struct
{
  char  *key;                 /* its Monday, YYYY-MM-DD, as reports key weeks */
  guint  unexplained;
  guint  commits;
} CulpritHealthWeek;

/* The health grid of a branch: commits (rows) by jobs (columns) */
typedef struct
{
  char          *branch;      /* the branch shown: the one asked for, or a default */
  char         **branches;
  GPtrArray     *commits;     /* char *, newest first */
  char         **jobs;
  GPtrArray     *cells;       /* CulpritBuild or NULL, commits x jobs, row-major */
  GHashTable    *annotated;   /* build id (gint64 *) -> CulpritAnnotation */
  CulpritReport *report;      /* of the branch; NULL when there is no branch */
  GArray        *unexplained; /* CulpritHealthWeek, oldest first */
} CulpritHealth;

typedef enum
{
  CULPRIT_MARK_BUILD,         /* this build */
  CULPRIT_MARK_COMMIT,        /* every failed build of its commit */
  CULPRIT_MARK_JOB_RANGE,     /* its job on its branch, from revision to last_revision */
  CULPRIT_MARK_REMOVE,        /* remove the mark of this build */
} CulpritMarkAction;

typedef struct
{
  CulpritMarkAction  action;
  gint64             build_id;
  const char        *repo;
  const char        *branch;
  const char        *job;
  const char        *revision;
  const char        *last_revision;
  const char        *kind;
  const char        *note;
  const char        *issue_url;
  const char        *author;
} CulpritMarkRequest;

#define CULPRIT_TYPE_DATABASE (culprit_database_get_type ())

G_DECLARE_FINAL_TYPE (CulpritDatabase, culprit_database, CULPRIT, DATABASE, GObject)

CulpritDatabase *culprit_database_new                   (const char            *path);
const char      *culprit_database_get_path              (CulpritDatabase       *self);
CulpritStore    *culprit_database_acquire               (CulpritDatabase       *self,
                                                         GError               **error);
void             culprit_database_release               (CulpritDatabase       *self,
                                                         CulpritStore          *store);
void             culprit_database_emit_changed          (CulpritDatabase       *self);
gboolean         culprit_database_watch                 (CulpritDatabase      **slot,
                                                         CulpritDatabase       *database,
                                                         GCallback              on_changed,
                                                         gpointer               page);

/* Reads */

void             culprit_database_load_summary_async    (CulpritDatabase       *self,
                                                         GCancellable          *cancellable,
                                                         GAsyncReadyCallback    callback,
                                                         gpointer               user_data);
CulpritDatabaseSummary *culprit_database_load_summary_finish (CulpritDatabase  *self,
                                                         GAsyncResult          *result,
                                                         GError               **error);
void             culprit_database_load_report_async     (CulpritDatabase       *self,
                                                         const CulpritBuildFilter *filter,
                                                         GCancellable          *cancellable,
                                                         GAsyncReadyCallback    callback,
                                                         gpointer               user_data);
CulpritReport   *culprit_database_load_report_finish    (CulpritDatabase       *self,
                                                         GAsyncResult          *result,
                                                         GError               **error);
void             culprit_database_list_builds_async     (CulpritDatabase       *self,
                                                         const CulpritBuildFilter *filter,
                                                         guint                  offset,
                                                         guint                  limit,
                                                         GCancellable          *cancellable,
                                                         GAsyncReadyCallback    callback,
                                                         gpointer               user_data);
GPtrArray       *culprit_database_list_builds_finish    (CulpritDatabase       *self,
                                                         GAsyncResult          *result,
                                                         GError               **error);
void             culprit_database_load_build_log_async  (CulpritDatabase       *self,
                                                         gint64                 build_id,
                                                         GCancellable          *cancellable,
                                                         GAsyncReadyCallback    callback,
                                                         gpointer               user_data);
CulpritBuildLog *culprit_database_load_build_log_finish (CulpritDatabase       *self,
                                                         GAsyncResult          *result,
                                                         GError               **error);
void             culprit_database_list_patterns_async   (CulpritDatabase       *self,
                                                         gboolean               include_retired,
                                                         GCancellable          *cancellable,
                                                         GAsyncReadyCallback    callback,
                                                         gpointer               user_data);
CulpritPatternList *culprit_database_list_patterns_finish (CulpritDatabase     *self,
                                                         GAsyncResult          *result,
                                                         GError               **error);
void             culprit_database_list_samples_async    (CulpritDatabase       *self,
                                                         gint64                 build_id,
                                                         gint64                 pattern_id,
                                                         guint                  limit,
                                                         GCancellable          *cancellable,
                                                         GAsyncReadyCallback    callback,
                                                         gpointer               user_data);
GPtrArray       *culprit_database_list_samples_finish   (CulpritDatabase       *self,
                                                         GAsyncResult          *result,
                                                         GError               **error);
void             culprit_database_list_logged_builds_async (CulpritDatabase    *self,
                                                         GCancellable          *cancellable,
                                                         GAsyncReadyCallback    callback,
                                                         gpointer               user_data);
GArray          *culprit_database_list_logged_builds_finish (CulpritDatabase   *self,
                                                         GAsyncResult          *result,
                                                         GError               **error);
void             culprit_database_list_repositories_async (CulpritDatabase     *self,
                                                         GCancellable          *cancellable,
                                                         GAsyncReadyCallback    callback,
                                                         gpointer               user_data);
GPtrArray       *culprit_database_list_repositories_finish (CulpritDatabase    *self,
                                                         GAsyncResult          *result,
                                                         GError               **error);
void             culprit_database_load_health_async     (CulpritDatabase       *self,
                                                         const char            *branch,
                                                         guint                  max_commits,
                                                         GCancellable          *cancellable,
                                                         GAsyncReadyCallback    callback,
                                                         gpointer               user_data);
CulpritHealth   *culprit_database_load_health_finish    (CulpritDatabase       *self,
                                                         GAsyncResult          *result,
                                                         GError               **error);

/* Writes: the caller emits ::changed when it is done */

void             culprit_database_save_pattern_async    (CulpritDatabase       *self,
                                                         CulpritPattern        *pattern,
                                                         GCancellable          *cancellable,
                                                         GAsyncReadyCallback    callback,
                                                         gpointer               user_data);
CulpritPattern  *culprit_database_save_pattern_finish   (CulpritDatabase       *self,
                                                         GAsyncResult          *result,
                                                         GError               **error);
void             culprit_database_retire_pattern_async  (CulpritDatabase       *self,
                                                         gint64                 pattern_id,
                                                         GCancellable          *cancellable,
                                                         GAsyncReadyCallback    callback,
                                                         gpointer               user_data);
CulpritPattern  *culprit_database_retire_pattern_finish (CulpritDatabase       *self,
                                                         GAsyncResult          *result,
                                                         GError               **error);
void             culprit_database_unretire_pattern_async (CulpritDatabase      *self,
                                                         gint64                 pattern_id,
                                                         GCancellable          *cancellable,
                                                         GAsyncReadyCallback    callback,
                                                         gpointer               user_data);
gboolean         culprit_database_unretire_pattern_finish (CulpritDatabase     *self,
                                                         GAsyncResult          *result,
                                                         GError               **error);
void             culprit_database_restore_pattern_async (CulpritDatabase       *self,
                                                         gint64                 pattern_id,
                                                         GCancellable          *cancellable,
                                                         GAsyncReadyCallback    callback,
                                                         gpointer               user_data);
CulpritPattern  *culprit_database_restore_pattern_finish (CulpritDatabase      *self,
                                                         GAsyncResult          *result,
                                                         GError               **error);
void             culprit_database_import_patterns_async (CulpritDatabase       *self,
                                                         const char            *path,
                                                         GBytes                *data,
                                                         GCancellable          *cancellable,
                                                         GAsyncReadyCallback    callback,
                                                         gpointer               user_data);
gboolean         culprit_database_import_patterns_finish (CulpritDatabase      *self,
                                                         GAsyncResult          *result,
                                                         CulpritImportStats    *stats,
                                                         GError               **error);
void             culprit_database_export_patterns_async (CulpritDatabase       *self,
                                                         const char            *path,
                                                         GCancellable          *cancellable,
                                                         GAsyncReadyCallback    callback,
                                                         gpointer               user_data);
gboolean         culprit_database_export_patterns_finish (CulpritDatabase      *self,
                                                         GAsyncResult          *result,
                                                         guint                 *n_exported,
                                                         GError               **error);
void             culprit_database_track_repository_async (CulpritDatabase      *self,
                                                         const char            *repo,
                                                         const char            *api_url,
                                                         const char * const    *branches,
                                                         const char * const    *old_branches,
                                                         GCancellable          *cancellable,
                                                         GAsyncReadyCallback    callback,
                                                         gpointer               user_data);
gboolean         culprit_database_track_repository_finish (CulpritDatabase     *self,
                                                         GAsyncResult          *result,
                                                         GError               **error);
void             culprit_database_untrack_repository_async (CulpritDatabase    *self,
                                                         const char            *repo,
                                                         GCancellable          *cancellable,
                                                         GAsyncReadyCallback    callback,
                                                         gpointer               user_data);
gboolean         culprit_database_untrack_repository_finish (CulpritDatabase   *self,
                                                         GAsyncResult          *result,
                                                         GError               **error);
void             culprit_database_mark_async            (CulpritDatabase       *self,
                                                         const CulpritMarkRequest *request,
                                                         GCancellable          *cancellable,
                                                         GAsyncReadyCallback    callback,
                                                         gpointer               user_data);
gboolean         culprit_database_mark_finish           (CulpritDatabase       *self,
                                                         GAsyncResult          *result,
                                                         guint                 *n_marked,
                                                         GError               **error);

void             culprit_database_summary_free          (CulpritDatabaseSummary *summary);
void             culprit_build_log_free                 (CulpritBuildLog       *log);
void             culprit_build_match_free               (CulpritBuildMatch     *match);
void             culprit_pattern_list_free              (CulpritPatternList    *list);
void             culprit_health_free                    (CulpritHealth         *health);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CulpritDatabaseSummary, culprit_database_summary_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CulpritBuildLog, culprit_build_log_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CulpritPatternList, culprit_pattern_list_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CulpritHealth, culprit_health_free)

void             culprit_database_get_build_async      (CulpritDatabase     *self,
                                                        gint64               build_id,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
CulpritBuild    *culprit_database_get_build_finish     (CulpritDatabase     *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);
void             culprit_database_get_pattern_async    (CulpritDatabase     *self,
                                                        gint64               pattern_id,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
CulpritPattern  *culprit_database_get_pattern_finish   (CulpritDatabase     *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

G_END_DECLS
