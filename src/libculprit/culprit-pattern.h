/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "culprit-types.h"

G_BEGIN_DECLS

#define CULPRIT_PATTERN_ERROR (culprit_pattern_error_quark ())

typedef enum
{
  CULPRIT_PATTERN_ERROR_INVALID_REGEX = 1,
  CULPRIT_PATTERN_ERROR_EMPTY,
  CULPRIT_PATTERN_ERROR_INVALID,
} CulpritPatternError;

typedef enum
{
  CULPRIT_PATTERN_KIND_CAUSE,
  CULPRIT_PATTERN_KIND_IGNORE,
} CulpritPatternKind;

#define CULPRIT_TYPE_PATTERN (culprit_pattern_get_type ())

G_DECLARE_FINAL_TYPE (CulpritPattern, culprit_pattern, CULPRIT, PATTERN, GObject)

GQuark              culprit_pattern_error_quark        (void);

CulpritPattern     *culprit_pattern_new                (const char          *name,
                                                        const char          *expression,
                                                        gboolean             is_regex);
CulpritPattern     *culprit_pattern_copy               (CulpritPattern      *self);
gboolean            culprit_pattern_validate           (CulpritPattern      *self,
                                                        GError             **error);
gboolean            culprit_pattern_check_regex        (const char          *expression,
                                                        gboolean             case_sensitive,
                                                        GError             **error);
gboolean            culprit_pattern_same_definition    (CulpritPattern      *self,
                                                        CulpritPattern      *other);

gint64              culprit_pattern_get_id             (CulpritPattern      *self);
void                culprit_pattern_set_id             (CulpritPattern      *self,
                                                        gint64               id);
gint64              culprit_pattern_get_family_id      (CulpritPattern      *self);
void                culprit_pattern_set_family_id      (CulpritPattern      *self,
                                                        gint64               family_id);
const char         *culprit_pattern_get_name           (CulpritPattern      *self);
void                culprit_pattern_set_name           (CulpritPattern      *self,
                                                        const char          *name);
const char         *culprit_pattern_get_description    (CulpritPattern      *self);
void                culprit_pattern_set_description    (CulpritPattern      *self,
                                                        const char          *description);
const char         *culprit_pattern_get_expression     (CulpritPattern      *self);
void                culprit_pattern_set_expression     (CulpritPattern      *self,
                                                        const char          *expression);
gboolean            culprit_pattern_get_is_regex       (CulpritPattern      *self);
void                culprit_pattern_set_is_regex       (CulpritPattern      *self,
                                                        gboolean             is_regex);
gboolean            culprit_pattern_get_case_sensitive (CulpritPattern      *self);
void                culprit_pattern_set_case_sensitive (CulpritPattern      *self,
                                                        gboolean             case_sensitive);
guint               culprit_pattern_get_lines_from_end (CulpritPattern      *self);
void                culprit_pattern_set_lines_from_end (CulpritPattern      *self,
                                                        guint                lines_from_end);
int                 culprit_pattern_get_specificity    (CulpritPattern      *self);
void                culprit_pattern_set_specificity    (CulpritPattern      *self,
                                                        int                  specificity);
CulpritPatternKind  culprit_pattern_get_kind           (CulpritPattern      *self);
void                culprit_pattern_set_kind           (CulpritPattern      *self,
                                                        CulpritPatternKind   kind);
const char         *culprit_pattern_get_author         (CulpritPattern      *self);
void                culprit_pattern_set_author         (CulpritPattern      *self,
                                                        const char          *author);
gint64              culprit_pattern_get_created        (CulpritPattern      *self);
void                culprit_pattern_set_created        (CulpritPattern      *self,
                                                        gint64               created);
gboolean            culprit_pattern_get_retired        (CulpritPattern      *self);
void                culprit_pattern_set_retired        (CulpritPattern      *self,
                                                        gboolean             retired);
const char * const *culprit_pattern_get_tags           (CulpritPattern      *self);
void                culprit_pattern_set_tags           (CulpritPattern      *self,
                                                        const char * const  *tags);
gboolean            culprit_pattern_has_tag            (CulpritPattern      *self,
                                                        const char          *tag);
const char * const *culprit_pattern_get_applicable_steps (CulpritPattern    *self);
void                culprit_pattern_set_applicable_steps (CulpritPattern    *self,
                                                          const char * const *steps);
gboolean            culprit_pattern_applies_to_step    (CulpritPattern      *self,
                                                        const char          *step_name);

const char         *culprit_pattern_kind_to_string     (CulpritPatternKind   kind);
gboolean            culprit_pattern_kind_from_string   (const char          *str,
                                                        CulpritPatternKind  *kind);

G_END_DECLS
