/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-health-grid"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "culprit-health-grid.h"

/* The main branch's health: one row per commit (newest first), one column
 * per job, each cell the colour of that build's category (green when it
 * passed). A failure somebody marked as a known problem is drawn as one,
 * with a dot. Cells are gtk_snapshot_append_color() in rounded clips.
 * CulpritChart does the rest, an item being a cell (row × n_columns +
 * column): a tooltip tells the build; a click (or Enter on the focused
 * cell, which the arrow keys move) emits ::build-activated to open it, a
 * right click (or the Menu key) ::build-menu to annotate it. */

#define CELL_W       30
#define CELL_H       22
#define GAP          4
#define HEADER_H     28
#define ROW_LABEL_W  190

struct _CulpritHealthGrid
{
  CulpritChart parent_instance;

  GPtrArray  *commits;     /* char *: sha */
  char      **jobs;
  GPtrArray  *cells;       /* CulpritBuild or NULL, row-major */
  GHashTable *annotated;   /* gint64 * build id -> CulpritAnnotation */
  GArray     *column_x;    /* int: each column's left edge, and the right end */
  GtkWidget  *menu;        /* GtkPopoverMenu, a child */
};

G_DEFINE_FINAL_TYPE (CulpritHealthGrid, culprit_health_grid, CULPRIT_TYPE_CHART)

enum {
  BUILD_ACTIVATED,
  BUILD_MENU,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

guint
culprit_health_grid_get_n_rows (CulpritHealthGrid *self)
{
  g_return_val_if_fail (CULPRIT_IS_HEALTH_GRID (self), 0);
  return self->commits ? self->commits->len : 0;
}

guint
culprit_health_grid_get_n_columns (CulpritHealthGrid *self)
{
  g_return_val_if_fail (CULPRIT_IS_HEALTH_GRID (self), 0);
  return self->jobs ? g_strv_length (self->jobs) : 0;
}

const char *
culprit_health_grid_get_commit (CulpritHealthGrid *self,
                                guint              row)
{
  g_return_val_if_fail (CULPRIT_IS_HEALTH_GRID (self), NULL);
  g_return_val_if_fail (row < culprit_health_grid_get_n_rows (self), NULL);
  return g_ptr_array_index (self->commits, row);
}

const char *
culprit_health_grid_get_job (CulpritHealthGrid *self,
                             guint              column)
{
  g_return_val_if_fail (CULPRIT_IS_HEALTH_GRID (self), NULL);
  g_return_val_if_fail (column < culprit_health_grid_get_n_columns (self), NULL);
  return self->jobs[column];
}

/**
 * culprit_health_grid_get_build:
 *
 * Returns: (transfer none) (nullable): the newest build of the commit of
 *   @row in the job of @column
 */
CulpritBuild *
culprit_health_grid_get_build (CulpritHealthGrid *self,
                               guint              row,
                               guint              column)
{
  guint n_columns;

  g_return_val_if_fail (CULPRIT_IS_HEALTH_GRID (self), NULL);

  n_columns = culprit_health_grid_get_n_columns (self);
  if (row >= culprit_health_grid_get_n_rows (self) || column >= n_columns)
    return NULL;
  return g_ptr_array_index (self->cells, row * n_columns + column);
}

gboolean
culprit_health_grid_get_annotated (CulpritHealthGrid *self,
                                   guint              row,
                                   guint              column)
{
  return culprit_health_grid_get_annotation (self, row, column) != NULL;
}

/**
 * culprit_health_grid_get_annotation:
 *
 * Returns: (nullable) (transfer none): the annotation of a cell's build
 */
const CulpritAnnotation *
culprit_health_grid_get_annotation (CulpritHealthGrid *self,
                                    guint              row,
                                    guint              column)
{
  CulpritBuild *build = culprit_health_grid_get_build (self, row, column);
  gint64 id;

  if (build == NULL || self->annotated == NULL)
    return NULL;
  id = culprit_build_get_id (build);
  return g_hash_table_lookup (self->annotated, &id);
}

/**
 * culprit_health_grid_get_color:
 *
 * Returns: the colour of a cell: its build's category, a known problem
 *   when annotated, passed when green; CULPRIT_CHART_N_COLORS when empty
 */
CulpritChartColor
culprit_health_grid_get_color (CulpritHealthGrid *self,
                               guint              row,
                               guint              column)
{
  CulpritBuild *build = culprit_health_grid_get_build (self, row, column);

  if (build == NULL)
    return CULPRIT_CHART_N_COLORS;
  if (!culprit_build_is_failed (build))
    return CULPRIT_CHART_COLOR_PASSED;
  if (culprit_health_grid_get_annotated (self, row, column))
    return CULPRIT_CHART_COLOR_KNOWN_PROBLEM;
  return culprit_chart_color_for_category (culprit_build_get_category (build));
}

/* Columns are as wide as the longest job name, at least CELL_W. */
static void
layout_columns (CulpritHealthGrid *self)
{
  guint n_columns = culprit_health_grid_get_n_columns (self);
  int x = ROW_LABEL_W, width = CELL_W;

  for (guint c = 0; c < n_columns; c++)
    {
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->jobs[c]);
      int w;

      pango_layout_get_pixel_size (layout, &w, NULL);
      width = MAX (width, MIN (w + 12, 120));
    }

  g_array_set_size (self->column_x, 0);
  for (guint c = 0; c <= n_columns; c++, x += width + GAP)
    g_array_append_val (self->column_x, x);
}

static int
column_left (CulpritHealthGrid *self,
             guint              column)
{
  return g_array_index (self->column_x, int, column);
}

static int
column_width (CulpritHealthGrid *self,
              guint              column)
{
  return g_array_index (self->column_x, int, column + 1) - column_left (self, column) - GAP;
}

static gboolean
cell_at (CulpritHealthGrid *self,
         double             x,
         double             y,
         int               *row,
         int               *column)
{
  int r, c;

  if (x < ROW_LABEL_W || y < HEADER_H)
    return FALSE;
  for (c = 0; c < (int)culprit_health_grid_get_n_columns (self); c++)
    if (x < column_left (self, c + 1))
      break;
  r = (int)((y - HEADER_H) / (CELL_H + GAP));
  if (r >= (int)culprit_health_grid_get_n_rows (self) || c >= (int)culprit_health_grid_get_n_columns (self))
    return FALSE;
  *row = r;
  *column = c;
  return TRUE;
}

static char *
commit_label (CulpritHealthGrid *self,
              guint              row)
{
  const char *sha = g_ptr_array_index (self->commits, row);
  gint64 when = 0;

  for (guint c = 0; c < culprit_health_grid_get_n_columns (self); c++)
    {
      CulpritBuild *b = culprit_health_grid_get_build (self, row, c);

      if (b != NULL)
        when = MAX (when, culprit_build_get_queued_at (b));
    }
  if (when > 0)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (when);
      g_autofree char *date = g_date_time_format (dt, _("%b %-d %H:%M"));

      return g_strdup_printf ("%.8s  %s", sha, date);
    }
  return g_strndup (sha, 8);
}

static void
culprit_health_grid_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  CulpritHealthGrid *self = CULPRIT_HEALTH_GRID (widget);
  CulpritChart *chart = CULPRIT_CHART (widget);
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  guint n_rows = culprit_health_grid_get_n_rows (self);
  guint n_columns = culprit_health_grid_get_n_columns (self);
  int hover_cell = culprit_chart_get_hover_item (chart);
  int focus = culprit_chart_get_focus_item (chart);
  GdkRGBA fg, dim, empty, hover;

  culprit_chart_get_colors (chart, &fg, &dim, &hover);
  empty = fg;
  empty.alpha *= 0.08f;

  if (n_rows == 0)
    {
      culprit_chart_append_text (chart, snapshot, _("No builds of this branch"), &dim, 0, 24,
                                 gtk_widget_get_width (widget), 0.5);
      return;
    }

  for (guint c = 0; c < n_columns; c++)
    culprit_chart_append_text (chart, snapshot, self->jobs[c], &dim, column_left (self, c),
                               HEADER_H / 2.0, column_width (self, c), 0.5);

  for (guint r = 0; r < n_rows; r++)
    {
      double y = HEADER_H + r * (CELL_H + GAP);
      g_autofree char *label = commit_label (self, r);

      if (hover_cell >= 0 && hover_cell / (int)n_columns == (int)r)
        gtk_snapshot_append_color (snapshot, &hover,
                                   &GRAPHENE_RECT_INIT (0, y - GAP / 2.0, column_left (self, n_columns),
                                                        CELL_H + GAP));
      culprit_chart_append_text (chart, snapshot, label, &fg, 0, y + CELL_H / 2.0,
                                 ROW_LABEL_W - 12, 0);

      for (guint c = 0; c < n_columns; c++)
        {
          CulpritChartColor color = culprit_health_grid_get_color (self, r, c);
          GskRoundedRect cell;
          GdkRGBA rgba;

          gsk_rounded_rect_init_from_rect (&cell,
                                           &GRAPHENE_RECT_INIT (column_left (self, c), y,
                                                                column_width (self, c), CELL_H), 4);
          gtk_snapshot_push_rounded_clip (snapshot, &cell);
          if (color == CULPRIT_CHART_N_COLORS)
            rgba = empty;
          else
            culprit_chart_color_get_rgba (color, dark, &rgba);
          gtk_snapshot_append_color (snapshot, &rgba, &cell.bounds);
          gtk_snapshot_pop (snapshot);

          if (culprit_health_grid_get_annotated (self, r, c))
            {
              GskRoundedRect dot;
              GdkRGBA white = { 1, 1, 1, 0.95f };
              GdkRGBA ring;

              /* marked by hand: an outline in the text colour and a dot */
              ring = fg;
              ring.alpha = 0.8f;
              gtk_snapshot_append_border (snapshot, &cell, (float[4]) { 2, 2, 2, 2 },
                                          (GdkRGBA[4]) { ring, ring, ring, ring });

              gsk_rounded_rect_init_from_rect (&dot,
                                               &GRAPHENE_RECT_INIT (cell.bounds.origin.x + column_width (self, c) / 2.0 - 3,
                                                                    y + CELL_H / 2.0 - 3, 6, 6), 3);
              gtk_snapshot_push_rounded_clip (snapshot, &dot);
              gtk_snapshot_append_color (snapshot, &white, &dot.bounds);
              gtk_snapshot_pop (snapshot);
            }

          if ((int)(r * n_columns + c) == focus && gtk_widget_has_visible_focus (widget))
            {
              GskRoundedRect ring;

              /* the focused cell: a ring just outside it */
              gsk_rounded_rect_init_from_rect (&ring, &cell.bounds, 6);
              gsk_rounded_rect_shrink (&ring, -3, -3, -3, -3);
              gtk_snapshot_append_border (snapshot, &ring, (float[4]) { 2, 2, 2, 2 },
                                          (GdkRGBA[4]) { fg, fg, fg, fg });
            }
        }
    }
}

static void
culprit_health_grid_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  CulpritHealthGrid *self = CULPRIT_HEALTH_GRID (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = column_left (self, culprit_health_grid_get_n_columns (self)) + 24;
  else
    *minimum = *natural = HEADER_H + MAX (culprit_health_grid_get_n_rows (self), 2) * (CELL_H + GAP);
}

/**
 * culprit_health_grid_get_cell_area:
 * @area: (out): where the cell of @row and @column is, in the grid
 */
void
culprit_health_grid_get_cell_area (CulpritHealthGrid *self,
                                   guint              row,
                                   guint              column,
                                   GdkRectangle      *area)
{
  g_return_if_fail (CULPRIT_IS_HEALTH_GRID (self));
  g_return_if_fail (row < culprit_health_grid_get_n_rows (self));
  g_return_if_fail (column < culprit_health_grid_get_n_columns (self));
  g_return_if_fail (area != NULL);

  *area = (GdkRectangle) { column_left (self, column), HEADER_H + row * (CELL_H + GAP),
                           column_width (self, column), CELL_H };
}

/**
 * culprit_health_grid_dup_tooltip_markup:
 *
 * Returns: (transfer full): the markup of the cell's tooltip: its build,
 *   or that there is none
 */
char *
culprit_health_grid_dup_tooltip_markup (CulpritHealthGrid *self,
                                        guint              row,
                                        guint              column)
{
  g_autofree char *text = NULL;
  g_autofree char *short_commit = NULL;
  CulpritBuild *build;
  CulpritAnnotation *annotation = NULL;
  gint64 id;

  g_return_val_if_fail (CULPRIT_IS_HEALTH_GRID (self), NULL);
  g_return_val_if_fail (row < culprit_health_grid_get_n_rows (self), NULL);
  g_return_val_if_fail (column < culprit_health_grid_get_n_columns (self), NULL);

  build = culprit_health_grid_get_build (self, row, column);
  if (build == NULL)
    {
      short_commit = g_strndup (culprit_health_grid_get_commit (self, row), 8);
      /* Translators: an empty cell of the health grid: a job, and a commit */
      return g_markup_printf_escaped (_("No build of %s on %s"),
                                      culprit_health_grid_get_job (self, column), short_commit);
    }

  id = culprit_build_get_id (build);
  if (self->annotated != NULL)
    annotation = g_hash_table_lookup (self->annotated, &id);
  text = g_markup_printf_escaped ("<b>%s %" G_GINT64_FORMAT "</b> · %s\n%s%s%s",
                                  _("Build"), culprit_build_get_build_num (build),
                                  culprit_build_get_job (build) ? culprit_build_get_job (build) : "",
                                  culprit_category_get_label (culprit_build_is_failed (build)
                                                              ? culprit_build_get_category (build)
                                                              : CULPRIT_CATEGORY_PASSED),
                                  culprit_build_get_best_pattern (build) ? ": " : "",
                                  culprit_build_get_best_pattern (build) ? culprit_build_get_best_pattern (build) : "");
  if (annotation != NULL)
    {
      g_autofree char *mark = NULL;

      mark = g_markup_printf_escaped ("\n%s%s%s%s%s", _("Marked as a known problem"),
                                      annotation->note[0] ? ": " : "", annotation->note,
                                      annotation->issue_url ? "\n" : "",
                                      annotation->issue_url ? annotation->issue_url : "");
      return g_strconcat (text, mark, NULL);
    }
  return g_steal_pointer (&text);
}

static int
culprit_health_grid_get_item_at (CulpritChart *chart,
                                 double        x,
                                 double        y)
{
  CulpritHealthGrid *self = CULPRIT_HEALTH_GRID (chart);
  int row, column;

  if (!cell_at (self, x, y, &row, &column))
    return -1;
  return row * culprit_health_grid_get_n_columns (self) + column;
}

static guint
culprit_health_grid_get_n_items (CulpritChart *chart)
{
  CulpritHealthGrid *self = CULPRIT_HEALTH_GRID (chart);

  return culprit_health_grid_get_n_rows (self) * culprit_health_grid_get_n_columns (self);
}

static void
culprit_health_grid_get_item_area (CulpritChart *chart,
                                   guint         cell,
                                   GdkRectangle *area)
{
  CulpritHealthGrid *self = CULPRIT_HEALTH_GRID (chart);
  guint n_columns = culprit_health_grid_get_n_columns (self);

  culprit_health_grid_get_cell_area (self, cell / n_columns, cell % n_columns, area);
}

/* The arrow keys move to the cell above, below, left or right. */
static int
culprit_health_grid_get_neighbour (CulpritChart     *chart,
                                   guint             cell,
                                   GtkDirectionType  direction)
{
  CulpritHealthGrid *self = CULPRIT_HEALTH_GRID (chart);
  int n_rows = culprit_health_grid_get_n_rows (self);
  int n_columns = culprit_health_grid_get_n_columns (self);
  int row = cell / n_columns, column = cell % n_columns;

  switch ((int)direction)
    {
    case GTK_DIR_UP:    row--;    break;
    case GTK_DIR_DOWN:  row++;    break;
    case GTK_DIR_LEFT:  column--; break;
    case GTK_DIR_RIGHT: column++; break;
    default: return -1;
    }
  if (row < 0 || row >= n_rows || column < 0 || column >= n_columns)
    return -1;
  return row * n_columns + column;
}

static GObject *
culprit_health_grid_dup_item (CulpritChart *chart,
                              guint         cell)
{
  CulpritHealthGrid *self = CULPRIT_HEALTH_GRID (chart);
  guint n_columns = culprit_health_grid_get_n_columns (self);
  CulpritBuild *build = culprit_health_grid_get_build (self, cell / n_columns, cell % n_columns);

  return build ? g_object_ref (G_OBJECT (build)) : NULL;
}

/* No tooltip while the cell's menu is open: it would cover the menu. */
static char *
culprit_health_grid_dup_tooltip (CulpritChart *chart,
                                 guint         cell)
{
  CulpritHealthGrid *self = CULPRIT_HEALTH_GRID (chart);
  guint n_columns = culprit_health_grid_get_n_columns (self);

  if (self->menu != NULL && gtk_widget_get_visible (self->menu))
    return NULL;
  return culprit_health_grid_dup_tooltip_markup (self, cell / n_columns, cell % n_columns);
}

static void
culprit_health_grid_context_menu (CulpritChart *chart,
                                  guint         cell)
{
  g_autoptr(GObject) build = culprit_health_grid_dup_item (chart, cell);

  if (build != NULL)
    g_signal_emit (chart, signals[BUILD_MENU], 0, build);
}

static void
culprit_health_grid_item_activated (CulpritChart *chart,
                                    GObject      *build)
{
  g_signal_emit (chart, signals[BUILD_ACTIVATED], 0, build);
}

static char *
culprit_health_grid_dup_summary (CulpritChart *chart)
{
  CulpritHealthGrid *self = CULPRIT_HEALTH_GRID (chart);
  guint n_rows = culprit_health_grid_get_n_rows (self);
  guint n_columns = culprit_health_grid_get_n_columns (self);
  guint failed = 0, known = 0, passed = 0;

  for (guint r = 0; r < n_rows; r++)
    for (guint c = 0; c < n_columns; c++)
      {
        CulpritChartColor color = culprit_health_grid_get_color (self, r, c);

        if (color == CULPRIT_CHART_COLOR_PASSED)
          passed++;
        else if (color == CULPRIT_CHART_COLOR_KNOWN_PROBLEM || color == CULPRIT_CHART_COLOR_FLAKY)
          known++;
        else if (color != CULPRIT_CHART_N_COLORS)
          failed++;
      }
  /* counts after colons, so that no noun needs a plural */
  return g_strdup_printf (_("Commits: %u; jobs: %u; builds passed: %u, failed of a flaky or known "
                            "cause: %u, failed otherwise: %u"),
                          n_rows, n_columns, passed, known, failed);
}

/**
 * culprit_health_grid_popup_menu:
 * @build: a build shown in a cell
 * @model: the menu
 *
 * Pops up @model at @build's cell; its actions are looked up from the
 * grid upwards.
 */
void
culprit_health_grid_popup_menu (CulpritHealthGrid *self,
                                CulpritBuild      *build,
                                GMenuModel        *model)
{
  guint n_columns;

  g_return_if_fail (CULPRIT_IS_HEALTH_GRID (self));
  g_return_if_fail (CULPRIT_IS_BUILD (build));
  g_return_if_fail (G_IS_MENU_MODEL (model));

  if (self->menu == NULL)
    {
      self->menu = gtk_popover_menu_new_from_model (NULL);
      gtk_popover_set_has_arrow (GTK_POPOVER (self->menu), TRUE);
      gtk_widget_set_parent (self->menu, GTK_WIDGET (self));
    }
  gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->menu), model);

  n_columns = culprit_health_grid_get_n_columns (self);
  for (guint i = 0; self->cells != NULL && i < self->cells->len; i++)
    if (g_ptr_array_index (self->cells, i) == (gpointer)build)
      {
        GdkRectangle area;

        culprit_health_grid_get_cell_area (self, i / n_columns, i % n_columns, &area);
        gtk_popover_set_pointing_to (GTK_POPOVER (self->menu), &area);
        break;
      }
  gtk_popover_popup (GTK_POPOVER (self->menu));
  /* hides the cell's tooltip, which would cover the menu's first item */
  gtk_widget_trigger_tooltip_query (GTK_WIDGET (self));
}

static void
culprit_health_grid_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  CulpritHealthGrid *self = CULPRIT_HEALTH_GRID (widget);

  if (self->menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->menu));
}

static void
culprit_health_grid_dispose (GObject *object)
{
  CulpritHealthGrid *self = (CulpritHealthGrid *)object;

  g_clear_pointer (&self->menu, gtk_widget_unparent);

  G_OBJECT_CLASS (culprit_health_grid_parent_class)->dispose (object);
}

/**
 * culprit_health_grid_set_data:
 * @commits: (element-type utf8): the rows, newest first
 * @jobs: the columns
 * @cells: (element-type CulpritBuild): n_rows × n_columns, row-major,
 *   %NULL where a commit has no build of a job
 * @annotated: (nullable): gint64 * build ids of annotated builds ->
 *   CulpritAnnotation
 */
void
culprit_health_grid_set_data (CulpritHealthGrid  *self,
                              GPtrArray          *commits,
                              char              **jobs,
                              GPtrArray          *cells,
                              GHashTable         *annotated)
{
  g_return_if_fail (CULPRIT_IS_HEALTH_GRID (self));
  g_return_if_fail (commits != NULL && jobs != NULL && cells != NULL);
  g_return_if_fail (cells->len == commits->len * g_strv_length (jobs));

  g_clear_pointer (&self->commits, g_ptr_array_unref);
  g_clear_pointer (&self->jobs, g_strfreev);
  g_clear_pointer (&self->cells, g_ptr_array_unref);
  g_clear_pointer (&self->annotated, g_hash_table_unref);
  self->commits = g_ptr_array_ref (commits);
  self->jobs = g_strdupv (jobs);
  self->cells = g_ptr_array_ref (cells);
  self->annotated = annotated ? g_hash_table_ref (annotated) : NULL;
  layout_columns (self);
  culprit_chart_items_changed (CULPRIT_CHART (self));
}

static void
culprit_health_grid_finalize (GObject *object)
{
  CulpritHealthGrid *self = (CulpritHealthGrid *)object;

  g_clear_pointer (&self->commits, g_ptr_array_unref);
  g_clear_pointer (&self->jobs, g_strfreev);
  g_clear_pointer (&self->cells, g_ptr_array_unref);
  g_clear_pointer (&self->annotated, g_hash_table_unref);
  g_clear_pointer (&self->column_x, g_array_unref);

  G_OBJECT_CLASS (culprit_health_grid_parent_class)->finalize (object);
}

static void
culprit_health_grid_class_init (CulpritHealthGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  CulpritChartClass *chart_class = CULPRIT_CHART_CLASS (klass);

  object_class->dispose = culprit_health_grid_dispose;
  object_class->finalize = culprit_health_grid_finalize;
  widget_class->size_allocate = culprit_health_grid_size_allocate;
  widget_class->snapshot = culprit_health_grid_snapshot;
  widget_class->measure = culprit_health_grid_measure;

  chart_class->get_n_items = culprit_health_grid_get_n_items;
  chart_class->get_item_at = culprit_health_grid_get_item_at;
  chart_class->get_item_area = culprit_health_grid_get_item_area;
  chart_class->get_neighbour = culprit_health_grid_get_neighbour;
  chart_class->dup_item = culprit_health_grid_dup_item;
  chart_class->dup_tooltip = culprit_health_grid_dup_tooltip;
  chart_class->dup_summary = culprit_health_grid_dup_summary;
  chart_class->context_menu = culprit_health_grid_context_menu;
  chart_class->item_activated = culprit_health_grid_item_activated;

  /**
   * CulpritHealthGrid::build-activated:
   * @build: the build of the cell clicked, or of the focused one on Enter
   */
  signals[BUILD_ACTIVATED] =
    g_signal_new ("build-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, CULPRIT_TYPE_BUILD);
  /**
   * CulpritHealthGrid::build-menu:
   * @build: the build of the cell right-clicked
   */
  signals[BUILD_MENU] =
    g_signal_new ("build-menu", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, CULPRIT_TYPE_BUILD);

  gtk_widget_class_set_css_name (widget_class, "healthgrid");
}

static void
culprit_health_grid_init (CulpritHealthGrid *self)
{
  self->column_x = g_array_new (FALSE, FALSE, sizeof (int));
  g_array_append_val (self->column_x, (int){ ROW_LABEL_W });
  culprit_chart_set_title (CULPRIT_CHART (self), _("Builds of the branch by commit and job"));
}
