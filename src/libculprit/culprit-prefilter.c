/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-prefilter"

#include "config.h"

#include <string.h>

#include "culprit-prefilter.h"
#if HAVE_HYPERSCAN
# include "culprit-prefilter-hyperscan.h"
#endif

/* The prefilter finds, in one pass over a line, which patterns may match
 * it: an Aho-Corasick automaton over one required literal per pattern (the
 * literal text of literal patterns; for regexes, a run of literal
 * characters that every match must contain). Matching is ASCII
 * case-insensitive, so a hit is a candidate, never a verdict: the pattern
 * itself then runs on the line. A pattern without a usable literal is a
 * candidate on every line. The automaton is a dense DFA over byte classes
 * (bytes that occur in no literal share one class), so a step is one load.
 *
 * Where Culprit is built with Hyperscan (x86-64) and the processor runs
 * it, Hyperscan makes the pass over a whole raw log instead, with the
 * whole literals (culprit-prefilter-hyperscan.c); the automaton still
 * serves single lines, and anything Hyperscan cannot do. */

#define MIN_LITERAL 3

/* a required group's literals confirm a line from this length */
#define MIN_CONFIRM 2

/* The automaton looks for a short window of each literal (the rarest-looking
 * one): fewer states, a table that stays in the L1 cache, and still a
 * candidate whenever the literal is there. */
#define WINDOW 4

/* up to this many case-sensitive literals are looked for with memmem (),
 * which beats the automaton there; Hyperscan beats both (bench-prefilter:
 * 3.4 GB/s against 1.8 for one literal, 3.1 against 1.2 for three) */
#define MAX_EXACT 3

/* Hyperscan compiles up to this many literals at once (some 26 ms); more
 * wait until the automaton has scanned HYPERSCAN_BYTES_PER_LITERAL per
 * literal (see hyperscan_for ()) */
#define EAGER_HYPERSCAN 1000
#define HYPERSCAN_BYTES_PER_LITERAL 4096

enum {
  FLAG_NONE,
  FLAG_OUTPUT,
  FLAG_NL,
  FLAG_ESC,
};

struct _CulpritPrefilter
{
  guint8   classes[256];
  guint    n_classes;
  guint    n_states;     /* then S_NL and S_ESC, reached on \n and ESC */
  guint8  *flags;        /* per state: FLAG_ */
  guint    nl_class;
  guint    esc_class;
  guint16 *packed;       /* per (state, class): next state's row offset | its FLAG_ */
  guint32 *packed32;     /* the same, where the table has 65536 entries or more; or NULL */
  guint    row;          /* n_classes rounded up to 4, so offsets leave 2 bits free */
  guint32 *out_start;    /* per state: range in out_patterns */
  guint32 *out_end;
  guint32 *out_patterns;
  guint    n_out;

  /* a few case-sensitive literals are found faster with memmem () */
  char   **exact;          /* NULL unless in that mode */
  guint   *exact_owners;

#if HAVE_HYPERSCAN
  CulpritPrefilterHyperscan *hyperscan;   /* NULL when not in use (yet) */
  /* a big set's database is compiled once the automaton has scanned
   * enough to pay for it: see hyperscan_for () */
  GMutex     hs_lock;
  char     **hs_literals;   /* the literals to compile; NULL when done or not to be */
  guint     *hs_owners;
  gboolean  *hs_caseless;
  guint      hs_n;
  gint       hs_budget;     /* bytes the automaton scans first, atomic */
#endif
};

static guint8
fold (guint8 c)
{
  return g_ascii_tolower (c);
}

static gboolean
is_meta (char c)
{
  return strchr ("\\^$.|?*+()[]{}", c) != NULL;
}

/* What an escape is: a plain literal (\. \( \t ...), a class or assertion
 * without arguments (\d \b ...), or something this reader does not follow
 * (\x41, \1, \p{L}, \Q ...), which makes it give up. */
typedef enum
{
  ESCAPE_LITERAL,
  ESCAPE_OTHER,
  ESCAPE_UNKNOWN,
} EscapeKind;

static EscapeKind
classify_escape (char  c,
                 char *out)
{
  if (g_ascii_isalnum (c))
    {
      switch (c)
        {
        case 't': *out = '\t'; return ESCAPE_LITERAL;
        case 'n': *out = '\n'; return ESCAPE_LITERAL;
        case 'r': *out = '\r'; return ESCAPE_LITERAL;
        case 'f': *out = '\f'; return ESCAPE_LITERAL;
        case 'e': *out = '\033'; return ESCAPE_LITERAL;
        case 'a': *out = '\a'; return ESCAPE_LITERAL;
        default:
          if (strchr ("dDwWsSbBAzZGhHvVRKX", c) != NULL)
            return ESCAPE_OTHER;
          return ESCAPE_UNKNOWN;
        }
    }
  if ((guchar)c < 0x80)
    {
      *out = c;
      return ESCAPE_LITERAL;
    }
  return ESCAPE_UNKNOWN;
}

/* Does a quantifier start at p, and does it allow zero repetitions? */
static gboolean
quantifier_at (const char *p,
               gboolean   *allows_zero,
               const char **after)
{
  if (*p == '?' || *p == '*')
    *allows_zero = TRUE;
  else if (*p == '+')
    *allows_zero = FALSE;
  else if (*p == '{' && g_ascii_isdigit (p[1]))
    {
      const char *q = p + 1;
      guint64 min = g_ascii_strtoull (q, (char **)&q, 10);

      if (*q != '}' && *q != ',')
        return FALSE;   /* a literal brace */
      while (*q && *q != '}')
        q++;
      if (*q != '}')
        return FALSE;
      *allows_zero = min == 0;
      *after = q + 1;
      if (**after == '?' || **after == '+')
        (*after)++;
      return TRUE;
    }
  else
    return FALSE;

  *after = p + 1;
  if (**after == '?' || **after == '+')
    (*after)++;
  return TRUE;
}

/*
 * branch_literal:
 *
 * A conservative reading of a regex: the longest run of plain characters
 * in its top-level sequence that every match must contain. Alternation at
 * the top level, inline options, verbs and escapes it does not follow
 * (\x41, \1, \p{L}, \Q…\E) give none; groups, classes, dots, classes
 * like \d and non-ASCII characters end a run; a quantifier that allows
 * zero drops the last character of the run.
 *
 * Returns: the literal, at least 3 bytes, or NULL
 */
static char **required_literals (const char *regex,
                                 gboolean    case_sensitive,
                                 guint       level,
                                 guint       min);

static guint
shortest (char **strv)
{
  guint n = G_MAXUINT;

  for (guint i = 0; strv[i]; i++)
    n = MIN (n, strlen (strv[i]));
  return n;
}

static char **
strv_of_one (const char *str)
{
  char **one = g_new0 (char *, 2);

  one[0] = g_strdup (str);
  return one;
}

static char **
branch_literal (const char *regex,
                gboolean    case_sensitive,
                guint       level,
                guint       min,
                GPtrArray  *all)
{
  g_autoptr(GString) best = g_string_new (NULL);
  g_autoptr(GString) run = g_string_new (NULL);
  g_auto(GStrv) best_set = NULL;     /* a required group's alternatives */
  const char *group_start = NULL;
  int depth = 0;
  const char *p = regex;

#define END_RUN() G_STMT_START {                       \
    if (run->len > best->len)                          \
      g_string_assign (best, run->str);                \
    if (all != NULL && run->len >= MIN_LITERAL)        \
      g_ptr_array_add (all, strv_of_one (run->str));     \
    g_string_truncate (run, 0);                        \
  } G_STMT_END

  while (*p)
    {
      gboolean allows_zero;
      const char *after;
      char literal;
      gboolean is_literal = FALSE;
      const char *next = p + 1;

      if (depth > 0)
        {
          if (*p == '\\' && p[1])
            next = p + 2;
          else if (*p == '(')
            depth++;
          else if (*p == ')')
            depth--;
          else if (*p == '[')
            {
              next = p + 1;
              if (*next == '^')
                next++;
              if (*next == ']')
                next++;
              while (*next && *next != ']')
                next += (*next == '\\' && next[1]) ? 2 : 1;
              if (*next)
                next++;
            }
          if (depth == 0)
            {
              /* the group just closed: if it is required, the literals of
               * its alternatives may serve (one of them is in every match) */
              g_autofree char *inner = g_strndup (group_start, p - group_start);
              const char *body = g_str_has_prefix (inner, "?:") ? inner + 2 : inner;
              gboolean optional = FALSE;

              p = next;
              if (quantifier_at (p, &allows_zero, &after))
                {
                  optional = allows_zero;
                  p = after;
                }
              if (!optional && level < 4)
                {
                  g_auto(GStrv) set = required_literals (body, case_sensitive, level + 1,
                                                         all != NULL ? MIN_CONFIRM : min);

                  if (all != NULL && set != NULL && shortest (set) >= MIN_CONFIRM)
                    g_ptr_array_add (all, g_strdupv (set));
                  if (set != NULL && (best_set == NULL || shortest (set) > shortest (best_set)))
                    {
                      g_strfreev (best_set);
                      best_set = g_steal_pointer (&set);
                    }
                }
              continue;
            }
          p = next;
          continue;
        }

      switch (*p)
        {
        case '\\':
          if (p[1] == '\0')
            return NULL;
          switch (classify_escape (p[1], &literal))
            {
            case ESCAPE_LITERAL:
              is_literal = TRUE;
              break;
            case ESCAPE_OTHER:
              break;
            case ESCAPE_UNKNOWN:
            default:
              return NULL;
            }
          next = p + 2;
          break;
        case '(':
          depth = 1;
          END_RUN ();
          p++;
          group_start = p;
          continue;
        case '[':
          next = p + 1;
          if (*next == '^')
            next++;
          if (*next == ']')
            next++;
          while (*next && *next != ']')
            next += (*next == '\\' && next[1]) ? 2 : 1;
          if (*next)
            next++;
          break;
        default:
          /* a byte of a multi-byte character is not a unit a quantifier
           * applies to: only ASCII makes runs */
          if (!is_meta (*p) && (guchar)*p < 0x80)
            {
              is_literal = TRUE;
              literal = *p;
            }
          break;
        }

      /* caseless PCRE2 with UCP matches K as U+212A and S as U+017F */
      if (is_literal && !case_sensitive && strchr ("kKsS", literal) != NULL)
        is_literal = FALSE;

      if (quantifier_at (next, &allows_zero, &after))
        {
          if (is_literal && !allows_zero)
            g_string_append_c (run, literal);   /* required once, then the run ends */
          END_RUN ();
          p = after;
          continue;
        }

      if (is_literal)
        g_string_append_c (run, literal);
      else
        END_RUN ();
      p = next;
    }
  END_RUN ();

#undef END_RUN

  /* the longer of: the best run, the shortest literal of the best group */
  if (best_set != NULL && shortest (best_set) > best->len && shortest (best_set) >= min)
    return g_steal_pointer (&best_set);
  if (best->len < min)
    return NULL;
  {
    char **one = g_new0 (char *, 2);

    one[0] = g_string_free (g_steal_pointer (&best), FALSE);
    return one;
  }
}

/**
 * _culprit_regex_split_alternatives:
 *
 * Splits @regex at its top-level '|' (not in a group or a class).
 *
 * Returns: (transfer full) (nullable): the branches, or %NULL when @regex
 *   is not well formed
 */
char **
_culprit_regex_split_alternatives (const char *regex)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *start = regex;
  int depth = 0;

  for (const char *q = regex; ; q++)
    {
      if (*q == '\\' && q[1])
        q++;
      else if (*q == '[')
        {
          q++;
          if (*q == '^')
            q++;
          if (*q == ']')
            q++;
          while (*q && *q != ']')
            {
              if (*q == '\\' && q[1])
                q++;
              q++;
            }
          if (!*q)
            return NULL;
        }
      else if (*q == '(')
        depth++;
      else if (*q == ')')
        depth--;
      else if ((*q == '|' && depth == 0) || *q == '\0')
        {
          g_autofree char *branch = g_strndup (start, q - start);

          g_strv_builder_add (builder, branch);
          if (*q == '\0')
            break;
          start = q + 1;
        }
    }
  return g_strv_builder_end (builder);
}

/**
 * _culprit_regex_required_literals:
 *
 * The literals of _culprit_regex_required_literal() for each alternative
 * of a top-level alternation: every match contains one of them.
 *
 * Returns: (transfer full) (nullable): the literals, or %NULL when some
 *   alternative has none
 */
char **
_culprit_regex_required_literals (const char *regex,
                                  gboolean    case_sensitive)
{
  /* options and verbs change what the text means: give up (but (?: is
   * only a group) */
  for (const char *q = strstr (regex, "(?"); q != NULL; q = strstr (q + 2, "(?"))
    if (q[2] != ':')
      return NULL;
  if (strstr (regex, "(*") != NULL || strstr (regex, "\\Q") != NULL)
    return NULL;

  return required_literals (regex, case_sensitive, 0, MIN_LITERAL);
}

static char **
required_literals (const char *regex,
                   gboolean    case_sensitive,
                   guint       level,
                   guint       min)
{
  g_auto(GStrv) branches = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  branches = _culprit_regex_split_alternatives (regex);
  if (branches == NULL || branches[0] == NULL)
    return NULL;
  for (guint i = 0; branches[i]; i++)
    {
      g_auto(GStrv) literals = branch_literal (branches[i], case_sensitive, level, min, NULL);

      if (literals == NULL)
        return NULL;
      g_strv_builder_addv (builder, (const char **)literals);
    }
  return g_strv_builder_end (builder);
}

/**
 * _culprit_regex_required_literal_sets:
 *
 * For a regex without alternation at its top level: every set of literals
 * of which each match contains one, whether a run of plain characters (a
 * set of one) or the alternatives of a required group. A line that lacks
 * one set's literals cannot match.
 *
 * Returns: (transfer full) (nullable): a %NULL-terminated array of
 *   %NULL-terminated string arrays, free with
 *   _culprit_literal_sets_free(); %NULL when there are none
 */
char ***
_culprit_regex_required_literal_sets (const char *regex,
                                      gboolean    case_sensitive)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  g_auto(GStrv) branches = NULL;
  g_auto(GStrv) best = NULL;

  for (const char *q = strstr (regex, "(?"); q != NULL; q = strstr (q + 2, "(?"))
    if (q[2] != ':')
      return NULL;
  if (strstr (regex, "(*") != NULL || strstr (regex, "\\Q") != NULL)
    return NULL;
  branches = _culprit_regex_split_alternatives (regex);
  if (branches == NULL || branches[0] == NULL || branches[1] != NULL)
    return NULL;

  best = branch_literal (branches[0], case_sensitive, 0, MIN_LITERAL, all);
  if (all->len == 0)
    return NULL;
  g_ptr_array_add (all, NULL);
  return (char ***)g_ptr_array_free (g_steal_pointer (&all), FALSE);
}

void
_culprit_literal_sets_free (char ***sets)
{
  for (guint i = 0; sets && sets[i]; i++)
    g_strfreev (sets[i]);
  g_free (sets);
}

/**
 * _culprit_regex_required_literal:
 *
 * Returns: (transfer full) (nullable): the one literal every match
 *   contains, or %NULL (also for alternations)
 */
char *
_culprit_regex_required_literal (const char *regex,
                                 gboolean    case_sensitive)
{
  g_auto(GStrv) literals = _culprit_regex_required_literals (regex, case_sensitive);

  if (literals == NULL || literals[1] != NULL)
    return NULL;
  return g_strdup (literals[0]);
}

static guint
commonness (guint8 c)
{
  c = fold (c);
  if (strchr ("etaoinshrdlu ", c) != NULL)
    return 10;
  if (g_ascii_islower (c))
    return 6;
  if (g_ascii_isdigit (c) || strchr ("./:-_=,", c) != NULL)
    return 5;
  return 1;
}

static guint32
window_key (const char *p)
{
  return (guint32)fold (p[0]) << 24 | (guint32)fold (p[1]) << 16 |
         (guint32)fold (p[2]) << 8 | fold (p[3]);
}

/* How many literals hold each window (ASCII case-insensitively): in a
 * big set, many share a phrase, and a window of it would make them all
 * candidates wherever the phrase is. An open-addressing table of the
 * windows (never 0: literals hold no NUL), as 100,000 literals have some
 * three million windows. */
typedef struct
{
  guint32 *keys;
  guint32 *counts;
  gsize    mask;
} WindowCounts;

static gsize
window_slot (const WindowCounts *wc,
             guint32             key)
{
  gsize slot = (key * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15)) >> 20 & wc->mask;

  while (wc->keys[slot] != 0 && wc->keys[slot] != key)
    slot = (slot + 1) & wc->mask;
  return slot;
}

static void
count_windows (WindowCounts       *wc,
               const char * const *literals,
               guint               n_literals)
{
  gsize total = 0, size = 16;

  for (guint i = 0; i < n_literals; i++)
    {
      gsize len = literals[i] ? strlen (literals[i]) : 0;

      total += len > WINDOW ? len - WINDOW + 1 : 0;
    }
  while (size < 2 * total)
    size *= 2;
  wc->keys = g_new0 (guint32, size);
  wc->counts = g_new0 (guint32, size);
  wc->mask = size - 1;

  for (guint i = 0; i < n_literals; i++)
    {
      gsize len = literals[i] ? strlen (literals[i]) : 0;

      for (gsize k = 0; len > WINDOW && k + WINDOW <= len; k++)
        {
          guint32 key = window_key (literals[i] + k);
          gsize slot = window_slot (wc, key);

          wc->keys[slot] = key;
          wc->counts[slot]++;
        }
    }
}

static void
window_counts_clear (WindowCounts *wc)
{
  g_clear_pointer (&wc->keys, g_free);
  g_clear_pointer (&wc->counts, g_free);
}

/* The window of at most WINDOW bytes that the fewest other literals hold,
 * then that looks rarest in logs. */
static char *
rarest_window (const char         *literal,
               const WindowCounts *counts)
{
  gsize len = strlen (literal);
  gsize best = 0;
  guint best_shared = G_MAXUINT;
  guint best_score = G_MAXUINT;

  if (len <= WINDOW)
    return g_strdup (literal);
  for (gsize i = 0; i + WINDOW <= len; i++)
    {
      guint shared = counts->counts[window_slot (counts, window_key (literal + i))];
      guint score = 0;

      for (gsize k = 0; k < WINDOW; k++)
        score += commonness (literal[i + k]);
      if (shared < best_shared || (shared == best_shared && score < best_score))
        {
          best_shared = shared;
          best_score = score;
          best = i;
        }
    }
  return g_strndup (literal + best, WINDOW);
}

/* The automaton's table, built in place: row s holds state s's trie
 * children (0 = none, the root is never a child) until breadth-first
 * order reaches s and fills in its other transitions from its failure
 * state's row, which is complete by then. */
typedef struct
{
  GArray *table;        /* guint32, row entries per state */
  GArray *own_first;    /* guint32 per state: its first own output in own, or G_MAXUINT32 */
  GArray *own;          /* OwnOutput */
  guint   row;
} Trie;

typedef struct
{
  guint32 owner;
  guint32 next;         /* the state's next own output, or G_MAXUINT32 */
} OwnOutput;

static guint32
trie_add_state (Trie *trie)
{
  guint32 none = G_MAXUINT32;
  guint32 state = trie->own_first->len;

  g_array_set_size (trie->table, trie->table->len + trie->row);
  g_array_append_val (trie->own_first, none);
  return state;
}

/* The number of rows of a 16-bit table: its entries are row offsets, with
 * two bits left for the flags. */
#define MAX_PACKED_16 65536

/**
 * _culprit_prefilter_new:
 * @literals: the literals
 * @owners: for each literal, the index of the pattern it stands for (a
 *   pattern may have several: any of them makes it a candidate)
 * @caseless: for each literal, whether it is found ASCII case-insensitively
 *   (the automaton folds every literal; Hyperscan only these)
 *
 * In a build with Hyperscan, the environment variable
 * `CULPRIT_PREFILTER=portable` makes the prefilter do without it, as it
 * must where Hyperscan is not built: for tests and benchmarks that compare
 * the two. Hyperscan compiles more than EAGER_HYPERSCAN literals only
 * once the automaton has scanned enough (see hyperscan_for ()), and
 * `CULPRIT_PREFILTER=hyperscan` makes it compile them at once.
 *
 * The automaton's entries are 16 bits while its table has fewer than
 * 65536 of them (a few thousand literals: the table stays in the L1 and L2
 * caches), and 32 bits for larger sets, such as 100,000 patterns.
 *
 * Returns: (transfer full): the automaton
 */
CulpritPrefilter *
_culprit_prefilter_new (const char * const *literals,
                        const guint        *owners,
                        const gboolean     *caseless,
                        guint               n_literals)
{
  CulpritPrefilter *self = g_new0 (CulpritPrefilter, 1);
  g_autoptr(GPtrArray) windows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) queue = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) all_out = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autofree guint32 *fail = NULL;
  WindowCounts counts = { 0 };
  guint32 *table;
  Trie trie = { 0 };
  guint32 root = 0;
  guint nc, row, n_rows;

#if HAVE_HYPERSCAN
  g_mutex_init (&self->hs_lock);
  /* CULPRIT_PREFILTER=hyperscan compiles at once, for tests and benchmarks */
  if (g_strcmp0 (g_getenv ("CULPRIT_PREFILTER"), "portable") == 0)
    ;
  else if (n_literals <= EAGER_HYPERSCAN ||
           g_strcmp0 (g_getenv ("CULPRIT_PREFILTER"), "hyperscan") == 0)
    self->hyperscan = _culprit_prefilter_hyperscan_new (literals, owners, caseless, n_literals);
  else
    {
      self->hs_literals = g_new0 (char *, n_literals + 1);
      for (guint i = 0; i < n_literals; i++)
        self->hs_literals[i] = g_strdup (literals[i]);
      self->hs_owners = g_memdup2 (owners, n_literals * sizeof (guint));
      self->hs_caseless = g_memdup2 (caseless, n_literals * sizeof (gboolean));
      self->hs_n = n_literals;
      self->hs_budget = (gint)MIN ((guint64)n_literals * HYPERSCAN_BYTES_PER_LITERAL, G_MAXINT);
    }
#endif

  if (n_literals <= MAX_EXACT)
    {
      gboolean all_exact = TRUE;

      for (guint i = 0; i < n_literals; i++)
        all_exact &= !caseless[i] && literals[i] != NULL;
      if (all_exact)
        {
          self->exact = g_new0 (char *, n_literals + 1);
          self->exact_owners = g_new0 (guint, n_literals + 1);
          for (guint i = 0; i < n_literals; i++)
            {
              self->exact[i] = g_strdup (literals[i]);
              self->exact_owners[i] = owners[i];
            }
        }
    }

  count_windows (&counts, literals, n_literals);
  for (guint i = 0; i < n_literals; i++)
    g_ptr_array_add (windows, literals[i] ? rarest_window (literals[i], &counts) : NULL);
  literals = (const char * const *)windows->pdata;
  window_counts_clear (&counts);

  /* byte classes */
  self->n_classes = 1;
  for (guint i = 0; i < n_literals; i++)
    for (const char *p = literals[i]; p && *p; p++)
      {
        guint8 f = fold (*p);

        if (self->classes[f] == 0)
          self->classes[f] = self->n_classes++;
      }
  for (guint b = 0; b < 256; b++)
    self->classes[b] = self->classes[fold (b)];
  /* a line end and an escape sequence's start have classes of their own
   * (literals never hold them: see the matcher) */
  self->nl_class = self->n_classes++;
  self->esc_class = self->n_classes++;
  self->classes['\n'] = self->nl_class;
  self->classes[0x1b] = self->esc_class;
  nc = self->n_classes;
  self->row = row = (nc + 3) & ~3u;

  /* the trie */
  trie.row = row;
  trie.table = g_array_new (FALSE, TRUE, sizeof (guint32));
  trie.own_first = g_array_new (FALSE, FALSE, sizeof (guint32));
  trie.own = g_array_new (FALSE, FALSE, sizeof (OwnOutput));
  trie_add_state (&trie);

  for (guint i = 0; i < n_literals; i++)
    {
      guint32 state = 0;
      OwnOutput out;

      if (literals[i] == NULL)
        continue;
      for (const char *p = literals[i]; *p; p++)
        {
          gsize at = (gsize)state * row + self->classes[(guint8)*p];
          guint32 child = g_array_index (trie.table, guint32, at);

          if (child == 0)
            {
              child = trie_add_state (&trie);
              g_array_index (trie.table, guint32, at) = child;
            }
          state = child;
        }
      out = (OwnOutput) { owners[i], g_array_index (trie.own_first, guint32, state) };
      g_array_index (trie.own_first, guint32, state) = trie.own->len;
      g_array_append_val (trie.own, out);
    }

  /* then \n and ESC lead from anywhere to their special state, which goes
   * on like the root */
  self->n_states = trie.own_first->len;
  n_rows = self->n_states + 2;
  g_array_set_size (trie.table, (gsize)n_rows * row);
  table = (guint32 *)trie.table->data;

  /* failure links and the full transition table, breadth first */
  fail = g_new0 (guint32, self->n_states);
  g_array_append_val (queue, root);
  for (guint qi = 0; qi < queue->len; qi++)
    {
      guint32 s = g_array_index (queue, guint32, qi);
      guint32 *from = table + (gsize)s * row;
      const guint32 *via = table + (gsize)fail[s] * row;

      for (guint c = 0; c < nc; c++)
        {
          guint32 child = from[c];

          if (child != 0)
            {
              fail[child] = s == 0 ? 0 : via[c];
              g_array_append_val (queue, child);
            }
          else if (s != 0)
            from[c] = via[c];
        }
    }
  memcpy (table + (gsize)self->n_states * row, table, row * sizeof (guint32));
  memcpy (table + (gsize)(self->n_states + 1) * row, table, row * sizeof (guint32));
  for (guint st = 0; st < n_rows; st++)
    {
      table[(gsize)st * row + self->nl_class] = self->n_states;
      table[(gsize)st * row + self->esc_class] = self->n_states + 1;
    }

  /* a state's outputs: its own, then its failure state's, which (being
   * shallower) has its range already */
  self->out_start = g_new0 (guint32, n_rows);
  self->out_end = g_new0 (guint32, n_rows);
  self->flags = g_new0 (guint8, n_rows);
  for (guint qi = 0; qi < queue->len; qi++)
    {
      guint32 s = g_array_index (queue, guint32, qi);
      guint32 k = g_array_index (trie.own_first, guint32, s);

      self->out_start[s] = all_out->len;
      for (; k != G_MAXUINT32; k = g_array_index (trie.own, OwnOutput, k).next)
        g_array_append_val (all_out, g_array_index (trie.own, OwnOutput, k).owner);
      if (s != 0)
        for (guint32 f = self->out_start[fail[s]]; f < self->out_end[fail[s]]; f++)
          {
            guint32 owner = g_array_index (all_out, guint32, f);   /* the append may move it */

            g_array_append_val (all_out, owner);
          }
      self->out_end[s] = all_out->len;
      self->flags[s] = self->out_end[s] > self->out_start[s] ? FLAG_OUTPUT : FLAG_NONE;
    }
  self->out_start[self->n_states] = self->out_end[self->n_states] = all_out->len;
  self->out_start[self->n_states + 1] = self->out_end[self->n_states + 1] = all_out->len;
  self->flags[self->n_states] = FLAG_NL;
  self->flags[self->n_states + 1] = FLAG_ESC;
  g_array_unref (trie.own_first);
  g_array_unref (trie.own);

  /* entries: the next state's row offset, with its flags in the low bits */
  if ((gsize)n_rows * row < MAX_PACKED_16)
    {
      self->packed = g_new0 (guint16, (gsize)n_rows * row);
      for (gsize k = 0; k < (gsize)n_rows * row; k++)
        self->packed[k] = table[k] * row | self->flags[table[k]];
      g_array_unref (trie.table);
    }
  else
    {
      /* n_states is at most one more than the bytes of the windows,
       * WINDOW per literal, and a row holds at most 260 entries */
      g_assert ((guint64)n_rows * row <= G_MAXUINT32);
      for (gsize k = 0; k < (gsize)n_rows * row; k++)
        table[k] = table[k] * row | self->flags[table[k]];
      self->packed32 = (guint32 *)g_array_free (trie.table, FALSE);
    }
  self->n_out = all_out->len;
  self->out_patterns = (guint32 *)g_array_free (g_steal_pointer (&all_out), FALSE);

  return self;
}

void
_culprit_prefilter_free (CulpritPrefilter *self)
{
  if (self == NULL)
    return;
  g_strfreev (self->exact);
  g_free (self->exact_owners);
  g_free (self->packed);
  g_free (self->packed32);
  g_free (self->flags);
  g_free (self->out_start);
  g_free (self->out_end);
  g_free (self->out_patterns);
#if HAVE_HYPERSCAN
  g_clear_pointer (&self->hyperscan, _culprit_prefilter_hyperscan_free);
  if (self->hs_literals != NULL)
    for (guint i = 0; i < self->hs_n; i++)
      g_free (self->hs_literals[i]);   /* some may be NULL */
  g_free (self->hs_literals);
  g_free (self->hs_owners);
  g_free (self->hs_caseless);
  g_mutex_clear (&self->hs_lock);
#endif
  g_free (self);
}

guint
_culprit_prefilter_get_n_states (const CulpritPrefilter *self)
{
  return self->n_states;
}

/**
 * _culprit_prefilter_get_backend:
 *
 * Returns: what scans whole logs: "hyperscan", "memmem" or "aho-corasick"
 */
const char *
_culprit_prefilter_get_backend (const CulpritPrefilter *self)
{
#if HAVE_HYPERSCAN
  if (g_atomic_pointer_get (&((CulpritPrefilter *)self)->hyperscan) != NULL)
    return "hyperscan";
#endif
  if (self->exact != NULL)
    return "memmem";
  return "aho-corasick";
}

/* The next entry of the automaton: @wide is a constant in each caller, so
 * that the 16-bit and the 32-bit loops each have their own code. */
typedef struct
{
  const guint8  *classes;
  const guint16 *packed;
  const guint32 *packed32;
} Table;

static inline __attribute__ ((always_inline)) guint32
step (Table    t,
      gboolean wide,
      guint32  e,
      guint8   byte)
{
  if (wide)
    return t.packed32[(e & ~3u) + t.classes[byte]];
  return t.packed[(e & ~3u) + t.classes[byte]];
}

static inline Table
table_of (const CulpritPrefilter *self)
{
  return (Table) { self->classes, self->packed, self->packed32 };
}

static inline __attribute__ ((always_inline)) void
scan_with (const CulpritPrefilter *self,
           gboolean                wide,
           const char             *text,
           gsize                   len,
           guint                  *stamps,
           guint                   stamp,
           guint                  *found,
           guint                  *n_found)
{
  const guint8 *p = (const guint8 *)text;
  const guint8 *end = p + len;
  const Table t = table_of (self);
  guint32 e = 0;

  for (; p < end; p++)
    {
      e = step (t, wide, e, *p);
      if (G_UNLIKELY ((e & 3) == FLAG_OUTPUT))
        {
          guint32 state = (e & ~3u) / self->row;

          for (guint32 k = self->out_start[state]; k < self->out_end[state]; k++)
            {
              guint pattern = self->out_patterns[k];

              if (stamps[pattern] != stamp)
                {
                  stamps[pattern] = stamp;
                  found[(*n_found)++] = pattern;
                }
            }
        }
    }
}

/**
 * _culprit_prefilter_scan:
 * @stamps: one per pattern; set to @stamp for each pattern whose literal
 *   occurs in @text (ASCII case-insensitively)
 * @found: (out): each such pattern is appended once
 * @n_found: (inout): how many @found holds
 */
void
_culprit_prefilter_scan (const CulpritPrefilter *self,
                         const char             *text,
                         gsize                   len,
                         guint                  *stamps,
                         guint                   stamp,
                         guint                  *found,
                         guint                  *n_found)
{
  if (self->packed32 != NULL)
    scan_with (self, TRUE, text, len, stamps, stamp, found, n_found);
  else
    scan_with (self, FALSE, text, len, stamps, stamp, found, n_found);
}

typedef struct
{
  const guint8 *p;
  const guint8 *end;
  guint32       e;
  guint         line;
  guint         last_esc;
  guint        *stamps;
  GArray       *cand_lines;
  GArray       *cand_patterns;
  GArray       *esc_lines;
} Stream;

static inline void
stream_event (const CulpritPrefilter *self,
              Stream                 *st)
{
  switch (st->e & 3)
    {
    case FLAG_NL:
      st->line++;
      break;
    case FLAG_ESC:
      if (st->last_esc != st->line)
        {
          g_array_append_val (st->esc_lines, st->line);
          st->last_esc = st->line;
        }
      break;
    default:
      {
        guint32 state = (st->e & ~3u) / self->row;

        for (guint32 k = self->out_start[state]; k < self->out_end[state]; k++)
          {
            guint pattern = self->out_patterns[k];

            if (st->stamps[pattern] != st->line)
              {
                st->stamps[pattern] = st->line;
                g_array_append_val (st->cand_lines, st->line);
                g_array_append_val (st->cand_patterns, pattern);
              }
          }
      }
    }
}

typedef struct
{
  gsize offset;
  guint pattern;   /* G_MAXUINT for an ESC */
} Hit;

static int
compare_hits (gconstpointer a,
              gconstpointer b)
{
  const Hit *x = a, *y = b;

  if (x->offset != y->offset)
    return x->offset < y->offset ? -1 : 1;
  return (x->pattern > y->pattern) - (x->pattern < y->pattern);
}

/* memmem () for each literal and memchr () for ESC, then the hits are
 * put in order and given their line numbers in one walk over the lines. */
static void
scan_log_exact (const CulpritPrefilter *self,
                const char             *log,
                gsize                   len,
                guint                  *stamps,
                GArray                 *cand_lines,
                GArray                 *cand_patterns,
                GArray                 *esc_lines)
{
  g_autoptr(GArray) hits = g_array_new (FALSE, FALSE, sizeof (Hit));
  const char *end = log + len;
  const char *line_start = log;
  guint line = 1;
  guint last_esc = 0;

  for (guint i = 0; self->exact[i]; i++)
    {
      gsize n = strlen (self->exact[i]);
      const char *p = log;
      const char *hit;

      while (p < end && (hit = memmem (p, end - p, self->exact[i], n)) != NULL)
        {
          Hit h = { hit - log, self->exact_owners[i] };
          const char *nl = memchr (hit, '\n', end - hit);

          g_array_append_val (hits, h);
          p = nl ? nl + 1 : end;   /* one hit per line is enough */
        }
    }
  for (const char *p = log, *esc; p < end && (esc = memchr (p, 0x1b, end - p)) != NULL; )
    {
      Hit h = { esc - log, G_MAXUINT };
      const char *nl = memchr (esc, '\n', end - esc);

      g_array_append_val (hits, h);
      p = nl ? nl + 1 : end;
    }
  if (hits->len == 0)
    return;
  g_array_sort (hits, compare_hits);

  for (guint k = 0; k < hits->len; k++)
    {
      const Hit *h = &g_array_index (hits, Hit, k);
      const char *at = log + h->offset;
      const char *nl;

      /* move to the line that holds the hit */
      while ((nl = memchr (line_start, '\n', end - line_start)) != NULL && nl < at)
        {
          line_start = nl + 1;
          line++;
        }

      if (h->pattern == G_MAXUINT)
        {
          if (last_esc != line)
            {
              g_array_append_val (esc_lines, line);
              last_esc = line;
            }
        }
      else if (stamps[h->pattern] != line)
        {
          stamps[h->pattern] = line;
          g_array_append_val (cand_lines, line);
          g_array_append_val (cand_patterns, h->pattern);
        }
    }
}

/* The automaton over a whole raw log. The two halves of the log run
 * interleaved: each step of an automaton waits on a table load, and two
 * independent ones overlap their waits. */
static inline __attribute__ ((always_inline)) void
scan_log_automaton_with (const CulpritPrefilter *self,
                         gboolean                wide,
                         const char             *log,
                         gsize                   len,
                         guint                  *stamps,
                         GArray                 *cand_lines,
                         GArray                 *cand_patterns,
                         GArray                 *esc_lines)
{
  const Table t = table_of (self);
  const guint8 *start = (const guint8 *)log;
  const guint8 *mid = start + len / 2;
  g_autofree guint *stamps2 = NULL;
  g_autoptr(GArray) lines2 = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) patterns2 = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) esc2 = g_array_new (FALSE, FALSE, sizeof (guint));
  Stream a = { 0 }, b = { 0 };
  guint n_patterns = 0;

  /* the second half starts at a line */
  if (len > 4096)
    {
      const guint8 *nl = memchr (mid, '\n', start + len - mid);
      mid = nl ? nl + 1 : start + len;
    }
  else
    mid = start + len;

  for (guint k = 0; k < self->n_out; k++)
    n_patterns = MAX (n_patterns, self->out_patterns[k] + 1);
  stamps2 = g_new0 (guint, n_patterns + 1);

  a = (Stream) { start, mid, 0, 1, 0, stamps, cand_lines, cand_patterns, esc_lines };
  b = (Stream) { mid, start + len, 0, 1, 0, stamps2, lines2, patterns2, esc2 };

  while (a.p < a.end && b.p < b.end)
    {
      a.e = step (t, wide, a.e, *a.p++);
      b.e = step (t, wide, b.e, *b.p++);
      if (G_UNLIKELY ((a.e | b.e) & 3))
        {
          if (a.e & 3)
            stream_event (self, &a);
          if (b.e & 3)
            stream_event (self, &b);
        }
    }
  for (Stream *st = &a; st != NULL; st = st == &a ? &b : NULL)
    while (st->p < st->end)
      {
        st->e = step (t, wide, st->e, *st->p++);
        if (G_UNLIKELY (st->e & 3))
          stream_event (self, st);
      }

  /* the second half's lines follow the first half's */
  for (guint k = 0; k < lines2->len; k++)
    {
      guint line = g_array_index (lines2, guint, k) + a.line - 1;

      g_array_append_val (cand_lines, line);
      g_array_append_val (cand_patterns, g_array_index (patterns2, guint, k));
    }
  for (guint k = 0; k < esc2->len; k++)
    {
      guint line = g_array_index (esc2, guint, k) + a.line - 1;

      g_array_append_val (esc_lines, line);
    }
}

static void
scan_log_automaton (const CulpritPrefilter *self,
                    const char             *log,
                    gsize                   len,
                    guint                  *stamps,
                    GArray                 *cand_lines,
                    GArray                 *cand_patterns,
                    GArray                 *esc_lines)
{
  if (self->packed32 != NULL)
    scan_log_automaton_with (self, TRUE, log, len, stamps, cand_lines, cand_patterns, esc_lines);
  else
    scan_log_automaton_with (self, FALSE, log, len, stamps, cand_lines, cand_patterns, esc_lines);
}

#if HAVE_HYPERSCAN
/* The Hyperscan database for a scan of @len bytes, or NULL while the
 * automaton must do. Hyperscan takes some 26 µs per literal to compile
 * (100,000 literals: 2.6 s), which a few logs never pay back: for a big
 * set, the automaton scans the first n_literals * 4 KiB (the bytes it
 * takes about as long over as the compilation does), then the scan that
 * uses that budget up compiles the database, and the next ones use it.
 * The prefilter is shared by threads: one compiles while the others go
 * on with the automaton. */
static CulpritPrefilterHyperscan *
hyperscan_for (const CulpritPrefilter *prefilter,
               gsize                   len)
{
  CulpritPrefilter *self = (CulpritPrefilter *)prefilter;   /* only the lazy part changes */
  CulpritPrefilterHyperscan *hyperscan = g_atomic_pointer_get (&self->hyperscan);
  gint spend = (gint)MIN (len, G_MAXINT / 2);

  if (hyperscan != NULL || g_atomic_pointer_get (&self->hs_literals) == NULL)
    return hyperscan;
  if (g_atomic_int_get (&self->hs_budget) > 0 &&
      g_atomic_int_add (&self->hs_budget, -spend) > spend)
    return NULL;
  if (!g_mutex_trylock (&self->hs_lock))
    return NULL;
  if (self->hs_literals != NULL)
    {
      char **literals = self->hs_literals;

      g_debug ("The automaton has scanned enough: Hyperscan takes the prefilter's %u literals",
               self->hs_n);
      g_atomic_pointer_set (&self->hyperscan,
                            _culprit_prefilter_hyperscan_new ((const char * const *)literals,
                                                              self->hs_owners, self->hs_caseless,
                                                              self->hs_n));
      g_atomic_pointer_set (&self->hs_literals, NULL);
      for (guint i = 0; i < self->hs_n; i++)
        g_free (literals[i]);
      g_free (literals);
      g_clear_pointer (&self->hs_owners, g_free);
      g_clear_pointer (&self->hs_caseless, g_free);
    }
  g_mutex_unlock (&self->hs_lock);

  return g_atomic_pointer_get (&self->hyperscan);
}
#endif

/**
 * _culprit_prefilter_scan_log:
 * @stamps: one per pattern, zeroed
 * @cand_lines: (out): the 1-based line of each candidate, in order
 * @cand_patterns: (out): the pattern of each candidate
 * @esc_lines: (out): the lines that hold an ESC: their literals may be cut
 *   by escape sequences, so they must be prefiltered once normalised
 *
 * Finds the literals in a whole raw log at once: with Hyperscan, memmem ()
 * or the automaton. A literal found in a normalised line (no ESC) is also
 * in the raw line, whose normalised form is a part of it, so the
 * candidates are a superset. A line has at most one candidate per pattern.
 *
 * Several threads may scan with one prefilter at once.
 */
void
_culprit_prefilter_scan_log (const CulpritPrefilter *self,
                             const char             *log,
                             gsize                   len,
                             guint                  *stamps,
                             GArray                 *cand_lines,
                             GArray                 *cand_patterns,
                             GArray                 *esc_lines)
{
#if HAVE_HYPERSCAN
  CulpritPrefilterHyperscan *hyperscan = hyperscan_for (self, len);

  if (hyperscan != NULL &&
      _culprit_prefilter_hyperscan_scan_log (hyperscan, log, len, stamps, cand_lines,
                                             cand_patterns, esc_lines))
    return;
#endif
  if (self->exact != NULL)
    scan_log_exact (self, log, len, stamps, cand_lines, cand_patterns, esc_lines);
  else
    scan_log_automaton (self, log, len, stamps, cand_lines, cand_patterns, esc_lines);
}

/**
 * _culprit_prefilter_scan_lines:
 * @text: text without ESC, such as a normalised log
 * @starts: where each of its @n_starts lines starts
 *
 * _culprit_prefilter_scan_log() over text whose lines the caller has
 * found already: Hyperscan takes the line of a hit from @starts rather
 * than counting newlines up to it. There is no escape to report.
 */
void
_culprit_prefilter_scan_lines (const CulpritPrefilter *self,
                               const char             *text,
                               gsize                   len,
                               const gsize            *starts,
                               guint                   n_starts,
                               guint                  *stamps,
                               GArray                 *cand_lines,
                               GArray                 *cand_patterns)
{
  g_autoptr(GArray) esc_lines = NULL;

#if HAVE_HYPERSCAN
  CulpritPrefilterHyperscan *hyperscan = hyperscan_for (self, len);

  if (hyperscan != NULL &&
      _culprit_prefilter_hyperscan_scan_lines (hyperscan, text, len, starts, n_starts, stamps,
                                               cand_lines, cand_patterns))
    return;
#endif
  esc_lines = g_array_new (FALSE, FALSE, sizeof (guint));
  _culprit_prefilter_scan_log (self, text, len, stamps, cand_lines, cand_patterns, esc_lines);
  g_warn_if_fail (esc_lines->len == 0);
}
