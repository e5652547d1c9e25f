/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Forward declarations of the application's types, to break header cycles. */
typedef struct _CulpritApplication       CulpritApplication;
typedef struct _CulpritBarChart          CulpritBarChart;
typedef struct _CulpritBuildPage         CulpritBuildPage;
typedef struct _CulpritBuildsPage        CulpritBuildsPage;
typedef struct _CulpritChartItem         CulpritChartItem;
typedef struct _CulpritColumnChart       CulpritColumnChart;
typedef struct _CulpritDatabase          CulpritDatabase;
typedef struct _CulpritHealthGrid        CulpritHealthGrid;
typedef struct _CulpritHealthPage        CulpritHealthPage;
typedef struct _CulpritLogLine           CulpritLogLine;
typedef struct _CulpritLogModel          CulpritLogModel;
typedef struct _CulpritLogView           CulpritLogView;
typedef struct _CulpritMarkDialog        CulpritMarkDialog;
typedef struct _CulpritOverviewPage      CulpritOverviewPage;
typedef struct _CulpritPatternEditor     CulpritPatternEditor;
typedef struct _CulpritPatternItem       CulpritPatternItem;
typedef struct _CulpritPatternsPage      CulpritPatternsPage;
typedef struct _CulpritPreviewCounter    CulpritPreviewCounter;
typedef struct _CulpritSettings          CulpritSettings;
typedef struct _CulpritWindow            CulpritWindow;

G_END_DECLS
