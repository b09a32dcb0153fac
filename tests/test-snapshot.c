/* test-snapshot.c — the tenant snapshot model and the semantics of the 18
 * operations on it (validate, requests, apply, check_state), against the
 * pizza-house fixtures in tests/data/tenant/ (written from §7.4.1).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "lim-apply.h"
#include "lim-marker.h"
#include "lim-snapshot.h"
#include "lim-operation.h"
#include "lim-py.h"

/* ---------------------------------------------------------------- helpers */

static JsonNode *
load_json (const char *name)
{
  const char *srcdir = g_getenv ("G_TEST_SRCDIR");
  g_autofree char *path = g_build_filename (srcdir ? srcdir : ".", "data", "tenant", name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

static LimSnapshot *
load_model (void)
{
  g_autoptr(JsonNode) regs = load_json ("registries.json");
  g_autoptr(JsonNode) schemas = load_json ("tag-schemas.json");
  g_autoptr(JsonNode) selectors = load_json ("selectors.json");
  g_autoptr(JsonNode) units = load_json ("unit-types.json");
  g_autoptr(GError) error = NULL;
  LimSnapshot *model = lim_snapshot_new_from_json (regs, schemas, selectors, units, &error);

  g_assert_no_error (error);
  g_assert_nonnull (model);
  lim_snapshot_set_tenant_name (model, "pizzahouse");
  return model;
}

static LimOperation *
parse_op (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimPyNode) node = lim_py_parse_expr (text, -1, "test.py", &error);
  LimOperation *op;

  g_assert_no_error (error);
  op = lim_operation_from_node (node, "test.py", &error);
  g_assert_no_error (error);
  g_assert_nonnull (op);
  return op;
}

static char *
body_string (const LimRequest *req)
{
  return json_to_string (req->body, FALSE);
}

static char *
object_keys (JsonObject *obj)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GList) members = json_object_get_members (obj);

  for (GList *l = members; l; l = l->next)
    g_string_append_printf (out, "%s%s", out->len ? "," : "", (const char *) l->data);
  return g_string_free (out, FALSE);
}

static GPtrArray *
build_ok (const LimOperation *op, LimSnapshot *model, LimApplyFlags flags)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *reqs;

  lim_apply_validate (op, model, flags, &error);
  g_assert_no_error (error);
  reqs = lim_apply_build_requests (op, model, flags, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reqs);
  return reqs;
}

static void
assert_request (const LimRequest *req, const char *method, const char *path, LimRealm realm, const char *body)
{
  g_assert_cmpstr (req->method, ==, method);
  g_assert_cmpstr (req->path, ==, path);
  g_assert_cmpint (req->realm, ==, realm);
  if (body)
    {
      g_autofree char *text = body_string (req);
      g_assert_cmpstr (text, ==, body);
    }
}

/* validate fails with a message ending in @liminal_text, prefixed by the
 * operation's description. */
static void
assert_invalid (const LimOperation *op, LimSnapshot *model, LimApplyFlags flags, int code, const char *liminal_text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  g_autofree char *describe = lim_operation_describe (op);
  g_autoptr(GPtrArray) reqs = NULL;

  g_assert_false (lim_apply_validate (op, model, flags, &error));
  g_assert_error (error, LIM_APPLY_ERROR, code);
  if (!g_str_has_suffix (error->message, liminal_text))
    g_error ("expected …%s, got %s", liminal_text, error->message);
  describe[strlen (describe) - 1] = '\0';
  g_assert_true (g_str_has_prefix (error->message, describe));
  if (code == LIM_APPLY_ERROR_EXECUTE)
    {
      /* build_requests and apply refuse the same way. */
      reqs = lim_apply_build_requests (op, model, flags, &error2);
      g_assert_null (reqs);
      g_assert_error (error2, LIM_APPLY_ERROR, code);
      g_assert_cmpstr (error2->message, ==, error->message);
    }
}

static void
apply_ok (const LimOperation *op, LimSnapshot *model, LimApplyFlags flags)
{
  g_autoptr(GError) error = NULL;
  g_assert_true (lim_apply (op, model, flags, &error));
  g_assert_no_error (error);
}

static void
assert_state (const LimOperation *op, LimSnapshot *model, LimApplyState state)
{
  g_assert_cmpstr (lim_apply_state_to_string (lim_apply_check_state (op, model)), ==,
                   lim_apply_state_to_string (state));
}

static char *
field_order (LimSnapshot *model, const char *wh)
{
  const LimSnapshotSchema *s = lim_snapshot_lookup_schema (model, wh);
  GString *out = g_string_new (NULL);

  g_assert_nonnull (s);
  for (guint i = 0; i < s->fields->len; i++)
    {
      const LimSnapshotField *f = g_ptr_array_index (s->fields, i);
      g_string_append_printf (out, "%s%s%s", i ? "," : "", lim_snapshot_field_get_warehouse_name (f),
                              lim_snapshot_field_is_archived (f) ? "(a)" : "");
    }
  return g_string_free (out, FALSE);
}

static char *
option_order (LimSnapshot *model, const char *name)
{
  const LimSnapshotDropdown *d = lim_snapshot_lookup_dropdown (model, name);
  GString *out = g_string_new (NULL);

  g_assert_nonnull (d);
  for (guint i = 0; i < d->options->len; i++)
    {
      const LimSnapshotOption *o = g_ptr_array_index (d->options, i);
      g_string_append_printf (out, "%s%s%s", i ? "," : "", o->name, o->archived ? "(a)" : "");
    }
  return g_string_free (out, FALSE);
}

/* Names of the fields in an actions/update body. */
static char *
body_field_names (const LimRequest *req)
{
  JsonArray *arr = json_object_get_array_member (json_node_get_object (req->body), "fields");
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonObject *f = json_array_get_object_element (arr, i);
      g_string_append_printf (out, "%s%s%s", i ? "," : "", json_object_get_string_member (f, "systemName"),
                              json_object_has_member (f, "archiveRecord") &&
                              !json_object_get_null_member (f, "archiveRecord") ? "(a)" : "");
    }
  return g_string_free (out, FALSE);
}

static JsonObject *
body_field (const LimRequest *req, const char *wh)
{
  JsonArray *arr = json_object_get_array_member (json_node_get_object (req->body), "fields");
  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonObject *f = json_array_get_object_element (arr, i);
      if (g_strcmp0 (json_object_get_string_member (f, "systemName"), wh) == 0)
        return f;
    }
  return NULL;
}

#define TAG_FIELD_KEYS \
  "id,fieldType,name,apiId,archiveRecord,dbId,decimalPrecision,description,displayName,isComputed," \
  "isConvertedFromLink,isIntegration,isMulti,isParentLink,isRequired,isSingleLink,isSnapshot,isUneditable," \
  "legalTextSelectorId,numericMax,numericMin,requiredLink,schemaFieldSelectorId,strictSelector,systemName," \
  "tooltipText,unitApiIdentifier,unitSymbol"
#define CREATE_FIELD_KEYS \
  "fieldType,isMulti,isRequired,isParentLink,schemaFieldSelectorId,systemName,name,requiredLink,tooltipText," \
  "decimalPrecision,unitApiIdentifier"
#define LINK_KEYS "entitySchemaFieldPath,folderItemType,schemaInterface,tagSchema,storableSchema"
#define TAG_SCHEMA_KEYS \
  "allFields,archiveRecord,authParentOption,batchSchemaId,childEntitySchemaSummaries,constraint,containableType," \
  "fields,folderItemType,hoistedTagSchemaGraphs,iconId,id,includeRegistryIdInChips,isContainable," \
  "labelingStrategies,mixtureSchemaConfig,name,nameTemplateParts,permissions,prefix,registryId,resultSchema," \
  "sequenceType,shouldCreateAsOligo,shouldOrderNamePartsBySequence,showResidues,sqlIdentifier," \
  "useOrganizationCollectionAliasForDisplayLabel,useRandomOrgAlias"

static void
assert_field_update_shape (const LimRequest *req, const char *schema_id)
{
  g_autofree char *path = g_strdup_printf ("/1/api/tag-schemas/%s/actions/update", schema_id);
  JsonObject *body = json_node_get_object (req->body);
  g_autofree char *keys = object_keys (body);

  assert_request (req, "POST", path, LIM_REALM_INTERNAL, NULL);
  g_assert_true (req->polls_status);
  g_assert_false (req->may_need_confirmation);
  g_assert_cmpstr (keys, ==, "fields");
}

/* ---------------------------------------------------------------- model */

static void
test_model_load (void)
{
  g_autoptr(LimSnapshot) m = load_model ();
  const LimSnapshotDropdown *crust;
  const LimSnapshotDropdown *sauce;
  const LimSnapshotOption *det;

  g_assert_cmpstr (lim_snapshot_get_registry_id (m), ==, "src_pizza");
  g_assert_cmpuint (lim_snapshot_get_n_schemas (m), ==, 7);
  g_assert_cmpuint (lim_snapshot_get_n_dropdowns (m), ==, 4);
  g_assert_cmpstr (lim_snapshot_unit_id (m, "degC"), ==, "unit_degc");
  g_assert_cmpstr (lim_snapshot_unit_name (m, "unit_ml"), ==, "mL");
  g_assert_null (lim_snapshot_unit_id (m, "furlong"));

  crust = lim_snapshot_lookup_dropdown (m, "Crust Style");
  g_assert_nonnull (crust);
  g_assert_cmpstr (crust->id, ==, "sfs_crust");
  g_assert_false (crust->archived);
  g_assert_cmpuint (crust->options->len, ==, 4);
  det = lim_snapshot_dropdown_find_option (crust, "Detroit");
  g_assert_true (det->archived);
  g_assert_cmpstr (det->archive_purpose, ==, "Made in error");
  g_assert_cmpstr (det->id, ==, "sfso_crust_det");
  sauce = lim_snapshot_lookup_dropdown (m, "Sauce Base");
  g_assert_true (sauce->archived);
  g_assert_true (lim_snapshot_lookup_dropdown_by_id (m, "sfs_oven") == lim_snapshot_lookup_dropdown (m, "Oven Type"));

  /* Lookups are restricted to the registry. */
  g_assert_null (lim_snapshot_lookup_schema (m, "legacy_oven"));
  g_assert_nonnull (lim_snapshot_lookup_schema_by_id (m, "ts_legacy"));
  g_assert_nonnull (lim_snapshot_lookup_schema (m, "pizza"));
  g_assert_false (lim_snapshot_has_provisional (m));
}

static void
assert_props_json (const LimProps *props, const char *expected)
{
  g_autoptr(JsonNode) node = lim_props_to_json (props);
  g_autofree char *text = json_to_string (node, FALSE);
  g_assert_cmpstr (text, ==, expected);
}

static void
test_model_convert_schemas (void)
{
  g_autoptr(LimSnapshot) m = load_model ();
  const LimSnapshotSchema *pizza = lim_snapshot_lookup_schema (m, "pizza");
  const LimSnapshotSchema *plasmid = lim_snapshot_lookup_schema (m, "yeast_strain_plasmid");
  const LimSnapshotSchema *sauce = lim_snapshot_lookup_schema (m, "pizza_sauce");
  const LimSnapshotSchema *dough = lim_snapshot_lookup_schema (m, "dough_batch");
  g_autoptr(JsonNode) t1 = lim_name_template_to_json (pizza->name_template);
  g_autoptr(JsonNode) t2 = lim_name_template_to_json (plasmid->name_template);
  g_autoptr(JsonNode) t3 = lim_name_template_to_json (dough->name_template);
  g_autofree char *s1 = json_to_string (t1, FALSE);
  g_autofree char *s2 = json_to_string (t2, FALSE);
  g_autofree char *s3 = json_to_string (t3, FALSE);

  assert_props_json (pizza->props,
                     "{\"name\":\"Pizza\",\"warehouse_name\":\"pizza\",\"prefix\":\"PZ\",\"entity_type\":\"custom_entity\","
                     "\"naming_strategies\":[\"IDS_FROM_NAMES\",\"NEW_IDS\"],\"mixture_schema_config\":null,"
                     "\"use_registry_id_as_label\":false,\"include_registry_id_in_chips\":true,\"constraint_fields\":[],"
                     "\"show_bases_in_expanded_view\":false}");
  g_assert_false (pizza->props->archived);
  assert_props_json (plasmid->props,
                     "{\"name\":\"Yeast Strain Plasmid\",\"warehouse_name\":\"yeast_strain_plasmid\",\"prefix\":\"YSP\","
                     "\"entity_type\":\"dna_sequence\",\"naming_strategies\":[\"IDS_FROM_NAMES\",\"NEW_IDS\"],"
                     "\"mixture_schema_config\":null,\"use_registry_id_as_label\":false,"
                     "\"include_registry_id_in_chips\":false,\"constraint_fields\":[\"bases\",\"strain_code\"],"
                     "\"show_bases_in_expanded_view\":true}");
  assert_props_json (sauce->props,
                     "{\"name\":\"Pizza Sauce\",\"warehouse_name\":\"pizza_sauce\",\"prefix\":\"PS\",\"entity_type\":\"mixture\","
                     "\"naming_strategies\":[\"IDS_FROM_NAMES\",\"NEW_IDS\"],\"mixture_schema_config\":"
                     "{\"allowMeasuredIngredients\":false,\"componentLotStorageEnabled\":false,\"componentLotTextEnabled\":false},"
                     "\"use_registry_id_as_label\":false,\"include_registry_id_in_chips\":false,\"constraint_fields\":[],"
                     "\"show_bases_in_expanded_view\":false}");
  g_assert_true (sauce->props->archived);
  g_assert_true (lim_snapshot_schema_is_archived (sauce));
  /* Naming strategies are sorted by member name: REPLACE_… after NEW_IDS. */
  g_assert_cmpuint (lim_props_get_set (dough->props, LIM_SCHEMA_NAMING_STRATEGIES)->len, ==, 3);

  g_assert_cmpstr (s1, ==,
                   "{\"parts\":[{\"part\":\"ParentRegistryIdPart\",\"type\":\"LINKED_BIOENTITY_REGISTRY_IDENTIFIER\","
                   "\"wh_field_name\":\"dough_batch\"},{\"part\":\"SeparatorPart\",\"type\":\"SEPARATOR\",\"value\":\"-\"},"
                   "{\"part\":\"RegistryIdentifierNumberPart\",\"type\":\"REGISTRY_IDENTIFIER_NUMBER\"}],"
                   "\"order_name_parts_by_sequence\":false}");
  g_assert_cmpstr (s2, ==,
                   "{\"parts\":[{\"part\":\"FieldPart\",\"type\":\"FIELD\",\"wh_field_name\":\"strain_code\"},"
                   "{\"part\":\"SeparatorPart\",\"type\":\"SEPARATOR\",\"value\":\"-\"},"
                   "{\"part\":\"CreationYearPart\",\"type\":\"CREATED_AT_YEAR\"}],\"order_name_parts_by_sequence\":true}");
  g_assert_cmpstr (s3, ==,
                   "{\"parts\":[{\"part\":\"TextPart\",\"type\":\"TEXT\",\"value\":\"DB\"},"
                   "{\"part\":\"SeparatorPart\",\"type\":\"SEPARATOR\",\"value\":\"-\"},"
                   "{\"part\":\"FieldPart\",\"type\":\"FIELD\",\"wh_field_name\":\"flour_type\"}],"
                   "\"order_name_parts_by_sequence\":false}");
}

static void
test_model_convert_fields (void)
{
  g_autoptr(LimSnapshot) m = load_model ();
  const LimSnapshotSchema *pizza = lim_snapshot_lookup_schema (m, "pizza");
  const LimSnapshotSchema *dough = lim_snapshot_lookup_schema (m, "dough_batch");
  const LimSnapshotSchema *plasmid = lim_snapshot_lookup_schema (m, "yeast_strain_plasmid");
  const LimSnapshotField *f;

  g_assert_cmpuint (pizza->fields->len, ==, 7);
  f = lim_snapshot_schema_lookup_field (pizza, "dough_batch");
  g_assert_cmpstr (lim_snapshot_field_get_api_id (f), ==, "tsf_pizza_dough");
  g_assert_cmpint (lim_snapshot_field_get_internal_id (f), ==, 201);
  assert_props_json (f->props,
                     "{\"name\":\"Dough Batch\",\"warehouse_name\":\"dough_batch\",\"type\":\"custom_entity_link\","
                     "\"required\":true,\"is_multi\":false,\"parent_link\":true,\"dropdown_link\":null,"
                     "\"entity_link\":\"dough_batch\",\"tooltip\":\"The dough batch this pizza was stretched from\","
                     "\"decimal_places\":null,\"unit_name\":null}");
  f = lim_snapshot_schema_lookup_field (pizza, "crust_style");
  assert_props_json (f->props,
                     "{\"name\":\"Crust Style\",\"warehouse_name\":\"crust_style\",\"type\":\"dropdown\",\"required\":true,"
                     "\"is_multi\":false,\"parent_link\":false,\"dropdown_link\":\"Crust Style\",\"entity_link\":null,"
                     "\"tooltip\":null,\"decimal_places\":null,\"unit_name\":null}");
  f = lim_snapshot_schema_lookup_field (pizza, "bake_temp");
  assert_props_json (f->props,
                     "{\"name\":\"Bake Temperature\",\"warehouse_name\":\"bake_temp\",\"type\":\"float\",\"required\":false,"
                     "\"is_multi\":false,\"parent_link\":false,\"dropdown_link\":null,\"entity_link\":null,"
                     "\"tooltip\":null,\"decimal_places\":1,\"unit_name\":\"degC\"}");
  f = lim_snapshot_schema_lookup_field (pizza, "topping_refs");
  g_assert_cmpstr (lim_props_get_str (f->props, LIM_FIELD_TYPE), ==, "entity_link");
  g_assert_cmpstr (lim_props_get_str (f->props, LIM_FIELD_ENTITY_LINK), ==, "topping");
  g_assert_true (lim_props_get_bool (f->props, LIM_FIELD_IS_MULTI));
  f = lim_snapshot_schema_lookup_field (pizza, "is_sourdough");
  g_assert_true (lim_snapshot_field_is_archived (f));
  g_assert_true (f->props->archived);
  g_assert_cmpstr (lim_props_get_str (f->props, LIM_FIELD_TYPE), ==, "boolean");
  f = lim_snapshot_schema_lookup_field (dough, "water_volume");
  g_assert_cmpstr (lim_props_get_str (f->props, LIM_FIELD_UNIT_NAME), ==, "mL");
  g_assert_cmpint (lim_props_get_int (f->props, LIM_FIELD_DECIMAL_PLACES), ==, 0);
  g_assert_false (lim_props_is_none (f->props, LIM_FIELD_DECIMAL_PLACES));
  f = lim_snapshot_schema_lookup_field (dough, "hydration");
  g_assert_cmpstr (lim_props_get_str (f->props, LIM_FIELD_TOOLTIP), ==, "Water / flour, percent");
  f = lim_snapshot_schema_lookup_field (plasmid, "promoter");
  g_assert_cmpstr (lim_props_get_str (f->props, LIM_FIELD_TYPE), ==, "part_link");
  f = lim_snapshot_schema_lookup_field (plasmid, "strain_code");
  g_assert_cmpstr (lim_props_get_str (f->props, LIM_FIELD_TYPE), ==, "text");
  {
    g_autoptr(GPtrArray) active = lim_snapshot_schema_get_active_props (pizza);
    g_assert_cmpuint (active->len, ==, 6);
  }
}

static void
test_model_dumps (void)
{
  g_autoptr(LimSnapshot) m = load_model ();
  const LimSnapshotSchema *pizza = lim_snapshot_lookup_schema (m, "pizza");
  const LimSnapshotField *temp = lim_snapshot_schema_lookup_field (pizza, "bake_temp");
  const LimSnapshotField *notes = lim_snapshot_schema_lookup_field (pizza, "tasting_notes");
  g_autoptr(JsonObject) d1 = lim_snapshot_field_dump (temp);
  g_autoptr(JsonObject) d2 = lim_snapshot_field_dump (notes);
  g_autoptr(JsonObject) s = lim_snapshot_schema_dump (pizza);
  g_autofree char *k1 = object_keys (d1);
  g_autofree char *k2 = object_keys (d2);
  g_autofree char *ks = object_keys (s);
  g_autofree char *kl = NULL;
  JsonObject *dough_dump;

  g_assert_cmpstr (k1, ==, TAG_FIELD_KEYS);
  g_assert_cmpstr (k2, ==, TAG_FIELD_KEYS);
  g_assert_cmpstr (json_object_get_string_member (d1, "unitSymbol"), ==, "°C");
  g_assert_true (json_object_get_null_member (d2, "unitSymbol"));
  g_assert_cmpstr (ks, ==, TAG_SCHEMA_KEYS);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (s, "allFields")), ==, 7);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (s, "fields")), ==, 6);
  dough_dump = json_array_get_object_element (json_object_get_array_member (s, "allFields"), 0);
  kl = object_keys (json_object_get_object_member (dough_dump, "requiredLink"));
  g_assert_cmpstr (kl, ==, LINK_KEYS);
}

/* The fixtures carry every key §7.4.1 requires. */
static void
test_model_fixture_contract (void)
{
  g_autoptr(JsonNode) root = load_json ("tag-schemas.json");
  JsonArray *data = json_object_get_array_member (json_node_get_object (root), "data");
  static const char * const schema_keys[] = {
    "id", "sqlIdentifier", "registryId", "name", "prefix", "folderItemType", "sequenceType", "labelingStrategies",
    "archiveRecord", "allFields", "fields", "constraint", "nameTemplateParts", "shouldOrderNamePartsBySequence",
    "showResidues", "includeRegistryIdInChips", "useOrganizationCollectionAliasForDisplayLabel", "useRandomOrgAlias",
    "shouldCreateAsOligo", "mixtureSchemaConfig", "authParentOption", "batchSchemaId", "childEntitySchemaSummaries",
    "containableType", "hoistedTagSchemaGraphs", "iconId", "isContainable", "permissions", "resultSchema",
  };
  static const char * const field_keys[] = {
    "id", "apiId", "fieldType", "name", "systemName", "archiveRecord", "requiredLink", "schemaFieldSelectorId",
    "tooltipText", "isMulti", "isRequired", "isParentLink", "unitApiIdentifier", "decimalPrecision", "dbId",
    "description", "displayName", "isComputed", "isConvertedFromLink", "isIntegration", "isSingleLink", "isSnapshot",
    "isUneditable", "legalTextSelectorId", "numericMax", "numericMin", "strictSelector",
  };

  g_assert_cmpuint (json_array_get_length (data), ==, 7);
  for (guint i = 0; i < json_array_get_length (data); i++)
    {
      JsonObject *sch = json_array_get_object_element (data, i);
      JsonArray *all = json_object_get_array_member (sch, "allFields");

      for (guint k = 0; k < G_N_ELEMENTS (schema_keys); k++)
        if (!json_object_has_member (sch, schema_keys[k]))
          g_error ("schema %s lacks %s", json_object_get_string_member (sch, "sqlIdentifier"), schema_keys[k]);
      for (guint f = 0; f < json_array_get_length (all); f++)
        {
          JsonObject *fo = json_array_get_object_element (all, f);
          for (guint k = 0; k < G_N_ELEMENTS (field_keys); k++)
            if (!json_object_has_member (fo, field_keys[k]))
              g_error ("field %s lacks %s", json_object_get_string_member (fo, "systemName"), field_keys[k]);
          if (!json_object_get_null_member (fo, "requiredLink"))
            {
              g_autofree char *keys = object_keys (json_object_get_object_member (fo, "requiredLink"));
              g_assert_cmpstr (keys, ==, LINK_KEYS);
            }
        }
    }
}

static void
test_model_errors (void)
{
  g_autoptr(JsonNode) regs = load_json ("registries.json");
  g_autoptr(GError) error = NULL;
  LimSnapshot *m;

  {
    g_autoptr(JsonNode) two = parse_json ("{\"registries\":[{\"id\":\"a\"},{\"id\":\"b\"}]}");
    g_autoptr(JsonNode) none = parse_json ("{\"data\":[]}");
    m = lim_snapshot_new_from_json (two, none, NULL, NULL, &error);
    g_assert_null (m);
    g_assert_error (error, LIM_SNAPSHOT_ERROR, LIM_SNAPSHOT_ERROR_REGISTRY);
    g_clear_error (&error);
  }
  {
    g_autoptr(JsonNode) bad = parse_json ("{\"data\":[{\"id\":\"ts_x\",\"sqlIdentifier\":\"x\",\"registryId\":\"src_pizza\","
                                          "\"folderItemType\":\"basic_folder_item\",\"labelingStrategies\":[]}]}");
    m = lim_snapshot_new_from_json (regs, bad, NULL, NULL, &error);
    g_assert_null (m);
    g_assert_error (error, LIM_SNAPSHOT_ERROR, LIM_SNAPSHOT_ERROR_INVALID);
    g_assert_cmpstr (error->message, ==, "Schema x: missing key 'allFields'.");
    g_clear_error (&error);
  }
  {
    g_autoptr(JsonNode) bad = parse_json ("{\"data\":[{\"id\":\"ts_x\",\"sqlIdentifier\":\"x\",\"registryId\":\"src_pizza\","
                                          "\"folderItemType\":\"basic_folder_item\",\"labelingStrategies\":[],"
                                          "\"allFields\":[{\"systemName\":\"f\",\"name\":\"F\"}]}]}");
    m = lim_snapshot_new_from_json (regs, bad, NULL, NULL, &error);
    g_assert_null (m);
    g_assert_cmpstr (error->message, ==, "Schema x, field f: missing key 'fieldType'.");
    g_clear_error (&error);
  }
  {
    g_autoptr(JsonNode) bad = parse_json ("{\"data\":[{\"id\":\"ts_x\",\"sqlIdentifier\":\"x\",\"registryId\":\"src_pizza\","
                                          "\"folderItemType\":\"basic_folder_item\",\"labelingStrategies\":[],"
                                          "\"allFields\":[{\"systemName\":\"f\",\"fieldType\":\"ft_hologram\"}]}]}");
    m = lim_snapshot_new_from_json (regs, bad, NULL, NULL, &error);
    g_assert_null (m);
    g_assert_cmpstr (error->message, ==, "Schema x, field f: Field type 'ft_hologram' is not supported.");
    g_clear_error (&error);
  }
  {
    g_autoptr(JsonNode) bad = parse_json ("{\"data\":[{\"id\":\"ts_x\",\"sqlIdentifier\":\"x\",\"registryId\":\"src_pizza\","
                                          "\"folderItemType\":\"basic_folder_item\",\"labelingStrategies\":[],"
                                          "\"allFields\":[],\"nameTemplateParts\":[{\"type\":\"NOPE\"}]}]}");
    m = lim_snapshot_new_from_json (regs, bad, NULL, NULL, &error);
    g_assert_null (m);
    g_assert_cmpstr (error->message, ==, "Schema x: Invalid name template part type");
    g_clear_error (&error);
  }
  {
    g_autoptr(JsonNode) bad = parse_json ("{\"selectorsByRegistryId\":{\"src_pizza\":[{\"id\":\"sfs_1\",\"name\":\"D\"}]}}");
    g_autoptr(JsonNode) none = parse_json ("[]");
    m = lim_snapshot_new_from_json (regs, none, bad, NULL, &error);
    g_assert_null (m);
    g_assert_cmpstr (error->message, ==, "Dropdown D: missing key 'allSchemaFieldSelectorOptions'.");
    g_clear_error (&error);
  }
  {
    /* Lenient loading skips the schema, as Liminal's get_all() does. */
    g_autoptr(JsonNode) bad = parse_json ("{\"data\":[{\"id\":\"ts_x\",\"name\":\"X\",\"prefix\":\"XX\",\"sqlIdentifier\":\"x\","
                                          "\"registryId\":\"src_pizza\",\"folderItemType\":\"basic_folder_item\","
                                          "\"labelingStrategies\":[],\"allFields\":[{\"systemName\":\"f\",\"fieldType\":\"ft_hologram\"}]},"
                                          "{\"id\":\"ts_y\",\"name\":\"Y\",\"sqlIdentifier\":\"y\",\"registryId\":\"src_pizza\","
                                          "\"folderItemType\":\"basic_folder_item\",\"labelingStrategies\":[],\"allFields\":[]}]}");
    g_autoptr(LimOperation) op = parse_op ("b.ArchiveEntitySchema('x')");
    g_autoptr(LimOperation) dup = parse_op (
      "b.CreateEntitySchema(b.BaseSchemaProperties(name='Z', warehouse_name='z', prefix='XX', "
      "entity_type=b.BenchlingEntityType.CUSTOM_ENTITY), [])");
    g_autoptr(LimSnapshot) lenient = lim_snapshot_new_from_json_full (regs, bad, NULL, NULL, LIM_SNAPSHOT_LOAD_SKIP_INVALID, &error);
    g_autoptr(LimSnapshot) copy = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (lim_snapshot_get_n_schemas (lenient), ==, 1);
    g_assert_cmpuint (lim_snapshot_get_load_errors (lenient)->len, ==, 1);
    g_assert_cmpstr (lim_snapshot_get_invalid_schema (lenient, "x"), ==, "Schema x, field f: Field type 'ft_hologram' is not supported.");
    copy = lim_snapshot_copy (lenient);
    assert_invalid (op, copy, 0, LIM_APPLY_ERROR_EXECUTE, "Schema x, field f: Field type 'ft_hologram' is not supported.");
    assert_invalid (dup, copy, 0, LIM_APPLY_ERROR_EXECUTE, "Entity schema prefix XX already exists in Benchling.");
  }
  {
    /* A bare registry id and bare arrays are accepted too. */
    g_autoptr(JsonNode) id = parse_json ("\"src_q\"");
    g_autoptr(JsonNode) none = parse_json ("[]");
    g_autoptr(JsonNode) units = parse_json ("[{\"id\":\"u1\",\"name\":\"g\"}]");
    m = lim_snapshot_new_from_json (id, none, NULL, units, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (lim_snapshot_get_registry_id (m), ==, "src_q");
    g_assert_cmpstr (lim_snapshot_unit_id (m, "g"), ==, "u1");
    lim_snapshot_unref (m);
  }
}

static void
test_model_remote (void)
{
  g_autoptr(LimSnapshot) m = load_model ();
  g_autoptr(LimSnapshot) empty = lim_snapshot_new ("src_pizza");
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (lim_marker_get_revision_id (m, &error), ==, "c910418a5cab");
  g_assert_no_error (error);
  g_assert_null (lim_marker_get_revision_id (empty, &error));
  g_assert_error (error, LIM_SNAPSHOT_ERROR, LIM_SNAPSHOT_ERROR_REMOTE);
  g_assert_cmpstr (error->message, ==,
                   "Did not find any schema name 'liminal_remote'. Run a liminal migration to populate your registry "
                   "with the Liminal entity that stores the remote revision_id.");
  g_clear_error (&error);

  {
    /* Archive the revision_id field: the pointer is unreadable. */
    g_autoptr(LimOperation) op = parse_op ("b.ArchiveEntitySchemaField('liminal_remote', 'revision_id')");
    apply_ok (op, m, 0);
    g_assert_null (lim_marker_get_revision_id (m, &error));
    g_assert_cmpstr (error->message, ==,
                     "Error finding field on liminal_remote schema with warehouse_name revision_id. Check schema "
                     "fields to ensure this field exists and is defined according to documentation.");
  }
}

static void
test_model_to_json (void)
{
  g_autoptr(LimSnapshot) m = load_model ();
  g_autoptr(JsonNode) json = lim_snapshot_to_json (m);
  JsonObject *root = json_node_get_object (json);
  JsonObject *units = json_object_get_object_member (root, "units");

  g_assert_cmpstr (json_object_get_string_member (root, "registryId"), ==, "src_pizza");
  g_assert_cmpstr (json_object_get_string_member (units, "degF"), ==, "unit_degf");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "schemas")), ==, 7);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "dropdowns")), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (root, "remoteRevisionId"), ==, "c910418a5cab");
}

/* ---------------------------------------------------------------- dropdown operations */

static void
test_op_create_dropdown (void)
{
  g_autoptr(LimSnapshot) m = load_model ();
  g_autoptr(LimOperation) op = parse_op ("b.CreateDropdown('Flour Kind', ['Tipo 00', 'Semolina'])");
  g_autoptr(GPtrArray) reqs = NULL;
  const LimSnapshotDropdown *d;

  assert_state (op, m, LIM_APPLY_STATE_NOT_APPLIED);
  reqs = build_ok (op, m, 0);
  g_assert_cmpuint (reqs->len, ==, 1);
  assert_request (g_ptr_array_index (reqs, 0), "POST", "/api/v2/dropdowns", LIM_REALM_PUBLIC,
                  "{\"name\":\"Flour Kind\",\"options\":[{\"name\":\"Tipo 00\"},{\"name\":\"Semolina\"}],"
                  "\"registryId\":\"src_pizza\"}");
  apply_ok (op, m, 0);
  d = lim_snapshot_lookup_dropdown (m, "Flour Kind");
  g_assert_nonnull (d);
  g_assert_true (d->provisional);
  g_assert_true (lim_snapshot_has_provisional (m));
  assert_state (op, m, LIM_APPLY_STATE_APPLIED);
  assert_invalid (op, m, 0, LIM_APPLY_ERROR_EXECUTE, "Dropdown Flour Kind is already active");

  {
    /* Real ids from the POST response. */
    g_autoptr(LimSnapshot) m2 = load_model ();
    g_autoptr(JsonNode) resp = parse_json ("{\"id\":\"sfs_flour\",\"name\":\"Flour Kind\",\"options\":"
                                           "[{\"id\":\"sfso_00\",\"name\":\"Tipo 00\"},{\"id\":\"sfso_sem\",\"name\":\"Semolina\"}]}");
    g_autoptr(GError) error = NULL;
    g_assert_true (lim_apply_with_response (op, m2, 0, resp, &error));
    g_assert_no_error (error);
    d = lim_snapshot_lookup_dropdown (m2, "Flour Kind");
    g_assert_cmpstr (d->id, ==, "sfs_flour");
    g_assert_cmpstr (((LimSnapshotOption *) g_ptr_array_index (d->options, 1))->id, ==, "sfso_sem");
    g_assert_false (lim_snapshot_has_provisional (m2));
  }
  {
    /* Archived with the same options (archived ones included): unarchive. */
    g_autoptr(LimOperation) same = parse_op ("b.CreateDropdown('Sauce Base', ['Tomato', 'Cream'])");
    g_autoptr(LimOperation) diff = parse_op ("b.CreateDropdown('Sauce Base', ['Tomato'])");
    g_autoptr(GPtrArray) r2 = NULL;

    assert_state (same, m, LIM_APPLY_STATE_NOT_APPLIED);
    r2 = build_ok (same, m, 0);
    g_assert_cmpuint (r2->len, ==, 1);
    assert_request (g_ptr_array_index (r2, 0), "POST", "/1/api/schema-field-selectors:bulk-unarchive",
                    LIM_REALM_INTERNAL, "{\"ids\":[\"sfs_sauce\"]}");
    assert_invalid (diff, m, 0, LIM_APPLY_ERROR_EXECUTE, "Dropdown Sauce Base is different in code versus Benchling.");
    apply_ok (same, m, 0);
    g_assert_false (lim_snapshot_lookup_dropdown (m, "Sauce Base")->archived);
    assert_state (same, m, LIM_APPLY_STATE_APPLIED);
  }
}

static void
test_op_update_dropdown_name (void)
{
  g_autoptr(LimSnapshot) m = load_model ();
  g_autoptr(LimOperation) op = parse_op ("b.UpdateDropdownName('Oven Type', 'Oven Kind')");
  g_autoptr(LimOperation) missing = parse_op ("b.UpdateDropdownName('Nope', 'Oven Kind')");
  g_autoptr(LimOperation) onto = parse_op ("b.UpdateDropdownName('Oven Type', 'Cheese Type')");
  g_autoptr(GPtrArray) reqs = NULL;
  const LimSnapshotField *oven;

  assert_state (op, m, LIM_APPLY_STATE_NOT_APPLIED);
  reqs = build_ok (op, m, 0);
  g_assert_cmpuint (reqs->len, ==, 1);
  assert_request (g_ptr_array_index (reqs, 0), "PATCH", "/1/api/schema-field-selectors/sfs_oven", LIM_REALM_INTERNAL,
                  "{\"name\":\"Oven Kind\"}");
  assert_invalid (missing, m, 0, LIM_APPLY_ERROR_EXECUTE, "Dropdown Nope not found in given list.");
  /* Quirk: the duplicate-name check never fires. */
  g_assert_true (lim_apply_validate (onto, m, 0, NULL));
  apply_ok (op, m, 0);
  assert_state (op, m, LIM_APPLY_STATE_APPLIED);
  /* Fields linking the selector now show the new name. */
  oven = lim_snapshot_schema_lookup_field (lim_snapshot_lookup_schema (m, "pizza"), "oven");
  g_assert_cmpstr (lim_props_get_str (oven->props, LIM_FIELD_DROPDOWN_LINK), ==, "Oven Kind");
  g_assert_nonnull (lim_snapshot_lookup_dropdown_by_id (m, "sfs_oven"));
}

static void
test_op_unarchive_archive_dropdown (void)
{
  g_autoptr(LimSnapshot) m = load_model ();
  g_autoptr(LimOperation) un = parse_op ("b.UnarchiveDropdown('Sauce Base')");
  g_autoptr(LimOperation) ar = parse_op ("b.ArchiveDropdown('Sauce Base')");
  g_autoptr(LimOperation) missing = parse_op ("b.ArchiveDropdown('Gluten Level')");
  g_autoptr(GPtrArray) reqs = NULL;
  g_autoptr(GPtrArray) reqs2 = NULL;

  assert_state (un, m, LIM_APPLY_STATE_NOT_APPLIED);
  assert_state (ar, m, LIM_APPLY_STATE_APPLIED);
  assert_state (missing, m, LIM_APPLY_STATE_UNKNOWN);
  assert_invalid (ar, m, 0, LIM_APPLY_ERROR_EXECUTE, "Dropdown Sauce Base is already archived.");
  assert_invalid (missing, m, 0, LIM_APPLY_ERROR_EXECUTE, "Dropdown Gluten Level not found in Benchling pizzahouse.");
  reqs = build_ok (un, m, 0);
  assert_request (g_ptr_array_index (reqs, 0), "POST", "/1/api/schema-field-selectors:bulk-unarchive",
                  LIM_REALM_INTERNAL, "{\"ids\":[\"sfs_sauce\"]}");
  apply_ok (un, m, 0);
  assert_state (un, m, LIM_APPLY_STATE_APPLIED);
  assert_state (ar, m, LIM_APPLY_STATE_NOT_APPLIED);
  assert_invalid (un, m, 0, LIM_APPLY_ERROR_EXECUTE, "Dropdown Sauce Base is already active.");
  reqs2 = build_ok (ar, m, 0);
  g_assert_cmpuint (reqs2->len, ==, 1);
  assert_request (g_ptr_array_index (reqs2, 0), "POST", "/1/api/schema-field-selectors:bulk-archive",
                  LIM_REALM_INTERNAL, "{\"ids\":[\"sfs_sauce\"],\"purpose\":\"Made in error\"}");
  apply_ok (ar, m, 0);
  assert_state (ar, m, LIM_APPLY_STATE_APPLIED);
}

static void
test_op_create_dropdown_option (void)
{
  g_autoptr(LimSnapshot) m = load_model ();
  g_autoptr(LimOperation) op = parse_op ("b.CreateDropdownOption('Crust Style', 'Roman', 1)");
  g_autoptr(LimOperation) again = parse_op ("b.CreateDropdownOption('Crust Style', 'Detroit', 0)");
  g_autoptr(LimOperation) active = parse_op ("b.CreateDropdownOption('Crust Style', 'Sicilian', 0)");
  g_autoptr(LimOperation) far = parse_op ("b.CreateDropdownOption('Oven Type', 'Induction', 99)");
  g_autoptr(LimOperation) missing = parse_op ("b.CreateDropdownOption('Nope', 'x', 0)");
  g_autoptr(GPtrArray) reqs = NULL;
  g_autoptr(GPtrArray) reqs2 = NULL;
  g_autoptr(GPtrArray) reqs3 = NULL;
  g_autoptr(GPtrArray) skip = NULL;
  g_autofree char *o1 = NULL;
  g_autofree char *o2 = NULL;

  assert_state (op, m, LIM_APPLY_STATE_NOT_APPLIED);
  reqs = build_ok (op, m, 0);
  g_assert_cmpuint (reqs->len, ==, 1);
  /* Active options first, then archived ones; the new option has no id. */
  assert_request (g_ptr_array_index (reqs, 0), "PATCH", "/1/api/schema-field-selectors/sfs_crust", LIM_REALM_INTERNAL,
                  "{\"schemaFieldSelectorOptions\":[{\"id\":\"sfso_crust_neap\",\"name\":\"Neapolitan\"},"
                  "{\"name\":\"Roman\"},{\"id\":\"sfso_crust_ny\",\"name\":\"New York\"},"
                  "{\"id\":\"sfso_crust_sic\",\"name\":\"Sicilian\"},"
                  "{\"id\":\"sfso_crust_det\",\"name\":\"Detroit\",\"archiveRecord\":{\"reason\":\"Made in error\"}}]}");
  g_assert_false (((LimRequest *) g_ptr_array_index (reqs, 0))->may_need_confirmation);
  apply_ok (op, m, 0);
  o1 = option_order (m, "Crust Style");
  g_assert_cmpstr (o1, ==, "Neapolitan,Roman,New York,Sicilian,Detroit(a)");
  assert_state (op, m, LIM_APPLY_STATE_APPLIED);

  /* An archived option is unarchived (archiveRecord null) and moved. */
  assert_state (again, m, LIM_APPLY_STATE_NOT_APPLIED);
  reqs2 = build_ok (again, m, 0);
  assert_request (g_ptr_array_index (reqs2, 0), "PATCH", "/1/api/schema-field-selectors/sfs_crust", LIM_REALM_INTERNAL,
                  "{\"schemaFieldSelectorOptions\":[{\"id\":\"sfso_crust_det\",\"name\":\"Detroit\",\"archiveRecord\":null},"
                  "{\"id\":\"sfso_crust_neap\",\"name\":\"Neapolitan\"},{\"name\":\"Roman\"},"
                  "{\"id\":\"sfso_crust_ny\",\"name\":\"New York\"},{\"id\":\"sfso_crust_sic\",\"name\":\"Sicilian\"}]}");
  apply_ok (again, m, 0);
  o2 = option_order (m, "Crust Style");
  g_assert_cmpstr (o2, ==, "Detroit,Neapolitan,Roman,New York,Sicilian");
  assert_state (again, m, LIM_APPLY_STATE_APPLIED);

  /* Already active: Liminal logs and skips. */
  skip = build_ok (active, m, 0);
  g_assert_cmpuint (skip->len, ==, 0);
  assert_state (active, m, LIM_APPLY_STATE_APPLIED);

  /* An index past the end appends. */
  reqs3 = build_ok (far, m, 0);
  {
    g_autofree char *body = body_string (g_ptr_array_index (reqs3, 0));
    g_assert_true (g_str_has_suffix (body, "{\"name\":\"Induction\"}]}"));
  }
  assert_invalid (missing, m, 0, LIM_APPLY_ERROR_EXECUTE, "Dropdown Nope not found in Benchling pizzahouse.");
}

static void
test_op_update_dropdown_option (void)
{
  g_autoptr(LimSnapshot) m = load_model ();
  g_autoptr(LimOperation) op = parse_op ("b.UpdateDropdownOption('Crust Style', 'New York', 'NY Style')");
  g_autoptr(LimOperation) clash = parse_op ("b.UpdateDropdownOption('Crust Style', 'Sicilian', 'Detroit')");
  g_autoptr(LimOperation) clash2 = parse_op ("b.UpdateDropdownOption('Crust Style', 'Sicilian', 'Neapolitan')");
  g_autoptr(LimOperation) missing = parse_op ("b.UpdateDropdownOption('Crust Style', 'Chicago', 'Deep Dish')");
  g_autoptr(GPtrArray) reqs = NULL;
  LimRequest *req;
  g_autoptr(LimRequest) confirm = NULL;
  g_autoptr(JsonNode) handshake = parse_json ("{\"id\":\"sfso_crust_ny\",\"numLinkedTags\":3,\"newName\":\"NY Style\"}");
  g_autofree char *confirm_body = NULL;

  assert_state (op, m, LIM_APPLY_STATE_NOT_APPLIED);
  reqs = build_ok (op, m, 0);
  req = g_ptr_array_index (reqs, 0);
  /* Original order, archived options where they are. */
  assert_request (req, "PATCH", "/1/api/schema-field-selectors/sfs_crust", LIM_REALM_INTERNAL,
                  "{\"schemaFieldSelectorOptions\":[{\"id\":\"sfso_crust_neap\",\"name\":\"Neapolitan\"},"
                  "{\"id\":\"sfso_crust_det\",\"name\":\"Detroit\",\"archiveRecord\":{\"reason\":\"Made in error\"}},"
                  "{\"id\":\"sfso_crust_ny\",\"name\":\"NY Style\"},{\"id\":\"sfso_crust_sic\",\"name\":\"Sicilian\"}]}");
  g_assert_true (req->may_need_confirmation);
  confirm = lim_request_confirmation (req, handshake);
  confirm_body = body_string (confirm);
  g_assert_true (g_str_has_suffix (confirm_body, "\"selectorOptionToUpdate\":{\"id\":\"sfso_crust_ny\",\"numLinkedTags\":3,"
                                                 "\"newName\":\"NY Style\"}}"));
  g_assert_false (confirm->may_need_confirmation);

  assert_invalid (clash, m, 0, LIM_APPLY_ERROR_EXECUTE,
                  "Option Detroit on dropdown Crust Style already exists and is archived in Benchling.");
  assert_invalid (clash2, m, 0, LIM_APPLY_ERROR_EXECUTE,
                  "Option Neapolitan on dropdown Crust Style already exists and is active in Benchling.");
  assert_invalid (missing, m, 0, LIM_APPLY_ERROR_EXECUTE, "Option Chicago on dropdown Crust Style does not exist.");
  apply_ok (op, m, 0);
  assert_state (op, m, LIM_APPLY_STATE_APPLIED);
  g_assert_cmpstr (lim_snapshot_dropdown_find_option (lim_snapshot_lookup_dropdown (m, "Crust Style"), "NY Style")->id, ==,
                   "sfso_crust_ny");
}

static void
test_op_archive_dropdown_option (void)
{
  g_autoptr(LimSnapshot) m = load_model ();
  g_autoptr(LimOperation) op = parse_op ("b.ArchiveDropdownOption('Oven Type', 'Gas')");
  g_autoptr(LimOperation) done = parse_op ("b.ArchiveDropdownOption('Crust Style', 'Detroit')");
  g_autoptr(LimOperation) missing = parse_op ("b.ArchiveDropdownOption('Oven Type', 'Coal')");
  g_autoptr(GPtrArray) reqs = NULL;
  g_autoptr(GPtrArray) skip = NULL;
  g_autofree char *order = NULL;

  assert_state (op, m, LIM_APPLY_STATE_NOT_APPLIED);
  reqs = build_ok (op, m, 0);
  assert_request (g_ptr_array_index (reqs, 0), "PATCH", "/1/api/schema-field-selectors/sfs_oven", LIM_REALM_INTERNAL,
                  "{\"schemaFieldSelectorOptions\":[{\"id\":\"sfso_oven_wood\",\"name\":\"Wood Fired\"},"
                  "{\"id\":\"sfso_oven_gas\",\"name\":\"Gas\",\"archiveRecord\":{\"purpose\":\"Made in error\"}},"
                  "{\"id\":\"sfso_oven_el\",\"name\":\"Electric\"}]}");
  g_assert_true (((LimRequest *) g_ptr_array_index (reqs, 0))->may_need_confirmation);
  skip = build_ok (done, m, 0);
  g_assert_cmpuint (skip->len, ==, 0);
  assert_state (done, m, LIM_APPLY_STATE_APPLIED);
  assert_state (missing, m, LIM_APPLY_STATE_UNKNOWN);
  assert_invalid (missing, m, 0, LIM_APPLY_ERROR_EXECUTE, "Option Coal on dropdown Oven Type does not exist.");
  apply_ok (op, m, 0);
  order = option_order (m, "Oven Type");
  g_assert_cmpstr (order, ==, "Wood Fired,Gas(a),Electric");
  assert_state (op, m, LIM_APPLY_STATE_APPLIED);
}

static void
test_op_reorder_dropdown_options (void)
{
  g_autoptr(LimSnapshot) m = load_model ();
  g_autoptr(LimOperation) op = parse_op ("b.ReorderDropdownOptions('Crust Style', ['Sicilian', 'Neapolitan'])");
  g_autoptr(LimOperation) missing = parse_op ("b.ReorderDropdownOptions('Nope', ['a'])");
  g_autoptr(GPtrArray) reqs = NULL;
  g_autofree char *order = NULL;

  assert_state (op, m, LIM_APPLY_STATE_NOT_APPLIED);
  reqs = build_ok (op, m, 0);
  assert_request (g_ptr_array_index (reqs, 0), "PATCH", "/1/api/schema-field-selectors/sfs_crust", LIM_REALM_INTERNAL,
                  "{\"schemaFieldSelectorOptions\":[{\"id\":\"sfso_crust_sic\",\"name\":\"Sicilian\"},"
                  "{\"id\":\"sfso_crust_neap\",\"name\":\"Neapolitan\"},"
                  "{\"id\":\"sfso_crust_det\",\"name\":\"Detroit\",\"archiveRecord\":{\"reason\":\"Made in error\"}},"
                  "{\"id\":\"sfso_crust_ny\",\"name\":\"New York\"}]}");
  assert_invalid (missing, m, 0, LIM_APPLY_ERROR_EXECUTE, "Dropdown Nope not found in Benchling pizzahouse.");
  apply_ok (op, m, 0);
  order = option_order (m, "Crust Style");
  g_assert_cmpstr (order, ==, "Sicilian,Neapolitan,Detroit(a),New York");
  assert_state (op, m, LIM_APPLY_STATE_APPLIED);
}

/* ---------------------------------------------------------------- entity schema operations */

#define FLOUR_SCHEMA \
  "b.CreateEntitySchema(b.BaseSchemaProperties(name='Flour Sack', warehouse_name='flour_sack', prefix='FS', " \
  "entity_type=b.BenchlingEntityType.CUSTOM_ENTITY, naming_strategies={b.BenchlingNamingStrategy.NEW_IDS}, " \
  "use_registry_id_as_label=False, include_registry_id_in_chips=False, constraint_fields=set(), " \
  "show_bases_in_expanded_view=False), [" \
  "b.BaseFieldProperties(name='Mill', warehouse_name='mill', type=b.BenchlingFieldType.TEXT, required=True, " \
  "is_multi=False, parent_link=False, dropdown_link=None, decimal_places=None, tooltip='Where it was milled'), " \
  "b.BaseFieldProperties(name='Weight', warehouse_name='weight', type=b.BenchlingFieldType.DECIMAL, required=False, " \
  "is_multi=False, parent_link=False, dropdown_link=None, decimal_places=2, unit_name='g'), " \
  "b.BaseFieldProperties(name='Crust', warehouse_name='crust', type=b.BenchlingFieldType.DROPDOWN, required=False, " \
  "is_multi=False, parent_link=False, dropdown_link='Crust Style', decimal_places=None), " \
  "b.BaseFieldProperties(name='Dough', warehouse_name='dough', type=b.BenchlingFieldType.CUSTOM_ENTITY_LINK, " \
  "required=False, is_multi=True, parent_link=False, entity_link='dough_batch', decimal_places=None)])"

static void
test_op_create_entity_schema (void)
{
  g_autoptr(LimSnapshot) m = load_model ();
  g_autoptr(LimOperation) op = parse_op (FLOUR_SCHEMA);
  g_autoptr(GPtrArray) reqs = NULL;
  const LimSnapshotSchema *s;

  assert_state (op, m, LIM_APPLY_STATE_NOT_APPLIED);
  reqs = build_ok (op, m, 0);
  g_assert_cmpuint (reqs->len, ==, 1);
  assert_request (g_ptr_array_index (reqs, 0), "POST", "/api/v2-alpha/entity-schemas", LIM_REALM_PUBLIC,
                  "{\"fields\":["
                  "{\"name\":\"Mill\",\"systemName\":\"mill\",\"fieldType\":\"text\",\"isMulti\":false,\"isRequired\":true,"
                  "\"isParentLink\":false,\"link\":{}},"
                  "{\"name\":\"Weight\",\"systemName\":\"weight\",\"fieldType\":\"float\",\"isMulti\":false,\"isRequired\":false,"
                  "\"isParentLink\":false,\"link\":{},\"unitId\":\"unit_g\",\"decimalPrecision\":2},"
                  "{\"name\":\"Crust\",\"systemName\":\"crust\",\"fieldType\":\"dropdown\",\"isMulti\":false,\"isRequired\":false,"
                  "\"isParentLink\":false,\"dropdownId\":\"sfs_crust\",\"link\":{}},"
                  "{\"name\":\"Dough\",\"systemName\":\"dough\",\"fieldType\":\"custom_entity_link\",\"isMulti\":true,"
                  "\"isRequired\":false,\"isParentLink\":false,\"link\":{\"tagSchema\":{\"id\":\"ts_dough\"},"
                  "\"folderItemType\":\"basic_folder_item\"}}],"
                  "\"name\":\"Flour Sack\",\"prefix\":\"FS\",\"registryId\":\"src_pizza\",\"type\":\"custom_entity\","
                  "\"includeRegistryIdInChips\":false,\"useOrganizationCollectionAliasForDisplayLabel\":false,"
                  "\"labelingStrategies\":[\"NEW_IDS\"],\"constraint\":{\"areUniqueResiduesCaseSensitive\":false,"
                  "\"fields\":[],\"hasUniqueCanonicalSmiles\":false,\"hasUniqueResidues\":false},\"showResidues\":false}");
  g_assert_false (((LimRequest *) g_ptr_array_index (reqs, 0))->polls_status);
  apply_ok (op, m, 0);
  s = lim_snapshot_lookup_schema (m, "flour_sack");
  g_assert_nonnull (s);
  g_assert_true (s->provisional);
  g_assert_cmpuint (s->fields->len, ==, 4);
  /* Tooltips are not sent on create. */
  g_assert_true (lim_props_is_none (((LimSnapshotField *) g_ptr_array_index (s->fields, 0))->props, LIM_FIELD_TOOLTIP));
  g_assert_cmpstr (lim_props_get_str (((LimSnapshotField *) g_ptr_array_index (s->fields, 2))->props, LIM_FIELD_DROPDOWN_LINK),
                   ==, "Crust Style");
  g_assert_cmpstr (lim_props_get_str (((LimSnapshotField *) g_ptr_array_index (s->fields, 3))->props, LIM_FIELD_ENTITY_LINK),
                   ==, "dough_batch");
  assert_state (op, m, LIM_APPLY_STATE_APPLIED);
  assert_invalid (op, m, 0, LIM_APPLY_ERROR_EXECUTE, "Entity schema flour_sack is already active in Benchling.");

  {
    /* validate(): custom warehouse name needs the flag; units must exist. */
    g_autoptr(LimSnapshot) m2 = load_model ();
    g_autoptr(LimOperation) custom = parse_op (
      "b.CreateEntitySchema(b.BaseSchemaProperties(name='Flour Sack', warehouse_name='sacks', prefix='FS', "
      "entity_type=b.BenchlingEntityType.CUSTOM_ENTITY), [])");
    g_autoptr(LimOperation) unit = parse_op (
      "b.CreateEntitySchema(b.BaseSchemaProperties(name='Flour Sack', warehouse_name='flour_sack', prefix='FS', "
      "entity_type=b.BenchlingEntityType.CUSTOM_ENTITY), [b.BaseFieldProperties(name='W', warehouse_name='w', "
      "type=b.BenchlingFieldType.DECIMAL, unit_name='stone')])");
    g_autoptr(LimOperation) dup_name = parse_op (
      "b.CreateEntitySchema(b.BaseSchemaProperties(name='Legacy Oven', warehouse_name='legacy_oven', prefix='LX', "
      "entity_type=b.BenchlingEntityType.CUSTOM_ENTITY), [])");
    g_autoptr(LimOperation) dup_wh = parse_op (
      "b.CreateEntitySchema(b.BaseSchemaProperties(name='Legacy Oven 2', warehouse_name='legacy_oven', prefix='LX', "
      "entity_type=b.BenchlingEntityType.CUSTOM_ENTITY), [])");
    g_autoptr(LimOperation) dup_prefix = parse_op (
      "b.CreateEntitySchema(b.BaseSchemaProperties(name='Pan', warehouse_name='pan', prefix='PZ', "
      "entity_type=b.BenchlingEntityType.CUSTOM_ENTITY), [])");
    g_autoptr(LimOperation) template = parse_op (
      "b.CreateEntitySchema(b.BaseSchemaProperties(name='Pan', warehouse_name='pan', prefix='PAN', "
      "entity_type=b.BenchlingEntityType.CUSTOM_ENTITY, naming_strategies={b.BenchlingNamingStrategy.REPLACE_NAMES_WITH_TEMPLATE}), [])");
    g_autoptr(LimOperation) bad_dropdown = parse_op (
      "b.CreateEntitySchema(b.BaseSchemaProperties(name='Pan', warehouse_name='pan', prefix='PAN', "
      "entity_type=b.BenchlingEntityType.CUSTOM_ENTITY), [b.BaseFieldProperties(name='D', warehouse_name='d', "
      "type=b.BenchlingFieldType.DROPDOWN, dropdown_link='Nope')])");

    assert_invalid (custom, m2, 0, LIM_APPLY_ERROR_VALIDATE,
                    "CreateEntitySchema Flour Sack: Tenant config flag SCHEMAS_ENABLE_CHANGE_WAREHOUSE_NAME is required to set "
                    "a custom schema warehouse name. Reach out to Benchling support to turn this config flag to True and then "
                    "set the flag to True in BenchlingConnection.config_flags. Otherwise, define the schema warehouse_name in "
                    "code to be the given Benchling warehouse name: flour_sack.");
    g_assert_true (lim_apply_validate (custom, m2, LIM_APPLY_FLAG_CHANGE_WAREHOUSE_NAME, NULL));
    assert_invalid (unit, m2, 0, LIM_APPLY_ERROR_VALIDATE,
                    "CreateEntitySchema flour_sack: On field w, unit stone not found in Benchling Unit Dictionary as a valid "
                    "unit. Please check the field definition or your Unit Dictionary.");
    /* Name/warehouse uniqueness covers every registry. */
    assert_invalid (dup_name, m2, 0, LIM_APPLY_ERROR_EXECUTE, "Entity schema name Legacy Oven already exists in Benchling.");
    assert_invalid (dup_wh, m2, LIM_APPLY_FLAG_CHANGE_WAREHOUSE_NAME, LIM_APPLY_ERROR_EXECUTE,
                    "Entity schema warehouse name legacy_oven already exists in Benchling.");
    assert_invalid (dup_prefix, m2, 0, LIM_APPLY_ERROR_EXECUTE, "Entity schema prefix PZ already exists in Benchling.");
    g_assert_true (lim_apply_validate (dup_prefix, m2, LIM_APPLY_FLAG_FIELDSETS, NULL));
    assert_invalid (template, m2, 0, LIM_APPLY_ERROR_EXECUTE,
                    "Invalid naming strategies for schema. Cannot create entity schema using template-based naming strategies.");
    assert_invalid (bad_dropdown, m2, 0, LIM_APPLY_ERROR_EXECUTE, "Dropdown Nope not found in given list.");
  }
  {
    /* Archived schema: unarchive only when it is what the create makes.
     * Liminal practically never does (§4.4 quirk: fields carry warehouse
     * names in code); here unset and None keys read as Benchling's
     * defaults (issue 14), and a key the revision sets must match. */
    g_autoptr(LimSnapshot) m3 = load_model ();
    g_autoptr(LimOperation) sauce = parse_op (
      "b.CreateEntitySchema(b.BaseSchemaProperties(name='Pizza Sauce', warehouse_name='pizza_sauce', prefix='PS', "
      "entity_type=b.BenchlingEntityType.MIXTURE, naming_strategies={b.BenchlingNamingStrategy.NEW_IDS, "
      "b.BenchlingNamingStrategy.IDS_FROM_NAMES}, mixture_schema_config=b.MixtureSchemaConfig(allowMeasuredIngredients=False, "
      "componentLotStorageEnabled=False, componentLotTextEnabled=False)), "
      "[b.BaseFieldProperties(name='Acidity', type=b.BenchlingFieldType.DECIMAL, required=False, is_multi=False, "
      "parent_link=False, dropdown_link=None, entity_link=None, tooltip=None, decimal_places=2, unit_name=None)])");
    g_autoptr(LimOperation) sauce_wh = parse_op (
      "b.CreateEntitySchema(b.BaseSchemaProperties(name='Pizza Sauce', warehouse_name='pizza_sauce', prefix='PS', "
      "entity_type=b.BenchlingEntityType.MIXTURE, naming_strategies={b.BenchlingNamingStrategy.NEW_IDS, "
      "b.BenchlingNamingStrategy.IDS_FROM_NAMES}, mixture_schema_config=b.MixtureSchemaConfig(allowMeasuredIngredients=False, "
      "componentLotStorageEnabled=False, componentLotTextEnabled=False)), "
      "[b.BaseFieldProperties(name='Acidity', warehouse_name='acidity', type=b.BenchlingFieldType.DECIMAL, required=None, "
      "is_multi=None, parent_link=None, dropdown_link=None, entity_link=None, tooltip=None, decimal_places=2, unit_name=None)])");
    g_autoptr(LimOperation) sauce_differs = parse_op (
      "b.CreateEntitySchema(b.BaseSchemaProperties(name='Pizza Sauce', warehouse_name='pizza_sauce', prefix='PS', "
      "entity_type=b.BenchlingEntityType.MIXTURE, naming_strategies={b.BenchlingNamingStrategy.NEW_IDS, "
      "b.BenchlingNamingStrategy.IDS_FROM_NAMES}, mixture_schema_config=b.MixtureSchemaConfig(allowMeasuredIngredients=False, "
      "componentLotStorageEnabled=False, componentLotTextEnabled=False)), "
      "[b.BaseFieldProperties(name='Acidity', warehouse_name='acidity', type=b.BenchlingFieldType.DECIMAL, "
      "decimal_places=3)])");
    g_autoptr(LimOperation) sauce_other_wh = parse_op (
      "b.CreateEntitySchema(b.BaseSchemaProperties(name='Pizza Sauce', warehouse_name='pizza_sauce', prefix='PS', "
      "entity_type=b.BenchlingEntityType.MIXTURE, naming_strategies={b.BenchlingNamingStrategy.NEW_IDS, "
      "b.BenchlingNamingStrategy.IDS_FROM_NAMES}, mixture_schema_config=b.MixtureSchemaConfig(allowMeasuredIngredients=False, "
      "componentLotStorageEnabled=False, componentLotTextEnabled=False)), "
      "[b.BaseFieldProperties(name='Acidity', warehouse_name='ph', type=b.BenchlingFieldType.DECIMAL, "
      "decimal_places=2)])");
    g_autoptr(GPtrArray) reqs2 = NULL;
    g_autoptr(GPtrArray) reqs3 = NULL;

    assert_invalid (sauce_differs, m3, 0, LIM_APPLY_ERROR_EXECUTE,
                    "Entity schema pizza_sauce is different in code versus Benchling. Cannot unarchive.");
    assert_invalid (sauce_other_wh, m3, 0, LIM_APPLY_ERROR_EXECUTE,
                    "Entity schema pizza_sauce is different in code versus Benchling. Cannot unarchive.");
    reqs3 = build_ok (sauce_wh, m3, 0);
    g_assert_cmpuint (reqs3->len, ==, 1);
    assert_request (g_ptr_array_index (reqs3, 0), "POST", "/1/api/tag-schemas:bulk-unarchive", LIM_REALM_INTERNAL,
                    "{\"ids\":[\"ts_sauce\"]}");
    assert_state (sauce, m3, LIM_APPLY_STATE_NOT_APPLIED);
    reqs2 = build_ok (sauce, m3, 0);
    g_assert_cmpuint (reqs2->len, ==, 1);
    assert_request (g_ptr_array_index (reqs2, 0), "POST", "/1/api/tag-schemas:bulk-unarchive", LIM_REALM_INTERNAL,
                    "{\"ids\":[\"ts_sauce\"]}");
    apply_ok (sauce, m3, 0);
    g_assert_false (lim_snapshot_schema_is_archived (lim_snapshot_lookup_schema (m3, "pizza_sauce")));
  }
  {
    /* Real ids from the alpha-create response. */
    g_autoptr(LimSnapshot) m4 = load_model ();
    g_autoptr(JsonNode) resp = parse_json ("{\"id\":\"ts_flour\",\"fields\":[{\"id\":\"tsf_mill\",\"systemName\":\"mill\"},"
                                           "{\"id\":\"tsf_weight\",\"name\":\"Weight\"}]}");
    const LimSnapshotSchema *fs;
    g_assert_true (lim_apply_with_response (op, m4, 0, resp, NULL));
    fs = lim_snapshot_lookup_schema (m4, "flour_sack");
    g_assert_cmpstr (lim_snapshot_schema_get_id (fs), ==, "ts_flour");
    g_assert_false (fs->provisional);
    g_assert_cmpstr (lim_snapshot_field_get_api_id (g_ptr_array_index (fs->fields, 0)), ==, "tsf_mill");
    g_assert_cmpstr (lim_snapshot_field_get_api_id (g_ptr_array_index (fs->fields, 1)), ==, "tsf_weight");
    /* The public answer has no internal field ids: still placeholders. */
    g_assert_true (((LimSnapshotField *) g_ptr_array_index (fs->fields, 0))->provisional);
  }
}

static void
test_op_create_entity_schema_sequence (void)
{
  g_autoptr(LimSnapshot) m = load_model ();
  g_autoptr(LimOperation) op = parse_op (
    "b.CreateEntitySchema(b.BaseSchemaProperties(name='Guide RNA', warehouse_name='guide_rna', prefix='GRNA', "
    "entity_type=b.BenchlingEntityType.RNA_SEQUENCE, naming_strategies={b.BenchlingNamingStrategy.NEW_IDS}, "
    "constraint_fields={'bases'}, show_bases_in_expanded_view=True), [])");
  g_autoptr(LimOperation) quirk = parse_op (
    "b.CreateEntitySchema(b.BaseSchemaProperties(name='Guide RNA', warehouse_name='guide_rna', prefix='GRNA', "
    "entity_type=b.BenchlingEntityType.CUSTOM_ENTITY, constraint_fields={'spacer'}), "
    "[b.BaseFieldProperties(name='Spacer', warehouse_name='spacer', type=b.BenchlingFieldType.TEXT)])");
  g_autoptr(GPtrArray) reqs = NULL;
  JsonObject *body;
  g_autofree char *constraint = NULL;
  g_autoptr(JsonNode) cnode = NULL;

  reqs = build_ok (op, m, 0);
  body = json_node_get_object (((LimRequest *) g_ptr_array_index (reqs, 0))->body);
  cnode = json_node_init_object (json_node_alloc (), json_object_get_object_member (body, "constraint"));
  constraint = json_to_string (cnode, FALSE);
  g_assert_cmpstr (constraint, ==,
                   "{\"areUniqueResiduesCaseSensitive\":false,\"fields\":[],\"hasUniqueCanonicalSmiles\":false,"
                   "\"hasUniqueResidues\":true}");
  g_assert_cmpstr (json_object_get_string_member (body, "type"), ==, "rna_sequence");
  g_assert_true (json_object_get_boolean_member (body, "showResidues"));
  /* Quirk §7.3.1: an ordinary constraint field is looked up as a schema. */
  assert_invalid (quirk, m, 0, LIM_APPLY_ERROR_EXECUTE, "Schema spacer not found in Benchling pizzahouse.");
  apply_ok (op, m, 0);
  g_assert_cmpstr (lim_props_get_str (lim_snapshot_lookup_schema (m, "guide_rna")->props, LIM_SCHEMA_ENTITY_TYPE), ==,
                   "rna_sequence");
  g_assert_cmpuint (lim_props_get_set (lim_snapshot_lookup_schema (m, "guide_rna")->props, LIM_SCHEMA_CONSTRAINT_FIELDS)->len,
                    ==, 1);
}

static void
test_op_archive_unarchive_entity_schema (void)
{
  g_autoptr(LimSnapshot) m = load_model ();
  g_autoptr(LimOperation) ar = parse_op ("b.ArchiveEntitySchema('topping')");
  g_autoptr(LimOperation) un = parse_op ("b.UnarchiveEntitySchema('topping')");
  g_autoptr(LimOperation) missing = parse_op ("b.ArchiveEntitySchema('legacy_oven')");
  g_autoptr(GPtrArray) reqs = NULL;
  g_autoptr(GPtrArray) reqs2 = NULL;

  assert_state (ar, m, LIM_APPLY_STATE_NOT_APPLIED);
  assert_state (un, m, LIM_APPLY_STATE_APPLIED);
  assert_invalid (un, m, 0, LIM_APPLY_ERROR_EXECUTE, "Entity schema topping is already unarchived in Benchling.");
  /* Another registry's schema is not found. */
  assert_invalid (missing, m, 0, LIM_APPLY_ERROR_EXECUTE, "Schema legacy_oven not found in Benchling pizzahouse.");
  reqs = build_ok (ar, m, 0);
  assert_request (g_ptr_array_index (reqs, 0), "POST", "/1/api/tag-schemas:bulk-archive", LIM_REALM_INTERNAL,
                  "{\"ids\":[\"ts_topping\"],\"purpose\":\"Made in error\"}");
  g_assert_false (((LimRequest *) g_ptr_array_index (reqs, 0))->polls_status);
  apply_ok (ar, m, 0);
  assert_state (ar, m, LIM_APPLY_STATE_APPLIED);
  assert_state (un, m, LIM_APPLY_STATE_NOT_APPLIED);
  assert_invalid (ar, m, 0, LIM_APPLY_ERROR_EXECUTE, "Entity schema topping is already archived in Benchling.");
  reqs2 = build_ok (un, m, 0);
  assert_request (g_ptr_array_index (reqs2, 0), "POST", "/1/api/tag-schemas:bulk-unarchive", LIM_REALM_INTERNAL,
                  "{\"ids\":[\"ts_topping\"]}");
  apply_ok (un, m, 0);
  assert_state (un, m, LIM_APPLY_STATE_APPLIED);
}

static void
test_op_update_entity_schema (void)
{
  g_autoptr(LimSnapshot) m = load_model ();
  g_autoptr(LimOperation) op = parse_op (
    "b.UpdateEntitySchema('topping', b.BaseSchemaProperties(name='Pizza Topping', prefix='PT', "
    "naming_strategies={b.BenchlingNamingStrategy.NEW_IDS}, include_registry_id_in_chips=True, "
    "constraint_fields={'spicy', 'ghost'}))");
  g_autoptr(LimOperation) rename = parse_op (
    "b.UpdateEntitySchema('topping', b.BaseSchemaProperties(warehouse_name='pizza_topping'))");
  g_autoptr(LimOperation) dup_name = parse_op ("b.UpdateEntitySchema('topping', b.BaseSchemaProperties(name='Pizza'))");
  g_autoptr(LimOperation) self_name = parse_op ("b.UpdateEntitySchema('topping', b.BaseSchemaProperties(name='Topping'))");
  g_autoptr(LimOperation) dup_wh = parse_op ("b.UpdateEntitySchema('topping', b.BaseSchemaProperties(warehouse_name='pizza'))");
  g_autoptr(LimOperation) dup_prefix = parse_op ("b.UpdateEntitySchema('topping', b.BaseSchemaProperties(prefix='DB'))");
  g_autoptr(LimOperation) clear = parse_op (
    "b.UpdateEntitySchema('yeast_strain_plasmid', b.BaseSchemaProperties(constraint_fields=set(), "
    "entity_type=b.BenchlingEntityType.RNA_SEQUENCE, show_bases_in_expanded_view=False))");
  g_autoptr(GPtrArray) reqs = NULL;
  g_autoptr(GPtrArray) reqs2 = NULL;
  g_autoptr(GPtrArray) reqs3 = NULL;
  JsonObject *body;
  JsonObject *constraint;
  g_autofree char *keys = NULL;
  g_autofree char *ckeys = NULL;
  const LimSnapshotSchema *s;

  assert_state (op, m, LIM_APPLY_STATE_NOT_APPLIED);
  reqs = build_ok (op, m, 0);
  g_assert_cmpuint (reqs->len, ==, 1);
  assert_request (g_ptr_array_index (reqs, 0), "POST", "/1/api/tag-schemas/ts_topping/actions/update", LIM_REALM_INTERNAL, NULL);
  g_assert_true (((LimRequest *) g_ptr_array_index (reqs, 0))->polls_status);
  body = json_node_get_object (((LimRequest *) g_ptr_array_index (reqs, 0))->body);
  keys = object_keys (body);
  g_assert_cmpstr (keys, ==, "prefix,name,labelingStrategies,includeRegistryIdInChips,constraint");
  g_assert_cmpstr (json_object_get_string_member (body, "name"), ==, "Pizza Topping");
  constraint = json_object_get_object_member (body, "constraint");
  ckeys = object_keys (constraint);
  g_assert_cmpstr (ckeys, ==, "areUniqueResiduesCaseSensitive,fields,uniqueCanonicalSmiles,uniqueResidues");
  /* Only active existing fields, as full TagField objects. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (constraint, "fields")), ==, 1);
  {
    JsonObject *cf = json_array_get_object_element (json_object_get_array_member (constraint, "fields"), 0);
    g_autofree char *fkeys = object_keys (cf);
    g_assert_cmpstr (fkeys, ==, TAG_FIELD_KEYS);
    g_assert_cmpstr (json_object_get_string_member (cf, "systemName"), ==, "spicy");
  }
  g_assert_false (json_object_get_boolean_member (constraint, "uniqueResidues"));

  assert_invalid (rename, m, 0, LIM_APPLY_ERROR_VALIDATE,
                  "UpdateEntitySchema topping: Tenant config flag SCHEMAS_ENABLE_CHANGE_WAREHOUSE_NAME is required to "
                  "update the schema warehouse_name to a custom name. Reach out to Benchling support to turn this config "
                  "flag to True and then set the flag to True in BenchlingConnection.config_flags.");
  assert_invalid (dup_name, m, 0, LIM_APPLY_ERROR_EXECUTE, "Entity schema name Pizza already exists in Benchling.");
  /* The schema itself counts (Liminal checks every schema). */
  assert_invalid (self_name, m, 0, LIM_APPLY_ERROR_EXECUTE, "Entity schema name Topping already exists in Benchling.");
  assert_invalid (dup_wh, m, LIM_APPLY_FLAG_CHANGE_WAREHOUSE_NAME, LIM_APPLY_ERROR_EXECUTE,
                  "Entity schema warehouse name pizza already exists in Benchling.");
  assert_invalid (dup_prefix, m, 0, LIM_APPLY_ERROR_EXECUTE, "Entity schema prefix DB already exists in Benchling.");
  g_assert_true (lim_apply_validate (dup_prefix, m, LIM_APPLY_FLAG_FIELDSETS, NULL));

  apply_ok (op, m, 0);
  s = lim_snapshot_lookup_schema (m, "topping");
  g_assert_cmpstr (lim_snapshot_schema_get_name (s), ==, "Pizza Topping");
  g_assert_cmpstr (lim_snapshot_schema_get_prefix (s), ==, "PT");
  g_assert_true (lim_props_get_bool (s->props, LIM_SCHEMA_INCLUDE_REGISTRY_ID_IN_CHIPS));
  assert_state (op, m, LIM_APPLY_STATE_APPLIED);

  /* Rename the warehouse name: entity links elsewhere follow. */
  assert_state (rename, m, LIM_APPLY_STATE_NOT_APPLIED);
  reqs2 = build_ok (rename, m, LIM_APPLY_FLAG_CHANGE_WAREHOUSE_NAME);
  assert_request (g_ptr_array_index (reqs2, 0), "POST", "/1/api/tag-schemas/ts_topping/actions/update", LIM_REALM_INTERNAL,
                  "{\"sqlIdentifier\":\"pizza_topping\"}");
  apply_ok (rename, m, LIM_APPLY_FLAG_CHANGE_WAREHOUSE_NAME);
  g_assert_null (lim_snapshot_lookup_schema (m, "topping"));
  g_assert_nonnull (lim_snapshot_lookup_schema (m, "pizza_topping"));
  assert_state (rename, m, LIM_APPLY_STATE_APPLIED);
  g_assert_cmpstr (lim_props_get_str (lim_snapshot_schema_lookup_field (lim_snapshot_lookup_schema (m, "pizza"), "topping_refs")->props,
                                      LIM_FIELD_ENTITY_LINK), ==, "pizza_topping");

  /* Entity type and constraint clearing. */
  reqs3 = build_ok (clear, m, 0);
  assert_request (g_ptr_array_index (reqs3, 0), "POST", "/1/api/tag-schemas/ts_plasmid/actions/update", LIM_REALM_INTERNAL,
                  "{\"folderItemType\":\"sequence\",\"sequenceType\":\"RNA_SEQUENCE\",\"showResidues\":false,\"constraint\":null}");
  assert_state (clear, m, LIM_APPLY_STATE_NOT_APPLIED);
  apply_ok (clear, m, 0);
  assert_state (clear, m, LIM_APPLY_STATE_APPLIED);
  g_assert_cmpuint (lim_props_get_set (lim_snapshot_lookup_schema (m, "yeast_strain_plasmid")->props,
                                       LIM_SCHEMA_CONSTRAINT_FIELDS)->len, ==, 0);
}

static void
test_op_update_name_template (void)
{
  g_autoptr(LimSnapshot) m = load_model ();
  g_autoptr(LimOperation) op = parse_op (
    "b.UpdateEntitySchemaNameTemplate('pizza', b.BaseNameTemplate(parts=[b.TextPart(value='PZ'), "
    "b.SeparatorPart(value='-'), b.FieldPart(wh_field_name='crust_style'), b.ParentLotNumberPart(wh_field_name='dough_batch')]))");
  g_autoptr(LimOperation) order = parse_op (
    "b.UpdateEntitySchemaNameTemplate('yeast_strain_plasmid', b.BaseNameTemplate(order_name_parts_by_sequence=False))");
  g_autoptr(LimOperation) missing = parse_op (
    "b.UpdateEntitySchemaNameTemplate('pizza', b.BaseNameTemplate(parts=[b.FieldPart(wh_field_name='is_sourdough')]))");
  g_autoptr(LimOperation) not_parent = parse_op (
    "b.UpdateEntitySchemaNameTemplate('pizza', b.BaseNameTemplate(parts=[b.ParentRegistryIdPart(wh_field_name='oven')]))");
  g_autoptr(LimOperation) order_custom = parse_op (
    "b.UpdateEntitySchemaNameTemplate('pizza', b.BaseNameTemplate(order_name_parts_by_sequence=True))");
  g_autoptr(GPtrArray) reqs = NULL;
  g_autoptr(GPtrArray) reqs2 = NULL;

  /* Only nucleotide sequence schemas order name parts by sequence (§6.9):
   * refused before anything is sent, where Liminal sends it. */
  assert_invalid (order_custom, m, 0, LIM_APPLY_ERROR_EXECUTE,
                  "Entity schema pizza is a custom_entity schema: only DNA/RNA sequence and oligo schemas can order "
                  "name parts by sequence.");
  assert_state (op, m, LIM_APPLY_STATE_NOT_APPLIED);
  reqs = build_ok (op, m, 0);
  assert_request (g_ptr_array_index (reqs, 0), "POST", "/1/api/tag-schemas/ts_pizza/actions/set-name-template",
                  LIM_REALM_INTERNAL,
                  "{\"nameTemplateParts\":[{\"type\":\"TEXT\",\"fieldId\":null,\"text\":\"PZ\",\"datetimeFormat\":null},"
                  "{\"type\":\"SEPARATOR\",\"fieldId\":null,\"text\":\"-\",\"datetimeFormat\":null},"
                  "{\"type\":\"FIELD\",\"fieldId\":\"tsf_pizza_crust\",\"text\":null,\"datetimeFormat\":null},"
                  "{\"type\":\"CHILD_ENTITY_LOT_NUMBER\",\"fieldId\":\"tsf_pizza_dough\",\"text\":null,\"datetimeFormat\":null}],"
                  "\"shouldOrderNamePartsBySequence\":false}");
  g_assert_false (((LimRequest *) g_ptr_array_index (reqs, 0))->polls_status);
  /* Unset keys keep their remote values. */
  reqs2 = build_ok (order, m, 0);
  assert_request (g_ptr_array_index (reqs2, 0), "POST", "/1/api/tag-schemas/ts_plasmid/actions/set-name-template",
                  LIM_REALM_INTERNAL,
                  "{\"nameTemplateParts\":[{\"type\":\"FIELD\",\"fieldId\":\"tsf_plasmid_code\",\"text\":null,\"datetimeFormat\":null},"
                  "{\"type\":\"SEPARATOR\",\"fieldId\":null,\"text\":\"-\",\"datetimeFormat\":null},"
                  "{\"type\":\"CREATED_AT_YEAR\",\"fieldId\":null,\"text\":null,\"datetimeFormat\":null}],"
                  "\"shouldOrderNamePartsBySequence\":false}");
  /* Archived fields do not count. */
  assert_invalid (missing, m, 0, LIM_APPLY_ERROR_EXECUTE, "Field is_sourdough not found in fields");
  assert_invalid (not_parent, m, 0, LIM_APPLY_ERROR_EXECUTE,
                  "Field oven is not a parent link field. The field for type LINKED_BIOENTITY_REGISTRY_IDENTIFIER must be a "
                  "parent link field.");
  apply_ok (op, m, 0);
  assert_state (op, m, LIM_APPLY_STATE_APPLIED);
  assert_state (order, m, LIM_APPLY_STATE_NOT_APPLIED);
  apply_ok (order, m, 0);
  assert_state (order, m, LIM_APPLY_STATE_APPLIED);
  g_assert_cmpint (lim_snapshot_lookup_schema (m, "yeast_strain_plasmid")->name_template->order_name_parts_by_sequence, ==,
                   LIM_TRI_FALSE);
}

static void
test_op_create_entity_schema_field (void)
{
  g_autoptr(LimSnapshot) m = load_model ();
  g_autoptr(LimOperation) op = parse_op (
    "b.CreateEntitySchemaField('pizza', b.BaseFieldProperties(name='Slice Count', warehouse_name='slice_count', "
    "type=b.BenchlingFieldType.INTEGER, required=False, is_multi=False, parent_link=False, tooltip='How many slices'), 2)");
  g_autoptr(LimOperation) link = parse_op (
    "b.CreateEntitySchemaField('topping', b.BaseFieldProperties(name='Best On', warehouse_name='best_on', "
    "type=b.BenchlingFieldType.ENTITY_LINK, required=False, is_multi=False, parent_link=False, entity_link='pizza', "
    "dropdown_link=None, unit_name=None), None)");
  g_autoptr(LimOperation) custom_wh = parse_op (
    "b.CreateEntitySchemaField('pizza', b.BaseFieldProperties(name='Slice Count', warehouse_name='slices', "
    "type=b.BenchlingFieldType.INTEGER), 0)");
  g_autoptr(LimOperation) bad_unit = parse_op (
    "b.CreateEntitySchemaField('pizza', b.BaseFieldProperties(name='Diameter', warehouse_name='diameter', "
    "type=b.BenchlingFieldType.DECIMAL, unit_name='inch'), 0)");
  g_autoptr(LimOperation) active = parse_op (
    "b.CreateEntitySchemaField('pizza', b.BaseFieldProperties(name='Oven', warehouse_name='oven', "
    "type=b.BenchlingFieldType.DROPDOWN), 0)");
  g_autoptr(LimOperation) differs = parse_op (
    "b.CreateEntitySchemaField('pizza', b.BaseFieldProperties(name='Is Sourdough', warehouse_name='is_sourdough', "
    "type=b.BenchlingFieldType.BOOLEAN), 0)");
  g_autoptr(LimOperation) same = parse_op (
    "b.CreateEntitySchemaField('pizza', b.BaseFieldProperties(name='Is Sourdough', warehouse_name='is_sourdough', "
    "type=b.BenchlingFieldType.BOOLEAN, required=False, is_multi=False, parent_link=False, dropdown_link=None, "
    "entity_link=None, tooltip=None, decimal_places=None, unit_name=None), 1)");
  g_autoptr(LimOperation) no_schema = parse_op (
    "b.CreateEntitySchemaField('calzone', b.BaseFieldProperties(name='X', warehouse_name='x', type=b.BenchlingFieldType.TEXT), 0)");
  g_autoptr(GPtrArray) reqs = NULL;
  g_autoptr(GPtrArray) reqs2 = NULL;
  g_autoptr(GPtrArray) reqs3 = NULL;
  LimRequest *req;
  JsonObject *nf;
  JsonObject *existing;
  g_autofree char *names = NULL;
  g_autofree char *nkeys = NULL;
  g_autofree char *ekeys = NULL;
  g_autofree char *lkeys = NULL;
  g_autofree char *order = NULL;

  assert_state (op, m, LIM_APPLY_STATE_NOT_APPLIED);
  reqs = build_ok (op, m, 0);
  g_assert_cmpuint (reqs->len, ==, 1);
  req = g_ptr_array_index (reqs, 0);
  assert_field_update_shape (req, "ts_pizza");
  names = body_field_names (req);
  g_assert_cmpstr (names, ==, "dough_batch,crust_style,slice_count,bake_temp,topping_refs,oven,is_sourdough(a),tasting_notes");
  nf = body_field (req, "slice_count");
  nkeys = object_keys (nf);
  g_assert_cmpstr (nkeys, ==, CREATE_FIELD_KEYS);
  g_assert_cmpstr (json_object_get_string_member (nf, "fieldType"), ==, "ft_integer");
  g_assert_cmpstr (json_object_get_string_member (nf, "tooltipText"), ==, "How many slices");
  lkeys = object_keys (json_object_get_object_member (nf, "requiredLink"));
  g_assert_cmpstr (lkeys, ==, LINK_KEYS);
  existing = body_field (req, "is_sourdough");
  ekeys = object_keys (existing);
  g_assert_cmpstr (ekeys, ==, TAG_FIELD_KEYS);
  g_assert_cmpint (json_object_get_int_member (existing, "id"), ==, 206);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (existing, "archiveRecord"), "purpose"), ==,
                   "Made in error");

  assert_invalid (custom_wh, m, 0, LIM_APPLY_ERROR_VALIDATE,
                  "CreateEntitySchemaField pizza: Tenant config flag SCHEMAS_ENABLE_CHANGE_WAREHOUSE_NAME is required to set "
                  "a custom field warehouse name. Reach out to Benchling support to turn this config flag to True and then set "
                  "the flag to True in BenchlingConnection.config_flags. Otherwise, define the field warehouse_name in code to "
                  "be the given Benchling warehouse name: slice_count.");
  assert_invalid (bad_unit, m, 0, LIM_APPLY_ERROR_VALIDATE,
                  "CreateEntitySchemaField pizza: On field diameter, unit inch not found in Benchling Unit Dictionary as a "
                  "valid unit. Please check the field definition or your Unit Dictionary.");
  assert_invalid (active, m, 0, LIM_APPLY_ERROR_EXECUTE, "Field oven is already active on entity schema pizza.");
  assert_invalid (differs, m, 0, LIM_APPLY_ERROR_EXECUTE,
                  "Field is_sourdough on entity schema pizza is different in code versus Benchling.");
  assert_invalid (no_schema, m, 0, LIM_APPLY_ERROR_EXECUTE, "Schema calzone not found in Benchling pizzahouse.");

  apply_ok (op, m, 0);
  order = field_order (m, "pizza");
  g_assert_cmpstr (order, ==, "dough_batch,crust_style,slice_count,bake_temp,topping_refs,oven,is_sourdough(a),tasting_notes");
  g_assert_true (lim_snapshot_schema_lookup_field (lim_snapshot_lookup_schema (m, "pizza"), "slice_count")->provisional);
  assert_state (op, m, LIM_APPLY_STATE_APPLIED);

  /* Identical archived field: unarchive at the index. */
  assert_state (same, m, LIM_APPLY_STATE_NOT_APPLIED);
  reqs2 = build_ok (same, m, 0);
  {
    g_autofree char *n2 = body_field_names (g_ptr_array_index (reqs2, 0));
    g_assert_cmpstr (n2, ==, "dough_batch,is_sourdough,crust_style,slice_count,bake_temp,topping_refs,oven,tasting_notes");
    g_assert_true (json_object_get_null_member (body_field (g_ptr_array_index (reqs2, 0), "is_sourdough"), "archiveRecord"));
  }
  apply_ok (same, m, 0);
  assert_state (same, m, LIM_APPLY_STATE_APPLIED);

  /* Entity link: the full target tag-schema object; None index appends. */
  reqs3 = build_ok (link, m, 0);
  {
    JsonObject *bf = body_field (g_ptr_array_index (reqs3, 0), "best_on");
    JsonObject *ts = json_object_get_object_member (json_object_get_object_member (bf, "requiredLink"), "tagSchema");
    g_autofree char *tkeys = object_keys (ts);
    g_autofree char *n3 = body_field_names (g_ptr_array_index (reqs3, 0));
    g_assert_cmpstr (tkeys, ==, TAG_SCHEMA_KEYS);
    g_assert_cmpstr (json_object_get_string_member (ts, "sqlIdentifier"), ==, "pizza");
    g_assert_cmpstr (n3, ==, "cheese,spicy,best_on");
    g_assert_true (json_object_get_null_member (json_object_get_object_member (bf, "requiredLink"), "folderItemType"));
  }
  apply_ok (link, m, 0);
  g_assert_cmpstr (lim_props_get_str (lim_snapshot_schema_lookup_field (lim_snapshot_lookup_schema (m, "topping"), "best_on")->props,
                                      LIM_FIELD_ENTITY_LINK), ==, "pizza");
}

static void
test_op_archive_unarchive_field (void)
{
  g_autoptr(LimSnapshot) m = load_model ();
  g_autoptr(LimOperation) ar = parse_op ("b.ArchiveEntitySchemaField('pizza', 'oven', 3)");
  g_autoptr(LimOperation) un = parse_op ("b.UnarchiveEntitySchemaField('pizza', 'is_sourdough', 0)");
  g_autoptr(LimOperation) un_end = parse_op ("b.UnarchiveEntitySchemaField('pizza', 'oven')");
  g_autoptr(LimOperation) missing = parse_op ("b.ArchiveEntitySchemaField('pizza', 'pineapple')");
  g_autoptr(LimOperation) missing2 = parse_op ("b.UnarchiveEntitySchemaField('pizza', 'pineapple')");
  g_autoptr(LimOperation) already = parse_op ("b.ArchiveEntitySchemaField('pizza', 'is_sourdough')");
  g_autoptr(LimOperation) active = parse_op ("b.UnarchiveEntitySchemaField('pizza', 'crust_style')");
  g_autoptr(GPtrArray) reqs = NULL;
  g_autoptr(GPtrArray) reqs2 = NULL;
  g_autoptr(GPtrArray) reqs3 = NULL;
  g_autofree char *n1 = NULL;
  g_autofree char *n2 = NULL;
  g_autofree char *n3 = NULL;

  assert_state (ar, m, LIM_APPLY_STATE_NOT_APPLIED);
  assert_state (missing, m, LIM_APPLY_STATE_UNKNOWN);
  assert_invalid (missing, m, 0, LIM_APPLY_ERROR_EXECUTE, "Field pineapple does not exist on entity schema pizza in Benchling.");
  assert_invalid (missing2, m, 0, LIM_APPLY_ERROR_EXECUTE, "Field pineapple does not exist on entity schema pizza in Benchling.");
  assert_invalid (already, m, 0, LIM_APPLY_ERROR_EXECUTE, "Field is_sourdough is already archived on entity schema pizza.");
  assert_invalid (active, m, 0, LIM_APPLY_ERROR_EXECUTE, "Field crust_style is already active on entity schema pizza.");

  /* The index is ignored when archiving. */
  reqs = build_ok (ar, m, 0);
  assert_field_update_shape (g_ptr_array_index (reqs, 0), "ts_pizza");
  n1 = body_field_names (g_ptr_array_index (reqs, 0));
  g_assert_cmpstr (n1, ==, "dough_batch,crust_style,bake_temp,topping_refs,oven(a),is_sourdough(a),tasting_notes");
  apply_ok (ar, m, 0);
  assert_state (ar, m, LIM_APPLY_STATE_APPLIED);
  assert_state (un_end, m, LIM_APPLY_STATE_NOT_APPLIED);

  /* Unarchive moves to the index, counted over allFields. */
  reqs2 = build_ok (un, m, 0);
  n2 = body_field_names (g_ptr_array_index (reqs2, 0));
  g_assert_cmpstr (n2, ==, "is_sourdough,dough_batch,crust_style,bake_temp,topping_refs,oven(a),tasting_notes");
  apply_ok (un, m, 0);
  assert_state (un, m, LIM_APPLY_STATE_APPLIED);
  reqs3 = build_ok (un_end, m, 0);
  n3 = body_field_names (g_ptr_array_index (reqs3, 0));
  g_assert_cmpstr (n3, ==, "is_sourdough,dough_batch,crust_style,bake_temp,topping_refs,tasting_notes,oven");
  apply_ok (un_end, m, 0);
  assert_state (un_end, m, LIM_APPLY_STATE_APPLIED);
}

static void
test_op_update_entity_schema_field (void)
{
  g_autoptr(LimSnapshot) m = load_model ();
  g_autoptr(LimOperation) op = parse_op (
    "b.UpdateEntitySchemaField('pizza', 'tasting_notes', b.BaseFieldProperties(name='Chef Notes', required=True, "
    "tooltip='Tasting notes'))");
  g_autoptr(LimOperation) clear_unit = parse_op (
    "b.UpdateEntitySchemaField('pizza', 'bake_temp', b.BaseFieldProperties(unit_name=None))");
  g_autoptr(LimOperation) retype = parse_op (
    "b.UpdateEntitySchemaField('pizza', 'topping_refs', b.BaseFieldProperties(type=b.BenchlingFieldType.CUSTOM_ENTITY_LINK, "
    "entity_link='dough_batch', is_multi=False))");
  g_autoptr(LimOperation) relink = parse_op (
    "b.UpdateEntitySchemaField('pizza', 'oven', b.BaseFieldProperties(dropdown_link='Cheese Type', decimal_places=None))");
  g_autoptr(LimOperation) unit = parse_op (
    "b.UpdateEntitySchemaField('dough_batch', 'proof_time', b.BaseFieldProperties(unit_name='degF'))");
  g_autoptr(LimOperation) unit_change = parse_op (
    "b.UpdateEntitySchemaField('pizza', 'bake_temp', b.BaseFieldProperties(unit_name='degF'))");
  g_autoptr(LimOperation) unit_bad = parse_op (
    "b.UpdateEntitySchemaField('dough_batch', 'proof_time', b.BaseFieldProperties(unit_name='fortnight'))");
  g_autoptr(LimOperation) unit_none = parse_op (
    "b.UpdateEntitySchemaField('dough_batch', 'proof_time', b.BaseFieldProperties(unit_name=None))");
  g_autoptr(LimOperation) wh = parse_op (
    "b.UpdateEntitySchemaField('pizza', 'bake_temp', b.BaseFieldProperties(warehouse_name='oven_temp'))");
  g_autoptr(LimOperation) dup_name = parse_op (
    "b.UpdateEntitySchemaField('pizza', 'oven', b.BaseFieldProperties(name='Is Sourdough'))");
  g_autoptr(LimOperation) dup_wh = parse_op (
    "b.UpdateEntitySchemaField('pizza', 'oven', b.BaseFieldProperties(warehouse_name='crust_style'))");
  g_autoptr(LimOperation) no_field = parse_op (
    "b.UpdateEntitySchemaField('pizza', 'pineapple', b.BaseFieldProperties(tooltip='x'))");
  g_autoptr(LimOperation) later_schema = parse_op (
    "b.UpdateEntitySchemaField('calzone', 'x', b.BaseFieldProperties(unit_name='parsec'))");
  g_autoptr(GPtrArray) reqs = NULL;
  g_autoptr(GPtrArray) reqs2 = NULL;
  g_autoptr(GPtrArray) reqs3 = NULL;
  g_autoptr(GPtrArray) reqs4 = NULL;
  g_autoptr(GPtrArray) reqs5 = NULL;
  JsonObject *f;
  const LimSnapshotField *mf;

  assert_state (op, m, LIM_APPLY_STATE_NOT_APPLIED);
  reqs = build_ok (op, m, 0);
  assert_field_update_shape (g_ptr_array_index (reqs, 0), "ts_pizza");
  f = body_field (g_ptr_array_index (reqs, 0), "tasting_notes");
  g_assert_cmpstr (json_object_get_string_member (f, "name"), ==, "Chef Notes");
  g_assert_true (json_object_get_boolean_member (f, "isRequired"));
  g_assert_cmpstr (json_object_get_string_member (f, "tooltipText"), ==, "Tasting notes");
  g_assert_cmpint (json_object_get_int_member (f, "id"), ==, 207);
  /* Unknown keys Benchling sent are dropped, known ones kept. */
  g_assert_cmpstr (json_object_get_string_member (f, "displayName"), ==, "Tasting Notes");
  {
    g_autofree char *n = body_field_names (g_ptr_array_index (reqs, 0));
    g_assert_cmpstr (n, ==, "dough_batch,crust_style,bake_temp,topping_refs,oven,is_sourdough(a),tasting_notes");
  }
  apply_ok (op, m, 0);
  assert_state (op, m, LIM_APPLY_STATE_APPLIED);
  mf = lim_snapshot_schema_lookup_field (lim_snapshot_lookup_schema (m, "pizza"), "tasting_notes");
  g_assert_cmpstr (lim_props_get_str (mf->props, LIM_FIELD_NAME), ==, "Chef Notes");

  /* type: requiredLink replaced; then entity_link embeds the full target. */
  reqs2 = build_ok (retype, m, 0);
  f = body_field (g_ptr_array_index (reqs2, 0), "topping_refs");
  g_assert_cmpstr (json_object_get_string_member (f, "fieldType"), ==, "ft_file_link");
  {
    JsonObject *rl = json_object_get_object_member (f, "requiredLink");
    JsonObject *ts = json_object_get_object_member (rl, "tagSchema");
    g_autofree char *tk = object_keys (ts);
    g_assert_cmpstr (json_object_get_string_member (rl, "folderItemType"), ==, "basic_folder_item");
    g_assert_cmpstr (tk, ==, TAG_SCHEMA_KEYS);
    g_assert_cmpstr (json_object_get_string_member (ts, "id"), ==, "ts_dough");
  }
  assert_state (retype, m, LIM_APPLY_STATE_NOT_APPLIED);
  apply_ok (retype, m, 0);
  assert_state (retype, m, LIM_APPLY_STATE_APPLIED);

  reqs3 = build_ok (relink, m, 0);
  f = body_field (g_ptr_array_index (reqs3, 0), "oven");
  g_assert_cmpstr (json_object_get_string_member (f, "schemaFieldSelectorId"), ==, "sfs_cheese");
  apply_ok (relink, m, 0);
  assert_state (relink, m, LIM_APPLY_STATE_APPLIED);

  /* Units: set once; never changed; must exist. */
  reqs4 = build_ok (unit, m, 0);
  f = body_field (g_ptr_array_index (reqs4, 0), "proof_time");
  g_assert_cmpstr (json_object_get_string_member (f, "unitApiIdentifier"), ==, "unit_degf");
  assert_invalid (unit_change, m, 0, LIM_APPLY_ERROR_VALIDATE,
                  "UpdateEntitySchemaField pizza: Updating unit name to degF on field bake_temp. The unit of this field "
                  "CANNOT be changed once it's been set.");
  assert_invalid (unit_bad, m, 0, LIM_APPLY_ERROR_VALIDATE,
                  "UpdateEntitySchemaField dough_batch: On field proof_time, unit fortnight not found in Benchling Unit "
                  "Dictionary as a valid unit. Please check the field definition or your Unit Dictionary.");
  /* Quirk: clearing a unit that is not set fails validate(). */
  assert_invalid (unit_none, m, 0, LIM_APPLY_ERROR_VALIDATE,
                  "UpdateEntitySchemaField dough_batch: On field proof_time, unit None not found in Benchling Unit "
                  "Dictionary as a valid unit. Please check the field definition or your Unit Dictionary.");
  assert_invalid (later_schema, m, 0, LIM_APPLY_ERROR_VALIDATE,
                  "UpdateEntitySchemaField calzone: On field x, unit parsec not found in Benchling Unit Dictionary as a "
                  "valid unit. Please check the field definition or your Unit Dictionary.");
  assert_invalid (wh, m, 0, LIM_APPLY_ERROR_VALIDATE,
                  "UpdateEntitySchemaField pizza: Tenant config flag SCHEMAS_ENABLE_CHANGE_WAREHOUSE_NAME is required to "
                  "update the field warehouse_name to a custom name. Reach out to Benchling support to turn this config flag "
                  "to True and then set the flag to True in BenchlingConnection.config_flags.");
  assert_invalid (dup_name, m, 0, LIM_APPLY_ERROR_EXECUTE,
                  "New field name Is Sourdough already exists on entity schema pizza and is archived in Benchling.");
  assert_invalid (dup_wh, m, LIM_APPLY_FLAG_CHANGE_WAREHOUSE_NAME, LIM_APPLY_ERROR_EXECUTE,
                  "New field warehouse name crust_style already exists on entity schema pizza and is active in Benchling.");
  assert_invalid (no_field, m, 0, LIM_APPLY_ERROR_EXECUTE, "Field 'pineapple' not found in schema");

  /* A None unit clears unitApiIdentifier (validate() refuses it first). */
  assert_invalid (clear_unit, m, 0, LIM_APPLY_ERROR_VALIDATE,
                  "UpdateEntitySchemaField pizza: Updating unit name to None on field bake_temp. The unit of this field "
                  "CANNOT be changed once it's been set.");
  {
    g_autoptr(GPtrArray) r = lim_apply_build_requests (clear_unit, m, 0, NULL);
    g_assert_true (json_object_get_null_member (body_field (g_ptr_array_index (r, 0), "bake_temp"), "unitApiIdentifier"));
  }

  {
    /* A renamed constraint field stays in the constraint under its new name. */
    g_autoptr(LimOperation) rn = parse_op (
      "b.UpdateEntitySchemaField('yeast_strain_plasmid', 'strain_code', b.BaseFieldProperties(warehouse_name='code'))");
    GPtrArray *cset;
    apply_ok (rn, m, LIM_APPLY_FLAG_CHANGE_WAREHOUSE_NAME);
    cset = lim_props_get_set (lim_snapshot_lookup_schema (m, "yeast_strain_plasmid")->props, LIM_SCHEMA_CONSTRAINT_FIELDS);
    g_assert_cmpuint (cset->len, ==, 2);
    g_assert_cmpstr (g_ptr_array_index (cset, 1), ==, "code");
  }

  /* Warehouse rename with the flag. */
  assert_state (wh, m, LIM_APPLY_STATE_NOT_APPLIED);
  reqs5 = build_ok (wh, m, LIM_APPLY_FLAG_CHANGE_WAREHOUSE_NAME);
  g_assert_nonnull (body_field (g_ptr_array_index (reqs5, 0), "oven_temp"));
  apply_ok (wh, m, LIM_APPLY_FLAG_CHANGE_WAREHOUSE_NAME);
  assert_state (wh, m, LIM_APPLY_STATE_APPLIED);
  g_assert_null (lim_snapshot_schema_lookup_field (lim_snapshot_lookup_schema (m, "pizza"), "bake_temp"));
}

static void
test_op_reorder_entity_schema_fields (void)
{
  g_autoptr(LimSnapshot) m = load_model ();
  g_autoptr(LimOperation) op = parse_op ("b.ReorderEntitySchemaFields('pizza', ['oven', 'bake_temp', 'dough_batch'])");
  g_autoptr(LimOperation) missing = parse_op ("b.ReorderEntitySchemaFields('calzone', ['x'])");
  g_autoptr(GPtrArray) reqs = NULL;
  g_autofree char *names = NULL;
  g_autofree char *order = NULL;

  assert_state (op, m, LIM_APPLY_STATE_NOT_APPLIED);
  reqs = build_ok (op, m, 0);
  assert_field_update_shape (g_ptr_array_index (reqs, 0), "ts_pizza");
  names = body_field_names (g_ptr_array_index (reqs, 0));
  g_assert_cmpstr (names, ==, "oven,bake_temp,dough_batch,crust_style,topping_refs,is_sourdough(a),tasting_notes");
  assert_invalid (missing, m, 0, LIM_APPLY_ERROR_EXECUTE, "Schema calzone not found in Benchling pizzahouse.");
  apply_ok (op, m, 0);
  order = field_order (m, "pizza");
  g_assert_cmpstr (order, ==, "oven,bake_temp,dough_batch,crust_style,topping_refs,is_sourdough(a),tasting_notes");
  assert_state (op, m, LIM_APPLY_STATE_APPLIED);
}

static void
test_rare_errors (void)
{
  g_autoptr(LimSnapshot) m = load_model ();
  g_autoptr(LimOperation) no_link = parse_op (
    "b.UpdateEntitySchemaField('pizza', 'tasting_notes', b.BaseFieldProperties(entity_link='dough_batch'))");
  g_autoptr(LimOperation) no_type = parse_op (
    "b.CreateEntitySchemaField('pizza', b.BaseFieldProperties(name='Mystery', warehouse_name='mystery'), 0)");
  g_autoptr(LimOperation) none_strategies = parse_op (
    "b.UpdateEntitySchema('pizza', b.BaseSchemaProperties(naming_strategies=None))");
  g_autoptr(LimOperation) bad_link = parse_op (
    "b.UpdateEntitySchemaField('pizza', 'topping_refs', b.BaseFieldProperties(entity_link='calzone'))");
  g_autoptr(LimOperation) unit = parse_op (
    "b.UpdateEntitySchemaField('dough_batch', 'proof_time', b.BaseFieldProperties(unit_name='fortnight'))");
  g_autoptr(LimOperation) unit_missing_field = parse_op (
    "b.UpdateEntitySchemaField('dough_batch', 'rise', b.BaseFieldProperties(unit_name='g'))");
  g_autoptr(LimOperation) other_type = parse_op (
    "b.CreateEntitySchemaField('pizza', b.BaseFieldProperties(name='Oven', warehouse_name='oven', "
    "type=b.BenchlingFieldType.TEXT), 0)");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) reqs = NULL;

  assert_invalid (no_link, m, 0, LIM_APPLY_ERROR_EXECUTE, "Required link on field Tasting Notes not found.");
  assert_invalid (no_type, m, 0, LIM_APPLY_ERROR_EXECUTE, "Field must have a type.");
  assert_invalid (none_strategies, m, 0, LIM_APPLY_ERROR_EXECUTE, "'NoneType' object is not iterable");
  assert_invalid (bad_link, m, 0, LIM_APPLY_ERROR_EXECUTE, "Schema calzone not found in Benchling pizzahouse.");
  assert_invalid (unit_missing_field, m, 0, LIM_APPLY_ERROR_VALIDATE, "Field 'rise' not found in schema");
  /* execute() resolves the unit again, with its own message. */
  reqs = lim_apply_build_requests (unit, m, 0, &error);
  g_assert_null (reqs);
  g_assert_true (g_str_has_suffix (error->message, "Unit fortnight not found in Benchling Unit Dictionary. Please check "
                                                   "the field definition or your Unit Dictionary."));
  g_clear_error (&error);

  /* validate() alone: flags and units only, no remote state. */
  g_assert_true (lim_apply_liminal_validate (no_type, m, 0, &error));
  g_assert_no_error (error);
  g_assert_false (lim_apply_liminal_validate (unit, m, 0, &error));
  g_assert_error (error, LIM_APPLY_ERROR, LIM_APPLY_ERROR_VALIDATE);
  g_clear_error (&error);

  /* An active field of another type is not what the create would make. */
  assert_state (other_type, m, LIM_APPLY_STATE_UNKNOWN);

  {
    /* A revision_id field without a display name. */
    g_autoptr(LimSnapshot) m2 = load_model ();
    LimSnapshotSchema *s = lim_snapshot_edit_schema (m2, lim_snapshot_lookup_schema (m2, "liminal_remote"));
    json_object_set_null_member (((LimSnapshotField *) g_ptr_array_index (s->fields, 0))->json, "name");
    lim_snapshot_schema_changed (m2, s);
    g_assert_null (lim_marker_get_revision_id (m2, &error));
    g_assert_cmpstr (error->message, ==, "No revision_id set in field name.");
  }
}

/* ---------------------------------------------------------------- marker, dry run, bench */

static void
test_marker (void)
{
  g_autoptr(LimSnapshot) m = load_model ();
  g_autoptr(LimSnapshot) empty = lim_snapshot_new ("src_pizza");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) same = NULL;
  g_autoptr(GPtrArray) update = NULL;
  g_autoptr(GPtrArray) create = NULL;
  JsonObject *f;

  same = lim_marker_build_requests (m, "c910418a5cab", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (same->len, ==, 0);

  update = lim_marker_build_requests (m, "fbbeb1c6856e", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (update->len, ==, 1);
  assert_field_update_shape (g_ptr_array_index (update, 0), "ts_remote");
  f = body_field (g_ptr_array_index (update, 0), "revision_id");
  g_assert_cmpstr (json_object_get_string_member (f, "name"), ==, "fbbeb1c6856e");
  g_assert_true (lim_marker_apply (m, "fbbeb1c6856e", 0, &error));
  g_assert_cmpstr (lim_marker_get_revision_id (m, NULL), ==, "fbbeb1c6856e");

  create = lim_marker_build_requests (empty, "c910418a5cab", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (create->len, ==, 1);
  assert_request (g_ptr_array_index (create, 0), "POST", "/api/v2-alpha/entity-schemas", LIM_REALM_PUBLIC,
                  "{\"fields\":[{\"name\":\"c910418a5cab\",\"systemName\":\"revision_id\",\"fieldType\":\"text\","
                  "\"isMulti\":false,\"isRequired\":true,\"isParentLink\":false,\"link\":{}}],\"name\":\"liminal_remote\","
                  "\"prefix\":\"liminal_remote\",\"registryId\":\"src_pizza\",\"type\":\"custom_entity\","
                  "\"includeRegistryIdInChips\":false,\"useOrganizationCollectionAliasForDisplayLabel\":false,"
                  "\"labelingStrategies\":[\"NEW_IDS\"],\"constraint\":{\"areUniqueResiduesCaseSensitive\":false,"
                  "\"fields\":[],\"hasUniqueCanonicalSmiles\":false,\"hasUniqueResidues\":false},\"showResidues\":false}");
  g_assert_true (lim_marker_apply (empty, "c910418a5cab", 0, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (lim_marker_get_revision_id (empty, NULL), ==, "c910418a5cab");

  {
    /* Two revision_id fields: Liminal's read error. */
    g_autoptr(LimOperation) add = parse_op (
      "b.CreateEntitySchemaField('liminal_remote', b.BaseFieldProperties(name='x', warehouse_name='revision_id', "
      "type=b.BenchlingFieldType.TEXT), 0)");
    g_autoptr(LimOperation) rename = parse_op (
      "b.UpdateEntitySchemaField('liminal_remote', 'revision_id', b.BaseFieldProperties(name='fbbeb1c6856e'))");
    g_autoptr(GPtrArray) none = NULL;

    /* Renaming onto an existing display name is refused. */
    assert_invalid (rename, m, 0, LIM_APPLY_ERROR_EXECUTE,
                    "New field name fbbeb1c6856e already exists on entity schema liminal_remote and is active in Benchling.");
    g_assert_false (lim_apply_validate (add, m, LIM_APPLY_FLAG_CHANGE_WAREHOUSE_NAME, NULL));
  }
  {
    g_autoptr(LimOperation) ar = parse_op ("b.ArchiveEntitySchemaField('liminal_remote', 'revision_id')");
    g_autoptr(GPtrArray) none = NULL;
    apply_ok (ar, m, 0);
    none = lim_marker_build_requests (m, "abc", 0, &error);
    g_assert_null (none);
    g_assert_error (error, LIM_SNAPSHOT_ERROR, LIM_SNAPSHOT_ERROR_REMOTE);
  }
}

static void
test_dry_run (void)
{
  g_autoptr(LimSnapshot) original = load_model ();
  g_autoptr(LimSnapshot) sim = lim_snapshot_copy (original);
  g_autoptr(JsonNode) before = lim_snapshot_to_json (original);
  g_autoptr(JsonNode) after = NULL;
  static const char * const revision[] = {
    "b.CreateDropdown('Flour Kind', ['Tipo 00', 'Semolina'])",
    "b.CreateDropdownOption('Flour Kind', 'Manitoba', 1)",
    FLOUR_SCHEMA,
    "b.CreateEntitySchemaField('flour_sack', b.BaseFieldProperties(name='Kind', warehouse_name='kind', "
    "type=b.BenchlingFieldType.DROPDOWN, dropdown_link='Flour Kind'), None)",
    "b.UpdateEntitySchemaField('flour_sack', 'mill', b.BaseFieldProperties(tooltip='Where it was milled'))",
    "b.UpdateEntitySchemaNameTemplate('flour_sack', b.BaseNameTemplate(parts=[b.FieldPart(wh_field_name='kind')]))",
    "b.ArchiveEntitySchemaField('pizza', 'oven')",
    "b.ReorderEntitySchemaFields('pizza', ['tasting_notes'])",
    "b.ArchiveDropdownOption('Oven Type', 'Gas')",
    "b.ArchiveEntitySchema('topping')",
  };
  guint n_requests = 0;
  g_autofree char *before_text = NULL;
  g_autofree char *after_text = NULL;

  /* Liminal validates every operation of the revision before running any. */
  for (guint i = 0; i < G_N_ELEMENTS (revision); i++)
    {
      g_autoptr(LimOperation) op = parse_op (revision[i]);
      g_autoptr(GError) error = NULL;
      g_assert_true (lim_apply_liminal_validate (op, sim, 0, &error));
      g_assert_no_error (error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (revision); i++)
    {
      g_autoptr(LimOperation) op = parse_op (revision[i]);
      g_autoptr(GPtrArray) reqs = NULL;
      g_autoptr(GError) error = NULL;

      assert_state (op, sim, LIM_APPLY_STATE_NOT_APPLIED);
      reqs = build_ok (op, sim, 0);
      n_requests += reqs->len;
      g_assert_true (lim_apply (op, sim, 0, &error));
      g_assert_no_error (error);
      assert_state (op, sim, LIM_APPLY_STATE_APPLIED);
      /* Replaying is refused or skipped, as Liminal would. */
      if (lim_apply_validate (op, sim, 0, NULL))
        {
          g_autoptr(GPtrArray) again = lim_apply_build_requests (op, sim, 0, NULL);
          g_assert_nonnull (again);
          if (op->spec->kind != LIM_OP_REORDER_ENTITY_SCHEMA_FIELDS &&
              op->spec->kind != LIM_OP_UPDATE_ENTITY_SCHEMA_FIELD &&
              op->spec->kind != LIM_OP_UPDATE_ENTITY_SCHEMA_NAME_TEMPLATE)
            g_assert_cmpuint (again->len, ==, 0);
        }
    }
  g_assert_cmpuint (n_requests, ==, G_N_ELEMENTS (revision));
  g_test_message ("dry run: %u operations, %u requests", (guint) G_N_ELEMENTS (revision), n_requests);

  /* The original is untouched. */
  after = lim_snapshot_to_json (original);
  before_text = json_to_string (before, FALSE);
  after_text = json_to_string (after, FALSE);
  g_assert_cmpstr (before_text, ==, after_text);
  g_assert_null (lim_snapshot_lookup_schema (original, "flour_sack"));
  g_assert_false (lim_snapshot_schema_is_archived (lim_snapshot_lookup_schema (original, "topping")));
  g_assert_true (lim_snapshot_schema_is_archived (lim_snapshot_lookup_schema (sim, "topping")));
  g_assert_cmpstr (lim_props_get_str (lim_snapshot_schema_lookup_field (lim_snapshot_lookup_schema (sim, "flour_sack"), "kind")->props,
                                      LIM_FIELD_DROPDOWN_LINK), ==, "Flour Kind");
  g_assert_true (lim_snapshot_has_provisional (sim));
  g_assert_false (lim_snapshot_has_provisional (original));
}

static void
test_responses_and_copies (void)
{
  g_autoptr(LimSnapshot) m = load_model ();
  g_autoptr(LimSnapshot) c1 = lim_snapshot_copy (m);
  g_autoptr(LimSnapshot) c2 = NULL;
  g_autoptr(LimOperation) field = parse_op (
    "b.CreateEntitySchemaField('topping', b.BaseFieldProperties(name='Heat', warehouse_name='heat', "
    "type=b.BenchlingFieldType.INTEGER), None)");
  g_autoptr(LimOperation) option = parse_op ("b.CreateDropdownOption('Cheese Type', 'Gorgonzola', 0)");
  g_autoptr(JsonNode) field_resp = parse_json ("{\"id\":\"ts_topping\",\"allFields\":[{\"id\":999,\"apiId\":\"tsf_heat\","
                                               "\"systemName\":\"heat\"}]}");
  g_autoptr(JsonNode) option_resp = parse_json ("{\"allSchemaFieldSelectorOptions\":[{\"id\":\"sfso_gorg\",\"name\":\"Gorgonzola\"}]}");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) reqs = NULL;
  g_autofree char *text = NULL;
  const LimSnapshotField *heat;

  g_assert_true (lim_apply_with_response (field, c1, 0, field_resp, &error));
  g_assert_no_error (error);
  heat = lim_snapshot_schema_lookup_field (lim_snapshot_lookup_schema (c1, "topping"), "heat");
  g_assert_cmpstr (lim_snapshot_field_get_api_id (heat), ==, "tsf_heat");
  g_assert_cmpint (lim_snapshot_field_get_internal_id (heat), ==, 999);
  g_assert_false (heat->provisional);
  g_assert_true (lim_apply_with_response (option, c1, 0, option_resp, &error));
  g_assert_cmpstr (lim_snapshot_dropdown_find_option (lim_snapshot_lookup_dropdown (c1, "Cheese Type"), "Gorgonzola")->id, ==,
                   "sfso_gorg");
  g_assert_false (lim_snapshot_has_provisional (c1));

  {
    /* Placeholders matter only to requests that would carry them. */
    g_autoptr(LimSnapshot) p = lim_snapshot_copy (c1);
    g_autoptr(LimOperation) tip = parse_op (
      "b.UpdateEntitySchemaField('topping', 'spicy', b.BaseFieldProperties(tooltip='Hot'))");
    g_autoptr(LimOperation) other = parse_op (
      "b.UpdateEntitySchemaField('pizza', 'oven', b.BaseFieldProperties(tooltip='Hot'))");
    g_autoptr(LimOperation) link = parse_op (
      "b.UpdateEntitySchemaField('pizza', 'topping_refs', b.BaseFieldProperties(entity_link='topping'))");
    g_autoptr(LimOperation) more = parse_op ("b.CreateDropdownOption('Cheese Type', 'Feta', 0)");
    g_autoptr(LimOperation) oven = parse_op ("b.CreateDropdownOption('Oven Type', 'Coal', 0)");
    g_autoptr(LimOperation) spicy = parse_op (
      "b.CreateEntitySchemaField('topping', b.BaseFieldProperties(name='Spice', warehouse_name='spice', "
      "type=b.BenchlingFieldType.INTEGER), None)");

    g_assert_false (lim_apply_needs_fresh_model (tip, p, 0));
    apply_ok (spicy, p, 0);
    apply_ok (more, p, 0);
    g_assert_true (lim_snapshot_has_provisional (p));
    g_assert_true (lim_apply_needs_fresh_model (tip, p, 0));
    g_assert_false (lim_apply_needs_fresh_model (other, p, 0));
    g_assert_true (lim_apply_needs_fresh_model (link, p, 0));
    g_assert_false (lim_apply_needs_fresh_model (option, p, 0));  /* skipped: nothing sent */
    g_assert_false (lim_apply_needs_fresh_model (oven, p, 0));
    {
      g_autoptr(LimOperation) reorder = parse_op ("b.ReorderDropdownOptions('Cheese Type', ['Feta'])");
      g_autoptr(GPtrArray) r = lim_apply_build_requests (reorder, p, 0, NULL);
      g_autofree char *body = body_string (g_ptr_array_index (r, 0));
      g_assert_true (lim_apply_needs_fresh_model (reorder, p, 0));
      /* A placeholder id is never sent. */
      g_assert_null (strstr (body, "provisional"));
    }
  }

  /* A copy of a copy; freeing the original first is fine. */
  c2 = lim_snapshot_copy (c1);
  g_clear_pointer (&m, lim_snapshot_unref);
  g_clear_pointer (&c1, lim_snapshot_unref);
  g_assert_nonnull (lim_snapshot_schema_lookup_field (lim_snapshot_lookup_schema (c2, "topping"), "heat"));
  reqs = lim_apply_build_requests (option, c2, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reqs->len, ==, 0);   /* already active: skipped */
  g_clear_pointer (&reqs, g_ptr_array_unref);
  {
    g_autoptr(LimOperation) ar = parse_op ("b.ArchiveDropdown('Cheese Type')");
    reqs = lim_apply_build_requests (ar, c2, 0, &error);
    text = lim_request_to_string (g_ptr_array_index (reqs, 0));
    g_assert_cmpstr (text, ==, "POST /1/api/schema-field-selectors:bulk-archive {\"ids\":[\"sfs_cheese\"],\"purpose\":\"Made in error\"}");
  }
}

static JsonObject *
bench_field (guint s, guint f)
{
  g_autofree char *api = g_strdup_printf ("tsf_%u_%u", s, f);
  g_autofree char *name = g_strdup_printf ("Field %u", f);
  g_autofree char *wh = g_strdup_printf ("field_%u", f);
  JsonObject *o = json_object_new ();
  static const char * const nulls[] = {
    "archiveRecord", "dbId", "decimalPrecision", "description", "displayName", "isComputed", "isConvertedFromLink",
    "isIntegration", "isSingleLink", "isSnapshot", "isUneditable", "legalTextSelectorId", "numericMax", "numericMin",
    "requiredLink", "schemaFieldSelectorId", "strictSelector", "tooltipText", "unitApiIdentifier",
  };

  json_object_set_int_member (o, "id", s * 100 + f);
  json_object_set_string_member (o, "fieldType", "ft_string");
  json_object_set_string_member (o, "name", name);
  json_object_set_string_member (o, "apiId", api);
  json_object_set_string_member (o, "systemName", wh);
  json_object_set_boolean_member (o, "isMulti", FALSE);
  json_object_set_boolean_member (o, "isRequired", FALSE);
  json_object_set_boolean_member (o, "isParentLink", FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (nulls); i++)
    json_object_set_null_member (o, nulls[i]);
  return o;
}

static void
test_bench (void)
{
  g_autoptr(LimSnapshot) m = lim_snapshot_new ("src_bench");
  g_autoptr(LimSnapshot) copy = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  double t_build, t_copy, t_apply;
  guint n_req = 0;

  for (guint s = 0; s < 1000; s++)
    {
      JsonObject *o = json_object_new ();
      JsonArray *fields = json_array_new ();
      g_autofree char *id = g_strdup_printf ("ts_%u", s);
      g_autofree char *name = g_strdup_printf ("Schema %u", s);
      g_autofree char *wh = g_strdup_printf ("schema_%u", s);
      g_autofree char *prefix = g_strdup_printf ("S%uX", s);
      g_autoptr(GError) error = NULL;

      for (guint f = 0; f < 40; f++)
        json_array_add_object_element (fields, bench_field (s, f));
      json_object_set_string_member (o, "id", id);
      json_object_set_string_member (o, "name", name);
      json_object_set_string_member (o, "sqlIdentifier", wh);
      json_object_set_string_member (o, "prefix", prefix);
      json_object_set_string_member (o, "registryId", "src_bench");
      json_object_set_string_member (o, "folderItemType", "basic_folder_item");
      json_object_set_null_member (o, "sequenceType");
      json_object_set_array_member (o, "labelingStrategies", json_array_new ());
      json_object_set_null_member (o, "archiveRecord");
      json_object_set_array_member (o, "nameTemplateParts", json_array_new ());
      json_object_set_array_member (o, "allFields", fields);
      g_assert_nonnull (lim_snapshot_add_schema_json (m, o, &error));
      g_assert_no_error (error);
    }
  t_build = g_timer_elapsed (timer, NULL);
  g_timer_start (timer);
  copy = lim_snapshot_copy (m);
  t_copy = g_timer_elapsed (timer, NULL);
  g_timer_start (timer);
  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *text = NULL;
      g_autoptr(LimOperation) op = NULL;
      g_autoptr(GPtrArray) reqs = NULL;
      g_autoptr(GError) error = NULL;

      switch (i % 4)
        {
        case 0:
          text = g_strdup_printf ("b.ArchiveEntitySchemaField('schema_%u', 'field_%u')", i * 7, i % 40);
          break;
        case 1:
          text = g_strdup_printf ("b.UpdateEntitySchemaField('schema_%u', 'field_3', b.BaseFieldProperties(tooltip='t'))", i * 7);
          break;
        case 2:
          text = g_strdup_printf ("b.ReorderEntitySchemaFields('schema_%u', ['field_39', 'field_1'])", i * 9);
          break;
        default:
          text = g_strdup_printf ("b.CreateEntitySchemaField('schema_%u', b.BaseFieldProperties(name='New One', "
                                  "warehouse_name='new_one', type=b.BenchlingFieldType.TEXT), 5)", i * 3);
          break;
        }
      op = parse_op (text);
      g_assert_true (lim_apply_validate (op, copy, 0, &error));
      g_assert_no_error (error);
      reqs = lim_apply_build_requests (op, copy, 0, &error);
      g_assert_no_error (error);
      n_req += reqs->len;
      g_assert_true (lim_apply (op, copy, 0, &error));
    }
  t_apply = g_timer_elapsed (timer, NULL);
  g_assert_cmpuint (n_req, ==, 100);
  g_assert_cmpuint (lim_snapshot_get_n_schemas (copy), ==, 1000);
  /* The original still has every field active. */
  g_assert_false (lim_snapshot_field_is_archived (lim_snapshot_schema_lookup_field (lim_snapshot_lookup_schema (m, "schema_0"), "field_0")));
  g_assert_true (lim_snapshot_field_is_archived (lim_snapshot_schema_lookup_field (lim_snapshot_lookup_schema (copy, "schema_0"), "field_0")));
  g_test_message ("bench: build 1000x40 %.1f ms, copy %.3f ms, 100 ops (validate+requests+apply) %.1f ms",
                  t_build * 1000, t_copy * 1000, t_apply * 1000);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model/load", test_model_load);
  g_test_add_func ("/model/convert-schemas", test_model_convert_schemas);
  g_test_add_func ("/model/convert-fields", test_model_convert_fields);
  g_test_add_func ("/model/dumps", test_model_dumps);
  g_test_add_func ("/model/fixture-contract", test_model_fixture_contract);
  g_test_add_func ("/model/errors", test_model_errors);
  g_test_add_func ("/model/remote", test_model_remote);
  g_test_add_func ("/model/to-json", test_model_to_json);
  g_test_add_func ("/apply/create-dropdown", test_op_create_dropdown);
  g_test_add_func ("/apply/update-dropdown-name", test_op_update_dropdown_name);
  g_test_add_func ("/apply/unarchive-archive-dropdown", test_op_unarchive_archive_dropdown);
  g_test_add_func ("/apply/create-dropdown-option", test_op_create_dropdown_option);
  g_test_add_func ("/apply/update-dropdown-option", test_op_update_dropdown_option);
  g_test_add_func ("/apply/archive-dropdown-option", test_op_archive_dropdown_option);
  g_test_add_func ("/apply/reorder-dropdown-options", test_op_reorder_dropdown_options);
  g_test_add_func ("/apply/create-entity-schema", test_op_create_entity_schema);
  g_test_add_func ("/apply/create-entity-schema-sequence", test_op_create_entity_schema_sequence);
  g_test_add_func ("/apply/archive-unarchive-entity-schema", test_op_archive_unarchive_entity_schema);
  g_test_add_func ("/apply/update-entity-schema", test_op_update_entity_schema);
  g_test_add_func ("/apply/update-name-template", test_op_update_name_template);
  g_test_add_func ("/apply/create-entity-schema-field", test_op_create_entity_schema_field);
  g_test_add_func ("/apply/archive-unarchive-field", test_op_archive_unarchive_field);
  g_test_add_func ("/apply/update-entity-schema-field", test_op_update_entity_schema_field);
  g_test_add_func ("/apply/reorder-entity-schema-fields", test_op_reorder_entity_schema_fields);
  g_test_add_func ("/apply/rare-errors", test_rare_errors);
  g_test_add_func ("/apply/marker", test_marker);
  g_test_add_func ("/apply/dry-run", test_dry_run);
  g_test_add_func ("/apply/responses-and-copies", test_responses_and_copies);
  g_test_add_func ("/apply/bench", test_bench);

  return g_test_run ();
}
