/* lim-demo.h — the demo: the repository's history copied to a temporary
 * folder, with four in-process sandbox tenants (dev at head, test two
 * revisions behind, staging three behind and signing in through the
 * sandbox's single sign-on, prod four behind and protected).  What --demo
 * runs.  Only these four take the sandbox's default secrets (lim_demo_env); a
 * tenant added to the demo needs its own, entered like anywhere else.  The
 * project starts without model/: Write Model Files from dev… writes it
 * from the tenant itself, so it always matches the history the sandboxes
 * were seeded with, and Generate Revision works from there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lim-sandbox.h"
#include "lim-workspace.h"

G_BEGIN_DECLS

typedef struct _LimDemo LimDemo;

/* Copies the history and starts the sandboxes. */
LimDemo      *lim_demo_new              (GError     **error);
/* Stops the sandboxes and removes the folder. */
void          lim_demo_free             (LimDemo     *demo);
/* The temporary folder. */
const char   *lim_demo_get_dir          (LimDemo     *demo);
/* The sandbox of the tenant @alias, or NULL. */
LimSandbox   *lim_demo_get_sandbox      (LimDemo     *demo,
                                         const char  *alias);
/* The demo project, with the sandboxes' secrets. */
LimWorkspace *lim_demo_open_workspace   (LimDemo     *demo,
                                         GError     **error);
/* The demo's secrets hook: every sandbox takes the default credentials;
 * other names come from the process environment. */
const char   *lim_demo_env              (const char  *name,
                                         gpointer     user_data);
/* Where the demo's history is read from. */
const char   *lim_demo_get_versions_dir (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimDemo, lim_demo_free)

G_END_DECLS
