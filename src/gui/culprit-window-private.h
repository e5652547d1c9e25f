/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "culprit-build-page.h"
#include "culprit-builds-page.h"
#include "culprit-database.h"
#include "culprit-health-page.h"
#include "culprit-overview-page.h"
#include "culprit-patterns-page.h"
#include "culprit-refresh.h"
#include "culprit-window.h"

G_BEGIN_DECLS

struct _CulpritWindow
{
  AdwApplicationWindow   parent_instance;

  /* template widgets */
  AdwToastOverlay       *toast_overlay;
  AdwLeaflet            *leaflet;
  GtkWidget             *main_box;
  AdwViewSwitcherTitle  *switcher_title;
  GtkStack              *main_stack;
  AdwViewStack          *view_stack;
  AdwStatusPage         *empty_page;
  AdwStatusPage         *error_page;
  CulpritOverviewPage   *overview_page;
  CulpritBuildsPage     *builds_page;
  CulpritPatternsPage   *patterns_page;
  CulpritHealthPage     *health_page;
  CulpritBuildPage      *build_page;
  GtkWidget             *refresh_button;
  GtkWidget             *refresh_box;
  GtkLabel              *refresh_label;
  GtkProgressBar        *refresh_progress;

  /* owned references */
  CulpritDatabase       *database;
  CulpritRefresh        *refresh;
  CulpritDatabaseSummary *summary;
  CulpritFilter         *filter;         /* which builds the builds page lists */
  GCancellable          *cancellable;
  char                  *path;
  gboolean               scan_again;     /* asked for while the refresh ran */
};

void _culprit_window_class_actions_init (GtkWidgetClass *widget_class);
void _culprit_window_update_actions     (CulpritWindow  *self);
void _culprit_window_reload             (CulpritWindow  *self);
void _culprit_window_scan_if_asked      (CulpritWindow  *self);

G_END_DECLS
