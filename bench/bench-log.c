/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A generated CI log for the benchmarks: test results with ANSI colours
 * and timestamps, compiler lines, package downloads, and one failure at
 * the end. */
#include "config.h"

#include "bench-log.h"

GString *
bench_make_log (GRand *rand,
                gsize  target)
{
  GString *log = g_string_sized_new (target + 256);

  for (guint i = 0; log->len < target; i++)
    switch (g_rand_int_range (rand, 0, 5))
      {
      case 0:
        g_string_append_printf (log, "2026-10-03T12:%02u:%02u.%07uZ \033[32mPASSED\033[0m tests/test_%u.py::test_%u\n",
                                i / 60 % 60, i % 60, g_rand_int (rand) % 10000000, i % 97, i);
        break;
      case 1:
        g_string_append_printf (log, "cc -Iinclude -O2 -g -Wall -c src/file%u.c -o build/file%u.o\n", i, i);
        break;
      case 2:
        g_string_append_printf (log, "src/file%u.c:%u:%u: warning: unused variable 'x%u' [-Wunused-variable]\n",
                                i, i % 900, i % 40, i);
        break;
      case 3:
        g_string_append_printf (log, "npm http fetch GET 200 https://registry.npmjs.org/pkg-%u %ums (cache miss)\n",
                                i, g_rand_int_range (rand, 3, 500));
        break;
      default:
        g_string_append (log, "  Downloading https://files.pythonhosted.org/packages/aa/bb/requests-2.31.0-py3-none-any.whl (62 kB)\n");
      }
  g_string_append (log, "curl: (6) Could not resolve host: registry.npmjs.org\n");
  return log;
}
