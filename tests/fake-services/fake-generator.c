/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fake-generator"

#include "config.h"

#include <string.h>

#include "fake-generator.h"
#include "fake-log-stream.h"
#include "fake-logs.h"

/*
 * A generated repository: N builds over six weeks before 2026-11-01, in
 * workflows of four jobs on master and pull-request branches, about 70 %
 * passing, each failure with exactly one known cause. Everything derives
 * from (N, seed), never from the clock, so that the ground truth of a run
 * can be written up front and any log regenerated on demand.
 */

#define N_JOBS 4
#define SPAN_DAYS 42

typedef enum
{
  OUTCOME_RUNNING,
  OUTCOME_SUCCESS,
  OUTCOME_FAILED,
  OUTCOME_TIMEDOUT,
  OUTCOME_INFRASTRUCTURE_FAIL,
} Outcome;

typedef struct
{
  guint      build_num;
  char      *branch;
  guint      pr;
  guint8     job;
  guint8     cause;
  guint8     outcome;
  gboolean   fixed;
  gint8      failed_step;       /* -1: none */
  guint8     failed_action;
  guint8     n_steps;
  guint8     parallel;
  gboolean   has_workflows;
  gboolean   timedout_failed;   /* a timed-out action also says failed: true */
  gboolean   expired;
  guint64    target_bytes;      /* of the failing action; 0: its natural size */
  char       vcs_revision[41];
  char       workflow_id[37];
  char       job_id[37];
  const char *subject;
  gint64     queued_ms;
  gint64     start_ms;
  gint64     stop_ms;           /* 0 while running */
  gint64     step_start_ms[FAKE_N_STEPS];
  gint64     step_end_ms[FAKE_N_STEPS];
} Build;

struct _FakeGenerator
{
  GObject  parent_instance;

  char    *org;
  char    *repo;
  guint32  seed;
  double   expire_rate;
  guint    huge_build;          /* 0: none */
  GArray  *builds;              /* Build, index = build_num - 1 */
  guint    n_published;         /* builds above this number are not served yet */
};

static void fake_generator_backend_init (FakeBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FakeGenerator, fake_generator, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (FAKE_TYPE_BACKEND,
                                                      fake_generator_backend_init))

static const char *jobs[N_JOBS] = { "build", "test", "lint", "integration" };

static const char *outcomes[] = { NULL, "success", "failed", "timedout", "infrastructure_fail" };

static const char *subjects[] = {
  "Fix flaky reconnect handling in the websocket client",
  "Bump requests from 2.30.0 to 2.31.0",
  "Add pagination to the /api/items endpoint",
  "Refactor the parser's error recovery",
  "Speed up the cache warm-up",
  "Update CI image to cimg/python:3.12-node",
  "Merge branch 'master' into feature",
  "Handle empty request bodies",
  "Log slow queries",
  "Document the release process",
};

/* Shares of the causes among failed builds, in percent. */
static const struct { FakeCause cause; guint share; } cause_shares[] = {
  { FAKE_CAUSE_DNS, 14 },
  { FAKE_CAUSE_ECONNRESET, 8 },
  { FAKE_CAUSE_PYPI, 8 },
  { FAKE_CAUSE_OOM, 10 },
  { FAKE_CAUSE_FLAKY_WEBSOCKET, 10 },
  { FAKE_CAUSE_TEST_FAILURE, 16 },
  { FAKE_CAUSE_COMPILE_ERROR, 12 },
  { FAKE_CAUSE_TIMEOUT, 8 },
  { FAKE_CAUSE_NO_FAILED_STEP, 3 },
  { FAKE_CAUSE_UNEXPLAINED, 11 },
};

/* Failure probability per job, in percent (30 % on average). */
static const guint job_failure_rates[N_JOBS] = { 28, 36, 18, 38 };

/* Step durations: minimum and spread in seconds. */
static const guint step_seconds[FAKE_N_STEPS][2] = {
  { 5, 35 }, { 1, 9 }, { 2, 28 }, { 20, 160 }, { 60, 540 }, { 60, 840 }, { 1, 9 },
};

static void
random_hex (GRand *rand,
            char  *out,
            guint  digits)
{
  static const char hex[] = "0123456789abcdef";

  for (guint i = 0; i < digits; i++)
    out[i] = hex[g_rand_int_range (rand, 0, 16)];
  out[digits] = '\0';
}

static void
random_uuid (GRand *rand,
             char  *out)
{
  random_hex (rand, out, 36);
  out[8] = out[13] = out[18] = out[23] = '-';
  out[14] = '4';
  out[19] = "89ab"[g_rand_int_range (rand, 0, 4)];
}

static FakeCause
pick_cause (GRand *rand)
{
  guint r = g_rand_int_range (rand, 0, 100);

  for (guint i = 0; i < G_N_ELEMENTS (cause_shares); i++)
    {
      if (r < cause_shares[i].share)
        return cause_shares[i].cause;
      r -= cause_shares[i].share;
    }

  g_assert_not_reached ();
}

static gint8
pick_failed_step (GRand     *rand,
                  FakeCause  cause)
{
  static const FakeStep unexplained_steps[] = { FAKE_STEP_INSTALL, FAKE_STEP_BUILD, FAKE_STEP_TESTS };

  switch (cause)
    {
    case FAKE_CAUSE_DNS:
      return g_rand_boolean (rand) ? FAKE_STEP_CHECKOUT : FAKE_STEP_INSTALL;
    case FAKE_CAUSE_ECONNRESET:
    case FAKE_CAUSE_PYPI:
      return FAKE_STEP_INSTALL;
    case FAKE_CAUSE_OOM:
    case FAKE_CAUSE_COMPILE_ERROR:
      return FAKE_STEP_BUILD;
    case FAKE_CAUSE_FLAKY_WEBSOCKET:
    case FAKE_CAUSE_TEST_FAILURE:
    case FAKE_CAUSE_TIMEOUT:
      return FAKE_STEP_TESTS;
    case FAKE_CAUSE_UNEXPLAINED:
      return unexplained_steps[g_rand_int_range (rand, 0, G_N_ELEMENTS (unexplained_steps))];
    case FAKE_CAUSE_PASSED:
    case FAKE_CAUSE_NO_FAILED_STEP:
    case FAKE_CAUSE_RUNNING:
    case FAKE_N_CAUSES:
    default:
      return -1;
    }
}

static void
build_clear (gpointer data)
{
  Build *build = data;

  g_free (build->branch);
}

static void
generate (FakeGenerator *self,
          guint          n_builds,
          guint          huge_log_mb)
{
  g_autoptr(GDateTime) end = g_date_time_new_utc (2026, 11, 1, 0, 0, 0);
  g_autoptr(GRand) rand = NULL;
  g_autoptr(GArray) prs = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GHashTable) last_failed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint64 end_ms = g_date_time_to_unix (end) * 1000;
  gint64 span_ms = (gint64) SPAN_DAYS * 24 * 3600 * 1000;
  guint n_workflows = (n_builds + N_JOBS - 1) / N_JOBS;
  guint n_running = n_builds >= 20 ? MAX (1, n_builds / 200) : 0;
  guint32 seeds[3] = { self->seed, n_builds, 0x9e4e };

  rand = g_rand_new_with_seed_array (seeds, G_N_ELEMENTS (seeds));
  g_array_set_size (self->builds, n_builds);

  for (guint i = 0, pr = 1000 + g_rand_int_range (rand, 0, 400); i < MAX (3, n_workflows / 6); i++)
    {
      g_array_append_val (prs, pr);
      pr += 1 + g_rand_int_range (rand, 0, 4);
    }

  for (guint w = 0; w < n_workflows; w++)
    {
      gint64 queued_ms = end_ms - span_ms + (gint64) ((w + 0.5) * span_ms / n_workflows);
      char revision[41], workflow_id[37];
      guint pr = 0;

      queued_ms += g_rand_int_range (rand, 0, (gint32) CLAMP (span_ms / n_workflows / 2, 1, G_MAXINT32));
      random_hex (rand, revision, 40);
      random_uuid (rand, workflow_id);
      if (g_rand_boolean (rand))
        {
          gint slot = (gint) ((double) w / n_workflows * prs->len) + g_rand_int_range (rand, -1, 2);

          pr = g_array_index (prs, guint, CLAMP (slot, 0, (gint) prs->len - 1));
        }

      for (guint j = 0; j < N_JOBS && w * N_JOBS + j < n_builds; j++)
        {
          Build *build = &g_array_index (self->builds, Build, w * N_JOBS + j);
          g_autofree char *key = NULL;
          gint64 t;

          build->build_num = w * N_JOBS + j + 1;
          build->pr = pr;
          build->branch = pr ? g_strdup_printf ("pull/%u", pr) : g_strdup ("master");
          build->job = j;
          memcpy (build->vcs_revision, revision, sizeof revision);
          memcpy (build->workflow_id, workflow_id, sizeof workflow_id);
          random_uuid (rand, build->job_id);
          build->subject = subjects[g_rand_int_range (rand, 0, G_N_ELEMENTS (subjects))];
          build->parallel = j == 3 ? 2 : 1;
          build->has_workflows = g_rand_int_range (rand, 0, 100) >= 12;
          build->queued_ms = queued_ms + j * 1000 + g_rand_int_range (rand, 0, 900);
          build->start_ms = build->queued_ms + 1000 + g_rand_int_range (rand, 0, 29000);
          build->failed_step = -1;

          if (build->build_num > n_builds - n_running)
            build->cause = FAKE_CAUSE_RUNNING;
          else if ((guint) g_rand_int_range (rand, 0, 100) < job_failure_rates[j])
            build->cause = pick_cause (rand);
          else
            build->cause = FAKE_CAUSE_PASSED;

          build->failed_step = pick_failed_step (rand, build->cause);
          build->failed_action = g_rand_int_range (rand, 0, build->parallel);
          build->timedout_failed = g_rand_boolean (rand);

          switch ((FakeCause) build->cause)
            {
            case FAKE_CAUSE_PASSED:
              build->outcome = OUTCOME_SUCCESS;
              break;
            case FAKE_CAUSE_RUNNING:
              build->outcome = OUTCOME_RUNNING;
              break;
            case FAKE_CAUSE_TIMEOUT:
              build->outcome = OUTCOME_TIMEDOUT;
              break;
            case FAKE_CAUSE_NO_FAILED_STEP:
              build->outcome = g_rand_boolean (rand) ? OUTCOME_INFRASTRUCTURE_FAIL : OUTCOME_FAILED;
              break;
            default:
              build->outcome = OUTCOME_FAILED;
              break;
            }

          key = g_strdup_printf ("%s %s", build->branch, jobs[j]);
          if (build->outcome == OUTCOME_SUCCESS)
            build->fixed = g_hash_table_contains (last_failed, key);
          if (build->outcome == OUTCOME_SUCCESS)
            g_hash_table_remove (last_failed, key);
          else if (build->outcome != OUTCOME_RUNNING)
            g_hash_table_add (last_failed, g_steal_pointer (&key));

          if (build->failed_step >= 0)
            build->n_steps = build->failed_step + 1;
          else if (build->outcome == OUTCOME_RUNNING)
            build->n_steps = 1 + g_rand_int_range (rand, 0, FAKE_N_STEPS);
          else
            build->n_steps = FAKE_N_STEPS;

          t = build->start_ms;
          for (guint s = 0; s < build->n_steps; s++)
            {
              guint seconds = step_seconds[s][0] + g_rand_int_range (rand, 0, step_seconds[s][1]);

              if (build->cause == FAKE_CAUSE_TIMEOUT && (gint) s == build->failed_step)
                seconds += 600;
              build->step_start_ms[s] = t;
              t += seconds * 1000 + g_rand_int_range (rand, 0, 1000);
              build->step_end_ms[s] = t;
            }
          build->stop_ms = build->outcome == OUTCOME_RUNNING ? 0 : t + 300;

          build->expired = fake_output_is_expired (self->seed, self->expire_rate, build->build_num);
        }
    }

  if (huge_log_mb > 0)
    {
      for (guint i = n_builds; i > 0; i--)
        {
          Build *build = &g_array_index (self->builds, Build, i - 1);

          if (build->failed_step >= 0)
            {
              build->target_bytes = (guint64) huge_log_mb * 1024 * 1024;
              build->expired = FALSE;
              self->huge_build = build->build_num;
              break;
            }
        }
    }
}

static Build *
lookup_build (FakeGenerator *self,
              guint          build_num)
{
  if (build_num == 0 || build_num > self->n_published)
    return NULL;

  return &g_array_index (self->builds, Build, build_num - 1);
}

static void
log_spec_init (FakeGenerator *self,
               const Build   *build,
               guint          step,
               guint          action,
               FakeLogSpec   *spec)
{
  gboolean failing = (gint) step == build->failed_step && action == build->failed_action;

  memset (spec, 0, sizeof *spec);
  spec->org = self->org;
  spec->repo = self->repo;
  spec->job = jobs[build->job];
  spec->seed = self->seed;
  spec->build_num = build->build_num;
  spec->step = step;
  spec->action = action;
  spec->cause = failing ? build->cause : FAKE_CAUSE_PASSED;
  spec->start_ms = build->step_start_ms[step];
  spec->end_ms = build->step_end_ms[step];
  spec->target_bytes = failing ? build->target_bytes : 0;
}

/* JSON ------------------------------------------------------------------ */

static void
add_time (JsonBuilder *builder,
          const char  *name,
          gint64       unix_ms)
{
  json_builder_set_member_name (builder, name);
  if (unix_ms > 0)
    {
      g_autofree char *text = fake_format_iso8601 (unix_ms);

      json_builder_add_string_value (builder, text);
    }
  else
    {
      json_builder_add_null_value (builder);
    }
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_bool_or_null (JsonBuilder *builder,
                  const char  *name,
                  gboolean     value)
{
  json_builder_set_member_name (builder, name);
  if (value)
    json_builder_add_boolean_value (builder, TRUE);
  else
    json_builder_add_null_value (builder);
}

static const char *
build_status (const Build *build)
{
  if (build->outcome == OUTCOME_RUNNING)
    return "running";
  if (build->outcome == OUTCOME_SUCCESS)
    return build->fixed ? "fixed" : "success";

  return outcomes[build->outcome];
}

static void
add_summary_members (FakeGenerator *self,
                     JsonBuilder   *builder,
                     const Build   *build)
{
  g_autofree char *build_url = NULL;
  g_autofree char *vcs_url = NULL;
  gboolean running = build->outcome == OUTCOME_RUNNING;

  build_url = g_strdup_printf ("https://circleci.com/gh/%s/%s/%u", self->org, self->repo,
                               build->build_num);
  vcs_url = g_strdup_printf ("https://github.com/%s/%s", self->org, self->repo);

  add_int (builder, "build_num", build->build_num);
  add_string (builder, "build_url", build_url);
  add_string (builder, "username", self->org);
  add_string (builder, "reponame", self->repo);
  add_string (builder, "vcs_type", "github");
  add_string (builder, "vcs_url", vcs_url);
  add_string (builder, "vcs_revision", build->vcs_revision);
  add_string (builder, "branch", build->branch);
  add_string (builder, "subject", build->subject);
  add_string (builder, "committer_name", "Demo Developer");
  add_string (builder, "why", "github");
  add_time (builder, "queued_at", build->queued_ms);
  add_time (builder, "start_time", build->start_ms);
  add_time (builder, "stop_time", build->stop_ms);
  json_builder_set_member_name (builder, "build_time_millis");
  if (running)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, build->stop_ms - build->start_ms);
  add_string (builder, "outcome", outcomes[build->outcome]);
  add_string (builder, "status", build_status (build));
  add_string (builder, "lifecycle", running ? "running" : "finished");
  json_builder_set_member_name (builder, "failed");
  if (running)
    json_builder_add_null_value (builder);
  else
    json_builder_add_boolean_value (builder, build->outcome != OUTCOME_SUCCESS);
  json_builder_set_member_name (builder, "timedout");
  json_builder_add_boolean_value (builder, build->outcome == OUTCOME_TIMEDOUT);
  json_builder_set_member_name (builder, "infrastructure_fail");
  json_builder_add_boolean_value (builder, build->outcome == OUTCOME_INFRASTRUCTURE_FAIL);
  add_string (builder, "platform", "2.0");
  add_int (builder, "parallel", build->parallel);

  if (build->has_workflows)
    {
      json_builder_set_member_name (builder, "workflows");
      json_builder_begin_object (builder);
      add_string (builder, "job_name", jobs[build->job]);
      add_string (builder, "job_id", build->job_id);
      add_string (builder, "workflow_name", "main");
      add_string (builder, "workflow_id", build->workflow_id);
      json_builder_set_member_name (builder, "upstream_job_ids");
      json_builder_begin_array (builder);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }

  json_builder_set_member_name (builder, "build_parameters");
  json_builder_begin_object (builder);
  add_string (builder, "CIRCLE_JOB", jobs[build->job]);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "pull_requests");
  json_builder_begin_array (builder);
  if (build->pr != 0)
    {
      g_autofree char *url = g_strdup_printf ("https://github.com/%s/%s/pull/%u",
                                              self->org, self->repo, build->pr);

      json_builder_begin_object (builder);
      add_string (builder, "head_sha", build->vcs_revision);
      add_string (builder, "url", url);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_action (FakeGenerator *self,
            JsonBuilder   *builder,
            const Build   *build,
            const char    *base_url,
            guint          step,
            guint          action)
{
  g_autofree char *output_url = NULL;
  g_autofree char *allocation = NULL;
  gboolean failing = (gint) step == build->failed_step && action == build->failed_action;
  gboolean timedout = failing && build->cause == FAKE_CAUSE_TIMEOUT;
  gboolean running = build->outcome == OUTCOME_RUNNING && step + 1 == build->n_steps;
  const char *status = "success";
  gint exit_code = 0;

  if (timedout)
    status = "timedout";
  else if (failing)
    status = "failed";
  else if (running)
    status = "running";

  if (failing && build->cause == FAKE_CAUSE_DNS)
    exit_code = step == FAKE_STEP_CHECKOUT ? 128 : 6;
  else if (failing)
    exit_code = 1;

  output_url = fake_output_url (base_url, self->org, self->repo, build->build_num, step, action);
  allocation = g_strdup_printf ("%.24s-%u-build/%08X", build->job_id, action,
                                fake_hash32 (self->seed, build->build_num, action));

  json_builder_begin_object (builder);
  add_int (builder, "index", action);
  add_int (builder, "step", step == 0 ? 0 : 100 + step);
  add_string (builder, "name", fake_step_name (step));
  add_string (builder, "type", "test");
  json_builder_set_member_name (builder, "parallel");
  json_builder_add_boolean_value (builder, build->parallel > 1);
  add_string (builder, "status", status);
  add_bool_or_null (builder, "failed", failing && (!timedout || build->timedout_failed));
  add_bool_or_null (builder, "timedout", timedout);
  add_bool_or_null (builder, "infrastructure_fail", FALSE);
  add_bool_or_null (builder, "canceled", FALSE);
  add_bool_or_null (builder, "continue", FALSE);
  json_builder_set_member_name (builder, "exit_code");
  if (timedout || running || step == FAKE_STEP_SPIN_UP)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, exit_code);
  json_builder_set_member_name (builder, "has_output");
  json_builder_add_boolean_value (builder, TRUE);
  add_string (builder, "output_url", output_url);
  add_string (builder, "bash_command", fake_step_command (step));
  add_time (builder, "start_time", build->step_start_ms[step]);
  add_time (builder, "end_time", running ? 0 : build->step_end_ms[step]);
  json_builder_set_member_name (builder, "run_time_millis");
  if (running)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, build->step_end_ms[step] - build->step_start_ms[step]);
  json_builder_set_member_name (builder, "background");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "insignificant");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "truncated");
  json_builder_add_boolean_value (builder, FALSE);
  add_string (builder, "allocation_id", allocation);
  json_builder_end_object (builder);
}

/* FakeBackend ----------------------------------------------------------- */

static gboolean
fake_generator_has_project (FakeBackend *backend,
                            const char  *org,
                            const char  *repo)
{
  FakeGenerator *self = FAKE_GENERATOR (backend);

  return g_ascii_strcasecmp (org, self->org) == 0 && g_ascii_strcasecmp (repo, self->repo) == 0;
}

static JsonNode *
fake_generator_list_builds (FakeBackend *backend,
                            const char  *branch,
                            FakeFilter   filter,
                            guint        offset,
                            guint        limit)
{
  FakeGenerator *self = FAKE_GENERATOR (backend);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint skipped = 0, added = 0;

  json_builder_begin_array (builder);
  for (guint i = self->n_published; i > 0 && added < limit; i--)
    {
      const Build *build = &g_array_index (self->builds, Build, i - 1);
      gboolean running = build->outcome == OUTCOME_RUNNING;

      if (branch != NULL && strcmp (branch, build->branch) != 0)
        continue;
      if (!fake_filter_matches (filter, outcomes[build->outcome], running ? "running" : "finished"))
        continue;
      if (skipped++ < offset)
        continue;

      json_builder_begin_object (builder);
      add_summary_members (self, builder, build);
      json_builder_end_object (builder);
      added++;
    }
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

static JsonNode *
fake_generator_get_build (FakeBackend  *backend,
                          const char   *base_url,
                          const char   *org,
                          const char   *repo,
                          guint         build_num,
                          GError      **error)
{
  FakeGenerator *self = FAKE_GENERATOR (backend);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const Build *build = lookup_build (self, build_num);

  if (build == NULL)
    {
      g_set_error (error, FAKE_ERROR, FAKE_ERROR_NOT_FOUND, "Build %u not found", build_num);
      return NULL;
    }

  json_builder_begin_object (builder);
  add_summary_members (self, builder, build);
  add_string (builder, "fail_reason", NULL);
  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "steps");
  json_builder_begin_array (builder);
  for (guint step = 0; step < build->n_steps; step++)
    {
      json_builder_begin_object (builder);
      add_string (builder, "name", fake_step_name (step));
      json_builder_set_member_name (builder, "actions");
      json_builder_begin_array (builder);
      for (guint action = 0; action < build->parallel; action++)
        add_action (self, builder, build, base_url, step, action);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static GInputStream *
fake_generator_open_output (FakeBackend  *backend,
                            guint         build_num,
                            guint         step,
                            guint         action,
                            GError      **error)
{
  FakeGenerator *self = FAKE_GENERATOR (backend);
  const Build *build = lookup_build (self, build_num);
  FakeLogSpec spec;

  if (build == NULL || step >= build->n_steps || action >= build->parallel)
    {
      g_set_error (error, FAKE_ERROR, FAKE_ERROR_NOT_FOUND, "No output for %u/%u/%u",
                   build_num, step, action);
      return NULL;
    }

  log_spec_init (self, build, step, action, &spec);
  return fake_log_stream_new (&spec);
}

static gboolean
fake_generator_output_expired (FakeBackend *backend,
                               guint        build_num)
{
  FakeGenerator *self = FAKE_GENERATOR (backend);
  const Build *build = lookup_build (self, build_num);

  return build != NULL && build->expired;
}

static void
fake_generator_backend_init (FakeBackendInterface *iface)
{
  iface->has_project = fake_generator_has_project;
  iface->list_builds = fake_generator_list_builds;
  iface->get_build = fake_generator_get_build;
  iface->open_output = fake_generator_open_output;
  iface->output_expired = fake_generator_output_expired;
}

/* GObject --------------------------------------------------------------- */

static void
fake_generator_finalize (GObject *object)
{
  FakeGenerator *self = FAKE_GENERATOR (object);

  g_clear_pointer (&self->builds, g_array_unref);
  g_clear_pointer (&self->org, g_free);
  g_clear_pointer (&self->repo, g_free);

  G_OBJECT_CLASS (fake_generator_parent_class)->finalize (object);
}

static void
fake_generator_class_init (FakeGeneratorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fake_generator_finalize;
}

static void
fake_generator_init (FakeGenerator *self)
{
  self->builds = g_array_new (FALSE, TRUE, sizeof (Build));
  g_array_set_clear_func (self->builds, build_clear);
}

FakeGenerator *
fake_generator_new (const char *org,
                    const char *repo,
                    guint       n_builds,
                    guint32     seed,
                    double      expire_rate,
                    guint       huge_log_mb)
{
  FakeGenerator *self;

  g_return_val_if_fail (org != NULL && repo != NULL, NULL);

  self = g_object_new (FAKE_TYPE_GENERATOR, NULL);
  self->org = g_strdup (org);
  self->repo = g_strdup (repo);
  self->seed = seed;
  self->expire_rate = expire_rate;
  generate (self, n_builds, huge_log_mb);
  self->n_published = self->builds->len;

  return self;
}

/* Ground truth ---------------------------------------------------------- */

typedef struct
{
  FakeGenerator *self;
  guint64       *sizes;
} MeasureData;

static void
measure_one (gpointer data,
             gpointer user_data)
{
  MeasureData *measure = user_data;
  guint index = GPOINTER_TO_UINT (data) - 1;
  const Build *build = &g_array_index (measure->self->builds, Build, index);
  FakeLogSpec spec;

  log_spec_init (measure->self, build, build->failed_step, build->failed_action, &spec);
  measure->sizes[index] = fake_log_measure (&spec);
}

/* Sizes of the failing actions' logs, measured by generating them (in
 * parallel: a thousand builds are a few hundred megabytes of logs). */
static guint64 *
measure_logs (FakeGenerator *self)
{
  MeasureData measure = { self, g_new0 (guint64, self->builds->len + 1) };
  GThreadPool *pool;

  pool = g_thread_pool_new (measure_one, &measure, (gint) g_get_num_processors (), TRUE, NULL);
  for (guint i = 0; i < self->builds->len; i++)
    {
      if (g_array_index (self->builds, Build, i).failed_step >= 0)
        g_thread_pool_push (pool, GUINT_TO_POINTER (i + 1), NULL);
    }
  g_thread_pool_free (pool, FALSE, TRUE);

  return measure.sizes;
}

JsonNode *
fake_generator_build_truth (FakeGenerator *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree guint64 *sizes = NULL;
  g_autofree char *repo = NULL;
  guint counts[FAKE_N_CAUSES] = { 0 };

  g_return_val_if_fail (FAKE_IS_GENERATOR (self), NULL);

  sizes = measure_logs (self);
  repo = g_strdup_printf ("github/%s/%s", self->org, self->repo);

  json_builder_begin_object (builder);
  add_string (builder, "repo", repo);
  add_int (builder, "seed", self->seed);
  add_int (builder, "n_builds", self->builds->len);
  json_builder_set_member_name (builder, "huge_log_build");
  if (self->huge_build != 0)
    json_builder_add_int_value (builder, self->huge_build);
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "builds");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->builds->len; i++)
    {
      const Build *build = &g_array_index (self->builds, Build, i);
      gboolean has_log = build->failed_step >= 0;

      counts[build->cause]++;

      json_builder_begin_object (builder);
      add_int (builder, "build_num", build->build_num);
      add_string (builder, "branch", build->branch);
      add_string (builder, "job", jobs[build->job]);
      add_string (builder, "vcs_revision", build->vcs_revision);
      add_string (builder, "outcome", outcomes[build->outcome]);
      add_string (builder, "status", build_status (build));
      add_string (builder, "cause", fake_cause_to_string (build->cause));
      add_string (builder, "failed_step", has_log ? fake_step_name (build->failed_step) : NULL);
      json_builder_set_member_name (builder, "failed_action");
      if (has_log)
        json_builder_add_int_value (builder, build->failed_action);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "has_workflows");
      json_builder_add_boolean_value (builder, build->has_workflows);
      json_builder_set_member_name (builder, "log_expired");
      json_builder_add_boolean_value (builder, build->expired);
      json_builder_set_member_name (builder, "log_bytes");
      if (has_log)
        json_builder_add_int_value (builder, (gint64) sizes[i]);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "counts");
  json_builder_begin_object (builder);
  for (guint c = 0; c < FAKE_N_CAUSES; c++)
    add_int (builder, fake_cause_to_string (c), counts[c]);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

gboolean
fake_generator_write_truth (FakeGenerator  *self,
                            const char     *path,
                            GError        **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  g_return_val_if_fail (FAKE_IS_GENERATOR (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  root = fake_generator_build_truth (self);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);

  return json_generator_to_file (generator, path, error);
}

/**
 * fake_generator_set_n_published:
 *
 * Serves builds 1..@n_published only, as if the newer ones had not run
 * yet; the truth still has them all.
 */
void
fake_generator_set_n_published (FakeGenerator *self,
                                guint          n_published)
{
  g_return_if_fail (FAKE_IS_GENERATOR (self));

  self->n_published = MIN (n_published, self->builds->len);
}
