/* lim-run.h — one upgrade, downgrade or dry run of a tenant, without
 * widgets: connect → plan → confirm → run, then stop, fail or complete, and
 * resume after a stop or a failure.
 *
 * The run owns its client, runner and cancellable.  Views bind to its
 * properties and answer its two questions:
 *
 *   "confirm"   (const LimPlan *plan): the plan is ready and the run waits
 *               in LIM_RUN_STATE_CONFIRMING; answer with lim_run_confirm(),
 *               now or later.  Dry runs are never confirmed.
 *   "question"  (const char *question): the runner asks before renaming a
 *               dropdown option in use; answer with lim_run_answer().
 *
 * Other signals:
 *   "started"          (): a plan starts running (lim_run_get_plan()).
 *   "operation-state"  (guint revision_index, guint operation_index,
 *                       gint LimOpRunState), both indexes 1-based.
 *   "request"          (const char *method, const char *path, guint status,
 *                       double ms): a request the client made.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "lim-runner.h"
#include "lim-workspace.h"

G_BEGIN_DECLS

typedef enum {
  LIM_RUN_STATE_PREPARING,   /* connecting and planning */
  LIM_RUN_STATE_CONFIRMING,  /* waiting for lim_run_confirm() */
  LIM_RUN_STATE_RUNNING,
  LIM_RUN_STATE_STOPPED,     /* cancelled between operations: can resume */
  LIM_RUN_STATE_FAILED,      /* can resume */
  LIM_RUN_STATE_DONE,        /* completed; a dry run: its report is ready */
  LIM_RUN_STATE_DECLINED,    /* the confirmation was refused: nothing changed */
  LIM_RUN_STATE_NOT_RUN,     /* could not plan, or nothing to do: "error-text" says why */
} LimRunState;

#define LIM_TYPE_RUN (lim_run_get_type ())

G_DECLARE_FINAL_TYPE (LimRun, lim_run, LIM, RUN, GObject)

LimRun        *lim_run_new                  (LimWorkspace *workspace,
                                             LimTenant    *tenant,
                                             LimDirection  direction,
                                             const char   *descriptor,
                                             LimRunFlags   flags);
/* Connects and plans. */
void           lim_run_start                (LimRun       *self);
/* Answers "confirm": run the plan, or decline. */
void           lim_run_confirm              (LimRun       *self,
                                             gboolean      accepted);
/* Answers "question". */
void           lim_run_answer               (LimRun       *self,
                                             gboolean      proceed);
/* Stops between operations (and, before a run, stops the planning). */
void           lim_run_cancel               (LimRun       *self);
/* After a stop or a failure: run again with LIM_RUN_FLAGS_RESUME. */
void           lim_run_resume               (LimRun       *self);

LimRunState    lim_run_get_state            (LimRun       *self);
/* Whether the run ended for good, before or after changing anything. */
gboolean       lim_run_is_over              (LimRun       *self);
/* Whether a plan started running (the tenant may have changed since). */
gboolean       lim_run_has_started          (LimRun       *self);
double         lim_run_get_fraction         (LimRun       *self);
/* "Revision 2 of 3 · Step 4 of 7" */
const char    *lim_run_get_step             (LimRun       *self);
/* "Upgrading test", "Stopped", "Upgrade Failed", … */
const char    *lim_run_get_heading          (LimRun       *self);
/* The operation under way, or what the run is doing. */
const char    *lim_run_get_message          (LimRun       *self);
/* A single sign-on tenant's session ran out mid-run: the run waits at an
 * operation boundary until the person signs in again ("message" says
 * "Waiting for sign-in…"; property "waiting-for-sign-in"). */
gboolean       lim_run_get_waiting_for_sign_in (LimRun    *self);
/* Why the run stopped or failed, or why it could not run. */
const char    *lim_run_get_error_text       (LimRun       *self);
gboolean       lim_run_get_refused_by_lock  (LimRun       *self);
const LimLock *lim_run_get_held_lock        (LimRun       *self);
void           lim_run_break_lock           (LimRun       *self);
/* Refused by a closed promotion gate (lim-gate.h): the runner says what
 * is missing (lim_runner_get_gate_missing()). */
gboolean       lim_run_get_refused_by_gate  (LimRun       *self);
/* Run again, passing the closed gates for @reason (non-empty; recorded). */
void           lim_run_override_gate        (LimRun       *self,
                                             const char   *reason);
gboolean       lim_run_get_can_cancel       (LimRun       *self);

LimWorkspace  *lim_run_get_workspace        (LimRun       *self);
LimTenant     *lim_run_get_tenant           (LimRun       *self);
LimDirection   lim_run_get_direction        (LimRun       *self);
LimRunFlags    lim_run_get_flags            (LimRun       *self);
LimRunner     *lim_run_get_runner           (LimRun       *self);
/* The plan being confirmed or run, or NULL. */
const LimPlan *lim_run_get_plan             (LimRun       *self);
/* The revision the tenant stands at after a completed run. */
const char    *lim_run_get_target           (LimRun       *self);
/* Where the tenant stood before this run changed it (an undo goes back
 * there), NULL before a plan ran. */
const char    *lim_run_get_from             (LimRun       *self);
/* The run record of the last plan run, NULL when none was written. */
const char    *lim_run_get_record_path      (LimRun       *self);
/* After a completed run: "Upgraded test: 2c0a6e7 → 4e2c8a9 · 7 operations
 * · 4.3 s"; NULL otherwise. */
char          *lim_run_dup_summary          (LimRun       *self);
guint          lim_run_get_n_requests       (LimRun       *self);
/* Each operation of the plan and its state, as named by
 * lim_run_operation_state_name(). */
char         **lim_run_dup_operation_states (LimRun       *self);
/* "pending", "running", "done", "failed", "skipped" or "uncertain". */
const char    *lim_run_operation_state_name (LimOpRunState state);
/* The result of a finished dry run, as shown to people (plain text, its
 * problems grouped by revision). */
char          *lim_run_dup_dry_run_report   (LimRun       *self);
/* Its first lines: "test: 2c0a6e7 → 4e2c8a9 (…)" and the plan's counts. */
char          *lim_run_dup_dry_run_overview (LimRun       *self);
/* The problems a finished dry run found: each in the runner's words, with
 * the revision (1-based index in the plan) it belongs to. */
guint          lim_run_get_n_problems       (LimRun       *self);
const char    *lim_run_get_problem          (LimRun       *self,
                                             guint         index,
                                             guint        *revision_index);
guint          lim_run_count_problems       (LimRun       *self,
                                             guint         revision_index);
/* Problem @index without its revision, for a list under revision headings
 * ("Step 3: …"). */
const char    *lim_run_get_problem_detail   (LimRun       *self,
                                             guint         index);
/* "4e2c8a9 (Add toppings) — 3 problems" */
char          *lim_run_dup_problems_heading (LimRun       *self,
                                             guint         revision_index);
/* Whether running the plan again can help after a stop or a failure: not
 * after a failed pre-check (the revision would fail on the tenant's state
 * again), a plan that could not be made, or a dry run. */
gboolean       lim_run_get_can_resume       (LimRun       *self);
/* The journal of a run that started (NULL for dry runs). */
char          *lim_run_dup_journal_path     (LimRun       *self);

/* A revision as people read it: its short id (7 characters, "none" for
 * NULL), then its description when it has one.  lim_run_unique_short_id()
 * gives the shortest prefix (7 or more) no other revision of @timeline
 * shares (lim_timeline_short_id()); lim_run_describe_revision() uses it. */
char          *lim_run_short_id             (const char   *id);
char          *lim_run_unique_short_id      (LimTimeline  *timeline,
                                             const char   *id);
char          *lim_run_describe_revision    (LimTimeline  *timeline,
                                             const char   *id);

G_END_DECLS
