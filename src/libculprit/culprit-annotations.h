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
  char   *issue_url;   /* nullable: the issue that tracks it */
} CulpritAnnotation;

gboolean   culprit_store_annotate_build     (CulpritStore       *self,
                                             gint64              build_id,
                                             const char         *kind,
                                             const char         *note,
                                             const char         *author,
                                             GError            **error);
gboolean   culprit_store_annotate_build_full (CulpritStore      *self,
                                             gint64              build_id,
                                             const char         *kind,
                                             const char         *note,
                                             const char         *issue_url,
                                             const char         *author,
                                             GError            **error);
gboolean   culprit_store_annotate_commit    (CulpritStore       *self,
                                             const char         *repo,
                                             const char         *vcs_revision,
                                             const char         *kind,
                                             const char         *note,
                                             const char         *issue_url,
                                             const char         *author,
                                             guint              *n_annotated,
                                             GError            **error);
gboolean   culprit_store_annotate_job_range (CulpritStore       *self,
                                             const char         *repo,
                                             const char         *branch,
                                             const char         *job,
                                             const char         *first_revision,
                                             const char         *last_revision,
                                             const char         *kind,
                                             const char         *note,
                                             const char         *issue_url,
                                             const char         *author,
                                             guint              *n_annotated,
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
