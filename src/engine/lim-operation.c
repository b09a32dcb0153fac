/* lim-operation.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lim-operation.h"

#define P(n, t) { n, LIM_ARG_ ## t }

static const LimOpSpec op_specs[LIM_OP_N_KINDS] = {
  { LIM_OP_CREATE_DROPDOWN, "CreateDropdown", 10, LIM_OP_ACTION_CREATE, TRUE, 2,
    { P ("dropdown_name", STR), P ("dropdown_options", STR_LIST) } },
  { LIM_OP_UPDATE_DROPDOWN_NAME, "UpdateDropdownName", 20, LIM_OP_ACTION_UPDATE, TRUE, 2,
    { P ("dropdown_name", STR), P ("new_dropdown_name", STR) } },
  { LIM_OP_UNARCHIVE_DROPDOWN, "UnarchiveDropdown", 30, LIM_OP_ACTION_UNARCHIVE, TRUE, 1,
    { P ("dropdown_name", STR) } },
  { LIM_OP_CREATE_DROPDOWN_OPTION, "CreateDropdownOption", 40, LIM_OP_ACTION_CREATE, TRUE, 3,
    { P ("dropdown_name", STR), P ("option_to_add", STR), P ("index", INDEX) } },
  { LIM_OP_UPDATE_DROPDOWN_OPTION, "UpdateDropdownOption", 50, LIM_OP_ACTION_UPDATE, TRUE, 3,
    { P ("dropdown_name", STR), P ("old_option_name", STR), P ("new_option_name", STR) } },
  { LIM_OP_ARCHIVE_DROPDOWN_OPTION, "ArchiveDropdownOption", 60, LIM_OP_ACTION_ARCHIVE, TRUE, 3,
    { P ("dropdown_name", STR), P ("option_to_remove", STR), P ("index", OPTIONAL_INDEX) } },
  { LIM_OP_REORDER_DROPDOWN_OPTIONS, "ReorderDropdownOptions", 70, LIM_OP_ACTION_REORDER, TRUE, 2,
    { P ("dropdown_name", STR), P ("new_order", STR_LIST) } },
  { LIM_OP_CREATE_ENTITY_SCHEMA, "CreateEntitySchema", 80, LIM_OP_ACTION_CREATE, FALSE, 2,
    { P ("schema_properties", SCHEMA_PROPS), P ("fields", FIELD_PROPS_LIST) } },
  { LIM_OP_UNARCHIVE_ENTITY_SCHEMA, "UnarchiveEntitySchema", 90, LIM_OP_ACTION_UNARCHIVE, FALSE, 1,
    { P ("wh_schema_name", STR) } },
  { LIM_OP_CREATE_ENTITY_SCHEMA_FIELD, "CreateEntitySchemaField", 100, LIM_OP_ACTION_CREATE, FALSE, 3,
    { P ("wh_schema_name", STR), P ("field_props", FIELD_PROPS), P ("index", INDEX) } },
  { LIM_OP_UPDATE_ENTITY_SCHEMA_NAME_TEMPLATE, "UpdateEntitySchemaNameTemplate", 110, LIM_OP_ACTION_UPDATE, FALSE, 2,
    { P ("wh_schema_name", STR), P ("update_name_template", NAME_TEMPLATE) } },
  { LIM_OP_UPDATE_ENTITY_SCHEMA, "UpdateEntitySchema", 120, LIM_OP_ACTION_UPDATE, FALSE, 2,
    { P ("wh_schema_name", STR), P ("update_props", SCHEMA_PROPS) } },
  { LIM_OP_UNARCHIVE_ENTITY_SCHEMA_FIELD, "UnarchiveEntitySchemaField", 130, LIM_OP_ACTION_UNARCHIVE, FALSE, 3,
    { P ("wh_schema_name", STR), P ("wh_field_name", STR), P ("index", OPTIONAL_INDEX) } },
  { LIM_OP_UPDATE_ENTITY_SCHEMA_FIELD, "UpdateEntitySchemaField", 140, LIM_OP_ACTION_UPDATE, FALSE, 3,
    { P ("wh_schema_name", STR), P ("wh_field_name", STR), P ("update_props", FIELD_PROPS) } },
  { LIM_OP_ARCHIVE_ENTITY_SCHEMA_FIELD, "ArchiveEntitySchemaField", 150, LIM_OP_ACTION_ARCHIVE, FALSE, 3,
    { P ("wh_schema_name", STR), P ("wh_field_name", STR), P ("index", OPTIONAL_INDEX) } },
  { LIM_OP_REORDER_ENTITY_SCHEMA_FIELDS, "ReorderEntitySchemaFields", 160, LIM_OP_ACTION_REORDER, FALSE, 2,
    { P ("wh_schema_name", STR), P ("new_order", STR_LIST) } },
  { LIM_OP_ARCHIVE_ENTITY_SCHEMA, "ArchiveEntitySchema", 170, LIM_OP_ACTION_ARCHIVE, FALSE, 1,
    { P ("wh_schema_name", STR) } },
  { LIM_OP_ARCHIVE_DROPDOWN, "ArchiveDropdown", 180, LIM_OP_ACTION_ARCHIVE, TRUE, 1,
    { P ("dropdown_name", STR) } },
};

#undef P

const LimOpSpec *
lim_op_spec (LimOpKind kind)
{
  g_return_val_if_fail (kind < LIM_OP_N_KINDS, NULL);
  return &op_specs[kind];
}

const LimOpSpec *
lim_op_spec_lookup (const char *class_name)
{
  for (guint i = 0; i < LIM_OP_N_KINDS; i++)
    if (g_strcmp0 (op_specs[i].class_name, class_name) == 0)
      return &op_specs[i];
  return NULL;
}

LimOperation *
lim_operation_new (LimOpKind kind)
{
  LimOperation *op = g_new0 (LimOperation, 1);
  op->spec = lim_op_spec (kind);
  return op;
}

static void
arg_clear (LimOpArg *arg)
{
  g_clear_pointer (&arg->s, g_free);
  g_clear_pointer (&arg->strv, g_ptr_array_unref);
  g_clear_pointer (&arg->props, lim_props_free);
  g_clear_pointer (&arg->fields, g_ptr_array_unref);
  g_clear_pointer (&arg->tmpl, lim_name_template_free);
}

void
lim_operation_free (LimOperation *op)
{
  if (op == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (op->args); i++)
    arg_clear (&op->args[i]);
  g_free (op);
}

GPtrArray *
lim_operation_strv_copy (GPtrArray *src)
{
  GPtrArray *dst = g_ptr_array_new_full (src->len, g_free);

  for (guint i = 0; i < src->len; i++)
    g_ptr_array_add (dst, g_strdup (g_ptr_array_index (src, i)));
  return dst;
}

LimOperation *
lim_operation_copy (const LimOperation *op)
{
  LimOperation *copy = g_new0 (LimOperation, 1);

  copy->spec = op->spec;
  copy->line = op->line;
  copy->column = op->column;
  copy->keyword_mask = op->keyword_mask;
  for (guint i = 0; i < G_N_ELEMENTS (op->args); i++)
    {
      const LimOpArg *src = &op->args[i];
      LimOpArg *dst = &copy->args[i];

      dst->s = g_strdup (src->s);
      dst->strv = src->strv ? lim_operation_strv_copy (src->strv) : NULL;
      dst->has_index = src->has_index;
      dst->index = src->index;
      dst->props = src->props ? lim_props_copy (src->props) : NULL;
      if (src->fields)
        {
          dst->fields = g_ptr_array_new_full (src->fields->len, (GDestroyNotify) lim_props_free);
          for (guint k = 0; k < src->fields->len; k++)
            g_ptr_array_add (dst->fields, lim_props_copy (g_ptr_array_index (src->fields, k)));
        }
      dst->tmpl = src->tmpl ? lim_name_template_copy (src->tmpl) : NULL;
    }
  return copy;
}

const char *
lim_operation_get_subject (const LimOperation *op)
{
  if (op->spec->kind == LIM_OP_CREATE_ENTITY_SCHEMA)
    return op->args[0].props ? lim_props_get_str (op->args[0].props, LIM_SCHEMA_WAREHOUSE_NAME) : NULL;
  return op->args[0].s;
}

/* ---------------------------------------------------------------- parsing */

#define INVALID(node, ...) \
  lim_set_error_at (error, LIM_SYNTAX_ERROR, LIM_SYNTAX_ERROR_INVALID, file, node, __VA_ARGS__)

static gboolean
is_valid_wh_name (const char *s)
{
  /* Python's str.islower() is true for any cased lowercase letter; Liminal
   * then rejects uppercase only.  We accept ASCII lowercase, digits and _ and
   * any non-ASCII lowercase letter. */
  for (const char *p = s; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (!(g_unichar_islower (c) || g_unichar_isdigit (c) || c == '_'))
        return FALSE;
    }
  return TRUE;
}

static gboolean
is_valid_prefix (const char *s)
{
  glong len = g_utf8_strlen (s, -1);
  gunichar last = 0;

  if (len == 0 || len > 32)
    return FALSE;
  for (const char *p = s; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (!(g_unichar_isalnum (c) || c == '_' || c == '-'))
        return FALSE;
      last = c;
    }
  return !g_unichar_isdigit (last);
}

/* SchemaProperties(**props.set_keys) as CreateEntitySchema's constructor
 * builds it (§4.4, §6.3). */
static gboolean
validate_schema_properties (const LimProps  *props,
                            const LimPyNode *node,
                            const char      *file,
                            GError         **error)
{
  static const guint required[] = { LIM_SCHEMA_NAME, LIM_SCHEMA_WAREHOUSE_NAME, LIM_SCHEMA_PREFIX,
                                    LIM_SCHEMA_ENTITY_TYPE };
  const LimPropSpec *specs = lim_props_specs (LIM_PROPS_SCHEMA, NULL);
  const char *entity_type;
  const char *wh;
  const char *prefix;

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    if (lim_props_get_str (props, required[i]) == NULL)
      {
        INVALID (node, "CreateEntitySchema: schema_properties needs %s (a new schema needs name, "
                 "warehouse_name, prefix and entity_type)", specs[required[i]].key);
        return FALSE;
      }

  entity_type = lim_props_get_str (props, LIM_SCHEMA_ENTITY_TYPE);
  if (g_strcmp0 (entity_type,
                 "mixture") == 0 && lim_props_get_mixture (props, LIM_SCHEMA_MIXTURE_SCHEMA_CONFIG) == NULL)
    {
      INVALID (node, "CreateEntitySchema: Mixture schema config must be defined when entity type is Mixture.");
      return FALSE;
    }
  if (g_strcmp0 (entity_type,
                 "mixture") != 0 && lim_props_get_mixture (props, LIM_SCHEMA_MIXTURE_SCHEMA_CONFIG) != NULL)
    {
      INVALID (node, "CreateEntitySchema: The entity type is not a Mixture. Remove the mixture schema config.");
      return FALSE;
    }
  if (!lim_entity_type_is_sequence (entity_type) &&
      lim_props_get_bool (props, LIM_SCHEMA_SHOW_BASES_IN_EXPANDED_VIEW))
    {
      INVALID (node, "CreateEntitySchema: show_bases_in_expanded_view can only be set for sequence entities.");
      return FALSE;
    }
  wh = lim_props_get_str (props, LIM_SCHEMA_WAREHOUSE_NAME);
  if (!is_valid_wh_name (wh))
    {
      INVALID (node, "CreateEntitySchema: Invalid warehouse name '%s'. It should only contain lowercase "
               "letters, digits, or underscores.", wh);
      return FALSE;
    }
  prefix = lim_props_get_str (props, LIM_SCHEMA_PREFIX);
  if (!is_valid_prefix (prefix))
    {
      INVALID (node, "CreateEntitySchema: Invalid prefix '%s'. The prefix should only contain alphabetic "
               "characters or underscores, not end in a digit, not contain whitespace, and be at "
               "most 32 characters long.", prefix);
      return FALSE;
    }
  return TRUE;
}

/* "FILE:L:C: message" → "FILE:L:C: Class: message" */
static void
name_operation_in_error (GError     *err,
                         const char *file,
                         const char *class_name)
{
  const char *p;
  char *message;
  size_t skip = strlen (file ? file : "<input>") + 1;

  if (err == NULL || strlen (err->message) < skip || strstr (err->message, class_name) != NULL)
    return;
  p = err->message + skip;
  for (int colons = 0; *p && colons < 2; p++)
    if (*p == ':')
      colons++;
  while (*p == ' ')
    p++;
  message = g_strdup_printf ("%.*s%s: %s", (int) (p - err->message), err->message, class_name, p);
  g_free (err->message);
  err->message = message;
}

static gboolean
parse_arg (LimOperation    *op,
           guint            i,
           const LimPyNode *node,
           const char      *file,
           GError         **error)
{
  const LimOpSpec *spec = op->spec;
  const LimParamSpec *param = &spec->params[i];
  LimOpArg *arg = &op->args[i];

  switch (param->type)
    {
    case LIM_ARG_STR:
      if (node->kind != LIM_PY_STR)
        {
          INVALID (node, "%s: %s must be a string, found %s", spec->class_name, param->name,
                   lim_py_kind_to_string (node->kind));
          return FALSE;
        }
      arg->s = g_strdup (node->str);
      return TRUE;

    case LIM_ARG_STR_LIST:
      if (node->kind != LIM_PY_LIST && node->kind != LIM_PY_TUPLE)
        {
          INVALID (node, "%s: %s must be a list of strings, found %s", spec->class_name, param->name,
                   lim_py_kind_to_string (node->kind));
          return FALSE;
        }
      arg->strv = g_ptr_array_new_full (node->items->len, g_free);
      for (guint k = 0; k < node->items->len; k++)
        {
          const LimPyNode *item = g_ptr_array_index (node->items, k);
          if (item->kind != LIM_PY_STR)
            {
              INVALID (item, "%s: %s must be a list of strings, found %s in it", spec->class_name,
                       param->name, lim_py_kind_to_string (item->kind));
              return FALSE;
            }
          g_ptr_array_add (arg->strv, g_strdup (item->str));
        }
      return TRUE;

    case LIM_ARG_INDEX:
    case LIM_ARG_OPTIONAL_INDEX:
      if (node->kind == LIM_PY_NONE)
        {
          arg->has_index = FALSE;
          return TRUE;
        }
      if (node->kind != LIM_PY_INT)
        {
          INVALID (node, "%s: %s must be an integer%s, found %s", spec->class_name, param->name,
                   param->type == LIM_ARG_OPTIONAL_INDEX ? " or None" : "",
                   lim_py_kind_to_string (node->kind));
          return FALSE;
        }
      if (node->ival < 0)
        {
          INVALID (node, "%s: %s must not be negative", spec->class_name, param->name);
          return FALSE;
        }
      arg->has_index = TRUE;
      arg->index = node->ival;
      return TRUE;

    case LIM_ARG_SCHEMA_PROPS:
    case LIM_ARG_FIELD_PROPS:
      arg->props = lim_props_from_node (param->type == LIM_ARG_SCHEMA_PROPS ? LIM_PROPS_SCHEMA : LIM_PROPS_FIELD,
                                        node, file, error);
      return arg->props != NULL;

    case LIM_ARG_FIELD_PROPS_LIST:
      if (node->kind != LIM_PY_LIST && node->kind != LIM_PY_TUPLE)
        {
          INVALID (node, "%s: %s must be a list of b.BaseFieldProperties(…), found %s", spec->class_name,
                   param->name, lim_py_kind_to_string (node->kind));
          return FALSE;
        }
      arg->fields = g_ptr_array_new_full (node->items->len, (GDestroyNotify) lim_props_free);
      for (guint k = 0; k < node->items->len; k++)
        {
          LimProps *props = lim_props_from_node (LIM_PROPS_FIELD, g_ptr_array_index (node->items, k), file, error);
          if (props == NULL)
            return FALSE;
          g_ptr_array_add (arg->fields, props);
        }
      return TRUE;

    case LIM_ARG_NAME_TEMPLATE:
      arg->tmpl = lim_name_template_from_node (node, file, error);
      return arg->tmpl != NULL;

    default:
      g_assert_not_reached ();
    }
}

static gboolean
validate_constructor (LimOperation    *op,
                      const LimPyNode *node,
                      const char      *file,
                      GError         **error)
{
  switch (op->spec->kind)
    {
    case LIM_OP_CREATE_ENTITY_SCHEMA:
      if (!validate_schema_properties (op->args[0].props,
                                       g_ptr_array_index (node->items->len > 0 ? node->items : node->values, 0),
                                       file, error))
        return FALSE;
      for (guint i = 0; i < op->args[1].fields->len; i++)
        {
          const LimProps *field = g_ptr_array_index (op->args[1].fields, i);
          const char *type = lim_props_get_str (field, LIM_FIELD_TYPE);
          const char *entity_type = lim_props_get_str (op->args[0].props, LIM_SCHEMA_ENTITY_TYPE);
          if (type && !lim_field_type_allowed_for (entity_type, type))
            {
              INVALID (node, "CreateEntitySchema: field '%s' has type %s, which is not allowed on a %s schema",
                       lim_props_get_str (field, LIM_FIELD_WAREHOUSE_NAME) ?: "?", type, entity_type);
              return FALSE;
            }
        }
      return TRUE;

    case LIM_OP_CREATE_ENTITY_SCHEMA_FIELD:
      {
        const LimProps *props = op->args[1].props;
        const char *wh = lim_props_get_str (props, LIM_FIELD_WAREHOUSE_NAME);
        const char *name = lim_props_get_str (props, LIM_FIELD_NAME);
        if (wh == NULL || *wh == '\0')
          {
            INVALID (node, "CreateEntitySchemaField: Field warehouse name is required.");
            return FALSE;
          }
        if (name == NULL || *name == '\0')
          {
            INVALID (node, "CreateEntitySchemaField: Field name is required.");
            return FALSE;
          }
        return TRUE;
      }

    case LIM_OP_CREATE_DROPDOWN:
    case LIM_OP_UPDATE_DROPDOWN_NAME:
    case LIM_OP_UNARCHIVE_DROPDOWN:
    case LIM_OP_CREATE_DROPDOWN_OPTION:
    case LIM_OP_UPDATE_DROPDOWN_OPTION:
    case LIM_OP_ARCHIVE_DROPDOWN_OPTION:
    case LIM_OP_REORDER_DROPDOWN_OPTIONS:
    case LIM_OP_UNARCHIVE_ENTITY_SCHEMA:
    case LIM_OP_UPDATE_ENTITY_SCHEMA_NAME_TEMPLATE:
    case LIM_OP_UPDATE_ENTITY_SCHEMA:
    case LIM_OP_UNARCHIVE_ENTITY_SCHEMA_FIELD:
    case LIM_OP_UPDATE_ENTITY_SCHEMA_FIELD:
    case LIM_OP_ARCHIVE_ENTITY_SCHEMA_FIELD:
    case LIM_OP_REORDER_ENTITY_SCHEMA_FIELDS:
    case LIM_OP_ARCHIVE_ENTITY_SCHEMA:
    case LIM_OP_ARCHIVE_DROPDOWN:
    case LIM_OP_N_KINDS:
    default:
      return TRUE;
    }
}

LimOperation *
lim_operation_from_node (const LimPyNode *node,
                         const char      *file,
                         GError         **error)
{
  const LimOpSpec *spec;
  g_autoptr(LimOperation) op = NULL;
  const LimPyNode *given[3] = { NULL, NULL, NULL };

  if (node->kind != LIM_PY_CALL)
    {
      INVALID (node, "expected an operation such as b.CreateDropdown(…), found %s",
               lim_py_kind_to_string (node->kind));
      return NULL;
    }
  spec = lim_op_spec_lookup (lim_strip_b_prefix (node->str));
  if (spec == NULL)
    {
      INVALID (node, "unknown operation '%s'", node->str);
      return NULL;
    }

  op = g_new0 (LimOperation, 1);
  op->spec = spec;
  op->line = node->line;
  op->column = node->column;

  if (node->items->len > spec->n_params)
    {
      INVALID (node, "%s takes %u argument%s (%s%s%s%s%s) but %u were given", spec->class_name, spec->n_params,
               spec->n_params == 1 ? "" : "s", spec->params[0].name,
               spec->n_params > 1 ? ", " : "", spec->n_params > 1 ? spec->params[1].name : "",
               spec->n_params > 2 ? ", " : "", spec->n_params > 2 ? spec->params[2].name : "",
               node->items->len);
      return NULL;
    }
  for (guint i = 0; i < node->items->len; i++)
    given[i] = g_ptr_array_index (node->items, i);
  for (guint k = 0; k < node->keywords->len; k++)
    {
      const char *kw = g_ptr_array_index (node->keywords, k);
      const LimPyNode *value = g_ptr_array_index (node->values, k);
      gboolean found = FALSE;

      for (guint i = 0; i < spec->n_params; i++)
        if (strcmp (spec->params[i].name, kw) == 0)
          {
            if (given[i] != NULL)
              {
                INVALID (value, "%s got multiple values for argument '%s'", spec->class_name, kw);
                return NULL;
              }
            given[i] = value;
            op->keyword_mask |= 1u << i;
            found = TRUE;
          }
      if (!found)
        {
          INVALID (value, "%s got an unexpected keyword argument '%s'", spec->class_name, kw);
          return NULL;
        }
    }

  for (guint i = 0; i < spec->n_params; i++)
    {
      if (given[i] == NULL)
        {
          if (spec->params[i].type == LIM_ARG_OPTIONAL_INDEX)
            continue;
          INVALID (node, "%s is missing required argument '%s'", spec->class_name, spec->params[i].name);
          return NULL;
        }
      if (!parse_arg (op, i, given[i], file, error))
        {
          if (error)
            name_operation_in_error (*error, file, spec->class_name);
          return NULL;
        }
    }

  if (!validate_constructor (op, node, file, error))
    return NULL;

  return g_steal_pointer (&op);
}

/* ---------------------------------------------------------------- writing */

static void
append_str_list (GString   *out,
                 GPtrArray *strv)
{
  g_string_append_c (out, '[');
  for (guint i = 0; strv && i < strv->len; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      lim_py_append_repr_str (out, g_ptr_array_index (strv, i));
    }
  g_string_append_c (out, ']');
}

static void
append_index (GString        *out,
              const LimOpArg *arg)
{
  if (arg->has_index)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, arg->index);
  else
    g_string_append (out, "None");
}

void
lim_operation_append_python (const LimOperation *op,
                             GString            *out)
{
  const LimOpSpec *spec = op->spec;

  g_string_append_printf (out, "b.%s(", spec->class_name);
  for (guint i = 0; i < spec->n_params; i++)
    {
      const LimOpArg *arg = &op->args[i];

      if (i > 0)
        g_string_append (out, ", ");
      switch (spec->params[i].type)
        {
        case LIM_ARG_STR:
          lim_py_append_repr_str (out, arg->s ? arg->s : "");
          break;
        case LIM_ARG_STR_LIST:
          append_str_list (out, arg->strv);
          break;
        case LIM_ARG_INDEX:
        case LIM_ARG_OPTIONAL_INDEX:
          append_index (out, arg);
          break;
        case LIM_ARG_SCHEMA_PROPS:
        case LIM_ARG_FIELD_PROPS:
          lim_props_append_repr (arg->props, out, TRUE);
          break;
        case LIM_ARG_FIELD_PROPS_LIST:
          g_string_append_c (out, '[');
          for (guint k = 0; arg->fields && k < arg->fields->len; k++)
            {
              if (k > 0)
                g_string_append (out, ", ");
              lim_props_append_repr (g_ptr_array_index (arg->fields, k), out, TRUE);
            }
          g_string_append_c (out, ']');
          break;
        case LIM_ARG_NAME_TEMPLATE:
          lim_name_template_append_repr (arg->tmpl, out, TRUE);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  g_string_append_c (out, ')');
}

char *
lim_operation_to_python (const LimOperation *op)
{
  GString *out = g_string_new (NULL);
  lim_operation_append_python (op, out);
  return g_string_free (out, FALSE);
}

/* ---------------------------------------------------------------- describe */

char *
lim_operation_describe (const LimOperation *op)
{
  const LimOpArg *a = op->args;
  GString *out = g_string_new (NULL);

  switch (op->spec->kind)
    {
    case LIM_OP_CREATE_DROPDOWN:
      g_string_append_printf (out, "%s: Creating dropdown with options ", a[0].s);
      append_str_list (out, a[1].strv);
      g_string_append_c (out, '.');
      break;
    case LIM_OP_ARCHIVE_DROPDOWN:
      g_string_append_printf (out, "%s: Archiving dropdown.", a[0].s);
      break;
    case LIM_OP_UNARCHIVE_DROPDOWN:
      g_string_append_printf (out, "%s: Unarchiving dropdown.", a[0].s);
      break;
    case LIM_OP_UPDATE_DROPDOWN_NAME:
      g_string_append_printf (out, "%s: Renaming dropdown warehouse name to %s.", a[0].s, a[1].s);
      break;
    case LIM_OP_CREATE_DROPDOWN_OPTION:
      g_string_append_printf (out, "%s: Creating dropdown option '%s' at index ", a[0].s, a[1].s);
      append_index (out, &a[2]);
      g_string_append_c (out, '.');
      break;
    case LIM_OP_ARCHIVE_DROPDOWN_OPTION:
      g_string_append_printf (out, "%s: Archiving dropdown option '%s'.", a[0].s, a[1].s);
      break;
    case LIM_OP_UPDATE_DROPDOWN_OPTION:
      g_string_append_printf (out, "%s: Renaming dropdown option from '%s' to '%s'.", a[0].s, a[1].s, a[2].s);
      break;
    case LIM_OP_REORDER_DROPDOWN_OPTIONS:
      g_string_append_printf (out, "%s: Reordering dropdown options.", a[0].s);
      break;
    case LIM_OP_CREATE_ENTITY_SCHEMA:
      g_string_append_printf (out, "%s: Creating new entity schema with fields: ",
                              lim_props_get_str (a[0].props, LIM_SCHEMA_NAME));
      for (guint i = 0, n = 0; a[1].fields && i < a[1].fields->len; i++)
        {
          const char *wh = lim_props_get_str (g_ptr_array_index (a[1].fields, i), LIM_FIELD_WAREHOUSE_NAME);
          if (wh == NULL)
            continue;
          g_string_append_printf (out, "%s%s", n++ ? ", " : "", wh);
        }
      g_string_append_c (out, '.');
      break;
    case LIM_OP_ARCHIVE_ENTITY_SCHEMA:
      g_string_append_printf (out, "%s: Archiving entity schema.", a[0].s);
      break;
    case LIM_OP_UNARCHIVE_ENTITY_SCHEMA:
      g_string_append_printf (out, "%s: Unarchiving entity schema.", a[0].s);
      break;
    case LIM_OP_UPDATE_ENTITY_SCHEMA:
      g_string_append_printf (out, "%s: Updating schema properties to: ", a[0].s);
      lim_props_append_str (a[1].props, out);
      g_string_append_c (out, '.');
      break;
    case LIM_OP_UPDATE_ENTITY_SCHEMA_NAME_TEMPLATE:
      g_string_append_printf (out, "%s: Updating name template to ", a[0].s);
      lim_name_template_append_str (a[1].tmpl, out);
      g_string_append_c (out, '.');
      break;
    case LIM_OP_CREATE_ENTITY_SCHEMA_FIELD:
      g_string_append_printf (out, "%s: Creating entity schema field '%s' at index ", a[0].s,
                              lim_props_get_str (a[1].props, LIM_FIELD_WAREHOUSE_NAME));
      append_index (out, &a[2]);
      g_string_append_c (out, '.');
      break;
    case LIM_OP_ARCHIVE_ENTITY_SCHEMA_FIELD:
      g_string_append_printf (out, "%s: Archiving entity schema field '%s'.", a[0].s, a[1].s);
      break;
    case LIM_OP_UNARCHIVE_ENTITY_SCHEMA_FIELD:
      g_string_append_printf (out, "%s: Unarchiving entity schema field '%s'.", a[0].s, a[1].s);
      break;
    case LIM_OP_UPDATE_ENTITY_SCHEMA_FIELD:
      g_string_append_printf (out, "%s: Updating entity schema field '%s': ", a[0].s, a[1].s);
      lim_props_append_str (a[2].props, out);
      g_string_append_c (out, '.');
      break;
    case LIM_OP_REORDER_ENTITY_SCHEMA_FIELDS:
      g_string_append_printf (out, "%s: Reordering fields.", a[0].s);
      break;
    case LIM_OP_N_KINDS:
    default:
      g_assert_not_reached ();
    }
  return g_string_free (out, FALSE);
}

gboolean
lim_operation_is_destructive (const LimOperation *op)
{
  if (op->spec->action == LIM_OP_ACTION_ARCHIVE)
    return TRUE;
  if (op->spec->kind == LIM_OP_UPDATE_ENTITY_SCHEMA_FIELD)
    return lim_props_is_set (op->args[2].props, LIM_FIELD_TYPE) ||
           lim_props_is_set (op->args[2].props, LIM_FIELD_UNIT_NAME) ||
           lim_props_is_set (op->args[2].props, LIM_FIELD_WAREHOUSE_NAME);
  if (op->spec->kind == LIM_OP_UPDATE_ENTITY_SCHEMA)
    return lim_props_is_set (op->args[1].props, LIM_SCHEMA_ENTITY_TYPE) ||
           lim_props_is_set (op->args[1].props, LIM_SCHEMA_WAREHOUSE_NAME);
  return FALSE;
}

/* ---------------------------------------------------------------- JSON */

static JsonNode *
string_node (const char *s)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);
  json_node_set_string (node, s);
  return node;
}

static JsonNode *
tri_node (LimTri tri)
{
  return tri == LIM_TRI_NONE ? json_node_new (JSON_NODE_NULL) : json_node_init_boolean (
    json_node_alloc (), tri == LIM_TRI_TRUE);
}

JsonNode *
lim_props_to_json (const LimProps *props)
{
  guint n;
  const LimPropSpec *specs = lim_props_specs (props->kind, &n);
  JsonObject *obj = json_object_new ();
  JsonNode *result;

  for (guint i = 0; i < n; i++)
    {
      const LimPropValue *v = &props->values[i];
      JsonNode *node = NULL;

      if (!lim_props_is_set (props, i))
        continue;
      if (v->is_none)
        node = json_node_new (JSON_NODE_NULL);
      else
        switch (specs[i].type)
          {
          case LIM_PROP_STR:
            node = string_node (v->s);
            break;
          case LIM_PROP_ENUM:
            node = string_node (v->e);
            break;
          case LIM_PROP_BOOL:
            node = json_node_init_boolean (json_node_alloc (), v->b);
            break;
          case LIM_PROP_INT:
            node = json_node_init_int (json_node_alloc (), v->i);
            break;
          case LIM_PROP_ENUM_SET:
          case LIM_PROP_STR_SET:
            {
              JsonArray *arr = json_array_new ();
              for (guint k = 0; k < v->set->len; k++)
                json_array_add_string_element (arr, g_ptr_array_index (v->set, k));
              node = json_node_init_array (json_node_alloc (), arr);
              json_array_unref (arr);
            }
            break;
          case LIM_PROP_MIXTURE:
            {
              JsonObject *mix = json_object_new ();
              json_object_set_member (mix, "allowMeasuredIngredients",
                                      tri_node (v->mixture.allow_measured_ingredients));
              json_object_set_member (mix, "componentLotStorageEnabled",
                                      tri_node (v->mixture.component_lot_storage_enabled));
              json_object_set_member (mix, "componentLotTextEnabled", tri_node (v->mixture.component_lot_text_enabled));
              node = json_node_init_object (json_node_alloc (), mix);
              json_object_unref (mix);
            }
            break;
          default:
            g_assert_not_reached ();
          }
      json_object_set_member (obj, specs[i].key, node);
    }
  result = json_node_init_object (json_node_alloc (), obj);
  json_object_unref (obj);
  return result;
}

JsonNode *
lim_name_template_to_json (const LimNameTemplate *t)
{
  JsonObject *obj = json_object_new ();
  JsonNode *node;

  if (t->parts_set)
    {
      if (t->parts == NULL)
        json_object_set_null_member (obj, "parts");
      else
        {
          JsonArray *arr = json_array_new ();
          for (guint i = 0; i < t->parts->len; i++)
            {
              const LimNameTemplatePart *part = g_ptr_array_index (t->parts, i);
              JsonObject *p = json_object_new ();
              json_object_set_string_member (p, "part", part->spec->class_name);
              json_object_set_string_member (p, "type", part->spec->part_type);
              if (part->spec->data_key)
                json_object_set_string_member (p, part->spec->data_key, part->data);
              json_array_add_object_element (arr, p);
            }
          json_object_set_array_member (obj, "parts", arr);
        }
    }
  if (t->order_set)
    json_object_set_member (obj, "order_name_parts_by_sequence", tri_node (t->order_name_parts_by_sequence));
  node = json_node_init_object (json_node_alloc (), obj);
  json_object_unref (obj);
  return node;
}

static JsonNode *
arg_to_json (const LimOperation *op,
             guint               i)
{
  const LimOpArg *arg = &op->args[i];

  switch (op->spec->params[i].type)
    {
    case LIM_ARG_STR:
      return string_node (arg->s);
    case LIM_ARG_STR_LIST:
      {
        JsonArray *arr = json_array_new ();
        JsonNode *node;
        for (guint k = 0; arg->strv && k < arg->strv->len; k++)
          json_array_add_string_element (arr, g_ptr_array_index (arg->strv, k));
        node = json_node_init_array (json_node_alloc (), arr);
        json_array_unref (arr);
        return node;
      }
    case LIM_ARG_INDEX:
    case LIM_ARG_OPTIONAL_INDEX:
      return arg->has_index ? json_node_init_int (json_node_alloc (), arg->index) : json_node_new (JSON_NODE_NULL);
    case LIM_ARG_SCHEMA_PROPS:
    case LIM_ARG_FIELD_PROPS:
      return lim_props_to_json (arg->props);
    case LIM_ARG_FIELD_PROPS_LIST:
      {
        JsonArray *arr = json_array_new ();
        JsonNode *node;
        for (guint k = 0; arg->fields && k < arg->fields->len; k++)
          json_array_add_element (arr, lim_props_to_json (g_ptr_array_index (arg->fields, k)));
        node = json_node_init_array (json_node_alloc (), arr);
        json_array_unref (arr);
        return node;
      }
    case LIM_ARG_NAME_TEMPLATE:
      return lim_name_template_to_json (arg->tmpl);
    default:
      g_assert_not_reached ();
    }
}

JsonNode *
lim_operation_to_json (const LimOperation *op)
{
  JsonObject *obj = json_object_new ();
  JsonArray *args = json_array_new ();
  JsonObject *kwargs = json_object_new ();
  JsonNode *node;
  g_autofree char *describe = lim_operation_describe (op);

  for (guint i = 0; i < op->spec->n_params; i++)
    {
      gboolean by_keyword = (op->keyword_mask & (1u << i)) != 0;
      if (by_keyword)
        json_object_set_member (kwargs, op->spec->params[i].name, arg_to_json (op, i));
      else
        json_array_add_element (args, arg_to_json (op, i));
    }

  json_object_set_string_member (obj, "op", op->spec->class_name);
  json_object_set_array_member (obj, "args", args);
  json_object_set_object_member (obj, "kwargs", kwargs);
  json_object_set_string_member (obj, "describe", describe);
  node = json_node_init_object (json_node_alloc (), obj);
  json_object_unref (obj);
  return node;
}
