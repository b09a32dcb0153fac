/* lim-tenant-row.h — a tenant in the window's sidebar list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lim-tenant-item.h"

G_BEGIN_DECLS

#define LIM_TYPE_TENANT_ROW (lim_tenant_row_get_type ())

G_DECLARE_FINAL_TYPE (LimTenantRow, lim_tenant_row, LIM, TENANT_ROW, GtkListBoxRow)

GtkWidget     *lim_tenant_row_new         (LimTenantItem *item);
LimTenantItem *lim_tenant_row_get_item    (LimTenantRow  *self);
/* The badge text shown now ("" while reading). */
const char    *lim_tenant_row_get_status_text (LimTenantRow *self);

G_END_DECLS
