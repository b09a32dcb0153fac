/* lim-tenants-ini-private.h — reading and rewriting tenants.ini (the format
 * is described in lim-tenant-config.h).  For lim-tenant-config.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lim-tenant.h"

G_BEGIN_DECLS

/* Appends the tenants of @path to @tenants, in file order.  A missing file
 * is no error (*@present FALSE).  Errors name the file and, where known,
 * the line, group and key. */
gboolean lim_tenants_ini_load (const char  *path,
                               GPtrArray   *tenants,
                               gboolean    *present,
                               GError     **error);

/* Rewrites @path atomically; see lim_tenant_config_save(), which validates
 * @tenant first. */
gboolean lim_tenants_ini_save (const char  *path,
                               LimTenant   *tenant,
                               const char  *remove_alias,
                               GError     **error);

G_END_DECLS
