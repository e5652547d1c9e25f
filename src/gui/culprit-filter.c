/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-filter"

#include "config.h"

#include "culprit-filter.h"

/* Which builds the window lists: a search text, a category ("failed" for
 * every failure), a job, a branch, a pattern (the best match) and a period
 * of time. The window owns one; the builds page shows it (its drop-downs
 * and chips edit it), and a chart of the overview sets it to the builds
 * behind a bar in one go, between culprit_filter_freeze() and
 * culprit_filter_thaw(). ::changed comes once for all that changed
 * meanwhile; each property also notifies. */

struct _CulpritFilter
{
  GObject  parent_instance;

  char    *search;
  char    *category;
  char    *job;
  char    *branch;
  gint64   pattern_id;
  char    *pattern_name;
  gint64   since;
  gint64   until;
  char    *period;
  guint    freeze_count;
  gboolean changed_while_frozen;
};

G_DEFINE_FINAL_TYPE (CulpritFilter, culprit_filter, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SEARCH,
  PROP_CATEGORY,
  PROP_JOB,
  PROP_BRANCH,
  PROP_PATTERN_ID,
  PROP_PATTERN_NAME,
  PROP_SINCE,
  PROP_UNTIL,
  PROP_PERIOD,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
changed (CulpritFilter *self)
{
  if (self->freeze_count > 0)
    self->changed_while_frozen = TRUE;
  else
    g_signal_emit (self, signals[CHANGED], 0);
}

/* Sets a string property; an empty string is no filter, as NULL */
static gboolean
set_string (CulpritFilter *self,
            char         **field,
            const char    *value,
            guint          prop)
{
  if (value != NULL && value[0] == '\0')
    value = NULL;
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  return TRUE;
}

static gboolean
set_int (CulpritFilter *self,
         gint64        *field,
         gint64         value,
         guint          prop)
{
  value = MAX (value, 0);
  if (*field == value)
    return FALSE;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  return TRUE;
}

static void
culprit_filter_finalize (GObject *object)
{
  CulpritFilter *self = (CulpritFilter *)object;

  g_free (self->search);
  g_free (self->category);
  g_free (self->job);
  g_free (self->branch);
  g_free (self->pattern_name);
  g_free (self->period);

  G_OBJECT_CLASS (culprit_filter_parent_class)->finalize (object);
}

static void
culprit_filter_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CulpritFilter *self = CULPRIT_FILTER (object);

  switch (prop_id)
    {
    case PROP_SEARCH: g_value_set_string (value, self->search); break;
    case PROP_CATEGORY: g_value_set_string (value, self->category); break;
    case PROP_JOB: g_value_set_string (value, self->job); break;
    case PROP_BRANCH: g_value_set_string (value, self->branch); break;
    case PROP_PATTERN_ID: g_value_set_int64 (value, self->pattern_id); break;
    case PROP_PATTERN_NAME: g_value_set_string (value, self->pattern_name); break;
    case PROP_SINCE: g_value_set_int64 (value, self->since); break;
    case PROP_UNTIL: g_value_set_int64 (value, self->until); break;
    case PROP_PERIOD: g_value_set_string (value, self->period); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
culprit_filter_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CulpritFilter *self = CULPRIT_FILTER (object);

  switch (prop_id)
    {
    case PROP_SEARCH: culprit_filter_set_search (self, g_value_get_string (value)); break;
    case PROP_CATEGORY: culprit_filter_set_category (self, g_value_get_string (value)); break;
    case PROP_JOB: culprit_filter_set_job (self, g_value_get_string (value)); break;
    case PROP_BRANCH: culprit_filter_set_branch (self, g_value_get_string (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
culprit_filter_class_init (CulpritFilterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = culprit_filter_finalize;
  object_class->get_property = culprit_filter_get_property;
  object_class->set_property = culprit_filter_set_property;

  properties[PROP_SEARCH] = g_param_spec_string ("search", NULL, NULL, NULL, rw);
  properties[PROP_CATEGORY] = g_param_spec_string ("category", NULL, NULL, NULL, rw);
  properties[PROP_JOB] = g_param_spec_string ("job", NULL, NULL, NULL, rw);
  properties[PROP_BRANCH] = g_param_spec_string ("branch", NULL, NULL, NULL, rw);
  properties[PROP_PATTERN_ID] = g_param_spec_int64 ("pattern-id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_PATTERN_NAME] = g_param_spec_string ("pattern-name", NULL, NULL, NULL, ro);
  properties[PROP_SINCE] = g_param_spec_int64 ("since", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_UNTIL] = g_param_spec_int64 ("until", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_PERIOD] = g_param_spec_string ("period", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CulpritFilter::changed:
   *
   * Something changed: once per change, or once per freeze and thaw.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
culprit_filter_init (CulpritFilter *self)
{
}

CulpritFilter *
culprit_filter_new (void)
{
  return g_object_new (CULPRIT_TYPE_FILTER, NULL);
}

const char *
culprit_filter_get_search (CulpritFilter *self)
{
  g_return_val_if_fail (CULPRIT_IS_FILTER (self), NULL);
  return self->search;
}

void
culprit_filter_set_search (CulpritFilter *self,
                           const char    *search)
{
  g_return_if_fail (CULPRIT_IS_FILTER (self));
  if (set_string (self, &self->search, search, PROP_SEARCH))
    changed (self);
}

/**
 * culprit_filter_get_category:
 *
 * Returns: (nullable): a CULPRIT_CATEGORY_, "failed" for every failure,
 *   or %NULL for every build
 */
const char *
culprit_filter_get_category (CulpritFilter *self)
{
  g_return_val_if_fail (CULPRIT_IS_FILTER (self), NULL);
  return self->category;
}

void
culprit_filter_set_category (CulpritFilter *self,
                             const char    *category)
{
  g_return_if_fail (CULPRIT_IS_FILTER (self));
  if (set_string (self, &self->category, category, PROP_CATEGORY))
    changed (self);
}

const char *
culprit_filter_get_job (CulpritFilter *self)
{
  g_return_val_if_fail (CULPRIT_IS_FILTER (self), NULL);
  return self->job;
}

void
culprit_filter_set_job (CulpritFilter *self,
                        const char    *job)
{
  g_return_if_fail (CULPRIT_IS_FILTER (self));
  if (set_string (self, &self->job, job, PROP_JOB))
    changed (self);
}

const char *
culprit_filter_get_branch (CulpritFilter *self)
{
  g_return_val_if_fail (CULPRIT_IS_FILTER (self), NULL);
  return self->branch;
}

void
culprit_filter_set_branch (CulpritFilter *self,
                           const char    *branch)
{
  g_return_if_fail (CULPRIT_IS_FILTER (self));
  if (set_string (self, &self->branch, branch, PROP_BRANCH))
    changed (self);
}

gint64
culprit_filter_get_pattern_id (CulpritFilter *self)
{
  g_return_val_if_fail (CULPRIT_IS_FILTER (self), 0);
  return self->pattern_id;
}

const char *
culprit_filter_get_pattern_name (CulpritFilter *self)
{
  g_return_val_if_fail (CULPRIT_IS_FILTER (self), NULL);
  return self->pattern_name;
}

/**
 * culprit_filter_set_pattern:
 * @pattern_id: only the builds whose best match is this pattern; 0 for
 *   every build
 * @name: (nullable): the pattern's name, to show
 */
void
culprit_filter_set_pattern (CulpritFilter *self,
                            gint64         pattern_id,
                            const char    *name)
{
  gboolean any;

  g_return_if_fail (CULPRIT_IS_FILTER (self));

  any = set_int (self, &self->pattern_id, pattern_id, PROP_PATTERN_ID);
  any |= set_string (self, &self->pattern_name, pattern_id > 0 ? name : NULL, PROP_PATTERN_NAME);
  if (any)
    changed (self);
}

gint64
culprit_filter_get_since (CulpritFilter *self)
{
  g_return_val_if_fail (CULPRIT_IS_FILTER (self), 0);
  return self->since;
}

gint64
culprit_filter_get_until (CulpritFilter *self)
{
  g_return_val_if_fail (CULPRIT_IS_FILTER (self), 0);
  return self->until;
}

const char *
culprit_filter_get_period (CulpritFilter *self)
{
  g_return_val_if_fail (CULPRIT_IS_FILTER (self), NULL);
  return self->period;
}

/**
 * culprit_filter_set_period:
 * @since: builds queued at or after this time (unix seconds); 0 for no
 *   lower bound
 * @until: and before this time; 0 for no upper bound
 * @name: (nullable): the period's name, to show ("Week of Oct 12")
 */
void
culprit_filter_set_period (CulpritFilter *self,
                           gint64         since,
                           gint64         until,
                           const char    *name)
{
  gboolean any;

  g_return_if_fail (CULPRIT_IS_FILTER (self));

  any = set_int (self, &self->since, since, PROP_SINCE);
  any |= set_int (self, &self->until, until, PROP_UNTIL);
  any |= set_string (self, &self->period, self->since > 0 || self->until > 0 ? name : NULL, PROP_PERIOD);
  if (any)
    changed (self);
}

/**
 * culprit_filter_freeze:
 *
 * Holds ::changed back until culprit_filter_thaw(), for several changes
 * at once.
 */
void
culprit_filter_freeze (CulpritFilter *self)
{
  g_return_if_fail (CULPRIT_IS_FILTER (self));
  self->freeze_count++;
}

void
culprit_filter_thaw (CulpritFilter *self)
{
  g_return_if_fail (CULPRIT_IS_FILTER (self));
  g_return_if_fail (self->freeze_count > 0);

  if (--self->freeze_count == 0 && self->changed_while_frozen)
    {
      self->changed_while_frozen = FALSE;
      g_signal_emit (self, signals[CHANGED], 0);
    }
}
