/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <pango/pango.h>

#include "culprit-gui-types.h"

G_BEGIN_DECLS

#define CULPRIT_TYPE_LOG_LINE (culprit_log_line_get_type ())

G_DECLARE_FINAL_TYPE (CulpritLogLine, culprit_log_line, CULPRIT, LOG_LINE, GObject)

CulpritLogLine *culprit_log_line_new             (guint           number,
                                                  char           *text,
                                                  PangoAttrList  *attributes,
                                                  gboolean        highlighted);
guint           culprit_log_line_get_number      (CulpritLogLine *self);
const char     *culprit_log_line_get_text        (CulpritLogLine *self);
PangoAttrList  *culprit_log_line_get_attributes  (CulpritLogLine *self);
gboolean        culprit_log_line_get_highlighted (CulpritLogLine *self);

G_END_DECLS
