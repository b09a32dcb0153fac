/* lim-marker.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lim-json.h"
#include "lim-marker.h"
#include "lim-operation.h"

/* The one active revision_id field of @schema (liminal_remote). */
static const LimSnapshotField *
marker_field (const LimSnapshotSchema *schema,
              GError                 **error)
{
  guint n = 0;
  const LimSnapshotField *field = lim_snapshot_schema_lookup_active_field (schema, LIM_SNAPSHOT_REMOTE_FIELD, &n);

  if (n != 1)
    {
      g_set_error (error, LIM_SNAPSHOT_ERROR, LIM_SNAPSHOT_ERROR_REMOTE,
                   "Error finding field on %s schema with warehouse_name %s. Check schema fields to "
                   "ensure this field exists and is defined according to documentation.",
                   LIM_SNAPSHOT_REMOTE_SCHEMA, LIM_SNAPSHOT_REMOTE_FIELD);
      return NULL;
    }
  return field;
}

const char *
lim_marker_get_revision_id (LimSnapshot *snapshot,
                            GError     **error)
{
  const LimSnapshotSchema *s = lim_snapshot_lookup_schema (snapshot, LIM_SNAPSHOT_REMOTE_SCHEMA);
  const LimSnapshotField *field;

  if (s == NULL)
    {
      g_set_error (error, LIM_SNAPSHOT_ERROR, LIM_SNAPSHOT_ERROR_REMOTE,
                   "Did not find any schema name '%s'. Run a liminal migration to populate your "
                   "registry with the Liminal entity that stores the remote revision_id.",
                   LIM_SNAPSHOT_REMOTE_SCHEMA);
      return NULL;
    }
  field = marker_field (s, error);
  if (field == NULL)
    return NULL;
  if (lim_snapshot_field_get_name (field) == NULL)
    {
      g_set_error (error, LIM_SNAPSHOT_ERROR, LIM_SNAPSHOT_ERROR_REMOTE, "No revision_id set in field name.");
      return NULL;
    }
  return lim_snapshot_field_get_name (field);
}

/* CreateEntitySchema of liminal_remote with its one field named @revision_id. */
static LimOperation *
marker_create_operation (const char *revision_id)
{
  static const char *const strategies[] = { "NEW_IDS" };
  LimOperation *op = lim_operation_new (LIM_OP_CREATE_ENTITY_SCHEMA);
  LimProps *p = lim_props_new (LIM_PROPS_SCHEMA);
  LimProps *f = lim_props_new (LIM_PROPS_FIELD);

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

/* The operation that moves the marker to @revision_id, in @op: NULL when
 * it is there already.  FALSE with @error when liminal_remote is malformed. */
static gboolean
marker_operation (LimSnapshot   *snapshot,
                  const char    *revision_id,
                  LimOperation **op,
                  GError       **error)
{
  const LimSnapshotSchema *s = lim_snapshot_lookup_schema (snapshot, LIM_SNAPSHOT_REMOTE_SCHEMA);
  const LimSnapshotField *field;
  LimProps *u;

  *op = NULL;
  if (s == NULL)
    {
      *op = marker_create_operation (revision_id);
      return TRUE;
    }
  field = marker_field (s, error);
  if (field == NULL)
    return FALSE;
  if (g_strcmp0 (lim_snapshot_field_get_name (field), revision_id) == 0)
    return TRUE;
  *op = lim_operation_new (LIM_OP_UPDATE_ENTITY_SCHEMA_FIELD);
  u = lim_props_new (LIM_PROPS_FIELD);
  lim_props_set_str (u, LIM_FIELD_NAME, revision_id);
  (*op)->args[0].s = g_strdup (lim_snapshot_schema_get_warehouse_name (s));
  (*op)->args[1].s = g_strdup (LIM_SNAPSHOT_REMOTE_FIELD);
  (*op)->args[2].props = u;
  return TRUE;
}

GPtrArray *
lim_marker_build_requests (LimSnapshot  *snapshot,
                           const char   *revision_id,
                           LimApplyFlags flags,
                           GError      **error)
{
  g_autoptr(LimOperation) op = NULL;

  if (!marker_operation (snapshot, revision_id, &op, error))
    return NULL;
  if (op == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) lim_request_free);
  /* upsert runs execute() directly: no validate(). */
  return lim_apply_build_requests (op, snapshot, flags, error);
}

gboolean
lim_marker_apply (LimSnapshot  *snapshot,
                  const char   *revision_id,
                  LimApplyFlags flags,
                  GError      **error)
{
  g_autoptr(LimOperation) op = NULL;

  if (!marker_operation (snapshot, revision_id, &op, error))
    return FALSE;
  if (op == NULL)
    return TRUE;
  return lim_apply (op, snapshot, flags, error);
}

LimApplyState
lim_marker_check_state (LimSnapshot *snapshot,
                        const char  *revision_id)
{
  const char *marker = lim_marker_get_revision_id (snapshot, NULL);

  if (g_strcmp0 (marker, revision_id) == 0)
    return LIM_APPLY_STATE_APPLIED;
  return LIM_APPLY_STATE_NOT_APPLIED;
}

/* ---------------------------------------------------------------- the public shortcut */

static gboolean
public_archived (JsonObject *o)
{
  JsonNode *n = o ? json_object_get_member (o, "archiveRecord") : NULL;

  return n != NULL && !JSON_NODE_HOLDS_NULL (n);
}

/* A boolean member; -1 when it is missing or not a boolean. */
static int
json_bool (JsonObject *o,
           const char *key)
{
  JsonNode *n = o ? json_object_get_member (o, key) : NULL;

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_BOOLEAN)
    return -1;
  return json_node_get_boolean (n);
}

static JsonObject *
definition_by_id (JsonArray  *definitions,
                  const char *api_id)
{
  for (guint i = 0; api_id && i < json_array_get_length (definitions); i++)
    {
      JsonNode *n = json_array_get_element (definitions, i);
      JsonObject *d = JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;

      if (g_strcmp0 (lim_json_get_string (d, "id"), api_id) == 0)
        return d;
    }
  return NULL;
}

LimSnapshot *
lim_marker_from_public (LimSnapshot       *basis,
                        JsonNode          *entity_schema,
                        const char *const *moving)
{
  const LimSnapshotSchema *s = basis ? lim_snapshot_lookup_schema (basis, LIM_SNAPSHOT_REMOTE_SCHEMA) : NULL;
  JsonObject *o = entity_schema && JSON_NODE_HOLDS_OBJECT (entity_schema) ? json_node_get_object (entity_schema) : NULL;
  JsonArray *definitions = lim_json_get_array (o, "fieldDefinitions");
  g_autoptr(LimSnapshot) copy = NULL;
  LimSnapshotSchema *edit;

  if (s == NULL || s->provisional || definitions == NULL || lim_snapshot_schema_is_archived (s) ||
      public_archived (o) || g_strcmp0 (lim_json_get_string (o, "id"), lim_snapshot_schema_get_id (s)) != 0 ||
      g_strcmp0 (lim_json_get_string (o, "registryId"), lim_snapshot_schema_get_registry_id (s)) != 0 ||
      g_strcmp0 (lim_json_get_string (o, "name"), lim_snapshot_schema_get_name (s)) != 0 ||
      json_array_get_length (definitions) != s->fields->len)
    return NULL;
  copy = lim_snapshot_copy (basis);
  edit = lim_snapshot_edit_schema (copy, lim_snapshot_lookup_schema (copy, LIM_SNAPSHOT_REMOTE_SCHEMA));
  for (guint i = 0; i < edit->fields->len; i++)
    {
      LimSnapshotField *f = g_ptr_array_index (edit->fields, i);
      JsonObject *j = lim_snapshot_field_get_json (f);
      JsonObject *d = definition_by_id (definitions, lim_snapshot_field_get_api_id (f));
      const char *name = lim_json_get_string (d, "name");

      if (d == NULL || f->provisional || name == NULL ||
          public_archived (d) != lim_snapshot_field_is_archived (f) ||
          json_bool (d, "isMulti") != json_bool (j, "isMulti") ||
          json_bool (d, "isRequired") != json_bool (j, "isRequired"))
        return NULL;
      if (moving && g_strv_contains (moving, lim_snapshot_field_get_warehouse_name (f)))
        json_object_set_string_member (j, "name", name);
      else if (g_strcmp0 (name, lim_snapshot_field_get_name (f)) != 0)
        return NULL;
    }
  lim_snapshot_schema_changed (copy, edit);
  return g_steal_pointer (&copy);
}

void
lim_marker_adopt_remote (LimSnapshot *model,
                         LimSnapshot *fresh)
{
  const LimSnapshotSchema *from = lim_snapshot_lookup_schema (fresh, LIM_SNAPSHOT_REMOTE_SCHEMA);
  const LimSnapshotSchema *to = lim_snapshot_lookup_schema (model, LIM_SNAPSHOT_REMOTE_SCHEMA);
  LimSnapshotSchema *edit;

  if (from == NULL || to == NULL || from == to)
    return;
  edit = lim_snapshot_edit_schema (model, to);
  json_object_unref (edit->json);
  edit->json = lim_json_object_copy (from->json);
  edit->provisional = from->provisional;
  g_ptr_array_set_size (edit->fields, 0);
  for (guint i = 0; i < from->fields->len; i++)
    {
      const LimSnapshotField *f = g_ptr_array_index (from->fields, i);
      LimSnapshotField *copy = lim_snapshot_field_new (lim_json_object_copy (lim_snapshot_field_get_json (f)));

      copy->provisional = f->provisional;
      g_ptr_array_add (edit->fields, copy);
    }
  lim_snapshot_schema_changed (model, edit);
}
