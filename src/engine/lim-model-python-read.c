/* lim-model-python-read.c — Liminal's Python model read into JSON model files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "lim-benchling-types.h"
#include "lim-model-files.h"
#include "lim-model-python-read.h"
#include "lim-props.h"
#include "lim-py.h"

G_DEFINE_QUARK (lim-model-python-read-error-quark, lim_model_python_read_error)

#define INVALID(file, node, ...) \
  lim_set_error_at (ctx->error, LIM_MODEL_PYTHON_READ_ERROR, LIM_MODEL_PYTHON_READ_ERROR_INVALID, (file), \
                    (node), __VA_ARGS__)

/* One parsed file and the names its imports bind. */
typedef struct
{
  char        *name;
  LimPyModule *module;
  GHashTable  *bound;     /* bound name → imported name; "*" for `import *` */
  GHashTable  *liminal;   /* the same for the imports from liminal's modules */
} PyFile;

typedef enum {
  CLASS_DROPDOWN,
  CLASS_MODEL,
  CLASS_RESULTS,   /* BaseResultsModel: a result schema, read only */
} ClassKind;

/* SchemaProperties' arguments, Column's arguments (in their order). */
enum {
  SP_NAME,
  SP_WAREHOUSE_NAME,
  SP_PREFIX,
  SP_ENTITY_TYPE,
  SP_NAMING_STRATEGIES,
  SP_MIXTURE_SCHEMA_CONFIG,
  SP_USE_REGISTRY_ID_AS_LABEL,
  SP_INCLUDE_REGISTRY_ID_IN_CHIPS,
  SP_CONSTRAINT_FIELDS,
  SP_SHOW_BASES_IN_EXPANDED_VIEW,
  SP_ARCHIVED,
  SP_N
};

enum {
  COL_NAME,
  COL_TYPE,
  COL_REQUIRED,
  COL_IS_MULTI,
  COL_PARENT_LINK,
  COL_TOOLTIP,
  COL_DROPDOWN,
  COL_ENTITY_LINK,
  COL_UNIT_NAME,
  COL_DECIMAL_PLACES,
  COL_WAREHOUSE_NAME,
  COL_ARCHIVED,
  COL_N
};

/* Where a column's arguments are written. */
typedef struct
{
  const LimPyNode *call;
  const LimPyNode *args[COL_N + 1];
} ColumnSource;

/* A dropdown or model class, and where its values are written (for the
 * problems of the JSON model's validation). */
typedef struct
{
  PyFile          *file;
  LimPyStmt       *stmt;
  ClassKind        kind;
  char            *benchling_name;  /* dropdowns, once read */
  const LimPyNode *attributes[3];   /* dropdown: name, values, archived; model: properties, template */
  const LimPyNode *props[SP_N + 1]; /* models: SchemaProperties' arguments */
  GPtrArray       *columns;         /* models: ColumnSource*, in field order */
} ClassRef;

typedef struct
{
  GPtrArray  *files;          /* PyFile* */
  GHashTable *classes;        /* class name → ClassRef* (owned) */
  GPtrArray  *order;          /* ClassRef*, in file order */
  GHashTable *dropdown_names; /* benchling name → ClassRef* */
  GHashTable *warehouse;      /* warehouse name → ClassRef* */
  GHashTable *schema_names;   /* schema name → ClassRef* */
  GPtrArray  *dropdown_nodes; /* JsonNode* */
  GPtrArray  *schema_nodes;   /* JsonNode* */
  GHashTable *results_warehouse; /* result schema warehouse name → ClassRef* */
  GPtrArray  *results_nodes;  /* JsonNode* */
  GError    **error;
} Ctx;

static void
py_file_free (gpointer data)
{
  PyFile *f = data;

  g_free (f->name);
  lim_py_module_free (f->module);
  g_hash_table_unref (f->bound);
  g_hash_table_unref (f->liminal);
  g_free (f);
}

static void
class_ref_free (gpointer data)
{
  ClassRef *c = data;

  g_free (c->benchling_name);
  g_clear_pointer (&c->columns, g_ptr_array_unref);
  g_free (c);
}

/* A node standing for a statement's position in messages. */
static LimPyNode
at_stmt (const LimPyStmt *stmt)
{
  LimPyNode node = { 0 };

  node.line = stmt->line;
  node.column = stmt->column;
  return node;
}

/* ------------------------------------------------------------- imports */

/* "from X import a, b as c" → bound a → a, c → b; "import *" → "*". */
static void
bind_import (PyFile     *f,
             const char *text)
{
  const char *names = strstr (text, " import ");
  g_auto(GStrv) parts = NULL;

  if (!g_str_has_prefix (text, "from ") || names == NULL)
    return;
  parts = g_strsplit (names + strlen (" import "), ", ", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *as = strstr (parts[i], " as ");
      g_autofree char *name = as ? g_strndup (parts[i], (gsize) (as - parts[i])) : g_strdup (parts[i]);
      const char *alias = as ? as + strlen (" as ") : parts[i];

      if (g_str_has_prefix (text, "from liminal.") || g_str_has_prefix (text, "from liminal "))
        g_hash_table_replace (f->liminal, g_strdup (alias), g_strdup (name));
      else
        g_hash_table_remove (f->liminal, alias);
      g_hash_table_replace (f->bound, g_strdup (alias), g_steal_pointer (&name));
    }
}

/* The class @dotted names in @f, by its last component: an alias imported
 * from liminal is the name it imports; a plain name imported from anywhere
 * else is nobody's class of liminal (""). */
static const char *
class_name_of (PyFile     *f,
               const char *dotted)
{
  const char *name;

  if (strchr (dotted, '.') != NULL)
    return lim_py_name_last (dotted);
  name = g_hash_table_lookup (f->liminal, dotted);
  if (name != NULL)
    return name;
  return g_hash_table_contains (f->bound, dotted) ? "" : dotted;
}

/* --------------------------------------------------------------- values */

static const char *
kind_phrase (const LimPyNode *node)
{
  return lim_py_kind_to_string (node->kind);
}

/* @node cannot be evaluated as @expected. */
static gboolean
not_readable (Ctx             *ctx,
              PyFile          *f,
              const LimPyNode *node,
              const char      *what,
              const char      *expected)
{
  if (node->kind == LIM_PY_CALL)
    INVALID (f->name, node, "%s is a call of %s(…), which the model reader cannot evaluate; write %s", what,
             node->str, expected);
  else if (node->kind == LIM_PY_NAME)
    INVALID (f->name, node, "%s is the name %s, which the model reader cannot evaluate; write %s", what,
             node->str, expected);
  else
    INVALID (f->name, node, "%s must be %s, not a %s", what, expected, kind_phrase (node));
  return FALSE;
}

/* Whether @node is a literal of @kind, or None when @allow_none. */
static gboolean
is_literal (Ctx             *ctx,
            PyFile          *f,
            const LimPyNode *node,
            const char      *what,
            LimPyKind        kind,
            gboolean         allow_none,
            const char      *expected)
{
  if (node->kind == kind || (allow_none && node->kind == LIM_PY_NONE))
    return TRUE;
  return not_readable (ctx, f, node, what, expected);
}

static gboolean
eval_str (Ctx             *ctx,
          PyFile          *f,
          const LimPyNode *node,
          const char      *what,
          gboolean         allow_none,
          const char     **out)
{
  if (!is_literal (ctx, f, node, what, LIM_PY_STR, allow_none,
                   allow_none ? "a string literal or None" : "a string literal"))
    return FALSE;
  *out = node->kind == LIM_PY_STR ? node->str : NULL;
  return TRUE;
}

/* Booleans; None (when allowed) is LIM_TRI_NONE. */
static gboolean
eval_tri (Ctx             *ctx,
          PyFile          *f,
          const LimPyNode *node,
          const char      *what,
          gboolean         allow_none,
          LimTri          *out)
{
  if (!is_literal (ctx, f, node, what, LIM_PY_BOOL, allow_none, allow_none ? "True, False or None" : "True or False"))
    return FALSE;
  *out = node->kind == LIM_PY_NONE ? LIM_TRI_NONE : node->bval ? LIM_TRI_TRUE : LIM_TRI_FALSE;
  return TRUE;
}

/* `Enum.MEMBER` (any module prefix) or the member's value as a string. */
static gboolean
eval_enum (Ctx             *ctx,
           PyFile          *f,
           const LimPyNode *node,
           const LimEnum   *e,
           const char      *what,
           const char     **out)
{
  if (node->kind == LIM_PY_NAME && strchr (node->str, '.') != NULL)
    {
      const char *member = lim_py_name_last (node->str);
      g_autofree char *prefix = g_strndup (node->str, (gsize) (member - node->str - 1));
      const LimEnumMember *m;

      if (strcmp (class_name_of (f, prefix), e->class_name) == 0)
        {
          m = lim_enum_by_name (e, member);
          if (m == NULL)
            {
              INVALID (f->name, node, "%s: %s has no member %s", what, e->class_name, member);
              return FALSE;
            }
          *out = m->value;
          return TRUE;
        }
    }
  if (node->kind == LIM_PY_STR)
    {
      *out = lim_enum_intern (e, node->str);
      if (*out != NULL)
        return TRUE;
      INVALID (f->name, node, "%s: “%s” is not a value of %s", what, node->str, e->class_name);
      return FALSE;
    }
  {
    g_autofree char *expected = g_strdup_printf ("a member of %s", e->class_name);

    return not_readable (ctx, f, node, what, expected);
  }
}

/* The items of a set, list or tuple literal; NULL for `set()`. */
static gboolean
collection_items (Ctx             *ctx,
                  PyFile          *f,
                  const LimPyNode *node,
                  const char      *what,
                  GPtrArray      **items)
{
  *items = NULL;
  if (node->kind == LIM_PY_SET || node->kind == LIM_PY_LIST || node->kind == LIM_PY_TUPLE)
    {
      *items = node->items;
      return TRUE;
    }
  if (node->kind == LIM_PY_CALL && strcmp (node->str, "set") == 0 && node->items->len == 0
      && node->keywords->len == 0)
    return TRUE;
  return not_readable (ctx, f, node, what, "a set or list literal");
}

#define add_str  lim_model_files_add_str
#define add_bool lim_model_files_add_bool
#define add_tri  lim_model_files_add_tri
#define add_set  lim_model_files_add_set

/* ------------------------------------------------------------ arguments */

/* The arguments of a call matched to @params (positional ones in order):
 * @values[i] is the node of @params[i] or NULL. */
static gboolean
match_arguments (Ctx               *ctx,
                 PyFile            *f,
                 const LimPyNode   *call,
                 const char        *callee,
                 const char *const *params,
                 const LimPyNode  **values)
{
  guint n_params = g_strv_length ((char **) params);

  for (guint i = 0; i < call->items->len; i++)
    {
      const LimPyNode *arg = g_ptr_array_index (call->items, i);

      if (i >= n_params)
        {
          INVALID (f->name, arg, "%s() takes at most %u positional arguments", callee, n_params);
          return FALSE;
        }
      values[i] = arg;
    }
  for (guint i = 0; i < call->keywords->len; i++)
    {
      const char *kw = g_ptr_array_index (call->keywords, i);
      const LimPyNode *value = g_ptr_array_index (call->values, i);
      guint k;

      for (k = 0; k < n_params; k++)
        if (strcmp (params[k], kw) == 0)
          break;
      if (k == n_params)
        {
          g_autofree char *allowed = g_strjoinv (", ", (char **) params);

          INVALID (f->name, value, "%s() has no argument “%s” (it takes %s)", callee, kw, allowed);
          return FALSE;
        }
      if (values[k] != NULL)
        {
          INVALID (f->name, value, "%s(): argument “%s” is given twice", callee, kw);
          return FALSE;
        }
      values[k] = value;
    }
  return TRUE;
}

static gboolean
require_arguments (Ctx               *ctx,
                   PyFile            *f,
                   const LimPyNode   *call,
                   const char        *callee,
                   const char *const *params,
                   const LimPyNode  **values,
                   guint              n_required)
{
  for (guint k = 0; k < n_required; k++)
    if (values[k] == NULL)
      {
        INVALID (f->name, call, "%s() is missing its argument “%s”", callee, params[k]);
        return FALSE;
      }
  return TRUE;
}

/* Whether @node calls @name (any module prefix). */
static gboolean
is_call_of (PyFile          *f,
            const LimPyNode *node,
            const char      *name)
{
  return node->kind == LIM_PY_CALL && strcmp (class_name_of (f, node->str), name) == 0;
}

/* -------------------------------------------------------------- dropdowns */

/* The values of @c's class attributes @names (NULL-terminated) into
 * @values (NULL when not set); an attribute set twice is an error, and so is
 * a statement that may set attributes the reader cannot see (`if`, `for` …). */
static gboolean
class_attributes (Ctx               *ctx,
                  ClassRef          *c,
                  const char *const *names,
                  const LimPyNode  **values)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < c->stmt->body->len; i++)
    {
      static const char *const blocks[] = { "if", "for", "while", "with", "try", NULL };
      const LimPyStmt *s = g_ptr_array_index (c->stmt->body, i);

      if (s->kind == LIM_PY_STMT_SKIPPED && s->name != NULL && g_strv_contains (blocks, s->name))
        {
          LimPyNode at = at_stmt (s);

          INVALID (c->file->name, &at, "class %s: what its “%s” block sets cannot be evaluated by the model "
                   "reader; write the class attributes outside the block", c->stmt->name, s->name);
          return FALSE;
        }
      if (s->kind != LIM_PY_STMT_ASSIGN)
        continue;
      for (guint t = 0; t < s->targets->len; t++)
        {
          const char *target = g_ptr_array_index (s->targets, t);

          if (!g_hash_table_add (seen, (gpointer) target))
            {
              INVALID (c->file->name, s->value, "class %s sets %s twice", c->stmt->name, target);
              return FALSE;
            }
          for (guint k = 0; names[k] != NULL; k++)
            if (strcmp (names[k], target) == 0)
              values[k] = s->value;
        }
    }
  return TRUE;
}

static gboolean
read_dropdown (Ctx      *ctx,
               ClassRef *c)
{
  static const char *const names[] = { "__benchling_name__", "__allowed_values__", "__archived__", NULL };
  PyFile *f = c->file;
  const LimPyNode *name, *values;
  LimTri archived = LIM_TRI_FALSE;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  LimPyNode at = at_stmt (c->stmt);
  ClassRef *other;

  if (!class_attributes (ctx, c, names, c->attributes))
    return FALSE;
  name = c->attributes[0];
  values = c->attributes[1];
  if (name == NULL || values == NULL)
    {
      INVALID (f->name, &at, "dropdown class %s must set %s", c->stmt->name,
               name == NULL ? "__benchling_name__" : "__allowed_values__");
      return FALSE;
    }
  if (name->kind != LIM_PY_STR)
    return not_readable (ctx, f, name, "__benchling_name__", "a string literal");
  if (name->str[0] == '\0')
    {
      INVALID (f->name, name, "__benchling_name__ of %s is empty", c->stmt->name);
      return FALSE;
    }
  if (values->kind != LIM_PY_LIST && values->kind != LIM_PY_TUPLE)
    return not_readable (ctx, f, values, "__allowed_values__", "a list of string literals");
  /* An archived dropdown, as lim-model-python-write spells it (Liminal's
   * BaseDropdown ignores the attribute). */
  if (c->attributes[2] != NULL && !eval_tri (ctx, f, c->attributes[2], "__archived__", FALSE, &archived))
    return FALSE;
  other = g_hash_table_lookup (ctx->dropdown_names, name->str);
  if (other != NULL)
    {
      INVALID (f->name, name, "the dropdown name “%s” is already used by class %s (%s:%u)", name->str,
               other->stmt->name, other->file->name, other->stmt->line);
      return FALSE;
    }
  c->benchling_name = g_strdup (name->str);
  g_hash_table_insert (ctx->dropdown_names, c->benchling_name, c);

  json_builder_begin_object (b);
  add_str (b, "name", name->str);
  json_builder_set_member_name (b, "options");
  json_builder_begin_array (b);
  for (guint i = 0; i < values->items->len; i++)
    {
      const LimPyNode *v = g_ptr_array_index (values->items, i);

      if (v->kind != LIM_PY_STR)
        return not_readable (ctx, f, v, "a value of __allowed_values__", "a string literal");
      if (!g_hash_table_add (seen, v->str))
        {
          INVALID (f->name, v, "“%s” is twice in the __allowed_values__ of %s", v->str, c->stmt->name);
          return FALSE;
        }
      json_builder_add_string_value (b, v->str);
    }
  json_builder_end_array (b);
  add_bool (b, "archived", archived == LIM_TRI_TRUE);
  json_builder_end_object (b);
  g_ptr_array_add (ctx->dropdown_nodes, json_builder_get_root (b));
  return TRUE;
}

/* ---------------------------------------------------------- name template */

static gboolean
read_name_template (Ctx             *ctx,
                    PyFile          *f,
                    const LimPyNode *node,
                    JsonBuilder     *b)
{
  static const char *const params[] = { "parts", "order_name_parts_by_sequence", NULL };
  const LimPyNode *values[G_N_ELEMENTS (params)] = { NULL };
  LimTri order = LIM_TRI_FALSE;

  json_builder_set_member_name (b, "name_template");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "parts");
  json_builder_begin_array (b);
  if (node != NULL)
    {
      if (!is_call_of (f, node, "NameTemplate"))
        return not_readable (ctx, f, node, "__name_template__", "NameTemplate(parts=[…])");
      if (!match_arguments (ctx, f, node, "NameTemplate", params, values))
        return FALSE;
      if (values[1] != NULL && !eval_tri (ctx, f, values[1], "order_name_parts_by_sequence", TRUE, &order))
        return FALSE;
    }
  if (values[0] != NULL && values[0]->kind != LIM_PY_NONE)
    {
      if (values[0]->kind != LIM_PY_LIST && values[0]->kind != LIM_PY_TUPLE)
        return not_readable (ctx, f, values[0], "parts", "a list of name template parts");
      for (guint i = 0; i < values[0]->items->len; i++)
        {
          const LimPyNode *part = g_ptr_array_index (values[0]->items, i);
          const LimPartSpec *spec = part->kind == LIM_PY_CALL ? lim_part_spec_lookup (class_name_of (f,
                                                                                                     part->str)) : NULL;
          const char *part_params[] = { spec && spec->data_key ? spec->data_key : NULL, NULL };
          const LimPyNode *data[2] = { NULL };
          const char *text = NULL;

          if (spec == NULL)
            return not_readable (ctx, f, part, "a name template part", "a part such as TextPart(value=…)");
          if (!match_arguments (ctx, f, part, spec->class_name, part_params, data)
              || !require_arguments (ctx, f, part, spec->class_name, part_params, data, spec->data_key ? 1 : 0))
            return FALSE;
          if (data[0] != NULL && !eval_str (ctx, f, data[0], spec->data_key, FALSE, &text))
            return FALSE;
          json_builder_begin_object (b);
          add_str (b, "type", spec->part_type);
          if (spec->data_key)
            add_str (b, spec->data_key, text);
          json_builder_end_object (b);
        }
    }
  json_builder_end_array (b);
  add_bool (b, "order_name_parts_by_sequence", order == LIM_TRI_TRUE);
  json_builder_end_object (b);
  return TRUE;
}

/* ------------------------------------------------------------ properties */


static const char *const schema_params[] = {
  "name", "warehouse_name", "prefix", "entity_type", "naming_strategies", "mixture_schema_config",
  "use_registry_id_as_label", "include_registry_id_in_chips", "constraint_fields",
  "show_bases_in_expanded_view", "_archived", NULL
};

static gboolean
read_mixture (Ctx             *ctx,
              PyFile          *f,
              const LimPyNode *node,
              JsonBuilder     *b)
{
  static const char *const params[] = {
    "allowMeasuredIngredients", "componentLotStorageEnabled", "componentLotTextEnabled", NULL
  };
  const LimPyNode *values[G_N_ELEMENTS (params)] = { NULL };
  LimTri tri[3] = { LIM_TRI_FALSE, LIM_TRI_NONE, LIM_TRI_NONE };

  json_builder_set_member_name (b, "mixture_schema_config");
  if (node == NULL || node->kind == LIM_PY_NONE)
    {
      json_builder_add_null_value (b);
      return TRUE;
    }
  if (node->kind == LIM_PY_DICT)
    {
      for (guint i = 0; i < node->items->len; i++)
        {
          const LimPyNode *key = g_ptr_array_index (node->items, i);
          guint k;

          if (key->kind != LIM_PY_STR)
            return not_readable (ctx, f, key, "a key of mixture_schema_config", "a string literal");
          for (k = 0; params[k] != NULL; k++)
            if (strcmp (params[k], key->str) == 0)
              break;
          if (params[k] == NULL)
            {
              INVALID (f->name, key, "mixture_schema_config has no key “%s”", key->str);
              return FALSE;
            }
          values[k] = g_ptr_array_index (node->values, i);
        }
    }
  else if (is_call_of (f, node, "MixtureSchemaConfig"))
    {
      if (!match_arguments (ctx, f, node, "MixtureSchemaConfig", params, values))
        return FALSE;
    }
  else
    return not_readable (ctx, f, node, "mixture_schema_config", "MixtureSchemaConfig(…), a dict literal or None");
  for (guint k = 0; k < 3; k++)
    if (values[k] != NULL && !eval_tri (ctx, f, values[k], params[k], k > 0, &tri[k]))
      return FALSE;
  json_builder_begin_object (b);
  add_bool (b, params[0], tri[0] == LIM_TRI_TRUE);
  add_tri (b, params[1], tri[1]);
  add_tri (b, params[2], tri[2]);
  json_builder_end_object (b);
  return TRUE;
}

static gboolean
read_enum_set (Ctx             *ctx,
               PyFile          *f,
               const LimPyNode *node,
               const LimEnum   *e,
               const char      *key,
               JsonBuilder     *b)
{
  g_autoptr(GPtrArray) set = g_ptr_array_new ();
  GPtrArray *items = NULL;

  if (!collection_items (ctx, f, node, key, &items))
    return FALSE;
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      const char *value = NULL;

      if (e != NULL ? !eval_enum (ctx, f, g_ptr_array_index (items, i), e, key, &value)
                    : !eval_str (ctx, f, g_ptr_array_index (items, i), key, FALSE, &value))
        return FALSE;
      g_ptr_array_add (set, (gpointer) value);
    }
  add_set (b, key, set);
  return TRUE;
}

/* The SchemaProperties keys of the JSON file; sets *archived. */
static gboolean
read_schema_properties (Ctx             *ctx,
                        ClassRef        *c,
                        const LimPyNode *node,
                        JsonBuilder     *b,
                        gboolean        *archived)
{
  PyFile *f = c->file;
  const LimPyNode **v = c->props;
  const char *str[4] = { NULL };
  LimTri flags[3] = { LIM_TRI_FALSE, LIM_TRI_FALSE, LIM_TRI_FALSE };
  LimTri arch = LIM_TRI_FALSE;
  ClassRef *other;

  if (!is_call_of (f, node, "SchemaProperties"))
    return not_readable (ctx, f, node, "__schema_properties__", "SchemaProperties(…)");
  if (!match_arguments (ctx, f, node, "SchemaProperties", schema_params, v)
      || !require_arguments (ctx, f, node, "SchemaProperties", schema_params, v, SP_ENTITY_TYPE + 1))
    return FALSE;
  for (guint k = SP_NAME; k <= SP_PREFIX; k++)
    if (!eval_str (ctx, f, v[k], schema_params[k], FALSE, &str[k]))
      return FALSE;
  if (!eval_enum (ctx, f, v[SP_ENTITY_TYPE], &lim_enum_entity_type, "entity_type", &str[SP_ENTITY_TYPE]))
    return FALSE;
  for (guint k = 0; k < 3; k++)
    {
      static const guint keys[3] = {
        SP_USE_REGISTRY_ID_AS_LABEL, SP_INCLUDE_REGISTRY_ID_IN_CHIPS, SP_SHOW_BASES_IN_EXPANDED_VIEW
      };

      if (v[keys[k]] != NULL && !eval_tri (ctx, f, v[keys[k]], schema_params[keys[k]], TRUE, &flags[k]))
        return FALSE;
    }
  if (v[SP_ARCHIVED] != NULL && !eval_tri (ctx, f, v[SP_ARCHIVED], "_archived", FALSE, &arch))
    return FALSE;
  *archived = arch == LIM_TRI_TRUE;

  other = g_hash_table_lookup (ctx->warehouse, str[SP_WAREHOUSE_NAME]);
  if (other != NULL)
    {
      INVALID (f->name, v[SP_WAREHOUSE_NAME], "the warehouse name “%s” is already used by class %s (%s:%u)",
               str[SP_WAREHOUSE_NAME], other->stmt->name, other->file->name, other->stmt->line);
      return FALSE;
    }
  if (str[SP_WAREHOUSE_NAME][0] == '\0' || strcmp (str[SP_WAREHOUSE_NAME], ".") == 0
      || strcmp (str[SP_WAREHOUSE_NAME], "..") == 0 || strpbrk (str[SP_WAREHOUSE_NAME], "/\\") != NULL)
    {
      INVALID (f->name, v[SP_WAREHOUSE_NAME], "“%s” cannot be a warehouse name", str[SP_WAREHOUSE_NAME]);
      return FALSE;
    }
  other = g_hash_table_lookup (ctx->schema_names, str[SP_NAME]);
  if (other != NULL)
    {
      INVALID (f->name, v[SP_NAME], "the schema name “%s” is already used by class %s (%s:%u)", str[SP_NAME],
               other->stmt->name, other->file->name, other->stmt->line);
      return FALSE;
    }
  g_hash_table_insert (ctx->warehouse, (gpointer) str[SP_WAREHOUSE_NAME], c);
  g_hash_table_insert (ctx->schema_names, (gpointer) str[SP_NAME], c);

  add_str (b, "name", str[SP_NAME]);
  add_str (b, "warehouse_name", str[SP_WAREHOUSE_NAME]);
  add_str (b, "prefix", str[SP_PREFIX]);
  add_str (b, "entity_type", str[SP_ENTITY_TYPE]);
  if (v[SP_NAMING_STRATEGIES] != NULL)
    {
      if (!read_enum_set (ctx, f, v[SP_NAMING_STRATEGIES], &lim_enum_naming_strategy, "naming_strategies", b))
        return FALSE;
    }
  else
    {
      /* SchemaProperties' default. */
      g_autoptr(GPtrArray) set = g_ptr_array_new ();
      static const char *const defaults[] = { "NEW_IDS", "IDS_FROM_NAMES", "REPLACE_NAME_WITH_ID" };

      for (guint k = 0; k < G_N_ELEMENTS (defaults); k++)
        g_ptr_array_add (set, (gpointer) lim_enum_by_name (&lim_enum_naming_strategy, defaults[k])->value);
      add_set (b, "naming_strategies", set);
    }
  if (!read_mixture (ctx, f, v[SP_MIXTURE_SCHEMA_CONFIG], b))
    return FALSE;
  add_bool (b, "use_registry_id_as_label", flags[0] == LIM_TRI_TRUE);
  add_bool (b, "include_registry_id_in_chips", flags[1] == LIM_TRI_TRUE);
  if (v[SP_CONSTRAINT_FIELDS] != NULL)
    {
      if (!read_enum_set (ctx, f, v[SP_CONSTRAINT_FIELDS], NULL, "constraint_fields", b))
        return FALSE;
    }
  else
    {
      g_autoptr(GPtrArray) none = g_ptr_array_new ();

      add_set (b, "constraint_fields", none);
    }
  add_bool (b, "show_bases_in_expanded_view", flags[2] == LIM_TRI_TRUE);
  return TRUE;
}

/* ---------------------------------------------------------------- columns */


/* Liminal's Column.__init__, in its order. */
static const char *const column_params[] = {
  "name", "type", "required", "is_multi", "parent_link", "tooltip", "dropdown", "entity_link", "unit_name",
  "decimal_places", "_warehouse_name", "_archived", NULL
};

/* The dropdown class @node names, as the file @f sees it. */
static gboolean
resolve_dropdown (Ctx             *ctx,
                  PyFile          *f,
                  const LimPyNode *node,
                  const char     **benchling_name)
{
  const char *name;
  ClassRef *c;

  if (node->kind != LIM_PY_NAME)
    return not_readable (ctx, f, node, "dropdown", "a dropdown class of the model");
  name = lim_py_name_last (node->str);
  c = g_hash_table_lookup (ctx->classes, name);
  if (strchr (node->str, '.') == NULL && (c == NULL || c->file != f))
    {
      const char *imported = g_hash_table_lookup (f->bound, name);

      if (imported == NULL && !g_hash_table_contains (f->bound, "*"))
        {
          INVALID (f->name, node, "dropdown %s is neither defined nor imported in this file", name);
          return FALSE;
        }
      if (imported != NULL)
        c = g_hash_table_lookup (ctx->classes, imported);
    }
  if (c == NULL || c->kind != CLASS_DROPDOWN)
    {
      INVALID (f->name, node, "%s is not a dropdown class of the model (no class deriving from BaseDropdown has "
               "this name)", node->str);
      return FALSE;
    }
  *benchling_name = c->benchling_name;
  return TRUE;
}

static gboolean
read_column (Ctx             *ctx,
             PyFile          *f,
             ColumnSource    *source,
             const char      *attribute,
             const LimPyNode *call,
             GHashTable      *columns,
             JsonBuilder     *b)
{
  const LimPyNode **v = source->args;
  const char *str[COL_N] = { NULL };
  LimTri tri[COL_N] = { LIM_TRI_FALSE };
  const char *wh;

  if (!match_arguments (ctx, f, call, "Column", column_params, v)
      || !require_arguments (ctx, f, call, "Column", column_params, v, COL_REQUIRED + 1))
    return FALSE;
  if (!eval_str (ctx, f, v[COL_NAME], "name", FALSE, &str[COL_NAME])
      || !eval_enum (ctx, f, v[COL_TYPE], &lim_enum_field_type, "the field type", &str[COL_TYPE])
      || !eval_tri (ctx, f, v[COL_REQUIRED], "required", FALSE, &tri[COL_REQUIRED]))
    return FALSE;
  for (guint k = COL_IS_MULTI; k < COL_N; k++)
    {
      if (v[k] == NULL)
        continue;
      switch (k)
        {
        case COL_IS_MULTI:
        case COL_PARENT_LINK:
        case COL_ARCHIVED:
          if (!eval_tri (ctx, f, v[k], column_params[k], FALSE, &tri[k]))
            return FALSE;
          break;
        case COL_DROPDOWN:
          if (v[k]->kind != LIM_PY_NONE && !resolve_dropdown (ctx, f, v[k], &str[k]))
            return FALSE;
          break;
        case COL_DECIMAL_PLACES:
          if (v[k]->kind != LIM_PY_INT && v[k]->kind != LIM_PY_NONE)
            return not_readable (ctx, f, v[k], "decimal_places", "an integer literal or None");
          break;
        default:
          if (!eval_str (ctx, f, v[k], column_params[k], TRUE, &str[k]))
            return FALSE;
        }
    }
  /* As Liminal's Column() checks them when the class is defined. */
  if (str[COL_DROPDOWN] != NULL && strcmp (str[COL_TYPE], "dropdown") != 0)
    {
      INVALID (f->name, v[COL_DROPDOWN], "Column %s: dropdown= can only be given to a field of type "
               "BenchlingFieldType.DROPDOWN", str[COL_NAME]);
      return FALSE;
    }
  if (str[COL_DROPDOWN] == NULL && strcmp (str[COL_TYPE], "dropdown") == 0)
    {
      INVALID (f->name, call, "Column %s: a field of type BenchlingFieldType.DROPDOWN needs dropdown=", str[COL_NAME]);
      return FALSE;
    }
  wh = str[COL_WAREHOUSE_NAME] != NULL ? str[COL_WAREHOUSE_NAME] : attribute;
  if (g_hash_table_contains (columns, wh))
    {
      INVALID (f->name, v[COL_WAREHOUSE_NAME] ? v[COL_WAREHOUSE_NAME] : call,
               "the warehouse name “%s” is already used by another column of this class", wh);
      return FALSE;
    }
  g_hash_table_add (columns, (gpointer) wh);

  json_builder_begin_object (b);
  add_str (b, "name", str[COL_NAME]);
  add_str (b, "warehouse_name", wh);
  add_str (b, "type", str[COL_TYPE]);
  add_bool (b, "required", tri[COL_REQUIRED] == LIM_TRI_TRUE);
  add_bool (b, "is_multi", tri[COL_IS_MULTI] == LIM_TRI_TRUE);
  add_bool (b, "parent_link", tri[COL_PARENT_LINK] == LIM_TRI_TRUE);
  add_str (b, "dropdown_link", str[COL_DROPDOWN]);
  add_str (b, "entity_link", str[COL_ENTITY_LINK]);
  add_str (b, "tooltip", str[COL_TOOLTIP]);
  json_builder_set_member_name (b, "decimal_places");
  if (v[COL_DECIMAL_PLACES] != NULL && v[COL_DECIMAL_PLACES]->kind == LIM_PY_INT)
    json_builder_add_int_value (b, v[COL_DECIMAL_PLACES]->ival);
  else
    json_builder_add_null_value (b);
  add_str (b, "unit_name", str[COL_UNIT_NAME]);
  add_bool (b, "archived", tri[COL_ARCHIVED] == LIM_TRI_TRUE);
  json_builder_end_object (b);
  return TRUE;
}

/* Whether an annotation names a column (`SqlColumn`, `Column`); relationships
 * (`Mapped[…]`, none) are read over. */
static gboolean
annotation_is_column (const char *annotation)
{
  return annotation != NULL && strstr (annotation, "Column") != NULL;
}

/* ----------------------------------------------------------------- models */

static gboolean read_columns (Ctx         *ctx,
                              ClassRef    *c,
                              JsonBuilder *b);

static gboolean
read_model (Ctx      *ctx,
            ClassRef *c)
{
  static const char *const names[] = { "__schema_properties__", "__name_template__", NULL };
  PyFile *f = c->file;
  const LimPyNode *props, *template;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  LimPyNode at = at_stmt (c->stmt);
  gboolean archived = FALSE;

  if (!class_attributes (ctx, c, names, c->attributes))
    return FALSE;
  props = c->attributes[0];
  template = c->attributes[1];
  if (props == NULL)
    {
      INVALID (f->name, &at, "class %s derives from BaseModel but has no __schema_properties__", c->stmt->name);
      return FALSE;
    }

  json_builder_begin_object (b);
  if (!read_schema_properties (ctx, c, props, b, &archived) || !read_name_template (ctx, f, template, b))
    return FALSE;
  add_bool (b, "archived", archived);
  if (!read_columns (ctx, c, b))
    return FALSE;
  json_builder_end_object (b);
  g_ptr_array_add (ctx->schema_nodes, json_builder_get_root (b));
  return TRUE;
}

/* "fields": the class attributes set to Column(…), in the order written. */
static gboolean
read_columns (Ctx         *ctx,
              ClassRef    *c,
              JsonBuilder *b)
{
  PyFile *f = c->file;
  g_autoptr(GHashTable) columns = g_hash_table_new (g_str_hash, g_str_equal);

  c->columns = g_ptr_array_new_with_free_func (g_free);
  json_builder_set_member_name (b, "fields");
  json_builder_begin_array (b);
  for (guint i = 0; i < c->stmt->body->len; i++)
    {
      const LimPyStmt *s = g_ptr_array_index (c->stmt->body, i);
      const char *target;

      if (s->kind != LIM_PY_STMT_ASSIGN)
        continue;
      target = g_ptr_array_index (s->targets, 0);
      if (is_call_of (f, s->value, "Column"))
        {
          if (s->targets->len > 1)
            {
              INVALID (f->name, s->value, "a Column(…) is given to %u attributes at once; give each column its own",
                       s->targets->len);
              return FALSE;
            }
          ColumnSource *source = g_new0 (ColumnSource, 1);

          source->call = s->value;
          g_ptr_array_add (c->columns, source);
          if (!read_column (ctx, f, source, target, s->value, columns, b))
            return FALSE;
        }
      else if (annotation_is_column (s->annotation) && !g_str_has_prefix (target, "__"))
        return not_readable (ctx, f, s->value, target, "Column(…)");
    }
  json_builder_end_array (b);
  return TRUE;
}

/* --------------------------------------------------------- result schemas */

/* ResultsSchemaProperties' arguments (at the indexes of SchemaProperties'
 * first two, so that locate() finds them). */
static const char *const results_params[] = { "name", "warehouse_name", NULL };

/* A BaseResultsModel class: `__schema_properties__ =
 * ResultsSchemaProperties(name=…, warehouse_name=…)` and its columns. */
static gboolean
read_results (Ctx      *ctx,
              ClassRef *c)
{
  static const char *const names[] = { "__schema_properties__", NULL };
  PyFile *f = c->file;
  const LimPyNode **v = c->props;
  const LimPyNode *props;
  const char *name = NULL, *wh = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  LimPyNode at = at_stmt (c->stmt);
  ClassRef *other;

  if (!class_attributes (ctx, c, names, c->attributes))
    return FALSE;
  props = c->attributes[0];
  if (props == NULL)
    {
      INVALID (f->name, &at, "class %s derives from BaseResultsModel but has no __schema_properties__",
               c->stmt->name);
      return FALSE;
    }
  if (!is_call_of (f, props, "ResultsSchemaProperties"))
    return not_readable (ctx, f, props, "__schema_properties__", "ResultsSchemaProperties(…)");
  if (!match_arguments (ctx, f, props, "ResultsSchemaProperties", results_params, v)
      || !require_arguments (ctx, f, props, "ResultsSchemaProperties", results_params, v, 2)
      || !eval_str (ctx, f, v[0], "name", FALSE, &name)
      || !eval_str (ctx, f, v[1], "warehouse_name", FALSE, &wh))
    return FALSE;
  if (wh[0] == '\0' || strcmp (wh, ".") == 0 || strcmp (wh, "..") == 0 || strpbrk (wh, "/\\") != NULL)
    {
      INVALID (f->name, v[1], "“%s” cannot be a warehouse name", wh);
      return FALSE;
    }
  other = g_hash_table_lookup (ctx->results_warehouse, wh);
  if (other != NULL)
    {
      INVALID (f->name, v[1], "the warehouse name “%s” is already used by class %s (%s:%u)", wh,
               other->stmt->name, other->file->name, other->stmt->line);
      return FALSE;
    }
  g_hash_table_insert (ctx->results_warehouse, (gpointer) wh, c);

  json_builder_begin_object (b);
  add_str (b, "name", name);
  add_str (b, "warehouse_name", wh);
  if (!read_columns (ctx, c, b))
    return FALSE;
  json_builder_end_object (b);
  g_ptr_array_add (ctx->results_nodes, json_builder_get_root (b));
  return TRUE;
}

/* --------------------------------------------------------------- classes */

/* Whether @cls derives from @base (the last component of a base's name). */
static gboolean
derives_from (PyFile          *f,
              const LimPyStmt *cls,
              const char      *base)
{
  for (guint i = 0; i < cls->bases->len; i++)
    {
      const LimPyNode *node = g_ptr_array_index (cls->bases, i);

      if (node->kind == LIM_PY_NAME && strcmp (class_name_of (f, node->str), base) == 0)
        return TRUE;
      if (node->kind == LIM_PY_SUBSCRIPT && node->callee->kind == LIM_PY_NAME
          && strcmp (class_name_of (f, node->callee->str), base) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
collect_classes (Ctx    *ctx,
                 PyFile *f)
{
  for (guint i = 0; i < f->module->statements->len; i++)
    {
      LimPyStmt *s = g_ptr_array_index (f->module->statements, i);
      ClassRef *c, *other;
      ClassKind kind;

      if (s->kind == LIM_PY_STMT_IMPORT)
        {
          bind_import (f, s->name);
          continue;
        }
      if (s->kind != LIM_PY_STMT_CLASSDEF)
        continue;
      if (derives_from (f, s, "BaseDropdown"))
        kind = CLASS_DROPDOWN;
      else if (derives_from (f, s, "BaseModel"))
        kind = CLASS_MODEL;
      else if (derives_from (f, s, "BaseResultsModel"))
        kind = CLASS_RESULTS;
      else
        continue;
      other = g_hash_table_lookup (ctx->classes, s->name);
      if (other != NULL)
        {
          LimPyNode at = at_stmt (s);

          INVALID (f->name, &at, "class %s is already defined in %s:%u", s->name, other->file->name,
                   other->stmt->line);
          return FALSE;
        }
      c = g_new0 (ClassRef, 1);
      c->file = f;
      c->stmt = s;
      c->kind = kind;
      g_hash_table_insert (ctx->classes, s->name, c);
      g_ptr_array_add (ctx->order, c);
    }
  return TRUE;
}

/* A class deriving from a dropdown or model class of the model: Liminal
 * would read it with what it inherits, which this reader does not follow. */
static gboolean
check_subclasses (Ctx    *ctx,
                  PyFile *f)
{
  for (guint i = 0; i < f->module->statements->len; i++)
    {
      const LimPyStmt *s = g_ptr_array_index (f->module->statements, i);

      if (s->kind != LIM_PY_STMT_CLASSDEF)
        continue;
      for (guint k = 0; k < s->bases->len; k++)
        {
          const LimPyNode *base = g_ptr_array_index (s->bases, k);
          const char *name, *imported;
          const ClassRef *parent;

          if (base->kind != LIM_PY_NAME)
            continue;
          name = lim_py_name_last (base->str);
          imported = strchr (base->str, '.') == NULL ? g_hash_table_lookup (f->bound, name) : NULL;
          parent = g_hash_table_lookup (ctx->classes, imported != NULL ? imported : name);
          if (parent != NULL && parent->stmt != s)
            {
              INVALID (f->name, base, "class %s derives from the %s class %s; the model reader reads only classes "
                       "that derive from %s itself", s->name,
                       parent->kind == CLASS_DROPDOWN ? "dropdown" : parent->kind == CLASS_MODEL ? "model"
                       : "result schema", parent->stmt->name,
                       parent->kind == CLASS_DROPDOWN ? "BaseDropdown" : parent->kind == CLASS_MODEL ? "BaseModel"
                       : "BaseResultsModel");
              return FALSE;
            }
        }
    }
  return TRUE;
}

/* ------------------------------------------------------------ validation */

/* The JSON keys of a field, by Column argument. */
static const char *const field_keys[] = {
  "name", "type", "required", "is_multi", "parent_link", "tooltip", "dropdown_link", "entity_link", "unit_name",
  "decimal_places", "warehouse_name", "archived", NULL
};

/* The JSON keys of a schema, by SchemaProperties argument. */
static const char *const schema_keys[] = {
  "name", "warehouse_name", "prefix", "entity_type", "naming_strategies", "mixture_schema_config",
  "use_registry_id_as_label", "include_registry_id_in_chips", "constraint_fields",
  "show_bases_in_expanded_view", "archived", NULL
};

/* The index of @key (up to '.', '[' or the end of @path) in @keys, or -1. */
static int
key_index (const char *const *keys,
           const char        *path)
{
  gsize len = strcspn (path, ".[");

  for (guint k = 0; keys[k] != NULL; k++)
    if (strlen (keys[k]) == len && strncmp (keys[k], path, len) == 0)
      return (int) k;
  return -1;
}

/* "[N]…" → N, and *rest after ']'; -1 when @path is not an index. */
static gint64
path_index (const char  *path,
            const char **rest)
{
  char *end = NULL;
  gint64 n;

  if (path[0] != '[')
    return -1;
  n = g_ascii_strtoll (path + 1, &end, 10);
  if (end == path + 1 || *end != ']')
    return -1;
  *rest = end + 1;
  return n;
}

/* Where, in @c's class, the value at JSON @path ("$.fields[2].unit_name") is
 * written: the argument, else the call or the class that lacks it. */
static LimPyNode
locate (const ClassRef *c,
        const char     *path)
{
  LimPyNode at = at_stmt (c->stmt);
  const LimPyNode *node = NULL;
  const char *rest = NULL;
  gint64 i;
  int k;

  if (!g_str_has_prefix (path, "$."))
    return at;
  path += 2;
  if (c->kind == CLASS_DROPDOWN)
    {
      const LimPyNode *values = c->attributes[1];

      if (g_str_has_prefix (path, "options"))
        {
          node = values;
          i = path_index (path + strlen ("options"), &rest);
          if (values != NULL && i >= 0 && (guint64) i < values->items->len)
            node = g_ptr_array_index (values->items, i);
        }
      else if (g_str_has_prefix (path, "name"))
        node = c->attributes[0];
    }
  else if (g_str_has_prefix (path, "fields"))
    {
      i = path_index (path + strlen ("fields"), &rest);
      if (i >= 0 && (guint64) i < c->columns->len)
        {
          const ColumnSource *col = g_ptr_array_index (c->columns, i);

          node = col->call;
          k = rest[0] == '.' ? key_index (field_keys, rest + 1) : -1;
          if (k >= 0 && col->args[k] != NULL)
            node = col->args[k];
        }
    }
  else if (g_str_has_prefix (path, "name_template"))
    node = c->attributes[1];
  else
    {
      node = c->attributes[0];
      k = key_index (schema_keys, path);
      if (k >= 0 && c->props[k] != NULL)
        node = c->props[k];
    }
  return node != NULL ? *node : at;
}

/* The class that became model file @name, by the file's JSON. */
static const ClassRef *
class_of_file (Ctx        *ctx,
               GPtrArray  *files,
               const char *name)
{
  for (guint i = 0; i < files->len; i++)
    {
      const LimModelFile *mf = g_ptr_array_index (files, i);
      g_autoptr(JsonNode) root = NULL;
      JsonObject *obj;

      if (strcmp (mf->name, name) != 0)
        continue;
      root = json_from_string (mf->contents, NULL);
      if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        return NULL;
      obj = json_node_get_object (root);
      if (g_str_has_prefix (name, "dropdowns/"))
        return g_hash_table_lookup (ctx->dropdown_names, json_object_get_string_member_with_default (obj, "name", ""));
      if (g_str_has_prefix (name, "results_schemas/"))
        return g_hash_table_lookup (ctx->results_warehouse,
                                    json_object_get_string_member_with_default (obj, "warehouse_name", ""));
      return g_hash_table_lookup (ctx->warehouse,
                                  json_object_get_string_member_with_default (obj, "warehouse_name", ""));
    }
  return NULL;
}

/* The rules of the JSON model (lim_model_files_parse()), each problem told
 * at the place in the Python files it comes from. */
static gboolean
validate (Ctx       *ctx,
          GPtrArray *files)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) lim_model_problem_free);
  LimDesired *desired = lim_model_files_parse (files, problems);
  g_autoptr(GString) message = g_string_new (NULL);

  if (desired != NULL)
    {
      lim_desired_free (desired);
      return TRUE;
    }
  for (guint i = 0; i < problems->len; i++)
    {
      const LimModelProblem *problem = g_ptr_array_index (problems, i);
      const ClassRef *c = class_of_file (ctx, files, problem->file);

      if (message->len > 0)
        g_string_append_c (message, '\n');
      if (c != NULL)
        {
          LimPyNode at = locate (c, problem->path);

          g_string_append_printf (message, "%s:%u:%u: %s", c->file->name, at.line, at.column, problem->message);
        }
      else
        {
          g_autofree char *text = lim_model_problem_to_string (problem);

          g_string_append (message, text);
        }
    }
  g_set_error_literal (ctx->error, LIM_MODEL_PYTHON_READ_ERROR, LIM_MODEL_PYTHON_READ_ERROR_INVALID,
                       message->len > 0 ? message->str : "The model is not valid");
  return FALSE;
}

GPtrArray *
lim_model_python_read_texts (const char *const *names,
                             const char *const *texts,
                             guint              n,
                             GError           **error)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (py_file_free);
  g_autoptr(GHashTable) classes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, class_ref_free);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  g_autoptr(GHashTable) dropdown_names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) warehouse = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) schema_names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) dropdown_nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(GPtrArray) schema_nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(GHashTable) results_warehouse = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) results_nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  Ctx ctx_ = { files, classes, order, dropdown_names, warehouse, schema_names, dropdown_nodes, schema_nodes,
               results_warehouse, results_nodes, error };
  Ctx *ctx = &ctx_;
  g_autoptr(GPtrArray) result = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) local = NULL;
      PyFile *f = g_new0 (PyFile, 1);

      f->name = g_strdup (names[i]);
      f->bound = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      f->liminal = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_ptr_array_add (files, f);
      f->module = lim_py_parse_model (texts[i], -1, names[i], &local);
      if (f->module == NULL)
        {
          g_set_error_literal (error, LIM_MODEL_PYTHON_READ_ERROR, LIM_MODEL_PYTHON_READ_ERROR_INVALID,
                               local->message);
          return NULL;
        }
      if (!collect_classes (ctx, f))
        return NULL;
    }
  for (guint i = 0; i < files->len; i++)
    if (!check_subclasses (ctx, g_ptr_array_index (files, i)))
      return NULL;
  /* Dropdowns first: the columns name them. */
  for (guint i = 0; i < order->len; i++)
    {
      ClassRef *c = g_ptr_array_index (order, i);

      if (c->kind == CLASS_DROPDOWN && !read_dropdown (ctx, c))
        return NULL;
    }
  for (guint i = 0; i < order->len; i++)
    {
      ClassRef *c = g_ptr_array_index (order, i);

      if ((c->kind == CLASS_MODEL && !read_model (ctx, c)) || (c->kind == CLASS_RESULTS && !read_results (ctx, c)))
        return NULL;
    }
  result = lim_model_files_new_from_json (dropdown_nodes, schema_nodes, results_nodes);
  if (!validate (ctx, result))
    return NULL;
  return g_steal_pointer (&result);
}

/* -------------------------------------------------------------- the folder */

static gint
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static const char *const model_packages[] = { "dropdowns", "entity_schemas", "results_schemas", NULL };

/* The *.py files under @dir, relative to @root, added to @out. */
static gboolean
list_py_files (const char *root,
               const char *rel,
               GPtrArray  *out,
               GError    **error)
{
  g_autofree char *dir = rel ? g_build_filename (root, rel, NULL) : g_strdup (root);
  g_autoptr(GError) local = NULL;
  g_autoptr(GDir) d = g_dir_open (dir, 0, &local);
  const char *entry;

  if (d == NULL)
    {
      g_set_error (error, LIM_MODEL_PYTHON_READ_ERROR, LIM_MODEL_PYTHON_READ_ERROR_IO, "%s", local->message);
      return FALSE;
    }
  while ((entry = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *sub = rel ? g_build_filename (rel, entry, NULL) : g_strdup (entry);
      g_autofree char *path = g_build_filename (root, sub, NULL);

      if (entry[0] == '.' || strcmp (entry, "__pycache__") == 0)
        continue;
      /* In the model folder itself only Liminal's three packages: the
       * folder may be a project root or a package that holds other code
       * too (revision files, the team's own modules). */
      if (rel == NULL && !g_strv_contains (model_packages, entry))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (!list_py_files (root, sub, out, error))
            return FALSE;
        }
      else if (g_str_has_suffix (entry, ".py"))
        g_ptr_array_add (out, g_steal_pointer (&sub));
    }
  return TRUE;
}

GPtrArray *
lim_model_python_read_dir (const char *model_dir,
                           const char *display_prefix,
                           GError    **error)
{
  g_autoptr(GPtrArray) rel = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *base = g_path_get_basename (model_dir);

  g_return_val_if_fail (model_dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_test (model_dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, LIM_MODEL_PYTHON_READ_ERROR, LIM_MODEL_PYTHON_READ_ERROR_NOT_FOUND,
                   "No model folder %s", model_dir);
      return NULL;
    }
  if (!list_py_files (model_dir, NULL, rel, error))
    return NULL;
  g_ptr_array_sort (rel, compare_paths);
  for (guint i = 0; i < rel->len; i++)
    {
      const char *r = g_ptr_array_index (rel, i);
      g_autofree char *path = g_build_filename (model_dir, r, NULL);
      g_autoptr(GError) local = NULL;
      g_autofree char *name = g_build_filename (display_prefix ? display_prefix : base, r, NULL);
      char *text = NULL;
      gsize length = 0;

      if (!g_file_get_contents (path, &text, &length, &local))
        {
          g_set_error (error, LIM_MODEL_PYTHON_READ_ERROR, LIM_MODEL_PYTHON_READ_ERROR_IO, "%s", local->message);
          return NULL;
        }
      g_ptr_array_add (texts, text);
      if (strlen (text) != length)
        {
          g_set_error (error, LIM_MODEL_PYTHON_READ_ERROR, LIM_MODEL_PYTHON_READ_ERROR_INVALID,
                       "%s: the file holds a NUL byte, which Python source cannot", name);
          return NULL;
        }
      g_ptr_array_add (names, g_steal_pointer (&name));
    }
  return lim_model_python_read_texts ((const char *const *) names->pdata, (const char *const *) texts->pdata,
                                      names->len, error);
}
