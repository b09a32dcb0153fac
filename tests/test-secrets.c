/* test-secrets.c — a tenant's secrets: resolution order, checks, what is
 * never said, and the desktop keyring.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>
#include <string.h>
#include <unistd.h>

#include "tenant-test-util.h"


static void
test_secrets_order (Fixture       *fx,
                    gconstpointer  data)
{
  g_autoptr(GHashTable) env = env_new ("LIMINAL_PROD_EU_CLIENT_SECRET", "from-liminal-var",
                                       "PY_SECRET", "from-py-var",
                                       "LIMINAL_PROD_EU_SESSION", "sess",
                                       "LIMINAL_PROD_EU_CSRF", "tok",
                                       "LIMINAL_PROD_EU_ADMIN_PASSWORD", "",
                                       NULL);
  g_autoptr(LimTenantConfig) config = NULL;
  g_autoptr(LimTenant) t = NULL;
  g_autoptr(LimTenantSecrets) secrets = NULL;
  g_autofree char *env_py = fx_path (fx, "env.py");
  g_autofree char *expected = NULL;
  g_autofree char *var = NULL;

  fx_write (fx, "env.py",
            "c = BenchlingConnection(tenant_name='pizzahouse-eu', tenant_alias='prod-eu',\n"
            "    api_client_id='id', api_client_secret=os.environ['PY_SECRET'],\n"
            "    internal_api_admin_password='py-password')\n");
  config = load_ok (fx, env);
  t = get (config, "prod-eu");
  var = lim_tenant_get_env_var (t, LIM_TENANT_SECRET_CLIENT_SECRET);
  g_assert_cmpstr (var, ==, "LIMINAL_PROD_EU_CLIENT_SECRET");

  /* The environment first… */
  secrets = resolve_secrets (t, NULL, env_lookup, env, LIM_TENANT_RESOLVE_NO_KEYRING, NULL);
  g_assert_cmpstr (secrets->client_secret, ==, "from-liminal-var");
  g_assert_cmpint (secrets->sources[LIM_TENANT_SECRET_CLIENT_SECRET], ==, LIM_SECRET_SOURCE_ENVIRONMENT);
  g_assert_cmpstr (secrets->origins[LIM_TENANT_SECRET_CLIENT_SECRET], ==, "LIMINAL_PROD_EU_CLIENT_SECRET");
  g_assert_cmpstr (lim_tenant_secrets_get (secrets, LIM_TENANT_SECRET_SESSION), ==, "sess");
  g_assert_cmpstr (lim_tenant_secrets_get (secrets, LIM_TENANT_SECRET_CSRF), ==, "tok");
  /* …an empty variable does not count… */
  g_assert_cmpstr (secrets->admin_password, ==, "py-password");
  g_assert_cmpint (secrets->sources[LIM_TENANT_SECRET_ADMIN_PASSWORD], ==, LIM_SECRET_SOURCE_ENV_PY);
  g_clear_pointer (&secrets, lim_tenant_secrets_free);

  /* …then env.py (through its own variable). */
  g_hash_table_remove (env, "LIMINAL_PROD_EU_CLIENT_SECRET");
  secrets = resolve_secrets (t, NULL, env_lookup, env, LIM_TENANT_RESOLVE_NO_KEYRING, NULL);
  g_assert_cmpstr (secrets->client_secret, ==, "from-py-var");
  g_assert_cmpint (secrets->sources[LIM_TENANT_SECRET_CLIENT_SECRET], ==, LIM_SECRET_SOURCE_ENV_PY);
  expected = g_strdup_printf ("%s:2 (environment variable PY_SECRET)", env_py);
  g_assert_cmpstr (secrets->origins[LIM_TENANT_SECRET_CLIENT_SECRET], ==, expected);
  g_clear_pointer (&secrets, lim_tenant_secrets_free);

  /* Nothing. */
  g_hash_table_remove_all (env);
  secrets = resolve_secrets (t, NULL, env_lookup, env, LIM_TENANT_RESOLVE_NO_KEYRING, NULL);
  g_assert_null (secrets->client_secret);
  g_assert_null (secrets->session);
  g_assert_cmpint (secrets->sources[LIM_TENANT_SECRET_SESSION], ==, LIM_SECRET_SOURCE_NONE);
  g_assert_null (secrets->origins[LIM_TENANT_SECRET_SESSION]);
}

static void
test_secrets_check (Fixture       *fx,
                    gconstpointer  data)
{
  g_autoptr(GHashTable) env = env_new (NULL);
  g_autoptr(LimTenantConfig) config = NULL;
  g_autoptr(LimTenant) prod = NULL;
  g_autoptr(LimTenant) sess = NULL;
  g_autoptr(LimTenant) py = NULL;
  g_autoptr(LimTenantSecrets) secrets = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ini = fx_path (fx, "tenants.ini");
  g_autofree char *env_py = fx_path (fx, "env.py");
  g_autofree char *expected = NULL;

  fx_write (fx, "tenants.ini",
            "[prod]\ntenant-name=pizzahouse-prod\nclient-id=id\n"
            "[sess]\ntenant-name=pizzahouse-dev\nclient-id=id\nauth=session\n");
  fx_write (fx, "env.py",
            "c = BenchlingConnection(tenant_name='pizzahouse-qa', tenant_alias='qa',\n"
            "    api_client_id=os.environ.get('QA_ID'))\n");
  config = load_ok (fx, env);
  prod = get (config, "prod");
  sess = get (config, "sess");
  py = get (config, "qa");

  secrets = resolve_secrets (prod, NULL, env_lookup, env, LIM_TENANT_RESOLVE_NO_KEYRING, NULL);
  g_assert_false (lim_tenant_secrets_check (secrets, prod, &error));
  g_assert_error (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_NO_SECRET);
  g_assert_cmpstr (error->message, ==,
                   "No client secret for tenant “prod” (pizzahouse-prod). Provide it in one of three "
                   "ways: set the environment variable LIMINAL_PROD_CLIENT_SECRET; store it in the "
                   "desktop keyring (Liminal Desktop's Enter Secret…, or `secret-tool store "
                   "--label='Liminal client secret' xdg:schema io.github.liminal_desktop.Liminal.Tenant "
                   "url https://pizzahouse-prod.benchling.com client-id id kind client-secret`); or set api_client_secret in the tenant's "
                   "BenchlingConnection in env.py. Secrets never go in tenants.ini.");
  g_clear_error (&error);
  g_clear_pointer (&secrets, lim_tenant_secrets_free);

  /* Password sign-in needs the admin email, then the password. */
  g_hash_table_insert (env, "LIMINAL_PROD_CLIENT_SECRET", "cs");
  secrets = resolve_secrets (prod, NULL, env_lookup, env, LIM_TENANT_RESOLVE_NO_KEYRING, NULL);
  g_assert_false (lim_tenant_secrets_check (secrets, prod, &error));
  expected = g_strdup_printf ("Tenant “prod” (pizzahouse-prod) signs in with a password but has no "
                              "admin email: set admin-email in group [prod] of %s, or use "
                              "auth=session with a session cookie from a browser", ini);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);
  lim_tenant_set_admin_email (prod, "a@b.example");
  g_assert_false (lim_tenant_secrets_check (secrets, prod, &error));
  g_assert_true (g_str_has_prefix (error->message,
                                   "No admin password for tenant “prod” (pizzahouse-prod). Provide it in "
                                   "one of three ways: set the environment variable "
                                   "LIMINAL_PROD_ADMIN_PASSWORD; store it in the desktop keyring"));
  g_assert_nonnull (strstr (error->message, "or set internal_api_admin_password in the tenant's BenchlingConnection"));
  g_clear_error (&error);
  g_clear_pointer (&secrets, lim_tenant_secrets_free);
  g_hash_table_insert (env, "LIMINAL_PROD_ADMIN_PASSWORD", "pw");
  secrets = resolve_secrets (prod, NULL, env_lookup, env, LIM_TENANT_RESOLVE_NO_KEYRING, NULL);
  g_assert_true (lim_tenant_secrets_check (secrets, prod, &error));
  g_assert_no_error (error);
  g_clear_pointer (&secrets, lim_tenant_secrets_free);

  /* Session sign-in. */
  g_hash_table_insert (env, "LIMINAL_SESS_CLIENT_SECRET", "cs");
  g_hash_table_insert (env, "LIMINAL_SESS_SESSION", "cookie");
  secrets = resolve_secrets (sess, NULL, env_lookup, env, LIM_TENANT_RESOLVE_NO_KEYRING, NULL);
  g_assert_false (lim_tenant_secrets_check (secrets, sess, &error));
  g_assert_cmpstr (error->message, ==,
                   "No CSRF token for tenant “sess” (pizzahouse-dev), which signs in with auth=session: "
                   "sign in to https://pizzahouse-dev.benchling.com in a browser, then set the "
                   "environment variables LIMINAL_SESS_SESSION to the `session` cookie and "
                   "LIMINAL_SESS_CSRF to the CSRF token (the x-csrftoken header)");
  g_clear_error (&error);
  g_clear_pointer (&secrets, lim_tenant_secrets_free);
  g_hash_table_insert (env, "LIMINAL_SESS_CSRF", "tok");
  secrets = resolve_secrets (sess, NULL, env_lookup, env, LIM_TENANT_RESOLVE_NO_KEYRING, NULL);
  g_assert_true (lim_tenant_secrets_check (secrets, sess, NULL));
  g_clear_pointer (&secrets, lim_tenant_secrets_free);

  /* env.py tenant whose client id comes from an unset variable. */
  secrets = resolve_secrets (py, NULL, env_lookup, env, LIM_TENANT_RESOLVE_NO_KEYRING, NULL);
  g_assert_false (lim_tenant_secrets_check (secrets, py, &error));
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("Tenant “qa” (pizzahouse-qa) has no client id: set api_client_id in the "
                              "BenchlingConnection at %s:1", env_py);
  g_assert_cmpstr (error->message, ==, expected);
}

/* No message ever holds a secret value. */
static void
test_secrets_no_leak (Fixture       *fx,
                      gconstpointer  data)
{
  const char *secret = "S3CRET-VALUE-7f1";
  g_autoptr(GHashTable) env = env_new ("LIMINAL_PROD_CLIENT_SECRET", secret,
                                       "LIMINAL_PROD_SESSION", secret,
                                       NULL);
  g_autoptr(LimTenantConfig) config = NULL;
  g_autoptr(LimTenant) t = NULL;
  g_autoptr(LimTenantSecrets) secrets = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sources = NULL;

  fx_write (fx, "env.py",
            "c = BenchlingConnection(tenant_name='pizzahouse-prod', tenant_alias='prod',\n"
            "    api_client_id='id', internal_api_admin_email='a@b.example',\n"
            "    internal_api_admin_password=os.getenv('PW', 'S3CRET-VALUE-7f1'))\n");
  config = load_ok (fx, env);
  t = get (config, "prod");
  lim_tenant_set_auth (t, LIM_TENANT_AUTH_SESSION);

  secrets = resolve_secrets (t, NULL, env_lookup, env, LIM_TENANT_RESOLVE_NO_KEYRING, NULL);
  g_assert_cmpstr (secrets->client_secret, ==, secret);
  g_assert_cmpstr (secrets->admin_password, ==, secret);
  for (guint k = 0; k < LIM_TENANT_N_SECRETS; k++)
    {
      g_autofree char *describe = lim_tenant_secrets_describe (secrets, k);
      g_autofree char *where = lim_tenant_describe_secret_sources (t, k);

      g_assert_null (strstr (describe, secret));
      g_assert_null (strstr (where, secret));
      if (secrets->origins[k] != NULL)
        g_assert_null (strstr (secrets->origins[k], secret));
    }
  /* The check fails (no CSRF token) without quoting anything it found. */
  g_assert_false (lim_tenant_secrets_check (secrets, t, &error));
  g_assert_null (strstr (error->message, secret));
  g_clear_error (&error);

  /* Errors about a secret's value in env.py or tenants.ini. */
  fx_write (fx, "env.py",
            "c = BenchlingConnection(tenant_name='a', api_client_secret=f'S3CRET-VALUE-7f1')\n");
  g_clear_pointer (&config, lim_tenant_config_unref);
  config = lim_tenant_config_load (fx->dir, env_lookup, env, &error);
  g_assert_null (config);
  g_assert_null (strstr (error->message, secret));
  g_clear_error (&error);
  fx_write (fx, "env.py", NULL);
  fx_write (fx, "tenants.ini", "[a]\ntenant-name=a\nclient-id=1\nurl=https://u:S3CRET-VALUE-7f1@h.example\n");
  config = lim_tenant_config_load (fx->dir, env_lookup, env, &error);
  g_assert_null (config);
  g_assert_null (strstr (error->message, secret));
}

static void
resolved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static void
test_secrets_cancelled (void)
{
  g_autoptr(LimTenant) t = lim_tenant_new ("prod", "pizzahouse-prod");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* The only way resolution fails; the secrets found are freed with the task. */
  g_cancellable_cancel (cancellable);
  lim_tenant_resolve_secrets_async (t, &(LimSecretsScope) { NULL, env_lookup, NULL, LIM_TENANT_RESOLVE_DEFAULT },
                                    cancellable, resolved_cb, &result);
  g_assert_null (lim_tenant_resolve_secrets_finish (wait_for_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* ---------------------------------------------------------------------- */
/* Keyring                                                                 */
/* ---------------------------------------------------------------------- */

static gboolean
cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

/* A cancellable that cancels itself after @ms: keyring calls have no
 * timeout of their own. */
static GCancellable *
cancel_after (guint ms)
{
  GCancellable *cancellable = g_cancellable_new ();

  g_timeout_add_full (G_PRIORITY_DEFAULT, ms, cancel_cb, g_object_ref (cancellable), g_object_unref);
  return cancellable;
}

static void
test_keyring_unavailable (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LimTenant) t = lim_tenant_new ("prod", "pizzahouse-prod");
      g_autoptr(LimTenantSecrets) secrets = NULL;
      gint64 start = g_get_monotonic_time ();
      char *value;

      /* No secret service here. */
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/liminal-test/bus", TRUE);

      value = keyring_lookup (t, NULL, LIM_TENANT_SECRET_CLIENT_SECRET, NULL, &error);
      g_assert_no_error (error);
      g_assert_null (value);

      g_assert_false (keyring_clear (t, "/p", LIM_KEYRING_SCOPE_ALL, LIM_TENANT_SECRET_ADMIN_PASSWORD, NULL, &error));
      g_assert_no_error (error);

      secrets = resolve_secrets (t, "/p", env_lookup, NULL, LIM_TENANT_RESOLVE_DEFAULT, NULL);
      g_assert_null (secrets->client_secret);
      g_assert_null (secrets->admin_password);

      g_assert_false (keyring_store (t, LIM_TENANT_SECRET_CLIENT_SECRET, "S3CRET-VALUE-7f1", NULL, &error));
      g_assert_nonnull (error);
      g_assert_null (strstr (error->message, "S3CRET"));

      /* Well under the timeout: the error comes back at once. */
      g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
      return;
    }

  g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, 0);
  g_test_trap_assert_passed ();
}

/* A filter that swallows every method call: a secret service that hangs. */
static GDBusMessage *
drop_calls (GDBusConnection *connection,
            GDBusMessage    *message,
            gboolean         incoming,
            gpointer         user_data)
{
  if (incoming && g_dbus_message_get_message_type (message) == G_DBUS_MESSAGE_TYPE_METHOD_CALL)
    {
      g_object_unref (message);
      return NULL;
    }
  return message;
}

static void
test_keyring_timeout (void)
{
  if (g_test_subprocess ())
    {
      /* A private session bus of our own (no service activation), so the
       * test runs wherever it runs, with or without a desktop keyring. */
      GTestDBus *bus = g_test_dbus_new (G_TEST_DBUS_NONE);
      g_autoptr(GError) error = NULL;
      g_autofree char *address = NULL;
      g_autoptr(GDBusConnection) fake = NULL;
      g_autoptr(GVariant) reply = NULL;
      g_autoptr(GCancellable) cancellable = NULL;
      g_autoptr(LimTenant) t = lim_tenant_new ("prod", "pizzahouse-prod");
      g_autoptr(LimTenantSecrets) secrets = NULL;
      gint64 start;
      gint64 elapsed;
      char *value;
      guint32 result;

      g_test_dbus_up (bus);
      address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
      g_assert_no_error (error);
      fake = g_dbus_connection_new_for_address_sync (address,
                                                     G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                     G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                     NULL, NULL, &error);
      g_assert_no_error (error);
      reply = g_dbus_connection_call_sync (fake, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                           "org.freedesktop.DBus", "RequestName",
                                           g_variant_new ("(su)", "org.freedesktop.secrets", 4 /* DO_NOT_QUEUE */),
                                           G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
      g_assert_no_error (error);
      g_variant_get (reply, "(u)", &result);
      g_assert_cmpuint (result, ==, 1);   /* primary owner */
      g_dbus_connection_add_filter (fake, drop_calls, NULL, NULL);

      /* A keyring call waits until it is cancelled, then returns at once. */
      start = g_get_monotonic_time ();
      cancellable = cancel_after (300);
      value = keyring_lookup (t, NULL, LIM_TENANT_SECRET_CLIENT_SECRET, cancellable, &error);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_null (value);
      g_clear_error (&error);
      g_clear_object (&cancellable);
      cancellable = cancel_after (300);
      g_assert_false (keyring_store (t, LIM_TENANT_SECRET_CLIENT_SECRET, "S3CRET-VALUE-7f1", cancellable, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);

      /* Resolution gives up on the keyring after LIM_TENANT_KEYRING_TIMEOUT_MS
       * and does not wait a second time for the admin password. */
      start = g_get_monotonic_time ();
      secrets = resolve_secrets (t, "/p", env_lookup, NULL, LIM_TENANT_RESOLVE_DEFAULT, NULL);
      elapsed = g_get_monotonic_time () - start;
      g_assert_null (secrets->client_secret);
      g_assert_null (secrets->admin_password);
      g_assert_cmpint (elapsed, >=, (LIM_TENANT_KEYRING_TIMEOUT_MS - 100) * G_TIME_SPAN_MILLISECOND);
      g_assert_cmpint (elapsed, <, 2 * LIM_TENANT_KEYRING_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND);
      /* Leave at once: tearing the bus down would wait for libsecret's
       * abandoned calls to the hanging service (GTestDBus's down spins the
       * main loop until the bus connection is gone). */
      g_test_dbus_stop (bus);
      _exit (0);
    }

  g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, 0);
  g_test_trap_assert_passed ();
}

static void
test_keyring_cancelled (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  char *value;

  /* Also checks that a cancelled first call does not break later ones:
   * round-trip runs after this. */
  g_cancellable_cancel (cancellable);
  g_autoptr(LimTenant) t = lim_tenant_new ("prod", "pizzahouse-prod");

  value = keyring_lookup (t, NULL, LIM_TENANT_SECRET_CLIENT_SECRET, cancellable, &error);
  g_assert_null (value);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
}

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} AsyncWait;

static void
async_done (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  AsyncWait *wait = data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

/* A tenant of the round trips: its own alias and client id, so that runs
 * never meet each other's entries. */
static LimTenant *
test_tenant (const char *alias,
             const char *client_id)
{
  LimTenant *t = lim_tenant_new (alias, "pizzahouse-test");
  g_autofree char *id = g_strdup_printf ("%s-%d", client_id, (int) getpid ());

  lim_tenant_set_client_id (t, id);
  return t;
}

/* Tenants keyed alike share their identity entries. */
static void
test_keyring_identity_shared (void)
{
  g_autoptr(GPtrArray) tenants = g_ptr_array_new_with_free_func ((GDestroyNotify) lim_tenant_unref);
  LimTenant *dev = lim_tenant_new ("dev", "pizzahouse");
  LimTenant *same = lim_tenant_new ("staging", "pizzahouse");
  LimTenant *other = lim_tenant_new ("test", "pizzahouse");

  lim_tenant_set_client_id (dev, "id");
  lim_tenant_set_client_id (same, "id");
  lim_tenant_set_client_id (other, "other-id");
  g_ptr_array_add (tenants, dev);
  g_ptr_array_add (tenants, other);
  g_assert_false (lim_tenant_keyring_identity_shared (dev, tenants, "dev"));
  g_assert_true (lim_tenant_keyring_identity_shared (dev, tenants, "staging"));
  g_ptr_array_add (tenants, same);
  g_assert_true (lim_tenant_keyring_identity_shared (dev, tenants, "dev"));
  lim_tenant_set_url_override (same, "http://127.0.0.1:8000");
  g_assert_false (lim_tenant_keyring_identity_shared (dev, tenants, "dev"));
}

/* An entry as versions before the identity key wrote it: project-dir
 * (NULL: every project) + alias + kind. */
static void
store_old_entry (const char *project_dir,
                 const char *alias,
                 const char *secret)
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
  g_autoptr(GError) error = NULL;

  g_assert_true (secret_password_store_sync (&schema, SECRET_COLLECTION_DEFAULT, "old Liminal entry", secret, NULL,
                                             &error,
                                             "project-dir", project_dir != NULL ? project_dir : "",
                                             "alias", alias,
                                             "kind", "client-secret",
                                             NULL));
  g_assert_no_error (error);
}

static void
clear_all (LimTenant  *t,
           const char *project_dir)
{
  g_autoptr(GError) error = NULL;

  keyring_clear (t, project_dir, LIM_KEYRING_SCOPE_ALL, LIM_TENANT_SECRET_CLIENT_SECRET, NULL, &error);
  g_assert_no_error (error);
}

/* Skips the test when there is no secret service (outside dbus-run-session). */
static gboolean
have_keyring (LimTenant *t)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) probe = cancel_after (3000);

  if (!keyring_store (t, LIM_TENANT_SECRET_ADMIN_PASSWORD, "probe", probe, &error))
    {
      g_autofree char *why = g_strdup_printf ("no secret service: %s", error->message);

      g_test_skip (why);
      return FALSE;
    }
  g_assert_true (keyring_clear (t, NULL, LIM_KEYRING_SCOPE_IDENTITY, LIM_TENANT_SECRET_ADMIN_PASSWORD, NULL, &error));
  return TRUE;
}

static void
test_keyring_round_trip (Fixture       *fx,
                         gconstpointer  data)
{
  g_autofree char *alias = g_strdup_printf ("liminal-test-%d", (int) getpid ());
  g_autoptr(GError) error = NULL;
  g_autoptr(LimTenant) t = test_tenant (alias, "id");
  g_autoptr(LimTenant) other = test_tenant (alias, "other-id");
  g_autoptr(LimTenantSecrets) secrets = NULL;
  g_autoptr(GHashTable) env = env_new (NULL);
  char *value;

  if (!have_keyring (t))
    return;

  /* Keyed by the tenant's identity: every project finds it, a tenant of
   * the same alias with another client id does not. */
  g_assert_true (keyring_store (t, LIM_TENANT_SECRET_CLIENT_SECRET, "identity-secret", NULL, &error));
  g_assert_no_error (error);
  value = keyring_lookup (t, fx->dir, LIM_TENANT_SECRET_CLIENT_SECRET, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "identity-secret");
  lim_tenant_secret_free (value);
  value = keyring_lookup (t, "/elsewhere", LIM_TENANT_SECRET_CLIENT_SECRET, NULL, &error);
  g_assert_cmpstr (value, ==, "identity-secret");
  lim_tenant_secret_free (value);
  value = keyring_lookup (other, fx->dir, LIM_TENANT_SECRET_CLIENT_SECRET, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (value);
  value = keyring_lookup (t, fx->dir, LIM_TENANT_SECRET_ADMIN_PASSWORD, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (value);

  /* An admin password belongs to the admin email too: a tenant of the
   * same OAuth client that signs in as someone else never gets it. */
  {
    g_autoptr(LimTenant) anna = test_tenant (alias, "id");
    g_autoptr(LimTenant) ben = test_tenant (alias, "id");

    lim_tenant_set_admin_email (anna, "anna@lab.example");
    lim_tenant_set_admin_email (ben, "ben@lab.example");
    g_assert_true (keyring_store (anna, LIM_TENANT_SECRET_ADMIN_PASSWORD, "anna-password", NULL, &error));
    g_assert_no_error (error);
    value = keyring_lookup (ben, fx->dir, LIM_TENANT_SECRET_ADMIN_PASSWORD, NULL, &error);
    g_assert_no_error (error);
    g_assert_null (value);
    value = keyring_lookup (anna, "/elsewhere", LIM_TENANT_SECRET_ADMIN_PASSWORD, NULL, &error);
    g_assert_cmpstr (value, ==, "anna-password");
    lim_tenant_secret_free (value);
    /* The client secret is the OAuth client's: both find it. */
    value = keyring_lookup (ben, fx->dir, LIM_TENANT_SECRET_CLIENT_SECRET, NULL, &error);
    g_assert_cmpstr (value, ==, "identity-secret");
    lim_tenant_secret_free (value);
    g_assert_true (keyring_clear (anna, NULL, LIM_KEYRING_SCOPE_IDENTITY, LIM_TENANT_SECRET_ADMIN_PASSWORD, NULL,
                                  &error));
    g_assert_no_error (error);
  }

  /* Storing again replaces it. */
  g_assert_true (keyring_store (t, LIM_TENANT_SECRET_CLIENT_SECRET, "project-secret", NULL, &error));
  value = keyring_lookup (t, fx->dir, LIM_TENANT_SECRET_CLIENT_SECRET, NULL, &error);
  g_assert_cmpstr (value, ==, "project-secret");
  lim_tenant_secret_free (value);

  /* Resolution order: environment, keyring, env.py. */
  secrets = resolve_secrets (t, fx->dir, env_lookup, env, LIM_TENANT_RESOLVE_DEFAULT, NULL);
  g_assert_cmpstr (secrets->client_secret, ==, "project-secret");
  g_assert_cmpint (secrets->sources[LIM_TENANT_SECRET_CLIENT_SECRET], ==, LIM_SECRET_SOURCE_KEYRING);
  g_assert_cmpstr (secrets->origins[LIM_TENANT_SECRET_CLIENT_SECRET], ==, "the desktop keyring");
  g_clear_pointer (&secrets, lim_tenant_secrets_free);
  {
    g_autofree char *var = lim_tenant_get_env_var (t, LIM_TENANT_SECRET_CLIENT_SECRET);

    g_hash_table_insert (env, var, "env-secret");
    secrets = resolve_secrets (t, fx->dir, env_lookup, env, LIM_TENANT_RESOLVE_DEFAULT, NULL);
    g_assert_cmpstr (secrets->client_secret, ==, "env-secret");
    g_clear_pointer (&secrets, lim_tenant_secrets_free);
    g_hash_table_remove (env, var);
  }

  /* Async clear of the identity entry. */
  {
    AsyncWait wait = { g_main_loop_new (NULL, FALSE), NULL };

    lim_tenant_keyring_clear (t, fx->dir, LIM_KEYRING_SCOPE_IDENTITY, LIM_TENANT_SECRET_CLIENT_SECRET, NULL,
                              async_done, &wait);
    g_main_loop_run (wait.loop);
    g_assert_true (lim_tenant_keyring_clear_finish (wait.result, &error));
    g_assert_no_error (error);
    g_clear_object (&wait.result);

    lim_tenant_keyring_lookup (t, fx->dir, LIM_TENANT_SECRET_CLIENT_SECRET, NULL, async_done, &wait);
    g_main_loop_run (wait.loop);
    value = lim_tenant_keyring_lookup_finish (wait.result, &error);
    g_assert_no_error (error);
    g_assert_null (value);
    g_clear_object (&wait.result);
    g_main_loop_unref (wait.loop);
  }
  g_assert_false (keyring_clear (t, fx->dir, LIM_KEYRING_SCOPE_ALL, LIM_TENANT_SECRET_CLIENT_SECRET, NULL, &error));
  g_assert_no_error (error);

  /* An unattended clear that finds nothing is quiet (it once read a NULL
   * error); a lookup sent after it answers after it. */
  lim_tenant_keyring_clear_unattended (t, fx->dir, LIM_KEYRING_SCOPE_ALL, LIM_TENANT_SECRET_CLIENT_SECRET, "nothing");
  value = keyring_lookup (t, fx->dir, LIM_TENANT_SECRET_CLIENT_SECRET, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (value);
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

/* Entries written before the identity key (project-dir + alias) are still
 * found: the project's first, then the one for every project; a find
 * copies it to the identity key. */
static void
test_keyring_old_entries (Fixture       *fx,
                          gconstpointer  data)
{
  g_autofree char *alias = g_strdup_printf ("liminal-old-%d", (int) getpid ());
  g_autoptr(LimTenant) t = test_tenant (alias, "id");
  g_autoptr(LimTenant) other = test_tenant (alias, "other-id");
  g_autoptr(GError) error = NULL;
  char *value;

  if (!have_keyring (t))
    return;

  store_old_entry (fx->dir, alias, "old-project-secret");
  store_old_entry (NULL, alias, "old-global-secret");

  value = keyring_lookup (other, "/elsewhere", LIM_TENANT_SECRET_CLIENT_SECRET, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "old-global-secret");
  lim_tenant_secret_free (value);
  value = keyring_lookup (t, fx->dir, LIM_TENANT_SECRET_CLIENT_SECRET, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "old-project-secret");
  lim_tenant_secret_free (value);

  /* Copied to the identity: found from anywhere now, even with the old
   * entries gone. */
  g_assert_true (keyring_clear (t, fx->dir, LIM_KEYRING_SCOPE_LEGACY, LIM_TENANT_SECRET_CLIENT_SECRET, NULL, &error));
  g_assert_true (keyring_clear (t, NULL, LIM_KEYRING_SCOPE_LEGACY, LIM_TENANT_SECRET_CLIENT_SECRET, NULL, &error));
  value = keyring_lookup (t, "/elsewhere", LIM_TENANT_SECRET_CLIENT_SECRET, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "old-project-secret");
  lim_tenant_secret_free (value);
  value = keyring_lookup (other, "/elsewhere", LIM_TENANT_SECRET_CLIENT_SECRET, NULL, &error);
  g_assert_cmpstr (value, ==, "old-global-secret");
  lim_tenant_secret_free (value);

  clear_all (t, fx->dir);
  clear_all (other, fx->dir);
  value = keyring_lookup (other, "/elsewhere", LIM_TENANT_SECRET_CLIENT_SECRET, NULL, &error);
  g_assert_null (value);
}

/* A secret stored for a project's tenant is found after the project folder
 * is moved (or cloned again elsewhere). */
static void
test_keyring_moved_project (Fixture       *fx,
                            gconstpointer  data)
{
  g_autofree char *alias = g_strdup_printf ("liminal-move-%d", (int) getpid ());
  g_autofree char *client_id = g_strdup_printf ("move-id-%d", (int) getpid ());
  g_autofree char *before = g_build_filename (fx->dir, "before", NULL);
  g_autofree char *after = g_build_filename (fx->dir, "after", NULL);
  g_autofree char *ini = g_strdup_printf ("[%s]\ntenant-name = pizzahouse-move\nclient-id = %s\n", alias, client_id);
  g_autofree char *ini_path = g_build_filename (before, "tenants.ini", NULL);
  g_autoptr(LimTenantConfig) config = NULL;
  g_autoptr(LimTenantSecrets) secrets = NULL;
  g_autoptr(LimTenant) t = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (before, 0700), ==, 0);
  g_assert_true (g_file_set_contents (ini_path, ini, -1, NULL));
  config = lim_tenant_config_load (before, NULL, NULL, &error);
  g_assert_no_error (error);
  t = lim_tenant_config_lookup (config, alias, &error);
  g_assert_no_error (error);
  if (!have_keyring (t))
    return;
  g_assert_true (keyring_store (t, LIM_TENANT_SECRET_CLIENT_SECRET, "moving-secret", NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&t, lim_tenant_unref);
  g_clear_pointer (&config, lim_tenant_config_unref);

  g_assert_cmpint (g_rename (before, after), ==, 0);
  g_assert_false (g_file_test (before, G_FILE_TEST_EXISTS));
  config = lim_tenant_config_load (after, NULL, NULL, &error);
  g_assert_no_error (error);
  t = lim_tenant_config_lookup (config, alias, &error);
  g_assert_no_error (error);
  secrets = resolve_secrets (t, after, env_lookup, NULL, LIM_TENANT_RESOLVE_DEFAULT, NULL);
  g_assert_cmpstr (secrets->client_secret, ==, "moving-secret");
  g_assert_cmpint (secrets->sources[LIM_TENANT_SECRET_CLIENT_SECRET], ==, LIM_SECRET_SOURCE_KEYRING);
  g_clear_pointer (&secrets, lim_tenant_secrets_free);

  /* An entry of an older version, under the old folder, is found once
   * there and then after the move too. */
  clear_all (t, after);
  g_assert_cmpint (g_rename (after, before), ==, 0);
  store_old_entry (before, alias, "old-moving-secret");
  secrets = resolve_secrets (t, before, env_lookup, NULL, LIM_TENANT_RESOLVE_DEFAULT, NULL);
  g_assert_cmpstr (secrets->client_secret, ==, "old-moving-secret");
  g_clear_pointer (&secrets, lim_tenant_secrets_free);
  g_assert_cmpint (g_rename (before, after), ==, 0);
  secrets = resolve_secrets (t, after, env_lookup, NULL, LIM_TENANT_RESOLVE_DEFAULT, NULL);
  g_assert_cmpstr (secrets->client_secret, ==, "old-moving-secret");

  clear_all (t, before);
}

/* ---------------------------------------------------------------------- */


/* ---------------------------------------------------------------------- */

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  ADD ("/tenants/secrets/order", test_secrets_order);
  ADD ("/tenants/secrets/check", test_secrets_check);
  ADD ("/tenants/secrets/no-leak", test_secrets_no_leak);
  g_test_add_func ("/tenants/secrets/cancelled", test_secrets_cancelled);
  g_test_add_func ("/tenants/keyring/unavailable", test_keyring_unavailable);
  g_test_add_func ("/tenants/keyring/timeout", test_keyring_timeout);
  g_test_add_func ("/tenants/keyring/cancelled", test_keyring_cancelled);
  g_test_add_func ("/tenants/keyring/identity-shared", test_keyring_identity_shared);
  ADD ("/tenants/keyring/round-trip", test_keyring_round_trip);
  ADD ("/tenants/keyring/old-entries", test_keyring_old_entries);
  ADD ("/tenants/keyring/moved-project", test_keyring_moved_project);

  ret = g_test_run ();
  secret_service_disconnect ();
  return ret;
}
