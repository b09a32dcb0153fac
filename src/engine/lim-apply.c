/* lim-apply.c — the 18 operations on a LimSnapshot (§4, §7.3–7.4): the
 * public API, dispatching through one row per operation.
 *
 * Every operation is first turned into a Plan (lim-apply-private.h): the
 * checks Liminal runs in execute() against the remote, and the resulting
 * new state.  Requests and snapshot changes are both derived from the same
 * Plan (lim-apply-plan.c).  What each operation means lives in its
 * family's file: lim-apply-dropdowns.c, lim-apply-schemas.c,
 * lim-apply-fields.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lim-apply-private.h"

G_DEFINE_QUARK (lim-apply-error-quark, lim_apply_error)

/* ---------------------------------------------------------------- one row per operation */

static const LimOpSemantics semantics[LIM_OP_N_KINDS] = {
  /* lim-apply-dropdowns.c */
  { LIM_OP_CREATE_DROPDOWN, lim_apply_plan_create_dropdown, NULL, lim_apply_check_create_dropdown },
  { LIM_OP_UPDATE_DROPDOWN_NAME, lim_apply_plan_update_dropdown_name, NULL, lim_apply_check_update_dropdown_name },
  { LIM_OP_UNARCHIVE_DROPDOWN, lim_apply_plan_unarchive_dropdown, NULL, lim_apply_check_dropdown_archived },
  { LIM_OP_CREATE_DROPDOWN_OPTION, lim_apply_plan_create_dropdown_option, NULL,
    lim_apply_check_create_dropdown_option },
  { LIM_OP_UPDATE_DROPDOWN_OPTION, lim_apply_plan_update_dropdown_option, NULL,
    lim_apply_check_update_dropdown_option },
  { LIM_OP_ARCHIVE_DROPDOWN_OPTION, lim_apply_plan_archive_dropdown_option, NULL,
    lim_apply_check_archive_dropdown_option },
  { LIM_OP_REORDER_DROPDOWN_OPTIONS, lim_apply_plan_reorder_dropdown_options, NULL,
    lim_apply_check_reorder_dropdown_options },
  /* lim-apply-schemas.c */
  { LIM_OP_CREATE_ENTITY_SCHEMA, lim_apply_plan_create_entity_schema, lim_apply_validate_create_entity_schema,
    lim_apply_check_create_entity_schema },
  { LIM_OP_UNARCHIVE_ENTITY_SCHEMA, lim_apply_plan_unarchive_entity_schema, NULL,
    lim_apply_check_entity_schema_archived },
  /* lim-apply-fields.c */
  { LIM_OP_CREATE_ENTITY_SCHEMA_FIELD, lim_apply_plan_create_entity_schema_field,
    lim_apply_validate_create_entity_schema_field, lim_apply_check_entity_schema_field_state },
  /* lim-apply-schemas.c */
  { LIM_OP_UPDATE_ENTITY_SCHEMA_NAME_TEMPLATE, lim_apply_plan_update_entity_schema_name_template, NULL,
    lim_apply_check_update_entity_schema_name_template },
  { LIM_OP_UPDATE_ENTITY_SCHEMA, lim_apply_plan_update_entity_schema, lim_apply_validate_update_entity_schema,
    lim_apply_check_update_entity_schema },
  /* lim-apply-fields.c */
  { LIM_OP_UNARCHIVE_ENTITY_SCHEMA_FIELD, lim_apply_plan_unarchive_entity_schema_field, NULL,
    lim_apply_check_entity_schema_field_state },
  { LIM_OP_UPDATE_ENTITY_SCHEMA_FIELD, lim_apply_plan_update_entity_schema_field,
    lim_apply_validate_update_entity_schema_field, lim_apply_check_update_entity_schema_field },
  { LIM_OP_ARCHIVE_ENTITY_SCHEMA_FIELD, lim_apply_plan_archive_entity_schema_field, NULL,
    lim_apply_check_entity_schema_field_state },
  { LIM_OP_REORDER_ENTITY_SCHEMA_FIELDS, lim_apply_plan_reorder_entity_schema_fields, NULL,
    lim_apply_check_reorder_entity_schema_fields },
  /* lim-apply-schemas.c */
  { LIM_OP_ARCHIVE_ENTITY_SCHEMA, lim_apply_plan_archive_entity_schema, NULL, lim_apply_check_entity_schema_archived },
  /* lim-apply-dropdowns.c: ArchiveDropdown's validate() inspects the local
   * models, which this layer does not have; the caller checks it. */
  { LIM_OP_ARCHIVE_DROPDOWN, lim_apply_plan_archive_dropdown, NULL, lim_apply_check_dropdown_archived },
};

static const LimOpSemantics *
semantics_of (const LimOperation *op)
{
  LimOpKind kind = op->spec->kind;

  g_return_val_if_fail (kind < LIM_OP_N_KINDS && semantics[kind].kind == kind, NULL);
  return &semantics[kind];
}

/* ---------------------------------------------------------------- errors */

void
lim_apply_fail (GError            **error,
                const LimOperation *op,
                int                 code,
                const char         *format,
                ...)
{
  g_autofree char *describe = NULL;
  g_autofree char *text = NULL;
  va_list args;
  gsize len;

  if (error == NULL)
    return;
  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  describe = lim_operation_describe (op);
  len = strlen (describe);
  if (len > 0 && describe[len - 1] == '.')
    describe[len - 1] = '\0';
  g_set_error (error, LIM_APPLY_ERROR, code, "%s: %s", describe, text);
}

void
lim_apply_fail_unknown_unit (GError            **error,
                             const LimOperation *op,
                             const char         *subject,
                             const char         *field,
                             const char         *unit)
{
  FAIL_VALID ("%s %s: On field %s, unit %s not found in Benchling Unit Dictionary as a valid unit. "
              "Please check the field definition or your Unit Dictionary.", op->spec->class_name, subject, field, unit);
}

gboolean
lim_apply_check_custom_wh (GError            **error,
                           const LimOperation *op,
                           LimApplyFlags       flags,
                           const char         *noun,
                           const char         *subject,
                           const char         *wh,
                           const char         *name)
{
  g_autofree char *snake = NULL;

  if (flags & LIM_APPLY_FLAG_CHANGE_WAREHOUSE_NAME)
    return TRUE;
  snake = lim_snake_case (name ? name : "");
  if (g_strcmp0 (wh, snake) == 0)
    return TRUE;
  FAIL_VALID ("%s %s: Tenant config flag SCHEMAS_ENABLE_CHANGE_WAREHOUSE_NAME is required to set a custom %s "
              "warehouse name. Reach out to Benchling support to turn this config flag to True and then set the "
              "flag to True in BenchlingConnection.config_flags. Otherwise, define the %s warehouse_name in "
              "code to be the given Benchling warehouse name: %s.", op->spec->class_name, subject, noun, noun, snake);
  return FALSE;
}

const char *
lim_apply_state_to_string (LimApplyState state)
{
  switch (state)
    {
    case LIM_APPLY_STATE_NOT_APPLIED:
      return "not-applied";
    case LIM_APPLY_STATE_APPLIED:
      return "applied";
    case LIM_APPLY_STATE_UNKNOWN:
      return "unknown";
    default:
      return "invalid";
    }
}

/* ---------------------------------------------------------------- dispatch */

static gboolean
make_plan (const LimOperation *op,
           LimSnapshot        *model,
           LimApplyFlags       flags,
           Plan               *plan,
           GError            **error)
{
  const LimOpSemantics *row = semantics_of (op);

  memset (plan, 0, sizeof *plan);
  if (row == NULL)
    return FALSE;
  return row->plan (op, model, flags, plan, error);
}

gboolean
lim_apply_liminal_validate (const LimOperation *op,
                            LimSnapshot        *model,
                            LimApplyFlags       flags,
                            GError            **error)
{
  const LimOpSemantics *row = semantics_of (op);

  if (row == NULL)
    return FALSE;
  return row->liminal_validate == NULL || row->liminal_validate (op, model, flags, error);
}

gboolean
lim_apply_validate (const LimOperation *op,
                    LimSnapshot        *model,
                    LimApplyFlags       flags,
                    GError            **error)
{
  Plan plan;
  gboolean ok;

  g_return_val_if_fail (op != NULL && model != NULL, FALSE);
  if (!lim_apply_liminal_validate (op, model, flags, error))
    return FALSE;
  ok = make_plan (op, model, flags, &plan, error);
  lim_plan_clear (&plan);
  return ok;
}

GPtrArray *
lim_apply_build_requests (const LimOperation *op,
                          LimSnapshot        *model,
                          LimApplyFlags       flags,
                          GError            **error)
{
  Plan plan;
  GPtrArray *reqs;

  g_return_val_if_fail (op != NULL && model != NULL, NULL);
  if (!make_plan (op, model, flags, &plan, error))
    {
      lim_plan_clear (&plan);
      return NULL;
    }
  reqs = lim_plan_requests (&plan);
  lim_plan_clear (&plan);
  return reqs;
}

/* ---------------------------------------------------------------- freshness */

gboolean
lim_apply_needs_fresh_model (const LimOperation *op,
                             LimSnapshot        *model,
                             LimApplyFlags       flags)
{
  Plan plan;
  gboolean stale = FALSE;

  g_return_val_if_fail (op != NULL && model != NULL, FALSE);
  if (!make_plan (op, model, flags, &plan, NULL))
    {
      lim_plan_clear (&plan);
      return lim_snapshot_has_provisional (model);
    }
  if ((plan.dropdown && plan.dropdown->provisional) || (plan.schema && plan.schema->provisional))
    stale = TRUE;
  for (guint i = 0; !stale && plan.options && i < plan.options->len; i++)
    stale = ((PlanOption *) g_ptr_array_index (plan.options, i))->option->provisional;
  for (guint i = 0; !stale && plan.fields && i < plan.fields->len; i++)
    {
      PlanField *pf = g_ptr_array_index (plan.fields, i);
      stale = pf->provisional && !pf->is_new;
    }
  if (!stale)
    {
      /* Placeholder ids embedded anywhere (links, selectors, template parts). */
      g_autoptr(GPtrArray) reqs = lim_plan_requests (&plan);
      for (guint i = 0; !stale && i < reqs->len; i++)
        {
          g_autofree char *text = lim_request_to_string (g_ptr_array_index (reqs, i));
          stale = strstr (text, "_provisional_") != NULL;
        }
    }
  lim_plan_clear (&plan);
  return stale;
}

/* ---------------------------------------------------------------- apply */

gboolean
lim_apply_with_response (const LimOperation *op,
                         LimSnapshot        *model,
                         LimApplyFlags       flags,
                         JsonNode           *response,
                         GError            **error)
{
  Plan plan;
  gboolean ok;

  g_return_val_if_fail (op != NULL && model != NULL, FALSE);
  if (!make_plan (op, model, flags, &plan, error))
    {
      lim_plan_clear (&plan);
      return FALSE;
    }
  ok = lim_plan_apply (op, model, &plan, response, error);
  lim_plan_clear (&plan);
  return ok;
}

gboolean
lim_apply (const LimOperation *op,
           LimSnapshot        *model,
           LimApplyFlags       flags,
           GError            **error)
{
  return lim_apply_with_response (op, model, flags, NULL, error);
}

/* ---------------------------------------------------------------- check_state */

LimApplyState
lim_apply_check_state (const LimOperation *op,
                       LimSnapshot        *model)
{
  const LimOpSemantics *row;

  g_return_val_if_fail (op != NULL && model != NULL, LIM_APPLY_STATE_UNKNOWN);
  row = semantics_of (op);
  if (row == NULL)
    return LIM_APPLY_STATE_UNKNOWN;
  return row->check_state (op, model);
}
