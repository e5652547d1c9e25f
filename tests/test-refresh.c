/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CulpritRefresh, the fetch -> store -> scan pipeline, against
 * culprit-fake-ci on loopback, without GTK. */
#include "config.h"

#include <json-glib/json-glib.h>

#include "culprit-store-private.h"
#include "culprit-test-util.h"

#define REPO "github/demo-org/demo-app"




/* A store that tracks the fake's repository on every branch, with a pattern. */
static char *
new_store (CulpritTestFakeCi *ci)
{
  g_autofree char *dir = culprit_test_make_tmpdir ();
  char *path = g_build_filename (dir, "culprit.db", NULL);
  g_autoptr(CulpritStore) store = NULL;
  g_autoptr(CulpritPattern) dns = culprit_test_pattern ("DNS", "Could not resolve host", FALSE);
  g_autoptr(GError) error = NULL;

  store = culprit_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (culprit_store_add_pattern (store, dns, &error));
  g_assert_no_error (error);
  if (ci != NULL)
    {
      g_assert_true (culprit_store_track_repository (store, REPO, ci->url, NULL, &error));
      g_assert_no_error (error);
    }
  return path;
}

static gint64
query (const char *path,
       const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CulpritStore) store = culprit_store_open (path, &error);

  g_assert_no_error (error);
  return culprit_test_query_int (store, sql);
}


/* What a run showed: the fraction while it ran, the stages, the signals,
 * and which thread they came in. */
typedef struct
{
  CulpritRefresh       *refresh;
  GArray               *fractions;
  GArray               *stages;
  guint                 n_fetched;
  guint                 n_scanned;
  GThread              *thread;          /* where the notifications must come */
  gboolean              wrong_thread;
  guint                 cancel_after;    /* builds listed; 0: never */
  GCancellable         *cancellable;
  GAsyncResult         *result;
} Watch;

#define STAGE(watch, i) g_array_index ((watch)->stages, CulpritRefreshStage, (i))

static void
on_notify (CulpritRefresh *refresh,
           GParamSpec     *pspec,
           Watch          *watch)
{
  CulpritRefreshTotals totals;

  if (g_thread_self () != watch->thread)
    watch->wrong_thread = TRUE;
  if (g_str_equal (pspec->name, "fraction") && culprit_refresh_get_running (refresh))
    {
      double fraction = culprit_refresh_get_fraction (refresh);

      g_array_append_val (watch->fractions, fraction);
    }
  if (g_str_equal (pspec->name, "stage"))
    {
      CulpritRefreshStage stage = culprit_refresh_get_stage (refresh);

      g_array_append_val (watch->stages, stage);
    }

  culprit_refresh_get_totals (refresh, &totals);
  if (watch->cancel_after > 0 && totals.builds_listed >= watch->cancel_after)
    g_cancellable_cancel (watch->cancellable);
}

static void
on_fetched (CulpritRefresh *refresh,
            const char     *repo,
            const GError   *error,
            Watch          *watch)
{
  if (g_thread_self () != watch->thread)
    watch->wrong_thread = TRUE;
  watch->n_fetched++;
}

static void
on_scanned (CulpritRefresh *refresh,
            const GError   *error,
            Watch          *watch)
{
  if (g_thread_self () != watch->thread)
    watch->wrong_thread = TRUE;
  watch->n_scanned++;
}

static void
watch_init (Watch          *watch,
            CulpritRefresh *refresh)
{
  memset (watch, 0, sizeof *watch);
  watch->refresh = refresh;
  watch->fractions = g_array_new (FALSE, FALSE, sizeof (double));
  watch->stages = g_array_new (FALSE, FALSE, sizeof (CulpritRefreshStage));
  watch->thread = g_thread_self ();
  watch->cancellable = g_cancellable_new ();
  g_signal_connect (refresh, "notify", G_CALLBACK (on_notify), watch);
  g_signal_connect (refresh, "repository-fetched", G_CALLBACK (on_fetched), watch);
  g_signal_connect (refresh, "scan-finished", G_CALLBACK (on_scanned), watch);
}

static void
watch_clear (Watch *watch)
{
  g_signal_handlers_disconnect_by_data (watch->refresh, watch);
  g_array_unref (watch->fractions);
  g_array_unref (watch->stages);
  g_clear_object (&watch->cancellable);
  g_clear_object (&watch->result);
}

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  GAsyncResult **slot = data;

  *slot = g_object_ref (result);
}

/* Iterates the thread-default main context until @slot is set. */
static void
wait_for (GAsyncResult **slot)
{
  GMainContext *context = g_main_context_get_thread_default ();

  while (*slot == NULL)
    g_main_context_iteration (context, TRUE);
}

/* Forward only: no unknown fraction after a known one, none smaller; and 1 at the end. */
static void
assert_monotonic (Watch *watch)
{
  double last = -1;

  g_assert_cmpuint (watch->fractions->len, >, 1);
  for (guint i = 0; i < watch->fractions->len; i++)
    {
      double fraction = g_array_index (watch->fractions, double, i);

      if (last >= 0)
        g_assert_cmpfloat (fraction, >=, last);
      last = fraction;
    }
  g_assert_cmpfloat (last, ==, 1);
  g_assert_cmpfloat (culprit_refresh_get_fraction (watch->refresh), ==, 1);
}

static gboolean
run_sync (CulpritRefresh        *refresh,
          Watch                 *watch,
          CulpritRefreshTotals  *totals,
          GError               **error)
{
  culprit_refresh_run_async (refresh, watch->cancellable, on_done, &watch->result);
  g_assert_true (culprit_refresh_get_running (refresh));
  wait_for (&watch->result);
  g_assert_false (culprit_refresh_get_running (refresh));
  g_assert_cmpint (culprit_refresh_get_stage (refresh), ==, CULPRIT_REFRESH_STAGE_IDLE);
  return culprit_refresh_run_finish (refresh, watch->result, totals, error);
}

/* A whole run: the progress only moves forward and ends at 1; the counts
 * are what the store holds. */
static void
test_progress (void)
{
  g_autoptr(CulpritTestFakeCi) ci = culprit_test_fake_ci_start ("--generate", "300", "--seed", "7",
                                        "--latency-ms", "2", NULL);
  g_autofree char *path = new_store (ci);
  g_autoptr(CulpritRefresh) refresh = culprit_refresh_new (path);
  g_autoptr(GError) error = NULL;
  CulpritRefreshTotals totals, props;
  Watch watch;
  guint listed, matches;

  watch_init (&watch, refresh);
  culprit_refresh_set_count (refresh, 1000);
  g_assert_true (run_sync (refresh, &watch, &totals, &error));
  g_assert_no_error (error);
  assert_monotonic (&watch);
  g_assert_false (watch.wrong_thread);
  g_assert_cmpuint (watch.n_fetched, ==, 1);
  g_assert_cmpuint (watch.n_scanned, ==, 1);

  /* fetching, scanning, done */
  g_assert_cmpuint (watch.stages->len, ==, 3);
  g_assert_cmpint (STAGE (&watch, 0), ==, CULPRIT_REFRESH_STAGE_FETCHING);
  g_assert_cmpint (STAGE (&watch, 1), ==, CULPRIT_REFRESH_STAGE_SCANNING);
  g_assert_cmpint (STAGE (&watch, 2), ==, CULPRIT_REFRESH_STAGE_IDLE);

  /* the counts are the store's */
  g_assert_cmpuint (totals.builds_new, >, 50);
  g_assert_cmpuint (totals.builds_new, ==, query (path, "SELECT count(*) FROM builds"));
  g_assert_cmpuint (totals.builds_listed, ==, totals.builds_new);
  g_assert_cmpuint (totals.builds_to_finish, ==, totals.builds_new);   /* failed ones only */
  g_assert_cmpuint (totals.builds_finished, ==, totals.builds_to_finish);
  g_assert_cmpuint (totals.fetch_failures, ==, 0);
  g_assert_cmpuint (totals.logs_fetched, ==, query (path, "SELECT count(*) FROM logs"));
  g_assert_cmpuint (totals.log_bytes, ==, query (path, "SELECT sum(raw_bytes) FROM logs"));
  g_assert_cmpuint (totals.builds_scanned, ==, query (path, "SELECT count(*) FROM logs"));
  g_assert_cmpuint (totals.builds_to_scan, ==, totals.builds_scanned);
  g_assert_cmpuint (totals.bytes_scanned, ==, totals.log_bytes);
  g_assert_cmpuint (totals.matches, >, 0);
  g_assert_cmpuint (totals.matches, ==, query (path, "SELECT count(*) FROM matches"));
  g_assert_cmpuint (query (path, "SELECT count(*) FROM builds WHERE state = 'pending'"), ==, 0);
  g_assert_cmpuint (totals.n_requests, >, totals.builds_new);

  /* the properties say the same */
  culprit_refresh_get_totals (refresh, &props);
  g_assert_cmpuint (props.builds_new, ==, totals.builds_new);
  g_assert_cmpuint (props.logs_fetched, ==, totals.logs_fetched);
  g_assert_cmpuint (props.builds_scanned, ==, totals.builds_scanned);
  g_assert_cmpuint (props.matches, ==, totals.matches);
  g_object_get (refresh, "builds-listed", &listed, "matches", &matches, NULL);
  g_assert_cmpuint (listed, ==, totals.builds_listed);
  g_assert_cmpuint (matches, ==, totals.matches);

  /* a second run finds nothing new */
  g_clear_object (&watch.result);
  g_array_set_size (watch.fractions, 0);
  g_assert_true (run_sync (refresh, &watch, &totals, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (totals.builds_new, ==, 0);
  g_assert_cmpuint (totals.builds_scanned, ==, 0);
  assert_monotonic (&watch);

  watch_clear (&watch);
  g_assert_finalize_object (g_steal_pointer (&refresh));
}

/* Cancelled while it lists, then run again: the store holds exactly what
 * an uninterrupted run stores. */
static void
test_cancel (void)
{
  g_autoptr(CulpritTestFakeCi) ci = culprit_test_fake_ci_start ("--generate", "400", "--seed", "7",
                                        "--latency-ms", "40", NULL);
  g_autofree char *clean_path = new_store (ci);
  g_autofree char *path = new_store (ci);
  g_autofree char *clean = NULL;
  g_autofree char *digest = NULL;
  g_autoptr(GError) error = NULL;
  CulpritRefreshTotals totals;
  guint n_clean, n, n_partial;

  {
    g_autoptr(CulpritRefresh) refresh = culprit_refresh_new (clean_path);
    Watch watch;

    watch_init (&watch, refresh);
    culprit_refresh_set_count (refresh, 1000);
    culprit_refresh_set_filter (refresh, CULPRIT_BUILD_FILTER_COMPLETED);
    culprit_refresh_set_max_concurrent (refresh, 2);
    g_assert_true (run_sync (refresh, &watch, NULL, &error));
    g_assert_no_error (error);
    watch_clear (&watch);
  }
  clean = culprit_test_store_digest (clean_path, &n_clean);
  g_assert_cmpuint (n_clean, >=, 300);

  {
    g_autoptr(CulpritRefresh) refresh = culprit_refresh_new (path);
    Watch watch;

    watch_init (&watch, refresh);
    culprit_refresh_set_count (refresh, 1000);
    culprit_refresh_set_filter (refresh, CULPRIT_BUILD_FILTER_COMPLETED);
    culprit_refresh_set_max_concurrent (refresh, 2);
    watch.cancel_after = 100;   /* the first page */
    g_assert_false (run_sync (refresh, &watch, &totals, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    g_assert_cmpuint (watch.n_scanned, ==, 0);   /* no scan after a cancel */
    g_assert_cmpuint (totals.builds_scanned, ==, 0);
    g_free (culprit_test_store_digest (path, &n_partial));
    g_test_message ("after the cancel: %u builds stored of %u", n_partial, n_clean);
    g_assert_cmpuint (n_partial, >, 0);
    g_assert_cmpuint (n_partial, <, n_clean);
    g_assert_cmpuint (totals.builds_new, ==, n_partial);

    /* the same object runs again */
    watch.cancel_after = 0;
    g_cancellable_reset (watch.cancellable);
    g_clear_object (&watch.result);
    g_assert_true (run_sync (refresh, &watch, &totals, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (totals.builds_new, ==, n_clean - n_partial);
    watch_clear (&watch);
  }
  digest = culprit_test_store_digest (path, &n);
  g_assert_cmpuint (n, ==, n_clean);
  g_assert_cmpstr (digest, ==, clean);
}

/* A start while a run runs fails at once, whichever kind; the first run
 * goes on and succeeds. */
static void
test_second_start (void)
{
  g_autoptr(CulpritTestFakeCi) ci = culprit_test_fake_ci_start ("--generate", "200", "--seed", "3",
                                        "--latency-ms", "20", NULL);
  g_autofree char *path = new_store (ci);
  g_autoptr(CulpritRefresh) refresh = culprit_refresh_new (path);
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GAsyncResult) scan = NULL;
  g_autoptr(GAsyncResult) one = NULL;
  g_autoptr(GError) error = NULL;
  CulpritRefreshTotals totals;

  culprit_refresh_run_async (refresh, NULL, on_done, &first);
  culprit_refresh_run_async (refresh, NULL, on_done, &second);
  culprit_refresh_scan_async (refresh, NULL, on_done, &scan);
  culprit_refresh_fetch_build_async (refresh, REPO, 1, NULL, on_done, &one);
  g_assert_true (culprit_refresh_get_running (refresh));

  wait_for (&second);
  wait_for (&scan);
  wait_for (&one);
  g_assert_null (first);   /* the refusals come before the run ends */
  g_assert_false (culprit_refresh_run_finish (refresh, second, &totals, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
  g_assert_cmpuint (totals.builds_new, ==, 0);
  g_clear_error (&error);
  g_assert_false (culprit_refresh_scan_finish (refresh, scan, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
  g_clear_error (&error);
  g_assert_false (culprit_refresh_fetch_build_finish (refresh, one, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
  g_clear_error (&error);
  g_assert_true (culprit_refresh_get_running (refresh));

  wait_for (&first);
  g_assert_true (culprit_refresh_run_finish (refresh, first, &totals, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (totals.builds_new, >, 0);
  g_assert_cmpuint (totals.builds_new, ==, query (path, "SELECT count(*) FROM builds"));
  g_assert_cmpfloat (culprit_refresh_get_fraction (refresh), ==, 1);
}

/* The first failed build of the truth with a log that the pattern takes */
static gint64
find_dns_build (CulpritTestFakeCi *ci)
{
  JsonArray *builds = json_object_get_array_member (json_node_get_object (ci->truth), "builds");

  for (guint i = 0; i < json_array_get_length (builds); i++)
    {
      JsonObject *b = json_array_get_object_element (builds, i);

      if (g_str_equal (json_object_get_string_member (b, "cause"), "dns") &&
          !json_object_get_boolean_member (b, "log_expired"))
        return json_object_get_int_member (b, "build_num");
    }
  g_assert_not_reached ();
}

/* One build, as the webhook listener asks: fetched, stored, scanned; a
 * second time, nothing new. */
static void
test_one_build (void)
{
  g_autoptr(CulpritTestFakeCi) ci = culprit_test_fake_ci_start ("--generate", "200", "--seed", "3", NULL);
  g_autofree char *path = new_store (NULL);   /* not tracked: the URL is set */
  g_autoptr(CulpritRefresh) refresh = culprit_refresh_new (path);
  g_autoptr(GError) error = NULL;
  gint64 build_num = find_dns_build (ci);
  CulpritRefreshTotals totals;
  Watch watch;

  watch_init (&watch, refresh);
  culprit_refresh_set_api_url (refresh, ci->url);
  culprit_refresh_fetch_build_async (refresh, REPO, build_num, NULL, on_done, &watch.result);
  wait_for (&watch.result);
  g_assert_true (culprit_refresh_fetch_build_finish (refresh, watch.result, &totals, &error));
  g_assert_no_error (error);
  assert_monotonic (&watch);
  g_assert_cmpuint (watch.n_fetched, ==, 1);

  g_assert_cmpuint (totals.builds_listed, ==, 1);
  g_assert_cmpuint (totals.builds_new, ==, 1);
  g_assert_cmpuint (totals.builds_finished, ==, 1);
  g_assert_cmpuint (totals.logs_fetched, ==, 1);
  g_assert_cmpuint (totals.builds_scanned, ==, 1);
  g_assert_cmpuint (totals.matches, >=, 1);
  g_assert_cmpint (query (path, "SELECT count(*) FROM builds"), ==, 1);
  {
    g_autofree char *sql =
      g_strdup_printf ("SELECT count(*) FROM builds b JOIN logs l ON l.build_id = b.id"
                       " JOIN matches m ON m.build_id = b.id"
                       " WHERE b.build_num = %" G_GINT64_FORMAT
                       " AND b.state = 'log' AND b.scanned_through_pattern_id > 0", build_num);
    g_assert_cmpint (query (path, sql), >=, 1);
  }

  g_clear_object (&watch.result);
  culprit_refresh_fetch_build_async (refresh, REPO, build_num, NULL, on_done, &watch.result);
  wait_for (&watch.result);
  g_assert_true (culprit_refresh_fetch_build_finish (refresh, watch.result, &totals, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (totals.builds_new, ==, 0);
  g_assert_cmpuint (totals.logs_fetched, ==, 0);
  g_assert_cmpint (query (path, "SELECT count(*) FROM builds"), ==, 1);

  /* a build CircleCI does not know */
  g_clear_object (&watch.result);
  culprit_refresh_fetch_build_async (refresh, REPO, 999999, NULL, on_done, &watch.result);
  wait_for (&watch.result);
  g_assert_false (culprit_refresh_fetch_build_finish (refresh, watch.result, &totals, &error));
  g_assert_error (error, CULPRIT_CIRCLECI_ERROR, CULPRIT_CIRCLECI_ERROR_NOT_FOUND);
  g_assert_cmpint (query (path, "SELECT count(*) FROM builds"), ==, 1);
  watch_clear (&watch);
}

/* Only the scan: a new pattern over the stored builds, no request made. */
static void
test_scan_only (void)
{
  g_autoptr(CulpritTestFakeCi) ci = culprit_test_fake_ci_start ("--generate", "200", "--seed", "3", NULL);
  g_autofree char *path = new_store (ci);
  g_autoptr(CulpritRefresh) refresh = culprit_refresh_new (path);
  g_autoptr(CulpritPattern) oom = culprit_test_pattern ("OOM", "Killed", FALSE);
  g_autoptr(GError) error = NULL;
  CulpritRefreshTotals totals;
  gint64 before;
  Watch watch;

  watch_init (&watch, refresh);
  g_assert_true (run_sync (refresh, &watch, NULL, &error));
  g_assert_no_error (error);
  before = query (path, "SELECT count(*) FROM matches");

  {
    g_autoptr(CulpritStore) store = culprit_store_open (path, &error);

    g_assert_no_error (error);
    g_assert_true (culprit_store_add_pattern (store, oom, &error));
    g_assert_no_error (error);
  }
  /* the fake is gone: a fetch would fail */
  g_clear_pointer (&ci, culprit_test_fake_ci_stop);

  g_clear_object (&watch.result);
  g_array_set_size (watch.fractions, 0);
  g_array_set_size (watch.stages, 0);
  watch.n_fetched = 0;
  culprit_refresh_scan_async (refresh, NULL, on_done, &watch.result);
  g_assert_cmpint (culprit_refresh_get_stage (refresh), ==, CULPRIT_REFRESH_STAGE_SCANNING);
  wait_for (&watch.result);
  g_assert_true (culprit_refresh_scan_finish (refresh, watch.result, &totals, &error));
  g_assert_no_error (error);
  assert_monotonic (&watch);
  g_assert_cmpuint (watch.n_fetched, ==, 0);
  for (guint i = 0; i < watch.stages->len; i++)
    g_assert_cmpint (STAGE (&watch, i), !=, CULPRIT_REFRESH_STAGE_FETCHING);
  g_assert_cmpuint (totals.builds_listed, ==, 0);
  g_assert_cmpuint (totals.builds_scanned, ==, query (path, "SELECT count(*) FROM logs"));
  g_assert_cmpuint (totals.matches, >, 0);
  g_assert_cmpuint (totals.matches, ==, query (path, "SELECT count(*) FROM matches") - before);
  watch_clear (&watch);
}

typedef struct
{
  const char *path;
  gboolean    ok;
  gboolean    wrong_thread;
  guint       n_fractions;
} ThreadRun;

/* A thread with a main context of its own, as a webhook listener may be. */
static gpointer
run_in_thread (gpointer data)
{
  ThreadRun *tr = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(CulpritRefresh) refresh = NULL;
  g_autoptr(GError) error = NULL;
  Watch watch;

  g_main_context_push_thread_default (context);
  refresh = culprit_refresh_new (tr->path);
  watch_init (&watch, refresh);
  tr->ok = run_sync (refresh, &watch, NULL, &error);
  g_assert_no_error (error);
  tr->wrong_thread = watch.wrong_thread;
  tr->n_fractions = watch.fractions->len;
  watch_clear (&watch);
  g_clear_object (&refresh);
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);
  return NULL;
}

/* Started from a thread-default main context that is not the global one
 * (which nobody iterates here): everything comes back to that context,
 * in its thread. */
static void
test_context (void)
{
  g_autoptr(CulpritTestFakeCi) ci = culprit_test_fake_ci_start ("--generate", "200", "--seed", "3",
                                        "--latency-ms", "2", NULL);
  g_autofree char *path = new_store (ci);
  ThreadRun tr = { path, FALSE, FALSE, 0 };
  GThread *thread = g_thread_new ("refresh-test", run_in_thread, &tr);

  g_thread_join (thread);
  g_assert_true (tr.ok);
  g_assert_false (tr.wrong_thread);
  g_assert_cmpuint (tr.n_fractions, >, 1);
  g_assert_cmpint (query (path, "SELECT count(*) FROM builds WHERE state = 'pending'"), ==, 0);
  g_assert_cmpint (query (path, "SELECT count(*) FROM builds"), >, 0);
  /* nothing was left for the global default context */
  g_assert_false (g_main_context_pending (NULL));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("CULPRIT_SECRETS_TIMEOUT", "2", TRUE);
  /* the fake takes any token; with one, no keyring is asked */
  g_setenv ("CIRCLECI_TOKEN", "test-token", TRUE);

  if (g_getenv ("CULPRIT_FAKE_CI") == NULL)
    g_error ("CULPRIT_FAKE_CI is not set: run this test with meson test");

  g_test_add_func ("/culprit/refresh/progress", test_progress);
  g_test_add_func ("/culprit/refresh/cancel", test_cancel);
  g_test_add_func ("/culprit/refresh/second-start", test_second_start);
  g_test_add_func ("/culprit/refresh/one-build", test_one_build);
  g_test_add_func ("/culprit/refresh/scan-only", test_scan_only);
  g_test_add_func ("/culprit/refresh/context", test_context);

  return g_test_run ();
}
