/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-log-model"

#include "config.h"

#include <string.h>

#include <culprit.h>

#include "culprit-ansi.h"
#include "culprit-log-line.h"
#include "culprit-log-model.h"

/* A log as a list of lines, for a GtkListView: the decompressed bytes and
 * the offset of each line, indexed once (in a thread: see
 * culprit_log_model_new()). Items are made only for the rows on screen,
 * with their ANSI colours, the highlighted match spans and the search
 * hits as Pango attributes, so a log of millions of lines costs its bytes
 * and eight bytes a line. */

struct _CulpritLogModel
{
  GObject  parent_instance;

  GBytes  *bytes;
  GArray  *offsets;       /* gsize: start of each line, and one past the end */
  GArray  *spans;         /* CulpritLogSpan, by line */
  GArray  *lines;         /* guint: the highlighted lines, sorted, unique */
  char    *search;        /* casefolded ASCII, or NULL */
};

static GType
culprit_log_model_get_item_type (GListModel *model)
{
  return CULPRIT_TYPE_LOG_LINE;
}

static guint
culprit_log_model_get_n_items (GListModel *model)
{
  return culprit_log_model_get_n_lines (CULPRIT_LOG_MODEL (model));
}

static guint
first_span (CulpritLogModel *self,
            guint            line)
{
  guint lo = 0, hi = self->spans->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->spans, CulpritLogSpan, mid).line < line)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Case-insensitive ASCII search, as the search bar finds. */
static const char *
find_folded (const char *haystack,
             gsize       len,
             const char *needle,
             gsize       needle_len)
{
  if (needle_len == 0 || needle_len > len)
    return NULL;
  for (gsize i = 0; i + needle_len <= len; i++)
    {
      if (g_ascii_tolower (haystack[i]) != needle[0])
        continue;
      if (g_ascii_strncasecmp (haystack + i, needle, needle_len) == 0)
        return haystack + i;
    }
  return NULL;
}

static void
add_highlight (PangoAttrList *attrs,
               guint          start,
               guint          end,
               guint32        background)
{
  PangoAttribute *attr;

  attr = pango_attr_background_new (((background >> 16) & 0xff) * 257,
                                    ((background >> 8) & 0xff) * 257,
                                    (background & 0xff) * 257);
  attr->start_index = start;
  attr->end_index = end;
  pango_attr_list_change (attrs, attr);
  attr = pango_attr_foreground_new (0, 0, 0);
  attr->start_index = start;
  attr->end_index = end;
  pango_attr_list_change (attrs, attr);
}

static gpointer
culprit_log_model_get_item (GListModel *model,
                            guint       position)
{
  CulpritLogModel *self = CULPRIT_LOG_MODEL (model);
  PangoAttrList *attrs;
  const char *raw;
  char *text;
  gsize raw_len, len, skip;
  guint line = position + 1;
  gboolean highlighted;

  if (position >= culprit_log_model_get_n_lines (self))
    return NULL;

  raw = culprit_log_model_get_line (self, line, &raw_len);
  attrs = pango_attr_list_new ();
  text = culprit_ansi_render (raw, raw_len, attrs, &len);

  /* the timestamp is dimmed; spans count from after it */
  skip = culprit_line_skip_timestamp (text, len);
  if (skip > 0)
    {
      PangoAttribute *dim = pango_attr_foreground_alpha_new (0x8000);

      dim->start_index = 0;
      dim->end_index = skip;
      pango_attr_list_insert (attrs, dim);
    }

  highlighted = culprit_log_model_is_highlighted (self, line);
  for (guint i = first_span (self, line);
       i < self->spans->len && g_array_index (self->spans, CulpritLogSpan, i).line == line;
       i++)
    {
      const CulpritLogSpan *span = &g_array_index (self->spans, CulpritLogSpan, i);
      gsize start = MIN (skip + span->start, len);
      gsize end = MIN (skip + span->end, len);

      if (end > start)
        add_highlight (attrs, start, end, 0xf8e45c);
    }

  if (self->search != NULL)
    {
      gsize needle_len = strlen (self->search);
      const char *p = text;

      while ((p = find_folded (p, len - (p - text), self->search, needle_len)) != NULL)
        {
          add_highlight (attrs, p - text, p - text + needle_len, 0xffa348);
          p += needle_len;
        }
    }

  return culprit_log_line_new (line, text, attrs, highlighted);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = culprit_log_model_get_item_type;
  iface->get_n_items = culprit_log_model_get_n_items;
  iface->get_item = culprit_log_model_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (CulpritLogModel, culprit_log_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
culprit_log_model_finalize (GObject *object)
{
  CulpritLogModel *self = (CulpritLogModel *)object;

  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->offsets, g_array_unref);
  g_clear_pointer (&self->spans, g_array_unref);
  g_clear_pointer (&self->lines, g_array_unref);
  g_clear_pointer (&self->search, g_free);

  G_OBJECT_CLASS (culprit_log_model_parent_class)->finalize (object);
}

static void
culprit_log_model_class_init (CulpritLogModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = culprit_log_model_finalize;
}

static void
culprit_log_model_init (CulpritLogModel *self)
{
  self->offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  self->spans = g_array_new (FALSE, FALSE, sizeof (CulpritLogSpan));
  self->lines = g_array_new (FALSE, FALSE, sizeof (guint));
}

/**
 * culprit_log_model_new:
 * @log: the log's text
 *
 * Indexes the lines of @log. Takes about 20 ms for 50 MB: call it in a
 * thread, and hand the model to the main thread once made.
 */
CulpritLogModel *
culprit_log_model_new (GBytes *log)
{
  CulpritLogModel *self;
  const char *data, *p, *end;
  gsize len;

  g_return_val_if_fail (log != NULL, NULL);

  self = g_object_new (CULPRIT_TYPE_LOG_MODEL, NULL);
  self->bytes = g_bytes_ref (log);
  data = g_bytes_get_data (log, &len);
  p = data;
  end = data + len;

  /* a guess at the number of lines, to grow the index a few times only */
  g_array_set_size (self->offsets, MIN (len / 48 + 16, G_MAXUINT / 2));
  g_array_set_size (self->offsets, 0);
  while (p < end)
    {
      gsize offset = p - data;
      const char *nl = memchr (p, '\n', end - p);

      g_array_append_val (self->offsets, offset);
      if (nl == NULL)
        break;
      p = nl + 1;
    }
  g_array_append_val (self->offsets, len);

  return self;
}

/**
 * culprit_log_model_new_for_build_log:
 * @log: a build's log and matches, as culprit_database_load_build_log_finish()
 *   gives them
 *
 * Indexes the build's log, highlights its matches, and sets the text of
 * each match to its line as the view shows it.
 *
 * Returns: (transfer full) (nullable): the model, or %NULL when the build
 *   has no stored log
 */
CulpritLogModel *
culprit_log_model_new_for_build_log (CulpritBuildLog *log)
{
  CulpritLogModel *self;
  g_autoptr(GArray) spans = NULL;

  g_return_val_if_fail (log != NULL, NULL);

  if (log->log == NULL)
    return NULL;
  self = culprit_log_model_new (log->log);
  spans = g_array_sized_new (FALSE, FALSE, sizeof (CulpritLogSpan), log->matches->len);
  for (guint i = 0; i < log->matches->len; i++)
    {
      CulpritBuildMatch *match = g_ptr_array_index (log->matches, i);
      CulpritLogSpan span = { match->line, match->start, match->end };

      if (match->text == NULL)
        match->text = culprit_log_model_dup_display_text (self, match->line);
      g_array_append_val (spans, span);
    }
  culprit_log_model_set_highlights (self, (CulpritLogSpan *)(gpointer)spans->data, spans->len);
  return self;
}

GBytes *
culprit_log_model_get_bytes (CulpritLogModel *self)
{
  g_return_val_if_fail (CULPRIT_IS_LOG_MODEL (self), NULL);
  return self->bytes;
}

guint
culprit_log_model_get_n_lines (CulpritLogModel *self)
{
  g_return_val_if_fail (CULPRIT_IS_LOG_MODEL (self), 0);
  return self->offsets->len - 1;
}

/**
 * culprit_log_model_get_line:
 * @line: 1-based
 * @len: (out): the length, without the `\n`
 *
 * Returns: the raw line (not nul-terminated)
 */
const char *
culprit_log_model_get_line (CulpritLogModel *self,
                            guint            line,
                            gsize           *len)
{
  const char *data;
  gsize start, end;

  g_return_val_if_fail (CULPRIT_IS_LOG_MODEL (self), NULL);
  g_return_val_if_fail (line >= 1 && line <= culprit_log_model_get_n_lines (self), NULL);

  data = g_bytes_get_data (self->bytes, NULL);
  start = g_array_index (self->offsets, gsize, line - 1);
  end = g_array_index (self->offsets, gsize, line);
  if (end > start && data[end - 1] == '\n')
    end--;
  *len = end - start;
  return data + start;
}

/**
 * culprit_log_model_dup_display_text:
 *
 * Returns: (transfer full): line @line as shown, without its colours
 */
char *
culprit_log_model_dup_display_text (CulpritLogModel *self,
                                    guint            line)
{
  const char *raw;
  gsize len;

  g_return_val_if_fail (CULPRIT_IS_LOG_MODEL (self), NULL);

  raw = culprit_log_model_get_line (self, line, &len);
  return culprit_ansi_render (raw, len, NULL, NULL);
}

static int
compare_spans (gconstpointer a,
               gconstpointer b)
{
  const CulpritLogSpan *sa = a, *sb = b;

  if (sa->line != sb->line)
    return sa->line < sb->line ? -1 : 1;
  return sa->start < sb->start ? -1 : sa->start > sb->start;
}

/**
 * culprit_log_model_set_highlights:
 *
 * Replaces the highlighted spans; rows on screen are redrawn.
 */
void
culprit_log_model_set_highlights (CulpritLogModel      *self,
                                  const CulpritLogSpan *spans,
                                  guint                 n_spans)
{
  guint n;

  g_return_if_fail (CULPRIT_IS_LOG_MODEL (self));

  g_array_set_size (self->spans, 0);
  g_array_set_size (self->lines, 0);
  g_array_append_vals (self->spans, spans, n_spans);
  g_array_sort (self->spans, compare_spans);
  for (guint i = 0; i < self->spans->len; i++)
    {
      guint line = g_array_index (self->spans, CulpritLogSpan, i).line;

      if (self->lines->len == 0 || g_array_index (self->lines, guint, self->lines->len - 1) != line)
        g_array_append_val (self->lines, line);
    }

  n = culprit_log_model_get_n_lines (self);
  if (n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, n, n);
}

guint
culprit_log_model_get_n_highlighted (CulpritLogModel *self)
{
  g_return_val_if_fail (CULPRIT_IS_LOG_MODEL (self), 0);
  return self->lines->len;
}

/**
 * culprit_log_model_get_highlighted_line:
 *
 * Returns: the number of the @index-th highlighted line (1-based)
 */
guint
culprit_log_model_get_highlighted_line (CulpritLogModel *self,
                                        guint            index)
{
  g_return_val_if_fail (CULPRIT_IS_LOG_MODEL (self), 0);
  g_return_val_if_fail (index < self->lines->len, 0);
  return g_array_index (self->lines, guint, index);
}

gboolean
culprit_log_model_is_highlighted (CulpritLogModel *self,
                                  guint            line)
{
  guint i;

  g_return_val_if_fail (CULPRIT_IS_LOG_MODEL (self), FALSE);

  i = first_span (self, line);
  return i < self->spans->len && g_array_index (self->spans, CulpritLogSpan, i).line == line;
}

/**
 * culprit_log_model_set_search_text:
 * @text: (nullable): what the search bar looks for
 *
 * Marks the occurrences of @text (ignoring ASCII case) in the rows.
 */
void
culprit_log_model_set_search_text (CulpritLogModel *self,
                                   const char      *text)
{
  g_autofree char *folded = NULL;
  guint n;

  g_return_if_fail (CULPRIT_IS_LOG_MODEL (self));

  if (text != NULL && text[0] != '\0')
    folded = g_ascii_strdown (text, -1);
  if (g_strcmp0 (folded, self->search) == 0)
    return;
  g_free (self->search);
  self->search = g_steal_pointer (&folded);

  n = culprit_log_model_get_n_lines (self);
  if (n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, n, n);
}

typedef struct
{
  char *needle;
} FindData;

static void
find_data_free (FindData *data)
{
  g_free (data->needle);
  g_free (data);
}

static void
find_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  CulpritLogModel *self = source_object;
  FindData *data = task_data;
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (guint));
  gsize needle_len = strlen (data->needle);
  guint n = culprit_log_model_get_n_lines (self);

  for (guint line = 1; line <= n; line++)
    {
      gsize len;
      const char *text = culprit_log_model_get_line (self, line, &len);

      if ((line & 0xffff) == 0 && g_task_return_error_if_cancelled (task))
        return;
      if (find_folded (text, len, data->needle, needle_len) != NULL)
        g_array_append_val (found, line);
    }
  g_task_return_pointer (task, g_steal_pointer (&found), (GDestroyNotify)g_array_unref);
}

/**
 * culprit_log_model_find_async:
 *
 * Finds the lines that contain @text, ignoring ASCII case, in a thread.
 */
void
culprit_log_model_find_async (CulpritLogModel     *self,
                              const char          *text,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FindData *data;

  g_return_if_fail (CULPRIT_IS_LOG_MODEL (self));
  g_return_if_fail (text != NULL);

  data = g_new0 (FindData, 1);
  data->needle = g_ascii_strdown (text, -1);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, culprit_log_model_find_async);
  g_task_set_task_data (task, data, (GDestroyNotify)find_data_free);
  g_task_run_in_thread (task, find_in_thread);
}

/**
 * culprit_log_model_find_finish:
 *
 * Returns: (transfer full) (element-type guint): the matching lines (1-based)
 */
GArray *
culprit_log_model_find_finish (CulpritLogModel  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
