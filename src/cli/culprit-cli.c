/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-cli"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "culprit-cli-private.h"

static const CulpritCliCommand commands[] = {
  { "scan", culprit_cli_scan, N_("Fetch new builds from CircleCI and scan them") },
  { "add-logs", culprit_cli_add_logs, N_("Store log files from disk as failed builds") },
  { "builds", culprit_cli_builds, N_("List the stored builds") },
  { "report", culprit_cli_report, N_("How often each cause of failure occurs") },
  { "classify", culprit_cli_classify, N_("Find the cause of failure in log files") },
  { "patterns", culprit_cli_patterns, N_("Manage failure patterns: import, export, list, add, edit, retire") },
  { "token", culprit_cli_token, N_("Store, clear or check the tokens in the keyring") },
  { NULL }
};

static void
print_error (const char *format,
             va_list     args)
{
  g_autofree char *message = g_strdup_vprintf (format, args);

  g_printerr ("culprit-cli: %s\n", message);
}

int
culprit_cli_error (int         status,
                   const char *format,
                   ...)
{
  va_list args;

  va_start (args, format);
  print_error (format, args);
  va_end (args);

  return status;
}

int
culprit_cli_usage_error (GOptionContext *context,
                         const char     *format,
                         ...)
{
  va_list args;

  va_start (args, format);
  print_error (format, args);
  va_end (args);

  if (context != NULL)
    g_printerr (_("Try “%s --help”.\n"), g_get_prgname ());
  return CULPRIT_CLI_EXIT_USAGE;
}

/* Parses options; returns FALSE with *exit_status set on bad usage. */
gboolean
culprit_cli_parse (GOptionContext   *context,
                   int              *argc,
                   char           ***argv,
                   int              *exit_status)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *exit_status = culprit_cli_usage_error (context, "%s", error->message);
      return FALSE;
    }
  return TRUE;
}

CulpritStore *
culprit_cli_open_store (const char *path,
                        int        *exit_status)
{
  g_autofree char *default_path = NULL;
  g_autoptr(GError) error = NULL;
  CulpritStore *store;

  if (path == NULL)
    path = default_path = culprit_store_get_default_path ();

  store = culprit_store_open (path, &error);
  if (store == NULL)
    *exit_status = culprit_cli_error (CULPRIT_CLI_EXIT_FAILURE, "%s", error->message);
  return store;
}

/* For commands that only read: a database that the user may not write
 * (the file, or its folder where SQLite keeps the write-ahead log) is
 * opened read-only. One that can be written is opened as for writing, as
 * before: that connection upgrades an old schema, and on closing folds the
 * write-ahead log back into the database and removes its files, which a
 * read-only connection leaves behind. A read-only database that needs an
 * upgrade gets the error that it cannot be written. */
CulpritStore *
culprit_cli_open_store_for_reading (const char *path,
                                    int        *exit_status)
{
  g_autofree char *default_path = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  CulpritStore *store;

  if (path == NULL)
    path = default_path = culprit_store_get_default_path ();

  dir = g_path_get_dirname (path);
  if (!g_file_test (path, G_FILE_TEST_EXISTS) ||
      (g_access (path, W_OK) == 0 && g_access (dir, W_OK) == 0))
    return culprit_cli_open_store (path, exit_status);

  store = culprit_store_open_read_only (path, &error);
  if (store == NULL && g_error_matches (error, CULPRIT_STORE_ERROR,
                                        CULPRIT_STORE_ERROR_NEEDS_UPGRADE))
    return culprit_cli_open_store (path, exit_status);
  if (store == NULL)
    *exit_status = culprit_cli_error (CULPRIT_CLI_EXIT_FAILURE, "%s", error->message);
  return store;
}

/* For commands that only read: a database that is not there is not
 * created (a mistyped --db would leave an empty file behind). */
CulpritStore *
culprit_cli_open_existing_store (const char *path,
                                 int        *exit_status)
{
  g_autofree char *default_path = NULL;

  if (path == NULL)
    path = default_path = culprit_store_get_default_path ();

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      *exit_status = culprit_cli_error (CULPRIT_CLI_EXIT_FAILURE,
                                        _("There is no database at %s yet: fetch builds with "
                                          "“culprit-cli scan” or store logs with “culprit-cli "
                                          "add-logs” first"), path);
      return NULL;
    }
  return culprit_cli_open_store_for_reading (path, exit_status);
}

char *
culprit_cli_json_to_string (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);

  return g_strconcat (text, "\n", NULL);
}

static void
print_commands (const char              *prefix,
                const CulpritCliCommand *cmds,
                FILE                    *out)
{
  fprintf (out, _("Usage:\n  %s COMMAND [OPTION…]\n\nCommands:\n"), prefix);
  for (guint i = 0; cmds[i].name; i++)
    fprintf (out, "  %-12s %s\n", cmds[i].name, _(cmds[i].summary));
  fprintf (out, _("\nRun “%s COMMAND --help” for the options of a command.\n"), prefix);
}

/* Runs the command named by argv[1]; argv[0] becomes "PREFIX COMMAND". */
int
culprit_cli_dispatch (const char              *prefix,
                      const CulpritCliCommand *cmds,
                      int                      argc,
                      char                   **argv)
{
  const char *name = argc > 1 ? argv[1] : NULL;

  if (name == NULL)
    {
      print_commands (prefix, cmds, stderr);
      return CULPRIT_CLI_EXIT_USAGE;
    }

  if (g_str_equal (name, "--help") || g_str_equal (name, "-h") || g_str_equal (name, "help"))
    {
      print_commands (prefix, cmds, stdout);
      return CULPRIT_CLI_EXIT_OK;
    }

  for (guint i = 0; cmds[i].name; i++)
    if (g_str_equal (name, cmds[i].name))
      {
        g_autofree char *full = g_strdup_printf ("%s %s", prefix, name);

        g_set_prgname (full);
        argv[1] = full;
        return cmds[i].func (argc - 1, argv + 1);
      }

  g_printerr (_("culprit-cli: unknown command “%s”\n\n"), name);
  print_commands (prefix, cmds, stderr);
  return CULPRIT_CLI_EXIT_USAGE;
}

int
main (int    argc,
      char **argv)
{
  /* Translations from another folder, such as the build tree's po/ (the
   * i18n tests run the uninstalled program with it) */
  const char *localedir = g_getenv ("CULPRIT_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_prgname ("culprit-cli");

  if (argc > 1 && g_str_equal (argv[1], "--version"))
    {
      g_print ("culprit-cli %s\n", PACKAGE_VERSION);
      return CULPRIT_CLI_EXIT_OK;
    }

  return culprit_cli_dispatch ("culprit-cli", commands, argc, argv);
}
