/* lim-tenant-compare.c — compare two tenants (see the header).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "lim-marker.h"
#include "lim-operation.h"
#include "lim-remote.h"
#include "lim-tenant-compare.h"

G_DEFINE_QUARK (lim-tenant-compare-error-quark, lim_tenant_compare_error)

void
lim_tenant_comparison_free (LimTenantComparison *comparison)
{
  if (comparison == NULL)
    return;
  g_free (comparison->tenant);
  g_free (comparison->other);
  g_free (comparison->tenant_revision);
  g_free (comparison->other_revision);
  g_clear_pointer (&comparison->upgrade, g_ptr_array_unref);
  g_clear_pointer (&comparison->downgrade, g_ptr_array_unref);
  g_clear_pointer (&comparison->hints, g_ptr_array_unref);
  g_free (comparison);
}

/* ---------------------------------------------------------------- the model of OTHER */

static gint
compare_dropdowns_by_name (gconstpointer a,
                           gconstpointer b)
{
  const LimSnapshotDropdown *da = *(const LimSnapshotDropdown *const *) a;
  const LimSnapshotDropdown *db = *(const LimSnapshotDropdown *const *) b;
  return strcmp (da->name, db->name);
}

static gint
compare_schemas_by_warehouse_name (gconstpointer a,
                                   gconstpointer b)
{
  const LimSnapshotSchema *sa = *(const LimSnapshotSchema *const *) a;
  const LimSnapshotSchema *sb = *(const LimSnapshotSchema *const *) b;
  return strcmp (lim_snapshot_schema_get_warehouse_name (sa), lim_snapshot_schema_get_warehouse_name (sb));
}

/* A remote null boolean reads as false, as the model files write it. */
static void
null_to_false (LimProps *props,
               guint     key)
{
  if (!lim_props_is_set (props, key) || lim_props_is_none (props, key))
    lim_props_set_bool (props, key, FALSE);
}

LimDesired *
lim_tenant_compare_desired (LimSnapshot *other)
{
  static const guint schema_bools[] = {
    LIM_SCHEMA_USE_REGISTRY_ID_AS_LABEL, LIM_SCHEMA_INCLUDE_REGISTRY_ID_IN_CHIPS,
    LIM_SCHEMA_SHOW_BASES_IN_EXPANDED_VIEW,
  };
  static const guint field_bools[] = { LIM_FIELD_REQUIRED, LIM_FIELD_IS_MULTI, LIM_FIELD_PARENT_LINK };
  g_autoptr(LimDesired) desired = lim_desired_new ();
  g_autoptr(GPtrArray) dropdowns = g_ptr_array_new ();
  g_autoptr(GPtrArray) schemas = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  const char *registry = lim_snapshot_get_registry_id (other);

  g_return_val_if_fail (other != NULL, NULL);

  for (guint i = 0; i < lim_snapshot_get_n_dropdowns (other); i++)
    {
      const LimSnapshotDropdown *d = lim_snapshot_get_dropdown (other, i);
      if (!d->archived && d->name)
        g_ptr_array_add (dropdowns, (gpointer) d);
    }
  g_ptr_array_sort (dropdowns, compare_dropdowns_by_name);
  for (guint i = 0; i < dropdowns->len; i++)
    {
      const LimSnapshotDropdown *d = g_ptr_array_index (dropdowns, i);
      g_autoptr(GPtrArray) options = g_ptr_array_new ();

      /* Two active dropdowns of one name: the model has one file for it. */
      if (!g_hash_table_add (seen, d->name))
        continue;
      for (guint k = 0; k < d->options->len; k++)
        {
          const LimSnapshotOption *o = g_ptr_array_index (d->options, k);
          if (!o->archived)
            g_ptr_array_add (options, o->name);
        }
      lim_desired_add_dropdown (desired, d->name, (const char *const *) options->pdata, options->len);
    }

  for (guint i = 0; i < lim_snapshot_get_n_schemas (other); i++)
    {
      const LimSnapshotSchema *s = lim_snapshot_get_schema (other, i);
      const char *wh = lim_snapshot_schema_get_warehouse_name (s);

      if (lim_snapshot_schema_is_archived (s) || wh == NULL || strcmp (wh, LIM_SNAPSHOT_REMOTE_SCHEMA) == 0
          || g_strcmp0 (lim_snapshot_schema_get_registry_id (s), registry) != 0)
        continue;
      g_ptr_array_add (schemas, (gpointer) s);
    }
  g_ptr_array_sort (schemas, compare_schemas_by_warehouse_name);
  for (guint i = 0; i < schemas->len; i++)
    {
      const LimSnapshotSchema *s = g_ptr_array_index (schemas, i);
      g_autoptr(LimProps) props = lim_props_copy (s->props);
      g_autoptr(LimNameTemplate) tmpl = s->name_template ? lim_name_template_copy (s->name_template) : NULL;
      LimDesiredSchema *ds;

      props->archived = FALSE;
      for (guint k = 0; k < G_N_ELEMENTS (schema_bools); k++)
        null_to_false (props, schema_bools[k]);
      if (tmpl && tmpl->order_name_parts_by_sequence == LIM_TRI_NONE)
        tmpl->order_name_parts_by_sequence = LIM_TRI_FALSE;
      ds = lim_desired_add_schema (desired, props, tmpl);
      for (guint k = 0; k < s->fields->len; k++)
        {
          const LimSnapshotField *f = g_ptr_array_index (s->fields, k);
          g_autoptr(LimProps) fp = NULL;

          if (lim_snapshot_field_is_archived (f))
            continue;
          fp = lim_props_copy (f->props);
          fp->archived = FALSE;
          for (guint b = 0; b < G_N_ELEMENTS (field_bools); b++)
            null_to_false (fp, field_bools[b]);
          lim_desired_schema_add_field (ds, fp);
        }
    }
  return g_steal_pointer (&desired);
}

/* ---------------------------------------------------------------- comparing */

static char *
marker_of (LimSnapshot *snapshot)
{
  g_autoptr(GError) ignored = NULL;
  return g_strdup (lim_marker_get_revision_id (snapshot, &ignored));
}

LimTenantComparison *
lim_tenant_compare_snapshots (LimSnapshot *tenant,
                              LimSnapshot *other,
                              GError     **error)
{
  g_autoptr(LimDesired) desired = NULL;
  g_autoptr(LimTenantComparison) out = g_new0 (LimTenantComparison, 1);

  g_return_val_if_fail (tenant != NULL, NULL);
  g_return_val_if_fail (other != NULL, NULL);

  desired = lim_tenant_compare_desired (other);
  if (!lim_compare (desired, tenant, &out->upgrade, &out->downgrade, error))
    return NULL;
  out->hints = lim_compare_rename_hints (out->upgrade, tenant);
  out->tenant_revision = marker_of (tenant);
  out->other_revision = marker_of (other);
  return g_steal_pointer (&out);
}

/* ---------------------------------------------------------------- reading both */

typedef struct
{
  LimWorkspace *workspace;
  LimTenant    *tenants[2];
  LimClient    *clients[2];
  LimSnapshot  *snapshots[2];
  GError       *error;      /* the first failure */
  guint         pending;
} Compare;

typedef struct
{
  GTask *task;
  guint  side;
} Side;

static void
compare_free (Compare *c)
{
  g_clear_object (&c->workspace);
  for (guint i = 0; i < 2; i++)
    {
      g_clear_pointer (&c->tenants[i], lim_tenant_unref);
      g_clear_object (&c->clients[i]);
      g_clear_pointer (&c->snapshots[i], lim_snapshot_unref);
    }
  g_clear_error (&c->error);
  g_free (c);
}

static void
side_failed (Compare *c,
             guint    side,
             GError  *error)
{
  if (c->error == NULL)
    {
      g_prefix_error (&error, _("Tenant %s: "), lim_tenant_get_alias (c->tenants[side]));
      c->error = error;
    }
  else
    g_error_free (error);
}

static void
side_done (Side *s)
{
  g_autoptr(GTask) task = s->task;
  Compare *c = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  LimTenantComparison *out;

  g_free (s);
  if (--c->pending > 0)
    return;
  if (c->error)
    {
      g_task_return_error (task, g_steal_pointer (&c->error));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  out = lim_tenant_compare_snapshots (c->snapshots[0], c->snapshots[1], &error);
  if (out == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  out->tenant = g_strdup (lim_tenant_get_alias (c->tenants[0]));
  out->other = g_strdup (lim_tenant_get_alias (c->tenants[1]));
  g_task_return_pointer (task, out, (GDestroyNotify) lim_tenant_comparison_free);
}

static void
fetched_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Side *s = user_data;
  Compare *c = g_task_get_task_data (s->task);
  GError *error = NULL;

  c->snapshots[s->side] = lim_remote_fetch_finish (LIM_CLIENT (source), result, &error);
  if (c->snapshots[s->side] == NULL)
    side_failed (c, s->side, error);
  else
    lim_snapshot_set_tenant_name (c->snapshots[s->side], lim_tenant_get_tenant_name (c->tenants[s->side]));
  side_done (s);
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Side *s = user_data;
  Compare *c = g_task_get_task_data (s->task);
  GError *error = NULL;

  c->clients[s->side] = lim_workspace_connect_finish (LIM_WORKSPACE (source), result, &error);
  if (c->clients[s->side] == NULL)
    {
      side_failed (c, s->side, error);
      side_done (s);
      return;
    }
  if (c->error)
    {
      /* The other side failed already: do not read this one. */
      side_done (s);
      return;
    }
  lim_remote_fetch_async (c->clients[s->side], LIM_FETCH_FULL, g_task_get_cancellable (s->task), fetched_cb, s);
}

void
lim_tenant_compare_async (LimWorkspace       *workspace,
                          LimTenant          *tenant,
                          LimTenant          *other,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  Compare *c;

  g_return_if_fail (LIM_IS_WORKSPACE (workspace));
  g_return_if_fail (tenant != NULL);
  g_return_if_fail (other != NULL);

  task = g_task_new (workspace, cancellable, callback, user_data);
  g_task_set_source_tag (task, lim_tenant_compare_async);
  if (strcmp (lim_tenant_get_alias (tenant), lim_tenant_get_alias (other)) == 0)
    {
      g_task_return_new_error (task, LIM_TENANT_COMPARE_ERROR, LIM_TENANT_COMPARE_ERROR_SAME_TENANT,
                               _("Cannot compare tenant %s with itself: name another tenant to compare it with."),
                               lim_tenant_get_alias (tenant));
      return;
    }
  c = g_new0 (Compare, 1);
  c->workspace = g_object_ref (workspace);
  c->tenants[0] = lim_tenant_ref (tenant);
  c->tenants[1] = lim_tenant_ref (other);
  c->pending = 2;
  g_task_set_task_data (task, c, (GDestroyNotify) compare_free);

  /* Both at once: the slower tenant sets the pace, not their sum. */
  for (guint i = 0; i < 2; i++)
    {
      Side *s = g_new0 (Side, 1);

      s->task = g_object_ref (task);
      s->side = i;
      lim_workspace_connect_async (workspace, c->tenants[i], LIM_TENANT_RESOLVE_DEFAULT, cancellable, connected_cb, s);
    }
}

LimTenantComparison *
lim_tenant_compare_finish (LimWorkspace *workspace,
                           GAsyncResult *result,
                           GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, workspace), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
