/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-log-line"

#include "config.h"

#include "culprit-log-line.h"

/* One line of a log as the log view shows it: made on demand by
 * CulpritLogModel for the rows on screen, and dropped with them. */

struct _CulpritLogLine
{
  GObject        parent_instance;

  guint          number;
  gboolean       highlighted;
  char          *text;
  PangoAttrList *attributes;
};

G_DEFINE_FINAL_TYPE (CulpritLogLine, culprit_log_line, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NUMBER,
  PROP_TEXT,
  PROP_ATTRIBUTES,
  PROP_HIGHLIGHTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
culprit_log_line_finalize (GObject *object)
{
  CulpritLogLine *self = (CulpritLogLine *)object;

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->attributes, pango_attr_list_unref);

  G_OBJECT_CLASS (culprit_log_line_parent_class)->finalize (object);
}

static void
culprit_log_line_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CulpritLogLine *self = CULPRIT_LOG_LINE (object);

  switch (prop_id)
    {
    case PROP_NUMBER: g_value_set_uint (value, self->number); break;
    case PROP_TEXT: g_value_set_string (value, self->text); break;
    case PROP_ATTRIBUTES: g_value_set_boxed (value, self->attributes); break;
    case PROP_HIGHLIGHTED: g_value_set_boolean (value, self->highlighted); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
culprit_log_line_class_init (CulpritLogLineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = culprit_log_line_finalize;
  object_class->get_property = culprit_log_line_get_property;

  properties[PROP_NUMBER] =
    g_param_spec_uint ("number", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ATTRIBUTES] =
    g_param_spec_boxed ("attributes", NULL, NULL, PANGO_TYPE_ATTR_LIST,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HIGHLIGHTED] =
    g_param_spec_boolean ("highlighted", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
culprit_log_line_init (CulpritLogLine *self)
{
}

/**
 * culprit_log_line_new:
 * @text: (transfer full): the displayed text
 * @attributes: (transfer full) (nullable): its colours and highlights
 */
CulpritLogLine *
culprit_log_line_new (guint          number,
                      char          *text,
                      PangoAttrList *attributes,
                      gboolean       highlighted)
{
  CulpritLogLine *self = g_object_new (CULPRIT_TYPE_LOG_LINE, NULL);

  self->number = number;
  self->text = text;
  self->attributes = attributes;
  self->highlighted = !!highlighted;
  return self;
}

guint
culprit_log_line_get_number (CulpritLogLine *self)
{
  g_return_val_if_fail (CULPRIT_IS_LOG_LINE (self), 0);
  return self->number;
}

const char *
culprit_log_line_get_text (CulpritLogLine *self)
{
  g_return_val_if_fail (CULPRIT_IS_LOG_LINE (self), NULL);
  return self->text;
}

PangoAttrList *
culprit_log_line_get_attributes (CulpritLogLine *self)
{
  g_return_val_if_fail (CULPRIT_IS_LOG_LINE (self), NULL);
  return self->attributes;
}

gboolean
culprit_log_line_get_highlighted (CulpritLogLine *self)
{
  g_return_val_if_fail (CULPRIT_IS_LOG_LINE (self), FALSE);
  return self->highlighted;
}
