/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "culprit-cli-private.h"

typedef struct
{
  char              *path;
  char              *error;
  CulpritScanResult *result;
} Classified;

static void
classified_clear (Classified *c)
{
  g_clear_pointer (&c->path, g_free);
  g_clear_pointer (&c->error, g_free);
  g_clear_pointer (&c->result, culprit_scan_result_unref);
}

static void
classify_file (CulpritMatcher *matcher,
               const char     *step,
               Classified     *out)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize len;

  if (g_file_test (out->path, G_FILE_TEST_IS_DIR))
    {
      out->error = g_strdup_printf (_("%s: is a folder, not a log file"), out->path);
      return;
    }

  mapped = g_mapped_file_new (out->path, FALSE, &error);
  if (mapped == NULL)
    {
      out->error = g_strdup (error->message);
      return;
    }

  len = g_mapped_file_get_length (mapped);
  data = len > 0 ? g_mapped_file_get_contents (mapped) : "";
  out->result = culprit_matcher_scan (matcher, data, len, step);
}

static void
add_match_members (JsonBuilder        *b,
                   CulpritMatcher     *matcher,
                   const CulpritMatch *m)
{
  json_builder_set_member_name (b, "pattern");
  json_builder_add_string_value (b, culprit_pattern_get_name (culprit_matcher_get_pattern (matcher, m->pattern_index)));
  json_builder_set_member_name (b, "line");
  json_builder_add_int_value (b, m->line);
  json_builder_set_member_name (b, "start");
  json_builder_add_int_value (b, m->start);
  json_builder_set_member_name (b, "end");
  json_builder_add_int_value (b, m->end);
}

static void
print_json (CulpritMatcher *matcher,
            Classified     *files,
            guint           n_files)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "logs");
  json_builder_begin_array (b);
  for (guint i = 0; i < n_files; i++)
    {
      Classified *c = &files[i];
      const CulpritMatch *best = c->result ? culprit_scan_result_get_best (c->result) : NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "path");
      json_builder_add_string_value (b, c->path);

      if (c->error != NULL)
        {
          json_builder_set_member_name (b, "error");
          json_builder_add_string_value (b, c->error);
          json_builder_set_member_name (b, "best");
          json_builder_add_null_value (b);
          json_builder_end_object (b);
          continue;
        }

      json_builder_set_member_name (b, "lines");
      json_builder_add_int_value (b, culprit_scan_result_get_line_count (c->result));

      json_builder_set_member_name (b, "best");
      if (best == NULL)
        json_builder_add_null_value (b);
      else
        {
          json_builder_begin_object (b);
          add_match_members (b, matcher, best);
          json_builder_set_member_name (b, "text");
          json_builder_add_string_value (b, culprit_scan_result_get_best_text (c->result));
          json_builder_end_object (b);
        }

      json_builder_set_member_name (b, "matches");
      json_builder_begin_array (b);
      for (guint j = 0; j < culprit_scan_result_get_n_matches (c->result); j++)
        {
          json_builder_begin_object (b);
          add_match_members (b, matcher, culprit_scan_result_get_match (c->result, j));
          json_builder_end_object (b);
        }
      json_builder_end_array (b);

      json_builder_set_member_name (b, "problems");
      json_builder_begin_array (b);
      for (guint j = 0; j < culprit_scan_result_get_n_problems (c->result); j++)
        json_builder_add_string_value (b, culprit_scan_result_get_problem (c->result, j)->message);
      json_builder_end_array (b);

      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  text = culprit_cli_json_to_string (root);
  g_print ("%s", text);
}

static void
print_text (CulpritMatcher *matcher,
            Classified     *files,
            guint           n_files)
{
  for (guint i = 0; i < n_files; i++)
    {
      Classified *c = &files[i];
      const CulpritMatch *best;
      guint n_problems;

      if (c->error != NULL)
        continue;

      best = culprit_scan_result_get_best (c->result);
      if (best == NULL)
        {
          g_print (_("%s: no known cause (%u lines, no pattern matched)\n"),
                   c->path, culprit_scan_result_get_line_count (c->result));
        }
      else
        {
          CulpritPattern *p = culprit_matcher_get_pattern (matcher, best->pattern_index);
          const char * const *tags = culprit_pattern_get_tags (p);
          g_autofree char *tag_list = g_strjoinv (", ", (char **)tags);
          guint n = culprit_scan_result_get_n_matches (c->result);

          g_print ("%s: %s%s%s%s\n", c->path, culprit_pattern_get_name (p),
                   tags[0] ? " [" : "", tag_list, tags[0] ? "]" : "");
          g_print (g_dngettext (GETTEXT_PACKAGE,
                                "  line %u of %u (%u match in all): %s\n",
                                "  line %u of %u (%u matches in all): %s\n", n),
                   best->line, culprit_scan_result_get_line_count (c->result), n,
                   culprit_scan_result_get_best_text (c->result));
        }

      n_problems = culprit_scan_result_get_n_problems_total (c->result);
      for (guint j = 0; j < culprit_scan_result_get_n_problems (c->result); j++)
        g_print ("  %s %s\n", _("warning:"), culprit_scan_result_get_problem (c->result, j)->message);
      if (n_problems > culprit_scan_result_get_n_problems (c->result))
        g_print (_("  warning: … and %u more problems\n"),
                 n_problems - culprit_scan_result_get_n_problems (c->result));
    }
}

int
culprit_cli_classify (int    argc,
                      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CulpritMatcher) matcher = NULL;
  g_autoptr(GPtrArray) patterns = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *patterns_path = NULL;
  g_autofree char *format = NULL;
  g_autofree char *step = NULL;
  g_auto(GStrv) logs = NULL;
  g_autofree Classified *files = NULL;
  int status = CULPRIT_CLI_EXIT_OK;
  guint n_files;
  const GOptionEntry entries[] = {
    { "patterns", 'p', 0, G_OPTION_ARG_FILENAME, &patterns_path,
      N_("Pattern set to match (Culprit’s JSON, or the CircleCI failure tracker’s dump)"),
      N_("FILE") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("Output format: text or json"),
      N_("FORMAT") },
    { "step", 0, 0, G_OPTION_ARG_STRING, &step,
      N_("The CI step the logs come from, for patterns limited to some steps"), N_("NAME") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &logs, NULL, NULL },
    { NULL }
  };

  context = g_option_context_new (_("LOG… — find the cause of failure in log files"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Matches each log against the pattern set and prints the best match: the "
      "highest specificity, then the last matching line, then the newest pattern. "
      "Needs no database.\n\nExit status: 0 on success, 2 on bad usage or input."));

  if (!culprit_cli_parse (context, &argc, &argv, &status))
    return status;

  if (patterns_path == NULL)
    return culprit_cli_usage_error (context, _("--patterns FILE is required"));
  if (logs == NULL || logs[0] == NULL)
    return culprit_cli_usage_error (context, _("give at least one log file"));
  if (format != NULL && !g_str_equal (format, "text") && !g_str_equal (format, "json"))
    return culprit_cli_usage_error (context, _("unknown format “%s”: use text or json"), format);

  patterns = culprit_pattern_set_load_file (patterns_path, &error);
  if (patterns == NULL)
    return culprit_cli_error (CULPRIT_CLI_EXIT_USAGE, "%s", error->message);

  matcher = culprit_matcher_new (patterns, &error);
  if (matcher == NULL)
    return culprit_cli_error (CULPRIT_CLI_EXIT_USAGE, "%s: %s", patterns_path, error->message);

  n_files = g_strv_length (logs);
  files = g_new0 (Classified, n_files);
  for (guint i = 0; i < n_files; i++)
    {
      files[i].path = g_strdup (logs[i]);
      classify_file (matcher, step, &files[i]);
      if (files[i].error != NULL)
        status = culprit_cli_error (CULPRIT_CLI_EXIT_USAGE, "%s", files[i].error);
    }

  if (format != NULL && g_str_equal (format, "json"))
    print_json (matcher, files, n_files);
  else
    print_text (matcher, files, n_files);

  for (guint i = 0; i < n_files; i++)
    classified_clear (&files[i]);

  return status;
}
