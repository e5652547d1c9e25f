/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fake-common"

#include "config.h"

#include <string.h>

#include "fake-common.h"

G_DEFINE_QUARK (fake-error-quark, fake_error)

G_DEFINE_INTERFACE (FakeBackend, fake_backend, G_TYPE_OBJECT)

static void
fake_backend_default_init (FakeBackendInterface *iface)
{
}

gboolean
fake_backend_has_project (FakeBackend *self,
                          const char  *org,
                          const char  *repo)
{
  g_return_val_if_fail (FAKE_IS_BACKEND (self), FALSE);
  g_return_val_if_fail (org != NULL && repo != NULL, FALSE);

  return FAKE_BACKEND_GET_IFACE (self)->has_project (self, org, repo);
}

JsonNode *
fake_backend_list_builds (FakeBackend *self,
                          const char  *branch,
                          FakeFilter   filter,
                          guint        offset,
                          guint        limit)
{
  g_return_val_if_fail (FAKE_IS_BACKEND (self), NULL);

  return FAKE_BACKEND_GET_IFACE (self)->list_builds (self, branch, filter, offset, limit);
}

JsonNode *
fake_backend_get_build (FakeBackend  *self,
                        const char   *base_url,
                        const char   *org,
                        const char   *repo,
                        guint         build_num,
                        GError      **error)
{
  g_return_val_if_fail (FAKE_IS_BACKEND (self), NULL);
  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return FAKE_BACKEND_GET_IFACE (self)->get_build (self, base_url, org, repo, build_num, error);
}

GInputStream *
fake_backend_open_output (FakeBackend  *self,
                          guint         build_num,
                          guint         step,
                          guint         action,
                          GError      **error)
{
  g_return_val_if_fail (FAKE_IS_BACKEND (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return FAKE_BACKEND_GET_IFACE (self)->open_output (self, build_num, step, action, error);
}

gboolean
fake_backend_output_expired (FakeBackend *self,
                             guint        build_num)
{
  g_return_val_if_fail (FAKE_IS_BACKEND (self), FALSE);

  return FAKE_BACKEND_GET_IFACE (self)->output_expired (self, build_num);
}

gboolean
fake_filter_parse (const char *text,
                   FakeFilter *filter)
{
  static const struct { const char *name; FakeFilter filter; } filters[] = {
    { "completed", FAKE_FILTER_COMPLETED },
    { "successful", FAKE_FILTER_SUCCESSFUL },
    { "failed", FAKE_FILTER_FAILED },
    { "running", FAKE_FILTER_RUNNING },
  };

  if (text == NULL || *text == '\0')
    {
      *filter = FAKE_FILTER_ALL;
      return TRUE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    {
      if (strcmp (text, filters[i].name) == 0)
        {
          *filter = filters[i].filter;
          return TRUE;
        }
    }

  return FALSE;
}

/* @outcome is NULL while a build is queued or running. */
gboolean
fake_filter_matches (FakeFilter  filter,
                     const char *outcome,
                     const char *lifecycle)
{
  gboolean finished = outcome != NULL || g_strcmp0 (lifecycle, "finished") == 0;

  switch (filter)
    {
    case FAKE_FILTER_ALL:
      return TRUE;
    case FAKE_FILTER_COMPLETED:
      return finished;
    case FAKE_FILTER_SUCCESSFUL:
      return g_strcmp0 (outcome, "success") == 0;
    case FAKE_FILTER_FAILED:
      return g_strcmp0 (outcome, "failed") == 0 ||
             g_strcmp0 (outcome, "timedout") == 0 ||
             g_strcmp0 (outcome, "infrastructure_fail") == 0;
    case FAKE_FILTER_RUNNING:
      return !finished;
    default:
      g_assert_not_reached ();
    }
}

void
fake_append_json_string (GString    *out,
                         const char *text,
                         gsize       len)
{
  static const char hex[] = "0123456789abcdef";
  const guchar *p = (const guchar *) text;
  gsize start = 0;

  g_string_append_c (out, '"');
  for (gsize i = 0; i < len; i++)
    {
      guchar c = p[i];
      const char *esc = NULL;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;

      g_string_append_len (out, text + start, i - start);
      start = i + 1;

      switch (c)
        {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        default: break;
        }

      if (esc != NULL)
        {
          g_string_append (out, esc);
        }
      else
        {
          char u[7] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf], 0 };

          g_string_append_len (out, u, 6);
        }
    }
  g_string_append_len (out, text + start, len - start);
  g_string_append_c (out, '"');
}

/* "2026-10-03T12:34:56.789Z" */
void
fake_append_iso8601 (GString *out,
                     gint64   unix_ms)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_ms / 1000);
  g_autofree char *text = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");

  g_string_append_printf (out, "%s.%03dZ", text, (int) (unix_ms % 1000));
}

char *
fake_format_iso8601 (gint64 unix_ms)
{
  GString *out = g_string_new (NULL);

  fake_append_iso8601 (out, unix_ms);
  return g_string_free (out, FALSE);
}

/* A small integer hash (a murmur3 finaliser over three words). */
guint32
fake_hash32 (guint32 a,
             guint32 b,
             guint32 c)
{
  guint32 h = 0x9e3779b9u;
  guint32 words[3] = { a, b, c };

  for (guint i = 0; i < 3; i++)
    {
      h ^= words[i];
      h ^= h >> 16;
      h *= 0x85ebca6bu;
      h ^= h >> 13;
      h *= 0xc2b2ae35u;
      h ^= h >> 16;
    }

  return h;
}

/* A number in [0, 1) determined by its arguments. */
double
fake_hash_unit (guint32 a,
                guint32 b,
                guint32 c)
{
  return fake_hash32 (a, b, c) / 4294967296.0;
}

/* Whether the logs of @build_num answer 403 "Request has expired". The
 * choice is per build and permanent, so that the generator's ground truth
 * and the server agree. */
gboolean
fake_output_is_expired (guint32 seed,
                        double  expire_rate,
                        guint   build_num)
{
  if (expire_rate <= 0.0)
    return FALSE;

  return fake_hash_unit (seed, build_num, 0xe491e5u) < expire_rate;
}

/* A URL that looks pre-signed, like CircleCI's S3 output URLs. */
char *
fake_output_url (const char *base_url,
                 const char *org,
                 const char *repo,
                 guint       build_num,
                 guint       step,
                 guint       action)
{
  g_autofree char *path = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *org_escaped = g_uri_escape_string (org, NULL, FALSE);
  g_autofree char *repo_escaped = g_uri_escape_string (repo, NULL, FALSE);

  path = g_strdup_printf ("/output/%s/%s/%u/%u/%u", org_escaped, repo_escaped,
                          build_num, step, action);
  signature = g_compute_checksum_for_string (G_CHECKSUM_SHA256, path, -1);

  return g_strdup_printf ("%s%s?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=600"
                          "&X-Amz-SignedHeaders=host&X-Amz-Signature=%s",
                          base_url, path, signature);
}
