/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-database"

#include "config.h"

#include <glib/gi18n.h>

#include "culprit-database-private.h"
#include "culprit-build.h"
#include "culprit-line.h"
#include "culprit-pattern.h"

/* The desktop application's way into a store. Nothing here runs SQLite on the main
 * thread: every query runs in a worker thread (GTask) on a connection of
 * its own, taken from a small pool, so that a long query (100,000 builds)
 * never waits behind another and never shares a transaction. SQLite in
 * WAL mode lets them read while a scan writes. ::changed tells the views
 * to load again after anything wrote to the store. */

#define MAX_IDLE_CONNECTIONS 4

struct _CulpritDatabase
{
  GObject  parent_instance;

  char    *path;
  GMutex   mutex;
  GQueue   idle;       /* CulpritStore, guarded by mutex */
};

G_DEFINE_FINAL_TYPE (CulpritDatabase, culprit_database, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  CulpritDatabaseFunc func;
  gpointer            data;
  GDestroyNotify      data_free;
  GDestroyNotify      result_free;
} Call;

static void
call_free (Call *call)
{
  if (call->data_free && call->data)
    call->data_free (call->data);
  g_free (call);
}

static void
culprit_database_finalize (GObject *object)
{
  CulpritDatabase *self = (CulpritDatabase *)object;

  g_queue_clear_full (&self->idle, g_object_unref);
  g_mutex_clear (&self->mutex);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (culprit_database_parent_class)->finalize (object);
}

static void
culprit_database_class_init (CulpritDatabaseClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = culprit_database_finalize;

  /**
   * CulpritDatabase::changed:
   *
   * Something wrote to the store: builds, patterns or scan results.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
culprit_database_init (CulpritDatabase *self)
{
  g_mutex_init (&self->mutex);
  g_queue_init (&self->idle);
}

CulpritDatabase *
culprit_database_new (const char *path)
{
  CulpritDatabase *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (CULPRIT_TYPE_DATABASE, NULL);
  self->path = g_strdup (path);
  return self;
}

const char *
culprit_database_get_path (CulpritDatabase *self)
{
  g_return_val_if_fail (CULPRIT_IS_DATABASE (self), NULL);
  return self->path;
}

/**
 * culprit_database_acquire:
 *
 * Takes a connection for the calling thread (never the main thread),
 * opening one when none is idle. Give it back with
 * culprit_database_release().
 *
 * Returns: (transfer full): the connection, or %NULL with @error set
 */
CulpritStore *
culprit_database_acquire (CulpritDatabase  *self,
                          GError          **error)
{
  CulpritStore *store;

  g_return_val_if_fail (CULPRIT_IS_DATABASE (self), NULL);

  g_mutex_lock (&self->mutex);
  store = g_queue_pop_head (&self->idle);
  g_mutex_unlock (&self->mutex);

  if (store == NULL)
    store = culprit_store_open (self->path, error);
  return store;
}

void
culprit_database_release (CulpritDatabase *self,
                          CulpritStore    *store)
{
  g_return_if_fail (CULPRIT_IS_DATABASE (self));

  if (store == NULL)
    return;
  g_mutex_lock (&self->mutex);
  if (g_queue_get_length (&self->idle) < MAX_IDLE_CONNECTIONS)
    store = (g_queue_push_head (&self->idle, store), NULL);
  g_mutex_unlock (&self->mutex);
  g_clear_object (&store);
}

void
culprit_database_emit_changed (CulpritDatabase *self)
{
  g_return_if_fail (CULPRIT_IS_DATABASE (self));
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * culprit_database_watch:
 * @slot: where a page keeps its database
 * @database: (nullable): the database to keep there, or %NULL to let go
 * @on_changed: the page's handler of #CulpritDatabase::changed, called
 *   with @page first
 * @page: the page
 *
 * Lets go of the database in @slot (and of @on_changed on it), and keeps
 * @database there with @on_changed connected for as long as @page lives.
 *
 * Returns: whether there is a database now: the page then loads from it
 */
gboolean
culprit_database_watch (CulpritDatabase **slot,
                        CulpritDatabase  *database,
                        GCallback         on_changed,
                        gpointer          page)
{
  g_return_val_if_fail (slot != NULL, FALSE);
  g_return_val_if_fail (database == NULL || CULPRIT_IS_DATABASE (database), FALSE);

  if (*slot != NULL)
    g_signal_handlers_disconnect_by_func (*slot, on_changed, page);
  g_set_object (slot, database);
  if (database == NULL)
    return FALSE;
  g_signal_connect_object (database, "changed", on_changed, page, G_CONNECT_SWAPPED);
  return TRUE;
}

static void
run_in_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CulpritDatabase *self = source_object;
  Call *call = task_data;
  GError *error = NULL;
  CulpritStore *store;
  gpointer result;

  if (g_task_return_error_if_cancelled (task))
    return;

  store = culprit_database_acquire (self, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  result = call->func (store, call->data, cancellable, &error);
  culprit_database_release (self, store);

  if (result == NULL)
    {
      if (error == NULL)
        error = g_error_new_literal (CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_FAILED,
                                     _("The query gave no result"));
      g_task_return_error (task, error);
    }
  else
    g_task_return_pointer (task, result, call->result_free);
}

/**
 * _culprit_database_run_async:
 * @source_tag: the typed call's own function, for g_task_set_source_tag()
 * @func: runs in a worker thread with a connection
 * @data: (transfer full) (nullable): for @func, freed with @data_free
 * @result_free: frees @func's result when nobody takes it
 */
void
_culprit_database_run_async (CulpritDatabase     *self,
                             gpointer             source_tag,
                             CulpritDatabaseFunc  func,
                             gpointer             data,
                             GDestroyNotify       data_free,
                             GDestroyNotify       result_free,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Call *call;

  g_assert (CULPRIT_IS_DATABASE (self));
  g_assert (func != NULL);

  call = g_new0 (Call, 1);
  call->func = func;
  call->data = data;
  call->data_free = data_free;
  call->result_free = result_free;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, call, (GDestroyNotify)call_free);
  g_task_run_in_thread (task, run_in_thread);
}

/**
 * _culprit_database_run_finish:
 *
 * Returns: (transfer full): the result of the function, or %NULL with
 *   @error set
 */
gpointer
_culprit_database_run_finish (CulpritDatabase  *self,
                              GAsyncResult     *result,
                              gpointer          source_tag,
                              GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The summary: is the store empty, what can the filters offer */

void
culprit_database_summary_free (CulpritDatabaseSummary *summary)
{
  if (summary == NULL)
    return;
  g_strfreev (summary->branches);
  g_strfreev (summary->jobs);
  g_clear_pointer (&summary->repos, g_ptr_array_unref);
  g_free (summary);
}

static gpointer
load_summary (CulpritStore  *store,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(CulpritDatabaseSummary) summary = g_new0 (CulpritDatabaseSummary, 1);
  g_autoptr(GPtrArray) patterns = NULL;

  summary->n_builds = culprit_store_count_builds (store, error);
  if (summary->n_builds < 0)
    return NULL;
  if (!culprit_store_get_time_range (store, &summary->first_build, &summary->last_build, error))
    return NULL;
  patterns = culprit_store_list_patterns (store, FALSE, error);
  if (patterns == NULL)
    return NULL;
  summary->n_patterns = patterns->len;
  summary->branches = culprit_store_list_build_values (store, CULPRIT_BUILD_COLUMN_BRANCH, error);
  if (summary->branches == NULL)
    return NULL;
  summary->jobs = culprit_store_list_build_values (store, CULPRIT_BUILD_COLUMN_JOB, error);
  if (summary->jobs == NULL)
    return NULL;
  summary->repos = culprit_store_list_tracked_repos (store, error);
  if (summary->repos == NULL)
    return NULL;

  return g_steal_pointer (&summary);
}

void
culprit_database_load_summary_async (CulpritDatabase     *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (CULPRIT_IS_DATABASE (self));
  _culprit_database_run_async (self, culprit_database_load_summary_async, load_summary, NULL, NULL,
                              (GDestroyNotify)culprit_database_summary_free,
                              cancellable, callback, user_data);
}

CulpritDatabaseSummary *
culprit_database_load_summary_finish (CulpritDatabase  *self,
                                      GAsyncResult     *result,
                                      GError          **error)
{
  return _culprit_database_run_finish (self, result, culprit_database_load_summary_async, error);
}

/* Filters are copied for the thread */

typedef struct
{
  CulpritBuildFilter filter;
  guint offset;
  guint limit;
  char *repo;
  char *branch;
  char *job;
} FilterCopy;

static void
filter_copy_free (FilterCopy *copy)
{
  g_free (copy->repo);
  g_free (copy->branch);
  g_free (copy->job);
  g_free (copy);
}

static FilterCopy *
filter_copy (const CulpritBuildFilter *filter)
{
  FilterCopy *copy = g_new0 (FilterCopy, 1);

  if (filter != NULL)
    {
      copy->filter = *filter;
      copy->filter.repo = copy->repo = g_strdup (filter->repo);
      copy->filter.branch = copy->branch = g_strdup (filter->branch);
      copy->filter.job = copy->job = g_strdup (filter->job);
    }
  return copy;
}

static gpointer
load_report (CulpritStore  *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  FilterCopy *copy = data;

  return culprit_report_new (store, &copy->filter, error);
}

void
culprit_database_load_report_async (CulpritDatabase          *self,
                                    const CulpritBuildFilter *filter,
                                    GCancellable             *cancellable,
                                    GAsyncReadyCallback       callback,
                                    gpointer                  user_data)
{
  g_return_if_fail (CULPRIT_IS_DATABASE (self));
  _culprit_database_run_async (self, culprit_database_load_report_async, load_report,
                               filter_copy (filter),
                              (GDestroyNotify)filter_copy_free,
                              (GDestroyNotify)culprit_report_free,
                              cancellable, callback, user_data);
}

CulpritReport *
culprit_database_load_report_finish (CulpritDatabase  *self,
                                     GAsyncResult     *result,
                                     GError          **error)
{
  return _culprit_database_run_finish (self, result, culprit_database_load_report_async, error);
}

static gpointer
list_builds (CulpritStore  *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  FilterCopy *copy = data;

  return culprit_store_list_builds_range (store, &copy->filter, copy->offset, copy->limit, error);
}

/**
 * culprit_database_list_builds_async:
 * @filter: (nullable): which builds
 * @offset: how many of them to skip
 * @limit: how many to list at most; 0: every one from @offset
 *
 * Lists a page of the builds that culprit_store_list_builds() lists, in
 * its order: ask for the next page at @offset + @limit until a page comes
 * back shorter than @limit.
 */
void
culprit_database_list_builds_async (CulpritDatabase          *self,
                                    const CulpritBuildFilter *filter,
                                    guint                     offset,
                                    guint                     limit,
                                    GCancellable             *cancellable,
                                    GAsyncReadyCallback       callback,
                                    gpointer                  user_data)
{
  FilterCopy *copy;

  g_return_if_fail (CULPRIT_IS_DATABASE (self));

  copy = filter_copy (filter);
  copy->offset = offset;
  copy->limit = limit;
  _culprit_database_run_async (self, culprit_database_list_builds_async, list_builds, copy,
                               (GDestroyNotify)filter_copy_free, (GDestroyNotify)g_ptr_array_unref,
                               cancellable, callback, user_data);
}

/**
 * culprit_database_list_builds_finish:
 *
 * Returns: (transfer full) (element-type CulpritBuild): the builds
 */
GPtrArray *
culprit_database_list_builds_finish (CulpritDatabase  *self,
                                     GAsyncResult     *result,
                                     GError          **error)
{
  return _culprit_database_run_finish (self, result, culprit_database_list_builds_async, error);
}

/* A build's log and its matches */

void
culprit_build_match_free (CulpritBuildMatch *match)
{
  if (match == NULL)
    return;
  g_free (match->pattern);
  g_strfreev (match->tags);
  g_free (match->text);
  g_free (match);
}

void
culprit_build_log_free (CulpritBuildLog *log)
{
  if (log == NULL)
    return;
  g_clear_object (&log->build);
  g_clear_pointer (&log->log, g_bytes_unref);
  g_clear_pointer (&log->matches, g_ptr_array_unref);
  g_clear_error (&log->log_error);
  g_free (log);
}

static gpointer
load_build_log (CulpritStore  *store,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  gint64 build_id = *(gint64 *)data;
  g_autoptr(CulpritBuildLog) log = g_new0 (CulpritBuildLog, 1);
  g_autoptr(GArray) stored = NULL;
  g_autoptr(GPtrArray) patterns = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  const char *text;
  gsize len;
  guint n_lines;

  log->matches = g_ptr_array_new_with_free_func ((GDestroyNotify)culprit_build_match_free);
  log->build = culprit_store_get_build (store, build_id, error);
  if (log->build == NULL)
    return NULL;

  if (culprit_build_get_log_bytes (log->build) <= 0 &&
      g_strcmp0 (culprit_build_get_state (log->build), CULPRIT_BUILD_STATE_LOG) != 0)
    {
      g_set_error (&log->log_error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_NOT_FOUND,
                   _("This build has no stored log"));
      return g_steal_pointer (&log);
    }

  log->log = culprit_store_load_log (store, build_id, &log->log_error);
  if (log->log == NULL)
    return g_steal_pointer (&log);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  text = g_bytes_get_data (log->log, &len);
  n_lines = culprit_count_lines (text, len);

  stored = culprit_store_list_build_matches (store, build_id, error);
  patterns = culprit_store_list_patterns (store, FALSE, error);
  if (stored == NULL || patterns == NULL)
    return NULL;
  for (guint i = 0; i < patterns->len; i++)
    {
      CulpritPattern *p = g_ptr_array_index (patterns, i);
      gint64 id = culprit_pattern_get_id (p);

      g_hash_table_insert (by_id, g_memdup2 (&id, sizeof id), p);
    }

  for (guint i = 0; i < stored->len; i++)
    {
      const CulpritStoredMatch *m = &g_array_index (stored, CulpritStoredMatch, i);
      CulpritPattern *p = g_hash_table_lookup (by_id, &m->pattern_id);
      CulpritBuildMatch *match;

      if (p == NULL || m->line < 1 || m->line > n_lines)
        continue;
      match = g_new0 (CulpritBuildMatch, 1);
      match->pattern_id = m->pattern_id;
      match->pattern = g_strdup (culprit_pattern_get_name (p));
      match->tags = g_strdupv ((char **)culprit_pattern_get_tags (p));
      match->line = m->line;
      match->start = m->start;
      match->end = m->end;
      g_ptr_array_add (log->matches, match);
    }

  return g_steal_pointer (&log);
}

/**
 * culprit_database_load_build_log_async:
 *
 * Reads a build, its decompressed log and its stored matches.
 */
void
culprit_database_load_build_log_async (CulpritDatabase     *self,
                                       gint64               build_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (CULPRIT_IS_DATABASE (self));
  _culprit_database_run_async (self, culprit_database_load_build_log_async, load_build_log,
                               g_memdup2 (&build_id, sizeof build_id), g_free,
                               (GDestroyNotify)culprit_build_log_free, cancellable, callback,
                               user_data);
}

CulpritBuildLog *
culprit_database_load_build_log_finish (CulpritDatabase  *self,
                                        GAsyncResult     *result,
                                        GError          **error)
{
  return _culprit_database_run_finish (self, result, culprit_database_load_build_log_async, error);
}

/* The patterns with their numbers */

void
culprit_pattern_list_free (CulpritPatternList *list)
{
  if (list == NULL)
    return;
  g_clear_pointer (&list->patterns, g_ptr_array_unref);
  g_clear_pointer (&list->stats, g_array_unref);
  g_clear_pointer (&list->report, culprit_report_free);
  g_free (list);
}

static gpointer
list_patterns (CulpritStore  *store,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(CulpritPatternList) list = g_new0 (CulpritPatternList, 1);

  list->patterns = culprit_store_list_patterns (store, FALSE, error);
  if (list->patterns == NULL)
    return NULL;
  if (GPOINTER_TO_INT (data))
    {
      GPtrArray *retired = culprit_store_list_retired_patterns (store, error);

      if (retired == NULL)
        return NULL;
      g_ptr_array_extend_and_steal (list->patterns, retired);
    }
  list->stats = culprit_store_list_pattern_stats (store, error);
  if (list->stats == NULL)
    return NULL;
  list->report = culprit_report_new (store, NULL, error);
  if (list->report == NULL)
    return NULL;
  return g_steal_pointer (&list);
}

/**
 * culprit_database_list_patterns_async:
 * @include_retired: whether to list the retired patterns too, after the
 *   live ones
 *
 * Lists the patterns with how many builds each matches and explains.
 */
void
culprit_database_list_patterns_async (CulpritDatabase     *self,
                                      gboolean             include_retired,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (CULPRIT_IS_DATABASE (self));
  _culprit_database_run_async (self, culprit_database_list_patterns_async, list_patterns,
                               GINT_TO_POINTER (!!include_retired), NULL,
                               (GDestroyNotify)culprit_pattern_list_free,
                               cancellable, callback, user_data);
}

CulpritPatternList *
culprit_database_list_patterns_finish (CulpritDatabase  *self,
                                       GAsyncResult     *result,
                                       GError          **error)
{
  return _culprit_database_run_finish (self, result, culprit_database_list_patterns_async, error);
}

/* The sample logs of the pattern editor */

typedef struct
{
  gint64 build_id;
  gint64 pattern_id;
  guint  limit;
} SampleQuery;

static gpointer
list_samples (CulpritStore  *store,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  SampleQuery *query = data;
  CulpritBuildFilter filter = { .failed_only = TRUE };
  g_autoptr(GPtrArray) builds = culprit_store_list_builds (store, &filter, error);
  g_autoptr(GPtrArray) samples = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) listed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GArray) matched = NULL;

  if (builds == NULL)
    return NULL;
  if (query->build_id > 0)
    {
      CulpritBuild *build = culprit_store_get_build (store, query->build_id, NULL);

      if (build != NULL)
        g_ptr_array_add (samples, build);
    }
  if (query->pattern_id > 0)
    {
      matched = culprit_store_list_pattern_builds (store, query->pattern_id, query->limit, error);
      if (matched == NULL)
        return NULL;
      for (guint i = 0; i < matched->len; i++)
        {
          gint64 id = g_array_index (matched, gint64, i);
          CulpritBuild *build = NULL;

          if (id != query->build_id)
            build = culprit_store_get_build (store, id, NULL);
          if (build != NULL)
            g_ptr_array_add (samples, build);
        }
    }
  for (guint i = 0; i < samples->len; i++)
    {
      gint64 id = culprit_build_get_id (g_ptr_array_index (samples, i));

      g_hash_table_add (listed, g_memdup2 (&id, sizeof id));
    }
  for (guint i = 0; i < builds->len && samples->len < query->limit; i++)
    {
      CulpritBuild *b = g_ptr_array_index (builds, i);
      gint64 id = culprit_build_get_id (b);

      if (culprit_build_get_log_bytes (b) > 0 && !g_hash_table_contains (listed, &id))
        g_ptr_array_add (samples, g_object_ref (b));
    }
  return g_steal_pointer (&samples);
}

/**
 * culprit_database_list_samples_async:
 * @build_id: a build to list first, or 0
 * @pattern_id: a stored pattern whose matched builds come next, or 0
 * @limit: how many builds to list at most (after @build_id)
 *
 * Lists builds to try a pattern on: @build_id, then the builds that
 * @pattern_id matches, then the newest failed builds with a log.
 */
void
culprit_database_list_samples_async (CulpritDatabase     *self,
                                     gint64               build_id,
                                     gint64               pattern_id,
                                     guint                limit,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  SampleQuery *query;

  g_return_if_fail (CULPRIT_IS_DATABASE (self));

  query = g_new0 (SampleQuery, 1);
  query->build_id = build_id;
  query->pattern_id = pattern_id;
  query->limit = limit;
  _culprit_database_run_async (self, culprit_database_list_samples_async, list_samples, query,
                               g_free, (GDestroyNotify)g_ptr_array_unref, cancellable, callback,
                               user_data);
}

/**
 * culprit_database_list_samples_finish:
 *
 * Returns: (transfer full) (element-type CulpritBuild): the builds
 */
GPtrArray *
culprit_database_list_samples_finish (CulpritDatabase  *self,
                                      GAsyncResult     *result,
                                      GError          **error)
{
  return _culprit_database_run_finish (self, result, culprit_database_list_samples_async, error);
}

static gpointer
list_logged_builds (CulpritStore  *store,
                    gpointer       data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  return culprit_store_list_logged_builds (store, 0, error);
}

void
culprit_database_list_logged_builds_async (CulpritDatabase     *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_return_if_fail (CULPRIT_IS_DATABASE (self));
  _culprit_database_run_async (self, culprit_database_list_logged_builds_async, list_logged_builds,
                               NULL, NULL, (GDestroyNotify)g_array_unref, cancellable, callback,
                               user_data);
}

/**
 * culprit_database_list_logged_builds_finish:
 *
 * Returns: (transfer full) (element-type CulpritLoggedBuild): as
 *   culprit_store_list_logged_builds()
 */
GArray *
culprit_database_list_logged_builds_finish (CulpritDatabase  *self,
                                            GAsyncResult     *result,
                                            GError          **error)
{
  return _culprit_database_run_finish (self, result, culprit_database_list_logged_builds_async,
                                       error);
}

static gpointer
list_repositories (CulpritStore  *store,
                   gpointer       data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  return culprit_store_list_tracked_repos (store, error);
}

void
culprit_database_list_repositories_async (CulpritDatabase     *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_return_if_fail (CULPRIT_IS_DATABASE (self));
  _culprit_database_run_async (self, culprit_database_list_repositories_async, list_repositories,
                               NULL, NULL, (GDestroyNotify)g_ptr_array_unref, cancellable, callback,
                               user_data);
}

/**
 * culprit_database_list_repositories_finish:
 *
 * Returns: (transfer full) (element-type CulpritTrackedRepo): the tracked
 *   repositories
 */
GPtrArray *
culprit_database_list_repositories_finish (CulpritDatabase  *self,
                                           GAsyncResult     *result,
                                           GError          **error)
{
  return _culprit_database_run_finish (self, result, culprit_database_list_repositories_async,
                                       error);
}

static gpointer
get_build (CulpritStore  *store,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  return culprit_store_get_build (store, *(gint64 *)data, error);
}

/**
 * culprit_database_get_build_async:
 * @build_id: a build's id in the store
 *
 * Reads one build, for a page that has only its id.
 */
void
culprit_database_get_build_async (CulpritDatabase     *self,
                                  gint64               build_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (CULPRIT_IS_DATABASE (self));
  _culprit_database_run_async (self, culprit_database_get_build_async, get_build,
                               g_memdup2 (&build_id, sizeof build_id), g_free, g_object_unref,
                               cancellable, callback, user_data);
}

/**
 * culprit_database_get_build_finish:
 *
 * Returns: (transfer full): the build
 */
CulpritBuild *
culprit_database_get_build_finish (CulpritDatabase  *self,
                                   GAsyncResult     *result,
                                   GError          **error)
{
  return _culprit_database_run_finish (self, result, culprit_database_get_build_async, error);
}

static gpointer
get_pattern (CulpritStore  *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  return culprit_store_get_pattern (store, *(gint64 *)data, error);
}

/**
 * culprit_database_get_pattern_async:
 * @pattern_id: a pattern version's id
 *
 * Reads one pattern version, retired or not.
 */
void
culprit_database_get_pattern_async (CulpritDatabase     *self,
                                    gint64               pattern_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (CULPRIT_IS_DATABASE (self));
  _culprit_database_run_async (self, culprit_database_get_pattern_async, get_pattern,
                               g_memdup2 (&pattern_id, sizeof pattern_id), g_free, g_object_unref,
                               cancellable, callback, user_data);
}

/**
 * culprit_database_get_pattern_finish:
 *
 * Returns: (transfer full): the pattern
 */
CulpritPattern *
culprit_database_get_pattern_finish (CulpritDatabase  *self,
                                     GAsyncResult     *result,
                                     GError          **error)
{
  return _culprit_database_run_finish (self, result, culprit_database_get_pattern_async, error);
}
