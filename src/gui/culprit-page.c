/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "culprit-page"

#include "config.h"

#include "culprit-database.h"
#include "culprit-page.h"

/* What every page of the window shares: its database, and a reload when
 * the database changes — at once when the page is on screen, else when it
 * is next shown; a `loading` property for the spinner; the cancellable of
 * the load under way; toasts and errors said in the window's overlay. A
 * page only implements ::reload, as Sysprof's sections only react to
 * their session. */

typedef struct
{
  CulpritDatabase *database;
  GSignalGroup    *database_signals;
  GCancellable    *cancellable;
  gboolean         loading;
  gboolean         stale;           /* changed while not on screen */
} CulpritPagePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (CulpritPage, culprit_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DATABASE,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Only a page on screen loads: the others load when they are shown. */
static void
on_database_changed (CulpritPage *self)
{
  CulpritPagePrivate *priv = culprit_page_get_instance_private (self);

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      priv->stale = TRUE;
      return;
    }
  culprit_page_reload (self);
}

static void
culprit_page_map (GtkWidget *widget)
{
  CulpritPage *self = CULPRIT_PAGE (widget);
  CulpritPagePrivate *priv = culprit_page_get_instance_private (self);

  GTK_WIDGET_CLASS (culprit_page_parent_class)->map (widget);
  if (priv->stale)
    culprit_page_reload (self);
}

static void
culprit_page_dispose (GObject *object)
{
  CulpritPage *self = (CulpritPage *)object;
  CulpritPagePrivate *priv = culprit_page_get_instance_private (self);
  GtkWidget *child;

  g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);
  if (priv->database_signals != NULL)
    g_signal_group_set_target (priv->database_signals, NULL);
  g_clear_object (&priv->database_signals);
  g_clear_object (&priv->database);
  /* a page's template root has no id: the subclass disposed its template
   * children, the rest goes here */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (culprit_page_parent_class)->dispose (object);
}

static void
culprit_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CulpritPage *self = CULPRIT_PAGE (object);

  switch (prop_id)
    {
    case PROP_DATABASE: g_value_set_object (value, culprit_page_get_database (self)); break;
    case PROP_LOADING: g_value_set_boolean (value, culprit_page_get_loading (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
culprit_page_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  CulpritPage *self = CULPRIT_PAGE (object);

  switch (prop_id)
    {
    case PROP_DATABASE: culprit_page_set_database (self, g_value_get_object (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
culprit_page_class_init (CulpritPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = culprit_page_dispose;
  object_class->get_property = culprit_page_get_property;
  object_class->set_property = culprit_page_set_property;
  widget_class->map = culprit_page_map;

  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL, CULPRIT_TYPE_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
culprit_page_init (CulpritPage *self)
{
  CulpritPagePrivate *priv = culprit_page_get_instance_private (self);

  priv->database_signals = g_signal_group_new (CULPRIT_TYPE_DATABASE);
  g_signal_group_connect_swapped (priv->database_signals, "changed", G_CALLBACK (on_database_changed), self);
}

CulpritDatabase *
culprit_page_get_database (CulpritPage *self)
{
  CulpritPagePrivate *priv = culprit_page_get_instance_private (self);

  g_return_val_if_fail (CULPRIT_IS_PAGE (self), NULL);
  return priv->database;
}

/**
 * culprit_page_set_database:
 * @database: (nullable): the store to show
 *
 * Shows @database: loads it now when the page is on screen, else when it
 * is next shown.
 */
void
culprit_page_set_database (CulpritPage     *self,
                           CulpritDatabase *database)
{
  CulpritPagePrivate *priv = culprit_page_get_instance_private (self);

  g_return_if_fail (CULPRIT_IS_PAGE (self));
  g_return_if_fail (database == NULL || CULPRIT_IS_DATABASE (database));

  if (!g_set_object (&priv->database, database))
    return;
  g_signal_group_set_target (priv->database_signals, database);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATABASE]);
  if (database != NULL)
    on_database_changed (self);
}

gboolean
culprit_page_get_loading (CulpritPage *self)
{
  CulpritPagePrivate *priv = culprit_page_get_instance_private (self);

  g_return_val_if_fail (CULPRIT_IS_PAGE (self), FALSE);
  return priv->loading;
}

void
culprit_page_set_loading (CulpritPage *self,
                          gboolean     loading)
{
  CulpritPagePrivate *priv = culprit_page_get_instance_private (self);

  g_return_if_fail (CULPRIT_IS_PAGE (self));

  loading = !!loading;
  if (priv->loading == loading)
    return;
  priv->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/**
 * culprit_page_begin_load:
 *
 * Cancels the load under way, if any, and starts a new one: the page is
 * loading until it calls culprit_page_set_loading (self, FALSE).
 *
 * Returns: (transfer none): the new load's cancellable
 */
GCancellable *
culprit_page_begin_load (CulpritPage *self)
{
  CulpritPagePrivate *priv = culprit_page_get_instance_private (self);

  g_return_val_if_fail (CULPRIT_IS_PAGE (self), NULL);

  g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);
  priv->cancellable = g_cancellable_new ();
  culprit_page_set_loading (self, TRUE);
  return priv->cancellable;
}

/**
 * culprit_page_get_cancellable:
 *
 * Returns: (transfer none) (nullable): the cancellable of the load under
 *   way, or of the last one
 */
GCancellable *
culprit_page_get_cancellable (CulpritPage *self)
{
  CulpritPagePrivate *priv = culprit_page_get_instance_private (self);

  g_return_val_if_fail (CULPRIT_IS_PAGE (self), NULL);
  return priv->cancellable;
}

/**
 * culprit_page_reload:
 *
 * Loads the page again from its database, now.
 */
void
culprit_page_reload (CulpritPage *self)
{
  CulpritPagePrivate *priv = culprit_page_get_instance_private (self);

  g_return_if_fail (CULPRIT_IS_PAGE (self));

  priv->stale = FALSE;
  if (priv->database != NULL && CULPRIT_PAGE_GET_CLASS (self)->reload != NULL)
    CULPRIT_PAGE_GET_CLASS (self)->reload (self);
}

/**
 * culprit_page_add_toast:
 * @toast: (transfer full): what to say
 *
 * Says @toast in the toast overlay the page is in, if it is in one.
 */
void
culprit_page_add_toast (CulpritPage *self,
                        AdwToast    *toast)
{
  GtkWidget *overlay;

  g_return_if_fail (CULPRIT_IS_PAGE (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

/**
 * culprit_page_show_error:
 * @what: what could not be done, such as "Could not save the mark"
 *
 * Says @what and why in the page's toast overlay, for longer than a toast.
 */
void
culprit_page_show_error (CulpritPage  *self,
                         const char   *what,
                         const GError *error)
{
  g_return_if_fail (CULPRIT_IS_PAGE (self));

  culprit_page_add_toast (self, culprit_error_toast_new (what, error));
}

/**
 * culprit_error_toast_new:
 * @what: what could not be done
 *
 * Returns: (transfer floating): a toast of @what and why, that stays
 *   longer than others
 */
AdwToast *
culprit_error_toast_new (const char   *what,
                         const GError *error)
{
  g_autofree char *title = g_markup_printf_escaped ("%s: %s", what, error ? error->message : "");
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_timeout (toast, 10);
  return toast;
}
