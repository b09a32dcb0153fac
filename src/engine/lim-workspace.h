/* lim-workspace.h — the one front door to a project and its tenants.
 *
 * A workspace is an open project: its history (timeline), its tenant
 * configuration (tenants.ini + env.py) and the environment hook that
 * supplies secrets (NULL = the process environment; the demo and tests hand
 * in their own).  Everything the command line and the window do to a tenant
 * starts here, so the facts both need are derived in one place:
 *
 *  - where the keyring scope of the project's secrets is (the config
 *    folder, the folder that holds versions/);
 *  - where journals live (ROOT/.liminal/journal);
 *  - which apply flags a tenant's settings mean;
 *  - the protected-tenant rule: changing a protected tenant needs a person
 *    to type its alias (dry runs never change anything, so never need it);
 *  - reading one or every tenant's status, concurrently.
 *
 * Analogue of gnome-text-editor's EditorSession: front ends are views over
 * it and never re-derive these facts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lim-client.h"
#include "lim-project.h"
#include "lim-runner.h"
#include "lim-status.h"
#include "lim-secrets.h"
#include "lim-sign-in.h"
#include "lim-tenant-config.h"
#include "lim-timeline.h"

G_BEGIN_DECLS

#define LIM_TYPE_WORKSPACE (lim_workspace_get_type ())
G_DECLARE_FINAL_TYPE (LimWorkspace, lim_workspace, LIM, WORKSPACE, GObject)

typedef enum {
  LIM_WORKSPACE_READ_DEFAULT     = 0,
  /* For a view a person is looking at: few retries and a short timeout, so
   * an unreachable tenant says so in seconds rather than after a long
   * back-off; and every tag schema is read, into status->model (default
   * readings use the cached liminal_remote shortcut of lim-status.h). */
  LIM_WORKSPACE_READ_INTERACTIVE = 1 << 0,
} LimWorkspaceReadFlags;

/* Retries and timeout of LIM_WORKSPACE_READ_INTERACTIVE readings. */
#define LIM_WORKSPACE_INTERACTIVE_MAX_RETRIES 1
#define LIM_WORKSPACE_INTERACTIVE_TIMEOUT_S   15

/* Find the project at @path (or a parent; NULL = the current directory) and
 * load its history.  The tenant configuration is read on demand
 * (lim_workspace_load_tenants()), so history commands work with a broken
 * tenants.ini. */
LimWorkspace    *lim_workspace_open                 (const char        *path,
                                                     GError           **error);

/* The same in two stages, for a window that shows the tenants at once:
 * finds the project (nothing is parsed) and returns a workspace whose
 * history has not loaded yet (lim_workspace_get_timeline() is NULL,
 * lim_workspace_get_history_loaded() FALSE).  Its tenants can be loaded
 * and shown meanwhile.  The history is read and parsed in a worker thread
 * by lim_workspace_load_history_async() (or by the first status read,
 * which waits for it; connecting to the tenant goes on meanwhile). */
LimWorkspace    *lim_workspace_open_deferred        (const char        *path,
                                                     GError           **error);

/* A workspace over an already opened project (its timeline must load). */
LimWorkspace    *lim_workspace_new                  (LimProject        *project,
                                                     GError           **error);

/* The secrets hook used for connecting and for env.py's os.environ lookups. */
void             lim_workspace_set_env_func         (LimWorkspace      *self,
                                                     LimTenantEnvFunc   env,
                                                     gpointer           env_data);
LimTenantEnvFunc lim_workspace_get_env_func         (LimWorkspace      *self,
                                                     gpointer          *env_data);

LimProject      *lim_workspace_get_project          (LimWorkspace      *self);
/* NULL until the history has loaded (only a deferred workspace lacks it). */
LimTimeline     *lim_workspace_get_timeline         (LimWorkspace      *self);

/* Whether the history has loaded: the "history-loaded" property, notified
 * once, on the main context the load was started from, when it arrives
 * (before the status reads that waited for it go on). */
gboolean         lim_workspace_get_history_loaded   (LimWorkspace      *self);
/* Loads the history of a deferred workspace: the revision files are read
 * and parsed in a worker thread, the swap happens on the calling thread's
 * main context.  Completes at once when it has loaded; calls made while a
 * load is under way share it.  Cancelling @cancellable ends this call's
 * wait (G_IO_ERROR_CANCELLED), not the load others may wait for.  On error
 * (a broken revision file) nothing is loaded, the status reads that waited
 * complete with NULL, and the next call tries again. */
void             lim_workspace_load_history_async   (LimWorkspace       *self,
                                                     GCancellable       *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data);
gboolean         lim_workspace_load_history_finish  (LimWorkspace      *self,
                                                     GAsyncResult      *result,
                                                     GError           **error);

/* Read the project again from disk: the history and, if they were loaded,
 * the tenants.  On error nothing changes.  (A deferred workspace's history
 * is loaded by a reload too.) */
gboolean         lim_workspace_reload               (LimWorkspace      *self,
                                                     GError           **error);
/* The same without blocking: the revision files are read and parsed in a
 * worker thread (thousands of them take a while), tenants.ini and the swap
 * happen on the calling thread's main context when it completes.  On error
 * (or when cancelled) nothing changes. */
void             lim_workspace_reload_async         (LimWorkspace       *self,
                                                     GCancellable       *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data);
gboolean         lim_workspace_reload_finish        (LimWorkspace      *self,
                                                     GAsyncResult      *result,
                                                     GError           **error);

/* Read (again) tenants.ini and env.py.  On error the previous configuration
 * stays. */
gboolean         lim_workspace_load_tenants         (LimWorkspace      *self,
                                                     GError           **error);
/* NULL until lim_workspace_load_tenants() succeeded. */
LimTenantConfig *lim_workspace_get_config           (LimWorkspace      *self);
/* Element type LimTenant, in configuration order; loads the tenants first
 * when needed (NULL with @error set when that fails). */
GPtrArray       *lim_workspace_get_tenants          (LimWorkspace      *self,
                                                     GError           **error);
/* By alias or tenant name; loads the tenants first when needed. */
LimTenant       *lim_workspace_lookup_tenant        (LimWorkspace      *self,
                                                     const char        *name,
                                                     GError           **error);

/* The folder the project's keyring secrets are scoped to. */
const char      *lim_workspace_get_secrets_dir      (LimWorkspace      *self);
/* CONFIG_DIR/runs: the run records (lim-run-record.h), beside versions/. */
char            *lim_workspace_dup_runs_dir         (LimWorkspace      *self);
/* Names the front end ("cli", "app") in run records. */
void             lim_workspace_set_front_end        (LimWorkspace      *self,
                                                     const char        *front_end);
/* ROOT/.liminal/journal */
char            *lim_workspace_dup_journal_dir      (LimWorkspace      *self);
/* Whether a run of @tenant, whose marker is @marker, stopped part-way
 * (its journal is unfinished and the tenant is not at its target, the
 * runner's rule for resuming): then the direction, target and state
 * ("failed", "cancelled", "uncertain", "running" for a killed run) it
 * recorded.  Resume it with LIM_RUN_FLAGS_RESUME and the same target. */
gboolean         lim_workspace_get_unfinished_run   (LimWorkspace      *self,
                                                     LimTenant         *tenant,
                                                     const char        *marker,
                                                     LimDirection      *direction,
                                                     char             **to,
                                                     char             **state);
/* What @tenant's settings mean for the operations. */
LimApplyFlags    lim_workspace_apply_flags_for      (LimTenant         *tenant);

/* The protected-tenant rule: whether a run of @flags on @tenant may only
 * start after a person typed the tenant's alias.  Dry runs never need it. */
gboolean         lim_workspace_needs_typed_confirmation (LimTenant     *tenant,
                                                         LimRunFlags    flags);
/* Whether @typed confirms @tenant (its alias, exactly). */
gboolean         lim_workspace_typed_confirmation_matches (LimTenant   *tenant,
                                                           const char  *typed);

/* Single sign-on (`auth = sso` tenants, lim-sign-in.h): who obtains a
 * session when one is needed — the app's sign-in window, or NULL (the
 * command line: nobody; an SSO tenant without a session is then "Sign-in
 * needed").  Connecting for a run asks it when the tenant has no valid
 * session (reason NEEDED), and the clients it makes ask it again when the
 * tenant refuses their session mid-run or it runs out (EXPIRED).  Every
 * session it gives is stored in the desktop keyring (kind "sso-session",
 * lim_tenant_keyring_store_session()), and a refused one is removed.
 * Status reads never ask. */
void             lim_workspace_set_sign_in          (LimWorkspace      *self,
                                                     LimSignIn         *sign_in);
LimSignIn       *lim_workspace_get_sign_in          (LimWorkspace      *self);
/* Sign in to @tenant now through the workspace's LimSignIn (reason NEEDED)
 * and store the session in the keyring (the app's "Sign In…").  Fails with
 * LIM_TENANT_ERROR_SIGN_IN_NEEDED without a LimSignIn, G_IO_ERROR_CANCELLED
 * when the person gave up.  Finish returns the session (free with
 * lim_session_free()). */
void             lim_workspace_sign_in_async        (LimWorkspace       *self,
                                                     LimTenant          *tenant,
                                                     GCancellable       *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data);
LimSession      *lim_workspace_sign_in_finish       (LimWorkspace      *self,
                                                     GAsyncResult      *result,
                                                     GError           **error);
/* Waits (iterating the thread-default main context, at most
 * LIM_TENANT_KEYRING_TIMEOUT_MS) until the keyring changes the workspace
 * made on its own — removing sessions a tenant refused — are done: for a
 * command-line program about to exit. */
void             lim_workspace_settle               (LimWorkspace      *self);
/* Resolve @tenant's secrets and make a client (nothing is sent yet).  An
 * `auth = sso` tenant without a valid session is signed in first through
 * the workspace's LimSignIn, unless @flags has LIM_TENANT_RESOLVE_NO_SIGN_IN;
 * without one the error is LIM_TENANT_ERROR_SIGN_IN_NEEDED. */
void             lim_workspace_connect_async        (LimWorkspace         *self,
                                                     LimTenant            *tenant,
                                                     LimTenantResolveFlags flags,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
LimClient       *lim_workspace_connect_finish       (LimWorkspace      *self,
                                                     GAsyncResult      *result,
                                                     GError           **error);

/* A runner for @tenant through @client, with the journal folder (or none,
 * with @journal FALSE: dry runs, stamps, comparisons), the run records
 * folder (runs, stamps and dry runs are recorded; promotion gates are
 * enforced) and apply flags. */
LimRunner       *lim_workspace_new_runner           (LimWorkspace      *self,
                                                     LimTenant         *tenant,
                                                     LimClient         *client,
                                                     gboolean           journal);

/* Where @tenant stands.  Never fails: every problem is a state with a
 * message.  Before the history has loaded the reading connects, then
 * waits for it (starting the load if nobody did); NULL only when that
 * load failed. */
void             lim_workspace_read_status_async    (LimWorkspace          *self,
                                                     LimTenant             *tenant,
                                                     LimWorkspaceReadFlags  flags,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
LimTenantStatus *lim_workspace_read_status_finish   (LimWorkspace      *self,
                                                     GAsyncResult      *result);

/* Every configured tenant, read concurrently.  Fails only when the tenant
 * configuration (or a deferred workspace's history) cannot be read.
 * Returns LimTenantStatus, in configuration order. */
void             lim_workspace_read_all_async       (LimWorkspace          *self,
                                                     LimWorkspaceReadFlags  flags,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
GPtrArray       *lim_workspace_read_all_finish      (LimWorkspace      *self,
                                                     GAsyncResult      *result,
                                                     GError           **error);

G_END_DECLS
