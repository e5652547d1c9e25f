/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <culprit.h>

G_BEGIN_DECLS

#define BENCH_GUI_REPO "github/bench-org/bench-app"

gboolean bench_gui_make_store (const char  *path,
                               guint        n_builds,
                               double       failed_share,
                               GError     **error);
char    *bench_gui_make_log   (gsize        size);
gboolean bench_gui_make_log_store (const char  *path,
                                   gsize        log_size,
                                   GError     **error);

G_END_DECLS
