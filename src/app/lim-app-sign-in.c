/* lim-app-sign-in.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lim-app-sign-in.h"
#include "lim-sign-in-window.h"

struct _LimAppSignIn
{
  GObject parent_instance;

  /* Weak References */
  GtkWindow *parent;

  /* Owned References */
  GHashTable *pending;  /* base URL → GPtrArray of GTask waiting for its window */
};

static void lim_app_sign_in_iface_init (LimSignInInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LimAppSignIn, lim_app_sign_in, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (LIM_TYPE_SIGN_IN, lim_app_sign_in_iface_init))

LimAppSignIn *
lim_app_sign_in_new (GtkWindow *parent)
{
  LimAppSignIn *self = g_object_new (LIM_TYPE_APP_SIGN_IN, NULL);

  g_set_weak_pointer (&self->parent, parent);
  return self;
}

guint
lim_app_sign_in_get_pending (LimAppSignIn *self)
{
  g_return_val_if_fail (LIM_IS_APP_SIGN_IN (self), 0);

  return g_hash_table_size (self->pending);
}

typedef struct
{
  LimAppSignIn *self;
  char         *key;
} Window;

/* Over the window, or over the modal window shown over it (a run's
 * progress window, when a run asks). */
static GtkWindow *
find_parent (LimAppSignIn *self)
{
  g_autoptr(GList) toplevels = NULL;

  if (self->parent == NULL)
    return NULL;
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (gtk_window_get_transient_for (l->data) == self->parent && gtk_window_get_modal (l->data) &&
        gtk_widget_get_visible (l->data))
      return l->data;
  return self->parent;
}

static void
on_signed_in_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Window *w = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LimSession) session = lim_sign_in_window_run_finish (result, &error);
  g_autoptr(GPtrArray) tasks = NULL;

  g_hash_table_steal_extended (w->self->pending, w->key, NULL, (gpointer *) &tasks);
  for (guint i = 0; tasks != NULL && i < tasks->len; i++)
    {
      GTask *task = g_ptr_array_index (tasks, i);

      if (g_task_return_error_if_cancelled (task))
        continue;
      if (session != NULL)
        g_task_return_pointer (task, lim_session_copy (session), (GDestroyNotify) lim_session_free);
      else
        g_task_return_error (task, g_error_copy (error));
    }
  g_object_unref (w->self);
  g_free (w->key);
  g_free (w);
}

static void
lim_app_sign_in_sign_in_async (LimSignIn          *sign_in,
                               LimTenant          *tenant,
                               LimSignInReason     reason,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  LimAppSignIn *self = LIM_APP_SIGN_IN (sign_in);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  const char *key = lim_tenant_get_base_url (tenant);
  GPtrArray *tasks;
  Window *w;

  g_task_set_source_tag (task, lim_app_sign_in_sign_in_async);

  tasks = g_hash_table_lookup (self->pending, key);
  if (tasks != NULL)
    {
      /* A sign-in window for this tenant is open already: its answer is ours. */
      g_ptr_array_add (tasks, g_steal_pointer (&task));
      return;
    }

  tasks = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (tasks, g_steal_pointer (&task));
  g_hash_table_insert (self->pending, g_strdup (key), tasks);

  w = g_new0 (Window, 1);
  w->self = g_object_ref (self);
  w->key = g_strdup (key);
  /* The first asker's cancellable closes the window (a run stopped meanwhile). */
  lim_sign_in_window_run_async (find_parent (self), tenant, reason, cancellable, on_signed_in_cb, w);
}

static LimSession *
lim_app_sign_in_sign_in_finish (LimSignIn    *sign_in,
                                GAsyncResult *result,
                                GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, sign_in), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
lim_app_sign_in_iface_init (LimSignInInterface *iface)
{
  iface->sign_in_async = lim_app_sign_in_sign_in_async;
  iface->sign_in_finish = lim_app_sign_in_sign_in_finish;
}

static void
lim_app_sign_in_dispose (GObject *object)
{
  LimAppSignIn *self = LIM_APP_SIGN_IN (object);

  g_clear_weak_pointer (&self->parent);

  G_OBJECT_CLASS (lim_app_sign_in_parent_class)->dispose (object);
}

static void
lim_app_sign_in_finalize (GObject *object)
{
  LimAppSignIn *self = LIM_APP_SIGN_IN (object);

  g_clear_pointer (&self->pending, g_hash_table_unref);

  G_OBJECT_CLASS (lim_app_sign_in_parent_class)->finalize (object);
}

static void
lim_app_sign_in_class_init (LimAppSignInClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lim_app_sign_in_dispose;
  object_class->finalize = lim_app_sign_in_finalize;
}

static void
lim_app_sign_in_init (LimAppSignIn *self)
{
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
}
