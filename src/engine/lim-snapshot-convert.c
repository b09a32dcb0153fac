/* lim-snapshot-convert.c — translation between Benchling's internal-API
 * JSON and Liminal's properties: the conversion of a schema's and a
 * field's JSON to their properties (§6.7), and the dumps of that JSON
 * (lim_snapshot_field_dump(), lim_snapshot_schema_dump()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lim-json.h"
#include "lim-snapshot-private.h"

/* ---------------------------------------------------------------- JSON helpers */

/* bool member: -1 when null or missing. */
static LimTri
get_tri (JsonObject *obj,
         const char *key)
{
  JsonNode *node = obj ? json_object_get_member (obj, key) : NULL;
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return LIM_TRI_NONE;
  return json_node_get_boolean (node) ? LIM_TRI_TRUE : LIM_TRI_FALSE;
}

static void
props_set_tri (LimProps *props,
               guint     key,
               LimTri    tri)
{
  if (tri == LIM_TRI_NONE)
    lim_props_set_none (props, key);
  else
    lim_props_set_bool (props, key, tri == LIM_TRI_TRUE);
}

/* ---------------------------------------------------------------- dumps */

static void
copy_member (JsonObject *dst,
             JsonObject *src,
             const char *key)
{
  JsonNode *node = src ? json_object_get_member (src, key) : NULL;
  json_object_set_member (dst, key, node ? lim_json_node_copy (node) : json_node_new (JSON_NODE_NULL));
}

/* Liminal's TagField keys, in its order. */
#define field_keys _lim_snapshot_field_keys

static const char *const link_keys[] = {
  "entitySchemaFieldPath", "folderItemType", "schemaInterface", "tagSchema", "storableSchema",
};

static JsonObject *
dump_required_link (JsonObject *link)
{
  JsonObject *out = json_object_new ();
  for (guint i = 0; i < G_N_ELEMENTS (link_keys); i++)
    copy_member (out, link, link_keys[i]);
  return out;
}

static JsonObject *
dump_field_json (JsonObject *json)
{
  JsonObject *out = json_object_new ();

  for (guint i = 0; i < LIM_FK_N; i++)
    {
      const char *key = field_keys[i];
      if (strcmp (key, "requiredLink") == 0)
        {
          JsonObject *link = lim_json_get_object (json, key);
          if (link)
            json_object_set_object_member (out, key, dump_required_link (link));
          else
            json_object_set_null_member (out, key);
        }
      else
        copy_member (out, json, key);
    }
  return out;
}

JsonObject *
lim_snapshot_field_dump (const LimSnapshotField *field)
{
  g_autoptr(JsonObject) json = _lim_snapshot_field_json_ref (field);
  return dump_field_json (json);
}

static const char *const schema_keys[] = {
  "allFields", "archiveRecord", "authParentOption", "batchSchemaId",
  "childEntitySchemaSummaries", "constraint", "containableType", "fields", "folderItemType",
  "hoistedTagSchemaGraphs", "iconId", "id", "includeRegistryIdInChips", "isContainable",
  "labelingStrategies", "mixtureSchemaConfig", "name", "nameTemplateParts", "permissions",
  "prefix", "registryId", "resultSchema", "sequenceType", "shouldCreateAsOligo",
  "shouldOrderNamePartsBySequence", "showResidues", "sqlIdentifier",
  "useOrganizationCollectionAliasForDisplayLabel", "useRandomOrgAlias",
};

static JsonArray *
dump_fields_array (const LimSnapshotSchema *schema,
                   gboolean                 active_only)
{
  JsonArray *arr = json_array_new ();
  for (guint i = 0; i < schema->fields->len; i++)
    {
      const LimSnapshotField *f = g_ptr_array_index (schema->fields, i);
      g_autoptr(JsonObject) json = NULL;

      if (active_only && lim_snapshot_field_is_archived (f))
        continue;
      json = _lim_snapshot_field_json_ref (f);
      json_array_add_object_element (arr, dump_field_json (json));
    }
  return arr;
}

JsonObject *
lim_snapshot_schema_dump (const LimSnapshotSchema *schema)
{
  JsonObject *out = json_object_new ();
  JsonObject *src = schema->json;

  for (guint i = 0; i < G_N_ELEMENTS (schema_keys); i++)
    {
      const char *key = schema_keys[i];

      if (strcmp (key, "allFields") == 0 || strcmp (key, "fields") == 0)
        json_object_set_array_member (out, key, dump_fields_array (schema, key[0] == 'f'));
      else if (strcmp (key, "constraint") == 0 && lim_json_get_object (src, key))
        {
          JsonObject *c = lim_json_get_object (src, key);
          JsonObject *oc = json_object_new ();
          JsonArray *cf = lim_json_get_array (c, "fields");
          copy_member (oc, c, "areUniqueResiduesCaseSensitive");
          if (cf)
            {
              JsonArray *arr = json_array_new ();
              for (guint k = 0; k < json_array_get_length (cf); k++)
                {
                  JsonObject *fo = json_array_get_object_element (cf, k);
                  json_array_add_object_element (arr, dump_field_json (fo));
                }
              json_object_set_array_member (oc, "fields", arr);
            }
          else
            json_object_set_null_member (oc, "fields");
          copy_member (oc, c, "uniqueCanonicalSmiles");
          copy_member (oc, c, "uniqueResidues");
          json_object_set_object_member (out, key, oc);
        }
      else if (strcmp (key, "nameTemplateParts") == 0 && lim_json_get_array (src, key))
        {
          JsonArray *parts = lim_json_get_array (src, key);
          JsonArray *arr = json_array_new ();
          for (guint k = 0; k < json_array_get_length (parts); k++)
            {
              JsonObject *p = json_array_get_object_element (parts, k);
              JsonObject *op = json_object_new ();
              copy_member (op, p, "type");
              copy_member (op, p, "fieldId");
              copy_member (op, p, "text");
              copy_member (op, p, "datetimeFormat");
              json_array_add_object_element (arr, op);
            }
          json_object_set_array_member (out, key, arr);
        }
      else if (strcmp (key, "mixtureSchemaConfig") == 0 && lim_json_get_object (src, key))
        {
          JsonObject *m = lim_json_get_object (src, key);
          JsonObject *om = json_object_new ();
          copy_member (om, m, "allowMeasuredIngredients");
          copy_member (om, m, "componentLotStorageEnabled");
          copy_member (om, m, "componentLotTextEnabled");
          json_object_set_object_member (out, key, om);
        }
      else
        copy_member (out, src, key);
    }
  return out;
}

/* ---------------------------------------------------------------- conversion (§6.7) */

static const char *
field_wh_for_api_id (const LimSnapshotSchema *schema,
                     const char              *api_id)
{
  /* Liminal resolves against the active fields; fall back to all fields so
   * a template that refers to a field archived since keeps a readable name. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < schema->fields->len; i++)
      {
        const LimSnapshotField *f = g_ptr_array_index (schema->fields, i);
        if (pass == 0 && lim_snapshot_field_is_archived (f))
          continue;
        if (g_strcmp0 (lim_snapshot_field_get_api_id (f), api_id) == 0)
          return lim_snapshot_field_get_warehouse_name (f);
      }
  return NULL;
}

gboolean
_lim_snapshot_derive_field (LimSnapshot             *self,
                            const LimSnapshotSchema *schema,
                            LimSnapshotField        *field,
                            GError                 **error)
{
  LimProps *p = field->props;
  JsonObject *link = _lim_snapshot_field_object (field, LIM_FK_REQUIRED_LINK);
  const char *type;
  const char *sel;
  const char *unit;
  gint64 dp;

  type = lim_field_type_from_api (_lim_snapshot_field_str (field, LIM_FK_FIELD_TYPE),
                                  lim_json_get_string (link, "folderItemType"));
  if (type == NULL)
    {
      g_set_error (error, LIM_SNAPSHOT_ERROR, LIM_SNAPSHOT_ERROR_INVALID,
                   "Schema %s, field %s: Field type '%s' is not supported.",
                   lim_snapshot_schema_get_warehouse_name (schema),
                   lim_snapshot_field_get_warehouse_name (field),
                   _lim_snapshot_field_str (field, LIM_FK_FIELD_TYPE));
      return FALSE;
    }
  lim_props_set_str (p, LIM_FIELD_NAME, _lim_snapshot_field_str (field, LIM_FK_NAME));
  lim_props_set_str (p, LIM_FIELD_WAREHOUSE_NAME, _lim_snapshot_field_str (field, LIM_FK_SYSTEM_NAME));
  lim_props_set_str (p, LIM_FIELD_TYPE, type);
  props_set_tri (p, LIM_FIELD_REQUIRED, _lim_snapshot_field_tri (field, LIM_FK_IS_REQUIRED));
  props_set_tri (p, LIM_FIELD_IS_MULTI, _lim_snapshot_field_tri (field, LIM_FK_IS_MULTI));
  props_set_tri (p, LIM_FIELD_PARENT_LINK, _lim_snapshot_field_tri (field, LIM_FK_IS_PARENT_LINK));
  sel = _lim_snapshot_field_str (field, LIM_FK_SCHEMA_FIELD_SELECTOR_ID);
  {
    const LimSnapshotDropdown *d = sel ? lim_snapshot_lookup_dropdown_by_id (self, sel) : NULL;
    lim_props_set_str (p, LIM_FIELD_DROPDOWN_LINK, d ? d->name : NULL);
  }
  lim_props_set_str (p, LIM_FIELD_ENTITY_LINK,
                     lim_json_get_string (lim_json_get_object (link, "tagSchema"), "sqlIdentifier"));
  lim_props_set_str (p, LIM_FIELD_TOOLTIP, _lim_snapshot_field_str (field, LIM_FK_TOOLTIP_TEXT));
  if (_lim_snapshot_field_int (field, LIM_FK_DECIMAL_PRECISION, &dp))
    lim_props_set_int (p, LIM_FIELD_DECIMAL_PLACES, dp);
  else
    lim_props_set_none (p, LIM_FIELD_DECIMAL_PLACES);
  unit = _lim_snapshot_field_str (field, LIM_FK_UNIT_API_IDENTIFIER);
  lim_props_set_str (p, LIM_FIELD_UNIT_NAME, unit ? lim_snapshot_unit_name (self, unit) : NULL);
  p->archived = lim_snapshot_field_is_archived (field);
  return TRUE;
}

gboolean
_lim_snapshot_derive_schema (LimSnapshot       *self,
                             LimSnapshotSchema *schema,
                             GError           **error)
{
  JsonObject *j = schema->json;
  const char *wh = lim_snapshot_schema_get_warehouse_name (schema);
  g_autoptr(LimProps) p = lim_props_new (LIM_PROPS_SCHEMA);
  g_autoptr(LimNameTemplate) t = lim_name_template_new ();
  g_autoptr(GPtrArray) strategies = g_ptr_array_new ();
  g_autoptr(GPtrArray) constraint = g_ptr_array_new ();
  const char *entity_type;
  JsonArray *arr;
  JsonObject *c;
  JsonObject *mix;

  entity_type = lim_entity_type_from_api (lim_json_get_string (j, "folderItemType"),
                                          lim_json_get_string (j, "sequenceType"));
  if (entity_type == NULL)
    {
      g_set_error (error, LIM_SNAPSHOT_ERROR, LIM_SNAPSHOT_ERROR_INVALID,
                   "Schema %s: unsupported folderItemType/sequenceType pair (%s, %s).", wh,
                   lim_json_get_string (j, "folderItemType"), lim_json_get_string (j, "sequenceType"));
      return FALSE;
    }
  for (guint i = 0; i < schema->fields->len; i++)
    if (!_lim_snapshot_derive_field (self, schema, g_ptr_array_index (schema->fields, i), error))
      return FALSE;

  lim_props_set_str (p, LIM_SCHEMA_NAME, lim_json_get_string (j, "name"));
  lim_props_set_str (p, LIM_SCHEMA_WAREHOUSE_NAME, wh);
  lim_props_set_str (p, LIM_SCHEMA_PREFIX, lim_json_get_string (j, "prefix"));
  lim_props_set_str (p, LIM_SCHEMA_ENTITY_TYPE, entity_type);

  arr = lim_json_get_array (j, "labelingStrategies");
  for (guint i = 0; arr && i < json_array_get_length (arr); i++)
    {
      const char *v = json_array_get_string_element (arr, i);
      if (v == NULL || lim_enum_intern (&lim_enum_naming_strategy, v) == NULL)
        {
          g_set_error (error, LIM_SNAPSHOT_ERROR, LIM_SNAPSHOT_ERROR_INVALID,
                       "Schema %s: '%s' is not a valid BenchlingNamingStrategy.", wh, v ? v : "null");
          return FALSE;
        }
      g_ptr_array_add (strategies, (gpointer) v);
    }
  lim_props_set_set (p, LIM_SCHEMA_NAMING_STRATEGIES, (const char *const *) strategies->pdata, strategies->len);

  mix = lim_json_get_object (j, "mixtureSchemaConfig");
  if (mix)
    {
      LimMixtureConfig m;
      m.allow_measured_ingredients = get_tri (mix, "allowMeasuredIngredients");
      if (m.allow_measured_ingredients == LIM_TRI_NONE)
        m.allow_measured_ingredients = LIM_TRI_FALSE;
      m.component_lot_storage_enabled = get_tri (mix, "componentLotStorageEnabled");
      m.component_lot_text_enabled = get_tri (mix, "componentLotTextEnabled");
      lim_props_set_mixture (p, LIM_SCHEMA_MIXTURE_SCHEMA_CONFIG, &m);
    }
  else
    lim_props_set_mixture (p, LIM_SCHEMA_MIXTURE_SCHEMA_CONFIG, NULL);
  props_set_tri (p, LIM_SCHEMA_USE_REGISTRY_ID_AS_LABEL, get_tri (j, "useOrganizationCollectionAliasForDisplayLabel"));
  props_set_tri (p, LIM_SCHEMA_INCLUDE_REGISTRY_ID_IN_CHIPS, get_tri (j, "includeRegistryIdInChips"));
  props_set_tri (p, LIM_SCHEMA_SHOW_BASES_IN_EXPANDED_VIEW, get_tri (j, "showResidues"));

  c = lim_json_get_object (j, "constraint");
  if (c)
    {
      JsonArray *cf = lim_json_get_array (c, "fields");
      for (guint i = 0; cf && i < json_array_get_length (cf); i++)
        {
          JsonObject *co = json_array_get_object_element (cf, i);
          const char *sn = lim_json_get_string (co, "systemName");
          const char *api_id = lim_json_get_string (co, "apiId");

          /* Benchling renders the constraint from the live fields: follow
           * a field renamed since the constraint was stored. */
          for (guint k = 0; api_id && k < schema->fields->len; k++)
            {
              const LimSnapshotField *f = g_ptr_array_index (schema->fields, k);
              if (g_strcmp0 (lim_snapshot_field_get_api_id (f), api_id) == 0)
                {
                  sn = lim_snapshot_field_get_warehouse_name (f);
                  break;
                }
            }
          if (sn == NULL)
            {
              g_set_error (error, LIM_SNAPSHOT_ERROR, LIM_SNAPSHOT_ERROR_INVALID,
                           "Schema %s: constraint field %u: missing key 'systemName'.", wh, i);
              return FALSE;
            }
          g_ptr_array_add (constraint, (gpointer) sn);
        }
      if (get_tri (c, "uniqueResidues") == LIM_TRI_TRUE)
        {
          if (lim_entity_type_is_nt_sequence (entity_type))
            g_ptr_array_add (constraint, (gpointer) "bases");
          else if (g_strcmp0 (entity_type, "aa_sequence") == 0)
            g_ptr_array_add (constraint, get_tri (c, "areUniqueResiduesCaseSensitive") == LIM_TRI_TRUE
                                         ? (gpointer) "amino_acids_exact_match"
                                         : (gpointer) "amino_acids_ignore_case");
        }
    }
  lim_props_set_set (p, LIM_SCHEMA_CONSTRAINT_FIELDS, (const char *const *) constraint->pdata, constraint->len);
  p->archived = lim_snapshot_schema_is_archived (schema);

  /* Name template. */
  t->parts_set = TRUE;
  t->parts = NULL;
  arr = lim_json_get_array (j, "nameTemplateParts");
  for (guint i = 0; arr && i < json_array_get_length (arr); i++)
    {
      JsonObject *po = json_array_get_object_element (arr, i);
      const LimPartSpec *spec = lim_part_spec_for_type (lim_json_get_string (po, "type"));
      const char *field_id = lim_json_get_string (po, "fieldId");
      const char *data = NULL;

      if (spec == NULL)
        {
          g_set_error (error, LIM_SNAPSHOT_ERROR, LIM_SNAPSHOT_ERROR_INVALID,
                       "Schema %s: Invalid name template part type", wh);
          return FALSE;
        }
      if (field_id)
        {
          data = field_wh_for_api_id (schema, field_id);
          if (data == NULL)
            data = field_id;
        }
      else
        data = lim_json_get_string (po, "text");
      lim_name_template_add_part (t, spec, spec->data_key ? data : NULL);
    }
  if (t->parts == NULL)
    t->parts = g_ptr_array_new ();  /* empty list; no parts to free */
  t->order_set = TRUE;
  t->order_name_parts_by_sequence = get_tri (j, "shouldOrderNamePartsBySequence");

  lim_props_free (schema->props);
  schema->props = g_steal_pointer (&p);
  lim_name_template_free (schema->name_template);
  schema->name_template = g_steal_pointer (&t);
  return TRUE;
}
