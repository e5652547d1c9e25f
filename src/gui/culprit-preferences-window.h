/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "culprit-gui-types.h"

G_BEGIN_DECLS

#define CULPRIT_TYPE_PREFERENCES_WINDOW (culprit_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (CulpritPreferencesWindow, culprit_preferences_window, CULPRIT, PREFERENCES_WINDOW, AdwPreferencesWindow)

CulpritPreferencesWindow *culprit_preferences_window_new (GtkWindow       *parent,
                                                          CulpritDatabase *database);

G_END_DECLS
