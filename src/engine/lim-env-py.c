/* lim-env-py.c — Liminal's env.py, read (never run): its
 * BenchlingConnection(...) calls become tenants, and the values they are
 * given become LimTenantValues.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "lim-env-py-private.h"
#include "lim-py.h"
#include "lim-py.h"
#include "lim-tenant-private.h"

/* --------------------------------------------------------------- values */

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
env_py_value (const LimPyNode *node,
              const char      *file,
              const char      *keyword,
              LimTenantValue  *out,
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
          out->kind = LIM_TENANT_VALUE_LITERAL;
          out->text = g_strdup (node->str);
        }
      return TRUE;
    case LIM_PY_SUBSCRIPT:
      if (node->callee != NULL && node->callee->kind == LIM_PY_NAME &&
          g_strv_contains (subscript_names, node->callee->str) &&
          node->items != NULL && node->items->len == 1 &&
          ((LimPyNode *) node->items->pdata[0])->kind == LIM_PY_STR)
        {
          out->kind = LIM_TENANT_VALUE_ENV;
          out->var = g_strdup (((LimPyNode *) node->items->pdata[0])->str);
          return TRUE;
        }
      break;
    case LIM_PY_CALL:
      if (node->str != NULL && g_strv_contains (call_names, node->str))
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
          out->kind = LIM_TENANT_VALUE_ENV;
          out->var = g_strdup (name->str);
          if (def != NULL)
            {
              out->has_default = TRUE;
              out->text = def->kind == LIM_PY_STR ? lim_tenant_nonempty_dup (def->str) : NULL;
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

/* ----------------------------------------------------------- tenants */

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
env_py_string (const LimPyNode *node,
               const char      *file,
               const char      *keyword,
               LimTenantEnvFunc env,
               gpointer         env_data,
               char           **out,
               LimTenantValue  *raw,
               GError         **error)
{
  LimTenantValue v;

  if (!env_py_value (node, file, keyword, &v, error))
    return FALSE;
  g_free (*out);
  *out = lim_tenant_value_eval (&v, env, env_data);
  if (raw != NULL)
    lim_tenant_value_move (raw, &v);
  else
    lim_tenant_value_clear (&v);
  return TRUE;
}

static LimTenant *
env_py_tenant (const LimPyStmt *stmt,
               const LimPyNode *call,
               const char      *file,
               LimTenantEnvFunc env,
               gpointer         env_data,
               GError         **error)
{
  g_autofree char *tenant_name = NULL;
  g_autofree char *alias = NULL;
  g_autofree char *client_id = NULL;
  g_autofree char *admin_email = NULL;
  g_autofree char *problem = NULL;
  LimTenantValue name_raw = { 0 };
  LimTenantValue secrets[LIM_TENANT_N_SECRETS] = { { 0 } };
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
          LimTenantValue v;

          ok = env_py_value (value, file, kw, &v, error);
          if (ok)
            lim_tenant_value_move (&secrets[kind], &v);
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
      if (name_raw.kind == LIM_TENANT_VALUE_ENV)
        lim_set_error_at (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_INVALID, file, name_node,
                          "tenant_name: the environment variable %s is not set", name_raw.var);
      else
        lim_set_error_at (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_INVALID, file,
                          name_node ? name_node : call, "BenchlingConnection needs a tenant_name");
      goto out;
    }
  if ((problem = lim_tenant_name_problem (tenant_name)) != NULL)
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
  else if ((problem = lim_tenant_alias_problem (alias)) != NULL)
    {
      lim_set_error_at (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_INVALID, file, alias_node,
                        "tenant_alias: %s", problem);
      goto out;
    }
  if (g_strcmp0 (alias, tenant_name) == 0 && (problem = lim_tenant_alias_problem (alias)) != NULL)
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
    lim_tenant_value_move (&tenant->env_py_secrets[k], &secrets[k]);

out:
  lim_tenant_value_clear (&name_raw);
  for (guint k = 0; k < LIM_TENANT_N_SECRETS; k++)
    lim_tenant_value_clear (&secrets[k]);
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

gboolean
lim_env_py_load (const char      *path,
                 LimTenantEnvFunc env,
                 gpointer         env_data,
                 GPtrArray       *tenants,
                 gboolean        *present,
                 GError         **error)
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

  if (!lim_tenant_read_config_file (path, &text, &len, present, error))
    return FALSE;
  if (!*present)
    return TRUE;

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
