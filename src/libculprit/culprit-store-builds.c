/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "culprit-build-private.h"
#include "culprit-line.h"
#include "culprit-log-codec.h"
#include "culprit-log-sketch.h"
#include "culprit-store-private.h"

/* Builds and their logs. A listed build is stored at once as "pending";
 * fetching its detail and log finishes it in one transaction, so a fetch
 * that is interrupted leaves pending builds that the next run picks up. */

#define BUILD_COLUMNS \
  "b.id, b.repo, b.build_num, b.branch, b.job, b.workflow, b.vcs_revision, b.queued_at, " \
  "b.start_time, b.stop_time, b.outcome, b.status, b.state, b.failed_step, " \
  "coalesce (l.raw_bytes, 0), coalesce (l.truncated, 0), bb.pattern_id, bb.last_line, p.name, " \
  "CASE WHEN b.state NOT IN ('passed', 'pending') AND EXISTS (SELECT 1 FROM annotations a " \
  "          WHERE a.build_id = b.id AND a.kind = 'known-problem') THEN 'known-problem' " \
  "     WHEN b.state <> 'log' THEN b.state " \
  "     WHEN b.scanned_at IS NULL THEN 'pending' " \
  "     WHEN bb.pattern_id IS NULL THEN 'unexplained' " \
  "     WHEN EXISTS (SELECT 1 FROM pattern_tags t WHERE t.pattern_id = bb.pattern_id AND t.tag = 'flaky') THEN 'flaky' " \
  "     WHEN EXISTS (SELECT 1 FROM pattern_tags t WHERE t.pattern_id = bb.pattern_id AND t.tag = 'known-problem') THEN 'known-problem' " \
  "     ELSE 'matched' END "

#define BUILD_FROM \
  "FROM builds b LEFT JOIN logs l ON l.build_id = b.id " \
  "LEFT JOIN build_best bb ON bb.build_id = b.id LEFT JOIN patterns p ON p.id = bb.pattern_id "

static void
set_text (char        **field,
          sqlite3_stmt *stmt,
          int           column)
{
  _culprit_build_set_string (field, (const char *)sqlite3_column_text (stmt, column));
}

static CulpritBuild *
build_from_row (sqlite3_stmt *stmt)
{
  CulpritBuild *b = culprit_build_new ((const char *)sqlite3_column_text (stmt, 1),
                                       sqlite3_column_int64 (stmt, 2));

  b->id = sqlite3_column_int64 (stmt, 0);
  set_text (&b->branch, stmt, 3);
  set_text (&b->job, stmt, 4);
  set_text (&b->workflow, stmt, 5);
  set_text (&b->vcs_revision, stmt, 6);
  b->queued_at = sqlite3_column_int64 (stmt, 7);
  b->start_time = sqlite3_column_int64 (stmt, 8);
  b->stop_time = sqlite3_column_int64 (stmt, 9);
  set_text (&b->outcome, stmt, 10);
  set_text (&b->status, stmt, 11);
  set_text (&b->state, stmt, 12);
  set_text (&b->failed_step, stmt, 13);
  b->log_bytes = sqlite3_column_int64 (stmt, 14);
  b->log_truncated = sqlite3_column_int (stmt, 15);
  b->best_pattern_id = sqlite3_column_int64 (stmt, 16);
  b->best_line = sqlite3_column_int (stmt, 17);
  set_text (&b->best_pattern, stmt, 18);
  set_text (&b->category, stmt, 19);

  return b;
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           index,
                   const char   *value)
{
  if (value != NULL)
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

static void
bind_time_or_null (sqlite3_stmt *stmt,
                   int           index,
                   gint64        value)
{
  if (value > 0)
    sqlite3_bind_int64 (stmt, index, value);
  else
    sqlite3_bind_null (stmt, index);
}

/**
 * culprit_store_add_builds:
 * @builds: (element-type CulpritBuild): builds from a list; their ids are
 *   set, for new and already stored ones alike
 * @n_added: (out) (optional): how many were new
 *
 * Stores listed builds in one transaction. A build already stored is left
 * as it is; each build's id and stored state are set from the store. A new build that CircleCI reports as successful is stored as
 * passed; any other as pending, to be finished by a fetch.
 */
gboolean
culprit_store_add_builds (CulpritStore  *self,
                          GPtrArray     *builds,
                          guint         *n_added,
                          GError       **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) lookup = NULL;
  guint added = 0;

  g_return_val_if_fail (CULPRIT_IS_STORE (self), FALSE);
  g_return_val_if_fail (builds != NULL, FALSE);

  if (!_culprit_store_begin (self, error))
    return FALSE;

  insert = _culprit_store_prepare (self,
                                   "INSERT OR IGNORE INTO builds (repo, build_num, branch, job, workflow,"
                                   " vcs_revision, queued_at, start_time, stop_time, outcome, status, state)"
                                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  lookup = _culprit_store_prepare (self, "SELECT id, state FROM builds WHERE repo = ? AND build_num = ?",
                                   error);
  if (insert == NULL || lookup == NULL)
    goto fail;

  for (guint i = 0; i < builds->len; i++)
    {
      CulpritBuild *b = g_ptr_array_index (builds, i);
      const char *state = g_strcmp0 (b->outcome, "success") == 0 ? CULPRIT_BUILD_STATE_PASSED
                                                                 : CULPRIT_BUILD_STATE_PENDING;
      int rc;

      sqlite3_reset (insert);
      sqlite3_bind_text (insert, 1, b->repo, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (insert, 2, b->build_num);
      bind_text_or_null (insert, 3, b->branch);
      bind_text_or_null (insert, 4, b->job);
      bind_text_or_null (insert, 5, b->workflow);
      bind_text_or_null (insert, 6, b->vcs_revision);
      bind_time_or_null (insert, 7, b->queued_at);
      bind_time_or_null (insert, 8, b->start_time);
      bind_time_or_null (insert, 9, b->stop_time);
      bind_text_or_null (insert, 10, b->outcome);
      bind_text_or_null (insert, 11, b->status);
      sqlite3_bind_text (insert, 12, state, -1, SQLITE_STATIC);
      rc = sqlite3_step (insert);
      if (rc != SQLITE_DONE)
        {
          _culprit_store_set_error (self, error, rc, _("saving builds"));
          goto fail;
        }
      if (sqlite3_changes (_culprit_store_get_db (self)) > 0)
        added++;

      sqlite3_reset (lookup);
      sqlite3_bind_text (lookup, 1, b->repo, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (lookup, 2, b->build_num);
      if (sqlite3_step (lookup) == SQLITE_ROW)
        {
          b->id = sqlite3_column_int64 (lookup, 0);
          set_text (&b->state, lookup, 1);
        }
    }

  if (!_culprit_store_commit (self, error))
    return FALSE;
  if (n_added != NULL)
    *n_added = added;
  return TRUE;

fail:
  _culprit_store_rollback (self);
  return FALSE;
}

gboolean
culprit_store_has_build (CulpritStore  *self,
                         const char    *repo,
                         gint64         build_num,
                         gboolean      *has_build,
                         GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CULPRIT_IS_STORE (self), FALSE);
  g_return_val_if_fail (has_build != NULL, FALSE);

  stmt = _culprit_store_prepare (self, "SELECT 1 FROM builds WHERE repo = ? AND build_num = ?",
                                 error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, repo, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, build_num);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _culprit_store_set_error (self, error, rc, _("reading builds"));
      return FALSE;
    }
  *has_build = rc == SQLITE_ROW;
  return TRUE;
}

/* A page of builds: the best matches are worked out for its builds only,
 * not for the whole store as a join with the view build_best would (the
 * same query as the view's, in schema/0001-initial.sql). */
#define PAGE_BEST \
  "best AS (SELECT build_id, pattern_id, last_line FROM (" \
  "  SELECT s.build_id, s.pattern_id, s.last_line, " \
  "         row_number () OVER (PARTITION BY s.build_id " \
  "           ORDER BY p.specificity DESC, s.last_line DESC, p.id DESC) AS rank " \
  "  FROM match_summary s JOIN patterns p ON p.id = s.pattern_id " \
  "  WHERE s.build_id IN page AND p.retired_at IS NULL AND p.kind = 'cause') " \
  "WHERE rank = 1) "

#define PAGE_FROM \
  "FROM page JOIN builds b ON b.id = page.id LEFT JOIN logs l ON l.build_id = b.id " \
  "LEFT JOIN best bb ON bb.build_id = b.id LEFT JOIN patterns p ON p.id = bb.pattern_id "

static GPtrArray *
query_builds_sql (CulpritStore  *self,
                  const char    *sql,
                  const char   **texts,
                  guint          n_texts,
                  const gint64  *ints,
                  guint          n_ints,
                  GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = _culprit_store_prepare (self, sql, error);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < n_texts; i++)
    sqlite3_bind_text (stmt, i + 1, texts[i], -1, SQLITE_STATIC);
  for (guint i = 0; i < n_ints; i++)
    sqlite3_bind_int64 (stmt, n_texts + i + 1, ints[i]);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out, build_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _culprit_store_set_error (self, error, rc, _("listing builds"));
      return NULL;
    }
  return g_steal_pointer (&out);
}

static GPtrArray *
query_builds (CulpritStore  *self,
              const char    *where_and_order,
              const char   **texts,
              guint          n_texts,
              const gint64  *ints,
              guint          n_ints,
              GError       **error)
{
  g_autofree char *sql = g_strconcat ("SELECT " BUILD_COLUMNS BUILD_FROM, where_and_order, NULL);

  return query_builds_sql (self, sql, texts, n_texts, ints, n_ints, error);
}

/**
 * culprit_store_list_pending_builds:
 *
 * Returns: (transfer full) (element-type CulpritBuild): the builds of
 *   @repo whose detail and log are still to be fetched, newest first
 */
GPtrArray *
culprit_store_list_pending_builds (CulpritStore  *self,
                                   const char    *repo,
                                   GError       **error)
{
  g_return_val_if_fail (CULPRIT_IS_STORE (self), NULL);

  return query_builds (self, "WHERE b.repo = ? AND b.state = 'pending' ORDER BY b.build_num DESC",
                       &repo, 1, NULL, 0, error);
}

/* The WHERE clause of @filter, its parameters in texts and ints */
static void
append_filter (GString                   *where,
               const CulpritBuildFilter  *filter,
               const char               **texts,
               guint                     *n_texts,
               gint64                    *ints,
               guint                     *n_ints)
{
  g_string_append (where, "WHERE 1 ");
  if (filter == NULL)
    return;
  if (filter->repo)
    g_string_append (where, "AND b.repo = ? "), texts[(*n_texts)++] = filter->repo;
  if (filter->branch)
    g_string_append (where, "AND b.branch = ? "), texts[(*n_texts)++] = filter->branch;
  if (filter->job)
    g_string_append (where, "AND b.job = ? "), texts[(*n_texts)++] = filter->job;
  if (filter->since > 0)
    g_string_append (where, "AND b.queued_at >= ? "), ints[(*n_ints)++] = filter->since;
  if (filter->until > 0)
    g_string_append (where, "AND b.queued_at < ? "), ints[(*n_ints)++] = filter->until;
  if (filter->failed_only)
    g_string_append (where, "AND b.state <> 'passed' AND coalesce (b.outcome, '') <> 'success' ");
}

/* Every build @filter picks in the list's order; with @limit, a page of
 * them from @offset */
static GPtrArray *
list_builds (CulpritStore              *self,
             const CulpritBuildFilter  *filter,
             guint                      offset,
             guint                      limit,
             GError                   **error)
{
  g_autoptr(GString) where = g_string_new (NULL);
  g_autofree char *sql = NULL;
  const char *texts[3];
  gint64 ints[4];
  guint n_texts = 0, n_ints = 0;

  append_filter (where, filter, texts, &n_texts, ints, &n_ints);
  g_string_append (where, "ORDER BY b.repo, b.build_num DESC");
  if (limit == 0)
    return query_builds (self, where->str, texts, n_texts, ints, n_ints, error);

  ints[n_ints++] = limit;
  ints[n_ints++] = offset;
  sql = g_strdup_printf ("WITH page AS (SELECT b.id FROM builds b %s LIMIT ? OFFSET ?), " PAGE_BEST
                         "SELECT " BUILD_COLUMNS PAGE_FROM "ORDER BY b.repo, b.build_num DESC",
                         where->str);
  return query_builds_sql (self, sql, texts, n_texts, ints, n_ints, error);
}

/**
 * culprit_store_list_builds:
 * @filter: (nullable): which builds
 *
 * Returns: (transfer full) (element-type CulpritBuild): builds with their
 *   category and best match, newest first
 */
GPtrArray *
culprit_store_list_builds (CulpritStore              *self,
                           const CulpritBuildFilter  *filter,
                           GError                   **error)
{
  g_return_val_if_fail (CULPRIT_IS_STORE (self), NULL);

  return list_builds (self, filter, 0, 0, error);
}

/**
 * culprit_store_list_builds_range:
 * @filter: (nullable): which builds
 * @offset: how many of them to skip
 * @limit: how many to list at most; 0: all from @offset
 *
 * A page of the list that culprit_store_list_builds() gives, in its order.
 *
 * Returns: (transfer full) (element-type CulpritBuild): the builds
 */
GPtrArray *
culprit_store_list_builds_range (CulpritStore              *self,
                                 const CulpritBuildFilter  *filter,
                                 guint                      offset,
                                 guint                      limit,
                                 GError                   **error)
{
  g_return_val_if_fail (CULPRIT_IS_STORE (self), NULL);

  return list_builds (self, filter, offset, limit > 0 ? limit : G_MAXINT, error);
}

static void
build_group_clear (gpointer data)
{
  CulpritBuildGroup *group = data;

  g_free (group->outcome);
  g_free (group->category);
  g_free (group->job);
  g_free (group->week);
  g_free (group->best_pattern);
}

/**
 * _culprit_store_count_builds:
 * @filter: (nullable): which builds
 *
 * Counts the builds that @filter picks, grouped by what a report tells
 * apart (outcome, category, job, week, best match), in one statement,
 * without making an object of each.
 *
 * Returns: (transfer full) (element-type CulpritBuildGroup): the groups
 */
GArray *
_culprit_store_count_builds (CulpritStore              *self,
                             const CulpritBuildFilter  *filter,
                             GError                   **error)
{
  g_autoptr(GString) where = g_string_new (NULL);
  g_autofree char *sql = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) groups = g_array_new (FALSE, TRUE, sizeof (CulpritBuildGroup));
  const char *texts[3];
  gint64 ints[2];
  guint n_texts = 0, n_ints = 0;
  int rc;

  g_return_val_if_fail (CULPRIT_IS_STORE (self), NULL);

  g_array_set_clear_func (groups, build_group_clear);
  append_filter (where, filter, texts, &n_texts, ints, &n_ints);
  /* the columns of BUILD_COLUMNS, named; a week is keyed by its Monday */
  sql = g_strdup_printf ("WITH x (id, repo, build_num, branch, job, workflow, vcs_revision, "
                         "       queued_at, start_time, stop_time, outcome, status, state, "
                         "       failed_step, raw_bytes, truncated, best_id, best_line, best_name, "
                         "       category) "
                         "  AS (SELECT " BUILD_COLUMNS BUILD_FROM "%s) "
                         "SELECT outcome, category, coalesce (job, ''), "
                         "       date (max (coalesce (queued_at, 0), 0), 'unixepoch', '-6 days', "
                         "             'weekday 1'), "
                         "       coalesce (best_id, 0), best_name, count (*), "
                         "       min (coalesce (queued_at, 0)), max (coalesce (queued_at, 0)) "
                         "FROM x GROUP BY 1, 2, 3, 4, 5, 6", where->str);
  stmt = _culprit_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < n_texts; i++)
    sqlite3_bind_text (stmt, i + 1, texts[i], -1, SQLITE_STATIC);
  for (guint i = 0; i < n_ints; i++)
    sqlite3_bind_int64 (stmt, n_texts + i + 1, ints[i]);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CulpritBuildGroup group = {
        .outcome = g_strdup ((const char *)sqlite3_column_text (stmt, 0)),
        .category = g_strdup ((const char *)sqlite3_column_text (stmt, 1)),
        .job = g_strdup ((const char *)sqlite3_column_text (stmt, 2)),
        .week = g_strdup ((const char *)sqlite3_column_text (stmt, 3)),
        .best_pattern_id = sqlite3_column_int64 (stmt, 4),
        .best_pattern = g_strdup ((const char *)sqlite3_column_text (stmt, 5)),
        .count = sqlite3_column_int (stmt, 6),
        .first_queued = sqlite3_column_int64 (stmt, 7),
        .last_queued = sqlite3_column_int64 (stmt, 8),
      };

      g_array_append_val (groups, group);
    }
  if (rc != SQLITE_DONE)
    {
      _culprit_store_set_error (self, error, rc, _("listing builds"));
      return NULL;
    }
  return g_steal_pointer (&groups);
}

/**
 * culprit_store_get_build:
 *
 * Returns: (transfer full): the build with @build_id
 */
CulpritBuild *
culprit_store_get_build (CulpritStore  *self,
                         gint64         build_id,
                         GError       **error)
{
  g_autoptr(GPtrArray) found = NULL;

  g_return_val_if_fail (CULPRIT_IS_STORE (self), NULL);

  found = query_builds (self, "WHERE b.id = ?", NULL, 0, &build_id, 1, error);
  if (found == NULL)
    return NULL;
  if (found->len == 0)
    {
      g_set_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_NOT_FOUND,
                   _("There is no build with id %" G_GINT64_FORMAT), build_id);
      return NULL;
    }
  return g_object_ref (g_ptr_array_index (found, 0));
}

/**
 * culprit_store_finish_build:
 *
 * Records what a fetch learned about a build, and its log if there is
 * one, in one transaction. The build's scan watermark is reset, so the
 * next scan matches its (new) log with every pattern.
 */
gboolean
culprit_store_finish_build (CulpritStore              *self,
                            gint64                     build_id,
                            const CulpritBuildResult  *result,
                            GError                   **error)
{
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autoptr(sqlite3_stmt) clear = NULL;
  g_autoptr(sqlite3_stmt) log = NULL;

  g_return_val_if_fail (CULPRIT_IS_STORE (self), FALSE);
  g_return_val_if_fail (result != NULL && result->state != NULL, FALSE);

  if (!_culprit_store_begin (self, error))
    return FALSE;

  update = _culprit_store_prepare (self,
                                   "UPDATE builds SET state = ?, failed_step = ?, job = coalesce (job, ?),"
                                   " scanned_through_pattern_id = 0, scanned_at = NULL WHERE id = ?",
                                   error);
  clear = _culprit_store_prepare (self,
                                  "DELETE FROM logs WHERE build_id = ?1;", error);
  if (update == NULL || clear == NULL)
    goto fail;

  sqlite3_bind_text (update, 1, result->state, -1, SQLITE_STATIC);
  bind_text_or_null (update, 2, result->failed_step);
  bind_text_or_null (update, 3, result->job);
  sqlite3_bind_int64 (update, 4, build_id);
  if (sqlite3_step (update) != SQLITE_DONE)
    {
      _culprit_store_set_error (self, error, sqlite3_errcode (_culprit_store_get_db (self)),
                                _("saving a build"));
      goto fail;
    }
  if (sqlite3_changes (_culprit_store_get_db (self)) == 0)
    {
      g_set_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_NOT_FOUND,
                   _("There is no build with id %" G_GINT64_FORMAT), build_id);
      goto fail;
    }

  sqlite3_bind_int64 (clear, 1, build_id);
  if (sqlite3_step (clear) != SQLITE_DONE ||
      !_culprit_store_exec_int (self, "DELETE FROM matches WHERE build_id = ?", build_id, error) ||
      !_culprit_store_exec_int (self, "DELETE FROM match_summary WHERE build_id = ?", build_id, error) ||
      !_culprit_store_exec_int (self, "DELETE FROM log_sketches WHERE build_id = ?", build_id, error))
    goto fail;

  if (result->compressed_log != NULL)
    {
      log = _culprit_store_prepare (self,
                                    "INSERT INTO logs (build_id, step_name, raw_bytes, line_count,"
                                    " truncated, sha256, data) VALUES (?, ?, ?, ?, ?, ?, ?)", error);
      if (log == NULL)
        goto fail;
      sqlite3_bind_int64 (log, 1, build_id);
      bind_text_or_null (log, 2, result->failed_step);
      sqlite3_bind_int64 (log, 3, result->raw_bytes);
      sqlite3_bind_int64 (log, 4, result->line_count);
      sqlite3_bind_int (log, 5, result->truncated);
      bind_text_or_null (log, 6, result->sha256);
      sqlite3_bind_blob64 (log, 7, g_bytes_get_data (result->compressed_log, NULL),
                           g_bytes_get_size (result->compressed_log), SQLITE_STATIC);
      if (sqlite3_step (log) != SQLITE_DONE)
        {
          _culprit_store_set_error (self, error, sqlite3_errcode (_culprit_store_get_db (self)),
                                    _("saving a log"));
          goto fail;
        }
      if (result->sketch != NULL && !_culprit_store_save_sketch (self, build_id, result->sketch, error))
        goto fail;
    }

  return _culprit_store_commit (self, error);

fail:
  _culprit_store_rollback (self);
  return FALSE;
}

/**
 * culprit_store_load_log:
 *
 * Reads and decompresses a build's log. Thread-safe (SQLite serialises).
 *
 * Returns: (transfer full): the log's bytes (nul-terminated past the end)
 */
gboolean
_culprit_store_load_log_into (CulpritStore  *self,
                              gint64         build_id,
                              GByteArray    *out,
                              GError       **error)
{
  sqlite3_stmt *stmt;
  gboolean ok;
  int rc;

  stmt = _culprit_store_prepare_cached (self, "SELECT raw_bytes, data FROM logs WHERE build_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, build_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_NOT_FOUND,
                   _("Build %" G_GINT64_FORMAT " has no stored log"), build_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      _culprit_store_set_error (self, error, rc, _("reading a log"));
      sqlite3_reset (stmt);
      return FALSE;
    }
  ok = culprit_log_decompress_into (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1),
                                    sqlite3_column_int64 (stmt, 0), out, error);
  sqlite3_reset (stmt);   /* ends the read transaction */
  return ok;
}

gboolean
_culprit_store_save_sketch (CulpritStore  *self,
                            gint64         build_id,
                            GBytes        *sketch,
                            GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _culprit_store_prepare (self, "INSERT OR REPLACE INTO log_sketches (build_id, bits) VALUES (?, ?)",
                                 error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, build_id);
  sqlite3_bind_blob64 (stmt, 2, g_bytes_get_data (sketch, NULL), g_bytes_get_size (sketch),
                       SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      _culprit_store_set_error (self, error, sqlite3_errcode (_culprit_store_get_db (self)),
                                _("saving a log’s sketch"));
      return FALSE;
    }
  return TRUE;
}

GBytes *
culprit_store_load_log (CulpritStore  *self,
                        gint64         build_id,
                        GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CULPRIT_IS_STORE (self), NULL);

  stmt = _culprit_store_prepare (self, "SELECT raw_bytes, data FROM logs WHERE build_id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, build_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_NOT_FOUND,
                   _("Build %" G_GINT64_FORMAT " has no stored log"), build_id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      _culprit_store_set_error (self, error, rc, _("reading a log"));
      return NULL;
    }

  return culprit_log_decompress (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1),
                                 sqlite3_column_int64 (stmt, 0), error);
}

/**
 * culprit_store_add_local_log:
 * @repo: a name for the logs' origin, such as `local/nightly`
 * @branch: (nullable):
 * @job: (nullable):
 * @name: the log's name (its file name), kept as the build's failed step
 * @duplicate: (out): set when the same log is already stored for @repo
 *
 * Stores a log from disk as a failed build with the next build number of
 * @repo. The same content is stored once per repository.
 *
 * Returns: the build number (of the existing build for a duplicate), or
 *   -1 on error
 */
gint64
culprit_store_add_local_log (CulpritStore  *self,
                             const char    *repo,
                             const char    *branch,
                             const char    *job,
                             const char    *name,
                             const char    *data,
                             gsize          len,
                             gboolean      *duplicate,
                             GError       **error)
{
  return culprit_store_add_local_log_full (self, repo, branch, job, name, data, len, FALSE,
                                           duplicate, error);
}

/**
 * culprit_store_add_local_log_full:
 * @truncated: @data is the tail of a larger log (see culprit_tail_start ()),
 *   stored marked as such, as the CircleCI client stores a capped log
 *
 * Like culprit_store_add_local_log ().
 */
gint64
culprit_store_add_local_log_full (CulpritStore  *self,
                                  const char    *repo,
                                  const char    *branch,
                                  const char    *job,
                                  const char    *name,
                                  const char    *data,
                                  gsize          len,
                                  gboolean       truncated,
                                  gboolean      *duplicate,
                                  GError       **error)
{
  g_autofree char *sha256 = NULL;
  g_autoptr(sqlite3_stmt) find = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(GBytes) compressed = NULL;
  g_autoptr(GBytes) sketch = NULL;
  CulpritBuildResult result = { 0 };
  gint64 build_num, build_id;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_return_val_if_fail (CULPRIT_IS_STORE (self), -1);
  g_return_val_if_fail (repo != NULL && name != NULL, -1);
  g_return_val_if_fail (duplicate != NULL, -1);

  *duplicate = FALSE;
  sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)data, len);

  find = _culprit_store_prepare (self,
                                 "SELECT b.build_num FROM logs l JOIN builds b ON b.id = l.build_id "
                                 "WHERE l.sha256 = ? AND b.repo = ?", error);
  if (find == NULL)
    return -1;
  sqlite3_bind_text (find, 1, sha256, -1, SQLITE_STATIC);
  sqlite3_bind_text (find, 2, repo, -1, SQLITE_STATIC);
  if (sqlite3_step (find) == SQLITE_ROW)
    {
      *duplicate = TRUE;
      return sqlite3_column_int64 (find, 0);
    }

  compressed = culprit_log_compress (data, len, error);
  if (compressed == NULL)
    return -1;
  sketch = _culprit_log_sketch_new (data, len);

  if (!_culprit_store_begin (self, error))
    return -1;
  insert = _culprit_store_prepare (self,
                                   "INSERT INTO builds (provider, repo, build_num, branch, job, queued_at,"
                                   " outcome, status, state) VALUES ('local', ?1,"
                                   " (SELECT coalesce (max (build_num), 0) + 1 FROM builds WHERE repo = ?1),"
                                   " ?2, ?3, ?4, 'failed', 'failed', 'pending')"
                                   " RETURNING id, build_num", error);
  if (insert == NULL)
    goto fail;
  sqlite3_bind_text (insert, 1, repo, -1, SQLITE_STATIC);
  bind_text_or_null (insert, 2, branch);
  bind_text_or_null (insert, 3, job);
  sqlite3_bind_int64 (insert, 4, now);
  if (sqlite3_step (insert) != SQLITE_ROW)
    {
      _culprit_store_set_error (self, error, sqlite3_errcode (_culprit_store_get_db (self)),
                                _("saving a log"));
      goto fail;
    }
  build_id = sqlite3_column_int64 (insert, 0);
  build_num = sqlite3_column_int64 (insert, 1);
  g_clear_pointer (&insert, sqlite3_finalize);
  if (!_culprit_store_commit (self, error))
    return -1;

  result.state = CULPRIT_BUILD_STATE_LOG;
  result.failed_step = name;
  result.compressed_log = compressed;
  result.raw_bytes = len;
  result.truncated = truncated;
  result.line_count = culprit_count_lines (data, len);
  result.sha256 = sha256;
  result.sketch = sketch;
  if (!culprit_store_finish_build (self, build_id, &result, error))
    return -1;

  return build_num;

fail:
  _culprit_store_rollback (self);
  return -1;
}

/**
 * culprit_store_wipe_builds:
 * @repo: (nullable): one repository, or all
 *
 * Deletes stored builds with their logs and matches.
 *
 * Returns: how many builds were deleted, or -1 on error
 */
gint64
culprit_store_wipe_builds (CulpritStore  *self,
                           const char    *repo,
                           GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 n;

  g_return_val_if_fail (CULPRIT_IS_STORE (self), -1);

  if (!_culprit_store_begin (self, error))
    return -1;
  stmt = _culprit_store_prepare (self, "DELETE FROM builds WHERE ?1 IS NULL OR repo = ?1", error);
  if (stmt == NULL)
    goto fail;
  bind_text_or_null (stmt, 1, repo);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      _culprit_store_set_error (self, error, sqlite3_errcode (_culprit_store_get_db (self)),
                                _("deleting builds"));
      goto fail;
    }
  n = sqlite3_changes (_culprit_store_get_db (self));
  if (!_culprit_store_commit (self, error))
    return -1;
  return n;

fail:
  _culprit_store_rollback (self);
  return -1;
}

/**
 * culprit_store_get_listed_range:
 * @branch: (nullable): a branch, or %NULL for the list of all branches
 * @filter: the list's filter, such as `failed` or `completed`
 * @range: (out caller-allocates): the range, when @found
 * @found: (out): whether a range is known
 *
 * Reads how far a build list has been listed: every build of that list
 * between @range's oldest and newest is stored. Deleting a stored build
 * forgets the ranges that held it.
 */
gboolean
culprit_store_get_listed_range (CulpritStore        *self,
                                const char          *repo,
                                const char          *branch,
                                const char          *filter,
                                CulpritListedRange  *range,
                                gboolean            *found,
                                GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CULPRIT_IS_STORE (self), FALSE);
  g_return_val_if_fail (repo != NULL, FALSE);
  g_return_val_if_fail (filter != NULL, FALSE);
  g_return_val_if_fail (range != NULL, FALSE);
  g_return_val_if_fail (found != NULL, FALSE);

  stmt = _culprit_store_prepare (self,
                                 "SELECT newest, oldest, n_listed, reached_end FROM listed_ranges"
                                 " WHERE repo = ? AND branch = ? AND filter = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, repo, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, branch ? branch : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, filter, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _culprit_store_set_error (self, error, rc, _("reading how far builds were listed"));
      return FALSE;
    }
  *found = rc == SQLITE_ROW;
  memset (range, 0, sizeof *range);
  if (*found)
    {
      range->newest = sqlite3_column_int64 (stmt, 0);
      range->oldest = sqlite3_column_int64 (stmt, 1);
      range->n_listed = (guint)CLAMP (sqlite3_column_int64 (stmt, 2), 0, G_MAXUINT);
      range->reached_end = sqlite3_column_int (stmt, 3) != 0;
    }
  return TRUE;
}

/**
 * culprit_store_set_listed_range:
 * @branch: (nullable): a branch, or %NULL for the list of all branches
 *
 * Records how far a build list has been listed. Only record builds that
 * are stored already: the range is what a next fetch skips.
 */
gboolean
culprit_store_set_listed_range (CulpritStore              *self,
                                const char                *repo,
                                const char                *branch,
                                const char                *filter,
                                const CulpritListedRange  *range,
                                GError                   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CULPRIT_IS_STORE (self), FALSE);
  g_return_val_if_fail (repo != NULL, FALSE);
  g_return_val_if_fail (filter != NULL, FALSE);
  g_return_val_if_fail (range != NULL, FALSE);
  g_return_val_if_fail (range->oldest <= range->newest, FALSE);

  stmt = _culprit_store_prepare (self,
                                 "INSERT OR REPLACE INTO listed_ranges (repo, branch, filter,"
                                 " newest, oldest, n_listed, reached_end)"
                                 " VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, repo, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, branch ? branch : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, filter, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, range->newest);
  sqlite3_bind_int64 (stmt, 5, range->oldest);
  sqlite3_bind_int64 (stmt, 6, range->n_listed);
  sqlite3_bind_int (stmt, 7, range->reached_end ? 1 : 0);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      _culprit_store_set_error (self, error, rc, _("saving how far builds were listed"));
      return FALSE;
    }
  return TRUE;
}

/**
 * culprit_store_track_repository:
 * @branches: (nullable): branches to add to the tracked ones
 *
 * Remembers a repository and branches, so that a refresh knows what to fetch.
 */
gboolean
culprit_store_track_repository (CulpritStore        *self,
                                const char          *repo,
                                const char          *api_url,
                                const char * const  *branches,
                                GError             **error)
{
  g_autoptr(sqlite3_stmt) repo_stmt = NULL;
  g_autoptr(sqlite3_stmt) branch_stmt = NULL;

  g_return_val_if_fail (CULPRIT_IS_STORE (self), FALSE);
  g_return_val_if_fail (repo != NULL, FALSE);

  if (!_culprit_store_begin (self, error))
    return FALSE;

  repo_stmt = _culprit_store_prepare (self,
                                      "INSERT INTO repositories (repo, api_url, added_at)"
                                      " VALUES (?1, coalesce (?2, 'https://circleci.com'), strftime ('%s', 'now'))"
                                      " ON CONFLICT (repo) DO UPDATE SET api_url = coalesce (?2, api_url)",
                                      error);
  branch_stmt = _culprit_store_prepare (self,
                                        "INSERT OR IGNORE INTO tracked_branches (repo, branch) VALUES (?, ?)",
                                        error);
  if (repo_stmt == NULL || branch_stmt == NULL)
    goto fail;

  sqlite3_bind_text (repo_stmt, 1, repo, -1, SQLITE_STATIC);
  bind_text_or_null (repo_stmt, 2, api_url);
  if (sqlite3_step (repo_stmt) != SQLITE_DONE)
    goto sql_fail;

  for (guint i = 0; branches != NULL && branches[i]; i++)
    {
      sqlite3_reset (branch_stmt);
      sqlite3_bind_text (branch_stmt, 1, repo, -1, SQLITE_STATIC);
      sqlite3_bind_text (branch_stmt, 2, branches[i], -1, SQLITE_STATIC);
      if (sqlite3_step (branch_stmt) != SQLITE_DONE)
        goto sql_fail;
    }

  return _culprit_store_commit (self, error);

sql_fail:
  _culprit_store_set_error (self, error, sqlite3_errcode (_culprit_store_get_db (self)),
                            _("saving a repository"));
fail:
  _culprit_store_rollback (self);
  return FALSE;
}
