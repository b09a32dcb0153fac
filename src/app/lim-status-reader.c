/* lim-status-reader.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lim-remote.h"

#include "lim-status-reader.h"

typedef struct
{
  LimTenant        *tenant;
  LimTimeline      *timeline;
  char             *project_dir;
  LimTenantEnvFunc  env;
  gpointer          env_data;
} Read;

static void
read_free (Read *read)
{
  g_clear_pointer (&read->tenant, lim_tenant_unref);
  g_clear_pointer (&read->timeline, lim_timeline_unref);
  g_clear_pointer (&read->project_dir, g_free);
  g_free (read);
}

static void
on_status_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  g_task_return_pointer (task, lim_tenant_status_read_finish (result),
                         (GDestroyNotify) lim_tenant_status_free);
}

static void
on_connected_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Read *read = g_task_get_task_data (task);
  g_autoptr(LimClient) client = NULL;
  g_autoptr(GError) error = NULL;

  client = lim_remote_connect_finish (result, &error);
  if (client != NULL)
    {
      lim_client_set_max_retries (client, LIM_STATUS_READER_MAX_RETRIES);
      lim_client_set_timeout (client, LIM_STATUS_READER_TIMEOUT_S);
    }

  /* Without a client (a missing secret…), the engine connects again and
   * turns the same problem into the right state and message. */
  lim_tenant_status_read_async (read->tenant, client, read->timeline, read->project_dir,
                                read->env, read->env_data,
                                LIM_TENANT_RESOLVE_DEFAULT,
                                g_task_get_cancellable (task),
                                on_status_read_cb,
                                g_object_ref (task));
}

void
lim_status_reader_read_async (LimTenant           *tenant,
                              LimTimeline         *timeline,
                              const char          *project_dir,
                              LimTenantEnvFunc     env,
                              gpointer             env_data,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Read *read;

  g_return_if_fail (tenant != NULL);
  g_return_if_fail (timeline != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, lim_status_reader_read_async);

  read = g_new0 (Read, 1);
  read->tenant = lim_tenant_ref (tenant);
  read->timeline = lim_timeline_ref (timeline);
  read->project_dir = g_strdup (project_dir);
  read->env = env;
  read->env_data = env_data;
  g_task_set_task_data (task, read, (GDestroyNotify) read_free);

  lim_remote_connect_async (tenant, project_dir, env, env_data,
                            LIM_TENANT_RESOLVE_DEFAULT,
                            cancellable,
                            on_connected_cb,
                            g_steal_pointer (&task));
}

LimTenantStatus *
lim_status_reader_read_finish (GAsyncResult *result)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), NULL);
}
