/* lim-tenant-editor.h — the add/edit tenant form of the preferences window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lim-tenant.h"
#include "lim-workspace.h"

G_BEGIN_DECLS

#define LIM_TYPE_TENANT_EDITOR (lim_tenant_editor_get_type ())

G_DECLARE_FINAL_TYPE (LimTenantEditor, lim_tenant_editor, LIM, TENANT_EDITOR, GtkWidget)

/* Where "Use Local Sandbox" gets its sandbox's base URL (starting it
 * when needed).  Returns a new string, or NULL with @error set. */
typedef char *(*LimSandboxUrlFunc) (gpointer   user_data,
                                    GError   **error);

/* @tenant NULL: a new tenant of @workspace. */
GtkWidget   *lim_tenant_editor_new        (LimWorkspace    *workspace,
                                           LimTenant       *tenant);
/* Without one, "Use Local Sandbox" is disabled. */
void         lim_tenant_editor_set_sandbox_url_func (LimTenantEditor   *self,
                                                     LimSandboxUrlFunc  func,
                                                     gpointer           user_data,
                                                     GDestroyNotify     destroy);
/* The entry of a field: "alias", "tenant-name", "url", "client-id",
 * "admin-email", "client-secret", "admin-password". */
GtkEditable *lim_tenant_editor_get_entry  (LimTenantEditor *self,
                                           const char      *field);
/* "protected", "schemas-enable-change-warehouse-name", "fieldsets",
 * "allow-insecure". */
GtkSwitch   *lim_tenant_editor_get_switch (LimTenantEditor *self,
                                           const char      *flag);
/* The Authentication row: Password, Session Cookie, Single Sign-On. */
AdwComboRow *lim_tenant_editor_get_auth_row (LimTenantEditor *self);
/* The outcome shown by Test Connection ("" before the first test). */
const char  *lim_tenant_editor_get_test_result (LimTenantEditor *self);
gboolean     lim_tenant_editor_get_busy   (LimTenantEditor *self);

G_END_DECLS
