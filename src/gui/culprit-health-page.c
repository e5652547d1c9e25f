/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-health-page"

#include "config.h"

#include <glib/gi18n.h>

#include "culprit-chart-item.h"
#include "culprit-column-chart.h"
#include "culprit-database.h"
#include "culprit-health-grid.h"
#include "culprit-health-page.h"
#include "culprit-window.h"

/* The main branch's health: its recent commits by job, coloured by why
 * each build failed, failures marked as known problems by hand (stored as
 * annotations), and its builds per week. The branch is "main", else
 * "master", else another one picked from the list. */

#define MAX_COMMITS 40

struct _CulpritHealthPage
{
  GtkWidget           parent_instance;

  /* template widgets */
  GtkDropDown        *branch_dropdown;
  GtkSpinner         *spinner;
  GtkLabel           *summary_label;
  CulpritHealthGrid  *grid;
  GtkFlowBox         *legend;
  CulpritColumnChart *weeks_chart;

  /* owned references */
  CulpritDatabase    *database;
  GCancellable       *cancellable;
  GtkStringList      *branches;
  GListStore         *weeks;
  char               *branch;
  gboolean            loading;
  gboolean            stale;
  gboolean            updating;
};

G_DEFINE_FINAL_TYPE (CulpritHealthPage, culprit_health_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  char          *branch;      /* asked for, or NULL; then the one shown */
  char         **branches;
  GPtrArray     *commits;
  char         **jobs;
  GPtrArray     *cells;
  GHashTable    *annotated;
  CulpritReport *report;
} Health;

static void
health_free (Health *health)
{
  g_free (health->branch);
  g_strfreev (health->branches);
  g_clear_pointer (&health->commits, g_ptr_array_unref);
  g_strfreev (health->jobs);
  g_clear_pointer (&health->cells, g_ptr_array_unref);
  g_clear_pointer (&health->annotated, g_hash_table_unref);
  g_clear_pointer (&health->report, culprit_report_free);
  g_free (health);
}

/* cells without a build are NULL */
static void
unref_nullable (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

static const char *
pick_branch (char       **branches,
             const char  *wanted)
{
  const char *preferred[] = { "main", "master", "trunk", "develop" };

  if (wanted != NULL && g_strv_contains ((const char * const *)branches, wanted))
    return wanted;
  for (guint i = 0; i < G_N_ELEMENTS (preferred); i++)
    if (g_strv_contains ((const char * const *)branches, preferred[i]))
      return preferred[i];
  return branches[0];
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char **)a, *(const char **)b);
}

static gpointer
load_health (CulpritStore  *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  const char *wanted = data;
  Health *health = g_new0 (Health, 1);
  g_autoptr(GPtrArray) builds = NULL;
  g_autoptr(GPtrArray) annotations = NULL;
  g_autoptr(GHashTable) jobs = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) commit_rows = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) job_list = g_ptr_array_new ();
  CulpritBuildFilter filter = { 0 };
  guint n_jobs;

  health->branches = culprit_store_list_build_values (store, CULPRIT_BUILD_COLUMN_BRANCH, error);
  if (health->branches == NULL)
    goto fail;
  health->commits = g_ptr_array_new_with_free_func (g_free);
  health->cells = g_ptr_array_new_with_free_func (unref_nullable);
  health->annotated = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  if (health->branches[0] == NULL)
    {
      health->jobs = g_new0 (char *, 1);
      return health;
    }

  health->branch = g_strdup (pick_branch (health->branches, wanted));
  filter.branch = health->branch;
  builds = culprit_store_list_builds (store, &filter, error);
  annotations = builds ? culprit_store_list_annotations (store, health->branch, error) : NULL;
  health->report = annotations ? culprit_report_new (store, &filter, error) : NULL;
  if (health->report == NULL)
    goto fail;

  for (guint i = 0; i < annotations->len; i++)
    {
      CulpritAnnotation *a = g_ptr_array_index (annotations, i);

      g_hash_table_insert (health->annotated, g_memdup2 (&a->build_id, sizeof (gint64)),
                           g_strdup (a->note));
    }

  /* rows: commits in the order of their newest build; columns: jobs */
  for (guint i = 0; i < builds->len; i++)
    {
      CulpritBuild *b = g_ptr_array_index (builds, i);
      const char *sha = culprit_build_get_vcs_revision (b);
      const char *job = culprit_build_get_job (b);

      if (sha == NULL || job == NULL)
        continue;
      if (!g_hash_table_contains (commit_rows, sha) && health->commits->len < MAX_COMMITS)
        {
          g_ptr_array_add (health->commits, g_strdup (sha));
          g_hash_table_insert (commit_rows, (gpointer)sha, GUINT_TO_POINTER (health->commits->len));
        }
      if (g_hash_table_contains (commit_rows, sha) && g_hash_table_add (jobs, (gpointer)job))
        g_ptr_array_add (job_list, (gpointer)job);
    }
  g_ptr_array_sort (job_list, compare_strings);
  n_jobs = job_list->len;
  g_ptr_array_add (job_list, NULL);
  health->jobs = g_strdupv ((char **)job_list->pdata);

  g_ptr_array_set_size (health->cells, health->commits->len * n_jobs);
  for (guint i = 0; i < builds->len; i++)
    {
      CulpritBuild *b = g_ptr_array_index (builds, i);
      const char *sha = culprit_build_get_vcs_revision (b);
      guint row = sha ? GPOINTER_TO_UINT (g_hash_table_lookup (commit_rows, sha)) : 0;

      if (row == 0 || culprit_build_get_job (b) == NULL)
        continue;
      for (guint c = 0; c < n_jobs; c++)
        if (g_str_equal (health->jobs[c], culprit_build_get_job (b)))
          {
            gpointer *cell = &health->cells->pdata[(row - 1) * n_jobs + c];

            /* builds come newest first: keep the first */
            if (*cell == NULL)
              *cell = g_object_ref (b);
          }
    }
  return health;

fail:
  health_free (health);
  return NULL;
}

static void
set_loading (CulpritHealthPage *self,
             gboolean           loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static char *
format_week (const char *key)
{
  g_autofree char *iso = g_strconcat (key, "T00:00:00Z", NULL);
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (iso, NULL);

  return dt ? g_date_time_format (dt, _("%b %-d")) : g_strdup (key);
}

static void
show_weeks (CulpritHealthPage *self,
            CulpritReport     *report)
{
  const char * const *categories = culprit_report_get_categories ();
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; report != NULL && i < culprit_report_get_n_weeks (report); i++)
    {
      const CulpritReportGroup *week = culprit_report_get_week (report, i);
      g_autofree char *label = format_week (week->key);
      CulpritChartItem *item = culprit_chart_item_new (label, week->key);
      g_autofree char *value = NULL;
      g_autofree char *detail = NULL;
      GString *breakdown = g_string_new (NULL);
      double share = week->total ? 100.0 * week->failed / week->total : 0;

      /* failures stacked under the passed builds: the share shows */
      for (guint c = 0; categories[c]; c++)
        if (week->by_category[c] > 0)
          {
            culprit_chart_item_add_segment (item, culprit_chart_color_for_category (categories[c]),
                                            week->by_category[c]);
            g_string_append_printf (breakdown, "\n%s: %u", culprit_category_get_label (categories[c]),
                                    week->by_category[c]);
          }
      value = g_strdup_printf (_("%.0f%% of %u failed"), share, week->total);
      detail = g_markup_printf_escaped (_("<b>Week of %s</b>\n%u of %u builds failed (%.0f%%)%s"),
                                        label, week->failed, week->total, share, breakdown->str);
      culprit_chart_item_set_value_text (item, value);
      culprit_chart_item_set_detail (item, detail);
      g_ptr_array_add (items, item);
      g_string_free (breakdown, TRUE);
    }
  g_list_store_splice (self->weeks, 0, g_list_model_get_n_items (G_LIST_MODEL (self->weeks)),
                       items->pdata, items->len);
}

static void
on_loaded (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CulpritHealthPage) self = user_data;
  g_autoptr(GError) error = NULL;
  Health *health;
  guint red = 0, known = 0, rows, columns;
  g_autofree char *summary = NULL;

  health = culprit_database_run_finish (CULPRIT_DATABASE (object), result, &error);
  if (health == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_warning ("Could not read the branch's builds: %s", error->message);
          set_loading (self, FALSE);
        }
      return;
    }

  g_free (self->branch);
  self->branch = g_strdup (health->branch);

  self->updating = TRUE;
  gtk_string_list_splice (self->branches, 0, g_list_model_get_n_items (G_LIST_MODEL (self->branches)),
                          (const char * const *)health->branches);
  for (guint i = 0; health->branches[i]; i++)
    if (g_strcmp0 (health->branches[i], health->branch) == 0)
      gtk_drop_down_set_selected (self->branch_dropdown, i);
  self->updating = FALSE;

  culprit_health_grid_set_data (self->grid, health->commits, health->jobs, health->cells, health->annotated);
  show_weeks (self, health->report);

  rows = culprit_health_grid_get_n_rows (self->grid);
  columns = culprit_health_grid_get_n_columns (self->grid);
  for (guint r = 0; r < rows; r++)
    {
      gboolean commit_red = FALSE, commit_known = FALSE;

      for (guint c = 0; c < columns; c++)
        {
          CulpritChartColor color = culprit_health_grid_get_color (self->grid, r, c);

          if (color == CULPRIT_CHART_COLOR_KNOWN_PROBLEM || color == CULPRIT_CHART_COLOR_FLAKY)
            commit_known = TRUE;
          else if (color != CULPRIT_CHART_COLOR_PASSED && color != CULPRIT_CHART_N_COLORS &&
                   color != CULPRIT_CHART_COLOR_PENDING)
            commit_red = TRUE;
        }
      red += commit_red;
      known += !commit_red && commit_known;
    }
  if (rows > 0)
    summary = g_strdup_printf (_("Last %u commits: %u with a failure to look at, %u failing only of "
                                 "flaky or known causes"), rows, red, known);
  gtk_label_set_label (self->summary_label, summary ? summary : "");

  health_free (health);
  set_loading (self, FALSE);
}

static void
reload (CulpritHealthPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->database == NULL)
    return;
  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  culprit_database_run_async (self->database, load_health, g_strdup (self->branch), g_free,
                              (GDestroyNotify)health_free, self->cancellable, on_loaded,
                              g_object_ref (self));
}

static void
on_database_changed (CulpritHealthPage *self)
{
  self->stale = !gtk_widget_get_mapped (GTK_WIDGET (self));
  if (!self->stale)
    reload (self);
}

static void
on_branch_changed (CulpritHealthPage *self)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (self->branch_dropdown);

  if (self->updating || item == NULL)
    return;
  g_free (self->branch);
  self->branch = g_strdup (gtk_string_object_get_string (item));
  reload (self);
}

static void
on_build_activated (CulpritHealthPage *self,
                    CulpritBuild      *build)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (CULPRIT_IS_WINDOW (root))
    culprit_window_show_build (CULPRIT_WINDOW (root), build);
}

/* Annotating */

typedef struct
{
  gint64  build_id;
  char   *note;     /* NULL: remove */
} Annotate;

static void
annotate_free (Annotate *annotate)
{
  g_free (annotate->note);
  g_free (annotate);
}

static gpointer
annotate_build (CulpritStore  *store,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  Annotate *annotate = data;
  gboolean ok;

  if (annotate->note != NULL)
    ok = culprit_store_annotate_build (store, annotate->build_id, CULPRIT_CATEGORY_KNOWN_PROBLEM,
                                       annotate->note, g_get_real_name (), error);
  else
    ok = culprit_store_remove_annotation (store, annotate->build_id, error);
  return ok ? GINT_TO_POINTER (TRUE) : NULL;
}

static void
on_annotated (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CulpritHealthPage) self = user_data;
  g_autoptr(GError) error = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (culprit_database_run_finish (CULPRIT_DATABASE (object), result, &error) == NULL)
    {
      if (CULPRIT_IS_WINDOW (root))
        culprit_window_show_error (CULPRIT_WINDOW (root), _("Could not save the note"), error);
      return;
    }
  culprit_database_emit_changed (self->database);
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
  Annotate *annotate;

  g_return_if_fail (CULPRIT_IS_HEALTH_PAGE (self));
  g_return_if_fail (CULPRIT_IS_BUILD (build));

  annotate = g_new0 (Annotate, 1);
  annotate->build_id = culprit_build_get_id (build);
  annotate->note = g_strdup (note);
  culprit_database_run_async (self->database, annotate_build, annotate, (GDestroyNotify)annotate_free,
                              NULL, NULL, on_annotated, g_object_ref (self));
}

static void
on_annotate_response (AdwMessageDialog  *dialog,
                      const char        *response,
                      CulpritHealthPage *self)
{
  CulpritBuild *build = g_object_get_data (G_OBJECT (dialog), "build");
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));

  if (g_str_equal (response, "mark"))
    culprit_health_page_annotate (self, build, gtk_editable_get_text (entry));
  else if (g_str_equal (response, "remove"))
    culprit_health_page_annotate (self, build, NULL);
}

static void
on_build_menu (CulpritHealthPage *self,
               CulpritBuild      *build)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *heading = NULL;
  GtkWidget *entry = gtk_entry_new ();
  AdwMessageDialog *dialog;

  if (!culprit_build_is_failed (build))
    return;

  heading = g_strdup_printf (_("Mark Build %" G_GINT64_FORMAT " as a Known Problem?"),
                             culprit_build_get_build_num (build));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (root), heading,
                                                       _("The branch’s health shows it as a known "
                                                         "problem, with your note, instead of a "
                                                         "failure to look at.")));
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Why, e.g. a link to the issue"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove the Mark"),
                                    "mark", _("_Mark"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "mark", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "mark");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "build", g_object_ref (build), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_annotate_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
legend_entry (const char *category)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *dot = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *label = gtk_label_new (culprit_category_get_label (category));

  gtk_widget_add_css_class (dot, "legend-dot");
  gtk_widget_add_css_class (dot, category);
  gtk_widget_set_valign (dot, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (box), dot);
  gtk_box_append (GTK_BOX (box), label);
  return box;
}

static void
culprit_health_page_map (GtkWidget *widget)
{
  CulpritHealthPage *self = CULPRIT_HEALTH_PAGE (widget);

  GTK_WIDGET_CLASS (culprit_health_page_parent_class)->map (widget);
  if (self->stale)
    on_database_changed (self);
}

static void
culprit_health_page_dispose (GObject *object)
{
  CulpritHealthPage *self = (CulpritHealthPage *)object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->database != NULL)
    g_signal_handlers_disconnect_by_func (self->database, on_database_changed, self);
  g_clear_object (&self->database);
  gtk_widget_dispose_template (GTK_WIDGET (self), CULPRIT_TYPE_HEALTH_PAGE);
  /* the template's root has no id, so it is unparented here */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->branches);
  g_clear_object (&self->weeks);
  g_clear_pointer (&self->branch, g_free);

  G_OBJECT_CLASS (culprit_health_page_parent_class)->dispose (object);
}

static void
culprit_health_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  CulpritHealthPage *self = CULPRIT_HEALTH_PAGE (object);

  switch (prop_id)
    {
    case PROP_LOADING: g_value_set_boolean (value, self->loading); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
culprit_health_page_class_init (CulpritHealthPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = culprit_health_page_dispose;
  object_class->get_property = culprit_health_page_get_property;
  widget_class->map = culprit_health_page_map;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CULPRIT_TYPE_HEALTH_GRID);
  g_type_ensure (CULPRIT_TYPE_COLUMN_CHART);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/culprit/Culprit/culprit-health-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CulpritHealthPage, branch_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CulpritHealthPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, CulpritHealthPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CulpritHealthPage, grid);
  gtk_widget_class_bind_template_child (widget_class, CulpritHealthPage, legend);
  gtk_widget_class_bind_template_child (widget_class, CulpritHealthPage, weeks_chart);
  gtk_widget_class_bind_template_callback (widget_class, on_branch_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_build_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_build_menu);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
culprit_health_page_init (CulpritHealthPage *self)
{
  const char * const *categories = culprit_report_get_categories ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->branches = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->branch_dropdown, G_LIST_MODEL (self->branches));
  self->weeks = g_list_store_new (CULPRIT_TYPE_CHART_ITEM);
  culprit_column_chart_set_model (self->weeks_chart, G_LIST_MODEL (self->weeks));
  culprit_column_chart_set_title (self->weeks_chart, _("Builds of the branch per week, by category"));

  for (guint i = 0; categories[i]; i++)
    gtk_flow_box_append (self->legend, legend_entry (categories[i]));
}

void
culprit_health_page_set_database (CulpritHealthPage *self,
                                  CulpritDatabase   *database)
{
  g_return_if_fail (CULPRIT_IS_HEALTH_PAGE (self));

  if (self->database != NULL)
    g_signal_handlers_disconnect_by_func (self->database, on_database_changed, self);
  g_set_object (&self->database, database);
  if (database != NULL)
    {
      g_signal_connect_object (database, "changed", G_CALLBACK (on_database_changed), self,
                               G_CONNECT_SWAPPED);
      on_database_changed (self);
    }
}

gboolean
culprit_health_page_get_loading (CulpritHealthPage *self)
{
  g_return_val_if_fail (CULPRIT_IS_HEALTH_PAGE (self), FALSE);
  return self->loading;
}

const char *
culprit_health_page_get_branch (CulpritHealthPage *self)
{
  g_return_val_if_fail (CULPRIT_IS_HEALTH_PAGE (self), NULL);
  return self->branch;
}

GtkWidget *
culprit_health_page_get_grid (CulpritHealthPage *self)
{
  g_return_val_if_fail (CULPRIT_IS_HEALTH_PAGE (self), NULL);
  return GTK_WIDGET (self->grid);
}

GListModel *
culprit_health_page_get_weeks (CulpritHealthPage *self)
{
  g_return_val_if_fail (CULPRIT_IS_HEALTH_PAGE (self), NULL);
  return G_LIST_MODEL (self->weeks);
}
