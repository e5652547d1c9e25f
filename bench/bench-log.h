/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

GString *bench_make_log (GRand *rand,
                         gsize  target);

G_END_DECLS
