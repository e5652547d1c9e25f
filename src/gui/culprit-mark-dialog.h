/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include <culprit.h>

#include "culprit-gui-types.h"

G_BEGIN_DECLS

/* What "Mark as Known Problem" marks: the rows of the scope drop-down. */
typedef enum
{
  CULPRIT_MARK_SCOPE_BUILD,
  CULPRIT_MARK_SCOPE_COMMIT,
  CULPRIT_MARK_SCOPE_JOB_RANGE,
} CulpritMarkScope;

#define CULPRIT_TYPE_MARK_DIALOG (culprit_mark_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CulpritMarkDialog, culprit_mark_dialog, CULPRIT, MARK_DIALOG, AdwMessageDialog)

CulpritMarkDialog *culprit_mark_dialog_new            (GtkWindow          *parent,
                                                       CulpritBuild       *build,
                                                       CulpritMarkScope    scope,
                                                       const char * const *older_commits);
CulpritBuild      *culprit_mark_dialog_get_build      (CulpritMarkDialog  *self);
CulpritMarkScope   culprit_mark_dialog_get_scope      (CulpritMarkDialog  *self);
void               culprit_mark_dialog_set_scope      (CulpritMarkDialog  *self,
                                                       CulpritMarkScope    scope);
const char        *culprit_mark_dialog_get_last_revision (CulpritMarkDialog *self);
void               culprit_mark_dialog_set_last_revision (CulpritMarkDialog *self,
                                                       const char         *revision);
const char        *culprit_mark_dialog_get_note       (CulpritMarkDialog  *self);
void               culprit_mark_dialog_set_note       (CulpritMarkDialog  *self,
                                                       const char         *note);
const char        *culprit_mark_dialog_get_issue_url  (CulpritMarkDialog  *self);
void               culprit_mark_dialog_set_issue_url  (CulpritMarkDialog  *self,
                                                       const char         *issue_url);
gboolean           culprit_issue_url_is_valid         (const char         *text);

G_END_DECLS
