/* lim-sandbox-demo.h — the "demo" seed (private)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lim-sandbox-state.h"

G_BEGIN_DECLS

/* The demo tenant: the repository's versions/ history replayed up to
 * @revision (NULL = LS_DEMO_DEFAULT_REVISION), including the liminal_remote
 * pointer schema.  See lim-sandbox-demo.c. */
LsState *ls_demo_new_state (const char  *revision,
                            GError     **error);

G_END_DECLS
