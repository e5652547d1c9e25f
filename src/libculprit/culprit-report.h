/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "culprit-store.h"
#include "culprit-types.h"

G_BEGIN_DECLS

typedef struct
{
  gint64   pattern_id;
  char    *pattern;
  char   **tags;
  guint    builds;          /* failed builds whose best match it is */
  double   share;           /* of the failed builds in range */
  gint64   first_seen;      /* queued_at of the oldest and newest of them */
  gint64   last_seen;
} CulpritReportCause;

typedef struct
{
  char    *key;             /* a job name, or a week's Monday as YYYY-MM-DD */
  guint    failed;
  guint    total;           /* failed and passed builds known */
  guint    by_category[9];  /* indexed like culprit_report_get_categories() */
} CulpritReportGroup;

typedef struct _CulpritReport CulpritReport;

CulpritReport            *culprit_report_new            (CulpritStore              *store,
                                                         const CulpritBuildFilter  *filter,
                                                         GError                   **error);
void                      culprit_report_free           (CulpritReport             *self);
const char * const       *culprit_report_get_categories (void);
guint                     culprit_report_get_total      (CulpritReport             *self);
guint                     culprit_report_get_failed     (CulpritReport             *self);
guint                     culprit_report_get_category   (CulpritReport             *self,
                                                         const char                *category);
guint                     culprit_report_get_n_causes   (CulpritReport             *self);
const CulpritReportCause *culprit_report_get_cause      (CulpritReport             *self,
                                                         guint                      index);
guint                     culprit_report_get_n_jobs     (CulpritReport             *self);
const CulpritReportGroup *culprit_report_get_job        (CulpritReport             *self,
                                                         guint                      index);
guint                     culprit_report_get_n_weeks    (CulpritReport             *self);
const CulpritReportGroup *culprit_report_get_week       (CulpritReport             *self,
                                                         guint                      index);
JsonNode                 *culprit_report_to_json        (CulpritReport             *self);
char                     *culprit_report_to_text        (CulpritReport             *self);
char                     *culprit_report_to_csv         (CulpritReport             *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CulpritReport, culprit_report_free)

G_END_DECLS
