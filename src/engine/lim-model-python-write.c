/* lim-model-python-write.c — Liminal's Python model files from our JSON
 * model files.  See the header for what is mirrored and where we differ.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "lim-benchling-types.h"
#include "lim-json.h"
#include "lim-py.h"
#include "lim-model-python-write.h"
#include "lim-revision.h"

G_DEFINE_QUARK (lim-model-python-error-quark, lim_model_python_error)

#define TAB "    "

/* --------------------------------------------------------- Python text */

static char *
pascal_case (const char *text)
{
  GString *out = g_string_new (NULL);
  const char *p = text;

  /* re.split(r"[ /_\-]"), strip non-[A-Za-z0-9], str.capitalize, join. */
  for (;;)
    {
      gboolean first = TRUE;

      for (; *p && !strchr (" /_-", *p); p++)
        if (g_ascii_isalnum (*p))
          {
            g_string_append_c (out, first ? g_ascii_toupper (*p) : g_ascii_tolower (*p));
            first = FALSE;
          }
      if (*p == '\0')
        break;
      p++;
    }
  return g_string_free (out, FALSE);
}

/* Whether @s can be a Python identifier we write (ASCII only, no keyword). */
static gboolean
is_identifier (const char *s)
{
  static const char *const keywords[] = {
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
    "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield", NULL
  };

  if (s == NULL || !(g_ascii_isalpha (s[0]) || s[0] == '_') || g_strv_contains (keywords, s))
    return FALSE;
  for (const char *p = s; *p; p++)
    if (!(g_ascii_isalnum (*p) || *p == '_'))
      return FALSE;
  return TRUE;
}

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* A Python set of @items (written values), sorted; "set()" when empty. */
static void
py_set (GString   *out,
        GPtrArray *items)
{
  g_ptr_array_sort (items, compare_strings);
  if (items->len == 0)
    {
      g_string_append (out, "set()");
      return;
    }
  g_string_append_c (out, '{');
  for (guint i = 0; i < items->len; i++)
    g_string_append_printf (out, "%s%s", i ? ", " : "", (const char *) g_ptr_array_index (items, i));
  g_string_append_c (out, '}');
}

/* ------------------------------------------------------------- tables */

typedef struct
{
  const char *type;      /* NameTemplatePartType value */
  const char *cls;       /* liminal.orm.name_template_parts class */
} PartClass;

static const PartClass part_classes[] = {
  { "SEPARATOR", "SeparatorPart" },
  { "TEXT", "TextPart" },
  { "CREATED_AT_YEAR", "CreationYearPart" },
  { "CREATED_AT_DATE", "CreationDatePart" },
  { "FIELD", "FieldPart" },
  { "REGISTRY_IDENTIFIER_NUMBER", "RegistryIdentifierNumberPart" },
  { "LINKED_BIOENTITY_REGISTRY_IDENTIFIER", "ParentRegistryIdPart" },
  { "PROJECT", "ProjectPart" },
  { "CHILD_ENTITY_LOT_NUMBER", "ParentLotNumberPart" },
  { "COMPLEX_POLYMER_COMPONENT", "ComplexPolymerComponentPart" },
};

typedef struct
{
  const char *entity_type;
  const char *mixin;     /* get_entity_mixin */
  const char *subdir;    /* get_file_subdirectory */
} EntityKind;

static const EntityKind entity_kinds[] = {
  { "custom_entity", "CustomEntityMixin", "custom_entities" },
  { "dna_sequence", "DnaSequenceMixin", "dna_sequences" },
  { "dna_oligo", "DnaOligoMixin", "dna_oligos" },
  { "rna_oligo", "RnaOligoMixin", "rna_oligos" },
  { "rna_sequence", "RnaSequenceMixin", "rna_sequences" },
  { "aa_sequence", "AaSequenceMixin", "aa_sequences" },
  { "entry", "EntryMixin", "entries" },
  { "mixture", "MixtureMixin", "mixtures" },
  { "molecule", "MoleculeMixin", "molecules" },
};

static const PartClass *
part_class (const char *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (part_classes); i++)
    if (g_strcmp0 (part_classes[i].type, type) == 0)
      return &part_classes[i];
  return NULL;
}

static const EntityKind *
entity_kind (const char *entity_type)
{
  for (guint i = 0; i < G_N_ELEMENTS (entity_kinds); i++)
    if (g_strcmp0 (entity_kinds[i].entity_type, entity_type) == 0)
      return &entity_kinds[i];
  return NULL;
}

/* convert_benchling_type_to_python_type(type).__name__ */
static const char *
python_type (const char *type)
{
  if (g_strcmp0 (type, "date") == 0 || g_strcmp0 (type, "datetime") == 0)
    return "datetime";
  if (g_strcmp0 (type, "float") == 0)
    return "float";
  if (g_strcmp0 (type, "integer") == 0)
    return "int";
  if (g_strcmp0 (type, "blob_link") == 0 || g_strcmp0 (type, "json") == 0)
    return "dict";
  if (g_strcmp0 (type, "boolean") == 0)
    return "bool";
  return "str";
}

/* "BenchlingFieldType.TEXT" for the value "text". */
static char *
enum_repr (const LimEnum *e,
           const char    *value)
{
  const char *name = lim_enum_name_of (e, value);
  return g_strdup_printf ("%s.%s", e->class_name, name ? name : value);
}

/* ------------------------------------------------------------- JSON access */

static const char *
get_str (JsonObject *o,
         const char *key)
{
  return lim_json_get_string (o, key);
}

static gboolean
get_bool (JsonObject *o,
          const char *key)
{
  JsonNode *n = json_object_get_member (o, key);
  return n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_BOOLEAN && json_node_get_boolean (n);
}

static gboolean
is_null (JsonObject *o,
         const char *key)
{
  JsonNode *n = json_object_get_member (o, key);
  return n == NULL || JSON_NODE_HOLDS_NULL (n);
}

static void
append_bool_repr (GString *out,
                  gboolean value)
{
  g_string_append (out, value ? "True" : "False");
}

/* ------------------------------------------------------------- dropdowns */

typedef struct
{
  char *stem;
  char *cls;
} Entry;

static void
entry_free (Entry *e)
{
  g_free (e->stem);
  g_free (e->cls);
  g_free (e);
}

static gint
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const Entry *ea = *(const Entry *const *) a;
  const Entry *eb = *(const Entry *const *) b;
  int c = strcmp (ea->stem, eb->stem);
  return c ? c : strcmp (ea->cls, eb->cls);
}

static gboolean
claim (GHashTable *taken,
       const char *path,
       const char *what,
       GError    **error)
{
  const char *other = g_hash_table_lookup (taken, path);

  if (other != NULL)
    {
      g_set_error (error, LIM_MODEL_PYTHON_ERROR, LIM_MODEL_PYTHON_ERROR_NAME,
                   "%s and %s would both be written to %s; rename one of them", other, what, path);
      return FALSE;
    }
  g_hash_table_insert (taken, g_strdup (path), g_strdup (what));
  return TRUE;
}

/* The module @stem and the class @cls Liminal would make of @what's name
 * must be importable. */
static gboolean
check_names (const char *stem,
             const char *cls,
             const char *what,
             GError    **error)
{
  const char *bad = !is_identifier (stem) ? stem : !is_identifier (cls) ? cls : NULL;

  if (bad != NULL)
    {
      g_set_error (error, LIM_MODEL_PYTHON_ERROR, LIM_MODEL_PYTHON_ERROR_NAME,
                   "%s gives the Python name “%s”, which is not a Python identifier; rename it", what, bad);
      return FALSE;
    }
  return TRUE;
}

static gboolean
dropdown_files (GPtrArray  *objects,
                GPtrArray  *out,
                GHashTable *taken,
                GError    **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  GString *init;

  for (guint i = 0; i < objects->len; i++)
    {
      JsonObject *o = g_ptr_array_index (objects, i);
      const char *name = get_str (o, "name");
      JsonArray *options = lim_json_get_array (o, "options");
      g_autofree char *stem = lim_snake_case (name);
      g_autofree char *cls = pascal_case (name);
      g_autofree char *what = g_strdup_printf ("Dropdown “%s”", name);
      g_autofree char *path = g_strdup_printf ("dropdowns/%s.py", stem);
      GString *text = g_string_new ("\nfrom liminal.base.base_dropdown import BaseDropdown\n\n\n");
      Entry *e;

      if (!check_names (stem, cls, what, error) || !claim (taken, path, what, error))
        {
          g_string_free (text, TRUE);
          return FALSE;
        }
      g_string_append_printf (text, "class %s(BaseDropdown):\n" TAB "__benchling_name__ = ", cls);
      lim_py_append_str_literal (text, name, '"');
      g_string_append (text, "\n" TAB "__allowed_values__ = [");
      for (guint j = 0; options && j < json_array_get_length (options); j++)
        {
          if (j > 0)
            g_string_append (text, ", ");
          lim_py_append_str_literal (text, json_array_get_string_element (options, j), '"');
        }
      g_string_append (text, "]\n");
      if (get_bool (o, "archived"))
        g_string_append (text, TAB "__archived__ = True\n");
      g_ptr_array_add (out, lim_model_file_new (path, text->str));
      g_string_free (text, TRUE);
      e = g_new0 (Entry, 1);
      e->stem = g_steal_pointer (&stem);
      e->cls = g_steal_pointer (&cls);
      g_ptr_array_add (entries, e);
    }
  if (entries->len == 0)
    return TRUE;
  g_ptr_array_sort (entries, compare_entries);
  init = g_string_new (NULL);
  for (guint i = 0; i < entries->len; i++)
    {
      const Entry *e = g_ptr_array_index (entries, i);
      g_string_append_printf (init, "%sfrom .%s import %s", i ? "\n" : "", e->stem, e->cls);
    }
  g_ptr_array_add (out, lim_model_file_new ("dropdowns/__init__.py", init->str));
  g_string_free (init, TRUE);
  return TRUE;
}

/* --------------------------------------------------------- entity schemas */

static void
schema_properties_repr (GString    *out,
                        JsonObject *o)
{
  static const char *const default_strategies[] = { "DELETE_NAMES", "IDS_FROM_NAMES", "NEW_IDS" };
  JsonArray *strategies = lim_json_get_array (o, "naming_strategies");
  JsonArray *constraints = lim_json_get_array (o, "constraint_fields");
  JsonObject *mix = lim_json_get_object (o, "mixture_schema_config");
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  gboolean is_default = TRUE;
  const char *sep = "";
  g_autofree char *entity = enum_repr (&lim_enum_entity_type, get_str (o, "entity_type"));

  g_string_append (out, "SchemaProperties(name=");
  lim_py_append_repr_str (out, get_str (o, "name"));
  g_string_append (out, ", warehouse_name=");
  lim_py_append_repr_str (out, get_str (o, "warehouse_name"));
  g_string_append (out, ", prefix=");
  lim_py_append_repr_str (out, get_str (o, "prefix"));
  g_string_append_printf (out, ", entity_type=%s", entity);

  for (guint i = 0; strategies && i < json_array_get_length (strategies); i++)
    g_ptr_array_add (values, g_strdup (json_array_get_string_element (strategies, i)));
  g_ptr_array_sort (values, compare_strings);
  /* Left out of a JSON file: SchemaProperties' default. */
  if (strategies != NULL && values->len != G_N_ELEMENTS (default_strategies))
    is_default = FALSE;
  for (guint i = 0; is_default && i < values->len; i++)
    is_default = strcmp (g_ptr_array_index (values, i), default_strategies[i]) == 0;
  if (!is_default)
    {
      for (guint i = 0; i < values->len; i++)
        {
          char *v = g_ptr_array_index (values, i);
          values->pdata[i] = enum_repr (&lim_enum_naming_strategy, v);
          g_free (v);
        }
      g_string_append (out, ", naming_strategies=");
      py_set (out, values);
    }

  if (mix != NULL)
    {
      /* model_dump(exclude_defaults) reaches into the nested model too. */
      g_string_append (out, ", mixture_schema_config={");
      if (get_bool (mix, "allowMeasuredIngredients"))
        {
          g_string_append (out, "'allowMeasuredIngredients': True");
          sep = ", ";
        }
      if (!is_null (mix, "componentLotStorageEnabled"))
        {
          g_string_append_printf (out, "%s'componentLotStorageEnabled': ", sep);
          append_bool_repr (out, get_bool (mix, "componentLotStorageEnabled"));
          sep = ", ";
        }
      if (!is_null (mix, "componentLotTextEnabled"))
        {
          g_string_append_printf (out, "%s'componentLotTextEnabled': ", sep);
          append_bool_repr (out, get_bool (mix, "componentLotTextEnabled"));
        }
      g_string_append_c (out, '}');
    }
  if (get_bool (o, "use_registry_id_as_label"))
    g_string_append (out, ", use_registry_id_as_label=True");
  if (get_bool (o, "include_registry_id_in_chips"))
    g_string_append (out, ", include_registry_id_in_chips=True");
  if (constraints && json_array_get_length (constraints) > 0)
    {
      g_autoptr(GPtrArray) set = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < json_array_get_length (constraints); i++)
        {
          GString *item = g_string_new (NULL);
          lim_py_append_repr_str (item, json_array_get_string_element (constraints, i));
          g_ptr_array_add (set, g_string_free (item, FALSE));
        }
      g_string_append (out, ", constraint_fields=");
      py_set (out, set);
    }
  if (get_bool (o, "show_bases_in_expanded_view"))
    g_string_append (out, ", show_bases_in_expanded_view=True");
  if (get_bool (o, "archived"))
    g_string_append (out, ", _archived=True");
  g_string_append_c (out, ')');
}

/* NameTemplate(...), or NULL when it equals NameTemplate().  @classes gets
 * the part classes. */
static char *
name_template_repr (JsonObject *o,
                    GPtrArray  *classes)
{
  JsonObject *nt = lim_json_get_object (o, "name_template");
  JsonArray *parts = nt ? lim_json_get_array (nt, "parts") : NULL;
  guint n = parts ? json_array_get_length (parts) : 0;
  gboolean ordered = nt && get_bool (nt, "order_name_parts_by_sequence");
  GString *out;

  if (n == 0 && !ordered)
    return NULL;
  out = g_string_new ("NameTemplate(");
  if (n > 0)
    {
      g_string_append (out, "parts=[");
      for (guint i = 0; i < n; i++)
        {
          JsonObject *part = json_array_get_object_element (parts, i);
          const char *type = get_str (part, "type");
          const PartClass *pc = part_class (type);
          const char *cls = pc ? pc->cls : type;

          g_string_append_printf (out, "%s%s(", i ? ", " : "", cls);
          if (json_object_has_member (part, "value"))
            {
              g_string_append (out, "value=");
              lim_py_append_repr_str (out, get_str (part, "value") ?: "");
            }
          else if (json_object_has_member (part, "wh_field_name"))
            {
              g_string_append (out, "wh_field_name=");
              lim_py_append_repr_str (out, get_str (part, "wh_field_name") ?: "");
            }
          g_string_append_c (out, ')');
          if (!g_ptr_array_find_with_equal_func (classes, cls, g_str_equal, NULL))
            g_ptr_array_add (classes, g_strdup (cls));
        }
      g_string_append_c (out, ']');
    }
  if (ordered)
    g_string_append_printf (out, "%sorder_name_parts_by_sequence=True", n > 0 ? ", " : "");
  g_string_append_c (out, ')');
  return g_string_free (out, FALSE);
}

static void
add_import (GPtrArray  *imports,
            const char *line)
{
  if (!g_ptr_array_find_with_equal_func (imports, line, g_str_equal, NULL))
    g_ptr_array_add (imports, g_strdup (line));
}

/* Column(…) of column_dump(): the arguments joined by @sep (", " in entity
 * schema files, "," in result schema files). */
static void
column_repr (GString    *out,
             JsonObject *f,
             const char *dropdown_cls,
             const char *sep)
{
  const char *type = get_str (f, "type");
  g_autofree char *type_repr = enum_repr (&lim_enum_field_type, type);
  JsonNode *dp = json_object_get_member (f, "decimal_places");

  g_string_append (out, "Column(name=");
  lim_py_append_repr_str (out, get_str (f, "name"));
  g_string_append_printf (out, "%stype=%s%srequired=", sep, type_repr, sep);
  append_bool_repr (out, get_bool (f, "required"));
  if (get_bool (f, "is_multi"))
    g_string_append_printf (out, "%sis_multi=True", sep);
  if (get_bool (f, "parent_link"))
    g_string_append_printf (out, "%sparent_link=True", sep);
  if (dropdown_cls)
    g_string_append_printf (out, "%sdropdown=%s", sep, dropdown_cls);
  if (get_str (f, "entity_link"))
    {
      g_string_append_printf (out, "%sentity_link=", sep);
      lim_py_append_repr_str (out, get_str (f, "entity_link"));
    }
  if (get_str (f, "tooltip"))
    {
      g_string_append_printf (out, "%stooltip=", sep);
      lim_py_append_repr_str (out, get_str (f, "tooltip"));
    }
  if (dp && JSON_NODE_HOLDS_VALUE (dp))
    g_string_append_printf (out, "%sdecimal_places=%" G_GINT64_FORMAT, sep, json_node_get_int (dp));
  if (get_str (f, "unit_name"))
    {
      g_string_append_printf (out, "%sunit_name=", sep);
      lim_py_append_repr_str (out, get_str (f, "unit_name"));
    }
  if (get_bool (f, "archived"))
    g_string_append_printf (out, "%s_archived=True", sep);
  g_string_append_c (out, ')');
}

/* What the two generators share for a class's @fields: the Column lines
 * (arguments joined by @sep), the relationships to the classes of
 * @wh_to_class, the typed __init__ (empty without fields) with its
 * Dropdown.validate() calls, and their imports; the dropdown classes are
 * imported from the package @dropdown_package ("..." or ".."). */
static void
class_body (JsonArray  *fields,
            const char *sep,
            const char *dropdown_package,
            GHashTable *wh_to_class,
            GPtrArray  *imports,
            GString    *columns,
            GString    *relationships,
            GString    *init)
{
  g_autoptr(GString) dropdowns = g_string_new (NULL);
  g_autoptr(GString) validates = g_string_new (NULL);
  guint n = fields ? json_array_get_length (fields) : 0;

  if (n == 0)
    return;
  g_string_append (init, TAB "def __init__(\n" TAB TAB "self,");
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < n; i++)
      {
        JsonObject *f = json_array_get_object_element (fields, i);
        const char *wh = get_str (f, "warehouse_name");
        const char *type = get_str (f, "type");
        gboolean required = get_bool (f, "required");
        const char *dropdown = get_str (f, "dropdown_link");
        const char *link = get_str (f, "entity_link");
        g_autofree char *dropdown_cls = dropdown ? pascal_case (dropdown) : NULL;
        const char *target;

        if (pass == 1)
          {
            /* The optional parameters, after the required ones. */
            if (!required)
              g_string_append_printf (init, "\n" TAB TAB "%s: %s | None = None,", wh, python_type (type));
            continue;
          }
        if (dropdown_cls)
          {
            g_string_append_printf (dropdowns, "%s%s", dropdowns->len ? ", " : "", dropdown_cls);
            g_string_append_printf (validates, "\n" TAB TAB "%s.validate(%s)", dropdown_cls, wh);
          }
        g_string_append_printf (columns, "%s" TAB "%s: SqlColumn = ", columns->len ? "\n" : "", wh);
        column_repr (columns, f, dropdown_cls, sep);
        if (required)
          g_string_append_printf (init, "\n" TAB TAB "%s: %s,", wh, python_type (type));
        if (g_strcmp0 (type, "date") == 0 || g_strcmp0 (type, "datetime") == 0)
          add_import (imports, "from datetime import datetime");
        if (lim_field_type_is_entity_link_type (type) && link
            && (target = g_hash_table_lookup (wh_to_class, link)) != NULL)
          {
            gboolean multi = get_bool (f, "is_multi");
            g_string_append_printf (relationships, "%s" TAB "%s_%s = %s(\"%s\", %s)", relationships->len ? "\n" : "",
                                    wh, multi ? "entities" : "entity",
                                    multi ? "multi_relationship" : "single_relationship", target, wh);
            add_import (imports, multi ? "from liminal.orm.relationship import multi_relationship"
                                       : "from liminal.orm.relationship import single_relationship");
          }
      }
  g_string_append (init, "\n" TAB "):");
  for (guint i = 0; i < n; i++)
    {
      const char *wh = get_str (json_array_get_object_element (fields, i), "warehouse_name");
      g_string_append_printf (init, "\n" TAB TAB "self.%s = %s", wh, wh);
    }
  g_string_append (init, validates->str);
  if (dropdowns->len > 0)
    {
      g_autofree char *line = g_strdup_printf ("from %sdropdowns import %s", dropdown_package, dropdowns->str);
      add_import (imports, line);
    }
}

/* generate_all_entity_schema_files' full_content for one schema. */
static char *
schema_text (JsonObject *o,
             const char *cls,
             const char *mixin,
             GHashTable *wh_to_class)
{
  g_autoptr(GPtrArray) imports = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) part_classes_used = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) columns = g_string_new (NULL);
  g_autoptr(GString) relationships = g_string_new (NULL);
  g_autoptr(GString) init = g_string_new (NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *nt = name_template_repr (o, part_classes_used);
  g_autofree char *mixin_import = g_strdup_printf ("from liminal.orm.mixins import %s", mixin);
  JsonArray *fields = lim_json_get_array (o, "fields");
  GString *props = g_string_new (NULL);

  schema_properties_repr (props, o);
  add_import (imports, "from sqlalchemy import Column as SqlColumn");
  add_import (imports, "from liminal.orm.column import Column");
  add_import (imports, "from liminal.orm.base_model import BaseModel");
  add_import (imports, "from liminal.orm.schema_properties import SchemaProperties");
  add_import (imports, mixin_import);
  add_import (imports, strstr (props->str, "naming_strategies=")
              ? "from liminal.enums import BenchlingEntityType, BenchlingFieldType, BenchlingNamingStrategy"
              : "from liminal.enums import BenchlingEntityType, BenchlingFieldType");

  class_body (fields, ", ", "...", wh_to_class, imports, columns, relationships, init);
  if (nt != NULL)
    {
      add_import (imports, "from liminal.orm.name_template import NameTemplate");
      if (part_classes_used->len > 0)
        {
          g_autofree char *names = NULL;
          g_autofree char *line = NULL;

          g_ptr_array_sort (part_classes_used, compare_strings);
          g_ptr_array_add (part_classes_used, NULL);
          names = g_strjoinv (", ", (char **) part_classes_used->pdata);
          g_ptr_array_set_size (part_classes_used, part_classes_used->len - 1);
          line = g_strdup_printf ("from liminal.orm.name_template_parts import %s", names);
          add_import (imports, line);
        }
    }

  g_ptr_array_sort (imports, compare_strings);
  for (guint i = 0; i < imports->len; i++)
    g_string_append_printf (text, "%s%s", i ? "\n" : "", (const char *) g_ptr_array_index (imports, i));
  g_string_append_printf (text, "\n\n\nclass %s(BaseModel, %s):\n" TAB "__schema_properties__ = %s\n" TAB "%s%s\n\n",
                          cls, mixin, props->str, nt ? "__name_template__ = " : "", nt ? nt : "");
  g_string_append_printf (text, "%s\n\n%s\n\n%s\n\n", columns->str, relationships->str, init->str);
  g_string_free (props, TRUE);
  return g_strdup (text->str);
}

typedef struct
{
  char      *subdir;
  GPtrArray *entries;              /* Entry*, in model order */
} Subdir;

static void
subdir_free (Subdir *s)
{
  g_free (s->subdir);
  g_ptr_array_unref (s->entries);
  g_free (s);
}

static gboolean
schema_files (GPtrArray  *objects,
              GPtrArray  *out,
              GHashTable *taken,
              GError    **error)
{
  g_autoptr(GHashTable) wh_to_class = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GPtrArray) subdirs = g_ptr_array_new_with_free_func ((GDestroyNotify) subdir_free);
  GString *top;

  for (guint i = 0; i < objects->len; i++)
    {
      JsonObject *o = g_ptr_array_index (objects, i);
      g_hash_table_insert (wh_to_class, (gpointer) get_str (o, "warehouse_name"), pascal_case (get_str (o, "name")));
    }
  for (guint i = 0; i < objects->len; i++)
    {
      JsonObject *o = g_ptr_array_index (objects, i);
      const char *name = get_str (o, "name");
      const EntityKind *kind = entity_kind (get_str (o, "entity_type"));
      g_autofree char *stem = lim_snake_case (name);
      g_autofree char *cls = pascal_case (name);
      g_autofree char *what = g_strdup_printf ("Entity schema “%s”", name);
      g_autofree char *path = NULL;
      g_autofree char *text = NULL;
      JsonArray *fields;
      Subdir *sub = NULL;
      Entry *e;

      g_assert (kind != NULL); /* lim_model_files_parse() checked it */
      path = g_strdup_printf ("entity_schemas/%s/%s.py", kind->subdir, stem);
      if (!check_names (stem, cls, what, error) || !claim (taken, path, what, error))
        return FALSE;
      fields = lim_json_get_array (o, "fields");
      for (guint j = 0; fields && j < json_array_get_length (fields); j++)
        {
          const char *wh = get_str (json_array_get_object_element (fields, j), "warehouse_name");
          if (!is_identifier (wh))
            {
              g_set_error (error, LIM_MODEL_PYTHON_ERROR, LIM_MODEL_PYTHON_ERROR_NAME,
                           "%s: the field warehouse name “%s” is not a Python identifier (or is a keyword)",
                           what, wh);
              return FALSE;
            }
        }
      text = schema_text (o, cls, kind->mixin, wh_to_class);
      g_ptr_array_add (out, lim_model_file_new (path, text));
      for (guint j = 0; j < subdirs->len && sub == NULL; j++)
        if (strcmp (((Subdir *) g_ptr_array_index (subdirs, j))->subdir, kind->subdir) == 0)
          sub = g_ptr_array_index (subdirs, j);
      if (sub == NULL)
        {
          sub = g_new0 (Subdir, 1);
          sub->subdir = g_strdup (kind->subdir);
          sub->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
          g_ptr_array_add (subdirs, sub);
        }
      e = g_new0 (Entry, 1);
      e->stem = g_steal_pointer (&stem);
      e->cls = g_steal_pointer (&cls);
      g_ptr_array_add (sub->entries, e);
    }
  if (subdirs->len == 0)
    return TRUE;
  top = g_string_new (NULL);
  for (guint i = 0; i < subdirs->len; i++)
    {
      const Subdir *sub = g_ptr_array_index (subdirs, i);
      g_autofree char *path = g_strdup_printf ("entity_schemas/%s/__init__.py", sub->subdir);
      GString *init = g_string_new (NULL);

      for (guint j = 0; j < sub->entries->len; j++)
        {
          const Entry *e = g_ptr_array_index (sub->entries, j);
          g_string_append_printf (init, "from .%s import %s\n", e->stem, e->cls);
        }
      g_ptr_array_add (out, lim_model_file_new (path, init->str));
      g_string_free (init, TRUE);
      g_string_append_printf (top, "from .%s import * # noqa\n", sub->subdir);
    }
  g_ptr_array_add (out, lim_model_file_new ("entity_schemas/__init__.py", top->str));
  g_string_free (top, TRUE);
  return TRUE;
}

/* --------------------------------------------------------- result schemas */

/* generate_all_results_schema_files' schema_content for one result schema. */
static char *
results_text (JsonObject *o,
              const char *cls,
              GHashTable *wh_to_class)
{
  g_autoptr(GPtrArray) imports = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) columns = g_string_new (NULL);
  g_autoptr(GString) relationships = g_string_new (NULL);
  g_autoptr(GString) init = g_string_new (NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  JsonArray *fields = lim_json_get_array (o, "fields");

  add_import (imports, "from sqlalchemy import Column as SqlColumn");
  add_import (imports, "from liminal.orm.base_results_model import BaseResultsModel");
  add_import (imports, "from liminal.orm.results_schema_properties import ResultsSchemaProperties");
  add_import (imports, "from liminal.orm.column import Column");
  add_import (imports, "from liminal.enums import BenchlingFieldType");

  /* One package up: results_schemas/ sits beside dropdowns/. */
  class_body (fields, ",", "..", wh_to_class, imports, columns, relationships, init);
  g_ptr_array_sort (imports, compare_strings);
  for (guint i = 0; i < imports->len; i++)
    g_string_append_printf (text, "%s%s", i ? "\n" : "", (const char *) g_ptr_array_index (imports, i));
  /* ResultsSchemaProperties.__repr__: its two fields, repr'd. */
  g_string_append_printf (text, "\n\n\nclass %s(BaseResultsModel):\n" TAB "__schema_properties__ = "
                          "ResultsSchemaProperties(name=", cls);
  lim_py_append_repr_str (text, get_str (o, "name"));
  g_string_append (text, ", warehouse_name=");
  lim_py_append_repr_str (text, get_str (o, "warehouse_name"));
  g_string_append (text, ")\n\n");
  g_string_append_printf (text, "%s\n\n%s\n\n%s\n", columns->str, relationships->str, init->str);
  return g_strdup (text->str);
}

static gboolean
results_files (GPtrArray  *objects,
               GPtrArray  *schemas,
               GPtrArray  *out,
               GHashTable *taken,
               GError    **error)
{
  /* The entity classes a relationship names: the classes the model's
   * entity schema files define (Liminal's BaseModel.get_all_subclasses()
   * when env.py imports the model). */
  g_autoptr(GHashTable) wh_to_class = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  GString *init;

  for (guint i = 0; i < schemas->len; i++)
    {
      JsonObject *o = g_ptr_array_index (schemas, i);
      g_hash_table_insert (wh_to_class, (gpointer) get_str (o, "warehouse_name"), pascal_case (get_str (o, "name")));
    }
  if (objects->len == 0)
    return TRUE;
  init = g_string_new (NULL);
  for (guint i = 0; i < objects->len; i++)
    {
      JsonObject *o = g_ptr_array_index (objects, i);
      const char *wh = get_str (o, "warehouse_name");
      g_autofree char *stem = lim_snake_case (wh);
      g_autofree char *cls = pascal_case (wh);
      g_autofree char *what = g_strdup_printf ("Result schema “%s”", get_str (o, "name"));
      g_autofree char *path = g_strdup_printf ("results_schemas/%s.py", stem);
      g_autofree char *text = NULL;
      JsonArray *fields = lim_json_get_array (o, "fields");

      if (!check_names (stem, cls, what, error) || !claim (taken, path, what, error))
        {
          g_string_free (init, TRUE);
          return FALSE;
        }
      for (guint j = 0; fields && j < json_array_get_length (fields); j++)
        {
          const char *fwh = get_str (json_array_get_object_element (fields, j), "warehouse_name");
          if (!is_identifier (fwh))
            {
              g_set_error (error, LIM_MODEL_PYTHON_ERROR, LIM_MODEL_PYTHON_ERROR_NAME,
                           "%s: the field warehouse name “%s” is not a Python identifier (or is a keyword)",
                           what, fwh);
              g_string_free (init, TRUE);
              return FALSE;
            }
        }
      text = results_text (o, cls, wh_to_class);
      g_ptr_array_add (out, lim_model_file_new (path, text));
      g_string_append_printf (init, "%sfrom .%s import %s", i ? "\n" : "", stem, cls);
    }
  g_ptr_array_add (out, lim_model_file_new ("results_schemas/__init__.py", init->str));
  g_string_free (init, TRUE);
  return TRUE;
}

/* ------------------------------------------------------------- public */

static gint
compare_files (gconstpointer a,
               gconstpointer b)
{
  const LimModelFile *fa = *(const LimModelFile *const *) a;
  const LimModelFile *fb = *(const LimModelFile *const *) b;
  return strcmp (fa->name, fb->name);
}

GPtrArray *
lim_model_python_generate (GPtrArray         *json_files,
                           LimModelFilesKinds kinds,
                           GError           **error)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) lim_model_problem_free);
  g_autoptr(LimDesired) desired = NULL;
  g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(GPtrArray) dropdowns = g_ptr_array_new ();
  g_autoptr(GPtrArray) schemas = g_ptr_array_new ();
  g_autoptr(GPtrArray) results = g_ptr_array_new ();
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) lim_model_file_free);
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_return_val_if_fail (json_files != NULL, NULL);

  desired = lim_model_files_parse (json_files, problems);
  if (desired == NULL)
    {
      GString *msg = g_string_new ("The model files have problems:");
      for (guint i = 0; i < problems->len; i++)
        {
          g_autofree char *line = lim_model_problem_to_string (g_ptr_array_index (problems, i));
          g_string_append_printf (msg, "\n%s", line);
        }
      g_set_error_literal (error, LIM_MODEL_PYTHON_ERROR, LIM_MODEL_PYTHON_ERROR_INVALID, msg->str);
      g_string_free (msg, TRUE);
      return NULL;
    }
  for (guint i = 0; i < json_files->len; i++)
    {
      const LimModelFile *file = g_ptr_array_index (json_files, i);
      JsonNode *node = json_from_string (file->contents, NULL);

      /* Parsed once already: it is a JSON object. */
      g_assert (node != NULL && JSON_NODE_HOLDS_OBJECT (node));
      g_ptr_array_add (nodes, node);
      g_ptr_array_add (g_str_has_prefix (file->name, "dropdowns/") ? dropdowns
                       : g_str_has_prefix (file->name, "results_schemas/") ? results : schemas,
                       json_node_get_object (node));
    }
  if ((kinds & LIM_MODEL_FILES_DROPDOWNS) && !dropdown_files (dropdowns, out, taken, error))
    return NULL;
  if ((kinds & LIM_MODEL_FILES_ENTITY_SCHEMAS) && !schema_files (schemas, out, taken, error))
    return NULL;
  if ((kinds & LIM_MODEL_FILES_RESULTS_SCHEMAS) && !results_files (results, schemas, out, taken, error))
    return NULL;
  g_ptr_array_sort (out, compare_files);
  return g_steal_pointer (&out);
}

static guint
tenant_position (LimSnapshot        *model,
                 const LimModelFile *file)
{
  for (guint i = 0; i < lim_snapshot_get_n_schemas (model); i++)
    {
      const char *wh = lim_snapshot_schema_get_warehouse_name (lim_snapshot_get_schema (model, i));
      g_autofree char *name = g_strdup_printf ("entity_schemas/%s.json", wh ? wh : "");
      if (strcmp (name, file->name) == 0)
        return i;
    }
  for (guint i = 0; i < lim_snapshot_get_n_results_schemas (model); i++)
    {
      const char *wh = lim_snapshot_schema_get_warehouse_name (lim_snapshot_get_results_schema (model, i));
      g_autofree char *name = g_strdup_printf ("results_schemas/%s.json", wh ? wh : "");
      if (strcmp (name, file->name) == 0)
        return lim_snapshot_get_n_schemas (model) + i;
    }
  return G_MAXUINT;
}

void
lim_model_python_tenant_order (GPtrArray   *json_files,
                               LimSnapshot *model)
{
  g_autoptr(GPtrArray) schemas = g_ptr_array_new ();
  g_autoptr(GPtrArray) others = g_ptr_array_new ();
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (guint));

  g_return_if_fail (json_files != NULL && model != NULL);

  for (guint i = 0; i < json_files->len; i++)
    {
      LimModelFile *file = g_ptr_array_index (json_files, i);
      g_ptr_array_add (g_str_has_prefix (file->name, "entity_schemas/") || g_str_has_prefix (file->name,
                                                                                             "results_schemas/")
                       ? schemas : others, file);
    }
  /* A stable insertion sort by tenant position: schemas are few. */
  for (guint i = 0; i < schemas->len; i++)
    {
      guint key = tenant_position (model, g_ptr_array_index (schemas, i));
      gpointer file = g_ptr_array_index (schemas, i);
      guint j = i;

      g_array_append_val (keys, key);
      while (j > 0 && g_array_index (keys, guint, j - 1) > key)
        {
          g_array_index (keys, guint, j) = g_array_index (keys, guint, j - 1);
          schemas->pdata[j] = schemas->pdata[j - 1];
          j--;
        }
      g_array_index (keys, guint, j) = key;
      schemas->pdata[j] = file;
    }
  for (guint i = 0; i < schemas->len; i++)
    json_files->pdata[i] = g_ptr_array_index (schemas, i);
  for (guint i = 0; i < others->len; i++)
    json_files->pdata[schemas->len + i] = g_ptr_array_index (others, i);
}
