/* lim-secrets.c — a tenant's secrets: the environment, then the desktop
 * keyring, then env.py.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "lim-keyring.h"
#include "lim-secrets.h"
#include "lim-tenant-private.h"

static const char *const secret_env_py_keywords[LIM_TENANT_N_SECRETS] = {
  "api_client_secret", "internal_api_admin_password", NULL, NULL,
};

/* ----------------------------------------------------------- sources */

/* "env.py:7" or "env.py:7 (environment variable X)". */
static char *
env_py_secret_origin (LimTenant          *self,
                      LimTenantSecretKind kind)
{
  const LimTenantValue *v = &self->env_py_secrets[kind];

  if (v->kind == LIM_TENANT_VALUE_ENV)
    return g_strdup_printf ("%s:%u (environment variable %s)", self->env_py_file, v->line, v->var);
  return g_strdup_printf ("%s:%u", self->env_py_file, v->line);
}

char *
lim_tenant_describe_secret_sources (LimTenant          *self,
                                    LimTenantSecretKind kind)
{
  g_autofree char *var = lim_tenant_get_env_var (self, kind);
  GString *out = g_string_new (var);

  if (lim_tenant_keyring_kind_to_string (kind) != NULL)
    g_string_append (out, ", the desktop keyring");
  if (self->env_py_secrets[kind].kind != LIM_TENANT_VALUE_UNSET)
    {
      g_autofree char *origin = env_py_secret_origin (self, kind);

      g_string_append_printf (out, ", %s", origin);
    }
  return g_string_free (out, FALSE);
}

/* ----------------------------------------------------------- secrets */

static char **
secrets_slot (LimTenantSecrets   *secrets,
              LimTenantSecretKind kind)
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
      lim_tenant_secret_clear (secrets_slot (secrets, k));
      g_free (secrets->origins[k]);
    }
  g_free (secrets);
}


/* -------------------------------------------------------- resolution */

typedef struct
{
  LimTenant        *tenant;
  char             *project_dir;
  LimTenantEnvFunc  env;
  gpointer          env_data;
  gboolean          use_keyring;
  guint             kind;         /* the secret being looked for */
  LimTenantSecrets *secrets;      /* owned until returned */

  /* While the keyring is asked.  The lookup's own cancellable is cancelled
   * by a timeout or, through a source (not a signal handler, which may not
   * disconnect itself), by the caller's. */
  GCancellable *lookup;
  GSource      *timeout;
  GSource      *cancelled;
  gboolean      timed_out;
  gboolean      session_looked_up;
} Resolve;

static void
resolve_free (gpointer data)
{
  Resolve *r = data;

  lim_tenant_unref (r->tenant);
  g_free (r->project_dir);
  lim_tenant_secrets_free (r->secrets);
  g_free (r);
}

/* The environment: LIMINAL_<ALIAS>_…  TRUE when it holds the secret. */
static gboolean
resolve_from_env (Resolve *r)
{
  g_autofree char *var = lim_tenant_get_env_var (r->tenant, r->kind);
  const char *value = lim_tenant_env_get (r->env, r->env_data, var);

  if (value == NULL || *value == '\0')
    return FALSE;
  *secrets_slot (r->secrets, r->kind) = g_strdup (value);
  r->secrets->sources[r->kind] = LIM_SECRET_SOURCE_ENVIRONMENT;
  r->secrets->origins[r->kind] = g_steal_pointer (&var);
  return TRUE;
}

/* env.py, the last resort. */
static void
resolve_from_env_py (Resolve *r)
{
  const LimTenantValue *v = &r->tenant->env_py_secrets[r->kind];
  char **slot = secrets_slot (r->secrets, r->kind);

  if (v->kind == LIM_TENANT_VALUE_UNSET)
    return;
  *slot = lim_tenant_value_eval (v, r->env, r->env_data);
  if (*slot != NULL && **slot == '\0')
    lim_tenant_secret_clear (slot);
  if (*slot != NULL)
    {
      r->secrets->sources[r->kind] = LIM_SECRET_SOURCE_ENV_PY;
      r->secrets->origins[r->kind] = env_py_secret_origin (r->tenant, r->kind);
    }
}

static void resolve_next (GTask *task);

static void
resolve_session_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  Resolve *r = g_task_get_task_data (task);
  g_autoptr(LimSession) session = lim_tenant_keyring_lookup_session_finish (result, NULL);

  (void) source;
  if (session != NULL && !lim_session_is_expired (session, g_get_real_time () / G_USEC_PER_SEC, 0))
    {
      for (guint k = LIM_TENANT_SECRET_SESSION; k <= LIM_TENANT_SECRET_CSRF; k++)
        {
          lim_tenant_secret_clear (secrets_slot (r->secrets, k));
          g_clear_pointer (&r->secrets->origins[k], g_free);
          r->secrets->sources[k] = LIM_SECRET_SOURCE_KEYRING;
          r->secrets->origins[k] = g_strdup ("the desktop keyring (single sign-on)");
        }
      r->secrets->session = g_strdup (session->cookie);
      r->secrets->csrf = g_strdup (session->csrf_token);
      r->secrets->session_expires_at = session->expires_at;
    }
  else if (session != NULL)
    g_debug ("The single sign-on session of tenant %s in the desktop keyring has expired",
             lim_tenant_get_alias (r->tenant));
  resolve_next (task);
}

static gboolean
resolve_timeout_cb (gpointer data)
{
  Resolve *r = data;

  r->timed_out = TRUE;
  g_cancellable_cancel (r->lookup);
  return G_SOURCE_REMOVE;
}

static gboolean
resolve_cancelled_cb (GCancellable *cancellable,
                      gpointer      data)
{
  Resolve *r = data;

  g_cancellable_cancel (r->lookup);
  return G_SOURCE_REMOVE;
}

static void
resolve_keyring_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  Resolve *r = g_task_get_task_data (task);
  char *secret = lim_tenant_keyring_lookup_finish (result, NULL);

  g_source_destroy (r->timeout);
  g_clear_pointer (&r->timeout, g_source_unref);
  if (r->cancelled != NULL)
    {
      g_source_destroy (r->cancelled);
      g_clear_pointer (&r->cancelled, g_source_unref);
    }
  g_clear_object (&r->lookup);

  if (secret != NULL)
    {
      *secrets_slot (r->secrets, r->kind) = secret;
      r->secrets->sources[r->kind] = LIM_SECRET_SOURCE_KEYRING;
      r->secrets->origins[r->kind] = g_strdup ("the desktop keyring");
    }
  else
    {
      if (r->timed_out)
        {
          g_debug ("Desktop keyring did not answer within %u ms", LIM_TENANT_KEYRING_TIMEOUT_MS);
          r->use_keyring = FALSE;   /* do not wait twice */
        }
      resolve_from_env_py (r);
    }
  r->kind++;
  resolve_next (task);
}

/* Takes @task. */
static void
resolve_from_keyring (GTask *task)
{
  Resolve *r = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GMainContext *context = g_task_get_context (task);

  r->lookup = g_cancellable_new ();
  r->timeout = g_timeout_source_new (LIM_TENANT_KEYRING_TIMEOUT_MS);
  g_source_set_callback (r->timeout, resolve_timeout_cb, r, NULL);
  g_source_attach (r->timeout, context);
  if (cancellable != NULL)
    {
      r->cancelled = g_cancellable_source_new (cancellable);
      g_source_set_callback (r->cancelled, G_SOURCE_FUNC (resolve_cancelled_cb), r, NULL);
      g_source_attach (r->cancelled, context);
    }
  lim_tenant_keyring_lookup (r->tenant, r->project_dir, r->kind, r->lookup,
                             resolve_keyring_cb, task);
}

/* Takes @task. */
static void
resolve_next (GTask *task)
{
  Resolve *r = g_task_get_task_data (task);

  for (; r->kind < LIM_TENANT_N_SECRETS; r->kind++)
    {
      if (resolve_from_env (r))
        continue;
      if (r->use_keyring && lim_tenant_keyring_kind_to_string (r->kind) != NULL &&
          !g_cancellable_is_cancelled (g_task_get_cancellable (task)))
        {
          resolve_from_keyring (task);
          return;
        }
      resolve_from_env_py (r);
    }
  /* Single sign-on: a session from the environment comes as a pair; else
   * the one a sign-in left in the keyring. */
  if (r->tenant->auth == LIM_TENANT_AUTH_SSO && !r->session_looked_up && r->use_keyring &&
      (r->secrets->sources[LIM_TENANT_SECRET_SESSION] != LIM_SECRET_SOURCE_ENVIRONMENT ||
       r->secrets->sources[LIM_TENANT_SECRET_CSRF] != LIM_SECRET_SOURCE_ENVIRONMENT) &&
      !g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      r->session_looked_up = TRUE;
      lim_tenant_keyring_lookup_session (r->tenant, g_task_get_cancellable (task), resolve_session_cb, task);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&r->secrets), (GDestroyNotify) lim_tenant_secrets_free);
  g_object_unref (task);
}

void
lim_tenant_resolve_secrets_async (LimTenant             *tenant,
                                  const LimSecretsScope *scope,
                                  GCancellable          *cancellable,
                                  GAsyncReadyCallback    callback,
                                  gpointer               user_data)
{
  static const LimSecretsScope no_scope = { NULL, NULL, NULL, LIM_TENANT_RESOLVE_DEFAULT };
  GTask *task;
  Resolve *r;

  g_return_if_fail (tenant != NULL);

  if (scope == NULL)
    scope = &no_scope;
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, lim_tenant_resolve_secrets_async);
  r = g_new0 (Resolve, 1);
  r->tenant = lim_tenant_ref (tenant);
  r->project_dir = g_strdup (scope->project_dir);
  r->env = scope->env;
  r->env_data = scope->env_data;
  r->use_keyring = (scope->flags & LIM_TENANT_RESOLVE_NO_KEYRING) == 0;
  r->secrets = g_new0 (LimTenantSecrets, 1);
  g_task_set_task_data (task, r, resolve_free);
  resolve_next (task);
}

LimTenantSecrets *
lim_tenant_resolve_secrets_finish (GAsyncResult *result,
                                   GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* -------------------------------------------------- describe, check */

char *
lim_tenant_secrets_describe (const LimTenantSecrets *secrets,
                             LimTenantSecretKind     kind)
{
  g_return_val_if_fail (secrets != NULL && kind < LIM_TENANT_N_SECRETS, NULL);

  if (secrets->origins[kind] == NULL)
    return g_strdup_printf ("%s: not configured", lim_tenant_secret_kind_label (kind));
  return g_strdup_printf ("%s from %s", lim_tenant_secret_kind_label (kind), secrets->origins[kind]);
}

static const char *
where_defined (LimTenant  *tenant,
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
  if (lim_tenant_keyring_kind_to_string (kind) != NULL)
    {
      g_set_error (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_NO_SECRET,
                   "No %s for tenant “%s” (%s). Provide it in one of three ways: set the "
                   "environment variable %s; store it in the desktop keyring (Liminal Desktop's "
                   "Enter Secret…, or `secret-tool store --label='Liminal %s' xdg:schema "
                   LIM_TENANT_KEYRING_SCHEMA " url %s client-id %s kind %s`); or set %s in the tenant's "
                   "BenchlingConnection in env.py. Secrets never go in " TENANTS_INI ".",
                   lim_tenant_secret_kind_label (
                     kind), tenant->alias, tenant->tenant_name, var, lim_tenant_secret_kind_label (kind),
                   tenant->base_url, tenant->client_id ? tenant->client_id : "''",
                   lim_tenant_keyring_kind_to_string (kind),
                   secret_env_py_keywords[kind]);
    }
  else
    {
      g_autofree char *session = lim_tenant_get_env_var (tenant, LIM_TENANT_SECRET_SESSION);
      g_autofree char *csrf = lim_tenant_get_env_var (tenant, LIM_TENANT_SECRET_CSRF);

      g_set_error (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_NO_SECRET,
                   "No %s for tenant “%s” (%s), which signs in with auth=session: sign in to %s "
                   "in a browser, then set the environment variables %s to the `session` cookie "
                   "and %s to the CSRF token (the x-csrftoken header)",
                   lim_tenant_secret_kind_label (kind), tenant->alias, tenant->tenant_name, tenant->base_url,
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

  if (tenant->auth == LIM_TENANT_AUTH_SSO)
    {
      g_autofree char *session = NULL;
      g_autofree char *csrf = NULL;

      if (secrets->session != NULL && secrets->csrf != NULL)
        return TRUE;
      session = lim_tenant_get_env_var (tenant, LIM_TENANT_SECRET_SESSION);
      csrf = lim_tenant_get_env_var (tenant, LIM_TENANT_SECRET_CSRF);
      g_set_error (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_SIGN_IN_NEEDED,
                   "Tenant “%s” (%s) signs in with single sign-on and has no valid session: sign in with Sign In… "
                   "in Liminal Desktop or `liminal login %s`, or sign in to %s in a browser and set %s to its "
                   "`session` cookie and %s to its CSRF token",
                   tenant->alias, tenant->tenant_name, tenant->alias, tenant->base_url, session, csrf);
      return FALSE;
    }

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
