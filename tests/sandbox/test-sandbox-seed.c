/* test-sandbox-seed.c — a sandbox seeded from what Benchling answered
 * ("benchling:FILE", format "benchling-responses/1"): the bodies of a
 * tenant's GET requests, read by the sandbox's own code, give the same
 * tenant back (archived schemas, fields and options included); what the
 * clone creates never takes an id or a field number the tenant has.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gstdio.h>

#include "sandbox-test-util.h"

/* The body of a GET as a string (sb_body_str is owned by the response). */
static char *
get_body (SbFixture  *fx,
          gboolean    internal,
          const char *path)
{
  g_autoptr(SbResp) r = internal ? sb_internal (fx, "GET", path, NULL) : sb_public (fx, "GET", path, NULL);

  sb_assert_status (r, 200);
  return g_strdup (sb_body_str (r));
}

/* What a rehearsal sends: the tenant's four reads, as Benchling answered. */
static char *
benchling_responses (SbFixture *fx)
{
  g_autofree char *registries = get_body (fx, FALSE, "/api/v2/registries");
  g_autofree char *units = get_body (fx, FALSE, "/api/v2-alpha/unit-types?pageSize=100");
  g_autofree char *schemas = get_body (fx, TRUE, "/1/api/tag-schemas/");
  g_autofree char *selectors_path = g_strdup_printf ("/1/api/schema-field-selectors/?registryId=%s",
                                                     lim_sandbox_get_registry_id (fx->sandbox));
  g_autofree char *selectors = get_body (fx, TRUE, selectors_path);
  g_autofree char *results = get_body (fx, TRUE, "/1/api/result-schemas");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  JsonObject *units_obj;

  json_parser_load_from_data (parser, units, -1, &error);
  g_assert_no_error (error);
  units_obj = json_node_get_object (json_parser_get_root (parser));
  /* one page holds them all */
  g_assert_cmpstr (json_object_get_string_member_with_default (units_obj, "nextToken", ""), ==, "");
  json_generator_set_root (gen, json_object_get_member (units_obj, "unitTypes"));
  {
    g_autofree char *unit_types = json_generator_to_data (gen, NULL);
    return g_strdup_printf ("{\"format\":\"benchling-responses/1\",\"registries\":%s,\"unitTypes\":%s,"
                            "\"tagSchemas\":%s,\"selectors\":%s,\"resultSchemas\":%s}", registries, unit_types, schemas,
                            selectors, results);
  }
}

/* A sandbox state without what a clone cannot know or keeps apart: the id
 * counters, modification times and the options' usage counts. */
static JsonNode *
scrubbed_state (LimSandbox *sandbox)
{
  g_autofree char *json = lim_sandbox_get_state_json (sandbox);
  g_autoptr(GError) error = NULL;
  JsonNode *root = json_from_string (json, &error);
  JsonObject *o;
  JsonArray *selectors;

  g_assert_no_error (error);
  o = json_node_get_object (root);
  json_object_remove_member (o, "counter");
  json_object_remove_member (o, "fieldCounter");
  json_object_remove_member (o, "schemaModifiedAt");
  selectors = json_object_get_array_member (o, "selectors");
  for (guint i = 0; i < json_array_get_length (selectors); i++)
    {
      JsonArray *options = json_object_get_array_member (json_array_get_object_element (selectors, i),
                                                         "allSchemaFieldSelectorOptions");
      for (guint j = 0; j < json_array_get_length (options); j++)
        json_object_remove_member (json_array_get_object_element (options, j), "numLinkedTags");
    }
  return root;
}

static void
test_round_trip (SbFixture    *fx,
                 gconstpointer data)
{
  g_autofree char *responses = benchling_responses (fx);
  g_autofree char *path = g_build_filename (fx->tmpdir, "responses.json", NULL);
  g_autofree char *seed = NULL;
  g_autofree char *before = lim_sandbox_get_state_json (fx->sandbox);
  g_autoptr(GError) error = NULL;
  g_autoptr(LimSandbox) clone = NULL;
  g_autoptr(JsonNode) a = NULL;
  g_autoptr(JsonNode) b = NULL;
  g_autofree char *dropdown = NULL;
  const char *opts[] = { "One", "Two", NULL };

  g_assert_true (g_file_set_contents (path, responses, -1, &error));
  seed = g_strconcat ("benchling:", path, NULL);
  clone = lim_sandbox_new (NULL, seed, &error);
  g_assert_no_error (error);

  a = scrubbed_state (fx->sandbox);
  b = scrubbed_state (clone);
  if (!json_node_equal (a, b))
    {
      g_autofree char *sa = json_to_string (a, TRUE);
      g_autofree char *sb = json_to_string (b, TRUE);
      g_test_message ("tenant:\n%s\nclone:\n%s", sa, sb);
      g_test_fail ();
    }
  g_assert_true (strstr (before, "\"archiveRecord\":{") != NULL); /* archived records were cloned too */

  /* The clone's new ids are not the tenant's (nor its field numbers). */
  dropdown = lim_sandbox_create_dropdown (clone, "Brand new", opts, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (before, dropdown));
  {
    g_autofree char *schema = lim_sandbox_create_entity_schema (
      clone,
      "{\"name\":\"Brand new\",\"prefix\":\"BN\",\"type\":\"custom_entity\",\"labelingStrategies\":"
      "[\"NEW_IDS\"],\"fields\":[{\"name\":\"Weight\",\"systemName\":\"brand_weight\",\"fieldType\":\"float\","
      "\"isMulti\":false,\"isRequired\":false,\"isParentLink\":false,\"link\":{}}]}", &error);
    g_autofree char *after = NULL;
    g_autoptr(JsonNode) root = NULL;
    JsonArray *schemas;
    gint64 max_before = 0;

    g_assert_no_error (error);
    g_assert_null (strstr (before, schema));
    /* every field number of the tenant is below the new field's */
    root = json_from_string (before, &error);
    schemas = json_object_get_array_member (json_node_get_object (root), "tagSchemas");
    for (guint i = 0; i < json_array_get_length (schemas); i++)
      {
        JsonArray *fields = json_object_get_array_member (json_array_get_object_element (schemas, i), "allFields");
        for (guint j = 0; j < json_array_get_length (fields); j++)
          max_before = MAX (max_before, json_object_get_int_member (json_array_get_object_element (fields, j), "id"));
      }
    after = lim_sandbox_get_state_json (clone);
    g_clear_pointer (&root, json_node_unref);
    root = json_from_string (after, &error);
    schemas = json_object_get_array_member (json_node_get_object (root), "tagSchemas");
    for (guint i = 0; i < json_array_get_length (schemas); i++)
      {
        JsonObject *s = json_array_get_object_element (schemas, i);
        if (g_strcmp0 (json_object_get_string_member (s, "id"), schema) == 0)
          {
            JsonArray *fields = json_object_get_array_member (s, "allFields");
            g_assert_cmpint (json_array_get_length (fields), ==, 1);
            g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (fields, 0), "id"), >,
                             max_before);
          }
      }
  }

  /* reset goes back to the clone, not to an empty tenant */
  g_assert_true (lim_sandbox_reset (clone, &error));
  g_assert_no_error (error);
  g_clear_pointer (&b, json_node_unref);
  b = scrubbed_state (clone);
  if (!json_node_equal (a, b))
    {
      g_autofree char *sa = json_to_string (a, TRUE);
      g_autofree char *sb = json_to_string (b, TRUE);
      g_test_message ("tenant:\n%s\nclone after reset:\n%s", sa, sb);
    }
  g_assert_true (json_node_equal (a, b));
}

static void
test_invalid (void)
{
  const char *bad[] = {
    "[]",
    "{\"registries\":{\"registries\":[]}}",
    "{\"format\":\"benchling-responses/1\",\"registries\":{\"registries\":[]},\"tagSchemas\":{\"data\":[]},"
    "\"selectors\":[]}",
    "{\"format\":\"benchling-responses/1\",\"registries\":{\"registries\":[{\"id\":\"a\"},{\"id\":\"b\"}]},"
    "\"tagSchemas\":{\"data\":[]},\"selectors\":[]}",
    "{\"format\":\"benchling-responses/1\",\"registries\":{\"registries\":[{\"id\":\"a\"}]},"
    "\"tagSchemas\":{\"data\":[]}}",
    "{\"format\":\"benchling-responses/1\",\"registries\":{\"registries\":[{\"id\":\"a\"}]},"
    "\"tagSchemas\":{\"data\":[{\"name\":\"no id\"}]},\"selectors\":[]}",
  };
  g_autofree char *dir = g_dir_make_tmp ("sandbox-seed-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "responses.json", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *seed = g_strconcat ("benchling:", path, NULL);
      g_autoptr(LimSandbox) sb = NULL;

      g_assert_true (g_file_set_contents (path, bad[i], -1, NULL));
      sb = lim_sandbox_new (NULL, seed, &error);
      g_assert_null (sb);
      g_assert_nonnull (error);
    }
  {
    /* the smallest tenant: one registry, nothing else */
    g_autoptr(GError) error = NULL;
    g_autofree char *seed = g_strconcat ("benchling:", path, NULL);
    g_autoptr(LimSandbox) sb = NULL;

    g_assert_true (g_file_set_contents (path, "{\"format\":\"benchling-responses/1\",\"registries\":{\"registries\":"
                                        "[{\"id\":\"src_x\",\"name\":\"R\"}]},\"tagSchemas\":{\"data\":[]},"
                                        "\"selectors\":{\"selectorsByRegistryId\":{\"src_x\":[]}}}", -1, NULL));
    sb = lim_sandbox_new (NULL, seed, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (lim_sandbox_get_registry_id (sb), ==, "src_x");
  }
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/sandbox/seed/benchling/basic", SbFixture, "basic", sb_fixture_setup, test_round_trip,
              sb_fixture_teardown);
  g_test_add ("/sandbox/seed/benchling/demo", SbFixture, "demo", sb_fixture_setup, test_round_trip,
              sb_fixture_teardown);
  g_test_add_func ("/sandbox/seed/benchling/invalid", test_invalid);
  return g_test_run ();
}
