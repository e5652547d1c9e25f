/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-window"

#include "config.h"

#include <glib/gi18n.h>

#include "culprit-application.h"
#include "culprit-pattern-suggest.h"
#include "culprit-preferences-window.h"
#include "culprit-repository-dialog.h"
#include "culprit-settings.h"
#include "culprit-window-private.h"

/* The window's actions (win.*), installed on the class. */

/* Refresh */

static void
on_refreshed (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CulpritWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  AdwToast *toast;

  /* a partial fetch is kept: the pages show it, whatever the outcome */
  culprit_database_emit_changed (self->database);
  _culprit_window_scan_if_asked (self);
  if (culprit_refresh_run_finish (CULPRIT_REFRESH (object), result, NULL, &error))
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Refreshed")));
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (_("Refresh stopped; what was fetched is kept")));
      return;
    }

  toast = adw_toast_new_format (_("Could not refresh: %s"), error->message);
  adw_toast_set_button_label (toast, _("_Retry"));
  adw_toast_set_action_name (toast, "win.refresh");
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
culprit_window_start_refresh (CulpritWindow *self)
{
  CulpritSettings *settings = culprit_settings_get_default ();
  g_autofree char *cache_dir = NULL;
  int concurrency, count, log_cap_mb;

  g_return_if_fail (CULPRIT_IS_WINDOW (self));

  if (culprit_refresh_get_running (self->refresh))
    return;

  cache_dir = culprit_settings_dup_string (settings, "cache-dir");
  culprit_refresh_set_filter (self->refresh, CULPRIT_BUILD_FILTER_COMPLETED);
  concurrency = MAX (culprit_settings_get_int (settings, "fetch-concurrency"), 1);
  count = MAX (culprit_settings_get_int (settings, "fetch-count"), 1);
  log_cap_mb = MAX (culprit_settings_get_int (settings, "log-cap-mb"), 1);
  culprit_refresh_set_max_concurrent (self->refresh, concurrency);
  culprit_refresh_set_count (self->refresh, count);
  culprit_refresh_set_log_cap (self->refresh, (gsize)log_cap_mb * 1024 * 1024);
  culprit_refresh_set_cache_dir (self->refresh, cache_dir);
  culprit_refresh_set_scan_threads (self->refresh,
                                    culprit_settings_get_int (settings, "scan-threads"));
  /* for tests and mirrors: every repository is fetched from this root */
  culprit_refresh_set_api_url (self->refresh, g_getenv ("CULPRIT_CIRCLECI_URL"));
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  culprit_refresh_run_async (self->refresh, self->cancellable, on_refreshed, g_object_ref (self));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  culprit_window_start_refresh (CULPRIT_WINDOW (widget));
}

static void
cancel_refresh_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  CulpritWindow *self = CULPRIT_WINDOW (widget);

  g_cancellable_cancel (self->cancellable);
}

/* Repositories, databases, the demo */

static void
add_repository_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  CulpritWindow *self = CULPRIT_WINDOW (widget);
  CulpritRepositoryDialog *dialog = culprit_repository_dialog_new (GTK_WINDOW (self), self->database);

  gtk_window_present (GTK_WINDOW (dialog));
}

static char *
find_demo_database (void)
{
  const char *env = g_getenv ("CULPRIT_DEMO_DB");
  g_autofree char *built = g_build_filename (BUILD_ROOT, "demo", "culprit-demo.db", NULL);

  if (env != NULL && env[0] != '\0' && g_file_test (env, G_FILE_TEST_IS_REGULAR))
    return g_strdup (env);
  if (g_file_test (built, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&built);
  return NULL;
}

static void
open_demo_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  CulpritWindow *self = CULPRIT_WINDOW (widget);
  g_autofree char *path = find_demo_database ();
  g_autoptr(GFile) file = NULL;
  AdwMessageDialog *dialog;

  if (path != NULL)
    {
      file = g_file_new_for_path (path);
      g_application_open (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))), &file, 1, "");
      return;
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("No Demo Database Yet"), NULL));
  adw_message_dialog_format_body_markup (dialog,
                                         _("The demo is made from a generated repository. In a "
                                           "terminal, in Culprit’s source folder, run\n\n"
                                           "<tt>build-aux/demo</tt>\n\n"
                                           "then open the demo again; or set "
                                           "<tt>CULPRIT_DEMO_DB</tt> to a database to show."));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_database_chosen (GtkNativeDialog *native,
                    int              response,
                    gpointer         user_data)
{
  CulpritWindow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      g_application_open (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))), &file, 1, "");
    }
  g_object_unref (native);
}

static void
open_database_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  native = gtk_file_chooser_native_new (_("Open a Culprit Database"), GTK_WINDOW (widget),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Culprit databases"));
  gtk_file_filter_add_suffix (filter, "db");
  gtk_file_filter_add_mime_type (filter, "application/vnd.sqlite3");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_signal_connect (native, "response", G_CALLBACK (on_database_chosen), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* Navigation */

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  CulpritWindow *self = CULPRIT_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  culprit_window_show_view (CULPRIT_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  CulpritWindow *self = CULPRIT_WINDOW (widget);
  const char *view = adw_view_stack_get_visible_child_name (self->view_stack);

  /* on a build's page, wherever the focus is, Ctrl+F finds in its log */
  if (g_strcmp0 (adw_leaflet_get_visible_child_name (self->leaflet), "build") == 0)
    gtk_widget_activate_action (GTK_WIDGET (culprit_build_page_get_log_view (self->build_page)),
                                "log.find", NULL);
  else if (g_strcmp0 (view, "patterns") == 0)
    culprit_patterns_page_focus_search (self->patterns_page);
  else
    {
      culprit_window_show_view (self, "builds");
      culprit_builds_page_focus_search (self->builds_page);
    }
}

/* What the pages and dialogs ask of the window, by id: they reach it
 * through these actions, never by casting their root. */

static void
on_build_got (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CulpritWindow) self = user_data;
  g_autoptr(CulpritBuild) build = NULL;
  g_autoptr(GError) error = NULL;

  build = culprit_database_get_build_finish (CULPRIT_DATABASE (object), result, &error);
  if (build == NULL)
    culprit_window_show_error (self, _("Could not open the build"), error);
  else
    culprit_window_show_build (self, build);
}

/* win.show-build (x): a build's page, by the build's id */
static void
show_build_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  CulpritWindow *self = CULPRIT_WINDOW (widget);

  culprit_database_get_build_async (self->database, g_variant_get_int64 (param), NULL,
                                    on_build_got, g_object_ref (self));
}

typedef struct
{
  CulpritWindow *self;
  gint64         sample_build_id;
} EditPattern;

static void
on_pattern_got (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autofree EditPattern *edit = user_data;
  g_autoptr(CulpritWindow) self = edit->self;
  g_autoptr(CulpritPattern) pattern = NULL;
  g_autoptr(GError) error = NULL;

  pattern = culprit_database_get_pattern_finish (CULPRIT_DATABASE (object), result, &error);
  if (pattern == NULL)
    culprit_window_show_error (self, _("Could not open the pattern"), error);
  else
    culprit_window_edit_pattern (self, pattern, edit->sample_build_id);
}

/* win.edit-pattern ((xx)): the editor on a pattern, by its id, with a
 * build's log as the sample (0: the editor picks one) */
static void
edit_pattern_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  EditPattern *edit = g_new0 (EditPattern, 1);
  gint64 pattern_id;

  edit->self = g_object_ref (CULPRIT_WINDOW (widget));
  g_variant_get (param, "(xx)", &pattern_id, &edit->sample_build_id);
  culprit_database_get_pattern_async (edit->self->database, pattern_id, NULL, on_pattern_got, edit);
}

/* win.pattern-from-line ((sx)): the editor on a new pattern made from a
 * log line, with that line's build as the sample */
static void
pattern_from_line_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  const char *line;
  gint64 build_id;
  g_autofree char *expression = NULL;
  g_autofree char *name = NULL;
  g_autoptr(CulpritPattern) pattern = NULL;

  g_variant_get (param, "(&sx)", &line, &build_id);
  expression = culprit_pattern_suggest_regex (line, -1);
  name = culprit_pattern_suggest_name (line, -1);
  pattern = culprit_pattern_new (name, expression, TRUE);
  culprit_window_edit_pattern (CULPRIT_WINDOW (widget), pattern, build_id);
}

/* win.scan: scan the stored builds for what is new (a saved pattern) */
static void
scan_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  culprit_window_start_scan (CULPRIT_WINDOW (widget));
}

/* win.toast (s): say something, for a dialog of the window's */
static void
toast_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  culprit_window_add_toast (CULPRIT_WINDOW (widget), adw_toast_new (g_variant_get_string (param, NULL)));
}

/* Patterns */

/* Ctrl+E on a build's page, wherever the focus is: a pattern from the
 * log's current line. */
static void
create_pattern_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  CulpritWindow *self = CULPRIT_WINDOW (widget);
  GtkWidget *log_view = GTK_WIDGET (culprit_build_page_get_log_view (self->build_page));

  if (!gtk_widget_activate_action (log_view, "log.create-pattern", NULL))
    gtk_widget_error_bell (widget);
}

static void
new_pattern_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  culprit_window_edit_pattern (CULPRIT_WINDOW (widget), NULL, 0);
}

/* Says @toast with an Undo button that activates @undo_action for @id */
static void
add_undo_toast (CulpritWindow *self,
                AdwToast      *toast,
                const char    *undo_action,
                gint64         id)
{
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, undo_action);
  adw_toast_set_action_target_value (toast, g_variant_new_int64 (id));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
on_unretired (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CulpritWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!culprit_database_unretire_pattern_finish (CULPRIT_DATABASE (object), result, &error))
    culprit_window_show_error (self, _("Could not bring the pattern back"), error);
  else
    culprit_database_emit_changed (CULPRIT_DATABASE (object));
}

static void
unretire_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  CulpritWindow *self = CULPRIT_WINDOW (widget);
  gint64 id = g_variant_get_int64 (param);

  culprit_database_unretire_pattern_async (self->database, id, NULL, on_unretired,
                                           g_object_ref (self));
}

static void
on_retired (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(CulpritWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CulpritPattern) pattern = NULL;
  AdwToast *toast;

  pattern = culprit_database_retire_pattern_finish (CULPRIT_DATABASE (object), result, &error);
  if (pattern == NULL)
    {
      culprit_window_show_error (self, _("Could not retire the pattern"), error);
      return;
    }
  culprit_database_emit_changed (CULPRIT_DATABASE (object));

  toast = adw_toast_new_format (_("“%s” retired"), culprit_pattern_get_name (pattern));
  add_undo_toast (self, toast, "win.unretire-pattern", culprit_pattern_get_id (pattern));
}

static void
retire_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  CulpritWindow *self = CULPRIT_WINDOW (widget);
  gint64 id = g_variant_get_int64 (param);

  culprit_database_retire_pattern_async (self->database, id, NULL, on_retired, g_object_ref (self));
}

static void
on_restored (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CulpritWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CulpritPattern) pattern = NULL;
  AdwToast *toast;

  pattern = culprit_database_restore_pattern_finish (CULPRIT_DATABASE (object), result, &error);
  if (pattern == NULL)
    {
      culprit_window_show_error (self, _("Could not restore the pattern"), error);
      return;
    }

  /* a new version: the stored builds are scanned for it */
  culprit_database_emit_changed (CULPRIT_DATABASE (object));
  toast = adw_toast_new_format (_("“%s” restored; scanning the stored builds…"),
                                culprit_pattern_get_name (pattern));
  add_undo_toast (self, toast, "win.retire-pattern", culprit_pattern_get_id (pattern));
  culprit_window_start_scan (self);
}

static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  CulpritWindow *self = CULPRIT_WINDOW (widget);
  gint64 id = g_variant_get_int64 (param);

  culprit_database_restore_pattern_async (self->database, id, NULL, on_restored,
                                          g_object_ref (self));
}

static void
on_imported (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CulpritWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  CulpritImportStats stats = { 0 };

  if (!culprit_database_import_patterns_finish (CULPRIT_DATABASE (object), result, &stats, &error))
    {
      culprit_window_show_error (self, _("Could not import the patterns"), error);
      return;
    }
  adw_toast_overlay_add_toast (self->toast_overlay,
                               adw_toast_new_format (_("Imported: %u new, %u updated, %u unchanged"),
                                                     stats.added, stats.updated, stats.unchanged));
  culprit_window_start_scan (self);
}

static void
import_starter_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  CulpritWindow *self = CULPRIT_WINDOW (widget);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  /* the starter set of patterns for common CI tools, compiled in */
  bytes = g_resources_lookup_data ("/io/github/culprit/Culprit/patterns/generic-ci.json",
                                   G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    {
      culprit_window_show_error (self, _("Could not import the patterns"), error);
      return;
    }
  culprit_database_import_patterns_async (self->database, NULL, bytes, NULL, on_imported,
                                          g_object_ref (self));
}

static void
on_import_chosen (GtkNativeDialog *native,
                  int              response,
                  gpointer         user_data)
{
  CulpritWindow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      g_autofree char *path = g_file_get_path (file);

      culprit_database_import_patterns_async (self->database, path, NULL, NULL, on_imported,
                                              g_object_ref (self));
    }
  g_object_unref (native);
}

static GtkFileFilter *
json_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Pattern sets (JSON)"));
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_filter_add_suffix (filter, "json");
  return filter;
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) filter = json_filter ();

  native = gtk_file_chooser_native_new (_("Import Patterns"), GTK_WINDOW (widget),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_signal_connect (native, "response", G_CALLBACK (on_import_chosen), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
on_exported (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CulpritWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  guint n;

  if (!culprit_database_export_patterns_finish (CULPRIT_DATABASE (object), result, &n, &error))
    {
      culprit_window_show_error (self, _("Could not export the patterns"), error);
      return;
    }
  adw_toast_overlay_add_toast (self->toast_overlay,
                               adw_toast_new_format (g_dngettext (GETTEXT_PACKAGE, "Exported %u pattern",
                                                                  "Exported %u patterns",
                                                                  n), n));
}

static void
on_export_chosen (GtkNativeDialog *native,
                  int              response,
                  gpointer         user_data)
{
  CulpritWindow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      g_autofree char *path = g_file_get_path (file);

      culprit_database_export_patterns_async (self->database, path, NULL, on_exported,
                                              g_object_ref (self));
    }
  g_object_unref (native);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) filter = json_filter ();

  native = gtk_file_chooser_native_new (_("Export Patterns"), GTK_WINDOW (widget),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), "patterns.json");
  g_signal_connect (native, "response", G_CALLBACK (on_export_chosen), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
preferences_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  CulpritWindow *self = CULPRIT_WINDOW (widget);
  CulpritPreferencesWindow *prefs = culprit_preferences_window_new (GTK_WINDOW (self), self->database);

  gtk_window_present (GTK_WINDOW (prefs));
}

/* Which actions make sense now. */
void
_culprit_window_update_actions (CulpritWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  const char *page = gtk_stack_get_visible_child_name (self->main_stack);
  gboolean opened = g_strcmp0 (page, "pages") == 0 || g_strcmp0 (page, "empty") == 0;
  gboolean running = self->refresh != NULL && culprit_refresh_get_running (self->refresh);
  gboolean in_build = g_strcmp0 (adw_leaflet_get_visible_child_name (self->leaflet), "build") == 0;
  gboolean tracked = self->summary != NULL && self->summary->repos != NULL && self->summary->repos->len > 0;

  gtk_widget_action_set_enabled (widget, "win.refresh", opened && tracked && !running);
  gtk_widget_action_set_enabled (widget, "win.cancel-refresh", running);
  gtk_widget_action_set_enabled (widget, "win.add-repository", opened);
  gtk_widget_action_set_enabled (widget, "win.new-pattern", opened);
  gtk_widget_action_set_enabled (widget, "win.import-patterns", opened);
  gtk_widget_action_set_enabled (widget, "win.import-starter-patterns", opened);
  gtk_widget_action_set_enabled (widget, "win.export-patterns", opened);
  gtk_widget_action_set_enabled (widget, "win.back", in_build);
  gtk_widget_action_set_enabled (widget, "win.find", g_strcmp0 (page, "pages") == 0);
  gtk_widget_action_set_enabled (widget, "win.create-pattern", g_strcmp0 (page, "pages") == 0 && in_build);
  gtk_widget_action_set_enabled (widget, "win.preferences", opened);
}

void
_culprit_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-refresh", NULL, cancel_refresh_action);
  gtk_widget_class_install_action (widget_class, "win.add-repository", NULL, add_repository_action);
  gtk_widget_class_install_action (widget_class, "win.open-demo", NULL, open_demo_action);
  gtk_widget_class_install_action (widget_class, "win.open-database", NULL, open_database_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.new-pattern", NULL, new_pattern_action);
  gtk_widget_class_install_action (widget_class, "win.show-build", "x", show_build_action);
  gtk_widget_class_install_action (widget_class, "win.edit-pattern", "(xx)", edit_pattern_action);
  gtk_widget_class_install_action (widget_class, "win.pattern-from-line", "(sx)", pattern_from_line_action);
  gtk_widget_class_install_action (widget_class, "win.scan", NULL, scan_action);
  gtk_widget_class_install_action (widget_class, "win.toast", "s", toast_action);
  gtk_widget_class_install_action (widget_class, "win.create-pattern", NULL, create_pattern_action);
  gtk_widget_class_install_action (widget_class, "win.retire-pattern", "x", retire_action);
  gtk_widget_class_install_action (widget_class, "win.unretire-pattern", "x", unretire_action);
  gtk_widget_class_install_action (widget_class, "win.restore-pattern", "x", restore_action);
  gtk_widget_class_install_action (widget_class, "win.import-patterns", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.import-starter-patterns", NULL, import_starter_action);
  gtk_widget_class_install_action (widget_class, "win.export-patterns", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);

  /* bindings, not application accels, so that a focused log view's own
   * Ctrl+F comes first */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.create-pattern", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.back", NULL);
}
