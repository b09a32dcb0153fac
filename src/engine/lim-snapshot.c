/* lim-snapshot.c — tenant snapshot: parsing, indexes, lookups,
 * copy-on-write.  The conversion to Liminal's properties (§6.7) and the
 * dumps are in lim-snapshot-convert.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lim-json.h"
#include "lim-snapshot-private.h"
#include "lim-operation.h"

G_DEFINE_QUARK (lim-model-error-quark, lim_snapshot_error)

struct _LimModel
{
  gatomicrefcount ref_count;
  char           *registry_id;
  char           *tenant_name;
  GPtrArray      *schemas;      /* LimSnapshotSchema*, shared, COW */
  GPtrArray      *dropdowns;    /* LimSnapshotDropdown*, shared, COW */
  GHashTable     *unit_by_name; /* name → id */
  GHashTable     *unit_by_id;   /* id → name */
  GHashTable     *schema_by_wh; /* owned wh → index+1 (registry only, first) */
  GHashTable     *schema_by_id; /* owned id → index+1 */
  GHashTable     *dropdown_by_name; /* owned name → index+1 (last) */
  GHashTable     *dropdown_first; /* owned name → index+1 (first) */
  GHashTable     *dropdown_by_id; /* owned id → index+1 */
  guint           minted;       /* placeholder id counter */
  GPtrArray      *load_errors;  /* utf8 */
  GPtrArray      *skipped;      /* JsonObject* {name, sqlIdentifier, prefix, registryId, error} */
  GPtrArray      *results;      /* LimSnapshotSchema* of result schemas, read only, shared */
};

/* ---------------------------------------------------------------- JSON helpers */

static gboolean
is_null_or_missing (JsonObject *obj,
                    const char *key)
{
  JsonNode *node = json_object_get_member (obj, key);
  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

gboolean
_lim_snapshot_get_int (JsonObject *obj,
                       const char *key,
                       gint64     *out)
{
  JsonNode *node = obj ? json_object_get_member (obj, key) : NULL;
  GType t;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  t = json_node_get_value_type (node);
  if (t == G_TYPE_INT64)
    *out = json_node_get_int (node);
  else if (t == G_TYPE_DOUBLE)
    *out = (gint64) json_node_get_double (node);
  else
    return FALSE;
  return TRUE;
}

/* ---------------------------------------------------------------- packed fields */

#define FIELD_KEYS(X) \
  X ("id") X ("fieldType") X ("name") X ("apiId") X ("archiveRecord") X ("dbId") X ("decimalPrecision") \
  X ("description") X ("displayName") X ("isComputed") X ("isConvertedFromLink") X ("isIntegration") \
  X ("isMulti") X ("isParentLink") X ("isRequired") X ("isSingleLink") X ("isSnapshot") X ("isUneditable") \
  X ("legalTextSelectorId") X ("numericMax") X ("numericMin") X ("requiredLink") X ("schemaFieldSelectorId") \
  X ("strictSelector") X ("systemName") X ("tooltipText") X ("unitApiIdentifier") X ("unitSymbol")
#define KEY_TEXT(k)   k,
#define KEY_LENGTH(k) sizeof (k) - 1,

const char *const _lim_snapshot_field_keys[LIM_FK_N] = { FIELD_KEYS (KEY_TEXT) };
static const guint8 field_key_lengths[LIM_FK_N] = { FIELD_KEYS (KEY_LENGTH) };

G_STATIC_ASSERT (0x04 + LIM_FK_N <= 0x20);

int
_lim_snapshot_field_key_code (const char *key,
                              gsize       len)
{
  /* Hot in the streaming reader (every member of every field): length
   * and first letter before the bytes. */
  for (int i = 0; i < LIM_FK_N; i++)
    if (field_key_lengths[i] == len && _lim_snapshot_field_keys[i][0] == key[0] &&
        memcmp (_lim_snapshot_field_keys[i], key, len) == 0)
      return i;
  return -1;
}

#define STORE_NAMED 0xff

typedef struct
{
  guint8  key;    /* LimFieldKey, or STORE_NAMED: the name is at data + name */
  guint8  type;   /* 'n' 't' 'f' 'i' 'd' 's' 'j' */
  guint32 val;    /* 'i' 'd' 's': offset of the text in data; 'j': index in nodes */
  guint32 name;
} StoreMember;

struct _LimFieldStore
{
  guint32     n;
  guint32     n_nodes;
  JsonNode  **nodes;      /* 'j' members' values, parsed */
  char       *data;       /* the packed text, unescaped in place, NUL-terminated pieces */
  StoreMember m[];
};

void
_lim_field_store_free (LimFieldStore *store)
{
  if (store == NULL)
    return;
  for (guint i = 0; i < store->n_nodes; i++)
    json_node_unref (store->nodes[i]);
  g_free (store->nodes);
  g_free (store);
}

/* Unescapes the TEXT at *@r into *@w, up to its 0x01; NUL-terminates it. */
static gboolean
unpack_text (char **r,
             char **w)
{
  char *rp = *r, *wp = *w;

  for (;;)
    {
      unsigned char c = (unsigned char) *rp++;
      if (c == 0x01)
        break;
      if (c == 0x03)
        {
          c = (unsigned char) *rp++;
          if (c < 0x40 || c > 0x5f)
            return FALSE;
          c -= 0x40;
          if (c == 0)
            return FALSE;
        }
      else if (c < 0x04)
        return FALSE;
      *wp++ = (char) c;
    }
  *wp++ = '\0';
  *r = rp;
  *w = wp;
  return TRUE;
}

LimFieldStore *
_lim_field_store_unpack (const char *packed)
{
  gsize magic = strlen (LIM_PACKED_FIELD_MAGIC);
  gsize len, n = 0;
  LimFieldStore *st;
  char *r, *w;
  g_autoptr(GPtrArray) nodes = NULL;

  if (packed == NULL || strncmp (packed, LIM_PACKED_FIELD_MAGIC, magic) != 0)
    return NULL;
  packed += magic;
  len = strlen (packed);
  /* Members: key bytes (0x02 or 0x04–0x1f) never occur in TEXT. */
  for (const unsigned char *p = (const unsigned char *) packed; *p; p++)
    n += *p == 0x02 || (*p >= 0x04 && *p < 0x20);
  st = g_malloc (sizeof (LimFieldStore) + n * sizeof (StoreMember) + len + 1);
  st->n = 0;
  st->n_nodes = 0;
  st->nodes = NULL;
  st->data = (char *) &st->m[n];
  memcpy (st->data, packed, len + 1);
  r = w = st->data;
  while (*r)
    {
      StoreMember *m = &st->m[st->n];
      unsigned char k = (unsigned char) *r++;

      if (st->n == n)
        goto bad;
      if (k == 0x02)
        {
          m->key = STORE_NAMED;
          m->name = (guint32) (w - st->data);
          if (!unpack_text (&r, &w))
            goto bad;
        }
      else if (k >= 0x04 && k < 0x04 + LIM_FK_N)
        m->key = k - 0x04;
      else
        goto bad;
      m->type = (guint8) *r++;
      m->val = 0;
      switch (m->type)
        {
        case 'n': case 't': case 'f':
          break;
        case 'i': case 'd': case 's': case 'j':
          m->val = (guint32) (w - st->data);
          if (!unpack_text (&r, &w))
            goto bad;
          if (m->type == 'j')
            {
              JsonNode *node = _lim_json_stream_parse_packed (st->data + m->val);
              if (node == NULL || !(JSON_NODE_HOLDS_OBJECT (node) || JSON_NODE_HOLDS_ARRAY (node)))
                {
                  g_clear_pointer (&node, json_node_unref);
                  goto bad;
                }
              if (nodes == NULL)
                nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
              m->val = nodes->len;
              g_ptr_array_add (nodes, node);
            }
          break;
        default:
          goto bad;
        }
      st->n++;
    }
  if (nodes)
    {
      st->n_nodes = nodes->len;
      st->nodes = (JsonNode **) g_ptr_array_steal (nodes, NULL);
    }
  return st;

bad:
  g_free (st);
  return NULL;
}

static const StoreMember *
store_find (const LimFieldStore *st,
            LimFieldKey          key)
{
  /* A repeated member keeps its last value, as json-glib's parser. */
  for (guint i = st->n; i-- > 0;)
    if (st->m[i].key == key)
      return &st->m[i];
  return NULL;
}

static inline JsonObject *
field_json (const LimSnapshotField *field)
{
  return g_atomic_pointer_get (&((LimSnapshotField *) field)->json);
}

const char *
_lim_snapshot_field_str (const LimSnapshotField *field,
                         LimFieldKey             key)
{
  JsonObject *j = field_json (field);
  const StoreMember *m;

  if (j || field->store == NULL)
    return lim_json_get_string (j, _lim_snapshot_field_keys[key]);
  m = store_find (field->store, key);
  return m && m->type == 's' ? ((LimFieldStore *) field->store)->data + m->val : NULL;
}

gboolean
_lim_snapshot_field_int (const LimSnapshotField *field,
                         LimFieldKey             key,
                         gint64                 *out)
{
  JsonObject *j = field_json (field);
  const LimFieldStore *st = field->store;
  const StoreMember *m;

  if (j || st == NULL)
    return _lim_snapshot_get_int (j, _lim_snapshot_field_keys[key], out);
  m = store_find (st, key);
  if (m && m->type == 'i')
    *out = g_ascii_strtoll (st->data + m->val, NULL, 10);
  else if (m && m->type == 'd')
    *out = (gint64) g_ascii_strtod (st->data + m->val, NULL);
  else
    return FALSE;
  return TRUE;
}

LimTri
_lim_snapshot_field_tri (const LimSnapshotField *field,
                         LimFieldKey             key)
{
  JsonObject *j = field_json (field);
  const StoreMember *m;
  JsonNode *node;

  if (j || field->store == NULL)
    {
      node = j ? json_object_get_member (j, _lim_snapshot_field_keys[key]) : NULL;
      if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        return LIM_TRI_NONE;
      return json_node_get_boolean (node) ? LIM_TRI_TRUE : LIM_TRI_FALSE;
    }
  m = store_find (field->store, key);
  return m == NULL ? LIM_TRI_NONE : m->type == 't' ? LIM_TRI_TRUE : m->type == 'f' ? LIM_TRI_FALSE : LIM_TRI_NONE;
}

JsonObject *
_lim_snapshot_field_object (const LimSnapshotField *field,
                            LimFieldKey             key)
{
  JsonObject *j = field_json (field);
  const LimFieldStore *st = field->store;
  const StoreMember *m;

  if (j || st == NULL)
    return lim_json_get_object (j, _lim_snapshot_field_keys[key]);
  m = store_find (st, key);
  if (m == NULL || m->type != 'j' || !JSON_NODE_HOLDS_OBJECT (st->nodes[m->val]))
    return NULL;
  return json_node_get_object (st->nodes[m->val]);
}

gboolean
_lim_snapshot_field_is_null (const LimSnapshotField *field,
                             LimFieldKey             key)
{
  JsonObject *j = field_json (field);
  const StoreMember *m;

  if (j || field->store == NULL)
    return j == NULL || is_null_or_missing (j, _lim_snapshot_field_keys[key]);
  m = store_find (field->store, key);
  return m == NULL || m->type == 'n';
}

/* A new object with the members of the packed form @st. */
static JsonObject *
store_build_json (const LimFieldStore *st)
{
  JsonObject *out = json_object_new ();

  for (guint i = 0; i < st->n; i++)
    {
      const StoreMember *m = &st->m[i];
      const char *name = m->key == STORE_NAMED ? st->data + m->name : _lim_snapshot_field_keys[m->key];
      const char *text = st->data + m->val;

      switch (m->type)
        {
        case 'n':
          json_object_set_null_member (out, name);
          break;
        case 't':
        case 'f':
          json_object_set_boolean_member (out, name, m->type == 't');
          break;
        case 'i':
          json_object_set_int_member (out, name, g_ascii_strtoll (text, NULL, 10));
          break;
        case 'd':
          json_object_set_double_member (out, name, g_ascii_strtod (text, NULL));
          break;
        case 's':
          json_object_set_string_member (out, name, text);
          break;
        default: /* 'j' */
          /* Deep: json_node_copy() would share the object, and take a
           * reference (not atomic) from several threads at once. */
          json_object_set_member (out, name, lim_json_node_copy (st->nodes[m->val]));
          break;
        }
    }
  return out;
}

JsonObject *
_lim_snapshot_field_json_ref (const LimSnapshotField *field)
{
  JsonObject *j = field_json (field);

  if (j || field->store == NULL)
    return j ? json_object_ref (j) : json_object_new ();
  return store_build_json (field->store);
}

gboolean
lim_snapshot_tag_field_has_unit (JsonNode *node)
{
  const char key[] = { (char) (0x04 + LIM_FK_UNIT_API_IDENTIFIER), 's', 0 };
  const char *packed;

  if (node == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_OBJECT (node))
    return lim_json_get_string (json_node_get_object (node), "unitApiIdentifier") != NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  packed = json_node_get_string (node);
  /* Key bytes appear only as keys: text escapes every byte below 0x20. */
  return g_str_has_prefix (packed, LIM_PACKED_FIELD_MAGIC) && strstr (packed, key) != NULL;
}

JsonObject *
lim_snapshot_field_get_json (const LimSnapshotField *field)
{
  LimSnapshotField *f = (LimSnapshotField *) field;
  JsonObject *j = field_json (field);

  if (j || f->store == NULL)
    return j;
  /* Built from the packed form, never a reference to an object another
   * thread may have published meanwhile: json-glib's reference counts are
   * not atomic. */
  j = store_build_json (f->store);
  if (!g_atomic_pointer_compare_and_exchange (&f->json, NULL, j))
    {
      json_object_unref (j);
      j = field_json (field);
    }
  return j;
}

/* ---------------------------------------------------------------- objects */

LimSnapshotOption *
lim_snapshot_option_new (const char *id,
                         const char *name,
                         const char *archive_purpose)
{
  LimSnapshotOption *o = g_new0 (LimSnapshotOption, 1);
  o->id = g_strdup (id);
  o->name = g_strdup (name);
  o->archived = archive_purpose != NULL;
  o->archive_purpose = g_strdup (archive_purpose);
  return o;
}

void
lim_snapshot_option_free (LimSnapshotOption *option)
{
  if (option == NULL)
    return;
  g_free (option->id);
  g_free (option->name);
  g_free (option->archive_purpose);
  g_free (option);
}

static LimSnapshotOption *
option_copy (const LimSnapshotOption *o)
{
  LimSnapshotOption *c = lim_snapshot_option_new (o->id, o->name, o->archive_purpose);
  c->archived = o->archived;
  c->provisional = o->provisional;
  return c;
}

static LimSnapshotDropdown *
dropdown_new (const char *id,
              const char *name)
{
  LimSnapshotDropdown *d = g_new0 (LimSnapshotDropdown, 1);
  g_atomic_ref_count_init (&d->ref_count);
  d->id = g_strdup (id);
  d->name = g_strdup (name);
  d->options = g_ptr_array_new_with_free_func ((GDestroyNotify) lim_snapshot_option_free);
  return d;
}

static void
dropdown_unref (gpointer data)
{
  LimSnapshotDropdown *d = data;
  if (d == NULL || !g_atomic_ref_count_dec (&d->ref_count))
    return;
  g_free (d->id);
  g_free (d->name);
  g_free (d->archive_purpose);
  g_ptr_array_unref (d->options);
  g_free (d);
}

static gpointer
dropdown_clone (gconstpointer data)
{
  const LimSnapshotDropdown *src = data;
  LimSnapshotDropdown *d = dropdown_new (src->id, src->name);
  d->archived = src->archived;
  d->archive_purpose = g_strdup (src->archive_purpose);
  d->provisional = src->provisional;
  for (guint i = 0; i < src->options->len; i++)
    g_ptr_array_add (d->options, option_copy (g_ptr_array_index (src->options, i)));
  return d;
}

LimSnapshotField *
lim_snapshot_field_new (JsonObject *json)
{
  LimSnapshotField *f = g_new0 (LimSnapshotField, 1);
  f->json = json;
  f->props = lim_props_new (LIM_PROPS_FIELD);
  return f;
}

void
lim_snapshot_field_free (LimSnapshotField *field)
{
  if (field == NULL)
    return;
  g_clear_pointer (&field->json, json_object_unref);
  _lim_field_store_free (field->store);
  lim_props_free (field->props);
  g_free (field);
}

/* A field of a schema being written: its JSON, no packed form. */
static void
field_unpack (LimSnapshotField *f)
{
  if (f->store == NULL)
    return;
  if (f->json == NULL)
    f->json = _lim_snapshot_field_json_ref (f);
  g_clear_pointer ((LimFieldStore **) &f->store, _lim_field_store_free);
}

static LimSnapshotField *
field_clone (const LimSnapshotField *src)
{
  LimSnapshotField *f = g_new0 (LimSnapshotField, 1);
  JsonObject *j = field_json (src);
  f->json = j ? lim_json_object_copy (j) : _lim_snapshot_field_json_ref (src);
  f->props = lim_props_copy (src->props);
  f->provisional = src->provisional;
  return f;
}

static LimSnapshotSchema *
schema_new (JsonObject *json)
{
  LimSnapshotSchema *s = g_new0 (LimSnapshotSchema, 1);
  g_atomic_ref_count_init (&s->ref_count);
  s->json = json;
  s->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) lim_snapshot_field_free);
  s->props = lim_props_new (LIM_PROPS_SCHEMA);
  s->name_template = lim_name_template_new ();
  return s;
}

static void
schema_unref (gpointer data)
{
  LimSnapshotSchema *s = data;
  if (s == NULL || !g_atomic_ref_count_dec (&s->ref_count))
    return;
  json_object_unref (s->json);
  g_ptr_array_unref (s->fields);
  lim_props_free (s->props);
  lim_name_template_free (s->name_template);
  g_free (s);
}

static gpointer
schema_clone (gconstpointer data)
{
  const LimSnapshotSchema *src = data;
  LimSnapshotSchema *s = schema_new (lim_json_object_copy (src->json));
  for (guint i = 0; i < src->fields->len; i++)
    g_ptr_array_add (s->fields, field_clone (g_ptr_array_index (src->fields, i)));
  lim_props_free (s->props);
  s->props = lim_props_copy (src->props);
  lim_name_template_free (s->name_template);
  s->name_template = lim_name_template_copy (src->name_template);
  s->provisional = src->provisional;
  return s;
}

/* ---------------------------------------------------------------- accessors */

const char *
lim_snapshot_schema_get_id (const LimSnapshotSchema *schema)
{
  return lim_json_get_string (schema->json, "id");
}

const char *
lim_snapshot_schema_get_name (const LimSnapshotSchema *schema)
{
  return lim_json_get_string (schema->json, "name");
}

const char *
lim_snapshot_schema_get_warehouse_name (const LimSnapshotSchema *schema)
{
  return lim_json_get_string (schema->json, "sqlIdentifier");
}

const char *
lim_snapshot_schema_get_prefix (const LimSnapshotSchema *schema)
{
  return lim_json_get_string (schema->json, "prefix");
}

const char *
lim_snapshot_schema_get_registry_id (const LimSnapshotSchema *schema)
{
  return lim_json_get_string (schema->json, "registryId");
}

gboolean
lim_snapshot_schema_is_archived (const LimSnapshotSchema *schema)
{
  return !is_null_or_missing (schema->json, "archiveRecord");
}

const LimSnapshotField *
lim_snapshot_schema_lookup_field (const LimSnapshotSchema *schema,
                                  const char              *warehouse_name)
{
  for (guint i = 0; i < schema->fields->len; i++)
    {
      const LimSnapshotField *f = g_ptr_array_index (schema->fields, i);
      if (g_strcmp0 (lim_snapshot_field_get_warehouse_name (f), warehouse_name) == 0)
        return f;
    }
  return NULL;
}

const LimSnapshotField *
lim_snapshot_schema_lookup_active_field (const LimSnapshotSchema *schema,
                                         const char              *warehouse_name,
                                         guint                   *n_found)
{
  const LimSnapshotField *found = NULL;
  guint n = 0;

  for (guint i = 0; i < schema->fields->len; i++)
    {
      const LimSnapshotField *f = g_ptr_array_index (schema->fields, i);
      if (!lim_snapshot_field_is_archived (f) &&
          g_strcmp0 (lim_snapshot_field_get_warehouse_name (f), warehouse_name) == 0)
        {
          found = f;
          n++;
        }
    }
  if (n_found != NULL)
    *n_found = n;
  return found;
}

GPtrArray *
lim_snapshot_schema_get_active_props (const LimSnapshotSchema *schema)
{
  GPtrArray *out = g_ptr_array_new ();
  for (guint i = 0; i < schema->fields->len; i++)
    {
      const LimSnapshotField *f = g_ptr_array_index (schema->fields, i);
      if (!lim_snapshot_field_is_archived (f))
        g_ptr_array_add (out, f->props);
    }
  return out;
}

const char *
lim_snapshot_field_get_api_id (const LimSnapshotField *field)
{
  return _lim_snapshot_field_str (field, LIM_FK_API_ID);
}

gint64
lim_snapshot_field_get_internal_id (const LimSnapshotField *field)
{
  gint64 id;
  return _lim_snapshot_field_int (field, LIM_FK_ID, &id) ? id : -1;
}

const char *
lim_snapshot_field_get_warehouse_name (const LimSnapshotField *field)
{
  return _lim_snapshot_field_str (field, LIM_FK_SYSTEM_NAME);
}

const char *
lim_snapshot_field_get_name (const LimSnapshotField *field)
{
  return _lim_snapshot_field_str (field, LIM_FK_NAME);
}

gboolean
lim_snapshot_field_is_archived (const LimSnapshotField *field)
{
  return !_lim_snapshot_field_is_null (field, LIM_FK_ARCHIVE_RECORD);
}

/* ---------------------------------------------------------------- indexes */

/* Indexes the schema at @i: each in turn, or one appended schema without
 * rebuilding everything. */
static void
index_schema_at (LimSnapshot *self,
                 guint        i)
{
  const LimSnapshotSchema *s = g_ptr_array_index (self->schemas, i);
  const char *wh = lim_snapshot_schema_get_warehouse_name (s);
  const char *id = lim_snapshot_schema_get_id (s);

  if (id && !g_hash_table_contains (self->schema_by_id, id))
    g_hash_table_insert (self->schema_by_id, g_strdup (id), GUINT_TO_POINTER (i + 1));
  if (wh && g_strcmp0 (lim_snapshot_schema_get_registry_id (s), self->registry_id) == 0 &&
      !g_hash_table_contains (self->schema_by_wh, wh))
    g_hash_table_insert (self->schema_by_wh, g_strdup (wh), GUINT_TO_POINTER (i + 1));
}

static void
reindex_schemas (LimSnapshot *self)
{
  g_hash_table_remove_all (self->schema_by_wh);
  g_hash_table_remove_all (self->schema_by_id);
  for (guint i = 0; i < self->schemas->len; i++)
    index_schema_at (self, i);
}

static void
reindex_dropdowns (LimSnapshot *self)
{
  g_hash_table_remove_all (self->dropdown_by_name);
  g_hash_table_remove_all (self->dropdown_first);
  g_hash_table_remove_all (self->dropdown_by_id);
  for (guint i = 0; i < self->dropdowns->len; i++)
    {
      const LimSnapshotDropdown *d = g_ptr_array_index (self->dropdowns, i);
      if (d->name)
        {
          g_hash_table_replace (self->dropdown_by_name, g_strdup (d->name), GUINT_TO_POINTER (i + 1));
          if (!g_hash_table_contains (self->dropdown_first, d->name))
            g_hash_table_insert (self->dropdown_first, g_strdup (d->name), GUINT_TO_POINTER (i + 1));
        }
      if (d->id)
        g_hash_table_replace (self->dropdown_by_id, g_strdup (d->id), GUINT_TO_POINTER (i + 1));
    }
}

static GHashTable *
new_index (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* ---------------------------------------------------------------- construction */

static LimSnapshot *
model_alloc (const char *registry_id)
{
  LimSnapshot *self = g_new0 (LimSnapshot, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->registry_id = g_strdup (registry_id);
  self->tenant_name = g_strdup ("tenant");
  self->schemas = g_ptr_array_new_with_free_func (schema_unref);
  self->dropdowns = g_ptr_array_new_with_free_func (dropdown_unref);
  self->unit_by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->unit_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->schema_by_wh = new_index ();
  self->schema_by_id = new_index ();
  self->dropdown_by_name = new_index ();
  self->dropdown_first = new_index ();
  self->dropdown_by_id = new_index ();
  self->load_errors = g_ptr_array_new_with_free_func (g_free);
  self->skipped = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  self->results = g_ptr_array_new_with_free_func (schema_unref);
  return self;
}

LimSnapshot *
lim_snapshot_new (const char *registry_id)
{
  return model_alloc (registry_id);
}

LimSnapshot *
lim_snapshot_ref (LimSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
lim_snapshot_unref (LimSnapshot *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->registry_id);
  g_free (self->tenant_name);
  g_ptr_array_unref (self->schemas);
  g_ptr_array_unref (self->dropdowns);
  g_hash_table_unref (self->unit_by_name);
  g_hash_table_unref (self->unit_by_id);
  g_hash_table_unref (self->schema_by_wh);
  g_hash_table_unref (self->schema_by_id);
  g_hash_table_unref (self->dropdown_by_name);
  g_hash_table_unref (self->dropdown_first);
  g_hash_table_unref (self->dropdown_by_id);
  g_ptr_array_unref (self->load_errors);
  g_ptr_array_unref (self->skipped);
  g_ptr_array_unref (self->results);
  g_free (self);
}

LimSnapshot *
lim_snapshot_copy (LimSnapshot *self)
{
  LimSnapshot *copy = model_alloc (self->registry_id);
  GHashTableIter iter;
  gpointer k, v;

  g_free (copy->tenant_name);
  copy->tenant_name = g_strdup (self->tenant_name);
  copy->minted = self->minted;
  g_ptr_array_set_size (copy->schemas, 0);
  for (guint i = 0; i < self->schemas->len; i++)
    {
      LimSnapshotSchema *s = g_ptr_array_index (self->schemas, i);
      g_atomic_ref_count_inc (&s->ref_count);
      g_ptr_array_add (copy->schemas, s);
    }
  for (guint i = 0; i < self->dropdowns->len; i++)
    {
      LimSnapshotDropdown *d = g_ptr_array_index (self->dropdowns, i);
      g_atomic_ref_count_inc (&d->ref_count);
      g_ptr_array_add (copy->dropdowns, d);
    }
  g_hash_table_iter_init (&iter, self->unit_by_name);
  while (g_hash_table_iter_next (&iter, &k, &v))
    lim_snapshot_add_unit (copy, v, k);
  for (guint i = 0; i < self->load_errors->len; i++)
    g_ptr_array_add (copy->load_errors, g_strdup (g_ptr_array_index (self->load_errors, i)));
  for (guint i = 0; i < self->skipped->len; i++)
    g_ptr_array_add (copy->skipped, json_object_ref (g_ptr_array_index (self->skipped, i)));
  for (guint i = 0; i < self->results->len; i++)
    {
      LimSnapshotSchema *s = g_ptr_array_index (self->results, i);
      g_atomic_ref_count_inc (&s->ref_count);
      g_ptr_array_add (copy->results, s);
    }
  reindex_schemas (copy);
  reindex_dropdowns (copy);
  return copy;
}

void
lim_snapshot_set_tenant_name (LimSnapshot *self,
                              const char  *tenant)
{
  g_free (self->tenant_name);
  self->tenant_name = g_strdup (tenant);
}

const char *
lim_snapshot_get_tenant_name (LimSnapshot *self)
{
  return self->tenant_name;
}

const char *
lim_snapshot_get_registry_id (LimSnapshot *self)
{
  return self->registry_id;
}

void
lim_snapshot_add_unit (LimSnapshot *self,
                       const char  *id,
                       const char  *name)
{
  g_return_if_fail (id != NULL && name != NULL);
  g_hash_table_replace (self->unit_by_name, g_strdup (name), g_strdup (id));
  g_hash_table_replace (self->unit_by_id, g_strdup (id), g_strdup (name));
}

const char *
lim_snapshot_unit_id (LimSnapshot *self,
                      const char  *name)
{
  return name ? g_hash_table_lookup (self->unit_by_name, name) : NULL;
}

const char *
lim_snapshot_unit_name (LimSnapshot *self,
                        const char  *id)
{
  return id ? g_hash_table_lookup (self->unit_by_id, id) : NULL;
}

static gboolean
parse_registry (JsonNode *node,
                char    **out,
                GError  **error)
{
  JsonArray *regs;

  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      *out = g_strdup (json_node_get_string (node));
      return TRUE;
    }
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, LIM_SNAPSHOT_ERROR, LIM_SNAPSHOT_ERROR_INVALID,
                   "Registries: expected an object with 'registries' or a registry id.");
      return FALSE;
    }
  regs = lim_json_get_array (json_node_get_object (node), "registries");
  if (regs == NULL)
    {
      const char *id = lim_json_get_string (json_node_get_object (node), "id");
      if (id)
        {
          *out = g_strdup (id);
          return TRUE;
        }
      g_set_error (error, LIM_SNAPSHOT_ERROR, LIM_SNAPSHOT_ERROR_INVALID, "Registries: missing key 'registries'.");
      return FALSE;
    }
  if (json_array_get_length (regs) != 1)
    {
      g_set_error (error, LIM_SNAPSHOT_ERROR, LIM_SNAPSHOT_ERROR_REGISTRY,
                   "Expected exactly one registry in the tenant, found %u.", json_array_get_length (regs));
      return FALSE;
    }
  *out = g_strdup (lim_json_get_string (json_array_get_object_element (regs, 0), "id"));
  if (*out == NULL)
    {
      g_set_error (error, LIM_SNAPSHOT_ERROR, LIM_SNAPSHOT_ERROR_INVALID, "Registries: registry 0: missing key 'id'.");
      return FALSE;
    }
  return TRUE;
}

static void
parse_units (LimSnapshot *self,
             JsonNode    *node)
{
  JsonArray *arr = NULL;

  if (node == NULL)
    return;
  if (JSON_NODE_HOLDS_ARRAY (node))
    arr = json_node_get_array (node);
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonArray *types = lim_json_get_array (json_node_get_object (node), "unitTypes");
      for (guint i = 0; types && i < json_array_get_length (types); i++)
        {
          JsonArray *units = lim_json_get_array (json_array_get_object_element (types, i), "units");
          for (guint k = 0; units && k < json_array_get_length (units); k++)
            {
              JsonObject *u = json_array_get_object_element (units, k);
              if (lim_json_get_string (u, "id") && lim_json_get_string (u, "name"))
                lim_snapshot_add_unit (self, lim_json_get_string (u, "id"), lim_json_get_string (u, "name"));
            }
        }
      arr = lim_json_get_array (json_node_get_object (node), "units");
    }
  for (guint i = 0; arr && i < json_array_get_length (arr); i++)
    {
      JsonNode *el = json_array_get_element (arr, i);
      JsonObject *u = JSON_NODE_HOLDS_OBJECT (el) ? json_node_get_object (el) : NULL;
      if (lim_json_get_string (u, "id") && lim_json_get_string (u, "name"))
        lim_snapshot_add_unit (self, lim_json_get_string (u, "id"), lim_json_get_string (u, "name"));
    }
}

static gboolean
parse_selectors (LimSnapshot *self,
                 JsonNode    *node,
                 GError     **error)
{
  JsonArray *arr = NULL;

  if (node == NULL)
    return TRUE;
  if (JSON_NODE_HOLDS_ARRAY (node))
    arr = json_node_get_array (node);
  else if (JSON_NODE_HOLDS_OBJECT (node))
    arr = lim_json_get_array (lim_json_get_object (json_node_get_object (
                                                     node), "selectorsByRegistryId"), self->registry_id);
  for (guint i = 0; arr && i < json_array_get_length (arr); i++)
    {
      JsonObject *d = json_array_get_object_element (arr, i);
      const char *id = lim_json_get_string (d, "id");
      const char *name = lim_json_get_string (d, "name");
      JsonArray *opts;
      LimSnapshotDropdown *dd;

      if (id == NULL || name == NULL)
        {
          g_set_error (error, LIM_SNAPSHOT_ERROR, LIM_SNAPSHOT_ERROR_INVALID,
                       "Dropdown %u (%s): missing key '%s'.", i, name ? name : id ? id : "?",
                       id == NULL ? "id" : "name");
          return FALSE;
        }
      opts = lim_json_get_array (d, "allSchemaFieldSelectorOptions");
      if (opts == NULL)
        opts = lim_json_get_array (d, "options");
      if (opts == NULL)
        {
          g_set_error (error, LIM_SNAPSHOT_ERROR, LIM_SNAPSHOT_ERROR_INVALID,
                       "Dropdown %s: missing key 'allSchemaFieldSelectorOptions'.", name);
          return FALSE;
        }
      dd = lim_snapshot_add_dropdown (self, id, name);
      if (lim_json_get_object (d, "archiveRecord"))
        {
          const char *purpose = lim_json_get_string (lim_json_get_object (d, "archiveRecord"), "purpose");
          dd->archived = TRUE;
          dd->archive_purpose = g_strdup (purpose ? purpose : "Made in error");
        }
      for (guint k = 0; k < json_array_get_length (opts); k++)
        {
          JsonObject *o = json_array_get_object_element (opts, k);
          JsonObject *ar = lim_json_get_object (o, "archiveRecord");
          const char *purpose = ar ? lim_json_get_string (ar, "purpose") : NULL;

          if (lim_json_get_string (o, "name") == NULL)
            {
              g_set_error (error, LIM_SNAPSHOT_ERROR, LIM_SNAPSHOT_ERROR_INVALID,
                           "Dropdown %s: option %u: missing key 'name'.", name, k);
              return FALSE;
            }
          if (ar && purpose == NULL)
            purpose = lim_json_get_string (ar, "reason");
          g_ptr_array_add (dd->options,
                           lim_snapshot_option_new (lim_json_get_string (o, "id"), lim_json_get_string (o, "name"),
                                                    ar ? (purpose ? purpose : "Made in error") : NULL));
        }
    }
  reindex_dropdowns (self);
  return TRUE;
}

static const char *const schema_required[] = {
  "id", "sqlIdentifier", "folderItemType", "labelingStrategies", "allFields",
};

static const LimFieldKey field_required[] = { LIM_FK_SYSTEM_NAME, LIM_FK_FIELD_TYPE };

LimSnapshotSchema *
lim_snapshot_add_schema_json (LimSnapshot *self,
                              JsonObject  *json,
                              GError     **error)
{
  g_autoptr(JsonObject) owned = json;
  const char *wh = lim_json_get_string (json, "sqlIdentifier");
  const char *label = wh ? wh : lim_json_get_string (json, "id");
  JsonArray *all;
  LimSnapshotSchema *s;

  for (guint i = 0; i < G_N_ELEMENTS (schema_required); i++)
    if (is_null_or_missing (json, schema_required[i]))
      {
        g_set_error (error, LIM_SNAPSHOT_ERROR, LIM_SNAPSHOT_ERROR_INVALID,
                     "Schema %s: missing key '%s'.", label ? label : "?", schema_required[i]);
        return NULL;
      }
  all = lim_json_get_array (json, "allFields");
  if (all == NULL || lim_json_get_array (json, "labelingStrategies") == NULL)
    {
      g_set_error (error, LIM_SNAPSHOT_ERROR, LIM_SNAPSHOT_ERROR_INVALID,
                   "Schema %s: '%s' is not an array.", label, all == NULL ? "allFields" : "labelingStrategies");
      return NULL;
    }
  json_array_ref (all);
  json_object_remove_member (json, "allFields");
  json_object_remove_member (json, "fields");
  s = schema_new (g_steal_pointer (&owned));
  for (guint i = 0; i < json_array_get_length (all); i++)
    {
      JsonNode *el = json_array_get_element (all, i);
      LimSnapshotField *f = NULL;

      if (JSON_NODE_HOLDS_OBJECT (el))
        f = lim_snapshot_field_new (json_object_ref (json_node_get_object (el)));
      else if (JSON_NODE_HOLDS_VALUE (el) && json_node_get_value_type (el) == G_TYPE_STRING &&
               g_str_has_prefix (json_node_get_string (el), LIM_PACKED_FIELD_MAGIC))
        {
          /* Written by the streaming reader (lim-snapshot-private.h). */
          LimFieldStore *store = _lim_field_store_unpack (json_node_get_string (el));
          if (store)
            {
              f = g_new0 (LimSnapshotField, 1);
              f->store = store;
              f->props = lim_props_new (LIM_PROPS_FIELD);
            }
        }
      for (guint k = 0; k < G_N_ELEMENTS (field_required); k++)
        if (f == NULL || _lim_snapshot_field_is_null (f, field_required[k]))
          {
            const char *shown = f ? _lim_snapshot_field_str (f, LIM_FK_SYSTEM_NAME) : NULL;
            if (shown == NULL && f)
              shown = _lim_snapshot_field_str (f, LIM_FK_NAME);
            g_set_error (error, LIM_SNAPSHOT_ERROR, LIM_SNAPSHOT_ERROR_INVALID,
                         "Schema %s, field %s: missing key '%s'.", label, shown ? shown : "?",
                         _lim_snapshot_field_keys[field_required[k]]);
            lim_snapshot_field_free (f);
            json_array_unref (all);
            schema_unref (s);
            return NULL;
          }
      g_ptr_array_add (s->fields, f);
    }
  json_array_unref (all);
  if (!_lim_snapshot_derive_schema (self, s, error))
    {
      schema_unref (s);
      return NULL;
    }
  g_ptr_array_add (self->schemas, s);
  index_schema_at (self, self->schemas->len - 1);
  return s;
}

LimSnapshot *
lim_snapshot_new_from_json (JsonNode *registries,
                            JsonNode *tag_schemas,
                            JsonNode *selectors,
                            JsonNode *units,
                            GError  **error)
{
  return lim_snapshot_new_from_json_full (registries, tag_schemas, selectors, units, LIM_SNAPSHOT_LOAD_STRICT, error);
}

static void
skip_schema (LimSnapshot *self,
             JsonObject  *src,
             const char  *message)
{
  JsonObject *o = json_object_new ();
  static const char *const keys[] = { "name", "sqlIdentifier", "prefix", "registryId" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      const char *v = lim_json_get_string (src, keys[i]);
      if (v)
        json_object_set_string_member (o, keys[i], v);
    }
  json_object_set_string_member (o, "error", message);
  g_ptr_array_add (self->skipped, o);
  g_ptr_array_add (self->load_errors, g_strdup (message));
}

GPtrArray *
lim_snapshot_get_load_errors (LimSnapshot *self)
{
  return self->load_errors;
}

const char *
lim_snapshot_get_invalid_schema (LimSnapshot *self,
                                 const char  *warehouse_name)
{
  for (guint i = 0; i < self->skipped->len; i++)
    {
      JsonObject *o = g_ptr_array_index (self->skipped, i);
      if (g_strcmp0 (lim_json_get_string (o, "sqlIdentifier"), warehouse_name) == 0 &&
          g_strcmp0 (lim_json_get_string (o, "registryId"), self->registry_id) == 0)
        return lim_json_get_string (o, "error");
    }
  return NULL;
}

gboolean
lim_snapshot_any_schema_has (LimSnapshot *self,
                             const char  *key,
                             const char  *value)
{
  for (guint i = 0; i < self->schemas->len; i++)
    if (g_strcmp0 (lim_json_get_string (((LimSnapshotSchema *) g_ptr_array_index (self->schemas, i))->json, key),
                   value) == 0)
      return TRUE;
  for (guint i = 0; i < self->skipped->len; i++)
    if (g_strcmp0 (lim_json_get_string (g_ptr_array_index (self->skipped, i), key), value) == 0)
      return TRUE;
  return FALSE;
}

LimSnapshot *
lim_snapshot_new_from_json_full (JsonNode            *registries,
                                 JsonNode            *tag_schemas,
                                 JsonNode            *selectors,
                                 JsonNode            *units,
                                 LimSnapshotLoadFlags flags,
                                 GError             **error)
{
  g_autofree char *registry_id = NULL;
  g_autoptr(LimSnapshot) self = NULL;
  JsonArray *arr = NULL;

  if (!parse_registry (registries, &registry_id, error))
    return NULL;
  self = model_alloc (registry_id);
  parse_units (self, units);
  if (!parse_selectors (self, selectors, error))
    return NULL;

  if (tag_schemas && JSON_NODE_HOLDS_ARRAY (tag_schemas))
    arr = json_node_get_array (tag_schemas);
  else if (tag_schemas && JSON_NODE_HOLDS_OBJECT (tag_schemas))
    arr = lim_json_get_array (json_node_get_object (tag_schemas), "data");
  if (arr == NULL)
    {
      g_set_error (error, LIM_SNAPSHOT_ERROR, LIM_SNAPSHOT_ERROR_INVALID, "Tag schemas: missing key 'data'.");
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonNode *el = json_array_get_element (arr, i);
      if (!JSON_NODE_HOLDS_OBJECT (el))
        {
          g_set_error (error, LIM_SNAPSHOT_ERROR, LIM_SNAPSHOT_ERROR_INVALID,
                       "Tag schemas: element %u is not an object.", i);
          return NULL;
        }
      JsonObject *object = json_node_get_object (el);
      JsonObject *taken =
        (flags & LIM_SNAPSHOT_LOAD_CONSUME) ? json_object_ref (object) : lim_json_object_copy (object);

      if (flags & LIM_SNAPSHOT_LOAD_SKIP_INVALID)
        {
          g_autoptr(GError) local = NULL;
          if (lim_snapshot_add_schema_json (self, taken, &local) == NULL)
            skip_schema (self, object, local->message);
        }
      else if (lim_snapshot_add_schema_json (self, taken, error) == NULL)
        return NULL;
    }
  return g_steal_pointer (&self);
}

/* ---------------------------------------------------------------- lookups */

guint
lim_snapshot_get_n_dropdowns (LimSnapshot *self)
{
  return self->dropdowns->len;
}

const LimSnapshotDropdown *
lim_snapshot_get_dropdown (LimSnapshot *self,
                           guint        i)
{
  g_return_val_if_fail (i < self->dropdowns->len, NULL);
  return g_ptr_array_index (self->dropdowns, i);
}

static gpointer
index_lookup (GHashTable *index,
              GPtrArray  *arr,
              const char *key)
{
  guint i = key ? GPOINTER_TO_UINT (g_hash_table_lookup (index, key)) : 0;
  return i ? g_ptr_array_index (arr, i - 1) : NULL;
}

const LimSnapshotDropdown *
lim_snapshot_lookup_dropdown (LimSnapshot *self,
                              const char  *name)
{
  return index_lookup (self->dropdown_by_name, self->dropdowns, name);
}

const LimSnapshotDropdown *
lim_snapshot_lookup_dropdown_first (LimSnapshot *self,
                                    const char  *name)
{
  return index_lookup (self->dropdown_first, self->dropdowns, name);
}

const LimSnapshotDropdown *
lim_snapshot_lookup_dropdown_by_id (LimSnapshot *self,
                                    const char  *id)
{
  return index_lookup (self->dropdown_by_id, self->dropdowns, id);
}

const LimSnapshotOption *
lim_snapshot_dropdown_find_option (const LimSnapshotDropdown *dropdown,
                                   const char                *name)
{
  for (guint i = 0; i < dropdown->options->len; i++)
    {
      const LimSnapshotOption *o = g_ptr_array_index (dropdown->options, i);
      if (g_strcmp0 (o->name, name) == 0)
        return o;
    }
  return NULL;
}

/* ---------------------------------------------------------------- result schemas */

gboolean
lim_snapshot_add_results_schemas_json (LimSnapshot *self,
                                       JsonNode    *body,
                                       GError     **error)
{
  JsonArray *data = NULL;

  if (body && JSON_NODE_HOLDS_ARRAY (body))
    data = json_node_get_array (body);
  else if (body && JSON_NODE_HOLDS_OBJECT (body))
    data = lim_json_get_array (json_node_get_object (body), "data");
  if (data == NULL)
    {
      g_set_error_literal (error, LIM_SNAPSHOT_ERROR, LIM_SNAPSHOT_ERROR_INVALID,
                           "The result schema list has no “data” array.");
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (data); i++)
    {
      JsonNode *el = json_array_get_element (data, i);
      JsonObject *src = JSON_NODE_HOLDS_OBJECT (el) ? json_node_get_object (el) : NULL;
      const char *wh = src ? lim_json_get_string (src, "sqlIdentifier") : NULL;
      JsonArray *fields = src ? lim_json_get_array (src, "fields") : NULL;
      LimSnapshotSchema *s;

      if (src == NULL || wh == NULL || lim_json_get_string (src, "name") == NULL || fields == NULL)
        {
          g_set_error (error, LIM_SNAPSHOT_ERROR, LIM_SNAPSHOT_ERROR_INVALID,
                       "Result schema %s: it needs a name, a “sqlIdentifier” and a “fields” array.",
                       wh ? wh : src && lim_json_get_string (src, "id") ? lim_json_get_string (src, "id") : "?");
          return FALSE;
        }
      s = schema_new (lim_json_object_copy (src));
      json_object_remove_member (s->json, "allFields");
      json_object_remove_member (s->json, "fields");
      /* Liminal reads a result schema's "fields" (its active fields). */
      for (guint k = 0; k < json_array_get_length (fields); k++)
        {
          JsonNode *fn = json_array_get_element (fields, k);
          LimSnapshotField *f = JSON_NODE_HOLDS_OBJECT (fn)
                                ? lim_snapshot_field_new (lim_json_object_copy (json_node_get_object (fn))) : NULL;

          if (f == NULL || _lim_snapshot_field_is_null (f, LIM_FK_SYSTEM_NAME)
              || _lim_snapshot_field_is_null (f, LIM_FK_FIELD_TYPE))
            {
              g_set_error (error, LIM_SNAPSHOT_ERROR, LIM_SNAPSHOT_ERROR_INVALID,
                           "Result schema %s, field %u: it needs a “systemName” and a “fieldType”.", wh, k);
              lim_snapshot_field_free (f);
              schema_unref (s);
              return FALSE;
            }
          g_ptr_array_add (s->fields, f);
          if (!_lim_snapshot_derive_field (self, s, f, error))
            {
              g_prefix_error (error, "Result schema: ");
              schema_unref (s);
              return FALSE;
            }
        }
      lim_props_set_str (s->props, LIM_SCHEMA_NAME, lim_json_get_string (src, "name"));
      lim_props_set_str (s->props, LIM_SCHEMA_WAREHOUSE_NAME, wh);
      g_ptr_array_add (self->results, s);
    }
  return TRUE;
}

guint
lim_snapshot_get_n_results_schemas (LimSnapshot *self)
{
  return self->results->len;
}

const LimSnapshotSchema *
lim_snapshot_get_results_schema (LimSnapshot *self,
                                 guint        i)
{
  g_return_val_if_fail (i < self->results->len, NULL);
  return g_ptr_array_index (self->results, i);
}

guint
lim_snapshot_get_n_schemas (LimSnapshot *self)
{
  return self->schemas->len;
}

const LimSnapshotSchema *
lim_snapshot_get_schema (LimSnapshot *self,
                         guint        i)
{
  g_return_val_if_fail (i < self->schemas->len, NULL);
  return g_ptr_array_index (self->schemas, i);
}

const LimSnapshotSchema *
lim_snapshot_lookup_schema (LimSnapshot *self,
                            const char  *warehouse_name)
{
  return index_lookup (self->schema_by_wh, self->schemas, warehouse_name);
}

const LimSnapshotSchema *
lim_snapshot_lookup_schema_by_id (LimSnapshot *self,
                                  const char  *id)
{
  return index_lookup (self->schema_by_id, self->schemas, id);
}

/* ---------------------------------------------------------------- writing */

static guint
schema_position (LimSnapshot             *self,
                 const LimSnapshotSchema *schema)
{
  guint i = GPOINTER_TO_UINT (g_hash_table_lookup (self->schema_by_id, lim_snapshot_schema_get_id (schema)));
  if (i && g_ptr_array_index (self->schemas, i - 1) == schema)
    return i - 1;
  for (i = 0; i < self->schemas->len; i++)
    if (g_ptr_array_index (self->schemas, i) == schema)
      return i;
  g_return_val_if_reached (G_MAXUINT);
}

/* Copy on write: the record in *@slot when this snapshot holds its only
 * reference, else a @clone of it that takes its place. */
static gpointer
edit_shared (gpointer        *slot,
             gatomicrefcount *ref_count,
             gpointer (      *clone ) (gconstpointer src),
             GDestroyNotify   unref)
{
  gpointer shared = *slot;

  if (g_atomic_ref_count_compare (ref_count, 1))
    return shared;
  *slot = clone (shared);
  unref (shared);
  return *slot;
}

LimSnapshotSchema *
lim_snapshot_edit_schema (LimSnapshot             *self,
                          const LimSnapshotSchema *schema)
{
  guint pos = schema_position (self, schema);

  LimSnapshotSchema *s;

  if (pos == G_MAXUINT)
    return NULL;
  s = edit_shared (&g_ptr_array_index (self->schemas, pos), (gatomicrefcount *) &schema->ref_count,
                   schema_clone, schema_unref);
  /* Writers change the fields' JSON: none stays packed. */
  for (guint i = 0; i < s->fields->len; i++)
    field_unpack (g_ptr_array_index (s->fields, i));
  return s;
}

LimSnapshotDropdown *
lim_snapshot_edit_dropdown (LimSnapshot               *self,
                            const LimSnapshotDropdown *dropdown)
{
  for (guint i = 0; i < self->dropdowns->len; i++)
    if (g_ptr_array_index (self->dropdowns, i) == dropdown)
      return edit_shared (&g_ptr_array_index (self->dropdowns, i), (gatomicrefcount *) &dropdown->ref_count,
                          dropdown_clone, dropdown_unref);
  g_return_val_if_reached (NULL);
}

/* Entity links embed the target tag schema; when a schema's sqlIdentifier
 * changes, Benchling renders the new one on the next read. */
static void
refresh_links_to (LimSnapshot *self,
                  const char  *schema_id,
                  const char  *new_wh)
{
  for (guint i = 0; i < self->schemas->len; i++)
    {
      const LimSnapshotSchema *s = g_ptr_array_index (self->schemas, i);
      gboolean hit = FALSE;

      for (guint k = 0; k < s->fields->len && !hit; k++)
        {
          const LimSnapshotField *f = g_ptr_array_index (s->fields, k);
          JsonObject *ts = lim_json_get_object (_lim_snapshot_field_object (f, LIM_FK_REQUIRED_LINK), "tagSchema");
          hit = ts && g_strcmp0 (lim_json_get_string (ts, "id"), schema_id) == 0 &&
                g_strcmp0 (lim_json_get_string (ts, "sqlIdentifier"), new_wh) != 0;
        }
      if (!hit)
        continue;
      {
        LimSnapshotSchema *w = lim_snapshot_edit_schema (self, s);
        for (guint k = 0; k < w->fields->len; k++)
          {
            LimSnapshotField *f = g_ptr_array_index (w->fields, k);
            JsonObject *ts = lim_json_get_object (lim_json_get_object (f->json, "requiredLink"), "tagSchema");
            if (ts && g_strcmp0 (lim_json_get_string (ts, "id"), schema_id) == 0)
              {
                json_object_set_string_member (ts, "sqlIdentifier", new_wh);
                _lim_snapshot_derive_field (self, w, f, NULL);
              }
          }
      }
    }
}

void
lim_snapshot_schema_changed (LimSnapshot       *self,
                             LimSnapshotSchema *schema)
{
  g_autofree char *old_wh = g_strdup (lim_props_get_str (schema->props, LIM_SCHEMA_WAREHOUSE_NAME));
  g_autoptr(GError) error = NULL;
  guint pos = GPOINTER_TO_UINT (g_hash_table_lookup (self->schema_by_id, lim_snapshot_schema_get_id (schema)));

  if (!_lim_snapshot_derive_schema (self, schema, &error))
    g_warning ("lim_snapshot_schema_changed: %s", error->message);
  /* Rebuild the indexes only when a key changed (or the schema is new). */
  if (pos == 0 || g_ptr_array_index (self->schemas, pos - 1) != schema ||
      g_strcmp0 (old_wh, lim_snapshot_schema_get_warehouse_name (schema)) != 0)
    reindex_schemas (self);
  if (old_wh && g_strcmp0 (old_wh, lim_snapshot_schema_get_warehouse_name (schema)) != 0)
    refresh_links_to (self, lim_snapshot_schema_get_id (schema), lim_snapshot_schema_get_warehouse_name (schema));
}

void
lim_snapshot_dropdowns_changed (LimSnapshot *self)
{
  reindex_dropdowns (self);
  /* Field dropdown_link is the selector's current name. */
  for (guint i = 0; i < self->schemas->len; i++)
    {
      const LimSnapshotSchema *s = g_ptr_array_index (self->schemas, i);
      gboolean stale = FALSE;

      for (guint k = 0; k < s->fields->len && !stale; k++)
        {
          const LimSnapshotField *f = g_ptr_array_index (s->fields, k);
          const char *sel = _lim_snapshot_field_str (f, LIM_FK_SCHEMA_FIELD_SELECTOR_ID);
          const LimSnapshotDropdown *d = sel ? lim_snapshot_lookup_dropdown_by_id (self, sel) : NULL;
          stale = g_strcmp0 (d ? d->name : NULL, lim_props_get_str (f->props, LIM_FIELD_DROPDOWN_LINK)) != 0;
        }
      if (stale)
        {
          LimSnapshotSchema *w = lim_snapshot_edit_schema (self, s);
          for (guint k = 0; k < w->fields->len; k++)
            _lim_snapshot_derive_field (self, w, g_ptr_array_index (w->fields, k), NULL);
        }
    }
}

LimSnapshotDropdown *
lim_snapshot_add_dropdown (LimSnapshot *self,
                           const char  *id,
                           const char  *name)
{
  LimSnapshotDropdown *d = dropdown_new (id, name);
  g_ptr_array_add (self->dropdowns, d);
  reindex_dropdowns (self);
  return d;
}

char *
lim_snapshot_mint_id (LimSnapshot *self,
                      const char  *prefix)
{
  return g_strdup_printf ("%s_provisional_%u", prefix, ++self->minted);
}

gboolean
lim_snapshot_has_provisional (LimSnapshot *self)
{
  for (guint i = 0; i < self->dropdowns->len; i++)
    {
      const LimSnapshotDropdown *d = g_ptr_array_index (self->dropdowns, i);
      if (d->provisional)
        return TRUE;
      for (guint k = 0; k < d->options->len; k++)
        if (((const LimSnapshotOption *) g_ptr_array_index (d->options, k))->provisional)
          return TRUE;
    }
  for (guint i = 0; i < self->schemas->len; i++)
    {
      const LimSnapshotSchema *s = g_ptr_array_index (self->schemas, i);
      if (s->provisional)
        return TRUE;
      for (guint k = 0; k < s->fields->len; k++)
        if (((const LimSnapshotField *) g_ptr_array_index (s->fields, k))->provisional)
          return TRUE;
    }
  return FALSE;
}

/* ---------------------------------------------------------------- summary */

JsonNode *
lim_snapshot_to_json (LimSnapshot *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GList) unit_names = g_list_sort (g_hash_table_get_keys (self->unit_by_name), (GCompareFunc) strcmp);
  const LimSnapshotSchema *marker;
  const LimSnapshotField *field;
  guint n_fields = 0;
  const char *rev;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "registryId");
  json_builder_add_string_value (b, self->registry_id);
  json_builder_set_member_name (b, "units");
  json_builder_begin_object (b);
  for (GList *l = unit_names; l; l = l->next)
    {
      json_builder_set_member_name (b, l->data);
      json_builder_add_string_value (b, g_hash_table_lookup (self->unit_by_name, l->data));
    }
  json_builder_end_object (b);

  json_builder_set_member_name (b, "dropdowns");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->dropdowns->len; i++)
    {
      const LimSnapshotDropdown *d = g_ptr_array_index (self->dropdowns, i);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, d->id);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, d->name);
      json_builder_set_member_name (b, "archived");
      json_builder_add_boolean_value (b, d->archived);
      json_builder_set_member_name (b, "options");
      json_builder_begin_array (b);
      for (guint k = 0; k < d->options->len; k++)
        {
          const LimSnapshotOption *o = g_ptr_array_index (d->options, k);
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_string_value (b, o->id);
          json_builder_set_member_name (b, "name");
          json_builder_add_string_value (b, o->name);
          json_builder_set_member_name (b, "archived");
          json_builder_add_boolean_value (b, o->archived);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "schemas");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->schemas->len; i++)
    {
      const LimSnapshotSchema *s = g_ptr_array_index (self->schemas, i);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, lim_snapshot_schema_get_id (s));
      json_builder_set_member_name (b, "registryId");
      json_builder_add_string_value (b, lim_snapshot_schema_get_registry_id (s));
      json_builder_set_member_name (b, "archived");
      json_builder_add_boolean_value (b, lim_snapshot_schema_is_archived (s));
      json_builder_set_member_name (b, "props");
      json_builder_add_value (b, lim_props_to_json (s->props));
      json_builder_set_member_name (b, "nameTemplate");
      json_builder_add_value (b, lim_name_template_to_json (s->name_template));
      json_builder_set_member_name (b, "fields");
      json_builder_begin_array (b);
      for (guint k = 0; k < s->fields->len; k++)
        {
          const LimSnapshotField *f = g_ptr_array_index (s->fields, k);
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "apiId");
          json_builder_add_string_value (b, lim_snapshot_field_get_api_id (f));
          json_builder_set_member_name (b, "id");
          if (lim_snapshot_field_get_internal_id (f) >= 0)
            json_builder_add_int_value (b, lim_snapshot_field_get_internal_id (f));
          else
            json_builder_add_null_value (b);
          json_builder_set_member_name (b, "archived");
          json_builder_add_boolean_value (b, lim_snapshot_field_is_archived (f));
          json_builder_set_member_name (b, "props");
          json_builder_add_value (b, lim_props_to_json (f->props));
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  /* What lim_marker_get_revision_id() reads, without its messages. */
  json_builder_set_member_name (b, "remoteRevisionId");
  marker = lim_snapshot_lookup_schema (self, LIM_SNAPSHOT_REMOTE_SCHEMA);
  field = marker ? lim_snapshot_schema_lookup_active_field (marker, LIM_SNAPSHOT_REMOTE_FIELD, &n_fields) : NULL;
  rev = n_fields == 1 ? lim_snapshot_field_get_name (field) : NULL;
  if (rev)
    json_builder_add_string_value (b, rev);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
