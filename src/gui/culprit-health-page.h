/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include <culprit.h>

#include "culprit-gui-types.h"
#include "culprit-page.h"
#include "culprit-mark-dialog.h"

G_BEGIN_DECLS

#define CULPRIT_TYPE_HEALTH_PAGE (culprit_health_page_get_type ())

G_DECLARE_FINAL_TYPE (CulpritHealthPage, culprit_health_page, CULPRIT, HEALTH_PAGE, CulpritPage)

const char  *culprit_health_page_get_branch   (CulpritHealthPage *self);
GtkWidget   *culprit_health_page_get_grid     (CulpritHealthPage *self);
GListModel  *culprit_health_page_get_weeks    (CulpritHealthPage *self);
void         culprit_health_page_annotate     (CulpritHealthPage *self,
                                               CulpritBuild      *build,
                                               const char        *note);
void         culprit_health_page_mark         (CulpritHealthPage *self,
                                               CulpritBuild      *build,
                                               CulpritMarkScope   scope,
                                               const char        *last_revision,
                                               const char        *note,
                                               const char        *issue_url);
GListModel  *culprit_health_page_get_unexplained_weeks (CulpritHealthPage *self);
CulpritMarkDialog *
             culprit_health_page_get_mark_dialog (CulpritHealthPage *self);
guint        culprit_health_share_percent     (guint              part,
                                               guint              whole);

G_END_DECLS
