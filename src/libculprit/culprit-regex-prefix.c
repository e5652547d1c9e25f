/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-matcher"

#include "config.h"

#include <string.h>

#include "culprit-prefilter.h"
#include "culprit-regex-prefix.h"

/* What the first bytes of a line must be for a regex anchored at its start
 * (`^...`) to match it: one set of bytes per position, up to
 * CULPRIT_REGEX_PREFIX_DEPTH. A regex without a literal, such as
 * `^[A-Z]{4,} [a-z]+ [0-9a-f]{12,}`, otherwise needs a search of every
 * byte of a log; most lines fail this test at their first byte or two.
 *
 * The sets come from a Thompson automaton of the regex, run over all bytes
 * at once: the set at position k is every byte some path can take there.
 * That is a superset of what the regex matches, which is all a prefilter
 * needs: the matcher runs the regex itself on each line that passes.
 * Positions count bytes, so the sets hold for ASCII text only (a \w may
 * be two bytes in UTF-8): the matcher uses them on ASCII logs.
 *
 * The parser knows the syntax whole-log regexes may have (no lookaround,
 * options, verbs or backreferences; see whole_log_safe () in
 * culprit-matcher.c); anything else makes it give up, and the regex is
 * searched as before. */

#define MAX_STATES 4096
#define REPEAT_CAP (CULPRIT_REGEX_PREFIX_DEPTH + 1)

typedef struct
{
  guint8 bits[32];
} ByteSet;

typedef enum
{
  STATE_BYTE,    /* one byte of set, to out */
  STATE_SPLIT,   /* to out and out2 */
  STATE_EOL,     /* only at the end of the line, to out */
  STATE_MATCH,
} StateKind;

typedef struct
{
  StateKind kind;
  guint     out;
  guint     out2;
  ByteSet   set;
} State;

/* A piece of automaton: its start, and the dangling exits to patch */
typedef struct
{
  guint  start;
  GArray *exits;   /* guint: state index * 2 + (0: out, 1: out2) */
} Frag;

typedef struct
{
  const char *p;
  const char *end;
  gboolean    caseless;
  GArray     *states;   /* State */
  gboolean    failed;
} Parser;

struct _CulpritRegexPrefix
{
  guint    depth;                                    /* positions with a set */
  ByteSet  sets[CULPRIT_REGEX_PREFIX_DEPTH];
  gboolean end_ok[CULPRIT_REGEX_PREFIX_DEPTH + 1];   /* a match may end after k bytes */
};

static inline void
set_add (ByteSet *s,
         guint8   b)
{
  s->bits[b >> 3] |= 1 << (b & 7);
}

static inline gboolean
set_has (const ByteSet *s,
         guint8         b)
{
  return (s->bits[b >> 3] >> (b & 7)) & 1;
}

static void
set_add_range (ByteSet *s,
               guint    from,
               guint    to)
{
  for (guint b = from; b <= to && b < 256; b++)
    set_add (s, b);
}

static void
set_invert (ByteSet *s)
{
  for (guint i = 0; i < 32; i++)
    s->bits[i] = ~s->bits[i];
}

static void
set_union (ByteSet       *s,
           const ByteSet *other)
{
  for (guint i = 0; i < 32; i++)
    s->bits[i] |= other->bits[i];
}

static void
set_fold_case (ByteSet *s)
{
  for (guint b = 'a'; b <= 'z'; b++)
    if (set_has (s, b) || set_has (s, b - 'a' + 'A'))
      {
        set_add (s, b);
        set_add (s, b - 'a' + 'A');
      }
}

/* \d \w \s \h \v and their negations; FALSE for another letter */
static gboolean
class_escape (char     c,
              ByteSet *out)
{
  ByteSet s = { { 0 } };

  switch (g_ascii_tolower (c))
    {
    case 'd':
      set_add_range (&s, '0', '9');
      break;
    case 'w':
      set_add_range (&s, '0', '9');
      set_add_range (&s, 'A', 'Z');
      set_add_range (&s, 'a', 'z');
      set_add (&s, '_');
      break;
    case 's':
      set_add_range (&s, '\t', '\r');
      set_add (&s, ' ');
      break;
    case 'h':
      set_add (&s, '\t');
      set_add (&s, ' ');
      break;
    case 'v':
      set_add_range (&s, '\n', '\r');
      break;
    default:
      return FALSE;
    }
  if (g_ascii_isupper (c))
    set_invert (&s);
  set_union (out, &s);
  return TRUE;
}

/* A character escape after the backslash at p->p[-1]: the byte, or -1 */
static int
char_escape (Parser *p)
{
  char c;

  if (p->p >= p->end)
    return -1;
  c = *p->p++;
  switch (c)
    {
    case 't': return '\t';
    case 'n': return '\n';
    case 'r': return '\r';
    case 'f': return '\f';
    case 'e': return 0x1b;
    case 'a': return 0x07;
    case 'x':
      if (p->p + 2 <= p->end && g_ascii_isxdigit (p->p[0]) && g_ascii_isxdigit (p->p[1]))
        {
          int v = g_ascii_xdigit_value (p->p[0]) * 16 + g_ascii_xdigit_value (p->p[1]);

          p->p += 2;
          return v < 0x80 ? v : -1;
        }
      return -1;
    default:
      /* an escaped punctuation character is itself */
      return g_ascii_isalnum (c) || (guchar)c >= 0x80 ? -1 : (guchar)c;
    }
}

static guint
add_state (Parser    *p,
           StateKind  kind)
{
  State s = { kind, G_MAXUINT, G_MAXUINT, { { 0 } } };

  if (p->states->len >= MAX_STATES)
    {
      p->failed = TRUE;
      return 0;
    }
  g_array_append_val (p->states, s);
  return p->states->len - 1;
}

static Frag
frag_new (guint start)
{
  Frag f = { start, g_array_new (FALSE, FALSE, sizeof (guint)) };

  return f;
}

static void
frag_exit (Frag  *f,
           guint  state,
           guint  which)
{
  guint e = state * 2 + which;

  g_array_append_val (f->exits, e);
}

static void
patch (Parser *p,
       Frag   *f,
       guint   to)
{
  for (guint i = 0; i < f->exits->len; i++)
    {
      guint e = g_array_index (f->exits, guint, i);
      State *s = &g_array_index (p->states, State, e / 2);

      if (e % 2 == 0)
        s->out = to;
      else
        s->out2 = to;
    }
  g_array_set_size (f->exits, 0);
}

static Frag
frag_byte_set (Parser        *p,
               const ByteSet *set)
{
  guint s = add_state (p, STATE_BYTE);
  Frag f = frag_new (s);

  if (!p->failed)
    {
      State *st = &g_array_index (p->states, State, s);

      st->set = *set;
      if (p->caseless)
        set_fold_case (&st->set);
    }
  frag_exit (&f, s, 0);
  return f;
}

/* An empty piece: a split whose both ways go on */
static Frag
frag_empty (Parser *p)
{
  guint s = add_state (p, STATE_SPLIT);
  Frag f = frag_new (s);

  frag_exit (&f, s, 0);
  frag_exit (&f, s, 1);
  return f;
}

static void
frag_append (Parser *p,
             Frag   *a,
             Frag    b)
{
  patch (p, a, b.start);
  g_array_unref (a->exits);
  a->exits = b.exits;
}

static Frag parse_alternation (Parser *p);

/* [...] after its [ */
static gboolean
parse_class (Parser  *p,
             ByteSet *out)
{
  ByteSet s = { { 0 } };
  gboolean negate = FALSE, first = TRUE;

  if (p->p < p->end && *p->p == '^')
    {
      negate = TRUE;
      p->p++;
    }
  while (p->p < p->end && (*p->p != ']' || first))
    {
      int lo;

      first = FALSE;
      if (*p->p == '[' && p->p + 1 < p->end && p->p[1] == ':')
        return FALSE;   /* POSIX classes: not worth it */
      if (*p->p == '\\')
        {
          p->p++;
          if (p->p < p->end && class_escape (*p->p, &s))
            {
              p->p++;
              continue;
            }
          if (p->p < p->end && *p->p == 'b')   /* backspace, in a class */
            {
              p->p++;
              lo = 0x08;
            }
          else if ((lo = char_escape (p)) < 0)
            return FALSE;
        }
      else if ((guchar)*p->p >= 0x80)
        return FALSE;
      else
        lo = (guchar)*p->p++;

      /* a range, unless the - is last */
      if (p->p + 1 < p->end && p->p[0] == '-' && p->p[1] != ']')
        {
          int hi;

          p->p++;
          if (*p->p == '\\')
            {
              p->p++;
              if ((hi = char_escape (p)) < 0)
                return FALSE;
            }
          else if ((guchar)*p->p >= 0x80)
            return FALSE;
          else
            hi = (guchar)*p->p++;
          if (hi < lo)
            return FALSE;
          set_add_range (&s, lo, hi);
        }
      else
        set_add (&s, lo);
    }
  if (p->p >= p->end)
    return FALSE;
  p->p++;   /* ] */
  if (p->caseless)
    set_fold_case (&s);
  if (negate)
    set_invert (&s);
  *out = s;
  return TRUE;
}

/* One atom; sets p->failed for what the parser does not know */
static Frag
parse_atom (Parser *p)
{
  ByteSet set = { { 0 } };
  char c = *p->p++;

  switch (c)
    {
    case '(':
      {
        Frag f;

        if (p->p + 1 < p->end && p->p[0] == '?' && p->p[1] == ':')
          p->p += 2;
        else if (p->p < p->end && (*p->p == '?' || *p->p == '*'))
          {
            p->failed = TRUE;
            return frag_empty (p);
          }
        f = parse_alternation (p);
        if (p->p >= p->end || *p->p != ')')
          p->failed = TRUE;
        else
          p->p++;
        return f;
      }

    case '[':
      if (!parse_class (p, &set))
        p->failed = TRUE;
      return frag_byte_set (p, &set);

    case '.':
      set_invert (&set);
      return frag_byte_set (p, &set);

    case '^':
      /* only at the line's start, which the caller has dealt with:
       * elsewhere no line can match, and a superset is fine */
      return frag_empty (p);

    case '$':
      {
        guint s = add_state (p, STATE_EOL);
        Frag f = frag_new (s);

        frag_exit (&f, s, 0);
        return f;
      }

    case '\\':
      {
        int byte;

        if (p->p >= p->end)
          {
            p->failed = TRUE;
            return frag_empty (p);
          }
        if (class_escape (*p->p, &set))
          {
            p->p++;
            return frag_byte_set (p, &set);
          }
        if (*p->p == 'b' || *p->p == 'B')   /* word boundaries: no byte */
          {
            p->p++;
            return frag_empty (p);
          }
        if (*p->p == 'N')
          {
            p->p++;
            set_invert (&set);
            return frag_byte_set (p, &set);
          }
        if ((byte = char_escape (p)) < 0)
          {
            p->failed = TRUE;
            return frag_empty (p);
          }
        set_add (&set, byte);
        return frag_byte_set (p, &set);
      }

    case ')':
    case '|':
    case '*':
    case '+':
    case '?':
      p->failed = TRUE;
      return frag_empty (p);

    default:
      if ((guchar)c >= 0x80)
        {
          p->failed = TRUE;
          return frag_empty (p);
        }
      set_add (&set, c);
      return frag_byte_set (p, &set);
    }
}

/* A {n}, {n,} or {n,m} at p->p: FALSE when it is not one (then PCRE takes
 * the brace literally) */
static gboolean
parse_braces (Parser *p,
              guint  *min,
              guint  *max)
{
  const char *q = p->p + 1;
  guint64 a = 0, b;

  if (q >= p->end || !g_ascii_isdigit (*q))
    return FALSE;
  for (; q < p->end && g_ascii_isdigit (*q); q++)
    a = MIN (a * 10 + (guint)(*q - '0'), G_MAXUINT);
  b = a;
  if (q < p->end && *q == ',')
    {
      q++;
      if (q < p->end && g_ascii_isdigit (*q))
        {
          b = 0;
          for (; q < p->end && g_ascii_isdigit (*q); q++)
            b = MIN (b * 10 + (guint)(*q - '0'), G_MAXUINT);
        }
      else
        b = G_MAXUINT;
    }
  if (q >= p->end || *q != '}' || b < a)
    return FALSE;
  p->p = q + 1;
  *min = a;
  *max = b;
  return TRUE;
}

/* The atom between atom_start and atom_end parsed again, for a copy */
static Frag
reparse (Parser     *p,
         const char *atom_start)
{
  const char *saved = p->p;
  Frag f;

  p->p = atom_start;
  f = parse_atom (p);
  p->p = saved;
  return f;
}

/* atom{min,max}: min copies, then max - min optional ones (a loop when
 * max is unbounded). More than REPEAT_CAP copies change nothing in the
 * first CULPRIT_REGEX_PREFIX_DEPTH bytes, so there are at most that many. */
static Frag
repeat (Parser     *p,
        Frag        atom,
        const char *atom_start,
        guint       min,
        guint       max)
{
  Frag result = { 0, NULL };
  gboolean have = FALSE;
  gboolean unbounded = max == G_MAXUINT || max > REPEAT_CAP;

  min = MIN (min, REPEAT_CAP);
  max = unbounded ? min : max;

  for (guint i = 0; i < min; i++)
    {
      Frag copy = i == 0 ? atom : reparse (p, atom_start);

      if (!have)
        result = copy;
      else
        frag_append (p, &result, copy);
      have = TRUE;
    }

  if (unbounded)
    {
      /* a loop: split into one more copy, which leads back to the split */
      guint split = add_state (p, STATE_SPLIT);
      Frag body = min == 0 ? atom : reparse (p, atom_start);
      Frag loop = frag_new (split);

      if (!p->failed)
        g_array_index (p->states, State, split).out = body.start;
      patch (p, &body, split);
      g_array_unref (body.exits);
      frag_exit (&loop, split, 1);
      if (!have)
        result = loop;
      else
        frag_append (p, &result, loop);
      have = TRUE;
    }
  else
    for (guint i = min; i < max; i++)
      {
        /* an optional copy: a split around it */
        guint split = add_state (p, STATE_SPLIT);
        Frag body = i == 0 ? atom : reparse (p, atom_start);
        Frag opt = frag_new (split);

        if (!p->failed)
          g_array_index (p->states, State, split).out = body.start;
        g_array_append_vals (opt.exits, body.exits->data, body.exits->len);
        g_array_unref (body.exits);
        frag_exit (&opt, split, 1);
        if (!have)
          result = opt;
        else
          frag_append (p, &result, opt);
        have = TRUE;
      }

  if (!have)   /* {0} */
    {
      if (min == 0 && max == 0)
        g_array_unref (atom.exits);
      result = frag_empty (p);
    }
  return result;
}

static Frag
parse_sequence (Parser *p)
{
  Frag seq = frag_empty (p);

  while (p->p < p->end && *p->p != '|' && *p->p != ')' && !p->failed)
    {
      const char *atom_start = p->p;
      Frag atom = parse_atom (p);
      guint min = 1, max = 1;

      if (p->p < p->end)
        {
          if (*p->p == '?')
            min = 0, max = 1, p->p++;
          else if (*p->p == '*')
            min = 0, max = G_MAXUINT, p->p++;
          else if (*p->p == '+')
            min = 1, max = G_MAXUINT, p->p++;
          else if (*p->p == '{' && parse_braces (p, &min, &max))
            ;
          else
            goto append;
          /* lazy or possessive: the same bytes, or fewer */
          if (p->p < p->end && (*p->p == '?' || *p->p == '+'))
            p->p++;
          atom = repeat (p, atom, atom_start, min, max);
        }
append:
      frag_append (p, &seq, atom);
    }
  return seq;
}

static Frag
parse_alternation (Parser *p)
{
  Frag alt = parse_sequence (p);

  while (p->p < p->end && *p->p == '|' && !p->failed)
    {
      guint split;
      Frag next, both;

      p->p++;
      next = parse_sequence (p);
      split = add_state (p, STATE_SPLIT);
      if (p->failed)
        {
          g_array_unref (next.exits);
          break;
        }
      g_array_index (p->states, State, split).out = alt.start;
      g_array_index (p->states, State, split).out2 = next.start;
      both = frag_new (split);
      g_array_append_vals (both.exits, alt.exits->data, alt.exits->len);
      g_array_append_vals (both.exits, next.exits->data, next.exits->len);
      g_array_unref (alt.exits);
      g_array_unref (next.exits);
      alt = both;
    }
  return alt;
}

/* The byte states that @seeds reach without a byte, into @bytes; EOL
 * states are passed only when @at_end. Returns whether the match state is
 * reachable. */
static gboolean
closure (GArray *states,
         GArray *seeds,
         guint8 *in,
         GArray *bytes,
         gboolean at_end)
{
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (guint));
  gboolean match = FALSE;

  memset (in, 0, states->len);
  if (bytes != NULL)
    g_array_set_size (bytes, 0);
  g_array_append_vals (stack, seeds->data, seeds->len);
  while (stack->len > 0)
    {
      guint t = g_array_index (stack, guint, stack->len - 1);
      const State *st;

      g_array_set_size (stack, stack->len - 1);
      if (t >= states->len || in[t])
        continue;
      in[t] = 1;
      st = &g_array_index (states, State, t);
      switch (st->kind)
        {
        case STATE_BYTE:
          if (bytes != NULL)
            g_array_append_val (bytes, t);
          break;
        case STATE_SPLIT:
          g_array_append_val (stack, st->out);
          g_array_append_val (stack, st->out2);
          break;
        case STATE_EOL:
          if (at_end)
            g_array_append_val (stack, st->out);
          break;
        case STATE_MATCH:
          match = TRUE;
          break;
        }
    }
  return match;
}

/**
 * _culprit_regex_prefix_new:
 * @regex: a whole-log-safe regex
 *
 * Returns: (nullable): the byte sets of lines @regex may match, or %NULL
 *   when it is not anchored at the line's start or is beyond the parser
 */
CulpritRegexPrefix *
_culprit_regex_prefix_new (const char *regex,
                           gboolean    caseless)
{
  g_autoptr(GArray) states = g_array_new (FALSE, FALSE, sizeof (State));
  g_autoptr(GArray) seeds = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) bytes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree guint8 *in = NULL;
  g_auto(GStrv) branches = NULL;
  Parser p = { regex, regex + strlen (regex), caseless, states, FALSE };
  CulpritRegexPrefix *self;
  Frag f;
  guint match;

  /* anchored: ^ first, and no | outside a group after it, which would
   * make a branch unanchored */
  if (regex[0] != '^')
    return NULL;
  branches = _culprit_regex_split_alternatives (regex + 1);
  if (branches == NULL || branches[0] == NULL || branches[1] != NULL)
    return NULL;
  p.p++;
  f = parse_alternation (&p);
  match = add_state (&p, STATE_MATCH);
  if (p.failed || p.p != p.end)
    {
      g_array_unref (f.exits);
      return NULL;
    }
  patch (&p, &f, match);
  g_array_unref (f.exits);

  self = g_new0 (CulpritRegexPrefix, 1);
  in = g_malloc0 (states->len);
  g_array_append_val (seeds, f.start);
  for (guint k = 0; ; k++)
    {
      self->end_ok[k] = closure (states, seeds, in, NULL, TRUE);

      /* a match that anything may follow: no later byte matters */
      if (closure (states, seeds, in, bytes, FALSE))
        {
          for (guint j = k; j <= CULPRIT_REGEX_PREFIX_DEPTH; j++)
            self->end_ok[j] = TRUE;
          self->depth = k;
          break;
        }
      if (k == CULPRIT_REGEX_PREFIX_DEPTH)
        {
          self->depth = k;
          break;
        }

      /* the bytes some path takes here, and where they lead; none means
       * no line longer than k matches */
      g_array_set_size (seeds, 0);
      for (guint i = 0; i < bytes->len; i++)
        {
          const State *st = &g_array_index (states, State, g_array_index (bytes, guint, i));

          set_union (&self->sets[k], &st->set);
          g_array_append_val (seeds, st->out);
        }
      if (bytes->len == 0)
        {
          self->depth = k + 1;
          break;
        }
    }
  return self;
}

gboolean
_culprit_regex_prefix_may_match (const CulpritRegexPrefix *self,
                                 const char               *line,
                                 gsize                     len)
{
  guint n = MIN (len, self->depth);

  for (guint k = 0; k < n; k++)
    if (!set_has (&self->sets[k], (guchar)line[k]))
      return FALSE;
  return len >= self->depth || self->end_ok[len];
}

/* Whether a line longer than @position may have @byte there */
gboolean
_culprit_regex_prefix_may_have (const CulpritRegexPrefix *self,
                                guint                     position,
                                guint8                    byte)
{
  return position >= self->depth || set_has (&self->sets[position], byte);
}

void
_culprit_regex_prefix_free (CulpritRegexPrefix *self)
{
  g_free (self);
}
