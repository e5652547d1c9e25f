/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-database"

#include "config.h"

#include "culprit-annotations.h"
#include "culprit-database-private.h"
#include "culprit-pattern.h"
#include "culprit-pattern-set.h"

/* CulpritDatabase's writes: patterns, repositories and marks. Each runs
 * in a worker thread on a connection of its own; the caller emits
 * CulpritDatabase::changed once it has shown the result. */

#define DONE GINT_TO_POINTER (TRUE)

static gboolean
finish_boolean (CulpritDatabase  *self,
                GAsyncResult     *result,
                gpointer          source_tag,
                GError          **error)
{
  return _culprit_database_run_finish (self, result, source_tag, error) != NULL;
}

/* Patterns */

static gpointer
save_pattern (CulpritStore  *store,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  CulpritPattern *pattern = data;

  if (culprit_pattern_get_id (pattern) == 0)
    {
      if (!culprit_store_add_pattern (store, pattern, error))
        return NULL;
      return g_object_ref (pattern);
    }
  return culprit_store_edit_pattern (store, pattern, error);
}

/**
 * culprit_database_save_pattern_async:
 * @pattern: a new pattern (id 0), or an edited version of a stored one
 *
 * Adds @pattern, or stores it as the new version of the pattern it edits.
 */
void
culprit_database_save_pattern_async (CulpritDatabase     *self,
                                     CulpritPattern      *pattern,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (CULPRIT_IS_DATABASE (self));
  g_return_if_fail (CULPRIT_IS_PATTERN (pattern));

  _culprit_database_run_async (self, culprit_database_save_pattern_async, save_pattern,
                               culprit_pattern_copy (pattern), g_object_unref, g_object_unref,
                               cancellable, callback, user_data);
}

/**
 * culprit_database_save_pattern_finish:
 *
 * Returns: (transfer full): the stored pattern, with its id
 */
CulpritPattern *
culprit_database_save_pattern_finish (CulpritDatabase  *self,
                                      GAsyncResult     *result,
                                      GError          **error)
{
  return _culprit_database_run_finish (self, result, culprit_database_save_pattern_async, error);
}

static gpointer
retire_pattern (CulpritStore  *store,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  gint64 id = *(gint64 *)data;
  CulpritPattern *pattern = culprit_store_get_pattern (store, id, error);

  if (pattern == NULL || !culprit_store_retire_pattern (store, id, error))
    {
      g_clear_object (&pattern);
      return NULL;
    }
  return pattern;
}

void
culprit_database_retire_pattern_async (CulpritDatabase     *self,
                                       gint64               pattern_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (CULPRIT_IS_DATABASE (self));
  _culprit_database_run_async (self, culprit_database_retire_pattern_async, retire_pattern,
                               g_memdup2 (&pattern_id, sizeof pattern_id), g_free, g_object_unref,
                               cancellable, callback, user_data);
}

/**
 * culprit_database_retire_pattern_finish:
 *
 * Returns: (transfer full): the pattern as it was before it was retired
 */
CulpritPattern *
culprit_database_retire_pattern_finish (CulpritDatabase  *self,
                                        GAsyncResult     *result,
                                        GError          **error)
{
  return _culprit_database_run_finish (self, result, culprit_database_retire_pattern_async, error);
}

static gpointer
unretire_pattern (CulpritStore  *store,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  return culprit_store_unretire_pattern (store, *(gint64 *)data, error) ? DONE : NULL;
}

void
culprit_database_unretire_pattern_async (CulpritDatabase     *self,
                                         gint64               pattern_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (CULPRIT_IS_DATABASE (self));
  _culprit_database_run_async (self, culprit_database_unretire_pattern_async, unretire_pattern,
                               g_memdup2 (&pattern_id, sizeof pattern_id), g_free, NULL,
                               cancellable, callback, user_data);
}

gboolean
culprit_database_unretire_pattern_finish (CulpritDatabase  *self,
                                          GAsyncResult     *result,
                                          GError          **error)
{
  return finish_boolean (self, result, culprit_database_unretire_pattern_async, error);
}

static gpointer
restore_pattern (CulpritStore  *store,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  return culprit_store_restore_pattern (store, *(gint64 *)data, error);
}

void
culprit_database_restore_pattern_async (CulpritDatabase     *self,
                                        gint64               pattern_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_return_if_fail (CULPRIT_IS_DATABASE (self));
  _culprit_database_run_async (self, culprit_database_restore_pattern_async, restore_pattern,
                               g_memdup2 (&pattern_id, sizeof pattern_id), g_free, g_object_unref,
                               cancellable, callback, user_data);
}

/**
 * culprit_database_restore_pattern_finish:
 *
 * Returns: (transfer full): the new live version of the retired pattern
 */
CulpritPattern *
culprit_database_restore_pattern_finish (CulpritDatabase  *self,
                                         GAsyncResult     *result,
                                         GError          **error)
{
  return _culprit_database_run_finish (self, result, culprit_database_restore_pattern_async, error);
}

typedef struct
{
  char   *path;
  GBytes *data;
} Import;

static void
import_free (Import *import)
{
  g_free (import->path);
  g_clear_pointer (&import->data, g_bytes_unref);
  g_free (import);
}

static gpointer
import_patterns (CulpritStore  *store,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  Import *import = data;
  g_autoptr(GPtrArray) patterns = NULL;
  g_autofree CulpritImportStats *stats = g_new0 (CulpritImportStats, 1);

  if (import->path != NULL)
    patterns = culprit_pattern_set_load_file (import->path, error);
  else
    patterns = culprit_pattern_set_load_data (g_bytes_get_data (import->data, NULL),
                                              g_bytes_get_size (import->data), error);
  if (patterns == NULL || !culprit_store_import_patterns (store, patterns, stats, error))
    return NULL;
  return g_steal_pointer (&stats);
}

/**
 * culprit_database_import_patterns_async:
 * @path: (nullable): a pattern set file to read, or %NULL
 * @data: (nullable): a pattern set, when @path is %NULL
 *
 * Imports a pattern set (JSON, as culprit_pattern_set_load_data()).
 */
void
culprit_database_import_patterns_async (CulpritDatabase     *self,
                                        const char          *path,
                                        GBytes              *data,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  Import *import;

  g_return_if_fail (CULPRIT_IS_DATABASE (self));
  g_return_if_fail ((path == NULL) != (data == NULL));

  import = g_new0 (Import, 1);
  import->path = g_strdup (path);
  import->data = data ? g_bytes_ref (data) : NULL;
  _culprit_database_run_async (self, culprit_database_import_patterns_async, import_patterns,
                               import, (GDestroyNotify)import_free, g_free, cancellable, callback,
                               user_data);
}

/**
 * culprit_database_import_patterns_finish:
 * @stats: (out caller-allocates) (optional): what the import did
 */
gboolean
culprit_database_import_patterns_finish (CulpritDatabase     *self,
                                         GAsyncResult        *result,
                                         CulpritImportStats  *stats,
                                         GError             **error)
{
  g_autofree CulpritImportStats *done = NULL;

  done = _culprit_database_run_finish (self, result, culprit_database_import_patterns_async, error);
  if (done == NULL)
    return FALSE;
  if (stats != NULL)
    *stats = *done;
  return TRUE;
}

static gpointer
export_patterns (CulpritStore  *store,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GPtrArray) patterns = culprit_store_list_patterns (store, FALSE, error);

  if (patterns == NULL || !culprit_pattern_set_save_file (patterns, data, error))
    return NULL;
  return GUINT_TO_POINTER (patterns->len + 1);
}

/**
 * culprit_database_export_patterns_async:
 * @path: the file to write
 *
 * Writes the live patterns to @path as a pattern set.
 */
void
culprit_database_export_patterns_async (CulpritDatabase     *self,
                                        const char          *path,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_return_if_fail (CULPRIT_IS_DATABASE (self));
  g_return_if_fail (path != NULL);

  _culprit_database_run_async (self, culprit_database_export_patterns_async, export_patterns,
                               g_strdup (path), g_free, NULL, cancellable, callback, user_data);
}

/**
 * culprit_database_export_patterns_finish:
 * @n_exported: (out) (optional): how many patterns were written
 */
gboolean
culprit_database_export_patterns_finish (CulpritDatabase  *self,
                                         GAsyncResult     *result,
                                         guint            *n_exported,
                                         GError          **error)
{
  gpointer n = _culprit_database_run_finish (self, result, culprit_database_export_patterns_async,
                                             error);

  if (n_exported != NULL)
    *n_exported = n ? GPOINTER_TO_UINT (n) - 1 : 0;
  return n != NULL;
}

/* Repositories */

typedef struct
{
  char  *repo;
  char  *api_url;
  char **branches;
  char **old_branches;
} Track;

static void
track_free (Track *track)
{
  g_free (track->repo);
  g_free (track->api_url);
  g_strfreev (track->branches);
  g_strfreev (track->old_branches);
  g_free (track);
}

static gpointer
track_repository (CulpritStore  *store,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  Track *track = data;

  for (guint i = 0; track->old_branches != NULL && track->old_branches[i]; i++)
    if (!g_strv_contains ((const char * const *)track->branches, track->old_branches[i]) &&
        !culprit_store_untrack_repository (store, track->repo, track->old_branches[i], error))
      return NULL;
  if (!culprit_store_track_repository (store, track->repo, track->api_url,
                                       (const char * const *)track->branches, error))
    return NULL;
  return DONE;
}

/**
 * culprit_database_track_repository_async:
 * @repo: 'github/ORG/REPO'
 * @api_url: (nullable): its CircleCI server, or %NULL for the default
 * @branches: (nullable): the branches to track; empty or %NULL: all
 * @old_branches: (nullable): the branches it tracked so far: those not in
 *   @branches are no longer tracked
 */
void
culprit_database_track_repository_async (CulpritDatabase     *self,
                                         const char          *repo,
                                         const char          *api_url,
                                         const char * const  *branches,
                                         const char * const  *old_branches,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  Track *track;

  g_return_if_fail (CULPRIT_IS_DATABASE (self));
  g_return_if_fail (repo != NULL);

  track = g_new0 (Track, 1);
  track->repo = g_strdup (repo);
  track->api_url = g_strdup (api_url);
  track->branches = branches ? g_strdupv ((char **)branches) : g_new0 (char *, 1);
  track->old_branches = g_strdupv ((char **)old_branches);
  _culprit_database_run_async (self, culprit_database_track_repository_async, track_repository,
                               track, (GDestroyNotify)track_free, NULL, cancellable, callback,
                               user_data);
}

gboolean
culprit_database_track_repository_finish (CulpritDatabase  *self,
                                          GAsyncResult     *result,
                                          GError          **error)
{
  return finish_boolean (self, result, culprit_database_track_repository_async, error);
}

static gpointer
untrack_repository (CulpritStore  *store,
                    gpointer       data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  return culprit_store_untrack_repository (store, data, NULL, error) ? DONE : NULL;
}

/**
 * culprit_database_untrack_repository_async:
 *
 * Stops tracking @repo on every branch; its stored builds stay.
 */
void
culprit_database_untrack_repository_async (CulpritDatabase     *self,
                                           const char          *repo,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_return_if_fail (CULPRIT_IS_DATABASE (self));
  g_return_if_fail (repo != NULL);

  _culprit_database_run_async (self, culprit_database_untrack_repository_async, untrack_repository,
                               g_strdup (repo), g_free, NULL, cancellable, callback, user_data);
}

gboolean
culprit_database_untrack_repository_finish (CulpritDatabase  *self,
                                            GAsyncResult     *result,
                                            GError          **error)
{
  return finish_boolean (self, result, culprit_database_untrack_repository_async, error);
}

/* Marks: failures annotated as known problems */

#define N_MARK_STRINGS 9

typedef struct
{
  CulpritMarkRequest request;   /* its strings are the ones in owned */
  char              *owned[N_MARK_STRINGS];
} Mark;

static void
mark_free (Mark *mark)
{
  for (guint i = 0; i < N_MARK_STRINGS; i++)
    g_free (mark->owned[i]);
  g_free (mark);
}

static Mark *
mark_copy (const CulpritMarkRequest *request)
{
  Mark *mark = g_new0 (Mark, 1);
  const char **fields[N_MARK_STRINGS] = {
    &mark->request.repo, &mark->request.branch, &mark->request.job, &mark->request.revision,
    &mark->request.last_revision, &mark->request.kind, &mark->request.note,
    &mark->request.issue_url, &mark->request.author,
  };

  mark->request = *request;
  for (guint i = 0; i < N_MARK_STRINGS; i++)
    *fields[i] = mark->owned[i] = g_strdup (*fields[i]);
  return mark;
}

static gpointer
mark_builds (CulpritStore  *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  const CulpritMarkRequest *m = &((Mark *)data)->request;
  guint *n_marked = g_new0 (guint, 1);
  gboolean ok;

  switch (m->action)
    {
    case CULPRIT_MARK_REMOVE:
      ok = culprit_store_remove_annotation (store, m->build_id, error);
      *n_marked = 1;
      break;
    case CULPRIT_MARK_COMMIT:
      ok = culprit_store_annotate_commit (store, m->repo, m->revision, m->kind, m->note,
                                          m->issue_url, m->author, n_marked, error);
      break;
    case CULPRIT_MARK_JOB_RANGE:
      ok = culprit_store_annotate_job_range (store, m->repo, m->branch, m->job, m->revision,
                                             m->last_revision, m->kind, m->note, m->issue_url,
                                             m->author, n_marked, error);
      break;
    case CULPRIT_MARK_BUILD:
    default:
      ok = culprit_store_annotate_build_full (store, m->build_id, m->kind, m->note, m->issue_url,
                                              m->author, error);
      *n_marked = 1;
      break;
    }
  if (!ok)
    g_clear_pointer (&n_marked, g_free);
  return n_marked;
}

/**
 * culprit_database_mark_async:
 * @request: what to mark, copied
 *
 * Marks failed builds as known problems, or removes a build's mark.
 */
void
culprit_database_mark_async (CulpritDatabase          *self,
                             const CulpritMarkRequest *request,
                             GCancellable             *cancellable,
                             GAsyncReadyCallback       callback,
                             gpointer                  user_data)
{
  g_return_if_fail (CULPRIT_IS_DATABASE (self));
  g_return_if_fail (request != NULL);

  _culprit_database_run_async (self, culprit_database_mark_async, mark_builds, mark_copy (request),
                               (GDestroyNotify)mark_free, g_free, cancellable, callback, user_data);
}

/**
 * culprit_database_mark_finish:
 * @n_marked: (out) (optional): how many builds were marked
 */
gboolean
culprit_database_mark_finish (CulpritDatabase  *self,
                              GAsyncResult     *result,
                              guint            *n_marked,
                              GError          **error)
{
  g_autofree guint *n = NULL;

  n = _culprit_database_run_finish (self, result, culprit_database_mark_async, error);

  if (n_marked != NULL)
    *n_marked = n ? *n : 0;
  return n != NULL;
}
