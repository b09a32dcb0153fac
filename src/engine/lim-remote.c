/* lim-remote.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lim-json.h"
#include "lim-remote.h"

G_DEFINE_QUARK (lim-remote-error-quark, lim_remote_error)

/* ---------------------------------------------------------------- connect */

static void
connect_resolved_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LimTenant *tenant = g_task_get_task_data (task);
  g_autoptr(LimTenantSecrets) secrets = NULL;
  GError *error = NULL;
  LimClient *client;

  secrets = lim_tenant_resolve_secrets_finish (result, &error);
  if (secrets == NULL || !lim_tenant_secrets_check (secrets, tenant, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  client = lim_client_new (lim_tenant_get_base_url (tenant), lim_tenant_get_alias (tenant));
  lim_client_set_client_credentials (client, lim_tenant_get_client_id (tenant),
                                     lim_tenant_secrets_get (secrets, LIM_TENANT_SECRET_CLIENT_SECRET));
  if (lim_tenant_get_auth (tenant) == LIM_TENANT_AUTH_SESSION ||
      lim_tenant_get_auth (tenant) == LIM_TENANT_AUTH_SSO)
    {
      lim_client_set_session (client, lim_tenant_secrets_get (secrets, LIM_TENANT_SECRET_SESSION),
                              lim_tenant_secrets_get (secrets, LIM_TENANT_SECRET_CSRF));
      lim_client_set_session_expiry (client, secrets->session_expires_at);
      lim_client_set_single_sign_on (client, lim_tenant_get_auth (tenant) == LIM_TENANT_AUTH_SSO);
    }
  else
    lim_client_set_password_login (client, lim_tenant_get_admin_email (tenant),
                                   lim_tenant_secrets_get (secrets, LIM_TENANT_SECRET_ADMIN_PASSWORD));
  g_task_return_pointer (task, client, g_object_unref);
}

void
lim_remote_connect_async (LimTenant             *tenant,
                          const LimSecretsScope *scope,
                          GCancellable          *cancellable,
                          GAsyncReadyCallback    callback,
                          gpointer               user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, lim_remote_connect_async);
  g_task_set_task_data (task, lim_tenant_ref (tenant), (GDestroyNotify) lim_tenant_unref);
  lim_tenant_resolve_secrets_async (tenant, scope, cancellable, connect_resolved_cb, task);
}

LimClient *
lim_remote_connect_finish (GAsyncResult *result,
                           GError      **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---------------------------------------------------------------- fetch */

typedef struct
{
  LimFetchFlags flags;
  guint         pending;
  GError       *error;
  JsonNode     *registries;
  JsonNode     *tag_schemas;
  JsonNode     *selectors;
  JsonNode     *units;
  JsonNode     *results;      /* LIM_FETCH_RESULTS_SCHEMAS */
} Fetch;

static void
fetch_free (gpointer data)
{
  Fetch *f = data;
  g_clear_error (&f->error);
  g_clear_pointer (&f->registries, json_node_unref);
  g_clear_pointer (&f->tag_schemas, json_node_unref);
  g_clear_pointer (&f->selectors, json_node_unref);
  g_clear_pointer (&f->units, json_node_unref);
  g_clear_pointer (&f->results, json_node_unref);
  g_free (f);
}

static JsonNode *
empty_object (const char *member,
              gboolean    array)
{
  JsonObject *obj = json_object_new ();
  JsonNode *node;

  if (member)
    {
      if (array)
        json_object_set_array_member (obj, member, json_array_new ());
      else
        json_object_set_object_member (obj, member, json_object_new ());
    }
  node = json_node_init_object (json_node_alloc (), obj);
  json_object_unref (obj);
  return node;
}

/* The registry and unit lists a client read last, kept on the client. */
#define CACHE_REGISTRIES "lim-remote-registries"
#define CACHE_UNITS "lim-remote-units"
/* Set while CACHE_UNITS is the empty list a LIM_FETCH_UNITS_WHEN_USED read
 * left instead of reading it. */
#define CACHE_UNITS_SKIPPED "lim-remote-units-skipped"

static JsonNode *
cached (GTask      *task,
        const char *key)
{
  return g_object_get_data (G_OBJECT (g_task_get_source_object (task)), key);
}

static void
cache (GTask      *task,
       const char *key,
       JsonNode   *node)
{
  g_object_set_data_full (G_OBJECT (g_task_get_source_object (task)), key, json_node_ref (node),
                          (GDestroyNotify) json_node_unref);
}

static void got_units (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data);

/* Does a field of @tag_schemas ({"data":[…]} or the bare array) have a unit? */
static gboolean
uses_units (JsonNode *tag_schemas)
{
  JsonArray *data = NULL;

  if (tag_schemas && JSON_NODE_HOLDS_ARRAY (tag_schemas))
    data = json_node_get_array (tag_schemas);
  else if (tag_schemas && JSON_NODE_HOLDS_OBJECT (tag_schemas))
    data = lim_json_get_array (json_node_get_object (tag_schemas), "data");
  for (guint i = 0; data && i < json_array_get_length (data); i++)
    {
      JsonNode *node = json_array_get_element (data, i);
      JsonArray *fields = JSON_NODE_HOLDS_OBJECT (node) ? lim_json_get_array (json_node_get_object (node), "allFields")
                                                        : NULL;

      for (guint k = 0; fields && k < json_array_get_length (fields); k++)
        {
          if (lim_snapshot_tag_field_has_unit (json_array_get_element (fields, k)))
            return TRUE;
        }
    }
  return FALSE;
}

static void
build_snapshot_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  Fetch *f = task_data;
  GError *error = NULL;
  LimSnapshot *model = lim_snapshot_new_from_json_full (f->registries, f->tag_schemas, f->selectors, f->units,
                                                        LIM_SNAPSHOT_LOAD_CONSUME, &error);

  if (model && f->results && !lim_snapshot_add_results_schemas_json (model, f->results, &error))
    g_clear_pointer (&model, lim_snapshot_unref);
  if (model == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, model, (GDestroyNotify) lim_snapshot_unref);
}

static void
fetch_complete (GTask *task)
{
  Fetch *f = g_task_get_task_data (task);

  if (--f->pending > 0)
    return;
  if (f->error)
    {
      g_task_return_error (task, g_steal_pointer (&f->error));
      return;
    }
  if ((f->flags & LIM_FETCH_UNITS_WHEN_USED) && f->units == NULL)
    {
      /* Once: the units the tenant's fields use, else none. */
      f->flags &= ~LIM_FETCH_UNITS_WHEN_USED;
      if (uses_units (f->tag_schemas) || uses_units (f->results))
        {
          f->pending++;
          lim_client_get_all_async (LIM_CLIENT (g_task_get_source_object (task)), "/api/v2-alpha/unit-types",
                                    "unitTypes", g_task_get_cancellable (task), got_units, g_object_ref (task));
          return;
        }
      f->units = empty_object ("unitTypes", TRUE);
      cache (task, CACHE_UNITS, f->units);
      g_object_set_data (G_OBJECT (g_task_get_source_object (task)), CACHE_UNITS_SKIPPED, GINT_TO_POINTER (TRUE));
    }
  if (f->selectors == NULL)
    f->selectors = empty_object ("selectorsByRegistryId", FALSE);
  if (f->units == NULL)
    f->units = empty_object ("unitTypes", TRUE);
  else if (!(f->flags & LIM_FETCH_MARKER_ONLY) && cached (task, CACHE_UNITS) != f->units)
    {
      cache (task, CACHE_UNITS, f->units);
      g_object_set_data (G_OBJECT (g_task_get_source_object (task)), CACHE_UNITS_SKIPPED, NULL);
    }
  if (f->registries)
    cache (task, CACHE_REGISTRIES, f->registries);
  /* Building the snapshot of a big tenant takes long (tens of ms for a few
   * hundred schemas): a worker thread does it, not the caller's main loop
   * (the window's).  The lists are only read there; the tag-schema JSON
   * is ours alone, so the model may keep it as it is. */
  g_task_run_in_thread (task, build_snapshot_thread);
}

static void
fetch_failed (Fetch  *f,
              GError *error)
{
  if (f->error == NULL)
    f->error = error;
  else
    g_error_free (error);
}

/* One list of the snapshot arrived: keep it in @slot, or keep why not. */
static void
take_list (GTask        *task,
           GObject      *source,
           GAsyncResult *result,
           JsonNode    **slot,
           const char   *empty_message)
{
  Fetch *f = g_task_get_task_data (task);
  GError *error = NULL;
  JsonNode *node = lim_client_send_finish (LIM_CLIENT (source), result, NULL, &error);

  if (node)
    *slot = node;
  else
    fetch_failed (f, error ? error : g_error_new_literal (LIM_REMOTE_ERROR, LIM_REMOTE_ERROR_INVALID_RESPONSE,
                                                          empty_message));
  fetch_complete (task);
}

static void
got_selectors (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *f = g_task_get_task_data (task);

  take_list (task, source, result, &f->selectors, "Empty answer to the dropdown list");
}

static void
request_selectors (GTask     *task,
                   LimClient *client)
{
  Fetch *f = g_task_get_task_data (task);
  JsonNode *node = f->registries;

  if (!(f->flags & LIM_FETCH_MARKER_ONLY) && f->error == NULL)
    {
      /* The dropdowns are listed per registry: it takes the registry id. */
      JsonObject *obj = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      JsonArray *regs = obj && json_object_has_member (obj, "registries") &&
                        JSON_NODE_HOLDS_ARRAY (json_object_get_member (obj, "registries"))
                          ? json_object_get_array_member (obj, "registries") : NULL;
      if (regs && json_array_get_length (regs) == 1 &&
          JSON_NODE_HOLDS_OBJECT (json_array_get_element (regs, 0)))
        {
          const char *id = lim_json_get_string (json_array_get_object_element (regs, 0), "id");
          g_autofree char *escaped = g_uri_escape_string (id ? id : "", NULL, FALSE);
          g_autofree char *path = g_strdup_printf ("/1/api/schema-field-selectors/?registryId=%s", escaped);

          f->pending++;
          lim_client_send_async (client, LIM_CLIENT_REALM_INTERNAL, "GET", path, NULL, LIM_CLIENT_FLAGS_BIG,
                                 g_task_get_cancellable (task), got_selectors, g_object_ref (task));
        }
    }
}

static void
got_registries (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LimClient *client = LIM_CLIENT (source);
  Fetch *f = g_task_get_task_data (task);
  GError *error = NULL;
  JsonNode *node = lim_client_send_finish (client, result, NULL, &error);

  if (node == NULL)
    {
      fetch_failed (f, error ? error : g_error_new (LIM_REMOTE_ERROR, LIM_REMOTE_ERROR_INVALID_RESPONSE,
                                                    "Empty answer to the registry list"));
      fetch_complete (task);
      return;
    }
  f->registries = node;
  request_selectors (task, client);
  fetch_complete (task);
}

static void
got_tag_schemas (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *f = g_task_get_task_data (task);

  take_list (task, source, result, &f->tag_schemas, "Empty answer to the tag schema list");
}

static void
got_results (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *f = g_task_get_task_data (task);

  take_list (task, source, result, &f->results, "Empty answer to the result schema list");
}

static void
got_units (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *f = g_task_get_task_data (task);
  GError *error = NULL;
  JsonArray *units = lim_client_get_all_finish (LIM_CLIENT (source), result, &error);

  if (units)
    {
      JsonObject *obj = json_object_new ();
      json_object_set_array_member (obj, "unitTypes", units);
      f->units = json_node_init_object (json_node_alloc (), obj);
      json_object_unref (obj);
    }
  else
    fetch_failed (f, error);
  fetch_complete (task);
}

void
lim_remote_fetch_async (LimClient          *client,
                        LimFetchFlags       flags,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (client, cancellable, callback, user_data);
  Fetch *f = g_new0 (Fetch, 1);

  f->flags = flags;
  g_task_set_source_tag (task, lim_remote_fetch_async);
  g_task_set_task_data (task, f, fetch_free);

  /* One extra count keeps the task open until every request is started. */
  f->pending = 1;
  if ((flags & LIM_FETCH_REFRESH) && cached (task, CACHE_REGISTRIES) && cached (task, CACHE_UNITS))
    {
      f->flags &= ~LIM_FETCH_MARKER_ONLY;
      f->registries = json_node_ref (cached (task, CACHE_REGISTRIES));
      f->units = json_node_ref (cached (task, CACHE_UNITS));
      request_selectors (task, client);
    }
  else if ((flags & LIM_FETCH_MARKER_ONLY) && cached (task, CACHE_REGISTRIES))
    {
      /* The marker's schema is looked up in the registry this client
       * read before: only the tag schemas are read again. */
      f->flags &= ~LIM_FETCH_REFRESH;
      f->registries = json_node_ref (cached (task, CACHE_REGISTRIES));
    }
  else
    {
      f->flags &= ~LIM_FETCH_REFRESH;
      f->pending++;
      lim_client_send_async (client, LIM_CLIENT_REALM_PUBLIC, "GET", "/api/v2/registries", NULL,
                             LIM_CLIENT_FLAGS_NONE, cancellable, got_registries, g_object_ref (task));
      if (!(flags & (LIM_FETCH_MARKER_ONLY | LIM_FETCH_UNITS_WHEN_USED)))
        {
          f->pending++;
          lim_client_get_all_async (client, "/api/v2-alpha/unit-types", "unitTypes", cancellable, got_units,
                                    g_object_ref (task));
        }
    }
  f->pending++;
  /* The biggest answer by far (48 MB for 1,000 schemas × 40 fields): read
   * by the streaming reader, whose objects the snapshot then keeps; each
   * schema's "fields" (repeated from "allFields") is not even built. */
  lim_client_send_async (client, LIM_CLIENT_REALM_INTERNAL, "GET", "/1/api/tag-schemas/", NULL,
                         LIM_CLIENT_FLAGS_BIG | LIM_CLIENT_FLAGS_TAG_SCHEMAS, cancellable, got_tag_schemas, g_object_ref (
                           task));
  if ((flags & LIM_FETCH_RESULTS_SCHEMAS) && !(flags & LIM_FETCH_MARKER_ONLY))
    {
      /* Liminal's ResultsSchemaModel.get_all_json(): the internal list. */
      f->pending++;
      lim_client_send_async (client, LIM_CLIENT_REALM_INTERNAL, "GET", "/1/api/result-schemas", NULL,
                             LIM_CLIENT_FLAGS_BIG, cancellable, got_results, g_object_ref (task));
    }
  fetch_complete (task);
}

/* @model's dropdowns as the internal selector list says them. */
static JsonNode *
selectors_of (LimSnapshot *model)
{
  JsonArray *list = json_array_new ();

  for (guint i = 0; i < lim_snapshot_get_n_dropdowns (model); i++)
    {
      const LimSnapshotDropdown *d = lim_snapshot_get_dropdown (model, i);
      JsonObject *o = json_object_new ();
      JsonArray *options = json_array_new ();

      json_object_set_string_member (o, "id", d->id);
      json_object_set_string_member (o, "name", d->name);
      if (d->archived)
        {
          JsonObject *record = json_object_new ();
          json_object_set_string_member (record, "purpose", d->archive_purpose);
          json_object_set_object_member (o, "archiveRecord", record);
        }
      else
        json_object_set_null_member (o, "archiveRecord");
      for (guint k = 0; k < d->options->len; k++)
        {
          const LimSnapshotOption *opt = g_ptr_array_index (d->options, k);
          JsonObject *oo = json_object_new ();

          json_object_set_string_member (oo, "id", opt->id);
          json_object_set_string_member (oo, "name", opt->name);
          if (opt->archived || opt->archive_purpose)
            {
              JsonObject *record = json_object_new ();
              json_object_set_string_member (record, "purpose", opt->archive_purpose);
              json_object_set_object_member (oo, "archiveRecord", record);
            }
          else
            json_object_set_null_member (oo, "archiveRecord");
          json_array_add_object_element (options, oo);
        }
      json_object_set_array_member (o, "allSchemaFieldSelectorOptions", options);
      json_array_add_object_element (list, o);
    }
  return json_node_init_array (json_node_alloc (), list);
}

static gboolean
dropdowns_known (LimSnapshot *model)
{
  for (guint i = 0; i < lim_snapshot_get_n_dropdowns (model); i++)
    {
      const LimSnapshotDropdown *d = lim_snapshot_get_dropdown (model, i);

      if (d->provisional)
        return FALSE;
      for (guint k = 0; k < d->options->len; k++)
        if (((const LimSnapshotOption *) g_ptr_array_index (d->options, k))->provisional)
          return FALSE;
    }
  return TRUE;
}

gboolean
lim_remote_units_skipped (LimClient *client)
{
  return g_object_get_data (G_OBJECT (client), CACHE_UNITS_SKIPPED) != NULL;
}

static void
units_read (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LimSnapshot *model = g_task_get_task_data (task);
  GError *error = NULL;
  JsonArray *types = lim_client_get_all_finish (LIM_CLIENT (source), result, &error);
  JsonObject *obj;
  JsonNode *node;

  if (types == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; i < json_array_get_length (types); i++)
    {
      JsonNode *t = json_array_get_element (types, i);
      JsonArray *units = JSON_NODE_HOLDS_OBJECT (t) ? lim_json_get_array (json_node_get_object (t), "units") : NULL;

      for (guint k = 0; units && k < json_array_get_length (units); k++)
        {
          JsonNode *u = json_array_get_element (units, k);
          const char *id = JSON_NODE_HOLDS_OBJECT (u) ? lim_json_get_string (json_node_get_object (u), "id") : NULL;
          const char *name = id ? lim_json_get_string (json_node_get_object (u), "name") : NULL;

          if (name)
            lim_snapshot_add_unit (model, id, name);
        }
    }
  obj = json_object_new ();
  json_object_set_array_member (obj, "unitTypes", types);
  node = json_node_init_object (json_node_alloc (), obj);
  json_object_unref (obj);
  g_object_set_data_full (source, CACHE_UNITS, node, (GDestroyNotify) json_node_unref);
  g_object_set_data (source, CACHE_UNITS_SKIPPED, NULL);
  g_task_return_boolean (task, TRUE);
}

void
lim_remote_fetch_units_async (LimClient          *client,
                              LimSnapshot        *model,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (client, cancellable, callback, user_data);

  g_task_set_source_tag (task, lim_remote_fetch_units_async);
  g_task_set_task_data (task, lim_snapshot_ref (model), (GDestroyNotify) lim_snapshot_unref);
  lim_client_get_all_async (client, "/api/v2-alpha/unit-types", "unitTypes", cancellable, units_read,
                            g_object_ref (task));
}

gboolean
lim_remote_fetch_units_finish (LimClient    *client,
                               GAsyncResult *result,
                               GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
lim_remote_can_refresh_schemas (LimClient   *client,
                                LimSnapshot *model)
{
  return g_object_get_data (G_OBJECT (client), CACHE_REGISTRIES) != NULL &&
         g_object_get_data (G_OBJECT (client), CACHE_UNITS) != NULL && dropdowns_known (model);
}

void
lim_remote_refresh_schemas_async (LimClient          *client,
                                  LimSnapshot        *model,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (client, cancellable, callback, user_data);
  Fetch *f;

  if (!lim_remote_can_refresh_schemas (client, model))
    {
      lim_remote_fetch_async (client, LIM_FETCH_REFRESH, cancellable, callback, user_data);
      return;
    }
  f = g_new0 (Fetch, 1);
  f->flags = LIM_FETCH_REFRESH;
  g_task_set_source_tag (task, lim_remote_fetch_async);
  g_task_set_task_data (task, f, fetch_free);
  f->registries = json_node_ref (cached (task, CACHE_REGISTRIES));
  f->units = json_node_ref (cached (task, CACHE_UNITS));
  f->selectors = selectors_of (model);
  f->pending = 2;
  lim_client_send_async (client, LIM_CLIENT_REALM_INTERNAL, "GET", "/1/api/tag-schemas/", NULL,
                         LIM_CLIENT_FLAGS_BIG | LIM_CLIENT_FLAGS_TAG_SCHEMAS, cancellable, got_tag_schemas,
                         g_object_ref (task));
  fetch_complete (task);
}

LimSnapshot *
lim_remote_fetch_finish (LimClient    *client,
                         GAsyncResult *result,
                         GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---------------------------------------------------------------- execute */

static LimClientRealm
client_realm (LimRealm realm)
{
  return realm == LIM_REALM_PUBLIC ? LIM_CLIENT_REALM_PUBLIC : LIM_CLIENT_REALM_INTERNAL;
}

static void
polled (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  JsonNode *node = lim_client_poll_finish (LIM_CLIENT (source), result, &error);

  if (node)
    g_task_return_pointer (task, node, (GDestroyNotify) json_node_unref);
  else
    g_task_return_error (task, error);
}

static void
executed (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LimClient *client = LIM_CLIENT (source);
  const LimRequest *req = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(JsonNode) node = lim_client_send_finish (client, result, NULL, &error);
  JsonObject *obj;

  if (error)
    {
      g_task_return_error (task, error);
      return;
    }
  obj = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

  if (req->may_need_confirmation && obj && json_object_has_member (obj, "schemaFieldSelectorOptionToUpdate") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (obj, "schemaFieldSelectorOptionToUpdate")))
    {
      JsonNode *option = json_node_copy (json_object_get_member (obj, "schemaFieldSelectorOptionToUpdate"));
      g_autofree char *sentence = lim_remote_describe_confirmation (option);
      g_object_set_data_full (G_OBJECT (task), "lim-confirmation", option, (GDestroyNotify) json_node_unref);
      g_task_return_new_error (task, LIM_REMOTE_ERROR, LIM_REMOTE_ERROR_NEEDS_CONFIRMATION, "%s", sentence);
      return;
    }
  if (req->polls_status)
    {
      const char *status_url = obj ? lim_json_get_string (obj, "status_url") : NULL;
      if (status_url == NULL)
        {
          g_task_return_new_error (task, LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_UNCERTAIN,
                                   "%s %s answered without a status_url: the change may or may not have been "
                                   "applied", req->method, req->path);
          return;
        }
      g_object_set_data_full (G_OBJECT (task), "lim-status-url", g_strdup (status_url), g_free);
      lim_client_poll_async (client, status_url, g_task_get_cancellable (task), polled, g_object_ref (task));
      return;
    }
  g_task_return_pointer (task, node ? json_node_ref (node) : json_node_new (JSON_NODE_NULL),
                         (GDestroyNotify) json_node_unref);
}

void
lim_remote_execute_async (LimClient          *client,
                          const LimRequest   *request,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (client, cancellable, callback, user_data);

  g_task_set_source_tag (task, lim_remote_execute_async);
  /* A write that went through is reported as such even if a cancel came. */
  g_task_set_check_cancellable (task, FALSE);
  /* The request outlives the call: the caller keeps it until completion. */
  g_task_set_task_data (task, (gpointer) request, NULL);
  /* The write itself is not cancellable (stopping it half-way only makes
   * its outcome unknown); the status poll after it is. */
  lim_client_send_async (client, client_realm (request->realm), request->method, request->path, request->body,
                         LIM_CLIENT_FLAGS_WRITE, NULL, executed, g_object_ref (task));
}

JsonNode *
lim_remote_execute_finish (LimClient    *client,
                           GAsyncResult *result,
                           JsonNode    **confirmation,
                           GError      **error)
{
  JsonNode *option;

  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  option = g_object_get_data (G_OBJECT (result), "lim-confirmation");
  if (confirmation)
    *confirmation = option ? json_node_ref (option) : NULL;
  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
lim_remote_execute_get_status_url (GAsyncResult *result)
{
  return g_object_get_data (G_OBJECT (result), "lim-status-url");
}

char *
lim_remote_describe_confirmation (JsonNode *confirmation)
{
  JsonObject *obj = confirmation && JSON_NODE_HOLDS_OBJECT (confirmation) ? json_node_get_object (confirmation)
                                                                          : NULL;
  const char *name = obj ? lim_json_get_string (obj, "name") : NULL;
  const char *new_name = obj ? lim_json_get_string (obj, "newName") : NULL;
  gint64 n = obj && json_object_has_member (obj, "numLinkedTags")
               ? json_object_get_int_member_with_default (obj, "numLinkedTags", 0) : 0;

  if (new_name)
    return g_strdup_printf ("The dropdown option “%s” is used by %" G_GINT64_FORMAT " entities; renaming it to "
                            "“%s” changes them all.", name ? name : "?", n, new_name);
  return g_strdup_printf ("The dropdown option “%s” is used by %" G_GINT64_FORMAT " entities; archiving it leaves "
                          "them pointing at an archived option.", name ? name : "?", n);
}
