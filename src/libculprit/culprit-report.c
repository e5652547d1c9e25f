/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-report"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "culprit-build.h"
#include "culprit-pattern.h"
#include "culprit-report.h"
#include "culprit-store-private.h"

/* Numbers about failed builds in a range: per cause (the best match's
 * pattern), per category, per job, per week. The same numbers feed
 * `culprit-cli report` (text, JSON, CSV) and the GUI's charts. */

static const char * const categories[] = {
  CULPRIT_CATEGORY_FLAKY,
  CULPRIT_CATEGORY_KNOWN_PROBLEM,
  CULPRIT_CATEGORY_MATCHED,
  CULPRIT_CATEGORY_TIMEOUT,
  CULPRIT_CATEGORY_NO_LOG,
  CULPRIT_CATEGORY_NO_FAILED_STEP,
  CULPRIT_CATEGORY_UNEXPLAINED,
  CULPRIT_CATEGORY_PENDING,
  CULPRIT_CATEGORY_PASSED,
  NULL
};

G_STATIC_ASSERT (G_N_ELEMENTS (categories) - 1 ==
                 G_N_ELEMENTS (((CulpritReportGroup *)0)->by_category));

struct _CulpritReport
{
  guint   total;
  guint   failed;
  guint   by_category[G_N_ELEMENTS (categories) - 1];
  GArray *causes;   /* CulpritReportCause, most builds first */
  GArray *jobs;     /* CulpritReportGroup, by name */
  GArray *weeks;    /* CulpritReportGroup, oldest first */
};

/**
 * culprit_report_get_categories:
 *
 * Returns: (transfer none): the categories in display order: flaky,
 *   known-problem, matched, timeout, no-log, no-failed-step, unexplained,
 *   pending, passed
 */
const char * const *
culprit_report_get_categories (void)
{
  return categories;
}

static guint
category_index (const char *category)
{
  for (guint i = 0; categories[i]; i++)
    if (g_str_equal (categories[i], category))
      return i;
  return G_N_ELEMENTS (categories) - 2;   /* pending */
}

static void
clear_cause (gpointer data)
{
  CulpritReportCause *c = data;

  g_free (c->pattern);
  g_strfreev (c->tags);
}

static void
clear_group (gpointer data)
{
  g_free (((CulpritReportGroup *)data)->key);
}

static int
compare_causes (gconstpointer a,
                gconstpointer b)
{
  const CulpritReportCause *ca = a, *cb = b;

  if (ca->builds != cb->builds)
    return ca->builds > cb->builds ? -1 : 1;
  return g_strcmp0 (ca->pattern, cb->pattern);
}

static int
compare_groups (gconstpointer a,
                gconstpointer b)
{
  return g_strcmp0 (((const CulpritReportGroup *)a)->key, ((const CulpritReportGroup *)b)->key);
}

static CulpritReportGroup *
group_for (GHashTable *index,
           GArray     *groups,
           const char *key)
{
  gpointer pos;

  if (!g_hash_table_lookup_extended (index, key, NULL, &pos))
    {
      CulpritReportGroup group = { g_strdup (key) };

      g_array_append_val (groups, group);
      pos = GUINT_TO_POINTER (groups->len - 1);
      g_hash_table_insert (index, g_strdup (key), pos);
    }
  return &g_array_index (groups, CulpritReportGroup, GPOINTER_TO_UINT (pos));
}

/**
 * culprit_report_new:
 * @filter: (nullable): the builds to count
 *
 * Returns: (transfer full): the report
 */
CulpritReport *
culprit_report_new (CulpritStore              *store,
                    const CulpritBuildFilter  *filter,
                    GError                   **error)
{
  g_autoptr(CulpritReport) self = g_new0 (CulpritReport, 1);
  g_autoptr(GArray) groups = NULL;
  g_autoptr(GPtrArray) patterns = NULL;
  g_autoptr(GHashTable) cause_index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) job_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) week_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) pattern_by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree gint64 *ids = NULL;
  CulpritBuildFilter all = { 0 };

  g_return_val_if_fail (CULPRIT_IS_STORE (store), NULL);

  self->causes = g_array_new (FALSE, TRUE, sizeof (CulpritReportCause));
  g_array_set_clear_func (self->causes, clear_cause);
  self->jobs = g_array_new (FALSE, TRUE, sizeof (CulpritReportGroup));
  g_array_set_clear_func (self->jobs, clear_group);
  self->weeks = g_array_new (FALSE, TRUE, sizeof (CulpritReportGroup));
  g_array_set_clear_func (self->weeks, clear_group);

  if (filter != NULL)
    {
      all = *filter;
      all.failed_only = FALSE;
    }
  patterns = culprit_store_list_patterns (store, TRUE, error);
  if (patterns == NULL)
    return NULL;

  ids = g_new0 (gint64, patterns->len);
  for (guint i = 0; i < patterns->len; i++)
    {
      ids[i] = culprit_pattern_get_id (patterns->pdata[i]);
      g_hash_table_insert (pattern_by_id, &ids[i], patterns->pdata[i]);
    }

  /* the builds counted in groups of the same outcome, category, job,
   * week and best match: SQLite counts them, no build is made an object */
  groups = _culprit_store_count_builds (store, &all, error);
  if (groups == NULL)
    return NULL;

  for (guint i = 0; i < groups->len; i++)
    {
      const CulpritBuildGroup *b = &g_array_index (groups, CulpritBuildGroup, i);
      gboolean failed = b->outcome != NULL && !g_str_equal (b->outcome, "success") &&
                        !g_str_equal (b->outcome, "canceled");
      const char *category = failed ? b->category : CULPRIT_CATEGORY_PASSED;
      guint cat = category_index (category);
      CulpritReportGroup *by[2];
      gint64 best = b->best_pattern_id;

      /* builds that are neither passed nor failed (running, canceled) are left out */
      if (!failed && g_strcmp0 (b->outcome, "success") != 0)
        continue;

      self->total += b->count;
      self->by_category[cat] += b->count;
      by[0] = group_for (job_index, self->jobs, b->job);
      by[1] = group_for (week_index, self->weeks, b->week);
      for (guint g = 0; g < 2; g++)
        {
          by[g]->total += b->count;
          by[g]->by_category[cat] += b->count;
          by[g]->failed += failed ? b->count : 0;
        }
      if (!failed)
        continue;

      self->failed += b->count;
      if (best > 0 && cat <= category_index (CULPRIT_CATEGORY_MATCHED))
        {
          gpointer pos;
          CulpritReportCause *cause;

          if (!g_hash_table_lookup_extended (cause_index, &best, NULL, &pos))
            {
              CulpritReportCause c = { 0 };
              CulpritPattern *p = g_hash_table_lookup (pattern_by_id, &best);

              c.pattern_id = best;
              c.pattern = g_strdup (b->best_pattern);
              c.tags = p ? g_strdupv ((char **)culprit_pattern_get_tags (p)) : g_new0 (char *, 1);
              c.first_seen = G_MAXINT64;
              g_array_append_val (self->causes, c);
              pos = GUINT_TO_POINTER (self->causes->len - 1);
              g_hash_table_insert (cause_index, g_memdup2 (&best, sizeof best), pos);
            }
          cause = &g_array_index (self->causes, CulpritReportCause, GPOINTER_TO_UINT (pos));
          cause->builds += b->count;
          cause->first_seen = MIN (cause->first_seen, b->first_queued);
          cause->last_seen = MAX (cause->last_seen, b->last_queued);
        }
    }

  for (guint i = 0; i < self->causes->len; i++)
    {
      CulpritReportCause *c = &g_array_index (self->causes, CulpritReportCause, i);
      c->share = self->failed ? (double)c->builds / self->failed : 0;
    }
  g_array_sort (self->causes, compare_causes);
  g_array_sort (self->jobs, compare_groups);
  g_array_sort (self->weeks, compare_groups);

  return g_steal_pointer (&self);
}

void
culprit_report_free (CulpritReport *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->causes, g_array_unref);
  g_clear_pointer (&self->jobs, g_array_unref);
  g_clear_pointer (&self->weeks, g_array_unref);
  g_free (self);
}

/**
 * culprit_report_get_total:
 *
 * Returns: failed and passed builds in range
 */
guint
culprit_report_get_total (CulpritReport *self)
{
  return self->total;
}

guint
culprit_report_get_failed (CulpritReport *self)
{
  return self->failed;
}

guint
culprit_report_get_category (CulpritReport *self,
                             const char    *category)
{
  return self->by_category[category_index (category)];
}

guint
culprit_report_get_n_causes (CulpritReport *self)
{
  return self->causes->len;
}

const CulpritReportCause *
culprit_report_get_cause (CulpritReport *self,
                          guint          index)
{
  g_return_val_if_fail (index < self->causes->len, NULL);
  return &g_array_index (self->causes, CulpritReportCause, index);
}

guint
culprit_report_get_n_jobs (CulpritReport *self)
{
  return self->jobs->len;
}

const CulpritReportGroup *
culprit_report_get_job (CulpritReport *self,
                        guint          index)
{
  g_return_val_if_fail (index < self->jobs->len, NULL);
  return &g_array_index (self->jobs, CulpritReportGroup, index);
}

guint
culprit_report_get_n_weeks (CulpritReport *self)
{
  return self->weeks->len;
}

const CulpritReportGroup *
culprit_report_get_week (CulpritReport *self,
                         guint          index)
{
  g_return_val_if_fail (index < self->weeks->len, NULL);
  return &g_array_index (self->weeks, CulpritReportGroup, index);
}

static char *
format_day (gint64 when)
{
  g_autoptr(GDateTime) dt = NULL;

  if (when <= 0 || when == G_MAXINT64)
    return g_strdup ("");
  dt = g_date_time_new_from_unix_utc (when);
  return g_date_time_format (dt, "%Y-%m-%d");
}

static void
add_group (JsonBuilder              *b,
           const char               *key_name,
           const CulpritReportGroup *group)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, key_name);
  json_builder_add_string_value (b, group->key);
  json_builder_set_member_name (b, "failed");
  json_builder_add_int_value (b, group->failed);
  json_builder_set_member_name (b, "total");
  json_builder_add_int_value (b, group->total);
  json_builder_set_member_name (b, "categories");
  json_builder_begin_object (b);
  for (guint i = 0; categories[i]; i++)
    {
      json_builder_set_member_name (b, categories[i]);
      json_builder_add_int_value (b, group->by_category[i]);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
}

/**
 * culprit_report_to_json:
 *
 * The JSON form, a stable format:
 * `{"total", "failed", "categories": {CATEGORY: n}, "causes": [{"pattern",
 * "pattern_id", "tags", "builds", "share", "first_seen", "last_seen"}],
 * "jobs": [{"job", "failed", "total", "categories"}], "weeks": [{"week",
 * "failed", "total", "categories"}]}`, dates as YYYY-MM-DD (UTC).
 *
 * Returns: (transfer full): the report as JSON
 */
JsonNode *
culprit_report_to_json (CulpritReport *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "total");
  json_builder_add_int_value (b, self->total);
  json_builder_set_member_name (b, "failed");
  json_builder_add_int_value (b, self->failed);

  json_builder_set_member_name (b, "categories");
  json_builder_begin_object (b);
  for (guint i = 0; categories[i]; i++)
    {
      json_builder_set_member_name (b, categories[i]);
      json_builder_add_int_value (b, self->by_category[i]);
    }
  json_builder_end_object (b);

  json_builder_set_member_name (b, "causes");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->causes->len; i++)
    {
      const CulpritReportCause *c = culprit_report_get_cause (self, i);
      g_autofree char *first = format_day (c->first_seen);
      g_autofree char *last = format_day (c->last_seen);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "pattern");
      json_builder_add_string_value (b, c->pattern);
      json_builder_set_member_name (b, "pattern_id");
      json_builder_add_int_value (b, c->pattern_id);
      json_builder_set_member_name (b, "tags");
      json_builder_begin_array (b);
      for (guint t = 0; c->tags[t]; t++)
        json_builder_add_string_value (b, c->tags[t]);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "builds");
      json_builder_add_int_value (b, c->builds);
      json_builder_set_member_name (b, "share");
      json_builder_add_double_value (b, c->share);
      json_builder_set_member_name (b, "first_seen");
      json_builder_add_string_value (b, first);
      json_builder_set_member_name (b, "last_seen");
      json_builder_add_string_value (b, last);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "jobs");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->jobs->len; i++)
    add_group (b, "job", culprit_report_get_job (self, i));
  json_builder_end_array (b);

  json_builder_set_member_name (b, "weeks");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->weeks->len; i++)
    add_group (b, "week", culprit_report_get_week (self, i));
  json_builder_end_array (b);

  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static double
percent (guint part,
         guint whole)
{
  return whole ? 100.0 * part / whole : 0;
}

/**
 * culprit_report_to_text:
 *
 * Returns: (transfer full): a readable table
 */
char *
culprit_report_to_text (CulpritReport *self)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, _("Failed builds: %u of %u (%.1f%%)\n\n"),
                          self->failed, self->total, percent (self->failed, self->total));

  if (self->causes->len > 0)
    {
      g_string_append_printf (out, "%-36s %7s %7s  %-24s %-10s  %s\n", _("Top causes"), _("Builds"),
                              _("Share"), _("Tags"), _("First seen"), _("Last seen"));
      for (guint i = 0; i < self->causes->len; i++)
        {
          const CulpritReportCause *c = culprit_report_get_cause (self, i);
          g_autofree char *tags = g_strjoinv (", ", c->tags);
          g_autofree char *first = format_day (c->first_seen);
          g_autofree char *last = format_day (c->last_seen);

          g_string_append_printf (out, "%-36s %7u %6.1f%%  %-24s %-10s  %s\n", c->pattern, c->builds,
                                  100 * c->share, tags, first, last);
        }
      g_string_append_c (out, '\n');
    }

  g_string_append_printf (out, "%-36s %7s %7s\n", _("Categories of failed builds"), _("Builds"),
                          _("Share"));
  for (guint i = 0; categories[i]; i++)
    {
      if (g_str_equal (categories[i], CULPRIT_CATEGORY_PASSED))
        continue;
      g_string_append_printf (out, "  %-34s %7u %6.1f%%\n", categories[i], self->by_category[i],
                              percent (self->by_category[i], self->failed));
    }

  if (self->jobs->len > 0)
    {
      g_string_append_printf (out, "\n%-36s %7s %7s %7s %7s %7s\n", _("Per job"), _("Failed"),
                              _("Of"), _("Flaky"), _("Known"), _("Unexpl."));
      for (guint i = 0; i < self->jobs->len; i++)
        {
          const CulpritReportGroup *g = culprit_report_get_job (self, i);

          g_string_append_printf (out, "  %-34s %7u %7u %7u %7u %7u\n", *g->key ? g->key : "-",
                                  g->failed, g->total, g->by_category[0], g->by_category[1],
                                  g->by_category[category_index (CULPRIT_CATEGORY_UNEXPLAINED)]);
        }
    }

  if (self->weeks->len > 0)
    {
      g_string_append_printf (out, "\n%-36s %7s %7s %7s %7s %7s\n", _("Per week (from Monday)"),
                              _("Failed"), _("Of"), _("Flaky"), _("Known"), _("Unexpl."));
      for (guint i = 0; i < self->weeks->len; i++)
        {
          const CulpritReportGroup *g = culprit_report_get_week (self, i);

          g_string_append_printf (out, "  %-34s %7u %7u %7u %7u %7u\n", g->key, g->failed, g->total,
                                  g->by_category[0], g->by_category[1],
                                  g->by_category[category_index (CULPRIT_CATEGORY_UNEXPLAINED)]);
        }
    }

  return g_string_free (out, FALSE);
}

static void
csv_field (GString    *out,
           const char *value)
{
  if (strpbrk (value, ",\"\n\r") == NULL)
    {
      g_string_append (out, value);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = value; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/**
 * culprit_report_to_csv:
 *
 * One table, a stable format (RFC 4180): `section,name,builds,share,tags,
 * first_seen,last_seen`; section is `total`, `cause`, `category`, `job`
 * or `week`; for job and week rows, builds is the failed builds and share
 * their part of the group's builds; tags are separated by `;`.
 *
 * Returns: (transfer full): the report as CSV
 */
char *
culprit_report_to_csv (CulpritReport *self)
{
  GString *out = g_string_new ("section,name,builds,share,tags,first_seen,last_seen\r\n");
  char share[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (out, "total,failed,%u,%s,,,\r\n", self->failed,
                          g_ascii_formatd (share, sizeof share, "%.4f",
                                           percent (self->failed, self->total) / 100));
  for (guint i = 0; i < self->causes->len; i++)
    {
      const CulpritReportCause *c = culprit_report_get_cause (self, i);
      g_autofree char *tags = g_strjoinv (";", c->tags);
      g_autofree char *first = format_day (c->first_seen);
      g_autofree char *last = format_day (c->last_seen);

      g_string_append (out, "cause,");
      csv_field (out, c->pattern);
      g_string_append_printf (out, ",%u,%s,", c->builds,
                              g_ascii_formatd (share, sizeof share, "%.4f", c->share));
      csv_field (out, tags);
      g_string_append_printf (out, ",%s,%s\r\n", first, last);
    }
  for (guint i = 0; categories[i]; i++)
    g_string_append_printf (out, "category,%s,%u,%s,,,\r\n", categories[i], self->by_category[i],
                            g_ascii_formatd (share, sizeof share, "%.4f",
                                             percent (self->by_category[i], self->failed) / 100));
  for (guint k = 0; k < 2; k++)
    {
      GArray *groups = k == 0 ? self->jobs : self->weeks;

      for (guint i = 0; i < groups->len; i++)
        {
          const CulpritReportGroup *g = &g_array_index (groups, CulpritReportGroup, i);

          g_string_append (out, k == 0 ? "job," : "week,");
          csv_field (out, g->key);
          g_string_append_printf (out, ",%u,%s,,,\r\n", g->failed,
                                  g_ascii_formatd (share, sizeof share, "%.4f",
                                                   percent (g->failed, g->total) / 100));
        }
    }

  return g_string_free (out, FALSE);
}
