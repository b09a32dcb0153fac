/* test-history.c — a tenant's history on its page: the fold, the search,
 * the marks, the keyboard, the review pane, in the demo project; a
 * 2,000-revision project that must stay smooth; the header's buttons for
 * tenants the window cannot read or that have no marker.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gui-test-util.h"
#include "lim-application.h"
#include "lim-revision-item.h"
#include "lim-revision-row.h"
#include "lim-revision-view.h"
#include "lim-tenant-item.h"
#include "lim-tenant-page.h"
#include "lim-tenant-row.h"
#include "lim-window.h"

/* How long a screenshot waits after the draw. */
#define SCREENSHOT_SETTLE_MS 300

#define MAX_STALL_US (50 * 1000)
/* A search replaces most rows at once: the view makes its rows anew. */
#define MAX_SEARCH_STALL_US (100 * 1000)
/* The big project: BIG_N revisions, the tenant "big" at BIG_AT. */
#define BIG_N 2000
#define BIG_AT 1000
/* Demo revisions (versions/): prod stands at PROD_AT, 4 behind head. */
#define PROD_AT "0a8e4c5f1d36"
#define PROD_POSITION 6
#define DESTRUCTIVE_REVISION "3d1b7f8c4a69"
#define REVIEW_REVISION "2c0a6e7b3f58"

typedef struct _Fixture
{
  LimApplication *app;
  LimWindow      *window;
  gboolean        demo;
  char           *project_dir;     /* the big project */
  LimSandbox     *sb_marked;
  LimSandbox     *sb_plain;
  char          **big_ids;         /* BIG_N ids, base first */
} Fixture;

static const char *env_vars[] = {
  "LIMINAL_BIG_CLIENT_SECRET", "LIMINAL_BIG_ADMIN_PASSWORD",
  "LIMINAL_FRESH_CLIENT_SECRET", "LIMINAL_FRESH_ADMIN_PASSWORD",
};

/* ------------------------------------------------------------------ */
/* Helpers */

/* The rows shown, as their revision ids ("fold:N" for the fold row). */
static GStrv
shown_ids (LimTenantPage *page)
{
  GListModel *rows = lim_tenant_page_get_history_rows (page);
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(LimRevisionItem) item = g_list_model_get_item (rows, i);

      if (lim_revision_item_is_fold (item))
        {
          g_autofree char *fold = g_strdup_printf ("fold:%u", lim_revision_item_get_n_folded (item));

          g_strv_builder_add (ids, fold);
        }
      else
        g_strv_builder_add (ids, lim_revision_get_id (lim_revision_item_get_revision (item)));
    }

  return g_strv_builder_end (ids);
}

/* The item of @id among the rows shown, and its index. */
static LimRevisionItem *
shown_item (LimTenantPage *page,
            const char    *id,
            guint         *index)
{
  GListModel *rows = lim_tenant_page_get_history_rows (page);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(LimRevisionItem) item = g_list_model_get_item (rows, i);
      LimRevision *revision = lim_revision_item_get_revision (item);

      if (revision != NULL && g_strcmp0 (lim_revision_get_id (revision), id) == 0)
        {
          if (index != NULL)
            *index = i;
          return item;   /* the page keeps it */
        }
    }

  return NULL;
}

typedef struct
{
  LimTenantPage *page;
  const char    *id;
} RowWait;

/* The row of the revision is allocated and inside the history's scrolled
 * window's visible area. */
static gboolean
row_on_screen (gpointer data)
{
  RowWait *wait = data;
  LimRevisionItem *item = shown_item (wait->page, wait->id, NULL);
  LimRevisionRow *row = item != NULL ? lim_tenant_page_get_revision_row (wait->page, item) : NULL;
  GtkWidget *scrolled = gui_test_find_one (GTK_WIDGET (wait->page), "history-scrolled");
  graphene_rect_t bounds;

  if (row == NULL || !gtk_widget_get_mapped (GTK_WIDGET (row)) ||
      !gtk_widget_get_child_visible (gtk_widget_get_parent (GTK_WIDGET (row))) ||
      !gtk_widget_compute_bounds (gtk_widget_get_parent (GTK_WIDGET (row)), scrolled, &bounds))
    return FALSE;

  return bounds.size.height > 0 && bounds.origin.y >= 0 &&
         bounds.origin.y + bounds.size.height <= gtk_widget_get_height (scrolled);
}

static void
assert_on_screen (LimTenantPage *page,
                  const char    *id)
{
  RowWait wait = { page, id };

  if (!gui_test_wait_until (row_on_screen, &wait, 5000))
    {
      guint index = 0;
      LimRevisionItem *item = shown_item (page, id, &index);
      LimRevisionRow *row = item != NULL ? lim_tenant_page_get_revision_row (page, item) : NULL;
      GtkWidget *scrolled = gui_test_find_one (GTK_WIDGET (page), "history-scrolled");
      GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
      graphene_rect_t bounds = { 0 };

      if (row != NULL && !gtk_widget_compute_bounds (gtk_widget_get_parent (GTK_WIDGET (row)), scrolled, &bounds))
        g_test_message ("no bounds");
      g_test_message ("row %s at %u: widget %p mapped %d, y %.0f h %.0f; scrolled h %d; adj %.0f/%.0f page %.0f",
                      id, index, (void *) row, row != NULL && gtk_widget_get_mapped (GTK_WIDGET (row)),
                      bounds.origin.y, bounds.size.height, gtk_widget_get_height (scrolled),
                      gtk_adjustment_get_value (adj), gtk_adjustment_get_upper (adj),
                      gtk_adjustment_get_page_size (adj));
      g_assert_not_reached ();
    }
}

static GtkWidget *
focus_widget (Fixture *fx)
{
  return gtk_root_get_focus (GTK_ROOT (fx->window));
}

static gboolean
focus_inside (Fixture   *fx,
              GtkWidget *widget)
{
  GtkWidget *focus = focus_widget (fx);

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* Presses Ctrl+F: the page's shortcut for it, as the window runs it. */
static void
press_ctrl_f (LimTenantPage *page)
{
  GtkShortcutController *controller = NULL;
  GtkShortcut *shortcut = gui_test_find_shortcut (GTK_WIDGET (page), "<Control>f", &controller);

  g_assert_nonnull (shortcut);
  g_assert_cmpint (gtk_shortcut_controller_get_scope (controller), ==, GTK_SHORTCUT_SCOPE_MANAGED);
  g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                               GTK_SHORTCUT_ACTION_EXCLUSIVE, GTK_WIDGET (page), NULL));
}

typedef struct
{
  LimTenantPage *page;
  guint          n;
} CountWait;

static gboolean
rows_are (gpointer data)
{
  CountWait *wait = data;

  return g_list_model_get_n_items (lim_tenant_page_get_history_rows (wait->page)) == wait->n;
}

/* Types @text into the search entry and waits for the rows to follow. */
static void
search (LimTenantPage *page,
        const char    *text,
        guint          expected)
{
  GtkEditable *entry = GTK_EDITABLE (gui_test_find_one (GTK_WIDGET (page), "history-search"));
  CountWait wait = { page, expected };

  gtk_editable_set_text (entry, text);
  if (!gui_test_wait_until (rows_are, &wait, 3000))
    {
      g_auto(GStrv) ids = shown_ids (page);
      g_autofree char *joined = g_strjoinv (" ", ids);

      g_test_message ("“%s” shows %s", text, joined);
    }
  g_assert_cmpuint (g_list_model_get_n_items (lim_tenant_page_get_history_rows (page)), ==, expected);
}

/* ------------------------------------------------------------------ */
/* The demo project */

static void
body_demo (Fixture *fx)
{
  LimTenantPage *page = gui_test_select_tenant_page (fx->window, "prod");
  LimTimeline *timeline = lim_window_get_timeline (fx->window);
  GtkGridView *view = lim_tenant_page_get_history_view (page);
  GtkSelectionModel *selection = gtk_grid_view_get_model (view);
  LimRevisionView *review = lim_tenant_page_get_revision_view (page);
  GtkWidget *search_bar;
  guint n = lim_timeline_get_n_revisions (timeline);
  guint index;

  /* prod stands at PROD_AT: the pending revisions and its current one,
   * then one row for the applied ones below. */
  {
    static const char * const folded[] = {
      "4e2c8a9d5b70", "3d1b7f8c4a69", "2c0a6e7b3f58", "1b9f5d6a2e47", PROD_AT, "fold:6", NULL
    };
    g_auto(GStrv) ids = shown_ids (page);

    g_assert_cmpstrv (ids, folded);
  }
  assert_on_screen (page, PROD_AT);
  {
    GListModel *rows = lim_tenant_page_get_history_rows (page);
    g_autoptr(LimRevisionItem) fold = g_list_model_get_item (rows, g_list_model_get_n_items (rows) - 1);
    LimRevisionRow *row = lim_tenant_page_get_revision_row (page, fold);

    g_assert_nonnull (row);
    g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "fold-row"));
    gtk_test_accessible_assert_property (gtk_widget_get_parent (GTK_WIDGET (row)), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                         "6 applied revisions, folded; activate to show them");
  }

  /* Rows say where the tenant stands, to the eye and to screen readers
   * (the list view's row takes the focus, so it carries the name). */
  {
    static const struct { const char *id; const char *label; gboolean destructive; } expected[] = {
      { "4e2c8a9d5b70", "Revision 10, restore pizza sauce schema, sauce base dropdown and sourdough flag, Pending, "
        "also at this revision: dev", FALSE },
      { DESTRUCTIVE_REVISION, "Revision 9, retire sourdough flag, sauce base dropdown and pizza sauce schema, Pending, "
        "destructive", TRUE },
      { REVIEW_REVISION, "Revision 8, rename topping schema, tighten constraints and reorder pizza fields, Pending, "
        "also at this revision: test", FALSE },
      { PROD_AT, "Revision 6, add bake and dough measurements with units, Current", FALSE },
    };

    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      {
        LimRevisionItem *item = shown_item (page, expected[i].id, NULL);
        LimRevisionRow *row = lim_tenant_page_get_revision_row (page, item);
        g_autoptr(GPtrArray) marks = gui_test_find_by_class (GTK_WIDGET (row), "destructive-mark");

        g_assert_nonnull (row);
        gtk_test_accessible_assert_property (GTK_WIDGET (row), GTK_ACCESSIBLE_PROPERTY_LABEL, expected[i].label);
        gtk_test_accessible_assert_property (gtk_widget_get_parent (GTK_WIDGET (row)), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                             expected[i].label);
        g_assert_cmpuint (marks->len, ==, 1);
        g_assert_cmpint (gtk_widget_get_visible (g_ptr_array_index (marks, 0)), ==, expected[i].destructive);
        g_assert_cmpint (lim_revision_item_get_n_destructive (item) > 0, ==, expected[i].destructive);
        if (expected[i].destructive)
          {
            GtkWidget *mark = g_ptr_array_index (marks, 0);

            g_assert_cmpstr (gtk_widget_get_tooltip_text (mark), ==,
                             "Destructive: 3 operations of its upgrade can lose data");
            gtk_test_accessible_assert_property (mark, GTK_ACCESSIBLE_PROPERTY_LABEL, "Destructive");
            gtk_test_accessible_assert_property (mark, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                 "Destructive: 3 operations of its upgrade can lose data");
          }
      }
  }
  gui_test_save_screenshot (GTK_WIDGET (fx->window), "history-folded", SCREENSHOT_SETTLE_MS);

  /* Selecting a row reviews it; activating it (Enter, a click in the
   * narrow layout) shows the review. */
  g_assert_nonnull (shown_item (page, REVIEW_REVISION, &index));
  gtk_selection_model_select_item (selection, index, TRUE);
  g_assert_true (lim_revision_view_get_revision (review) == lim_timeline_lookup (timeline, REVIEW_REVISION));
  gtk_widget_activate_action (GTK_WIDGET (view), "list.activate-item", "u", index);
  g_assert_true (lim_revision_view_get_revision (review) == lim_timeline_lookup (timeline, REVIEW_REVISION));

  /* The review starts at its top for each revision. */
  {
    GtkWidget *scrolled = gui_test_find_one (GTK_WIDGET (review), "review-scrolled");
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

    gtk_test_widget_wait_for_draw (GTK_WIDGET (fx->window));
    gui_test_spin (100);
    g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >, gtk_adjustment_get_page_size (adjustment));
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0);

    g_assert_nonnull (shown_item (page, DESTRUCTIVE_REVISION, &index));
    gtk_selection_model_select_item (selection, index, TRUE);
    g_assert_true (lim_revision_view_get_revision (review) == lim_timeline_lookup (timeline, DESTRUCTIVE_REVISION));
    gtk_test_widget_wait_for_draw (GTK_WIDGET (fx->window));
    gui_test_spin (100);
    g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);
  }

  /* One Tab stop: Tab leaves the history from any of its rows; the
   * arrows move inside it. */
  {
    LimRevisionRow *row = lim_tenant_page_get_revision_row (page, shown_item (page, DESTRUCTIVE_REVISION, NULL));
    GtkWidget *next;

    g_assert_true (gtk_widget_grab_focus (gtk_widget_get_parent (GTK_WIDGET (row))));
    g_assert_true (focus_inside (fx, GTK_WIDGET (view)));
    g_assert_true (gtk_widget_child_focus (GTK_WIDGET (view), GTK_DIR_DOWN));
    next = focus_widget (fx);
    g_assert_true (focus_inside (fx, GTK_WIDGET (view)));
    g_assert_false (gtk_widget_is_ancestor (GTK_WIDGET (row), next) ||
                    next == gtk_widget_get_parent (GTK_WIDGET (row)));
    gtk_widget_child_focus (GTK_WIDGET (fx->window), GTK_DIR_TAB_FORWARD);
    g_assert_false (focus_inside (fx, GTK_WIDGET (view)));
    g_assert_nonnull (focus_widget (fx));
    /* …and Shift+Tab comes back in one step. */
    gtk_widget_child_focus (GTK_WIDGET (fx->window), GTK_DIR_TAB_BACKWARD);
    g_assert_true (focus_inside (fx, GTK_WIDGET (view)));
  }

  /* Activating the fold row shows the applied revisions, the newest of
   * them selected in its place. */
  {
    GListModel *rows = lim_tenant_page_get_history_rows (page);

    gtk_widget_activate_action (GTK_WIDGET (view), "list.activate-item", "u", g_list_model_get_n_items (rows) - 1);
    g_assert_cmpuint (g_list_model_get_n_items (rows), ==, n);
    g_assert_nonnull (shown_item (page, lim_revision_get_id (lim_timeline_get_nth (timeline, PROD_POSITION - 1)),
                                  &index));
    g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (selection)), ==, index);
    g_assert_true (lim_revision_view_get_revision (review) == lim_timeline_get_nth (timeline, PROD_POSITION - 1));
    assert_on_screen (page, lim_revision_get_id (lim_timeline_get_nth (timeline, PROD_POSITION - 1)));
  }

  /* Ctrl+F: a search over descriptions, id prefixes and operations. */
  search_bar = gui_test_find_one (GTK_WIDGET (page), "history-search-bar");
  g_assert_false (gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (search_bar)));
  press_ctrl_f (page);
  g_assert_true (gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (search_bar)));
  g_assert_true (focus_inside (fx, gui_test_find_one (GTK_WIDGET (page), "history-search")));
  search (page, "dropdown", 4);
  {
    static const char * const matches[] = {
      "4e2c8a9d5b70", "3d1b7f8c4a69", "1b9f5d6a2e47", "b27d9e41c0a8", NULL
    };
    g_auto(GStrv) ids = shown_ids (page);
    g_autofree char *joined = g_strjoinv (" ", ids);

    g_test_message ("“dropdown” matches %s", joined);
    g_assert_cmpstrv (ids, matches);
  }
  gui_test_save_screenshot (GTK_WIDGET (fx->window), "history-search", SCREENSHOT_SETTLE_MS);
  /* An id prefix */
  search (page, "3D1B", 1);
  {
    static const char * const matches[] = { DESTRUCTIVE_REVISION, NULL };
    g_auto(GStrv) ids = shown_ids (page);

    g_assert_cmpstrv (ids, matches);
  }
  /* An operation's class name and its subject, in any case, upgrade or
   * downgrade: the schema's creation undone, its retirement, its return
   * undone. */
  search (page, "archiveentityschema pizza_sauce", 3);
  {
    static const char * const matches[] = { "4e2c8a9d5b70", DESTRUCTIVE_REVISION, "f7d3b9c4e025", NULL };
    g_auto(GStrv) ids = shown_ids (page);

    g_assert_cmpstrv (ids, matches);
  }
  search (page, "no such thing", 0);
  g_assert_true (gtk_widget_get_visible (gui_test_find_one (GTK_WIDGET (page), "history-search-empty")));

  /* Escape closes the search: every row again (the fold stays open), the
   * keyboard back in the history. */
  g_signal_emit_by_name (gui_test_find_one (GTK_WIDGET (page), "history-search"), "stop-search");
  g_assert_false (gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (search_bar)));
  g_assert_cmpuint (g_list_model_get_n_items (lim_tenant_page_get_history_rows (page)), ==, n);
  g_assert_false (gtk_widget_get_visible (gui_test_find_one (GTK_WIDGET (page), "history-search-empty")));
  g_assert_true (focus_inside (fx, GTK_WIDGET (view)));

  /* Another tenant folds again below its own revision; select_revision()
   * (what Generate Revision calls) unfolds to reach a folded one. */
  page = gui_test_select_tenant_page (fx->window, "dev");
  {
    static const char * const folded[] = { "4e2c8a9d5b70", "fold:10", NULL };
    g_auto(GStrv) ids = shown_ids (page);

    g_assert_cmpstrv (ids, folded);
  }
  assert_on_screen (page, "4e2c8a9d5b70");
  g_assert_true (lim_tenant_page_select_revision (page, "b27d9e41c0a8"));
  g_assert_cmpuint (g_list_model_get_n_items (lim_tenant_page_get_history_rows (page)), ==, n);
  g_assert_nonnull (shown_item (page, "b27d9e41c0a8", &index));
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (selection)), ==, index);
  g_assert_true (lim_revision_view_get_revision (review) == lim_timeline_lookup (timeline, "b27d9e41c0a8"));
  assert_on_screen (page, "b27d9e41c0a8");
  g_assert_false (lim_tenant_page_select_revision (page, "000000000000"));
}

static void
test_demo (Fixture       *fx,
           gconstpointer  data)
{
  fx->demo = TRUE;
  gui_test_run_in_window (fx->app, &fx->window, gui_test_open_demo, G_CALLBACK (body_demo), fx);
}

/* ------------------------------------------------------------------ */
/* A project with BIG_N revisions */

/* Every tenth revision archives the dropdown the one before created. */
static void
write_big_project (Fixture *fx)
{
  g_autofree char *versions = g_build_filename (fx->project_dir, "versions", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (versions, 0755), ==, 0);
  fx->big_ids = g_new0 (char *, BIG_N + 1);
  for (guint i = 0; i < BIG_N; i++)
    {
      g_autofree char *down = i > 0 ? g_strdup_printf ("\"%s\"", fx->big_ids[i - 1]) : g_strdup ("None");
      g_autofree char *upgrade = NULL;
      g_autofree char *downgrade = NULL;
      g_autofree char *description = NULL;
      g_autofree char *text = NULL;
      g_autofree char *name = NULL;
      g_autofree char *path = NULL;

      fx->big_ids[i] = g_strdup_printf ("b1%010x", 0x5eed000u + i * 7919u);
      if (i == 0)
        {
          description = g_strdup ("Initial init revision");
          upgrade = g_strdup ("");
          downgrade = g_strdup ("");
        }
      else if (i % 10 == 0)
        {
          description = g_strdup_printf ("retire dropdown %u", i - 1);
          upgrade = g_strdup_printf ("b.ArchiveDropdown('Dropdown %u')", i - 1);
          downgrade = g_strdup_printf ("b.UnarchiveDropdown('Dropdown %u')", i - 1);
        }
      else
        {
          description = g_strdup_printf ("add dropdown %u", i);
          upgrade = g_strdup_printf ("b.CreateDropdown('Dropdown %u', ['Small', 'Large'])", i);
          downgrade = g_strdup_printf ("b.ArchiveDropdown('Dropdown %u')", i);
        }
      text = g_strdup_printf ("'''\n%s\n\nRevision ID: %s\nRevises: %s\nCreate Date: 2026-03-01 09:00:00\n'''\n\n"
                              "import liminal.external as b\n\n"
                              "# revision identifiers, used by Liminal.\n"
                              "revision = \"%s\"\ndown_revision = %s\n\n\n"
                              "def upgrade() -> list[b.BaseOperation]:\n    return [%s]\n\n"
                              "def downgrade() -> list[b.BaseOperation]:\n    return [%s]\n",
                              description, fx->big_ids[i], i > 0 ? fx->big_ids[i - 1] : "None",
                              fx->big_ids[i], down, upgrade, downgrade);
      name = g_strdup_printf ("%s_revision_%u.py", fx->big_ids[i], i);
      path = g_build_filename (versions, name, NULL);
      g_file_set_contents (path, text, -1, &error);
      g_assert_no_error (error);
    }
}

static LimWindow *
open_project_window (GApplication *app,
                     gpointer      data)
{
  Fixture *fx = data;
  LimWindow *window = gui_test_open_window (app, NULL);

  gui_test_open_project (LIM_APPLICATION (app), window, fx->project_dir);
  g_assert_true (gui_test_wait_until (gui_test_all_read, window, 30000));
  return window;
}

static void
run_project (Fixture  *fx,
             void    (*body) (Fixture *fx))
{
  g_autofree char *marked_url = NULL;
  g_autofree char *plain_url = NULL;
  g_autofree char *ini = NULL;
  g_autofree char *ini_path = NULL;
  g_autoptr(GError) error = NULL;

  fx->project_dir = g_dir_make_tmp ("liminal-history-XXXXXX", &error);
  g_assert_no_error (error);
  write_big_project (fx);
  fx->sb_marked = gui_test_start_sandbox ();
  fx->sb_plain = gui_test_start_sandbox ();
  gui_test_seed_marker (fx->sb_marked, fx->big_ids[BIG_AT]);
  marked_url = lim_sandbox_get_base_url (fx->sb_marked);
  plain_url = lim_sandbox_get_base_url (fx->sb_plain);

  /* big: at BIG_AT; fresh: no marker; unset: no secret anywhere. */
  ini = g_strdup_printf ("[big]\ntenant-name = big\nurl = %s\n"
                         "client-id = " LIM_SANDBOX_DEFAULT_CLIENT_ID "\n"
                         "admin-email = " LIM_SANDBOX_DEFAULT_ADMIN_EMAIL "\n\n"
                         "[fresh]\ntenant-name = fresh\nurl = %s\n"
                         "client-id = " LIM_SANDBOX_DEFAULT_CLIENT_ID "\n"
                         "admin-email = " LIM_SANDBOX_DEFAULT_ADMIN_EMAIL "\n\n"
                         "[unset]\ntenant-name = unset\nurl = %s\n"
                         "client-id = " LIM_SANDBOX_DEFAULT_CLIENT_ID "\n"
                         "admin-email = " LIM_SANDBOX_DEFAULT_ADMIN_EMAIL "\n",
                         marked_url, plain_url, plain_url);
  ini_path = g_build_filename (fx->project_dir, "tenants.ini", NULL);
  g_file_set_contents (ini_path, ini, -1, &error);
  g_assert_no_error (error);
  g_setenv ("LIMINAL_BIG_CLIENT_SECRET", LIM_SANDBOX_DEFAULT_CLIENT_SECRET, TRUE);
  g_setenv ("LIMINAL_BIG_ADMIN_PASSWORD", LIM_SANDBOX_DEFAULT_ADMIN_PASSWORD, TRUE);
  g_setenv ("LIMINAL_FRESH_CLIENT_SECRET", LIM_SANDBOX_DEFAULT_CLIENT_SECRET, TRUE);
  g_setenv ("LIMINAL_FRESH_ADMIN_PASSWORD", LIM_SANDBOX_DEFAULT_ADMIN_PASSWORD, TRUE);

  gui_test_run_in_window (fx->app, &fx->window, open_project_window, G_CALLBACK (body), fx);
}

static void
body_big (Fixture *fx)
{
  LimTenantPage *page;
  GuiStallMeter meter = { 0 };
  g_autofree char *fold = g_strdup_printf ("fold:%u", BIG_AT);
  GtkAdjustment *adjustment;

  g_assert_cmpuint (lim_timeline_get_n_revisions (lim_window_get_timeline (fx->window)), ==, BIG_N);
  g_assert_cmpstr (lim_tenant_row_get_status_text (gui_test_get_row (fx->window, "big")), ==, "999 behind");

  /* Selecting the tenant shows its current revision, half-way down a
   * 2,000-revision history, without stalling the window. */
  gui_stall_meter_start (&meter);
  page = gui_test_select_tenant_page (fx->window, "big");
  assert_on_screen (page, fx->big_ids[BIG_AT]);
  gui_test_spin (200);
  gui_stall_meter_stop (&meter);
  gui_stall_meter_check (&meter, MAX_STALL_US, "selecting the tenant");

  {
    g_auto(GStrv) ids = shown_ids (page);

    /* The pending revisions, the current one, one row for the rest. */
    g_assert_cmpuint (g_strv_length (ids), ==, BIG_N - BIG_AT + 1);
    g_assert_cmpstr (ids[0], ==, fx->big_ids[BIG_N - 1]);
    g_assert_cmpstr (ids[BIG_N - BIG_AT - 1], ==, fx->big_ids[BIG_AT]);
    g_assert_cmpstr (ids[BIG_N - BIG_AT], ==, fold);
  }
  /* Rows only around what the view shows. */
  {
    g_autoptr(GPtrArray) rows = gui_test_find_by_class (GTK_WIDGET (lim_tenant_page_get_history_view (page)),
                                                        "revision-row");

    g_test_message ("%u row widgets for %u rows", rows->len, BIG_N - BIG_AT + 1);
    g_assert_cmpuint (rows->len, <, 40);
  }
  gui_test_save_screenshot (GTK_WIDGET (fx->window), "history-2000", SCREENSHOT_SETTLE_MS);

  /* Scrolling through it page by page, then to either end (a dragged
   * scroll bar), and switching tenants back and forth. */
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (gui_test_find_one (GTK_WIDGET (page),
                                                                                       "history-scrolled")));
  gui_stall_meter_start (&meter);
  for (guint i = 0; i < 30; i++)
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) +
                                gtk_adjustment_get_page_size (adjustment));
      gui_test_spin (20);
    }
  gtk_adjustment_set_value (adjustment, 0);
  gui_test_spin (100);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  gui_test_spin (100);
  gui_test_select_tenant_page (fx->window, "fresh");
  gui_test_spin (100);
  page = gui_test_select_tenant_page (fx->window, "big");
  assert_on_screen (page, fx->big_ids[BIG_AT]);
  gui_test_spin (100);
  gui_stall_meter_stop (&meter);
  gui_stall_meter_check (&meter, MAX_STALL_US, "scrolling and switching tenants");

  /* A search through all of it (the first one reads every revision's
   * operations): reported, and kept well under a noticeable pause. */
  gui_stall_meter_start (&meter);
  press_ctrl_f (page);
  search (page, "retire", (BIG_N - 1) / 10);
  search (page, fx->big_ids[BIG_AT], 1);
  g_signal_emit_by_name (gui_test_find_one (GTK_WIDGET (page), "history-search"), "stop-search");
  assert_on_screen (page, fx->big_ids[BIG_AT]);
  gui_test_spin (100);
  gui_stall_meter_stop (&meter);
  gui_stall_meter_check (&meter, MAX_SEARCH_STALL_US, "searching");
}

static void
test_big (Fixture       *fx,
          gconstpointer  data)
{
  run_project (fx, body_big);
}

/* The header of tenants the window cannot read, or that have no marker:
 * buttons, not command lines. */
static void
body_setup (Fixture *fx)
{
  LimTenantPage *page;
  GtkWidget *message;
  GtkWidget *button;
  g_autoptr(GVariant) unset = g_variant_ref_sink (g_variant_new_string ("unset"));

  page = gui_test_select_tenant_page (fx->window, "fresh");
  g_assert_cmpint (lim_tenant_item_get_status (lim_tenant_page_get_item (page))->state, ==,
                   LIM_TENANT_STATE_NO_MARKER);
  button = gui_test_find_one (GTK_WIDGET (page), "adopt-button");
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "_Adopt…");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "win.adopt");
  g_assert_false (gtk_widget_get_visible (gui_test_find_one (GTK_WIDGET (page), "upgrade-head-button")));
  message = gui_test_find_one (GTK_WIDGET (page), "tenant-message");
  g_assert_true (gtk_widget_get_visible (message));
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (message)), "liminal stamp"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (message)), "adopt it"));

  page = gui_test_select_tenant_page (fx->window, "unset");
  g_assert_cmpint (lim_tenant_item_get_status (lim_tenant_page_get_item (page))->state, ==,
                   LIM_TENANT_STATE_NOT_CONFIGURED);
  button = gui_test_find_one (GTK_WIDGET (page), "enter-secret-button");
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "win.enter-secret");
  g_assert_true (g_variant_equal (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button)), unset));
  g_assert_true (gtk_widget_has_css_class (button, "suggested-action"));
  button = gui_test_find_one (GTK_WIDGET (page), "edit-tenant-button");
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "win.edit-tenant");
  g_assert_true (g_variant_equal (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button)), unset));
  g_assert_false (gtk_widget_get_visible (gui_test_find_one (GTK_WIDGET (page), "adopt-button")));
  g_assert_false (gtk_widget_get_visible (gui_test_find_one (GTK_WIDGET (page), "upgrade-head-button")));
  g_assert_false (gtk_widget_get_visible (gui_test_find_one (GTK_WIDGET (page), "dry-run-button")));
  message = gui_test_find_one (GTK_WIDGET (page), "tenant-message");
  g_assert_true (gtk_widget_get_visible (message));
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (message)), "secret-tool"));
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (message)), "LIMINAL_"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (message)), "client secret"));
  gui_test_save_screenshot (GTK_WIDGET (fx->window), "tenant-not-configured", SCREENSHOT_SETTLE_MS);

  /* A readable tenant: the usual buttons again. */
  page = gui_test_select_tenant_page (fx->window, "big");
  g_assert_false (gtk_widget_get_visible (gui_test_find_one (GTK_WIDGET (page), "enter-secret-button")));
  g_assert_false (gtk_widget_get_visible (gui_test_find_one (GTK_WIDGET (page), "edit-tenant-button")));
  g_assert_true (gtk_widget_get_visible (gui_test_find_one (GTK_WIDGET (page), "upgrade-head-button")));
  g_assert_false (gtk_widget_get_visible (gui_test_find_one (GTK_WIDGET (page), "tenant-message")));
}

static void
test_setup (Fixture       *fx,
            gconstpointer  data)
{
  run_project (fx, body_setup);
}

/* ------------------------------------------------------------------ */

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  fx->app = gui_test_new_application ();
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  gui_test_free_application (g_steal_pointer (&fx->app));

  if (fx->sb_marked != NULL)
    gui_test_stop_sandbox (g_steal_pointer (&fx->sb_marked));
  if (fx->sb_plain != NULL)
    gui_test_stop_sandbox (g_steal_pointer (&fx->sb_plain));
  if (fx->project_dir != NULL)
    gui_test_remove_tree (fx->project_dir);
  g_clear_pointer (&fx->project_dir, g_free);
  g_clear_pointer (&fx->big_ids, g_strfreev);
  for (guint i = 0; i < G_N_ELEMENTS (env_vars); i++)
    g_unsetenv (env_vars[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = gui_test_init (&argc, &argv, "test-history");
  int status;

  /* A private keyring (where "unset" has no secret) and settings. */
  gui_test_start_keyring ();

  g_test_add ("/liminal/history/demo", Fixture, NULL, fixture_setup, test_demo, fixture_teardown);
  g_test_add ("/liminal/history/big", Fixture, NULL, fixture_setup, test_big, fixture_teardown);
  g_test_add ("/liminal/history/setup-buttons", Fixture, NULL, fixture_setup, test_setup, fixture_teardown);

  status = g_test_run ();
  gui_test_remove_tree (data_home);

  return status;
}
