/* lim-secret-dialog.h — Enter Secret…: a tenant's client secret (and admin
 * password when it signs in with one), stored in the desktop keyring.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lim-tenant.h"

G_BEGIN_DECLS

/* Asks for the secrets @tenant needs to connect, then stores the ones
 * typed in the keyring (lim_tenant_keyring_store, keyed by the tenant's
 * identity, so that every project with this tenant finds them).  Enter
 * in a row saves.  Returns the dialog (transfer none); its password rows
 * carry the CSS classes "client-secret" and "admin-password". */
AdwMessageDialog *lim_secret_dialog_run_async  (GtkWindow           *parent,
                                                LimTenant           *tenant,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
/* TRUE when every secret typed was stored; FALSE without @error when the
 * person declined; FALSE with @error when the keyring refused. */
gboolean          lim_secret_dialog_run_finish (GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS
