/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-overview-page"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "culprit-bar-chart.h"
#include "culprit-chart-item.h"
#include "culprit-column-chart.h"
#include "culprit-database.h"
#include "culprit-format.h"
#include "culprit-overview-page.h"
#include "culprit-settings.h"

/* The overview: how many builds fail and why, for a branch, a job and a
 * date range. The report is computed in a thread (culprit_report_new()
 * through CulpritDatabase); the page turns it into three chart models.
 * A range counts back from today; when the store has no build in it (an
 * old store, or the demo), it counts back from the newest build's day
 * instead, and the label above the numbers says so. */

#define MAX_CAUSES 12

static const char * const ranges[] = { "7d", "30d", "90d", "all" };
static const int range_days[] = { 7, 30, 90, 0 };

struct _CulpritOverviewPage
{
  CulpritPage       parent_instance;

  /* template widgets */
  GtkDropDown      *branch_dropdown;
  GtkDropDown      *job_dropdown;
  GtkDropDown      *range_dropdown;
  GtkSpinner       *spinner;
  GtkLabel         *range_label;
  GtkLabel         *failed_value;
  GtkLabel         *failed_caption;
  GtkLabel         *flaky_value;
  GtkLabel         *flaky_caption;
  GtkLabel         *known_value;
  GtkLabel         *known_caption;
  GtkLabel         *unexplained_value;
  GtkLabel         *unexplained_caption;
  GtkBox           *causes_legend;
  CulpritBarChart  *causes_chart;
  GtkWidget        *no_patterns_box;
  CulpritColumnChart *weeks_chart;
  GtkFlowBox       *categories_legend;
  CulpritBarChart  *jobs_chart;

  /* owned references */
  CulpritReport    *report;
  GListStore       *causes;
  GListStore       *weeks;
  GListStore       *jobs;
  GtkStringList    *branches;
  GtkStringList    *job_names;
  gint64            first_build;
  gint64            last_build;
  gint64            n_builds;
  guint             n_patterns;
  gint64            report_since;     /* of the report under way or shown */
  gboolean          summary_pending;  /* the choices are being read */
  gboolean          report_pending;
  gboolean          report_stale;     /* the filter changed while the summary was read */
  gboolean          updating_choices;
};

G_DEFINE_FINAL_TYPE (CulpritOverviewPage, culprit_overview_page, CULPRIT_TYPE_PAGE)

enum {
  PATTERN_ACTIVATED,
  JOB_ACTIVATED,
  WEEK_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void load_report (CulpritOverviewPage *self);

static const char *
selected_string (GtkDropDown *dropdown)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (dropdown);

  /* the first item is "All …" */
  if (item == NULL || gtk_drop_down_get_selected (dropdown) == 0)
    return NULL;
  return gtk_string_object_get_string (item);
}

/**
 * culprit_overview_page_get_filter:
 *
 * Fills @filter with the page's filters; its strings belong to the page.
 */
void
culprit_overview_page_get_filter (CulpritOverviewPage *self,
                                  CulpritBuildFilter  *filter)
{
  guint range = gtk_drop_down_get_selected (self->range_dropdown);

  g_return_if_fail (CULPRIT_IS_OVERVIEW_PAGE (self));

  memset (filter, 0, sizeof *filter);
  filter->branch = selected_string (self->branch_dropdown);
  filter->job = selected_string (self->job_dropdown);
  if (range < G_N_ELEMENTS (range_days) && range_days[range] > 0)
    filter->since = culprit_overview_range_since (g_get_real_time () / G_USEC_PER_SEC, self->last_build,
                                                  range_days[range], NULL);
}

/**
 * culprit_overview_range_since:
 * @now: the time now, unix seconds
 * @newest: when the newest stored build was queued, or 0
 * @days: the range's length in days
 * @from_newest: (out) (optional): whether the range ends at the newest
 *   build's day rather than today
 *
 * The start of a range of whole days (UTC) that ends with today, or with
 * the newest build's day when no build is as recent as the range.
 *
 * Returns: unix seconds
 */
gint64
culprit_overview_range_since (gint64    now,
                              gint64    newest,
                              guint     days,
                              gboolean *from_newest)
{
  gint64 end = (now / 86400 + 1) * 86400;
  gint64 since = end - (gint64)days * 86400;
  gboolean old = newest > 0 && newest < since;

  if (old)
    since = (newest / 86400 + 1) * 86400 - (gint64)days * 86400;
  if (from_newest != NULL)
    *from_newest = old;
  return since;
}

static char *
format_day (gint64 when)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (when);

  /* Translators: a short date, see g_date_time_format() */
  return g_date_time_format (dt, _("%b %-d, %Y"));
}

static char *
format_week (const char *key)
{
  g_autofree char *iso = g_strconcat (key, "T00:00:00Z", NULL);
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (iso, NULL);

  if (dt == NULL)
    return g_strdup (key);
  /* Translators: a week's Monday on the chart's axis, see g_date_time_format() */
  return g_date_time_format (dt, _("%b %-d"));
}

static double
percent (guint part,
         guint whole)
{
  return whole ? 100.0 * part / whole : 0;
}

static void
set_stat (GtkLabel   *value,
          GtkLabel   *caption,
          guint       part,
          guint       whole,
          char       *caption_text)
{
  g_autofree char *value_text = culprit_format_percent (percent (part, whole), 0);

  gtk_label_set_label (value, value_text);
  gtk_label_set_label (caption, caption_text);
  g_free (caption_text);
}

static char *
breakdown_markup (const CulpritReportGroup *group)
{
  const char * const *categories = culprit_report_get_categories ();
  GString *out = g_string_new (NULL);

  for (guint c = 0; categories[c]; c++)
    {
      if (g_str_equal (categories[c], CULPRIT_CATEGORY_PASSED) || group->by_category[c] == 0)
        continue;
      g_string_append_printf (out, "\n%s: %u", culprit_category_get_label (categories[c]),
                              group->by_category[c]);
    }
  return g_string_free (out, FALSE);
}

static CulpritChartItem *
group_item (const CulpritReportGroup *group,
            const char               *label,
            const char               *title)
{
  const char * const *categories = culprit_report_get_categories ();
  CulpritChartItem *item = culprit_chart_item_new (label, group->key);
  g_autofree char *value = NULL;
  g_autofree char *share = NULL;
  g_autofree char *breakdown = breakdown_markup (group);
  g_autofree char *escaped = g_markup_escape_text (title, -1);
  g_autofree char *detail = NULL;

  for (guint c = 0; categories[c]; c++)
    if (!g_str_equal (categories[c], CULPRIT_CATEGORY_PASSED) && group->by_category[c] > 0)
      culprit_chart_item_add_segment (item, culprit_chart_color_for_category (categories[c]),
                                      group->by_category[c]);

  share = culprit_format_percent (percent (group->failed, group->total), 0);
  /* Translators: the last %s is a percentage */
  value = g_strdup_printf (_("%u of %u failed (%s)"), group->failed, group->total, share);
  culprit_chart_item_set_value_text (item, value);
  detail = g_strdup_printf ("<b>%s</b>\n%s%s", escaped, value, breakdown);
  culprit_chart_item_set_detail (item, detail);
  return item;
}

static void
show_report (CulpritOverviewPage *self)
{
  CulpritReport *report = self->report;
  guint failed = culprit_report_get_failed (report);
  guint total = culprit_report_get_total (report);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *failed_text = NULL;
  g_autofree char *failed_caption = NULL;
  guint n;

  /* the numbers */
  failed_text = culprit_format_percent (percent (failed, total), 0);
  gtk_label_set_label (self->failed_value, failed_text);
  failed_caption = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u build failed",
                                                 "%u of %u builds failed", total),
                                    failed, total);
  gtk_label_set_label (self->failed_caption, failed_caption);
  n = culprit_report_get_category (report, CULPRIT_CATEGORY_FLAKY);
  set_stat (self->flaky_value, self->flaky_caption, n, failed,
            g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u flaky failure", "%u flaky failures", n), n));
  n = culprit_report_get_category (report, CULPRIT_CATEGORY_KNOWN_PROBLEM);
  set_stat (self->known_value, self->known_caption, n, failed,
            g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u known problem", "%u known problems", n), n));
  n = culprit_report_get_category (report, CULPRIT_CATEGORY_UNEXPLAINED);
  set_stat (self->unexplained_value, self->unexplained_caption, n, failed,
            g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u unexplained failure",
                                          "%u unexplained failures", n), n));

  /* causes; with none, why: no failure, no pattern yet, or no match */
  if (failed == 0)
    culprit_bar_chart_set_placeholder (self->causes_chart, NULL);
  else if (self->n_patterns == 0)
    culprit_bar_chart_set_placeholder (self->causes_chart, _("No patterns yet, so nothing explains these failures"));
  else
    culprit_bar_chart_set_placeholder (self->causes_chart, _("No pattern matches a failed build in this range"));
  gtk_widget_set_visible (self->no_patterns_box, failed > 0 && self->n_patterns == 0);
  n = MIN (culprit_report_get_n_causes (report), MAX_CAUSES);
  for (guint i = 0; i < n; i++)
    {
      const CulpritReportCause *cause = culprit_report_get_cause (report, i);
      CulpritChartItem *item = culprit_chart_item_new (cause->pattern, "pattern");
      g_autofree char *share = culprit_format_percent (cause->share * 100, 1);
      g_autofree char *value = g_strdup_printf ("%u · %s", cause->builds, share);
      g_autofree char *escaped = g_markup_escape_text (cause->pattern, -1);
      g_autofree char *first = format_day (cause->first_seen);
      g_autofree char *last = format_day (cause->last_seen);
      g_autofree char *tags = g_strjoinv (", ", cause->tags);
      g_autofree char *tags_escaped = g_markup_escape_text (tags, -1);
      g_autofree char *detail = NULL;

      culprit_chart_item_set_id (item, cause->pattern_id);
      culprit_chart_item_add_segment (item, culprit_chart_color_for_tags ((const char * const *)cause->tags),
                                      cause->builds);
      culprit_chart_item_set_value_text (item, value);
      /* Translators: the third %s is a percentage */
      detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "<b>%s</b>\n%u of %u failed build (%s)\nFirst seen %s, last seen %s%s%s",
                                             "<b>%s</b>\n%u of %u failed builds (%s)\nFirst seen %s, last seen %s%s%s",
                                             failed),
                                escaped, cause->builds, failed, share, first, last,
                                tags[0] ? _("\nTags: ") : "", tags_escaped);
      culprit_chart_item_set_detail (item, detail);
      g_ptr_array_add (items, item);
    }
  g_list_store_splice (self->causes, 0, g_list_model_get_n_items (G_LIST_MODEL (self->causes)),
                       items->pdata, items->len);
  g_ptr_array_set_size (items, 0);

  /* weeks */
  for (guint i = 0; i < culprit_report_get_n_weeks (report); i++)
    {
      const CulpritReportGroup *week = culprit_report_get_week (report, i);
      g_autofree char *label = format_week (week->key);
      g_autofree char *title = g_strdup_printf (_("Week of %s"), label);

      g_ptr_array_add (items, group_item (week, label, title));
    }
  g_list_store_splice (self->weeks, 0, g_list_model_get_n_items (G_LIST_MODEL (self->weeks)),
                       items->pdata, items->len);
  g_ptr_array_set_size (items, 0);

  /* jobs, most failures first */
  for (guint i = 0; i < culprit_report_get_n_jobs (report); i++)
    {
      const CulpritReportGroup *job = culprit_report_get_job (report, i);
      const char *name = job->key[0] ? job->key : _("(no job)");

      if (job->failed > 0)
        g_ptr_array_add (items, group_item (job, name, name));
    }
  g_list_store_splice (self->jobs, 0, g_list_model_get_n_items (G_LIST_MODEL (self->jobs)),
                       items->pdata, items->len);
}

static void
on_report_loaded (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(CulpritOverviewPage) self = user_data;
  g_autoptr(GError) error = NULL;
  CulpritReport *report;

  report = culprit_database_load_report_finish (CULPRIT_DATABASE (object), result, &error);
  if (report == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_warning ("Could not count the builds: %s", error->message);
          self->report_pending = FALSE;
          culprit_page_set_loading (CULPRIT_PAGE (self), FALSE);
        }
      return;
    }

  g_clear_pointer (&self->report, culprit_report_free);
  self->report = report;
  self->report_pending = FALSE;
  /* the placeholder and the range depend on the summary: shown with it */
  if (self->summary_pending)
    return;
  show_report (self);
  culprit_page_set_loading (CULPRIT_PAGE (self), FALSE);
}

static void
start_report (CulpritOverviewPage *self,
              GCancellable        *cancellable)
{
  CulpritBuildFilter filter;

  culprit_overview_page_get_filter (self, &filter);
  self->report_since = filter.since;
  self->report_pending = TRUE;
  culprit_database_load_report_async (culprit_page_get_database (CULPRIT_PAGE (self)), &filter, cancellable,
                                      on_report_loaded, g_object_ref (self));
}

/* The numbers, for the filter chosen now: a load under way for another
 * one is cancelled. While the summary is read, the report waits for it. */
static void
load_report (CulpritOverviewPage *self)
{
  CulpritPage *page = CULPRIT_PAGE (self);

  if (culprit_page_get_database (page) == NULL)
    return;
  if (self->summary_pending)
    {
      self->report_stale = TRUE;
      return;
    }
  start_report (self, culprit_page_begin_load (page));
}

static void
set_choices (GtkDropDown   *dropdown,
             GtkStringList *list,
             const char    *all,
             char         **values)
{
  const char *selected = selected_string (dropdown);
  g_autofree char *keep = g_strdup (selected);
  guint position = 0;

  gtk_string_list_splice (list, 0, g_list_model_get_n_items (G_LIST_MODEL (list)), NULL);
  gtk_string_list_append (list, all);
  for (guint i = 0; values && values[i]; i++)
    {
      gtk_string_list_append (list, values[i]);
      if (g_strcmp0 (values[i], keep) == 0)
        position = i + 1;
    }
  gtk_drop_down_set_selected (dropdown, position);
}

/* Which builds the numbers are of: the whole store's, or a range that
 * ends today or, in an old store, with the newest build's day. */
static void
update_range_label (CulpritOverviewPage *self)
{
  guint range = gtk_drop_down_get_selected (self->range_dropdown);
  g_autofree char *text = NULL;

  if (self->n_builds == 0)
    ;
  else if (range < G_N_ELEMENTS (range_days) && range_days[range] > 0)
    {
      gboolean from_newest;
      gint64 since = culprit_overview_range_since (g_get_real_time () / G_USEC_PER_SEC, self->last_build,
                                                   range_days[range], &from_newest);
      g_autofree char *first = format_day (since);

      if (from_newest)
        {
          g_autofree char *last = format_day (self->last_build);

          /* Translators: the dates of the range the overview shows */
          text = g_strdup_printf (_("From %s to %s, the day of the newest build"), first, last);
        }
      else
        text = g_strdup_printf (_("From %s to today"), first);
    }
  else
    {
      g_autofree char *first = format_day (self->first_build);
      g_autofree char *last = format_day (self->last_build);
      g_autofree char *count = g_strdup_printf ("%'" G_GINT64_FORMAT, self->n_builds);

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s build from %s to %s",
                                           "%s builds from %s to %s", self->n_builds),
                              count, first, last);
    }
  gtk_label_set_label (self->range_label, text ? text : "");
}

static void
on_summary_loaded (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CulpritOverviewPage) self = user_data;
  g_autoptr(CulpritDatabaseSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  g_autofree char *branch = NULL;
  g_autofree char *job = NULL;

  summary = culprit_database_load_summary_finish (CULPRIT_DATABASE (object), result, &error);
  if (summary == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_warning ("Could not read the store: %s", error->message);
          self->summary_pending = FALSE;
          culprit_page_set_loading (CULPRIT_PAGE (self), self->report_pending);
        }
      return;
    }

  branch = g_strdup (selected_string (self->branch_dropdown));
  job = g_strdup (selected_string (self->job_dropdown));
  self->updating_choices = TRUE;
  set_choices (self->branch_dropdown, self->branches, _("All Branches"), summary->branches);
  set_choices (self->job_dropdown, self->job_names, _("All Jobs"), summary->jobs);
  self->updating_choices = FALSE;
  /* a branch or job chosen before that the store no longer has */
  if (g_strcmp0 (branch, selected_string (self->branch_dropdown)) != 0 ||
      g_strcmp0 (job, selected_string (self->job_dropdown)) != 0)
    self->report_stale = TRUE;

  self->first_build = summary->first_build;
  self->last_build = summary->last_build;
  self->n_builds = summary->n_builds;
  self->n_patterns = summary->n_patterns;
  self->summary_pending = FALSE;
  update_range_label (self);

  {
    CulpritBuildFilter filter;

    /* the report read meanwhile counted from another day, or for a
     * choice that is no longer offered: read it again */
    culprit_overview_page_get_filter (self, &filter);
    if (filter.since != self->report_since || self->report_stale)
      {
        self->report_stale = FALSE;
        start_report (self, culprit_page_get_cancellable (CULPRIT_PAGE (self)));
        return;
      }
  }
  if (!self->report_pending)
    {
      show_report (self);
      culprit_page_set_loading (CULPRIT_PAGE (self), FALSE);
    }
}

/* The choices (branches, jobs) and the numbers at once: the numbers are
 * shown when both are in, which takes the longer of the two rather than
 * their sum. */
static void
culprit_overview_page_reload (CulpritPage *page)
{
  CulpritOverviewPage *self = CULPRIT_OVERVIEW_PAGE (page);
  GCancellable *cancellable = culprit_page_begin_load (page);

  self->summary_pending = TRUE;
  self->report_stale = FALSE;
  culprit_database_load_summary_async (culprit_page_get_database (page), cancellable, on_summary_loaded,
                                       g_object_ref (page));
  start_report (self, cancellable);
}

static void
on_filter_changed (CulpritOverviewPage *self)
{
  guint range = gtk_drop_down_get_selected (self->range_dropdown);

  if (self->updating_choices)
    return;
  if (range < G_N_ELEMENTS (ranges))
    culprit_settings_set_string (culprit_settings_get_default (), "overview-range", ranges[range]);
  update_range_label (self);
  load_report (self);
}

static void
on_cause_activated (CulpritOverviewPage *self,
                    CulpritChartItem    *item)
{
  g_signal_emit (self, signals[PATTERN_ACTIVATED], 0, culprit_chart_item_get_id (item),
                 culprit_chart_item_get_label (item));
}

static void
on_job_activated (CulpritOverviewPage *self,
                  CulpritChartItem    *item)
{
  g_signal_emit (self, signals[JOB_ACTIVATED], 0, culprit_chart_item_get_key (item));
}

/* A week's key is its Monday (UTC), as culprit_report_new() groups them. */
static void
on_week_activated (CulpritOverviewPage *self,
                   CulpritChartItem    *item)
{
  g_autofree char *iso = g_strconcat (culprit_chart_item_get_key (item), "T00:00:00Z", NULL);
  g_autoptr(GDateTime) monday = g_date_time_new_from_iso8601 (iso, NULL);

  if (monday == NULL)
    return;
  g_signal_emit (self, signals[WEEK_ACTIVATED], 0, g_date_time_to_unix (monday),
                 culprit_chart_item_get_label (item));
}

static void
culprit_overview_page_dispose (GObject *object)
{
  CulpritOverviewPage *self = (CulpritOverviewPage *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), CULPRIT_TYPE_OVERVIEW_PAGE);
  g_clear_pointer (&self->report, culprit_report_free);
  g_clear_object (&self->causes);
  g_clear_object (&self->weeks);
  g_clear_object (&self->jobs);
  g_clear_object (&self->branches);
  g_clear_object (&self->job_names);

  G_OBJECT_CLASS (culprit_overview_page_parent_class)->dispose (object);
}

static void
culprit_overview_page_class_init (CulpritOverviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = culprit_overview_page_dispose;
  CULPRIT_PAGE_CLASS (klass)->reload = culprit_overview_page_reload;


  signals[PATTERN_ACTIVATED] =
    g_signal_new ("pattern-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);
  signals[JOB_ACTIVATED] =
    g_signal_new ("job-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* the week's Monday in unix seconds (UTC), and its label */
  signals[WEEK_ACTIVATED] =
    g_signal_new ("week-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);

  g_type_ensure (CULPRIT_TYPE_BAR_CHART);
  g_type_ensure (CULPRIT_TYPE_COLUMN_CHART);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/culprit/Culprit/culprit-overview-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CulpritOverviewPage, branch_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CulpritOverviewPage, job_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CulpritOverviewPage, range_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CulpritOverviewPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, CulpritOverviewPage, range_label);
  gtk_widget_class_bind_template_child (widget_class, CulpritOverviewPage, failed_value);
  gtk_widget_class_bind_template_child (widget_class, CulpritOverviewPage, failed_caption);
  gtk_widget_class_bind_template_child (widget_class, CulpritOverviewPage, flaky_value);
  gtk_widget_class_bind_template_child (widget_class, CulpritOverviewPage, flaky_caption);
  gtk_widget_class_bind_template_child (widget_class, CulpritOverviewPage, known_value);
  gtk_widget_class_bind_template_child (widget_class, CulpritOverviewPage, known_caption);
  gtk_widget_class_bind_template_child (widget_class, CulpritOverviewPage, unexplained_value);
  gtk_widget_class_bind_template_child (widget_class, CulpritOverviewPage, unexplained_caption);
  gtk_widget_class_bind_template_child (widget_class, CulpritOverviewPage, causes_legend);
  gtk_widget_class_bind_template_child (widget_class, CulpritOverviewPage, causes_chart);
  gtk_widget_class_bind_template_child (widget_class, CulpritOverviewPage, no_patterns_box);
  gtk_widget_class_bind_template_child (widget_class, CulpritOverviewPage, weeks_chart);
  gtk_widget_class_bind_template_child (widget_class, CulpritOverviewPage, categories_legend);
  gtk_widget_class_bind_template_child (widget_class, CulpritOverviewPage, jobs_chart);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_cause_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_job_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_week_activated);

}

static void
culprit_overview_page_init (CulpritOverviewPage *self)
{
  const char * const *categories = culprit_report_get_categories ();
  const char * const cause_classes[] = {
    CULPRIT_CATEGORY_FLAKY, CULPRIT_CATEGORY_KNOWN_PROBLEM, CULPRIT_CATEGORY_MATCHED,
  };
  g_autofree char *range = culprit_settings_dup_string (culprit_settings_get_default (), "overview-range");

  self->updating_choices = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  g_object_bind_property (self, "loading", self->spinner, "spinning", G_BINDING_SYNC_CREATE);

  self->causes = g_list_store_new (CULPRIT_TYPE_CHART_ITEM);
  self->weeks = g_list_store_new (CULPRIT_TYPE_CHART_ITEM);
  self->jobs = g_list_store_new (CULPRIT_TYPE_CHART_ITEM);
  culprit_bar_chart_set_model (self->causes_chart, G_LIST_MODEL (self->causes));
  culprit_column_chart_set_model (self->weeks_chart, G_LIST_MODEL (self->weeks));
  culprit_column_chart_set_title (self->weeks_chart, _("Failed builds per week, by category"));
  culprit_bar_chart_set_model (self->jobs_chart, G_LIST_MODEL (self->jobs));

  self->branches = gtk_string_list_new (NULL);
  self->job_names = gtk_string_list_new (NULL);
  gtk_string_list_append (self->branches, _("All Branches"));
  gtk_string_list_append (self->job_names, _("All Jobs"));
  gtk_drop_down_set_model (self->branch_dropdown, G_LIST_MODEL (self->branches));
  gtk_drop_down_set_model (self->job_dropdown, G_LIST_MODEL (self->job_names));

  for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
    if (g_strcmp0 (range, ranges[i]) == 0)
      gtk_drop_down_set_selected (self->range_dropdown, i);

  for (guint i = 0; i < G_N_ELEMENTS (cause_classes); i++)
    gtk_box_append (self->causes_legend, culprit_legend_entry_new (cause_classes[i]));
  for (guint i = 0; categories[i]; i++)
    if (!g_str_equal (categories[i], CULPRIT_CATEGORY_PASSED))
      gtk_flow_box_append (self->categories_legend, culprit_legend_entry_new (categories[i]));

  self->updating_choices = FALSE;
}

/**
 * culprit_overview_page_get_report:
 *
 * Returns: (transfer none) (nullable): the report the charts show
 */
CulpritReport *
culprit_overview_page_get_report (CulpritOverviewPage *self)
{
  g_return_val_if_fail (CULPRIT_IS_OVERVIEW_PAGE (self), NULL);
  return self->report;
}

static void
select_string (GtkDropDown *dropdown,
               const char  *value)
{
  GListModel *model = gtk_drop_down_get_model (dropdown);

  for (guint i = 1; value != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), value) == 0)
        {
          gtk_drop_down_set_selected (dropdown, i);
          return;
        }
    }
  gtk_drop_down_set_selected (dropdown, 0);
}

/**
 * culprit_overview_page_set_filter:
 * @branch: (nullable): a branch, or %NULL for all
 * @job: (nullable): a job, or %NULL for all
 * @range: (nullable): `7d`, `30d`, `90d` or `all`
 */
void
culprit_overview_page_set_filter (CulpritOverviewPage *self,
                                  const char          *branch,
                                  const char          *job,
                                  const char          *range)
{
  g_return_if_fail (CULPRIT_IS_OVERVIEW_PAGE (self));

  self->updating_choices = TRUE;
  select_string (self->branch_dropdown, branch);
  select_string (self->job_dropdown, job);
  for (guint i = 0; range != NULL && i < G_N_ELEMENTS (ranges); i++)
    if (g_str_equal (range, ranges[i]))
      gtk_drop_down_set_selected (self->range_dropdown, i);
  self->updating_choices = FALSE;
  on_filter_changed (self);
}

/**
 * culprit_overview_page_get_causes:
 *
 * Returns: (transfer none): the causes chart's items (CulpritChartItem)
 */
GListModel *
culprit_overview_page_get_causes (CulpritOverviewPage *self)
{
  g_return_val_if_fail (CULPRIT_IS_OVERVIEW_PAGE (self), NULL);
  return culprit_bar_chart_get_model (self->causes_chart);
}

GListModel *
culprit_overview_page_get_weeks (CulpritOverviewPage *self)
{
  g_return_val_if_fail (CULPRIT_IS_OVERVIEW_PAGE (self), NULL);
  return culprit_column_chart_get_model (self->weeks_chart);
}

GListModel *
culprit_overview_page_get_jobs (CulpritOverviewPage *self)
{
  g_return_val_if_fail (CULPRIT_IS_OVERVIEW_PAGE (self), NULL);
  return culprit_bar_chart_get_model (self->jobs_chart);
}

GtkWidget *
culprit_overview_page_get_weeks_chart (CulpritOverviewPage *self)
{
  g_return_val_if_fail (CULPRIT_IS_OVERVIEW_PAGE (self), NULL);
  return GTK_WIDGET (self->weeks_chart);
}

GtkWidget *
culprit_overview_page_get_causes_chart (CulpritOverviewPage *self)
{
  g_return_val_if_fail (CULPRIT_IS_OVERVIEW_PAGE (self), NULL);
  return GTK_WIDGET (self->causes_chart);
}

/**
 * culprit_overview_page_dup_range_name:
 *
 * Returns: (nullable): the name of the chosen date range ("Last 30 Days"),
 *   or %NULL when every build counts
 */
char *
culprit_overview_page_dup_range_name (CulpritOverviewPage *self)
{
  guint range;

  g_return_val_if_fail (CULPRIT_IS_OVERVIEW_PAGE (self), NULL);

  range = gtk_drop_down_get_selected (self->range_dropdown);
  if (range >= G_N_ELEMENTS (range_days) || range_days[range] == 0)
    return NULL;
  return g_strdup (gtk_string_object_get_string (gtk_drop_down_get_selected_item (self->range_dropdown)));
}

GtkWidget *
culprit_overview_page_get_jobs_chart (CulpritOverviewPage *self)
{
  g_return_val_if_fail (CULPRIT_IS_OVERVIEW_PAGE (self), NULL);
  return GTK_WIDGET (self->jobs_chart);
}

/* Shown when the store has failed builds but no pattern: it offers the
 * starter set and an import. */
GtkWidget *
culprit_overview_page_get_no_patterns_box (CulpritOverviewPage *self)
{
  g_return_val_if_fail (CULPRIT_IS_OVERVIEW_PAGE (self), NULL);
  return self->no_patterns_box;
}
