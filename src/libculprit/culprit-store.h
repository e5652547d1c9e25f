/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "culprit-types.h"

G_BEGIN_DECLS

#define CULPRIT_STORE_ERROR (culprit_store_error_quark ())

typedef enum
{
  CULPRIT_STORE_ERROR_CANT_OPEN = 1,
  CULPRIT_STORE_ERROR_NOT_A_DATABASE,
  CULPRIT_STORE_ERROR_NEWER_VERSION,
  CULPRIT_STORE_ERROR_READ_ONLY,
  CULPRIT_STORE_ERROR_LOCKED,
  CULPRIT_STORE_ERROR_MIGRATION,
  CULPRIT_STORE_ERROR_NOT_FOUND,
  CULPRIT_STORE_ERROR_CONFLICT,
  CULPRIT_STORE_ERROR_FAILED,
  CULPRIT_STORE_ERROR_NEEDS_UPGRADE,   /* opened read-only, but older than this Culprit */
} CulpritStoreError;

typedef struct
{
  guint added;
  guint updated;      /* a new version of a live pattern with the same name */
  guint unchanged;
  guint skipped_retired;
} CulpritImportStats;

/* What a fetch learned about one build; see culprit_store_finish_build(). */
typedef struct
{
  const char *state;          /* a CULPRIT_BUILD_STATE_ */
  const char *failed_step;    /* nullable */
  const char *job;            /* nullable: fills in a job the list did not give */
  GBytes     *compressed_log; /* nullable: a zstd frame from culprit_log_compress() */
  gsize       raw_bytes;
  guint       line_count;
  gboolean    truncated;      /* only the tail of a larger log was kept */
  const char *sha256;         /* nullable: of the raw log, to find duplicates */
  GBytes     *sketch;         /* nullable: the log's sketch, to rule out new patterns */
} CulpritBuildResult;

typedef struct
{
  const char *repo;           /* each field nullable: no filter */
  const char *branch;
  const char *job;
  gint64      since;          /* unix seconds, queued_at >= since; 0: no bound */
  gint64      until;          /* queued_at < until; 0: no bound */
  gboolean    failed_only;
} CulpritBuildFilter;

/* How far one build list has been listed; see culprit_store_get_listed_range(). */
typedef struct
{
  gint64   newest;        /* every build of the list from newest ... */
  gint64   oldest;        /* ... down to oldest is stored */
  guint    n_listed;      /* builds of the list in that range when last counted: a hint */
  gboolean reached_end;   /* the list holds nothing older than oldest */
} CulpritListedRange;

#define CULPRIT_TYPE_STORE (culprit_store_get_type ())

G_DECLARE_FINAL_TYPE (CulpritStore, culprit_store, CULPRIT, STORE, GObject)

GQuark          culprit_store_error_quark         (void);

char           *culprit_store_get_default_path    (void);
CulpritStore   *culprit_store_open                (const char          *path,
                                                   GError             **error);
CulpritStore   *culprit_store_open_read_only      (const char          *path,
                                                   GError             **error);
const char     *culprit_store_get_path            (CulpritStore        *self);
int             culprit_store_get_schema_version  (CulpritStore        *self);
int             culprit_store_get_latest_schema_version (void);

gboolean        culprit_store_add_pattern         (CulpritStore        *self,
                                                   CulpritPattern      *pattern,
                                                   GError             **error);
CulpritPattern *culprit_store_edit_pattern        (CulpritStore        *self,
                                                   CulpritPattern      *edited,
                                                   GError             **error);
gboolean        culprit_store_retire_pattern      (CulpritStore        *self,
                                                   gint64               pattern_id,
                                                   GError             **error);
gboolean        culprit_store_unretire_pattern    (CulpritStore        *self,
                                                   gint64               pattern_id,
                                                   GError             **error);
CulpritPattern *culprit_store_restore_pattern     (CulpritStore        *self,
                                                   gint64               pattern_id,
                                                   GError             **error);
GPtrArray      *culprit_store_list_retired_patterns (CulpritStore      *self,
                                                   GError             **error);
gboolean        culprit_store_set_pattern_tags    (CulpritStore        *self,
                                                   gint64               pattern_id,
                                                   const char * const  *tags,
                                                   GError             **error);
CulpritPattern *culprit_store_get_pattern         (CulpritStore        *self,
                                                   gint64               pattern_id,
                                                   GError             **error);
CulpritPattern *culprit_store_find_pattern        (CulpritStore        *self,
                                                   const char          *id_or_name,
                                                   GError             **error);
GPtrArray      *culprit_store_list_patterns       (CulpritStore        *self,
                                                   gboolean             include_retired,
                                                   GError             **error);
char          **culprit_store_list_tags           (CulpritStore        *self,
                                                   GError             **error);
gint64          culprit_store_get_max_pattern_id  (CulpritStore        *self,
                                                   GError             **error);
gboolean        culprit_store_import_patterns     (CulpritStore        *self,
                                                   GPtrArray           *patterns,
                                                   CulpritImportStats  *stats,
                                                   GError             **error);

gboolean        culprit_store_add_builds          (CulpritStore        *self,
                                                   GPtrArray           *builds,
                                                   guint               *n_added,
                                                   GError             **error);
gboolean        culprit_store_has_build           (CulpritStore        *self,
                                                   const char          *repo,
                                                   gint64               build_num,
                                                   gboolean            *has_build,
                                                   GError             **error);
GPtrArray      *culprit_store_list_pending_builds (CulpritStore        *self,
                                                   const char          *repo,
                                                   GError             **error);
gboolean        culprit_store_finish_build        (CulpritStore        *self,
                                                   gint64               build_id,
                                                   const CulpritBuildResult *result,
                                                   GError             **error);
GPtrArray      *culprit_store_list_builds         (CulpritStore        *self,
                                                   const CulpritBuildFilter *filter,
                                                   GError             **error);
GPtrArray      *culprit_store_list_builds_range   (CulpritStore        *self,
                                                   const CulpritBuildFilter *filter,
                                                   guint                offset,
                                                   guint                limit,
                                                   GError             **error);
CulpritBuild   *culprit_store_get_build           (CulpritStore        *self,
                                                   gint64               build_id,
                                                   GError             **error);
GBytes         *culprit_store_load_log            (CulpritStore        *self,
                                                   gint64               build_id,
                                                   GError             **error);
gint64          culprit_store_wipe_builds         (CulpritStore        *self,
                                                   const char          *repo,
                                                   GError             **error);
gint64          culprit_store_add_local_log       (CulpritStore        *self,
                                                   const char          *repo,
                                                   const char          *branch,
                                                   const char          *job,
                                                   const char          *name,
                                                   const char          *data,
                                                   gsize                len,
                                                   gboolean            *duplicate,
                                                   GError             **error);
gboolean        culprit_store_get_listed_range    (CulpritStore        *self,
                                                   const char          *repo,
                                                   const char          *branch,
                                                   const char          *filter,
                                                   CulpritListedRange  *range,
                                                   gboolean            *found,
                                                   GError             **error);
gboolean        culprit_store_set_listed_range    (CulpritStore        *self,
                                                   const char          *repo,
                                                   const char          *branch,
                                                   const char          *filter,
                                                   const CulpritListedRange *range,
                                                   GError             **error);
gint64          culprit_store_add_local_log_full  (CulpritStore        *self,
                                                   const char          *repo,
                                                   const char          *branch,
                                                   const char          *job,
                                                   const char          *name,
                                                   const char          *data,
                                                   gsize                len,
                                                   gboolean             truncated,
                                                   gboolean            *duplicate,
                                                   GError             **error);
gboolean        culprit_store_track_repository    (CulpritStore        *self,
                                                   const char          *repo,
                                                   const char          *api_url,
                                                   const char * const  *branches,
                                                   GError             **error);

G_END_DECLS
