/* lim-runner.h — upgrade or downgrade one tenant, safely.
 *
 * The runner deviates from Liminal on purpose:
 *  - every revision is simulated on a copy of the tenant snapshot before
 *    its first write, so a revision that would fail writes nothing;
 *  - the revision marker moves after each revision that completes;
 *  - a journal (.liminal/journal/<alias>.json under the project) records
 *    each operation's outcome, atomically, as it happens;
 *  - a write whose outcome is uncertain (a dropped connection, a lost
 *    status poll) is never re-sent blindly: the runner re-reads the tenant
 *    and asks the operation whether it took effect;
 *  - with resume, a run continues from the first operation not known to be
 *    applied;
 *  - cancelling stops between operations (or abandons a status poll), and
 *    the journal stays true;
 *  - a run (and a stamp) holds the tenant's lock (lim-lock.h) from its
 *    first write to its end, renews it between operations, and before each
 *    marker move checks that the lock is still its own and the marker is
 *    where it left it.  Lock errors are LIM_LOCK_ERROR.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lim-apply.h"
#include "lim-client.h"
#include "lim-lock.h"
#include "lim-snapshot.h"
#include "lim-tenant.h"
#include "lim-timeline.h"

G_BEGIN_DECLS

#define LIM_RUNNER_ERROR (lim_runner_error_quark ())
GQuark lim_runner_error_quark (void);

typedef enum {
  LIM_RUNNER_ERROR_PLAN,          /* a bad descriptor, an unknown marker… */
  LIM_RUNNER_ERROR_NO_MARKER,     /* the tenant has no revision marker: adopt it with stamp */
  LIM_RUNNER_ERROR_INVALID,       /* a revision would fail (simulated before writing) */
  LIM_RUNNER_ERROR_FAILED,        /* an operation failed on the tenant */
  LIM_RUNNER_ERROR_UNCERTAIN,     /* an outcome could not be learned; resume will check */
  LIM_RUNNER_ERROR_CONFIRMATION,  /* a confirmation was needed and refused or not given */
  LIM_RUNNER_ERROR_JOURNAL,       /* an unfinished run exists (resume it) or the journal is unusable */
  LIM_RUNNER_ERROR_CANCELLED,     /* stopped on request; the journal says where */
  LIM_RUNNER_ERROR_GATED,         /* a promotion gate is closed (lim-gate.h); nothing was changed */
  LIM_RUNNER_ERROR_SIGN_IN_CANCELLED, /* the person gave up signing in: stopped before a step, nothing of it
                                       * sent; the journal says where (resume signs in again) */
} LimRunnerError;

typedef enum {
  LIM_RUN_FLAGS_NONE    = 0,
  LIM_RUN_FLAGS_DRY_RUN = 1 << 0,   /* simulate, write nothing */
  LIM_RUN_FLAGS_RESUME  = 1 << 1,   /* continue an unfinished run */
  LIM_RUN_FLAGS_YES     = 1 << 2,   /* answer every confirmation with yes */
  LIM_RUN_FLAGS_BREAK_LOCK = 1 << 3, /* take over an expired lock of another run */
} LimRunFlags;

typedef enum {
  LIM_OP_RUN_PENDING,
  LIM_OP_RUN_RUNNING,
  LIM_OP_RUN_DONE,
  LIM_OP_RUN_FAILED,
  LIM_OP_RUN_SKIPPED,     /* already applied (resume) or nothing to send */
  LIM_OP_RUN_UNCERTAIN,
} LimOpRunState;

const char *lim_op_run_state_to_string (LimOpRunState state);

/* What a run will do, known once the tenant has been read. */
typedef struct
{
  LimDirection  direction;
  char         *from;          /* the tenant's marker */
  char         *to;            /* the target */
  GPtrArray    *revisions;     /* element-type LimRevision*, in run order */
  guint         n_operations;
  guint         n_destructive;
  gboolean      up_to_date;    /* `upgrade head` at head: nothing to do */
  gboolean      resuming;      /* a journal is being continued */
} LimPlan;

void lim_plan_free (LimPlan *plan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimPlan, lim_plan_free)

#define LIM_TYPE_RUNNER (lim_runner_get_type ())
G_DECLARE_FINAL_TYPE (LimRunner, lim_runner, LIM, RUNNER, GObject)

/* @journal_dir: where journals live (usually PROJECT/.liminal/journal),
 * NULL for none (tests, dry runs).  @alias names the tenant in the journal
 * and in messages. */
LimRunner   *lim_runner_new           (LimClient     *client,
                                       LimTimeline   *timeline,
                                       const char    *alias,
                                       const char    *journal_dir,
                                       LimApplyFlags  apply_flags);

/* Read the tenant and work out the plan (no writes).  @descriptor as
 * Liminal takes it: `head`, `+n`, an id (or a unique prefix) for upgrade;
 * `-n` or an id for downgrade. */
void         lim_runner_prepare_async  (LimRunner           *self,
                                        LimDirection         direction,
                                        const char          *descriptor,
                                        LimRunFlags          flags,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
const LimPlan *lim_runner_prepare_finish (LimRunner     *self,
                                          GAsyncResult  *result,
                                          GError       **error);

/* Run the prepared plan.  Cancelling @cancellable stops after the current
 * operation (a status poll in progress is abandoned). */
void         lim_runner_run_async      (LimRunner           *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean     lim_runner_run_finish     (LimRunner     *self,
                                        GAsyncResult  *result,
                                        GError       **error);

/* Set the tenant's marker to @revision without running operations (how an
 * existing tenant is adopted).  Completes with TRUE if it changed. */
void         lim_runner_stamp_async    (LimRunner           *self,
                                        const char          *revision,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean     lim_runner_stamp_finish   (LimRunner     *self,
                                        GAsyncResult  *result,
                                        gboolean      *changed,
                                        GError       **error);

/* Keep a run record (lim-run-record.h) of each run and stamp that changes
 * the tenant, and of each dry run, in @runs_dir (NULL: none).  @front_end
 * names the tool in the record ("cli", "app"). */
void         lim_runner_set_records    (LimRunner  *self,
                                        const char *runs_dir,
                                        LimTenant  *tenant,
                                        const char *front_end);
/* The next upgrades pass closed promotion gates by override, for @reason
 * (recorded with the gates it passed); NULL: gates are enforced. */
void         lim_runner_set_override   (LimRunner  *self,
                                        const char *reason);
/* After a prepare refused with LIM_RUNNER_ERROR_GATED (or passed by
 * override): what the gates miss (element-type char*) and the gate tenants
 * waited for; NULL when the gates were open. */
GPtrArray   *lim_runner_get_gate_missing (LimRunner *self);
const char * const *lim_runner_get_gate_waiting (LimRunner *self);
/* The record of the current or last run, NULL when none was begun. */
const char  *lim_runner_get_record_path (LimRunner *self);
const char  *lim_runner_get_record_id  (LimRunner *self);

/* Stamps take over an expired lock of another run (runs: BREAK_LOCK). */
void         lim_runner_set_break_lock (LimRunner *self,
                                        gboolean   break_lock);

/* Whether runs and stamps take the tenant lock (default TRUE).  Only tests
 * that compare a run's writes with a clean run's turn it off. */
void         lim_runner_set_locking    (LimRunner *self,
                                        gboolean   locking);

/* Single sign-on: before each operation, a session that runs out within
 * this many seconds is renewed through the client's LimSignIn
 * (lim_client_set_sign_in()); a session the tenant refuses mid-operation is
 * renewed by the client, which sends the refused request again.  A
 * sign-in the person cancels stops the run before that operation
 * (LIM_RUNNER_ERROR_SIGN_IN_CANCELLED naming tenant and operation; the run
 * record says "cancelled"; resume sends it);
 * Stop (the run's cancellable) also cancels a sign-in under way
 * (LIM_RUNNER_ERROR_CANCELLED).  Freeing the lock never asks for one. */
#define LIM_RUNNER_SESSION_MARGIN_S 30
/* Whether the run is paused at an operation boundary (or on a refused
 * request) while a sign-in is under way: the "waiting-for-sign-in"
 * property, notified. */
gboolean     lim_runner_get_waiting_for_sign_in (LimRunner *self);

/* Answer a pending "confirm" signal. */
void         lim_runner_answer         (LimRunner *self,
                                        gboolean   accept);

const LimPlan *lim_runner_get_plan     (LimRunner *self);
LimSnapshot    *lim_runner_get_model      (LimRunner *self);   /* the tenant as last known */
/* The problems a dry run found ("k. describe: message"), element-type char*. */
GPtrArray   *lim_runner_get_problems   (LimRunner *self);
/* The revision (1-based index in the plan) the dry run's problem @index
 * belongs to. */
guint        lim_runner_get_problem_revision (LimRunner *self,
                                              guint      index);
/* The dry run's problem @index without its revision, for a list grouped by
 * revision ("Step 3: …", "Revision marker: …"). */
const char  *lim_runner_get_problem_detail (LimRunner *self,
                                            guint      index);
/* After a run stopped by a failed pre-check (LIM_RUNNER_ERROR_INVALID: the
 * revision, simulated on the tenant's state, would fail; nothing was sent
 * for it): TRUE with the revision (1-based index in the plan) and the
 * operation (1-based) that would fail.  FALSE otherwise. */
gboolean     lim_runner_get_failed_precheck (LimRunner *self,
                                             guint     *revision_index,
                                             guint     *operation_index);
/* After a run refused with LIM_LOCK_ERROR_HELD: the holder's record. */
const LimLock *lim_runner_get_held_lock (LimRunner *self);
char        *lim_runner_get_journal_path (LimRunner *self);

/* Properties: "revision-index" (1-based), "n-revisions", "operation-index"
 * (1-based), "n-operations" (of the current revision), "revision" (id),
 * "message" (the operation being run, in Liminal's words), "fraction"
 * (0…1 over the whole run), "running", "waiting-for-sign-in".
 *
 * Signals:
 *   "revision-started" (guint index, const char *id)
 *   "operation-state"  (guint revision_index, guint operation_index,
 *                       LimOpRunState state, const char *message)
 *   "revision-done"    (guint index, const char *id)
 *   "confirm"          (const char *question): a dropdown option in use;
 *                      answer with lim_runner_answer(), now or later.
 *                      Without a handler (and without YES) the run stops.
 *   "recovering"       (const char *message): re-reading the tenant after
 *                      an uncertain outcome. */

G_END_DECLS
