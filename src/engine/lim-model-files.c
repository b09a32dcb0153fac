/* lim-model-files.c — read, validate and write the project's JSON model.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "lim-benchling-types.h"
#include "lim-json.h"
#include "lim-model-files.h"
#include "lim-project.h"
#include "lim-revision.h"
#include "lim-snapshot-stream.h"

G_DEFINE_QUARK (lim-model-files-error-quark, lim_model_files_error)

#define DROPDOWNS_DIR "dropdowns"
#define SCHEMAS_DIR   "entity_schemas"
#define RESULTS_DIR   "results_schemas"

LimModelFile *
lim_model_file_new (const char *name, const char *contents)
{
  LimModelFile *file = g_new0 (LimModelFile, 1);
  file->name = g_strdup (name);
  file->contents = g_strdup (contents);
  return file;
}

void
lim_model_file_free (LimModelFile *file)
{
  if (file == NULL)
    return;
  g_free (file->name);
  g_free (file->contents);
  g_free (file);
}

void
lim_model_problem_free (LimModelProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->file);
  g_free (problem->path);
  g_free (problem->message);
  g_free (problem);
}

char *
lim_model_problem_to_string (const LimModelProblem *problem)
{
  return g_strdup_printf ("%s: %s: %s", problem->file, problem->path, problem->message);
}

/* ---------------------------------------------------------------- parsed model */

typedef struct
{
  const char *file;
  char       *name;
  GPtrArray  *options;   /* char* */
  gboolean    archived;
} Dropdown;

typedef struct
{
  LimProps *props;       /* every key set; NULL once given to the desired model */
  gboolean  archived;
  /* What the rules across files read, kept when props go. */
  char *name;
  char *entity_link;
  char *dropdown_link;
} Field;

typedef struct
{
  const char      *file;
  LimProps        *props;
  LimNameTemplate *tmpl;
  gboolean         archived;
  GPtrArray       *fields;   /* Field* */
  gboolean         fields_ok;
} Schema;

static void
dropdown_free (Dropdown *d)
{
  g_free (d->name);
  g_ptr_array_unref (d->options);
  g_free (d);
}

static void
field_free (Field *f)
{
  lim_props_free (f->props);
  g_free (f->name);
  g_free (f->entity_link);
  g_free (f->dropdown_link);
  g_free (f);
}

/* Keeps only what the rules across files read: a field's props (~0.7 kB)
 * are freed as soon as the desired model has its copy, so the next file's
 * fields reuse that memory instead of touching fresh pages. */
static void
field_lighten (Field *f)
{
  f->name = g_strdup (lim_props_get_str (f->props, LIM_FIELD_NAME));
  f->entity_link = g_strdup (lim_props_get_str (f->props, LIM_FIELD_ENTITY_LINK));
  f->dropdown_link = g_strdup (lim_props_get_str (f->props, LIM_FIELD_DROPDOWN_LINK));
  g_clear_pointer (&f->props, lim_props_free);
}

static void
schema_free (Schema *s)
{
  lim_props_free (s->props);
  lim_name_template_free (s->tmpl);
  g_ptr_array_unref (s->fields);
  g_free (s);
}

typedef struct
{
  GPtrArray  *problems;
  const char *file;
  guint       n_problems;
} Ctx;

static void problem (Ctx        *ctx,
                     const char *path,
                     const char *format,
                     ...) G_GNUC_PRINTF (3, 4);

static void
problem (Ctx        *ctx,
         const char *path,
         const char *format,
         ...)
{
  LimModelProblem *p = g_new0 (LimModelProblem, 1);
  va_list args;

  va_start (args, format);
  p->message = g_strdup_vprintf (format, args);
  va_end (args);
  p->file = g_strdup (ctx->file);
  p->path = g_strdup (path);
  g_ptr_array_add (ctx->problems, p);
  ctx->n_problems++;
}

static const char *
json_kind (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return "an object";
    case JSON_NODE_ARRAY:
      return "a list";
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
    default:
      {
        GType t = json_node_get_value_type (node);
        if (t == G_TYPE_STRING)
          return "text";
        if (t == G_TYPE_BOOLEAN)
          return "true/false";
        return "a number";
      }
    }
}

/* Reports keys of @obj not in @allowed; returns FALSE when there are any. */
static gboolean
check_keys (Ctx               *ctx,
            JsonObject        *obj,
            const char        *path,
            const char *const *allowed)
{
  g_autoptr(GList) members = json_object_get_members (obj);
  gboolean ok = TRUE;
  guint next = 0;

  for (GList *l = members; l; l = l->next)
    {
      const char *key = l->data;
      /* Files written by generate-files list the keys in the allowed
       * order: try the one after the last match first. */
      if (allowed[next] && strcmp (allowed[next], key) == 0)
        {
          next++;
          continue;
        }
      if (!g_strv_contains (allowed, key))
        {
          g_autofree char *list = g_strjoinv ("”, “", (char **) allowed);
          g_autofree char *sub = g_strdup_printf ("%s.%s", path, key);
          problem (ctx, sub, "Unknown key “%s”. The keys allowed here are “%s”.", key, list);
          ok = FALSE;
        }
    }
  return ok;
}

/* Does any string occur twice among the @n strings get(@items, i)?  (The
 * pairwise checks below run only then: one hash pass instead of n² strcmp
 * on the common, clean model.) */
static gboolean
has_duplicates (gpointer items,
                guint n,
                const char *(*get)(gpointer items, guint i))
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < n; i++)
    {
      const char *s = get (items, i);
      if (s && !g_hash_table_add (seen, (gpointer) s))
        return TRUE;
    }
  return FALSE;
}

typedef enum {
  GOT_MISSING,
  GOT_NULL,
  GOT_VALUE,
  GOT_BAD,
} Got;

static char *
sub_path (const char *path,
          const char *key)
{
  return g_strdup_printf ("%s.%s", path, key);
}

/* @obj's member @key; NULL when missing, which is a problem when @required. */
static JsonNode *
get_member (Ctx        *ctx,
            JsonObject *obj,
            const char *path,
            const char *key,
            gboolean    required)
{
  JsonNode *node = json_object_get_member (obj, key);

  if (node == NULL && required)
    problem (ctx, path, "The key “%s” is missing: it is required here.", key);
  return node;
}

/* A string member.  @required: missing is a problem; @nullable: null allowed. */
static Got
get_string (Ctx         *ctx,
            JsonObject  *obj,
            const char  *path,
            const char  *key,
            gboolean     required,
            gboolean     nullable,
            const char **out)
{
  JsonNode *node = get_member (ctx, obj, path, key, required);
  g_autofree char *sp = NULL; /* built only for a problem */

  *out = NULL;
  if (node == NULL)
    return GOT_MISSING;
  if (JSON_NODE_HOLDS_NULL (node))
    {
      if (nullable)
        return GOT_NULL;
      problem (ctx, (sp = sub_path (path, key)), "“%s” must be text, not null.", key);
      return GOT_BAD;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      problem (ctx, (sp = sub_path (path,
                                    key)), "“%s” must be text%s, not %s.", key, nullable ? " or null" : "",
               json_kind (node));
      return GOT_BAD;
    }
  *out = json_node_get_string (node);
  return GOT_VALUE;
}

static Got
get_bool (Ctx        *ctx,
          JsonObject *obj,
          const char *path,
          const char *key,
          gboolean    required,
          gboolean    nullable,
          LimTri     *out)
{
  JsonNode *node = get_member (ctx, obj, path, key, required);
  g_autofree char *sp = NULL; /* built only for a problem */

  *out = LIM_TRI_NONE;
  if (node == NULL)
    return GOT_MISSING;
  if (JSON_NODE_HOLDS_NULL (node) && nullable)
    return GOT_NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      problem (ctx, (sp = sub_path (path,
                                    key)), "“%s” must be true or false%s, not %s.", key, nullable ? " or null" : "", json_kind (
                 node));
      return GOT_BAD;
    }
  *out = json_node_get_boolean (node) ? LIM_TRI_TRUE : LIM_TRI_FALSE;
  return GOT_VALUE;
}

/* An array of strings; NULL when missing (reported if required) or bad. */
static GPtrArray *
get_string_list (Ctx        *ctx,
                 JsonObject *obj,
                 const char *path,
                 const char *key,
                 gboolean    required)
{
  JsonNode *node = get_member (ctx, obj, path, key, required);
  g_autofree char *sp = NULL; /* built only for a problem */
  g_autoptr(GPtrArray) out = NULL;
  JsonArray *array;

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      problem (ctx, (sp = sub_path (path, key)), "“%s” must be a list of texts, not %s.", key, json_kind (node));
      return NULL;
    }
  array = json_node_get_array (node);
  out = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
        {
          g_autofree char *ip = g_strdup_printf ("%s.%s[%u]", path, key, i);
          problem (ctx, ip, "Every item of “%s” must be text, not %s.", key, json_kind (item));
          return NULL;
        }
      g_ptr_array_add (out, g_strdup (json_node_get_string (item)));
    }
  return g_steal_pointer (&out);
}

static char *
enum_values (const LimEnum *e)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < e->n_members; i++)
    g_string_append_printf (s, "%s“%s”", i ? ", " : "", e->members[i].value);
  return g_string_free (s, FALSE);
}

static const char *
get_enum (Ctx           *ctx,
          JsonObject    *obj,
          const char    *path,
          const char    *key,
          const LimEnum *e,
          gboolean       required)
{
  const char *value = NULL;
  const char *interned;

  if (get_string (ctx, obj, path, key, required, FALSE, &value) != GOT_VALUE)
    return NULL;
  interned = lim_enum_intern (e, value);
  if (interned == NULL)
    {
      g_autofree char *sp = sub_path (path, key);
      g_autofree char *values = enum_values (e);
      problem (ctx, sp, "“%s” is not a known %s. Use one of %s.", value, key, values);
    }
  return interned;
}

/* ---------------------------------------------------------------- rules */

static gboolean
warehouse_name_is_valid (const char *name)
{
  for (const char *p = name; *p; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '_'))
      return FALSE;
  return TRUE;
}

/* §6.3: NULL when valid, else why. */
static const char *
prefix_problem (const char *prefix)
{
  gsize len = strlen (prefix);

  if (len == 0)
    return "it is empty";
  if (len > 32)
    return "it is longer than 32 characters";
  for (const char *p = prefix; *p; p++)
    {
      if (*p == ' ')
        return "it contains a space";
      if (!(g_ascii_isalnum (*p) || *p == '_' || *p == '-'))
        return "only letters, digits, “_” and “-” are allowed";
    }
  if (g_ascii_isdigit (prefix[len - 1]))
    return "it must not end with a digit";
  return NULL;
}

/* §6.4 allows entity_link / parent_link on the entity-link types only
 * (entity_link, part_link, translation_link, transcription_link).  Benchling
 * itself stores links to a given schema on the typed link fields too
 * (custom_entity_link, dna_sequence_link, aa_sequence_link, mixture_link
 * with requiredLink.tagSchema), and Liminal reads them so from a tenant: a
 * model written from a real tenant must read back, so those are allowed as
 * well (a deliberate deviation). */
static gboolean
type_may_link (const char *type)
{
  static const char *const typed[] = {
    "custom_entity_link", "dna_sequence_link", "aa_sequence_link", "mixture_link", NULL
  };
  return lim_field_type_is_entity_link_type (type) || g_strv_contains (typed, type);
}

static gboolean
is_pseudo_constraint (const char *name)
{
  return lim_enum_intern (&lim_enum_sequence_constraint, name) != NULL;
}

/* @node as an object with only @keys, and its required "name" in @name;
 * NULL, with a problem, when it is not an object.  @must_be opens that
 * problem ("A field must be an object"); @noun names what an empty name is
 * the name of ("field"). */
static JsonObject *
named_object (Ctx               *ctx,
              JsonNode          *node,
              const char        *path,
              const char        *must_be,
              const char *const *keys,
              const char        *noun,
              const char       **name)
{
  JsonObject *obj;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      problem (ctx, path, "%s, not %s.", must_be, json_kind (node));
      return NULL;
    }
  obj = json_node_get_object (node);
  check_keys (ctx, obj, path, keys);
  if (get_string (ctx, obj, path, "name", TRUE, FALSE, name) == GOT_VALUE && (*name)[0] == '\0')
    {
      g_autofree char *sp = sub_path (path, "name");
      problem (ctx, sp, "The %s name is empty.", noun);
    }
  return obj;
}

/* ---------------------------------------------------------------- dropdown files */

static Dropdown *
parse_dropdown (Ctx      *ctx,
                JsonNode *root)
{
  static const char *const keys[] = { "name", "options", "archived", NULL };
  g_autoptr(GPtrArray) options = NULL;
  JsonObject *obj;
  const char *name = NULL;
  LimTri archived = LIM_TRI_FALSE;
  guint before = ctx->n_problems;
  Dropdown *d;

  obj = named_object (ctx, root, "$", "A dropdown file must hold one object", keys, "dropdown", &name);
  if (obj == NULL)
    return NULL;
  options = get_string_list (ctx, obj, "$", "options", TRUE);
  get_bool (ctx, obj, "$", "archived", FALSE, FALSE, &archived);
  if (options)
    {
      for (guint i = 0; i < options->len; i++)
        {
          const char *o = g_ptr_array_index (options, i);
          g_autofree char *ip = g_strdup_printf ("$.options[%u]", i);
          if (o[0] == '\0')
            problem (ctx, ip, "An option name is empty.");
          for (guint j = 0; j < i; j++)
            if (strcmp (g_ptr_array_index (options, j), o) == 0)
              {
                problem (ctx, ip, "The option “%s” appears twice in dropdown “%s”: option names must be unique.",
                         o, name ? name : "");
                break;
              }
        }
    }
  if (ctx->n_problems != before)
    return NULL;
  d = g_new0 (Dropdown, 1);
  d->file = ctx->file;
  d->name = g_strdup (name);
  d->options = g_steal_pointer (&options);
  d->archived = archived == LIM_TRI_TRUE;
  return d;
}

/* ---------------------------------------------------------------- entity schema files */

static const char *const schema_keys[] = {
  "name", "warehouse_name", "prefix", "entity_type", "naming_strategies", "mixture_schema_config",
  "use_registry_id_as_label", "include_registry_id_in_chips", "constraint_fields",
  "show_bases_in_expanded_view", "name_template", "archived", "fields", NULL
};

static const char *const field_keys[] = {
  "name", "warehouse_name", "type", "required", "is_multi", "parent_link", "dropdown_link", "entity_link",
  "tooltip", "decimal_places", "unit_name", "archived", NULL
};

static const char *
field_name_at (gpointer fields,
               guint    i)
{
  return lim_props_get_str (((Field *) g_ptr_array_index ((GPtrArray *) fields, i))->props, LIM_FIELD_NAME);
}

static const char *
field_wh_at (gpointer fields,
             guint    i)
{
  return lim_props_get_str (((Field *) g_ptr_array_index ((GPtrArray *) fields, i))->props,
                            LIM_FIELD_WAREHOUSE_NAME);
}

static Field *
parse_field (Ctx        *ctx,
             JsonNode   *node,
             const char *path,
             const char *entity_type)
{
  g_autoptr(LimProps) props = lim_props_new (LIM_PROPS_FIELD);
  JsonObject *obj;
  const char *name = NULL, *wh = NULL, *type, *dropdown = NULL, *entity_link = NULL, *tooltip = NULL;
  const char *unit = NULL;
  LimTri required, is_multi = LIM_TRI_FALSE, parent_link = LIM_TRI_FALSE, archived = LIM_TRI_FALSE;
  gboolean has_decimals = FALSE;
  gint64 decimals = 0;
  guint before = ctx->n_problems;
  Field *f;

  obj = named_object (ctx, node, path, "A field must be an object", field_keys, "field", &name);
  if (obj == NULL)
    return NULL;
  if (get_string (ctx, obj, path, "warehouse_name", TRUE, FALSE, &wh) == GOT_VALUE
      && (wh[0] == '\0' || !warehouse_name_is_valid (wh)))
    {
      g_autofree char *sp = sub_path (path, "warehouse_name");
      problem (ctx, sp, "Invalid warehouse name “%s”: use only lowercase letters, digits and “_”.", wh);
    }
  type = get_enum (ctx, obj, path, "type", &lim_enum_field_type, TRUE);
  get_bool (ctx, obj, path, "required", TRUE, FALSE, &required);
  get_bool (ctx, obj, path, "is_multi", FALSE, FALSE, &is_multi);
  get_bool (ctx, obj, path, "parent_link", FALSE, FALSE, &parent_link);
  get_bool (ctx, obj, path, "archived", FALSE, FALSE, &archived);
  get_string (ctx, obj, path, "dropdown_link", FALSE, TRUE, &dropdown);
  get_string (ctx, obj, path, "entity_link", FALSE, TRUE, &entity_link);
  get_string (ctx, obj, path, "tooltip", FALSE, TRUE, &tooltip);
  get_string (ctx, obj, path, "unit_name", FALSE, TRUE, &unit);
  {
    JsonNode *dp = json_object_get_member (obj, "decimal_places");
    if (dp && !JSON_NODE_HOLDS_NULL (dp))
      {
        if (!JSON_NODE_HOLDS_VALUE (dp) || json_node_get_value_type (dp) != G_TYPE_INT64)
          {
            g_autofree char *sp = sub_path (path, "decimal_places");
            problem (ctx, sp, "“decimal_places” must be a whole number or null, not %s.", json_kind (dp));
          }
        else
          {
            has_decimals = TRUE;
            decimals = json_node_get_int (dp);
          }
      }
  }

  /* §6.4 Column rules, with the field named for people. */
  if (type)
    {
      const char *label = name ? name : (wh ? wh : "?");
      if (type == lim_enum_intern (&lim_enum_field_type, "dropdown"))
        {
          if (dropdown == NULL)
            {
              g_autofree char *sp = sub_path (path, "dropdown_link");
              problem (ctx, sp, "Field “%s” is a dropdown field but names no dropdown: set “dropdown_link” to "
                       "the dropdown's name.", label);
            }
        }
      else if (dropdown != NULL)
        {
          g_autofree char *sp = sub_path (path, "dropdown_link");
          problem (ctx, sp, "Field “%s” links dropdown “%s” but its type is “%s”: only fields of type “dropdown” "
                   "can link a dropdown.", label, dropdown, type);
        }
      if (unit != NULL && !lim_field_type_is_number (type))
        {
          g_autofree char *sp = sub_path (path, "unit_name");
          problem (ctx, sp, "Field “%s” has unit “%s” but its type is “%s”: only “integer” and “float” fields "
                   "can have a unit.", label, unit, type);
        }
      if (has_decimals && decimals != 0)
        {
          g_autofree char *sp = sub_path (path, "decimal_places");
          if (type != lim_enum_intern (&lim_enum_field_type, "float"))
            problem (ctx, sp, "Field “%s” has decimal places but its type is “%s”: only “float” fields can have "
                     "decimal places.", label, type);
          else if (decimals < 0 || decimals > 15)
            problem (ctx, sp, "Field “%s” has %" G_GINT64_FORMAT " decimal places: use a number from 0 to 15.",
                     label, decimals);
        }
      if (!type_may_link (type))
        {
          if (entity_link != NULL)
            {
              g_autofree char *sp = sub_path (path, "entity_link");
              problem (ctx, sp, "Field “%s” links schema “%s” but its type is “%s”: only entity link types can "
                       "link a schema.", label, entity_link, type);
            }
          if (parent_link == LIM_TRI_TRUE)
            {
              g_autofree char *sp = sub_path (path, "parent_link");
              problem (ctx, sp, "Field “%s” is marked as a parent link but its type is “%s”: only entity link "
                       "types can be parent links.", label, type);
            }
        }
      if (is_multi == LIM_TRI_TRUE && !lim_field_type_allows_multi (type))
        {
          g_autofree char *sp = sub_path (path, "is_multi");
          problem (ctx, sp, "Field “%s” of type “%s” cannot hold several values: set “is_multi” to false.",
                   label, type);
        }
      if (entity_type && !lim_field_type_allowed_for (entity_type, type))
        {
          g_autofree char *sp = sub_path (path, "type");
          problem (ctx, sp, "Field “%s” has type “%s”, which schemas of entity type “%s” cannot have.", label,
                   type, entity_type);
        }
    }
  if (ctx->n_problems != before)
    return NULL;

  lim_props_set_str (props, LIM_FIELD_NAME, name);
  lim_props_set_str (props, LIM_FIELD_WAREHOUSE_NAME, wh);
  lim_props_set_str (props, LIM_FIELD_TYPE, type);
  lim_props_set_bool (props, LIM_FIELD_REQUIRED, required == LIM_TRI_TRUE);
  lim_props_set_bool (props, LIM_FIELD_IS_MULTI, is_multi == LIM_TRI_TRUE);
  lim_props_set_bool (props, LIM_FIELD_PARENT_LINK, parent_link == LIM_TRI_TRUE);
  lim_props_set_str (props, LIM_FIELD_DROPDOWN_LINK, dropdown);
  lim_props_set_str (props, LIM_FIELD_ENTITY_LINK, entity_link);
  lim_props_set_str (props, LIM_FIELD_TOOLTIP, tooltip);
  if (has_decimals)
    lim_props_set_int (props, LIM_FIELD_DECIMAL_PLACES, decimals);
  else
    lim_props_set_none (props, LIM_FIELD_DECIMAL_PLACES);
  lim_props_set_str (props, LIM_FIELD_UNIT_NAME, unit);
  f = g_new0 (Field, 1);
  f->props = g_steal_pointer (&props);
  f->archived = archived == LIM_TRI_TRUE;
  f->props->archived = f->archived;
  return f;
}

static LimNameTemplate *
parse_name_template (Ctx        *ctx,
                     JsonObject *obj)
{
  static const char *const keys[] = { "parts", "order_name_parts_by_sequence", NULL };
  JsonNode *node = json_object_get_member (obj, "name_template");
  g_autoptr(LimNameTemplate) t = lim_name_template_new ();
  JsonObject *tobj;
  JsonNode *parts;
  LimTri order = LIM_TRI_FALSE;
  guint before = ctx->n_problems;

  t->parts_set = TRUE;
  t->order_set = TRUE;
  t->order_name_parts_by_sequence = LIM_TRI_FALSE;
  /* parts = [] (not None): an empty array with the parts' free function,
   * which only lim_name_template_add_part() knows. */
  lim_name_template_add_part (t, lim_part_spec_for_type ("PROJECT"), NULL);
  g_ptr_array_set_size (t->parts, 0);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_steal_pointer (&t);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      problem (ctx, "$.name_template", "“name_template” must be an object, not %s.", json_kind (node));
      return NULL;
    }
  tobj = json_node_get_object (node);
  check_keys (ctx, tobj, "$.name_template", keys);
  get_bool (ctx, tobj, "$.name_template", "order_name_parts_by_sequence", FALSE, FALSE, &order);
  t->order_name_parts_by_sequence = order == LIM_TRI_TRUE ? LIM_TRI_TRUE : LIM_TRI_FALSE;
  parts = json_object_get_member (tobj, "parts");
  if (parts && !JSON_NODE_HOLDS_ARRAY (parts))
    problem (ctx, "$.name_template.parts", "“parts” must be a list, not %s.", json_kind (parts));
  else if (parts)
    {
      JsonArray *array = json_node_get_array (parts);
      gboolean only_separators = TRUE;

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *pn = json_array_get_element (array, i);
          g_autofree char *pp = g_strdup_printf ("$.name_template.parts[%u]", i);
          const char *type = NULL, *data = NULL;
          const LimPartSpec *spec;
          JsonObject *po;

          if (!JSON_NODE_HOLDS_OBJECT (pn))
            {
              problem (ctx, pp, "A name template part must be an object, not %s.", json_kind (pn));
              continue;
            }
          po = json_node_get_object (pn);
          if (get_string (ctx, po, pp, "type", TRUE, FALSE, &type) != GOT_VALUE)
            continue;
          spec = lim_part_spec_for_type (type);
          if (spec == NULL)
            {
              g_autofree char *tp = sub_path (pp, "type");
              g_autofree char *values = enum_values (&lim_enum_part_type);
              problem (ctx, tp, "Invalid name template part type “%s”. Use one of %s.", type, values);
              continue;
            }
          {
            const char *const with_data[] = { "type", spec->data_key, NULL };
            check_keys (ctx, po, pp, with_data);
          }
          if (spec->data_key)
            {
              if (get_string (ctx, po, pp, spec->data_key, TRUE, FALSE, &data) != GOT_VALUE)
                continue;
              if (data[0] == '\0')
                {
                  g_autofree char *dp = sub_path (pp, spec->data_key);
                  problem (ctx, dp, "A %s part needs a non-empty “%s”.", type, spec->data_key);
                  continue;
                }
            }
          if (strcmp (spec->part_type, "SEPARATOR") != 0)
            only_separators = FALSE;
          lim_name_template_add_part (t, spec, data);
        }
      if (json_array_get_length (array) > 0 && only_separators && ctx->n_problems == before)
        problem (ctx, "$.name_template.parts", "This name template will produce an empty name: it has only "
                 "separators. Add a text, field or other part, or remove the parts.");
    }
  if (ctx->n_problems != before)
    return NULL;
  return g_steal_pointer (&t);
}

static gboolean
parse_mixture (Ctx        *ctx,
               JsonObject *obj,
               LimProps   *props,
               const char *entity_type)
{
  static const char *const keys[] = {
    "allowMeasuredIngredients", "componentLotStorageEnabled", "componentLotTextEnabled", NULL
  };
  JsonNode *node = json_object_get_member (obj, "mixture_schema_config");
  gboolean is_mixture = g_strcmp0 (entity_type, "mixture") == 0;
  guint before = ctx->n_problems;
  LimMixtureConfig mix = { LIM_TRI_FALSE, LIM_TRI_NONE, LIM_TRI_NONE };
  JsonObject *mobj;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (is_mixture)
        problem (ctx, "$.mixture_schema_config", "Mixture schema config must be defined when entity type is "
                 "Mixture: add a “mixture_schema_config” object.");
      lim_props_set_none (props, LIM_SCHEMA_MIXTURE_SCHEMA_CONFIG);
      return ctx->n_problems == before;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      problem (ctx, "$.mixture_schema_config", "“mixture_schema_config” must be an object or null, not %s.",
               json_kind (node));
      return FALSE;
    }
  if (entity_type && !is_mixture)
    {
      problem (ctx, "$.mixture_schema_config", "Only mixture schemas can have a mixture schema config; this "
               "schema's entity type is “%s”: set “mixture_schema_config” to null.", entity_type);
      return FALSE;
    }
  mobj = json_node_get_object (node);
  check_keys (ctx, mobj, "$.mixture_schema_config", keys);
  get_bool (ctx, mobj, "$.mixture_schema_config", "allowMeasuredIngredients", FALSE, FALSE,
            &mix.allow_measured_ingredients);
  if (mix.allow_measured_ingredients == LIM_TRI_NONE)
    mix.allow_measured_ingredients = LIM_TRI_FALSE;
  get_bool (ctx, mobj, "$.mixture_schema_config", "componentLotStorageEnabled", FALSE, TRUE,
            &mix.component_lot_storage_enabled);
  get_bool (ctx, mobj, "$.mixture_schema_config", "componentLotTextEnabled", FALSE, TRUE,
            &mix.component_lot_text_enabled);
  if (ctx->n_problems != before)
    return FALSE;
  if (mix.allow_measured_ingredients == LIM_TRI_TRUE && mix.component_lot_storage_enabled != LIM_TRI_TRUE
      && mix.component_lot_text_enabled != LIM_TRI_TRUE)
    problem (ctx, "$.mixture_schema_config", "When “allowMeasuredIngredients” is true, “componentLotStorageEnabled” "
             "or “componentLotTextEnabled” must be true.");
  else if (mix.allow_measured_ingredients != LIM_TRI_TRUE
           && (mix.component_lot_storage_enabled == LIM_TRI_TRUE || mix.component_lot_text_enabled == LIM_TRI_TRUE))
    problem (ctx, "$.mixture_schema_config", "When “allowMeasuredIngredients” is false, “componentLotStorageEnabled” "
             "and “componentLotTextEnabled” must both be false or null.");
  if (ctx->n_problems != before)
    return FALSE;
  lim_props_set_mixture (props, LIM_SCHEMA_MIXTURE_SCHEMA_CONFIG, &mix);
  return TRUE;
}

static void
set_bool_key (Ctx        *ctx,
              JsonObject *obj,
              LimProps   *props,
              guint       key,
              const char *name)
{
  LimTri v = LIM_TRI_FALSE;
  get_bool (ctx, obj, "$", name, FALSE, FALSE, &v);
  lim_props_set_bool (props, key, v == LIM_TRI_TRUE);
}

/* A schema file's required warehouse_name, checked; in *@wh. */
static void
get_warehouse_name (Ctx         *ctx,
                    JsonObject  *obj,
                    const char **wh)
{
  if (get_string (ctx, obj, "$", "warehouse_name", TRUE, FALSE, wh) == GOT_VALUE
      && ((*wh)[0] == '\0' || !warehouse_name_is_valid (*wh)))
    problem (ctx, "$.warehouse_name", "Invalid warehouse name “%s”: use only lowercase letters, digits and “_”.",
             *wh);
}

/* The "fields" of a schema file, each checked, into @fields. */
static void
parse_fields (Ctx        *ctx,
              JsonObject *obj,
              const char *entity_type,
              GPtrArray  *fields)
{
  JsonNode *fields_node = json_object_get_member (obj, "fields");

  if (fields_node && !JSON_NODE_HOLDS_ARRAY (fields_node))
    problem (ctx, "$.fields", "“fields” must be a list, not %s.", json_kind (fields_node));
  else if (fields_node)
    {
      JsonArray *array = json_node_get_array (fields_node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *fp = g_strdup_printf ("$.fields[%u]", i);
          Field *f = parse_field (ctx, json_array_get_element (array, i), fp, entity_type);
          if (f)
            g_ptr_array_add (fields, f);
        }
    }
}

/* §6.9 rules within the schema @name (pairwise, only when some name repeats). */
static void
check_unique_fields (Ctx        *ctx,
                     GPtrArray  *fields,
                     const char *name)
{
  gboolean dup_fields = has_duplicates (fields, fields->len, field_name_at) ||
                        has_duplicates (fields, fields->len, field_wh_at);

  for (guint i = 0; dup_fields && i < fields->len; i++)
    {
      Field *f = g_ptr_array_index (fields, i);
      const char *fname = lim_props_get_str (f->props, LIM_FIELD_NAME);
      const char *fwh = lim_props_get_str (f->props, LIM_FIELD_WAREHOUSE_NAME);
      for (guint j = 0; j < i; j++)
        {
          Field *g = g_ptr_array_index (fields, j);
          if (strcmp (lim_props_get_str (g->props, LIM_FIELD_NAME), fname) == 0)
            {
              g_autofree char *fp = g_strdup_printf ("$.fields[%u].name", i);
              problem (ctx, fp, "Two fields of schema “%s” are named “%s” (fields %u and %u): field names must be "
                       "unique within a schema.", name, fname, j, i);
            }
          if (strcmp (lim_props_get_str (g->props, LIM_FIELD_WAREHOUSE_NAME), fwh) == 0)
            {
              g_autofree char *fp = g_strdup_printf ("$.fields[%u].warehouse_name", i);
              problem (ctx, fp, "Two fields of schema “%s” have the warehouse name “%s” (fields %u and %u): "
                       "warehouse names must be unique within a schema.", name, fwh, j, i);
            }
        }
    }
}

static Schema *
parse_schema (Ctx      *ctx,
              JsonNode *root)
{
  g_autoptr(LimProps) props = lim_props_new (LIM_PROPS_SCHEMA);
  g_autoptr(LimNameTemplate) tmpl = NULL;
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  g_autoptr(GPtrArray) strategies = NULL;
  g_autoptr(GPtrArray) constraints = NULL;
  JsonObject *obj;
  const char *name = NULL, *wh = NULL, *prefix = NULL, *entity_type;
  LimTri archived = LIM_TRI_FALSE;
  guint before = ctx->n_problems;
  gboolean strategies_ok = TRUE;
  Schema *s;

  obj = named_object (ctx, root, "$", "An entity schema file must hold one object", schema_keys, "schema", &name);
  if (obj == NULL)
    return NULL;
  get_warehouse_name (ctx, obj, &wh);
  if (get_string (ctx, obj, "$", "prefix", TRUE, FALSE, &prefix) == GOT_VALUE)
    {
      const char *why = prefix_problem (prefix);
      if (why)
        problem (ctx, "$.prefix", "Invalid prefix “%s”: %s. A prefix has at most 32 letters, digits, “_” or “-” "
                 "and does not end with a digit.", prefix, why);
    }
  entity_type = get_enum (ctx, obj, "$", "entity_type", &lim_enum_entity_type, TRUE);
  get_bool (ctx, obj, "$", "archived", FALSE, FALSE, &archived);

  lim_props_set_str (props, LIM_SCHEMA_NAME, name);
  lim_props_set_str (props, LIM_SCHEMA_WAREHOUSE_NAME, wh);
  lim_props_set_str (props, LIM_SCHEMA_PREFIX, prefix);
  lim_props_set_str (props, LIM_SCHEMA_ENTITY_TYPE, entity_type);

  strategies = get_string_list (ctx, obj, "$", "naming_strategies", FALSE);
  if (json_object_has_member (obj, "naming_strategies") && strategies == NULL)
    strategies_ok = FALSE;
  if (strategies)
    {
      for (guint i = 0; i < strategies->len; i++)
        if (lim_enum_intern (&lim_enum_naming_strategy, g_ptr_array_index (strategies, i)) == NULL)
          {
            g_autofree char *ip = g_strdup_printf ("$.naming_strategies[%u]", i);
            g_autofree char *values = enum_values (&lim_enum_naming_strategy);
            problem (ctx, ip, "“%s” is not a known naming strategy. Use one of %s.",
                     (char *) g_ptr_array_index (strategies, i), values);
            strategies_ok = FALSE;
          }
      if (strategies->len == 0)
        {
          problem (ctx, "$.naming_strategies", "A schema needs at least one naming strategy.");
          strategies_ok = FALSE;
        }
      if (strategies_ok)
        lim_props_set_set (props, LIM_SCHEMA_NAMING_STRATEGIES, (const char *const *) strategies->pdata,
                           strategies->len);
    }
  else
    {
      static const char *const defaults[] = { "NEW_IDS", "IDS_FROM_NAMES", "DELETE_NAMES" };
      lim_props_set_set (props, LIM_SCHEMA_NAMING_STRATEGIES, defaults, G_N_ELEMENTS (defaults));
    }

  parse_mixture (ctx, obj, props, entity_type);
  set_bool_key (ctx, obj, props, LIM_SCHEMA_USE_REGISTRY_ID_AS_LABEL, "use_registry_id_as_label");
  set_bool_key (ctx, obj, props, LIM_SCHEMA_INCLUDE_REGISTRY_ID_IN_CHIPS, "include_registry_id_in_chips");
  set_bool_key (ctx, obj, props, LIM_SCHEMA_SHOW_BASES_IN_EXPANDED_VIEW, "show_bases_in_expanded_view");
  if (lim_props_get_bool (props, LIM_SCHEMA_SHOW_BASES_IN_EXPANDED_VIEW) && entity_type
      && !lim_entity_type_is_sequence (entity_type))
    problem (ctx, "$.show_bases_in_expanded_view", "Only sequence schemas can show bases in the expanded view; this "
             "schema's entity type is “%s”: set “show_bases_in_expanded_view” to false.", entity_type);

  constraints = get_string_list (ctx, obj, "$", "constraint_fields", FALSE);
  lim_props_set_set (props, LIM_SCHEMA_CONSTRAINT_FIELDS,
                     constraints ? (const char *const *) constraints->pdata : NULL, constraints ? constraints->len : 0);

  tmpl = parse_name_template (ctx, obj);

  parse_fields (ctx, obj, entity_type, fields);
  if (ctx->n_problems != before)
    return NULL;
  check_unique_fields (ctx, fields, name);

  if (constraints)
    {
      guint n_pseudo = 0;
      for (guint i = 0; i < constraints->len; i++)
        {
          const char *c = g_ptr_array_index (constraints, i);
          g_autofree char *cp = g_strdup_printf ("$.constraint_fields[%u]", i);
          gboolean found = FALSE;

          if (is_pseudo_constraint (c))
            {
              n_pseudo++;
              if (n_pseudo > 1)
                problem (ctx, cp, "A schema can have at most one of “bases”, “amino_acids_ignore_case” and "
                         "“amino_acids_exact_match” in its constraint fields.");
              else if (strcmp (c, "bases") == 0 && !lim_entity_type_is_nt_sequence (entity_type))
                problem (ctx, cp, "The “bases” constraint is only for DNA/RNA sequence and oligo schemas; this "
                         "schema's entity type is “%s”.", entity_type);
              else if (strcmp (c, "bases") != 0 && g_strcmp0 (entity_type, "aa_sequence") != 0)
                problem (ctx, cp, "The “%s” constraint is only for amino-acid sequence schemas; this schema's "
                         "entity type is “%s”.", c, entity_type);
              continue;
            }
          for (guint j = 0; j < fields->len && !found; j++)
            found = strcmp (lim_props_get_str (((Field *) g_ptr_array_index (fields, j))->props,
                                               LIM_FIELD_WAREHOUSE_NAME), c) == 0;
          if (!found)
            problem (ctx, cp, "Constraint field “%s” is not the warehouse name of a field of this schema.", c);
        }
    }

  if (strategies_ok)
    {
      GPtrArray *set = lim_props_get_set (props, LIM_SCHEMA_NAMING_STRATEGIES);
      for (guint i = 0; set && i < set->len; i++)
        if (lim_naming_strategy_is_template_based (g_ptr_array_index (set, i)) && tmpl->parts->len == 0)
          {
            problem (ctx, "$.naming_strategies", "Naming strategy “%s” uses the name template, but the name "
                     "template has no parts: add parts to “name_template” or remove the strategy.",
                     (char *) g_ptr_array_index (set, i));
            break;
          }
    }
  if (tmpl->order_name_parts_by_sequence == LIM_TRI_TRUE && !lim_entity_type_is_nt_sequence (entity_type))
    problem (ctx, "$.name_template.order_name_parts_by_sequence", "Only DNA/RNA sequence and oligo schemas can order "
             "name parts by sequence; this schema's entity type is “%s”.", entity_type);
  for (guint i = 0; i < tmpl->parts->len; i++)
    {
      LimNameTemplatePart *part = g_ptr_array_index (tmpl->parts, i);
      Field *target = NULL;
      g_autofree char *pp = NULL;

      if (part->spec->data_key == NULL || strcmp (part->spec->data_key, "wh_field_name") != 0)
        continue;
      pp = g_strdup_printf ("$.name_template.parts[%u].wh_field_name", i);
      for (guint j = 0; j < fields->len && target == NULL; j++)
        {
          Field *f = g_ptr_array_index (fields, j);
          if (strcmp (lim_props_get_str (f->props, LIM_FIELD_WAREHOUSE_NAME), part->data) == 0)
            target = f;
        }
      if (target == NULL)
        problem (ctx, pp, "The name template uses field “%s”, which is not the warehouse name of a field of this "
                 "schema.", part->data);
      else if (strcmp (part->spec->part_type, "FIELD") != 0
               && !lim_props_get_bool (target->props, LIM_FIELD_PARENT_LINK))
        problem (ctx, pp, "A %s part must use a parent link field; field “%s” is not a parent link.",
                 part->spec->part_type, part->data);
    }

  if (ctx->n_problems != before)
    return NULL;
  s = g_new0 (Schema, 1);
  s->file = ctx->file;
  s->props = g_steal_pointer (&props);
  s->tmpl = g_steal_pointer (&tmpl);
  s->archived = archived == LIM_TRI_TRUE;
  s->props->archived = s->archived;
  s->fields = g_steal_pointer (&fields);
  return s;
}

/* ---------------------------------------------------------------- result schema files */

/* A result schema (read only): its name, warehouse name and fields, checked
 * as an entity schema's; a Schema whose props hold name and warehouse_name. */
static Schema *
parse_results (Ctx      *ctx,
               JsonNode *root)
{
  static const char *const keys[] = { "name", "warehouse_name", "fields", NULL };
  g_autoptr(LimProps) props = lim_props_new (LIM_PROPS_SCHEMA);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  const char *name = NULL, *wh = NULL;
  guint before = ctx->n_problems;
  JsonObject *obj;
  Schema *s;

  obj = named_object (ctx, root, "$", "A result schema file must hold one object", keys, "result schema", &name);
  if (obj == NULL)
    return NULL;
  get_warehouse_name (ctx, obj, &wh);
  parse_fields (ctx, obj, NULL, fields);
  if (ctx->n_problems != before)
    return NULL;
  check_unique_fields (ctx, fields, name);
  if (ctx->n_problems != before)
    return NULL;
  lim_props_set_str (props, LIM_SCHEMA_NAME, name);
  lim_props_set_str (props, LIM_SCHEMA_WAREHOUSE_NAME, wh);
  s = g_new0 (Schema, 1);
  s->file = ctx->file;
  s->props = g_steal_pointer (&props);
  s->tmpl = lim_name_template_new ();
  s->fields = g_steal_pointer (&fields);
  return s;
}

/* ---------------------------------------------------------------- parse */

static const char *
dropdown_name_at (gpointer dropdowns,
                  guint    i)
{
  return ((Dropdown *) g_ptr_array_index ((GPtrArray *) dropdowns, i))->name;
}

static const char *
schema_name_at (gpointer schemas,
                guint    i)
{
  return lim_props_get_str (((Schema *) g_ptr_array_index ((GPtrArray *) schemas, i))->props, LIM_SCHEMA_NAME);
}

static const char *
schema_wh_at (gpointer schemas,
              guint    i)
{
  return lim_props_get_str (((Schema *) g_ptr_array_index ((GPtrArray *) schemas, i))->props,
                            LIM_SCHEMA_WAREHOUSE_NAME);
}

/* What one file gave. */
typedef struct
{
  LimModelFile *file;
  GPtrArray    *problems;   /* LimModelProblem*, NULL until the first */
  const char   *declared;   /* interned name or warehouse name, or NULL */
  Dropdown     *dropdown;
  Schema       *schema;
  Schema       *results;
} FileResult;

/* The JSON of a model file: the streaming reader (yajl: about twice as
 * fast), or, when it refuses the text, json-glib's parser, which then
 * decides (its tree, or its message). */
static JsonNode *
parse_json (const char *text,
            GError    **error)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root = lim_json_stream_parse (text, strlen (text), "model file", NULL);

  if (root)
    return root;
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, -1, error))
    return NULL;
  root = json_parser_get_root (parser);
  return root ? json_node_ref (root) : NULL;
}

static void
parse_file (FileResult *r)
{
  LimModelFile *file = r->file;
  GPtrArray *problems = g_ptr_array_new_with_free_func ((GDestroyNotify) lim_model_problem_free);
  Ctx ctx = { problems, file->name, 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  gboolean is_dropdown = g_str_has_prefix (file->name, DROPDOWNS_DIR "/");
  gboolean is_results = g_str_has_prefix (file->name, RESULTS_DIR "/");

  if (!is_dropdown && !is_results && !g_str_has_prefix (file->name, SCHEMAS_DIR "/"))
    problem (&ctx, "$", "Model files belong in “dropdowns/” or “entity_schemas/”.");
  else if ((root = parse_json (file->contents, &error)) == NULL)
    {
      if (error)
        problem (&ctx, "$", "This is not valid JSON: %s.", error->message);
      else
        problem (&ctx, "$", "The file is empty.");
    }
  else
    {
      if (JSON_NODE_HOLDS_OBJECT (root))
        {
          const char *declared = lim_json_get_string (json_node_get_object (root),
                                                      is_dropdown ? "name" : "warehouse_name");
          if (declared)
            r->declared = g_intern_string (declared);
        }
      if (is_dropdown)
        r->dropdown = parse_dropdown (&ctx, root);
      else if (is_results)
        r->results = parse_results (&ctx, root);
      else
        r->schema = parse_schema (&ctx, root);
    }
  if (problems->len > 0)
    r->problems = problems;
  else
    g_ptr_array_unref (problems);
}

LimDesired *
lim_model_files_parse (GPtrArray *files,
                       GPtrArray *problems)
{
  g_autoptr(GPtrArray) dropdowns = g_ptr_array_new_with_free_func ((GDestroyNotify) dropdown_free);
  g_autoptr(GPtrArray) schemas = g_ptr_array_new_with_free_func ((GDestroyNotify) schema_free);
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) schema_free);
  /* Names declared by every file, valid or not: a broken file is reported
   * once, not again by each link to it. */
  g_autoptr(GHashTable) dropdown_names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) schema_names = g_hash_table_new (g_str_hash, g_str_equal);
  Ctx ctx = { problems, NULL, 0 };
  gboolean dup_dropdowns, dup_schemas;
  /* Built as the files are read; dropped when any file has a problem. */
  g_autoptr(LimDesired) desired = lim_desired_new ();

  /* Each file on its own (its JSON and its own rules), in file order.
   * (Worker threads were tried: on two cores they saved no time under
   * load and cost ~23 MB of peak RSS in their malloc arenas.) */
  for (guint i = 0; i < files->len; i++)
    {
      FileResult r = { g_ptr_array_index (files, i), NULL, NULL, NULL, NULL, NULL };
      gboolean is_dropdown = g_str_has_prefix (r.file->name, DROPDOWNS_DIR "/");

      parse_file (&r);
      if (r.problems)
        {
          for (guint k = 0; k < r.problems->len; k++)
            g_ptr_array_add (problems, g_steal_pointer (&g_ptr_array_index (r.problems, k)));
          ctx.n_problems += r.problems->len;
          g_ptr_array_unref (r.problems);
        }
      if (r.declared && !g_str_has_prefix (r.file->name, RESULTS_DIR "/"))
        g_hash_table_add (is_dropdown ? dropdown_names : schema_names, (gpointer) r.declared);
      if (r.results)
        {
          /* Read only: checked, never given to the compare. */
          g_ptr_array_add (results, r.results);
          for (guint k = 0; k < r.results->fields->len; k++)
            field_lighten (g_ptr_array_index (r.results->fields, k));
        }
      if (r.dropdown)
        {
          Dropdown *d = r.dropdown;
          g_ptr_array_add (dropdowns, d);
          if (!d->archived && ctx.n_problems == 0)
            lim_desired_add_dropdown (desired, d->name, (const char *const *) d->options->pdata, d->options->len);
        }
      if (r.schema)
        {
          Schema *s = r.schema;
          LimDesiredSchema *ds = !s->archived && ctx.n_problems == 0
                                 ? lim_desired_add_schema (desired, s->props, s->tmpl) : NULL;
          g_ptr_array_add (schemas, s);
          for (guint k = 0; k < s->fields->len; k++)
            {
              Field *f = g_ptr_array_index (s->fields, k);
              if (ds && !f->archived)
                lim_desired_schema_add_field (ds, f->props);
              field_lighten (f);
            }
        }
    }

  /* Rules across files (§6.6, §6.9); the pairwise name checks only when
   * some name repeats. */
  dup_dropdowns = has_duplicates (dropdowns, dropdowns->len, dropdown_name_at);
  dup_schemas = has_duplicates (schemas, schemas->len, schema_name_at) ||
                has_duplicates (schemas, schemas->len, schema_wh_at);
  for (guint i = 0; dup_dropdowns && i < dropdowns->len; i++)
    {
      Dropdown *d = g_ptr_array_index (dropdowns, i);
      for (guint j = 0; j < i; j++)
        {
          Dropdown *e = g_ptr_array_index (dropdowns, j);
          if (strcmp (d->name, e->name) == 0)
            {
              ctx.file = d->file;
              problem (&ctx, "$.name", "The dropdown name “%s” is also used by %s: dropdown names must be unique.",
                       d->name, e->file);
            }
        }
    }
  for (guint i = 0; i < schemas->len; i++)
    {
      Schema *s = g_ptr_array_index (schemas, i);
      const char *name = lim_props_get_str (s->props, LIM_SCHEMA_NAME);
      const char *wh = lim_props_get_str (s->props, LIM_SCHEMA_WAREHOUSE_NAME);

      ctx.file = s->file;
      for (guint j = 0; dup_schemas && j < i; j++)
        {
          Schema *t = g_ptr_array_index (schemas, j);
          if (strcmp (wh, lim_props_get_str (t->props, LIM_SCHEMA_WAREHOUSE_NAME)) == 0)
            problem (&ctx, "$.warehouse_name", "The warehouse name “%s” is also used by %s: warehouse names must be "
                     "unique.", wh, t->file);
          if (strcmp (name, lim_props_get_str (t->props, LIM_SCHEMA_NAME)) == 0)
            problem (&ctx, "$.name", "The schema name “%s” is also used by %s: schema names must be unique.", name,
                     t->file);
        }
      for (guint k = 0; k < s->fields->len; k++)
        {
          Field *f = g_ptr_array_index (s->fields, k);
          const char *link = f->entity_link;
          const char *dropdown = f->dropdown_link;

          if (link)
            {
              if (!g_hash_table_contains (schema_names, link))
                {
                  g_autofree char *fp = g_strdup_printf ("$.fields[%u].entity_link", k);
                  problem (&ctx, fp, "Field “%s” links schema “%s”, but no entity schema file has that warehouse "
                           "name.", f->name, link);
                }
            }
          if (dropdown)
            {
              if (!g_hash_table_contains (dropdown_names, dropdown))
                {
                  g_autofree char *fp = g_strdup_printf ("$.fields[%u].dropdown_link", k);
                  problem (&ctx, fp, "Field “%s” uses dropdown “%s”, but no dropdown file has that name.",
                           f->name, dropdown);
                }
            }
        }
    }

  for (guint i = 0; i < results->len; i++)
    {
      Schema *s = g_ptr_array_index (results, i);
      const char *wh = lim_props_get_str (s->props, LIM_SCHEMA_WAREHOUSE_NAME);

      ctx.file = s->file;
      for (guint j = 0; j < i; j++)
        {
          Schema *t = g_ptr_array_index (results, j);
          if (strcmp (wh, lim_props_get_str (t->props, LIM_SCHEMA_WAREHOUSE_NAME)) == 0)
            problem (&ctx, "$.warehouse_name", "The warehouse name “%s” is also used by %s: result schema warehouse "
                     "names must be unique.", wh, t->file);
        }
      /* Entity links of result fields may name schemas the model lacks
       * (Liminal then writes no relationship); dropdowns must be there. */
      for (guint k = 0; k < s->fields->len; k++)
        {
          Field *f = g_ptr_array_index (s->fields, k);
          if (f->dropdown_link && !g_hash_table_contains (dropdown_names, f->dropdown_link))
            {
              g_autofree char *fp = g_strdup_printf ("$.fields[%u].dropdown_link", k);
              problem (&ctx, fp, "Field “%s” uses dropdown “%s”, but no dropdown file has that name.",
                       f->name, f->dropdown_link);
            }
        }
    }

  if (ctx.n_problems > 0)
    return NULL;
  return g_steal_pointer (&desired);
}

/* ---------------------------------------------------------------- load */

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static gboolean
load_subdir (const char *model_dir,
             const char *sub,
             GPtrArray  *out,
             GError    **error)
{
  g_autofree char *dir = g_build_filename (model_dir, sub, NULL);
  g_autoptr(GDir) d = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    return TRUE;
  d = g_dir_open (dir, 0, error);
  if (d == NULL)
    return FALSE;
  while ((name = g_dir_read_name (d)))
    if (g_str_has_suffix (name, ".json") && name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      g_autofree char *contents = NULL;
      LimModelFile *file;

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;
      if (!g_file_get_contents (path, &contents, NULL, error))
        return FALSE;
      /* The text as read, not a copy of it. */
      file = g_new0 (LimModelFile, 1);
      file->name = g_strdup_printf ("%s/%s", sub, (char *) g_ptr_array_index (names, i));
      file->contents = g_steal_pointer (&contents);
      g_ptr_array_add (out, file);
    }
  return TRUE;
}

GPtrArray *
lim_model_files_load_dir (const char *model_dir,
                          GError    **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) lim_model_file_free);

  if (!g_file_test (model_dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, LIM_MODEL_FILES_ERROR, LIM_MODEL_FILES_ERROR_NOT_FOUND,
                   "No model folder at %s. Run `liminal generate-files TENANT` to write one from a tenant.",
                   model_dir);
      return NULL;
    }
  if (!load_subdir (model_dir, DROPDOWNS_DIR, out, error) || !load_subdir (model_dir, SCHEMAS_DIR, out, error))
    return NULL;
  return g_steal_pointer (&out);
}

LimDesired *
lim_model_files_read (const char *model_dir,
                      const char *display_prefix,
                      GPtrArray  *problems,
                      GError    **error)
{
  g_autoptr(GPtrArray) files = lim_model_files_load_dir (model_dir, error);
  g_autoptr(GPtrArray) own = g_ptr_array_new_with_free_func ((GDestroyNotify) lim_model_problem_free);
  g_autofree char *prefix = NULL;
  LimDesired *desired;
  GString *message;

  if (files == NULL)
    return NULL;
  desired = lim_model_files_parse (files, own);
  if (desired)
    return desired;

  prefix = display_prefix ? g_strdup (display_prefix) : g_path_get_basename (model_dir);
  message = g_string_new (NULL);
  g_string_append_printf (message, "The model has %u problem%s; nothing was written:", own->len,
                          own->len == 1 ? "" : "s");
  for (guint i = 0; i < own->len; i++)
    {
      LimModelProblem *p = g_ptr_array_index (own, i);
      g_string_append_printf (message, "\n%s/%s: %s: %s", prefix, p->file, p->path, p->message);
    }
  g_set_error_literal (error, LIM_MODEL_FILES_ERROR, LIM_MODEL_FILES_ERROR_INVALID, message->str);
  g_string_free (message, TRUE);
  if (problems)
    for (guint i = 0; i < own->len; i++)
      g_ptr_array_add (problems, g_steal_pointer (&g_ptr_array_index (own, i)));
  return NULL;
}

/* ---------------------------------------------------------------- write */

static void
append_json_string (GString    *out,
                    const char *s)
{
  g_string_append_c (out, '"');
  for (const char *p = s; *p; p++)
    {
      unsigned char c = (unsigned char) *p;
      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

static void
indent (GString *out,
        guint    level)
{
  for (guint i = 0; i < level; i++)
    g_string_append (out, "  ");
}

/* Deterministic output in the style of Python's json.dumps(indent=2,
 * ensure_ascii=False): members in insertion order. */
static void
append_node (GString  *out,
             JsonNode *node,
             guint     level)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_NULL:
      g_string_append (out, "null");
      break;
    case JSON_NODE_VALUE:
      {
        GType t = json_node_get_value_type (node);
        if (t == G_TYPE_STRING)
          append_json_string (out, json_node_get_string (node));
        else if (t == G_TYPE_BOOLEAN)
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
        else
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
      }
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *a = json_node_get_array (node);
        guint n = json_array_get_length (a);
        if (n == 0)
          {
            g_string_append (out, "[]");
            break;
          }
        g_string_append (out, "[\n");
        for (guint i = 0; i < n; i++)
          {
            indent (out, level + 1);
            append_node (out, json_array_get_element (a, i), level + 1);
            g_string_append (out, i + 1 < n ? ",\n" : "\n");
          }
        indent (out, level);
        g_string_append_c (out, ']');
      }
      break;
    case JSON_NODE_OBJECT:
      {
        JsonObject *o = json_node_get_object (node);
        g_autoptr(GList) members = json_object_get_members (o);
        if (members == NULL)
          {
            g_string_append (out, "{}");
            break;
          }
        g_string_append (out, "{\n");
        for (GList *l = members; l; l = l->next)
          {
            indent (out, level + 1);
            append_json_string (out, l->data);
            g_string_append (out, ": ");
            append_node (out, json_object_get_member (o, l->data), level + 1);
            g_string_append (out, l->next ? ",\n" : "\n");
          }
        indent (out, level);
        g_string_append_c (out, '}');
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

char *
lim_model_files_json_text (JsonNode *node)
{
  GString *out = g_string_new (NULL);
  append_node (out, node, 0);
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

void
lim_model_files_add_str (JsonBuilder *b,
                         const char  *key,
                         const char  *value)
{
  json_builder_set_member_name (b, key);
  if (value)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

void
lim_model_files_add_bool (JsonBuilder *b,
                          const char  *key,
                          gboolean     value)
{
  json_builder_set_member_name (b, key);
  json_builder_add_boolean_value (b, value);
}

void
lim_model_files_add_tri (JsonBuilder *b,
                         const char  *key,
                         LimTri       value)
{
  json_builder_set_member_name (b, key);
  if (value == LIM_TRI_NONE)
    json_builder_add_null_value (b);
  else
    json_builder_add_boolean_value (b, value == LIM_TRI_TRUE);
}

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

void
lim_model_files_add_set (JsonBuilder *b,
                         const char  *key,
                         GPtrArray   *values)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  for (guint i = 0; values && i < values->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (values, i));
  g_ptr_array_sort (sorted, compare_strings);
  json_builder_set_member_name (b, key);
  json_builder_begin_array (b);
  for (guint i = 0; i < sorted->len; i++)
    if (i == 0 || strcmp (g_ptr_array_index (sorted, i), g_ptr_array_index (sorted, i - 1)) != 0)
      json_builder_add_string_value (b, g_ptr_array_index (sorted, i));
  json_builder_end_array (b);
}

#define add_str  lim_model_files_add_str
#define add_bool lim_model_files_add_bool
#define add_tri  lim_model_files_add_tri

static char *
dropdown_text (const LimSnapshotDropdown *d)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  add_str (b, "name", d->name);
  json_builder_set_member_name (b, "options");
  json_builder_begin_array (b);
  for (guint i = 0; i < d->options->len; i++)
    {
      const LimSnapshotOption *o = g_ptr_array_index (d->options, i);
      if (!o->archived)
        json_builder_add_string_value (b, o->name);
    }
  json_builder_end_array (b);
  add_bool (b, "archived", FALSE);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return lim_model_files_json_text (root);
}

static void add_fields (JsonBuilder             *b,
                        const LimSnapshotSchema *s);

static char *
schema_text (const LimSnapshotSchema *s)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const LimProps *p = s->props;
  const LimMixtureConfig *mix = lim_props_get_mixture (p, LIM_SCHEMA_MIXTURE_SCHEMA_CONFIG);

  json_builder_begin_object (b);
  add_str (b, "name", lim_props_get_str (p, LIM_SCHEMA_NAME));
  add_str (b, "warehouse_name", lim_props_get_str (p, LIM_SCHEMA_WAREHOUSE_NAME));
  add_str (b, "prefix", lim_props_get_str (p, LIM_SCHEMA_PREFIX));
  add_str (b, "entity_type", lim_props_get_str (p, LIM_SCHEMA_ENTITY_TYPE));
  lim_model_files_add_set (b, "naming_strategies", lim_props_get_set (p, LIM_SCHEMA_NAMING_STRATEGIES));
  json_builder_set_member_name (b, "mixture_schema_config");
  if (mix)
    {
      json_builder_begin_object (b);
      add_bool (b, "allowMeasuredIngredients", mix->allow_measured_ingredients == LIM_TRI_TRUE);
      add_tri (b, "componentLotStorageEnabled", mix->component_lot_storage_enabled);
      add_tri (b, "componentLotTextEnabled", mix->component_lot_text_enabled);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
  add_bool (b, "use_registry_id_as_label", lim_props_get_bool (p, LIM_SCHEMA_USE_REGISTRY_ID_AS_LABEL));
  add_bool (b, "include_registry_id_in_chips", lim_props_get_bool (p, LIM_SCHEMA_INCLUDE_REGISTRY_ID_IN_CHIPS));
  lim_model_files_add_set (b, "constraint_fields", lim_props_get_set (p, LIM_SCHEMA_CONSTRAINT_FIELDS));
  add_bool (b, "show_bases_in_expanded_view", lim_props_get_bool (p, LIM_SCHEMA_SHOW_BASES_IN_EXPANDED_VIEW));

  json_builder_set_member_name (b, "name_template");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "parts");
  json_builder_begin_array (b);
  for (guint i = 0; s->name_template && s->name_template->parts && i < s->name_template->parts->len; i++)
    {
      const LimNameTemplatePart *part = g_ptr_array_index (s->name_template->parts, i);
      json_builder_begin_object (b);
      add_str (b, "type", part->spec->part_type);
      if (part->spec->data_key)
        add_str (b, part->spec->data_key, part->data ? part->data : "");
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  add_bool (b, "order_name_parts_by_sequence",
            s->name_template && s->name_template->order_name_parts_by_sequence == LIM_TRI_TRUE);
  json_builder_end_object (b);
  add_bool (b, "archived", FALSE);
  add_fields (b, s);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return lim_model_files_json_text (root);
}

/* A result schema's file: name, warehouse name and its active fields. */
static char *
results_text (const LimSnapshotSchema *s)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  add_str (b, "name", lim_props_get_str (s->props, LIM_SCHEMA_NAME));
  add_str (b, "warehouse_name", lim_props_get_str (s->props, LIM_SCHEMA_WAREHOUSE_NAME));
  add_fields (b, s);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return lim_model_files_json_text (root);
}

/* "fields": the schema's active fields. */
static void
add_fields (JsonBuilder             *b,
            const LimSnapshotSchema *s)
{
  json_builder_set_member_name (b, "fields");
  json_builder_begin_array (b);
  for (guint i = 0; i < s->fields->len; i++)
    {
      const LimSnapshotField *f = g_ptr_array_index (s->fields, i);
      const LimProps *fp = f->props;
      if (lim_snapshot_field_is_archived (f))
        continue;
      json_builder_begin_object (b);
      add_str (b, "name", lim_props_get_str (fp, LIM_FIELD_NAME));
      add_str (b, "warehouse_name", lim_snapshot_field_get_warehouse_name (f));
      add_str (b, "type", lim_props_get_str (fp, LIM_FIELD_TYPE));
      add_bool (b, "required", lim_props_get_bool (fp, LIM_FIELD_REQUIRED));
      add_bool (b, "is_multi", lim_props_get_bool (fp, LIM_FIELD_IS_MULTI));
      add_bool (b, "parent_link", lim_props_get_bool (fp, LIM_FIELD_PARENT_LINK));
      add_str (b, "dropdown_link", lim_props_get_str (fp, LIM_FIELD_DROPDOWN_LINK));
      add_str (b, "entity_link", lim_props_get_str (fp, LIM_FIELD_ENTITY_LINK));
      add_str (b, "tooltip", lim_props_get_str (fp, LIM_FIELD_TOOLTIP));
      json_builder_set_member_name (b, "decimal_places");
      if (lim_props_is_set (fp, LIM_FIELD_DECIMAL_PLACES) && !lim_props_is_none (fp, LIM_FIELD_DECIMAL_PLACES))
        json_builder_add_int_value (b, lim_props_get_int (fp, LIM_FIELD_DECIMAL_PLACES));
      else
        json_builder_add_null_value (b);
      add_str (b, "unit_name", lim_props_get_str (fp, LIM_FIELD_UNIT_NAME));
      add_bool (b, "archived", FALSE);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static gint
compare_files (gconstpointer a,
               gconstpointer b)
{
  const LimModelFile *fa = *(const LimModelFile *const *) a;
  const LimModelFile *fb = *(const LimModelFile *const *) b;
  return strcmp (fa->name, fb->name);
}

static gint
compare_strings_by_dropdown_name (gconstpointer a,
                                  gconstpointer b)
{
  const LimSnapshotDropdown *da = *(const LimSnapshotDropdown *const *) a;
  const LimSnapshotDropdown *db = *(const LimSnapshotDropdown *const *) b;
  return strcmp (da->name, db->name);
}

/* @base.json, or @base_2.json … when taken. */
static char *
unique_name (GHashTable *taken,
             const char *sub,
             const char *base)
{
  char *name = g_strdup_printf ("%s/%s.json", sub, base);
  for (guint n = 2; g_hash_table_contains (taken, name); n++)
    {
      g_free (name);
      name = g_strdup_printf ("%s/%s_%u.json", sub, base, n);
    }
  g_hash_table_add (taken, g_strdup (name));
  return name;
}

static gint
compare_nodes_by_name (gconstpointer a,
                       gconstpointer b)
{
  JsonObject *oa = json_node_get_object (*(JsonNode *const *) a);
  JsonObject *ob = json_node_get_object (*(JsonNode *const *) b);

  return g_strcmp0 (json_object_get_string_member_with_default (oa, "name", ""),
                    json_object_get_string_member_with_default (ob, "name", ""));
}

GPtrArray *
lim_model_files_new_from_json (GPtrArray *dropdowns,
                               GPtrArray *schemas,
                               GPtrArray *results)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) lim_model_file_free);
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) sorted = g_ptr_array_sized_new (dropdowns->len);

  for (guint i = 0; i < dropdowns->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (dropdowns, i));
  g_ptr_array_sort (sorted, compare_nodes_by_name);
  for (guint i = 0; i < sorted->len; i++)
    {
      JsonNode *node = g_ptr_array_index (sorted, i);
      const char *dropdown = json_object_get_string_member_with_default (json_node_get_object (node), "name", "");
      g_autofree char *snake = lim_snake_case (dropdown);
      g_autofree char *name = unique_name (taken, DROPDOWNS_DIR, snake[0] ? snake : "dropdown");
      g_autofree char *text = lim_model_files_json_text (node);

      g_ptr_array_add (out, lim_model_file_new (name, text));
    }
  for (guint i = 0; i < schemas->len; i++)
    {
      JsonNode *node = g_ptr_array_index (schemas, i);
      const char *wh = json_object_get_string_member_with_default (json_node_get_object (node), "warehouse_name", "");
      g_autofree char *name = unique_name (taken, SCHEMAS_DIR, wh);
      g_autofree char *text = lim_model_files_json_text (node);

      g_ptr_array_add (out, lim_model_file_new (name, text));
    }
  for (guint i = 0; results && i < results->len; i++)
    {
      JsonNode *node = g_ptr_array_index (results, i);
      const char *wh = json_object_get_string_member_with_default (json_node_get_object (node), "warehouse_name", "");
      g_autofree char *name = unique_name (taken, RESULTS_DIR, wh);
      g_autofree char *text = lim_model_files_json_text (node);

      g_ptr_array_add (out, lim_model_file_new (name, text));
    }
  g_ptr_array_sort (out, compare_files);
  return g_steal_pointer (&out);
}

/* Whether @name, from a tenant, is safe as the stem of a file in one folder. */
static gboolean
file_stem_is_safe (const char *name)
{
  if (name[0] == '\0' || strcmp (name, ".") == 0 || strcmp (name, "..") == 0)
    return FALSE;
  for (const guchar *p = (const guchar *) name; *p; p++)
    if (*p < 0x20 || *p == 0x7f || *p == '/' || *p == '\\')
      return FALSE;
  return TRUE;
}

/* Whether @s's warehouse name is safe as a file stem; else the error,
 * naming @kind ("Entity schema") and @s. */
static gboolean
stem_is_safe (const LimSnapshotSchema *s,
              const char              *kind,
              GError                 **error)
{
  const char *wh = lim_snapshot_schema_get_warehouse_name (s);
  g_autofree char *schema = NULL;
  g_autofree char *shown = NULL;

  if (file_stem_is_safe (wh))
    return TRUE;
  /* Escaped: the name may hold terminal escape sequences. */
  schema = g_strescape (lim_snapshot_schema_get_name (s) ?: "", NULL);
  shown = g_strescape (wh, NULL);
  g_set_error (error, LIM_MODEL_FILES_ERROR, LIM_MODEL_FILES_ERROR_UNSAFE_NAME,
               "%s “%s” has the warehouse name “%s”, which cannot be a file name (empty, “.”, “..”, or holding "
               "“/”, “\\” or a control character); nothing was written", kind, schema, shown);
  return FALSE;
}

GPtrArray *
lim_model_files_generate (LimSnapshot       *model,
                          LimModelFilesKinds kinds,
                          GError           **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) lim_model_file_free);
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *registry = lim_snapshot_get_registry_id (model);

  if (kinds & LIM_MODEL_FILES_DROPDOWNS)
    {
      /* Sorted by name so that duplicate snake names get stable suffixes. */
      g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
      for (guint i = 0; i < lim_snapshot_get_n_dropdowns (model); i++)
        {
          const LimSnapshotDropdown *d = lim_snapshot_get_dropdown (model, i);
          if (!d->archived && d->name)
            g_ptr_array_add (sorted, (gpointer) d);
        }
      g_ptr_array_sort (sorted, compare_strings_by_dropdown_name);
      for (guint i = 0; i < sorted->len; i++)
        {
          const LimSnapshotDropdown *d = g_ptr_array_index (sorted, i);
          g_autofree char *snake = lim_snake_case (d->name);
          g_autofree char *name = unique_name (taken, DROPDOWNS_DIR, snake[0] ? snake : "dropdown");
          g_autofree char *text = dropdown_text (d);
          g_ptr_array_add (out, lim_model_file_new (name, text));
        }
    }
  if (kinds & LIM_MODEL_FILES_ENTITY_SCHEMAS)
    {
      for (guint i = 0; i < lim_snapshot_get_n_schemas (model); i++)
        {
          const LimSnapshotSchema *s = lim_snapshot_get_schema (model, i);
          const char *wh = lim_snapshot_schema_get_warehouse_name (s);
          g_autofree char *name = NULL;
          g_autofree char *text = NULL;

          if (lim_snapshot_schema_is_archived (s) || wh == NULL || strcmp (wh, LIM_SNAPSHOT_REMOTE_SCHEMA) == 0
              || g_strcmp0 (lim_snapshot_schema_get_registry_id (s), registry) != 0)
            continue;
          if (!stem_is_safe (s, "Entity schema", error))
            return NULL;
          name = unique_name (taken, SCHEMAS_DIR, wh);
          text = schema_text (s);
          g_ptr_array_add (out, lim_model_file_new (name, text));
        }
    }
  if (kinds & LIM_MODEL_FILES_RESULTS_SCHEMAS)
    {
      /* Liminal's get_converted_results_schemas(): the active ones, of
       * every registry. */
      for (guint i = 0; i < lim_snapshot_get_n_results_schemas (model); i++)
        {
          const LimSnapshotSchema *s = lim_snapshot_get_results_schema (model, i);
          const char *wh = lim_snapshot_schema_get_warehouse_name (s);
          g_autofree char *name = NULL;
          g_autofree char *text = NULL;

          if (lim_snapshot_schema_is_archived (s))
            continue;
          if (!stem_is_safe (s, "Result schema", error))
            return NULL;
          name = unique_name (taken, RESULTS_DIR, wh);
          text = results_text (s);
          g_ptr_array_add (out, lim_model_file_new (name, text));
        }
    }
  g_ptr_array_sort (out, compare_files);
  return g_steal_pointer (&out);
}

/* ------------------------------------------------------------- writing */

static gint
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static void
tell (LimModelFilesWriteFunc func,
      gpointer               user_data,
      const char            *path,
      LimModelFileChange     change)
{
  if (func != NULL)
    func (path, change, user_data);
}

/* Adds to @stale the files named *@suffix in @dir (and, with @deep, in its
 * subfolders) that @files does not hold; @relative is @dir's name under
 * the model folder. */
static gboolean
find_stale (const char *dir,
            const char *relative,
            const char *suffix,
            gboolean    deep,
            GPtrArray  *files,
            GPtrArray  *stale,
            GError    **error)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, error);
  const char *name;

  if (d == NULL)
    return FALSE;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *rel = g_strconcat (relative, "/", name, NULL);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      gboolean wanted = FALSE;

      if (deep && g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        {
          if (!find_stale (path, rel, suffix, FALSE, files, stale, error))
            return FALSE;
          continue;
        }
      if (!g_str_has_suffix (name, suffix))
        continue;
      for (guint i = 0; i < files->len && !wanted; i++)
        wanted = strcmp (((LimModelFile *) g_ptr_array_index (files, i))->name, rel) == 0;
      if (!wanted)
        g_ptr_array_add (stale, g_steal_pointer (&path));
    }
  return TRUE;
}

static gboolean
is_package_init (const LimModelFile *file)
{
  return g_str_has_suffix (file->name, "/__init__.py");
}

/* Whether one of @written (paths) lies in the folder of @init_path. */
static gboolean
folder_has_written (GPtrArray  *written,
                    const char *init_path)
{
  g_autofree char *folder = g_path_get_dirname (init_path);
  g_autofree char *prefix = g_strconcat (folder, G_DIR_SEPARATOR_S, NULL);

  for (guint i = 0; i < written->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (written, i), prefix))
      return TRUE;
  return FALSE;
}

/* One kind's subfolder @sub of @model_dir. */
static gboolean
write_kind (const char            *model_dir,
            const char            *sub,
            GPtrArray             *files,
            gboolean               python,
            gboolean               overwrite,
            LimModelFilesWriteFunc func,
            gpointer               user_data,
            GError               **error)
{
  g_autofree char *dir = g_build_filename (model_dir, sub, NULL);
  g_autofree char *prefix = g_strconcat (sub, "/", NULL);
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func (g_free);

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int errsv = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv), _("Cannot create %s: %s"), dir,
                   g_strerror (errsv));
      return FALSE;
    }
  if (overwrite)
    {
      g_autoptr(GPtrArray) stale = g_ptr_array_new_with_free_func (g_free);

      if (!find_stale (dir, sub, python ? ".py" : ".json", python, files, stale, error))
        return FALSE;
      g_ptr_array_sort (stale, compare_paths);
      for (guint i = 0; i < stale->len; i++)
        {
          const char *path = g_ptr_array_index (stale, i);

          if (g_unlink (path) != 0)
            {
              int errsv = errno;

              g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv), _("Cannot remove %s: %s"), path,
                           g_strerror (errsv));
              return FALSE;
            }
          tell (func, user_data, path, LIM_MODEL_FILE_REMOVED);
        }
    }
  /* Python packages: each __init__.py after the modules of its folder, and
   * rewritten when one of them was (generate-files' rule, §8.2). */
  for (guint pass = 0; pass < (python ? 2u : 1u); pass++)
    for (guint i = 0; i < files->len; i++)
      {
        LimModelFile *file = g_ptr_array_index (files, i);
        g_autofree char *path = NULL;
        g_autofree char *old = NULL;
        g_autofree char *folder = NULL;
        gboolean exists;

        if (!g_str_has_prefix (file->name, prefix) || (python && is_package_init (file) != (pass == 1)))
          continue;
        path = g_build_filename (model_dir, file->name, NULL);
        exists = g_file_test (path, G_FILE_TEST_EXISTS);
        if (exists && g_file_get_contents (path, &old, NULL, NULL) && strcmp (old, file->contents) == 0)
          {
            tell (func, user_data, path, LIM_MODEL_FILE_KEPT);
            continue;
          }
        if (exists && !overwrite && !(pass == 1 && folder_has_written (written, path)))
          {
            tell (func, user_data, path, LIM_MODEL_FILE_KEPT);
            continue;
          }
        folder = g_path_get_dirname (path);
        if (g_mkdir_with_parents (folder, 0755) != 0)
          {
            int errsv = errno;

            g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv), _("Cannot create %s: %s"), folder,
                         g_strerror (errsv));
            return FALSE;
          }
        if (!lim_write_file_atomic (path, file->contents, -1, error))
          return FALSE;
        tell (func, user_data, path, LIM_MODEL_FILE_WRITTEN);
        g_ptr_array_add (written, g_steal_pointer (&path));
      }
  return TRUE;
}

gboolean
lim_model_files_write (const char            *model_dir,
                       GPtrArray             *files,
                       LimModelFilesKinds     kinds,
                       gboolean               overwrite,
                       LimModelFilesWriteFunc func,
                       gpointer               user_data,
                       GError               **error)
{
  gboolean python = (kinds & LIM_MODEL_FILES_PYTHON) != 0;

  g_return_val_if_fail (model_dir != NULL, FALSE);
  g_return_val_if_fail (files != NULL, FALSE);

  if ((kinds & LIM_MODEL_FILES_DROPDOWNS) &&
      !write_kind (model_dir, "dropdowns", files, python, overwrite, func, user_data, error))
    return FALSE;
  if ((kinds & LIM_MODEL_FILES_ENTITY_SCHEMAS) &&
      !write_kind (model_dir, "entity_schemas", files, python, overwrite, func, user_data, error))
    return FALSE;
  if ((kinds & LIM_MODEL_FILES_RESULTS_SCHEMAS) &&
      !write_kind (model_dir, RESULTS_DIR, files, python, overwrite, func, user_data, error))
    return FALSE;
  return TRUE;
}
