/* test-compare.c — the compare engine (§5): Liminal's compare / autogenerate
 * rules D1–D3 and E1–E9, the create path, leftovers, ordering and the
 * downgrade list, against tenant snapshots generated in the §7.4.1 shape.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>
#include <time.h>

#include "lim-compare.h"
#include "lim-snapshot.h"
#include "lim-operation.h"
#include "lim-revision.h"

#define REGISTRY "src_test"

/* ---------------------------------------------------------------- fixtures (§7.4.1) */

typedef struct
{
  const char *sys;          /* NULL ends a list */
  const char *name;
  const char *type;         /* Liminal field type */
  gboolean    required;
  gboolean    archived;
  const char *tooltip;
  const char *link;         /* entity_link target warehouse name */
  const char *unit_id;
  const char *selector_id;
  gboolean    parent;
  int         decimals;     /* 0: null; n: n - 1 */
  gboolean    multi;
} TField;

typedef struct
{
  const char   *sql;
  const char   *name;
  const char   *prefix;
  gboolean      archived;
  const char   *strategies;   /* JSON array; NULL: the three defaults */
  const char   *constraint;   /* comma-separated systemNames, or NULL */
  const char   *parts;        /* nameTemplateParts JSON; NULL: [] */
  gboolean      null_label;   /* useOrganizationCollectionAliasForDisplayLabel: null */
  const TField *fields;
  const char   *mixture;      /* mixtureSchemaConfig JSON: a mixture schema */
  gboolean      label;        /* useOrganizationCollectionAliasForDisplayLabel: true */
} TSchema;

static void
append_q (GString *o, const char *key, const char *value)
{
  if (value)
    g_string_append_printf (o, "\"%s\":\"%s\",", key, value);
  else
    g_string_append_printf (o, "\"%s\":null,", key);
}

static void
append_b (GString *o, const char *key, gboolean value)
{
  g_string_append_printf (o, "\"%s\":%s,", key, value ? "true" : "false");
}

static void
type_to_api (const char *type, const char **ft, const char **folder)
{
  static const struct { const char *type, *ft, *folder; } map[] = {
    { "text", "ft_string", NULL }, { "long_text", "ft_long_text", NULL },
    { "integer", "ft_integer", NULL }, { "float", "ft_float", NULL },
    { "boolean", "ft_boolean", NULL }, { "date", "ft_date", NULL },
    { "dropdown", "ft_selector", NULL }, { "entity_link", "ft_file_link", NULL },
    { "custom_entity_link", "ft_file_link", "basic_folder_item" },
    { "part_link", "ft_part_link", NULL },
  };
  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (strcmp (map[i].type, type) == 0)
      {
        *ft = map[i].ft;
        *folder = map[i].folder;
        return;
      }
  g_assert_not_reached ();
}

static void
append_field (GString *o, const char *schema, const TField *f, guint n)
{
  const char *ft, *folder;

  type_to_api (f->type, &ft, &folder);
  g_string_append (o, "{");
  g_string_append_printf (o, "\"id\":%u,\"dbId\":%u,", n, n);
  append_q (o, "fieldType", ft);
  append_q (o, "name", f->name);
  g_string_append_printf (o, "\"apiId\":\"tsf_%s_%s\",", schema, f->sys);
  if (f->archived)
    g_string_append (o, "\"archiveRecord\":{\"purpose\":\"Made in error\"},");
  else
    g_string_append (o, "\"archiveRecord\":null,");
  if (f->decimals)
    g_string_append_printf (o, "\"decimalPrecision\":%d,", f->decimals - 1);
  else
    g_string_append (o, "\"decimalPrecision\":null,");
  g_string_append (o, "\"description\":null,");
  append_q (o, "displayName", f->name);
  append_b (o, "isComputed", FALSE);
  append_b (o, "isConvertedFromLink", FALSE);
  append_b (o, "isIntegration", FALSE);
  append_b (o, "isMulti", f->multi);
  append_b (o, "isParentLink", f->parent);
  append_b (o, "isRequired", f->required);
  append_b (o, "isSingleLink", TRUE);
  append_b (o, "isSnapshot", FALSE);
  append_b (o, "isUneditable", FALSE);
  g_string_append (o, "\"legalTextSelectorId\":null,\"numericMax\":null,\"numericMin\":null,");
  if (strcmp (ft, "ft_file_link") == 0 || f->link)
    {
      g_string_append (o, "\"requiredLink\":{\"entitySchemaFieldPath\":null,");
      append_q (o, "folderItemType", folder);
      g_string_append (o, "\"schemaInterface\":null,\"storableSchema\":null,");
      if (f->link)
        g_string_append_printf (o, "\"tagSchema\":{\"id\":\"ts_%s\",\"sqlIdentifier\":\"%s\"}},", f->link, f->link);
      else
        g_string_append (o, "\"tagSchema\":null},");
    }
  else
    g_string_append (o, "\"requiredLink\":null,");
  append_q (o, "schemaFieldSelectorId", f->selector_id);
  append_b (o, "strictSelector", FALSE);
  append_q (o, "systemName", f->sys);
  append_q (o, "tooltipText", f->tooltip);
  append_q (o, "unitApiIdentifier", f->unit_id);
  g_string_truncate (o, o->len - 1);
  g_string_append (o, "}");
}

static void
append_schema (GString *o, const TSchema *s)
{
  guint n = 0;

  g_string_append (o, "{");
  g_string_append_printf (o, "\"id\":\"ts_%s\",", s->sql);
  append_q (o, "sqlIdentifier", s->sql);
  append_q (o, "registryId", REGISTRY);
  append_q (o, "name", s->name);
  append_q (o, "prefix", s->prefix);
  append_q (o, "folderItemType", s->mixture ? "mixture" : "basic_folder_item");
  g_string_append (o, "\"sequenceType\":null,");
  g_string_append_printf (o, "\"labelingStrategies\":%s,",
                          s->strategies ? s->strategies : "[\"NEW_IDS\",\"IDS_FROM_NAMES\",\"DELETE_NAMES\"]");
  if (s->archived)
    g_string_append (o, "\"archiveRecord\":{\"purpose\":\"Made in error\"},");
  else
    g_string_append (o, "\"archiveRecord\":null,");
  for (int pass = 0; pass < 2; pass++)
    {
      g_string_append (o, pass == 0 ? "\"allFields\":[" : "\"fields\":[");
      n = 0;
      for (const TField *f = s->fields; f && f->sys; f++)
        {
          if (pass == 1 && f->archived)
            continue;
          if (n++ > 0)
            g_string_append (o, ",");
          append_field (o, s->sql, f, 1000 + n);
        }
      g_string_append (o, "],");
    }
  if (s->constraint)
    {
      g_auto(GStrv) names = g_strsplit (s->constraint, ",", -1);
      g_string_append (o, "\"constraint\":{\"areUniqueResiduesCaseSensitive\":false,\"fields\":[");
      for (guint i = 0; names[i]; i++)
        for (const TField *f = s->fields; f && f->sys; f++)
          if (strcmp (f->sys, names[i]) == 0)
            {
              if (i > 0)
                g_string_append (o, ",");
              append_field (o, s->sql, f, 2000 + i);
            }
      g_string_append (o, "],\"uniqueCanonicalSmiles\":false,\"uniqueResidues\":false},");
    }
  else
    g_string_append (o, "\"constraint\":null,");
  g_string_append_printf (o, "\"nameTemplateParts\":%s,", s->parts ? s->parts : "[]");
  append_b (o, "shouldOrderNamePartsBySequence", FALSE);
  append_b (o, "showResidues", FALSE);
  append_b (o, "includeRegistryIdInChips", FALSE);
  if (s->null_label)
    g_string_append (o, "\"useOrganizationCollectionAliasForDisplayLabel\":null,");
  else
    append_b (o, "useOrganizationCollectionAliasForDisplayLabel", s->label);
  append_b (o, "useRandomOrgAlias", FALSE);
  append_b (o, "shouldCreateAsOligo", FALSE);
  g_string_append_printf (o, "\"mixtureSchemaConfig\":%s,", s->mixture ? s->mixture : "null");
  g_string_append (o, "\"authParentOption\":null,\"batchSchemaId\":null,"
                      "\"childEntitySchemaSummaries\":null,\"containableType\":null,"
                      "\"hoistedTagSchemaGraphs\":null,\"iconId\":null,\"isContainable\":false,"
                      "\"permissions\":null,\"resultSchema\":null}");
}

/* Dropdowns: "Name:O1,!O2,O3" ('!' = archived option); a leading '!' on the
 * name archives the dropdown.  NULL-terminated. */
static char *
selectors_json (const char * const *dropdowns)
{
  GString *o = g_string_new ("[");

  for (guint i = 0; dropdowns && dropdowns[i]; i++)
    {
      const char *spec = dropdowns[i];
      const char *colon = strchr (spec, ':');
      gboolean archived = spec[0] == '!';
      g_autofree char *name = g_strndup (spec + archived, colon - spec - archived);
      g_auto(GStrv) options = *(colon + 1) ? g_strsplit (colon + 1, ",", -1) : g_new0 (char *, 1);

      if (i > 0)
        g_string_append (o, ",");
      g_string_append_printf (o, "{\"id\":\"sfs_%u\",\"name\":\"%s\",\"archiveRecord\":%s,"
                                 "\"allSchemaFieldSelectorOptions\":[",
                              i, name, archived ? "{\"purpose\":\"Made in error\"}" : "null");
      for (guint k = 0; options[k]; k++)
        {
          gboolean oa = options[k][0] == '!';
          g_string_append_printf (o, "%s{\"id\":\"sfso_%u_%u\",\"name\":\"%s\",\"archiveRecord\":%s}",
                                  k > 0 ? "," : "", i, k, options[k] + oa,
                                  oa ? "{\"purpose\":\"Made in error\"}" : "null");
        }
      g_string_append (o, "]}");
    }
  g_string_append (o, "]");
  return g_string_free (o, FALSE);
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
model_from_json (const char *schemas_json, const char *selectors)
{
  g_autoptr(JsonNode) regs = json_node_new (JSON_NODE_VALUE);
  g_autoptr(JsonNode) schemas = parse_json (schemas_json);
  g_autoptr(JsonNode) sel = parse_json (selectors);
  g_autoptr(JsonNode) units = parse_json ("[{\"id\":\"unit_ml\",\"name\":\"mL\"},{\"id\":\"unit_g\",\"name\":\"g\"}]");
  g_autoptr(GError) error = NULL;
  LimSnapshot *model;

  json_node_set_string (regs, REGISTRY);
  model = lim_snapshot_new_from_json (regs, schemas, sel, units, &error);
  g_assert_no_error (error);
  g_assert_nonnull (model);
  return model;
}

/* @schemas: NULL-terminated (sql == NULL). */
static LimSnapshot *
make_model (const TSchema *schemas, const char * const *dropdowns)
{
  GString *o = g_string_new ("[");
  g_autofree char *sel = selectors_json (dropdowns);
  g_autofree char *text = NULL;

  for (guint i = 0; schemas && schemas[i].sql; i++)
    {
      if (i > 0)
        g_string_append (o, ",");
      append_schema (o, &schemas[i]);
    }
  g_string_append (o, "]");
  text = g_string_free (o, FALSE);
  return model_from_json (text, sel);
}

/* The desired state a project would have if its models matched @model:
 * active dropdowns (active options), active schemas other than
 * liminal_remote (active fields). */
static LimDesired *
desired_from_model (LimSnapshot *model)
{
  LimDesired *desired = lim_desired_new ();

  for (guint i = 0; i < lim_snapshot_get_n_dropdowns (model); i++)
    {
      const LimSnapshotDropdown *d = lim_snapshot_get_dropdown (model, i);
      g_autoptr(GPtrArray) options = g_ptr_array_new ();

      if (d->archived)
        continue;
      for (guint k = 0; k < d->options->len; k++)
        {
          const LimSnapshotOption *o = g_ptr_array_index (d->options, k);
          if (!o->archived)
            g_ptr_array_add (options, o->name);
        }
      lim_desired_add_dropdown (desired, d->name, (const char * const *) options->pdata, options->len);
    }
  for (guint i = 0; i < lim_snapshot_get_n_schemas (model); i++)
    {
      const LimSnapshotSchema *s = lim_snapshot_get_schema (model, i);
      LimDesiredSchema *ds;

      if (lim_snapshot_schema_is_archived (s) ||
          g_strcmp0 (lim_snapshot_schema_get_registry_id (s), lim_snapshot_get_registry_id (model)) != 0 ||
          g_strcmp0 (lim_snapshot_schema_get_warehouse_name (s), LIM_SNAPSHOT_REMOTE_SCHEMA) == 0)
        continue;
      ds = lim_desired_add_schema (desired, s->props, s->name_template);
      for (guint k = 0; k < s->fields->len; k++)
        {
          const LimSnapshotField *f = g_ptr_array_index (s->fields, k);
          if (!lim_snapshot_field_is_archived (f))
            lim_desired_schema_add_field (ds, f->props);
        }
    }
  return desired;
}

static char *
ops_to_string (GPtrArray *ops)
{
  GString *o = g_string_new (NULL);

  for (guint i = 0; i < ops->len; i++)
    {
      g_autofree char *py = lim_operation_to_python (g_ptr_array_index (ops, i));
      if (i > 0)
        g_string_append_c (o, '\n');
      g_string_append (o, py);
    }
  return g_string_free (o, FALSE);
}

/* Compare, then check upgrade and downgrade text (one operation a line). */
static void
check_compare (LimDesired *desired,
               LimSnapshot   *remote,
               const char *expected_up,
               const char *expected_down)
{
  g_autoptr(GPtrArray) up = NULL;
  g_autoptr(GPtrArray) down = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *up_text = NULL;
  g_autofree char *down_text = NULL;

  g_assert_true (lim_compare (desired, remote, &up, &down, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (up->len, ==, down->len);
  up_text = ops_to_string (up);
  down_text = ops_to_string (down);
  if (g_getenv ("COMPARE_DUMP"))
    {
      g_printerr ("---- %s\nUP:\n%s\nDOWN:\n%s\n", g_test_get_path (), up_text, down_text);
      return;
    }
  g_assert_cmpstr (up_text, ==, expected_up);
  if (expected_down)
    g_assert_cmpstr (down_text, ==, expected_down);
}

/* Compare a remote fixture with the desired state of a local fixture. */
static void
check_fixtures (const TSchema      *remote_schemas,
                const char * const *remote_dropdowns,
                const TSchema      *local_schemas,
                const char * const *local_dropdowns,
                const char         *expected_up,
                const char         *expected_down)
{
  g_autoptr(LimSnapshot) remote = make_model (remote_schemas, remote_dropdowns);
  g_autoptr(LimSnapshot) local = make_model (local_schemas, local_dropdowns);
  g_autoptr(LimDesired) desired = desired_from_model (local);

  check_compare (desired, remote, expected_up, expected_down);
}

#define NONE_S ((const TSchema[]) { { NULL } })
#define DD(...) ((const char * const[]) { __VA_ARGS__, NULL })

/* ---------------------------------------------------------------- dropdowns (§5.3) */

static void
test_dropdown_d1 (void)
{
  check_fixtures (NONE_S, NULL, NONE_S, DD ("Colors:Red,Blue"),
                  "b.CreateDropdown('Colors', ['Red', 'Blue'])",
                  "b.ArchiveDropdown('Colors')");
}

static void
test_dropdown_d3_archive_option (void)
{
  check_fixtures (NONE_S, DD ("D:O1,O2"), NONE_S, DD ("D:O1"),
                  "b.ArchiveDropdownOption('D', 'O2', 1)",
                  "b.CreateDropdownOption('D', 'O2', 1)");
}

static void
test_dropdown_d3_create_option (void)
{
  check_fixtures (NONE_S, DD ("D:O1,O2"), NONE_S, DD ("D:O1,O2,O3"),
                  "b.CreateDropdownOption('D', 'O3', 2)",
                  "b.ArchiveDropdownOption('D', 'O3', 2)");
}

static void
test_dropdown_d3_reorder (void)
{
  check_fixtures (NONE_S, DD ("D:O1,O2"), NONE_S, DD ("D:O2,O1"),
                  "b.ReorderDropdownOptions('D', ['O2', 'O1'])",
                  "b.ReorderDropdownOptions('D', ['O1', 'O2'])");
}

static void
test_dropdown_d3_create_and_reorder (void)
{
  check_fixtures (NONE_S, DD ("D:O1,O2"), NONE_S, DD ("D:O3,O2,O1"),
                  "b.CreateDropdownOption('D', 'O3', 0)\n"
                  "b.ReorderDropdownOptions('D', ['O3', 'O2', 'O1'])",
                  "b.ReorderDropdownOptions('D', ['O1', 'O2'])\n"
                  "b.ArchiveDropdownOption('D', 'O3', 0)");
}

static void
test_dropdown_d2 (void)
{
  /* Liminal's unit test: archived dropdown, archived options. */
  check_fixtures (NONE_S, DD ("!D:!O1,!O2"), NONE_S, DD ("D:O1,O2"),
                  "b.UnarchiveDropdown('D')\n"
                  "b.CreateDropdownOption('D', 'O1', 0)\n"
                  "b.CreateDropdownOption('D', 'O2', 1)",
                  "b.ArchiveDropdownOption('D', 'O2', 1)\n"
                  "b.ArchiveDropdownOption('D', 'O1', 0)\n"
                  "b.ArchiveDropdown('D')");
  /* The forced D3 runs against all options, archived ones included: O3
   * (already archived) is proposed for archiving, as Liminal does. */
  check_fixtures (NONE_S, DD ("!D:O1,!O3"), NONE_S, DD ("D:O1,O2"),
                  "b.UnarchiveDropdown('D')\n"
                  "b.CreateDropdownOption('D', 'O1', 0)\n"
                  "b.CreateDropdownOption('D', 'O2', 1)\n"
                  "b.ArchiveDropdownOption('D', 'O3', 1)",
                  NULL);
}

static void
test_dropdown_leftovers (void)
{
  /* Active leftovers sorted by name (Liminal: set order); archived ones
   * left alone; in sync when archived options differ only. */
  check_fixtures (NONE_S, DD ("Zeta:A", "Alpha:B", "!Beta:C", "Kept:K1,!K2,K3"),
                  NONE_S, DD ("Kept:K1,K3"),
                  "b.ArchiveDropdown('Alpha')\n"
                  "b.ArchiveDropdown('Zeta')",
                  "b.UnarchiveDropdown('Zeta')\n"
                  "b.UnarchiveDropdown('Alpha')");
}

static void
test_dropdown_duplicate_names (void)
{
  /* Keyed by name: the last remote dropdown wins. */
  check_fixtures (NONE_S, DD ("D:O1", "D:O2"), NONE_S, DD ("D:O2"), "", "");
}

/* ---------------------------------------------------------------- entity schemas (§5.2) */

#define T(sys, name, type) { sys, name, type, FALSE, FALSE, NULL, NULL, NULL, NULL, FALSE, 0, FALSE }
#define TREQ(sys, name, type) { sys, name, type, TRUE, FALSE, NULL, NULL, NULL, NULL, FALSE, 0, FALSE }
#define TARCH(sys, name, type) { sys, name, type, FALSE, TRUE, NULL, NULL, NULL, NULL, FALSE, 0, FALSE }
#define TEND { NULL, NULL, NULL, FALSE, FALSE, NULL, NULL, NULL, NULL, FALSE, 0, FALSE }

#define SCHEMA(sql, name, prefix, ...) \
  { sql, name, prefix, FALSE, NULL, NULL, NULL, FALSE, (const TField[]) { __VA_ARGS__, TEND }, NULL, FALSE }
#define SCHEMAS(...) ((const TSchema[]) { __VA_ARGS__, { NULL } })

static void
test_entity_e1_unarchive (void)
{
  /* Liminal's test_compare_benchling_schemas_unarchive. */
  TSchema remote = SCHEMA ("mock_entity_small", "Mock Entity Small", "MES",
                           TREQ ("string_field_req", "String Field Req", "text"),
                           TREQ ("string_field_req_2", "String Field Req 2", "text"));
  TSchema local = SCHEMA ("mock_entity_small", "Mock Entity Small", "MES",
                          TREQ ("string_field_req", "String Field Req", "text"));

  remote.archived = TRUE;
  check_fixtures (SCHEMAS (remote), NULL, SCHEMAS (local), NULL,
                  "b.UnarchiveEntitySchema('mock_entity_small')\n"
                  "b.ArchiveEntitySchemaField('mock_entity_small', 'string_field_req_2', None)",
                  "b.UnarchiveEntitySchemaField('mock_entity_small', 'string_field_req_2', None)\n"
                  "b.ArchiveEntitySchema('mock_entity_small')");
}

static void
test_entity_e2_archive_field (void)
{
  check_fixtures (SCHEMAS (SCHEMA ("w", "W", "W", T ("a", "A", "text"), T ("extra_field", "Extra", "integer"))), NULL,
                  SCHEMAS (SCHEMA ("w", "W", "W", T ("a", "A", "text"))), NULL,
                  "b.ArchiveEntitySchemaField('w', 'extra_field', None)",
                  "b.UnarchiveEntitySchemaField('w', 'extra_field', None)");
}

static void
test_entity_e3_update_field (void)
{
  check_fixtures (SCHEMAS (SCHEMA ("w", "W", "W", TREQ ("a", "A", "text"), T ("b", "B", "integer"))), NULL,
                  SCHEMAS (SCHEMA ("w", "W", "W", T ("a", "A", "text"), T ("b", "Bee", "integer"))), NULL,
                  "b.UpdateEntitySchemaField('w', 'a', b.BaseFieldProperties(required=False))\n"
                  "b.UpdateEntitySchemaField('w', 'b', b.BaseFieldProperties(name='Bee'))",
                  "b.UpdateEntitySchemaField('w', 'b', b.BaseFieldProperties(name='B'))\n"
                  "b.UpdateEntitySchemaField('w', 'a', b.BaseFieldProperties(required=True))");
}

static void
test_entity_e4_reorder (void)
{
  /* The remote common order counts archived fields too. */
  check_fixtures (SCHEMAS (SCHEMA ("w", "W", "W", T ("a", "A", "text"), TARCH ("x", "X", "text"), T ("b", "B", "text"))),
                  NULL,
                  SCHEMAS (SCHEMA ("w", "W", "W", T ("b", "B", "text"), T ("a", "A", "text"))), NULL,
                  "b.ReorderEntitySchemaFields('w', ['b', 'a'])",
                  "b.ReorderEntitySchemaFields('w', ['a', 'b'])");
}

static void
test_entity_e5_unarchive_field (void)
{
  check_fixtures (SCHEMAS (SCHEMA ("w", "W", "W", T ("a", "A", "text"), TARCH ("b", "B", "text"))), NULL,
                  SCHEMAS (SCHEMA ("w", "W", "W", T ("a", "A", "text"), T ("b", "B", "text"))), NULL,
                  "b.UnarchiveEntitySchemaField('w', 'b', 1)",
                  "b.ArchiveEntitySchemaField('w', 'b', 1)");
  /* Different properties too: the update follows at order 140. */
  check_fixtures (SCHEMAS (SCHEMA ("w", "W", "W", TARCH ("b", "B", "text"), T ("a", "A", "text"))), NULL,
                  SCHEMAS (SCHEMA ("w", "W", "W", T ("a", "A", "text"), TREQ ("b", "B", "text"))), NULL,
                  "b.UnarchiveEntitySchemaField('w', 'b', 1)\n"
                  "b.UpdateEntitySchemaField('w', 'b', b.BaseFieldProperties(required=True))\n"
                  "b.ReorderEntitySchemaFields('w', ['a', 'b'])",
                  "b.ReorderEntitySchemaFields('w', ['b', 'a'])\n"
                  "b.UpdateEntitySchemaField('w', 'b', b.BaseFieldProperties(required=False))\n"
                  "b.ArchiveEntitySchemaField('w', 'b', 1)");
}

static void
test_entity_e6_create_field (void)
{
  check_fixtures (SCHEMAS (SCHEMA ("w", "W", "W", T ("a", "A", "text"))), NULL,
                  SCHEMAS (SCHEMA ("w", "W", "W", T ("c", "C", "integer"), T ("a", "A", "text"),
                                   TREQ ("d", "D", "text"))), NULL,
                  "b.CreateEntitySchemaField('w', b.BaseFieldProperties(name='C', warehouse_name='c', "
                  "type=b.BenchlingFieldType.INTEGER, required=False, is_multi=False, parent_link=False, "
                  "dropdown_link=None, entity_link=None, tooltip=None, decimal_places=None, unit_name=None), 0)\n"
                  "b.CreateEntitySchemaField('w', b.BaseFieldProperties(name='D', warehouse_name='d', "
                  "type=b.BenchlingFieldType.TEXT, required=True, is_multi=False, parent_link=False, "
                  "dropdown_link=None, entity_link=None, tooltip=None, decimal_places=None, unit_name=None), 2)",
                  "b.ArchiveEntitySchemaField('w', 'd', 2)\n"
                  "b.ArchiveEntitySchemaField('w', 'c', 0)");
}

static void
test_entity_e7_constraints (void)
{
  TSchema remote = SCHEMA ("w", "W", "W", T ("a", "A", "text"), T ("b", "B", "text"));
  TSchema local = remote;

  /* Remote {a}, local {a, b}: clear, then set. */
  remote.constraint = "a";
  local.constraint = "a,b";
  check_fixtures (SCHEMAS (remote), NULL, SCHEMAS (local), NULL,
                  "b.UpdateEntitySchema('w', b.BaseSchemaProperties(constraint_fields=set()))\n"
                  "b.UpdateEntitySchema('w', b.BaseSchemaProperties(constraint_fields={'a', 'b'}))",
                  "b.UpdateEntitySchema('w', b.BaseSchemaProperties(constraint_fields=set()))\n"
                  "b.UpdateEntitySchema('w', b.BaseSchemaProperties(constraint_fields={'a'}))");
  /* Remote ∅: no clear. */
  remote.constraint = NULL;
  check_fixtures (SCHEMAS (remote), NULL, SCHEMAS (local), NULL,
                  "b.UpdateEntitySchema('w', b.BaseSchemaProperties(constraint_fields={'a', 'b'}))",
                  "b.UpdateEntitySchema('w', b.BaseSchemaProperties(constraint_fields=set()))");
  /* Constraint sets equal, another property differs: no clear. */
  remote.constraint = "a";
  local.constraint = "a";
  local.name = "New W";
  check_fixtures (SCHEMAS (remote), NULL, SCHEMAS (local), NULL,
                  "b.UpdateEntitySchema('w', b.BaseSchemaProperties(name='New W'))",
                  "b.UpdateEntitySchema('w', b.BaseSchemaProperties(name='W'))");
}

static void
test_entity_e8_update_schema (void)
{
  TSchema local = SCHEMA ("mock_entity", "Mock Entity", "ME", T ("a", "A", "text"));
  TSchema remote = local;

  remote.name = "MismatchName";
  remote.strategies = "[\"NEW_IDS\"]";
  check_fixtures (SCHEMAS (remote), NULL, SCHEMAS (local), NULL,
                  "b.UpdateEntitySchema('mock_entity', b.BaseSchemaProperties(name='Mock Entity', "
                  "naming_strategies={b.BenchlingNamingStrategy.IDS_FROM_NAMES, "
                  "b.BenchlingNamingStrategy.NEW_IDS, b.BenchlingNamingStrategy.REPLACE_NAME_WITH_ID}))",
                  NULL);
}

static void
test_entity_e9_name_template (void)
{
  TSchema local = SCHEMA ("w", "W", "W", T ("a", "A", "text"));
  TSchema remote = local;

  remote.parts = "[{\"type\":\"TEXT\",\"fieldId\":null,\"text\":\"x\",\"datetimeFormat\":null}]";
  check_fixtures (SCHEMAS (remote), NULL, SCHEMAS (local), NULL,
                  "b.UpdateEntitySchemaNameTemplate('w', b.BaseNameTemplate(parts=[]))",
                  "b.UpdateEntitySchemaNameTemplate('w', b.BaseNameTemplate(parts=[b.TextPart(value='x')]))");
  /* Deliberate fix (§5.4): a part type change with the same data is seen. */
  local.parts = "[{\"type\":\"SEPARATOR\",\"fieldId\":null,\"text\":\"x\",\"datetimeFormat\":null},"
                "{\"type\":\"FIELD\",\"fieldId\":\"tsf_w_a\",\"text\":null,\"datetimeFormat\":null}]";
  check_fixtures (SCHEMAS (remote), NULL, SCHEMAS (local), NULL,
                  "b.UpdateEntitySchemaNameTemplate('w', b.BaseNameTemplate(parts=[b.SeparatorPart(value='x'), "
                  "b.FieldPart(wh_field_name='a')]))",
                  NULL);
}

static void
test_entity_null_booleans (void)
{
  /* Deliberate fix (§5.4): a remote null flag equals the local false. */
  TSchema local = SCHEMA ("w", "W", "W", T ("a", "A", "text"));
  TSchema remote = local;

  remote.null_label = TRUE;
  check_fixtures (SCHEMAS (remote), NULL, SCHEMAS (local), NULL, "", "");
}

/* Liminal's test_compare_benchling_schema_fields, case by case: the remote
 * `mock_entity` is varied, the model stays. */
enum { MF_REQ, MF_NOT_REQ, MF_ENUM, MF_LIST, MF_ARCHIVED, MF_N };

static void
mock_entity_fields (TField *f)
{
  memset (f, 0, sizeof (TField) * (MF_N + 2));
  f[MF_REQ] = (TField) TREQ ("string_field_req", "String Field Req", "text");
  f[MF_NOT_REQ] = (TField) T ("string_field_not_req", "String Field Not Req", "text");
  f[MF_ENUM] = (TField) T ("enum_field", "Enum Field", "dropdown");
  f[MF_ENUM].selector_id = "sfs_0";
  f[MF_LIST] = (TField) T ("list_dropdown_field", "List Dropdown Field", "dropdown");
  f[MF_LIST].selector_id = "sfs_0";
  f[MF_LIST].multi = TRUE;
  f[MF_ARCHIVED] = (TField) TARCH ("archived_field", "Archived Field", "text");
}

static void
check_mock_entity (const TField *remote_fields, gboolean remote_label, const char *remote_constraint,
                   const char *remote_parts, const char *expected_up)
{
  TField local_fields[MF_N + 2];
  TSchema local = SCHEMA ("mock_entity", "Mock Entity", "MockEntity", T ("x", "X", "text"));
  TSchema remote;

  mock_entity_fields (local_fields);
  local.fields = local_fields;
  local.label = TRUE;
  local.constraint = "string_field_req,enum_field";
  remote = local;
  remote.fields = remote_fields;
  remote.label = remote_label;
  remote.constraint = remote_constraint;
  remote.parts = remote_parts;
  check_fixtures (SCHEMAS (remote), DD ("Mock Dropdown:A,B", "False Dropdown:C"),
                  SCHEMAS (local), DD ("Mock Dropdown:A,B", "False Dropdown:C"), expected_up, NULL);
}

static void
test_entity_unit_test_fields (void)
{
  const char *both = "string_field_req,enum_field";
  TField f[MF_N + 2];

  /* The same: nothing. */
  mock_entity_fields (f);
  check_mock_entity (f, TRUE, both, NULL, "");

  /* Missing remotely: create at its model index. */
  mock_entity_fields (f);
  f[MF_REQ].sys = "renamed_elsewhere";
  check_mock_entity (f, TRUE, "enum_field", NULL,
                     "b.CreateEntitySchemaField('mock_entity', b.BaseFieldProperties(name='String Field Req', "
                     "warehouse_name='string_field_req', type=b.BenchlingFieldType.TEXT, required=True, "
                     "is_multi=False, parent_link=False, dropdown_link=None, entity_link=None, tooltip=None, "
                     "decimal_places=None, unit_name=None), 0)\n"
                     "b.UpdateEntitySchema('mock_entity', b.BaseSchemaProperties(constraint_fields=set()))\n"
                     "b.UpdateEntitySchema('mock_entity', b.BaseSchemaProperties(constraint_fields="
                     "{'enum_field', 'string_field_req'}))\n"
                     "b.ArchiveEntitySchemaField('mock_entity', 'renamed_elsewhere', None)");

  /* Extra remote field: archive. */
  mock_entity_fields (f);
  f[MF_N] = (TField) T ("extra_field", "Extra Field", "text");
  check_mock_entity (f, TRUE, both, NULL, "b.ArchiveEntitySchemaField('mock_entity', 'extra_field', None)");

  /* Required flips, both ways. */
  mock_entity_fields (f);
  f[MF_ENUM].required = TRUE;
  check_mock_entity (f, TRUE, both, NULL,
                     "b.UpdateEntitySchemaField('mock_entity', 'enum_field', b.BaseFieldProperties(required=False))");
  mock_entity_fields (f);
  f[MF_REQ].required = FALSE;
  check_mock_entity (f, TRUE, both, NULL,
                     "b.UpdateEntitySchemaField('mock_entity', 'string_field_req', b.BaseFieldProperties(required=True))");

  /* is_multi flips, both ways. */
  mock_entity_fields (f);
  f[MF_LIST].multi = FALSE;
  check_mock_entity (f, TRUE, both, NULL,
                     "b.UpdateEntitySchemaField('mock_entity', 'list_dropdown_field', b.BaseFieldProperties(is_multi=True))");
  mock_entity_fields (f);
  f[MF_ENUM].multi = TRUE;
  check_mock_entity (f, TRUE, both, NULL,
                     "b.UpdateEntitySchemaField('mock_entity', 'enum_field', b.BaseFieldProperties(is_multi=False))");

  /* A different type: only the type. */
  mock_entity_fields (f);
  f[MF_LIST].type = "integer";
  check_mock_entity (f, TRUE, both, NULL,
                     "b.UpdateEntitySchemaField('mock_entity', 'list_dropdown_field', "
                     "b.BaseFieldProperties(type=b.BenchlingFieldType.DROPDOWN))");

  /* A different dropdown. */
  mock_entity_fields (f);
  f[MF_ENUM].selector_id = "sfs_1";
  check_mock_entity (f, TRUE, both, NULL,
                     "b.UpdateEntitySchemaField('mock_entity', 'enum_field', "
                     "b.BaseFieldProperties(dropdown_link='Mock Dropdown'))");

  /* A model column archived remotely: unarchive only. */
  mock_entity_fields (f);
  f[MF_REQ].archived = TRUE;
  check_mock_entity (f, TRUE, both, NULL, "b.UnarchiveEntitySchemaField('mock_entity', 'string_field_req', 0)");

  /* Fields out of order: reorder only. */
  mock_entity_fields (f);
  {
    TField tmp = f[MF_REQ];
    f[MF_REQ] = f[MF_NOT_REQ];
    f[MF_NOT_REQ] = tmp;
  }
  check_mock_entity (f, TRUE, both, NULL,
                     "b.ReorderEntitySchemaFields('mock_entity', ['string_field_req', 'string_field_not_req', "
                     "'enum_field', 'list_dropdown_field'])");

  /* A field archived in the model but active remotely: archive. */
  mock_entity_fields (f);
  f[MF_ARCHIVED].archived = FALSE;
  check_mock_entity (f, TRUE, both, NULL, "b.ArchiveEntitySchemaField('mock_entity', 'archived_field', None)");

  /* Different constraint fields: clear, then set. */
  mock_entity_fields (f);
  check_mock_entity (f, TRUE, "string_field_req", NULL,
                     "b.UpdateEntitySchema('mock_entity', b.BaseSchemaProperties(constraint_fields=set()))\n"
                     "b.UpdateEntitySchema('mock_entity', b.BaseSchemaProperties(constraint_fields="
                     "{'enum_field', 'string_field_req'}))");

  /* Display label flag. */
  mock_entity_fields (f);
  check_mock_entity (f, FALSE, both, NULL,
                     "b.UpdateEntitySchema('mock_entity', b.BaseSchemaProperties(use_registry_id_as_label=True))");

  /* A remote name template the model does not have. */
  mock_entity_fields (f);
  check_mock_entity (f, TRUE, both,
                     "[{\"type\":\"TEXT\",\"fieldId\":null,\"text\":\"name_template_text\",\"datetimeFormat\":null}]",
                     "b.UpdateEntitySchemaNameTemplate('mock_entity', b.BaseNameTemplate(parts=[]))");
}

/* ---------------------------------------------------------------- create path */

static LimProps *
schema_props (const char *name, const char *wh, const char *prefix)
{
  LimProps *p = lim_props_new (LIM_PROPS_SCHEMA);

  lim_props_set_str (p, LIM_SCHEMA_NAME, name);
  lim_props_set_str (p, LIM_SCHEMA_WAREHOUSE_NAME, wh);
  lim_props_set_str (p, LIM_SCHEMA_PREFIX, prefix);
  lim_props_set_str (p, LIM_SCHEMA_ENTITY_TYPE, "custom_entity");
  return p;
}

/* A Column's properties: every key but warehouse_name set (the adder sets
 * the rest to None). */
static LimProps *
column (const char *wh, const char *name, const char *type, gboolean required)
{
  LimProps *p = lim_props_new (LIM_PROPS_FIELD);

  lim_props_set_str (p, LIM_FIELD_NAME, name);
  lim_props_set_str (p, LIM_FIELD_WAREHOUSE_NAME, wh);
  lim_props_set_str (p, LIM_FIELD_TYPE, type);
  lim_props_set_bool (p, LIM_FIELD_REQUIRED, required);
  lim_props_set_bool (p, LIM_FIELD_IS_MULTI, FALSE);
  lim_props_set_bool (p, LIM_FIELD_PARENT_LINK, FALSE);
  return p;
}

static const TField mock_one_fields[] = {
  TREQ ("string_field_req", "String Field Req", "text"),
  T ("int_field", "Int Field", "integer"),
  TEND
};

static void
test_create_unit_test (void)
{
  /* Liminal's test_compare_benchling_schemas_create: "Mock Entity Two"
   * with warehouse name mock_entity_two_wh and one parent link column. */
  const TSchema remote_schemas[] = {
    { "mock_entity_one", "Mock Entity One", "MockEntityOne", FALSE, NULL, NULL, NULL, FALSE, mock_one_fields, NULL, FALSE },
    { NULL }
  };
  g_autoptr(LimSnapshot) remote = make_model (remote_schemas, NULL);
  g_autoptr(LimDesired) desired = desired_from_model (remote);
  g_autoptr(LimProps) props = schema_props ("Mock Entity Two", "mock_entity_two_wh", "MockEntityTwo");
  g_autoptr(LimProps) link = column ("parent_link_field", "Parent Link Field", "entity_link", FALSE);
  LimDesiredSchema *two;

  lim_props_set_bool (link, LIM_FIELD_PARENT_LINK, TRUE);
  lim_props_set_str (link, LIM_FIELD_ENTITY_LINK, "mock_entity_one");
  two = lim_desired_add_schema (desired, props, NULL);
  lim_desired_schema_add_field (two, link);
  g_assert_cmpuint (lim_desired_get_n_schemas (desired), ==, 2);

  check_compare (desired, remote,
                 "b.CreateEntitySchema(b.BaseSchemaProperties(name='Mock Entity Two', "
                 "warehouse_name='mock_entity_two', prefix='MockEntityTwo', "
                 "entity_type=b.BenchlingEntityType.CUSTOM_ENTITY, naming_strategies={"
                 "b.BenchlingNamingStrategy.IDS_FROM_NAMES, b.BenchlingNamingStrategy.NEW_IDS, "
                 "b.BenchlingNamingStrategy.REPLACE_NAME_WITH_ID}, use_registry_id_as_label=False, "
                 "include_registry_id_in_chips=False, constraint_fields=set(), "
                 "show_bases_in_expanded_view=False), [b.BaseFieldProperties(name='Parent Link Field', "
                 "warehouse_name='parent_link_field', type=b.BenchlingFieldType.ENTITY_LINK, required=False, "
                 "is_multi=False, parent_link=True, dropdown_link=None, decimal_places=None)])\n"
                 "b.UpdateEntitySchema('mock_entity_two', b.BaseSchemaProperties(warehouse_name='mock_entity_two_wh'))\n"
                 "b.UpdateEntitySchemaField('mock_entity_two_wh', 'parent_link_field', "
                 "b.BaseFieldProperties(type=b.BenchlingFieldType.ENTITY_LINK, entity_link='mock_entity_one'))",
                 "b.UpdateEntitySchemaField('mock_entity_two_wh', 'parent_link_field', "
                 "b.BaseFieldProperties(type=b.BenchlingFieldType.ENTITY_LINK, entity_link=None))\n"
                 "b.UpdateEntitySchema('mock_entity_two_wh', b.BaseSchemaProperties(warehouse_name='mock_entity_two'))\n"
                 "b.ArchiveEntitySchema('mock_entity_two')");
}

static void
test_create_full (void)
{
  /* Tooltip, unit, a part_link with an entity link, template naming
   * strategies and a name template: the whole expansion, sorted. */
  g_autoptr(LimSnapshot) remote = make_model (NONE_S, NULL);
  g_autoptr(LimDesired) desired = lim_desired_new ();
  g_autoptr(LimProps) props = schema_props ("Full Thing", "full_thing", "FT");
  g_autoptr(LimProps) a = column ("a", "A", "text", TRUE);
  g_autoptr(LimProps) vol = column ("vol", "Volume", "float", FALSE);
  g_autoptr(LimProps) part = column ("part", "Part", "part_link", FALSE);
  g_autoptr(LimNameTemplate) tmpl = lim_name_template_new ();
  static const char * const strategies[] = { "SET_FROM_NAME_PARTS", "REPLACE_NAMES_FROM_PARTS" };
  LimDesiredSchema *s;

  lim_props_set_set (props, LIM_SCHEMA_NAMING_STRATEGIES, strategies, 2);
  lim_props_set_str (a, LIM_FIELD_TOOLTIP, "The A");
  lim_props_set_str (vol, LIM_FIELD_UNIT_NAME, "mL");
  lim_props_set_int (vol, LIM_FIELD_DECIMAL_PLACES, 2);
  lim_props_set_str (part, LIM_FIELD_ENTITY_LINK, "other");
  lim_props_set_str (part, LIM_FIELD_TOOLTIP, "");   /* falsy: no update */
  lim_name_template_add_part (tmpl, lim_part_spec_lookup ("TextPart"), "FT");
  lim_name_template_add_part (tmpl, lim_part_spec_lookup ("FieldPart"), "a");
  s = lim_desired_add_schema (desired, props, tmpl);
  lim_desired_schema_add_field (s, a);
  lim_desired_schema_add_field (s, vol);
  lim_desired_schema_add_field (s, part);

  check_compare (desired, remote,
                 "b.CreateEntitySchema(b.BaseSchemaProperties(name='Full Thing', warehouse_name='full_thing', "
                 "prefix='FT', entity_type=b.BenchlingEntityType.CUSTOM_ENTITY, "
                 "naming_strategies={b.BenchlingNamingStrategy.NEW_IDS}, use_registry_id_as_label=False, "
                 "include_registry_id_in_chips=False, constraint_fields=set(), show_bases_in_expanded_view=False), "
                 "[b.BaseFieldProperties(name='A', warehouse_name='a', type=b.BenchlingFieldType.TEXT, required=True, "
                 "is_multi=False, parent_link=False, dropdown_link=None, decimal_places=None), "
                 "b.BaseFieldProperties(name='Volume', warehouse_name='vol', type=b.BenchlingFieldType.DECIMAL, "
                 "required=False, is_multi=False, parent_link=False, dropdown_link=None, decimal_places=2), "
                 "b.BaseFieldProperties(name='Part', warehouse_name='part', type=b.BenchlingFieldType.ENTITY_LINK, "
                 "required=False, is_multi=False, parent_link=False, dropdown_link=None, decimal_places=None)])\n"
                 "b.UpdateEntitySchemaNameTemplate('full_thing', b.BaseNameTemplate(parts=[b.TextPart(value='FT'), "
                 "b.FieldPart(wh_field_name='a')]))\n"
                 "b.UpdateEntitySchema('full_thing', b.BaseSchemaProperties(naming_strategies={"
                 "b.BenchlingNamingStrategy.RENAME_WITH_TEMPLATE_WITH_ALIAS, "
                 "b.BenchlingNamingStrategy.REPLACE_NAMES_WITH_TEMPLATE}))\n"
                 "b.UpdateEntitySchemaField('full_thing', 'a', b.BaseFieldProperties(tooltip='The A'))\n"
                 "b.UpdateEntitySchemaField('full_thing', 'vol', b.BaseFieldProperties(unit_name='mL'))\n"
                 "b.UpdateEntitySchemaField('full_thing', 'part', b.BaseFieldProperties("
                 "type=b.BenchlingFieldType.PART_LINK, entity_link='other'))",
                 "b.UpdateEntitySchemaField('full_thing', 'part', b.BaseFieldProperties("
                 "type=b.BenchlingFieldType.ENTITY_LINK, entity_link=None))\n"
                 "b.UpdateEntitySchemaField('full_thing', 'vol', b.BaseFieldProperties(unit_name=None))\n"
                 "b.UpdateEntitySchemaField('full_thing', 'a', b.BaseFieldProperties(tooltip=None))\n"
                 "b.UpdateEntitySchema('full_thing', b.BaseSchemaProperties(naming_strategies={"
                 "b.BenchlingNamingStrategy.NEW_IDS}))\n"
                 "b.UpdateEntitySchemaNameTemplate('full_thing', b.BaseNameTemplate(parts=[]))\n"
                 "b.ArchiveEntitySchema('full_thing')");
}

/* ---------------------------------------------------------------- leftovers, order, downgrade */

static void
test_entity_leftovers (void)
{
  /* Active leftovers in the remote list order; archived ones and
   * liminal_remote are left alone. */
  TSchema c = SCHEMA ("c_schema", "C", "C", T ("a", "A", "text"));
  c.archived = TRUE;
  check_fixtures (SCHEMAS (SCHEMA ("b_schema", "B", "B", T ("a", "A", "text")),
                           SCHEMA (LIM_SNAPSHOT_REMOTE_SCHEMA, "Liminal Remote", "LR", T ("revision_id", "abc", "text")),
                           SCHEMA ("a_schema", "A", "A", T ("a", "A", "text")),
                           c,
                           SCHEMA ("kept", "Kept", "K", T ("a", "A", "text"))), NULL,
                  SCHEMAS (SCHEMA ("kept", "Kept", "K", T ("a", "A", "text"))), NULL,
                  "b.ArchiveEntitySchema('b_schema')\n"
                  "b.ArchiveEntitySchema('a_schema')",
                  "b.UnarchiveEntitySchema('a_schema')\n"
                  "b.UnarchiveEntitySchema('b_schema')");
}

static void
test_order_and_downgrade (void)
{
  /* Dropdown pairs before entity pairs, then a stable sort by order; the
   * downgrade is the reverse operations in reverse order. */
  check_fixtures (SCHEMAS (SCHEMA ("w1", "W1", "WA", T ("a", "A", "text"), T ("gone", "Gone", "text")),
                           SCHEMA ("old", "Old", "OLD", T ("a", "A", "text"))),
                  DD ("Shapes:Circle,Square", "Stale:X"),
                  SCHEMAS (SCHEMA ("w2", "W2", "WB", T ("x", "X", "text")),
                           SCHEMA ("w1", "W1 Renamed", "WA", TREQ ("a", "A", "text"), T ("new", "New", "boolean"))),
                  DD ("Shapes:Square,Circle,Triangle", "Fresh:Y"),
                  "b.CreateDropdown('Fresh', ['Y'])\n"
                  "b.CreateDropdownOption('Shapes', 'Triangle', 2)\n"
                  "b.ReorderDropdownOptions('Shapes', ['Square', 'Circle', 'Triangle'])\n"
                  "b.CreateEntitySchema(b.BaseSchemaProperties(name='W2', warehouse_name='w2', prefix='WB', "
                  "entity_type=b.BenchlingEntityType.CUSTOM_ENTITY, naming_strategies={"
                  "b.BenchlingNamingStrategy.IDS_FROM_NAMES, b.BenchlingNamingStrategy.NEW_IDS, "
                  "b.BenchlingNamingStrategy.REPLACE_NAME_WITH_ID}, use_registry_id_as_label=False, "
                  "include_registry_id_in_chips=False, constraint_fields=set(), show_bases_in_expanded_view=False), "
                  "[b.BaseFieldProperties(name='X', warehouse_name='x', type=b.BenchlingFieldType.TEXT, "
                  "required=False, is_multi=False, parent_link=False, dropdown_link=None, decimal_places=None)])\n"
                  "b.CreateEntitySchemaField('w1', b.BaseFieldProperties(name='New', warehouse_name='new', "
                  "type=b.BenchlingFieldType.BOOLEAN, required=False, is_multi=False, parent_link=False, "
                  "dropdown_link=None, entity_link=None, tooltip=None, decimal_places=None, unit_name=None), 1)\n"
                  "b.UpdateEntitySchema('w1', b.BaseSchemaProperties(name='W1 Renamed'))\n"
                  "b.UpdateEntitySchemaField('w1', 'a', b.BaseFieldProperties(required=True))\n"
                  "b.ArchiveEntitySchemaField('w1', 'gone', None)\n"
                  "b.ArchiveEntitySchema('old')\n"
                  "b.ArchiveDropdown('Stale')",
                  "b.UnarchiveDropdown('Stale')\n"
                  "b.UnarchiveEntitySchema('old')\n"
                  "b.UnarchiveEntitySchemaField('w1', 'gone', None)\n"
                  "b.UpdateEntitySchemaField('w1', 'a', b.BaseFieldProperties(required=False))\n"
                  "b.UpdateEntitySchema('w1', b.BaseSchemaProperties(name='W1'))\n"
                  "b.ArchiveEntitySchemaField('w1', 'new', 1)\n"
                  "b.ArchiveEntitySchema('w2')\n"
                  "b.ReorderDropdownOptions('Shapes', ['Circle', 'Square'])\n"
                  "b.ArchiveDropdownOption('Shapes', 'Triangle', 2)\n"
                  "b.ArchiveDropdown('Fresh')");
}

static void
test_entity_mixture (void)
{
  /* Deliberate fix (§5.4): an equal mixture config is not "different"
   * inside merge; a different one is. */
  TSchema local = SCHEMA ("mix", "Mix", "MIX", T ("a", "A", "text"));
  TSchema remote;

  local.mixture = "{\"allowMeasuredIngredients\":true,\"componentLotStorageEnabled\":true,"
                  "\"componentLotTextEnabled\":false}";
  remote = local;
  remote.name = "Old Mix";
  check_fixtures (SCHEMAS (remote), NULL, SCHEMAS (local), NULL,
                  "b.UpdateEntitySchema('mix', b.BaseSchemaProperties(name='Mix'))",
                  "b.UpdateEntitySchema('mix', b.BaseSchemaProperties(name='Old Mix'))");
  remote.name = "Mix";
  remote.mixture = "{\"allowMeasuredIngredients\":false,\"componentLotStorageEnabled\":null,"
                   "\"componentLotTextEnabled\":null}";
  check_fixtures (SCHEMAS (remote), NULL, SCHEMAS (local), NULL,
                  "b.UpdateEntitySchema('mix', b.BaseSchemaProperties(mixture_schema_config="
                  "{'allowMeasuredIngredients': True, 'componentLotStorageEnabled': True, "
                  "'componentLotTextEnabled': False}))",
                  NULL);
}

/* ---------------------------------------------------------------- in sync */

static JsonNode *
load_tenant_json (const char *name)
{
  const char *srcdir = g_getenv ("G_TEST_SRCDIR");
  g_autofree char *path = g_build_filename (srcdir ? srcdir : ".", "data", "tenant", name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

static void
test_in_sync_pizza (void)
{
  /* The shared tenant fixture (archived schemas, fields, dropdowns and
   * options, units, links, templates, liminal_remote) against the desired
   * state it describes: nothing to do.  legacy_oven belongs to another
   * registry: not proposed for archiving (deliberate fix, see
   * lim-compare.h). */
  g_autoptr(JsonNode) regs = load_tenant_json ("registries.json");
  g_autoptr(JsonNode) schemas = load_tenant_json ("tag-schemas.json");
  g_autoptr(JsonNode) selectors = load_tenant_json ("selectors.json");
  g_autoptr(JsonNode) units = load_tenant_json ("unit-types.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(LimSnapshot) remote = lim_snapshot_new_from_json (regs, schemas, selectors, units, &error);
  g_autoptr(LimDesired) desired = NULL;

  g_assert_no_error (error);
  desired = desired_from_model (remote);
  g_assert_cmpuint (lim_desired_get_n_schemas (desired), >, 0);
  g_assert_cmpuint (lim_desired_get_n_dropdowns (desired), >, 0);
  check_compare (desired, remote, "", "");
}

static void
test_in_sync_generated (void)
{
  TSchema archived = SCHEMA ("arch", "Arch", "AR", T ("a", "A", "text"));

  archived.archived = TRUE;
  check_fixtures (SCHEMAS (SCHEMA ("w", "W", "W", TREQ ("a", "A", "text"), TARCH ("old", "Old", "text"),
                                   T ("b", "B", "integer")),
                           archived,
                           SCHEMA (LIM_SNAPSHOT_REMOTE_SCHEMA, "Liminal Remote", "LR", T ("revision_id", "abc", "text"))),
                  DD ("D:O1,!O2,O3", "!Gone:X"),
                  SCHEMAS (SCHEMA ("w", "W", "W", TREQ ("a", "A", "text"), T ("b", "B", "integer"))),
                  DD ("D:O1,O3"),
                  "", "");
}

/* ---------------------------------------------------------------- rename hints, errors */

static void
test_rename_hints (void)
{
  TSchema remote_s[] = {
    SCHEMA ("old_thing", "Thing", "TH", T ("a", "A", "text")),
    SCHEMA ("w", "W", "W", TREQ ("old_f", "F", "text"), T ("b", "B", "integer")),
    { NULL }
  };
  TSchema local_s[] = {
    SCHEMA ("new_thing", "Thing", "TH", T ("a", "A", "text")),
    SCHEMA ("w", "W", "W", TREQ ("new_f", "F", "text"), T ("b", "B", "integer")),
    { NULL }
  };
  g_autoptr(LimSnapshot) remote = make_model (remote_s, DD ("Old Name:A,B", "Other:C"));
  g_autoptr(LimSnapshot) local = make_model (local_s, DD ("New Name:A,B", "Other:C"));
  g_autoptr(LimDesired) desired = desired_from_model (local);
  g_autoptr(GPtrArray) up = NULL;
  g_autoptr(GPtrArray) down = NULL;
  g_autoptr(GPtrArray) hints = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) all = g_string_new (NULL);

  g_assert_true (lim_compare (desired, remote, &up, &down, &error));
  g_assert_no_error (error);
  hints = lim_compare_rename_hints (up, remote);
  for (guint i = 0; i < hints->len; i++)
    g_string_append_printf (all, "%s\n", (char *) g_ptr_array_index (hints, i));
  g_assert_cmpstr (all->str, ==,
                   "Field 'w.old_f' → 'new_f' looks like a rename: replace ArchiveEntitySchemaField('w', 'old_f') "
                   "and CreateEntitySchemaField('w', …) with UpdateEntitySchemaField('w', 'old_f', "
                   "BaseFieldProperties(warehouse_name='new_f')).\n"
                   "Schema 'old_thing' → 'new_thing' looks like a rename: replace ArchiveEntitySchema('old_thing') "
                   "and CreateEntitySchema(…) (with its follow-up operations) with "
                   "UpdateEntitySchema('old_thing', BaseSchemaProperties(warehouse_name='new_thing')).\n"
                   "Dropdown 'Old Name' → 'New Name' looks like a rename: replace ArchiveDropdown('Old Name') and "
                   "CreateDropdown('New Name', …) with UpdateDropdownName('Old Name', 'New Name').\n");
}

static void
test_errors (void)
{
  g_autoptr(LimSnapshot) remote = make_model (NONE_S, NULL);
  g_autoptr(LimDesired) desired = lim_desired_new ();
  g_autoptr(LimProps) props = lim_props_new (LIM_PROPS_SCHEMA);
  g_autoptr(GPtrArray) up = NULL;
  g_autoptr(GPtrArray) down = NULL;
  g_autoptr(GError) error = NULL;

  lim_props_set_str (props, LIM_SCHEMA_NAME, "No Warehouse");
  lim_desired_add_schema (desired, props, NULL);
  g_assert_false (lim_compare (desired, remote, &up, &down, &error));
  g_assert_error (error, LIM_COMPARE_ERROR, LIM_COMPARE_ERROR_INVALID);
  g_assert_null (up);
  g_assert_null (down);
}

/* ---------------------------------------------------------------- scale */

#define SCALE_SCHEMAS   1000
#define SCALE_FIELDS    40
#define SCALE_DROPDOWNS 300
#define SCALE_OPTIONS   8

/* A generated tenant; @variant 1 is the "local" side with a few
 * differences (see test_scale). Strings live in @pool. */
static LimSnapshot *
scale_model (int variant, GPtrArray *pool)
{
  static const char * const types[] = {
    "text", "integer", "float", "boolean", "long_text", "date", "dropdown", "entity_link"
  };
  TSchema *schemas = g_new0 (TSchema, SCALE_SCHEMAS + 2);
  const char **dropdowns = g_new0 (const char *, SCALE_DROPDOWNS + 1);
  guint n = 0, nd = 0;
  LimSnapshot *model;

#define POOL(...) ((const char *) (g_ptr_array_add (pool, g_strdup_printf (__VA_ARGS__)), \
                                   g_ptr_array_index (pool, pool->len - 1)))
  for (guint i = 0; i < SCALE_SCHEMAS; i++)
    {
      TField *fields = g_new0 (TField, SCALE_FIELDS + 1);

      g_ptr_array_add (pool, fields);
      if (variant == 1 && i == 500)
        continue;
      for (guint k = 0; k < SCALE_FIELDS; k++)
        {
          TField *f = &fields[k];

          f->sys = POOL ("f%02u", k);
          f->name = POOL ("Field %u", k);
          f->type = types[k % G_N_ELEMENTS (types)];
          f->required = k == 0 && !(variant == 1 && i == 7);
          f->archived = k == SCALE_FIELDS - 1 && i % 2 == 0;
          f->tooltip = k == 1 ? "A tooltip" : NULL;
          if (strcmp (f->type, "float") == 0)
            f->decimals = 3;
          if (strcmp (f->type, "dropdown") == 0)
            f->selector_id = POOL ("sfs_%u", (i * 7 + k) % (SCALE_DROPDOWNS - 1));
          if (strcmp (f->type, "entity_link") == 0)
            f->link = POOL ("s%04u", (i + 1) % SCALE_SCHEMAS);
        }
      schemas[n].sql = POOL ("s%04u", i);
      schemas[n].name = POOL ("Schema %04u", i);
      schemas[n].prefix = POOL ("S%04uX", i);
      schemas[n].fields = fields;
      n++;
    }
  if (variant == 1)
    {
      static const TField new_fields[] = { T ("a", "A", "text"), T ("b", "B", "integer"), TEND };
      schemas[n].sql = "s_new";
      schemas[n].name = "S New";
      schemas[n].prefix = "SNEW";
      schemas[n].fields = new_fields;
      n++;
    }
  for (guint d = 0; d < SCALE_DROPDOWNS; d++)
    {
      GString *spec = g_string_new (NULL);

      if (variant == 1 && d == SCALE_DROPDOWNS - 1)
        {
          g_string_free (spec, TRUE);
          continue;
        }
      g_string_append_printf (spec, "Dropdown %03u:", d);
      for (guint k = 0; k < SCALE_OPTIONS; k++)
        g_string_append_printf (spec, "%sOpt %u", k ? "," : "", k);
      if (variant == 1 && d == 3)
        g_string_append (spec, ",Extra");
      g_ptr_array_add (pool, g_string_free (spec, FALSE));
      dropdowns[nd++] = g_ptr_array_index (pool, pool->len - 1);
    }
#undef POOL
  model = make_model (schemas, dropdowns);
  g_free (schemas);
  g_free (dropdowns);
  return model;
}

static double
cpu_ms (clock_t start)
{
  return (double) (clock () - start) * 1000.0 / CLOCKS_PER_SEC;
}

static void
test_scale (void)
{
  g_autoptr(GPtrArray) pool = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(LimSnapshot) remote = NULL;
  g_autoptr(LimSnapshot) local = NULL;
  g_autoptr(LimDesired) in_sync = NULL;
  g_autoptr(LimDesired) differing = NULL;
  g_autoptr(GPtrArray) up = NULL;
  g_autoptr(GPtrArray) down = NULL;
  g_autoptr(GError) error = NULL;
  clock_t start;
  double ms_sync, ms_diff;
  static const LimOpKind expected[] = {
    LIM_OP_CREATE_DROPDOWN_OPTION, LIM_OP_CREATE_ENTITY_SCHEMA, LIM_OP_UPDATE_ENTITY_SCHEMA_FIELD,
    LIM_OP_ARCHIVE_ENTITY_SCHEMA, LIM_OP_ARCHIVE_DROPDOWN,
  };

  start = clock ();
  remote = scale_model (0, pool);
  local = scale_model (1, pool);
  g_test_message ("building two %u-schema x %u-field, %u-dropdown models from JSON: %.0f ms CPU",
                  SCALE_SCHEMAS, SCALE_FIELDS, SCALE_DROPDOWNS, cpu_ms (start));
  g_assert_cmpuint (lim_snapshot_get_n_schemas (remote), ==, SCALE_SCHEMAS);

  in_sync = desired_from_model (remote);
  differing = desired_from_model (local);

  start = clock ();
  g_assert_true (lim_compare (in_sync, remote, &up, &down, &error));
  ms_sync = cpu_ms (start);
  g_assert_no_error (error);
  g_assert_cmpuint (up->len, ==, 0);
  g_assert_cmpuint (down->len, ==, 0);
  g_clear_pointer (&up, g_ptr_array_unref);
  g_clear_pointer (&down, g_ptr_array_unref);

  start = clock ();
  g_assert_true (lim_compare (differing, remote, &up, &down, &error));
  ms_diff = cpu_ms (start);
  g_assert_no_error (error);
  g_assert_cmpuint (up->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < up->len; i++)
    {
      const LimOperation *op = g_ptr_array_index (up, i);
      g_assert_cmpint (op->spec->kind, ==, expected[i]);
    }
  {
    g_autofree char *text = ops_to_string (up);
    g_assert_nonnull (strstr (text, "b.CreateDropdownOption('Dropdown 003', 'Extra', 8)"));
    g_assert_nonnull (strstr (text, "b.UpdateEntitySchemaField('s0007', 'f00', b.BaseFieldProperties(required=False))"));
    g_assert_nonnull (strstr (text, "b.ArchiveEntitySchema('s0500')"));
    g_assert_nonnull (strstr (text, "b.ArchiveDropdown('Dropdown 299')"));
  }
  g_test_message ("lim_compare, %u schemas x %u fields + %u dropdowns: in sync %.1f ms CPU, "
                  "with differences %.1f ms CPU", SCALE_SCHEMAS, SCALE_FIELDS, SCALE_DROPDOWNS, ms_sync, ms_diff);
  if (g_getenv ("COMPARE_DUMP"))
    g_printerr ("in sync %.1f ms, differences %.1f ms\n", ms_sync, ms_diff);
}

/* ---------------------------------------------------------------- revision file round trip */

static void
test_revision_round_trip (void)
{
  /* The compare result, written as a revision file and read back, gives
   * the same operations (constructor checks included). */
  g_autoptr(LimSnapshot) remote = make_model (SCHEMAS (SCHEMA ("w1", "W1", "WA", T ("a", "A", "text"),
                                                            T ("gone", "Gone", "text"))),
                                           DD ("Shapes:Circle,Square"));
  g_autoptr(LimSnapshot) local = make_model (SCHEMAS (SCHEMA ("w1", "W1", "WA", TREQ ("a", "A", "text"),
                                                           T ("new", "New", "boolean")),
                                                   SCHEMA ("linked_wh", "Linked", "LK", T ("p", "P", "entity_link"))),
                                          DD ("Shapes:Square,Circle,Triangle"));
  g_autoptr(LimDesired) desired = desired_from_model (local);
  g_autoptr(LimRevision) revision = lim_revision_new ("0123456789ab", "ba9876543210", "compare round trip", NULL);
  g_autoptr(LimRevision) parsed = NULL;
  g_autoptr(GPtrArray) up = NULL;
  g_autoptr(GPtrArray) down = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *up_a = NULL, *up_b = NULL, *down_a = NULL, *down_b = NULL;

  g_assert_true (lim_compare (desired, remote, &up, &down, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (up->len, >, 5);
  for (guint i = 0; i < up->len; i++)
    g_ptr_array_add (lim_revision_get_upgrade (revision), lim_operation_copy (g_ptr_array_index (up, i)));
  for (guint i = 0; i < down->len; i++)
    g_ptr_array_add (lim_revision_get_downgrade (revision), lim_operation_copy (g_ptr_array_index (down, i)));
  lim_revision_set_create_date (revision, "2026-11-26 09:00:00.000000");
  text = lim_revision_to_python (revision);
  parsed = lim_revision_parse (text, -1, "0123456789ab_compare_round_trip.py", &error);
  g_assert_no_error (error);
  g_assert_nonnull (parsed);
  up_a = ops_to_string (up);
  up_b = ops_to_string (lim_revision_get_upgrade (parsed));
  down_a = ops_to_string (down);
  down_b = ops_to_string (lim_revision_get_downgrade (parsed));
  g_assert_cmpstr (up_a, ==, up_b);
  g_assert_cmpstr (down_a, ==, down_b);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/compare/dropdown/d1", test_dropdown_d1);
  g_test_add_func ("/compare/dropdown/d3-archive-option", test_dropdown_d3_archive_option);
  g_test_add_func ("/compare/dropdown/d3-create-option", test_dropdown_d3_create_option);
  g_test_add_func ("/compare/dropdown/d3-reorder", test_dropdown_d3_reorder);
  g_test_add_func ("/compare/dropdown/d3-create-and-reorder", test_dropdown_d3_create_and_reorder);
  g_test_add_func ("/compare/dropdown/d2", test_dropdown_d2);
  g_test_add_func ("/compare/dropdown/leftovers", test_dropdown_leftovers);
  g_test_add_func ("/compare/dropdown/duplicate-names", test_dropdown_duplicate_names);
  g_test_add_func ("/compare/entity/e1-unarchive", test_entity_e1_unarchive);
  g_test_add_func ("/compare/entity/e2-archive-field", test_entity_e2_archive_field);
  g_test_add_func ("/compare/entity/e3-update-field", test_entity_e3_update_field);
  g_test_add_func ("/compare/entity/e4-reorder", test_entity_e4_reorder);
  g_test_add_func ("/compare/entity/e5-unarchive-field", test_entity_e5_unarchive_field);
  g_test_add_func ("/compare/entity/e6-create-field", test_entity_e6_create_field);
  g_test_add_func ("/compare/entity/e7-constraints", test_entity_e7_constraints);
  g_test_add_func ("/compare/entity/e8-update-schema", test_entity_e8_update_schema);
  g_test_add_func ("/compare/entity/e9-name-template", test_entity_e9_name_template);
  g_test_add_func ("/compare/entity/null-booleans", test_entity_null_booleans);
  g_test_add_func ("/compare/entity/unit-test-fields", test_entity_unit_test_fields);
  g_test_add_func ("/compare/entity/mixture", test_entity_mixture);
  g_test_add_func ("/compare/entity/leftovers", test_entity_leftovers);
  g_test_add_func ("/compare/create/unit-test", test_create_unit_test);
  g_test_add_func ("/compare/create/full", test_create_full);
  g_test_add_func ("/compare/order-and-downgrade", test_order_and_downgrade);
  g_test_add_func ("/compare/in-sync/pizza", test_in_sync_pizza);
  g_test_add_func ("/compare/in-sync/generated", test_in_sync_generated);
  g_test_add_func ("/compare/rename-hints", test_rename_hints);
  g_test_add_func ("/compare/errors", test_errors);
  g_test_add_func ("/compare/revision-round-trip", test_revision_round_trip);
  g_test_add_func ("/compare/scale", test_scale);
  return g_test_run ();
}
