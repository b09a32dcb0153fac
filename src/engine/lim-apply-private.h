/* lim-apply-private.h — what the lim-apply*.c files share: the Plan every
 * operation is first turned into, the table row that says what an
 * operation does (LimOpSemantics), the per-operation functions the table
 * in lim-apply.c points at, and the helpers they use.
 *
 * An operation's plan function runs the checks Liminal runs in execute()
 * against the remote and describes the state it leaves (the new option
 * list, the new allFields list, the update body…).  lim-apply-plan.c turns
 * a Plan into requests and into a changed snapshot, so that what we send
 * and what we believe the tenant looks like afterwards cannot drift apart.
 *
 * Where each operation lives:
 *   lim-apply-dropdowns.c  the seven dropdown and option operations and ArchiveDropdown
 *   lim-apply-schemas.c    Create/Unarchive/Archive/UpdateEntitySchema, UpdateEntitySchemaNameTemplate
 *   lim-apply-fields.c     the five field operations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "lim-apply.h"
#include "lim-json.h"
#include "lim-revision.h"

G_BEGIN_DECLS

#define MADE_IN_ERROR "Made in error"

/* How Python prints an optional string. */
#define PY(s) ((s) ? (s) : "None")

/* ---------------------------------------------------------------- errors */

/* "<describe_operation() without its period>: <message>" in LIM_APPLY_ERROR. */
void lim_apply_fail (GError             **error,
                     const LimOperation  *op,
                     int                  code,
                     const char          *format,
                     ...) G_GNUC_PRINTF (4, 5);

/* validate()'s "unit U not found in Benchling Unit Dictionary" for @field
 * of the schema @subject. */
void lim_apply_fail_unknown_unit (GError             **error,
                                  const LimOperation  *op,
                                  const char          *subject,
                                  const char          *field,
                                  const char          *unit);

/* validate()'s custom warehouse name check: TRUE when @flags have
 * SCHEMAS_ENABLE_CHANGE_WAREHOUSE_NAME or @wh is @name in snake case;
 * otherwise fails about the @noun ("field", "schema") of @subject. */
gboolean lim_apply_check_custom_wh (GError             **error,
                                    const LimOperation  *op,
                                    LimApplyFlags        flags,
                                    const char          *noun,
                                    const char          *subject,
                                    const char          *wh,
                                    const char          *name);

#define FAIL_EXEC(...) lim_apply_fail (error, op, LIM_APPLY_ERROR_EXECUTE, __VA_ARGS__)
#define FAIL_VALID(...) lim_apply_fail (error, op, LIM_APPLY_ERROR_VALIDATE, __VA_ARGS__)

/* ---------------------------------------------------------------- plans */

typedef enum {
  PLAN_SKIP,
  PLAN_CREATE_DROPDOWN,
  PLAN_UNARCHIVE_DROPDOWN,
  PLAN_ARCHIVE_DROPDOWN,
  PLAN_RENAME_DROPDOWN,
  PLAN_OPTIONS,
  PLAN_CREATE_SCHEMA,
  PLAN_UNARCHIVE_SCHEMA,
  PLAN_ARCHIVE_SCHEMA,
  PLAN_UPDATE_SCHEMA,
  PLAN_NAME_TEMPLATE,
  PLAN_FIELDS,
} PlanKind;

/* How an option's archiveRecord is serialised (§4.3). */
typedef enum {
  REC_ABSENT,    /* active, as read from the public API */
  REC_REASON,    /* archived, as read: {"reason": …} */
  REC_PURPOSE,   /* archived by this operation: {"purpose": "Made in error"} */
  REC_NULL,      /* unarchived by this operation: null */
} OptionRecord;

typedef struct
{
  LimSnapshotOption *option;   /* owned copy, in its new state */
  OptionRecord       record;
} PlanOption;

typedef struct
{
  JsonObject *json;         /* owned; the field's TagField JSON after the op */
  gboolean    is_new;
  gboolean    provisional;
} PlanField;

typedef struct
{
  PlanKind                   kind;
  const LimSnapshotDropdown *dropdown;
  const LimSnapshotSchema   *schema;
  GPtrArray                 *options;  /* PlanOption* */
  gboolean                   confirm;
  GPtrArray                 *fields;   /* PlanField* */
  JsonObject                *body;     /* owned request body */
  JsonObject                *created;  /* CREATE_SCHEMA: the TagSchema to add */
  char                      *new_name;
} Plan;

void       lim_plan_option_free   (gpointer                   data);
void       lim_plan_field_free    (gpointer                   data);
void       lim_plan_clear         (Plan                      *plan);
/* PLAN_OPTIONS on @dropdown, no options yet. */
void       lim_plan_options_begin (Plan                      *plan,
                                   const LimSnapshotDropdown *dropdown);
/* Append a copy of @option. */
void       lim_plan_add_option    (Plan                      *plan,
                                   const LimSnapshotOption   *option,
                                   OptionRecord               record);
/* PLAN_FIELDS on @schema, a copy of every field in order. */
void       lim_plan_fields_begin  (Plan                      *plan,
                                   const LimSnapshotSchema   *schema);
/* Index of the field named @warehouse_name, -1 when none. */
gint       lim_plan_find_field    (Plan                      *plan,
                                   const char                *warehouse_name);

/* The requests for @plan, in order (element-type LimRequest*). */
GPtrArray *lim_plan_requests      (const Plan                *plan);
/* Change @model into what Benchling holds after @plan's requests
 * succeeded, taking real ids from @response (may be NULL). */
gboolean   lim_plan_apply         (const LimOperation        *op,
                                   LimSnapshot               *model,
                                   Plan                      *plan,
                                   JsonNode                  *response,
                                   GError                   **error);

/* ---------------------------------------------------------------- one row per operation */

/* Liminal's execute() checks and the resulting state.  FALSE with @error
 * (LIM_APPLY_ERROR_EXECUTE) when Liminal would raise before sending. */
typedef gboolean      (*LimOpPlanFunc)     (const LimOperation  *op,
                                            LimSnapshot         *model,
                                            LimApplyFlags        flags,
                                            Plan                *plan,
                                            GError             **error);
/* Liminal's validate() (LIM_APPLY_ERROR_VALIDATE). */
typedef gboolean      (*LimOpValidateFunc) (const LimOperation  *op,
                                            LimSnapshot         *model,
                                            LimApplyFlags        flags,
                                            GError             **error);
/* lim_apply_check_state(). */
typedef LimApplyState (*LimOpCheckFunc)    (const LimOperation  *op,
                                            LimSnapshot         *model);

typedef struct
{
  LimOpKind          kind;
  LimOpPlanFunc      plan;
  LimOpValidateFunc  liminal_validate;  /* NULL: Liminal's validate() checks nothing here */
  LimOpCheckFunc     check_state;
} LimOpSemantics;

#define LIM_OP_PLAN_FUNC(name)                                                                          \
  gboolean name (const LimOperation *op, LimSnapshot *model, LimApplyFlags flags, Plan *plan, GError **error)
#define LIM_OP_VALIDATE_FUNC(name)                                                                      \
  gboolean name (const LimOperation *op, LimSnapshot *model, LimApplyFlags flags, GError **error)
#define LIM_OP_CHECK_FUNC(name)                                                                         \
  LimApplyState name (const LimOperation *op, LimSnapshot *model)

/* lim-apply-dropdowns.c */
LIM_OP_PLAN_FUNC  (lim_apply_plan_create_dropdown);
LIM_OP_CHECK_FUNC (lim_apply_check_create_dropdown);
LIM_OP_PLAN_FUNC  (lim_apply_plan_update_dropdown_name);
LIM_OP_CHECK_FUNC (lim_apply_check_update_dropdown_name);
LIM_OP_PLAN_FUNC  (lim_apply_plan_unarchive_dropdown);
LIM_OP_PLAN_FUNC  (lim_apply_plan_archive_dropdown);
LIM_OP_CHECK_FUNC (lim_apply_check_dropdown_archived);     /* Unarchive/ArchiveDropdown */
LIM_OP_PLAN_FUNC  (lim_apply_plan_create_dropdown_option);
LIM_OP_CHECK_FUNC (lim_apply_check_create_dropdown_option);
LIM_OP_PLAN_FUNC  (lim_apply_plan_update_dropdown_option);
LIM_OP_CHECK_FUNC (lim_apply_check_update_dropdown_option);
LIM_OP_PLAN_FUNC  (lim_apply_plan_archive_dropdown_option);
LIM_OP_CHECK_FUNC (lim_apply_check_archive_dropdown_option);
LIM_OP_PLAN_FUNC  (lim_apply_plan_reorder_dropdown_options);
LIM_OP_CHECK_FUNC (lim_apply_check_reorder_dropdown_options);

/* lim-apply-schemas.c */
LIM_OP_PLAN_FUNC     (lim_apply_plan_create_entity_schema);
LIM_OP_VALIDATE_FUNC (lim_apply_validate_create_entity_schema);
LIM_OP_CHECK_FUNC    (lim_apply_check_create_entity_schema);
LIM_OP_PLAN_FUNC     (lim_apply_plan_unarchive_entity_schema);
LIM_OP_PLAN_FUNC     (lim_apply_plan_archive_entity_schema);
LIM_OP_CHECK_FUNC    (lim_apply_check_entity_schema_archived);  /* Unarchive/ArchiveEntitySchema */
LIM_OP_PLAN_FUNC     (lim_apply_plan_update_entity_schema);
LIM_OP_VALIDATE_FUNC (lim_apply_validate_update_entity_schema);
LIM_OP_CHECK_FUNC    (lim_apply_check_update_entity_schema);
LIM_OP_PLAN_FUNC     (lim_apply_plan_update_entity_schema_name_template);
LIM_OP_CHECK_FUNC    (lim_apply_check_update_entity_schema_name_template);

/* lim-apply-fields.c */
LIM_OP_PLAN_FUNC     (lim_apply_plan_create_entity_schema_field);
LIM_OP_VALIDATE_FUNC (lim_apply_validate_create_entity_schema_field);
LIM_OP_PLAN_FUNC     (lim_apply_plan_unarchive_entity_schema_field);
LIM_OP_PLAN_FUNC     (lim_apply_plan_archive_entity_schema_field);
LIM_OP_CHECK_FUNC    (lim_apply_check_entity_schema_field_state); /* Create/Unarchive/ArchiveEntitySchemaField */
LIM_OP_PLAN_FUNC     (lim_apply_plan_update_entity_schema_field);
LIM_OP_VALIDATE_FUNC (lim_apply_validate_update_entity_schema_field);
LIM_OP_CHECK_FUNC    (lim_apply_check_update_entity_schema_field);
LIM_OP_PLAN_FUNC     (lim_apply_plan_reorder_entity_schema_fields);
LIM_OP_CHECK_FUNC    (lim_apply_check_reorder_entity_schema_fields);

/* The TagField Benchling will hold for a field created from @f. */
JsonObject *lim_apply_new_tag_field (LimSnapshot    *model,
                                     const LimProps *f,
                                     JsonObject     *tag_schema_link,
                                     const char     *selector_id,
                                     const char     *unit_id,
                                     gboolean        send_tooltip);

/* ---------------------------------------------------------------- lookups with Liminal's errors (FAIL_EXEC) */

const LimSnapshotSchema   *lim_apply_get_schema           (const LimOperation  *op,
                                                           LimSnapshot         *model,
                                                           const char          *warehouse_name,
                                                           GError             **error);
/* The last dropdown of that name. */
const LimSnapshotDropdown *lim_apply_get_dropdown         (const LimOperation  *op,
                                                           LimSnapshot         *model,
                                                           const char          *name,
                                                           GError             **error);
/* The first dropdown of that name, as Liminal's summary lookup. */
const LimSnapshotDropdown *lim_apply_get_dropdown_summary (const LimOperation  *op,
                                                           LimSnapshot         *model,
                                                           const char          *name,
                                                           GError             **error);
const char                *lim_apply_get_unit_id          (const LimOperation  *op,
                                                           LimSnapshot         *model,
                                                           const char          *unit,
                                                           GError             **error);

/* ---------------------------------------------------------------- reordering (options and fields alike) */

typedef const char *(*LimNameOf) (gconstpointer item);

/* Liminal's reorder of @items by @order, as indexes into @items: the items
 * whose names are in @order first, in that order (last occurrence wins, as
 * a dict does; Python's sorted() is stable); everything else after, in its
 * original relative order. */
GArray   *lim_apply_reorder         (GPtrArray *items,
                                     LimNameOf  name_of,
                                     GPtrArray *order);
/* Would that reorder leave every item where it is? */
gboolean  lim_apply_reorder_is_noop (GPtrArray *items,
                                     LimNameOf  name_of,
                                     GPtrArray *order);

/* ---------------------------------------------------------------- JSON bits */

JsonNode   *lim_apply_mixture_node   (const LimProps *p,
                                      guint           key);
JsonArray  *lim_apply_strv_array     (GPtrArray      *set);
/* {"purpose": "Made in error"} */
JsonObject *lim_apply_archive_record (void);
/* {"ids": [id]} plus the purpose when @with_purpose. */
JsonObject *lim_apply_ids_body       (const char     *id,
                                      gboolean        with_purpose);

static inline JsonNode *
str_or_null (const char *s)
{
  JsonNode *n = json_node_alloc ();
  return s ? json_node_init_string (n, s) : json_node_init_null (n);
}

static inline JsonNode *
tri_node (LimTri t)
{
  JsonNode *n = json_node_alloc ();
  return t == LIM_TRI_NONE ? json_node_init_null (n) : json_node_init_boolean (n, t == LIM_TRI_TRUE);
}

/* A set bool/int prop as JSON (null when None). */
static inline JsonNode *
prop_bool_node (const LimProps *p, guint key)
{
  if (!lim_props_is_set (p, key) || lim_props_is_none (p, key))
    return json_node_init_null (json_node_alloc ());
  return json_node_init_boolean (json_node_alloc (), lim_props_get_bool (p, key));
}

static inline JsonNode *
prop_int_node (const LimProps *p, guint key)
{
  if (!lim_props_is_set (p, key) || lim_props_is_none (p, key))
    return json_node_init_null (json_node_alloc ());
  return json_node_init_int (json_node_alloc (), lim_props_get_int (p, key));
}

/* Python's list.insert(index, x) position. */
static inline guint
py_insert_pos (gboolean has_index, gint64 index, guint len)
{
  if (!has_index)
    return len;
  if (index < 0)
    index += len;
  if (index < 0)
    return 0;
  return index > (gint64) len ? len : (guint) index;
}

static inline const char *
field_wh (const LimSnapshotField *f)
{
  return lim_snapshot_field_get_warehouse_name (f);
}

static inline OptionRecord
record_as_read (const LimSnapshotOption *o)
{
  return o->archived ? REC_REASON : REC_ABSENT;
}

static inline LimApplyState
state_of (gboolean applied)
{
  return applied ? LIM_APPLY_STATE_APPLIED : LIM_APPLY_STATE_NOT_APPLIED;
}

G_END_DECLS
