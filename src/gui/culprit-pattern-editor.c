/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-pattern-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "culprit-database.h"
#include "culprit-log-model.h"
#include "culprit-log-view.h"
#include "culprit-pattern-editor.h"
#include "culprit-preview-counter.h"

/* The pattern editor, with a live preview: on every edit the pattern runs
 * over the sample log (in the same frame when the log is small, else in a
 * thread) and its matches are highlighted; meanwhile CulpritPreviewCounter
 * counts the stored builds it matches. An invalid regular expression says
 * what is wrong, at which character, and shows the part at fault. */

#define SYNC_SCAN_MAX (2 * 1024 * 1024)
#define MAX_SAMPLES 40

struct _CulpritPatternEditor
{
  AdwWindow              parent_instance;

  /* template widgets */
  AdwWindowTitle        *window_title;
  GtkWidget             *save_button;
  GtkWidget             *retire_button;
  AdwEntryRow           *expression_row;
  GtkSwitch             *regex_switch;
  GtkSwitch             *case_switch;
  GtkLabel              *error_label;
  GtkLabel              *count_label;
  GtkSpinner            *count_spinner;
  GtkProgressBar        *count_progress;
  GtkLabel              *count_detail;
  AdwEntryRow           *name_row;
  AdwEntryRow           *description_row;
  AdwEntryRow           *tags_row;
  AdwComboRow           *kind_row;
  AdwEntryRow           *steps_row;
  GtkSpinButton         *lines_spin;
  GtkSpinButton         *specificity_spin;
  GtkDropDown           *sample_dropdown;
  GtkLabel              *sample_label;
  GtkStack              *sample_stack;
  GtkSpinner            *sample_spinner;
  CulpritLogView        *sample_view;

  /* owned references */
  CulpritDatabase       *database;
  CulpritPattern        *original;
  CulpritPreviewCounter *counter;
  GPtrArray             *samples;          /* CulpritBuild */
  CulpritBuild          *sample;
  CulpritLogModel       *sample_model;
  GCancellable          *cancellable;
  GCancellable          *scan_cancellable;
  char                  *error;
  gint64                 sample_build_id;
  guint                  sample_matches;
  gboolean               sample_loading;
  gboolean               name_edited;
  gboolean               filling;
  gboolean               saving;
  gboolean               discard;          /* closing without asking */
};

G_DEFINE_FINAL_TYPE (CulpritPatternEditor, culprit_pattern_editor, ADW_TYPE_WINDOW)

static char **
split_list (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text ? text : "", ",", -1);
  g_autoptr(GStrvBuilder) out = g_strv_builder_new ();

  for (guint i = 0; parts[i]; i++)
    {
      g_strstrip (parts[i]);
      if (parts[i][0] != '\0')
        g_strv_builder_add (out, parts[i]);
    }
  return g_strv_builder_end (out);
}

static const char *
entry_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

/**
 * culprit_pattern_editor_dup_pattern:
 *
 * Returns: (transfer full): the pattern as the fields say, carrying the
 *   id of the version being edited (0 for a new one)
 */
CulpritPattern *
culprit_pattern_editor_dup_pattern (CulpritPatternEditor *self)
{
  CulpritPattern *pattern;
  g_auto(GStrv) tags = split_list (entry_text (self->tags_row));
  g_auto(GStrv) steps = split_list (entry_text (self->steps_row));
  g_autofree char *name = g_strstrip (g_strdup (entry_text (self->name_row)));

  g_return_val_if_fail (CULPRIT_IS_PATTERN_EDITOR (self), NULL);

  pattern = culprit_pattern_copy (self->original);
  culprit_pattern_set_name (pattern, name);
  culprit_pattern_set_expression (pattern, entry_text (self->expression_row));
  culprit_pattern_set_is_regex (pattern, gtk_switch_get_active (self->regex_switch));
  culprit_pattern_set_case_sensitive (pattern, gtk_switch_get_active (self->case_switch));
  culprit_pattern_set_description (pattern, entry_text (self->description_row));
  culprit_pattern_set_tags (pattern, (const char * const *)tags);
  culprit_pattern_set_applicable_steps (pattern, (const char * const *)steps);
  culprit_pattern_set_lines_from_end (pattern, gtk_spin_button_get_value_as_int (self->lines_spin));
  culprit_pattern_set_specificity (pattern, gtk_spin_button_get_value_as_int (self->specificity_spin));
  culprit_pattern_set_kind (pattern, adw_combo_row_get_selected (self->kind_row) == 1
                                     ? CULPRIT_PATTERN_KIND_IGNORE : CULPRIT_PATTERN_KIND_CAUSE);
  return pattern;
}

static void
set_error (CulpritPatternEditor *self,
           const char           *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->expression_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->expression_row), "error");
}

/* The sample log */

static void
show_sample_matches (CulpritPatternEditor *self,
                     CulpritScanResult    *result)
{
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (CulpritLogSpan));
  g_autofree char *text = NULL;
  guint n = result ? culprit_scan_result_get_n_matches (result) : 0;

  for (guint i = 0; i < n; i++)
    {
      const CulpritMatch *m = culprit_scan_result_get_match (result, i);
      CulpritLogSpan span = { m->line, m->start, m->end };

      g_array_append_val (spans, span);
    }
  if (self->sample_model == NULL)
    return;
  culprit_log_model_set_highlights (self->sample_model, (CulpritLogSpan *)(gpointer)spans->data,
                                    spans->len);
  self->sample_matches = culprit_log_model_get_n_highlighted (self->sample_model);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u matching line", "%u matching lines",
                                       self->sample_matches), self->sample_matches);
  gtk_label_set_label (self->sample_label, text);

  /* show the first match if none is on screen */
  if (self->sample_matches > 0)
    culprit_log_view_scroll_to_line (self->sample_view,
                                     culprit_log_model_get_highlighted_line (self->sample_model, 0));
}

typedef struct
{
  CulpritMatcher *matcher;
  GBytes         *log;
  char           *step;
} ScanData;

static void
scan_data_free (ScanData *data)
{
  g_clear_object (&data->matcher);
  g_clear_pointer (&data->log, g_bytes_unref);
  g_free (data->step);
  g_free (data);
}

static void
scan_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ScanData *data = task_data;
  gsize len;
  const char *text = g_bytes_get_data (data->log, &len);

  g_task_return_pointer (task, culprit_matcher_scan (data->matcher, text ? text : "", len, data->step),
                         (GDestroyNotify)culprit_scan_result_unref);
}

static void
on_sample_scanned (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  CulpritPatternEditor *self = CULPRIT_PATTERN_EDITOR (object);
  g_autoptr(CulpritScanResult) scan = NULL;

  scan = g_task_propagate_pointer (G_TASK (result), NULL);
  if (scan != NULL)
    show_sample_matches (self, scan);
}

static void
scan_sample (CulpritPatternEditor *self,
             CulpritMatcher       *matcher)
{
  GBytes *log;
  const char *step = self->sample ? culprit_build_get_failed_step (self->sample) : NULL;
  gsize len;

  g_cancellable_cancel (self->scan_cancellable);
  g_clear_object (&self->scan_cancellable);

  if (self->sample_model == NULL)
    return;
  if (matcher == NULL)
    {
      show_sample_matches (self, NULL);
      return;
    }

  log = culprit_log_model_get_bytes (self->sample_model);
  len = g_bytes_get_size (log);
  if (len <= SYNC_SCAN_MAX)
    {
      g_autoptr(CulpritScanResult) result = NULL;

      result = culprit_matcher_scan (matcher, g_bytes_get_data (log, NULL), len, step);
      show_sample_matches (self, result);
    }
  else
    {
      g_autoptr(GTask) task = NULL;
      ScanData *data = g_new0 (ScanData, 1);

      data->matcher = g_object_ref (matcher);
      data->log = g_bytes_ref (log);
      data->step = g_strdup (step);
      self->scan_cancellable = g_cancellable_new ();
      task = g_task_new (self, self->scan_cancellable, on_sample_scanned, NULL);
      g_task_set_source_tag (task, scan_sample);
      g_task_set_task_data (task, data, (GDestroyNotify)scan_data_free);
      g_task_set_return_on_cancel (task, TRUE);
      g_task_run_in_thread (task, scan_in_thread);
    }
}

/* The preview */

static void
update_count (CulpritPatternEditor *self)
{
  guint matched = culprit_preview_counter_get_matched (self->counter);
  guint scanned = culprit_preview_counter_get_scanned (self->counter);
  guint total = culprit_preview_counter_get_total (self->counter);
  gboolean running = culprit_preview_counter_get_running (self->counter);
  g_autofree char *count = NULL;
  g_autofree char *detail = NULL;

  if (self->error != NULL)
    {
      gtk_label_set_label (self->count_label, _("No preview"));
      gtk_label_set_label (self->count_detail, _("Fix the expression to see what it matches"));
      gtk_spinner_set_spinning (self->count_spinner, FALSE);
      gtk_progress_bar_set_fraction (self->count_progress, 0);
      return;
    }

  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Matches %'u build", "Matches %'u builds",
                                        matched), matched);
  if (running)
    detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Counting: %'u of %'u stored log read, newest first",
                                           "Counting: %'u of %'u stored logs read, newest first", total),
                              scanned, total);
  else
    detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Of %'u stored log", "Of %'u stored logs",
                                           total), total);
  gtk_label_set_label (self->count_label, count);
  gtk_label_set_label (self->count_detail, detail);
  gtk_spinner_set_spinning (self->count_spinner, running);
  gtk_progress_bar_set_fraction (self->count_progress, total ? (double)scanned / total : 0);
}

static void
update_preview (CulpritPatternEditor *self)
{
  g_autoptr(CulpritPattern) pattern = NULL;
  g_autoptr(GPtrArray) patterns = g_ptr_array_new ();
  g_autoptr(CulpritMatcher) matcher = NULL;
  g_autoptr(GError) error = NULL;

  if (self->filling)
    return;

  pattern = culprit_pattern_editor_dup_pattern (self);
  /* a missing name is not the expression's fault: preview anyway */
  if (culprit_pattern_get_name (pattern)[0] == '\0')
    culprit_pattern_set_name (pattern, _("New pattern"));

  if (entry_text (self->expression_row)[0] == '\0')
    {
      set_error (self, NULL);
      culprit_preview_counter_stop (self->counter);
      scan_sample (self, NULL);
      gtk_label_set_label (self->count_label, _("Type an expression"));
      gtk_label_set_label (self->count_detail, _("The builds it matches are counted as you type"));
      return;
    }

  /* what is wrong with the expression being typed, and where, without
   * the name that GRegex's message would put first */
  if ((culprit_pattern_get_is_regex (pattern) &&
       !culprit_pattern_check_regex (culprit_pattern_get_expression (pattern),
                                     culprit_pattern_get_case_sensitive (pattern), &error)) ||
      !culprit_pattern_validate (pattern, &error))
    {
      set_error (self, error->message);
      culprit_preview_counter_stop (self->counter);
      scan_sample (self, NULL);
      update_count (self);
      return;
    }
  set_error (self, NULL);

  g_ptr_array_add (patterns, pattern);
  matcher = culprit_matcher_new (patterns, &error);
  if (matcher == NULL)
    {
      set_error (self, error->message);
      update_count (self);
      return;
    }

  scan_sample (self, matcher);
  culprit_preview_counter_start (self->counter, pattern);
  update_count (self);
}

static void
on_changed (CulpritPatternEditor *self)
{
  update_preview (self);
}

static void
on_label_changed (CulpritPatternEditor *self)
{
  if (!self->filling)
    self->name_edited = TRUE;
}

static void
on_sample_loaded (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(CulpritPatternEditor) self = user_data;
  g_autoptr(CulpritBuildLog) log = NULL;
  g_autoptr(GError) error = NULL;

  log = culprit_database_load_build_log_finish (CULPRIT_DATABASE (object), result, &error);
  if (log == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->sample_loading = FALSE;
  gtk_spinner_set_spinning (self->sample_spinner, FALSE);
  g_clear_object (&self->sample_model);
  if (log != NULL)
    self->sample_model = culprit_log_model_new_for_build_log (log);
  if (self->sample_model == NULL)
    {
      gtk_stack_set_visible_child_name (self->sample_stack, "none");
      return;
    }
  culprit_log_view_set_model (self->sample_view, self->sample_model);
  gtk_stack_set_visible_child_name (self->sample_stack, "log");
  update_preview (self);
}

static void
on_sample_changed (CulpritPatternEditor *self)
{
  guint selected = gtk_drop_down_get_selected (self->sample_dropdown);

  if (self->samples == NULL || selected >= self->samples->len)
    return;
  g_set_object (&self->sample, g_ptr_array_index (self->samples, selected));
  g_clear_object (&self->sample_model);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->sample_loading = TRUE;
  gtk_spinner_set_spinning (self->sample_spinner, TRUE);
  gtk_stack_set_visible_child_name (self->sample_stack, "loading");
  culprit_database_load_build_log_async (self->database, culprit_build_get_id (self->sample),
                                         self->cancellable, on_sample_loaded, g_object_ref (self));
}

static void
on_samples_listed (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CulpritPatternEditor) self = user_data;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  GPtrArray *samples;

  samples = culprit_database_list_samples_finish (CULPRIT_DATABASE (object), result, NULL);
  if (samples == NULL || samples->len == 0)
    {
      g_clear_pointer (&samples, g_ptr_array_unref);
      gtk_spinner_set_spinning (self->sample_spinner, FALSE);
      self->sample_loading = FALSE;
      gtk_stack_set_visible_child_name (self->sample_stack, "none");
      gtk_widget_set_sensitive (GTK_WIDGET (self->sample_dropdown), FALSE);
      return;
    }

  self->samples = samples;
  for (guint i = 0; i < samples->len; i++)
    {
      CulpritBuild *b = g_ptr_array_index (samples, i);
      const char *best = culprit_build_get_best_pattern (b);
      g_autofree char *label = g_strdup_printf ("#%" G_GINT64_FORMAT " · %s · %s",
                                                culprit_build_get_build_num (b),
                                                culprit_build_get_job (b) ? culprit_build_get_job (b) : "",
                                                best ? best : _("unexplained"));
      gtk_string_list_append (labels, label);
    }
  gtk_drop_down_set_model (self->sample_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->sample_dropdown, 0);
  on_sample_changed (self);
}

/* Saving and retiring */

static void
on_saved (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(CulpritPatternEditor) self = user_data;
  g_autoptr(CulpritPattern) saved = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  self->saving = FALSE;
  gtk_widget_set_sensitive (self->save_button, TRUE);
  saved = culprit_database_save_pattern_finish (CULPRIT_DATABASE (object), result, &error);
  if (saved == NULL)
    {
      set_error (self, error->message);
      return;
    }

  /* the window says so and scans; without one, the pages still learn */
  if (parent != NULL && gtk_widget_activate_action (GTK_WIDGET (parent), "win.scan", NULL))
    {
      g_autofree char *title = g_strdup_printf (_("Saved “%s”; scanning the stored builds…"),
                                                culprit_pattern_get_name (saved));

      gtk_widget_activate_action (GTK_WIDGET (parent), "win.toast", "s", title);
    }
  else
    culprit_database_emit_changed (self->database);
  gtk_window_destroy (GTK_WINDOW (self));
}

/**
 * culprit_pattern_editor_save:
 *
 * Saves the pattern (a new one, or a new version of the edited one),
 * then closes the editor and starts the scan of the stored builds.
 */
void
culprit_pattern_editor_save (CulpritPatternEditor *self)
{
  g_autoptr(CulpritPattern) pattern = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (CULPRIT_IS_PATTERN_EDITOR (self));

  if (self->saving)
    return;
  pattern = culprit_pattern_editor_dup_pattern (self);
  if (!culprit_pattern_validate (pattern, &error))
    {
      set_error (self, error->message);
      if (culprit_pattern_get_name (pattern)[0] == '\0')
        gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
      return;
    }
  if (culprit_pattern_get_author (pattern) == NULL)
    culprit_pattern_set_author (pattern, g_get_real_name ());

  self->saving = TRUE;
  gtk_widget_set_sensitive (self->save_button, FALSE);
  culprit_database_save_pattern_async (self->database, pattern, NULL, on_saved,
                                       g_object_ref (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  culprit_pattern_editor_save (CULPRIT_PATTERN_EDITOR (widget));
}

static void
retire_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  CulpritPatternEditor *self = CULPRIT_PATTERN_EDITOR (widget);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (culprit_pattern_get_id (self->original) == 0 || parent == NULL)
    return;
  gtk_widget_activate_action (GTK_WIDGET (parent), "win.retire-pattern", "x",
                              culprit_pattern_get_id (self->original));
  gtk_window_destroy (GTK_WINDOW (self));
}

/* Closing: edits are not thrown away without asking */

/**
 * culprit_pattern_editor_get_modified:
 *
 * Returns: whether the fields differ from the pattern the editor opened on
 */
gboolean
culprit_pattern_editor_get_modified (CulpritPatternEditor *self)
{
  g_autoptr(CulpritPattern) pattern = NULL;

  g_return_val_if_fail (CULPRIT_IS_PATTERN_EDITOR (self), FALSE);

  pattern = culprit_pattern_editor_dup_pattern (self);
  return !culprit_pattern_same_definition (pattern, self->original);
}

static gboolean
close_discarding (gpointer data)
{
  CulpritPatternEditor *self = data;

  self->discard = TRUE;
  gtk_window_close (GTK_WINDOW (self));
  return G_SOURCE_REMOVE;
}

static void
on_discard_response (CulpritPatternEditor *self,
                     const char           *response,
                     AdwMessageDialog     *dialog)
{
  /* the dialog is done with its parent only after its response */
  if (g_strcmp0 (response, "discard") == 0)
    g_idle_add_full (G_PRIORITY_DEFAULT, close_discarding, g_object_ref (self), g_object_unref);
  else if (g_strcmp0 (response, "save") == 0)
    culprit_pattern_editor_save (self);
}

static gboolean
culprit_pattern_editor_close_request (GtkWindow *window)
{
  CulpritPatternEditor *self = CULPRIT_PATTERN_EDITOR (window);
  g_autoptr(CulpritPattern) pattern = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;
  const char *name;

  /* a save under way closes the editor when it is done */
  if (self->saving && !self->discard)
    return TRUE;
  if (self->discard || !culprit_pattern_editor_get_modified (self))
    return GTK_WINDOW_CLASS (culprit_pattern_editor_parent_class)->close_request (window);

  pattern = culprit_pattern_editor_dup_pattern (self);
  name = culprit_pattern_get_name (self->original);
  if (culprit_pattern_get_id (self->original) != 0 && name[0] != '\0')
    body = g_strdup_printf (_("The changes to “%s” are not saved."), name);
  else
    body = g_strdup (_("The new pattern is not saved."));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window, _("Discard Changes?"), body));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  /* only what could be stored can be saved from here */
  adw_message_dialog_set_response_enabled (dialog, "save",
                                           culprit_pattern_validate (pattern, NULL));
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_discard_response), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

/* Setup */

static void
fill (CulpritPatternEditor *self)
{
  CulpritPattern *p = self->original;
  g_autofree char *tags = g_strjoinv (", ", (char **)culprit_pattern_get_tags (p));
  g_autofree char *steps = g_strjoinv (", ", (char **)culprit_pattern_get_applicable_steps (p));
  gboolean is_new = culprit_pattern_get_id (p) == 0;

  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->expression_row), culprit_pattern_get_expression (p));
  gtk_switch_set_active (self->regex_switch, culprit_pattern_get_is_regex (p));
  gtk_switch_set_active (self->case_switch, culprit_pattern_get_case_sensitive (p));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), culprit_pattern_get_name (p));
  gtk_editable_set_text (GTK_EDITABLE (self->description_row),
                         culprit_pattern_get_description (p) ? culprit_pattern_get_description (p) : "");
  gtk_editable_set_text (GTK_EDITABLE (self->tags_row), tags);
  gtk_editable_set_text (GTK_EDITABLE (self->steps_row), steps);
  gtk_spin_button_set_value (self->lines_spin, culprit_pattern_get_lines_from_end (p));
  gtk_spin_button_set_value (self->specificity_spin, culprit_pattern_get_specificity (p));
  adw_combo_row_set_selected (self->kind_row,
                              culprit_pattern_get_kind (p) == CULPRIT_PATTERN_KIND_IGNORE ? 1 : 0);
  self->filling = FALSE;

  adw_window_title_set_title (self->window_title, is_new ? _("New Pattern") : _("Edit Pattern"));
  adw_window_title_set_subtitle (self->window_title, is_new ? NULL : culprit_pattern_get_name (p));
  gtk_widget_set_visible (self->retire_button, !is_new);
}

static void
culprit_pattern_editor_dispose (GObject *object)
{
  CulpritPatternEditor *self = (CulpritPatternEditor *)object;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->scan_cancellable);
  if (self->counter != NULL)
    culprit_preview_counter_stop (self->counter);
  gtk_widget_dispose_template (GTK_WIDGET (self), CULPRIT_TYPE_PATTERN_EDITOR);

  G_OBJECT_CLASS (culprit_pattern_editor_parent_class)->dispose (object);
}

static void
culprit_pattern_editor_finalize (GObject *object)
{
  CulpritPatternEditor *self = (CulpritPatternEditor *)object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->scan_cancellable);
  g_clear_object (&self->counter);
  g_clear_object (&self->database);
  g_clear_object (&self->original);
  g_clear_pointer (&self->samples, g_ptr_array_unref);
  g_clear_object (&self->sample);
  g_clear_object (&self->sample_model);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (culprit_pattern_editor_parent_class)->finalize (object);
}

static void
culprit_pattern_editor_class_init (CulpritPatternEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = culprit_pattern_editor_dispose;
  object_class->finalize = culprit_pattern_editor_finalize;
  window_class->close_request = culprit_pattern_editor_close_request;

  g_type_ensure (CULPRIT_TYPE_LOG_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/culprit/Culprit/culprit-pattern-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, CulpritPatternEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, CulpritPatternEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, CulpritPatternEditor, retire_button);
  gtk_widget_class_bind_template_child (widget_class, CulpritPatternEditor, expression_row);
  gtk_widget_class_bind_template_child (widget_class, CulpritPatternEditor, regex_switch);
  gtk_widget_class_bind_template_child (widget_class, CulpritPatternEditor, case_switch);
  gtk_widget_class_bind_template_child (widget_class, CulpritPatternEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, CulpritPatternEditor, count_label);
  gtk_widget_class_bind_template_child (widget_class, CulpritPatternEditor, count_spinner);
  gtk_widget_class_bind_template_child (widget_class, CulpritPatternEditor, count_progress);
  gtk_widget_class_bind_template_child (widget_class, CulpritPatternEditor, count_detail);
  gtk_widget_class_bind_template_child (widget_class, CulpritPatternEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, CulpritPatternEditor, description_row);
  gtk_widget_class_bind_template_child (widget_class, CulpritPatternEditor, tags_row);
  gtk_widget_class_bind_template_child (widget_class, CulpritPatternEditor, kind_row);
  gtk_widget_class_bind_template_child (widget_class, CulpritPatternEditor, steps_row);
  gtk_widget_class_bind_template_child (widget_class, CulpritPatternEditor, lines_spin);
  gtk_widget_class_bind_template_child (widget_class, CulpritPatternEditor, specificity_spin);
  gtk_widget_class_bind_template_child (widget_class, CulpritPatternEditor, sample_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CulpritPatternEditor, sample_label);
  gtk_widget_class_bind_template_child (widget_class, CulpritPatternEditor, sample_stack);
  gtk_widget_class_bind_template_child (widget_class, CulpritPatternEditor, sample_spinner);
  gtk_widget_class_bind_template_child (widget_class, CulpritPatternEditor, sample_view);
  gtk_widget_class_bind_template_callback (widget_class, on_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_label_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_sample_changed);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.retire", NULL, retire_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
culprit_pattern_editor_init (CulpritPatternEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  culprit_log_view_set_compact (self->sample_view, TRUE);
}

CulpritPatternEditor *
culprit_pattern_editor_new (GtkWindow       *parent,
                            CulpritDatabase *database,
                            CulpritPattern  *pattern,
                            gint64           sample_build_id)
{
  CulpritPatternEditor *self;
  g_autoptr(CulpritPattern) fresh = NULL;

  g_return_val_if_fail (CULPRIT_IS_DATABASE (database), NULL);
  g_return_val_if_fail (pattern == NULL || CULPRIT_IS_PATTERN (pattern), NULL);

  if (pattern == NULL)
    {
      fresh = culprit_pattern_new ("", "", FALSE);
      pattern = fresh;
    }

  self = g_object_new (CULPRIT_TYPE_PATTERN_EDITOR,
                       "transient-for", parent,
                       "application", parent ? gtk_window_get_application (parent) : NULL,
                       NULL);
  self->database = g_object_ref (database);
  self->original = culprit_pattern_copy (pattern);
  self->sample_build_id = sample_build_id;
  self->counter = culprit_preview_counter_new (database);
  g_signal_connect_object (self->counter, "notify", G_CALLBACK (update_count), self, G_CONNECT_SWAPPED);

  fill (self);
  self->sample_loading = TRUE;
  gtk_spinner_set_spinning (self->sample_spinner, TRUE);
  culprit_database_list_samples_async (database, sample_build_id, culprit_pattern_get_id (pattern),
                                       MAX_SAMPLES, NULL, on_samples_listed, g_object_ref (self));
  update_preview (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->expression_row));

  return self;
}

GtkEditable *
culprit_pattern_editor_get_expression (CulpritPatternEditor *self)
{
  g_return_val_if_fail (CULPRIT_IS_PATTERN_EDITOR (self), NULL);
  return GTK_EDITABLE (self->expression_row);
}

GtkEditable *
culprit_pattern_editor_get_name (CulpritPatternEditor *self)
{
  g_return_val_if_fail (CULPRIT_IS_PATTERN_EDITOR (self), NULL);
  return GTK_EDITABLE (self->name_row);
}

GtkEditable *
culprit_pattern_editor_get_description (CulpritPatternEditor *self)
{
  g_return_val_if_fail (CULPRIT_IS_PATTERN_EDITOR (self), NULL);
  return GTK_EDITABLE (self->description_row);
}

CulpritPreviewCounter *
culprit_pattern_editor_get_counter (CulpritPatternEditor *self)
{
  g_return_val_if_fail (CULPRIT_IS_PATTERN_EDITOR (self), NULL);
  return self->counter;
}

CulpritLogView *
culprit_pattern_editor_get_sample_view (CulpritPatternEditor *self)
{
  g_return_val_if_fail (CULPRIT_IS_PATTERN_EDITOR (self), NULL);
  return self->sample_view;
}

const char *
culprit_pattern_editor_get_error (CulpritPatternEditor *self)
{
  g_return_val_if_fail (CULPRIT_IS_PATTERN_EDITOR (self), NULL);
  return self->error;
}

gboolean
culprit_pattern_editor_get_sample_loading (CulpritPatternEditor *self)
{
  g_return_val_if_fail (CULPRIT_IS_PATTERN_EDITOR (self), FALSE);
  return self->sample_loading;
}

guint
culprit_pattern_editor_get_sample_matches (CulpritPatternEditor *self)
{
  g_return_val_if_fail (CULPRIT_IS_PATTERN_EDITOR (self), 0);
  return self->sample_matches;
}

/**
 * culprit_pattern_editor_get_sample_build:
 *
 * Returns: (transfer none) (nullable): the build whose log is the sample
 */
CulpritBuild *
culprit_pattern_editor_get_sample_build (CulpritPatternEditor *self)
{
  g_return_val_if_fail (CULPRIT_IS_PATTERN_EDITOR (self), NULL);
  return self->sample;
}

/**
 * culprit_pattern_editor_get_n_samples:
 *
 * Returns: how many logs the sample drop-down offers
 */
guint
culprit_pattern_editor_get_n_samples (CulpritPatternEditor *self)
{
  g_return_val_if_fail (CULPRIT_IS_PATTERN_EDITOR (self), 0);
  return self->samples ? self->samples->len : 0;
}
