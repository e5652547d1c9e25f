/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "culprit-store-private.h"
#include "culprit-test-util.h"

static char *
new_db_path (void)
{
  g_autofree char *dir = culprit_test_make_tmpdir ();

  return g_build_filename (dir, "sub", "folder", "culprit.db", NULL);
}

static CulpritStore *
new_store (void)
{
  g_autofree char *path = new_db_path ();
  g_autoptr(GError) error = NULL;
  CulpritStore *store = culprit_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}


static void
exec_raw (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *msg = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &msg) != SQLITE_OK)
    g_error ("%s", msg);
  sqlite3_close (db);
}

static void
test_create (void)
{
  g_autoptr(CulpritStore) store = new_store ();
  const char *tables[] = { "builds", "logs", "patterns", "tags", "pattern_tags", "pattern_steps",
                           "matches", "match_summary", "schema_version", "repositories",
                           "tracked_branches", "listed_ranges", NULL };
  g_auto(GStrv) tags = NULL;

  g_assert_cmpint (culprit_store_get_schema_version (store), ==,
                   culprit_store_get_latest_schema_version ());
  g_assert_cmpint (culprit_store_get_latest_schema_version (), >=, 2);
  g_assert_true (g_file_test (culprit_store_get_path (store), G_FILE_TEST_IS_REGULAR));

  for (guint i = 0; tables[i]; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM sqlite_master "
                                              "WHERE type = 'table' AND name = '%s'", tables[i]);
      g_assert_cmpint (culprit_test_query_int (store, sql), ==, 1);
    }

  {
    g_autoptr(sqlite3_stmt) stmt = _culprit_store_prepare (store, "PRAGMA journal_mode", NULL);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, "wal");
  }
  g_assert_cmpint (culprit_test_query_int (store, "PRAGMA foreign_keys"), ==, 1);

  tags = culprit_store_list_tags (store, NULL);
  g_assert_true (g_strv_contains ((const char * const *)tags, "flaky"));
  g_assert_true (g_strv_contains ((const char * const *)tags, "known-problem"));
}

static void
test_reopen (void)
{
  g_autofree char *path = new_db_path ();
  g_autoptr(GError) error = NULL;
  CulpritStore *store;

  for (guint i = 0; i < 3; i++)
    {
      store = culprit_store_open (path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (culprit_test_query_int (store, "SELECT count(*) FROM schema_version"), ==,
                       culprit_store_get_latest_schema_version ());
      g_assert_finalize_object (store);
    }
}

static char *
read_source (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "schema", name, NULL);
  g_autoptr(GError) error = NULL;
  char *sql = NULL;

  g_file_get_contents (path, &sql, NULL, &error);
  g_assert_no_error (error);
  return sql;
}

/* A database written by version 1 of the schema, with data in it, is
 * brought up to date without losing anything. */
static void
test_migrate_existing (void)
{
  g_autofree char *path = new_db_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *v1 = read_source ("0001-initial.sql");
  g_autoptr(CulpritStore) store = NULL;
  g_autoptr(GPtrArray) patterns = NULL;
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (dir, 0700);
  exec_raw (path, v1);
  exec_raw (path,
            "CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at INTEGER NOT NULL);"
            "INSERT INTO schema_version VALUES (1, 0);"
            "INSERT INTO patterns (id, family_id, name, expression, created_at)"
            "  VALUES (1, 1, 'old', 'segfault', 100);"
            "INSERT INTO builds (repo, build_num, branch) VALUES"
            "  ('github/a/b', 1, 'master'), ('github/a/b', 2, 'pull/7'), ('github/a/b', 3, 'master');");

  store = culprit_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (culprit_store_get_schema_version (store), ==,
                   culprit_store_get_latest_schema_version ());

  patterns = culprit_store_list_patterns (store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (patterns->len, ==, 1);
  g_assert_cmpstr (culprit_pattern_get_name (patterns->pdata[0]), ==, "old");
  g_assert_cmpint (culprit_test_query_int (store, "SELECT count(*) FROM builds"), ==, 3);
  /* migration 2 registered the repository and branches that were there */
  g_assert_cmpint (culprit_test_query_int (store, "SELECT count(*) FROM repositories"), ==, 1);
  g_assert_cmpint (culprit_test_query_int (store, "SELECT count(*) FROM tracked_branches"), ==, 2);
}

static void
test_newer_version (void)
{
  g_autofree char *path = new_db_path ();
  g_autoptr(CulpritStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = culprit_store_open (path, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  exec_raw (path, "INSERT INTO schema_version VALUES (999, 0)");
  store = culprit_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_NEWER_VERSION);
  g_assert_nonnull (strstr (error->message, "newer version of Culprit"));
  g_assert_nonnull (strstr (error->message, "999"));
}

static void
test_not_a_database (void)
{
  g_autofree char *path = new_db_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *other = g_build_filename (dir, "other.sqlite", NULL);
  g_autofree char *after = NULL;
  g_autoptr(CulpritStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const char garbage[] = "this is a text file, not SQLite, and must stay as it is\n"
                         "0123456789012345678901234567890123456789012345678901234567890123456789\n";

  g_mkdir_with_parents (dir, 0700);
  culprit_test_write_file (path, garbage, -1);
  store = culprit_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_NOT_A_DATABASE);
  g_assert_nonnull (strstr (error->message, "not a Culprit database"));

  /* nothing lost: the file is untouched */
  g_file_get_contents (path, &after, NULL, NULL);
  g_assert_cmpstr (after, ==, garbage);

  /* an SQLite database of another program is refused, not migrated */
  exec_raw (other, "CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x');");
  g_clear_error (&error);
  store = culprit_store_open (other, &error);
  g_assert_null (store);
  g_assert_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_NOT_A_DATABASE);
  g_assert_nonnull (strstr (error->message, "another program"));
}

static void
test_folder (void)
{
  g_autofree char *dir = culprit_test_make_tmpdir ();
  g_autoptr(CulpritStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_build_filename (dir, "file", NULL);
  g_autofree char *below_file = g_build_filename (file, "culprit.db", NULL);

  store = culprit_store_open (dir, &error);
  g_assert_null (store);
  g_assert_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_CANT_OPEN);
  g_assert_nonnull (strstr (error->message, "folder"));

  culprit_test_write_file (file, "x", -1);
  g_clear_error (&error);
  store = culprit_store_open (below_file, &error);
  g_assert_null (store);
  g_assert_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_CANT_OPEN);
}

static void
test_read_only (void)
{
  g_autofree char *path = new_db_path ();
  g_autoptr(CulpritStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cmd = NULL;
  gboolean immutable = FALSE;

  store = culprit_store_open (path, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  /* checkpointed and closed: only the main file remains */

  if (getuid () != 0)
    g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  else
    {
      /* root ignores permissions; an immutable file is read-only even for root */
      int status = -1;

      cmd = g_strdup_printf ("chattr +i '%s'", path);
      if (!g_spawn_command_line_sync (cmd, NULL, NULL, &status, NULL) || status != 0)
        {
          g_test_skip ("running as root on a file system without chattr +i");
          return;
        }
      immutable = TRUE;
    }

  store = culprit_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, "read-only"));

  if (immutable)
    {
      g_autofree char *undo = g_strdup_printf ("chattr -i '%s'", path);
      g_spawn_command_line_sync (undo, NULL, NULL, NULL, NULL);
    }
}

/* For commands that only read: reads work, writes fail with READ_ONLY,
 * and a database that needs an upgrade says so (the CLI then opens it for
 * writing). That the user's permissions no longer matter is in test-cli. */
static void
test_open_read_only (void)
{
  g_autofree char *path = new_db_path ();
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *empty = g_build_filename (folder, "empty.db", NULL);
  g_autoptr(CulpritStore) store = NULL;
  g_autoptr(CulpritPattern) pattern = culprit_test_pattern ("p", "needle", FALSE);
  g_autoptr(CulpritPattern) other = culprit_test_pattern ("q", "other", FALSE);
  g_autoptr(GPtrArray) patterns = NULL;
  g_autoptr(GError) error = NULL;

  store = culprit_store_open_read_only (path, &error);
  g_assert_null (store);
  g_assert_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_CANT_OPEN);
  g_clear_error (&error);

  store = culprit_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (culprit_store_add_pattern (store, pattern, &error));
  g_clear_object (&store);

  store = culprit_store_open_read_only (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (culprit_store_get_schema_version (store), ==,
                   culprit_store_get_latest_schema_version ());
  patterns = culprit_store_list_patterns (store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (patterns->len, ==, 1);
  g_assert_false (culprit_store_add_pattern (store, other, &error));
  g_assert_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_clear_object (&store);

  /* an empty file has no schema yet */
  culprit_test_write_file (empty, "", 0);
  store = culprit_store_open_read_only (empty, &error);
  g_assert_null (store);
  g_assert_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_NEEDS_UPGRADE);
}

static void
test_locked (void)
{
  g_autofree char *path = new_db_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(CulpritStore) store = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *other = NULL;

  /* another program holds an exclusive lock on a database being created */
  g_mkdir_with_parents (dir, 0700);
  g_assert_cmpint (sqlite3_open (path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN EXCLUSIVE; CREATE TABLE t (x);", NULL, NULL, NULL),
                   ==, SQLITE_OK);

  store = _culprit_store_open_full (path, 100, &error);
  g_assert_null (store);
  g_assert_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_LOCKED);
  g_assert_nonnull (strstr (error->message, "locked"));

  sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (other);

  /* once the other program is done, it opens */
  g_clear_error (&error);
  store = _culprit_store_open_full (path, 100, &error);
  g_assert_no_error (error);
}

static CulpritPattern *
add (CulpritStore *store,
     const char   *name,
     const char   *expression,
     gboolean      regex)
{
  g_autoptr(GError) error = NULL;
  CulpritPattern *p = culprit_pattern_new (name, expression, regex);

  g_assert_true (culprit_store_add_pattern (store, p, &error));
  g_assert_no_error (error);
  return p;
}

static void
test_add_pattern (void)
{
  g_autoptr(CulpritStore) store = new_store ();
  g_autoptr(CulpritPattern) p = NULL;
  g_autoptr(CulpritPattern) dup = NULL;
  g_autoptr(CulpritPattern) bad = NULL;
  g_autoptr(CulpritPattern) got = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) tags = NULL;
  const char *p_tags[] = { "flaky", "docker", NULL };
  const char *steps[] = { "Build", NULL };
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;

  p = culprit_pattern_new ("docker pull", "Error response from daemon", FALSE);
  culprit_pattern_set_tags (p, p_tags);
  culprit_pattern_set_applicable_steps (p, steps);
  culprit_pattern_set_lines_from_end (p, 40);
  culprit_pattern_set_author (p, "alice");
  g_assert_true (culprit_store_add_pattern (store, p, &error));
  g_assert_no_error (error);
  g_assert_cmpint (culprit_pattern_get_id (p), >, 0);
  g_assert_cmpint (culprit_pattern_get_family_id (p), ==, culprit_pattern_get_id (p));
  g_assert_cmpint (culprit_pattern_get_created (p), >=, before);

  got = culprit_store_get_pattern (store, culprit_pattern_get_id (p), &error);
  g_assert_no_error (error);
  g_assert_true (culprit_pattern_same_definition (p, got));
  g_assert_cmpstr (culprit_pattern_get_author (got), ==, "alice");

  tags = culprit_store_list_tags (store, &error);
  g_assert_true (g_strv_contains ((const char * const *)tags, "docker"));

  /* a second live pattern of the same name is refused */
  dup = culprit_pattern_new ("docker pull", "other", FALSE);
  g_assert_false (culprit_store_add_pattern (store, dup, &error));
  g_assert_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_CONFLICT);
  g_clear_error (&error);

  /* an invalid regex is refused, saying what is wrong and where, and nothing is written */
  bad = culprit_pattern_new ("bad", "a(b", TRUE);
  g_assert_false (culprit_store_add_pattern (store, bad, &error));
  g_assert_error (error, CULPRIT_PATTERN_ERROR, CULPRIT_PATTERN_ERROR_INVALID_REGEX);
  g_assert_nonnull (strstr (error->message, "Unmatched ( at character 2: “(b”"));
  g_clear_error (&error);

  all = culprit_store_list_patterns (store, TRUE, &error);
  g_assert_cmpuint (all->len, ==, 1);
  g_assert_cmpint (culprit_store_get_max_pattern_id (store, NULL), ==, culprit_pattern_get_id (p));
}

static void
test_edit_pattern (void)
{
  g_autoptr(CulpritStore) store = new_store ();
  g_autoptr(CulpritPattern) p = add (store, "oom", "Killed", FALSE);
  g_autoptr(CulpritPattern) other = add (store, "segv", "Segmentation fault", FALSE);
  g_autoptr(CulpritPattern) edited = culprit_pattern_copy (p);
  g_autoptr(CulpritPattern) v2 = NULL;
  g_autoptr(CulpritPattern) old = NULL;
  g_autoptr(CulpritPattern) relabelled = NULL;
  g_autoptr(CulpritPattern) stale = NULL;
  g_autoptr(CulpritPattern) clash = NULL;
  g_autoptr(GPtrArray) live = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  const char *tags[] = { "known-problem", NULL };

  /* what it matches changes: a new version with a larger id */
  culprit_pattern_set_expression (edited, "Killed process \\d+");
  culprit_pattern_set_is_regex (edited, TRUE);
  v2 = culprit_store_edit_pattern (store, edited, &error);
  g_assert_no_error (error);
  g_assert_cmpint (culprit_pattern_get_id (v2), >, culprit_pattern_get_id (other));
  g_assert_cmpint (culprit_pattern_get_family_id (v2), ==, culprit_pattern_get_id (p));
  g_assert_false (culprit_pattern_get_retired (v2));

  old = culprit_store_get_pattern (store, culprit_pattern_get_id (p), &error);
  g_assert_true (culprit_pattern_get_retired (old));
  g_assert_cmpint (culprit_test_query_int (store, "SELECT superseded_by FROM patterns WHERE id = 1"), ==,
                   culprit_pattern_get_id (v2));

  live = culprit_store_list_patterns (store, FALSE, &error);
  g_assert_cmpuint (live->len, ==, 2);
  all = culprit_store_list_patterns (store, TRUE, &error);
  g_assert_cmpuint (all->len, ==, 3);

  /* only labels change: the same version, relabelled in place */
  g_object_unref (edited);
  edited = culprit_pattern_copy (v2);
  culprit_pattern_set_name (edited, "Out of memory");
  culprit_pattern_set_description (edited, "needs a bigger machine");
  culprit_pattern_set_tags (edited, tags);
  relabelled = culprit_store_edit_pattern (store, edited, &error);
  g_assert_no_error (error);
  g_assert_cmpint (culprit_pattern_get_id (relabelled), ==, culprit_pattern_get_id (v2));
  g_assert_cmpstr (culprit_pattern_get_name (relabelled), ==, "Out of memory");
  g_assert_true (culprit_pattern_has_tag (relabelled, "known-problem"));
  g_assert_cmpint (culprit_store_get_max_pattern_id (store, NULL), ==, culprit_pattern_get_id (v2));

  /* specificity ranks matches, so it makes a new version too */
  culprit_pattern_set_specificity (edited, 5);
  g_clear_object (&relabelled);
  relabelled = culprit_store_edit_pattern (store, edited, &error);
  g_assert_no_error (error);
  g_assert_cmpint (culprit_pattern_get_id (relabelled), >, culprit_pattern_get_id (v2));

  /* editing a superseded version is refused */
  stale = culprit_pattern_copy (p);
  culprit_pattern_set_expression (stale, "Killed!");
  g_assert_null (culprit_store_edit_pattern (store, stale, &error));
  g_assert_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_CONFLICT);
  g_clear_error (&error);

  /* renaming onto another live pattern's name is refused */
  clash = culprit_pattern_copy (relabelled);
  culprit_pattern_set_name (clash, "segv");
  g_assert_null (culprit_store_edit_pattern (store, clash, &error));
  g_assert_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_CONFLICT);
}

static void
test_retire (void)
{
  g_autoptr(CulpritStore) store = new_store ();
  g_autoptr(CulpritPattern) p = add (store, "x", "x", FALSE);
  g_autoptr(CulpritPattern) q = add (store, "y", "y", FALSE);
  g_autoptr(CulpritPattern) found = NULL;
  g_autoptr(CulpritPattern) newer = NULL;
  g_autoptr(GPtrArray) live = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (culprit_store_retire_pattern (store, culprit_pattern_get_id (p), &error));
  g_assert_no_error (error);
  live = culprit_store_list_patterns (store, FALSE, NULL);
  g_assert_cmpuint (live->len, ==, 1);

  g_assert_false (culprit_store_retire_pattern (store, culprit_pattern_get_id (p), &error));
  g_assert_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_CONFLICT);
  g_clear_error (&error);

  g_assert_false (culprit_store_retire_pattern (store, 12345, &error));
  g_assert_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* the name is free again; bringing the old one back then conflicts */
  newer = add (store, "x", "xx", FALSE);
  g_assert_false (culprit_store_unretire_pattern (store, culprit_pattern_get_id (p), &error));
  g_assert_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_true (culprit_store_retire_pattern (store, culprit_pattern_get_id (newer), &error));

  /* undo */
  g_assert_true (culprit_store_unretire_pattern (store, culprit_pattern_get_id (p), &error));
  g_assert_no_error (error);
  found = culprit_store_find_pattern (store, "x", &error);
  g_assert_no_error (error);
  g_assert_cmpint (culprit_pattern_get_id (found), ==, culprit_pattern_get_id (p));
}

static gboolean
contains_id (GPtrArray *patterns,
             gint64     id)
{
  for (guint i = 0; i < patterns->len; i++)
    if (culprit_pattern_get_id (g_ptr_array_index (patterns, i)) == id)
      return TRUE;
  return FALSE;
}

/* A retired pattern stays listed as retired, and comes back as a new live
 * version of its family, with its definition; the retired version stays. */
static void
test_restore (void)
{
  g_autoptr(CulpritStore) store = new_store ();
  g_autoptr(CulpritPattern) p = add (store, "oom", "Killed process \\d+", TRUE);
  g_autoptr(CulpritPattern) q = add (store, "dns", "Could not resolve host", FALSE);
  g_autoptr(CulpritPattern) edited = culprit_pattern_copy (q);
  g_autoptr(CulpritPattern) q2 = NULL;
  g_autoptr(CulpritPattern) restored = NULL;
  g_autoptr(CulpritPattern) old = NULL;
  g_autoptr(CulpritPattern) taken = NULL;
  g_autoptr(GPtrArray) retired = NULL;
  g_autoptr(GError) error = NULL;
  const char *tags[] = { "infra", NULL };

  culprit_pattern_set_tags (p, tags);
  g_assert_true (culprit_store_set_pattern_tags (store, culprit_pattern_get_id (p), tags, &error));
  /* an edit retires the old version, but it is not a retired pattern */
  culprit_pattern_set_expression (edited, "Could not resolve host: .*");
  culprit_pattern_set_is_regex (edited, TRUE);
  q2 = culprit_store_edit_pattern (store, edited, &error);
  g_assert_no_error (error);

  retired = culprit_store_list_retired_patterns (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (retired->len, ==, 0);
  g_clear_pointer (&retired, g_ptr_array_unref);

  g_assert_true (culprit_store_retire_pattern (store, culprit_pattern_get_id (p), &error));
  g_assert_true (culprit_store_retire_pattern (store, culprit_pattern_get_id (q2), &error));
  g_assert_no_error (error);
  retired = culprit_store_list_retired_patterns (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (retired->len, ==, 2);
  g_assert_true (contains_id (retired, culprit_pattern_get_id (p)));
  g_assert_true (contains_id (retired, culprit_pattern_get_id (q2)));
  g_clear_pointer (&retired, g_ptr_array_unref);

  /* a live pattern is not restored; an old version whose family is live is not */
  g_assert_null (culprit_store_restore_pattern (store, 9999, &error));
  g_assert_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  restored = culprit_store_restore_pattern (store, culprit_pattern_get_id (p), &error);
  g_assert_no_error (error);
  g_assert_nonnull (restored);
  g_assert_cmpint (culprit_pattern_get_id (restored), >, culprit_pattern_get_id (q2));
  g_assert_cmpint (culprit_pattern_get_family_id (restored), ==, culprit_pattern_get_family_id (p));
  g_assert_false (culprit_pattern_get_retired (restored));
  g_assert_true (culprit_pattern_same_definition (restored, p));
  g_assert_cmpint (culprit_store_get_max_pattern_id (store, NULL), ==, culprit_pattern_get_id (restored));

  old = culprit_store_get_pattern (store, culprit_pattern_get_id (p), &error);
  g_assert_true (culprit_pattern_get_retired (old));
  retired = culprit_store_list_retired_patterns (store, &error);
  g_assert_cmpuint (retired->len, ==, 1);
  g_assert_false (contains_id (retired, culprit_pattern_get_id (p)));
  g_clear_pointer (&retired, g_ptr_array_unref);

  g_assert_null (culprit_store_restore_pattern (store, culprit_pattern_get_id (p), &error));
  g_assert_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_null (culprit_store_restore_pattern (store, culprit_pattern_get_id (restored), &error));
  g_assert_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_CONFLICT);
  g_clear_error (&error);

  /* its name was taken meanwhile */
  taken = add (store, "dns", "getaddrinfo failed", FALSE);
  g_assert_null (culprit_store_restore_pattern (store, culprit_pattern_get_id (q2), &error));
  g_assert_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
}

static void
test_tags_and_find (void)
{
  g_autoptr(CulpritStore) store = new_store ();
  g_autoptr(CulpritPattern) p = add (store, "flaky dns", "Could not resolve host", FALSE);
  g_autoptr(CulpritPattern) by_id = NULL;
  g_autoptr(CulpritPattern) missing = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, culprit_pattern_get_id (p));
  const char *tags[] = { "network", "flaky", NULL };

  g_assert_true (culprit_store_set_pattern_tags (store, culprit_pattern_get_id (p), tags, &error));
  g_assert_no_error (error);
  by_id = culprit_store_find_pattern (store, id, &error);
  g_assert_no_error (error);
  g_assert_true (culprit_pattern_has_tag (by_id, "network"));
  g_assert_cmpint (culprit_pattern_get_id (by_id), ==, culprit_pattern_get_id (p));

  missing = culprit_store_find_pattern (store, "nope", &error);
  g_assert_null (missing);
  g_assert_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_NOT_FOUND);
}

static void
test_import (void)
{
  g_autoptr(CulpritStore) store = new_store ();
  g_autoptr(GPtrArray) set = NULL;
  g_autoptr(GPtrArray) live = NULL;
  g_autoptr(GError) error = NULL;
  CulpritImportStats stats;

  set = culprit_pattern_set_load_data ("{\"culprit_patterns\": 1, \"patterns\": ["
                                       "{\"name\": \"a\", \"expression\": \"A\"},"
                                       "{\"name\": \"b\", \"expression\": \"B\", \"regex\": true},"
                                       "{\"name\": \"c\", \"expression\": \"C\"}]}", -1, &error);
  g_assert_no_error (error);

  g_assert_true (culprit_store_import_patterns (store, set, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.added, ==, 3);

  /* importing the same file again changes nothing */
  g_assert_true (culprit_store_import_patterns (store, set, &stats, &error));
  g_assert_cmpuint (stats.added, ==, 0);
  g_assert_cmpuint (stats.unchanged, ==, 3);
  g_assert_cmpint (culprit_store_get_max_pattern_id (store, NULL), ==, 3);

  /* a changed pattern becomes a new version */
  culprit_pattern_set_expression (set->pdata[1], "B+");
  g_assert_true (culprit_store_import_patterns (store, set, &stats, &error));
  g_assert_cmpuint (stats.updated, ==, 1);
  g_assert_cmpuint (stats.unchanged, ==, 2);
  live = culprit_store_list_patterns (store, FALSE, NULL);
  g_assert_cmpuint (live->len, ==, 3);
  g_assert_cmpint (culprit_store_get_max_pattern_id (store, NULL), ==, 4);
}

static void
test_import_all_or_nothing (void)
{
  g_autoptr(CulpritStore) store = new_store ();
  g_autoptr(CulpritPattern) keep = add (store, "keep", "K", FALSE);
  g_autoptr(GPtrArray) set = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  CulpritImportStats stats = { 0 };

  g_ptr_array_add (set, culprit_pattern_new ("new1", "N1", FALSE));
  g_ptr_array_add (set, culprit_pattern_new ("keep", "K changed", FALSE));
  g_ptr_array_add (set, culprit_pattern_new ("broken", "(", TRUE));
  g_ptr_array_add (set, culprit_pattern_new ("new2", "N2", FALSE));

  g_assert_false (culprit_store_import_patterns (store, set, &stats, &error));
  g_assert_error (error, CULPRIT_PATTERN_ERROR, CULPRIT_PATTERN_ERROR_INVALID_REGEX);
  g_assert_nonnull (strstr (error->message, "Pattern 3 (“broken”)"));
  g_assert_nonnull (strstr (error->message, "nothing was imported"));
  g_assert_cmpuint (stats.added, ==, 0);

  after = culprit_store_list_patterns (store, TRUE, NULL);
  g_assert_cmpuint (after->len, ==, 1);
  g_assert_cmpstr (culprit_pattern_get_expression (after->pdata[0]), ==, "K");
}

/* How far a build list was listed: per repository, branch and filter;
 * deleting a stored build in a range forgets the range. */
static void
test_listed_ranges (void)
{
  g_autoptr(CulpritStore) store = new_store ();
  g_autoptr(GPtrArray) builds = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  CulpritListedRange range = { .newest = 40, .oldest = 11, .n_listed = 30, .reached_end = FALSE };
  CulpritListedRange got;
  gboolean found = TRUE;

  g_assert_true (culprit_store_get_listed_range (store, "github/o/r", NULL, "completed", &got,
                                                 &found, &error));
  g_assert_no_error (error);
  g_assert_false (found);

  for (gint64 num = 11; num <= 40; num++)
    g_ptr_array_add (builds, culprit_build_new ("github/o/r", num));
  g_assert_true (culprit_store_add_builds (store, builds, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (culprit_store_set_listed_range (store, "github/o/r", NULL, "completed", &range,
                                                 &error));
  g_assert_no_error (error);
  range.oldest = 31;
  range.n_listed = 10;
  range.reached_end = TRUE;
  g_assert_true (culprit_store_set_listed_range (store, "github/o/r", "master", "completed",
                                                 &range, &error));
  g_assert_no_error (error);

  g_assert_true (culprit_store_get_listed_range (store, "github/o/r", NULL, "completed", &got,
                                                 &found, &error));
  g_assert_true (found);
  g_assert_cmpint (got.newest, ==, 40);
  g_assert_cmpint (got.oldest, ==, 11);
  g_assert_cmpuint (got.n_listed, ==, 30);
  g_assert_false (got.reached_end);
  g_assert_true (culprit_store_get_listed_range (store, "github/o/r", "master", "completed", &got,
                                                 &found, &error));
  g_assert_true (found);
  g_assert_cmpint (got.oldest, ==, 31);
  g_assert_true (got.reached_end);
  g_assert_true (culprit_store_get_listed_range (store, "github/o/r", NULL, "failed", &got,
                                                 &found, &error));
  g_assert_false (found);

  /* build 20 is gone: the all-branches range held it, master's did not */
  g_assert_true (_culprit_store_exec (store, "DELETE FROM builds WHERE build_num = 20", &error));
  g_assert_no_error (error);
  g_assert_true (culprit_store_get_listed_range (store, "github/o/r", NULL, "completed", &got,
                                                 &found, &error));
  g_assert_false (found);
  g_assert_true (culprit_store_get_listed_range (store, "github/o/r", "master", "completed", &got,
                                                 &found, &error));
  g_assert_true (found);

  /* and a wipe forgets every range of the repository */
  g_assert_cmpint (culprit_store_wipe_builds (store, "github/o/r", &error), ==, 29);
  g_assert_true (culprit_store_get_listed_range (store, "github/o/r", "master", "completed", &got,
                                                 &found, &error));
  g_assert_no_error (error);
  g_assert_false (found);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/culprit/store/create", test_create);
  g_test_add_func ("/culprit/store/reopen", test_reopen);
  g_test_add_func ("/culprit/store/migrate-existing", test_migrate_existing);
  g_test_add_func ("/culprit/store/newer-version", test_newer_version);
  g_test_add_func ("/culprit/store/not-a-database", test_not_a_database);
  g_test_add_func ("/culprit/store/folder", test_folder);
  g_test_add_func ("/culprit/store/read-only", test_read_only);
  g_test_add_func ("/culprit/store/locked", test_locked);
  g_test_add_func ("/culprit/store/open-read-only", test_open_read_only);
  g_test_add_func ("/culprit/store/add-pattern", test_add_pattern);
  g_test_add_func ("/culprit/store/edit-pattern", test_edit_pattern);
  g_test_add_func ("/culprit/store/retire", test_retire);
  g_test_add_func ("/culprit/store/restore", test_restore);
  g_test_add_func ("/culprit/store/tags-and-find", test_tags_and_find);
  g_test_add_func ("/culprit/store/import", test_import);
  g_test_add_func ("/culprit/store/import-all-or-nothing", test_import_all_or_nothing);
  g_test_add_func ("/culprit/store/listed-ranges", test_listed_ranges);

  return g_test_run ();
}
