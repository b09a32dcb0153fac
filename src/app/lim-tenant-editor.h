/* lim-tenant-editor.h — the add/edit tenant form of the preferences window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lim-application.h"
#include "lim-tenant.h"
#include "lim-timeline.h"

G_BEGIN_DECLS

#define LIM_TYPE_TENANT_EDITOR (lim_tenant_editor_get_type ())

G_DECLARE_FINAL_TYPE (LimTenantEditor, lim_tenant_editor, LIM, TENANT_EDITOR, GtkWidget)

/* @tenant NULL: a new tenant. */
GtkWidget   *lim_tenant_editor_new        (LimApplication *application,
                                           const char     *config_dir,
                                           LimTimeline    *timeline,
                                           LimTenant      *tenant);
/* The entry of a field: "alias", "tenant-name", "url", "client-id",
 * "admin-email", "client-secret", "admin-password". */
GtkEditable *lim_tenant_editor_get_entry  (LimTenantEditor *self,
                                           const char      *field);
/* "protected", "schemas-enable-change-warehouse-name", "fieldsets",
 * "allow-insecure". */
GtkSwitch   *lim_tenant_editor_get_switch (LimTenantEditor *self,
                                           const char      *flag);
/* The outcome shown by Test Connection ("" before the first test). */
const char  *lim_tenant_editor_get_test_result (LimTenantEditor *self);
gboolean     lim_tenant_editor_get_busy   (LimTenantEditor *self);

G_END_DECLS
