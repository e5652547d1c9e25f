/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The GUI's helpers without a window: ANSI rendering, the regex that
 * "Create Pattern from This Line" suggests, the log model's lines and
 * highlights, chart items, issue links and shares; and what the three
 * charts share through CulpritChart, each in a window of its own. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <gtk/gtk.h>

#include <culprit.h>

#include "culprit-ansi.h"
#include "culprit-bar-chart.h"
#include "culprit-chart.h"
#include "culprit-chart-item.h"
#include "culprit-column-chart.h"
#include "culprit-health-grid.h"
#include "culprit-health-page.h"
#include "culprit-log-line.h"
#include "culprit-filter.h"
#include "culprit-format.h"
#include "culprit-log-model.h"
#include "culprit-overview-page.h"
#include "culprit-pattern-suggest.h"

static gboolean
has_attr (PangoAttrList  *attrs,
          PangoAttrType   type,
          guint           start,
          guint           end)
{
  g_autoptr(GSList) list = NULL;
  PangoAttrIterator *iter = pango_attr_list_get_iterator (attrs);
  gboolean found = FALSE;

  do
    {
      int s, e;
      PangoAttribute *attr;

      pango_attr_iterator_range (iter, &s, &e);
      attr = pango_attr_iterator_get (iter, type);
      if (attr != NULL && (guint)s <= start && (guint)e >= end)
        found = TRUE;
    }
  while (!found && pango_attr_iterator_next (iter));
  pango_attr_iterator_destroy (iter);
  return found;
}

static void
test_ansi_colours (void)
{
  const char *line = "pass \033[1;31mFAILED\033[0m done\r";
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();
  g_autofree char *text = NULL;
  gsize len;

  text = culprit_ansi_render (line, strlen (line), attrs, &len);
  g_assert_cmpstr (text, ==, "pass FAILED done");
  g_assert_cmpuint (len, ==, strlen ("pass FAILED done"));
  g_assert_true (has_attr (attrs, PANGO_ATTR_FOREGROUND, 5, 11));
  g_assert_true (has_attr (attrs, PANGO_ATTR_WEIGHT, 5, 11));
  g_assert_false (has_attr (attrs, PANGO_ATTR_FOREGROUND, 12, 16));
}

static void
test_ansi_other_sequences (void)
{
  const char *line = "\033[2K\033]0;title\007a\tb\033[38;5;208mc\033[38;2;1;2;3md\033[39m";
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();
  g_autofree char *text = culprit_ansi_render (line, strlen (line), attrs, NULL);

  g_assert_cmpstr (text, ==, "a\tbcd");
  g_assert_true (has_attr (attrs, PANGO_ATTR_FOREGROUND, 3, 4));
  g_assert_true (has_attr (attrs, PANGO_ATTR_FOREGROUND, 4, 5));
}

static void
test_ansi_invalid_utf8 (void)
{
  const char line[] = "bad \xff byte";
  g_autofree char *text = culprit_ansi_render (line, sizeof line - 1, NULL, NULL);

  g_assert_true (g_utf8_validate (text, -1, NULL));
}

static void
test_suggest_regex (void)
{
  struct { const char *line; const char *regex; } cases[] = {
    { "Killed process 4242 (python3)", "Killed process \\d+ \\(python\\d+\\)" },
    { "2026-07-30T10:39:20.7140484Z fatal: bad object 3f9a2c1d8e7b", "fatal: bad object [0-9a-f]{7,40}" },
    { "\033[31mERROR\033[0m test_case_12 failed after 3.5s", "ERROR test_case_\\d+ failed after \\d+\\.\\d+s" },
    { "  deadbeef is not a hash but dead12beef is  ", "deadbeef is not a hash but [0-9a-f]{7,40} is" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *regex = culprit_pattern_suggest_regex (cases[i].line, -1);
      g_autoptr(GRegex) compiled = g_regex_new (regex, 0, 0, NULL);
      g_autoptr(GString) scratch = g_string_new (NULL);
      gsize len;
      const char *normal = culprit_line_normalise (cases[i].line, strlen (cases[i].line), scratch, &len);
      g_autofree char *subject = g_strndup (normal, len);

      g_assert_cmpstr (regex, ==, cases[i].regex);
      g_assert_nonnull (compiled);
      g_assert_true (g_regex_match (compiled, subject, 0, NULL));
    }
}

static void
test_log_model (void)
{
  const char *text = "one\n2026-07-30T10:39:20Z two \033[32mok\033[0m\nthree";
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));
  g_autoptr(CulpritLogModel) model = culprit_log_model_new (bytes);
  CulpritLogSpan spans[] = { { 2, 0, 3 }, { 3, 1, 3 } };
  g_autoptr(CulpritLogLine) line = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);
  culprit_log_model_set_highlights (model, spans, G_N_ELEMENTS (spans));
  g_assert_cmpuint (culprit_log_model_get_n_highlighted (model), ==, 2);
  g_assert_cmpuint (culprit_log_model_get_highlighted_line (model, 0), ==, 2);
  g_assert_false (culprit_log_model_is_highlighted (model, 1));

  line = g_list_model_get_item (G_LIST_MODEL (model), 1);
  g_assert_cmpuint (culprit_log_line_get_number (line), ==, 2);
  g_assert_cmpstr (culprit_log_line_get_text (line), ==, "2026-07-30T10:39:20Z two ok");
  g_assert_true (culprit_log_line_get_highlighted (line));
  /* the span "two" is after the timestamp, which normalisation removes */
  g_assert_true (has_attr (culprit_log_line_get_attributes (line), PANGO_ATTR_BACKGROUND, 21, 24));
  g_assert_false (has_attr (culprit_log_line_get_attributes (line), PANGO_ATTR_BACKGROUND, 0, 3));
}

static void
test_log_model_empty (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static ("", 0);
  g_autoptr(CulpritLogModel) model = culprit_log_model_new (bytes);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 0));
}

static void
test_chart_item (void)
{
  g_autoptr(CulpritChartItem) item = culprit_chart_item_new ("build", "build");
  CulpritChartColor color;

  culprit_chart_item_add_segment (item, CULPRIT_CHART_COLOR_FLAKY, 3);
  culprit_chart_item_add_segment (item, CULPRIT_CHART_COLOR_UNEXPLAINED, 4);
  g_assert_cmpuint (culprit_chart_item_get_total (item), ==, 7);
  g_assert_cmpuint (culprit_chart_item_get_segment (item, 1, &color), ==, 4);
  g_assert_cmpint (color, ==, CULPRIT_CHART_COLOR_UNEXPLAINED);
  g_assert_cmpint (culprit_chart_color_for_category (CULPRIT_CATEGORY_KNOWN_PROBLEM), ==,
                   CULPRIT_CHART_COLOR_KNOWN_PROBLEM);
}

static void
test_issue_url (void)
{
  g_assert_true (culprit_issue_url_is_valid (""));
  g_assert_true (culprit_issue_url_is_valid (NULL));
  g_assert_true (culprit_issue_url_is_valid ("https://github.com/acme/rocket/issues/42"));
  g_assert_true (culprit_issue_url_is_valid ("http://jira.example.com/browse/INFRA-42"));
  g_assert_false (culprit_issue_url_is_valid ("INFRA-42"));
  g_assert_false (culprit_issue_url_is_valid ("github.com/acme/rocket/issues/42"));
  g_assert_false (culprit_issue_url_is_valid ("https://"));
  g_assert_false (culprit_issue_url_is_valid ("ftp://example.com/x"));
  g_assert_false (culprit_issue_url_is_valid ("https://exa mple.com/"));
}

static void
test_share_percent (void)
{
  g_assert_cmpuint (culprit_health_share_percent (0, 0), ==, 0);
  g_assert_cmpuint (culprit_health_share_percent (0, 7), ==, 0);
  g_assert_cmpuint (culprit_health_share_percent (1, 3), ==, 33);
  g_assert_cmpuint (culprit_health_share_percent (2, 3), ==, 67);
  g_assert_cmpuint (culprit_health_share_percent (1, 200), ==, 1);
  g_assert_cmpuint (culprit_health_share_percent (1, 8), ==, 13);
  g_assert_cmpuint (culprit_health_share_percent (5, 5), ==, 100);
}

/* "Last 30 Days" ends today; in a store with nothing that recent it ends
 * with the newest build's day, and says so. */
static void
test_overview_range (void)
{
  gint64 now = 1796558400;        /* 2026-12-06 12:00 UTC */
  gint64 tomorrow = 1796601600;   /* 2026-12-07 00:00 UTC */
  gboolean from_newest = TRUE;

  /* a build today: the 30 days up to the end of today */
  g_assert_cmpint (culprit_overview_range_since (now, now - 3600, 30, &from_newest), ==, tomorrow - 30 * 86400);
  g_assert_false (from_newest);
  /* a build 29 days ago still falls in it */
  g_assert_cmpint (culprit_overview_range_since (now, now - 29 * 86400, 30, &from_newest), ==,
                   tomorrow - 30 * 86400);
  g_assert_false (from_newest);
  /* the newest build 40 days ago: the 30 days up to its day */
  g_assert_cmpint (culprit_overview_range_since (now, now - 40 * 86400, 30, &from_newest), ==,
                   tomorrow - 40 * 86400 - 30 * 86400);
  g_assert_true (from_newest);
  /* an empty store: from today */
  g_assert_cmpint (culprit_overview_range_since (now, 0, 7, &from_newest), ==, tomorrow - 7 * 86400);
  g_assert_false (from_newest);
}

/* Every percentage goes through one function, its sign where the
 * translation puts it, its number rounded as asked. */
static void
test_format_percent (void)
{
  g_autofree char *whole = culprit_format_percent (28.4, 0);
  g_autofree char *tenth = culprit_format_percent (18.46, 1);
  g_autofree char *zero = culprit_format_percent (0, 1);

  g_assert_cmpstr (whole, ==, "28%");
  g_assert_cmpstr (tenth, ==, "18.5%");
  g_assert_cmpstr (zero, ==, "0.0%");
}

/* CIE L*a*b* of an sRGB colour (D65) */
static void
rgba_to_lab (const GdkRGBA *rgba,
             double         lab[3])
{
  double c[3] = { rgba->red, rgba->green, rgba->blue };
  double xyz[3], f[3];

  for (guint i = 0; i < 3; i++)
    c[i] = c[i] <= 0.04045 ? c[i] / 12.92 : pow ((c[i] + 0.055) / 1.055, 2.4);
  xyz[0] = (0.4124 * c[0] + 0.3576 * c[1] + 0.1805 * c[2]) / 0.95047;
  xyz[1] = 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  xyz[2] = (0.0193 * c[0] + 0.1192 * c[1] + 0.9505 * c[2]) / 1.08883;
  for (guint i = 0; i < 3; i++)
    f[i] = xyz[i] > 0.008856 ? cbrt (xyz[i]) : 7.787 * xyz[i] + 16.0 / 116;
  lab[0] = 116 * f[1] - 16;
  lab[1] = 500 * (f[0] - f[1]);
  lab[2] = 200 * (f[1] - f[2]);
}

static double
color_distance (CulpritChartColor a,
                CulpritChartColor b,
                gboolean          dark)
{
  GdkRGBA ra, rb;
  double la[3], lb[3];

  culprit_chart_color_get_rgba (a, dark, &ra);
  culprit_chart_color_get_rgba (b, dark, &rb);
  rgba_to_lab (&ra, la);
  rgba_to_lab (&rb, lb);
  return sqrt ((la[0] - lb[0]) * (la[0] - lb[0]) + (la[1] - lb[1]) * (la[1] - lb[1]) +
               (la[2] - lb[2]) * (la[2] - lb[2]));
}

/* Every two categories are told apart (CIE76 distance of 30 or more) in
 * both styles, flaky and timeout clearly; and the legend dots' CSS holds
 * the charts' colours of the style. */
static void
test_category_colours (void)
{
  for (guint dark = 0; dark < 2; dark++)
    {
      g_autofree char *css = culprit_chart_color_get_css (dark);

      for (CulpritChartColor a = 0; a < CULPRIT_CHART_N_COLORS; a++)
        {
          g_autofree char *rule = NULL;
          g_autofree char *color = NULL;
          GdkRGBA rgba;

          for (CulpritChartColor b = a + 1; b < CULPRIT_CHART_N_COLORS; b++)
            {
              g_test_message ("%s: %u vs %u: %.1f", dark ? "dark" : "light", a, b,
                              color_distance (a, b, dark));
              g_assert_cmpfloat (color_distance (a, b, dark), >=, 30);
            }

          culprit_chart_color_get_rgba (a, dark, &rgba);
          color = gdk_rgba_to_string (&rgba);
          rule = g_strdup_printf (".legend-dot.%s { background-color: %s; }",
                                  culprit_report_get_categories ()[a], color);
          g_assert_nonnull (strstr (css, rule));
        }
      g_assert_cmpfloat (color_distance (CULPRIT_CHART_COLOR_FLAKY, CULPRIT_CHART_COLOR_TIMEOUT, dark),
                         >=, 40);
    }
}

static void
count_changed (CulpritFilter *filter,
               guint         *count)
{
  (*count)++;
}

/* The window's filter: one ::changed per change, or per freeze and thaw
 * however many things changed; an empty string filters nothing. */
static void
test_filter (void)
{
  g_autoptr(CulpritFilter) filter = culprit_filter_new ();
  guint changed = 0;

  g_signal_connect (filter, "changed", G_CALLBACK (count_changed), &changed);
  culprit_filter_set_job (filter, "test");
  g_assert_cmpuint (changed, ==, 1);
  culprit_filter_set_job (filter, "test");
  g_assert_cmpuint (changed, ==, 1);
  culprit_filter_set_job (filter, "");
  g_assert_null (culprit_filter_get_job (filter));
  g_assert_cmpuint (changed, ==, 2);

  culprit_filter_freeze (filter);
  culprit_filter_set_category (filter, "failed");
  culprit_filter_set_branch (filter, "main");
  culprit_filter_set_pattern (filter, 7, "DNS");
  culprit_filter_set_period (filter, 100, 200, "Week of Oct 12");
  g_assert_cmpuint (changed, ==, 2);
  culprit_filter_thaw (filter);
  g_assert_cmpuint (changed, ==, 3);
  g_assert_cmpstr (culprit_filter_get_pattern_name (filter), ==, "DNS");
  g_assert_cmpint (culprit_filter_get_until (filter), ==, 200);

  /* no pattern, no period: their names go with them */
  culprit_filter_set_pattern (filter, 0, "DNS");
  culprit_filter_set_period (filter, 0, 0, "Week of Oct 12");
  g_assert_null (culprit_filter_get_pattern_name (filter));
  g_assert_null (culprit_filter_get_period (filter));
  g_assert_cmpuint (changed, ==, 5);

  /* a thaw with nothing changed says nothing */
  culprit_filter_freeze (filter);
  culprit_filter_set_branch (filter, "main");
  culprit_filter_thaw (filter);
  g_assert_cmpuint (changed, ==, 5);
}

/* The charts' shared behaviour, which CulpritChart gives all three: shown
 * in a window, driven through their own controllers as GTK would. */

static void
show_in_window (GtkWidget *chart)
{
  GtkWidget *window = gtk_window_new ();
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  gtk_widget_set_valign (chart, GTK_ALIGN_START);
  gtk_widget_set_halign (chart, GTK_ALIGN_START);
  gtk_widget_set_size_request (chart, 600, -1);
  gtk_window_set_child (GTK_WINDOW (window), chart);
  gtk_window_present (GTK_WINDOW (window));
  while (gtk_widget_get_width (chart) == 0 && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (gtk_widget_get_width (chart), >, 0);
}

static void
close_chart_window (GtkWidget *chart)
{
  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (chart)));
}

static GtkEventController *
find_controller (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller;
    }
  g_assert_not_reached ();
}

static gboolean
press_key (GtkWidget *chart,
           guint      keyval)
{
  gboolean handled = FALSE;

  g_signal_emit_by_name (find_controller (chart, GTK_TYPE_EVENT_CONTROLLER_KEY), "key-pressed",
                         keyval, 0, 0, &handled);
  return handled;
}

static void
move_pointer (GtkWidget *chart,
              double     x,
              double     y)
{
  g_signal_emit_by_name (find_controller (chart, GTK_TYPE_EVENT_CONTROLLER_MOTION), "motion", x, y);
}

static gboolean
query_tooltip (GtkWidget *chart,
               double     x,
               double     y,
               gboolean   keyboard_mode)
{
  g_autoptr(GtkTooltip) tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
  gboolean shown = FALSE;

  g_signal_emit_by_name (chart, "query-tooltip", (int)x, (int)y, keyboard_mode, tooltip, &shown);
  return shown;
}

static void
on_item_activated (CulpritChart  *chart,
                   GObject       *item,
                   GObject      **activated)
{
  g_set_object (activated, item);
}

static GListModel *
make_items (void)
{
  GListStore *store = g_list_store_new (CULPRIT_TYPE_CHART_ITEM);
  static const char *labels[] = { "build", "lint", "test" };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      g_autoptr(CulpritChartItem) item = culprit_chart_item_new (labels[i], labels[i]);
      g_autofree char *value = g_strdup_printf ("%u failed", i + 1);
      g_autofree char *detail = g_strdup_printf ("<b>%s</b>", labels[i]);

      culprit_chart_item_add_segment (item, CULPRIT_CHART_COLOR_UNEXPLAINED, i + 1);
      culprit_chart_item_set_value_text (item, value);
      culprit_chart_item_set_detail (item, detail);
      g_list_store_append (store, item);
    }
  return G_LIST_MODEL (store);
}

/* A point of @chart over item @index, found through the chart itself. */
static gboolean
point_of_item (GtkWidget *chart,
               int        index,
               double    *x,
               double    *y)
{
  for (int py = 0; py < gtk_widget_get_height (chart); py += 2)
    for (int px = 0; px < gtk_widget_get_width (chart); px += 4)
      if (culprit_chart_get_item_at (CULPRIT_CHART (chart), px, py) == index)
        {
          *x = px;
          *y = py;
          return TRUE;
        }
  return FALSE;
}

/* What the bar chart and the column chart share: @next and @previous are
 * the keys that move between their items. */
static void
check_item_chart (GtkWidget *chart,
                  guint      next,
                  guint      previous,
                  guint      across)
{
  g_autoptr(GListModel) items = make_items ();
  g_autoptr(GObject) activated = NULL;
  g_autoptr(CulpritChartItem) second = g_list_model_get_item (items, 1);
  g_autoptr(CulpritChartItem) third = g_list_model_get_item (items, 2);
  g_autofree char *tip = NULL;
  double x, y;

  culprit_chart_set_model (CULPRIT_CHART (chart), items);
  culprit_chart_set_title (CULPRIT_CHART (chart), "Failed builds by job");
  g_signal_connect (chart, "item-activated", G_CALLBACK (on_item_activated), &activated);
  show_in_window (chart);

  /* the keyboard moves the focus item, Enter and Space activate it */
  g_assert_cmpint (culprit_chart_get_focus_item (CULPRIT_CHART (chart)), ==, 0);
  g_assert_false (press_key (chart, previous));
  g_assert_false (press_key (chart, across));
  g_assert_true (press_key (chart, next));
  g_assert_cmpint (culprit_chart_get_focus_item (CULPRIT_CHART (chart)), ==, 1);
  g_assert_null (activated);
  g_assert_true (press_key (chart, GDK_KEY_Return));
  g_assert_true (activated == G_OBJECT (second));
  g_assert_true (press_key (chart, GDK_KEY_End));
  g_assert_cmpint (culprit_chart_get_focus_item (CULPRIT_CHART (chart)), ==, 2);
  g_assert_false (press_key (chart, next));
  g_assert_true (press_key (chart, GDK_KEY_space));
  g_assert_true (activated == G_OBJECT (third));
  g_assert_true (press_key (chart, previous));
  g_assert_cmpint (culprit_chart_get_focus_item (CULPRIT_CHART (chart)), ==, 1);
  g_assert_true (press_key (chart, GDK_KEY_Home));
  g_assert_cmpint (culprit_chart_get_focus_item (CULPRIT_CHART (chart)), ==, 0);
  g_assert_true (query_tooltip (chart, 0, 0, TRUE));

  /* the pointer over the third item: its hover and its tooltip */
  g_assert_true (point_of_item (chart, 2, &x, &y));
  move_pointer (chart, x, y);
  g_assert_cmpint (culprit_chart_get_hover_item (CULPRIT_CHART (chart)), ==, 2);
  g_assert_true (culprit_chart_is_highlighted (CULPRIT_CHART (chart), 2));
  g_assert_true (query_tooltip (chart, x, y, FALSE));
  tip = culprit_chart_dup_tooltip (CULPRIT_CHART (chart), 2);
  g_assert_cmpstr (tip, ==, "<b>test</b>");
  g_signal_emit_by_name (find_controller (chart, GTK_TYPE_EVENT_CONTROLLER_MOTION), "leave");
  g_assert_cmpint (culprit_chart_get_hover_item (CULPRIT_CHART (chart)), ==, -1);
  g_assert_false (query_tooltip (chart, 0, gtk_widget_get_height (chart) + 10, FALSE));

  /* the accessible label and description */
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Failed builds by job");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "build: 1 failed; lint: 2 failed; test: 3 failed");

  /* a new model: no hover, the summary follows */
  culprit_chart_set_model (CULPRIT_CHART (chart), NULL);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "No data");
  g_clear_object (&activated);
  g_assert_true (press_key (chart, GDK_KEY_Return));
  g_assert_null (activated);

  close_chart_window (chart);
}

static void
test_bar_chart_shared (void)
{
  GtkWidget *chart = culprit_bar_chart_new ();
  double x, y;

  check_item_chart (chart, GDK_KEY_Down, GDK_KEY_Up, GDK_KEY_Right);

  /* the bar chart's own names for the same */
  chart = culprit_bar_chart_new ();
  {
    g_autoptr(GListModel) items = make_items ();

    culprit_bar_chart_set_model (CULPRIT_BAR_CHART (chart), items);
    show_in_window (chart);
    g_assert_true (point_of_item (chart, 1, &x, &y));
    g_assert_cmpint (culprit_bar_chart_get_row_at (CULPRIT_BAR_CHART (chart), x, y), ==, 1);
    g_assert_true (culprit_bar_chart_get_model (CULPRIT_BAR_CHART (chart)) == items);
    close_chart_window (chart);
  }
}

static void
test_column_chart_shared (void)
{
  g_autoptr(GListModel) items = make_items ();
  g_autoptr(GObject) activated = NULL;
  g_autoptr(CulpritChartItem) third = g_list_model_get_item (items, 2);
  GtkWidget *chart = culprit_column_chart_new ();

  check_item_chart (chart, GDK_KEY_Right, GDK_KEY_Left, GDK_KEY_Down);

  chart = culprit_column_chart_new ();
  culprit_column_chart_set_model (CULPRIT_COLUMN_CHART (chart), items);
  g_signal_connect (chart, "item-activated", G_CALLBACK (on_item_activated), &activated);
  show_in_window (chart);
  culprit_column_chart_activate_column (CULPRIT_COLUMN_CHART (chart), 2);
  g_assert_true (activated == G_OBJECT (third));
  g_assert_cmpint (culprit_chart_get_focus_item (CULPRIT_CHART (chart)), ==, 2);
  close_chart_window (chart);
}

static void
unref_nullable (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

/* The health grid: a cell is an item; the arrow keys move in two
 * directions, Enter opens the cell's build, the Menu key its menu; an
 * empty cell has a tooltip, but nothing to open. */
static void
test_health_grid_shared (void)
{
  GtkWidget *chart = g_object_new (CULPRIT_TYPE_HEALTH_GRID, NULL);
  CulpritHealthGrid *grid = CULPRIT_HEALTH_GRID (chart);
  g_autoptr(GPtrArray) commits = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (unref_nullable);
  const char *jobs[] = { "build", "test", NULL };
  g_autoptr(GObject) activated = NULL;
  g_autoptr(GObject) opened = NULL;
  g_autoptr(GObject) menu = NULL;
  g_autofree char *tip = NULL;
  g_autofree char *expected = NULL;
  GdkRectangle area;

  g_ptr_array_add (commits, g_strdup ("0123456789abcdef"));
  g_ptr_array_add (commits, g_strdup ("fedcba9876543210"));
  g_ptr_array_add (cells, culprit_build_new ("gh/acme/rocket", 1));
  g_ptr_array_add (cells, NULL);
  g_ptr_array_add (cells, culprit_build_new ("gh/acme/rocket", 3));
  g_ptr_array_add (cells, culprit_build_new ("gh/acme/rocket", 4));
  culprit_health_grid_set_data (grid, commits, (char **)jobs, cells, NULL);
  g_signal_connect (chart, "item-activated", G_CALLBACK (on_item_activated), &activated);
  g_signal_connect (chart, "build-activated", G_CALLBACK (on_item_activated), &opened);
  g_signal_connect (chart, "build-menu", G_CALLBACK (on_item_activated), &menu);
  show_in_window (chart);

  g_assert_cmpuint (culprit_chart_get_n_items (CULPRIT_CHART (chart)), ==, 4);
  g_assert_cmpint (culprit_chart_get_focus_item (CULPRIT_CHART (chart)), ==, 0);
  g_assert_false (press_key (chart, GDK_KEY_Up));
  g_assert_false (press_key (chart, GDK_KEY_Left));
  g_assert_true (press_key (chart, GDK_KEY_Right));
  g_assert_cmpint (culprit_chart_get_focus_item (CULPRIT_CHART (chart)), ==, 1);
  g_assert_false (press_key (chart, GDK_KEY_Right));
  /* the empty cell: nothing to open, no menu */
  g_assert_true (press_key (chart, GDK_KEY_Return));
  g_assert_true (press_key (chart, GDK_KEY_Menu));
  g_assert_null (activated);
  g_assert_null (menu);
  g_assert_true (press_key (chart, GDK_KEY_Down));
  g_assert_cmpint (culprit_chart_get_focus_item (CULPRIT_CHART (chart)), ==, 3);
  g_assert_false (press_key (chart, GDK_KEY_Down));
  g_assert_true (press_key (chart, GDK_KEY_Left));
  g_assert_cmpint (culprit_chart_get_focus_item (CULPRIT_CHART (chart)), ==, 2);
  g_assert_true (press_key (chart, GDK_KEY_Return));
  g_assert_true (activated == g_ptr_array_index (cells, 2));
  g_assert_true (opened == g_ptr_array_index (cells, 2));
  g_assert_true (press_key (chart, GDK_KEY_Home));
  g_assert_true (press_key (chart, GDK_KEY_Menu));
  g_assert_true (menu == g_ptr_array_index (cells, 0));
  g_assert_true (press_key (chart, GDK_KEY_End));
  g_assert_true (press_key (chart, GDK_KEY_space));
  g_assert_true (opened == g_ptr_array_index (cells, 3));

  /* the pointer over the empty cell: hovered, with its tooltip */
  culprit_health_grid_get_cell_area (grid, 0, 1, &area);
  move_pointer (chart, area.x + area.width / 2.0, area.y + area.height / 2.0);
  g_assert_cmpint (culprit_chart_get_hover_item (CULPRIT_CHART (chart)), ==, 1);
  g_assert_true (query_tooltip (chart, area.x + area.width / 2.0, area.y + area.height / 2.0,
                                FALSE));
  tip = culprit_chart_dup_tooltip (CULPRIT_CHART (chart), 1);
  expected = culprit_health_grid_dup_tooltip_markup (grid, 0, 1);
  g_assert_cmpstr (tip, ==, expected);
  g_assert_cmpstr (tip, ==, "No build of test on 01234567");
  g_assert_false (query_tooltip (chart, 1, 1, FALSE));

  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Builds of the branch by commit and job");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "Commits: 2; jobs: 2; builds passed: 3, failed of a flaky "
                                       "or known cause: 0, failed otherwise: 0");
  close_chart_window (chart);
}

/* Moved by the keyboard, the focused cell scrolls into view. */
static void
test_health_grid_scroll (void)
{
  GtkWidget *chart = g_object_new (CULPRIT_TYPE_HEALTH_GRID, NULL);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *window = gtk_window_new ();
  g_autoptr(GPtrArray) commits = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (unref_nullable);
  const char *jobs[] = { "build", "test", NULL };
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  GtkAdjustment *adj;
  GdkRectangle area;

  for (guint r = 0; r < 40; r++)
    {
      g_ptr_array_add (commits, g_strdup_printf ("%040u", r));
      g_ptr_array_add (cells, culprit_build_new ("gh/acme/rocket", 2 * r + 1));
      g_ptr_array_add (cells, culprit_build_new ("gh/acme/rocket", 2 * r + 2));
    }
  culprit_health_grid_set_data (CULPRIT_HEALTH_GRID (chart), commits, (char **)jobs, cells, NULL);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), chart);
  gtk_window_set_child (GTK_WINDOW (window), scroller);
  gtk_window_set_default_size (GTK_WINDOW (window), 500, 200);
  gtk_window_present (GTK_WINDOW (window));
  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  while (gtk_adjustment_get_upper (adj) <= gtk_adjustment_get_page_size (adj) &&
         g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), ==, 0);

  g_assert_true (press_key (chart, GDK_KEY_End));
  culprit_health_grid_get_cell_area (CULPRIT_HEALTH_GRID (chart), 39, 1, &area);
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), >, 0);
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), <=, area.y);
  g_assert_cmpfloat (gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj), >=,
                     area.y + area.height);
  g_assert_true (press_key (chart, GDK_KEY_Home));
  culprit_health_grid_get_cell_area (CULPRIT_HEALTH_GRID (chart), 0, 0, &area);
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), <=, area.y);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  /* accessible properties that the chart tests read back, and no bus */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/culprit/gui/ansi/colours", test_ansi_colours);
  g_test_add_func ("/culprit/gui/ansi/other-sequences", test_ansi_other_sequences);
  g_test_add_func ("/culprit/gui/ansi/invalid-utf8", test_ansi_invalid_utf8);
  g_test_add_func ("/culprit/gui/suggest/regex", test_suggest_regex);
  g_test_add_func ("/culprit/gui/log-model/lines", test_log_model);
  g_test_add_func ("/culprit/gui/log-model/empty", test_log_model_empty);
  g_test_add_func ("/culprit/gui/chart-item", test_chart_item);
  g_test_add_func ("/culprit/gui/category-colours", test_category_colours);
  g_test_add_func ("/culprit/gui/issue-url", test_issue_url);
  g_test_add_func ("/culprit/gui/share-percent", test_share_percent);
  g_test_add_func ("/culprit/gui/overview-range", test_overview_range);
  g_test_add_func ("/culprit/gui/format-percent", test_format_percent);
  g_test_add_func ("/culprit/gui/filter", test_filter);
  g_test_add_func ("/culprit/gui/chart/bar", test_bar_chart_shared);
  g_test_add_func ("/culprit/gui/chart/column", test_column_chart_shared);
  g_test_add_func ("/culprit/gui/chart/health-grid", test_health_grid_shared);
  g_test_add_func ("/culprit/gui/chart/health-grid-scroll", test_health_grid_scroll);

  return g_test_run ();
}
