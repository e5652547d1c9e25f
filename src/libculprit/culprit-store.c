/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-store"

#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "culprit-pattern.h"
#include "culprit-schema-resources.h"
#include "culprit-store-private.h"

#define SCHEMA_RESOURCE_PATH "/io/github/culprit/schema/"

struct _CulpritStore
{
  GObject   parent_instance;

  char       *path;
  sqlite3    *db;
  int         schema_version;
  GHashTable *cached;   /* SQL text (static) -> sqlite3_stmt, see _culprit_store_prepare_cached () */
};

G_DEFINE_FINAL_TYPE (CulpritStore, culprit_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (culprit-store-error-quark, culprit_store_error)

static void
culprit_store_finalize (GObject *object)
{
  CulpritStore *self = (CulpritStore *)object;

  g_clear_pointer (&self->cached, g_hash_table_unref);
  g_clear_pointer (&self->db, sqlite3_close_v2);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (culprit_store_parent_class)->finalize (object);
}

static void
culprit_store_class_init (CulpritStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = culprit_store_finalize;

  /* SQLite counts every allocation under one global mutex, which the
   * scanner's threads then take turns on; Culprit never asks for the
   * counts. Refused (harmlessly) if SQLite is already initialised. */
  sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
}

static void
culprit_store_init (CulpritStore *self)
{
}

/**
 * culprit_store_get_default_path:
 *
 * Returns: (transfer full): the per-user database,
 *   `$XDG_DATA_HOME/culprit/culprit.db`
 */
char *
culprit_store_get_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "culprit", "culprit.db", NULL);
}

static CulpritStoreError
error_code_for (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return CULPRIT_STORE_ERROR_NOT_A_DATABASE;
    case SQLITE_READONLY:
      return CULPRIT_STORE_ERROR_READ_ONLY;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return CULPRIT_STORE_ERROR_LOCKED;
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return CULPRIT_STORE_ERROR_CANT_OPEN;
    case SQLITE_CONSTRAINT:
      return CULPRIT_STORE_ERROR_CONFLICT;
    default:
      return CULPRIT_STORE_ERROR_FAILED;
    }
}

/* Sets @error from an SQLite result code with a message that says what to do. */
void
_culprit_store_set_error (CulpritStore  *self,
                          GError       **error,
                          int            rc,
                          const char    *what)
{
  CulpritStoreError code = error_code_for (rc);
  const char *path = self->path;
  const char *detail = self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);

  switch (code)
    {
    case CULPRIT_STORE_ERROR_NOT_A_DATABASE:
      g_set_error (error, CULPRIT_STORE_ERROR, code,
                   _("“%s” is not a Culprit database, or it is damaged (%s)"), path, detail);
      break;
    case CULPRIT_STORE_ERROR_READ_ONLY:
      g_set_error (error, CULPRIT_STORE_ERROR, code,
                   _("Cannot write to “%s”: the database or its folder is read-only (%s)"),
                   path, detail);
      break;
    case CULPRIT_STORE_ERROR_LOCKED:
      g_set_error (error, CULPRIT_STORE_ERROR, code,
                   _("“%s” is locked by another program that is writing to it; "
                     "try again when it has finished (%s)"), path, detail);
      break;
    case CULPRIT_STORE_ERROR_CANT_OPEN:
      g_set_error (error, CULPRIT_STORE_ERROR, code,
                   _("Cannot open “%s”: %s"), path, detail);
      break;
    default:
      g_set_error (error, CULPRIT_STORE_ERROR, code,
                   _("Database error in “%s” while %s: %s"), path, what, detail);
      break;
    }
}

sqlite3 *
_culprit_store_get_db (CulpritStore *self)
{
  g_return_val_if_fail (CULPRIT_IS_STORE (self), NULL);
  return self->db;
}

gboolean
_culprit_store_exec (CulpritStore  *self,
                     const char    *sql,
                     GError       **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      _culprit_store_set_error (self, error, rc, _("running a statement"));
      return FALSE;
    }
  return TRUE;
}

/* Runs one statement with one integer parameter. */
gboolean
_culprit_store_exec_int (CulpritStore  *self,
                         const char    *sql,
                         gint64         arg,
                         GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = _culprit_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, arg);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      _culprit_store_set_error (self, error, rc, _("running a statement"));
      return FALSE;
    }
  return TRUE;
}

gboolean
_culprit_store_begin (CulpritStore  *self,
                      GError       **error)
{
  return _culprit_store_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
_culprit_store_commit (CulpritStore  *self,
                       GError       **error)
{
  if (!_culprit_store_exec (self, "COMMIT", error))
    {
      _culprit_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

void
_culprit_store_rollback (CulpritStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

sqlite3_stmt *
_culprit_store_prepare (CulpritStore  *self,
                        const char    *sql,
                        GError       **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      _culprit_store_set_error (self, error, rc, _("preparing a query"));
      return NULL;
    }
  return stmt;
}

/**
 * _culprit_store_prepare_cached:
 * @sql: a string that lives as long as the store, such as a literal
 *
 * Like _culprit_store_prepare (), for a statement run over and over (once
 * per build in a scan): it is prepared once per connection and kept, and
 * comes back reset, with its bindings cleared.
 *
 * Returns: (transfer none) (nullable): the statement, owned by the store
 */
sqlite3_stmt *
_culprit_store_prepare_cached (CulpritStore  *self,
                               const char    *sql,
                               GError       **error)
{
  sqlite3_stmt *stmt;

  if (self->cached == NULL)
    self->cached = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                          (GDestroyNotify)sqlite3_finalize);
  stmt = g_hash_table_lookup (self->cached, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  stmt = _culprit_store_prepare (self, sql, error);
  if (stmt != NULL)
    g_hash_table_insert (self->cached, (gpointer)sql, stmt);
  return stmt;
}

static int
migration_number (const char *name)
{
  char *end = NULL;
  gint64 n;

  if (!g_ascii_isdigit (name[0]))
    return -1;
  n = g_ascii_strtoll (name, &end, 10);
  if (end == name || *end != '-' || !g_str_has_suffix (name, ".sql") || n <= 0 || n > G_MAXINT)
    return -1;
  return n;
}

static int
compare_migrations (gconstpointer a,
                    gconstpointer b)
{
  return migration_number (*(char **)a) - migration_number (*(char **)b);
}

/* The migrations compiled into the binary, sorted by number. */
static char **
list_migrations (void)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new ();
  g_auto(GStrv) names = NULL;

  names = g_resource_enumerate_children (culprit_schema_get_resource (), SCHEMA_RESOURCE_PATH,
                                        0, NULL);
  for (guint i = 0; names != NULL && names[i]; i++)
    if (migration_number (names[i]) > 0)
      g_ptr_array_add (out, g_strdup (names[i]));

  g_ptr_array_sort (out, compare_migrations);
  g_ptr_array_add (out, NULL);

  for (guint i = 0; i + 1 < out->len; i++)
    g_assert (migration_number (out->pdata[i]) == (int)i + 1);

  return (char **)g_ptr_array_free (g_steal_pointer (&out), FALSE);
}

/**
 * culprit_store_get_latest_schema_version:
 *
 * Returns: the schema version that this build of Culprit creates
 */
int
culprit_store_get_latest_schema_version (void)
{
  g_auto(GStrv) migrations = list_migrations ();

  return g_strv_length (migrations);
}

static gboolean
read_schema_version (CulpritStore  *self,
                     int           *version,
                     GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_version_table = FALSE;
  int n_tables = 0;
  int rc;

  stmt = _culprit_store_prepare (self, "SELECT name FROM sqlite_master WHERE type = 'table'",
                                 error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      n_tables++;
      if (g_strcmp0 ((const char *)sqlite3_column_text (stmt, 0), "schema_version") == 0)
        has_version_table = TRUE;
    }
  if (rc != SQLITE_DONE)
    {
      _culprit_store_set_error (self, error, rc, _("reading the schema"));
      return FALSE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (!has_version_table)
    {
      if (n_tables > 0)
        {
          g_set_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_NOT_A_DATABASE,
                       _("“%s” is an SQLite database of another program, not a Culprit "
                         "database"), self->path);
          return FALSE;
        }
      *version = 0;
      return TRUE;
    }

  stmt = _culprit_store_prepare (self, "SELECT max(version) FROM schema_version", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _culprit_store_set_error (self, error, rc, _("reading the schema version"));
      return FALSE;
    }
  *version = sqlite3_column_int (stmt, 0);

  return TRUE;
}

static gboolean
apply_migration (CulpritStore  *self,
                 int            number,
                 const char    *name,
                 GError       **error)
{
  g_autofree char *path = g_strconcat (SCHEMA_RESOURCE_PATH, name, NULL);
  g_autofree char *version_sql = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *sql = NULL;
  gsize len;
  int rc;

  bytes = g_resource_lookup_data (culprit_schema_get_resource (), path, 0, error);
  if (bytes == NULL)
    return FALSE;
  sql = g_strndup (g_bytes_get_data (bytes, &len), g_bytes_get_size (bytes));

  if (!_culprit_store_begin (self, error))
    return FALSE;

  version_sql = g_strdup_printf ("CREATE TABLE IF NOT EXISTS schema_version ("
                                 "  version INTEGER NOT NULL, applied_at INTEGER NOT NULL);"
                                 "INSERT INTO schema_version (version, applied_at) "
                                 "VALUES (%d, strftime('%%s', 'now'));", number);

  rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (self->db, version_sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      CulpritStoreError code = error_code_for (rc);

      if (code == CULPRIT_STORE_ERROR_FAILED)
        g_set_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_MIGRATION,
                     _("Could not upgrade “%s” to version %d (%s): %s"),
                     self->path, number, name, sqlite3_errmsg (self->db));
      else
        _culprit_store_set_error (self, error, rc, _("upgrading the database"));
      _culprit_store_rollback (self);
      return FALSE;
    }

  if (!_culprit_store_commit (self, error))
    return FALSE;

  self->schema_version = number;
  g_debug ("Upgraded %s to schema version %d", self->path, number);

  return TRUE;
}

static gboolean
check_not_newer (CulpritStore  *self,
                 int            latest,
                 GError       **error)
{
  if (self->schema_version > latest)
    {
      g_set_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_NEWER_VERSION,
                   _("“%s” was written by a newer version of Culprit (database version %d; "
                     "this version knows up to %d). Update Culprit to open it."),
                   self->path, self->schema_version, latest);
      return FALSE;
    }
  return TRUE;
}

static gboolean
migrate (CulpritStore  *self,
         GError       **error)
{
  g_auto(GStrv) migrations = list_migrations ();
  int latest = g_strv_length (migrations);

  if (!read_schema_version (self, &self->schema_version, error) ||
      !check_not_newer (self, latest, error))
    return FALSE;

  for (int n = self->schema_version + 1; n <= latest; n++)
    if (!apply_migration (self, n, migrations[n - 1], error))
      return FALSE;

  return TRUE;
}

CulpritStore *
_culprit_store_open_full (const char  *path,
                          int          busy_timeout_ms,
                          GError     **error)
{
  g_autoptr(CulpritStore) self = NULL;
  g_autofree char *dir = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (CULPRIT_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_CANT_OPEN,
                   _("Cannot open “%s”: it is a folder, not a database file"), path);
      return NULL;
    }

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;

      g_set_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_CANT_OPEN,
                   _("Cannot create the folder “%s” for the database: %s"),
                   dir, g_strerror (errsv));
      return NULL;
    }

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      _culprit_store_set_error (self, error, rc, _("opening"));
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, busy_timeout_ms);

  if (sqlite3_db_readonly (self->db, "main") == 1)
    {
      g_set_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_READ_ONLY,
                   _("Cannot write to “%s”: the file is read-only. Culprit needs to write "
                     "to its database; check the file’s permissions."), path);
      return NULL;
    }

  /* temporary tables and indexes, and the journal of a statement that
   * changes many rows (the scanner's, 32 builds a statement), in memory:
   * on disk, writing them was a fifth of an incremental scan */
  if (!_culprit_store_exec (self, "PRAGMA journal_mode = WAL", error) ||
      !_culprit_store_exec (self, "PRAGMA foreign_keys = ON", error) ||
      !_culprit_store_exec (self, "PRAGMA synchronous = NORMAL", error) ||
      !_culprit_store_exec (self, "PRAGMA temp_store = MEMORY", error) ||
      !migrate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * culprit_store_open:
 * @path: the database file; created with its folder when missing
 *
 * Opens a store and brings its schema up to date, one migration per
 * transaction. Refuses a database from a newer version of Culprit, a file
 * that is not a database, and a read-only file, with messages that say so.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
CulpritStore *
culprit_store_open (const char  *path,
                    GError     **error)
{
  return _culprit_store_open_full (path, CULPRIT_STORE_BUSY_TIMEOUT_MS, error);
}

static int
open_read_only (CulpritStore *self,
                gboolean      immutable)
{
  g_autofree char *escaped = g_uri_escape_string (self->path, "/", FALSE);
  g_autofree char *uri = g_strconcat ("file:", escaped, immutable ? "?immutable=1" : "?mode=ro",
                                      NULL);
  int rc;

  g_clear_pointer (&self->db, sqlite3_close_v2);
  rc = sqlite3_open_v2 (uri, &self->db,
                        SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc != SQLITE_OK)
    return rc;
  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, CULPRIT_STORE_BUSY_TIMEOUT_MS);
  /* reading the schema opens the write-ahead log and its index */
  return sqlite3_exec (self->db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
}

/**
 * culprit_store_open_read_only:
 * @path: an existing database file
 *
 * Opens a store for reading only, for commands that only read: it works
 * on a database that the user may not write, the file or its folder
 * (where SQLite keeps the write-ahead log's files). Anything that writes
 * fails with %CULPRIT_STORE_ERROR_READ_ONLY.
 *
 * A database that needs a migration fails with
 * %CULPRIT_STORE_ERROR_NEEDS_UPGRADE: open it with culprit_store_open ().
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
CulpritStore *
culprit_store_open_read_only (const char  *path,
                              GError     **error)
{
  g_autoptr(CulpritStore) self = NULL;
  int latest = culprit_store_get_latest_schema_version ();
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (CULPRIT_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_CANT_OPEN,
                   _("Cannot open “%s”: it is a folder, not a database file"), path);
      return NULL;
    }
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_CANT_OPEN,
                   _("Cannot open “%s”: there is no such file"), path);
      return NULL;
    }

  rc = open_read_only (self, FALSE);
  if ((rc & 0xff) == SQLITE_READONLY || (rc & 0xff) == SQLITE_CANTOPEN)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      GStatBuf st;

      /* A database in write-ahead-log mode needs its -shm file, which
       * cannot be created in a folder that is read-only. The file is there
       * whenever a connection is open, so none is: read the database as a
       * file that does not change while this command reads it. Unless the
       * log still holds changes (a program ended without folding them
       * in): read as immutable, they would be silently missing. */
      if (g_stat (wal, &st) == 0 && st.st_size > 0)
        {
          g_set_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_READ_ONLY,
                       _("Cannot read “%s”: its latest changes are still in “%s”, which "
                         "can only be read with write access to the folder. Open the "
                         "database once with write access to fold them in."), path, wal);
          return NULL;
        }
      g_debug ("Reading %s as immutable: %s", path, sqlite3_errstr (rc));
      rc = open_read_only (self, TRUE);
    }
  if (rc != SQLITE_OK)
    {
      _culprit_store_set_error (self, error, rc, _("opening"));
      return NULL;
    }

  if (!read_schema_version (self, &self->schema_version, error) ||
      !check_not_newer (self, latest, error))
    return NULL;
  if (self->schema_version < latest)
    {
      g_set_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_NEEDS_UPGRADE,
                   _("“%s” is from an older version of Culprit (database version %d; this "
                     "version writes %d): it needs an upgrade, which writes to it"),
                   path, self->schema_version, latest);
      return NULL;
    }

  return g_steal_pointer (&self);
}

const char *
culprit_store_get_path (CulpritStore *self)
{
  g_return_val_if_fail (CULPRIT_IS_STORE (self), NULL);
  return self->path;
}

int
culprit_store_get_schema_version (CulpritStore *self)
{
  g_return_val_if_fail (CULPRIT_IS_STORE (self), 0);
  return self->schema_version;
}
