/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <libsecret/secret.h>

#include "culprit-test-util.h"

/*
 * The tests that need a keyring run only inside build-aux/run-with-keyring
 * (which build-aux/test uses): it sets CULPRIT_TEST_KEYRING=1 and gives them
 * a private, throwaway GNOME Keyring. There they fail, not skip, when the
 * keyring cannot be reached. Anywhere else they skip, so that a developer's
 * own keyring is never written to.
 *
 * The tests read the keyring through libsecret with their own copy of the
 * schema too, so a store that put the token somewhere lookup happens to find
 * it, but not under io.github.culprit.Token with `kind` and `account`, fails.
 */

static const SecretSchema expected_schema = {
  "io.github.culprit.Token", SECRET_SCHEMA_NONE,
  {
    { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

static gboolean
have_keyring (void)
{
  g_autoptr(GError) error = NULL;
  gboolean stored = TRUE;

  if (g_strcmp0 (g_getenv ("CULPRIT_TEST_KEYRING"), "1") != 0)
    {
      g_test_skip ("needs the private keyring of build-aux/run-with-keyring "
                   "(build-aux/test uses it)");
      return FALSE;
    }

  /* Inside run-with-keyring, an unreachable keyring is a failure */
  culprit_secrets_is_stored_sync ("circleci", "culprit-test/probe", &stored, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (stored);
  return TRUE;
}

/* The items that the keyring holds for kind and account, read without Culprit's code */
static GList *
find_items (const char *kind,
            const char *account)
{
  g_autoptr(GHashTable) attributes = secret_attributes_build (&expected_schema,
                                                              "kind", kind,
                                                              "account", account,
                                                              NULL);
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GError) error = NULL;
  GList *items;

  service = secret_service_get_sync (SECRET_SERVICE_OPEN_SESSION, NULL, &error);
  g_assert_no_error (error);
  items = secret_service_search_sync (service, &expected_schema, attributes,
                                      SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK |
                                      SECRET_SEARCH_LOAD_SECRETS,
                                      NULL, &error);
  g_assert_no_error (error);
  return items;
}

/* Asserts that the keyring holds exactly one item for kind and account, with
 * this label and secret */
static void
assert_one_item (const char *kind,
                 const char *account,
                 const char *label,
                 const char *secret)
{
  GList *items = find_items (kind, account);
  g_autoptr(SecretValue) value = NULL;
  g_autofree char *item_label = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  g_assert_cmpuint (g_list_length (items), ==, 1);
  item_label = secret_item_get_label (items->data);
  g_assert_cmpstr (item_label, ==, label);
  attributes = secret_item_get_attributes (items->data);
  g_assert_cmpstr (g_hash_table_lookup (attributes, "xdg:schema"), ==, "io.github.culprit.Token");
  g_assert_cmpstr (g_hash_table_lookup (attributes, "kind"), ==, kind);
  g_assert_cmpstr (g_hash_table_lookup (attributes, "account"), ==, account);
  value = secret_item_get_secret (items->data);
  g_assert_nonnull (value);
  g_assert_cmpstr (secret_value_get_text (value), ==, secret);

  g_list_free_full (items, g_object_unref);
}

static void
assert_no_item (const char *kind,
                const char *account)
{
  GList *items = find_items (kind, account);

  g_assert_null (items);
}

static void
assert_lookup (const char *kind,
               const char *account,
               const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = culprit_secrets_lookup_sync (kind, account, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, expected);
}

static void
assert_stored (const char *kind,
               const char *account,
               gboolean    expected)
{
  g_autoptr(GError) error = NULL;
  gboolean stored = !expected;

  g_assert_true (culprit_secrets_is_stored_sync (kind, account, &stored, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stored, ==, expected);
}

static void
store (const char *kind,
       const char *account,
       const char *token)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (culprit_secrets_store_sync (kind, account, token, NULL, &error));
  g_assert_no_error (error);
}

static void
clear (const char *kind,
       const char *account)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (culprit_secrets_clear_sync (kind, account, NULL, &error));
  g_assert_no_error (error);
}

/* Without a keyring */

static void
test_kinds (void)
{
  const char * const *kinds = culprit_secrets_get_kinds ();
  g_autoptr(GError) error = NULL;
  char *token;

  g_assert_cmpuint (g_strv_length ((char **)kinds), ==, 3);
  g_assert_cmpstr (kinds[0], ==, "circleci");
  g_assert_cmpstr (kinds[1], ==, "github");
  g_assert_cmpstr (kinds[2], ==, "webhook-secret");
  for (guint i = 0; kinds[i]; i++)
    g_assert_true (culprit_secrets_is_kind (kinds[i]));
  g_assert_false (culprit_secrets_is_kind ("gitlab"));
  g_assert_false (culprit_secrets_is_kind (""));
  g_assert_false (culprit_secrets_is_kind (NULL));

  g_assert_cmpstr (culprit_secrets_get_env_var ("circleci"), ==, "CIRCLECI_TOKEN");
  g_assert_cmpstr (culprit_secrets_get_env_var ("github"), ==, "GITHUB_TOKEN");
  g_assert_cmpstr (culprit_secrets_get_env_var ("webhook-secret"), ==, "CULPRIT_WEBHOOK_SECRET");
  g_assert_null (culprit_secrets_get_env_var ("gitlab"));

  /* An unknown kind fails before the keyring is asked */
  g_assert_false (culprit_secrets_store_sync ("gitlab", NULL, "t0ken", NULL, &error));
  g_assert_error (error, CULPRIT_SECRETS_ERROR, CULPRIT_SECRETS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "circleci, github or webhook-secret"));
  g_assert_null (strstr (error->message, "t0ken"));
  g_clear_error (&error);

  token = culprit_secrets_lookup_sync ("gitlab", NULL, NULL, &error);
  g_assert_error (error, CULPRIT_SECRETS_ERROR, CULPRIT_SECRETS_ERROR_INVALID);
  g_assert_null (token);
  g_clear_error (&error);

  token = culprit_secrets_get_token ("gitlab", NULL, "CIRCLECI_TOKEN", &error);
  g_assert_error (error, CULPRIT_SECRETS_ERROR, CULPRIT_SECRETS_ERROR_INVALID);
  g_assert_null (token);
  g_clear_error (&error);

  /* So does an empty token */
  g_assert_false (culprit_secrets_store_sync ("github", NULL, "", NULL, &error));
  g_assert_error (error, CULPRIT_SECRETS_ERROR, CULPRIT_SECRETS_ERROR_INVALID);
}

/* The variable wins without the keyring being asked: here there is no bus */
static void
test_env_override_without_keyring (void)
{
  g_autofree char *tmpdir = NULL;
  g_autofree char *address = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  tmpdir = culprit_test_make_tmpdir ();
  address = g_strdup_printf ("unix:path=%s/no-bus", tmpdir);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
  g_setenv ("CULPRIT_TEST_SECRETS_ENV", "from-the-environment", TRUE);

  token = culprit_secrets_get_token ("circleci", NULL, "CULPRIT_TEST_SECRETS_ENV", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "from-the-environment");
  g_clear_pointer (&token, g_free);

  token = culprit_secrets_get_token ("github", "octo/repo", "CULPRIT_TEST_SECRETS_ENV", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "from-the-environment");
  g_clear_pointer (&token, g_free);

  /* Empty counts as unset: then the (unreachable) keyring is asked */
  g_setenv ("CULPRIT_TEST_SECRETS_ENV", "", TRUE);
  token = culprit_secrets_get_token ("circleci", NULL, "CULPRIT_TEST_SECRETS_ENV", &error);
  g_assert_error (error, CULPRIT_SECRETS_ERROR, CULPRIT_SECRETS_ERROR_UNAVAILABLE);
  g_assert_null (token);
}

/* An unreachable keyring: a clear error, quickly, never a hang */

static void
assert_unavailable (const char *address,
                    const char *detail,
                    gint64      max_usec)
{
  const char *secret = "s3cret-t0ken-never-shown";
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  gboolean stored = TRUE;
  gint64 start;

  g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);

  start = g_get_monotonic_time ();
  token = culprit_secrets_get_token ("circleci", NULL, "CIRCLECI_TOKEN", &error);
  g_assert_cmpint (g_get_monotonic_time () - start, <, max_usec);
  g_assert_error (error, CULPRIT_SECRETS_ERROR, CULPRIT_SECRETS_ERROR_UNAVAILABLE);
  g_assert_null (token);
  g_test_message ("%s", error->message);
  /* says what is wrong and how to fix it */
  g_assert_nonnull (strstr (error->message, "keyring"));
  g_assert_nonnull (strstr (error->message, "Set CIRCLECI_TOKEN"));
  g_assert_nonnull (strstr (error->message, "GNOME Keyring"));
  g_assert_nonnull (strstr (error->message, detail));
  g_clear_error (&error);

  /* No variable to suggest */
  token = culprit_secrets_get_token ("github", NULL, NULL, &error);
  g_assert_error (error, CULPRIT_SECRETS_ERROR, CULPRIT_SECRETS_ERROR_UNAVAILABLE);
  g_assert_null (strstr (error->message, "(null)"));
  g_assert_null (strstr (error->message, "Set "));
  g_clear_error (&error);

  start = g_get_monotonic_time ();
  g_assert_false (culprit_secrets_store_sync ("webhook-secret", "octo/repo", secret, NULL, &error));
  g_assert_cmpint (g_get_monotonic_time () - start, <, max_usec);
  g_assert_error (error, CULPRIT_SECRETS_ERROR, CULPRIT_SECRETS_ERROR_UNAVAILABLE);
  g_assert_null (strstr (error->message, secret));
  g_assert_nonnull (strstr (error->message, "CULPRIT_WEBHOOK_SECRET"));
  g_clear_error (&error);

  token = culprit_secrets_lookup_sync ("github", NULL, NULL, &error);
  g_assert_error (error, CULPRIT_SECRETS_ERROR, CULPRIT_SECRETS_ERROR_UNAVAILABLE);
  g_assert_null (token);
  g_clear_error (&error);

  g_assert_false (culprit_secrets_is_stored_sync ("github", NULL, &stored, NULL, &error));
  g_assert_error (error, CULPRIT_SECRETS_ERROR, CULPRIT_SECRETS_ERROR_UNAVAILABLE);
  g_clear_error (&error);

  g_assert_false (culprit_secrets_clear_sync ("github", NULL, NULL, &error));
  g_assert_error (error, CULPRIT_SECRETS_ERROR, CULPRIT_SECRETS_ERROR_UNAVAILABLE);
  g_clear_error (&error);
}

/* DBUS_SESSION_BUS_ADDRESS points to a socket that does not exist */
static void
test_unreachable_no_bus (void)
{
  g_autofree char *tmpdir = NULL;
  g_autofree char *address = NULL;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  tmpdir = culprit_test_make_tmpdir ();
  address = g_strdup_printf ("unix:path=%s/no-such-socket", tmpdir);
  assert_unavailable (address, "Could not connect", 5 * G_USEC_PER_SEC);
}

/* A socket that accepts connections and never answers: libsecret alone
 * would wait forever */
static void
test_unreachable_silent_bus (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpdir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *address = NULL;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  tmpdir = culprit_test_make_tmpdir ();
  path = g_build_filename (tmpdir, "silent", NULL);
  socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT,
                         &error);
  g_assert_no_error (error);
  socket_address = g_unix_socket_address_new (path);
  g_socket_bind (socket, socket_address, FALSE, &error);
  g_assert_no_error (error);
  g_socket_listen (socket, &error);   /* never accepted: connecting works, nothing answers */
  g_assert_no_error (error);

  g_setenv (CULPRIT_SECRETS_TIMEOUT_ENV, "1", TRUE);
  address = g_strdup_printf ("unix:path=%s", path);
  /* Each call waits for the timeout of 1 s, not forever */
  assert_unavailable (address, "no answer within 1 second", 5 * G_USEC_PER_SEC);
}

/* A session bus on which no Secret Service runs nor can be started */
static void
test_unreachable_no_service (void)
{
  g_autoptr(GTestDBus) bus = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *dbus_daemon = NULL;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  if (!(dbus_daemon = g_find_program_in_path ("dbus-daemon")))
    {
      g_test_skip ("no dbus-daemon");
      return;
    }

  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);

  token = culprit_secrets_get_token ("github", NULL, "GITHUB_TOKEN", &error);
  g_assert_error (error, CULPRIT_SECRETS_ERROR, CULPRIT_SECRETS_ERROR_UNAVAILABLE);
  g_assert_null (token);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "org.freedesktop.secrets"));
  g_assert_nonnull (strstr (error->message, "Set GITHUB_TOKEN"));
  /* The bus stays up until the process exits: libsecret keeps its connection */
}

/* With the keyring */

static void
test_round_trip (void)
{
  const char *account = "culprit-test/round-trip";
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  if (!have_keyring ())
    return;

  assert_stored ("circleci", account, FALSE);
  assert_lookup ("circleci", account, NULL);

  store ("circleci", account, "first-t0ken");
  assert_one_item ("circleci", account, "Culprit CircleCI token for culprit-test/round-trip",
                   "first-t0ken");
  assert_lookup ("circleci", account, "first-t0ken");
  assert_stored ("circleci", account, TRUE);

  /* Storing again replaces, it does not add a second item */
  store ("circleci", account, "second-t0ken ünicode");
  assert_one_item ("circleci", account, "Culprit CircleCI token for culprit-test/round-trip",
                   "second-t0ken ünicode");
  assert_lookup ("circleci", account, "second-t0ken ünicode");

  token = culprit_secrets_get_token ("circleci", account, "CIRCLECI_TOKEN", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "second-t0ken ünicode");

  clear ("circleci", account);
  assert_no_item ("circleci", account);
  assert_lookup ("circleci", account, NULL);
  assert_stored ("circleci", account, FALSE);

  /* Clearing what is not there is no error */
  clear ("circleci", account);
}

static void
test_kinds_and_accounts_apart (void)
{
  const char * const *kinds = culprit_secrets_get_kinds ();
  const char *accounts[] = { "", "org/one", "org/two" };

  if (!have_keyring ())
    return;

  for (guint k = 0; kinds[k]; k++)
    for (guint a = 0; a < G_N_ELEMENTS (accounts); a++)
      {
        g_autofree char *token = g_strdup_printf ("token-%s-%s", kinds[k], accounts[a]);

        store (kinds[k], accounts[a], token);
      }

  /* NULL is the account "" */
  assert_lookup ("github", NULL, "token-github-");
  assert_one_item ("github", "", "Culprit GitHub token", "token-github-");
  assert_one_item ("webhook-secret", "org/two", "Culprit webhook secret for org/two",
                   "token-webhook-secret-org/two");

  for (guint k = 0; kinds[k]; k++)
    for (guint a = 0; a < G_N_ELEMENTS (accounts); a++)
      {
        g_autofree char *expected = g_strdup_printf ("token-%s-%s", kinds[k], accounts[a]);

        assert_lookup (kinds[k], accounts[a], expected);
      }

  /* Clearing one leaves the others */
  clear ("github", "org/one");
  assert_lookup ("github", "org/one", NULL);
  assert_lookup ("github", "", "token-github-");
  assert_lookup ("github", "org/two", "token-github-org/two");
  assert_lookup ("circleci", "org/one", "token-circleci-org/one");
  assert_lookup ("webhook-secret", "org/one", "token-webhook-secret-org/one");

  for (guint k = 0; kinds[k]; k++)
    for (guint a = 0; a < G_N_ELEMENTS (accounts); a++)
      {
        clear (kinds[k], accounts[a]);
        assert_no_item (kinds[k], accounts[a]);
      }
}

static void
test_missing (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  if (!have_keyring ())
    return;

  assert_lookup ("webhook-secret", "culprit-test/never-stored", NULL);

  token = culprit_secrets_get_token ("webhook-secret", "culprit-test/never-stored",
                                     "CULPRIT_WEBHOOK_SECRET", &error);
  g_assert_error (error, CULPRIT_SECRETS_ERROR, CULPRIT_SECRETS_ERROR_NOT_FOUND);
  g_assert_null (token);
  g_assert_nonnull (strstr (error->message, "CULPRIT_WEBHOOK_SECRET"));
  g_assert_nonnull (strstr (error->message, "culprit-cli token set webhook-secret "
                                            "--account culprit-test/never-stored"));
}

/* In a subprocess: the variable is set before any thread starts */
static void
test_env_override (void)
{
  const char *account = "culprit-test/env";
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  if (!g_test_subprocess ())
    {
      if (!have_keyring ())
        return;
      g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  g_setenv ("CULPRIT_TEST_SECRETS_ENV", "from-the-environment", TRUE);
  store ("github", account, "from-the-keyring");

  token = culprit_secrets_get_token ("github", account, "CULPRIT_TEST_SECRETS_ENV", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "from-the-environment");
  g_clear_pointer (&token, g_free);

  /* Another variable, unset: the keyring */
  token = culprit_secrets_get_token ("github", account, "CULPRIT_TEST_SECRETS_UNSET", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "from-the-keyring");
  g_clear_pointer (&token, g_free);

  /* No variable: the keyring */
  token = culprit_secrets_get_token ("github", account, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "from-the-keyring");
  g_clear_pointer (&token, g_free);

  /* lookup only reads the keyring */
  assert_lookup ("github", account, "from-the-keyring");

  clear ("github", account);
}

static void
store_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_async (void)
{
  const char *account = "culprit-test/async";
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  if (!have_keyring ())
    return;

  culprit_secrets_store_async ("circleci", account, "async-t0ken", NULL, store_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (culprit_secrets_store_finish (result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  assert_one_item ("circleci", account, "Culprit CircleCI token for culprit-test/async",
                   "async-t0ken");

  culprit_secrets_lookup_async ("circleci", account, NULL, store_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  token = culprit_secrets_lookup_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "async-t0ken");
  g_clear_object (&result);
  g_clear_pointer (&token, g_free);

  clear ("circleci", account);
  culprit_secrets_lookup_async ("circleci", account, NULL, store_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  token = culprit_secrets_lookup_finish (result, &error);
  g_assert_no_error (error);
  g_assert_null (token);
  g_clear_object (&result);

  /* Errors come through finish */
  culprit_secrets_store_async ("circleci", account, "", NULL, store_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (culprit_secrets_store_finish (result, &error));
  g_assert_error (error, CULPRIT_SECRETS_ERROR, CULPRIT_SECRETS_ERROR_INVALID);
}

/* culprit-cli token */

static int
run_token (const char  *input,
           char       **out,
           char       **err,
           const char  *first_arg,
           ...) G_GNUC_NULL_TERMINATED;

static int
run_token (const char  *input,
           char       **out,
           char       **err,
           const char  *first_arg,
           ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  g_ptr_array_add (args, (gpointer)"token");
  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer)arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  return culprit_test_run_cli_stdin (input, out, err, (const char * const *)args->pdata);
}

/* The line of `token status` for kind */
static char *
status_line (const char *out,
             const char *kind)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

  for (guint i = 0; lines[i]; i++)
    if (g_str_has_prefix (lines[i], kind) && lines[i][strlen (kind)] == ' ')
      return g_strdup (lines[i]);
  g_error ("no line for %s in:\n%s", kind, out);
}

static void
test_cli_help (void)
{
  const char *commands[] = { "set", "clear", "status" };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *out = NULL, *err = NULL;

      g_assert_cmpint (run_token (NULL, &out, &err, commands[i], "--help", NULL), ==, 0);
      g_assert_nonnull (strstr (out, "Usage:"));
      g_assert_nonnull (strstr (out, "--account"));
      g_assert_nonnull (strstr (out, "webhook-secret"));
    }

  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_token (NULL, &out, &err, "--help", NULL), ==, 0);
    g_assert_nonnull (strstr (out, "status"));
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    const char *args[] = { "--help", NULL };

    g_assert_cmpint (culprit_test_run_cli_stdin (NULL, &out, &err, args), ==, 0);
    g_assert_nonnull (strstr (out, "token"));
  }
}

static void
test_cli_bad_usage (void)
{
  const char *subcommands[] = { "set", "clear", "status" };

  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    {
      g_autofree char *out = NULL, *err = NULL;

      g_assert_cmpint (run_token ("t0ken\n", &out, &err, subcommands[i], "gitlab", NULL), ==, 2);
      g_assert_nonnull (strstr (err, "unknown kind “gitlab”: "
                                     "use circleci, github or webhook-secret"));
      g_assert_null (strstr (out, "t0ken"));
      g_assert_null (strstr (err, "t0ken"));
    }

  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_token ("t0ken\n", &out, &err, "set", NULL), ==, 2);
  }
  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_token ("t0ken\n", &out, &err, "set", "circleci", "github", NULL), ==, 2);
  }
  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_token (NULL, &out, &err, "frobnicate", NULL), ==, 2);
  }
}

static void
test_cli_empty_token (void)
{
  const char *inputs[] = { "", "\n", "\r\n", "\nt0ken-on-the-second-line\n" };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autofree char *out = NULL, *err = NULL;

      g_assert_cmpint (run_token (inputs[i], &out, &err, "set", "github", NULL), ==, 2);
      g_assert_nonnull (strstr (err, "empty token"));
      g_assert_null (strstr (err, "t0ken"));
    }
}

static void
test_cli_set_status_clear (void)
{
  const char *token = "cli-t0ken-1234567890";
  const char *account = "culprit-test/cli";

  if (!have_keyring ())
    return;

  {
    g_autofree char *out = NULL, *err = NULL;
    g_autofree char *input = g_strdup_printf ("%s\n", token);

    g_assert_cmpint (run_token (input, &out, &err, "set", "circleci", NULL), ==, 0);
    g_assert_null (strstr (out, token));
    g_assert_null (strstr (err, token));
  }
  /* The line ending is not part of the token */
  assert_one_item ("circleci", "", "Culprit CircleCI token", token);

  {
    g_autofree char *out = NULL, *err = NULL;
    g_autofree char *input = g_strdup_printf ("%s-github\r\n", token);

    g_assert_cmpint (run_token (input, &out, &err, "set", "github", "--account", account, NULL),
                     ==, 0);
  }
  assert_lookup ("github", account, "cli-t0ken-1234567890-github");
  assert_lookup ("github", NULL, NULL);

  {
    g_autofree char *out = NULL, *err = NULL;
    g_autofree char *line = NULL;

    g_assert_cmpint (run_token (NULL, &out, &err, "status", NULL), ==, 0);
    g_assert_null (strstr (out, token));
    g_assert_null (strstr (err, token));
    line = status_line (out, "circleci");
    g_assert_nonnull (strstr (line, "stored in the keyring"));
    g_assert_null (strstr (line, "not stored"));
    g_clear_pointer (&line, g_free);
    line = status_line (out, "github");
    g_assert_nonnull (strstr (line, "not stored"));
    g_clear_pointer (&line, g_free);
    line = status_line (out, "webhook-secret");
    g_assert_nonnull (strstr (line, "not stored"));
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    g_autofree char *line = NULL;

    g_assert_cmpint (run_token (NULL, &out, &err, "status", "github", "--account", account, NULL),
                     ==, 0);
    g_assert_null (strstr (out, token));
    line = status_line (out, "github");
    g_assert_nonnull (strstr (line, "stored in the keyring"));
    g_assert_null (strstr (line, "not stored"));
    g_assert_null (strstr (out, "circleci"));
  }

  /* Storing again replaces */
  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_token ("replaced-t0ken", &out, &err, "set", "circleci", NULL), ==, 0);
  }
  assert_one_item ("circleci", "", "Culprit CircleCI token", "replaced-t0ken");

  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_token (NULL, &out, &err, "clear", "circleci", NULL), ==, 0);
    g_assert_nonnull (strstr (out, "Removed"));
  }
  assert_no_item ("circleci", "");
  assert_lookup ("github", account, "cli-t0ken-1234567890-github");
  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_token (NULL, &out, &err, "clear", "circleci", NULL), ==, 0);
    g_assert_nonnull (strstr (out, "No circleci token"));
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    g_autofree char *line = NULL;

    g_assert_cmpint (run_token (NULL, &out, &err, "status", "circleci", NULL), ==, 0);
    line = status_line (out, "circleci");
    g_assert_nonnull (strstr (line, "not stored"));
  }
  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_token (NULL, &out, &err, "clear", "github", "--account", account, NULL),
                     ==, 0);
  }
  assert_no_item ("github", account);
}

static void
test_cli_env_override (void)
{
  if (!g_test_subprocess ())
    {
      if (!have_keyring ())
        return;
      g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  g_setenv ("GITHUB_TOKEN", "env-t0ken", TRUE);
  g_setenv ("CIRCLECI_TOKEN", "", TRUE);
  store ("webhook-secret", NULL, "keyring-t0ken");
  store ("github", NULL, "keyring-t0ken");

  {
    g_autofree char *out = NULL, *err = NULL;
    g_autofree char *line = NULL;

    g_assert_cmpint (run_token (NULL, &out, &err, "status", NULL), ==, 0);
    g_assert_null (strstr (out, "t0ken"));
    g_assert_null (strstr (err, "t0ken"));
    line = status_line (out, "github");
    g_assert_nonnull (strstr (line, "stored in the keyring; GITHUB_TOKEN is set and overrides it"));
    g_clear_pointer (&line, g_free);
    /* An empty variable does not count */
    line = status_line (out, "circleci");
    g_assert_nonnull (strstr (line, "not stored (nor is CIRCLECI_TOKEN set)"));
    g_clear_pointer (&line, g_free);
    line = status_line (out, "webhook-secret");
    g_assert_nonnull (strstr (line, "stored in the keyring"));
    g_assert_null (strstr (line, "CULPRIT_WEBHOOK_SECRET"));
  }

  clear ("webhook-secret", NULL);
  clear ("github", NULL);
}

static void
test_cli_unreachable (void)
{
  g_autofree char *tmpdir = NULL;
  g_autofree char *address = NULL;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  tmpdir = culprit_test_make_tmpdir ();
  address = g_strdup_printf ("unix:path=%s/no-such-socket", tmpdir);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
  g_setenv ("GITHUB_TOKEN", "env-t0ken", TRUE);

  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_token ("cli-t0ken\n", &out, &err, "set", "circleci", NULL), ==, 1);
    g_assert_nonnull (strstr (err, "Cannot reach the keyring"));
    g_assert_nonnull (strstr (err, "CIRCLECI_TOKEN"));
    g_assert_null (strstr (out, "t0ken"));
    g_assert_null (strstr (err, "t0ken"));
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    g_autofree char *line = NULL;

    g_assert_cmpint (run_token (NULL, &out, &err, "status", NULL), ==, 1);
    g_assert_nonnull (strstr (err, "Cannot reach the keyring"));
    g_assert_null (strstr (out, "t0ken"));
    g_assert_null (strstr (err, "t0ken"));
    line = status_line (out, "github");
    g_assert_nonnull (strstr (line, "GITHUB_TOKEN is set and is used"));
  }
  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_token (NULL, &out, &err, "clear", "github", NULL), ==, 1);
    g_assert_nonnull (strstr (err, "Cannot reach the keyring"));
  }
}

int
main (int    argc,
      char **argv)
{
  /* The developer's own tokens must not change what the tests see */
  g_unsetenv ("CIRCLECI_TOKEN");
  g_unsetenv ("GITHUB_TOKEN");
  g_unsetenv ("CULPRIT_WEBHOOK_SECRET");
  g_unsetenv (CULPRIT_SECRETS_TIMEOUT_ENV);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/culprit/secrets/kinds", test_kinds);
  g_test_add_func ("/culprit/secrets/env-override/without-keyring",
                   test_env_override_without_keyring);
  g_test_add_func ("/culprit/secrets/unreachable/no-bus", test_unreachable_no_bus);
  g_test_add_func ("/culprit/secrets/unreachable/silent-bus", test_unreachable_silent_bus);
  g_test_add_func ("/culprit/secrets/unreachable/no-service", test_unreachable_no_service);
  g_test_add_func ("/culprit/secrets/round-trip", test_round_trip);
  g_test_add_func ("/culprit/secrets/kinds-and-accounts-apart", test_kinds_and_accounts_apart);
  g_test_add_func ("/culprit/secrets/missing", test_missing);
  g_test_add_func ("/culprit/secrets/env-override/keyring", test_env_override);
  g_test_add_func ("/culprit/secrets/async", test_async);
  g_test_add_func ("/culprit/secrets/cli/help", test_cli_help);
  g_test_add_func ("/culprit/secrets/cli/bad-usage", test_cli_bad_usage);
  g_test_add_func ("/culprit/secrets/cli/empty-token", test_cli_empty_token);
  g_test_add_func ("/culprit/secrets/cli/set-status-clear", test_cli_set_status_clear);
  g_test_add_func ("/culprit/secrets/cli/env-override", test_cli_env_override);
  g_test_add_func ("/culprit/secrets/cli/unreachable", test_cli_unreachable);

  return g_test_run ();
}
