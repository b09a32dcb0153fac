/* test-snapshot-stream.c — the streaming reader of the big responses
 * (lim-snapshot-stream.c) against json-glib's parser: the same text, read
 * both ways, gives the same tree and the same snapshot (every schema's and
 * field's JSON, the derived properties, the load errors), whole or fed in
 * chunks; malformed text fails with the document's name and the byte
 * offset, and nothing half-built is kept.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lim-json.h"
#include "lim-snapshot-stream.h"
#include "lim-snapshot.h"

#define WHAT "Benchling tenant dev, GET /1/api/tag-schemas/"

static char *
load_text (const char *name,
           gsize      *len)
{
  const char *srcdir = g_getenv ("G_TEST_SRCDIR");
  g_autofree char *path = g_build_filename (srcdir ? srcdir : ".", "data", "tenant", name, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, len, &error);
  g_assert_no_error (error);
  return text;
}

static JsonNode *
dom_parse (const char *text,
           gssize      len)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, len, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static char *
node_text (JsonNode *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();

  json_generator_set_root (gen, node);
  return json_generator_to_data (gen, NULL);
}

static char *
object_text (JsonObject *obj)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), obj);
  return node_text (node);
}

/* Everything a snapshot holds, as text: its summary, every schema's and
 * field's JSON and the load errors. */
static char *
snapshot_text (LimSnapshot *model)
{
  g_autoptr(JsonNode) summary = lim_snapshot_to_json (model);
  GString *out = g_string_new (NULL);
  g_autofree char *s = node_text (summary);
  GPtrArray *errors = lim_snapshot_get_load_errors (model);

  g_string_append (out, s);
  for (guint i = 0; i < lim_snapshot_get_n_schemas (model); i++)
    {
      const LimSnapshotSchema *schema = lim_snapshot_get_schema (model, i);
      g_autofree char *js = object_text (schema->json);
      g_string_append_printf (out, "\n%s", js);
      for (guint k = 0; k < schema->fields->len; k++)
        {
          const LimSnapshotField *f = g_ptr_array_index (schema->fields, k);
          g_autofree char *jf = object_text (lim_snapshot_field_get_json (f));
          g_string_append_printf (out, "\n  %s", jf);
        }
    }
  for (guint i = 0; errors && i < errors->len; i++)
    g_string_append_printf (out, "\nerror: %s", (char *) g_ptr_array_index (errors, i));
  return g_string_free (out, FALSE);
}

/* The tag-schema text read both ways (and fed to the stream in chunks of
 * @chunk bytes, 0 = whole): the same snapshot, or the same error. */
static void
assert_same_snapshot (const char          *tags,
                      LimSnapshotLoadFlags flags,
                      gsize                chunk)
{
  gsize n = 0;
  g_autofree char *regs_text = load_text ("registries.json", &n);
  g_autofree char *sel_text = load_text ("selectors.json", &n);
  g_autofree char *units_text = load_text ("unit-types.json", &n);
  g_autoptr(JsonNode) regs = dom_parse (regs_text, -1);
  g_autoptr(JsonNode) sels = dom_parse (sel_text, -1);
  g_autoptr(JsonNode) units = dom_parse (units_text, -1);
  g_autoptr(JsonNode) dom = dom_parse (tags, -1);
  g_autoptr(JsonNode) streamed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) dom_error = NULL;
  g_autoptr(GError) stream_error = NULL;
  g_autoptr(LimSnapshot) a = NULL;
  g_autoptr(LimSnapshot) b = NULL;

  if (chunk == 0)
    streamed = lim_json_stream_parse_tag_schemas (tags, strlen (tags), WHAT, &error);
  else
    {
      g_autoptr(LimJsonStream) stream = lim_json_stream_new (WHAT);
      gsize len = strlen (tags);
      lim_json_stream_set_tag_schemas (stream);
      for (gsize at = 0; at < len; at += chunk)
        g_assert_true (lim_json_stream_feed (stream, tags + at, MIN (chunk, len - at), &error));
      g_assert_cmpuint (lim_json_stream_get_offset (stream), ==, len);
      streamed = lim_json_stream_finish (stream, &error);
    }
  g_assert_no_error (error);
  g_assert_nonnull (streamed);

  a = lim_snapshot_new_from_json_full (regs, dom, sels, units, flags | LIM_SNAPSHOT_LOAD_CONSUME, &dom_error);
  b = lim_snapshot_new_from_json_full (regs, streamed, sels, units, flags | LIM_SNAPSHOT_LOAD_CONSUME,
                                       &stream_error);
  if (a == NULL)
    {
      g_assert_null (b);
      g_assert_nonnull (dom_error);
      g_assert_nonnull (stream_error);
      g_assert_cmpstr (dom_error->message, ==, stream_error->message);
    }
  else
    {
      g_autofree char *ta = NULL;
      g_autofree char *tb = NULL;
      g_assert_nonnull (b);
      ta = snapshot_text (a);
      tb = snapshot_text (b);
      g_assert_cmpstr (ta, ==, tb);
    }
}

/* The tree itself (nothing skipped): json-glib's and ours print the same. */
static void
assert_same_tree (const char *text)
{
  g_autoptr(JsonNode) dom = dom_parse (text, -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) streamed = lim_json_stream_parse (text, strlen (text), WHAT, &error);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  g_assert_no_error (error);
  a = node_text (dom);
  b = node_text (streamed);
  g_assert_cmpstr (a, ==, b);
  g_assert_true (json_node_equal (dom, streamed));
}

static void
test_stream_tree (void)
{
  static const char *const docs[] = {
    "{}", "[]", "null", "true", "0", "-0", "\"x\"",
    "[0, -1, 9007199254740993, 9223372036854775807, -9223372036854775808, 1.5, -2.25e3, 1E2, 1e-7, 0.1, "
    "123456789.125, -0.0]",
    "{\"s\": \"caf\\u00e9 \\ud83c\\udf55 \\\"q\\\" \\\\ \\/ \\b\\f\\n\\r\\t\", \"u\": \"\xc3\xa9t\xc3\xa9\"}",
    "{\"a\": null, \"b\": [null, {}, [], [[]]], \"c\": {\"d\": {\"e\": [1, {\"f\": false}]}}}",
    "{\"dup\": 1, \"other\": 2, \"dup\": [3]}",
    "  \n{ \"ws\" :\t[ 1 ,2 ] }\n",
    "{\"\": \"empty key\", \"k\": \"\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (docs); i++)
    assert_same_tree (docs[i]);
}

/* Integers outside gint64: clamped (json-glib 1.6 wraps them around). */
static void
test_stream_big_integers (void)
{
  const char *text = "[99999999999999999999, -99999999999999999999, 1e999]";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = lim_json_stream_parse (text, strlen (text), WHAT, &error);
  JsonArray *arr;

  g_assert_no_error (error);
  arr = json_node_get_array (node);
  g_assert_cmpint (json_array_get_int_element (arr, 0), ==, G_MAXINT64);
  g_assert_cmpint (json_array_get_int_element (arr, 1), ==, G_MININT64);
  g_assert_true (isinf (json_array_get_double_element (arr, 2)));
}

static void
test_stream_fixture (void)
{
  gsize len = 0;
  g_autofree char *tags = load_text ("tag-schemas.json", &len);

  assert_same_snapshot (tags, LIM_SNAPSHOT_LOAD_STRICT, 0);
  assert_same_snapshot (tags, LIM_SNAPSHOT_LOAD_SKIP_INVALID, 0);
  assert_same_snapshot (tags, LIM_SNAPSHOT_LOAD_STRICT, 1);
  assert_same_snapshot (tags, LIM_SNAPSHOT_LOAD_STRICT, 7);
  assert_same_snapshot (tags, LIM_SNAPSHOT_LOAD_STRICT, 4096);
}

/* A field as Benchling lists it, with the edge cases the conversion sees. */
static void
append_field (GString *s,
              guint    schema,
              guint    k)
{
  const char *types[] = { "ft_text", "ft_integer", "ft_float", "ft_selector", "ft_date", "ft_boolean" };

  g_string_append_printf (s,
                          "{\"id\":%u,\"apiId\":\"tsf_%u_%u\",\"fieldType\":\"%s\",\"name\":\"F\\u00e9ld %u \\ud83c\\udf55\","
                          "\"systemName\":\"field_%u\",\"archiveRecord\":%s,\"requiredLink\":null,"
                          "\"schemaFieldSelectorId\":%s,\"tooltipText\":%s,\"isMulti\":%s,\"isRequired\":%s,"
                          "\"isParentLink\":false,\"unitApiIdentifier\":null,\"decimalPrecision\":%s,"
                          "\"numericMin\":%s,\"numericMax\":1e3,\"dbId\":%u,\"unknownMember\":{\"nested\":[1,{\"x\":null}]},"
                          "\"isMulti\":%s}",
                          schema * 1000 + k, schema, k, types[k % G_N_ELEMENTS (types)], k, k,
                          k % 9 == 8 ? "{\"purpose\":\"Retired\",\"reason\":\"Made in error\"}" : "null",
                          k % 6 == 3 ? "\"sfs_cheese\"" : "null",
                          k % 5 == 0 ? "\"Tip: \\\"quoted\\\"\\nnext line\"" : "null",
                          k % 4 == 0 ? "true" : "false", k % 3 == 0 ? "true" : "null",
                          k % 6 == 2 ? "2" : k % 6 == 1 ? "2.0" : "null",
                          k % 7 == 0 ? "-12.5" : "null", 900000 + k,
                          k % 4 == 1 ? "true" : "false");
}

static char *
big_body (guint n_schemas,
          guint n_fields)
{
  GString *s = g_string_new ("{\"data\":[");

  for (guint i = 0; i < n_schemas; i++)
    {
      g_string_append_printf (s,
                              "%s{\"id\":\"ts_%04u\",\"sqlIdentifier\":\"schema_%04u\",\"registryId\":\"src_pizza\","
                              "\"name\":\"Schema \\u00c9 %04u\",\"prefix\":\"S%04u\",\"folderItemType\":\"%s\","
                              "\"sequenceType\":%s,\"labelingStrategies\":[\"NEW_IDS\"],\"archiveRecord\":%s,"
                              "\"constraint\":null,\"nameTemplateParts\":[],\"shouldOrderNamePartsBySequence\":false,"
                              "\"mixtureSchemaConfig\":null,\"permissions\":{\"canUpdate\":true},\"extra\":[[],{}],"
                              "\"fields\":[",
                              i ? "," : "", i, i, i, i, i % 10 == 9 ? "dna_sequence" : "basic_folder_item",
                              i % 10 == 9 ? "\"dna\"" : "null",
                              i % 8 == 7 ? "{\"purpose\":\"Made in error\"}" : "null");
      for (guint k = 0, first = TRUE; k < n_fields; k++)
        if (k % 9 != 8)
          {
            if (!first)
              g_string_append_c (s, ',');
            first = FALSE;
            append_field (s, i, k);
          }
      g_string_append (s, "],\"allFields\":[");
      for (guint k = 0; k < n_fields; k++)
        {
          if (k)
            g_string_append_c (s, ',');
          append_field (s, i, k);
        }
      g_string_append (s, "],\"trailing\":-0.5}");
    }
  g_string_append (s, "],\"nextToken\":null}");
  return g_string_free (s, FALSE);
}

static void
test_stream_big (void)
{
  g_autofree char *body = big_body (120, 40);
  g_autofree char *bare = NULL;

  assert_same_snapshot (body, LIM_SNAPSHOT_LOAD_STRICT, 0);
  assert_same_snapshot (body, LIM_SNAPSHOT_LOAD_SKIP_INVALID, 0);
  assert_same_snapshot (body, LIM_SNAPSHOT_LOAD_STRICT, 1000);
  assert_same_snapshot (body, LIM_SNAPSHOT_LOAD_STRICT, 65536);
  /* The bare array form. */
  bare = g_strndup (body + strlen ("{\"data\":"), strlen (body) - strlen ("{\"data\":") -
                    strlen (",\"nextToken\":null}"));
  assert_same_snapshot (bare, LIM_SNAPSHOT_LOAD_STRICT, 0);
  assert_same_tree (body);
}

/* Fields read by the streaming reader stay packed (no JsonObject) until
 * someone asks for their JSON, and read the same as the DOM-built ones
 * through every accessor; their JSON is built once and kept; a write
 * (lim_snapshot_edit_schema) gets fields with their own JSON, and the
 * snapshot the copy came from keeps its values. */
/* big_body() with field types the conversion knows (ft_text is not one). */
static char *
valid_body (guint n_schemas,
            guint n_fields)
{
  g_autofree char *body = big_body (n_schemas, n_fields);
  g_auto(GStrv) parts = g_strsplit (body, "\"ft_text\"", -1);
  return g_strjoinv ("\"ft_string\"", parts);
}

static void
test_stream_packed_fields (void)
{
  g_autofree char *body = valid_body (6, 20);
  gsize n = 0;
  g_autofree char *regs_text = load_text ("registries.json", &n);
  g_autofree char *sel_text = load_text ("selectors.json", &n);
  g_autoptr(JsonNode) regs = dom_parse (regs_text, -1);
  g_autoptr(JsonNode) sels = dom_parse (sel_text, -1);
  g_autoptr(JsonNode) dom = dom_parse (body, -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) streamed = lim_json_stream_parse_tag_schemas (body, strlen (body), WHAT, &error);
  g_autoptr(LimSnapshot) a = NULL;
  g_autoptr(LimSnapshot) b = NULL;
  g_autoptr(LimSnapshot) copy = NULL;
  const LimSnapshotSchema *sb;
  LimSnapshotSchema *w;
  guint packed = 0;

  g_assert_no_error (error);
  a = lim_snapshot_new_from_json_full (regs, dom, sels, NULL, LIM_SNAPSHOT_LOAD_SKIP_INVALID, &error);
  g_assert_no_error (error);
  b = lim_snapshot_new_from_json_full (regs, streamed, sels, NULL,
                                       LIM_SNAPSHOT_LOAD_SKIP_INVALID | LIM_SNAPSHOT_LOAD_CONSUME, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lim_snapshot_get_load_errors (a)->len, ==, 0);
  g_assert_cmpuint (lim_snapshot_get_n_schemas (a), ==, 6);
  g_assert_cmpuint (lim_snapshot_get_n_schemas (a), ==, lim_snapshot_get_n_schemas (b));
  for (guint i = 0; i < lim_snapshot_get_n_schemas (b); i++)
    {
      const LimSnapshotSchema *x = lim_snapshot_get_schema (a, i);
      const LimSnapshotSchema *y = lim_snapshot_get_schema (b, i);

      g_assert_cmpuint (x->fields->len, ==, y->fields->len);
      g_assert_true (lim_props_equal (x->props, y->props));
      for (guint k = 0; k < y->fields->len; k++)
        {
          const LimSnapshotField *fx = g_ptr_array_index (x->fields, k);
          const LimSnapshotField *fy = g_ptr_array_index (y->fields, k);
          g_autoptr(JsonObject) dx = lim_snapshot_field_dump (fx);
          g_autoptr(JsonObject) dy = lim_snapshot_field_dump (fy);
          g_autofree char *tx = object_text (dx);
          g_autofree char *ty = object_text (dy);

          g_assert_nonnull (fx->json);
          g_assert_null (fy->json);
          g_assert_nonnull (fy->store);
          packed++;
          g_assert_cmpstr (lim_snapshot_field_get_api_id (fx), ==, lim_snapshot_field_get_api_id (fy));
          g_assert_cmpint (lim_snapshot_field_get_internal_id (fx), ==, lim_snapshot_field_get_internal_id (fy));
          g_assert_cmpstr (lim_snapshot_field_get_warehouse_name (fx), ==,
                           lim_snapshot_field_get_warehouse_name (fy));
          g_assert_cmpstr (lim_snapshot_field_get_name (fx), ==, lim_snapshot_field_get_name (fy));
          g_assert_cmpint (lim_snapshot_field_is_archived (fx), ==, lim_snapshot_field_is_archived (fy));
          g_assert_true (lim_props_equal (fx->props, fy->props));
          g_assert_cmpstr (tx, ==, ty);
          /* The dump did not unpack it. */
          g_assert_null (fy->json);
        }
    }
  g_assert_cmpuint (packed, ==, 6 * 20);
  /* Every field's JSON as json-glib builds it, whole or in chunks. */
  assert_same_snapshot (body, LIM_SNAPSHOT_LOAD_STRICT, 0);
  assert_same_snapshot (body, LIM_SNAPSHOT_LOAD_STRICT, 13);

  /* JSON on demand, built once. */
  sb = lim_snapshot_get_schema (b, 0);
  {
    const LimSnapshotField *f = g_ptr_array_index (sb->fields, 0);
    JsonObject *j = lim_snapshot_field_get_json (f);
    g_assert_nonnull (j);
    g_assert_true (j == f->json);
    g_assert_true (lim_snapshot_field_get_json (f) == j);
    g_assert_cmpstr (lim_json_get_string (j, "systemName"), ==, "field_0");
  }

  /* A write unpacks the copy's fields; the original keeps its values. */
  copy = lim_snapshot_copy (b);
  w = lim_snapshot_edit_schema (copy, lim_snapshot_get_schema (copy, 1));
  g_assert_true (w != lim_snapshot_get_schema (b, 1));
  for (guint k = 0; k < w->fields->len; k++)
    {
      LimSnapshotField *f = g_ptr_array_index (w->fields, k);
      g_assert_nonnull (f->json);
      g_assert_null (f->store);
    }
  json_object_set_string_member (((LimSnapshotField *) g_ptr_array_index (w->fields, 2))->json, "name", "Renamed");
  lim_snapshot_schema_changed (copy, w);
  g_assert_cmpstr (lim_snapshot_field_get_name (g_ptr_array_index (w->fields, 2)), ==, "Renamed");
  g_assert_cmpstr (lim_props_get_str (((LimSnapshotField *) g_ptr_array_index (w->fields, 2))->props, LIM_FIELD_NAME),
                   ==, "Renamed");
  g_assert_cmpstr (lim_snapshot_field_get_name (g_ptr_array_index (lim_snapshot_get_schema (b, 1)->fields, 2)), !=,
                   "Renamed");
  g_assert_null (((LimSnapshotField *) g_ptr_array_index (lim_snapshot_get_schema (b, 1)->fields, 2))->json);
}

/* Asked from several threads at once, a packed field's JSON is built by
 * one of them and every thread gets that one object. */
static gpointer
read_all_json (gpointer data)
{
  LimSnapshot *model = data;
  GPtrArray *seen = g_ptr_array_new ();

  for (guint i = 0; i < lim_snapshot_get_n_schemas (model); i++)
    {
      const LimSnapshotSchema *s = lim_snapshot_get_schema (model, i);
      for (guint k = 0; k < s->fields->len; k++)
        g_ptr_array_add (seen, lim_snapshot_field_get_json (g_ptr_array_index (s->fields, k)));
    }
  return seen;
}

static void
test_stream_packed_threads (void)
{
  g_autofree char *body = valid_body (40, 40);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) streamed = lim_json_stream_parse_tag_schemas (body, strlen (body), WHAT, &error);
  g_autoptr(JsonNode) registry = json_node_init_string (json_node_alloc (), "src_pizza");
  g_autoptr(LimSnapshot) model = lim_snapshot_new_from_json_full (registry, streamed, NULL, NULL,
                                                                  LIM_SNAPSHOT_LOAD_SKIP_INVALID |
                                                                  LIM_SNAPSHOT_LOAD_CONSUME, &error);
  GThread *threads[4];
  GPtrArray *seen[4];
  LimSnapshot *copies[4];

  g_assert_no_error (error);
  for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
    threads[t] = g_thread_new ("json", read_all_json, copies[t] = lim_snapshot_copy (model));
  for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
    seen[t] = g_thread_join (threads[t]);
  for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
    {
      g_assert_cmpuint (seen[t]->len, ==, seen[0]->len);
      for (guint i = 0; i < seen[t]->len; i++)
        g_assert_true (g_ptr_array_index (seen[t], i) == g_ptr_array_index (seen[0], i));
    }
  for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
    {
      g_ptr_array_unref (seen[t]);
      lim_snapshot_unref (copies[t]);
    }
}

/* A string in "allFields" that spells the packed-field magic is a string
 * to the snapshot (a field without keys), never a packed field. */
static void
test_stream_packed_magic (void)
{
  const char *doc = "{\"data\":[{\"id\":\"ts_1\",\"sqlIdentifier\":\"a\",\"folderItemType\":\"basic_folder_item\","
                    "\"labelingStrategies\":[],\"allFields\":[\"\\u0001LPF1\\u001as\\u0001x\\u0001\\u001cs1\\u0001\"]}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) streamed = lim_json_stream_parse_tag_schemas (doc, strlen (doc), WHAT, &error);
  g_autoptr(JsonNode) registry = json_node_init_string (json_node_alloc (), "src_pizza");
  g_autoptr(LimSnapshot) model = NULL;
  JsonArray *all;

  g_assert_no_error (error);
  all = lim_json_get_array (json_array_get_object_element (lim_json_get_array (json_node_get_object (streamed),
                                                                                 "data"), 0), "allFields");
  g_assert_cmpstr (json_array_get_string_element (all, 0), ==, " \001LPF1\032s\001x\001\034s1\001");
  model = lim_snapshot_new_from_json_full (registry, streamed, NULL, NULL, LIM_SNAPSHOT_LOAD_STRICT, &error);
  g_assert_null (model);
  g_assert_error (error, LIM_SNAPSHOT_ERROR, LIM_SNAPSHOT_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Schema a, field ?: missing key 'systemName'.");
}

/* Conversion errors (a schema without allFields, a field without a type)
 * are the snapshot's, the same both ways, strict or skipped. */
static void
test_stream_invalid_schemas (void)
{
  const char *docs[] = {
    "{\"data\":[{\"id\":\"ts_1\",\"sqlIdentifier\":\"a\",\"folderItemType\":\"basic_folder_item\","
    "\"labelingStrategies\":[],\"fields\":[]}]}",
    "{\"data\":[{\"id\":\"ts_1\",\"sqlIdentifier\":\"a\",\"folderItemType\":\"basic_folder_item\","
    "\"labelingStrategies\":[],\"allFields\":[{\"systemName\":\"x\"}],\"fields\":[{\"systemName\":\"x\"}]}]}",
    "{\"data\":[1]}",
    "{\"fields\":[]}",
    "[{\"fields\":{\"not\":\"a list\"},\"id\":\"ts_2\"}]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (docs); i++)
    {
      assert_same_snapshot (docs[i], LIM_SNAPSHOT_LOAD_STRICT, 0);
      assert_same_snapshot (docs[i], LIM_SNAPSHOT_LOAD_SKIP_INVALID, 0);
    }
}

/* @at: the bytes read when the fault showed (yajl's count: just past the
 * offending token). */
static void
assert_malformed (const char *text,
                  guint64     at)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = lim_json_stream_parse (text, strlen (text), WHAT, &error);
  g_autofree char *where = g_strdup_printf ("malformed JSON at byte %" G_GUINT64_FORMAT ": ", at);

  g_assert_null (node);
  g_assert_error (error, LIM_SNAPSHOT_ERROR, LIM_SNAPSHOT_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, WHAT ": "));
  if (strstr (error->message, where) == NULL)
    g_error ("%s: expected “%s”", error->message, where);
}

static void
test_stream_malformed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) deep = g_string_new (NULL);

  assert_malformed ("{\"data\":[{\"id\":1,}]}", 18);
  assert_malformed ("{\"data\":[{\"id\":1}]", 18);      /* cut short */
  assert_malformed ("{\"data\":[tru]}", 12);
  assert_malformed ("{\"a\":1} {\"b\":2}", 9);           /* a second document */
  assert_malformed ("{\"a\":\"\\u12\"}", 10);
  assert_malformed ("{\"a\":\"\xff\"}", 7);              /* not UTF-8 */
  assert_malformed ("{'a':1}", 2);

  {
    g_autoptr(JsonNode) empty = lim_json_stream_parse ("", 0, WHAT, &error);
    g_assert_null (empty);
    g_assert_error (error, LIM_SNAPSHOT_ERROR, LIM_SNAPSHOT_ERROR_INVALID);
    g_assert_true (g_str_has_prefix (error->message, WHAT));
    g_clear_error (&error);
  }

  /* Fed in chunks: the offset counts every chunk before; the error sticks. */
  {
    g_autoptr(LimJsonStream) stream = lim_json_stream_new (WHAT);
    g_assert_true (lim_json_stream_feed (stream, "{\"data\":[", 9, &error));
    g_assert_no_error (error);
    g_assert_false (lim_json_stream_feed (stream, "{\"id\":}", 7, &error));
    g_assert_nonnull (strstr (error->message, "at byte 16: "));
    g_clear_error (&error);
    g_assert_false (lim_json_stream_feed (stream, "]}", 2, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
    g_assert_null (lim_json_stream_finish (stream, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
  }

  /* Nested too deeply: refused, not a crash. */
  for (guint i = 0; i < LIM_JSON_STREAM_MAX_DEPTH + 1; i++)
    g_string_append_c (deep, '[');
  {
    g_autoptr(JsonNode) node = lim_json_stream_parse (deep->str, deep->len, WHAT, &error);
    g_assert_null (node);
    g_assert_error (error, LIM_SNAPSHOT_ERROR, LIM_SNAPSHOT_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "nested deeper than"));
    g_clear_error (&error);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/snapshot-stream/tree", test_stream_tree);
  g_test_add_func ("/snapshot-stream/big-integers", test_stream_big_integers);
  g_test_add_func ("/snapshot-stream/fixture", test_stream_fixture);
  g_test_add_func ("/snapshot-stream/big", test_stream_big);
  g_test_add_func ("/snapshot-stream/invalid-schemas", test_stream_invalid_schemas);
  g_test_add_func ("/snapshot-stream/packed-fields", test_stream_packed_fields);
  g_test_add_func ("/snapshot-stream/packed-threads", test_stream_packed_threads);
  g_test_add_func ("/snapshot-stream/packed-magic", test_stream_packed_magic);
  g_test_add_func ("/snapshot-stream/malformed", test_stream_malformed);
  return g_test_run ();
}
