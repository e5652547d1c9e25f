/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Why a generated build failed (or that it did not). */
typedef enum
{
  FAKE_CAUSE_PASSED,
  FAKE_CAUSE_DNS,
  FAKE_CAUSE_ECONNRESET,
  FAKE_CAUSE_PYPI,
  FAKE_CAUSE_OOM,
  FAKE_CAUSE_FLAKY_WEBSOCKET,
  FAKE_CAUSE_TEST_FAILURE,
  FAKE_CAUSE_COMPILE_ERROR,
  FAKE_CAUSE_TIMEOUT,
  FAKE_CAUSE_NO_FAILED_STEP,
  FAKE_CAUSE_UNEXPLAINED,
  FAKE_CAUSE_RUNNING,
  FAKE_N_CAUSES
} FakeCause;

/* The steps of every generated job, in order. */
typedef enum
{
  FAKE_STEP_SPIN_UP,
  FAKE_STEP_CHECKOUT,
  FAKE_STEP_RESTORE_CACHE,
  FAKE_STEP_INSTALL,
  FAKE_STEP_BUILD,
  FAKE_STEP_TESTS,
  FAKE_STEP_UPLOAD,
  FAKE_N_STEPS
} FakeStep;

typedef struct
{
  const char *org;
  const char *repo;
  const char *job;
  guint32     seed;
  guint       build_num;
  FakeStep    step;
  guint       action;
  /* FAKE_CAUSE_PASSED unless this action is the one that failed */
  FakeCause   cause;
  gint64      start_ms;
  gint64      end_ms;
  /* 0: a size chosen from the seed; else about this many bytes */
  guint64     target_bytes;
} FakeLogSpec;

typedef struct _FakeLog FakeLog;

const char *fake_cause_to_string (FakeCause          cause);
const char *fake_step_name       (FakeStep           step);
const char *fake_step_command    (FakeStep           step);

FakeLog    *fake_log_new         (const FakeLogSpec *spec);
void        fake_log_free        (FakeLog           *log);
gboolean    fake_log_next        (FakeLog           *log,
                                  GString           *out,
                                  gboolean          *is_err,
                                  gint64            *time_ms);
guint64     fake_log_measure     (const FakeLogSpec *spec);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeLog, fake_log_free)

G_END_DECLS
