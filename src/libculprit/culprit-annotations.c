/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-annotations"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "culprit-annotations.h"
#include "culprit-store-private.h"

/* Annotations: what people know about a build that no pattern says, such
 * as "this main-branch failure is a known problem". Stored per build
 * (schema version 3; an issue link since version 5); deleting the build deletes its annotation. */

void
culprit_annotation_free (CulpritAnnotation *annotation)
{
  if (annotation == NULL)
    return;
  g_free (annotation->kind);
  g_free (annotation->note);
  g_free (annotation->author);
  g_free (annotation->issue_url);
  g_free (annotation);
}

/* Failed as BUILD_COLUMNS counts it: an annotation makes these known problems */
#define FAILED "b.state NOT IN ('passed', 'pending')"

/* Prepares an upsert of the annotations of the builds `b` that WHERE
 * selects; parameters 1 to 4 are bound here, WHERE's own start at 5. */
static sqlite3_stmt *
prepare_annotate (CulpritStore  *self,
                  const char    *where,
                  const char    *kind,
                  const char    *note,
                  const char    *issue_url,
                  const char    *author,
                  GError       **error)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  g_assert (kind != NULL);

  sql = g_strconcat ("INSERT INTO annotations (build_id, kind, note, issue_url, author, created_at) "
                     "SELECT b.id, ?1, ?2, ?3, ?4, strftime ('%s', 'now') FROM builds b WHERE ",
                     where,
                     " ON CONFLICT (build_id) DO UPDATE SET kind = excluded.kind, "
                     "note = excluded.note, issue_url = excluded.issue_url, "
                     "author = excluded.author, created_at = excluded.created_at", NULL);
  stmt = _culprit_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, note ? note : "", -1, SQLITE_TRANSIENT);
  if (issue_url != NULL && issue_url[0] != '\0')
    sqlite3_bind_text (stmt, 3, issue_url, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 3);
  if (author != NULL)
    sqlite3_bind_text (stmt, 4, author, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 4);
  return stmt;
}

/* Runs a prepared upsert; the caller is in a transaction. */
static gboolean
run_annotate (CulpritStore  *self,
              sqlite3_stmt  *stmt,
              guint         *n_annotated,
              GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    {
      _culprit_store_set_error (self, error, rc, _("saving an annotation"));
      return FALSE;
    }
  if (n_annotated != NULL)
    *n_annotated = sqlite3_changes (_culprit_store_get_db (self));
  return TRUE;
}

/**
 * culprit_store_annotate_build:
 * @kind: a tag such as `known-problem`
 * @note: (nullable): free text
 * @author: (nullable): who wrote it
 *
 * Sets the annotation of a build, replacing one it had, without an issue
 * link. See culprit_store_annotate_build_full().
 */
gboolean
culprit_store_annotate_build (CulpritStore  *self,
                              gint64         build_id,
                              const char    *kind,
                              const char    *note,
                              const char    *author,
                              GError       **error)
{
  return culprit_store_annotate_build_full (self, build_id, kind, note, NULL, author, error);
}

/**
 * culprit_store_annotate_build_full:
 * @kind: a tag such as `known-problem`
 * @note: (nullable): free text
 * @issue_url: (nullable): the issue that tracks it
 * @author: (nullable): who wrote it
 *
 * Sets the annotation of a build, replacing one it had.
 */
gboolean
culprit_store_annotate_build_full (CulpritStore  *self,
                                   gint64         build_id,
                                   const char    *kind,
                                   const char    *note,
                                   const char    *issue_url,
                                   const char    *author,
                                   GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint n = 0;

  g_return_val_if_fail (CULPRIT_IS_STORE (self), FALSE);
  g_return_val_if_fail (kind != NULL && kind[0] != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = prepare_annotate (self, "b.id = ?5", kind, note, issue_url, author, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 5, build_id);
  if (!run_annotate (self, stmt, &n, error))
    return FALSE;
  if (n == 0)
    {
      /* xgettext cuts a msgid at G_GINT64_FORMAT: the id goes in as a string */
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, build_id);

      g_set_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_NOT_FOUND,
                   _("There is no build with id %s"), id);
      return FALSE;
    }
  return TRUE;
}

/* Whether REPO has a build of VCS_REVISION (on BRANCH unless NULL), and
 * when the first of them was queued. */
static gboolean
find_commit (CulpritStore  *self,
             const char    *repo,
             const char    *branch,
             const char    *vcs_revision,
             gint64        *queued_at,
             GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _culprit_store_prepare (self,
                                 "SELECT count(*), min (coalesce (queued_at, 0)) FROM builds "
                                 "WHERE repo = ?1 AND vcs_revision = ?2 AND (?3 IS NULL OR branch = ?3)",
                                 error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, repo, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, vcs_revision, -1, SQLITE_STATIC);
  if (branch != NULL)
    sqlite3_bind_text (stmt, 3, branch, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 3);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _culprit_store_set_error (self, error, rc, _("finding a commit"));
      return FALSE;
    }
  if (sqlite3_column_int64 (stmt, 0) == 0)
    {
      if (branch != NULL)
        g_set_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_NOT_FOUND,
                     _("There is no build of commit %s on branch “%s” of %s"),
                     vcs_revision, branch, repo);
      else
        g_set_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_NOT_FOUND,
                     _("There is no build of commit %s of %s"), vcs_revision, repo);
      return FALSE;
    }
  if (queued_at != NULL)
    *queued_at = sqlite3_column_int64 (stmt, 1);
  return TRUE;
}

/**
 * culprit_store_annotate_commit:
 * @repo: the repository, e.g. `github/ORG/REPO`
 * @vcs_revision: the commit
 * @kind: a tag such as `known-problem`
 * @note: (nullable): free text
 * @issue_url: (nullable): the issue that tracks it
 * @author: (nullable): who wrote it
 * @n_annotated: (out) (optional): how many builds were annotated
 *
 * Annotates every failed build of a commit, in every job and branch, in
 * one transaction. Fails with %CULPRIT_STORE_ERROR_NOT_FOUND when the
 * commit has no builds.
 */
gboolean
culprit_store_annotate_commit (CulpritStore  *self,
                               const char    *repo,
                               const char    *vcs_revision,
                               const char    *kind,
                               const char    *note,
                               const char    *issue_url,
                               const char    *author,
                               guint         *n_annotated,
                               GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CULPRIT_IS_STORE (self), FALSE);
  g_return_val_if_fail (repo != NULL, FALSE);
  g_return_val_if_fail (vcs_revision != NULL, FALSE);
  g_return_val_if_fail (kind != NULL && kind[0] != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_annotated != NULL)
    *n_annotated = 0;
  if (!_culprit_store_begin (self, error))
    return FALSE;
  if (!find_commit (self, repo, NULL, vcs_revision, NULL, error))
    goto fail;
  stmt = prepare_annotate (self, "b.repo = ?5 AND b.vcs_revision = ?6 AND " FAILED,
                           kind, note, issue_url, author, error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 5, repo, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, vcs_revision, -1, SQLITE_STATIC);
  if (!run_annotate (self, stmt, n_annotated, error))
    goto fail;
  g_clear_pointer (&stmt, sqlite3_finalize);
  return _culprit_store_commit (self, error);

fail:
  _culprit_store_rollback (self);
  if (n_annotated != NULL)
    *n_annotated = 0;
  return FALSE;
}

/**
 * culprit_store_annotate_job_range:
 * @repo: the repository, e.g. `github/ORG/REPO`
 * @branch: the branch
 * @job: the job
 * @first_revision: a commit with a build on @branch
 * @last_revision: another one, or the same; either order
 * @kind: a tag such as `known-problem`
 * @note: (nullable): free text
 * @issue_url: (nullable): the issue that tracks it
 * @author: (nullable): who wrote it
 * @n_annotated: (out) (optional): how many builds were annotated
 *
 * Annotates every failed build of @job on @branch whose commit lies
 * between the two commits, both included, in one transaction. Commits are
 * ordered by when their first build on @branch was queued.
 */
gboolean
culprit_store_annotate_job_range (CulpritStore  *self,
                                  const char    *repo,
                                  const char    *branch,
                                  const char    *job,
                                  const char    *first_revision,
                                  const char    *last_revision,
                                  const char    *kind,
                                  const char    *note,
                                  const char    *issue_url,
                                  const char    *author,
                                  guint         *n_annotated,
                                  GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 first = 0, last = 0;

  g_return_val_if_fail (CULPRIT_IS_STORE (self), FALSE);
  g_return_val_if_fail (repo != NULL, FALSE);
  g_return_val_if_fail (branch != NULL, FALSE);
  g_return_val_if_fail (job != NULL, FALSE);
  g_return_val_if_fail (first_revision != NULL, FALSE);
  g_return_val_if_fail (last_revision != NULL, FALSE);
  g_return_val_if_fail (kind != NULL && kind[0] != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_annotated != NULL)
    *n_annotated = 0;
  if (!_culprit_store_begin (self, error))
    return FALSE;
  if (!find_commit (self, repo, branch, first_revision, &first, error) ||
      !find_commit (self, repo, branch, last_revision, &last, error))
    goto fail;
  stmt = prepare_annotate (self,
                           "b.repo = ?5 AND b.branch = ?6 AND b.job = ?7 AND " FAILED " AND "
                           "b.vcs_revision IN (SELECT vcs_revision FROM builds "
                           "  WHERE repo = ?5 AND branch = ?6 AND vcs_revision IS NOT NULL "
                           "  GROUP BY vcs_revision "
                           "  HAVING min (coalesce (queued_at, 0)) BETWEEN ?8 AND ?9)",
                           kind, note, issue_url, author, error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 5, repo, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, branch, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, job, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, MIN (first, last));
  sqlite3_bind_int64 (stmt, 9, MAX (first, last));
  if (!run_annotate (self, stmt, n_annotated, error))
    goto fail;
  g_clear_pointer (&stmt, sqlite3_finalize);
  return _culprit_store_commit (self, error);

fail:
  _culprit_store_rollback (self);
  if (n_annotated != NULL)
    *n_annotated = 0;
  return FALSE;
}

gboolean
culprit_store_remove_annotation (CulpritStore  *self,
                                 gint64         build_id,
                                 GError       **error)
{
  g_return_val_if_fail (CULPRIT_IS_STORE (self), FALSE);

  return _culprit_store_exec_int (self, "DELETE FROM annotations WHERE build_id = ?", build_id, error);
}

/**
 * culprit_store_list_annotations:
 * @branch: (nullable): only the builds of this branch
 *
 * Returns: (transfer full) (element-type CulpritAnnotation): the
 *   annotations, newest build first
 */
GPtrArray *
culprit_store_list_annotations (CulpritStore  *self,
                                const char    *branch,
                                GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify)culprit_annotation_free);
  int rc;

  g_return_val_if_fail (CULPRIT_IS_STORE (self), NULL);

  stmt = _culprit_store_prepare (self,
                                 "SELECT a.build_id, a.kind, a.note, a.author, a.created_at, a.issue_url "
                                 "FROM annotations a JOIN builds b ON b.id = a.build_id "
                                 "WHERE ?1 IS NULL OR b.branch = ?1 "
                                 "ORDER BY b.queued_at DESC, b.id DESC", error);
  if (stmt == NULL)
    return NULL;
  if (branch != NULL)
    sqlite3_bind_text (stmt, 1, branch, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 1);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CulpritAnnotation *a = g_new0 (CulpritAnnotation, 1);

      a->build_id = sqlite3_column_int64 (stmt, 0);
      a->kind = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
      a->note = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
      a->author = g_strdup ((const char *)sqlite3_column_text (stmt, 3));
      a->created = sqlite3_column_int64 (stmt, 4);
      a->issue_url = g_strdup ((const char *)sqlite3_column_text (stmt, 5));
      g_ptr_array_add (out, a);
    }
  if (rc != SQLITE_DONE)
    {
      _culprit_store_set_error (self, error, rc, _("listing annotations"));
      return NULL;
    }
  return g_steal_pointer (&out);
}
