/* lim-sandbox-mutate.c — validated writes to the tenant state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every function here validates the whole request first and only then
 * touches the state, so a rejected write leaves the tenant unchanged.
 * Error messages are the Benchling-style user messages.
 */

#include "config.h"

#include <string.h>

#include "lim-sandbox-mutate.h"

/* ------------------------------------------------------------------ */
/* Benchling's value lists                                             */

static const char *const non_multi_types[] = {
  "text", "long_text", "float", "integer", "date", "datetime", NULL
};
static const char *const entity_link_types[] = {
  "entity_link", "translation_link", "transcription_link", "part_link", NULL
};
static const char *const default_types[] = {
  "text", "long_text", "integer", "float", "date", "datetime", "boolean", "dropdown",
  "blob_link", "entry_link", "storage_link", "entity_link", "custom_entity_link",
  "aa_sequence_link", "dna_sequence_link", "mixture_link", "json", NULL
};
static const char *const labeling_values[] = {
  "NEW_IDS", "IDS_FROM_NAMES", "DELETE_NAMES", "SET_FROM_NAME_PARTS",
  "REPLACE_NAMES_FROM_PARTS", "KEEP_NAMES", NULL
};
static const char *const name_part_types[] = {
  "SEPARATOR", "TEXT", "CREATED_AT_YEAR", "CREATED_AT_DATE", "FIELD",
  "REGISTRY_IDENTIFIER_NUMBER", "LINKED_BIOENTITY_REGISTRY_IDENTIFIER", "PROJECT",
  "CHILD_ENTITY_LOT_NUMBER", "COMPLEX_POLYMER_COMPONENT", NULL
};
static const char *const archive_reasons[] = {
  "Made in error", "Retired", "Expended", "Shipped", "Contaminated", "Expired",
  "Missing", "Other", NULL
};

static gboolean
field_type_allowed (const char *entity_type,
                    const char *lt)
{
  if (g_strv_contains (default_types, lt))
    return TRUE;
  if (g_strcmp0 (entity_type, "dna_sequence") == 0)
    return g_strcmp0 (lt, "part_link") == 0 || g_strcmp0 (lt, "translation_link") == 0 ||
           g_strcmp0 (lt, "transcription_link") == 0;
  if (g_strcmp0 (entity_type, "rna_sequence") == 0)
    return g_strcmp0 (lt, "part_link") == 0 || g_strcmp0 (lt, "translation_link") == 0;
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Errors and JSON input helpers                                       */

static gboolean bad (GError    **error,
                     const char *fmt,
                     ...) G_GNUC_PRINTF (2, 3);

static gboolean
bad (GError    **error,
     const char *fmt,
     ...)
{
  va_list ap;
  g_autofree char *msg = NULL;

  va_start (ap, fmt);
  msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_set_error_literal (error, LIM_SANDBOX_ERROR, LIM_SANDBOX_ERROR_BAD_REQUEST, msg);
  return FALSE;
}

typedef enum
{
  OPT_STR,
  OPT_BOOL,
  OPT_INT,
  OPT_ARRAY,
  OPT_OBJECT,
} OptKind;

static const struct
{
  JsonNodeType node;
  GType        value;      /* of a JSON_NODE_VALUE */
  const char  *expected;
} opt_kinds[] = {
  [OPT_STR] = { JSON_NODE_VALUE, G_TYPE_STRING, "a string" },
  [OPT_BOOL] = { JSON_NODE_VALUE, G_TYPE_BOOLEAN, "a boolean" },
  [OPT_INT] = { JSON_NODE_VALUE, G_TYPE_INT64, "an integer" },
  [OPT_ARRAY] = { JSON_NODE_ARRAY, G_TYPE_INVALID, "an array" },
  [OPT_OBJECT] = { JSON_NODE_OBJECT, G_TYPE_INVALID, "an object or null" },
};

/* The optional member @key of @o: *present says whether it was sent,
 * *node is NULL when it was not or was null (an array may not be null).
 * FALSE if it is of another kind. */
static gboolean
opt_node (JsonObject *o,
          const char *key,
          OptKind     kind,
          gboolean   *present,
          JsonNode  **node,
          GError    **error)
{
  JsonNode *n;

  *node = NULL;
  *present = json_object_has_member (o, key);
  if (!*present)
    return TRUE;
  n = json_object_get_member (o, key);
  if (JSON_NODE_HOLDS_NULL (n) && kind != OPT_ARRAY)
    return TRUE;
  if (JSON_NODE_TYPE (n) != opt_kinds[kind].node ||
      (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) != opt_kinds[kind].value))
    return bad (error, "Invalid value for \"%s\": expected %s.", key, opt_kinds[kind].expected);
  *node = n;
  return TRUE;
}

static gboolean
opt_str (JsonObject  *o,
         const char  *key,
         gboolean    *present,
         const char **value,
         GError     **error)
{
  JsonNode *n;
  gboolean ok = opt_node (o, key, OPT_STR, present, &n, error);

  *value = n ? json_node_get_string (n) : NULL;
  return ok;
}

/* null = not set */
static gboolean
opt_bool (JsonObject *o,
          const char *key,
          gboolean   *present,
          gboolean   *value,
          GError    **error)
{
  JsonNode *n;
  gboolean ok = opt_node (o, key, OPT_BOOL, present, &n, error);

  *present = n != NULL;
  if (n)
    *value = json_node_get_boolean (n);
  return ok;
}

/* -1 for null */
static gboolean
opt_int (JsonObject *o,
         const char *key,
         gboolean   *present,
         gint       *value,
         GError    **error)
{
  JsonNode *n;
  gint64 v;

  if (!opt_node (o, key, OPT_INT, present, &n, error))
    return FALSE;
  if (!*present)
    return TRUE;
  v = n ? json_node_get_int (n) : -1;
  if (n && (v < 0 || v > G_MAXINT))
    return bad (error, "Invalid value for \"%s\": %" G_GINT64_FORMAT " is out of range.", key, v);
  *value = (gint) v;
  return TRUE;
}

static gboolean
opt_array (JsonObject *o,
           const char *key,
           gboolean   *present,
           JsonArray **value,
           GError    **error)
{
  JsonNode *n;
  gboolean ok = opt_node (o, key, OPT_ARRAY, present, &n, error);

  *value = n ? json_node_get_array (n) : NULL;
  return ok;
}

/* object, or NULL for null; FALSE on type error */
static gboolean
opt_object (JsonObject  *o,
            const char  *key,
            gboolean    *present,
            JsonObject **value,
            GError     **error)
{
  JsonNode *n;
  gboolean ok = opt_node (o, key, OPT_OBJECT, present, &n, error);

  *value = n ? json_node_get_object (n) : NULL;
  return ok;
}

static gboolean
only_keys (JsonObject        *o,
           const char *const *allowed,
           GError           **error)
{
  g_autoptr(GList) members = json_object_get_members (o);

  for (GList *l = members; l; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      return bad (error, "Unknown property \"%s\".", (const char *) l->data);
  return TRUE;
}

static gboolean
valid_warehouse_name (const char *w)
{
  if (w == NULL || *w == '\0')
    return FALSE;
  for (const char *p = w; *p; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '_'))
      return FALSE;
  return TRUE;
}

static gboolean
valid_prefix (const char *p)
{
  gsize len;

  if (p == NULL || *p == '\0')
    return FALSE;
  len = strlen (p);
  if (len > 32 || g_ascii_isdigit (p[len - 1]))
    return FALSE;
  for (const char *c = p; *c; c++)
    if (!(g_ascii_isalnum (*c) || *c == '_' || *c == '-'))
      return FALSE;
  return TRUE;
}

static void
set_str (char      **dst,
         const char *src)
{
  if (*dst == src)
    return;
  g_free (*dst);
  *dst = g_strdup (src);
}

/* The take_* functions set *@dst to the member @key of @o if it was sent
 * (a null boolean is not sent). */
static gboolean
take_str (JsonObject *o,
          const char *key,
          char      **dst,
          GError    **error)
{
  const char *v;
  gboolean present;

  if (!opt_str (o, key, &present, &v, error))
    return FALSE;
  if (present)
    set_str (dst, v);
  return TRUE;
}

static gboolean
take_bool (JsonObject *o,
           const char *key,
           gboolean   *dst,
           GError    **error)
{
  gboolean present;

  return opt_bool (o, key, &present, dst, error);
}

static gboolean
take_int (JsonObject *o,
          const char *key,
          gint       *dst,
          GError    **error)
{
  gboolean present;

  return opt_int (o, key, &present, dst, error);
}

/* ------------------------------------------------------------------ */
/* Whole-object validation                                             */

static LsField *
find_field_by_api_id (LsSchema   *schema,
                      const char *api_id)
{
  for (guint i = 0; i < schema->fields->len; i++)
    {
      LsField *f = g_ptr_array_index (schema->fields, i);
      if (g_strcmp0 (f->api_id, api_id) == 0)
        return f;
    }
  return NULL;
}

static gboolean
validate_field (LsState  *st,
                LsSchema *schema,
                LsField  *f,
                GError  **error)
{
  const char *entity_type = ls_entity_type_from_api (schema->folder_item_type, schema->sequence_type);
  const char *lt;

  if (f->name == NULL || *f->name == '\0')
    return bad (error, "Field name is required.");
  if (f->system_name == NULL || *f->system_name == '\0')
    return bad (error, "Field \"%s\" needs a warehouse name (systemName).", f->name);
  if (!valid_warehouse_name (f->system_name))
    return bad (error, "Invalid warehouse name '%s' for field \"%s\". Warehouse names may only "
                "contain lowercase letters, digits and underscores.", f->system_name, f->name);
  lt = ls_public_field_type (f->field_type, f->folder_item_type);
  if (lt == NULL)
    return bad (error, "Field type '%s' with folder item type '%s' is not supported (field \"%s\").",
                f->field_type ? f->field_type : "null",
                f->folder_item_type ? f->folder_item_type : "null", f->name);
  if (!field_type_allowed (entity_type, lt))
    return bad (error, "Field \"%s\": field type %s is not allowed on %s schemas.",
                f->name, lt, entity_type ? entity_type : "this kind of");
  if (f->is_multi && g_strv_contains (non_multi_types, lt))
    return bad (error, "Field \"%s\": fields of type %s cannot be multi-valued.", f->name, lt);
  if (g_strcmp0 (lt, "dropdown") == 0)
    {
      if (f->selector_id == NULL)
        return bad (error, "Dropdown field \"%s\" must reference a dropdown (schemaFieldSelectorId).", f->name);
      if (ls_state_find_dropdown (st, f->selector_id) == NULL)
        return bad (error, "Dropdown %s referenced by field \"%s\" does not exist.", f->selector_id, f->name);
    }
  else if (f->selector_id != NULL)
    return bad (error, "Field \"%s\" is of type %s and cannot reference a dropdown.", f->name, lt);
  if (f->link_schema_id != NULL)
    {
      if (!g_strv_contains (entity_link_types, lt))
        return bad (error, "Field \"%s\" is of type %s and cannot link to a specific schema.", f->name, lt);
      if (g_strcmp0 (f->link_schema_id, schema->id) != 0 &&
          ls_state_find_schema (st, f->link_schema_id) == NULL)
        return bad (error, "Entity schema %s linked from field \"%s\" does not exist.", f->link_schema_id, f->name);
    }
  if (f->is_parent_link && !g_strv_contains (entity_link_types, lt))
    return bad (error, "Field \"%s\" is of type %s and cannot be a parent link.", f->name, lt);
  if (f->unit_id != NULL)
    {
      if (g_strcmp0 (lt, "integer") != 0 && g_strcmp0 (lt, "float") != 0)
        return bad (error, "Field \"%s\": only integer and float fields can have a unit.", f->name);
      if (ls_state_find_unit (st, f->unit_id) == NULL)
        return bad (error, "Unit %s of field \"%s\" is not in the unit dictionary.", f->unit_id, f->name);
    }
  if (f->decimal_precision >= 0)
    {
      if (g_strcmp0 (lt, "float") != 0)
        return bad (error, "Field \"%s\": decimal precision can only be set on float fields.", f->name);
      if (f->decimal_precision > 15)
        return bad (error, "Field \"%s\": decimal precision must be between 0 and 15.", f->name);
    }
  return TRUE;
}

static gboolean
validate_schema (LsState  *st,
                 LsSchema *s,
                 GError  **error)
{
  const char *entity_type;
  gboolean template_based = FALSE;

  if (s->name == NULL || *s->name == '\0')
    return bad (error, "Schema name is required.");
  if (!valid_warehouse_name (s->sql_identifier))
    return bad (error, "Invalid warehouse name '%s'. Warehouse names may only contain lowercase "
                "letters, digits and underscores.", s->sql_identifier ? s->sql_identifier : "");
  if (!valid_prefix (s->prefix))
    return bad (error, "Invalid prefix '%s'. A prefix has at most 32 letters, digits, '_' or '-' "
                "and does not end with a digit.", s->prefix ? s->prefix : "");
  for (guint i = 0; i < st->schemas->len; i++)
    {
      LsSchema *o = g_ptr_array_index (st->schemas, i);
      if (g_strcmp0 (o->id, s->id) == 0)
        continue;
      if (g_strcmp0 (o->name, s->name) == 0)
        return bad (error, "Entity schema name \"%s\" is already in use%s.", s->name,
                    o->archive_purpose ? " by an archived schema" : "");
      if (g_strcmp0 (o->sql_identifier, s->sql_identifier) == 0)
        return bad (error, "Warehouse name \"%s\" is already in use%s.", s->sql_identifier,
                    o->archive_purpose ? " by an archived schema" : "");
      if (g_ascii_strcasecmp (o->prefix, s->prefix) == 0)
        return bad (error, "Prefix \"%s\" is already in use%s.", s->prefix,
                    o->archive_purpose ? " by an archived schema" : "");
    }
  entity_type = ls_entity_type_from_api (s->folder_item_type, s->sequence_type);
  if (entity_type == NULL)
    return bad (error, "Unsupported entity type: folderItemType '%s' with sequenceType '%s'.",
                s->folder_item_type ? s->folder_item_type : "null",
                s->sequence_type ? s->sequence_type : "null");
  if (s->labeling->len == 0)
    return bad (error, "At least one naming strategy (labelingStrategies) is required.");
  for (guint i = 0; i < s->labeling->len; i++)
    {
      const char *l = g_ptr_array_index (s->labeling, i);
      if (l == NULL || !g_strv_contains (labeling_values, l))
        return bad (error, "Invalid naming strategy \"%s\".", l);
      if (g_strcmp0 (l, "SET_FROM_NAME_PARTS") == 0 || g_strcmp0 (l, "REPLACE_NAMES_FROM_PARTS") == 0)
        template_based = TRUE;
    }
  if (template_based && s->name_parts->len == 0)
    return bad (error, "Template-based naming strategies need a name template.");
  if (g_strcmp0 (entity_type, "mixture") == 0 && !s->has_mixture_config)
    return bad (error, "Mixture schema config must be defined when entity type is Mixture.");
  if (g_strcmp0 (entity_type, "mixture") != 0 && s->has_mixture_config)
    return bad (error, "Only mixture schemas can have a mixture schema config.");
  if (s->has_mixture_config)
    {
      gboolean any = s->mix_lot_storage > 0 || s->mix_lot_text > 0;
      if (s->mix_allow_measured && !any)
        return bad (error, "allowMeasuredIngredients requires componentLotStorageEnabled or componentLotTextEnabled.");
      if (!s->mix_allow_measured && any)
        return bad (error, "Component lot settings require allowMeasuredIngredients.");
    }
  if (s->show_residues && g_strcmp0 (s->folder_item_type, "sequence") != 0 &&
      g_strcmp0 (s->folder_item_type, "protein") != 0)
    return bad (error, "showResidues is only available for sequence schemas.");
  if (s->order_name_parts_by_sequence && g_strcmp0 (s->folder_item_type, "sequence") != 0)
    return bad (error, "shouldOrderNamePartsBySequence is only available for nucleotide sequence schemas.");

  for (guint i = 0; i < s->fields->len; i++)
    {
      LsField *f = g_ptr_array_index (s->fields, i);
      if (!validate_field (st, s, f, error))
        return FALSE;
      for (guint j = 0; j < i; j++)
        {
          LsField *g = g_ptr_array_index (s->fields, j);
          if (g_strcmp0 (g->name, f->name) == 0)
            return bad (error, "Field name \"%s\" is used twice on schema \"%s\".", f->name, s->name);
          if (g_strcmp0 (g->system_name, f->system_name) == 0)
            return bad (error, "Field warehouse name \"%s\" is used twice on schema \"%s\".",
                        f->system_name, s->name);
        }
    }
  if (s->has_constraint && s->unique_residues &&
      g_strcmp0 (s->folder_item_type, "sequence") != 0 && g_strcmp0 (s->folder_item_type, "protein") != 0)
    return bad (error, "Unique residues constraints are only available for sequence schemas.");
  if (s->has_constraint && s->residues_case_sensitive && g_strcmp0 (s->folder_item_type, "protein") != 0)
    return bad (error, "Case-sensitive residue constraints are only available for amino acid sequence schemas.");
  if (s->has_constraint && s->unique_canonical_smiles && g_strcmp0 (s->folder_item_type, "molecule") != 0)
    return bad (error, "Unique canonical SMILES constraints are only available for molecule schemas.");
  if (s->has_constraint)
    for (guint i = 0; i < s->constraint_field_ids->len; i++)
      {
        LsField *f = find_field_by_api_id (s, g_ptr_array_index (s->constraint_field_ids, i));
        if (f == NULL || f->archive_purpose != NULL)
          return bad (error, "Constraint fields must be active fields of the schema.");
      }
  for (guint i = 0; i < s->name_parts->len; i++)
    {
      LsNamePart *p = g_ptr_array_index (s->name_parts, i);
      gboolean needs_field = g_strcmp0 (p->type, "FIELD") == 0 ||
                             g_strcmp0 (p->type, "CHILD_ENTITY_LOT_NUMBER") == 0 ||
                             g_strcmp0 (p->type, "LINKED_BIOENTITY_REGISTRY_IDENTIFIER") == 0;

      if (p->type == NULL || !g_strv_contains (name_part_types, p->type))
        return bad (error, "Invalid name template part type \"%s\".", p->type ? p->type : "null");
      if ((g_strcmp0 (p->type, "TEXT") == 0 || g_strcmp0 (p->type, "SEPARATOR") == 0) &&
          (p->text == NULL || *p->text == '\0'))
        return bad (error, "Name template part %s needs a non-empty text.", p->type);
      if (needs_field && p->field_id == NULL)
        return bad (error, "Name template part %s needs a field.", p->type);
      if (p->field_id)
        {
          LsField *f = find_field_by_api_id (s, p->field_id);
          if (f == NULL)
            return bad (error, "Field %s of the name template does not exist on schema \"%s\".", p->field_id, s->name);
          if (f->archive_purpose)
            return bad (error, "Field \"%s\" is used in the name template and cannot be archived.", f->name);
          if (g_strcmp0 (p->type, "FIELD") != 0 && !f->is_parent_link)
            return bad (error,
                        "Field \"%s\" is not a parent link field. The field for type %s must be a parent link field.",
                        f->name, p->type);
        }
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Dropdowns: public realm                                             */

static gboolean
dropdown_name_taken (LsState    *st,
                     const char *name,
                     const char *except_id)
{
  for (guint i = 0; i < st->dropdowns->len; i++)
    {
      LsDropdown *d = g_ptr_array_index (st->dropdowns, i);
      if (g_strcmp0 (d->id, except_id) != 0 && g_strcmp0 (d->name, name) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
validate_options (LsDropdown *d,
                  GError    **error)
{
  for (guint i = 0; i < d->options->len; i++)
    {
      LsOption *o = g_ptr_array_index (d->options, i);
      if (o->name == NULL || *o->name == '\0')
        return bad (error, "Dropdown option names cannot be empty.");
      for (guint j = 0; j < i; j++)
        if (g_strcmp0 (((LsOption *) g_ptr_array_index (d->options, j))->name, o->name) == 0)
          return bad (error, "Option \"%s\" appears more than once in dropdown \"%s\".", o->name, d->name);
    }
  return TRUE;
}

LsDropdown *
ls_mutate_create_dropdown (LsState    *st,
                           JsonObject *body,
                           GError    **error)
{
  static const char *const allowed[] = { "name", "options", "registryId", NULL };
  static const char *const opt_allowed[] = { "name", NULL };
  const char *name, *registry;
  gboolean present;
  JsonArray *options;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  LsDropdown *d;

  if (!only_keys (body, allowed, error))
    return NULL;
  if (!opt_str (body, "name", &present, &name, error))
    return NULL;
  if (name == NULL || *name == '\0')
    return bad (error, "Dropdown name is required."), NULL;
  if (!opt_array (body, "options", &present, &options, error))
    return NULL;
  if (!present)
    return bad (error, "\"options\" is required."), NULL;
  if (!opt_str (body, "registryId", &present, &registry, error))
    return NULL;
  if (registry && g_strcmp0 (registry, st->registry_id) != 0)
    return bad (error, "Registry %s does not exist.", registry), NULL;
  if (dropdown_name_taken (st, name, NULL))
    return bad (error, "A dropdown named \"%s\" already exists.", name), NULL;
  for (guint i = 0; i < json_array_get_length (options); i++)
    {
      JsonNode *n = json_array_get_element (options, i);
      const char *oname;
      if (!JSON_NODE_HOLDS_OBJECT (n))
        return bad (error, "Each option must be an object with a name."), NULL;
      if (!only_keys (json_node_get_object (n), opt_allowed, error))
        return NULL;
      if (!opt_str (json_node_get_object (n), "name", &present, &oname, error))
        return NULL;
      if (oname == NULL)
        return bad (error, "Each option needs a name."), NULL;
      g_ptr_array_add (names, (gpointer) oname);
    }

  d = ls_dropdown_new ();
  d->name = g_strdup (name);
  d->registry_id = g_strdup (st->registry_id);
  for (guint i = 0; i < names->len; i++)
    g_ptr_array_add (d->options, ls_option_new (NULL, g_ptr_array_index (names, i)));
  if (!validate_options (d, error))
    {
      ls_dropdown_free (d);
      return NULL;
    }
  d->id = ls_state_next_id (st, "sfs_");
  for (guint i = 0; i < d->options->len; i++)
    ((LsOption *) g_ptr_array_index (d->options, i))->id = ls_state_next_id (st, "sfso_");
  g_ptr_array_add (st->dropdowns, d);
  ls_state_touch (st);
  return d;
}

static LsOption *
dropdown_find_option (LsDropdown *d,
                      const char *id)
{
  for (guint i = 0; i < d->options->len; i++)
    {
      LsOption *o = g_ptr_array_index (d->options, i);
      if (g_strcmp0 (o->id, id) == 0)
        return o;
    }
  return NULL;
}

/* Replaces d's options with new_opts (takes ownership). */
static void
dropdown_replace_options (LsState    *st,
                          LsDropdown *d,
                          GPtrArray  *new_opts)
{
  for (guint i = 0; i < new_opts->len; i++)
    {
      LsOption *o = g_ptr_array_index (new_opts, i);
      if (o->id == NULL)
        o->id = ls_state_next_id (st, "sfso_");
    }
  g_ptr_array_unref (d->options);
  d->options = new_opts;
  ls_state_touch (st);
}

gboolean
ls_mutate_public_update_dropdown (LsState    *st,
                                  LsDropdown *d,
                                  JsonObject *body,
                                  GError    **error)
{
  static const char *const allowed[] = { "options", NULL };
  static const char *const opt_allowed[] = { "id", "name", NULL };
  JsonArray *options;
  gboolean present;
  g_autoptr(GPtrArray) new_opts = ls_option_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  LsDropdown tmp = { 0 };

  if (!only_keys (body, allowed, error))
    return FALSE;
  if (!opt_array (body, "options", &present, &options, error))
    return FALSE;
  if (!present)
    return bad (error, "\"options\" is required.");

  for (guint i = 0; i < json_array_get_length (options); i++)
    {
      JsonNode *n = json_array_get_element (options, i);
      JsonObject *oo;
      const char *id, *name;
      gboolean p1, p2;
      LsOption *o;

      if (!JSON_NODE_HOLDS_OBJECT (n))
        return bad (error, "Each option must be an object.");
      oo = json_node_get_object (n);
      if (!only_keys (oo, opt_allowed, error) ||
          !opt_str (oo, "id", &p1, &id, error) ||
          !opt_str (oo, "name", &p2, &name, error))
        return FALSE;
      if (name == NULL)
        return bad (error, "Each option needs a name.");
      if (id)
        {
          LsOption *old = dropdown_find_option (d, id);
          if (old == NULL)
            return bad (error, "Option %s does not belong to dropdown %s.", id, d->id);
          if (g_hash_table_contains (seen, id))
            return bad (error, "Option %s is listed twice.", id);
          g_hash_table_add (seen, (gpointer) old->id);
          o = ls_option_copy (old);
          set_str (&o->name, name);
        }
      else
        o = ls_option_new (NULL, name);
      g_ptr_array_add (new_opts, o);
    }
  /* options left out are archived (Benchling's documented behaviour) */
  for (guint i = 0; i < d->options->len; i++)
    {
      LsOption *old = g_ptr_array_index (d->options, i);
      if (!g_hash_table_contains (seen, old->id))
        {
          LsOption *o = ls_option_copy (old);
          if (o->archive_purpose == NULL)
            o->archive_purpose = g_strdup ("Made in error");
          g_ptr_array_add (new_opts, o);
        }
    }
  tmp.name = d->name;
  tmp.options = new_opts;
  if (!validate_options (&tmp, error))
    return FALSE;
  dropdown_replace_options (st, d, g_steal_pointer (&new_opts));
  return TRUE;
}

gboolean
ls_mutate_public_archive_options (LsState    *st,
                                  LsDropdown *d,
                                  JsonObject *body,
                                  gboolean    archive,
                                  GPtrArray  *changed_ids,
                                  GError    **error)
{
  static const char *const allowed_archive[] = { "dropdownOptionIds", "reason", NULL };
  static const char *const allowed_unarchive[] = { "dropdownOptionIds", NULL };
  JsonArray *ids;
  const char *reason = NULL;
  gboolean present;
  g_autoptr(GPtrArray) targets = g_ptr_array_new ();

  if (!only_keys (body, archive ? allowed_archive : allowed_unarchive, error))
    return FALSE;
  if (!opt_array (body, "dropdownOptionIds", &present, &ids, error))
    return FALSE;
  if (!present || json_array_get_length (ids) == 0)
    return bad (error, "\"dropdownOptionIds\" must list at least one option.");
  if (archive)
    {
      if (!opt_str (body, "reason", &present, &reason, error))
        return FALSE;
      if (reason == NULL)
        reason = "Made in error";
      if (g_strcmp0 (reason, "Made in error") != 0 && g_strcmp0 (reason, "Retired") != 0 &&
          g_strcmp0 (reason, "Other") != 0)
        return bad (error, "Invalid archive reason \"%s\". Use \"Made in error\", \"Retired\" or \"Other\".", reason);
    }
  for (guint i = 0; i < json_array_get_length (ids); i++)
    {
      JsonNode *n = json_array_get_element (ids, i);
      const char *id;
      LsOption *o;

      if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
        return bad (error, "\"dropdownOptionIds\" must be an array of strings.");
      id = json_node_get_string (n);
      o = dropdown_find_option (d, id);
      if (o == NULL)
        return bad (error, "Dropdown option %s does not belong to dropdown %s.", id, d->id);
      if (archive && o->archive_purpose != NULL)
        return bad (error, "Dropdown option \"%s\" (%s) is already archived.", o->name, id);
      if (!archive && o->archive_purpose == NULL)
        return bad (error, "Dropdown option \"%s\" (%s) is not archived.", o->name, id);
      g_ptr_array_add (targets, o);
    }
  for (guint i = 0; i < targets->len; i++)
    {
      LsOption *o = g_ptr_array_index (targets, i);
      set_str (&o->archive_purpose, archive ? reason : NULL);
      if (changed_ids)
        g_ptr_array_add (changed_ids, g_strdup (o->id));
    }
  ls_state_touch (st);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Entity schemas                                                      */

static LsField *
new_field (LsState *st)
{
  LsField *f = ls_field_new ();
  f->num_id = (gint64)++ st->field_counter;
  f->api_id = ls_state_next_id (st, "tsf_");
  return f;
}

static gboolean
parse_labeling (JsonArray *arr,
                GPtrArray *out,
                GError   **error)
{
  g_ptr_array_set_size (out, 0);
  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonNode *n = json_array_get_element (arr, i);
      if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
        return bad (error, "\"labelingStrategies\" must be an array of strings.");
      g_ptr_array_add (out, g_strdup (json_node_get_string (n)));
    }
  return TRUE;
}

static gboolean
parse_mixture_config (LsSchema   *s,
                      JsonObject *mo,
                      GError    **error)
{
  if (mo == NULL)
    {
      s->has_mixture_config = FALSE;
      return TRUE;
    }
  s->has_mixture_config = TRUE;
  s->mix_allow_measured = FALSE;
  s->mix_lot_storage = -1;
  s->mix_lot_text = -1;
  return take_bool (mo, "allowMeasuredIngredients", &s->mix_allow_measured, error) &&
         take_bool (mo, "componentLotStorageEnabled", &s->mix_lot_storage, error) &&
         take_bool (mo, "componentLotTextEnabled", &s->mix_lot_text, error);
}

LsSchema *
ls_mutate_alpha_create_schema (LsState    *st,
                               JsonObject *body,
                               GError    **error)
{
  g_autoptr(LsSchema) s = ls_schema_new ();
  g_autoptr(GPtrArray) cmatch = g_ptr_array_new ();
  const char *name, *prefix, *type, *registry, *sql, *folder, *seq;
  gboolean present;
  JsonArray *arr, *fields;
  JsonObject *obj;

  if (!opt_str (body, "name", &present, &name, error) ||
      !opt_str (body, "prefix", &present, &prefix, error) ||
      !opt_str (body, "type", &present, &type, error) ||
      !opt_str (body, "registryId", &present, &registry, error) ||
      !opt_str (body, "sqlIdentifier", &present, &sql, error))
    return NULL;
  if (name == NULL || *name == '\0')
    return bad (error, "\"name\" is required."), NULL;
  if (prefix == NULL)
    return bad (error, "\"prefix\" is required."), NULL;
  if (type == NULL)
    return bad (error, "\"type\" is required."), NULL;
  if (registry == NULL)
    return bad (error, "\"registryId\" is required."), NULL;
  if (g_strcmp0 (registry, st->registry_id) != 0)
    return bad (error, "Registry %s does not exist.", registry), NULL;
  if (!ls_entity_type_to_api (type, &folder, &seq))
    return bad (error, "Invalid entity type \"%s\".", type), NULL;

  s->id = NULL; /* assigned on success */
  s->name = g_strdup (name);
  s->prefix = g_strdup (prefix);
  s->registry_id = g_strdup (registry);
  s->folder_item_type = g_strdup (folder);
  s->sequence_type = g_strdup (seq);
  s->sql_identifier = sql ? g_strdup (sql) : ls_snake_case (name);
  s->modified_at = ls_now_iso8601 ();

  if (!opt_array (body, "labelingStrategies", &present, &arr, error))
    return NULL;
  if (present)
    {
      if (!parse_labeling (arr, s->labeling, error))
        return NULL;
    }
  else
    g_ptr_array_add (s->labeling, g_strdup ("NEW_IDS"));
  if (!opt_object (body, "mixtureSchemaConfig", &present, &obj, error) ||
      !parse_mixture_config (s, obj, error))
    return NULL;
  if (!take_bool (body, "includeRegistryIdInChips", &s->include_registry_id_in_chips, error) ||
      !take_bool (body, "useOrganizationCollectionAliasForDisplayLabel", &s->use_org_alias, error) ||
      !take_bool (body, "showResidues", &s->show_residues, error))
    return NULL;

  if (!opt_array (body, "fields", &present, &fields, error))
    return NULL;
  for (guint i = 0; fields && i < json_array_get_length (fields); i++)
    {
      JsonNode *n = json_array_get_element (fields, i);
      JsonObject *fo, *link, *ts;
      const char *fname, *fsys, *ftype, *dropdown, *unit, *tooltip, *lfolder, *lid;
      const char *ft, *mfolder;
      gboolean p_link, p_lfolder;
      LsField *f;

      if (!JSON_NODE_HOLDS_OBJECT (n))
        return bad (error, "Each field must be an object."), NULL;
      fo = json_node_get_object (n);
      if (!opt_str (fo, "name", &present, &fname, error) ||
          !opt_str (fo, "systemName", &present, &fsys, error) ||
          !opt_str (fo, "fieldType", &present, &ftype, error) ||
          !opt_str (fo, "dropdownId", &present, &dropdown, error) ||
          !opt_str (fo, "unitId", &present, &unit, error) ||
          !opt_str (fo, "tooltipText", &present, &tooltip, error) ||
          !opt_object (fo, "link", &p_link, &link, error))
        return NULL;
      if (fname == NULL)
        return bad (error, "Each field needs a name."), NULL;
      if (ftype == NULL)
        return bad (error, "Field \"%s\" needs a fieldType.", fname), NULL;
      if (!ls_field_type_to_api (ftype, &ft, &mfolder))
        return bad (error, "Field type '%s' is not supported (field \"%s\").", ftype, fname), NULL;
      f = ls_field_new ();
      g_ptr_array_add (s->fields, f);
      f->name = g_strdup (fname);
      f->system_name = fsys ? g_strdup (fsys) : ls_snake_case (fname);
      f->field_type = g_strdup (ft);
      f->folder_item_type = g_strdup (mfolder);
      f->selector_id = g_strdup (dropdown);
      f->unit_id = g_strdup (unit);
      f->tooltip = g_strdup (tooltip);
      if (!take_bool (fo, "isMulti", &f->is_multi, error) ||
          !take_bool (fo, "isRequired", &f->is_required, error) ||
          !take_bool (fo, "isParentLink", &f->is_parent_link, error) ||
          !take_int (fo, "decimalPrecision", &f->decimal_precision, error))
        return NULL;
      if (link)
        {
          if (!opt_str (link, "folderItemType", &p_lfolder, &lfolder, error) ||
              !opt_object (link, "tagSchema", &present, &ts, error))
            return NULL;
          if (lfolder && g_strcmp0 (lfolder, mfolder) != 0)
            return bad (error, "Field \"%s\": link folderItemType '%s' does not match field type %s.",
                        fname, lfolder, ftype), NULL;
          if (ts)
            {
              if (!opt_str (ts, "id", &present, &lid, error))
                return NULL;
              if (lid == NULL)
                return bad (error, "Field \"%s\": link.tagSchema needs an id.", fname), NULL;
              f->link_schema_id = g_strdup (lid);
            }
        }
    }

  if (!opt_object (body, "constraint", &present, &obj, error))
    return NULL;
  if (obj)
    {
      JsonArray *cf;
      if (!opt_array (obj, "fields", &present, &cf, error))
        return NULL;
      s->has_constraint = TRUE;
      if (!take_bool (obj, "hasUniqueResidues", &s->unique_residues, error) ||
          !take_bool (obj, "hasUniqueCanonicalSmiles", &s->unique_canonical_smiles, error) ||
          !take_bool (obj, "areUniqueResiduesCaseSensitive", &s->residues_case_sensitive, error))
        return NULL;
      for (guint i = 0; cf && i < json_array_get_length (cf); i++)
        {
          JsonNode *n = json_array_get_element (cf, i);
          const char *cname = NULL;
          LsField *match = NULL;
          if (JSON_NODE_HOLDS_OBJECT (n) &&
              !opt_str (json_node_get_object (n), "name", &present, &cname, error))
            return NULL;
          for (guint j = 0; cname && j < s->fields->len; j++)
            {
              LsField *f = g_ptr_array_index (s->fields, j);
              if (g_strcmp0 (f->system_name, cname) == 0 || g_strcmp0 (f->name, cname) == 0)
                match = f;
            }
          if (match == NULL)
            return bad (error, "Constraint field \"%s\" is not a field of the new schema.",
                        cname ? cname : "null"), NULL;
          g_ptr_array_add (cmatch, match);
        }
    }

  /* validate with provisional ids; field api ids are needed for constraints */
  s->id = g_strdup ("ts_provisional");
  for (guint i = 0; i < s->fields->len; i++)
    {
      LsField *f = g_ptr_array_index (s->fields, i);
      f->api_id = g_strdup_printf ("tsf_provisional%u", i);
    }
  for (guint i = 0; i < cmatch->len; i++)
    g_ptr_array_add (s->constraint_field_ids, g_strdup (((LsField *) cmatch->pdata[i])->api_id));
  if (!validate_schema (st, s, error))
    return NULL;

  /* commit: real ids */
  g_free (s->id);
  s->id = ls_state_next_id (st, "ts_");
  for (guint i = 0; i < s->fields->len; i++)
    {
      LsField *f = g_ptr_array_index (s->fields, i);
      for (guint j = 0; j < s->constraint_field_ids->len; j++)
        if (g_strcmp0 (s->constraint_field_ids->pdata[j], f->api_id) == 0)
          {
            g_free (s->constraint_field_ids->pdata[j]);
            s->constraint_field_ids->pdata[j] = NULL;
          }
      g_free (f->api_id);
      f->num_id = (gint64)++ st->field_counter;
      f->api_id = ls_state_next_id (st, "tsf_");
      for (guint j = 0; j < s->constraint_field_ids->len; j++)
        if (s->constraint_field_ids->pdata[j] == NULL)
          s->constraint_field_ids->pdata[j] = g_strdup (f->api_id);
    }
  g_ptr_array_add (st->schemas, s);
  st->schema_epoch++;
  ls_state_touch (st);
  return g_steal_pointer (&s);
}

/* --- internal update --- */

static LsField *
find_field_by_num_id (LsSchema *schema,
                      gint64    id)
{
  for (guint i = 0; i < schema->fields->len; i++)
    {
      LsField *f = g_ptr_array_index (schema->fields, i);
      if (f->num_id == id)
        return f;
    }
  return NULL;
}

static gboolean
resolve_tag_schema_ref (LsState    *st,
                        JsonObject *ts,
                        char      **out,
                        GError    **error)
{
  const char *id, *sql;
  gboolean present;
  LsSchema *target = NULL;

  if (!opt_str (ts, "id", &present, &id, error) ||
      !opt_str (ts, "sqlIdentifier", &present, &sql, error))
    return FALSE;
  if (id)
    target = ls_state_find_schema (st, id);
  else if (sql)
    target = ls_state_find_schema_by_sql (st, sql);
  if (target == NULL)
    return bad (error, "Linked entity schema %s does not exist.", id ? id : sql ? sql : "null");
  set_str (out, target->id);
  return TRUE;
}

/* Applies the keys present in fo to f. */
static gboolean
apply_field_keys (LsState    *st,
                  LsField    *f,
                  JsonObject *fo,
                  gboolean    is_new,
                  GError    **error)
{
  const char *v;
  gboolean present;
  JsonObject *obj;
  g_autofree char *old_unit = g_strdup (f->unit_id);

  if (!take_str (fo, "name", &f->name, error) ||
      !take_str (fo, "systemName", &f->system_name, error) ||
      !take_str (fo, "fieldType", &f->field_type, error))
    return FALSE;
  if (!opt_object (fo, "requiredLink", &present, &obj, error))
    return FALSE;
  if (present)
    {
      g_clear_pointer (&f->folder_item_type, g_free);
      g_clear_pointer (&f->link_schema_id, g_free);
      if (obj)
        {
          JsonObject *ts;
          if (!opt_str (obj, "folderItemType", &present, &v, error))
            return FALSE;
          f->folder_item_type = g_strdup (v);
          if (!opt_object (obj, "tagSchema", &present, &ts, error))
            return FALSE;
          if (ts && !resolve_tag_schema_ref (st, ts, &f->link_schema_id, error))
            return FALSE;
        }
    }
  if (!take_str (fo, "schemaFieldSelectorId", &f->selector_id, error) ||
      !take_str (fo, "tooltipText", &f->tooltip, error) ||
      !take_bool (fo, "isMulti", &f->is_multi, error) ||
      !take_bool (fo, "isRequired", &f->is_required, error) ||
      !take_bool (fo, "isParentLink", &f->is_parent_link, error))
    return FALSE;
  if (!opt_str (fo, "unitApiIdentifier", &present, &v, error))
    return FALSE;
  if (present)
    {
      if (!is_new && old_unit != NULL && g_strcmp0 (old_unit, v) != 0)
        return bad (error, "The unit of field \"%s\" cannot be changed once it has been set.", f->name);
      set_str (&f->unit_id, v);
    }
  if (!take_int (fo, "decimalPrecision", &f->decimal_precision, error))
    return FALSE;
  if (!opt_object (fo, "archiveRecord", &present, &obj, error))
    return FALSE;
  if (present)
    {
      if (obj)
        {
          if (is_new)
            return bad (error, "A new field cannot be created archived (\"%s\").", f->name ? f->name : "");
          if (f->archive_purpose == NULL)
            {
              const char *purpose = NULL;
              gboolean p;
              if (!opt_str (obj, "purpose", &p, &purpose, error))
                return FALSE;
              f->archive_purpose = g_strdup (purpose ? purpose : "Made in error");
            }
        }
      else
        g_clear_pointer (&f->archive_purpose, g_free);
    }
  return TRUE;
}

static gboolean
apply_fields_list (LsState   *st,
                   LsSchema  *copy,
                   LsSchema  *orig,
                   JsonArray *arr,
                   GError   **error)
{
  g_autoptr(GPtrArray) new_fields = g_ptr_array_new_with_free_func ((GDestroyNotify) ls_field_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonNode *n = json_array_get_element (arr, i);
      JsonObject *fo;
      JsonNode *idn;
      LsField *existing = NULL, *f;
      gboolean is_new;

      if (!JSON_NODE_HOLDS_OBJECT (n))
        return bad (error, "Each element of \"fields\" must be an object.");
      fo = json_node_get_object (n);
      idn = json_object_has_member (fo, "id") ? json_object_get_member (fo, "id") : NULL;
      if (idn && !JSON_NODE_HOLDS_NULL (idn))
        {
          if (!JSON_NODE_HOLDS_VALUE (idn) || json_node_get_value_type (idn) != G_TYPE_INT64)
            return bad (error, "Field \"id\" must be the integer id of an existing field.");
          existing = find_field_by_num_id (orig, json_node_get_int (idn));
          if (existing == NULL)
            return bad (error, "Field with id %" G_GINT64_FORMAT " does not exist on schema \"%s\".",
                        json_node_get_int (idn), orig->name);
        }
      else
        {
          const char *api_id = NULL;
          gboolean present;
          if (!opt_str (fo, "apiId", &present, &api_id, error))
            return FALSE;
          if (api_id)
            {
              existing = find_field_by_api_id (orig, api_id);
              if (existing == NULL)
                return bad (error, "Field %s does not exist on schema \"%s\".", api_id, orig->name);
            }
        }
      is_new = existing == NULL;
      if (existing)
        {
          if (g_hash_table_contains (seen, &existing->num_id))
            return bad (error, "Field \"%s\" is listed more than once.", existing->name);
          g_hash_table_add (seen, &existing->num_id);
          f = ls_field_copy (existing);
        }
      else
        {
          if (!json_object_has_member (fo, "fieldType") || !json_object_has_member (fo, "name") ||
              !json_object_has_member (fo, "systemName"))
            return bad (error, "A new field needs fieldType, name and systemName.");
          f = new_field (st);
        }
      g_ptr_array_add (new_fields, f);
      if (!apply_field_keys (st, f, fo, is_new, error))
        return FALSE;
    }
  for (guint i = 0; i < orig->fields->len; i++)
    {
      LsField *f = g_ptr_array_index (orig->fields, i);
      if (!g_hash_table_contains (seen, &f->num_id))
        return bad (error, "Field \"%s\" (%s) is missing from the fields list. Fields cannot be "
                    "deleted; send every field and archive the ones you no longer want.",
                    f->name, f->system_name);
    }
  g_ptr_array_unref (copy->fields);
  copy->fields = g_steal_pointer (&new_fields);
  return TRUE;
}

static gboolean
apply_constraint (LsSchema   *s,
                  JsonObject *co,
                  GError    **error)
{
  JsonArray *cf;
  gboolean present;

  g_ptr_array_set_size (s->constraint_field_ids, 0);
  s->has_constraint = co != NULL;
  s->unique_residues = s->unique_canonical_smiles = s->residues_case_sensitive = FALSE;
  if (co == NULL)
    return TRUE;
  if (!take_bool (co, "uniqueResidues", &s->unique_residues, error) ||
      !take_bool (co, "uniqueCanonicalSmiles", &s->unique_canonical_smiles, error) ||
      !take_bool (co, "areUniqueResiduesCaseSensitive", &s->residues_case_sensitive, error))
    return FALSE;
  if (!opt_array (co, "fields", &present, &cf, error))
    return FALSE;
  for (guint i = 0; cf && i < json_array_get_length (cf); i++)
    {
      JsonNode *n = json_array_get_element (cf, i);
      JsonObject *fo;
      const char *api_id = NULL, *sys = NULL;
      LsField *match = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (n))
        return bad (error, "Constraint fields must be field objects.");
      fo = json_node_get_object (n);
      if (!opt_str (fo, "apiId", &present, &api_id, error) ||
          !opt_str (fo, "systemName", &present, &sys, error))
        return FALSE;
      for (guint j = 0; j < s->fields->len; j++)
        {
          LsField *f = g_ptr_array_index (s->fields, j);
          if ((api_id && g_strcmp0 (f->api_id, api_id) == 0) ||
              (!api_id && sys && g_strcmp0 (f->system_name, sys) == 0))
            match = f;
        }
      if (match == NULL || match->archive_purpose)
        return bad (error, "Constraint field %s is not an active field of schema \"%s\".",
                    api_id ? api_id : sys ? sys : "null", s->name);
      g_ptr_array_add (s->constraint_field_ids, g_strdup (match->api_id));
    }
  return TRUE;
}

LsSchema *
ls_mutate_prepare_schema_update (LsState    *st,
                                 LsSchema   *orig,
                                 JsonObject *body,
                                 GError    **error)
{
  g_autoptr(LsSchema) s = ls_schema_copy (orig);
  gboolean present, p_folder, p_seq;
  const char *folder = NULL, *seq = NULL;
  JsonArray *arr;
  JsonObject *obj;

  if (json_object_get_size (body) == 0)
    return bad (error, "The update is empty."), NULL;
  if (!take_str (body, "name", &s->name, error) ||
      !take_str (body, "sqlIdentifier", &s->sql_identifier, error) ||
      !take_str (body, "prefix", &s->prefix, error))
    return NULL;
  if (!opt_str (body, "folderItemType", &p_folder, &folder, error) ||
      !opt_str (body, "sequenceType", &p_seq, &seq, error))
    return NULL;
  if (p_folder)
    {
      set_str (&s->folder_item_type, folder);
      set_str (&s->sequence_type, seq);
    }
  else if (p_seq)
    set_str (&s->sequence_type, seq);
  if (!opt_array (body, "labelingStrategies", &present, &arr, error))
    return NULL;
  if (present && !parse_labeling (arr, s->labeling, error))
    return NULL;
  if (!opt_object (body, "mixtureSchemaConfig", &present, &obj, error))
    return NULL;
  if (present && !parse_mixture_config (s, obj, error))
    return NULL;
  if (!take_bool (body, "useOrganizationCollectionAliasForDisplayLabel", &s->use_org_alias, error) ||
      !take_bool (body, "includeRegistryIdInChips", &s->include_registry_id_in_chips, error) ||
      !take_bool (body, "showResidues", &s->show_residues, error) ||
      !take_bool (body, "shouldCreateAsOligo", &s->should_create_as_oligo, error))
    return NULL;
  if (!opt_array (body, "fields", &present, &arr, error))
    return NULL;
  if (present && !apply_fields_list (st, s, orig, arr, error))
    return NULL;
  if (!opt_object (body, "constraint", &present, &obj, error))
    return NULL;
  if (present && !apply_constraint (s, obj, error))
    return NULL;
  if (!validate_schema (st, s, error))
    return NULL;
  return g_steal_pointer (&s);
}

gboolean
ls_mutate_validate_schema (LsState  *st,
                           LsSchema *schema,
                           GError  **error)
{
  return validate_schema (st, schema, error);
}

void
ls_mutate_commit_schema (LsState  *st,
                         LsSchema *updated)
{
  for (guint i = 0; i < st->schemas->len; i++)
    {
      LsSchema *s = g_ptr_array_index (st->schemas, i);
      if (g_strcmp0 (s->id, updated->id) == 0)
        {
          g_free (updated->modified_at);
          updated->modified_at = ls_now_iso8601 ();
          st->schemas->pdata[i] = updated;
          ls_schema_free (s);
          st->schema_epoch++;
          ls_state_touch (st);
          return;
        }
    }
  g_ptr_array_add (st->schemas, updated);
  st->schema_epoch++;
  ls_state_touch (st);
}

gboolean
ls_mutate_set_name_template (LsState    *st,
                             LsSchema   *orig,
                             JsonObject *body,
                             GError    **error)
{
  g_autoptr(LsSchema) s = ls_schema_copy (orig);
  JsonArray *arr;
  gboolean present;

  if (!opt_array (body, "nameTemplateParts", &present, &arr, error))
    return FALSE;
  if (present)
    {
      g_ptr_array_set_size (s->name_parts, 0);
      for (guint i = 0; i < json_array_get_length (arr); i++)
        {
          JsonNode *n = json_array_get_element (arr, i);
          JsonObject *po;
          const char *type, *field_id, *text, *fmt;
          gboolean p;

          if (!JSON_NODE_HOLDS_OBJECT (n))
            return bad (error, "Each name template part must be an object.");
          po = json_node_get_object (n);
          if (!opt_str (po, "type", &p, &type, error) ||
              !opt_str (po, "fieldId", &p, &field_id, error) ||
              !opt_str (po, "text", &p, &text, error) ||
              !opt_str (po, "datetimeFormat", &p, &fmt, error))
            return FALSE;
          g_ptr_array_add (s->name_parts, ls_name_part_new (type, field_id, text, fmt));
        }
    }
  if (!take_bool (body, "shouldOrderNamePartsBySequence", &s->order_name_parts_by_sequence, error))
    return FALSE;
  if (!validate_schema (st, s, error))
    return FALSE;
  ls_mutate_commit_schema (st, g_steal_pointer (&s));
  return TRUE;
}

static gboolean
parse_ids (JsonObject *body,
           GPtrArray  *out,
           GError    **error)
{
  JsonArray *ids;
  gboolean present;

  if (!opt_array (body, "ids", &present, &ids, error))
    return FALSE;
  if (!present || json_array_get_length (ids) == 0)
    return bad (error, "\"ids\" must list at least one id.");
  for (guint i = 0; i < json_array_get_length (ids); i++)
    {
      JsonNode *n = json_array_get_element (ids, i);
      if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
        return bad (error, "\"ids\" must be an array of strings.");
      g_ptr_array_add (out, (gpointer) json_node_get_string (n));
    }
  return TRUE;
}

static gboolean
parse_purpose (JsonObject  *body,
               gboolean     archive,
               const char **purpose,
               GError     **error)
{
  gboolean present;

  *purpose = NULL;
  if (!archive)
    return TRUE;
  if (!opt_str (body, "purpose", &present, purpose, error))
    return FALSE;
  if (*purpose == NULL)
    return bad (error, "\"purpose\" is required to archive.");
  if (!g_strv_contains (archive_reasons, *purpose))
    return bad (error, "Invalid archive purpose \"%s\".", *purpose);
  return TRUE;
}

typedef gpointer (*ArchivableFind) (LsState    *st,
                                    const char *id);

/* What bulk (un)archival needs to know about one kind of item: how to
 * find it, and where its char* id, name and archive purpose are. */
typedef struct
{
  const char    *what;                 /* "Entity schema", "Dropdown" */
  ArchivableFind find;
  glong          id;                   /* G_STRUCT_OFFSET of the members */
  glong          name;
  glong          purpose;
  void (*archived)(gpointer item);            /* after the change; may be NULL */
} Archivable;

#define ITEM_STR(item, offset) G_STRUCT_MEMBER (char *, (item), (offset))

static gboolean
bulk_archive (LsState          *st,
              const Archivable *kind,
              JsonObject       *body,
              gboolean          archive,
              GPtrArray        *changed,
              GError          **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GPtrArray) targets = g_ptr_array_new ();
  const char *purpose;

  if (!parse_ids (body, ids, error) || !parse_purpose (body, archive, &purpose, error))
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      gpointer item = kind->find (st, g_ptr_array_index (ids, i));

      if (item == NULL)
        return bad (error, "%s %s does not exist.", kind->what, (const char *) g_ptr_array_index (ids, i));
      if (archive && ITEM_STR (item, kind->purpose))
        return bad (error, "%s \"%s\" is already archived.", kind->what, ITEM_STR (item, kind->name));
      if (!archive && ITEM_STR (item, kind->purpose) == NULL)
        return bad (error, "%s \"%s\" is not archived.", kind->what, ITEM_STR (item, kind->name));
      g_ptr_array_add (targets, item);
    }
  for (guint i = 0; i < targets->len; i++)
    {
      gpointer item = g_ptr_array_index (targets, i);

      set_str (&ITEM_STR (item, kind->purpose), purpose);
      if (kind->archived)
        kind->archived (item);
      if (changed)
        g_ptr_array_add (changed, g_strdup (ITEM_STR (item, kind->id)));
    }
  ls_state_touch (st);
  return TRUE;
}

static void
schema_archived (gpointer item)
{
  LsSchema *s = item;

  g_free (s->modified_at);
  s->modified_at = ls_now_iso8601 ();
  g_clear_pointer (&s->json_cache, g_bytes_unref);
}

static const Archivable schemas_archivable = {
  "Entity schema",
  (ArchivableFind) ls_state_find_schema,
  G_STRUCT_OFFSET (LsSchema, id),
  G_STRUCT_OFFSET (LsSchema, name),
  G_STRUCT_OFFSET (LsSchema, archive_purpose),
  schema_archived,
};

static const Archivable selectors_archivable = {
  "Dropdown",
  (ArchivableFind) ls_state_find_dropdown,
  G_STRUCT_OFFSET (LsDropdown, id),
  G_STRUCT_OFFSET (LsDropdown, name),
  G_STRUCT_OFFSET (LsDropdown, archive_purpose),
  NULL,
};

gboolean
ls_mutate_bulk_archive_schemas (LsState    *st,
                                JsonObject *body,
                                gboolean    archive,
                                GPtrArray  *changed,
                                GError    **error)
{
  if (!bulk_archive (st, &schemas_archivable, body, archive, changed, error))
    return FALSE;
  st->schema_epoch++;
  return TRUE;
}

gboolean
ls_mutate_bulk_archive_selectors (LsState    *st,
                                  JsonObject *body,
                                  gboolean    archive,
                                  GPtrArray  *changed,
                                  GError    **error)
{
  return bulk_archive (st, &selectors_archivable, body, archive, changed, error);
}

gboolean
ls_mutate_patch_selector (LsState    *st,
                          LsDropdown *d,
                          JsonObject *body,
                          GString   **confirm,
                          GError    **error)
{
  const char *name;
  gboolean p_name, p_opts, present;
  JsonArray *arr;
  JsonObject *confirmed;
  const char *confirmed_id = NULL;
  g_autoptr(GPtrArray) new_opts = ls_option_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  LsDropdown tmp = { 0 };

  *confirm = NULL;
  if (!opt_str (body, "name", &p_name, &name, error) ||
      !opt_array (body, "schemaFieldSelectorOptions", &p_opts, &arr, error) ||
      !opt_object (body, "selectorOptionToUpdate", &present, &confirmed, error))
    return FALSE;
  if (!p_name && !p_opts)
    return bad (error, "Nothing to update: send \"name\" or \"schemaFieldSelectorOptions\".");
  if (p_name)
    {
      if (name == NULL || *name == '\0')
        return bad (error, "Dropdown name cannot be empty.");
      if (dropdown_name_taken (st, name, d->id))
        return bad (error, "A dropdown named \"%s\" already exists.", name);
    }
  if (confirmed && !opt_str (confirmed, "id", &present, &confirmed_id, error))
    return FALSE;

  if (p_opts)
    {
      for (guint i = 0; i < json_array_get_length (arr); i++)
        {
          JsonNode *n = json_array_get_element (arr, i);
          JsonObject *oo, *ar;
          const char *id, *oname;
          gboolean p_ar;
          LsOption *o, *old = NULL;

          if (!JSON_NODE_HOLDS_OBJECT (n))
            return bad (error, "Each option must be an object.");
          oo = json_node_get_object (n);
          if (!opt_str (oo, "id", &present, &id, error) ||
              !opt_str (oo, "name", &present, &oname, error) ||
              !opt_object (oo, "archiveRecord", &p_ar, &ar, error))
            return FALSE;
          if (oname == NULL)
            return bad (error, "Each option needs a name.");
          if (id)
            {
              old = dropdown_find_option (d, id);
              if (old == NULL)
                return bad (error, "Option %s does not belong to dropdown \"%s\".", id, d->name);
              if (g_hash_table_contains (seen, id))
                return bad (error, "Option %s is listed twice.", id);
              g_hash_table_add (seen, old->id);
              o = ls_option_copy (old);
              set_str (&o->name, oname);
            }
          else
            {
              if (ar)
                return bad (error, "A new option cannot be created archived (\"%s\").", oname);
              o = ls_option_new (NULL, oname);
            }
          g_ptr_array_add (new_opts, o);
          if (p_ar)
            {
              if (ar == NULL)
                g_clear_pointer (&o->archive_purpose, g_free);
              else if (o->archive_purpose == NULL)
                {
                  const char *purpose = NULL;
                  gboolean pp;
                  if (!opt_str (ar, "purpose", &pp, &purpose, error))
                    return FALSE;
                  if (purpose == NULL && !opt_str (ar, "reason", &pp, &purpose, error))
                    return FALSE;
                  o->archive_purpose = g_strdup (purpose ? purpose : "Made in error");
                }
            }
          if (old && old->num_linked > 0 && *confirm == NULL &&
              g_strcmp0 (confirmed_id, old->id) != 0)
            {
              gboolean archiving = old->archive_purpose == NULL && o->archive_purpose != NULL;
              gboolean renaming = g_strcmp0 (old->name, o->name) != 0;
              if (archiving || renaming)
                {
                  GString *c = g_string_new ("{");
                  lsj_kstr (c, "id", old->id);
                  lsj_kstr (c, "name", old->name);
                  lsj_kint (c, "numLinkedTags", old->num_linked);
                  if (renaming)
                    lsj_kstr (c, "newName", o->name);
                  g_string_append_c (c, '}');
                  *confirm = c;
                }
            }
        }
      for (guint i = 0; i < d->options->len; i++)
        {
          LsOption *old = g_ptr_array_index (d->options, i);
          if (!g_hash_table_contains (seen, old->id))
            {
              if (*confirm)
                g_string_free (g_steal_pointer (confirm), TRUE);
              return bad (error, "Option \"%s\" (%s) is missing from the options list. Options "
                          "cannot be deleted; send every option and archive the ones you no longer want.",
                          old->name, old->id);
            }
        }
      tmp.name = d->name;
      tmp.options = new_opts;
      if (!validate_options (&tmp, error))
        {
          if (*confirm)
            g_string_free (g_steal_pointer (confirm), TRUE);
          return FALSE;
        }
      if (*confirm)
        return FALSE; /* needs confirmation, nothing applied */
    }

  if (p_name)
    set_str (&d->name, name);
  if (p_opts)
    dropdown_replace_options (st, d, g_steal_pointer (&new_opts));
  ls_state_touch (st);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Field-level helpers (demo replay)                                   */

static gint
field_index (LsSchema   *s,
             const char *system_name)
{
  for (guint i = 0; i < s->fields->len; i++)
    if (g_strcmp0 (((LsField *) g_ptr_array_index (s->fields, i))->system_name, system_name) == 0)
      return (gint) i;
  return -1;
}

static void
move_field (LsSchema *s,
            gint      from,
            gint      to)
{
  LsField *f;

  if (to < 0 || from == to)
    return;
  f = g_ptr_array_steal_index (s->fields, (guint) from);
  if ((guint) to > s->fields->len)
    to = (gint) s->fields->len;
  g_ptr_array_insert (s->fields, to, f);
}

gboolean
ls_mutate_update_field (LsState    *st,
                        LsSchema   *orig,
                        const char *system_name,
                        JsonObject *keys,
                        gint        move_to,
                        GError    **error)
{
  g_autoptr(LsSchema) s = ls_schema_copy (orig);
  gint i = field_index (s, system_name);

  if (i < 0)
    return bad (error, "Field %s does not exist on entity schema %s.", system_name, s->sql_identifier);
  if (keys && !apply_field_keys (st, g_ptr_array_index (s->fields, i), keys, FALSE, error))
    return FALSE;
  move_field (s, i, move_to);
  if (!validate_schema (st, s, error))
    return FALSE;
  ls_mutate_commit_schema (st, g_steal_pointer (&s));
  return TRUE;
}

gboolean
ls_mutate_insert_field (LsState    *st,
                        LsSchema   *orig,
                        JsonObject *field,
                        gint        index,
                        GError    **error)
{
  g_autoptr(LsSchema) s = ls_schema_copy (orig);
  LsField *f = new_field (st);

  g_ptr_array_add (s->fields, f);
  if (!apply_field_keys (st, f, field, TRUE, error))
    return FALSE;
  move_field (s, (gint) s->fields->len - 1, index);
  if (!validate_schema (st, s, error))
    return FALSE;
  ls_mutate_commit_schema (st, g_steal_pointer (&s));
  return TRUE;
}

gboolean
ls_mutate_reorder_fields (LsState           *st,
                          LsSchema          *orig,
                          const char *const *order,
                          GError           **error)
{
  g_autoptr(LsSchema) s = ls_schema_copy (orig);
  guint pos = 0;

  for (guint k = 0; order[k]; k++)
    {
      gint i = field_index (s, order[k]);
      if (i < 0)
        return bad (error, "Field %s does not exist on entity schema %s.", order[k], s->sql_identifier);
      move_field (s, i, (gint) pos++);
    }
  if (!validate_schema (st, s, error))
    return FALSE;
  ls_mutate_commit_schema (st, g_steal_pointer (&s));
  return TRUE;
}
