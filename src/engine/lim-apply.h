/* lim-apply.h — the semantics of the 18 operations on a LimSnapshot: the
 * checks Liminal makes (validate() and the execute()-time checks against
 * the remote), the exact requests Liminal sends, the state the tenant is in
 * afterwards, and whether a fresh snapshot shows an operation as done.
 *
 * The runner's loop, per operation:
 *
 *   per revision: lim_apply_liminal_validate() on every operation first
 *   lim_apply_validate (op, model, flags, &error)        → stop on error
 *   if lim_apply_needs_fresh_model (op, model, flags): re-read the tenant
 *   reqs = lim_apply_build_requests (op, model, flags, &error)
 *   send reqs in order (poll status_url when polls_status; handle the
 *     selector confirmation handshake when may_need_confirmation)
 *   lim_apply_with_response (op, model, flags, last_response, &error)
 *
 * Dry run: copy the model (cheap), then validate + apply each operation on
 * the copy.  Resume: read a fresh snapshot and ask lim_apply_check_state().
 *
 * Not here (the runner's job): HTTP status handling and Liminal's wrapping
 * of HTTP failures ("Failed to create dropdown option: …", "Failed to update
 * tag schema:", …), polling, the interactive c/q confirmation, and
 * ArchiveDropdown's validate() check against the local models.
 *
 * Every error message starts with the operation's describe_operation()
 * text (its final period dropped), then ": ", then Liminal's own message, e.g.
 *   "toppings: Archiving dropdown: Dropdown toppings is already archived."
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "lim-snapshot.h"
#include "lim-operation.h"

G_BEGIN_DECLS

#define LIM_APPLY_ERROR (lim_apply_error_quark ())
GQuark lim_apply_error_quark (void);

typedef enum {
  LIM_APPLY_ERROR_VALIDATE,   /* Liminal's validate() refused (flags, units) */
  LIM_APPLY_ERROR_EXECUTE,    /* an execute()-time check against the tenant refused */
} LimApplyError;

typedef enum {
  LIM_APPLY_FLAGS_NONE                        = 0,
  /* TenantConfigFlags.schemas_enable_change_warehouse_name */
  LIM_APPLY_FLAG_CHANGE_WAREHOUSE_NAME        = 1 << 0,
  /* BenchlingConnection.fieldsets: skip the prefix-uniqueness checks */
  LIM_APPLY_FLAG_FIELDSETS                    = 1 << 1,
} LimApplyFlags;

typedef enum {
  LIM_REALM_PUBLIC,    /* /api/v2…: bearer token */
  LIM_REALM_INTERNAL,  /* /1/api…: session cookie + CSRF */
} LimRealm;

typedef struct
{
  char     *method;                 /* "POST", "PATCH" */
  char     *path;                   /* "/1/api/tag-schemas/ts_X/actions/update" */
  LimRealm  realm;
  JsonNode *body;                   /* owned; never NULL */
  gboolean  polls_status;           /* the response carries status_url to poll (§7.5) */
  gboolean  may_need_confirmation;  /* selector option archive/rename: the response may
                                     * carry schemaFieldSelectorOptionToUpdate; resend with
                                     * lim_request_confirmation() after the user agrees */
} LimRequest;

void        lim_request_free         (LimRequest *req);
/* The same PATCH plus "selectorOptionToUpdate": @option_to_update (§4.3). */
LimRequest *lim_request_confirmation (const LimRequest *req, JsonNode *option_to_update);
/* "POST /1/api/… {json}" for logs and tests. */
char       *lim_request_to_string    (const LimRequest *req);

typedef enum {
  LIM_APPLY_STATE_NOT_APPLIED,
  LIM_APPLY_STATE_APPLIED,
  LIM_APPLY_STATE_UNKNOWN,   /* the subject is in neither the before nor the after state */
} LimApplyState;

/* Liminal's validate() alone (flag checks, units; §4.4): what Liminal runs
 * for every operation of a revision against the tenant as it was before
 * the revision.  LIM_APPLY_ERROR_VALIDATE.  ArchiveDropdown's validate()
 * looks at the local models, which this layer does not have: not checked. */
gboolean   lim_apply_liminal_validate (const LimOperation *op,
                                       LimSnapshot           *model,
                                       LimApplyFlags       flags,
                                       GError            **error);

/* lim_apply_liminal_validate() plus every execute()-time check, against
 * @model, with Liminal's error texts (LIM_APPLY_ERROR_EXECUTE for the
 * latter).  No side effects.  This is what a dry run reports. */
gboolean   lim_apply_validate       (const LimOperation *op,
                                     LimSnapshot           *model,
                                     LimApplyFlags       flags,
                                     GError            **error);

/* The requests Liminal would send, in order (element-type LimRequest*).
 * Zero requests when Liminal logs and skips.  Runs the execute()-time
 * checks (not the validate() ones) and returns NULL with @error set when
 * Liminal would raise before sending. */
GPtrArray *lim_apply_build_requests (const LimOperation *op,
                                     LimSnapshot           *model,
                                     LimApplyFlags       flags,
                                     GError            **error);

/* Mutate @model into the state Benchling is in after the operation
 * succeeded.  New objects get placeholder ids marked provisional.  Fails
 * (model untouched) exactly when lim_apply_build_requests() fails. */
gboolean   lim_apply                (const LimOperation *op,
                                     LimSnapshot           *model,
                                     LimApplyFlags       flags,
                                     GError            **error);

/* Same, taking real ids from @response when it has them: the created
 * dropdown (POST /api/v2/dropdowns → {id, options:[{id,name}]}), the
 * created schema (alpha create → {id, fields:[{id, systemName|name}]}), a
 * selector PATCH response (allSchemaFieldSelectorOptions or
 * schemaFieldSelectorOptions), or a full TagSchema ({id, allFields}).
 * @response may be NULL. */
gboolean   lim_apply_with_response  (const LimOperation *op,
                                     LimSnapshot           *model,
                                     LimApplyFlags       flags,
                                     JsonNode           *response,
                                     GError            **error);

/* Would the requests for @op carry a placeholder id (an object created
 * earlier by lim_apply() whose real id Benchling's answer did not give:
 * new fields' internal ids, options created by a PATCH)?  Then read the
 * tenant again before building them.  Cheaper than re-reading whenever
 * lim_snapshot_has_provisional(): writes to other schemas and dropdowns do not
 * need it. */
gboolean   lim_apply_needs_fresh_model (const LimOperation *op,
                                        LimSnapshot           *model,
                                        LimApplyFlags       flags);

/* From a fresh snapshot: has the operation taken effect?
 *
 *   CreateDropdown            APPLIED: the (last) dropdown of that name is active with
 *                             exactly those option names (all options, in order);
 *                             NOT_APPLIED: absent or archived; UNKNOWN: active, other options.
 *   UpdateDropdownName        APPLIED: new name found, old not; NOT_APPLIED: the reverse.
 *   Unarchive/ArchiveDropdown by the dropdown's archive state; UNKNOWN when absent.
 *   CreateDropdownOption      APPLIED iff an active option of that name exists
 *                             (Liminal skips that case, so a replay is harmless).
 *   UpdateDropdownOption      NOT_APPLIED while the old name exists; APPLIED when only the new one does.
 *   ArchiveDropdownOption     by the first option of that name's state; UNKNOWN when absent.
 *   Reorder…Options / Fields  APPLIED iff reordering would not move anything (an op
 *                             that is its own no-op is APPLIED before it runs).
 *   CreateEntitySchema        APPLIED: an active schema under the warehouse name (or the
 *                             Benchling-given snake_case(name)) with that display name and
 *                             every field active; NOT_APPLIED: absent or archived.
 *   Unarchive/ArchiveEntitySchema by archive state.
 *   UpdateEntitySchema        APPLIED iff every set key has its target value (looked up
 *                             under the new warehouse name when it is renamed).
 *   UpdateEntitySchemaNameTemplate APPLIED iff the set parts/order equal the remote ones.
 *   CreateEntitySchemaField   APPLIED: an active field with that warehouse name, display
 *                             name and type; NOT_APPLIED: absent or archived.
 *   Unarchive/ArchiveEntitySchemaField by the field's archive state (position ignored).
 *   UpdateEntitySchemaField   APPLIED iff every key Liminal would write already has the
 *                             target value (falsy type/entity/dropdown links are ignored, as
 *                             Liminal ignores them). */
LimApplyState lim_apply_check_state (const LimOperation *op,
                                     LimSnapshot           *model);

const char *lim_apply_state_to_string (LimApplyState state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimRequest, lim_request_free)

G_END_DECLS
