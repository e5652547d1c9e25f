/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-prefilter"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <hs.h>

#include "culprit-prefilter-hyperscan.h"

/* Hyperscan looks for the literals of the prefilter in a raw log at once,
 * by their first CULPRIT_HYPERSCAN_PREFIX bytes: exactly for case-sensitive
 * ones, ASCII case-insensitively (HS_FLAG_CASELESS) for the others, as the
 * automaton does. A line that holds a literal holds its start, so the
 * candidates are a superset, which the matcher confirms line by line
 * anyway; and Hyperscan's literal matcher runs twice as fast on the 100
 * literals of bench/bench-scan cut to 12 bytes (2.8 GB/s) as on the whole
 * ones (1.45 GB/s, with 22 of them over 25 bytes); only literals of
 * several patterns that share their first bytes are looked for whole (see
 * below). Caseless
 * literals are ASCII: the matcher gives no literal to a caseless pattern
 * with other characters, whose Unicode case folding neither backend knows.
 *
 * Hyperscan reports where a match ends; a literal holds no line end, so
 * the match is on the line of its last byte. Lines are counted from one
 * report to the next, and the lines that hold an ESC join in between. */


/* A scratch serves one scan at a time, and several threads scan with one
 * database: a scan takes an idle one, or clones a new one from the
 * prototype, which never scans. */
typedef struct
{
  hs_scratch_t  *prototype;
  GMutex         lock;
  GPtrArray     *idle;
} ScratchPool;

struct _CulpritPrefilterHyperscan
{
  hs_database_t *db;
  guint32       *out_start;   /* per id (a distinct literal): range in out_patterns */
  guint32       *out_end;
  guint32       *out_patterns;
  guint          n_out;
  ScratchPool    pool;
};

static void
pool_init (ScratchPool  *pool,
           hs_scratch_t *prototype)
{
  pool->prototype = prototype;
  g_mutex_init (&pool->lock);
  pool->idle = g_ptr_array_new ();
}

static void
pool_clear (ScratchPool *pool)
{
  for (guint i = 0; i < pool->idle->len; i++)
    hs_free_scratch (g_ptr_array_index (pool->idle, i));
  g_ptr_array_unref (pool->idle);
  hs_free_scratch (pool->prototype);
  g_mutex_clear (&pool->lock);
}

static hs_scratch_t *
take_scratch (ScratchPool *pool)
{
  hs_scratch_t *scratch = NULL;

  g_mutex_lock (&pool->lock);
  if (pool->idle->len > 0)
    scratch = g_ptr_array_steal_index_fast (pool->idle, pool->idle->len - 1);
  else if (hs_clone_scratch (pool->prototype, &scratch) != HS_SUCCESS)
    scratch = NULL;
  g_mutex_unlock (&pool->lock);

  return scratch;
}

static void
give_back_scratch (ScratchPool  *pool,
                   hs_scratch_t *scratch)
{
  g_mutex_lock (&pool->lock);
  g_ptr_array_add (pool->idle, scratch);
  g_mutex_unlock (&pool->lock);
}

static int
compare_owners (gconstpointer a,
                gconstpointer b)
{
  guint32 x = *(const guint32 *)a, y = *(const guint32 *)b;

  return (x > y) - (x < y);
}

/**
 * _culprit_prefilter_hyperscan_new:
 *
 * Returns: (transfer full) (nullable): Hyperscan's version of the
 *   prefilter, or %NULL when Hyperscan does not run on this machine or
 *   cannot take these literals
 */
CulpritPrefilterHyperscan *
_culprit_prefilter_hyperscan_new (const char * const *literals,
                                  const guint        *owners,
                                  const gboolean     *caseless,
                                  guint               n_literals)
{
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) prefixes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) exprs = g_ptr_array_new ();
  g_autoptr(GPtrArray) id_owners = g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);
  g_autoptr(GArray) flags = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) lens = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(GArray) all_out = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autofree guint *id_numbers = NULL;
  hs_compile_error_t *compile_error = NULL;
  hs_database_t *db = NULL;
  hs_scratch_t *prototype = NULL;
  CulpritPrefilterHyperscan *self;

  if (hs_valid_platform () != HS_SUCCESS)
    {
      g_debug ("Hyperscan does not run on this processor: the prefilter is portable");
      return NULL;
    }

  /* A prefix that literals of several patterns start with would make
   * them all candidates wherever it is; in a big set, hundreds may share
   * one ("No matching distribution found for NAME"). Those literals are
   * looked for whole. */
  for (guint i = 0; i < n_literals; i++)
    {
      g_autofree char *key = NULL;
      gpointer first;

      if (literals[i] == NULL || strlen (literals[i]) <= CULPRIT_HYPERSCAN_PREFIX)
        continue;
      key = g_strdup_printf ("%c%.*s", caseless[i] ? 'i' : 's', CULPRIT_HYPERSCAN_PREFIX,
                             literals[i]);
      if (!g_hash_table_lookup_extended (prefixes, key, NULL, &first))
        g_hash_table_insert (prefixes, g_steal_pointer (&key), GUINT_TO_POINTER (i));
      else if (GPOINTER_TO_UINT (first) != G_MAXUINT &&
               owners[GPOINTER_TO_UINT (first)] != owners[i])
        g_hash_table_insert (prefixes, g_steal_pointer (&key), GUINT_TO_POINTER (G_MAXUINT));
    }

  /* one id per distinct literal and case mode, with every pattern it
   * stands for */
  for (guint i = 0; i < n_literals; i++)
    {
      g_autofree char *key = NULL;
      gpointer value;
      GArray *these;
      gsize len;
      guint id;

      if (literals[i] == NULL)
        continue;
      /* hs_compile_lit_multi () crashes on an empty literal (5.4.0),
       * which would be a candidate on every line anyway */
      if (*literals[i] == '\0')
        {
          g_debug ("An empty literal: the prefilter is portable");
          return NULL;
        }
      len = MIN (strlen (literals[i]), CULPRIT_HYPERSCAN_PREFIX);
      key = g_strdup_printf ("%c%.*s", caseless[i] ? 'i' : 's', (int)len, literals[i]);
      if (GPOINTER_TO_UINT (g_hash_table_lookup (prefixes, key)) == G_MAXUINT)
        {
          len = strlen (literals[i]);
          g_free (key);
          key = g_strdup_printf ("%c%s", caseless[i] ? 'i' : 's', literals[i]);
        }
      if (g_hash_table_lookup_extended (ids, key, NULL, &value))
        id = GPOINTER_TO_UINT (value);
      else
        {
          guint flag = caseless[i] ? HS_FLAG_CASELESS : 0;

          id = exprs->len;
          g_ptr_array_add (exprs, (gpointer)literals[i]);
          g_ptr_array_add (id_owners, g_array_new (FALSE, FALSE, sizeof (guint32)));
          g_array_append_val (flags, flag);
          g_array_append_val (lens, len);
          g_hash_table_insert (ids, g_steal_pointer (&key), GUINT_TO_POINTER (id));
        }
      /* literals of several patterns may start alike */
      these = g_ptr_array_index (id_owners, id);
      if (!g_array_binary_search (these, &owners[i], compare_owners, NULL))
        {
          g_array_append_val (these, owners[i]);
          g_array_sort (these, compare_owners);
        }
    }
  if (exprs->len == 0)
    return NULL;

  id_numbers = g_new (guint, exprs->len);
  for (guint id = 0; id < exprs->len; id++)
    id_numbers[id] = id;
  if (hs_compile_lit_multi ((const char * const *)exprs->pdata, (const guint *)flags->data,
                            id_numbers, (const gsize *)lens->data, exprs->len, HS_MODE_BLOCK,
                            NULL, &db, &compile_error) != HS_SUCCESS)
    {
      g_debug ("Hyperscan does not take the prefilter's %u literals (%s): the prefilter is portable",
               exprs->len, compile_error ? compile_error->message : "no reason given");
      hs_free_compile_error (compile_error);
      return NULL;
    }
  if (hs_alloc_scratch (db, &prototype) != HS_SUCCESS)
    {
      g_debug ("No scratch space for Hyperscan: the prefilter is portable");
      hs_free_database (db);
      return NULL;
    }

  self = g_new0 (CulpritPrefilterHyperscan, 1);
  self->db = db;
  pool_init (&self->pool, prototype);
  self->out_start = g_new (guint32, exprs->len);
  self->out_end = g_new (guint32, exprs->len);
  for (guint id = 0; id < exprs->len; id++)
    {
      GArray *these = g_ptr_array_index (id_owners, id);

      self->out_start[id] = all_out->len;
      g_array_append_vals (all_out, these->data, these->len);
      self->out_end[id] = all_out->len;
    }
  self->n_out = all_out->len;
  self->out_patterns = (guint32 *)g_array_free (g_steal_pointer (&all_out), FALSE);

  return self;
}

void
_culprit_prefilter_hyperscan_free (CulpritPrefilterHyperscan *self)
{
  if (self == NULL)
    return;
  pool_clear (&self->pool);
  hs_free_database (self->db);
  g_free (self->out_start);
  g_free (self->out_end);
  g_free (self->out_patterns);
  g_free (self);
}

/* The number of '\n' in @len bytes. The loop over a block of 64 is one
 * that compilers vectorise (GCC from 12 at -O2): some 40 GB/s, where
 * memchr () per line does 14 and a byte at a time 3. */
static gsize
count_newlines (const guint8 *p,
                gsize         len)
{
  gsize n = 0;

  for (; len >= 64; p += 64, len -= 64)
    {
      guint8 block = 0;

      for (guint i = 0; i < 64; i++)
        block += p[i] == '\n';
      n += block;
    }
  for (; len > 0; p++, len--)
    n += *p == '\n';

  return n;
}

typedef struct
{
  const CulpritPrefilterHyperscan *self;
  const guint8                    *log;
  gsize                            len;
  gsize                            cursor;     /* an offset whose line is known */
  guint                            line;       /* the line of cursor */
  gsize                            next_esc;   /* the next ESC not looked at, or len */
  guint                            last_line;  /* of the last candidate */
  gboolean                         unsorted;   /* candidates came out of line order */
  guint                           *stamps;
  GArray                          *cand_lines;
  GArray                          *cand_patterns;
  GArray                          *esc_lines;
  const gsize                     *starts;     /* where each line starts, when known */
  guint                            n_starts;
} Scan;

/* The line of @offset from the line starts: Hyperscan reports in nearly
 * the order of the text, so the search gallops on from the last line. */
static guint
line_from_starts (Scan  *scan,
                  gsize  offset)
{
  const gsize *starts = scan->starts;
  guint lo = scan->line - 1;   /* 0-based: starts[lo] <= offset, when offset >= cursor */
  guint hi, step = 1;

  if (offset < starts[lo])
    lo = 0;
  /* gallop to a line that starts after offset, then bisect */
  hi = lo + 1;
  while (hi < scan->n_starts && starts[hi] <= offset)
    {
      lo = hi;
      hi += step;
      step *= 2;
    }
  hi = MIN (hi, scan->n_starts);
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (starts[mid] <= offset)
        lo = mid;
      else
        hi = mid;
    }
  scan->cursor = starts[lo];
  scan->line = lo + 1;
  return scan->line;
}

static inline guint
line_at (Scan  *scan,
         gsize  offset)
{
  if (scan->starts != NULL)
    return line_from_starts (scan, offset);
  if (offset >= scan->cursor)
    scan->line += count_newlines (scan->log + scan->cursor, offset - scan->cursor);
  else
    scan->line -= count_newlines (scan->log + offset, scan->cursor - offset);
  scan->cursor = offset;

  return scan->line;
}

/* Adds the lines of the ESCs before @offset to esc_lines: the line of the
 * next one, then on from the next line. */
static void
escapes_before (Scan  *scan,
                gsize  offset)
{
  while (scan->next_esc < offset)
    {
      guint line = line_at (scan, scan->next_esc);
      const guint8 *nl = memchr (scan->log + scan->next_esc, '\n', scan->len - scan->next_esc);
      const guint8 *esc;

      g_array_append_val (scan->esc_lines, line);
      if (nl == NULL)
        {
          scan->next_esc = scan->len;
          break;
        }
      scan->cursor = nl + 1 - scan->log;
      scan->line = line + 1;
      esc = memchr (nl + 1, 0x1b, scan->len - scan->cursor);
      scan->next_esc = esc ? (gsize)(esc - scan->log) : scan->len;
    }
}

static int
on_match (unsigned int        id,
          unsigned long long  from,
          unsigned long long  to,
          unsigned int        flags,
          void               *user_data)
{
  Scan *scan = user_data;
  const CulpritPrefilterHyperscan *self = scan->self;
  gsize last = to - 1;   /* the match's last byte, on its line */
  guint line;

  escapes_before (scan, last);
  line = line_at (scan, last);

  for (guint32 k = self->out_start[id]; k < self->out_end[id]; k++)
    {
      guint pattern = self->out_patterns[k];

      if (scan->stamps[pattern] != line)
        {
          scan->stamps[pattern] = line;
          if (line < scan->last_line)
            scan->unsorted = TRUE;
          scan->last_line = line;
          g_array_append_val (scan->cand_lines, line);
          g_array_append_val (scan->cand_patterns, pattern);
        }
    }

  return 0;
}

typedef struct
{
  guint line;
  guint pattern;
} Candidate;

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *x = a, *y = b;

  if (x->line != y->line)
    return x->line < y->line ? -1 : 1;
  return (x->pattern > y->pattern) - (x->pattern < y->pattern);
}

/* Hyperscan does not promise matches in order: the candidates from @first
 * on are sorted by line, and repeats dropped. */
static void
sort_candidates (GArray *cand_lines,
                 GArray *cand_patterns,
                 guint   first)
{
  guint n = cand_lines->len - first;
  g_autofree Candidate *all = g_new (Candidate, n);
  guint kept = 0;

  for (guint k = 0; k < n; k++)
    all[k] = (Candidate) { g_array_index (cand_lines, guint, first + k),
                           g_array_index (cand_patterns, guint, first + k) };
  qsort (all, n, sizeof *all, compare_candidates);
  for (guint k = 0; k < n; k++)
    if (kept == 0 || compare_candidates (&all[k], &all[kept - 1]) != 0)
      all[kept++] = all[k];

  g_array_set_size (cand_lines, first);
  g_array_set_size (cand_patterns, first);
  for (guint k = 0; k < kept; k++)
    {
      g_array_append_val (cand_lines, all[k].line);
      g_array_append_val (cand_patterns, all[k].pattern);
    }
}

/**
 * _culprit_prefilter_hyperscan_scan_log:
 *
 * _culprit_prefilter_scan_log() with Hyperscan.
 *
 * Returns: %FALSE, with the outputs and @stamps as they were, when
 *   Hyperscan could not scan (no scratch space, a log of 4 GB or more):
 *   the automaton must
 */
static gboolean
scan_text (CulpritPrefilterHyperscan *self,
           const char                *log,
           gsize                      len,
           const gsize               *starts,
           guint                      n_starts,
           guint                     *stamps,
           GArray                    *cand_lines,
           GArray                    *cand_patterns,
           GArray                    *esc_lines)
{
  guint first_cand = cand_lines->len;
  guint first_esc = esc_lines ? esc_lines->len : 0;
  Scan scan;
  hs_scratch_t *scratch;
  const guint8 *esc;
  hs_error_t status;

  if (len == 0)
    return TRUE;
  if (len > G_MAXUINT)
    return FALSE;
  if ((scratch = take_scratch (&self->pool)) == NULL)
    return FALSE;

  esc = starts == NULL ? memchr (log, 0x1b, len) : NULL;
  scan = (Scan) {
    .self = self,
    .log = (const guint8 *)log,
    .len = len,
    .cursor = 0,
    .line = 1,
    .next_esc = esc ? (gsize)(esc - (const guint8 *)log) : len,
    .stamps = stamps,
    .cand_lines = cand_lines,
    .cand_patterns = cand_patterns,
    .esc_lines = esc_lines,
    .starts = starts,
    .n_starts = n_starts,
  };

  status = hs_scan (self->db, log, len, 0, scratch, on_match, &scan);
  give_back_scratch (&self->pool, scratch);
  if (status != HS_SUCCESS)
    {
      g_debug ("Hyperscan failed (%d): the automaton scans this log", status);
      g_array_set_size (cand_lines, first_cand);
      g_array_set_size (cand_patterns, first_cand);
      if (esc_lines != NULL)
        g_array_set_size (esc_lines, first_esc);
      for (guint k = 0; k < self->n_out; k++)
        stamps[self->out_patterns[k]] = 0;
      return FALSE;
    }

  escapes_before (&scan, len);
  if (scan.unsorted)
    sort_candidates (cand_lines, cand_patterns, first_cand);

  return TRUE;
}

gboolean
_culprit_prefilter_hyperscan_scan_log (CulpritPrefilterHyperscan *self,
                                       const char                *log,
                                       gsize                      len,
                                       guint                     *stamps,
                                       GArray                    *cand_lines,
                                       GArray                    *cand_patterns,
                                       GArray                    *esc_lines)
{
  return scan_text (self, log, len, NULL, 0, stamps, cand_lines, cand_patterns, esc_lines);
}

/**
 * _culprit_prefilter_hyperscan_scan_lines:
 *
 * _culprit_prefilter_scan_lines() with Hyperscan.
 *
 * Returns: %FALSE, with the outputs and @stamps as they were, when
 *   Hyperscan could not scan
 */
gboolean
_culprit_prefilter_hyperscan_scan_lines (CulpritPrefilterHyperscan *self,
                                         const char                *text,
                                         gsize                      len,
                                         const gsize               *starts,
                                         guint                      n_starts,
                                         guint                     *stamps,
                                         GArray                    *cand_lines,
                                         GArray                    *cand_patterns)
{
  if (n_starts == 0)
    return TRUE;
  return scan_text (self, text, len, starts, n_starts, stamps, cand_lines, cand_patterns, NULL);
}

/* Regexes without literals, searched over a whole normalised log at once
 * (see culprit-matcher.c), in prefiltering mode: Hyperscan reports a
 * superset of the places where each may match, and the matcher confirms
 * each line with PCRE2. The text must be ASCII: Hyperscan is then asked
 * for no Unicode semantics, and its classes, \b and caseless matching
 * mean on ASCII what PCRE2's Unicode ones mean there. */

struct _CulpritRegexHyperscan
{
  hs_database_t *db;
  guint         *owners;      /* per id: the index the caller gave the regex */
  ScratchPool    pool;
};

/**
 * _culprit_regex_hyperscan_new:
 * @taken: (out caller-allocates): for each regex, whether Hyperscan takes
 *   it; the others stay with PCRE2
 *
 * Returns: (transfer full) (nullable): the set, or %NULL when Hyperscan
 *   takes none of them or does not run here
 */
CulpritRegexHyperscan *
_culprit_regex_hyperscan_new (const char * const *expressions,
                              const gboolean     *caseless,
                              guint               n,
                              gboolean           *taken)
{
  g_autoptr(GPtrArray) exprs = g_ptr_array_new ();
  g_autoptr(GArray) flags = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) owners = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree guint *ids = NULL;
  hs_database_t *db = NULL;
  hs_scratch_t *prototype = NULL;
  hs_compile_error_t *compile_error = NULL;
  CulpritRegexHyperscan *self;

  if (hs_valid_platform () != HS_SUCCESS)
    return NULL;

  for (guint i = 0; i < n; i++)
    {
      guint f = HS_FLAG_MULTILINE | HS_FLAG_PREFILTER | (caseless[i] ? HS_FLAG_CASELESS : 0);
      hs_database_t *one = NULL;

      /* one at a time first: a regex Hyperscan refuses stays with PCRE2 */
      taken[i] = hs_compile (expressions[i], f, HS_MODE_BLOCK, NULL, &one, &compile_error) == HS_SUCCESS;
      if (!taken[i])
        {
          g_debug ("Hyperscan does not take “%s”: %s", expressions[i],
                   compile_error ? compile_error->message : "no reason given");
          hs_free_compile_error (compile_error);
          compile_error = NULL;
          continue;
        }
      hs_free_database (one);
      g_ptr_array_add (exprs, (gpointer)expressions[i]);
      g_array_append_val (flags, f);
      g_array_append_val (owners, i);
    }
  if (exprs->len == 0)
    return NULL;

  ids = g_new (guint, exprs->len);
  for (guint k = 0; k < exprs->len; k++)
    ids[k] = k;
  if (hs_compile_multi ((const char * const *)exprs->pdata, (const guint *)flags->data, ids, exprs->len,
                        HS_MODE_BLOCK, NULL, &db, &compile_error) != HS_SUCCESS ||
      hs_alloc_scratch (db, &prototype) != HS_SUCCESS)
    {
      g_debug ("Hyperscan does not take the whole-log regexes together: PCRE2 searches them");
      hs_free_compile_error (compile_error);
      hs_free_database (db);
      for (guint i = 0; i < n; i++)
        taken[i] = FALSE;
      return NULL;
    }

  self = g_new0 (CulpritRegexHyperscan, 1);
  self->db = db;
  self->owners = (guint *)g_array_free (g_steal_pointer (&owners), FALSE);
  pool_init (&self->pool, prototype);
  return self;
}

void
_culprit_regex_hyperscan_free (CulpritRegexHyperscan *self)
{
  if (self == NULL)
    return;
  pool_clear (&self->pool);
  hs_free_database (self->db);
  g_free (self->owners);
  g_free (self);
}

typedef struct
{
  CulpritRegexHyperscan   *self;
  CulpritRegexHyperscanHit func;
  gpointer                 data;
} RegexScan;

static int
on_regex_match (unsigned int        id,
                unsigned long long  from,
                unsigned long long  to,
                unsigned int        flags,
                void               *context)
{
  RegexScan *scan = context;

  scan->func (scan->self->owners[id], to, scan->data);
  return 0;
}

/**
 * _culprit_regex_hyperscan_scan:
 * @text: ASCII text, lines joined by \n
 * @func: called with the caller's index of a regex and the offset where a
 *   match of it may end; every match of the regex ends at such an offset
 *
 * Returns: %FALSE when Hyperscan failed: the caller searches another way
 */
gboolean
_culprit_regex_hyperscan_scan (CulpritRegexHyperscan    *self,
                               const char               *text,
                               gsize                     len,
                               CulpritRegexHyperscanHit  func,
                               gpointer                  data)
{
  RegexScan scan = { self, func, data };
  hs_scratch_t *scratch;
  hs_error_t status;

  if (len > G_MAXUINT32 || (scratch = take_scratch (&self->pool)) == NULL)
    return FALSE;
  status = hs_scan (self->db, text, len, 0, scratch, on_regex_match, &scan);
  give_back_scratch (&self->pool, scratch);
  return status == HS_SUCCESS;
}
