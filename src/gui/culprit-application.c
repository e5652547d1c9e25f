/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-application"

#include "config.h"

#include <glib/gi18n.h>

#include <culprit.h>

#include "culprit-application.h"
#include "culprit-chart-item.h"
#include "culprit-window.h"

/* The application: single instance; `culprit DATABASE` opens that store,
 * with one window per database (opening it again presents its window);
 * no argument opens the per-user default store. Light and dark follow
 * the system through AdwStyleManager's default; so do the categories'
 * colours in CSS, made from the same table as the charts'. */

struct _CulpritApplication
{
  AdwApplication  parent_instance;

  GtkCssProvider *category_css;
};

G_DEFINE_FINAL_TYPE (CulpritApplication, culprit_application, ADW_TYPE_APPLICATION)

static char *
canonical_path (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return g_file_get_path (file);
}

/**
 * culprit_application_open_path:
 * @path: (nullable): a database, or %NULL for the default one
 *
 * Returns: (transfer none): the window of @path, new or already open
 */
CulpritWindow *
culprit_application_open_path (CulpritApplication *self,
                               const char         *path)
{
  g_autofree char *default_path = NULL;
  g_autofree char *canonical = NULL;
  CulpritWindow *window;

  g_return_val_if_fail (CULPRIT_IS_APPLICATION (self), NULL);

  if (path == NULL)
    path = default_path = culprit_store_get_default_path ();
  canonical = canonical_path (path);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (CULPRIT_IS_WINDOW (l->data) &&
        g_strcmp0 (culprit_window_get_path (l->data), canonical) == 0)
      {
        gtk_window_present (l->data);
        return l->data;
      }

  window = culprit_window_new (self, canonical);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
culprit_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window != NULL)
    gtk_window_present (window);
  else
    culprit_application_open_path (CULPRIT_APPLICATION (app), NULL);
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

      if (path != NULL)
        culprit_application_open_path (CULPRIT_APPLICATION (app), path);
    }
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GList *windows = g_list_copy (gtk_application_get_windows (app));

  /* closing them saves their size */
  for (GList *l = windows; l; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);
  g_application_quit (G_APPLICATION (app));
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
                         "application-icon", "io.github.culprit.Culprit",
                         "version", PACKAGE_VERSION,
                         "comments", _("Find out why CI builds fail: Culprit fetches the failed "
                                       "builds of a repository from CircleCI, finds the cause of "
                                       "each failure in its log with the patterns you write, and "
                                       "shows which causes are the most common."),
                         "website", "https://github.com/culprit/culprit",
                         "issue-url", "https://github.com/culprit/culprit/issues",
                         "developers", developers,
                         "copyright", "© 2026 The Culprit developers",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void
update_category_css (CulpritApplication *self)
{
  g_autofree char *css = NULL;

  css = culprit_chart_color_get_css (adw_style_manager_get_dark (adw_style_manager_get_default ()));
  gtk_css_provider_load_from_data (self->category_css, css, -1);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "about", about_activated },
};

static void
culprit_application_startup (GApplication *app)
{
  CulpritApplication *self = CULPRIT_APPLICATION (app);
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "window.close", { "<Control>w", NULL } },
    { "win.refresh", { "<Control>r", "F5", NULL } },
    { "win.new-pattern", { "<Control>n", NULL } },
    { "win.open-database", { "<Control>o", NULL } },
    { "win.preferences", { "<Control>comma", NULL } },
    { "win.show-view::overview", { "<Alt>1", NULL } },
    { "win.show-view::builds", { "<Alt>2", NULL } },
    { "win.show-view::patterns", { "<Alt>3", NULL } },
    { "win.show-view::health", { "<Alt>4", NULL } },
  };

  G_APPLICATION_CLASS (culprit_application_parent_class)->startup (app);

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  self->category_css = gtk_css_provider_new ();
  update_category_css (self);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (self->category_css),
                                              /* over style.css's */
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_category_css), self, G_CONNECT_SWAPPED);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);
}

static void
culprit_application_finalize (GObject *object)
{
  CulpritApplication *self = (CulpritApplication *)object;

  g_clear_object (&self->category_css);

  G_OBJECT_CLASS (culprit_application_parent_class)->finalize (object);
}

static void
culprit_application_class_init (CulpritApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = culprit_application_finalize;

  app_class->activate = culprit_application_activate;
  app_class->open = culprit_application_open;
  app_class->startup = culprit_application_startup;
}

static void
culprit_application_init (CulpritApplication *self)
{
  g_set_application_name (_("Culprit"));
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
