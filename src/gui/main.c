/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit"

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "culprit-application.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(CulpritApplication) app = NULL;
  /* Translations from another folder, such as the build tree's po/ (the
   * i18n tests run the uninstalled program with it) */
  const char *localedir = g_getenv ("CULPRIT_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = culprit_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
