/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "culprit-refresh.h"

G_BEGIN_DECLS

/* CulpritRefresh's two halves: culprit-refresh.c, the object on the
 * caller's main context; culprit-refresh-run.c, a run in its thread. */

#define FETCH_SHARE 0.7

typedef struct
{
  char  *repo;
  char **branches;    /* may be empty: every branch */
  char  *api_url;     /* nullable */
} Source;

/* How a run fetches and scans: see the setters */
typedef struct
{
  char                   *api_url;
  guint                   count;
  CulpritBuildListFilter  filter;
  guint                   max_concurrent;
  gsize                   log_cap;
  char                   *cache_dir;
  guint                   scan_threads;
  gboolean                rescan;
} Options;

typedef enum
{
  UPDATE_PROGRESS,
  UPDATE_FETCHED,
  UPDATE_SCANNED,
} UpdateKind;

typedef struct
{
  CulpritRefresh       *self;
  guint                 generation;
  UpdateKind            kind;
  CulpritRefreshStage   stage;
  double                fraction;
  char                 *message;       /* nullable: unchanged */
  CulpritRefreshTotals  totals;
  char                 *first_failure;
  GError               *token_error;
  char                 *repo;
  GError               *error;
} Update;

typedef enum
{
  MODE_REFRESH,
  MODE_BUILD,
  MODE_SCAN,
} Mode;

typedef struct
{
  /* set before the thread starts */
  CulpritRefresh         *self;         /* the caller's task holds it until the end */
  GMainContext           *caller;
  guint                   generation;
  Mode                    mode;
  char                   *path;
  GPtrArray              *sources;      /* Source; empty: the tracked ones */
  char                   *build_repo;
  gint64                  build_num;
  Options                 options;

  /* the thread's until it returns, then the caller's */
  GMainLoop              *loop;
  GPtrArray              *fetches;      /* RepoFetch */
  guint                   pending;
  GError                 *error;        /* of the first repository that failed */
  GError                 *scan_error;
  char                   *token;
  GError                 *token_error;
  CulpritRefreshStage     stage;
  CulpritRefreshTotals    totals;
  char                   *first_failure;
  gint64                  started;
  gint64                  last_report;
  double                  scan_base;    /* the fraction where scanning starts */
} Run;

Source   *_culprit_refresh_source_new     (const char         *repo,
                                           const char * const *branches,
                                           const char         *api_url);
void      _culprit_refresh_source_free    (Source             *source);
gboolean  _culprit_refresh_deliver_update (gpointer            data);
void      _culprit_refresh_update_free    (Update             *update);
void      _culprit_refresh_run_free       (Run                *run);
void      _culprit_refresh_run_in_thread  (GTask              *task,
                                           gpointer            source_object,
                                           gpointer            task_data,
                                           GCancellable       *cancellable);

G_END_DECLS
