/* lim-tenant-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lim-status-badge.h"
#include "lim-tenant-row.h"

struct _LimTenantRow
{
  GtkListBoxRow parent_instance;

  /* Owned References */
  LimTenantItem *item;

  /* Template Widgets */
  GtkLabel   *alias_label;
  GtkImage   *protected_image;
  GtkLabel   *tenant_label;
  GtkLabel   *revision_label;
  GtkSpinner *spinner;
  GtkLabel   *status_label;
  GtkImage   *lock_image;
  GtkWidget  *sign_in_button;
};

G_DEFINE_FINAL_TYPE (LimTenantRow, lim_tenant_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
lim_tenant_row_new (LimTenantItem *item)
{
  return g_object_new (LIM_TYPE_TENANT_ROW, "item", item, NULL);
}

LimTenantItem *
lim_tenant_row_get_item (LimTenantRow *self)
{
  g_return_val_if_fail (LIM_IS_TENANT_ROW (self), NULL);

  return self->item;
}

const char *
lim_tenant_row_get_status_text (LimTenantRow *self)
{
  g_return_val_if_fail (LIM_IS_TENANT_ROW (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->status_label)))
    return "";

  return gtk_label_get_text (self->status_label);
}

static void
lim_tenant_row_update (LimTenantRow *self)
{
  LimTenant *tenant = lim_tenant_item_get_tenant (self->item);
  const LimTenantStatus *status = lim_tenant_item_get_status (self->item);
  gboolean loading = lim_tenant_item_get_loading (self->item);
  g_autofree char *label = lim_tenant_item_dup_status_label (self->item);
  g_autofree char *accessible = NULL;
  g_autofree char *lock = NULL;

  gtk_label_set_text (self->alias_label, lim_tenant_get_alias (tenant));
  if (lim_tenant_get_url_override (tenant) != NULL)
    {
      const char *url = lim_tenant_get_url_override (tenant);
      const char *host = strstr (url, "://");
      /* Translators: a tenant name, then the host its URL points at */
      g_autofree char *text = g_strdup_printf (_("%s · %s"), lim_tenant_get_tenant_name (tenant),
                                               host != NULL ? host + 3 : url);

      gtk_label_set_text (self->tenant_label, text);
    }
  else
    {
      gtk_label_set_text (self->tenant_label, lim_tenant_get_tenant_name (tenant));
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->tenant_label), lim_tenant_get_base_url (tenant));
  gtk_widget_set_visible (GTK_WIDGET (self->protected_image), lim_tenant_get_protected (tenant));

  if (status != NULL && status->revision != NULL)
    {
      g_autofree char *text = NULL;

      if (status->description != NULL && status->description[0] != '\0')
        /* Translators: a revision id, then its description */
        text = g_strdup_printf (_("%.12s · %s"), status->revision, status->description);
      else
        text = g_strdup_printf ("%.12s", status->revision);
      gtk_label_set_text (self->revision_label, text);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->revision_label), text);
      gtk_widget_set_visible (GTK_WIDGET (self->revision_label), TRUE);
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->revision_label), FALSE);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), loading);
  gtk_spinner_set_spinning (self->spinner, loading);

  if (lim_status_badge_update (self->status_label, self->item))
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), status->message);
  {
    gboolean sign_in = !loading && status != NULL && status->state == LIM_TENANT_STATE_SIGN_IN_NEEDED;
    /* Translators: a tenant alias; the accessible name of its Sign In… button */
    g_autofree char *name = g_strdup_printf (_("Sign in to %s"), lim_tenant_get_alias (tenant));

    gtk_widget_set_visible (self->sign_in_button, sign_in);
    gtk_actionable_set_action_target (GTK_ACTIONABLE (self->sign_in_button), "s", lim_tenant_get_alias (tenant));
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->sign_in_button),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                    -1);
  }
  lock = status != NULL && !loading ? lim_tenant_status_describe_lock (status) : NULL;
  gtk_widget_set_visible (GTK_WIDGET (self->lock_image), lock != NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->lock_image), lock);

  if (loading)
    /* Translators: a tenant alias */
    accessible = g_strdup_printf (_("%s, reading status"), lim_tenant_get_alias (tenant));
  else if (label != NULL && lock != NULL)
    /* Translators: a tenant alias, its status, then who holds its lock */
    accessible = g_strdup_printf (_("%s, %s, locked: %s"), lim_tenant_get_alias (tenant), label, lock);
  else if (label != NULL)
    /* Translators: a tenant alias, then its status */
    accessible = g_strdup_printf (_("%s, %s"), lim_tenant_get_alias (tenant), label);
  else
    accessible = g_strdup (lim_tenant_get_alias (tenant));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
on_item_notify_cb (LimTenantRow *self)
{
  lim_tenant_row_update (self);
}

static void
lim_tenant_row_constructed (GObject *object)
{
  LimTenantRow *self = LIM_TENANT_ROW (object);

  G_OBJECT_CLASS (lim_tenant_row_parent_class)->constructed (object);

  g_assert (self->item != NULL);

  g_signal_connect_object (self->item, "notify::status",
                           G_CALLBACK (on_item_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->item, "notify::loading",
                           G_CALLBACK (on_item_notify_cb), self, G_CONNECT_SWAPPED);
  lim_tenant_row_update (self);
}

static void
lim_tenant_row_dispose (GObject *object)
{
  LimTenantRow *self = LIM_TENANT_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LIM_TYPE_TENANT_ROW);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (lim_tenant_row_parent_class)->dispose (object);
}

static void
lim_tenant_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LimTenantRow *self = LIM_TENANT_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lim_tenant_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  LimTenantRow *self = LIM_TENANT_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      self->item = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lim_tenant_row_class_init (LimTenantRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = lim_tenant_row_constructed;
  object_class->dispose = lim_tenant_row_dispose;
  object_class->get_property = lim_tenant_row_get_property;
  object_class->set_property = lim_tenant_row_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, LIM_TYPE_TENANT_ITEM,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/liminal_desktop/Liminal/lim-tenant-row.ui");
  gtk_widget_class_bind_template_child (widget_class, LimTenantRow, alias_label);
  gtk_widget_class_bind_template_child (widget_class, LimTenantRow, protected_image);
  gtk_widget_class_bind_template_child (widget_class, LimTenantRow, tenant_label);
  gtk_widget_class_bind_template_child (widget_class, LimTenantRow, revision_label);
  gtk_widget_class_bind_template_child (widget_class, LimTenantRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, LimTenantRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, LimTenantRow, lock_image);
  gtk_widget_class_bind_template_child (widget_class, LimTenantRow, sign_in_button);
}

static void
lim_tenant_row_init (LimTenantRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
