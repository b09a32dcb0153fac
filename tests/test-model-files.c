/* test-model-files.c — the JSON model: one test per validation rule (file,
 * JSON path and message), the writer against golden files, and the
 * writer → reader → compare round trip.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

#include "lim-benchling-types.h"
#include "lim-model-files.h"

/* ---------------------------------------------------------------- helpers */

/* JSON written with single quotes, for readability. */
static char *
q (const char *text)
{
  char *out = g_strdup (text);
  for (char *p = out; *p; p++)
    if (*p == '\'')
      *p = '"';
  return out;
}

static const char *base_schema =
  "{'name': 'Pizza', 'warehouse_name': 'pizza', 'prefix': 'PZ', 'entity_type': 'custom_entity',"
  " 'naming_strategies': ['NEW_IDS'],"
  " 'fields': ["
  "   {'name': 'Dough', 'warehouse_name': 'dough', 'type': 'entity_link', 'required': true,"
  "    'parent_link': true, 'entity_link': 'dough_batch'},"
  "   {'name': 'Cheese', 'warehouse_name': 'cheese', 'type': 'dropdown', 'required': false,"
  "    'is_multi': true, 'dropdown_link': 'Cheese Type'},"
  "   {'name': 'Weight', 'warehouse_name': 'weight', 'type': 'float', 'required': false,"
  "    'decimal_places': 2, 'unit_name': 'gram'},"
  "   {'name': 'Notes', 'warehouse_name': 'notes', 'type': 'text', 'required': false}]}";

static const char *base_dough =
  "{'name': 'Dough Batch', 'warehouse_name': 'dough_batch', 'prefix': 'DB', 'entity_type': 'custom_entity',"
  " 'fields': [{'name': 'Flour', 'warehouse_name': 'flour', 'type': 'text', 'required': true}]}";

static const char *base_dropdown = "{'name': 'Cheese Type', 'options': ['Mozzarella', 'Burrata'], 'archived': false}";

/* @base with the member at @path ("fields.2.decimal_places") set to @value
 * (JSON, single quotes), or removed when @value is NULL. */
static char *
patch (const char *base, const char *path, const char *value)
{
  g_autofree char *text = q (base);
  g_autoptr(JsonNode) root = json_from_string (text, NULL);
  g_auto(GStrv) keys = g_strsplit (path, ".", -1);
  guint n = g_strv_length (keys);
  JsonNode *node = root;

  g_assert_nonnull (root);
  for (guint i = 0; i + 1 < n; i++)
    {
      if (JSON_NODE_HOLDS_ARRAY (node))
        node = json_array_get_element (json_node_get_array (node), atoi (keys[i]));
      else
        node = json_object_get_member (json_node_get_object (node), keys[i]);
      g_assert_nonnull (node);
    }
  if (value == NULL)
    json_object_remove_member (json_node_get_object (node), keys[n - 1]);
  else
    {
      g_autofree char *v = q (value);
      JsonNode *parsed = json_from_string (v, NULL);
      g_assert_nonnull (parsed);
      json_object_set_member (json_node_get_object (node), keys[n - 1], parsed);
    }
  return json_to_string (root, FALSE);
}

static GPtrArray *
files_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) lim_model_file_free);
}

static void
add (GPtrArray *files, const char *name, const char *json_q)
{
  g_autofree char *text = q (json_q);
  g_ptr_array_add (files, lim_model_file_new (name, text));
}

static void
add_raw (GPtrArray *files, const char *name, const char *text)
{
  g_ptr_array_add (files, lim_model_file_new (name, text));
}

/* The base model with entity_schemas/pizza.json replaced by @pizza. */
static GPtrArray *
model_with_pizza (const char *pizza)
{
  GPtrArray *files = files_new ();
  add (files, "dropdowns/cheese_type.json", base_dropdown);
  add (files, "entity_schemas/dough_batch.json", base_dough);
  add_raw (files, "entity_schemas/pizza.json", pizza);
  return files;
}

/* Parse @files and assert that exactly one problem is reported, for @file at
 * @path, whose message contains @message. */
static void
expect_problem (GPtrArray *files, const char *file, const char *path, const char *message)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) lim_model_problem_free);
  g_autoptr(LimDesired) desired = lim_model_files_parse (files, problems);
  LimModelProblem *p;

  g_assert_null (desired);
  if (problems->len != 1)
    for (guint i = 0; i < problems->len; i++)
      {
        g_autofree char *s = lim_model_problem_to_string (g_ptr_array_index (problems, i));
        g_test_message ("problem: %s", s);
      }
  g_assert_cmpuint (problems->len, ==, 1);
  p = g_ptr_array_index (problems, 0);
  g_assert_cmpstr (p->file, ==, file);
  g_assert_cmpstr (p->path, ==, path);
  if (strstr (p->message, message) == NULL)
    g_error ("message “%s” lacks “%s”", p->message, message);
}

static void
expect_pizza_problem (const char *pizza_patch_path, const char *value, const char *path, const char *message)
{
  g_autofree char *pizza = patch (base_schema, pizza_patch_path, value);
  g_autoptr(GPtrArray) files = model_with_pizza (pizza);
  expect_problem (files, "entity_schemas/pizza.json", path, message);
}

/* ---------------------------------------------------------------- valid */

static void
test_valid (void)
{
  g_autofree char *pizza = q (base_schema);
  g_autoptr(GPtrArray) files = model_with_pizza (pizza);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) lim_model_problem_free);
  g_autoptr(LimDesired) desired = lim_model_files_parse (files, problems);

  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_nonnull (desired);
  g_assert_cmpuint (lim_desired_get_n_schemas (desired), ==, 2);
  g_assert_cmpuint (lim_desired_get_n_dropdowns (desired), ==, 1);
}

static void
test_archived_left_out (void)
{
  g_autofree char *pizza = patch (base_schema, "archived", "true");
  g_autoptr(GPtrArray) files = model_with_pizza (pizza);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) lim_model_problem_free);
  g_autoptr(LimDesired) desired = NULL;

  g_ptr_array_remove_index (files, 0);
  add (files, "dropdowns/cheese_type.json", "{'name': 'Cheese Type', 'options': ['A'], 'archived': true}");
  desired = lim_model_files_parse (files, problems);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (lim_desired_get_n_schemas (desired), ==, 1);
  g_assert_cmpuint (lim_desired_get_n_dropdowns (desired), ==, 0);
}

/* ---------------------------------------------------------------- §6.3 schema properties */

static void
test_schema_required_key (void)
{
  expect_pizza_problem ("prefix", NULL, "$", "The key “prefix” is missing");
}

static void
test_schema_unknown_key (void)
{
  expect_pizza_problem ("colour", "'red'", "$.colour", "Unknown key “colour”");
}

static void
test_schema_bad_type (void)
{
  expect_pizza_problem ("use_registry_id_as_label", "'yes'", "$.use_registry_id_as_label",
                        "must be true or false");
}

static void
test_schema_entity_type (void)
{
  expect_pizza_problem ("entity_type", "'pizza_pie'", "$.entity_type", "“pizza_pie” is not a known entity_type");
}

static void
test_schema_naming_strategy (void)
{
  expect_pizza_problem ("naming_strategies", "['new_ids']", "$.naming_strategies[0]",
                        "“new_ids” is not a known naming strategy");
}

static void
test_schema_warehouse_name (void)
{
  expect_pizza_problem ("warehouse_name", "'Pizza'", "$.warehouse_name", "Invalid warehouse name “Pizza”");
}

static void
test_schema_prefix_digit (void)
{
  expect_pizza_problem ("prefix", "'PZ1'", "$.prefix", "Invalid prefix “PZ1”: it must not end with a digit");
}

static void
test_schema_prefix_space (void)
{
  expect_pizza_problem ("prefix", "'P Z'", "$.prefix", "it contains a space");
}

static void
test_schema_prefix_long (void)
{
  expect_pizza_problem ("prefix", "'ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFG'", "$.prefix",
                        "it is longer than 32 characters");
}

static void
test_schema_prefix_chars (void)
{
  expect_pizza_problem ("prefix", "'PZ!'", "$.prefix", "only letters, digits, “_” and “-” are allowed");
}

static void
test_schema_prefix_empty (void)
{
  expect_pizza_problem ("prefix", "''", "$.prefix", "it is empty");
}

static void
test_mixture_needs_config (void)
{
  g_autofree char *no_fields = patch (base_schema, "fields", "[]");
  g_autofree char *pizza = patch (no_fields, "entity_type", "'mixture'");
  g_autoptr(GPtrArray) files = model_with_pizza (pizza);
  expect_problem (files, "entity_schemas/pizza.json", "$.mixture_schema_config",
                  "Mixture schema config must be defined when entity type is Mixture");
}

static void
test_mixture_config_only_for_mixtures (void)
{
  expect_pizza_problem ("mixture_schema_config", "{'allowMeasuredIngredients': false}", "$.mixture_schema_config",
                        "Only mixture schemas can have a mixture schema config");
}

static void
test_mixture_config_measured (void)
{
  g_autofree char *no_fields = patch (base_schema, "fields", "[]");
  g_autofree char *mixture = patch (no_fields, "entity_type", "'mixture'");
  g_autofree char *pizza = patch (mixture, "mixture_schema_config", "{'allowMeasuredIngredients': true}");
  g_autoptr(GPtrArray) files = model_with_pizza (pizza);
  expect_problem (files, "entity_schemas/pizza.json", "$.mixture_schema_config",
                  "When “allowMeasuredIngredients” is true");
}

static void
test_mixture_config_not_measured (void)
{
  g_autofree char *no_fields = patch (base_schema, "fields", "[]");
  g_autofree char *mixture = patch (no_fields, "entity_type", "'mixture'");
  g_autofree char *pizza = patch (mixture, "mixture_schema_config",
                                  "{'allowMeasuredIngredients': false, 'componentLotTextEnabled': true}");
  g_autoptr(GPtrArray) files = model_with_pizza (pizza);
  expect_problem (files, "entity_schemas/pizza.json", "$.mixture_schema_config",
                  "When “allowMeasuredIngredients” is false");
}

static void
test_show_bases_only_sequences (void)
{
  expect_pizza_problem ("show_bases_in_expanded_view", "true", "$.show_bases_in_expanded_view",
                        "Only sequence schemas can show bases");
}

/* ---------------------------------------------------------------- §6.4 fields */

static void
test_field_required_key (void)
{
  expect_pizza_problem ("fields.3.required", NULL, "$.fields[3]", "The key “required” is missing");
}

static void
test_field_unknown_type (void)
{
  expect_pizza_problem ("fields.3.type", "'string'", "$.fields[3].type", "“string” is not a known type");
}

static void
test_field_warehouse_name (void)
{
  expect_pizza_problem ("fields.3.warehouse_name", "'Notes'", "$.fields[3].warehouse_name",
                        "Invalid warehouse name “Notes”");
}

static void
test_field_dropdown_needs_link (void)
{
  expect_pizza_problem ("fields.1.dropdown_link", "null", "$.fields[1].dropdown_link",
                        "is a dropdown field but names no dropdown");
}

static void
test_field_dropdown_link_only_dropdowns (void)
{
  expect_pizza_problem ("fields.3.dropdown_link", "'Cheese Type'", "$.fields[3].dropdown_link",
                        "only fields of type “dropdown” can link a dropdown");
}

static void
test_field_unit_only_numbers (void)
{
  expect_pizza_problem ("fields.3.unit_name", "'gram'", "$.fields[3].unit_name",
                        "only “integer” and “float” fields can have a unit");
}

static void
test_field_decimals_only_float (void)
{
  expect_pizza_problem ("fields.3.decimal_places", "2", "$.fields[3].decimal_places",
                        "only “float” fields can have decimal places");
}

static void
test_field_decimals_range (void)
{
  expect_pizza_problem ("fields.2.decimal_places", "16", "$.fields[2].decimal_places", "use a number from 0 to 15");
}

static void
test_field_entity_link_only_links (void)
{
  expect_pizza_problem ("fields.3.entity_link", "'dough_batch'", "$.fields[3].entity_link",
                        "only entity link types can link a schema");
}

static void
test_field_parent_link_only_links (void)
{
  expect_pizza_problem ("fields.3.parent_link", "true", "$.fields[3].parent_link",
                        "only entity link types can be parent links");
}

static void
test_field_is_multi (void)
{
  expect_pizza_problem ("fields.3.is_multi", "true", "$.fields[3].is_multi", "cannot hold several values");
}

static void
test_field_type_for_entity_type (void)
{
  expect_pizza_problem ("fields.3.type", "'part_link'", "$.fields[3].type",
                        "which schemas of entity type “custom_entity” cannot have");
}

/* ---------------------------------------------------------------- §6.5 name templates */

static void
test_template_only_separators (void)
{
  expect_pizza_problem ("name_template", "{'parts': [{'type': 'SEPARATOR', 'value': '-'}]}", "$.name_template.parts",
                        "This name template will produce an empty name");
}

static void
test_template_empty_value (void)
{
  expect_pizza_problem ("name_template", "{'parts': [{'type': 'TEXT', 'value': ''}]}",
                        "$.name_template.parts[0].value", "A TEXT part needs a non-empty “value”");
}

static void
test_template_unknown_part (void)
{
  expect_pizza_problem ("name_template", "{'parts': [{'type': 'WEEKDAY'}]}", "$.name_template.parts[0].type",
                        "Invalid name template part type “WEEKDAY”");
}

static void
test_template_unknown_key (void)
{
  expect_pizza_problem ("name_template", "{'parts': [{'type': 'PROJECT', 'value': 'x'}]}",
                        "$.name_template.parts[0].value", "Unknown key “value”");
}

static void
test_template_field_part_column (void)
{
  expect_pizza_problem ("name_template", "{'parts': [{'type': 'FIELD', 'wh_field_name': 'crust'}]}",
                        "$.name_template.parts[0].wh_field_name", "“crust”, which is not the warehouse name of a field");
}

static void
test_template_parent_part (void)
{
  expect_pizza_problem ("name_template",
                        "{'parts': [{'type': 'LINKED_BIOENTITY_REGISTRY_IDENTIFIER', 'wh_field_name': 'notes'}]}",
                        "$.name_template.parts[0].wh_field_name", "must use a parent link field");
}

/* ---------------------------------------------------------------- §6.6 dropdowns */

static void
test_dropdown_duplicate_option (void)
{
  g_autoptr(GPtrArray) files = files_new ();
  g_autofree char *pizza = q (base_schema);
  add (files, "dropdowns/cheese_type.json", "{'name': 'Cheese Type', 'options': ['A', 'B', 'A']}");
  add (files, "entity_schemas/dough_batch.json", base_dough);
  add_raw (files, "entity_schemas/pizza.json", pizza);
  expect_problem (files, "dropdowns/cheese_type.json", "$.options[2]",
                  "The option “A” appears twice in dropdown “Cheese Type”");
}

static void
test_dropdown_duplicate_name (void)
{
  g_autofree char *pizza = q (base_schema);
  g_autoptr(GPtrArray) files = model_with_pizza (pizza);
  add (files, "dropdowns/cheese_type_2.json", "{'name': 'Cheese Type', 'options': []}");
  expect_problem (files, "dropdowns/cheese_type_2.json", "$.name",
                  "is also used by dropdowns/cheese_type.json: dropdown names must be unique");
}

static void
test_dropdown_missing_options (void)
{
  g_autofree char *pizza = q (base_schema);
  g_autoptr(GPtrArray) files = model_with_pizza (pizza);
  add (files, "dropdowns/oven.json", "{'name': 'Oven'}");
  expect_problem (files, "dropdowns/oven.json", "$", "The key “options” is missing");
}

static void
test_not_json (void)
{
  g_autofree char *pizza = q (base_schema);
  g_autoptr(GPtrArray) files = model_with_pizza (pizza);
  add_raw (files, "dropdowns/oven.json", "{\"name\": \"Oven\",");
  expect_problem (files, "dropdowns/oven.json", "$", "This is not valid JSON");
}

/* Model files are read by the streaming reader (yajl); text it refuses
 * goes to json-glib's parser, whose message the problem quotes (and which
 * still takes what it took, such as 'single quotes'), and an empty file is
 * still "empty"; escapes and non-ASCII text read as before. */
static void
test_json_readers (void)
{
  static const char *const broken[] = { "{\"name\": \"Oven\",", "{\"a\": 1,}", "[1, 2", "nul" };
  g_autofree char *pizza = q (base_schema);

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autoptr(GPtrArray) files = model_with_pizza (pizza);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *expected = NULL;

      g_assert_false (json_parser_load_from_data (parser, broken[i], -1, &error));
      expected = g_strdup_printf ("This is not valid JSON: %s.", error->message);
      add_raw (files, "dropdowns/oven.json", broken[i]);
      expect_problem (files, "dropdowns/oven.json", "$", expected);
    }
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GPtrArray) files = model_with_pizza (pizza);
      add_raw (files, "dropdowns/oven.json", i == 0 ? "" : "  \n\t ");
      expect_problem (files, "dropdowns/oven.json", "$", "The file is empty.");
    }
  {
    g_autoptr(GPtrArray) files = model_with_pizza (pizza);
    g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) lim_model_problem_free);
    g_autoptr(LimDesired) desired = NULL;

    add_raw (files, "dropdowns/grill.json", "{\"name\": 'Grill', \"options\": ['Gas']}");
    add_raw (files, "dropdowns/oven.json",
             "{\"name\": \"Ov\\u00e9n \\\"\u00e9\\\" \\ud83c\\udf55\", \"options\": [\"A\\nB\", \"\\/\"]}");
    desired = lim_model_files_parse (files, problems);
    g_assert_cmpuint (problems->len, ==, 0);
    g_assert_nonnull (desired);
  }
}

/* ---------------------------------------------------------------- §6.9 model rules */

static void
test_unique_warehouse_name (void)
{
  g_autofree char *pizza = q (base_schema);
  g_autoptr(GPtrArray) files = model_with_pizza (pizza);
  add (files, "entity_schemas/pizza_2.json",
       "{'name': 'Pizza Two', 'warehouse_name': 'pizza', 'prefix': 'PT', 'entity_type': 'custom_entity'}");
  expect_problem (files, "entity_schemas/pizza_2.json", "$.warehouse_name",
                  "The warehouse name “pizza” is also used by entity_schemas/pizza.json");
}

static void
test_unique_schema_name (void)
{
  g_autofree char *pizza = q (base_schema);
  g_autoptr(GPtrArray) files = model_with_pizza (pizza);
  add (files, "entity_schemas/pizza_2.json",
       "{'name': 'Pizza', 'warehouse_name': 'pizza_2', 'prefix': 'PT', 'entity_type': 'custom_entity'}");
  expect_problem (files, "entity_schemas/pizza_2.json", "$.name",
                  "The schema name “Pizza” is also used by entity_schemas/pizza.json");
}

static void
test_unique_field_name (void)
{
  expect_pizza_problem ("fields.3.name", "'Weight'", "$.fields[3].name",
                        "Two fields of schema “Pizza” are named “Weight”");
}

static void
test_unique_field_warehouse_name (void)
{
  expect_pizza_problem ("fields.3.warehouse_name", "'weight'", "$.fields[3].warehouse_name",
                        "Two fields of schema “Pizza” have the warehouse name “weight”");
}

static void
test_constraint_unknown_field (void)
{
  expect_pizza_problem ("constraint_fields", "['crust']", "$.constraint_fields[0]",
                        "Constraint field “crust” is not the warehouse name of a field");
}

static void
test_constraint_bases (void)
{
  expect_pizza_problem ("constraint_fields", "['bases']", "$.constraint_fields[0]",
                        "The “bases” constraint is only for DNA/RNA sequence and oligo schemas");
}

static void
test_constraint_amino_acids (void)
{
  expect_pizza_problem ("constraint_fields", "['notes', 'amino_acids_exact_match']", "$.constraint_fields[1]",
                        "The “amino_acids_exact_match” constraint is only for amino-acid sequence schemas");
}

static void
test_constraint_one_pseudo (void)
{
  g_autofree char *no_fields = patch (base_schema, "fields", "[]");
  g_autofree char *aa = patch (no_fields, "entity_type", "'aa_sequence'");
  g_autofree char *pizza = patch (aa, "constraint_fields", "['amino_acids_exact_match', 'amino_acids_ignore_case']");
  g_autoptr(GPtrArray) files = model_with_pizza (pizza);
  expect_problem (files, "entity_schemas/pizza.json", "$.constraint_fields[1]", "at most one of “bases”");
}

static void
test_template_strategy_needs_parts (void)
{
  expect_pizza_problem ("naming_strategies", "['NEW_IDS', 'SET_FROM_NAME_PARTS']", "$.naming_strategies",
                        "Naming strategy “SET_FROM_NAME_PARTS” uses the name template");
}

static void
test_template_order_only_nt (void)
{
  expect_pizza_problem ("name_template", "{'parts': [{'type': 'TEXT', 'value': 'P'}], "
                                         "'order_name_parts_by_sequence': true}",
                        "$.name_template.order_name_parts_by_sequence",
                        "Only DNA/RNA sequence and oligo schemas can order name parts by sequence");
}

static void
test_entity_link_target (void)
{
  expect_pizza_problem ("fields.0.entity_link", "'dough'", "$.fields[0].entity_link",
                        "Field “Dough” links schema “dough”, but no entity schema file has that warehouse name");
}

static void
test_dropdown_link_target (void)
{
  expect_pizza_problem ("fields.1.dropdown_link", "'Cheese'", "$.fields[1].dropdown_link",
                        "Field “Cheese” uses dropdown “Cheese”, but no dropdown file has that name");
}

static void
test_misplaced_file (void)
{
  g_autofree char *pizza = q (base_schema);
  g_autoptr(GPtrArray) files = model_with_pizza (pizza);
  add (files, "sauces/x.json", "{}");
  expect_problem (files, "sauces/x.json", "$", "Model files belong in");
}

/* A result schema (read only, issue 15 item 4): checked as an entity
 * schema's fields are, never part of the desired state. */
static void
test_results_read_only (void)
{
  g_autofree char *pizza = q (base_schema);
  g_autoptr(GPtrArray) files = model_with_pizza (pizza);
  g_autoptr(GPtrArray) broken = model_with_pizza (pizza);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) lim_model_problem_free);
  g_autoptr(LimDesired) desired = NULL;
  g_autoptr(LimDesired) without = NULL;
  g_autoptr(GPtrArray) alone = model_with_pizza (pizza);

  add (files, "results_schemas/taste_test.json",
       "{'name': 'Taste Test', 'warehouse_name': 'taste_test', 'fields': ["
       "{'name': 'Cheese', 'warehouse_name': 'cheese', 'type': 'dropdown', 'required': false,"
       " 'dropdown_link': 'Cheese Type'},"
       "{'name': 'Sauce', 'warehouse_name': 'sauce', 'type': 'entity_link', 'required': false,"
       " 'entity_link': 'no_such_schema'}]}");
  desired = lim_model_files_parse (files, problems);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_nonnull (desired);
  without = lim_model_files_parse (alone, problems);
  g_assert_nonnull (without);
  g_assert_cmpuint (lim_desired_get_n_schemas (desired), ==, lim_desired_get_n_schemas (without));
  g_assert_cmpuint (lim_desired_get_n_dropdowns (desired), ==, lim_desired_get_n_dropdowns (without));

  add (broken, "results_schemas/taste_test.json",
       "{'name': 'Taste Test', 'warehouse_name': 'taste_test', 'fields': ["
       "{'name': 'Score', 'warehouse_name': 'score', 'type': 'scoring', 'required': false}]}");
  expect_problem (broken, "results_schemas/taste_test.json", "$.fields[0].type", "not");
}

/* ---------------------------------------------------------------- files on disk */

static void
test_read_dir_writes_nothing (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lim-model-files-XXXXXX", NULL);
  g_autofree char *sub = g_build_filename (dir, "entity_schemas", NULL);
  g_autofree char *path = g_build_filename (sub, "pizza.json", NULL);
  g_autofree char *bad = patch (base_schema, "prefix", "'PZ1'");
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) lim_model_problem_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(LimDesired) desired = NULL;

  g_assert_cmpint (g_mkdir_with_parents (sub, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, bad, -1, NULL));
  desired = lim_model_files_read (dir, "model", problems, &error);
  g_assert_null (desired);
  g_assert_error (error, LIM_MODEL_FILES_ERROR, LIM_MODEL_FILES_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "model/entity_schemas/pizza.json: $.prefix: Invalid prefix “PZ1”"));
  g_assert_cmpuint (problems->len, ==, 1);
  g_remove (path);
  g_rmdir (sub);
  g_rmdir (dir);

  g_clear_error (&error);
  g_assert_null (lim_model_files_read (dir, NULL, NULL, &error));
  g_assert_error (error, LIM_MODEL_FILES_ERROR, LIM_MODEL_FILES_ERROR_NOT_FOUND);
}

/* ---------------------------------------------------------------- writer */

static JsonNode *
load_json (const char *dir, const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", dir, name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

static LimSnapshot *
load_tenant (void)
{
  g_autoptr(JsonNode) regs = load_json ("tenant", "registries.json");
  g_autoptr(JsonNode) schemas = load_json ("tenant", "tag-schemas.json");
  g_autoptr(JsonNode) selectors = load_json ("tenant", "selectors.json");
  g_autoptr(JsonNode) units = load_json ("tenant", "unit-types.json");
  g_autoptr(GError) error = NULL;
  LimSnapshot *model = lim_snapshot_new_from_json (regs, schemas, selectors, units, &error);

  g_assert_no_error (error);
  return model;
}

typedef struct
{
  guint written;
  guint kept;
  guint removed;
} Changes;

static void
count_change (const char        *path,
              LimModelFileChange change,
              gpointer           user_data)
{
  Changes *c = user_data;

  g_assert_true (g_path_is_absolute (path) || strchr (path, '/') != NULL);
  if (change == LIM_MODEL_FILE_WRITTEN)
    c->written++;
  else if (change == LIM_MODEL_FILE_KEPT)
    c->kept++;
  else
    c->removed++;
}

static void
remove_dir_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_dir_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* lim_model_files_write(): generate-files' rules for what is on disk, for
 * the command line and the window alike. */
static void
test_writer_write (void)
{
  g_autoptr(LimSnapshot) model = load_tenant ();
  g_autoptr(GPtrArray) files = lim_model_files_generate (model, LIM_MODEL_FILES_ALL, NULL);
  g_autofree char *tmp = g_dir_make_tmp ("liminal-model-write-XXXXXX", NULL);
  g_autofree char *dir = g_build_filename (tmp, "model", NULL);
  g_autofree char *stale = g_build_filename (dir, "dropdowns", "gone.json", NULL);
  g_autofree char *first = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  LimModelFile *file = g_ptr_array_index (files, 0);
  Changes c = { 0 };

  /* Into a folder that does not exist yet: everything is written. */
  g_assert_true (lim_model_files_write (dir, files, LIM_MODEL_FILES_ALL, FALSE, count_change, &c, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (c.written, ==, files->len);
  g_assert_cmpuint (c.kept + c.removed, ==, 0);

  /* An edited file and a stale one: without overwrite both stay… */
  first = g_build_filename (dir, file->name, NULL);
  g_assert_true (g_file_set_contents (first, "{}\n", -1, NULL));
  g_assert_true (g_file_set_contents (stale, "{}\n", -1, NULL));
  c = (Changes) { 0 };
  g_assert_true (lim_model_files_write (dir, files, LIM_MODEL_FILES_ALL, FALSE, count_change, &c, &error));
  g_assert_cmpuint (c.written, ==, 0);
  g_assert_cmpuint (c.kept, ==, files->len);
  g_assert_true (g_file_test (stale, G_FILE_TEST_EXISTS));

  /* …with overwrite the edited one is written back, the stale one goes,
   * the unchanged ones are not touched. */
  c = (Changes) { 0 };
  g_assert_true (lim_model_files_write (dir, files, LIM_MODEL_FILES_ALL, TRUE, count_change, &c, &error));
  g_assert_cmpuint (c.written, ==, 1);
  g_assert_cmpuint (c.removed, ==, 1);
  g_assert_cmpuint (c.kept, ==, files->len - 1);
  g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_get_contents (first, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, file->contents);

  /* One kind only. */
  c = (Changes) { 0 };
  remove_dir_tree (dir);
  g_assert_true (lim_model_files_write (dir, files, LIM_MODEL_FILES_DROPDOWNS, TRUE, NULL, NULL, &error));
  g_assert_no_error (error);
  {
    g_autofree char *schemas = g_build_filename (dir, "entity_schemas", NULL);
    g_autofree char *dropdowns = g_build_filename (dir, "dropdowns", NULL);

    g_assert_false (g_file_test (schemas, G_FILE_TEST_EXISTS));
    g_assert_true (g_file_test (dropdowns, G_FILE_TEST_IS_DIR));
  }

  /* A folder that cannot be created. */
  {
    g_autofree char *blocker = g_build_filename (tmp, "file", NULL);
    g_autofree char *below = g_build_filename (blocker, "model", NULL);

    g_assert_true (g_file_set_contents (blocker, "", -1, NULL));
    g_assert_false (lim_model_files_write (below, files, LIM_MODEL_FILES_ALL, TRUE, NULL, NULL, &error));
    g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR);
    g_assert_true (g_str_has_prefix (error->message, "Cannot create "));
  }
  remove_dir_tree (tmp);
}

static void
test_writer_golden (void)
{
  /* tests/data/model-files/tenant/ holds what generate-files must write for
   * the shared tenant fixture (tests/data/tenant/).  The golden is never
   * rewritten by this code: its oracle is tests/check-model-files.py, an
   * independent Python derivation from the specification (§6.7, §8.2 and
   * data/schemas/) that checks it key by key.  To change the golden, edit
   * the files by hand and make both this test and that script pass. */
  g_autoptr(LimSnapshot) model = load_tenant ();
  g_autoptr(GPtrArray) files = lim_model_files_generate (model, LIM_MODEL_FILES_ALL, NULL);
  g_autoptr(GPtrArray) again = lim_model_files_generate (model, LIM_MODEL_FILES_ALL, NULL);
  g_autoptr(GPtrArray) on_disk = NULL;
  g_autofree char *golden = g_test_build_filename (G_TEST_DIST, "data", "model-files", "tenant", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (files->len, >, 0);
  g_assert_cmpuint (files->len, ==, again->len);
  for (guint i = 0; i < files->len; i++)
    {
      LimModelFile *a = g_ptr_array_index (files, i);
      LimModelFile *b = g_ptr_array_index (again, i);
      g_assert_cmpstr (a->name, ==, b->name);
      g_assert_cmpstr (a->contents, ==, b->contents);
      g_assert_true (g_str_has_suffix (a->contents, "}\n"));
      g_assert_null (strstr (a->name, "liminal_remote"));
    }
  on_disk = lim_model_files_load_dir (golden, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (on_disk->len, ==, files->len);
  for (guint i = 0; i < files->len; i++)
    {
      LimModelFile *a = g_ptr_array_index (files, i);
      LimModelFile *b = g_ptr_array_index (on_disk, i);
      g_assert_cmpstr (a->name, ==, b->name);
      g_assert_cmpstr (a->contents, ==, b->contents);
    }
}

/* A warehouse name from the tenant becomes a file name: one that could
 * leave the folder, or hold control characters, fails the whole call. */
static void
test_writer_unsafe_names (void)
{
  static const char *const bad[] = { "../../x", "a/b", ".", "..", "", "a\\b", "red\x1b[31m", "tab\tname" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) regs = load_json ("tenant", "registries.json");
      g_autoptr(JsonNode) schemas = load_json ("tenant", "tag-schemas.json");
      g_autoptr(JsonNode) selectors = load_json ("tenant", "selectors.json");
      g_autoptr(JsonNode) units = load_json ("tenant", "unit-types.json");
      JsonArray *data = json_object_get_array_member (json_node_get_object (schemas), "data");
      JsonObject *first = json_array_get_object_element (data, 0);
      g_autoptr(LimSnapshot) model = NULL;
      g_autoptr(GPtrArray) files = NULL;
      g_autoptr(GError) error = NULL;

      json_object_set_string_member (first, "sqlIdentifier", bad[i]);
      model = lim_snapshot_new_from_json (regs, schemas, selectors, units, &error);
      g_assert_no_error (error);
      files = lim_model_files_generate (model, LIM_MODEL_FILES_ALL, &error);
      g_assert_null (files);
      g_assert_error (error, LIM_MODEL_FILES_ERROR, LIM_MODEL_FILES_ERROR_UNSAFE_NAME);
      g_assert_true (g_str_has_prefix (error->message, "Entity schema “Dough Batch” has the warehouse name “"));
      g_assert_null (strchr (error->message, '\x1b'));
      g_assert_null (strchr (error->message, '\t'));
    }
}

static void
test_writer_round_trip (void)
{
  /* generate → parse → compare against the same tenant: in sync. */
  g_autoptr(LimSnapshot) model = load_tenant ();
  g_autoptr(GPtrArray) files = lim_model_files_generate (model, LIM_MODEL_FILES_ALL, NULL);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) lim_model_problem_free);
  g_autoptr(LimDesired) desired = lim_model_files_parse (files, problems);
  g_autoptr(GPtrArray) upgrade = NULL;
  g_autoptr(GPtrArray) downgrade = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *s = lim_model_problem_to_string (g_ptr_array_index (problems, i));
      g_test_message ("problem: %s", s);
    }
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_nonnull (desired);
  g_assert_true (lim_compare (desired, model, &upgrade, &downgrade, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < upgrade->len; i++)
    {
      g_autofree char *s = lim_operation_describe (g_ptr_array_index (upgrade, i));
      g_test_message ("unexpected: %s", s);
    }
  g_assert_cmpuint (upgrade->len, ==, 0);
}

/* The published JSON Schemas name exactly the engine's enum values. */
static void
check_enum (JsonNode *node, const LimEnum *e)
{
  JsonArray *values = json_object_get_array_member (json_node_get_object (node), "enum");
  g_assert_nonnull (values);
  g_assert_cmpuint (json_array_get_length (values), ==, e->n_members);
  for (guint i = 0; i < e->n_members; i++)
    {
      gboolean found = FALSE;
      for (guint j = 0; j < json_array_get_length (values) && !found; j++)
        found = strcmp (json_array_get_string_element (values, j), e->members[i].value) == 0;
      if (!found)
        g_error ("%s value %s is missing from the JSON Schema", e->class_name, e->members[i].value);
    }
}

static JsonNode *
at (JsonNode *root, const char *path)
{
  g_autoptr(JsonPath) p = json_path_new ();
  g_autoptr(JsonNode) matches = NULL;
  g_autoptr(GError) error = NULL;

  json_path_compile (p, path, &error);
  g_assert_no_error (error);
  matches = json_path_match (p, root);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (matches)), ==, 1);
  return json_node_copy (json_array_get_element (json_node_get_array (matches), 0));
}

static void
test_json_schema_agrees (void)
{
  g_autoptr(JsonNode) schema = load_json ("../../data/schemas", "liminal-entity-schema.schema.json");
  g_autoptr(JsonNode) dropdown = load_json ("../../data/schemas", "liminal-dropdown.schema.json");
  g_autoptr(JsonNode) entity_type = at (schema, "$.properties.entity_type");
  g_autoptr(JsonNode) field_type = at (schema, "$.$defs.field.properties.type");
  g_autoptr(JsonNode) strategy = at (schema, "$.properties.naming_strategies.items");
  g_autoptr(JsonNode) props = at (schema, "$.properties");
  g_autoptr(JsonNode) field_props = at (schema, "$.$defs.field.properties");
  g_autoptr(JsonNode) dropdown_props = at (dropdown, "$.properties");
  g_autoptr(LimSnapshot) model = load_tenant ();
  g_autoptr(GPtrArray) files = lim_model_files_generate (model, LIM_MODEL_FILES_ALL, NULL);

  check_enum (entity_type, &lim_enum_entity_type);
  check_enum (field_type, &lim_enum_field_type);
  check_enum (strategy, &lim_enum_naming_strategy);

  /* The writer writes every key the schema declares, in the schema's order. */
  for (guint i = 0; i < files->len; i++)
    {
      LimModelFile *f = g_ptr_array_index (files, i);
      g_autoptr(JsonNode) root = json_from_string (f->contents, NULL);
      gboolean is_dropdown = g_str_has_prefix (f->name, "dropdowns/");
      g_autoptr(GList) want = json_object_get_members (json_node_get_object (is_dropdown ? dropdown_props : props));
      g_autoptr(GList) got = json_object_get_members (json_node_get_object (root));

      g_assert_cmpuint (g_list_length (want), ==, g_list_length (got));
      for (GList *w = want, *g = got; w; w = w->next, g = g->next)
        g_assert_cmpstr (w->data, ==, g->data);
      if (!is_dropdown)
        {
          JsonArray *fields = json_object_get_array_member (json_node_get_object (root), "fields");
          for (guint k = 0; k < json_array_get_length (fields); k++)
            {
              g_autoptr(GList) fw = json_object_get_members (json_node_get_object (field_props));
              g_autoptr(GList) fg = json_object_get_members (json_array_get_object_element (fields, k));
              g_assert_cmpuint (g_list_length (fw), ==, g_list_length (fg));
              for (GList *w = fw, *g = fg; w; w = w->next, g = g->next)
                g_assert_cmpstr (w->data, ==, g->data);
            }
        }
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model-files/valid", test_valid);
  g_test_add_func ("/model-files/archived-left-out", test_archived_left_out);
  g_test_add_func ("/model-files/schema/required-key", test_schema_required_key);
  g_test_add_func ("/model-files/schema/unknown-key", test_schema_unknown_key);
  g_test_add_func ("/model-files/schema/bad-type", test_schema_bad_type);
  g_test_add_func ("/model-files/schema/entity-type", test_schema_entity_type);
  g_test_add_func ("/model-files/schema/naming-strategy", test_schema_naming_strategy);
  g_test_add_func ("/model-files/schema/warehouse-name", test_schema_warehouse_name);
  g_test_add_func ("/model-files/schema/prefix-digit", test_schema_prefix_digit);
  g_test_add_func ("/model-files/schema/prefix-space", test_schema_prefix_space);
  g_test_add_func ("/model-files/schema/prefix-long", test_schema_prefix_long);
  g_test_add_func ("/model-files/schema/prefix-chars", test_schema_prefix_chars);
  g_test_add_func ("/model-files/schema/prefix-empty", test_schema_prefix_empty);
  g_test_add_func ("/model-files/schema/mixture-needs-config", test_mixture_needs_config);
  g_test_add_func ("/model-files/schema/mixture-config-only-mixtures", test_mixture_config_only_for_mixtures);
  g_test_add_func ("/model-files/schema/mixture-config-measured", test_mixture_config_measured);
  g_test_add_func ("/model-files/schema/mixture-config-not-measured", test_mixture_config_not_measured);
  g_test_add_func ("/model-files/schema/show-bases", test_show_bases_only_sequences);
  g_test_add_func ("/model-files/field/required-key", test_field_required_key);
  g_test_add_func ("/model-files/field/unknown-type", test_field_unknown_type);
  g_test_add_func ("/model-files/field/warehouse-name", test_field_warehouse_name);
  g_test_add_func ("/model-files/field/dropdown-needs-link", test_field_dropdown_needs_link);
  g_test_add_func ("/model-files/field/dropdown-link-only-dropdowns", test_field_dropdown_link_only_dropdowns);
  g_test_add_func ("/model-files/field/unit-only-numbers", test_field_unit_only_numbers);
  g_test_add_func ("/model-files/field/decimals-only-float", test_field_decimals_only_float);
  g_test_add_func ("/model-files/field/decimals-range", test_field_decimals_range);
  g_test_add_func ("/model-files/field/entity-link-only-links", test_field_entity_link_only_links);
  g_test_add_func ("/model-files/field/parent-link-only-links", test_field_parent_link_only_links);
  g_test_add_func ("/model-files/field/is-multi", test_field_is_multi);
  g_test_add_func ("/model-files/field/type-for-entity-type", test_field_type_for_entity_type);
  g_test_add_func ("/model-files/template/only-separators", test_template_only_separators);
  g_test_add_func ("/model-files/template/empty-value", test_template_empty_value);
  g_test_add_func ("/model-files/template/unknown-part", test_template_unknown_part);
  g_test_add_func ("/model-files/template/unknown-key", test_template_unknown_key);
  g_test_add_func ("/model-files/template/field-part-column", test_template_field_part_column);
  g_test_add_func ("/model-files/template/parent-part", test_template_parent_part);
  g_test_add_func ("/model-files/dropdown/duplicate-option", test_dropdown_duplicate_option);
  g_test_add_func ("/model-files/dropdown/duplicate-name", test_dropdown_duplicate_name);
  g_test_add_func ("/model-files/dropdown/missing-options", test_dropdown_missing_options);
  g_test_add_func ("/model-files/not-json", test_not_json);
  g_test_add_func ("/model-files/json-readers", test_json_readers);
  g_test_add_func ("/model-files/misplaced-file", test_misplaced_file);
  g_test_add_func ("/model-files/results-read-only", test_results_read_only);
  g_test_add_func ("/model-files/model/unique-warehouse-name", test_unique_warehouse_name);
  g_test_add_func ("/model-files/model/unique-schema-name", test_unique_schema_name);
  g_test_add_func ("/model-files/model/unique-field-name", test_unique_field_name);
  g_test_add_func ("/model-files/model/unique-field-warehouse-name", test_unique_field_warehouse_name);
  g_test_add_func ("/model-files/model/constraint-unknown-field", test_constraint_unknown_field);
  g_test_add_func ("/model-files/model/constraint-bases", test_constraint_bases);
  g_test_add_func ("/model-files/model/constraint-amino-acids", test_constraint_amino_acids);
  g_test_add_func ("/model-files/model/constraint-one-pseudo", test_constraint_one_pseudo);
  g_test_add_func ("/model-files/model/template-strategy-needs-parts", test_template_strategy_needs_parts);
  g_test_add_func ("/model-files/model/template-order-only-nt", test_template_order_only_nt);
  g_test_add_func ("/model-files/model/entity-link-target", test_entity_link_target);
  g_test_add_func ("/model-files/model/dropdown-link-target", test_dropdown_link_target);
  g_test_add_func ("/model-files/read-dir", test_read_dir_writes_nothing);
  g_test_add_func ("/model-files/writer/golden", test_writer_golden);
  g_test_add_func ("/model-files/writer/write", test_writer_write);
  g_test_add_func ("/model-files/writer/round-trip", test_writer_round_trip);
  g_test_add_func ("/model-files/writer/unsafe-names", test_writer_unsafe_names);
  g_test_add_func ("/model-files/json-schema-agrees", test_json_schema_agrees);

  return g_test_run ();
}
