/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "culprit-types.h"

G_BEGIN_DECLS

/* A note on one build, e.g. "known problem: the staging DNS is down,
 * INFRA-42". One annotation per build. */
typedef struct
{
  gint64  build_id;
  char   *kind;        /* e.g. CULPRIT_CATEGORY_KNOWN_PROBLEM */
  char   *note;
  char   *author;      /* nullable */
  gint64  created;     /* unix seconds */
} CulpritAnnotation;

gboolean   culprit_store_annotate_build     (CulpritStore       *self,
                                             gint64              build_id,
                                             const char         *kind,
                                             const char         *note,
                                             const char         *author,
                                             GError            **error);
gboolean   culprit_store_remove_annotation  (CulpritStore       *self,
                                             gint64              build_id,
                                             GError            **error);
GPtrArray *culprit_store_list_annotations   (CulpritStore       *self,
                                             const char         *branch,
                                             GError            **error);
void       culprit_annotation_free          (CulpritAnnotation  *annotation);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CulpritAnnotation, culprit_annotation_free)

G_END_DECLS
