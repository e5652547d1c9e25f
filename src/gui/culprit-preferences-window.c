/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include <culprit.h>

#include "culprit-database.h"
#include "culprit-preferences-window.h"
#include "culprit-repository-dialog.h"
#include "culprit-settings.h"

/* Preferences: the store's tracked repositories and branches (a row opens
 * them in the repository dialog to edit; removing one can be undone from
 * its toast), the tokens (in the keyring, through libsecret; masked rows
 * that are never filled with the stored token), and the fetching and
 * scanning settings. */

struct _CulpritPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* template widgets */
  AdwPreferencesGroup  *repos_group;
  AdwPasswordEntryRow  *circleci_row;
  AdwPasswordEntryRow  *github_row;
  GtkSpinButton        *concurrency_spin;
  GtkSpinButton        *count_spin;
  GtkSpinButton        *log_cap_spin;
  GtkSpinButton        *threads_spin;
  AdwActionRow         *cache_row;
  GtkWidget            *cache_clear_button;

  /* owned references */
  CulpritDatabase      *database;
  GPtrArray            *repo_rows;
};

G_DEFINE_FINAL_TYPE (CulpritPreferencesWindow, culprit_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void load_repos (CulpritPreferencesWindow *self);

static CulpritTrackedRepo *
tracked_repo_copy (const CulpritTrackedRepo *repo)
{
  CulpritTrackedRepo *copy = g_new0 (CulpritTrackedRepo, 1);

  copy->repo = g_strdup (repo->repo);
  copy->api_url = g_strdup (repo->api_url);
  copy->branches = g_strdupv (repo->branches);
  return copy;
}

static void
on_retracked (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CulpritPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!culprit_database_track_repository_finish (CULPRIT_DATABASE (object), result, &error))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                      adw_toast_new (error->message));
  else
    culprit_database_emit_changed (self->database);
}

/* Undo: the repository is tracked again as it was, with its branches and
 * server; the token (in the keyring) and the settings were never touched. */
static void
on_undo_remove (AdwToast                 *toast,
                CulpritPreferencesWindow *self)
{
  CulpritTrackedRepo *repo = g_object_get_data (G_OBJECT (toast), "repo");

  culprit_database_track_repository_async (self->database, repo->repo, repo->api_url,
                                           (const char * const *)repo->branches, NULL, NULL,
                                           on_retracked, g_object_ref (self));
}

static void
on_untracked (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(AdwToast) toast = user_data;
  CulpritPreferencesWindow *self = g_object_get_data (G_OBJECT (toast), "window");
  g_autoptr(GError) error = NULL;

  if (!culprit_database_untrack_repository_finish (CULPRIT_DATABASE (object), result, &error))
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
      return;
    }
  culprit_database_emit_changed (self->database);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), g_object_ref (toast));
}

static void
remove_repo (CulpritPreferencesWindow *self,
             const CulpritTrackedRepo *repo)
{
  AdwToast *toast;

  toast = adw_toast_new_format (_("Stopped tracking “%s”"), repo->repo);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (toast), "repo", tracked_repo_copy (repo),
                          (GDestroyNotify)culprit_tracked_repo_free);
  g_object_set_data_full (G_OBJECT (toast), "window", g_object_ref (self), g_object_unref);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo_remove), self, 0);
  culprit_database_untrack_repository_async (self->database, repo->repo, NULL, on_untracked,
                                             g_object_ref_sink (toast));
}

static void
on_remove_repo (GtkButton                *button,
                CulpritPreferencesWindow *self)
{
  remove_repo (self, g_object_get_data (G_OBJECT (button), "repo"));
}

static void
on_edit_repo (GtkWidget                *row_or_button,
              CulpritPreferencesWindow *self)
{
  const CulpritTrackedRepo *repo = g_object_get_data (G_OBJECT (row_or_button), "repo");
  CulpritRepositoryDialog *dialog;

  dialog = culprit_repository_dialog_new_for_repo (GTK_WINDOW (self), self->database, repo->repo,
                                                   repo->api_url,
                                                   (const char * const *)repo->branches);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_repos_listed (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CulpritPreferencesWindow) self = user_data;
  g_autoptr(GPtrArray) repos = NULL;
  g_autoptr(GError) error = NULL;

  repos = culprit_database_list_repositories_finish (CULPRIT_DATABASE (object), result, &error);
  for (guint i = 0; i < self->repo_rows->len; i++)
    adw_preferences_group_remove (self->repos_group, g_ptr_array_index (self->repo_rows, i));
  g_ptr_array_set_size (self->repo_rows, 0);
  if (repos == NULL)
    return;

  for (guint i = 0; i < repos->len; i++)
    {
      CulpritTrackedRepo *repo = g_ptr_array_index (repos, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      GtkWidget *edit = gtk_image_new_from_icon_name ("document-edit-symbolic");
      g_autofree char *branches = g_strjoinv (", ", repo->branches);
      g_autofree char *subtitle = NULL;

      subtitle = g_strdup_printf (_("Branches: %s · %s"), branches[0] ? branches : _("all"), repo->api_url);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), repo->repo);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      /* the row edits the repository in the Add a Repository dialog */
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_tooltip_text (row, _("Edit the Branches and Server"));
      g_object_set_data_full (G_OBJECT (row), "repo", tracked_repo_copy (repo),
                              (GDestroyNotify)culprit_tracked_repo_free);
      g_signal_connect (row, "activated", G_CALLBACK (on_edit_repo), self);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Stop Tracking (the stored builds stay)"));
      g_object_set_data_full (G_OBJECT (remove), "repo", tracked_repo_copy (repo),
                              (GDestroyNotify)culprit_tracked_repo_free);
      g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_repo), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);
      adw_preferences_group_add (self->repos_group, row);
      g_ptr_array_add (self->repo_rows, row);
    }
  if (repos->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No repository yet"));
      gtk_widget_add_css_class (row, "dim-label");
      adw_preferences_group_add (self->repos_group, row);
      g_ptr_array_add (self->repo_rows, row);
    }
}

static void
load_repos (CulpritPreferencesWindow *self)
{
  culprit_database_list_repositories_async (self->database, NULL, on_repos_listed,
                                            g_object_ref (self));
}

static void
on_add_repository (CulpritPreferencesWindow *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.add-repository", NULL);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* Tokens */

static void
on_token_stored (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CulpritPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!culprit_secrets_store_finish (result, &error))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                      adw_toast_new_format (_("Could not save the token: %s"), error->message));
  else
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                      adw_toast_new (_("Token saved in the keyring")));
}

static void
apply_token (CulpritPreferencesWindow *self,
             AdwPasswordEntryRow      *row,
             const char               *kind)
{
  const char *token = gtk_editable_get_text (GTK_EDITABLE (row));

  if (token[0] == '\0')
    return;
  culprit_secrets_store_async (kind, NULL, token, NULL, on_token_stored, g_object_ref (self));
  gtk_editable_set_text (GTK_EDITABLE (row), "");
}

static void
on_circleci_apply (CulpritPreferencesWindow *self)
{
  apply_token (self, self->circleci_row, "circleci");
}

static void
on_github_apply (CulpritPreferencesWindow *self)
{
  apply_token (self, self->github_row, "github");
}

/* The cache folder */

static void
update_cache_row (CulpritPreferencesWindow *self)
{
  g_autofree char *dir = culprit_settings_dup_string (culprit_settings_get_default (), "cache-dir");
  gboolean set = dir != NULL && dir[0] != '\0';

  adw_action_row_set_subtitle (self->cache_row, set ? dir : _("None: logs are not kept twice"));
  gtk_widget_set_sensitive (self->cache_clear_button, set);
}

static void
on_cache_clear (CulpritPreferencesWindow *self)
{
  culprit_settings_set_string (culprit_settings_get_default (), "cache-dir", "");
  update_cache_row (self);
}

static void
on_cache_chosen (GtkNativeDialog          *native,
                 int                       response,
                 CulpritPreferencesWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = g_file_get_path (file);

      culprit_settings_set_string (culprit_settings_get_default (), "cache-dir", path);
      update_cache_row (self);
    }
  g_object_unref (native);
}

static void
on_cache_choose (CulpritPreferencesWindow *self)
{
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Download Cache Folder"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Select"), _("_Cancel"));
  g_signal_connect (native, "response", G_CALLBACK (on_cache_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
culprit_preferences_window_dispose (GObject *object)
{
  CulpritPreferencesWindow *self = (CulpritPreferencesWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), CULPRIT_TYPE_PREFERENCES_WINDOW);
  culprit_database_watch (&self->database, NULL, G_CALLBACK (load_repos), self);
  g_clear_pointer (&self->repo_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (culprit_preferences_window_parent_class)->dispose (object);
}

static void
culprit_preferences_window_class_init (CulpritPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = culprit_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/culprit/Culprit/culprit-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CulpritPreferencesWindow, repos_group);
  gtk_widget_class_bind_template_child (widget_class, CulpritPreferencesWindow, circleci_row);
  gtk_widget_class_bind_template_child (widget_class, CulpritPreferencesWindow, github_row);
  gtk_widget_class_bind_template_child (widget_class, CulpritPreferencesWindow, concurrency_spin);
  gtk_widget_class_bind_template_child (widget_class, CulpritPreferencesWindow, count_spin);
  gtk_widget_class_bind_template_child (widget_class, CulpritPreferencesWindow, log_cap_spin);
  gtk_widget_class_bind_template_child (widget_class, CulpritPreferencesWindow, threads_spin);
  gtk_widget_class_bind_template_child (widget_class, CulpritPreferencesWindow, cache_row);
  gtk_widget_class_bind_template_child (widget_class, CulpritPreferencesWindow, cache_clear_button);
  gtk_widget_class_bind_template_callback (widget_class, on_add_repository);
  gtk_widget_class_bind_template_callback (widget_class, on_circleci_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_github_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_cache_clear);
  gtk_widget_class_bind_template_callback (widget_class, on_cache_choose);
}

static void
culprit_preferences_window_init (CulpritPreferencesWindow *self)
{
  CulpritSettings *settings = culprit_settings_get_default ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->repo_rows = g_ptr_array_new ();

  culprit_settings_bind (settings, "fetch-concurrency", self->concurrency_spin, "value");
  culprit_settings_bind (settings, "fetch-count", self->count_spin, "value");
  culprit_settings_bind (settings, "log-cap-mb", self->log_cap_spin, "value");
  culprit_settings_bind (settings, "scan-threads", self->threads_spin, "value");
  update_cache_row (self);
}

CulpritPreferencesWindow *
culprit_preferences_window_new (GtkWindow       *parent,
                                CulpritDatabase *database)
{
  CulpritPreferencesWindow *self;

  g_return_val_if_fail (CULPRIT_IS_DATABASE (database), NULL);

  self = g_object_new (CULPRIT_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
  /* the repositories are listed again whenever the store changes: after a
   * removal, its undo, or an edit in the repository dialog */
  if (culprit_database_watch (&self->database, database, G_CALLBACK (load_repos), self))
    load_repos (self);
  return self;
}
