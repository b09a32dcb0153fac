/* lim-runner-plan.c — preparing a run: reading the tenant, the plan, an
 * unfinished journal to resume, the promotion gates (lim-gate.h); and the
 * run records the runner keeps (lim-run-record.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "lim-gate.h"
#include "lim-journal-private.h"
#include "lim-json.h"
#include "lim-marker.h"
#include "lim-remote.h"
#include "lim-runner-private.h"
#include "lim-words.h"

/* ---------------------------------------------------------------- prepare */

typedef struct
{
  LimDirection direction;
  char        *descriptor;
} Prepare;

static void
prepare_free (gpointer data)
{
  Prepare *p = data;
  g_free (p->descriptor);
  g_free (p);
}

/* Promotion gates: an upgrade (not a dry run) of a tenant that follows
 * others passes only through revisions they ran, or by override. */
static gboolean
gates_pass (LimRunner *self,
            LimPlan   *plan,
            GError   **error)
{
  g_autoptr(GString) text = NULL;

  g_clear_pointer (&self->gate_missing, g_ptr_array_unref);
  g_clear_pointer (&self->gates_waiting, g_strfreev);
  if (plan->direction != LIM_DIRECTION_UP || (self->flags & LIM_RUN_FLAGS_DRY_RUN) || self->runs_dir == NULL ||
      self->record_tenant == NULL)
    return TRUE;
  self->gate_missing = lim_gate_check (self->runs_dir, self->record_tenant, plan->revisions, &self->gates_waiting,
                                       error);
  if (self->gate_missing == NULL)
    return FALSE;
  if (self->gate_missing->len == 0)
    {
      g_clear_pointer (&self->gate_missing, g_ptr_array_unref);
      return TRUE;
    }
  if (self->override_reason)
    return TRUE;
  text = g_string_new (NULL);
  for (guint i = 0; i < self->gate_missing->len; i++)
    g_string_append_printf (text, "%s%s", i ? "; " : "", (char *) g_ptr_array_index (self->gate_missing, i));
  {
    g_autofree char *waiting = g_strjoinv (", ", self->gates_waiting);
    g_set_error (error, LIM_RUNNER_ERROR, LIM_RUNNER_ERROR_GATED,
                 _("Tenant %s is waiting for %s: %s. Nothing was changed. Upgrade %s first, or override the gate "
                   "with a written reason."),
                 self->alias, waiting, text->str, waiting);
  }
  return FALSE;
}

static gboolean
props_use_units (const LimProps *props)
{
  const char *unit = props ? lim_props_get_str (props, LIM_FIELD_UNIT_NAME) : NULL;

  return unit != NULL && *unit != '\0';
}

/* Does @op name a unit? */
static gboolean
op_uses_units (const LimOperation *op)
{
  for (guint a = 0; a < G_N_ELEMENTS (op->args); a++)
    {
      GPtrArray *fields = op->args[a].fields;

      if (op->args[a].props && op->args[a].props->kind == LIM_PROPS_FIELD && props_use_units (op->args[a].props))
        return TRUE;
      for (guint f = 0; fields && f < fields->len; f++)
        if (props_use_units (g_ptr_array_index (fields, f)))
          return TRUE;
    }
  return FALSE;
}

/* Does an operation of @plan name a unit? */
static gboolean
plan_uses_units (const LimPlan *plan)
{
  for (guint i = 0; i < plan->revisions->len; i++)
    {
      LimRevision *rev = g_ptr_array_index (plan->revisions, i);
      GPtrArray *ops = plan->direction == LIM_DIRECTION_UP ? lim_revision_get_upgrade (rev)
                                                           : lim_revision_get_downgrade (rev);

      for (guint k = 0; k < ops->len; k++)
        if (op_uses_units (g_ptr_array_index (ops, k)))
          return TRUE;
    }
  return FALSE;
}

static void
units_fetched (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LimRunner *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!lim_remote_fetch_units_finish (LIM_CLIENT (source), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, self->plan, NULL);
}

static void
prepare_fetched (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LimRunner *self = g_task_get_source_object (task);
  Prepare *p = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(LimSnapshot) model = lim_remote_fetch_finish (LIM_CLIENT (source), result, &error);
  const char *marker;
  gboolean up_to_date = FALSE;
  LimRevision *target;
  g_autoptr(LimPlan) plan = NULL;

  if (model == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_clear_pointer (&self->model, lim_snapshot_unref);
  self->model = lim_snapshot_ref (model);

  marker = lim_marker_get_revision_id (model, &error);
  if (marker == NULL)
    {
      if (lim_snapshot_lookup_schema (model, LIM_SNAPSHOT_REMOTE_SCHEMA) == NULL)
        {
          g_clear_error (&error);
          g_task_return_new_error (task, LIM_RUNNER_ERROR, LIM_RUNNER_ERROR_NO_MARKER,
                                   _("Tenant %s has no revision marker (no liminal_remote schema). If it already "
                                     "matches a revision of this project, adopt it with “liminal stamp %s "
                                     "REVISION”; for a new, empty tenant, stamp it with the base revision."),
                                   self->alias, self->alias);
        }
      else
        g_task_return_error (task, error);
      return;
    }

  /* Another live run holds the tenant: say so now (rather than, in its
   * project folder, "resume the unfinished run" — its own, still going). */
  g_clear_pointer (&self->held_lock, lim_lock_free);
  if (!(self->flags & LIM_RUN_FLAGS_DRY_RUN) && !self->no_lock)
    {
      g_autoptr(LimLock) held = lim_lock_from_snapshot (model);

      if (held && !lim_lock_is_stale (held) &&
          !((self->flags & LIM_RUN_FLAGS_BREAK_LOCK) &&
            lim_lock_is_expired (held, g_get_real_time () / G_USEC_PER_SEC)))
        {
          g_autofree char *message = lim_lock_describe_held (held, self->alias);

          self->held_lock = g_steal_pointer (&held);
          g_task_return_new_error (task, LIM_LOCK_ERROR, LIM_LOCK_ERROR_HELD, "%s", message);
          return;
        }
    }

  target = lim_timeline_resolve (self->timeline, p->direction, marker, p->descriptor, &up_to_date, &error);
  if (target == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  plan = g_new0 (LimPlan, 1);
  plan->direction = p->direction;
  plan->from = g_strdup (marker);
  plan->to = g_strdup (lim_revision_get_id (target));
  plan->up_to_date = up_to_date;
  if (up_to_date)
    plan->revisions = g_ptr_array_new ();
  else
    {
      LimDirection direction = p->direction;
      plan->revisions = lim_timeline_path (self->timeline, marker, plan->to, &direction, &error);
      if (plan->revisions == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }
  for (guint i = 0; i < plan->revisions->len; i++)
    {
      LimRevision *rev = g_ptr_array_index (plan->revisions, i);
      GPtrArray *ops = p->direction == LIM_DIRECTION_UP ? lim_revision_get_upgrade (rev)
                                                        : lim_revision_get_downgrade (rev);
      plan->n_operations += ops->len;
      for (guint k = 0; k < ops->len; k++)
        if (lim_operation_is_destructive (g_ptr_array_index (ops, k)))
          plan->n_destructive++;
    }

  /* An unfinished run must be resumed, not started over. */
  if (!(self->flags & LIM_RUN_FLAGS_DRY_RUN))
    {
      g_autoptr(JsonObject) journal = lim_journal_load (self->journal_dir, self->alias, &error);
      if (error)
        {
          g_task_return_error (task, _lim_runner_journal_error (error));
          return;
        }
      if (lim_journal_is_open_at (journal, marker))
        {
          const char *to = lim_json_get_string (journal, "to");
          const char *direction = lim_json_get_string (journal, "direction");
          gboolean same = g_strcmp0 (to, plan->to) == 0 &&
                          g_strcmp0 (direction, p->direction == LIM_DIRECTION_UP ? "upgrade" : "downgrade") == 0;

          if (!(self->flags & LIM_RUN_FLAGS_RESUME))
            {
              g_autofree char *path = lim_runner_get_journal_path (self);
              g_task_return_new_error (task, LIM_RUNNER_ERROR, LIM_RUNNER_ERROR_JOURNAL,
                                       _("An earlier %s of tenant %s to %s did not finish (%s). Continue it with "
                                         "%s; the journal %s records what was applied."),
                                       direction, self->alias, to, lim_journal_get_state (journal),
                                       lim_words_resume (), path);
              return;
            }
          if (!same && !up_to_date)
            {
              g_task_return_new_error (task, LIM_RUNNER_ERROR, LIM_RUNNER_ERROR_JOURNAL,
                                       _("The unfinished run of tenant %s was a %s to %s, not a %s to %s: resume "
                                         "it with the same target."),
                                       self->alias, direction, to,
                                       p->direction == LIM_DIRECTION_UP ? "upgrade" : "downgrade", plan->to);
              return;
            }
          g_clear_pointer (&self->journal, json_object_unref);
          self->journal = json_object_ref (journal);
          plan->resuming = TRUE;
        }
    }

  if (!gates_pass (self, plan, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_clear_pointer (&self->plan, lim_plan_free);
  self->plan = g_steal_pointer (&plan);
  /* The tenant's fields use no unit, so none were read: read them now if
   * an operation of the plan names one. */
  if (lim_remote_units_skipped (self->client) && plan_uses_units (self->plan))
    {
      lim_remote_fetch_units_async (self->client, self->model, g_task_get_cancellable (task), units_fetched,
                                    g_object_ref (task));
      return;
    }
  g_task_return_pointer (task, self->plan, NULL);
}

void
lim_runner_prepare_async (LimRunner          *self,
                          LimDirection        direction,
                          const char         *descriptor,
                          LimRunFlags         flags,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Prepare *p = g_new0 (Prepare, 1);

  g_return_if_fail (!self->running);
  p->direction = direction;
  p->descriptor = g_strdup (descriptor);
  self->flags = flags;
  g_free (self->descriptor);
  self->descriptor = g_strdup (descriptor);
  g_task_set_source_tag (task, lim_runner_prepare_async);
  g_task_set_task_data (task, p, prepare_free);
  lim_remote_fetch_async (self->client, LIM_FETCH_FULL | LIM_FETCH_UNITS_WHEN_USED, cancellable, prepare_fetched,
                          g_object_ref (task));
}

const LimPlan *
lim_runner_prepare_finish (LimRunner    *self,
                           GAsyncResult *result,
                           GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---------------------------------------------------------------- run records */

/* How a run that completed with @error (NULL: succeeded) is recorded. */
static const char *
record_outcome (const GError *error)
{
  if (error == NULL)
    return "succeeded";
  if (g_error_matches (error, LIM_RUNNER_ERROR, LIM_RUNNER_ERROR_CANCELLED) ||
      g_error_matches (error, LIM_RUNNER_ERROR, LIM_RUNNER_ERROR_SIGN_IN_CANCELLED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return "cancelled";
  if (g_error_matches (error, LIM_RUNNER_ERROR, LIM_RUNNER_ERROR_UNCERTAIN))
    return "uncertain";
  return "failed";
}

/* A fresh record for the run about to start, when records are kept. */
void
_lim_runner_record_begin (LimRunner  *self,
                          const char *command,
                          const char *descriptor,
                          const char *from,
                          const char *to)
{
  const LimPlan *plan = g_str_equal (command, "stamp") ? NULL : self->plan;
  const char *resumes = plan && plan->resuming ? lim_json_get_string (self->journal, "run") : NULL;

  g_clear_pointer (&self->record, lim_run_record_free);
  if (self->runs_dir == NULL)
    return;
  self->record = lim_run_record_new (self->runs_dir, self->record_tenant, self->client, self->front_end);
  if (self->override_reason && self->gates_waiting && self->gates_waiting[0])
    lim_run_record_set_override (self->record, self->override_reason, (const char *const *) self->gates_waiting);
  lim_run_record_begin (self->record, command, descriptor, plan ? plan->direction : LIM_DIRECTION_UP, from, to,
                        plan ? plan->revisions : NULL, (self->flags & LIM_RUN_FLAGS_DRY_RUN) != 0,
                        (self->flags & LIM_RUN_FLAGS_RESUME) != 0, resumes);
}

void
_lim_runner_record_end (LimRunner    *self,
                        const GError *error,
                        const char   *marker)
{
  lim_run_record_end (self->record, record_outcome (error), error ? error->message : NULL, marker);
}

void
lim_runner_set_records (LimRunner  *self,
                        const char *runs_dir,
                        LimTenant  *tenant,
                        const char *front_end)
{
  g_return_if_fail (LIM_IS_RUNNER (self));
  g_return_if_fail (runs_dir == NULL || tenant != NULL);

  g_free (self->runs_dir);
  self->runs_dir = g_strdup (runs_dir);
  g_clear_pointer (&self->record_tenant, lim_tenant_unref);
  self->record_tenant = tenant ? lim_tenant_ref (tenant) : NULL;
  g_free (self->front_end);
  self->front_end = g_strdup (front_end);
}

void
lim_runner_set_override (LimRunner  *self,
                         const char *reason)
{
  g_return_if_fail (LIM_IS_RUNNER (self));

  g_free (self->override_reason);
  self->override_reason = reason && *reason ? g_strdup (reason) : NULL;
}

GPtrArray *
lim_runner_get_gate_missing (LimRunner *self)
{
  g_return_val_if_fail (LIM_IS_RUNNER (self), NULL);
  return self->gate_missing;
}

const char *const *
lim_runner_get_gate_waiting (LimRunner *self)
{
  g_return_val_if_fail (LIM_IS_RUNNER (self), NULL);
  return (const char *const *) self->gates_waiting;
}

const char *
lim_runner_get_record_path (LimRunner *self)
{
  g_return_val_if_fail (LIM_IS_RUNNER (self), NULL);
  return lim_run_record_get_path (self->record);
}

const char *
lim_runner_get_record_id (LimRunner *self)
{
  g_return_val_if_fail (LIM_IS_RUNNER (self), NULL);
  return lim_run_record_get_id (self->record);
}
