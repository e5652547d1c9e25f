/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-fetcher"

#include "config.h"

#include <errno.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "culprit-build-private.h"
#include "culprit-fetcher.h"
#include "culprit-line.h"
#include "culprit-log-codec.h"
#include "culprit-log-sketch.h"
#include "culprit-store.h"

/* Fetches what is new for a repository into the store. Each branch's
 * build list is paged newest first until a short page or the requested
 * count, skipping the builds an earlier run listed (see "Listing"). Every
 * listed build is stored at once; the failed ones are "pending" until
 * their detail and failed step's log are fetched, which finishes them in
 * one transaction. Builds still pending from an interrupted run are
 * finished first. All
 * network work runs on the caller's main context (through the client's
 * bounded queue), and so do the writes to the store: a caller that must
 * not block runs it in a thread of its own, as CulpritRefresh does.
 * Compression runs in a thread. */

struct _CulpritFetcher
{
  GObject                   parent_instance;

  CulpritStore             *store;
  CulpritCircleci          *client;
  char                     *repo;
  char                    **branches;
  guint                     count;
  CulpritBuildListFilter    filter;
  gsize                     log_cap;
  char                     *cache_dir;
  CulpritFetchProgressFunc  progress_func;
  gpointer                  progress_data;

  /* one run */
  GTask                    *task;
  GCancellable             *cancellable;
  gulong                    cancelled_id;
  guint                     outstanding;
  CulpritFetchProgress      progress;
  GError                   *fatal;
  char                     *first_failure;
  GHashTable               *queued;       /* build ids being finished */
};

G_DEFINE_FINAL_TYPE (CulpritFetcher, culprit_fetcher, G_TYPE_OBJECT)

static void
culprit_fetcher_finalize (GObject *object)
{
  CulpritFetcher *self = (CulpritFetcher *)object;

  g_assert (self->task == NULL);
  g_clear_object (&self->store);
  g_clear_object (&self->client);
  g_clear_pointer (&self->repo, g_free);
  g_clear_pointer (&self->branches, g_strfreev);
  g_clear_pointer (&self->cache_dir, g_free);
  g_clear_pointer (&self->first_failure, g_free);

  G_OBJECT_CLASS (culprit_fetcher_parent_class)->finalize (object);
}

static void
culprit_fetcher_class_init (CulpritFetcherClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = culprit_fetcher_finalize;
}

static void
culprit_fetcher_init (CulpritFetcher *self)
{
  self->count = 100;
  self->log_cap = CULPRIT_FETCHER_DEFAULT_LOG_CAP;
}

CulpritFetcher *
culprit_fetcher_new (CulpritStore    *store,
                     CulpritCircleci *client,
                     const char      *repo)
{
  CulpritFetcher *self;

  g_return_val_if_fail (CULPRIT_IS_STORE (store), NULL);
  g_return_val_if_fail (CULPRIT_IS_CIRCLECI (client), NULL);
  g_return_val_if_fail (repo != NULL, NULL);

  self = g_object_new (CULPRIT_TYPE_FETCHER, NULL);
  self->store = g_object_ref (store);
  self->client = g_object_ref (client);
  self->repo = g_strdup (repo);
  self->branches = g_new0 (char *, 1);
  return self;
}

/**
 * culprit_fetcher_set_branches:
 * @branches: branches such as `master` and `pull/123`; none means all
 */
void
culprit_fetcher_set_branches (CulpritFetcher     *self,
                              const char * const *branches)
{
  g_return_if_fail (CULPRIT_IS_FETCHER (self));
  g_strfreev (self->branches);
  self->branches = branches ? g_strdupv ((char **)branches) : g_new0 (char *, 1);
}

/**
 * culprit_fetcher_set_count:
 *
 * At most this many builds are listed per branch in one run.
 */
void
culprit_fetcher_set_count (CulpritFetcher *self,
                           guint           count)
{
  g_return_if_fail (CULPRIT_IS_FETCHER (self));
  self->count = MAX (count, 1);
}

void
culprit_fetcher_set_filter (CulpritFetcher         *self,
                            CulpritBuildListFilter  filter)
{
  g_return_if_fail (CULPRIT_IS_FETCHER (self));
  self->filter = filter;
}

/**
 * culprit_fetcher_set_log_cap:
 *
 * Logs above this size keep their last @cap_bytes, flagged as truncated.
 */
void
culprit_fetcher_set_log_cap (CulpritFetcher *self,
                             gsize           cap_bytes)
{
  g_return_if_fail (CULPRIT_IS_FETCHER (self));
  self->log_cap = cap_bytes;
}

/**
 * culprit_fetcher_set_cache_dir:
 * @cache_dir: (nullable): a folder that keeps downloaded logs, so that a
 *   rebuilt store need not download them again
 */
void
culprit_fetcher_set_cache_dir (CulpritFetcher *self,
                               const char     *cache_dir)
{
  g_return_if_fail (CULPRIT_IS_FETCHER (self));
  g_free (self->cache_dir);
  self->cache_dir = g_strdup (cache_dir);
}

void
culprit_fetcher_set_progress_func (CulpritFetcher           *self,
                                   CulpritFetchProgressFunc  func,
                                   gpointer                  user_data)
{
  g_return_if_fail (CULPRIT_IS_FETCHER (self));
  self->progress_func = func;
  self->progress_data = user_data;
}

/**
 * culprit_fetcher_get_first_failure:
 *
 * Returns: (nullable): the reason the first build was left pending
 */
const char *
culprit_fetcher_get_first_failure (CulpritFetcher *self)
{
  g_return_val_if_fail (CULPRIT_IS_FETCHER (self), NULL);
  return self->first_failure;
}

static void
notify_progress (CulpritFetcher *self)
{
  if (self->progress_func != NULL)
    self->progress_func (&self->progress, self->progress_data);
}

/* Every asynchronous operation holds one count; the run ends at zero. */
static void
hold (CulpritFetcher *self)
{
  self->outstanding++;
}

static void
release (CulpritFetcher *self)
{
  g_autoptr(GTask) task = NULL;

  g_assert (self->outstanding > 0);
  if (--self->outstanding > 0)
    return;

  task = g_steal_pointer (&self->task);
  g_cancellable_disconnect (g_task_get_cancellable (task), self->cancelled_id);
  self->cancelled_id = 0;
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->queued, g_hash_table_unref);
  notify_progress (self);

  if (self->fatal != NULL)
    g_task_return_error (task, g_steal_pointer (&self->fatal));
  else if (g_task_return_error_if_cancelled (task))
    ;
  else
    g_task_return_boolean (task, TRUE);
}

/* A fatal error stops the whole run: nothing more is started. */
static void
set_fatal (CulpritFetcher *self,
           GError         *error)
{
  if (self->fatal == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    self->fatal = g_error_copy (error);
  g_cancellable_cancel (self->cancellable);
}

static gboolean
is_fatal (const GError *error)
{
  return g_error_matches (error, CULPRIT_CIRCLECI_ERROR, CULPRIT_CIRCLECI_ERROR_TOKEN_REFUSED) ||
         g_error_matches (error, CULPRIT_CIRCLECI_ERROR, CULPRIT_CIRCLECI_ERROR_INVALID_REPO) ||
         error->domain == CULPRIT_STORE_ERROR;
}

static void
build_failed (CulpritFetcher *self,
              CulpritBuild   *build,
              GError         *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (is_fatal (error))
    {
      set_fatal (self, error);
      return;
    }
  self->progress.failures++;
  if (self->first_failure == NULL)
    self->first_failure = g_strdup_printf (_("build %" G_GINT64_FORMAT ": %s"),
                                           culprit_build_get_build_num (build), error->message);
  g_debug ("Build %" G_GINT64_FORMAT " stays pending: %s", culprit_build_get_build_num (build),
           error->message);
}

/* Finishing a build: detail, then log, then compress, then store */

typedef struct
{
  CulpritFetcher     *self;
  CulpritBuild       *build;
  CulpritBuildDetail *detail;
  CulpritFetchedLog  *log;
  GBytes             *compressed;
  GBytes             *sketch;
  char               *sha256;
  guint               line_count;
} Finish;

static void
finish_free (Finish *f)
{
  g_clear_object (&f->build);
  g_clear_pointer (&f->detail, culprit_build_detail_free);
  g_clear_pointer (&f->log, culprit_fetched_log_free);
  g_clear_pointer (&f->compressed, g_bytes_unref);
  g_clear_pointer (&f->sketch, g_bytes_unref);
  g_free (f->sha256);
  g_free (f);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Finish, finish_free)

static void
finish_done (Finish *f)
{
  CulpritFetcher *self = f->self;

  self->progress.finished++;
  notify_progress (self);
  finish_free (f);
  release (self);
}

static void
store_result (Finish     *f,
              const char *state,
              gboolean    with_log)
{
  CulpritFetcher *self = f->self;
  CulpritBuildResult result = { 0 };
  g_autoptr(GError) error = NULL;

  result.state = state;
  result.failed_step = f->detail ? f->detail->failed_step : NULL;
  result.job = f->detail ? culprit_build_get_job (f->detail->build) : NULL;
  if (with_log)
    {
      result.compressed_log = f->compressed;
      result.raw_bytes = g_bytes_get_size (f->log->log);
      result.line_count = f->line_count;
      result.truncated = f->log->truncated;
      result.sha256 = f->sha256;
      result.sketch = f->sketch;
    }

  if (!culprit_store_finish_build (self->store, culprit_build_get_id (f->build), &result, &error))
    build_failed (self, f->build, error);
}

static char *
cache_path (CulpritFetcher *self,
            CulpritBuild   *build,
            gboolean        truncated)
{
  g_autofree char *dir = g_strdelimit (g_strdup (self->repo), "/", '_');
  g_autofree char *name = g_strdup_printf ("%" G_GINT64_FORMAT "%s.log",
                                           culprit_build_get_build_num (build),
                                           truncated ? ".tail" : "");

  return g_build_filename (self->cache_dir, dir, name, NULL);
}

static void
compress_in_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  Finish *f = task_data;
  GError *error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (f->log->log, &len);

  f->line_count = culprit_count_lines (data ? data : "", len);
  f->sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, f->log->log);
  f->compressed = culprit_log_compress (data ? data : "", len, &error);
  f->sketch = _culprit_log_sketch_new (data ? data : "", len);
  if (f->compressed == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_compressed (GObject      *object,
               GAsyncResult *result,
               gpointer      data)
{
  Finish *f = data;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    build_failed (f->self, f->build, error);
  else
    {
      f->self->progress.logs_fetched++;
      f->self->progress.log_bytes += g_bytes_get_size (f->log->log);
      store_result (f, f->detail->timedout ? CULPRIT_BUILD_STATE_TIMEOUT : CULPRIT_BUILD_STATE_LOG,
                    TRUE);
    }
  finish_done (f);
}

static void
compress_and_store (Finish *f)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, on_compressed, f);

  if (f->self->cache_dir != NULL)
    {
      g_autofree char *path = cache_path (f->self, f->build, f->log->truncated);
      g_autofree char *dir = g_path_get_dirname (path);
      g_autoptr(GError) error = NULL;
      gsize len;
      const char *data = g_bytes_get_data (f->log->log, &len);

      if (g_mkdir_with_parents (dir, 0700) != 0 ||
          !g_file_set_contents (path, data ? data : "", len, &error))
        g_debug ("Cannot cache %s: %s", path, error ? error->message : g_strerror (errno));
    }

  g_task_set_task_data (task, f, NULL);
  g_task_run_in_thread (task, compress_in_thread);
}

static gboolean
load_cached (Finish *f)
{
  for (guint truncated = 0; truncated < 2; truncated++)
    {
      g_autofree char *path = cache_path (f->self, f->build, truncated);
      char *data = NULL;
      gsize len;

      if (g_file_get_contents (path, &data, &len, NULL))
        {
          f->log = g_new0 (CulpritFetchedLog, 1);
          f->log->log = g_bytes_new_take (data, len);
          f->log->total_bytes = len;
          f->log->truncated = truncated;
          return TRUE;
        }
    }
  return FALSE;
}

static void
on_log (GObject      *object,
        GAsyncResult *result,
        gpointer      data)
{
  g_autoptr(Finish) f = data;
  g_autoptr(GError) error = NULL;

  f->log = culprit_circleci_fetch_log_finish (CULPRIT_CIRCLECI (object), result, &error);
  if (f->log == NULL)
    {
      if (g_error_matches (error, CULPRIT_CIRCLECI_ERROR, CULPRIT_CIRCLECI_ERROR_LOG_GONE))
        store_result (f, f->detail->timedout ? CULPRIT_BUILD_STATE_TIMEOUT
                                             : CULPRIT_BUILD_STATE_NO_LOG, FALSE);
      else
        build_failed (f->self, f->build, error);
      finish_done (g_steal_pointer (&f));
      return;
    }
  compress_and_store (g_steal_pointer (&f));
}

static void got_detail (Finish *f);

static void
on_detail (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(Finish) f = data;
  g_autoptr(GError) error = NULL;

  f->detail = culprit_circleci_get_build_finish (CULPRIT_CIRCLECI (object), result, &error);
  if (f->detail == NULL)
    {
      build_failed (f->self, f->build, error);
      finish_done (g_steal_pointer (&f));
      return;
    }
  got_detail (g_steal_pointer (&f));
}

/* The detail is in: store what it says, or fetch the log first. */
static void
got_detail (Finish *f_)
{
  g_autoptr(Finish) f = f_;

  if (f->detail->failed_step == NULL)
    store_result (f, CULPRIT_BUILD_STATE_NO_FAILED_STEP, FALSE);
  else if (f->detail->output_url == NULL)
    store_result (f, f->detail->timedout ? CULPRIT_BUILD_STATE_TIMEOUT
                                         : CULPRIT_BUILD_STATE_NO_LOG, FALSE);
  else if (f->self->cache_dir != NULL && load_cached (f))
    {
      compress_and_store (g_steal_pointer (&f));
      return;
    }
  else
    {
      CulpritFetcher *self = f->self;
      const char *url = f->detail->output_url;

      culprit_circleci_fetch_log_async (self->client, url, self->log_cap, self->cancellable,
                                        on_log, g_steal_pointer (&f));
      return;
    }
  finish_done (g_steal_pointer (&f));
}

static void
finish_build (CulpritFetcher *self,
              CulpritBuild   *build)
{
  Finish *f;
  gint64 id = culprit_build_get_id (build);

  if (g_hash_table_contains (self->queued, &id))
    return;
  g_hash_table_add (self->queued, g_memdup2 (&id, sizeof id));

  f = g_new0 (Finish, 1);
  f->self = self;
  f->build = g_object_ref (build);
  self->progress.to_finish++;
  hold (self);
  culprit_circleci_get_build_async (self->client, self->repo, culprit_build_get_build_num (build),
                                    self->cancellable, on_detail, f);
}

/* Listing
 *
 * The store keeps, per build list (branch and filter), the range of build
 * numbers already listed. A run walks the list from the top, newest first.
 * The builds above the known range are new; where the walk meets the range,
 * it jumps by offset past it: as new builds shift the offsets of old ones,
 * it asks where the range's oldest build should be now, and checks that it
 * is there, else walks through the range page by page. Then it goes on with
 * older builds until @count builds from the top are stored, or the list
 * ends. The range is extended only once a page is stored, so a run stopped
 * at any moment (Ctrl+C, killed, the server gone) leaves a true record, and
 * the next run lists what it had not. */

typedef enum
{
  WALK_ABOVE,     /* newer than a known range, which the walk has not met yet */
  WALK_VERIFY,    /* jumped to where the known range's oldest build should be */
  WALK_THROUGH,   /* the jump missed: page by page through the known range */
  WALK_ON,        /* listed from the top down: each page extends the range */
} WalkPhase;

typedef struct
{
  CulpritFetcher     *self;
  char               *branch;   /* NULL: all branches */
  WalkPhase           phase;
  CulpritListedRange  known;    /* from earlier runs */
  CulpritListedRange  range;    /* what this run has listed, merged with @known once met */
  gboolean            has_top;  /* range.newest is set */
  guint               offset;   /* of the page asked for */
  guint               asked;
  guint               resume;   /* WALK_THROUGH starts here, after the page that met @known */
} Lister;

static void list_page (Lister *lister,
                       guint   offset);

static void
lister_free (Lister *lister)
{
  g_free (lister->branch);
  g_free (lister);
}

static const char *
filter_name (CulpritBuildListFilter filter)
{
  return filter == CULPRIT_BUILD_FILTER_COMPLETED ? "completed" : "failed";
}

static gint64
num_at (GPtrArray *page,
        guint      i)
{
  return culprit_build_get_build_num (g_ptr_array_index (page, i));
}

static gboolean
record_range (Lister  *lister,
              GError **error)
{
  CulpritFetcher *self = lister->self;

  if (!lister->has_top)
    return TRUE;
  g_debug ("Listed %s %s (%s): %" G_GINT64_FORMAT "..%" G_GINT64_FORMAT ", %u builds%s",
           self->repo, lister->branch ? lister->branch : "(all branches)",
           filter_name (self->filter), lister->range.oldest, lister->range.newest,
           lister->range.n_listed, lister->range.reached_end ? ", to the end" : "");
  return culprit_store_set_listed_range (self->store, self->repo, lister->branch,
                                         filter_name (self->filter), &lister->range, error);
}

/* This run has listed everything from the top down to the page's last build. */
static void
extend_range (Lister    *lister,
              GPtrArray *page,
              gboolean   end)
{
  if (page->len > 0)
    lister->range.oldest = MIN (num_at (page, page->len - 1), lister->range.newest);
  lister->range.n_listed = lister->offset + page->len;
  lister->range.reached_end = end;
}

/* Takes in a stored page; returns the offset of the next page to ask for,
 * or G_MAXUINT when the walk is over. */
static guint
walk (Lister     *lister,
      GPtrArray  *page,
      GError    **error)
{
  CulpritFetcher *self = lister->self;
  guint k = page->len;
  gboolean end = k < lister->asked;
  guint next = end ? G_MAXUINT : lister->offset + k;
  guint i;

  if (lister->offset == 0 && k > 0 && !lister->has_top)
    {
      lister->range.newest = num_at (page, 0);
      lister->range.oldest = lister->range.newest;
      lister->has_top = TRUE;
    }

  switch (lister->phase)
    {
    case WALK_ABOVE:
      for (i = 0; i < k && num_at (page, i) > lister->known.newest; i++)
        ;
      if (i < k && num_at (page, i) < lister->known.oldest)
        {
          /* none of the known range is in the list any more */
          lister->phase = WALK_ON;
          extend_range (lister, page, end);
          break;
        }
      if (i == k)
        {
          /* a walk that ends above the known range records its own */
          if (end || next >= self->count)
            {
              extend_range (lister, page, end);
              if (!record_range (lister, error))
                return G_MAXUINT;
            }
          return next < self->count ? next : G_MAXUINT;
        }

      /* met: the known range follows what this run listed above it */
      lister->range.newest = MAX (lister->range.newest, lister->known.newest);
      lister->range.oldest = lister->known.oldest;
      lister->range.n_listed = lister->offset + i + lister->known.n_listed;
      lister->range.reached_end = lister->known.reached_end;
      lister->resume = lister->offset + k;
      if (!record_range (lister, error))
        return G_MAXUINT;
      if (lister->known.reached_end || lister->range.n_listed >= self->count)
        return G_MAXUINT;

      /* where the known range's oldest build should be now */
      i = lister->range.n_listed - 1;
      if (i >= lister->offset + k)
        {
          lister->phase = WALK_VERIFY;
          return i;
        }
      if (num_at (page, i - lister->offset) == lister->known.oldest)
        {
          lister->phase = WALK_ON;
          if (i + 1 < lister->offset + k || end)
            extend_range (lister, page, end);
          break;
        }
      g_debug ("Build %" G_GINT64_FORMAT " is not at offset %u any more: listing on from %u",
               lister->known.oldest, i, lister->resume);
      lister->phase = WALK_THROUGH;
      if (end)
        {
          lister->range.oldest = MIN (lister->known.oldest, num_at (page, k - 1));
          lister->range.n_listed = lister->offset + k;
          lister->range.reached_end = TRUE;
          break;
        }
      return next < self->count ? next : G_MAXUINT;

    case WALK_VERIFY:
      if (k > 0 && num_at (page, 0) == lister->known.oldest)
        {
          lister->phase = WALK_ON;
          extend_range (lister, page, end);
          break;
        }
      g_debug ("Build %" G_GINT64_FORMAT " is not at offset %u any more: listing again from %u",
               lister->known.oldest, lister->offset, lister->resume);
      lister->phase = WALK_THROUGH;
      return lister->resume < self->count ? lister->resume : G_MAXUINT;

    case WALK_THROUGH:
      if (k > 0 && num_at (page, k - 1) < lister->known.oldest)
        {
          /* past the known range: listed from the top down */
          lister->phase = WALK_ON;
          extend_range (lister, page, end);
        }
      else if (end)
        {
          lister->range.oldest = k > 0 ? MIN (lister->known.oldest, num_at (page, k - 1))
                                       : lister->known.oldest;
          lister->range.n_listed = lister->offset + k;
          lister->range.reached_end = TRUE;
        }
      else
        return next < self->count ? next : G_MAXUINT;   /* still inside: nothing new to record */
      break;

    case WALK_ON:
    default:
      extend_range (lister, page, end);
      break;
    }

  if (!record_range (lister, error))
    return G_MAXUINT;
  return next < self->count ? next : G_MAXUINT;
}

static void
on_page (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  Lister *lister = data;
  CulpritFetcher *self = lister->self;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;
  guint n_added = 0;
  guint next;

  page = culprit_circleci_list_builds_finish (CULPRIT_CIRCLECI (object), result, &error);
  if (page == NULL)
    {
      set_fatal (self, error);
      goto done;
    }

  /* stored before the range may grow over it */
  if (!culprit_store_add_builds (self->store, page, &n_added, &error))
    {
      set_fatal (self, error);
      goto done;
    }

  self->progress.builds_listed += page->len;
  self->progress.builds_new += n_added;

  for (guint i = 0; i < page->len; i++)
    {
      CulpritBuild *b = g_ptr_array_index (page, i);

      if (g_strcmp0 (culprit_build_get_state (b), "pending") == 0 && culprit_build_is_failed (b))
        finish_build (self, b);
    }
  notify_progress (self);

  next = walk (lister, page, &error);
  if (error != NULL)
    {
      set_fatal (self, error);
      goto done;
    }

  if (next != G_MAXUINT && !g_cancellable_is_cancelled (self->cancellable))
    {
      list_page (lister, next);
      return;
    }

done:
  lister_free (lister);
  release (self);
}

static void
list_page (Lister *lister,
           guint   offset)
{
  CulpritFetcher *self = lister->self;

  g_assert (offset < self->count);
  lister->offset = offset;
  lister->asked = MIN (CULPRIT_CIRCLECI_PAGE_SIZE, self->count - offset);
  culprit_circleci_list_builds_async (self->client, self->repo, lister->branch, self->filter,
                                      offset, lister->asked, self->cancellable, on_page, lister);
}

static gboolean
start_lister (CulpritFetcher  *self,
              const char      *branch,
              GError         **error)
{
  Lister *lister;
  CulpritListedRange known;
  gboolean found;

  if (!culprit_store_get_listed_range (self->store, self->repo, branch, filter_name (self->filter),
                                       &known, &found, error))
    return FALSE;

  lister = g_new0 (Lister, 1);
  lister->self = self;
  lister->branch = g_strdup (branch);
  if (found && known.n_listed > 0 && known.oldest <= known.newest)
    {
      lister->known = known;
      lister->phase = WALK_ABOVE;
    }
  else
    lister->phase = WALK_ON;
  hold (self);
  list_page (lister, 0);
  return TRUE;
}

static void
on_cancelled (GCancellable *cancellable,
              gpointer      data)
{
  CulpritFetcher *self = data;

  g_cancellable_cancel (self->cancellable);
}

/* Sets up a run, which holds one count until everything is started. */
static void
start_run (CulpritFetcher      *self,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data,
           gpointer             source_tag)
{
  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, source_tag);
  self->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    self->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), self, NULL);
  memset (&self->progress, 0, sizeof self->progress);
  g_clear_pointer (&self->first_failure, g_free);
  self->queued = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  hold (self);
}

/**
 * culprit_fetcher_run_async:
 *
 * Fetches what is new. Cancelling stops cleanly: what was finished stays,
 * and a next run resumes the builds still pending.
 */
void
culprit_fetcher_run_async (CulpritFetcher      *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (CULPRIT_IS_FETCHER (self));
  g_return_if_fail (self->task == NULL);

  start_run (self, cancellable, callback, user_data, culprit_fetcher_run_async);

  if (!culprit_circleci_check_repo (self->repo, &error) ||
      !culprit_store_track_repository (self->store, self->repo, NULL,
                                       (const char * const *)self->branches, &error))
    {
      set_fatal (self, error);
      release (self);
      return;
    }

  pending = culprit_store_list_pending_builds (self->store, self->repo, &error);
  if (pending == NULL)
    {
      set_fatal (self, error);
      release (self);
      return;
    }
  for (guint i = 0; i < pending->len; i++)
    if (culprit_build_is_failed (g_ptr_array_index (pending, i)))
      finish_build (self, g_ptr_array_index (pending, i));

  if (self->branches[0] == NULL && !start_lister (self, NULL, &error))
    set_fatal (self, error);
  for (guint i = 0; self->branches[i] && self->fatal == NULL; i++)
    if (!start_lister (self, self->branches[i], &error))
      set_fatal (self, error);

  release (self);
}

/* One build: its detail is its summary too. A build still running is not
 * stored (a later listing takes it); one finished before is left alone. */
static void
on_single_detail (GObject      *object,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(Finish) f = data;
  CulpritFetcher *self = f->self;
  g_autoptr(GPtrArray) builds = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  guint n_added = 0;

  f->detail = culprit_circleci_get_build_finish (CULPRIT_CIRCLECI (object), result, &error);
  if (f->detail == NULL)
    goto fail;
  if (culprit_build_get_outcome (f->detail->build) == NULL)
    goto done;

  g_ptr_array_add (builds, f->detail->build);
  if (!culprit_store_add_builds (self->store, builds, &n_added, &error))
    goto fail;
  self->progress.builds_listed++;
  self->progress.builds_new += n_added;
  if (g_strcmp0 (culprit_build_get_state (f->detail->build), "pending") == 0 &&
      culprit_build_is_failed (f->detail->build))
    {
      f->build = g_object_ref (f->detail->build);
      self->progress.to_finish++;
      notify_progress (self);
      got_detail (g_steal_pointer (&f));
      return;
    }
  goto done;

fail:
  set_fatal (self, error);
done:
  notify_progress (self);
  release (self);
}

/**
 * culprit_fetcher_fetch_build_async:
 *
 * Fetches one build: its detail, and when it failed, its failed step's
 * log; stores and finishes it. Finish with culprit_fetcher_run_finish().
 */
void
culprit_fetcher_fetch_build_async (CulpritFetcher      *self,
                                   gint64               build_num,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  Finish *f;

  g_return_if_fail (CULPRIT_IS_FETCHER (self));
  g_return_if_fail (self->task == NULL);
  g_return_if_fail (build_num > 0);

  start_run (self, cancellable, callback, user_data, culprit_fetcher_fetch_build_async);

  if (!culprit_circleci_check_repo (self->repo, &error))
    {
      set_fatal (self, error);
      release (self);
      return;
    }

  f = g_new0 (Finish, 1);
  f->self = self;
  hold (self);
  culprit_circleci_get_build_async (self->client, self->repo, build_num, self->cancellable,
                                    on_single_detail, f);
  release (self);
}

/**
 * culprit_fetcher_run_finish:
 * @totals: (out caller-allocates) (optional): what the run did
 */
gboolean
culprit_fetcher_run_finish (CulpritFetcher        *self,
                            GAsyncResult          *result,
                            CulpritFetchProgress  *totals,
                            GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (totals != NULL)
    *totals = self->progress;
  return g_task_propagate_boolean (G_TASK (result), error);
}
