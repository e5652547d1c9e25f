/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CULPRIT_TYPE_FILTER (culprit_filter_get_type ())

G_DECLARE_FINAL_TYPE (CulpritFilter, culprit_filter, CULPRIT, FILTER, GObject)

CulpritFilter *culprit_filter_new              (void);
const char    *culprit_filter_get_search       (CulpritFilter *self);
void           culprit_filter_set_search       (CulpritFilter *self,
                                                const char    *search);
const char    *culprit_filter_get_category     (CulpritFilter *self);
void           culprit_filter_set_category     (CulpritFilter *self,
                                                const char    *category);
const char    *culprit_filter_get_job          (CulpritFilter *self);
void           culprit_filter_set_job          (CulpritFilter *self,
                                                const char    *job);
const char    *culprit_filter_get_branch       (CulpritFilter *self);
void           culprit_filter_set_branch       (CulpritFilter *self,
                                                const char    *branch);
gint64         culprit_filter_get_pattern_id   (CulpritFilter *self);
const char    *culprit_filter_get_pattern_name (CulpritFilter *self);
void           culprit_filter_set_pattern      (CulpritFilter *self,
                                                gint64         pattern_id,
                                                const char    *name);
gint64         culprit_filter_get_since        (CulpritFilter *self);
gint64         culprit_filter_get_until        (CulpritFilter *self);
const char    *culprit_filter_get_period       (CulpritFilter *self);
void           culprit_filter_set_period       (CulpritFilter *self,
                                                gint64         since,
                                                gint64         until,
                                                const char    *name);
void           culprit_filter_freeze           (CulpritFilter *self);
void           culprit_filter_thaw             (CulpritFilter *self);

G_END_DECLS
