/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "culprit-gui-types.h"

G_BEGIN_DECLS

#define CULPRIT_SETTINGS_SCHEMA_ID "io.github.culprit.Culprit"

#define CULPRIT_TYPE_SETTINGS (culprit_settings_get_type ())

G_DECLARE_FINAL_TYPE (CulpritSettings, culprit_settings, CULPRIT, SETTINGS, GObject)

CulpritSettings *culprit_settings_get_default    (void);
GSettings       *culprit_settings_get_gsettings  (CulpritSettings *self);
int              culprit_settings_get_int        (CulpritSettings *self,
                                                  const char      *key);
void             culprit_settings_set_int        (CulpritSettings *self,
                                                  const char      *key,
                                                  int              value);
gboolean         culprit_settings_get_boolean    (CulpritSettings *self,
                                                  const char      *key);
void             culprit_settings_set_boolean    (CulpritSettings *self,
                                                  const char      *key,
                                                  gboolean         value);
char            *culprit_settings_dup_string     (CulpritSettings *self,
                                                  const char      *key);
void             culprit_settings_set_string     (CulpritSettings *self,
                                                  const char      *key,
                                                  const char      *value);
void             culprit_settings_bind           (CulpritSettings *self,
                                                  const char      *key,
                                                  gpointer         object,
                                                  const char      *property);

G_END_DECLS
