/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "culprit-types.h"

G_BEGIN_DECLS

typedef struct
{
  guint    builds_done;
  guint    builds_total;
  guint64  bytes_done;     /* raw log bytes scanned */
  guint64  bytes_total;
} CulpritScanProgress;

typedef struct
{
  guint    builds_scanned;
  guint64  bytes_scanned;
  guint    matches;
  guint    problems;       /* regexes that gave up on a line, lines too long */
  guint    failed_logs;    /* logs that could not be read; their builds stay out of date */
  guint    builds_ruled_out;  /* of builds_scanned: not read, their sketch held no new literal */
  double   seconds;
} CulpritScanStats;

typedef void (*CulpritScanProgressFunc) (const CulpritScanProgress *progress,
                                         gpointer                   user_data);

#define CULPRIT_TYPE_SCANNER (culprit_scanner_get_type ())

G_DECLARE_FINAL_TYPE (CulpritScanner, culprit_scanner, CULPRIT, SCANNER, GObject)

CulpritScanner *culprit_scanner_new            (CulpritStore             *store);
void            culprit_scanner_set_n_threads  (CulpritScanner           *self,
                                                guint                     n_threads);
void            culprit_scanner_set_rescan     (CulpritScanner           *self,
                                                gboolean                  rescan);
void            culprit_scanner_set_progress_func (CulpritScanner        *self,
                                                CulpritScanProgressFunc   func,
                                                gpointer                  user_data,
                                                GDestroyNotify            notify);
void            culprit_scanner_run_async      (CulpritScanner           *self,
                                                GCancellable             *cancellable,
                                                GAsyncReadyCallback       callback,
                                                gpointer                  user_data);
gboolean        culprit_scanner_run_finish     (CulpritScanner           *self,
                                                GAsyncResult             *result,
                                                CulpritScanStats         *stats,
                                                GError                  **error);
gboolean        culprit_scanner_run_sync       (CulpritScanner           *self,
                                                GCancellable             *cancellable,
                                                CulpritScanStats         *stats,
                                                GError                  **error);

G_END_DECLS
