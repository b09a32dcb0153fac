/* lim-tenants.c — tenant configuration: tenants.ini, env.py, secrets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <libsecret/secret.h>

#include "lim-project.h"
#include "lim-props.h"
#include "lim-py.h"
#include "lim-tenants.h"

G_DEFINE_QUARK (lim-tenant-error-quark, lim_tenant_error)

#define TENANTS_INI "tenants.ini"
#define ENV_PY      "env.py"

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

static void
secret_clear (char **secret)
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

static const char *
env_get (LimTenantEnvFunc env,
         gpointer         env_data,
         const char      *name)
{
  return env != NULL ? env (name, env_data) : default_env (name, NULL);
}

static char *
nonempty_dup (const char *s)
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

/* "prod-eu" → "PROD_EU". */
static char *
alias_env_part (const char *alias)
{
  char *s = g_ascii_strup (alias, -1);

  for (char *p = s; *p != '\0'; p++)
    if (*p == '-')
      *p = '_';
  return s;
}

static gboolean
alias_is_protected_by_default (const char *alias)
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

static const char *const secret_keyring_kinds[LIM_TENANT_N_SECRETS] = {
  "client-secret", "admin-password", NULL, NULL,
};

static const char *const secret_env_py_keywords[LIM_TENANT_N_SECRETS] = {
  "api_client_secret", "internal_api_admin_password", NULL, NULL,
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
  return auth == LIM_TENANT_AUTH_SESSION ? "session" : "password";
}

gboolean
lim_tenant_auth_from_string (const char    *s,
                             LimTenantAuth *out)
{
  if (g_strcmp0 (s, "password") == 0)
    *out = LIM_TENANT_AUTH_PASSWORD;
  else if (g_strcmp0 (s, "session") == 0)
    *out = LIM_TENANT_AUTH_SESSION;
  else
    return FALSE;
  return TRUE;
}

/* ------------------------------------------------ env.py string values */

typedef enum {
  PY_STR_UNSET,     /* absent, None, or "" */
  PY_STR_LITERAL,   /* text */
  PY_STR_ENV,       /* var, plus text as the default when has_default */
} PyStrKind;

typedef struct
{
  PyStrKind kind;
  char     *text;
  char     *var;
  gboolean  has_default;
  guint     line;
} PyStr;

static void
py_str_clear (PyStr *v)
{
  secret_clear (&v->text);
  g_clear_pointer (&v->var, g_free);
  v->kind = PY_STR_UNSET;
  v->has_default = FALSE;
  v->line = 0;
}

static void
py_str_move (PyStr *dst,
             PyStr *src)
{
  py_str_clear (dst);
  *dst = *src;
  memset (src, 0, sizeof *src);
}

static gboolean
name_is_one_of (const char        *name,
                const char *const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (g_strcmp0 (name, names[i]) == 0)
      return TRUE;
  return FALSE;
}

static void
unsupported_value (const LimPyNode *node,
                   const char      *file,
                   const char      *keyword,
                   GError         **error)
{
  lim_set_error_at (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_UNSUPPORTED, file, node,
                    "%s: Liminal Desktop reads env.py without running it and only understands a "
                    "string, None, os.environ[\"NAME\"], os.environ.get(\"NAME\"[, default]) or "
                    "os.getenv(\"NAME\"[, default]) here (found %s); describe this tenant in "
                    TENANTS_INI " instead",
                    keyword, lim_py_kind_to_string (node->kind));
}

/* Never quotes the value: it may be a secret. */
static gboolean
py_str_parse (const LimPyNode *node,
              const char      *file,
              const char      *keyword,
              PyStr           *out,
              GError         **error)
{
  static const char *const subscript_names[] = { "os.environ", "environ", NULL };
  static const char *const call_names[] = {
    "os.environ.get", "environ.get", "os.getenv", "getenv", NULL
  };

  memset (out, 0, sizeof *out);
  out->line = node->line;

  switch (node->kind)
    {
    case LIM_PY_NONE:
      return TRUE;
    case LIM_PY_STR:
      if (*node->str != '\0')
        {
          out->kind = PY_STR_LITERAL;
          out->text = g_strdup (node->str);
        }
      return TRUE;
    case LIM_PY_SUBSCRIPT:
      if (node->callee != NULL && node->callee->kind == LIM_PY_NAME &&
          name_is_one_of (node->callee->str, subscript_names) &&
          node->items != NULL && node->items->len == 1 &&
          ((LimPyNode *) node->items->pdata[0])->kind == LIM_PY_STR)
        {
          out->kind = PY_STR_ENV;
          out->var = g_strdup (((LimPyNode *) node->items->pdata[0])->str);
          return TRUE;
        }
      break;
    case LIM_PY_CALL:
      if (name_is_one_of (node->str, call_names))
        {
          const LimPyNode *name = NULL;
          const LimPyNode *def = NULL;
          guint n_pos = node->items != NULL ? node->items->len : 0;
          guint n_kw = node->keywords != NULL ? node->keywords->len : 0;

          if (n_pos >= 1)
            name = node->items->pdata[0];
          if (n_pos >= 2)
            def = node->items->pdata[1];
          for (guint i = 0; i < n_kw; i++)
            {
              const char *kw = node->keywords->pdata[i];

              if (g_strcmp0 (kw, "default") == 0 && def == NULL)
                def = node->values->pdata[i];
              else if (g_strcmp0 (kw, "key") == 0 && name == NULL)
                name = node->values->pdata[i];
              else
                {
                  lim_set_error_at (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_UNSUPPORTED, file, node,
                                    "%s: unexpected argument '%s' to %s()", keyword, kw, node->str);
                  return FALSE;
                }
            }
          if (n_pos > 2 || name == NULL || name->kind != LIM_PY_STR)
            {
              lim_set_error_at (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_UNSUPPORTED, file, node,
                                "%s: %s() takes the variable name as a string and an optional "
                                "default", keyword, node->str);
              return FALSE;
            }
          if (def != NULL && def->kind != LIM_PY_STR && def->kind != LIM_PY_NONE)
            {
              unsupported_value (def, file, keyword, error);
              return FALSE;
            }
          out->kind = PY_STR_ENV;
          out->var = g_strdup (name->str);
          if (def != NULL)
            {
              out->has_default = TRUE;
              out->text = def->kind == LIM_PY_STR ? nonempty_dup (def->str) : NULL;
            }
          return TRUE;
        }
      break;
    case LIM_PY_BOOL:
    case LIM_PY_INT:
    case LIM_PY_FLOAT:
    case LIM_PY_NAME:
    case LIM_PY_LIST:
    case LIM_PY_TUPLE:
    case LIM_PY_SET:
    case LIM_PY_DICT:
    default:
      break;
    }

  unsupported_value (node, file, keyword, error);
  return FALSE;
}

/* The value now; NULL when not configured.  May be a secret: callers free
 * it with lim_tenant_secret_free(). */
static char *
py_str_eval (const PyStr      *v,
             LimTenantEnvFunc  env,
             gpointer          env_data)
{
  const char *value;

  switch (v->kind)
    {
    case PY_STR_LITERAL:
      return g_strdup (v->text);
    case PY_STR_ENV:
      value = env_get (env, env_data, v->var);
      if (value != NULL && *value != '\0')
        return g_strdup (value);
      return v->has_default ? g_strdup (v->text) : NULL;
    case PY_STR_UNSET:
    default:
      return NULL;
    }
}

/* ------------------------------------------------------------ LimTenant */

struct _LimTenant
{
  grefcount       ref;
  char           *alias;
  char           *tenant_name;
  char           *url_override;
  char           *base_url;
  char           *client_id;
  char           *admin_email;
  LimTenantAuth   auth;
  gboolean        schemas_enable_change_warehouse_name;
  gboolean        fieldsets;
  gboolean        protected_;
  gboolean        allow_insecure;
  LimTenantOrigin origin;
  gboolean        alias_from_name;  /* env.py without tenant_alias */
  char           *source_file;
  guint           source_line;

  /* Secrets as env.py gives them (client secret, admin password). */
  char           *env_py_file;
  PyStr           env_py_secrets[LIM_TENANT_N_SECRETS];
};

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
  g_ref_count_init (&self->ref);
  self->alias = g_strdup (alias);
  self->tenant_name = g_strdup (tenant_name);
  self->auth = LIM_TENANT_AUTH_PASSWORD;
  self->protected_ = alias_is_protected_by_default (alias);
  self->origin = LIM_TENANT_ORIGIN_NONE;
  tenant_update_base_url (self);
  return self;
}

LimTenant *
lim_tenant_ref (LimTenant *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_ref_count_inc (&self->ref);
  return self;
}

void
lim_tenant_unref (LimTenant *self)
{
  if (self == NULL || !g_ref_count_dec (&self->ref))
    return;
  g_free (self->alias);
  g_free (self->tenant_name);
  g_free (self->url_override);
  g_free (self->base_url);
  g_free (self->client_id);
  g_free (self->admin_email);
  g_free (self->source_file);
  g_free (self->env_py_file);
  for (guint i = 0; i < LIM_TENANT_N_SECRETS; i++)
    py_str_clear (&self->env_py_secrets[i]);
  g_free (self);
}

const char *
lim_tenant_get_alias (LimTenant *self)
{
  return self->alias;
}

const char *
lim_tenant_get_tenant_name (LimTenant *self)
{
  return self->tenant_name;
}

const char *
lim_tenant_get_base_url (LimTenant *self)
{
  return self->base_url;
}

const char *
lim_tenant_get_url_override (LimTenant *self)
{
  return self->url_override;
}

const char *
lim_tenant_get_client_id (LimTenant *self)
{
  return self->client_id;
}

const char *
lim_tenant_get_admin_email (LimTenant *self)
{
  return self->admin_email;
}

LimTenantAuth
lim_tenant_get_auth (LimTenant *self)
{
  return self->auth;
}

gboolean
lim_tenant_get_schemas_enable_change_warehouse_name (LimTenant *self)
{
  return self->schemas_enable_change_warehouse_name;
}

gboolean
lim_tenant_get_fieldsets (LimTenant *self)
{
  return self->fieldsets;
}

gboolean
lim_tenant_get_protected (LimTenant *self)
{
  return self->protected_;
}

gboolean
lim_tenant_get_allow_insecure (LimTenant *self)
{
  return self->allow_insecure;
}

LimTenantOrigin
lim_tenant_get_origin (LimTenant *self)
{
  return self->origin;
}

const char *
lim_tenant_get_source_file (LimTenant *self)
{
  return self->source_file;
}

guint
lim_tenant_get_source_line (LimTenant *self)
{
  return self->source_line;
}


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
  self->client_id = nonempty_dup (client_id);
}

void
lim_tenant_set_admin_email (LimTenant  *self,
                            const char *admin_email)
{
  g_free (self->admin_email);
  self->admin_email = nonempty_dup (admin_email);
}

void
lim_tenant_set_auth (LimTenant *self, LimTenantAuth auth)
{
  self->auth = auth;
}

void
lim_tenant_set_schemas_enable_change_warehouse_name (LimTenant *self, gboolean value)
{
  self->schemas_enable_change_warehouse_name = !!value;
}

void
lim_tenant_set_fieldsets (LimTenant *self, gboolean value)
{
  self->fieldsets = !!value;
}

void
lim_tenant_set_protected (LimTenant *self, gboolean value)
{
  self->protected_ = !!value;
}

void
lim_tenant_set_allow_insecure (LimTenant *self, gboolean value)
{
  self->allow_insecure = !!value;
}


char *
lim_tenant_get_env_var (LimTenant           *self,
                        LimTenantSecretKind  kind)
{
  g_autofree char *part = NULL;

  g_return_val_if_fail (kind < LIM_TENANT_N_SECRETS, NULL);
  part = alias_env_part (self->alias);
  return g_strdup_printf ("LIMINAL_%s_%s", part, secret_env_suffix[kind]);
}

/* "env.py:7" or "env.py:7 (environment variable X)". */
static char *
env_py_secret_origin (LimTenant           *self,
                      LimTenantSecretKind  kind)
{
  const PyStr *v = &self->env_py_secrets[kind];

  if (v->kind == PY_STR_ENV)
    return g_strdup_printf ("%s:%u (environment variable %s)", self->env_py_file, v->line, v->var);
  return g_strdup_printf ("%s:%u", self->env_py_file, v->line);
}

char *
lim_tenant_describe_secret_sources (LimTenant           *self,
                                    LimTenantSecretKind  kind)
{
  g_autofree char *var = lim_tenant_get_env_var (self, kind);
  GString *out = g_string_new (var);

  if (secret_keyring_kinds[kind] != NULL)
    g_string_append (out, ", the desktop keyring");
  if (self->env_py_secrets[kind].kind != PY_STR_UNSET)
    {
      g_autofree char *origin = env_py_secret_origin (self, kind);

      g_string_append_printf (out, ", %s", origin);
    }
  return g_string_free (out, FALSE);
}

/* -------------------------------------------------------- validation */

static char *
tenant_name_problem (const char *name)
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

static char *
alias_problem (const char *alias)
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
static char *
url_problem (const char *url,
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
lim_tenant_validate (LimTenant  *self,
                     GError    **error)
{
  g_autofree char *problem = NULL;

  if ((problem = alias_problem (self->alias)) != NULL)
    {
      g_set_error (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_INVALID, "Tenant alias “%s”: %s",
                   self->alias, problem);
      return FALSE;
    }
  if ((problem = tenant_name_problem (self->tenant_name)) != NULL)
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
  if ((problem = url_problem (self->url_override, self->allow_insecure)) != NULL)
    {
      g_set_error (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_INVALID, "Tenant “%s”: url: %s",
                   self->alias, problem);
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------ tenants.ini */

static char *line_group (const char *line);

static const char *const ini_known_keys[] = {
  "tenant-name", "url", "client-id", "admin-email", "auth",
  "schemas-enable-change-warehouse-name", "fieldsets", "protected", "allow-insecure",
  NULL
};

static gboolean
key_looks_secret (const char *key)
{
  static const char *const words[] = {
    "secret", "password", "passwd", "session", "csrf", "token", "cookie", "credential", NULL
  };
  g_autofree char *lower = g_ascii_strdown (key, -1);

  for (guint i = 0; words[i] != NULL; i++)
    if (strstr (lower, words[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* 1-based line of "[group]" (key NULL) or of "key=" inside it; 0 if not found. */
static guint
ini_find_line (const char *text,
               const char *group,
               const char *key)
{
  gboolean in_group = FALSE;
  guint line = 0;
  const char *p = text;

  while (p != NULL && *p != '\0')
    {
      const char *end = strchr (p, '\n');
      gsize len = end != NULL ? (gsize) (end - p) : strlen (p);
      const char *s = p;
      const char *e = p + len;

      line++;
      while (s < e && (*s == ' ' || *s == '\t'))
        s++;
      if (s < e && *s == '[')
        {
          const char *close = memchr (s, ']', e - s);

          in_group = close != NULL && (gsize) (close - s - 1) == strlen (group) &&
                     strncmp (s + 1, group, close - s - 1) == 0;
          if (in_group && key == NULL)
            return line;
        }
      else if (in_group && key != NULL && s < e && *s != '#')
        {
          gsize klen = strlen (key);

          if ((gsize) (e - s) > klen && strncmp (s, key, klen) == 0)
            {
              const char *q = s + klen;

              while (q < e && (*q == ' ' || *q == '\t'))
                q++;
              if (q < e && (*q == '=' || *q == '['))
                return line;
            }
        }
      p = end != NULL ? end + 1 : NULL;
    }
  return 0;
}

static void ini_error (GError    **error,
                       int         code,
                       const char *path,
                       guint       line,
                       const char *format,
                       ...) G_GNUC_PRINTF (5, 6);

static void
ini_error (GError    **error,
           int         code,
           const char *path,
           guint       line,
           const char *format,
           ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (line > 0)
    g_set_error (error, LIM_TENANT_ERROR, code, "%s:%u: %s", path, line, message);
  else
    g_set_error (error, LIM_TENANT_ERROR, code, "%s: %s", path, message);
}

static gboolean
ini_get_bool (GKeyFile   *kf,
              const char *text,
              const char *path,
              const char *group,
              const char *key,
              gboolean    def,
              gboolean   *out,
              GError    **error)
{
  g_autofree char *raw = NULL;

  *out = def;
  if (!g_key_file_has_key (kf, group, key, NULL))
    return TRUE;
  raw = g_key_file_get_value (kf, group, key, NULL);
  if (raw != NULL && (g_strcmp0 (raw, "true") == 0 || g_strcmp0 (raw, "false") == 0))
    {
      *out = g_strcmp0 (raw, "true") == 0;
      return TRUE;
    }
  ini_error (error, LIM_TENANT_ERROR_INVALID, path, ini_find_line (text, group, key),
             "[%s] %s: expected true or false, found “%s”", group, key, raw ? raw : "");
  return FALSE;
}

static LimTenant *
ini_read_group (GKeyFile   *kf,
                const char *text,
                const char *path,
                const char *group,
                GError    **error)
{
  g_autoptr(LimTenant) tenant = NULL;
  g_auto(GStrv) keys = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *tenant_name = NULL;
  g_autofree char *client_id = NULL;
  g_autofree char *url = NULL;
  g_autofree char *auth = NULL;
  guint group_line = ini_find_line (text, group, NULL);
  gboolean b;

  if ((problem = alias_problem (group)) != NULL)
    {
      ini_error (error, LIM_TENANT_ERROR_INVALID, path, group_line,
                 "[%s]: %s (the group name is the tenant's alias)", group, problem);
      return NULL;
    }

  keys = g_key_file_get_keys (kf, group, NULL, NULL);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      guint line = ini_find_line (text, group, keys[i]);

      if (key_looks_secret (keys[i]))
        {
          g_autofree char *part = alias_env_part (group);

          ini_error (error, LIM_TENANT_ERROR_INVALID, path, line,
                     "[%s] %s: secrets never go in " TENANTS_INI "; remove this line and set "
                     "LIMINAL_%s_CLIENT_SECRET / LIMINAL_%s_ADMIN_PASSWORD (or LIMINAL_%s_SESSION "
                     "and LIMINAL_%s_CSRF) in the environment, or store the secret in the desktop "
                     "keyring", group, keys[i], part, part, part, part);
          return NULL;
        }
      if (!name_is_one_of (keys[i], ini_known_keys))
        {
          g_autofree char *known = g_strjoinv (", ", (char **) ini_known_keys);

          ini_error (error, LIM_TENANT_ERROR_INVALID, path, line,
                     "unknown key “%s” in group [%s] (known keys: %s)", keys[i], group, known);
          return NULL;
        }
    }

  tenant_name = g_key_file_get_string (kf, group, "tenant-name", NULL);
  if (tenant_name == NULL || *tenant_name == '\0')
    {
      ini_error (error, LIM_TENANT_ERROR_INVALID, path, group_line,
                 "group [%s] has no tenant-name (the Benchling tenant, as in "
                 "<tenant-name>.benchling.com)", group);
      return NULL;
    }
  if ((problem = tenant_name_problem (tenant_name)) != NULL)
    {
      ini_error (error, LIM_TENANT_ERROR_INVALID, path, ini_find_line (text, group, "tenant-name"),
                 "[%s] tenant-name: %s", group, problem);
      return NULL;
    }
  client_id = g_key_file_get_string (kf, group, "client-id", NULL);
  if (client_id == NULL || *client_id == '\0')
    {
      ini_error (error, LIM_TENANT_ERROR_INVALID, path, group_line,
                 "group [%s] has no client-id (the Benchling API client id)", group);
      return NULL;
    }

  tenant = lim_tenant_new (group, tenant_name);
  tenant->origin = LIM_TENANT_ORIGIN_TENANTS_INI;
  tenant->source_file = g_strdup (path);
  tenant->source_line = group_line;
  lim_tenant_set_client_id (tenant, client_id);
  {
    g_autofree char *email = g_key_file_get_string (kf, group, "admin-email", NULL);

    lim_tenant_set_admin_email (tenant, email);
  }

  auth = g_key_file_get_string (kf, group, "auth", NULL);
  if (auth != NULL && !lim_tenant_auth_from_string (auth, &tenant->auth))
    {
      ini_error (error, LIM_TENANT_ERROR_INVALID, path, ini_find_line (text, group, "auth"),
                 "[%s] auth: expected “password” or “session”, found “%s”", group, auth);
      return NULL;
    }

  if (!ini_get_bool (kf, text, path, group, "schemas-enable-change-warehouse-name", FALSE, &b, error))
    return NULL;
  tenant->schemas_enable_change_warehouse_name = b;
  if (!ini_get_bool (kf, text, path, group, "fieldsets", FALSE, &b, error))
    return NULL;
  tenant->fieldsets = b;
  if (!ini_get_bool (kf, text, path, group, "protected", alias_is_protected_by_default (group), &b, error))
    return NULL;
  tenant->protected_ = b;
  if (!ini_get_bool (kf, text, path, group, "allow-insecure", FALSE, &b, error))
    return NULL;
  tenant->allow_insecure = b;

  url = g_key_file_get_string (kf, group, "url", NULL);
  if (url != NULL && *url != '\0')
    {
      g_clear_pointer (&problem, g_free);
      if ((problem = url_problem (url, tenant->allow_insecure)) != NULL)
        {
          ini_error (error, LIM_TENANT_ERROR_INVALID, path, ini_find_line (text, group, "url"),
                     "[%s] url: %s", group, problem);
          return NULL;
        }
      lim_tenant_set_url_override (tenant, url);
    }

  return g_steal_pointer (&tenant);
}

/* GKeyFile merges a group given twice; for tenants that hides a mistake. */
static gboolean
ini_check_duplicate_groups (const char  *text,
                            const char  *path,
                            GError     **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *name = line_group (lines[i]);
      gpointer first;

      if (name == NULL)
        continue;
      if (g_hash_table_lookup_extended (seen, name, NULL, &first))
        {
          ini_error (error, LIM_TENANT_ERROR_INVALID, path, i + 1,
                     "group [%s] is defined twice (first on line %u)", name, GPOINTER_TO_UINT (first));
          g_free (name);
          return FALSE;
        }
      g_hash_table_insert (seen, name, GUINT_TO_POINTER (i + 1));
    }
  return TRUE;
}

/* Reads @path into @text; FALSE with no error when it does not exist. */
static gboolean
read_optional_file (const char  *path,
                    char       **text,
                    gsize       *len,
                    GError     **error)
{
  g_autoptr(GError) local = NULL;

  if (g_file_get_contents (path, text, len, &local))
    return TRUE;
  if (!g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    g_set_error (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_IO, "%s", local->message);
  return FALSE;
}

static gboolean
load_ini (const char *path,
          GPtrArray  *tenants,
          gboolean   *present,
          GError    **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GError) local = NULL;
  g_auto(GStrv) groups = NULL;
  gsize len = 0;

  *present = FALSE;
  if (!read_optional_file (path, &text, &len, &local))
    {
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      return TRUE;
    }
  *present = TRUE;

  if (!g_key_file_load_from_data (kf, text, len, G_KEY_FILE_NONE, &local))
    {
      g_set_error (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_INVALID, "%s: %s", path, local->message);
      return FALSE;
    }

  if (!ini_check_duplicate_groups (text, path, error))
    return FALSE;

  groups = g_key_file_get_groups (kf, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      LimTenant *tenant = ini_read_group (kf, text, path, groups[i], error);

      if (tenant == NULL)
        return FALSE;
      g_ptr_array_add (tenants, tenant);
    }
  return TRUE;
}

/* ----------------------------------------------------------- env.py */

/* `TenantConfigFlags(...)`, as `liminal init` writes it, is outside the
 * reader's subset: blank the Ellipsis (same length, so positions hold). */
static void
blank_config_flags_ellipsis (char *text)
{
  static const char needle[] = "TenantConfigFlags";
  char *p = text;

  while ((p = strstr (p, needle)) != NULL)
    {
      char *q = p + strlen (needle);

      p = q;
      while (*q == ' ' || *q == '\t')
        q++;
      if (*q != '(')
        continue;
      q++;
      while (g_ascii_isspace (*q))
        q++;
      if (strncmp (q, "...", 3) != 0)
        continue;
      {
        char *r = q + 3;

        while (g_ascii_isspace (*r))
          r++;
        if (*r == ')')
          memset (q, ' ', 3);
      }
    }
}

static gboolean
env_py_bool (const LimPyNode *node,
             const char      *file,
             const char      *keyword,
             gboolean        *out,
             GError         **error)
{
  if (node->kind != LIM_PY_BOOL)
    {
      lim_set_error_at (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_UNSUPPORTED, file, node,
                        "%s: expected True or False, found %s", keyword,
                        lim_py_kind_to_string (node->kind));
      return FALSE;
    }
  *out = node->bval;
  return TRUE;
}

/* The value of a non-secret keyword now. */
static gboolean
env_py_string (const LimPyNode  *node,
               const char       *file,
               const char       *keyword,
               LimTenantEnvFunc  env,
               gpointer          env_data,
               char            **out,
               PyStr            *raw,
               GError          **error)
{
  PyStr v;

  if (!py_str_parse (node, file, keyword, &v, error))
    return FALSE;
  g_free (*out);
  *out = py_str_eval (&v, env, env_data);
  if (raw != NULL)
    py_str_move (raw, &v);
  else
    py_str_clear (&v);
  return TRUE;
}

static LimTenant *
env_py_tenant (const LimPyStmt  *stmt,
               const LimPyNode  *call,
               const char       *file,
               LimTenantEnvFunc  env,
               gpointer          env_data,
               GError          **error)
{
  g_autofree char *tenant_name = NULL;
  g_autofree char *alias = NULL;
  g_autofree char *client_id = NULL;
  g_autofree char *admin_email = NULL;
  g_autofree char *problem = NULL;
  PyStr name_raw = { 0 };
  PyStr secrets[LIM_TENANT_N_SECRETS] = { { 0 } };
  const LimPyNode *name_node = NULL;
  const LimPyNode *alias_node = NULL;
  gboolean fieldsets = FALSE;
  gboolean change_wh = FALSE;
  gboolean alias_from_name = FALSE;
  LimTenant *tenant = NULL;
  guint n_kw = call->keywords != NULL ? call->keywords->len : 0;

  if (call->items != NULL && call->items->len > 0)
    {
      lim_set_error_at (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_INVALID, file, call->items->pdata[0],
                        "BenchlingConnection() takes keyword arguments only");
      return NULL;
    }

  for (guint i = 0; i < n_kw; i++)
    {
      const char *kw = call->keywords->pdata[i];
      const LimPyNode *value = call->values->pdata[i];
      gboolean ok = TRUE;

      if (strcmp (kw, "tenant_name") == 0)
        {
          name_node = value;
          ok = env_py_string (value, file, kw, env, env_data, &tenant_name, &name_raw, error);
        }
      else if (strcmp (kw, "tenant_alias") == 0)
        {
          alias_node = value;
          ok = env_py_string (value, file, kw, env, env_data, &alias, NULL, error);
        }
      else if (strcmp (kw, "api_client_id") == 0)
        ok = env_py_string (value, file, kw, env, env_data, &client_id, NULL, error);
      else if (strcmp (kw, "internal_api_admin_email") == 0)
        ok = env_py_string (value, file, kw, env, env_data, &admin_email, NULL, error);
      else if (strcmp (kw, "api_client_secret") == 0 ||
               strcmp (kw, "internal_api_admin_password") == 0)
        {
          LimTenantSecretKind kind = strcmp (kw, "api_client_secret") == 0
                                     ? LIM_TENANT_SECRET_CLIENT_SECRET
                                     : LIM_TENANT_SECRET_ADMIN_PASSWORD;
          PyStr v;

          ok = py_str_parse (value, file, kw, &v, error);
          if (ok)
            py_str_move (&secrets[kind], &v);
        }
      else if (strcmp (kw, "fieldsets") == 0)
        ok = env_py_bool (value, file, kw, &fieldsets, error);
      else if (strcmp (kw, "config_flags") == 0)
        {
          if (value->kind != LIM_PY_CALL ||
              g_strcmp0 (lim_py_name_last (value->str), "TenantConfigFlags") != 0 ||
              (value->items != NULL && value->items->len > 0))
            {
              lim_set_error_at (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_UNSUPPORTED, file, value,
                                "config_flags: expected TenantConfigFlags(schemas_enable_change_"
                                "warehouse_name=True|False)");
              ok = FALSE;
            }
          else
            {
              const LimPyNode *flag = lim_py_call_get_kwarg (value, "schemas_enable_change_warehouse_name");

              if (flag != NULL)
                ok = env_py_bool (flag, file, "schemas_enable_change_warehouse_name", &change_wh, error);
            }
        }
      /* warehouse_connection_string, playwright_data_dir,
       * current_revision_id_var_name and anything else (pydantic ignores
       * unknown keywords): not used. */

      if (!ok)
        goto out;
    }

  if (tenant_name == NULL)
    {
      if (name_raw.kind == PY_STR_ENV)
        lim_set_error_at (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_INVALID, file, name_node,
                          "tenant_name: the environment variable %s is not set", name_raw.var);
      else
        lim_set_error_at (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_INVALID, file,
                          name_node ? name_node : call, "BenchlingConnection needs a tenant_name");
      goto out;
    }
  if ((problem = tenant_name_problem (tenant_name)) != NULL)
    {
      lim_set_error_at (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_INVALID, file, name_node,
                        "tenant_name: %s", problem);
      goto out;
    }
  if (alias == NULL)
    {
      alias = g_strdup (tenant_name);
      alias_from_name = TRUE;
    }
  else if ((problem = alias_problem (alias)) != NULL)
    {
      lim_set_error_at (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_INVALID, file, alias_node,
                        "tenant_alias: %s", problem);
      goto out;
    }
  if (g_strcmp0 (alias, tenant_name) == 0 && (problem = alias_problem (alias)) != NULL)
    {
      lim_set_error_at (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_INVALID, file, name_node,
                        "tenant_name “%s” cannot serve as an alias (%s); add a tenant_alias",
                        tenant_name, problem);
      goto out;
    }

  tenant = lim_tenant_new (alias, tenant_name);
  tenant->origin = LIM_TENANT_ORIGIN_ENV_PY;
  tenant->alias_from_name = alias_from_name;
  tenant->source_file = g_strdup (file);
  tenant->source_line = stmt->line;
  tenant->env_py_file = g_strdup (file);
  tenant->client_id = g_steal_pointer (&client_id);
  tenant->admin_email = g_steal_pointer (&admin_email);
  tenant->fieldsets = fieldsets;
  tenant->schemas_enable_change_warehouse_name = change_wh;
  for (guint k = 0; k < LIM_TENANT_N_SECRETS; k++)
    py_str_move (&tenant->env_py_secrets[k], &secrets[k]);

out:
  py_str_clear (&name_raw);
  for (guint k = 0; k < LIM_TENANT_N_SECRETS; k++)
    py_str_clear (&secrets[k]);
  return tenant;
}

static gint
compare_source_line (gconstpointer a,
                     gconstpointer b)
{
  const LimTenant *ta = *(LimTenant *const *) a;
  const LimTenant *tb = *(LimTenant *const *) b;

  return (ta->source_line > tb->source_line) - (ta->source_line < tb->source_line);
}

static gboolean
load_env_py (const char       *path,
             LimTenantEnvFunc  env,
             gpointer          env_data,
             GPtrArray        *tenants,
             gboolean         *present,
             GError          **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(LimPyModule) module = NULL;
  g_autoptr(GHashTable) names = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GPtrArray) found = NULL;
  GHashTableIter iter;
  gpointer value;
  gsize len = 0;

  *present = FALSE;
  if (!read_optional_file (path, &text, &len, &local))
    {
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      return TRUE;
    }
  *present = TRUE;

  if (memchr (text, '\0', len) == NULL)
    blank_config_flags_ellipsis (text);
  module = lim_py_parse (text, len, path, &local);
  if (module == NULL)
    {
      g_set_error (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_UNSUPPORTED,
                   "%s (Liminal Desktop reads env.py without running it and only understands "
                   "simple assignments; describe your tenants in " TENANTS_INI " instead)",
                   local->message);
      return FALSE;
    }

  /* A name's last assignment wins, as when Python runs the file. */
  names = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) lim_tenant_unref);
  for (guint i = 0; i < module->statements->len; i++)
    {
      const LimPyStmt *stmt = module->statements->pdata[i];
      LimTenant *tenant = NULL;

      if (stmt->kind != LIM_PY_STMT_ASSIGN || stmt->targets == NULL)
        continue;
      if (stmt->value != NULL && stmt->value->kind == LIM_PY_CALL &&
          g_strcmp0 (lim_py_name_last (stmt->value->str), "BenchlingConnection") == 0)
        {
          tenant = env_py_tenant (stmt, stmt->value, path, env, env_data, error);
          if (tenant == NULL)
            return FALSE;
        }
      for (guint t = 0; t < stmt->targets->len; t++)
        {
          if (tenant != NULL)
            g_hash_table_replace (names, stmt->targets->pdata[t], lim_tenant_ref (tenant));
          else
            g_hash_table_remove (names, stmt->targets->pdata[t]);
        }
      g_clear_pointer (&tenant, lim_tenant_unref);
    }

  found = g_ptr_array_new_with_free_func ((GDestroyNotify) lim_tenant_unref);
  seen = g_hash_table_new (NULL, NULL);
  g_hash_table_iter_init (&iter, names);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (g_hash_table_add (seen, value))
      g_ptr_array_add (found, lim_tenant_ref (value));
  g_ptr_array_sort (found, compare_source_line);

  for (guint i = 0; i < found->len; i++)
    {
      LimTenant *tenant = found->pdata[i];

      for (guint j = 0; j < i; j++)
        {
          LimTenant *other = found->pdata[j];

          if (strcmp (other->alias, tenant->alias) == 0)
            {
              g_set_error (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_INVALID,
                           "%s:%u: a BenchlingConnection with the alias “%s” is already defined "
                           "on line %u", path, tenant->source_line, tenant->alias, other->source_line);
              return FALSE;
            }
        }
      g_ptr_array_add (tenants, lim_tenant_ref (tenant));
    }
  return TRUE;
}

/* ------------------------------------------------------ LimTenantConfig */

struct _LimTenantConfig
{
  grefcount  ref;
  char      *dir;
  gboolean   has_ini;
  gboolean   has_env_py;
  GPtrArray *tenants;   /* LimTenant*, owned */
};

static LimTenant *
find_alias (GPtrArray  *tenants,
            const char *alias)
{
  for (guint i = 0; i < tenants->len; i++)
    {
      LimTenant *tenant = tenants->pdata[i];

      if (strcmp (tenant->alias, alias) == 0)
        return tenant;
    }
  return NULL;
}

LimTenantConfig *
lim_tenant_config_load (const char        *config_dir,
                        LimTenantEnvFunc   env,
                        gpointer           env_data,
                        GError           **error)
{
  g_autoptr(LimTenantConfig) self = g_new0 (LimTenantConfig, 1);
  g_autoptr(GPtrArray) env_tenants = g_ptr_array_new_with_free_func ((GDestroyNotify) lim_tenant_unref);
  g_autofree char *ini_path = NULL;
  g_autofree char *env_path = NULL;
  guint n_ini;

  g_return_val_if_fail (config_dir != NULL, NULL);

  g_ref_count_init (&self->ref);
  self->dir = g_strdup (config_dir);
  self->tenants = g_ptr_array_new_with_free_func ((GDestroyNotify) lim_tenant_unref);
  ini_path = g_build_filename (config_dir, TENANTS_INI, NULL);
  env_path = g_build_filename (config_dir, ENV_PY, NULL);

  if (!load_ini (ini_path, self->tenants, &self->has_ini, error))
    return NULL;
  if (!load_env_py (env_path, env, env_data, env_tenants, &self->has_env_py, error))
    return NULL;

  /* tenants.ini wins per alias; env.py's secrets stay as the last resort
   * when both name the same tenant. */
  n_ini = self->tenants->len;
  for (guint i = 0; i < env_tenants->len; i++)
    {
      LimTenant *from_env = env_tenants->pdata[i];
      LimTenant *from_ini = find_alias (self->tenants, from_env->alias);

      /* Without a tenant_alias, an env.py connection is named by its tenant
       * name: the tenants.ini group for that tenant replaces it. */
      if (from_ini == NULL && from_env->alias_from_name)
        {
          for (guint j = 0; j < n_ini && from_ini == NULL; j++)
            {
              LimTenant *candidate = self->tenants->pdata[j];

              if (g_ascii_strcasecmp (candidate->tenant_name, from_env->tenant_name) == 0)
                from_ini = candidate;
            }
        }

      if (from_ini == NULL)
        {
          g_ptr_array_add (self->tenants, lim_tenant_ref (from_env));
          continue;
        }
      if (g_ascii_strcasecmp (from_ini->tenant_name, from_env->tenant_name) == 0)
        {
          g_free (from_ini->env_py_file);
          from_ini->env_py_file = g_strdup (from_env->env_py_file);
          for (guint k = 0; k < LIM_TENANT_N_SECRETS; k++)
            py_str_move (&from_ini->env_py_secrets[k], &from_env->env_py_secrets[k]);
        }
    }

  /* Two aliases must not share environment variables. */
  for (guint i = 0; i < self->tenants->len; i++)
    {
      LimTenant *a = self->tenants->pdata[i];
      g_autofree char *pa = alias_env_part (a->alias);

      for (guint j = 0; j < i; j++)
        {
          LimTenant *b = self->tenants->pdata[j];
          g_autofree char *pb = alias_env_part (b->alias);

          if (strcmp (pa, pb) == 0)
            {
              g_set_error (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_INVALID,
                           "%s:%u: the alias “%s” would share the environment variables "
                           "LIMINAL_%s_* with the alias “%s” (%s:%u); rename one of them",
                           a->source_file, a->source_line, a->alias, pa, b->alias,
                           b->source_file, b->source_line);
              return NULL;
            }
        }
    }

  return g_steal_pointer (&self);
}

LimTenantConfig *
lim_tenant_config_ref (LimTenantConfig *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_ref_count_inc (&self->ref);
  return self;
}

void
lim_tenant_config_unref (LimTenantConfig *self)
{
  if (self == NULL || !g_ref_count_dec (&self->ref))
    return;
  g_free (self->dir);
  g_clear_pointer (&self->tenants, g_ptr_array_unref);
  g_free (self);
}

const char *
lim_tenant_config_get_dir (LimTenantConfig *self)
{
  return self->dir;
}

gboolean
lim_tenant_config_has_tenants_ini (LimTenantConfig *self)
{
  return self->has_ini;
}

gboolean
lim_tenant_config_has_env_py (LimTenantConfig *self)
{
  return self->has_env_py;
}

GPtrArray *
lim_tenant_config_get_tenants (LimTenantConfig *self)
{
  return self->tenants;
}


LimTenant *
lim_tenant_config_lookup (LimTenantConfig  *self,
                          const char       *name,
                          GError          **error)
{
  g_autoptr(GPtrArray) matches = g_ptr_array_new ();
  LimTenant *tenant;

  g_return_val_if_fail (self != NULL && name != NULL, NULL);

  if ((tenant = find_alias (self->tenants, name)) != NULL)
    return lim_tenant_ref (tenant);

  for (guint i = 0; i < self->tenants->len; i++)
    {
      tenant = self->tenants->pdata[i];
      if (g_strcmp0 (tenant->tenant_name, name) == 0)
        g_ptr_array_add (matches, tenant);
    }
  if (matches->len == 1)
    return lim_tenant_ref (matches->pdata[0]);

  if (matches->len > 1)
    {
      GString *aliases = g_string_new (NULL);

      for (guint i = 0; i < matches->len; i++)
        g_string_append_printf (aliases, "%s%s", i > 0 ? ", " : "", ((LimTenant *) matches->pdata[i])->alias);
      g_set_error (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_AMBIGUOUS,
                   "“%s” is the tenant name of several tenants (%s); name one by its alias", name,
                   aliases->str);
      g_string_free (aliases, TRUE);
      return NULL;
    }

  if (self->tenants->len == 0)
    {
      g_set_error (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_NOT_FOUND,
                   "No tenant “%s”: no tenants are configured; add one to %s%s" TENANTS_INI
                   " (or a BenchlingConnection to env.py)", name, self->dir, G_DIR_SEPARATOR_S);
    }
  else
    {
      GString *known = g_string_new (NULL);

      for (guint i = 0; i < self->tenants->len; i++)
        {
          tenant = self->tenants->pdata[i];
          g_string_append_printf (known, "%s%s (%s)", i > 0 ? ", " : "", tenant->alias, tenant->tenant_name);
        }
      g_set_error (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_NOT_FOUND,
                   "No tenant with the alias or tenant name “%s” in %s; known tenants: %s", name,
                   self->dir, known->str);
      g_string_free (known, TRUE);
    }
  return NULL;
}

/* --------------------------------------------------------------- save */

/* tenants.ini is rewritten line by line so that every line outside the
 * edited group stays byte for byte what it was (GKeyFile's own writer moves
 * blank lines and comments around). */

static gboolean
line_is_blank_or_comment (const char *line)
{
  while (*line == ' ' || *line == '\t' || *line == '\r')
    line++;
  return *line == '\0' || *line == '#';
}

static gboolean
line_is_comment (const char *line)
{
  while (*line == ' ' || *line == '\t')
    line++;
  return *line == '#';
}

/* The group a "[name]" line opens, or NULL. */
static char *
line_group (const char *line)
{
  const char *close;

  while (*line == ' ' || *line == '\t')
    line++;
  if (*line != '[' || (close = strchr (line, ']')) == NULL)
    return NULL;
  return g_strndup (line + 1, close - line - 1);
}

/* The key of a "key=value" line (with any "[locale]" suffix), or NULL. */
static char *
line_key (const char *line)
{
  const char *eq;
  const char *end;

  while (*line == ' ' || *line == '\t')
    line++;
  if (*line == '#' || *line == '[' || (eq = strchr (line, '=')) == NULL)
    return NULL;
  end = eq;
  while (end > line && (end[-1] == ' ' || end[-1] == '\t'))
    end--;
  return g_strndup (line, end - line);
}

/* Index of the "[group]" line, or -1. */
static int
lines_find_group (GPtrArray  *lines,
                  const char *group)
{
  for (guint i = 0; i < lines->len; i++)
    {
      g_autofree char *name = line_group (lines->pdata[i]);

      if (name != NULL && strcmp (name, group) == 0)
        return (int) i;
    }
  return -1;
}

/* The end of the group that starts at @header: the next header, or the end. */
static guint
lines_group_end (GPtrArray *lines,
                 guint      header)
{
  for (guint i = header + 1; i < lines->len; i++)
    {
      g_autofree char *name = line_group (lines->pdata[i]);

      if (name != NULL)
        return i;
    }
  return lines->len;
}

/* The first line of the comment block right above @index. */
static guint
lines_comment_start (GPtrArray *lines,
                     guint      index)
{
  while (index > 0 && line_is_comment (lines->pdata[index - 1]))
    index--;
  return index;
}

static void
lines_remove_group (GPtrArray *lines,
                    guint      header)
{
  guint end = lines_group_end (lines, header);
  guint start = lines_comment_start (lines, header);

  if (end < lines->len)
    end = lines_comment_start (lines, end);
  g_ptr_array_remove_range (lines, start, end - start);
  /* Do not leave two blank lines (or a blank last line) where it was. */
  if (start > 0 && line_is_blank_or_comment (lines->pdata[start - 1]) &&
      !line_is_comment (lines->pdata[start - 1]) &&
      (start == lines->len ||
       (line_is_blank_or_comment (lines->pdata[start]) && !line_is_comment (lines->pdata[start]))))
    g_ptr_array_remove_index (lines, start - 1);
}

static char *
ini_escape (const char *value)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();

  g_key_file_set_string (kf, "g", "k", value);
  return g_key_file_get_value (kf, "g", "k", NULL);
}

/* Sets (value != NULL) or removes (value == NULL) @key in the group whose
 * header is at @header.  A line whose value is already @value is left alone;
 * a new key goes after the group's last key. */
static void
lines_set (GPtrArray  *lines,
           guint       header,
           const char *key,
           const char *value)
{
  g_autofree char *escaped = value != NULL ? ini_escape (value) : NULL;
  guint end = lines_group_end (lines, header);
  guint last_key = header;
  gboolean done = FALSE;

  for (guint i = header + 1; i < end;)
    {
      g_autofree char *k = line_key (lines->pdata[i]);

      if (k == NULL || strcmp (k, key) != 0)
        {
          if (k != NULL)
            last_key = i;
          i++;
          continue;
        }
      if (escaped == NULL || done)
        {
          g_ptr_array_remove_index (lines, i);
          end--;
          continue;
        }
      {
        const char *eq = strchr (lines->pdata[i], '=') + 1;

        while (*eq == ' ' || *eq == '\t')
          eq++;
        if (strcmp (eq, escaped) != 0)
          {
            g_free (lines->pdata[i]);
            lines->pdata[i] = g_strdup_printf ("%s=%s", key, escaped);
          }
      }
      done = TRUE;
      last_key = i;
      i++;
    }
  if (escaped != NULL && !done)
    g_ptr_array_insert (lines, last_key + 1, g_strdup_printf ("%s=%s", key, escaped));
}

static void
lines_set_bool (GPtrArray  *lines,
                GKeyFile   *kf,
                guint       header,
                const char *group,
                const char *key,
                gboolean    value,
                gboolean    def)
{
  if (value != def || g_key_file_has_key (kf, group, key, NULL))
    lines_set (lines, header, key, value ? "true" : "false");
}

static GPtrArray *
lines_split (const char *text)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) split = g_strsplit (text != NULL ? text : "", "\n", -1);
  guint n = g_strv_length (split);

  /* A final newline does not start another line. */
  if (n > 0 && *split[n - 1] == '\0')
    n--;
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (lines, g_strdup (split[i]));
  return lines;
}

static char *
lines_join (GPtrArray *lines)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < lines->len; i++)
    {
      g_string_append (out, lines->pdata[i]);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

gboolean
lim_tenant_config_save (const char  *config_dir,
                        LimTenant   *tenant,
                        const char  *remove_alias,
                        GError     **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GKeyFile) check = g_key_file_new ();
  g_autoptr(GError) local = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *text = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;

  g_return_val_if_fail (config_dir != NULL, FALSE);
  g_return_val_if_fail (tenant != NULL || remove_alias != NULL, FALSE);

  path = g_build_filename (config_dir, TENANTS_INI, NULL);
  if (tenant != NULL && !lim_tenant_validate (tenant, error))
    return FALSE;

  if (read_optional_file (path, &text, &len, &local))
    {
      if (memchr (text, '\0', len) != NULL ||
          !g_key_file_load_from_data (kf, text, len, G_KEY_FILE_NONE, &local))
        {
          g_set_error (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_INVALID, "%s: %s", path,
                       local != NULL ? local->message : "the file holds a NUL byte");
          return FALSE;
        }
    }
  else if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  lines = lines_split (text);

  if (remove_alias != NULL && (tenant == NULL || strcmp (remove_alias, tenant->alias) != 0))
    {
      int header = lines_find_group (lines, remove_alias);

      if (header >= 0)
        lines_remove_group (lines, header);
      else if (tenant == NULL)
        {
          g_set_error (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_NOT_FOUND, "%s: no group [%s]",
                       path, remove_alias);
          return FALSE;
        }
    }

  if (tenant != NULL)
    {
      const char *group = tenant->alias;
      int found = lines_find_group (lines, group);
      guint header;

      if (found < 0)
        {
          if (lines->len > 0 && !(line_is_blank_or_comment (lines->pdata[lines->len - 1]) &&
                                  !line_is_comment (lines->pdata[lines->len - 1])))
            g_ptr_array_add (lines, g_strdup (""));
          g_ptr_array_add (lines, g_strdup_printf ("[%s]", group));
          header = lines->len - 1;
        }
      else
        {
          guint end;

          header = (guint) found;
          /* Unknown or secret-looking keys would make the file unreadable. */
          end = lines_group_end (lines, header);
          for (guint i = header + 1; i < end;)
            {
              g_autofree char *k = line_key (lines->pdata[i]);

              if (k != NULL && !name_is_one_of (k, ini_known_keys))
                {
                  g_ptr_array_remove_index (lines, i);
                  end--;
                }
              else
                i++;
            }
        }

      lines_set (lines, header, "tenant-name", tenant->tenant_name);
      lines_set (lines, header, "url", tenant->url_override);
      lines_set (lines, header, "client-id", tenant->client_id);
      lines_set (lines, header, "admin-email", tenant->admin_email);
      if (tenant->auth != LIM_TENANT_AUTH_PASSWORD || g_key_file_has_key (kf, group, "auth", NULL))
        lines_set (lines, header, "auth", lim_tenant_auth_to_string (tenant->auth));
      lines_set_bool (lines, kf, header, group, "schemas-enable-change-warehouse-name",
                      tenant->schemas_enable_change_warehouse_name, FALSE);
      lines_set_bool (lines, kf, header, group, "fieldsets", tenant->fieldsets, FALSE);
      lines_set_bool (lines, kf, header, group, "protected", tenant->protected_,
                      alias_is_protected_by_default (group));
      lines_set_bool (lines, kf, header, group, "allow-insecure", tenant->allow_insecure, FALSE);
    }

  data = lines_join (lines);
  /* What we write must read back. */
  if (!g_key_file_load_from_data (check, data, -1, G_KEY_FILE_NONE, &local))
    {
      g_set_error (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_INVALID, "%s: %s", path, local->message);
      return FALSE;
    }
  if (!lim_write_file_atomic (path, data, -1, &local))
    {
      g_set_error (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_IO, "%s", local->message);
      return FALSE;
    }
  return TRUE;
}

/* ----------------------------------------------------------- keyring */

static const SecretSchema *
keyring_schema (void)
{
  static const SecretSchema schema = {
    LIM_TENANT_KEYRING_SCHEMA, SECRET_SCHEMA_NONE,
    {
      { "project-dir", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "alias", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

typedef enum {
  KEYRING_STORE,
  KEYRING_LOOKUP,
  KEYRING_CLEAR,
} KeyringWhat;

typedef struct
{
  KeyringWhat          what;
  char                *project_dir;  /* "" = every project */
  char                *alias;
  LimTenantSecretKind  kind;
  char                *secret;       /* STORE */
  char                *label;        /* STORE */
  SecretService       *service;
  GList               *to_delete;    /* CLEAR: SecretItem*, owned */
  gboolean             removed;
  gulong               cancel_id;
  gint                 returned;     /* atomic: the task has its result */
} KeyringOp;

static void
keyring_op_free (KeyringOp *op)
{
  g_free (op->project_dir);
  g_free (op->alias);
  lim_tenant_secret_free (op->secret);
  g_free (op->label);
  g_clear_object (&op->service);
  g_list_free_full (op->to_delete, g_object_unref);
  g_free (op);
}

/* TRUE once: the caller that gets it returns the task's result. */
static gboolean
keyring_claim (KeyringOp *op)
{
  return g_atomic_int_compare_and_exchange (&op->returned, 0, 1);
}

/* Attributes for a search: alias and kind (the scope is filtered after). */
static GHashTable *
keyring_search_attributes (KeyringOp *op)
{
  GHashTable *attributes = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (attributes, (char *) "alias", op->alias);
  g_hash_table_insert (attributes, (char *) "kind", (char *) secret_keyring_kinds[op->kind]);
  return attributes;
}

/* "" for an item stored for every project (no attribute, or empty). */
static char *
item_project_dir (SecretItem *item)
{
  g_autoptr(GHashTable) attributes = secret_item_get_attributes (item);
  const char *dir = attributes != NULL ? g_hash_table_lookup (attributes, "project-dir") : NULL;

  return g_strdup (dir ? dir : "");
}

/* Returns the "unreachable" result of @task: an error for a store, "not
 * found" for the others; cancellation stays an error.  Takes @task. */
static void
keyring_return_unreachable (GTask        *task,
                            const GError *error)
{
  KeyringOp *op = g_task_get_task_data (task);

  if (keyring_claim (op))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_error_copy (error));
      else if (op->what == KEYRING_STORE)
        g_task_return_new_error (task, error->domain, error->code,
                                 "Cannot store the secret in the desktop keyring: %s", error->message);
      else
        {
          g_debug ("Desktop keyring not available: %s", error->message);
          if (op->what == KEYRING_LOOKUP)
            g_task_return_pointer (task, NULL, NULL);
          else
            g_task_return_boolean (task, FALSE);
        }
    }
  g_object_unref (task);
}

/* store */

static void
keyring_store_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  KeyringOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!secret_service_store_finish (SECRET_SERVICE (source), result, &error))
    {
      keyring_return_unreachable (task, error);
      return;
    }
  if (keyring_claim (op))
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

/* lookup */

static void
keyring_lookup_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  KeyringOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GList *items = secret_service_search_finish (SECRET_SERVICE (source), result, &error);
  SecretItem *exact = NULL;
  SecretItem *global = NULL;
  SecretItem *chosen;
  char *copy = NULL;

  if (error != NULL)
    {
      keyring_return_unreachable (task, error);
      return;
    }

  for (GList *l = items; l != NULL; l = l->next)
    {
      g_autofree char *dir = item_project_dir (l->data);

      if (exact == NULL && *op->project_dir != '\0' && strcmp (dir, op->project_dir) == 0)
        exact = l->data;
      else if (global == NULL && *dir == '\0')
        global = l->data;
    }
  chosen = exact != NULL ? exact : global;
  if (chosen != NULL)
    {
      SecretValue *value = secret_item_get_secret (chosen);
      const char *text = value != NULL ? secret_value_get_text (value) : NULL;

      copy = nonempty_dup (text);
      if (value != NULL)
        secret_value_unref (value);
    }
  g_list_free_full (items, g_object_unref);
  if (keyring_claim (op))
    g_task_return_pointer (task, copy, (GDestroyNotify) lim_tenant_secret_free);
  else
    lim_tenant_secret_free (copy);
  g_object_unref (task);
}

/* clear */

static void keyring_clear_next (GTask *task);

static void
keyring_delete_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  KeyringOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (secret_item_delete_finish (SECRET_ITEM (source), result, &error))
    op->removed = TRUE;
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      keyring_return_unreachable (task, error);
      return;
    }
  else
    g_debug ("Cannot remove a desktop keyring entry: %s", error->message);
  keyring_clear_next (task);
}

/* Takes @task. */
static void
keyring_clear_next (GTask *task)
{
  KeyringOp *op = g_task_get_task_data (task);
  SecretItem *item;

  if (op->to_delete == NULL)
    {
      if (keyring_claim (op))
        g_task_return_boolean (task, op->removed);
      g_object_unref (task);
      return;
    }
  item = op->to_delete->data;
  op->to_delete = g_list_delete_link (op->to_delete, op->to_delete);
  secret_item_delete (item, g_task_get_cancellable (task), keyring_delete_cb, task);
  g_object_unref (item);
}

static void
keyring_clear_search_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  GTask *task = user_data;
  KeyringOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GList *items = secret_service_search_finish (SECRET_SERVICE (source), result, &error);

  if (error != NULL)
    {
      keyring_return_unreachable (task, error);
      return;
    }
  for (GList *l = items; l != NULL; l = l->next)
    {
      g_autofree char *dir = item_project_dir (l->data);

      if (strcmp (dir, op->project_dir) == 0)
        op->to_delete = g_list_prepend (op->to_delete, g_object_ref (l->data));
    }
  g_list_free_full (items, g_object_unref);
  keyring_clear_next (task);
}

/* start */

static void
keyring_cancelled_cb (GCancellable *cancellable,
                      gpointer      user_data)
{
  GTask *task = user_data;

  if (keyring_claim (g_task_get_task_data (task)))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");
}

static void
keyring_service_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  KeyringOp *op = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  op->service = secret_service_get_finish (result, &error);
  if (op->cancel_id != 0)
    {
      g_cancellable_disconnect (cancellable, op->cancel_id);
      op->cancel_id = 0;
    }
  if (g_atomic_int_get (&op->returned))
    {
      g_object_unref (task);   /* cancelled while connecting */
      return;
    }
  if (op->service == NULL)
    {
      keyring_return_unreachable (task, error);
      return;
    }

  attributes = keyring_search_attributes (op);
  switch (op->what)
    {
    case KEYRING_STORE:
      {
        SecretValue *value = secret_value_new (op->secret, -1, "text/plain");

        g_hash_table_insert (attributes, (char *) "project-dir", op->project_dir);
        secret_service_store (op->service, keyring_schema (), attributes, SECRET_COLLECTION_DEFAULT,
                              op->label, value, cancellable, keyring_store_cb, task);
        secret_value_unref (value);
        secret_clear (&op->secret);
      }
      break;
    case KEYRING_LOOKUP:
      secret_service_search (op->service, keyring_schema (), attributes,
                             SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS,
                             cancellable, keyring_lookup_cb, task);
      break;
    case KEYRING_CLEAR:
    default:
      secret_service_search (op->service, keyring_schema (), attributes, SECRET_SEARCH_ALL,
                             cancellable, keyring_clear_search_cb, task);
      break;
    }
}

/* The service is obtained without the caller's cancellable: GLib caches a
 * session bus whose first connection was cancelled, and every later call
 * would fail.  Cancelling while it connects returns at once instead. */
static void
keyring_start (KeyringWhat          what,
               const char          *project_dir,
               const char          *alias,
               LimTenantSecretKind  kind,
               const char          *secret,
               gpointer             source_tag,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  KeyringOp *op = g_new0 (KeyringOp, 1);

  g_task_set_source_tag (task, source_tag);
  op->what = what;
  op->project_dir = g_strdup (project_dir ? project_dir : "");
  op->alias = g_strdup (alias);
  op->kind = kind;
  op->secret = g_strdup (secret);
  if (what == KEYRING_STORE)
    {
      if (*op->project_dir != '\0')
        op->label = g_strdup_printf ("Liminal: %s of tenant “%s” (%s)", secret_labels[kind], alias,
                                     op->project_dir);
      else
        op->label = g_strdup_printf ("Liminal: %s of tenant “%s”", secret_labels[kind], alias);
    }
  g_task_set_task_data (task, op, (GDestroyNotify) keyring_op_free);

  if (g_cancellable_is_cancelled (cancellable))
    {
      keyring_claim (op);
      g_task_return_error_if_cancelled (task);
      g_object_unref (task);
      return;
    }
  if (cancellable != NULL)
    op->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (keyring_cancelled_cb),
                                           g_object_ref (task), g_object_unref);
  secret_service_get (SECRET_SERVICE_NONE, NULL, keyring_service_cb, task);
}

static gboolean
keyring_kind_ok (const char          *alias,
                 LimTenantSecretKind  kind)
{
  return alias != NULL && kind < LIM_TENANT_N_SECRETS && secret_keyring_kinds[kind] != NULL;
}

void
lim_tenant_keyring_store (const char          *project_dir,
                          const char          *alias,
                          LimTenantSecretKind  kind,
                          const char          *secret,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (keyring_kind_ok (alias, kind));
  g_return_if_fail (secret != NULL);

  keyring_start (KEYRING_STORE, project_dir, alias, kind, secret, lim_tenant_keyring_store,
                 cancellable, callback, user_data);
}

gboolean
lim_tenant_keyring_store_finish (GAsyncResult  *result,
                                 GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
lim_tenant_keyring_lookup (const char          *project_dir,
                           const char          *alias,
                           LimTenantSecretKind  kind,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (keyring_kind_ok (alias, kind));

  keyring_start (KEYRING_LOOKUP, project_dir, alias, kind, NULL, lim_tenant_keyring_lookup,
                 cancellable, callback, user_data);
}

char *
lim_tenant_keyring_lookup_finish (GAsyncResult  *result,
                                  GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
lim_tenant_keyring_clear (const char          *project_dir,
                          const char          *alias,
                          LimTenantSecretKind  kind,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (keyring_kind_ok (alias, kind));

  keyring_start (KEYRING_CLEAR, project_dir, alias, kind, NULL, lim_tenant_keyring_clear,
                 cancellable, callback, user_data);
}

gboolean
lim_tenant_keyring_clear_finish (GAsyncResult  *result,
                                 GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* sync */

typedef struct
{
  GMainContext *context;
  GCancellable *cancellable;   /* ours: cancelled on timeout or by the caller's */
  GAsyncResult *result;
  GSource      *timeout;
  GSource      *outer;
  gboolean      timed_out;
} SyncRun;

static gboolean
sync_run_timeout (gpointer data)
{
  SyncRun *run = data;

  run->timed_out = TRUE;
  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_REMOVE;
}

static gboolean
sync_run_outer_cancelled (GCancellable *outer,
                          gpointer      data)
{
  SyncRun *run = data;

  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_REMOVE;
}

static void
sync_run_done (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  SyncRun *run = data;

  run->result = g_object_ref (result);
}

/* Every synchronous call runs in the same private context, kept for the
 * life of the process: GDBus proxies made during a call (libsecret's
 * service singleton among them) deliver signals and destroy notifies to the
 * context they were made in, and a context freed under them leaks.  The
 * mutex serialises synchronous calls from several threads. */
static GMutex sync_lock;

static GMainContext *
sync_context (void)
{
  static GMainContext *context;

  if (g_once_init_enter (&context))
    g_once_init_leave (&context, g_main_context_new ());
  return context;
}

static void
sync_run_begin (SyncRun      *run,
                guint         timeout_ms,
                GCancellable *outer)
{
  g_mutex_lock (&sync_lock);
  memset (run, 0, sizeof *run);
  run->context = sync_context ();
  run->cancellable = g_cancellable_new ();
  g_main_context_push_thread_default (run->context);

  run->timeout = g_timeout_source_new (timeout_ms ? timeout_ms : LIM_TENANT_KEYRING_TIMEOUT_MS);
  g_source_set_callback (run->timeout, sync_run_timeout, run, NULL);
  g_source_attach (run->timeout, run->context);
  if (outer != NULL)
    {
      run->outer = g_cancellable_source_new (outer);
      g_source_set_callback (run->outer, G_SOURCE_FUNC (sync_run_outer_cancelled), run, NULL);
      g_source_attach (run->outer, run->context);
    }
}

static void
sync_run_wait (SyncRun *run)
{
  while (run->result == NULL)
    g_main_context_iteration (run->context, TRUE);
}

static void
sync_run_end (SyncRun *run)
{
  g_source_destroy (run->timeout);
  g_source_unref (run->timeout);
  if (run->outer != NULL)
    {
      g_source_destroy (run->outer);
      g_source_unref (run->outer);
    }
  /* Let what the call left behind finish. */
  while (g_main_context_iteration (run->context, FALSE))
    ;
  g_main_context_pop_thread_default (run->context);
  g_object_unref (run->cancellable);
  g_clear_object (&run->result);
  g_mutex_unlock (&sync_lock);
}

gboolean
lim_tenant_keyring_store_sync (const char          *project_dir,
                               const char          *alias,
                               LimTenantSecretKind  kind,
                               const char          *secret,
                               guint                timeout_ms,
                               GCancellable        *cancellable,
                               GError             **error)
{
  g_autoptr(GError) local = NULL;
  SyncRun run;
  gboolean ok;

  g_return_val_if_fail (keyring_kind_ok (alias, kind) && secret != NULL, FALSE);

  sync_run_begin (&run, timeout_ms, cancellable);
  lim_tenant_keyring_store (project_dir, alias, kind, secret, run.cancellable, sync_run_done, &run);
  sync_run_wait (&run);
  ok = lim_tenant_keyring_store_finish (run.result, &local);
  if (!ok && run.timed_out)
    g_set_error (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_IO,
                 "The desktop keyring did not answer within %u ms",
                 timeout_ms ? timeout_ms : LIM_TENANT_KEYRING_TIMEOUT_MS);
  else if (!ok)
    g_propagate_error (error, g_steal_pointer (&local));
  sync_run_end (&run);
  return ok;
}

static char *
keyring_lookup_sync_internal (const char          *project_dir,
                              const char          *alias,
                              LimTenantSecretKind  kind,
                              guint                timeout_ms,
                              GCancellable        *cancellable,
                              gboolean            *timed_out,
                              GError             **error)
{
  g_autoptr(GError) local = NULL;
  SyncRun run;
  char *secret;

  sync_run_begin (&run, timeout_ms, cancellable);
  lim_tenant_keyring_lookup (project_dir, alias, kind, run.cancellable, sync_run_done, &run);
  sync_run_wait (&run);
  secret = lim_tenant_keyring_lookup_finish (run.result, &local);
  if (timed_out)
    *timed_out = run.timed_out;
  if (local != NULL && run.timed_out)
    g_debug ("Desktop keyring did not answer within %u ms", timeout_ms ? timeout_ms : LIM_TENANT_KEYRING_TIMEOUT_MS);
  else if (local != NULL)
    g_propagate_error (error, g_steal_pointer (&local));
  sync_run_end (&run);
  return secret;
}

char *
lim_tenant_keyring_lookup_sync (const char          *project_dir,
                                const char          *alias,
                                LimTenantSecretKind  kind,
                                guint                timeout_ms,
                                GCancellable        *cancellable,
                                GError             **error)
{
  g_return_val_if_fail (keyring_kind_ok (alias, kind), NULL);
  return keyring_lookup_sync_internal (project_dir, alias, kind, timeout_ms, cancellable, NULL, error);
}

gboolean
lim_tenant_keyring_clear_sync (const char          *project_dir,
                               const char          *alias,
                               LimTenantSecretKind  kind,
                               guint                timeout_ms,
                               GCancellable        *cancellable,
                               GError             **error)
{
  g_autoptr(GError) local = NULL;
  SyncRun run;
  gboolean removed;

  g_return_val_if_fail (keyring_kind_ok (alias, kind), FALSE);

  sync_run_begin (&run, timeout_ms, cancellable);
  lim_tenant_keyring_clear (project_dir, alias, kind, run.cancellable, sync_run_done, &run);
  sync_run_wait (&run);
  removed = lim_tenant_keyring_clear_finish (run.result, &local);
  if (local != NULL && !run.timed_out)
    g_propagate_error (error, g_steal_pointer (&local));
  sync_run_end (&run);
  return removed;
}

/* ----------------------------------------------------------- secrets */

static char **
secrets_slot (LimTenantSecrets    *secrets,
              LimTenantSecretKind  kind)
{
  switch (kind)
    {
    case LIM_TENANT_SECRET_CLIENT_SECRET:
      return &secrets->client_secret;
    case LIM_TENANT_SECRET_ADMIN_PASSWORD:
      return &secrets->admin_password;
    case LIM_TENANT_SECRET_SESSION:
      return &secrets->session;
    case LIM_TENANT_SECRET_CSRF:
      return &secrets->csrf;
    case LIM_TENANT_N_SECRETS:
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
lim_tenant_secrets_get (const LimTenantSecrets *secrets,
                        LimTenantSecretKind     kind)
{
  char **slot;

  g_return_val_if_fail (secrets != NULL, NULL);
  slot = secrets_slot ((LimTenantSecrets *) secrets, kind);
  return slot != NULL ? *slot : NULL;
}

void
lim_tenant_secrets_free (LimTenantSecrets *secrets)
{
  if (secrets == NULL)
    return;
  for (guint k = 0; k < LIM_TENANT_N_SECRETS; k++)
    {
      secret_clear (secrets_slot (secrets, k));
      g_free (secrets->origins[k]);
    }
  g_free (secrets);
}

LimTenantSecrets *
lim_tenant_resolve_secrets (LimTenant             *tenant,
                            const char            *project_dir,
                            LimTenantEnvFunc       env,
                            gpointer               env_data,
                            LimTenantResolveFlags  flags,
                            GCancellable          *cancellable)
{
  LimTenantSecrets *secrets = g_new0 (LimTenantSecrets, 1);
  gboolean use_keyring = (flags & LIM_TENANT_RESOLVE_NO_KEYRING) == 0;

  g_return_val_if_fail (tenant != NULL, secrets);

  for (guint k = 0; k < LIM_TENANT_N_SECRETS; k++)
    {
      char **slot = secrets_slot (secrets, k);
      g_autofree char *var = lim_tenant_get_env_var (tenant, k);
      const char *value = env_get (env, env_data, var);

      if (value != NULL && *value != '\0')
        {
          *slot = g_strdup (value);
          secrets->sources[k] = LIM_SECRET_SOURCE_ENVIRONMENT;
          secrets->origins[k] = g_steal_pointer (&var);
          continue;
        }

      if (use_keyring && secret_keyring_kinds[k] != NULL &&
          !g_cancellable_is_cancelled (cancellable))
        {
          g_autoptr(GError) error = NULL;
          gboolean timed_out = FALSE;

          *slot = keyring_lookup_sync_internal (project_dir, tenant->alias, k, 0, cancellable,
                                                &timed_out, &error);
          if (*slot != NULL)
            {
              secrets->sources[k] = LIM_SECRET_SOURCE_KEYRING;
              secrets->origins[k] = g_strdup ("the desktop keyring");
              continue;
            }
          if (timed_out)
            use_keyring = FALSE;   /* do not wait twice */
        }

      if (tenant->env_py_secrets[k].kind != PY_STR_UNSET)
        {
          *slot = py_str_eval (&tenant->env_py_secrets[k], env, env_data);
          if (*slot != NULL && **slot == '\0')
            secret_clear (slot);
          if (*slot != NULL)
            {
              secrets->sources[k] = LIM_SECRET_SOURCE_ENV_PY;
              secrets->origins[k] = env_py_secret_origin (tenant, k);
            }
        }
    }
  return secrets;
}

char *
lim_tenant_secrets_describe (const LimTenantSecrets *secrets,
                             LimTenantSecretKind     kind)
{
  g_return_val_if_fail (secrets != NULL && kind < LIM_TENANT_N_SECRETS, NULL);

  if (secrets->origins[kind] == NULL)
    return g_strdup_printf ("%s: not configured", secret_labels[kind]);
  return g_strdup_printf ("%s from %s", secret_labels[kind], secrets->origins[kind]);
}

static const char *
where_defined (LimTenant *tenant,
               const char *ini_key,
               const char *env_py_key,
               GString    *out)
{
  if (tenant->origin == LIM_TENANT_ORIGIN_ENV_PY)
    g_string_printf (out, "set %s in the BenchlingConnection at %s:%u", env_py_key,
                     tenant->source_file, tenant->source_line);
  else
    g_string_printf (out, "set %s in group [%s] of %s", ini_key, tenant->alias,
                     tenant->source_file ? tenant->source_file : TENANTS_INI);
  return out->str;
}

gboolean
lim_tenant_secrets_require (const LimTenantSecrets *secrets,
                            LimTenant              *tenant,
                            LimTenantSecretKind     kind,
                            GError                **error)
{
  g_autofree char *var = NULL;

  g_return_val_if_fail (secrets != NULL && tenant != NULL && kind < LIM_TENANT_N_SECRETS, FALSE);

  if (lim_tenant_secrets_get (secrets, kind) != NULL)
    return TRUE;

  var = lim_tenant_get_env_var (tenant, kind);
  if (secret_keyring_kinds[kind] != NULL)
    {
      g_set_error (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_NO_SECRET,
                   "No %s for tenant “%s” (%s). Provide it in one of three ways: set the "
                   "environment variable %s; store it in the desktop keyring (Liminal Desktop's "
                   "tenant settings, or `secret-tool store --label='Liminal %s' xdg:schema "
                   LIM_TENANT_KEYRING_SCHEMA " alias %s kind %s`); or set %s in the tenant's "
                   "BenchlingConnection in env.py. Secrets never go in " TENANTS_INI ".",
                   secret_labels[kind], tenant->alias, tenant->tenant_name, var, secret_labels[kind],
                   tenant->alias, secret_keyring_kinds[kind], secret_env_py_keywords[kind]);
    }
  else
    {
      g_autofree char *session = lim_tenant_get_env_var (tenant, LIM_TENANT_SECRET_SESSION);
      g_autofree char *csrf = lim_tenant_get_env_var (tenant, LIM_TENANT_SECRET_CSRF);

      g_set_error (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_NO_SECRET,
                   "No %s for tenant “%s” (%s), which signs in with auth=session: sign in to %s "
                   "in a browser, then set the environment variables %s to the `session` cookie "
                   "and %s to the CSRF token (the x-csrftoken header)",
                   secret_labels[kind], tenant->alias, tenant->tenant_name, tenant->base_url,
                   session, csrf);
    }
  return FALSE;
}

gboolean
lim_tenant_secrets_check (const LimTenantSecrets *secrets,
                          LimTenant              *tenant,
                          GError                **error)
{
  g_autoptr(GString) where = g_string_new (NULL);

  g_return_val_if_fail (secrets != NULL && tenant != NULL, FALSE);

  if (tenant->client_id == NULL)
    {
      g_set_error (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_NO_SECRET,
                   "Tenant “%s” (%s) has no client id: %s", tenant->alias, tenant->tenant_name,
                   where_defined (tenant, "client-id", "api_client_id", where));
      return FALSE;
    }
  if (!lim_tenant_secrets_require (secrets, tenant, LIM_TENANT_SECRET_CLIENT_SECRET, error))
    return FALSE;

  if (tenant->auth == LIM_TENANT_AUTH_SESSION)
    return lim_tenant_secrets_require (secrets, tenant, LIM_TENANT_SECRET_SESSION, error) &&
           lim_tenant_secrets_require (secrets, tenant, LIM_TENANT_SECRET_CSRF, error);

  if (tenant->admin_email == NULL)
    {
      g_set_error (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_NO_SECRET,
                   "Tenant “%s” (%s) signs in with a password but has no admin email: %s, or "
                   "use auth=session with a session cookie from a browser",
                   tenant->alias, tenant->tenant_name,
                   where_defined (tenant, "admin-email", "internal_api_admin_email", where));
      return FALSE;
    }
  return lim_tenant_secrets_require (secrets, tenant, LIM_TENANT_SECRET_ADMIN_PASSWORD, error);
}
