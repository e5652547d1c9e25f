/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-window"

#include "config.h"

#include <glib/gi18n.h>

#include <culprit.h>

#include "culprit-window.h"

/* A placeholder until the desktop application issue: opens the store and
 * says how many patterns it holds, so that `culprit DATABASE` already
 * proves the GUI links against libculprit and reads a real store. */

struct _CulpritWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  AdwStatusPage        *status_page;

  /* owned references */
  CulpritStore         *store;
};

G_DEFINE_FINAL_TYPE (CulpritWindow, culprit_window, ADW_TYPE_APPLICATION_WINDOW)

static void
culprit_window_dispose (GObject *object)
{
  CulpritWindow *self = (CulpritWindow *)object;

  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), CULPRIT_TYPE_WINDOW);

  G_OBJECT_CLASS (culprit_window_parent_class)->dispose (object);
}

static void
culprit_window_class_init (CulpritWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = culprit_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/culprit/Culprit/culprit-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CulpritWindow, status_page);
}

static void
culprit_window_init (CulpritWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
culprit_window_load (CulpritWindow *self,
                     const char    *path)
{
  g_autoptr(GPtrArray) patterns = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;

  self->store = culprit_store_open (path, &error);
  if (self->store != NULL)
    patterns = culprit_store_list_patterns (self->store, FALSE, &error);

  if (patterns == NULL)
    {
      adw_status_page_set_icon_name (self->status_page, "dialog-error-symbolic");
      adw_status_page_set_title (self->status_page, _("Cannot Open the Database"));
      adw_status_page_set_description (self->status_page, error->message);
      return;
    }

  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s\n%u live pattern",
                                              "%s\n%u live patterns", patterns->len),
                                 path, patterns->len);
  adw_status_page_set_description (self->status_page, description);
}

CulpritWindow *
culprit_window_new (CulpritApplication *app,
                    const char         *database_path)
{
  CulpritWindow *self = g_object_new (CULPRIT_TYPE_WINDOW, "application", app, NULL);
  g_autofree char *default_path = NULL;

  if (database_path == NULL)
    database_path = default_path = culprit_store_get_default_path ();
  culprit_window_load (self, database_path);

  return self;
}
