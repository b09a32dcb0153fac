/* lim-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lim-preferences-window.h"
#include "lim-keyring.h"
#include "lim-tenant-config.h"

struct _LimPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  /* Owned References */
  LimWorkspace    *workspace;
  LimProject      *project;
  LimTenantConfig *config;

  /* Borrowed References */
  LimTenantEditor *editor;

  /* Template Widgets */
  AdwPreferencesGroup *tenants_group;
  GtkListBox          *tenant_list;
};

G_DEFINE_FINAL_TYPE (LimPreferencesWindow, lim_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  TENANTS_CHANGED,
  EDITOR_OPENED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
add_toast (LimPreferencesWindow *self,
           const char           *message)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
}

static GtkWidget *
make_row_button (const char *icon_name,
                 const char *tooltip,
                 const char *action,
                 const char *alias)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (alias));

  return button;
}

static void
reload (LimPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *child;
  GPtrArray *tenants;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->tenant_list))) != NULL)
    gtk_list_box_remove (self->tenant_list, child);

  g_clear_pointer (&self->config, lim_tenant_config_unref);

  if (self->project == NULL)
    {
      adw_preferences_group_set_description (self->tenants_group,
                                             _("Open a project to manage its tenants."));
      gtk_widget_set_visible (GTK_WIDGET (self->tenant_list), FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.add-tenant", FALSE);
      return;
    }

  /* The window says "Tenants"; the group, whose. */
  adw_preferences_group_set_title (self->tenants_group, lim_project_get_name (self->project));
  {
    g_autofree char *ini = g_build_filename (lim_project_get_config_dir (self->project), "tenants.ini", NULL);
    g_autofree char *relative = lim_project_relative_path (self->project, ini);
    /* Translators: a file path */
    g_autofree char *description = g_strdup_printf (_("Settings are saved in %s; secrets are kept in the keyring."),
                                                    relative);
    g_autofree char *escaped = g_markup_escape_text (description, -1);

    adw_preferences_group_set_description (self->tenants_group, escaped);
  }

  self->config = lim_tenant_config_load (lim_project_get_config_dir (self->project), NULL, NULL, &error);
  if (self->config == NULL)
    {
      add_toast (self, error->message);
      return;
    }

  tenants = lim_tenant_config_get_tenants (self->config);
  gtk_widget_set_visible (GTK_WIDGET (self->tenant_list), tenants->len > 0);

  for (guint i = 0; i < tenants->len; i++)
    {
      LimTenant *tenant = g_ptr_array_index (tenants, i);
      const char *alias = lim_tenant_get_alias (tenant);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *subtitle = NULL;
      g_autofree char *edit = NULL;
      g_autofree char *remove = NULL;

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), alias);
      if (lim_tenant_get_origin (tenant) == LIM_TENANT_ORIGIN_ENV_PY)
        /* Translators: a URL */
        subtitle = g_strdup_printf (_("%s · from env.py"), lim_tenant_get_base_url (tenant));
      else
        subtitle = g_strdup (lim_tenant_get_base_url (tenant));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

      if (lim_tenant_get_protected (tenant))
        {
          GtkWidget *icon = gtk_image_new_from_icon_name ("changes-prevent-symbolic");

          gtk_widget_set_tooltip_text (icon, _("Protected tenant"));
          gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, _("Protected tenant"),
                                          -1);
          gtk_widget_add_css_class (icon, "dim-label");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
        }

      /* Translators: a tenant alias */
      edit = g_strdup_printf (_("Edit “%s”"), alias);
      /* Translators: a tenant alias */
      remove = g_strdup_printf (_("Remove “%s”"), alias);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 make_row_button ("document-edit-symbolic", edit, "prefs.edit-tenant", alias));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 make_row_button ("user-trash-symbolic", remove, "prefs.remove-tenant", alias));
      gtk_list_box_append (self->tenant_list, row);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.add-tenant", TRUE);
}

LimTenantEditor *
lim_preferences_window_get_editor (LimPreferencesWindow *self)
{
  g_return_val_if_fail (LIM_IS_PREFERENCES_WINDOW (self), NULL);

  return self->editor;
}

GStrv
lim_preferences_window_dup_aliases (LimPreferencesWindow *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (LIM_IS_PREFERENCES_WINDOW (self), NULL);

  if (self->config != NULL)
    {
      GPtrArray *tenants = lim_tenant_config_get_tenants (self->config);

      for (guint i = 0; i < tenants->len; i++)
        g_strv_builder_add (builder, lim_tenant_get_alias (g_ptr_array_index (tenants, i)));
    }

  return g_strv_builder_end (builder);
}

static void
on_editor_saved_cb (LimPreferencesWindow *self,
                    LimTenantEditor      *editor)
{
  if (self->editor == editor)
    adw_preferences_window_close_subpage (ADW_PREFERENCES_WINDOW (self));
  reload (self);
  g_signal_emit (self, signals[TENANTS_CHANGED], 0);
  add_toast (self, _("Tenant saved"));
}

static void
on_editor_cancelled_cb (LimPreferencesWindow *self,
                        LimTenantEditor      *editor)
{
  if (self->editor == editor)
    adw_preferences_window_close_subpage (ADW_PREFERENCES_WINDOW (self));
}

LimTenantEditor *
lim_preferences_window_edit_tenant (LimPreferencesWindow *self,
                                    const char           *alias)
{
  g_autoptr(LimTenant) tenant = NULL;
  GtkWidget *editor;

  g_return_val_if_fail (LIM_IS_PREFERENCES_WINDOW (self), NULL);

  if (self->project == NULL || self->config == NULL)
    return NULL;

  if (alias != NULL)
    {
      g_autoptr(GError) error = NULL;

      tenant = lim_tenant_config_lookup (self->config, alias, &error);
      if (tenant == NULL)
        {
          add_toast (self, error->message);
          return NULL;
        }
    }

  editor = lim_tenant_editor_new (self->workspace, tenant);
  g_signal_emit (self, signals[EDITOR_OPENED], 0, editor);
  g_signal_connect_object (editor, "saved", G_CALLBACK (on_editor_saved_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (editor, "cancelled", G_CALLBACK (on_editor_cancelled_cb), self, G_CONNECT_SWAPPED);

  if (self->editor != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->editor), (gpointer *) &self->editor);
  self->editor = LIM_TENANT_EDITOR (editor);
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &self->editor);

  adw_preferences_window_present_subpage (ADW_PREFERENCES_WINDOW (self), editor);
  gtk_widget_grab_focus (GTK_WIDGET (lim_tenant_editor_get_entry (self->editor, "alias")));

  return self->editor;
}

static void
add_tenant_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  lim_preferences_window_edit_tenant (LIM_PREFERENCES_WINDOW (widget), NULL);
}

static void
edit_tenant_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  lim_preferences_window_edit_tenant (LIM_PREFERENCES_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
on_remove_response_cb (AdwMessageDialog     *dialog,
                       const char           *response,
                       LimPreferencesWindow *self)
{
  const char *alias = g_object_get_data (G_OBJECT (dialog), "alias");
  g_autoptr(GError) error = NULL;
  g_autoptr(LimTenant) tenant = NULL;
  LimKeyringScope scope;

  if (g_strcmp0 (response, "remove") != 0 || self->project == NULL || self->config == NULL)
    return;

  tenant = lim_tenant_config_lookup (self->config, alias, &error);
  if (tenant == NULL)
    {
      add_toast (self, error->message);
      return;
    }

  if (!lim_tenant_config_save (lim_project_get_config_dir (self->project), NULL, alias, &error))
    {
      add_toast (self, error->message);
      return;
    }

  /* The entries this project folder kept for it go with it.  Those keyed
   * by the tenant's identity (base URL, client id) stay: another clone of
   * the project, or another project, may use the same tenant. */
  scope = LIM_KEYRING_SCOPE_LEGACY;
  lim_tenant_keyring_clear_unattended (tenant, lim_project_get_config_dir (self->project), scope,
                                       LIM_TENANT_SECRET_CLIENT_SECRET, "a keyring entry");
  lim_tenant_keyring_clear_unattended (tenant, lim_project_get_config_dir (self->project), scope,
                                       LIM_TENANT_SECRET_ADMIN_PASSWORD, "a keyring entry");

  reload (self);
  g_signal_emit (self, signals[TENANTS_CHANGED], 0);
}

static void
remove_tenant_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  LimPreferencesWindow *self = LIM_PREFERENCES_WINDOW (widget);
  const char *alias = g_variant_get_string (param, NULL);
  GtkWidget *dialog;

  /* Translators: a tenant alias */
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Remove Tenant?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _(
                                    "“%s” is removed from tenants.ini and its secrets from the keyring. Nothing changes on the tenant itself."),
                                  alias);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_widget_add_css_class (dialog, "remove-tenant-dialog");
  g_object_set_data_full (G_OBJECT (dialog), "alias", g_strdup (alias), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

GtkWidget *
lim_preferences_window_new (LimWorkspace *workspace)
{
  LimPreferencesWindow *self;

  g_return_val_if_fail (workspace == NULL || LIM_IS_WORKSPACE (workspace), NULL);

  self = g_object_new (LIM_TYPE_PREFERENCES_WINDOW, NULL);
  if (workspace != NULL)
    {
      self->workspace = g_object_ref (workspace);
      self->project = lim_project_ref (lim_workspace_get_project (workspace));
    }
  reload (self);

  return GTK_WIDGET (self);
}

static void
lim_preferences_window_dispose (GObject *object)
{
  LimPreferencesWindow *self = LIM_PREFERENCES_WINDOW (object);

  if (self->editor != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->editor), (gpointer *) &self->editor);
  self->editor = NULL;

  gtk_widget_dispose_template (GTK_WIDGET (self), LIM_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->workspace);
  g_clear_pointer (&self->config, lim_tenant_config_unref);
  g_clear_pointer (&self->project, lim_project_unref);

  G_OBJECT_CLASS (lim_preferences_window_parent_class)->dispose (object);
}

static void
lim_preferences_window_class_init (LimPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lim_preferences_window_dispose;

  signals[EDITOR_OPENED] = g_signal_new ("editor-opened", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 1, LIM_TYPE_TENANT_EDITOR);
  signals[TENANTS_CHANGED] = g_signal_new ("tenants-changed", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/liminal_desktop/Liminal/lim-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LimPreferencesWindow, tenants_group);
  gtk_widget_class_bind_template_child (widget_class, LimPreferencesWindow, tenant_list);

  gtk_widget_class_install_action (widget_class, "prefs.add-tenant", NULL, add_tenant_action);
  gtk_widget_class_install_action (widget_class, "prefs.edit-tenant", "s", edit_tenant_action);
  gtk_widget_class_install_action (widget_class, "prefs.remove-tenant", "s", remove_tenant_action);
}

static void
lim_preferences_window_init (LimPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
