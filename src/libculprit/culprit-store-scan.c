/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-store-scan"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "culprit-store-private.h"

/* The scanner's writes: a build's match rows, its per-pattern summary and
 * its new watermark, with statements prepared once per scan. The scanner
 * (culprit-scanner.c) decides what to write and when to commit; this file
 * only knows the tables. */

#define MATCH_ROWS 32   /* match rows per INSERT statement */

struct _CulpritScanWriter
{
  CulpritStore *store;
  sqlite3_stmt *del_matches;
  sqlite3_stmt *del_summary;
  sqlite3_stmt *add_match;
  sqlite3_stmt *add_matches;   /* MATCH_ROWS of them in one statement */
  sqlite3_stmt *add_summary;
  sqlite3_stmt *mark;
  /* the same for up to CULPRIT_SCAN_WRITER_QUIET_GROUP builds that were not read */
  sqlite3_stmt *quiet_del_matches;
  sqlite3_stmt *quiet_del_summary;
  sqlite3_stmt *quiet_mark;
};

void
_culprit_scan_writer_free (CulpritScanWriter *w)
{
  if (w == NULL)
    return;
  g_clear_pointer (&w->del_matches, sqlite3_finalize);
  g_clear_pointer (&w->del_summary, sqlite3_finalize);
  g_clear_pointer (&w->add_match, sqlite3_finalize);
  g_clear_pointer (&w->add_matches, sqlite3_finalize);
  g_clear_pointer (&w->add_summary, sqlite3_finalize);
  g_clear_pointer (&w->mark, sqlite3_finalize);
  g_clear_pointer (&w->quiet_del_matches, sqlite3_finalize);
  g_clear_pointer (&w->quiet_del_summary, sqlite3_finalize);
  g_clear_pointer (&w->quiet_mark, sqlite3_finalize);
  g_free (w);
}

/* "?first, ?first+1, ... " for a group of builds */
static char *
id_list (guint first)
{
  GString *list = g_string_new (NULL);

  for (guint i = 0; i < CULPRIT_SCAN_WRITER_QUIET_GROUP; i++)
    g_string_append_printf (list, "%s?%u", i ? ", " : "", first + i);
  return g_string_free (list, FALSE);
}

/**
 * _culprit_scan_writer_new:
 * @store: the scanner's own connection
 *
 * Returns: (transfer full) (nullable): the writer, or %NULL with @error set
 */
CulpritScanWriter *
_culprit_scan_writer_new (CulpritStore  *store,
                          GError       **error)
{
  CulpritScanWriter *w = g_new0 (CulpritScanWriter, 1);

  w->store = store;
  w->del_matches = _culprit_store_prepare (store, "DELETE FROM matches WHERE build_id = ? AND pattern_id > ?", error);
  w->del_summary = w->del_matches ? _culprit_store_prepare (store, "DELETE FROM match_summary WHERE build_id = ? AND pattern_id > ?", error) : NULL;
  w->add_match = w->del_summary ? _culprit_store_prepare (store,
                                                          "INSERT INTO matches (build_id, pattern_id, line, span_start, span_end)"
                                                          " VALUES (?, ?, ?, ?, ?)", error) : NULL;
  w->add_summary = w->add_match ? _culprit_store_prepare (store,
                                                          "INSERT INTO match_summary (pattern_id, build_id, match_count, last_line)"
                                                          " VALUES (?, ?, ?, ?)", error) : NULL;
  w->mark = w->add_summary ? _culprit_store_prepare (store,
                                                     "UPDATE builds SET scanned_through_pattern_id = ?, scanned_at = ? WHERE id = ?",
                                                     error) : NULL;
  if (w->mark != NULL)
    {
      g_autoptr(GString) add_matches = g_string_new ("INSERT INTO matches (build_id, pattern_id, line,"
                                                     " span_start, span_end) VALUES ");
      g_autofree char *ids2 = id_list (2);
      g_autofree char *ids3 = id_list (3);
      g_autofree char *del_matches = g_strdup_printf ("DELETE FROM matches WHERE pattern_id > ?1"
                                                      " AND build_id IN (%s)", ids2);
      g_autofree char *del_summary = g_strdup_printf ("DELETE FROM match_summary WHERE pattern_id > ?1"
                                                      " AND build_id IN (%s)", ids2);
      g_autofree char *mark = g_strdup_printf ("UPDATE builds SET scanned_through_pattern_id = ?1,"
                                               " scanned_at = ?2 WHERE id IN (%s)", ids3);

      for (guint i = 0; i < MATCH_ROWS; i++)
        g_string_append (add_matches, i ? ", (?, ?, ?, ?, ?)" : "(?, ?, ?, ?, ?)");
      w->add_matches = _culprit_store_prepare (store, add_matches->str, error);
      w->quiet_del_matches = w->add_matches ? _culprit_store_prepare (store, del_matches, error) : NULL;
      w->quiet_del_summary = w->quiet_del_matches ? _culprit_store_prepare (store, del_summary, error) : NULL;
      w->quiet_mark = w->quiet_del_summary ? _culprit_store_prepare (store, mark, error) : NULL;
    }
  if (w->quiet_mark == NULL)
    {
      _culprit_scan_writer_free (w);
      return NULL;
    }
  return w;
}

static gboolean
step_reset (sqlite3_stmt *stmt)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  return rc == SQLITE_DONE;
}

static gboolean
sql_error (CulpritScanWriter  *w,
           GError            **error)
{
  _culprit_store_set_error (w->store, error, sqlite3_errcode (_culprit_store_get_db (w->store)),
                            _("saving scan results"));
  return FALSE;
}

/**
 * _culprit_scan_writer_clear_all:
 *
 * A rescan's start, in the caller's transaction: every build out of date,
 * and the matches gone at once rather than row by row.
 */
gboolean
_culprit_scan_writer_clear_all (CulpritScanWriter  *w,
                                GError            **error)
{
  return _culprit_store_exec (w->store,
                              "UPDATE builds SET scanned_through_pattern_id = 0;"
                              "DELETE FROM matches;"
                              "DELETE FROM match_summary;", error);
}

/**
 * _culprit_scan_writer_add_build:
 * @rows: (array length=n_rows): the build's matches, sorted by pattern id,
 *   then line (the order of the table's key, so that each insert appends
 *   to the B-tree and a pattern's summary is one pass)
 * @watermark: the build's watermark before this scan: its rows above it go
 * @max_id: its new watermark
 * @sketch: (nullable): a sketch made for a log that had none
 *
 * Writes a build's scan result, in the caller's transaction. A build
 * deleted since the scan was planned is left alone: the watermark goes
 * first, and when it changes no row the rest is skipped (the scanner's
 * connection runs without foreign key checks).
 */
gboolean
_culprit_scan_writer_add_build (CulpritScanWriter     *w,
                                gint64                 build_id,
                                gint64                 watermark,
                                gint64                 max_id,
                                gint64                 now,
                                const CulpritScanRow  *rows,
                                guint                  n_rows,
                                GBytes                *sketch,
                                GError               **error)
{
  sqlite3_bind_int64 (w->mark, 1, max_id);
  sqlite3_bind_int64 (w->mark, 2, now);
  sqlite3_bind_int64 (w->mark, 3, build_id);
  if (!step_reset (w->mark))
    return sql_error (w, error);
  if (sqlite3_changes (_culprit_store_get_db (w->store)) == 0)
    return TRUE;

  sqlite3_bind_int64 (w->del_matches, 1, build_id);
  sqlite3_bind_int64 (w->del_matches, 2, watermark);
  sqlite3_bind_int64 (w->del_summary, 1, build_id);
  sqlite3_bind_int64 (w->del_summary, 2, watermark);
  if (!step_reset (w->del_matches) || !step_reset (w->del_summary))
    return sql_error (w, error);

  /* MATCH_ROWS rows a statement where there are as many: a statement's
   * own work (bind, step, reset) costs more than a row's insert */
  for (guint i = 0; i < n_rows; )
    {
      gboolean many = n_rows - i >= MATCH_ROWS;
      sqlite3_stmt *stmt = many ? w->add_matches : w->add_match;
      guint count = many ? MATCH_ROWS : 1;

      for (guint k = 0; k < count; k++, i++)
        {
          sqlite3_bind_int64 (stmt, 5 * k + 1, build_id);
          sqlite3_bind_int64 (stmt, 5 * k + 2, rows[i].pattern_id);
          sqlite3_bind_int64 (stmt, 5 * k + 3, rows[i].line);
          sqlite3_bind_int64 (stmt, 5 * k + 4, rows[i].start);
          sqlite3_bind_int64 (stmt, 5 * k + 5, rows[i].end);
        }
      if (!step_reset (stmt))
        return sql_error (w, error);
    }

  /* each pattern's count and last line, from its run of sorted rows */
  for (guint i = 0; i < n_rows; )
    {
      guint last = i;

      while (last + 1 < n_rows && rows[last + 1].pattern_id == rows[i].pattern_id)
        last++;
      sqlite3_bind_int64 (w->add_summary, 1, rows[i].pattern_id);
      sqlite3_bind_int64 (w->add_summary, 2, build_id);
      sqlite3_bind_int64 (w->add_summary, 3, last - i + 1);
      sqlite3_bind_int64 (w->add_summary, 4, rows[last].line);
      if (!step_reset (w->add_summary))
        return sql_error (w, error);
      i = last + 1;
    }

  return sketch == NULL || _culprit_store_save_sketch (w->store, build_id, sketch, error);
}

/**
 * _culprit_scan_writer_add_quiet:
 * @ids: (array length=n): up to %CULPRIT_SCAN_WRITER_QUIET_GROUP builds
 *   that were not read (nothing new to run, or ruled out by their sketch),
 *   all with the watermark @watermark
 * @any_stale: whether one of them has match rows above @watermark
 *
 * Such builds only lose their rows above the watermark and move it: a few
 * statements for a group of them rather than three each.
 */
gboolean
_culprit_scan_writer_add_quiet (CulpritScanWriter  *w,
                                const gint64       *ids,
                                guint               n,
                                gboolean            any_stale,
                                gint64              watermark,
                                gint64              max_id,
                                gint64              now,
                                GError            **error)
{
  g_assert (n <= CULPRIT_SCAN_WRITER_QUIET_GROUP);

  sqlite3_bind_int64 (w->quiet_del_matches, 1, watermark);
  sqlite3_bind_int64 (w->quiet_del_summary, 1, watermark);
  sqlite3_bind_int64 (w->quiet_mark, 1, max_id);
  sqlite3_bind_int64 (w->quiet_mark, 2, now);
  for (guint i = 0; i < CULPRIT_SCAN_WRITER_QUIET_GROUP; i++)
    {
      gint64 id = i < n ? ids[i] : -1;   /* no build has a negative id */

      sqlite3_bind_int64 (w->quiet_del_matches, 2 + i, id);
      sqlite3_bind_int64 (w->quiet_del_summary, 2 + i, id);
      sqlite3_bind_int64 (w->quiet_mark, 3 + i, id);
    }
  /* most often none of them has rows to lose: the deletes would only
   * read a page of each table per build to find that out */
  if (any_stale && (!step_reset (w->quiet_del_matches) || !step_reset (w->quiet_del_summary)))
    return sql_error (w, error);
  if (!step_reset (w->quiet_mark))
    return sql_error (w, error);
  return TRUE;
}
