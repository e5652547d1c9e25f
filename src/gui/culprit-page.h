/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "culprit-gui-types.h"

G_BEGIN_DECLS

#define CULPRIT_TYPE_PAGE (culprit_page_get_type ())

G_DECLARE_DERIVABLE_TYPE (CulpritPage, culprit_page, CULPRIT, PAGE, GtkWidget)

struct _CulpritPageClass
{
  GtkWidgetClass parent_class;

  /* Loads the page from its database: when the database is set, when it
   * changes while the page is on screen, and when the page is shown after
   * it changed. */
  void (*reload) (CulpritPage *self);

  /*< private >*/
  gpointer padding[4];
};

CulpritDatabase *culprit_page_get_database     (CulpritPage     *self);
void             culprit_page_set_database     (CulpritPage     *self,
                                                CulpritDatabase *database);
gboolean         culprit_page_get_loading      (CulpritPage     *self);
void             culprit_page_set_loading      (CulpritPage     *self,
                                                gboolean         loading);
GCancellable    *culprit_page_begin_load       (CulpritPage     *self);
GCancellable    *culprit_page_get_cancellable  (CulpritPage     *self);
void             culprit_page_reload           (CulpritPage     *self);
void             culprit_page_add_toast        (CulpritPage     *self,
                                                AdwToast        *toast);
void             culprit_page_show_error       (CulpritPage     *self,
                                                const char      *what,
                                                const GError    *error);

AdwToast        *culprit_error_toast_new       (const char      *what,
                                                const GError    *error);

G_END_DECLS
