/* lim-tenant-item.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lim-tenant-item.h"

struct _LimTenantItem
{
  GObject parent_instance;

  LimTenant       *tenant;
  LimTenantStatus *status;
  gboolean         loading;
};

G_DEFINE_FINAL_TYPE (LimTenantItem, lim_tenant_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ALIAS,
  PROP_STATUS,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

LimTenantItem *
lim_tenant_item_new (LimTenant *tenant)
{
  LimTenantItem *self;

  g_return_val_if_fail (tenant != NULL, NULL);

  self = g_object_new (LIM_TYPE_TENANT_ITEM, NULL);
  self->tenant = lim_tenant_ref (tenant);

  return self;
}

LimTenant *
lim_tenant_item_get_tenant (LimTenantItem *self)
{
  g_return_val_if_fail (LIM_IS_TENANT_ITEM (self), NULL);

  return self->tenant;
}

const char *
lim_tenant_item_get_alias (LimTenantItem *self)
{
  g_return_val_if_fail (LIM_IS_TENANT_ITEM (self), NULL);

  return lim_tenant_get_alias (self->tenant);
}

const LimTenantStatus *
lim_tenant_item_get_status (LimTenantItem *self)
{
  g_return_val_if_fail (LIM_IS_TENANT_ITEM (self), NULL);

  return self->status;
}

void
lim_tenant_item_take_status (LimTenantItem   *self,
                             LimTenantStatus *status)
{
  g_return_if_fail (LIM_IS_TENANT_ITEM (self));

  if (self->status == status)
    return;

  g_clear_pointer (&self->status, lim_tenant_status_free);
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

gboolean
lim_tenant_item_get_loading (LimTenantItem *self)
{
  g_return_val_if_fail (LIM_IS_TENANT_ITEM (self), FALSE);

  return self->loading;
}

void
lim_tenant_item_set_loading (LimTenantItem *self,
                             gboolean       loading)
{
  g_return_if_fail (LIM_IS_TENANT_ITEM (self));

  loading = !!loading;
  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

const char *
lim_tenant_item_get_revision (LimTenantItem *self)
{
  g_return_val_if_fail (LIM_IS_TENANT_ITEM (self), NULL);

  return self->status != NULL ? self->status->revision : NULL;
}

const char *
lim_tenant_item_get_status_class (LimTenantItem *self)
{
  g_return_val_if_fail (LIM_IS_TENANT_ITEM (self), NULL);

  if (self->status == NULL)
    return NULL;

  switch (self->status->state)
    {
    case LIM_TENANT_STATE_UP_TO_DATE:
      return "success";
    case LIM_TENANT_STATE_BEHIND:
    case LIM_TENANT_STATE_NO_MARKER:
    case LIM_TENANT_STATE_NOT_CONFIGURED:
    case LIM_TENANT_STATE_SIGN_IN_NEEDED:
      return "warning";
    case LIM_TENANT_STATE_UNKNOWN_REVISION:
    case LIM_TENANT_STATE_SIGN_IN_FAILED:
    case LIM_TENANT_STATE_UNREACHABLE:
    case LIM_TENANT_STATE_ERROR:
    default:
      return "error";
    }
}

char *
lim_tenant_item_dup_status_label (LimTenantItem *self)
{
  g_return_val_if_fail (LIM_IS_TENANT_ITEM (self), NULL);

  if (self->status == NULL)
    return NULL;

  return lim_tenant_status_label (self->status);
}

static void
lim_tenant_item_finalize (GObject *object)
{
  LimTenantItem *self = LIM_TENANT_ITEM (object);

  g_clear_pointer (&self->status, lim_tenant_status_free);
  g_clear_pointer (&self->tenant, lim_tenant_unref);

  G_OBJECT_CLASS (lim_tenant_item_parent_class)->finalize (object);
}

static void
lim_tenant_item_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  LimTenantItem *self = LIM_TENANT_ITEM (object);

  switch (prop_id)
    {
    case PROP_ALIAS:
      g_value_set_string (value, lim_tenant_item_get_alias (self));
      break;

    case PROP_STATUS:
      g_value_set_pointer (value, self->status);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lim_tenant_item_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  LimTenantItem *self = LIM_TENANT_ITEM (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      lim_tenant_item_set_loading (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lim_tenant_item_class_init (LimTenantItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lim_tenant_item_finalize;
  object_class->get_property = lim_tenant_item_get_property;
  object_class->set_property = lim_tenant_item_set_property;

  properties[PROP_ALIAS] =
    g_param_spec_string ("alias", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_pointer ("status", NULL, NULL,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lim_tenant_item_init (LimTenantItem *self)
{
}
