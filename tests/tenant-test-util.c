/* tenant-test-util.c — what the tenant tests share: a scratch config
 * folder, an injected environment, loading, and waiting for async calls.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <string.h>

#include "tenant-test-util.h"

void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->dir = g_dir_make_tmp ("liminal-tenants-XXXXXX", &error);
  g_assert_no_error (error);
}

void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fx->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fx->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (fx->dir);
  g_free (fx->dir);
}

char *
fx_path (Fixture    *fx,
         const char *name)
{
  return g_build_filename (fx->dir, name, NULL);
}

void
fx_write (Fixture    *fx,
          const char *name,
          const char *text)
{
  g_autofree char *path = fx_path (fx, name);
  g_autoptr(GError) error = NULL;

  if (text == NULL)
    {
      g_unlink (path);
      return;
    }
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

char *
fx_read (Fixture    *fx,
         const char *name)
{
  g_autofree char *path = fx_path (fx, name);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

/* An injected environment: NULL-terminated name, value pairs. */
GHashTable *
env_new (const char *first,
         ...)
{
  GHashTable *env = g_hash_table_new (g_str_hash, g_str_equal);
  const char *name = first;
  va_list args;

  va_start (args, first);
  while (name != NULL)
    {
      const char *value = va_arg (args, const char *);

      g_hash_table_insert (env, (char *) name, (char *) value);
      name = va_arg (args, const char *);
    }
  va_end (args);
  return env;
}

const char *
env_lookup (const char *name,
            gpointer    user_data)
{
  return user_data != NULL ? g_hash_table_lookup (user_data, name) : NULL;
}

LimTenantConfig *
load_ok (Fixture    *fx,
         GHashTable *env)
{
  g_autoptr(GError) error = NULL;
  LimTenantConfig *config = lim_tenant_config_load (fx->dir, env_lookup, env, &error);

  g_assert_no_error (error);
  g_assert_nonnull (config);
  return config;
}

/* Loads and checks that the error is @code and its message is
 * "<dir>/<expected>" (when @expected starts with the file name) or contains
 * @expected. */
void
load_fails (Fixture    *fx,
            GHashTable *env,
            int         code,
            const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimTenantConfig) config = lim_tenant_config_load (fx->dir, env_lookup, env, &error);

  g_assert_null (config);
  g_assert_error (error, LIM_TENANT_ERROR, code);
  if (g_str_has_prefix (expected, "tenants.ini") || g_str_has_prefix (expected, "env.py"))
    {
      g_autofree char *full = g_build_filename (fx->dir, expected, NULL);

      if (!g_str_has_prefix (error->message, full))
        g_error ("expected a message starting with\n  %s\ngot\n  %s", full, error->message);
    }
  else if (strstr (error->message, expected) == NULL)
    g_error ("expected a message containing\n  %s\ngot\n  %s", expected, error->message);
}

LimTenant *
get (LimTenantConfig *config,
     const char      *name)
{
  g_autoptr(GError) error = NULL;
  LimTenant *tenant = lim_tenant_config_lookup (config, name, &error);

  g_assert_no_error (error);
  g_assert_nonnull (tenant);
  return tenant;
}

static void
result_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

GAsyncResult *
wait_for_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

LimTenantSecrets *
resolve_secrets (LimTenant             *tenant,
                 const char            *project_dir,
                 LimTenantEnvFunc       env,
                 gpointer               env_data,
                 LimTenantResolveFlags  flags,
                 GCancellable          *cancellable)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const LimSecretsScope scope = { project_dir, env, env_data, flags };
  LimTenantSecrets *secrets;

  lim_tenant_resolve_secrets_async (tenant, &scope, cancellable, result_cb, &result);
  secrets = lim_tenant_resolve_secrets_finish (wait_for_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (secrets);
  return secrets;
}

char *
keyring_lookup (LimTenant            *tenant,
                const char           *project_dir,
                LimTenantSecretKind   kind,
                GCancellable         *cancellable,
                GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  lim_tenant_keyring_lookup (tenant, project_dir, kind, cancellable, result_cb, &result);
  return lim_tenant_keyring_lookup_finish (wait_for_result (&result), error);
}

gboolean
keyring_store (LimTenant            *tenant,
               LimTenantSecretKind   kind,
               const char           *secret,
               GCancellable         *cancellable,
               GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  lim_tenant_keyring_store (tenant, kind, secret, cancellable, result_cb, &result);
  return lim_tenant_keyring_store_finish (wait_for_result (&result), error);
}

gboolean
keyring_clear (LimTenant            *tenant,
               const char           *project_dir,
               LimKeyringScope       scope,
               LimTenantSecretKind   kind,
               GCancellable         *cancellable,
               GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  lim_tenant_keyring_clear (tenant, project_dir, scope, kind, cancellable, result_cb, &result);
  return lim_tenant_keyring_clear_finish (wait_for_result (&result), error);
}
