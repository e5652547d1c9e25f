/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-window"

#include "config.h"

#include <glib/gi18n.h>

#include "culprit-application.h"
#include "culprit-pattern-editor.h"
#include "culprit-settings.h"
#include "culprit-window-private.h"

/* One window per database: the overview, builds and patterns pages in a
 * view stack, the build page pushed on a leaflet, an empty state when the
 * store has no builds yet, and the refresh's progress in the header bar.
 * The actions are in culprit-window-actions.c. */

G_DEFINE_FINAL_TYPE (CulpritWindow, culprit_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The view switcher only makes sense when the pages are shown. */
static void
show_main (CulpritWindow *self,
           const char    *name)
{
  gtk_stack_set_visible_child_name (self->main_stack, name);
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, g_str_equal (name, "pages"));
}

static void
on_summary_loaded (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CulpritWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  CulpritDatabaseSummary *summary;

  summary = culprit_database_load_summary_finish (CULPRIT_DATABASE (object), result, &error);
  if (summary == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_status_page_set_description (self->error_page, error->message);
      show_main (self, "error");
      _culprit_window_update_actions (self);
      return;
    }

  g_clear_pointer (&self->summary, culprit_database_summary_free);
  self->summary = summary;

  if (summary->n_builds == 0 && !culprit_refresh_get_running (self->refresh))
    show_main (self, "empty");
  else
    show_main (self, "pages");
  _culprit_window_update_actions (self);
}

/* Reads the summary again: is the store empty, what does it track. */
void
_culprit_window_reload (CulpritWindow *self)
{
  culprit_database_load_summary_async (self->database, self->cancellable, on_summary_loaded,
                                       g_object_ref (self));
}

static void
on_database_changed (CulpritWindow *self)
{
  _culprit_window_reload (self);
}

static void
on_refresh_notify (CulpritWindow *self)
{
  gboolean running = culprit_refresh_get_running (self->refresh);
  double fraction = culprit_refresh_get_fraction (self->refresh);
  const char *text = culprit_refresh_get_message (self->refresh);

  gtk_widget_set_visible (self->refresh_box, running);
  gtk_widget_set_visible (self->refresh_button, !running);
  gtk_widget_set_visible (GTK_WIDGET (self->refresh_progress), running);
  gtk_label_set_label (self->refresh_label, text ? text : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->refresh_label), text);   /* when it is cut */
  if (fraction < 0)
    gtk_progress_bar_pulse (self->refresh_progress);
  else
    gtk_progress_bar_set_fraction (self->refresh_progress, fraction);
  if (running && g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "empty") == 0)
    show_main (self, "pages");
  _culprit_window_update_actions (self);
}

static void
on_view_changed (CulpritWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);

  if (name != NULL)
    culprit_settings_set_string (culprit_settings_get_default (), "last-view", name);
}

static void
on_leaflet_child_changed (CulpritWindow *self)
{
  _culprit_window_update_actions (self);
}

/* The builds behind a number of the overview: its failed builds of the
 * same branch, job and dates, of @job (else the overview's) and, where
 * given, of one pattern. */
static void
show_overview_builds (CulpritWindow            *self,
                      const CulpritBuildFilter *filter,
                      gint64                    pattern_id,
                      const char               *pattern_name,
                      const char               *job,
                      const char               *period)
{
  culprit_filter_freeze (self->filter);
  culprit_filter_set_search (self->filter, NULL);
  culprit_filter_set_category (self->filter, "failed");
  culprit_filter_set_job (self->filter, job ? job : filter->job);
  culprit_filter_set_branch (self->filter, filter->branch);
  culprit_filter_set_pattern (self->filter, pattern_id, pattern_name);
  culprit_filter_set_period (self->filter, filter->since, filter->until, period);
  culprit_filter_thaw (self->filter);
  culprit_window_show_view (self, "builds");
}

static void
on_pattern_activated (CulpritWindow       *self,
                      gint64               pattern_id,
                      const char          *name,
                      CulpritOverviewPage *page)
{
  culprit_window_show_builds_for_pattern (self, pattern_id, name);
}

static void
on_job_activated (CulpritWindow       *self,
                  const char          *job,
                  CulpritOverviewPage *page)
{
  CulpritBuildFilter filter;
  g_autofree char *period = culprit_overview_page_dup_range_name (self->overview_page);

  culprit_overview_page_get_filter (self->overview_page, &filter);
  show_overview_builds (self, &filter, 0, NULL, job, period);
}

static void
on_week_activated (CulpritWindow       *self,
                   gint64               monday,
                   const char          *label,
                   CulpritOverviewPage *page)
{
  culprit_window_show_builds_for_week (self, monday, label);
}

static void
on_build_activated (CulpritWindow     *self,
                    CulpritBuild      *build,
                    CulpritBuildsPage *page)
{
  culprit_window_show_build (self, build);
}

static gboolean
culprit_window_close_request (GtkWindow *window)
{
  CulpritWindow *self = CULPRIT_WINDOW (window);
  CulpritSettings *settings = culprit_settings_get_default ();
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  culprit_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));
  if (!gtk_window_is_maximized (window) && width > 0 && height > 0)
    {
      culprit_settings_set_int (settings, "window-width", width);
      culprit_settings_set_int (settings, "window-height", height);
    }
  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (culprit_window_parent_class)->close_request (window);
}

static void
culprit_window_constructed (GObject *object)
{
  CulpritWindow *self = (CulpritWindow *)object;

  G_OBJECT_CLASS (culprit_window_parent_class)->constructed (object);

  self->database = culprit_database_new (self->path);
  self->refresh = culprit_refresh_new (culprit_database_get_path (self->database));
  g_signal_connect_object (self->database, "changed", G_CALLBACK (on_database_changed), self,
                           G_CONNECT_SWAPPED);
  /* not the counts: each of their changes would pulse the bar */
  g_signal_connect_object (self->refresh, "notify::running", G_CALLBACK (on_refresh_notify), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->refresh, "notify::fraction", G_CALLBACK (on_refresh_notify), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->refresh, "notify::message", G_CALLBACK (on_refresh_notify), self,
                           G_CONNECT_SWAPPED);

  {
    g_autofree char *name = g_path_get_basename (self->path);
    /* Translators: the window's title: a database's file name, then the app's */
    g_autofree char *title = g_strdup_printf (_("%s — Culprit"), name);

    gtk_window_set_title (GTK_WINDOW (self), title);
    adw_view_switcher_title_set_subtitle (self->switcher_title, self->path);
  }

  culprit_page_set_database (CULPRIT_PAGE (self->overview_page), self->database);
  culprit_page_set_database (CULPRIT_PAGE (self->builds_page), self->database);
  culprit_page_set_database (CULPRIT_PAGE (self->patterns_page), self->database);
  culprit_page_set_database (CULPRIT_PAGE (self->health_page), self->database);
  _culprit_window_reload (self);
}

static void
culprit_window_dispose (GObject *object)
{
  CulpritWindow *self = (CulpritWindow *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CULPRIT_TYPE_WINDOW);
  g_clear_object (&self->refresh);
  g_clear_object (&self->database);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->filter);
  g_clear_pointer (&self->summary, culprit_database_summary_free);

  G_OBJECT_CLASS (culprit_window_parent_class)->dispose (object);
}

static void
culprit_window_finalize (GObject *object)
{
  CulpritWindow *self = (CulpritWindow *)object;

  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (culprit_window_parent_class)->finalize (object);
}

static void
culprit_window_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CulpritWindow *self = CULPRIT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PATH: g_value_set_string (value, self->path); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
culprit_window_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CulpritWindow *self = CULPRIT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PATH: self->path = g_value_dup_string (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
culprit_window_class_init (CulpritWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = culprit_window_constructed;
  object_class->dispose = culprit_window_dispose;
  object_class->finalize = culprit_window_finalize;
  object_class->get_property = culprit_window_get_property;
  object_class->set_property = culprit_window_set_property;
  window_class->close_request = culprit_window_close_request;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CULPRIT_TYPE_OVERVIEW_PAGE);
  g_type_ensure (CULPRIT_TYPE_BUILDS_PAGE);
  g_type_ensure (CULPRIT_TYPE_PATTERNS_PAGE);
  g_type_ensure (CULPRIT_TYPE_HEALTH_PAGE);
  g_type_ensure (CULPRIT_TYPE_BUILD_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/culprit/Culprit/culprit-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CulpritWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CulpritWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CulpritWindow, main_box);
  gtk_widget_class_bind_template_child (widget_class, CulpritWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, CulpritWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, CulpritWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, CulpritWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, CulpritWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, CulpritWindow, overview_page);
  gtk_widget_class_bind_template_child (widget_class, CulpritWindow, builds_page);
  gtk_widget_class_bind_template_child (widget_class, CulpritWindow, patterns_page);
  gtk_widget_class_bind_template_child (widget_class, CulpritWindow, health_page);
  gtk_widget_class_bind_template_child (widget_class, CulpritWindow, build_page);
  gtk_widget_class_bind_template_child (widget_class, CulpritWindow, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, CulpritWindow, refresh_box);
  gtk_widget_class_bind_template_child (widget_class, CulpritWindow, refresh_label);
  gtk_widget_class_bind_template_child (widget_class, CulpritWindow, refresh_progress);
  gtk_widget_class_bind_template_callback (widget_class, on_view_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_leaflet_child_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_pattern_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_job_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_week_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_build_activated);

  _culprit_window_class_actions_init (widget_class);
}

static void
culprit_window_init (CulpritWindow *self)
{
  CulpritSettings *settings = culprit_settings_get_default ();
  g_autofree char *view = culprit_settings_dup_string (settings, "last-view");

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->filter = culprit_filter_new ();
  culprit_filter_set_category (self->filter, "failed");
  culprit_builds_page_set_filter (self->builds_page, self->filter);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               culprit_settings_get_int (settings, "window-width"),
                               culprit_settings_get_int (settings, "window-height"));
  if (culprit_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  if (view != NULL && adw_view_stack_get_child_by_name (self->view_stack, view) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, view);

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

CulpritWindow *
culprit_window_new (CulpritApplication *app,
                    const char         *database_path)
{
  g_autofree char *default_path = NULL;

  if (database_path == NULL)
    database_path = default_path = culprit_store_get_default_path ();

  return g_object_new (CULPRIT_TYPE_WINDOW,
                       "application", app,
                       "path", database_path,
                       NULL);
}

const char *
culprit_window_get_path (CulpritWindow *self)
{
  g_return_val_if_fail (CULPRIT_IS_WINDOW (self), NULL);
  return self->path;
}

CulpritDatabase *
culprit_window_get_database (CulpritWindow *self)
{
  g_return_val_if_fail (CULPRIT_IS_WINDOW (self), NULL);
  return self->database;
}

/**
 * culprit_window_show_view:
 * @name: `overview`, `builds`, `patterns` or `health`
 */
void
culprit_window_show_view (CulpritWindow *self,
                          const char    *name)
{
  g_return_if_fail (CULPRIT_IS_WINDOW (self));

  if (adw_view_stack_get_child_by_name (self->view_stack, name) == NULL)
    return;
  adw_leaflet_set_visible_child_name (self->leaflet, "main");
  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

void
culprit_window_show_build (CulpritWindow *self,
                           CulpritBuild  *build)
{
  g_return_if_fail (CULPRIT_IS_WINDOW (self));
  g_return_if_fail (CULPRIT_IS_BUILD (build));

  culprit_build_page_set_build (self->build_page, self->database, build);
  adw_leaflet_set_visible_child_name (self->leaflet, "build");
}

void
culprit_window_show_builds_for_pattern (CulpritWindow *self,
                                        gint64         pattern_id,
                                        const char    *name)
{
  CulpritBuildFilter filter;
  g_autofree char *period = NULL;

  g_return_if_fail (CULPRIT_IS_WINDOW (self));

  culprit_overview_page_get_filter (self->overview_page, &filter);
  period = culprit_overview_page_dup_range_name (self->overview_page);
  show_overview_builds (self, &filter, pattern_id, name, NULL, period);
}

/**
 * culprit_window_show_builds_for_week:
 * @monday: the week's Monday, 00:00 UTC, in unix seconds
 * @label: (nullable): the week's label, for the filter's chip
 *
 * Shows the failed builds queued in a week (of the overview's job).
 */
void
culprit_window_show_builds_for_week (CulpritWindow *self,
                                     gint64         monday,
                                     const char    *label)
{
  CulpritBuildFilter filter;
  g_autofree char *period = NULL;

  g_return_if_fail (CULPRIT_IS_WINDOW (self));

  culprit_overview_page_get_filter (self->overview_page, &filter);
  /* the overview counts the week's builds within its range only */
  filter.since = MAX (filter.since, monday);
  filter.until = monday + 7 * 86400;
  period = g_strdup_printf (_("Week of %s"), label ? label : "");
  show_overview_builds (self, &filter, 0, NULL, NULL, period);
}

/**
 * culprit_window_show_builds_for_category:
 * @category: (nullable): a category, "failed" or %NULL for every build
 * @job: (nullable): a job, or %NULL for every job
 */
void
culprit_window_show_builds_for_category (CulpritWindow *self,
                                         const char    *category,
                                         const char    *job)
{
  g_return_if_fail (CULPRIT_IS_WINDOW (self));

  culprit_filter_freeze (self->filter);
  culprit_filter_set_search (self->filter, NULL);
  culprit_filter_set_pattern (self->filter, 0, NULL);
  culprit_filter_set_category (self->filter, category);
  culprit_filter_set_job (self->filter, job);
  culprit_filter_set_branch (self->filter, NULL);
  culprit_filter_set_period (self->filter, 0, 0, NULL);
  culprit_filter_thaw (self->filter);
  culprit_window_show_view (self, "builds");
}

/**
 * culprit_window_edit_pattern:
 * @pattern: (nullable): the pattern to edit, one with id 0 to prefill a
 *   new one, or %NULL for an empty new one
 * @sample_build_id: the build whose log to preview on, or 0
 */
void
culprit_window_edit_pattern (CulpritWindow  *self,
                             CulpritPattern *pattern,
                             gint64          sample_build_id)
{
  CulpritPatternEditor *editor;

  g_return_if_fail (CULPRIT_IS_WINDOW (self));

  editor = culprit_pattern_editor_new (GTK_WINDOW (self), self->database, pattern, sample_build_id);
  gtk_window_present (GTK_WINDOW (editor));
}

void
culprit_window_add_toast (CulpritWindow *self,
                          AdwToast      *toast)
{
  g_return_if_fail (CULPRIT_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
culprit_window_show_error (CulpritWindow *self,
                           const char    *what,
                           const GError  *error)
{
  g_return_if_fail (CULPRIT_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, culprit_error_toast_new (what, error));
}

static void
on_scanned (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(CulpritWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  culprit_database_emit_changed (self->database);
  if (!culprit_refresh_scan_finish (CULPRIT_REFRESH (object), result, NULL, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    culprit_window_show_error (self, _("Could not scan the logs"), error);
  _culprit_window_scan_if_asked (self);
}

/* A scan asked for while a refresh or a scan was running starts now. */
void
_culprit_window_scan_if_asked (CulpritWindow *self)
{
  if (!self->scan_again)
    return;
  self->scan_again = FALSE;
  culprit_window_start_scan (self);
}

/**
 * culprit_window_start_scan:
 *
 * Scans the stored builds with the patterns they were not scanned with
 * (after a pattern was saved), with its progress and a stop button in the
 * header bar as a refresh has; the pages reload when it is done.
 */
void
culprit_window_start_scan (CulpritWindow *self)
{
  g_return_if_fail (CULPRIT_IS_WINDOW (self));

  if (culprit_refresh_get_running (self->refresh))
    {
      self->scan_again = TRUE;
      return;
    }
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  culprit_refresh_set_scan_threads (self->refresh,
                                    culprit_settings_get_int (culprit_settings_get_default (),
                                                              "scan-threads"));
  culprit_refresh_scan_async (self->refresh, self->cancellable, on_scanned, g_object_ref (self));
}
