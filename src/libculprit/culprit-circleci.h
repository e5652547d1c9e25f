/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "culprit-types.h"

G_BEGIN_DECLS

#define CULPRIT_CIRCLECI_ERROR (culprit_circleci_error_quark ())

typedef enum
{
  CULPRIT_CIRCLECI_ERROR_BAD_RESPONSE = 1,  /* not the JSON CircleCI sends */
  CULPRIT_CIRCLECI_ERROR_TRUNCATED,         /* the body ended early */
  CULPRIT_CIRCLECI_ERROR_TOKEN_REFUSED,     /* 401, or 403 from the API */
  CULPRIT_CIRCLECI_ERROR_NOT_FOUND,         /* 404 from the API */
  CULPRIT_CIRCLECI_ERROR_LOG_GONE,          /* 403/404 from log storage */
  CULPRIT_CIRCLECI_ERROR_HTTP,              /* another HTTP status */
  CULPRIT_CIRCLECI_ERROR_NETWORK,           /* still failing after the retries */
  CULPRIT_CIRCLECI_ERROR_INVALID_REPO,
} CulpritCircleciError;

typedef enum
{
  CULPRIT_BUILD_FILTER_FAILED,
  CULPRIT_BUILD_FILTER_COMPLETED,
} CulpritBuildListFilter;

/* What a build's detail says about its failure. */
typedef struct
{
  CulpritBuild *build;          /* the summary fields, job filled in */
  char         *failed_step;    /* NULL when no action failed */
  char         *output_url;     /* of the failed action; NULL when it has no output */
  gboolean      timedout;
} CulpritBuildDetail;

typedef struct
{
  GBytes   *log;                /* the kept text: all of it, or its tail */
  gsize     total_bytes;        /* size of the whole log */
  gboolean  truncated;
} CulpritFetchedLog;

#define CULPRIT_CIRCLECI_DEFAULT_ROOT "https://circleci.com"
#define CULPRIT_CIRCLECI_PAGE_SIZE 100

#define CULPRIT_TYPE_CIRCLECI (culprit_circleci_get_type ())

G_DECLARE_FINAL_TYPE (CulpritCircleci, culprit_circleci, CULPRIT, CIRCLECI, GObject)

GQuark              culprit_circleci_error_quark         (void);

CulpritCircleci    *culprit_circleci_new                 (const char              *api_root,
                                                          const char              *token);
void                culprit_circleci_set_max_concurrent  (CulpritCircleci         *self,
                                                          guint                    max_concurrent);
void                culprit_circleci_set_timeout         (CulpritCircleci         *self,
                                                          guint                    seconds);
void                culprit_circleci_set_max_retries     (CulpritCircleci         *self,
                                                          guint                    max_retries);
void                culprit_circleci_set_backoff_ms      (CulpritCircleci         *self,
                                                          guint                    first_delay_ms);
guint               culprit_circleci_get_n_requests      (CulpritCircleci         *self);
guint               culprit_circleci_get_n_retries       (CulpritCircleci         *self);
guint64             culprit_circleci_get_bytes_received  (CulpritCircleci         *self);

gboolean            culprit_circleci_check_repo          (const char              *repo,
                                                          GError                 **error);

void                culprit_circleci_list_builds_async   (CulpritCircleci         *self,
                                                          const char              *repo,
                                                          const char              *branch,
                                                          CulpritBuildListFilter   filter,
                                                          guint                    offset,
                                                          guint                    limit,
                                                          GCancellable            *cancellable,
                                                          GAsyncReadyCallback      callback,
                                                          gpointer                 user_data);
GPtrArray          *culprit_circleci_list_builds_finish  (CulpritCircleci         *self,
                                                          GAsyncResult            *result,
                                                          GError                 **error);
void                culprit_circleci_get_build_async     (CulpritCircleci         *self,
                                                          const char              *repo,
                                                          gint64                   build_num,
                                                          GCancellable            *cancellable,
                                                          GAsyncReadyCallback      callback,
                                                          gpointer                 user_data);
CulpritBuildDetail *culprit_circleci_get_build_finish    (CulpritCircleci         *self,
                                                          GAsyncResult            *result,
                                                          GError                 **error);
void                culprit_circleci_fetch_log_async     (CulpritCircleci         *self,
                                                          const char              *output_url,
                                                          gsize                    cap_bytes,
                                                          GCancellable            *cancellable,
                                                          GAsyncReadyCallback      callback,
                                                          gpointer                 user_data);
CulpritFetchedLog  *culprit_circleci_fetch_log_finish    (CulpritCircleci         *self,
                                                          GAsyncResult            *result,
                                                          GError                 **error);

/* The parsers, public for tests on recorded responses */
GPtrArray          *culprit_circleci_parse_build_list    (const char              *repo,
                                                          JsonNode                *root,
                                                          GError                 **error);
CulpritBuild       *culprit_circleci_parse_build_summary (const char              *repo,
                                                          JsonObject              *object,
                                                          GError                 **error);
CulpritBuildDetail *culprit_circleci_parse_build_detail  (const char              *repo,
                                                          JsonNode                *root,
                                                          GError                 **error);
void                culprit_build_detail_free            (CulpritBuildDetail      *detail);
void                culprit_fetched_log_free             (CulpritFetchedLog       *log);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CulpritBuildDetail, culprit_build_detail_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CulpritFetchedLog, culprit_fetched_log_free)

G_END_DECLS
