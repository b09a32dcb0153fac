/* test-compare-tenants.c — Compare With… in the demo (its in-process sandbox
 * tenants): from prod's page, the More Tenant Actions menu opens the
 * comparison, which asks for the other tenant (test) and shows what prod
 * lacks that test has, grouped by schema and dropdown, with Copy.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gui-test-util.h"
#include "lim-compare-dialog.h"
#include "lim-operation.h"
#include "lim-tenant-page.h"
#include "lim-window.h"

/* How long a screenshot waits after the draw. */
#define SCREENSHOT_SETTLE_MS 800

typedef struct _Fixture
{
  LimApplication *app;
  LimWindow      *window;
} Fixture;

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
}

static LimCompareDialog *
find_compare_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  LimCompareDialog *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (LIM_IS_COMPARE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        found = LIM_COMPARE_DIALOG (w);
    }
  return found;
}

static gboolean
compared (gpointer data)
{
  LimCompareDialog *dialog = data;

  return !lim_compare_dialog_get_busy (dialog) && lim_compare_dialog_get_comparison (dialog) != NULL;
}

static gboolean
result_ready (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

/* The menu item of More Tenant Actions whose action is @action (asserted),
 * its label in *@label. */
static void
assert_menu_offers (LimTenantPage *page,
                    const char    *action,
                    const char    *alias,
                    char         **label)
{
  GtkMenuButton *more = GTK_MENU_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (page), LIM_TYPE_TENANT_PAGE,
                                                                        "more_button"));
  GMenuModel *menu = gtk_menu_button_get_menu_model (more);

  g_assert_nonnull (menu);
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *a = NULL;
      g_autoptr(GVariant) target = NULL;

      if (!g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &a) || strcmp (a, action) != 0)
        continue;
      target = g_menu_model_get_item_attribute_value (menu, i, G_MENU_ATTRIBUTE_TARGET, G_VARIANT_TYPE_STRING);
      g_assert_cmpstr (g_variant_get_string (target, NULL), ==, alias);
      g_assert_true (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", label));
      return;
    }
  g_assert_not_reached ();
}

static gboolean
has_op (const LimTenantComparison *c,
        const char                *class_name,
        const char                *subject)
{
  for (guint i = 0; i < c->upgrade->len; i++)
    {
      const LimOperation *op = g_ptr_array_index (c->upgrade, i);

      if (strcmp (op->spec->class_name, class_name) == 0 && g_strcmp0 (lim_operation_get_subject (op), subject) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
body_compare (Fixture *fx)
{
  LimTenantPage *page = gui_test_select_tenant_page (fx->window, "prod");
  g_autofree char *label = NULL;
  LimCompareDialog *dialog;
  const LimTenantComparison *c;
  g_autoptr(GHashTable) subjects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) groups = NULL;
  g_autofree char *header = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GAsyncResult) clip = NULL;
  g_autofree char *copied = NULL;
  GtkWidget *button;
  const char *prod_at;
  const char *test_at;

  /* The menu of prod's page offers it; the window's action opens it. */
  assert_menu_offers (page, "win.compare-tenant", "prod", &label);
  g_assert_cmpstr (label, ==, "_Compare With…");
  g_assert_null (find_compare_dialog ());
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.compare-tenant", "s", "prod"));
  dialog = find_compare_dialog ();
  g_assert_nonnull (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (fx->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));

  /* It asks first: the other tenants, nothing read yet, Copy insensitive. */
  {
    AdwComboRow *row = ADW_COMBO_ROW (gui_test_find_one (GTK_WIDGET (dialog), "compare-other-row"));
    GListModel *model = adw_combo_row_get_model (row);

    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), 0), ==, "dev");
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), 1), ==, "test");
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), 2), ==, "staging");
    g_assert_null (lim_compare_dialog_get_comparison (dialog));
    g_assert_false (gtk_widget_get_sensitive (gui_test_find_one (GTK_WIDGET (dialog), "copy-comparison-button")));
    g_assert_false (lim_compare_dialog_set_other (dialog, "prod"));
    g_assert_true (lim_compare_dialog_set_other (dialog, "test"));
    g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 1);
  }

  /* Compare: both tenants are read at once, then the result. */
  button = gui_test_find_one (GTK_WIDGET (dialog), "compare-button");
  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (lim_compare_dialog_get_busy (dialog));
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_true (gui_test_wait_until (compared, dialog, 30000));
  g_assert_true (gtk_widget_get_sensitive (button));
  c = lim_compare_dialog_get_comparison (dialog);
  g_assert_cmpstr (c->tenant, ==, "prod");
  g_assert_cmpstr (c->other, ==, "test");

  /* The demo has prod 4 revisions behind head and test 2: test has
   * 2c0a's reorder of pizza's fields and 1b9f's dropdown rename (an
   * archive and a create to a comparison, with the hint), prod lacks them. */
  prod_at = c->tenant_revision;
  test_at = c->other_revision;
  g_assert_cmpstr (prod_at, ==, "0a8e4c5f1d36");
  g_assert_cmpstr (test_at, ==, "2c0a6e7b3f58");
  g_assert_cmpuint (c->upgrade->len, >, 0);
  g_assert_cmpuint (c->downgrade->len, ==, c->upgrade->len);
  g_assert_true (has_op (c, "ReorderEntitySchemaFields", "pizza"));
  g_assert_true (has_op (c, "CreateDropdown", "Oven"));
  g_assert_true (has_op (c, "ArchiveDropdown", "Oven Type"));
  g_assert_false (has_op (c, "ArchiveEntitySchema", "liminal_remote"));
  g_assert_cmpuint (c->hints->len, >, 0);

  /* The header, one row per operation, one group per schema or dropdown. */
  header = g_strdup_printf ("prod lacks what test has: %u operations", c->upgrade->len);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gui_test_find_one (GTK_WIDGET (dialog), "compare-header"))), ==,
                   header);
  g_assert_true (strstr (gtk_label_get_text (GTK_LABEL (gui_test_find_one (GTK_WIDGET (dialog),
                                                                           "compare-revisions"))),
                         "prod is at 0a8e4c5f1d36, test at 2c0a6e7b3f58") != NULL);
  {
    GtkWidget *hints = gui_test_find_one (GTK_WIDGET (dialog), "compare-hints");
    g_autofree char *first = g_strdup_printf ("Hint: %s", (char *) g_ptr_array_index (c->hints, 0));

    g_assert_true (gtk_widget_get_visible (hints));
    g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (hints)), first));
  }
  g_assert_cmpuint (gui_test_count_class (GTK_WIDGET (dialog), "compare-operation"), ==, c->upgrade->len);
  for (guint i = 0; i < c->upgrade->len; i++)
    {
      const LimOperation *op = g_ptr_array_index (c->upgrade, i);

      g_hash_table_add (subjects, g_strdup_printf ("%d%s", op->spec->on_dropdown, lim_operation_get_subject (op)));
    }
  groups = gui_test_find_by_class (GTK_WIDGET (dialog), "compare-group");
  g_assert_cmpuint (groups->len, ==, g_hash_table_size (subjects));
  g_assert_cmpstr (adw_preferences_group_get_title (g_ptr_array_index (groups, 0)), ==,
                   lim_operation_get_subject (g_ptr_array_index (c->upgrade, 0)));
  {
    GPtrArray *rows = gui_test_find_by_class (GTK_WIDGET (dialog), "compare-operation");
    g_autofree char *first = lim_operation_describe (g_ptr_array_index (c->upgrade, 0));

    g_assert_cmpstr (adw_preferences_row_get_title (g_ptr_array_index (rows, 0)), ==, first);
    g_ptr_array_unref (rows);
  }
  gui_test_save_screenshot (GTK_WIDGET (dialog), "compare-tenants", SCREENSHOT_SETTLE_MS);

  /* Copy puts the header and the numbered operations on the clipboard. */
  text = lim_compare_dialog_dup_text (dialog);
  g_assert_true (g_str_has_prefix (text, header));
  {
    g_autofree char *first = lim_operation_describe (g_ptr_array_index (c->upgrade, 0));
    g_autofree char *line = g_strdup_printf ("\n1. %s\n", first);

    g_assert_nonnull (strstr (text, line));
  }
  button = gui_test_find_one (GTK_WIDGET (dialog), "copy-comparison-button");
  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (dialog)), NULL, gui_test_store_result, &clip);
  g_assert_true (gui_test_wait_until (result_ready, &clip, 5000));
  copied = gdk_clipboard_read_text_finish (gtk_widget_get_clipboard (GTK_WIDGET (dialog)), clip, NULL);
  g_assert_cmpstr (copied, ==, text);

  /* Another tenant: dev is at head, so prod lacks more. */
  {
    guint before = c->upgrade->len;

    g_assert_true (lim_compare_dialog_set_other (dialog, "dev"));
    lim_compare_dialog_compare (dialog);
    g_assert_true (gui_test_wait_until (compared, dialog, 30000));
    c = lim_compare_dialog_get_comparison (dialog);
    g_assert_cmpstr (c->other, ==, "dev");
    g_assert_cmpuint (c->upgrade->len, >, before);
  }

  /* Closing it while it reads cancels the read; the window goes. */
  lim_compare_dialog_compare (dialog);
  g_assert_true (lim_compare_dialog_get_busy (dialog));
  gtk_window_close (GTK_WINDOW (dialog));
  gui_test_spin (300);
  g_assert_null (dialog);
}

static void
test_compare (Fixture       *fx,
              gconstpointer  data)
{
  gui_test_run_in_window (fx->app, &fx->window, gui_test_open_demo, G_CALLBACK (body_compare), fx);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = gui_test_init (&argc, &argv, "test-compare-tenants");
  int status;

  g_test_add ("/liminal/compare/prod-lacks-what-test-has", Fixture, NULL, fixture_setup, test_compare,
              fixture_teardown);

  status = g_test_run ();
  gui_test_remove_tree (data_home);

  return status;
}
