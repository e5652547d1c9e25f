/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-format"

#include "config.h"

#include <glib/gi18n.h>

#include "culprit-format.h"

/**
 * culprit_format_percent:
 * @percent: 0 to 100
 * @decimals: digits after the decimal separator
 *
 * A percentage as the user's language writes one: the number with the
 * locale's decimal separator, and the sign where the translation puts it
 * ("18.5%", "18,5 %"). Every percentage the application shows comes from
 * here, so that one screen never writes them two ways.
 *
 * Returns: (transfer full): the text
 */
char *
culprit_format_percent (double percent,
                        guint  decimals)
{
  g_autofree char *number = g_strdup_printf ("%.*f", (int)MIN (decimals, 3), percent);

  /* Translators: a percentage; %s is the number. Write it as your
   * language does, e.g. "%s %%" with a no-break space. */
  return g_strdup_printf (_("%s%%"), number);
}
