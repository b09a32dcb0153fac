/* test-tenant-config.c — tenant configuration: tenants.ini, env.py,
 * merging, lookup and saving.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib.h>
#include <string.h>

#include "tenant-test-util.h"


/* ---------------------------------------------------------------------- */
/* tenants.ini                                                             */
/* ---------------------------------------------------------------------- */

static void
test_ini_all_keys (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(LimTenantConfig) config = NULL;
  g_autoptr(LimTenant) t = NULL;
  g_autofree char *ini = fx_path (fx, "tenants.ini");
  GPtrArray *tenants;

  fx_write (fx, "tenants.ini",
            "# our tenants\n"
            "[prod]\n"
            "tenant-name=pizzahouse-prod\n"
            "client-id=abc-123\n"
            "admin-email=admin@pizza.example\n"
            "auth=session\n"
            "schemas-enable-change-warehouse-name=true\n"
            "fieldsets=true\n"
            "protected=false\n"
            "\n"
            "[sandbox]\n"
            "tenant-name = pizzahouse-dev\n"
            "url = https://sandbox.example.com:8443/benchling/\n"
            "client-id = xyz\n"
            "protected = true\n"
            "allow-insecure = true\n");
  config = load_ok (fx, NULL);
  g_assert_true (lim_tenant_config_has_tenants_ini (config));
  g_assert_false (lim_tenant_config_has_env_py (config));
  tenants = lim_tenant_config_get_tenants (config);
  g_assert_cmpuint (tenants->len, ==, 2);

  t = lim_tenant_ref (tenants->pdata[0]);
  g_assert_cmpstr (lim_tenant_get_alias (t), ==, "prod");
  g_assert_cmpstr (lim_tenant_get_tenant_name (t), ==, "pizzahouse-prod");
  g_assert_cmpstr (lim_tenant_get_base_url (t), ==, "https://pizzahouse-prod.benchling.com");
  g_assert_null (lim_tenant_get_url_override (t));
  g_assert_cmpstr (lim_tenant_get_client_id (t), ==, "abc-123");
  g_assert_cmpstr (lim_tenant_get_admin_email (t), ==, "admin@pizza.example");
  g_assert_cmpint (lim_tenant_get_auth (t), ==, LIM_TENANT_AUTH_SESSION);
  g_assert_true (lim_tenant_get_schemas_enable_change_warehouse_name (t));
  g_assert_true (lim_tenant_get_fieldsets (t));
  g_assert_false (lim_tenant_get_protected (t));
  g_assert_false (lim_tenant_get_allow_insecure (t));
  g_assert_cmpint (lim_tenant_get_origin (t), ==, LIM_TENANT_ORIGIN_TENANTS_INI);
  g_assert_cmpstr (lim_tenant_get_source_file (t), ==, ini);
  g_assert_cmpuint (lim_tenant_get_source_line (t), ==, 2);
  g_clear_pointer (&t, lim_tenant_unref);

  t = lim_tenant_ref (tenants->pdata[1]);
  g_assert_cmpstr (lim_tenant_get_alias (t), ==, "sandbox");
  g_assert_cmpstr (lim_tenant_get_url_override (t), ==, "https://sandbox.example.com:8443/benchling");
  g_assert_cmpstr (lim_tenant_get_base_url (t), ==, "https://sandbox.example.com:8443/benchling");
  g_assert_null (lim_tenant_get_admin_email (t));
  g_assert_cmpint (lim_tenant_get_auth (t), ==, LIM_TENANT_AUTH_PASSWORD);
  g_assert_false (lim_tenant_get_fieldsets (t));
  g_assert_true (lim_tenant_get_protected (t));
  g_assert_true (lim_tenant_get_allow_insecure (t));
  g_assert_cmpuint (lim_tenant_get_source_line (t), ==, 11);
}

static void
test_ini_defaults (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(LimTenantConfig) config = NULL;
  const char *aliases[] = { "prod", "Production", "staging", "dev", "prod2" };
  const gboolean protected_[] = { TRUE, TRUE, TRUE, FALSE, FALSE };
  GPtrArray *tenants;

  fx_write (fx, "tenants.ini",
            "[prod]\ntenant-name=a\nclient-id=1\n"
            "[Production]\ntenant-name=b\nclient-id=2\n"
            "[staging]\ntenant-name=c\nclient-id=3\nprotected=true\n"
            "[dev]\ntenant-name=d\nclient-id=4\n"
            "[prod2]\ntenant-name=e\nclient-id=5\nadmin-email=\n");
  config = load_ok (fx, NULL);
  tenants = lim_tenant_config_get_tenants (config);
  g_assert_cmpuint (tenants->len, ==, G_N_ELEMENTS (aliases));
  for (guint i = 0; i < tenants->len; i++)
    {
      LimTenant *t = tenants->pdata[i];

      g_assert_cmpstr (lim_tenant_get_alias (t), ==, aliases[i]);
      g_assert_cmpint (lim_tenant_get_protected (t), ==, protected_[i]);
      g_assert_cmpint (lim_tenant_get_auth (t), ==, LIM_TENANT_AUTH_PASSWORD);
      g_assert_false (lim_tenant_get_schemas_enable_change_warehouse_name (t));
      g_assert_false (lim_tenant_get_fieldsets (t));
      g_assert_false (lim_tenant_get_allow_insecure (t));
      g_assert_null (lim_tenant_get_admin_email (t));
      g_assert_null (lim_tenant_get_url_override (t));
    }
  g_assert_cmpstr (lim_tenant_get_base_url (tenants->pdata[0]), ==, "https://a.benchling.com");
}

static void
test_ini_url (Fixture       *fx,
              gconstpointer  data)
{
  static const struct {
    const char *url;
    const char *extra;
    const char *base;      /* expected base URL, or NULL for an error */
    const char *message;   /* part of the error message */
  } cases[] = {
    { "https://x.example.com/", "", "https://x.example.com", NULL },
    { "http://localhost:8080", "", "http://localhost:8080", NULL },
    { "http://127.0.0.1:9000/api//", "", "http://127.0.0.1:9000/api", NULL },
    { "http://[::1]:9000", "", "http://[::1]:9000", NULL },
    { "http://emulator.lan:9000", "allow-insecure=true\n", "http://emulator.lan:9000", NULL },
    { "http://emulator.lan:9000", "", NULL, "tenants.ini:4: [t] url: plain http:// is only allowed for a loopback host" },
    { "ftp://x.example.com", "", NULL, "tenants.ini:4: [t] url: only http:// and https:// URLs are supported" },
    { "https://user:hunter2@x.example.com", "", NULL, "tenants.ini:4: [t] url: the URL must not hold a user name or password" },
    { "https://x.example.com/?a=b", "", NULL, "tenants.ini:4: [t] url: the URL must not have a query or a fragment" },
    { "not a url", "", NULL, "tenants.ini:4: [t] url: not a valid URL" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("[t]\ntenant-name=t\nclient-id=1\nurl=%s\n%s",
                                               cases[i].url, cases[i].extra);

      fx_write (fx, "tenants.ini", text);
      if (cases[i].base != NULL)
        {
          g_autoptr(LimTenantConfig) config = load_ok (fx, NULL);
          g_autoptr(LimTenant) t = get (config, "t");

          g_assert_cmpstr (lim_tenant_get_base_url (t), ==, cases[i].base);
        }
      else
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(LimTenantConfig) config = lim_tenant_config_load (fx->dir, NULL, NULL, &error);

          load_fails (fx, NULL, LIM_TENANT_ERROR_INVALID, cases[i].message);
          g_assert_nonnull (error);
          g_assert_null (strstr (error->message, "hunter2"));
        }
    }
}

static void
test_ini_errors (Fixture       *fx,
                 gconstpointer  data)
{
  static const struct {
    const char *text;
    const char *message;
  } cases[] = {
    { "[prod]\ntenant-name=a\nclient-id=1\nthis is not a key file line\n",
      "tenants.ini:4: “this”: not a “key=value” line" },
    { "[prod]\ntenant-name=a\nclient-id=1\nclient-secret-typo S3CRET-XYZ\n",
      "tenants.ini:4: “client-secret-typo”: not a “key=value” line (the value is not shown)" },
    { "[prod]\ntenant-name=a\nclient-id=1\nS3CRET-XYZ\n",
      "tenants.ini:4: not a “[group]”, “key=value” or “# comment” line (its text is not shown)" },
    { "[prod]\ntenant-name=a\nclient-id=1\nprotected=S3CRET-XYZ\n",
      "tenants.ini:4: [prod] protected: expected true or false" },
    { "[prod]\ntenant-name=a\nclient-id=1\nauth=S3CRET-XYZ\n",
      "tenants.ini:4: [prod] auth: expected “password”, “session” or “sso”" },
    { "[prod]\ntenant-name=a\nclient-id=1\ncolour=red\n",
      "tenants.ini:4: unknown key “colour” in group [prod] (known keys: tenant-name, url, client-id" },
    { "# c\n[prod]\ntenant-name=a\n  client-secret = s3cr3t-value\nclient-id=1\n",
      "tenants.ini:4: [prod] client-secret: secrets never go in tenants.ini; remove this line and "
      "set LIMINAL_PROD_CLIENT_SECRET / LIMINAL_PROD_ADMIN_PASSWORD (or LIMINAL_PROD_SESSION and "
      "LIMINAL_PROD_CSRF) in the environment, or store the secret in the desktop keyring" },
    { "[prod-eu]\ntenant-name=a\nclient-id=1\nadmin-password=s3cr3t-value\n",
      "tenants.ini:4: [prod-eu] admin-password: secrets never go in tenants.ini; remove this line and set LIMINAL_PROD_EU_CLIENT_SECRET" },
    { "[a]\ntenant-name=a\nclient-id=1\n[b]\ntenant-name=b\nclient-id=1\nsession=s3cr3t-value\n",
      "tenants.ini:7: [b] session: secrets never go in tenants.ini" },
    { "[a]\ntenant-name=a\nclient-id=1\ncsrf=s3cr3t-value\n",
      "tenants.ini:4: [a] csrf: secrets never go in tenants.ini" },
    { "[a]\ntenant-name=a\nclient-id=1\n\n[b]\nclient-id=2\n",
      "tenants.ini:5: group [b] has no tenant-name" },
    { "[a]\ntenant-name=a\nclient-id=\n",
      "tenants.ini:1: group [a] has no client-id" },
    { "[a]\ntenant-name=a.b_c\nclient-id=1\n",
      "tenants.ini:2: [a] tenant-name: a tenant name is made of letters, digits, '-' and '.'" },
    { "[a]\ntenant-name=-a\nclient-id=1\n",
      "tenants.ini:2: [a] tenant-name: a tenant name cannot start or end with '-' or '.'" },
    { "[pr od]\ntenant-name=a\nclient-id=1\n",
      "tenants.ini:1: [pr od]: a tenant alias is made of letters, digits, '-' and '_'" },
    { "[a]\ntenant-name=a\nclient-id=1\nauth=saml\n",
      "tenants.ini:4: [a] auth: expected “password”, “session” or “sso”" },
    { "[a]\ntenant-name=a\nclient-id=1\nfieldsets=yes\n",
      "tenants.ini:4: [a] fieldsets: expected true or false" },
    { "[a]\ntenant-name=a\nclient-id=1\n[b]\ntenant-name=b\nclient-id=1\nprotected=1\n",
      "tenants.ini:7: [b] protected: expected true or false" },
    { "[a]\ntenant-name=a\nclient-id=1\n\n[b]\ntenant-name=b\nclient-id=1\n[a]\nfieldsets=true\n",
      "tenants.ini:8: group [a] is defined twice (first on line 1)" },
    { "[prod-eu]\ntenant-name=a\nclient-id=1\n[prod_eu]\ntenant-name=b\nclient-id=1\n",
      "tenants.ini:4: the alias “prod_eu” would share the environment variables LIMINAL_PROD_EU_* "
      "with the alias “prod-eu” (" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LimTenantConfig) config = NULL;

      fx_write (fx, "tenants.ini", cases[i].text);
      load_fails (fx, NULL, LIM_TENANT_ERROR_INVALID, cases[i].message);
      config = lim_tenant_config_load (fx->dir, NULL, NULL, &error);
      g_assert_null (strstr (error->message, "s3cr3t"));
      g_assert_null (strstr (error->message, "S3CRET"));
    }
}

static void
test_empty (Fixture       *fx,
            gconstpointer  data)
{
  g_autoptr(LimTenantConfig) config = load_ok (fx, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LimTenant) t = NULL;

  g_assert_false (lim_tenant_config_has_tenants_ini (config));
  g_assert_false (lim_tenant_config_has_env_py (config));
  g_assert_cmpuint (lim_tenant_config_get_tenants (config)->len, ==, 0);
  t = lim_tenant_config_lookup (config, "prod", &error);
  g_assert_null (t);
  g_assert_error (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_NOT_FOUND);
  g_assert_true (g_str_has_prefix (error->message, "No tenant “prod”: no tenants are configured; add one to "));

  /* A file with only comments (what `init` writes) is empty too. */
  fx_write (fx, "tenants.ini", "# [prod]\n# tenant-name=x\n");
  g_clear_pointer (&config, lim_tenant_config_unref);
  config = load_ok (fx, NULL);
  g_assert_true (lim_tenant_config_has_tenants_ini (config));
  g_assert_cmpuint (lim_tenant_config_get_tenants (config)->len, ==, 0);
}

/* ---------------------------------------------------------------------- */
/* env.py                                                                  */
/* ---------------------------------------------------------------------- */

/* What `liminal init` writes, plus a model import. */
static const char init_env_py[] =
  "# This file is auto-generated by Liminal.\n"
  "# Import the models and dropdowns you want to keep in sync here.\n"
  "# Instantiate the BenchlingConnection(s) with the correct parameters for your tenant(s).\n"
  "from liminal.connection import BenchlingConnection, TenantConfigFlags\n"
  "from pizzahouse.dropdowns import *\n"
  "\n"
  "connection = BenchlingConnection(\n"
  "    tenant_name=\"pizzahouse-prod\",\n"
  "    tenant_alias=\"prod\",\n"
  "    api_client_id=\"my-secret-api-client-id\",\n"
  "    api_client_secret=\"my-secret-api-client-secret\",\n"
  "    warehouse_connection_string=\"...\",\n"
  "    internal_api_admin_email=\"my-secret-internal-api-admin-email\",\n"
  "    internal_api_admin_password=\"my-secret-internal-api-admin-password\",\n"
  "    config_flags=TenantConfigFlags(...)\n"
  ")\n";

static void
test_env_py_literal (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(LimTenantConfig) config = NULL;
  g_autoptr(LimTenant) t = NULL;
  g_autoptr(LimTenantSecrets) secrets = NULL;
  g_autofree char *env_py = fx_path (fx, "env.py");
  g_autofree char *where = NULL;
  g_autofree char *describe = NULL;
  g_autofree char *expected = NULL;

  fx_write (fx, "env.py", init_env_py);
  config = load_ok (fx, NULL);
  g_assert_true (lim_tenant_config_has_env_py (config));
  g_assert_cmpuint (lim_tenant_config_get_tenants (config)->len, ==, 1);
  t = get (config, "prod");
  g_assert_cmpstr (lim_tenant_get_alias (t), ==, "prod");
  g_assert_cmpstr (lim_tenant_get_tenant_name (t), ==, "pizzahouse-prod");
  g_assert_cmpstr (lim_tenant_get_base_url (t), ==, "https://pizzahouse-prod.benchling.com");
  g_assert_cmpstr (lim_tenant_get_client_id (t), ==, "my-secret-api-client-id");
  g_assert_cmpstr (lim_tenant_get_admin_email (t), ==, "my-secret-internal-api-admin-email");
  g_assert_false (lim_tenant_get_schemas_enable_change_warehouse_name (t));
  g_assert_true (lim_tenant_get_protected (t));
  g_assert_cmpint (lim_tenant_get_origin (t), ==, LIM_TENANT_ORIGIN_ENV_PY);
  g_assert_cmpstr (lim_tenant_get_source_file (t), ==, env_py);
  g_assert_cmpuint (lim_tenant_get_source_line (t), ==, 7);

  where = lim_tenant_describe_secret_sources (t, LIM_TENANT_SECRET_CLIENT_SECRET);
  expected = g_strdup_printf ("LIMINAL_PROD_CLIENT_SECRET, the desktop keyring, %s:11", env_py);
  g_assert_cmpstr (where, ==, expected);
  g_clear_pointer (&where, g_free);
  where = lim_tenant_describe_secret_sources (t, LIM_TENANT_SECRET_SESSION);
  g_assert_cmpstr (where, ==, "LIMINAL_PROD_SESSION");

  secrets = resolve_secrets (t, fx->dir, env_lookup, NULL, LIM_TENANT_RESOLVE_NO_KEYRING, NULL);
  g_assert_cmpstr (secrets->client_secret, ==, "my-secret-api-client-secret");
  g_assert_cmpstr (secrets->admin_password, ==, "my-secret-internal-api-admin-password");
  g_assert_cmpint (secrets->sources[LIM_TENANT_SECRET_CLIENT_SECRET], ==, LIM_SECRET_SOURCE_ENV_PY);
  describe = lim_tenant_secrets_describe (secrets, LIM_TENANT_SECRET_ADMIN_PASSWORD);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("admin password from %s:14", env_py);
  g_assert_cmpstr (describe, ==, expected);
  g_assert_null (secrets->session);

  /* Each literal secret draws a warning naming file, line and keyword,
   * never the value. */
  {
    GPtrArray *warnings = lim_tenant_config_get_warnings (config);
    g_autofree char *w0 = g_strdup_printf ("%s:11: api_client_secret is a literal secret; ", env_py);
    g_autofree char *w1 = g_strdup_printf ("%s:14: internal_api_admin_password is a literal secret; ", env_py);

    g_assert_cmpuint (warnings->len, ==, 2);
    g_assert_true (g_str_has_prefix (g_ptr_array_index (warnings, 0), w0));
    g_assert_true (g_str_has_prefix (g_ptr_array_index (warnings, 1), w1));
    for (guint i = 0; i < warnings->len; i++)
      g_assert_null (strstr (g_ptr_array_index (warnings, i), "my-secret-api"));
  }
}

static void
test_env_py_environ (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(GHashTable) env = env_new ("PROD_ID", "id-from-env",
                                       "PROD_SECRET", "secret-from-env",
                                       "DEV_NAME", "pizzahouse-dev",
                                       "EMPTY", "",
                                       NULL);
  g_autoptr(LimTenantConfig) config = NULL;
  g_autoptr(LimTenant) prod = NULL;
  g_autoptr(LimTenant) dev = NULL;
  g_autoptr(LimTenant) test = NULL;
  g_autoptr(LimTenantSecrets) secrets = NULL;
  g_autofree char *env_py = fx_path (fx, "env.py");
  g_autofree char *expected = NULL;
  g_autofree char *describe = NULL;
  GPtrArray *tenants;

  fx_write (fx, "env.py",
            "import os\n"
            "from os import getenv, environ\n"
            "import liminal.connection as lc\n"
            "\n"
            "prod = lc.BenchlingConnection(\n"
            "    tenant_name='pizzahouse-prod',\n"
            "    tenant_alias='prod',\n"
            "    api_client_id=os.environ['PROD_ID'],\n"
            "    api_client_secret=os.environ.get('PROD_SECRET'),\n"
            "    internal_api_admin_email=os.getenv('PROD_EMAIL', 'admin@pizza.example'),\n"
            "    internal_api_admin_password=os.environ.get('PROD_PASSWORD', default=None),\n"
            "    playwright_data_dir=None,\n"
            "    fieldsets=True,\n"
            "    config_flags=lc.TenantConfigFlags(schemas_enable_change_warehouse_name=True),\n"
            ")\n"
            "dev = BenchlingConnection(tenant_name=getenv('DEV_NAME'), tenant_alias='dev',\n"
            "                          api_client_id=environ.get('DEV_ID'),\n"
            "                          api_client_secret=environ['DEV_SECRET'],\n"
            "                          internal_api_admin_password=getenv('DEV_PW', 'fallback-pw'))\n"
            "test = BenchlingConnection(tenant_name='pizzahouse-test', api_client_id=os.getenv('EMPTY', 'x'),\n"
            "                           api_client_secret='')\n"
            "NOT_A_TENANT = {'a': 1}\n");
  config = load_ok (fx, env);
  /* os.environ / getenv (with a default) and '' are no literal secrets. */
  g_assert_cmpuint (lim_tenant_config_get_warnings (config)->len, ==, 0);
  tenants = lim_tenant_config_get_tenants (config);
  g_assert_cmpuint (tenants->len, ==, 3);
  g_assert_cmpstr (lim_tenant_get_alias (tenants->pdata[0]), ==, "prod");
  g_assert_cmpstr (lim_tenant_get_alias (tenants->pdata[1]), ==, "dev");
  g_assert_cmpstr (lim_tenant_get_alias (tenants->pdata[2]), ==, "pizzahouse-test");

  prod = get (config, "prod");
  g_assert_cmpstr (lim_tenant_get_client_id (prod), ==, "id-from-env");
  g_assert_cmpstr (lim_tenant_get_admin_email (prod), ==, "admin@pizza.example");
  g_assert_true (lim_tenant_get_fieldsets (prod));
  g_assert_true (lim_tenant_get_schemas_enable_change_warehouse_name (prod));
  g_assert_cmpuint (lim_tenant_get_source_line (prod), ==, 5);

  dev = get (config, "dev");
  g_assert_cmpstr (lim_tenant_get_tenant_name (dev), ==, "pizzahouse-dev");
  g_assert_null (lim_tenant_get_client_id (dev));   /* DEV_ID is not set */
  g_assert_false (lim_tenant_get_protected (dev));

  /* No tenant_alias: the tenant name is the alias; an empty env var with a
   * default gives the default, as Python's getenv would not… but an empty
   * value counts as "not configured" for us, so the default applies. */
  test = get (config, "pizzahouse-test");
  g_assert_cmpstr (lim_tenant_get_client_id (test), ==, "x");

  secrets = resolve_secrets (prod, NULL, env_lookup, env, LIM_TENANT_RESOLVE_NO_KEYRING, NULL);
  g_assert_cmpstr (secrets->client_secret, ==, "secret-from-env");
  g_assert_null (secrets->admin_password);
  describe = lim_tenant_secrets_describe (secrets, LIM_TENANT_SECRET_CLIENT_SECRET);
  expected = g_strdup_printf ("client secret from %s:9 (environment variable PROD_SECRET)", env_py);
  g_assert_cmpstr (describe, ==, expected);
  g_clear_pointer (&describe, g_free);
  describe = lim_tenant_secrets_describe (secrets, LIM_TENANT_SECRET_ADMIN_PASSWORD);
  g_assert_cmpstr (describe, ==, "admin password: not configured");
  g_clear_pointer (&secrets, lim_tenant_secrets_free);

  secrets = resolve_secrets (dev, NULL, env_lookup, env, LIM_TENANT_RESOLVE_NO_KEYRING, NULL);
  g_assert_null (secrets->client_secret);                       /* os.environ['DEV_SECRET'] unset */
  g_assert_cmpstr (secrets->admin_password, ==, "fallback-pw");  /* the getenv default */
  g_clear_pointer (&secrets, lim_tenant_secrets_free);

  secrets = resolve_secrets (test, NULL, env_lookup, env, LIM_TENANT_RESOLVE_NO_KEYRING, NULL);
  g_assert_null (secrets->client_secret);                       /* '' is not configured */
  g_assert_cmpint (secrets->sources[LIM_TENANT_SECRET_CLIENT_SECRET], ==, LIM_SECRET_SOURCE_NONE);
}

static void
test_env_py_errors (Fixture       *fx,
                    gconstpointer  data)
{
  static const struct {
    const char *text;
    int         code;
    const char *message;
  } cases[] = {
    { "import os\nc = BenchlingConnection(tenant_name='a', api_client_id=get_id())\n",
      LIM_TENANT_ERROR_UNSUPPORTED,
      "env.py:2:56: api_client_id: Liminal Desktop reads env.py without running it and only "
      "understands a string, None, os.environ[\"NAME\"], os.environ.get(\"NAME\"[, default]) or "
      "os.getenv(\"NAME\"[, default]) here (found call); describe this tenant in tenants.ini instead" },
    { "c = BenchlingConnection(tenant_name='a', api_client_secret=SECRETS['s3cr3t-value'])\n",
      LIM_TENANT_ERROR_UNSUPPORTED, "env.py:1:60: api_client_secret: Liminal Desktop reads env.py" },
    { "c = BenchlingConnection(tenant_name='a', api_client_secret=os.environ.get('X', 's3cr3t-value', 3))\n",
      LIM_TENANT_ERROR_UNSUPPORTED,
      "env.py:1:60: api_client_secret: os.environ.get() takes the variable name as a string and an optional default" },
    { "c = BenchlingConnection(tenant_name='a', api_client_secret=os.getenv('X', 42))\n",
      LIM_TENANT_ERROR_UNSUPPORTED, "env.py:1:75: api_client_secret: Liminal Desktop reads env.py" },
    { "import os\nif os.environ.get('CI'):\n    pass\n",
      LIM_TENANT_ERROR_UNSUPPORTED, "env.py:2:1: " },
    { "c = BenchlingConnection('a')\n",
      LIM_TENANT_ERROR_INVALID, "env.py:1:25: BenchlingConnection() takes keyword arguments only" },
    { "c = BenchlingConnection(api_client_id='a')\n",
      LIM_TENANT_ERROR_INVALID, "env.py:1:5: BenchlingConnection needs a tenant_name" },
    { "c = BenchlingConnection(tenant_name=os.environ['UNSET_NAME'])\n",
      LIM_TENANT_ERROR_INVALID, "env.py:1:37: tenant_name: the environment variable UNSET_NAME is not set" },
    { "c = BenchlingConnection(tenant_name='a b')\n",
      LIM_TENANT_ERROR_INVALID, "env.py:1:37: tenant_name: a tenant name is made of letters" },
    { "c = BenchlingConnection(tenant_name='a', tenant_alias='p/q')\n",
      LIM_TENANT_ERROR_INVALID, "env.py:1:55: tenant_alias: a tenant alias is made of letters, digits, '-' and '_'" },
    { "c = BenchlingConnection(tenant_name='a', fieldsets='yes')\n",
      LIM_TENANT_ERROR_UNSUPPORTED, "env.py:1:52: fieldsets: expected True or False, found string" },
    { "c = BenchlingConnection(tenant_name='a', config_flags={'x': 1})\n",
      LIM_TENANT_ERROR_UNSUPPORTED, "env.py:1:55: config_flags: expected TenantConfigFlags(" },
    { "c = BenchlingConnection(tenant_name='a', config_flags=TenantConfigFlags(schemas_enable_change_warehouse_name=1))\n",
      LIM_TENANT_ERROR_UNSUPPORTED, "env.py:1:110: schemas_enable_change_warehouse_name: expected True or False, found integer" },
    { "a = BenchlingConnection(tenant_name='x', tenant_alias='prod')\n"
      "b = BenchlingConnection(tenant_name='y', tenant_alias='prod')\n",
      LIM_TENANT_ERROR_INVALID, "env.py:2: a BenchlingConnection with the alias “prod” is already defined on line 1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LimTenantConfig) config = NULL;

      fx_write (fx, "env.py", cases[i].text);
      load_fails (fx, NULL, cases[i].code, cases[i].message);
      config = lim_tenant_config_load (fx->dir, NULL, NULL, &error);
      g_assert_null (strstr (error->message, "s3cr3t"));
      g_assert_null (strstr (error->message, "S3CRET"));
    }

  /* Outside the subset: the reader's position plus the advice. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LimTenantConfig) config = NULL;

    fx_write (fx, "env.py", "import os\nif os.environ.get('CI'):\n    pass\n");
    config = lim_tenant_config_load (fx->dir, NULL, NULL, &error);
    g_assert_nonnull (strstr (error->message, "describe your tenants in tenants.ini instead"));
  }
}

static void
test_env_py_reassign (Fixture       *fx,
                      gconstpointer  data)
{
  g_autoptr(LimTenantConfig) config = NULL;
  GPtrArray *tenants;

  /* The last assignment of a name wins; a = b = … is one tenant. */
  fx_write (fx, "env.py",
            "a = BenchlingConnection(tenant_name='one', tenant_alias='x')\n"
            "b = c = BenchlingConnection(tenant_name='two', tenant_alias='y')\n"
            "a = None\n"
            "d = BenchlingConnection(tenant_name='three', tenant_alias='x')\n");
  config = load_ok (fx, NULL);
  tenants = lim_tenant_config_get_tenants (config);
  g_assert_cmpuint (tenants->len, ==, 2);
  g_assert_cmpstr (lim_tenant_get_tenant_name (tenants->pdata[0]), ==, "two");
  g_assert_cmpstr (lim_tenant_get_tenant_name (tenants->pdata[1]), ==, "three");
}

/* ---------------------------------------------------------------------- */
/* Merging and lookup                                                      */
/* ---------------------------------------------------------------------- */

static void
test_merge (Fixture       *fx,
            gconstpointer  data)
{
  g_autoptr(LimTenantConfig) config = NULL;
  g_autoptr(LimTenant) prod = NULL;
  g_autoptr(LimTenant) dev = NULL;
  g_autoptr(LimTenantSecrets) secrets = NULL;
  GPtrArray *tenants;

  fx_write (fx, "tenants.ini",
            "[staging]\ntenant-name=pizzahouse-staging\nclient-id=ini-staging\n"
            "[prod]\ntenant-name=pizzahouse-prod\nclient-id=ini-prod\nadmin-email=ini@pizza.example\n"
            "[dev]\ntenant-name=other-dev\nclient-id=ini-dev\n");
  fx_write (fx, "env.py",
            "prod = BenchlingConnection(tenant_name='pizzahouse-prod', tenant_alias='prod',\n"
            "    api_client_id='py-prod', api_client_secret='py-prod-secret', fieldsets=True)\n"
            "dev = BenchlingConnection(tenant_name='pizzahouse-dev', tenant_alias='dev',\n"
            "    api_client_id='py-dev', api_client_secret='py-dev-secret')\n"
            "qa = BenchlingConnection(tenant_name='pizzahouse-qa', tenant_alias='qa',\n"
            "    api_client_id='py-qa')\n");
  config = load_ok (fx, NULL);
  tenants = lim_tenant_config_get_tenants (config);
  g_assert_cmpuint (tenants->len, ==, 4);
  g_assert_cmpstr (lim_tenant_get_alias (tenants->pdata[0]), ==, "staging");
  g_assert_cmpstr (lim_tenant_get_alias (tenants->pdata[1]), ==, "prod");
  g_assert_cmpstr (lim_tenant_get_alias (tenants->pdata[2]), ==, "dev");
  g_assert_cmpstr (lim_tenant_get_alias (tenants->pdata[3]), ==, "qa");
  g_assert_cmpint (lim_tenant_get_origin (tenants->pdata[3]), ==, LIM_TENANT_ORIGIN_ENV_PY);

  /* tenants.ini wins for the whole tenant… */
  prod = get (config, "prod");
  g_assert_cmpint (lim_tenant_get_origin (prod), ==, LIM_TENANT_ORIGIN_TENANTS_INI);
  g_assert_cmpstr (lim_tenant_get_client_id (prod), ==, "ini-prod");
  g_assert_false (lim_tenant_get_fieldsets (prod));
  /* …but env.py's secret for the same tenant is the last resort. */
  secrets = resolve_secrets (prod, NULL, env_lookup, NULL, LIM_TENANT_RESOLVE_NO_KEYRING, NULL);
  g_assert_cmpstr (secrets->client_secret, ==, "py-prod-secret");
  g_assert_cmpint (secrets->sources[LIM_TENANT_SECRET_CLIENT_SECRET], ==, LIM_SECRET_SOURCE_ENV_PY);
  g_clear_pointer (&secrets, lim_tenant_secrets_free);

  /* Not when env.py names another tenant under that alias. */
  dev = get (config, "dev");
  g_assert_cmpstr (lim_tenant_get_tenant_name (dev), ==, "other-dev");
  secrets = resolve_secrets (dev, NULL, env_lookup, NULL, LIM_TENANT_RESOLVE_NO_KEYRING, NULL);
  g_assert_null (secrets->client_secret);
  g_clear_pointer (&secrets, lim_tenant_secrets_free);

  /* An env.py connection without tenant_alias is named by its tenant name,
   * so the tenants.ini group of that tenant replaces it. */
  fx_write (fx, "env.py",
            "prod = BenchlingConnection(tenant_name='pizzahouse-prod',\n"
            "    api_client_id='py-prod', api_client_secret='py-prod-secret')\n");
  g_clear_pointer (&prod, lim_tenant_unref);
  g_clear_pointer (&config, lim_tenant_config_unref);
  config = load_ok (fx, NULL);
  g_assert_cmpuint (lim_tenant_config_get_tenants (config)->len, ==, 3);
  prod = get (config, "pizzahouse-prod");
  g_assert_cmpstr (lim_tenant_get_alias (prod), ==, "prod");
  secrets = resolve_secrets (prod, NULL, env_lookup, NULL, LIM_TENANT_RESOLVE_NO_KEYRING, NULL);
  g_assert_cmpstr (secrets->client_secret, ==, "py-prod-secret");
}

static void
test_lookup (Fixture       *fx,
             gconstpointer  data)
{
  g_autoptr(LimTenantConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LimTenant) t = NULL;

  fx_write (fx, "tenants.ini",
            "[prod]\ntenant-name=pizzahouse-prod\nclient-id=1\n"
            "[prod-mirror]\ntenant-name=pizzahouse-prod\nurl=http://127.0.0.1:8000\nclient-id=1\n"
            "[dev]\ntenant-name=pizzahouse-dev\nclient-id=1\n"
            "[pizzahouse-qa]\ntenant-name=pizzahouse-dev2\nclient-id=1\n"
            "[qa]\ntenant-name=pizzahouse-qa\nclient-id=1\n");
  config = load_ok (fx, NULL);

  t = get (config, "dev");
  g_assert_cmpstr (lim_tenant_get_alias (t), ==, "dev");
  g_clear_pointer (&t, lim_tenant_unref);

  /* By tenant name. */
  t = get (config, "pizzahouse-dev");
  g_assert_cmpstr (lim_tenant_get_alias (t), ==, "dev");
  g_clear_pointer (&t, lim_tenant_unref);

  /* An alias match comes first. */
  t = get (config, "pizzahouse-qa");
  g_assert_cmpstr (lim_tenant_get_alias (t), ==, "pizzahouse-qa");
  g_clear_pointer (&t, lim_tenant_unref);

  /* Ambiguous tenant name. */
  t = lim_tenant_config_lookup (config, "pizzahouse-prod", &error);
  g_assert_null (t);
  g_assert_error (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_AMBIGUOUS);
  g_assert_cmpstr (error->message, ==,
                   "“pizzahouse-prod” is the tenant name of several tenants (prod, prod-mirror); "
                   "name one by its alias");
  g_clear_error (&error);

  /* Unknown; matching is exact, as in Liminal. */
  t = lim_tenant_config_lookup (config, "PROD", &error);
  g_assert_null (t);
  g_assert_error (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "No tenant with the alias or tenant name “PROD” in "));
  g_assert_nonnull (strstr (error->message, "; known tenants: prod (pizzahouse-prod), prod-mirror "
                                            "(pizzahouse-prod), dev (pizzahouse-dev)"));
}

/* ---------------------------------------------------------------------- */
/* Saving                                                                  */
/* ---------------------------------------------------------------------- */

static void
test_save (Fixture       *fx,
           gconstpointer  data)
{
  g_autoptr(LimTenantConfig) config = NULL;
  g_autoptr(LimTenant) t = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GPtrArray *tenants;

  fx_write (fx, "tenants.ini",
            "# Tenants of this project.\n"
            "# Secrets never go in this file.\n"
            "\n"
            "# The production tenant: be careful.\n"
            "[prod]\n"
            "# from the admin console\n"
            "tenant-name=pizzahouse-prod\n"
            "client-id=abc\n"
            "\n"
            "# Scratch tenant.\n"
            "[dev]\n"
            "tenant-name=pizzahouse-dev\n"
            "client-id=dev-id\n"
            "auth=password\n");

  /* Add. */
  t = lim_tenant_new ("sandbox", "pizzahouse-sandbox");
  lim_tenant_set_client_id (t, "sb-id");
  lim_tenant_set_url_override (t, "http://localhost:9000/");
  lim_tenant_set_auth (t, LIM_TENANT_AUTH_SESSION);
  lim_tenant_set_fieldsets (t, TRUE);
  g_assert_true (lim_tenant_config_save (fx->dir, t, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&t, lim_tenant_unref);

  /* Update (from a loaded tenant): comments of the group are kept. */
  config = load_ok (fx, NULL);
  t = get (config, "dev");
  lim_tenant_set_admin_email (t, "admin@pizza.example");
  lim_tenant_set_schemas_enable_change_warehouse_name (t, TRUE);
  lim_tenant_set_auth (t, LIM_TENANT_AUTH_PASSWORD);
  g_assert_true (lim_tenant_config_save (fx->dir, t, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&t, lim_tenant_unref);
  g_clear_pointer (&config, lim_tenant_config_unref);

  text = fx_read (fx, "tenants.ini");
  g_assert_cmpstr (text, ==,
                   "# Tenants of this project.\n"
                   "# Secrets never go in this file.\n"
                   "\n"
                   "# The production tenant: be careful.\n"
                   "[prod]\n"
                   "# from the admin console\n"
                   "tenant-name=pizzahouse-prod\n"
                   "client-id=abc\n"
                   "\n"
                   "# Scratch tenant.\n"
                   "[dev]\n"
                   "tenant-name=pizzahouse-dev\n"
                   "client-id=dev-id\n"
                   "auth=password\n"
                   "admin-email=admin@pizza.example\n"
                   "schemas-enable-change-warehouse-name=true\n"
                   "\n"
                   "[sandbox]\n"
                   "tenant-name=pizzahouse-sandbox\n"
                   "url=http://localhost:9000\n"
                   "client-id=sb-id\n"
                   "auth=session\n"
                   "fieldsets=true\n");
  g_clear_pointer (&text, g_free);

  /* Round trip. */
  config = load_ok (fx, NULL);
  tenants = lim_tenant_config_get_tenants (config);
  g_assert_cmpuint (tenants->len, ==, 3);
  t = get (config, "sandbox");
  g_assert_cmpstr (lim_tenant_get_base_url (t), ==, "http://localhost:9000");
  g_assert_cmpint (lim_tenant_get_auth (t), ==, LIM_TENANT_AUTH_SESSION);
  g_assert_true (lim_tenant_get_fieldsets (t));
  g_assert_false (lim_tenant_get_protected (t));

  /* Rename sandbox → emulator (one write), then remove prod. */
  {
    g_autoptr(LimTenant) renamed = lim_tenant_new ("emulator", lim_tenant_get_tenant_name (t));

    lim_tenant_set_client_id (renamed, lim_tenant_get_client_id (t));
    lim_tenant_set_url_override (renamed, lim_tenant_get_url_override (t));
    g_assert_true (lim_tenant_config_save (fx->dir, renamed, "sandbox", &error));
    g_assert_no_error (error);
  }
  g_assert_true (lim_tenant_config_save (fx->dir, NULL, "prod", &error));
  g_assert_no_error (error);
  text = fx_read (fx, "tenants.ini");
  g_assert_cmpstr (text, ==,
                   "# Tenants of this project.\n"
                   "# Secrets never go in this file.\n"
                   "\n"
                   "# Scratch tenant.\n"
                   "[dev]\n"
                   "tenant-name=pizzahouse-dev\n"
                   "client-id=dev-id\n"
                   "auth=password\n"
                   "admin-email=admin@pizza.example\n"
                   "schemas-enable-change-warehouse-name=true\n"
                   "\n"
                   "[emulator]\n"
                   "tenant-name=pizzahouse-sandbox\n"
                   "url=http://localhost:9000\n"
                   "client-id=sb-id\n");

  /* Removing what is not there, and saving something invalid. */
  g_assert_false (lim_tenant_config_save (fx->dir, NULL, "prod", &error));
  g_assert_error (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_pointer (&t, lim_tenant_unref);
  t = lim_tenant_new ("bad alias", "x");
  lim_tenant_set_client_id (t, "1");
  g_assert_false (lim_tenant_config_save (fx->dir, t, NULL, &error));
  g_assert_error (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Tenant alias “bad alias”: a tenant alias is made of letters, digits, '-' and '_'");
  g_clear_error (&error);
  g_clear_pointer (&t, lim_tenant_unref);
  t = lim_tenant_new ("x", "x");
  g_assert_false (lim_tenant_config_save (fx->dir, t, NULL, &error));
  g_assert_cmpstr (error->message, ==, "Tenant “x”: the client id is empty");
  g_clear_error (&error);
  lim_tenant_set_client_id (t, "1");
  lim_tenant_set_url_override (t, "http://example.com");
  g_assert_false (lim_tenant_config_save (fx->dir, t, NULL, &error));
  g_assert_true (g_str_has_prefix (error->message, "Tenant “x”: url: plain http:// is only allowed"));
  g_clear_error (&error);
  g_clear_pointer (&text, g_free);
  text = fx_read (fx, "tenants.ini");
  g_assert_null (strstr (text, "[x]"));
}

static void
test_save_new_file (Fixture       *fx,
                    gconstpointer  data)
{
  g_autoptr(LimTenant) t = lim_tenant_new ("production", "pizzahouse-prod");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  /* The default (protected for "production") is not written; a change is. */
  lim_tenant_set_client_id (t, "id");
  g_assert_true (lim_tenant_config_save (fx->dir, t, NULL, &error));
  g_assert_no_error (error);
  text = fx_read (fx, "tenants.ini");
  g_assert_cmpstr (text, ==, "[production]\ntenant-name=pizzahouse-prod\nclient-id=id\n");
  g_clear_pointer (&text, g_free);

  lim_tenant_set_protected (t, FALSE);
  g_assert_true (lim_tenant_config_save (fx->dir, t, NULL, &error));
  text = fx_read (fx, "tenants.ini");
  g_assert_cmpstr (text, ==, "[production]\ntenant-name=pizzahouse-prod\nclient-id=id\nprotected=false\n");
}

/* ---------------------------------------------------------------------- */
/* Secrets                                                                 */
/* ---------------------------------------------------------------------- */

/* ---------------------------------------------------------------------- */

/* auth = sso: read, written back, and what the strings are. */
static void
test_auth_sso (Fixture *fx, gconstpointer data)
{
  g_autoptr(LimTenantConfig) config = NULL;
  g_autoptr(LimTenantConfig) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(LimTenant) staging = NULL;
  g_autoptr(LimTenant) dev = NULL;
  g_autoptr(LimTenant) dev_again = NULL;
  LimTenantAuth auth = LIM_TENANT_AUTH_PASSWORD;

  fx_write (fx, "tenants.ini", "[staging]\ntenant-name=pizzahouse-staging\nclient-id=st\nauth=sso\n"
                               "[dev]\ntenant-name=pizzahouse-dev\nclient-id=dev\n");
  config = load_ok (fx, NULL);
  staging = get (config, "staging");
  g_assert_cmpint (lim_tenant_get_auth (staging), ==, LIM_TENANT_AUTH_SSO);
  g_assert_cmpstr (lim_tenant_auth_to_string (LIM_TENANT_AUTH_SSO), ==, "sso");
  g_assert_true (lim_tenant_auth_from_string ("sso", &auth));
  g_assert_cmpint (auth, ==, LIM_TENANT_AUTH_SSO);
  g_assert_false (lim_tenant_auth_from_string ("SSO", &auth));

  /* the tenant editor switches dev to single sign-on */
  dev = get (config, "dev");
  lim_tenant_set_auth (dev, LIM_TENANT_AUTH_SSO);
  g_assert_true (lim_tenant_config_save (fx->dir, dev, NULL, &error));
  g_assert_no_error (error);
  text = fx_read (fx, "tenants.ini");
  g_assert_cmpstr (text, ==, "[staging]\ntenant-name=pizzahouse-staging\nclient-id=st\nauth=sso\n"
                             "[dev]\ntenant-name=pizzahouse-dev\nclient-id=dev\nauth=sso\n");
  again = load_ok (fx, NULL);
  dev_again = get (again, "dev");
  g_assert_cmpint (lim_tenant_get_auth (dev_again), ==, LIM_TENANT_AUTH_SSO);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/tenants/ini/all-keys", test_ini_all_keys);
  ADD ("/tenants/ini/defaults", test_ini_defaults);
  ADD ("/tenants/ini/url", test_ini_url);
  ADD ("/tenants/ini/errors", test_ini_errors);
  ADD ("/tenants/empty", test_empty);
  ADD ("/tenants/env-py/literal", test_env_py_literal);
  ADD ("/tenants/env-py/environ", test_env_py_environ);
  ADD ("/tenants/env-py/errors", test_env_py_errors);
  ADD ("/tenants/env-py/reassign", test_env_py_reassign);
  ADD ("/tenants/merge", test_merge);
  ADD ("/tenants/lookup", test_lookup);
  ADD ("/tenants/save/update", test_save);
  ADD ("/tenants/auth-sso", test_auth_sso);
  ADD ("/tenants/save/new-file", test_save_new_file);

  return g_test_run ();
}
