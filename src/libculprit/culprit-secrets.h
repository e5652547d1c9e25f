/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CULPRIT_SECRETS_ERROR (culprit_secrets_error_quark ())

/* UNAVAILABLE: no D-Bus session, no Secret Service, or no answer in time;
 * INVALID: an unknown kind or an empty token;
 * NOT_FOUND: culprit_secrets_get_token() found neither variable nor token;
 * FAILED: the keyring answered but refused (locked, no default collection, ...) */
typedef enum
{
  CULPRIT_SECRETS_ERROR_UNAVAILABLE = 1,
  CULPRIT_SECRETS_ERROR_INVALID,
  CULPRIT_SECRETS_ERROR_NOT_FOUND,
  CULPRIT_SECRETS_ERROR_FAILED,
} CulpritSecretsError;

/* The environment variable that bounds, in seconds, how long Culprit waits
 * for the Secret Service to answer before it reports the keyring as
 * unavailable (default 10). */
#define CULPRIT_SECRETS_TIMEOUT_ENV "CULPRIT_SECRETS_TIMEOUT"

GQuark              culprit_secrets_error_quark    (void);

const char * const *culprit_secrets_get_kinds      (void);
gboolean            culprit_secrets_is_kind        (const char           *kind);
const char         *culprit_secrets_get_env_var    (const char           *kind);

gboolean            culprit_secrets_store_sync     (const char           *kind,
                                                    const char           *account,
                                                    const char           *token,
                                                    GCancellable         *cancellable,
                                                    GError              **error);
void                culprit_secrets_store_async    (const char           *kind,
                                                    const char           *account,
                                                    const char           *token,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean            culprit_secrets_store_finish   (GAsyncResult         *result,
                                                    GError              **error);

char               *culprit_secrets_lookup_sync    (const char           *kind,
                                                    const char           *account,
                                                    GCancellable         *cancellable,
                                                    GError              **error);
void                culprit_secrets_lookup_async   (const char           *kind,
                                                    const char           *account,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
char               *culprit_secrets_lookup_finish  (GAsyncResult         *result,
                                                    GError              **error);

gboolean            culprit_secrets_is_stored_sync (const char           *kind,
                                                    const char           *account,
                                                    gboolean             *stored,
                                                    GCancellable         *cancellable,
                                                    GError              **error);
gboolean            culprit_secrets_clear_sync     (const char           *kind,
                                                    const char           *account,
                                                    GCancellable         *cancellable,
                                                    GError              **error);

char               *culprit_secrets_get_token      (const char           *kind,
                                                    const char           *account,
                                                    const char           *env_var,
                                                    GError              **error);

G_END_DECLS
