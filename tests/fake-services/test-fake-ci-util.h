/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define PROJECT "/api/v1.1/project/github/demo-org/demo-app"

/* A running culprit-fake-ci */
typedef struct
{
  GSubprocess      *process;
  GDataInputStream *output;
  char             *base_url;
  char             *dir;
  char             *truth_path;
  JsonNode         *truth;       /* with --truth */
} Server;

typedef struct
{
  guint               status;
  GBytes             *body;
  GError             *error;
  SoupMessageHeaders *headers;
} Response;

/* Counts the bytes of the messages of a CircleCI output body as it streams
 * by, keeping only the end of the log. */
typedef struct
{
  guint64  body_bytes;
  guint64  message_bytes;
  int      state;
  gboolean escape;
  int      unicode;
  guint    code;
  GString *key;
  GString *tail;
} Counter;

typedef struct
{
  const char *cause;
  const char *regex;
} Marker;

extern SoupSession  *session;
extern const Marker  markers[];
extern const guint   n_markers;

const char  *fake_ci_path       (void);
JsonNode    *parse_json         (const char          *data,
                                 gsize                size,
                                 GError             **error);
Server      *server_start_argv  (const char * const  *args,
                                 gboolean             with_truth);
void         server_stop        (Server              *server);
void         rm_rf              (const char          *path);
guint64      server_vm_kb       (Server              *server,
                                 const char          *field);
JsonArray   *truth_builds       (Server              *server);
JsonObject  *truth_build        (Server              *server,
                                 gint64               build_num);

Response    *request            (const char          *method,
                                 const char          *url,
                                 const char          *header,
                                 const char          *value,
                                 const char          *body);
Response    *get                (const char          *url);
void         response_free      (Response            *response);
char        *url_for            (Server              *server,
                                 const char          *format,
                                 ...) G_GNUC_PRINTF (2, 3);
JsonNode    *get_json           (const char          *url);
JsonNode    *fake_stats         (Server              *server);
gint64       stats_fault        (Server              *server,
                                 const char          *name);

GArray      *build_nums         (JsonNode            *list);
void         assert_same_nums   (GArray              *a,
                                 GArray              *b);
GArray      *expected_nums      (Server              *server,
                                 const char          *branch,
                                 gboolean           (*keep) (JsonObject *build));
gboolean     is_completed       (JsonObject          *build);
gboolean     is_failed          (JsonObject          *build);
gboolean     is_successful      (JsonObject          *build);
gboolean     is_running         (JsonObject          *build);
GArray      *fetch_all_pages    (Server              *server,
                                 const char          *path,
                                 const char          *filter,
                                 guint                limit);
JsonObject  *failing_action     (JsonObject          *detail,
                                 const char         **step_name);
JsonNode    *get_detail         (Server              *server,
                                 gint64               build_num);
char        *failing_output_url (Server              *server,
                                 gint64               build_num);

GString     *concat_messages    (GBytes              *body,
                                 gboolean            *saw_err);
char        *normalize_log      (const char          *log);
gboolean     has_marker         (const char          *log,
                                 guint                i);
void         counter_feed       (Counter             *counter,
                                 const char          *data,
                                 gsize                size);

/* test-fake-ci-faults.c */
void         add_fault_tests    (void);

#define server_start(with_truth, ...) \
  server_start_argv ((const char *[]) { __VA_ARGS__, NULL }, with_truth)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Server, server_stop)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Response, response_free)

G_END_DECLS
