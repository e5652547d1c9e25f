/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "culprit-health-page.h"

G_BEGIN_DECLS

struct _CulpritHealthPage
{
  CulpritPage         parent_instance;

  /* template widgets */
  GtkDropDown        *branch_dropdown;
  GtkSpinner         *spinner;
  GtkLabel           *summary_label;
  CulpritHealthGrid  *grid;
  GtkFlowBox         *legend;
  CulpritColumnChart *weeks_chart;
  CulpritColumnChart *unexplained_chart;

  /* borrowed references */
  CulpritMarkDialog  *mark_dialog;   /* weak */

  /* owned references */
  GtkStringList      *branches;
  GListStore         *weeks;
  GListStore         *unexplained_weeks;
  char               *branch;
  gboolean            updating;
};

void _culprit_health_page_on_build_menu (CulpritHealthPage *self,
                                         CulpritBuild      *build);
void _culprit_health_page_action        (GtkWidget         *widget,
                                         const char        *action_name,
                                         GVariant          *parameter);

G_END_DECLS
