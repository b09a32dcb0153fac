/* lim-snapshot.h — a snapshot of a Benchling tenant as the migration engine
 * sees it: units, dropdowns (schema-field selectors) and entity schemas (tag
 * schemas), built from the internal-API JSON (§7.3–7.4) and converted to
 * Liminal's properties (§6.7).
 *
 * Ownership and copying
 * ---------------------
 * LimSnapshot is reference counted.  lim_snapshot_copy() is cheap: schemas and
 * dropdowns are themselves reference counted and shared between copies;
 * they are cloned on first write (copy-on-write, see lim_snapshot_edit_schema()
 * and lim_snapshot_edit_dropdown()).  Copying a 1,000-schema model costs about
 * 2,000 pointer copies plus rebuilding the name/id indexes (a few ms); a
 * write clones only the schema or dropdown it touches.
 *
 * Threads: reference counts are atomic, so a model and its copies may be
 * used from different threads; one model must not be used from two threads
 * at once.
 *
 * The structs below are exposed read-only.  Only lim-snapshot.c,
 * lim-snapshot-convert.c and lim-apply*.c write them, through the
 * lim_snapshot_edit_*() / lim_snapshot_*_changed() calls, which keep the
 * copy-on-write and the indexes correct.
 *
 * Source of truth
 * ---------------
 * A schema's and a field's JSON is the source of truth (a field read from a
 * big answer keeps it packed until someone asks, see LimSnapshotField): writes change the
 * JSON (as Benchling would after the write) and then re-derive the Liminal
 * properties with lim_snapshot_schema_changed().  The JSON keeps every key
 * Benchling returned, so requests can send back every key Liminal knows.
 *
 * Lookups
 * -------
 * As in Liminal, entity schemas are looked up by warehouse name
 * (`sqlIdentifier`) among the schemas of the tenant's registry (first
 * match), dropdowns by name (last match, as get_benchling_dropdown_by_name;
 * lim_snapshot_lookup_dropdown_first() gives the first, as the summary lookup).
 * Uniqueness checks (name, prefix) run against every schema, whatever its
 * registry, as Liminal's do.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "lim-props.h"

G_BEGIN_DECLS

#define LIM_SNAPSHOT_ERROR (lim_snapshot_error_quark ())
GQuark lim_snapshot_error_quark (void);

typedef enum {
  LIM_SNAPSHOT_ERROR_INVALID,     /* malformed or unexpected JSON */
  LIM_SNAPSHOT_ERROR_REGISTRY,    /* zero or several registries */
  LIM_SNAPSHOT_ERROR_REMOTE,      /* the marker: liminal_remote missing or malformed (§3, lim-marker.h) */
} LimSnapshotError;

/* Where the revision marker lives (lim-marker.h). */
#define LIM_SNAPSHOT_REMOTE_SCHEMA  "liminal_remote"
#define LIM_SNAPSHOT_REMOTE_FIELD   "revision_id"

typedef struct
{
  char     *id;           /* sfso_… */
  char     *name;
  gboolean  archived;
  char     *archive_purpose; /* archiveRecord.purpose, NULL when active */
  gboolean  provisional;  /* id minted locally, not yet known from Benchling */
} LimSnapshotOption;

typedef struct
{
  gatomicrefcount       ref_count;
  char      *id;          /* sfs_… */
  char      *name;
  gboolean   archived;
  char      *archive_purpose;
  GPtrArray *options;     /* element-type LimSnapshotOption*, in Benchling's order */
  gboolean   provisional;
} LimSnapshotDropdown;

typedef struct
{
  JsonObject *json;       /* TagField, as Benchling returns it; NULL for a
                           * field kept packed (read by the streaming reader
                           * and never written): read it with
                           * lim_snapshot_field_get_json() */
  LimProps   *props;      /* derived (§6.7): every key set, warehouse_name
                           * included; props->archived = archiveRecord set */
  gboolean    provisional;/* created locally: apiId and id are placeholders */
  gpointer    store;      /* private: the packed form (lim-snapshot-private.h) */
} LimSnapshotField;

typedef struct
{
  gatomicrefcount             ref_count;
  JsonObject      *json;          /* TagSchema without allFields/fields */
  GPtrArray       *fields;        /* element-type LimSnapshotField*, allFields order */
  LimProps        *props;         /* derived SchemaProperties (§6.7), every key set */
  LimNameTemplate *name_template; /* derived, parts and order set */
  gboolean         provisional;
} LimSnapshotSchema;

typedef struct _LimModel LimSnapshot;

/* ---------------------------------------------------------------- construction */

/* An empty tenant with one registry. */
LimSnapshot   *lim_snapshot_new            (const char *registry_id);

/* @registries: GET /api/v2/registries ({"registries":[{id,…}]}, exactly one)
 *   or a string node holding the registry id.
 * @tag_schemas: GET /1/api/tag-schemas/ ({"data":[TagSchema…]}) or the bare array.
 * @selectors: GET /1/api/schema-field-selectors/?registryId=R
 *   ({"selectorsByRegistryId":{R:[…]}}), the bare array, or NULL.
 * @units: GET /api/v2-alpha/unit-types ({"unitTypes":[{units:[{id,name}]}]}),
 *   a bare array of {id,name}, or NULL.
 * Errors (LIM_SNAPSHOT_ERROR_INVALID) name the schema, the field and the key. */
LimSnapshot   *lim_snapshot_new_from_json  (JsonNode  *registries,
                                      JsonNode  *tag_schemas,
                                      JsonNode  *selectors,
                                      JsonNode  *units,
                                      GError   **error);

typedef enum {
  LIM_SNAPSHOT_LOAD_STRICT       = 0,
  /* As Liminal's TagSchemaModel.get_all(): a tag schema that cannot be
   * converted is skipped (its message kept, see lim_snapshot_get_load_errors()).
   * It still counts for the name / warehouse name / prefix uniqueness checks,
   * and operations that look it up fail with its message. */
  LIM_SNAPSHOT_LOAD_SKIP_INVALID = 1 << 0,
  /* The caller gives the tag-schema JSON up: the model keeps (and may
   * change) its objects instead of copying them. */
  LIM_SNAPSHOT_LOAD_CONSUME      = 1 << 1,
} LimSnapshotLoadFlags;

LimSnapshot   *lim_snapshot_new_from_json_full (JsonNode          *registries,
                                          JsonNode          *tag_schemas,
                                          JsonNode          *selectors,
                                          JsonNode          *units,
                                          LimSnapshotLoadFlags  flags,
                                          GError           **error);
/* element-type utf8: "Schema W: …" for every skipped schema. */
GPtrArray  *lim_snapshot_get_load_errors        (LimSnapshot *self);
/* The message of the registry's skipped schema W, or NULL. */
const char *lim_snapshot_get_invalid_schema     (LimSnapshot *self, const char *warehouse_name);
/* Does any schema, of any registry, skipped ones included, have @key
 * ("name", "sqlIdentifier" or "prefix") equal to @value?  (The lists
 * Liminal's uniqueness checks use.) */
gboolean    lim_snapshot_any_schema_has         (LimSnapshot *self, const char *key, const char *value);

LimSnapshot   *lim_snapshot_ref            (LimSnapshot *self);
void        lim_snapshot_unref          (LimSnapshot *self);
/* A logically deep, physically shared copy (see above). */
LimSnapshot   *lim_snapshot_copy           (LimSnapshot *self);

/* Used in Liminal's "not found in Benchling T." messages; default "tenant". */
void        lim_snapshot_set_tenant_name (LimSnapshot *self, const char *tenant);
const char *lim_snapshot_get_tenant_name (LimSnapshot *self);
const char *lim_snapshot_get_registry_id (LimSnapshot *self);

/* Units (§6.10). */
void        lim_snapshot_add_unit       (LimSnapshot *self, const char *id, const char *name);
const char *lim_snapshot_unit_id        (LimSnapshot *self, const char *name);
const char *lim_snapshot_unit_name      (LimSnapshot *self, const char *id);

/* ---------------------------------------------------------------- dropdowns */

guint                   lim_snapshot_get_n_dropdowns        (LimSnapshot *self);
const LimSnapshotDropdown *lim_snapshot_get_dropdown           (LimSnapshot *self, guint i);
const LimSnapshotDropdown *lim_snapshot_lookup_dropdown        (LimSnapshot *self, const char *name); /* last match */
const LimSnapshotDropdown *lim_snapshot_lookup_dropdown_first  (LimSnapshot *self, const char *name);
const LimSnapshotDropdown *lim_snapshot_lookup_dropdown_by_id  (LimSnapshot *self, const char *id);
const LimSnapshotOption   *lim_snapshot_dropdown_find_option   (const LimSnapshotDropdown *dropdown, const char *name); /* first */

/* ---------------------------------------------------------------- result schemas
 *
 * Read only (Liminal generates their classes but never migrates them): kept
 * beside the entity schemas, never compared, never changed by an operation.
 * Read from GET /1/api/result-schemas ({"data":[ResultSchema…]} or the bare
 * array) only when asked (LIM_FETCH_RESULTS_SCHEMAS): each is a
 * LimSnapshotSchema whose json is the ResultSchema without its field lists,
 * whose props hold only name and warehouse_name (sqlIdentifier), and whose
 * fields are its "fields" (the active ones, as Liminal reads them), derived
 * as a tag schema's (§6.7).  Archived result schemas are kept
 * (lim_snapshot_schema_is_archived()).  Fails on the first result schema or
 * field that cannot be read, naming it. */
gboolean                 lim_snapshot_add_results_schemas_json (LimSnapshot *self, JsonNode *body, GError **error);
guint                    lim_snapshot_get_n_results_schemas    (LimSnapshot *self);
const LimSnapshotSchema *lim_snapshot_get_results_schema       (LimSnapshot *self, guint i);

/* ---------------------------------------------------------------- schemas */

guint                 lim_snapshot_get_n_schemas    (LimSnapshot *self);
const LimSnapshotSchema *lim_snapshot_get_schema       (LimSnapshot *self, guint i);
/* In the registry, by sqlIdentifier, first match. */
const LimSnapshotSchema *lim_snapshot_lookup_schema    (LimSnapshot *self, const char *warehouse_name);
const LimSnapshotSchema *lim_snapshot_lookup_schema_by_id (LimSnapshot *self, const char *id);

const char           *lim_snapshot_schema_get_id       (const LimSnapshotSchema *schema);
const char           *lim_snapshot_schema_get_name     (const LimSnapshotSchema *schema);
const char           *lim_snapshot_schema_get_warehouse_name (const LimSnapshotSchema *schema);
const char           *lim_snapshot_schema_get_prefix   (const LimSnapshotSchema *schema);
const char           *lim_snapshot_schema_get_registry_id (const LimSnapshotSchema *schema);
gboolean              lim_snapshot_schema_is_archived  (const LimSnapshotSchema *schema);
/* By systemName among allFields (active and archived), first match. */
const LimSnapshotField  *lim_snapshot_schema_lookup_field (const LimSnapshotSchema *schema, const char *warehouse_name);
/* The active fields named @warehouse_name: the last one (NULL when none),
 * and in @n_found (may be NULL) how many there are. */
const LimSnapshotField  *lim_snapshot_schema_lookup_active_field (const LimSnapshotSchema *schema,
                                                                const char              *warehouse_name,
                                                                guint                   *n_found);
/* Active fields' derived properties, in order. element-type LimProps* (borrowed). */
GPtrArray            *lim_snapshot_schema_get_active_props (const LimSnapshotSchema *schema);

const char           *lim_snapshot_field_get_api_id         (const LimSnapshotField *field);
gint64                lim_snapshot_field_get_internal_id    (const LimSnapshotField *field); /* -1 when null */
const char           *lim_snapshot_field_get_warehouse_name (const LimSnapshotField *field);
const char           *lim_snapshot_field_get_name           (const LimSnapshotField *field);
gboolean              lim_snapshot_field_is_archived        (const LimSnapshotField *field);

/* The field's TagField JSON (borrowed): @field->json, built from the packed
 * form on first use and then kept (safe from several threads).  Writers get
 * fields with their JSON from lim_snapshot_edit_schema(). */
JsonObject           *lim_snapshot_field_get_json           (const LimSnapshotField *field);

/* Does @node, an element of a tag schema's "allFields" as read (an object,
 * or a packed field from the streaming reader), name a unit? */
gboolean              lim_snapshot_tag_field_has_unit       (JsonNode               *node);

/* Liminal's model_dump() of a TagField (every known key, declared order;
 * requiredLink with its five keys; unitSymbol null when absent). */
JsonObject           *lim_snapshot_field_dump  (const LimSnapshotField *field);
/* Liminal's TagSchemaModel.model_dump(): what an entity link embeds. */
JsonObject           *lim_snapshot_schema_dump (const LimSnapshotSchema *schema);

/* TRUE when some object carries a placeholder id (created by lim_apply()
 * without a response): the runner should re-read the tenant before sending
 * requests that reference it. */
gboolean    lim_snapshot_has_provisional (LimSnapshot *self);

/* A readable summary for tests and diffs:
 * {registryId, units:{name:id}, dropdowns:[…], schemas:[{id, props, nameTemplate,
 *  fields:[{apiId, id, props}]}], remoteRevisionId} (the marker, or null). */
JsonNode   *lim_snapshot_to_json (LimSnapshot *self);

/* ---------------------------------------------------------------- writing (lim-apply*.c) */

/* Writable (unshared) versions; clone on first write. */
LimSnapshotSchema   *lim_snapshot_edit_schema     (LimSnapshot *self, const LimSnapshotSchema *schema);
LimSnapshotDropdown *lim_snapshot_edit_dropdown   (LimSnapshot *self, const LimSnapshotDropdown *dropdown);
/* Re-derive props and template from the JSON and refresh the indexes. */
void              lim_snapshot_schema_changed  (LimSnapshot *self, LimSnapshotSchema *schema);
void              lim_snapshot_dropdowns_changed (LimSnapshot *self);
/* Take ownership of @schema_json (a full TagSchema with allFields).  Returns
 * the new schema, or NULL with @error set when the JSON is malformed. */
LimSnapshotSchema   *lim_snapshot_add_schema_json (LimSnapshot *self, JsonObject *schema_json, GError **error);
LimSnapshotDropdown *lim_snapshot_add_dropdown    (LimSnapshot *self, const char *id, const char *name);
LimSnapshotOption   *lim_snapshot_option_new      (const char *id, const char *name, const char *archive_purpose);
void              lim_snapshot_option_free     (LimSnapshotOption *option);
LimSnapshotField    *lim_snapshot_field_new       (JsonObject *json); /* takes @json; props derived later */
void              lim_snapshot_field_free      (LimSnapshotField *field);
/* "ts_provisional_3" and the like; unique within the model's history. */
char             *lim_snapshot_mint_id         (LimSnapshot *self, const char *prefix);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimSnapshot, lim_snapshot_unref)

G_END_DECLS
