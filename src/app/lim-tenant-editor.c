/* lim-tenant-editor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lim-keyring.h"
#include "lim-sandbox.h"

#include "lim-tenant-config.h"
#include "lim-tenant-editor.h"

struct _LimTenantEditor
{
  GtkWidget parent_instance;

  /* Owned References */
  LimWorkspace     *workspace;
  char             *config_dir;
  LimSandboxUrlFunc sandbox_url_func;
  gpointer          sandbox_url_data;
  GDestroyNotify    sandbox_url_destroy;
  LimTenant        *tenant;              /* the tenant edited, NULL when adding */
  GCancellable     *cancellable;
  char             *test_result;
  guint             pending_stores;
  gboolean          store_failed;
  gboolean          busy;
  gboolean          protected_touched;     /* the user set "Protected" */
  gboolean          updating;

  /* Template Widgets */
  AdwWindowTitle      *window_title;
  GtkWidget           *save_button;
  AdwEntryRow         *alias_row;
  AdwEntryRow         *tenant_name_row;
  AdwEntryRow         *url_row;
  AdwEntryRow         *client_id_row;
  AdwEntryRow         *admin_email_row;
  AdwComboRow         *auth_row;
  AdwPasswordEntryRow *client_secret_row;
  AdwPasswordEntryRow *admin_password_row;
  GtkSwitch           *protected_switch;
  GtkSwitch           *warehouse_switch;
  GtkSwitch           *fieldsets_switch;
  GtkSwitch           *insecure_switch;
  AdwActionRow        *test_row;
  GtkSpinner          *test_spinner;
};

G_DEFINE_FINAL_TYPE (LimTenantEditor, lim_tenant_editor, GTK_TYPE_WIDGET)

enum {
  SAVED,
  CANCELLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What Test Connection hands the engine's environment hook: the secrets
 * typed in the form, under the tenant's environment variable names, so
 * they are tried before anything is stored. */
typedef struct
{
  LimTenantEditor *self;
  LimWorkspace    *workspace;
  char            *names[2];
  char            *values[2];
} TestData;

static void
test_data_free (TestData *data)
{
  for (guint i = 0; i < G_N_ELEMENTS (data->names); i++)
    {
      g_free (data->names[i]);
      lim_tenant_secret_free (data->values[i]);
    }
  g_clear_object (&data->workspace);
  g_clear_object (&data->self);
  g_free (data);
}

static const char *
test_env_lookup (const char *name,
                 gpointer    user_data)
{
  TestData *data = user_data;

  for (guint i = 0; i < G_N_ELEMENTS (data->names); i++)
    if (data->values[i] != NULL && g_strcmp0 (name, data->names[i]) == 0)
      return data->values[i];

  return g_getenv (name);
}

GtkEditable *
lim_tenant_editor_get_entry (LimTenantEditor *self,
                             const char      *field)
{
  g_return_val_if_fail (LIM_IS_TENANT_EDITOR (self), NULL);

  if (g_str_equal (field, "alias"))
    return GTK_EDITABLE (self->alias_row);
  if (g_str_equal (field, "tenant-name"))
    return GTK_EDITABLE (self->tenant_name_row);
  if (g_str_equal (field, "url"))
    return GTK_EDITABLE (self->url_row);
  if (g_str_equal (field, "client-id"))
    return GTK_EDITABLE (self->client_id_row);
  if (g_str_equal (field, "admin-email"))
    return GTK_EDITABLE (self->admin_email_row);
  if (g_str_equal (field, "client-secret"))
    return GTK_EDITABLE (self->client_secret_row);
  if (g_str_equal (field, "admin-password"))
    return GTK_EDITABLE (self->admin_password_row);

  g_return_val_if_reached (NULL);
}

GtkSwitch *
lim_tenant_editor_get_switch (LimTenantEditor *self,
                              const char      *flag)
{
  g_return_val_if_fail (LIM_IS_TENANT_EDITOR (self), NULL);

  if (g_str_equal (flag, "protected"))
    return self->protected_switch;
  if (g_str_equal (flag, "schemas-enable-change-warehouse-name"))
    return self->warehouse_switch;
  if (g_str_equal (flag, "fieldsets"))
    return self->fieldsets_switch;
  if (g_str_equal (flag, "allow-insecure"))
    return self->insecure_switch;

  g_return_val_if_reached (NULL);
}

AdwComboRow *
lim_tenant_editor_get_auth_row (LimTenantEditor *self)
{
  g_return_val_if_fail (LIM_IS_TENANT_EDITOR (self), NULL);

  return self->auth_row;
}

const char *
lim_tenant_editor_get_test_result (LimTenantEditor *self)
{
  g_return_val_if_fail (LIM_IS_TENANT_EDITOR (self), NULL);

  return self->test_result != NULL ? self->test_result : "";
}

gboolean
lim_tenant_editor_get_busy (LimTenantEditor *self)
{
  g_return_val_if_fail (LIM_IS_TENANT_EDITOR (self), FALSE);

  return self->busy;
}

static void
set_busy (LimTenantEditor *self,
          gboolean         busy)
{
  self->busy = busy;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", !busy);
}

static void
add_toast (LimTenantEditor *self,
           const char      *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (message));
  else
    g_message ("%s", message);
}

/* The Authentication row's items, in the order of auth_model. */
static const LimTenantAuth auth_positions[] = {
  LIM_TENANT_AUTH_PASSWORD,
  LIM_TENANT_AUTH_SESSION,
  LIM_TENANT_AUTH_SSO,
};

static LimTenantAuth
auth_for_position (guint position)
{
  return position < G_N_ELEMENTS (auth_positions) ? auth_positions[position] : LIM_TENANT_AUTH_PASSWORD;
}

static guint
position_of_auth (LimTenantAuth auth)
{
  for (guint i = 0; i < G_N_ELEMENTS (auth_positions); i++)
    if (auth_positions[i] == auth)
      return i;
  return 0;
}

static char *
dup_trimmed (GtkEditable *editable)
{
  char *text = g_strstrip (g_strdup (gtk_editable_get_text (editable)));

  if (text[0] == '\0')
    g_clear_pointer (&text, g_free);

  return text;
}

/* The tenant the form describes, validated. */
static LimTenant *
build_tenant (LimTenantEditor *self,
              GError         **error)
{
  g_autofree char *alias = dup_trimmed (GTK_EDITABLE (self->alias_row));
  g_autofree char *tenant_name = dup_trimmed (GTK_EDITABLE (self->tenant_name_row));
  g_autofree char *url = dup_trimmed (GTK_EDITABLE (self->url_row));
  g_autofree char *client_id = dup_trimmed (GTK_EDITABLE (self->client_id_row));
  g_autofree char *admin_email = dup_trimmed (GTK_EDITABLE (self->admin_email_row));
  g_autoptr(LimTenant) tenant = NULL;

  if (alias == NULL)
    {
      g_set_error_literal (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_INVALID,
                           _("Enter an alias for the tenant"));
      return NULL;
    }

  tenant = lim_tenant_new (alias, tenant_name != NULL ? tenant_name : "");
  lim_tenant_set_url_override (tenant, url);
  lim_tenant_set_client_id (tenant, client_id);
  lim_tenant_set_admin_email (tenant, admin_email);
  lim_tenant_set_auth (tenant, auth_for_position (adw_combo_row_get_selected (self->auth_row)));
  lim_tenant_set_protected (tenant, gtk_switch_get_active (self->protected_switch));
  lim_tenant_set_schemas_enable_change_warehouse_name (tenant, gtk_switch_get_active (self->warehouse_switch));
  lim_tenant_set_fieldsets (tenant, gtk_switch_get_active (self->fieldsets_switch));
  lim_tenant_set_allow_insecure (tenant, gtk_switch_get_active (self->insecure_switch));

  if (!lim_tenant_validate (tenant, error))
    return NULL;

  return g_steal_pointer (&tenant);
}

static void
on_form_changed_cb (LimTenantEditor *self)
{
  g_autofree char *alias = dup_trimmed (GTK_EDITABLE (self->alias_row));
  g_autofree char *tenant_name = dup_trimmed (GTK_EDITABLE (self->tenant_name_row));

  gtk_widget_set_sensitive (self->save_button, alias != NULL && tenant_name != NULL);

  /* A new tenant follows the engine's default (`prod` and `production`
   * are protected) until the switch is set by hand. */
  if (self->tenant == NULL && !self->protected_touched && alias != NULL)
    {
      g_autoptr(LimTenant) probe = lim_tenant_new (alias, "probe");

      self->updating = TRUE;
      gtk_switch_set_active (self->protected_switch, lim_tenant_get_protected (probe));
      self->updating = FALSE;
    }

  if (alias != NULL && !lim_tenant_alias_is_valid (alias))
    gtk_widget_add_css_class (GTK_WIDGET (self->alias_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->alias_row), "error");
}

static void
on_protected_notify_cb (LimTenantEditor *self)
{
  if (!self->updating)
    self->protected_touched = TRUE;
}

static void
finish_save (LimTenantEditor *self)
{
  set_busy (self, FALSE);
  g_signal_emit (self, signals[SAVED], 0);
}

static void
on_secret_stored_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(LimTenantEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!lim_tenant_keyring_store_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* Translators: the keyring's error message */
          g_autofree char *message = g_strdup_printf (_("Could not store a secret in the keyring: %s"),
                                                      error->message);
          add_toast (self, message);
        }
      self->store_failed = TRUE;
    }

  if (--self->pending_stores == 0)
    finish_save (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  LimTenantEditor *self = LIM_TENANT_EDITOR (widget);
  g_autoptr(LimTenant) tenant = NULL;
  g_autoptr(GError) error = NULL;
  const char *old_alias = NULL;
  const char *alias;
  struct {
    AdwPasswordEntryRow *row;
    LimTenantSecretKind  kind;
  } secrets[] = {
    { self->client_secret_row, LIM_TENANT_SECRET_CLIENT_SECRET },
    { self->admin_password_row, LIM_TENANT_SECRET_ADMIN_PASSWORD },
  };

  if (self->busy)
    return;

  tenant = build_tenant (self, &error);
  if (tenant == NULL)
    {
      add_toast (self, error->message);
      return;
    }

  alias = lim_tenant_get_alias (tenant);
  if (self->tenant != NULL && g_strcmp0 (lim_tenant_get_alias (self->tenant), alias) != 0)
    old_alias = lim_tenant_get_alias (self->tenant);

  /* tenants.ini gets the settings only; lim_tenant_config_save() never
   * writes a secret. */
  if (!lim_tenant_config_save (self->config_dir, tenant, old_alias, &error))
    {
      add_toast (self, error->message);
      return;
    }

  /* Secrets are keyed by the tenant's identity (base URL + client id),
   * which other clones of the project and other projects may share: a
   * new identity leaves the old one's entries alone.  A new alias drops
   * the entries this project folder kept under the old alias. */
  if (self->tenant != NULL)
    {
      LimKeyringScope scope = 0;

      if (old_alias != NULL)
        scope |= LIM_KEYRING_SCOPE_LEGACY;
      for (guint i = 0; i < G_N_ELEMENTS (secrets) && scope != 0; i++)
        lim_tenant_keyring_clear_unattended (self->tenant, self->config_dir, scope, secrets[i].kind,
                                             "an old keyring entry");
    }

  g_clear_pointer (&self->tenant, lim_tenant_unref);
  self->tenant = lim_tenant_ref (tenant);

  set_busy (self, TRUE);
  self->pending_stores = 1;  /* held until every store has started */
  self->store_failed = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    {
      const char *secret = gtk_editable_get_text (GTK_EDITABLE (secrets[i].row));

      if (secret[0] == '\0')
        continue;

      self->pending_stores++;
      lim_tenant_keyring_store (tenant, secrets[i].kind, secret,
                                self->cancellable, on_secret_stored_cb, g_object_ref (self));
      gtk_editable_set_text (GTK_EDITABLE (secrets[i].row), "");
    }

  if (--self->pending_stores == 0)
    finish_save (self);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  g_signal_emit (widget, signals[CANCELLED], 0);
}

static void
use_sandbox_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  LimTenantEditor *self = LIM_TENANT_EDITOR (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  if (self->sandbox_url_func == NULL)
    return;
  url = self->sandbox_url_func (self->sandbox_url_data, &error);
  if (url == NULL)
    {
      /* Translators: an error message */
      g_autofree char *message = g_strdup_printf (_("Could not start the local sandbox: %s"), error->message);
      add_toast (self, message);
      return;
    }

  if (gtk_editable_get_text (GTK_EDITABLE (self->alias_row))[0] == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->alias_row), "sandbox");
  if (gtk_editable_get_text (GTK_EDITABLE (self->tenant_name_row))[0] == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->tenant_name_row), "sandbox");
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
  gtk_editable_set_text (GTK_EDITABLE (self->client_id_row), LIM_SANDBOX_DEFAULT_CLIENT_ID);
  gtk_editable_set_text (GTK_EDITABLE (self->admin_email_row), LIM_SANDBOX_DEFAULT_ADMIN_EMAIL);
  gtk_editable_set_text (GTK_EDITABLE (self->client_secret_row), LIM_SANDBOX_DEFAULT_CLIENT_SECRET);
  gtk_editable_set_text (GTK_EDITABLE (self->admin_password_row), LIM_SANDBOX_DEFAULT_ADMIN_PASSWORD);
  adw_combo_row_set_selected (self->auth_row, 0);
  /* A sandbox is for trying things: not protected. */
  gtk_switch_set_active (self->protected_switch, FALSE);
}

static void
set_test_result (LimTenantEditor *self,
                 const char      *text)
{
  g_free (self->test_result);
  self->test_result = g_strdup (text);
  adw_action_row_set_subtitle (self->test_row, text);
}

static void
on_test_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  TestData *data = user_data;
  LimTenantEditor *self = data->self;
  g_autoptr(LimTenantStatus) status = lim_workspace_read_status_finish (LIM_WORKSPACE (source), result);

  if (!g_cancellable_is_cancelled (self->cancellable))
    {
      g_autofree char *label = lim_tenant_status_label (status);
      g_autofree char *text = NULL;

      if (status->message != NULL && status->message[0] != '\0')
        /* Translators: a status ("Sign-in failed"), a new line, then why */
        text = g_strdup_printf (_("%s\n%s"), label, status->message);
      else if (status->revision != NULL)
        /* Translators: a status ("Up to date"), then a revision id */
        text = g_strdup_printf (_("%s, at revision %s"), label, status->revision);
      else
        text = g_strdup (label);

      set_test_result (self, text);
      gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), FALSE);
      gtk_spinner_set_spinning (self->test_spinner, FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.test-connection", TRUE);
    }

  test_data_free (data);
}

static void
test_connection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  LimTenantEditor *self = LIM_TENANT_EDITOR (widget);
  g_autoptr(LimTenant) tenant = NULL;
  g_autoptr(GError) error = NULL;
  TestData *data;
  const char *secret;

  if (self->workspace == NULL)
    {
      set_test_result (self, _("Open a project to test a connection"));
      return;
    }

  tenant = build_tenant (self, &error);
  if (tenant == NULL)
    {
      set_test_result (self, error->message);
      return;
    }

  data = g_new0 (TestData, 1);
  data->self = g_object_ref (self);
  /* A workspace of its own: the secrets typed in the form, then the
   * process environment. */
  data->workspace = lim_workspace_new (lim_workspace_get_project (self->workspace), &error);
  if (data->workspace == NULL)
    {
      set_test_result (self, error->message);
      test_data_free (data);
      return;
    }
  lim_workspace_set_env_func (data->workspace, test_env_lookup, data);
  data->names[0] = lim_tenant_get_env_var (tenant, LIM_TENANT_SECRET_CLIENT_SECRET);
  data->names[1] = lim_tenant_get_env_var (tenant, LIM_TENANT_SECRET_ADMIN_PASSWORD);
  secret = gtk_editable_get_text (GTK_EDITABLE (self->client_secret_row));
  data->values[0] = secret[0] != '\0' ? g_strdup (secret) : NULL;
  secret = gtk_editable_get_text (GTK_EDITABLE (self->admin_password_row));
  data->values[1] = secret[0] != '\0' ? g_strdup (secret) : NULL;

  set_test_result (self, _("Connecting…"));
  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), TRUE);
  gtk_spinner_set_spinning (self->test_spinner, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.test-connection", FALSE);

  lim_workspace_read_status_async (data->workspace, tenant,
                                   LIM_WORKSPACE_READ_INTERACTIVE,
                                   self->cancellable,
                                   on_test_read_cb, data);
}

static void
load_tenant (LimTenantEditor *self)
{
  LimTenant *tenant = self->tenant;

  if (tenant == NULL)
    {
      adw_window_title_set_title (self->window_title, _("Add Tenant"));
      on_form_changed_cb (self);
      return;
    }

  adw_window_title_set_title (self->window_title, _("Edit Tenant"));
  adw_window_title_set_subtitle (self->window_title, lim_tenant_get_alias (tenant));

  gtk_editable_set_text (GTK_EDITABLE (self->alias_row), lim_tenant_get_alias (tenant));
  gtk_editable_set_text (GTK_EDITABLE (self->tenant_name_row), lim_tenant_get_tenant_name (tenant));
  if (lim_tenant_get_url_override (tenant) != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->url_row), lim_tenant_get_url_override (tenant));
  if (lim_tenant_get_client_id (tenant) != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->client_id_row), lim_tenant_get_client_id (tenant));
  if (lim_tenant_get_admin_email (tenant) != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->admin_email_row), lim_tenant_get_admin_email (tenant));
  adw_combo_row_set_selected (self->auth_row, position_of_auth (lim_tenant_get_auth (tenant)));
  gtk_switch_set_active (self->protected_switch, lim_tenant_get_protected (tenant));
  gtk_switch_set_active (self->warehouse_switch,
                         lim_tenant_get_schemas_enable_change_warehouse_name (tenant));
  gtk_switch_set_active (self->fieldsets_switch, lim_tenant_get_fieldsets (tenant));
  gtk_switch_set_active (self->insecure_switch, lim_tenant_get_allow_insecure (tenant));
  on_form_changed_cb (self);
}

GtkWidget *
lim_tenant_editor_new (LimWorkspace *workspace,
                       LimTenant    *tenant)
{
  LimTenantEditor *self;

  g_return_val_if_fail (LIM_IS_WORKSPACE (workspace), NULL);

  self = g_object_new (LIM_TYPE_TENANT_EDITOR, NULL);
  self->workspace = g_object_ref (workspace);
  self->config_dir = g_strdup (lim_workspace_get_secrets_dir (workspace));
  self->tenant = tenant != NULL ? lim_tenant_ref (tenant) : NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.use-sandbox", FALSE);
  load_tenant (self);

  return GTK_WIDGET (self);
}

void
lim_tenant_editor_set_sandbox_url_func (LimTenantEditor  *self,
                                        LimSandboxUrlFunc func,
                                        gpointer          user_data,
                                        GDestroyNotify    destroy)
{
  g_return_if_fail (LIM_IS_TENANT_EDITOR (self));

  if (self->sandbox_url_destroy != NULL)
    self->sandbox_url_destroy (self->sandbox_url_data);
  self->sandbox_url_func = func;
  self->sandbox_url_data = user_data;
  self->sandbox_url_destroy = destroy;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.use-sandbox", func != NULL);
}

static void
lim_tenant_editor_dispose (GObject *object)
{
  LimTenantEditor *self = LIM_TENANT_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), LIM_TYPE_TENANT_EDITOR);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_first_child (GTK_WIDGET (self)))
    gtk_widget_unparent (child);
  if (self->sandbox_url_destroy != NULL)
    self->sandbox_url_destroy (self->sandbox_url_data);
  self->sandbox_url_destroy = NULL;
  self->sandbox_url_func = NULL;
  g_clear_object (&self->workspace);
  g_clear_pointer (&self->tenant, lim_tenant_unref);

  G_OBJECT_CLASS (lim_tenant_editor_parent_class)->dispose (object);
}

static void
lim_tenant_editor_finalize (GObject *object)
{
  LimTenantEditor *self = LIM_TENANT_EDITOR (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->config_dir, g_free);
  g_clear_pointer (&self->test_result, g_free);

  G_OBJECT_CLASS (lim_tenant_editor_parent_class)->finalize (object);
}

static void
lim_tenant_editor_class_init (LimTenantEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lim_tenant_editor_dispose;
  object_class->finalize = lim_tenant_editor_finalize;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[CANCELLED] = g_signal_new ("cancelled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/liminal_desktop/Liminal/lim-tenant-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, LimTenantEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, LimTenantEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, LimTenantEditor, alias_row);
  gtk_widget_class_bind_template_child (widget_class, LimTenantEditor, tenant_name_row);
  gtk_widget_class_bind_template_child (widget_class, LimTenantEditor, url_row);
  gtk_widget_class_bind_template_child (widget_class, LimTenantEditor, client_id_row);
  gtk_widget_class_bind_template_child (widget_class, LimTenantEditor, admin_email_row);
  gtk_widget_class_bind_template_child (widget_class, LimTenantEditor, auth_row);
  gtk_widget_class_bind_template_child (widget_class, LimTenantEditor, client_secret_row);
  gtk_widget_class_bind_template_child (widget_class, LimTenantEditor, admin_password_row);
  gtk_widget_class_bind_template_child (widget_class, LimTenantEditor, protected_switch);
  gtk_widget_class_bind_template_child (widget_class, LimTenantEditor, warehouse_switch);
  gtk_widget_class_bind_template_child (widget_class, LimTenantEditor, fieldsets_switch);
  gtk_widget_class_bind_template_child (widget_class, LimTenantEditor, insecure_switch);
  gtk_widget_class_bind_template_child (widget_class, LimTenantEditor, test_row);
  gtk_widget_class_bind_template_child (widget_class, LimTenantEditor, test_spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_form_changed_cb);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "editor.use-sandbox", NULL, use_sandbox_action);
  gtk_widget_class_install_action (widget_class, "editor.test-connection", NULL, test_connection_action);
}

/* The admin e-mail and password sign in with a password only. */
static void
on_auth_notify_cb (LimTenantEditor *self)
{
  gboolean password = auth_for_position (adw_combo_row_get_selected (self->auth_row)) == LIM_TENANT_AUTH_PASSWORD;

  gtk_widget_set_visible (GTK_WIDGET (self->admin_email_row), password);
  gtk_widget_set_visible (GTK_WIDGET (self->admin_password_row), password);
}

static void
lim_tenant_editor_init (LimTenantEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (self->protected_switch, "notify::active",
                           G_CALLBACK (on_protected_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->auth_row, "notify::selected",
                           G_CALLBACK (on_auth_notify_cb), self, G_CONNECT_SWAPPED);
  on_auth_notify_cb (self);
}
