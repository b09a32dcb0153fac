/* lim-tenant.c — one tenant: the record, its rules, its variable names.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "lim-tenant-private.h"

G_DEFINE_QUARK (lim-tenant-error-quark, lim_tenant_error)

/* ------------------------------------------------------------ helpers */

void
lim_tenant_secret_free (char *secret)
{
  if (secret == NULL)
    return;
  /* Writes through a volatile pointer are not optimised away. */
  for (volatile char *p = secret; *p != '\0'; p++)
    *p = '\0';
  g_free (secret);
}

void
lim_tenant_secret_clear (char **secret)
{
  lim_tenant_secret_free (*secret);
  *secret = NULL;
}

static const char *
default_env (const char *name,
             gpointer    user_data)
{
  return g_getenv (name);
}

const char *
lim_tenant_env_get (LimTenantEnvFunc env,
                    gpointer         env_data,
                    const char      *name)
{
  return env != NULL ? env (name, env_data) : default_env (name, NULL);
}

char *
lim_tenant_nonempty_dup (const char *s)
{
  return s != NULL && *s != '\0' ? g_strdup (s) : NULL;
}

gboolean
lim_tenant_alias_is_valid (const char *alias)
{
  if (alias == NULL || *alias == '\0')
    return FALSE;
  for (const char *p = alias; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

char *
lim_tenant_alias_env_part (const char *alias)
{
  char *s = g_ascii_strup (alias, -1);

  for (char *p = s; *p != '\0'; p++)
    if (*p == '-')
      *p = '_';
  return s;
}

gboolean
lim_tenant_alias_is_protected_by_default (const char *alias)
{
  return alias != NULL &&
         (g_ascii_strcasecmp (alias, "prod") == 0 || g_ascii_strcasecmp (alias, "production") == 0);
}

static const char *const secret_env_suffix[LIM_TENANT_N_SECRETS] = {
  "CLIENT_SECRET", "ADMIN_PASSWORD", "SESSION", "CSRF",
};

static const char *const secret_labels[LIM_TENANT_N_SECRETS] = {
  "client secret", "admin password", "session cookie", "CSRF token",
};

const char *
lim_tenant_secret_kind_label (LimTenantSecretKind kind)
{
  g_return_val_if_fail (kind < LIM_TENANT_N_SECRETS, NULL);
  return secret_labels[kind];
}

const char *
lim_tenant_auth_to_string (LimTenantAuth auth)
{
  switch (auth)
    {
    case LIM_TENANT_AUTH_SESSION: return "session";
    case LIM_TENANT_AUTH_SSO: return "sso";
    case LIM_TENANT_AUTH_PASSWORD:
    default: return "password";
    }
}

gboolean
lim_tenant_auth_from_string (const char    *s,
                             LimTenantAuth *out)
{
  if (g_strcmp0 (s, "password") == 0)
    *out = LIM_TENANT_AUTH_PASSWORD;
  else if (g_strcmp0 (s, "session") == 0)
    *out = LIM_TENANT_AUTH_SESSION;
  else if (g_strcmp0 (s, "sso") == 0)
    *out = LIM_TENANT_AUTH_SSO;
  else
    return FALSE;
  return TRUE;
}

/* ------------------------------------------------------- LimTenantValue */

void
lim_tenant_value_clear (LimTenantValue *v)
{
  lim_tenant_secret_clear (&v->text);
  g_clear_pointer (&v->var, g_free);
  v->kind = LIM_TENANT_VALUE_UNSET;
  v->has_default = FALSE;
  v->line = 0;
}

void
lim_tenant_value_move (LimTenantValue *dst,
                       LimTenantValue *src)
{
  lim_tenant_value_clear (dst);
  *dst = *src;
  memset (src, 0, sizeof *src);
}

char *
lim_tenant_value_eval (const LimTenantValue *v,
                       LimTenantEnvFunc      env,
                       gpointer              env_data)
{
  const char *value;

  switch (v->kind)
    {
    case LIM_TENANT_VALUE_LITERAL:
      return g_strdup (v->text);
    case LIM_TENANT_VALUE_ENV:
      value = lim_tenant_env_get (env, env_data, v->var);
      if (value != NULL && *value != '\0')
        return g_strdup (value);
      return v->has_default ? g_strdup (v->text) : NULL;
    case LIM_TENANT_VALUE_UNSET:
    default:
      return NULL;
    }
}

/* ------------------------------------------------------------ LimTenant */

static void
tenant_update_base_url (LimTenant *self)
{
  g_free (self->base_url);
  if (self->url_override != NULL)
    self->base_url = g_strdup (self->url_override);
  else
    self->base_url = g_strdup_printf ("https://%s.benchling.com", self->tenant_name ? self->tenant_name : "");
}

LimTenant *
lim_tenant_new (const char *alias,
                const char *tenant_name)
{
  LimTenant *self;

  g_return_val_if_fail (alias != NULL, NULL);

  self = g_new0 (LimTenant, 1);
  g_atomic_ref_count_init (&self->ref);
  self->alias = g_strdup (alias);
  self->tenant_name = g_strdup (tenant_name);
  self->auth = LIM_TENANT_AUTH_PASSWORD;
  self->protected_ = lim_tenant_alias_is_protected_by_default (alias);
  self->origin = LIM_TENANT_ORIGIN_NONE;
  tenant_update_base_url (self);
  return self;
}

LimTenant *
lim_tenant_ref (LimTenant *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
lim_tenant_unref (LimTenant *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref))
    return;
  g_free (self->alias);
  g_free (self->tenant_name);
  g_free (self->url_override);
  g_free (self->base_url);
  g_free (self->client_id);
  g_free (self->admin_email);
  g_strfreev (self->promote_after);
  g_free (self->source_file);
  g_free (self->env_py_file);
  for (guint i = 0; i < LIM_TENANT_N_SECRETS; i++)
    lim_tenant_value_clear (&self->env_py_secrets[i]);
  g_free (self);
}

/* Each getter reads one field: a table of them reads better than fourteen
 * functions of four lines. */
#define TENANT_GETTER(type, name, field)    \
  type                                      \
  lim_tenant_get_ ## name (LimTenant *self)   \
  {                                         \
    return self->field;                     \
  }

TENANT_GETTER (const char *, alias, alias)
TENANT_GETTER (const char *, tenant_name, tenant_name)
TENANT_GETTER (const char *, base_url, base_url)
TENANT_GETTER (const char *, url_override, url_override)
TENANT_GETTER (const char *, client_id, client_id)
TENANT_GETTER (const char *, admin_email, admin_email)
TENANT_GETTER (LimTenantAuth, auth, auth)
TENANT_GETTER (gboolean, schemas_enable_change_warehouse_name, schemas_enable_change_warehouse_name)
TENANT_GETTER (gboolean, fieldsets, fieldsets)
TENANT_GETTER (gboolean, protected, protected_)
TENANT_GETTER (gboolean, allow_insecure, allow_insecure)
TENANT_GETTER (LimTenantOrigin, origin, origin)
TENANT_GETTER (const char *, source_file, source_file)
TENANT_GETTER (guint, source_line, source_line)

#undef TENANT_GETTER

void
lim_tenant_set_tenant_name (LimTenant  *self,
                            const char *tenant_name)
{
  g_free (self->tenant_name);
  self->tenant_name = g_strdup (tenant_name);
  tenant_update_base_url (self);
}

static char *
strip_trailing_slashes (const char *url)
{
  char *s = g_strdup (url);
  gsize len = strlen (s);

  while (len > 0 && s[len - 1] == '/')
    s[--len] = '\0';
  return s;
}

void
lim_tenant_set_url_override (LimTenant  *self,
                             const char *url)
{
  g_free (self->url_override);
  self->url_override = url != NULL && *url != '\0' ? strip_trailing_slashes (url) : NULL;
  tenant_update_base_url (self);
}

void
lim_tenant_set_client_id (LimTenant  *self,
                          const char *client_id)
{
  g_free (self->client_id);
  self->client_id = lim_tenant_nonempty_dup (client_id);
}

void
lim_tenant_set_admin_email (LimTenant  *self,
                            const char *admin_email)
{
  g_free (self->admin_email);
  self->admin_email = lim_tenant_nonempty_dup (admin_email);
}

const char *const *
lim_tenant_get_promote_after (LimTenant *self)
{
  return (const char *const *) self->promote_after;
}

void
lim_tenant_set_promote_after (LimTenant         *self,
                              const char *const *aliases)
{
  g_strfreev (self->promote_after);
  self->promote_after = aliases && aliases[0] ? g_strdupv ((char **) aliases) : NULL;
}

void
lim_tenant_set_auth (LimTenant    *self,
                     LimTenantAuth auth)
{
  self->auth = auth;
}

#define TENANT_FLAG_SETTER(name, field)                     \
  void                                                      \
  lim_tenant_set_ ## name (LimTenant *self, gboolean value)   \
  {                                                         \
    self->field = !!value;                                  \
  }

TENANT_FLAG_SETTER (schemas_enable_change_warehouse_name, schemas_enable_change_warehouse_name)
TENANT_FLAG_SETTER (fieldsets, fieldsets)
TENANT_FLAG_SETTER (protected, protected_)
TENANT_FLAG_SETTER (allow_insecure, allow_insecure)

#undef TENANT_FLAG_SETTER

char *
lim_tenant_get_env_var (LimTenant           *self,
                        LimTenantSecretKind kind)
{
  g_autofree char *part = NULL;

  g_return_val_if_fail (kind < LIM_TENANT_N_SECRETS, NULL);
  part = lim_tenant_alias_env_part (self->alias);
  return g_strdup_printf ("LIMINAL_%s_%s", part, secret_env_suffix[kind]);
}

/* -------------------------------------------------------- validation */

char *
lim_tenant_name_problem (const char *name)
{
  gsize len;

  if (name == NULL || *name == '\0')
    return g_strdup ("the tenant name is empty");
  len = strlen (name);
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.')
      return g_strdup ("a tenant name is made of letters, digits, '-' and '.' (it names the host "
                       "<tenant-name>.benchling.com)");
  if (name[0] == '-' || name[0] == '.' || name[len - 1] == '-' || name[len - 1] == '.')
    return g_strdup ("a tenant name cannot start or end with '-' or '.'");
  return NULL;
}

char *
lim_tenant_alias_problem (const char *alias)
{
  if (!lim_tenant_alias_is_valid (alias))
    return g_strdup ("a tenant alias is made of letters, digits, '-' and '_'");
  return NULL;
}

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0 || g_str_has_suffix (host, ".localhost"))
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* Never quotes the URL: it might carry a password. */
char *
lim_tenant_url_problem (const char *url,
                        gboolean    allow_insecure)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  if (url == NULL)
    return NULL;
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return g_strdup ("not a valid URL");
  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0)
    return g_strdup ("only http:// and https:// URLs are supported");
  if (host == NULL || *host == '\0')
    return g_strdup ("the URL has no host");
  if (g_uri_get_userinfo (uri) != NULL)
    return g_strdup ("the URL must not hold a user name or password (secrets never go in "
                     TENANTS_INI ")");
  if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    return g_strdup ("the URL must not have a query or a fragment");
  if (g_ascii_strcasecmp (scheme, "http") == 0 && !allow_insecure && !host_is_loopback (host))
    return g_strdup ("plain http:// is only allowed for a loopback host (localhost, 127.0.0.1, "
                     "::1); use https:// or set allow-insecure=true");
  return NULL;
}

gboolean
lim_tenant_validate (LimTenant *self,
                     GError   **error)
{
  g_autofree char *problem = NULL;

  if ((problem = lim_tenant_alias_problem (self->alias)) != NULL)
    {
      g_set_error (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_INVALID, "Tenant alias “%s”: %s",
                   self->alias, problem);
      return FALSE;
    }
  if ((problem = lim_tenant_name_problem (self->tenant_name)) != NULL)
    {
      g_set_error (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_INVALID, "Tenant “%s”: %s",
                   self->alias, problem);
      return FALSE;
    }
  if (self->client_id == NULL)
    {
      g_set_error (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_INVALID, "Tenant “%s”: the client id is empty",
                   self->alias);
      return FALSE;
    }
  if ((problem = lim_tenant_url_problem (self->url_override, self->allow_insecure)) != NULL)
    {
      g_set_error (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_INVALID, "Tenant “%s”: url: %s",
                   self->alias, problem);
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------- files */

gboolean
lim_tenant_read_config_file (const char *path,
                             char      **text,
                             gsize      *len,
                             gboolean   *present,
                             GError    **error)
{
  g_autoptr(GError) local = NULL;

  *present = g_file_get_contents (path, text, len, &local);
  if (*present || g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    return TRUE;
  g_set_error (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_IO, "%s", local->message);
  return FALSE;
}
