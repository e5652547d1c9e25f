/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-pattern"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "culprit-pattern.h"
#include "culprit-enums.h"

struct _CulpritPattern
{
  GObject             parent_instance;

  gint64              id;
  gint64              family_id;
  char               *name;
  char               *description;
  char               *expression;
  char               *author;
  char              **tags;
  char              **applicable_steps;
  gint64              created;
  guint               lines_from_end;
  int                 specificity;
  CulpritPatternKind  kind;
  guint               is_regex : 1;
  guint               case_sensitive : 1;
  guint               retired : 1;
};

G_DEFINE_FINAL_TYPE (CulpritPattern, culprit_pattern, G_TYPE_OBJECT)

G_DEFINE_QUARK (culprit-pattern-error-quark, culprit_pattern_error)

enum {
  PROP_0,
  PROP_ID,
  PROP_FAMILY_ID,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_EXPRESSION,
  PROP_IS_REGEX,
  PROP_CASE_SENSITIVE,
  PROP_LINES_FROM_END,
  PROP_SPECIFICITY,
  PROP_KIND,
  PROP_AUTHOR,
  PROP_CREATED,
  PROP_RETIRED,
  PROP_TAGS,
  PROP_APPLICABLE_STEPS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const empty_strv[] = { NULL };

/* g_set_str() arrived in GLib 2.76. */
static gboolean
set_str (char       **dest,
         const char  *src)
{
  if (g_strcmp0 (*dest, src) == 0)
    return FALSE;
  g_free (*dest);
  *dest = g_strdup (src);
  return TRUE;
}

static void
culprit_pattern_finalize (GObject *object)
{
  CulpritPattern *self = (CulpritPattern *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->expression, g_free);
  g_clear_pointer (&self->author, g_free);
  g_clear_pointer (&self->tags, g_strfreev);
  g_clear_pointer (&self->applicable_steps, g_strfreev);

  G_OBJECT_CLASS (culprit_pattern_parent_class)->finalize (object);
}

static void
culprit_pattern_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CulpritPattern *self = CULPRIT_PATTERN (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_FAMILY_ID: g_value_set_int64 (value, self->family_id); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_DESCRIPTION: g_value_set_string (value, self->description); break;
    case PROP_EXPRESSION: g_value_set_string (value, self->expression); break;
    case PROP_IS_REGEX: g_value_set_boolean (value, self->is_regex); break;
    case PROP_CASE_SENSITIVE: g_value_set_boolean (value, self->case_sensitive); break;
    case PROP_LINES_FROM_END: g_value_set_uint (value, self->lines_from_end); break;
    case PROP_SPECIFICITY: g_value_set_int (value, self->specificity); break;
    case PROP_KIND: g_value_set_enum (value, self->kind); break;
    case PROP_AUTHOR: g_value_set_string (value, self->author); break;
    case PROP_CREATED: g_value_set_int64 (value, self->created); break;
    case PROP_RETIRED: g_value_set_boolean (value, self->retired); break;
    case PROP_TAGS: g_value_set_boxed (value, self->tags); break;
    case PROP_APPLICABLE_STEPS: g_value_set_boxed (value, self->applicable_steps); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
culprit_pattern_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CulpritPattern *self = CULPRIT_PATTERN (object);

  switch (prop_id)
    {
    case PROP_ID: culprit_pattern_set_id (self, g_value_get_int64 (value)); break;
    case PROP_FAMILY_ID: culprit_pattern_set_family_id (self, g_value_get_int64 (value)); break;
    case PROP_NAME: culprit_pattern_set_name (self, g_value_get_string (value)); break;
    case PROP_DESCRIPTION: culprit_pattern_set_description (self, g_value_get_string (value)); break;
    case PROP_EXPRESSION: culprit_pattern_set_expression (self, g_value_get_string (value)); break;
    case PROP_IS_REGEX: culprit_pattern_set_is_regex (self, g_value_get_boolean (value)); break;
    case PROP_CASE_SENSITIVE:
      culprit_pattern_set_case_sensitive (self, g_value_get_boolean (value));
      break;
    case PROP_LINES_FROM_END:
      culprit_pattern_set_lines_from_end (self, g_value_get_uint (value));
      break;
    case PROP_SPECIFICITY: culprit_pattern_set_specificity (self, g_value_get_int (value)); break;
    case PROP_KIND: culprit_pattern_set_kind (self, g_value_get_enum (value)); break;
    case PROP_AUTHOR: culprit_pattern_set_author (self, g_value_get_string (value)); break;
    case PROP_CREATED: culprit_pattern_set_created (self, g_value_get_int64 (value)); break;
    case PROP_RETIRED: culprit_pattern_set_retired (self, g_value_get_boolean (value)); break;
    case PROP_TAGS: culprit_pattern_set_tags (self, g_value_get_boxed (value)); break;
    case PROP_APPLICABLE_STEPS:
      culprit_pattern_set_applicable_steps (self, g_value_get_boxed (value));
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
culprit_pattern_class_init (CulpritPatternClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = culprit_pattern_finalize;
  object_class->get_property = culprit_pattern_get_property;
  object_class->set_property = culprit_pattern_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_FAMILY_ID] =
    g_param_spec_int64 ("family-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, "", flags);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, "", flags);
  properties[PROP_EXPRESSION] = g_param_spec_string ("expression", NULL, NULL, "", flags);
  properties[PROP_IS_REGEX] = g_param_spec_boolean ("is-regex", NULL, NULL, FALSE, flags);
  properties[PROP_CASE_SENSITIVE] =
    g_param_spec_boolean ("case-sensitive", NULL, NULL, TRUE, flags);
  properties[PROP_LINES_FROM_END] =
    g_param_spec_uint ("lines-from-end", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_SPECIFICITY] =
    g_param_spec_int ("specificity", NULL, NULL, G_MININT, G_MAXINT, 1, flags);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, CULPRIT_TYPE_PATTERN_KIND,
                       CULPRIT_PATTERN_KIND_CAUSE, flags);
  properties[PROP_AUTHOR] = g_param_spec_string ("author", NULL, NULL, NULL, flags);
  properties[PROP_CREATED] =
    g_param_spec_int64 ("created", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_RETIRED] = g_param_spec_boolean ("retired", NULL, NULL, FALSE, flags);
  properties[PROP_TAGS] = g_param_spec_boxed ("tags", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_APPLICABLE_STEPS] =
    g_param_spec_boxed ("applicable-steps", NULL, NULL, G_TYPE_STRV, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
culprit_pattern_init (CulpritPattern *self)
{
  self->name = g_strdup ("");
  self->description = g_strdup ("");
  self->expression = g_strdup ("");
  self->tags = g_new0 (char *, 1);
  self->applicable_steps = g_new0 (char *, 1);
  self->case_sensitive = TRUE;
  self->specificity = 1;
  self->kind = CULPRIT_PATTERN_KIND_CAUSE;
}

CulpritPattern *
culprit_pattern_new (const char *name,
                     const char *expression,
                     gboolean    is_regex)
{
  return g_object_new (CULPRIT_TYPE_PATTERN,
                       "name", name,
                       "expression", expression,
                       "is-regex", is_regex,
                       NULL);
}

/**
 * culprit_pattern_copy:
 *
 * Returns: (transfer full): a new pattern with the same fields, including
 *   the id, so that a caller can edit the copy and save it as a new version.
 */
CulpritPattern *
culprit_pattern_copy (CulpritPattern *self)
{
  CulpritPattern *copy;

  g_return_val_if_fail (CULPRIT_IS_PATTERN (self), NULL);

  copy = culprit_pattern_new (self->name, self->expression, self->is_regex);
  copy->id = self->id;
  copy->family_id = self->family_id;
  culprit_pattern_set_description (copy, self->description);
  culprit_pattern_set_author (copy, self->author);
  culprit_pattern_set_tags (copy, (const char * const *)self->tags);
  culprit_pattern_set_applicable_steps (copy, (const char * const *)self->applicable_steps);
  copy->created = self->created;
  copy->lines_from_end = self->lines_from_end;
  copy->specificity = self->specificity;
  copy->kind = self->kind;
  copy->case_sensitive = self->case_sensitive;
  copy->retired = self->retired;

  return copy;
}

static gboolean
strv_equal_as_sets (char **a,
                    char **b)
{
  if (g_strv_length (a) != g_strv_length (b))
    return FALSE;
  for (guint i = 0; a[i]; i++)
    if (!g_strv_contains ((const char * const *)b, a[i]))
      return FALSE;
  return TRUE;
}

/**
 * culprit_pattern_same_definition:
 *
 * Whether two patterns would match the same lines and report the same
 * thing: every user-editable field is compared, but not the id, author,
 * creation time or retirement.
 */
gboolean
culprit_pattern_same_definition (CulpritPattern *self,
                                 CulpritPattern *other)
{
  g_return_val_if_fail (CULPRIT_IS_PATTERN (self), FALSE);
  g_return_val_if_fail (CULPRIT_IS_PATTERN (other), FALSE);

  return g_str_equal (self->name, other->name) &&
         g_str_equal (self->description, other->description) &&
         g_str_equal (self->expression, other->expression) &&
         self->is_regex == other->is_regex &&
         self->case_sensitive == other->case_sensitive &&
         self->lines_from_end == other->lines_from_end &&
         self->specificity == other->specificity &&
         self->kind == other->kind &&
         strv_equal_as_sets (self->tags, other->tags) &&
         strv_equal_as_sets (self->applicable_steps, other->applicable_steps);
}

static gboolean
is_valid_label (const char *str)
{
  gsize len = strlen (str);

  if (len == 0 || len > 200 || !g_utf8_validate (str, len, NULL))
    return FALSE;
  if (g_ascii_isspace (str[0]) || g_ascii_isspace (str[len - 1]))
    return FALSE;
  for (const char *p = str; *p; p++)
    if (*p == '\n' || *p == '\r' || *p == '\t')
      return FALSE;
  return TRUE;
}

/* Where GRegex found the error: the byte offset in its message ("at char
 * 19", translated, after the expression it quotes), or -1; and @reason,
 * the words after it. GLib 2.74 has no other way to get them. */
static gssize
regex_error_offset (const char    *expression,
                    const GError  *error,
                    const char   **reason)
{
  const char *p = strstr (error->message, expression);
  guint64 offset;
  char *end;

  *reason = error->message;
  p = p ? p + strlen (expression) : error->message;
  while (*p != '\0' && !g_ascii_isdigit (*p))
    p++;
  if (*p == '\0')
    return -1;
  offset = g_ascii_strtoull (p, &end, 10);
  if (end == p || offset > strlen (expression))
    return -1;
  if ((p = strstr (end, ": ")) != NULL)
    *reason = p + 2;
  return (gssize)offset;
}

/* The byte offset of the last bracket of @open that nothing closes,
 * skipping escapes and, for '(', character classes; or -1. */
static gssize
find_unclosed (const char *expression,
               char        open)
{
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (gssize));
  gboolean in_class = FALSE;

  for (gssize i = 0; expression[i] != '\0'; i++)
    {
      char c = expression[i];

      if (c == '\\')
        {
          if (expression[i + 1] == '\0')
            break;
          i++;
        }
      else if (in_class)
        {
          if (c == ']' && !(expression[i - 1] == '[' ||
                            (expression[i - 1] == '^' && i >= 2 && expression[i - 2] == '[')))
            {
              in_class = FALSE;
              if (open == '[')
                g_array_set_size (stack, 0);
            }
        }
      else if (c == '[')
        {
          in_class = TRUE;
          if (open == '[')
            g_array_append_val (stack, i);
        }
      else if (c == '(' && open == '(')
        g_array_append_val (stack, i);
      else if (c == ')' && open == '(' && stack->len > 0)
        g_array_set_size (stack, stack->len - 1);
    }
  return stack->len > 0 ? g_array_index (stack, gssize, stack->len - 1) : -1;
}

/* A short excerpt of @expression from byte @start to byte @end, cut at
 * 24 characters. */
static char *
excerpt (const char *expression,
         gsize       start,
         gsize       end)
{
  const char *from = expression + start;
  glong n = g_utf8_strlen (from, end - start);

  if (n > 24)
    {
      g_autofree char *cut = g_utf8_substring (from, 0, 23);

      return g_strconcat (cut, "…", NULL);
    }
  return g_strndup (from, end - start);
}

static GRegex *
compile_checked (const char  *expression,
                 gboolean     case_sensitive,
                 GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GRegex) regex = NULL;
  g_autofree char *part = NULL;
  const char *what = NULL;
  const char *reason;
  gssize offset, start, end;
  gsize len;


  /* as the matcher compiles it, but without the JIT: this copy only
   * checks, and a big set's regexes are checked when read and again when
   * a matcher is built (100,000 patterns: a third of a classify) */
  regex = g_regex_new (expression, G_REGEX_NEWLINE_LF | (case_sensitive ? 0 : G_REGEX_CASELESS), 0,
                       &local_error);
  if (regex != NULL)
    return g_steal_pointer (&regex);

  len = strlen (expression);
  offset = regex_error_offset (expression, local_error, &reason);
  if (offset < 0 || !g_utf8_validate (expression, -1, NULL))
    {
      g_set_error (error, CULPRIT_PATTERN_ERROR, CULPRIT_PATTERN_ERROR_INVALID_REGEX,
                   "%s", local_error->message);
      return NULL;
    }
  /* the offending part: from the error's character to its end, or, for a
   * bracket that is never closed, from that bracket to the end */
  start = offset < (gssize)len ? offset : (gssize)len;
  end = start < (gssize)len ? g_utf8_next_char (expression + start) - expression : start;

  switch (local_error->code)
    {
    case G_REGEX_ERROR_UNMATCHED_PARENTHESIS:
      if (offset < (gssize)len && expression[offset] == ')')
        what = _("Unmatched )");
      else if ((start = find_unclosed (expression, '(')) >= 0)
        {
          what = _("Unmatched (");
          end = len;
        }
      else
        {
          start = offset;
          what = _("Unmatched parenthesis");
        }
      break;
    case G_REGEX_ERROR_UNTERMINATED_CHARACTER_CLASS:
      what = _("Unmatched [");
      if ((start = find_unclosed (expression, '[')) < 0)
        start = offset;
      end = len;
      break;
    case G_REGEX_ERROR_STRAY_BACKSLASH:
      what = _("A \\ at the end escapes nothing");
      start = len > 0 ? (gssize)len - 1 : 0;
      end = len;
      break;
    case G_REGEX_ERROR_NOTHING_TO_REPEAT:
      what = _("Nothing to repeat before this quantifier");
      break;
    case G_REGEX_ERROR_QUANTIFIERS_OUT_OF_ORDER:
    case G_REGEX_ERROR_QUANTIFIER_TOO_BIG:
      what = local_error->code == G_REGEX_ERROR_QUANTIFIER_TOO_BIG
             ? _("The number in {} is too big") : _("The numbers in {} are out of order");
      /* the whole {m,n} */
      while (start > 0 && expression[start] != '{')
        start--;
      end = strchr (expression + start, '}') != NULL
            ? strchr (expression + start, '}') - expression + 1 : (gssize)len;
      break;
    case G_REGEX_ERROR_RANGE_OUT_OF_ORDER:
      what = _("The range in [] is out of order");
      break;
    case G_REGEX_ERROR_UNRECOGNIZED_ESCAPE:
    case G_REGEX_ERROR_INVALID_ESCAPE_IN_CHARACTER_CLASS:
      what = _("Unknown escape sequence");
      break;
    case G_REGEX_ERROR_UNRECOGNIZED_CHARACTER:
      what = _("Unknown group syntax after (?");
      break;
    case G_REGEX_ERROR_VARIABLE_LENGTH_LOOKBEHIND:
      what = _("A lookbehind must have a fixed length");
      break;
    case G_REGEX_ERROR_INEXISTENT_SUBPATTERN_REFERENCE:
      what = _("Reference to a group that does not exist");
      break;
    case G_REGEX_ERROR_UNKNOWN_PROPERTY:
      what = _("Unknown property name after \\p");
      break;
    default:
      break;
    }

  /* else GRegex's own words for it */
  if (what == NULL)
    what = reason;

  /* an error at the very end points at the last character */
  if (start >= (gssize)len && len > 0)
    {
      start = g_utf8_prev_char (expression + len) - expression;
      end = len;
    }
  part = excerpt (expression, start, MAX (start, end));
  g_set_error (error, CULPRIT_PATTERN_ERROR, CULPRIT_PATTERN_ERROR_INVALID_REGEX,
               /* Translators: "Unmatched ( at character 16: “(\d+”" */
               _("%s at character %ld: “%s”"),
               what, g_utf8_pointer_to_offset (expression, expression + start) + 1, part);
  return NULL;
}

/**
 * culprit_pattern_check_regex:
 * @expression: a regular expression
 * @case_sensitive: whether it is matched case-sensitively
 * @error: return location for a %CULPRIT_PATTERN_ERROR_INVALID_REGEX
 *
 * Compiles @expression as the matcher does. When it does not compile, the
 * error says what is wrong and where, in words and in the expression
 * itself ("Unmatched ( at character 16: “(\d+”"), not in GRegex's terms.
 *
 * Returns: whether @expression compiles
 */
gboolean
culprit_pattern_check_regex (const char  *expression,
                             gboolean     case_sensitive,
                             GError     **error)
{
  g_autoptr(GRegex) regex = NULL;

  g_return_val_if_fail (expression != NULL, FALSE);

  regex = compile_checked (expression, case_sensitive, error);
  return regex != NULL;
}

/**
 * culprit_pattern_validate:
 *
 * Checks that the pattern can be stored and matched: a name, a non-empty
 * expression that is valid UTF-8, a regular expression that compiles (the
 * error carries GRegex's message with the offset), and tags and step names
 * that are single non-blank lines.
 */
gboolean
culprit_pattern_validate (CulpritPattern  *self,
                          GError         **error)
{
  g_return_val_if_fail (CULPRIT_IS_PATTERN (self), FALSE);

  if (!is_valid_label (self->name))
    {
      g_set_error (error, CULPRIT_PATTERN_ERROR, CULPRIT_PATTERN_ERROR_INVALID,
                   _("The pattern needs a name: one line of text without leading or "
                     "trailing spaces, at most 200 bytes"));
      return FALSE;
    }

  if (self->expression[0] == '\0')
    {
      g_set_error (error, CULPRIT_PATTERN_ERROR, CULPRIT_PATTERN_ERROR_EMPTY,
                   _("The expression of “%s” is empty: it would match every line"),
                   self->name);
      return FALSE;
    }

  if (!g_utf8_validate (self->expression, -1, NULL))
    {
      g_set_error (error, CULPRIT_PATTERN_ERROR, CULPRIT_PATTERN_ERROR_INVALID,
                   _("The expression of “%s” is not valid UTF-8"), self->name);
      return FALSE;
    }

  if (self->is_regex)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GRegex) regex = compile_checked (self->expression, self->case_sensitive, &local_error);

      if (regex == NULL)
        {
          g_set_error (error, CULPRIT_PATTERN_ERROR, CULPRIT_PATTERN_ERROR_INVALID_REGEX,
                       _("Invalid regular expression in “%s”: %s"),
                       self->name, local_error->message);
          return FALSE;
        }

      /* a cause that matches an empty line would explain every build;
       * an ignore pattern may well drop blank lines */
      if (self->kind == CULPRIT_PATTERN_KIND_CAUSE &&
          g_regex_match (regex, "", 0, NULL))
        {
          g_set_error (error, CULPRIT_PATTERN_ERROR, CULPRIT_PATTERN_ERROR_EMPTY,
                       _("The regular expression of “%s” matches an empty line, so it "
                         "would match every line"), self->name);
          return FALSE;
        }
    }

  for (guint i = 0; self->tags[i]; i++)
    if (!is_valid_label (self->tags[i]))
      {
        g_set_error (error, CULPRIT_PATTERN_ERROR, CULPRIT_PATTERN_ERROR_INVALID,
                     _("Tag “%s” of “%s” is not a single non-blank line"),
                     self->tags[i], self->name);
        return FALSE;
      }

  for (guint i = 0; self->applicable_steps[i]; i++)
    if (self->applicable_steps[i][0] == '\0' ||
        !g_utf8_validate (self->applicable_steps[i], -1, NULL))
      {
        g_set_error (error, CULPRIT_PATTERN_ERROR, CULPRIT_PATTERN_ERROR_INVALID,
                     _("An applicable step of “%s” is empty or not valid UTF-8"),
                     self->name);
        return FALSE;
      }

  return TRUE;
}

#define DEFINE_INT_ACCESSORS(type, field, prop)                              \
  type                                                                       \
  culprit_pattern_get_##field (CulpritPattern *self)                         \
  {                                                                          \
    g_return_val_if_fail (CULPRIT_IS_PATTERN (self), 0);                     \
    return self->field;                                                      \
  }                                                                          \
  void                                                                       \
  culprit_pattern_set_##field (CulpritPattern *self,                         \
                               type            field)                        \
  {                                                                          \
    g_return_if_fail (CULPRIT_IS_PATTERN (self));                            \
    if (self->field != field)                                                \
      {                                                                      \
        self->field = field;                                                 \
        g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);        \
      }                                                                      \
  }

#define DEFINE_STRING_ACCESSORS(field, prop, fallback)                       \
  const char *                                                               \
  culprit_pattern_get_##field (CulpritPattern *self)                         \
  {                                                                          \
    g_return_val_if_fail (CULPRIT_IS_PATTERN (self), NULL);                  \
    return self->field;                                                      \
  }                                                                          \
  void                                                                       \
  culprit_pattern_set_##field (CulpritPattern *self,                         \
                               const char     *field)                        \
  {                                                                          \
    g_return_if_fail (CULPRIT_IS_PATTERN (self));                            \
    if (field == NULL)                                                       \
      field = fallback;                                                      \
    if (set_str (&self->field, field))                                     \
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);          \
  }

DEFINE_INT_ACCESSORS (gint64, id, PROP_ID)
DEFINE_INT_ACCESSORS (gint64, family_id, PROP_FAMILY_ID)
DEFINE_INT_ACCESSORS (guint, lines_from_end, PROP_LINES_FROM_END)
DEFINE_INT_ACCESSORS (int, specificity, PROP_SPECIFICITY)
DEFINE_INT_ACCESSORS (CulpritPatternKind, kind, PROP_KIND)
DEFINE_INT_ACCESSORS (gint64, created, PROP_CREATED)

DEFINE_STRING_ACCESSORS (name, PROP_NAME, "")
DEFINE_STRING_ACCESSORS (description, PROP_DESCRIPTION, "")
DEFINE_STRING_ACCESSORS (expression, PROP_EXPRESSION, "")
DEFINE_STRING_ACCESSORS (author, PROP_AUTHOR, NULL)

#define DEFINE_BOOL_ACCESSORS(field, prop)                                   \
  gboolean                                                                   \
  culprit_pattern_get_##field (CulpritPattern *self)                         \
  {                                                                          \
    g_return_val_if_fail (CULPRIT_IS_PATTERN (self), FALSE);                 \
    return self->field;                                                      \
  }                                                                          \
  void                                                                       \
  culprit_pattern_set_##field (CulpritPattern *self,                         \
                               gboolean        field)                        \
  {                                                                          \
    g_return_if_fail (CULPRIT_IS_PATTERN (self));                            \
    field = !!field;                                                         \
    if (self->field != (guint)field)                                         \
      {                                                                      \
        self->field = field;                                                 \
        g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);        \
      }                                                                      \
  }

DEFINE_BOOL_ACCESSORS (is_regex, PROP_IS_REGEX)
DEFINE_BOOL_ACCESSORS (case_sensitive, PROP_CASE_SENSITIVE)
DEFINE_BOOL_ACCESSORS (retired, PROP_RETIRED)

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

/* Sorted and without duplicates, so that equal sets compare and print equal. */
static char **
normalise_strv (const char * const *strv)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new ();

  for (guint i = 0; strv != NULL && strv[i]; i++)
    {
      gboolean seen = FALSE;

      for (guint j = 0; j < out->len && !seen; j++)
        seen = g_str_equal (out->pdata[j], strv[i]);
      if (!seen)
        g_ptr_array_add (out, g_strdup (strv[i]));
    }
  g_ptr_array_sort (out, compare_strings);
  g_ptr_array_add (out, NULL);

  return (char **)g_ptr_array_free (g_steal_pointer (&out), FALSE);
}

const char * const *
culprit_pattern_get_tags (CulpritPattern *self)
{
  g_return_val_if_fail (CULPRIT_IS_PATTERN (self), empty_strv);
  return (const char * const *)self->tags;
}

static void
set_strv (CulpritPattern      *self,
          char              ***field,
          const char * const  *strv,
          int                  prop)
{
  char **normal = normalise_strv (strv);

  if (g_strv_equal ((const char * const *)normal, (const char * const *)*field))
    {
      g_strfreev (normal);
      return;
    }
  g_strfreev (*field);
  *field = normal;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
culprit_pattern_set_tags (CulpritPattern     *self,
                          const char * const *tags)
{
  g_return_if_fail (CULPRIT_IS_PATTERN (self));

  set_strv (self, &self->tags, tags, PROP_TAGS);
}

gboolean
culprit_pattern_has_tag (CulpritPattern *self,
                         const char     *tag)
{
  g_return_val_if_fail (CULPRIT_IS_PATTERN (self), FALSE);
  g_return_val_if_fail (tag != NULL, FALSE);

  return g_strv_contains ((const char * const *)self->tags, tag);
}

const char * const *
culprit_pattern_get_applicable_steps (CulpritPattern *self)
{
  g_return_val_if_fail (CULPRIT_IS_PATTERN (self), empty_strv);
  return (const char * const *)self->applicable_steps;
}

void
culprit_pattern_set_applicable_steps (CulpritPattern     *self,
                                      const char * const *steps)
{
  g_return_if_fail (CULPRIT_IS_PATTERN (self));

  set_strv (self, &self->applicable_steps, steps, PROP_APPLICABLE_STEPS);
}

/**
 * culprit_pattern_applies_to_step:
 * @step_name: (nullable): the step whose log is scanned, or %NULL when
 *   unknown (local logs, `culprit-cli classify`)
 *
 * A pattern with no applicable steps applies everywhere; one with a list
 * applies to those steps, and to logs of unknown step.
 */
gboolean
culprit_pattern_applies_to_step (CulpritPattern *self,
                                 const char     *step_name)
{
  g_return_val_if_fail (CULPRIT_IS_PATTERN (self), FALSE);

  if (self->applicable_steps[0] == NULL || step_name == NULL)
    return TRUE;

  return g_strv_contains ((const char * const *)self->applicable_steps, step_name);
}

const char *
culprit_pattern_kind_to_string (CulpritPatternKind kind)
{
  return kind == CULPRIT_PATTERN_KIND_IGNORE ? "ignore" : "cause";
}

gboolean
culprit_pattern_kind_from_string (const char         *str,
                                  CulpritPatternKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  if (g_strcmp0 (str, "cause") == 0)
    *kind = CULPRIT_PATTERN_KIND_CAUSE;
  else if (g_strcmp0 (str, "ignore") == 0)
    *kind = CULPRIT_PATTERN_KIND_IGNORE;
  else
    return FALSE;

  return TRUE;
}
