/* test-sandbox-internal.c — contract tests of the internal /1/api realm
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "sandbox-test-util.h"

#define FORM "application/x-www-form-urlencoded"

/* §7.4.1: every key must be present (values may be null) */
static const char * const tag_schema_keys[] = {
  "id", "sqlIdentifier", "registryId", "name", "prefix", "folderItemType", "sequenceType",
  "labelingStrategies", "archiveRecord", "allFields", "fields", "constraint", "nameTemplateParts",
  "shouldOrderNamePartsBySequence", "showResidues", "includeRegistryIdInChips",
  "useOrganizationCollectionAliasForDisplayLabel", "useRandomOrgAlias", "shouldCreateAsOligo",
  "mixtureSchemaConfig", "authParentOption", "batchSchemaId", "childEntitySchemaSummaries",
  "containableType", "hoistedTagSchemaGraphs", "iconId", "isContainable", "permissions",
  "resultSchema", NULL
};
static const char * const tag_field_keys[] = {
  "id", "apiId", "fieldType", "name", "systemName", "archiveRecord", "requiredLink",
  "schemaFieldSelectorId", "tooltipText", "isMulti", "isRequired", "isParentLink",
  "unitApiIdentifier", "decimalPrecision", "dbId", "description", "displayName", "isComputed",
  "isConvertedFromLink", "isIntegration", "isSingleLink", "isSnapshot", "isUneditable",
  "legalTextSelectorId", "numericMax", "numericMin", "strictSelector", NULL
};
static const char * const required_link_keys[] = {
  "entitySchemaFieldPath", "folderItemType", "schemaInterface", "tagSchema", "storableSchema", NULL
};

static void
assert_keys (JsonObject *o, const char * const *keys, const char *what)
{
  for (guint i = 0; keys[i]; i++)
    if (!json_object_has_member (o, keys[i]))
      g_error ("%s lacks key \"%s\"", what, keys[i]);
}

/* every key of @keys present, and no key outside @keys and @optional */
static void
assert_exact_keys (JsonObject *o, const char * const *keys, const char * const *optional,
                   const char *what)
{
  g_autoptr(GList) members = json_object_get_members (o);

  assert_keys (o, keys, what);
  for (GList *l = members; l; l = l->next)
    if (!g_strv_contains (keys, l->data) && !(optional && g_strv_contains (optional, l->data)))
      g_error ("%s has unexpected key \"%s\"", what, (const char *) l->data);
}

static const char * const tag_field_optional[] = { "unitSymbol", NULL };

static void
assert_field (JsonObject *f)
{
  JsonNode *rl;

  assert_exact_keys (f, tag_field_keys, tag_field_optional, "TagField");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (f, "apiId"), "tsf_"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (f, "fieldType"), "ft_"));
  g_assert_nonnull (json_object_get_string_member (f, "systemName"));
  rl = json_object_get_member (f, "requiredLink");
  if (!JSON_NODE_HOLDS_NULL (rl))
    {
      JsonObject *rlo = json_node_get_object (rl);
      JsonNode *ts = json_object_get_member (rlo, "tagSchema");
      assert_exact_keys (rlo, required_link_keys, NULL, "requiredLink");
      if (!JSON_NODE_HOLDS_NULL (ts))
        g_assert_nonnull (json_object_get_string_member (json_node_get_object (ts), "sqlIdentifier"));
    }
}

static JsonArray *
get_tag_schemas (SbFixture *fx, SbResp **out)
{
  SbResp *r = sb_internal (fx, "GET", "/1/api/tag-schemas/", NULL);
  sb_assert_status (r, 200);
  *out = r;
  return json_object_get_array_member (sb_obj (r), "data");
}

static void
test_signin (SbFixture *fx, gconstpointer data)
{
  g_autoptr(SbResp) r = sb_request (fx, "GET", "/signin", NULL, NULL, 0, NULL);
  g_autoptr(SbResp) bad_pw = NULL;
  g_autoptr(SbResp) bad_csrf = NULL;
  g_autoptr(SbResp) ok = NULL;
  g_autofree char *csrf = NULL;
  g_autofree char *form = NULL;
  const char *p, *q, *cookie;

  sb_assert_status (r, 200);
  g_assert_true (g_str_has_prefix (sb_header (r, "Content-Type"), "text/html"));
  p = strstr (sb_body_str (r), "id=\"csrf_token\"");
  g_assert_nonnull (p);
  p = strstr (p, "value=\"") + 7;
  q = strchr (p, '"');
  csrf = g_strndup (p, q - p);

  form = g_strdup_printf ("csrf_token=%s&username=admin%%40sandbox.test&password=wrong&signout_on_close=y", csrf);
  bad_pw = sb_request (fx, "POST", "/signin", FORM, form, 0, NULL);
  sb_assert_status (bad_pw, 401);
  g_assert_null (sb_header (bad_pw, "Set-Cookie"));

  bad_csrf = sb_request (fx, "POST", "/signin", FORM,
                         "csrf_token=forged&username=admin%40sandbox.test&password=sandbox&signout_on_close=y", 0, NULL);
  g_assert_cmpuint (bad_csrf->status, >=, 400);
  g_assert_null (sb_header (bad_csrf, "Set-Cookie"));

  g_free (form);
  form = g_strdup_printf ("csrf_token=%s&username=admin%%40sandbox.test&password=sandbox&signout_on_close=y", csrf);
  ok = sb_request (fx, "POST", "/signin", FORM, form, 0, NULL);
  sb_assert_status (ok, 302);
  g_assert_nonnull (sb_header (ok, "Location"));
  cookie = sb_header (ok, "Set-Cookie");
  g_assert_nonnull (cookie);
  g_assert_true (g_str_has_prefix (cookie, "session="));
  g_assert_nonnull (strstr (cookie, "; Secure"));
  g_assert_nonnull (strstr (cookie, "HttpOnly"));
  g_assert_nonnull (strstr (cookie, "Path=/"));
  {
    /* following the redirect (without the Secure cookie, as over plain
     * http) lands on "/" which sets the same session cookie again */
    g_autoptr(GUri) loc = g_uri_parse (sb_header (ok, "Location"), G_URI_FLAGS_NONE, NULL);
    g_autofree char *path = NULL;
    g_autoptr(SbResp) home = NULL;
    g_autoptr(SbResp) again = NULL;

    g_assert_nonnull (loc);
    g_assert_cmpstr (g_uri_get_path (loc), ==, "/");
    path = g_strdup_printf ("/?%s", g_uri_get_query (loc));
    home = sb_request (fx, "GET", path, NULL, NULL, 0, NULL);
    sb_assert_status (home, 200);
    g_assert_cmpstr (sb_header (home, "Set-Cookie"), ==, cookie);
    again = sb_request (fx, "GET", path, NULL, NULL, 0, NULL);   /* one-time */
    sb_assert_status (again, 200);
    g_assert_null (sb_header (again, "Set-Cookie"));
  }
}

static void
test_sso (SbFixture *fx, gconstpointer data)
{
  g_autoptr(SbResp) r1 = sb_request (fx, "GET", "/ext/saml/signin:begin", NULL, NULL, 0, NULL);
  g_autoptr(SbResp) r2 = NULL;
  g_autoptr(SbResp) r3 = NULL;

  sb_assert_status (r1, 403);
  lim_sandbox_set_sso_enabled (fx->sandbox, TRUE);
  r2 = sb_request (fx, "GET", "/ext/saml/signin:begin", NULL, NULL, 0, NULL);
  sb_assert_status (r2, 302);
  r3 = sb_request (fx, "GET", "/signin", NULL, NULL, 0, NULL);
  sb_assert_status (r3, 302);
}

static void
test_cookie_csrf (SbFixture *fx, gconstpointer data)
{
  g_autoptr(SbResp) none = sb_request (fx, "GET", "/1/api/tag-schemas/", NULL, NULL, 0, NULL);
  g_autoptr(SbResp) no_csrf = NULL;
  g_autoptr(SbResp) bad_csrf = NULL;
  g_autoptr(SbResp) bad_cookie = NULL;
  g_autoptr(SbResp) ok = NULL;
  g_autoptr(SbResp) status = NULL;

  sb_assert_status (none, 403);
  sb_signin (fx);
  no_csrf = sb_request (fx, "GET", "/1/api/tag-schemas/", NULL, NULL, 0, "Cookie", fx->cookie, NULL);
  sb_assert_status (no_csrf, 403);
  bad_csrf = sb_request (fx, "GET", "/1/api/tag-schemas/", NULL, NULL, 0, "Cookie", fx->cookie,
                         "x-csrftoken", "nope", NULL);
  sb_assert_status (bad_csrf, 403);
  bad_cookie = sb_request (fx, "POST", "/1/api/tag-schemas:bulk-archive", "application/json", "{}", 0,
                           "Cookie", "session=forged", "x-csrftoken", fx->csrf, NULL);
  sb_assert_status (bad_cookie, 403);
  status = sb_request (fx, "GET", "/1/api/async-tasks/task_000001", NULL, NULL, 0, NULL);
  sb_assert_status (status, 403);
  ok = sb_internal (fx, "GET", "/1/api/tag-schemas/", NULL);
  sb_assert_status (ok, 200);
}

static void
test_tag_schema_keys (SbFixture *fx, gconstpointer data)
{
  g_autoptr(SbResp) r = NULL;
  JsonArray *list = get_tag_schemas (fx, &r);
  gboolean saw_archived_field = FALSE, saw_link = FALSE;

  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *s = json_array_get_object_element (list, i);
      JsonArray *all = json_object_get_array_member (s, "allFields");
      JsonArray *active = json_object_get_array_member (s, "fields");
      guint n_active = 0;

      assert_exact_keys (s, tag_schema_keys, NULL, "TagSchema");
      g_assert_true (g_str_has_prefix (json_object_get_string_member (s, "id"), "ts_"));
      g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (s, "nameTemplateParts")));
      g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (s, "labelingStrategies")));
      for (guint j = 0; j < json_array_get_length (all); j++)
        {
          JsonObject *f = json_array_get_object_element (all, j);
          assert_field (f);
          if (JSON_NODE_HOLDS_NULL (json_object_get_member (f, "archiveRecord")))
            n_active++;
          else
            {
              saw_archived_field = TRUE;
              g_assert_nonnull (json_object_get_string_member (json_object_get_object_member (f, "archiveRecord"), "purpose"));
            }
          if (!JSON_NODE_HOLDS_NULL (json_object_get_member (f, "requiredLink")))
            saw_link = TRUE;
        }
      g_assert_cmpuint (json_array_get_length (active), ==, n_active);
      for (guint j = 0; j < json_array_get_length (active); j++)
        assert_field (json_array_get_object_element (active, j));
    }
  g_assert_true (saw_archived_field);
  g_assert_true (saw_link);
}

/* builds {"fields":[…]} from the current allFields after @edit */
typedef void (*EditFunc) (JsonArray *fields, gpointer data);

static SbResp *
post_fields (SbFixture *fx, const char *sql, EditFunc edit, gpointer data, char **schema_id)
{
  g_autoptr(SbResp) r = NULL;
  JsonArray *list = get_tag_schemas (fx, &r);
  JsonObject *s = sb_find_schema (list, sql);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;
  JsonArray *fields;

  g_assert_nonnull (s);
  fields = json_array_ref (json_object_get_array_member (s, "allFields"));
  if (edit)
    edit (fields, data);
  root = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (root, json_object_new ());
  json_object_set_array_member (json_node_get_object (root), "fields", fields);
  json_generator_set_root (gen, root);
  body = json_generator_to_data (gen, NULL);
  path = g_strdup_printf ("/1/api/tag-schemas/%s/actions/update", json_object_get_string_member (s, "id"));
  if (schema_id)
    *schema_id = g_strdup (json_object_get_string_member (s, "id"));
  return sb_internal (fx, "POST", path, body);
}

static char *
poll_status (SbFixture *fx, SbResp *update)
{
  const char *url;
  g_autoptr(SbResp) r = NULL;

  g_assert_cmpuint (update->status / 100, ==, 2);
  url = json_object_get_string_member (sb_obj (update), "status_url");
  g_assert_true (g_str_has_prefix (url, "/1/api/"));
  r = sb_internal (fx, "GET", url, NULL);
  sb_assert_status (r, 200);
  return g_strdup (json_object_get_string_member (sb_obj (r), "status"));
}

static JsonObject *
new_field_obj (const char *name, const char *sys, const char *ft)
{
  JsonObject *o = json_object_new ();
  JsonObject *rl = json_object_new ();

  json_object_set_string_member (o, "fieldType", ft);
  json_object_set_boolean_member (o, "isMulti", FALSE);
  json_object_set_boolean_member (o, "isRequired", FALSE);
  json_object_set_boolean_member (o, "isParentLink", FALSE);
  json_object_set_null_member (o, "schemaFieldSelectorId");
  json_object_set_string_member (o, "systemName", sys);
  json_object_set_string_member (o, "name", name);
  json_object_set_null_member (rl, "entitySchemaFieldPath");
  json_object_set_null_member (rl, "folderItemType");
  json_object_set_null_member (rl, "schemaInterface");
  json_object_set_null_member (rl, "tagSchema");
  json_object_set_null_member (rl, "storableSchema");
  json_object_set_object_member (o, "requiredLink", rl);
  json_object_set_null_member (o, "tooltipText");
  json_object_set_null_member (o, "decimalPrecision");
  json_object_set_null_member (o, "unitApiIdentifier");
  return o;
}

static void
edit_many (JsonArray *fields, gpointer data)
{
  JsonObject *f0 = json_array_get_object_element (fields, 0);   /* diameter */
  JsonObject *f4 = json_array_get_object_element (fields, 4);   /* notes */
  JsonObject *f5 = json_array_get_object_element (fields, 5);   /* legacy (archived) */
  JsonObject *arch = json_object_new ();
  JsonNode *moved;

  json_object_set_string_member (f0, "name", "Diameter (cm)");
  json_object_set_string_member (f0, "tooltipText", "across");
  json_object_set_string_member (arch, "purpose", "Made in error");
  json_object_set_object_member (f4, "archiveRecord", arch);
  json_object_set_null_member (f5, "archiveRecord");
  json_object_set_string_member (f5, "systemName", "crust_code");
  /* move notes to the front */
  moved = json_node_copy (json_array_get_element (fields, 4));
  json_array_remove_element (fields, 4);
  {
    g_autoptr(JsonArray) reordered = json_array_new ();
    json_array_add_element (reordered, moved);
    for (guint i = 0; i < json_array_get_length (fields); i++)
      json_array_add_element (reordered, json_node_copy (json_array_get_element (fields, i)));
    while (json_array_get_length (fields))
      json_array_remove_element (fields, 0);
    for (guint i = 0; i < json_array_get_length (reordered); i++)
      json_array_add_element (fields, json_node_copy (json_array_get_element (reordered, i)));
  }
  json_array_add_object_element (fields, new_field_obj ("Crust", "crust", "ft_string"));
}

static void
test_update_fields (SbFixture *fx, gconstpointer data)
{
  g_autoptr(SbResp) before = NULL;
  g_autoptr(SbResp) after = NULL;
  g_autoptr(SbResp) u = NULL;
  g_autofree char *status = NULL;
  JsonObject *s0, *s1;
  JsonArray *all0, *all1;
  gint64 id_diameter;
  const char *api_diameter;

  s0 = sb_find_schema (get_tag_schemas (fx, &before), "pizza");
  all0 = json_object_get_array_member (s0, "allFields");
  id_diameter = json_object_get_int_member (json_array_get_object_element (all0, 0), "id");
  api_diameter = json_object_get_string_member (json_array_get_object_element (all0, 0), "apiId");

  u = post_fields (fx, "pizza", edit_many, NULL, NULL);
  status = poll_status (fx, u);
  g_assert_cmpstr (status, ==, "SUCCESS");

  s1 = sb_find_schema (get_tag_schemas (fx, &after), "pizza");
  all1 = json_object_get_array_member (s1, "allFields");
  g_assert_cmpuint (json_array_get_length (all1), ==, json_array_get_length (all0) + 1);
  /* order = display order; ids are stable */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (all1, 0), "systemName"), ==, "notes");
  g_assert_false (JSON_NODE_HOLDS_NULL (json_object_get_member (json_array_get_object_element (all1, 0), "archiveRecord")));
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (all1, 1), "id"), ==, id_diameter);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (all1, 1), "apiId"), ==, api_diameter);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (all1, 1), "name"), ==, "Diameter (cm)");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (all1, 1), "tooltipText"), ==, "across");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (all1, 5), "systemName"), ==, "crust_code");
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (json_array_get_object_element (all1, 5), "archiveRecord")));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (all1, 6), "systemName"), ==, "crust");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (json_array_get_object_element (all1, 6), "apiId"), "tsf_"));
  /* "fields" has only the active ones */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (s1, "fields")), ==,
                    json_array_get_length (all1) - 1);
}

static void
edit_drop_first (JsonArray *fields, gpointer data)
{
  json_array_remove_element (fields, 0);
}

static void
edit_dup_name (JsonArray *fields, gpointer data)
{
  json_array_add_object_element (fields, new_field_obj ("Toppings", "toppings2", "ft_string"));
}

static void
edit_bad_id (JsonArray *fields, gpointer data)
{
  json_object_set_int_member (json_array_get_object_element (fields, 0), "id", 999999);
}

static void
edit_bad_type (JsonArray *fields, gpointer data)
{
  json_array_add_object_element (fields, new_field_obj ("Weird", "weird", "ft_quantum"));
}

static void
edit_bad_selector (JsonArray *fields, gpointer data)
{
  json_object_set_string_member (json_array_get_object_element (fields, 1), "schemaFieldSelectorId", "sfs_nope");
}

static void
edit_unit_change (JsonArray *fields, gpointer data)
{
  json_object_set_string_member (json_array_get_object_element (fields, 0), "unitApiIdentifier", data);
}

static void
edit_archive_template_field (JsonArray *fields, gpointer data)
{
  JsonObject *arch = json_object_new ();
  json_object_set_string_member (arch, "purpose", "Made in error");
  json_object_set_object_member (json_array_get_object_element (fields, 0), "archiveRecord", arch);
}

static void
test_update_invalid (SbFixture *fx, gconstpointer data)
{
  struct { EditFunc f; const char *needle; } cases[] = {
    { edit_drop_first, "missing from the fields list" },
    { edit_dup_name, "used twice" },
    { edit_bad_id, "does not exist" },
    { edit_bad_type, "not supported" },
    { edit_bad_selector, "does not exist" },
  };
  g_autoptr(SbResp) list = NULL;
  JsonObject *dough = sb_find_schema (get_tag_schemas (fx, &list), "dough_batch");
  const char *unit_pct = json_object_get_string_member (
    json_array_get_object_element (json_object_get_array_member (dough, "allFields"), 0), "unitApiIdentifier");
  const char *other_unit = json_object_get_string_member (
    json_array_get_object_element (json_object_get_array_member (dough, "allFields"), 1), "unitApiIdentifier");

  g_assert_cmpstr (unit_pct, !=, other_unit);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SbResp) r = post_fields (fx, "pizza", cases[i].f, NULL, NULL);
      if (r->status != 400 || strstr (sb_body_str (r), cases[i].needle) == NULL)
        g_error ("case %u: expected 400 with \"%s\", got %u %s", i, cases[i].needle, r->status, sb_body_str (r));
    }
  {
    g_autoptr(SbResp) r = post_fields (fx, "dough_batch", edit_unit_change, (gpointer) other_unit, NULL);
    sb_assert_status (r, 400);
    g_assert_nonnull (strstr (sb_body_str (r), "cannot be changed"));
  }
  {
    /* set a FIELD name-template part on dough_batch.hydration, then archiving it is refused */
    g_autofree char *id = g_strdup (json_object_get_string_member (dough, "id"));
    g_autofree char *path = g_strdup_printf ("/1/api/tag-schemas/%s/actions/set-name-template", id);
    g_autofree char *body = sb_printf_json (
      "{\"nameTemplateParts\":[{\"type\":\"FIELD\",\"fieldId\":\"%s\",\"text\":null,\"datetimeFormat\":null}],"
      "\"shouldOrderNamePartsBySequence\":null}",
      json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (dough, "allFields"), 0), "apiId"));
    g_autoptr(SbResp) r = sb_internal (fx, "POST", path, body);
    g_autoptr(SbResp) r2 = NULL;
    sb_assert_status (r, 200);
    r2 = post_fields (fx, "dough_batch", edit_archive_template_field, NULL, NULL);
    sb_assert_status (r2, 400);
    g_assert_nonnull (strstr (sb_body_str (r2), "name template"));
  }
  {
    g_autoptr(SbResp) r = sb_internal (fx, "POST", "/1/api/tag-schemas/ts_nope/actions/update", "{\"name\":\"x\"}");
    sb_assert_status (r, 404);
  }
}

static void
test_update_schema_level (SbFixture *fx, gconstpointer data)
{
  g_autoptr(SbResp) list = NULL;
  g_autoptr(SbResp) after = NULL;
  JsonObject *pizza = sb_find_schema (get_tag_schemas (fx, &list), "pizza");
  g_autofree char *path = g_strdup_printf ("/1/api/tag-schemas/%s/actions/update",
                                           json_object_get_string_member (pizza, "id"));
  struct { const char *body; const char *needle; } bad[] = {
    { "{\"name\":\"Dough Batch\"}", "already in use" },
    { "{\"sqlIdentifier\":\"dough_batch\"}", "already in use" },
    { "{\"prefix\":\"DB\"}", "already in use" },
    { "{\"sqlIdentifier\":\"Pizza!\"}", "Invalid warehouse name" },
    { "{\"prefix\":\"P1\"}", "Invalid prefix" },
    { "{\"labelingStrategies\":[\"MAGIC\"]}", "naming strategy" },
    { "{\"showResidues\":true}", "sequence" },
    { "{\"folderItemType\":\"mixture\",\"sequenceType\":null}", "Mixture" },
    { "{}", "empty" },
  };
  g_autoptr(SbResp) u = NULL;
  g_autofree char *status = NULL;
  JsonObject *p2;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(SbResp) r = sb_internal (fx, "POST", path, bad[i].body);
      if (r->status != 400 || strstr (sb_body_str (r), bad[i].needle) == NULL)
        g_error ("case %u: expected 400 with \"%s\", got %u %s", i, bad[i].needle, r->status, sb_body_str (r));
    }
  u = sb_internal (fx, "POST", path,
                   "{\"name\":\"Pizza Pie\",\"sqlIdentifier\":\"pizza_pie\",\"prefix\":\"PIE\","
                   "\"labelingStrategies\":[\"NEW_IDS\"],\"includeRegistryIdInChips\":true,"
                   "\"constraint\":null}");
  status = poll_status (fx, u);
  g_assert_cmpstr (status, ==, "SUCCESS");
  p2 = sb_find_schema (get_tag_schemas (fx, &after), "pizza_pie");
  g_assert_nonnull (p2);
  g_assert_cmpstr (json_object_get_string_member (p2, "name"), ==, "Pizza Pie");
  g_assert_cmpstr (json_object_get_string_member (p2, "prefix"), ==, "PIE");
  g_assert_true (json_object_get_boolean_member (p2, "includeRegistryIdInChips"));
}

static void
test_polling (SbFixture *fx, gconstpointer data)
{
  g_autoptr(SbResp) u = NULL;
  g_autoptr(SbResp) mid = NULL;
  g_autoptr(SbResp) end = NULL;
  const char *url;
  const char *seq[] = { "RUNNING", "RUNNING", "SUCCESS", "SUCCESS" };

  lim_sandbox_set_task_behaviour (fx->sandbox, 2, 0);
  u = post_fields (fx, "pizza", edit_dup_name, NULL, NULL);
  sb_assert_status (u, 400);  /* validation is synchronous */
  g_clear_pointer (&u, sb_resp_free);
  u = post_fields (fx, "pizza", edit_many, NULL, NULL);
  g_assert_cmpuint (u->status / 100, ==, 2);
  url = json_object_get_string_member (sb_obj (u), "status_url");
  for (guint i = 0; i < G_N_ELEMENTS (seq); i++)
    {
      g_autoptr(SbResp) r = sb_internal (fx, "GET", url, NULL);
      sb_assert_status (r, 200);
      g_assert_cmpstr (json_object_get_string_member (sb_obj (r), "status"), ==, seq[i]);
      if (i == 0)
        {
          /* not applied while RUNNING */
          JsonObject *s = sb_find_schema (get_tag_schemas (fx, &mid), "pizza");
          g_assert_cmpstr (json_object_get_string_member (
            json_array_get_object_element (json_object_get_array_member (s, "allFields"), 0), "name"), ==, "Diameter");
        }
    }
  {
    JsonObject *s = sb_find_schema (get_tag_schemas (fx, &end), "pizza");
    g_assert_cmpstr (json_object_get_string_member (
      json_array_get_object_element (json_object_get_array_member (s, "allFields"), 1), "name"), ==, "Diameter (cm)");
  }
  {
    g_autoptr(SbResp) r = sb_internal (fx, "GET", "/1/api/async-tasks/task_nope", NULL);
    sb_assert_status (r, 404);
  }
}

static void
test_delayed_task (SbFixture *fx, gconstpointer data)
{
  g_autoptr(SbResp) u = NULL;
  g_autoptr(SbResp) r1 = NULL;
  g_autoptr(SbResp) r2 = NULL;
  const char *url;

  lim_sandbox_set_task_behaviour (fx->sandbox, 0, 300);
  u = post_fields (fx, "pizza", edit_many, NULL, NULL);
  url = json_object_get_string_member (sb_obj (u), "status_url");
  r1 = sb_internal (fx, "GET", url, NULL);
  g_assert_cmpstr (json_object_get_string_member (sb_obj (r1), "status"), ==, "RUNNING");
  sb_wait_ms (350);
  r2 = sb_internal (fx, "GET", url, NULL);
  g_assert_cmpstr (json_object_get_string_member (sb_obj (r2), "status"), ==, "SUCCESS");
}

static void
test_task_failed (SbFixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbResp) u = NULL;
  g_autoptr(SbResp) after = NULL;
  g_autofree char *status = NULL;
  JsonObject *s;

  lim_sandbox_add_fault (fx->sandbox, "POST /1/api/tag-schemas/{id}/actions/update", 1, "task-failed", &error);
  g_assert_no_error (error);
  u = post_fields (fx, "pizza", edit_many, NULL, NULL);
  status = poll_status (fx, u);
  g_assert_cmpstr (status, ==, "FAILED");
  s = sb_find_schema (get_tag_schemas (fx, &after), "pizza");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (s, "allFields")), ==, 6);
  g_assert_cmpstr (json_object_get_string_member (
    json_array_get_object_element (json_object_get_array_member (s, "allFields"), 0), "name"), ==, "Diameter");
  /* fires once: the next update succeeds */
  {
    g_autoptr(SbResp) u2 = post_fields (fx, "pizza", edit_many, NULL, NULL);
    g_autofree char *st2 = poll_status (fx, u2);
    g_assert_cmpstr (st2, ==, "SUCCESS");
  }
}

static void
test_name_template (SbFixture *fx, gconstpointer data)
{
  g_autoptr(SbResp) list = NULL;
  g_autoptr(SbResp) r = NULL;
  JsonObject *pizza = sb_find_schema (get_tag_schemas (fx, &list), "pizza");
  JsonArray *all = json_object_get_array_member (pizza, "allFields");
  const char *dough_api = json_object_get_string_member (json_array_get_object_element (all, 3), "apiId");
  const char *notes_api = json_object_get_string_member (json_array_get_object_element (all, 4), "apiId");
  g_autofree char *path = g_strdup_printf ("/1/api/tag-schemas/%s/actions/set-name-template",
                                           json_object_get_string_member (pizza, "id"));
  g_autofree char *ok = sb_printf_json (
    "{\"nameTemplateParts\":[{\"type\":\"TEXT\",\"fieldId\":null,\"text\":\"PZ\",\"datetimeFormat\":null},"
    "{\"type\":\"SEPARATOR\",\"fieldId\":null,\"text\":\"-\",\"datetimeFormat\":null},"
    "{\"type\":\"LINKED_BIOENTITY_REGISTRY_IDENTIFIER\",\"fieldId\":\"%s\",\"text\":null,\"datetimeFormat\":null}],"
    "\"shouldOrderNamePartsBySequence\":null}", dough_api);
  g_autofree char *not_parent = sb_printf_json (
    "{\"nameTemplateParts\":[{\"type\":\"CHILD_ENTITY_LOT_NUMBER\",\"fieldId\":\"%s\",\"text\":null,\"datetimeFormat\":null}]}",
    notes_api);

  r = sb_internal (fx, "POST", path, ok);
  sb_assert_status (r, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (sb_obj (r), "nameTemplateParts")), ==, 3);
  g_clear_pointer (&r, sb_resp_free);
  r = sb_internal (fx, "POST", path, not_parent);
  sb_assert_status (r, 400);
  g_assert_nonnull (strstr (sb_body_str (r), "parent link"));
  g_clear_pointer (&r, sb_resp_free);
  r = sb_internal (fx, "POST", path, "{\"nameTemplateParts\":[{\"type\":\"FIELD\",\"fieldId\":\"tsf_nope\"}]}");
  sb_assert_status (r, 400);
  g_clear_pointer (&r, sb_resp_free);
  r = sb_internal (fx, "POST", path, "{\"nameTemplateParts\":[{\"type\":\"WHATEVER\"}]}");
  sb_assert_status (r, 400);
  g_clear_pointer (&r, sb_resp_free);
  r = sb_internal (fx, "POST", path, "{\"shouldOrderNamePartsBySequence\":true}");
  sb_assert_status (r, 400);   /* only for nucleotide sequences */
}

static void
test_bulk_archive_schemas (SbFixture *fx, gconstpointer data)
{
  g_autoptr(SbResp) list = NULL;
  g_autoptr(SbResp) after = NULL;
  JsonObject *pizza = sb_find_schema (get_tag_schemas (fx, &list), "pizza");
  g_autofree char *arch = sb_printf_json ("{\"ids\":[\"%s\"],\"purpose\":\"Made in error\"}",
                                          json_object_get_string_member (pizza, "id"));
  g_autofree char *unarch = sb_printf_json ("{\"ids\":[\"%s\"]}", json_object_get_string_member (pizza, "id"));
  g_autoptr(SbResp) r = sb_internal (fx, "POST", "/1/api/tag-schemas:bulk-archive", arch);
  JsonObject *p2;

  sb_assert_status (r, 200);
  g_clear_pointer (&r, sb_resp_free);
  p2 = sb_find_schema (get_tag_schemas (fx, &after), "pizza");
  g_assert_nonnull (p2);   /* the list includes archived schemas */
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (p2, "archiveRecord"), "purpose"),
                   ==, "Made in error");
  r = sb_internal (fx, "POST", "/1/api/tag-schemas:bulk-archive", arch);
  sb_assert_status (r, 400);
  g_assert_nonnull (strstr (sb_body_str (r), "already archived"));
  g_clear_pointer (&r, sb_resp_free);
  /* names of archived schemas stay taken */
  {
    g_autofree char *body = sb_printf_json ("{\"name\":\"Pizza\",\"prefix\":\"NEWP\",\"registryId\":\"%s\",\"type\":\"custom_entity\"}",
                                            lim_sandbox_get_registry_id (fx->sandbox));
    g_autoptr(SbResp) c = sb_public (fx, "POST", "/api/v2-alpha/entity-schemas", body);
    sb_assert_status (c, 400);
  }
  r = sb_internal (fx, "POST", "/1/api/tag-schemas:bulk-unarchive", unarch);
  sb_assert_status (r, 200);
  g_clear_pointer (&r, sb_resp_free);
  r = sb_internal (fx, "POST", "/1/api/tag-schemas:bulk-unarchive", unarch);
  sb_assert_status (r, 400);
  g_clear_pointer (&r, sb_resp_free);
  r = sb_internal (fx, "POST", "/1/api/tag-schemas:bulk-archive", "{\"ids\":[\"ts_nope\"],\"purpose\":\"Made in error\"}");
  sb_assert_status (r, 400);
  g_clear_pointer (&r, sb_resp_free);
  r = sb_internal (fx, "POST", "/1/api/tag-schemas:bulk-archive", unarch);   /* no purpose */
  sb_assert_status (r, 400);
}

static JsonObject *
find_selector (SbFixture *fx, SbResp **keep, const char *name)
{
  g_autofree char *path = g_strdup_printf ("/1/api/schema-field-selectors/?registryId=%s",
                                           lim_sandbox_get_registry_id (fx->sandbox));
  SbResp *r = sb_internal (fx, "GET", path, NULL);
  JsonArray *arr;

  sb_assert_status (r, 200);
  *keep = r;
  arr = json_object_get_array_member (json_object_get_object_member (sb_obj (r), "selectorsByRegistryId"),
                                      lim_sandbox_get_registry_id (fx->sandbox));
  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonObject *o = json_array_get_object_element (arr, i);
      if (g_strcmp0 (json_object_get_string_member (o, "name"), name) == 0)
        return o;
    }
  return NULL;
}

static char *
options_body (JsonObject *sel, int archive_index, const char *rename_index0, const char *extra)
{
  JsonArray *opts = json_object_get_array_member (sel, "allSchemaFieldSelectorOptions");
  GString *s = g_string_new ("{\"schemaFieldSelectorOptions\":[");

  for (guint i = 0; i < json_array_get_length (opts); i++)
    {
      JsonObject *o = json_array_get_object_element (opts, i);
      gboolean archived = !JSON_NODE_HOLDS_NULL (json_object_get_member (o, "archiveRecord"));
      const char *name = json_object_get_string_member (o, "name");

      if (i == 0 && rename_index0)
        name = rename_index0;
      g_string_append_printf (s, "%s{\"id\":\"%s\",\"name\":\"%s\",\"archiveRecord\":%s}", i ? "," : "",
                              json_object_get_string_member (o, "id"), name,
                              archived || (int) i == archive_index ? "{\"purpose\":\"Made in error\"}" : "null");
    }
  g_string_append_c (s, ']');
  if (extra)
    g_string_append (s, extra);
  g_string_append_c (s, '}');
  return g_string_free (s, FALSE);
}

static void
test_selectors (SbFixture *fx, gconstpointer data)
{
  g_autoptr(SbResp) l1 = NULL;
  g_autoptr(SbResp) r = NULL;
  JsonObject *sel = find_selector (fx, &l1, "Oven Type");
  g_autofree char *id = g_strdup (json_object_get_string_member (sel, "id"));
  g_autofree char *path = g_strdup_printf ("/1/api/schema-field-selectors/%s", id);
  g_autofree char *pub = g_strdup_printf ("/api/v2/dropdowns/%s", id);
  g_autofree char *body = NULL;
  JsonArray *opts;

  g_assert_true (g_str_has_prefix (id, "sfs_"));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (sel, "archiveRecord")));
  opts = json_object_get_array_member (sel, "allSchemaFieldSelectorOptions");
  g_assert_cmpuint (json_array_get_length (opts), ==, 3);

  /* rename dropdown */
  r = sb_internal (fx, "PATCH", path, "{\"name\":\"Oven\"}");
  sb_assert_status (r, 200);
  g_clear_pointer (&r, sb_resp_free);
  r = sb_internal (fx, "PATCH", path, "{\"name\":\"Pizza Toppings\"}");
  sb_assert_status (r, 400);
  g_clear_pointer (&r, sb_resp_free);

  /* archive option 1, rename option 0 and add one (not in use: applied at once) */
  body = options_body (sel, 1, "Wood oven", NULL);
  body[strlen (body) - 2] = '\0';                      /* strip "]}" */
  {
    g_autofree char *full = g_strconcat (body, ",{\"name\":\"Steam\"}]}", NULL);
    r = sb_internal (fx, "PATCH", path, full);
  }
  sb_assert_status (r, 200);
  g_assert_false (json_object_has_member (sb_obj (r), "schemaFieldSelectorOptionToUpdate"));
  opts = json_object_get_array_member (sb_obj (r), "allSchemaFieldSelectorOptions");
  g_assert_cmpuint (json_array_get_length (opts), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (opts, 0), "name"), ==, "Wood oven");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (json_array_get_object_element (opts, 3), "id"), "sfso_"));
  g_clear_pointer (&r, sb_resp_free);

  /* the public view is the same state */
  r = sb_public (fx, "GET", pub, NULL);
  sb_assert_status (r, 200);
  g_assert_cmpstr (json_object_get_string_member (sb_obj (r), "name"), ==, "Oven");
  opts = json_object_get_array_member (sb_obj (r), "options");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
    json_array_get_object_element (opts, 1), "archiveRecord"), "reason"), ==, "Made in error");
  g_clear_pointer (&r, sb_resp_free);

  /* full-list semantics: leaving an option out is refused */
  r = sb_internal (fx, "PATCH", path, "{\"schemaFieldSelectorOptions\":[{\"name\":\"Only\"}]}");
  sb_assert_status (r, 400);
  g_assert_nonnull (strstr (sb_body_str (r), "missing"));
  g_clear_pointer (&r, sb_resp_free);

  /* bulk archive / unarchive of the selector */
  {
    g_autofree char *a = sb_printf_json ("{\"ids\":[\"%s\"],\"purpose\":\"Made in error\"}", id);
    g_autofree char *u = sb_printf_json ("{\"ids\":[\"%s\"]}", id);
    r = sb_internal (fx, "POST", "/1/api/schema-field-selectors:bulk-archive", a);
    sb_assert_status (r, 200);
    g_clear_pointer (&r, sb_resp_free);
    r = sb_internal (fx, "POST", "/1/api/schema-field-selectors:bulk-archive", a);
    sb_assert_status (r, 400);
    g_clear_pointer (&r, sb_resp_free);
    r = sb_public (fx, "GET", pub, NULL);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (sb_obj (r), "archiveRecord"), "reason"),
                     ==, "Made in error");
    g_clear_pointer (&r, sb_resp_free);
    r = sb_internal (fx, "POST", "/1/api/schema-field-selectors:bulk-unarchive", u);
    sb_assert_status (r, 200);
    g_clear_pointer (&r, sb_resp_free);
  }
  r = sb_internal (fx, "PATCH", "/1/api/schema-field-selectors/sfs_nope", "{\"name\":\"x\"}");
  sb_assert_status (r, 404);
  g_clear_pointer (&r, sb_resp_free);
  r = sb_internal (fx, "GET", "/1/api/schema-field-selectors/", NULL);
  sb_assert_status (r, 400);
}

static void
test_handshake (SbFixture *fx, gconstpointer data)
{
  g_autoptr(SbResp) l1 = NULL;
  g_autoptr(SbResp) l2 = NULL;
  g_autoptr(SbResp) r = NULL;
  g_autoptr(SbResp) r2 = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *sel = find_selector (fx, &l1, "Oven Type");
  g_autofree char *path = g_strdup_printf ("/1/api/schema-field-selectors/%s", json_object_get_string_member (sel, "id"));
  const char *gas = json_object_get_string_member (
    json_array_get_object_element (json_object_get_array_member (sel, "allSchemaFieldSelectorOptions"), 1), "id");
  g_autofree char *body = NULL;
  g_autofree char *confirm = NULL;
  JsonObject *c, *o;

  lim_sandbox_set_option_in_use (fx->sandbox, gas, 7, &error);
  g_assert_no_error (error);

  /* archiving an in-use option: 200 + confirmation object, nothing applied */
  body = options_body (sel, 1, NULL, NULL);
  r = sb_internal (fx, "PATCH", path, body);
  sb_assert_status (r, 200);
  c = json_object_get_object_member (sb_obj (r), "schemaFieldSelectorOptionToUpdate");
  g_assert_nonnull (c);
  g_assert_cmpstr (json_object_get_string_member (c, "id"), ==, gas);
  g_assert_cmpstr (json_object_get_string_member (c, "name"), ==, "Gas");
  g_assert_cmpint (json_object_get_int_member (c, "numLinkedTags"), ==, 7);
  sel = find_selector (fx, &l2, "Oven Type");
  o = json_array_get_object_element (json_object_get_array_member (sel, "allSchemaFieldSelectorOptions"), 1);
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (o, "archiveRecord")));

  /* re-send with selectorOptionToUpdate: applied */
  {
    JsonGenerator *gen = json_generator_new ();
    JsonNode *n = json_node_new (JSON_NODE_OBJECT);
    g_autofree char *cj = NULL;
    json_node_set_object (n, c);
    json_generator_set_root (gen, n);
    cj = json_generator_to_data (gen, NULL);
    confirm = g_strdup_printf (",\"selectorOptionToUpdate\":%s", cj);
    json_node_unref (n);
    g_object_unref (gen);
  }
  g_free (body);
  body = options_body (sel, 1, NULL, confirm);
  r2 = sb_internal (fx, "PATCH", path, body);
  sb_assert_status (r2, 200);
  g_assert_false (json_object_has_member (sb_obj (r2), "schemaFieldSelectorOptionToUpdate"));
  o = json_array_get_object_element (json_object_get_array_member (sb_obj (r2), "allSchemaFieldSelectorOptions"), 1);
  g_assert_false (JSON_NODE_HOLDS_NULL (json_object_get_member (o, "archiveRecord")));

  /* renaming an in-use option asks too, with newName */
  {
    g_autoptr(SbResp) l3 = NULL;
    g_autoptr(SbResp) r3 = NULL;
    JsonObject *sel3;
    const char *wood;
    g_autofree char *b3 = NULL;

    sel3 = find_selector (fx, &l3, "Oven Type");
    wood = json_object_get_string_member (
      json_array_get_object_element (json_object_get_array_member (sel3, "allSchemaFieldSelectorOptions"), 0), "id");
    lim_sandbox_set_option_in_use (fx->sandbox, wood, 3, &error);
    g_assert_no_error (error);
    b3 = options_body (sel3, -1, "Wood", NULL);
    r3 = sb_internal (fx, "PATCH", path, b3);
    sb_assert_status (r3, 200);
    c = json_object_get_object_member (sb_obj (r3), "schemaFieldSelectorOptionToUpdate");
    g_assert_nonnull (c);
    g_assert_cmpstr (json_object_get_string_member (c, "newName"), ==, "Wood");
    g_assert_cmpint (json_object_get_int_member (c, "numLinkedTags"), ==, 3);
  }
}

static void
test_result_schemas (SbFixture *fx, gconstpointer data)
{
  g_autoptr(SbResp) r = sb_internal (fx, "GET", "/1/api/result-schemas", NULL);
  JsonArray *arr;
  JsonObject *rs;

  sb_assert_status (r, 200);
  arr = json_object_get_array_member (sb_obj (r), "data");
  g_assert_cmpuint (json_array_get_length (arr), >=, 1);
  rs = json_array_get_object_element (arr, 0);
  assert_keys (rs, (const char * const []) { "allFields", "archiveRecord", "fields", "id", "name", "organization",
                                             "permissions", "prefix", "publishedDataTableColumns",
                                             "requestTaskSchemaIds", "requestTemplateIds", "sampleGroupSchema",
                                             "schemaType", "sqlIdentifier", NULL }, "ResultSchema");
  assert_field (json_array_get_object_element (json_object_get_array_member (rs, "allFields"), 0));
}

/* The basic seed's result schema as Liminal's generate-files -rs reads it
 * (ResultsSchemaModel: sqlIdentifier, name, archiveRecord, the active
 * "fields" with their links). */
static void
test_result_schema_taste_test (SbFixture *fx, gconstpointer data)
{
  g_autoptr(SbResp) r = sb_internal (fx, "GET", "/1/api/result-schemas", NULL);
  JsonArray *arr, *fields, *all;
  JsonObject *rs = NULL, *score, *pizza, *link;

  sb_assert_status (r, 200);
  arr = json_object_get_array_member (sb_obj (r), "data");
  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonObject *o = json_array_get_object_element (arr, i);
      if (g_strcmp0 (json_object_get_string_member (o, "sqlIdentifier"), "taste_test") == 0)
        rs = o;
    }
  g_assert_nonnull (rs);
  g_assert_cmpstr (json_object_get_string_member (rs, "name"), ==, "Taste Test");
  g_assert_cmpstr (json_object_get_string_member (rs, "schemaType"), ==, "assay_result");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (rs, "id"), "assaysch_"));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (rs, "archiveRecord")));
  fields = json_object_get_array_member (rs, "fields");
  all = json_object_get_array_member (rs, "allFields");
  g_assert_cmpuint (json_array_get_length (fields), ==, 2);
  g_assert_cmpuint (json_array_get_length (all), ==, 2);
  score = json_array_get_object_element (fields, 0);
  pizza = json_array_get_object_element (fields, 1);
  assert_field (score);
  assert_field (pizza);
  g_assert_cmpstr (json_object_get_string_member (score, "systemName"), ==, "score");
  g_assert_cmpstr (json_object_get_string_member (score, "name"), ==, "Score");
  g_assert_cmpstr (json_object_get_string_member (score, "fieldType"), ==, "ft_integer");
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (score, "archiveRecord")));
  g_assert_cmpstr (json_object_get_string_member (pizza, "systemName"), ==, "pizza");
  g_assert_cmpstr (json_object_get_string_member (pizza, "fieldType"), ==, "ft_file_link");
  link = json_object_get_object_member (pizza, "requiredLink");
  g_assert_nonnull (link);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (link, "tagSchema"), "sqlIdentifier"),
                   ==, "pizza");
  /* GET only: the internal API has no write to result schemas here. */
  {
    g_autoptr(SbResp) w = sb_internal (fx, "POST", "/1/api/result-schemas", "{}");
    g_assert_cmpuint (w->status, >=, 400);
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add (name, SbFixture, "basic", sb_fixture_setup, func, sb_fixture_teardown)
  ADD ("/sandbox/internal/signin", test_signin);
  ADD ("/sandbox/internal/sso", test_sso);
  ADD ("/sandbox/internal/cookie-csrf", test_cookie_csrf);
  ADD ("/sandbox/internal/tag-schemas/keys", test_tag_schema_keys);
  ADD ("/sandbox/internal/update/fields", test_update_fields);
  ADD ("/sandbox/internal/update/invalid", test_update_invalid);
  ADD ("/sandbox/internal/update/schema-level", test_update_schema_level);
  ADD ("/sandbox/internal/update/polling", test_polling);
  ADD ("/sandbox/internal/update/delayed", test_delayed_task);
  ADD ("/sandbox/internal/update/task-failed", test_task_failed);
  ADD ("/sandbox/internal/name-template", test_name_template);
  ADD ("/sandbox/internal/bulk-archive-schemas", test_bulk_archive_schemas);
  ADD ("/sandbox/internal/selectors", test_selectors);
  ADD ("/sandbox/internal/selectors/handshake", test_handshake);
  ADD ("/sandbox/internal/result-schemas", test_result_schemas);
  ADD ("/sandbox/internal/result-schemas/taste-test", test_result_schema_taste_test);
  return g_test_run ();
}
