/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Annotations: a failure marked as a known problem by build, by commit or
 * by job across a range of commits counts as one in reports, with its
 * issue link; removing the mark undoes it. */
#include "config.h"

#include "culprit-store-private.h"
#include "culprit-test-util.h"

#define REPO "github/acme/rocket"

/* Commits c1..c5 on main, queued in that order, each built by the jobs
 * "build" and "test"; "build" fails on c2, c3 and c4, "test" on c3. The
 * branch "feature" also built c3, and failed. */
static CulpritStore *
make_store (void)
{
  g_autofree char *dir = culprit_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "annotations.db", NULL);
  g_autoptr(GError) error = NULL;
  CulpritStore *store = culprit_store_open (path, &error);
  guint num = 0;

  g_assert_no_error (error);
  for (guint c = 1; c <= 5; c++)
    {
      const char *jobs[] = { "build", "test" };

      for (guint j = 0; j < G_N_ELEMENTS (jobs); j++)
        {
          gboolean failed = j == 0 ? (c >= 2 && c <= 4) : c == 3;
          g_autofree char *sql = NULL;

          sql = g_strdup_printf ("INSERT INTO builds (repo, build_num, branch, job, vcs_revision, "
                                 "queued_at, outcome, state) VALUES ('" REPO "', %u, 'main', '%s', "
                                 "'c%u', %u, '%s', '%s')",
                                 ++num, jobs[j], c, 1000 * c + j, failed ? "failed" : "success",
                                 failed ? "timeout" : "passed");
          g_assert_true (_culprit_store_exec (store, sql, &error));
          g_assert_no_error (error);
        }
    }
  g_assert_true (_culprit_store_exec (store,
                                      "INSERT INTO builds (repo, build_num, branch, job, vcs_revision, "
                                      "queued_at, outcome, state) VALUES ('" REPO "', 100, 'feature', "
                                      "'build', 'c3', 2500, 'failed', 'timeout')", &error));
  g_assert_no_error (error);
  return store;
}

static guint
count_known (CulpritStore *store)
{
  g_autoptr(GError) error = NULL;
  CulpritReport *report = culprit_report_new (store, NULL, &error);
  guint n;

  g_assert_no_error (error);
  n = culprit_report_get_category (report, CULPRIT_CATEGORY_KNOWN_PROBLEM);
  g_assert_cmpuint (culprit_report_get_failed (report), ==, 5);
  culprit_report_free (report);
  return n;
}

static gint64
build_id (CulpritStore *store,
          const char   *branch,
          const char   *job,
          const char   *revision)
{
  g_autoptr(GPtrArray) builds = culprit_store_list_builds (store, NULL, NULL);

  for (guint i = 0; i < builds->len; i++)
    {
      CulpritBuild *b = builds->pdata[i];

      if (g_str_equal (culprit_build_get_branch (b), branch) &&
          g_str_equal (culprit_build_get_job (b), job) &&
          g_str_equal (culprit_build_get_vcs_revision (b), revision))
        return culprit_build_get_id (b);
    }
  g_assert_not_reached ();
}

static void
test_by_build (void)
{
  g_autoptr(CulpritStore) store = make_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) annotations = NULL;
  gint64 id = build_id (store, "main", "build", "c2");
  CulpritAnnotation *a;

  g_assert_cmpuint (count_known (store), ==, 0);
  g_assert_true (culprit_store_annotate_build_full (store, id, CULPRIT_CATEGORY_KNOWN_PROBLEM,
                                                    "staging DNS is down",
                                                    "https://example.com/issues/42", "alice", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_known (store), ==, 1);

  annotations = culprit_store_list_annotations (store, "main", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (annotations->len, ==, 1);
  a = annotations->pdata[0];
  g_assert_cmpint (a->build_id, ==, id);
  g_assert_cmpstr (a->note, ==, "staging DNS is down");
  g_assert_cmpstr (a->issue_url, ==, "https://example.com/issues/42");
  g_assert_cmpstr (a->author, ==, "alice");

  /* the old function replaces it, without a link */
  g_assert_true (culprit_store_annotate_build (store, id, CULPRIT_CATEGORY_KNOWN_PROBLEM, "still down",
                                               NULL, &error));
  g_clear_pointer (&annotations, g_ptr_array_unref);
  annotations = culprit_store_list_annotations (store, NULL, &error);
  g_assert_cmpuint (annotations->len, ==, 1);
  a = annotations->pdata[0];
  g_assert_cmpstr (a->note, ==, "still down");
  g_assert_null (a->issue_url);
  g_assert_null (a->author);

  g_assert_false (culprit_store_annotate_build_full (store, 9999, CULPRIT_CATEGORY_KNOWN_PROBLEM, "x",
                                                     NULL, NULL, &error));
  g_assert_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_NOT_FOUND);

  g_assert_true (culprit_store_remove_annotation (store, id, NULL));
  g_assert_cmpuint (count_known (store), ==, 0);
}

static void
test_by_commit (void)
{
  g_autoptr(CulpritStore) store = make_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) annotations = NULL;
  guint n = 99;

  /* every failed build of c3: two jobs on main and one on feature */
  g_assert_true (culprit_store_annotate_commit (store, REPO, "c3", CULPRIT_CATEGORY_KNOWN_PROBLEM,
                                                "linker OOM", "https://example.com/issues/7", "bob",
                                                &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpuint (count_known (store), ==, 3);
  annotations = culprit_store_list_annotations (store, "main", &error);
  g_assert_cmpuint (annotations->len, ==, 2);
  for (guint i = 0; i < annotations->len; i++)
    g_assert_cmpstr (((CulpritAnnotation *)annotations->pdata[i])->issue_url, ==,
                     "https://example.com/issues/7");

  /* a commit that passed: nothing to mark */
  g_assert_true (culprit_store_annotate_commit (store, REPO, "c1", CULPRIT_CATEGORY_KNOWN_PROBLEM,
                                                "", NULL, NULL, &n, &error));
  g_assert_cmpuint (n, ==, 0);

  /* an unknown commit is an error */
  g_assert_false (culprit_store_annotate_commit (store, REPO, "nope", CULPRIT_CATEGORY_KNOWN_PROBLEM,
                                                 "", NULL, NULL, &n, &error));
  g_assert_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_NOT_FOUND);
  g_assert_cmpuint (n, ==, 0);

  g_assert_true (culprit_store_remove_annotation (store, build_id (store, "feature", "build", "c3"), NULL));
  g_assert_cmpuint (count_known (store), ==, 2);
}

static void
test_by_job_range (void)
{
  g_autoptr(CulpritStore) store = make_store ();
  g_autoptr(GError) error = NULL;
  guint n = 99;

  /* "build" on main from c4 back to c2: c2, c3, c4; not "test", not feature */
  g_assert_true (culprit_store_annotate_job_range (store, REPO, "main", "build", "c4", "c2",
                                                   CULPRIT_CATEGORY_KNOWN_PROBLEM, "flaky runner",
                                                   NULL, "carol", &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpuint (count_known (store), ==, 3);

  /* the other order, a narrower range: the same builds again */
  g_assert_true (culprit_store_annotate_job_range (store, REPO, "main", "build", "c3", "c4",
                                                   CULPRIT_CATEGORY_KNOWN_PROBLEM, "flaky runner",
                                                   NULL, "carol", &n, &error));
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (count_known (store), ==, 3);

  /* one commit: just that build */
  g_assert_true (culprit_store_annotate_job_range (store, REPO, "main", "test", "c3", "c3",
                                                   CULPRIT_CATEGORY_KNOWN_PROBLEM, "", NULL, NULL,
                                                   &n, &error));
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (count_known (store), ==, 4);

  /* a commit that is not on the branch: nothing changes */
  g_assert_false (culprit_store_annotate_job_range (store, REPO, "feature", "build", "c3", "c5",
                                                    CULPRIT_CATEGORY_KNOWN_PROBLEM, "", NULL, NULL,
                                                    &n, &error));
  g_assert_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_NOT_FOUND);
  g_assert_cmpuint (n, ==, 0);
  g_assert_cmpuint (count_known (store), ==, 4);

  g_assert_true (culprit_store_remove_annotation (store, build_id (store, "main", "build", "c2"), NULL));
  g_assert_true (culprit_store_remove_annotation (store, build_id (store, "main", "test", "c3"), NULL));
  g_assert_cmpuint (count_known (store), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/culprit/annotations/by-build", test_by_build);
  g_test_add_func ("/culprit/annotations/by-commit", test_by_commit);
  g_test_add_func ("/culprit/annotations/by-job-range", test_by_job_range);
  return g_test_run ();
}
