/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define FAKE_ERROR (fake_error_quark ())

typedef enum
{
  FAKE_ERROR_NOT_FOUND = 1,
  FAKE_ERROR_INVALID,
} FakeError;

GQuark fake_error_quark (void);

/* The `filter` query parameter of the CircleCI v1.1 build lists. */
typedef enum
{
  FAKE_FILTER_ALL,
  FAKE_FILTER_COMPLETED,
  FAKE_FILTER_SUCCESSFUL,
  FAKE_FILTER_FAILED,
  FAKE_FILTER_RUNNING,
} FakeFilter;

gboolean fake_filter_parse   (const char *text,
                              FakeFilter *filter);
gboolean fake_filter_matches (FakeFilter  filter,
                              const char *outcome,
                              const char *lifecycle);

void     fake_append_json_string (GString    *out,
                                  const char *text,
                                  gsize       len);
void     fake_append_iso8601     (GString    *out,
                                  gint64      unix_ms);
char    *fake_format_iso8601     (gint64      unix_ms);
guint32  fake_hash32             (guint32     a,
                                  guint32     b,
                                  guint32     c);
double   fake_hash_unit          (guint32     a,
                                  guint32     b,
                                  guint32     c);
gboolean fake_output_is_expired  (guint32     seed,
                                  double      expire_rate,
                                  guint       build_num);
char    *fake_output_url         (const char *base_url,
                                  const char *org,
                                  const char *repo,
                                  guint       build_num,
                                  guint       step,
                                  guint       action);

/* What the server serves: a generated repository or a recorded dataset. */
#define FAKE_TYPE_BACKEND (fake_backend_get_type ())
G_DECLARE_INTERFACE (FakeBackend, fake_backend, FAKE, BACKEND, GObject)

struct _FakeBackendInterface
{
  GTypeInterface parent_iface;

  /* Whether ORG/REPO is served (the vcs part is checked by the server). */
  gboolean      (*has_project)   (FakeBackend  *self,
                                  const char   *org,
                                  const char   *repo);
  /* A JSON array of build summaries, newest first; @branch may be NULL. */
  JsonNode     *(*list_builds)   (FakeBackend  *self,
                                  const char   *branch,
                                  FakeFilter    filter,
                                  guint         offset,
                                  guint         limit);
  JsonNode     *(*get_build)     (FakeBackend  *self,
                                  const char   *base_url,
                                  const char   *org,
                                  const char   *repo,
                                  guint         build_num,
                                  GError      **error);
  /* The body of an output URL (a JSON array of messages), streamed. */
  GInputStream *(*open_output)   (FakeBackend  *self,
                                  guint         build_num,
                                  guint         step,
                                  guint         action,
                                  GError      **error);
  gboolean      (*output_expired) (FakeBackend *self,
                                   guint        build_num);
};

gboolean      fake_backend_has_project    (FakeBackend  *self,
                                           const char   *org,
                                           const char   *repo);
JsonNode     *fake_backend_list_builds    (FakeBackend  *self,
                                           const char   *branch,
                                           FakeFilter    filter,
                                           guint         offset,
                                           guint         limit);
JsonNode     *fake_backend_get_build      (FakeBackend  *self,
                                           const char   *base_url,
                                           const char   *org,
                                           const char   *repo,
                                           guint         build_num,
                                           GError      **error);
GInputStream *fake_backend_open_output    (FakeBackend  *self,
                                           guint         build_num,
                                           guint         step,
                                           guint         action,
                                           GError      **error);
gboolean      fake_backend_output_expired (FakeBackend  *self,
                                           guint         build_num);

G_END_DECLS
