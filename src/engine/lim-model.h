/* lim-model.h — a snapshot of a Benchling tenant as the migration engine
 * sees it: units, dropdowns (schema-field selectors) and entity schemas (tag
 * schemas), built from the internal-API JSON (§7.3–7.4) and converted to
 * Liminal's properties (§6.7).
 *
 * Ownership and copying
 * ---------------------
 * LimModel is reference counted.  lim_model_copy() is cheap: schemas and
 * dropdowns are themselves reference counted and shared between copies;
 * they are cloned on first write (copy-on-write, see lim_model_edit_schema()
 * and lim_model_edit_dropdown()).  Copying a 1,000-schema model costs about
 * 2,000 pointer copies plus rebuilding the name/id indexes (a few ms); a
 * write clones only the schema or dropdown it touches.
 *
 * Threads: reference counts are atomic, so a model and its copies may be
 * used from different threads; one model must not be used from two threads
 * at once.
 *
 * The structs below are exposed read-only.  Only lim-model.c and lim-apply.c
 * write them, through the lim_model_edit_*() / lim_model_*_changed() calls,
 * which keep the copy-on-write and the indexes correct.
 *
 * Source of truth
 * ---------------
 * A schema's and a field's JSON is the source of truth: writes change the
 * JSON (as Benchling would after the write) and then re-derive the Liminal
 * properties with lim_model_schema_changed().  The JSON keeps every key
 * Benchling returned, so requests can send back every key Liminal knows.
 *
 * Lookups
 * -------
 * As in Liminal, entity schemas are looked up by warehouse name
 * (`sqlIdentifier`) among the schemas of the tenant's registry (first
 * match), dropdowns by name (last match, as get_benchling_dropdown_by_name;
 * lim_model_lookup_dropdown_first() gives the first, as the summary lookup).
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

#define LIM_MODEL_ERROR (lim_model_error_quark ())
GQuark lim_model_error_quark (void);

typedef enum {
  LIM_MODEL_ERROR_INVALID,     /* malformed or unexpected JSON */
  LIM_MODEL_ERROR_REGISTRY,    /* zero or several registries */
  LIM_MODEL_ERROR_REMOTE,      /* liminal_remote missing or malformed (§3) */
} LimModelError;

#define LIM_MODEL_REMOTE_SCHEMA  "liminal_remote"
#define LIM_MODEL_REMOTE_FIELD   "revision_id"

typedef struct
{
  char     *id;           /* sfso_… */
  char     *name;
  gboolean  archived;
  char     *archive_purpose; /* archiveRecord.purpose, NULL when active */
  gboolean  provisional;  /* id minted locally, not yet known from Benchling */
} LimModelOption;

typedef struct
{
  gint       ref_count;
  char      *id;          /* sfs_… */
  char      *name;
  gboolean   archived;
  char      *archive_purpose;
  GPtrArray *options;     /* element-type LimModelOption*, in Benchling's order */
  gboolean   provisional;
} LimModelDropdown;

typedef struct
{
  JsonObject *json;       /* TagField, as Benchling returns it */
  LimProps   *props;      /* derived (§6.7): every key set, warehouse_name
                           * included; props->archived = archiveRecord set */
  gboolean    provisional;/* created locally: apiId and id are placeholders */
} LimModelField;

typedef struct
{
  gint             ref_count;
  JsonObject      *json;          /* TagSchema without allFields/fields */
  GPtrArray       *fields;        /* element-type LimModelField*, allFields order */
  LimProps        *props;         /* derived SchemaProperties (§6.7), every key set */
  LimNameTemplate *name_template; /* derived, parts and order set */
  gboolean         provisional;
} LimModelSchema;

typedef struct _LimModel LimModel;

/* ---------------------------------------------------------------- construction */

/* An empty tenant with one registry. */
LimModel   *lim_model_new            (const char *registry_id);

/* @registries: GET /api/v2/registries ({"registries":[{id,…}]}, exactly one)
 *   or a string node holding the registry id.
 * @tag_schemas: GET /1/api/tag-schemas/ ({"data":[TagSchema…]}) or the bare array.
 * @selectors: GET /1/api/schema-field-selectors/?registryId=R
 *   ({"selectorsByRegistryId":{R:[…]}}), the bare array, or NULL.
 * @units: GET /api/v2-alpha/unit-types ({"unitTypes":[{units:[{id,name}]}]}),
 *   a bare array of {id,name}, or NULL.
 * Errors (LIM_MODEL_ERROR_INVALID) name the schema, the field and the key. */
LimModel   *lim_model_new_from_json  (JsonNode  *registries,
                                      JsonNode  *tag_schemas,
                                      JsonNode  *selectors,
                                      JsonNode  *units,
                                      GError   **error);

typedef enum {
  LIM_MODEL_LOAD_STRICT       = 0,
  /* As Liminal's TagSchemaModel.get_all(): a tag schema that cannot be
   * converted is skipped (its message kept, see lim_model_get_load_errors()).
   * It still counts for the name / warehouse name / prefix uniqueness checks,
   * and operations that look it up fail with its message. */
  LIM_MODEL_LOAD_SKIP_INVALID = 1 << 0,
  /* The caller gives the tag-schema JSON up: the model keeps (and may
   * change) its objects instead of copying them. */
  LIM_MODEL_LOAD_CONSUME      = 1 << 1,
} LimModelLoadFlags;

LimModel   *lim_model_new_from_json_full (JsonNode          *registries,
                                          JsonNode          *tag_schemas,
                                          JsonNode          *selectors,
                                          JsonNode          *units,
                                          LimModelLoadFlags  flags,
                                          GError           **error);
/* element-type utf8: "Schema W: …" for every skipped schema. */
GPtrArray  *lim_model_get_load_errors        (LimModel *self);
/* The message of the registry's skipped schema W, or NULL. */
const char *lim_model_get_invalid_schema     (LimModel *self, const char *warehouse_name);
/* Does any schema, of any registry, skipped ones included, have @key
 * ("name", "sqlIdentifier" or "prefix") equal to @value?  (The lists
 * Liminal's uniqueness checks use.) */
gboolean    lim_model_any_schema_has         (LimModel *self, const char *key, const char *value);

LimModel   *lim_model_ref            (LimModel *self);
void        lim_model_unref          (LimModel *self);
/* A logically deep, physically shared copy (see above). */
LimModel   *lim_model_copy           (LimModel *self);

/* Used in Liminal's "not found in Benchling T." messages; default "tenant". */
void        lim_model_set_tenant_name (LimModel *self, const char *tenant);
const char *lim_model_get_tenant_name (LimModel *self);
const char *lim_model_get_registry_id (LimModel *self);

/* Units (§6.10). */
void        lim_model_add_unit       (LimModel *self, const char *id, const char *name);
const char *lim_model_unit_id        (LimModel *self, const char *name);
const char *lim_model_unit_name      (LimModel *self, const char *id);

/* ---------------------------------------------------------------- dropdowns */

guint                   lim_model_get_n_dropdowns        (LimModel *self);
const LimModelDropdown *lim_model_get_dropdown           (LimModel *self, guint i);
const LimModelDropdown *lim_model_lookup_dropdown        (LimModel *self, const char *name); /* last match */
const LimModelDropdown *lim_model_lookup_dropdown_first  (LimModel *self, const char *name);
const LimModelDropdown *lim_model_lookup_dropdown_by_id  (LimModel *self, const char *id);
const LimModelOption   *lim_model_dropdown_find_option   (const LimModelDropdown *dropdown, const char *name); /* first */

/* ---------------------------------------------------------------- schemas */

guint                 lim_model_get_n_schemas    (LimModel *self);
const LimModelSchema *lim_model_get_schema       (LimModel *self, guint i);
/* In the registry, by sqlIdentifier, first match. */
const LimModelSchema *lim_model_lookup_schema    (LimModel *self, const char *warehouse_name);
const LimModelSchema *lim_model_lookup_schema_by_id (LimModel *self, const char *id);

const char           *lim_model_schema_get_id       (const LimModelSchema *schema);
const char           *lim_model_schema_get_name     (const LimModelSchema *schema);
const char           *lim_model_schema_get_warehouse_name (const LimModelSchema *schema);
const char           *lim_model_schema_get_prefix   (const LimModelSchema *schema);
const char           *lim_model_schema_get_registry_id (const LimModelSchema *schema);
gboolean              lim_model_schema_is_archived  (const LimModelSchema *schema);
/* By systemName among allFields (active and archived), first match. */
const LimModelField  *lim_model_schema_lookup_field (const LimModelSchema *schema, const char *warehouse_name);
/* Active fields' derived properties, in order. element-type LimProps* (borrowed). */
GPtrArray            *lim_model_schema_get_active_props (const LimModelSchema *schema);

const char           *lim_model_field_get_api_id         (const LimModelField *field);
gint64                lim_model_field_get_internal_id    (const LimModelField *field); /* -1 when null */
const char           *lim_model_field_get_warehouse_name (const LimModelField *field);
const char           *lim_model_field_get_name           (const LimModelField *field);
gboolean              lim_model_field_is_archived        (const LimModelField *field);

/* Liminal's model_dump() of a TagField (every known key, declared order;
 * requiredLink with its five keys; unitSymbol null when absent). */
JsonObject           *lim_model_field_dump  (const LimModelField *field);
/* Liminal's TagSchemaModel.model_dump(): what an entity link embeds. */
JsonObject           *lim_model_schema_dump (const LimModelSchema *schema);

/* ---------------------------------------------------------------- remote revision (§3) */

/* The display name of the one active `revision_id` field of the registry's
 * `liminal_remote` schema; Liminal's error texts otherwise. */
const char *lim_model_get_remote_revision_id (LimModel *self, GError **error);

/* TRUE when some object carries a placeholder id (created by lim_apply()
 * without a response): the runner should re-read the tenant before sending
 * requests that reference it. */
gboolean    lim_model_has_provisional (LimModel *self);

/* A readable summary for tests and diffs:
 * {registryId, units:{name:id}, dropdowns:[…], schemas:[{id, props, nameTemplate,
 *  fields:[{apiId, id, props}]}], remoteRevisionId}. */
JsonNode   *lim_model_to_json (LimModel *self);

/* ---------------------------------------------------------------- writing (lim-apply.c) */

/* Writable (unshared) versions; clone on first write. */
LimModelSchema   *lim_model_edit_schema     (LimModel *self, const LimModelSchema *schema);
LimModelDropdown *lim_model_edit_dropdown   (LimModel *self, const LimModelDropdown *dropdown);
/* Re-derive props and template from the JSON and refresh the indexes. */
void              lim_model_schema_changed  (LimModel *self, LimModelSchema *schema);
void              lim_model_dropdowns_changed (LimModel *self);
/* Take ownership of @schema_json (a full TagSchema with allFields).  Returns
 * the new schema, or NULL with @error set when the JSON is malformed. */
LimModelSchema   *lim_model_add_schema_json (LimModel *self, JsonObject *schema_json, GError **error);
LimModelDropdown *lim_model_add_dropdown    (LimModel *self, const char *id, const char *name);
LimModelOption   *lim_model_option_new      (const char *id, const char *name, const char *archive_purpose);
void              lim_model_option_free     (LimModelOption *option);
LimModelField    *lim_model_field_new       (JsonObject *json); /* takes @json; props derived later */
void              lim_model_field_free      (LimModelField *field);
/* "ts_provisional_3" and the like; unique within the model's history. */
char             *lim_model_mint_id         (LimModel *self, const char *prefix);

/* JSON helpers shared with lim-apply.c. */
const char *lim_json_get_string (JsonObject *obj, const char *key); /* NULL when missing/null/not a string */
JsonObject *lim_json_object_copy (JsonObject *obj);                 /* deep */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimModel, lim_model_unref)

G_END_DECLS
