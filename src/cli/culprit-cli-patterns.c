/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "culprit-cli-private.h"

static char *db_path;

static const GOptionEntry db_entries[] = {
  { "db", 'd', 0, G_OPTION_ARG_FILENAME, &db_path,
    N_("The database (default: the per-user one)"), N_("PATH") },
  { NULL }
};

static GOptionContext *
new_context (const char *parameter,
             const char *description)
{
  GOptionContext *context = g_option_context_new (parameter);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, db_entries, GETTEXT_PACKAGE);
  if (description != NULL)
    g_option_context_set_description (context, description);
  return context;
}

static int
patterns_import (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CulpritStore) store = NULL;
  g_autoptr(GPtrArray) patterns = NULL;
  g_autoptr(GError) error = NULL;
  CulpritImportStats stats;
  int status = CULPRIT_CLI_EXIT_OK;

  context = new_context (_("FILE — import a pattern set"),
    _("Reads Culprit’s pattern-set JSON or the CircleCI failure tracker’s pattern dump. "
      "A pattern with a new name is added; one with the name of a live pattern replaces "
      "it by a new version when it differs. All or nothing: one bad pattern rejects the "
      "file and nothing is written."));
  if (!culprit_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return culprit_cli_usage_error (context, _("give exactly one pattern file"));

  patterns = culprit_pattern_set_load_file (argv[1], &error);
  if (patterns == NULL)
    return culprit_cli_error (CULPRIT_CLI_EXIT_USAGE, "%s", error->message);

  if (!(store = culprit_cli_open_store (db_path, &status)))
    return status;

  if (!culprit_store_import_patterns (store, patterns, &stats, &error))
    return culprit_cli_error (g_error_matches (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_CONFLICT) ||
                              error->domain == CULPRIT_PATTERN_ERROR
                              ? CULPRIT_CLI_EXIT_USAGE : CULPRIT_CLI_EXIT_FAILURE,
                              "%s: %s", argv[1], error->message);

  g_print (_("Imported %s: %u added, %u updated, %u unchanged"), argv[1],
           stats.added, stats.updated, stats.unchanged);
  if (stats.skipped_retired > 0)
    g_print (_(", %u retired patterns skipped"), stats.skipped_retired);
  g_print ("\n");

  return CULPRIT_CLI_EXIT_OK;
}

static int
patterns_export (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CulpritStore) store = NULL;
  g_autoptr(GPtrArray) patterns = NULL;
  g_autoptr(GError) error = NULL;
  int status = CULPRIT_CLI_EXIT_OK;

  context = new_context (_("[FILE] — export the live patterns"),
    _("Writes the live patterns in Culprit’s pattern-set JSON to FILE, or to standard "
      "output without one."));
  if (!culprit_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc > 2)
    return culprit_cli_usage_error (context, _("give at most one output file"));

  if (!(store = culprit_cli_open_store_for_reading (db_path, &status)))
    return status;
  patterns = culprit_store_list_patterns (store, FALSE, &error);
  if (patterns == NULL)
    return culprit_cli_error (CULPRIT_CLI_EXIT_FAILURE, "%s", error->message);

  if (argc == 2)
    {
      if (!culprit_pattern_set_save_file (patterns, argv[1], &error))
        return culprit_cli_error (CULPRIT_CLI_EXIT_FAILURE, "%s", error->message);
      g_printerr (g_dngettext (GETTEXT_PACKAGE, "Exported %u pattern to %s\n",
                               "Exported %u patterns to %s\n", patterns->len),
                  patterns->len, argv[1]);
    }
  else
    {
      g_autofree char *data = culprit_pattern_set_to_data (patterns, NULL);

      fputs (data, stdout);
    }

  return CULPRIT_CLI_EXIT_OK;
}

static JsonNode *
pattern_to_json (CulpritPattern *p)
{
  g_autoptr(GPtrArray) one = g_ptr_array_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *data = NULL;
  JsonObject *object;
  JsonNode *node;

  /* Reuse the pattern-set writer for the fields, then add the store's own. */
  g_ptr_array_add (one, p);
  data = culprit_pattern_set_to_data (one, NULL);
  root = culprit_json_parse (data, -1, NULL);
  g_assert (root != NULL);   /* our own writer's output */
  object = json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (root), "patterns"), 0);

  json_object_set_int_member (object, "id", culprit_pattern_get_id (p));
  json_object_set_int_member (object, "family_id", culprit_pattern_get_family_id (p));
  json_object_set_boolean_member (object, "retired", culprit_pattern_get_retired (p));
  json_object_set_int_member (object, "created", culprit_pattern_get_created (p));
  if (culprit_pattern_get_author (p) != NULL)
    json_object_set_string_member (object, "author", culprit_pattern_get_author (p));
  else
    json_object_set_null_member (object, "author");

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, object);
  return node;
}

static int
patterns_list (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CulpritStore) store = NULL;
  g_autoptr(GPtrArray) patterns = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *format = NULL;
  gboolean all = FALSE;
  int status = CULPRIT_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "all", 'a', 0, G_OPTION_ARG_NONE, &all, N_("Also list retired and superseded versions"), NULL },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("Output format: text or json"), N_("FORMAT") },
    { NULL }
  };

  context = new_context (_("— list the patterns"), NULL);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!culprit_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return culprit_cli_usage_error (context, _("unexpected argument “%s”"), argv[1]);
  if (format != NULL && !g_str_equal (format, "text") && !g_str_equal (format, "json"))
    return culprit_cli_usage_error (context, _("unknown format “%s”: use text or json"), format);

  if (!(store = culprit_cli_open_store_for_reading (db_path, &status)))
    return status;
  patterns = culprit_store_list_patterns (store, all, &error);
  if (patterns == NULL)
    return culprit_cli_error (CULPRIT_CLI_EXIT_FAILURE, "%s", error->message);

  if (format != NULL && g_str_equal (format, "json"))
    {
      g_autoptr(JsonArray) array = json_array_new ();
      g_autoptr(JsonObject) object = json_object_new ();
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
      g_autofree char *text = NULL;

      for (guint i = 0; i < patterns->len; i++)
        json_array_add_element (array, pattern_to_json (g_ptr_array_index (patterns, i)));
      json_object_set_array_member (object, "patterns", g_steal_pointer (&array));
      json_node_set_object (root, object);
      text = culprit_cli_json_to_string (root);
      g_print ("%s", text);
      return CULPRIT_CLI_EXIT_OK;
    }

  if (patterns->len == 0)
    {
      g_print (_("No patterns. Add one with “culprit-cli patterns add” or import a set with "
                 "“culprit-cli patterns import FILE”.\n"));
      return CULPRIT_CLI_EXIT_OK;
    }

  g_print ("%6s  %-6s  %-32s  %-20s  %s\n", _("ID"), _("KIND"), _("NAME"), _("TAGS"),
           _("EXPRESSION"));
  for (guint i = 0; i < patterns->len; i++)
    {
      CulpritPattern *p = g_ptr_array_index (patterns, i);
      g_autofree char *tags = g_strjoinv (",", (char **)culprit_pattern_get_tags (p));
      g_autofree char *expr = g_strdup_printf ("%s%s%s",
                                               culprit_pattern_get_is_regex (p) ? "/" : "“",
                                               culprit_pattern_get_expression (p),
                                               culprit_pattern_get_is_regex (p) ? "/" : "”");

      g_print ("%6" G_GINT64_FORMAT "  %-6s  %-32s  %-20s  %s%s%s\n",
               culprit_pattern_get_id (p),
               culprit_pattern_kind_to_string (culprit_pattern_get_kind (p)),
               culprit_pattern_get_name (p), tags, expr,
               culprit_pattern_get_case_sensitive (p) ? "" : "i",
               culprit_pattern_get_retired (p) ? _("  (retired)") : "");
    }

  return CULPRIT_CLI_EXIT_OK;
}

typedef struct
{
  char     *name;
  char     *expression;
  char     *description;
  char     *kind;
  char    **tags;
  char    **steps;
  gboolean  regex;
  gboolean  literal;
  gboolean  ignore_case;
  gboolean  match_case;
  int       lines_from_end;
  int       specificity;
} PatternOptions;

static void
pattern_options_clear (PatternOptions *o)
{
  g_free (o->name);
  g_free (o->expression);
  g_free (o->description);
  g_free (o->kind);
  g_strfreev (o->tags);
  g_strfreev (o->steps);
}

static void
add_pattern_entries (GOptionContext *context,
                     PatternOptions *o)
{
  const GOptionEntry entries[] = {
    { "name", 'n', 0, G_OPTION_ARG_STRING, &o->name, N_("Name of the pattern"), N_("NAME") },
    { "expression", 'e', 0, G_OPTION_ARG_STRING, &o->expression,
      N_("Text or regular expression to find in a line"), N_("TEXT") },
    { "regex", 'r', 0, G_OPTION_ARG_NONE, &o->regex,
      N_("The expression is a Perl-compatible regular expression"), NULL },
    { "literal", 0, 0, G_OPTION_ARG_NONE, &o->literal, N_("The expression is literal text"), NULL },
    { "ignore-case", 'i', 0, G_OPTION_ARG_NONE, &o->ignore_case, N_("Match regardless of case"), NULL },
    { "match-case", 0, 0, G_OPTION_ARG_NONE, &o->match_case, N_("Match case exactly"), NULL },
    { "description", 0, 0, G_OPTION_ARG_STRING, &o->description, N_("What the failure means"),
      N_("TEXT") },
    { "tag", 't', 0, G_OPTION_ARG_STRING_ARRAY, &o->tags,
      N_("A tag such as flaky or known-problem (repeat for more)"), N_("TAG") },
    { "step", 's', 0, G_OPTION_ARG_STRING_ARRAY, &o->steps,
      N_("Only match logs of this CI step (repeat for more)"), N_("NAME") },
    { "lines-from-end", 0, 0, G_OPTION_ARG_INT, &o->lines_from_end,
      N_("Only match the last N lines (0: no limit)"), N_("N") },
    { "specificity", 0, 0, G_OPTION_ARG_INT, &o->specificity,
      N_("Rank among patterns matching the same log; higher wins"), N_("N") },
    { "kind", 'k', 0, G_OPTION_ARG_STRING, &o->kind,
      N_("cause, or ignore to drop noise lines before causes are matched"), N_("KIND") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

/* Applies the options that were given; returns FALSE with a usage error. */
static gboolean
apply_pattern_options (GOptionContext  *context,
                       PatternOptions  *o,
                       CulpritPattern  *p,
                       int             *status)
{
  CulpritPatternKind kind;

  if ((o->regex && o->literal) || (o->ignore_case && o->match_case))
    {
      *status = culprit_cli_usage_error (context, _("contradictory options"));
      return FALSE;
    }
  if (o->lines_from_end != G_MININT && o->lines_from_end < 0)
    {
      *status = culprit_cli_usage_error (context, _("--lines-from-end must be 0 or more"));
      return FALSE;
    }

  if (o->name) culprit_pattern_set_name (p, o->name);
  if (o->expression) culprit_pattern_set_expression (p, o->expression);
  if (o->description) culprit_pattern_set_description (p, o->description);
  if (o->regex) culprit_pattern_set_is_regex (p, TRUE);
  if (o->literal) culprit_pattern_set_is_regex (p, FALSE);
  if (o->ignore_case) culprit_pattern_set_case_sensitive (p, FALSE);
  if (o->match_case) culprit_pattern_set_case_sensitive (p, TRUE);
  if (o->tags) culprit_pattern_set_tags (p, (const char * const *)o->tags);
  if (o->steps) culprit_pattern_set_applicable_steps (p, (const char * const *)o->steps);
  if (o->lines_from_end != G_MININT) culprit_pattern_set_lines_from_end (p, o->lines_from_end);
  if (o->specificity != G_MININT) culprit_pattern_set_specificity (p, o->specificity);
  if (o->kind)
    {
      if (!culprit_pattern_kind_from_string (o->kind, &kind))
        {
          *status = culprit_cli_usage_error (context, _("--kind must be cause or ignore"));
          return FALSE;
        }
      culprit_pattern_set_kind (p, kind);
    }

  return TRUE;
}

static int
store_error_status (const GError *error)
{
  if (error->domain == CULPRIT_PATTERN_ERROR ||
      g_error_matches (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_CONFLICT) ||
      g_error_matches (error, CULPRIT_STORE_ERROR, CULPRIT_STORE_ERROR_NOT_FOUND))
    return CULPRIT_CLI_EXIT_USAGE;
  return CULPRIT_CLI_EXIT_FAILURE;
}

static int
patterns_add (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CulpritStore) store = NULL;
  g_autoptr(CulpritPattern) pattern = NULL;
  g_autoptr(GError) error = NULL;
  PatternOptions o = { .lines_from_end = G_MININT, .specificity = G_MININT };
  int status = CULPRIT_CLI_EXIT_OK;

  context = new_context (_("— add a pattern"),
    _("Example:\n  culprit-cli patterns add --name \"pip mirror down\" \\\n"
      "      --expression \"No matching distribution found\" --tag flaky --tag network"));
  add_pattern_entries (context, &o);
  if (!culprit_cli_parse (context, &argc, &argv, &status))
    goto out;
  if (argc > 1)
    {
      status = culprit_cli_usage_error (context, _("unexpected argument “%s”"), argv[1]);
      goto out;
    }
  if (o.name == NULL || o.expression == NULL)
    {
      status = culprit_cli_usage_error (context, _("--name and --expression are required"));
      goto out;
    }

  pattern = culprit_pattern_new (o.name, o.expression, FALSE);
  culprit_pattern_set_author (pattern, g_get_user_name ());
  if (!apply_pattern_options (context, &o, pattern, &status))
    goto out;

  if (!(store = culprit_cli_open_store (db_path, &status)))
    goto out;
  if (!culprit_store_add_pattern (store, pattern, &error))
    {
      status = culprit_cli_error (store_error_status (error), "%s", error->message);
      goto out;
    }

  g_print (_("Added pattern %" G_GINT64_FORMAT " “%s”\n"),
           culprit_pattern_get_id (pattern), culprit_pattern_get_name (pattern));

out:
  pattern_options_clear (&o);
  return status;
}

static int
patterns_edit (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CulpritStore) store = NULL;
  g_autoptr(CulpritPattern) current = NULL;
  g_autoptr(CulpritPattern) edited = NULL;
  g_autoptr(CulpritPattern) saved = NULL;
  g_autoptr(GError) error = NULL;
  PatternOptions o = { .lines_from_end = G_MININT, .specificity = G_MININT };
  int status = CULPRIT_CLI_EXIT_OK;

  context = new_context (_("ID|NAME — edit a pattern"),
    _("Changes the given fields. A change to what the pattern matches saves a new "
      "version (with a new id) and retires the old one; name, description and tags "
      "change in place."));
  add_pattern_entries (context, &o);
  if (!culprit_cli_parse (context, &argc, &argv, &status))
    goto out;
  if (argc != 2)
    {
      status = culprit_cli_usage_error (context, _("give the id or name of one pattern"));
      goto out;
    }

  if (!(store = culprit_cli_open_store (db_path, &status)))
    goto out;
  current = culprit_store_find_pattern (store, argv[1], &error);
  if (current == NULL)
    {
      status = culprit_cli_error (store_error_status (error), "%s", error->message);
      goto out;
    }

  edited = culprit_pattern_copy (current);
  if (!apply_pattern_options (context, &o, edited, &status))
    goto out;

  saved = culprit_store_edit_pattern (store, edited, &error);
  if (saved == NULL)
    {
      status = culprit_cli_error (store_error_status (error), "%s", error->message);
      goto out;
    }

  if (culprit_pattern_get_id (saved) != culprit_pattern_get_id (current))
    g_print (_("Saved “%s” as version %" G_GINT64_FORMAT " (replaces %" G_GINT64_FORMAT ")\n"),
             culprit_pattern_get_name (saved), culprit_pattern_get_id (saved),
             culprit_pattern_get_id (current));
  else
    g_print (_("Updated “%s” (%" G_GINT64_FORMAT ")\n"), culprit_pattern_get_name (saved),
             culprit_pattern_get_id (saved));

out:
  pattern_options_clear (&o);
  return status;
}

static int
patterns_set_retired (int       argc,
                      char    **argv,
                      gboolean  retire)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CulpritStore) store = NULL;
  int status = CULPRIT_CLI_EXIT_OK;

  context = new_context (retire ? _("ID|NAME… — retire patterns")
                                : _("ID… — bring retired patterns back"),
                         retire ? _("A retired pattern’s matches stop counting. "
                                    "“culprit-cli patterns unretire ID” undoes it.")
                                : NULL);
  if (!culprit_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc < 2)
    return culprit_cli_usage_error (context, _("give the id or name of a pattern"));

  if (!(store = culprit_cli_open_store (db_path, &status)))
    return status;

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(CulpritPattern) pattern = NULL;
      g_autoptr(GError) error = NULL;
      gboolean ok;

      pattern = culprit_store_find_pattern (store, argv[i], &error);
      if (pattern == NULL)
        {
          status = culprit_cli_error (store_error_status (error), "%s", error->message);
          continue;
        }

      if (retire)
        ok = culprit_store_retire_pattern (store, culprit_pattern_get_id (pattern), &error);
      else
        ok = culprit_store_unretire_pattern (store, culprit_pattern_get_id (pattern), &error);
      if (!ok)
        {
          status = culprit_cli_error (store_error_status (error), "%s", error->message);
          continue;
        }

      g_print (retire ? _("Retired pattern %" G_GINT64_FORMAT " “%s”\n")
                      : _("Brought back pattern %" G_GINT64_FORMAT " “%s”\n"),
               culprit_pattern_get_id (pattern), culprit_pattern_get_name (pattern));
    }

  return status;
}

static int
patterns_retire (int    argc,
                 char **argv)
{
  return patterns_set_retired (argc, argv, TRUE);
}

static int
patterns_unretire (int    argc,
                   char **argv)
{
  return patterns_set_retired (argc, argv, FALSE);
}

static const CulpritCliCommand pattern_commands[] = {
  { "list", patterns_list, N_("List the patterns") },
  { "add", patterns_add, N_("Add a pattern") },
  { "edit", patterns_edit, N_("Edit a pattern (a new version when what it matches changes)") },
  { "retire", patterns_retire, N_("Retire patterns") },
  { "unretire", patterns_unretire, N_("Bring retired patterns back") },
  { "import", patterns_import, N_("Import a pattern set file") },
  { "export", patterns_export, N_("Export the live patterns as a pattern set file") },
  { NULL }
};

int
culprit_cli_patterns (int    argc,
                      char **argv)
{
  int status;

  status = culprit_cli_dispatch ("culprit-cli patterns", pattern_commands, argc, argv);
  g_clear_pointer (&db_path, g_free);
  return status;
}
