/* lim-runner.c — the runner (lim-runner.h): running a plan, resuming,
 * recovering an uncertain outcome, moving the marker.  Preparing is in
 * lim-runner-plan.c, stamping in lim-runner-stamp.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "lim-journal-private.h"
#include "lim-json.h"
#include "lim-lock.h"
#include "lim-marker.h"
#include "lim-project.h"
#include "lim-remote.h"
#include "lim-run-record.h"
#include "lim-runner-private.h"
#include "lim-words.h"

G_DEFINE_QUARK (lim-runner-error-quark, lim_runner_error)

G_DEFINE_FINAL_TYPE (LimRunner, lim_runner, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_REVISION_INDEX,
  PROP_N_REVISIONS,
  PROP_OPERATION_INDEX,
  PROP_N_OPERATIONS,
  PROP_REVISION,
  PROP_MESSAGE,
  PROP_FRACTION,
  PROP_RUNNING,
  PROP_WAITING_FOR_SIGN_IN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_REVISION_STARTED,
  SIGNAL_OPERATION_STATE,
  SIGNAL_REVISION_DONE,
  SIGNAL_CONFIRM,
  SIGNAL_RECOVERING,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

const char *
lim_op_run_state_to_string (LimOpRunState state)
{
  switch (state)
    {
    case LIM_OP_RUN_PENDING: return "pending";
    case LIM_OP_RUN_RUNNING: return "running";
    case LIM_OP_RUN_DONE: return "done";
    case LIM_OP_RUN_FAILED: return "failed";
    case LIM_OP_RUN_SKIPPED: return "skipped";
    case LIM_OP_RUN_UNCERTAIN: return "uncertain";
    default: g_assert_not_reached ();
    }
}

void
lim_plan_free (LimPlan *plan)
{
  if (plan == NULL)
    return;
  g_free (plan->from);
  g_free (plan->to);
  g_clear_pointer (&plan->revisions, g_ptr_array_unref);
  g_free (plan);
}

/* ---------------------------------------------------------------- GObject */

static void
lim_runner_finalize (GObject *object)
{
  LimRunner *self = LIM_RUNNER (object);

  g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_object (&self->client);
  g_clear_pointer (&self->timeline, lim_timeline_unref);
  g_free (self->alias);
  g_free (self->journal_dir);
  g_clear_pointer (&self->model, lim_snapshot_unref);
  g_clear_pointer (&self->held_lock, lim_lock_free);
  g_clear_pointer (&self->plan, lim_plan_free);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->problem_revisions, g_array_unref);
  g_clear_pointer (&self->problem_details, g_ptr_array_unref);
  g_clear_pointer (&self->journal, json_object_unref);
  g_free (self->runs_dir);
  g_free (self->descriptor);
  g_clear_pointer (&self->record_tenant, lim_tenant_unref);
  g_free (self->front_end);
  g_free (self->override_reason);
  g_strfreev (self->gates_waiting);
  g_clear_pointer (&self->gate_missing, g_ptr_array_unref);
  g_clear_pointer (&self->record, lim_run_record_free);
  g_free (self->revision);
  g_free (self->message);
  g_assert (self->confirm_task == NULL);

  G_OBJECT_CLASS (lim_runner_parent_class)->finalize (object);
}

static void
lim_runner_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  LimRunner *self = LIM_RUNNER (object);

  switch (prop_id)
    {
    case PROP_REVISION_INDEX: g_value_set_uint (value, self->revision_index); break;
    case PROP_N_REVISIONS: g_value_set_uint (value, self->n_revisions); break;
    case PROP_OPERATION_INDEX: g_value_set_uint (value, self->operation_index); break;
    case PROP_N_OPERATIONS: g_value_set_uint (value, self->n_operations); break;
    case PROP_REVISION: g_value_set_string (value, self->revision); break;
    case PROP_MESSAGE: g_value_set_string (value, self->message); break;
    case PROP_FRACTION: g_value_set_double (value, self->fraction); break;
    case PROP_RUNNING: g_value_set_boolean (value, self->running); break;
    case PROP_WAITING_FOR_SIGN_IN: g_value_set_boolean (value, lim_client_get_signing_in (self->client)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lim_runner_class_init (LimRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lim_runner_finalize;
  object_class->get_property = lim_runner_get_property;

  properties[PROP_REVISION_INDEX] =
    g_param_spec_uint ("revision-index", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_REVISIONS] =
    g_param_spec_uint ("n-revisions", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_OPERATION_INDEX] =
    g_param_spec_uint ("operation-index", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_OPERATIONS] =
    g_param_spec_uint ("n-operations", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_REVISION] =
    g_param_spec_string ("revision", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_WAITING_FOR_SIGN_IN] =
    g_param_spec_boolean ("waiting-for-sign-in", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_REVISION_STARTED] =
    g_signal_new ("revision-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);
  signals[SIGNAL_OPERATION_STATE] =
    g_signal_new ("operation-state", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_INT, G_TYPE_STRING);
  signals[SIGNAL_REVISION_DONE] =
    g_signal_new ("revision-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);
  signals[SIGNAL_CONFIRM] =
    g_signal_new ("confirm", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_RECOVERING] =
    g_signal_new ("recovering", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
lim_runner_init (LimRunner *self)
{
  self->problems = g_ptr_array_new_with_free_func (g_free);
  self->problem_revisions = g_array_new (FALSE, FALSE, sizeof (guint));
  self->problem_details = g_ptr_array_new_with_free_func (g_free);
}

static void
client_signing_in_cb (LimRunner *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAITING_FOR_SIGN_IN]);
}

gboolean
lim_runner_get_waiting_for_sign_in (LimRunner *self)
{
  g_return_val_if_fail (LIM_IS_RUNNER (self), FALSE);
  return lim_client_get_signing_in (self->client);
}

LimRunner *
lim_runner_new (LimClient    *client,
                LimTimeline  *timeline,
                const char   *alias,
                const char   *journal_dir,
                LimApplyFlags apply_flags)
{
  LimRunner *self = g_object_new (LIM_TYPE_RUNNER, NULL);

  self->client = g_object_ref (client);
  g_signal_connect_swapped (client, "notify::signing-in", G_CALLBACK (client_signing_in_cb), self);
  self->timeline = lim_timeline_ref (timeline);
  self->alias = g_strdup (alias);
  self->journal_dir = g_strdup (journal_dir);
  self->apply_flags = apply_flags;
  return self;
}

const LimPlan *
lim_runner_get_plan (LimRunner *self)
{
  return self->plan;
}
LimSnapshot *
lim_runner_get_model (LimRunner *self)
{
  return self->model;
}
const LimLock *
lim_runner_get_held_lock (LimRunner *self)
{
  g_return_val_if_fail (LIM_IS_RUNNER (self), NULL);
  return self->held_lock;
}

GPtrArray *
lim_runner_get_problems (LimRunner *self)
{
  return self->problems;
}

guint
lim_runner_get_problem_revision (LimRunner *self,
                                 guint      index)
{
  g_return_val_if_fail (LIM_IS_RUNNER (self), 0);
  g_return_val_if_fail (index < self->problem_revisions->len, 0);
  return g_array_index (self->problem_revisions, guint, index);
}

const char *
lim_runner_get_problem_detail (LimRunner *self,
                               guint      index)
{
  g_return_val_if_fail (LIM_IS_RUNNER (self), NULL);
  g_return_val_if_fail (index < self->problem_details->len, NULL);
  return g_ptr_array_index (self->problem_details, index);
}

gboolean
lim_runner_get_failed_precheck (LimRunner *self,
                                guint     *revision_index,
                                guint     *operation_index)
{
  g_return_val_if_fail (LIM_IS_RUNNER (self), FALSE);
  if (revision_index)
    *revision_index = self->precheck_revision;
  if (operation_index)
    *operation_index = self->precheck_operation;
  return self->precheck_revision > 0;
}

/* ---------------------------------------------------------------- progress */

static void
set_uint (LimRunner *self,
          guint     *field,
          guint      value,
          guint      prop)
{
  if (*field != value)
    {
      *field = value;
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
    }
}

static void
set_string (LimRunner  *self,
            char      **field,
            const char *value,
            guint       prop)
{
  if (g_strcmp0 (*field, value) != 0)
    {
      g_free (*field);
      *field = g_strdup (value);
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
    }
}

static void
set_running (LimRunner *self,
             gboolean   running)
{
  if (self->running != running)
    {
      self->running = running;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
    }
}

static void
set_fraction (LimRunner *self,
              double     fraction)
{
  fraction = CLAMP (fraction, 0.0, 1.0);
  if (self->fraction != fraction)
    {
      self->fraction = fraction;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
    }
}

/* ---------------------------------------------------------------- journal */

char *
lim_runner_get_journal_path (LimRunner *self)
{
  return lim_journal_dup_path (self->journal_dir, self->alias);
}

static gboolean
journal_save (LimRunner  *self,
              JsonObject *journal,
              GError    **error)
{
  return lim_journal_save (self->journal_dir, self->alias, journal, error);
}

/* The journal's own errors, in the runner's domain; others as they are. */
GError *
_lim_runner_journal_error (GError *error)
{
  GError *mapped;

  if (error->domain != LIM_JOURNAL_ERROR)
    return error;
  mapped = g_error_new_literal (LIM_RUNNER_ERROR, LIM_RUNNER_ERROR_JOURNAL, error->message);
  g_error_free (error);
  return mapped;
}

/* ---------------------------------------------------------------- run */

typedef struct
{
  GCancellable *stop;          /* the caller's: stop between operations */
  guint         rev;           /* index into plan->revisions */
  GPtrArray    *ops;           /* the current revision's operations (borrowed) */
  guint         op;            /* index into ops */
  guint         done_ops;      /* for the fraction */
  GPtrArray    *requests;      /* the current operation's requests */
  guint         req;
  JsonNode     *response;      /* the last answer of the current operation */
  guint         resends;       /* re-sends after a re-read showed "not applied" */
  gboolean      marker_step;   /* sending the marker update */
  JsonObject   *journal;
  JsonObject   *journal_rev;   /* the current revision's entry */
  gboolean      first_resumed; /* the first revision of a resumed run */
  gboolean      refreshed;     /* the snapshot was just re-read for this operation */
  guint         signed_in_at;  /* 1 + the operation before which the session was renewed */
  guint         group;         /* operations the current requests carry (≥ 1, see group_following()) */
  gboolean      no_group;      /* send the current operation alone (its group was refused) */
  LimLock      *lock;          /* ours, while held */
  gboolean      releasing;     /* the marker update being sent also frees the lock */
  GError       *final_error;   /* returned once the lock is released */
} Run;

static void
run_free (gpointer data)
{
  Run *run = data;
  g_clear_object (&run->stop);
  g_clear_pointer (&run->requests, g_ptr_array_unref);
  g_clear_pointer (&run->response, json_node_unref);
  g_clear_pointer (&run->journal, json_object_unref);
  g_clear_pointer (&run->lock, lim_lock_free);
  g_clear_error (&run->final_error);
  g_free (run);
}

static LimRevision *
current_revision (LimRunner *self,
                  Run       *run)
{
  return g_ptr_array_index (self->plan->revisions, run->rev);
}

static GPtrArray *
revision_ops (LimRunner   *self,
              LimRevision *rev)
{
  return self->plan->direction == LIM_DIRECTION_UP ? lim_revision_get_upgrade (rev) : lim_revision_get_downgrade (rev);
}

static void
update_fraction (LimRunner *self,
                 Run       *run)
{
  guint total = self->plan->n_operations + self->plan->revisions->len;
  set_fraction (self, total ? (double) run->done_ops / total : 1.0);
}

static void
op_state (LimRunner    *self,
          Run          *run,
          LimOpRunState state,
          const char   *message)
{
  JsonObject *entry = lim_journal_revision_get_op (run->journal_rev, run->op);
  g_autoptr(GError) error = NULL;

  lim_journal_op_set_state (entry, lim_op_run_state_to_string (state), message);
  if (state != LIM_OP_RUN_RUNNING)
    journal_save (self, run->journal, &error);
  if (error)
    g_warning ("%s", error->message);
  lim_run_record_operation (self->record, lim_revision_get_id (current_revision (self, run)), run->op + 1,
                            lim_op_run_state_to_string (state), message,
                            state == LIM_OP_RUN_RUNNING ? NULL : lim_json_get_string (entry, "status_url"));
  g_signal_emit (self, signals[SIGNAL_OPERATION_STATE], 0, run->rev + 1, run->op + 1, (int) state, message);
}

/* A dry run's (simulated) operation state: the signal and the record. */
static void
dry_op_state (LimRunner    *self,
              guint         revision_index,
              guint         operation_index,
              LimOpRunState state,
              const char   *message)
{
  LimRevision *rev = g_ptr_array_index (self->plan->revisions, revision_index - 1);

  lim_run_record_operation (self->record, lim_revision_get_id (rev), operation_index,
                            lim_op_run_state_to_string (state), message, NULL);
  g_signal_emit (self, signals[SIGNAL_OPERATION_STATE], 0, revision_index, operation_index, (int) state, message);
}

/* The current operation's write (its group's) is about to go out:
 * "sending", flushed. */
static gboolean
mark_sending (LimRunner *self,
              Run       *run,
              GError   **error)
{
  for (guint i = 0; i < MAX (run->group, 1); i++)
    lim_journal_op_set_state (lim_journal_revision_get_op (run->journal_rev, run->op + i), "sending", NULL);
  return journal_save (self, run->journal, error);
}

/* @later does the same kind of change to the same thing as @op (a schema,
 * a dropdown, one field): its effect replaces @op's on the tenant. */
static gboolean
same_target (const LimOperation *op,
             const LimOperation *later)
{
  return op->spec->kind == later->spec->kind &&
         g_strcmp0 (lim_operation_get_subject (op), lim_operation_get_subject (later)) == 0 &&
         g_strcmp0 (op->args[1].s, later->args[1].s) == 0;
}

/* Adds to @names the field warehouse names @op touches: the field it
 * names and, for a rename, the new name. */
static void
add_touched_fields (GHashTable         *names,
                    const LimOperation *op)
{
  switch (op->spec->kind)
    {
    case LIM_OP_CREATE_ENTITY_SCHEMA_FIELD:
      if (lim_props_get_str (op->args[1].props, LIM_FIELD_WAREHOUSE_NAME))
        g_hash_table_add (names, (gpointer) lim_props_get_str (op->args[1].props, LIM_FIELD_WAREHOUSE_NAME));
      break;
    case LIM_OP_UPDATE_ENTITY_SCHEMA_FIELD:
      if (op->args[2].props && lim_props_is_set (op->args[2].props, LIM_FIELD_WAREHOUSE_NAME) &&
          lim_props_get_str (op->args[2].props, LIM_FIELD_WAREHOUSE_NAME))
        g_hash_table_add (names, (gpointer) lim_props_get_str (op->args[2].props, LIM_FIELD_WAREHOUSE_NAME));
      G_GNUC_FALLTHROUGH;
    default:
      if (op->args[1].s)
        g_hash_table_add (names, (gpointer) op->args[1].s);
      break;
    }
}

/* Does @op touch a field of @names? */
static gboolean
touches_fields (GHashTable         *names,
                const LimOperation *op)
{
  g_autoptr(GHashTable) own = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer name;

  add_touched_fields (own, op);
  g_hash_table_iter_init (&iter, own);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    if (g_hash_table_contains (names, name))
      return TRUE;
  return FALSE;
}

/* A request that rewrites one schema's field list and nothing else: the
 * "fields" of an update are the schema's complete new field set (§7.4.1). */
static gboolean
is_field_list_update (const LimRequest *req)
{
  JsonObject *body;

  if (!req->polls_status || g_strcmp0 (req->method, "POST") != 0 || !g_str_has_suffix (req->path, "/actions/update") ||
      !JSON_NODE_HOLDS_OBJECT (req->body))
    return FALSE;
  body = json_node_get_object (req->body);
  return json_object_get_size (body) == 1 && json_object_has_member (body, "fields");
}

/* Adjacent operations that each rewrite the field list of one schema go
 * out as one update: the last one's field list, built on the tenant as the
 * earlier ones leave it, is the complete new field set and carries them
 * all — one write and one poll instead of one of each per operation.  The
 * group stops at an operation of another schema or kind, at one that
 * changes again what an operation of the group changed (resuming checks
 * each operation's own effect on the tenant), and at one that needs ids
 * only a read gives.  Each operation keeps its journal entry and states;
 * the first one records the Benchling task. */
static void
group_following (LimRunner *self,
                 Run       *run)
{
  const LimOperation *first = g_ptr_array_index (run->ops, run->op);
  const LimRequest *req;
  g_autoptr(LimSnapshot) after = NULL;
  g_autoptr(GHashTable) touched = g_hash_table_new (g_str_hash, g_str_equal);

  run->group = 1;
  if (run->no_group || run->requests->len != 1)
    return;
  req = g_ptr_array_index (run->requests, 0);
  if (!is_field_list_update (req))
    return;
  after = lim_snapshot_copy (self->model);
  if (!lim_apply (first, after, self->apply_flags, NULL))
    return;
  add_touched_fields (touched, first);
  for (guint k = run->op + 1; k < run->ops->len; k++)
    {
      const LimOperation *next = g_ptr_array_index (run->ops, k);
      g_autoptr(GPtrArray) reqs = NULL;
      gboolean repeats = FALSE;
      const LimRequest *r;

      /* Field operations join a group; a reorder stays on its own (the
       * rarer one: every kind keeps a write of its own in the demo
       * history, which the fault matrix faults). */
      if (next->spec->kind == LIM_OP_REORDER_ENTITY_SCHEMA_FIELDS ||
          g_strcmp0 (lim_operation_get_subject (next), lim_operation_get_subject (first)) != 0)
        break;
      /* Any operation on a field the group already touches (renamed to,
       * archived, updated) stays out: resuming checks each operation
       * alone, and a later change to the same field hides an earlier one. */
      repeats = touches_fields (touched, next);
      for (guint m = run->op; m < k && !repeats; m++)
        repeats = same_target (g_ptr_array_index (run->ops, m), next);
      if (repeats || lim_apply_needs_fresh_model (next, after, self->apply_flags))
        break;
      reqs = lim_apply_build_requests (next, after, self->apply_flags, NULL);
      if (reqs == NULL || reqs->len != 1)
        break;
      r = g_ptr_array_index (reqs, 0);
      if (!is_field_list_update (r) || g_strcmp0 (r->path, req->path) != 0 ||
          !lim_apply (next, after, self->apply_flags, NULL))
        break;
      g_ptr_array_unref (run->requests);
      run->requests = g_steal_pointer (&reqs);
      req = r;
      add_touched_fields (touched, next);
      run->group++;
    }
  if (run->group > 1)
    g_debug ("Operations %u-%u of revision %s go out as one update", run->op + 1, run->op + run->group,
             lim_revision_get_id (current_revision (self, run)));
}

/* @state for the operations of the current group, from its @from-th. */
static void
group_state (LimRunner    *self,
             Run          *run,
             guint         from,
             LimOpRunState state,
             const char   *message)
{
  guint op = run->op;

  for (run->op = op + from; run->op < op + MAX (run->group, 1); run->op++)
    op_state (self, run, state, message);
  run->op = op;
}

/* The leading operations of @ops, from @from, whose effect is already on
 * @model: the index of the first one that is not (or cannot be told).
 *
 * An operation whose effect a later one of the prefix replaced (two
 * updates of one schema's constraint) no longer shows on the tenant: it
 * counts as applied when such a later operation does, with every operation
 * between them applied too.  So the prefix is the longest run of
 * operations, ending on one that shows, where each either shows or is
 * replaced by a later one that shows. */
static guint
leading_applied (GPtrArray   *ops,
                 guint        from,
                 LimSnapshot *model)
{
  guint n = ops->len;
  g_autofree gboolean *shows = g_new0 (gboolean, n + 1);

  for (guint k = from; k < n; k++)
    shows[k] = lim_apply_check_state (g_ptr_array_index (ops, k), model) == LIM_APPLY_STATE_APPLIED;
  for (guint end = n; end > from; end--)
    {
      gboolean ok = shows[end - 1];

      for (guint k = from; ok && k + 1 < end; k++)
        {
          gboolean covered = shows[k];

          for (guint m = k + 1; !covered && m < end; m++)
            covered = shows[m] && same_target (g_ptr_array_index (ops, k), g_ptr_array_index (ops, m));
          ok = covered;
        }
      if (ok)
        return end;
    }
  return from;
}

/* Say which leading operations were found applied. */
static void
report_applied (LimRunner  *self,
                const char *revision_id,
                guint       from,
                guint       to)
{
  g_autofree char *message = NULL;

  if (to == from)
    return;
  if (to == from + 1)
    message = g_strdup_printf (_("Step %u of revision %s is already applied on tenant %s (left by an interrupted "
                                 "run): skipping it."), from + 1, revision_id, self->alias);
  else
    message = g_strdup_printf (_("Steps %u–%u of revision %s are already applied on tenant %s (left by an "
                                 "interrupted run): skipping them."), from + 1, to, revision_id, self->alias);
  g_signal_emit (self, signals[SIGNAL_RECOVERING], 0, message);
}

static void
run_return (GTask *task)
{
  LimRunner *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);

  lim_client_set_sign_in_cancellable (self->client, NULL);
  _lim_runner_record_end (self, run->final_error, run->journal ? lim_json_get_string (run->journal, "marker") : NULL);
  set_running (self, FALSE);
  if (run->final_error)
    g_task_return_error (task, g_steal_pointer (&run->final_error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
lock_released (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LimRunner *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* A lock that cannot be released expires: say so with the run's end. */
  if (!lim_lock_release_finish (result, &error))
    {
      g_debug ("%s", error->message);
      if (run->final_error)
        {
          g_autofree char *message = g_strdup_printf ("%s %s", run->final_error->message, error->message);
          g_free (run->final_error->message);
          run->final_error->message = g_steal_pointer (&message);
        }
      else
        set_string (self, &self->message, error->message, PROP_MESSAGE);
    }
  run_return (task);
}

static void
run_stop (GTask      *task,
          const char *state,
          GError     *error)
{
  LimRunner *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) save_error = NULL;

  if (run->journal)
    {
      lim_journal_set_stopped (run->journal, run->journal_rev, state);
      journal_save (self, run->journal, &save_error);
    }
  run->final_error = error;
  if (run->lock)
    {
      g_autoptr(LimLock) lock = g_steal_pointer (&run->lock);
      lim_lock_release_async (self->client, lock, lock_released, g_object_ref (task));
      return;
    }
  run_return (task);
}

static void run_revision (GTask *task);
static void run_operation (GTask *task);
static void lock_renewed (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data);
static void run_request (GTask *task);
static void run_marker (GTask *task);

static gboolean
stop_requested (Run *run)
{
  return run->stop && g_cancellable_is_cancelled (run->stop);
}

/* The single sign-on the current operation waited for was cancelled (by
 * the person, or by Stop): nothing of it went out when @sent is FALSE.
 * @marked: the journal has the operation (group) as being sent.  Stop
 * there, naming tenant and operation; the journal keeps the rest for a
 * resume.  Takes @error. */
static void
stop_for_sign_in (GTask   *task,
                  GError  *error,
                  gboolean marked,
                  gboolean sent)
{
  LimRunner *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autofree char *describe = lim_operation_describe (g_ptr_array_index (run->ops, run->op));
  const char *revision = lim_revision_get_id (current_revision (self, run));
  GError *stop_error;

  if (sent)
    {
      /* Part of the operation went out: a resume checks it on the tenant. */
      group_state (self, run, 0, LIM_OP_RUN_FAILED, error->message);
      stop_error = g_error_new (LIM_RUNNER_ERROR, LIM_RUNNER_ERROR_FAILED,
                                _("Revision %s stopped at step %u (%s) on tenant %s: %s Continue with %s: it "
                                  "checks what that step applied."), revision, run->op + 1, describe, self->alias,
                                error->message, lim_words_resume ());
      run_stop (task, "failed", stop_error);
      g_error_free (error);
      return;
    }
  if (marked)
    group_state (self, run, 0, LIM_OP_RUN_PENDING, NULL);
  if (stop_requested (run))
    {
      stop_error = g_error_new (LIM_RUNNER_ERROR, LIM_RUNNER_ERROR_CANCELLED,
                                _("Stopped before step %u (%s) of revision %s on tenant %s, as asked, while "
                                  "waiting for a sign-in. The journal records what was applied; continue with "
                                  "%s."), run->op + 1, describe, revision, self->alias, lim_words_resume ());
      run_stop (task, "cancelled", stop_error);
    }
  else
    {
      /* Not a Stop, but the person's choice all the same: the run cannot
       * go on without a session (the reason is what the run window shows). */
      stop_error = g_error_new (LIM_RUNNER_ERROR, LIM_RUNNER_ERROR_SIGN_IN_CANCELLED,
                                _("Stopped before step %u (%s) of revision %s: %s Nothing of that step was sent. "
                                  "The journal records what was applied; continue with %s to sign in again."),
                                run->op + 1, describe, revision, error->message, lim_words_resume ());
      run_stop (task, "failed", stop_error);
    }
  g_error_free (error);
}

/* Simulate the rest of the current revision on a copy of the snapshot. */
static gboolean
simulate (LimRunner  *self,
          GPtrArray  *ops,
          guint       from,
          const char *revision_id,
          GPtrArray  *problems,
          GError    **error,
          guint       revision_index)
{
  g_autoptr(LimSnapshot) copy = lim_snapshot_copy (self->model);
  gboolean ok = TRUE;

  for (guint k = from; k < ops->len; k++)
    {
      const LimOperation *op = g_ptr_array_index (ops, k);
      g_autoptr(GError) local_error = NULL;

      if (!lim_apply_validate (op, copy, self->apply_flags, &local_error) ||
          !lim_apply (op, copy, self->apply_flags, &local_error))
        {
          ok = FALSE;
          if (problems == NULL)
            {
              self->precheck_revision = revision_index;
              self->precheck_operation = k + 1;
              g_set_error (error, LIM_RUNNER_ERROR, LIM_RUNNER_ERROR_INVALID,
                           _(
                             "Revision %s would fail at step %u, so this run sent nothing for it. %s"), revision_id, k + 1,
                           local_error->message);
              return FALSE;
            }
          g_ptr_array_add (problems, g_strdup_printf (_("Revision %s, step %u: %s"), revision_id, k + 1,
                                                      local_error->message));
          g_ptr_array_add (self->problem_details, g_strdup_printf (_("Step %u: %s"), k + 1, local_error->message));
          g_array_append_val (self->problem_revisions, revision_index);
          dry_op_state (self, revision_index, k + 1, LIM_OP_RUN_FAILED, local_error->message);
          continue;
        }
      /* A dry run reports each operation it would apply. */
      if (problems != NULL)
        dry_op_state (self, revision_index, k + 1, LIM_OP_RUN_DONE, NULL);
    }
  if (problems == NULL || ok)
    {
      g_autoptr(GError) marker_error = NULL;
      if (!lim_marker_apply (copy, revision_id, self->apply_flags, &marker_error) && problems)
        {
          g_ptr_array_add (problems, g_strdup_printf ("%s: revision marker: %s", revision_id, marker_error->message));
          g_ptr_array_add (self->problem_details, g_strdup_printf (_("Revision marker: %s"), marker_error->message));
          g_array_append_val (self->problem_revisions, revision_index);
        }
    }
  /* A dry run goes on from the simulated state. */
  if (problems != NULL)
    {
      lim_snapshot_unref (self->model);
      self->model = g_steal_pointer (&copy);
    }
  return ok;
}

static void
run_dry (GTask *task)
{
  LimRunner *self = g_task_get_source_object (task);
  g_autoptr(LimSnapshot) original = lim_snapshot_ref (self->model);

  g_ptr_array_set_size (self->problems, 0);
  g_array_set_size (self->problem_revisions, 0);
  g_ptr_array_set_size (self->problem_details, 0);
  for (guint i = 0; i < self->plan->revisions->len; i++)
    {
      LimRevision *rev = g_ptr_array_index (self->plan->revisions, i);
      GPtrArray *ops = revision_ops (self, rev);
      const char *marker_target = self->plan->direction == LIM_DIRECTION_UP
                                    ? lim_revision_get_id (rev)
                                    : (i + 1 < self->plan->revisions->len
                                         ? lim_revision_get_id (g_ptr_array_index (self->plan->revisions, i + 1))
                                         : self->plan->to);

      guint start = 0;
      guint problems_before;

      g_signal_emit (self, signals[SIGNAL_REVISION_STARTED], 0, i + 1, lim_revision_get_id (rev));
      /* As a real run: the first revision's leading operations already
       * applied are skipped. */
      if (i == 0)
        {
          start = leading_applied (ops, 0, self->model);
          report_applied (self, lim_revision_get_id (rev), 0, start);
          for (guint k = 0; k < start; k++)
            dry_op_state (self, i + 1, k + 1, LIM_OP_RUN_SKIPPED, NULL);
        }
      problems_before = self->problems->len;
      simulate (self, ops, start, marker_target, self->problems, NULL, i + 1);
      if (self->problems->len == problems_before)
        lim_run_record_revision (self->record, lim_revision_get_id (rev));
      g_signal_emit (self, signals[SIGNAL_REVISION_DONE], 0, i + 1, lim_revision_get_id (rev));
    }
  /* The dry run leaves the snapshot as the tenant really is. */
  lim_snapshot_unref (self->model);
  self->model = g_steal_pointer (&original);
  lim_client_set_sign_in_cancellable (self->client, NULL);
  set_running (self, FALSE);
  if (self->problems->len > 0)
    {
      GError *error = g_error_new (LIM_RUNNER_ERROR, LIM_RUNNER_ERROR_INVALID,
                                   g_dngettext (GETTEXT_PACKAGE, "The dry run found %u problem.",
                                                "The dry run found %u problems.", self->problems->len),
                                   self->problems->len);
      _lim_runner_record_end (self, error, self->plan->from);
      g_task_return_error (task, error);
    }
  else
    {
      _lim_runner_record_end (self, NULL, self->plan->from);
      g_task_return_boolean (task, TRUE);
    }
}

/* The marker a revision leaves: its own id going up; going down, the
 * revision below it. */
static const char *
marker_after (LimRunner *self,
              Run       *run)
{
  LimRevision *rev = current_revision (self, run);

  if (self->plan->direction == LIM_DIRECTION_UP)
    return lim_revision_get_id (rev);
  return lim_revision_get_down_revision (rev);
}

static void
revision_finished (GTask *task)
{
  LimRunner *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  LimRevision *rev = current_revision (self, run);
  g_autoptr(GError) error = NULL;

  /* The marker update freed the lock too (see marker_send()). */
  if (run->releasing)
    {
      g_clear_pointer (&run->lock, lim_lock_free);
      run->releasing = FALSE;
    }
  json_object_set_string_member (run->journal_rev, "state", "done");
  json_object_set_string_member (run->journal, "marker", marker_after (self, run));
  journal_save (self, run->journal, &error);
  lim_run_record_revision (self->record, lim_revision_get_id (rev));
  run->done_ops++;
  update_fraction (self, run);
  g_signal_emit (self, signals[SIGNAL_REVISION_DONE], 0, run->rev + 1, lim_revision_get_id (rev));
  run->rev++;
  run->first_resumed = FALSE;
  run_revision (task);
}

static void
next_operation (GTask *task)
{
  Run *run = g_task_get_task_data (task);

  g_clear_pointer (&run->requests, g_ptr_array_unref);
  g_clear_pointer (&run->response, json_node_unref);
  run->resends = 0;
  run->group = 1;
  run->no_group = FALSE;
  run->op++;
  run->done_ops++;
  update_fraction (g_task_get_source_object (task), run);
  run_operation (task);
}

/* Simulate the revision from @start, then run its operations. */
static void
start_operations (GTask *task,
                  guint  start)
{
  LimRunner *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* The journal is a cache of the tenant, not the authority: a run killed
   * elsewhere (another checkout, no journal here) may have left the first
   * revision half applied.  Skip its leading operations already applied. */
  if (run->rev == 0)
    {
      guint first = leading_applied (run->ops, start, self->model);

      report_applied (self, lim_revision_get_id (current_revision (self, run)), start, first);
      for (run->op = start; run->op < first; run->op++)
        op_state (self, run, LIM_OP_RUN_SKIPPED, NULL);
      start = first;
    }
  if (!simulate (self, run->ops, start, marker_after (self, run), NULL, &error, run->rev + 1))
    {
      run->op = start;
      /* Refused at a revision boundary: nothing of this revision went out
       * and the tenant stands at a revision, so there is nothing to resume
       * (retrying cannot help until the file or the tenant changes).  Past
       * leading operations already applied, the revision stays unfinished. */
      run_stop (task, start == 0 ? "refused" : "failed", g_steal_pointer (&error));
      return;
    }
  run->done_ops += start;
  run->op = start;
  run_operation (task);
}

static void resume_scan (GTask *task,
                         guint  from);

/* The tenant read again: FALSE with @error when the read failed, else the
 * read replaces the runner's model. */
gboolean
_lim_runner_take_refreshed (LimRunner    *self,
                            GObject      *source,
                            GAsyncResult *result,
                            GError      **error)
{
  LimSnapshot *fresh = lim_remote_fetch_finish (LIM_CLIENT (source), result, error);

  if (fresh == NULL)
    return FALSE;
  lim_snapshot_unref (self->model);
  self->model = fresh;
  return TRUE;
}

static void
resume_refreshed (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!_lim_runner_take_refreshed (g_task_get_source_object (task), source, result, &error))
    run_stop (task, "uncertain", error);
  else
    resume_scan (task, ((Run *) g_task_get_task_data (task))->op);
}

/* A write that timed out had time to land: read the tenant again. */
static gboolean
resume_grace_over (gpointer user_data)
{
  GTask *task = user_data;
  LimRunner *self = g_task_get_source_object (task);

  lim_remote_fetch_async (self->client, LIM_FETCH_REFRESH, NULL, resume_refreshed, g_object_ref (task));
  return G_SOURCE_REMOVE;
}

/* The earlier run left a Benchling task behind: its status URL says how
 * it ended. */
static void
resume_polled (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LimRunner *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) status = lim_client_poll_finish (LIM_CLIENT (source), result, &error);
  JsonObject *entry = lim_journal_revision_get_op (run->journal_rev, run->op);

  if (g_error_matches (error, LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_TIMEOUT))
    {
      /* Still running: sending the operation again now could apply it
       * twice.  The task stays in the journal for the next resume. */
      LimRevision *rev = current_revision (self, run);
      g_autofree char *describe = lim_operation_describe (g_ptr_array_index (run->ops, run->op));

      op_state (self, run, LIM_OP_RUN_UNCERTAIN, "Benchling is still applying it");
      run_stop (task, "uncertain",
                g_error_new (LIM_RUNNER_ERROR, LIM_RUNNER_ERROR_UNCERTAIN,
                             _("Benchling is still applying step %u of revision %s (%s). Resume again once it has "
                               "finished; nothing was sent twice."),
                             run->op + 1, lim_revision_get_id (rev), describe));
      return;
    }
  json_object_remove_member (entry, "status_url");
  if (status != NULL)
    {
      /* It finished after all: the change is on the tenant. */
      op_state (self, run, LIM_OP_RUN_DONE, NULL);
      run->op++;
      lim_remote_fetch_async (self->client, LIM_FETCH_REFRESH, NULL, resume_refreshed, g_object_ref (task));
      return;
    }
  if (g_error_matches (error, LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_TASK_FAILED))
    {
      /* It failed: nothing was applied; run the operation again. */
      json_object_set_string_member (entry, "state", "pending");
      start_operations (task, run->op);
      return;
    }
  /* The task is unknown: fall back on the tenant. */
  json_object_set_boolean_member (entry, "status_checked", TRUE);
  resume_scan (task, run->op);
}

/* Resuming: skip what is known to be applied; an operation whose outcome
 * is unknown is checked, with the Benchling task it left when there is one,
 * else against the fresh snapshot. */
static void
resume_scan (GTask *task,
             guint  from)
{
  LimRunner *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  LimRevision *rev = current_revision (self, run);
  guint start;

  for (start = from; start < run->ops->len; start++)
    {
      JsonObject *entry = lim_journal_revision_get_op (run->journal_rev, start);
      const char *state = lim_json_get_string (entry, "state");
      const char *status_url = lim_json_get_string (entry, "status_url");
      const LimOperation *op = g_ptr_array_index (run->ops, start);
      gint64 until;

      if (g_strcmp0 (state, "done") == 0 || g_strcmp0 (state, "skipped") == 0)
        continue;
      if (lim_journal_op_take_uncertain (entry, &until))
        {
          gint64 wait_ms = until - g_get_real_time () / 1000;

          if (wait_ms > 0)
            {
              g_autofree char *message = g_strdup_printf (_("Waiting %.0f s: step %u timed out and may still "
                                                            "land at Benchling"), wait_ms / 1000.0, start + 1);
              GSource *source = g_timeout_source_new ((guint) MIN (wait_ms, 10 * 60 * 1000));

              g_signal_emit (self, signals[SIGNAL_RECOVERING], 0, message);
              run->op = start;
              g_source_set_callback (source, resume_grace_over, g_object_ref (task), g_object_unref);
              g_source_attach (source, g_task_get_context (task));
              g_source_unref (source);
              return;
            }
        }
      if (status_url && !json_object_get_boolean_member_with_default (entry, "status_checked", FALSE))
        {
          run->op = start;
          lim_client_poll_async (self->client, status_url, NULL, resume_polled, g_object_ref (task));
          return;
        }
      if (g_strcmp0 (state, "pending") != 0 || self->journal == NULL)
        {
          LimApplyState applied = lim_apply_check_state (op, self->model);
          if (applied == LIM_APPLY_STATE_APPLIED)
            {
              run->op = start;
              op_state (self, run, LIM_OP_RUN_SKIPPED, NULL);
              continue;
            }
          if (applied == LIM_APPLY_STATE_UNKNOWN)
            {
              g_autofree char *describe = lim_operation_describe (op);
              run->op = start;
              op_state (self, run, LIM_OP_RUN_UNCERTAIN, "cannot tell whether it was applied");
              run_stop (task, "uncertain",
                        g_error_new (LIM_RUNNER_ERROR, LIM_RUNNER_ERROR_UNCERTAIN,
                                     _("Cannot tell whether step %u of revision %s (%s) was applied: the tenant is "
                                       "in neither the state before nor the state after it. Check it by hand."),
                                     start + 1, lim_revision_get_id (rev), describe));
              return;
            }
        }
      break;
    }
  start_operations (task, start);
}

static void
run_revision (GTask *task)
{
  LimRunner *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  LimRevision *rev;

  if (run->rev >= self->plan->revisions->len)
    {
      run_stop (task, "complete", NULL);
      return;
    }
  if (stop_requested (run))
    {
      run_stop (task, "cancelled", g_error_new (LIM_RUNNER_ERROR, LIM_RUNNER_ERROR_CANCELLED,
                                                _("Stopped before revision %s, as asked. Tenant %s is at %s."),
                                                lim_revision_get_id (current_revision (self, run)), self->alias,
                                                lim_json_get_string (run->journal, "marker")));
      return;
    }

  rev = current_revision (self, run);
  run->ops = revision_ops (self, rev);
  run->marker_step = FALSE;
  run->journal_rev = lim_journal_get_revision (run->journal, run->rev);
  json_object_set_string_member (run->journal_rev, "state", "running");

  set_uint (self, &self->revision_index, run->rev + 1, PROP_REVISION_INDEX);
  set_uint (self, &self->n_operations, run->ops->len, PROP_N_OPERATIONS);
  set_string (self, &self->revision, lim_revision_get_id (rev), PROP_REVISION);
  g_signal_emit (self, signals[SIGNAL_REVISION_STARTED], 0, run->rev + 1, lim_revision_get_id (rev));

  if (run->first_resumed)
    resume_scan (task, 0);
  else
    start_operations (task, 0);
}

static void
refreshed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LimRunner *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  GError *error = NULL;

  if (!_lim_runner_take_refreshed (self, source, result, &error))
    {
      if (g_error_matches (error, LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_SIGN_IN_CANCELLED))
        {
          stop_for_sign_in (task, error, FALSE, FALSE);
          return;
        }
      op_state (self, run, LIM_OP_RUN_FAILED, error->message);
      if (g_error_matches (error, LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_SIGN_IN_NEEDED))
        {
          /* Nothing of the operation went out: say which one waits. */
          g_autofree char *describe = lim_operation_describe (g_ptr_array_index (run->ops, run->op));
          GError *wrapped = g_error_new (LIM_RUNNER_ERROR, LIM_RUNNER_ERROR_FAILED,
                                         _("Revision %s stopped before step %u (%s): %s"),
                                         lim_revision_get_id (current_revision (self, run)), run->op + 1, describe,
                                         error->message);
          g_error_free (error);
          error = wrapped;
        }
      run_stop (task, "failed", error);
      return;
    }
  run_operation (task);
}

static void
lock_renewed (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!lim_lock_check_finish (result, NULL, &error))
    {
      run_stop (task, "failed", error);
      return;
    }
  run_operation (task);
}

static void
session_renewed (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LimRunner *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!lim_client_renew_session_finish (LIM_CLIENT (source), result, &error))
    {
      if (g_error_matches (error, LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_SIGN_IN_CANCELLED))
        {
          stop_for_sign_in (task, g_steal_pointer (&error), FALSE, FALSE);
          return;
        }
      /* Nothing of this operation went out: the journal has it pending. */
      run_stop (task, "failed", g_error_new (LIM_RUNNER_ERROR, LIM_RUNNER_ERROR_FAILED,
                                             _("Stopped before step %u of revision %s: %s"), run->op + 1,
                                             lim_revision_get_id (current_revision (self, run)), error->message));
      return;
    }
  run_operation (task);
}

static void
run_operation (GTask *task)
{
  LimRunner *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  const LimOperation *op;
  g_autofree char *describe = NULL;
  g_autoptr(GError) error = NULL;

  if (run->op >= run->ops->len)
    {
      run_marker (task);
      return;
    }
  if (run->lock && lim_lock_needs_renewal (run->lock))
    {
      lim_lock_check_async (self->client, run->lock, self->alias, NULL, NULL, lock_renewed, g_object_ref (task));
      return;
    }
  if (stop_requested (run))
    {
      run_stop (task, "cancelled",
                g_error_new (LIM_RUNNER_ERROR, LIM_RUNNER_ERROR_CANCELLED,
                             _("Stopped before step %u of revision %s, as asked. The journal records what was "
                               "applied; continue with %s."),
                             run->op + 1, lim_revision_get_id (current_revision (self, run)), lim_words_resume ()));
      return;
    }
  /* A single sign-on session about to run out: pause at this boundary and
   * sign in again (once per operation) rather than have a write refused. */
  if (run->signed_in_at != run->op + 1 && lim_client_get_can_sign_in (self->client) &&
      lim_client_session_expires_within (self->client, LIM_RUNNER_SESSION_MARGIN_S))
    {
      run->signed_in_at = run->op + 1;
      lim_client_renew_session_async (self->client, run->stop, session_renewed, g_object_ref (task));
      return;
    }

  op = g_ptr_array_index (run->ops, run->op);
  describe = lim_operation_describe (op);
  set_uint (self, &self->operation_index, run->op + 1, PROP_OPERATION_INDEX);
  set_string (self, &self->message, describe, PROP_MESSAGE);

  /* Objects created by earlier operations carry ids Benchling's create
   * answers do not give (the internal field ids an update sends back):
   * read the tag schemas once before the next write may need them (the
   * dropdowns too, should one of their ids still be missing). */
  if (!run->refreshed && lim_apply_needs_fresh_model (op, self->model, self->apply_flags))
    {
      run->refreshed = TRUE;
      lim_remote_refresh_schemas_async (self->client, self->model, NULL, refreshed, g_object_ref (task));
      return;
    }
  run->refreshed = FALSE;
  op_state (self, run, LIM_OP_RUN_RUNNING, NULL);

  g_clear_pointer (&run->requests, g_ptr_array_unref);
  run->requests = lim_apply_build_requests (op, self->model, self->apply_flags, &error);
  if (run->requests == NULL)
    {
      op_state (self, run, LIM_OP_RUN_FAILED, error->message);
      run_stop (task, "failed", g_error_new (LIM_RUNNER_ERROR, LIM_RUNNER_ERROR_FAILED,
                                             _("Revision %s failed at step %u: %s"),
                                             lim_revision_get_id (current_revision (self, run)), run->op + 1,
                                             error->message));
      return;
    }
  group_following (self, run);
  /* Recorded on disk before anything goes out: a run killed from here on
   * leaves an operation that --resume checks against the tenant. */
  if (run->requests->len > 0 && !mark_sending (self, run, &error))
    {
      op_state (self, run, LIM_OP_RUN_FAILED, error->message);
      run_stop (task, "failed", _lim_runner_journal_error (g_steal_pointer (&error)));
      return;
    }
  run->req = 0;
  run_request (task);
}

static void recover (GTask  *task,
                     GError *error);

static void
operation_applied (GTask *task)
{
  LimRunner *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  guint first = run->op;
  g_autoptr(GError) error = NULL;

  /* Each operation of the group in turn; the answer is the last one's. */
  for (;;)
    {
      const LimOperation *op = g_ptr_array_index (run->ops, run->op);

      /* A later operation of the group is said to run once the update
       * that carried it is through, just before it is said to be done. */
      if (run->op != first)
        op_state (self, run, LIM_OP_RUN_RUNNING, NULL);
      if (!lim_apply_with_response (op, self->model, self->apply_flags, run->group > 1 ? NULL : run->response,
                                    &error))
        {
          /* The tenant took it but our snapshot cannot follow: read it again. */
          recover (task, g_steal_pointer (&error));
          return;
        }
      op_state (self, run, run->requests->len == 0 ? LIM_OP_RUN_SKIPPED : LIM_OP_RUN_DONE, NULL);
      if (run->group <= 1)
        break;
      run->group--;
      run->op++;
      run->done_ops++;
    }
  next_operation (task);
}

static void request_done (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data);

static void
send_request (GTask            *task,
              const LimRequest *req)
{
  LimRunner *self = g_task_get_source_object (task);

  Run *run = g_task_get_task_data (task);

  /* The write itself is never cancelled half-way; a status poll is. */
  lim_remote_execute_async (self->client, req, run->stop, request_done, g_object_ref (task));
}

static void
run_request (GTask *task)
{
  Run *run = g_task_get_task_data (task);

  if (run->req >= run->requests->len)
    {
      if (run->marker_step)
        revision_finished (task);
      else
        operation_applied (task);
      return;
    }
  send_request (task, g_ptr_array_index (run->requests, run->req));
}

static void
confirm_answered (GTask   *task,
                  gboolean accept)
{
  LimRunner *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  JsonNode *option = g_object_get_data (G_OBJECT (task), "lim-confirmation");

  if (!accept)
    {
      g_autofree char *question = lim_remote_describe_confirmation (option);
      op_state (self, run, LIM_OP_RUN_FAILED, "confirmation refused");
      run_stop (task, "failed", g_error_new (LIM_RUNNER_ERROR, LIM_RUNNER_ERROR_CONFIRMATION,
                                             _("Step %u of revision %s was not applied: %s The change was refused."),
                                             run->op + 1, lim_revision_get_id (current_revision (self, run)),
                                             question));
      return;
    }
  {
    LimRequest *original = g_ptr_array_index (run->requests, run->req);
    /* Replace the request with its confirmed form and send it. */
    g_ptr_array_index (run->requests, run->req) = lim_request_confirmation (original, option);
    lim_request_free (original);
  }
  send_request (task, g_ptr_array_index (run->requests, run->req));
}

void
lim_runner_answer (LimRunner *self,
                   gboolean   accept)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->confirm_task);

  g_return_if_fail (task != NULL);
  confirm_answered (task, accept);
}

static gboolean
is_uncertain (const GError *error)
{
  return error->domain == LIM_CLIENT_ERROR &&
         (error->code == LIM_CLIENT_ERROR_UNCERTAIN || error->code == LIM_CLIENT_ERROR_TIMEOUT ||
          error->code == LIM_CLIENT_ERROR_NETWORK);
}

static void
request_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LimRunner *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  GError *error = NULL;
  JsonNode *confirmation = NULL;
  JsonNode *node = lim_remote_execute_finish (LIM_CLIENT (source), result, &confirmation, &error);

  if (node)
    {
      g_clear_pointer (&run->response, json_node_unref);
      run->response = node;
      run->req++;
      run_request (task);
      return;
    }

  if (g_error_matches (error, LIM_REMOTE_ERROR, LIM_REMOTE_ERROR_NEEDS_CONFIRMATION))
    {
      g_object_set_data_full (G_OBJECT (task), "lim-confirmation", confirmation, (GDestroyNotify) json_node_unref);
      if (self->flags & LIM_RUN_FLAGS_YES)
        {
          g_error_free (error);
          confirm_answered (task, TRUE);
          return;
        }
      if (g_signal_has_handler_pending (self, signals[SIGNAL_CONFIRM], 0, FALSE))
        {
          self->confirm_task = g_object_ref (task);
          g_signal_emit (self, signals[SIGNAL_CONFIRM], 0, error->message);
          g_error_free (error);
          return;
        }
      op_state (self, run, LIM_OP_RUN_FAILED, "needs confirmation");
      run_stop (task, "failed",
                g_error_new (LIM_RUNNER_ERROR, LIM_RUNNER_ERROR_CONFIRMATION,
                             _("Step %u of revision %s needs confirmation: %s Nothing was changed. Run again with "
                               "--yes to confirm."),
                             run->op + 1, lim_revision_get_id (current_revision (self, run)), error->message));
      g_error_free (error);
      return;
    }
  if (confirmation)
    json_node_unref (confirmation);

  {
    const char *status_url = lim_remote_execute_get_status_url (result);
    if (status_url && !run->marker_step)
      json_object_set_string_member (lim_journal_revision_get_op (run->journal_rev, run->op), "status_url", status_url);
  }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Cancelled while waiting for Benchling's task: it may still finish. */
      if (!run->marker_step)
        group_state (self, run, 0, LIM_OP_RUN_UNCERTAIN, "abandoned while Benchling was still applying it");
      run_stop (task, "cancelled",
                g_error_new (LIM_RUNNER_ERROR, LIM_RUNNER_ERROR_CANCELLED,
                             _("Stopped at step %u of revision %s, as asked, while Benchling was still applying "
                               "it. Continue with %s: it checks whether that step took effect."),
                             run->op + 1, lim_revision_get_id (current_revision (self, run)), lim_words_resume ()));
      g_error_free (error);
      return;
    }
  if (is_uncertain (error))
    {
      recover (task, error);
      return;
    }
  if (!run->marker_step && g_error_matches (error, LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_SIGN_IN_CANCELLED))
    {
      /* The request waited for the sign-in: it was not sent. */
      stop_for_sign_in (task, error, TRUE, run->req > 0);
      return;
    }

  if (!run->marker_step && run->group > 1 && g_error_matches (error, LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_HTTP))
    {
      /* Benchling refused the group's update at once (a 4xx answer; 5xx is
       * uncertain): nothing of it was applied.  A task that failed is not
       * taken as "nothing applied" (§7.5 does not say so, and a poll answer
       * without a status counts as failed): that stops the run, and a
       * resume checks each operation against the tenant.
       * Send its operations one at a time, so that the one it refuses is
       * named and the ones before it are applied, as without groups. */
      g_debug ("A group of %u operations was refused (%s): sending them one at a time", run->group, error->message);
      g_error_free (error);
      json_object_remove_member (lim_journal_revision_get_op (run->journal_rev, run->op), "status_url");
      for (guint i = 1; i < run->group; i++)
        lim_journal_op_set_state (lim_journal_revision_get_op (run->journal_rev, run->op + i), "pending", NULL);
      run->no_group = TRUE;
      run->group = 1;
      run_operation (task);
      return;
    }
  if (run->marker_step)
    run_stop (task, "failed", g_error_new (LIM_RUNNER_ERROR, LIM_RUNNER_ERROR_FAILED,
                                           _("Revision %s was applied but its marker could not be set: %s"),
                                           lim_revision_get_id (current_revision (self, run)), error->message));
  else
    {
      g_autofree char *describe = lim_operation_describe (g_ptr_array_index (run->ops, run->op));
      /* (A group fails as one: resume checks each of its operations.) */
      group_state (self, run, 0, LIM_OP_RUN_FAILED, error->message);
      run_stop (task, "failed", g_error_new (LIM_RUNNER_ERROR, LIM_RUNNER_ERROR_FAILED,
                                             _("Revision %s failed at step %u (%s): %s"),
                                             lim_revision_get_id (current_revision (self, run)), run->op + 1,
                                             describe, error->message));
      /* The tenant refused it: nothing of this operation was applied. */
    }
  g_error_free (error);
}

/* ---------------------------------------------------------------- recovery */

static void
recovered (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LimRunner *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(LimSnapshot) fresh = lim_remote_fetch_finish (LIM_CLIENT (source), result, &error);
  GError *original = g_object_steal_data (G_OBJECT (task), "lim-original-error");
  LimApplyState state;

  if (fresh == NULL)
    {
      g_autofree char *message = g_strdup_printf ("%s; re-reading the tenant failed too: %s", original->message,
                                                  error->message);
      if (!run->marker_step)
        group_state (self, run, 0, LIM_OP_RUN_UNCERTAIN, message);
      run_stop (task, "uncertain",
                g_error_new (LIM_RUNNER_ERROR, LIM_RUNNER_ERROR_UNCERTAIN,
                             _("The outcome of step %u of revision %s is unknown (%s). Continue with %s: it "
                               "checks the tenant before going on."),
                             run->op + 1, lim_revision_get_id (current_revision (self, run)), message,
                             lim_words_resume ()));
      g_error_free (original);
      return;
    }

  lim_snapshot_unref (self->model);
  self->model = lim_snapshot_ref (fresh);

  if (run->marker_step)
    state = lim_marker_check_state (self->model, marker_after (self, run));
  else
    {
      /* A group's leading operations that the tenant shows are done. */
      while (run->group > 1 &&
             lim_apply_check_state (g_ptr_array_index (run->ops, run->op), self->model) == LIM_APPLY_STATE_APPLIED)
        {
          op_state (self, run, LIM_OP_RUN_DONE, NULL);
          run->group--;
          run->op++;
          run->done_ops++;
        }
      state = lim_apply_check_state (g_ptr_array_index (run->ops, run->op), self->model);
    }

  if (state == LIM_APPLY_STATE_APPLIED)
    {
      g_error_free (original);
      if (run->marker_step)
        revision_finished (task);
      else
        {
          op_state (self, run, LIM_OP_RUN_DONE, NULL);
          next_operation (task);
        }
      return;
    }
  if (state == LIM_APPLY_STATE_NOT_APPLIED && g_error_matches (original, LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_TIMEOUT))
    {
      /* The request timed out on our side but may still be on its way or
       * running at Benchling: sending it again could apply it twice, or
       * undo what comes after.  Stop; a later --resume waits out a grace
       * period, then checks again. */
      if (!run->marker_step)
        {
          JsonObject *entry = lim_journal_revision_get_op (run->journal_rev, run->op);
          lim_journal_op_set_uncertain (entry, g_get_real_time () / 1000,
                                        2000 * (gint64) lim_client_get_timeout (self->client));
          group_state (self, run, 0, LIM_OP_RUN_UNCERTAIN, original->message);
        }
      run_stop (task, "uncertain",
                g_error_new (LIM_RUNNER_ERROR, LIM_RUNNER_ERROR_UNCERTAIN,
                             _("Step %u of revision %s timed out and is not applied yet, but Benchling may still "
                               "apply it. Wait a minute, then continue with %s: it checks before going on."),
                             run->op + 1, lim_revision_get_id (current_revision (self, run)), lim_words_resume ()));
      g_error_free (original);
      return;
    }
  if (state == LIM_APPLY_STATE_NOT_APPLIED && run->resends < 2)
    {
      /* Not applied: sending it again is not blind any more.  Rebuild the
       * requests from what the tenant now is. */
      g_error_free (original);
      run->resends++;
      if (run->marker_step)
        run_marker (task);
      else
        {
          run->op = run->op;  /* same operation */
          g_clear_pointer (&run->requests, g_ptr_array_unref);
          run_operation (task);
        }
      return;
    }
  if (!run->marker_step)
    group_state (self, run, 0, LIM_OP_RUN_UNCERTAIN, original->message);
  run_stop (task, "uncertain",
            g_error_new (LIM_RUNNER_ERROR, LIM_RUNNER_ERROR_UNCERTAIN,
                         _("Step %u of revision %s: %s; after re-reading the tenant its outcome is still unclear. "
                           "Continue with %s."),
                         run->op + 1, lim_revision_get_id (current_revision (self, run)), original->message,
                         lim_words_resume ()));
  g_error_free (original);
}

static void
recover (GTask  *task,
         GError *error)
{
  LimRunner *self = g_task_get_source_object (task);
  g_autofree char *message = g_strdup_printf (_("Checking the tenant after: %s"), error->message);

  g_signal_emit (self, signals[SIGNAL_RECOVERING], 0, message);
  g_object_set_data_full (G_OBJECT (task), "lim-original-error", error, (GDestroyNotify) g_error_free);
  lim_remote_fetch_async (self->client, LIM_FETCH_REFRESH, NULL, recovered, g_object_ref (task));
}

/* ---------------------------------------------------------------- marker */

static void marker_send (GTask       *task,
                         LimSnapshot *base);

static void
marker_checked (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LimRunner *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(LimSnapshot) fresh = NULL;

  if (!lim_lock_check_finish (result, &fresh, &error))
    {
      run_stop (task, "failed", g_steal_pointer (&error));
      return;
    }
  /* A read of every tag schema with the model's dropdowns (see
   * run_marker()): the model, fresh, knows the ids the next revision's
   * writes need. */
  if (g_object_get_data (G_OBJECT (task), "lim-marker-refresh"))
    {
      g_object_set_data (G_OBJECT (task), "lim-marker-refresh", NULL);
      lim_snapshot_unref (self->model);
      self->model = lim_snapshot_copy (fresh);
    }
  /* Built on the fresh read: liminal_remote also holds the lock field,
   * and a schema update sends every field. */
  marker_send (task, fresh);
}

static void
marker_send (GTask       *task,
             LimSnapshot *base)
{
  LimRunner *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  const char *marker = marker_after (self, run);

  g_autoptr(LimSnapshot) released = NULL;

  g_clear_pointer (&run->requests, g_ptr_array_unref);
  set_string (self, &self->message, _("Moving the revision marker"), PROP_MESSAGE);
  /* The run's last marker move frees the lock in the same update (both
   * are fields of liminal_remote, and an update sends every field): no
   * separate release.  Should it fail, the release runs as usual. */
  run->releasing = FALSE;
  if (run->lock && base != self->model && run->rev + 1 == self->plan->revisions->len)
    {
      released = lim_snapshot_copy (base);
      run->releasing = lim_lock_release_in (released, run->lock);
      if (run->releasing)
        base = released;
    }
  /* Any other marker move renews the lease in the same update (the check
   * before it never does: its write would be undone by this one, which
   * sends every field of liminal_remote). */
  else if (run->lock && base != self->model)
    {
      released = lim_snapshot_copy (base);
      if (lim_lock_renew_in (released, run->lock))
        base = released;
    }
  run->requests = lim_marker_build_requests (base, marker, self->apply_flags, &error);
  if (run->requests == NULL || !lim_marker_apply (self->model, marker, self->apply_flags, &error))
    {
      run_stop (task, "failed", g_error_new (LIM_RUNNER_ERROR, LIM_RUNNER_ERROR_FAILED,
                                             _("The revision marker of tenant %s cannot be set to %s: %s"),
                                             self->alias, marker, error->message));
      return;
    }
  run->req = 0;
  run_request (task);
}

/* Before the marker moves: is the lock still ours, the marker where this
 * run left it? */
static void
run_marker (GTask *task)
{
  LimRunner *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  gboolean refresh;

  run->marker_step = TRUE;
  if (stop_requested (run))
    {
      /* Asked during the last operation (or the last group: its later
       * operations are said to run once the update is through). */
      run_stop (task, "cancelled",
                g_error_new (LIM_RUNNER_ERROR, LIM_RUNNER_ERROR_CANCELLED,
                             _("Stopped before moving the marker of revision %s, as asked: its operations are "
                               "applied. Continue with %s."),
                             lim_revision_get_id (current_revision (self, run)), lim_words_resume ()));
      return;
    }
  if (run->lock == NULL)
    {
      marker_send (task, self->model);
      return;
    }
  set_string (self, &self->message, _("Checking the tenant lock"), PROP_MESSAGE);
  /* The check reads every tag schema anyway: when the model lacks ids
   * (objects this revision created), it reads them onto the model, so the
   * next revision need not re-read for them. */
  refresh = lim_snapshot_has_provisional (self->model) && lim_remote_can_refresh_schemas (self->client, self->model);
  g_object_set_data (G_OBJECT (task), "lim-marker-refresh", GINT_TO_POINTER (refresh));
  lim_lock_check_marker_async (self->client, run->lock, self->alias, lim_json_get_string (run->journal, "marker"),
                               refresh ? self->model : NULL, NULL, marker_checked, g_object_ref (task));
}

static void
run_start (GTask *task)
{
  LimRunner *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  run->journal = lim_journal_new (self->alias, self->plan->direction, self->plan->from, self->plan->to,
                                  self->plan->revisions);
  if (self->plan->resuming || (self->flags & LIM_RUN_FLAGS_RESUME))
    {
      lim_journal_carry_over (self->journal, run->journal);
      run->first_resumed = TRUE;
    }
  json_object_set_string_member (run->journal, "marker", self->plan->from);
  if (lim_run_record_get_id (self->record))
    json_object_set_string_member (run->journal, "run", lim_run_record_get_id (self->record));
  if (!journal_save (self, run->journal, &error))
    {
      g_clear_pointer (&run->journal, json_object_unref);
      run_stop (task, "failed", _lim_runner_journal_error (g_steal_pointer (&error)));
      return;
    }
  run_revision (task);
}

static void
lock_taken (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LimRunner *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(LimSnapshot) fresh = NULL;
  GError *error = NULL;
  const char *marker;

  run->lock = lim_lock_take_finish (result, &fresh, &error);
  g_clear_pointer (&self->held_lock, lim_lock_free);
  if (run->lock == NULL)
    {
      if (fresh && g_error_matches (error, LIM_LOCK_ERROR, LIM_LOCK_ERROR_HELD))
        self->held_lock = lim_lock_from_snapshot (fresh);
      run_stop (task, "failed", error);
      return;
    }
  marker = fresh ? lim_marker_get_revision_id (fresh, NULL) : NULL;
  if (fresh && g_strcmp0 (marker, self->plan->from) != 0)
    {
      run_stop (task, "failed",
                g_error_new (LIM_LOCK_ERROR, LIM_LOCK_ERROR_MARKER_MOVED,
                             _("The revision marker of tenant %s moved from %s to %s since it was read: another "
                               "run changed the tenant. Nothing was changed; run again."),
                             self->alias, self->plan->from, marker ? marker : "none"));
      return;
    }
  run_start (task);
}

/* The plan had nothing to run: the run is complete. */
static void
nothing_to_run (GTask *task)
{
  LimRunner *self = g_task_get_source_object (task);

  lim_client_set_sign_in_cancellable (self->client, NULL);
  set_running (self, FALSE);
  set_fraction (self, 1.0);
  g_task_return_boolean (task, TRUE);
}

/* Up to date, a stale lock freed (or not: nothing depended on it). */
static void
stale_lock_released (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  lim_lock_release_finish (result, NULL);
  nothing_to_run (task);
}

static void
stale_lock_taken (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LimRunner *self = g_task_get_source_object (task);
  g_autoptr(LimLock) lock = lim_lock_take_finish (result, NULL, NULL);

  if (lock == NULL)
    {
      /* Someone else took it meanwhile: theirs now. */
      nothing_to_run (task);
      return;
    }
  lim_lock_release_async (self->client, lock, stale_lock_released, g_object_ref (task));
}

void
lim_runner_run_async (LimRunner          *self,
                      GCancellable       *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, user_data);
  Run *run = g_new0 (Run, 1);

  g_return_if_fail (self->plan != NULL);
  g_return_if_fail (!self->running);

  run->stop = cancellable ? g_object_ref (cancellable) : NULL;
  /* Stop also closes a sign-in the run waits for. */
  lim_client_set_sign_in_cancellable (self->client, cancellable);
  g_task_set_source_tag (task, lim_runner_run_async);
  g_task_set_task_data (task, run, run_free);
  set_running (self, TRUE);
  self->precheck_revision = self->precheck_operation = 0;
  set_uint (self, &self->n_revisions, self->plan->revisions->len, PROP_N_REVISIONS);
  set_fraction (self, 0.0);

  if (self->plan->up_to_date || self->plan->revisions->len == 0)
    {
      g_autoptr(LimLock) held = self->model ? lim_lock_from_snapshot (self->model) : NULL;

      /* Nothing to run; but a lock left by a dead process of this host
       * (a run killed after its last marker move) would still show in
       * `status`: take it over and free it. */
      if (held && lim_lock_is_stale (held) && !self->no_lock && !(self->flags & LIM_RUN_FLAGS_DRY_RUN))
        {
          set_string (self, &self->message, _("Freeing the lock of a run that ended"), PROP_MESSAGE);
          lim_lock_take_async (self->client, self->alias, NULL, LIM_LOCK_LEASE_SECONDS, FALSE, NULL, stale_lock_taken,
                               g_object_ref (task));
          return;
        }
      nothing_to_run (task);
      return;
    }
  _lim_runner_record_begin (self, self->plan->direction == LIM_DIRECTION_UP ? "upgrade" : "downgrade", self->descriptor,
                            self->plan->from, self->plan->to);
  if (self->flags & LIM_RUN_FLAGS_DRY_RUN)
    {
      run_dry (task);
      return;
    }

  if (self->no_lock)
    {
      run_start (task);
      return;
    }
  set_string (self, &self->message, _("Taking the tenant lock"), PROP_MESSAGE);
  lim_lock_take_async (self->client, self->alias,
                       self->plan->direction == LIM_DIRECTION_UP ? "upgrade" : "downgrade", LIM_LOCK_LEASE_SECONDS,
                       (self->flags & LIM_RUN_FLAGS_BREAK_LOCK) != 0, NULL, lock_taken, g_object_ref (task));
}

gboolean
lim_runner_run_finish (LimRunner    *self,
                       GAsyncResult *result,
                       GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---------------------------------------------------------------- settings */

void
lim_runner_set_locking (LimRunner *self,
                        gboolean   locking)
{
  g_return_if_fail (LIM_IS_RUNNER (self));
  self->no_lock = !locking;
}

void
lim_runner_set_break_lock (LimRunner *self,
                           gboolean   break_lock)
{
  g_return_if_fail (LIM_IS_RUNNER (self));
  self->break_lock = break_lock;
}
