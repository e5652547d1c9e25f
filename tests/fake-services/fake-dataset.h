/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fake-common.h"

G_BEGIN_DECLS

#define FAKE_TYPE_DATASET (fake_dataset_get_type ())

G_DECLARE_FINAL_TYPE (FakeDataset, fake_dataset, FAKE, DATASET, GObject)

FakeDataset *fake_dataset_new      (const char  *directory,
                                    const char  *org,
                                    const char  *repo,
                                    guint32      seed,
                                    double       expire_rate,
                                    GError     **error);
guint        fake_dataset_get_size (FakeDataset *self);

G_END_DECLS
