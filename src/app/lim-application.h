/* lim-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LIM_TYPE_APPLICATION (lim_application_get_type ())

G_DECLARE_FINAL_TYPE (LimApplication, lim_application, LIM, APPLICATION, AdwApplication)

LimApplication *lim_application_new               (void);
GSettings      *lim_application_get_settings      (LimApplication  *self);
/* Starts (once) an in-process Benchling sandbox and returns its base URL. */
char           *lim_application_dup_sandbox_url   (LimApplication  *self,
                                                   GError         **error);
/* Record @path at the front of the recent projects (and as the last one). */
void            lim_application_add_recent        (LimApplication  *self,
                                                   const char      *path);

/* What --sign-in ALIAS ended with: 0 signed in and kept in the keyring,
 * 1 cancelled or failed (main() returns it: a local command line that runs
 * the main loop always ends 0). */
int             lim_application_get_exit_status   (LimApplication  *self);

/* Opens the demo (lim-demo.h) in the main window.  What --demo runs. */
typedef struct _LimWindow LimWindow;
LimWindow      *lim_application_open_demo         (LimApplication  *self,
                                                   GError         **error);
/* The demo tenant @alias's sandbox, or NULL when the demo is not open. */
struct _LimSandbox *lim_application_get_demo_sandbox (LimApplication *self,
                                                   const char      *alias);
/* The temporary folder of the demo, or NULL. */
const char     *lim_application_get_demo_dir      (LimApplication  *self);

G_END_DECLS
