/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <culprit.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  GSubprocess *proc;
  char        *url;
  JsonNode    *truth;
} CulpritTestFakeCi;

char           *culprit_test_make_tmpdir     (void);
char           *culprit_test_shared_data     (const char  *relative);
int             culprit_test_run_cli         (char       **out,
                                              char       **err,
                                              const char  *first_arg,
                                              ...) G_GNUC_NULL_TERMINATED;
int             culprit_test_run_cli_stdin   (const char  *input,
                                              char       **out,
                                              char       **err,
                                              const char * const *args);
int             culprit_test_run_cli_env     (const char  *input,
                                              const char * const *env,
                                              char       **out,
                                              char       **err,
                                              const char * const *args);
GSubprocess    *culprit_test_start_fake_ci   (const char * const *args,
                                              char       **url);
void            culprit_test_stop_fake_ci    (GSubprocess *fake);
gint64          culprit_test_query_int       (CulpritStore *store,
                                              const char  *sql);
CulpritPattern *culprit_test_pattern         (const char  *name,
                                              const char  *expression,
                                              gboolean     is_regex);
void            culprit_test_write_file      (const char  *path,
                                              const char  *contents,
                                              gssize       len);
CulpritTestFakeCi *culprit_test_fake_ci_start (const char  *first_arg,
                                              ...) G_GNUC_NULL_TERMINATED;
void            culprit_test_fake_ci_stop    (CulpritTestFakeCi *ci);
char           *culprit_test_store_digest    (const char  *db,
                                              guint       *n_builds);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CulpritTestFakeCi, culprit_test_fake_ci_stop)

G_END_DECLS
