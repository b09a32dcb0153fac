/* lim-apply-fields.c — what the entity-schema field operations do (§4.4, §7.4):
 * Create/Unarchive/Archive/UpdateEntitySchemaField and
 * ReorderEntitySchemaFields; for each, its plan (execute()), its
 * validate() when Liminal has one, and check_state.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lim-apply-private.h"

static const char *
field_name (gconstpointer item)
{
  return field_wh (item);
}

/* The TagField Benchling will hold for a field created from @f. */
JsonObject *
lim_apply_new_tag_field (LimSnapshot    *model,
                         const LimProps *f,
                         JsonObject     *tag_schema_link,
                         const char     *selector_id,
                         const char     *unit_id,
                         gboolean        send_tooltip)
{
  JsonObject *o = json_object_new ();
  const char *api = NULL, *folder = NULL;
  JsonObject *link = json_object_new ();
  g_autofree char *api_id = lim_snapshot_mint_id (model, "tsf");

  lim_field_type_to_api (lim_props_get_str (f, LIM_FIELD_TYPE), &api, &folder);
  json_object_set_null_member (o, "id");
  json_object_set_member (o, "fieldType", str_or_null (api));
  json_object_set_member (o, "name", str_or_null (lim_props_get_str (f, LIM_FIELD_NAME)));
  json_object_set_string_member (o, "apiId", api_id);
  json_object_set_null_member (o, "archiveRecord");
  json_object_set_member (o, "decimalPrecision", prop_int_node (f, LIM_FIELD_DECIMAL_PLACES));
  json_object_set_member (o, "isMulti", prop_bool_node (f, LIM_FIELD_IS_MULTI));
  json_object_set_member (o, "isParentLink", prop_bool_node (f, LIM_FIELD_PARENT_LINK));
  json_object_set_member (o, "isRequired", prop_bool_node (f, LIM_FIELD_REQUIRED));
  json_object_set_null_member (link, "entitySchemaFieldPath");
  json_object_set_member (link, "folderItemType", str_or_null (folder));
  json_object_set_null_member (link, "schemaInterface");
  if (tag_schema_link)
    json_object_set_object_member (link, "tagSchema", json_object_ref (tag_schema_link));
  else
    json_object_set_null_member (link, "tagSchema");
  json_object_set_null_member (link, "storableSchema");
  json_object_set_object_member (o, "requiredLink", link);
  json_object_set_member (o, "schemaFieldSelectorId", str_or_null (selector_id));
  json_object_set_string_member (o, "systemName", lim_props_get_str (f, LIM_FIELD_WAREHOUSE_NAME));
  json_object_set_member (o, "tooltipText",
                          str_or_null (send_tooltip ? lim_props_get_str (f, LIM_FIELD_TOOLTIP) : NULL));
  json_object_set_member (o, "unitApiIdentifier", str_or_null (unit_id));
  return o;
}

/* ---------------------------------------------------------------- CreateEntitySchemaField */

/* Schema @wh, whose field @fwh is to be archived (@archive) or unarchived;
 * NULL with Liminal's error when it cannot be. */
static const LimSnapshotSchema *
get_schema_to_toggle_field (const LimOperation *op,
                            LimSnapshot        *model,
                            const char         *wh,
                            const char         *fwh,
                            gboolean            archive,
                            GError            **error)
{
  const LimSnapshotSchema *s = lim_apply_get_schema (op, model, wh, error);
  const LimSnapshotField *f;

  if (s == NULL)
    return NULL;
  f = lim_snapshot_schema_lookup_field (s, fwh);
  if (f == NULL)
    {
      FAIL_EXEC ("Field %s does not exist on entity schema %s in Benchling.", fwh, wh);
      return NULL;
    }
  if (lim_snapshot_field_is_archived (f) == archive)
    {
      FAIL_EXEC ("Field %s is already %s on entity schema %s.", fwh, archive ? "archived" : "active", wh);
      return NULL;
    }
  return s;
}

static gboolean
plan_field_is_archived (const PlanField *pf)
{
  JsonNode *r = json_object_get_member (pf->json, "archiveRecord");

  return r != NULL && !JSON_NODE_HOLDS_NULL (r);
}

/* Where in allFields a field goes that an operation puts at @index.
 * Liminal inserts at @index in allFields, archived fields included
 * (quirk 9), though the index was computed from the model's active
 * columns (compare's E5/E6); we count active fields only, so the field
 * lands at that active position whatever a later revision's downgrade left
 * archived before it, and a round trip (down, then up again) is exact
 * (issue 14).  Without archived fields both are the same. */
static guint
active_insert_pos (GPtrArray      *fields,
                   const LimOpArg *index)
{
  guint n_active = 0, seen = 0, k;

  if (!index->has_index)
    return fields->len;
  for (guint i = 0; i < fields->len; i++)
    n_active += !plan_field_is_archived (g_ptr_array_index (fields, i));
  k = py_insert_pos (TRUE, index->index, n_active);
  for (guint i = 0; i < fields->len; i++)
    if (!plan_field_is_archived (g_ptr_array_index (fields, i)) && seen++ == k)
      return i;
  return fields->len;
}

static gboolean
plan_unarchive_field (const LimOperation *op,
                      LimSnapshot        *model,
                      const char         *wh,
                      const char         *fwh,
                      const LimOpArg     *index,
                      Plan               *plan,
                      GError            **error)
{
  const LimSnapshotSchema *s = get_schema_to_toggle_field (op, model, wh, fwh, FALSE, error);
  gint pos;
  PlanField *pf;

  if (s == NULL)
    return FALSE;
  lim_plan_fields_begin (plan, s);
  pos = lim_plan_find_field (plan, fwh);
  pf = g_ptr_array_index (plan->fields, pos);
  json_object_set_null_member (pf->json, "archiveRecord");
  g_ptr_array_steal_index (plan->fields, pos);
  g_ptr_array_insert (plan->fields, active_insert_pos (plan->fields, index), pf);
  return TRUE;
}

gboolean
lim_apply_plan_create_entity_schema_field (const LimOperation *op,
                                           LimSnapshot        *model,
                                           LimApplyFlags       flags,
                                           Plan               *plan,
                                           GError            **error)
{
  const char *wh = op->args[0].s;
  const LimProps *p = op->args[1].props;
  const char *fwh = lim_props_get_str (p, LIM_FIELD_WAREHOUSE_NAME);
  const LimSnapshotSchema *s = lim_snapshot_lookup_schema (model, wh);
  const LimSnapshotField *f = s ? lim_snapshot_schema_lookup_field (s, fwh) : NULL;
  const char *type = lim_props_get_str (p, LIM_FIELD_TYPE);
  g_autoptr(JsonObject) ts = NULL;
  const char *selector = NULL;
  const char *unit_id = NULL;
  PlanField *pf;

  if (f != NULL)
    {
      if (!lim_snapshot_field_is_archived (f))
        {
          FAIL_EXEC ("Field %s is already active on entity schema %s.", fwh, wh);
          return FALSE;
        }
      if (!lim_props_equal (p, f->props))
        {
          FAIL_EXEC ("Field %s on entity schema %s is different in code versus Benchling.", fwh, wh);
          return FALSE;
        }
      return plan_unarchive_field (op, model, wh, fwh, &op->args[2], plan, error);
    }
  s = lim_apply_get_schema (op, model, wh, error);
  if (s == NULL)
    return FALSE;
  if (type == NULL)
    {
      FAIL_EXEC ("Field must have a type.");
      return FALSE;
    }
  if (lim_field_type_is_entity_link_type (type) && lim_props_get_str (p, LIM_FIELD_ENTITY_LINK))
    {
      const LimSnapshotSchema *target = lim_apply_get_schema (op, model, lim_props_get_str (p,
                                                                                            LIM_FIELD_ENTITY_LINK),
                                                              error);
      if (target == NULL)
        return FALSE;
      ts = lim_snapshot_schema_dump (target);
    }
  if (lim_props_get_str (p, LIM_FIELD_DROPDOWN_LINK))
    {
      const LimSnapshotDropdown *d =
        lim_apply_get_dropdown_summary (op, model, lim_props_get_str (p, LIM_FIELD_DROPDOWN_LINK), error);
      if (d == NULL)
        return FALSE;
      selector = d->id;
    }
  if (lim_props_get_str (p, LIM_FIELD_UNIT_NAME) && *lim_props_get_str (p, LIM_FIELD_UNIT_NAME))
    {
      unit_id = lim_apply_get_unit_id (op, model, lim_props_get_str (p, LIM_FIELD_UNIT_NAME), error);
      if (unit_id == NULL)
        return FALSE;
    }
  lim_plan_fields_begin (plan, s);
  pf = g_new0 (PlanField, 1);
  pf->json = lim_apply_new_tag_field (model, p, ts, selector, unit_id, TRUE);
  pf->is_new = TRUE;
  pf->provisional = TRUE;
  g_ptr_array_insert (plan->fields, active_insert_pos (plan->fields, &op->args[2]), pf);
  return TRUE;
}

gboolean
lim_apply_validate_create_entity_schema_field (const LimOperation *op,
                                               LimSnapshot        *model,
                                               LimApplyFlags       flags,
                                               GError            **error)
{
  const LimProps *p = op->args[1].props;
  const char *name = lim_props_get_str (p, LIM_FIELD_NAME);
  const char *fwh = lim_props_get_str (p, LIM_FIELD_WAREHOUSE_NAME);
  const char *unit = lim_props_get_str (p, LIM_FIELD_UNIT_NAME);

  if (!lim_apply_check_custom_wh (error, op, flags, "field", op->args[0].s, fwh, name))
    return FALSE;
  if (unit && *unit && lim_snapshot_unit_id (model, unit) == NULL)
    {
      lim_apply_fail_unknown_unit (error, op, op->args[0].s, PY (fwh), unit);
      return FALSE;
    }
  /* Liminal warns here that units cannot be changed once set. */
  return TRUE;
}

LimApplyState
lim_apply_check_entity_schema_field_state (const LimOperation *op,
                                           LimSnapshot        *model)
{
  const LimSnapshotSchema *s = lim_snapshot_lookup_schema (model, op->args[0].s);
  const char *fwh = op->spec->kind == LIM_OP_CREATE_ENTITY_SCHEMA_FIELD
                    ? lim_props_get_str (op->args[1].props, LIM_FIELD_WAREHOUSE_NAME) : op->args[1].s;
  const LimSnapshotField *f = s ? lim_snapshot_schema_lookup_field (s, fwh) : NULL;

  if (s == NULL)
    return LIM_APPLY_STATE_UNKNOWN;
  if (f == NULL)
    return op->spec->kind == LIM_OP_CREATE_ENTITY_SCHEMA_FIELD ? LIM_APPLY_STATE_NOT_APPLIED
                                                               : LIM_APPLY_STATE_UNKNOWN;
  /* An active field of another name or type is not this create. */
  if (op->spec->kind == LIM_OP_CREATE_ENTITY_SCHEMA_FIELD && !lim_snapshot_field_is_archived (f) &&
      (g_strcmp0 (lim_snapshot_field_get_name (f), lim_props_get_str (op->args[1].props, LIM_FIELD_NAME)) != 0 ||
       g_strcmp0 (lim_props_get_str (f->props, LIM_FIELD_TYPE),
                  lim_props_get_str (op->args[1].props, LIM_FIELD_TYPE)) != 0))
    return LIM_APPLY_STATE_UNKNOWN;
  return state_of (lim_snapshot_field_is_archived (f) == (op->spec->kind == LIM_OP_ARCHIVE_ENTITY_SCHEMA_FIELD));
}

/* ---------------------------------------------------------------- UnarchiveEntitySchemaField, ArchiveEntitySchemaField */

gboolean
lim_apply_plan_unarchive_entity_schema_field (const LimOperation *op,
                                              LimSnapshot        *model,
                                              LimApplyFlags       flags,
                                              Plan               *plan,
                                              GError            **error)
{
  return plan_unarchive_field (op, model, op->args[0].s, op->args[1].s, &op->args[2], plan, error);
}

gboolean
lim_apply_plan_archive_entity_schema_field (const LimOperation *op,
                                            LimSnapshot        *model,
                                            LimApplyFlags       flags,
                                            Plan               *plan,
                                            GError            **error)
{
  const char *fwh = op->args[1].s;
  const LimSnapshotSchema *s = get_schema_to_toggle_field (op, model, op->args[0].s, fwh, TRUE, error);
  PlanField *pf;

  if (s == NULL)
    return FALSE;
  lim_plan_fields_begin (plan, s);
  pf = g_ptr_array_index (plan->fields, lim_plan_find_field (plan, fwh));
  json_object_set_object_member (pf->json, "archiveRecord", lim_apply_archive_record ());
  return TRUE;
}

/* ---------------------------------------------------------------- UpdateEntitySchemaField */

static const char *
field_display_name (gconstpointer item)
{
  return lim_snapshot_field_get_name (item);
}

/* Does a field of @s (active or archived) already have @value as its
 * @what ("name": display name, "warehouse name")?  Then Liminal refuses. */
static gboolean
name_taken (const LimOperation      *op,
            const LimSnapshotSchema *s,
            const char              *wh,
            const char              *what,
            LimNameOf                name_of,
            const char              *value,
            GError                 **error)
{
  for (guint i = 0; i < s->fields->len; i++)
    {
      const LimSnapshotField *f = g_ptr_array_index (s->fields, i);
      if (g_strcmp0 (name_of (f), value) == 0)
        {
          FAIL_EXEC ("New field %s %s already exists on entity schema %s and is %s in Benchling.",
                     what, value, wh, lim_snapshot_field_is_archived (f) ? "archived" : "active");
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
lim_apply_plan_update_entity_schema_field (const LimOperation *op,
                                           LimSnapshot        *model,
                                           LimApplyFlags       flags,
                                           Plan               *plan,
                                           GError            **error)
{
  const char *wh = op->args[0].s;
  const char *fwh = op->args[1].s;
  const LimProps *u = op->args[2].props;
  const LimSnapshotSchema *s = lim_apply_get_schema (op, model, wh, error);
  const char *v;
  gint pos;
  JsonObject *j;

  if (s == NULL)
    return FALSE;
  if ((v = lim_props_get_str (u, LIM_FIELD_NAME)) && *v &&
      name_taken (op, s, wh, "name", field_display_name, v, error))
    return FALSE;
  if ((v = lim_props_get_str (u, LIM_FIELD_WAREHOUSE_NAME)) && *v &&
      name_taken (op, s, wh, "warehouse name", field_name, v, error))
    return FALSE;
  if (lim_snapshot_schema_lookup_field (s, fwh) == NULL)
    {
      FAIL_EXEC ("Field '%s' not found in schema", fwh);
      return FALSE;
    }
  lim_plan_fields_begin (plan, s);
  pos = lim_plan_find_field (plan, fwh);
  j = ((PlanField *) g_ptr_array_index (plan->fields, pos))->json;

  /* TagSchemaFieldModel.update_from_props, in its order. */
  if (lim_props_is_set (u, LIM_FIELD_NAME))
    json_object_set_member (j, "name", str_or_null (lim_props_get_str (u, LIM_FIELD_NAME)));
  if (lim_props_get_str (u, LIM_FIELD_WAREHOUSE_NAME))
    json_object_set_string_member (j, "systemName", lim_props_get_str (u, LIM_FIELD_WAREHOUSE_NAME));
  if (lim_props_is_set (u, LIM_FIELD_REQUIRED))
    json_object_set_member (j, "isRequired", prop_bool_node (u, LIM_FIELD_REQUIRED));
  if (lim_props_is_set (u, LIM_FIELD_IS_MULTI))
    json_object_set_member (j, "isMulti", prop_bool_node (u, LIM_FIELD_IS_MULTI));
  if (lim_props_is_set (u, LIM_FIELD_PARENT_LINK))
    json_object_set_member (j, "isParentLink", prop_bool_node (u, LIM_FIELD_PARENT_LINK));
  if (lim_props_is_set (u, LIM_FIELD_TOOLTIP))
    json_object_set_member (j, "tooltipText", str_or_null (lim_props_get_str (u, LIM_FIELD_TOOLTIP)));
  if (lim_props_get_str (u, LIM_FIELD_TYPE))
    {
      const char *api = NULL, *folder = NULL;
      JsonObject *link = json_object_new ();
      if (!lim_field_type_to_api (lim_props_get_str (u, LIM_FIELD_TYPE), &api, &folder))
        {
          json_object_unref (link);
          FAIL_EXEC ("Field type '%s' is not supported.", lim_props_get_str (u, LIM_FIELD_TYPE));
          return FALSE;
        }
      json_object_set_string_member (j, "fieldType", api);
      json_object_set_null_member (link, "entitySchemaFieldPath");
      json_object_set_member (link, "folderItemType", str_or_null (folder));
      json_object_set_null_member (link, "schemaInterface");
      json_object_set_null_member (link, "tagSchema");
      json_object_set_null_member (link, "storableSchema");
      json_object_set_object_member (j, "requiredLink", link);
    }
  if ((v = lim_props_get_str (u, LIM_FIELD_ENTITY_LINK)) && *v)
    {
      const LimSnapshotSchema *target = lim_apply_get_schema (op, model, v, error);
      JsonObject *link = lim_json_get_object (j, "requiredLink");
      if (target == NULL)
        return FALSE;
      if (link == NULL)
        {
          FAIL_EXEC ("Required link on field %s not found.", PY (lim_json_get_string (j, "name")));
          return FALSE;
        }
      json_object_set_object_member (link, "tagSchema", lim_snapshot_schema_dump (target));
    }
  if ((v = lim_props_get_str (u, LIM_FIELD_DROPDOWN_LINK)) && *v)
    {
      const LimSnapshotDropdown *d = lim_apply_get_dropdown_summary (op, model, v, error);
      if (d == NULL)
        return FALSE;
      json_object_set_string_member (j, "schemaFieldSelectorId", d->id);
    }
  if (lim_props_is_set (u, LIM_FIELD_DECIMAL_PLACES))
    json_object_set_member (j, "decimalPrecision", prop_int_node (u, LIM_FIELD_DECIMAL_PLACES));
  if (lim_props_is_set (u, LIM_FIELD_UNIT_NAME))
    {
      v = lim_props_get_str (u, LIM_FIELD_UNIT_NAME);
      if (v == NULL)
        json_object_set_null_member (j, "unitApiIdentifier");
      else
        {
          const char *id = lim_apply_get_unit_id (op, model, v, error);
          if (id == NULL)
            return FALSE;
          json_object_set_string_member (j, "unitApiIdentifier", id);
        }
    }
  return TRUE;
}

gboolean
lim_apply_validate_update_entity_schema_field (const LimOperation *op,
                                               LimSnapshot        *model,
                                               LimApplyFlags       flags,
                                               GError            **error)
{
  const char *wh = op->args[0].s;
  const char *fwh = op->args[1].s;
  const LimProps *u = op->args[2].props;
  const char *unit = lim_props_get_str (u, LIM_FIELD_UNIT_NAME);
  const LimSnapshotSchema *s = lim_snapshot_lookup_schema (model, wh);
  const LimSnapshotField *f;

  if (s == NULL)
    {
      if (unit && *unit && lim_snapshot_unit_id (model, unit) == NULL)
        {
          lim_apply_fail_unknown_unit (error, op, wh, fwh, unit);
          return FALSE;
        }
      return TRUE;
    }
  if (!(flags & LIM_APPLY_FLAG_CHANGE_WAREHOUSE_NAME) && lim_props_get_str (u, LIM_FIELD_WAREHOUSE_NAME))
    {
      FAIL_VALID ("%s %s: Tenant config flag SCHEMAS_ENABLE_CHANGE_WAREHOUSE_NAME is required to update the field "
                  "warehouse_name to a custom name. Reach out to Benchling support to turn this config flag to True "
                  "and then set the flag to True in BenchlingConnection.config_flags.", op->spec->class_name, wh);
      return FALSE;
    }
  if (lim_props_is_set (u, LIM_FIELD_UNIT_NAME))
    {
      f = lim_snapshot_schema_lookup_field (s, fwh);
      if (f == NULL)
        {
          FAIL_VALID ("Field '%s' not found in schema", fwh);
          return FALSE;
        }
      if (lim_json_get_string (lim_snapshot_field_get_json (f), "unitApiIdentifier"))
        {
          FAIL_VALID ("%s %s: Updating unit name to %s on field %s. The unit of this field CANNOT be changed once "
                      "it's been set.", op->spec->class_name, wh, unit ? unit : "None", fwh);
          return FALSE;
        }
      if (unit == NULL || lim_snapshot_unit_id (model, unit) == NULL)
        {
          lim_apply_fail_unknown_unit (error, op, wh, fwh, unit ? unit : "None");
          return FALSE;
        }
    }
  return TRUE;
}

/* Would a field props update be a no-op on @f?  Only the keys Liminal
 * actually applies count (falsy type/entity/dropdown links are ignored). */
static gboolean
field_has_values (LimSnapshot            *model,
                  const LimSnapshotField *f,
                  const LimProps         *u)
{
  const char *v;

  if (lim_props_is_set (u, LIM_FIELD_NAME) &&
      g_strcmp0 (lim_props_get_str (u, LIM_FIELD_NAME), lim_snapshot_field_get_name (f)) != 0)
    return FALSE;
  if ((v = lim_props_get_str (u, LIM_FIELD_WAREHOUSE_NAME)) && g_strcmp0 (v, field_wh (f)) != 0)
    return FALSE;
  if ((v = lim_props_get_str (u, LIM_FIELD_TYPE)) && g_strcmp0 (v, lim_props_get_str (f->props, LIM_FIELD_TYPE)) != 0)
    return FALSE;
  if ((v = lim_props_get_str (u, LIM_FIELD_ENTITY_LINK)) && *v &&
      g_strcmp0 (v, lim_props_get_str (f->props, LIM_FIELD_ENTITY_LINK)) != 0)
    return FALSE;
  if ((v = lim_props_get_str (u, LIM_FIELD_DROPDOWN_LINK)) && *v)
    {
      const LimSnapshotDropdown *d = lim_snapshot_lookup_dropdown_first (model, v);
      if (d == NULL ||
          g_strcmp0 (d->id, lim_json_get_string (lim_snapshot_field_get_json (f), "schemaFieldSelectorId")) != 0)
        return FALSE;
    }
  {
    static const guint same_keys[] = { LIM_FIELD_REQUIRED, LIM_FIELD_IS_MULTI, LIM_FIELD_PARENT_LINK,
                                       LIM_FIELD_TOOLTIP, LIM_FIELD_DECIMAL_PLACES, LIM_FIELD_UNIT_NAME };
    for (guint i = 0; i < G_N_ELEMENTS (same_keys); i++)
      if (lim_props_is_set (u, same_keys[i]) && !lim_props_value_equal (u, f->props, same_keys[i]))
        return FALSE;
  }
  return TRUE;
}

LimApplyState
lim_apply_check_update_entity_schema_field (const LimOperation *op,
                                            LimSnapshot        *model)
{
  const LimSnapshotSchema *s = lim_snapshot_lookup_schema (model, op->args[0].s);
  const char *new_wh = lim_props_get_str (op->args[2].props, LIM_FIELD_WAREHOUSE_NAME);
  const LimSnapshotField *f;

  if (s == NULL)
    return LIM_APPLY_STATE_UNKNOWN;
  f = lim_snapshot_schema_lookup_field (s, op->args[1].s);
  if (new_wh && g_strcmp0 (new_wh, op->args[1].s) != 0)
    {
      const LimSnapshotField *renamed = lim_snapshot_schema_lookup_field (s, new_wh);
      if (renamed)
        return field_has_values (model, renamed, op->args[2].props) ? LIM_APPLY_STATE_APPLIED : LIM_APPLY_STATE_UNKNOWN;
      return f ? LIM_APPLY_STATE_NOT_APPLIED : LIM_APPLY_STATE_UNKNOWN;
    }
  if (f == NULL)
    return LIM_APPLY_STATE_UNKNOWN;
  return state_of (field_has_values (model, f, op->args[2].props));
}

/* ---------------------------------------------------------------- ReorderEntitySchemaFields */

gboolean
lim_apply_plan_reorder_entity_schema_fields (const LimOperation *op,
                                             LimSnapshot        *model,
                                             LimApplyFlags       flags,
                                             Plan               *plan,
                                             GError            **error)
{
  const LimSnapshotSchema *s = lim_apply_get_schema (op, model, op->args[0].s, error);
  g_autoptr(GArray) idx = NULL;
  g_autoptr(GPtrArray) old = NULL;

  if (s == NULL)
    return FALSE;
  idx = lim_apply_reorder (s->fields, field_name, op->args[1].strv);
  lim_plan_fields_begin (plan, s);
  old = plan->fields;
  plan->fields = g_ptr_array_new_with_free_func (lim_plan_field_free);
  for (guint i = 0; i < idx->len; i++)
    {
      g_ptr_array_add (plan->fields, g_ptr_array_index (old, g_array_index (idx, guint, i)));
      g_ptr_array_index (old, g_array_index (idx, guint, i)) = NULL;
    }
  g_ptr_array_set_free_func (old, NULL);
  return TRUE;
}

LimApplyState
lim_apply_check_reorder_entity_schema_fields (const LimOperation *op,
                                              LimSnapshot        *model)
{
  const LimSnapshotSchema *s = lim_snapshot_lookup_schema (model, op->args[0].s);

  if (s == NULL)
    return LIM_APPLY_STATE_UNKNOWN;
  return state_of (lim_apply_reorder_is_noop (s->fields, field_name, op->args[1].strv));
}
