/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "culprit-store.h"

G_BEGIN_DECLS

#define CULPRIT_STORE_BUSY_TIMEOUT_MS 5000

CulpritStore *_culprit_store_open_full   (const char    *path,
                                          int            busy_timeout_ms,
                                          GError       **error);
sqlite3      *_culprit_store_get_db      (CulpritStore  *self);
gboolean      _culprit_store_exec        (CulpritStore  *self,
                                          const char    *sql,
                                          GError       **error);
gboolean      _culprit_store_begin       (CulpritStore  *self,
                                          GError       **error);
gboolean      _culprit_store_commit      (CulpritStore  *self,
                                          GError       **error);
void          _culprit_store_rollback    (CulpritStore  *self);
gboolean      _culprit_store_exec_int    (CulpritStore  *self,
                                          const char    *sql,
                                          gint64         arg,
                                          GError       **error);
/* Builds alike for a report, counted */
typedef struct
{
  char   *outcome;          /* nullable */
  char   *category;
  char   *job;              /* "" for none */
  char   *week;             /* its Monday, YYYY-MM-DD */
  gint64  best_pattern_id;  /* 0 for none */
  char   *best_pattern;     /* nullable */
  guint   count;
  gint64  first_queued;
  gint64  last_queued;
} CulpritBuildGroup;

GArray       *_culprit_store_count_builds (CulpritStore             *self,
                                           const CulpritBuildFilter *filter,
                                           GError                  **error);
sqlite3_stmt *_culprit_store_prepare     (CulpritStore  *self,
                                          const char    *sql,
                                          GError       **error);
sqlite3_stmt *_culprit_store_prepare_cached (CulpritStore  *self,
                                             const char    *sql,
                                             GError       **error);
void          _culprit_store_set_error   (CulpritStore  *self,
                                          GError       **error,
                                          int            rc,
                                          const char    *what);

gboolean      _culprit_store_load_log_into (CulpritStore *self,
                                            gint64        build_id,
                                            GByteArray   *out,
                                            GError      **error);
gboolean      _culprit_store_save_sketch   (CulpritStore *self,
                                            gint64        build_id,
                                            GBytes       *sketch,
                                            GError      **error);

/* The scanner's writes (culprit-store-scan.c) */
#define CULPRIT_SCAN_WRITER_QUIET_GROUP 32

typedef struct _CulpritScanWriter CulpritScanWriter;

typedef struct
{
  gint64 pattern_id;
  guint  line;
  guint  start;
  guint  end;
} CulpritScanRow;

CulpritScanWriter *_culprit_scan_writer_new       (CulpritStore          *store,
                                                   GError               **error);
void               _culprit_scan_writer_free      (CulpritScanWriter     *writer);
gboolean           _culprit_scan_writer_clear_all (CulpritScanWriter     *writer,
                                                   GError               **error);
gboolean           _culprit_scan_writer_add_build (CulpritScanWriter     *writer,
                                                   gint64                 build_id,
                                                   gint64                 watermark,
                                                   gint64                 max_id,
                                                   gint64                 now,
                                                   const CulpritScanRow  *rows,
                                                   guint                  n_rows,
                                                   GBytes                *sketch,
                                                   GError               **error);
gboolean           _culprit_scan_writer_add_quiet (CulpritScanWriter     *writer,
                                                   const gint64          *ids,
                                                   guint                  n,
                                                   gboolean               any_stale,
                                                   gint64                 watermark,
                                                   gint64                 max_id,
                                                   gint64                 now,
                                                   GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

G_END_DECLS
