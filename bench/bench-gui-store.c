/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-gui-store: what the GUI's loads cost in libculprit alone.
 *
 *   bench-gui-store DB [BUILDS]
 *
 * Makes DB with BUILDS builds (default 100000) unless it exists, then
 * times culprit_store_list_builds() and culprit_report_new() on it. */
#include "config.h"

#include <stdlib.h>

#include "bench-gui-data.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CulpritStore) store = NULL;
  g_autoptr(GPtrArray) builds = NULL;
  g_autoptr(CulpritReport) report = NULL;
  guint n = argc > 2 ? atoi (argv[2]) : 100000;
  gint64 start;

  if (argc < 2)
    {
      g_printerr ("usage: bench-gui-store DB [BUILDS]\n");
      return 2;
    }
  if (!g_file_test (argv[1], G_FILE_TEST_EXISTS))
    {
      start = g_get_monotonic_time ();
      if (!bench_gui_make_store (argv[1], n, 0.3, &error))
        g_error ("%s", error->message);
      g_print ("made %u builds in %.1f s\n", n, (g_get_monotonic_time () - start) / 1e6);
    }
  store = culprit_store_open (argv[1], &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  builds = culprit_store_list_builds (store, NULL, &error);
  g_assert_no_error (error);
  g_print ("culprit_store_list_builds: %u builds in %.3f s\n", builds->len,
           (g_get_monotonic_time () - start) / 1e6);

  start = g_get_monotonic_time ();
  report = culprit_report_new (store, NULL, &error);
  g_assert_no_error (error);
  g_print ("culprit_report_new: %u failed of %u in %.3f s\n", culprit_report_get_failed (report),
           culprit_report_get_total (report), (g_get_monotonic_time () - start) / 1e6);
  return 0;
}
