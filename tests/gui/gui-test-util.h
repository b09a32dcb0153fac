/* gui-test-util.h — helpers for the in-process GUI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lim-sandbox.h"

G_BEGIN_DECLS

/* Whether DISPLAY, WAYLAND_DISPLAY or BROADWAY_DISPLAY is set. */
gboolean  gui_test_have_display   (void);
/* Returns only when there is a display.  Without one, the whole program
 * @program skips itself (TAP "1..0 # SKIP", exit 0) — except under CI
 * (CI=true, as tools/test-summary.py reads it), where a GUI test never
 * skips: it prints a TAP "Bail out!" naming what could not run and exits
 * with status 1. */
void      gui_test_require_display (const char *program);
/* Starts a throw-away, unlocked gnome-keyring for this D-Bus session
 * (XDG_DATA_HOME must already point at a temporary folder).  Returns
 * FALSE when that is not possible (no session bus, no daemon). */
gboolean  gui_test_start_keyring  (void);

/* Iterates the default main context until @cond returns TRUE or
 * @timeout_ms has passed; returns the last value of @cond. */
gboolean  gui_test_wait_until     (gboolean   (*cond) (gpointer data),
                                   gpointer     data,
                                   guint        timeout_ms);
/* Iterates the default main context for @ms. */
void      gui_test_spin           (guint        ms);

/* Copies the demo versions/ into a new temporary folder; returns it. */
char     *gui_test_make_project   (void);
/* Recursively removes @dir. */
void      gui_test_remove_tree    (const char  *dir);
/* A TCP port on 127.0.0.1 that nothing listens on. */
guint     gui_test_closed_port    (void);

/* Renders @widget (realized and mapped) with its native's renderer and
 * saves a PNG named @name in $LIMINAL_SCREENSHOT_DIR (if set).  Returns
 * the path written, or NULL. */
char     *gui_test_screenshot     (GtkWidget   *widget,
                                   const char  *name);

/* Depth-first search for descendants of @root having @css_class. */
GPtrArray *gui_test_find_by_class (GtkWidget   *root,
                                   const char  *css_class);

/* Records the largest gap between 5 ms timeouts while active. */
typedef struct
{
  guint   source_id;
  gint64  last;
  gint64  max_gap_us;
  guint   ticks;
} GuiStallMeter;

void      gui_stall_meter_start   (GuiStallMeter *meter);
void      gui_stall_meter_stop    (GuiStallMeter *meter);

G_END_DECLS
