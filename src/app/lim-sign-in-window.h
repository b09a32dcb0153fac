/* lim-sign-in-window.h — Sign In: a tenant's Benchling sign-in page in an
 * embedded web view (WebKitGTK), through whatever identity provider the
 * tenant sends the person to; once the view is back on the tenant signed
 * in, the window takes the `session` cookie from the cookie manager and
 * the CSRF token from the page, and closes.
 *
 * Website data is kept per tenant under
 * $XDG_DATA_HOME/liminal-desktop/web/<hash of the tenant's identity>/, so
 * that an identity provider which remembers the person lets them through
 * without its form next time.  The tenant's own session is never written
 * there: WebKit keeps cookies in memory, and the window saves only the
 * other persistent cookies (the identity provider's) to cookies.txt.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <webkit/webkit.h>

#include "lim-sign-in.h"
#include "lim-tenant.h"

G_BEGIN_DECLS

#define LIM_TYPE_SIGN_IN_WINDOW (lim_sign_in_window_get_type ())

G_DECLARE_FINAL_TYPE (LimSignInWindow, lim_sign_in_window, LIM, SIGN_IN_WINDOW, AdwWindow)

/* Opens the window (transient for and modal over @parent when it is not
 * NULL) on @tenant's sign-in page.  Finish returns the session, or NULL
 * with G_IO_ERROR_CANCELLED when the person closed the window (or
 * @cancellable fired), or another error.  Returns the window (transfer
 * none). */
LimSignInWindow *lim_sign_in_window_run_async  (GtkWindow           *parent,
                                                LimTenant           *tenant,
                                                LimSignInReason      reason,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
LimSession      *lim_sign_in_window_run_finish (GAsyncResult        *result,
                                                GError             **error);

LimTenant       *lim_sign_in_window_get_tenant   (LimSignInWindow *self);
WebKitWebView   *lim_sign_in_window_get_web_view (LimSignInWindow *self);

/* The website-data folder of @tenant (it may not exist yet). */
char            *lim_sign_in_window_dup_data_dir (LimTenant       *tenant);

G_END_DECLS
