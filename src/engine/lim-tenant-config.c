/* lim-tenant-config.c — a project's tenants: tenants.ini and env.py read,
 * merged, and looked up.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "lim-env-py-private.h"
#include "lim-tenant-config.h"
#include "lim-tenant-private.h"
#include "lim-tenants-ini-private.h"

/* ------------------------------------------------------ LimTenantConfig */

struct _LimTenantConfig
{
  gatomicrefcount ref;
  char           *dir;
  gboolean        has_ini;
  gboolean        has_env_py;
  GPtrArray      *tenants;   /* LimTenant*, owned */
  GPtrArray      *warnings;  /* utf8, "FILE:LINE: …" */
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
lim_tenant_config_load (const char      *config_dir,
                        LimTenantEnvFunc env,
                        gpointer         env_data,
                        GError         **error)
{
  g_autoptr(LimTenantConfig) self = g_new0 (LimTenantConfig, 1);
  g_autoptr(GPtrArray) env_tenants = g_ptr_array_new_with_free_func ((GDestroyNotify) lim_tenant_unref);
  g_autofree char *ini_path = NULL;
  g_autofree char *env_path = NULL;
  guint n_ini;

  g_return_val_if_fail (config_dir != NULL, NULL);

  g_atomic_ref_count_init (&self->ref);
  self->dir = g_strdup (config_dir);
  self->tenants = g_ptr_array_new_with_free_func ((GDestroyNotify) lim_tenant_unref);
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  ini_path = g_build_filename (config_dir, TENANTS_INI, NULL);
  env_path = g_build_filename (config_dir, ENV_PY, NULL);

  if (!lim_tenants_ini_load (ini_path, self->tenants, &self->has_ini, error))
    return NULL;
  if (!lim_env_py_load (env_path, env, env_data, env_tenants, &self->has_env_py, error))
    return NULL;

  /* A literal secret in env.py works (as in Liminal) but is one copy of the
   * file away from leaking: warn, naming the keyword, never the value. */
  for (guint i = 0; i < env_tenants->len; i++)
    {
      static const char *const keywords[LIM_TENANT_N_SECRETS] = {
        [LIM_TENANT_SECRET_CLIENT_SECRET] = "api_client_secret",
        [LIM_TENANT_SECRET_ADMIN_PASSWORD] = "internal_api_admin_password",
      };
      LimTenant *from_env = env_tenants->pdata[i];

      for (guint k = 0; k < LIM_TENANT_N_SECRETS; k++)
        if (from_env->env_py_secrets[k].kind == LIM_TENANT_VALUE_LITERAL && keywords[k] != NULL)
          g_ptr_array_add (self->warnings,
                           g_strdup_printf ("%s:%u: %s is a literal secret; read it from the environment "
                                            "(os.environ[\"…\"]) or keep it in the desktop keyring instead",
                                            env_path, from_env->env_py_secrets[k].line, keywords[k]));
    }

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
            lim_tenant_value_move (&from_ini->env_py_secrets[k], &from_env->env_py_secrets[k]);
        }
    }

  /* Two aliases must not share environment variables. */
  for (guint i = 0; i < self->tenants->len; i++)
    {
      LimTenant *a = self->tenants->pdata[i];
      g_autofree char *pa = lim_tenant_alias_env_part (a->alias);

      for (guint j = 0; j < i; j++)
        {
          LimTenant *b = self->tenants->pdata[j];
          g_autofree char *pb = lim_tenant_alias_env_part (b->alias);

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
  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
lim_tenant_config_unref (LimTenantConfig *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref))
    return;
  g_free (self->dir);
  g_clear_pointer (&self->tenants, g_ptr_array_unref);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  g_free (self);
}

GPtrArray *
lim_tenant_config_get_warnings (LimTenantConfig *self)
{
  return self->warnings;
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
lim_tenant_config_lookup (LimTenantConfig *self,
                          const char      *name,
                          GError         **error)
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

gboolean
lim_tenant_config_save (const char *config_dir,
                        LimTenant  *tenant,
                        const char *remove_alias,
                        GError    **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (config_dir != NULL, FALSE);
  g_return_val_if_fail (tenant != NULL || remove_alias != NULL, FALSE);

  path = g_build_filename (config_dir, TENANTS_INI, NULL);
  if (tenant != NULL && !lim_tenant_validate (tenant, error))
    return FALSE;
  return lim_tenants_ini_save (path, tenant, remove_alias, error);
}
