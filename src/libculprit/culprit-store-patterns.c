/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "culprit-json.h"
#include "culprit-pattern.h"
#include "culprit-store-private.h"

/* The pattern store: immutable versions. A change to anything that decides
 * what a pattern matches or how its matches rank (expression, regex, case,
 * applicable steps, lines from end, specificity, kind) writes a new version
 * with a larger id and retires the old one, so that the scanner's per-build
 * watermark stays one integer. Name, description and tags only label the
 * matches: they are changed in place. */

/* A pattern's tags and steps come with its row, as JSON arrays: one query
 * lists every pattern, however many there are. */
#define PATTERN_COLUMNS \
  "id, family_id, name, description, expression, is_regex, case_sensitive, " \
  "lines_from_end, specificity, kind, author, created_at, retired_at, " \
  "(SELECT json_group_array (tag) FROM pattern_tags WHERE pattern_id = patterns.id), " \
  "(SELECT json_group_array (step_name) FROM pattern_steps WHERE pattern_id = patterns.id) "

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static char **
strv_from_json (CulpritStore  *self,
                const char    *json,
                GError       **error)
{
  g_autoptr(JsonNode) node = culprit_json_parse (json ? json : "[]", -1, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_FAILED,
                   _("Database error in “%s” while reading a pattern: bad tags or steps"),
                   culprit_store_get_path (self));
      return NULL;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_strv_builder_add (builder, json_array_get_string_element (array, i));
  return g_strv_builder_end (builder);
}

static CulpritPattern *
pattern_from_row (CulpritStore  *self,
                  sqlite3_stmt  *stmt,
                  GError       **error)
{
  g_autoptr(CulpritPattern) pattern = NULL;
  g_auto(GStrv) tags = NULL;
  g_auto(GStrv) steps = NULL;
  CulpritPatternKind kind = CULPRIT_PATTERN_KIND_CAUSE;
  gint64 id = sqlite3_column_int64 (stmt, 0);

  pattern = culprit_pattern_new ((const char *)sqlite3_column_text (stmt, 2),
                                 (const char *)sqlite3_column_text (stmt, 4),
                                 sqlite3_column_int (stmt, 5));
  culprit_pattern_set_id (pattern, id);
  culprit_pattern_set_family_id (pattern, sqlite3_column_int64 (stmt, 1));
  culprit_pattern_set_description (pattern, (const char *)sqlite3_column_text (stmt, 3));
  culprit_pattern_set_case_sensitive (pattern, sqlite3_column_int (stmt, 6));
  culprit_pattern_set_lines_from_end (pattern, sqlite3_column_int (stmt, 7));
  culprit_pattern_set_specificity (pattern, sqlite3_column_int (stmt, 8));
  culprit_pattern_kind_from_string ((const char *)sqlite3_column_text (stmt, 9), &kind);
  culprit_pattern_set_kind (pattern, kind);
  culprit_pattern_set_author (pattern, (const char *)sqlite3_column_text (stmt, 10));
  culprit_pattern_set_created (pattern, sqlite3_column_int64 (stmt, 11));
  culprit_pattern_set_retired (pattern, sqlite3_column_type (stmt, 12) != SQLITE_NULL);

  tags = strv_from_json (self, (const char *)sqlite3_column_text (stmt, 13), error);
  if (tags == NULL)
    return NULL;
  steps = strv_from_json (self, (const char *)sqlite3_column_text (stmt, 14), error);
  if (steps == NULL)
    return NULL;
  culprit_pattern_set_tags (pattern, (const char * const *)tags);
  culprit_pattern_set_applicable_steps (pattern, (const char * const *)steps);

  return g_steal_pointer (&pattern);
}

/* The patterns a prepared query gives, its rows in PATTERN_COLUMNS. */
static GPtrArray *
read_patterns (CulpritStore  *self,
               sqlite3_stmt  *stmt,
               GError       **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CulpritPattern *pattern = pattern_from_row (self, stmt, error);

      if (pattern == NULL)
        return NULL;
      g_ptr_array_add (out, pattern);
    }
  if (rc != SQLITE_DONE)
    {
      _culprit_store_set_error (self, error, rc, _("listing patterns"));
      return NULL;
    }

  return g_steal_pointer (&out);
}

static GPtrArray *
query_patterns (CulpritStore  *self,
                const char    *where,
                gint64         arg,
                GError       **error)
{
  g_autofree char *sql = g_strconcat ("SELECT " PATTERN_COLUMNS "FROM patterns ", where,
                                      " ORDER BY id", NULL);
  g_autoptr(sqlite3_stmt) stmt = _culprit_store_prepare (self, sql, error);

  if (stmt == NULL)
    return NULL;
  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int64 (stmt, 1, arg);

  return read_patterns (self, stmt, error);
}

static CulpritPattern *
get_pattern (CulpritStore  *self,
             gint64         pattern_id,
             GError       **error)
{
  g_autoptr(GPtrArray) found = query_patterns (self, "WHERE id = ?", pattern_id, error);

  if (found == NULL)
    return NULL;
  if (found->len == 0)
    {
      g_set_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_NOT_FOUND,
                   _("There is no pattern with id %" G_GINT64_FORMAT), pattern_id);
      return NULL;
    }
  return g_object_ref (g_ptr_array_index (found, 0));
}

/* Returns TRUE and sets *out (maybe NULL) unless the query failed. An
 * import asks this once per pattern: the statement is prepared once, and
 * the index on live names (schema 0007) answers it. */
static gboolean
find_live_by_name (CulpritStore    *self,
                   const char      *name,
                   CulpritPattern **out,
                   GError         **error)
{
  static const char sql[] = "SELECT " PATTERN_COLUMNS "FROM patterns "
                            "WHERE name = ? AND retired_at IS NULL ORDER BY id";
  sqlite3_stmt *stmt = _culprit_store_prepare_cached (self, sql, error);
  g_autoptr(GPtrArray) found = NULL;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  found = read_patterns (self, stmt, error);
  sqlite3_reset (stmt);
  if (found == NULL)
    return FALSE;
  *out = found->len > 0 ? g_object_ref (g_ptr_array_index (found, 0)) : NULL;
  return TRUE;
}

static gboolean
check_name_free (CulpritStore  *self,
                 const char    *name,
                 gint64         except_family,
                 GError       **error)
{
  g_autoptr(CulpritPattern) other = NULL;

  if (!find_live_by_name (self, name, &other, error))
    return FALSE;
  if (other != NULL && culprit_pattern_get_family_id (other) != except_family)
    {
      g_set_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_CONFLICT,
                   _("A pattern named “%s” already exists (id %" G_GINT64_FORMAT ")"),
                   name, culprit_pattern_get_id (other));
      return FALSE;
    }
  return TRUE;
}

static gboolean
step_done (CulpritStore  *self,
           sqlite3_stmt  *stmt,
           const char    *what,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    _culprit_store_set_error (self, error, rc, what);
  /* a statement the store keeps holds no pointer to the caller's strings */
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return rc == SQLITE_DONE || rc == SQLITE_ROW;
}

static gboolean
write_tags (CulpritStore        *self,
            gint64               pattern_id,
            const char * const  *tags,
            GError             **error)
{
  sqlite3_stmt *del, *tag, *link;

  /* prepared once: an import writes the tags of every pattern */
  del = _culprit_store_prepare_cached (self, "DELETE FROM pattern_tags WHERE pattern_id = ?",
                                       error);
  if (del == NULL)
    return FALSE;
  tag = _culprit_store_prepare_cached (self, "INSERT OR IGNORE INTO tags (name) VALUES (?)", error);
  if (tag == NULL)
    return FALSE;
  link = _culprit_store_prepare_cached (self,
                                        "INSERT INTO pattern_tags (pattern_id, tag) VALUES (?, ?)",
                                        error);
  if (link == NULL)
    return FALSE;

  sqlite3_bind_int64 (del, 1, pattern_id);
  if (!step_done (self, del, _("saving tags"), error))
    return FALSE;

  for (guint i = 0; tags[i]; i++)
    {
      sqlite3_reset (tag);
      sqlite3_reset (link);
      sqlite3_bind_text (tag, 1, tags[i], -1, SQLITE_STATIC);
      sqlite3_bind_int64 (link, 1, pattern_id);
      sqlite3_bind_text (link, 2, tags[i], -1, SQLITE_STATIC);
      if (!step_done (self, tag, _("saving tags"), error) ||
          !step_done (self, link, _("saving tags"), error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
insert_version (CulpritStore    *self,
                CulpritPattern  *pattern,
                gint64           family_id,
                GError         **error)
{
  sqlite3_stmt *stmt;
  sqlite3_stmt *step;
  const char * const *steps = culprit_pattern_get_applicable_steps (pattern);
  gint64 created = culprit_pattern_get_created (pattern);
  gint64 id;

  if (created == 0)
    created = now_seconds ();

  /* the statements are prepared once: an import runs them per pattern */
  stmt = _culprit_store_prepare_cached (self,
                                        "INSERT INTO patterns (family_id, name, description,"
                                        " expression, is_regex, case_sensitive, lines_from_end,"
                                        " specificity, kind, author, created_at, retired_at)"
                                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, family_id);
  sqlite3_bind_text (stmt, 2, culprit_pattern_get_name (pattern), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, culprit_pattern_get_description (pattern), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, culprit_pattern_get_expression (pattern), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 5, culprit_pattern_get_is_regex (pattern));
  sqlite3_bind_int (stmt, 6, culprit_pattern_get_case_sensitive (pattern));
  sqlite3_bind_int64 (stmt, 7, culprit_pattern_get_lines_from_end (pattern));
  sqlite3_bind_int (stmt, 8, culprit_pattern_get_specificity (pattern));
  sqlite3_bind_text (stmt, 9, culprit_pattern_kind_to_string (culprit_pattern_get_kind (pattern)),
                     -1, SQLITE_STATIC);
  if (culprit_pattern_get_author (pattern) != NULL)
    sqlite3_bind_text (stmt, 10, culprit_pattern_get_author (pattern), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 11, created);
  if (culprit_pattern_get_retired (pattern))
    sqlite3_bind_int64 (stmt, 12, now_seconds ());

  if (!step_done (self, stmt, _("saving a pattern"), error))
    return FALSE;

  id = sqlite3_last_insert_rowid (_culprit_store_get_db (self));
  if (family_id == 0)
    {
      sqlite3_stmt *fam;

      family_id = id;
      fam = _culprit_store_prepare_cached (self, "UPDATE patterns SET family_id = id WHERE id = ?",
                                           error);
      if (fam == NULL)
        return FALSE;
      sqlite3_bind_int64 (fam, 1, id);
      if (!step_done (self, fam, _("saving a pattern"), error))
        return FALSE;
    }

  if (!write_tags (self, id, culprit_pattern_get_tags (pattern), error))
    return FALSE;

  step = _culprit_store_prepare_cached (self,
                                        "INSERT INTO pattern_steps (pattern_id, step_name)"
                                        " VALUES (?, ?)", error);
  if (step == NULL)
    return FALSE;
  for (guint i = 0; steps[i]; i++)
    {
      sqlite3_reset (step);
      sqlite3_bind_int64 (step, 1, id);
      sqlite3_bind_text (step, 2, steps[i], -1, SQLITE_STATIC);
      if (!step_done (self, step, _("saving a pattern"), error))
        return FALSE;
    }

  culprit_pattern_set_id (pattern, id);
  culprit_pattern_set_family_id (pattern, family_id);
  culprit_pattern_set_created (pattern, created);

  return TRUE;
}

/* Lowers every build's scan watermark to at most @below_id, so that the
 * next scan runs the patterns above it again. An ignore pattern changes
 * which lines causes may match, so any change to one rescans everything. */
static gboolean
invalidate_scans (CulpritStore  *self,
                  gint64         below_id,
                  GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _culprit_store_prepare (self,
                                 "UPDATE builds SET scanned_through_pattern_id = ?1 "
                                 "WHERE scanned_through_pattern_id > ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, MAX (below_id, 0));
  return step_done (self, stmt, _("marking builds for a new scan"), error);
}

static gboolean
is_ignore (CulpritPattern *pattern)
{
  return culprit_pattern_get_kind (pattern) == CULPRIT_PATTERN_KIND_IGNORE;
}

static gboolean
add_pattern_locked (CulpritStore    *self,
                    CulpritPattern  *pattern,
                    GError         **error)
{
  if (!culprit_pattern_validate (pattern, error))
    return FALSE;
  if (!culprit_pattern_get_retired (pattern) &&
      !check_name_free (self, culprit_pattern_get_name (pattern), -1, error))
    return FALSE;

  if (!insert_version (self, pattern, 0, error))
    return FALSE;
  if (is_ignore (pattern) && !culprit_pattern_get_retired (pattern))
    return invalidate_scans (self, 0, error);
  return TRUE;
}

/**
 * culprit_store_add_pattern:
 * @pattern: a new pattern; its id, family id and (when 0) creation time
 *   are set on success
 *
 * Adds a pattern. Refuses an invalid one, and one with the name of a live
 * pattern.
 */
gboolean
culprit_store_add_pattern (CulpritStore    *self,
                           CulpritPattern  *pattern,
                           GError         **error)
{
  g_return_val_if_fail (CULPRIT_IS_STORE (self), FALSE);
  g_return_val_if_fail (CULPRIT_IS_PATTERN (pattern), FALSE);

  if (!_culprit_store_begin (self, error))
    return FALSE;
  if (!add_pattern_locked (self, pattern, error))
    {
      _culprit_store_rollback (self);
      return FALSE;
    }
  return _culprit_store_commit (self, error);
}

static gboolean
same_matching (CulpritPattern *a,
               CulpritPattern *b)
{
  g_autoptr(CulpritPattern) relabelled = culprit_pattern_copy (b);

  culprit_pattern_set_name (relabelled, culprit_pattern_get_name (a));
  culprit_pattern_set_description (relabelled, culprit_pattern_get_description (a));
  culprit_pattern_set_tags (relabelled, culprit_pattern_get_tags (a));

  return culprit_pattern_same_definition (a, relabelled);
}

static gboolean
update_labels (CulpritStore    *self,
               CulpritPattern  *edited,
               gint64           id,
               GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _culprit_store_prepare (self,
                                 "UPDATE patterns SET name = ?, description = ? WHERE id = ?",
                                 error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, culprit_pattern_get_name (edited), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, culprit_pattern_get_description (edited), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, id);

  return step_done (self, stmt, _("saving a pattern"), error) &&
         write_tags (self, id, culprit_pattern_get_tags (edited), error);
}

static gboolean
supersede (CulpritStore  *self,
           gint64         old_id,
           gint64         new_id,
           GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _culprit_store_prepare (self,
                                 "UPDATE patterns SET retired_at = ?, superseded_by = ? "
                                 "WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now_seconds ());
  sqlite3_bind_int64 (stmt, 2, new_id);
  sqlite3_bind_int64 (stmt, 3, old_id);

  return step_done (self, stmt, _("saving a pattern"), error);
}

static CulpritPattern *
edit_pattern_locked (CulpritStore    *self,
                     CulpritPattern  *edited,
                     GError         **error)
{
  g_autoptr(CulpritPattern) current = NULL;
  g_autoptr(CulpritPattern) version = NULL;
  gint64 id = culprit_pattern_get_id (edited);

  current = get_pattern (self, id, error);
  if (current == NULL)
    return NULL;
  if (culprit_pattern_get_retired (current))
    {
      g_set_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_CONFLICT,
                   _("Pattern %" G_GINT64_FORMAT " (“%s”) is retired or was edited since; "
                     "edit its newest version instead"),
                   id, culprit_pattern_get_name (current));
      return NULL;
    }
  if (!culprit_pattern_validate (edited, error) ||
      !check_name_free (self, culprit_pattern_get_name (edited),
                        culprit_pattern_get_family_id (current), error))
    return NULL;

  if (same_matching (current, edited))
    {
      if (!update_labels (self, edited, id, error))
        return NULL;
      return get_pattern (self, id, error);
    }

  version = culprit_pattern_copy (edited);
  culprit_pattern_set_created (version, 0);
  culprit_pattern_set_retired (version, FALSE);
  if (!insert_version (self, version, culprit_pattern_get_family_id (current), error) ||
      !supersede (self, id, culprit_pattern_get_id (version), error))
    return NULL;
  if ((is_ignore (current) || is_ignore (version)) && !invalidate_scans (self, 0, error))
    return NULL;

  return g_steal_pointer (&version);
}

/**
 * culprit_store_edit_pattern:
 * @edited: the changed pattern, carrying the id of the version it edits
 *
 * Saves an edit. When what the pattern matches changes, this writes a new
 * version and retires the edited one; when only the name, description or
 * tags change, it relabels the version in place.
 *
 * Returns: (transfer full): the live version after the edit
 */
CulpritPattern *
culprit_store_edit_pattern (CulpritStore    *self,
                            CulpritPattern  *edited,
                            GError         **error)
{
  CulpritPattern *result;

  g_return_val_if_fail (CULPRIT_IS_STORE (self), NULL);
  g_return_val_if_fail (CULPRIT_IS_PATTERN (edited), NULL);

  if (!_culprit_store_begin (self, error))
    return NULL;
  result = edit_pattern_locked (self, edited, error);
  if (result == NULL)
    {
      _culprit_store_rollback (self);
      return NULL;
    }
  if (!_culprit_store_commit (self, error))
    {
      g_object_unref (result);
      return NULL;
    }
  return result;
}

static gboolean
set_retired (CulpritStore  *self,
             gint64         pattern_id,
             gboolean       retired,
             GError       **error)
{
  g_autoptr(CulpritPattern) current = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!_culprit_store_begin (self, error))
    return FALSE;

  current = get_pattern (self, pattern_id, error);
  if (current == NULL)
    goto fail;

  if (retired == culprit_pattern_get_retired (current))
    {
      g_set_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_CONFLICT,
                   retired ? _("Pattern %" G_GINT64_FORMAT " (“%s”) is already retired")
                           : _("Pattern %" G_GINT64_FORMAT " (“%s”) is not retired"),
                   pattern_id, culprit_pattern_get_name (current));
      goto fail;
    }

  if (!retired)
    {
      g_autoptr(sqlite3_stmt) sup = NULL;

      sup = _culprit_store_prepare (self, "SELECT superseded_by FROM patterns WHERE id = ?",
                                    error);
      if (sup == NULL)
        goto fail;
      sqlite3_bind_int64 (sup, 1, pattern_id);
      if (sqlite3_step (sup) == SQLITE_ROW && sqlite3_column_type (sup, 0) != SQLITE_NULL)
        {
          g_set_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_CONFLICT,
                       _("Pattern %" G_GINT64_FORMAT " was replaced by a newer version "
                         "(id %" G_GINT64_FORMAT "); it cannot be brought back"),
                       pattern_id, (gint64)sqlite3_column_int64 (sup, 0));
          goto fail;
        }
      if (!check_name_free (self, culprit_pattern_get_name (current), -1, error))
        goto fail;
    }

  stmt = _culprit_store_prepare (self, "UPDATE patterns SET retired_at = ? WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  if (retired)
    sqlite3_bind_int64 (stmt, 1, now_seconds ());
  sqlite3_bind_int64 (stmt, 2, pattern_id);
  if (!step_done (self, stmt, _("retiring a pattern"), error))
    goto fail;

  /* A retired cause only stops counting; an ignore pattern changes what
   * causes see; a cause brought back was not run on builds scanned since. */
  if (is_ignore (current) && !invalidate_scans (self, 0, error))
    goto fail;
  if (!retired && !is_ignore (current) && !invalidate_scans (self, pattern_id - 1, error))
    goto fail;

  return _culprit_store_commit (self, error);

fail:
  _culprit_store_rollback (self);
  return FALSE;
}

/**
 * culprit_store_retire_pattern:
 *
 * Retires a live pattern: its matches stop counting. Undone by
 * culprit_store_unretire_pattern().
 */
gboolean
culprit_store_retire_pattern (CulpritStore  *self,
                              gint64         pattern_id,
                              GError       **error)
{
  g_return_val_if_fail (CULPRIT_IS_STORE (self), FALSE);
  return set_retired (self, pattern_id, TRUE, error);
}

/**
 * culprit_store_unretire_pattern:
 *
 * Brings back a retired pattern that was not replaced by a newer version
 * (the undo of culprit_store_retire_pattern()).
 */
gboolean
culprit_store_unretire_pattern (CulpritStore  *self,
                                gint64         pattern_id,
                                GError       **error)
{
  g_return_val_if_fail (CULPRIT_IS_STORE (self), FALSE);
  return set_retired (self, pattern_id, FALSE, error);
}

static CulpritPattern *
restore_pattern_locked (CulpritStore  *self,
                        gint64         pattern_id,
                        GError       **error)
{
  g_autoptr(CulpritPattern) retired = NULL;
  g_autoptr(CulpritPattern) version = NULL;
  g_autoptr(GPtrArray) live = NULL;
  g_autoptr(sqlite3_stmt) link = NULL;
  gint64 family_id;

  retired = get_pattern (self, pattern_id, error);
  if (retired == NULL)
    return NULL;
  if (!culprit_pattern_get_retired (retired))
    {
      g_set_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_CONFLICT,
                   _("“%s” is not retired"), culprit_pattern_get_name (retired));
      return NULL;
    }

  family_id = culprit_pattern_get_family_id (retired);
  live = query_patterns (self, "WHERE family_id = ? AND retired_at IS NULL", family_id, error);
  if (live == NULL)
    return NULL;
  if (live->len > 0)
    {
      g_set_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_CONFLICT,
                   _("“%s” has a newer live version; edit that one instead"),
                   culprit_pattern_get_name (g_ptr_array_index (live, 0)));
      return NULL;
    }
  if (!check_name_free (self, culprit_pattern_get_name (retired), family_id, error))
    return NULL;

  version = culprit_pattern_copy (retired);
  culprit_pattern_set_created (version, 0);
  culprit_pattern_set_retired (version, FALSE);
  if (!insert_version (self, version, family_id, error))
    return NULL;

  /* the retired version stays retired, and says what replaced it */
  link = _culprit_store_prepare (self,
                                 "UPDATE patterns SET superseded_by = ? "
                                 "WHERE id = ? AND superseded_by IS NULL", error);
  if (link == NULL)
    return NULL;
  sqlite3_bind_int64 (link, 1, culprit_pattern_get_id (version));
  sqlite3_bind_int64 (link, 2, pattern_id);
  if (!step_done (self, link, _("restoring a pattern"), error))
    return NULL;

  if (is_ignore (version) && !invalidate_scans (self, 0, error))
    return NULL;
  return get_pattern (self, culprit_pattern_get_id (version), error);
}

/**
 * culprit_store_restore_pattern:
 * @pattern_id: a retired pattern version
 *
 * Brings a retired pattern back as a new live version of its family, with
 * the retired version's definition. Like an edit, the new version (it has
 * the largest id) needs only a scan of itself over the stored builds. The
 * retired version stays retired. Refuses a pattern whose family has a live
 * version (edit that one), and one whose name a live pattern has taken.
 *
 * Returns: (transfer full): the new live version
 */
CulpritPattern *
culprit_store_restore_pattern (CulpritStore  *self,
                               gint64         pattern_id,
                               GError       **error)
{
  CulpritPattern *result;

  g_return_val_if_fail (CULPRIT_IS_STORE (self), NULL);

  if (!_culprit_store_begin (self, error))
    return NULL;
  result = restore_pattern_locked (self, pattern_id, error);
  if (result == NULL)
    {
      _culprit_store_rollback (self);
      return NULL;
    }
  if (!_culprit_store_commit (self, error))
    {
      g_object_unref (result);
      return NULL;
    }
  return result;
}

/**
 * culprit_store_list_retired_patterns:
 *
 * Returns: (transfer full) (element-type CulpritPattern): the patterns
 *   that were retired and not replaced: of each family without a live
 *   version, its newest version; oldest first
 */
GPtrArray *
culprit_store_list_retired_patterns (CulpritStore  *self,
                                     GError       **error)
{
  g_return_val_if_fail (CULPRIT_IS_STORE (self), NULL);

  return query_patterns (self,
                         "WHERE id IN (SELECT max (id) FROM patterns GROUP BY family_id "
                         "             HAVING count (retired_at) = count (*))", 0, error);
}

/**
 * culprit_store_set_pattern_tags:
 *
 * Replaces the tags of a pattern version in place (tags label matches;
 * they do not change them, so no new version is needed).
 */
gboolean
culprit_store_set_pattern_tags (CulpritStore        *self,
                                gint64               pattern_id,
                                const char * const  *tags,
                                GError             **error)
{
  g_autoptr(CulpritPattern) current = NULL;

  g_return_val_if_fail (CULPRIT_IS_STORE (self), FALSE);

  if (!_culprit_store_begin (self, error))
    return FALSE;
  current = get_pattern (self, pattern_id, error);
  if (current == NULL)
    goto fail;
  culprit_pattern_set_tags (current, tags);
  if (!culprit_pattern_validate (current, error) ||
      !write_tags (self, pattern_id, culprit_pattern_get_tags (current), error))
    goto fail;
  return _culprit_store_commit (self, error);

fail:
  _culprit_store_rollback (self);
  return FALSE;
}

/**
 * culprit_store_get_pattern:
 *
 * Returns: (transfer full): the pattern version with @pattern_id
 */
CulpritPattern *
culprit_store_get_pattern (CulpritStore  *self,
                           gint64         pattern_id,
                           GError       **error)
{
  g_return_val_if_fail (CULPRIT_IS_STORE (self), NULL);
  return get_pattern (self, pattern_id, error);
}

/**
 * culprit_store_find_pattern:
 * @id_or_name: a pattern id, or the name of a live pattern
 *
 * Returns: (transfer full): the pattern
 */
CulpritPattern *
culprit_store_find_pattern (CulpritStore  *self,
                            const char    *id_or_name,
                            GError       **error)
{
  CulpritPattern *found = NULL;
  guint64 id;

  g_return_val_if_fail (CULPRIT_IS_STORE (self), NULL);
  g_return_val_if_fail (id_or_name != NULL, NULL);

  if (g_ascii_string_to_unsigned (id_or_name, 10, 1, G_MAXINT64, &id, NULL))
    return get_pattern (self, id, error);

  if (!find_live_by_name (self, id_or_name, &found, error))
    return NULL;
  if (found == NULL)
    g_set_error (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_NOT_FOUND,
                 _("There is no live pattern named “%s”"), id_or_name);
  return found;
}

/**
 * culprit_store_list_patterns:
 *
 * Returns: (transfer full) (element-type CulpritPattern): the live patterns
 *   (and with @include_retired, every version), oldest first
 */
GPtrArray *
culprit_store_list_patterns (CulpritStore  *self,
                             gboolean       include_retired,
                             GError       **error)
{
  g_return_val_if_fail (CULPRIT_IS_STORE (self), NULL);

  return query_patterns (self, include_retired ? "" : "WHERE retired_at IS NULL", 0, error);
}

/**
 * culprit_store_list_tags:
 *
 * Returns: (transfer full): every tag name, sorted
 */
char **
culprit_store_list_tags (CulpritStore  *self,
                         GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  int rc;

  g_return_val_if_fail (CULPRIT_IS_STORE (self), NULL);

  stmt = _culprit_store_prepare (self, "SELECT name FROM tags ORDER BY name", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *)sqlite3_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      _culprit_store_set_error (self, error, rc, _("listing tags"));
      return NULL;
    }
  return g_strv_builder_end (builder);
}

/**
 * culprit_store_get_max_pattern_id:
 *
 * Returns: the newest pattern version's id (0 when there is none), or -1
 *   on error. A build whose watermark is this number is up to date.
 */
gint64
culprit_store_get_max_pattern_id (CulpritStore  *self,
                                  GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CULPRIT_IS_STORE (self), -1);

  stmt = _culprit_store_prepare (self, "SELECT coalesce(max(id), 0) FROM patterns", error);
  if (stmt == NULL)
    return -1;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _culprit_store_set_error (self, error, rc, _("reading patterns"));
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

static gboolean
import_one (CulpritStore        *self,
            CulpritPattern      *incoming,
            CulpritImportStats  *stats,
            GError             **error)
{
  g_autoptr(CulpritPattern) existing = NULL;
  g_autoptr(CulpritPattern) edited = NULL;
  g_autoptr(CulpritPattern) saved = NULL;

  if (culprit_pattern_get_retired (incoming))
    {
      stats->skipped_retired++;
      return TRUE;
    }

  if (!find_live_by_name (self, culprit_pattern_get_name (incoming), &existing, error))
    return FALSE;

  if (existing == NULL)
    {
      g_autoptr(CulpritPattern) copy = culprit_pattern_copy (incoming);

      culprit_pattern_set_id (copy, 0);
      culprit_pattern_set_family_id (copy, 0);
      if (!add_pattern_locked (self, copy, error))
        return FALSE;
      stats->added++;
      return TRUE;
    }

  if (culprit_pattern_same_definition (existing, incoming))
    {
      stats->unchanged++;
      return TRUE;
    }

  edited = culprit_pattern_copy (incoming);
  culprit_pattern_set_id (edited, culprit_pattern_get_id (existing));
  saved = edit_pattern_locked (self, edited, error);
  if (saved == NULL)
    return FALSE;
  stats->updated++;

  return TRUE;
}

/**
 * culprit_store_import_patterns:
 * @patterns: (element-type CulpritPattern): patterns read from a file
 * @stats: (out caller-allocates) (optional): what the import did
 *
 * Imports a pattern set in one transaction: all or nothing. A pattern whose
 * name is new is added; one whose name is a live pattern's replaces it by a
 * new version when it differs; retired patterns are skipped.
 */
gboolean
culprit_store_import_patterns (CulpritStore        *self,
                               GPtrArray           *patterns,
                               CulpritImportStats  *stats,
                               GError             **error)
{
  CulpritImportStats local_stats = { 0 };

  g_return_val_if_fail (CULPRIT_IS_STORE (self), FALSE);
  g_return_val_if_fail (patterns != NULL, FALSE);

  if (!_culprit_store_begin (self, error))
    return FALSE;

  for (guint i = 0; i < patterns->len; i++)
    {
      CulpritPattern *pattern = g_ptr_array_index (patterns, i);
      g_autoptr(GError) local_error = NULL;

      if (!import_one (self, pattern, &local_stats, &local_error))
        {
          _culprit_store_rollback (self);
          g_set_error (error, local_error->domain, local_error->code,
                       _("Pattern %u (“%s”): %s; nothing was imported"),
                       i + 1, culprit_pattern_get_name (pattern), local_error->message);
          return FALSE;
        }
    }

  if (!_culprit_store_commit (self, error))
    return FALSE;

  if (stats != NULL)
    *stats = local_stats;

  return TRUE;
}
