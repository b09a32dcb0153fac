/* lim-apply-dropdowns.c — what the dropdown operations do (§4.3): CreateDropdown,
 * UpdateDropdownName, Unarchive/ArchiveDropdown and the option operations;
 * for each, its plan (execute()) and check_state.  Liminal's validate()
 * checks nothing on dropdowns here (ArchiveDropdown's looks at the local
 * models: the caller's job).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lim-apply-private.h"

static gboolean
option_names_equal (const LimSnapshotDropdown *d,
                    GPtrArray                 *names)
{
  if (names == NULL || d->options->len != names->len)
    return d->options->len == (names ? names->len : 0);
  for (guint i = 0; i < names->len; i++)
    if (g_strcmp0 (((LimSnapshotOption *) g_ptr_array_index (d->options, i))->name, g_ptr_array_index (names, i)) != 0)
      return FALSE;
  return TRUE;
}

/* The active options, in order, are @names.  A dropdown archived by a
 * downgrade keeps the options that later revisions' downgrades archived;
 * unarchiving it gives exactly the dropdown the create makes, so a
 * round trip (head → base → head) re-creates it (issue 14; Liminal
 * compares every option, archived ones included, and refuses). */
static gboolean
active_option_names_equal (const LimSnapshotDropdown *d,
                           GPtrArray                 *names)
{
  guint n = 0;

  for (guint i = 0; i < d->options->len; i++)
    {
      const LimSnapshotOption *o = g_ptr_array_index (d->options, i);
      if (o->archived)
        continue;
      if (names == NULL || n >= names->len || g_strcmp0 (o->name, g_ptr_array_index (names, n)) != 0)
        return FALSE;
      n++;
    }
  return n == (names ? names->len : 0);
}

static const char *
option_name (gconstpointer item)
{
  return ((const LimSnapshotOption *) item)->name;
}

/* PLAN_OPTIONS on @d with every option as read, sent with the selector
 * confirmation handshake.  The index of the first option named @name, -1
 * when there is none. */
static gint
plan_options_as_read (Plan                      *plan,
                      const LimSnapshotDropdown *d,
                      const char                *name)
{
  gint found = -1;

  lim_plan_options_begin (plan, d);
  plan->confirm = TRUE;
  for (guint i = 0; i < d->options->len; i++)
    {
      const LimSnapshotOption *o = g_ptr_array_index (d->options, i);
      lim_plan_add_option (plan, o, record_as_read (o));
      if (found < 0 && g_strcmp0 (o->name, name) == 0)
        found = i;
    }
  return found;
}

/* ---------------------------------------------------------------- CreateDropdown */

static gboolean
plan_unarchive_dropdown (const LimOperation *op,
                         LimSnapshot        *model,
                         const char         *name,
                         Plan               *plan,
                         GError            **error)
{
  const LimSnapshotDropdown *d = lim_apply_get_dropdown (op, model, name, error);
  if (d == NULL)
    return FALSE;
  if (!d->archived)
    {
      FAIL_EXEC ("Dropdown %s is already active.", name);
      return FALSE;
    }
  plan->kind = PLAN_UNARCHIVE_DROPDOWN;
  plan->dropdown = d;
  plan->body = lim_apply_ids_body (d->id, FALSE);
  return TRUE;
}

gboolean
lim_apply_plan_create_dropdown (const LimOperation *op,
                                LimSnapshot        *model,
                                LimApplyFlags       flags,
                                Plan               *plan,
                                GError            **error)
{
  const char *name = op->args[0].s;
  GPtrArray *opts = op->args[1].strv;
  const LimSnapshotDropdown *d = lim_snapshot_lookup_dropdown (model, name);

  if (d == NULL)
    {
      JsonObject *body = json_object_new ();
      JsonArray *arr = json_array_new ();
      for (guint i = 0; opts && i < opts->len; i++)
        {
          JsonObject *o = json_object_new ();
          json_object_set_string_member (o, "name", g_ptr_array_index (opts, i));
          json_array_add_object_element (arr, o);
        }
      json_object_set_string_member (body, "name", name);
      json_object_set_array_member (body, "options", arr);
      json_object_set_string_member (body, "registryId", lim_snapshot_get_registry_id (model));
      plan->kind = PLAN_CREATE_DROPDOWN;
      plan->body = body;
      return TRUE;
    }
  if (!d->archived)
    {
      FAIL_EXEC ("Dropdown %s is already active", name);
      return FALSE;
    }
  if (!option_names_equal (d, opts) && !active_option_names_equal (d, opts))
    {
      FAIL_EXEC ("Dropdown %s is different in code versus Benchling.", name);
      return FALSE;
    }
  return plan_unarchive_dropdown (op, model, name, plan, error);
}

LimApplyState
lim_apply_check_create_dropdown (const LimOperation *op,
                                 LimSnapshot        *model)
{
  const LimSnapshotDropdown *d = lim_snapshot_lookup_dropdown (model, op->args[0].s);

  if (d == NULL || d->archived)
    return LIM_APPLY_STATE_NOT_APPLIED;
  return option_names_equal (d, op->args[1].strv) || active_option_names_equal (d, op->args[1].strv)
         ? LIM_APPLY_STATE_APPLIED : LIM_APPLY_STATE_UNKNOWN;
}

/* ---------------------------------------------------------------- UpdateDropdownName */

gboolean
lim_apply_plan_update_dropdown_name (const LimOperation *op,
                                     LimSnapshot        *model,
                                     LimApplyFlags       flags,
                                     Plan               *plan,
                                     GError            **error)
{
  /* Quirk: the "new name exists" check compares a name with summary
   * objects and never fires (§4.3). */
  const LimSnapshotDropdown *d = lim_apply_get_dropdown_summary (op, model, op->args[0].s, error);
  JsonObject *body;
  if (d == NULL)
    return FALSE;
  body = json_object_new ();
  json_object_set_string_member (body, "name", op->args[1].s);
  plan->kind = PLAN_RENAME_DROPDOWN;
  plan->dropdown = d;
  plan->body = body;
  plan->new_name = g_strdup (op->args[1].s);
  return TRUE;
}

LimApplyState
lim_apply_check_update_dropdown_name (const LimOperation *op,
                                      LimSnapshot        *model)
{
  gboolean has_old = lim_snapshot_lookup_dropdown (model, op->args[0].s) != NULL;
  gboolean has_new = lim_snapshot_lookup_dropdown (model, op->args[1].s) != NULL;

  if (g_strcmp0 (op->args[0].s, op->args[1].s) == 0)
    return has_old ? LIM_APPLY_STATE_APPLIED : LIM_APPLY_STATE_UNKNOWN;
  if (has_new && !has_old)
    return LIM_APPLY_STATE_APPLIED;
  if (has_old && !has_new)
    return LIM_APPLY_STATE_NOT_APPLIED;
  return LIM_APPLY_STATE_UNKNOWN;
}

/* ---------------------------------------------------------------- UnarchiveDropdown, ArchiveDropdown */

gboolean
lim_apply_plan_unarchive_dropdown (const LimOperation *op,
                                   LimSnapshot        *model,
                                   LimApplyFlags       flags,
                                   Plan               *plan,
                                   GError            **error)
{
  return plan_unarchive_dropdown (op, model, op->args[0].s, plan, error);
}

gboolean
lim_apply_plan_archive_dropdown (const LimOperation *op,
                                 LimSnapshot        *model,
                                 LimApplyFlags       flags,
                                 Plan               *plan,
                                 GError            **error)
{
  const LimSnapshotDropdown *d = lim_apply_get_dropdown (op, model, op->args[0].s, error);

  if (d == NULL)
    return FALSE;
  if (d->archived)
    {
      FAIL_EXEC ("Dropdown %s is already archived.", op->args[0].s);
      return FALSE;
    }
  plan->kind = PLAN_ARCHIVE_DROPDOWN;
  plan->dropdown = d;
  plan->body = lim_apply_ids_body (d->id, TRUE);
  return TRUE;
}

LimApplyState
lim_apply_check_dropdown_archived (const LimOperation *op,
                                   LimSnapshot        *model)
{
  const LimSnapshotDropdown *d = lim_snapshot_lookup_dropdown (model, op->args[0].s);

  if (d == NULL)
    return LIM_APPLY_STATE_UNKNOWN;
  return state_of (d->archived == (op->spec->kind == LIM_OP_ARCHIVE_DROPDOWN));
}

/* ---------------------------------------------------------------- CreateDropdownOption */

gboolean
lim_apply_plan_create_dropdown_option (const LimOperation *op,
                                       LimSnapshot        *model,
                                       LimApplyFlags       flags,
                                       Plan               *plan,
                                       GError            **error)
{
  const char *option = op->args[1].s;
  const LimSnapshotDropdown *d = lim_apply_get_dropdown (op, model, op->args[0].s, error);
  gint existing = -1;
  guint pos;

  if (d == NULL)
    return FALSE;
  lim_plan_options_begin (plan, d);
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < d->options->len; i++)
      {
        const LimSnapshotOption *o = g_ptr_array_index (d->options, i);
        if (o->archived == (pass == 1))
          lim_plan_add_option (plan, o, record_as_read (o));
      }
  for (guint i = 0; i < plan->options->len && existing < 0; i++)
    {
      PlanOption *po = g_ptr_array_index (plan->options, i);
      if (g_strcmp0 (po->option->name, option) == 0 && po->option->id != NULL)
        existing = i;
    }
  if (existing >= 0)
    {
      PlanOption *po = g_ptr_array_index (plan->options, existing);
      if (!po->option->archived)
        {
          /* Liminal logs "Option O on dropdown N already exists and is
           * active in Benchling. Execution will be skipped." */
          lim_plan_clear (plan);
          plan->kind = PLAN_SKIP;
          return TRUE;
        }
      po->option->archived = FALSE;
      g_clear_pointer (&po->option->archive_purpose, g_free);
      po->record = REC_NULL;
      g_ptr_array_steal_index (plan->options, existing);
      pos = py_insert_pos (op->args[2].has_index, op->args[2].index, plan->options->len);
      g_ptr_array_insert (plan->options, pos, po);
    }
  else
    {
      PlanOption *po = g_new0 (PlanOption, 1);
      po->option = lim_snapshot_option_new (NULL, option, NULL);
      po->record = REC_ABSENT;
      pos = py_insert_pos (op->args[2].has_index, op->args[2].index, plan->options->len);
      g_ptr_array_insert (plan->options, pos, po);
    }
  return TRUE;
}

LimApplyState
lim_apply_check_create_dropdown_option (const LimOperation *op,
                                        LimSnapshot        *model)
{
  const LimSnapshotDropdown *d = lim_snapshot_lookup_dropdown (model, op->args[0].s);
  gboolean active = FALSE;

  if (d == NULL)
    return LIM_APPLY_STATE_UNKNOWN;
  for (guint i = 0; i < d->options->len; i++)
    {
      const LimSnapshotOption *o = g_ptr_array_index (d->options, i);
      active |= !o->archived && g_strcmp0 (o->name, op->args[1].s) == 0;
    }
  return state_of (active);
}

/* ---------------------------------------------------------------- UpdateDropdownOption */

gboolean
lim_apply_plan_update_dropdown_option (const LimOperation *op,
                                       LimSnapshot        *model,
                                       LimApplyFlags       flags,
                                       Plan               *plan,
                                       GError            **error)
{
  const char *old_name = op->args[1].s;
  const char *new_name = op->args[2].s;
  const LimSnapshotDropdown *d = lim_apply_get_dropdown (op, model, op->args[0].s, error);
  PlanOption *po;
  gint pos;

  if (d == NULL)
    return FALSE;
  pos = plan_options_as_read (plan, d, old_name);
  /* Only an option before the renamed one counts as taking the new name. */
  for (guint i = 0; i < (pos < 0 ? d->options->len : (guint) pos); i++)
    {
      const LimSnapshotOption *o = g_ptr_array_index (d->options, i);
      if (g_strcmp0 (o->name, new_name) == 0)
        {
          FAIL_EXEC ("Option %s on dropdown %s already exists and is %s in Benchling.",
                     new_name, op->args[0].s, o->archived ? "archived" : "active");
          return FALSE;
        }
    }
  if (pos < 0)
    {
      FAIL_EXEC ("Option %s on dropdown %s does not exist.", old_name, op->args[0].s);
      return FALSE;
    }
  po = g_ptr_array_index (plan->options, pos);
  g_free (po->option->name);
  po->option->name = g_strdup (new_name);
  return TRUE;
}

LimApplyState
lim_apply_check_update_dropdown_option (const LimOperation *op,
                                        LimSnapshot        *model)
{
  const LimSnapshotDropdown *d = lim_snapshot_lookup_dropdown (model, op->args[0].s);

  if (d == NULL)
    return LIM_APPLY_STATE_UNKNOWN;
  if (lim_snapshot_dropdown_find_option (d, op->args[1].s) && g_strcmp0 (op->args[1].s, op->args[2].s) != 0)
    return LIM_APPLY_STATE_NOT_APPLIED;
  return lim_snapshot_dropdown_find_option (d, op->args[2].s) ? LIM_APPLY_STATE_APPLIED : LIM_APPLY_STATE_UNKNOWN;
}

/* ---------------------------------------------------------------- ArchiveDropdownOption */

gboolean
lim_apply_plan_archive_dropdown_option (const LimOperation *op,
                                        LimSnapshot        *model,
                                        LimApplyFlags       flags,
                                        Plan               *plan,
                                        GError            **error)
{
  const char *option = op->args[1].s;
  const LimSnapshotDropdown *d = lim_apply_get_dropdown (op, model, op->args[0].s, error);
  PlanOption *po;
  gint pos;

  if (d == NULL)
    return FALSE;
  pos = plan_options_as_read (plan, d, option);
  if (pos < 0)
    {
      FAIL_EXEC ("Option %s on dropdown %s does not exist.", option, op->args[0].s);
      return FALSE;
    }
  po = g_ptr_array_index (plan->options, pos);
  if (po->option->archived)
    {
      /* "Option O on dropdown N is already archived. Skipping archiving." */
      lim_plan_clear (plan);
      plan->kind = PLAN_SKIP;
      plan->confirm = FALSE;
      return TRUE;
    }
  po->option->archived = TRUE;
  po->option->archive_purpose = g_strdup (MADE_IN_ERROR);
  po->record = REC_PURPOSE;
  return TRUE;
}

LimApplyState
lim_apply_check_archive_dropdown_option (const LimOperation *op,
                                         LimSnapshot        *model)
{
  const LimSnapshotDropdown *d = lim_snapshot_lookup_dropdown (model, op->args[0].s);
  const LimSnapshotOption *o = d ? lim_snapshot_dropdown_find_option (d, op->args[1].s) : NULL;

  if (o == NULL)
    return LIM_APPLY_STATE_UNKNOWN;
  return state_of (o->archived);
}

/* ---------------------------------------------------------------- ReorderDropdownOptions */

gboolean
lim_apply_plan_reorder_dropdown_options (const LimOperation *op,
                                         LimSnapshot        *model,
                                         LimApplyFlags       flags,
                                         Plan               *plan,
                                         GError            **error)
{
  const LimSnapshotDropdown *d = lim_apply_get_dropdown (op, model, op->args[0].s, error);
  g_autoptr(GArray) idx = NULL;

  if (d == NULL)
    return FALSE;
  idx = lim_apply_reorder (d->options, option_name, op->args[1].strv);
  lim_plan_options_begin (plan, d);
  for (guint i = 0; i < idx->len; i++)
    {
      const LimSnapshotOption *o = g_ptr_array_index (d->options, g_array_index (idx, guint, i));
      lim_plan_add_option (plan, o, record_as_read (o));
    }
  return TRUE;
}

LimApplyState
lim_apply_check_reorder_dropdown_options (const LimOperation *op,
                                          LimSnapshot        *model)
{
  const LimSnapshotDropdown *d = lim_snapshot_lookup_dropdown (model, op->args[0].s);

  if (d == NULL)
    return LIM_APPLY_STATE_UNKNOWN;
  return state_of (lim_apply_reorder_is_noop (d->options, option_name, op->args[1].strv));
}
