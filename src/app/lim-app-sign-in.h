/* lim-app-sign-in.h — the app's LimSignIn: the engine asks it for a
 * tenant's web session and it opens a LimSignInWindow over the window it
 * belongs to.  Two requests for one tenant share one sign-in window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lim-sign-in.h"

G_BEGIN_DECLS

#define LIM_TYPE_APP_SIGN_IN (lim_app_sign_in_get_type ())

G_DECLARE_FINAL_TYPE (LimAppSignIn, lim_app_sign_in, LIM, APP_SIGN_IN, GObject)

/* @parent (weak; may be NULL): the window sign-in windows are modal over. */
LimAppSignIn *lim_app_sign_in_new         (GtkWindow    *parent);
/* How many sign-ins are under way (a window is open for each tenant). */
guint         lim_app_sign_in_get_pending (LimAppSignIn *self);

G_END_DECLS
