/* lim-status-badge.h — a tenant's status as a badge label (the tenant row
 * and the tenant page show the same one).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lim-tenant-item.h"

G_BEGIN_DECLS

/* Shows @item's status on @label: its text and the matching style class
 * ("success", "warning" or "error", replacing the previous one).  Hidden
 * while the status is read and before a first reading.  Returns whether
 * the badge is shown. */
gboolean lim_status_badge_update (GtkLabel      *label,
                                  LimTenantItem *item);

G_END_DECLS
