/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-cli"

#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "culprit-cli-private.h"

/* culprit-cli scan: fetch what is new from CircleCI, then scan it. The
 * work is CulpritRefresh's; this prints what it reports. */

#define EXIT_INTERRUPTED 130

typedef struct
{
  GMainLoop            *loop;
  GCancellable         *cancellable;
  GAsyncResult         *result;
  gboolean              tty;
  gint64                started;     /* of the fetch, then of the scan */
  gint64                last_draw;
  CulpritRefreshStage   stage;
  gboolean              interrupted;
  gboolean              reported;    /* an error is printed */
  int                   status;
} Run;

static gboolean
on_sigint (gpointer data)
{
  Run *run = data;

  if (!run->interrupted)
    g_printerr (_("\nStopping… (what is done is kept; run the same command again to resume)\n"));
  run->interrupted = TRUE;
  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_CONTINUE;
}

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  Run *run = data;

  run->result = g_object_ref (result);
  g_main_loop_quit (run->loop);
}

static char *
format_eta (double seconds)
{
  if (seconds < 0 || seconds > 99 * 3600)
    return g_strdup ("?");
  return g_strdup_printf ("%u:%02u", (guint)seconds / 60, (guint)seconds % 60);
}

static gboolean
should_draw (Run *run)
{
  gint64 now = g_get_monotonic_time ();

  if (!run->tty || now - run->last_draw < 100 * 1000)
    return FALSE;
  run->last_draw = now;
  return TRUE;
}

static void
draw_fetch (Run                        *run,
            const CulpritRefreshTotals *p)
{
  double elapsed = (g_get_monotonic_time () - run->started) / 1e6;
  double rate = elapsed > 0 ? p->log_bytes / elapsed : 0;
  double per_build = p->builds_finished ? elapsed / p->builds_finished : 0;
  g_autofree char *size = g_format_size (p->log_bytes);
  g_autofree char *speed = g_format_size ((guint64)rate);
  g_autofree char *eta = format_eta (per_build * (p->builds_to_finish - p->builds_finished));

  fprintf (stderr, _("\r\033[KFetching: %u builds listed, %u new · failed builds %u/%u · "
                     "logs %u (%s, %s/s) · ETA %s"),
           p->builds_listed, p->builds_new, p->builds_finished, p->builds_to_finish,
           p->logs_fetched, size, speed, eta);
  fflush (stderr);
}

static void
draw_scan (Run                        *run,
           const CulpritRefreshTotals *p)
{
  double elapsed = (g_get_monotonic_time () - run->started) / 1e6;
  double rate = elapsed > 0 ? p->bytes_scanned / elapsed : 0;
  g_autofree char *size = g_format_size (p->bytes_scanned);
  g_autofree char *speed = g_format_size ((guint64)rate);
  g_autofree char *eta = format_eta (rate > 0 ? (p->bytes_to_scan - p->bytes_scanned) / rate : -1);

  fprintf (stderr, _("\r\033[KScanning: %u/%u builds · %s (%s/s) · ETA %s"),
           p->builds_scanned, p->builds_to_scan, size, speed, eta);
  fflush (stderr);
}

static void
on_progress (CulpritRefresh *refresh,
             GParamSpec     *pspec,
             Run            *run)
{
  CulpritRefreshStage stage = culprit_refresh_get_stage (refresh);
  CulpritRefreshTotals totals;

  if (stage != run->stage && stage == CULPRIT_REFRESH_STAGE_SCANNING)
    run->started = g_get_monotonic_time ();
  run->stage = stage;

  if (stage == CULPRIT_REFRESH_STAGE_IDLE || !should_draw (run))
    return;
  culprit_refresh_get_totals (refresh, &totals);
  if (stage == CULPRIT_REFRESH_STAGE_FETCHING)
    draw_fetch (run, &totals);
  else
    draw_scan (run, &totals);
}

static void
end_progress_line (Run *run)
{
  if (run->tty)
    fputs ("\r\033[K", stderr);
}

static void
fail (Run *run)
{
  run->status = CULPRIT_CLI_EXIT_FAILURE;
  run->reported = TRUE;
}

static void
on_repository_fetched (CulpritRefresh *refresh,
                       const char     *repo,
                       const GError   *error,
                       Run            *run)
{
  const GError *token_error = culprit_refresh_get_token_error (refresh);
  g_autofree char *size = NULL;
  CulpritRefreshTotals totals;

  end_progress_line (run);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL && !g_error_matches (error, CULPRIT_REFRESH_ERROR,
                                         CULPRIT_REFRESH_ERROR_BUILDS_LEFT_PENDING))
    {
      if (token_error != NULL &&
          g_error_matches (error, CULPRIT_CIRCLECI_ERROR, CULPRIT_CIRCLECI_ERROR_TOKEN_REFUSED))
        g_printerr ("culprit-cli: %s\n", token_error->message);
      culprit_cli_error (CULPRIT_CLI_EXIT_FAILURE, "%s", error->message);
      fail (run);
      return;
    }

  culprit_refresh_get_totals (refresh, &totals);
  size = g_format_size (totals.log_bytes);
  g_print (_("Fetched %s: %u builds listed, %u new; %u failed builds finished, %u logs (%s) "
             "in %.1f s; %u requests, %u retries\n"),
           repo, totals.builds_listed, totals.builds_new,
           totals.builds_finished - totals.fetch_failures, totals.logs_fetched, size,
           totals.fetch_seconds, totals.n_requests, totals.n_retries);
  if (totals.fetch_failures > 0)
    {
      g_printerr (g_dngettext (GETTEXT_PACKAGE,
                               "culprit-cli: %u build could not be fetched and stays pending; "
                               "run again to retry (%s)\n",
                               "culprit-cli: %u builds could not be fetched and stay pending; "
                               "run again to retry (first: %s)\n", totals.fetch_failures),
                  totals.fetch_failures, culprit_refresh_get_first_failure (refresh));
      fail (run);
    }
}

static void
on_scan_finished (CulpritRefresh *refresh,
                  const GError   *error,
                  Run            *run)
{
  g_autofree char *size = NULL;
  CulpritRefreshTotals stats;

  end_progress_line (run);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    {
      culprit_cli_error (CULPRIT_CLI_EXIT_FAILURE, "%s", error->message);
      fail (run);
      return;
    }

  culprit_refresh_get_totals (refresh, &stats);
  size = g_format_size (stats.bytes_scanned);
  /* two counts, each with its own plural */
  g_print (g_dngettext (GETTEXT_PACKAGE, "Scanned %u build (%s) in %.2f s",
                        "Scanned %u builds (%s) in %.2f s", stats.builds_scanned),
           stats.builds_scanned, size, stats.scan_seconds);
  g_print (g_dngettext (GETTEXT_PACKAGE, ": %u match", ": %u matches", stats.matches), stats.matches);
  if (stats.builds_ruled_out > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE,
                          " (%u log not read: it cannot hold the new patterns’ text)",
                          " (%u logs not read: they cannot hold the new patterns’ text)",
                          stats.builds_ruled_out), stats.builds_ruled_out);
  if (stats.problems > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE, ", %u line where a pattern gave up",
                          ", %u lines where a pattern gave up", stats.problems), stats.problems);
  g_print ("\n");
  if (stats.failed_logs > 0)
    {
      culprit_cli_error (CULPRIT_CLI_EXIT_FAILURE,
                         g_dngettext (GETTEXT_PACKAGE,
                                      "%u stored log could not be read; its build stays unscanned",
                                      "%u stored logs could not be read; their builds stay unscanned",
                                      stats.failed_logs),
                         stats.failed_logs);
      fail (run);
    }
}

int
culprit_cli_scan (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CulpritStore) store = NULL;
  g_autoptr(CulpritRefresh) refresh = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  g_autofree char *repo = NULL;
  g_autofree char *api_url = NULL;
  g_autofree char *filter = NULL;
  g_autofree char *cache_dir = NULL;
  g_auto(GStrv) branches = NULL;
  gboolean wipe = FALSE, offline = FALSE, rescan = FALSE;
  int count = 100, jobs = 8, threads = 0, log_cap_mb = 100;
  int status = CULPRIT_CLI_EXIT_OK;
  Run run = { 0 };
  guint sigint, sigterm;
  gboolean ok;
  const GOptionEntry entries[] = {
    { "repo", 'r', 0, G_OPTION_ARG_STRING, &repo, N_("The repository, as github/ORG/REPO"), N_("REPO") },
    { "branch", 'b', 0, G_OPTION_ARG_STRING_ARRAY, &branches,
      N_("A branch to fetch, such as master or pull/123 (repeat for more)"), N_("BRANCH") },
    { "count", 'n', 0, G_OPTION_ARG_INT, &count, N_("List at most N builds per branch (default 100)"), N_("N") },
    { "filter", 0, 0, G_OPTION_ARG_STRING, &filter,
      N_("failed (default), or completed to also learn which builds passed"), N_("FILTER") },
    { "wipe", 0, 0, G_OPTION_ARG_NONE, &wipe, N_("Delete the repository’s stored builds first"), NULL },
    { "offline", 0, 0, G_OPTION_ARG_NONE, &offline, N_("Fetch nothing; scan what is stored"), NULL },
    { "rescan", 0, 0, G_OPTION_ARG_NONE, &rescan, N_("Scan every build with every pattern again"), NULL },
    { "api-url", 0, 0, G_OPTION_ARG_STRING, &api_url,
      N_("The CircleCI service root (default https://circleci.com)"), N_("URL") },
    { "db", 'd', 0, G_OPTION_ARG_FILENAME, &db, N_("The database (default: the per-user one)"), N_("PATH") },
    { "cache-dir", 0, 0, G_OPTION_ARG_FILENAME, &cache_dir,
      N_("Keep downloaded logs in DIR and reuse them"), N_("DIR") },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, N_("Concurrent requests to CircleCI (default 8)"), N_("N") },
    { "scan-threads", 0, 0, G_OPTION_ARG_INT, &threads,
      N_("Threads that scan logs (default: one per processor)"), N_("N") },
    { "log-cap-mb", 0, 0, G_OPTION_ARG_INT, &log_cap_mb,
      N_("Keep at most the last N MB of a log (default 100)"), N_("N") },
    { NULL }
  };

  context = g_option_context_new (_("— fetch new builds from CircleCI and scan them"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Lists the builds of each branch, newest first, down to the newest N (--count), skipping "
      "those that an earlier run listed and going on where an interrupted run stopped; "
      "fetches the failed step’s log of each new failed build; then scans every build that has "
      "not been scanned with the newest patterns.\n\n"
      "The CircleCI token comes from the environment variable CIRCLECI_TOKEN or the keyring "
      "(“culprit-cli token set circleci”); it is never taken from the command line.\n\n"
      "Ctrl+C stops cleanly; running the same command again resumes.\n\n"
      "Example:\n  culprit-cli scan --repo github/pytorch/pytorch --branch master --count 500"));

  if (!culprit_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return culprit_cli_usage_error (context, _("unexpected argument “%s”"), argv[1]);
  if (!offline && repo == NULL)
    return culprit_cli_usage_error (context, _("--repo is required (or --offline)"));
  if (repo != NULL && !culprit_circleci_check_repo (repo, &error))
    return culprit_cli_usage_error (context, "%s", error->message);
  if (filter != NULL && !g_str_equal (filter, "failed") && !g_str_equal (filter, "completed"))
    return culprit_cli_usage_error (context, _("--filter must be failed or completed"));
  if (count < 1 || jobs < 1 || jobs > 64 || threads < 0 || log_cap_mb < 1)
    return culprit_cli_usage_error (context, _("--count, --jobs (1–64), --scan-threads and "
                                               "--log-cap-mb must be positive"));
  if (wipe && repo == NULL)
    return culprit_cli_usage_error (context, _("--wipe needs --repo"));

  if (!(store = culprit_cli_open_store (db, &status)))
    return status;

  if (wipe)
    {
      gint64 n = culprit_store_wipe_builds (store, repo, &error);

      if (n < 0)
        return culprit_cli_error (CULPRIT_CLI_EXIT_FAILURE, "%s", error->message);
      g_print (_("Deleted %" G_GINT64_FORMAT " stored builds of %s\n"), n, repo);
    }

  /* the refresh opens connections of its own */
  refresh = culprit_refresh_new (culprit_store_get_path (store));
  g_clear_object (&store);
  if (!offline)
    culprit_refresh_add_repository (refresh, repo, (const char * const *)branches);
  culprit_refresh_set_api_url (refresh, api_url);
  culprit_refresh_set_count (refresh, count);
  culprit_refresh_set_filter (refresh, g_strcmp0 (filter, "completed") == 0
                                       ? CULPRIT_BUILD_FILTER_COMPLETED
                                       : CULPRIT_BUILD_FILTER_FAILED);
  culprit_refresh_set_max_concurrent (refresh, jobs);
  culprit_refresh_set_log_cap (refresh, (gsize)log_cap_mb * 1024 * 1024);
  culprit_refresh_set_cache_dir (refresh, cache_dir);
  culprit_refresh_set_scan_threads (refresh, threads);
  culprit_refresh_set_rescan (refresh, rescan);

  run.loop = g_main_loop_new (NULL, FALSE);
  run.cancellable = g_cancellable_new ();
  run.tty = isatty (STDERR_FILENO);
  run.status = CULPRIT_CLI_EXIT_OK;
  sigint = g_unix_signal_add (SIGINT, on_sigint, &run);
  sigterm = g_unix_signal_add (SIGTERM, on_sigint, &run);
  g_signal_connect (refresh, "notify", G_CALLBACK (on_progress), &run);
  g_signal_connect (refresh, "repository-fetched", G_CALLBACK (on_repository_fetched), &run);
  g_signal_connect (refresh, "scan-finished", G_CALLBACK (on_scan_finished), &run);

  run.started = g_get_monotonic_time ();
  if (offline)
    culprit_refresh_scan_async (refresh, run.cancellable, on_done, &run);
  else
    culprit_refresh_run_async (refresh, run.cancellable, on_done, &run);
  g_main_loop_run (run.loop);
  end_progress_line (&run);

  if (offline)
    ok = culprit_refresh_scan_finish (refresh, run.result, NULL, &error);
  else
    ok = culprit_refresh_run_finish (refresh, run.result, NULL, &error);
  status = run.status;
  if (!ok && !run.reported && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    status = culprit_cli_error (CULPRIT_CLI_EXIT_FAILURE, "%s", error->message);
  if (run.interrupted || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    status = EXIT_INTERRUPTED;

  g_signal_handlers_disconnect_by_data (refresh, &run);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  g_clear_object (&run.result);
  g_main_loop_unref (run.loop);
  g_object_unref (run.cancellable);

  return status;
}

static gint64
parse_date (const char *text,
            gboolean   *ok)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (text, NULL);

  if (dt == NULL)
    {
      g_autofree char *midnight = g_strconcat (text, "T00:00:00Z", NULL);
      dt = g_date_time_new_from_iso8601 (midnight, NULL);
    }
  *ok = dt != NULL;
  return dt ? g_date_time_to_unix (dt) : 0;
}

typedef struct
{
  char *db, *repo, *branch, *job, *format, *since, *until;
} FilterOptions;

static void
filter_options_clear (FilterOptions *o)
{
  g_free (o->db); g_free (o->repo); g_free (o->branch); g_free (o->job);
  g_free (o->format); g_free (o->since); g_free (o->until);
}

static gboolean
parse_filter (GOptionContext     *context,
              FilterOptions      *o,
              const char * const *formats,
              CulpritBuildFilter *filter,
              int                *status)
{
  gboolean ok = TRUE;

  if (o->format != NULL && !g_strv_contains (formats, o->format))
    {
      g_autofree char *list = g_strjoinv (", ", (char **)formats);
      *status = culprit_cli_usage_error (context, _("unknown format “%s”: use %s"), o->format, list);
      return FALSE;
    }
  filter->repo = o->repo;
  filter->branch = o->branch;
  filter->job = o->job;
  if (o->since)
    filter->since = parse_date (o->since, &ok);
  if (ok && o->until)
    filter->until = parse_date (o->until, &ok);
  if (!ok)
    {
      *status = culprit_cli_usage_error (context, _("dates are YYYY-MM-DD or ISO 8601"));
      return FALSE;
    }
  return TRUE;
}

static void
add_filter_entries (GOptionContext *context,
                    FilterOptions  *o,
                    gboolean        with_dates)
{
  const GOptionEntry entries[] = {
    { "db", 'd', 0, G_OPTION_ARG_FILENAME, &o->db, N_("The database (default: the per-user one)"), N_("PATH") },
    { "repo", 'r', 0, G_OPTION_ARG_STRING, &o->repo, N_("Only this repository"), N_("REPO") },
    { "branch", 'b', 0, G_OPTION_ARG_STRING, &o->branch, N_("Only this branch"), N_("BRANCH") },
    { "job", 'j', 0, G_OPTION_ARG_STRING, &o->job, N_("Only this job"), N_("JOB") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &o->format, N_("Output format"), N_("FORMAT") },
    { NULL }
  };
  const GOptionEntry date_entries[] = {
    { "since", 0, 0, G_OPTION_ARG_STRING, &o->since, N_("Builds queued on or after DATE"), N_("DATE") },
    { "until", 0, 0, G_OPTION_ARG_STRING, &o->until, N_("Builds queued before DATE"), N_("DATE") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (with_dates)
    g_option_context_add_main_entries (context, date_entries, GETTEXT_PACKAGE);
}

static char *
iso_time (gint64 when)
{
  g_autoptr(GDateTime) dt = NULL;

  if (when <= 0)
    return NULL;
  dt = g_date_time_new_from_unix_utc (when);
  return g_date_time_format_iso8601 (dt);
}

static void
add_nullable_string (JsonBuilder *b,
                     const char  *member,
                     const char  *value)
{
  json_builder_set_member_name (b, member);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

int
culprit_cli_builds (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CulpritStore) store = NULL;
  g_autoptr(GPtrArray) builds = NULL;
  g_autoptr(GError) error = NULL;
  const char *formats[] = { "text", "json", NULL };
  CulpritBuildFilter filter = { 0 };
  FilterOptions o = { 0 };
  int status = CULPRIT_CLI_EXIT_OK;

  context = g_option_context_new (_("— list the stored builds"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  add_filter_entries (context, &o, TRUE);
  g_option_context_set_description (context,
    _("Categories: passed; flaky, known-problem or matched (the best match’s pattern is tagged "
      "flaky, known-problem, or neither); timeout (CircleCI says the step timed out); no-log "
      "(the log is gone or empty); no-failed-step (failed, but no step failed); unexplained "
      "(scanned, nothing matched); pending (not fetched or not scanned yet)."));

  if (!culprit_cli_parse (context, &argc, &argv, &status) ||
      !parse_filter (context, &o, formats, &filter, &status))
    goto out;

  if (!(store = culprit_cli_open_existing_store (o.db, &status)))
    goto out;
  builds = culprit_store_list_builds (store, &filter, &error);
  if (builds == NULL)
    {
      status = culprit_cli_error (CULPRIT_CLI_EXIT_FAILURE, "%s", error->message);
      goto out;
    }

  if (g_strcmp0 (o.format, "json") == 0)
    {
      g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "builds");
      json_builder_begin_array (b);
      for (guint i = 0; i < builds->len; i++)
        {
          CulpritBuild *build = g_ptr_array_index (builds, i);
          g_autofree char *queued = iso_time (culprit_build_get_queued_at (build));

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "repo");
          json_builder_add_string_value (b, culprit_build_get_repo (build));
          json_builder_set_member_name (b, "build_num");
          json_builder_add_int_value (b, culprit_build_get_build_num (build));
          add_nullable_string (b, "branch", culprit_build_get_branch (build));
          add_nullable_string (b, "job", culprit_build_get_job (build));
          add_nullable_string (b, "vcs_revision", culprit_build_get_vcs_revision (build));
          add_nullable_string (b, "queued_at", queued);
          add_nullable_string (b, "outcome", culprit_build_get_outcome (build));
          add_nullable_string (b, "category", culprit_build_get_category (build));
          add_nullable_string (b, "failed_step", culprit_build_get_failed_step (build));
          add_nullable_string (b, "best_pattern", culprit_build_get_best_pattern (build));
          json_builder_set_member_name (b, "best_line");
          if (culprit_build_get_best_pattern (build) != NULL)
            json_builder_add_int_value (b, culprit_build_get_best_line (build));
          else
            json_builder_add_null_value (b);
          json_builder_set_member_name (b, "log_bytes");
          json_builder_add_int_value (b, culprit_build_get_log_bytes (build));
          json_builder_set_member_name (b, "log_truncated");
          json_builder_add_boolean_value (b, culprit_build_get_log_truncated (build));
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      text = culprit_cli_json_to_string (root);
      fputs (text, stdout);
      goto out;
    }

  if (builds->len == 0)
    {
      g_print (_("No builds stored. Fetch some with “culprit-cli scan --repo github/ORG/REPO "
                 "--branch master”.\n"));
      goto out;
    }
  g_print ("%8s  %-14s  %-12s  %-8s  %-16s  %-14s  %s\n", _("BUILD"), _("BRANCH"), _("JOB"),
           _("COMMIT"), _("QUEUED"), _("CATEGORY"), _("BEST MATCH"));
  for (guint i = 0; i < builds->len; i++)
    {
      CulpritBuild *build = g_ptr_array_index (builds, i);
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (culprit_build_get_queued_at (build));
      g_autofree char *queued = g_date_time_format (dt, "%Y-%m-%d %H:%M");
      const char *rev = culprit_build_get_vcs_revision (build);

      g_print ("%8" G_GINT64_FORMAT "  %-14s  %-12s  %-8.8s  %-16s  %-14s  %s\n",
               culprit_build_get_build_num (build),
               culprit_build_get_branch (build) ? culprit_build_get_branch (build) : "-",
               culprit_build_get_job (build) ? culprit_build_get_job (build) : "-",
               rev ? rev : "-", queued, culprit_build_get_category (build),
               culprit_build_get_best_pattern (build) ? culprit_build_get_best_pattern (build) : "");
    }

out:
  filter_options_clear (&o);
  return status;
}

int
culprit_cli_report (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CulpritStore) store = NULL;
  g_autoptr(CulpritReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *formats[] = { "text", "json", "csv", NULL };
  CulpritBuildFilter filter = { 0 };
  FilterOptions o = { 0 };
  int status = CULPRIT_CLI_EXIT_OK;

  context = g_option_context_new (_("— how often each cause of failure occurs"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  add_filter_entries (context, &o, TRUE);
  g_option_context_set_description (context,
    _("Counts the failed builds in range by their best match’s pattern, by category, per job "
      "and per week. Formats: text (a table), json, csv (section,name,builds,share,tags,"
      "first_seen,last_seen)."));

  if (!culprit_cli_parse (context, &argc, &argv, &status) ||
      !parse_filter (context, &o, formats, &filter, &status))
    goto out;

  if (!(store = culprit_cli_open_existing_store (o.db, &status)))
    goto out;
  report = culprit_report_new (store, &filter, &error);
  if (report == NULL)
    {
      status = culprit_cli_error (CULPRIT_CLI_EXIT_FAILURE, "%s", error->message);
      goto out;
    }

  if (g_strcmp0 (o.format, "json") == 0)
    {
      g_autoptr(JsonNode) root = culprit_report_to_json (report);
      text = culprit_cli_json_to_string (root);
    }
  else if (g_strcmp0 (o.format, "csv") == 0)
    text = culprit_report_to_csv (report);
  else
    text = culprit_report_to_text (report);
  fputs (text, stdout);

out:
  filter_options_clear (&o);
  return status;
}
