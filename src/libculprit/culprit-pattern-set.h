/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "culprit-types.h"

G_BEGIN_DECLS

#define CULPRIT_PATTERN_SET_ERROR (culprit_pattern_set_error_quark ())

typedef enum
{
  CULPRIT_PATTERN_SET_ERROR_PARSE = 1,     /* not JSON */
  CULPRIT_PATTERN_SET_ERROR_FORMAT,        /* JSON, but not a pattern set */
  CULPRIT_PATTERN_SET_ERROR_VERSION,       /* a newer format version */
  CULPRIT_PATTERN_SET_ERROR_INVALID,       /* one pattern is wrong */
} CulpritPatternSetError;

/* The version of Culprit's own pattern-set format that this code writes. */
#define CULPRIT_PATTERN_SET_VERSION 1

GQuark      culprit_pattern_set_error_quark (void);

GPtrArray  *culprit_pattern_set_load_data   (const char  *data,
                                             gssize       len,
                                             GError     **error);
GPtrArray  *culprit_pattern_set_load_file   (const char  *path,
                                             GError     **error);
char       *culprit_pattern_set_to_data     (GPtrArray   *patterns,
                                             gsize       *len);
gboolean    culprit_pattern_set_save_file   (GPtrArray   *patterns,
                                             const char  *path,
                                             GError     **error);

G_END_DECLS
