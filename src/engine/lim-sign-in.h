/* lim-sign-in.h — single sign-on for a tenant's internal realm: the
 * session a person obtains in a browser (a `session` cookie and the CSRF
 * token of the page), and the interface through which the engine asks the
 * app (a web view) or the CLI (the app's sign-in mode) for one.  The
 * engine stays free of GTK: it only knows this interface.
 *
 * Where the rest lives:
 *  - `auth = sso` in tenants.ini: LIM_TENANT_AUTH_SSO (lim-tenant.h);
 *  - the session in the desktop keyring (kind "sso-session", with its
 *    expiry): lim_tenant_keyring_store_session(), _lookup_session(),
 *    _clear_session() (lim-keyring.h);
 *  - who is asked: lim_workspace_set_sign_in(); an explicit sign-in that
 *    stores the session: lim_workspace_sign_in_async() (lim-workspace.h);
 *  - no valid session: LIM_TENANT_STATE_SIGN_IN_NEEDED, "Sign-in needed"
 *    (lim-status.h), LIM_TENANT_ERROR_SIGN_IN_NEEDED when connecting
 *    without a LimSignIn, LIM_CLIENT_ERROR_SIGN_IN_NEEDED when the tenant
 *    refuses the session and nobody can sign in again;
 *  - a run paused for a sign-in: LimRunner's "waiting-for-sign-in"
 *    (lim-runner.h; the client's "signing-in", lim-client.h);
 *  - a sign-in cancelled: LIM_CLIENT_ERROR_SIGN_IN_CANCELLED; the
 *    cancellable passed to sign_in_async is the asker's, or the run's Stop
 *    (lim_client_set_sign_in_cancellable()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lim-tenant.h"

G_BEGIN_DECLS

/* A signed-in web session of one tenant.  Secret: never logged, written
 * to a file or put in an error message; kept only in the desktop keyring
 * (kind "sso-session") with its expiry. */
typedef struct
{
  char   *cookie;      /* the value of the tenant's `session` cookie */
  char   *csrf_token;  /* sent as x-csrftoken on every internal call */
  gint64  expires_at;  /* unix seconds; 0 = not known (a browser-session cookie) */
} LimSession;

#define LIM_TYPE_SESSION (lim_session_get_type ())
GType       lim_session_get_type   (void) G_GNUC_CONST;
/* Copies both strings. */
LimSession *lim_session_new        (const char       *cookie,
                                    const char       *csrf_token,
                                    gint64            expires_at);
LimSession *lim_session_copy       (const LimSession *session);
/* Wipes the secrets before freeing them. */
void        lim_session_free       (LimSession       *session);
/* Whether @session is past its expiry at @now (unix seconds), less
 * @margin_s seconds; a session without expiry never is. */
gboolean    lim_session_is_expired (const LimSession *session,
                                    gint64            now,
                                    gint64            margin_s);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimSession, lim_session_free)

/* Why a sign-in is asked for: shown to the person. */
typedef enum {
  LIM_SIGN_IN_REASON_NEEDED,   /* no valid session yet */
  LIM_SIGN_IN_REASON_EXPIRED,  /* Benchling rejected the session, or it expired, during a run */
} LimSignInReason;

#define LIM_TYPE_SIGN_IN (lim_sign_in_get_type ())
G_DECLARE_INTERFACE (LimSignIn, lim_sign_in, LIM, SIGN_IN, GObject)

struct _LimSignInInterface
{
  GTypeInterface parent_iface;

  /* Obtain a new session for @tenant (an `auth = sso` tenant), for
   * example by letting the person sign in through the identity provider
   * in a web view.  Finish returns the session, or NULL with
   * G_IO_ERROR_CANCELLED when the person gave up, or another error. */
  void         (*sign_in_async)  (LimSignIn           *self,
                                  LimTenant           *tenant,
                                  LimSignInReason      reason,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);
  LimSession * (*sign_in_finish) (LimSignIn           *self,
                                  GAsyncResult        *result,
                                  GError             **error);
};

void        lim_sign_in_sign_in_async  (LimSignIn           *self,
                                        LimTenant           *tenant,
                                        LimSignInReason      reason,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
LimSession *lim_sign_in_sign_in_finish (LimSignIn           *self,
                                        GAsyncResult        *result,
                                        GError             **error);

G_END_DECLS
