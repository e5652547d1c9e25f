/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-matcher"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

#include <glib/gi18n-lib.h>

#include "culprit-line.h"
#include "culprit-matcher-private.h"
#include "culprit-pattern.h"
#include "culprit-prefilter.h"
#include "culprit-regex-prefix.h"
#if HAVE_HYPERSCAN
#include "culprit-prefilter-hyperscan.h"
#endif

#define MAX_STORED_PROBLEMS 100

/* The best line's text is kept for display; a line of megabytes is cut. */
#define MAX_BEST_TEXT 4096

typedef enum
{
  FIND_BYTES,            /* case-sensitive literal: memmem */
  FIND_ASCII_CASELESS,   /* case-insensitive ASCII literal */
  FIND_REGEX,            /* regex, or a case-insensitive non-ASCII literal */
} FindMode;

typedef struct
{
  CulpritPattern *pattern;
  FindMode        mode;
  char           *needle;       /* literal modes; lower-cased for FIND_ASCII_CASELESS */
  gsize           needle_len;
  GRegex         *utf8_regex;   /* for lines that are valid UTF-8 */
  GRegex         *raw_regex;    /* byte-wise, for lines that are not */
  char          **literals;     /* one of them is in every match (for the prefilter); or NULL */
  char         ***confirm;      /* for a regex: sets of literals, one of each in every match;
                                 * lower-cased when caseless */
  gboolean        confirm_caseless;
  GRegex         *whole_regex;  /* multi-line variant, to search a whole log at once; or NULL */
  CulpritRegexPrefix *prefix;   /* for a whole-log regex anchored at the line start: what
                                 * its lines start with; or NULL */
  guint           lines_from_end;
  int             specificity;
  gboolean        is_ignore;
} Compiled;

struct _CulpritMatcher
{
  GObject   parent_instance;

  Compiled         *compiled;
  guint             n_compiled;
  gboolean          needs_line_count;
  CulpritPrefilter *prefilter;   /* NULL without literals, or when disabled */
  gboolean          use_prefilter;
  guint             n_whole;       /* patterns without literals that can search whole logs */
  guint             n_prefixed;    /* of them, those with a prefix */
  guint            *prefix_owner;  /* bit k of prefix_at: this pattern (64 at most) */
  guint             n_prefix_bits;
  guint64           prefix_at[4][256];   /* bit k: its pattern may have the byte there */
  gboolean          avx2;          /* lines are found with AVX2 */
#if HAVE_HYPERSCAN
  CulpritRegexHyperscan *whole_hs;   /* those of them Hyperscan takes, for ASCII logs */
  gboolean         *whole_hs_taken;  /* per pattern */
  guint            *whole_hs_index;  /* Hyperscan's index -> pattern */
  CulpritRegexHyperscan *rest_hs;    /* the same without those with a prefix */
  gboolean         *rest_hs_taken;
  guint            *rest_hs_index;
#endif
};

struct _CulpritScanResult
{
  gatomicrefcount  ref_count;
  guint            line_count;
  GArray          *matches;     /* CulpritMatch, by line then pattern */
  int              best;        /* index in matches, or -1 */
  char            *best_text;   /* valid UTF-8 */
  GArray          *problems;    /* CulpritMatchProblem */
  guint            n_problems_total;
};

static gboolean cpu_has_avx2 (void);

G_DEFINE_FINAL_TYPE (CulpritMatcher, culprit_matcher, G_TYPE_OBJECT)
G_DEFINE_BOXED_TYPE (CulpritScanResult, culprit_scan_result,
                     culprit_scan_result_ref, culprit_scan_result_unref)
G_DEFINE_QUARK (culprit-matcher-error-quark, culprit_matcher_error)

GRegex *
_culprit_matcher_compile_regex (const char  *expression,
                                gboolean     case_sensitive,
                                gboolean     raw,
                                gboolean     bounded,
                                GError     **error)
{
  g_autofree char *bounded_expression = NULL;
  GRegexCompileFlags flags = G_REGEX_OPTIMIZE | G_REGEX_NEWLINE_LF;

  if (!case_sensitive)
    flags |= G_REGEX_CASELESS;
  if (raw)
    flags |= G_REGEX_RAW;
  if (bounded)
    expression = bounded_expression =
      g_strdup_printf ("(*LIMIT_MATCH=%d)%s", CULPRIT_MATCHER_MATCH_LIMIT, expression);

  return g_regex_new (expression, flags, 0, error);
}

static void
compiled_clear (Compiled *c)
{
  g_clear_object (&c->pattern);
  g_clear_pointer (&c->needle, g_free);
  g_clear_pointer (&c->literals, g_strfreev);
  g_clear_pointer (&c->confirm, _culprit_literal_sets_free);
  g_clear_pointer (&c->whole_regex, g_regex_unref);
  g_clear_pointer (&c->prefix, _culprit_regex_prefix_free);
  g_clear_pointer (&c->utf8_regex, g_regex_unref);
  g_clear_pointer (&c->raw_regex, g_regex_unref);
}

static gboolean
is_ascii (const char *str)
{
  for (; *str; str++)
    if ((guchar)*str >= 0x80)
      return FALSE;
  return TRUE;
}

/* Can a regex search a whole log at once (lines joined by \n, ^ and $ at
 * line ends) and still find every line that it matches on its own? Not
 * with lookaround, options, verbs or anchors of the whole subject, whose
 * meaning changes when other lines are around. */
static gboolean
whole_log_safe (const char *expression)
{
  const char *banned[] = { "(?", "(*", "\\A", "\\z", "\\Z", "\\G", "\\K", NULL };

  for (guint i = 0; banned[i]; i++)
    {
      const char *hit = strstr (expression, banned[i]);

      /* (?: is only a group */
      while (hit != NULL && g_str_equal (banned[i], "(?") && hit[2] == ':')
        hit = strstr (hit + 3, "(?");
      if (hit != NULL)
        return FALSE;
    }
  return TRUE;
}

static GRegex *
compile_whole (const char *expression,
               gboolean    case_sensitive)
{
  g_autofree char *bounded = g_strdup_printf ("(*LIMIT_MATCH=%d)%s", CULPRIT_MATCHER_MATCH_LIMIT,
                                              expression);
  GRegexCompileFlags flags = G_REGEX_OPTIMIZE | G_REGEX_NEWLINE_LF | G_REGEX_MULTILINE;

  if (!case_sensitive)
    flags |= G_REGEX_CASELESS;
  return g_regex_new (bounded, flags, 0, NULL);
}

static gboolean
compiled_init (Compiled        *c,
               CulpritPattern  *pattern,
               GError         **error)
{
  const char *expression = culprit_pattern_get_expression (pattern);
  gboolean case_sensitive = culprit_pattern_get_case_sensitive (pattern);
  g_autofree char *escaped = NULL;

  c->pattern = g_object_ref (pattern);
  c->lines_from_end = culprit_pattern_get_lines_from_end (pattern);
  c->specificity = culprit_pattern_get_specificity (pattern);
  c->is_ignore = culprit_pattern_get_kind (pattern) == CULPRIT_PATTERN_KIND_IGNORE;

  if (!culprit_pattern_validate (pattern, error))
    return FALSE;

  if (!culprit_pattern_get_is_regex (pattern))
    {
      if (case_sensitive)
        {
          c->mode = FIND_BYTES;
          c->needle = g_strdup (expression);
          c->needle_len = strlen (expression);
          c->literals = g_new0 (char *, 2);
          c->literals[0] = g_strdup (expression);
          return TRUE;
        }
      if (is_ascii (expression))
        {
          c->mode = FIND_ASCII_CASELESS;
          c->needle = g_ascii_strdown (expression, -1);
          c->needle_len = strlen (expression);
          c->literals = g_new0 (char *, 2);
          c->literals[0] = g_strdup (expression);
          return TRUE;
        }
      expression = escaped = g_regex_escape_string (expression, -1);
    }
  else
    {
      c->literals = _culprit_regex_required_literals (expression, case_sensitive);
      c->confirm = _culprit_regex_required_literal_sets (expression, case_sensitive);
      if (c->confirm == NULL && c->literals != NULL)
        {
          c->confirm = g_new0 (char **, 2);
          c->confirm[0] = g_strdupv (c->literals);
        }
      for (guint i = 0; c->confirm && c->confirm[i] && !case_sensitive; i++)
        for (guint k = 0; c->confirm[i][k]; k++)
          {
            char *lower = g_ascii_strdown (c->confirm[i][k], -1);

            g_free (c->confirm[i][k]);
            c->confirm[i][k] = lower;
          }
      c->confirm_caseless = !case_sensitive;
    }

  if (c->literals == NULL && whole_log_safe (expression))
    c->whole_regex = compile_whole (expression, case_sensitive);

  c->mode = FIND_REGEX;
  c->utf8_regex = _culprit_matcher_compile_regex (expression, case_sensitive, FALSE, TRUE, error);
  if (c->utf8_regex == NULL)
    return FALSE;
  c->raw_regex = _culprit_matcher_compile_regex (expression, case_sensitive, TRUE, TRUE, error);
  if (c->raw_regex == NULL)
    return FALSE;

  return TRUE;
}

static void
culprit_matcher_finalize (GObject *object)
{
  CulpritMatcher *self = (CulpritMatcher *)object;

  for (guint i = 0; i < self->n_compiled; i++)
    compiled_clear (&self->compiled[i]);
  g_clear_pointer (&self->compiled, g_free);
  g_clear_pointer (&self->prefix_owner, g_free);
  g_clear_pointer (&self->prefilter, _culprit_prefilter_free);
#if HAVE_HYPERSCAN
  g_clear_pointer (&self->whole_hs, _culprit_regex_hyperscan_free);
  g_clear_pointer (&self->whole_hs_taken, g_free);
  g_clear_pointer (&self->whole_hs_index, g_free);
  g_clear_pointer (&self->rest_hs, _culprit_regex_hyperscan_free);
  g_clear_pointer (&self->rest_hs_taken, g_free);
  g_clear_pointer (&self->rest_hs_index, g_free);
#endif

  G_OBJECT_CLASS (culprit_matcher_parent_class)->finalize (object);
}

static void
culprit_matcher_class_init (CulpritMatcherClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = culprit_matcher_finalize;
}

static void
culprit_matcher_init (CulpritMatcher *self)
{
}

#if HAVE_HYPERSCAN
static CulpritRegexHyperscan *
whole_hs_new (CulpritMatcher  *self,
              gboolean         without_prefixed,
              gboolean       **taken_out,
              guint          **index_out)
{
  g_autofree const char **exprs = g_new0 (const char *, self->n_compiled + 1);
  g_autofree gboolean *folded = g_new0 (gboolean, self->n_compiled + 1);
  g_autofree gboolean *taken = g_new0 (gboolean, self->n_compiled + 1);
  guint *index = g_new0 (guint, self->n_compiled + 1);
  gboolean *by_pattern = g_new0 (gboolean, self->n_compiled + 1);
  CulpritRegexHyperscan *hs;
  guint n = 0;

  for (guint i = 0; i < self->n_compiled; i++)
    if (self->compiled[i].whole_regex != NULL && !(without_prefixed && self->compiled[i].prefix != NULL))
      {
        exprs[n] = culprit_pattern_get_expression (self->compiled[i].pattern);
        folded[n] = !culprit_pattern_get_case_sensitive (self->compiled[i].pattern);
        index[n++] = i;
      }
  hs = _culprit_regex_hyperscan_new (exprs, folded, n, taken);
  for (guint k = 0; k < n; k++)
    by_pattern[index[k]] = taken[k];
  *taken_out = by_pattern;
  *index_out = index;
  return hs;
}
#endif

/* The prefilter looks for one literal of each pattern, and any set of
 * literals of which every match holds one would do. The longest, which
 * _culprit_regex_required_literals() gives, is the best guess pattern by
 * pattern; but in a big set many regexes share a phrase (a hundred
 * variants of "Killed process \d+ \(NAME\)"), and the phrase makes
 * every one of them a candidate wherever it occurs. So each regex takes,
 * of its required sets (the confirm sets of three bytes or more), the one
 * whose literals the fewest patterns use, then the longest. */

#define MIN_PREFILTER_LITERAL 3

typedef struct
{
  guint n_patterns;   /* that use the literal */
  guint last;         /* the last pattern counted, + 1 */
} LiteralUse;

/* A set the prefilter can use: literals of three bytes or more, without
 * a line end or an escape (see culprit_matcher_new_full ()) */
static gboolean
usable_set (char **set)
{
  for (guint k = 0; set[k]; k++)
    if (strlen (set[k]) < MIN_PREFILTER_LITERAL || strpbrk (set[k], "\n\033") != NULL)
      return FALSE;
  return set[0] != NULL;
}

static void
count_uses (GHashTable  *uses,
            char       **set,
            guint        pattern)
{
  for (guint k = 0; set[k]; k++)
    {
      g_autofree char *folded = g_ascii_strdown (set[k], -1);
      LiteralUse *use = g_hash_table_lookup (uses, folded);

      if (use == NULL)
        {
          use = g_new0 (LiteralUse, 1);
          g_hash_table_insert (uses, g_steal_pointer (&folded), use);
        }
      if (use->last != pattern + 1)
        {
          use->n_patterns++;
          use->last = pattern + 1;
        }
    }
}

/* The most patterns that use one of the literals of @set. */
static guint
set_uses (GHashTable  *uses,
          char       **set)
{
  guint most = 0;

  for (guint k = 0; set[k]; k++)
    {
      g_autofree char *folded = g_ascii_strdown (set[k], -1);
      LiteralUse *use = g_hash_table_lookup (uses, folded);

      most = MAX (most, use ? use->n_patterns : 0);
    }
  return most;
}

static guint
shortest_literal (char **set)
{
  guint n = G_MAXUINT;

  for (guint k = 0; set[k]; k++)
    n = MIN (n, strlen (set[k]));
  return n;
}

static void
choose_literals (CulpritMatcher *self)
{
  g_autoptr(GHashTable) uses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < self->n_compiled; i++)
    {
      Compiled *c = &self->compiled[i];

      if (c->literals == NULL || c->is_ignore)
        continue;
      count_uses (uses, c->literals, i);
      for (guint s = 0; c->confirm && c->confirm[s]; s++)
        if (usable_set (c->confirm[s]))
          count_uses (uses, c->confirm[s], i);
    }

  for (guint i = 0; i < self->n_compiled; i++)
    {
      Compiled *c = &self->compiled[i];
      char **best = NULL;
      guint best_uses, best_len;

      if (c->literals == NULL || c->is_ignore || c->confirm == NULL)
        continue;
      best_uses = set_uses (uses, c->literals);
      best_len = shortest_literal (c->literals);
      if (best_uses <= 1)
        continue;
      for (guint s = 0; c->confirm[s]; s++)
        {
          guint n, len;

          if (!usable_set (c->confirm[s]))
            continue;
          n = set_uses (uses, c->confirm[s]);
          len = shortest_literal (c->confirm[s]);
          if (n < best_uses || (n == best_uses && len > best_len))
            {
              best = c->confirm[s];
              best_uses = n;
              best_len = len;
            }
        }
      if (best != NULL)
        {
          g_strfreev (c->literals);
          c->literals = g_strdupv (best);
        }
    }
}

/**
 * culprit_matcher_new:
 * @patterns: (element-type CulpritPattern): the patterns, oldest first:
 *   when two matches tie on specificity and line, the later pattern wins
 *
 * Compiles a set of patterns. The matcher is immutable, so one matcher can
 * scan logs in several threads at once. Retired patterns are kept (their
 * index stays valid) but never match.
 *
 * Returns: (transfer full): a matcher, or %NULL with @error set naming the
 *   first pattern that does not compile
 */
CulpritMatcher *
culprit_matcher_new (GPtrArray  *patterns,
                     GError    **error)
{
  return culprit_matcher_new_full (patterns, CULPRIT_MATCHER_FLAGS_NONE, error);
}

/**
 * culprit_matcher_new_full:
 * @flags: %CULPRIT_MATCHER_FLAGS_NO_PREFILTER runs every pattern on every
 *   line (the naive scan, for tests and benchmarks)
 *
 * Like culprit_matcher_new(), with flags.
 */
CulpritMatcher *
culprit_matcher_new_full (GPtrArray            *patterns,
                          CulpritMatcherFlags   flags,
                          GError              **error)
{
  g_autoptr(CulpritMatcher) self = NULL;
  g_autoptr(GPtrArray) literals = g_ptr_array_new ();
  g_autoptr(GArray) owners = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) caseless = g_array_new (FALSE, FALSE, sizeof (gboolean));

  g_return_val_if_fail (patterns != NULL, NULL);

  self = g_object_new (CULPRIT_TYPE_MATCHER, NULL);
  self->compiled = g_new0 (Compiled, MAX (patterns->len, 1));
  self->n_compiled = patterns->len;
  self->use_prefilter = (flags & CULPRIT_MATCHER_FLAGS_NO_PREFILTER) == 0;
  /* CULPRIT_PREFILTER=portable takes the code paths every CPU has */
  self->avx2 = cpu_has_avx2 () && g_strcmp0 (g_getenv ("CULPRIT_PREFILTER"), "portable") != 0;

  for (guint i = 0; i < patterns->len; i++)
    {
      CulpritPattern *pattern = g_ptr_array_index (patterns, i);
      g_autoptr(GError) local_error = NULL;

      g_return_val_if_fail (CULPRIT_IS_PATTERN (pattern), NULL);

      if (!compiled_init (&self->compiled[i], pattern, &local_error))
        {
          g_set_error (error, CULPRIT_MATCHER_ERROR, CULPRIT_MATCHER_ERROR_INVALID_PATTERN,
                       _("Pattern %u (“%s”): %s"), i + 1,
                       culprit_pattern_get_name (pattern), local_error->message);
          return NULL;
        }

      if (self->compiled[i].lines_from_end > 0)
        self->needs_line_count = TRUE;
    }

  if (self->use_prefilter)
    choose_literals (self);

  for (guint i = 0; i < patterns->len; i++)
    {
      CulpritPattern *pattern = g_ptr_array_index (patterns, i);

      /* a literal with a line end or an escape can be no help on a line */
      for (guint k = 0; self->compiled[i].literals && self->compiled[i].literals[k]; k++)
        if (strpbrk (self->compiled[i].literals[k], "\n\033") != NULL)
          {
            g_clear_pointer (&self->compiled[i].literals, g_strfreev);
            break;
          }
      /* ignore patterns only matter on lines where a cause may match: they
       * run there, and never decide which lines are looked at */
      if (self->compiled[i].is_ignore)
        {
          g_clear_pointer (&self->compiled[i].literals, g_strfreev);
          g_clear_pointer (&self->compiled[i].whole_regex, g_regex_unref);
          continue;
        }
      if (self->compiled[i].literals == NULL && self->compiled[i].mode == FIND_REGEX &&
          self->compiled[i].whole_regex == NULL && whole_log_safe (culprit_pattern_get_expression (pattern)) &&
          culprit_pattern_get_is_regex (pattern))
        self->compiled[i].whole_regex = compile_whole (culprit_pattern_get_expression (pattern),
                                                       culprit_pattern_get_case_sensitive (pattern));
      for (guint k = 0; self->use_prefilter && self->compiled[i].literals &&
                        self->compiled[i].literals[k]; k++)
        {
          gboolean folded = !culprit_pattern_get_case_sensitive (pattern);

          g_ptr_array_add (literals, self->compiled[i].literals[k]);
          g_array_append_val (owners, i);
          g_array_append_val (caseless, folded);
        }
      if (self->use_prefilter && self->compiled[i].whole_regex != NULL)
        {
          self->n_whole++;
          self->compiled[i].prefix = _culprit_regex_prefix_new (culprit_pattern_get_expression (pattern),
                                                                !culprit_pattern_get_case_sensitive (pattern));
          self->n_prefixed += self->compiled[i].prefix != NULL;
        }
    }

  if (literals->len > 0)
    self->prefilter = _culprit_prefilter_new ((const char * const *)literals->pdata,
                                              (const guint *)owners->data,
                                              (const gboolean *)caseless->data, literals->len);

#if HAVE_HYPERSCAN
  /* the first four byte sets of every prefix, for mark_prefixes () */
  self->prefix_owner = g_new0 (guint, MIN (self->n_prefixed, 64) + 1);
  for (guint i = 0; i < self->n_compiled && self->n_prefix_bits < 64; i++)
    if (self->compiled[i].prefix != NULL)
      {
        guint k = self->n_prefix_bits++;

        self->prefix_owner[k] = i;
        for (guint pos = 0; pos < 4; pos++)
          for (guint b = 0; b < 256; b++)
            if (_culprit_regex_prefix_may_have (self->compiled[i].prefix, pos, b))
              self->prefix_at[pos][b] |= G_GUINT64_CONSTANT (1) << k;
      }

  /* the whole-log regexes in one Hyperscan pass, as the prefilter's
   * literals (CULPRIT_PREFILTER=portable does without both); and again
   * without those with a prefix, for the logs where their prefixes do */
  if (self->n_whole > 0 && g_strcmp0 (g_getenv ("CULPRIT_PREFILTER"), "portable") != 0)
    {
      self->whole_hs = whole_hs_new (self, FALSE, &self->whole_hs_taken, &self->whole_hs_index);
      if (self->n_prefixed > 0 && self->n_prefixed < self->n_whole)
        self->rest_hs = whole_hs_new (self, TRUE, &self->rest_hs_taken, &self->rest_hs_index);
    }
#endif

  return g_steal_pointer (&self);
}

/**
 * culprit_matcher_has_literal:
 *
 * Returns: whether the prefilter finds candidate lines for the pattern at
 *   @index by a literal, rather than running it on every line
 */
gboolean
culprit_matcher_has_literal (CulpritMatcher *self,
                             guint           index)
{
  g_return_val_if_fail (CULPRIT_IS_MATCHER (self), FALSE);
  g_return_val_if_fail (index < self->n_compiled, FALSE);

  return self->prefilter != NULL && self->compiled[index].literals != NULL;
}

/* The literals of the pattern at @index, one of which is in every line it
 * matches (ASCII case-insensitively); NULL when it has none. */
const char * const *
_culprit_matcher_get_literals (CulpritMatcher *self,
                               guint           index)
{
  g_return_val_if_fail (CULPRIT_IS_MATCHER (self), NULL);
  g_return_val_if_fail (index < self->n_compiled, NULL);

  if (!culprit_matcher_has_literal (self, index))
    return NULL;
  return (const char * const *)self->compiled[index].literals;
}

guint
culprit_matcher_get_n_patterns (CulpritMatcher *self)
{
  g_return_val_if_fail (CULPRIT_IS_MATCHER (self), 0);

  return self->n_compiled;
}

/**
 * culprit_matcher_get_pattern:
 *
 * Returns: (transfer none): the pattern at @index
 */
CulpritPattern *
culprit_matcher_get_pattern (CulpritMatcher *self,
                             guint           index)
{
  g_return_val_if_fail (CULPRIT_IS_MATCHER (self), NULL);
  g_return_val_if_fail (index < self->n_compiled, NULL);

  return self->compiled[index].pattern;
}

/* Lines are short: there, a memchr () for the first byte and a compare
 * beat memmem (), which prepares its search at every call. A long line
 * (a hostile one may be 1 MiB of the needle's first byte) gets memmem ()
 * and its linear time. */
#define SHORT_LINE 4096

static const char *
find_bytes (const char *haystack,
            gsize       haystack_len,
            const char *needle,
            gsize       needle_len)
{
  const char *p = haystack;
  const char *last;

  if (needle_len == 0)
    return haystack;
  if (needle_len > haystack_len)
    return NULL;
  if (haystack_len > SHORT_LINE)
    return memmem (haystack, haystack_len, needle, needle_len);

  last = haystack + haystack_len - needle_len;
  while (p <= last && (p = memchr (p, needle[0], last - p + 1)) != NULL)
    {
      if (memcmp (p + 1, needle + 1, needle_len - 1) == 0)
        return p;
      p++;
    }
  return NULL;
}

/* @needle is lower-case. */
static const char *
find_ascii_caseless (const char *haystack,
                     gsize       haystack_len,
                     const char *needle,
                     gsize       needle_len)
{
  guchar first_lower = needle[0];
  guchar first_upper = g_ascii_toupper (needle[0]);

  if (needle_len > haystack_len)
    return NULL;

  if (haystack_len > SHORT_LINE)
    {
      g_autofree char *lower = g_malloc (haystack_len);
      const char *hit;

      for (gsize i = 0; i < haystack_len; i++)   /* g_ascii_strdown () stops at a NUL */
        lower[i] = g_ascii_tolower (haystack[i]);
      hit = memmem (lower, haystack_len, needle, needle_len);

      return hit ? haystack + (hit - lower) : NULL;
    }

  for (gsize i = 0; i + needle_len <= haystack_len; i++)
    {
      guchar ch = haystack[i];

      if (ch != first_lower && ch != first_upper)
        continue;
      if (g_ascii_strncasecmp (haystack + i + 1, needle + 1, needle_len - 1) == 0)
        return haystack + i;
    }

  return NULL;
}

typedef struct
{
  CulpritScanResult *result;
  CulpritMatcher    *matcher;
  guint              line;
  const char        *text;
  gsize              len;
  int                utf8_valid;   /* -1 until checked */
} LineState;

/* Valid UTF-8? Logs are mostly ASCII: look for a byte with the high bit
 * set eight bytes at a time, and leave the rest to GLib. */
/* The length of the ASCII text @text starts with. */
static gsize
ascii_run (const char *text,
           gsize       len)
{
  gsize i = 0;

  for (; i + 8 <= len; i += 8)
    {
      guint64 word;

      memcpy (&word, text + i, 8);
      if (word & G_GUINT64_CONSTANT (0x8080808080808080))
        break;
    }
  for (; i < len; i++)
    if ((guchar)text[i] >= 0x80)
      break;
  return i;
}

static gboolean
utf8_valid (const char *text,
            gsize       len)
{
  gsize i = ascii_run (text, len);

  if (i == len)
    return TRUE;
  /* back to the start of the character the high byte belongs to */
  while (i > 0 && ((guchar)text[i] & 0xc0) == 0x80)
    i--;
  return g_utf8_validate_len (text + i, len - i, NULL);
}

static void
add_problem (CulpritScanResult *result,
             guint              pattern_index,
             guint              line,
             char              *message)
{
  CulpritMatchProblem problem = { pattern_index, line, message };

  result->n_problems_total++;
  if (result->problems->len < MAX_STORED_PROBLEMS)
    g_array_append_val (result->problems, problem);
  else
    g_free (message);
}

/* The prefilter's hit may be a part of a literal only, and a regex may
 * need more than that literal: a regex runs on a line only when the line
 * holds one literal of each of its required sets (matching costs an
 * allocation and a call into the JIT; this is a short loop). */
static gboolean
confirmed (LineState *state,
           Compiled  *c)
{
  /* the naive scan, which the tests hold the prefilter to, runs every regex */
  if (!state->matcher->use_prefilter)
    return TRUE;

  for (guint i = 0; c->confirm && c->confirm[i]; i++)
    {
      gboolean any = FALSE;

      for (guint k = 0; c->confirm[i][k] && !any; k++)
        {
          gsize n = strlen (c->confirm[i][k]);

          any = c->confirm_caseless ? find_ascii_caseless (state->text, state->len, c->confirm[i][k], n) != NULL
                                    : find_bytes (state->text, state->len, c->confirm[i][k], n) != NULL;
        }
      if (!any)
        return FALSE;
    }
  return TRUE;
}

static gboolean
find (LineState *state,
      guint      index,
      guint     *start,
      guint     *end)
{
  Compiled *c = &state->matcher->compiled[index];
  const char *hit;

  switch (c->mode)
    {
    case FIND_BYTES:
      hit = find_bytes (state->text, state->len, c->needle, c->needle_len);
      break;

    case FIND_ASCII_CASELESS:
      hit = find_ascii_caseless (state->text, state->len, c->needle, c->needle_len);
      break;

    case FIND_REGEX:
    default:
      {
        g_autoptr(GMatchInfo) match_info = NULL;
        g_autoptr(GError) error = NULL;
        GRegex *regex;
        int s, e;

        if (state->utf8_valid < 0)
          state->utf8_valid = utf8_valid (state->text, state->len);
        regex = state->utf8_valid ? c->utf8_regex : c->raw_regex;

        if (!g_regex_match_full (regex, state->text, state->len, 0, 0, &match_info, &error))
          {
            if (error != NULL)
              {
                /* GLib's message repeats the expression, with our match
                 * limit prefix; the reason is after the last colon. */
                const char *reason = strrchr (error->message, ':');

                reason = reason ? reason + 1 : error->message;
                while (*reason == ' ')
                  reason++;
                add_problem (state->result, index, state->line,
                             g_strdup_printf (_("Pattern “%s” gave up on line %u: %s"),
                                              culprit_pattern_get_name (c->pattern),
                                              state->line, reason));
              }
            return FALSE;
          }
        g_match_info_fetch_pos (match_info, 0, &s, &e);
        *start = s;
        *end = e;
        return TRUE;
      }
    }

  if (hit == NULL)
    return FALSE;

  *start = hit - state->text;
  *end = *start + c->needle_len;

  return TRUE;
}

static char *
make_display_text (const char *text,
                   gsize       len)
{
  g_autofree char *valid = g_utf8_make_valid (text, MIN (len, MAX_BEST_TEXT));

  if (len <= MAX_BEST_TEXT)
    return g_steal_pointer (&valid);

  /* make_valid turned a cut character into U+FFFD; drop it */
  if (g_str_has_suffix (valid, "\xef\xbf\xbd"))
    valid[strlen (valid) - 3] = '\0';
  return g_strconcat (valid, "…", NULL);
}

/* stamps of lines prefiltered a second time, once normalised */
#define RESCAN_STAMP 0x80000000u

enum {
  ACTIVE_NONE,      /* retired, or not for this step */
  ACTIVE_IGNORE,
  ACTIVE_CAUSE,
};

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *)a, y = *(const guint *)b;

  return (x > y) - (x < y);
}

/* A line has a few candidates, where insertion sort is fastest; with a
 * big pattern set, a common literal may make thousands. */
static void
sort_candidates (guint *items,
                 guint  n)
{
  if (n > 32)
    {
      qsort (items, n, sizeof *items, compare_uint);
      return;
    }
  for (guint i = 1; i < n; i++)
    {
      guint v = items[i];
      guint j = i;

      for (; j > 0 && items[j - 1] > v; j--)
        items[j] = items[j - 1];
      items[j] = v;
    }
}

static gboolean
in_range (Compiled *c,
          guint     line,
          guint     total)
{
  return c->lines_from_end == 0 || (guint64)line + c->lines_from_end > total;
}

/* Highest specificity, then the last line, then the newest pattern. */
static gboolean
better_than (CulpritMatcher     *self,
             const CulpritMatch *a,
             const CulpritMatch *b)
{
  int sa = self->compiled[a->pattern_index].specificity;
  int sb = self->compiled[b->pattern_index].specificity;

  if (sa != sb)
    return sa > sb;
  if (a->line != b->line)
    return a->line > b->line;
  return a->pattern_index > b->pattern_index;
}

/* Whole-log search, for patterns without literals: rather than calling
 * the regex once per line, search the normalised log (lines joined by \n)
 * once, and mark the lines where a match starts or that a match spans.
 * Every line the regex matches on its own is marked (whole_log_safe()
 * keeps out what could break that), so the per-line pass then runs the
 * pattern on the marked lines only, with exactly the per-line result. */

typedef struct
{
  char    *copy;     /* the normalised text, when it differs from the log */
  const char *text;
  gsize    len;
  GArray  *starts;   /* gsize: where each line starts in text */
  GArray  *raw_starts;   /* gsize: where each line starts in the log */
  gboolean raw_ascii;    /* the log is ASCII (and so is the copy) */
} WholeLog;

static void
whole_log_clear (WholeLog *w)
{
  g_free (w->copy);
  if (w->starts)
    g_array_unref (w->starts);
  if (w->raw_starts)
    g_array_unref (w->raw_starts);
}

/* One pass over a raw log finds where each line starts, which lines hold
 * an ESC, and whether the log is ASCII: 64 bytes at a time, as bit masks
 * (AVX2 where the CPU has it, else SSE2, which every x86-64 has), rather
 * than a memchr () call per line and per escape. */
typedef struct
{
  guint64 nl;     /* bit i: byte i is \n */
  guint64 esc;    /* ... is ESC */
  guint64 high;   /* ... has its high bit set */
} Masks;

typedef Masks (*MasksFunc) (const guint8 *p);

typedef struct
{
  GArray   *starts;      /* gsize: where each line starts */
  GArray   *esc_lines;   /* guint: the 0-based lines that hold an ESC, in order */
  gboolean  ascii;
} LineScan;

static inline Masks
masks_bytes (const guint8 *p)
{
  Masks m = { 0, 0, 0 };

  for (guint i = 0; i < 64; i++)
    {
      m.nl |= (guint64)(p[i] == '\n') << i;
      m.esc |= (guint64)(p[i] == 0x1b) << i;
      m.high |= (guint64)(p[i] >> 7) << i;
    }
  return m;
}

#ifdef __SSE2__
static inline Masks
masks_sse2 (const guint8 *p)
{
  const __m128i nl = _mm_set1_epi8 ('\n');
  const __m128i esc = _mm_set1_epi8 (0x1b);
  Masks m = { 0, 0, 0 };

  for (guint k = 0; k < 4; k++)
    {
      __m128i v = _mm_loadu_si128 ((const __m128i *)(p + 16 * k));

      m.nl |= (guint64)(guint16)_mm_movemask_epi8 (_mm_cmpeq_epi8 (v, nl)) << (16 * k);
      m.esc |= (guint64)(guint16)_mm_movemask_epi8 (_mm_cmpeq_epi8 (v, esc)) << (16 * k);
      m.high |= (guint64)(guint16)_mm_movemask_epi8 (v) << (16 * k);
    }
  return m;
}
#endif

#if defined(__x86_64__) && defined(__GNUC__)
#define HAVE_AVX2_PATH 1
__attribute__ ((target ("avx2"))) static inline Masks
masks_avx2 (const guint8 *p)
{
  const __m256i nl = _mm256_set1_epi8 ('\n');
  const __m256i esc = _mm256_set1_epi8 (0x1b);
  __m256i a = _mm256_loadu_si256 ((const __m256i *)p);
  __m256i b = _mm256_loadu_si256 ((const __m256i *)(p + 32));
  Masks m;

  m.nl = (guint64)(guint32)_mm256_movemask_epi8 (_mm256_cmpeq_epi8 (a, nl)) |
         (guint64)(guint32)_mm256_movemask_epi8 (_mm256_cmpeq_epi8 (b, nl)) << 32;
  m.esc = (guint64)(guint32)_mm256_movemask_epi8 (_mm256_cmpeq_epi8 (a, esc)) |
          (guint64)(guint32)_mm256_movemask_epi8 (_mm256_cmpeq_epi8 (b, esc)) << 32;
  m.high = (guint64)(guint32)_mm256_movemask_epi8 (_mm256_or_si256 (a, b));   /* only tested for 0 */
  return m;
}
#endif

static inline void
append_esc_line (LineScan *out,
                 guint     line)
{
  if (out->esc_lines->len == 0 || g_array_index (out->esc_lines, guint, out->esc_lines->len - 1) != line)
    g_array_append_val (out->esc_lines, line);
}

/* The loop, inlined into each variant with its own masks function. */
static inline __attribute__ ((always_inline)) void
scan_lines_with (const guint8 *log,
                 gsize         len,
                 LineScan     *out,
                 MasksFunc     masks)
{
  gsize cap = len / 48 + 64;
  gsize *starts;
  gsize n = 0;
  gsize i = 0;
  guint64 high = 0;

  g_array_set_size (out->starts, cap);
  starts = (gsize *)out->starts->data;
  starts[n++] = 0;

  for (; i + 64 <= len; i += 64)
    {
      Masks m = masks (log + i);
      guint64 nl = m.nl;

      high |= m.high;
      if (G_UNLIKELY (m.esc != 0))
        {
          /* an ESC's line: the lines started so far, and the newlines
           * before it in this block */
          for (guint64 e = m.esc; e != 0; e &= e - 1)
            {
              guint j = __builtin_ctzll (e);

              append_esc_line (out, n - 1 + __builtin_popcountll (nl & ((G_GUINT64_CONSTANT (1) << j) - 1)));
            }
        }
      if (nl == 0)
        continue;
      if (G_UNLIKELY (n + 64 > cap))   /* room for a whole block of line ends */
        {
          cap *= 2;
          g_array_set_size (out->starts, cap);
          starts = (gsize *)out->starts->data;
        }
      do
        {
          starts[n++] = i + __builtin_ctzll (nl) + 1;
          nl &= nl - 1;
        }
      while (nl != 0);
    }

  for (; i < len; i++)
    {
      high |= log[i] >> 7;
      if (log[i] == 0x1b)
        append_esc_line (out, n - 1);
      if (log[i] == '\n')
        {
          if (G_UNLIKELY (n == cap))
            {
              cap *= 2;
              g_array_set_size (out->starts, cap);
              starts = (gsize *)out->starts->data;
            }
          starts[n++] = i + 1;
        }
    }

  /* a final newline ends the last line; it starts none */
  if (starts[n - 1] == len)
    n--;
  g_array_set_size (out->starts, n);
  out->ascii = high == 0;
}

#ifdef HAVE_AVX2_PATH
__attribute__ ((target ("avx2"))) static void
scan_lines_avx2 (const guint8 *log,
                 gsize         len,
                 LineScan     *out)
{
  scan_lines_with (log, len, out, masks_avx2);
}
#endif

static void
scan_lines_default (const guint8 *log,
                    gsize         len,
                    LineScan     *out)
{
#ifdef __SSE2__
  scan_lines_with (log, len, out, masks_sse2);
#else
  scan_lines_with (log, len, out, masks_bytes);
#endif
}

static gboolean
cpu_has_avx2 (void)
{
#ifdef HAVE_AVX2_PATH
  __builtin_cpu_init ();
  return __builtin_cpu_supports ("avx2");
#else
  return FALSE;
#endif
}

static void
scan_lines (const char *log,
            gsize       len,
            gboolean    avx2,
            LineScan   *out)
{
  out->starts = g_array_sized_new (FALSE, FALSE, sizeof (gsize), len / 48 + 64);
  out->esc_lines = g_array_new (FALSE, FALSE, sizeof (guint));
  out->ascii = TRUE;
  if (len == 0)
    return;
#ifdef HAVE_AVX2_PATH
  if (avx2)
    {
      scan_lines_avx2 ((const guint8 *)log, len, out);
      return;
    }
#endif
  scan_lines_default ((const guint8 *)log, len, out);
}

/* The copy is made only when a line changes, and the unchanged lines
 * around those go into it in runs, not one by one. */
static void
whole_log_build (WholeLog   *w,
                 const char *log,
                 gsize       len,
                 gboolean    avx2)
{
  g_autoptr(GString) scratch = g_string_new (NULL);
  const char *end = log + len;
  const char *run = log;   /* raw text not yet in the copy */
  LineScan scan;
  const gsize *raw;
  const guint *esc_lines;
  guint n_esc, esc_cursor = 0;
  gsize *starts;
  gsize out = 0;   /* bytes in the copy */
  guint n;

  scan_lines (log, len, avx2, &scan);
  w->raw_starts = scan.starts;
  w->raw_ascii = scan.ascii;
  esc_lines = (const guint *)scan.esc_lines->data;
  n_esc = scan.esc_lines->len;
  raw = (const gsize *)w->raw_starts->data;
  n = w->raw_starts->len;
  w->starts = g_array_sized_new (FALSE, FALSE, sizeof (gsize), n);
  g_array_set_size (w->starts, n);
  starts = (gsize *)w->starts->data;

  for (guint i = 0; i < n; i++)
    {
      const char *p = log + raw[i];
      const char *next = i + 1 < n ? log + raw[i + 1] : end;
      const char *line_end = next > p && next[-1] == '\n' ? next - 1 : next;
      gsize raw_len = line_end - p;
      gsize stripped = raw_len - (raw_len > 0 && line_end[-1] == '\r');
      gboolean has_esc = esc_cursor < n_esc && esc_lines[esc_cursor] == i;
      const char *norm;
      gsize norm_len;

      starts[i] = w->copy ? out + (p - run) : raw[i];
      esc_cursor += has_esc;

      if (!has_esc && raw_len <= CULPRIT_MATCHER_MAX_LINE)
        {
          /* what culprit_line_normalise () does to a line without escapes,
           * and most lines need none of it */
          gsize skip = stripped >= 19 && g_ascii_isdigit (p[0]) ? culprit_line_skip_timestamp (p, stripped) : 0;

          if (skip == 0 && stripped == raw_len)
            continue;
          norm = p + skip;
          norm_len = stripped - skip;
        }
      else if (raw_len > CULPRIT_MATCHER_MAX_LINE)
        norm = culprit_line_normalise (p, raw_len, scratch, &norm_len);
      else
        norm = NULL;

      /* normalising never lengthens a line; the last may gain a \n */
      if (w->copy == NULL)
        w->copy = g_malloc (len + 2);
      memcpy (w->copy + out, run, p - run);
      out += p - run;
      if (norm == NULL)
        {
          /* escapes out, straight into the copy, then the timestamp */
          gsize n_kept = culprit_line_strip_escapes (p, stripped, w->copy + out);
          gsize skip = culprit_line_skip_timestamp (w->copy + out, n_kept);

          if (skip > 0)
            memmove (w->copy + out, w->copy + out + skip, n_kept - skip);
          out += n_kept - skip;
        }
      else
        {
          norm_len = MIN (norm_len, CULPRIT_MATCHER_MAX_LINE);
          memcpy (w->copy + out, norm, norm_len);
          out += norm_len;
        }
      w->copy[out++] = '\n';
      run = next;
    }
  if (w->copy != NULL)
    {
      memcpy (w->copy + out, run, end - run);
      out += end - run;
      w->copy[out] = '\0';
    }
  g_array_unref (scan.esc_lines);

  w->text = w->copy ? w->copy : log;
  w->len = w->copy ? out : len;
}

/* The 1-based line of a byte offset. */
static guint
whole_log_line_of (WholeLog *w,
                   gsize     offset)
{
  guint lo = 0, hi = w->starts->len;

  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (w->starts, gsize, mid) <= offset)
        lo = mid;
      else
        hi = mid;
    }
  return lo + 1;
}

/* Marks marks[line] for each line the regex may match; FALSE when the
 * search gave up (the caller then runs the pattern on every line). */
static gboolean
whole_log_search (WholeLog *w,
                  GRegex   *regex,
                  guint8   *marks)
{
  gsize from = 0;

  while (from < w->len)
    {
      g_autoptr(GMatchInfo) info = NULL;
      g_autoptr(GError) error = NULL;
      guint first, last;
      int s, e;

      if (!g_regex_match_full (regex, w->text, w->len, from, 0, &info, &error))
        return error == NULL;
      g_match_info_fetch_pos (info, 0, &s, &e);
      first = whole_log_line_of (w, s);
      last = whole_log_line_of (w, e > s ? (gsize)e - 1 : (gsize)s);
      for (guint l = first; l <= last; l++)
        marks[l] = 1;
      if (last >= w->starts->len)
        break;
      from = g_array_index (w->starts, gsize, last);   /* the next line's start */
    }
  return TRUE;
}

#if HAVE_HYPERSCAN
typedef struct
{
  WholeLog        *whole;
  guint8         **marks;
  const guint     *index;      /* Hyperscan's index -> pattern */
  const gboolean  *prefixed;   /* per pattern: marked by its prefix already */
} HsMarks;

/* A match may end at @end: a match within a line ends on it (at its \n
 * at the latest), so that line is marked, to be confirmed by PCRE2. */
static void
mark_hs_hit (guint    index,
             gsize    end,
             gpointer data)
{
  HsMarks *hs = data;
  guint i = hs->index[index];

  if (hs->marks[i] != NULL && !hs->prefixed[i])
    hs->marks[i][whole_log_line_of (hs->whole, end)] = 1;
}
#endif

/* Marks the lines whose start fits each prefix; a pattern whose prefix
 * lets more than one line in 16 through is left to the search of the
 * whole text (Hyperscan goes through the lines faster than PCRE2 confirms
 * that many), and keeps prefixed[i] FALSE. */
static void
mark_prefixes (CulpritMatcher *self,
               WholeLog       *whole,
               guint8        **marks,
               gboolean       *prefixed)
{
  const gsize *starts = (const gsize *)whole->starts->data;
  guint n_lines = whole->starts->len;
  guint counts[64] = { 0 };
  guint64 active = 0;   /* bit k: pattern prefix_owner[k] runs on this log */

  for (guint k = 0; k < self->n_prefix_bits; k++)
    if (marks[self->prefix_owner[k]] != NULL)
      active |= G_GUINT64_CONSTANT (1) << k;
  if (active == 0)
    return;

  /* most lines fail in their first four bytes, for every pattern at once,
   * without a branch */
  for (guint l = 0; l < n_lines; l++)
    {
      gsize from = starts[l];
      gsize to = l + 1 < n_lines ? starts[l + 1] - 1 : whole->len;
      const guint8 *t = (const guint8 *)whole->text + from;
      guint64 maybe;

      if (l + 1 == n_lines && to > from && whole->text[to - 1] == '\n')
        to--;
      if (to - from >= 4)
        maybe = active & self->prefix_at[0][t[0]] & self->prefix_at[1][t[1]] &
                self->prefix_at[2][t[2]] & self->prefix_at[3][t[3]];
      else
        maybe = active;
      for (; maybe != 0; maybe &= maybe - 1)
        {
          guint k = __builtin_ctzll (maybe);
          guint i = self->prefix_owner[k];

          if (_culprit_regex_prefix_may_match (self->compiled[i].prefix, whole->text + from, to - from))
            {
              marks[i][l + 1] = 1;
              counts[k]++;
            }
        }
    }

  for (guint k = 0; k < self->n_prefix_bits; k++)
    {
      guint i = self->prefix_owner[k];

      if (!(active >> k & 1))
        continue;
      if ((guint64)counts[k] * 16 <= n_lines)
        prefixed[i] = TRUE;
      else
        memset (marks[i], 0, n_lines + 2);
    }
}

/* Moves from the start of the line after *line to the start of line
 * @want, or to the end of the log when @want is G_MAXUINT, counting lines;
 * stops early at a line too long to search whole, which must be reported.
 * With the whole-log search's line starts, it jumps. */
static const char *
skip_lines (const char *p,
            const char *end,
            const char *log,
            WholeLog   *whole,
            guint      *line,
            guint       want)
{
  gsize len = end - log;

  if (whole->raw_starts == NULL)
    {
      while (p < end && *line + 1 < want)
        {
          const char *nl = memchr (p, '\n', end - p);
          const char *next = nl ? nl + 1 : end;

          if ((gsize)(next - p) > CULPRIT_MATCHER_MAX_LINE)
            break;
          p = next;
          (*line)++;
        }
      return p;
    }

  want = MIN (want, whole->raw_starts->len + 1);
  if (len > CULPRIT_MATCHER_MAX_LINE)
    {
      const gsize *starts = (const gsize *)whole->raw_starts->data;

      for (guint l = *line; l + 1 < want; l++)   /* line l + 1 starts at starts[l] */
        {
          gsize next = l + 1 < whole->raw_starts->len ? starts[l + 1] : len;

          if (next - starts[l] > CULPRIT_MATCHER_MAX_LINE)
            {
              want = l + 1;
              break;
            }
        }
    }
  if (want > *line + 1)
    {
      *line = want - 1;
      p = want - 1 < whole->raw_starts->len ? log + g_array_index (whole->raw_starts, gsize, want - 1) : end;
    }
  return p;
}

/**
 * culprit_matcher_scan:
 * @log: the log's bytes, in any encoding: lines that are not valid UTF-8
 *   are matched byte-wise
 * @step_name: (nullable): the name of the step the log comes from, to
 *   select patterns by their applicable steps; %NULL when unknown
 *
 * Matches every live pattern against every line. Ignore patterns drop the
 * lines they match before cause patterns see them. A regex that gives up
 * (match limit, JIT stack) and a line too long to search whole are
 * reported as problems of the result; the scan goes on.
 *
 * Thread-safe.
 *
 * Returns: (transfer full): the result
 */
CulpritScanResult *
culprit_matcher_scan (CulpritMatcher *self,
                      const char     *log,
                      gsize           len,
                      const char     *step_name)
{
  g_autoptr(GString) scratch = g_string_new (NULL);
  g_autofree guint8 *active = NULL;
  g_autofree guint *always = NULL;
  g_autofree guint *ignores = NULL;
  g_autofree guint *cand = NULL;
  g_autofree guint *stamps = NULL;
  g_autofree guint8 **marks = NULL;    /* per pattern searched as a whole log */
  WholeLog whole = { 0 };
  CulpritScanResult *result;
  const char *p = log;
  const char *end = log + len;
  guint n_always = 0;
  guint n_ignores = 0;
  guint n_cand = 0;
  guint total = 0;
  gboolean sparse = TRUE;
  g_autoptr(GArray) cand_lines = NULL;
  g_autoptr(GArray) cand_patterns = NULL;
  g_autoptr(GArray) esc_lines = NULL;
  g_autofree guint8 *any_mark = NULL;
  g_autoptr(GArray) marked = NULL;      /* lines a whole-log search marked, in order */
  guint cand_cursor = 0, esc_cursor = 0, mark_cursor = 0;
  gboolean whole_ascii = FALSE;   /* the normalised copy is ASCII */
  LineState state = { 0 };

  g_return_val_if_fail (CULPRIT_IS_MATCHER (self), NULL);
  g_return_val_if_fail (log != NULL || len == 0, NULL);

  result = g_new0 (CulpritScanResult, 1);
  g_atomic_ref_count_init (&result->ref_count);
  result->matches = g_array_new (FALSE, FALSE, sizeof (CulpritMatch));
  result->problems = g_array_new (FALSE, FALSE, sizeof (CulpritMatchProblem));
  result->best = -1;

  active = g_new0 (guint8, self->n_compiled + 1);
  always = g_new (guint, self->n_compiled + 1);
  ignores = g_new (guint, self->n_compiled + 1);
  cand = g_new (guint, 2 * self->n_compiled + 1);
  for (guint i = 0; i < self->n_compiled; i++)
    {
      Compiled *c = &self->compiled[i];

      if (culprit_pattern_get_retired (c->pattern) ||
          !culprit_pattern_applies_to_step (c->pattern, step_name))
        continue;
      active[i] = c->is_ignore ? ACTIVE_IGNORE : ACTIVE_CAUSE;
      if (c->is_ignore)
        ignores[n_ignores++] = i;
      else if (self->prefilter == NULL || c->literals == NULL)
        always[n_always++] = i;
    }

  /* stamps[i] == line: the prefilter saw pattern i's literal on this line */
  stamps = g_new0 (guint, self->n_compiled + 1);

  if (self->n_whole > 0)
    {
      guint n_lines;
      gboolean ascii, hs_done = FALSE;

      whole_log_build (&whole, log, len, self->avx2);
      n_lines = whole.starts->len;
      ascii = whole_ascii = whole.raw_ascii || ascii_run (whole.text, whole.len) == whole.len;
      if (ascii || utf8_valid (whole.text, whole.len))
        {
          g_autofree gboolean *prefixed = g_new0 (gboolean, self->n_compiled + 1);
          gboolean *taken = NULL;   /* by the Hyperscan pass that ran */
          guint n_prefixed = 0;

          marks = g_new0 (guint8 *, self->n_compiled + 1);
          for (guint k = 0; k < n_always; k++)
            if (self->compiled[always[k]].whole_regex != NULL)
              marks[always[k]] = g_malloc0 (n_lines + 2);

          /* regexes anchored at the line start: the lines whose first
           * bytes fit, on ASCII text, where a byte is a character */
          if (ascii && self->n_prefixed > 0)
            {
              mark_prefixes (self, &whole, marks, prefixed);
              for (guint k = 0; k < n_always; k++)
                n_prefixed += prefixed[always[k]];
            }
#if HAVE_HYPERSCAN
          if (ascii && self->whole_hs != NULL)
            {
              /* without the prefixed regexes when they all are */
              gboolean rest = n_prefixed == self->n_prefixed && self->rest_hs != NULL;
              HsMarks hs = { &whole, marks, rest ? self->rest_hs_index : self->whole_hs_index, prefixed };

              if (n_prefixed < self->n_whole)
                hs_done = _culprit_regex_hyperscan_scan (rest ? self->rest_hs : self->whole_hs,
                                                         whole.text, whole.len, mark_hs_hit, &hs);
              taken = rest ? self->rest_hs_taken : self->whole_hs_taken;
            }
#endif
          for (guint k = 0; k < n_always; k++)
            {
              guint i = always[k];

              if (marks[i] == NULL || prefixed[i] || (hs_done && taken[i]))
                continue;
              memset (marks[i], 0, n_lines + 2);
              if (!whole_log_search (&whole, self->compiled[i].whole_regex, marks[i]))
                g_clear_pointer (&marks[i], g_free);
            }
        }
    }

  /* the whole-log search has counted the lines already */
  if (self->needs_line_count)
    total = whole.raw_starts ? whole.raw_starts->len : culprit_count_lines (log, len);

  state.result = result;
  state.matcher = self;

  /* Sparse mode: when every pattern is found by a literal or a whole-log
   * search, one pass of the prefilter (over the normalised copy when there
   * is one, else over the raw log) says which lines can match at all; the
   * others are skipped without being normalised. */
  for (guint k = 0; k < n_always; k++)
    if (marks == NULL || marks[always[k]] == NULL)
      sparse = FALSE;
  if (self->prefilter == NULL)
    sparse = FALSE;
  if (sparse)
    {
      cand_lines = g_array_new (FALSE, FALSE, sizeof (guint));
      cand_patterns = g_array_new (FALSE, FALSE, sizeof (guint));
      esc_lines = g_array_new (FALSE, FALSE, sizeof (guint));
      /* the normalised copy, when there is one, has the same lines and
       * no escape sequence to look behind */
      if (whole.starts != NULL)
        _culprit_prefilter_scan_lines (self->prefilter, whole.text, whole.len,
                                       (const gsize *)whole.starts->data, whole.starts->len, stamps,
                                       cand_lines, cand_patterns);
      else
        _culprit_prefilter_scan_log (self->prefilter, log, len, stamps, cand_lines, cand_patterns,
                                     esc_lines);
      marked = g_array_new (FALSE, FALSE, sizeof (guint));
      if (marks != NULL)
        {
          any_mark = g_malloc0 (whole.starts->len + 2);
          for (guint k = 0; k < n_always; k++)
            for (guint l = 0; l <= whole.starts->len; l++)
              any_mark[l] |= marks[always[k]][l];
          for (guint l = 1; l <= whole.starts->len; l++)
            if (any_mark[l])
              g_array_append_val (marked, l);
        }
    }

  while (p < end)
    {
      const char *nl;
      gsize raw_len;
      const char *raw;
      gboolean ignored = FALSE;
      gboolean escaped = FALSE;

      /* go straight to the next line that can match */
      if (sparse)
        {
          guint want = G_MAXUINT;

          if (cand_cursor < cand_lines->len)
            want = MIN (want, g_array_index (cand_lines, guint, cand_cursor));
          if (esc_cursor < esc_lines->len)
            want = MIN (want, g_array_index (esc_lines, guint, esc_cursor));
          while (mark_cursor < marked->len && g_array_index (marked, guint, mark_cursor) <= state.line)
            mark_cursor++;
          if (mark_cursor < marked->len)
            want = MIN (want, g_array_index (marked, guint, mark_cursor));
          p = skip_lines (p, end, log, &whole, &state.line, want);
          if (p >= end)
            break;
        }

      nl = memchr (p, '\n', end - p);
      raw_len = (nl ? nl : end) - p;
      raw = p;
      state.line++;
      p = nl ? nl + 1 : end;

      if (sparse)
        {
          gboolean candidate = cand_cursor < cand_lines->len &&
                               g_array_index (cand_lines, guint, cand_cursor) == state.line;

          escaped = esc_cursor < esc_lines->len &&
                    g_array_index (esc_lines, guint, esc_cursor) == state.line;
          if (escaped)
            esc_cursor++;
          if (!candidate && !escaped && raw_len <= CULPRIT_MATCHER_MAX_LINE &&
              (any_mark == NULL || !any_mark[state.line]))
            continue;
        }

      if (whole.starts != NULL && raw_len <= CULPRIT_MATCHER_MAX_LINE)
        {
          /* the normalised copy has the line already */
          const gsize *starts = (const gsize *)whole.starts->data;
          gsize from = starts[state.line - 1];
          gsize to = state.line < whole.starts->len ? starts[state.line] - 1 : whole.len;

          if (state.line == whole.starts->len && to > from && whole.text[to - 1] == '\n')
            to--;
          state.text = whole.text + from;
          state.len = to - from;
          state.utf8_valid = whole_ascii ? 1 : -1;
        }
      else
        {
          state.text = culprit_line_normalise (raw, raw_len, scratch, &state.len);
          state.utf8_valid = -1;
        }

      if (state.len > CULPRIT_MATCHER_MAX_LINE)
        {
          add_problem (result, G_MAXUINT, state.line,
                       g_strdup_printf (_("Line %u is %" G_GSIZE_FORMAT " bytes long; only its "
                                          "first %d bytes were searched"),
                                        state.line, state.len, CULPRIT_MATCHER_MAX_LINE));
          state.len = CULPRIT_MATCHER_MAX_LINE;
        }

      /* the patterns to run on this line, in pattern order: those whose
       * literal the prefilter saw, those a whole-log search marked, and
       * those that run everywhere */
      n_cand = 0;
      if (sparse)
        {
          /* a line with escape sequences is prefiltered once normalised */
          for (; cand_cursor < cand_lines->len &&
                 g_array_index (cand_lines, guint, cand_cursor) == state.line; cand_cursor++)
            if (!escaped)
              cand[n_cand++] = g_array_index (cand_patterns, guint, cand_cursor);
          if (escaped)
            _culprit_prefilter_scan (self->prefilter, state.text, state.len, stamps,
                                     state.line | RESCAN_STAMP, cand, &n_cand);
        }
      else if (self->prefilter != NULL)
        _culprit_prefilter_scan (self->prefilter, state.text, state.len, stamps, state.line,
                                 cand, &n_cand);
      for (guint k = 0; k < n_always; k++)
        {
          guint i = always[k];

          if (marks == NULL || marks[i] == NULL || marks[i][state.line])
            cand[n_cand++] = i;
        }
      if (n_cand == 0)
        continue;
      if (n_cand > 1)
        sort_candidates (cand, n_cand);

      /* a cause may match here: the ignore patterns decide first */
      for (guint k = 0; k < n_ignores && !ignored; k++)
        {
          Compiled *c = &self->compiled[ignores[k]];
          guint s, e;

          if (in_range (c, state.line, total) && confirmed (&state, c))
            ignored = find (&state, ignores[k], &s, &e);
        }
      if (ignored)
        continue;

      for (guint k = 0; k < n_cand; k++)
        {
          Compiled *c = &self->compiled[cand[k]];
          CulpritMatch match = { cand[k], state.line, 0, 0 };

          if (active[cand[k]] != ACTIVE_CAUSE)
            continue;
          if (!in_range (c, state.line, total) || !confirmed (&state, c) ||
              !find (&state, cand[k], &match.start, &match.end))
            continue;

          g_array_append_val (result->matches, match);
          if (result->best < 0 ||
              better_than (self, &match,
                           &g_array_index (result->matches, CulpritMatch, result->best)))
            {
              result->best = result->matches->len - 1;
              g_free (result->best_text);
              result->best_text = make_display_text (state.text, state.len);
            }
        }
    }

  result->line_count = state.line;

  for (guint i = 0; marks && i < self->n_compiled; i++)
    g_free (marks[i]);
  whole_log_clear (&whole);

  return result;
}

CulpritScanResult *
culprit_scan_result_ref (CulpritScanResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
culprit_scan_result_unref (CulpritScanResult *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  for (guint i = 0; i < self->problems->len; i++)
    g_free (g_array_index (self->problems, CulpritMatchProblem, i).message);
  g_array_unref (self->problems);
  g_array_unref (self->matches);
  g_free (self->best_text);
  g_free (self);
}

guint
culprit_scan_result_get_line_count (CulpritScanResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->line_count;
}

guint
culprit_scan_result_get_n_matches (CulpritScanResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->matches->len;
}

const CulpritMatch *
culprit_scan_result_get_match (CulpritScanResult *self,
                               guint              index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->matches->len, NULL);
  return &g_array_index (self->matches, CulpritMatch, index);
}

/**
 * culprit_scan_result_get_best:
 *
 * Returns: (nullable): the best match, or %NULL when nothing matched
 */
const CulpritMatch *
culprit_scan_result_get_best (CulpritScanResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  if (self->best < 0)
    return NULL;
  return &g_array_index (self->matches, CulpritMatch, self->best);
}

/**
 * culprit_scan_result_get_best_text:
 *
 * Returns: (nullable): the normalised text of the best match's line, made
 *   valid UTF-8
 */
const char *
culprit_scan_result_get_best_text (CulpritScanResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->best_text;
}

guint
culprit_scan_result_get_n_problems (CulpritScanResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->problems->len;
}

const CulpritMatchProblem *
culprit_scan_result_get_problem (CulpritScanResult *self,
                                 guint              index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->problems->len, NULL);
  return &g_array_index (self->problems, CulpritMatchProblem, index);
}

/**
 * culprit_scan_result_get_n_problems_total:
 *
 * Returns: how many problems there were; only the first 100 are kept
 */
guint
culprit_scan_result_get_n_problems_total (CulpritScanResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_problems_total;
}
