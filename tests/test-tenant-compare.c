/* test-tenant-compare.c — comparing two tenants' snapshots
 * (lim-tenant-compare.h): a tenant compared with itself differs in
 * nothing, comparing with a tenant is comparing with the model files it
 * would write, and the revision marker is never an operation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lim-marker.h"
#include "lim-model-files.h"
#include "lim-operation.h"
#include "lim-tenant-compare.h"

static JsonNode *
load_json (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "tenant", name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

/* The tenant fixture (tests/data/tenant): schemas of two registries,
 * archived ones, dropdowns, units and the liminal_remote marker. */
static LimSnapshot *
load_tenant (void)
{
  g_autoptr(JsonNode) regs = load_json ("registries.json");
  g_autoptr(JsonNode) schemas = load_json ("tag-schemas.json");
  g_autoptr(JsonNode) selectors = load_json ("selectors.json");
  g_autoptr(JsonNode) units = load_json ("unit-types.json");
  g_autoptr(GError) error = NULL;
  LimSnapshot *model = lim_snapshot_new_from_json (regs, schemas, selectors, units, &error);

  g_assert_no_error (error);
  return model;
}

/* Every operation as its revision-file text, one a line. */
static char *
ops_text (GPtrArray *ops)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < ops->len; i++)
    {
      lim_operation_append_python (g_ptr_array_index (ops, i), out);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

static void
assert_no_marker_op (GPtrArray *ops)
{
  for (guint i = 0; i < ops->len; i++)
    g_assert_cmpstr (lim_operation_get_subject (g_ptr_array_index (ops, i)), !=, LIM_SNAPSHOT_REMOTE_SCHEMA);
}

static void
test_itself (void)
{
  g_autoptr(LimSnapshot) tenant = load_tenant ();
  g_autoptr(LimSnapshot) copy = lim_snapshot_copy (tenant);
  g_autoptr(GError) error = NULL;
  g_autoptr(LimTenantComparison) c = lim_tenant_compare_snapshots (tenant, copy, &error);
  const char *marker;

  g_assert_no_error (error);
  g_assert_nonnull (c);
  g_assert_cmpuint (c->upgrade->len, ==, 0);
  g_assert_cmpuint (c->downgrade->len, ==, 0);
  g_assert_cmpuint (c->hints->len, ==, 0);
  marker = lim_marker_get_revision_id (tenant, NULL);
  g_assert_nonnull (marker);
  g_assert_cmpstr (c->tenant_revision, ==, marker);
  g_assert_cmpstr (c->other_revision, ==, marker);
  g_assert_null (c->tenant);
  g_assert_null (c->other);
}

/* Comparing @tenant with @other equals comparing @tenant with the model
 * files `generate-files` writes from @other. */
static void
assert_same_as_model_files (LimSnapshot *tenant,
                            LimSnapshot *other)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = lim_model_files_generate (other, LIM_MODEL_FILES_ALL, &error);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) lim_model_problem_free);
  g_autoptr(LimDesired) desired = NULL;
  g_autoptr(GPtrArray) upgrade = NULL;
  g_autoptr(GPtrArray) downgrade = NULL;
  g_autoptr(LimTenantComparison) c = NULL;
  g_autofree char *want_up = NULL;
  g_autofree char *want_down = NULL;
  g_autofree char *got_up = NULL;
  g_autofree char *got_down = NULL;

  g_assert_no_error (error);
  desired = lim_model_files_parse (files, problems);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_nonnull (desired);
  g_assert_true (lim_compare (desired, tenant, &upgrade, &downgrade, &error));
  g_assert_no_error (error);
  c = lim_tenant_compare_snapshots (tenant, other, &error);
  g_assert_no_error (error);

  want_up = ops_text (upgrade);
  want_down = ops_text (downgrade);
  got_up = ops_text (c->upgrade);
  got_down = ops_text (c->downgrade);
  g_assert_cmpstr (got_up, ==, want_up);
  g_assert_cmpstr (got_down, ==, want_down);
  assert_no_marker_op (c->upgrade);
  assert_no_marker_op (c->downgrade);
}

static void
test_empty_against_tenant (void)
{
  g_autoptr(LimSnapshot) tenant = load_tenant ();
  g_autoptr(LimSnapshot) empty = lim_snapshot_new (lim_snapshot_get_registry_id (tenant));
  g_autoptr(LimTenantComparison) c = NULL;
  g_autoptr(LimDesired) desired = lim_tenant_compare_desired (tenant);
  guint creates = 0, dropdowns = 0;

  assert_same_as_model_files (empty, tenant);
  c = lim_tenant_compare_snapshots (empty, tenant, NULL);
  g_assert_nonnull (c);
  g_assert_null (c->tenant_revision);
  g_assert_nonnull (c->other_revision);
  /* Every active schema of the registry is created, the marker is not. */
  for (guint i = 0; i < c->upgrade->len; i++)
    {
      const LimOperation *op = g_ptr_array_index (c->upgrade, i);

      creates += op->spec->kind == LIM_OP_CREATE_ENTITY_SCHEMA;
      dropdowns += op->spec->kind == LIM_OP_CREATE_DROPDOWN;
    }
  g_assert_cmpuint (creates, ==, lim_desired_get_n_schemas (desired));
  g_assert_cmpuint (dropdowns, ==, lim_desired_get_n_dropdowns (desired));
  g_assert_cmpuint (creates, >, 0);
  g_assert_cmpuint (dropdowns, >, 0);
}

static void
test_tenant_against_empty (void)
{
  g_autoptr(LimSnapshot) tenant = load_tenant ();
  g_autoptr(LimSnapshot) empty = lim_snapshot_new (lim_snapshot_get_registry_id (tenant));
  g_autoptr(LimTenantComparison) c = NULL;

  assert_same_as_model_files (tenant, empty);
  c = lim_tenant_compare_snapshots (tenant, empty, NULL);
  g_assert_nonnull (c);
  g_assert_cmpuint (c->upgrade->len, >, 0);
  for (guint i = 0; i < c->upgrade->len; i++)
    {
      const LimOperation *op = g_ptr_array_index (c->upgrade, i);

      g_assert_true (op->spec->kind == LIM_OP_ARCHIVE_ENTITY_SCHEMA || op->spec->kind == LIM_OP_ARCHIVE_DROPDOWN);
    }
}

static void
remove_field (JsonArray  *fields,
              const char *system_name)
{
  for (guint i = 0; fields && i < json_array_get_length (fields); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (fields, i), "systemName"),
                   system_name) == 0)
      {
        json_array_remove_element (fields, i);
        return;
      }
}

/* The fixture with pizza's tasting_notes field gone and Crust Style's
 * options in reverse order. */
static LimSnapshot *
load_changed_tenant (void)
{
  g_autoptr(JsonNode) regs = load_json ("registries.json");
  g_autoptr(JsonNode) schemas = load_json ("tag-schemas.json");
  g_autoptr(JsonNode) selectors = load_json ("selectors.json");
  g_autoptr(JsonNode) units = load_json ("unit-types.json");
  g_autoptr(GError) error = NULL;
  JsonArray *data = json_object_get_array_member (json_node_get_object (schemas), "data");
  JsonObject *by_registry = json_object_get_object_member (json_node_get_object (selectors), "selectorsByRegistryId");
  g_autoptr(GList) registries = json_object_get_members (by_registry);
  LimSnapshot *model;

  for (guint i = 0; i < json_array_get_length (data); i++)
    {
      JsonObject *schema = json_array_get_object_element (data, i);

      if (g_strcmp0 (json_object_get_string_member (schema, "sqlIdentifier"), "pizza") != 0)
        continue;
      remove_field (json_object_get_array_member (schema, "allFields"), "tasting_notes");
      remove_field (json_object_get_array_member (schema, "fields"), "tasting_notes");
    }
  for (GList *r = registries; r; r = r->next)
    {
      JsonArray *list = json_object_get_array_member (by_registry, r->data);

      for (guint i = 0; i < json_array_get_length (list); i++)
        {
          JsonObject *d = json_array_get_object_element (list, i);
          JsonArray *options;
          JsonArray *reversed;

          if (g_strcmp0 (json_object_get_string_member (d, "name"), "Crust Style") != 0)
            continue;
          options = json_object_get_array_member (d, "allSchemaFieldSelectorOptions");
          reversed = json_array_new ();
          for (guint k = json_array_get_length (options); k > 0; k--)
            json_array_add_element (reversed, json_node_copy (json_array_get_element (options, k - 1)));
          json_object_set_array_member (d, "allSchemaFieldSelectorOptions", reversed);
        }
    }
  model = lim_snapshot_new_from_json (regs, schemas, selectors, units, &error);
  g_assert_no_error (error);
  return model;
}

static gboolean
has_op (GPtrArray  *ops,
        LimOpKind   kind,
        const char *subject)
{
  for (guint i = 0; i < ops->len; i++)
    {
      const LimOperation *op = g_ptr_array_index (ops, i);

      if (op->spec->kind == kind && g_strcmp0 (lim_operation_get_subject (op), subject) == 0)
        return TRUE;
    }
  return FALSE;
}

/* A field missing and options reordered on one side: exactly those
 * differences, both ways. */
static void
test_small_differences (void)
{
  g_autoptr(LimSnapshot) tenant = load_tenant ();
  g_autoptr(LimSnapshot) other = load_changed_tenant ();
  g_autoptr(LimTenantComparison) lacks = NULL;
  g_autoptr(LimTenantComparison) has = NULL;

  assert_same_as_model_files (tenant, other);
  assert_same_as_model_files (other, tenant);

  lacks = lim_tenant_compare_snapshots (tenant, other, NULL);
  g_assert_cmpuint (lacks->upgrade->len, ==, 2);
  g_assert_true (has_op (lacks->upgrade, LIM_OP_ARCHIVE_ENTITY_SCHEMA_FIELD, "pizza"));
  g_assert_true (has_op (lacks->upgrade, LIM_OP_REORDER_DROPDOWN_OPTIONS, "Crust Style"));

  has = lim_tenant_compare_snapshots (other, tenant, NULL);
  g_assert_cmpuint (has->upgrade->len, ==, 2);
  g_assert_true (has_op (has->upgrade, LIM_OP_CREATE_ENTITY_SCHEMA_FIELD, "pizza"));
  g_assert_true (has_op (has->upgrade, LIM_OP_REORDER_DROPDOWN_OPTIONS, "Crust Style"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tenant-compare/itself", test_itself);
  g_test_add_func ("/tenant-compare/empty-against-tenant", test_empty_against_tenant);
  g_test_add_func ("/tenant-compare/tenant-against-empty", test_tenant_against_empty);
  g_test_add_func ("/tenant-compare/small-differences", test_small_differences);

  return g_test_run ();
}
