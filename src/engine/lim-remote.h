/* lim-remote.h — talking to one tenant: connect with its secrets, fetch a
 * snapshot of it, and send the requests the operations need.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lim-apply.h"
#include "lim-client.h"
#include "lim-snapshot.h"
#include "lim-secrets.h"
#include "lim-tenant.h"

G_BEGIN_DECLS

#define LIM_REMOTE_ERROR (lim_remote_error_quark ())
GQuark lim_remote_error_quark (void);

typedef enum {
  LIM_REMOTE_ERROR_NEEDS_CONFIRMATION,  /* a dropdown option in use: ask, then resend */
  LIM_REMOTE_ERROR_INVALID_RESPONSE,
} LimRemoteError;

/* Resolve @tenant's secrets within @scope (environment, keyring, env.py;
 * see lim_tenant_resolve_secrets_async()), check that everything needed is
 * there, and make a client for it.  Nothing is sent yet. */
void       lim_remote_connect_async  (LimTenant             *tenant,
                                      const LimSecretsScope *scope,
                                      GCancellable          *cancellable,
                                      GAsyncReadyCallback    callback,
                                      gpointer               user_data);
LimClient *lim_remote_connect_finish (GAsyncResult  *result,
                                      GError       **error);

typedef enum {
  LIM_FETCH_FULL        = 0,        /* everything an operation may need */
  LIM_FETCH_MARKER_ONLY = 1 << 0,   /* registry and tag schemas: enough for the revision marker;
                                     * the registry this client read before is reused */
  /* Re-read what a migration changes (tag schemas, dropdowns) and reuse the
   * registry and units this client read before (they do not change during
   * a migration): two requests instead of four or more. */
  LIM_FETCH_REFRESH     = 1 << 1,
  /* With LIM_FETCH_FULL: read the unit list only when a field of the
   * tenant has a unit (it then follows the tag schemas); else the snapshot
   * has no units and this client remembers that none were needed, which a
   * later LIM_FETCH_REFRESH reuses.  lim_remote_fetch_units_async() reads
   * them when an operation turns out to need them. */
  LIM_FETCH_UNITS_WHEN_USED = 1 << 2,
  /* With LIM_FETCH_FULL: also read the result schemas (GET
   * /1/api/result-schemas), read only, for `generate-files -rs`
   * (lim_snapshot_get_results_schema()). */
  LIM_FETCH_RESULTS_SCHEMAS = 1 << 3,
} LimFetchFlags;

/* One snapshot of the tenant: registries, tag schemas (all, archived
 * included), dropdowns (internal selectors, archived included) and units,
 * fetched concurrently where possible. */
void       lim_remote_fetch_async    (LimClient           *client,
                                      LimFetchFlags        flags,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
LimSnapshot  *lim_remote_fetch_finish   (LimClient     *client,
                                      GAsyncResult  *result,
                                      GError       **error);

/* What LIM_FETCH_REFRESH reads, less the dropdowns: the tag schemas again
 * (the ids of what a migration created), with @model's dropdowns, units
 * and registry — one request instead of two.  @model is a migration's own
 * snapshot, kept current from the answers; when one of its dropdowns or
 * options still lacks its Benchling id (or the client has not read the
 * registry and units yet) this is lim_remote_fetch_async (LIM_FETCH_REFRESH).
 * Completes with lim_remote_fetch_finish(). */
/* TRUE when this client's last LIM_FETCH_UNITS_WHEN_USED read left the
 * units out (and no unit list was read since). */
gboolean   lim_remote_units_skipped         (LimClient           *client);
/* Read the unit list into @model (and this client's cache). */
void       lim_remote_fetch_units_async     (LimClient           *client,
                                             LimSnapshot         *model,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean   lim_remote_fetch_units_finish    (LimClient           *client,
                                             GAsyncResult        *result,
                                             GError             **error);

/* Would lim_remote_refresh_schemas_async() read the tag schemas alone? */
gboolean   lim_remote_can_refresh_schemas   (LimClient           *client,
                                             LimSnapshot         *model);
void       lim_remote_refresh_schemas_async (LimClient           *client,
                                             LimSnapshot         *model,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);

/* Send one request built by lim_apply_build_requests(); when it starts an
 * asynchronous Benchling task, wait for the task.  Completes with the
 * response (the status JSON for polled tasks).  When a dropdown option is in
 * use, fails with LIM_REMOTE_ERROR_NEEDS_CONFIRMATION and sets
 * *@confirmation to the option object to confirm with
 * lim_request_confirmation(). */
void       lim_remote_execute_async  (LimClient           *client,
                                      const LimRequest    *request,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
JsonNode  *lim_remote_execute_finish (LimClient     *client,
                                      GAsyncResult  *result,
                                      JsonNode     **confirmation,
                                      GError       **error);

/* The status URL of the Benchling task the request started, if it
 * started one (also after a failed or cancelled wait for it). */
const char *lim_remote_execute_get_status_url (GAsyncResult *result);

/* A sentence for people about an option-in-use confirmation object
 * ({id, name, numLinkedTags, newName?}). */
char      *lim_remote_describe_confirmation (JsonNode *confirmation);

G_END_DECLS
