/* gui-test-util.h — helpers for the in-process GUI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lim-application.h"
#include "lim-run-dialog.h"
#include "lim-sandbox.h"
#include "lim-tenant-page.h"
#include "lim-tenant-row.h"
#include "lim-window.h"

G_BEGIN_DECLS

/* Requires a display, points XDG_DATA_HOME at a new temporary folder (returned), inits GTK and libadwaita. */
char     *gui_test_init           (int         *argc,
                                   char      ***argv,
                                   const char  *program);
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

/* Records, between 5 ms timeouts while active, the largest gap in wall
 * time and the largest main-thread CPU time spent within one gap (the
 * window busy with work of its own, as opposed to the process waiting for
 * a core on a shared machine). */
typedef struct
{
  guint   source_id;
  gint64  last;
  gint64  last_cpu;
  gint64  max_gap_us;
  gint64  max_busy_us;
  guint   ticks;
} GuiStallMeter;

/* Starts measuring afresh. */
void      gui_stall_meter_start   (GuiStallMeter *meter);
/* Measures again after a stop, keeping the largest figures so far. */
void      gui_stall_meter_resume  (GuiStallMeter *meter);
void      gui_stall_meter_stop    (GuiStallMeter *meter);
/* @base_us, a main-loop gap limit set on the reference workstation,
 * scaled by how much slower this machine runs a fixed piece of work that
 * allocates and hashes as the window does (the median of several runs,
 * measured once per process, between 1 and 4 times).  A shared CI
 * machine is often 2-3 times slower than a lab workstation: the limit
 * stays the same in work done, not in milliseconds. */
gint64    gui_stall_limit_us      (gint64         base_us);
/* Reports the meter's figures for @what and asserts that the main thread
 * never worked longer than gui_stall_limit_us(@base_us) without returning
 * to the main loop, nor stood still (working or waiting) for more than
 * GUI_STALL_WALL_FACTOR times that. */
#define GUI_STALL_WALL_FACTOR 5
void      gui_stall_meter_check   (GuiStallMeter *meter,
                                   gint64         base_us,
                                   const char    *what);

/* gtk_widget_get_mapped() as a gui_test_wait_until() condition. */
gboolean          gui_test_widget_mapped      (gpointer        widget);
/* Whether the AdwLeaflet @leaflet is folded (a wait condition). */
gboolean          gui_test_leaflet_folded     (gpointer        leaflet);
/* Whether the AdwLeaflet @leaflet is unfolded (a wait condition). */
gboolean          gui_test_leaflet_unfolded   (gpointer        leaflet);

/* For gui_test_shown_alone(): @shown is mapped and @hidden is not. */
typedef struct
{
  GtkWidget *shown;
  GtkWidget *hidden;
} GuiShownWait;

/* Whether @wait's (a GuiShownWait) shown widget alone is mapped. */
gboolean          gui_test_shown_alone        (gpointer        wait);
/* A GAsyncReadyCallback that refs @result into the GAsyncResult ** @user_data. */
void              gui_test_store_result       (GObject        *source,
                                               GAsyncResult   *result,
                                               gpointer        user_data);

/* Draws @widget, spins @settle_ms, saves gui_test_screenshot() and logs its path. */
void              gui_test_save_screenshot    (GtkWidget      *widget,
                                               const char     *name,
                                               guint           settle_ms);
/* The one descendant of @root having @css_class (asserts there is one). */
GtkWidget        *gui_test_find_one           (GtkWidget      *root,
                                               const char     *css_class);
/* How many descendants of @root have @css_class. */
guint             gui_test_count_class        (GtkWidget      *root,
                                               const char     *css_class);
/* The first shortcut of @widget's controllers triggered by @trigger ("<Control>f"), or NULL; its controller in *@controller. */
GtkShortcut      *gui_test_find_shortcut      (GtkWidget              *widget,
                                               const char             *trigger,
                                               GtkShortcutController **controller);
/* The newest visible AdwMessageDialog toplevel having @css_class, or NULL. */
AdwMessageDialog *gui_test_find_dialog_with_class (const char *css_class);

/* A new in-process "empty" LimSandbox, started on a free port. */
LimSandbox       *gui_test_start_sandbox      (void);
/* Seeds `liminal`'s marker (liminal_remote's revision_id field named @revision). */
void              gui_test_seed_marker        (LimSandbox     *sb,
                                               const char     *revision);
/* Stops @sb and drops the last reference (asserts it is finalized). */
void              gui_test_stop_sandbox       (LimSandbox     *sb);

/* A new LimApplication off the bus (no id), so that it can be finalized. */
LimApplication   *gui_test_new_application    (void);
/* Drops the last reference to @app (asserts it is finalized). */
void              gui_test_free_application   (LimApplication *app);
/* Frees the demo's @app (asserts it is finalized), asserts @demo_dir went with it, frees @demo_dir. */
void              gui_test_free_demo          (LimApplication *app,
                                               char           *demo_dir);
/* Runs @app with @on_activate connected after "activate"; asserts it returns 0. */
void              gui_test_run_application    (LimApplication *app,
                                               GCallback       on_activate,
                                               gpointer        data);
/* The first window of @app (asserts there is one and it is a LimWindow). */
LimWindow        *gui_test_get_window         (GApplication   *app);

/* Gives the window a test runs in once @app is activated (@data: the test's). */
typedef LimWindow *(*GuiTestOpenFunc) (GApplication *app,
                                       gpointer      data);

/* A GuiTestOpenFunc: @app's first window, sized 1200×760 and drawn (@data unused). */
LimWindow        *gui_test_open_window        (GApplication   *app,
                                               gpointer        data);
/* A GuiTestOpenFunc: the demo as --demo opens it, rate limits lifted, 1200×760, every tenant read (30 s). */
LimWindow        *gui_test_open_demo          (GApplication   *app,
                                               gpointer        data);
/* Runs @app: @open's window in *@window, then @body (@data), then closes it unless @body cleared *@window. */
void              gui_test_run_in_window      (LimApplication *app,
                                               LimWindow     **window,
                                               GuiTestOpenFunc open,
                                               GCallback       body,
                                               gpointer        data);
/* Destroys @window (asserts it is finalized 50 ms later). */
void              gui_test_close_window       (LimWindow      *window);
/* Activates app.open-project with @dir (asserts @window shows the project). */
void              gui_test_open_project       (LimApplication *app,
                                               LimWindow      *window,
                                               const char     *dir);

/* Whether @window (a LimWindow) lists tenants and has read every one. */
gboolean          gui_test_all_read           (gpointer        window);
/* Whether @window (a LimWindow) has read every tenant it lists, if any. */
gboolean          gui_test_all_read_or_none   (gpointer        window);
/* Waits (30 s) until gui_test_all_read_or_none() (asserts it comes). */
void              gui_test_wait_for_statuses  (LimWindow      *window);
/* The tenant row of @alias in @window's sidebar, or NULL. */
LimTenantRow     *gui_test_get_row            (LimWindow      *window,
                                               const char     *alias);
/* The status text of @alias's row (asserts the row exists). */
const char       *gui_test_status_text        (LimWindow      *window,
                                               const char     *alias);
/* Waits (30 s) until @alias's row has read its tenant and its status text
 * is @text (a test error saying what it shows instead). */
void              gui_test_wait_for_row_status (LimWindow     *window,
                                                const char    *alias,
                                                const char    *text);
/* Selects @alias's row in the sidebar (asserts it exists) and returns it. */
LimTenantRow     *gui_test_select_tenant      (LimWindow      *window,
                                               const char     *alias);
/* Selects @alias's row, asserts the tenant page shows it and returns the page. */
LimTenantPage    *gui_test_select_tenant_page (LimWindow      *window,
                                               const char     *alias);

/* Whether @window (a LimWindow) has a run whose message dialog is up. */
gboolean          gui_test_has_message_dialog (gpointer        window);
/* Waits (20 s) for the message dialog of @window's run and returns it. */
AdwMessageDialog *gui_test_wait_for_message_dialog (LimWindow *window);
/* Waits (60 s) until @window's run is in @state. */
void              gui_test_wait_for_run_state (LimWindow      *window,
                                               LimRunState     state);
/* Whether @window (a LimWindow) has no run window. */
gboolean          gui_test_run_gone           (gpointer        window);

G_END_DECLS
