/* fuzz-snapshot-stream.c — libFuzzer target for the streaming reader of
 * the big tenant responses (lim-snapshot-stream.c) and the snapshot built
 * from what it reads.
 *
 * The input is read whole, and again fed in chunks whose size the first
 * byte chooses, with and without the tag-schema member skipping; checks:
 *   - whole and chunked reads agree: the same tree, or both fail (yajl
 *     may see a token cut by a chunk boundary a few bytes later, so the
 *     offsets can differ);
 *   - a failure is one LIM_SNAPSHOT_ERROR_INVALID naming the document and
 *     a byte offset within the input, and leaves no tree;
 *   - a tree prints to JSON that reads back (json-glib and ours) to an
 *     equal tree, unless it holds a lone surrogate escape (\udc00), which
 *     both readers turn into bytes that are not UTF-8, or a number too big
 *     for a double (both read ±inf, which JSON cannot print), or a double
 *     json-glib's generator prints as no JSON (1e+20.0), or U+001F, which
 *     it prints unescaped;
 *   - the tag-schema tree (its fields packed) converts to a snapshot, or
 *     fails cleanly, and to the same snapshot (every schema's and field's
 *     JSON) as the plain tree, or fails as it does (unless the text spells
 *     the packed-field magic itself, which only the tag-schema read
 *     neutralizes).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "lim-snapshot-stream.h"
#include "lim-snapshot.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define WHAT "fuzz, GET /1/api/tag-schemas/"

#define CHECK(cond) \
  G_STMT_START \
  { \
    if (!(cond)) \
      { \
        g_printerr ("invariant failed: %s\n", #cond); \
        abort (); \
      } \
  } \
  G_STMT_END

static void
check_error (const GError *error,
             size_t        size)
{
  const char *at;
  guint64 offset;

  CHECK (error != NULL);
  CHECK (error->domain == LIM_SNAPSHOT_ERROR);
  CHECK (error->code == LIM_SNAPSHOT_ERROR_INVALID);
  CHECK (g_str_has_prefix (error->message, WHAT ": "));
  at = strstr (error->message, " at byte ");
  if (at)
    {
      offset = g_ascii_strtoull (at + strlen (" at byte "), NULL, 10);
      CHECK (offset <= size);
    }
  else
    CHECK (strstr (error->message, "empty JSON document") != NULL);
}

static char *
print (JsonNode *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();

  json_generator_set_root (gen, node);
  return json_generator_to_data (gen, NULL);
}

static JsonNode *
read_chunked (const char *text,
              size_t      size,
              size_t      chunk,
              gboolean    skip,
              GError    **error)
{
  g_autoptr(LimJsonStream) stream = lim_json_stream_new (WHAT);

  if (skip)
    lim_json_stream_set_tag_schemas (stream);
  for (size_t at = 0; at < size; at += chunk)
    if (!lim_json_stream_feed (stream, text + at, MIN (chunk, size - at), error))
      return NULL;
  return lim_json_stream_finish (stream, error);
}

static void
check_same (JsonNode     *a,
            const GError *ea,
            JsonNode     *b,
            const GError *eb)
{
  CHECK ((a == NULL) == (b == NULL));
  if (a)
    {
      g_autofree char *ta = print (a);
      g_autofree char *tb = print (b);
      CHECK (strcmp (ta, tb) == 0);
    }
  else
    CHECK (ea != NULL && eb != NULL);
}

/* Everything a snapshot holds, as text. */
static char *
snapshot_text (LimSnapshot *model)
{
  g_autoptr(JsonNode) summary = lim_snapshot_to_json (model);
  g_autofree char *s = print (summary);
  GString *out = g_string_new (s);
  GPtrArray *errors = lim_snapshot_get_load_errors (model);

  for (guint i = 0; i < lim_snapshot_get_n_schemas (model); i++)
    {
      const LimSnapshotSchema *schema = lim_snapshot_get_schema (model, i);
      g_autoptr(JsonNode) js = json_node_init_object (json_node_alloc (), schema->json);
      g_autofree char *ts = print (js);

      g_string_append_printf (out, "\n%s", ts);
      for (guint k = 0; k < schema->fields->len; k++)
        {
          const LimSnapshotField *f = g_ptr_array_index (schema->fields, k);
          g_autoptr(JsonNode) jf = json_node_init_object (json_node_alloc (), lim_snapshot_field_get_json (f));
          g_autofree char *tf = print (jf);
          g_string_append_printf (out, "\n  %s", tf);
        }
    }
  for (guint i = 0; errors && i < errors->len; i++)
    g_string_append_printf (out, "\nerror: %s", (char *) g_ptr_array_index (errors, i));
  return g_string_free (out, FALSE);
}

static gboolean
all_finite (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(GList) members = json_object_get_values (json_node_get_object (node));
      for (GList *l = members; l; l = l->next)
        if (!all_finite (l->data))
          return FALSE;
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *arr = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (arr); i++)
        if (!all_finite (json_array_get_element (arr, i)))
          return FALSE;
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return isfinite (json_node_get_double (node));
  return TRUE;
}

static void
check_round_trip (JsonNode *node)
{
  g_autofree char *text = print (node);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) again = NULL;

  /* json-glib 1.6 prints some doubles as no JSON reads (1e+20.0), and
   * U+001F unescaped (its escape table stops one short). */
  if (!g_utf8_validate (text, -1, NULL) || !all_finite (node) || strchr (text, 0x1f) ||
      !json_parser_load_from_data (parser, text, -1, NULL))
    return;
  CHECK (json_node_equal (node, json_parser_get_root (parser)));
  again = lim_json_stream_parse (text, strlen (text), WHAT, &error);
  CHECK (again != NULL);
  CHECK (json_node_equal (node, again));
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  (void) argc;
  (void) argv;
  /* GLib 2.74 still has its slice allocator; make every block visible to ASan. */
  g_setenv ("G_SLICE", "always-malloc", TRUE);
  g_setenv ("G_DEBUG", "gc-friendly", TRUE);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data;
  size_t chunk = size ? (size_t) (data[0] % 31) + 1 : 1;
  g_autoptr(GError) e_whole = NULL;
  g_autoptr(GError) e_chunked = NULL;
  g_autoptr(GError) e_tags = NULL;
  g_autoptr(GError) e_tags_chunked = NULL;
  g_autoptr(JsonNode) whole = lim_json_stream_parse (text, size, WHAT, &e_whole);
  g_autoptr(JsonNode) chunked = read_chunked (text, size, chunk, FALSE, &e_chunked);
  g_autoptr(JsonNode) tags = lim_json_stream_parse_tag_schemas (text, size, WHAT, &e_tags);
  g_autoptr(JsonNode) tags_chunked = read_chunked (text, size, chunk, TRUE, &e_tags_chunked);

  check_same (whole, e_whole, chunked, e_chunked);
  check_same (tags, e_tags, tags_chunked, e_tags_chunked);
  CHECK ((whole == NULL) == (tags == NULL));
  if (whole == NULL)
    {
      check_error (e_whole, size);
      check_error (e_chunked, size);
      check_error (e_tags, size);
      check_error (e_tags_chunked, size);
      return 0;
    }
  check_round_trip (whole);

  {
    g_autoptr(JsonNode) registry = json_node_init_string (json_node_alloc (), "src_fuzz");
    g_autoptr(GError) error = NULL;
    g_autoptr(GError) plain_error = NULL;
    g_autoptr(LimSnapshot) model = lim_snapshot_new_from_json_full (registry, tags, NULL, NULL,
                                                                    LIM_SNAPSHOT_LOAD_SKIP_INVALID, &error);
    g_autoptr(LimSnapshot) plain = lim_snapshot_new_from_json_full (registry, whole, NULL, NULL,
                                                                    LIM_SNAPSHOT_LOAD_SKIP_INVALID, &plain_error);
    CHECK ((model == NULL) == (error != NULL));
    if (g_strstr_len (text, (gssize) size, "LPF1") == NULL)
      {
        CHECK ((model == NULL) == (plain == NULL));
        if (model)
          {
            g_autofree char *a = snapshot_text (model);
            g_autofree char *b = snapshot_text (plain);
            CHECK (strcmp (a, b) == 0);
          }
        else
          CHECK (strcmp (error->message, plain_error->message) == 0);
      }
  }
  return 0;
}
