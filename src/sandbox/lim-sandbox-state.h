/* lim-sandbox-state.h — the tenant state model of the Benchling sandbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Private to the sandbox: the server (lim-sandbox.c) and the realm
 * handlers use it; nothing outside src/sandbox/ includes it.
 *
 * One LimSandboxState is one Benchling tenant: a registry, a unit
 * dictionary, dropdowns (public "dropdowns" == internal "schema field
 * selectors"), entity schemas (internal "tag schemas") with all their
 * fields, result schemas.  Every mutation validates the way Benchling does
 * and fails with a LIM_SANDBOX_ERROR whose message is the user message.
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LIM_SANDBOX_ERROR (lim_sandbox_error_quark ())

/* Error codes map to HTTP statuses (see lim_sandbox_error_to_status()). */
typedef enum
{
  LIM_SANDBOX_ERROR_BAD_REQUEST,   /* 400 */
  LIM_SANDBOX_ERROR_NOT_FOUND,     /* 404 */
  LIM_SANDBOX_ERROR_FORBIDDEN,     /* 403 */
  LIM_SANDBOX_ERROR_FAILED,        /* anything else (I/O, parse) */
} LimSandboxError;

GQuark lim_sandbox_error_quark (void);
guint  lim_sandbox_error_to_status (const GError *error);

typedef struct
{
  char    *id;          /* sfso_… */
  char    *name;
  char    *archive_purpose; /* NULL = active */
  guint    num_linked;  /* entities using this option (confirmation handshake) */
} LsOption;

typedef struct
{
  char      *id;        /* sfs_… */
  char      *name;
  char      *registry_id;
  char      *archive_purpose;
  GPtrArray *options;   /* LsOption*, display order */
} LsDropdown;

typedef struct
{
  gint64    num_id;         /* internal numeric id */
  char     *api_id;         /* tsf_… */
  char     *name;
  char     *system_name;
  char     *field_type;     /* ft_* */
  char     *folder_item_type; /* requiredLink.folderItemType or NULL */
  char     *link_schema_id; /* requiredLink.tagSchema id or NULL */
  char     *selector_id;
  char     *tooltip;
  char     *unit_id;
  gint      decimal_precision; /* -1 = null */
  gboolean  is_multi;
  gboolean  is_required;
  gboolean  is_parent_link;
  char     *archive_purpose;
} LsField;

typedef struct
{
  char *type;
  char *field_id;   /* field apiId */
  char *text;
  char *datetime_format;
} LsNamePart;

typedef struct
{
  char      *id;            /* ts_… */
  char      *name;
  char      *sql_identifier;
  char      *prefix;
  char      *registry_id;
  char      *folder_item_type;
  char      *sequence_type; /* NULL for non-sequences */
  GPtrArray *labeling;      /* char* */
  char      *archive_purpose;
  GPtrArray *fields;        /* LsField*, display order (allFields) */
  /* constraint */
  gboolean   has_constraint;
  GPtrArray *constraint_field_ids; /* char* apiIds */
  gboolean   unique_residues;
  gboolean   unique_canonical_smiles;
  gboolean   residues_case_sensitive;
  GPtrArray *name_parts;    /* LsNamePart* */
  gboolean   order_name_parts_by_sequence;
  gboolean   show_residues;
  gboolean   include_registry_id_in_chips;
  gboolean   use_org_alias;
  gboolean   use_random_org_alias;
  gboolean   should_create_as_oligo;
  gboolean   has_mixture_config;
  gboolean   mix_allow_measured;
  gint       mix_lot_storage;  /* -1 null, 0, 1 */
  gint       mix_lot_text;
  char      *modified_at;
  /* serialised internal view (never copied; see ls_write_tag_schema) */
  GBytes    *json_cache;
  guint64    json_epoch;
  gboolean   json_has_links;
} LsSchema;

typedef struct
{
  char *id;
  char *name;
  char *symbol;
} LsUnit;

typedef struct
{
  char      *id;
  char      *name;
  GPtrArray *units;         /* LsUnit* */
} LsUnitType;

typedef struct
{
  char *id;                 /* assaysch_… */
  char *name;
  char *system_name;
  char *archive_purpose;
  GPtrArray *fields;        /* LsField* (only name/system_name/type used) */
} LsResultSchema;

typedef struct
{
  guint64    counter;       /* id generator, persisted */
  guint64    field_counter; /* numeric field ids */
  char      *registry_id;
  char      *registry_name;
  GPtrArray *unit_types;    /* LsUnitType* */
  GPtrArray *dropdowns;     /* LsDropdown* */
  GPtrArray *schemas;       /* LsSchema* */
  GPtrArray *result_schemas;/* LsResultSchema* */
  guint64    generation;    /* bumped on every change (response caches) */
  guint64    schema_epoch;  /* bumped when any schema changes (link summaries) */
} LsState;

LsState    *ls_state_new_empty   (void);
LsState    *ls_state_new_basic   (void);
/* The demo tenant: the repository's versions/ history replayed up to
 * @revision (NULL = LS_DEMO_DEFAULT_REVISION), including the liminal_remote
 * pointer schema.  See lim-sandbox-demo.c. */
LsState    *ls_state_new_demo    (const char *revision, GError **error);
LsState    *ls_state_load_json   (const char *data, gsize len, GError **error);
LsState    *ls_state_load_file   (const char *path, GError **error);
LsState    *ls_state_copy        (LsState *state);
void        ls_state_free        (LsState *state);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsState, ls_state_free)

/* Whole-tenant snapshot (the persistence and /_sandbox/state format). */
GString    *ls_state_to_json     (LsState *state);
gboolean    ls_state_save_atomic (LsState *state, const char *path, GError **error);

char       *ls_state_next_id     (LsState *state, const char *prefix);
void        ls_state_touch       (LsState *state);

/* Lookups */
LsDropdown *ls_state_find_dropdown (LsState *state, const char *id);
LsSchema   *ls_state_find_schema   (LsState *state, const char *id);
LsSchema   *ls_state_find_schema_by_sql (LsState *state, const char *sql);
LsUnit     *ls_state_find_unit     (LsState *state, const char *id_or_name);
LsOption   *ls_state_find_option   (LsState *state, const char *option_id, LsDropdown **dropdown);

/* Views */
void ls_write_tag_schema       (LsState *state, GString *s, LsSchema *schema);
/* The serialised internal view of @schema (cached; a new reference). */
GBytes *ls_tag_schema_bytes    (LsState *state, LsSchema *schema);
void ls_write_tag_schemas_resp (LsState *state, GString *s);
void ls_write_tag_field        (LsState *state, GString *s, LsField *field);
void ls_write_selector         (GString *s, LsDropdown *dropdown);
void ls_write_dropdown_public  (GString *s, LsDropdown *dropdown);
void ls_write_entity_schema_public (LsState *state, GString *s, LsSchema *schema);
void ls_write_unit_type        (GString *s, LsUnitType *unit_type);
void ls_write_result_schemas_resp (LsState *state, GString *s);
void ls_write_registry         (LsState *state, GString *s);

/* Mutations.  All validate first and leave the state untouched on error. */
LsDropdown *ls_state_create_dropdown (LsState *state, JsonObject *body, GError **error);
gboolean    ls_state_public_update_dropdown (LsState *state, LsDropdown *dd, JsonObject *body, GError **error);
gboolean    ls_state_public_archive_options (LsState *state, LsDropdown *dd, JsonObject *body,
                                             gboolean archive, GPtrArray *changed_ids, GError **error);
LsSchema   *ls_state_alpha_create_schema (LsState *state, JsonObject *body, GError **error);

/* Field-level helpers (copy, change, validate, commit), used by the demo
 * replay; @schema is replaced on success. */
gboolean    ls_state_update_field (LsState *state, LsSchema *schema, const char *system_name,
                                   JsonObject *keys, gint move_to, GError **error);
gboolean    ls_state_insert_field (LsState *state, LsSchema *schema, JsonObject *field,
                                   gint index, GError **error);
gboolean    ls_state_reorder_fields (LsState *state, LsSchema *schema,
                                     const char * const *order, GError **error);

/* Internal realm */
LsSchema   *ls_state_prepare_schema_update (LsState *state, LsSchema *schema, JsonObject *body, GError **error);
/* Takes ownership of updated; replaces the schema with the same id. */
void        ls_state_commit_schema (LsState *state, LsSchema *updated);
gboolean    ls_state_validate_schema (LsState *state, LsSchema *schema, GError **error);
gboolean    ls_state_set_name_template (LsState *state, LsSchema *schema, JsonObject *body, GError **error);
gboolean    ls_state_bulk_archive_schemas (LsState *state, JsonObject *body, gboolean archive,
                                           GPtrArray *changed, GError **error);
gboolean    ls_state_bulk_archive_selectors (LsState *state, JsonObject *body, gboolean archive,
                                             GPtrArray *changed, GError **error);
/* Returns TRUE when applied; when confirmation is needed it returns FALSE
 * with *confirm set (caller writes it as schemaFieldSelectorOptionToUpdate)
 * and no error. */
gboolean    ls_state_patch_selector (LsState *state, LsDropdown *dd, JsonObject *body,
                                     GString **confirm, GError **error);

LsSchema   *ls_schema_copy (LsSchema *schema);
void        ls_schema_free (LsSchema *schema);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsSchema, ls_schema_free)

/* JSON writing helpers (fast hand-rolled writer) */
void lsj_sep  (GString *s);
void lsj_key  (GString *s, const char *key);
void lsj_str  (GString *s, const char *value);   /* NULL → null */
void lsj_kstr (GString *s, const char *key, const char *value);
void lsj_kbool(GString *s, const char *key, gboolean value);
void lsj_kint (GString *s, const char *key, gint64 value);
void lsj_knull(GString *s, const char *key);
void lsj_open (GString *s, char c);              /* '{' or '[' with separator */
void lsj_kopen(GString *s, const char *key, char c);
void lsj_close(GString *s, char c);

G_END_DECLS
