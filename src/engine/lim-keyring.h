/* lim-keyring.h — tenant secrets in the desktop keyring: store, look up
 * and clear them (libsecret, asynchronous only).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lim-sign-in.h"
#include "lim-tenant.h"

G_BEGIN_DECLS

/* libsecret schema.  Entries are keyed by the tenant's identity, so that
 * moving or cloning the project again keeps them: "url" (its base URL,
 * lim_tenant_get_base_url), "client-id" ("" when it has none) and "kind"
 * ("client-secret" | "admin-password"); an admin password also carries
 * "admin-email", the user it signs in as.  Entries written before that carry
 * "project-dir" (the project's config folder; absent or "" = every project)
 * + "alias" + "kind" instead: they are still found, as a fallback. */
#define LIM_TENANT_KEYRING_SCHEMA "io.github.liminal_desktop.Liminal.Tenant"

/* The "kind" attribute of @kind's entries ("client-secret",
 * "admin-password"); NULL for the kinds that never live in the keyring. */
const char *lim_tenant_keyring_kind_to_string (LimTenantSecretKind kind);

/* Which entries a clear removes. */
typedef enum {
  LIM_KEYRING_SCOPE_IDENTITY = 1 << 0,  /* the tenant's url + client-id entries */
  LIM_KEYRING_SCOPE_LEGACY   = 1 << 1,  /* project-dir + alias entries of @project_dir exactly */
  LIM_KEYRING_SCOPE_ALL      = LIM_KEYRING_SCOPE_IDENTITY | LIM_KEYRING_SCOPE_LEGACY,
} LimKeyringScope;

/* Only LIM_TENANT_SECRET_CLIENT_SECRET and _ADMIN_PASSWORD live in the
 * keyring; other kinds are a programming error.
 *
 * Store writes an entry keyed by @tenant's identity (replacing one with
 * the same key).  Lookup finds, in order: the identity entry; an old entry
 * of @project_dir + the tenant's alias; an old entry of the alias stored
 * for every project (@project_dir NULL: only those).  An old entry found
 * is copied to an identity entry (it is kept, for older versions), so the
 * secret survives a later move of the project.  An unreachable keyring is
 * "not found" for lookup and clear and an error for store.  There is no
 * timeout: a secret service that does not answer is waited for until
 * @cancellable is cancelled (secret resolution, lim-secrets.h, gives up
 * after LIM_TENANT_KEYRING_TIMEOUT_MS). */
void      lim_tenant_keyring_store        (LimTenant           *tenant,
                                           LimTenantSecretKind  kind,
                                           const char          *secret,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean  lim_tenant_keyring_store_finish (GAsyncResult  *result,
                                           GError       **error);

/* Finish returns the secret (free with lim_tenant_secret_free), or NULL
 * with no error when there is none. */
void      lim_tenant_keyring_lookup       (LimTenant           *tenant,
                                           const char          *project_dir,
                                           LimTenantSecretKind  kind,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
char     *lim_tenant_keyring_lookup_finish (GAsyncResult  *result,
                                            GError       **error);

/* Removes @tenant's entries of @kind in @scope.  Finish returns TRUE when
 * something was removed. */
void      lim_tenant_keyring_clear        (LimTenant           *tenant,
                                           const char          *project_dir,
                                           LimKeyringScope      scope,
                                           LimTenantSecretKind  kind,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean  lim_tenant_keyring_clear_finish (GAsyncResult  *result,
                                           GError       **error);

/* Whether a tenant of @tenants (element-type LimTenant*) other than the one
 * called @except_alias is keyed like @tenant (the same base URL and client
 * id), so that @tenant's identity entries are its too: a caller clearing
 * @tenant's entries keeps those (LIM_KEYRING_SCOPE_LEGACY only). */
gboolean  lim_tenant_keyring_identity_shared (LimTenant  *tenant,
                                              GPtrArray  *tenants,
                                              const char *except_alias);

/* lim_tenant_keyring_clear() for a caller that does not wait: a failure is
 * only logged (g_debug) as "Could not clear @what: …"; @what is a static
 * string ("an old keyring entry"). */
void      lim_tenant_keyring_clear_unattended (LimTenant           *tenant,
                                               const char          *project_dir,
                                               LimKeyringScope      scope,
                                               LimTenantSecretKind  kind,
                                               const char          *what);

/* The web session of an `auth = sso` tenant (lim-sign-in.h): one entry of
 * kind "sso-session" keyed by the tenant's identity (url + client-id),
 * holding the cookie, the CSRF token and the expiry.  Store replaces the
 * entry; lookup finishes with the session (free with lim_session_free(),
 * expired or not: the caller judges) or NULL with no error when there is
 * none; clear finishes TRUE when an entry was removed.  An unreachable
 * keyring is an error for store, "none" for lookup and clear. */
void        lim_tenant_keyring_store_session         (LimTenant           *tenant,
                                                      const LimSession    *session,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean    lim_tenant_keyring_store_session_finish  (GAsyncResult        *result,
                                                      GError             **error);
void        lim_tenant_keyring_lookup_session        (LimTenant           *tenant,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
LimSession *lim_tenant_keyring_lookup_session_finish (GAsyncResult        *result,
                                                      GError             **error);
void        lim_tenant_keyring_clear_session         (LimTenant           *tenant,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean    lim_tenant_keyring_clear_session_finish  (GAsyncResult        *result,
                                                      GError             **error);

G_END_DECLS
