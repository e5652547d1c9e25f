/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-build-page"

#include "config.h"

#include <glib/gi18n.h>

#include "culprit-build-page.h"
#include "culprit-chart-item.h"
#include "culprit-database.h"
#include "culprit-log-model.h"
#include "culprit-log-view.h"
#include "culprit-pattern-suggest.h"

/* One build: what CircleCI says about it, with links, the patterns that
 * match its log, and the log. The log is decompressed and indexed in a
 * thread (CulpritDatabase), so a 50 MB log opens without a pause. */

#define MAX_MATCH_ROWS 50

struct _CulpritBuildPage
{
  CulpritPage      parent_instance;

  /* template widgets */
  AdwWindowTitle  *window_title;
  GtkWidget       *circleci_button;
  GtkGrid         *details;
  GtkLabel        *matches_title;
  GtkListBox      *matches_list;
  GtkWidget       *no_matches_label;
  GtkStack        *log_stack;
  GtkSpinner      *spinner;
  CulpritLogView  *log_view;
  AdwStatusPage   *no_log_page;

  /* owned references */
  CulpritBuild    *build;
  CulpritBuildLog *log;
  gint64           load_started;
  guint            keep_line;      /* a reload stays at this line */
};

G_DEFINE_FINAL_TYPE (CulpritBuildPage, culprit_build_page, CULPRIT_TYPE_PAGE)


/* "github/ORG/REPO" -> "ORG/REPO", or NULL for another provider */
static const char *
github_slug (CulpritBuild *build)
{
  const char *repo = culprit_build_get_repo (build);

  if (repo != NULL && g_str_has_prefix (repo, "github/"))
    return repo + strlen ("github/");
  return NULL;
}

/**
 * culprit_build_dup_circleci_url:
 *
 * Returns: (transfer full) (nullable): the build on CircleCI, in the
 *   v1.1 style that CircleCI redirects to its current pages
 */
char *
culprit_build_dup_circleci_url (CulpritBuild *build)
{
  const char *slug = github_slug (build);

  if (slug == NULL)
    return NULL;
  return g_strdup_printf ("https://circleci.com/gh/%s/%" G_GINT64_FORMAT, slug,
                          culprit_build_get_build_num (build));
}

/**
 * culprit_build_dup_commit_url:
 *
 * Returns: (transfer full) (nullable): the build's commit on GitHub
 */
char *
culprit_build_dup_commit_url (CulpritBuild *build)
{
  const char *slug = github_slug (build);
  const char *sha = culprit_build_get_vcs_revision (build);

  if (slug == NULL || sha == NULL || sha[0] == '\0')
    return NULL;
  return g_strdup_printf ("https://github.com/%s/commit/%s", slug, sha);
}

static void
add_detail (CulpritBuildPage *self,
            int              *row,
            const char       *name,
            const char       *value,
            gboolean          markup)
{
  GtkWidget *key, *label;

  if (value == NULL || value[0] == '\0')
    return;
  key = gtk_label_new (name);
  gtk_label_set_xalign (GTK_LABEL (key), 1);
  gtk_label_set_yalign (GTK_LABEL (key), 0);
  gtk_widget_add_css_class (key, "dim-label");
  label = gtk_label_new (NULL);
  if (markup)
    gtk_label_set_markup (GTK_LABEL (label), value);
  else
    gtk_label_set_label (GTK_LABEL (label), value);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_grid_attach (self->details, key, 0, *row, 1, 1);
  gtk_grid_attach (self->details, label, 1, *row, 1, 1);
  (*row)++;
}

static char *
format_time (gint64 when)
{
  g_autoptr(GDateTime) dt = NULL;

  if (when <= 0)
    return NULL;
  dt = g_date_time_new_from_unix_local (when);
  return g_date_time_format (dt, _("%Y-%m-%d %H:%M:%S"));
}

static char *
format_duration (gint64 start,
                 gint64 stop)
{
  gint64 seconds = stop - start;

  if (start <= 0 || stop <= 0 || seconds < 0)
    return NULL;
  if (seconds < 60)
    return g_strdup_printf (_("%" G_GINT64_FORMAT " s"), seconds);
  return g_strdup_printf (_("%" G_GINT64_FORMAT " min %02" G_GINT64_FORMAT " s"), seconds / 60, seconds % 60);
}

static void
show_details (CulpritBuildPage *self)
{
  CulpritBuild *b = self->build;
  g_autofree char *title = g_strdup_printf (_("Build %" G_GINT64_FORMAT), culprit_build_get_build_num (b));
  g_autofree char *subtitle = NULL;
  g_autofree char *commit_url = culprit_build_dup_commit_url (b);
  g_autofree char *circleci_url = culprit_build_dup_circleci_url (b);
  g_autofree char *commit = NULL;
  g_autofree char *link = NULL;
  g_autofree char *queued = format_time (culprit_build_get_queued_at (b));
  g_autofree char *duration = format_duration (culprit_build_get_start_time (b),
                                               culprit_build_get_stop_time (b));
  g_autofree char *size = culprit_build_get_log_bytes (b) > 0
                          ? g_format_size (culprit_build_get_log_bytes (b)) : NULL;
  g_autofree char *size_text = NULL;
  const char *sha = culprit_build_get_vcs_revision (b);
  GtkWidget *child;
  int row = 0;

  subtitle = g_strdup_printf ("%s · %s", culprit_build_get_repo (b),
                              culprit_build_get_job (b) ? culprit_build_get_job (b) : "");
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_widget_set_sensitive (self->circleci_button, circleci_url != NULL);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->details))) != NULL)
    gtk_grid_remove (self->details, child);

  add_detail (self, &row, _("Category"), culprit_category_get_label (culprit_build_is_failed (b)
                                                                       ? culprit_build_get_category (b)
                                                                       : CULPRIT_CATEGORY_PASSED),
              FALSE);
  add_detail (self, &row, _("Best match"), culprit_build_get_best_pattern (b), FALSE);
  add_detail (self, &row, _("Branch"), culprit_build_get_branch (b), FALSE);
  add_detail (self, &row, _("Job"), culprit_build_get_job (b), FALSE);
  add_detail (self, &row, _("Workflow"), culprit_build_get_workflow (b), FALSE);
  if (sha != NULL)
    {
      g_autofree char *short_sha = g_strndup (sha, 10);

      if (commit_url != NULL)
        commit = g_markup_printf_escaped ("<a href=\"%s\">%s</a>", commit_url, short_sha);
      else
        commit = g_markup_escape_text (short_sha, -1);
      add_detail (self, &row, _("Commit"), commit, TRUE);
    }
  add_detail (self, &row, _("Queued"), queued, FALSE);
  add_detail (self, &row, _("Duration"), duration, FALSE);
  add_detail (self, &row, _("Outcome"), culprit_build_get_outcome (b), FALSE);
  add_detail (self, &row, _("Failed step"), culprit_build_get_failed_step (b), FALSE);
  if (size != NULL)
    {
      size_text = culprit_build_get_log_truncated (b)
                  ? g_strdup_printf (_("%s (the end of a longer log)"), size) : g_strdup (size);
      add_detail (self, &row, _("Log"), size_text, FALSE);
    }
  if (circleci_url != NULL)
    {
      link = g_markup_printf_escaped ("<a href=\"%s\">%s</a>", circleci_url, _("Open in CircleCI"));
      add_detail (self, &row, _("CircleCI"), link, TRUE);
    }
}

static void
show_matches (CulpritBuildPage *self)
{
  GtkWidget *child;
  guint n = self->log && self->log->matches ? self->log->matches->len : 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->matches_list))) != NULL)
    gtk_list_box_remove (self->matches_list, child);

  for (guint i = 0; i < MIN (n, MAX_MATCH_ROWS); i++)
    {
      CulpritBuildMatch *match = g_ptr_array_index (self->log->matches, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *dot = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
      CulpritChartColor color = culprit_chart_color_for_tags ((const char * const *)match->tags);
      const char *category = color == CULPRIT_CHART_COLOR_FLAKY ? CULPRIT_CATEGORY_FLAKY
                             : color == CULPRIT_CHART_COLOR_KNOWN_PROBLEM ? CULPRIT_CATEGORY_KNOWN_PROBLEM
                             : CULPRIT_CATEGORY_MATCHED;
      g_autofree char *subtitle = NULL;
      g_autofree char *stripped = g_strstrip (g_strdup (match->text));

      /* the row does not use markup: its texts are shown as they are */
      subtitle = g_strdup_printf (_("Line %u: %s"), match->line, stripped);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), match->pattern);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
      gtk_widget_add_css_class (dot, "legend-dot");
      gtk_widget_add_css_class (dot, category);
      gtk_widget_set_valign (dot, GTK_ALIGN_CENTER);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), dot);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data (G_OBJECT (row), "line", GUINT_TO_POINTER (match->line));
      gtk_list_box_append (self->matches_list, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->matches_list), n > 0);
  gtk_widget_set_visible (self->no_matches_label, n == 0 && self->log && self->log->log);
  if (n > MAX_MATCH_ROWS)
    {
      g_autofree char *title = g_strdup_printf (_("Matches (first %u of %u)"), MAX_MATCH_ROWS, n);
      gtk_label_set_label (self->matches_title, title);
    }
  else
    gtk_label_set_label (self->matches_title, _("Matches"));
}

static void
on_match_activated (CulpritBuildPage *self,
                    GtkListBoxRow    *row)
{
  guint line = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "line"));

  culprit_log_view_scroll_to_line (self->log_view, line);
  gtk_widget_grab_focus (GTK_WIDGET (self->log_view));
}

static void
on_log_loaded (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(CulpritBuildPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CulpritLogModel) model = NULL;
  CulpritBuildLog *log;

  log = culprit_database_load_build_log_finish (CULPRIT_DATABASE (object), result, &error);
  if (log == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_status_page_set_title (self->no_log_page, _("Cannot Read the Log"));
      adw_status_page_set_description (self->no_log_page, error->message);
      gtk_stack_set_visible_child_name (self->log_stack, "no-log");
      culprit_page_set_loading (CULPRIT_PAGE (self), FALSE);
      return;
    }

  g_clear_pointer (&self->log, culprit_build_log_free);
  self->log = log;
  model = culprit_log_model_new_for_build_log (log);
  g_set_object (&self->build, log->build);
  show_details (self);
  show_matches (self);

  if (model != NULL)
    {
      culprit_log_view_set_model (self->log_view, model);
      gtk_stack_set_visible_child_name (self->log_stack, "log");
      /* a reload stays where the user was; else start at the best
       * match, else at the end, where failures are */
      if (self->keep_line > 0 && self->keep_line <= culprit_log_model_get_n_lines (model))
        culprit_log_view_scroll_to_line (self->log_view, self->keep_line);
      else if (culprit_build_get_best_line (log->build) > 0)
        culprit_log_view_scroll_to_line (self->log_view, culprit_build_get_best_line (log->build));
      else if (culprit_log_model_get_n_highlighted (model) > 0)
        culprit_log_view_scroll_to_line (self->log_view,
                                         culprit_log_model_get_highlighted_line (model, 0));
      else
        culprit_log_view_scroll_to_line (self->log_view, culprit_log_model_get_n_lines (model));
    }
  else
    {
      const char *state = culprit_build_get_state (log->build);

      adw_status_page_set_title (self->no_log_page, _("No Log"));
      if (g_strcmp0 (state, CULPRIT_BUILD_STATE_TIMEOUT) == 0)
        adw_status_page_set_description (self->no_log_page, _("The failed step timed out; CircleCI kept no log of it."));
      else if (!culprit_build_is_failed (log->build))
        adw_status_page_set_description (self->no_log_page, _("Logs are fetched for failed builds only."));
      else
        adw_status_page_set_description (self->no_log_page,
                                         log->log_error ? log->log_error->message : NULL);
      gtk_stack_set_visible_child_name (self->log_stack, "no-log");
    }

  g_debug ("Opened the log of build %" G_GINT64_FORMAT " in %.3f s",
           culprit_build_get_build_num (log->build),
           (g_get_monotonic_time () - self->load_started) / 1e6);
  culprit_page_set_loading (CULPRIT_PAGE (self), FALSE);
}

static void
on_open_circleci (CulpritBuildPage *self)
{
  g_autofree char *url = NULL;

  if (self->build == NULL || (url = culprit_build_dup_circleci_url (self->build)) == NULL)
    return;
  gtk_show_uri (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), url, GDK_CURRENT_TIME);
}

static void
on_create_pattern (CulpritBuildPage *self,
                   const char       *line,
                   guint             number,
                   CulpritLogView   *view)
{
  if (self->build != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.pattern-from-line", "(sx)", line,
                                culprit_build_get_id (self->build));
}

/* A scan, a new mark or a saved pattern may change what explains the
 * build shown: read it again, and stay at the same line. */
static void
culprit_build_page_reload (CulpritPage *page)
{
  CulpritBuildPage *self = CULPRIT_BUILD_PAGE (page);
  GCancellable *cancellable;

  if (self->build == NULL)
    return;
  if (self->log != NULL)
    self->keep_line = culprit_log_view_get_current_line (self->log_view);
  cancellable = culprit_page_begin_load (page);
  self->load_started = g_get_monotonic_time ();
  culprit_database_load_build_log_async (culprit_page_get_database (page), culprit_build_get_id (self->build),
                                         cancellable, on_log_loaded, g_object_ref (self));
}

static void
culprit_build_page_dispose (GObject *object)
{
  CulpritBuildPage *self = (CulpritBuildPage *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), CULPRIT_TYPE_BUILD_PAGE);
  g_clear_pointer (&self->log, culprit_build_log_free);
  g_clear_object (&self->build);

  G_OBJECT_CLASS (culprit_build_page_parent_class)->dispose (object);
}

static void
culprit_build_page_class_init (CulpritBuildPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = culprit_build_page_dispose;
  CULPRIT_PAGE_CLASS (klass)->reload = culprit_build_page_reload;


  g_type_ensure (CULPRIT_TYPE_LOG_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/culprit/Culprit/culprit-build-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CulpritBuildPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, CulpritBuildPage, circleci_button);
  gtk_widget_class_bind_template_child (widget_class, CulpritBuildPage, details);
  gtk_widget_class_bind_template_child (widget_class, CulpritBuildPage, matches_title);
  gtk_widget_class_bind_template_child (widget_class, CulpritBuildPage, matches_list);
  gtk_widget_class_bind_template_child (widget_class, CulpritBuildPage, no_matches_label);
  gtk_widget_class_bind_template_child (widget_class, CulpritBuildPage, log_stack);
  gtk_widget_class_bind_template_child (widget_class, CulpritBuildPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, CulpritBuildPage, log_view);
  gtk_widget_class_bind_template_child (widget_class, CulpritBuildPage, no_log_page);
  gtk_widget_class_bind_template_callback (widget_class, on_match_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_open_circleci);
  gtk_widget_class_bind_template_callback (widget_class, on_create_pattern);

}

static void
culprit_build_page_init (CulpritBuildPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_object_bind_property (self, "loading", self->spinner, "spinning", G_BINDING_SYNC_CREATE);
}

/**
 * culprit_build_page_set_build:
 *
 * Shows @build at once, and its log and matches when they are loaded.
 */
void
culprit_build_page_set_build (CulpritBuildPage *self,
                              CulpritDatabase  *database,
                              CulpritBuild     *build)
{
  g_return_if_fail (CULPRIT_IS_BUILD_PAGE (self));
  g_return_if_fail (CULPRIT_IS_DATABASE (database));
  g_return_if_fail (CULPRIT_IS_BUILD (build));

  g_set_object (&self->build, build);
  self->keep_line = 0;
  g_clear_pointer (&self->log, culprit_build_log_free);
  culprit_log_view_set_model (self->log_view, NULL);
  show_details (self);
  show_matches (self);
  gtk_widget_set_visible (self->no_matches_label, FALSE);
  gtk_stack_set_visible_child_name (self->log_stack, "loading");
  /* a new database loads the page itself (now, or when it is shown) */
  if (culprit_page_get_database (CULPRIT_PAGE (self)) != database)
    culprit_page_set_database (CULPRIT_PAGE (self), database);
  else
    culprit_page_reload (CULPRIT_PAGE (self));
}

CulpritBuild *
culprit_build_page_get_build (CulpritBuildPage *self)
{
  g_return_val_if_fail (CULPRIT_IS_BUILD_PAGE (self), NULL);
  return self->build;
}

CulpritLogView *
culprit_build_page_get_log_view (CulpritBuildPage *self)
{
  g_return_val_if_fail (CULPRIT_IS_BUILD_PAGE (self), NULL);
  return self->log_view;
}

guint
culprit_build_page_get_n_matches (CulpritBuildPage *self)
{
  g_return_val_if_fail (CULPRIT_IS_BUILD_PAGE (self), 0);
  return self->log && self->log->matches ? self->log->matches->len : 0;
}
