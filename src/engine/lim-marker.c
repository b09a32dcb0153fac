/* lim-marker.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

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
