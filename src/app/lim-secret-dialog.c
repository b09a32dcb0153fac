/* lim-secret-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lim-keyring.h"
#include "lim-question.h"
#include "lim-secret-dialog.h"

typedef struct
{
  LimTenant *tenant;
  GtkWidget *rows[LIM_TENANT_N_SECRETS];   /* weak: the dialog's password rows */
  guint      pending;
  GError    *error;
} EnterSecret;

static void
enter_secret_free (EnterSecret *e)
{
  g_clear_pointer (&e->tenant, lim_tenant_unref);
  for (guint kind = 0; kind < LIM_TENANT_N_SECRETS; kind++)
    g_clear_weak_pointer (&e->rows[kind]);
  g_clear_error (&e->error);
  g_free (e);
}

/* The kinds a tenant signing in as @tenant does needs: the client secret,
 * and the admin password for the internal API's password sign-in. */
static gboolean
needs (LimTenant          *tenant,
       LimTenantSecretKind kind)
{
  if (kind == LIM_TENANT_SECRET_CLIENT_SECRET)
    return TRUE;
  return kind == LIM_TENANT_SECRET_ADMIN_PASSWORD && lim_tenant_get_auth (tenant) == LIM_TENANT_AUTH_PASSWORD;
}

/* Takes @task; answers once the last store is done. */
static void
store_done (GTask  *task,
            GError *error)
{
  EnterSecret *e = g_task_get_task_data (task);

  if (error != NULL && e->error == NULL)
    e->error = error;
  else if (error != NULL)
    g_error_free (error);
  if (--e->pending > 0)
    {
      g_object_unref (task);
      return;
    }
  if (e->error != NULL)
    g_task_return_error (task, g_steal_pointer (&e->error));
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
on_stored_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GError *error = NULL;

  lim_tenant_keyring_store_finish (result, &error);
  store_done (user_data, error);
}

static void
on_row_changed_cb (GtkEditable      *row,
                   AdwMessageDialog *dialog)
{
  EnterSecret *e = g_object_get_data (G_OBJECT (dialog), "lim-enter-secret");
  gboolean any = FALSE;

  for (guint kind = 0; kind < LIM_TENANT_N_SECRETS; kind++)
    any |= e->rows[kind] != NULL && gtk_editable_get_text (GTK_EDITABLE (e->rows[kind]))[0] != '\0';
  adw_message_dialog_set_response_enabled (dialog, "save", any);
}

static void
on_answer (GTask      *task,
           const char *response)
{
  EnterSecret *e = g_task_get_task_data (task);

  for (guint kind = 0; kind < LIM_TENANT_N_SECRETS; kind++)
    if (e->rows[kind] != NULL)
      g_signal_handlers_disconnect_matched (e->rows[kind], G_SIGNAL_MATCH_FUNC, 0, 0, NULL, on_row_changed_cb, NULL);
  if (g_strcmp0 (response, "save") != 0)
    {
      g_task_return_boolean (task, FALSE);
      return;
    }

  e->pending = 1;   /* held until every store has started */
  for (guint kind = 0; kind < LIM_TENANT_N_SECRETS; kind++)
    {
      const char *secret;

      if (e->rows[kind] == NULL)
        continue;
      secret = gtk_editable_get_text (GTK_EDITABLE (e->rows[kind]));
      if (secret[0] == '\0')
        continue;
      e->pending++;
      lim_tenant_keyring_store (e->tenant, kind, secret, g_task_get_cancellable (task), on_stored_cb,
                                g_object_ref (task));
      gtk_editable_set_text (GTK_EDITABLE (e->rows[kind]), "");
    }
  store_done (g_object_ref (task), NULL);
}

static void
on_response_cb (AdwMessageDialog *dialog,
                const char       *response,
                gpointer          user_data)
{
  lim_question_close_soon (dialog);
}

static void
save_if_enabled (gpointer data)
{
  GWeakRef *ref = data;
  g_autoptr(AdwMessageDialog) dialog = g_weak_ref_get (ref);

  if (dialog != NULL && gtk_widget_get_visible (GTK_WIDGET (dialog)) &&
      adw_message_dialog_get_response_enabled (dialog, "save"))
    adw_message_dialog_response (dialog, "save");
  g_weak_ref_clear (ref);
  g_free (ref);
}

/* Enter in a row saves: from an idle, as the answer closes the dialog and
 * the row must not go while it still handles the key. */
static void
on_entry_activated_cb (AdwEntryRow      *row,
                       AdwMessageDialog *dialog)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, dialog);
  g_idle_add_once (save_if_enabled, ref);
}

AdwMessageDialog *
lim_secret_dialog_run_async (GtkWindow          *parent,
                             LimTenant          *tenant,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *list;
  GtkWidget *first = NULL;
  EnterSecret *e;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (tenant != NULL, NULL);

  /* Translators: a tenant alias */
  heading = g_strdup_printf (_("Secrets of %s"), lim_tenant_get_alias (tenant));
  if (needs (tenant, LIM_TENANT_SECRET_ADMIN_PASSWORD))
    /* Translators: a tenant alias, its Benchling address, then an email address */
    body = g_strdup_printf (_("%s (%s) needs its API client secret and the password of %s, who signs in to "
                              "the internal API. They are kept in the desktop keyring, never in the project's files."),
                            lim_tenant_get_alias (tenant), lim_tenant_get_base_url (tenant),
                            lim_tenant_get_admin_email (tenant) != NULL ? lim_tenant_get_admin_email (tenant) :
                            _("the admin"));
  else
    {
      g_autofree char *session = lim_tenant_get_env_var (tenant, LIM_TENANT_SECRET_SESSION);
      g_autofree char *csrf = lim_tenant_get_env_var (tenant, LIM_TENANT_SECRET_CSRF);

      /* Translators: a tenant alias, its Benchling address, then two environment variable names */
      body = g_strdup_printf (_("%s (%s) needs its API client secret. It is kept in the desktop keyring, never "
                                "in the project's files. Its browser session is read from %s and %s."),
                              lim_tenant_get_alias (tenant), lim_tenant_get_base_url (tenant), session, csrf);
    }
  dialog = lim_question_new (parent, heading, body, "secret-dialog", "save", _("_Save"), ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (dialog, "save", FALSE);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, lim_secret_dialog_run_async);
  e = g_new0 (EnterSecret, 1);
  e->tenant = lim_tenant_ref (tenant);
  g_task_set_task_data (task, e, (GDestroyNotify) enter_secret_free);
  g_object_set_data (G_OBJECT (dialog), "lim-enter-secret", e);

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  for (guint kind = 0; kind < LIM_TENANT_N_SECRETS; kind++)
    {
      static const char *const classes[LIM_TENANT_N_SECRETS] = { "client-secret", "admin-password", NULL, NULL };
      const char *title;
      GtkWidget *row;

      if (!needs (tenant, kind))
        continue;
      title = kind == LIM_TENANT_SECRET_CLIENT_SECRET ? _("Client Secret") : _("Admin Password");
      row = adw_password_entry_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      g_signal_connect (row, "entry-activated", G_CALLBACK (on_entry_activated_cb), dialog);
      gtk_widget_add_css_class (row, classes[kind]);
      g_signal_connect (row, "changed", G_CALLBACK (on_row_changed_cb), dialog);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
      g_set_weak_pointer (&e->rows[kind], row);
      if (first == NULL)
        first = row;
    }
  adw_message_dialog_set_extra_child (dialog, list);

  g_signal_connect (dialog, "response", G_CALLBACK (on_response_cb), NULL);
  lim_question_connect (dialog, task, on_answer);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (first);

  return dialog;
}

gboolean
lim_secret_dialog_run_finish (GAsyncResult *result,
                              GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lim_secret_dialog_run_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
