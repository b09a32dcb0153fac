/* test-sandbox-public.c — contract tests of the public realm
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "sandbox-test-util.h"

#define FORM "application/x-www-form-urlencoded"

static void
assert_error_body (SbResp *r, const char *type)
{
  JsonObject *err = json_object_get_object_member (sb_obj (r), "error");
  g_assert_nonnull (err);
  if (type)
    g_assert_cmpstr (json_object_get_string_member (err, "type"), ==, type);
  g_assert_true (json_object_has_member (err, "message"));
  g_assert_true (json_object_has_member (err, "userMessage"));
  g_assert_cmpstr (json_object_get_string_member (err, "userMessage"), !=, "");
}

static void
test_token_basic (SbFixture *fx, gconstpointer data)
{
  g_autofree char *b64 = g_base64_encode ((const guchar *) "sandbox:sandbox-secret", 22);
  g_autofree char *auth = g_strconcat ("Basic ", b64, NULL);
  g_autoptr(SbResp) r = sb_request (fx, "POST", "/api/v2/token", FORM, "grant_type=client_credentials",
                                    0, "Authorization", auth, NULL);
  JsonObject *o;

  sb_assert_status (r, 200);
  o = sb_obj (r);
  g_assert_cmpstr (json_object_get_string_member (o, "token_type"), ==, "Bearer");
  g_assert_cmpint (json_object_get_int_member (o, "expires_in"), ==, 900);
  g_assert_cmpuint (strlen (json_object_get_string_member (o, "access_token")), >=, 20);
  g_assert_nonnull (sb_header (r, "x-rate-limit-limit"));
}

static void
test_token_errors (SbFixture *fx, gconstpointer data)
{
  g_autoptr(SbResp) r1 = sb_request (fx, "POST", "/api/v2/token", FORM,
                                     "grant_type=client_credentials&client_id=sandbox&client_secret=nope", 0, NULL);
  g_autoptr(SbResp) r2 = sb_request (fx, "POST", "/api/v2/token", FORM,
                                     "grant_type=password&client_id=sandbox&client_secret=sandbox-secret", 0, NULL);
  g_autoptr(SbResp) r3 = sb_request (fx, "POST", "/api/v2/token", FORM,
                                     "client_id=sandbox&client_secret=sandbox-secret", 0, NULL);

  sb_assert_status (r1, 401);
  assert_error_body (r1, "invalid_client");
  sb_assert_status (r2, 400);
  assert_error_body (r2, "unsupported_grant_type");
  sb_assert_status (r3, 400);
  assert_error_body (r3, "invalid_request");
}

static void
test_auth_required (SbFixture *fx, gconstpointer data)
{
  g_autoptr(SbResp) r1 = sb_request (fx, "GET", "/api/v2/registries", NULL, NULL, 0, NULL);
  g_autoptr(SbResp) r2 = sb_request (fx, "GET", "/api/v2/registries", NULL, NULL, 0,
                                     "Authorization", "Bearer not-a-token", NULL);

  sb_assert_status (r1, 401);
  assert_error_body (r1, NULL);
  sb_assert_status (r2, 401);
  g_assert_nonnull (sb_header (r2, "x-rate-limit-remaining"));
}

static void
test_token_expiry (SbFixture *fx, gconstpointer data)
{
  g_autoptr(SbResp) r1 = NULL;
  g_autoptr(SbResp) r2 = NULL;

  lim_sandbox_set_token_lifetime (fx->sandbox, 1);
  sb_get_token (fx);
  r1 = sb_public (fx, "GET", "/api/v2/registries", NULL);
  sb_assert_status (r1, 200);
  sb_wait_ms (1100);
  r2 = sb_public (fx, "GET", "/api/v2/registries", NULL);
  sb_assert_status (r2, 401);
  g_assert_nonnull (strstr (sb_body_str (r2), "expired"));
}

static void
test_registries (SbFixture *fx, gconstpointer data)
{
  g_autoptr(SbResp) r = sb_public (fx, "GET", "/api/v2/registries", NULL);
  JsonArray *regs;
  JsonObject *reg;

  sb_assert_status (r, 200);
  regs = json_object_get_array_member (sb_obj (r), "registries");
  g_assert_cmpuint (json_array_get_length (regs), ==, 1);
  reg = json_array_get_object_element (regs, 0);
  g_assert_cmpstr (json_object_get_string_member (reg, "name"), ==, "Pizza House Registry");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (reg, "id"), "src_"));
  g_assert_cmpstr (json_object_get_string_member (reg, "id"), ==, lim_sandbox_get_registry_id (fx->sandbox));
}

static void
test_dropdown_pagination (SbFixture *fx, gconstpointer data)
{
  g_autofree char *next = NULL;
  guint seen = 0, pages = 0;
  static const char * const bad[] = { "0", "101", "abc", "-1" };

  for (guint i = 0; i < 7; i++)
    {
      g_autofree char *name = g_strdup_printf ("Dropdown %u", i);
      const char *opts[] = { "a", "b", NULL };
      g_autoptr(GError) error = NULL;
      g_autofree char *id = lim_sandbox_create_dropdown (fx->sandbox, name, opts, &error);
      g_assert_no_error (error);
      g_assert_true (g_str_has_prefix (id, "sfs_"));
    }
  do
    {
      g_autofree char *path = next && *next
        ? g_strdup_printf ("/api/v2/dropdowns?pageSize=3&nextToken=%s", next)
        : g_strdup ("/api/v2/dropdowns?pageSize=3");
      g_autoptr(SbResp) r = sb_public (fx, "GET", path, NULL);
      JsonObject *o;

      sb_assert_status (r, 200);
      g_assert_cmpstr (sb_header (r, "Result-Count"), ==, "7");
      o = sb_obj (r);
      seen += json_array_get_length (json_object_get_array_member (o, "dropdowns"));
      g_free (next);
      next = g_strdup (json_object_get_string_member_with_default (o, "nextToken", ""));
      pages++;
    }
  while (*next);
  g_assert_cmpuint (seen, ==, 7);
  g_assert_cmpuint (pages, ==, 3);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v2/dropdowns?pageSize=%s", bad[i]);
      g_autoptr(SbResp) r = sb_public (fx, "GET", path, NULL);
      sb_assert_status (r, 400);
      assert_error_body (r, "invalid_request_error");
    }
  {
    g_autoptr(SbResp) r = sb_public (fx, "GET", "/api/v2/dropdowns?nextToken=garbage", NULL);
    sb_assert_status (r, 400);
  }
  {
    /* default page size is 50 */
    g_autoptr(SbResp) r = sb_public (fx, "GET", "/api/v2/dropdowns", NULL);
    sb_assert_status (r, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (sb_obj (r), "dropdowns")), ==, 7);
    g_assert_cmpstr (json_object_get_string_member (sb_obj (r), "nextToken"), ==, "");
  }
}

static void
test_dropdown_crud (SbFixture *fx, gconstpointer data)
{
  g_autoptr(SbResp) r = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  g_autofree char *id = NULL;
  g_autofree char *opt0 = NULL;
  JsonArray *opts;

  body = sb_printf_json ("{\"name\":\"Cheese\",\"options\":[{\"name\":\"Mozzarella\"},{\"name\":\"Gorgonzola\"}],"
                         "\"registryId\":\"%s\"}", lim_sandbox_get_registry_id (fx->sandbox));
  r = sb_public (fx, "POST", "/api/v2/dropdowns", body);
  sb_assert_status (r, 200);
  id = g_strdup (json_object_get_string_member (sb_obj (r), "id"));
  g_assert_true (g_str_has_prefix (id, "sfs_"));
  opts = json_object_get_array_member (sb_obj (r), "options");
  g_assert_cmpuint (json_array_get_length (opts), ==, 2);
  opt0 = g_strdup (json_object_get_string_member (json_array_get_object_element (opts, 0), "id"));
  g_assert_true (g_str_has_prefix (opt0, "sfso_"));
  g_assert_true (json_object_get_null_member (json_array_get_object_element (opts, 0), "archiveRecord"));
  g_clear_pointer (&r, sb_resp_free);

  /* duplicate name, unknown key, bad registry, duplicate option */
  r = sb_public (fx, "POST", "/api/v2/dropdowns", "{\"name\":\"Cheese\",\"options\":[]}");
  sb_assert_status (r, 400);
  assert_error_body (r, "invalid_request_error");
  g_clear_pointer (&r, sb_resp_free);
  r = sb_public (fx, "POST", "/api/v2/dropdowns", "{\"name\":\"X\",\"options\":[],\"colour\":1}");
  sb_assert_status (r, 400);
  g_clear_pointer (&r, sb_resp_free);
  r = sb_public (fx, "POST", "/api/v2/dropdowns", "{\"name\":\"X\",\"options\":[],\"registryId\":\"src_nope\"}");
  sb_assert_status (r, 400);
  g_clear_pointer (&r, sb_resp_free);
  r = sb_public (fx, "POST", "/api/v2/dropdowns", "{\"name\":\"X\",\"options\":[{\"name\":\"a\"},{\"name\":\"a\"}]}");
  sb_assert_status (r, 400);
  g_clear_pointer (&r, sb_resp_free);
  r = sb_public (fx, "POST", "/api/v2/dropdowns", "{not json");
  sb_assert_status (r, 400);
  g_clear_pointer (&r, sb_resp_free);

  path = g_strdup_printf ("/api/v2/dropdowns/%s", id);
  r = sb_public (fx, "GET", path, NULL);
  sb_assert_status (r, 200);
  g_assert_cmpstr (json_object_get_string_member (sb_obj (r), "name"), ==, "Cheese");
  g_clear_pointer (&r, sb_resp_free);

  r = sb_public (fx, "GET", "/api/v2/dropdowns/sfs_doesnotexist", NULL);
  sb_assert_status (r, 404);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (sb_obj (r), "error"), "invalidId"),
                   ==, "sfs_doesnotexist");
  g_clear_pointer (&r, sb_resp_free);

  /* PATCH: rename the first, add one, leave Gorgonzola out → archived */
  g_free (body);
  body = sb_printf_json ("{\"options\":[{\"id\":\"%s\",\"name\":\"Mozzarella di Bufala\"},{\"name\":\"Ricotta\"}]}", opt0);
  r = sb_public (fx, "PATCH", path, body);
  sb_assert_status (r, 200);
  opts = json_object_get_array_member (sb_obj (r), "options");
  g_assert_cmpuint (json_array_get_length (opts), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (opts, 0), "id"), ==, opt0);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (opts, 0), "name"), ==, "Mozzarella di Bufala");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (opts, 1), "name"), ==, "Ricotta");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (opts, 2), "name"), ==, "Gorgonzola");
  g_assert_nonnull (json_object_get_object_member (json_array_get_object_element (opts, 2), "archiveRecord"));
  g_clear_pointer (&r, sb_resp_free);

  r = sb_public (fx, "PATCH", path, "{\"options\":[{\"id\":\"sfso_notmine\",\"name\":\"x\"}]}");
  sb_assert_status (r, 400);
}

static void
test_dropdown_options_archive (SbFixture *fx, gconstpointer data)
{
  const char *names[] = { "Wood-fired", "Gas", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *id = lim_sandbox_create_dropdown (fx->sandbox, "Oven", names, &error);
  g_autofree char *path = g_strdup_printf ("/api/v2/dropdowns/%s", id);
  g_autofree char *apath = g_strdup_printf ("/api/v2/dropdowns/%s/options:archive", id);
  g_autofree char *upath = g_strdup_printf ("/api/v2/dropdowns/%s/options:unarchive", id);
  g_autofree char *body = NULL;
  g_autofree char *opt = NULL;
  g_autoptr(SbResp) r = sb_public (fx, "GET", path, NULL);
  JsonObject *o;

  sb_assert_status (r, 200);
  opt = g_strdup (json_object_get_string_member (
    json_array_get_object_element (json_object_get_array_member (sb_obj (r), "options"), 1), "id"));
  g_clear_pointer (&r, sb_resp_free);

  body = sb_printf_json ("{\"dropdownOptionIds\":[\"%s\"],\"reason\":\"Retired\"}", opt);
  r = sb_public (fx, "POST", apath, body);
  sb_assert_status (r, 200);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (sb_obj (r), "dropdownOptionIds"), 0), ==, opt);
  g_clear_pointer (&r, sb_resp_free);

  r = sb_public (fx, "POST", apath, body);       /* archiving an archived option */
  sb_assert_status (r, 400);
  g_clear_pointer (&r, sb_resp_free);

  r = sb_public (fx, "GET", path, NULL);
  o = json_array_get_object_element (json_object_get_array_member (sb_obj (r), "options"), 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (o, "archiveRecord"), "reason"), ==, "Retired");
  g_clear_pointer (&r, sb_resp_free);

  g_free (body);
  body = sb_printf_json ("{\"dropdownOptionIds\":[\"%s\"]}", opt);
  r = sb_public (fx, "POST", upath, body);
  sb_assert_status (r, 200);
  g_clear_pointer (&r, sb_resp_free);
  r = sb_public (fx, "POST", upath, body);       /* not archived */
  sb_assert_status (r, 400);
  g_clear_pointer (&r, sb_resp_free);

  r = sb_public (fx, "POST", apath, "{\"dropdownOptionIds\":[\"sfso_unknown\"]}");
  sb_assert_status (r, 400);
  g_clear_pointer (&r, sb_resp_free);
  r = sb_public (fx, "POST", "/api/v2/dropdowns/sfs_nope/options:archive", body);
  sb_assert_status (r, 404);
}

/* listAssayResultSchemas and getResultSchema (AssayResultSchema:
 * BaseAssaySchema with type "assay_result"): the basic seed's taste_test,
 * what Liminal's BaseResultsModel.get_id() reads (id by name). */
static void
test_assay_result_schemas (SbFixture *fx, gconstpointer data)
{
  g_autoptr(SbResp) r = sb_public (fx, "GET", "/api/v2/assay-result-schemas?pageSize=1", NULL);
  g_autoptr(SbResp) bad = sb_public (fx, "GET", "/api/v2/assay-result-schemas?pageSize=0", NULL);
  g_autoptr(SbResp) missing = sb_public (fx, "GET", "/api/v2/assay-result-schemas/assaysch_none", NULL);
  g_autoptr(SbResp) one = NULL;
  g_autofree char *path = NULL;
  JsonArray *list, *defs;
  JsonObject *rs, *score, *pizza;

  sb_assert_status (r, 200);
  g_assert_cmpstr (sb_header (r, "Result-Count"), ==, "1");  /* basic seed */
  g_assert_cmpstr (json_object_get_string_member (sb_obj (r), "nextToken"), ==, "");
  list = json_object_get_array_member (sb_obj (r), "assayResultSchemas");
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  rs = json_array_get_object_element (list, 0);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (rs, "id"), "assaysch_"));
  g_assert_cmpstr (json_object_get_string_member (rs, "name"), ==, "Taste Test");
  g_assert_cmpstr (json_object_get_string_member (rs, "systemName"), ==, "taste_test");
  g_assert_cmpstr (json_object_get_string_member (rs, "type"), ==, "assay_result");
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (rs, "archiveRecord")));
  defs = json_object_get_array_member (rs, "fieldDefinitions");
  g_assert_cmpuint (json_array_get_length (defs), ==, 2);
  score = json_array_get_object_element (defs, 0);
  pizza = json_array_get_object_element (defs, 1);
  g_assert_cmpstr (json_object_get_string_member (score, "name"), ==, "Score");
  g_assert_cmpstr (json_object_get_string_member (score, "type"), ==, "integer");
  g_assert_cmpstr (json_object_get_string_member (pizza, "type"), ==, "entity_link");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (pizza, "schemaId"), "ts_"));

  path = g_strdup_printf ("/api/v2/assay-result-schemas/%s", json_object_get_string_member (rs, "id"));
  one = sb_public (fx, "GET", path, NULL);
  sb_assert_status (one, 200);
  g_assert_cmpstr (json_object_get_string_member (sb_obj (one), "systemName"), ==, "taste_test");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (sb_obj (one), "fieldDefinitions")), ==, 2);
  sb_assert_status (missing, 404);
  sb_assert_status (bad, 400);
}

static void
test_entity_schemas (SbFixture *fx, gconstpointer data)
{
  g_autoptr(SbResp) r = sb_public (fx, "GET", "/api/v2/entity-schemas?pageSize=1", NULL);
  JsonArray *list;
  JsonObject *s;
  g_autofree char *path = NULL;

  sb_assert_status (r, 200);
  g_assert_cmpstr (sb_header (r, "Result-Count"), ==, "2");  /* basic seed */
  list = json_object_get_array_member (sb_obj (r), "entitySchemas");
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (sb_obj (r), "nextToken"), !=, "");
  s = json_array_get_object_element (list, 0);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (s, "id"), "ts_"));
  g_assert_cmpstr (json_object_get_string_member (s, "type"), ==, "custom_entity");
  g_assert_true (json_object_has_member (s, "fieldDefinitions"));
  path = g_strdup_printf ("/api/v2/entity-schemas/%s", json_object_get_string_member (s, "id"));
  {
    g_autoptr(SbResp) r2 = sb_public (fx, "GET", path, NULL);
    sb_assert_status (r2, 200);
    g_assert_cmpstr (json_object_get_string_member (sb_obj (r2), "name"), ==, json_object_get_string_member (s, "name"));
  }
  {
    g_autoptr(SbResp) r3 = sb_public (fx, "GET", "/api/v2/entity-schemas/ts_nope", NULL);
    sb_assert_status (r3, 404);
  }
}

static char *
unit_id (SbFixture *fx, const char *name)
{
  g_autoptr(SbResp) r = sb_public (fx, "GET", "/api/v2-alpha/unit-types?pageSize=100", NULL);
  JsonArray *types = json_object_get_array_member (sb_obj (r), "unitTypes");

  for (guint i = 0; i < json_array_get_length (types); i++)
    {
      JsonArray *units = json_object_get_array_member (json_array_get_object_element (types, i), "units");
      for (guint j = 0; j < json_array_get_length (units); j++)
        {
          JsonObject *u = json_array_get_object_element (units, j);
          if (g_strcmp0 (json_object_get_string_member (u, "name"), name) == 0)
            return g_strdup (json_object_get_string_member (u, "id"));
        }
    }
  return NULL;
}

static void
test_alpha_create (SbFixture *fx, gconstpointer data)
{
  const char *names[] = { "Thin", "Thick", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *dd = lim_sandbox_create_dropdown (fx->sandbox, "Crust", names, &error);
  g_autofree char *mg = unit_id (fx, "milligram");
  const char *reg = lim_sandbox_get_registry_id (fx->sandbox);
  g_autofree char *target = NULL;
  g_autofree char *body = NULL;
  g_autoptr(SbResp) r = NULL;
  JsonObject *ts, *f;
  JsonArray *fields;

  g_assert_nonnull (mg);
  body = sb_printf_json ("{\"name\":\"Topping\",\"prefix\":\"TOP\",\"registryId\":\"%s\",\"type\":\"custom_entity\","
                         "\"labelingStrategies\":[\"NEW_IDS\"],\"fields\":[]}", reg);
  r = sb_public (fx, "POST", "/api/v2-alpha/entity-schemas", body);
  sb_assert_status (r, 201);
  target = g_strdup (json_object_get_string_member (sb_obj (r), "id"));
  g_clear_pointer (&r, sb_resp_free);

  g_free (body);
  body = sb_printf_json (
    "{\"name\":\"Pizza Slice\",\"prefix\":\"SL\",\"registryId\":\"%s\",\"type\":\"custom_entity\","
    "\"labelingStrategies\":[\"NEW_IDS\",\"IDS_FROM_NAMES\"],\"includeRegistryIdInChips\":false,"
    "\"useOrganizationCollectionAliasForDisplayLabel\":false,\"showResidues\":false,"
    "\"fields\":["
    "{\"name\":\"Label\",\"systemName\":\"label\",\"fieldType\":\"text\",\"isMulti\":false,\"isRequired\":true,\"isParentLink\":false,\"link\":{}},"
    "{\"name\":\"Crust\",\"systemName\":\"crust\",\"fieldType\":\"dropdown\",\"isMulti\":false,\"isRequired\":false,\"isParentLink\":false,\"dropdownId\":\"%s\",\"link\":{}},"
    "{\"name\":\"Topping\",\"systemName\":\"topping\",\"fieldType\":\"entity_link\",\"isMulti\":true,\"isRequired\":false,\"isParentLink\":false,\"link\":{\"tagSchema\":{\"id\":\"%s\"}}},"
    "{\"name\":\"Owner\",\"systemName\":\"owner\",\"fieldType\":\"custom_entity_link\",\"isMulti\":false,\"isRequired\":false,\"isParentLink\":false,\"link\":{\"folderItemType\":\"basic_folder_item\"}},"
    "{\"name\":\"Weight\",\"systemName\":\"weight\",\"fieldType\":\"float\",\"isMulti\":false,\"isRequired\":false,\"isParentLink\":false,\"unitId\":\"%s\",\"decimalPrecision\":2,\"link\":{}}"
    "]}", reg, dd, target, mg);
  r = sb_public (fx, "POST", "/api/v2-alpha/entity-schemas", body);
  sb_assert_status (r, 201);
  g_assert_cmpstr (json_object_get_string_member (sb_obj (r), "name"), ==, "Pizza Slice");
  g_clear_pointer (&r, sb_resp_free);

  /* the internal view maps Liminal field types per §6.2 */
  r = sb_internal (fx, "GET", "/1/api/tag-schemas/", NULL);
  sb_assert_status (r, 200);
  ts = sb_find_schema (json_object_get_array_member (sb_obj (r), "data"), "pizza_slice");
  g_assert_nonnull (ts);
  g_assert_cmpstr (json_object_get_string_member (ts, "prefix"), ==, "SL");
  fields = json_object_get_array_member (ts, "allFields");
  g_assert_cmpuint (json_array_get_length (fields), ==, 5);
  f = json_array_get_object_element (fields, 0);
  g_assert_cmpstr (json_object_get_string_member (f, "fieldType"), ==, "ft_string");
  g_assert_true (json_object_get_boolean_member (f, "isRequired"));
  f = json_array_get_object_element (fields, 1);
  g_assert_cmpstr (json_object_get_string_member (f, "fieldType"), ==, "ft_selector");
  g_assert_cmpstr (json_object_get_string_member (f, "schemaFieldSelectorId"), ==, dd);
  f = json_array_get_object_element (fields, 2);
  g_assert_cmpstr (json_object_get_string_member (f, "fieldType"), ==, "ft_file_link");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
    json_object_get_object_member (f, "requiredLink"), "tagSchema"), "sqlIdentifier"), ==, "topping");
  g_assert_true (json_object_get_null_member (json_object_get_object_member (f, "requiredLink"), "folderItemType"));
  f = json_array_get_object_element (fields, 3);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (f, "requiredLink"), "folderItemType"),
                   ==, "basic_folder_item");
  f = json_array_get_object_element (fields, 4);
  g_assert_cmpstr (json_object_get_string_member (f, "unitApiIdentifier"), ==, mg);
  g_assert_cmpint (json_object_get_int_member (f, "decimalPrecision"), ==, 2);
  g_clear_pointer (&r, sb_resp_free);

  /* invalid creates */
  {
    struct { const char *fmt; const char *needle; } bad[] = {
      { "{\"name\":\"Pizza Slice\",\"prefix\":\"ZZ\",\"registryId\":\"REG\",\"type\":\"custom_entity\"}", "already in use" },
      { "{\"name\":\"Other\",\"prefix\":\"SL\",\"registryId\":\"REG\",\"type\":\"custom_entity\"}", "Prefix" },
      { "{\"name\":\"Other\",\"sqlIdentifier\":\"pizza_slice\",\"prefix\":\"OT\",\"registryId\":\"REG\",\"type\":\"custom_entity\"}", "Warehouse name" },
      { "{\"name\":\"Other\",\"sqlIdentifier\":\"Bad-Name\",\"prefix\":\"OT\",\"registryId\":\"REG\",\"type\":\"custom_entity\"}", "Invalid warehouse name" },
      { "{\"name\":\"Other\",\"prefix\":\"OT1\",\"registryId\":\"REG\",\"type\":\"custom_entity\"}", "Invalid prefix" },
      { "{\"name\":\"Other\",\"prefix\":\"OT\",\"registryId\":\"REG\",\"type\":\"spaceship\"}", "entity type" },
      { "{\"name\":\"Other\",\"prefix\":\"OT\",\"registryId\":\"REG\",\"type\":\"custom_entity\",\"fields\":[{\"name\":\"W\",\"systemName\":\"w\",\"fieldType\":\"float\",\"unitId\":\"unit_nope\"}]}", "unit dictionary" },
      { "{\"name\":\"Other\",\"prefix\":\"OT\",\"registryId\":\"REG\",\"type\":\"custom_entity\",\"fields\":[{\"name\":\"D\",\"systemName\":\"d\",\"fieldType\":\"dropdown\",\"dropdownId\":\"sfs_nope\"}]}", "does not exist" },
      { "{\"name\":\"Other\",\"prefix\":\"OT\",\"registryId\":\"REG\",\"type\":\"custom_entity\",\"fields\":[{\"name\":\"L\",\"systemName\":\"l\",\"fieldType\":\"entity_link\",\"link\":{\"tagSchema\":{\"id\":\"ts_nope\"}}}]}", "does not exist" },
      { "{\"name\":\"Other\",\"prefix\":\"OT\",\"registryId\":\"REG\",\"type\":\"custom_entity\",\"fields\":[{\"name\":\"P\",\"systemName\":\"p\",\"fieldType\":\"part_link\"}]}", "not allowed" },
      { "{\"name\":\"Other\",\"prefix\":\"OT\",\"registryId\":\"REG\",\"type\":\"custom_entity\",\"fields\":[{\"name\":\"T\",\"systemName\":\"t\",\"fieldType\":\"text\",\"isMulti\":true}]}", "multi" },
      { "{\"name\":\"Other\",\"prefix\":\"OT\",\"registryId\":\"REG\",\"type\":\"custom_entity\",\"fields\":[{\"name\":\"T\",\"systemName\":\"t\",\"fieldType\":\"text\"},{\"name\":\"T\",\"systemName\":\"t2\",\"fieldType\":\"text\"}]}", "twice" },
      { "{\"name\":\"Other\",\"prefix\":\"OT\",\"registryId\":\"REG\",\"type\":\"custom_entity\",\"labelingStrategies\":[\"SET_FROM_NAME_PARTS\"]}", "template" },
      { "{\"name\":\"Mix\",\"prefix\":\"MX\",\"registryId\":\"REG\",\"type\":\"mixture\"}", "Mixture" },
    };
    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(GString) b = g_string_new (bad[i].fmt);
        g_autoptr(SbResp) rr = NULL;
        g_string_replace (b, "REG", reg, 0);
        rr = sb_public (fx, "POST", "/api/v2-alpha/entity-schemas", b->str);
        if (rr->status != 400 || strstr (sb_body_str (rr), bad[i].needle) == NULL)
          g_error ("case %u: expected 400 mentioning \"%s\", got %u %s", i, bad[i].needle, rr->status, sb_body_str (rr));
        assert_error_body (rr, "invalid_request_error");
      }
  }
}

static void
test_unit_types (SbFixture *fx, gconstpointer data)
{
  g_autofree char *next = NULL;
  guint units = 0, types = 0, pages = 0;
  gboolean mass = FALSE;

  do
    {
      g_autofree char *path = next && *next
        ? g_strdup_printf ("/api/v2-alpha/unit-types?pageSize=5&nextToken=%s", next)
        : g_strdup ("/api/v2-alpha/unit-types?pageSize=5");
      g_autoptr(SbResp) r = sb_public (fx, "GET", path, NULL);
      JsonArray *arr;

      sb_assert_status (r, 200);
      arr = json_object_get_array_member (sb_obj (r), "unitTypes");
      g_assert_cmpuint (json_array_get_length (arr), <=, 5);
      for (guint i = 0; i < json_array_get_length (arr); i++)
        {
          JsonObject *t = json_array_get_object_element (arr, i);
          JsonArray *u = json_object_get_array_member (t, "units");
          units += json_array_get_length (u);
          types++;
          if (g_strcmp0 (json_object_get_string_member (t, "name"), "Mass") == 0)
            mass = TRUE;
          for (guint j = 0; j < json_array_get_length (u); j++)
            {
              JsonObject *uo = json_array_get_object_element (u, j);
              g_assert_true (g_str_has_prefix (json_object_get_string_member (uo, "id"), "unit_"));
              g_assert_nonnull (json_object_get_string_member (uo, "name"));
            }
        }
      g_free (next);
      next = g_strdup (json_object_get_string_member (sb_obj (r), "nextToken"));
      pages++;
    }
  while (*next);
  g_assert_true (mass);
  g_assert_cmpuint (units, >, 50);
  g_assert_cmpuint (pages, ==, (types + 4) / 5);
}

static void
test_rate_headers (SbFixture *fx, gconstpointer data)
{
  g_autoptr(SbResp) r = NULL;

  lim_sandbox_set_rate_limit (fx->sandbox, 60, 30);
  r = sb_public (fx, "GET", "/api/v2/registries", NULL);
  g_assert_cmpstr (sb_header (r, "x-rate-limit-limit"), ==, "60");
  g_assert_cmpstr (sb_header (r, "x-rate-limit-remaining"), ==, "58"); /* token + this */
  g_assert_nonnull (sb_header (r, "x-rate-limit-reset"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func, seed) \
  g_test_add (name, SbFixture, seed, sb_fixture_setup, func, sb_fixture_teardown)
  ADD ("/sandbox/public/token/basic", test_token_basic, NULL);
  ADD ("/sandbox/public/token/errors", test_token_errors, NULL);
  ADD ("/sandbox/public/token/expiry", test_token_expiry, NULL);
  ADD ("/sandbox/public/auth-required", test_auth_required, NULL);
  ADD ("/sandbox/public/registries", test_registries, NULL);
  ADD ("/sandbox/public/dropdowns/pagination", test_dropdown_pagination, NULL);
  ADD ("/sandbox/public/dropdowns/crud", test_dropdown_crud, NULL);
  ADD ("/sandbox/public/dropdowns/options-archive", test_dropdown_options_archive, NULL);
  ADD ("/sandbox/public/entity-schemas", test_entity_schemas, "basic");
  ADD ("/sandbox/public/assay-result-schemas", test_assay_result_schemas, "basic");
  ADD ("/sandbox/public/alpha-create", test_alpha_create, NULL);
  ADD ("/sandbox/public/unit-types", test_unit_types, NULL);
  ADD ("/sandbox/public/rate-headers", test_rate_headers, NULL);
  return g_test_run ();
}
