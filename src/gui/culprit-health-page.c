/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-health-page"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "culprit-chart-item.h"
#include "culprit-column-chart.h"
#include "culprit-database.h"
#include "culprit-format.h"
#include "culprit-health-grid.h"
#include "culprit-health-page-private.h"
#include "culprit-mark-dialog.h"

/* The main branch's health: its recent commits by job, coloured by why
 * each build failed, failures marked as known problems by hand (stored as
 * annotations, by build, by commit or by job across commits), the weekly
 * share of its commits with an unexplained failure, and its builds per
 * week. The branch is "main", else
 * "master", else another one picked from the list. */

#define MAX_COMMITS 40


/* the struct is in culprit-health-page-private.h; marking is in
 * culprit-health-page-marks.c */
G_DEFINE_FINAL_TYPE (CulpritHealthPage, culprit_health_page, CULPRIT_TYPE_PAGE)

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
      g_autofree char *percent = NULL;
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
      percent = culprit_format_percent (share, 0);
      /* Translators: the first %s is a percentage */
      value = g_strdup_printf (_("%s of %u failed"), percent, week->total);
      /* Translators: the last but one %s is a percentage */
      detail = g_markup_printf_escaped (g_dngettext (GETTEXT_PACKAGE,
                                                     "<b>Week of %s</b>\n%u of %u build failed (%s)%s",
                                                     "<b>Week of %s</b>\n%u of %u builds failed (%s)%s",
                                                     week->total),
                                        label, week->failed, week->total, percent, breakdown->str);
      culprit_chart_item_set_value_text (item, value);
      culprit_chart_item_set_detail (item, detail);
      g_ptr_array_add (items, item);
      g_string_free (breakdown, TRUE);
    }
  g_list_store_splice (self->weeks, 0, g_list_model_get_n_items (G_LIST_MODEL (self->weeks)),
                       items->pdata, items->len);
}

static void
show_unexplained (CulpritHealthPage *self,
                  GArray            *weeks)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; weeks != NULL && i < weeks->len; i++)
    {
      const CulpritHealthWeek *week = &g_array_index (weeks, CulpritHealthWeek, i);
      g_autofree char *label = format_week (week->key);
      CulpritChartItem *item = culprit_chart_item_new (label, week->key);
      guint percent = culprit_health_share_percent (week->unexplained, week->commits);
      g_autofree char *share = NULL;
      g_autofree char *value = NULL;
      g_autofree char *detail = NULL;

      /* columns of 100: the share with an unexplained failure on the rest */
      culprit_chart_item_add_segment (item, CULPRIT_CHART_COLOR_UNEXPLAINED, percent);
      culprit_chart_item_add_segment (item, CULPRIT_CHART_COLOR_PASSED, 100 - percent);
      share = culprit_format_percent (percent, 0);
      /* Translators: the first %s is a percentage */
      value = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %u of %u commit", "%s: %u of %u commits",
                                            week->commits), share, week->unexplained, week->commits);
      /* Translators: the second %s is a percentage */
      detail = g_markup_printf_escaped (g_dngettext (GETTEXT_PACKAGE,
                                                     "<b>Week of %s</b>\n%u of %u commit (%s) has a failure "
                                                     "that no pattern or mark explains",
                                                     "<b>Week of %s</b>\n%u of %u commits (%s) have a failure "
                                                     "that no pattern or mark explains", week->commits),
                                        label, week->unexplained, week->commits, share);
      culprit_chart_item_set_value_text (item, value);
      culprit_chart_item_set_detail (item, detail);
      g_ptr_array_add (items, item);
    }
  g_list_store_splice (self->unexplained_weeks, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->unexplained_weeks)),
                       items->pdata, items->len);
}

static void
on_loaded (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CulpritHealthPage) self = user_data;
  g_autoptr(GError) error = NULL;
  CulpritHealth *health;
  guint red = 0, known = 0, rows, columns;
  g_autofree char *summary = NULL;

  health = culprit_database_load_health_finish (CULPRIT_DATABASE (object), result, &error);
  if (health == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_warning ("Could not read the branch's builds: %s", error->message);
          culprit_page_set_loading (CULPRIT_PAGE (self), FALSE);
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
  show_unexplained (self, health->unexplained);

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
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "Last %u commit: %u with a failure to look at, %u failing only of "
                                            "flaky or known causes",
                                            "Last %u commits: %u with a failure to look at, %u failing only of "
                                            "flaky or known causes", rows), rows, red, known);
  gtk_label_set_label (self->summary_label, summary ? summary : "");

  culprit_health_free (health);
  culprit_page_set_loading (CULPRIT_PAGE (self), FALSE);
}

static void
culprit_health_page_reload (CulpritPage *page)
{
  CulpritHealthPage *self = CULPRIT_HEALTH_PAGE (page);
  GCancellable *cancellable = culprit_page_begin_load (page);

  culprit_database_load_health_async (culprit_page_get_database (page), self->branch, MAX_COMMITS, cancellable,
                                      on_loaded, g_object_ref (self));
}

static void
on_branch_changed (CulpritHealthPage *self)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (self->branch_dropdown);

  if (self->updating || item == NULL)
    return;
  g_free (self->branch);
  self->branch = g_strdup (gtk_string_object_get_string (item));
  culprit_page_reload (CULPRIT_PAGE (self));
}

static void
on_build_activated (CulpritHealthPage *self,
                    CulpritBuild      *build)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-build", "x", culprit_build_get_id (build));
}

static void
culprit_health_page_dispose (GObject *object)
{
  CulpritHealthPage *self = (CulpritHealthPage *)object;

  if (self->mark_dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->mark_dialog), (gpointer *)&self->mark_dialog);
      self->mark_dialog = NULL;
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), CULPRIT_TYPE_HEALTH_PAGE);
  g_clear_object (&self->branches);
  g_clear_object (&self->weeks);
  g_clear_object (&self->unexplained_weeks);
  g_clear_pointer (&self->branch, g_free);

  G_OBJECT_CLASS (culprit_health_page_parent_class)->dispose (object);
}

static void
culprit_health_page_class_init (CulpritHealthPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = culprit_health_page_dispose;
  CULPRIT_PAGE_CLASS (klass)->reload = culprit_health_page_reload;


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
  gtk_widget_class_bind_template_child (widget_class, CulpritHealthPage, unexplained_chart);
  gtk_widget_class_bind_template_callback (widget_class, on_branch_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_build_activated);
  gtk_widget_class_bind_template_callback_full (widget_class, "on_build_menu",
                                                G_CALLBACK (_culprit_health_page_on_build_menu));

  gtk_widget_class_install_action (widget_class, "health.mark-build", "x", _culprit_health_page_action);
  gtk_widget_class_install_action (widget_class, "health.mark-commit", "x", _culprit_health_page_action);
  gtk_widget_class_install_action (widget_class, "health.mark-range", "x", _culprit_health_page_action);
  gtk_widget_class_install_action (widget_class, "health.remove-mark", "x", _culprit_health_page_action);
  gtk_widget_class_install_action (widget_class, "health.open-build", "x", _culprit_health_page_action);

}

static void
culprit_health_page_init (CulpritHealthPage *self)
{
  const char * const *categories = culprit_report_get_categories ();

  gtk_widget_init_template (GTK_WIDGET (self));
  g_object_bind_property (self, "loading", self->spinner, "spinning", G_BINDING_SYNC_CREATE);

  self->branches = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->branch_dropdown, G_LIST_MODEL (self->branches));
  self->weeks = g_list_store_new (CULPRIT_TYPE_CHART_ITEM);
  culprit_column_chart_set_model (self->weeks_chart, G_LIST_MODEL (self->weeks));
  culprit_column_chart_set_title (self->weeks_chart, _("Builds of the branch per week, by category"));
  self->unexplained_weeks = g_list_store_new (CULPRIT_TYPE_CHART_ITEM);
  culprit_column_chart_set_model (self->unexplained_chart, G_LIST_MODEL (self->unexplained_weeks));
  culprit_column_chart_set_title (self->unexplained_chart,
                                  _("Share of the branch’s commits per week with an unexplained "
                                    "failure, in per cent"));

  for (guint i = 0; categories[i]; i++)
    gtk_flow_box_append (self->legend, culprit_legend_entry_new (categories[i]));
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

/**
 * culprit_health_page_get_unexplained_weeks:
 *
 * Returns: (transfer none): the weeks of the unexplained-failures chart,
 *   oldest first: CulpritChartItems keyed by their Monday, whose first
 *   segment is the per cent of the week's commits with an unexplained
 *   failure
 */
GListModel *
culprit_health_page_get_unexplained_weeks (CulpritHealthPage *self)
{
  g_return_val_if_fail (CULPRIT_IS_HEALTH_PAGE (self), NULL);
  return G_LIST_MODEL (self->unexplained_weeks);
}

/**
 * culprit_health_share_percent:
 *
 * Returns: @part of @whole in whole per cent, rounded half up; 0 of 0 is 0
 */
guint
culprit_health_share_percent (guint part,
                              guint whole)
{
  g_return_val_if_fail (part <= whole, 100);
  return whole ? (200 * part + whole) / (2 * whole) : 0;
}
