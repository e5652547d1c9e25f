/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "culprit-circleci.h"

G_BEGIN_DECLS

#define CULPRIT_REFRESH_ERROR (culprit_refresh_error_quark ())

typedef enum
{
  CULPRIT_REFRESH_ERROR_BUILDS_LEFT_PENDING = 1,  /* fetched, but some builds failed to; a
                                                   * next run retries them */
} CulpritRefreshError;

typedef enum
{
  CULPRIT_REFRESH_STAGE_IDLE,
  CULPRIT_REFRESH_STAGE_FETCHING,
  CULPRIT_REFRESH_STAGE_SCANNING,
} CulpritRefreshStage;

/* What a run did, or has done so far: the fetch's counts summed over the
 * repositories, then the scan's. */
typedef struct
{
  guint    builds_listed;     /* seen in build lists */
  guint    builds_new;        /* stored for the first time */
  guint    builds_to_finish;  /* failed builds whose detail and log are wanted */
  guint    builds_finished;   /* of those, done (whatever the outcome) */
  guint    logs_fetched;
  guint64  log_bytes;         /* decoded log bytes fetched */
  guint    fetch_failures;    /* builds left pending after an error */
  guint    n_requests;        /* to CircleCI and its log storage */
  guint    n_retries;
  double   fetch_seconds;

  guint    builds_to_scan;
  guint    builds_scanned;
  guint64  bytes_to_scan;     /* raw log bytes */
  guint64  bytes_scanned;
  guint    matches;
  guint    problems;          /* lines where a pattern gave up */
  guint    failed_logs;       /* stored logs that could not be read */
  guint    builds_ruled_out;  /* of builds_scanned: not read, their sketch held no new literal */
  double   scan_seconds;
} CulpritRefreshTotals;

#define CULPRIT_TYPE_REFRESH (culprit_refresh_get_type ())

G_DECLARE_FINAL_TYPE (CulpritRefresh, culprit_refresh, CULPRIT, REFRESH, GObject)

GQuark              culprit_refresh_error_quark         (void);

CulpritRefresh     *culprit_refresh_new                 (const char              *store_path);
const char         *culprit_refresh_get_store_path      (CulpritRefresh          *self);

void                culprit_refresh_add_repository      (CulpritRefresh          *self,
                                                         const char              *repo,
                                                         const char * const      *branches);
void                culprit_refresh_set_api_url         (CulpritRefresh          *self,
                                                         const char              *api_url);
void                culprit_refresh_set_count           (CulpritRefresh          *self,
                                                         guint                    count);
void                culprit_refresh_set_filter          (CulpritRefresh          *self,
                                                         CulpritBuildListFilter   filter);
void                culprit_refresh_set_max_concurrent  (CulpritRefresh          *self,
                                                         guint                    max_concurrent);
void                culprit_refresh_set_log_cap         (CulpritRefresh          *self,
                                                         gsize                    cap_bytes);
void                culprit_refresh_set_cache_dir       (CulpritRefresh          *self,
                                                         const char              *cache_dir);
void                culprit_refresh_set_scan_threads    (CulpritRefresh          *self,
                                                         guint                    n_threads);
void                culprit_refresh_set_rescan          (CulpritRefresh          *self,
                                                         gboolean                 rescan);

gboolean            culprit_refresh_get_running         (CulpritRefresh          *self);
CulpritRefreshStage culprit_refresh_get_stage           (CulpritRefresh          *self);
double              culprit_refresh_get_fraction        (CulpritRefresh          *self);
const char         *culprit_refresh_get_message         (CulpritRefresh          *self);
void                culprit_refresh_get_totals          (CulpritRefresh          *self,
                                                         CulpritRefreshTotals    *totals);
const char         *culprit_refresh_get_first_failure   (CulpritRefresh          *self);
const GError       *culprit_refresh_get_token_error     (CulpritRefresh          *self);

void                culprit_refresh_run_async           (CulpritRefresh          *self,
                                                         GCancellable            *cancellable,
                                                         GAsyncReadyCallback      callback,
                                                         gpointer                 user_data);
gboolean            culprit_refresh_run_finish          (CulpritRefresh          *self,
                                                         GAsyncResult            *result,
                                                         CulpritRefreshTotals    *totals,
                                                         GError                 **error);
void                culprit_refresh_fetch_build_async   (CulpritRefresh          *self,
                                                         const char              *repo,
                                                         gint64                   build_num,
                                                         GCancellable            *cancellable,
                                                         GAsyncReadyCallback      callback,
                                                         gpointer                 user_data);
gboolean            culprit_refresh_fetch_build_finish  (CulpritRefresh          *self,
                                                         GAsyncResult            *result,
                                                         CulpritRefreshTotals    *totals,
                                                         GError                 **error);
void                culprit_refresh_scan_async          (CulpritRefresh          *self,
                                                         GCancellable            *cancellable,
                                                         GAsyncReadyCallback      callback,
                                                         gpointer                 user_data);
gboolean            culprit_refresh_scan_finish         (CulpritRefresh          *self,
                                                         GAsyncResult            *result,
                                                         CulpritRefreshTotals    *totals,
                                                         GError                 **error);

G_END_DECLS
