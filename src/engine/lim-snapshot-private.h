/* lim-snapshot-private.h — what lim-snapshot.c and lim-snapshot-convert.c
 * share: the conversion of a schema's and a field's JSON to Liminal's
 * properties (§6.7, in lim-snapshot-convert.c), which construction and the
 * writes in lim-snapshot.c run, and the JSON helper both use.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "lim-snapshot.h"

G_BEGIN_DECLS

/* ---------------------------------------------------------------- packed fields
 *
 * A big tenant has tens of thousands of fields of ~27 keys each: as json-glib
 * objects they cost ~4 kB each.  The streaming reader (lim-snapshot-stream.c)
 * writes each element of a tag schema's "allFields" as one *packed field*
 * string node instead of an object, and lim_snapshot_add_schema_json() keeps
 * it as a LimFieldStore (~0.5 kB): the field's members, in order, read
 * without a JsonObject.  lim_snapshot_field_get_json() rebuilds the object
 * (the one json-glib's parser would have built) when some code needs it.
 *
 * Packed text (never contains a byte below 0x04 except as markers, so it is
 * a valid C string and valid UTF-8 when its strings are):
 *   LIM_PACKED_FIELD_MAGIC, then per member: KEY TYPE [VALUE 0x01]
 *   KEY   = one byte 0x04 + i for _lim_snapshot_field_keys[i], or
 *           0x02 TEXT 0x01 for any other name
 *   TYPE  = 'n' null, 't' true, 'f' false (no value), or
 *           'i' integer, 'd' other number (decimal text), 's' string,
 *           'j' an object or array (its JSON text), each followed by TEXT 0x01
 *   TEXT  = the bytes, each byte 0x01–0x1f written as 0x03, byte + 0x40
 * A genuine string element of "allFields" that starts with the magic is
 * changed by the reader (a space put before it), so none can pass for one. */
#define LIM_PACKED_FIELD_MAGIC "\x01LPF1"

/* The TagField keys a packed field names with one byte (Liminal's
 * TagField order, lim_snapshot_field_dump()); 28 of them. */
typedef enum {
  LIM_FK_ID, LIM_FK_FIELD_TYPE, LIM_FK_NAME, LIM_FK_API_ID, LIM_FK_ARCHIVE_RECORD, LIM_FK_DB_ID,
  LIM_FK_DECIMAL_PRECISION, LIM_FK_DESCRIPTION, LIM_FK_DISPLAY_NAME, LIM_FK_IS_COMPUTED,
  LIM_FK_IS_CONVERTED_FROM_LINK, LIM_FK_IS_INTEGRATION, LIM_FK_IS_MULTI, LIM_FK_IS_PARENT_LINK,
  LIM_FK_IS_REQUIRED, LIM_FK_IS_SINGLE_LINK, LIM_FK_IS_SNAPSHOT, LIM_FK_IS_UNEDITABLE,
  LIM_FK_LEGAL_TEXT_SELECTOR_ID, LIM_FK_NUMERIC_MAX, LIM_FK_NUMERIC_MIN, LIM_FK_REQUIRED_LINK,
  LIM_FK_SCHEMA_FIELD_SELECTOR_ID, LIM_FK_STRICT_SELECTOR, LIM_FK_SYSTEM_NAME, LIM_FK_TOOLTIP_TEXT,
  LIM_FK_UNIT_API_IDENTIFIER, LIM_FK_UNIT_SYMBOL,
  LIM_FK_N
} LimFieldKey;

extern const char *const _lim_snapshot_field_keys[LIM_FK_N];

/* The LimFieldKey of @key (@len bytes), or -1. */
int         _lim_snapshot_field_key_code (const char *key,
                                          gsize       len);

/* A member's nested value as the reader wrote it (its own JSON text,
 * strings not checked for UTF-8 again): the tree the reader built for it. */
JsonNode      *_lim_json_stream_parse_packed (const char *text);

/* A field's members, read from a packed field (NULL when malformed). */
typedef struct _LimFieldStore LimFieldStore;
LimFieldStore *_lim_field_store_unpack (const char    *packed);
void           _lim_field_store_free   (LimFieldStore *store);

/* A field's member, from its JSON when it has one, else from its store.
 * String: NULL unless a string.  Int: as _lim_snapshot_get_int().  Tri:
 * LIM_TRI_NONE unless a boolean.  Object: NULL unless an object (borrowed).
 * Null: TRUE when missing or null. */
const char *_lim_snapshot_field_str     (const LimSnapshotField *field,
                                         LimFieldKey             key);
gboolean    _lim_snapshot_field_int     (const LimSnapshotField *field,
                                         LimFieldKey             key,
                                         gint64                 *out);
LimTri      _lim_snapshot_field_tri     (const LimSnapshotField *field,
                                         LimFieldKey             key);
JsonObject *_lim_snapshot_field_object  (const LimSnapshotField *field,
                                         LimFieldKey             key);
gboolean    _lim_snapshot_field_is_null (const LimSnapshotField *field,
                                         LimFieldKey             key);
/* The field's JSON (transfer full): its object, or one built from its store
 * (not kept). */
JsonObject *_lim_snapshot_field_json_ref (const LimSnapshotField *field);

/* Integer member (an integer or a double, truncated) in *@out; FALSE when
 * @obj is NULL or the member is missing, null or not a number. */
gboolean _lim_snapshot_get_int       (JsonObject              *obj,
                                      const char              *key,
                                      gint64                  *out);

/* Re-derives @field->props from @field->json (§6.7).  @schema names the
 * field in errors; @self resolves dropdown and unit ids to names. */
gboolean _lim_snapshot_derive_field  (LimSnapshot             *self,
                                      const LimSnapshotSchema *schema,
                                      LimSnapshotField        *field,
                                      GError                 **error);

/* Re-derives every field's props, then @schema->props and
 * @schema->name_template from @schema->json (§6.7).  On error the schema's
 * props and name template are left as they were (fields derived before the
 * failing one are already updated). */
gboolean _lim_snapshot_derive_schema (LimSnapshot             *self,
                                      LimSnapshotSchema       *schema,
                                      GError                 **error);

G_END_DECLS
