/* tenant-test-util.h — what the tenant tests share: a scratch config
 * folder, an injected environment, loading, and waiting for async calls.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lim-keyring.h"
#include "lim-secrets.h"
#include "lim-tenant-config.h"

G_BEGIN_DECLS

typedef struct
{
  char *dir;
} Fixture;

void              fixture_setup    (Fixture       *fx,
                                    gconstpointer  data);
void              fixture_teardown (Fixture       *fx,
                                    gconstpointer  data);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

char             *fx_path          (Fixture    *fx,
                                    const char *name);
/* @text NULL removes the file. */
void              fx_write         (Fixture    *fx,
                                    const char *name,
                                    const char *text);
char             *fx_read          (Fixture    *fx,
                                    const char *name);

/* An injected environment: NULL-terminated name, value pairs. */
GHashTable       *env_new          (const char *first,
                                    ...);
const char       *env_lookup       (const char *name,
                                    gpointer    user_data);

LimTenantConfig  *load_ok          (Fixture    *fx,
                                    GHashTable *env);
/* Loads and checks that the error is @code and its message is
 * "<dir>/<expected>" (when @expected starts with the file name) or contains
 * @expected. */
void              load_fails       (Fixture    *fx,
                                    GHashTable *env,
                                    int         code,
                                    const char *expected);
LimTenant        *get              (LimTenantConfig *config,
                                    const char      *name);

/* Iterates the default main context until *@result is set; returns it. */
GAsyncResult     *wait_for_result  (GAsyncResult **result);

/* The async calls, waited for on the default main context. */
LimTenantSecrets *resolve_secrets  (LimTenant             *tenant,
                                    const char            *project_dir,
                                    LimTenantEnvFunc       env,
                                    gpointer               env_data,
                                    LimTenantResolveFlags  flags,
                                    GCancellable          *cancellable);
char             *keyring_lookup   (LimTenant            *tenant,
                                    const char           *project_dir,
                                    LimTenantSecretKind   kind,
                                    GCancellable         *cancellable,
                                    GError              **error);
gboolean          keyring_store    (LimTenant            *tenant,
                                    LimTenantSecretKind   kind,
                                    const char           *secret,
                                    GCancellable         *cancellable,
                                    GError              **error);
gboolean          keyring_clear    (LimTenant            *tenant,
                                    const char           *project_dir,
                                    LimKeyringScope       scope,
                                    LimTenantSecretKind   kind,
                                    GCancellable         *cancellable,
                                    GError              **error);

G_END_DECLS
