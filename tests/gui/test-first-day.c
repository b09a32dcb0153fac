/* test-first-day.c — a first day without a terminal, in the demo (its
 * in-process sandbox tenants): the Tenants dialog adds a tenant, which
 * reads "Not configured" until Enter Secret… stores its secrets in the
 * keyring; Write Model Files from a tenant, then Generate Revision, whose
 * new revision is selected for review.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gui-test-util.h"
#include "lim-application.h"
#include "lim-keyring.h"
#include "lim-model-files.h"
#include "lim-model-source.h"
#include "lim-preferences-window.h"
#include "lim-revision-view.h"
#include "lim-run-dialog.h"
#include "lim-tenant-editor.h"
#include "lim-tenant-item.h"
#include "lim-tenant-page.h"
#include "lim-tenant-row.h"
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

/* Runs @body in the demo's window, opened as `liminal-desktop --demo` does. */
static void
run_in_app (Fixture  *fx,
            void    (*body) (Fixture *fx))
{
  gui_test_run_in_window (fx->app, &fx->window, gui_test_open_demo, G_CALLBACK (body), fx);
}

/* ------------------------------------------------------------------ */
/* Tenants…, then Enter Secret… */

static gboolean
editor_done (gpointer data)
{
  LimTenantEditor **editor = data;

  return *editor == NULL || !lim_tenant_editor_get_busy (*editor);
}

static gboolean
qa_reads (gpointer data)
{
  Fixture *fx = data;

  return g_list_model_get_n_items (lim_window_get_tenants (fx->window)) == 5 && gui_test_all_read (fx->window) &&
         gui_test_get_row (fx->window, "qa") != NULL;
}

static gboolean
qa_up_to_date (gpointer data)
{
  Fixture *fx = data;

  return gui_test_all_read (fx->window) && g_strcmp0 (gui_test_status_text (fx->window, "qa"), "Up to date") == 0;
}

static void
on_looked_up_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static gboolean
answered (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static LimTenantItem *
dev_item (Fixture *fx)
{
  LimTenantRow *row = gui_test_get_row (fx->window, "dev");

  g_assert_nonnull (row);
  return lim_tenant_row_get_item (row);
}

static gboolean
secret_dialog_shown (gpointer data)
{
  return gui_test_find_dialog_with_class ("secret-dialog") != NULL;
}

static void
body_tenants_and_secret (Fixture *fx)
{
  LimSandbox *dev = lim_application_get_demo_sandbox (fx->app, "dev");
  g_autofree char *url = lim_sandbox_get_base_url (dev);
  g_autofree char *ini_path = g_build_filename (lim_project_get_config_dir (lim_window_get_project (fx->window)),
                                                "tenants.ini", NULL);
  g_autofree char *ini = NULL;
  g_autofree char *secret = NULL;
  g_autoptr(GAsyncResult) lookup = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) aliases = NULL;
  LimPreferencesWindow *tenants;
  LimTenantEditor *editor;
  AdwMessageDialog *dialog;
  LimTenantItem *qa;

  /* The primary menu's Tenants… lists the project's tenants. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.manage-tenants", NULL));
  tenants = LIM_PREFERENCES_WINDOW (lim_window_get_preferences (fx->window));
  g_assert_nonnull (tenants);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (tenants)), ==, "Tenants");
  aliases = lim_preferences_window_dup_aliases (tenants);
  g_assert_cmpuint (g_strv_length (aliases), ==, 4);

  /* Add one (no secret typed): a copy of dev's sandbox, as "qa",
   * through the no-tenants page's action (the dialog's Add Tenant). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.add-tenant", NULL));
  g_assert_true (lim_window_get_preferences (fx->window) == GTK_WINDOW (tenants));
  editor = lim_preferences_window_get_editor (tenants);
  g_assert_nonnull (editor);
  g_assert_cmpstr (gtk_editable_get_text (lim_tenant_editor_get_entry (editor, "alias")), ==, "");
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  gtk_editable_set_text (lim_tenant_editor_get_entry (editor, "alias"), "qa");
  gtk_editable_set_text (lim_tenant_editor_get_entry (editor, "tenant-name"), "qa");
  gtk_editable_set_text (lim_tenant_editor_get_entry (editor, "url"), url);
  gtk_editable_set_text (lim_tenant_editor_get_entry (editor, "client-id"), LIM_SANDBOX_DEFAULT_CLIENT_ID);
  gtk_editable_set_text (lim_tenant_editor_get_entry (editor, "admin-email"), LIM_SANDBOX_DEFAULT_ADMIN_EMAIL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  g_assert_true (gui_test_wait_until (editor_done, &editor, 10000));

  /* …into the project's tenants.ini, and the sidebar. */
  g_assert_true (g_file_get_contents (ini_path, &ini, NULL, NULL));
  g_assert_nonnull (strstr (ini, "[qa]"));
  g_assert_nonnull (strstr (ini, url));
  g_assert_true (gui_test_wait_until (qa_reads, fx, 30000));
  g_strfreev (aliases);
  aliases = lim_preferences_window_dup_aliases (tenants);
  g_assert_cmpuint (g_strv_length (aliases), ==, 5);
  gtk_window_set_default_size (GTK_WINDOW (tenants), 640, 560);
  gui_test_save_screenshot (GTK_WIDGET (tenants), "tenants-dialog", SCREENSHOT_SETTLE_MS);
  gtk_window_destroy (GTK_WINDOW (tenants));
  gui_test_spin (100);
  g_assert_null (lim_window_get_preferences (fx->window));

  /* Its secrets are nowhere yet. */
  g_assert_cmpstr (gui_test_status_text (fx->window, "qa"), ==, "Not configured");
  gui_test_select_tenant (fx->window, "qa");

  /* Enter Secret… on the tenant page (clicked, as a person does): the
   * client secret and the admin password. */
  {
    GtkWidget *button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (lim_window_get_tenant_page (fx->window)),
                                                                   LIM_TYPE_TENANT_PAGE, "enter_secret_button"));

    g_assert_true (gui_test_wait_until ((gboolean (*)(gpointer)) gtk_widget_is_sensitive, button, 5000));
    g_assert_true (gtk_widget_get_mapped (button));
    g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "win.enter-secret");
    g_assert_cmpstr (g_variant_get_string (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button)), NULL), ==,
                     "qa");
    /* A button's keyboard activation clicks it after a short flash. */
    gtk_widget_activate (button);
    gui_test_wait_until (secret_dialog_shown, NULL, 5000);
  }
  dialog = gui_test_find_dialog_with_class ("secret-dialog");
  g_assert_nonnull (dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));
  gtk_editable_set_text (GTK_EDITABLE (gui_test_find_one (GTK_WIDGET (dialog), "client-secret")), LIM_SANDBOX_DEFAULT_CLIENT_SECRET);
  gtk_editable_set_text (GTK_EDITABLE (gui_test_find_one (GTK_WIDGET (dialog), "admin-password")), LIM_SANDBOX_DEFAULT_ADMIN_PASSWORD);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "save"));
  gui_test_save_screenshot (GTK_WIDGET (dialog), "enter-secret", SCREENSHOT_SETTLE_MS);
  /* Enter in the last row saves (AdwEntryRow::entry-activated). */
  g_signal_emit_by_name (GTK_EDITABLE (gui_test_find_one (GTK_WIDGET (dialog), "admin-password")), "entry-activated");

  /* The tenant is read again, with its secrets from the keyring… */
  if (!gui_test_wait_until (qa_up_to_date, fx, 30000))
    {
      const LimTenantStatus *st = lim_tenant_item_get_status (lim_tenant_row_get_item (gui_test_get_row (fx->window, "qa")));

      g_test_message ("qa: %s — %s", gui_test_status_text (fx->window, "qa"), st->message ? st->message : "");
      g_assert_not_reached ();
    }
  /* …where they are keyed by the tenant's identity. */
  qa = lim_tenant_row_get_item (gui_test_get_row (fx->window, "qa"));
  lim_tenant_keyring_lookup (lim_tenant_item_get_tenant (qa), NULL, LIM_TENANT_SECRET_CLIENT_SECRET, NULL,
                             on_looked_up_cb, &lookup);
  g_assert_true (gui_test_wait_until (answered, &lookup, 5000));
  secret = lim_tenant_keyring_lookup_finish (lookup, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, LIM_SANDBOX_DEFAULT_CLIENT_SECRET);

  g_assert_null (gui_test_find_dialog_with_class ("secret-dialog"));
  g_clear_pointer (&ini, g_free);
  g_assert_true (g_file_get_contents (ini_path, &ini, NULL, NULL));
  g_assert_null (strstr (ini, LIM_SANDBOX_DEFAULT_CLIENT_SECRET));

  /* Edit Tenant… opens the editor on it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.edit-tenant", "s", "qa"));
  tenants = LIM_PREFERENCES_WINDOW (lim_window_get_preferences (fx->window));
  g_assert_nonnull (tenants);
  editor = lim_preferences_window_get_editor (tenants);
  g_assert_nonnull (editor);
  g_assert_cmpstr (gtk_editable_get_text (lim_tenant_editor_get_entry (editor, "alias")), ==, "qa");
  g_assert_cmpstr (gtk_editable_get_text (lim_tenant_editor_get_entry (editor, "url")), ==, url);

  /* Remove takes it out of tenants.ini and the sidebar; its keyring entry
   * stays, as dev is keyed alike (the same sandbox and client id). */
  gtk_widget_activate_action (GTK_WIDGET (tenants), "prefs.remove-tenant", "s", "qa");
  dialog = gui_test_find_dialog_with_class ("remove-tenant-dialog");
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "remove");
  g_clear_pointer (&ini, g_free);
  g_assert_true (g_file_get_contents (ini_path, &ini, NULL, NULL));
  g_assert_null (strstr (ini, "[qa]"));
  g_assert_nonnull (strstr (ini, "[dev]"));
  g_assert_cmpuint (g_list_model_get_n_items (lim_window_get_tenants (fx->window)), ==, 4);
  g_assert_null (gui_test_get_row (fx->window, "qa"));
  gui_test_spin (1000);
  g_clear_object (&lookup);
  g_clear_pointer (&secret, g_free);
  lim_tenant_keyring_lookup (lim_tenant_item_get_tenant (dev_item (fx)), NULL, LIM_TENANT_SECRET_CLIENT_SECRET, NULL,
                             on_looked_up_cb, &lookup);
  g_assert_true (gui_test_wait_until (answered, &lookup, 5000));
  secret = lim_tenant_keyring_lookup_finish (lookup, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, LIM_SANDBOX_DEFAULT_CLIENT_SECRET);

  gtk_window_destroy (GTK_WINDOW (tenants));
  gui_test_spin (100);
}

static void
test_tenants_and_secret (Fixture       *fx,
                         gconstpointer  data)
{
  run_in_app (fx, body_tenants_and_secret);
}

/* ------------------------------------------------------------------ */
/* Write Model Files from dev…, then Generate Revision */

static char *
model_dir (Fixture *fx)
{
  return g_build_filename (lim_project_get_root (lim_window_get_project (fx->window)), "model", NULL);
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static gboolean
model_written (gpointer data)
{
  Fixture *fx = data;
  g_autofree char *dir = model_dir (fx);
  g_autofree char *schemas = g_build_filename (dir, "entity_schemas", NULL);
  g_autofree char *dropdowns = g_build_filename (dir, "dropdowns", NULL);

  return count_files (schemas) > 0 && count_files (dropdowns) > 0 && gui_test_find_dialog_with_class ("model-files-dialog") == NULL;
}

/* One change for the revision: a tooltip on the first field without one. */
static void
edit_model (Fixture *fx)
{
  g_autofree char *dir = model_dir (fx);
  g_autofree char *schemas = g_build_filename (dir, "entity_schemas", NULL);
  g_autoptr(GDir) d = g_dir_open (schemas, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (schemas, name, NULL);
      g_autofree char *contents = NULL;
      g_autofree char *edited = NULL;
      char *tooltip;

      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      tooltip = strstr (contents, "\"tooltip\": null");
      if (tooltip == NULL)
        continue;
      edited = g_strdup_printf ("%.*s\"tooltip\": \"Set from the model\"%s", (int) (tooltip - contents), contents,
                                tooltip + strlen ("\"tooltip\": null"));
      g_assert_true (g_file_set_contents (path, edited, -1, NULL));
      return;
    }
  g_assert_not_reached ();
}

static gboolean
head_changed (gpointer data)
{
  Fixture *fx = data;
  LimTimeline *timeline = lim_window_get_timeline (fx->window);
  const char *old_head = g_object_get_data (G_OBJECT (fx->app), "old-head");

  return timeline != NULL && g_strcmp0 (lim_revision_get_id (lim_timeline_get_head (timeline)), old_head) != 0 &&
         gui_test_all_read (fx->window);
}

static gboolean
has_generate_error (gpointer data)
{
  return gui_test_find_dialog_with_class ("generate-error") != NULL;
}

static gboolean
no_run (gpointer data)
{
  Fixture *fx = data;

  return lim_window_get_run_dialog (fx->window) == NULL;
}

/* Generate Revision… on the selected tenant, with @description. */
static void
generate (Fixture    *fx,
          const char *description)
{
  g_autoptr(GPtrArray) entries = NULL;
  AdwMessageDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.generate-revision", NULL));
  dialog = gui_test_find_dialog_with_class ("generate-dialog");
  g_assert_nonnull (dialog);
  entries = gui_test_find_by_class (GTK_WIDGET (dialog), "generate-description");
  g_assert_cmpuint (entries->len, ==, 1);
  gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (entries, 0)), description);
  adw_message_dialog_response (dialog, "generate");
}

static void
body_model_files_generate (Fixture *fx)
{
  g_autofree char *old_head = g_strdup (lim_revision_get_id (lim_timeline_get_head (lim_window_get_timeline (fx->window))));
  g_autofree char *dir = model_dir (fx);
  g_autoptr(GPtrArray) rows = NULL;
  AdwMessageDialog *dialog;
  LimRunDialog *run;
  LimRevisionView *view;
  LimRevision *head;

  /* The demo starts without model files: Generate Revision says so and
   * offers to write them. */
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  gui_test_select_tenant (fx->window, "dev");
  generate (fx, "Should not be written");
  g_assert_true (gui_test_wait_until (has_generate_error, fx, 20000));
  dialog = gui_test_find_dialog_with_class ("generate-error");
  g_assert_true (adw_message_dialog_has_response (dialog, "write-model-files"));
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "write-model-files");
  gui_test_save_screenshot (GTK_WIDGET (dialog), "generate-no-model", SCREENSHOT_SETTLE_MS);
  adw_message_dialog_response (dialog, "write-model-files");

  /* Write Model Files from dev…: into model/, a new folder. */
  dialog = gui_test_find_dialog_with_class ("model-files-dialog");
  g_assert_nonnull (dialog);
  rows = gui_test_find_by_class (GTK_WIDGET (dialog), "model-folder");
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (adw_preferences_row_get_title (g_ptr_array_index (rows, 0)), ==, "model");
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "write"), ==, "_Write");
  gui_test_save_screenshot (GTK_WIDGET (dialog), "write-model-files", SCREENSHOT_SETTLE_MS);
  adw_message_dialog_response (dialog, "write");
  g_assert_true (gui_test_wait_until (model_written, fx, 30000));
  g_assert_null (gui_test_find_dialog_with_class ("model-files-error"));

  /* Writing again replaces them: the answer says so.  The tenant page's
   * menu offers it for the tenant shown. */
  {
    GtkMenuButton *more = GTK_MENU_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (lim_window_get_tenant_page (fx->window)),
                                                                          LIM_TYPE_TENANT_PAGE, "more_button"));
    GMenuModel *menu = gtk_menu_button_get_menu_model (more);
    g_autoptr(GVariant) target = NULL;
    g_autofree char *action = NULL;
    g_autofree char *label = NULL;

    g_assert_nonnull (menu);
    g_assert_true (g_menu_model_get_item_attribute (menu, 0, G_MENU_ATTRIBUTE_ACTION, "s", &action));
    g_assert_true (g_menu_model_get_item_attribute (menu, 0, G_MENU_ATTRIBUTE_LABEL, "s", &label));
    target = g_menu_model_get_item_attribute_value (menu, 0, G_MENU_ATTRIBUTE_TARGET, G_VARIANT_TYPE_STRING);
    g_assert_cmpstr (action, ==, "win.write-model-files");
    g_assert_cmpstr (label, ==, "_Write Model Files from dev…");
    g_assert_cmpstr (g_variant_get_string (target, NULL), ==, "dev");
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->window), action, "s", "dev"));
  }
  dialog = gui_test_find_dialog_with_class ("model-files-dialog");
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "write"), ==, "_Replace");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "write"), ==, ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_response (dialog, "cancel");
  gui_test_spin (300);
  g_assert_null (gui_test_find_dialog_with_class ("model-files-dialog"));

  /* Generate Revision from the edited model. */
  edit_model (fx);
  g_object_set_data_full (G_OBJECT (fx->app), "old-head", g_strdup (old_head), g_free);
  generate (fx, "Add a tooltip from the model");
  g_assert_true (gui_test_wait_until (head_changed, fx, 30000));

  /* A revision file in versions/, selected for review. */
  head = lim_timeline_get_head (lim_window_get_timeline (fx->window));
  g_assert_cmpstr (lim_revision_get_down_revision (head), ==, old_head);
  g_assert_true (g_file_test (lim_revision_get_file (head), G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_str_has_prefix (lim_revision_get_file (head), lim_project_get_root (lim_window_get_project (fx->window))));
  g_assert_cmpstr (gui_test_status_text (fx->window, "dev"), ==, "1 behind");
  view = lim_tenant_page_get_revision_view (lim_window_get_tenant_page (fx->window));
  g_assert_nonnull (lim_revision_view_get_revision (view));
  g_assert_cmpstr (lim_revision_get_id (lim_revision_view_get_revision (view)), ==, lim_revision_get_id (head));
  gui_test_save_screenshot (GTK_WIDGET (fx->window), "generated-revision-selected", SCREENSHOT_SETTLE_MS);

  /* While a run is under way, the first-day actions do nothing. */
  run = lim_window_start_run (fx->window, LIM_DIRECTION_UP, "head", LIM_RUN_FLAGS_NONE);
  g_assert_nonnull (run);
  gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.write-model-files", "s", "dev");
  gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.enter-secret", "s", "dev");
  gui_test_spin (100);
  g_assert_null (gui_test_find_dialog_with_class ("model-files-dialog"));
  g_assert_null (gui_test_find_dialog_with_class ("secret-dialog"));
  g_assert_true (gui_test_wait_until (gui_test_has_message_dialog, fx->window, 20000));
  adw_message_dialog_response (lim_run_dialog_get_message_dialog (run), "cancel");
  g_assert_true (gui_test_wait_until (no_run, fx, 20000));
}

static void
test_model_files_generate (Fixture       *fx,
                           gconstpointer  data)
{
  run_in_app (fx, body_model_files_generate);
}

/* A project that keeps Liminal's Python model (project.ini says so, no
 * file yet): Write Model Files writes Liminal's classes into the project
 * root, where Liminal's generate-files writes them, and no model/ folder. */
static gboolean
python_model_written (gpointer data)
{
  Fixture *fx = data;
  const char *root = lim_project_get_root (lim_window_get_project (fx->window));
  g_autofree char *dropdowns = g_build_filename (root, "dropdowns", "__init__.py", NULL);
  g_autofree char *schemas = g_build_filename (root, "entity_schemas", "__init__.py", NULL);

  return g_file_test (dropdowns, G_FILE_TEST_IS_REGULAR) && g_file_test (schemas, G_FILE_TEST_IS_REGULAR) &&
         gui_test_find_dialog_with_class ("model-files-dialog") == NULL;
}

static void
body_model_files_python (Fixture *fx)
{
  LimProject *project = lim_window_get_project (fx->window);
  const char *root = lim_project_get_root (project);
  g_autofree char *ini = g_build_filename (lim_project_get_config_dir (project), "project.ini", NULL);
  g_autofree char *dir = model_dir (fx);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(LimModelSource) source = NULL;
  g_autoptr(LimDesired) desired = NULL;
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;

  g_assert_true (g_file_set_contents (ini, "[model]\nformat = python\n", -1, NULL));
  gui_test_select_tenant (fx->window, "dev");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.write-model-files", "s", "dev"));
  dialog = gui_test_find_dialog_with_class ("model-files-dialog");
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Python classes"));
  rows = gui_test_find_by_class (GTK_WIDGET (dialog), "model-folder");
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (adw_preferences_row_get_title (g_ptr_array_index (rows, 0)), ==, root);
  gui_test_save_screenshot (GTK_WIDGET (dialog), "write-model-files-python", SCREENSHOT_SETTLE_MS);
  adw_message_dialog_response (dialog, "write");
  g_assert_true (gui_test_wait_until (python_model_written, fx, 30000));
  g_assert_null (gui_test_find_dialog_with_class ("model-files-error"));
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));

  /* What was written is the project's model now, and it reads. */
  source = lim_model_source_find (project, &error);
  g_assert_no_error (error);
  g_assert_cmpint (source->format, ==, LIM_MODEL_FORMAT_PYTHON);
  g_assert_cmpstr (source->dir, ==, root);
  desired = lim_model_source_read (source, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (desired);
}

static void
test_model_files_python (Fixture       *fx,
                         gconstpointer  data)
{
  run_in_app (fx, body_model_files_python);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = gui_test_init (&argc, &argv, "test-first-day");
  int status;

  g_test_add ("/liminal/first-day/tenants-and-secret", Fixture, NULL, fixture_setup, test_tenants_and_secret,
              fixture_teardown);
  g_test_add ("/liminal/first-day/model-files-generate", Fixture, NULL, fixture_setup, test_model_files_generate,
              fixture_teardown);

  g_test_add ("/liminal/first-day/model-files-python", Fixture, NULL, fixture_setup, test_model_files_python,
              fixture_teardown);

  status = g_test_run ();
  gui_test_remove_tree (data_home);

  return status;
}
