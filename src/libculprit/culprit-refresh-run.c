/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-refresh"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "culprit-fetcher.h"
#include "culprit-queries.h"
#include "culprit-refresh-private.h"
#include "culprit-scanner.h"
#include "culprit-secrets.h"
#include "culprit-store.h"

/* A run of CulpritRefresh, in its thread: on the thread's own main
 * context, it reads the token once, builds a CircleCI client and a fetcher
 * per repository and runs them all at once, then the scanner; and posts
 * its state to the caller's main context (see culprit-refresh.c). */

#define REPORT_INTERVAL_US (100 * 1000)

typedef struct
{
  Run                  *run;
  Source               *source;         /* borrowed */
  CulpritCircleci      *client;
  CulpritFetcher       *fetcher;
  CulpritFetchProgress  progress;
} RepoFetch;

static void
repo_fetch_free (RepoFetch *fetch)
{
  g_clear_object (&fetch->fetcher);
  g_clear_object (&fetch->client);
  g_free (fetch);
}

void
_culprit_refresh_run_free (Run *run)
{
  g_assert (run->fetches == NULL);
  g_main_context_unref (run->caller);
  g_free (run->path);
  g_clear_pointer (&run->sources, g_ptr_array_unref);
  g_free (run->build_repo);
  g_free (run->options.api_url);
  g_free (run->options.cache_dir);
  g_clear_error (&run->error);
  g_clear_error (&run->scan_error);
  g_free (run->token);
  g_clear_error (&run->token_error);
  g_free (run->first_failure);
  g_free (run);
}

/* Hands the run's state to the caller's main context; takes @message and @error. */
static void
post (Run        *run,
      UpdateKind  kind,
      double      fraction,
      char       *message,
      const char *repo,
      GError     *error)
{
  Update *update = g_new0 (Update, 1);

  update->self = g_object_ref (run->self);
  update->generation = run->generation;
  update->kind = kind;
  update->stage = run->stage;
  update->fraction = fraction;
  update->message = message;
  update->totals = run->totals;
  update->first_failure = g_strdup (run->first_failure);
  update->token_error = run->token_error ? g_error_copy (run->token_error) : NULL;
  update->repo = g_strdup (repo);
  update->error = error;
  /* the thread's own context is its thread-default one: this never runs
   * deliver_update() here, always in the caller's */
  g_main_context_invoke_full (run->caller, G_PRIORITY_DEFAULT,
                              _culprit_refresh_deliver_update, update,
                              (GDestroyNotify)_culprit_refresh_update_free);
}

/* The fetches' counts together */
static void
sum_fetches (Run *run)
{
  CulpritRefreshTotals *t = &run->totals;

  t->builds_listed = t->builds_new = t->builds_to_finish = t->builds_finished = 0;
  t->logs_fetched = t->fetch_failures = t->n_requests = t->n_retries = 0;
  t->log_bytes = 0;
  for (guint i = 0; i < run->fetches->len; i++)
    {
      RepoFetch *fetch = g_ptr_array_index (run->fetches, i);

      t->builds_listed += fetch->progress.builds_listed;
      t->builds_new += fetch->progress.builds_new;
      t->builds_to_finish += fetch->progress.to_finish;
      t->builds_finished += fetch->progress.finished;
      t->logs_fetched += fetch->progress.logs_fetched;
      t->log_bytes += fetch->progress.log_bytes;
      t->fetch_failures += fetch->progress.failures;
      t->n_requests += culprit_circleci_get_n_requests (fetch->client);
      t->n_retries += culprit_circleci_get_n_retries (fetch->client);
    }
  t->fetch_seconds = (g_get_monotonic_time () - run->started) / 1e6;
}

static void
post_fetches (Run        *run,
              UpdateKind  kind,
              const char *repo,
              GError     *error)
{
  CulpritRefreshTotals *t = &run->totals;

  sum_fetches (run);
  if (t->builds_to_finish == 0)
    post (run, kind, -1,
          g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Listing builds: %u…",
                                        "Listing builds: %u…", t->builds_listed),
                           t->builds_listed),
          repo, error);
  else
    post (run, kind, FETCH_SHARE * t->builds_finished / t->builds_to_finish,
          g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Fetching %u of %u build",
                                        "Fetching %u of %u builds", t->builds_to_finish),
                           t->builds_finished, t->builds_to_finish),
          repo, error);
}

static gboolean
throttle (Run *run)
{
  gint64 now = g_get_monotonic_time ();

  if (now - run->last_report < REPORT_INTERVAL_US)
    return FALSE;
  run->last_report = now;
  return TRUE;
}

static void
on_fetch_progress (const CulpritFetchProgress *p,
                   gpointer                    user_data)
{
  RepoFetch *fetch = user_data;

  fetch->progress = *p;
  if (throttle (fetch->run))
    post_fetches (fetch->run, UPDATE_PROGRESS, NULL, NULL);
}

/* A repository's fetch is over: tell the caller, keep the first error,
 * and stop the loop after the last one. */
static void
on_repo_fetched (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  RepoFetch *fetch = user_data;
  Run *run = fetch->run;
  g_autoptr(GError) error = NULL;
  CulpritFetchProgress totals;

  if (!culprit_fetcher_run_finish (fetch->fetcher, result, &totals, &error))
    {
      if (run->token == NULL && run->token_error != NULL &&
          g_error_matches (error, CULPRIT_CIRCLECI_ERROR, CULPRIT_CIRCLECI_ERROR_TOKEN_REFUSED) &&
          run->error == NULL)
        run->error = g_error_new (error->domain, error->code,
                                  /* Translators: a repository, why fetching it failed, and
                                   * why there was no token */
                                  _("%s: %s (%s)"), fetch->source->repo, error->message,
                                  run->token_error->message);
    }
  else if (totals.failures > 0)
    {
      if (run->first_failure == NULL)
        run->first_failure = g_strdup (culprit_fetcher_get_first_failure (fetch->fetcher));
      error = g_error_new (CULPRIT_REFRESH_ERROR, CULPRIT_REFRESH_ERROR_BUILDS_LEFT_PENDING,
                           g_dngettext (GETTEXT_PACKAGE,
                                        "%u build could not be fetched; refresh again to retry (%s)",
                                        "%u builds could not be fetched; refresh again to retry (first: %s)",
                                        totals.failures),
                           totals.failures, culprit_fetcher_get_first_failure (fetch->fetcher));
    }
  fetch->progress = totals;

  if (error != NULL && run->error == NULL)
    run->error = g_error_new (error->domain, error->code,
                              /* Translators: a repository, and why fetching it failed */
                              _("%s: %s"), fetch->source->repo, error->message);

  post_fetches (run, UPDATE_FETCHED, fetch->source->repo, g_steal_pointer (&error));
  if (--run->pending == 0)
    g_main_loop_quit (run->loop);
}

/* Starts fetching @source, or only @build_num of it, on the thread-default main context. */
static void
start_fetch (Run          *run,
             CulpritStore *store,
             Source       *source,
             gint64        build_num,
             GCancellable *cancellable)
{
  RepoFetch *fetch = g_new0 (RepoFetch, 1);
  const char *api_url = run->options.api_url ? run->options.api_url : source->api_url;

  fetch->run = run;
  fetch->source = source;
  fetch->client = culprit_circleci_new (api_url, run->token);
  culprit_circleci_set_max_concurrent (fetch->client, run->options.max_concurrent);

  fetch->fetcher = culprit_fetcher_new (store, fetch->client, source->repo);
  culprit_fetcher_set_branches (fetch->fetcher, (const char * const *)source->branches);
  culprit_fetcher_set_count (fetch->fetcher, run->options.count);
  culprit_fetcher_set_filter (fetch->fetcher, run->options.filter);
  culprit_fetcher_set_log_cap (fetch->fetcher, run->options.log_cap);
  culprit_fetcher_set_cache_dir (fetch->fetcher, run->options.cache_dir);
  culprit_fetcher_set_progress_func (fetch->fetcher, on_fetch_progress, fetch);

  g_ptr_array_add (run->fetches, fetch);
  run->pending++;
  if (build_num > 0)
    culprit_fetcher_fetch_build_async (fetch->fetcher, build_num, cancellable, on_repo_fetched,
                                       fetch);
  else
    culprit_fetcher_run_async (fetch->fetcher, cancellable, on_repo_fetched, fetch);
}

/* The repositories a refresh fetches: the ones given, else the tracked
 * ones; for one build, its repository, from where it is tracked. */
static GPtrArray *
list_sources (Run           *run,
              CulpritStore  *store,
              GError       **error)
{
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GPtrArray) tracked = NULL;

  sources = g_ptr_array_new_with_free_func ((GDestroyNotify)_culprit_refresh_source_free);
  if (run->mode == MODE_REFRESH && run->sources->len > 0)
    {
      for (guint i = 0; i < run->sources->len; i++)
        {
          Source *source = g_ptr_array_index (run->sources, i);

          g_ptr_array_add (sources, _culprit_refresh_source_new (source->repo,
                                                (const char * const *)source->branches, NULL));
        }
      return g_steal_pointer (&sources);
    }

  tracked = culprit_store_list_tracked_repos (store, error);
  if (tracked == NULL)
    return NULL;

  if (run->mode == MODE_BUILD)
    {
      const char *api_url = NULL;

      for (guint i = 0; i < tracked->len; i++)
        {
          CulpritTrackedRepo *repo = g_ptr_array_index (tracked, i);

          if (g_str_equal (repo->repo, run->build_repo))
            api_url = repo->api_url;
        }
      g_ptr_array_add (sources, _culprit_refresh_source_new (run->build_repo, NULL, api_url));
      return g_steal_pointer (&sources);
    }

  if (tracked->len == 0)
    {
      g_set_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_NOT_FOUND,
                   _("This database tracks no repository: add one first"));
      return NULL;
    }
  for (guint i = 0; i < tracked->len; i++)
    {
      CulpritTrackedRepo *repo = g_ptr_array_index (tracked, i);

      g_ptr_array_add (sources,
                        _culprit_refresh_source_new (repo->repo,
                                                     (const char * const *)repo->branches,
                                                     repo->api_url));
    }
  return g_steal_pointer (&sources);
}

static gboolean
fetch (Run           *run,
       CulpritStore  *store,
       GCancellable  *cancellable,
       GError       **error)
{
  g_autoptr(GPtrArray) sources = list_sources (run, store, error);

  if (sources == NULL)
    return FALSE;

  /* one token for every repository: the keyring may take seconds to answer */
  run->token = culprit_secrets_get_token ("circleci", NULL, "CIRCLECI_TOKEN", &run->token_error);
  if (run->token != NULL)
    g_clear_error (&run->token_error);

  run->fetches = g_ptr_array_new_with_free_func ((GDestroyNotify)repo_fetch_free);
  post (run, UPDATE_PROGRESS, -1,
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Fetching %u repository…",
                                      "Fetching %u repositories…", sources->len),
                         sources->len),
        NULL, NULL);
  for (guint i = 0; i < sources->len; i++)
    start_fetch (run, store, g_ptr_array_index (sources, i),
                 run->mode == MODE_BUILD ? run->build_num : 0, cancellable);
  g_main_loop_run (run->loop);

  /* the fetchers are done with the store and the sources after this */
  sum_fetches (run);
  g_clear_pointer (&run->fetches, g_ptr_array_unref);
  return TRUE;
}

static void
on_scan_progress (const CulpritScanProgress *p,
                  gpointer                   user_data)
{
  Run *run = user_data;
  double base = run->scan_base;

  run->totals.builds_to_scan = p->builds_total;
  run->totals.builds_scanned = p->builds_done;
  run->totals.bytes_to_scan = p->bytes_total;
  run->totals.bytes_scanned = p->bytes_done;
  post (run, UPDATE_PROGRESS,
        p->builds_total ? base + (1 - base) * p->builds_done / p->builds_total : -1,
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Scanning logs: %u of %u",
                                      "Scanning logs: %u of %u", p->builds_total),
                         p->builds_done, p->builds_total),
        NULL, NULL);
}

typedef struct
{
  Run              *run;
  CulpritScanStats  stats;
  gboolean          ok;
} ScanWait;

static void
on_scanned (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  ScanWait *wait = user_data;

  wait->ok = culprit_scanner_run_finish (CULPRIT_SCANNER (object), result, &wait->stats,
                                         &wait->run->scan_error);
  g_main_loop_quit (wait->run->loop);
}

/* Scans on the thread's main context, so that its progress comes here. */
static void
scan (Run          *run,
      CulpritStore *store,
      GCancellable *cancellable)
{
  g_autoptr(CulpritScanner) scanner = culprit_scanner_new (store);
  CulpritRefreshTotals *t = &run->totals;
  ScanWait wait = { run, { 0 }, FALSE };

  run->stage = CULPRIT_REFRESH_STAGE_SCANNING;
  run->scan_base = run->mode == MODE_SCAN ? 0 : FETCH_SHARE;
  post (run, UPDATE_PROGRESS, run->scan_base, g_strdup (_("Scanning logs…")), NULL, NULL);

  culprit_scanner_set_n_threads (scanner, run->options.scan_threads);
  culprit_scanner_set_rescan (scanner, run->options.rescan);
  culprit_scanner_set_progress_func (scanner, on_scan_progress, run, NULL);
  culprit_scanner_run_async (scanner, cancellable, on_scanned, &wait);
  g_main_loop_run (run->loop);
  /* the progress still queued, before the end */
  while (g_main_context_iteration (g_main_context_get_thread_default (), FALSE))
    ;

  if (wait.ok)
    {
      t->builds_scanned = wait.stats.builds_scanned;
      t->bytes_scanned = wait.stats.bytes_scanned;
      t->matches = wait.stats.matches;
      t->problems = wait.stats.problems;
      t->failed_logs = wait.stats.failed_logs;
      t->builds_ruled_out = wait.stats.builds_ruled_out;
      t->scan_seconds = wait.stats.seconds;
    }
  post (run, UPDATE_SCANNED, wait.ok ? 1 : -1, NULL, NULL,
        run->scan_error ? g_error_copy (run->scan_error) : NULL);
}

void
_culprit_refresh_run_in_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Run *run = task_data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(CulpritStore) store = NULL;
  GError *error = NULL;

  g_main_context_push_thread_default (context);
  run->loop = g_main_loop_new (context, FALSE);
  run->started = g_get_monotonic_time ();

  store = culprit_store_open (run->path, &error);
  if (store != NULL && run->mode != MODE_SCAN && !fetch (run, store, cancellable, &error))
    g_clear_object (&store);

  /* scan what was fetched, even after a partial fetch */
  if (store != NULL && !g_cancellable_is_cancelled (cancellable))
    scan (run, store, cancellable);

  while (g_main_context_iteration (context, FALSE))
    ;
  g_clear_pointer (&run->loop, g_main_loop_unref);
  g_clear_object (&store);
  g_main_context_pop_thread_default (context);

  if (error == NULL && run->error != NULL)
    error = g_error_copy (run->error);
  if (error == NULL && run->scan_error != NULL)
    error = g_error_copy (run->scan_error);
  if (error == NULL)
    g_cancellable_set_error_if_cancelled (cancellable, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}
