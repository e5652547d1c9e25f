/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-circleci"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "culprit-build-private.h"
#include "culprit-circleci.h"

/* Parsers for CircleCI API v1.1 responses: build lists and build details.
 * Lenient about what Culprit does not use, strict about what it does: a
 * build without a number is an error, not a build to skip. */

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
get_object (JsonObject *object,
            const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}

static gboolean
get_true (JsonObject *object,
          const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

static gint64
get_time (JsonObject *object,
          const char *member)
{
  const char *text = get_string (object, member);
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL)
    return 0;
  dt = g_date_time_new_from_iso8601 (text, NULL);
  return dt ? g_date_time_to_unix (dt) : 0;
}

static gboolean
bad_response (GError     **error,
              const char  *format,
              ...) G_GNUC_PRINTF (2, 3);

static gboolean
bad_response (GError     **error,
              const char  *format,
              ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, CULPRIT_CIRCLECI_ERROR, CULPRIT_CIRCLECI_ERROR_BAD_RESPONSE,
               _("CircleCI’s answer is not what Culprit expects: %s"), detail);
  return FALSE;
}

/* The job's name: workflows.job_name, else build_parameters.CIRCLE_JOB. */
static const char *
job_name (JsonObject *object)
{
  const char *job = get_string (get_object (object, "workflows"), "job_name");

  if (job == NULL)
    job = get_string (get_object (object, "build_parameters"), "CIRCLE_JOB");
  if (job == NULL)
    job = get_string (object, "job_name");
  return job;
}

/**
 * culprit_circleci_parse_build_summary:
 * @object: one element of a build list, or a build detail
 *
 * Returns: (transfer full): the build
 */
CulpritBuild *
culprit_circleci_parse_build_summary (const char  *repo,
                                      JsonObject  *object,
                                      GError     **error)
{
  JsonNode *num = json_object_get_member (object, "build_num");
  CulpritBuild *b;

  if (num == NULL || !JSON_NODE_HOLDS_VALUE (num) ||
      json_node_get_value_type (num) != G_TYPE_INT64 || json_node_get_int (num) <= 0)
    {
      bad_response (error, _("a build has no build_num"));
      return NULL;
    }

  b = culprit_build_new (repo, json_node_get_int (num));
  _culprit_build_set_string (&b->branch, get_string (object, "branch"));
  _culprit_build_set_string (&b->job, job_name (object));
  _culprit_build_set_string (&b->workflow,
                             get_string (get_object (object, "workflows"), "workflow_name"));
  _culprit_build_set_string (&b->vcs_revision, get_string (object, "vcs_revision"));
  _culprit_build_set_string (&b->outcome, get_string (object, "outcome"));
  _culprit_build_set_string (&b->status, get_string (object, "status"));
  b->queued_at = get_time (object, "queued_at");
  b->start_time = get_time (object, "start_time");
  b->stop_time = get_time (object, "stop_time");
  if (b->queued_at == 0)
    b->queued_at = b->start_time;

  return b;
}

/**
 * culprit_circleci_parse_build_list:
 *
 * Returns: (transfer full) (element-type CulpritBuild): the builds
 */
GPtrArray *
culprit_circleci_parse_build_list (const char  *repo,
                                   JsonNode    *root,
                                   GError     **error)
{
  g_autoptr(GPtrArray) builds = g_ptr_array_new_with_free_func (g_object_unref);
  JsonArray *array;

  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      bad_response (error, _("a build list is not a JSON array"));
      return NULL;
    }

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      CulpritBuild *b;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          bad_response (error, _("element %u of a build list is not an object"), i);
          return NULL;
        }
      b = culprit_circleci_parse_build_summary (repo, json_node_get_object (node), error);
      if (b == NULL)
        return NULL;
      g_ptr_array_add (builds, b);
    }

  return g_steal_pointer (&builds);
}

static gboolean
action_failed (JsonObject *action,
               gboolean   *timedout)
{
  const char *status = get_string (action, "status");

  *timedout = get_true (action, "timedout") || g_strcmp0 (status, "timedout") == 0;
  return *timedout || get_true (action, "failed") ||
         g_strcmp0 (status, "failed") == 0 || g_strcmp0 (status, "infrastructure_fail") == 0;
}

/**
 * culprit_circleci_parse_build_detail:
 *
 * Finds the failed step: the first action, in step order, that failed or
 * timed out (with parallel containers, the first failed container).
 *
 * Returns: (transfer full): the detail
 */
CulpritBuildDetail *
culprit_circleci_parse_build_detail (const char  *repo,
                                     JsonNode    *root,
                                     GError     **error)
{
  g_autoptr(CulpritBuildDetail) detail = g_new0 (CulpritBuildDetail, 1);
  JsonObject *object;
  JsonNode *steps;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      bad_response (error, _("a build’s detail is not a JSON object"));
      return NULL;
    }
  object = json_node_get_object (root);

  detail->build = culprit_circleci_parse_build_summary (repo, object, error);
  if (detail->build == NULL)
    return NULL;

  steps = json_object_get_member (object, "steps");
  if (steps != NULL && !JSON_NODE_HOLDS_NULL (steps) && !JSON_NODE_HOLDS_ARRAY (steps))
    {
      bad_response (error, _("“steps” of build %" G_GINT64_FORMAT " is not a list"),
                    detail->build->build_num);
      return NULL;
    }

  for (guint i = 0; steps && JSON_NODE_HOLDS_ARRAY (steps) &&
                    i < json_array_get_length (json_node_get_array (steps)); i++)
    {
      JsonNode *step = json_array_get_element (json_node_get_array (steps), i);
      JsonNode *actions;

      if (!JSON_NODE_HOLDS_OBJECT (step))
        continue;
      actions = json_object_get_member (json_node_get_object (step), "actions");
      if (actions == NULL || !JSON_NODE_HOLDS_ARRAY (actions))
        continue;

      for (guint j = 0; j < json_array_get_length (json_node_get_array (actions)); j++)
        {
          JsonNode *node = json_array_get_element (json_node_get_array (actions), j);
          JsonObject *action;
          JsonNode *has_output;
          gboolean timedout;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            continue;
          action = json_node_get_object (node);
          if (!action_failed (action, &timedout))
            continue;

          detail->failed_step = g_strdup (get_string (json_node_get_object (step), "name"));
          if (detail->failed_step == NULL)
            detail->failed_step = g_strdup (get_string (action, "name"));
          if (detail->failed_step == NULL)
            detail->failed_step = g_strdup_printf ("step %u", i);
          detail->timedout = timedout;
          has_output = json_object_get_member (action, "has_output");
          if (has_output == NULL || !JSON_NODE_HOLDS_VALUE (has_output) ||
              json_node_get_boolean (has_output))
            detail->output_url = g_strdup (get_string (action, "output_url"));
          return g_steal_pointer (&detail);
        }
    }

  return g_steal_pointer (&detail);
}

void
culprit_build_detail_free (CulpritBuildDetail *detail)
{
  if (detail == NULL)
    return;
  g_clear_object (&detail->build);
  g_free (detail->failed_step);
  g_free (detail->output_url);
  g_free (detail);
}

void
culprit_fetched_log_free (CulpritFetchedLog *log)
{
  if (log == NULL)
    return;
  g_clear_pointer (&log->log, g_bytes_unref);
  g_free (log);
}
