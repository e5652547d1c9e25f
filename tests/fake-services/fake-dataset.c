/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fake-dataset"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fake-dataset.h"

/*
 * Recorded CircleCI responses served from a directory:
 *
 *   DIR/builds.json                  array of build summaries (optional)
 *   DIR/builds/NUM.json              build details (steps[].actions[])
 *   DIR/output/NUM-STEP-ACTION.json  action output (JSON array of messages)
 *
 * STEP and ACTION are positions in the detail's steps[] and actions[]
 * arrays. The list is builds.json plus every detail not listed there (minus
 * its steps), newest (highest build_num) first. Output URLs of the details
 * are rewritten to point at this server when served.
 */

struct _FakeDataset
{
  GObject     parent_instance;

  GFile      *directory;
  char       *org;          /* NULL: every project serves the dataset */
  char       *repo;
  guint32     seed;
  double      expire_rate;
  GPtrArray  *summaries;    /* JsonObject, newest first */
  GHashTable *details;      /* build_num -> GBytes of the detail file */
};

static void fake_dataset_backend_init (FakeBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FakeDataset, fake_dataset, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (FAKE_TYPE_BACKEND,
                                                      fake_dataset_backend_init))

static JsonNode *
parse_bytes (GBytes      *bytes,
             const char  *name,
             GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  if (!json_parser_load_from_data (parser, data, (gssize) size, &local_error))
    {
      g_set_error (error, FAKE_ERROR, FAKE_ERROR_INVALID, "%s: %s", name, local_error->message);
      return NULL;
    }

  return json_parser_steal_root (parser);
}

static gint64
summary_build_num (JsonObject *object)
{
  JsonNode *node = json_object_get_member (object, "build_num");

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return -1;

  return json_node_get_int (node);
}

static gint
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  gint64 num_a = summary_build_num (*(JsonObject **) a);
  gint64 num_b = summary_build_num (*(JsonObject **) b);

  return num_a < num_b ? 1 : num_a > num_b ? -1 : 0;
}

/* A summary is a detail without its steps. */
static JsonObject *
summary_from_detail (JsonObject *detail)
{
  JsonObject *summary = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init (&iter, detail);
  while (json_object_iter_next (&iter, &name, &value))
    {
      if (strcmp (name, "steps") != 0)
        json_object_set_member (summary, name, json_node_copy (value));
    }

  return summary;
}

static gboolean
load_summaries (FakeDataset  *self,
                GHashTable   *listed,
                GError      **error)
{
  g_autoptr(GFile) file = g_file_get_child (self->directory, "builds.json");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonArray *array;

  bytes = g_file_load_bytes (file, NULL, NULL, &local_error);
  if (bytes == NULL && g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    return TRUE;
  if (bytes == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  root = parse_bytes (bytes, "builds.json", error);
  if (root == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, FAKE_ERROR, FAKE_ERROR_INVALID, "builds.json: not an array");
      return FALSE;
    }

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      gint64 build_num;

      if (!JSON_NODE_HOLDS_OBJECT (node) ||
          (build_num = summary_build_num (json_node_get_object (node))) < 0)
        {
          g_set_error (error, FAKE_ERROR, FAKE_ERROR_INVALID,
                       "builds.json: element %u has no build_num", i);
          return FALSE;
        }

      /* Recordings may list a build twice: the first one wins. */
      if (!g_hash_table_add (listed, GINT_TO_POINTER ((gint) build_num)))
        continue;

      g_ptr_array_add (self->summaries, summary_from_detail (json_node_get_object (node)));
    }

  return TRUE;
}

static gboolean
load_details (FakeDataset  *self,
              GHashTable   *listed,
              GError      **error)
{
  g_autoptr(GFile) directory = g_file_get_child (self->directory, "builds");
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GError) local_error = NULL;

  enumerator = g_file_enumerate_children (directory, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                          G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (enumerator == NULL && g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    return TRUE;
  if (enumerator == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  for (;;)
    {
      GFileInfo *info;
      g_autoptr(GFile) file = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(JsonNode) root = NULL;
      const char *name;
      gint64 build_num;

      if (!g_file_enumerator_iterate (enumerator, &info, NULL, NULL, error))
        return FALSE;
      if (info == NULL)
        break;

      name = g_file_info_get_name (info);
      if (!g_str_has_suffix (name, ".json"))
        continue;

      file = g_file_get_child (directory, name);
      bytes = g_file_load_bytes (file, NULL, NULL, error);
      if (bytes == NULL)
        return FALSE;

      root = parse_bytes (bytes, name, error);
      if (root == NULL)
        return FALSE;
      if (!JSON_NODE_HOLDS_OBJECT (root) ||
          (build_num = summary_build_num (json_node_get_object (root))) < 0)
        {
          g_set_error (error, FAKE_ERROR, FAKE_ERROR_INVALID,
                       "builds/%s: not a build (no build_num)", name);
          return FALSE;
        }

      g_hash_table_insert (self->details, GINT_TO_POINTER ((gint) build_num),
                           g_bytes_ref (bytes));
      if (g_hash_table_add (listed, GINT_TO_POINTER ((gint) build_num)))
        g_ptr_array_add (self->summaries, summary_from_detail (json_node_get_object (root)));
    }

  return TRUE;
}

static JsonArray *
get_array_member (JsonNode   *node,
                  const char *name)
{
  JsonNode *member;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  member = json_object_get_member (json_node_get_object (node), name);
  if (member == NULL || !JSON_NODE_HOLDS_ARRAY (member))
    return NULL;

  return json_node_get_array (member);
}

/* FakeBackend ----------------------------------------------------------- */

static gboolean
fake_dataset_has_project (FakeBackend *backend,
                          const char  *org,
                          const char  *repo)
{
  FakeDataset *self = FAKE_DATASET (backend);

  if (self->org == NULL)
    return TRUE;

  return g_ascii_strcasecmp (org, self->org) == 0 && g_ascii_strcasecmp (repo, self->repo) == 0;
}

static JsonNode *
fake_dataset_list_builds (FakeBackend *backend,
                          const char  *branch,
                          FakeFilter   filter,
                          guint        offset,
                          guint        limit)
{
  FakeDataset *self = FAKE_DATASET (backend);
  g_autoptr(JsonArray) array = json_array_new ();
  JsonNode *root;
  guint skipped = 0;

  for (guint i = 0; i < self->summaries->len && json_array_get_length (array) < limit; i++)
    {
      JsonObject *summary = g_ptr_array_index (self->summaries, i);
      const char *outcome = json_object_get_string_member_with_default (summary, "outcome", NULL);
      const char *lifecycle = json_object_get_string_member_with_default (summary, "lifecycle", NULL);
      const char *build_branch = json_object_get_string_member_with_default (summary, "branch", NULL);

      if (branch != NULL && g_strcmp0 (branch, build_branch) != 0)
        continue;
      if (!fake_filter_matches (filter, outcome, lifecycle))
        continue;
      if (skipped++ < offset)
        continue;

      json_array_add_object_element (array, json_object_ref (summary));
    }

  root = json_node_new (JSON_NODE_ARRAY);
  json_node_set_array (root, array);
  return root;
}

static JsonNode *
fake_dataset_get_build (FakeBackend  *backend,
                        const char   *base_url,
                        const char   *org,
                        const char   *repo,
                        guint         build_num,
                        GError      **error)
{
  FakeDataset *self = FAKE_DATASET (backend);
  GBytes *bytes = g_hash_table_lookup (self->details, GINT_TO_POINTER ((gint) build_num));
  g_autoptr(JsonNode) root = NULL;
  JsonArray *steps;

  if (bytes == NULL)
    {
      g_set_error (error, FAKE_ERROR, FAKE_ERROR_NOT_FOUND, "Build %u not found", build_num);
      return NULL;
    }

  /* Parsed for each request: the rewritten URLs depend on it. */
  root = parse_bytes (bytes, "detail", error);
  if (root == NULL)
    return NULL;

  steps = get_array_member (root, "steps");
  for (guint i = 0; steps != NULL && i < json_array_get_length (steps); i++)
    {
      JsonArray *actions = get_array_member (json_array_get_element (steps, i), "actions");

      for (guint j = 0; actions != NULL && j < json_array_get_length (actions); j++)
        {
          JsonNode *node = json_array_get_element (actions, j);
          JsonObject *action;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            continue;

          action = json_node_get_object (node);
          if (json_object_get_string_member_with_default (action, "output_url", NULL) != NULL ||
              json_object_get_boolean_member_with_default (action, "has_output", FALSE))
            {
              g_autofree char *url = fake_output_url (base_url, org, repo, build_num, i, j);

              json_object_set_string_member (action, "output_url", url);
            }
        }
    }

  return g_steal_pointer (&root);
}

static GInputStream *
fake_dataset_open_output (FakeBackend  *backend,
                          guint         build_num,
                          guint         step,
                          guint         action,
                          GError      **error)
{
  FakeDataset *self = FAKE_DATASET (backend);
  g_autofree char *name = g_strdup_printf ("output/%u-%u-%u.json", build_num, step, action);
  g_autoptr(GFile) file = g_file_resolve_relative_path (self->directory, name);
  g_autoptr(GError) local_error = NULL;
  GFileInputStream *stream;

  stream = g_file_read (file, NULL, &local_error);
  if (stream == NULL && g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_set_error (error, FAKE_ERROR, FAKE_ERROR_NOT_FOUND, "No output %s", name);
      return NULL;
    }
  if (stream == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return G_INPUT_STREAM (stream);
}

static gboolean
fake_dataset_output_expired (FakeBackend *backend,
                             guint        build_num)
{
  FakeDataset *self = FAKE_DATASET (backend);

  return fake_output_is_expired (self->seed, self->expire_rate, build_num);
}

static void
fake_dataset_backend_init (FakeBackendInterface *iface)
{
  iface->has_project = fake_dataset_has_project;
  iface->list_builds = fake_dataset_list_builds;
  iface->get_build = fake_dataset_get_build;
  iface->open_output = fake_dataset_open_output;
  iface->output_expired = fake_dataset_output_expired;
}

/* GObject --------------------------------------------------------------- */

static void
fake_dataset_finalize (GObject *object)
{
  FakeDataset *self = FAKE_DATASET (object);

  g_clear_object (&self->directory);
  g_clear_pointer (&self->org, g_free);
  g_clear_pointer (&self->repo, g_free);
  g_clear_pointer (&self->summaries, g_ptr_array_unref);
  g_clear_pointer (&self->details, g_hash_table_unref);

  G_OBJECT_CLASS (fake_dataset_parent_class)->finalize (object);
}

static void
fake_dataset_class_init (FakeDatasetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fake_dataset_finalize;
}

static void
fake_dataset_init (FakeDataset *self)
{
  self->summaries = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  self->details = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_bytes_unref);
}

FakeDataset *
fake_dataset_new (const char  *directory,
                  const char  *org,
                  const char  *repo,
                  guint32      seed,
                  double       expire_rate,
                  GError     **error)
{
  g_autoptr(FakeDataset) self = NULL;
  g_autoptr(GHashTable) listed = g_hash_table_new (NULL, NULL);

  g_return_val_if_fail (directory != NULL, NULL);
  g_return_val_if_fail ((org == NULL) == (repo == NULL), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (FAKE_TYPE_DATASET, NULL);
  self->directory = g_file_new_for_commandline_arg (directory);
  self->org = g_strdup (org);
  self->repo = g_strdup (repo);
  self->seed = seed;
  self->expire_rate = expire_rate;

  if (!g_file_query_exists (self->directory, NULL))
    {
      g_set_error (error, FAKE_ERROR, FAKE_ERROR_NOT_FOUND, "%s: no such directory", directory);
      return NULL;
    }

  if (!load_summaries (self, listed, error) || !load_details (self, listed, error))
    return NULL;

  if (self->summaries->len == 0)
    {
      g_set_error (error, FAKE_ERROR, FAKE_ERROR_INVALID,
                   "%s: no builds (expected builds.json or builds/NUM.json)", directory);
      return NULL;
    }

  g_ptr_array_sort (self->summaries, compare_newest_first);

  return g_steal_pointer (&self);
}

guint
fake_dataset_get_size (FakeDataset *self)
{
  g_return_val_if_fail (FAKE_IS_DATASET (self), 0);

  return self->summaries->len;
}
