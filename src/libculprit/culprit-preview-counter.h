/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "culprit-database.h"
#include "culprit-types.h"

G_BEGIN_DECLS

#define CULPRIT_TYPE_PREVIEW_COUNTER (culprit_preview_counter_get_type ())

G_DECLARE_FINAL_TYPE (CulpritPreviewCounter, culprit_preview_counter, CULPRIT, PREVIEW_COUNTER, GObject)

CulpritPreviewCounter *culprit_preview_counter_new         (CulpritDatabase       *database);
void                   culprit_preview_counter_start       (CulpritPreviewCounter *self,
                                                            CulpritPattern        *pattern);
void                   culprit_preview_counter_stop        (CulpritPreviewCounter *self);
gboolean               culprit_preview_counter_get_running (CulpritPreviewCounter *self);
guint                  culprit_preview_counter_get_matched (CulpritPreviewCounter *self);
guint                  culprit_preview_counter_get_scanned (CulpritPreviewCounter *self);
guint                  culprit_preview_counter_get_total   (CulpritPreviewCounter *self);
gint64                 culprit_preview_counter_get_first_result_us (CulpritPreviewCounter *self);

G_END_DECLS
