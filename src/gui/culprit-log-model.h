/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include <culprit.h>

#include "culprit-gui-types.h"

G_BEGIN_DECLS

/* A span to highlight: in the line as culprit_line_normalise() gives it. */
typedef struct
{
  guint line;    /* 1-based */
  guint start;
  guint end;
} CulpritLogSpan;

#define CULPRIT_TYPE_LOG_MODEL (culprit_log_model_get_type ())

G_DECLARE_FINAL_TYPE (CulpritLogModel, culprit_log_model, CULPRIT, LOG_MODEL, GObject)

CulpritLogModel *culprit_log_model_new                   (GBytes           *log);
CulpritLogModel *culprit_log_model_new_for_build_log     (CulpritBuildLog  *log);
GBytes          *culprit_log_model_get_bytes             (CulpritLogModel  *self);
guint            culprit_log_model_get_n_lines           (CulpritLogModel  *self);
const char      *culprit_log_model_get_line              (CulpritLogModel  *self,
                                                          guint             line,
                                                          gsize            *len);
char            *culprit_log_model_dup_display_text      (CulpritLogModel  *self,
                                                          guint             line);
void             culprit_log_model_set_highlights        (CulpritLogModel  *self,
                                                          const CulpritLogSpan *spans,
                                                          guint             n_spans);
guint            culprit_log_model_get_n_highlighted     (CulpritLogModel  *self);
guint            culprit_log_model_get_highlighted_line  (CulpritLogModel  *self,
                                                          guint             index);
gboolean         culprit_log_model_is_highlighted        (CulpritLogModel  *self,
                                                          guint             line);
void             culprit_log_model_set_search_text       (CulpritLogModel  *self,
                                                          const char       *text);
void             culprit_log_model_find_async            (CulpritLogModel  *self,
                                                          const char       *text,
                                                          GCancellable     *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer          user_data);
GArray          *culprit_log_model_find_finish           (CulpritLogModel  *self,
                                                          GAsyncResult     *result,
                                                          GError          **error);

G_END_DECLS
