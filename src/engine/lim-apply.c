/* lim-apply.c — the 18 operations on a LimSnapshot (§4, §7.3–7.4).
 *
 * Every operation is first turned into a Plan: the checks Liminal runs in
 * execute() against the remote, and the resulting new state (the new option
 * list, the new allFields list, the update body…).  Requests and model
 * mutation are both derived from the same Plan, so what we send and what we
 * believe the tenant looks like afterwards cannot drift apart.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lim-apply.h"
#include "lim-revision.h"

G_DEFINE_QUARK (lim-apply-error-quark, lim_apply_error)

#define MADE_IN_ERROR "Made in error"

/* How Python prints an optional string. */
#define PY(s) ((s) ? (s) : "None")

/* ---------------------------------------------------------------- errors */

static void G_GNUC_PRINTF (4, 5)
fail (GError **error, const LimOperation *op, int code, const char *format, ...)
{
  g_autofree char *describe = NULL;
  g_autofree char *text = NULL;
  va_list args;
  gsize len;

  if (error == NULL)
    return;
  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  describe = lim_operation_describe (op);
  len = strlen (describe);
  if (len > 0 && describe[len - 1] == '.')
    describe[len - 1] = '\0';
  g_set_error (error, LIM_APPLY_ERROR, code, "%s: %s", describe, text);
}

#define FAIL_EXEC(...) fail (error, op, LIM_APPLY_ERROR_EXECUTE, __VA_ARGS__)
#define FAIL_VALID(...) fail (error, op, LIM_APPLY_ERROR_VALIDATE, __VA_ARGS__)

const char *
lim_apply_state_to_string (LimApplyState state)
{
  switch (state)
    {
    case LIM_APPLY_STATE_NOT_APPLIED:
      return "not-applied";
    case LIM_APPLY_STATE_APPLIED:
      return "applied";
    case LIM_APPLY_STATE_UNKNOWN:
      return "unknown";
    default:
      return "invalid";
    }
}

/* ---------------------------------------------------------------- requests */

void
lim_request_free (LimRequest *req)
{
  if (req == NULL)
    return;
  g_free (req->method);
  g_free (req->path);
  if (req->body)
    json_node_unref (req->body);
  g_free (req);
}

static LimRequest *
request_new (const char *method, LimRealm realm, JsonObject *body, const char *path_format, ...) G_GNUC_PRINTF (4, 5);

static LimRequest *
request_new (const char *method, LimRealm realm, JsonObject *body, const char *path_format, ...)
{
  LimRequest *req = g_new0 (LimRequest, 1);
  va_list args;

  req->method = g_strdup (method);
  req->realm = realm;
  va_start (args, path_format);
  req->path = g_strdup_vprintf (path_format, args);
  va_end (args);
  req->body = json_node_init_object (json_node_alloc (), body);
  json_object_unref (body);
  return req;
}

LimRequest *
lim_request_confirmation (const LimRequest *req, JsonNode *option_to_update)
{
  JsonObject *body = lim_json_object_copy (json_node_get_object (req->body));
  LimRequest *copy;

  json_object_set_member (body, "selectorOptionToUpdate", json_node_copy (option_to_update));
  copy = request_new (req->method, req->realm, body, "%s", req->path);
  copy->polls_status = req->polls_status;
  copy->may_need_confirmation = FALSE;
  return copy;
}

char *
lim_request_to_string (const LimRequest *req)
{
  g_autofree char *body = json_to_string (req->body, FALSE);
  return g_strdup_printf ("%s %s %s", req->method, req->path, body);
}

/* ---------------------------------------------------------------- JSON bits */

static JsonNode *
str_or_null (const char *s)
{
  JsonNode *n = json_node_alloc ();
  return s ? json_node_init_string (n, s) : json_node_init_null (n);
}

static JsonNode *
tri_node (LimTri t)
{
  JsonNode *n = json_node_alloc ();
  return t == LIM_TRI_NONE ? json_node_init_null (n) : json_node_init_boolean (n, t == LIM_TRI_TRUE);
}

/* A set bool/int/str prop as JSON (null when None). */
static JsonNode *
prop_bool_node (const LimProps *p, guint key)
{
  if (!lim_props_is_set (p, key) || lim_props_is_none (p, key))
    return json_node_init_null (json_node_alloc ());
  return json_node_init_boolean (json_node_alloc (), lim_props_get_bool (p, key));
}

static JsonNode *
prop_int_node (const LimProps *p, guint key)
{
  if (!lim_props_is_set (p, key) || lim_props_is_none (p, key))
    return json_node_init_null (json_node_alloc ());
  return json_node_init_int (json_node_alloc (), lim_props_get_int (p, key));
}

static JsonNode *
mixture_node (const LimProps *p, guint key)
{
  const LimMixtureConfig *m = lim_props_get_mixture (p, key);
  JsonObject *o;

  if (!lim_props_is_set (p, key) || lim_props_is_none (p, key) || m == NULL)
    return json_node_init_null (json_node_alloc ());
  o = json_object_new ();
  json_object_set_member (o, "allowMeasuredIngredients", tri_node (m->allow_measured_ingredients));
  json_object_set_member (o, "componentLotStorageEnabled", tri_node (m->component_lot_storage_enabled));
  json_object_set_member (o, "componentLotTextEnabled", tri_node (m->component_lot_text_enabled));
  return json_node_init_object (json_node_alloc (), o);
}

static JsonArray *
strv_array (GPtrArray *set)
{
  JsonArray *arr = json_array_new ();
  for (guint i = 0; set && i < set->len; i++)
    json_array_add_string_element (arr, g_ptr_array_index (set, i));
  return arr;
}

static JsonObject *
obj_member (JsonObject *o, const char *key)
{
  JsonNode *n = o ? json_object_get_member (o, key) : NULL;
  return n && JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
}

static JsonArray *
arr_member (JsonObject *o, const char *key)
{
  JsonNode *n = o ? json_object_get_member (o, key) : NULL;
  return n && JSON_NODE_HOLDS_ARRAY (n) ? json_node_get_array (n) : NULL;
}

static JsonObject *
archive_record (void)
{
  JsonObject *o = json_object_new ();
  json_object_set_string_member (o, "purpose", MADE_IN_ERROR);
  return o;
}

static JsonObject *
ids_body (const char *id, gboolean with_purpose)
{
  JsonObject *o = json_object_new ();
  JsonArray *ids = json_array_new ();
  json_array_add_string_element (ids, id);
  json_object_set_array_member (o, "ids", ids);
  if (with_purpose)
    json_object_set_string_member (o, "purpose", MADE_IN_ERROR);
  return o;
}

/* Python's list.insert(index, x) position. */
static guint
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

/* ---------------------------------------------------------------- lookups with Liminal's errors */

static const LimSnapshotSchema *
get_schema (const LimOperation *op, LimSnapshot *model, const char *wh, GError **error)
{
  const LimSnapshotSchema *s = lim_snapshot_lookup_schema (model, wh);
  if (s == NULL && lim_snapshot_get_invalid_schema (model, wh))
    FAIL_EXEC ("%s", lim_snapshot_get_invalid_schema (model, wh));
  else if (s == NULL)
    FAIL_EXEC ("Schema %s not found in Benchling %s.", wh, lim_snapshot_get_tenant_name (model));
  return s;
}

static const LimSnapshotDropdown *
get_dropdown (const LimOperation *op, LimSnapshot *model, const char *name, GError **error)
{
  const LimSnapshotDropdown *d = lim_snapshot_lookup_dropdown (model, name);
  if (d == NULL)
    FAIL_EXEC ("Dropdown %s not found in Benchling %s.", name, lim_snapshot_get_tenant_name (model));
  return d;
}

static const LimSnapshotDropdown *
get_dropdown_summary (const LimOperation *op, LimSnapshot *model, const char *name, GError **error)
{
  const LimSnapshotDropdown *d = lim_snapshot_lookup_dropdown_first (model, name);
  if (d == NULL)
    FAIL_EXEC ("Dropdown %s not found in given list.", name);
  return d;
}

static const char *
get_unit_id (const LimOperation *op, LimSnapshot *model, const char *unit, GError **error)
{
  const char *id = lim_snapshot_unit_id (model, unit);
  if (id == NULL)
    FAIL_EXEC ("Unit %s not found in Benchling Unit Dictionary. Please check the field definition or your Unit Dictionary.", unit);
  return id;
}

static gboolean
schema_list_has (LimSnapshot *model, const char *key, const char *value)
{
  return lim_snapshot_any_schema_has (model, key, value);
}

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
  OptionRecord    record;
} PlanOption;

typedef struct
{
  JsonObject *json;         /* owned; the field's TagField JSON after the op */
  gboolean    is_new;
  gboolean    provisional;
} PlanField;

typedef struct
{
  PlanKind                kind;
  const LimSnapshotDropdown *dropdown;
  const LimSnapshotSchema   *schema;
  GPtrArray              *options;  /* PlanOption* */
  gboolean                confirm;
  GPtrArray              *fields;   /* PlanField* */
  JsonObject             *body;     /* owned request body */
  JsonObject             *created;  /* CREATE_SCHEMA: the TagSchema to add */
  char                   *new_name;
} Plan;

static void
plan_option_free (gpointer data)
{
  PlanOption *po = data;
  lim_snapshot_option_free (po->option);
  g_free (po);
}

static void
plan_field_free (gpointer data)
{
  PlanField *pf = data;
  json_object_unref (pf->json);
  g_free (pf);
}

static void
plan_clear (Plan *plan)
{
  g_clear_pointer (&plan->options, g_ptr_array_unref);
  g_clear_pointer (&plan->fields, g_ptr_array_unref);
  g_clear_pointer (&plan->body, json_object_unref);
  g_clear_pointer (&plan->created, json_object_unref);
  g_clear_pointer (&plan->new_name, g_free);
}

static void
plan_add_option (Plan *plan, const LimSnapshotOption *o, OptionRecord record)
{
  PlanOption *po = g_new0 (PlanOption, 1);
  po->option = lim_snapshot_option_new (o->id, o->name, o->archive_purpose);
  po->option->archived = o->archived;
  po->option->provisional = o->provisional;
  po->record = record;
  g_ptr_array_add (plan->options, po);
}

static void
plan_options_begin (Plan *plan, const LimSnapshotDropdown *d)
{
  plan->kind = PLAN_OPTIONS;
  plan->dropdown = d;
  plan->options = g_ptr_array_new_with_free_func (plan_option_free);
}

static void
plan_fields_begin (Plan *plan, const LimSnapshotSchema *s)
{
  plan->kind = PLAN_FIELDS;
  plan->schema = s;
  plan->fields = g_ptr_array_new_with_free_func (plan_field_free);
  for (guint i = 0; i < s->fields->len; i++)
    {
      const LimSnapshotField *f = g_ptr_array_index (s->fields, i);
      PlanField *pf = g_new0 (PlanField, 1);
      pf->json = lim_json_object_copy (f->json);
      pf->provisional = f->provisional;
      g_ptr_array_add (plan->fields, pf);
    }
}

static gint
plan_find_field (Plan *plan, const char *wh)
{
  for (guint i = 0; i < plan->fields->len; i++)
    {
      PlanField *pf = g_ptr_array_index (plan->fields, i);
      if (g_strcmp0 (lim_json_get_string (pf->json, "systemName"), wh) == 0)
        return i;
    }
  return -1;
}

static const char *
field_wh (const LimSnapshotField *f)
{
  return lim_snapshot_field_get_warehouse_name (f);
}

/* ----- CreateDropdown and friends */

static gboolean
option_names_equal (const LimSnapshotDropdown *d, GPtrArray *names)
{
  if (names == NULL || d->options->len != names->len)
    return d->options->len == (names ? names->len : 0);
  for (guint i = 0; i < names->len; i++)
    if (g_strcmp0 (((LimSnapshotOption *) g_ptr_array_index (d->options, i))->name, g_ptr_array_index (names, i)) != 0)
      return FALSE;
  return TRUE;
}

static gboolean
plan_unarchive_dropdown (const LimOperation *op, LimSnapshot *model, const char *name, Plan *plan, GError **error)
{
  const LimSnapshotDropdown *d = get_dropdown (op, model, name, error);
  if (d == NULL)
    return FALSE;
  if (!d->archived)
    {
      FAIL_EXEC ("Dropdown %s is already active.", name);
      return FALSE;
    }
  plan->kind = PLAN_UNARCHIVE_DROPDOWN;
  plan->dropdown = d;
  plan->body = ids_body (d->id, FALSE);
  return TRUE;
}

static gboolean
plan_create_dropdown (const LimOperation *op, LimSnapshot *model, Plan *plan, GError **error)
{
  const char *name = op->args[0].s;
  GPtrArray *opts = op->args[1].strv;
  const LimSnapshotDropdown *d = lim_snapshot_lookup_dropdown (model, name);

  if (d == NULL)
    {
      JsonObject *body = json_object_new ();
      JsonArray *arr = json_array_new ();
      for (guint i = 0; opts && i < opts->len; i++)
        {
          JsonObject *o = json_object_new ();
          json_object_set_string_member (o, "name", g_ptr_array_index (opts, i));
          json_array_add_object_element (arr, o);
        }
      json_object_set_string_member (body, "name", name);
      json_object_set_array_member (body, "options", arr);
      json_object_set_string_member (body, "registryId", lim_snapshot_get_registry_id (model));
      plan->kind = PLAN_CREATE_DROPDOWN;
      plan->body = body;
      return TRUE;
    }
  if (!d->archived)
    {
      FAIL_EXEC ("Dropdown %s is already active", name);
      return FALSE;
    }
  if (!option_names_equal (d, opts))
    {
      FAIL_EXEC ("Dropdown %s is different in code versus Benchling.", name);
      return FALSE;
    }
  return plan_unarchive_dropdown (op, model, name, plan, error);
}

static OptionRecord
record_as_read (const LimSnapshotOption *o)
{
  return o->archived ? REC_REASON : REC_ABSENT;
}

static gboolean
plan_create_option (const LimOperation *op, LimSnapshot *model, Plan *plan, GError **error)
{
  const char *option = op->args[1].s;
  const LimSnapshotDropdown *d = get_dropdown (op, model, op->args[0].s, error);
  gint existing = -1;
  guint pos;

  if (d == NULL)
    return FALSE;
  plan_options_begin (plan, d);
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < d->options->len; i++)
      {
        const LimSnapshotOption *o = g_ptr_array_index (d->options, i);
        if (o->archived == (pass == 1))
          plan_add_option (plan, o, record_as_read (o));
      }
  for (guint i = 0; i < plan->options->len && existing < 0; i++)
    {
      PlanOption *po = g_ptr_array_index (plan->options, i);
      if (g_strcmp0 (po->option->name, option) == 0 && po->option->id != NULL)
        existing = i;
    }
  if (existing >= 0)
    {
      PlanOption *po = g_ptr_array_index (plan->options, existing);
      if (!po->option->archived)
        {
          /* Liminal logs "Option O on dropdown N already exists and is
           * active in Benchling. Execution will be skipped." */
          plan_clear (plan);
          plan->kind = PLAN_SKIP;
          return TRUE;
        }
      po->option->archived = FALSE;
      g_clear_pointer (&po->option->archive_purpose, g_free);
      po->record = REC_NULL;
      g_ptr_array_steal_index (plan->options, existing);
      pos = py_insert_pos (op->args[2].has_index, op->args[2].index, plan->options->len);
      g_ptr_array_insert (plan->options, pos, po);
    }
  else
    {
      PlanOption *po = g_new0 (PlanOption, 1);
      po->option = lim_snapshot_option_new (NULL, option, NULL);
      po->record = REC_ABSENT;
      pos = py_insert_pos (op->args[2].has_index, op->args[2].index, plan->options->len);
      g_ptr_array_insert (plan->options, pos, po);
    }
  return TRUE;
}

static gboolean
plan_archive_option (const LimOperation *op, LimSnapshot *model, Plan *plan, GError **error)
{
  const char *option = op->args[1].s;
  const LimSnapshotDropdown *d = get_dropdown (op, model, op->args[0].s, error);
  gboolean done = FALSE;

  if (d == NULL)
    return FALSE;
  plan_options_begin (plan, d);
  plan->confirm = TRUE;
  for (guint i = 0; i < d->options->len; i++)
    {
      const LimSnapshotOption *o = g_ptr_array_index (d->options, i);
      plan_add_option (plan, o, record_as_read (o));
      if (!done && g_strcmp0 (o->name, option) == 0)
        {
          PlanOption *po = g_ptr_array_index (plan->options, plan->options->len - 1);
          if (o->archived)
            {
              /* "Option O on dropdown N is already archived. Skipping archiving." */
              plan_clear (plan);
              plan->kind = PLAN_SKIP;
              plan->confirm = FALSE;
              return TRUE;
            }
          po->option->archived = TRUE;
          po->option->archive_purpose = g_strdup (MADE_IN_ERROR);
          po->record = REC_PURPOSE;
          done = TRUE;
        }
    }
  if (!done)
    {
      FAIL_EXEC ("Option %s on dropdown %s does not exist.", option, op->args[0].s);
      return FALSE;
    }
  return TRUE;
}

static gboolean
plan_update_option (const LimOperation *op, LimSnapshot *model, Plan *plan, GError **error)
{
  const char *old_name = op->args[1].s;
  const char *new_name = op->args[2].s;
  const LimSnapshotDropdown *d = get_dropdown (op, model, op->args[0].s, error);
  gboolean done = FALSE;

  if (d == NULL)
    return FALSE;
  plan_options_begin (plan, d);
  plan->confirm = TRUE;
  for (guint i = 0; i < d->options->len; i++)
    {
      const LimSnapshotOption *o = g_ptr_array_index (d->options, i);
      plan_add_option (plan, o, record_as_read (o));
      if (done)
        continue;
      if (g_strcmp0 (o->name, old_name) == 0)
        {
          PlanOption *po = g_ptr_array_index (plan->options, plan->options->len - 1);
          g_free (po->option->name);
          po->option->name = g_strdup (new_name);
          done = TRUE;
          continue;
        }
      if (g_strcmp0 (o->name, new_name) == 0)
        {
          FAIL_EXEC ("Option %s on dropdown %s already exists and is %s in Benchling.",
                     new_name, op->args[0].s, o->archived ? "archived" : "active");
          return FALSE;
        }
    }
  if (!done)
    {
      FAIL_EXEC ("Option %s on dropdown %s does not exist.", old_name, op->args[0].s);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  guint rank;
  guint index;
} Ranked;

static gint
compare_ranked (gconstpointer a, gconstpointer b)
{
  const Ranked *ra = a, *rb = b;
  if (ra->rank != rb->rank)
    return ra->rank < rb->rank ? -1 : 1;
  return ra->index < rb->index ? -1 : ra->index > rb->index;
}

/* Names in @order first, in that order (last occurrence wins, as a dict
 * does; Python's sorted() is stable); everything else after, in its
 * original relative order. */
static GArray *
reorder_indexes (GPtrArray *names, GPtrArray *order)
{
  g_autoptr(GHashTable) rank = g_hash_table_new (g_str_hash, g_str_equal);
  GArray *out = g_array_sized_new (FALSE, FALSE, sizeof (guint), names->len);
  g_autoptr(GArray) ranked = g_array_new (FALSE, FALSE, sizeof (Ranked));

  for (guint i = 0; order && i < order->len; i++)
    g_hash_table_insert (rank, g_ptr_array_index (order, i), GUINT_TO_POINTER (i + 1));
  for (guint i = 0; i < names->len; i++)
    {
      const char *n = g_ptr_array_index (names, i);
      guint r = n ? GPOINTER_TO_UINT (g_hash_table_lookup (rank, n)) : 0;
      if (r)
        {
          Ranked item = { r, i };
          g_array_append_val (ranked, item);
        }
    }
  g_array_sort (ranked, compare_ranked);
  for (guint i = 0; i < ranked->len; i++)
    g_array_append_val (out, g_array_index (ranked, Ranked, i).index);
  for (guint i = 0; i < names->len; i++)
    {
      const char *n = g_ptr_array_index (names, i);
      if (n == NULL || !g_hash_table_contains (rank, n))
        g_array_append_val (out, i);
    }
  return out;
}

static gboolean
plan_reorder_options (const LimOperation *op, LimSnapshot *model, Plan *plan, GError **error)
{
  const LimSnapshotDropdown *d = get_dropdown (op, model, op->args[0].s, error);
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GArray) idx = NULL;

  if (d == NULL)
    return FALSE;
  names = g_ptr_array_new ();
  for (guint i = 0; i < d->options->len; i++)
    g_ptr_array_add (names, ((LimSnapshotOption *) g_ptr_array_index (d->options, i))->name);
  idx = reorder_indexes (names, op->args[1].strv);
  plan_options_begin (plan, d);
  for (guint i = 0; i < idx->len; i++)
    {
      const LimSnapshotOption *o = g_ptr_array_index (d->options, g_array_index (idx, guint, i));
      plan_add_option (plan, o, record_as_read (o));
    }
  return TRUE;
}

/* ----- entity schemas */

/* SchemaProperties(**set keys): Liminal's defaults for the unset keys. */
static LimProps *
validated_schema_props (const LimProps *in)
{
  LimProps *p = lim_props_copy (in);
  if (!lim_props_is_set (p, LIM_SCHEMA_NAMING_STRATEGIES))
    {
      static const char * const defaults[] = { "NEW_IDS", "IDS_FROM_NAMES", "DELETE_NAMES" };
      lim_props_set_set (p, LIM_SCHEMA_NAMING_STRATEGIES, defaults, G_N_ELEMENTS (defaults));
    }
  if (!lim_props_is_set (p, LIM_SCHEMA_USE_REGISTRY_ID_AS_LABEL))
    lim_props_set_bool (p, LIM_SCHEMA_USE_REGISTRY_ID_AS_LABEL, FALSE);
  if (!lim_props_is_set (p, LIM_SCHEMA_INCLUDE_REGISTRY_ID_IN_CHIPS))
    lim_props_set_bool (p, LIM_SCHEMA_INCLUDE_REGISTRY_ID_IN_CHIPS, FALSE);
  if (!lim_props_is_set (p, LIM_SCHEMA_MIXTURE_SCHEMA_CONFIG))
    lim_props_set_mixture (p, LIM_SCHEMA_MIXTURE_SCHEMA_CONFIG, NULL);
  if (!lim_props_is_set (p, LIM_SCHEMA_CONSTRAINT_FIELDS))
    lim_props_set_set (p, LIM_SCHEMA_CONSTRAINT_FIELDS, NULL, 0);
  if (!lim_props_is_set (p, LIM_SCHEMA_SHOW_BASES_IN_EXPANDED_VIEW))
    lim_props_set_bool (p, LIM_SCHEMA_SHOW_BASES_IN_EXPANDED_VIEW, FALSE);
  return p;
}

static gboolean
is_sequence_constraint (const char *c)
{
  return g_strcmp0 (c, "bases") == 0 || g_strcmp0 (c, "amino_acids_ignore_case") == 0 ||
         g_strcmp0 (c, "amino_acids_exact_match") == 0;
}

static JsonObject *
alpha_field (const LimOperation *op, LimSnapshot *model, const LimProps *f, GError **error)
{
  JsonObject *o = json_object_new ();
  const char *type = lim_props_get_str (f, LIM_FIELD_TYPE);
  const char *entity_link = lim_props_get_str (f, LIM_FIELD_ENTITY_LINK);
  const char *dropdown = lim_props_get_str (f, LIM_FIELD_DROPDOWN_LINK);
  const char *unit = lim_props_get_str (f, LIM_FIELD_UNIT_NAME);
  JsonObject *link = json_object_new ();
  const char *s;

#define SET_STR(k, v) if ((s = (v)) != NULL) json_object_set_string_member (o, k, s)
#define SET_BOOL(k, key) if (lim_props_is_set (f, key) && !lim_props_is_none (f, key)) \
    json_object_set_boolean_member (o, k, lim_props_get_bool (f, key))
  SET_STR ("name", lim_props_get_str (f, LIM_FIELD_NAME));
  SET_STR ("systemName", lim_props_get_str (f, LIM_FIELD_WAREHOUSE_NAME));
  SET_STR ("fieldType", type);
  SET_BOOL ("isMulti", LIM_FIELD_IS_MULTI);
  SET_BOOL ("isRequired", LIM_FIELD_REQUIRED);
  if (lim_props_is_set (f, LIM_FIELD_PARENT_LINK))
    {
      SET_BOOL ("isParentLink", LIM_FIELD_PARENT_LINK);
    }
  else
    json_object_set_boolean_member (o, "isParentLink", FALSE);
  if (dropdown)
    {
      const LimSnapshotDropdown *d = get_dropdown_summary (op, model, dropdown, error);
      if (d == NULL)
        goto fail;
      json_object_set_string_member (o, "dropdownId", d->id);
    }
  if (entity_link)
    {
      const LimSnapshotSchema *t = get_schema (op, model, entity_link, error);
      JsonObject *ts;
      if (t == NULL)
        goto fail;
      ts = json_object_new ();
      json_object_set_string_member (ts, "id", lim_snapshot_schema_get_id (t));
      json_object_set_object_member (link, "tagSchema", ts);
    }
  if (type)
    {
      const char *api = NULL, *folder = NULL;
      if (lim_field_type_to_api (type, &api, &folder) && folder)
        json_object_set_string_member (link, "folderItemType", folder);
    }
  json_object_set_object_member (o, "link", g_steal_pointer (&link));
  if (unit)
    {
      const char *id = get_unit_id (op, model, unit, error);
      if (id == NULL)
        goto fail;
      json_object_set_string_member (o, "unitId", id);
    }
  if (lim_props_is_set (f, LIM_FIELD_DECIMAL_PLACES) && !lim_props_is_none (f, LIM_FIELD_DECIMAL_PLACES))
    json_object_set_int_member (o, "decimalPrecision", lim_props_get_int (f, LIM_FIELD_DECIMAL_PLACES));
#undef SET_STR
#undef SET_BOOL
  return o;

fail:
  if (link)
    json_object_unref (link);
  json_object_unref (o);
  return NULL;
}

/* §7.3.1, None omitted. */
static JsonObject *
alpha_create_body (const LimOperation *op, LimSnapshot *model, const LimProps *p, GPtrArray *fields, GError **error)
{
  g_autoptr(JsonObject) body = json_object_new ();
  JsonArray *farr = json_array_new ();
  JsonObject *constraint;
  JsonArray *cfields;
  GPtrArray *cset = lim_props_get_set (p, LIM_SCHEMA_CONSTRAINT_FIELDS);
  const char *seq = NULL;

  json_object_set_array_member (body, "fields", farr);
  for (guint i = 0; fields && i < fields->len; i++)
    {
      JsonObject *fo = alpha_field (op, model, g_ptr_array_index (fields, i), error);
      if (fo == NULL)
        return NULL;
      json_array_add_object_element (farr, fo);
    }
  json_object_set_string_member (body, "name", lim_props_get_str (p, LIM_SCHEMA_NAME));
  json_object_set_string_member (body, "prefix", lim_props_get_str (p, LIM_SCHEMA_PREFIX));
  json_object_set_string_member (body, "registryId", lim_snapshot_get_registry_id (model));
  json_object_set_string_member (body, "type", lim_props_get_str (p, LIM_SCHEMA_ENTITY_TYPE));
  if (lim_props_get_mixture (p, LIM_SCHEMA_MIXTURE_SCHEMA_CONFIG))
    {
      const LimMixtureConfig *m = lim_props_get_mixture (p, LIM_SCHEMA_MIXTURE_SCHEMA_CONFIG);
      JsonObject *mo = json_object_new ();
      if (m->allow_measured_ingredients != LIM_TRI_NONE)
        json_object_set_boolean_member (mo, "allowMeasuredIngredients", m->allow_measured_ingredients == LIM_TRI_TRUE);
      if (m->component_lot_storage_enabled != LIM_TRI_NONE)
        json_object_set_boolean_member (mo, "componentLotStorageEnabled", m->component_lot_storage_enabled == LIM_TRI_TRUE);
      if (m->component_lot_text_enabled != LIM_TRI_NONE)
        json_object_set_boolean_member (mo, "componentLotTextEnabled", m->component_lot_text_enabled == LIM_TRI_TRUE);
      json_object_set_object_member (body, "mixtureSchemaConfig", mo);
    }
  if (!lim_props_is_none (p, LIM_SCHEMA_INCLUDE_REGISTRY_ID_IN_CHIPS))
    json_object_set_boolean_member (body, "includeRegistryIdInChips", lim_props_get_bool (p, LIM_SCHEMA_INCLUDE_REGISTRY_ID_IN_CHIPS));
  if (!lim_props_is_none (p, LIM_SCHEMA_USE_REGISTRY_ID_AS_LABEL))
    json_object_set_boolean_member (body, "useOrganizationCollectionAliasForDisplayLabel",
                                    lim_props_get_bool (p, LIM_SCHEMA_USE_REGISTRY_ID_AS_LABEL));
  if (!lim_props_is_none (p, LIM_SCHEMA_NAMING_STRATEGIES))
    json_object_set_array_member (body, "labelingStrategies", strv_array (lim_props_get_set (p, LIM_SCHEMA_NAMING_STRATEGIES)));

  /* EntitySchemaConstraint.from_constraint_fields: always present. */
  constraint = json_object_new ();
  cfields = json_array_new ();
  for (guint i = 0; cset && i < cset->len; i++)
    if (is_sequence_constraint (g_ptr_array_index (cset, i)))
      seq = g_ptr_array_index (cset, i);
  json_object_set_boolean_member (constraint, "areUniqueResiduesCaseSensitive",
                                  g_strcmp0 (seq, "amino_acids_exact_match") == 0);
  json_object_set_array_member (constraint, "fields", cfields);
  json_object_set_boolean_member (constraint, "hasUniqueCanonicalSmiles", FALSE);
  json_object_set_boolean_member (constraint, "hasUniqueResidues", seq != NULL);
  json_object_set_object_member (body, "constraint", constraint);
  for (guint i = 0; cset && i < cset->len; i++)
    {
      const char *c = g_ptr_array_index (cset, i);
      const LimSnapshotSchema *s;
      JsonObject *co;

      if (is_sequence_constraint (c))
        continue;
      /* Quirk (§7.3.1): the constraint field is looked up as a schema. */
      s = get_schema (op, model, c, error);
      if (s == NULL)
        return NULL;
      co = json_object_new ();
      json_object_set_member (co, "name", str_or_null (lim_snapshot_schema_get_name (s)));
      json_object_set_string_member (co, "id", lim_snapshot_schema_get_id (s));
      json_array_add_object_element (cfields, co);
    }
  if (!lim_props_is_none (p, LIM_SCHEMA_SHOW_BASES_IN_EXPANDED_VIEW))
    json_object_set_boolean_member (body, "showResidues", lim_props_get_bool (p, LIM_SCHEMA_SHOW_BASES_IN_EXPANDED_VIEW));
  return g_steal_pointer (&body);
}

/* The TagField Benchling will hold for a field created from @f. */
static JsonObject *
new_tag_field (LimSnapshot *model, const LimProps *f, JsonObject *tag_schema_link, const char *selector_id,
               const char *unit_id, gboolean send_tooltip)
{
  JsonObject *o = json_object_new ();
  const char *api = NULL, *folder = NULL;
  JsonObject *link = json_object_new ();
  g_autofree char *api_id = lim_snapshot_mint_id (model, "tsf");

  lim_field_type_to_api (lim_props_get_str (f, LIM_FIELD_TYPE), &api, &folder);
  json_object_set_null_member (o, "id");
  json_object_set_member (o, "fieldType", str_or_null (api));
  json_object_set_member (o, "name", str_or_null (lim_props_get_str (f, LIM_FIELD_NAME)));
  json_object_set_string_member (o, "apiId", api_id);
  json_object_set_null_member (o, "archiveRecord");
  json_object_set_member (o, "decimalPrecision", prop_int_node (f, LIM_FIELD_DECIMAL_PLACES));
  json_object_set_member (o, "isMulti", prop_bool_node (f, LIM_FIELD_IS_MULTI));
  json_object_set_member (o, "isParentLink", prop_bool_node (f, LIM_FIELD_PARENT_LINK));
  json_object_set_member (o, "isRequired", prop_bool_node (f, LIM_FIELD_REQUIRED));
  json_object_set_null_member (link, "entitySchemaFieldPath");
  json_object_set_member (link, "folderItemType", str_or_null (folder));
  json_object_set_null_member (link, "schemaInterface");
  if (tag_schema_link)
    json_object_set_object_member (link, "tagSchema", json_object_ref (tag_schema_link));
  else
    json_object_set_null_member (link, "tagSchema");
  json_object_set_null_member (link, "storableSchema");
  json_object_set_object_member (o, "requiredLink", link);
  json_object_set_member (o, "schemaFieldSelectorId", str_or_null (selector_id));
  json_object_set_string_member (o, "systemName", lim_props_get_str (f, LIM_FIELD_WAREHOUSE_NAME));
  json_object_set_member (o, "tooltipText", str_or_null (send_tooltip ? lim_props_get_str (f, LIM_FIELD_TOOLTIP) : NULL));
  json_object_set_member (o, "unitApiIdentifier", str_or_null (unit_id));
  return o;
}

static gboolean
plan_create_schema (const LimOperation *op, LimSnapshot *model, LimApplyFlags flags, Plan *plan, GError **error)
{
  g_autoptr(LimProps) p = validated_schema_props (op->args[0].props);
  GPtrArray *fields = op->args[1].fields;
  const char *wh = lim_props_get_str (p, LIM_SCHEMA_WAREHOUSE_NAME);
  const char *name = lim_props_get_str (p, LIM_SCHEMA_NAME);
  const LimSnapshotSchema *s = lim_snapshot_lookup_schema (model, wh);

  if (s == NULL)
    {
      GPtrArray *strategies = lim_props_get_set (p, LIM_SCHEMA_NAMING_STRATEGIES);
      JsonObject *body;
      JsonObject *created;
      const char *folder = NULL, *seq = NULL;
      g_autofree char *id = NULL;
      g_autofree char *given_wh = NULL;
      JsonArray *all;
      JsonArray *cfields = json_array_new ();
      GPtrArray *cset = lim_props_get_set (p, LIM_SCHEMA_CONSTRAINT_FIELDS);
      const char *seqc = NULL;

      if (schema_list_has (model, "name", name))
        {
          json_array_unref (cfields);
          FAIL_EXEC ("Entity schema name %s already exists in Benchling.", PY (name));
          return FALSE;
        }
      if (schema_list_has (model, "sqlIdentifier", wh))
        {
          json_array_unref (cfields);
          FAIL_EXEC ("Entity schema warehouse name %s already exists in Benchling.", PY (wh));
          return FALSE;
        }
      if (!(flags & LIM_APPLY_FLAG_FIELDSETS) &&
          schema_list_has (model, "prefix", lim_props_get_str (p, LIM_SCHEMA_PREFIX)))
        {
          json_array_unref (cfields);
          FAIL_EXEC ("Entity schema prefix %s already exists in Benchling.", PY (lim_props_get_str (p, LIM_SCHEMA_PREFIX)));
          return FALSE;
        }
      for (guint i = 0; strategies && i < strategies->len; i++)
        if (lim_naming_strategy_is_template_based (g_ptr_array_index (strategies, i)))
          {
            json_array_unref (cfields);
            FAIL_EXEC ("Invalid naming strategies for schema. Cannot create entity schema using template-based naming strategies.");
            return FALSE;
          }
      body = alpha_create_body (op, model, p, fields, error);
      if (body == NULL)
        {
          json_array_unref (cfields);
          return FALSE;
        }
      plan->kind = PLAN_CREATE_SCHEMA;
      plan->body = body;

      /* What Benchling will hold: a tag schema whose warehouse name is the
       * Benchling-given to_snake_case(name) (the alpha create sends none). */
      created = json_object_new ();
      id = lim_snapshot_mint_id (model, "ts");
      given_wh = lim_snake_case (name);
      lim_entity_type_to_api (lim_props_get_str (p, LIM_SCHEMA_ENTITY_TYPE), &folder, &seq);
      json_object_set_string_member (created, "id", id);
      json_object_set_string_member (created, "sqlIdentifier", given_wh);
      json_object_set_string_member (created, "registryId", lim_snapshot_get_registry_id (model));
      json_object_set_string_member (created, "name", name);
      json_object_set_member (created, "prefix", str_or_null (lim_props_get_str (p, LIM_SCHEMA_PREFIX)));
      json_object_set_member (created, "folderItemType", str_or_null (folder));
      json_object_set_member (created, "sequenceType", str_or_null (seq));
      json_object_set_array_member (created, "labelingStrategies", strv_array (strategies));
      json_object_set_null_member (created, "archiveRecord");
      json_object_set_array_member (created, "nameTemplateParts", json_array_new ());
      json_object_set_boolean_member (created, "shouldOrderNamePartsBySequence", FALSE);
      json_object_set_member (created, "showResidues", prop_bool_node (p, LIM_SCHEMA_SHOW_BASES_IN_EXPANDED_VIEW));
      json_object_set_member (created, "includeRegistryIdInChips", prop_bool_node (p, LIM_SCHEMA_INCLUDE_REGISTRY_ID_IN_CHIPS));
      json_object_set_member (created, "useOrganizationCollectionAliasForDisplayLabel",
                              prop_bool_node (p, LIM_SCHEMA_USE_REGISTRY_ID_AS_LABEL));
      json_object_set_boolean_member (created, "useRandomOrgAlias", FALSE);
      json_object_set_boolean_member (created, "shouldCreateAsOligo", FALSE);
      json_object_set_member (created, "mixtureSchemaConfig", mixture_node (p, LIM_SCHEMA_MIXTURE_SCHEMA_CONFIG));
      all = json_array_new ();
      for (guint i = 0; fields && i < fields->len; i++)
        {
          const LimProps *f = g_ptr_array_index (fields, i);
          const char *el = lim_props_get_str (f, LIM_FIELD_ENTITY_LINK);
          const char *dd = lim_props_get_str (f, LIM_FIELD_DROPDOWN_LINK);
          const LimSnapshotSchema *target = el ? lim_snapshot_lookup_schema (model, el) : NULL;
          const LimSnapshotDropdown *d = dd ? lim_snapshot_lookup_dropdown_first (model, dd) : NULL;
          g_autoptr(JsonObject) ts = target ? lim_snapshot_schema_dump (target) : NULL;
          JsonObject *tf = new_tag_field (model, f, ts, d ? d->id : NULL,
                                          lim_snapshot_unit_id (model, lim_props_get_str (f, LIM_FIELD_UNIT_NAME)),
                                          FALSE /* tooltips are not sent on create */);
          json_array_add_object_element (all, tf);
        }
      for (guint i = 0; cset && i < cset->len; i++)
        {
          const char *c = g_ptr_array_index (cset, i);
          if (is_sequence_constraint (c))
            seqc = c;
          else
            for (guint k = 0; k < json_array_get_length (all); k++)
              {
                JsonObject *tf = json_array_get_object_element (all, k);
                if (g_strcmp0 (lim_json_get_string (tf, "systemName"), c) == 0)
                  json_array_add_object_element (cfields, lim_json_object_copy (tf));
              }
        }
      if (cset && cset->len > 0)
        {
          JsonObject *co = json_object_new ();
          json_object_set_boolean_member (co, "areUniqueResiduesCaseSensitive", g_strcmp0 (seqc, "amino_acids_exact_match") == 0);
          json_object_set_array_member (co, "fields", cfields);
          json_object_set_boolean_member (co, "uniqueCanonicalSmiles", FALSE);
          json_object_set_boolean_member (co, "uniqueResidues", seqc != NULL);
          json_object_set_object_member (created, "constraint", co);
        }
      else
        {
          json_array_unref (cfields);
          json_object_set_null_member (created, "constraint");
        }
      json_object_set_array_member (created, "allFields", all);
      plan->created = created;
      return TRUE;
    }

  if (!lim_snapshot_schema_is_archived (s))
    {
      FAIL_EXEC ("Entity schema %s is already active in Benchling.", wh);
      return FALSE;
    }
  {
    /* Remote fields are converted without warehouse names (§4.4 quirk). */
    g_autoptr(GPtrArray) active = lim_snapshot_schema_get_active_props (s);
    gboolean same = lim_props_equal (p, s->props) && (fields ? fields->len : 0) == active->len;

    for (guint i = 0; same && i < active->len; i++)
      {
        g_autoptr(LimProps) remote = lim_props_copy (g_ptr_array_index (active, i));
        lim_props_set_none (remote, LIM_FIELD_WAREHOUSE_NAME);
        same = lim_props_equal (g_ptr_array_index (fields, i), remote);
      }
    if (!same)
      {
        FAIL_EXEC ("Entity schema %s is different in code versus Benchling. Cannot unarchive.", wh);
        return FALSE;
      }
  }
  plan->kind = PLAN_UNARCHIVE_SCHEMA;
  plan->schema = s;
  plan->body = ids_body (lim_snapshot_schema_get_id (s), FALSE);
  return TRUE;
}

static gboolean
plan_archive_schema (const LimOperation *op, LimSnapshot *model, gboolean archive, Plan *plan, GError **error)
{
  const char *wh = op->args[0].s;
  const LimSnapshotSchema *s = get_schema (op, model, wh, error);

  if (s == NULL)
    return FALSE;
  if (archive && lim_snapshot_schema_is_archived (s))
    {
      FAIL_EXEC ("Entity schema %s is already archived in Benchling.", wh);
      return FALSE;
    }
  if (!archive && !lim_snapshot_schema_is_archived (s))
    {
      FAIL_EXEC ("Entity schema %s is already unarchived in Benchling.", wh);
      return FALSE;
    }
  plan->kind = archive ? PLAN_ARCHIVE_SCHEMA : PLAN_UNARCHIVE_SCHEMA;
  plan->schema = s;
  plan->body = ids_body (lim_snapshot_schema_get_id (s), archive);
  return TRUE;
}

static JsonObject *
constraint_object (const LimSnapshotSchema *s, GPtrArray *cset)
{
  JsonObject *co = json_object_new ();
  JsonArray *arr = json_array_new ();
  const char *seq = NULL;

  for (guint i = 0; i < cset->len; i++)
    if (is_sequence_constraint (g_ptr_array_index (cset, i)))
      {
        seq = g_ptr_array_index (cset, i);
        break;
      }
  for (guint k = 0; k < s->fields->len; k++)
    {
      const LimSnapshotField *f = g_ptr_array_index (s->fields, k);
      if (lim_snapshot_field_is_archived (f))
        continue;
      for (guint i = 0; i < cset->len; i++)
        if (!is_sequence_constraint (g_ptr_array_index (cset, i)) &&
            g_strcmp0 (field_wh (f), g_ptr_array_index (cset, i)) == 0)
          {
            json_array_add_object_element (arr, lim_snapshot_field_dump (f));
            break;
          }
    }
  json_object_set_boolean_member (co, "areUniqueResiduesCaseSensitive", g_strcmp0 (seq, "amino_acids_exact_match") == 0);
  json_object_set_array_member (co, "fields", arr);
  json_object_set_boolean_member (co, "uniqueCanonicalSmiles", FALSE);
  json_object_set_boolean_member (co, "uniqueResidues", seq != NULL);
  return co;
}

static gboolean
plan_update_schema (const LimOperation *op, LimSnapshot *model, LimApplyFlags flags, Plan *plan, GError **error)
{
  const char *wh = op->args[0].s;
  const LimProps *u = op->args[1].props;
  const LimSnapshotSchema *s = get_schema (op, model, wh, error);
  const char *v;
  JsonObject *body;

  if (s == NULL)
    return FALSE;
  if ((v = lim_props_get_str (u, LIM_SCHEMA_NAME)) && *v && schema_list_has (model, "name", v))
    {
      FAIL_EXEC ("Entity schema name %s already exists in Benchling.", v);
      return FALSE;
    }
  if ((v = lim_props_get_str (u, LIM_SCHEMA_WAREHOUSE_NAME)) && *v && schema_list_has (model, "sqlIdentifier", v))
    {
      FAIL_EXEC ("Entity schema warehouse name %s already exists in Benchling.", v);
      return FALSE;
    }
  if (!(flags & LIM_APPLY_FLAG_FIELDSETS) && (v = lim_props_get_str (u, LIM_SCHEMA_PREFIX)) && *v &&
      schema_list_has (model, "prefix", v))
    {
      FAIL_EXEC ("Entity schema prefix %s already exists in Benchling.", v);
      return FALSE;
    }
  if (lim_props_is_set (u, LIM_SCHEMA_NAMING_STRATEGIES) && lim_props_is_none (u, LIM_SCHEMA_NAMING_STRATEGIES))
    {
      FAIL_EXEC ("'NoneType' object is not iterable");
      return FALSE;
    }

  /* UpdateTagSchemaModel field order, set keys only (§7.4.2). */
  body = json_object_new ();
  if (lim_props_is_set (u, LIM_SCHEMA_PREFIX))
    json_object_set_member (body, "prefix", str_or_null (lim_props_get_str (u, LIM_SCHEMA_PREFIX)));
  if (lim_props_is_set (u, LIM_SCHEMA_WAREHOUSE_NAME))
    json_object_set_member (body, "sqlIdentifier", str_or_null (lim_props_get_str (u, LIM_SCHEMA_WAREHOUSE_NAME)));
  if (lim_props_is_set (u, LIM_SCHEMA_NAME))
    json_object_set_member (body, "name", str_or_null (lim_props_get_str (u, LIM_SCHEMA_NAME)));
  if (lim_props_get_str (u, LIM_SCHEMA_ENTITY_TYPE))
    {
      const char *folder = NULL, *seq = NULL;
      lim_entity_type_to_api (lim_props_get_str (u, LIM_SCHEMA_ENTITY_TYPE), &folder, &seq);
      json_object_set_member (body, "folderItemType", str_or_null (folder));
    }
  if (lim_props_is_set (u, LIM_SCHEMA_NAMING_STRATEGIES))
    json_object_set_array_member (body, "labelingStrategies", strv_array (lim_props_get_set (u, LIM_SCHEMA_NAMING_STRATEGIES)));
  if (lim_props_is_set (u, LIM_SCHEMA_MIXTURE_SCHEMA_CONFIG))
    json_object_set_member (body, "mixtureSchemaConfig", mixture_node (u, LIM_SCHEMA_MIXTURE_SCHEMA_CONFIG));
  if (lim_props_get_str (u, LIM_SCHEMA_ENTITY_TYPE))
    {
      const char *folder = NULL, *seq = NULL;
      lim_entity_type_to_api (lim_props_get_str (u, LIM_SCHEMA_ENTITY_TYPE), &folder, &seq);
      json_object_set_member (body, "sequenceType", str_or_null (seq));
    }
  if (lim_props_is_set (u, LIM_SCHEMA_SHOW_BASES_IN_EXPANDED_VIEW))
    json_object_set_member (body, "showResidues", prop_bool_node (u, LIM_SCHEMA_SHOW_BASES_IN_EXPANDED_VIEW));
  if (lim_props_is_set (u, LIM_SCHEMA_INCLUDE_REGISTRY_ID_IN_CHIPS))
    json_object_set_member (body, "includeRegistryIdInChips", prop_bool_node (u, LIM_SCHEMA_INCLUDE_REGISTRY_ID_IN_CHIPS));
  if (lim_props_is_set (u, LIM_SCHEMA_USE_REGISTRY_ID_AS_LABEL))
    json_object_set_member (body, "useOrganizationCollectionAliasForDisplayLabel",
                            prop_bool_node (u, LIM_SCHEMA_USE_REGISTRY_ID_AS_LABEL));
  if (lim_props_is_set (u, LIM_SCHEMA_CONSTRAINT_FIELDS))
    {
      GPtrArray *cset = lim_props_get_set (u, LIM_SCHEMA_CONSTRAINT_FIELDS);
      if (cset && cset->len > 0)
        json_object_set_object_member (body, "constraint", constraint_object (s, cset));
      else
        json_object_set_null_member (body, "constraint");
    }
  plan->kind = PLAN_UPDATE_SCHEMA;
  plan->schema = s;
  plan->body = body;
  return TRUE;
}

static gboolean
plan_name_template (const LimOperation *op, LimSnapshot *model, Plan *plan, GError **error)
{
  const char *wh = op->args[0].s;
  const LimNameTemplate *t = op->args[1].tmpl;
  const LimSnapshotSchema *s = get_schema (op, model, wh, error);
  JsonObject *body;
  JsonArray *parts;

  if (s == NULL)
    return FALSE;
  parts = json_array_new ();
  if (t->parts_set)
    {
      if (t->parts == NULL)
        {
          json_array_unref (parts);
          FAIL_EXEC ("'NoneType' object is not iterable");
          return FALSE;
        }
      for (guint i = 0; i < t->parts->len; i++)
        {
          const LimNameTemplatePart *part = g_ptr_array_index (t->parts, i);
          const char *field_id = NULL;
          JsonObject *po;

          if (g_strcmp0 (part->spec->data_key, "wh_field_name") == 0 && part->data && *part->data)
            {
              const LimSnapshotField *f = NULL;
              for (guint k = 0; k < s->fields->len && f == NULL; k++)
                {
                  const LimSnapshotField *c = g_ptr_array_index (s->fields, k);
                  if (!lim_snapshot_field_is_archived (c) && g_strcmp0 (field_wh (c), part->data) == 0)
                    f = c;
                }
              if (f == NULL)
                {
                  json_array_unref (parts);
                  FAIL_EXEC ("Field %s not found in fields", part->data);
                  return FALSE;
                }
              field_id = lim_snapshot_field_get_api_id (f);
              if ((g_strcmp0 (part->spec->part_type, "CHILD_ENTITY_LOT_NUMBER") == 0 ||
                   g_strcmp0 (part->spec->part_type, "LINKED_BIOENTITY_REGISTRY_IDENTIFIER") == 0) &&
                  !lim_props_get_bool (f->props, LIM_FIELD_PARENT_LINK))
                {
                  json_array_unref (parts);
                  FAIL_EXEC ("Field %s is not a parent link field. The field for type %s must be a parent link field.",
                             part->data, part->spec->part_type);
                  return FALSE;
                }
            }
          po = json_object_new ();
          json_object_set_string_member (po, "type", part->spec->part_type);
          json_object_set_member (po, "fieldId", str_or_null (field_id));
          json_object_set_member (po, "text", str_or_null (g_strcmp0 (part->spec->data_key, "value") == 0 ? part->data : NULL));
          json_object_set_null_member (po, "datetimeFormat");
          json_array_add_object_element (parts, po);
        }
    }
  else
    {
      JsonArray *cur = arr_member (s->json, "nameTemplateParts");
      for (guint i = 0; cur && i < json_array_get_length (cur); i++)
        {
          JsonObject *c = json_array_get_object_element (cur, i);
          JsonObject *po = json_object_new ();
          json_object_set_member (po, "type", str_or_null (lim_json_get_string (c, "type")));
          json_object_set_member (po, "fieldId", str_or_null (lim_json_get_string (c, "fieldId")));
          json_object_set_member (po, "text", str_or_null (lim_json_get_string (c, "text")));
          json_object_set_member (po, "datetimeFormat", str_or_null (lim_json_get_string (c, "datetimeFormat")));
          json_array_add_object_element (parts, po);
        }
    }
  body = json_object_new ();
  json_object_set_array_member (body, "nameTemplateParts", parts);
  if (t->order_set)
    json_object_set_member (body, "shouldOrderNamePartsBySequence", tri_node (t->order_name_parts_by_sequence));
  else
    {
      JsonNode *cur = json_object_get_member (s->json, "shouldOrderNamePartsBySequence");
      json_object_set_member (body, "shouldOrderNamePartsBySequence",
                              cur ? json_node_copy (cur) : json_node_init_null (json_node_alloc ()));
    }
  plan->kind = PLAN_NAME_TEMPLATE;
  plan->schema = s;
  plan->body = body;
  return TRUE;
}

/* ----- field-list operations */

static gboolean
plan_unarchive_field (const LimOperation *op, LimSnapshot *model, const char *wh, const char *fwh,
                      const LimOpArg *index, Plan *plan, GError **error)
{
  const LimSnapshotSchema *s = get_schema (op, model, wh, error);
  const LimSnapshotField *f;
  gint pos;
  PlanField *pf;

  if (s == NULL)
    return FALSE;
  f = lim_snapshot_schema_lookup_field (s, fwh);
  if (f == NULL)
    {
      FAIL_EXEC ("Field %s does not exist on entity schema %s in Benchling.", fwh, wh);
      return FALSE;
    }
  if (!lim_snapshot_field_is_archived (f))
    {
      FAIL_EXEC ("Field %s is already active on entity schema %s.", fwh, wh);
      return FALSE;
    }
  plan_fields_begin (plan, s);
  pos = plan_find_field (plan, fwh);
  pf = g_ptr_array_index (plan->fields, pos);
  json_object_set_null_member (pf->json, "archiveRecord");
  {
    /* index_to_insert is computed before the field is removed. */
    guint len = plan->fields->len;
    guint to;
    g_ptr_array_steal_index (plan->fields, pos);
    to = index->has_index ? py_insert_pos (TRUE, index->index, plan->fields->len) : len;
    if (to > plan->fields->len)
      to = plan->fields->len;
    g_ptr_array_insert (plan->fields, to, pf);
  }
  return TRUE;
}

static gboolean
plan_create_field (const LimOperation *op, LimSnapshot *model, Plan *plan, GError **error)
{
  const char *wh = op->args[0].s;
  const LimProps *p = op->args[1].props;
  const char *fwh = lim_props_get_str (p, LIM_FIELD_WAREHOUSE_NAME);
  const LimSnapshotSchema *s = lim_snapshot_lookup_schema (model, wh);
  const LimSnapshotField *f = s ? lim_snapshot_schema_lookup_field (s, fwh) : NULL;
  const char *type = lim_props_get_str (p, LIM_FIELD_TYPE);
  g_autoptr(JsonObject) ts = NULL;
  const char *selector = NULL;
  const char *unit_id = NULL;
  PlanField *pf;

  if (f != NULL)
    {
      if (!lim_snapshot_field_is_archived (f))
        {
          FAIL_EXEC ("Field %s is already active on entity schema %s.", fwh, wh);
          return FALSE;
        }
      if (!lim_props_equal (p, f->props))
        {
          FAIL_EXEC ("Field %s on entity schema %s is different in code versus Benchling.", fwh, wh);
          return FALSE;
        }
      return plan_unarchive_field (op, model, wh, fwh, &op->args[2], plan, error);
    }
  s = get_schema (op, model, wh, error);
  if (s == NULL)
    return FALSE;
  if (type == NULL)
    {
      FAIL_EXEC ("Field must have a type.");
      return FALSE;
    }
  if (lim_field_type_is_entity_link_type (type) && lim_props_get_str (p, LIM_FIELD_ENTITY_LINK))
    {
      const LimSnapshotSchema *target = get_schema (op, model, lim_props_get_str (p, LIM_FIELD_ENTITY_LINK), error);
      if (target == NULL)
        return FALSE;
      ts = lim_snapshot_schema_dump (target);
    }
  if (lim_props_get_str (p, LIM_FIELD_DROPDOWN_LINK))
    {
      const LimSnapshotDropdown *d = get_dropdown_summary (op, model, lim_props_get_str (p, LIM_FIELD_DROPDOWN_LINK), error);
      if (d == NULL)
        return FALSE;
      selector = d->id;
    }
  if (lim_props_get_str (p, LIM_FIELD_UNIT_NAME) && *lim_props_get_str (p, LIM_FIELD_UNIT_NAME))
    {
      unit_id = get_unit_id (op, model, lim_props_get_str (p, LIM_FIELD_UNIT_NAME), error);
      if (unit_id == NULL)
        return FALSE;
    }
  plan_fields_begin (plan, s);
  pf = g_new0 (PlanField, 1);
  pf->json = new_tag_field (model, p, ts, selector, unit_id, TRUE);
  pf->is_new = TRUE;
  pf->provisional = TRUE;
  g_ptr_array_insert (plan->fields, py_insert_pos (op->args[2].has_index, op->args[2].index, plan->fields->len), pf);
  return TRUE;
}

static gboolean
plan_archive_field (const LimOperation *op, LimSnapshot *model, Plan *plan, GError **error)
{
  const char *wh = op->args[0].s;
  const char *fwh = op->args[1].s;
  const LimSnapshotSchema *s = get_schema (op, model, wh, error);
  const LimSnapshotField *f;
  PlanField *pf;

  if (s == NULL)
    return FALSE;
  f = lim_snapshot_schema_lookup_field (s, fwh);
  if (f == NULL)
    {
      FAIL_EXEC ("Field %s does not exist on entity schema %s in Benchling.", fwh, wh);
      return FALSE;
    }
  if (lim_snapshot_field_is_archived (f))
    {
      FAIL_EXEC ("Field %s is already archived on entity schema %s.", fwh, wh);
      return FALSE;
    }
  plan_fields_begin (plan, s);
  pf = g_ptr_array_index (plan->fields, plan_find_field (plan, fwh));
  json_object_set_object_member (pf->json, "archiveRecord", archive_record ());
  return TRUE;
}

static gboolean
plan_update_field (const LimOperation *op, LimSnapshot *model, Plan *plan, GError **error)
{
  const char *wh = op->args[0].s;
  const char *fwh = op->args[1].s;
  const LimProps *u = op->args[2].props;
  const LimSnapshotSchema *s = get_schema (op, model, wh, error);
  const char *v;
  gint pos;
  JsonObject *j;

  if (s == NULL)
    return FALSE;
  if ((v = lim_props_get_str (u, LIM_FIELD_NAME)) && *v)
    for (guint i = 0; i < s->fields->len; i++)
      {
        const LimSnapshotField *f = g_ptr_array_index (s->fields, i);
        if (g_strcmp0 (lim_snapshot_field_get_name (f), v) == 0)
          {
            FAIL_EXEC ("New field name %s already exists on entity schema %s and is %s in Benchling.",
                       v, wh, lim_snapshot_field_is_archived (f) ? "archived" : "active");
            return FALSE;
          }
      }
  if ((v = lim_props_get_str (u, LIM_FIELD_WAREHOUSE_NAME)) && *v)
    for (guint i = 0; i < s->fields->len; i++)
      {
        const LimSnapshotField *f = g_ptr_array_index (s->fields, i);
        if (g_strcmp0 (field_wh (f), v) == 0)
          {
            FAIL_EXEC ("New field warehouse name %s already exists on entity schema %s and is %s in Benchling.",
                       v, wh, lim_snapshot_field_is_archived (f) ? "archived" : "active");
            return FALSE;
          }
      }
  if (lim_snapshot_schema_lookup_field (s, fwh) == NULL)
    {
      FAIL_EXEC ("Field '%s' not found in schema", fwh);
      return FALSE;
    }
  plan_fields_begin (plan, s);
  pos = plan_find_field (plan, fwh);
  j = ((PlanField *) g_ptr_array_index (plan->fields, pos))->json;

  /* TagSchemaFieldModel.update_from_props, in its order. */
  if (lim_props_is_set (u, LIM_FIELD_NAME))
    json_object_set_member (j, "name", str_or_null (lim_props_get_str (u, LIM_FIELD_NAME)));
  if (lim_props_get_str (u, LIM_FIELD_WAREHOUSE_NAME))
    json_object_set_string_member (j, "systemName", lim_props_get_str (u, LIM_FIELD_WAREHOUSE_NAME));
  if (lim_props_is_set (u, LIM_FIELD_REQUIRED))
    json_object_set_member (j, "isRequired", prop_bool_node (u, LIM_FIELD_REQUIRED));
  if (lim_props_is_set (u, LIM_FIELD_IS_MULTI))
    json_object_set_member (j, "isMulti", prop_bool_node (u, LIM_FIELD_IS_MULTI));
  if (lim_props_is_set (u, LIM_FIELD_PARENT_LINK))
    json_object_set_member (j, "isParentLink", prop_bool_node (u, LIM_FIELD_PARENT_LINK));
  if (lim_props_is_set (u, LIM_FIELD_TOOLTIP))
    json_object_set_member (j, "tooltipText", str_or_null (lim_props_get_str (u, LIM_FIELD_TOOLTIP)));
  if (lim_props_get_str (u, LIM_FIELD_TYPE))
    {
      const char *api = NULL, *folder = NULL;
      JsonObject *link = json_object_new ();
      if (!lim_field_type_to_api (lim_props_get_str (u, LIM_FIELD_TYPE), &api, &folder))
        {
          json_object_unref (link);
          FAIL_EXEC ("Field type '%s' is not supported.", lim_props_get_str (u, LIM_FIELD_TYPE));
          return FALSE;
        }
      json_object_set_string_member (j, "fieldType", api);
      json_object_set_null_member (link, "entitySchemaFieldPath");
      json_object_set_member (link, "folderItemType", str_or_null (folder));
      json_object_set_null_member (link, "schemaInterface");
      json_object_set_null_member (link, "tagSchema");
      json_object_set_null_member (link, "storableSchema");
      json_object_set_object_member (j, "requiredLink", link);
    }
  if ((v = lim_props_get_str (u, LIM_FIELD_ENTITY_LINK)) && *v)
    {
      const LimSnapshotSchema *target = get_schema (op, model, v, error);
      JsonObject *link = obj_member (j, "requiredLink");
      if (target == NULL)
        return FALSE;
      if (link == NULL)
        {
          FAIL_EXEC ("Required link on field %s not found.", PY (lim_json_get_string (j, "name")));
          return FALSE;
        }
      json_object_set_object_member (link, "tagSchema", lim_snapshot_schema_dump (target));
    }
  if ((v = lim_props_get_str (u, LIM_FIELD_DROPDOWN_LINK)) && *v)
    {
      const LimSnapshotDropdown *d = get_dropdown_summary (op, model, v, error);
      if (d == NULL)
        return FALSE;
      json_object_set_string_member (j, "schemaFieldSelectorId", d->id);
    }
  if (lim_props_is_set (u, LIM_FIELD_DECIMAL_PLACES))
    json_object_set_member (j, "decimalPrecision", prop_int_node (u, LIM_FIELD_DECIMAL_PLACES));
  if (lim_props_is_set (u, LIM_FIELD_UNIT_NAME))
    {
      v = lim_props_get_str (u, LIM_FIELD_UNIT_NAME);
      if (v == NULL)
        json_object_set_null_member (j, "unitApiIdentifier");
      else
        {
          const char *id = get_unit_id (op, model, v, error);
          if (id == NULL)
            return FALSE;
          json_object_set_string_member (j, "unitApiIdentifier", id);
        }
    }
  return TRUE;
}

static gboolean
plan_reorder_fields (const LimOperation *op, LimSnapshot *model, Plan *plan, GError **error)
{
  const LimSnapshotSchema *s = get_schema (op, model, op->args[0].s, error);
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GArray) idx = NULL;
  g_autoptr(GPtrArray) old = NULL;

  if (s == NULL)
    return FALSE;
  names = g_ptr_array_new ();
  for (guint i = 0; i < s->fields->len; i++)
    g_ptr_array_add (names, (gpointer) field_wh (g_ptr_array_index (s->fields, i)));
  idx = reorder_indexes (names, op->args[1].strv);
  plan_fields_begin (plan, s);
  old = plan->fields;
  plan->fields = g_ptr_array_new_with_free_func (plan_field_free);
  for (guint i = 0; i < idx->len; i++)
    {
      g_ptr_array_add (plan->fields, g_ptr_array_index (old, g_array_index (idx, guint, i)));
      g_ptr_array_index (old, g_array_index (idx, guint, i)) = NULL;
    }
  g_ptr_array_set_free_func (old, NULL);
  return TRUE;
}

/* ---------------------------------------------------------------- dispatch */

static gboolean
make_plan (const LimOperation *op, LimSnapshot *model, LimApplyFlags flags, Plan *plan, GError **error)
{
  memset (plan, 0, sizeof *plan);
  switch (op->spec->kind)
    {
    case LIM_OP_CREATE_DROPDOWN:
      return plan_create_dropdown (op, model, plan, error);
    case LIM_OP_UPDATE_DROPDOWN_NAME:
      {
        /* Quirk: the "new name exists" check compares a name with summary
         * objects and never fires (§4.3). */
        const LimSnapshotDropdown *d = get_dropdown_summary (op, model, op->args[0].s, error);
        JsonObject *body;
        if (d == NULL)
          return FALSE;
        body = json_object_new ();
        json_object_set_string_member (body, "name", op->args[1].s);
        plan->kind = PLAN_RENAME_DROPDOWN;
        plan->dropdown = d;
        plan->body = body;
        plan->new_name = g_strdup (op->args[1].s);
        return TRUE;
      }
    case LIM_OP_UNARCHIVE_DROPDOWN:
      return plan_unarchive_dropdown (op, model, op->args[0].s, plan, error);
    case LIM_OP_ARCHIVE_DROPDOWN:
      {
        const LimSnapshotDropdown *d = get_dropdown (op, model, op->args[0].s, error);
        if (d == NULL)
          return FALSE;
        if (d->archived)
          {
            FAIL_EXEC ("Dropdown %s is already archived.", op->args[0].s);
            return FALSE;
          }
        plan->kind = PLAN_ARCHIVE_DROPDOWN;
        plan->dropdown = d;
        plan->body = ids_body (d->id, TRUE);
        return TRUE;
      }
    case LIM_OP_CREATE_DROPDOWN_OPTION:
      return plan_create_option (op, model, plan, error);
    case LIM_OP_UPDATE_DROPDOWN_OPTION:
      return plan_update_option (op, model, plan, error);
    case LIM_OP_ARCHIVE_DROPDOWN_OPTION:
      return plan_archive_option (op, model, plan, error);
    case LIM_OP_REORDER_DROPDOWN_OPTIONS:
      return plan_reorder_options (op, model, plan, error);
    case LIM_OP_CREATE_ENTITY_SCHEMA:
      return plan_create_schema (op, model, flags, plan, error);
    case LIM_OP_UNARCHIVE_ENTITY_SCHEMA:
      return plan_archive_schema (op, model, FALSE, plan, error);
    case LIM_OP_ARCHIVE_ENTITY_SCHEMA:
      return plan_archive_schema (op, model, TRUE, plan, error);
    case LIM_OP_UPDATE_ENTITY_SCHEMA:
      return plan_update_schema (op, model, flags, plan, error);
    case LIM_OP_UPDATE_ENTITY_SCHEMA_NAME_TEMPLATE:
      return plan_name_template (op, model, plan, error);
    case LIM_OP_CREATE_ENTITY_SCHEMA_FIELD:
      return plan_create_field (op, model, plan, error);
    case LIM_OP_UNARCHIVE_ENTITY_SCHEMA_FIELD:
      return plan_unarchive_field (op, model, op->args[0].s, op->args[1].s, &op->args[2], plan, error);
    case LIM_OP_ARCHIVE_ENTITY_SCHEMA_FIELD:
      return plan_archive_field (op, model, plan, error);
    case LIM_OP_UPDATE_ENTITY_SCHEMA_FIELD:
      return plan_update_field (op, model, plan, error);
    case LIM_OP_REORDER_ENTITY_SCHEMA_FIELDS:
      return plan_reorder_fields (op, model, plan, error);
    case LIM_OP_N_KINDS:
    default:
      g_return_val_if_reached (FALSE);
    }
}

/* ---------------------------------------------------------------- validate() */

static gboolean
custom_wh_allowed (const char *wh, const char *name)
{
  g_autofree char *snake = lim_snake_case (name ? name : "");
  return g_strcmp0 (wh, snake) == 0;
}

gboolean
lim_apply_liminal_validate (const LimOperation *op, LimSnapshot *model, LimApplyFlags flags, GError **error)
{
  gboolean flag = (flags & LIM_APPLY_FLAG_CHANGE_WAREHOUSE_NAME) != 0;
  const char *cls = op->spec->class_name;

  switch (op->spec->kind)
    {
    case LIM_OP_CREATE_ENTITY_SCHEMA:
      {
        const LimProps *p = op->args[0].props;
        const char *name = lim_props_get_str (p, LIM_SCHEMA_NAME);
        const char *wh = lim_props_get_str (p, LIM_SCHEMA_WAREHOUSE_NAME);
        GPtrArray *fields = op->args[1].fields;

        if (!flag && !custom_wh_allowed (wh, name))
          {
            g_autofree char *snake = lim_snake_case (name ? name : "");
            FAIL_VALID ("%s %s: Tenant config flag SCHEMAS_ENABLE_CHANGE_WAREHOUSE_NAME is required to set a custom schema "
                        "warehouse name. Reach out to Benchling support to turn this config flag to True and then set the "
                        "flag to True in BenchlingConnection.config_flags. Otherwise, define the schema warehouse_name in "
                        "code to be the given Benchling warehouse name: %s.", cls, PY (name), snake);
            return FALSE;
          }
        for (guint i = 0; fields && i < fields->len; i++)
          {
            const LimProps *f = g_ptr_array_index (fields, i);
            const char *unit = lim_props_get_str (f, LIM_FIELD_UNIT_NAME);
            if (unit && *unit && lim_snapshot_unit_id (model, unit) == NULL)
              {
                FAIL_VALID ("%s %s: On field %s, unit %s not found in Benchling Unit Dictionary as a valid unit. "
                            "Please check the field definition or your Unit Dictionary.",
                            cls, PY (wh), PY (lim_props_get_str (f, LIM_FIELD_WAREHOUSE_NAME)), unit);
                return FALSE;
              }
          }
        return TRUE;
      }
    case LIM_OP_UPDATE_ENTITY_SCHEMA:
      if (!flag && lim_props_get_str (op->args[1].props, LIM_SCHEMA_WAREHOUSE_NAME))
        {
          FAIL_VALID ("%s %s: Tenant config flag SCHEMAS_ENABLE_CHANGE_WAREHOUSE_NAME is required to update the schema "
                      "warehouse_name to a custom name. Reach out to Benchling support to turn this config flag to True "
                      "and then set the flag to True in BenchlingConnection.config_flags.", cls, op->args[0].s);
          return FALSE;
        }
      return TRUE;
    case LIM_OP_CREATE_ENTITY_SCHEMA_FIELD:
      {
        const LimProps *p = op->args[1].props;
        const char *name = lim_props_get_str (p, LIM_FIELD_NAME);
        const char *fwh = lim_props_get_str (p, LIM_FIELD_WAREHOUSE_NAME);
        const char *unit = lim_props_get_str (p, LIM_FIELD_UNIT_NAME);

        if (!flag && !custom_wh_allowed (fwh, name))
          {
            g_autofree char *snake = lim_snake_case (name ? name : "");
            FAIL_VALID ("%s %s: Tenant config flag SCHEMAS_ENABLE_CHANGE_WAREHOUSE_NAME is required to set a custom field "
                        "warehouse name. Reach out to Benchling support to turn this config flag to True and then set the "
                        "flag to True in BenchlingConnection.config_flags. Otherwise, define the field warehouse_name in "
                        "code to be the given Benchling warehouse name: %s.", cls, op->args[0].s, snake);
            return FALSE;
          }
        if (unit && *unit && lim_snapshot_unit_id (model, unit) == NULL)
          {
            FAIL_VALID ("%s %s: On field %s, unit %s not found in Benchling Unit Dictionary as a valid unit. "
                        "Please check the field definition or your Unit Dictionary.", cls, op->args[0].s, PY (fwh), unit);
            return FALSE;
          }
        /* Liminal warns here that units cannot be changed once set. */
        return TRUE;
      }
    case LIM_OP_UPDATE_ENTITY_SCHEMA_FIELD:
      {
        const char *wh = op->args[0].s;
        const char *fwh = op->args[1].s;
        const LimProps *u = op->args[2].props;
        const char *unit = lim_props_get_str (u, LIM_FIELD_UNIT_NAME);
        const LimSnapshotSchema *s = lim_snapshot_lookup_schema (model, wh);
        const LimSnapshotField *f;

        if (s == NULL)
          {
            if (unit && *unit && lim_snapshot_unit_id (model, unit) == NULL)
              {
                FAIL_VALID ("%s %s: On field %s, unit %s not found in Benchling Unit Dictionary as a valid unit. "
                            "Please check the field definition or your Unit Dictionary.", cls, wh, fwh, unit);
                return FALSE;
              }
            return TRUE;
          }
        if (!flag && lim_props_get_str (u, LIM_FIELD_WAREHOUSE_NAME))
          {
            FAIL_VALID ("%s %s: Tenant config flag SCHEMAS_ENABLE_CHANGE_WAREHOUSE_NAME is required to update the field "
                        "warehouse_name to a custom name. Reach out to Benchling support to turn this config flag to True "
                        "and then set the flag to True in BenchlingConnection.config_flags.", cls, wh);
            return FALSE;
          }
        if (lim_props_is_set (u, LIM_FIELD_UNIT_NAME))
          {
            f = lim_snapshot_schema_lookup_field (s, fwh);
            if (f == NULL)
              {
                FAIL_VALID ("Field '%s' not found in schema", fwh);
                return FALSE;
              }
            if (lim_json_get_string (f->json, "unitApiIdentifier"))
              {
                FAIL_VALID ("%s %s: Updating unit name to %s on field %s. The unit of this field CANNOT be changed once "
                            "it's been set.", cls, wh, unit ? unit : "None", fwh);
                return FALSE;
              }
            if (unit == NULL || lim_snapshot_unit_id (model, unit) == NULL)
              {
                FAIL_VALID ("%s %s: On field %s, unit %s not found in Benchling Unit Dictionary as a valid unit. "
                            "Please check the field definition or your Unit Dictionary.", cls, wh, fwh, unit ? unit : "None");
                return FALSE;
              }
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
    case LIM_OP_UNARCHIVE_ENTITY_SCHEMA_FIELD:
    case LIM_OP_ARCHIVE_ENTITY_SCHEMA_FIELD:
    case LIM_OP_REORDER_ENTITY_SCHEMA_FIELDS:
    case LIM_OP_ARCHIVE_ENTITY_SCHEMA:
    case LIM_OP_ARCHIVE_DROPDOWN:
      /* ArchiveDropdown's validate() inspects the local models, which this
       * layer does not have; the caller checks it. */
      return TRUE;
    case LIM_OP_N_KINDS:
    default:
      g_return_val_if_reached (FALSE);
    }
}

gboolean
lim_apply_validate (const LimOperation *op, LimSnapshot *model, LimApplyFlags flags, GError **error)
{
  Plan plan;
  gboolean ok;

  g_return_val_if_fail (op != NULL && model != NULL, FALSE);
  if (!lim_apply_liminal_validate (op, model, flags, error))
    return FALSE;
  ok = make_plan (op, model, flags, &plan, error);
  plan_clear (&plan);
  return ok;
}

/* ---------------------------------------------------------------- requests */

static JsonObject *
option_json (const PlanOption *po)
{
  JsonObject *o = json_object_new ();
  /* A placeholder id is never sent (the runner re-reads the tenant first). */
  if (po->option->id && !po->option->provisional)
    json_object_set_string_member (o, "id", po->option->id);
  json_object_set_string_member (o, "name", po->option->name);
  switch (po->record)
    {
    case REC_ABSENT:
      break;
    case REC_REASON:
      {
        JsonObject *r = json_object_new ();
        json_object_set_string_member (r, "reason", po->option->archive_purpose ? po->option->archive_purpose : MADE_IN_ERROR);
        json_object_set_object_member (o, "archiveRecord", r);
      }
      break;
    case REC_PURPOSE:
      json_object_set_object_member (o, "archiveRecord", archive_record ());
      break;
    case REC_NULL:
      json_object_set_null_member (o, "archiveRecord");
      break;
    default:
      g_assert_not_reached ();
    }
  return o;
}

/* CreateTagSchemaFieldModel.model_dump() */
static JsonObject *
create_shape (JsonObject *j)
{
  JsonObject *o = json_object_new ();
  static const char * const keys[] = {
    "fieldType", "isMulti", "isRequired", "isParentLink", "schemaFieldSelectorId", "systemName", "name",
    "requiredLink", "tooltipText", "decimalPrecision", "unitApiIdentifier",
  };
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      JsonNode *n = json_object_get_member (j, keys[i]);
      json_object_set_member (o, keys[i], n ? json_node_copy (n) : json_node_init_null (json_node_alloc ()));
    }
  return o;
}

static GPtrArray *
plan_requests (const Plan *plan)
{
  GPtrArray *reqs = g_ptr_array_new_with_free_func ((GDestroyNotify) lim_request_free);
  LimRequest *req = NULL;
  JsonObject *body = plan->body ? json_object_ref (plan->body) : NULL;

  switch (plan->kind)
    {
    case PLAN_SKIP:
      break;
    case PLAN_CREATE_DROPDOWN:
      req = request_new ("POST", LIM_REALM_PUBLIC, body, "/api/v2/dropdowns");
      break;
    case PLAN_UNARCHIVE_DROPDOWN:
      req = request_new ("POST", LIM_REALM_INTERNAL, body, "/1/api/schema-field-selectors:bulk-unarchive");
      break;
    case PLAN_ARCHIVE_DROPDOWN:
      req = request_new ("POST", LIM_REALM_INTERNAL, body, "/1/api/schema-field-selectors:bulk-archive");
      break;
    case PLAN_RENAME_DROPDOWN:
      req = request_new ("PATCH", LIM_REALM_INTERNAL, body, "/1/api/schema-field-selectors/%s", plan->dropdown->id);
      break;
    case PLAN_OPTIONS:
      {
        JsonObject *o = json_object_new ();
        JsonArray *arr = json_array_new ();
        for (guint i = 0; i < plan->options->len; i++)
          json_array_add_object_element (arr, option_json (g_ptr_array_index (plan->options, i)));
        json_object_set_array_member (o, "schemaFieldSelectorOptions", arr);
        req = request_new ("PATCH", LIM_REALM_INTERNAL, o, "/1/api/schema-field-selectors/%s", plan->dropdown->id);
        req->may_need_confirmation = plan->confirm;
      }
      break;
    case PLAN_CREATE_SCHEMA:
      req = request_new ("POST", LIM_REALM_PUBLIC, body, "/api/v2-alpha/entity-schemas");
      break;
    case PLAN_UNARCHIVE_SCHEMA:
      req = request_new ("POST", LIM_REALM_INTERNAL, body, "/1/api/tag-schemas:bulk-unarchive");
      break;
    case PLAN_ARCHIVE_SCHEMA:
      req = request_new ("POST", LIM_REALM_INTERNAL, body, "/1/api/tag-schemas:bulk-archive");
      break;
    case PLAN_UPDATE_SCHEMA:
      req = request_new ("POST", LIM_REALM_INTERNAL, body, "/1/api/tag-schemas/%s/actions/update",
                         lim_snapshot_schema_get_id (plan->schema));
      req->polls_status = TRUE;
      break;
    case PLAN_NAME_TEMPLATE:
      req = request_new ("POST", LIM_REALM_INTERNAL, body, "/1/api/tag-schemas/%s/actions/set-name-template",
                         lim_snapshot_schema_get_id (plan->schema));
      break;
    case PLAN_FIELDS:
      {
        JsonObject *o = json_object_new ();
        JsonArray *arr = json_array_new ();
        for (guint i = 0; i < plan->fields->len; i++)
          {
            PlanField *pf = g_ptr_array_index (plan->fields, i);
            json_array_add_object_element (arr, pf->is_new ? create_shape (pf->json)
                                                           : lim_snapshot_field_dump (&(LimSnapshotField) { .json = pf->json }));
          }
        json_object_set_array_member (o, "fields", arr);
        req = request_new ("POST", LIM_REALM_INTERNAL, o, "/1/api/tag-schemas/%s/actions/update",
                           lim_snapshot_schema_get_id (plan->schema));
        req->polls_status = TRUE;
      }
      break;
    default:
      g_assert_not_reached ();
    }
  if (req)
    g_ptr_array_add (reqs, req);
  else if (body)
    json_object_unref (body);
  return reqs;
}

GPtrArray *
lim_apply_build_requests (const LimOperation *op, LimSnapshot *model, LimApplyFlags flags, GError **error)
{
  Plan plan;
  GPtrArray *reqs;

  g_return_val_if_fail (op != NULL && model != NULL, NULL);
  if (!make_plan (op, model, flags, &plan, error))
    {
      plan_clear (&plan);
      return NULL;
    }
  reqs = plan_requests (&plan);
  plan_clear (&plan);
  return reqs;
}

/* ---------------------------------------------------------------- freshness */

gboolean
lim_apply_needs_fresh_model (const LimOperation *op, LimSnapshot *model, LimApplyFlags flags)
{
  Plan plan;
  gboolean stale = FALSE;

  g_return_val_if_fail (op != NULL && model != NULL, FALSE);
  if (!make_plan (op, model, flags, &plan, NULL))
    {
      plan_clear (&plan);
      return lim_snapshot_has_provisional (model);
    }
  if ((plan.dropdown && plan.dropdown->provisional) || (plan.schema && plan.schema->provisional))
    stale = TRUE;
  for (guint i = 0; !stale && plan.options && i < plan.options->len; i++)
    stale = ((PlanOption *) g_ptr_array_index (plan.options, i))->option->provisional;
  for (guint i = 0; !stale && plan.fields && i < plan.fields->len; i++)
    {
      PlanField *pf = g_ptr_array_index (plan.fields, i);
      stale = pf->provisional && !pf->is_new;
    }
  if (!stale)
    {
      /* Placeholder ids embedded anywhere (links, selectors, template parts). */
      g_autoptr(GPtrArray) reqs = plan_requests (&plan);
      for (guint i = 0; !stale && i < reqs->len; i++)
        {
          g_autofree char *text = lim_request_to_string (g_ptr_array_index (reqs, i));
          stale = strstr (text, "_provisional_") != NULL;
        }
    }
  plan_clear (&plan);
  return stale;
}

/* ---------------------------------------------------------------- apply */

static JsonArray *
response_array (JsonNode *response, const char * const *keys)
{
  JsonObject *o;
  if (response == NULL || !JSON_NODE_HOLDS_OBJECT (response))
    return NULL;
  o = json_node_get_object (response);
  for (guint i = 0; keys[i]; i++)
    if (arr_member (o, keys[i]))
      return arr_member (o, keys[i]);
  return NULL;
}

static const char *
response_id (JsonNode *response)
{
  if (response == NULL || !JSON_NODE_HOLDS_OBJECT (response))
    return NULL;
  return lim_json_get_string (json_node_get_object (response), "id");
}

static void
apply_options (LimSnapshot *model, LimSnapshotDropdown *d, GPtrArray *options, JsonNode *response)
{
  static const char * const keys[] = { "allSchemaFieldSelectorOptions", "schemaFieldSelectorOptions", "options", NULL };
  JsonArray *resp = response_array (response, keys);

  g_ptr_array_set_size (d->options, 0);
  for (guint i = 0; i < options->len; i++)
    {
      PlanOption *po = g_ptr_array_index (options, i);
      LimSnapshotOption *o = lim_snapshot_option_new (po->option->id, po->option->name, po->option->archive_purpose);
      o->archived = po->option->archived;
      o->provisional = po->option->provisional;
      if (o->id == NULL)
        {
          for (guint k = 0; resp && k < json_array_get_length (resp) && o->id == NULL; k++)
            {
              JsonObject *ro = json_array_get_object_element (resp, k);
              if (g_strcmp0 (lim_json_get_string (ro, "name"), o->name) == 0 && lim_json_get_string (ro, "id"))
                o->id = g_strdup (lim_json_get_string (ro, "id"));
            }
          if (o->id == NULL)
            {
              o->id = lim_snapshot_mint_id (model, "sfso");
              o->provisional = TRUE;
            }
        }
      g_ptr_array_add (d->options, o);
    }
}

/* Take real ids for fields from a response listing fields. */
static void
adopt_field_ids (LimSnapshotField *f, JsonArray *resp)
{
  const char *wh = lim_snapshot_field_get_warehouse_name (f);

  for (guint k = 0; resp && k < json_array_get_length (resp); k++)
    {
      JsonObject *ro = json_array_get_object_element (resp, k);
      const char *rwh = lim_json_get_string (ro, "systemName");
      const char *api_id = lim_json_get_string (ro, "apiId");
      JsonNode *id = json_object_get_member (ro, "id");

      if (rwh == NULL)
        rwh = lim_json_get_string (ro, "name") && g_strcmp0 (lim_json_get_string (ro, "name"), lim_snapshot_field_get_name (f)) == 0
              ? wh : NULL;
      if (g_strcmp0 (rwh, wh) != 0)
        continue;
      if (api_id == NULL && id && JSON_NODE_HOLDS_VALUE (id) && json_node_get_value_type (id) == G_TYPE_STRING)
        api_id = json_node_get_string (id);   /* public API: id is the tsf_ id */
      if (api_id)
        json_object_set_string_member (f->json, "apiId", api_id);
      /* Only the internal numeric id makes the field safe to send back. */
      if (id && JSON_NODE_HOLDS_VALUE (id) && json_node_get_value_type (id) == G_TYPE_INT64)
        {
          json_object_set_int_member (f->json, "id", json_node_get_int (id));
          f->provisional = FALSE;
        }
      return;
    }
}

static void
set_archive_json (JsonObject *j, gboolean archived)
{
  if (archived)
    json_object_set_object_member (j, "archiveRecord", archive_record ());
  else
    json_object_set_null_member (j, "archiveRecord");
}

static gboolean
apply_plan (const LimOperation *op, LimSnapshot *model, Plan *plan, JsonNode *response, GError **error)
{
  switch (plan->kind)
    {
    case PLAN_SKIP:
      return TRUE;
    case PLAN_CREATE_DROPDOWN:
      {
        static const char * const keys[] = { "options", "allSchemaFieldSelectorOptions", NULL };
        const char *id = response_id (response);
        g_autofree char *minted = id ? NULL : lim_snapshot_mint_id (model, "sfs");
        LimSnapshotDropdown *d = lim_snapshot_add_dropdown (model, id ? id : minted, op->args[0].s);
        g_autoptr(GPtrArray) opts = g_ptr_array_new_with_free_func (plan_option_free);
        JsonArray *resp = response_array (response, keys);
        GPtrArray *names = op->args[1].strv;

        d->provisional = id == NULL;
        for (guint i = 0; names && i < names->len; i++)
          {
            PlanOption *po = g_new0 (PlanOption, 1);
            po->option = lim_snapshot_option_new (NULL, g_ptr_array_index (names, i), NULL);
            g_ptr_array_add (opts, po);
          }
        apply_options (model, d, opts, resp ? response : NULL);
        lim_snapshot_dropdowns_changed (model);
        return TRUE;
      }
    case PLAN_UNARCHIVE_DROPDOWN:
    case PLAN_ARCHIVE_DROPDOWN:
      {
        LimSnapshotDropdown *d = lim_snapshot_edit_dropdown (model, plan->dropdown);
        d->archived = plan->kind == PLAN_ARCHIVE_DROPDOWN;
        g_free (d->archive_purpose);
        d->archive_purpose = d->archived ? g_strdup (MADE_IN_ERROR) : NULL;
        lim_snapshot_dropdowns_changed (model);
        return TRUE;
      }
    case PLAN_RENAME_DROPDOWN:
      {
        LimSnapshotDropdown *d = lim_snapshot_edit_dropdown (model, plan->dropdown);
        g_free (d->name);
        d->name = g_strdup (plan->new_name);
        lim_snapshot_dropdowns_changed (model);
        return TRUE;
      }
    case PLAN_OPTIONS:
      {
        LimSnapshotDropdown *d = lim_snapshot_edit_dropdown (model, plan->dropdown);
        apply_options (model, d, plan->options, response);
        return TRUE;
      }
    case PLAN_CREATE_SCHEMA:
      {
        JsonObject *created = g_steal_pointer (&plan->created);
        const char *id = response_id (response);
        LimSnapshotSchema *s;
        static const char * const keys[] = { "fields", "allFields", NULL };
        JsonArray *resp = response_array (response, keys);

        if (id)
          json_object_set_string_member (created, "id", id);
        s = lim_snapshot_add_schema_json (model, created, error);
        if (s == NULL)
          return FALSE;
        s->provisional = id == NULL;
        for (guint i = 0; i < s->fields->len; i++)
          {
            LimSnapshotField *f = g_ptr_array_index (s->fields, i);
            f->provisional = TRUE;
            adopt_field_ids (f, resp);
          }
        lim_snapshot_schema_changed (model, s);
        return TRUE;
      }
    case PLAN_UNARCHIVE_SCHEMA:
    case PLAN_ARCHIVE_SCHEMA:
      {
        LimSnapshotSchema *s = lim_snapshot_edit_schema (model, plan->schema);
        set_archive_json (s->json, plan->kind == PLAN_ARCHIVE_SCHEMA);
        lim_snapshot_schema_changed (model, s);
        return TRUE;
      }
    case PLAN_UPDATE_SCHEMA:
      {
        LimSnapshotSchema *s = lim_snapshot_edit_schema (model, plan->schema);
        JsonObjectIter iter;
        const char *key;
        JsonNode *value;

        json_object_iter_init_ordered (&iter, plan->body);
        while (json_object_iter_next_ordered (&iter, &key, &value))
          {
            if (strcmp (key, "sqlIdentifier") == 0 && JSON_NODE_HOLDS_NULL (value))
              continue;
            json_object_set_member (s->json, key, json_node_copy (value));
          }
        /* The constraint body embeds dumped fields: store a private copy. */
        if (obj_member (plan->body, "constraint"))
          json_object_set_object_member (s->json, "constraint",
                                         lim_json_object_copy (obj_member (plan->body, "constraint")));
        lim_snapshot_schema_changed (model, s);
        return TRUE;
      }
    case PLAN_NAME_TEMPLATE:
      {
        LimSnapshotSchema *s = lim_snapshot_edit_schema (model, plan->schema);
        g_autoptr(JsonObject) copy = lim_json_object_copy (plan->body);

        json_object_set_member (s->json, "nameTemplateParts",
                                json_node_ref (json_object_get_member (copy, "nameTemplateParts")));
        json_object_set_member (s->json, "shouldOrderNamePartsBySequence",
                                json_node_ref (json_object_get_member (copy, "shouldOrderNamePartsBySequence")));
        lim_snapshot_schema_changed (model, s);
        return TRUE;
      }
    case PLAN_FIELDS:
      {
        LimSnapshotSchema *s = lim_snapshot_edit_schema (model, plan->schema);
        static const char * const keys[] = { "allFields", "fields", NULL };
        JsonArray *resp = response_array (response, keys);

        g_ptr_array_set_size (s->fields, 0);
        for (guint i = 0; i < plan->fields->len; i++)
          {
            PlanField *pf = g_ptr_array_index (plan->fields, i);
            LimSnapshotField *f = lim_snapshot_field_new (json_object_ref (pf->json));
            f->provisional = pf->provisional;
            if (pf->is_new)
              adopt_field_ids (f, resp);
            g_ptr_array_add (s->fields, f);
          }
        /* The plan's JSON now belongs to the model. */
        g_ptr_array_set_size (plan->fields, 0);
        lim_snapshot_schema_changed (model, s);
        return TRUE;
      }
    default:
      g_return_val_if_reached (FALSE);
    }
}

gboolean
lim_apply_with_response (const LimOperation *op, LimSnapshot *model, LimApplyFlags flags, JsonNode *response, GError **error)
{
  Plan plan;
  gboolean ok;

  g_return_val_if_fail (op != NULL && model != NULL, FALSE);
  if (!make_plan (op, model, flags, &plan, error))
    {
      plan_clear (&plan);
      return FALSE;
    }
  ok = apply_plan (op, model, &plan, response, error);
  plan_clear (&plan);
  return ok;
}

gboolean
lim_apply (const LimOperation *op, LimSnapshot *model, LimApplyFlags flags, GError **error)
{
  return lim_apply_with_response (op, model, flags, NULL, error);
}

/* ---------------------------------------------------------------- check_state */

static LimApplyState
state_of (gboolean applied)
{
  return applied ? LIM_APPLY_STATE_APPLIED : LIM_APPLY_STATE_NOT_APPLIED;
}

/* Would a field props update be a no-op on @f?  Only the keys Liminal
 * actually applies count (falsy type/entity/dropdown links are ignored). */
static gboolean
field_has_values (LimSnapshot *model, const LimSnapshotField *f, const LimProps *u)
{
  const char *v;

  if (lim_props_is_set (u, LIM_FIELD_NAME) &&
      g_strcmp0 (lim_props_get_str (u, LIM_FIELD_NAME), lim_snapshot_field_get_name (f)) != 0)
    return FALSE;
  if ((v = lim_props_get_str (u, LIM_FIELD_WAREHOUSE_NAME)) && g_strcmp0 (v, field_wh (f)) != 0)
    return FALSE;
  if ((v = lim_props_get_str (u, LIM_FIELD_TYPE)) && g_strcmp0 (v, lim_props_get_str (f->props, LIM_FIELD_TYPE)) != 0)
    return FALSE;
  if ((v = lim_props_get_str (u, LIM_FIELD_ENTITY_LINK)) && *v &&
      g_strcmp0 (v, lim_props_get_str (f->props, LIM_FIELD_ENTITY_LINK)) != 0)
    return FALSE;
  if ((v = lim_props_get_str (u, LIM_FIELD_DROPDOWN_LINK)) && *v)
    {
      const LimSnapshotDropdown *d = lim_snapshot_lookup_dropdown_first (model, v);
      if (d == NULL || g_strcmp0 (d->id, lim_json_get_string (f->json, "schemaFieldSelectorId")) != 0)
        return FALSE;
    }
  {
    static const guint same_keys[] = { LIM_FIELD_REQUIRED, LIM_FIELD_IS_MULTI, LIM_FIELD_PARENT_LINK,
                                       LIM_FIELD_TOOLTIP, LIM_FIELD_DECIMAL_PLACES, LIM_FIELD_UNIT_NAME };
    for (guint i = 0; i < G_N_ELEMENTS (same_keys); i++)
      if (lim_props_is_set (u, same_keys[i]) && !lim_props_value_equal (u, f->props, same_keys[i]))
        return FALSE;
  }
  return TRUE;
}

static gboolean
schema_has_values (const LimSnapshotSchema *s, const LimProps *u)
{
  guint n;
  lim_props_specs (LIM_PROPS_SCHEMA, &n);
  for (guint k = 0; k < n; k++)
    {
      if (!lim_props_is_set (u, k))
        continue;
      if (k == LIM_SCHEMA_ENTITY_TYPE && lim_props_get_str (u, k) == NULL)
        continue;   /* a None entity type is not sent */
      if (k == LIM_SCHEMA_WAREHOUSE_NAME && lim_props_get_str (u, k) == NULL)
        continue;
      if (k == LIM_SCHEMA_CONSTRAINT_FIELDS)
        {
          /* Benchling keeps only active fields that exist. */
          GPtrArray *want = lim_props_get_set (u, k);
          GPtrArray *have = lim_props_get_set (s->props, k);
          guint nwant = 0;
          for (guint i = 0; want && i < want->len; i++)
            {
              const char *c = g_ptr_array_index (want, i);
              const LimSnapshotField *f = lim_snapshot_schema_lookup_field (s, c);
              if (is_sequence_constraint (c) || (f && !lim_snapshot_field_is_archived (f)))
                nwant++;
              else
                continue;
              if (!have || !g_ptr_array_find_with_equal_func (have, c, g_str_equal, NULL))
                return FALSE;
            }
          if ((have ? have->len : 0) != nwant)
            return FALSE;
          continue;
        }
      if (!lim_props_value_equal (u, s->props, k))
        return FALSE;
    }
  return TRUE;
}

static gboolean
template_matches (const LimSnapshotSchema *s, const LimNameTemplate *t)
{
  if (t->parts_set)
    {
      JsonArray *cur = arr_member (s->json, "nameTemplateParts");
      guint n = cur ? json_array_get_length (cur) : 0;
      if (t->parts == NULL || t->parts->len != n)
        return FALSE;
      for (guint i = 0; i < n; i++)
        {
          const LimNameTemplatePart *want = g_ptr_array_index (t->parts, i);
          const LimNameTemplatePart *have = g_ptr_array_index (s->name_template->parts, i);
          if (want->spec != have->spec || g_strcmp0 (want->data, have->data) != 0)
            return FALSE;
        }
    }
  if (t->order_set && t->order_name_parts_by_sequence != s->name_template->order_name_parts_by_sequence)
    return FALSE;
  return TRUE;
}

LimApplyState
lim_apply_check_state (const LimOperation *op, LimSnapshot *model)
{
  const LimOpArg *a = op->args;

  g_return_val_if_fail (op != NULL && model != NULL, LIM_APPLY_STATE_UNKNOWN);
  switch (op->spec->kind)
    {
    case LIM_OP_CREATE_DROPDOWN:
      {
        const LimSnapshotDropdown *d = lim_snapshot_lookup_dropdown (model, a[0].s);
        if (d == NULL || d->archived)
          return LIM_APPLY_STATE_NOT_APPLIED;
        return option_names_equal (d, a[1].strv) ? LIM_APPLY_STATE_APPLIED : LIM_APPLY_STATE_UNKNOWN;
      }
    case LIM_OP_UPDATE_DROPDOWN_NAME:
      {
        gboolean has_old = lim_snapshot_lookup_dropdown (model, a[0].s) != NULL;
        gboolean has_new = lim_snapshot_lookup_dropdown (model, a[1].s) != NULL;
        if (g_strcmp0 (a[0].s, a[1].s) == 0)
          return has_old ? LIM_APPLY_STATE_APPLIED : LIM_APPLY_STATE_UNKNOWN;
        if (has_new && !has_old)
          return LIM_APPLY_STATE_APPLIED;
        if (has_old && !has_new)
          return LIM_APPLY_STATE_NOT_APPLIED;
        return LIM_APPLY_STATE_UNKNOWN;
      }
    case LIM_OP_UNARCHIVE_DROPDOWN:
    case LIM_OP_ARCHIVE_DROPDOWN:
      {
        const LimSnapshotDropdown *d = lim_snapshot_lookup_dropdown (model, a[0].s);
        if (d == NULL)
          return LIM_APPLY_STATE_UNKNOWN;
        return state_of (d->archived == (op->spec->kind == LIM_OP_ARCHIVE_DROPDOWN));
      }
    case LIM_OP_CREATE_DROPDOWN_OPTION:
      {
        const LimSnapshotDropdown *d = lim_snapshot_lookup_dropdown (model, a[0].s);
        gboolean active = FALSE;
        if (d == NULL)
          return LIM_APPLY_STATE_UNKNOWN;
        for (guint i = 0; i < d->options->len; i++)
          {
            const LimSnapshotOption *o = g_ptr_array_index (d->options, i);
            active |= !o->archived && g_strcmp0 (o->name, a[1].s) == 0;
          }
        return state_of (active);
      }
    case LIM_OP_UPDATE_DROPDOWN_OPTION:
      {
        const LimSnapshotDropdown *d = lim_snapshot_lookup_dropdown (model, a[0].s);
        if (d == NULL)
          return LIM_APPLY_STATE_UNKNOWN;
        if (lim_snapshot_dropdown_find_option (d, a[1].s) && g_strcmp0 (a[1].s, a[2].s) != 0)
          return LIM_APPLY_STATE_NOT_APPLIED;
        return lim_snapshot_dropdown_find_option (d, a[2].s) ? LIM_APPLY_STATE_APPLIED : LIM_APPLY_STATE_UNKNOWN;
      }
    case LIM_OP_ARCHIVE_DROPDOWN_OPTION:
      {
        const LimSnapshotDropdown *d = lim_snapshot_lookup_dropdown (model, a[0].s);
        const LimSnapshotOption *o = d ? lim_snapshot_dropdown_find_option (d, a[1].s) : NULL;
        if (o == NULL)
          return LIM_APPLY_STATE_UNKNOWN;
        return state_of (o->archived);
      }
    case LIM_OP_REORDER_DROPDOWN_OPTIONS:
      {
        const LimSnapshotDropdown *d = lim_snapshot_lookup_dropdown (model, a[0].s);
        g_autoptr(GPtrArray) names = NULL;
        g_autoptr(GArray) idx = NULL;
        if (d == NULL)
          return LIM_APPLY_STATE_UNKNOWN;
        names = g_ptr_array_new ();
        for (guint i = 0; i < d->options->len; i++)
          g_ptr_array_add (names, ((LimSnapshotOption *) g_ptr_array_index (d->options, i))->name);
        idx = reorder_indexes (names, a[1].strv);
        for (guint i = 0; i < idx->len; i++)
          if (g_array_index (idx, guint, i) != i)
            return LIM_APPLY_STATE_NOT_APPLIED;
        return LIM_APPLY_STATE_APPLIED;
      }
    case LIM_OP_CREATE_ENTITY_SCHEMA:
      {
        const LimProps *p = a[0].props;
        const char *wh = lim_props_get_str (p, LIM_SCHEMA_WAREHOUSE_NAME);
        g_autofree char *given = lim_snake_case (lim_props_get_str (p, LIM_SCHEMA_NAME));
        const LimSnapshotSchema *s = lim_snapshot_lookup_schema (model, wh);

        /* The alpha create names the table after the display name; a
         * custom warehouse name comes with a later UpdateEntitySchema. */
        if (s == NULL)
          s = lim_snapshot_lookup_schema (model, given);
        if (s == NULL)
          return LIM_APPLY_STATE_NOT_APPLIED;
        if (lim_snapshot_schema_is_archived (s))
          return g_strcmp0 (lim_snapshot_schema_get_warehouse_name (s), wh) == 0 ? LIM_APPLY_STATE_NOT_APPLIED
                                                                               : LIM_APPLY_STATE_UNKNOWN;
        if (g_strcmp0 (lim_snapshot_schema_get_name (s), lim_props_get_str (p, LIM_SCHEMA_NAME)) != 0)
          return LIM_APPLY_STATE_UNKNOWN;
        for (guint i = 0; a[1].fields && i < a[1].fields->len; i++)
          {
            const LimSnapshotField *f = lim_snapshot_schema_lookup_field (
              s, lim_props_get_str (g_ptr_array_index (a[1].fields, i), LIM_FIELD_WAREHOUSE_NAME));
            if (f == NULL || lim_snapshot_field_is_archived (f))
              return LIM_APPLY_STATE_UNKNOWN;
          }
        return LIM_APPLY_STATE_APPLIED;
      }
    case LIM_OP_UNARCHIVE_ENTITY_SCHEMA:
    case LIM_OP_ARCHIVE_ENTITY_SCHEMA:
      {
        const LimSnapshotSchema *s = lim_snapshot_lookup_schema (model, a[0].s);
        if (s == NULL)
          return LIM_APPLY_STATE_UNKNOWN;
        return state_of (lim_snapshot_schema_is_archived (s) == (op->spec->kind == LIM_OP_ARCHIVE_ENTITY_SCHEMA));
      }
    case LIM_OP_UPDATE_ENTITY_SCHEMA:
      {
        const char *new_wh = lim_props_get_str (a[1].props, LIM_SCHEMA_WAREHOUSE_NAME);
        const LimSnapshotSchema *s = lim_snapshot_lookup_schema (model, a[0].s);
        if (new_wh && g_strcmp0 (new_wh, a[0].s) != 0)
          {
            const LimSnapshotSchema *renamed = lim_snapshot_lookup_schema (model, new_wh);
            if (renamed)
              return schema_has_values (renamed, a[1].props) ? LIM_APPLY_STATE_APPLIED : LIM_APPLY_STATE_UNKNOWN;
            return s ? LIM_APPLY_STATE_NOT_APPLIED : LIM_APPLY_STATE_UNKNOWN;
          }
        if (s == NULL)
          return LIM_APPLY_STATE_UNKNOWN;
        return state_of (schema_has_values (s, a[1].props));
      }
    case LIM_OP_UPDATE_ENTITY_SCHEMA_NAME_TEMPLATE:
      {
        const LimSnapshotSchema *s = lim_snapshot_lookup_schema (model, a[0].s);
        if (s == NULL)
          return LIM_APPLY_STATE_UNKNOWN;
        return state_of (template_matches (s, a[1].tmpl));
      }
    case LIM_OP_CREATE_ENTITY_SCHEMA_FIELD:
    case LIM_OP_UNARCHIVE_ENTITY_SCHEMA_FIELD:
    case LIM_OP_ARCHIVE_ENTITY_SCHEMA_FIELD:
      {
        const LimSnapshotSchema *s = lim_snapshot_lookup_schema (model, a[0].s);
        const char *fwh = op->spec->kind == LIM_OP_CREATE_ENTITY_SCHEMA_FIELD
                          ? lim_props_get_str (a[1].props, LIM_FIELD_WAREHOUSE_NAME) : a[1].s;
        const LimSnapshotField *f = s ? lim_snapshot_schema_lookup_field (s, fwh) : NULL;
        if (s == NULL)
          return LIM_APPLY_STATE_UNKNOWN;
        if (f == NULL)
          return op->spec->kind == LIM_OP_CREATE_ENTITY_SCHEMA_FIELD ? LIM_APPLY_STATE_NOT_APPLIED
                                                                     : LIM_APPLY_STATE_UNKNOWN;
        /* An active field of another name or type is not this create. */
        if (op->spec->kind == LIM_OP_CREATE_ENTITY_SCHEMA_FIELD && !lim_snapshot_field_is_archived (f) &&
            (g_strcmp0 (lim_snapshot_field_get_name (f), lim_props_get_str (a[1].props, LIM_FIELD_NAME)) != 0 ||
             g_strcmp0 (lim_props_get_str (f->props, LIM_FIELD_TYPE), lim_props_get_str (a[1].props, LIM_FIELD_TYPE)) != 0))
          return LIM_APPLY_STATE_UNKNOWN;
        return state_of (lim_snapshot_field_is_archived (f) == (op->spec->kind == LIM_OP_ARCHIVE_ENTITY_SCHEMA_FIELD));
      }
    case LIM_OP_UPDATE_ENTITY_SCHEMA_FIELD:
      {
        const LimSnapshotSchema *s = lim_snapshot_lookup_schema (model, a[0].s);
        const char *new_wh = lim_props_get_str (a[2].props, LIM_FIELD_WAREHOUSE_NAME);
        const LimSnapshotField *f;
        if (s == NULL)
          return LIM_APPLY_STATE_UNKNOWN;
        f = lim_snapshot_schema_lookup_field (s, a[1].s);
        if (new_wh && g_strcmp0 (new_wh, a[1].s) != 0)
          {
            const LimSnapshotField *renamed = lim_snapshot_schema_lookup_field (s, new_wh);
            if (renamed)
              return field_has_values (model, renamed, a[2].props) ? LIM_APPLY_STATE_APPLIED : LIM_APPLY_STATE_UNKNOWN;
            return f ? LIM_APPLY_STATE_NOT_APPLIED : LIM_APPLY_STATE_UNKNOWN;
          }
        if (f == NULL)
          return LIM_APPLY_STATE_UNKNOWN;
        return state_of (field_has_values (model, f, a[2].props));
      }
    case LIM_OP_REORDER_ENTITY_SCHEMA_FIELDS:
      {
        const LimSnapshotSchema *s = lim_snapshot_lookup_schema (model, a[0].s);
        g_autoptr(GPtrArray) names = NULL;
        g_autoptr(GArray) idx = NULL;
        if (s == NULL)
          return LIM_APPLY_STATE_UNKNOWN;
        names = g_ptr_array_new ();
        for (guint i = 0; i < s->fields->len; i++)
          g_ptr_array_add (names, (gpointer) field_wh (g_ptr_array_index (s->fields, i)));
        idx = reorder_indexes (names, a[1].strv);
        for (guint i = 0; i < idx->len; i++)
          if (g_array_index (idx, guint, i) != i)
            return LIM_APPLY_STATE_NOT_APPLIED;
        return LIM_APPLY_STATE_APPLIED;
      }
    case LIM_OP_N_KINDS:
    default:
      g_return_val_if_reached (LIM_APPLY_STATE_UNKNOWN);
    }
}

/* ---------------------------------------------------------------- remote marker (§3) */

static LimOperation *
marker_operation (LimSnapshot *model, const char *revision_id, GError **error)
{
  const LimSnapshotSchema *s = lim_snapshot_lookup_schema (model, LIM_SNAPSHOT_REMOTE_SCHEMA);
  LimOperation *op;

  if (s == NULL)
    {
      LimProps *p = lim_props_new (LIM_PROPS_SCHEMA);
      LimProps *f = lim_props_new (LIM_PROPS_FIELD);
      static const char * const strategies[] = { "NEW_IDS" };

      op = lim_operation_new (LIM_OP_CREATE_ENTITY_SCHEMA);
      lim_props_set_str (p, LIM_SCHEMA_NAME, LIM_SNAPSHOT_REMOTE_SCHEMA);
      lim_props_set_str (p, LIM_SCHEMA_WAREHOUSE_NAME, LIM_SNAPSHOT_REMOTE_SCHEMA);
      lim_props_set_str (p, LIM_SCHEMA_PREFIX, LIM_SNAPSHOT_REMOTE_SCHEMA);
      lim_props_set_str (p, LIM_SCHEMA_ENTITY_TYPE, "custom_entity");
      lim_props_set_set (p, LIM_SCHEMA_NAMING_STRATEGIES, strategies, 1);
      lim_props_set_str (f, LIM_FIELD_NAME, revision_id);
      lim_props_set_str (f, LIM_FIELD_WAREHOUSE_NAME, LIM_SNAPSHOT_REMOTE_FIELD);
      lim_props_set_str (f, LIM_FIELD_TYPE, "text");
      lim_props_set_bool (f, LIM_FIELD_PARENT_LINK, FALSE);
      lim_props_set_bool (f, LIM_FIELD_IS_MULTI, FALSE);
      lim_props_set_bool (f, LIM_FIELD_REQUIRED, TRUE);
      op->args[0].props = p;
      op->args[1].fields = g_ptr_array_new_with_free_func ((GDestroyNotify) lim_props_free);
      g_ptr_array_add (op->args[1].fields, f);
      return op;
    }
  {
    const LimSnapshotField *field = NULL;
    guint n = 0;
    LimProps *u;

    for (guint i = 0; i < s->fields->len; i++)
      {
        const LimSnapshotField *f = g_ptr_array_index (s->fields, i);
        if (!lim_snapshot_field_is_archived (f) &&
            g_strcmp0 (lim_snapshot_field_get_warehouse_name (f), LIM_SNAPSHOT_REMOTE_FIELD) == 0)
          {
            field = f;
            n++;
          }
      }
    if (n != 1)
      {
        g_set_error (error, LIM_SNAPSHOT_ERROR, LIM_SNAPSHOT_ERROR_REMOTE,
                     "Error finding field on %s schema with warehouse_name %s. Check schema fields to "
                     "ensure this field exists and is defined according to documentation.",
                     LIM_SNAPSHOT_REMOTE_SCHEMA, LIM_SNAPSHOT_REMOTE_FIELD);
        return NULL;
      }
    if (g_strcmp0 (lim_snapshot_field_get_name (field), revision_id) == 0)
      return NULL;
    op = lim_operation_new (LIM_OP_UPDATE_ENTITY_SCHEMA_FIELD);
    u = lim_props_new (LIM_PROPS_FIELD);
    lim_props_set_str (u, LIM_FIELD_NAME, revision_id);
    op->args[0].s = g_strdup (lim_snapshot_schema_get_warehouse_name (s));
    op->args[1].s = g_strdup (LIM_SNAPSHOT_REMOTE_FIELD);
    op->args[2].props = u;
    return op;
  }
}

GPtrArray *
lim_apply_marker_requests (LimSnapshot *model, const char *revision_id, LimApplyFlags flags, GError **error)
{
  GError *local = NULL;
  g_autoptr(LimOperation) op = marker_operation (model, revision_id, &local);

  if (op == NULL)
    {
      if (local)
        {
          g_propagate_error (error, local);
          return NULL;
        }
      return g_ptr_array_new_with_free_func ((GDestroyNotify) lim_request_free);
    }
  /* upsert runs execute() directly: no validate(). */
  return lim_apply_build_requests (op, model, flags, error);
}

gboolean
lim_apply_marker (LimSnapshot *model, const char *revision_id, LimApplyFlags flags, GError **error)
{
  GError *local = NULL;
  g_autoptr(LimOperation) op = marker_operation (model, revision_id, &local);

  if (op == NULL)
    {
      if (local)
        {
          g_propagate_error (error, local);
          return FALSE;
        }
      return TRUE;
    }
  return lim_apply (op, model, flags, error);
}
