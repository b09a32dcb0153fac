/* lim-rehearse.h — rehearse a migration on a clone of the tenant, and the
 * stairway round trip of a whole history.
 *
 * A rehearsal reads the tenant (GET requests only: registries, unit types,
 * every tag schema with its archived fields, the dropdowns with their
 * archived options, result schemas; the revision marker is a tag schema),
 * hands Benchling's own answers to an in-process sandbox that reads them
 * with its own code ("benchling:FILE", src/sandbox/README.md), and runs the
 * real runner on that clone: from the tenant's revision to the target,
 * then each revision of the range down and up again (the stairway), each
 * step compared with the clone as it stood at that revision before.
 *
 * What counts as the same tenant after a round trip (lim_rehearse_scrub()):
 * everything active Benchling shows, but not what may legitimately change —
 * ids (of schemas, fields, dropdowns, options, units: a reference is
 * replaced by the name of what it names), field numbers, timestamps, the id
 * counters, the tenant lock's field on liminal_remote, options' usage
 * counts, an empty uniqueness constraint (no fields: none) — nor what is
 * archived: Benchling deletes nothing, so what a
 * revision created stays behind, archived, after its downgrade.  Active
 * fields and active options are compared in order; the lists of schemas
 * and dropdowns as sets (Benchling shows no order for them).
 *
 * This room sits between the workspace and the front ends: it is the only
 * place the engine and the sandbox meet, and neither includes the other.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "lim-workspace.h"

G_BEGIN_DECLS

#define LIM_REHEARSE_ERROR (lim_rehearse_error_quark ())
GQuark lim_rehearse_error_quark (void);

typedef enum {
  LIM_REHEARSE_ERROR_READ,      /* the tenant could not be read */
  LIM_REHEARSE_ERROR_CLONE,     /* the clone could not be made or reached */
  LIM_REHEARSE_ERROR_PLAN,      /* nothing to rehearse: a bad descriptor, no marker… */
} LimRehearseError;

typedef enum {
  LIM_REHEARSE_FLAGS_NONE    = 0,
  /* The clone answers as fast as it can instead of at the tenant's rate
   * limit (the time the real run takes is still worked out). */
  LIM_REHEARSE_FLAGS_UNPACED = 1 << 0,
} LimRehearseFlags;

/* What one schema or dropdown looks like before and after the run. */
typedef struct
{
  char      *kind;      /* "schema" | "dropdown" */
  char      *name;      /* its name after (before, if it went away) */
  char      *before;    /* "absent" | "active" | "archived" */
  char      *after;
  GPtrArray *details;   /* element-type char*: "field Crust (crust) added", … */
} LimRehearsalChange;

typedef struct
{
  gboolean   succeeded;
  char      *tenant;          /* alias; NULL for a history */
  char      *from;            /* the tenant's revision (history: the base) */
  char      *to;              /* the target */
  guint      n_revisions;     /* in the range */
  gboolean   up_to_date;      /* nothing to do */
  guint      requests;        /* what the real run sends (measured on the clone; tenant only) */
  guint      rate_requests;   /* the tenant's rate limit … */
  guint      rate_window;     /* … per this many seconds */
  guint      seconds;         /* requests at that rate: requests × window / limit, rounded up */
  guint      n_steps;         /* runs made on the clone */
  guint      n_round_trips;   /* revisions that went down and up again */
  /* the first failure */
  char      *failed_step;     /* "upgrade", "downgrade", "upgrade again", "round trip" */
  char      *failed_revision; /* the revision whose operations ran */
  guint      failed_operation;/* 1-based; 0 when not an operation */
  char      *failed_describe; /* the operation, in Liminal's words */
  char      *message;         /* what the clone (or the pre-check) said */
  GPtrArray *changes;         /* element-type LimRehearsalChange* (tenant, on success) */
  char      *record_id;       /* the run record (tenant), NULL when none */
} LimRehearsal;

void      lim_rehearsal_free    (LimRehearsal *rehearsal);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimRehearsal, lim_rehearsal_free)
JsonNode *lim_rehearsal_to_json (const LimRehearsal *rehearsal);
/* What happened, for people: the lines `liminal rehearse` prints and the
 * window shows (translated); free with g_free(). */
char     *lim_rehearsal_to_text (const LimRehearsal *rehearsal);

/* Rehearse `upgrade @descriptor` (NULL: head) of @tenant, connected as
 * @client, on a clone.  Sends @tenant GET requests only.  Records a run of
 * kind "rehearsal" in the workspace's runs folder, @front_end naming the
 * tool.  A rehearsal that found a failing revision completes with
 * succeeded FALSE; an error means it could not rehearse. */
void          lim_rehearse_tenant_async   (LimWorkspace        *workspace,
                                           LimTenant           *tenant,
                                           LimClient           *client,
                                           const char          *descriptor,
                                           LimRehearseFlags     flags,
                                           const char          *front_end,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
LimRehearsal *lim_rehearse_tenant_finish  (GAsyncResult  *result,
                                           GError       **error);

/* The whole history on an empty sandbox tenant: stamp base, base → head
 * one revision at a time; then from head down, each revision down, up again and down again; then
 * from base: base → head, head → base, base → head.  Each state is compared
 * with the one first seen at that revision. */
void          lim_rehearse_history_async  (LimWorkspace        *workspace,
                                           LimRehearseFlags     flags,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
LimRehearsal *lim_rehearse_history_finish (GAsyncResult  *result,
                                           GError       **error);

/* A sandbox state (GET /_sandbox/state) without what a round trip may
 * change (see above); the first difference of two such states as a path
 * ("tagSchemas[pizza].fields[2].name"), NULL when equal. */
JsonNode     *lim_rehearse_scrub          (const char    *state_json,
                                           GError       **error);
char         *lim_rehearse_first_difference (JsonNode    *a,
                                             JsonNode    *b);

G_END_DECLS
