/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-application"

#include "config.h"

#include <glib/gi18n.h>

#include "culprit-application.h"
#include "culprit-window.h"

struct _CulpritApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (CulpritApplication, culprit_application, ADW_TYPE_APPLICATION)

static void
culprit_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (culprit_window_new (CULPRIT_APPLICATION (app), NULL));
  gtk_window_present (window);
}

static void
culprit_application_open (GApplication  *app,
                          GFile        **files,
                          int            n_files,
                          const char    *hint)
{
  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);
      CulpritWindow *window = culprit_window_new (CULPRIT_APPLICATION (app), path);

      gtk_window_present (GTK_WINDOW (window));
    }
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  const char *developers[] = { "The Culprit developers", NULL };

  adw_show_about_window (parent,
                         "application-name", _("Culprit"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Find out why CI builds fail"),
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "about", about_activated },
};

static void
culprit_application_startup (GApplication *app)
{
  const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (culprit_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
}

static void
culprit_application_class_init (CulpritApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = culprit_application_activate;
  app_class->open = culprit_application_open;
  app_class->startup = culprit_application_startup;
}

static void
culprit_application_init (CulpritApplication *self)
{
}

CulpritApplication *
culprit_application_new (void)
{
  return g_object_new (CULPRIT_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/culprit/Culprit",
                       NULL);
}
