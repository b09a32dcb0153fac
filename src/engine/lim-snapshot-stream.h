/* lim-snapshot-stream.h — the big responses of a tenant read as they
 * arrive: a streaming JSON reader (yajl) that builds the objects the
 * snapshot keeps directly from the tokens, chunk by chunk, without
 * json-glib's parser or a second copy of the text.
 *
 * The tree it builds is the one json_parser_load_from_data() builds for the
 * same text (same members in the same order, integers as gint64, other
 * numbers as double, strings unescaped, a repeated member keeping its last
 * value; in tag-schema mode each field packed, see below), so
 * lim_snapshot_new_from_json_full() given either yields the same snapshot (tests/test-snapshot-stream.c checks it).  One deliberate
 * difference: an integer outside gint64 is clamped to its bounds, where
 * json-glib 1.6 wraps it around (99999999999999999999 reads as -1).
 * json-glib stays for small documents.
 *
 * Malformed input fails with LIM_SNAPSHOT_ERROR_INVALID naming the document
 * (@what, e.g. "Benchling tenant dev, GET /1/api/tag-schemas/") and the byte
 * offset; nothing of the partial tree is kept.  Nesting deeper than
 * LIM_JSON_STREAM_MAX_DEPTH is refused the same way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LIM_JSON_STREAM_MAX_DEPTH 512

typedef struct _LimJsonStream LimJsonStream;

LimJsonStream *lim_json_stream_new    (const char    *what);
/* Parse the next @len bytes.  FALSE (and @error set) at the first
 * malformed byte; later calls fail the same way. */
gboolean       lim_json_stream_feed   (LimJsonStream *self,
                                       const char    *data,
                                       gsize          len,
                                       GError       **error);
/* The end of the text: the root node (transfer full), or NULL with @error
 * when the text was malformed, incomplete or empty. */
JsonNode      *lim_json_stream_finish (LimJsonStream *self,
                                       GError       **error);
/* The members called @member of the objects in the root's list (the
 * root array, or the array in the root object's @list_key member) are
 * read but not built.  lim_snapshot_new_from_json_full() drops a tag
 * schema's "fields" (the active ones, repeated from "allFields"): not
 * building them halves the tree. */
void           lim_json_stream_skip_element_member (LimJsonStream *self,
                                                    const char    *list_key,
                                                    const char    *member);
/* GET /1/api/tag-schemas/: each schema's "fields" skipped as above, and
 * each element of its "allFields" kept as one packed-field string (a
 * few hundred bytes instead of a json-glib object of ~27 members, see
 * lim-snapshot-private.h) that lim_snapshot_new_from_json_full() keeps
 * as it is; lim_snapshot_field_get_json() gives the object back. */
void           lim_json_stream_set_tag_schemas (LimJsonStream *self);
/* Bytes fed so far. */
guint64        lim_json_stream_get_offset (LimJsonStream *self);
void           lim_json_stream_free   (LimJsonStream *self);

/* The whole text at once. */
JsonNode      *lim_json_stream_parse  (const char    *data,
                                       gsize          len,
                                       const char    *what,
                                       GError       **error);

/* GET /1/api/tag-schemas/ ({"data":[TagSchema…]} or the bare array),
 * read as lim_json_stream_set_tag_schemas() says: what
 * lim_snapshot_new_from_json_full() makes of it is the same. */
JsonNode      *lim_json_stream_parse_tag_schemas (const char *data,
                                                  gsize       len,
                                                  const char *what,
                                                  GError    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimJsonStream, lim_json_stream_free)

G_END_DECLS
