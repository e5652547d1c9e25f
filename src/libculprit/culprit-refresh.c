/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-refresh"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "culprit-enums.h"
#include "culprit-fetcher.h"
#include "culprit-refresh-private.h"

/* The pipeline: fetch what is new, store it, scan it. Three ways in: every
 * repository (the tracked ones, or those given), one build, or only the
 * scan. The GUI, the CLI and the webhook listener all run it; none of them
 * reads the token or builds a client.
 *
 * A run works in a thread of its own, on a main context of its own there:
 * the fetchers (which write to SQLite from the main context they run on)
 * fetch every repository at once on it, so one that does not answer does
 * not hold the others up, and the scanner reports to it. Nothing blocks the
 * caller's context: the state comes back to it (the context that was the
 * thread-default one when the run started) as properties and signals, in
 * the order the thread sent them. The fraction only moves forward:
 * fetching is its first FETCH_SHARE, scanning the rest; it is 1 at the end
 * of a run that succeeded. The store is opened by path, with connections
 * of the run's own. */

G_DEFINE_QUARK (culprit-refresh-error-quark, culprit_refresh_error)

struct _CulpritRefresh
{
  GObject                 parent_instance;

  char                   *path;
  GPtrArray              *sources;       /* Source, given; empty: the tracked ones */
  Options                 options;

  /* the state, as the caller's main context sees it */
  guint                   generation;    /* of the last run: updates of older ones are dropped */
  gboolean                running;
  CulpritRefreshStage     stage;
  double                  fraction;      /* -1 while the total is unknown */
  char                   *message;
  CulpritRefreshTotals    totals;
  char                   *first_failure;
  GError                 *token_error;
};

G_DEFINE_FINAL_TYPE (CulpritRefresh, culprit_refresh, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_STAGE,
  PROP_FRACTION,
  PROP_MESSAGE,
  PROP_BUILDS_LISTED,
  PROP_BUILDS_NEW,
  PROP_BUILDS_TO_FINISH,
  PROP_BUILDS_FINISHED,
  PROP_LOGS_FETCHED,
  PROP_LOG_BYTES,
  PROP_BUILDS_TO_SCAN,
  PROP_BUILDS_SCANNED,
  PROP_BYTES_TO_SCAN,
  PROP_BYTES_SCANNED,
  PROP_MATCHES,
  N_PROPS
};

enum {
  REPOSITORY_FETCHED,
  SCAN_FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The counts that are properties, in CulpritRefreshTotals */
static const struct
{
  guint       prop;
  const char *name;
  gsize       offset;
  gboolean    is_64;
} counts[] = {
  { PROP_BUILDS_LISTED, "builds-listed",
    G_STRUCT_OFFSET (CulpritRefreshTotals, builds_listed), FALSE },
  { PROP_BUILDS_NEW, "builds-new",
    G_STRUCT_OFFSET (CulpritRefreshTotals, builds_new), FALSE },
  { PROP_BUILDS_TO_FINISH, "builds-to-finish",
    G_STRUCT_OFFSET (CulpritRefreshTotals, builds_to_finish), FALSE },
  { PROP_BUILDS_FINISHED, "builds-finished",
    G_STRUCT_OFFSET (CulpritRefreshTotals, builds_finished), FALSE },
  { PROP_LOGS_FETCHED, "logs-fetched",
    G_STRUCT_OFFSET (CulpritRefreshTotals, logs_fetched), FALSE },
  { PROP_LOG_BYTES, "log-bytes",
    G_STRUCT_OFFSET (CulpritRefreshTotals, log_bytes), TRUE },
  { PROP_BUILDS_TO_SCAN, "builds-to-scan",
    G_STRUCT_OFFSET (CulpritRefreshTotals, builds_to_scan), FALSE },
  { PROP_BUILDS_SCANNED, "builds-scanned",
    G_STRUCT_OFFSET (CulpritRefreshTotals, builds_scanned), FALSE },
  { PROP_BYTES_TO_SCAN, "bytes-to-scan",
    G_STRUCT_OFFSET (CulpritRefreshTotals, bytes_to_scan), TRUE },
  { PROP_BYTES_SCANNED, "bytes-scanned",
    G_STRUCT_OFFSET (CulpritRefreshTotals, bytes_scanned), TRUE },
  { PROP_MATCHES, "matches",
    G_STRUCT_OFFSET (CulpritRefreshTotals, matches), FALSE },
};

static guint64
count_get (const CulpritRefreshTotals *totals,
           guint                       i)
{
  const guint8 *base = (const guint8 *)totals + counts[i].offset;

  return counts[i].is_64 ? *(const guint64 *)base : *(const guint *)base;
}


void
_culprit_refresh_source_free (Source *source)
{
  g_free (source->repo);
  g_strfreev (source->branches);
  g_free (source->api_url);
  g_free (source);
}

Source *
_culprit_refresh_source_new (const char         *repo,
            const char * const *branches,
            const char         *api_url)
{
  Source *source = g_new0 (Source, 1);

  source->repo = g_strdup (repo);
  source->branches = branches ? g_strdupv ((char **)branches) : g_new0 (char *, 1);
  source->api_url = g_strdup (api_url);
  return source;
}

static void
culprit_refresh_finalize (GObject *object)
{
  CulpritRefresh *self = (CulpritRefresh *)object;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->sources, g_ptr_array_unref);
  g_clear_pointer (&self->options.api_url, g_free);
  g_clear_pointer (&self->options.cache_dir, g_free);
  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->first_failure, g_free);
  g_clear_error (&self->token_error);

  G_OBJECT_CLASS (culprit_refresh_parent_class)->finalize (object);
}

static void
culprit_refresh_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CulpritRefresh *self = CULPRIT_REFRESH (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_STAGE:
      g_value_set_enum (value, self->stage);
      break;
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    default:
      for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
        if (counts[i].prop == prop_id)
          {
            if (counts[i].is_64)
              g_value_set_uint64 (value, count_get (&self->totals, i));
            else
              g_value_set_uint (value, (guint)count_get (&self->totals, i));
            return;
          }
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
culprit_refresh_class_init (CulpritRefreshClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = culprit_refresh_finalize;
  object_class->get_property = culprit_refresh_get_property;

  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, flags);
  properties[PROP_STAGE] = g_param_spec_enum ("stage", NULL, NULL, CULPRIT_TYPE_REFRESH_STAGE,
                                              CULPRIT_REFRESH_STAGE_IDLE, flags);
  properties[PROP_FRACTION] = g_param_spec_double ("fraction", NULL, NULL, -1, 1, 0, flags);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL, flags);
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    properties[counts[i].prop] =
      counts[i].is_64 ? g_param_spec_uint64 (counts[i].name, NULL, NULL, 0, G_MAXUINT64, 0, flags)
                      : g_param_spec_uint (counts[i].name, NULL, NULL, 0, G_MAXUINT, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CulpritRefresh::repository-fetched:
   * @repo: the repository, as `github/ORG/REPO`
   * @error: (nullable): why it failed; %CULPRIT_REFRESH_ERROR_BUILDS_LEFT_PENDING
   *   when it was fetched but some builds could not be
   *
   * A repository's fetch is over, while others may still be fetching. The
   * counts include its final ones.
   */
  signals[REPOSITORY_FETCHED] =
    g_signal_new ("repository-fetched", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_ERROR);

  /**
   * CulpritRefresh::scan-finished:
   * @error: (nullable): why the scan failed
   *
   * The scan is over; the counts are its final ones. Not emitted when the
   * run was cancelled before it scanned.
   */
  signals[SCAN_FINISHED] =
    g_signal_new ("scan-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
culprit_refresh_init (CulpritRefresh *self)
{
  self->sources = g_ptr_array_new_with_free_func ((GDestroyNotify)_culprit_refresh_source_free);
  self->options.count = 100;
  self->options.max_concurrent = 8;
  self->options.log_cap = CULPRIT_FETCHER_DEFAULT_LOG_CAP;
}

/**
 * culprit_refresh_new:
 * @store_path: the store's file; each run opens connections of its own
 *
 * Returns: (transfer full): a new refresh
 */
CulpritRefresh *
culprit_refresh_new (const char *store_path)
{
  CulpritRefresh *self;

  g_return_val_if_fail (store_path != NULL, NULL);

  self = g_object_new (CULPRIT_TYPE_REFRESH, NULL);
  self->path = g_strdup (store_path);
  return self;
}

const char *
culprit_refresh_get_store_path (CulpritRefresh *self)
{
  g_return_val_if_fail (CULPRIT_IS_REFRESH (self), NULL);
  return self->path;
}

/**
 * culprit_refresh_add_repository:
 * @repo: `github/ORG/REPO`
 * @branches: (nullable): branches such as `master` and `pull/123`; none means all
 *
 * Fetches @repo (which the run also tracks from then on) instead of the
 * tracked repositories. Call it once per repository.
 */
void
culprit_refresh_add_repository (CulpritRefresh     *self,
                                const char         *repo,
                                const char * const *branches)
{
  g_return_if_fail (CULPRIT_IS_REFRESH (self));
  g_return_if_fail (repo != NULL);

  g_ptr_array_add (self->sources, _culprit_refresh_source_new (repo, branches, NULL));
}

/**
 * culprit_refresh_set_api_url:
 * @api_url: (nullable): a CircleCI root that every repository is fetched
 *   from (a mirror, a test server); %NULL: each tracked repository's own,
 *   else https://circleci.com
 */
void
culprit_refresh_set_api_url (CulpritRefresh *self,
                             const char     *api_url)
{
  g_return_if_fail (CULPRIT_IS_REFRESH (self));
  g_free (self->options.api_url);
  self->options.api_url = g_strdup (api_url);
}

/**
 * culprit_refresh_set_count:
 *
 * At most this many builds are listed per branch in one run (default 100).
 */
void
culprit_refresh_set_count (CulpritRefresh *self,
                           guint           count)
{
  g_return_if_fail (CULPRIT_IS_REFRESH (self));
  self->options.count = MAX (count, 1);
}

void
culprit_refresh_set_filter (CulpritRefresh         *self,
                            CulpritBuildListFilter  filter)
{
  g_return_if_fail (CULPRIT_IS_REFRESH (self));
  self->options.filter = filter;
}

/**
 * culprit_refresh_set_max_concurrent:
 *
 * Concurrent requests to CircleCI, per repository (default 8).
 */
void
culprit_refresh_set_max_concurrent (CulpritRefresh *self,
                                    guint           max_concurrent)
{
  g_return_if_fail (CULPRIT_IS_REFRESH (self));
  self->options.max_concurrent = MAX (max_concurrent, 1);
}

void
culprit_refresh_set_log_cap (CulpritRefresh *self,
                             gsize           cap_bytes)
{
  g_return_if_fail (CULPRIT_IS_REFRESH (self));
  self->options.log_cap = cap_bytes;
}

/**
 * culprit_refresh_set_cache_dir:
 * @cache_dir: (nullable): a folder that keeps downloaded logs; %NULL or
 *   empty: none
 */
void
culprit_refresh_set_cache_dir (CulpritRefresh *self,
                               const char     *cache_dir)
{
  g_return_if_fail (CULPRIT_IS_REFRESH (self));
  g_free (self->options.cache_dir);
  self->options.cache_dir = cache_dir && cache_dir[0] ? g_strdup (cache_dir) : NULL;
}

/**
 * culprit_refresh_set_scan_threads:
 * @n_threads: 0 for one per processor (the default)
 */
void
culprit_refresh_set_scan_threads (CulpritRefresh *self,
                                  guint           n_threads)
{
  g_return_if_fail (CULPRIT_IS_REFRESH (self));
  self->options.scan_threads = n_threads;
}

/**
 * culprit_refresh_set_rescan:
 *
 * Scans every build with every pattern again (see culprit_scanner_set_rescan()).
 */
void
culprit_refresh_set_rescan (CulpritRefresh *self,
                            gboolean        rescan)
{
  g_return_if_fail (CULPRIT_IS_REFRESH (self));
  self->options.rescan = !!rescan;
}

gboolean
culprit_refresh_get_running (CulpritRefresh *self)
{
  g_return_val_if_fail (CULPRIT_IS_REFRESH (self), FALSE);
  return self->running;
}

CulpritRefreshStage
culprit_refresh_get_stage (CulpritRefresh *self)
{
  g_return_val_if_fail (CULPRIT_IS_REFRESH (self), CULPRIT_REFRESH_STAGE_IDLE);
  return self->stage;
}

/**
 * culprit_refresh_get_fraction:
 *
 * Returns: how much of the run is done, from 0 to 1; -1 while that is not
 *   known yet (the builds are being listed)
 */
double
culprit_refresh_get_fraction (CulpritRefresh *self)
{
  g_return_val_if_fail (CULPRIT_IS_REFRESH (self), 0);
  return self->fraction;
}

/**
 * culprit_refresh_get_message:
 *
 * Returns: (nullable): what the run is doing, for a person
 */
const char *
culprit_refresh_get_message (CulpritRefresh *self)
{
  g_return_val_if_fail (CULPRIT_IS_REFRESH (self), NULL);
  return self->message;
}

/**
 * culprit_refresh_get_totals:
 * @totals: (out caller-allocates): the counts of the current or last run
 */
void
culprit_refresh_get_totals (CulpritRefresh       *self,
                            CulpritRefreshTotals *totals)
{
  g_return_if_fail (CULPRIT_IS_REFRESH (self));
  g_return_if_fail (totals != NULL);
  *totals = self->totals;
}

/**
 * culprit_refresh_get_first_failure:
 *
 * Returns: (nullable): why the first build that was left pending was
 */
const char *
culprit_refresh_get_first_failure (CulpritRefresh *self)
{
  g_return_val_if_fail (CULPRIT_IS_REFRESH (self), NULL);
  return self->first_failure;
}

/**
 * culprit_refresh_get_token_error:
 *
 * Returns: (nullable): why the run found no CircleCI token, when it found
 *   none (it fetches without one, which public projects allow)
 */
const GError *
culprit_refresh_get_token_error (CulpritRefresh *self)
{
  g_return_val_if_fail (CULPRIT_IS_REFRESH (self), NULL);
  return self->token_error;
}

/* The caller's side */

void
_culprit_refresh_update_free (Update *update)
{
  g_object_unref (update->self);
  g_free (update->message);
  g_free (update->first_failure);
  g_clear_error (&update->token_error);
  g_free (update->repo);
  g_clear_error (&update->error);
  g_free (update);
}

static void
set_totals (CulpritRefresh             *self,
            const CulpritRefreshTotals *totals)
{
  CulpritRefreshTotals old = self->totals;

  self->totals = *totals;
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    if (count_get (&old, i) != count_get (totals, i))
      g_object_notify_by_pspec (G_OBJECT (self), properties[counts[i].prop]);
}

static void
set_stage (CulpritRefresh      *self,
           CulpritRefreshStage  stage)
{
  if (self->stage == stage)
    return;
  self->stage = stage;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STAGE]);
}

static void
set_fraction (CulpritRefresh *self,
              double          fraction)
{
  if (self->fraction == fraction)
    return;
  self->fraction = fraction;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
}

static void
set_message (CulpritRefresh *self,
             const char     *message)
{
  if (g_strcmp0 (self->message, message) == 0)
    return;
  g_free (self->message);
  self->message = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

static void
set_running (CulpritRefresh *self,
             gboolean        running)
{
  if (self->running == running)
    return;
  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
set_failure_info (CulpritRefresh *self,
                  const char     *first_failure,
                  const GError   *token_error)
{
  if (first_failure != NULL && self->first_failure == NULL)
    self->first_failure = g_strdup (first_failure);
  if (token_error != NULL && self->token_error == NULL)
    self->token_error = g_error_copy (token_error);
}

/* Progress only moves forward: once there is a fraction, an unknown one
 * (a repository still listing) or a smaller one (a total that grew) keeps
 * it where it is. */
gboolean
_culprit_refresh_deliver_update (gpointer data)
{
  Update *update = data;
  CulpritRefresh *self = update->self;

  if (update->generation != self->generation || !self->running)
    return G_SOURCE_REMOVE;

  g_object_freeze_notify (G_OBJECT (self));
  set_failure_info (self, update->first_failure, update->token_error);
  set_stage (self, update->stage);
  set_totals (self, &update->totals);
  set_fraction (self, self->fraction < 0 ? update->fraction
                                          : MAX (self->fraction, update->fraction));
  if (update->message != NULL)
    set_message (self, update->message);
  g_object_thaw_notify (G_OBJECT (self));

  if (update->kind == UPDATE_FETCHED)
    g_signal_emit (self, signals[REPOSITORY_FETCHED], 0, update->repo, update->error);
  else if (update->kind == UPDATE_SCANNED)
    g_signal_emit (self, signals[SCAN_FINISHED], 0, update->error);
  return G_SOURCE_REMOVE;
}

/* In the caller's main context: the end of a run */
static void
run_done (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CulpritRefresh *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  g_task_set_task_data (task, g_memdup2 (&run->totals, sizeof run->totals), g_free);

  g_object_freeze_notify (G_OBJECT (self));
  set_failure_info (self, run->first_failure, run->token_error);
  set_totals (self, &run->totals);
  if (ok)
    set_fraction (self, 1);
  set_stage (self, CULPRIT_REFRESH_STAGE_IDLE);
  set_message (self, NULL);
  set_running (self, FALSE);
  g_object_thaw_notify (G_OBJECT (self));

  if (!ok)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
start (CulpritRefresh      *self,
       Mode                 mode,
       const char          *repo,
       gint64               build_num,
       GCancellable        *cancellable,
       GAsyncReadyCallback  callback,
       gpointer             user_data,
       gpointer             source_tag)
{
  g_autoptr(GTask) inner = NULL;
  GTask *task;
  Run *run;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  if (self->running)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("A refresh or scan is running already"));
      g_object_unref (task);
      return;
    }

  run = g_new0 (Run, 1);
  run->self = self;
  run->caller = g_main_context_ref_thread_default ();
  run->generation = ++self->generation;
  run->mode = mode;
  run->path = g_strdup (self->path);
  run->sources = g_ptr_array_new_with_free_func ((GDestroyNotify)_culprit_refresh_source_free);
  for (guint i = 0; i < self->sources->len; i++)
    {
      Source *source = g_ptr_array_index (self->sources, i);

      g_ptr_array_add (run->sources, _culprit_refresh_source_new (source->repo,
                                                 (const char * const *)source->branches, NULL));
    }
  run->build_repo = g_strdup (repo);
  run->build_num = build_num;
  run->options = self->options;
  run->options.api_url = g_strdup (self->options.api_url);
  run->options.cache_dir = g_strdup (self->options.cache_dir);
  run->stage = mode == MODE_SCAN ? CULPRIT_REFRESH_STAGE_SCANNING : CULPRIT_REFRESH_STAGE_FETCHING;

  g_object_freeze_notify (G_OBJECT (self));
  g_clear_pointer (&self->first_failure, g_free);
  g_clear_error (&self->token_error);
  set_totals (self, &(CulpritRefreshTotals) { 0 });
  set_running (self, TRUE);
  set_stage (self, run->stage);
  set_fraction (self, -1);
  set_message (self, mode == MODE_SCAN ? _("Scanning logs…") : _("Starting…"));
  g_object_thaw_notify (G_OBJECT (self));

  /* without a source object: the thread may drop the last reference to
   * it after run_done(), and the caller's last reference to @self must be
   * the last one */
  inner = g_task_new (NULL, cancellable, run_done, task);
  g_task_set_source_tag (inner, _culprit_refresh_run_in_thread);
  g_task_set_task_data (inner, run, (GDestroyNotify)_culprit_refresh_run_free);
  g_task_run_in_thread (inner, _culprit_refresh_run_in_thread);
}

static gboolean
finish (CulpritRefresh        *self,
        GAsyncResult          *result,
        CulpritRefreshTotals  *totals,
        GError               **error)
{
  CulpritRefreshTotals *got = g_task_get_task_data (G_TASK (result));

  if (totals != NULL)
    {
      if (got != NULL)
        *totals = *got;
      else
        memset (totals, 0, sizeof *totals);
    }
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * culprit_refresh_run_async:
 *
 * Fetches what is new for the repositories given with
 * culprit_refresh_add_repository(), or else for every tracked one, all at
 * once; then scans what is not up to date with the patterns, even after a
 * partial fetch (not after a cancel). A run that is running already makes
 * this fail with %G_IO_ERROR_PENDING. Cancelling stops cleanly: what was
 * stored stays, and a next run resumes.
 */
void
culprit_refresh_run_async (CulpritRefresh      *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (CULPRIT_IS_REFRESH (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start (self, MODE_REFRESH, NULL, 0, cancellable, callback, user_data, culprit_refresh_run_async);
}

/**
 * culprit_refresh_run_finish:
 * @totals: (out caller-allocates) (optional): what the run did, also when it failed
 *
 * Returns: %TRUE, or %FALSE with @error set: the first repository's error
 *   (prefixed with its name), else the scan's
 */
gboolean
culprit_refresh_run_finish (CulpritRefresh        *self,
                            GAsyncResult          *result,
                            CulpritRefreshTotals  *totals,
                            GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        culprit_refresh_run_async, FALSE);
  return finish (self, result, totals, error);
}

/**
 * culprit_refresh_fetch_build_async:
 * @repo: `github/ORG/REPO`
 * @build_num: the build's number
 *
 * Fetches one build (its detail, and its failed step's log), stores it,
 * and scans, as the webhook listener does when CircleCI reports a failure.
 * The build comes from the repository's tracked CircleCI root, or the one
 * set with culprit_refresh_set_api_url().
 */
void
culprit_refresh_fetch_build_async (CulpritRefresh      *self,
                                   const char          *repo,
                                   gint64               build_num,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (CULPRIT_IS_REFRESH (self));
  g_return_if_fail (repo != NULL);
  g_return_if_fail (build_num > 0);

  start (self, MODE_BUILD, repo, build_num, cancellable, callback, user_data,
         culprit_refresh_fetch_build_async);
}

gboolean
culprit_refresh_fetch_build_finish (CulpritRefresh        *self,
                                    GAsyncResult          *result,
                                    CulpritRefreshTotals  *totals,
                                    GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        culprit_refresh_fetch_build_async, FALSE);
  return finish (self, result, totals, error);
}

/**
 * culprit_refresh_scan_async:
 *
 * Only scans: the builds that are not up to date with the patterns (after
 * a pattern was saved or imported), with the same progress as a refresh.
 */
void
culprit_refresh_scan_async (CulpritRefresh      *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (CULPRIT_IS_REFRESH (self));

  start (self, MODE_SCAN, NULL, 0, cancellable, callback, user_data, culprit_refresh_scan_async);
}

gboolean
culprit_refresh_scan_finish (CulpritRefresh        *self,
                             GAsyncResult          *result,
                             CulpritRefreshTotals  *totals,
                             GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        culprit_refresh_scan_async, FALSE);
  return finish (self, result, totals, error);
}
