/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-scanner"

#include "config.h"

#include <stdlib.h>

#include <glib/gi18n-lib.h>

#include "culprit-log-sketch.h"
#include "culprit-matcher-private.h"
#include "culprit-pattern.h"
#include "culprit-scanner.h"
#include "culprit-store-private.h"

/* The incremental scanner. Each build carries a watermark: the largest
 * pattern id it was scanned with. A build below the newest pattern is run
 * through the live cause patterns above its watermark only (with every
 * live ignore pattern, which decides which lines causes see; a change to
 * an ignore pattern resets all watermarks, see culprit-store-patterns.c).
 *
 * Workers (a GThreadPool) load, decompress and match logs; this thread is
 * the one writer: it writes each build's matches and new watermark in the
 * same transaction, several builds per transaction, so a scan killed at
 * any point resumes where it stopped and never leaves half a build. The
 * scanner uses connections of its own, never the caller's.
 *
 * When every new cause pattern of a build has literals, the log's sketch
 * (culprit-log-sketch.c) is asked first: a log that can hold none of them
 * is not read at all, and only its watermark moves. A log stored without
 * a sketch gets one when it is next read. */

#define BATCH_BUILDS 32      /* builds whose logs were read, per transaction */
#define BATCH_QUIET 1024     /* builds that were not, which cost little to redo */
#define CHECKPOINT_BUILDS 256   /* builds read, for a checkpoint at the end */
#define PROGRESS_INTERVAL_US (100 * 1000)
#define WRITE_INTERVAL_US (250 * 1000)

struct _CulpritScanner
{
  GObject                  parent_instance;

  CulpritStore            *store;
  guint                    n_threads;
  gboolean                 rescan;
  CulpritScanProgressFunc  progress_func;
  gpointer                 progress_data;
  GDestroyNotify           progress_notify;
};

G_DEFINE_FINAL_TYPE (CulpritScanner, culprit_scanner, G_TYPE_OBJECT)

typedef struct
{
  gint64          watermark;
  CulpritMatcher *matcher;       /* NULL when no cause pattern is above the watermark */
  GArray         *pattern_ids;   /* gint64, per matcher index */
  char          **literals;      /* of every cause, when each has some; else NULL */
} MatcherSet;

typedef struct
{
  gint64             build_id;
  char              *step;
  gint64             raw_bytes;
  gboolean           has_sketch;
  gboolean           ruled_out;   /* by the sketch: the log was not read */
  MatcherSet        *set;
  CulpritScanResult *result;
  GBytes            *sketch;      /* made for a log that had none */
  gboolean           gone;        /* the log was deleted since the scan was planned */
  gboolean           stale;       /* has match rows above its watermark (left by a
                                   * lowered watermark), which go */
  GError            *error;
} Job;

typedef struct
{
  const char   *path;
  GAsyncQueue  *readers;   /* a connection per worker (one would serialise their
                            * reads), opened by the first job that reads a log */
  GAsyncQueue  *done;
} Shared;

static void
matcher_set_free (MatcherSet *set)
{
  g_clear_object (&set->matcher);
  g_clear_pointer (&set->pattern_ids, g_array_unref);
  g_strfreev (set->literals);
  g_free (set);
}

static void
job_free (Job *job)
{
  g_free (job->step);
  g_clear_pointer (&job->result, culprit_scan_result_unref);
  g_clear_pointer (&job->sketch, g_bytes_unref);
  g_clear_error (&job->error);
  g_free (job);
}

static void
culprit_scanner_finalize (GObject *object)
{
  CulpritScanner *self = (CulpritScanner *)object;

  if (self->progress_notify)
    self->progress_notify (self->progress_data);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (culprit_scanner_parent_class)->finalize (object);
}

static void
culprit_scanner_class_init (CulpritScannerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = culprit_scanner_finalize;
}

static void
culprit_scanner_init (CulpritScanner *self)
{
  self->n_threads = g_get_num_processors ();
}

CulpritScanner *
culprit_scanner_new (CulpritStore *store)
{
  CulpritScanner *self;

  g_return_val_if_fail (CULPRIT_IS_STORE (store), NULL);

  self = g_object_new (CULPRIT_TYPE_SCANNER, NULL);
  self->store = g_object_ref (store);
  return self;
}

/**
 * culprit_scanner_set_n_threads:
 * @n_threads: workers that match logs; 0 for one per processor
 */
void
culprit_scanner_set_n_threads (CulpritScanner *self,
                               guint           n_threads)
{
  g_return_if_fail (CULPRIT_IS_SCANNER (self));
  self->n_threads = n_threads > 0 ? n_threads : g_get_num_processors ();
}

/**
 * culprit_scanner_set_rescan:
 *
 * Scans every build with every pattern, whatever the watermarks say. The
 * old matches go in the scan's first transaction: a rescan cancelled or
 * killed before it has changed nothing, and one stopped later leaves the
 * builds it did not reach out of date, for the next scan.
 */
void
culprit_scanner_set_rescan (CulpritScanner *self,
                            gboolean        rescan)
{
  g_return_if_fail (CULPRIT_IS_SCANNER (self));
  self->rescan = !!rescan;
}

/**
 * culprit_scanner_set_progress_func:
 *
 * @func is called in the thread-default main context of the caller of
 * culprit_scanner_run_async(), at most ten times a second, and once at the end.
 */
void
culprit_scanner_set_progress_func (CulpritScanner          *self,
                                   CulpritScanProgressFunc  func,
                                   gpointer                 user_data,
                                   GDestroyNotify           notify)
{
  g_return_if_fail (CULPRIT_IS_SCANNER (self));

  if (self->progress_notify)
    self->progress_notify (self->progress_data);
  self->progress_func = func;
  self->progress_data = user_data;
  self->progress_notify = notify;
}

/* Workers */

/* Each worker decompresses into a buffer of its own, reused from log to
 * log: no fresh pages to fault in for every build. */
static GPrivate log_buffer = G_PRIVATE_INIT ((GDestroyNotify)g_byte_array_unref);

static void
worker (gpointer data,
        gpointer user_data)
{
  Job *job = data;
  Shared *shared = user_data;
  GByteArray *buffer = g_private_get (&log_buffer);
  CulpritStore *reader;
  gboolean loaded;

  if (buffer == NULL)
    {
      buffer = g_byte_array_new ();
      g_private_set (&log_buffer, buffer);
    }

  reader = g_async_queue_try_pop (shared->readers);
  if (reader == NULL)
    reader = culprit_store_open (shared->path, &job->error);
  loaded = reader != NULL &&
           _culprit_store_load_log_into (reader, job->build_id, buffer, &job->error);
  /* its build deleted meanwhile, most likely: nothing to scan, and no failure */
  if (g_error_matches (job->error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_NOT_FOUND))
    {
      g_clear_error (&job->error);
      job->gone = TRUE;
    }

  if (reader != NULL)
    g_async_queue_push (shared->readers, reader);
  if (loaded)
    {
      job->result = culprit_matcher_scan (job->set->matcher, (const char *)buffer->data,
                                          buffer->len, job->step);
      if (!job->has_sketch)
        job->sketch = _culprit_log_sketch_new ((const char *)buffer->data, buffer->len);
    }

  /* a huge log's buffer is not kept for the next */
  if (buffer->len > 64 * 1024 * 1024)
    {
      g_private_replace (&log_buffer, g_byte_array_new ());
    }
  else
    g_byte_array_set_size (buffer, 0);
  g_async_queue_push (shared->done, job);
}

/* Writing: the SQL is culprit-store-scan.c's; this part decides what goes
 * in each transaction. */

typedef struct
{
  CulpritScanWriter *sql;
  gboolean           clear_first;   /* a rescan: the first batch empties the match tables */
} Writer;

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const CulpritScanRow *x = a, *y = b;

  if (x->pattern_id != y->pattern_id)
    return x->pattern_id < y->pattern_id ? -1 : 1;
  return (x->line > y->line) - (x->line < y->line);
}

static gboolean
write_job (Writer        *w,
           Job           *job,
           gint64         max_id,
           gint64         now,
           GError       **error)
{
  guint n = job->result ? culprit_scan_result_get_n_matches (job->result) : 0;
  g_autofree CulpritScanRow *rows = g_new (CulpritScanRow, n + 1);

  for (guint i = 0; i < n; i++)
    {
      const CulpritMatch *m = culprit_scan_result_get_match (job->result, i);

      rows[i] = (CulpritScanRow) { g_array_index (job->set->pattern_ids, gint64, m->pattern_index),
                                   m->line, m->start, m->end };
    }
  qsort (rows, n, sizeof (CulpritScanRow), compare_rows);
  return _culprit_scan_writer_add_build (w->sql, job->build_id, job->set->watermark, max_id, now,
                                         rows, n, job->sketch, error);
}

static gboolean
write_batch (CulpritStore      *store,
             Writer            *writer,
             GPtrArray         *batch,
             gint64             max_id,
             CulpritScanStats  *stats,
             GError           **error)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 quiet[CULPRIT_SCAN_WRITER_QUIET_GROUP];
  gint64 quiet_watermark = -1;
  guint n_quiet = 0;
  gboolean quiet_stale = FALSE;

  if (batch->len == 0 && !writer->clear_first)
    return TRUE;
  if (!_culprit_store_begin (store, error))
    return FALSE;

  /* a rescan's first batch: every build out of date, and the matches
   * gone at once rather than row by row (a scan stopped after this finds
   * every build to do again; one stopped before has changed nothing). The
   * workers are reading the first logs meanwhile. */
  if (writer->clear_first && !_culprit_scan_writer_clear_all (writer->sql, error))
    {
      _culprit_store_rollback (store);
      return FALSE;
    }

  for (guint i = 0; i <= batch->len; i++)
    {
      Job *job = i < batch->len ? g_ptr_array_index (batch, i) : NULL;
      gboolean is_quiet = job != NULL && job->error == NULL && !job->gone && job->result == NULL &&
                          job->sketch == NULL;

      /* a group of quiet builds is written when full, when the watermark
       * changes, and at the end */
      if (n_quiet > 0 && (job == NULL || n_quiet == CULPRIT_SCAN_WRITER_QUIET_GROUP ||
                          (is_quiet && job->set->watermark != quiet_watermark)))
        {
          if (!_culprit_scan_writer_add_quiet (writer->sql, quiet, n_quiet, quiet_stale, quiet_watermark,
                                               max_id, now, error))
            {
              _culprit_store_rollback (store);
              return FALSE;
            }
          n_quiet = 0;
          quiet_stale = FALSE;
        }
      if (job == NULL)
        break;

      if (job->error != NULL)
        {
          g_warning ("Cannot scan build %" G_GINT64_FORMAT ": %s", job->build_id, job->error->message);
          stats->failed_logs++;
          continue;
        }
      if (job->gone)
        continue;
      if (is_quiet)
        {
          quiet[n_quiet++] = job->build_id;
          quiet_watermark = job->set->watermark;
          quiet_stale |= job->stale;
        }
      else if (!write_job (writer, job, max_id, now, error))
        {
          _culprit_store_rollback (store);
          return FALSE;
        }
      stats->builds_scanned++;
      stats->bytes_scanned += job->raw_bytes;
      stats->builds_ruled_out += job->ruled_out;
      if (job->result != NULL)
        {
          stats->matches += culprit_scan_result_get_n_matches (job->result);
          stats->problems += culprit_scan_result_get_n_problems_total (job->result);
        }
    }

  if (!_culprit_store_commit (store, error))
    return FALSE;
  writer->clear_first = FALSE;
  g_ptr_array_set_size (batch, 0);
  return TRUE;
}

/* Planning */

/* Can one of @literals be in the build's log, by its sketch? */
static gboolean
sketch_may_contain (const guint8  *bits,
                    gsize          len,
                    char         **literals)
{
  for (guint i = 0; literals[i] != NULL; i++)
    if (_culprit_log_sketch_may_contain (bits, len, literals[i]))
      return TRUE;
  return FALSE;
}

static int
compare_job_id (gconstpointer key,
                gconstpointer element)
{
  gint64 id = *(const gint64 *)key;
  const Job *job = *(Job * const *)element;

  return (id > job->build_id) - (id < job->build_id);
}

/* Which of the builds that will not be read have match rows above their
 * watermark, which their scan must delete: only those a lowered watermark
 * (a changed ignore pattern, a new log) left behind. One range of the
 * summaries' key, above the lowest such watermark, says; it is empty after
 * a new pattern. @jobs are in build order. */
static gboolean
mark_stale (CulpritStore  *store,
            GPtrArray     *jobs,
            GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 lowest = G_MAXINT64;
  int rc;

  for (guint i = 0; i < jobs->len; i++)
    {
      Job *job = g_ptr_array_index (jobs, i);

      if (job->set->matcher == NULL || job->ruled_out)
        lowest = MIN (lowest, job->set->watermark);
    }
  if (lowest == G_MAXINT64)
    return TRUE;

  stmt = _culprit_store_prepare (store, "SELECT build_id, pattern_id FROM match_summary WHERE pattern_id > ?",
                                 error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, lowest);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 build_id = sqlite3_column_int64 (stmt, 0);
      Job **found = bsearch (&build_id, jobs->pdata, jobs->len, sizeof (Job *), compare_job_id);

      if (found != NULL && sqlite3_column_int64 (stmt, 1) > (*found)->set->watermark)
        (*found)->stale = TRUE;
    }
  if (rc != SQLITE_DONE)
    {
      _culprit_store_set_error (store, error, rc, _("listing builds to scan"));
      return FALSE;
    }
  return TRUE;
}

static MatcherSet *
matcher_set_new (GPtrArray  *live,
                 gint64      watermark,
                 GError    **error)
{
  g_autoptr(GPtrArray) chosen = g_ptr_array_new ();
  g_autoptr(GStrvBuilder) literals = g_strv_builder_new ();
  MatcherSet *set = g_new0 (MatcherSet, 1);
  gboolean any_cause = FALSE;
  gboolean all_literal = TRUE;

  set->watermark = watermark;
  set->pattern_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < live->len; i++)
    {
      CulpritPattern *p = g_ptr_array_index (live, i);
      gint64 id = culprit_pattern_get_id (p);
      gboolean ignore = culprit_pattern_get_kind (p) == CULPRIT_PATTERN_KIND_IGNORE;

      if (!ignore && id <= watermark)
        continue;
      any_cause |= !ignore;
      g_ptr_array_add (chosen, p);
      g_array_append_val (set->pattern_ids, id);
    }

  if (any_cause)
    {
      set->matcher = culprit_matcher_new (chosen, error);
      if (set->matcher == NULL)
        {
          matcher_set_free (set);
          return NULL;
        }

      /* the sketch can rule a log out only if every cause has literals */
      for (guint i = 0; i < chosen->len && all_literal; i++)
        {
          const char * const *l = _culprit_matcher_get_literals (set->matcher, i);

          if (culprit_pattern_get_kind (chosen->pdata[i]) == CULPRIT_PATTERN_KIND_IGNORE)
            continue;
          if (l == NULL)
            all_literal = FALSE;
          else
            g_strv_builder_addv (literals, (const char **)l);
        }
      if (all_literal)
        set->literals = g_strv_builder_end (literals);
    }
  return set;
}

/* A progress call holds the scanner weakly: a call still queued in a main
 * context that nobody runs any more (a CLI that has returned, a caller of
 * run_sync() that never iterates) must not keep the scanner, its store
 * and the store's database connection alive. */
typedef struct
{
  GWeakRef             self;
  CulpritScanProgress  progress;
} ProgressCall;

static void
progress_call_free (ProgressCall *call)
{
  g_weak_ref_clear (&call->self);
  g_free (call);
}

static gboolean
deliver_progress (gpointer data)
{
  ProgressCall *call = data;
  g_autoptr(CulpritScanner) self = g_weak_ref_get (&call->self);

  if (self != NULL && self->progress_func)
    self->progress_func (&call->progress, self->progress_data);
  return G_SOURCE_REMOVE;
}

static void
report (CulpritScanner            *self,
        GMainContext              *context,
        const CulpritScanProgress *progress)
{
  ProgressCall *call;

  if (self->progress_func == NULL)
    return;
  call = g_new0 (ProgressCall, 1);
  g_weak_ref_init (&call->self, self);
  call->progress = *progress;
  g_main_context_invoke_full (context, G_PRIORITY_DEFAULT, deliver_progress, call,
                              (GDestroyNotify)progress_call_free);
}

static gboolean
run (CulpritScanner    *self,
     GMainContext      *context,
     GCancellable      *cancellable,
     CulpritScanStats  *stats,
     GError           **error)
{
  const char *path = culprit_store_get_path (self->store);
  g_autoptr(CulpritStore) writer = NULL;
  g_autoptr(GPtrArray) live = NULL;
  g_autoptr(GHashTable) sets = NULL;
  g_autoptr(GPtrArray) jobs = g_ptr_array_new ();
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify)job_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  CulpritScanProgress progress = { 0 };
  Shared shared = { 0 };
  Writer w = { 0 };
  GThreadPool *pool;
  gint64 max_id, last_report = 0, last_write = 0, start = g_get_monotonic_time ();
  guint next = 0, in_flight, max_in_flight;
  guint n_read = 0;   /* builds in the batch whose logs were read */
  guint n_read_total = 0;
  gboolean ok = TRUE;
  int rc;

  writer = culprit_store_open (path, error);
  if (writer == NULL)
    return FALSE;
  shared.path = path;
  shared.readers = g_async_queue_new_full (g_object_unref);

  /* The writer inserts without foreign key checks: with them, SQLite
   * looks up the build and the pattern of every match row, and visits
   * every row of a match table it empties (0.26 s for 150,000 matches,
   * rather than 0.02 s). The build of each row is known to be there: the
   * writer moves its watermark first, in the same transaction, and skips
   * a build that is gone. Patterns are never deleted. */
  if (!_culprit_store_exec (writer, "PRAGMA foreign_keys = OFF", error))
    goto out_fail;

  max_id = culprit_store_get_max_pattern_id (writer, error);
  live = culprit_store_list_patterns (writer, FALSE, error);
  if (max_id < 0 || live == NULL)
    goto out_fail;

  /* The plan reads each page once (a sketch of some 2 KB per build), and
   * the writes touch few pages a batch: a small cache recycles its pages
   * rather than growing (the first scan of a new pattern in a process
   * spent 10 ms of 50 on memory for them), and a full scan runs as fast. */
  if (!_culprit_store_exec (writer, "PRAGMA cache_size = 100", error))
    goto out_fail;
  stmt = _culprit_store_prepare (writer,
                                 "SELECT b.id, b.scanned_through_pattern_id, l.step_name, l.raw_bytes,"
                                 " s.bits "
                                 "FROM builds b JOIN logs l INDEXED BY logs_plan ON l.build_id = b.id "
                                 "LEFT JOIN log_sketches s ON s.build_id = b.id "
                                 "WHERE ?2 OR b.scanned_through_pattern_id < ?1 OR b.scanned_at IS NULL "
                                 "ORDER BY b.id", error);
  if (stmt == NULL)
    goto out_fail;
  sqlite3_bind_int64 (stmt, 1, max_id);
  sqlite3_bind_int (stmt, 2, self->rescan);

  sets = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify)matcher_set_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Job *job = g_new0 (Job, 1);
      gint64 watermark = self->rescan ? 0 : sqlite3_column_int64 (stmt, 1);

      job->build_id = sqlite3_column_int64 (stmt, 0);
      job->step = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
      job->raw_bytes = sqlite3_column_int64 (stmt, 3);
      job->has_sketch = sqlite3_column_type (stmt, 4) != SQLITE_NULL;
      job->set = g_hash_table_lookup (sets, &watermark);
      if (job->set == NULL)
        {
          job->set = matcher_set_new (live, watermark, error);
          if (job->set == NULL)
            {
              job_free (job);
              goto out_fail;
            }
          g_hash_table_insert (sets, &job->set->watermark, job->set);
        }
      if (job->has_sketch && job->set->literals != NULL &&
          !sketch_may_contain (sqlite3_column_blob (stmt, 4), sqlite3_column_bytes (stmt, 4),
                               job->set->literals))
        job->ruled_out = TRUE;
      g_ptr_array_add (jobs, job);
      progress.builds_total++;
      progress.bytes_total += job->raw_bytes;
    }
  if (rc != SQLITE_DONE)
    {
      _culprit_store_set_error (writer, error, rc, _("listing builds to scan"));
      goto out_fail;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (!self->rescan && !mark_stale (writer, jobs, error))
    goto out_fail;

  w.sql = _culprit_scan_writer_new (writer, error);
  if (w.sql == NULL)
    goto out_fail;
  w.clear_first = self->rescan;

  shared.done = g_async_queue_new ();
  pool = g_thread_pool_new (worker, &shared, self->n_threads, FALSE, NULL);
  max_in_flight = self->n_threads * 8;
  in_flight = 0;

  while (next < jobs->len || in_flight > 0)
    {
      Job *job;
      gboolean read = TRUE;   /* a worker read the job's log */

      if (ok && next < jobs->len && in_flight < max_in_flight &&
          !g_cancellable_is_cancelled (cancellable))
        {
          job = g_ptr_array_index (jobs, next++);
          if (job->set->matcher == NULL || job->ruled_out)
            {
              /* nothing new to run on this build, or nothing it can
               * match: only move its watermark */
              g_ptr_array_add (batch, job);
              read = FALSE;
            }
          else
            {
              g_thread_pool_push (pool, job, NULL);
              in_flight++;
              continue;
            }
        }
      else if (in_flight > 0)
        {
          job = g_async_queue_pop (shared.done);
          in_flight--;
          g_ptr_array_add (batch, job);
        }
      else
        break;   /* cancelled or failed, and nothing left in flight */

      progress.builds_done++;
      progress.bytes_done += job->raw_bytes;
      n_read += read;
      n_read_total += read;

      /* write when the batch is full, at the end, or when the workers
       * have nothing more for now and the last write is a while ago: a
       * commit per build would write the same pages again and again */
      if (ok && (n_read >= BATCH_BUILDS || batch->len >= BATCH_QUIET || (in_flight == 0 && next >= jobs->len) ||
                 (read && g_async_queue_length (shared.done) == 0 &&
                  g_get_monotonic_time () - last_write > WRITE_INTERVAL_US)))
        {
          ok = write_batch (writer, &w, batch, max_id, stats, error);
          last_write = g_get_monotonic_time ();
          n_read = 0;
        }

      if (g_get_monotonic_time () - last_report > PROGRESS_INTERVAL_US)
        {
          last_report = g_get_monotonic_time ();
          report (self, context, &progress);
        }
    }

  if (ok)
    ok = write_batch (writer, &w, batch, max_id, stats, error);

  g_thread_pool_free (pool, FALSE, TRUE);
  g_clear_pointer (&w.sql, _culprit_scan_writer_free);
  g_async_queue_unref (shared.done);

  /* a scan that wrote much moves its pages from the WAL into the
   * database, not the next one; after a small one (a new pattern that
   * few logs can hold) the checkpoint and its fsync () would be most of
   * the time, and SQLite's own checkpoint at 1,000 pages comes soon
   * enough */
  if (ok && n_read_total >= CHECKPOINT_BUILDS)
    _culprit_store_exec (writer, "PRAGMA wal_checkpoint(PASSIVE)", NULL);

  /* jobs not handed to a worker are still in the list */
  for (guint i = next; i < jobs->len; i++)
    job_free (g_ptr_array_index (jobs, i));

  report (self, context, &progress);
  stats->seconds = (g_get_monotonic_time () - start) / 1e6;
  g_clear_pointer (&shared.readers, g_async_queue_unref);

  if (!ok)
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  return TRUE;

out_fail:
  for (guint i = 0; i < jobs->len; i++)
    job_free (g_ptr_array_index (jobs, i));
  g_clear_pointer (&shared.readers, g_async_queue_unref);
  return FALSE;
}

static void
run_in_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CulpritScanner *self = source_object;
  GMainContext *context = task_data;
  CulpritScanStats *stats = g_new0 (CulpritScanStats, 1);
  GError *error = NULL;

  if (!run (self, context, cancellable, stats, &error))
    {
      g_free (stats);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, stats, g_free);
}

/**
 * culprit_scanner_run_async:
 *
 * Scans the out-of-date builds in worker threads; the caller's main loop
 * never waits on SQLite, decompression or matching.
 */
void
culprit_scanner_run_async (CulpritScanner      *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CULPRIT_IS_SCANNER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, culprit_scanner_run_async);
  g_task_set_task_data (task, g_main_context_ref_thread_default (),
                        (GDestroyNotify)g_main_context_unref);
  g_task_run_in_thread (task, run_in_thread);
}

/**
 * culprit_scanner_run_finish:
 * @stats: (out caller-allocates) (optional): what the scan did
 */
gboolean
culprit_scanner_run_finish (CulpritScanner    *self,
                            GAsyncResult      *result,
                            CulpritScanStats  *stats,
                            GError           **error)
{
  g_autofree CulpritScanStats *got = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  got = g_task_propagate_pointer (G_TASK (result), error);
  if (got == NULL)
    return FALSE;
  if (stats != NULL)
    *stats = *got;
  return TRUE;
}

/**
 * culprit_scanner_run_sync:
 *
 * Scans in the calling thread (with the worker threads); progress is
 * delivered to the calling thread's default main context, when it runs.
 */
gboolean
culprit_scanner_run_sync (CulpritScanner    *self,
                          GCancellable      *cancellable,
                          CulpritScanStats  *stats,
                          GError           **error)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();
  CulpritScanStats local = { 0 };

  g_return_val_if_fail (CULPRIT_IS_SCANNER (self), FALSE);

  if (!run (self, context, cancellable, &local, error))
    return FALSE;
  if (stats != NULL)
    *stats = local;
  return TRUE;
}
