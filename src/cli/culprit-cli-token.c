/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-cli"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "culprit-cli-private.h"

/* Tokens are never printed, never logged and never put on the command
 * line (where ps would show them): `token set` reads them from standard
 * input. */

#define MAX_TOKEN_LENGTH (64 * 1024)

static char *account;

static const GOptionEntry account_entries[] = {
  { "account", 'a', 0, G_OPTION_ARG_STRING, &account,
    N_("The account the token belongs to: a repository or an API host (default: none)"),
    N_("ACCOUNT") },
  { NULL }
};

static GOptionContext *
new_context (const char *parameter)
{
  GOptionContext *context = g_option_context_new (parameter);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, account_entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("KIND is circleci (a CircleCI API token), github (a GitHub token that may post commit "
      "statuses) or webhook-secret (the secret of the GitHub webhook). When the environment "
      "variable CIRCLECI_TOKEN, GITHUB_TOKEN or CULPRIT_WEBHOOK_SECRET is set and not empty, "
      "it overrides the token of its kind in the keyring."));
  return context;
}

static int
check_kind (GOptionContext *context,
            const char     *kind)
{
  if (culprit_secrets_is_kind (kind))
    return CULPRIT_CLI_EXIT_OK;
  return culprit_cli_usage_error (context, _("unknown kind “%s”: use circleci, github or webhook-secret"),
                                  kind);
}

static int
keyring_error_status (const GError *error)
{
  if (g_error_matches (error, CULPRIT_SECRETS_ERROR, CULPRIT_SECRETS_ERROR_INVALID))
    return CULPRIT_CLI_EXIT_USAGE;
  return CULPRIT_CLI_EXIT_FAILURE;
}

static void
print_env_note (const char *kind)
{
  const char *env_var = culprit_secrets_get_env_var (kind);
  const char *value = g_getenv (env_var);

  if (value != NULL && value[0] != '\0')
    g_printerr (_("Note: %s is set in the environment and overrides the keyring.\n"), env_var);
}

/* Reading the token */

static const int terminal_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
static struct termios saved_termios;

/* Puts echo back before dying of a signal while the prompt hides it. */
static void
restore_terminal_and_die (int signum)
{
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved_termios);
  signal (signum, SIG_DFL);
  raise (signum);
}

/* A GString that is zeroed before it is freed */
typedef GString GStringWiped;

static void
wipe_string (GStringWiped *string)
{
  explicit_bzero (string->str, string->allocated_len);
  g_string_free (string, TRUE);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GStringWiped, wipe_string)

/* Reads one line from standard input, without its line ending; on a
 * terminal, prompts on stderr and does not echo. */
static GStringWiped *
read_token (const char  *kind,
            int         *exit_status)
{
  g_autoptr(GStringWiped) token = g_string_sized_new (128);
  struct sigaction old_actions[G_N_ELEMENTS (terminal_signals)];
  gboolean tty = isatty (STDIN_FILENO);
  gboolean too_long = FALSE;
  gboolean failed;
  int c;

  if (tty)
    {
      struct sigaction action;
      struct termios hidden;

      if (tcgetattr (STDIN_FILENO, &saved_termios) != 0)
        {
          *exit_status = culprit_cli_error (CULPRIT_CLI_EXIT_FAILURE, _("cannot read the terminal: %s"),
                                            g_strerror (errno));
          return NULL;
        }

      memset (&action, 0, sizeof action);
      action.sa_handler = restore_terminal_and_die;
      sigemptyset (&action.sa_mask);
      for (guint i = 0; i < G_N_ELEMENTS (terminal_signals); i++)
        sigaction (terminal_signals[i], &action, &old_actions[i]);

      g_printerr (_("Token for %s: "), kind);
      hidden = saved_termios;
      hidden.c_lflag &= ~(tcflag_t)ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &hidden);
    }

  while ((c = getchar ()) != EOF && c != '\n')
    {
      if (token->len >= MAX_TOKEN_LENGTH)
        too_long = TRUE;
      else
        g_string_append_c (token, (char)c);
    }
  failed = ferror (stdin);

  if (tty)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved_termios);
      for (guint i = 0; i < G_N_ELEMENTS (terminal_signals); i++)
        sigaction (terminal_signals[i], &old_actions[i], NULL);
      g_printerr ("\n");
    }

  if (failed)
    {
      *exit_status = culprit_cli_error (CULPRIT_CLI_EXIT_FAILURE, _("cannot read the token: %s"),
                                        g_strerror (errno));
      return NULL;
    }
  if (too_long)
    {
      *exit_status = culprit_cli_error (CULPRIT_CLI_EXIT_USAGE,
                                        _("the token is longer than %d bytes; nothing was stored"),
                                        MAX_TOKEN_LENGTH);
      return NULL;
    }

  if (token->len > 0 && token->str[token->len - 1] == '\r')
    g_string_truncate (token, token->len - 1);

  return g_steal_pointer (&token);
}

/* Subcommands */

static int
token_set (int    argc,
           char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GStringWiped) token = NULL;
  g_autoptr(GError) error = NULL;
  int status = CULPRIT_CLI_EXIT_OK;

  context = new_context (_("KIND — store a token, read from standard input, in the keyring"));
  g_option_context_set_summary (context,
    _("Reads one line from standard input; on a terminal, asks for it without showing it. "
      "Replaces the token of the same kind and account."));
  if (!culprit_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return culprit_cli_usage_error (context, _("give exactly one kind of token"));
  if ((status = check_kind (context, argv[1])) != CULPRIT_CLI_EXIT_OK)
    return status;

  if (!(token = read_token (argv[1], &status)))
    return status;
  if (token->len == 0)
    return culprit_cli_error (CULPRIT_CLI_EXIT_USAGE, _("empty token: nothing was stored"));

  if (!culprit_secrets_store_sync (argv[1], account, token->str, NULL, &error))
    return culprit_cli_error (keyring_error_status (error), "%s", error->message);

  if (account != NULL && account[0] != '\0')
    g_print (_("Stored the %s token of %s in the keyring.\n"), argv[1], account);
  else
    g_print (_("Stored the %s token in the keyring.\n"), argv[1]);
  print_env_note (argv[1]);

  return CULPRIT_CLI_EXIT_OK;
}

static int
token_clear (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  gboolean stored = FALSE;
  int status = CULPRIT_CLI_EXIT_OK;

  context = new_context (_("KIND — remove a token from the keyring"));
  if (!culprit_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return culprit_cli_usage_error (context, _("give exactly one kind of token"));
  if ((status = check_kind (context, argv[1])) != CULPRIT_CLI_EXIT_OK)
    return status;

  if (!culprit_secrets_is_stored_sync (argv[1], account, &stored, NULL, &error) ||
      (stored && !culprit_secrets_clear_sync (argv[1], account, NULL, &error)))
    return culprit_cli_error (keyring_error_status (error), "%s", error->message);

  if (stored)
    g_print (_("Removed the %s token from the keyring.\n"), argv[1]);
  else
    g_print (_("No %s token was stored in the keyring.\n"), argv[1]);
  print_env_note (argv[1]);

  return CULPRIT_CLI_EXIT_OK;
}

static int
token_status (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GPtrArray) kinds = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = CULPRIT_CLI_EXIT_OK;

  context = new_context (_("[KIND…] — tell whether tokens are stored, without showing them"));
  if (!culprit_cli_parse (context, &argc, &argv, &status))
    return status;
  for (int i = 1; i < argc; i++)
    {
      if ((status = check_kind (context, argv[i])) != CULPRIT_CLI_EXIT_OK)
        return status;
      g_ptr_array_add (kinds, argv[i]);
    }
  if (kinds->len == 0)
    for (const char * const *k = culprit_secrets_get_kinds (); *k != NULL; k++)
      g_ptr_array_add (kinds, (gpointer)*k);

  if (account != NULL && account[0] != '\0')
    g_print (_("Account %s:\n"), account);

  for (guint i = 0; i < kinds->len; i++)
    {
      const char *kind = g_ptr_array_index (kinds, i);
      const char *env_var = culprit_secrets_get_env_var (kind);
      const char *value = g_getenv (env_var);
      gboolean env_set = value != NULL && value[0] != '\0';
      gboolean stored = FALSE;
      g_autofree char *state = NULL;

      /* After the first error, the keyring is not asked again */
      if (error == NULL)
        culprit_secrets_is_stored_sync (kind, account, &stored, NULL, &error);

      if (error != NULL && env_set)
        state = g_strdup_printf (_("keyring not reachable; %s is set and is used"), env_var);
      else if (error != NULL)
        state = g_strdup (_("keyring not reachable"));
      else if (stored && env_set)
        state = g_strdup_printf (_("stored in the keyring; %s is set and overrides it"), env_var);
      else if (stored)
        state = g_strdup (_("stored in the keyring"));
      else if (env_set)
        state = g_strdup_printf (_("not stored in the keyring; %s is set and is used"), env_var);
      else
        state = g_strdup_printf (_("not stored (nor is %s set)"), env_var);

      g_print ("%-15s %s\n", kind, state);
    }

  if (error != NULL)
    return culprit_cli_error (CULPRIT_CLI_EXIT_FAILURE, "%s", error->message);

  return CULPRIT_CLI_EXIT_OK;
}

static const CulpritCliCommand token_commands[] = {
  { "set", token_set, N_("Store a token, read from standard input, in the keyring") },
  { "clear", token_clear, N_("Remove a token from the keyring") },
  { "status", token_status, N_("Tell which tokens are stored, without showing them") },
  { NULL }
};

int
culprit_cli_token (int    argc,
                   char **argv)
{
  int status;

  status = culprit_cli_dispatch ("culprit-cli token", token_commands, argc, argv);
  g_clear_pointer (&account, g_free);
  return status;
}
