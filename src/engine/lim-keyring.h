/* lim-keyring.h — tenant secrets in the desktop keyring: store, look up
 * and clear them (libsecret, asynchronous only).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lim-tenant.h"

G_BEGIN_DECLS

/* libsecret schema; attributes: "project-dir" (optional), "alias", "kind"
 * ("client-secret" | "admin-password"). */
#define LIM_TENANT_KEYRING_SCHEMA "io.github.liminal_desktop.Liminal.Tenant"

/* The "kind" attribute of @kind's entries ("client-secret",
 * "admin-password"); NULL for the kinds that never live in the keyring. */
const char *lim_tenant_keyring_kind_to_string (LimTenantSecretKind kind);

/* Only LIM_TENANT_SECRET_CLIENT_SECRET and _ADMIN_PASSWORD live in the
 * keyring; other kinds are a programming error.  @project_dir NULL means an
 * entry for every project.  Lookups prefer the @project_dir entry and fall
 * back to a project-less one; clear removes only entries of exactly that
 * scope.  An unreachable keyring is "not found" for lookup and clear and an
 * error for store.  There is no timeout: a secret service that does not
 * answer is waited for until @cancellable is cancelled (secret resolution,
 * lim-secrets.h, gives up after LIM_TENANT_KEYRING_TIMEOUT_MS). */
void      lim_tenant_keyring_store        (const char          *project_dir,
                                           const char          *alias,
                                           LimTenantSecretKind  kind,
                                           const char          *secret,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean  lim_tenant_keyring_store_finish (GAsyncResult  *result,
                                           GError       **error);

/* Finish returns the secret (free with lim_tenant_secret_free), or NULL
 * with no error when there is none. */
void      lim_tenant_keyring_lookup       (const char          *project_dir,
                                           const char          *alias,
                                           LimTenantSecretKind  kind,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
char     *lim_tenant_keyring_lookup_finish (GAsyncResult  *result,
                                            GError       **error);

/* Finish returns TRUE when something was removed. */
void      lim_tenant_keyring_clear        (const char          *project_dir,
                                           const char          *alias,
                                           LimTenantSecretKind  kind,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean  lim_tenant_keyring_clear_finish (GAsyncResult  *result,
                                           GError       **error);

/* lim_tenant_keyring_clear() for a caller that does not wait: a failure is
 * only logged (g_debug) as "Could not clear @what: …"; @what is a static
 * string ("an old keyring entry"). */
void      lim_tenant_keyring_clear_unattended (const char          *project_dir,
                                               const char          *alias,
                                               LimTenantSecretKind  kind,
                                               const char          *what);

G_END_DECLS
