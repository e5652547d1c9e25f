/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include <culprit.h>

#include "culprit-gui-types.h"
#include "culprit-page.h"

G_BEGIN_DECLS

#define CULPRIT_TYPE_BUILD_PAGE (culprit_build_page_get_type ())

G_DECLARE_FINAL_TYPE (CulpritBuildPage, culprit_build_page, CULPRIT, BUILD_PAGE, CulpritPage)

void            culprit_build_page_set_build     (CulpritBuildPage *self,
                                                  CulpritDatabase  *database,
                                                  CulpritBuild     *build);
CulpritBuild   *culprit_build_page_get_build     (CulpritBuildPage *self);
CulpritLogView *culprit_build_page_get_log_view  (CulpritBuildPage *self);
guint           culprit_build_page_get_n_matches (CulpritBuildPage *self);
char           *culprit_build_dup_circleci_url   (CulpritBuild     *build);
char           *culprit_build_dup_commit_url     (CulpritBuild     *build);

G_END_DECLS
