/* lim-operation.h — the 18 Liminal operations (§4) as typed values: parsed
 * from revision-file calls, written back in Liminal's layout, described in
 * Liminal's words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "lim-props.h"
#include "lim-py.h"

G_BEGIN_DECLS

/* In Liminal's order (§4.2). */
typedef enum {
  LIM_OP_CREATE_DROPDOWN,
  LIM_OP_UPDATE_DROPDOWN_NAME,
  LIM_OP_UNARCHIVE_DROPDOWN,
  LIM_OP_CREATE_DROPDOWN_OPTION,
  LIM_OP_UPDATE_DROPDOWN_OPTION,
  LIM_OP_ARCHIVE_DROPDOWN_OPTION,
  LIM_OP_REORDER_DROPDOWN_OPTIONS,
  LIM_OP_CREATE_ENTITY_SCHEMA,
  LIM_OP_UNARCHIVE_ENTITY_SCHEMA,
  LIM_OP_CREATE_ENTITY_SCHEMA_FIELD,
  LIM_OP_UPDATE_ENTITY_SCHEMA_NAME_TEMPLATE,
  LIM_OP_UPDATE_ENTITY_SCHEMA,
  LIM_OP_UNARCHIVE_ENTITY_SCHEMA_FIELD,
  LIM_OP_UPDATE_ENTITY_SCHEMA_FIELD,
  LIM_OP_ARCHIVE_ENTITY_SCHEMA_FIELD,
  LIM_OP_REORDER_ENTITY_SCHEMA_FIELDS,
  LIM_OP_ARCHIVE_ENTITY_SCHEMA,
  LIM_OP_ARCHIVE_DROPDOWN,
  LIM_OP_N_KINDS
} LimOpKind;

typedef enum {
  LIM_ARG_STR,              /* str */
  LIM_ARG_STR_LIST,         /* list[str] */
  LIM_ARG_INDEX,            /* int (None tolerated: "at the end") */
  LIM_ARG_OPTIONAL_INDEX,   /* int | None = None */
  LIM_ARG_SCHEMA_PROPS,     /* BaseSchemaProperties */
  LIM_ARG_FIELD_PROPS,      /* BaseFieldProperties */
  LIM_ARG_FIELD_PROPS_LIST, /* list[BaseFieldProperties] */
  LIM_ARG_NAME_TEMPLATE,    /* BaseNameTemplate */
} LimArgType;

typedef struct
{
  const char *name;
  LimArgType  type;
} LimParamSpec;

/* What an operation does to its subject, for icons and grouping. */
typedef enum {
  LIM_OP_ACTION_CREATE,
  LIM_OP_ACTION_UPDATE,
  LIM_OP_ACTION_ARCHIVE,
  LIM_OP_ACTION_UNARCHIVE,
  LIM_OP_ACTION_REORDER,
} LimOpAction;

typedef struct
{
  LimOpKind     kind;
  const char   *class_name;   /* "ArchiveEntitySchemaField" */
  int           order;        /* 10 … 180 */
  LimOpAction   action;
  gboolean      on_dropdown;  /* subject is a dropdown (else an entity schema) */
  guint         n_params;
  LimParamSpec  params[3];
} LimOpSpec;

const LimOpSpec *lim_op_spec        (LimOpKind kind);
const LimOpSpec *lim_op_spec_lookup (const char *class_name);

typedef struct
{
  char            *s;        /* STR */
  GPtrArray       *strv;     /* STR_LIST, element-type char* */
  gboolean         has_index;/* INDEX / OPTIONAL_INDEX: FALSE = None */
  gint64           index;
  LimProps        *props;    /* SCHEMA_PROPS / FIELD_PROPS */
  GPtrArray       *fields;   /* FIELD_PROPS_LIST, element-type LimProps* */
  LimNameTemplate *tmpl;     /* NAME_TEMPLATE */
} LimOpArg;

typedef struct _LimOperation LimOperation;

struct _LimOperation
{
  const LimOpSpec *spec;
  guint            line;     /* where the call starts in its file, 0 if not from a file */
  guint            column;
  guint            keyword_mask; /* bit i: parameter i was given by keyword in the file */
  LimOpArg         args[3];
};

/* Parse one call node.  The call must name one of the 18 operations
 * (`b.` prefix optional) with Liminal's constructor signature; the
 * constructor checks Liminal runs at load time are applied (§4.4). */
LimOperation *lim_operation_from_node (const LimPyNode *node,
                                       const char      *file,
                                       GError         **error);
LimOperation *lim_operation_new       (LimOpKind kind);   /* all arguments empty */
LimOperation *lim_operation_copy      (const LimOperation *op);
/* A deep copy of a STR_LIST argument (element-type char*, freed with g_free). */
GPtrArray    *lim_operation_strv_copy (GPtrArray *strv);
void          lim_operation_free      (LimOperation *op);

/* The dropdown name or schema warehouse name the operation is about
 * (for CreateEntitySchema: its warehouse name). */
const char   *lim_operation_get_subject (const LimOperation *op);

/* Liminal's revision-file text: `b.Class(arg, arg, None)`. */
void          lim_operation_append_python (const LimOperation *op, GString *out);
char         *lim_operation_to_python     (const LimOperation *op);

/* Liminal's describe_operation() text (§4.3–4.4). */
char         *lim_operation_describe      (const LimOperation *op);

/* Is this operation destructive for data (archives, type or unit changes)? */
gboolean      lim_operation_is_destructive (const LimOperation *op);

/* {op, args, kwargs, describe}: args/kwargs as the file gave them. */
JsonNode     *lim_operation_to_json       (const LimOperation *op);

/* JSON for a props value: an object of the set keys (enum values). */
JsonNode     *lim_props_to_json           (const LimProps *props);
JsonNode     *lim_name_template_to_json   (const LimNameTemplate *t);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimOperation, lim_operation_free)

G_END_DECLS
