/* lim-sign-in.c — LimSession and the LimSignIn interface.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lim-sign-in.h"

G_DEFINE_BOXED_TYPE (LimSession, lim_session, lim_session_copy, lim_session_free)

LimSession *
lim_session_new (const char *cookie,
                 const char *csrf_token,
                 gint64 expires_at)
{
  LimSession *session = g_new0 (LimSession, 1);

  g_return_val_if_fail (cookie != NULL && csrf_token != NULL, NULL);
  session->cookie = g_strdup (cookie);
  session->csrf_token = g_strdup (csrf_token);
  session->expires_at = expires_at;
  return session;
}

LimSession *
lim_session_copy (const LimSession *session)
{
  return lim_session_new (session->cookie, session->csrf_token, session->expires_at);
}

static void
wipe (char *secret)
{
  if (secret != NULL)
    {
      memset (secret, 0, strlen (secret));
      g_free (secret);
    }
}

void
lim_session_free (LimSession *session)
{
  if (session == NULL)
    return;
  wipe (session->cookie);
  wipe (session->csrf_token);
  g_free (session);
}

gboolean
lim_session_is_expired (const LimSession *session,
                        gint64            now,
                        gint64            margin_s)
{
  return session->expires_at != 0 && now + margin_s >= session->expires_at;
}

G_DEFINE_INTERFACE (LimSignIn, lim_sign_in, G_TYPE_OBJECT)

static void
lim_sign_in_default_init (LimSignInInterface *iface)
{
}

void
lim_sign_in_sign_in_async (LimSignIn          *self,
                           LimTenant          *tenant,
                           LimSignInReason     reason,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_return_if_fail (LIM_IS_SIGN_IN (self));
  LIM_SIGN_IN_GET_IFACE (self)->sign_in_async (self, tenant, reason, cancellable, callback, user_data);
}

LimSession *
lim_sign_in_sign_in_finish (LimSignIn    *self,
                            GAsyncResult *result,
                            GError      **error)
{
  g_return_val_if_fail (LIM_IS_SIGN_IN (self), NULL);
  return LIM_SIGN_IN_GET_IFACE (self)->sign_in_finish (self, result, error);
}
