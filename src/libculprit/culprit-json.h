/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define CULPRIT_JSON_ERROR (culprit_json_error_quark ())

typedef enum
{
  CULPRIT_JSON_ERROR_TOO_DEEP = 1,   /* nested deeper than CULPRIT_JSON_MAX_DEPTH */
  CULPRIT_JSON_ERROR_INVALID,        /* not JSON */
  CULPRIT_JSON_ERROR_EMPTY,          /* no value at all */
} CulpritJsonError;

/* Deeper than any document Culprit reads (CircleCI's answers, pattern
 * sets), shallow enough for json-glib's recursive parser and its
 * recursive copy and free on any thread's stack. */
#define CULPRIT_JSON_MAX_DEPTH 256

GQuark    culprit_json_error_quark (void);

gboolean  culprit_json_prescan     (const char  *data,
                                    gsize        len,
                                    guint        max_depth,
                                    char      ***nul_path,
                                    GError     **error);
JsonNode *culprit_json_parse       (const char  *data,
                                    gssize       len,
                                    GError     **error);

G_END_DECLS
