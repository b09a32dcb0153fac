/* lim-sandbox-types.h — the sandbox's vocabulary: its error domain, the
 * tenant's records and Benchling's type tables (private)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The bottom of the sandbox: it includes nothing of the sandbox.  The
 * records are plain structs owned by an LsState (lim-sandbox-state.h).
 */

#pragma once

#include <glib.h>

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

/* Constructors, copies and frees of the records */
LsOption   *ls_option_new        (const char *id,
                                  const char *name);
LsOption   *ls_option_copy       (LsOption   *src);
void        ls_option_free       (LsOption   *o);
GPtrArray  *ls_option_array_new  (void);
LsDropdown *ls_dropdown_new      (void);
LsDropdown *ls_dropdown_copy     (LsDropdown *src);
void        ls_dropdown_free     (LsDropdown *d);
LsField    *ls_field_new         (void);
LsField    *ls_field_copy        (LsField    *src);
void        ls_field_free        (LsField    *f);
LsNamePart *ls_name_part_new     (const char *type,
                                  const char *field_id,
                                  const char *text,
                                  const char *datetime_format);
void        ls_name_part_free    (LsNamePart *p);
LsSchema   *ls_schema_new        (void);
LsSchema   *ls_schema_copy       (LsSchema   *src);
void        ls_schema_free       (LsSchema   *s);
void        ls_unit_free         (LsUnit     *u);
void        ls_unit_type_free    (LsUnitType *t);
void        ls_result_schema_free (LsResultSchema *r);
char       *ls_now_iso8601       (void);

/* The first record in @items whose char* member at @offset equals
 * @value, or NULL; LS_FIND names the member. */
gpointer    ls_find_by_str       (GPtrArray  *items,
                                  glong       offset,
                                  const char *value);
#define LS_FIND(items, Type, member, value) \
  ((Type *) ls_find_by_str ((items), G_STRUCT_OFFSET (Type, member), (value)))

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsSchema, ls_schema_free)

/* Benchling's type tables (§6.2): entity and field types between the
 * public names ("dna_sequence", "dropdown") and the internal API's
 * (folderItemType + sequenceType, ft_* + folderItemType). */
const char *ls_entity_type_from_api (const char  *folder_item_type,
                                     const char  *sequence_type);
gboolean    ls_entity_type_to_api   (const char  *entity_type,
                                     const char **folder_item_type,
                                     const char **sequence_type);
const char *ls_public_field_type    (const char  *ft,
                                     const char  *folder_item_type);
gboolean    ls_field_type_to_api    (const char  *liminal_type,
                                     const char **ft,
                                     const char **folder_item_type);
char       *ls_snake_case           (const char  *name);

G_END_DECLS
