/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "culprit-database.h"

G_BEGIN_DECLS

/* Runs in a worker thread with a connection of its own; returns a
 * non-NULL result, or NULL with @error set. */
typedef gpointer (*CulpritDatabaseFunc) (CulpritStore  *store,
                                         gpointer       data,
                                         GCancellable  *cancellable,
                                         GError       **error);

void     _culprit_database_run_async  (CulpritDatabase      *self,
                                       gpointer              source_tag,
                                       CulpritDatabaseFunc   func,
                                       gpointer              data,
                                       GDestroyNotify        data_free,
                                       GDestroyNotify        result_free,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
gpointer _culprit_database_run_finish (CulpritDatabase      *self,
                                       GAsyncResult         *result,
                                       gpointer              source_tag,
                                       GError              **error);

G_END_DECLS
