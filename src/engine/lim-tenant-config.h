/* lim-tenant-config.h — which Benchling tenants a project talks to: its
 * tenants.ini and env.py, read, merged and looked up.  GLib only.
 *
 * The config folder (the folder that holds `versions/`, see lim-project.h)
 * may hold two files:
 *
 *  - `tenants.ini`, ours: a GKeyFile with one group per tenant alias.
 *    Keys (all others are an error, and secret-looking keys such as
 *    `client-secret`, `password`, `session`, `csrf`, `token` are an error
 *    that says where secrets go instead):
 *
 *      tenant-name   required; the Benchling tenant (`<tenant-name>.benchling.com`)
 *      client-id     required; the API client id
 *      url           optional base-URL override (a sandbox or an emulator);
 *                    http(s) only, plain http only for loopback hosts unless
 *                    allow-insecure=true; no user name/password, query or fragment
 *      admin-email   optional; the internal-API admin for password sign-in
 *      auth          `password` (default) or `session` (a pre-obtained
 *                    session cookie + CSRF token from the environment)
 *      schemas-enable-change-warehouse-name   bool, default false (TenantConfigFlags)
 *      fieldsets     bool, default false
 *      protected     bool, default true for the aliases `prod` and
 *                    `production` (any case), false otherwise
 *      allow-insecure  bool, default false
 *
 *  - Liminal's `env.py`, read (never run) with the Python-subset reader
 *    (lim-py.h): every top-level `NAME = BenchlingConnection(...)` (any
 *    dotted prefix) becomes a tenant.  Values may be literals, None,
 *    `os.environ["X"]`, `os.environ.get("X"[, default])` or
 *    `os.getenv("X"[, default])` (`environ.…` / `getenv(…)` after a
 *    `from os import …` work too).  A variable that is not set means "not
 *    configured".  `TenantConfigFlags(...)` as written by `liminal init` is
 *    accepted.
 *
 * Where both files define an alias (an env.py connection without
 * tenant_alias counts as the tenants.ini group with its tenant name),
 * tenants.ini wins (the whole tenant);
 * the env.py tenant's *secrets* still serve as the last fallback when both
 * name the same tenant-name.  env.py-only tenants are kept.  A tenant
 * defined in env.py without `tenant_alias` gets its tenant name as alias.
 *
 * Aliases follow lim_tenant_alias_is_valid(); two aliases that map to the
 * same environment variables (see lim-tenant.h) are an error.
 *
 * Secrets never go in tenants.ini and no function here ever puts a secret
 * value in a GError, a log message or a returned description.  Where
 * secrets come from: lim-secrets.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lim-tenant.h"

G_BEGIN_DECLS

typedef struct _LimTenantConfig LimTenantConfig;

/* Read @config_dir/tenants.ini and @config_dir/env.py (either may be
 * absent; neither present gives an empty config).  @env (NULL: g_getenv)
 * answers env.py's os.environ lookups for non-secret values; it is not kept.
 * Errors name the file and, where known, the line (and group/key). */
LimTenantConfig *lim_tenant_config_load      (const char       *config_dir,
                                              LimTenantEnvFunc  env,
                                              gpointer          env_data,
                                              GError          **error);
LimTenantConfig *lim_tenant_config_ref       (LimTenantConfig *self);
void             lim_tenant_config_unref     (LimTenantConfig *self);

const char      *lim_tenant_config_get_dir   (LimTenantConfig *self);
gboolean         lim_tenant_config_has_tenants_ini (LimTenantConfig *self);
gboolean         lim_tenant_config_has_env_py      (LimTenantConfig *self);
/* tenants.ini tenants in file order, then env.py-only ones in file order.
 * element-type LimTenant*, transfer none. */
GPtrArray       *lim_tenant_config_get_tenants (LimTenantConfig *self);
/* Warnings, "FILE:LINE: message" (element-type utf8), never NULL: each
 * literal secret in env.py, naming its keyword, never its value. */
GPtrArray       *lim_tenant_config_get_warnings (LimTenantConfig *self);

/* A tenant by alias or, failing that, by tenant name (as Liminal).  Several
 * tenants with that tenant name → LIM_TENANT_ERROR_AMBIGUOUS; none →
 * LIM_TENANT_ERROR_NOT_FOUND.  Returns a new reference. */
LimTenant       *lim_tenant_config_lookup    (LimTenantConfig  *self,
                                              const char       *name,
                                              GError          **error);

/* Rewrite @config_dir/tenants.ini atomically, keeping comments and the
 * groups not touched: removes the group @remove_alias (if not NULL) and
 * adds or updates the group of @tenant (if not NULL, after
 * lim_tenant_validate()).  Pass both to rename a tenant, only @tenant to add
 * or update one, only @remove_alias to delete one.  Keys that hold their
 * default are only written when the group already had them.  Never writes
 * a secret.  Creates tenants.ini when absent. */
gboolean         lim_tenant_config_save      (const char  *config_dir,
                                              LimTenant   *tenant,
                                              const char  *remove_alias,
                                              GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimTenantConfig, lim_tenant_config_unref)

G_END_DECLS
