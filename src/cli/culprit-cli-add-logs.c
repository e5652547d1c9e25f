/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "culprit-cli-private.h"

/* culprit-cli add-logs: logs saved from other CI systems, as failed builds. */

typedef struct
{
  CulpritStore *store;
  const char   *repo;
  const char   *branch;
  const char   *job;
  guint         added;
  guint         duplicates;
  gsize         cap;       /* bytes; a longer log keeps its tail */
  int           status;
  GHashTable   *visited;   /* "device:inode" of each folder read */
} AddLogs;

static void
add_file (AddLogs    *ctx,
          const char *path)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_path_get_basename (path);
  const char *data;
  gboolean duplicate;
  gsize len, start;
  gint64 num;

  mapped = g_mapped_file_new (path, FALSE, &error);
  if (mapped == NULL)
    {
      ctx->status = culprit_cli_error (CULPRIT_CLI_EXIT_USAGE, "%s", error->message);
      return;
    }
  len = g_mapped_file_get_length (mapped);
  data = len ? g_mapped_file_get_contents (mapped) : "";
  /* as scan keeps a log from CircleCI: its tail, marked truncated */
  start = culprit_tail_start (data, len, ctx->cap);
  num = culprit_store_add_local_log_full (ctx->store, ctx->repo, ctx->branch, ctx->job, name,
                                          data + start, len - start, start > 0,
                                          &duplicate, &error);
  if (num < 0)
    {
      ctx->status = culprit_cli_error (CULPRIT_CLI_EXIT_FAILURE, "%s: %s", path, error->message);
      return;
    }
  if (duplicate)
    {
      ctx->duplicates++;
      g_print (_("%s: already stored as build %" G_GINT64_FORMAT "\n"), path, num);
    }
  else if (start > 0)
    {
      g_autofree char *kept = g_format_size (len - start);
      g_autofree char *whole = g_format_size (len);
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, num);

      ctx->added++;
      g_print (_("%s: build %s, only its last %s of %s kept (the cap is --log-cap-mb)\n"),
               path, number, kept, whole);
    }
  else
    {
      ctx->added++;
      g_print (_("%s: build %" G_GINT64_FORMAT "\n"), path, num);
    }
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

/* Each folder is read once, whatever links lead to it: a link to a parent
 * folder would otherwise be followed until the path is too long, and two
 * links to "." double the walk at each level. */
static gboolean
first_visit (AddLogs    *ctx,
             const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return TRUE;   /* g_dir_open () says what is wrong */
  return g_hash_table_add (ctx->visited,
                           g_strdup_printf ("%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT,
                                            (guint64)st.st_dev, (guint64)st.st_ino));
}

static void
add_path (AddLogs    *ctx,
          const char *path)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) children = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        ctx->status = culprit_cli_error (CULPRIT_CLI_EXIT_USAGE, _("%s: no such file"), path);
      else
        add_file (ctx, path);
      return;
    }

  if (!first_visit (ctx, path))
    {
      /* through a link, or given twice */
      g_printerr (_("%s: skipped: this folder was already read\n"), path);
      return;
    }

  dir = g_dir_open (path, 0, &error);
  if (dir == NULL)
    {
      ctx->status = culprit_cli_error (CULPRIT_CLI_EXIT_FAILURE, "%s", error->message);
      return;
    }
  children = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)))
    if (name[0] != '.')
      g_ptr_array_add (children, g_build_filename (path, name, NULL));
  /* in a stable order, so that build numbers follow the names */
  g_ptr_array_sort (children, compare_paths);
  for (guint i = 0; i < children->len; i++)
    add_path (ctx, children->pdata[i]);
}

int
culprit_cli_add_logs (int    argc,
                      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CulpritStore) store = NULL;
  g_autofree char *db = NULL, *repo = NULL, *branch = NULL, *job = NULL;
  int status = CULPRIT_CLI_EXIT_OK;
  int log_cap_mb = CULPRIT_FETCHER_DEFAULT_LOG_CAP / (1024 * 1024);
  AddLogs ctx = { 0 };
  const GOptionEntry entries[] = {
    { "db", 'd', 0, G_OPTION_ARG_FILENAME, &db, N_("The database (default: the per-user one)"), N_("PATH") },
    { "repo", 'r', 0, G_OPTION_ARG_STRING, &repo, N_("Where the logs come from (default: local)"), N_("NAME") },
    { "branch", 'b', 0, G_OPTION_ARG_STRING, &branch, N_("The branch of the builds"), N_("BRANCH") },
    { "job", 'j', 0, G_OPTION_ARG_STRING, &job, N_("The job of the builds"), N_("JOB") },
    { "log-cap-mb", 0, 0, G_OPTION_ARG_INT, &log_cap_mb,
      N_("Keep at most the last N MB of a log (default 100)"), N_("N") },
    { NULL }
  };

  context = g_option_context_new (_("FILE|DIR… — store log files as failed builds"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Stores each file (and each file in each folder, recursively) as one failed build, "
      "named after the file, for logs saved from other CI systems. The same content is "
      "stored once. Then run “culprit-cli scan --offline” to scan them."));

  if (!culprit_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc < 2)
    return culprit_cli_usage_error (context, _("give at least one file or folder"));
  if (log_cap_mb < 1)
    return culprit_cli_usage_error (context, _("--log-cap-mb must be positive"));

  if (!(store = culprit_cli_open_store (db, &status)))
    return status;

  ctx.store = store;
  ctx.repo = repo ? repo : "local";
  ctx.branch = branch;
  ctx.job = job;
  ctx.cap = (gsize)log_cap_mb * 1024 * 1024;
  ctx.visited = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (int i = 1; i < argc; i++)
    add_path (&ctx, argv[i]);
  g_hash_table_unref (ctx.visited);

  g_print (_("%u logs added, %u already stored\n"), ctx.added, ctx.duplicates);
  return ctx.status;
}
