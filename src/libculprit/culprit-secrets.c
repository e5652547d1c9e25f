/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-secrets"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "culprit-secrets.h"

/*
 * Tokens live in the keyring, through the Secret Service D-Bus API
 * (GNOME Keyring, KeePassXC, KWallet), never in the database, GSettings or
 * logs. An item is found by the schema io.github.culprit.Token and two
 * attributes: `kind` (circleci, github, webhook-secret) and `account` (a
 * repository or API host, "" by default).
 *
 * libsecret's calls block for as long as the Secret Service does not answer,
 * forever when the session bus accepts the connection but never speaks. So
 * reaching the service (connecting to the bus, starting the service, opening
 * a session) happens in a helper thread that the caller waits for with a
 * deadline; after that, the D-Bus calls have GDBus' own 25 s timeout, and
 * only an unlock prompt, which waits for the user, is not bounded.
 *
 * Tokens are never logged and never put in error messages.
 */

#define DEFAULT_TIMEOUT_SECONDS 10

typedef struct
{
  const char *kind;
  const char *env_var;
  const char *label;   /* the item's label in the keyring */
  const char *what;    /* for messages */
} KindInfo;

static const KindInfo kind_infos[] = {
  { "circleci", "CIRCLECI_TOKEN", N_("Culprit CircleCI token"), N_("CircleCI token") },
  { "github", "GITHUB_TOKEN", N_("Culprit GitHub token"), N_("GitHub token") },
  { "webhook-secret", "CULPRIT_WEBHOOK_SECRET", N_("Culprit webhook secret"),
    N_("webhook secret") },
};

static const char * const kind_names[] = { "circleci", "github", "webhook-secret", NULL };

static const SecretSchema token_schema = {
  "io.github.culprit.Token", SECRET_SCHEMA_NONE,
  {
    { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

G_DEFINE_QUARK (culprit-secrets-error-quark, culprit_secrets_error)

static const KindInfo *
lookup_kind (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_infos); i++)
    if (g_str_equal (kind, kind_infos[i].kind))
      return &kind_infos[i];
  return NULL;
}

static const KindInfo *
find_kind (const char  *kind,
           GError     **error)
{
  const KindInfo *info = lookup_kind (kind);

  if (info == NULL)
    g_set_error (error, CULPRIT_SECRETS_ERROR, CULPRIT_SECRETS_ERROR_INVALID,
                 _("Unknown kind of token “%s”: use circleci, github or webhook-secret"), kind);
  return info;
}

/**
 * culprit_secrets_get_kinds:
 *
 * Returns: (transfer none): the kinds of tokens, `circleci`, `github` and
 *   `webhook-secret`, %NULL-terminated
 */
const char * const *
culprit_secrets_get_kinds (void)
{
  return kind_names;
}

gboolean
culprit_secrets_is_kind (const char *kind)
{
  return kind != NULL && lookup_kind (kind) != NULL;
}

/**
 * culprit_secrets_get_env_var:
 * @kind: a kind of token
 *
 * Returns: (nullable): the environment variable that overrides the keyring
 *   for @kind (`CIRCLECI_TOKEN`, `GITHUB_TOKEN`, `CULPRIT_WEBHOOK_SECRET`),
 *   or %NULL for an unknown kind
 */
const char *
culprit_secrets_get_env_var (const char *kind)
{
  const KindInfo *info;

  g_return_val_if_fail (kind != NULL, NULL);

  info = lookup_kind (kind);
  return info ? info->env_var : NULL;
}

static guint
get_timeout_seconds (void)
{
  const char *value = g_getenv (CULPRIT_SECRETS_TIMEOUT_ENV);
  guint64 seconds;

  if (value != NULL && g_ascii_string_to_unsigned (value, 10, 1, 3600, &seconds, NULL))
    return (guint)seconds;
  return DEFAULT_TIMEOUT_SECONDS;
}

static void
set_unavailable_error (GError        **error,
                       const KindInfo *info,
                       const char     *env_var,
                       const char     *detail)
{
  if (env_var != NULL)
    g_set_error (error, CULPRIT_SECRETS_ERROR, CULPRIT_SECRETS_ERROR_UNAVAILABLE,
                 _("Cannot reach the keyring for the %s (%s). Set %s in the environment "
                   "instead, or start a keyring that offers the Secret Service, such as "
                   "GNOME Keyring, in your D-Bus session"),
                 _(info->what), detail, env_var);
  else
    g_set_error (error, CULPRIT_SECRETS_ERROR, CULPRIT_SECRETS_ERROR_UNAVAILABLE,
                 _("Cannot reach the keyring for the %s (%s). Start a keyring that offers "
                   "the Secret Service, such as GNOME Keyring, in your D-Bus session"),
                 _(info->what), detail);
}

static gboolean
is_unreachable_error (const GError *error)
{
  if (error->domain == G_DBUS_ERROR)
    {
      switch (error->code)
        {
        case G_DBUS_ERROR_SERVICE_UNKNOWN:
        case G_DBUS_ERROR_NAME_HAS_NO_OWNER:
        case G_DBUS_ERROR_NO_REPLY:
        case G_DBUS_ERROR_NO_SERVER:
        case G_DBUS_ERROR_DISCONNECTED:
        case G_DBUS_ERROR_TIMEOUT:
        case G_DBUS_ERROR_TIMED_OUT:
        case G_DBUS_ERROR_SPAWN_EXEC_FAILED:
        case G_DBUS_ERROR_SPAWN_FORK_FAILED:
        case G_DBUS_ERROR_SPAWN_CHILD_EXITED:
        case G_DBUS_ERROR_SPAWN_CHILD_SIGNALED:
        case G_DBUS_ERROR_SPAWN_FAILED:
        case G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND:
          return TRUE;
        default:
          return FALSE;
        }
    }

  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
}

/* Turns an error of libsecret into ours, keeping a cancellation by the caller. */
static void
propagate_keyring_error (GError         **error,
                         GError          *cause,
                         GCancellable    *cancellable,
                         const KindInfo  *info,
                         const char      *env_var,
                         gboolean         storing)
{
  if (g_cancellable_is_cancelled (cancellable) &&
      g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_error_copy (cause));
  else if (is_unreachable_error (cause))
    set_unavailable_error (error, info, env_var, cause->message);
  /* GNOME Keyring without a "login" keyring: "Object does not exist at
   * path /org/freedesktop/secrets/collection/login", as UnknownMethod */
  else if (storing &&
           (g_error_matches (cause, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD) ||
            g_error_matches (cause, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT)))
    g_set_error (error, CULPRIT_SECRETS_ERROR, CULPRIT_SECRETS_ERROR_FAILED,
                 _("The keyring has no default collection for the %s (%s). Create or unlock "
                   "a “Login” keyring, for example with Passwords and Keys (Seahorse)"),
                 _(info->what), cause->message);
  else
    g_set_error (error, CULPRIT_SECRETS_ERROR, CULPRIT_SECRETS_ERROR_FAILED,
                 _("The keyring refused access to the %s: %s"), _(info->what), cause->message);
}

/* Reaching the Secret Service with a deadline */

typedef struct
{
  GMutex         mutex;
  GCond          cond;
  GCancellable  *cancellable;   /* ours, cancelled at the deadline */
  SecretService *service;
  GError        *error;
  gboolean       done;
  gboolean       cancelled;     /* by the caller */
} Connect;

static void
connect_clear (gpointer data)
{
  Connect *c = data;

  g_clear_object (&c->cancellable);
  g_clear_object (&c->service);
  g_clear_error (&c->error);
  g_cond_clear (&c->cond);
  g_mutex_clear (&c->mutex);
}

static gpointer
connect_thread (gpointer data)
{
  Connect *c = data;
  g_autoptr(GError) error = NULL;
  SecretService *service;

  service = secret_service_get_sync (SECRET_SERVICE_OPEN_SESSION, c->cancellable, &error);

  g_mutex_lock (&c->mutex);
  c->service = service;
  c->error = g_steal_pointer (&error);
  c->done = TRUE;
  g_cond_signal (&c->cond);
  g_mutex_unlock (&c->mutex);

  g_atomic_rc_box_release_full (c, connect_clear);
  return NULL;
}

static void
connect_cancelled_cb (GCancellable *cancellable,
                      gpointer      data)
{
  Connect *c = data;

  g_mutex_lock (&c->mutex);
  c->cancelled = TRUE;
  g_cond_signal (&c->cond);
  g_mutex_unlock (&c->mutex);
}

/* The Secret Service, with a session open, or NULL and @error set when it
 * does not answer within the timeout. A thread that is still waiting at the
 * deadline is left behind, cancelled; it frees its own data. */
static SecretService *
get_service (const KindInfo  *info,
             const char      *env_var,
             GCancellable    *cancellable,
             GError         **error)
{
  Connect *c = g_atomic_rc_box_new0 (Connect);
  guint seconds = get_timeout_seconds ();
  gint64 deadline = g_get_monotonic_time () + seconds * G_TIME_SPAN_SECOND;
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean done;
  gulong handler = 0;

  g_mutex_init (&c->mutex);
  g_cond_init (&c->cond);
  c->cancellable = g_cancellable_new ();

  g_thread_unref (g_thread_new ("culprit-secrets", connect_thread, g_atomic_rc_box_acquire (c)));
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (connect_cancelled_cb), c, NULL);

  g_mutex_lock (&c->mutex);
  while (!c->done && !c->cancelled)
    if (!g_cond_wait_until (&c->cond, &c->mutex, deadline))
      break;
  done = c->done;
  if (done)
    {
      service = g_steal_pointer (&c->service);
      local_error = g_steal_pointer (&c->error);
    }
  g_mutex_unlock (&c->mutex);

  if (handler != 0)
    g_cancellable_disconnect (cancellable, handler);
  if (!done)
    g_cancellable_cancel (c->cancellable);
  g_atomic_rc_box_release_full (c, connect_clear);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (!done)
    {
      g_autofree char *detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                              "no answer within %u second",
                                                              "no answer within %u seconds",
                                                              seconds),
                                                 seconds);

      g_debug ("The Secret Service did not answer within %u s", seconds);
      set_unavailable_error (error, info, env_var, detail);
      return NULL;
    }

  if (service == NULL)
    {
      g_debug ("Cannot reach the Secret Service: %s", local_error->message);
      set_unavailable_error (error, info, env_var, local_error->message);
      return NULL;
    }

  return g_steal_pointer (&service);
}

static GHashTable *
build_attributes (const KindInfo *info,
                  const char     *account)
{
  return secret_attributes_build (&token_schema,
                                  "kind", info->kind,
                                  "account", account,
                                  NULL);
}

/**
 * culprit_secrets_store_sync:
 * @kind: `circleci`, `github` or `webhook-secret`
 * @account: (nullable): a repository or API host, or %NULL for ""
 * @token: the token, not empty
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Stores @token in the default collection of the keyring, replacing the
 * token of the same kind and account.
 *
 * Returns: %TRUE when stored
 */
/* In a Flatpak, the keyring is reached through the Secret portal, which
 * libsecret uses for its secret_password_*() calls only (it keeps the
 * secrets in an encrypted file in the sandbox): no D-Bus name to talk to. */
static gboolean
in_flatpak (void)
{
  static int cached = -1;

  if (cached < 0)
    cached = g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS);
  return cached;
}

gboolean
culprit_secrets_store_sync (const char    *kind,
                            const char    *account,
                            const char    *token,
                            GCancellable  *cancellable,
                            GError       **error)
{
  const KindInfo *info;
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(SecretValue) value = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *label = NULL;

  g_return_val_if_fail (kind != NULL, FALSE);
  g_return_val_if_fail (token != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(info = find_kind (kind, error)))
    return FALSE;
  if (account == NULL)
    account = "";

  if (token[0] == '\0')
    {
      g_set_error (error, CULPRIT_SECRETS_ERROR, CULPRIT_SECRETS_ERROR_INVALID,
                   _("The %s is empty; nothing was stored"), _(info->what));
      return FALSE;
    }
  if (!g_utf8_validate (token, -1, NULL))
    {
      g_set_error (error, CULPRIT_SECRETS_ERROR, CULPRIT_SECRETS_ERROR_INVALID,
                   _("The %s is not valid UTF-8 text; nothing was stored"), _(info->what));
      return FALSE;
    }

  attributes = build_attributes (info, account);
  if (account[0] != '\0')
    /* Translators: the label of a keyring item, e.g. “Culprit GitHub token for octo/repo” */
    label = g_strdup_printf (_("%s for %s"), _(info->label), account);
  else
    label = g_strdup (_(info->label));
  value = secret_value_new (token, -1, "text/plain");

  if (in_flatpak ())
    {
      if (!secret_password_storev_sync (&token_schema, attributes, SECRET_COLLECTION_DEFAULT, label,
                                        token, cancellable, &local_error))
        {
          propagate_keyring_error (error, local_error, cancellable, info, info->env_var, TRUE);
          return FALSE;
        }
      return TRUE;
    }

  if (!(service = get_service (info, info->env_var, cancellable, error)))
    return FALSE;
  if (!secret_service_store_sync (service, &token_schema, attributes, SECRET_COLLECTION_DEFAULT,
                                  label, value, cancellable, &local_error))
    {
      propagate_keyring_error (error, local_error, cancellable, info, info->env_var, TRUE);
      return FALSE;
    }

  g_debug ("Stored the %s token of account “%s” in the keyring", info->kind, account);
  return TRUE;
}

static char *
lookup_internal (const KindInfo  *info,
                 const char      *account,
                 const char      *env_var,
                 GCancellable    *cancellable,
                 GError         **error)
{
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(SecretValue) value = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *text;

  attributes = build_attributes (info, account);
  if (in_flatpak ())
    {
      char *password = secret_password_lookupv_sync (&token_schema, attributes, cancellable,
                                                     &local_error);

      if (local_error != NULL)
        {
          propagate_keyring_error (error, local_error, cancellable, info, env_var, FALSE);
          return NULL;
        }
      return password;
    }

  if (!(service = get_service (info, env_var, cancellable, error)))
    return NULL;
  value = secret_service_lookup_sync (service, &token_schema, attributes, cancellable,
                                      &local_error);
  if (local_error != NULL)
    {
      propagate_keyring_error (error, local_error, cancellable, info, env_var, FALSE);
      return NULL;
    }
  if (value == NULL)
    {
      g_debug ("No %s token of account “%s” in the keyring", info->kind, account);
      return NULL;
    }

  text = secret_value_get_text (value);
  if (text == NULL)
    {
      g_set_error (error, CULPRIT_SECRETS_ERROR, CULPRIT_SECRETS_ERROR_FAILED,
                   _("The %s in the keyring is not text; store it again"), _(info->what));
      return NULL;
    }

  return g_strdup (text);
}

/**
 * culprit_secrets_lookup_sync:
 * @kind: `circleci`, `github` or `webhook-secret`
 * @account: (nullable): a repository or API host, or %NULL for ""
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Looks the token of @kind and @account up in the keyring; may show a
 * prompt to unlock it.
 *
 * Returns: (transfer full) (nullable): the token, or %NULL without @error
 *   set when the keyring has none
 */
char *
culprit_secrets_lookup_sync (const char    *kind,
                             const char    *account,
                             GCancellable  *cancellable,
                             GError       **error)
{
  const KindInfo *info;

  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(info = find_kind (kind, error)))
    return NULL;

  return lookup_internal (info, account ? account : "", info->env_var, cancellable, error);
}

/**
 * culprit_secrets_is_stored_sync:
 * @kind: `circleci`, `github` or `webhook-secret`
 * @account: (nullable): a repository or API host, or %NULL for ""
 * @stored: (out): whether the keyring holds a token of @kind and @account
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Finds out whether a token is stored without reading it, so without
 * prompting to unlock the keyring.
 *
 * Returns: %TRUE when the keyring answered
 */
gboolean
culprit_secrets_is_stored_sync (const char    *kind,
                                const char    *account,
                                gboolean      *stored,
                                GCancellable  *cancellable,
                                GError       **error)
{
  const KindInfo *info;
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(GError) local_error = NULL;
  GList *items;

  g_return_val_if_fail (kind != NULL, FALSE);
  g_return_val_if_fail (stored != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *stored = FALSE;
  if (!(info = find_kind (kind, error)))
    return FALSE;
  attributes = build_attributes (info, account ? account : "");
  if (in_flatpak ())
    {
      items = secret_password_searchv_sync (&token_schema, attributes, SECRET_SEARCH_NONE,
                                            cancellable, &local_error);
      if (local_error != NULL)
        {
          propagate_keyring_error (error, local_error, cancellable, info, info->env_var, FALSE);
          return FALSE;
        }
      *stored = items != NULL;
      g_list_free_full (items, g_object_unref);
      return TRUE;
    }
  if (!(service = get_service (info, info->env_var, cancellable, error)))
    return FALSE;
  items = secret_service_search_sync (service, &token_schema, attributes, SECRET_SEARCH_NONE,
                                      cancellable, &local_error);
  if (local_error != NULL)
    {
      propagate_keyring_error (error, local_error, cancellable, info, info->env_var, FALSE);
      return FALSE;
    }

  *stored = items != NULL;
  g_list_free_full (items, g_object_unref);
  return TRUE;
}

/**
 * culprit_secrets_clear_sync:
 * @kind: `circleci`, `github` or `webhook-secret`
 * @account: (nullable): a repository or API host, or %NULL for ""
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Removes the token of @kind and @account from the keyring.
 *
 * Returns: %TRUE when the keyring holds no such token any more, also when
 *   it held none
 */
gboolean
culprit_secrets_clear_sync (const char    *kind,
                            const char    *account,
                            GCancellable  *cancellable,
                            GError       **error)
{
  const KindInfo *info;
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (kind != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(info = find_kind (kind, error)))
    return FALSE;
  if (account == NULL)
    account = "";
  attributes = build_attributes (info, account);
  if (in_flatpak ())
    {
      if (!secret_password_clearv_sync (&token_schema, attributes, cancellable, &local_error) &&
          local_error != NULL)
        {
          propagate_keyring_error (error, local_error, cancellable, info, info->env_var, FALSE);
          return FALSE;
        }
      return TRUE;
    }
  if (!(service = get_service (info, info->env_var, cancellable, error)))
    return FALSE;

  /* FALSE without an error means there was nothing to remove */
  if (!secret_service_clear_sync (service, &token_schema, attributes, cancellable, &local_error) &&
      local_error != NULL)
    {
      propagate_keyring_error (error, local_error, cancellable, info, info->env_var, FALSE);
      return FALSE;
    }

  g_debug ("Cleared the %s token of account “%s”", info->kind, account);
  return TRUE;
}

/**
 * culprit_secrets_get_token:
 * @kind: `circleci`, `github` or `webhook-secret`
 * @account: (nullable): a repository or API host, or %NULL for ""
 * @env_var: (nullable): the environment variable that overrides the
 *   keyring (see culprit_secrets_get_env_var()), or %NULL for none
 * @error: return location for a #GError
 *
 * The token to use: the value of @env_var when it is set and not empty,
 * else the one in the keyring. Without either, fails with
 * %CULPRIT_SECRETS_ERROR_NOT_FOUND; with an unreachable keyring, with
 * %CULPRIT_SECRETS_ERROR_UNAVAILABLE and a message that says how to fix it.
 *
 * Returns: (transfer full) (nullable): the token, or %NULL with @error set
 */
char *
culprit_secrets_get_token (const char  *kind,
                           const char  *account,
                           const char  *env_var,
                           GError     **error)
{
  const KindInfo *info;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *command = NULL;
  const char *value;
  char *token;

  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(info = find_kind (kind, error)))
    return NULL;
  if (account == NULL)
    account = "";

  if (env_var != NULL && (value = g_getenv (env_var)) != NULL && value[0] != '\0')
    {
      g_debug ("Using the %s token from $%s", info->kind, env_var);
      return g_strdup (value);
    }

  token = lookup_internal (info, account, env_var, NULL, &local_error);
  if (token != NULL)
    return token;
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (account[0] != '\0')
    command = g_strdup_printf ("culprit-cli token set %s --account %s", info->kind, account);
  else
    command = g_strdup_printf ("culprit-cli token set %s", info->kind);

  if (env_var != NULL)
    g_set_error (error, CULPRIT_SECRETS_ERROR, CULPRIT_SECRETS_ERROR_NOT_FOUND,
                 _("No %s: set %s, or store one in the keyring with “%s”"),
                 _(info->what), env_var, command);
  else
    g_set_error (error, CULPRIT_SECRETS_ERROR, CULPRIT_SECRETS_ERROR_NOT_FOUND,
                 _("No %s in the keyring: store one with “%s”"), _(info->what), command);
  return NULL;
}

/* Async variants: the sync calls in a thread of GTask's pool */

typedef struct
{
  char *kind;
  char *account;
  char *token;
} Request;

static void
token_free (gpointer token)
{
  if (token != NULL)
    {
      secret_password_wipe (token);
      g_free (token);
    }
}

static void
request_free (gpointer data)
{
  Request *request = data;

  g_free (request->kind);
  g_free (request->account);
  token_free (request->token);
  g_free (request);
}

static GTask *
new_task (const char          *kind,
          const char          *account,
          const char          *token,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data,
          gpointer             source_tag)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Request *request = g_new0 (Request, 1);

  g_task_set_source_tag (task, source_tag);
  request->kind = g_strdup (kind);
  request->account = g_strdup (account);
  request->token = g_strdup (token);
  g_task_set_task_data (task, request, request_free);
  return task;
}

static void
store_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Request *request = task_data;
  GError *error = NULL;

  if (culprit_secrets_store_sync (request->kind, request->account, request->token,
                                  cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * culprit_secrets_store_async:
 *
 * Runs culprit_secrets_store_sync() in a thread.
 */
void
culprit_secrets_store_async (const char          *kind,
                             const char          *account,
                             const char          *token,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (kind != NULL);
  g_return_if_fail (token != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = new_task (kind, account, token, cancellable, callback, user_data,
                   culprit_secrets_store_async);
  g_task_run_in_thread (task, store_thread);
}

gboolean
culprit_secrets_store_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == culprit_secrets_store_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
lookup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Request *request = task_data;
  GError *error = NULL;
  char *token;

  token = culprit_secrets_lookup_sync (request->kind, request->account, cancellable, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, token, token_free);
}

/**
 * culprit_secrets_lookup_async:
 *
 * Runs culprit_secrets_lookup_sync() in a thread.
 */
void
culprit_secrets_lookup_async (const char          *kind,
                              const char          *account,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (kind != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = new_task (kind, account, NULL, cancellable, callback, user_data,
                   culprit_secrets_lookup_async);
  g_task_run_in_thread (task, lookup_thread);
}

/**
 * culprit_secrets_lookup_finish:
 *
 * Returns: (transfer full) (nullable): the token, or %NULL without @error
 *   set when the keyring has none
 */
char *
culprit_secrets_lookup_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == culprit_secrets_lookup_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
