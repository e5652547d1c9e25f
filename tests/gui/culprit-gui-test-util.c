/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers of the GUI tests: a database made the way a user makes one
 * (culprit-cli scan against culprit-fake-ci), waiting on the main loop,
 * and PNGs of windows. */
#include "config.h"

#include <string.h>

#include "culprit-gui-test-util.h"
#include "../culprit-test-util.h"

static void
run (const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "C", TRUE);
  g_subprocess_launcher_setenv (launcher, "CIRCLECI_TOKEN", "", TRUE);
  g_subprocess_launcher_setenv (launcher, "CULPRIT_SECRETS_TIMEOUT", "2", TRUE);
  proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (proc))
    g_error ("%s failed:\n%s\n%s", argv[0], out, err);
}

/**
 * culprit_gui_test_start_fake_ci:
 * @url: (out): where it listens
 *
 * Returns: (transfer full): culprit-fake-ci serving a generated repository
 */
GSubprocess *
culprit_gui_test_start_fake_ci (guint   n_builds,
                                guint   seed,
                                char  **url)
{
  g_autofree char *n = g_strdup_printf ("%u", n_builds);
  g_autofree char *s = g_strdup_printf ("%u", seed);
  const char *args[] = { "--generate", n, "--seed", s, NULL };

  return culprit_test_start_fake_ci (args, url);
}

void
culprit_gui_test_stop_fake_ci (GSubprocess *fake)
{
  culprit_test_stop_fake_ci (fake);
}

/**
 * culprit_gui_test_make_database:
 *
 * Serves a generated repository with culprit-fake-ci, imports the demo
 * patterns and fetches and scans it with culprit-cli.
 *
 * Returns: the database's path
 */
char *
culprit_gui_test_make_database (const char *dir,
                                guint       n_builds,
                                guint       seed)
{
  g_autofree char *db = g_build_filename (dir, "gui.db", NULL);
  g_autofree char *patterns = g_build_filename (SOURCE_ROOT, "data", "demo", "patterns.json", NULL);
  g_autofree char *url = NULL;
  const char *cli = g_getenv ("CULPRIT_CLI");
  GSubprocess *fake;

  g_assert_nonnull (cli);
  fake = culprit_gui_test_start_fake_ci (n_builds, seed, &url);

  {
    const char *import_argv[] = { cli, "patterns", "import", "--db", db, patterns, NULL };
    const char *scan_argv[] = { cli, "scan", "--db", db, "--repo", CULPRIT_GUI_TEST_REPO,
                                "--count", "100000", "--filter", "completed", "--api-url", url, NULL };

    run (import_argv);
    run (scan_argv);
  }

  culprit_gui_test_stop_fake_ci (fake);
  return g_steal_pointer (&db);
}

static gboolean
on_timeout (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

/**
 * culprit_gui_test_wait:
 *
 * Iterates the main context until @condition holds or @timeout_ms pass.
 *
 * Returns: whether @condition holds
 */
gboolean
culprit_gui_test_wait (CulpritGuiTestCondition condition,
                       gpointer                data,
                       guint                   timeout_ms)
{
  gboolean timed_out = FALSE;
  guint source = g_timeout_add (timeout_ms, on_timeout, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (source);
  return condition (data);
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

/* Runs the main loop for @ms: lets frames be drawn. */
void
culprit_gui_test_settle (guint ms)
{
  culprit_gui_test_wait (never, NULL, ms);
}

/**
 * culprit_gui_test_save_png:
 *
 * Renders @widget (a window, usually) with its own renderer into
 * G_TEST_BUILDDIR/@name.
 *
 * Returns: the PNG's path
 */
char *
culprit_gui_test_save_png (GtkWidget  *widget,
                           const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  const char *dir = g_getenv ("G_TEST_BUILDDIR");
  g_autofree char *path = g_build_filename (dir ? dir : ".", name, NULL);
  GskRenderer *renderer;
  int width, height;

  culprit_gui_test_settle (300);
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Saved %s", path);
  return g_steal_pointer (&path);
}

static void
collect_drawn_lines (GtkWidget *widget,
                     GtkWidget *scroller,
                     GArray    *lines)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      graphene_rect_t bounds;
      const char *text;
      guint64 number;

      if (!gtk_widget_get_mapped (child))
        continue;
      if (!GTK_IS_LABEL (child) || !gtk_widget_has_css_class (child, "line-number"))
        {
          collect_drawn_lines (child, scroller, lines);
          continue;
        }
      text = gtk_label_get_label (GTK_LABEL (child));
      if (!gtk_widget_compute_bounds (child, scroller, &bounds) ||
          !g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT, &number, NULL))
        continue;
      /* wholly inside the scrolled window's visible area */
      if (bounds.size.height > 0 && bounds.origin.y >= 0 &&
          bounds.origin.y + bounds.size.height <= gtk_widget_get_height (scroller))
        {
          guint line = number;

          g_array_append_val (lines, line);
        }
    }
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  guint x = *(const guint *)a, y = *(const guint *)b;

  return x < y ? -1 : x > y;
}

/**
 * culprit_gui_test_drawn_lines:
 *
 * The numbers of the log lines that @log_view draws now: rows that are
 * mapped, have their number bound, and lie wholly inside its scrolled
 * window. Rows the list view keeps above or below the window do not count.
 *
 * Returns: (element-type guint): sorted line numbers
 */
GArray *
culprit_gui_test_drawn_lines (GtkWidget *log_view)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (guint));
  GtkWidget *scroller = NULL;
  GQueue queue = G_QUEUE_INIT;

  culprit_gui_test_settle (300);
  g_queue_push_tail (&queue, log_view);
  while (scroller == NULL && !g_queue_is_empty (&queue))
    {
      GtkWidget *widget = g_queue_pop_head (&queue);

      if (GTK_IS_SCROLLED_WINDOW (widget))
        scroller = widget;
      for (GtkWidget *child = gtk_widget_get_first_child (widget);
           child != NULL;
           child = gtk_widget_get_next_sibling (child))
        g_queue_push_tail (&queue, child);
    }
  g_queue_clear (&queue);
  g_assert_nonnull (scroller);
  collect_drawn_lines (scroller, scroller, lines);
  g_array_sort (lines, compare_lines);
  return lines;
}

/**
 * culprit_gui_test_render:
 *
 * Renders @widget (a window, usually) with its own renderer, as
 * culprit_gui_test_save_png() does.
 *
 * Returns: (transfer full): what is drawn
 */
GdkTexture *
culprit_gui_test_render (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  return gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
}

/**
 * culprit_gui_test_count_pixels:
 * @texture: what culprit_gui_test_render() drew of @window
 * @child: a widget in @window
 * @color: an opaque colour
 *
 * Counts the pixels of @color (to within 2/255 a channel) in @child's
 * bounds and 8 pixels around them (where rows are scrolled by a fraction
 * of a pixel, or a child sits in a flow box, the bounds are not exactly
 * where it is drawn).
 *
 * Returns: the count, or -1 when @child is not in view: outside @texture
 *   or outside a scrolled window it is in
 */
int
culprit_gui_test_count_pixels (GdkTexture    *texture,
                               GtkWidget     *window,
                               GtkWidget     *child,
                               const GdkRGBA *color)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guchar *data = NULL;
  graphene_rect_t bounds;
  int x0, y0, x1, y1;
  int count = 0;

  g_assert_true (gtk_widget_compute_bounds (child, window, &bounds));
  for (GtkWidget *w = gtk_widget_get_parent (child); w != NULL; w = gtk_widget_get_parent (w))
    {
      graphene_rect_t viewport;

      if (GTK_IS_SCROLLED_WINDOW (w) &&
          (!gtk_widget_compute_bounds (w, window, &viewport) ||
           !graphene_rect_contains_rect (&viewport, &bounds)))
        return -1;
    }
  x0 = MAX ((int)bounds.origin.x - 8, 0);
  y0 = MAX ((int)bounds.origin.y - 8, 0);
  x1 = MIN ((int)(bounds.origin.x + bounds.size.width) + 8, width);
  y1 = MIN ((int)(bounds.origin.y + bounds.size.height) + 8, height);
  if (x0 >= x1 || y0 >= y1)
    return -1;

  /* GDK_MEMORY_DEFAULT: B, G, R, A in memory, premultiplied */
  data = g_malloc ((gsize)width * height * 4);
  gdk_texture_download (texture, data, (gsize)width * 4);
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        const guchar *p = data + ((gsize)y * width + x) * 4;

        if (ABS (p[2] - (int)(color->red * 255 + .5)) <= 2 &&
            ABS (p[1] - (int)(color->green * 255 + .5)) <= 2 &&
            ABS (p[0] - (int)(color->blue * 255 + .5)) <= 2)
          count++;
      }
  return count;
}

/* Does what a key press does when no focused widget takes it: the
 * shortcut of @widget (a class binding, say) for @keyval and @mods. */
gboolean
culprit_gui_test_press_shortcut (GtkWidget       *widget,
                                 guint            keyval,
                                 GdkModifierType  mods)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == mods)
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget,
                                                 gtk_shortcut_get_arguments (shortcut));
        }
    }
  return FALSE;
}
