/* lim-rehearse-private.h — what the tests look at inside a rehearsal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Clone threads started and not yet joined (every rehearsal joins its
 * clone's thread before it completes, cancelled or not). */
guint _lim_rehearse_get_n_clone_threads (void);

G_END_DECLS
