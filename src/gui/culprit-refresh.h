/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "culprit-gui-types.h"

G_BEGIN_DECLS

#define CULPRIT_TYPE_REFRESH (culprit_refresh_get_type ())

G_DECLARE_FINAL_TYPE (CulpritRefresh, culprit_refresh, CULPRIT, REFRESH, GObject)

CulpritRefresh *culprit_refresh_new          (CulpritDatabase      *database);
gboolean        culprit_refresh_get_running  (CulpritRefresh       *self);
double          culprit_refresh_get_fraction (CulpritRefresh       *self);
const char     *culprit_refresh_get_text     (CulpritRefresh       *self);
void            culprit_refresh_run_async    (CulpritRefresh       *self,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean        culprit_refresh_run_finish   (CulpritRefresh       *self,
                                              GAsyncResult         *result,
                                              GError              **error);
void            culprit_refresh_scan_async   (CulpritRefresh       *self,
                                              guint                 n_threads,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean        culprit_refresh_scan_finish  (CulpritRefresh       *self,
                                              GAsyncResult         *result,
                                              GError              **error);

G_END_DECLS
