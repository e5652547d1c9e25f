/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include <culprit.h>

#include "culprit-gui-types.h"

G_BEGIN_DECLS

#define CULPRIT_TYPE_WINDOW (culprit_window_get_type ())

G_DECLARE_FINAL_TYPE (CulpritWindow, culprit_window, CULPRIT, WINDOW, AdwApplicationWindow)

CulpritWindow   *culprit_window_new               (CulpritApplication *app,
                                                   const char         *database_path);
const char      *culprit_window_get_path          (CulpritWindow      *self);
CulpritDatabase *culprit_window_get_database      (CulpritWindow      *self);
void             culprit_window_show_view         (CulpritWindow      *self,
                                                   const char         *name);
void             culprit_window_show_build        (CulpritWindow      *self,
                                                   CulpritBuild       *build);
void             culprit_window_show_builds_for_pattern  (CulpritWindow *self,
                                                          gint64         pattern_id,
                                                          const char    *name);
void             culprit_window_show_builds_for_category (CulpritWindow *self,
                                                          const char    *category,
                                                          const char    *job);
void             culprit_window_show_builds_for_week     (CulpritWindow *self,
                                                          gint64         monday,
                                                          const char    *label);
void             culprit_window_edit_pattern      (CulpritWindow      *self,
                                                   CulpritPattern     *pattern,
                                                   gint64              sample_build_id);
void             culprit_window_add_toast         (CulpritWindow      *self,
                                                   AdwToast           *toast);
void             culprit_window_show_error        (CulpritWindow      *self,
                                                   const char         *what,
                                                   const GError       *error);
void             culprit_window_start_refresh     (CulpritWindow      *self);
void             culprit_window_start_scan        (CulpritWindow      *self);

G_END_DECLS
