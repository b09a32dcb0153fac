/* lim-workspace.c — the one front door to a project and its tenants.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lim-gate.h"
#include "lim-keyring.h"
#include "lim-journal-private.h"
#include "lim-json.h"
#include "lim-remote.h"
#include "lim-workspace.h"

struct _LimWorkspace
{
  GObject parent_instance;

  LimProject      *project;
  LimTimeline     *timeline;
  LimTenantConfig *config;
  LimTenantEnvFunc env;
  gpointer         env_data;
  char            *front_end;
  LimSignIn       *sign_in;          /* the front end's, NULL: nobody to ask */
  LimSignIn       *kept_sign_in;     /* sign_in, with the keyring kept in step */
  guint            keyring_pending;  /* refused sessions being removed from the keyring */

  /* A deferred workspace's history (timeline NULL until it arrives). */
  gboolean history_loading;          /* a load is under way */
  GError  *history_error;            /* why the last load failed */
  GQueue   history_waiters;          /* HistoryWaiter, oldest first */
};

G_DEFINE_FINAL_TYPE (LimWorkspace, lim_workspace, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_HISTORY_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
lim_workspace_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  LimWorkspace *self = LIM_WORKSPACE (object);

  switch (prop_id)
    {
    case PROP_HISTORY_LOADED:
      g_value_set_boolean (value, lim_workspace_get_history_loaded (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lim_workspace_finalize (GObject *object)
{
  LimWorkspace *self = LIM_WORKSPACE (object);

  /* Every waiter holds a reference: none is left here. */
  g_assert (g_queue_is_empty (&self->history_waiters));
  g_clear_error (&self->history_error);
  g_clear_pointer (&self->config, lim_tenant_config_unref);
  g_clear_pointer (&self->timeline, lim_timeline_unref);
  g_clear_pointer (&self->project, lim_project_unref);
  g_free (self->front_end);
  g_clear_object (&self->sign_in);
  g_clear_object (&self->kept_sign_in);

  G_OBJECT_CLASS (lim_workspace_parent_class)->finalize (object);
}

static void
lim_workspace_class_init (LimWorkspaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lim_workspace_finalize;
  object_class->get_property = lim_workspace_get_property;

  /* Whether the history has loaded (always, but for a deferred workspace
   * until its load completes). */
  properties[PROP_HISTORY_LOADED] =
    g_param_spec_boolean ("history-loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lim_workspace_init (LimWorkspace *self)
{
  g_queue_init (&self->history_waiters);
}

LimWorkspace *
lim_workspace_new (LimProject *project,
                   GError    **error)
{
  LimWorkspace *self;
  LimTimeline *timeline;

  g_return_val_if_fail (project != NULL, NULL);

  timeline = lim_project_load_timeline (project, error);
  if (timeline == NULL)
    return NULL;

  self = g_object_new (LIM_TYPE_WORKSPACE, NULL);
  self->project = lim_project_ref (project);
  self->timeline = lim_timeline_ref (timeline);
  return self;
}

LimWorkspace *
lim_workspace_open (const char *path,
                    GError    **error)
{
  g_autoptr(LimProject) project = lim_project_discover (path, error);

  if (project == NULL)
    return NULL;
  return lim_workspace_new (project, error);
}

LimWorkspace *
lim_workspace_open_deferred (const char *path,
                             GError    **error)
{
  g_autoptr(LimProject) project = lim_project_discover (path, error);
  LimWorkspace *self;

  if (project == NULL)
    return NULL;
  self = g_object_new (LIM_TYPE_WORKSPACE, NULL);
  self->project = g_steal_pointer (&project);
  return self;
}

void
lim_workspace_set_env_func (LimWorkspace    *self,
                            LimTenantEnvFunc env,
                            gpointer         env_data)
{
  g_return_if_fail (LIM_IS_WORKSPACE (self));

  self->env = env;
  self->env_data = env_data;
}

LimTenantEnvFunc
lim_workspace_get_env_func (LimWorkspace *self,
                            gpointer     *env_data)
{
  g_return_val_if_fail (LIM_IS_WORKSPACE (self), NULL);

  if (env_data != NULL)
    *env_data = self->env_data;
  return self->env;
}

LimProject *
lim_workspace_get_project (LimWorkspace *self)
{
  g_return_val_if_fail (LIM_IS_WORKSPACE (self), NULL);

  return self->project;
}

LimTimeline *
lim_workspace_get_timeline (LimWorkspace *self)
{
  g_return_val_if_fail (LIM_IS_WORKSPACE (self), NULL);

  return self->timeline;
}

gboolean
lim_workspace_get_history_loaded (LimWorkspace *self)
{
  g_return_val_if_fail (LIM_IS_WORKSPACE (self), FALSE);

  return self->timeline != NULL;
}

/* ---------------------------------------------------------------- history
 *
 * Work that needs the history (a status read, a caller of
 * lim_workspace_load_history_async()) waits in history_waiters until a
 * load, or a reload, brings it; then its HistoryFunc runs with a NULL
 * error, or with the reason the load failed. */

typedef void (*HistoryFunc) (LimWorkspace *self,
                             GTask        *task,
                             const GError *error);

typedef struct
{
  GTask      *task;           /* owned */
  HistoryFunc func;
  GSource    *cancel_source;  /* owned, NULL when the wait cannot be cancelled */
} HistoryWaiter;

static void
history_waiter_finish (LimWorkspace  *self,
                       HistoryWaiter *waiter,
                       const GError  *error)
{
  if (waiter->cancel_source != NULL)
    {
      g_source_destroy (waiter->cancel_source);
      g_source_unref (waiter->cancel_source);
    }
  waiter->func (self, waiter->task, error);
  g_object_unref (waiter->task);
  g_free (waiter);
}

/* Every waiter goes on: the history is there (@error NULL) or not. */
static void
history_done (LimWorkspace *self,
              const GError *error)
{
  HistoryWaiter *waiter;

  while ((waiter = g_queue_pop_head (&self->history_waiters)) != NULL)
    history_waiter_finish (self, waiter, error);
}

static gboolean
history_wait_cancelled_cb (GCancellable *cancellable,
                           gpointer      user_data)
{
  HistoryWaiter *waiter = user_data;
  LimWorkspace *self = g_task_get_source_object (waiter->task);
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");

  g_queue_remove (&self->history_waiters, waiter);
  history_waiter_finish (self, waiter, error);
  return G_SOURCE_REMOVE;
}

/* Takes the history of a load or a reload: @project (whose cached
 * timeline is @timeline) and @timeline. */
static void
set_history (LimWorkspace *self,
             LimProject   *project,
             LimTimeline  *timeline)
{
  gboolean was_loaded = self->timeline != NULL;

  g_clear_pointer (&self->timeline, lim_timeline_unref);
  g_clear_pointer (&self->project, lim_project_unref);
  self->project = project;
  self->timeline = timeline;
  if (was_loaded)
    return;

  g_clear_error (&self->history_error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY_LOADED]);
  history_done (self, NULL);
}

static void reload_thread (GTask        *task,
                           gpointer      source_object,
                           gpointer      task_data,
                           GCancellable *cancellable);
static void start_history_load (LimWorkspace *self);

/* Runs @func for @task once the history is there (now, if it is);
 * @cancellable_wait: cancelling @task's cancellable ends the wait. */
static void
when_history (LimWorkspace *self,
              GTask        *task,
              HistoryFunc   func,
              gboolean      cancellable_wait)
{
  HistoryWaiter *waiter;
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (self->timeline != NULL)
    {
      func (self, task, NULL);
      return;
    }

  waiter = g_new0 (HistoryWaiter, 1);
  waiter->task = g_object_ref (task);
  waiter->func = func;
  if (cancellable_wait && cancellable != NULL)
    {
      waiter->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (waiter->cancel_source, G_SOURCE_FUNC (history_wait_cancelled_cb), waiter, NULL);
      g_source_set_static_name (waiter->cancel_source, "[liminal] history wait cancelled");
      g_source_attach (waiter->cancel_source, g_task_get_context (task));
    }
  g_queue_push_tail (&self->history_waiters, waiter);
  start_history_load (self);
}

typedef struct
{
  char        *root;
  LimProject  *project;
  LimTimeline *timeline;
} Reload;

static void
reload_free (Reload *r)
{
  g_free (r->root);
  g_clear_pointer (&r->project, lim_project_unref);
  g_clear_pointer (&r->timeline, lim_timeline_unref);
  g_free (r);
}

static void
history_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  LimWorkspace *self = LIM_WORKSPACE (source);
  Reload *r = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  self->history_loading = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* A reload may have brought it meanwhile: then nobody waits. */
      g_clear_error (&self->history_error);
      self->history_error = g_error_copy (error);
      history_done (self, error);
      return;
    }
  if (self->timeline == NULL)
    set_history (self, g_steal_pointer (&r->project), g_steal_pointer (&r->timeline));
}

/* One load at a time, in a worker thread on its own copies; the workspace
 * lives until it ends. */
static void
start_history_load (LimWorkspace *self)
{
  g_autoptr(GTask) thread = NULL;
  Reload *r;

  if (self->timeline != NULL || self->history_loading)
    return;

  self->history_loading = TRUE;
  r = g_new0 (Reload, 1);
  r->root = g_strdup (lim_project_get_root (self->project));
  thread = g_task_new (self, NULL, history_read_cb, NULL);
  g_task_set_source_tag (thread, start_history_load);
  g_task_set_task_data (thread, r, (GDestroyNotify) reload_free);
  g_task_run_in_thread (thread, reload_thread);
}

static void
load_history_ready (LimWorkspace *self,
                    GTask        *task,
                    const GError *error)
{
  if (error != NULL)
    g_task_return_error (task, g_error_copy (error));
  else
    g_task_return_boolean (task, TRUE);
}

void
lim_workspace_load_history_async (LimWorkspace       *self,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LIM_IS_WORKSPACE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lim_workspace_load_history_async);
  if (g_task_return_error_if_cancelled (task))
    return;
  when_history (self, task, load_history_ready, TRUE);
}

gboolean
lim_workspace_load_history_finish (LimWorkspace *self,
                                   GAsyncResult *result,
                                   GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lim_workspace_load_history_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
lim_workspace_reload (LimWorkspace *self,
                      GError      **error)
{
  g_autoptr(LimProject) project = NULL;
  g_autoptr(LimTenantConfig) config = NULL;
  LimTimeline *timeline;

  g_return_val_if_fail (LIM_IS_WORKSPACE (self), FALSE);

  /* A fresh project: LimProject caches its timeline. */
  project = lim_project_discover (lim_project_get_root (self->project), error);
  if (project == NULL)
    return FALSE;
  timeline = lim_project_load_timeline (project, error);
  if (timeline == NULL)
    return FALSE;
  if (self->config != NULL)
    {
      config = lim_tenant_config_load (lim_project_get_config_dir (project), self->env, self->env_data, error);
      if (config == NULL)
        return FALSE;
    }

  if (config != NULL)
    {
      g_clear_pointer (&self->config, lim_tenant_config_unref);
      self->config = g_steal_pointer (&config);
    }
  set_history (self, g_steal_pointer (&project), lim_timeline_ref (timeline));
  return TRUE;
}

/* The worker thread of a reload or a load: it reads only its own copies
 * (Reload). */
static void
reload_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Reload *r = task_data;
  GError *error = NULL;
  LimTimeline *timeline;

  r->project = lim_project_discover (r->root, &error);
  if (r->project == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  timeline = lim_project_load_timeline (r->project, &error);
  if (timeline == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  r->timeline = lim_timeline_ref (timeline);
  g_task_return_boolean (task, TRUE);
}

/* Back on the caller's thread: tenants.ini (small) and the swap. */
static void
reload_read (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  LimWorkspace *self = LIM_WORKSPACE (source);
  g_autoptr(GTask) task = user_data;
  Reload *r = g_task_get_task_data (G_TASK (result));
  g_autoptr(LimTenantConfig) config = NULL;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) ||
      g_task_return_error_if_cancelled (task))
    {
      if (error != NULL)
        g_task_return_error (task, error);
      return;
    }
  if (self->config != NULL)
    {
      config = lim_tenant_config_load (lim_project_get_config_dir (r->project), self->env, self->env_data, &error);
      if (config == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }

  if (config != NULL)
    {
      g_clear_pointer (&self->config, lim_tenant_config_unref);
      self->config = g_steal_pointer (&config);
    }
  set_history (self, g_steal_pointer (&r->project), g_steal_pointer (&r->timeline));
  g_task_return_boolean (task, TRUE);
}

void
lim_workspace_reload_async (LimWorkspace       *self,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) thread = NULL;
  Reload *r;

  g_return_if_fail (LIM_IS_WORKSPACE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lim_workspace_reload_async);

  r = g_new0 (Reload, 1);
  r->root = g_strdup (lim_project_get_root (self->project));
  thread = g_task_new (self, cancellable, reload_read, g_steal_pointer (&task));
  g_task_set_source_tag (thread, reload_thread);
  g_task_set_task_data (thread, r, (GDestroyNotify) reload_free);
  g_task_run_in_thread (thread, reload_thread);
}

gboolean
lim_workspace_reload_finish (LimWorkspace *self,
                             GAsyncResult *result,
                             GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lim_workspace_reload_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
lim_workspace_load_tenants (LimWorkspace *self,
                            GError      **error)
{
  LimTenantConfig *config;

  g_return_val_if_fail (LIM_IS_WORKSPACE (self), FALSE);

  config = lim_tenant_config_load (lim_project_get_config_dir (self->project), self->env, self->env_data, error);
  if (config == NULL)
    return FALSE;
  g_clear_pointer (&self->config, lim_tenant_config_unref);
  self->config = config;
  return TRUE;
}

LimTenantConfig *
lim_workspace_get_config (LimWorkspace *self)
{
  g_return_val_if_fail (LIM_IS_WORKSPACE (self), NULL);

  return self->config;
}

GPtrArray *
lim_workspace_get_tenants (LimWorkspace *self,
                           GError      **error)
{
  g_return_val_if_fail (LIM_IS_WORKSPACE (self), NULL);

  if (self->config == NULL && !lim_workspace_load_tenants (self, error))
    return NULL;
  return lim_tenant_config_get_tenants (self->config);
}

LimTenant *
lim_workspace_lookup_tenant (LimWorkspace *self,
                             const char   *name,
                             GError      **error)
{
  g_return_val_if_fail (LIM_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (self->config == NULL && !lim_workspace_load_tenants (self, error))
    return NULL;
  return lim_tenant_config_lookup (self->config, name, error);
}

const char *
lim_workspace_get_secrets_dir (LimWorkspace *self)
{
  g_return_val_if_fail (LIM_IS_WORKSPACE (self), NULL);

  /* The window stores keyring secrets under the config folder; the command
   * line must find them there too. */
  return lim_project_get_config_dir (self->project);
}

char *
lim_workspace_dup_runs_dir (LimWorkspace *self)
{
  g_return_val_if_fail (LIM_IS_WORKSPACE (self), NULL);

  /* Beside versions/: it travels with the revision files. */
  return g_build_filename (lim_project_get_config_dir (self->project), "runs", NULL);
}

void
lim_workspace_set_front_end (LimWorkspace *self,
                             const char   *front_end)
{
  g_return_if_fail (LIM_IS_WORKSPACE (self));

  g_free (self->front_end);
  self->front_end = g_strdup (front_end);
}

char *
lim_workspace_dup_journal_dir (LimWorkspace *self)
{
  g_return_val_if_fail (LIM_IS_WORKSPACE (self), NULL);

  return g_build_filename (lim_project_get_root (self->project), ".liminal", "journal", NULL);
}

gboolean
lim_workspace_get_unfinished_run (LimWorkspace *self,
                                  LimTenant    *tenant,
                                  const char   *marker,
                                  LimDirection *direction,
                                  char        **to,
                                  char        **state)
{
  g_autofree char *journal_dir = NULL;
  g_autoptr(JsonObject) journal = NULL;

  g_return_val_if_fail (LIM_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (tenant != NULL, FALSE);

  journal_dir = lim_workspace_dup_journal_dir (self);
  journal = lim_journal_load (journal_dir, lim_tenant_get_alias (tenant), NULL);
  if (!lim_journal_is_open_at (journal, marker))
    return FALSE;
  if (direction)
    *direction = g_strcmp0 (lim_json_get_string (journal, "direction"), "downgrade") == 0 ? LIM_DIRECTION_DOWN
                                                                                         : LIM_DIRECTION_UP;
  if (to)
    *to = g_strdup (lim_json_get_string (journal, "to"));
  if (state)
    *state = g_strdup (lim_journal_get_state (journal));
  return TRUE;
}

LimApplyFlags
lim_workspace_apply_flags_for (LimTenant *tenant)
{
  LimApplyFlags flags = LIM_APPLY_FLAGS_NONE;

  g_return_val_if_fail (tenant != NULL, LIM_APPLY_FLAGS_NONE);

  if (lim_tenant_get_schemas_enable_change_warehouse_name (tenant))
    flags |= LIM_APPLY_FLAG_CHANGE_WAREHOUSE_NAME;
  if (lim_tenant_get_fieldsets (tenant))
    flags |= LIM_APPLY_FLAG_FIELDSETS;
  return flags;
}

gboolean
lim_workspace_needs_typed_confirmation (LimTenant  *tenant,
                                        LimRunFlags flags)
{
  g_return_val_if_fail (tenant != NULL, TRUE);

  if (flags & LIM_RUN_FLAGS_DRY_RUN)
    return FALSE;
  return lim_tenant_get_protected (tenant);
}

gboolean
lim_workspace_typed_confirmation_matches (LimTenant  *tenant,
                                          const char *typed)
{
  g_return_val_if_fail (tenant != NULL, FALSE);

  return typed != NULL && g_strcmp0 (typed, lim_tenant_get_alias (tenant)) == 0;
}

/* ---------------------------------------------------------------- single sign-on */

/* The LimSignIn the workspace hands its clients: the front end's, with the
 * desktop keyring kept in step — a session refused or run out is removed
 * before a new one is asked for, and the new one is stored. */
#define LIM_TYPE_KEPT_SIGN_IN (lim_kept_sign_in_get_type ())
G_DECLARE_FINAL_TYPE (LimKeptSignIn, lim_kept_sign_in, LIM, KEPT_SIGN_IN, GObject)

struct _LimKeptSignIn
{
  GObject    parent_instance;
  LimSignIn *inner;
};

static void lim_kept_sign_in_iface_init (LimSignInInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LimKeptSignIn, lim_kept_sign_in, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (LIM_TYPE_SIGN_IN, lim_kept_sign_in_iface_init))

typedef struct
{
  LimTenant      *tenant;
  LimSignInReason reason;
  LimSession     *session;
} KeptSignIn;

static void
kept_sign_in_free (KeptSignIn *k)
{
  lim_tenant_unref (k->tenant);
  g_clear_pointer (&k->session, lim_session_free);
  g_free (k);
}

static void
kept_stored (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KeptSignIn *k = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  (void) source;
  /* Without a keyring the session still serves this process. */
  if (!lim_tenant_keyring_store_session_finish (result, &error))
    g_debug ("Could not keep the single sign-on session of tenant %s in the desktop keyring: %s",
             lim_tenant_get_alias (k->tenant), error->message);
  g_task_return_pointer (task, g_steal_pointer (&k->session), (GDestroyNotify) lim_session_free);
}

static void
kept_signed_in (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KeptSignIn *k = g_task_get_task_data (task);
  GError *error = NULL;

  k->session = lim_sign_in_sign_in_finish (LIM_SIGN_IN (source), result, &error);
  if (k->session == NULL)
    {
      g_task_return_error (task, error ? error : g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, "No session"));
      return;
    }
  /* stored whatever becomes of the caller's cancellable */
  lim_tenant_keyring_store_session (k->tenant, k->session, NULL, kept_stored, g_steal_pointer (&task));
}

static void
kept_ask (GTask *task)
{
  LimKeptSignIn *self = g_task_get_source_object (task);
  KeptSignIn *k = g_task_get_task_data (task);

  lim_sign_in_sign_in_async (self->inner, k->tenant, k->reason, g_task_get_cancellable (task), kept_signed_in, task);
}

static void
kept_cleared (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;

  (void) source;
  if (!lim_tenant_keyring_clear_session_finish (result, &error) && error != NULL)
    g_debug ("Could not remove a single sign-on session from the desktop keyring: %s", error->message);
  kept_ask (task);
}

static void
lim_kept_sign_in_sign_in_async (LimSignIn          *sign_in,
                                LimTenant          *tenant,
                                LimSignInReason     reason,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  GTask *task = g_task_new (sign_in, cancellable, callback, user_data);
  KeptSignIn *k = g_new0 (KeptSignIn, 1);

  k->tenant = lim_tenant_ref (tenant);
  k->reason = reason;
  g_task_set_task_data (task, k, (GDestroyNotify) kept_sign_in_free);
  if (reason == LIM_SIGN_IN_REASON_EXPIRED)
    lim_tenant_keyring_clear_session (tenant, NULL, kept_cleared, task);
  else
    kept_ask (task);
}

static LimSession *
lim_kept_sign_in_sign_in_finish (LimSignIn    *sign_in,
                                 GAsyncResult *result,
                                 GError      **error)
{
  (void) sign_in;
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
lim_kept_sign_in_iface_init (LimSignInInterface *iface)
{
  iface->sign_in_async = lim_kept_sign_in_sign_in_async;
  iface->sign_in_finish = lim_kept_sign_in_sign_in_finish;
}

static void
lim_kept_sign_in_finalize (GObject *object)
{
  g_clear_object (&LIM_KEPT_SIGN_IN (object)->inner);
  G_OBJECT_CLASS (lim_kept_sign_in_parent_class)->finalize (object);
}

static void
lim_kept_sign_in_class_init (LimKeptSignInClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lim_kept_sign_in_finalize;
}

static void
lim_kept_sign_in_init (LimKeptSignIn *self)
{
  (void) self;
}

void
lim_workspace_set_sign_in (LimWorkspace *self,
                           LimSignIn    *sign_in)
{
  g_return_if_fail (LIM_IS_WORKSPACE (self));
  g_return_if_fail (sign_in == NULL || LIM_IS_SIGN_IN (sign_in));

  g_set_object (&self->sign_in, sign_in);
  g_clear_object (&self->kept_sign_in);
  if (sign_in)
    {
      LimKeptSignIn *kept = g_object_new (LIM_TYPE_KEPT_SIGN_IN, NULL);

      kept->inner = g_object_ref (sign_in);
      self->kept_sign_in = LIM_SIGN_IN (kept);
    }
}

LimSignIn *
lim_workspace_get_sign_in (LimWorkspace *self)
{
  g_return_val_if_fail (LIM_IS_WORKSPACE (self), NULL);
  return self->sign_in;
}

static void
workspace_signed_in (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  LimSession *session = lim_sign_in_sign_in_finish (LIM_SIGN_IN (source), result, &error);

  if (session == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, session, (GDestroyNotify) lim_session_free);
}

void
lim_workspace_sign_in_async (LimWorkspace       *self,
                             LimTenant          *tenant,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LIM_IS_WORKSPACE (self));
  g_return_if_fail (tenant != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lim_workspace_sign_in_async);
  if (self->kept_sign_in == NULL)
    {
      g_task_return_new_error (task, LIM_TENANT_ERROR, LIM_TENANT_ERROR_SIGN_IN_NEEDED,
                               "Nothing can sign in to tenant “%s” here: single sign-on needs Liminal Desktop's "
                               "sign-in window.", lim_tenant_get_alias (tenant));
      return;
    }
  lim_sign_in_sign_in_async (self->kept_sign_in, tenant, LIM_SIGN_IN_REASON_NEEDED, cancellable,
                             workspace_signed_in, g_steal_pointer (&task));
}

LimSession *
lim_workspace_sign_in_finish (LimWorkspace *self,
                              GAsyncResult *result,
                              GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---------------------------------------------------------------- connect */

typedef struct
{
  LimTenant            *tenant;
  LimTenantResolveFlags flags;
  LimSession           *session;      /* a sign-in's, while connecting again with it */
  char                 *session_var;  /* LIMINAL_<ALIAS>_SESSION */
  char                 *csrf_var;
} Connect;

static void
connect_free (Connect *c)
{
  lim_tenant_unref (c->tenant);
  g_clear_pointer (&c->session, lim_session_free);
  g_free (c->session_var);
  g_free (c->csrf_var);
  g_free (c);
}

/* The environment, with the session a sign-in just gave in place of the
 * tenant's LIMINAL_<ALIAS>_SESSION and _CSRF. */
static const char *
connect_env (const char *name,
             gpointer    user_data)
{
  GTask *task = user_data;
  LimWorkspace *self = g_task_get_source_object (task);
  Connect *c = g_task_get_task_data (task);

  if (g_strcmp0 (name, c->session_var) == 0)
    return c->session->cookie;
  if (g_strcmp0 (name, c->csrf_var) == 0)
    return c->session->csrf_token;
  return self->env ? self->env (name, self->env_data) : g_getenv (name);
}

/* Whose session a client's "session-rejected" is about. */
typedef struct
{
  LimWorkspace *workspace;
  LimTenant    *tenant;
} Rejected;

static void
rejected_free (gpointer  data,
               GClosure *closure)
{
  Rejected *r = data;

  (void) closure;
  g_object_unref (r->workspace);
  lim_tenant_unref (r->tenant);
  g_free (r);
}

static void
rejected_cleared (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(LimWorkspace) self = user_data;
  g_autoptr(GError) error = NULL;

  (void) source;
  if (!lim_tenant_keyring_clear_session_finish (result, &error) && error != NULL)
    g_debug ("Could not remove a refused single sign-on session from the desktop keyring: %s", error->message);
  self->keyring_pending--;
}

/* The tenant refused the session a client used: it leaves the keyring.
 * (With a sign-in, the kept sign-in removes it before asking again.) */
static void
session_rejected_cb (LimClient *client,
                     Rejected  *r)
{
  if (lim_client_get_can_sign_in (client))
    return;
  r->workspace->keyring_pending++;
  lim_tenant_keyring_clear_session (r->tenant, NULL, rejected_cleared, g_object_ref (r->workspace));
}

void
lim_workspace_settle (LimWorkspace *self)
{
  gint64 deadline = g_get_monotonic_time () + LIM_TENANT_KEYRING_TIMEOUT_MS * 1000;
  GMainContext *context = g_main_context_get_thread_default ();

  g_return_if_fail (LIM_IS_WORKSPACE (self));
  while (self->keyring_pending > 0 && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (context, FALSE))
      g_usleep (1000);
}

static void connect_start (GTask *task);

static void
connect_signed_in (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Connect *c = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  c->session = lim_sign_in_sign_in_finish (LIM_SIGN_IN (source), result, &error);
  if (c->session == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_new_error (task, LIM_TENANT_ERROR, LIM_TENANT_ERROR_SIGN_IN_NEEDED,
                                 "Signing in to tenant “%s” was cancelled.", lim_tenant_get_alias (c->tenant));
      else
        g_task_return_new_error (task, LIM_TENANT_ERROR, LIM_TENANT_ERROR_SIGN_IN_NEEDED,
                                 "Could not sign in to tenant “%s” with single sign-on: %s",
                                 lim_tenant_get_alias (c->tenant), error ? error->message : "no session");
      return;
    }
  connect_start (g_steal_pointer (&task));
}

static void
connect_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LimWorkspace *self = g_task_get_source_object (task);
  Connect *c = g_task_get_task_data (task);
  GError *error = NULL;
  LimClient *client = lim_remote_connect_finish (result, &error);
  gboolean may_sign_in = self->kept_sign_in != NULL && (c->flags & LIM_TENANT_RESOLVE_NO_SIGN_IN) == 0;

  (void) source;
  if (client == NULL)
    {
      /* An SSO tenant without a session: sign in now (not for a status read). */
      if (may_sign_in && c->session == NULL &&
          g_error_matches (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_SIGN_IN_NEEDED))
        {
          GCancellable *cancellable = g_task_get_cancellable (task);

          g_error_free (error);
          lim_sign_in_sign_in_async (self->kept_sign_in, c->tenant, LIM_SIGN_IN_REASON_NEEDED, cancellable,
                                     connect_signed_in, g_steal_pointer (&task));
          return;
        }
      g_task_return_error (task, error);
      return;
    }
  if (lim_tenant_get_auth (c->tenant) == LIM_TENANT_AUTH_SSO)
    {
      if (c->session)
        lim_client_set_session_expiry (client, c->session->expires_at);
      if (may_sign_in)
        lim_client_set_sign_in (client, self->kept_sign_in, c->tenant);
      Rejected *r = g_new0 (Rejected, 1);

      r->workspace = g_object_ref (self);
      r->tenant = lim_tenant_ref (c->tenant);
      g_signal_connect_data (client, "session-rejected", G_CALLBACK (session_rejected_cb), r, rejected_free, 0);
    }
  g_task_return_pointer (task, client, g_object_unref);
}

/* Takes @task. */
static void
connect_start (GTask *task)
{
  LimWorkspace *self = g_task_get_source_object (task);
  Connect *c = g_task_get_task_data (task);
  LimSecretsScope scope = { lim_workspace_get_secrets_dir (self), self->env, self->env_data, c->flags };

  if (c->session)
    {
      scope.env = connect_env;
      scope.env_data = task;
    }
  lim_remote_connect_async (c->tenant, &scope, g_task_get_cancellable (task), connect_done, task);
}

/* lim_remote_connect_async() within this project's secrets scope; for a
 * single sign-on tenant, with the workspace's sign-in wired to the client
 * (and asked at once when there is no session, unless @flags say not to). */
static void
workspace_connect (LimWorkspace         *self,
                   LimTenant            *tenant,
                   LimTenantResolveFlags flags,
                   GCancellable         *cancellable,
                   GAsyncReadyCallback   callback,
                   gpointer              user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Connect *c = g_new0 (Connect, 1);

  c->tenant = lim_tenant_ref (tenant);
  c->flags = flags;
  c->session_var = lim_tenant_get_env_var (tenant, LIM_TENANT_SECRET_SESSION);
  c->csrf_var = lim_tenant_get_env_var (tenant, LIM_TENANT_SECRET_CSRF);
  g_task_set_task_data (task, c, (GDestroyNotify) connect_free);
  connect_start (task);
}

static LimClient *
workspace_connect_finish (GAsyncResult *result,
                          GError      **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  LimClient *client = workspace_connect_finish (result, &error);

  if (client == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, client, g_object_unref);
}

void
lim_workspace_connect_async (LimWorkspace         *self,
                             LimTenant            *tenant,
                             LimTenantResolveFlags flags,
                             GCancellable         *cancellable,
                             GAsyncReadyCallback   callback,
                             gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LIM_IS_WORKSPACE (self));
  g_return_if_fail (tenant != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lim_workspace_connect_async);
  workspace_connect (self, tenant, flags, cancellable, connected_cb, g_steal_pointer (&task));
}

LimClient *
lim_workspace_connect_finish (LimWorkspace *self,
                              GAsyncResult *result,
                              GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

LimRunner *
lim_workspace_new_runner (LimWorkspace *self,
                          LimTenant    *tenant,
                          LimClient    *client,
                          gboolean      journal)
{
  g_autofree char *journal_dir = NULL;

  g_return_val_if_fail (LIM_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (tenant != NULL, NULL);
  g_return_val_if_fail (LIM_IS_CLIENT (client), NULL);
  g_return_val_if_fail (self->timeline != NULL, NULL);  /* a deferred workspace's history has loaded */

  g_autofree char *runs_dir = lim_workspace_dup_runs_dir (self);
  LimRunner *runner;

  if (journal)
    journal_dir = lim_workspace_dup_journal_dir (self);
  runner = lim_runner_new (client, self->timeline, lim_tenant_get_alias (tenant), journal_dir,
                           lim_workspace_apply_flags_for (tenant));
  lim_runner_set_records (runner, runs_dir, tenant, self->front_end);
  return runner;
}

/* ---------------------------------------------------------------- status */

typedef struct
{
  LimTenant   *tenant;
  LimTimeline *timeline;
  char        *runs_dir;
  gboolean     interactive;
  gint64       started;
  /* Connected before the history came: what connecting gave. */
  LimClient *client;
  GError    *connect_error;
} StatusRead;

static void
status_read_free (StatusRead *read)
{
  g_clear_pointer (&read->tenant, lim_tenant_unref);
  g_clear_pointer (&read->timeline, lim_timeline_unref);
  g_clear_object (&read->client);
  g_clear_error (&read->connect_error);
  g_free (read->runs_dir);
  g_free (read);
}

/* Returns @status, which took the whole reading: connecting and fetching. */
static void
status_return (GTask           *task,
               LimTenantStatus *status)
{
  StatusRead *read = g_task_get_task_data (task);

  /* A tenant behind head that follows others: is it waiting for them? */
  if (status->state == LIM_TENANT_STATE_BEHIND && lim_tenant_get_promote_after (read->tenant) && status->revision &&
      status->head)
    {
      LimDirection direction = LIM_DIRECTION_UP;
      g_autoptr(GPtrArray) path = lim_timeline_path (read->timeline, status->revision, status->head, &direction, NULL);
      g_auto(GStrv) waiting = NULL;
      g_autoptr(GError) error = NULL;
      /* Only who it waits for is shown: the missing revisions are dropped. */
      GPtrArray *missing = path ? lim_gate_check (read->runs_dir, read->tenant, path, &waiting, &error) : NULL;

      g_clear_pointer (&missing, g_ptr_array_unref);

      if (error)
        g_warning ("%s", error->message);
      if (waiting && waiting[0])
        status->waiting_for = g_strjoinv (", ", waiting);
    }
  status->seconds = (g_get_monotonic_time () - read->started) / (double) G_USEC_PER_SEC;
  g_task_return_pointer (task, status, (GDestroyNotify) lim_tenant_status_free);
}

static void
status_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  status_return (task, lim_tenant_status_read_finish (result));
}

/* Connected, and the history is there (or could not be loaded). */
static void
status_history_cb (LimWorkspace *self,
                   GTask        *task,
                   const GError *history_error)
{
  StatusRead *read = g_task_get_task_data (task);
  LimClient *client = read->client;

  if (history_error != NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  if (read->timeline == NULL)
    read->timeline = lim_timeline_ref (self->timeline);
  if (client == NULL)
    {
      status_return (task, lim_tenant_status_new_from_error (read->tenant, read->timeline, read->connect_error));
      return;
    }
  if (read->interactive)
    {
      lim_client_set_max_retries (client, LIM_WORKSPACE_INTERACTIVE_MAX_RETRIES);
      lim_client_set_timeout (client, LIM_WORKSPACE_INTERACTIVE_TIMEOUT_S);
    }
  /* The window shows what it read (a revision's review needs the
   * schemas); the command line only needs the marker. */
  if (read->interactive)
    lim_tenant_status_read_full_async (read->tenant, client, read->timeline, g_task_get_cancellable (task),
                                       status_done_cb, g_object_ref (task));
  else
    lim_tenant_status_read_async (read->tenant, client, read->timeline, g_task_get_cancellable (task),
                                  status_done_cb, g_object_ref (task));
}

static void
status_connected_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StatusRead *read = g_task_get_task_data (task);

  read->client = workspace_connect_finish (result, &read->connect_error);
  /* A deferred workspace's history may still be on its way. */
  when_history (g_task_get_source_object (task), task, status_history_cb, FALSE);
}

void
lim_workspace_read_status_async (LimWorkspace         *self,
                                 LimTenant            *tenant,
                                 LimWorkspaceReadFlags flags,
                                 GCancellable         *cancellable,
                                 GAsyncReadyCallback   callback,
                                 gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  StatusRead *read;

  g_return_if_fail (LIM_IS_WORKSPACE (self));
  g_return_if_fail (tenant != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lim_workspace_read_status_async);
  read = g_new0 (StatusRead, 1);
  read->tenant = lim_tenant_ref (tenant);
  /* A reload during the read keeps this one (or the first to come). */
  read->timeline = self->timeline != NULL ? lim_timeline_ref (self->timeline) : NULL;
  read->runs_dir = lim_workspace_dup_runs_dir (self);
  read->interactive = (flags & LIM_WORKSPACE_READ_INTERACTIVE) != 0;
  read->started = g_get_monotonic_time ();
  g_task_set_task_data (task, read, (GDestroyNotify) status_read_free);
  /* Parsing a big history and connecting go on side by side. */
  start_history_load (self);
  /* status reads never prompt */
  workspace_connect (self, tenant, LIM_TENANT_RESOLVE_NO_SIGN_IN, cancellable, status_connected_cb,
                     g_steal_pointer (&task));
}

LimTenantStatus *
lim_workspace_read_status_finish (LimWorkspace *self,
                                  GAsyncResult *result)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), NULL);
}

typedef struct
{
  GPtrArray *statuses;  /* LimTenantStatus, NULL until read */
  guint      pending;
} ReadAll;

typedef struct
{
  GTask *task;
  guint  index;
} ReadSlot;

static void
read_all_free (ReadAll *all)
{
  g_ptr_array_unref (all->statuses);
  g_free (all);
}

static void
read_all_one_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ReadSlot *slot = user_data;
  g_autoptr(GTask) task = slot->task;
  ReadAll *all = g_task_get_task_data (task);

  g_ptr_array_index (all->statuses, slot->index) =
    lim_workspace_read_status_finish (LIM_WORKSPACE (source), result);
  g_free (slot);

  if (--all->pending > 0)
    return;
  for (guint i = 0; i < all->statuses->len; i++)
    if (g_ptr_array_index (all->statuses, i) == NULL)
      {
        LimWorkspace *self = LIM_WORKSPACE (source);

        /* Only a deferred workspace whose history could not be loaded. */
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "%s",
                                 self->history_error != NULL ? self->history_error->message
                                                             : "The history could not be loaded");
        return;
      }
  g_task_return_pointer (task, g_ptr_array_ref (all->statuses), (GDestroyNotify) g_ptr_array_unref);
}

void
lim_workspace_read_all_async (LimWorkspace         *self,
                              LimWorkspaceReadFlags flags,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *tenants;
  ReadAll *all;

  g_return_if_fail (LIM_IS_WORKSPACE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lim_workspace_read_all_async);

  tenants = lim_workspace_get_tenants (self, &error);
  if (tenants == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  all = g_new0 (ReadAll, 1);
  all->statuses = g_ptr_array_new_full (tenants->len, (GDestroyNotify) lim_tenant_status_free);
  g_ptr_array_set_size (all->statuses, tenants->len);
  g_task_set_task_data (task, all, (GDestroyNotify) read_all_free);

  if (tenants->len == 0)
    {
      g_task_return_pointer (task, g_ptr_array_ref (all->statuses), (GDestroyNotify) g_ptr_array_unref);
      return;
    }

  /* Every tenant at once: the slowest one sets the pace, not their sum. */
  all->pending = tenants->len;
  for (guint i = 0; i < tenants->len; i++)
    {
      ReadSlot *slot = g_new0 (ReadSlot, 1);

      slot->task = g_object_ref (task);
      slot->index = i;
      lim_workspace_read_status_async (self, g_ptr_array_index (tenants, i), flags, cancellable,
                                       read_all_one_cb, slot);
    }
}

GPtrArray *
lim_workspace_read_all_finish (LimWorkspace *self,
                               GAsyncResult *result,
                               GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
