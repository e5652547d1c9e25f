/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "culprit-build.h"

G_BEGIN_DECLS

/* Plain fields, filled by the CircleCI parsers and the store. */
struct _CulpritBuild
{
  GObject  parent_instance;

  gint64   id;
  char    *repo;
  gint64   build_num;
  char    *branch;
  char    *job;
  char    *workflow;
  char    *vcs_revision;
  gint64   queued_at;
  gint64   start_time;
  gint64   stop_time;
  char    *outcome;
  char    *status;
  char    *state;
  char    *failed_step;
  char    *category;
  gint64   best_pattern_id;
  char    *best_pattern;
  guint    best_line;
  gint64   log_bytes;
  gboolean log_truncated;
};

void _culprit_build_set_string (char       **field,
                                const char  *value);

G_END_DECLS
