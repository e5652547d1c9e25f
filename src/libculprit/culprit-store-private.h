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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

G_END_DECLS
