/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "culprit-test-util.h"

static void
test_round_trip (void)
{
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(GBytes) packed = NULL;
  g_autoptr(GBytes) unpacked = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *data;

  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (log, "\033[32m2026-07-30T10:39:%02u.1Z\033[0m line %u of a CI log\n",
                            i % 60, i);
  g_string_append_len (log, "\xff\xfe\0binary", 9);

  packed = culprit_log_compress (log->str, log->len, &error);
  g_assert_no_error (error);
  /* CI logs compress well */
  g_assert_cmpuint (g_bytes_get_size (packed) * 5, <, log->len);

  unpacked = culprit_log_decompress (g_bytes_get_data (packed, NULL), g_bytes_get_size (packed),
                                     log->len, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (unpacked, &len);
  g_assert_cmpmem (data, len, log->str, log->len);
  g_assert_cmpint (data[len], ==, '\0');
}

static void
test_empty (void)
{
  g_autoptr(GBytes) packed = culprit_log_compress ("", 0, NULL);
  g_autoptr(GBytes) unpacked = NULL;
  g_autoptr(GError) error = NULL;

  unpacked = culprit_log_decompress (g_bytes_get_data (packed, NULL), g_bytes_get_size (packed),
                                     0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (unpacked), ==, 0);
}

static void
test_corrupt (void)
{
  const char text[] = "some log text that is long enough to compress, some log text";
  g_autoptr(GBytes) packed = culprit_log_compress (text, sizeof text - 1, NULL);
  g_autofree guchar *damaged = g_memdup2 (g_bytes_get_data (packed, NULL), g_bytes_get_size (packed));
  gsize size = g_bytes_get_size (packed);
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GError) error = NULL;

  /* a wrong recorded size */
  out = culprit_log_decompress (damaged, size, sizeof text, &error);
  g_assert_null (out);
  g_assert_error (error, CULPRIT_LOG_CODEC_ERROR, CULPRIT_LOG_CODEC_ERROR_CORRUPT);
  g_clear_error (&error);

  /* not a zstd frame */
  out = culprit_log_decompress ("plain text", 10, 10, &error);
  g_assert_null (out);
  g_assert_error (error, CULPRIT_LOG_CODEC_ERROR, CULPRIT_LOG_CODEC_ERROR_CORRUPT);
  g_clear_error (&error);

  /* a cut frame */
  out = culprit_log_decompress (damaged, size - 4, sizeof text - 1, &error);
  g_assert_null (out);
  g_assert_error (error, CULPRIT_LOG_CODEC_ERROR, CULPRIT_LOG_CODEC_ERROR_CORRUPT);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/culprit/log-codec/round-trip", test_round_trip);
  g_test_add_func ("/culprit/log-codec/empty", test_empty);
  g_test_add_func ("/culprit/log-codec/corrupt", test_corrupt);

  return g_test_run ();
}
