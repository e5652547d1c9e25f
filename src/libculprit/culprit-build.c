/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-build"

#include "config.h"

#include "culprit-build-private.h"

/* A build as Culprit knows it: CircleCI's fields, what Culprit fetched
 * (state, failed step, log size) and what the scan found (best match,
 * category). Immutable once loaded; lists of them back the GUI's views. */

G_DEFINE_FINAL_TYPE (CulpritBuild, culprit_build, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BUILD_NUM,
  PROP_BRANCH,
  PROP_JOB,
  PROP_VCS_REVISION,
  PROP_QUEUED_AT,
  PROP_CATEGORY,
  PROP_BEST_PATTERN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
_culprit_build_set_string (char       **field,
                           const char  *value)
{
  char *copy = g_strdup (value);

  g_free (*field);
  *field = copy;
}

static void
culprit_build_finalize (GObject *object)
{
  CulpritBuild *self = (CulpritBuild *)object;

  g_clear_pointer (&self->repo, g_free);
  g_clear_pointer (&self->branch, g_free);
  g_clear_pointer (&self->job, g_free);
  g_clear_pointer (&self->workflow, g_free);
  g_clear_pointer (&self->vcs_revision, g_free);
  g_clear_pointer (&self->outcome, g_free);
  g_clear_pointer (&self->status, g_free);
  g_clear_pointer (&self->state, g_free);
  g_clear_pointer (&self->failed_step, g_free);
  g_clear_pointer (&self->category, g_free);
  g_clear_pointer (&self->best_pattern, g_free);

  G_OBJECT_CLASS (culprit_build_parent_class)->finalize (object);
}

static void
culprit_build_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CulpritBuild *self = CULPRIT_BUILD (object);

  switch (prop_id)
    {
    case PROP_BUILD_NUM: g_value_set_int64 (value, self->build_num); break;
    case PROP_BRANCH: g_value_set_string (value, self->branch); break;
    case PROP_JOB: g_value_set_string (value, self->job); break;
    case PROP_VCS_REVISION: g_value_set_string (value, self->vcs_revision); break;
    case PROP_QUEUED_AT: g_value_set_int64 (value, self->queued_at); break;
    case PROP_CATEGORY: g_value_set_string (value, culprit_build_get_category (self)); break;
    case PROP_BEST_PATTERN: g_value_set_string (value, self->best_pattern); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
culprit_build_class_init (CulpritBuildClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = culprit_build_finalize;
  object_class->get_property = culprit_build_get_property;

  properties[PROP_BUILD_NUM] = g_param_spec_int64 ("build-num", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_BRANCH] = g_param_spec_string ("branch", NULL, NULL, NULL, flags);
  properties[PROP_JOB] = g_param_spec_string ("job", NULL, NULL, NULL, flags);
  properties[PROP_VCS_REVISION] = g_param_spec_string ("vcs-revision", NULL, NULL, NULL, flags);
  properties[PROP_QUEUED_AT] = g_param_spec_int64 ("queued-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_CATEGORY] = g_param_spec_string ("category", NULL, NULL, NULL, flags);
  properties[PROP_BEST_PATTERN] = g_param_spec_string ("best-pattern", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
culprit_build_init (CulpritBuild *self)
{
  self->state = g_strdup (CULPRIT_BUILD_STATE_PENDING);
}

CulpritBuild *
culprit_build_new (const char *repo,
                   gint64      build_num)
{
  CulpritBuild *self = g_object_new (CULPRIT_TYPE_BUILD, NULL);

  self->repo = g_strdup (repo);
  self->build_num = build_num;
  return self;
}

#define GETTER(type, field, fallback)                        \
  type                                                       \
  culprit_build_get_##field (CulpritBuild *self)             \
  {                                                          \
    g_return_val_if_fail (CULPRIT_IS_BUILD (self), fallback); \
    return self->field;                                      \
  }

GETTER (gint64, id, 0)
GETTER (const char *, repo, NULL)
GETTER (gint64, build_num, 0)
GETTER (const char *, branch, NULL)
GETTER (const char *, job, NULL)
GETTER (const char *, workflow, NULL)
GETTER (const char *, vcs_revision, NULL)
GETTER (gint64, queued_at, 0)
GETTER (gint64, start_time, 0)
GETTER (gint64, stop_time, 0)
GETTER (const char *, outcome, NULL)
GETTER (const char *, status, NULL)
GETTER (const char *, state, NULL)
GETTER (const char *, failed_step, NULL)
GETTER (gint64, best_pattern_id, 0)
GETTER (const char *, best_pattern, NULL)
GETTER (guint, best_line, 0)
GETTER (gint64, log_bytes, 0)
GETTER (gboolean, log_truncated, FALSE)

/**
 * culprit_build_get_category:
 *
 * Returns: one of the CULPRIT_CATEGORY_ strings
 */
const char *
culprit_build_get_category (CulpritBuild *self)
{
  g_return_val_if_fail (CULPRIT_IS_BUILD (self), NULL);

  return self->category ? self->category : CULPRIT_CATEGORY_PENDING;
}

/**
 * culprit_build_is_failed:
 *
 * Returns: whether CircleCI reported a failure (anything but success and
 *   not finished)
 */
gboolean
culprit_build_is_failed (CulpritBuild *self)
{
  g_return_val_if_fail (CULPRIT_IS_BUILD (self), FALSE);

  return self->outcome != NULL &&
         !g_str_equal (self->outcome, "success") &&
         !g_str_equal (self->outcome, "canceled");
}
