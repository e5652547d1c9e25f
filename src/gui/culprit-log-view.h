/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "culprit-gui-types.h"

G_BEGIN_DECLS

#define CULPRIT_TYPE_LOG_VIEW (culprit_log_view_get_type ())

G_DECLARE_FINAL_TYPE (CulpritLogView, culprit_log_view, CULPRIT, LOG_VIEW, GtkWidget)

GtkWidget       *culprit_log_view_new               (void);
CulpritLogModel *culprit_log_view_get_model         (CulpritLogView  *self);
void             culprit_log_view_set_model         (CulpritLogView  *self,
                                                     CulpritLogModel *model);
void             culprit_log_view_scroll_to_line    (CulpritLogView  *self,
                                                     guint            line);
guint            culprit_log_view_get_current_line  (CulpritLogView  *self);
void             culprit_log_view_set_compact       (CulpritLogView  *self,
                                                     gboolean         compact);

G_END_DECLS
