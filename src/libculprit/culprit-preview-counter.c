/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-preview-counter"

#include "config.h"

#include "culprit-database.h"
#include "culprit-matcher.h"
#include "culprit-pattern.h"
#include "culprit-preview-counter.h"

/* How many stored builds a pattern being edited matches, counted while
 * the user types: workers (one per processor, each with its own
 * connection) take the stored logs newest first, decompress and scan each
 * with a matcher of that one pattern, and bump atomic counters; the main
 * thread reads them every 50 ms into properties. Each edit cancels the
 * run and starts another; the list of logs is read once and kept. */

#define POLL_MS 50

typedef struct
{
  gatomicrefcount  ref;
  CulpritDatabase *database;
  CulpritMatcher  *matcher;
  GArray          *logs;         /* CulpritLoggedBuild, shared, read-only */
  GCancellable    *cancellable;
  int              next;
  int              scanned;
  int              matched;
  int              workers;      /* still running */
} Run;

struct _CulpritPreviewCounter
{
  GObject          parent_instance;

  CulpritDatabase *database;
  GArray          *logs;         /* read once, newest first */
  Run             *run;
  CulpritPattern  *waiting;      /* to start once the logs are listed */
  GCancellable    *list_cancellable;
  guint            poll_source;
  gint64           started;
  gint64           first_result_us;
  guint            matched;
  guint            scanned;
  guint            total;
  gboolean         running;
};

G_DEFINE_FINAL_TYPE (CulpritPreviewCounter, culprit_preview_counter, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_MATCHED,
  PROP_SCANNED,
  PROP_TOTAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static Run *
run_ref (Run *run)
{
  g_atomic_ref_count_inc (&run->ref);
  return run;
}

static void
run_unref (Run *run)
{
  if (!g_atomic_ref_count_dec (&run->ref))
    return;
  g_clear_object (&run->database);
  g_clear_object (&run->matcher);
  g_clear_pointer (&run->logs, g_array_unref);
  g_clear_object (&run->cancellable);
  g_free (run);
}

static void
worker (GTask        *task,
        gpointer      source_object,
        gpointer      task_data,
        GCancellable *cancellable)
{
  Run *run = task_data;
  g_autoptr(GError) error = NULL;
  CulpritStore *store = culprit_database_acquire (run->database, &error);

  while (store != NULL && !g_cancellable_is_cancelled (run->cancellable))
    {
      int i = g_atomic_int_add (&run->next, 1);
      const CulpritLoggedBuild *build;
      g_autoptr(GBytes) log = NULL;
      g_autoptr(CulpritScanResult) result = NULL;
      gsize len;
      const char *text;

      if (i >= (int)run->logs->len)
        break;
      build = &g_array_index (run->logs, CulpritLoggedBuild, i);
      log = culprit_store_load_log (store, build->build_id, NULL);
      if (log != NULL)
        {
          text = g_bytes_get_data (log, &len);
          result = culprit_matcher_scan (run->matcher, text ? text : "", len, build->step_name);
          if (culprit_scan_result_get_n_matches (result) > 0)
            g_atomic_int_inc (&run->matched);
        }
      g_atomic_int_inc (&run->scanned);
    }

  culprit_database_release (run->database, store);
  g_atomic_int_dec_and_test (&run->workers);
  g_task_return_boolean (task, TRUE);
}

static void
set_numbers (CulpritPreviewCounter *self,
             gboolean               running,
             guint                  matched,
             guint                  scanned,
             guint                  total)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->running != running)
    {
      self->running = running;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
    }
  if (self->total != total)
    {
      self->total = total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
    }
  if (self->scanned != scanned)
    {
      self->scanned = scanned;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCANNED]);
    }
  if (self->matched != matched)
    {
      self->matched = matched;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MATCHED]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
poll_counts (gpointer data)
{
  CulpritPreviewCounter *self = data;
  Run *run = self->run;
  gboolean done;
  guint scanned;

  if (run == NULL)
    {
      self->poll_source = 0;
      return G_SOURCE_REMOVE;
    }

  done = g_atomic_int_get (&run->workers) == 0;
  scanned = g_atomic_int_get (&run->scanned);
  if (scanned > 0 && self->first_result_us == 0)
    {
      self->first_result_us = g_get_monotonic_time () - self->started;
      g_debug ("First preview count after %.3f s", self->first_result_us / 1e6);
    }
  set_numbers (self, !done, g_atomic_int_get (&run->matched), scanned, run->logs->len);

  if (done)
    {
      g_debug ("Counted %u of %u builds in %.3f s", self->matched, self->total,
               (g_get_monotonic_time () - self->started) / 1e6);
      g_clear_pointer (&self->run, run_unref);
      self->poll_source = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
worker_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
}

static void
start_run (CulpritPreviewCounter *self,
           CulpritPattern        *pattern,
           gboolean               restart_clock)
{
  g_autoptr(GPtrArray) patterns = g_ptr_array_new ();
  g_autoptr(CulpritMatcher) matcher = NULL;
  guint n_workers = MAX (g_get_num_processors (), 1);
  Run *run;

  g_ptr_array_add (patterns, pattern);
  matcher = culprit_matcher_new (patterns, NULL);
  if (matcher == NULL)
    {
      set_numbers (self, FALSE, 0, 0, self->logs->len);
      return;
    }

  run = g_new0 (Run, 1);
  g_atomic_ref_count_init (&run->ref);
  run->database = g_object_ref (self->database);
  run->matcher = g_steal_pointer (&matcher);
  run->logs = g_array_ref (self->logs);
  run->cancellable = g_cancellable_new ();
  run->workers = n_workers;
  self->run = run;
  if (restart_clock)
    self->started = g_get_monotonic_time ();
  self->first_result_us = 0;

  for (guint i = 0; i < n_workers; i++)
    {
      g_autoptr(GTask) task = g_task_new (self, NULL, worker_done, NULL);

      g_task_set_source_tag (task, start_run);
      g_task_set_task_data (task, run_ref (run), (GDestroyNotify)run_unref);
      g_task_run_in_thread (task, worker);
    }

  set_numbers (self, TRUE, 0, 0, run->logs->len);
  self->poll_source = g_timeout_add (POLL_MS, poll_counts, self);
}

static void
on_logs_listed (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CulpritPreviewCounter) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CulpritPattern) pattern = NULL;
  GArray *logs;

  logs = culprit_database_list_logged_builds_finish (CULPRIT_DATABASE (object), result, &error);
  if (logs == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not list the stored logs: %s", error->message);
      return;
    }
  self->logs = logs;
  pattern = g_steal_pointer (&self->waiting);
  if (pattern != NULL)
    start_run (self, pattern, FALSE);
}

/**
 * culprit_preview_counter_start:
 *
 * Counts the stored builds that @pattern matches, stopping any count
 * under way. An invalid pattern counts nothing.
 */
void
culprit_preview_counter_start (CulpritPreviewCounter *self,
                               CulpritPattern        *pattern)
{
  g_return_if_fail (CULPRIT_IS_PREVIEW_COUNTER (self));
  g_return_if_fail (CULPRIT_IS_PATTERN (pattern));

  culprit_preview_counter_stop (self);

  if (self->logs == NULL)
    {
      gboolean listing = self->waiting != NULL || self->list_cancellable != NULL;

      g_clear_object (&self->waiting);
      self->waiting = culprit_pattern_copy (pattern);
      set_numbers (self, TRUE, 0, 0, 0);
      self->started = g_get_monotonic_time ();
      if (!listing)
        {
          self->list_cancellable = g_cancellable_new ();
          culprit_database_list_logged_builds_async (self->database, self->list_cancellable,
                                                     on_logs_listed, g_object_ref (self));
        }
      return;
    }
  start_run (self, pattern, TRUE);
}

void
culprit_preview_counter_stop (CulpritPreviewCounter *self)
{
  g_return_if_fail (CULPRIT_IS_PREVIEW_COUNTER (self));

  g_clear_handle_id (&self->poll_source, g_source_remove);
  if (self->run != NULL)
    {
      g_cancellable_cancel (self->run->cancellable);
      g_clear_pointer (&self->run, run_unref);
    }
  set_numbers (self, FALSE, self->matched, self->scanned, self->total);
}

static void
culprit_preview_counter_dispose (GObject *object)
{
  CulpritPreviewCounter *self = (CulpritPreviewCounter *)object;

  culprit_preview_counter_stop (self);
  g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  g_clear_object (&self->waiting);

  G_OBJECT_CLASS (culprit_preview_counter_parent_class)->dispose (object);
}

static void
culprit_preview_counter_finalize (GObject *object)
{
  CulpritPreviewCounter *self = (CulpritPreviewCounter *)object;

  g_clear_object (&self->database);
  g_clear_pointer (&self->logs, g_array_unref);

  G_OBJECT_CLASS (culprit_preview_counter_parent_class)->finalize (object);
}

static void
culprit_preview_counter_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  CulpritPreviewCounter *self = CULPRIT_PREVIEW_COUNTER (object);

  switch (prop_id)
    {
    case PROP_RUNNING: g_value_set_boolean (value, self->running); break;
    case PROP_MATCHED: g_value_set_uint (value, self->matched); break;
    case PROP_SCANNED: g_value_set_uint (value, self->scanned); break;
    case PROP_TOTAL: g_value_set_uint (value, self->total); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
culprit_preview_counter_class_init (CulpritPreviewCounterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = culprit_preview_counter_dispose;
  object_class->finalize = culprit_preview_counter_finalize;
  object_class->get_property = culprit_preview_counter_get_property;

  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, flags);
  properties[PROP_MATCHED] = g_param_spec_uint ("matched", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_SCANNED] = g_param_spec_uint ("scanned", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_TOTAL] = g_param_spec_uint ("total", NULL, NULL, 0, G_MAXUINT, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
culprit_preview_counter_init (CulpritPreviewCounter *self)
{
}

CulpritPreviewCounter *
culprit_preview_counter_new (CulpritDatabase *database)
{
  CulpritPreviewCounter *self;

  g_return_val_if_fail (CULPRIT_IS_DATABASE (database), NULL);

  self = g_object_new (CULPRIT_TYPE_PREVIEW_COUNTER, NULL);
  self->database = g_object_ref (database);
  return self;
}

gboolean
culprit_preview_counter_get_running (CulpritPreviewCounter *self)
{
  g_return_val_if_fail (CULPRIT_IS_PREVIEW_COUNTER (self), FALSE);
  return self->running;
}

guint
culprit_preview_counter_get_matched (CulpritPreviewCounter *self)
{
  g_return_val_if_fail (CULPRIT_IS_PREVIEW_COUNTER (self), 0);
  return self->matched;
}

guint
culprit_preview_counter_get_scanned (CulpritPreviewCounter *self)
{
  g_return_val_if_fail (CULPRIT_IS_PREVIEW_COUNTER (self), 0);
  return self->scanned;
}

guint
culprit_preview_counter_get_total (CulpritPreviewCounter *self)
{
  g_return_val_if_fail (CULPRIT_IS_PREVIEW_COUNTER (self), 0);
  return self->total;
}

/**
 * culprit_preview_counter_get_first_result_us:
 *
 * Returns: microseconds from the last start to the first count shown
 *   (0 until then)
 */
gint64
culprit_preview_counter_get_first_result_us (CulpritPreviewCounter *self)
{
  g_return_val_if_fail (CULPRIT_IS_PREVIEW_COUNTER (self), 0);
  return self->first_result_us;
}
