/* lim-props.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lim-props.h"

static const LimPropSpec field_specs[LIM_FIELD_N_KEYS] = {
  { "name", LIM_PROP_STR, NULL, "name" },
  { "warehouse_name", LIM_PROP_STR, NULL, "warehouse name" },
  { "type", LIM_PROP_ENUM, &lim_enum_field_type, "type" },
  { "required", LIM_PROP_BOOL, NULL, "required" },
  { "is_multi", LIM_PROP_BOOL, NULL, "multi-valued" },
  { "parent_link", LIM_PROP_BOOL, NULL, "parent link" },
  { "dropdown_link", LIM_PROP_STR, NULL, "dropdown" },
  { "entity_link", LIM_PROP_STR, NULL, "entity link" },
  { "tooltip", LIM_PROP_STR, NULL, "tooltip" },
  { "decimal_places", LIM_PROP_INT, NULL, "decimal places" },
  { "unit_name", LIM_PROP_STR, NULL, "unit" },
};

static const LimPropSpec schema_specs[LIM_SCHEMA_N_KEYS] = {
  { "name", LIM_PROP_STR, NULL, "name" },
  { "warehouse_name", LIM_PROP_STR, NULL, "warehouse name" },
  { "prefix", LIM_PROP_STR, NULL, "prefix" },
  { "entity_type", LIM_PROP_ENUM, &lim_enum_entity_type, "entity type" },
  { "naming_strategies", LIM_PROP_ENUM_SET, &lim_enum_naming_strategy, "naming strategies" },
  { "mixture_schema_config", LIM_PROP_MIXTURE, NULL, "mixture configuration" },
  { "use_registry_id_as_label", LIM_PROP_BOOL, NULL, "registry id as label" },
  { "include_registry_id_in_chips", LIM_PROP_BOOL, NULL, "registry id in chips" },
  { "constraint_fields", LIM_PROP_STR_SET, NULL, "uniqueness constraint" },
  { "show_bases_in_expanded_view", LIM_PROP_BOOL, NULL, "bases in expanded view" },
};

const LimPropSpec *
lim_props_specs (LimPropsKind kind,
                 guint       *n_keys)
{
  if (kind == LIM_PROPS_FIELD)
    {
      if (n_keys)
        *n_keys = LIM_FIELD_N_KEYS;
      return field_specs;
    }
  if (n_keys)
    *n_keys = LIM_SCHEMA_N_KEYS;
  return schema_specs;
}

const char *
lim_props_class_name (LimPropsKind kind)
{
  return kind == LIM_PROPS_FIELD ? "BaseFieldProperties" : "BaseSchemaProperties";
}

int
lim_props_key_index (LimPropsKind kind,
                     const char  *key)
{
  guint n;
  const LimPropSpec *specs = lim_props_specs (kind, &n);

  for (guint i = 0; i < n; i++)
    if (strcmp (specs[i].key, key) == 0)
      return (int) i;
  return -1;
}

LimProps *
lim_props_new (LimPropsKind kind)
{
  LimProps *props = g_new0 (LimProps, 1);
  props->kind = kind;
  return props;
}

static void
value_clear (const LimPropSpec *spec,
             LimPropValue      *v)
{
  g_clear_pointer (&v->s, g_free);
  g_clear_pointer (&v->set, g_ptr_array_unref);
  memset (v, 0, sizeof *v);
  (void) spec;
}

static void
value_copy (const LimPropSpec  *spec,
            LimPropValue       *dst,
            const LimPropValue *src)
{
  *dst = *src;
  dst->s = g_strdup (src->s);
  dst->set = NULL;
  if (src->set)
    {
      dst->set = g_ptr_array_new_full (src->set->len, spec->type == LIM_PROP_STR_SET ? g_free : NULL);
      for (guint i = 0; i < src->set->len; i++)
        g_ptr_array_add (dst->set, spec->type == LIM_PROP_STR_SET
                                     ? g_strdup (g_ptr_array_index (src->set, i))
                                     : g_ptr_array_index (src->set, i));
    }
}

LimProps *
lim_props_copy (const LimProps *props)
{
  guint n;
  const LimPropSpec *specs = lim_props_specs (props->kind, &n);
  LimProps *copy = lim_props_new (props->kind);

  copy->set_mask = props->set_mask;
  copy->archived = props->archived;
  for (guint i = 0; i < n; i++)
    value_copy (&specs[i], &copy->values[i], &props->values[i]);
  return copy;
}

void
lim_props_free (LimProps *props)
{
  guint n;
  const LimPropSpec *specs;

  if (props == NULL)
    return;
  specs = lim_props_specs (props->kind, &n);
  for (guint i = 0; i < n; i++)
    value_clear (&specs[i], &props->values[i]);
  g_free (props);
}

gboolean
lim_props_is_set (const LimProps *props,
                  guint           key)
{
  return (props->set_mask & (1u << key)) != 0;
}

gboolean
lim_props_is_none (const LimProps *props,
                   guint           key)
{
  return lim_props_is_set (props, key) && props->values[key].is_none;
}

static gboolean
has_value (const LimProps *props,
           guint           key)
{
  return lim_props_is_set (props, key) && !props->values[key].is_none;
}

const char *
lim_props_get_str (const LimProps *props,
                   guint           key)
{
  const LimPropSpec *specs = lim_props_specs (props->kind, NULL);

  if (!has_value (props, key))
    return NULL;
  return specs[key].type == LIM_PROP_ENUM ? props->values[key].e : props->values[key].s;
}

gboolean
lim_props_get_bool (const LimProps *props,
                    guint           key)
{
  return has_value (props, key) && props->values[key].b;
}

gint64
lim_props_get_int (const LimProps *props,
                   guint           key)
{
  return has_value (props, key) ? props->values[key].i : 0;
}

GPtrArray *
lim_props_get_set (const LimProps *props,
                   guint           key)
{
  return has_value (props, key) ? props->values[key].set : NULL;
}

const LimMixtureConfig *
lim_props_get_mixture (const LimProps *props,
                       guint           key)
{
  return has_value (props, key) ? &props->values[key].mixture : NULL;
}

void
lim_props_unset (LimProps *props,
                 guint     key)
{
  const LimPropSpec *specs = lim_props_specs (props->kind, NULL);

  value_clear (&specs[key], &props->values[key]);
  props->set_mask &= ~(1u << key);
}

static LimPropValue *
begin_set (LimProps *props,
           guint     key)
{
  lim_props_unset (props, key);
  props->set_mask |= 1u << key;
  return &props->values[key];
}

void
lim_props_set_none (LimProps *props,
                    guint     key)
{
  begin_set (props, key)->is_none = TRUE;
}

void
lim_props_set_str (LimProps   *props,
                   guint       key,
                   const char *value)
{
  const LimPropSpec *specs = lim_props_specs (props->kind, NULL);
  LimPropValue *v = begin_set (props, key);

  if (value == NULL)
    v->is_none = TRUE;
  else if (specs[key].type == LIM_PROP_ENUM)
    {
      v->e = lim_enum_intern (specs[key].enum_type, value);
      g_return_if_fail (v->e != NULL);
    }
  else
    v->s = g_strdup (value);
}

void
lim_props_set_bool (LimProps *props,
                    guint     key,
                    gboolean  value)
{
  begin_set (props, key)->b = !!value;
}

void
lim_props_set_int (LimProps *props,
                   guint     key,
                   gint64    value)
{
  begin_set (props, key)->i = value;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static int
compare_enum_names (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  const LimEnum *e = user_data;
  return strcmp (lim_enum_name_of (e, *(const char *const *) a), lim_enum_name_of (e, *(const char *const *) b));
}

void
lim_props_set_set (LimProps          *props,
                   guint              key,
                   const char *const *values,
                   gssize             n)
{
  const LimPropSpec *specs = lim_props_specs (props->kind, NULL);
  gboolean is_enum = specs[key].type == LIM_PROP_ENUM_SET;
  LimPropValue *v = begin_set (props, key);
  GPtrArray *set = g_ptr_array_new_with_free_func (is_enum ? NULL : g_free);

  if (n < 0)
    n = values ? g_strv_length ((char **) values) : 0;
  for (gssize i = 0; i < n; i++)
    {
      const char *item = values[i];
      gboolean dup = FALSE;

      for (guint j = 0; j < set->len && !dup; j++)
        dup = strcmp (g_ptr_array_index (set, j), item) == 0;
      if (dup)
        continue;
      if (is_enum)
        {
          const char *interned = lim_enum_intern (specs[key].enum_type, item);
          g_return_if_fail (interned != NULL);
          g_ptr_array_add (set, (gpointer) interned);
        }
      else
        g_ptr_array_add (set, g_strdup (item));
    }
  /* Sorted by the text written to files: member names for enums. */
  if (is_enum)
    g_ptr_array_sort_with_data (set, compare_enum_names, (gpointer) specs[key].enum_type);
  else
    g_ptr_array_sort (set, compare_strings);
  v->set = set;
}

void
lim_props_set_mixture (LimProps               *props,
                       guint                   key,
                       const LimMixtureConfig *mixture)
{
  LimPropValue *v = begin_set (props, key);

  if (mixture == NULL)
    v->is_none = TRUE;
  else
    v->mixture = *mixture;
}

gboolean
lim_props_value_equal (const LimProps *a,
                       const LimProps *b,
                       guint           key)
{
  const LimPropSpec *spec = &lim_props_specs (a->kind, NULL)[key];
  gboolean a_has = has_value (a, key);
  gboolean b_has = has_value (b, key);
  const LimPropValue *va = &a->values[key];
  const LimPropValue *vb = &b->values[key];

  if (a_has != b_has)
    return FALSE;
  if (!a_has)
    return TRUE;

  switch (spec->type)
    {
    case LIM_PROP_STR:
      return g_strcmp0 (va->s, vb->s) == 0;
    case LIM_PROP_BOOL:
      return va->b == vb->b;
    case LIM_PROP_INT:
      return va->i == vb->i;
    case LIM_PROP_ENUM:
      return va->e == vb->e;
    case LIM_PROP_ENUM_SET:
    case LIM_PROP_STR_SET:
      if (va->set->len != vb->set->len)
        return FALSE;
      for (guint i = 0; i < va->set->len; i++)
        if (strcmp (g_ptr_array_index (va->set, i), g_ptr_array_index (vb->set, i)) != 0)
          return FALSE;
      return TRUE;
    case LIM_PROP_MIXTURE:
      return memcmp (&va->mixture, &vb->mixture, sizeof va->mixture) == 0;
    default:
      g_assert_not_reached ();
    }
}

gboolean
lim_props_equal (const LimProps *a,
                 const LimProps *b)
{
  guint n;

  g_return_val_if_fail (a->kind == b->kind, FALSE);
  lim_props_specs (a->kind, &n);
  for (guint i = 0; i < n; i++)
    if (!lim_props_value_equal (a, b, i))
      return FALSE;
  return TRUE;
}

/* ---------------------------------------------------------------- names */

const char *
lim_strip_b_prefix (const char *dotted)
{
  if (dotted == NULL)
    return NULL;
  if (g_str_has_prefix (dotted, "b."))
    return dotted + 2;
  if (g_str_has_prefix (dotted, "liminal.external."))
    return dotted + strlen ("liminal.external.");
  return dotted;
}

#define INVALID(node, ...) \
  lim_set_error_at (error, LIM_SYNTAX_ERROR, LIM_SYNTAX_ERROR_INVALID, file, node, __VA_ARGS__)

/* ---------------------------------------------------------------- parsing */

static const char *
parse_enum_member (const LimEnum   *e,
                   const LimPyNode *node,
                   const char      *file,
                   GError         **error)
{
  if (node->kind == LIM_PY_NAME)
    {
      const char *name = lim_strip_b_prefix (node->str);
      const char *dot = strrchr (name, '.');
      const LimEnumMember *m;

      if (dot == NULL || (size_t) (dot - name) != strlen (e->class_name) ||
          strncmp (name, e->class_name, dot - name) != 0)
        {
          INVALID (node, "expected a %s member such as b.%s.%s, found '%s'",
                   e->class_name, e->class_name, e->members[0].name, node->str);
          return NULL;
        }
      m = lim_enum_by_name (e, dot + 1);
      if (m == NULL)
        {
          GString *names = g_string_new (NULL);
          for (guint i = 0; i < e->n_members; i++)
            g_string_append_printf (names, "%s%s", i ? ", " : "", e->members[i].name);
          INVALID (node, "%s has no member '%s' (members: %s)", e->class_name, dot + 1, names->str);
          g_string_free (names, TRUE);
          return NULL;
        }
      return m->value;
    }
  if (node->kind == LIM_PY_STR)
    {
      /* pydantic accepts the value as a string, so a hand-edited file may too. */
      const char *value = lim_enum_intern (e, node->str);
      if (value == NULL)
        {
          INVALID (node, "'%s' is not a valid %s value", node->str, e->class_name);
          return NULL;
        }
      return value;
    }
  INVALID (node, "expected a %s member, found %s", e->class_name, lim_py_kind_to_string (node->kind));
  return NULL;
}

/* Elements of a set given as {…}, […], (…), set() or set([…]). */
static GPtrArray *
set_elements (const LimPyNode *node,
              const char      *file,
              const char      *what,
              GError         **error)
{
  if (node->kind == LIM_PY_SET || node->kind == LIM_PY_LIST || node->kind == LIM_PY_TUPLE)
    return node->items;
  if (node->kind == LIM_PY_CALL && strcmp (node->str, "set") == 0 &&
      (node->keywords == NULL || node->keywords->len == 0))
    {
      if (node->items->len == 0)
        return node->items;
      if (node->items->len == 1)
        return set_elements (g_ptr_array_index (node->items, 0), file, what, error);
    }
  INVALID (node, "%s must be a set such as {…} or set(), found %s", what, lim_py_kind_to_string (node->kind));
  return NULL;
}

static gboolean
parse_tri (const LimPyNode *node,
           LimTri          *out,
           const char      *file,
           const char      *what,
           GError         **error)
{
  if (node->kind == LIM_PY_NONE)
    *out = LIM_TRI_NONE;
  else if (node->kind == LIM_PY_BOOL)
    *out = node->bval ? LIM_TRI_TRUE : LIM_TRI_FALSE;
  else
    {
      INVALID (node, "%s must be True, False or None, found %s", what, lim_py_kind_to_string (node->kind));
      return FALSE;
    }
  return TRUE;
}

static const char *const mixture_keys[][2] = {
  { "allowMeasuredIngredients", "allow_measured_ingredients" },
  { "componentLotStorageEnabled", "component_lot_storage_enabled" },
  { "componentLotTextEnabled", "component_lot_text_enabled" },
};

static gboolean
parse_mixture (const LimPyNode  *node,
               LimMixtureConfig *mix,
               const char       *file,
               GError          **error)
{
  GPtrArray *keys = NULL;
  GPtrArray *values = NULL;
  LimTri *slots[3] = { &mix->allow_measured_ingredients, &mix->component_lot_storage_enabled,
                       &mix->component_lot_text_enabled };

  mix->allow_measured_ingredients = LIM_TRI_FALSE;
  mix->component_lot_storage_enabled = LIM_TRI_NONE;
  mix->component_lot_text_enabled = LIM_TRI_NONE;

  if (node->kind == LIM_PY_DICT)
    {
      keys = node->items;
      values = node->values;
    }
  else if (node->kind == LIM_PY_CALL &&
           strcmp (lim_strip_b_prefix (node->str), "MixtureSchemaConfig") == 0 &&
           node->items->len == 0)
    values = node->values;
  else
    {
      INVALID (node, "mixture_schema_config must be a dict such as {'allowMeasuredIngredients': True, …}");
      return FALSE;
    }

  for (guint i = 0; values && i < values->len; i++)
    {
      const char *key;
      const LimPyNode *key_node = keys ? g_ptr_array_index (keys, i) : g_ptr_array_index (values, i);
      gboolean found = FALSE;

      if (keys)
        {
          if (key_node->kind != LIM_PY_STR)
            {
              INVALID (key_node, "mixture_schema_config keys must be strings");
              return FALSE;
            }
          key = key_node->str;
        }
      else
        key = g_ptr_array_index (node->keywords, i);

      for (guint k = 0; k < 3; k++)
        if (strcmp (key, mixture_keys[k][0]) == 0 || strcmp (key, mixture_keys[k][1]) == 0)
          {
            if (!parse_tri (g_ptr_array_index (values, i), slots[k], file, key, error))
              return FALSE;
            found = TRUE;
          }
      if (!found)
        {
          INVALID (key_node, "unknown mixture_schema_config key '%s' (allowed: allowMeasuredIngredients, "
                   "componentLotStorageEnabled, componentLotTextEnabled)", key);
          return FALSE;
        }
    }
  if (mix->allow_measured_ingredients == LIM_TRI_NONE)
    mix->allow_measured_ingredients = LIM_TRI_FALSE;
  if (mix->allow_measured_ingredients == LIM_TRI_TRUE &&
      mix->component_lot_storage_enabled != LIM_TRI_TRUE && mix->component_lot_text_enabled != LIM_TRI_TRUE)
    {
      INVALID (node, "If allowMeasuredIngredients is True, either componentLotStorageEnabled or "
               "componentLotTextEnabled must be True.");
      return FALSE;
    }
  if (mix->allow_measured_ingredients == LIM_TRI_FALSE &&
      (mix->component_lot_storage_enabled == LIM_TRI_TRUE || mix->component_lot_text_enabled == LIM_TRI_TRUE))
    {
      INVALID (node, "If allowMeasuredIngredients is False, both componentLotStorageEnabled and "
               "componentLotTextEnabled must be False.");
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_value (LimProps        *props,
             guint            key,
             const LimPyNode *node,
             const char      *file,
             GError         **error)
{
  const LimPropSpec *spec = &lim_props_specs (props->kind, NULL)[key];

  if (node->kind == LIM_PY_NONE)
    {
      lim_props_set_none (props, key);
      return TRUE;
    }

  switch (spec->type)
    {
    case LIM_PROP_STR:
      if (node->kind != LIM_PY_STR)
        break;
      lim_props_set_str (props, key, node->str);
      return TRUE;

    case LIM_PROP_BOOL:
      if (node->kind != LIM_PY_BOOL)
        break;
      lim_props_set_bool (props, key, node->bval);
      return TRUE;

    case LIM_PROP_INT:
      if (node->kind != LIM_PY_INT)
        break;
      lim_props_set_int (props, key, node->ival);
      return TRUE;

    case LIM_PROP_ENUM:
      {
        const char *value = parse_enum_member (spec->enum_type, node, file, error);
        if (value == NULL)
          return FALSE;
        lim_props_set_str (props, key, value);
        return TRUE;
      }

    case LIM_PROP_ENUM_SET:
    case LIM_PROP_STR_SET:
      {
        GPtrArray *items = set_elements (node, file, spec->key, error);
        g_autoptr(GPtrArray) values = NULL;

        if (items == NULL)
          return FALSE;
        values = g_ptr_array_new ();
        for (guint i = 0; i < items->len; i++)
          {
            const LimPyNode *item = g_ptr_array_index (items, i);
            if (spec->type == LIM_PROP_ENUM_SET)
              {
                const char *value = parse_enum_member (spec->enum_type, item, file, error);
                if (value == NULL)
                  return FALSE;
                g_ptr_array_add (values, (gpointer) value);
              }
            else if (item->kind == LIM_PY_STR)
              g_ptr_array_add (values, item->str);
            else
              {
                INVALID (item, "%s must hold strings, found %s", spec->key, lim_py_kind_to_string (item->kind));
                return FALSE;
              }
          }
        lim_props_set_set (props, key, (const char *const *) values->pdata, values->len);
        return TRUE;
      }

    case LIM_PROP_MIXTURE:
      {
        LimMixtureConfig mix;
        if (!parse_mixture (node, &mix, file, error))
          return FALSE;
        lim_props_set_mixture (props, key, &mix);
        return TRUE;
      }

    default:
      g_assert_not_reached ();
    }

  INVALID (node, "%s must be %s, found %s", spec->key,
           spec->type == LIM_PROP_STR ? "a string or None"
           : spec->type == LIM_PROP_BOOL ? "True, False or None"
           : "an integer or None",
           lim_py_kind_to_string (node->kind));
  return FALSE;
}

LimProps *
lim_props_from_node (LimPropsKind     kind,
                     const LimPyNode *node,
                     const char      *file,
                     GError         **error)
{
  const char *class_name = lim_props_class_name (kind);
  g_autoptr(LimProps) props = NULL;

  if (node->kind != LIM_PY_CALL || strcmp (lim_strip_b_prefix (node->str), class_name) != 0)
    {
      INVALID (node, "expected b.%s(…), found %s%s%s", class_name,
               lim_py_kind_to_string (node->kind),
               node->kind == LIM_PY_CALL ? " " : "", node->kind == LIM_PY_CALL ? node->str : "");
      return NULL;
    }
  if (node->items->len > 0)
    {
      INVALID (g_ptr_array_index (node->items, 0), "%s takes keyword arguments only", class_name);
      return NULL;
    }

  props = lim_props_new (kind);
  for (guint i = 0; i < node->keywords->len; i++)
    {
      const char *kw = g_ptr_array_index (node->keywords, i);
      const LimPyNode *value = g_ptr_array_index (node->values, i);
      int key = lim_props_key_index (kind, kw);

      if (key < 0 && kind == LIM_PROPS_FIELD && strcmp (kw, "_archived") == 0)
        {
          LimTri tri;
          if (!parse_tri (value, &tri, file, kw, error))
            return NULL;
          props->archived = tri == LIM_TRI_TRUE;
          continue;
        }
      if (key < 0)
        {
          guint n;
          const LimPropSpec *specs = lim_props_specs (kind, &n);
          GString *allowed = g_string_new (NULL);
          for (guint k = 0; k < n; k++)
            g_string_append_printf (allowed, "%s%s", k ? ", " : "", specs[k].key);
          INVALID (value, "%s has no property '%s' (allowed: %s)", class_name, kw, allowed->str);
          g_string_free (allowed, TRUE);
          return NULL;
        }
      if (lim_props_is_set (props, key))
        {
          INVALID (value, "%s: property '%s' given twice", class_name, kw);
          return NULL;
        }
      if (!parse_value (props, key, value, file, error))
        return NULL;
    }

  return g_steal_pointer (&props);
}

/* ---------------------------------------------------------------- writing */

static void
append_tri (GString *out,
            LimTri   tri)
{
  g_string_append (out, tri == LIM_TRI_NONE ? "None" : tri == LIM_TRI_TRUE ? "True" : "False");
}

/* As pydantic's model_dump(exclude_defaults=True) writes it, nested keys
 * included: allowMeasuredIngredients only when true, the flags when set. */
static void
append_mixture (GString                *out,
                const LimMixtureConfig *mix)
{
  const LimTri values[3] = { mix->allow_measured_ingredients, mix->component_lot_storage_enabled,
                             mix->component_lot_text_enabled };
  const LimTri defaults[3] = { LIM_TRI_FALSE, LIM_TRI_NONE, LIM_TRI_NONE };
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  for (guint k = 0; k < 3; k++)
    {
      if (values[k] == defaults[k])
        continue;
      g_string_append_printf (out, "%s'%s': ", first ? "" : ", ", mixture_keys[k][0]);
      append_tri (out, values[k]);
      first = FALSE;
    }
  g_string_append_c (out, '}');
}

/* @repr: TRUE for repr() (strings quoted, enums with b.), FALSE for str(). */
static void
append_value (GString            *out,
              const LimPropSpec  *spec,
              const LimPropValue *v,
              gboolean            repr,
              gboolean            b_prefix)
{
  if (v->is_none)
    {
      g_string_append (out, "None");
      return;
    }
  switch (spec->type)
    {
    case LIM_PROP_STR:
      if (repr)
        lim_py_append_repr_str (out, v->s);
      else
        g_string_append (out, v->s);
      break;
    case LIM_PROP_BOOL:
      g_string_append (out, v->b ? "True" : "False");
      break;
    case LIM_PROP_INT:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, v->i);
      break;
    case LIM_PROP_ENUM:
      g_string_append_printf (out, "%s%s.%s", repr && b_prefix ? "b." : "", spec->enum_type->class_name,
                              lim_enum_name_of (spec->enum_type, v->e));
      break;
    case LIM_PROP_ENUM_SET:
    case LIM_PROP_STR_SET:
      if (v->set->len == 0)
        {
          g_string_append (out, "set()");
          break;
        }
      g_string_append_c (out, '{');
      for (guint i = 0; i < v->set->len; i++)
        {
          const char *item = g_ptr_array_index (v->set, i);
          if (i > 0)
            g_string_append (out, ", ");
          if (spec->type == LIM_PROP_STR_SET)
            lim_py_append_repr_str (out, item);
          else
            g_string_append_printf (out, "%s%s.%s", repr && b_prefix ? "b." : "", spec->enum_type->class_name,
                                    lim_enum_name_of (spec->enum_type, item));
        }
      g_string_append_c (out, '}');
      break;
    case LIM_PROP_MIXTURE:
      append_mixture (out, &v->mixture);
      break;
    default:
      g_assert_not_reached ();
    }
}

void
lim_props_append_repr (const LimProps *props,
                       GString        *out,
                       gboolean        b_prefix)
{
  guint n;
  const LimPropSpec *specs = lim_props_specs (props->kind, &n);
  gboolean first = TRUE;

  g_string_append_printf (out, "%s%s(", b_prefix ? "b." : "", lim_props_class_name (props->kind));
  for (guint i = 0; i < n; i++)
    {
      if (!lim_props_is_set (props, i))
        continue;
      /* BaseSchemaProperties.__repr__ uses exclude_defaults: None is dropped. */
      if (props->kind == LIM_PROPS_SCHEMA && props->values[i].is_none)
        continue;
      if (!first)
        g_string_append (out, ", ");
      first = FALSE;
      g_string_append_printf (out, "%s=", specs[i].key);
      append_value (out, &specs[i], &props->values[i], TRUE, b_prefix);
    }
  g_string_append_c (out, ')');
}

void
lim_props_append_str (const LimProps *props,
                      GString        *out)
{
  guint n;
  const LimPropSpec *specs = lim_props_specs (props->kind, &n);
  gboolean first = TRUE;

  for (guint i = 0; i < n; i++)
    {
      if (!lim_props_is_set (props, i))
        continue;
      if (!first)
        g_string_append (out, ", ");
      first = FALSE;
      g_string_append_printf (out, "%s=", specs[i].key);
      append_value (out, &specs[i], &props->values[i], FALSE, FALSE);
    }
}

/* ---------------------------------------------------------------- name templates */

static const LimPartSpec part_specs[] = {
  { "SeparatorPart", "SEPARATOR", "value" },
  { "TextPart", "TEXT", "value" },
  { "CreationYearPart", "CREATED_AT_YEAR", NULL },
  { "CreationDatePart", "CREATED_AT_DATE", NULL },
  { "FieldPart", "FIELD", "wh_field_name" },
  { "ParentLotNumberPart", "CHILD_ENTITY_LOT_NUMBER", "wh_field_name" },
  { "ParentRegistryIdPart", "LINKED_BIOENTITY_REGISTRY_IDENTIFIER", "wh_field_name" },
  { "RegistryIdentifierNumberPart", "REGISTRY_IDENTIFIER_NUMBER", NULL },
  { "ProjectPart", "PROJECT", NULL },
  { "ComplexPolymerComponentPart", "COMPLEX_POLYMER_COMPONENT", NULL },
};

const LimPartSpec *
lim_part_spec_lookup (const char *class_name)
{
  for (guint i = 0; i < G_N_ELEMENTS (part_specs); i++)
    if (g_strcmp0 (part_specs[i].class_name, class_name) == 0)
      return &part_specs[i];
  return NULL;
}

const LimPartSpec *
lim_part_spec_for_type (const char *part_type)
{
  for (guint i = 0; i < G_N_ELEMENTS (part_specs); i++)
    if (g_strcmp0 (part_specs[i].part_type, part_type) == 0)
      return &part_specs[i];
  return NULL;
}

static void
part_free (gpointer data)
{
  LimNameTemplatePart *part = data;
  g_free (part->data);
  g_free (part);
}

LimNameTemplate *
lim_name_template_new (void)
{
  LimNameTemplate *t = g_new0 (LimNameTemplate, 1);
  t->order_name_parts_by_sequence = LIM_TRI_NONE;
  return t;
}

void
lim_name_template_add_part (LimNameTemplate   *t,
                            const LimPartSpec *spec,
                            const char        *data)
{
  LimNameTemplatePart *part = g_new0 (LimNameTemplatePart, 1);

  part->spec = spec;
  part->data = g_strdup (data);
  if (t->parts == NULL)
    t->parts = g_ptr_array_new_with_free_func (part_free);
  t->parts_set = TRUE;
  g_ptr_array_add (t->parts, part);
}

LimNameTemplate *
lim_name_template_copy (const LimNameTemplate *t)
{
  LimNameTemplate *copy = lim_name_template_new ();

  copy->parts_set = t->parts_set;
  copy->order_set = t->order_set;
  copy->order_name_parts_by_sequence = t->order_name_parts_by_sequence;
  if (t->parts)
    {
      copy->parts = g_ptr_array_new_with_free_func (part_free);
      for (guint i = 0; i < t->parts->len; i++)
        {
          const LimNameTemplatePart *p = g_ptr_array_index (t->parts, i);
          lim_name_template_add_part (copy, p->spec, p->data);
        }
    }
  return copy;
}

void
lim_name_template_free (LimNameTemplate *t)
{
  if (t == NULL)
    return;
  g_clear_pointer (&t->parts, g_ptr_array_unref);
  g_free (t);
}

gboolean
lim_name_template_equal (const LimNameTemplate *a,
                         const LimNameTemplate *b)
{
  return a->order_name_parts_by_sequence == b->order_name_parts_by_sequence &&
         lim_name_template_parts_equal (a, b);
}

gboolean
lim_name_template_parts_equal (const LimNameTemplate *a,
                               const LimNameTemplate *b)
{
  if ((a->parts == NULL) != (b->parts == NULL))
    return FALSE;
  if (a->parts == NULL)
    return TRUE;
  if (a->parts->len != b->parts->len)
    return FALSE;
  for (guint i = 0; i < a->parts->len; i++)
    {
      const LimNameTemplatePart *pa = g_ptr_array_index (a->parts, i);
      const LimNameTemplatePart *pb = g_ptr_array_index (b->parts, i);
      /* Unlike Liminal (§5.4), the part type takes part in equality. */
      if (pa->spec != pb->spec || g_strcmp0 (pa->data, pb->data) != 0)
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_part (LimNameTemplate *t,
            const LimPyNode *node,
            const char      *file,
            GError         **error)
{
  const LimPartSpec *spec;
  const char *data = NULL;

  if (node->kind != LIM_PY_CALL)
    {
      INVALID (node, "expected a name template part such as b.TextPart(value='…'), found %s",
               lim_py_kind_to_string (node->kind));
      return FALSE;
    }
  spec = lim_part_spec_lookup (lim_strip_b_prefix (node->str));
  if (spec == NULL)
    {
      INVALID (node, "unknown name template part '%s'", node->str);
      return FALSE;
    }
  if (spec->data_key == NULL)
    {
      if (node->items->len + node->keywords->len > 0)
        {
          INVALID (node, "%s takes no arguments", spec->class_name);
          return FALSE;
        }
    }
  else
    {
      const LimPyNode *arg = NULL;
      if (node->items->len == 1 && node->keywords->len == 0)
        arg = g_ptr_array_index (node->items, 0);
      else if (node->items->len == 0 && node->keywords->len == 1 &&
               strcmp (g_ptr_array_index (node->keywords, 0), spec->data_key) == 0)
        arg = g_ptr_array_index (node->values, 0);
      if (arg == NULL)
        {
          INVALID (node, "%s takes one argument, %s='…'", spec->class_name, spec->data_key);
          return FALSE;
        }
      if (arg->kind != LIM_PY_STR)
        {
          INVALID (arg, "%s.%s must be a string", spec->class_name, spec->data_key);
          return FALSE;
        }
      if (strcmp (spec->data_key, "value") == 0 && arg->str[0] == '\0')
        {
          INVALID (arg, "%s: value cannot be empty", spec->class_name);
          return FALSE;
        }
      data = arg->str;
    }
  lim_name_template_add_part (t, spec, data);
  return TRUE;
}

LimNameTemplate *
lim_name_template_from_node (const LimPyNode *node,
                             const char      *file,
                             GError         **error)
{
  g_autoptr(LimNameTemplate) t = NULL;

  if (node->kind != LIM_PY_CALL || strcmp (lim_strip_b_prefix (node->str), "BaseNameTemplate") != 0)
    {
      INVALID (node, "expected b.BaseNameTemplate(…), found %s", lim_py_kind_to_string (node->kind));
      return NULL;
    }
  if (node->items->len > 0)
    {
      INVALID (node, "BaseNameTemplate takes keyword arguments only");
      return NULL;
    }
  t = lim_name_template_new ();
  for (guint i = 0; i < node->keywords->len; i++)
    {
      const char *kw = g_ptr_array_index (node->keywords, i);
      const LimPyNode *value = g_ptr_array_index (node->values, i);

      if (strcmp (kw, "parts") == 0 && !t->parts_set)
        {
          t->parts_set = TRUE;
          if (value->kind == LIM_PY_NONE)
            continue;
          if (value->kind != LIM_PY_LIST && value->kind != LIM_PY_TUPLE)
            {
              INVALID (value, "parts must be a list of name template parts");
              return NULL;
            }
          t->parts = g_ptr_array_new_with_free_func (part_free);
          for (guint k = 0; k < value->items->len; k++)
            if (!parse_part (t, g_ptr_array_index (value->items, k), file, error))
              return NULL;
        }
      else if (strcmp (kw, "order_name_parts_by_sequence") == 0 && !t->order_set)
        {
          t->order_set = TRUE;
          if (!parse_tri (value, &t->order_name_parts_by_sequence, file, kw, error))
            return NULL;
        }
      else
        {
          INVALID (value, "BaseNameTemplate has no property '%s' or it is given twice "
                   "(allowed: parts, order_name_parts_by_sequence)", kw);
          return NULL;
        }
    }
  return g_steal_pointer (&t);
}

void
lim_name_template_part_append_repr (const LimNameTemplatePart *part,
                                    GString                   *out,
                                    gboolean                   b_prefix)
{
  g_string_append_printf (out, "%s%s(", b_prefix ? "b." : "", part->spec->class_name);
  if (part->spec->data_key)
    {
      g_string_append_printf (out, "%s=", part->spec->data_key);
      lim_py_append_repr_str (out, part->data ? part->data : "");
    }
  g_string_append_c (out, ')');
}

static void
append_parts (const LimNameTemplate *t,
              GString               *out,
              gboolean               b_prefix)
{
  g_string_append_c (out, '[');
  for (guint i = 0; t->parts && i < t->parts->len; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      lim_name_template_part_append_repr (g_ptr_array_index (t->parts, i), out, b_prefix);
    }
  g_string_append_c (out, ']');
}

void
lim_name_template_append_repr (const LimNameTemplate *t,
                               GString               *out,
                               gboolean               b_prefix)
{
  gboolean first = TRUE;

  g_string_append_printf (out, "%sBaseNameTemplate(", b_prefix ? "b." : "");
  if (t->parts_set && t->parts != NULL)
    {
      g_string_append (out, "parts=");
      append_parts (t, out, b_prefix);
      first = FALSE;
    }
  if (t->order_set && t->order_name_parts_by_sequence != LIM_TRI_NONE)
    {
      if (!first)
        g_string_append (out, ", ");
      g_string_append (out, "order_name_parts_by_sequence=");
      append_tri (out, t->order_name_parts_by_sequence);
    }
  g_string_append_c (out, ')');
}

void
lim_name_template_append_str (const LimNameTemplate *t,
                              GString               *out)
{
  gboolean first = TRUE;

  if (t->parts != NULL)
    {
      g_string_append (out, "parts=");
      append_parts (t, out, FALSE);
      first = FALSE;
    }
  if (t->order_name_parts_by_sequence != LIM_TRI_NONE)
    {
      if (!first)
        g_string_append (out, ", ");
      g_string_append (out, "order_name_parts_by_sequence=");
      append_tri (out, t->order_name_parts_by_sequence);
    }
}
