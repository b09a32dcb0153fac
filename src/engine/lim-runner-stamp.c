/* lim-runner-stamp.c — setting a tenant's marker without running
 * operations (how a tenant is adopted), under the tenant lock.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "lim-marker.h"
#include "lim-remote.h"
#include "lim-runner-private.h"

/* ---------------------------------------------------------------- stamp */









static void stamp_fetched (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data);

typedef struct
{
  char      *revision;
  char      *from;       /* the marker before */
  gboolean   recorded;   /* a run record was begun */
  GPtrArray *requests;
  guint      req;
  gboolean   changed;
  LimLock   *lock;
  GError    *error;
} Stamp;

static void
stamp_free (gpointer data)
{
  Stamp *s = data;
  g_free (s->revision);
  g_free (s->from);
  g_clear_pointer (&s->lock, lim_lock_free);
  g_clear_error (&s->error);
  g_clear_pointer (&s->requests, g_ptr_array_unref);
  g_free (s);
}

static void stamp_next (GTask *task);

static void
stamp_released (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Stamp *s = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!lim_lock_release_finish (result, &error))
    g_warning ("%s", error->message);
  if (s->error)
    g_task_return_error (task, g_steal_pointer (&s->error));
  else
    g_task_return_boolean (task, TRUE);
}

/* Release the lock, then complete with @error or TRUE. */
static void
stamp_return (GTask  *task,
              GError *error)
{
  LimRunner *self = g_task_get_source_object (task);
  Stamp *s = g_task_get_task_data (task);

  s->error = error;
  if (s->recorded)
    _lim_runner_record_end (self, error, error ? s->from : s->revision);
  if (s->lock)
    {
      g_autoptr(LimLock) lock = g_steal_pointer (&s->lock);
      lim_lock_release_async (self->client, lock, stamp_released, g_object_ref (task));
      return;
    }
  if (s->error)
    g_task_return_error (task, g_steal_pointer (&s->error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
stamp_sent (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Stamp *s = g_task_get_task_data (task);
  GError *error = NULL;
  JsonNode *node = lim_remote_execute_finish (LIM_CLIENT (source), result, NULL, &error);

  if (node == NULL)
    {
      stamp_return (task, error);
      return;
    }
  json_node_unref (node);
  s->req++;
  stamp_next (task);
}

static void
stamp_next (GTask *task)
{
  LimRunner *self = g_task_get_source_object (task);
  Stamp *s = g_task_get_task_data (task);

  if (s->req >= s->requests->len)
    {
      g_autoptr(GError) error = NULL;
      lim_marker_apply (self->model, s->revision, self->apply_flags, &error);
      stamp_return (task, NULL);
      return;
    }
  lim_remote_execute_async (self->client, g_ptr_array_index (s->requests, s->req), NULL, stamp_sent,
                            g_object_ref (task));
}

static void
stamp_fetched (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LimRunner *self = g_task_get_source_object (task);
  Stamp *s = g_task_get_task_data (task);
  g_autoptr(LimLock) held = NULL;
  GError *error = NULL;

  if (!_lim_runner_take_refreshed (self, source, result, &error))
    {
      stamp_return (task, error);
      return;
    }
  held = lim_lock_from_snapshot (self->model);
  if (s->lock &&
      lim_snapshot_lookup_schema (self->model, LIM_SNAPSHOT_REMOTE_SCHEMA) && !lim_lock_equal (held, s->lock))
    {
      stamp_return (task, g_error_new (LIM_LOCK_ERROR, LIM_LOCK_ERROR_LOST,
                                       _("The lock on tenant %s was taken over; the marker was not moved."),
                                       self->alias));
      return;
    }
  s->requests = lim_marker_build_requests (self->model, s->revision, self->apply_flags, &error);
  if (s->requests == NULL)
    {
      stamp_return (task, error);
      return;
    }
  s->changed = s->requests->len > 0;
  if (s->changed)
    {
      s->from = g_strdup (lim_marker_get_revision_id (self->model, NULL));
      _lim_runner_record_begin (self, "stamp", s->revision, s->from, s->revision);
      s->recorded = TRUE;
    }
  stamp_next (task);
}

static void
stamp_locked (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LimRunner *self = g_task_get_source_object (task);
  Stamp *s = g_task_get_task_data (task);
  GError *error = NULL;

  s->lock = lim_lock_take_finish (result, NULL, &error);
  if (s->lock == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  lim_remote_fetch_async (self->client, LIM_FETCH_MARKER_ONLY, g_task_get_cancellable (task), stamp_fetched,
                          g_object_ref (task));
}

void
lim_runner_stamp_async (LimRunner          *self,
                        const char         *revision,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Stamp *s = g_new0 (Stamp, 1);

  s->revision = g_strdup (revision);
  g_task_set_source_tag (task, lim_runner_stamp_async);
  g_task_set_task_data (task, s, stamp_free);
  if (self->no_lock)
    {
      lim_remote_fetch_async (self->client, LIM_FETCH_MARKER_ONLY, cancellable, stamp_fetched, g_object_ref (task));
      return;
    }
  lim_lock_take_async (self->client, self->alias, "stamp", LIM_LOCK_LEASE_SECONDS, self->break_lock, cancellable,
                       stamp_locked, g_object_ref (task));
}

gboolean
lim_runner_stamp_finish (LimRunner    *self,
                         GAsyncResult *result,
                         gboolean     *changed,
                         GError      **error)
{
  Stamp *s;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  s = g_task_get_task_data (G_TASK (result));
  if (changed)
    *changed = s->changed;
  return g_task_propagate_boolean (G_TASK (result), error);
}
