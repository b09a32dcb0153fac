/* lim-tenant.h — one Benchling tenant a project talks to: its record, the
 * rules its values follow and the names of its environment variables.
 * GLib only.  Where tenants are read from: lim-tenant-config.h; where their
 * secrets come from: lim-secrets.h.
 *
 * Aliases are letters, digits, '-' and '_'.  A tenant's environment
 * variables are LIMINAL_<ALIAS>_CLIENT_SECRET, …_ADMIN_PASSWORD, …_SESSION
 * and …_CSRF where <ALIAS> is the alias upper-cased with '-' → '_'.
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
  LIM_TENANT_ERROR_SIGN_IN_NEEDED, /* an `auth = sso` tenant has no valid session */
} LimTenantError;

typedef enum {
  LIM_TENANT_AUTH_PASSWORD,      /* admin-email + admin password sign-in (§7.2 step 3) */
  LIM_TENANT_AUTH_SESSION,       /* pre-obtained session cookie + CSRF token */
  /* single sign-on (`auth = sso`): a session from the environment
   * (LIMINAL_<ALIAS>_SESSION + _CSRF), else the desktop keyring's
   * "sso-session" entry (lim_tenant_keyring_store_session()), else one a
   * LimSignIn obtains (lim_workspace_set_sign_in(), lim-sign-in.h) */
  LIM_TENANT_AUTH_SSO,
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

/* Environment lookup, injectable for tests; NULL means g_getenv. */
typedef const char *(*LimTenantEnvFunc) (const char *name,
                                         gpointer    user_data);

/* ------------------------------------------------------- LimTenantValue */

typedef enum {
  LIM_TENANT_VALUE_UNSET,        /* absent, None, or "" */
  LIM_TENANT_VALUE_LITERAL,      /* text */
  LIM_TENANT_VALUE_ENV,          /* var, plus text as the default when has_default */
} LimTenantValueKind;

/* A setting as a configuration file writes it, before it is looked up: a
 * literal, or an environment variable with an optional default.  The
 * env.py reader produces them; a tenant keeps its env.py secrets this way,
 * so that they are only read when they are needed.  @text may be a secret. */
typedef struct
{
  LimTenantValueKind  kind;
  char               *text;
  char               *var;
  gboolean            has_default;
  guint               line;      /* where it is written; 0 when unknown */
} LimTenantValue;

/* Zeroes @value's text, frees its strings and resets it to UNSET. */
void           lim_tenant_value_clear        (LimTenantValue *value);
/* Clears @dst, moves @src into it and leaves @src UNSET. */
void           lim_tenant_value_move         (LimTenantValue *dst,
                                              LimTenantValue *src);
/* The value now (@env NULL: g_getenv); NULL when not configured.  May be a
 * secret: free it with lim_tenant_secret_free(). */
char          *lim_tenant_value_eval         (const LimTenantValue *value,
                                              LimTenantEnvFunc      env,
                                              gpointer              env_data);

/* ------------------------------------------------------------ LimTenant */

typedef struct _LimTenant LimTenant;

/* A new tenant (for the preferences window): base URL from the tenant name,
 * auth = password, flags false, protected by the alias rule.  Not validated
 * until lim_tenant_validate() / lim_tenant_config_save(). */
LimTenant     *lim_tenant_new                (const char *alias,
                                              const char *tenant_name);
/* Thread-safe. */
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
/* Promotion gates (`promote-after = test, staging`): the tenants that must
 * have run a revision's file, unchanged, before this one may be upgraded to
 * it.  NULL when none. */
const char * const *lim_tenant_get_promote_after (LimTenant *self);
void           lim_tenant_set_promote_after  (LimTenant *self, const char * const *aliases);
void           lim_tenant_set_auth           (LimTenant *self, LimTenantAuth auth);
void           lim_tenant_set_schemas_enable_change_warehouse_name (LimTenant *self, gboolean value);
void           lim_tenant_set_fieldsets      (LimTenant *self, gboolean value);
void           lim_tenant_set_protected      (LimTenant *self, gboolean value);
void           lim_tenant_set_allow_insecure (LimTenant *self, gboolean value);

/* Alias, tenant name, client id and url rules (the same ones load applies). */
gboolean       lim_tenant_validate           (LimTenant *self, GError **error);

/* "LIMINAL_PROD_CLIENT_SECRET" etc.  Free with g_free. */
char          *lim_tenant_get_env_var        (LimTenant *self, LimTenantSecretKind kind);

/* "password" / "session" / "sso"; parse returns FALSE for anything else. */
const char    *lim_tenant_auth_to_string     (LimTenantAuth auth);
gboolean       lim_tenant_auth_from_string   (const char *s, LimTenantAuth *out);
/* "client secret", "admin password", "session cookie", "CSRF token". */
const char    *lim_tenant_secret_kind_label  (LimTenantSecretKind kind);
/* Letters, digits, '-', '_', non-empty. */
gboolean       lim_tenant_alias_is_valid     (const char *alias);

/* Zeroes a NUL-terminated string, then g_free()s it.  NULL is fine. */
void           lim_tenant_secret_free        (char *secret);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimTenant, lim_tenant_unref)

G_END_DECLS
