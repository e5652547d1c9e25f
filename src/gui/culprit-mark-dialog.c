/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-mark-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "culprit-mark-dialog.h"

/* "Mark as Known Problem": which failures (this build, every failed job
 * of its commit, or its job back to an older commit of the branch), a
 * note and an optional issue link. The page that opens it does the
 * marking on the "mark" response. */

struct _CulpritMarkDialog
{
  AdwMessageDialog  parent_instance;

  /* template widgets */
  AdwComboRow      *scope_row;
  AdwComboRow      *range_row;
  AdwEntryRow      *note_row;
  AdwEntryRow      *link_row;

  /* owned references */
  CulpritBuild     *build;
  GStrv             older_commits;   /* this commit first, then older ones */
};

G_DEFINE_FINAL_TYPE (CulpritMarkDialog, culprit_mark_dialog, ADW_TYPE_MESSAGE_DIALOG)

/**
 * culprit_issue_url_is_valid:
 * @text: what the user typed
 *
 * Returns: whether @text is empty (no link) or looks like a web address:
 *   http or https, a host, no spaces
 */
gboolean
culprit_issue_url_is_valid (const char *text)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (text == NULL || text[0] == '\0')
    return TRUE;
  /* GUri lets spaces through; an address has none */
  for (const char *p = text; *p; p++)
    if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p))
      return FALSE;
  uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return FALSE;
  scheme = g_uri_get_scheme (uri);
  return (g_ascii_strcasecmp (scheme, "https") == 0 || g_ascii_strcasecmp (scheme, "http") == 0) &&
         g_uri_get_host (uri) != NULL && g_uri_get_host (uri)[0] != '\0';
}

static void
on_link_changed (CulpritMarkDialog *self)
{
  gboolean valid = culprit_issue_url_is_valid (gtk_editable_get_text (GTK_EDITABLE (self->link_row)));

  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (self->link_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->link_row), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->link_row),
                               valid ? NULL : _("Enter a web address, such as https://example.com/issues/42"));
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "mark", valid);
}

static void
on_scope_changed (CulpritMarkDialog *self)
{
  gboolean range = culprit_mark_dialog_get_scope (self) == CULPRIT_MARK_SCOPE_JOB_RANGE;
  g_autofree char *heading = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->range_row), range);
  if (self->build == NULL)
    return;
  switch (culprit_mark_dialog_get_scope (self))
    {
    case CULPRIT_MARK_SCOPE_COMMIT:
      heading = g_strdup_printf (_("Mark Commit %.8s as a Known Problem?"),
                                 culprit_build_get_vcs_revision (self->build));
      break;
    case CULPRIT_MARK_SCOPE_JOB_RANGE:
      heading = g_strdup_printf (_("Mark Job “%s” as a Known Problem?"),
                                 culprit_build_get_job (self->build));
      break;
    case CULPRIT_MARK_SCOPE_BUILD:
    default:
      {
        /* xgettext cuts a msgid at G_GINT64_FORMAT: the number goes in as a string */
        g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                   culprit_build_get_build_num (self->build));

        heading = g_strdup_printf (_("Mark Build %s as a Known Problem?"), number);
      }
      break;
    }
  adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), heading);
}

static void
culprit_mark_dialog_dispose (GObject *object)
{
  CulpritMarkDialog *self = (CulpritMarkDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), CULPRIT_TYPE_MARK_DIALOG);
  g_clear_object (&self->build);
  g_clear_pointer (&self->older_commits, g_strfreev);

  G_OBJECT_CLASS (culprit_mark_dialog_parent_class)->dispose (object);
}

static void
culprit_mark_dialog_class_init (CulpritMarkDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = culprit_mark_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/culprit/Culprit/culprit-mark-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CulpritMarkDialog, scope_row);
  gtk_widget_class_bind_template_child (widget_class, CulpritMarkDialog, range_row);
  gtk_widget_class_bind_template_child (widget_class, CulpritMarkDialog, note_row);
  gtk_widget_class_bind_template_child (widget_class, CulpritMarkDialog, link_row);
  gtk_widget_class_bind_template_callback (widget_class, on_scope_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_link_changed);
}

static void
culprit_mark_dialog_init (CulpritMarkDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * culprit_mark_dialog_new:
 * @build: a failed build
 * @scope: what to offer to mark first
 * @older_commits: (nullable): the commits of the build's branch from the
 *   build's own back to the oldest shown, for the range's other end
 */
CulpritMarkDialog *
culprit_mark_dialog_new (GtkWindow          *parent,
                         CulpritBuild       *build,
                         CulpritMarkScope    scope,
                         const char * const *older_commits)
{
  CulpritMarkDialog *self;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  g_return_val_if_fail (CULPRIT_IS_BUILD (build), NULL);

  self = g_object_new (CULPRIT_TYPE_MARK_DIALOG, "transient-for", parent, NULL);
  self->build = g_object_ref (build);
  self->older_commits = older_commits ? g_strdupv ((char **)older_commits) : g_new0 (char *, 1);
  if (self->older_commits[0] == NULL && culprit_build_get_vcs_revision (build) != NULL)
    {
      g_strfreev (self->older_commits);
      self->older_commits = g_new0 (char *, 2);
      self->older_commits[0] = g_strdup (culprit_build_get_vcs_revision (build));
    }
  for (guint i = 0; self->older_commits[i]; i++)
    {
      g_autofree char *label = NULL;

      if (i == 0)
        label = g_strdup_printf (_("%.8s (this commit)"), self->older_commits[i]);
      else
        label = g_strdup_printf ("%.8s", self->older_commits[i]);
      gtk_string_list_append (labels, label);
    }
  adw_combo_row_set_model (self->range_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->range_row, 0);

  /* no commit, no commit-wide scopes */
  if (culprit_build_get_vcs_revision (build) == NULL || culprit_build_get_job (build) == NULL)
    {
      scope = CULPRIT_MARK_SCOPE_BUILD;
      gtk_widget_set_sensitive (GTK_WIDGET (self->scope_row), FALSE);
    }
  culprit_mark_dialog_set_scope (self, scope);
  on_scope_changed (self);
  return self;
}

CulpritBuild *
culprit_mark_dialog_get_build (CulpritMarkDialog *self)
{
  g_return_val_if_fail (CULPRIT_IS_MARK_DIALOG (self), NULL);
  return self->build;
}

CulpritMarkScope
culprit_mark_dialog_get_scope (CulpritMarkDialog *self)
{
  g_return_val_if_fail (CULPRIT_IS_MARK_DIALOG (self), CULPRIT_MARK_SCOPE_BUILD);
  return (CulpritMarkScope)adw_combo_row_get_selected (self->scope_row);
}

void
culprit_mark_dialog_set_scope (CulpritMarkDialog *self,
                               CulpritMarkScope   scope)
{
  g_return_if_fail (CULPRIT_IS_MARK_DIALOG (self));
  g_return_if_fail (scope <= CULPRIT_MARK_SCOPE_JOB_RANGE);
  adw_combo_row_set_selected (self->scope_row, scope);
}

/**
 * culprit_mark_dialog_get_last_revision:
 *
 * Returns: the other end of the range: a commit at or before the build's
 */
const char *
culprit_mark_dialog_get_last_revision (CulpritMarkDialog *self)
{
  guint selected;

  g_return_val_if_fail (CULPRIT_IS_MARK_DIALOG (self), NULL);

  selected = adw_combo_row_get_selected (self->range_row);
  if (selected >= g_strv_length (self->older_commits))
    return culprit_build_get_vcs_revision (self->build);
  return self->older_commits[selected];
}

void
culprit_mark_dialog_set_last_revision (CulpritMarkDialog *self,
                                       const char        *revision)
{
  g_return_if_fail (CULPRIT_IS_MARK_DIALOG (self));

  for (guint i = 0; self->older_commits[i]; i++)
    if (g_strcmp0 (self->older_commits[i], revision) == 0)
      adw_combo_row_set_selected (self->range_row, i);
}

const char *
culprit_mark_dialog_get_note (CulpritMarkDialog *self)
{
  g_return_val_if_fail (CULPRIT_IS_MARK_DIALOG (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->note_row));
}

void
culprit_mark_dialog_set_note (CulpritMarkDialog *self,
                              const char        *note)
{
  g_return_if_fail (CULPRIT_IS_MARK_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->note_row), note ? note : "");
}

/**
 * culprit_mark_dialog_get_issue_url:
 *
 * Returns: (nullable): the issue link, %NULL when there is none
 */
const char *
culprit_mark_dialog_get_issue_url (CulpritMarkDialog *self)
{
  const char *text;

  g_return_val_if_fail (CULPRIT_IS_MARK_DIALOG (self), NULL);

  text = gtk_editable_get_text (GTK_EDITABLE (self->link_row));
  return text[0] != '\0' ? text : NULL;
}

void
culprit_mark_dialog_set_issue_url (CulpritMarkDialog *self,
                                   const char        *issue_url)
{
  g_return_if_fail (CULPRIT_IS_MARK_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->link_row), issue_url ? issue_url : "");
}
