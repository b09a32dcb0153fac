/* lim-apply-plan.c — the Plan an operation is turned into, and what follows
 * from it: the requests Liminal sends (§7.3–7.4) and the snapshot after
 * they succeeded.  Also the lookups with Liminal's error texts, the one
 * reorder rule for options and fields, and the small JSON builders the
 * operation files share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lim-apply-private.h"

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

static LimRequest *request_new (const char *method,
                                LimRealm    realm,
                                JsonObject *body,
                                const char *path_format,
                                ...) G_GNUC_PRINTF (4, 5);

static LimRequest *
request_new (const char *method,
             LimRealm    realm,
             JsonObject *body,
             const char *path_format,
             ...)
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
lim_request_confirmation (const LimRequest *req,
                          JsonNode         *option_to_update)
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

JsonNode *
lim_apply_mixture_node (const LimProps *p,
                        guint           key)
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

JsonArray *
lim_apply_strv_array (GPtrArray *set)
{
  JsonArray *arr = json_array_new ();
  for (guint i = 0; set && i < set->len; i++)
    json_array_add_string_element (arr, g_ptr_array_index (set, i));
  return arr;
}

JsonObject *
lim_apply_archive_record (void)
{
  JsonObject *o = json_object_new ();
  json_object_set_string_member (o, "purpose", MADE_IN_ERROR);
  return o;
}

JsonObject *
lim_apply_ids_body (const char *id,
                    gboolean    with_purpose)
{
  JsonObject *o = json_object_new ();
  JsonArray *ids = json_array_new ();
  json_array_add_string_element (ids, id);
  json_object_set_array_member (o, "ids", ids);
  if (with_purpose)
    json_object_set_string_member (o, "purpose", MADE_IN_ERROR);
  return o;
}

/* ---------------------------------------------------------------- lookups with Liminal's errors */

const LimSnapshotSchema *
lim_apply_get_schema (const LimOperation *op,
                      LimSnapshot        *model,
                      const char         *wh,
                      GError            **error)
{
  const LimSnapshotSchema *s = lim_snapshot_lookup_schema (model, wh);
  if (s == NULL && lim_snapshot_get_invalid_schema (model, wh))
    FAIL_EXEC ("%s", lim_snapshot_get_invalid_schema (model, wh));
  else if (s == NULL)
    FAIL_EXEC ("Schema %s not found in Benchling %s.", wh, lim_snapshot_get_tenant_name (model));
  return s;
}

const LimSnapshotDropdown *
lim_apply_get_dropdown (const LimOperation *op,
                        LimSnapshot        *model,
                        const char         *name,
                        GError            **error)
{
  const LimSnapshotDropdown *d = lim_snapshot_lookup_dropdown (model, name);
  if (d == NULL)
    FAIL_EXEC ("Dropdown %s not found in Benchling %s.", name, lim_snapshot_get_tenant_name (model));
  return d;
}

const LimSnapshotDropdown *
lim_apply_get_dropdown_summary (const LimOperation *op,
                                LimSnapshot        *model,
                                const char         *name,
                                GError            **error)
{
  const LimSnapshotDropdown *d = lim_snapshot_lookup_dropdown_first (model, name);
  if (d == NULL)
    FAIL_EXEC ("Dropdown %s not found in given list.", name);
  return d;
}

const char *
lim_apply_get_unit_id (const LimOperation *op,
                       LimSnapshot        *model,
                       const char         *unit,
                       GError            **error)
{
  const char *id = lim_snapshot_unit_id (model, unit);
  if (id == NULL)
    FAIL_EXEC (
      "Unit %s not found in Benchling Unit Dictionary. Please check the field definition or your Unit Dictionary.",
      unit);
  return id;
}

/* ---------------------------------------------------------------- plans */

void
lim_plan_option_free (gpointer data)
{
  PlanOption *po = data;
  lim_snapshot_option_free (po->option);
  g_free (po);
}

void
lim_plan_field_free (gpointer data)
{
  PlanField *pf = data;
  json_object_unref (pf->json);
  g_free (pf);
}

void
lim_plan_clear (Plan *plan)
{
  g_clear_pointer (&plan->options, g_ptr_array_unref);
  g_clear_pointer (&plan->fields, g_ptr_array_unref);
  g_clear_pointer (&plan->body, json_object_unref);
  g_clear_pointer (&plan->created, json_object_unref);
  g_clear_pointer (&plan->new_name, g_free);
}

void
lim_plan_add_option (Plan                    *plan,
                     const LimSnapshotOption *o,
                     OptionRecord             record)
{
  PlanOption *po = g_new0 (PlanOption, 1);
  po->option = lim_snapshot_option_new (o->id, o->name, o->archive_purpose);
  po->option->archived = o->archived;
  po->option->provisional = o->provisional;
  po->record = record;
  g_ptr_array_add (plan->options, po);
}

void
lim_plan_options_begin (Plan                      *plan,
                        const LimSnapshotDropdown *d)
{
  plan->kind = PLAN_OPTIONS;
  plan->dropdown = d;
  plan->options = g_ptr_array_new_with_free_func (lim_plan_option_free);
}

void
lim_plan_fields_begin (Plan                    *plan,
                       const LimSnapshotSchema *s)
{
  plan->kind = PLAN_FIELDS;
  plan->schema = s;
  plan->fields = g_ptr_array_new_with_free_func (lim_plan_field_free);
  for (guint i = 0; i < s->fields->len; i++)
    {
      const LimSnapshotField *f = g_ptr_array_index (s->fields, i);
      PlanField *pf = g_new0 (PlanField, 1);
      pf->json = lim_json_object_copy (lim_snapshot_field_get_json (f));
      pf->provisional = f->provisional;
      g_ptr_array_add (plan->fields, pf);
    }
}

gint
lim_plan_find_field (Plan       *plan,
                     const char *wh)
{
  for (guint i = 0; i < plan->fields->len; i++)
    {
      PlanField *pf = g_ptr_array_index (plan->fields, i);
      if (g_strcmp0 (lim_json_get_string (pf->json, "systemName"), wh) == 0)
        return i;
    }
  return -1;
}

/* ---------------------------------------------------------------- reordering */

typedef struct
{
  guint rank;
  guint index;
} Ranked;

static gint
compare_ranked (gconstpointer a,
                gconstpointer b)
{
  const Ranked *ra = a, *rb = b;
  if (ra->rank != rb->rank)
    return ra->rank < rb->rank ? -1 : 1;
  return ra->index < rb->index ? -1 : ra->index > rb->index;
}

/* lim_apply_reorder() on the names themselves. */
static GArray *
reorder_indexes (GPtrArray *names,
                 GPtrArray *order)
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

GArray *
lim_apply_reorder (GPtrArray *items,
                   LimNameOf  name_of,
                   GPtrArray *order)
{
  g_autoptr(GPtrArray) names = g_ptr_array_sized_new (items->len);

  for (guint i = 0; i < items->len; i++)
    g_ptr_array_add (names, (gpointer) name_of (g_ptr_array_index (items, i)));
  return reorder_indexes (names, order);
}

gboolean
lim_apply_reorder_is_noop (GPtrArray *items,
                           LimNameOf  name_of,
                           GPtrArray *order)
{
  g_autoptr(GArray) idx = lim_apply_reorder (items, name_of, order);

  for (guint i = 0; i < idx->len; i++)
    if (g_array_index (idx, guint, i) != i)
      return FALSE;
  return TRUE;
}

/* ---------------------------------------------------------------- requests from a plan */

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
        json_object_set_string_member (r, "reason",
                                       po->option->archive_purpose ? po->option->archive_purpose : MADE_IN_ERROR);
        json_object_set_object_member (o, "archiveRecord", r);
      }
      break;
    case REC_PURPOSE:
      json_object_set_object_member (o, "archiveRecord", lim_apply_archive_record ());
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
  static const char *const keys[] = {
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

GPtrArray *
lim_plan_requests (const Plan *plan)
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
            LimSnapshotField as_read = { .json = pf->json };

            json_array_add_object_element (arr, pf->is_new ? create_shape (pf->json)
                                                           : lim_snapshot_field_dump (&as_read));
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

/* ---------------------------------------------------------------- the snapshot after a plan */

static JsonArray *
response_array (JsonNode          *response,
                const char *const *keys)
{
  JsonObject *o;
  if (response == NULL || !JSON_NODE_HOLDS_OBJECT (response))
    return NULL;
  o = json_node_get_object (response);
  for (guint i = 0; keys[i]; i++)
    if (lim_json_get_array (o, keys[i]))
      return lim_json_get_array (o, keys[i]);
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
apply_options (LimSnapshot         *model,
               LimSnapshotDropdown *d,
               GPtrArray           *options,
               JsonNode            *response)
{
  static const char *const keys[] = { "allSchemaFieldSelectorOptions", "schemaFieldSelectorOptions", "options", NULL };
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
adopt_field_ids (LimSnapshotField *f,
                 JsonArray        *resp)
{
  const char *wh = lim_snapshot_field_get_warehouse_name (f);

  for (guint k = 0; resp && k < json_array_get_length (resp); k++)
    {
      JsonObject *ro = json_array_get_object_element (resp, k);
      const char *rwh = lim_json_get_string (ro, "systemName");
      const char *api_id = lim_json_get_string (ro, "apiId");
      JsonNode *id = json_object_get_member (ro, "id");

      if (rwh == NULL)
        rwh = lim_json_get_string (ro, "name") && g_strcmp0 (lim_json_get_string (ro,
                                                                                  "name"),
                                                             lim_snapshot_field_get_name (f)) == 0
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

/* An answer that is @s's tag schema itself (as set-name-template's may
 * be: §7.4 only promises "any JSON"): the internal ids of its fields that
 * a public create left unknown.  Anything else is ignored. */
static void
adopt_schema_answer (LimSnapshotSchema *s,
                     JsonNode          *response)
{
  static const char *const keys[] = { "allFields", NULL };
  JsonArray *resp = response_array (response, keys);

  if (resp == NULL || g_strcmp0 (response_id (response), lim_snapshot_schema_get_id (s)) != 0)
    return;
  for (guint i = 0; i < s->fields->len; i++)
    {
      LimSnapshotField *f = g_ptr_array_index (s->fields, i);
      const char *wh = lim_snapshot_field_get_warehouse_name (f);

      if (!f->provisional)
        continue;
      /* The field as Benchling has it (what a re-read would give), when
       * the answer has it with its internal id: an update sends it back. */
      for (guint k = 0; k < json_array_get_length (resp); k++)
        {
          JsonObject *ro = json_array_get_object_element (resp, k);
          JsonNode *id = json_object_get_member (ro, "id");

          if (ro == NULL || g_strcmp0 (lim_json_get_string (ro, "systemName"), wh) != 0)
            continue;
          if (id && JSON_NODE_HOLDS_VALUE (id) && json_node_get_value_type (id) == G_TYPE_INT64 &&
              lim_json_get_string (ro, "apiId") && lim_json_get_string (ro, "fieldType"))
            {
              json_object_unref (f->json);
              f->json = lim_json_object_copy (ro);
              f->provisional = FALSE;
            }
          break;
        }
    }
}

static void
set_archive_json (JsonObject *j,
                  gboolean    archived)
{
  if (archived)
    json_object_set_object_member (j, "archiveRecord", lim_apply_archive_record ());
  else
    json_object_set_null_member (j, "archiveRecord");
}

gboolean
lim_plan_apply (const LimOperation *op,
                LimSnapshot        *model,
                Plan               *plan,
                JsonNode           *response,
                GError            **error)
{
  switch (plan->kind)
    {
    case PLAN_SKIP:
      return TRUE;
    case PLAN_CREATE_DROPDOWN:
      {
        static const char *const keys[] = { "options", "allSchemaFieldSelectorOptions", NULL };
        const char *id = response_id (response);
        g_autofree char *minted = id ? NULL : lim_snapshot_mint_id (model, "sfs");
        LimSnapshotDropdown *d = lim_snapshot_add_dropdown (model, id ? id : minted, op->args[0].s);
        g_autoptr(GPtrArray) opts = g_ptr_array_new_with_free_func (lim_plan_option_free);
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
        static const char *const keys[] = { "fields", "allFields", "fieldDefinitions", NULL };
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
        if (lim_json_get_object (plan->body, "constraint"))
          json_object_set_object_member (s->json, "constraint",
                                         lim_json_object_copy (lim_json_get_object (plan->body, "constraint")));
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
        adopt_schema_answer (s, response);
        lim_snapshot_schema_changed (model, s);
        return TRUE;
      }
    case PLAN_FIELDS:
      {
        LimSnapshotSchema *s = lim_snapshot_edit_schema (model, plan->schema);
        static const char *const keys[] = { "allFields", "fields", NULL };
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
