/* lim-run.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lim-app-enums.h"
#include "lim-lock.h"
#include "lim-operation.h"
#include "lim-report.h"
#include "lim-run.h"

#define SHORT_ID_LEN 7

struct _LimRun
{
  GObject parent_instance;

  /* Owned References */
  LimWorkspace *workspace;
  LimTenant    *tenant;
  char         *descriptor;
  LimClient    *client;
  LimRunner    *runner;
  GCancellable *cancellable;
  GPtrArray    *op_states;       /* per revision: GArray of LimOpRunState */
  char         *step;
  char         *heading;
  char         *message;
  char         *error_text;
  gboolean      refused_by_lock; /* failed: another run holds the tenant */
  gboolean      refused_by_gate; /* failed: a promotion gate is closed */
  gboolean      hopeless;        /* failed: running the same plan again cannot help */
  char         *override_reason; /* passes closed gates (recorded) */
  char         *from;            /* where the tenant stood before the plan ran */
  char         *target;
  gint64        started_us;      /* monotonic, when the plan started running */
  gint64        duration_us;

  LimDirection direction;
  LimRunFlags  flags;
  LimRunState  state;
  double       fraction;
  gulong       request_id;
  gboolean     waiting_for_sign_in;     /* the client asks the person to sign in again */
  char        *message_before_sign_in;
  guint        n_requests;
  gboolean     tried_resume;
  gboolean     confirmed;      /* the person accepted the confirmation */
  gboolean     question_pending;
  gboolean     plan_running;
  gboolean     started;
};

G_DEFINE_FINAL_TYPE (LimRun, lim_run, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_FRACTION,
  PROP_STEP,
  PROP_HEADING,
  PROP_MESSAGE,
  PROP_ERROR_TEXT,
  PROP_CAN_CANCEL,
  PROP_WAITING_FOR_SIGN_IN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CONFIRM,
  SIGNAL_QUESTION,
  SIGNAL_STARTED,
  SIGNAL_OPERATION_STATE,
  SIGNAL_REQUEST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *state_names[] = { "pending", "running", "done", "failed", "skipped", "uncertain" };

static void start_prepare (LimRun     *self,
                           LimRunFlags flags);

/* ------------------------------------------------------------ texts */

char *
lim_run_short_id (const char *id)
{
  if (id == NULL)
    return g_strdup (_("none"));

  return g_strndup (id, SHORT_ID_LEN);
}

char *
lim_run_unique_short_id (LimTimeline *timeline,
                         const char  *id)
{
  if (id == NULL || timeline == NULL)
    return lim_run_short_id (id);

  return lim_timeline_short_id (timeline, id);
}

char *
lim_run_describe_revision (LimTimeline *timeline,
                           const char  *id)
{
  LimRevision *rev = id != NULL ? lim_timeline_lookup (timeline, id) : NULL;
  g_autofree char *sid = lim_run_unique_short_id (timeline, id);
  const char *description = rev != NULL ? lim_revision_get_description (rev) : NULL;

  if (description == NULL || description[0] == '\0')
    return g_steal_pointer (&sid);

  /* Translators: a short revision id, then its description */
  return g_strdup_printf (_("%s (%s)"), sid, description);
}

/* ------------------------------------------------------------ setters */

static void
set_string (LimRun     *self,
            char      **field,
            const char *value,
            guint       prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
notify_can_cancel (LimRun *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_CANCEL]);
}

static void
set_state (LimRun     *self,
           LimRunState state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  notify_can_cancel (self);
}

static const char *
failed_heading (LimRun *self)
{
  return self->direction == LIM_DIRECTION_UP ? _("Upgrade Failed") : _("Downgrade Failed");
}

/* The run ended with @error, after changing something or before. */
static void
fail (LimRun       *self,
      const GError *error)
{
  self->refused_by_lock = g_error_matches (error, LIM_LOCK_ERROR, LIM_LOCK_ERROR_HELD);
  self->refused_by_gate = g_error_matches (error, LIM_RUNNER_ERROR, LIM_RUNNER_ERROR_GATED);
  /* A revision that would fail on the tenant's state (its pre-check), a
   * plan that cannot be made, a tenant without a marker: a resume would
   * meet the same.  A failed or uncertain write, a network error, a lock
   * or a stop can be resumed. */
  self->hopeless = g_error_matches (error, LIM_RUNNER_ERROR, LIM_RUNNER_ERROR_INVALID) ||
                   g_error_matches (error, LIM_RUNNER_ERROR, LIM_RUNNER_ERROR_PLAN) ||
                   g_error_matches (error, LIM_RUNNER_ERROR, LIM_RUNNER_ERROR_NO_MARKER);
  if (self->refused_by_gate)
    {
      const char *const *waiting = lim_runner_get_gate_waiting (self->runner);
      g_autofree char *names = waiting ? g_strjoinv (", ", (char **) waiting) : g_strdup ("?");
      g_autofree char *heading = NULL;

      /* Translators: gate tenants, "Waiting for test" */
      heading = g_strdup_printf (_("Waiting for %s"), names);
      set_string (self, &self->heading, heading, PROP_HEADING);
    }
  else
    set_string (self, &self->heading, self->refused_by_lock ? _("Tenant Is Locked") : failed_heading (self),
                PROP_HEADING);
  set_string (self, &self->error_text, error->message, PROP_ERROR_TEXT);
  set_string (self, &self->message, "", PROP_MESSAGE);
  set_state (self, LIM_RUN_STATE_FAILED);
}

static void
not_run (LimRun     *self,
         const char *why)
{
  set_string (self, &self->error_text, why, PROP_ERROR_TEXT);
  set_state (self, LIM_RUN_STATE_NOT_RUN);
}

/* ------------------------------------------------------------ progress */

/* The runner's fraction, while its plan runs. */
static void
on_fraction_cb (LimRun *self)
{
  double fraction = 0;

  g_object_get (self->runner, "fraction", &fraction, NULL);
  if (self->fraction == fraction)
    return;

  self->fraction = fraction;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
}

static void
update_step (LimRun *self)
{
  guint rev_index = 0, n_revs = 0, op_index = 0, n_ops = 0;
  g_autofree char *text = NULL;

  if (self->runner == NULL)
    return;

  g_object_get (self->runner,
                "revision-index", &rev_index,
                "n-revisions", &n_revs,
                "operation-index", &op_index,
                "n-operations", &n_ops,
                NULL);
  if (n_revs == 0)
    return;

  if (n_ops > 0 && op_index > 0)
    /* Translators: "Revision 2 of 3 · Step 4 of 7" */
    text = g_strdup_printf (_("Revision %u of %u · Step %u of %u"), rev_index, n_revs, op_index, n_ops);
  else
    text = g_strdup_printf (_("Revision %u of %u"), MAX (rev_index, 1), n_revs);
  set_string (self, &self->step, text, PROP_STEP);
}

static GPtrArray *
plan_operations (const LimPlan *plan,
                 guint          revision_index)
{
  LimRevision *rev = g_ptr_array_index (plan->revisions, revision_index);

  return plan->direction == LIM_DIRECTION_UP ? lim_revision_get_upgrade (rev) : lim_revision_get_downgrade (rev);
}

static void
reset_operations (LimRun        *self,
                  const LimPlan *plan)
{
  g_ptr_array_set_size (self->op_states, 0);
  for (guint r = 0; r < plan->revisions->len; r++)
    {
      GArray *states = g_array_new (FALSE, TRUE, sizeof (LimOpRunState));

      g_array_set_size (states, plan_operations (plan, r)->len);
      g_ptr_array_add (self->op_states, states);
    }
}

static void
on_operation_state_cb (LimRunner    *runner,
                       guint         revision_index,
                       guint         operation_index,
                       LimOpRunState state,
                       const char   *message,
                       LimRun       *self)
{
  GArray *states;

  if (revision_index == 0 || revision_index > self->op_states->len)
    return;
  states = g_ptr_array_index (self->op_states, revision_index - 1);
  if (operation_index == 0 || operation_index > states->len)
    return;

  g_array_index (states, LimOpRunState, operation_index - 1) = state;
  if (state == LIM_OP_RUN_RUNNING)
    {
      GPtrArray *ops = plan_operations (lim_runner_get_plan (runner), revision_index - 1);
      g_autofree char *describe = lim_operation_describe (g_ptr_array_index (ops, operation_index - 1));

      set_string (self, &self->message, describe, PROP_MESSAGE);
    }
  g_signal_emit (self, signals[SIGNAL_OPERATION_STATE], 0, revision_index, operation_index, (int) state);
  update_step (self);
}

static void
on_recovering_cb (LimRunner  *runner,
                  const char *message,
                  LimRun     *self)
{
  set_string (self, &self->message, message, PROP_MESSAGE);
}

static void
on_question_cb (LimRunner  *runner,
                const char *question,
                LimRun     *self)
{
  self->question_pending = TRUE;
  g_signal_emit (self, signals[SIGNAL_QUESTION], 0, question);
}

static void
on_request_cb (LimClient  *client,
               const char *method,
               const char *path,
               guint       status,
               double      ms,
               LimRun     *self)
{
  self->n_requests++;
  g_signal_emit (self, signals[SIGNAL_REQUEST], 0, method, path, status, ms);
}

/* ------------------------------------------------------------ run */

static void
on_run_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(LimRun) self = user_data;
  g_autoptr(GError) error = NULL;
  LimRunner *runner = LIM_RUNNER (source);

  self->duration_us = g_get_monotonic_time () - self->started_us;
  if (lim_runner_run_finish (runner, result, &error))
    {
      if ((self->flags & LIM_RUN_FLAGS_DRY_RUN) == 0)
        set_string (self, &self->heading,
                    self->direction == LIM_DIRECTION_UP ? _("Upgrade Complete") : _("Downgrade Complete"),
                    PROP_HEADING);
      else
        set_string (self, &self->heading, _("Dry Run: No Problems Found"), PROP_HEADING);
      set_string (self, &self->message, "", PROP_MESSAGE);
      set_state (self, LIM_RUN_STATE_DONE);
      return;
    }

  if ((self->flags & LIM_RUN_FLAGS_DRY_RUN) == 0 &&
      (g_error_matches (error, LIM_RUNNER_ERROR, LIM_RUNNER_ERROR_CANCELLED) ||
       g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
    {
      g_autofree char *journal = lim_runner_get_journal_path (runner);
      g_autofree char *text = NULL;

      /* The journal's path is in the run window's details. */
      if (journal != NULL)
        text = g_strdup (_("The run stopped between operations. The journal records what was applied."));
      else
        text = g_strdup (_("The run stopped between operations."));
      set_string (self, &self->heading, _("Stopped"), PROP_HEADING);
      set_string (self, &self->error_text, text, PROP_ERROR_TEXT);
      set_string (self, &self->message, "", PROP_MESSAGE);
      set_state (self, LIM_RUN_STATE_STOPPED);
      return;
    }

  if ((self->flags & LIM_RUN_FLAGS_DRY_RUN) == 0 &&
      g_error_matches (error, LIM_RUNNER_ERROR, LIM_RUNNER_ERROR_SIGN_IN_CANCELLED))
    {
      /* The person closed the sign-in window: stopped as by Stop, and the
       * engine's sentence (tenant, step, what to do) is the reason. */
      set_string (self, &self->heading, _("Stopped"), PROP_HEADING);
      set_string (self, &self->error_text, error->message, PROP_ERROR_TEXT);
      set_string (self, &self->message, "", PROP_MESSAGE);
      set_state (self, LIM_RUN_STATE_STOPPED);
      return;
    }

  /* The step whose pre-check failed is marked, though nothing was sent. */
  {
    guint rev = 0, op = 0;

    if ((self->flags & LIM_RUN_FLAGS_DRY_RUN) == 0 && lim_runner_get_failed_precheck (runner, &rev, &op) &&
        rev <= self->op_states->len && op <= ((GArray *) g_ptr_array_index (self->op_states, rev - 1))->len)
      {
        g_array_index ((GArray *) g_ptr_array_index (self->op_states, rev - 1), LimOpRunState, op - 1) =
          LIM_OP_RUN_FAILED;
        g_signal_emit (self, signals[SIGNAL_OPERATION_STATE], 0, rev, op, (int) LIM_OP_RUN_FAILED);
      }
  }
  fail (self, error);
  if ((self->flags & LIM_RUN_FLAGS_DRY_RUN) != 0 && lim_run_get_n_problems (self) > 0)
    set_string (self, &self->heading, _("Dry Run Found Problems"), PROP_HEADING);
}

static void
start_run (LimRun *self)
{
  const LimPlan *plan = lim_runner_get_plan (self->runner);
  g_autofree char *heading = NULL;

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->plan_running = TRUE;
  self->started = TRUE;

  reset_operations (self, plan);
  g_clear_pointer (&self->target, g_free);
  self->target = g_strdup (plan->to);
  /* A resume continues the same change: it keeps where the tenant was. */
  if (self->from == NULL || !plan->resuming)
    {
      g_free (self->from);
      self->from = g_strdup (plan->from);
    }
  self->started_us = g_get_monotonic_time ();

  /* Translators: "Upgrading test" */
  heading = g_strdup_printf (self->direction == LIM_DIRECTION_UP ? _("Upgrading %s") : _("Downgrading %s"),
                             lim_tenant_get_alias (self->tenant));
  set_string (self, &self->heading, heading, PROP_HEADING);
  set_string (self, &self->message, plan->resuming ? _("Resuming the unfinished run") : "", PROP_MESSAGE);
  set_string (self, &self->step, "", PROP_STEP);

  on_fraction_cb (self);
  g_signal_connect_object (self->runner, "notify::fraction", G_CALLBACK (on_fraction_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->runner, "operation-state", G_CALLBACK (on_operation_state_cb), self, 0);
  g_signal_connect_object (self->runner, "recovering", G_CALLBACK (on_recovering_cb), self, 0);
  g_signal_connect_object (self->runner, "confirm", G_CALLBACK (on_question_cb), self, 0);
  g_signal_connect_object (self->runner, "notify::revision-index", G_CALLBACK (update_step), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->runner, "notify::operation-index", G_CALLBACK (update_step), self,
                           G_CONNECT_SWAPPED);

  set_state (self, LIM_RUN_STATE_RUNNING);
  notify_can_cancel (self);
  g_signal_emit (self, signals[SIGNAL_STARTED], 0);

  lim_runner_run_async (self->runner, self->cancellable, on_run_done_cb, g_object_ref (self));
}

/* ------------------------------------------------------------ prepare */

static void
on_prepared_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(LimRun) self = user_data;
  g_autoptr(GError) error = NULL;
  const LimPlan *plan;

  plan = lim_runner_prepare_finish (LIM_RUNNER (source), result, &error);

  /* An earlier run of this tenant stopped (closed after a stop or a
   * failure): continue it, if it has the same target.  The confirmation
   * says so. */
  if (plan == NULL &&
      self->state == LIM_RUN_STATE_PREPARING &&
      !self->tried_resume &&
      (self->flags & (LIM_RUN_FLAGS_RESUME | LIM_RUN_FLAGS_DRY_RUN)) == 0 &&
      g_error_matches (error, LIM_RUNNER_ERROR, LIM_RUNNER_ERROR_JOURNAL))
    {
      self->tried_resume = TRUE;
      start_prepare (self, self->flags | LIM_RUN_FLAGS_RESUME);
      return;
    }

  if (plan == NULL)
    {
      /* Another run holds the tenant: the run window says who (and can
       * break an expired lease). */
      if (g_error_matches (error, LIM_LOCK_ERROR, LIM_LOCK_ERROR_HELD) ||
          g_error_matches (error, LIM_RUNNER_ERROR, LIM_RUNNER_ERROR_GATED))
        fail (self, error);
      else if (self->state == LIM_RUN_STATE_PREPARING)
        not_run (self, error->message);
      else
        fail (self, error);  /* a resume that could not be planned */
      return;
    }

  if (plan->up_to_date)
    {
      g_autofree char *text = g_strdup_printf (_("%s is already up to date"), lim_tenant_get_alias (self->tenant));

      not_run (self, text);
      return;
    }

  if (self->flags & LIM_RUN_FLAGS_DRY_RUN)
    {
      lim_runner_run_async (self->runner, self->cancellable, on_run_done_cb, g_object_ref (self));
    }
  else if (self->state == LIM_RUN_STATE_PREPARING)
    {
      set_state (self, LIM_RUN_STATE_CONFIRMING);
      g_signal_emit (self, signals[SIGNAL_CONFIRM], 0, plan);
    }
  else
    {
      start_run (self);  /* resuming: confirmed already */
    }
}

/* A single sign-on tenant's session ran out or was refused: the run
 * waits at an operation boundary while the person signs in again. */
static void
on_signing_in_cb (LimRun *self)
{
  gboolean waiting = lim_runner_get_waiting_for_sign_in (self->runner);

  if (waiting == self->waiting_for_sign_in)
    return;
  self->waiting_for_sign_in = waiting;
  if (waiting)
    {
      g_free (self->message_before_sign_in);
      self->message_before_sign_in = g_strdup (self->message);
      set_string (self, &self->message, _("Waiting for sign-in…"), PROP_MESSAGE);
    }
  else
    {
      g_autofree char *before = g_steal_pointer (&self->message_before_sign_in);

      set_string (self, &self->message, before != NULL ? before : "", PROP_MESSAGE);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAITING_FOR_SIGN_IN]);
}

static void
start_prepare (LimRun     *self,
               LimRunFlags flags)
{
  if (self->runner != NULL)
    g_signal_handlers_disconnect_by_data (self->runner, self);
  g_clear_object (&self->runner);
  self->runner = lim_workspace_new_runner (self->workspace, self->tenant, self->client,
                                           (flags & LIM_RUN_FLAGS_DRY_RUN) == 0);
  lim_runner_set_override (self->runner, self->override_reason);
  g_signal_connect_swapped (self->runner, "notify::waiting-for-sign-in", G_CALLBACK (on_signing_in_cb), self);
  lim_runner_prepare_async (self->runner, self->direction, self->descriptor, flags,
                            self->cancellable, on_prepared_cb, g_object_ref (self));
}

static void
on_connected_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(LimRun) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LimClient) client = lim_workspace_connect_finish (LIM_WORKSPACE (source), result, &error);

  if (client == NULL)
    {
      not_run (self, error->message);
      return;
    }

  self->client = g_steal_pointer (&client);
  self->request_id = g_signal_connect (self->client, "request", G_CALLBACK (on_request_cb), self);
  start_prepare (self, self->flags);
}

void
lim_run_start (LimRun *self)
{
  g_return_if_fail (LIM_IS_RUN (self));
  g_return_if_fail (self->client == NULL && self->state == LIM_RUN_STATE_PREPARING);

  lim_workspace_connect_async (self->workspace, self->tenant, LIM_TENANT_RESOLVE_DEFAULT,
                               self->cancellable, on_connected_cb, g_object_ref (self));
}

void
lim_run_confirm (LimRun  *self,
                 gboolean accepted)
{
  g_return_if_fail (LIM_IS_RUN (self));

  if (self->state != LIM_RUN_STATE_CONFIRMING)
    return;

  if (accepted)
    {
      self->confirmed = TRUE;
      start_run (self);
    }
  else
    set_state (self, LIM_RUN_STATE_DECLINED);
}

void
lim_run_answer (LimRun  *self,
                gboolean proceed)
{
  g_return_if_fail (LIM_IS_RUN (self));

  if (!self->question_pending || self->runner == NULL)
    return;

  self->question_pending = FALSE;
  lim_runner_answer (self->runner, proceed);
}

void
lim_run_cancel (LimRun *self)
{
  g_return_if_fail (LIM_IS_RUN (self));

  g_cancellable_cancel (self->cancellable);
  if (self->state == LIM_RUN_STATE_RUNNING)
    set_string (self, &self->message, _("Stopping after the current operation…"), PROP_MESSAGE);
  notify_can_cancel (self);
}

static void
restart (LimRun     *self,
         LimRunFlags extra)
{
  self->plan_running = FALSE;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->n_requests = 0;
  set_string (self, &self->error_text, NULL, PROP_ERROR_TEXT);
  /* Refused (locked) before its confirmation: ask it now, as for a new run. */
  if (!self->confirmed)
    {
      self->tried_resume = FALSE;
      set_state (self, LIM_RUN_STATE_PREPARING);
      start_prepare (self, self->flags | extra);
      return;
    }
  set_string (self, &self->heading, _("Resuming…"), PROP_HEADING);
  set_state (self, LIM_RUN_STATE_RUNNING);

  start_prepare (self, (self->flags & ~LIM_RUN_FLAGS_DRY_RUN) | LIM_RUN_FLAGS_RESUME | extra);
}

void
lim_run_resume (LimRun *self)
{
  g_return_if_fail (LIM_IS_RUN (self));

  if (self->state != LIM_RUN_STATE_STOPPED && self->state != LIM_RUN_STATE_FAILED)
    return;
  restart (self, 0);
}

/* The lock another run left, once refused by it (else NULL). */
const LimLock *
lim_run_get_held_lock (LimRun *self)
{
  g_return_val_if_fail (LIM_IS_RUN (self), NULL);
  if (!lim_run_get_refused_by_lock (self) || self->runner == NULL)
    return NULL;
  return lim_runner_get_held_lock (self->runner);
}

/* Refused by a lock whose lease expired: run again, taking it over (the
 * window asks first, naming the holder). */
void
lim_run_break_lock (LimRun *self)
{
  g_return_if_fail (LIM_IS_RUN (self));

  if (!lim_run_get_refused_by_lock (self))
    return;
  self->flags |= LIM_RUN_FLAGS_BREAK_LOCK;
  restart (self, 0);
}

/* Refused by a closed promotion gate: run again, passing it for @reason
 * (recorded in the run record). */
void
lim_run_override_gate (LimRun     *self,
                       const char *reason)
{
  g_autofree char *stripped = g_strstrip (g_strdup (reason ? reason : ""));

  g_return_if_fail (LIM_IS_RUN (self));

  if (!lim_run_get_refused_by_gate (self) || *stripped == '\0')
    return;
  g_free (self->override_reason);
  self->override_reason = g_steal_pointer (&stripped);
  restart (self, 0);
}

gboolean
lim_run_get_refused_by_gate (LimRun *self)
{
  g_return_val_if_fail (LIM_IS_RUN (self), FALSE);
  return self->state == LIM_RUN_STATE_FAILED && self->refused_by_gate;
}

const char *
lim_run_get_from (LimRun *self)
{
  g_return_val_if_fail (LIM_IS_RUN (self), NULL);
  return self->from;
}

const char *
lim_run_get_record_path (LimRun *self)
{
  g_return_val_if_fail (LIM_IS_RUN (self), NULL);
  return self->runner ? lim_runner_get_record_path (self->runner) : NULL;
}

char *
lim_run_dup_summary (LimRun *self)
{
  const LimPlan *plan;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *ops = NULL;
  g_autofree char *duration = NULL;
  const char *alias;

  g_return_val_if_fail (LIM_IS_RUN (self), NULL);

  plan = lim_run_get_plan (self);
  if (plan == NULL || self->state != LIM_RUN_STATE_DONE)
    return NULL;
  alias = lim_tenant_get_alias (self->tenant);
  from = lim_run_unique_short_id (lim_workspace_get_timeline (self->workspace), self->from ? self->from : plan->from);
  to = lim_run_unique_short_id (lim_workspace_get_timeline (self->workspace), self->target);
  ops = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u operation", "%u operations", plan->n_operations),
                         plan->n_operations);
  duration = lim_report_format_duration (self->duration_us / 1000);
  if (self->direction == LIM_DIRECTION_UP)
    /* Translators: "Upgraded test: 2c0a6e7 → 4e2c8a9 · 7 operations · 4.3 s" */
    return g_strdup_printf (_("Upgraded %s: %s → %s · %s · %s"), alias, from, to, ops, duration);
  /* Translators: "Downgraded test: 4e2c8a9 → 2c0a6e7 · 7 operations · 4.3 s" */
  return g_strdup_printf (_("Downgraded %s: %s → %s · %s · %s"), alias, from, to, ops, duration);
}

/* ------------------------------------------------------------ dry run */

char *
lim_run_dup_dry_run_overview (LimRun *self)
{
  LimTimeline *timeline;
  const LimPlan *plan;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  g_return_val_if_fail (LIM_IS_RUN (self), NULL);

  plan = lim_run_get_plan (self);
  if (plan == NULL)
    return NULL;

  timeline = lim_workspace_get_timeline (self->workspace);
  from = lim_run_describe_revision (timeline, plan->from);
  to = lim_run_describe_revision (timeline, plan->to);
  /* Translators: tenant alias, then from and to revisions */
  g_string_append_printf (body, _("%s: %s → %s"), lim_tenant_get_alias (self->tenant), from, to);
  g_string_append (body, "\n");
  g_string_append_printf (body,
                          g_dngettext (GETTEXT_PACKAGE, "%u revision, ", "%u revisions, ", plan->revisions->len),
                          plan->revisions->len);
  g_string_append_printf (body,
                          g_dngettext (GETTEXT_PACKAGE, "%u operation (%u destructive)",
                                       "%u operations (%u destructive)", plan->n_operations),
                          plan->n_operations, plan->n_destructive);

  return g_string_free (g_steal_pointer (&body), FALSE);
}

char *
lim_run_dup_dry_run_report (LimRun *self)
{
  const LimPlan *plan;
  GPtrArray *problems;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *overview = NULL;

  g_return_val_if_fail (LIM_IS_RUN (self), NULL);

  plan = lim_run_get_plan (self);
  if (plan == NULL)
    return NULL;

  problems = lim_runner_get_problems (self->runner);
  overview = lim_run_dup_dry_run_overview (self);
  g_string_append_printf (body, "%s\n", overview);
  /* The total ("The dry run found 400 problems."), or why it failed. */
  if (self->state == LIM_RUN_STATE_FAILED && self->error_text != NULL)
    g_string_append_printf (body, "%s\n", self->error_text);
  for (guint r = 1; problems != NULL && problems->len > 0 && r <= plan->revisions->len; r++)
    {
      g_autofree char *heading = NULL;

      if (lim_run_count_problems (self, r) == 0)
        continue;
      heading = lim_run_dup_problems_heading (self, r);
      g_string_append_printf (body, "\n%s\n", heading);
      for (guint i = 0; i < problems->len; i++)
        if (lim_runner_get_problem_revision (self->runner, i) == r)
          g_string_append_printf (body, "• %s\n", (const char *) g_ptr_array_index (problems, i));
    }
  g_string_append (body, "\n");
  g_string_append (body, _("Nothing was written to the tenant."));

  return g_string_free (g_steal_pointer (&body), FALSE);
}

guint
lim_run_get_n_problems (LimRun *self)
{
  GPtrArray *problems;

  g_return_val_if_fail (LIM_IS_RUN (self), 0);
  problems = self->runner != NULL ? lim_runner_get_problems (self->runner) : NULL;
  return problems != NULL ? problems->len : 0;
}

const char *
lim_run_get_problem (LimRun *self,
                     guint   index,
                     guint  *revision_index)
{
  g_return_val_if_fail (LIM_IS_RUN (self), NULL);
  g_return_val_if_fail (index < lim_run_get_n_problems (self), NULL);

  if (revision_index != NULL)
    *revision_index = lim_runner_get_problem_revision (self->runner, index);
  return g_ptr_array_index (lim_runner_get_problems (self->runner), index);
}

const char *
lim_run_get_problem_detail (LimRun *self,
                            guint   index)
{
  g_return_val_if_fail (LIM_IS_RUN (self), NULL);
  g_return_val_if_fail (index < lim_run_get_n_problems (self), NULL);

  return lim_runner_get_problem_detail (self->runner, index);
}

guint
lim_run_count_problems (LimRun *self,
                        guint   revision_index)
{
  guint n = 0;

  g_return_val_if_fail (LIM_IS_RUN (self), 0);
  for (guint i = 0; i < lim_run_get_n_problems (self); i++)
    if (lim_runner_get_problem_revision (self->runner, i) == revision_index)
      n++;
  return n;
}

char *
lim_run_dup_problems_heading (LimRun *self,
                              guint   revision_index)
{
  const LimPlan *plan;
  LimRevision *rev;
  g_autofree char *describe = NULL;
  guint n;

  g_return_val_if_fail (LIM_IS_RUN (self), NULL);
  plan = lim_run_get_plan (self);
  g_return_val_if_fail (plan != NULL && revision_index >= 1 && revision_index <= plan->revisions->len, NULL);

  rev = g_ptr_array_index (plan->revisions, revision_index - 1);
  describe = lim_run_describe_revision (lim_workspace_get_timeline (self->workspace), lim_revision_get_id (rev));
  n = lim_run_count_problems (self, revision_index);
  /* Translators: a revision ("4e2c8a9 (Add toppings)"), then a number of problems */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s — %u problem", "%s — %u problems", n), describe, n);
}

gboolean
lim_run_get_can_resume (LimRun *self)
{
  g_return_val_if_fail (LIM_IS_RUN (self), FALSE);
  if (self->state == LIM_RUN_STATE_STOPPED)
    return TRUE;
  return self->state == LIM_RUN_STATE_FAILED && !self->hopeless &&
         (self->flags & LIM_RUN_FLAGS_DRY_RUN) == 0;
}

char *
lim_run_dup_journal_path (LimRun *self)
{
  g_return_val_if_fail (LIM_IS_RUN (self), NULL);
  if (self->runner == NULL || (self->flags & LIM_RUN_FLAGS_DRY_RUN) != 0 || !self->started)
    return NULL;
  return lim_runner_get_journal_path (self->runner);
}

/* ------------------------------------------------------------ accessors */

LimRunState
lim_run_get_state (LimRun *self)
{
  g_return_val_if_fail (LIM_IS_RUN (self), LIM_RUN_STATE_PREPARING);
  return self->state;
}

gboolean
lim_run_is_over (LimRun *self)
{
  g_return_val_if_fail (LIM_IS_RUN (self), TRUE);
  return self->state == LIM_RUN_STATE_DONE ||
         self->state == LIM_RUN_STATE_DECLINED ||
         self->state == LIM_RUN_STATE_NOT_RUN;
}

gboolean
lim_run_has_started (LimRun *self)
{
  g_return_val_if_fail (LIM_IS_RUN (self), FALSE);
  return self->started;
}

double
lim_run_get_fraction (LimRun *self)
{
  g_return_val_if_fail (LIM_IS_RUN (self), 0);
  return self->fraction;
}

const char *
lim_run_get_step (LimRun *self)
{
  g_return_val_if_fail (LIM_IS_RUN (self), NULL);
  return self->step;
}

const char *
lim_run_get_heading (LimRun *self)
{
  g_return_val_if_fail (LIM_IS_RUN (self), NULL);
  return self->heading;
}

const char *
lim_run_get_message (LimRun *self)
{
  g_return_val_if_fail (LIM_IS_RUN (self), NULL);
  return self->message;
}

gboolean
lim_run_get_waiting_for_sign_in (LimRun *self)
{
  g_return_val_if_fail (LIM_IS_RUN (self), FALSE);
  return self->waiting_for_sign_in;
}

/* The run was refused before it changed anything: another run holds the
 * tenant's lock. */
gboolean
lim_run_get_refused_by_lock (LimRun *self)
{
  g_return_val_if_fail (LIM_IS_RUN (self), FALSE);
  return self->state == LIM_RUN_STATE_FAILED && self->refused_by_lock;
}

const char *
lim_run_get_error_text (LimRun *self)
{
  g_return_val_if_fail (LIM_IS_RUN (self), NULL);
  return self->error_text;
}

gboolean
lim_run_get_can_cancel (LimRun *self)
{
  g_return_val_if_fail (LIM_IS_RUN (self), FALSE);
  return self->state == LIM_RUN_STATE_RUNNING && self->plan_running &&
         !g_cancellable_is_cancelled (self->cancellable);
}

LimWorkspace *
lim_run_get_workspace (LimRun *self)
{
  g_return_val_if_fail (LIM_IS_RUN (self), NULL);
  return self->workspace;
}

LimTenant *
lim_run_get_tenant (LimRun *self)
{
  g_return_val_if_fail (LIM_IS_RUN (self), NULL);
  return self->tenant;
}

LimDirection
lim_run_get_direction (LimRun *self)
{
  g_return_val_if_fail (LIM_IS_RUN (self), LIM_DIRECTION_UP);
  return self->direction;
}

LimRunFlags
lim_run_get_flags (LimRun *self)
{
  g_return_val_if_fail (LIM_IS_RUN (self), LIM_RUN_FLAGS_NONE);
  return self->flags;
}

LimRunner *
lim_run_get_runner (LimRun *self)
{
  g_return_val_if_fail (LIM_IS_RUN (self), NULL);
  return self->runner;
}

const LimPlan *
lim_run_get_plan (LimRun *self)
{
  g_return_val_if_fail (LIM_IS_RUN (self), NULL);
  return self->runner != NULL ? lim_runner_get_plan (self->runner) : NULL;
}

const char *
lim_run_get_target (LimRun *self)
{
  g_return_val_if_fail (LIM_IS_RUN (self), NULL);
  return self->target;
}

guint
lim_run_get_n_requests (LimRun *self)
{
  g_return_val_if_fail (LIM_IS_RUN (self), 0);
  return self->n_requests;
}

const char *
lim_run_operation_state_name (LimOpRunState state)
{
  if ((guint) state >= G_N_ELEMENTS (state_names))
    return "pending";

  return state_names[state];
}

char **
lim_run_dup_operation_states (LimRun *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (LIM_IS_RUN (self), NULL);

  for (guint r = 0; r < self->op_states->len; r++)
    {
      GArray *states = g_ptr_array_index (self->op_states, r);

      for (guint o = 0; o < states->len; o++)
        {
          g_strv_builder_add (builder, lim_run_operation_state_name (g_array_index (states, LimOpRunState, o)));
        }
    }

  return g_strv_builder_end (builder);
}

/* ------------------------------------------------------------ class */

LimRun *
lim_run_new (LimWorkspace *workspace,
             LimTenant    *tenant,
             LimDirection  direction,
             const char   *descriptor,
             LimRunFlags   flags)
{
  LimRun *self;

  g_return_val_if_fail (LIM_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (tenant != NULL, NULL);

  self = g_object_new (LIM_TYPE_RUN, NULL);
  self->workspace = g_object_ref (workspace);
  self->tenant = lim_tenant_ref (tenant);
  self->direction = direction;
  self->descriptor = g_strdup (descriptor);
  self->flags = flags;

  return self;
}

static void
lim_run_dispose (GObject *object)
{
  LimRun *self = LIM_RUN (object);

  g_cancellable_cancel (self->cancellable);
  if (self->runner != NULL && self->question_pending)
    {
      /* Nobody is left to answer. */
      self->question_pending = FALSE;
      lim_runner_answer (self->runner, FALSE);
    }
  if (self->runner != NULL)
    g_signal_handlers_disconnect_by_data (self->runner, self);
  if (self->client != NULL)
    {
      g_clear_signal_handler (&self->request_id, self->client);
    }
  g_clear_pointer (&self->message_before_sign_in, g_free);
  g_clear_object (&self->runner);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (lim_run_parent_class)->dispose (object);
}

static void
lim_run_finalize (GObject *object)
{
  LimRun *self = LIM_RUN (object);

  g_clear_object (&self->workspace);
  g_clear_pointer (&self->tenant, lim_tenant_unref);
  g_clear_pointer (&self->descriptor, g_free);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->op_states, g_ptr_array_unref);
  g_clear_pointer (&self->step, g_free);
  g_clear_pointer (&self->heading, g_free);
  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->error_text, g_free);
  g_clear_pointer (&self->target, g_free);
  g_clear_pointer (&self->from, g_free);
  g_clear_pointer (&self->override_reason, g_free);

  G_OBJECT_CLASS (lim_run_parent_class)->finalize (object);
}

static void
lim_run_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  LimRun *self = LIM_RUN (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;

    case PROP_STEP:
      g_value_set_string (value, self->step);
      break;

    case PROP_HEADING:
      g_value_set_string (value, self->heading);
      break;

    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;

    case PROP_ERROR_TEXT:
      g_value_set_string (value, self->error_text);
      break;

    case PROP_CAN_CANCEL:
      g_value_set_boolean (value, lim_run_get_can_cancel (self));
      break;

    case PROP_WAITING_FOR_SIGN_IN:
      g_value_set_boolean (value, self->waiting_for_sign_in);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lim_run_class_init (LimRunClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = lim_run_dispose;
  object_class->finalize = lim_run_finalize;
  object_class->get_property = lim_run_get_property;

  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, LIM_TYPE_RUN_STATE, LIM_RUN_STATE_PREPARING, ro);
  properties[PROP_FRACTION] = g_param_spec_double ("fraction", NULL, NULL, 0, 1, 0, ro);
  properties[PROP_STEP] = g_param_spec_string ("step", NULL, NULL, NULL, ro);
  properties[PROP_HEADING] = g_param_spec_string ("heading", NULL, NULL, NULL, ro);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL, ro);
  properties[PROP_ERROR_TEXT] = g_param_spec_string ("error-text", NULL, NULL, NULL, ro);
  properties[PROP_CAN_CANCEL] = g_param_spec_boolean ("can-cancel", NULL, NULL, FALSE, ro);
  properties[PROP_WAITING_FOR_SIGN_IN] = g_param_spec_boolean ("waiting-for-sign-in", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CONFIRM] =
    g_signal_new ("confirm", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[SIGNAL_QUESTION] =
    g_signal_new ("question", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_STARTED] =
    g_signal_new ("started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[SIGNAL_OPERATION_STATE] =
    g_signal_new ("operation-state", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_INT);
  signals[SIGNAL_REQUEST] =
    g_signal_new ("request", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_UINT, G_TYPE_DOUBLE);
}

static void
lim_run_init (LimRun *self)
{
  self->op_states = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  self->cancellable = g_cancellable_new ();
  self->state = LIM_RUN_STATE_PREPARING;
}
