/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-refresh"

#include "config.h"

#include <glib/gi18n.h>

#include <culprit.h>

#include "culprit-database.h"
#include "culprit-refresh.h"
#include "culprit-settings.h"

/* Refresh: fetch what is new for every tracked repository, then scan;
 * or only scan (culprit_refresh_scan_async(), after a pattern changed).
 * The fetchers write to SQLite from the main context they run on, so they
 * run on a main context of its own in a worker thread, all repositories at
 * once (one that does not answer does not hold the others up); their
 * progress (and the scanner's) comes back to the main thread as properties
 * that the header bar binds to. The fraction only moves forward: fetching
 * is its first FETCH_SHARE, scanning the rest. */

#define FETCH_SHARE 0.7

struct _CulpritRefresh
{
  GObject          parent_instance;

  CulpritDatabase *database;
  gboolean         running;
  double           fraction;     /* -1 while the total is unknown */
  char            *text;
};

G_DEFINE_FINAL_TYPE (CulpritRefresh, culprit_refresh, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_FRACTION,
  PROP_TEXT,
  N_PROPS
};

enum {
  REPOSITORY_FETCHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  /* read by the thread, set before it starts */
  guint         concurrency;
  guint         count;
  gsize         log_cap;
  char         *cache_dir;
  guint         scan_threads;
  char         *api_url_override;

  /* the thread's */
  CulpritRefresh *self;        /* borrowed: the task holds it */
  GMainLoop    *loop;
  GPtrArray    *fetches;       /* of RepoFetch */
  guint         pending;
  GError       *error;         /* the first repository's that failed */
  gint64        last_report;
} Run;

typedef struct
{
  CulpritRefresh       *self;
  Run                  *run;
  CulpritTrackedRepo   *repo;   /* borrowed */
  CulpritFetcher       *fetcher;
  char                 *token;
  GError               *token_error;
  CulpritFetchProgress  progress;
  gboolean              done;
} RepoFetch;

typedef struct
{
  CulpritRefresh *self;
  double          fraction;
  char           *text;
} Progress;

static void
repo_fetch_free (RepoFetch *fetch)
{
  g_clear_object (&fetch->fetcher);
  g_clear_pointer (&fetch->token, g_free);
  g_clear_error (&fetch->token_error);
  g_free (fetch);
}

static void
run_free (Run *run)
{
  g_free (run->cache_dir);
  g_free (run->api_url_override);
  g_clear_pointer (&run->fetches, g_ptr_array_unref);
  g_clear_error (&run->error);
  g_free (run);
}

static void
culprit_refresh_finalize (GObject *object)
{
  CulpritRefresh *self = (CulpritRefresh *)object;

  g_clear_object (&self->database);
  g_clear_pointer (&self->text, g_free);

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
    case PROP_RUNNING: g_value_set_boolean (value, self->running); break;
    case PROP_FRACTION: g_value_set_double (value, self->fraction); break;
    case PROP_TEXT: g_value_set_string (value, self->text); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
culprit_refresh_class_init (CulpritRefreshClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = culprit_refresh_finalize;
  object_class->get_property = culprit_refresh_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, -1, 1, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CulpritRefresh::repository-fetched:
   * @repo: the repository, as `github/ORG/REPO`
   * @error: (nullable): why it failed
   *
   * A repository's fetch is over, in the main thread, while the others may
   * still be fetching.
   */
  signals[REPOSITORY_FETCHED] =
    g_signal_new ("repository-fetched", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_ERROR);
}

static void
culprit_refresh_init (CulpritRefresh *self)
{
}

CulpritRefresh *
culprit_refresh_new (CulpritDatabase *database)
{
  CulpritRefresh *self;

  g_return_val_if_fail (CULPRIT_IS_DATABASE (database), NULL);

  self = g_object_new (CULPRIT_TYPE_REFRESH, NULL);
  self->database = g_object_ref (database);
  return self;
}

gboolean
culprit_refresh_get_running (CulpritRefresh *self)
{
  g_return_val_if_fail (CULPRIT_IS_REFRESH (self), FALSE);
  return self->running;
}

double
culprit_refresh_get_fraction (CulpritRefresh *self)
{
  g_return_val_if_fail (CULPRIT_IS_REFRESH (self), 0);
  return self->fraction;
}

const char *
culprit_refresh_get_text (CulpritRefresh *self)
{
  g_return_val_if_fail (CULPRIT_IS_REFRESH (self), NULL);
  return self->text;
}

static void
set_state (CulpritRefresh *self,
           gboolean        running,
           double          fraction,
           const char     *text)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->running != running)
    {
      self->running = running;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
    }
  if (self->fraction != fraction)
    {
      self->fraction = fraction;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
    }
  if (g_strcmp0 (self->text, text) != 0)
    {
      g_free (self->text);
      self->text = g_strdup (text);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/* Progress only moves forward: once there is a fraction, an unknown one
 * (a repository still listing) or a smaller one (a total that grew) keeps
 * the bar where it is. */
static gboolean
deliver_progress (gpointer data)
{
  Progress *progress = data;
  CulpritRefresh *self = progress->self;

  if (self->running)
    set_state (self, TRUE,
               self->fraction < 0 ? progress->fraction : MAX (self->fraction, progress->fraction),
               progress->text);
  return G_SOURCE_REMOVE;
}

static void
progress_free (Progress *progress)
{
  g_object_unref (progress->self);
  g_free (progress->text);
  g_free (progress);
}

/* Called in the worker thread: hands progress to the main thread. */
static void
report (CulpritRefresh *self,
        double          fraction,
        char           *text)
{
  Progress *progress = g_new0 (Progress, 1);

  progress->self = g_object_ref (self);
  progress->fraction = fraction;
  progress->text = text;
  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, deliver_progress, progress,
                              (GDestroyNotify)progress_free);
}

static gboolean
throttle (gint64 *last)
{
  gint64 now = g_get_monotonic_time ();

  if (now - *last < 100 * 1000)
    return FALSE;
  *last = now;
  return TRUE;
}

/* The fetches' progress together: every repository's failed builds that
 * are known, and how many of them are done. */
static void
report_fetches (Run *run)
{
  guint to_finish = 0, finished = 0, listed = 0;

  for (guint i = 0; i < run->fetches->len; i++)
    {
      RepoFetch *fetch = g_ptr_array_index (run->fetches, i);

      to_finish += fetch->progress.to_finish;
      finished += fetch->progress.finished;
      listed += fetch->progress.builds_listed;
    }

  if (to_finish == 0)
    report (run->self, -1,
            g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Listing builds: %u…",
                                          "Listing builds: %u…", listed),
                             listed));
  else
    report (run->self, FETCH_SHARE * finished / to_finish,
            g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Fetching %u of %u build",
                                          "Fetching %u of %u builds", to_finish),
                             finished, to_finish));
}

static void
on_fetch_progress (const CulpritFetchProgress *p,
                   gpointer                    user_data)
{
  RepoFetch *fetch = user_data;

  fetch->progress = *p;
  if (throttle (&fetch->run->last_report))
    report_fetches (fetch->run);
}

typedef struct
{
  CulpritRefresh *self;
  double          base;     /* the fraction where scanning starts */
} ScanProgress;

static void
on_scan_progress (const CulpritScanProgress *p,
                  gpointer                   user_data)
{
  ScanProgress *data = user_data;

  report (data->self,
          p->builds_total ? data->base + (1 - data->base) * p->builds_done / p->builds_total : -1,
          g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Scanning logs: %u of %u",
                                        "Scanning logs: %u of %u", p->builds_total),
                           p->builds_done, p->builds_total));
}

static void
scan_progress_free (ScanProgress *data)
{
  g_object_unref (data->self);
  g_free (data);
}

static void
set_scan_progress (CulpritRefresh *self,
                   CulpritScanner *scanner,
                   double          base)
{
  ScanProgress *data = g_new0 (ScanProgress, 1);

  data->self = g_object_ref (self);
  data->base = base;
  culprit_scanner_set_progress_func (scanner, on_scan_progress, data,
                                     (GDestroyNotify)scan_progress_free);
}

typedef struct
{
  CulpritRefresh *self;
  char           *repo;
  GError         *error;
} Fetched;

static gboolean
deliver_fetched (gpointer data)
{
  Fetched *fetched = data;

  g_signal_emit (fetched->self, signals[REPOSITORY_FETCHED], 0, fetched->repo, fetched->error);
  return G_SOURCE_REMOVE;
}

static void
fetched_free (Fetched *fetched)
{
  g_object_unref (fetched->self);
  g_free (fetched->repo);
  g_clear_error (&fetched->error);
  g_free (fetched);
}

/* A repository's fetch is over: tell the main thread, keep the first
 * error, and stop the loop after the last one. */
static void
on_repo_fetched (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  RepoFetch *fetch = user_data;
  Run *run = fetch->run;
  g_autoptr(GError) error = NULL;
  CulpritFetchProgress totals;
  Fetched *fetched;

  if (!culprit_fetcher_run_finish (fetch->fetcher, result, &totals, &error))
    {
      if (fetch->token == NULL && fetch->token_error != NULL &&
          g_error_matches (error, CULPRIT_CIRCLECI_ERROR, CULPRIT_CIRCLECI_ERROR_TOKEN_REFUSED))
        {
          GError *refused = g_error_new (CULPRIT_CIRCLECI_ERROR, CULPRIT_CIRCLECI_ERROR_TOKEN_REFUSED,
                                         "%s (%s)", error->message, fetch->token_error->message);

          g_clear_error (&error);
          error = refused;
        }
    }
  else if (totals.failures > 0)
    {
      error = g_error_new (CULPRIT_CIRCLECI_ERROR, CULPRIT_CIRCLECI_ERROR_NETWORK,
                           g_dngettext (GETTEXT_PACKAGE,
                                        "%u build could not be fetched; refresh again to retry (%s)",
                                        "%u builds could not be fetched; refresh again to retry (first: %s)",
                                        totals.failures),
                           totals.failures, culprit_fetcher_get_first_failure (fetch->fetcher));
    }
  else
    {
      fetch->progress.finished = fetch->progress.to_finish;
    }

  fetch->done = TRUE;
  if (error != NULL && run->error == NULL)
    run->error = g_error_new (error->domain, error->code,
                              /* Translators: a repository, and why fetching it failed */
                              _("%s: %s"), fetch->repo->repo, error->message);

  fetched = g_new0 (Fetched, 1);
  fetched->self = g_object_ref (fetch->self);
  fetched->repo = g_strdup (fetch->repo->repo);
  fetched->error = g_steal_pointer (&error);
  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, deliver_fetched, fetched,
                              (GDestroyNotify)fetched_free);

  report_fetches (run);
  if (--run->pending == 0)
    g_main_loop_quit (run->loop);
}

/* Starts fetching @repo, on the thread-default main context. */
static void
start_fetch (CulpritRefresh     *self,
             Run                *run,
             CulpritStore       *store,
             CulpritTrackedRepo *repo,
             GCancellable       *cancellable)
{
  g_autoptr(CulpritCircleci) client = NULL;
  RepoFetch *fetch = g_new0 (RepoFetch, 1);
  const char *api_url = run->api_url_override ? run->api_url_override : repo->api_url;

  fetch->self = self;
  fetch->run = run;
  fetch->repo = repo;
  fetch->token = culprit_secrets_get_token ("circleci", NULL, "CIRCLECI_TOKEN", &fetch->token_error);
  client = culprit_circleci_new (api_url, fetch->token);
  culprit_circleci_set_max_concurrent (client, run->concurrency);

  fetch->fetcher = culprit_fetcher_new (store, client, repo->repo);
  if (repo->branches != NULL && repo->branches[0] != NULL)
    culprit_fetcher_set_branches (fetch->fetcher, (const char * const *)repo->branches);
  culprit_fetcher_set_count (fetch->fetcher, run->count);
  culprit_fetcher_set_filter (fetch->fetcher, CULPRIT_BUILD_FILTER_COMPLETED);
  culprit_fetcher_set_log_cap (fetch->fetcher, run->log_cap);
  if (run->cache_dir != NULL && run->cache_dir[0] != '\0')
    culprit_fetcher_set_cache_dir (fetch->fetcher, run->cache_dir);
  culprit_fetcher_set_progress_func (fetch->fetcher, on_fetch_progress, fetch);

  g_ptr_array_add (run->fetches, fetch);
  run->pending++;
  culprit_fetcher_run_async (fetch->fetcher, cancellable, on_repo_fetched, fetch);
}

static void
run_in_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CulpritRefresh *self = source_object;
  Run *run = task_data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GPtrArray) repos = NULL;
  g_autoptr(CulpritScanner) scanner = NULL;
  GError *error = NULL;
  CulpritStore *store;
  gboolean ok = TRUE;

  g_main_context_push_thread_default (context);
  run->loop = g_main_loop_new (context, FALSE);

  store = culprit_database_acquire (self->database, &error);
  if (store != NULL)
    repos = culprit_store_list_tracked_repos (store, &error);
  if (repos != NULL && repos->len == 0)
    g_set_error (&error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_NOT_FOUND,
                 _("This database tracks no repository: add one first"));
  ok = repos != NULL && repos->len > 0;

  if (ok)
    {
      run->fetches = g_ptr_array_new_with_free_func ((GDestroyNotify)repo_fetch_free);
      report (self, -1,
              g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Fetching %u repository…",
                                            "Fetching %u repositories…", repos->len),
                               repos->len));
      for (guint i = 0; i < repos->len; i++)
        start_fetch (self, run, store, g_ptr_array_index (repos, i), cancellable);
      g_main_loop_run (run->loop);
      if (run->error != NULL)
        {
          ok = FALSE;
          error = g_steal_pointer (&run->error);
        }
      /* the fetchers are done with the store before it is released */
      g_clear_pointer (&run->fetches, g_ptr_array_unref);
    }

  g_clear_pointer (&run->loop, g_main_loop_unref);
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);

  /* Scan what was fetched, even after a partial fetch. Without a
   * thread-default context here, the scanner's progress goes straight to
   * the main thread. */
  if (store != NULL && !g_cancellable_is_cancelled (cancellable))
    {
      g_autoptr(GError) scan_error = NULL;

      report (self, FETCH_SHARE, g_strdup (_("Scanning logs…")));
      scanner = culprit_scanner_new (store);
      culprit_scanner_set_n_threads (scanner, run->scan_threads);
      set_scan_progress (self, scanner, FETCH_SHARE);
      if (!culprit_scanner_run_sync (scanner, cancellable, NULL, &scan_error) && ok)
        {
          ok = FALSE;
          g_propagate_error (&error, g_steal_pointer (&scan_error));
        }
    }

  culprit_database_release (self->database, store);

  if (!ok)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
run_done (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  CulpritRefresh *self = CULPRIT_REFRESH (object);
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  set_state (self, FALSE, 0, NULL);
  culprit_database_emit_changed (self->database);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * culprit_refresh_run_async:
 *
 * Fetches every tracked repository, then scans. The database emits
 * ::changed at the end, whether the refresh succeeded or not (a partial
 * fetch is kept).
 */
void
culprit_refresh_run_async (CulpritRefresh      *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  CulpritSettings *settings = culprit_settings_get_default ();
  g_autoptr(GTask) inner = NULL;
  GTask *outer;
  Run *run;

  g_return_if_fail (CULPRIT_IS_REFRESH (self));
  g_return_if_fail (!self->running);

  run = g_new0 (Run, 1);
  run->self = self;
  run->concurrency = MAX (culprit_settings_get_int (settings, "fetch-concurrency"), 1);
  run->count = MAX (culprit_settings_get_int (settings, "fetch-count"), 1);
  run->log_cap = (gsize)MAX (culprit_settings_get_int (settings, "log-cap-mb"), 1) * 1024 * 1024;
  run->cache_dir = culprit_settings_dup_string (settings, "cache-dir");
  run->scan_threads = culprit_settings_get_int (settings, "scan-threads");
  /* for tests and mirrors: every repository is fetched from this root */
  run->api_url_override = g_strdup (g_getenv ("CULPRIT_CIRCLECI_URL"));

  set_state (self, TRUE, -1, _("Starting…"));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, culprit_refresh_run_async);

  inner = g_task_new (self, cancellable, run_done, outer);
  g_task_set_source_tag (inner, run_in_thread);
  g_task_set_task_data (inner, run, (GDestroyNotify)run_free);
  g_task_run_in_thread (inner, run_in_thread);
}

gboolean
culprit_refresh_run_finish (CulpritRefresh  *self,
                            GAsyncResult    *result,
                            GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
scan_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  CulpritRefresh *self = source_object;
  g_autoptr(CulpritScanner) scanner = NULL;
  GError *error = NULL;
  CulpritStore *store;
  gboolean ok;

  store = culprit_database_acquire (self->database, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* no thread-default context: the progress goes to the main thread */
  scanner = culprit_scanner_new (store);
  culprit_scanner_set_n_threads (scanner, GPOINTER_TO_UINT (task_data));
  set_scan_progress (self, scanner, 0);
  ok = culprit_scanner_run_sync (scanner, cancellable, NULL, &error);
  g_clear_object (&scanner);
  culprit_database_release (self->database, store);

  if (!ok)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * culprit_refresh_scan_async:
 * @n_threads: 0 for one per processor
 *
 * Only scans: the builds that are not up to date with the patterns (after
 * a pattern was saved or imported), with the same progress as a refresh.
 * The database emits ::changed at the end.
 */
void
culprit_refresh_scan_async (CulpritRefresh      *self,
                            guint                n_threads,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) inner = NULL;
  GTask *outer;

  g_return_if_fail (CULPRIT_IS_REFRESH (self));
  g_return_if_fail (!self->running);

  set_state (self, TRUE, -1, _("Scanning logs…"));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, culprit_refresh_scan_async);

  inner = g_task_new (self, cancellable, run_done, outer);
  g_task_set_source_tag (inner, scan_in_thread);
  g_task_set_task_data (inner, GUINT_TO_POINTER (n_threads), NULL);
  g_task_run_in_thread (inner, scan_in_thread);
}

gboolean
culprit_refresh_scan_finish (CulpritRefresh  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
