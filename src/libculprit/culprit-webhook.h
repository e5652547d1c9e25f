/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CULPRIT_WEBHOOK_ERROR (culprit_webhook_error_quark ())

typedef enum
{
  CULPRIT_WEBHOOK_ERROR_NO_SIGNATURE = 1,
  CULPRIT_WEBHOOK_ERROR_MALFORMED_SIGNATURE,
  CULPRIT_WEBHOOK_ERROR_BAD_SIGNATURE,
  CULPRIT_WEBHOOK_ERROR_BAD_PAYLOAD,
} CulpritWebhookError;

/* A GitHub `status` event, as far as Culprit reads it */
typedef struct
{
  char *repo;          /* "ORG/REPO" */
  char *sha;
  char *state;         /* pending, success, failure, error */
  char *context;
  char *target_url;    /* may be NULL */
  char *description;   /* may be NULL */
} CulpritStatusEvent;

GQuark              culprit_webhook_error_quark       (void);
gboolean            culprit_webhook_verify_signature  (const char          *secret,
                                                       const guint8        *body,
                                                       gsize                len,
                                                       const char          *header,
                                                       GError             **error);
CulpritStatusEvent *culprit_status_event_parse        (const char          *body,
                                                       gsize                len,
                                                       GError             **error);
gboolean            culprit_status_event_get_circleci_build (const CulpritStatusEvent *event,
                                                       char               **job,
                                                       gint64              *build_num);
void                culprit_status_event_free         (CulpritStatusEvent  *event);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CulpritStatusEvent, culprit_status_event_free)

G_END_DECLS
