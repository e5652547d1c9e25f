/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-repository-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include <culprit.h>

#include "culprit-database.h"
#include "culprit-repository-dialog.h"

/* "Add a Repository": checks the name, saves the token in the keyring
 * (culprit_secrets_store_async), tracks the repository and its branches
 * in the store, then starts a refresh of the window. In edit mode
 * (culprit_repository_dialog_new_for_repo) the repository's name is fixed,
 * its branches and server are changed, and an empty token field keeps the
 * saved token. */

struct _CulpritRepositoryDialog
{
  AdwWindow         parent_instance;

  /* template widgets */
  GtkWidget        *add_button;
  AdwEntryRow      *repo_row;
  AdwEntryRow      *branches_row;
  GtkLabel         *repo_error;
  AdwEntryRow      *token_row;
  AdwEntryRow      *api_row;
  GtkLabel         *error_label;

  /* owned references */
  CulpritDatabase  *database;
  char            **old_branches;     /* in edit mode; else NULL */
};

G_DEFINE_FINAL_TYPE (CulpritRepositoryDialog, culprit_repository_dialog, ADW_TYPE_WINDOW)

/* An error below the fields: a toast overlay around them would measure
 * them without their width, and cut the wrapped descriptions' lines. */
static void
show_error (CulpritRepositoryDialog *self,
            const char              *message)
{
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
on_tracked (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(CulpritRepositoryDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (!culprit_database_track_repository_finish (CULPRIT_DATABASE (object), result, &error))
    {
      gtk_widget_set_sensitive (self->add_button, TRUE);
      show_error (self, error->message);
      return;
    }

  culprit_database_emit_changed (self->database);
  if (self->old_branches == NULL && parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.refresh", NULL);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
track (CulpritRepositoryDialog *self)
{
  g_auto(GStrv) parts = g_strsplit (gtk_editable_get_text (GTK_EDITABLE (self->branches_row)), ",", -1);
  g_autoptr(GStrvBuilder) branches = g_strv_builder_new ();
  g_autofree char *api = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->api_row))));
  const char *repo_text = gtk_editable_get_text (GTK_EDITABLE (self->repo_row));
  g_autofree char *repo = g_strstrip (g_strdup (repo_text));
  g_auto(GStrv) wanted = NULL;

  for (guint i = 0; parts[i]; i++)
    {
      g_strstrip (parts[i]);
      if (parts[i][0] != '\0')
        g_strv_builder_add (branches, parts[i]);
    }
  wanted = g_strv_builder_end (branches);
  culprit_database_track_repository_async (self->database, repo, api[0] ? api : NULL,
                                           (const char * const *)wanted,
                                           (const char * const *)self->old_branches, NULL,
                                           on_tracked, g_object_ref (self));
}

static void
on_token_stored (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CulpritRepositoryDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!culprit_secrets_store_finish (result, &error))
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("Could not save the token: %s"), error->message);

      gtk_widget_set_sensitive (self->add_button, TRUE);
      show_error (self, message);
      return;
    }
  track (self);
}

static void
on_add_clicked (CulpritRepositoryDialog *self)
{
  const char *token = gtk_editable_get_text (GTK_EDITABLE (self->token_row));

  gtk_widget_set_sensitive (self->add_button, FALSE);
  if (token[0] != '\0')
    culprit_secrets_store_async ("circleci", NULL, token, NULL, on_token_stored, g_object_ref (self));
  else
    track (self);
}

static void
on_changed (CulpritRepositoryDialog *self)
{
  const char *repo_text = gtk_editable_get_text (GTK_EDITABLE (self->repo_row));
  g_autofree char *repo = g_strstrip (g_strdup (repo_text));
  g_autoptr(GError) error = NULL;
  gboolean valid = repo[0] != '\0' && culprit_circleci_check_repo (repo, &error);

  gtk_widget_set_sensitive (self->add_button, valid);
  gtk_widget_set_visible (GTK_WIDGET (self->repo_error), repo[0] != '\0' && !valid);
  gtk_label_set_label (self->repo_error, error ? error->message : "");
  if (repo[0] != '\0' && !valid)
    gtk_widget_add_css_class (GTK_WIDGET (self->repo_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->repo_row), "error");
}

static void
culprit_repository_dialog_dispose (GObject *object)
{
  CulpritRepositoryDialog *self = (CulpritRepositoryDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), CULPRIT_TYPE_REPOSITORY_DIALOG);
  g_clear_object (&self->database);
  g_clear_pointer (&self->old_branches, g_strfreev);

  G_OBJECT_CLASS (culprit_repository_dialog_parent_class)->dispose (object);
}

static void
culprit_repository_dialog_class_init (CulpritRepositoryDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = culprit_repository_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/culprit/Culprit/culprit-repository-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CulpritRepositoryDialog, add_button);
  gtk_widget_class_bind_template_child (widget_class, CulpritRepositoryDialog, repo_row);
  gtk_widget_class_bind_template_child (widget_class, CulpritRepositoryDialog, branches_row);
  gtk_widget_class_bind_template_child (widget_class, CulpritRepositoryDialog, repo_error);
  gtk_widget_class_bind_template_child (widget_class, CulpritRepositoryDialog, token_row);
  gtk_widget_class_bind_template_child (widget_class, CulpritRepositoryDialog, api_row);
  gtk_widget_class_bind_template_child (widget_class, CulpritRepositoryDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_changed);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
culprit_repository_dialog_init (CulpritRepositoryDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_window_set_default_widget (GTK_WINDOW (self), self->add_button);
}

CulpritRepositoryDialog *
culprit_repository_dialog_new (GtkWindow       *parent,
                               CulpritDatabase *database)
{
  CulpritRepositoryDialog *self;

  g_return_val_if_fail (CULPRIT_IS_DATABASE (database), NULL);

  self = g_object_new (CULPRIT_TYPE_REPOSITORY_DIALOG, "transient-for", parent, NULL);
  self->database = g_object_ref (database);
  return self;
}

/**
 * culprit_repository_dialog_new_for_repo:
 * @repo: a tracked repository
 * @api_url: (nullable): its server
 * @branches: (nullable): its tracked branches
 *
 * The dialog in edit mode: the repository's name is fixed; its branches
 * and server are prefilled, and saved in place of the old ones.
 */
CulpritRepositoryDialog *
culprit_repository_dialog_new_for_repo (GtkWindow          *parent,
                                        CulpritDatabase    *database,
                                        const char         *repo,
                                        const char         *api_url,
                                        const char * const *branches)
{
  CulpritRepositoryDialog *self;
  g_autofree char *joined = NULL;

  g_return_val_if_fail (repo != NULL, NULL);

  self = culprit_repository_dialog_new (parent, database);
  g_return_val_if_fail (self != NULL, NULL);

  self->old_branches = g_strdupv ((char **)branches);
  if (self->old_branches == NULL)
    self->old_branches = g_new0 (char *, 1);
  joined = g_strjoinv (", ", self->old_branches);

  gtk_window_set_title (GTK_WINDOW (self), _("Edit Repository"));
  gtk_button_set_label (GTK_BUTTON (self->add_button), _("_Save"));
  gtk_editable_set_text (GTK_EDITABLE (self->repo_row), repo);
  gtk_editable_set_editable (GTK_EDITABLE (self->repo_row), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->branches_row), joined);
  if (api_url != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->api_row), api_url);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->token_row),
                                 _("API Token (leave empty to keep the saved one)"));
  gtk_widget_grab_focus (GTK_WIDGET (self->branches_row));
  return self;
}
