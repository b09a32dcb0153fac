/* lim-status-reader.h — how the window reads a tenant's status: the
 * engine's lim_tenant_status_read_async() with a client tuned for an
 * interactive view (few retries, short timeout), so an unreachable tenant
 * says so in seconds rather than after a long backoff.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lim-status.h"

G_BEGIN_DECLS

/* Retries and timeout for the window's status readings. */
#define LIM_STATUS_READER_MAX_RETRIES 1
#define LIM_STATUS_READER_TIMEOUT_S   15

void             lim_status_reader_read_async  (LimTenant           *tenant,
                                                LimTimeline         *timeline,
                                                const char          *project_dir,
                                                LimTenantEnvFunc     env,
                                                gpointer             env_data,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
/* Never NULL: every problem is a state with a message. */
LimTenantStatus *lim_status_reader_read_finish (GAsyncResult        *result);

G_END_DECLS
