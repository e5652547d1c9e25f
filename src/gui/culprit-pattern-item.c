/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-pattern-item"

#include "config.h"

#include <glib/gi18n.h>

#include "culprit-pattern-item.h"

/* A row of the patterns page: a live (or, when they are shown, retired)
 * pattern and its numbers, with properties for the column view's
 * expressions and sorters. */

struct _CulpritPatternItem
{
  GObject         parent_instance;

  CulpritPattern *pattern;
  char           *tags;
  guint           builds;
  double          share;
  guint           matched;
  gint64          last_seen;
};

G_DEFINE_FINAL_TYPE (CulpritPatternItem, culprit_pattern_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATTERN,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_EXPRESSION,
  PROP_TAGS,
  PROP_KIND,
  PROP_BUILDS,
  PROP_SHARE,
  PROP_MATCHED,
  PROP_LAST_SEEN,
  PROP_RETIRED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
culprit_pattern_item_finalize (GObject *object)
{
  CulpritPatternItem *self = (CulpritPatternItem *)object;

  g_clear_object (&self->pattern);
  g_clear_pointer (&self->tags, g_free);

  G_OBJECT_CLASS (culprit_pattern_item_parent_class)->finalize (object);
}

static void
culprit_pattern_item_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  CulpritPatternItem *self = CULPRIT_PATTERN_ITEM (object);

  switch (prop_id)
    {
    case PROP_PATTERN: g_value_set_object (value, self->pattern); break;
    case PROP_NAME: g_value_set_string (value, culprit_pattern_get_name (self->pattern)); break;
    case PROP_DESCRIPTION: g_value_set_string (value, culprit_pattern_get_description (self->pattern)); break;
    case PROP_EXPRESSION: g_value_set_string (value, culprit_pattern_get_expression (self->pattern)); break;
    case PROP_TAGS: g_value_set_string (value, self->tags); break;
    case PROP_KIND:
      g_value_set_string (value, culprit_pattern_get_kind (self->pattern) == CULPRIT_PATTERN_KIND_IGNORE
                                 ? _("Ignore") : _("Cause"));
      break;
    case PROP_BUILDS: g_value_set_uint (value, self->builds); break;
    case PROP_SHARE: g_value_set_double (value, self->share); break;
    case PROP_MATCHED: g_value_set_uint (value, self->matched); break;
    case PROP_LAST_SEEN: g_value_set_int64 (value, self->last_seen); break;
    case PROP_RETIRED:
      g_value_set_boolean (value, culprit_pattern_get_retired (self->pattern));
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
culprit_pattern_item_class_init (CulpritPatternItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = culprit_pattern_item_finalize;
  object_class->get_property = culprit_pattern_item_get_property;

  properties[PROP_PATTERN] = g_param_spec_object ("pattern", NULL, NULL, CULPRIT_TYPE_PATTERN, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, flags);
  properties[PROP_EXPRESSION] = g_param_spec_string ("expression", NULL, NULL, NULL, flags);
  properties[PROP_TAGS] = g_param_spec_string ("tags", NULL, NULL, NULL, flags);
  properties[PROP_KIND] = g_param_spec_string ("kind", NULL, NULL, NULL, flags);
  properties[PROP_BUILDS] = g_param_spec_uint ("builds", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_SHARE] = g_param_spec_double ("share", NULL, NULL, 0, 1, 0, flags);
  properties[PROP_MATCHED] = g_param_spec_uint ("matched", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_LAST_SEEN] = g_param_spec_int64 ("last-seen", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_RETIRED] = g_param_spec_boolean ("retired", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
culprit_pattern_item_init (CulpritPatternItem *self)
{
}

CulpritPatternItem *
culprit_pattern_item_new (CulpritPattern *pattern,
                          guint           builds,
                          double          share,
                          guint           matched,
                          gint64          last_seen)
{
  CulpritPatternItem *self;

  g_return_val_if_fail (CULPRIT_IS_PATTERN (pattern), NULL);

  self = g_object_new (CULPRIT_TYPE_PATTERN_ITEM, NULL);
  self->pattern = g_object_ref (pattern);
  self->tags = g_strjoinv (", ", (char **)culprit_pattern_get_tags (pattern));
  self->builds = builds;
  self->share = CLAMP (share, 0, 1);
  self->matched = matched;
  self->last_seen = MAX (last_seen, 0);
  return self;
}

CulpritPattern *
culprit_pattern_item_get_pattern (CulpritPatternItem *self)
{
  g_return_val_if_fail (CULPRIT_IS_PATTERN_ITEM (self), NULL);
  return self->pattern;
}

guint
culprit_pattern_item_get_builds (CulpritPatternItem *self)
{
  g_return_val_if_fail (CULPRIT_IS_PATTERN_ITEM (self), 0);
  return self->builds;
}

double
culprit_pattern_item_get_share (CulpritPatternItem *self)
{
  g_return_val_if_fail (CULPRIT_IS_PATTERN_ITEM (self), 0);
  return self->share;
}

guint
culprit_pattern_item_get_matched (CulpritPatternItem *self)
{
  g_return_val_if_fail (CULPRIT_IS_PATTERN_ITEM (self), 0);
  return self->matched;
}

gint64
culprit_pattern_item_get_last_seen (CulpritPatternItem *self)
{
  g_return_val_if_fail (CULPRIT_IS_PATTERN_ITEM (self), 0);
  return self->last_seen;
}
