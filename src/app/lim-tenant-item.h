/* lim-tenant-item.h — one tenant of the open project and what is known of
 * its state, as an item of the window's tenant list model.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "lim-status.h"
#include "lim-tenant.h"

G_BEGIN_DECLS

#define LIM_TYPE_TENANT_ITEM (lim_tenant_item_get_type ())

G_DECLARE_FINAL_TYPE (LimTenantItem, lim_tenant_item, LIM, TENANT_ITEM, GObject)

LimTenantItem         *lim_tenant_item_new          (LimTenant             *tenant);
LimTenant             *lim_tenant_item_get_tenant   (LimTenantItem         *self);
const char            *lim_tenant_item_get_alias    (LimTenantItem         *self);
/* NULL until a first reading has finished. */
const LimTenantStatus *lim_tenant_item_get_status   (LimTenantItem         *self);
/* Takes ownership of @status (may be NULL). */
void                   lim_tenant_item_take_status  (LimTenantItem         *self,
                                                     LimTenantStatus       *status);
gboolean               lim_tenant_item_get_loading  (LimTenantItem         *self);
void                   lim_tenant_item_set_loading  (LimTenantItem         *self,
                                                     gboolean               loading);
/* The tenant's revision marker when it has one, else NULL. */
const char            *lim_tenant_item_get_revision (LimTenantItem         *self);
/* "success", "warning", "error" or NULL (no status yet). */
const char            *lim_tenant_item_get_status_class (LimTenantItem     *self);
/* The translated status label, or NULL when no status yet. */
char                  *lim_tenant_item_dup_status_label (LimTenantItem     *self);

G_END_DECLS
