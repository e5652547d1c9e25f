/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-queries"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "culprit-queries.h"
#include "culprit-store-private.h"

/* Read-only queries that the desktop application's views need and the
 * CLI does not. Each is one statement; callers run them in a thread. */

void
culprit_tracked_repo_free (CulpritTrackedRepo *repo)
{
  if (repo == NULL)
    return;
  g_free (repo->repo);
  g_free (repo->api_url);
  g_strfreev (repo->branches);
  g_free (repo);
}

static gboolean
step_done (CulpritStore  *self,
           int            rc,
           const char    *what,
           GError       **error)
{
  if (rc == SQLITE_DONE)
    return TRUE;
  _culprit_store_set_error (self, error, rc, what);
  return FALSE;
}

/**
 * culprit_store_count_builds:
 *
 * Returns: how many builds the store holds, or -1 on error
 */
gint64
culprit_store_count_builds (CulpritStore  *self,
                            GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CULPRIT_IS_STORE (self), -1);

  stmt = _culprit_store_prepare (self, "SELECT count(*) FROM builds", error);
  if (stmt == NULL)
    return -1;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _culprit_store_set_error (self, error, rc, _("counting builds"));
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

/**
 * culprit_store_get_time_range:
 * @first: (out): queued_at of the oldest build, 0 when there is none
 * @last: (out): queued_at of the newest build, 0 when there is none
 */
gboolean
culprit_store_get_time_range (CulpritStore  *self,
                              gint64        *first,
                              gint64        *last,
                              GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CULPRIT_IS_STORE (self), FALSE);
  g_return_val_if_fail (first != NULL && last != NULL, FALSE);

  stmt = _culprit_store_prepare (self, "SELECT coalesce (min (queued_at), 0), "
                                       "coalesce (max (queued_at), 0) FROM builds", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _culprit_store_set_error (self, error, rc, _("reading builds"));
      return FALSE;
    }
  *first = sqlite3_column_int64 (stmt, 0);
  *last = sqlite3_column_int64 (stmt, 1);
  return TRUE;
}

/**
 * culprit_store_list_tracked_repos:
 *
 * Returns: (transfer full) (element-type CulpritTrackedRepo): the tracked
 *   repositories with their branches, by name
 */
GPtrArray *
culprit_store_list_tracked_repos (CulpritStore  *self,
                                  GError       **error)
{
  g_autoptr(sqlite3_stmt) repos = NULL;
  g_autoptr(sqlite3_stmt) branches = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify)culprit_tracked_repo_free);
  int rc;

  g_return_val_if_fail (CULPRIT_IS_STORE (self), NULL);

  repos = _culprit_store_prepare (self, "SELECT repo, api_url FROM repositories ORDER BY repo", error);
  branches = _culprit_store_prepare (self, "SELECT branch FROM tracked_branches WHERE repo = ? "
                                           "ORDER BY branch", error);
  if (repos == NULL || branches == NULL)
    return NULL;

  while ((rc = sqlite3_step (repos)) == SQLITE_ROW)
    {
      g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
      CulpritTrackedRepo *repo = g_new0 (CulpritTrackedRepo, 1);

      repo->repo = g_strdup ((const char *)sqlite3_column_text (repos, 0));
      repo->api_url = g_strdup ((const char *)sqlite3_column_text (repos, 1));
      g_ptr_array_add (out, repo);

      sqlite3_reset (branches);
      sqlite3_bind_text (branches, 1, repo->repo, -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (branches)) == SQLITE_ROW)
        g_strv_builder_add (names, (const char *)sqlite3_column_text (branches, 0));
      if (!step_done (self, rc, _("listing tracked branches"), error))
        return NULL;
      repo->branches = g_strv_builder_end (names);
    }
  if (!step_done (self, rc, _("listing tracked repositories"), error))
    return NULL;

  return g_steal_pointer (&out);
}

/**
 * culprit_store_untrack_repository:
 * @branch: (nullable): one branch to stop tracking, or %NULL for the
 *   whole repository (its stored builds stay)
 */
gboolean
culprit_store_untrack_repository (CulpritStore  *self,
                                  const char    *repo,
                                  const char    *branch,
                                  GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CULPRIT_IS_STORE (self), FALSE);
  g_return_val_if_fail (repo != NULL, FALSE);

  if (branch != NULL)
    stmt = _culprit_store_prepare (self, "DELETE FROM tracked_branches WHERE repo = ? AND branch = ?",
                                   error);
  else
    stmt = _culprit_store_prepare (self, "DELETE FROM repositories WHERE repo = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, repo, -1, SQLITE_STATIC);
  if (branch != NULL)
    sqlite3_bind_text (stmt, 2, branch, -1, SQLITE_STATIC);

  return step_done (self, sqlite3_step (stmt), _("removing a tracked repository"), error);
}

/**
 * culprit_store_list_build_matches:
 *
 * Returns: (transfer full) (element-type CulpritStoredMatch): the stored
 *   matches of a build by live patterns, by line
 */
GArray *
culprit_store_list_build_matches (CulpritStore  *self,
                                  gint64         build_id,
                                  GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (CulpritStoredMatch));
  int rc;

  g_return_val_if_fail (CULPRIT_IS_STORE (self), NULL);

  stmt = _culprit_store_prepare (self,
                                 "SELECT m.pattern_id, m.line, m.span_start, m.span_end FROM matches m "
                                 "JOIN patterns p ON p.id = m.pattern_id "
                                 "WHERE m.build_id = ? AND p.retired_at IS NULL "
                                 "ORDER BY m.line, m.pattern_id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, build_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CulpritStoredMatch m = {
        sqlite3_column_int64 (stmt, 0), sqlite3_column_int (stmt, 1),
        sqlite3_column_int (stmt, 2), sqlite3_column_int (stmt, 3),
      };
      g_array_append_val (out, m);
    }
  if (!step_done (self, rc, _("listing matches"), error))
    return NULL;

  return g_steal_pointer (&out);
}

/**
 * culprit_store_list_pattern_stats:
 *
 * Returns: (transfer full) (element-type CulpritPatternStats): for each
 *   pattern version with matches: how many builds it matches, how many
 *   failed builds it explains (their best match), and when it was last seen
 */
GArray *
culprit_store_list_pattern_stats (CulpritStore  *self,
                                  GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (CulpritPatternStats));
  int rc;

  g_return_val_if_fail (CULPRIT_IS_STORE (self), NULL);

  stmt = _culprit_store_prepare (self,
                                 "SELECT s.pattern_id, count(*), max(b.queued_at), "
                                 "       (SELECT count(*) FROM build_best bb WHERE bb.pattern_id = s.pattern_id) "
                                 "FROM match_summary s JOIN builds b ON b.id = s.build_id "
                                 "GROUP BY s.pattern_id ORDER BY s.pattern_id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CulpritPatternStats s = {
        sqlite3_column_int64 (stmt, 0), sqlite3_column_int (stmt, 1),
        sqlite3_column_int (stmt, 3), sqlite3_column_int64 (stmt, 2),
      };
      g_array_append_val (out, s);
    }
  if (!step_done (self, rc, _("counting matches"), error))
    return NULL;

  return g_steal_pointer (&out);
}

/**
 * culprit_store_list_pattern_builds:
 * @pattern_id: a pattern version
 * @limit: at most this many; 0 for all
 *
 * Returns: (transfer full) (element-type gint64): the ids of the builds
 *   with a stored log that @pattern_id matches: first those whose best
 *   match it is, then the others, each newest first
 */
GArray *
culprit_store_list_pattern_builds (CulpritStore  *self,
                                   gint64         pattern_id,
                                   guint          limit,
                                   GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  g_return_val_if_fail (CULPRIT_IS_STORE (self), NULL);

  stmt = _culprit_store_prepare (self,
                                 "SELECT s.build_id FROM match_summary s "
                                 "JOIN builds b ON b.id = s.build_id "
                                 "JOIN logs l ON l.build_id = s.build_id "
                                 "WHERE s.pattern_id = ?1 "
                                 "ORDER BY EXISTS (SELECT 1 FROM build_best bb "
                                 "                 WHERE bb.build_id = s.build_id "
                                 "                   AND bb.pattern_id = ?1) DESC, "
                                 "         b.queued_at DESC, b.id DESC LIMIT ?2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, pattern_id);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64)limit : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (out, id);
    }
  if (!step_done (self, rc, _("listing the builds of a pattern"), error))
    return NULL;

  return g_steal_pointer (&out);
}

static void
clear_logged_build (gpointer data)
{
  g_free (((CulpritLoggedBuild *)data)->step_name);
}

/**
 * culprit_store_list_logged_builds:
 * @limit: at most this many; 0 for all
 *
 * Returns: (transfer full) (element-type CulpritLoggedBuild): the builds
 *   with a stored log, newest first
 */
GArray *
culprit_store_list_logged_builds (CulpritStore  *self,
                                  guint          limit,
                                  GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (CulpritLoggedBuild));
  int rc;

  g_return_val_if_fail (CULPRIT_IS_STORE (self), NULL);

  g_array_set_clear_func (out, clear_logged_build);
  stmt = _culprit_store_prepare (self,
                                 "SELECT l.build_id, l.step_name, l.raw_bytes FROM logs l "
                                 "JOIN builds b ON b.id = l.build_id "
                                 "ORDER BY b.queued_at DESC, b.id DESC LIMIT ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit > 0 ? (gint64)limit : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CulpritLoggedBuild b = {
        sqlite3_column_int64 (stmt, 0),
        g_strdup ((const char *)sqlite3_column_text (stmt, 1)),
        sqlite3_column_int64 (stmt, 2),
      };
      g_array_append_val (out, b);
    }
  if (!step_done (self, rc, _("listing logs"), error))
    return NULL;

  return g_steal_pointer (&out);
}

/**
 * culprit_store_list_build_values:
 *
 * Returns: (transfer full): the distinct non-empty values of a column of
 *   the stored builds, sorted
 */
char **
culprit_store_list_build_values (CulpritStore        *self,
                                 CulpritBuildColumn   column,
                                 GError             **error)
{
  static const char * const sql[] = {
    [CULPRIT_BUILD_COLUMN_BRANCH] = "SELECT DISTINCT branch FROM builds WHERE branch <> '' ORDER BY 1",
    [CULPRIT_BUILD_COLUMN_JOB] = "SELECT DISTINCT job FROM builds WHERE job <> '' ORDER BY 1",
  };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GStrvBuilder) values = g_strv_builder_new ();
  int rc;

  g_return_val_if_fail (CULPRIT_IS_STORE (self), NULL);
  g_return_val_if_fail (column <= CULPRIT_BUILD_COLUMN_JOB, NULL);

  stmt = _culprit_store_prepare (self, sql[column], error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (values, (const char *)sqlite3_column_text (stmt, 0));
  if (!step_done (self, rc, _("listing builds"), error))
    return NULL;

  return g_strv_builder_end (values);
}
