/* lim-secrets.h — where a tenant's secrets come from, in order: the
 * environment, the desktop keyring, env.py.  Finding them, checking that a
 * tenant has what it needs to connect, and saying where each came from.
 *
 * No function here ever puts a secret value in a GError, a log message or
 * a returned description.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lim-tenant.h"

G_BEGIN_DECLS

typedef enum {
  LIM_SECRET_SOURCE_NONE,
  LIM_SECRET_SOURCE_ENVIRONMENT,
  LIM_SECRET_SOURCE_KEYRING,
  LIM_SECRET_SOURCE_ENV_PY,
} LimSecretSource;

typedef struct
{
  char            *client_secret;
  char            *admin_password;
  char            *session;
  char            *csrf;
  /* Per LimTenantSecretKind: where each value came from, and a short
   * description of that place ("LIMINAL_PROD_CLIENT_SECRET", "the desktop
   * keyring", "env.py:7"), NULL when not found. */
  LimSecretSource  sources[LIM_TENANT_N_SECRETS];
  char            *origins[LIM_TENANT_N_SECRETS];
  /* An `auth = sso` tenant's session from the keyring: when it expires
   * (unix seconds; 0 = unknown, as for one from the environment). */
  gint64           session_expires_at;
} LimTenantSecrets;

typedef enum {
  LIM_TENANT_RESOLVE_DEFAULT    = 0,
  LIM_TENANT_RESOLVE_NO_KEYRING = 1 << 0,   /* skip the desktop keyring */
  /* Connecting (lim_workspace_connect_async()) never asks the workspace's
   * LimSignIn for a session: status reads, which never prompt. */
  LIM_TENANT_RESOLVE_NO_SIGN_IN = 1 << 1,
} LimTenantResolveFlags;

/* The most resolution waits for one keyring lookup; after a lookup that
 * timed out, the keyring is skipped for the other secrets. */
#define LIM_TENANT_KEYRING_TIMEOUT_MS 5000

/* Where and how a tenant's secrets are looked up: the project whose
 * keyring entries come first (NULL: only entries stored without a project),
 * the environment (@env, NULL = g_getenv; called in the thread-default main
 * context) and the resolution flags.  Every field is borrowed: a function
 * that takes a scope copies what it keeps before it returns, so a scope on
 * the stack will do. */
typedef struct
{
  const char            *project_dir;
  LimTenantEnvFunc       env;
  gpointer               env_data;
  LimTenantResolveFlags  flags;
} LimSecretsScope;

/* Find every secret of @tenant: first the environment
 * (LIMINAL_<ALIAS>_…, through @scope's env), then the desktop keyring
 * (client secret and admin password only; entries stored for @scope's
 * project_dir first, then ones stored without a project), then env.py.
 * An `auth = sso` tenant without both LIMINAL_<ALIAS>_SESSION and _CSRF
 * takes its session from the keyring's "sso-session" entry, unless that
 * has expired (it is then left out: a sign-in is needed).
 * @scope may be NULL: g_getenv, no project, default flags.
 * A secret not found is left NULL; an unreachable keyring counts as "not
 * found" (waits at most LIM_TENANT_KEYRING_TIMEOUT_MS).  Runs in the
 * thread-default main context.  Finish fails only with
 * G_IO_ERROR_CANCELLED, when @cancellable was cancelled; free the result
 * with lim_tenant_secrets_free(). */
void              lim_tenant_resolve_secrets_async  (LimTenant             *tenant,
                                                     const LimSecretsScope *scope,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
LimTenantSecrets *lim_tenant_resolve_secrets_finish (GAsyncResult  *result,
                                                     GError       **error);

/* Human-readable list of the places a secret would be read from, in order,
 * e.g. "LIMINAL_PROD_CLIENT_SECRET, the desktop keyring, env.py:7
 * (environment variable BENCHLING_SECRET)".  Never contains a secret value. */
char             *lim_tenant_describe_secret_sources (LimTenant           *self,
                                                      LimTenantSecretKind  kind);

/* The value of one secret, or NULL. */
const char       *lim_tenant_secrets_get     (const LimTenantSecrets *secrets,
                                              LimTenantSecretKind     kind);
/* "client secret from LIMINAL_PROD_CLIENT_SECRET" or "client secret: not
 * configured".  Never contains the value. */
char             *lim_tenant_secrets_describe (const LimTenantSecrets *secrets,
                                               LimTenantSecretKind     kind);

/* Check that everything @tenant needs to connect is there: the client id
 * and client secret, plus admin-email + admin password for auth=password or
 * session + CSRF for auth=session.  The error (LIM_TENANT_ERROR_NO_SECRET)
 * says every way to provide the missing piece.  An `auth = sso` tenant
 * without a session fails with LIM_TENANT_ERROR_SIGN_IN_NEEDED, saying how
 * to sign in. */
gboolean          lim_tenant_secrets_check   (const LimTenantSecrets *secrets,
                                              LimTenant              *tenant,
                                              GError                **error);
gboolean          lim_tenant_secrets_require (const LimTenantSecrets *secrets,
                                              LimTenant              *tenant,
                                              LimTenantSecretKind     kind,
                                              GError                **error);

/* Zeroes every value, then frees. */
void              lim_tenant_secrets_free    (LimTenantSecrets *secrets);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimTenantSecrets, lim_tenant_secrets_free)

G_END_DECLS
