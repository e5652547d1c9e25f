/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fake-common.h"

G_BEGIN_DECLS

#define FAKE_TYPE_GENERATOR (fake_generator_get_type ())

G_DECLARE_FINAL_TYPE (FakeGenerator, fake_generator, FAKE, GENERATOR, GObject)

FakeGenerator *fake_generator_new         (const char     *org,
                                           const char     *repo,
                                           guint           n_builds,
                                           guint32         seed,
                                           double          expire_rate,
                                           guint           huge_log_mb);
JsonNode      *fake_generator_build_truth (FakeGenerator  *self);
gboolean       fake_generator_write_truth (FakeGenerator  *self,
                                           const char     *path,
                                           GError        **error);
void           fake_generator_set_n_published (FakeGenerator *self,
                                               guint          n_published);

G_END_DECLS
