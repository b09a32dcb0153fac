/* test-sign-in.c — single sign-on through the sign-in window's web view,
 * against the sandbox's SSO tenant and its identity provider: the form
 * filled by script injection, the code step, a cancel, a returning person
 * whom the identity provider remembers, and the session never written to a
 * file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>
#include <sys/wait.h>

#include "gui-test-util.h"
#include "lim-keyring.h"
#include "lim-preferences-window.h"
#include "lim-tenant-editor.h"
#include "lim-sign-in-window.h"

/* How long a screenshot waits after the draw. */
#define SCREENSHOT_SETTLE_MS 800
#define SESSION_LIFETIME_S   1800

typedef struct
{
  LimSandbox *sb;
  LimTenant  *tenant;
  char       *base;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->sb = lim_sandbox_new (NULL, "empty", &error);
  g_assert_no_error (error);
  lim_sandbox_set_sso_enabled (fx->sb, TRUE);
  lim_sandbox_set_session_lifetime (fx->sb, SESSION_LIFETIME_S);
  lim_sandbox_start (fx->sb, 0, &error);
  g_assert_no_error (error);
  fx->base = lim_sandbox_get_base_url (fx->sb);
  fx->tenant = lim_tenant_new ("corp", "corp");
  lim_tenant_set_url_override (fx->tenant, fx->base);
  lim_tenant_set_client_id (fx->tenant, LIM_SANDBOX_DEFAULT_CLIENT_ID);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  g_clear_pointer (&fx->tenant, lim_tenant_unref);
  g_clear_pointer (&fx->base, g_free);
  gui_test_stop_sandbox (g_steal_pointer (&fx->sb));
}

/* ------------------------------------------------------------------ */

typedef struct
{
  LimSignInWindow *window;
  GAsyncResult    *result;
  guint            loads;   /* pages the web view finished loading */
} SignIn;

static void
sign_in_clear (SignIn *s)
{
  if (s->window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (s->window), (gpointer *) &s->window);
  s->window = NULL;
  g_clear_object (&s->result);
}

static void
on_load_changed_cb (WebKitWebView   *view,
                    WebKitLoadEvent  event,
                    SignIn          *s)
{
  if (event == WEBKIT_LOAD_FINISHED)
    s->loads++;
}

/* Follows @window (a sign-in window opened by the app) in @s. */
static void
sign_in_attach (SignIn          *s,
                LimSignInWindow *window)
{
  s->window = window;
  g_object_add_weak_pointer (G_OBJECT (s->window), (gpointer *) &s->window);
  s->loads = 0;
  g_signal_connect (lim_sign_in_window_get_web_view (s->window), "load-changed", G_CALLBACK (on_load_changed_cb), s);
}

static void
sign_in_open (Fixture         *fx,
              SignIn          *s,
              LimSignInReason  reason)
{
  LimSignInWindow *window = lim_sign_in_window_run_async (NULL, fx->tenant, reason, NULL, gui_test_store_result,
                                                          &s->result);

  g_assert_nonnull (window);
  sign_in_attach (s, window);
}

static gboolean
answered (gpointer data)
{
  SignIn *s = data;

  return s->result != NULL;
}

static gboolean
result_stored (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

typedef struct
{
  SignIn     *s;
  const char *path;
  guint       loads;
} PageWait;

/* The web view finished loading a page whose path is @path, after the
 * wait began. */
static gboolean
on_page (gpointer data)
{
  PageWait *wait = data;
  WebKitWebView *view;
  g_autoptr(GUri) uri = NULL;

  if (wait->s->window == NULL || (wait->loads != G_MAXUINT && wait->s->loads <= wait->loads))
    return FALSE;
  view = lim_sign_in_window_get_web_view (wait->s->window);
  if (webkit_web_view_is_loading (view) || webkit_web_view_get_uri (view) == NULL)
    return FALSE;
  uri = g_uri_parse (webkit_web_view_get_uri (view), G_URI_FLAGS_NONE, NULL);
  return uri != NULL && g_str_equal (g_uri_get_path (uri), wait->path);
}

/* Waits for a page finished at @path after the @loads_before-th (give
 * s->loads as it was before a click; G_MAXUINT: whichever page is there). */
static void
wait_for_page_after (SignIn     *s,
                     const char *path,
                     guint       loads_before)
{
  PageWait wait = { s, path, loads_before };

  if (!gui_test_wait_until (on_page, &wait, 20000))
    g_error ("the sign-in window is not on %s but on %s", path,
             s->window != NULL ? webkit_web_view_get_uri (lim_sign_in_window_get_web_view (s->window)) : "(closed)");
}

static void
wait_for_page (SignIn     *s,
               const char *path)
{
  wait_for_page_after (s, path, G_MAXUINT);
}

/* Runs @script in the page and returns what it gave, as a string. */
static char *
run_script (SignIn     *s,
            const char *script)
{
  WebKitWebView *view = lim_sign_in_window_get_web_view (s->window);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JSCValue) value = NULL;
  g_autoptr(GError) error = NULL;

  webkit_web_view_evaluate_javascript (view, script, -1, NULL, NULL, NULL, gui_test_store_result, &result);
  g_assert_true (gui_test_wait_until (result_stored, &result, 10000));
  value = webkit_web_view_evaluate_javascript_finish (view, result, &error);
  g_assert_no_error (error);
  return jsc_value_to_string (value);
}

/* Types the identity provider's user and password as a person would, and
 * presses its button. */
static guint
fill_idp_form (SignIn     *s,
               const char *password,
               gboolean    remember)
{
  guint before = s->loads;
  g_autofree char *script = g_strdup_printf (
    "document.getElementById('username').value = '%s';\n"
    "document.getElementById('password').value = '%s';\n"
    "document.getElementById('remember').checked = %s;\n"
    "document.getElementById('submit').click();\n"
    "'submitted'",
    LIM_SANDBOX_DEFAULT_SSO_USER, password, remember ? "true" : "false");
  g_autofree char *out = run_script (s, script);

  g_assert_cmpstr (out, ==, "submitted");
  return before;
}

static LimSession *
sign_in_finish (SignIn *s)
{
  g_autoptr(GError) error = NULL;
  LimSession *session;

  g_assert_true (gui_test_wait_until (answered, s, 20000));
  session = lim_sign_in_window_run_finish (s->result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (session);
  return session;
}

static gboolean
window_gone (gpointer data)
{
  SignIn *s = data;

  return s->window == NULL;
}

static gboolean
holds (const char *haystack,
       gsize       len,
       const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; n > 0 && i + n <= len; i++)
    if (haystack[i] == needle[0] && memcmp (haystack + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

/* Whether some file under @dir holds @needle. */
static gboolean
tree_contains (const char *dir,
               const char *needle)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize len = 0;

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (tree_contains (path, needle))
            return TRUE;
          continue;
        }
      if (g_file_get_contents (path, &contents, &len, NULL) && holds (contents, len, needle))
        {
          g_test_message ("%s holds the secret", path);
          return TRUE;
        }
    }
  return FALSE;
}

/* The tenant's home page, with @session: 200 and its CSRF token. */
static void
assert_session_works (Fixture          *fx,
                      const LimSession *session)
{
  g_autoptr(SoupSession) soup = soup_session_new ();
  g_autofree char *url = g_strconcat (fx->base, "/", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autofree char *cookie = g_strdup_printf ("session=%s", session->cookie);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_set_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_headers_append (soup_message_get_request_headers (msg), "Cookie", cookie);
  /* The sandbox answers from this main loop. */
  soup_session_send_and_read_async (soup, msg, G_PRIORITY_DEFAULT, NULL, gui_test_store_result, &result);
  g_assert_true (gui_test_wait_until (result_stored, &result, 10000));
  body = soup_session_send_and_read_finish (soup, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (body, NULL), g_bytes_get_size (body), session->csrf_token));
}

/* ------------------------------------------------------------------ */

/* The sign-in page sends the web view to the identity provider; its form
 * filled and sent, the view comes back signed in and the window hands over
 * the session cookie and CSRF token, then closes. */
static void
test_idp_form (Fixture       *fx,
               gconstpointer  data)
{
  SignIn s = { 0 };
  g_autoptr(LimSession) session = NULL;
  g_autofree char *out = NULL;
  g_autofree char *web_dir = lim_sign_in_window_dup_data_dir (fx->tenant);
  gint64 now;

  sign_in_open (fx, &s, LIM_SIGN_IN_REASON_NEEDED);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (s.window)), ==, "Sign In to corp");
  wait_for_page (&s, "/_idp/login");
  gtk_window_set_default_size (GTK_WINDOW (s.window), 860, 700);
  gui_test_save_screenshot (GTK_WIDGET (s.window), "sign-in-window-idp", SCREENSHOT_SETTLE_MS);
  g_assert_null (s.result);

  /* A wrong password: the identity provider says so, the window stays. */
  wait_for_page_after (&s, "/_idp/login", fill_idp_form (&s, "not-the-password", FALSE));
  out = run_script (&s, "document.getElementById('idp-error') ? 'error shown' : 'no error'");
  g_assert_cmpstr (out, ==, "error shown");
  g_assert_null (s.result);
  g_assert_nonnull (s.window);

  now = g_get_real_time () / G_USEC_PER_SEC;
  fill_idp_form (&s, LIM_SANDBOX_DEFAULT_SSO_PASSWORD, FALSE);
  session = sign_in_finish (&s);
  g_assert_cmpuint (strlen (session->cookie), >, 8);
  g_assert_cmpuint (strlen (session->csrf_token), >, 8);
  /* The cookie's Max-Age is the session's lifetime. */
  g_assert_cmpint (session->expires_at, >=, now + SESSION_LIFETIME_S - 60);
  g_assert_cmpint (session->expires_at, <=, now + SESSION_LIFETIME_S + 60);
  g_assert_true (gui_test_wait_until (window_gone, &s, 5000));
  assert_session_works (fx, session);

  /* The session is nowhere on disk: not in the website data, not in any
   * file of the data folder. */
  g_assert_true (g_file_test (web_dir, G_FILE_TEST_IS_DIR));
  gui_test_spin (500);
  g_assert_false (tree_contains (g_get_user_data_dir (), session->cookie));
  g_assert_false (tree_contains (g_get_user_data_dir (), session->csrf_token));
  sign_in_clear (&s);
}

/* The identity provider's code step, page after page. */
static void
test_mfa (Fixture       *fx,
          gconstpointer  data)
{
  SignIn s = { 0 };
  g_autoptr(LimSession) session = NULL;
  g_autofree char *out = NULL;

  lim_sandbox_set_sso_mfa (fx->sb, LIM_SANDBOX_DEFAULT_SSO_MFA_CODE);
  sign_in_open (fx, &s, LIM_SIGN_IN_REASON_NEEDED);
  wait_for_page (&s, "/_idp/login");
  wait_for_page_after (&s, "/_idp/login", fill_idp_form (&s, LIM_SANDBOX_DEFAULT_SSO_PASSWORD, FALSE));
  out = run_script (&s, "document.getElementById('idp-mfa-form') ? 'code asked' : document.body.innerText");
  g_assert_cmpstr (out, ==, "code asked");
  g_assert_null (s.result);
  g_clear_pointer (&out, g_free);
  out = run_script (&s, "document.getElementById('code').value = '" LIM_SANDBOX_DEFAULT_SSO_MFA_CODE "';\n"
                    "document.getElementById('submit').click();\n'sent'");
  g_assert_cmpstr (out, ==, "sent");
  session = sign_in_finish (&s);
  assert_session_works (fx, session);
  sign_in_clear (&s);
}

/* Closing the window is a cancel: no session. */
static void
test_cancel (Fixture       *fx,
             gconstpointer  data)
{
  SignIn s = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(LimSession) session = NULL;

  sign_in_open (fx, &s, LIM_SIGN_IN_REASON_EXPIRED);
  wait_for_page (&s, "/_idp/login");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (s.window), "window.close", NULL));
  g_assert_true (gui_test_wait_until (answered, &s, 5000));
  session = lim_sign_in_window_run_finish (s.result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (session);
  g_assert_true (gui_test_wait_until (window_gone, &s, 5000));
  sign_in_clear (&s);
}

/* "Keep me signed in": the identity provider remembers the browser, so the
 * next sign-in goes through without its form — even once the tenant's
 * sessions have all been rejected. */
static void
test_returning (Fixture       *fx,
                gconstpointer  data)
{
  SignIn s = { 0 };
  g_autoptr(LimSession) first = NULL;
  g_autoptr(LimSession) second = NULL;
  g_autofree char *web_dir = lim_sign_in_window_dup_data_dir (fx->tenant);
  g_autofree char *cookies_path = g_build_filename (web_dir, "cookies.txt", NULL);
  g_autofree char *cookies = NULL;

  sign_in_open (fx, &s, LIM_SIGN_IN_REASON_NEEDED);
  wait_for_page (&s, "/_idp/login");
  fill_idp_form (&s, LIM_SANDBOX_DEFAULT_SSO_PASSWORD, TRUE);
  first = sign_in_finish (&s);
  g_assert_true (gui_test_wait_until (window_gone, &s, 5000));
  sign_in_clear (&s);

  /* The identity provider's cookie is kept; the tenant's session is not. */
  g_assert_true (g_file_get_contents (cookies_path, &cookies, NULL, NULL));
  g_assert_nonnull (strstr (cookies, "idp_session"));
  g_assert_null (strstr (cookies, first->cookie));

  g_assert_cmpuint (lim_sandbox_expire_sessions (fx->sb), >=, 1);
  sign_in_open (fx, &s, LIM_SIGN_IN_REASON_EXPIRED);
  second = sign_in_finish (&s);
  g_assert_cmpstr (second->cookie, !=, first->cookie);
  assert_session_works (fx, second);
  g_assert_true (gui_test_wait_until (window_gone, &s, 5000));
  sign_in_clear (&s);
}


/* ------------------------------------------------------------------ */
/* In the window: the demo's SSO tenant, a run that outlives its session,
 * and `liminal login`. */

typedef struct
{
  LimApplication *app;
  LimWindow      *window;
  char           *demo_dir;
  char           *project_dir;
  LimSandbox     *sso;   /* the SSO tenant's sandbox (owned by the test or by the demo) */
  LimSandbox     *ref;   /* a password tenant seeded the same, for comparison */
  gboolean        own_sandboxes;
  guint           expired_at_op;
} AppFixture;

static void
app_setup (AppFixture    *fx,
           gconstpointer  data)
{
  fx->app = gui_test_new_application ();
}

static void
app_teardown (AppFixture    *fx,
              gconstpointer  data)
{
  if (fx->demo_dir != NULL)
    gui_test_free_demo (g_steal_pointer (&fx->app), g_steal_pointer (&fx->demo_dir));
  else
    gui_test_free_application (g_steal_pointer (&fx->app));
  if (fx->own_sandboxes)
    {
      gui_test_stop_sandbox (g_steal_pointer (&fx->sso));
      if (fx->ref != NULL)
        gui_test_stop_sandbox (g_steal_pointer (&fx->ref));
    }
  if (fx->project_dir != NULL)
    {
      g_autofree char *parent = g_path_get_dirname (fx->project_dir);

      gui_test_remove_tree (parent);
      g_clear_pointer (&fx->project_dir, g_free);
    }
}

/* The sign-in window the app opened, or NULL. */
static LimSignInWindow *
find_sign_in_window (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (LIM_IS_SIGN_IN_WINDOW (l->data) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static gboolean
sign_in_window_shown (gpointer data)
{
  return find_sign_in_window () != NULL;
}

static gboolean
no_sign_in_window (gpointer data)
{
  return find_sign_in_window () == NULL;
}

/* The app's sign-in window: waits for it and for the identity provider's
 * form, fills it in and sends it. */
static void
sign_in_through_window (gboolean remember)
{
  SignIn s = { 0 };

  g_assert_true (gui_test_wait_until (sign_in_window_shown, NULL, 30000));
  sign_in_attach (&s, find_sign_in_window ());
  wait_for_page (&s, "/_idp/login");
  fill_idp_form (&s, LIM_SANDBOX_DEFAULT_SSO_PASSWORD, remember);
  g_assert_true (gui_test_wait_until (no_sign_in_window, NULL, 20000));
  sign_in_clear (&s);
}

/* Upgrades @alias to head from the window (@op_cb on the run's
 * "operation-state", when not NULL) and waits until it runs. */
static void
upgrade_to_head (LimWindow  *window,
                 const char *alias,
                 GCallback   op_cb,
                 gpointer    op_data)
{
  AdwMessageDialog *confirm;

  gui_test_select_tenant_page (window, alias);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.upgrade-head", NULL));
  g_assert_nonnull (lim_window_get_run_dialog (window));
  if (op_cb != NULL)
    g_signal_connect (lim_run_dialog_get_run (lim_window_get_run_dialog (window)), "operation-state", op_cb, op_data);
  confirm = gui_test_wait_for_message_dialog (window);
  adw_message_dialog_response (confirm, "run");
  /* As its button does: the dialog goes once answered. */
  gtk_window_destroy (GTK_WINDOW (confirm));
  gui_test_wait_for_run_state (window, LIM_RUN_STATE_RUNNING);
}

static void
finish_upgrade (LimWindow  *window,
                const char *alias)
{
  LimRunDialog *run = lim_window_get_run_dialog (window);

  g_assert_nonnull (run);
  g_object_add_weak_pointer (G_OBJECT (run), (gpointer *) &run);
  g_assert_true (gui_test_wait_until (gui_test_run_gone, window, 60000));
  g_assert_nonnull (run);
  g_assert_cmpint (lim_run_get_state (lim_run_dialog_get_run (run)), ==, LIM_RUN_STATE_DONE);
  g_signal_emit_by_name (gui_test_find_one (GTK_WIDGET (run), "close-button"), "clicked");
  gui_test_spin (50);
  g_assert_null (run);
  gui_test_wait_for_row_status (window, alias, "Up to date");
}

/* Whether @menu (or one of its sections) has @action for @alias. */
static gboolean
menu_offers (GMenuModel *menu,
             const char *action,
             const char *alias)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *a = NULL;
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);
      g_autoptr(GVariant) target = NULL;

      if (section != NULL && menu_offers (section, action, alias))
        return TRUE;
      if (!g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &a) || g_strcmp0 (a, action) != 0)
        continue;
      target = g_menu_model_get_item_attribute_value (menu, i, G_MENU_ATTRIBUTE_TARGET, G_VARIANT_TYPE_STRING);
      if (target != NULL && g_strcmp0 (g_variant_get_string (target, NULL), alias) == 0)
        return TRUE;
    }
  return FALSE;
}

static GMenuModel *
more_menu (LimTenantPage *page)
{
  return gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (gui_test_find_one (GTK_WIDGET (page),
                                                                             "tenant-more-button")));
}

/* The demo's staging tenant signs in through single sign-on: "Sign-in
 * needed" and a Sign In… button until someone signs in; then it reads its
 * revision and upgrades like the others. */
static void
body_demo (AppFixture *fx)
{
  LimTenantRow *row = gui_test_get_row (fx->window, "staging");
  GtkWidget *button;
  LimTenantPage *page;

  fx->demo_dir = g_strdup (lim_application_get_demo_dir (fx->app));
  g_assert_nonnull (row);
  g_assert_cmpstr (gui_test_status_text (fx->window, "staging"), ==, "Sign-in needed");
  g_assert_cmpstr (gui_test_status_text (fx->window, "test"), ==, "2 behind");
  button = gui_test_find_one (GTK_WIDGET (row), "sign-in-button");
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "win.sign-in");
  /* Only staging's row offers it. */
  g_assert_false (gtk_widget_get_visible (gui_test_find_one (GTK_WIDGET (gui_test_get_row (fx->window, "dev")),
                                                             "sign-in-button")));

  page = gui_test_select_tenant_page (fx->window, "dev");
  g_assert_false (menu_offers (more_menu (page), "win.sign-in", "dev"));
  page = gui_test_select_tenant_page (fx->window, "staging");
  /* Its More menu signs in too, whatever its state. */
  g_assert_true (menu_offers (more_menu (page), "win.sign-in", "staging"));
  g_assert_true (gtk_widget_get_visible (gui_test_find_one (GTK_WIDGET (page), "sign-in-button")));
  g_assert_false (gtk_widget_get_visible (gui_test_find_one (GTK_WIDGET (page), "upgrade-head-button")));
  gui_test_save_screenshot (GTK_WIDGET (row), "tenant-row-sign-in-needed", SCREENSHOT_SETTLE_MS);
  gui_test_save_screenshot (GTK_WIDGET (fx->window), "demo-sign-in-needed", SCREENSHOT_SETTLE_MS);

  /* The row's button opens the sign-in window over the window. */
  g_assert_true (gtk_widget_activate (button));
  g_assert_true (gui_test_wait_until (sign_in_window_shown, NULL, 10000));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (find_sign_in_window ())) == GTK_WINDOW (fx->window));
  sign_in_through_window (FALSE);

  /* Signed in: it reads where it stands, and upgrades. */
  gui_test_wait_for_row_status (fx->window, "staging", "3 behind");
  g_assert_false (gtk_widget_get_visible (button));
  upgrade_to_head (fx->window, "staging", NULL, NULL);
  finish_upgrade (fx->window, "staging");
}

static void
test_demo (AppFixture    *fx,
           gconstpointer  data)
{
  gui_test_run_in_window (fx->app, &fx->window, gui_test_open_demo, G_CALLBACK (body_demo), fx);
}

/* A project of its own: @sso (auth = sso) and, when @ref is set, a
 * password tenant seeded the same, both three revisions behind. */
static char *
seed_three_behind (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimTimeline) timeline = lim_timeline_load_dir (g_getenv ("LIMINAL_VERSIONS_DIR"), &error);
  guint n;

  g_assert_no_error (error);
  n = lim_timeline_get_n_revisions (timeline);
  return g_strdup_printf ("demo@%s", lim_revision_get_id (lim_timeline_get_nth (timeline, n - 4)));
}

static LimSandbox *
start_seeded (const char *seed,
              gboolean    sso)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimSandbox) sb = lim_sandbox_new (NULL, seed, &error);

  g_assert_no_error (error);
  lim_sandbox_set_sso_enabled (sb, sso);
  lim_sandbox_set_rate_limit (sb, 1000, 30);
  lim_sandbox_start (sb, 0, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&sb);
}

static void
make_project (AppFixture *fx,
              gboolean    with_ref)
{
  g_autofree char *seed = seed_three_behind ();
  g_autofree char *sso_url = NULL;
  g_autofree char *ini = NULL;
  g_autofree char *path = NULL;

  fx->project_dir = gui_test_make_project ();
  fx->own_sandboxes = TRUE;
  fx->sso = start_seeded (seed, TRUE);
  sso_url = lim_sandbox_get_base_url (fx->sso);
  ini = g_strdup_printf ("[corp]\ntenant-name = corp\nurl = %s\nclient-id = " LIM_SANDBOX_DEFAULT_CLIENT_ID "\n"
                         "auth = sso\n", sso_url);
  if (with_ref)
    {
      g_autofree char *ref_url = NULL;
      g_autofree char *more = NULL;

      fx->ref = start_seeded (seed, FALSE);
      ref_url = lim_sandbox_get_base_url (fx->ref);
      more = g_strdup_printf ("%s\n[ref]\ntenant-name = ref\nurl = %s\nclient-id = " LIM_SANDBOX_DEFAULT_CLIENT_ID "\n"
                              "admin-email = " LIM_SANDBOX_DEFAULT_ADMIN_EMAIL "\n", ini, ref_url);
      g_free (ini);
      ini = g_steal_pointer (&more);
    }
  path = g_build_filename (fx->project_dir, "tenants.ini", NULL);
  g_assert_true (g_file_set_contents (path, ini, -1, NULL));
}

static void
on_operation_state_cb (LimRun     *run,
                       guint       revision_index,
                       guint       operation_index,
                       int         state,
                       AppFixture *fx)
{
  /* Between two operations, every session the tenant gave is rejected
   * from now on (as when a session expires on Benchling's side). */
  if (fx->expired_at_op == 0 && state == LIM_OP_RUN_DONE)
    {
      fx->expired_at_op = operation_index;
      g_assert_cmpuint (lim_sandbox_expire_sessions (fx->sso), ==, 1);
    }
}

/* The keyring's session of @tenant, or NULL. */
static LimSession *
keyring_session (LimTenant *tenant)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  LimSession *session;

  lim_tenant_keyring_lookup_session (tenant, NULL, gui_test_store_result, &result);
  g_assert_true (gui_test_wait_until (result_stored, &result, 10000));
  session = lim_tenant_keyring_lookup_session_finish (result, &error);
  g_assert_no_error (error);
  return session;
}

static void
keyring_clear_session (LimTenant *tenant)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  lim_tenant_keyring_clear_session (tenant, NULL, gui_test_store_result, &result);
  g_assert_true (gui_test_wait_until (result_stored, &result, 10000));
  lim_tenant_keyring_clear_session_finish (result, &error);
  g_assert_no_error (error);
}

static LimTenant *
corp_tenant (AppFixture *fx)
{
  return lim_tenant_item_get_tenant (lim_tenant_row_get_item (gui_test_get_row (fx->window, "corp")));
}

static gboolean
run_goes_on (gpointer data)
{
  return !lim_run_get_waiting_for_sign_in (lim_run_dialog_get_run (data));
}

static gboolean
run_waits_for_sign_in (gpointer data)
{
  LimRunDialog *dialog = lim_window_get_run_dialog (data);

  return dialog != NULL && g_strcmp0 (lim_run_get_message (lim_run_dialog_get_run (dialog)), "Waiting for sign-in…") == 0;
}

/* A run outlives its session: it pauses at the operation boundary, the
 * sign-in window comes back, and once signed in the run goes on — every
 * operation applied once, as on a tenant whose session never ended. */
static void
body_expired_mid_run (AppFixture *fx)
{
  guint64 ref_writes, sso_writes_before, sso_writes;
  LimRunDialog *dialog;
  g_autoptr(LimSession) first = NULL;
  g_autoptr(LimSession) second = NULL;

  gui_test_open_project (fx->app, fx->window, fx->project_dir);
  gui_test_wait_for_statuses (fx->window);
  g_assert_cmpstr (gui_test_status_text (fx->window, "corp"), ==, "Sign-in needed");
  g_assert_cmpstr (gui_test_status_text (fx->window, "ref"), ==, "3 behind");

  /* The password tenant: how many writes this upgrade takes. */
  upgrade_to_head (fx->window, "ref", NULL, NULL);
  finish_upgrade (fx->window, "ref");
  ref_writes = lim_sandbox_get_write_count (fx->ref);
  g_assert_cmpuint (ref_writes, >, 2);

  /* Sign in to corp (its page's button), then upgrade it. */
  gui_test_select_tenant_page (fx->window, "corp");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.sign-in", "s", "corp"));
  sign_in_through_window (FALSE);
  gui_test_wait_for_row_status (fx->window, "corp", "3 behind");
  first = keyring_session (corp_tenant (fx));
  g_assert_nonnull (first);
  sso_writes_before = lim_sandbox_get_write_count (fx->sso);
  upgrade_to_head (fx->window, "corp", G_CALLBACK (on_operation_state_cb), fx);
  dialog = lim_window_get_run_dialog (fx->window);

  /* The session ends after the first operation: the run waits, and the
   * sign-in window comes over the run's. */
  g_assert_true (gui_test_wait_until (sign_in_window_shown, NULL, 60000));
  g_assert_true (gui_test_wait_until (run_waits_for_sign_in, fx->window, 10000));
  g_assert_true (lim_run_get_waiting_for_sign_in (lim_run_dialog_get_run (dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (find_sign_in_window ())) == GTK_WINDOW (dialog));
  g_assert_cmpuint (fx->expired_at_op, >=, 1);
  gui_test_save_screenshot (GTK_WIDGET (dialog), "run-waiting-for-sign-in", SCREENSHOT_SETTLE_MS);
  sign_in_through_window (FALSE);
  g_assert_true (gui_test_wait_until (run_goes_on, dialog, 10000));
  finish_upgrade (fx->window, "corp");

  /* The refused session left the keyring; the new one is there. */
  second = keyring_session (corp_tenant (fx));
  g_assert_nonnull (second);
  g_assert_cmpstr (second->cookie, !=, first->cookie);
  /* Neither is in a file: run records, journal, website data. */
  for (guint i = 0; i < 2; i++)
    {
      const LimSession *session = i == 0 ? first : second;

      g_assert_false (tree_contains (fx->project_dir, session->cookie));
      g_assert_false (tree_contains (g_get_user_data_dir (), session->cookie));
      g_assert_false (tree_contains (fx->project_dir, session->csrf_token));
    }

  sso_writes = lim_sandbox_get_write_count (fx->sso) - sso_writes_before;
  g_test_message ("writes: %" G_GUINT64_FORMAT " on the password tenant, %" G_GUINT64_FORMAT " on the SSO tenant "
                  "(session ended after operation %u)", ref_writes, sso_writes, fx->expired_at_op);
  g_assert_cmpuint (sso_writes, ==, ref_writes);
}

/* The project of make_project (fx, TRUE), the password tenant's and the
 * SSO tenant's API secrets, and @body in the window. */
static void
run_with_both_tenants (AppFixture *fx,
                       GCallback   body)
{
  make_project (fx, TRUE);
  g_setenv ("LIMINAL_REF_CLIENT_SECRET", LIM_SANDBOX_DEFAULT_CLIENT_SECRET, TRUE);
  g_setenv ("LIMINAL_REF_ADMIN_PASSWORD", LIM_SANDBOX_DEFAULT_ADMIN_PASSWORD, TRUE);
  g_setenv ("LIMINAL_CORP_CLIENT_SECRET", LIM_SANDBOX_DEFAULT_CLIENT_SECRET, TRUE);
  gui_test_run_in_window (fx->app, &fx->window, gui_test_open_window, body, fx);
}

static void
test_expired_mid_run (AppFixture    *fx,
                      gconstpointer  data)
{
  run_with_both_tenants (fx, G_CALLBACK (body_expired_mid_run));
}

static gboolean
run_stopped_or_failed (gpointer data)
{
  LimRunDialog *dialog = lim_window_get_run_dialog (data);
  LimRunState state = dialog != NULL ? lim_run_get_state (lim_run_dialog_get_run (dialog)) : LIM_RUN_STATE_PREPARING;

  return state == LIM_RUN_STATE_FAILED || state == LIM_RUN_STATE_STOPPED;
}

/* The password tenant upgraded first (its write count in *@ref_writes),
 * then corp signed in and upgraded until its session ends mid-run and the
 * sign-in window shows its form (attached to @s); *@sso_writes_before is
 * corp's write count before its run. */
static LimRunDialog *
upgrade_corp_until_sign_in (AppFixture *fx,
                            SignIn     *s,
                            guint64    *ref_writes,
                            guint64    *sso_writes_before)
{
  gui_test_open_project (fx->app, fx->window, fx->project_dir);
  gui_test_wait_for_statuses (fx->window);
  upgrade_to_head (fx->window, "ref", NULL, NULL);
  finish_upgrade (fx->window, "ref");
  *ref_writes = lim_sandbox_get_write_count (fx->ref);
  g_assert_cmpuint (*ref_writes, >, 2);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.sign-in", "s", "corp"));
  sign_in_through_window (FALSE);
  gui_test_wait_for_row_status (fx->window, "corp", "3 behind");
  *sso_writes_before = lim_sandbox_get_write_count (fx->sso);
  upgrade_to_head (fx->window, "corp", G_CALLBACK (on_operation_state_cb), fx);

  g_assert_true (gui_test_wait_until (sign_in_window_shown, NULL, 60000));
  sign_in_attach (s, find_sign_in_window ());
  wait_for_page (s, "/_idp/login");
  return lim_window_get_run_dialog (fx->window);
}

/* The person closes the sign-in window a run asked for: the run stops
 * with the reason, having applied only what it had; resuming signs in
 * again and applies the rest, each operation once. */
static void
body_cancelled_mid_run (AppFixture *fx)
{
  guint64 ref_writes, sso_writes_before, sso_writes;
  LimRunDialog *dialog;
  LimRun *run;
  SignIn s = { 0 };

  dialog = upgrade_corp_until_sign_in (fx, &s, &ref_writes, &sso_writes_before);
  run = lim_run_dialog_get_run (dialog);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (s.window), "window.close", NULL));
  g_assert_true (gui_test_wait_until (no_sign_in_window, NULL, 10000));
  sign_in_clear (&s);
  /* One cancel stops the run: nobody asks again (not to free the lock). */
  if (!gui_test_wait_until (run_stopped_or_failed, fx->window, 30000))
    g_error ("the run is %s (waiting for sign-in: %d, a sign-in window: %d, message “%s”)",
             lim_run_get_heading (run), lim_run_get_waiting_for_sign_in (run), find_sign_in_window () != NULL,
             lim_run_get_message (run));
  g_test_message ("after the cancelled sign-in: %s — %s", lim_run_get_heading (run), lim_run_get_error_text (run));
  g_assert_nonnull (lim_run_get_error_text (run));
  g_assert_cmpstr (lim_run_get_error_text (run), !=, "");
  g_assert_false (lim_run_get_waiting_for_sign_in (run));
  g_assert_false (gui_test_wait_until (sign_in_window_shown, NULL, 3000));
  g_assert_nonnull (strstr (lim_run_get_error_text (run), "corp"));
  /* The person's choice: Stopped (with Resume), as by Stop, not Failed. */
  g_assert_cmpint (lim_run_get_state (run), ==, LIM_RUN_STATE_STOPPED);
  g_assert_cmpstr (lim_run_get_heading (run), ==, "Stopped");
  g_assert_nonnull (strstr (lim_run_get_error_text (run), "was cancelled"));
  /* In the window's words: its Resume button, not the command line's
   * --resume (lim-words.h). */
  g_assert_nonnull (strstr (lim_run_get_error_text (run), "continue with Resume to sign in again"));
  g_assert_null (strstr (lim_run_get_error_text (run), "--resume"));
  g_assert_cmpuint (lim_sandbox_get_write_count (fx->sso) - sso_writes_before, <, ref_writes);

  /* Resume: signs in again, then the rest of the run. */
  lim_run_resume (run);
  sign_in_through_window (FALSE);
  finish_upgrade (fx->window, "corp");
  sso_writes = lim_sandbox_get_write_count (fx->sso) - sso_writes_before;
  g_test_message ("writes: %" G_GUINT64_FORMAT " on the password tenant, %" G_GUINT64_FORMAT " on the SSO tenant",
                  ref_writes, sso_writes);
  /* Each operation once; the lock was taken twice (by the run and by the
   * resume, which took over the lease the cancelled run left). */
  g_assert_cmpuint (sso_writes, ==, ref_writes + 1);
}

static void
test_cancelled_mid_run (AppFixture    *fx,
                        gconstpointer  data)
{
  run_with_both_tenants (fx, G_CALLBACK (body_cancelled_mid_run));
}

/* Sign-in windows among the toplevels, shown or hidden (a closed one has
 * left the list). */
static guint
count_sign_in_windows (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();
  guint n = 0;

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (LIM_IS_SIGN_IN_WINDOW (l->data))
      n++;
  return n;
}

static gboolean
no_sign_in_window_at_all (gpointer data)
{
  return count_sign_in_windows () == 0;
}

static gboolean
run_stopped (gpointer data)
{
  return lim_run_get_state (data) == LIM_RUN_STATE_STOPPED;
}

/* The run is stopped (the run window's Cancel) while it waits for the
 * sign-in it asked for: the sign-in window closes, the run stops between
 * operations without asking again or sending anything more, and resuming
 * signs in and applies the rest, each operation once. */
static void
body_stop_while_signing_in (AppFixture *fx)
{
  guint64 ref_writes, sso_writes_before, at_stop, sso_writes;
  LimRunDialog *dialog;
  GtkWidget *cancel;
  LimRun *run;
  SignIn s = { 0 };

  /* The session ends after the first operation: the run waits for the
   * sign-in window, whose form is up. */
  dialog = upgrade_corp_until_sign_in (fx, &s, &ref_writes, &sso_writes_before);
  run = lim_run_dialog_get_run (dialog);
  sign_in_clear (&s);
  g_assert_true (gui_test_wait_until (run_waits_for_sign_in, fx->window, 10000));
  g_assert_true (lim_run_get_waiting_for_sign_in (run));
  g_assert_cmpuint (fx->expired_at_op, >=, 1);
  g_assert_cmpuint (count_sign_in_windows (), ==, 1);

  /* The run window's Cancel, shown and sensitive while it waits. */
  cancel = gui_test_find_one (GTK_WIDGET (dialog), "cancel-button");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (cancel)), ==, "_Cancel");
  g_assert_true (gtk_widget_get_visible (cancel));
  g_assert_true (gtk_widget_is_sensitive (cancel));
  g_assert_true (lim_run_get_can_cancel (run));
  g_assert_true (gtk_widget_activate (cancel));

  /* The sign-in window closes (gone from the toplevels, not hidden) and
   * the run stops. */
  if (!gui_test_wait_until (no_sign_in_window_at_all, NULL, 10000))
    g_error ("after Cancel, %u sign-in window(s) (one shown: %d); the run is %s (waiting for sign-in: %d)",
             count_sign_in_windows (), find_sign_in_window () != NULL, lim_run_get_heading (run),
             lim_run_get_waiting_for_sign_in (run));
  if (!gui_test_wait_until (run_stopped, run, 30000))
    g_error ("after Cancel, the run is %s (state %d, waiting for sign-in: %d, message “%s”, error “%s”)",
             lim_run_get_heading (run), lim_run_get_state (run), lim_run_get_waiting_for_sign_in (run),
             lim_run_get_message (run), lim_run_get_error_text (run));
  at_stop = lim_sandbox_get_write_count (fx->sso);
  g_test_message ("after Cancel: %s — %s", lim_run_get_heading (run), lim_run_get_error_text (run));
  g_assert_cmpstr (lim_run_get_heading (run), ==, "Stopped");
  g_assert_false (lim_run_get_waiting_for_sign_in (run));
  g_assert_true (lim_run_get_can_resume (run));
  g_assert_true (gtk_widget_get_visible (gui_test_find_one (GTK_WIDGET (dialog), "resume-button")));
  g_assert_false (gtk_widget_get_visible (cancel));
  gui_test_save_screenshot (GTK_WIDGET (dialog), "run-stopped-while-signing-in", SCREENSHOT_SETTLE_MS);

  /* Nobody asks again, and nothing more is sent. */
  g_assert_false (gui_test_wait_until (sign_in_window_shown, NULL, 3000));
  g_assert_cmpuint (count_sign_in_windows (), ==, 0);
  g_assert_cmpuint (lim_sandbox_get_write_count (fx->sso), ==, at_stop);
  g_assert_cmpuint (at_stop - sso_writes_before, <, ref_writes);

  /* Resume (its button): signs in again, then the rest of the run. */
  g_assert_true (gtk_widget_activate (gui_test_find_one (GTK_WIDGET (dialog), "resume-button")));
  sign_in_through_window (FALSE);
  finish_upgrade (fx->window, "corp");
  sso_writes = lim_sandbox_get_write_count (fx->sso) - sso_writes_before;
  g_test_message ("writes: %" G_GUINT64_FORMAT " on the password tenant, %" G_GUINT64_FORMAT " on the SSO tenant "
                  "(%" G_GUINT64_FORMAT " before the stop; session ended after operation %u)",
                  ref_writes, sso_writes, at_stop - sso_writes_before, fx->expired_at_op);
  /* Each operation once; the lock was taken twice (by the run and by the
   * resume, which took over the lease the stopped run left). */
  g_assert_cmpuint (sso_writes, ==, ref_writes + 1);
}

static void
test_stop_while_signing_in (AppFixture    *fx,
                            gconstpointer  data)
{
  run_with_both_tenants (fx, G_CALLBACK (body_stop_while_signing_in));
}

static gboolean
editor_done (gpointer data)
{
  LimTenantEditor **editor = data;

  return *editor == NULL || !lim_tenant_editor_get_busy (*editor);
}

/* Tenants…: Authentication is Single Sign-On for a tenant added there
 * (`auth = sso` in tenants.ini), which then reads "Sign-in needed"; editing
 * it shows the choice again. */
static void
body_editor (AppFixture *fx)
{
  g_autofree char *ini_path = g_build_filename (fx->project_dir, "tenants.ini", NULL);
  g_autofree char *ini = NULL;
  g_autofree char *url = lim_sandbox_get_base_url (fx->sso);
  LimPreferencesWindow *tenants;
  LimTenantEditor *editor;
  AdwComboRow *auth;

  gui_test_open_project (fx->app, fx->window, fx->project_dir);
  gui_test_wait_for_statuses (fx->window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.add-tenant", NULL));
  tenants = LIM_PREFERENCES_WINDOW (lim_window_get_preferences (fx->window));
  g_assert_nonnull (tenants);
  editor = lim_preferences_window_get_editor (tenants);
  g_assert_nonnull (editor);
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  auth = lim_tenant_editor_get_auth_row (editor);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (auth)), ==, "Authentication");
  g_assert_cmpuint (adw_combo_row_get_selected (auth), ==, 0);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (adw_combo_row_get_model (auth)), 2), ==,
                   "Single Sign-On");
  gtk_editable_set_text (lim_tenant_editor_get_entry (editor, "alias"), "lab");
  gtk_editable_set_text (lim_tenant_editor_get_entry (editor, "tenant-name"), "lab");
  gtk_editable_set_text (lim_tenant_editor_get_entry (editor, "url"), url);
  gtk_editable_set_text (lim_tenant_editor_get_entry (editor, "client-id"), LIM_SANDBOX_DEFAULT_CLIENT_ID);
  adw_combo_row_set_selected (auth, 2);
  gui_test_save_screenshot (GTK_WIDGET (tenants), "tenant-editor-sso", SCREENSHOT_SETTLE_MS);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  g_assert_true (gui_test_wait_until (editor_done, &editor, 10000));

  g_assert_true (g_file_get_contents (ini_path, &ini, NULL, NULL));
  g_assert_nonnull (strstr (ini, "[lab]"));
  g_assert_nonnull (strstr (strstr (ini, "[lab]"), "auth=sso"));
  gui_test_wait_for_row_status (fx->window, "lab", "Sign-in needed");
  /* The editor's page slides away first. */
  gui_test_spin (1000);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.edit-tenant", "s", "lab"));
  tenants = LIM_PREFERENCES_WINDOW (lim_window_get_preferences (fx->window));
  editor = lim_preferences_window_get_editor (tenants);
  g_assert_nonnull (editor);
  g_assert_cmpuint (adw_combo_row_get_selected (lim_tenant_editor_get_auth_row (editor)), ==, 2);
  gtk_window_destroy (GTK_WINDOW (tenants));
  gui_test_spin (100);
}

static void
test_editor (AppFixture    *fx,
             gconstpointer  data)
{
  make_project (fx, FALSE);
  g_setenv ("LIMINAL_CORP_CLIENT_SECRET", LIM_SANDBOX_DEFAULT_CLIENT_SECRET, TRUE);
  g_setenv ("LIMINAL_LAB_CLIENT_SECRET", LIM_SANDBOX_DEFAULT_CLIENT_SECRET, TRUE);
  gui_test_run_in_window (fx->app, &fx->window, gui_test_open_window, G_CALLBACK (body_editor), fx);
}

/* `liminal login corp`, the real binary, with this display: it starts the
 * app's sign-in mode (liminal-desktop --sign-in), whose web view finds the
 * identity provider's cookie an earlier sign-in kept ("Keep me signed in"),
 * so it signs in without a form; the session lands in the keyring, nowhere
 * else. */
static void
body_cli_login (AppFixture *fx)
{
  const char *cli = g_getenv ("LIMINAL_CLI");
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(LimSession) first = NULL;
  g_autoptr(LimSession) second = NULL;

  g_assert_nonnull (cli);
  g_assert_nonnull (g_getenv ("LIMINAL_DESKTOP"));
  gui_test_open_project (fx->app, fx->window, fx->project_dir);
  gui_test_wait_for_statuses (fx->window);
  g_assert_cmpstr (gui_test_status_text (fx->window, "corp"), ==, "Sign-in needed");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.sign-in", "s", "corp"));
  sign_in_through_window (TRUE);
  gui_test_wait_for_row_status (fx->window, "corp", "3 behind");
  first = keyring_session (corp_tenant (fx));
  g_assert_nonnull (first);

  /* Signed out (the keyring entry gone): the window says so again. */
  keyring_clear_session (corp_tenant (fx));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.refresh", NULL));
  gui_test_wait_for_row_status (fx->window, "corp", "Sign-in needed");

  /* The sandbox answers from this main loop: the CLI runs alongside. */
  child = g_subprocess_launcher_spawn (launcher, &error, cli, "-C", fx->project_dir, "login", "corp", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (child, NULL, NULL, gui_test_store_result, &result);
  g_assert_true (gui_test_wait_until (result_stored, &result, 60000));
  g_subprocess_communicate_utf8_finish (child, result, &out, &err, &error);
  g_assert_no_error (error);
  g_test_message ("liminal login corp: status %d\nstdout: %s\nstderr: %s", g_subprocess_get_exit_status (child),
                  out, err);
  g_assert_true (g_subprocess_get_if_exited (child));
  g_assert_cmpint (g_subprocess_get_exit_status (child), ==, 0);
  g_assert_nonnull (strstr (out, "Signed in to corp."));

  /* A new session, in the keyring; the window reads the tenant with it. */
  second = keyring_session (corp_tenant (fx));
  g_assert_nonnull (second);
  g_assert_cmpstr (second->cookie, !=, first->cookie);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.refresh", NULL));
  gui_test_wait_for_row_status (fx->window, "corp", "3 behind");

  /* Never in a file of the project or of the data folder (website data
   * included), nor in what the CLI printed. */
  for (guint i = 0; i < 2; i++)
    {
      const LimSession *session = i == 0 ? first : second;

      g_assert_false (tree_contains (fx->project_dir, session->cookie));
      g_assert_false (tree_contains (g_get_user_data_dir (), session->cookie));
      g_assert_false (tree_contains (fx->project_dir, session->csrf_token));
      g_assert_false (tree_contains (g_get_user_data_dir (), session->csrf_token));
      g_assert_null (strstr (out, session->cookie));
      g_assert_null (strstr (err, session->cookie));
      g_assert_null (strstr (out, session->csrf_token));
      g_assert_null (strstr (err, session->csrf_token));
    }
}

static void
test_cli_login (AppFixture    *fx,
                gconstpointer  data)
{
  make_project (fx, FALSE);
  g_setenv ("LIMINAL_CORP_CLIENT_SECRET", LIM_SANDBOX_DEFAULT_CLIENT_SECRET, TRUE);
  gui_test_run_in_window (fx->app, &fx->window, gui_test_open_window, G_CALLBACK (body_cli_login), fx);
}

/* Runs liminal-desktop with @args (NULL-terminated); its status and
 * standard error. */
static int
run_desktop (const char * const *args,
             char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, (gpointer) g_getenv ("LIMINAL_DESKTOP"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, err,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

/* liminal-desktop --sign-in refuses what it cannot do, before any window:
 * no project, a tenant that does not sign in with single sign-on, an
 * unknown tenant. */
static void
test_sign_in_mode_usage (AppFixture    *fx,
                         gconstpointer  data)
{
  g_autofree char *err = NULL;

  g_assert_nonnull (g_getenv ("LIMINAL_DESKTOP"));
  make_project (fx, TRUE);

  g_assert_cmpint (run_desktop ((const char *[]) { "--sign-in", "corp", NULL }, &err), ==, 2);
  g_assert_nonnull (strstr (err, "--sign-in needs the project folder (--project DIR)"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_desktop ((const char *[]) { "--sign-in", "ref", "--project", fx->project_dir, NULL }, &err),
                   ==, 2);
  g_assert_nonnull (strstr (err, "ref does not sign in with single sign-on (auth = sso in tenants.ini)"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_desktop ((const char *[]) { "--sign-in", "nope", "--project", fx->project_dir, NULL }, &err),
                   ==, 1);
  g_assert_nonnull (strstr (err, "nope"));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = gui_test_init (&argc, &argv, "test-sign-in");
  int ret;

  /* Sessions go to the keyring: a throw-away one for this bus. */
  g_assert_true (gui_test_start_keyring ());

  g_test_add ("/sign-in/window/idp-form", Fixture, NULL, fixture_setup, test_idp_form, fixture_teardown);
  g_test_add ("/sign-in/window/mfa", Fixture, NULL, fixture_setup, test_mfa, fixture_teardown);
  g_test_add ("/sign-in/window/cancel", Fixture, NULL, fixture_setup, test_cancel, fixture_teardown);
  g_test_add ("/sign-in/window/returning", Fixture, NULL, fixture_setup, test_returning, fixture_teardown);
  g_test_add ("/sign-in/app/demo", AppFixture, NULL, app_setup, test_demo, app_teardown);
  g_test_add ("/sign-in/app/expired-mid-run", AppFixture, NULL, app_setup, test_expired_mid_run, app_teardown);
  g_test_add ("/sign-in/app/cancelled-mid-run", AppFixture, NULL, app_setup, test_cancelled_mid_run, app_teardown);
  g_test_add ("/sign-in/app/stop-while-signing-in", AppFixture, NULL, app_setup, test_stop_while_signing_in,
              app_teardown);
  g_test_add ("/sign-in/app/editor", AppFixture, NULL, app_setup, test_editor, app_teardown);
  g_test_add ("/sign-in/app/cli-login", AppFixture, NULL, app_setup, test_cli_login, app_teardown);
  g_test_add ("/sign-in/app/sign-in-mode-usage", AppFixture, NULL, app_setup, test_sign_in_mode_usage, app_teardown);

  ret = g_test_run ();
  gui_test_remove_tree (data_home);
  return ret;
}
