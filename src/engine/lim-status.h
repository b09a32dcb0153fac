/* lim-status.h — where a tenant stands: its revision marker compared with
 * the project's history.  Used by `liminal current`/`status` and by the
 * window's tenant list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lim-client.h"
#include "lim-lock.h"
#include "lim-snapshot.h"
#include "lim-tenant.h"
#include "lim-timeline.h"

G_BEGIN_DECLS

typedef enum {
  LIM_TENANT_STATE_UP_TO_DATE,       /* marker == head */
  LIM_TENANT_STATE_BEHIND,           /* marker is an older revision of the history */
  LIM_TENANT_STATE_UNKNOWN_REVISION, /* marker names a revision the history lacks */
  LIM_TENANT_STATE_NO_MARKER,        /* no liminal_remote schema: adopt with `stamp` */
  LIM_TENANT_STATE_NOT_CONFIGURED,   /* a secret or setting is missing */
  LIM_TENANT_STATE_SIGN_IN_FAILED,   /* credentials refused, or single sign-on needed */
  LIM_TENANT_STATE_UNREACHABLE,      /* network or server trouble */
  LIM_TENANT_STATE_ERROR,            /* anything else (an unexpected answer…) */
  LIM_TENANT_STATE_SIGN_IN_NEEDED,   /* single sign-on tenant without a valid session: sign in */
} LimTenantState;

typedef struct
{
  LimTenantState state;
  char          *alias;
  char          *revision;     /* the marker, NULL when there is none */
  char          *description;  /* of that revision in the history, NULL when unknown */
  int            behind;       /* revisions between the marker and head (BEHIND, UP_TO_DATE: 0) */
  char          *head;         /* the history's head */
  char          *message;      /* why, for every state but UP_TO_DATE and BEHIND */
  guint          requests;     /* HTTP requests this reading took */
  double         seconds;      /* how long it took */
  LimSnapshot      *model;        /* the tenant's schemas as read (no dropdowns); NULL when unread or read
                                 * through the cached shortcut (only lim_tenant_status_read_full_async()
                                 * always sets it) */
  LimLock       *lock;         /* the tenant lock as recorded, NULL when free or unread */
  char          *waiting_for;  /* BEHIND and gated (lim-gate.h): "test, staging"; else NULL */
} LimTenantStatus;

void             lim_tenant_status_free (LimTenantStatus *status);

/* "locked since 10:42 by ana@ws-3" (translated), NULL when not locked. */
char            *lim_tenant_status_describe_lock (const LimTenantStatus *status);

/* "Up to date", "3 behind", "Unknown revision", "No marker — adopt?",
 * "Not configured", "Sign-in failed", "Unreachable", "Error", "Sign-in
 * needed" (translated). */
char            *lim_tenant_status_label (const LimTenantStatus *status);
const char      *lim_tenant_state_to_string (LimTenantState state); /* "up-to-date", "behind", … */

/* Read @tenant's marker through @client (see lim_remote_connect_async()
 * or lim_workspace_read_status_async(), which connects first).  Never
 * fails: every problem is a state with a message.
 *
 * After a first full reading this asks only for the liminal_remote schema
 * (Benchling's public GET /api/v2/entity-schemas/{id}, its id cached under
 * the user cache dir, LIMINAL_NO_CACHE=1 to turn that off), and reads
 * everything again when that schema is gone or no longer provably the
 * one the full reading found.  status->model is NULL then. */
void             lim_tenant_status_read_async  (LimTenant           *tenant,
                                                LimClient           *client,
                                                LimTimeline         *timeline,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
/* Always every tag schema, kept in status->model (the window's review of
 * a revision needs them); finish with lim_tenant_status_read_finish(). */
void             lim_tenant_status_read_full_async (LimTenant           *tenant,
                                                    LimClient           *client,
                                                    LimTimeline         *timeline,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
LimTenantStatus *lim_tenant_status_read_finish (GAsyncResult *result);

/* Where @tenant stands when it could not be read: connecting failed with
 * @error.  A missing secret or setting is NOT_CONFIGURED, refused
 * credentials SIGN_IN_FAILED, a single sign-on tenant without a valid
 * session (or whose session was refused) SIGN_IN_NEEDED, network trouble
 * UNREACHABLE, anything else ERROR; the message is @error's. */
LimTenantStatus *lim_tenant_status_new_from_error (LimTenant    *tenant,
                                                   LimTimeline  *timeline,
                                                   const GError *error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimTenantStatus, lim_tenant_status_free)

G_END_DECLS
