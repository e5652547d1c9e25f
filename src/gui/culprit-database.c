/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-database"

#include "config.h"

#include <glib/gi18n.h>

#include "culprit-database.h"

/* The window's way into a store. Nothing here runs SQLite on the main
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
 * culprit_database_run_async:
 * @func: runs in a worker thread with a connection
 * @data: (transfer full) (nullable): for @func, freed with @data_free
 * @result_free: frees @func's result when nobody takes it
 */
void
culprit_database_run_async (CulpritDatabase     *self,
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

  g_return_if_fail (CULPRIT_IS_DATABASE (self));
  g_return_if_fail (func != NULL);

  call = g_new0 (Call, 1);
  call->func = func;
  call->data = data;
  call->data_free = data_free;
  call->result_free = result_free;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, culprit_database_run_async);
  g_task_set_task_data (task, call, (GDestroyNotify)call_free);
  g_task_run_in_thread (task, run_in_thread);
}

/**
 * culprit_database_run_finish:
 *
 * Returns: (transfer full): the result of the function
 */
gpointer
culprit_database_run_finish (CulpritDatabase  *self,
                             GAsyncResult     *result,
                             GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
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
  culprit_database_run_async (self, load_summary, NULL, NULL,
                              (GDestroyNotify)culprit_database_summary_free,
                              cancellable, callback, user_data);
}

CulpritDatabaseSummary *
culprit_database_load_summary_finish (CulpritDatabase  *self,
                                      GAsyncResult     *result,
                                      GError          **error)
{
  return culprit_database_run_finish (self, result, error);
}

/* Filters are copied for the thread */

typedef struct
{
  CulpritBuildFilter filter;
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
  culprit_database_run_async (self, load_report, filter_copy (filter),
                              (GDestroyNotify)filter_copy_free,
                              (GDestroyNotify)culprit_report_free,
                              cancellable, callback, user_data);
}

CulpritReport *
culprit_database_load_report_finish (CulpritDatabase  *self,
                                     GAsyncResult     *result,
                                     GError          **error)
{
  return culprit_database_run_finish (self, result, error);
}

static gpointer
list_builds (CulpritStore  *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  FilterCopy *copy = data;

  return culprit_store_list_builds (store, &copy->filter, error);
}

void
culprit_database_list_builds_async (CulpritDatabase          *self,
                                    const CulpritBuildFilter *filter,
                                    GCancellable             *cancellable,
                                    GAsyncReadyCallback       callback,
                                    gpointer                  user_data)
{
  culprit_database_run_async (self, list_builds, filter_copy (filter),
                              (GDestroyNotify)filter_copy_free,
                              (GDestroyNotify)g_ptr_array_unref,
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
  return culprit_database_run_finish (self, result, error);
}

/* A build's log: decompressed, indexed, with its matches */

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
  g_clear_object (&log->model);
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
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GArray) stored = NULL;
  g_autoptr(GPtrArray) patterns = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (CulpritLogSpan));

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

  bytes = culprit_store_load_log (store, build_id, &log->log_error);
  if (bytes == NULL)
    return g_steal_pointer (&log);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  log->model = culprit_log_model_new (bytes);

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
      CulpritLogSpan span = { m->line, m->start, m->end };

      if (p == NULL || m->line < 1 || m->line > culprit_log_model_get_n_lines (log->model))
        continue;
      g_array_append_val (spans, span);

      match = g_new0 (CulpritBuildMatch, 1);
      match->pattern_id = m->pattern_id;
      match->pattern = g_strdup (culprit_pattern_get_name (p));
      match->tags = g_strdupv ((char **)culprit_pattern_get_tags (p));
      match->line = m->line;
      match->start = m->start;
      match->end = m->end;
      match->text = culprit_log_model_dup_display_text (log->model, m->line);
      g_ptr_array_add (log->matches, match);
    }
  culprit_log_model_set_highlights (log->model, (CulpritLogSpan *)(gpointer)spans->data, spans->len);

  return g_steal_pointer (&log);
}

void
culprit_database_load_build_log_async (CulpritDatabase     *self,
                                       gint64               build_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  culprit_database_run_async (self, load_build_log, g_memdup2 (&build_id, sizeof build_id), g_free,
                              (GDestroyNotify)culprit_build_log_free,
                              cancellable, callback, user_data);
}

CulpritBuildLog *
culprit_database_load_build_log_finish (CulpritDatabase  *self,
                                        GAsyncResult     *result,
                                        GError          **error)
{
  return culprit_database_run_finish (self, result, error);
}
