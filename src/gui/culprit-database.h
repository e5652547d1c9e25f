/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include <culprit.h>

#include "culprit-gui-types.h"
#include "culprit-log-model.h"

G_BEGIN_DECLS

/* Runs in a worker thread with a connection of its own; returns a
 * non-NULL result, or NULL with @error set. */
typedef gpointer (*CulpritDatabaseFunc) (CulpritStore  *store,
                                         gpointer       data,
                                         GCancellable  *cancellable,
                                         GError       **error);

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
  CulpritBuild    *build;
  CulpritLogModel *model;     /* NULL when the build has no stored log */
  GPtrArray       *matches;   /* CulpritBuildMatch, by line */
  GError          *log_error; /* why there is no log, when there is none */
} CulpritBuildLog;

typedef struct
{
  gint64  pattern_id;
  char   *pattern;
  char  **tags;
  guint   line;
  guint   start;
  guint   end;
  char   *text;               /* the matched line as displayed */
} CulpritBuildMatch;

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

void             culprit_database_run_async             (CulpritDatabase       *self,
                                                         CulpritDatabaseFunc    func,
                                                         gpointer               data,
                                                         GDestroyNotify         data_free,
                                                         GDestroyNotify         result_free,
                                                         GCancellable          *cancellable,
                                                         GAsyncReadyCallback    callback,
                                                         gpointer               user_data);
gpointer         culprit_database_run_finish            (CulpritDatabase       *self,
                                                         GAsyncResult          *result,
                                                         GError               **error);

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
void             culprit_database_summary_free          (CulpritDatabaseSummary *summary);
void             culprit_build_log_free                 (CulpritBuildLog       *log);
void             culprit_build_match_free               (CulpritBuildMatch     *match);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CulpritDatabaseSummary, culprit_database_summary_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CulpritBuildLog, culprit_build_log_free)

G_END_DECLS
