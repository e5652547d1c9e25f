/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include <culprit.h>

#include "culprit-gui-types.h"

G_BEGIN_DECLS

#define CULPRIT_TYPE_PATTERN_EDITOR (culprit_pattern_editor_get_type ())

G_DECLARE_FINAL_TYPE (CulpritPatternEditor, culprit_pattern_editor, CULPRIT, PATTERN_EDITOR, AdwWindow)

CulpritPatternEditor  *culprit_pattern_editor_new              (GtkWindow            *parent,
                                                                CulpritDatabase      *database,
                                                                CulpritPattern       *pattern,
                                                                gint64                sample_build_id);
GtkEditable           *culprit_pattern_editor_get_expression   (CulpritPatternEditor *self);
GtkEditable           *culprit_pattern_editor_get_name         (CulpritPatternEditor *self);
GtkEditable           *culprit_pattern_editor_get_description  (CulpritPatternEditor *self);
CulpritPreviewCounter *culprit_pattern_editor_get_counter      (CulpritPatternEditor *self);
CulpritLogView        *culprit_pattern_editor_get_sample_view  (CulpritPatternEditor *self);
const char            *culprit_pattern_editor_get_error        (CulpritPatternEditor *self);
gboolean               culprit_pattern_editor_get_sample_loading (CulpritPatternEditor *self);
guint                  culprit_pattern_editor_get_sample_matches (CulpritPatternEditor *self);
CulpritBuild          *culprit_pattern_editor_get_sample_build (CulpritPatternEditor *self);
guint                  culprit_pattern_editor_get_n_samples    (CulpritPatternEditor *self);
gboolean               culprit_pattern_editor_get_modified     (CulpritPatternEditor *self);
CulpritPattern        *culprit_pattern_editor_dup_pattern      (CulpritPatternEditor *self);
void                   culprit_pattern_editor_save             (CulpritPatternEditor *self);

G_END_DECLS
