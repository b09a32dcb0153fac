/* lim-run.h — one run of a tenant from the window, without widgets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "lim-timeline.h"

G_BEGIN_DECLS

/* A revision as people read it: its short id (7 characters, "none" for
 * NULL), then its description when it has one. */
char *lim_run_short_id          (const char  *id);
char *lim_run_describe_revision (LimTimeline *timeline,
                                 const char  *id);

G_END_DECLS
