/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <culprit.h>

#include "culprit-gui-types.h"

G_BEGIN_DECLS

#define CULPRIT_TYPE_PATTERN_ITEM (culprit_pattern_item_get_type ())

G_DECLARE_FINAL_TYPE (CulpritPatternItem, culprit_pattern_item, CULPRIT, PATTERN_ITEM, GObject)

CulpritPatternItem *culprit_pattern_item_new          (CulpritPattern     *pattern,
                                                       guint               builds,
                                                       double              share,
                                                       guint               matched,
                                                       gint64              last_seen);
CulpritPattern     *culprit_pattern_item_get_pattern  (CulpritPatternItem *self);
guint               culprit_pattern_item_get_builds   (CulpritPatternItem *self);
double              culprit_pattern_item_get_share    (CulpritPatternItem *self);
guint               culprit_pattern_item_get_matched  (CulpritPatternItem *self);
gint64              culprit_pattern_item_get_last_seen (CulpritPatternItem *self);

G_END_DECLS
