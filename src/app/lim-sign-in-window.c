/* lim-sign-in-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "lim-sign-in-window.h"

/* The tenant's cookie that carries its web session. */
#define SESSION_COOKIE "session"
/* The identity provider's (and any other site's) persistent cookies. */
#define COOKIES_FILE "cookies.txt"

/* The CSRF token of a signed-in Benchling page: the hidden form field, or
 * the meta tag. */
static const char csrf_script[] =
  "(function () {\n"
  "  var input = document.getElementById('csrf_token');\n"
  "  if (input && input.value)\n"
  "    return input.value;\n"
  "  var meta = document.querySelector('meta[name=\"csrf-token\"]');\n"
  "  return meta && meta.getAttribute('content') ? meta.getAttribute('content') : null;\n"
  "})()";

struct _LimSignInWindow
{
  AdwWindow parent_instance;

  /* Owned References */
  LimTenant            *tenant;
  GUri                 *base_uri;
  char                 *data_dir;
  WebKitNetworkSession *session;
  GTask                *task;         /* until answered */
  GCancellable         *cancellable;  /* our own cookie and script calls */
  GCancellable         *caller_cancellable;
  gulong                caller_cancelled_id;
  guint                 serial;       /* of the page being looked at */

  /* Template Widgets */
  AdwWindowTitle *window_title;
  GtkLabel       *reason_label;
  GtkSpinner     *spinner;
  GtkWidget      *view_box;
  WebKitWebView  *web_view;
};

G_DEFINE_FINAL_TYPE (LimSignInWindow, lim_sign_in_window, ADW_TYPE_WINDOW)

/* ------------------------------------------------------------ website data */

char *
lim_sign_in_window_dup_data_dir (LimTenant *tenant)
{
  g_autofree char *identity = NULL;
  g_autofree char *hash = NULL;

  g_return_val_if_fail (tenant != NULL, NULL);

  /* The keyring's identity of a tenant: its base URL and client id. */
  identity = g_strdup_printf ("%s\n%s", lim_tenant_get_base_url (tenant),
                              lim_tenant_get_client_id (tenant) != NULL ? lim_tenant_get_client_id (tenant) : "");
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, identity, -1);
  hash[32] = '\0';

  return g_build_filename (g_get_user_data_dir (), "liminal-desktop", "web", hash, NULL);
}

/* One network session per website-data folder for the life of the process:
 * two at once on one folder would fight over it. */
static WebKitNetworkSession *
network_session_for (const char *data_dir)
{
  static GHashTable *sessions;
  WebKitNetworkSession *session;

  if (sessions == NULL)
    sessions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  session = g_hash_table_lookup (sessions, data_dir);
  if (session == NULL)
    {
      g_autofree char *cache_dir = g_build_filename (data_dir, "cache", NULL);

      g_mkdir_with_parents (data_dir, 0700);
      session = webkit_network_session_new (data_dir, cache_dir);
      g_hash_table_insert (sessions, g_strdup (data_dir), session);
    }

  return session;
}

static gboolean
is_tenant_session (LimSignInWindow *self,
                   SoupCookie      *cookie)
{
  return g_strcmp0 (soup_cookie_get_name (cookie), SESSION_COOKIE) == 0 &&
         soup_cookie_domain_matches (cookie, g_uri_get_host (self->base_uri));
}

/* Keeps the persistent cookies of every site but the tenant's session,
 * for a returning person: the identity provider may remember them. */
static void
save_cookies (LimSignInWindow *self,
              GList           *cookies,
              const char      *session_value)
{
  g_autofree char *path = g_build_filename (self->data_dir, COOKIES_FILE, NULL);
  g_autoptr(SoupCookieJar) jar = NULL;

  g_unlink (path);
  g_mkdir_with_parents (self->data_dir, 0700);
  jar = soup_cookie_jar_text_new (path, FALSE);
  for (GList *l = cookies; l != NULL; l = l->next)
    {
      SoupCookie *cookie = l->data;

      if (soup_cookie_get_expires (cookie) == NULL || is_tenant_session (self, cookie) ||
          g_strcmp0 (soup_cookie_get_value (cookie), session_value) == 0)
        continue;
      soup_cookie_jar_add_cookie (jar, soup_cookie_copy (cookie));
    }
  g_clear_object (&jar);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    g_chmod (path, 0600);
}

/* ------------------------------------------------------------ answering */

static void
answer (LimSignInWindow *self,
        LimSession      *session,
        GError          *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  if (task == NULL)
    {
      g_clear_pointer (&session, lim_session_free);
      g_clear_error (&error);
      return;
    }
  g_cancellable_cancel (self->cancellable);
  if (session != NULL)
    g_task_return_pointer (task, session, (GDestroyNotify) lim_session_free);
  else
    g_task_return_error (task, error);
}

static void
answer_cancelled (LimSignInWindow *self)
{
  answer (self, NULL, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Sign-in cancelled")));
}

static gboolean
destroy_cb (gpointer data)
{
  gtk_window_destroy (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

static void
on_caller_cancelled_cb (GCancellable *cancellable,
                        gpointer      data)
{
  /* May run in the thread that cancelled: close from the main loop. */
  g_idle_add_full (G_PRIORITY_DEFAULT, destroy_cb, g_object_ref (data), g_object_unref);
}

/* ------------------------------------------------------------ looking at a page */

typedef struct
{
  LimSignInWindow *self;
  guint            serial;
  char            *csrf_token;
} Look;

static void
look_free (Look *look)
{
  g_object_unref (look->self);
  if (look->csrf_token != NULL)
    memset (look->csrf_token, 0, strlen (look->csrf_token));
  g_free (look->csrf_token);
  g_free (look);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Look, look_free)

static void
on_cookie_deleted_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  webkit_cookie_manager_delete_cookie_finish (WEBKIT_COOKIE_MANAGER (source), result, NULL);
}

static void
on_cookies_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Look) look = user_data;
  LimSignInWindow *self = look->self;
  WebKitCookieManager *manager = WEBKIT_COOKIE_MANAGER (source);
  GList *cookies = webkit_cookie_manager_get_all_cookies_finish (manager, result, NULL);
  SoupCookie *session_cookie = NULL;
  gint64 expires_at = 0;

  if (self->task == NULL || look->serial != self->serial)
    {
      g_list_free_full (cookies, (GDestroyNotify) soup_cookie_free);
      return;
    }

  for (GList *l = cookies; l != NULL && session_cookie == NULL; l = l->next)
    if (is_tenant_session (self, l->data) && soup_cookie_get_value (l->data)[0] != '\0')
      session_cookie = l->data;
  if (session_cookie == NULL)
    {
      g_list_free_full (cookies, (GDestroyNotify) soup_cookie_free);
      return;
    }

  if (soup_cookie_get_expires (session_cookie) != NULL)
    expires_at = g_date_time_to_unix (soup_cookie_get_expires (session_cookie));
  save_cookies (self, cookies, soup_cookie_get_value (session_cookie));
  /* The engine keeps the session from now on (in the keyring); the web
   * view's copy goes, so that a later sign-in starts afresh. */
  webkit_cookie_manager_delete_cookie (manager, session_cookie, NULL, on_cookie_deleted_cb, NULL);
  answer (self, lim_session_new (soup_cookie_get_value (session_cookie), look->csrf_token, expires_at), NULL);
  g_list_free_full (cookies, (GDestroyNotify) soup_cookie_free);
  g_idle_add_full (G_PRIORITY_DEFAULT, destroy_cb, g_object_ref (self), g_object_unref);
}

static void
on_csrf_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Look) look = user_data;
  LimSignInWindow *self = look->self;
  g_autoptr(JSCValue) value = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (source), result, NULL);
  WebKitCookieManager *manager;

  if (value == NULL || !jsc_value_is_string (value) || self->task == NULL || look->serial != self->serial)
    return;
  look->csrf_token = jsc_value_to_string (value);
  if (look->csrf_token[0] == '\0')
    return;

  manager = webkit_network_session_get_cookie_manager (self->session);
  webkit_cookie_manager_get_all_cookies (manager, self->cancellable, on_cookies_cb, g_steal_pointer (&look));
}

/* A page of the tenant's own origin that is neither the sign-in page nor
 * the SAML exchange: the person may be signed in. */
static gboolean
is_signed_in_page (LimSignInWindow *self,
                   const char      *uri)
{
  g_autoptr(GUri) page = uri != NULL ? g_uri_parse (uri, G_URI_FLAGS_NONE, NULL) : NULL;
  const char *path;

  if (page == NULL ||
      g_ascii_strcasecmp (g_uri_get_scheme (page), g_uri_get_scheme (self->base_uri)) != 0 ||
      g_ascii_strcasecmp (g_uri_get_host (page), g_uri_get_host (self->base_uri)) != 0 ||
      g_uri_get_port (page) != g_uri_get_port (self->base_uri))
    return FALSE;

  path = g_uri_get_path (page);
  return !(g_str_equal (path, "/signin") || g_str_has_prefix (path, "/signin/") ||
           g_str_has_prefix (path, "/ext/saml/"));
}

static void
on_load_changed_cb (WebKitWebView   *web_view,
                    WebKitLoadEvent  event,
                    LimSignInWindow *self)
{
  Look *look;

  gtk_spinner_set_spinning (self->spinner, event != WEBKIT_LOAD_FINISHED);
  if (event != WEBKIT_LOAD_FINISHED)
    return;

  self->serial++;
  if (self->task == NULL || !is_signed_in_page (self, webkit_web_view_get_uri (web_view)))
    return;

  look = g_new0 (Look, 1);
  look->self = g_object_ref (self);
  look->serial = self->serial;
  webkit_web_view_evaluate_javascript (web_view, csrf_script, -1, "liminal-sign-in", NULL, self->cancellable,
                                       on_csrf_cb, look);
}

/* ------------------------------------------------------------ opening */

static void
load_sign_in_page (LimSignInWindow *self)
{
  g_autofree char *base = g_uri_to_string (self->base_uri);
  g_autofree char *url = NULL;

  while (g_str_has_suffix (base, "/"))
    base[strlen (base) - 1] = '\0';
  url = g_strconcat (base, "/signin", NULL);
  webkit_web_view_load_uri (self->web_view, url);
}

static void
on_cookies_restored_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(LimSignInWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!webkit_cookie_manager_replace_cookies_finish (WEBKIT_COOKIE_MANAGER (source), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    g_debug ("Could not restore the sign-in cookies: %s", error->message);
  load_sign_in_page (self);
}

/* The cookies kept by an earlier sign-in, then the sign-in page. */
static void
restore_cookies_and_load (LimSignInWindow *self)
{
  g_autofree char *path = g_build_filename (self->data_dir, COOKIES_FILE, NULL);
  g_autoptr(SoupCookieJar) jar = NULL;
  GSList *saved;
  GList *cookies = NULL;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      load_sign_in_page (self);
      return;
    }

  jar = soup_cookie_jar_text_new (path, TRUE);
  saved = soup_cookie_jar_all_cookies (jar);
  for (GSList *l = saved; l != NULL; l = l->next)
    cookies = g_list_prepend (cookies, l->data);
  g_slist_free (saved);
  webkit_cookie_manager_replace_cookies (webkit_network_session_get_cookie_manager (self->session), cookies,
                                         self->cancellable, on_cookies_restored_cb, g_object_ref (self));
  g_list_free_full (cookies, (GDestroyNotify) soup_cookie_free);
}

static void
set_tenant (LimSignInWindow *self,
            LimTenant       *tenant,
            LimSignInReason  reason)
{
  const char *alias = lim_tenant_get_alias (tenant);
  g_autofree char *title = NULL;
  g_autofree char *reason_text = NULL;

  self->tenant = lim_tenant_ref (tenant);
  self->base_uri = g_uri_parse (lim_tenant_get_base_url (tenant), G_URI_FLAGS_NONE, NULL);
  self->data_dir = lim_sign_in_window_dup_data_dir (tenant);
  self->session = g_object_ref (network_session_for (self->data_dir));
  /* A tenant the engine reaches with allow-insecure (a self-signed
   * certificate on a test server) opens in the web view too. */
  webkit_network_session_set_tls_errors_policy (self->session, lim_tenant_get_allow_insecure (tenant)
                                                ? WEBKIT_TLS_ERRORS_POLICY_IGNORE : WEBKIT_TLS_ERRORS_POLICY_FAIL);

  /* Translators: %s is a tenant's alias */
  title = g_strdup_printf (_("Sign In to %s"), alias);
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);
  if (self->base_uri != NULL && g_uri_get_port (self->base_uri) != -1)
    {
      g_autofree char *host = g_strdup_printf ("%s:%d", g_uri_get_host (self->base_uri),
                                               g_uri_get_port (self->base_uri));

      adw_window_title_set_subtitle (self->window_title, host);
    }
  else
    {
      adw_window_title_set_subtitle (self->window_title, self->base_uri != NULL ? g_uri_get_host (self->base_uri) : "");
    }

  if (reason == LIM_SIGN_IN_REASON_EXPIRED)
    /* Translators: %s is a tenant's alias */
    reason_text = g_strdup_printf (_("The session with %s has ended. Sign in again and the run goes on where it "
                                     "paused."), alias);
  else
    /* Translators: %s is a tenant's alias */
    reason_text = g_strdup_printf (_("%s signs in through your organization's single sign-on. Sign in below; "
                                     "the window closes by itself once you are in."), alias);
  gtk_label_set_text (self->reason_label, reason_text);

  self->web_view = g_object_new (WEBKIT_TYPE_WEB_VIEW, "network-session", self->session, NULL);
  gtk_widget_set_hexpand (GTK_WIDGET (self->web_view), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self->web_view), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->web_view), "sign-in-web-view");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->web_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Sign-in page"),
                                  -1);
  gtk_box_append (GTK_BOX (self->view_box), GTK_WIDGET (self->web_view));
  g_signal_connect_object (self->web_view, "load-changed", G_CALLBACK (on_load_changed_cb), self, 0);
}

LimSignInWindow *
lim_sign_in_window_run_async (GtkWindow          *parent,
                              LimTenant          *tenant,
                              LimSignInReason     reason,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  LimSignInWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (tenant != NULL, NULL);

  self = g_object_new (LIM_TYPE_SIGN_IN_WINDOW,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
  self->task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, lim_sign_in_window_run_async);
  set_tenant (self, tenant, reason);

  if (self->base_uri == NULL)
    {
      /* Translators: %s is a tenant's alias */
      answer (self, NULL, g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("%s has no valid address"),
                                       lim_tenant_get_alias (tenant)));
      gtk_window_destroy (GTK_WINDOW (self));
      return NULL;
    }
  if (cancellable != NULL)
    {
      self->caller_cancellable = g_object_ref (cancellable);
      self->caller_cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_caller_cancelled_cb), self, NULL);
    }

  restore_cookies_and_load (self);
  gtk_window_present (GTK_WINDOW (self));

  return self;
}

LimSession *
lim_sign_in_window_run_finish (GAsyncResult *result,
                               GError      **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lim_sign_in_window_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

LimTenant *
lim_sign_in_window_get_tenant (LimSignInWindow *self)
{
  g_return_val_if_fail (LIM_IS_SIGN_IN_WINDOW (self), NULL);

  return self->tenant;
}

WebKitWebView *
lim_sign_in_window_get_web_view (LimSignInWindow *self)
{
  g_return_val_if_fail (LIM_IS_SIGN_IN_WINDOW (self), NULL);

  return self->web_view;
}

/* ------------------------------------------------------------ class */

static gboolean
lim_sign_in_window_close_request (GtkWindow *window)
{
  answer_cancelled (LIM_SIGN_IN_WINDOW (window));

  return GTK_WINDOW_CLASS (lim_sign_in_window_parent_class)->close_request (window);
}

static void
lim_sign_in_window_dispose (GObject *object)
{
  LimSignInWindow *self = LIM_SIGN_IN_WINDOW (object);

  answer_cancelled (self);
  if (self->caller_cancellable != NULL)
    g_cancellable_disconnect (self->caller_cancellable, self->caller_cancelled_id);
  self->caller_cancelled_id = 0;
  g_clear_object (&self->caller_cancellable);
  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), LIM_TYPE_SIGN_IN_WINDOW);
  self->web_view = NULL;

  G_OBJECT_CLASS (lim_sign_in_window_parent_class)->dispose (object);
}

static void
lim_sign_in_window_finalize (GObject *object)
{
  LimSignInWindow *self = LIM_SIGN_IN_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_pointer (&self->base_uri, g_uri_unref);
  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->tenant, lim_tenant_unref);

  G_OBJECT_CLASS (lim_sign_in_window_parent_class)->finalize (object);
}

static void
lim_sign_in_window_class_init (LimSignInWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = lim_sign_in_window_dispose;
  object_class->finalize = lim_sign_in_window_finalize;
  window_class->close_request = lim_sign_in_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/liminal_desktop/Liminal/lim-sign-in-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LimSignInWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, LimSignInWindow, reason_label);
  gtk_widget_class_bind_template_child (widget_class, LimSignInWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, LimSignInWindow, view_box);
}

static void
lim_sign_in_window_init (LimSignInWindow *self)
{
  static gsize cache_model_set;

  /* No disk cache: a signed-in page carries the CSRF token. */
  if (g_once_init_enter (&cache_model_set))
    {
      webkit_web_context_set_cache_model (webkit_web_context_get_default (), WEBKIT_CACHE_MODEL_DOCUMENT_VIEWER);
      g_once_init_leave (&cache_model_set, 1);
    }

  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
