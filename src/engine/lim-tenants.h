/* lim-tenants.h — which Benchling tenants a project talks to, and where
 * their secrets come from.  GLib + libsecret only.
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
 * Aliases are letters, digits, '-' and '_'.  A tenant's environment
 * variables are LIMINAL_<ALIAS>_CLIENT_SECRET, …_ADMIN_PASSWORD, …_SESSION
 * and …_CSRF where <ALIAS> is the alias upper-cased with '-' → '_'; two
 * aliases that map to the same <ALIAS> are an error.
 *
 * Secrets never go in tenants.ini and no function here ever puts a secret
 * value in a GError, a log message or a returned description.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define LIM_TENANT_ERROR (lim_tenant_error_quark ())
GQuark lim_tenant_error_quark (void);

typedef enum {
  LIM_TENANT_ERROR_INVALID,      /* bad tenants.ini / env.py content, bad tenant values */
  LIM_TENANT_ERROR_UNSUPPORTED,  /* env.py uses Python outside the reader's subset */
  LIM_TENANT_ERROR_NOT_FOUND,    /* lookup: no tenant with that alias or tenant name */
  LIM_TENANT_ERROR_AMBIGUOUS,    /* lookup: the tenant name of several tenants */
  LIM_TENANT_ERROR_NO_SECRET,    /* a required secret / setting is not configured */
  LIM_TENANT_ERROR_IO,
} LimTenantError;

typedef enum {
  LIM_TENANT_AUTH_PASSWORD,      /* admin-email + admin password sign-in (§7.2 step 3) */
  LIM_TENANT_AUTH_SESSION,       /* pre-obtained session cookie + CSRF token */
} LimTenantAuth;

typedef enum {
  LIM_TENANT_ORIGIN_NONE,        /* built with lim_tenant_new() */
  LIM_TENANT_ORIGIN_TENANTS_INI,
  LIM_TENANT_ORIGIN_ENV_PY,
} LimTenantOrigin;

typedef enum {
  LIM_TENANT_SECRET_CLIENT_SECRET,
  LIM_TENANT_SECRET_ADMIN_PASSWORD,
  LIM_TENANT_SECRET_SESSION,
  LIM_TENANT_SECRET_CSRF,
  LIM_TENANT_N_SECRETS
} LimTenantSecretKind;

typedef enum {
  LIM_SECRET_SOURCE_NONE,
  LIM_SECRET_SOURCE_ENVIRONMENT,
  LIM_SECRET_SOURCE_KEYRING,
  LIM_SECRET_SOURCE_ENV_PY,
} LimSecretSource;

/* Environment lookup, injectable for tests; NULL means g_getenv. */
typedef const char *(*LimTenantEnvFunc) (const char *name,
                                         gpointer    user_data);

/* ------------------------------------------------------------ LimTenant */

typedef struct _LimTenant LimTenant;

/* A new tenant (for the preferences window): base URL from the tenant name,
 * auth = password, flags false, protected by the alias rule.  Not validated
 * until lim_tenant_validate() / lim_tenant_config_save(). */
LimTenant     *lim_tenant_new                (const char *alias,
                                              const char *tenant_name);
LimTenant     *lim_tenant_ref                (LimTenant *self);
void           lim_tenant_unref              (LimTenant *self);

const char    *lim_tenant_get_alias          (LimTenant *self);
const char    *lim_tenant_get_tenant_name    (LimTenant *self);
/* The base URL without a trailing '/': the `url` override, else
 * https://<tenant-name>.benchling.com. */
const char    *lim_tenant_get_base_url       (LimTenant *self);
/* The `url` override, or NULL. */
const char    *lim_tenant_get_url_override   (LimTenant *self);
/* NULL when not configured (an env.py lookup of an unset variable). */
const char    *lim_tenant_get_client_id      (LimTenant *self);
const char    *lim_tenant_get_admin_email    (LimTenant *self);
LimTenantAuth  lim_tenant_get_auth           (LimTenant *self);
gboolean       lim_tenant_get_schemas_enable_change_warehouse_name (LimTenant *self);
gboolean       lim_tenant_get_fieldsets      (LimTenant *self);
gboolean       lim_tenant_get_protected      (LimTenant *self);
gboolean       lim_tenant_get_allow_insecure (LimTenant *self);
/* Where the tenant was defined: tenants.ini's group line or env.py's
 * assignment line (file as passed to/built by lim_tenant_config_load()). */
LimTenantOrigin lim_tenant_get_origin        (LimTenant *self);
const char    *lim_tenant_get_source_file    (LimTenant *self);
guint          lim_tenant_get_source_line    (LimTenant *self);

/* Setters, for building/editing a tenant before saving it.  @url NULL
 * removes the override. */
void           lim_tenant_set_tenant_name    (LimTenant *self, const char *tenant_name);
void           lim_tenant_set_url_override   (LimTenant *self, const char *url);
void           lim_tenant_set_client_id      (LimTenant *self, const char *client_id);
void           lim_tenant_set_admin_email    (LimTenant *self, const char *admin_email);
void           lim_tenant_set_auth           (LimTenant *self, LimTenantAuth auth);
void           lim_tenant_set_schemas_enable_change_warehouse_name (LimTenant *self, gboolean value);
void           lim_tenant_set_fieldsets      (LimTenant *self, gboolean value);
void           lim_tenant_set_protected      (LimTenant *self, gboolean value);
void           lim_tenant_set_allow_insecure (LimTenant *self, gboolean value);

/* Alias, tenant name, client id and url rules (the same ones load applies). */
gboolean       lim_tenant_validate           (LimTenant *self, GError **error);

/* "LIMINAL_PROD_CLIENT_SECRET" etc.  Free with g_free. */
char          *lim_tenant_get_env_var        (LimTenant *self, LimTenantSecretKind kind);
/* Human-readable list of the places a secret would be read from, in order,
 * e.g. "LIMINAL_PROD_CLIENT_SECRET, the desktop keyring, env.py:7
 * (environment variable BENCHLING_SECRET)".  Never contains a secret value. */
char          *lim_tenant_describe_secret_sources (LimTenant *self, LimTenantSecretKind kind);

/* "password" / "session"; parse returns FALSE for anything else. */
const char    *lim_tenant_auth_to_string     (LimTenantAuth auth);
gboolean       lim_tenant_auth_from_string   (const char *s, LimTenantAuth *out);
/* "client secret", "admin password", "session cookie", "CSRF token". */
const char    *lim_tenant_secret_kind_label  (LimTenantSecretKind kind);
/* Letters, digits, '-', '_', non-empty. */
gboolean       lim_tenant_alias_is_valid     (const char *alias);

/* ------------------------------------------------------ LimTenantConfig */

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

/* ----------------------------------------------------------- Secrets */

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
} LimTenantSecrets;

typedef enum {
  LIM_TENANT_RESOLVE_DEFAULT    = 0,
  LIM_TENANT_RESOLVE_NO_KEYRING = 1 << 0,   /* skip the desktop keyring */
} LimTenantResolveFlags;

/* Find every secret of @tenant: first the environment
 * (LIMINAL_<ALIAS>_…, through @env, NULL = g_getenv), then the desktop
 * keyring (client secret and admin password only; entries stored for
 * @project_dir first, then ones stored without a project), then env.py.
 * Never fails: a secret not found is left NULL, an unreachable keyring
 * counts as "not found" (waits at most LIM_TENANT_KEYRING_TIMEOUT_MS), and
 * a cancelled @cancellable stops at the keyring step. */
LimTenantSecrets *lim_tenant_resolve_secrets (LimTenant             *tenant,
                                              const char            *project_dir,
                                              LimTenantEnvFunc       env,
                                              gpointer               env_data,
                                              LimTenantResolveFlags  flags,
                                              GCancellable          *cancellable);

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
 * says every way to provide the missing piece. */
gboolean          lim_tenant_secrets_check   (const LimTenantSecrets *secrets,
                                              LimTenant              *tenant,
                                              GError                **error);
gboolean          lim_tenant_secrets_require (const LimTenantSecrets *secrets,
                                              LimTenant              *tenant,
                                              LimTenantSecretKind     kind,
                                              GError                **error);

/* Zeroes every value, then frees. */
void              lim_tenant_secrets_free    (LimTenantSecrets *secrets);
/* Zeroes a NUL-terminated string, then g_free()s it.  NULL is fine. */
void              lim_tenant_secret_free     (char *secret);

/* ----------------------------------------------------------- Keyring */

/* libsecret schema; attributes: "project-dir" (optional), "alias", "kind"
 * ("client-secret" | "admin-password"). */
#define LIM_TENANT_KEYRING_SCHEMA "io.github.liminal_desktop.Liminal.Tenant"
/* The most a synchronous keyring call waits. */
#define LIM_TENANT_KEYRING_TIMEOUT_MS 5000

/* Only LIM_TENANT_SECRET_CLIENT_SECRET and _ADMIN_PASSWORD live in the
 * keyring; other kinds are a programming error.  @project_dir NULL means an
 * entry for every project.  Lookups prefer the @project_dir entry and fall
 * back to a project-less one; clear removes only entries of exactly that
 * scope.  An unreachable keyring is "not found" for lookup and clear and an
 * error for store. */
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

/* Synchronous versions (for the CLI): run the async call in a private main
 * context and give up after @timeout_ms (0 = LIM_TENANT_KEYRING_TIMEOUT_MS);
 * a timeout is "not found" for lookup/clear and an error for store. */
gboolean  lim_tenant_keyring_store_sync   (const char          *project_dir,
                                           const char          *alias,
                                           LimTenantSecretKind  kind,
                                           const char          *secret,
                                           guint                timeout_ms,
                                           GCancellable        *cancellable,
                                           GError             **error);
char     *lim_tenant_keyring_lookup_sync  (const char          *project_dir,
                                           const char          *alias,
                                           LimTenantSecretKind  kind,
                                           guint                timeout_ms,
                                           GCancellable        *cancellable,
                                           GError             **error);
gboolean  lim_tenant_keyring_clear_sync   (const char          *project_dir,
                                           const char          *alias,
                                           LimTenantSecretKind  kind,
                                           guint                timeout_ms,
                                           GCancellable        *cancellable,
                                           GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimTenant, lim_tenant_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimTenantConfig, lim_tenant_config_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimTenantSecrets, lim_tenant_secrets_free)

G_END_DECLS
