/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _CulpritBuild       CulpritBuild;
typedef struct _CulpritPattern     CulpritPattern;
typedef struct _CulpritStore       CulpritStore;
typedef struct _CulpritMatcher     CulpritMatcher;
typedef struct _CulpritScanResult  CulpritScanResult;

G_END_DECLS
