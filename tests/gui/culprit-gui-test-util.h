/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include <culprit.h>

G_BEGIN_DECLS

#define CULPRIT_GUI_TEST_REPO "github/demo-org/demo-app"

typedef gboolean (*CulpritGuiTestCondition) (gpointer data);

GSubprocess *culprit_gui_test_start_fake_ci (guint                 n_builds,
                                             guint                 seed,
                                             char                **url);
void      culprit_gui_test_stop_fake_ci  (GSubprocess              *fake);
char     *culprit_gui_test_make_database (const char               *dir,
                                          guint                     n_builds,
                                          guint                     seed);
gboolean  culprit_gui_test_wait          (CulpritGuiTestCondition   condition,
                                          gpointer                  data,
                                          guint                     timeout_ms);
void      culprit_gui_test_settle        (guint                     ms);
char     *culprit_gui_test_save_png      (GtkWidget                *widget,
                                          const char               *name);
GArray   *culprit_gui_test_drawn_lines   (GtkWidget                *log_view);
gboolean  culprit_gui_test_press_shortcut (GtkWidget               *widget,
                                          guint                    keyval,
                                          GdkModifierType          mods);
GdkTexture *culprit_gui_test_render      (GtkWidget                *widget);
int       culprit_gui_test_count_pixels  (GdkTexture               *texture,
                                          GtkWidget                *window,
                                          GtkWidget                *child,
                                          const GdkRGBA            *color);

G_END_DECLS
