/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-chart-item"

#include "config.h"

#include <glib/gi18n.h>

#include <culprit.h>

#include "culprit-chart-item.h"

/* One bar (or column) of a chart: a label, stacked segments of a
 * category's colour, and the texts of its value and tooltip. The charts'
 * models are lists of these, so that tests read what a chart draws. */

typedef struct
{
  CulpritChartColor color;
  guint             value;
} Segment;

struct _CulpritChartItem
{
  GObject  parent_instance;

  char    *label;
  char    *key;
  char    *detail;
  char    *value_text;
  gint64   id;
  GArray  *segments;
  guint    total;
};

G_DEFINE_FINAL_TYPE (CulpritChartItem, culprit_chart_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LABEL,
  PROP_KEY,
  PROP_TOTAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
culprit_chart_item_finalize (GObject *object)
{
  CulpritChartItem *self = (CulpritChartItem *)object;

  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->detail, g_free);
  g_clear_pointer (&self->value_text, g_free);
  g_clear_pointer (&self->segments, g_array_unref);

  G_OBJECT_CLASS (culprit_chart_item_parent_class)->finalize (object);
}

static void
culprit_chart_item_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  CulpritChartItem *self = CULPRIT_CHART_ITEM (object);

  switch (prop_id)
    {
    case PROP_LABEL: g_value_set_string (value, self->label); break;
    case PROP_KEY: g_value_set_string (value, self->key); break;
    case PROP_TOTAL: g_value_set_uint (value, self->total); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
culprit_chart_item_class_init (CulpritChartItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = culprit_chart_item_finalize;
  object_class->get_property = culprit_chart_item_get_property;

  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_KEY] =
    g_param_spec_string ("key", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOTAL] =
    g_param_spec_uint ("total", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
culprit_chart_item_init (CulpritChartItem *self)
{
  self->segments = g_array_new (FALSE, FALSE, sizeof (Segment));
}

CulpritChartItem *
culprit_chart_item_new (const char *label,
                        const char *key)
{
  CulpritChartItem *self = g_object_new (CULPRIT_TYPE_CHART_ITEM, NULL);

  self->label = g_strdup (label);
  self->key = g_strdup (key);
  return self;
}

const char *
culprit_chart_item_get_label (CulpritChartItem *self)
{
  g_return_val_if_fail (CULPRIT_IS_CHART_ITEM (self), NULL);
  return self->label;
}

const char *
culprit_chart_item_get_key (CulpritChartItem *self)
{
  g_return_val_if_fail (CULPRIT_IS_CHART_ITEM (self), NULL);
  return self->key;
}

gint64
culprit_chart_item_get_id (CulpritChartItem *self)
{
  g_return_val_if_fail (CULPRIT_IS_CHART_ITEM (self), 0);
  return self->id;
}

void
culprit_chart_item_set_id (CulpritChartItem *self,
                           gint64            id)
{
  g_return_if_fail (CULPRIT_IS_CHART_ITEM (self));
  self->id = id;
}

const char *
culprit_chart_item_get_detail (CulpritChartItem *self)
{
  g_return_val_if_fail (CULPRIT_IS_CHART_ITEM (self), NULL);
  return self->detail;
}

void
culprit_chart_item_set_detail (CulpritChartItem *self,
                               const char       *detail)
{
  g_return_if_fail (CULPRIT_IS_CHART_ITEM (self));
  g_free (self->detail);
  self->detail = g_strdup (detail);
}

const char *
culprit_chart_item_get_value_text (CulpritChartItem *self)
{
  g_return_val_if_fail (CULPRIT_IS_CHART_ITEM (self), NULL);
  return self->value_text;
}

void
culprit_chart_item_set_value_text (CulpritChartItem *self,
                                   const char       *value_text)
{
  g_return_if_fail (CULPRIT_IS_CHART_ITEM (self));
  g_free (self->value_text);
  self->value_text = g_strdup (value_text);
}

void
culprit_chart_item_add_segment (CulpritChartItem  *self,
                                CulpritChartColor  color,
                                guint              value)
{
  Segment segment = { color, value };

  g_return_if_fail (CULPRIT_IS_CHART_ITEM (self));
  g_return_if_fail (color < CULPRIT_CHART_N_COLORS);

  g_array_append_val (self->segments, segment);
  self->total += value;
}

guint
culprit_chart_item_get_n_segments (CulpritChartItem *self)
{
  g_return_val_if_fail (CULPRIT_IS_CHART_ITEM (self), 0);
  return self->segments->len;
}

/**
 * culprit_chart_item_get_segment:
 * @color: (out) (optional): its colour
 *
 * Returns: the value of segment @index
 */
guint
culprit_chart_item_get_segment (CulpritChartItem  *self,
                                guint              index,
                                CulpritChartColor *color)
{
  const Segment *segment;

  g_return_val_if_fail (CULPRIT_IS_CHART_ITEM (self), 0);
  g_return_val_if_fail (index < self->segments->len, 0);

  segment = &g_array_index (self->segments, Segment, index);
  if (color != NULL)
    *color = segment->color;
  return segment->value;
}

guint
culprit_chart_item_get_total (CulpritChartItem *self)
{
  g_return_val_if_fail (CULPRIT_IS_CHART_ITEM (self), 0);
  return self->total;
}

CulpritChartColor
culprit_chart_color_for_category (const char *category)
{
  const char * const *categories = culprit_report_get_categories ();

  G_STATIC_ASSERT (CULPRIT_CHART_N_COLORS == 9);

  for (guint i = 0; categories[i] && i < CULPRIT_CHART_N_COLORS; i++)
    if (g_strcmp0 (categories[i], category) == 0)
      return i;
  return CULPRIT_CHART_COLOR_PENDING;
}

/* A cause's bar: flaky, known problem, or another cause. */
CulpritChartColor
culprit_chart_color_for_tags (const char * const *tags)
{
  if (tags != NULL && g_strv_contains (tags, CULPRIT_CATEGORY_FLAKY))
    return CULPRIT_CHART_COLOR_FLAKY;
  if (tags != NULL && g_strv_contains (tags, CULPRIT_CATEGORY_KNOWN_PROBLEM))
    return CULPRIT_CHART_COLOR_KNOWN_PROBLEM;
  return CULPRIT_CHART_COLOR_MATCHED;
}

/* The one table of the categories' colours: the charts draw with it and
 * culprit_chart_color_get_css() makes the legend dots' CSS
 * from it. Colours of libadwaita's palette (GNOME HIG), lighter on dark
 * backgrounds, chosen so that neighbours (flaky and timeout, no log and
 * pending) stay apart in both styles. */
void
culprit_chart_color_get_rgba (CulpritChartColor  color,
                              gboolean           dark,
                              GdkRGBA           *rgba)
{
  static const char * const light[] = {
    "#f5c211",   /* flaky: yellow 4 */
    "#9141ac",   /* known problem: purple 3 */
    "#3584e4",   /* matched: blue 3 */
    "#ff7800",   /* timeout: orange 3 */
    "#5e5c64",   /* no log: dark 2 */
    "#865e3c",   /* no failed step: brown 4 */
    "#c01c28",   /* unexplained: red 4 */
    "#c0bfbc",   /* pending: light 4 */
    "#2ec27e",   /* passed: green 4 */
  };
  static const char * const dark_shades[] = {
    "#f6d32d",   /* flaky: yellow 3 */
    "#c061cb",   /* known problem: purple 2 */
    "#62a0ea",   /* matched: blue 2 */
    "#ff7800",   /* timeout: orange 3 */
    "#c0bfbc",   /* no log: light 4 */
    "#865e3c",   /* no failed step: brown 4 */
    "#ed333b",   /* unexplained: red 3 */
    "#5e5c64",   /* pending: dark 2 */
    "#57e389",   /* passed: green 2 */
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (light) == CULPRIT_CHART_N_COLORS);
  G_STATIC_ASSERT (G_N_ELEMENTS (dark_shades) == CULPRIT_CHART_N_COLORS);

  g_return_if_fail (color < CULPRIT_CHART_N_COLORS);
  gdk_rgba_parse (rgba, dark ? dark_shades[color] : light[color]);
}

/**
 * culprit_chart_color_get_css:
 * @dark: whether for the dark style
 *
 * Returns: (transfer full): CSS that colours the `.legend-dot` of each
 *   category (its CSS class is the category's name) as
 *   culprit_chart_color_get_rgba() does; and, in the dark style, the
 *   title of a `.stat` card of that category (in the light style, the
 *   charts' yellow is too pale for text: style.css has darker shades)
 */
char *
culprit_chart_color_get_css (gboolean dark)
{
  const char * const *categories = culprit_report_get_categories ();
  GString *css = g_string_new (NULL);

  for (guint i = 0; categories[i] != NULL && i < CULPRIT_CHART_N_COLORS; i++)
    {
      g_autofree char *color = NULL;
      GdkRGBA rgba;

      culprit_chart_color_get_rgba (i, dark, &rgba);
      color = gdk_rgba_to_string (&rgba);
      g_string_append_printf (css, ".legend-dot.%s { background-color: %s; }\n",
                              categories[i], color);
      if (dark)
        g_string_append_printf (css, ".stat.%s .title-1 { color: %s; }\n", categories[i], color);
    }
  return g_string_free (css, FALSE);
}

/**
 * culprit_category_get_label:
 *
 * Returns: the translated name of a category, as the views show it
 */
const char *
culprit_category_get_label (const char *category)
{
  static const struct { const char *category; const char *label; } labels[] = {
    { CULPRIT_CATEGORY_FLAKY, N_("Flaky") },
    { CULPRIT_CATEGORY_KNOWN_PROBLEM, N_("Known problem") },
    { CULPRIT_CATEGORY_MATCHED, N_("Other cause") },
    { CULPRIT_CATEGORY_TIMEOUT, N_("Timeout") },
    { CULPRIT_CATEGORY_NO_LOG, N_("No log") },
    { CULPRIT_CATEGORY_NO_FAILED_STEP, N_("No failed step") },
    { CULPRIT_CATEGORY_UNEXPLAINED, N_("Unexplained") },
    { CULPRIT_CATEGORY_PENDING, N_("Pending") },
    { CULPRIT_CATEGORY_PASSED, N_("Passed") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (labels[i].category, category) == 0)
      return _(labels[i].label);
  return category ? category : "";
}

/**
 * culprit_legend_entry_new:
 * @category: a CULPRIT_CATEGORY_ (or a tag class such as "flaky")
 *
 * A dot in the category's chart colour and its name, for a chart's legend.
 *
 * Returns: (transfer floating): the entry
 */
GtkWidget *
culprit_legend_entry_new (const char *category)
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
