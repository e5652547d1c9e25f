/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#define CULPRIT_INSIDE

#include "culprit-types.h"
#include "culprit-enums.h"
#include "culprit-annotations.h"
#include "culprit-build.h"
#include "culprit-circleci.h"
#include "culprit-database.h"
#include "culprit-fetcher.h"
#include "culprit-json.h"
#include "culprit-line.h"
#include "culprit-log-codec.h"
#include "culprit-matcher.h"
#include "culprit-pattern.h"
#include "culprit-pattern-set.h"
#include "culprit-preview-counter.h"
#include "culprit-queries.h"
#include "culprit-refresh.h"
#include "culprit-report.h"
#include "culprit-scanner.h"
#include "culprit-secrets.h"
#include "culprit-store.h"
#include "culprit-webhook.h"

#undef CULPRIT_INSIDE
