/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-annotations"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "culprit-annotations.h"
#include "culprit-store-private.h"

/* Annotations: what people know about a build that no pattern says, such
 * as "this main-branch failure is a known problem". Stored per build
 * (schema version 3); deleting the build deletes its annotation. */

void
culprit_annotation_free (CulpritAnnotation *annotation)
{
  if (annotation == NULL)
    return;
  g_free (annotation->kind);
  g_free (annotation->note);
  g_free (annotation->author);
  g_free (annotation);
}

/**
 * culprit_store_annotate_build:
 * @kind: a tag such as `known-problem`
 * @note: (nullable): free text
 * @author: (nullable): who wrote it
 *
 * Sets the annotation of a build, replacing one it had.
 */
gboolean
culprit_store_annotate_build (CulpritStore  *self,
                              gint64         build_id,
                              const char    *kind,
                              const char    *note,
                              const char    *author,
                              GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CULPRIT_IS_STORE (self), FALSE);
  g_return_val_if_fail (kind != NULL && kind[0] != '\0', FALSE);

  stmt = _culprit_store_prepare (self,
                                 "INSERT INTO annotations (build_id, kind, note, author, created_at) "
                                 "VALUES (?, ?, ?, ?, strftime ('%s', 'now')) "
                                 "ON CONFLICT (build_id) DO UPDATE SET kind = excluded.kind, "
                                 "note = excluded.note, author = excluded.author, "
                                 "created_at = excluded.created_at", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, build_id);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, note ? note : "", -1, SQLITE_STATIC);
  if (author != NULL)
    sqlite3_bind_text (stmt, 4, author, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 4);

  rc = sqlite3_step (stmt);
  if ((rc & 0xff) == SQLITE_CONSTRAINT)
    {
      g_set_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_NOT_FOUND,
                   _("There is no build with id %" G_GINT64_FORMAT), build_id);
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      _culprit_store_set_error (self, error, rc, _("saving an annotation"));
      return FALSE;
    }
  return TRUE;
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
                                 "SELECT a.build_id, a.kind, a.note, a.author, a.created_at "
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
      g_ptr_array_add (out, a);
    }
  if (rc != SQLITE_DONE)
    {
      _culprit_store_set_error (self, error, rc, _("listing annotations"));
      return NULL;
    }
  return g_steal_pointer (&out);
}
