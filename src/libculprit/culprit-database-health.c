/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-database"

#include "config.h"

#include <string.h>

#include "culprit-annotations.h"
#include "culprit-build.h"
#include "culprit-database-private.h"

/* A branch's health, for the health page: its recent commits by job
 * (the newest build of each cell), the annotated builds, the branch's
 * report, and the weekly share of its commits with an unexplained
 * failure. The branch asked for, else "main", else "master", ... */

typedef struct
{
  char  *branch;
  guint  max_commits;
} HealthQuery;

static void
health_query_free (HealthQuery *query)
{
  g_free (query->branch);
  g_free (query);
}

static void
health_week_clear (gpointer data)
{
  CulpritHealthWeek *week = data;

  g_free (week->key);
}

void
culprit_health_free (CulpritHealth *health)
{
  if (health == NULL)
    return;
  g_free (health->branch);
  g_strfreev (health->branches);
  g_clear_pointer (&health->commits, g_ptr_array_unref);
  g_strfreev (health->jobs);
  g_clear_pointer (&health->cells, g_ptr_array_unref);
  g_clear_pointer (&health->annotated, g_hash_table_unref);
  g_clear_pointer (&health->report, culprit_report_free);
  g_clear_pointer (&health->unexplained, g_array_unref);
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

static char *
week_of (gint64 when)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (when > 0 ? when : 0);
  g_autoptr(GDateTime) monday = g_date_time_add_days (dt, 1 - g_date_time_get_day_of_week (dt));

  return g_date_time_format (monday, "%Y-%m-%d");
}

static int
compare_weeks (gconstpointer a,
               gconstpointer b)
{
  return strcmp (((const CulpritHealthWeek *)a)->key, ((const CulpritHealthWeek *)b)->key);
}

typedef struct
{
  gint64   first_queued;
  gboolean unexplained;
} CommitState;

/* Each commit of the branch belongs to the week its first build was
 * queued, and counts as unexplained when one of its builds on the branch
 * failed in the category "unexplained" (annotated failures are known
 * problems, so they do not). */
static GArray *
count_unexplained (GPtrArray *builds)
{
  g_autoptr(GHashTable) commits = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GHashTable) week_index = g_hash_table_new (g_str_hash, g_str_equal);
  GArray *weeks = g_array_new (FALSE, TRUE, sizeof (CulpritHealthWeek));
  GHashTableIter iter;
  CommitState *state;

  g_array_set_clear_func (weeks, health_week_clear);
  for (guint i = 0; i < builds->len; i++)
    {
      CulpritBuild *b = g_ptr_array_index (builds, i);
      const char *sha = culprit_build_get_vcs_revision (b);

      if (sha == NULL)
        continue;
      state = g_hash_table_lookup (commits, sha);
      if (state == NULL)
        {
          state = g_new0 (CommitState, 1);
          state->first_queued = culprit_build_get_queued_at (b);
          g_hash_table_insert (commits, (gpointer)sha, state);
        }
      state->first_queued = MIN (state->first_queued, culprit_build_get_queued_at (b));
      if (g_strcmp0 (culprit_build_get_category (b), CULPRIT_CATEGORY_UNEXPLAINED) == 0)
        state->unexplained = TRUE;
    }

  g_hash_table_iter_init (&iter, commits);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&state))
    {
      g_autofree char *key = week_of (state->first_queued);
      gpointer pos;

      if (!g_hash_table_lookup_extended (week_index, key, NULL, &pos))
        {
          CulpritHealthWeek week = { g_strdup (key), 0, 0 };

          pos = GUINT_TO_POINTER (weeks->len);
          g_array_append_val (weeks, week);
          g_hash_table_insert (week_index, g_array_index (weeks, CulpritHealthWeek, weeks->len - 1).key, pos);
        }
      g_array_index (weeks, CulpritHealthWeek, GPOINTER_TO_UINT (pos)).commits++;
      g_array_index (weeks, CulpritHealthWeek, GPOINTER_TO_UINT (pos)).unexplained += state->unexplained;
    }
  g_array_sort (weeks, compare_weeks);
  return weeks;
}

static gpointer
load_health (CulpritStore  *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  HealthQuery *query = data;
  const char *wanted = query->branch;
  CulpritHealth *health = g_new0 (CulpritHealth, 1);
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
  health->annotated = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                             (GDestroyNotify)culprit_annotation_free);
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

  {
    gsize n_annotations = 0;
    g_autofree CulpritAnnotation **owned = (CulpritAnnotation **)g_ptr_array_steal (annotations,
                                                                                    &n_annotations);

    /* the hash table owns the annotations, keyed by their own build ids */
    for (gsize i = 0; i < n_annotations; i++)
      g_hash_table_insert (health->annotated, &owned[i]->build_id, owned[i]);
  }
  health->unexplained = count_unexplained (builds);

  /* rows: commits in the order of their newest build; columns: jobs */
  for (guint i = 0; i < builds->len; i++)
    {
      CulpritBuild *b = g_ptr_array_index (builds, i);
      const char *sha = culprit_build_get_vcs_revision (b);
      const char *job = culprit_build_get_job (b);

      if (sha == NULL || job == NULL)
        continue;
      if (!g_hash_table_contains (commit_rows, sha) && health->commits->len < query->max_commits)
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
  culprit_health_free (health);
  return NULL;
}

/**
 * culprit_database_load_health_async:
 * @branch: (nullable): the branch to show, or %NULL for the default one
 * @max_commits: how many of its newest commits make rows
 */
void
culprit_database_load_health_async (CulpritDatabase     *self,
                                    const char          *branch,
                                    guint                max_commits,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  HealthQuery *query;

  g_return_if_fail (CULPRIT_IS_DATABASE (self));

  query = g_new0 (HealthQuery, 1);
  query->branch = g_strdup (branch);
  query->max_commits = max_commits;
  _culprit_database_run_async (self, culprit_database_load_health_async, load_health, query,
                               (GDestroyNotify)health_query_free,
                               (GDestroyNotify)culprit_health_free, cancellable, callback, user_data);
}

CulpritHealth *
culprit_database_load_health_finish (CulpritDatabase  *self,
                                     GAsyncResult     *result,
                                     GError          **error)
{
  return _culprit_database_run_finish (self, result, culprit_database_load_health_async, error);
}
