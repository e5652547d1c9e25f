/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fake-logs"

#include "config.h"

#include <math.h>
#include <string.h>

#include "fake-logs.h"

/*
 * Deterministic, realistic CI logs, generated piece by piece so that a self
 * of any size can be streamed (or measured) without holding it in memory.
 *
 * A self is a head, a body of generic lines up to the target size, and a
 * tail that carries the failure cause (or a normal ending). Only the tail of
 * the failing action says why the build failed; the generic lines never
 * contain any cause's text, so each failed self has exactly one cause.
 */

#define ESC "\033"
#define GREEN ESC "[32m"
#define YELLOW ESC "[33m"
#define RED ESC "[31m"
#define BOLD ESC "[1m"
#define RESET ESC "[0m"

typedef enum
{
  PHASE_HEAD,
  PHASE_BODY,
  PHASE_TAIL,
  PHASE_DONE,
} Phase;

typedef struct
{
  GString  *text;
  gboolean  is_err;
} Segment;

struct _FakeLog
{
  FakeLogSpec spec;
  char       *org;
  char       *repo;
  char       *job;

  GRand      *rand;
  Phase       phase;
  guint64     target;
  guint64     emitted;
  gsize       segment_start;   /* offset in the caller's GString */
  double      us_per_byte;

  gboolean    timestamps;
  gboolean    crlf;
  gboolean    colour;

  double      progress_scale;  /* where in the build the step stops */
  guint64     noise_at;        /* G_MAXUINT64: no noise line */
  guint64     special_at;      /* cause-specific lines inside the body */
  guint       counter;

  gint64      cached_second;
  char        cached_prefix[24];

  GPtrArray  *tail;            /* Segment */
  guint       tail_index;
  gboolean    building_tail;
  guint64     tail_bytes;      /* a rough clock for the tail's timestamps */

  /* the failing test, the same in the progress line and the summary */
  const char *test_module;
  const char *test_function;
};

static const char *cause_names[FAKE_N_CAUSES] = {
  "passed", "dns", "econnreset", "pypi", "oom", "flaky-websocket", "test-failure",
  "compile-error", "timeout", "no-failed-step", "unexplained", "running",
};

static const char *step_names[FAKE_N_STEPS] = {
  "Spin up environment", "Checkout code", "Restore cache", "Install dependencies",
  "Build", "Run tests", "Upload artifacts",
};

static const char *step_commands[FAKE_N_STEPS] = {
  NULL,
  "#!/bin/sh\nset -e\ngit clone --depth 50 \"$CIRCLE_REPOSITORY_URL\" .",
  NULL,
  "#!/bin/bash -eo pipefail\nnpm ci --no-audit && pip install -r requirements.txt",
  "#!/bin/bash -eo pipefail\ncmake -S . -B build && cmake --build build -j4",
  "#!/bin/bash -eo pipefail\nmake check",
  NULL,
};

static const char *npm_packages[] = {
  "react", "lodash", "express", "typescript", "webpack", "babel-loader", "eslint", "jest",
  "axios", "moment", "chalk", "commander", "debug", "semver", "glob", "rimraf", "mkdirp",
  "uuid", "yargs", "dotenv", "inflight", "request", "core-js", "postcss", "sass",
};

static const char *py_packages[] = {
  "urllib3", "certifi", "idna", "charset-normalizer", "pytest", "pluggy", "packaging",
  "attrs", "six", "python-dateutil", "pyyaml", "jinja2", "markupsafe", "click", "flask",
  "sqlalchemy", "psycopg2-binary", "websockets", "aiohttp", "requests",
};

static const char *sources[] = {
  "parser", "lexer", "ast", "codegen", "runtime", "gc", "http", "json", "util", "config",
  "main", "cache", "net", "ws", "db", "auth", "log", "crypto", "compress", "io",
};

static const char *extensions[] = { "c", "cc", "cpp", "h" };

static const char *warnings[] = {
  "unused variable 'tmp' [-Wunused-variable]",
  "comparison of integer expressions of different signedness: 'int' and 'size_t' [-Wsign-compare]",
  "'len' may be used uninitialized [-Wmaybe-uninitialized]",
  "unused parameter 'ctx' [-Wunused-parameter]",
  "this statement may fall through [-Wimplicit-fallthrough=]",
  "passing argument 1 of 'free' discards 'const' qualifier from pointer target type "
    "[-Wdiscarded-qualifiers]",
};

static const char *compile_errors[] = {
  "expected ';' before 'return'",
  "'node' undeclared (first use in this function)",
  "conflicting types for 'parse_block'",
  "too few arguments to function 'json_emit'",
  "expected declaration specifiers before 'static'",
  "invalid use of incomplete type 'struct conn'",
};

static const char *test_modules[] = {
  "api", "models", "views", "auth", "cache", "db", "parser", "utils", "config",
  "serializers", "tasks", "billing", "search", "export", "history",
};

static const char *test_functions[] = {
  "create_user", "delete_user", "login", "logout", "refresh_token", "list_items",
  "pagination", "filter_by_date", "invalid_payload", "rate_limit", "permissions",
  "upload_file", "download_file", "retry_policy", "timezone_handling", "unicode_names",
  "empty_body", "large_payload", "concurrent_writes", "migrations",
};

static const char *assertions[][2] = {
  { "401", "200" }, { "500", "201" }, { "404", "200" }, { "403", "204" }, { "422", "200" },
};

const char *
fake_cause_to_string (FakeCause cause)
{
  g_return_val_if_fail (cause < FAKE_N_CAUSES, NULL);

  return cause_names[cause];
}

const char *
fake_step_name (FakeStep step)
{
  g_return_val_if_fail (step < FAKE_N_STEPS, NULL);

  return step_names[step];
}

const char *
fake_step_command (FakeStep step)
{
  g_return_val_if_fail (step < FAKE_N_STEPS, NULL);

  return step_commands[step];
}

#define PICK(self, array) ((array)[rnd ((self), G_N_ELEMENTS (array))])

static guint
rnd (FakeLog *self,
     guint    n)
{
  return g_rand_int_range (self->rand, 0, (gint32) n);
}

static guint64
log_uniform (FakeLog *self,
             double   lo,
             double   hi)
{
  double u = g_rand_double (self->rand);

  return (guint64) exp (log (lo) + u * (log (hi) - log (lo)));
}

static void
append_uint (GString *out,
             guint64  value,
             guint    width,
             char     pad)
{
  char buf[24];
  guint n = 0;

  do
    {
      buf[n++] = '0' + (char) (value % 10);
      value /= 10;
    }
  while (value != 0);

  while (n < width && n < sizeof buf)
    buf[n++] = pad;

  while (n > 0)
    g_string_append_c (out, buf[--n]);
}

static void
append_hex (FakeLog *self,
            GString *out,
            guint    digits)
{
  static const char hex[] = "0123456789abcdef";

  for (guint i = 0; i < digits; i++)
    g_string_append_c (out, hex[rnd (self, 16)]);
}

/* "2026-10-03T12:34:56.7140484Z " as GitHub Actions-style runners print */
static void
append_timestamp (FakeLog *self,
                  GString *out,
                  gsize    pending)
{
  gint64 start_us = self->spec.start_ms * 1000;
  gint64 now_us = start_us + (gint64) ((self->emitted + pending) * self->us_per_byte);
  gint64 second = now_us / G_USEC_PER_SEC;

  if (second != self->cached_second)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (second);
      g_autofree char *text = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");

      g_strlcpy (self->cached_prefix, text, sizeof self->cached_prefix);
      self->cached_second = second;
    }

  g_string_append (out, self->cached_prefix);
  g_string_append_c (out, '.');
  append_uint (out, (guint64) (now_us % G_USEC_PER_SEC) * 10 + (guint64) (now_us % 7), 7, '0');
  g_string_append_len (out, "Z ", 2);
}

static void
line_start (FakeLog *self,
            GString *out)
{
  if (self->timestamps)
    append_timestamp (self, out, self->building_tail ? self->tail_bytes
                                                    : out->len - self->segment_start);
}

static void
line_end (FakeLog *self,
          GString *out)
{
  if (self->building_tail)
    self->tail_bytes += 80;
  if (self->crlf || (self->counter++ % 97) == 13)
    g_string_append_len (out, "\r\n", 2);
  else
    g_string_append_c (out, '\n');
}

static void
put_line (FakeLog    *self,
          GString    *out,
          const char *text)
{
  line_start (self, out);
  g_string_append (out, text);
  line_end (self, out);
}

G_GNUC_PRINTF (3, 4)
static void
put_linef (FakeLog    *self,
           GString    *out,
           const char *format,
           ...)
{
  va_list args;

  line_start (self, out);
  va_start (args, format);
  g_string_append_vprintf (out, format, args);
  va_end (args);
  line_end (self, out);
}

static void
put_noise (FakeLog *self,
           GString *out)
{
  if (self->spec.step == FAKE_STEP_TESTS)
    put_line (self, out, "test_errors.py::test_bad_input PASSED (expected error: ValueError)");
  else
    put_line (self, out, "WARNING: ignored error while cleaning cache");
}

/* Head ----------------------------------------------------------------- */

static void
emit_head (FakeLog *self,
           GString *out)
{
  switch (self->spec.step)
    {
    case FAKE_STEP_SPIN_UP:
      put_linef (self, out, "Build-agent version 1.0.%u-%07x (2026-09-%02uT%02u:%02u:%02u+0000)",
                 180000 + rnd (self, 9999), rnd (self, 0xfffffff), 1 + rnd (self, 28),
                 rnd (self, 24), rnd (self, 60), rnd (self, 60));
      put_line (self, out, "System information:");
      put_line (self, out, " Server Version: 24.0.9");
      put_line (self, out, " Storage Driver: overlay2");
      put_line (self, out, "  Backing Filesystem: xfs");
      put_line (self, out, " Cgroup Driver: cgroupfs");
      put_line (self, out, " Cgroup Version: 2");
      put_line (self, out, " Kernel Version: 5.15.0-1057-aws");
      put_line (self, out, " Operating System: Ubuntu 22.04.4 LTS");
      put_line (self, out, " OSType: linux");
      put_line (self, out, " Architecture: x86_64");
      put_line (self, out, "");
      put_line (self, out, "Starting container cimg/python:3.12-node");
      put_line (self, out, "3.12-node: Pulling from cimg/python");
      break;
    case FAKE_STEP_CHECKOUT:
      put_line (self, out, "Using SSH Config Dir '/home/circleci/.ssh'");
      put_line (self, out, "git version 2.43.0");
      put_line (self, out, "Cloning git repository");
      put_line (self, out, "Cloning into '.'...");
      put_line (self, out, "Warning: Permanently added 'github.com' (ED25519) to the list of known hosts.");
      break;
    case FAKE_STEP_RESTORE_CACHE:
      put_linef (self, out, "Found a cache from build %u at v2-deps-%s",
                 self->spec.build_num > 1 ? self->spec.build_num - 1 - rnd (self, self->spec.build_num - 1) : 1,
                 self->job);
      put_linef (self, out, "Size: %u MiB", 80 + rnd (self, 400));
      put_line (self, out, "Cache ID: 0f4c2e5d-9a8b-4c1d-8e7f-6a5b4c3d2e1f");
      put_line (self, out, "Downloading cache archive...");
      put_line (self, out, "Validating cache...");
      put_line (self, out, "Unarchiving cache...");
      break;
    case FAKE_STEP_INSTALL:
      put_line (self, out, "+ node --version");
      put_line (self, out, "v20.11.1");
      put_line (self, out, "+ npm ci --no-audit --prefer-offline");
      break;
    case FAKE_STEP_BUILD:
      put_line (self, out, "-- The C compiler identification is GNU 12.2.0");
      put_line (self, out, "-- The CXX compiler identification is GNU 12.2.0");
      put_line (self, out, "-- Detecting C compiler ABI info - done");
      put_line (self, out, "-- Configuring done (1.2s)");
      put_line (self, out, "-- Generating done (0.1s)");
      put_line (self, out, "-- Build files have been written to: /home/circleci/project/build");
      break;
    case FAKE_STEP_TESTS:
      put_line (self, out, "============================= test session starts ==============================");
      put_line (self, out, "platform linux -- Python 3.12.2, pytest-8.0.2, pluggy-1.4.0");
      put_line (self, out, "rootdir: /home/circleci/project");
      put_line (self, out, "configfile: pyproject.toml");
      put_linef (self, out, "collected %u items", 400 + rnd (self, 1600));
      put_line (self, out, "");
      break;
    case FAKE_STEP_UPLOAD:
      put_linef (self, out, "Uploading /home/circleci/project/artifacts to %s/%s/%u/artifacts/0",
                 self->org, self->repo, self->spec.build_num);
      break;
    case FAKE_N_STEPS:
    default:
      g_assert_not_reached ();
    }
}

/* Body ----------------------------------------------------------------- */

static void
body_item (FakeLog  *self,
           GString  *out,
           gboolean  is_err)
{
  guint percent = (guint) MIN (99, self->emitted * 100 * self->progress_scale / MAX (self->target, 1));

  switch (self->spec.step)
    {
    case FAKE_STEP_SPIN_UP:
      line_start (self, out);
      append_hex (self, out, 12);
      g_string_append (out, rnd (self, 2) ? ": Pull complete" : ": Download complete");
      line_end (self, out);
      break;

    case FAKE_STEP_CHECKOUT:
      line_start (self, out);
      for (guint i = 0; i < 10; i++)
        {
          g_string_append (out, "Receiving objects: ");
          append_uint (out, MIN (99, percent + i), 3, ' ');
          g_string_append (out, "% (");
          append_uint (out, (percent + i) * 152, 0, ' ');
          g_string_append (out, "/15234)\r");
        }
      g_string_append (out, "remote: Compressing objects: 100% (812/812), done.");
      line_end (self, out);
      break;

    case FAKE_STEP_RESTORE_CACHE:
    case FAKE_STEP_UPLOAD:
      line_start (self, out);
      g_string_append (out, "  /home/circleci/project/");
      g_string_append (out, self->spec.step == FAKE_STEP_UPLOAD ? "artifacts/" : "node_modules/");
      g_string_append (out, PICK (self, npm_packages));
      g_string_append (out, "/dist/");
      g_string_append (out, PICK (self, sources));
      g_string_append (out, ".js (");
      append_uint (out, 1 + rnd (self, 900), 0, ' ');
      g_string_append (out, " KiB): DONE");
      line_end (self, out);
      break;

    case FAKE_STEP_INSTALL:
      if (is_err)
        {
          const char *name = PICK (self, npm_packages);

          line_start (self, out);
          g_string_append (out, "npm " YELLOW "WARN" RESET " deprecated ");
          g_string_append (out, name);
          g_string_append_c (out, '@');
          append_uint (out, rnd (self, 9), 0, ' ');
          g_string_append (out, ".");
          append_uint (out, rnd (self, 30), 0, ' ');
          g_string_append (out, ".0: This package is no longer supported.");
          line_end (self, out);
        }
      else if (rnd (self, 3) == 0)
        {
          const char *name = PICK (self, py_packages);
          guint major = rnd (self, 9), minor = rnd (self, 40);

          put_linef (self, out, "Collecting %s==%u.%u.0", name, major, minor);
          put_linef (self, out, "  Downloading %s-%u.%u.0-py3-none-any.whl (%u kB)",
                     name, major, minor, 10 + rnd (self, 900));
          put_linef (self, out, "     " RED "━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━" RESET
                     " " GREEN "%u.%u/%u.%u kB" RESET " " RED "%u.%u MB/s" RESET
                     " eta " ESC "[36m0:00:00" RESET, major, minor, major, minor,
                     1 + rnd (self, 40), rnd (self, 10));
        }
      else
        {
          line_start (self, out);
          g_string_append (out, "npm http fetch GET 200 https://registry.npmjs.org/");
          g_string_append (out, PICK (self, npm_packages));
          g_string_append (out, "/-/");
          g_string_append (out, PICK (self, npm_packages));
          g_string_append (out, "-");
          append_uint (out, rnd (self, 20), 0, ' ');
          g_string_append (out, ".");
          append_uint (out, rnd (self, 20), 0, ' ');
          g_string_append (out, ".0.tgz ");
          append_uint (out, 3 + rnd (self, 400), 0, ' ');
          g_string_append (out, "ms (cache revalidated)");
          line_end (self, out);
        }
      break;

    case FAKE_STEP_BUILD:
      if (is_err)
        {
          const char *file = PICK (self, sources);
          const char *ext = PICK (self, extensions);
          guint line = 10 + rnd (self, 900), column = 1 + rnd (self, 30);

          put_linef (self, out, "src/%s.%s: In function '%s_%s':", file, ext, file,
                     PICK (self, test_functions));
          if (self->colour)
            put_linef (self, out, ESC "[01m" ESC "[Ksrc/%s.%s:%u:%u:" ESC "[m" ESC "[K "
                       ESC "[01;35m" ESC "[Kwarning: " ESC "[m" ESC "[K%s",
                       file, ext, line, column, PICK (self, warnings));
          else
            put_linef (self, out, "src/%s.%s:%u:%u: warning: %s", file, ext, line, column,
                       PICK (self, warnings));
          put_linef (self, out, "%5u |   size_t n = strlen (buf);", line);
          put_line (self, out, "      |          ^");
        }
      else
        {
          const char *ext = PICK (self, extensions);

          if (ext[0] == 'h')
            ext = "c";
          line_start (self, out);
          g_string_append (out, "[");
          append_uint (out, percent, 3, ' ');
          g_string_append (out, "%] Building ");
          g_string_append (out, ext[0] == 'c' && ext[1] == '\0' ? "C" : "CXX");
          g_string_append (out, " object src/CMakeFiles/app.dir/");
          g_string_append (out, PICK (self, sources));
          g_string_append_c (out, '_');
          append_uint (out, rnd (self, 64), 0, ' ');
          g_string_append_c (out, '.');
          g_string_append (out, ext);
          g_string_append (out, ".o");
          line_end (self, out);
        }
      break;

    case FAKE_STEP_TESTS:
      line_start (self, out);
      g_string_append (out, "tests/test_");
      g_string_append (out, PICK (self, test_modules));
      g_string_append (out, ".py::test_");
      g_string_append (out, PICK (self, test_functions));
      g_string_append_c (out, '_');
      append_uint (out, rnd (self, 100), 0, ' ');
      if (rnd (self, 40) == 0)
        g_string_append (out, self->colour ? " " YELLOW "SKIPPED" RESET " (needs network)"
                                          : " SKIPPED (needs network)");
      else
        g_string_append (out, self->colour ? " " GREEN "PASSED" RESET : " PASSED");
      g_string_append (out, "                [");
      append_uint (out, percent, 3, ' ');
      g_string_append (out, "%]");
      line_end (self, out);
      break;

    case FAKE_N_STEPS:
    default:
      g_assert_not_reached ();
    }
}

static void
emit_special (FakeLog *self,
              GString *out)
{
  guint a = rnd (self, G_N_ELEMENTS (assertions));

  if (self->spec.cause == FAKE_CAUSE_TEST_FAILURE)
    {
      put_linef (self, out, "tests/test_%s.py::test_%s %s                [ 45%%]",
                 self->test_module, self->test_function,
                 self->colour ? RED "FAILED" RESET : "FAILED");
    }
  else if (self->spec.cause == FAKE_CAUSE_FLAKY_WEBSOCKET)
    {
      /* An earlier pytest run failed too; its summary precedes the unittest run. */
      put_line (self, out, "=========================== short test summary info ============================");
      put_linef (self, out, "FAILED tests/test_%s.py::test_%s - AssertionError: assert %s == %s",
                 PICK (self, test_modules), PICK (self, test_functions),
                 assertions[a][0], assertions[a][1]);
      put_linef (self, out, "============ 1 failed, %u passed, 2 skipped in %u.%02us ============",
                 200 + rnd (self, 600), 20 + rnd (self, 100), rnd (self, 100));
      put_line (self, out, "make: [Makefile:42: check-api] Error 1 (ignored)");
      put_line (self, out, "python -m unittest discover -s tests -v");
    }
}

static gboolean
emit_body (FakeLog *self,
           GString *out)
{
  gboolean is_err = FALSE;
  guint warn_share = self->spec.cause == FAKE_CAUSE_COMPILE_ERROR ? 35 : 12;
  gsize segment_bytes = 2048 + rnd (self, 14336);

  if ((self->spec.step == FAKE_STEP_BUILD || self->spec.step == FAKE_STEP_INSTALL) &&
      rnd (self, 100) < warn_share)
    is_err = TRUE;

  do
    {
      guint64 position = self->emitted + (out->len - self->segment_start);

      if (!is_err && position >= self->noise_at)
        {
          put_noise (self, out);
          self->noise_at = G_MAXUINT64;
        }
      if (!is_err && position >= self->special_at)
        {
          emit_special (self, out);
          self->special_at = G_MAXUINT64;
        }

      body_item (self, out, is_err);

      if (is_err && rnd (self, 3) == 0)
        break;
    }
  while (out->len - self->segment_start < segment_bytes &&
         self->emitted + (out->len - self->segment_start) < self->target);

  return is_err;
}

/* Tail ----------------------------------------------------------------- */

static GString *
tail_segment (FakeLog  *self,
              gboolean  is_err)
{
  Segment *last = self->tail->len > 0 ? g_ptr_array_index (self->tail, self->tail->len - 1) : NULL;

  if (last == NULL || last->is_err != is_err)
    {
      last = g_new0 (Segment, 1);
      last->text = g_string_new (NULL);
      last->is_err = is_err;
      g_ptr_array_add (self->tail, last);
    }

  return last->text;
}

static void
segment_free (gpointer data)
{
  Segment *segment = data;

  g_string_free (segment->text, TRUE);
  g_free (segment);
}

#define OUT(...) put_linef (self, tail_segment (self, FALSE), __VA_ARGS__)
#define ERR(...) put_linef (self, tail_segment (self, TRUE), __VA_ARGS__)

static void
tail_passed (FakeLog *self)
{
  switch (self->spec.step)
    {
    case FAKE_STEP_SPIN_UP:
      OUT ("Digest: sha256:%08x%08x", g_rand_int (self->rand), g_rand_int (self->rand));
      OUT ("Status: Downloaded newer image for cimg/python:3.12-node");
      OUT ("Time to upload agent and config: %u.%02ums", 300 + rnd (self, 900), rnd (self, 100));
      OUT ("Time to start containers: %u.%02us", 1 + rnd (self, 5), rnd (self, 100));
      break;
    case FAKE_STEP_CHECKOUT:
      OUT ("Resolving deltas: 100%% (9120/9120), done.");
      OUT ("Checking out branch");
      OUT ("HEAD is now at %07x Merge pull request #%u from %s/feature-%u",
           rnd (self, 0xfffffff), 1000 + rnd (self, 900), self->org, rnd (self, 100));
      break;
    case FAKE_STEP_RESTORE_CACHE:
      OUT ("Restoring cache... done (%u.%us)", 2 + rnd (self, 30), rnd (self, 10));
      break;
    case FAKE_STEP_INSTALL:
      OUT ("%s", "");
      OUT ("added %u packages, and audited %u packages in %us", 900 + rnd (self, 600),
           1600 + rnd (self, 100), 10 + rnd (self, 80));
      OUT ("%s", "");
      OUT ("%u packages are looking for funding", 100 + rnd (self, 100));
      OUT ("  run `npm fund` for details");
      OUT ("%s", "");
      OUT ("found " BOLD GREEN "0" RESET " vulnerabilities");
      OUT ("Successfully installed requests-2.31.0 urllib3-2.2.1 websockets-12.0");
      break;
    case FAKE_STEP_BUILD:
      OUT ("[100%%] Linking CXX executable app");
      OUT ("[100%%] Built target app");
      break;
    case FAKE_STEP_TESTS:
      OUT ("%s", "");
      OUT ("================ %u passed, %u skipped in %u.%02us (0:%02u:%02u) ================",
           800 + rnd (self, 800), rnd (self, 20), 60 + rnd (self, 500), rnd (self, 100),
           1 + rnd (self, 9), rnd (self, 60));
      break;
    case FAKE_STEP_UPLOAD:
      OUT ("Uploaded %u files (%u.%u MiB)", 3 + rnd (self, 40), rnd (self, 90), rnd (self, 10));
      break;
    case FAKE_N_STEPS:
    default:
      g_assert_not_reached ();
    }
}

static void
make_failed (FakeLog    *self,
             const char *object)
{
  ERR ("make[2]: *** [src/CMakeFiles/app.dir/build.make:%u: src/CMakeFiles/app.dir/%s.o] Error 1",
       76 + rnd (self, 400), object);
  ERR ("make[1]: *** [CMakeFiles/Makefile2:%u: src/CMakeFiles/app.dir/all] Error 2",
       100 + rnd (self, 80));
  ERR ("make: *** [Makefile:146: all] Error 2");
}

static void
tail_failed (FakeLog *self)
{
  const char *file = PICK (self, sources);
  const char *ext = PICK (self, extensions);
  guint a = rnd (self, G_N_ELEMENTS (assertions));
  const char *module = self->test_module;
  const char *function = self->test_function;
  guint line = 10 + rnd (self, 900);
  g_autofree char *object = g_strdup_printf ("%s.%s", file, ext);
  /* a header's error shows while compiling the source that includes it */
  g_autofree char *target = g_strdup_printf ("%s.%s", file, strcmp (ext, "h") == 0 ? "c" : ext);
  guint final_percent = (guint) MIN (99, 100 * self->progress_scale);

  switch (self->spec.cause)
    {
    case FAKE_CAUSE_DNS:
      if (self->spec.step == FAKE_STEP_CHECKOUT)
        {
          OUT ("Cloning into '.'...");
          ERR ("fatal: unable to access 'https://github.com/%s/%s.git/': "
               "Could not resolve host: github.com", self->org, self->repo);
        }
      else
        {
          OUT ("+ curl -fsSL https://registry.npmjs.org/-/ping");
          ERR ("curl: (6) Could not resolve host: registry.npmjs.org");
        }
      break;

    case FAKE_CAUSE_ECONNRESET:
      ERR ("npm " RED "ERR!" RESET " code ECONNRESET");
      ERR ("npm ERR! syscall read");
      ERR ("npm ERR! errno ECONNRESET");
      ERR ("npm ERR! network read ECONNRESET");
      ERR ("npm ERR! network This is a problem related to network connectivity.");
      ERR ("npm ERR! network In most cases you are behind a proxy or have bad network settings.");
      ERR ("npm ERR! network");
      ERR ("npm ERR! network If you are behind a proxy, please make sure that the");
      ERR ("npm ERR! network 'proxy' config is set properly.  See: 'npm help config'");
      ERR ("%s", "");
      ERR ("npm ERR! A complete log of this run can be found in:");
      ERR ("npm ERR!     /home/circleci/.npm/_logs/2026-10-%02uT12_34_56_789Z-debug-0.log",
           1 + rnd (self, 28));
      break;

    case FAKE_CAUSE_PYPI:
      OUT ("+ pip install -r requirements.txt");
      OUT ("Collecting requests==2.31.0");
      ERR ("ERROR: Could not find a version that satisfies the requirement requests==2.31.0 "
           "(from versions: none)");
      ERR ("ERROR: No matching distribution found for requests==2.31.0");
      break;

    case FAKE_CAUSE_OOM:
      OUT ("[%3u%%] Building CXX object src/CMakeFiles/app.dir/codegen.cpp.o", final_percent);
      ERR ("[%5u.%06u] Killed process %u (cc1plus) total-vm:%ukB, anon-rss:%ukB",
           100 + rnd (self, 9000), rnd (self, 1000000), 1000 + rnd (self, 30000),
           2000000 + rnd (self, 2000000), 1000000 + rnd (self, 1000000));
      ERR ("cc: fatal error: Killed signal terminated program cc1plus");
      ERR ("compilation terminated.");
      make_failed (self, "codegen.cpp");
      break;

    case FAKE_CAUSE_COMPILE_ERROR:
      OUT ("[%3u%%] Building %s object src/CMakeFiles/app.dir/%s.o",
           final_percent, strcmp (ext, "cc") == 0 || strcmp (ext, "cpp") == 0 ? "CXX" : "C",
           target);
      ERR ("src/%s: In function '%s_%s':", object, file, function);
      if (self->colour)
        ERR (ESC "[01m" ESC "[Ksrc/%s:%u:%u:" ESC "[m" ESC "[K " ESC "[01;31m" ESC "[Kerror: "
             ESC "[m" ESC "[K%s", object, line, 1 + rnd (self, 20), PICK (self, compile_errors));
      else
        ERR ("src/%s:%u:%u: error: %s", object, line, 1 + rnd (self, 20), PICK (self, compile_errors));
      ERR ("%5u |     return node;", line);
      ERR ("      |     ^~~~~~");
      make_failed (self, target);
      break;

    case FAKE_CAUSE_TEST_FAILURE:
      OUT ("%s", "");
      OUT ("=================================== FAILURES ===================================");
      OUT ("_________________________________ test_%s __________________________________", function);
      OUT ("%s", "");
      OUT ("client = <FlaskClient <Flask 'app'>>");
      OUT ("%s", "");
      OUT ("    def test_%s(client):", function);
      OUT ("        resp = client.post(\"/api/%s\", json={\"user\": \"demo\"})", function);
      OUT (">       assert resp.status_code == %s", assertions[a][1]);
      OUT ("E       assert %s == %s", assertions[a][0], assertions[a][1]);
      OUT ("E        +  where %s = <WrapperTestResponse streamed [%s]>.status_code",
           assertions[a][0], assertions[a][0]);
      OUT ("%s", "");
      OUT ("tests/test_%s.py:%u: AssertionError", module, line);
      OUT ("=========================== short test summary info ============================");
      OUT ("FAILED tests/test_%s.py::test_%s - AssertionError: assert %s == %s",
           module, function, assertions[a][0], assertions[a][1]);
      OUT ("============ 1 failed, %u passed, 3 skipped in %u.%02us ============",
           800 + rnd (self, 800), 60 + rnd (self, 500), rnd (self, 100));
      break;

    case FAKE_CAUSE_FLAKY_WEBSOCKET:
      OUT ("test_websocket_reconnect (tests.test_ws.WebSocketTest) ... FAIL");
      OUT ("test_websocket_send (tests.test_ws.WebSocketTest) ... ok");
      OUT ("%s", "");
      OUT ("======================================================================");
      OUT ("FAIL: test_websocket_reconnect (tests.test_ws.WebSocketTest)");
      OUT ("----------------------------------------------------------------------");
      OUT ("Traceback (most recent call last):");
      OUT ("  File \"/home/circleci/project/tests/test_ws.py\", line %u, in test_websocket_reconnect",
           80 + rnd (self, 40));
      OUT ("    self.assertTrue(self.client.connected, \"client did not reconnect\")");
      OUT ("AssertionError: False is not true : client did not reconnect");
      OUT ("%s", "");
      OUT ("----------------------------------------------------------------------");
      OUT ("Ran %u tests in %u.%03us", 200 + rnd (self, 300), 30 + rnd (self, 60), rnd (self, 1000));
      OUT ("%s", "");
      OUT ("FAILED (failures=1)");
      break;

    case FAKE_CAUSE_TIMEOUT:
      OUT ("tests/test_integration.py::test_full_sync_%u ", rnd (self, 100));
      ERR ("Too long with no output (exceeded 10m0s): context deadline exceeded");
      return;

    case FAKE_CAUSE_UNEXPLAINED:
      OUT ("+ ./scripts/ci/%s.sh", PICK (self, test_functions));
      ERR ("Error: Process completed with exit code 1.");
      return;

    case FAKE_CAUSE_PASSED:
    case FAKE_CAUSE_NO_FAILED_STEP:
    case FAKE_CAUSE_RUNNING:
    case FAKE_N_CAUSES:
    default:
      g_assert_not_reached ();
    }

  ERR ("%s", "");
  ERR ("Exited with code exit status %u", self->spec.cause == FAKE_CAUSE_DNS &&
       self->spec.step == FAKE_STEP_CHECKOUT ? 128 : self->spec.cause == FAKE_CAUSE_DNS ? 6 : 1);
}

#undef OUT
#undef ERR

static gboolean
is_failing (FakeCause cause)
{
  return cause != FAKE_CAUSE_PASSED && cause != FAKE_CAUSE_NO_FAILED_STEP &&
         cause != FAKE_CAUSE_RUNNING;
}

static void
emit_tail (FakeLog *self)
{
  self->building_tail = TRUE;
  if (is_failing (self->spec.cause))
    tail_failed (self);
  else
    tail_passed (self);
  self->building_tail = FALSE;
}

/* Public --------------------------------------------------------------- */

FakeLog *
fake_log_new (const FakeLogSpec *spec)
{
  FakeLog *self;
  gint64 duration_ms;
  guint32 seeds[5];
  FakeStep step;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (spec->step < FAKE_N_STEPS, NULL);
  g_return_val_if_fail (spec->cause < FAKE_N_CAUSES, NULL);

  self = g_new0 (FakeLog, 1);
  self->spec = *spec;
  self->org = g_strdup (spec->org);
  self->repo = g_strdup (spec->repo);
  self->job = g_strdup (spec->job);
  self->spec.org = self->org;
  self->spec.repo = self->repo;
  self->spec.job = self->job;
  step = spec->step;

  seeds[0] = spec->seed;
  seeds[1] = spec->build_num;
  seeds[2] = step;
  seeds[3] = spec->action;
  seeds[4] = 0x1065;
  self->rand = g_rand_new_with_seed_array (seeds, G_N_ELEMENTS (seeds));

  if (spec->target_bytes > 0)
    self->target = spec->target_bytes;
  else if (is_failing (spec->cause) && step <= FAKE_STEP_CHECKOUT)
    self->target = log_uniform (self, 20e3, 120e3);
  else if (is_failing (spec->cause) && rnd (self, 100) < 3)
    self->target = log_uniform (self, 2e6, 8e6);
  else if (is_failing (spec->cause))
    self->target = log_uniform (self, 20e3, 2e6);
  else if (step >= FAKE_STEP_INSTALL && step <= FAKE_STEP_TESTS)
    self->target = log_uniform (self, 4e3, 160e3);
  else
    self->target = log_uniform (self, 800, 6e3);

  self->timestamps = step == FAKE_STEP_INSTALL || step == FAKE_STEP_UPLOAD ||
                    (step == FAKE_STEP_TESTS && g_strcmp0 (spec->job, "integration") == 0);
  self->crlf = step == FAKE_STEP_TESTS && g_strcmp0 (spec->job, "test") == 0;
  self->colour = rnd (self, 2) == 0;
  self->progress_scale = is_failing (spec->cause) ? 0.3 + 0.65 * g_rand_double (self->rand) : 1.0;
  self->cached_second = -1;

  duration_ms = MAX (spec->end_ms - spec->start_ms, 1);
  self->us_per_byte = duration_ms * 1000.0 / (double) (self->target + 2048);

  self->noise_at = G_MAXUINT64;
  if ((step == FAKE_STEP_TESTS && rnd (self, 10) < 6) ||
      ((step == FAKE_STEP_RESTORE_CACHE || step == FAKE_STEP_INSTALL ||
        step == FAKE_STEP_UPLOAD) && rnd (self, 2) == 0))
    self->noise_at = (guint64) (g_rand_double (self->rand) * self->target * 0.9);

  self->special_at = G_MAXUINT64;
  if (spec->cause == FAKE_CAUSE_TEST_FAILURE ||
      (spec->cause == FAKE_CAUSE_FLAKY_WEBSOCKET && rnd (self, 2) == 0))
    self->special_at = (guint64) ((0.2 + 0.6 * g_rand_double (self->rand)) * self->target);

  self->test_module = PICK (self, test_modules);
  self->test_function = PICK (self, test_functions);
  self->tail = g_ptr_array_new_with_free_func (segment_free);

  return self;
}

void
fake_log_free (FakeLog *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->rand, g_rand_free);
  g_clear_pointer (&self->tail, g_ptr_array_unref);
  g_free (self->org);
  g_free (self->repo);
  g_free (self->job);
  g_free (self);
}

/**
 * fake_log_next:
 * @out: where the next segment of the self is appended
 * @is_err: (out): whether the segment is standard error output
 * @time_ms: (out): when the segment was printed
 *
 * Returns: %FALSE at the end of the self (nothing appended)
 */
gboolean
fake_log_next (FakeLog  *self,
               GString  *out,
               gboolean *is_err,
               gint64   *time_ms)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  self->segment_start = out->len;
  *is_err = FALSE;
  *time_ms = self->spec.start_ms + (gint64) (self->emitted * self->us_per_byte / 1000);

  switch (self->phase)
    {
    case PHASE_HEAD:
      emit_head (self, out);
      self->phase = PHASE_BODY;
      break;

    case PHASE_BODY:
      if (self->emitted < self->target)
        {
          *is_err = emit_body (self, out);
          break;
        }
      emit_tail (self);
      self->phase = PHASE_TAIL;
      G_GNUC_FALLTHROUGH;

    case PHASE_TAIL:
      if (self->tail_index < self->tail->len)
        {
          Segment *segment = g_ptr_array_index (self->tail, self->tail_index++);

          g_string_append_len (out, segment->text->str, segment->text->len);
          *is_err = segment->is_err;
          *time_ms = MAX (*time_ms, self->spec.end_ms - 1);
          break;
        }
      self->phase = PHASE_DONE;
      G_GNUC_FALLTHROUGH;

    case PHASE_DONE:
    default:
      return FALSE;
    }

  self->emitted += out->len - self->segment_start;
  return TRUE;
}

/* The exact size of the self that @spec describes. */
guint64
fake_log_measure (const FakeLogSpec *spec)
{
  g_autoptr(FakeLog) self = fake_log_new (spec);
  g_autoptr(GString) buffer = g_string_sized_new (65536);
  gboolean is_err;
  gint64 time_ms;

  while (fake_log_next (self, buffer, &is_err, &time_ms))
    g_string_truncate (buffer, 0);

  return self->emitted;
}
