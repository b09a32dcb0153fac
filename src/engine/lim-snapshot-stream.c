/* lim-snapshot-stream.c — a streaming JSON reader (yajl 2) that builds
 * json-glib objects straight from the tokens (see the header).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <yajl/yajl_parse.h>

#include "lim-snapshot-private.h"
#include "lim-snapshot-stream.h"

typedef struct
{
  JsonNode *node;   /* the open object or array (owned by its parent, or by self->root) */
  GString  *key;    /* an object's pending member name; reused between members */
} Frame;

struct _LimJsonStream
{
  char       *what;
  yajl_handle handle;
  GArray     *frames;   /* element-type Frame; frames[0..depth) are open */
  guint       depth;
  JsonNode   *root;
  GString    *scratch;
  guint64     offset;   /* bytes fed before the current chunk */
  gboolean    too_deep;
  char       *list_key;     /* lim_json_stream_skip_element_member() */
  char       *skip_member;
  gboolean    skipping;     /* the value being read is not built */
  guint       skip_nest;    /* open containers inside it */
  char       *pack_member;  /* lim_json_stream_set_tag_schemas(): "allFields" */
  gboolean    packing;      /* in an element of it: written to pack */
  guint       pack_nest;    /* open containers inside the element's members */
  GString    *pack;
  guint8      pack_kind[LIM_JSON_STREAM_MAX_DEPTH];  /* '{' or '[' */
  guint8      pack_first[LIM_JSON_STREAM_MAX_DEPTH]; /* nothing written in it yet */
  GError     *error;    /* sticky: the first failure */
};

/* ---------------------------------------------------------------- tree building */

static void
add_node (LimJsonStream *self,
          JsonNode      *node)
{
  Frame *frame;

  if (self->depth == 0)
    {
      /* yajl refuses a second top-level value; be safe anyway. */
      g_clear_pointer (&self->root, json_node_unref);
      self->root = node;
      return;
    }
  frame = &g_array_index (self->frames, Frame, self->depth - 1);
  if (JSON_NODE_HOLDS_OBJECT (frame->node))
    json_object_set_member (json_node_get_object (frame->node), frame->key->str, node);
  else
    json_array_add_element (json_node_get_array (frame->node), node);
}

/* In a skipped value: a scalar or a whole container is dropped. */
static gboolean
skip_scalar (LimJsonStream *self)
{
  if (!self->skipping)
    return FALSE;
  if (self->skip_nest == 0)
    self->skipping = FALSE;
  return TRUE;
}

static gboolean
skip_start (LimJsonStream *self)
{
  if (!self->skipping)
    return FALSE;
  self->skip_nest++;
  return TRUE;
}

static gboolean
skip_end (LimJsonStream *self)
{
  if (!self->skipping)
    return FALSE;
  if (--self->skip_nest == 0)
    self->skipping = FALSE;
  return TRUE;
}

static gboolean
frame_is (LimJsonStream *self,
          guint          i,
          JsonNodeType   type)
{
  return JSON_NODE_TYPE (g_array_index (self->frames, Frame, i).node) == type;
}

/* Is the open object an element of the root's list (the root array, or
 * the array in the root object's list_key member)? */
static gboolean
in_list_element_at (LimJsonStream *self,
                    guint          depth)
{
  if (depth == 2)
    return frame_is (self, 0, JSON_NODE_ARRAY) && frame_is (self, 1, JSON_NODE_OBJECT);
  if (depth == 3)
    return frame_is (self, 0, JSON_NODE_OBJECT) && frame_is (self, 1, JSON_NODE_ARRAY) &&
           frame_is (self, 2, JSON_NODE_OBJECT) &&
           strcmp (g_array_index (self->frames, Frame, 0).key->str, self->list_key) == 0;
  return FALSE;
}

static gboolean
in_list_element (LimJsonStream *self)
{
  return in_list_element_at (self, self->depth);
}

/* Is the open container the pack_member array of an element of the root's
 * list (a tag schema's "allFields")? */
static gboolean
in_pack_array (LimJsonStream *self)
{
  return self->pack_member && self->depth >= 3 && frame_is (self, self->depth - 1, JSON_NODE_ARRAY) &&
         frame_is (self, self->depth - 2, JSON_NODE_OBJECT) &&
         strcmp (g_array_index (self->frames, Frame, self->depth - 2).key->str, self->pack_member) == 0 &&
         in_list_element_at (self, self->depth - 1);
}

/* ---------------------------------------------------------------- packing (lim-snapshot-private.h) */

/* TEXT: bytes 0x01–0x1f escaped; a NUL ends the string (as json-glib keeps it). */
static void
pack_text (GString    *out,
           const char *text,
           gsize       len)
{
  const char *end = text + len;
  const char *run = text;

  for (const char *p = text; p < end; p++)
    {
      unsigned char c = (unsigned char) *p;
      if (c >= 0x20)
        continue;
      g_string_append_len (out, run, p - run);
      if (c == 0)
        {
          run = end;
          break;
        }
      g_string_append_c (out, 0x03);
      g_string_append_c (out, (char) (c + 0x40));
      run = p + 1;
    }
  g_string_append_len (out, run, end - run);
  g_string_append_c (out, 0x01);
}

/* A JSON string literal (for a member's nested value). */
static void
pack_json_string (GString    *out,
                  const char *text,
                  gsize       len)
{
  g_string_append_c (out, '"');
  for (gsize i = 0; i < len && text[i]; i++)
    {
      unsigned char c = (unsigned char) text[i];
      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
        }
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

/* Before a value: at a member's top, its type byte @type; inside a nested
 * array, a comma after the first element. */
static void
pack_value (LimJsonStream *self,
            char           type)
{
  guint n = self->pack_nest;

  if (n == 0)
    g_string_append_c (self->pack, type);
  else if (self->pack_kind[n - 1] == '[')
    {
      if (!self->pack_first[n - 1])
        g_string_append_c (self->pack, ',');
      self->pack_first[n - 1] = FALSE;
    }
}

static void
pack_scalar (LimJsonStream *self,
             char           type,
             const char    *text,
             gsize          len)
{
  pack_value (self, type);
  if (self->pack_nest > 0)
    {
      if (type == 's')
        pack_json_string (self->pack, text, len);
      else
        g_string_append_len (self->pack, text, len);
    }
  else if (type != 'n' && type != 't' && type != 'f')
    pack_text (self->pack, text, len);
}

static void
pack_start (LimJsonStream *self,
            char           kind)
{
  pack_value (self, 'j');
  g_string_append_c (self->pack, kind);
  self->pack_kind[self->pack_nest] = (guint8) kind;
  self->pack_first[self->pack_nest] = TRUE;
  self->pack_nest++;
}

static void
pack_key (LimJsonStream *self,
          const char    *text,
          gsize          len)
{
  guint n = self->pack_nest;

  len = strnlen (text, len);
  if (n == 0)
    {
      int code = _lim_snapshot_field_key_code (text, len);
      if (code >= 0)
        g_string_append_c (self->pack, (char) (0x04 + code));
      else
        {
          g_string_append_c (self->pack, 0x02);
          pack_text (self->pack, text, len);
        }
      return;
    }
  if (!self->pack_first[n - 1])
    g_string_append_c (self->pack, ',');
  self->pack_first[n - 1] = FALSE;
  pack_json_string (self->pack, text, len);
  g_string_append_c (self->pack, ':');
}

/* The end of a container in the element: a nested one, or the element. */
static void
pack_end (LimJsonStream *self)
{
  if (self->pack_nest > 0)
    {
      self->pack_nest--;
      g_string_append_c (self->pack, self->pack_kind[self->pack_nest] == '{' ? '}' : ']');
      if (self->pack_nest == 0)
        g_string_append_c (self->pack, 0x01);
      return;
    }
  self->packing = FALSE;
  add_node (self, json_node_init_string (json_node_alloc (), self->pack->str));
}

static int
on_null (void *ctx)
{
  LimJsonStream *self = ctx;

  if (self->packing)
    {
      pack_scalar (self, 'n', "null", 4);
      return 1;
    }
  if (!skip_scalar (ctx))
    add_node (ctx, json_node_init_null (json_node_alloc ()));
  return 1;
}

static int
on_boolean (void *ctx,
            int   value)
{
  LimJsonStream *self = ctx;

  if (self->packing)
    {
      pack_scalar (self, value ? 't' : 'f', value ? "true" : "false", value ? 4 : 5);
      return 1;
    }
  if (skip_scalar (ctx))
    return 1;
  add_node (ctx, json_node_init_boolean (json_node_alloc (), value != 0));
  return 1;
}

/* As json-glib's scanner: a number without fraction or exponent is an
 * integer, anything else a double. */
static int
on_number (void       *ctx,
           const char *text,
           size_t      len)
{
  LimJsonStream *self = ctx;
  const char *s;
  gboolean integer = TRUE;

  if (!self->packing && skip_scalar (self))
    return 1;
  g_string_truncate (self->scratch, 0);
  g_string_append_len (self->scratch, text, (gssize) len);
  s = self->scratch->str;
  for (gsize i = 0; i < len; i++)
    if (s[i] == '.' || s[i] == 'e' || s[i] == 'E')
      {
        integer = FALSE;
        break;
      }
  if (self->packing)
    {
      if (integer && self->pack_nest > 0)
        {
          /* Clamped as below, whatever json-glib would make of the text. */
          char buf[32];
          g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, g_ascii_strtoll (s, NULL, 10));
          pack_scalar (self, 'i', buf, strlen (buf));
        }
      else
        pack_scalar (self, integer ? 'i' : 'd', s, len);
      return 1;
    }
  if (integer)
    add_node (self, json_node_init_int (json_node_alloc (), g_ascii_strtoll (s, NULL, 10)));
  else
    add_node (self, json_node_init_double (json_node_alloc (), g_ascii_strtod (s, NULL)));
  return 1;
}

static int
on_string (void                *ctx,
           const unsigned char *text,
           size_t               len)
{
  LimJsonStream *self = ctx;

  if (self->packing)
    {
      pack_scalar (self, 's', (const char *) text, len);
      return 1;
    }
  if (skip_scalar (self))
    return 1;
  g_string_truncate (self->scratch, 0);
  /* A string in "allFields" must not pass for a packed field. */
  if (len >= strlen (LIM_PACKED_FIELD_MAGIC) && memcmp (text, LIM_PACKED_FIELD_MAGIC,
                                                        strlen (LIM_PACKED_FIELD_MAGIC)) == 0 && in_pack_array (self))
    g_string_append_c (self->scratch, ' ');
  g_string_append_len (self->scratch, (const char *) text, (gssize) len);
  add_node (self, json_node_init_string (json_node_alloc (), self->scratch->str));
  return 1;
}

static Frame *
push (LimJsonStream *self,
      JsonNode      *node)
{
  Frame *frame;

  add_node (self, node);
  if (self->depth == self->frames->len)
    {
      Frame fresh = { NULL, g_string_new (NULL) };
      g_array_append_val (self->frames, fresh);
    }
  frame = &g_array_index (self->frames, Frame, self->depth++);
  frame->node = node;
  return frame;
}

static int
on_start_map (void *ctx)
{
  LimJsonStream *self = ctx;
  JsonObject *obj;

  if (self->depth + self->skip_nest + self->pack_nest >= LIM_JSON_STREAM_MAX_DEPTH)
    {
      self->too_deep = TRUE;
      return 0;
    }
  if (self->packing)
    {
      pack_start (self, '{');
      return 1;
    }
  if (skip_start (self))
    return 1;
  if (in_pack_array (self))
    {
      self->packing = TRUE;
      self->pack_nest = 0;
      g_string_assign (self->pack, LIM_PACKED_FIELD_MAGIC);
      return 1;
    }
  obj = json_object_new ();
  push (self, json_node_init_object (json_node_alloc (), obj));
  json_object_unref (obj);
  return 1;
}

static int
on_map_key (void                *ctx,
            const unsigned char *text,
            size_t               len)
{
  LimJsonStream *self = ctx;
  Frame *frame;

  if (self->packing)
    {
      pack_key (self, (const char *) text, len);
      return 1;
    }
  if (self->skipping)
    return 1;
  frame = &g_array_index (self->frames, Frame, self->depth - 1);
  g_string_truncate (frame->key, 0);
  g_string_append_len (frame->key, (const char *) text, (gssize) len);
  if (self->skip_member && strcmp (frame->key->str, self->skip_member) == 0 && in_list_element (self))
    {
      self->skipping = TRUE;
      self->skip_nest = 0;
    }
  return 1;
}

static int
on_end (void *ctx)
{
  LimJsonStream *self = ctx;

  if (self->packing)
    pack_end (self);
  else if (!skip_end (self))
    self->depth--;
  return 1;
}

static int
on_start_array (void *ctx)
{
  LimJsonStream *self = ctx;
  JsonArray *arr;

  if (self->depth + self->skip_nest + self->pack_nest >= LIM_JSON_STREAM_MAX_DEPTH)
    {
      self->too_deep = TRUE;
      return 0;
    }
  if (self->packing)
    {
      pack_start (self, '[');
      return 1;
    }
  if (skip_start (self))
    return 1;
  arr = json_array_new ();
  push (self, json_node_init_array (json_node_alloc (), arr));
  json_array_unref (arr);
  return 1;
}

static const yajl_callbacks callbacks = {
  .yajl_null = on_null,
  .yajl_boolean = on_boolean,
  .yajl_number = on_number,
  .yajl_string = on_string,
  .yajl_start_map = on_start_map,
  .yajl_map_key = on_map_key,
  .yajl_end_map = on_end,
  .yajl_start_array = on_start_array,
  .yajl_end_array = on_end,
};

/* ---------------------------------------------------------------- public */

LimJsonStream *
lim_json_stream_new (const char *what)
{
  LimJsonStream *self = g_new0 (LimJsonStream, 1);

  self->what = g_strdup (what ? what : "JSON document");
  self->handle = yajl_alloc (&callbacks, NULL, self);
  self->frames = g_array_new (FALSE, FALSE, sizeof (Frame));
  self->scratch = g_string_new (NULL);
  self->pack = g_string_new (NULL);
  return self;
}

void
lim_json_stream_free (LimJsonStream *self)
{
  if (self == NULL)
    return;
  yajl_free (self->handle);
  for (guint i = 0; i < self->frames->len; i++)
    g_string_free (g_array_index (self->frames, Frame, i).key, TRUE);
  g_array_unref (self->frames);
  g_clear_pointer (&self->root, json_node_unref);
  g_string_free (self->scratch, TRUE);
  g_clear_error (&self->error);
  g_free (self->what);
  g_free (self->list_key);
  g_free (self->skip_member);
  g_free (self->pack_member);
  g_string_free (self->pack, TRUE);
  g_free (self);
}

void
lim_json_stream_skip_element_member (LimJsonStream *self,
                                     const char    *list_key,
                                     const char    *member)
{
  g_free (self->list_key);
  g_free (self->skip_member);
  self->list_key = g_strdup (list_key);
  self->skip_member = g_strdup (member);
}

void
lim_json_stream_set_tag_schemas (LimJsonStream *self)
{
  lim_json_stream_skip_element_member (self, "data", "fields");
  g_free (self->pack_member);
  self->pack_member = g_strdup ("allFields");
}

guint64
lim_json_stream_get_offset (LimJsonStream *self)
{
  return self->offset;
}

/* The parse failed at byte @at: keep why, drop the partial tree. */
static void
fail (LimJsonStream       *self,
      guint64              at,
      const unsigned char *data,
      gsize                len)
{
  g_autofree char *reason = NULL;

  if (self->too_deep)
    reason = g_strdup_printf ("nested deeper than %d levels", LIM_JSON_STREAM_MAX_DEPTH);
  else
    {
      unsigned char *msg = yajl_get_error (self->handle, 0, data, len);
      const char *text = (const char *) msg;
      if (g_str_has_prefix (text, "parse error: "))
        text += strlen ("parse error: ");
      reason = g_strstrip (g_strdup (text));
      yajl_free_error (self->handle, msg);
    }
  self->error = g_error_new (LIM_SNAPSHOT_ERROR, LIM_SNAPSHOT_ERROR_INVALID,
                             "%s: malformed JSON at byte %" G_GUINT64_FORMAT ": %s", self->what, at, reason);
  g_clear_pointer (&self->root, json_node_unref);
  self->depth = 0;
  self->packing = FALSE;
}

gboolean
lim_json_stream_feed (LimJsonStream *self,
                      const char    *data,
                      gsize          len,
                      GError       **error)
{
  if (self->error == NULL && len > 0)
    {
      yajl_status status = yajl_parse (self->handle, (const unsigned char *) data, len);
      if (status != yajl_status_ok)
        fail (self, self->offset + yajl_get_bytes_consumed (self->handle), (const unsigned char *) data, len);
      self->offset += len;
    }
  if (self->error)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return FALSE;
    }
  return TRUE;
}

JsonNode *
lim_json_stream_finish (LimJsonStream *self,
                        GError       **error)
{
  if (self->error == NULL)
    {
      yajl_status status = yajl_complete_parse (self->handle);
      if (status != yajl_status_ok)
        fail (self, self->offset, NULL, 0);
      else if (self->root == NULL)
        self->error = g_error_new (LIM_SNAPSHOT_ERROR, LIM_SNAPSHOT_ERROR_INVALID, "%s: empty JSON document",
                                   self->what);
    }
  if (self->error)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return NULL;
    }
  return g_steal_pointer (&self->root);
}

JsonNode *
lim_json_stream_parse (const char *data,
                       gsize       len,
                       const char *what,
                       GError    **error)
{
  g_autoptr(LimJsonStream) stream = lim_json_stream_new (what);

  if (!lim_json_stream_feed (stream, data, len, error))
    return NULL;
  return lim_json_stream_finish (stream, error);
}

JsonNode *
_lim_json_stream_parse_packed (const char *text)
{
  g_autoptr(LimJsonStream) stream = lim_json_stream_new ("packed field");

  /* The reader's own output: bytes a lone surrogate escape left (not
   * UTF-8) come back as they were. */
  yajl_config (stream->handle, yajl_dont_validate_strings, 1);
  if (!lim_json_stream_feed (stream, text, strlen (text), NULL))
    return NULL;
  return lim_json_stream_finish (stream, NULL);
}

JsonNode *
lim_json_stream_parse_tag_schemas (const char *data,
                                   gsize       len,
                                   const char *what,
                                   GError    **error)
{
  g_autoptr(LimJsonStream) stream = lim_json_stream_new (what);

  lim_json_stream_set_tag_schemas (stream);

  if (!lim_json_stream_feed (stream, data, len, error))
    return NULL;
  return lim_json_stream_finish (stream, error);
}
