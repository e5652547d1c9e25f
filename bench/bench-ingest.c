/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-ingest: fetching from a slow CircleCI.
 *
 *   bench-ingest [BUILDS] [LATENCY-MS] [CONCURRENCY]
 *
 * Starts culprit-fake-ci with BUILDS builds (default 1000) and LATENCY-MS of
 * latency on every request (default 50), fetches every failed build's
 * detail and log into a fresh store with CONCURRENCY requests at once
 * (default 8), and prints the wall time, the requests made, and the ratio
 * to the latency-bound ideal (requests x latency / concurrency); then the
 * same with 10% of the requests answered with a 5xx. Prints numbers, never
 * asserts them. */
#include "config.h"

#include <signal.h>
#include <stdlib.h>

#include <glib/gstdio.h>

#include <culprit.h>

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Wait;

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  Wait *wait = data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

static gboolean
run (guint       builds,
     guint       latency_ms,
     guint       concurrency,
     const char *error_rate)
{
  g_autofree char *n = g_strdup_printf ("%u", builds);
  g_autofree char *latency = g_strdup_printf ("%u", latency_ms);
  const char *argv[] = { FAKE_CI, "--generate", n, "--seed", "1", "--latency-ms", latency,
                         "--error-rate", error_rate, NULL };
  g_autoptr(GSubprocess) fake = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autoptr(CulpritStore) store = NULL;
  g_autoptr(CulpritCircleci) client = NULL;
  g_autoptr(CulpritFetcher) fetcher = NULL;
  CulpritFetchProgress totals;
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL };
  const char *suffixes[] = { "", "-wal", "-shm" };
  gint64 start;
  double seconds, ideal;
  guint requests;

  fake = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  if (fake == NULL)
    goto fail;
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (fake));
  line = g_data_input_stream_read_line (lines, NULL, NULL, &error);
  if (line == NULL)
    goto fail;

  dir = g_dir_make_tmp ("bench-ingest-XXXXXX", &error);
  if (dir == NULL)
    goto fail;
  db = g_build_filename (dir, "bench.db", NULL);
  store = culprit_store_open (db, &error);
  if (store == NULL)
    goto fail;

  client = culprit_circleci_new (line + strlen ("listening on "), NULL);
  culprit_circleci_set_max_concurrent (client, concurrency);
  fetcher = culprit_fetcher_new (store, client, "github/demo-org/demo-app");
  culprit_fetcher_set_count (fetcher, builds);

  start = g_get_monotonic_time ();
  culprit_fetcher_run_async (fetcher, NULL, on_done, &wait);
  g_main_loop_run (wait.loop);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  if (!culprit_fetcher_run_finish (fetcher, wait.result, &totals, &error))
    goto fail;

  requests = culprit_circleci_get_n_requests (client);
  ideal = requests * latency_ms / 1000.0 / concurrency;
  g_print ("5xx rate %s: %u builds listed, %u failed builds fetched, %u logs; %u requests (%u retries); "
           "%.2f s; ideal %.2f s; ratio %.2f\n",
           error_rate, totals.builds_listed, totals.finished, totals.logs_fetched, requests,
           culprit_circleci_get_n_retries (client), seconds, ideal, seconds / ideal);

  g_subprocess_send_signal (fake, SIGTERM);
  g_subprocess_wait (fake, NULL, NULL);
  g_clear_object (&wait.result);
  g_main_loop_unref (wait.loop);
  g_clear_object (&fetcher);
  g_clear_object (&store);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (db, suffixes[i], NULL);
      g_unlink (file);
    }
  g_rmdir (dir);
  return TRUE;

fail:
  g_printerr ("bench-ingest: %s\n", error ? error->message : "failed");
  if (fake != NULL)
    g_subprocess_force_exit (fake);
  return FALSE;
}

int
main (int    argc,
      char **argv)
{
  guint builds = argc > 1 ? atoi (argv[1]) : 1000;
  guint latency = argc > 2 ? atoi (argv[2]) : 50;
  guint concurrency = argc > 3 ? atoi (argv[3]) : 8;

  g_print ("bench-ingest: %u builds, %u ms latency per request, %u concurrent requests\n",
           builds, latency, concurrency);
  if (!run (builds, latency, concurrency, "0") || !run (builds, latency, concurrency, "0.1"))
    return 1;
  return 0;
}
