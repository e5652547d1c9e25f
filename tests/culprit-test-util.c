/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>

#include "culprit-store-private.h"
#include "culprit-test-util.h"

static GPtrArray *tmpdirs;

static void
remove_recursively (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)))
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_recursively (child);
          else
            g_unlink (child);
        }
    }
  g_rmdir (path);
}

static void
remove_tmpdirs (void)
{
  for (guint i = 0; tmpdirs && i < tmpdirs->len; i++)
    remove_recursively (tmpdirs->pdata[i]);
  g_clear_pointer (&tmpdirs, g_ptr_array_unref);
}

/* A fresh folder, removed when the test program exits. */
char *
culprit_test_make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *path = g_dir_make_tmp ("culprit-test-XXXXXX", &error);

  g_assert_no_error (error);
  if (tmpdirs == NULL)
    {
      tmpdirs = g_ptr_array_new_with_free_func (g_free);
      atexit (remove_tmpdirs);
    }
  g_ptr_array_add (tmpdirs, g_strdup (path));
  return path;
}

/* The path of a file or folder in ../shared/data, or NULL (the caller
 * skips) when the shared data is not there. */
char *
culprit_test_shared_data (const char *relative)
{
  const char *root = g_getenv ("CULPRIT_SHARED_DATA");
  g_autofree char *path = NULL;

  if (root == NULL)
    return NULL;
  path = g_build_filename (root, relative, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;
  return g_steal_pointer (&path);
}

/* Runs $CULPRIT_CLI with @args, in the C locale, with the extra
 * environment @env (NAME=VALUE, or NAME alone to unset); returns its exit
 * status. */
int
culprit_test_run_cli_env (const char          *input,
                          const char * const  *env,
                          char               **out,
                          char               **err,
                          const char * const  *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("CULPRIT_CLI");

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer)cli);
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer)args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                        (input ? G_SUBPROCESS_FLAGS_STDIN_PIPE : 0));
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "C", TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  for (guint i = 0; env && env[i]; i++)
    {
      const char *eq = strchr (env[i], '=');
      g_autofree char *name = eq ? g_strndup (env[i], eq - env[i]) : g_strdup (env[i]);

      if (eq)
        g_subprocess_launcher_setenv (launcher, name, eq + 1, TRUE);
      else
        g_subprocess_launcher_unsetenv (launcher, name);
    }
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8 (proc, input, NULL, out, err, &error);
  g_assert_no_error (error);

  if (g_subprocess_get_if_signaled (proc))
    g_error ("culprit-cli died of signal %d; stderr:\n%s", g_subprocess_get_term_sig (proc),
             err && *err ? *err : "");
  g_assert_true (g_subprocess_get_if_exited (proc));
  return g_subprocess_get_exit_status (proc);
}

int
culprit_test_run_cli_stdin (const char          *input,
                            char               **out,
                            char               **err,
                            const char * const  *args)
{
  return culprit_test_run_cli_env (input, NULL, out, err, args);
}

/* The server must not outlive a test that aborts. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/**
 * culprit_test_start_fake_ci:
 * @args: culprit-fake-ci's arguments
 * @url: (out): where it listens
 *
 * Returns: (transfer full): $CULPRIT_FAKE_CI, listening on loopback
 */
GSubprocess *
culprit_test_start_fake_ci (const char * const  *args,
                            char               **url)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GSubprocess) fake = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  const char *fake_ci = g_getenv ("CULPRIT_FAKE_CI");

  g_assert_nonnull (fake_ci);
  g_ptr_array_add (argv, (gpointer)fake_ci);
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer)args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  fake = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (fake));
  line = g_data_input_stream_read_line (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "listening on http://127.0.0.1:"));
  *url = g_strdup (line + strlen ("listening on "));
  return g_steal_pointer (&fake);
}

void
culprit_test_stop_fake_ci (GSubprocess *fake)
{
  g_subprocess_send_signal (fake, SIGTERM);
  g_subprocess_wait (fake, NULL, NULL);
  g_object_unref (fake);
}

/* The one integer an SQL query gives. */
gint64
culprit_test_query_int (CulpritStore *store,
                        const char   *sql)
{
  g_autoptr(sqlite3_stmt) stmt = _culprit_store_prepare (store, sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

/* Runs culprit-cli with the arguments; returns its exit status. */
int
culprit_test_run_cli (char       **out,
                      char       **err,
                      const char  *first_arg,
                      ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer)arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  return culprit_test_run_cli_stdin (NULL, out, err, (const char * const *)args->pdata);
}

CulpritPattern *
culprit_test_pattern (const char *name,
                      const char *expression,
                      gboolean    is_regex)
{
  return culprit_pattern_new (name, expression, is_regex);
}

void
culprit_test_write_file (const char *path,
                         const char *contents,
                         gssize      len)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);
}

/* culprit-fake-ci on a free loopback port, started with @first_arg...,
 * and the truth it writes of the repository it serves */
CulpritTestFakeCi *
culprit_test_fake_ci_start (const char *first_arg,
                            ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = culprit_test_make_tmpdir ();
  g_autofree char *truth_path = g_build_filename (dir, "truth.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  CulpritTestFakeCi *ci = g_new0 (CulpritTestFakeCi, 1);
  va_list ap;

  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer)arg);
  va_end (ap);
  g_ptr_array_add (args, "--truth");
  g_ptr_array_add (args, truth_path);
  g_ptr_array_add (args, NULL);

  ci->proc = culprit_test_start_fake_ci ((const char * const *)args->pdata, &ci->url);

  json_parser_load_from_file (parser, truth_path, &error);
  g_assert_no_error (error);
  ci->truth = json_node_copy (json_parser_get_root (parser));
  return ci;
}

void
culprit_test_fake_ci_stop (CulpritTestFakeCi *ci)
{
  culprit_test_stop_fake_ci (ci->proc);
  json_node_unref (ci->truth);
  g_free (ci->url);
  g_free (ci);
}

/* Each stored build with its state, log and number of matches, in order. */
char *
culprit_test_store_digest (const char *db,
                           guint      *n_builds)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CulpritStore) store = culprit_store_open (db, &error);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GString *digest = g_string_new (NULL);

  g_assert_no_error (error);
  *n_builds = 0;
  stmt = _culprit_store_prepare (store,
                                 "SELECT b.build_num, b.state, coalesce (l.sha256, '-'),"
                                 " coalesce (l.raw_bytes, -1), coalesce (l.truncated, 0),"
                                 " b.scanned_through_pattern_id,"
                                 " (SELECT count(*) FROM matches m WHERE m.build_id = b.id)"
                                 " FROM builds b LEFT JOIN logs l ON l.build_id = b.id"
                                 " ORDER BY b.build_num", &error);
  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_string_append_printf (digest, "%" G_GINT64_FORMAT " %s %s %" G_GINT64_FORMAT " %d %"
                              G_GINT64_FORMAT " %d\n",
                              (gint64)sqlite3_column_int64 (stmt, 0),
                              (const char *)sqlite3_column_text (stmt, 1),
                              (const char *)sqlite3_column_text (stmt, 2),
                              (gint64)sqlite3_column_int64 (stmt, 3), sqlite3_column_int (stmt, 4),
                              (gint64)sqlite3_column_int64 (stmt, 5), sqlite3_column_int (stmt, 6));
      (*n_builds)++;
    }
  return g_string_free (digest, FALSE);
}
