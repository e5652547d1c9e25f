/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-settings"

#include "config.h"

#include "culprit-settings.h"

/* The application's settings. Each key is a property of this object, so
 * widgets bind to it with g_object_bind_property() whether or not the
 * GSettings schema is installed: when it is (the normal case), every
 * property is bound to its key with g_settings_bind(); when it is not (an
 * uninstalled build, some test setups), the values live in memory with
 * the defaults below. A key that the installed schema lacks, or has with
 * another type, stays in memory too. The keys are listed in
 * SETTINGS-KEYS.md. */

struct _CulpritSettings
{
  GObject    parent_instance;

  GSettings *settings;      /* NULL without the schema */

  int        window_width;
  int        window_height;
  gboolean   window_maximized;
  char      *last_view;
  char      *overview_range;
  int        fetch_concurrency;
  int        fetch_count;
  int        log_cap_mb;
  int        scan_threads;
  char      *cache_dir;
};

G_DEFINE_FINAL_TYPE (CulpritSettings, culprit_settings, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_WINDOW_WIDTH,
  PROP_WINDOW_HEIGHT,
  PROP_WINDOW_MAXIMIZED,
  PROP_LAST_VIEW,
  PROP_OVERVIEW_RANGE,
  PROP_FETCH_CONCURRENCY,
  PROP_FETCH_COUNT,
  PROP_LOG_CAP_MB,
  PROP_SCAN_THREADS,
  PROP_CACHE_DIR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
culprit_settings_finalize (GObject *object)
{
  CulpritSettings *self = (CulpritSettings *)object;

  g_clear_object (&self->settings);
  g_clear_pointer (&self->last_view, g_free);
  g_clear_pointer (&self->overview_range, g_free);
  g_clear_pointer (&self->cache_dir, g_free);

  G_OBJECT_CLASS (culprit_settings_parent_class)->finalize (object);
}

static void
culprit_settings_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CulpritSettings *self = CULPRIT_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_WINDOW_WIDTH: g_value_set_int (value, self->window_width); break;
    case PROP_WINDOW_HEIGHT: g_value_set_int (value, self->window_height); break;
    case PROP_WINDOW_MAXIMIZED: g_value_set_boolean (value, self->window_maximized); break;
    case PROP_LAST_VIEW: g_value_set_string (value, self->last_view); break;
    case PROP_OVERVIEW_RANGE: g_value_set_string (value, self->overview_range); break;
    case PROP_FETCH_CONCURRENCY: g_value_set_int (value, self->fetch_concurrency); break;
    case PROP_FETCH_COUNT: g_value_set_int (value, self->fetch_count); break;
    case PROP_LOG_CAP_MB: g_value_set_int (value, self->log_cap_mb); break;
    case PROP_SCAN_THREADS: g_value_set_int (value, self->scan_threads); break;
    case PROP_CACHE_DIR: g_value_set_string (value, self->cache_dir); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_string (CulpritSettings *self,
            char           **field,
            const GValue    *value)
{
  const char *str = g_value_get_string (value);

  g_free (*field);
  *field = g_strdup (str ? str : "");
}

static void
culprit_settings_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CulpritSettings *self = CULPRIT_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_WINDOW_WIDTH: self->window_width = g_value_get_int (value); break;
    case PROP_WINDOW_HEIGHT: self->window_height = g_value_get_int (value); break;
    case PROP_WINDOW_MAXIMIZED: self->window_maximized = g_value_get_boolean (value); break;
    case PROP_LAST_VIEW: set_string (self, &self->last_view, value); break;
    case PROP_OVERVIEW_RANGE: set_string (self, &self->overview_range, value); break;
    case PROP_FETCH_CONCURRENCY: self->fetch_concurrency = g_value_get_int (value); break;
    case PROP_FETCH_COUNT: self->fetch_count = g_value_get_int (value); break;
    case PROP_LOG_CAP_MB: self->log_cap_mb = g_value_get_int (value); break;
    case PROP_SCAN_THREADS: self->scan_threads = g_value_get_int (value); break;
    case PROP_CACHE_DIR: set_string (self, &self->cache_dir, value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
int_property (const char *name,
              int         min,
              int         max,
              int         def)
{
  return g_param_spec_int (name, NULL, NULL, min, max, def,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
string_property (const char *name,
                 const char *def)
{
  return g_param_spec_string (name, NULL, NULL, def,
                              G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);
}

static void
culprit_settings_class_init (CulpritSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = culprit_settings_finalize;
  object_class->get_property = culprit_settings_get_property;
  object_class->set_property = culprit_settings_set_property;

  /* The defaults must equal the schema's (see SETTINGS-KEYS.md). */
  properties[PROP_WINDOW_WIDTH] = int_property ("window-width", -1, G_MAXINT, 1180);
  properties[PROP_WINDOW_HEIGHT] = int_property ("window-height", -1, G_MAXINT, 760);
  properties[PROP_WINDOW_MAXIMIZED] =
    g_param_spec_boolean ("window-maximized", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_VIEW] = string_property ("last-view", "overview");
  properties[PROP_OVERVIEW_RANGE] = string_property ("overview-range", "all");
  properties[PROP_FETCH_CONCURRENCY] = int_property ("fetch-concurrency", 1, 64, 8);
  properties[PROP_FETCH_COUNT] = int_property ("fetch-count", 1, 100000, 500);
  properties[PROP_LOG_CAP_MB] = int_property ("log-cap-mb", 1, 4096, 100);
  properties[PROP_SCAN_THREADS] = int_property ("scan-threads", 0, 256, 0);
  properties[PROP_CACHE_DIR] = string_property ("cache-dir", "");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static gboolean
key_fits (GSettingsSchema *schema,
          GParamSpec      *pspec)
{
  g_autoptr(GSettingsSchemaKey) key = NULL;
  const GVariantType *type;

  if (!g_settings_schema_has_key (schema, pspec->name))
    return FALSE;
  key = g_settings_schema_get_key (schema, pspec->name);
  type = g_settings_schema_key_get_value_type (key);

  switch (G_PARAM_SPEC_VALUE_TYPE (pspec))
    {
    case G_TYPE_INT: return g_variant_type_equal (type, G_VARIANT_TYPE_INT32);
    case G_TYPE_BOOLEAN: return g_variant_type_equal (type, G_VARIANT_TYPE_BOOLEAN);
    case G_TYPE_STRING: return g_variant_type_equal (type, G_VARIANT_TYPE_STRING);
    default: return FALSE;
    }
}

static void
culprit_settings_init (CulpritSettings *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, CULPRIT_SETTINGS_SCHEMA_ID, TRUE);
  if (schema == NULL)
    {
      g_debug ("The schema %s is not installed: settings are kept in memory",
               CULPRIT_SETTINGS_SCHEMA_ID);
      return;
    }

  self->settings = g_settings_new_full (schema, NULL, NULL);
  for (guint i = 1; i < N_PROPS; i++)
    {
      if (key_fits (schema, properties[i]))
        g_settings_bind (self->settings, properties[i]->name, self, properties[i]->name,
                         G_SETTINGS_BIND_DEFAULT);
      else
        g_debug ("The schema has no key %s of the expected type: kept in memory",
                 properties[i]->name);
    }
}

/**
 * culprit_settings_get_default:
 *
 * Returns: (transfer none): the settings of the application
 */
CulpritSettings *
culprit_settings_get_default (void)
{
  static CulpritSettings *instance;

  if (g_once_init_enter (&instance))
    g_once_init_leave (&instance, g_object_new (CULPRIT_TYPE_SETTINGS, NULL));
  return instance;
}

/**
 * culprit_settings_get_gsettings:
 *
 * Returns: (transfer none) (nullable): the GSettings, or %NULL when the
 *   schema is not installed
 */
GSettings *
culprit_settings_get_gsettings (CulpritSettings *self)
{
  g_return_val_if_fail (CULPRIT_IS_SETTINGS (self), NULL);
  return self->settings;
}

int
culprit_settings_get_int (CulpritSettings *self,
                          const char      *key)
{
  int value = 0;

  g_return_val_if_fail (CULPRIT_IS_SETTINGS (self), 0);
  g_object_get (self, key, &value, NULL);
  return value;
}

void
culprit_settings_set_int (CulpritSettings *self,
                          const char      *key,
                          int              value)
{
  g_return_if_fail (CULPRIT_IS_SETTINGS (self));
  g_object_set (self, key, value, NULL);
}

gboolean
culprit_settings_get_boolean (CulpritSettings *self,
                              const char      *key)
{
  gboolean value = FALSE;

  g_return_val_if_fail (CULPRIT_IS_SETTINGS (self), FALSE);
  g_object_get (self, key, &value, NULL);
  return value;
}

void
culprit_settings_set_boolean (CulpritSettings *self,
                              const char      *key,
                              gboolean         value)
{
  g_return_if_fail (CULPRIT_IS_SETTINGS (self));
  g_object_set (self, key, value, NULL);
}

char *
culprit_settings_dup_string (CulpritSettings *self,
                             const char      *key)
{
  char *value = NULL;

  g_return_val_if_fail (CULPRIT_IS_SETTINGS (self), NULL);
  g_object_get (self, key, &value, NULL);
  return value;
}

void
culprit_settings_set_string (CulpritSettings *self,
                             const char      *key,
                             const char      *value)
{
  g_return_if_fail (CULPRIT_IS_SETTINGS (self));
  g_object_set (self, key, value, NULL);
}

/**
 * culprit_settings_bind:
 *
 * Binds a setting to a property of @object both ways, initialised from
 * the setting.
 */
void
culprit_settings_bind (CulpritSettings *self,
                       const char      *key,
                       gpointer         object,
                       const char      *property)
{
  g_return_if_fail (CULPRIT_IS_SETTINGS (self));
  g_return_if_fail (G_IS_OBJECT (object));

  g_object_bind_property (self, key, object, property,
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
}
