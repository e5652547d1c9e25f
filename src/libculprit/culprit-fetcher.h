/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "culprit-circleci.h"
#include "culprit-types.h"

G_BEGIN_DECLS

typedef struct
{
  guint    builds_listed;   /* seen in build lists */
  guint    builds_new;      /* stored for the first time */
  guint    to_finish;       /* failed builds whose detail and log are wanted */
  guint    finished;        /* of those, done (whatever the outcome) */
  guint    logs_fetched;
  guint64  log_bytes;       /* decoded log bytes fetched */
  guint    failures;        /* builds left pending after an error; a next run retries them */
} CulpritFetchProgress;

typedef void (*CulpritFetchProgressFunc) (const CulpritFetchProgress *progress,
                                          gpointer                    user_data);

#define CULPRIT_FETCHER_DEFAULT_LOG_CAP ((gsize)100 * 1024 * 1024)

#define CULPRIT_TYPE_FETCHER (culprit_fetcher_get_type ())

G_DECLARE_FINAL_TYPE (CulpritFetcher, culprit_fetcher, CULPRIT, FETCHER, GObject)

CulpritFetcher *culprit_fetcher_new               (CulpritStore             *store,
                                                   CulpritCircleci          *client,
                                                   const char               *repo);
void            culprit_fetcher_set_branches      (CulpritFetcher           *self,
                                                   const char * const       *branches);
void            culprit_fetcher_set_count         (CulpritFetcher           *self,
                                                   guint                     count);
void            culprit_fetcher_set_filter        (CulpritFetcher           *self,
                                                   CulpritBuildListFilter    filter);
void            culprit_fetcher_set_log_cap       (CulpritFetcher           *self,
                                                   gsize                     cap_bytes);
void            culprit_fetcher_set_cache_dir     (CulpritFetcher           *self,
                                                   const char               *cache_dir);
void            culprit_fetcher_set_progress_func (CulpritFetcher           *self,
                                                   CulpritFetchProgressFunc  func,
                                                   gpointer                  user_data);
void            culprit_fetcher_run_async         (CulpritFetcher           *self,
                                                   GCancellable             *cancellable,
                                                   GAsyncReadyCallback       callback,
                                                   gpointer                  user_data);
void            culprit_fetcher_fetch_build_async (CulpritFetcher           *self,
                                                   gint64                    build_num,
                                                   GCancellable             *cancellable,
                                                   GAsyncReadyCallback       callback,
                                                   gpointer                  user_data);
gboolean        culprit_fetcher_run_finish        (CulpritFetcher           *self,
                                                   GAsyncResult             *result,
                                                   CulpritFetchProgress     *totals,
                                                   GError                  **error);
const char     *culprit_fetcher_get_first_failure (CulpritFetcher           *self);

G_END_DECLS
