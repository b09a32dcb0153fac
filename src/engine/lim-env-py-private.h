/* lim-env-py-private.h — reading Liminal's env.py without running it (the
 * subset it understands is described in lim-tenant-config.h).  For
 * lim-tenant-config.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lim-tenant.h"

G_BEGIN_DECLS

/* Appends a tenant for every top-level `NAME = BenchlingConnection(...)`
 * of @path to @tenants, in file order (a name's last assignment wins).  A
 * missing file is no error (*@present FALSE).  @env (NULL: g_getenv)
 * answers os.environ lookups for non-secret values now; secret values are
 * kept as LimTenantValues, for lim-secrets to read when they are needed.
 * Errors name the file and, where known, the line and column. */
gboolean lim_env_py_load (const char        *path,
                          LimTenantEnvFunc   env,
                          gpointer           env_data,
                          GPtrArray         *tenants,
                          gboolean          *present,
                          GError           **error);

G_END_DECLS
