/* lim-tenant-private.h — the LimTenant record and the helpers that the
 * engine's tenant modules (the tenants.ini and env.py readers, the config,
 * the keyring and secret resolution) share.  Not for the app or the CLI.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lim-tenant.h"

G_BEGIN_DECLS

#define TENANTS_INI "tenants.ini"
#define ENV_PY      "env.py"

struct _LimTenant
{
  gatomicrefcount ref;
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
  GStrv           promote_after;   /* aliases this tenant must follow (gates), NULL for none */
  LimTenantOrigin origin;
  gboolean        alias_from_name;  /* env.py without tenant_alias */
  char           *source_file;
  guint           source_line;

  /* Secrets as env.py gives them (client secret, admin password). */
  char           *env_py_file;
  LimTenantValue  env_py_secrets[LIM_TENANT_N_SECRETS];
};

/* @env NULL means g_getenv. */
const char *lim_tenant_env_get             (LimTenantEnvFunc   env,
                                            gpointer           env_data,
                                            const char        *name);
/* A copy of @s, or NULL when @s is NULL or empty. */
char       *lim_tenant_nonempty_dup        (const char        *s);
/* lim_tenant_secret_free (*secret), then *secret = NULL. */
void        lim_tenant_secret_clear        (char             **secret);

/* "prod-eu" → "PROD_EU". */
char       *lim_tenant_alias_env_part      (const char        *alias);
gboolean    lim_tenant_alias_is_protected_by_default (const char *alias);

/* What is wrong with a value, or NULL when nothing is.  Never quote the
 * value: a URL might carry a password. */
char       *lim_tenant_name_problem        (const char        *name);
char       *lim_tenant_alias_problem       (const char        *alias);
char       *lim_tenant_url_problem         (const char        *url,
                                            gboolean           allow_insecure);

/* Reads @path into @text and says whether it exists: a missing file is no
 * error (*@present FALSE).  Errors are LIM_TENANT_ERROR_IO. */
gboolean    lim_tenant_read_config_file    (const char        *path,
                                            char             **text,
                                            gsize             *len,
                                            gboolean          *present,
                                            GError           **error);

G_END_DECLS
