/* lim-props.h — BaseFieldProperties, BaseSchemaProperties, BaseNameTemplate
 * with Liminal's "set keys" semantics: a key given as None is different from
 * a key not given (§2.3, §6.3–6.5).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lim-benchling-types.h"
#include "lim-py.h"

G_BEGIN_DECLS

typedef enum {
  LIM_PROP_STR,
  LIM_PROP_BOOL,
  LIM_PROP_INT,
  LIM_PROP_ENUM,       /* interned enum value */
  LIM_PROP_ENUM_SET,   /* sorted set of interned enum values */
  LIM_PROP_STR_SET,    /* sorted set of strings */
  LIM_PROP_MIXTURE,    /* MixtureSchemaConfig */
} LimPropType;

typedef struct
{
  const char    *key;        /* Liminal's keyword ("warehouse_name") */
  LimPropType    type;
  const LimEnum *enum_type;  /* ENUM and ENUM_SET */
  const char    *label;      /* a short English label for UIs ("warehouse name") */
} LimPropSpec;

/* Tri-state for optional booleans. */
typedef enum {
  LIM_TRI_NONE = -1,
  LIM_TRI_FALSE = 0,
  LIM_TRI_TRUE = 1,
} LimTri;

typedef struct
{
  LimTri allow_measured_ingredients;     /* Liminal default False */
  LimTri component_lot_storage_enabled;  /* default None */
  LimTri component_lot_text_enabled;     /* default None */
} LimMixtureConfig;

typedef struct
{
  gboolean is_none;            /* set to None */
  char             *s;         /* STR */
  gboolean          b;         /* BOOL */
  gint64            i;         /* INT */
  const char       *e;         /* ENUM */
  GPtrArray        *set;       /* ENUM_SET (static strings) / STR_SET (owned strings) */
  LimMixtureConfig  mixture;   /* MIXTURE */
} LimPropValue;

typedef enum {
  LIM_PROPS_FIELD,
  LIM_PROPS_SCHEMA,
} LimPropsKind;

enum {
  LIM_FIELD_NAME,
  LIM_FIELD_WAREHOUSE_NAME,
  LIM_FIELD_TYPE,
  LIM_FIELD_REQUIRED,
  LIM_FIELD_IS_MULTI,
  LIM_FIELD_PARENT_LINK,
  LIM_FIELD_DROPDOWN_LINK,
  LIM_FIELD_ENTITY_LINK,
  LIM_FIELD_TOOLTIP,
  LIM_FIELD_DECIMAL_PLACES,
  LIM_FIELD_UNIT_NAME,
  LIM_FIELD_N_KEYS
};

enum {
  LIM_SCHEMA_NAME,
  LIM_SCHEMA_WAREHOUSE_NAME,
  LIM_SCHEMA_PREFIX,
  LIM_SCHEMA_ENTITY_TYPE,
  LIM_SCHEMA_NAMING_STRATEGIES,
  LIM_SCHEMA_MIXTURE_SCHEMA_CONFIG,
  LIM_SCHEMA_USE_REGISTRY_ID_AS_LABEL,
  LIM_SCHEMA_INCLUDE_REGISTRY_ID_IN_CHIPS,
  LIM_SCHEMA_CONSTRAINT_FIELDS,
  LIM_SCHEMA_SHOW_BASES_IN_EXPANDED_VIEW,
  LIM_SCHEMA_N_KEYS
};

#define LIM_PROPS_MAX_KEYS 11

typedef struct
{
  LimPropsKind kind;
  guint        set_mask;   /* bit k: key k was given */
  LimPropValue values[LIM_PROPS_MAX_KEYS];
  gboolean     archived;   /* private _archived; not compared, not written */
} LimProps;

const LimPropSpec *lim_props_specs   (LimPropsKind kind, guint *n_keys);
const char        *lim_props_class_name (LimPropsKind kind); /* "BaseFieldProperties" */
int                lim_props_key_index (LimPropsKind kind, const char *key);

LimProps   *lim_props_new      (LimPropsKind kind);
LimProps   *lim_props_copy     (const LimProps *props);
void        lim_props_free     (LimProps *props);

gboolean    lim_props_is_set   (const LimProps *props, guint key);
gboolean    lim_props_is_none  (const LimProps *props, guint key); /* set and None */
/* Set-and-not-None accessors; NULL / FALSE / 0 otherwise. */
const char *lim_props_get_str  (const LimProps *props, guint key);  /* STR and ENUM */
gboolean    lim_props_get_bool (const LimProps *props, guint key);
gint64      lim_props_get_int  (const LimProps *props, guint key);
GPtrArray  *lim_props_get_set  (const LimProps *props, guint key);
const LimMixtureConfig *lim_props_get_mixture (const LimProps *props, guint key);

void        lim_props_unset    (LimProps *props, guint key);
void        lim_props_set_none (LimProps *props, guint key);
void        lim_props_set_str  (LimProps *props, guint key, const char *value); /* NULL = None; ENUM keys: value must be a valid value */
void        lim_props_set_bool (LimProps *props, guint key, gboolean value);
void        lim_props_set_int  (LimProps *props, guint key, gint64 value);
/* ENUM_SET / STR_SET: the set is copied, sorted and deduplicated. */
void        lim_props_set_set  (LimProps *props, guint key, const char * const *values, gssize n);
void        lim_props_set_mixture (LimProps *props, guint key, const LimMixtureConfig *mixture);

/* Equality of the values of every key (set or not; unset counts as None),
 * as pydantic model_dump() equality does. */
gboolean    lim_props_equal    (const LimProps *a, const LimProps *b);
gboolean    lim_props_value_equal (const LimProps *a, const LimProps *b, guint key);

/* Parse a `BaseFieldProperties(...)` / `BaseSchemaProperties(...)` call. */
LimProps   *lim_props_from_node (LimPropsKind     kind,
                                 const LimPyNode *node,
                                 const char      *file,
                                 GError         **error);

/* repr(): `BaseFieldProperties(name='X', tooltip=None)` — field properties
 * write every set key (None included), schema properties the set non-None
 * keys (§2.3).  Sets sorted.  No `b.` prefix: the caller adds it. */
void        lim_props_append_repr (const LimProps *props, GString *out, gboolean b_prefix);

/* str(): `name=X, type=BenchlingFieldType.TEXT, tooltip=None` (every set
 * key), as Liminal's describe_operation() prints them. */
void        lim_props_append_str  (const LimProps *props, GString *out);

/* Name templates. */
typedef struct
{
  const char *class_name;   /* "TextPart" */
  const char *part_type;    /* NameTemplatePartType value: "TEXT" */
  const char *data_key;     /* "value", "wh_field_name", or NULL */
} LimPartSpec;

const LimPartSpec *lim_part_spec_lookup (const char *class_name);
const LimPartSpec *lim_part_spec_for_type (const char *part_type);

typedef struct
{
  const LimPartSpec *spec;
  char              *data;  /* value / wh_field_name, NULL when the part has none */
} LimNameTemplatePart;

typedef struct
{
  gboolean   parts_set;
  GPtrArray *parts;          /* element-type LimNameTemplatePart*, NULL when parts=None */
  gboolean   order_set;
  LimTri     order_name_parts_by_sequence;
} LimNameTemplate;

LimNameTemplate *lim_name_template_new   (void);
LimNameTemplate *lim_name_template_copy  (const LimNameTemplate *t);
void             lim_name_template_free  (LimNameTemplate *t);
void             lim_name_template_add_part (LimNameTemplate *t, const LimPartSpec *spec, const char *data);
gboolean         lim_name_template_equal (const LimNameTemplate *a, const LimNameTemplate *b);
/* The parts alone (types included, §5.4), not the ordering flag. */
gboolean         lim_name_template_parts_equal (const LimNameTemplate *a, const LimNameTemplate *b);
LimNameTemplate *lim_name_template_from_node (const LimPyNode *node, const char *file, GError **error);
void             lim_name_template_append_repr (const LimNameTemplate *t, GString *out, gboolean b_prefix);
void             lim_name_template_append_str  (const LimNameTemplate *t, GString *out);
void             lim_name_template_part_append_repr (const LimNameTemplatePart *part, GString *out, gboolean b_prefix);

/* Strip a leading "b." or "liminal.external." from a dotted name. */
const char *lim_strip_b_prefix (const char *dotted);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimProps, lim_props_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimNameTemplate, lim_name_template_free)

G_END_DECLS
