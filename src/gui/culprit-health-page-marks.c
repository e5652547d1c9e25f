/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-health-page"

#include "config.h"

#include <glib/gi18n.h>

#include "culprit-database.h"
#include "culprit-health-grid.h"
#include "culprit-health-page-private.h"
#include "culprit-mark-dialog.h"

/* The health page's context menu on a build and what it does: mark
 * failures as known problems (this build, every failed job of its commit,
 * or its job across a range of commits) through CulpritMarkDialog, and
 * remove a mark, with an undo toast. */

/* Marking failures as known problems */

typedef struct
{
  CulpritMarkScope  scope;
  gboolean          remove;
  gint64            build_id;
  char             *repo;
  char             *branch;
  char             *job;
  char             *revision;
  char             *last_revision;
  char             *kind;
  char             *note;
  char             *issue_url;
  char             *author;
  guint             n_marked;
} Mark;

static void
mark_free (Mark *mark)
{
  g_free (mark->repo);
  g_free (mark->branch);
  g_free (mark->job);
  g_free (mark->revision);
  g_free (mark->last_revision);
  g_free (mark->kind);
  g_free (mark->note);
  g_free (mark->issue_url);
  g_free (mark->author);
  g_free (mark);
}

static Mark *
mark_new (CulpritBuild     *build,
          CulpritMarkScope  scope,
          const char       *note,
          const char       *issue_url)
{
  Mark *mark = g_new0 (Mark, 1);

  mark->scope = scope;
  mark->build_id = culprit_build_get_id (build);
  mark->repo = g_strdup (culprit_build_get_repo (build));
  mark->branch = g_strdup (culprit_build_get_branch (build));
  mark->job = g_strdup (culprit_build_get_job (build));
  mark->revision = g_strdup (culprit_build_get_vcs_revision (build));
  mark->kind = g_strdup (CULPRIT_CATEGORY_KNOWN_PROBLEM);
  mark->note = g_strdup (note ? note : "");
  mark->issue_url = issue_url && issue_url[0] ? g_strdup (issue_url) : NULL;
  mark->author = g_strdup (g_get_real_name ());
  return mark;
}

static void run_mark (CulpritHealthPage *self,
                      Mark              *mark,
                      Mark              *undo);

static void
on_undo_clicked (AdwToast          *toast,
                 CulpritHealthPage *self)
{
  Mark *undo = g_object_steal_data (G_OBJECT (toast), "undo");

  if (undo != NULL)
    run_mark (self, undo, NULL);
}

typedef struct
{
  CulpritHealthPage *self;
  Mark              *mark;   /* owned */
  Mark              *undo;   /* owned, nullable */
} MarkRun;

static void
on_marked (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  MarkRun *run = user_data;
  g_autoptr(CulpritHealthPage) self = run->self;
  g_autoptr(GError) error = NULL;
  AdwToast *toast = NULL;

  if (!culprit_database_mark_finish (CULPRIT_DATABASE (object), result, &run->mark->n_marked,
                                     &error))
    {
      culprit_page_show_error (CULPRIT_PAGE (self), _("Could not save the mark"), error);
      g_clear_pointer (&run->undo, mark_free);
      mark_free (run->mark);
      g_free (run);
      return;
    }

  if (run->undo != NULL)
    {
      toast = adw_toast_new (_("Mark removed"));
      adw_toast_set_button_label (toast, _("_Undo"));
      g_object_set_data_full (G_OBJECT (toast), "undo", g_steal_pointer (&run->undo),
                              (GDestroyNotify)mark_free);
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo_clicked), self, 0);
    }
  else if (!run->mark->remove && run->mark->scope != CULPRIT_MARK_SCOPE_BUILD)
    {
      g_autofree char *title = NULL;

      if (run->mark->n_marked == 0)
        title = g_strdup (_("No failed builds to mark"));
      else
        title = g_strdup_printf (ngettext ("%u failed build marked as a known problem",
                                           "%u failed builds marked as known problems",
                                           run->mark->n_marked), run->mark->n_marked);
      toast = adw_toast_new (title);
    }
  if (toast != NULL)
    culprit_page_add_toast (CULPRIT_PAGE (self), toast);
  mark_free (run->mark);
  g_free (run);
  culprit_database_emit_changed (culprit_page_get_database (CULPRIT_PAGE (self)));
}

/* takes MARK and UNDO */
static void
run_mark (CulpritHealthPage *self,
          Mark              *mark,
          Mark              *undo)
{
  MarkRun *run = g_new0 (MarkRun, 1);
  CulpritMarkRequest request = { 0 };

  g_assert (CULPRIT_IS_HEALTH_PAGE (self));

  if (culprit_page_get_database (CULPRIT_PAGE (self)) == NULL)
    {
      mark_free (mark);
      g_clear_pointer (&undo, mark_free);
      g_free (run);
      return;
    }
  run->self = g_object_ref (self);
  run->mark = mark;
  run->undo = undo;
  request.action = mark->remove ? CULPRIT_MARK_REMOVE
                   : mark->scope == CULPRIT_MARK_SCOPE_COMMIT ? CULPRIT_MARK_COMMIT
                   : mark->scope == CULPRIT_MARK_SCOPE_JOB_RANGE ? CULPRIT_MARK_JOB_RANGE
                   : CULPRIT_MARK_BUILD;
  request.build_id = mark->build_id;
  request.repo = mark->repo;
  request.branch = mark->branch;
  request.job = mark->job;
  request.revision = mark->revision;
  request.last_revision = mark->last_revision;
  request.kind = mark->kind;
  request.note = mark->note;
  request.issue_url = mark->issue_url;
  request.author = mark->author;
  culprit_database_mark_async (culprit_page_get_database (CULPRIT_PAGE (self)), &request, NULL, on_marked, run);
}

/**
 * culprit_health_page_mark:
 * @build: a build shown on the page
 * @scope: this build, every failed build of its commit, or its job on its
 *   branch from its commit to @last_revision
 * @last_revision: (nullable): the range's other end, for
 *   %CULPRIT_MARK_SCOPE_JOB_RANGE
 * @note: (nullable): why the failures are a known problem
 * @issue_url: (nullable): the issue that tracks it
 *
 * Marks failures as a known problem; the page reloads.
 */
void
culprit_health_page_mark (CulpritHealthPage *self,
                          CulpritBuild      *build,
                          CulpritMarkScope   scope,
                          const char        *last_revision,
                          const char        *note,
                          const char        *issue_url)
{
  Mark *mark;

  g_return_if_fail (CULPRIT_IS_HEALTH_PAGE (self));
  g_return_if_fail (CULPRIT_IS_BUILD (build));
  g_return_if_fail (scope == CULPRIT_MARK_SCOPE_BUILD ||
                    (culprit_build_get_vcs_revision (build) != NULL && culprit_build_get_job (build) != NULL));

  mark = mark_new (build, scope, note, issue_url);
  mark->last_revision = g_strdup (last_revision ? last_revision : mark->revision);
  run_mark (self, mark, NULL);
}

/**
 * culprit_health_page_annotate:
 * @note: (nullable): why the failure is a known problem; %NULL removes
 *   the mark
 *
 * Marks a build as a known problem (or unmarks it); the page reloads.
 */
void
culprit_health_page_annotate (CulpritHealthPage *self,
                              CulpritBuild      *build,
                              const char        *note)
{
  Mark *mark;

  g_return_if_fail (CULPRIT_IS_HEALTH_PAGE (self));
  g_return_if_fail (CULPRIT_IS_BUILD (build));

  mark = mark_new (build, CULPRIT_MARK_SCOPE_BUILD, note, NULL);
  mark->remove = note == NULL;
  run_mark (self, mark, NULL);
}

/* The cell of a build shown on the page, by id */
static CulpritBuild *
find_build (CulpritHealthPage *self,
            gint64             id,
            guint             *row_out,
            guint             *column_out)
{
  guint rows = culprit_health_grid_get_n_rows (self->grid);
  guint columns = culprit_health_grid_get_n_columns (self->grid);

  for (guint r = 0; r < rows; r++)
    for (guint c = 0; c < columns; c++)
      {
        CulpritBuild *b = culprit_health_grid_get_build (self->grid, r, c);

        if (b != NULL && culprit_build_get_id (b) == id)
          {
            if (row_out)
              *row_out = r;
            if (column_out)
              *column_out = c;
            return b;
          }
      }
  return NULL;
}

static void
on_mark_response (CulpritMarkDialog *dialog,
                  const char        *response,
                  CulpritHealthPage *self)
{
  if (!g_str_equal (response, "mark"))
    return;
  culprit_health_page_mark (self, culprit_mark_dialog_get_build (dialog),
                            culprit_mark_dialog_get_scope (dialog),
                            culprit_mark_dialog_get_last_revision (dialog),
                            culprit_mark_dialog_get_note (dialog),
                            culprit_mark_dialog_get_issue_url (dialog));
}

static void
open_mark_dialog (CulpritHealthPage *self,
                  CulpritBuild      *build,
                  guint              row,
                  guint              column,
                  CulpritMarkScope   scope)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  const CulpritAnnotation *annotation = culprit_health_grid_get_annotation (self->grid, row, column);
  g_autoptr(GStrvBuilder) older = g_strv_builder_new ();
  g_auto(GStrv) commits = NULL;
  CulpritMarkDialog *dialog;

  /* rows are newest first: this commit, then the older ones */
  for (guint r = row; r < culprit_health_grid_get_n_rows (self->grid); r++)
    g_strv_builder_add (older, culprit_health_grid_get_commit (self->grid, r));
  commits = g_strv_builder_end (older);

  if (self->mark_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->mark_dialog));
  dialog = culprit_mark_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, build, scope,
                                    (const char * const *)commits);
  if (annotation != NULL)
    {
      culprit_mark_dialog_set_note (dialog, annotation->note);
      culprit_mark_dialog_set_issue_url (dialog, annotation->issue_url);
    }
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_mark_response), self, 0);
  self->mark_dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&self->mark_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
remove_mark (CulpritHealthPage *self,
             CulpritBuild      *build,
             guint              row,
             guint              column)
{
  const CulpritAnnotation *annotation = culprit_health_grid_get_annotation (self->grid, row, column);
  Mark *mark, *undo;

  if (annotation == NULL)
    return;
  mark = mark_new (build, CULPRIT_MARK_SCOPE_BUILD, NULL, NULL);
  mark->remove = TRUE;
  undo = mark_new (build, CULPRIT_MARK_SCOPE_BUILD, annotation->note, annotation->issue_url);
  g_free (undo->kind);
  undo->kind = g_strdup (annotation->kind);
  g_free (undo->author);
  undo->author = g_strdup (annotation->author);
  run_mark (self, mark, undo);
}

void
_culprit_health_page_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CulpritHealthPage *self = CULPRIT_HEALTH_PAGE (widget);
  guint row = 0, column = 0;
  CulpritBuild *build = find_build (self, g_variant_get_int64 (parameter), &row, &column);

  if (build == NULL)
    return;
  if (g_str_equal (action_name, "health.mark-build"))
    open_mark_dialog (self, build, row, column, CULPRIT_MARK_SCOPE_BUILD);
  else if (g_str_equal (action_name, "health.mark-commit"))
    open_mark_dialog (self, build, row, column, CULPRIT_MARK_SCOPE_COMMIT);
  else if (g_str_equal (action_name, "health.mark-range"))
    open_mark_dialog (self, build, row, column, CULPRIT_MARK_SCOPE_JOB_RANGE);
  else if (g_str_equal (action_name, "health.remove-mark"))
    remove_mark (self, build, row, column);
  else if (g_str_equal (action_name, "health.open-build"))
    gtk_widget_activate_action (widget, "win.show-build", "x", culprit_build_get_id (build));
}

static void
add_item (GMenu      *menu,
          const char *label,
          const char *action,
          gint64      id)
{
  g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target_value (item, action, g_variant_new_int64 (id));
  g_menu_append_item (menu, item);
}

void
_culprit_health_page_on_build_menu (CulpritHealthPage *self,
               CulpritBuild      *build)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) marks = g_menu_new ();
  g_autoptr(GMenu) open = g_menu_new ();
  gint64 id = culprit_build_get_id (build);
  gboolean has_commit = culprit_build_get_vcs_revision (build) != NULL && culprit_build_get_job (build) != NULL;
  guint row = 0, column = 0;

  if (find_build (self, id, &row, &column) == NULL)
    return;
  if (culprit_build_is_failed (build))
    add_item (marks, _("Mark Build as Known Problem…"), "health.mark-build", id);
  if (has_commit)
    add_item (marks, _("Mark Commit as Known Problem…"), "health.mark-commit", id);
  if (has_commit && culprit_build_is_failed (build))
    add_item (marks, _("Mark Job Across Commits as Known Problem…"), "health.mark-range", id);
  if (culprit_health_grid_get_annotated (self->grid, row, column))
    add_item (marks, _("Remove Mark"), "health.remove-mark", id);
  add_item (open, _("Open Build"), "health.open-build", id);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (marks));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (open));
  culprit_health_grid_popup_menu (self->grid, build, G_MENU_MODEL (menu));
}

/**
 * culprit_health_page_get_mark_dialog:
 *
 * Returns: (nullable) (transfer none): the open "Mark as Known Problem"
 *   dialog
 */
CulpritMarkDialog *
culprit_health_page_get_mark_dialog (CulpritHealthPage *self)
{
  g_return_val_if_fail (CULPRIT_IS_HEALTH_PAGE (self), NULL);
  return self->mark_dialog;
}
