/* lim-apply-schemas.c — what the entity-schema operations do (§4.4, §7.3–7.4):
 * Create/Unarchive/Archive/UpdateEntitySchema and
 * UpdateEntitySchemaNameTemplate; for each, its plan (execute()), its
 * validate() when Liminal has one, and check_state.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lim-apply-private.h"

/* ---------------------------------------------------------------- CreateEntitySchema */

/* SchemaProperties(**set keys): Liminal's defaults for the unset keys. */
static LimProps *
validated_schema_props (const LimProps *in)
{
  LimProps *p = lim_props_copy (in);
  if (!lim_props_is_set (p, LIM_SCHEMA_NAMING_STRATEGIES))
    {
      static const char *const defaults[] = { "NEW_IDS", "IDS_FROM_NAMES", "DELETE_NAMES" };
      lim_props_set_set (p, LIM_SCHEMA_NAMING_STRATEGIES, defaults, G_N_ELEMENTS (defaults));
    }
  if (!lim_props_is_set (p, LIM_SCHEMA_USE_REGISTRY_ID_AS_LABEL))
    lim_props_set_bool (p, LIM_SCHEMA_USE_REGISTRY_ID_AS_LABEL, FALSE);
  if (!lim_props_is_set (p, LIM_SCHEMA_INCLUDE_REGISTRY_ID_IN_CHIPS))
    lim_props_set_bool (p, LIM_SCHEMA_INCLUDE_REGISTRY_ID_IN_CHIPS, FALSE);
  if (!lim_props_is_set (p, LIM_SCHEMA_MIXTURE_SCHEMA_CONFIG))
    lim_props_set_mixture (p, LIM_SCHEMA_MIXTURE_SCHEMA_CONFIG, NULL);
  if (!lim_props_is_set (p, LIM_SCHEMA_CONSTRAINT_FIELDS))
    lim_props_set_set (p, LIM_SCHEMA_CONSTRAINT_FIELDS, NULL, 0);
  if (!lim_props_is_set (p, LIM_SCHEMA_SHOW_BASES_IN_EXPANDED_VIEW))
    lim_props_set_bool (p, LIM_SCHEMA_SHOW_BASES_IN_EXPANDED_VIEW, FALSE);
  return p;
}

static gboolean
is_sequence_constraint (const char *c)
{
  return g_strcmp0 (c, "bases") == 0 || g_strcmp0 (c, "amino_acids_ignore_case") == 0 ||
         g_strcmp0 (c, "amino_acids_exact_match") == 0;
}

static JsonObject *
alpha_field (const LimOperation *op,
             LimSnapshot        *model,
             const LimProps     *f,
             GError            **error)
{
  JsonObject *o = json_object_new ();
  const char *type = lim_props_get_str (f, LIM_FIELD_TYPE);
  const char *entity_link = lim_props_get_str (f, LIM_FIELD_ENTITY_LINK);
  const char *dropdown = lim_props_get_str (f, LIM_FIELD_DROPDOWN_LINK);
  const char *unit = lim_props_get_str (f, LIM_FIELD_UNIT_NAME);
  JsonObject *link = json_object_new ();
  const char *s;

#define SET_STR(k, v) if ((s = (v)) != NULL) json_object_set_string_member (o, k, s)
#define SET_BOOL(k, key) if (lim_props_is_set (f, key) && !lim_props_is_none (f, key)) \
  json_object_set_boolean_member (o, k, lim_props_get_bool (f, key))
  SET_STR ("name", lim_props_get_str (f, LIM_FIELD_NAME));
  SET_STR ("systemName", lim_props_get_str (f, LIM_FIELD_WAREHOUSE_NAME));
  SET_STR ("fieldType", type);
  SET_BOOL ("isMulti", LIM_FIELD_IS_MULTI);
  SET_BOOL ("isRequired", LIM_FIELD_REQUIRED);
  if (lim_props_is_set (f, LIM_FIELD_PARENT_LINK))
    {
      SET_BOOL ("isParentLink", LIM_FIELD_PARENT_LINK);
    }
  else
    json_object_set_boolean_member (o, "isParentLink", FALSE);
  if (dropdown)
    {
      const LimSnapshotDropdown *d = lim_apply_get_dropdown_summary (op, model, dropdown, error);
      if (d == NULL)
        goto fail;
      json_object_set_string_member (o, "dropdownId", d->id);
    }
  if (entity_link)
    {
      const LimSnapshotSchema *t = lim_apply_get_schema (op, model, entity_link, error);
      JsonObject *ts;
      if (t == NULL)
        goto fail;
      ts = json_object_new ();
      json_object_set_string_member (ts, "id", lim_snapshot_schema_get_id (t));
      json_object_set_object_member (link, "tagSchema", ts);
    }
  if (type)
    {
      const char *api = NULL, *folder = NULL;
      if (lim_field_type_to_api (type, &api, &folder) && folder)
        json_object_set_string_member (link, "folderItemType", folder);
    }
  json_object_set_object_member (o, "link", g_steal_pointer (&link));
  if (unit)
    {
      const char *id = lim_apply_get_unit_id (op, model, unit, error);
      if (id == NULL)
        goto fail;
      json_object_set_string_member (o, "unitId", id);
    }
  if (lim_props_is_set (f, LIM_FIELD_DECIMAL_PLACES) && !lim_props_is_none (f, LIM_FIELD_DECIMAL_PLACES))
    json_object_set_int_member (o, "decimalPrecision", lim_props_get_int (f, LIM_FIELD_DECIMAL_PLACES));
#undef SET_STR
#undef SET_BOOL
  return o;

fail:
  if (link)
    json_object_unref (link);
  json_object_unref (o);
  return NULL;
}

/* §7.3.1, None omitted. */
static JsonObject *
alpha_create_body (const LimOperation *op,
                   LimSnapshot        *model,
                   const LimProps     *p,
                   GPtrArray          *fields,
                   GError            **error)
{
  g_autoptr(JsonObject) body = json_object_new ();
  JsonArray *farr = json_array_new ();
  JsonObject *constraint;
  JsonArray *cfields;
  GPtrArray *cset = lim_props_get_set (p, LIM_SCHEMA_CONSTRAINT_FIELDS);
  const char *seq = NULL;

  json_object_set_array_member (body, "fields", farr);
  for (guint i = 0; fields && i < fields->len; i++)
    {
      JsonObject *fo = alpha_field (op, model, g_ptr_array_index (fields, i), error);
      if (fo == NULL)
        return NULL;
      json_array_add_object_element (farr, fo);
    }
  json_object_set_string_member (body, "name", lim_props_get_str (p, LIM_SCHEMA_NAME));
  json_object_set_string_member (body, "prefix", lim_props_get_str (p, LIM_SCHEMA_PREFIX));
  json_object_set_string_member (body, "registryId", lim_snapshot_get_registry_id (model));
  json_object_set_string_member (body, "type", lim_props_get_str (p, LIM_SCHEMA_ENTITY_TYPE));
  if (lim_props_get_mixture (p, LIM_SCHEMA_MIXTURE_SCHEMA_CONFIG))
    {
      const LimMixtureConfig *m = lim_props_get_mixture (p, LIM_SCHEMA_MIXTURE_SCHEMA_CONFIG);
      JsonObject *mo = json_object_new ();
      if (m->allow_measured_ingredients != LIM_TRI_NONE)
        json_object_set_boolean_member (mo, "allowMeasuredIngredients", m->allow_measured_ingredients == LIM_TRI_TRUE);
      if (m->component_lot_storage_enabled != LIM_TRI_NONE)
        json_object_set_boolean_member (mo, "componentLotStorageEnabled",
                                        m->component_lot_storage_enabled == LIM_TRI_TRUE);
      if (m->component_lot_text_enabled != LIM_TRI_NONE)
        json_object_set_boolean_member (mo, "componentLotTextEnabled", m->component_lot_text_enabled == LIM_TRI_TRUE);
      json_object_set_object_member (body, "mixtureSchemaConfig", mo);
    }
  if (!lim_props_is_none (p, LIM_SCHEMA_INCLUDE_REGISTRY_ID_IN_CHIPS))
    json_object_set_boolean_member (body, "includeRegistryIdInChips",
                                    lim_props_get_bool (p, LIM_SCHEMA_INCLUDE_REGISTRY_ID_IN_CHIPS));
  if (!lim_props_is_none (p, LIM_SCHEMA_USE_REGISTRY_ID_AS_LABEL))
    json_object_set_boolean_member (body, "useOrganizationCollectionAliasForDisplayLabel",
                                    lim_props_get_bool (p, LIM_SCHEMA_USE_REGISTRY_ID_AS_LABEL));
  if (!lim_props_is_none (p, LIM_SCHEMA_NAMING_STRATEGIES))
    json_object_set_array_member (body, "labelingStrategies",
                                  lim_apply_strv_array (lim_props_get_set (p, LIM_SCHEMA_NAMING_STRATEGIES)));

  /* EntitySchemaConstraint.from_constraint_fields: always present. */
  constraint = json_object_new ();
  cfields = json_array_new ();
  for (guint i = 0; cset && i < cset->len; i++)
    if (is_sequence_constraint (g_ptr_array_index (cset, i)))
      seq = g_ptr_array_index (cset, i);
  json_object_set_boolean_member (constraint, "areUniqueResiduesCaseSensitive",
                                  g_strcmp0 (seq, "amino_acids_exact_match") == 0);
  json_object_set_array_member (constraint, "fields", cfields);
  json_object_set_boolean_member (constraint, "hasUniqueCanonicalSmiles", FALSE);
  json_object_set_boolean_member (constraint, "hasUniqueResidues", seq != NULL);
  json_object_set_object_member (body, "constraint", constraint);
  for (guint i = 0; cset && i < cset->len; i++)
    {
      const char *c = g_ptr_array_index (cset, i);
      const LimSnapshotSchema *s;
      JsonObject *co;

      if (is_sequence_constraint (c))
        continue;
      /* Quirk (§7.3.1): the constraint field is looked up as a schema. */
      s = lim_apply_get_schema (op, model, c, error);
      if (s == NULL)
        return NULL;
      co = json_object_new ();
      json_object_set_member (co, "name", str_or_null (lim_snapshot_schema_get_name (s)));
      json_object_set_string_member (co, "id", lim_snapshot_schema_get_id (s));
      json_array_add_object_element (cfields, co);
    }
  if (!lim_props_is_none (p, LIM_SCHEMA_SHOW_BASES_IN_EXPANDED_VIEW))
    json_object_set_boolean_member (body, "showResidues",
                                    lim_props_get_bool (p, LIM_SCHEMA_SHOW_BASES_IN_EXPANDED_VIEW));
  return g_steal_pointer (&body);
}

static gboolean
plan_archive_schema (const LimOperation *op,
                     LimSnapshot        *model,
                     gboolean            archive,
                     Plan               *plan,
                     GError            **error)
{
  const char *wh = op->args[0].s;
  const LimSnapshotSchema *s = lim_apply_get_schema (op, model, wh, error);

  if (s == NULL)
    return FALSE;
  if (archive && lim_snapshot_schema_is_archived (s))
    {
      FAIL_EXEC ("Entity schema %s is already archived in Benchling.", wh);
      return FALSE;
    }
  if (!archive && !lim_snapshot_schema_is_archived (s))
    {
      FAIL_EXEC ("Entity schema %s is already unarchived in Benchling.", wh);
      return FALSE;
    }
  plan->kind = archive ? PLAN_ARCHIVE_SCHEMA : PLAN_UNARCHIVE_SCHEMA;
  plan->schema = s;
  plan->body = lim_apply_ids_body (lim_snapshot_schema_get_id (s), archive);
  return TRUE;
}

/* Re-applying a create on an archived schema (§4.4) unarchives it when it
 * is what the create makes.  Liminal compares remote fields converted
 * without warehouse names against the revision's fields, which carry them,
 * so it always refuses (quirk 16).  Here each key the revision leaves unset,
 * or sets to None (the alpha create omits both), is read as what Benchling
 * stores when a create omits it: false for the three field flags and the
 * schema's booleans, no tooltip, link, dropdown, unit or precision, and the
 * field's warehouse name to_snake_case(name).  Keys the revision sets must
 * be equal. */
static gboolean
created_field_matches (const LimProps *f,
                       const LimProps *remote)
{
  g_autoptr(LimProps) want = lim_props_copy (f);

  for (guint key = 0; key < LIM_FIELD_N_KEYS; key++)
    {
      if (lim_props_is_set (want, key) && !lim_props_is_none (want, key))
        continue;
      switch (key)
        {
        case LIM_FIELD_REQUIRED:
        case LIM_FIELD_IS_MULTI:
        case LIM_FIELD_PARENT_LINK:
          lim_props_set_bool (want, key, FALSE);
          break;
        case LIM_FIELD_WAREHOUSE_NAME:
          {
            const char *name = lim_props_get_str (want, LIM_FIELD_NAME);
            g_autofree char *snake = name ? lim_snake_case (name) : NULL;
            lim_props_set_str (want, key, snake);
          }
          break;
        default:
          lim_props_set_none (want, key);
          break;
        }
    }
  return lim_props_equal (want, remote);
}

/* @p: validated_schema_props(); its booleans set to None are omitted from
 * the create, so Benchling holds false. */
static gboolean
created_schema_matches (const LimProps *p,
                        const LimProps *remote)
{
  static const guint booleans[] = { LIM_SCHEMA_USE_REGISTRY_ID_AS_LABEL, LIM_SCHEMA_INCLUDE_REGISTRY_ID_IN_CHIPS,
                                    LIM_SCHEMA_SHOW_BASES_IN_EXPANDED_VIEW };
  g_autoptr(LimProps) want = lim_props_copy (p);

  for (guint i = 0; i < G_N_ELEMENTS (booleans); i++)
    if (lim_props_is_none (want, booleans[i]))
      lim_props_set_bool (want, booleans[i], FALSE);
  return lim_props_equal (want, remote);
}

gboolean
lim_apply_plan_create_entity_schema (const LimOperation *op,
                                     LimSnapshot        *model,
                                     LimApplyFlags       flags,
                                     Plan               *plan,
                                     GError            **error)
{
  g_autoptr(LimProps) p = validated_schema_props (op->args[0].props);
  GPtrArray *fields = op->args[1].fields;
  const char *wh = lim_props_get_str (p, LIM_SCHEMA_WAREHOUSE_NAME);
  const char *name = lim_props_get_str (p, LIM_SCHEMA_NAME);
  const LimSnapshotSchema *s = lim_snapshot_lookup_schema (model, wh);

  if (s == NULL)
    {
      GPtrArray *strategies = lim_props_get_set (p, LIM_SCHEMA_NAMING_STRATEGIES);
      JsonObject *body;
      JsonObject *created;
      const char *folder = NULL, *seq = NULL;
      g_autofree char *id = NULL;
      g_autofree char *given_wh = NULL;
      JsonArray *all;
      JsonArray *cfields = json_array_new ();
      GPtrArray *cset = lim_props_get_set (p, LIM_SCHEMA_CONSTRAINT_FIELDS);
      const char *seqc = NULL;

      if (lim_snapshot_any_schema_has (model, "name", name))
        {
          json_array_unref (cfields);
          FAIL_EXEC ("Entity schema name %s already exists in Benchling.", PY (name));
          return FALSE;
        }
      if (lim_snapshot_any_schema_has (model, "sqlIdentifier", wh))
        {
          json_array_unref (cfields);
          FAIL_EXEC ("Entity schema warehouse name %s already exists in Benchling.", PY (wh));
          return FALSE;
        }
      if (!(flags & LIM_APPLY_FLAG_FIELDSETS) &&
          lim_snapshot_any_schema_has (model, "prefix", lim_props_get_str (p, LIM_SCHEMA_PREFIX)))
        {
          json_array_unref (cfields);
          FAIL_EXEC ("Entity schema prefix %s already exists in Benchling.",
                     PY (lim_props_get_str (p, LIM_SCHEMA_PREFIX)));
          return FALSE;
        }
      for (guint i = 0; strategies && i < strategies->len; i++)
        if (lim_naming_strategy_is_template_based (g_ptr_array_index (strategies, i)))
          {
            json_array_unref (cfields);
            FAIL_EXEC (
              "Invalid naming strategies for schema. Cannot create entity schema using template-based naming strategies.");
            return FALSE;
          }
      body = alpha_create_body (op, model, p, fields, error);
      if (body == NULL)
        {
          json_array_unref (cfields);
          return FALSE;
        }
      plan->kind = PLAN_CREATE_SCHEMA;
      plan->body = body;

      /* What Benchling will hold: a tag schema whose warehouse name is the
       * Benchling-given to_snake_case(name) (the alpha create sends none). */
      created = json_object_new ();
      id = lim_snapshot_mint_id (model, "ts");
      given_wh = lim_snake_case (name);
      lim_entity_type_to_api (lim_props_get_str (p, LIM_SCHEMA_ENTITY_TYPE), &folder, &seq);
      json_object_set_string_member (created, "id", id);
      json_object_set_string_member (created, "sqlIdentifier", given_wh);
      json_object_set_string_member (created, "registryId", lim_snapshot_get_registry_id (model));
      json_object_set_string_member (created, "name", name);
      json_object_set_member (created, "prefix", str_or_null (lim_props_get_str (p, LIM_SCHEMA_PREFIX)));
      json_object_set_member (created, "folderItemType", str_or_null (folder));
      json_object_set_member (created, "sequenceType", str_or_null (seq));
      json_object_set_array_member (created, "labelingStrategies", lim_apply_strv_array (strategies));
      json_object_set_null_member (created, "archiveRecord");
      json_object_set_array_member (created, "nameTemplateParts", json_array_new ());
      json_object_set_boolean_member (created, "shouldOrderNamePartsBySequence", FALSE);
      json_object_set_member (created, "showResidues", prop_bool_node (p, LIM_SCHEMA_SHOW_BASES_IN_EXPANDED_VIEW));
      json_object_set_member (created, "includeRegistryIdInChips",
                              prop_bool_node (p, LIM_SCHEMA_INCLUDE_REGISTRY_ID_IN_CHIPS));
      json_object_set_member (created, "useOrganizationCollectionAliasForDisplayLabel",
                              prop_bool_node (p, LIM_SCHEMA_USE_REGISTRY_ID_AS_LABEL));
      json_object_set_boolean_member (created, "useRandomOrgAlias", FALSE);
      json_object_set_boolean_member (created, "shouldCreateAsOligo", FALSE);
      json_object_set_member (created, "mixtureSchemaConfig",
                              lim_apply_mixture_node (p, LIM_SCHEMA_MIXTURE_SCHEMA_CONFIG));
      all = json_array_new ();
      for (guint i = 0; fields && i < fields->len; i++)
        {
          const LimProps *f = g_ptr_array_index (fields, i);
          const char *el = lim_props_get_str (f, LIM_FIELD_ENTITY_LINK);
          const char *dd = lim_props_get_str (f, LIM_FIELD_DROPDOWN_LINK);
          const LimSnapshotSchema *target = el ? lim_snapshot_lookup_schema (model, el) : NULL;
          const LimSnapshotDropdown *d = dd ? lim_snapshot_lookup_dropdown_first (model, dd) : NULL;
          g_autoptr(JsonObject) ts = target ? lim_snapshot_schema_dump (target) : NULL;
          JsonObject *tf = lim_apply_new_tag_field (model, f, ts, d ? d->id : NULL,
                                                    lim_snapshot_unit_id (model,
                                                                          lim_props_get_str (f, LIM_FIELD_UNIT_NAME)),
                                                    FALSE /* tooltips are not sent on create */);
          json_array_add_object_element (all, tf);
        }
      for (guint i = 0; cset && i < cset->len; i++)
        {
          const char *c = g_ptr_array_index (cset, i);
          if (is_sequence_constraint (c))
            seqc = c;
          else
            for (guint k = 0; k < json_array_get_length (all); k++)
              {
                JsonObject *tf = json_array_get_object_element (all, k);
                if (g_strcmp0 (lim_json_get_string (tf, "systemName"), c) == 0)
                  json_array_add_object_element (cfields, lim_json_object_copy (tf));
              }
        }
      if (cset && cset->len > 0)
        {
          JsonObject *co = json_object_new ();
          json_object_set_boolean_member (co, "areUniqueResiduesCaseSensitive",
                                          g_strcmp0 (seqc, "amino_acids_exact_match") == 0);
          json_object_set_array_member (co, "fields", cfields);
          json_object_set_boolean_member (co, "uniqueCanonicalSmiles", FALSE);
          json_object_set_boolean_member (co, "uniqueResidues", seqc != NULL);
          json_object_set_object_member (created, "constraint", co);
        }
      else
        {
          json_array_unref (cfields);
          json_object_set_null_member (created, "constraint");
        }
      json_object_set_array_member (created, "allFields", all);
      plan->created = created;
      return TRUE;
    }

  if (!lim_snapshot_schema_is_archived (s))
    {
      FAIL_EXEC ("Entity schema %s is already active in Benchling.", wh);
      return FALSE;
    }
  {
    g_autoptr(GPtrArray) active = lim_snapshot_schema_get_active_props (s);
    gboolean same = created_schema_matches (p, s->props) && (fields ? fields->len : 0) == active->len;

    for (guint i = 0; same && i < active->len; i++)
      same = created_field_matches (g_ptr_array_index (fields, i), g_ptr_array_index (active, i));
    if (!same)
      {
        FAIL_EXEC ("Entity schema %s is different in code versus Benchling. Cannot unarchive.", wh);
        return FALSE;
      }
  }
  plan->kind = PLAN_UNARCHIVE_SCHEMA;
  plan->schema = s;
  plan->body = lim_apply_ids_body (lim_snapshot_schema_get_id (s), FALSE);
  return TRUE;
}

gboolean
lim_apply_validate_create_entity_schema (const LimOperation *op,
                                         LimSnapshot        *model,
                                         LimApplyFlags       flags,
                                         GError            **error)
{
  const LimProps *p = op->args[0].props;
  const char *name = lim_props_get_str (p, LIM_SCHEMA_NAME);
  const char *wh = lim_props_get_str (p, LIM_SCHEMA_WAREHOUSE_NAME);
  GPtrArray *fields = op->args[1].fields;

  if (!lim_apply_check_custom_wh (error, op, flags, "schema", PY (name), wh, name))
    return FALSE;
  for (guint i = 0; fields && i < fields->len; i++)
    {
      const LimProps *f = g_ptr_array_index (fields, i);
      const char *unit = lim_props_get_str (f, LIM_FIELD_UNIT_NAME);
      if (unit && *unit && lim_snapshot_unit_id (model, unit) == NULL)
        {
          lim_apply_fail_unknown_unit (error, op, PY (wh), PY (lim_props_get_str (f, LIM_FIELD_WAREHOUSE_NAME)),
                                       unit);
          return FALSE;
        }
    }
  return TRUE;
}

LimApplyState
lim_apply_check_create_entity_schema (const LimOperation *op,
                                      LimSnapshot        *model)
{
  const LimProps *p = op->args[0].props;
  const char *wh = lim_props_get_str (p, LIM_SCHEMA_WAREHOUSE_NAME);
  g_autofree char *given = lim_snake_case (lim_props_get_str (p, LIM_SCHEMA_NAME));
  const LimSnapshotSchema *s = lim_snapshot_lookup_schema (model, wh);

  /* The alpha create names the table after the display name; a
   * custom warehouse name comes with a later UpdateEntitySchema. */
  if (s == NULL)
    s = lim_snapshot_lookup_schema (model, given);
  if (s == NULL)
    return LIM_APPLY_STATE_NOT_APPLIED;
  if (lim_snapshot_schema_is_archived (s))
    return g_strcmp0 (lim_snapshot_schema_get_warehouse_name (s), wh) == 0 ? LIM_APPLY_STATE_NOT_APPLIED
                                                                         : LIM_APPLY_STATE_UNKNOWN;
  if (g_strcmp0 (lim_snapshot_schema_get_name (s), lim_props_get_str (p, LIM_SCHEMA_NAME)) != 0)
    return LIM_APPLY_STATE_UNKNOWN;
  for (guint i = 0; op->args[1].fields && i < op->args[1].fields->len; i++)
    {
      const LimSnapshotField *f = lim_snapshot_schema_lookup_field (
        s, lim_props_get_str (g_ptr_array_index (op->args[1].fields, i), LIM_FIELD_WAREHOUSE_NAME));
      if (f == NULL || lim_snapshot_field_is_archived (f))
        return LIM_APPLY_STATE_UNKNOWN;
    }
  return LIM_APPLY_STATE_APPLIED;
}

/* ---------------------------------------------------------------- UnarchiveEntitySchema, ArchiveEntitySchema */

gboolean
lim_apply_plan_unarchive_entity_schema (const LimOperation *op,
                                        LimSnapshot        *model,
                                        LimApplyFlags       flags,
                                        Plan               *plan,
                                        GError            **error)
{
  return plan_archive_schema (op, model, FALSE, plan, error);
}

gboolean
lim_apply_plan_archive_entity_schema (const LimOperation *op,
                                      LimSnapshot        *model,
                                      LimApplyFlags       flags,
                                      Plan               *plan,
                                      GError            **error)
{
  return plan_archive_schema (op, model, TRUE, plan, error);
}

LimApplyState
lim_apply_check_entity_schema_archived (const LimOperation *op,
                                        LimSnapshot        *model)
{
  const LimSnapshotSchema *s = lim_snapshot_lookup_schema (model, op->args[0].s);

  if (s == NULL)
    return LIM_APPLY_STATE_UNKNOWN;
  return state_of (lim_snapshot_schema_is_archived (s) == (op->spec->kind == LIM_OP_ARCHIVE_ENTITY_SCHEMA));
}

/* ---------------------------------------------------------------- UpdateEntitySchema */

static JsonObject *
constraint_object (const LimSnapshotSchema *s,
                   GPtrArray               *cset)
{
  JsonObject *co = json_object_new ();
  JsonArray *arr = json_array_new ();
  const char *seq = NULL;

  for (guint i = 0; i < cset->len; i++)
    if (is_sequence_constraint (g_ptr_array_index (cset, i)))
      {
        seq = g_ptr_array_index (cset, i);
        break;
      }
  for (guint k = 0; k < s->fields->len; k++)
    {
      const LimSnapshotField *f = g_ptr_array_index (s->fields, k);
      if (lim_snapshot_field_is_archived (f))
        continue;
      for (guint i = 0; i < cset->len; i++)
        if (!is_sequence_constraint (g_ptr_array_index (cset, i)) &&
            g_strcmp0 (field_wh (f), g_ptr_array_index (cset, i)) == 0)
          {
            json_array_add_object_element (arr, lim_snapshot_field_dump (f));
            break;
          }
    }
  json_object_set_boolean_member (co, "areUniqueResiduesCaseSensitive",
                                  g_strcmp0 (seq, "amino_acids_exact_match") == 0);
  json_object_set_array_member (co, "fields", arr);
  json_object_set_boolean_member (co, "uniqueCanonicalSmiles", FALSE);
  json_object_set_boolean_member (co, "uniqueResidues", seq != NULL);
  return co;
}

gboolean
lim_apply_plan_update_entity_schema (const LimOperation *op,
                                     LimSnapshot        *model,
                                     LimApplyFlags       flags,
                                     Plan               *plan,
                                     GError            **error)
{
  const char *wh = op->args[0].s;
  const LimProps *u = op->args[1].props;
  const LimSnapshotSchema *s = lim_apply_get_schema (op, model, wh, error);
  const char *v;
  JsonObject *body;

  if (s == NULL)
    return FALSE;
  if ((v = lim_props_get_str (u, LIM_SCHEMA_NAME)) && *v && lim_snapshot_any_schema_has (model, "name", v))
    {
      FAIL_EXEC ("Entity schema name %s already exists in Benchling.", v);
      return FALSE;
    }
  if ((v =
         lim_props_get_str (u,
                            LIM_SCHEMA_WAREHOUSE_NAME)) && *v &&
      lim_snapshot_any_schema_has (model, "sqlIdentifier", v))
    {
      FAIL_EXEC ("Entity schema warehouse name %s already exists in Benchling.", v);
      return FALSE;
    }
  if (!(flags & LIM_APPLY_FLAG_FIELDSETS) && (v = lim_props_get_str (u, LIM_SCHEMA_PREFIX)) && *v &&
      lim_snapshot_any_schema_has (model, "prefix", v))
    {
      FAIL_EXEC ("Entity schema prefix %s already exists in Benchling.", v);
      return FALSE;
    }
  if (lim_props_is_set (u, LIM_SCHEMA_NAMING_STRATEGIES) && lim_props_is_none (u, LIM_SCHEMA_NAMING_STRATEGIES))
    {
      FAIL_EXEC ("'NoneType' object is not iterable");
      return FALSE;
    }

  /* UpdateTagSchemaModel field order, set keys only (§7.4.2). */
  body = json_object_new ();
  if (lim_props_is_set (u, LIM_SCHEMA_PREFIX))
    json_object_set_member (body, "prefix", str_or_null (lim_props_get_str (u, LIM_SCHEMA_PREFIX)));
  if (lim_props_is_set (u, LIM_SCHEMA_WAREHOUSE_NAME))
    json_object_set_member (body, "sqlIdentifier", str_or_null (lim_props_get_str (u, LIM_SCHEMA_WAREHOUSE_NAME)));
  if (lim_props_is_set (u, LIM_SCHEMA_NAME))
    json_object_set_member (body, "name", str_or_null (lim_props_get_str (u, LIM_SCHEMA_NAME)));
  if (lim_props_get_str (u, LIM_SCHEMA_ENTITY_TYPE))
    {
      const char *folder = NULL, *seq = NULL;
      lim_entity_type_to_api (lim_props_get_str (u, LIM_SCHEMA_ENTITY_TYPE), &folder, &seq);
      json_object_set_member (body, "folderItemType", str_or_null (folder));
    }
  if (lim_props_is_set (u, LIM_SCHEMA_NAMING_STRATEGIES))
    json_object_set_array_member (body, "labelingStrategies",
                                  lim_apply_strv_array (lim_props_get_set (u, LIM_SCHEMA_NAMING_STRATEGIES)));
  if (lim_props_is_set (u, LIM_SCHEMA_MIXTURE_SCHEMA_CONFIG))
    json_object_set_member (body, "mixtureSchemaConfig", lim_apply_mixture_node (u, LIM_SCHEMA_MIXTURE_SCHEMA_CONFIG));
  if (lim_props_get_str (u, LIM_SCHEMA_ENTITY_TYPE))
    {
      const char *folder = NULL, *seq = NULL;
      lim_entity_type_to_api (lim_props_get_str (u, LIM_SCHEMA_ENTITY_TYPE), &folder, &seq);
      json_object_set_member (body, "sequenceType", str_or_null (seq));
    }
  if (lim_props_is_set (u, LIM_SCHEMA_SHOW_BASES_IN_EXPANDED_VIEW))
    json_object_set_member (body, "showResidues", prop_bool_node (u, LIM_SCHEMA_SHOW_BASES_IN_EXPANDED_VIEW));
  if (lim_props_is_set (u, LIM_SCHEMA_INCLUDE_REGISTRY_ID_IN_CHIPS))
    json_object_set_member (body, "includeRegistryIdInChips", prop_bool_node (u,
                                                                              LIM_SCHEMA_INCLUDE_REGISTRY_ID_IN_CHIPS));
  if (lim_props_is_set (u, LIM_SCHEMA_USE_REGISTRY_ID_AS_LABEL))
    json_object_set_member (body, "useOrganizationCollectionAliasForDisplayLabel",
                            prop_bool_node (u, LIM_SCHEMA_USE_REGISTRY_ID_AS_LABEL));
  if (lim_props_is_set (u, LIM_SCHEMA_CONSTRAINT_FIELDS))
    {
      GPtrArray *cset = lim_props_get_set (u, LIM_SCHEMA_CONSTRAINT_FIELDS);
      if (cset && cset->len > 0)
        json_object_set_object_member (body, "constraint", constraint_object (s, cset));
      else
        json_object_set_null_member (body, "constraint");
    }
  plan->kind = PLAN_UPDATE_SCHEMA;
  plan->schema = s;
  plan->body = body;
  return TRUE;
}

gboolean
lim_apply_validate_update_entity_schema (const LimOperation *op,
                                         LimSnapshot        *model,
                                         LimApplyFlags       flags,
                                         GError            **error)
{
  if (!(flags & LIM_APPLY_FLAG_CHANGE_WAREHOUSE_NAME) && lim_props_get_str (op->args[1].props,
                                                                            LIM_SCHEMA_WAREHOUSE_NAME))
    {
      FAIL_VALID ("%s %s: Tenant config flag SCHEMAS_ENABLE_CHANGE_WAREHOUSE_NAME is required to update the schema "
                  "warehouse_name to a custom name. Reach out to Benchling support to turn this config flag to True "
                  "and then set the flag to True in BenchlingConnection.config_flags.", op->spec->class_name,
                  op->args[0].s);
      return FALSE;
    }
  return TRUE;
}

static gboolean
schema_has_values (const LimSnapshotSchema *s,
                   const LimProps          *u)
{
  guint n;
  lim_props_specs (LIM_PROPS_SCHEMA, &n);
  for (guint k = 0; k < n; k++)
    {
      if (!lim_props_is_set (u, k))
        continue;
      if (k == LIM_SCHEMA_ENTITY_TYPE && lim_props_get_str (u, k) == NULL)
        continue;   /* a None entity type is not sent */
      if (k == LIM_SCHEMA_WAREHOUSE_NAME && lim_props_get_str (u, k) == NULL)
        continue;
      if (k == LIM_SCHEMA_CONSTRAINT_FIELDS)
        {
          /* Benchling keeps only active fields that exist. */
          GPtrArray *want = lim_props_get_set (u, k);
          GPtrArray *have = lim_props_get_set (s->props, k);
          guint nwant = 0;
          for (guint i = 0; want && i < want->len; i++)
            {
              const char *c = g_ptr_array_index (want, i);
              const LimSnapshotField *f = lim_snapshot_schema_lookup_field (s, c);
              if (is_sequence_constraint (c) || (f && !lim_snapshot_field_is_archived (f)))
                nwant++;
              else
                continue;
              if (!have || !g_ptr_array_find_with_equal_func (have, c, g_str_equal, NULL))
                return FALSE;
            }
          if ((have ? have->len : 0) != nwant)
            return FALSE;
          continue;
        }
      if (!lim_props_value_equal (u, s->props, k))
        return FALSE;
    }
  return TRUE;
}

LimApplyState
lim_apply_check_update_entity_schema (const LimOperation *op,
                                      LimSnapshot        *model)
{
  const char *new_wh = lim_props_get_str (op->args[1].props, LIM_SCHEMA_WAREHOUSE_NAME);
  const LimSnapshotSchema *s = lim_snapshot_lookup_schema (model, op->args[0].s);

  if (new_wh && g_strcmp0 (new_wh, op->args[0].s) != 0)
    {
      const LimSnapshotSchema *renamed = lim_snapshot_lookup_schema (model, new_wh);
      if (renamed)
        return schema_has_values (renamed, op->args[1].props) ? LIM_APPLY_STATE_APPLIED : LIM_APPLY_STATE_UNKNOWN;
      return s ? LIM_APPLY_STATE_NOT_APPLIED : LIM_APPLY_STATE_UNKNOWN;
    }
  if (s == NULL)
    return LIM_APPLY_STATE_UNKNOWN;
  return state_of (schema_has_values (s, op->args[1].props));
}

/* ---------------------------------------------------------------- UpdateEntitySchemaNameTemplate */

gboolean
lim_apply_plan_update_entity_schema_name_template (const LimOperation *op,
                                                   LimSnapshot        *model,
                                                   LimApplyFlags       flags,
                                                   Plan               *plan,
                                                   GError            **error)
{
  const char *wh = op->args[0].s;
  const LimNameTemplate *t = op->args[1].tmpl;
  const LimSnapshotSchema *s = lim_apply_get_schema (op, model, wh, error);
  JsonObject *body;
  JsonArray *parts;

  if (s == NULL)
    return FALSE;
  /* Benchling refuses it on other schemas; Liminal checks it only in its
   * model classes (§6.9), so a hand-written revision would be refused
   * half-way.  Refused here, the revision's pre-check stops it before any
   * of its operations is sent. */
  if (t->order_set && t->order_name_parts_by_sequence == LIM_TRI_TRUE &&
      !lim_entity_type_is_nt_sequence (lim_props_get_str (s->props, LIM_SCHEMA_ENTITY_TYPE)))
    {
      FAIL_EXEC ("Entity schema %s is a %s schema: only DNA/RNA sequence and oligo schemas can order name parts "
                 "by sequence.", wh, lim_props_get_str (s->props, LIM_SCHEMA_ENTITY_TYPE));
      return FALSE;
    }
  parts = json_array_new ();
  if (t->parts_set)
    {
      if (t->parts == NULL)
        {
          json_array_unref (parts);
          FAIL_EXEC ("'NoneType' object is not iterable");
          return FALSE;
        }
      for (guint i = 0; i < t->parts->len; i++)
        {
          const LimNameTemplatePart *part = g_ptr_array_index (t->parts, i);
          const char *field_id = NULL;
          JsonObject *po;

          if (g_strcmp0 (part->spec->data_key, "wh_field_name") == 0 && part->data && *part->data)
            {
              const LimSnapshotField *f = NULL;
              for (guint k = 0; k < s->fields->len && f == NULL; k++)
                {
                  const LimSnapshotField *c = g_ptr_array_index (s->fields, k);
                  if (!lim_snapshot_field_is_archived (c) && g_strcmp0 (field_wh (c), part->data) == 0)
                    f = c;
                }
              if (f == NULL)
                {
                  json_array_unref (parts);
                  FAIL_EXEC ("Field %s not found in fields", part->data);
                  return FALSE;
                }
              field_id = lim_snapshot_field_get_api_id (f);
              if ((g_strcmp0 (part->spec->part_type, "CHILD_ENTITY_LOT_NUMBER") == 0 ||
                   g_strcmp0 (part->spec->part_type, "LINKED_BIOENTITY_REGISTRY_IDENTIFIER") == 0) &&
                  !lim_props_get_bool (f->props, LIM_FIELD_PARENT_LINK))
                {
                  json_array_unref (parts);
                  FAIL_EXEC ("Field %s is not a parent link field. The field for type %s must be a parent link field.",
                             part->data, part->spec->part_type);
                  return FALSE;
                }
            }
          po = json_object_new ();
          json_object_set_string_member (po, "type", part->spec->part_type);
          json_object_set_member (po, "fieldId", str_or_null (field_id));
          json_object_set_member (po, "text",
                                  str_or_null (g_strcmp0 (part->spec->data_key, "value") == 0 ? part->data : NULL));
          json_object_set_null_member (po, "datetimeFormat");
          json_array_add_object_element (parts, po);
        }
    }
  else
    {
      JsonArray *cur = lim_json_get_array (s->json, "nameTemplateParts");
      for (guint i = 0; cur && i < json_array_get_length (cur); i++)
        {
          JsonObject *c = json_array_get_object_element (cur, i);
          JsonObject *po = json_object_new ();
          json_object_set_member (po, "type", str_or_null (lim_json_get_string (c, "type")));
          json_object_set_member (po, "fieldId", str_or_null (lim_json_get_string (c, "fieldId")));
          json_object_set_member (po, "text", str_or_null (lim_json_get_string (c, "text")));
          json_object_set_member (po, "datetimeFormat", str_or_null (lim_json_get_string (c, "datetimeFormat")));
          json_array_add_object_element (parts, po);
        }
    }
  body = json_object_new ();
  json_object_set_array_member (body, "nameTemplateParts", parts);
  if (t->order_set)
    json_object_set_member (body, "shouldOrderNamePartsBySequence", tri_node (t->order_name_parts_by_sequence));
  else
    {
      JsonNode *cur = json_object_get_member (s->json, "shouldOrderNamePartsBySequence");
      json_object_set_member (body, "shouldOrderNamePartsBySequence",
                              cur ? json_node_copy (cur) : json_node_init_null (json_node_alloc ()));
    }
  plan->kind = PLAN_NAME_TEMPLATE;
  plan->schema = s;
  plan->body = body;
  return TRUE;
}

static gboolean
template_matches (const LimSnapshotSchema *s,
                  const LimNameTemplate   *t)
{
  if (t->parts_set)
    {
      JsonArray *cur = lim_json_get_array (s->json, "nameTemplateParts");
      guint n = cur ? json_array_get_length (cur) : 0;
      if (t->parts == NULL || t->parts->len != n)
        return FALSE;
      for (guint i = 0; i < n; i++)
        {
          const LimNameTemplatePart *want = g_ptr_array_index (t->parts, i);
          const LimNameTemplatePart *have = g_ptr_array_index (s->name_template->parts, i);
          if (want->spec != have->spec || g_strcmp0 (want->data, have->data) != 0)
            return FALSE;
        }
    }
  if (t->order_set && t->order_name_parts_by_sequence != s->name_template->order_name_parts_by_sequence)
    return FALSE;
  return TRUE;
}

LimApplyState
lim_apply_check_update_entity_schema_name_template (const LimOperation *op,
                                                    LimSnapshot        *model)
{
  const LimSnapshotSchema *s = lim_snapshot_lookup_schema (model, op->args[0].s);

  if (s == NULL)
    return LIM_APPLY_STATE_UNKNOWN;
  return state_of (template_matches (s, op->args[1].tmpl));
}
