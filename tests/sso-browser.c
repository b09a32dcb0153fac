/* sso-browser.c — a scripted browser for the sandbox's single sign-on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "sso-browser.h"

struct _SsoBrowser
{
  char          *base;
  SoupSession   *session;
  SoupCookieJar *jar;
};

void
sso_page_free (SsoPage *page)
{
  g_free (page->body);
  g_free (page->final_url);
  g_free (page->final_path);
  g_free (page);
}

SsoBrowser *
sso_browser_new (const char *base)
{
  SsoBrowser *b = g_new0 (SsoBrowser, 1);

  b->base = g_strdup (base);
  b->session = soup_session_new_with_options ("timeout", 30, NULL);
  b->jar = soup_cookie_jar_new ();
  soup_cookie_jar_set_accept_policy (b->jar, SOUP_COOKIE_JAR_ACCEPT_ALWAYS);
  soup_session_add_feature (b->session, SOUP_SESSION_FEATURE (b->jar));
  return b;
}

void
sso_browser_free (SsoBrowser *b)
{
  soup_session_abort (b->session);
  g_object_unref (b->session);
  g_object_unref (b->jar);
  g_free (b->base);
  g_free (b);
}

static SoupMessage *
make_message (SsoBrowser *b,
              const char *path_or_url,
              const char *form)
{
  g_autofree char *url = g_str_has_prefix (path_or_url, "http") ? g_strdup (path_or_url)
                                                                : g_strconcat (b->base, path_or_url, NULL);
  SoupMessage *msg = soup_message_new (form ? "POST" : "GET", url);

  g_assert_nonnull (msg);
  if (form)
    {
      g_autoptr(GBytes) body = g_bytes_new (form, strlen (form));
      soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", body);
    }
  return msg;
}

static SsoPage *
page_from (SoupMessage *msg,
           GBytes      *bytes)
{
  SsoPage *page = g_new0 (SsoPage, 1);
  GUri *uri = soup_message_get_uri (msg);

  page->status = soup_message_get_status (msg);
  page->body = bytes ? g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes)) : g_strdup ("");
  page->final_url = g_uri_to_string (uri);
  page->final_path = g_strdup (g_uri_get_path (uri));
  return page;
}

/* ---------------------------------------------------------------- one page, async */

static void
page_sent (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SoupMessage *msg = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);

  if (bytes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, page_from (msg, bytes), (GDestroyNotify) sso_page_free);
}

static void
go_async (SsoBrowser         *b,
          const char         *path_or_url,
          const char         *form,
          GCancellable       *cancellable,
          GAsyncReadyCallback callback,
          gpointer            user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  SoupMessage *msg = make_message (b, path_or_url, form);

  g_task_set_task_data (task, msg, g_object_unref);
  soup_session_send_and_read_async (b->session, msg, G_PRIORITY_DEFAULT, cancellable, page_sent, task);
}

static SsoPage *
go_finish (GAsyncResult *result,
           GError      **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
sso_store_result (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  (void) source;
  *(GAsyncResult **) user_data = g_object_ref (result);
}

GAsyncResult *
sso_wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

SsoPage *
sso_browser_go (SsoBrowser *b,
                const char *path_or_url,
                const char *form)
{
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;
  SsoPage *page;

  go_async (b, path_or_url, form, NULL, sso_store_result, &result);
  page = go_finish (sso_wait_result (&result), &error);
  g_object_unref (result);
  g_assert_no_error (error);
  return page;
}

char *
sso_browser_cookie (SsoBrowser *b,
                    const char *name,
                    gint64     *expires_at)
{
  GSList *cookies = soup_cookie_jar_all_cookies (b->jar);  /* one origin: every path */
  char *value = NULL;

  if (expires_at)
    *expires_at = 0;
  for (GSList *l = cookies; l; l = l->next)
    if (value == NULL && g_strcmp0 (soup_cookie_get_name (l->data), name) == 0)
      {
        GDateTime *exp = soup_cookie_get_expires (l->data);

        value = g_strdup (soup_cookie_get_value (l->data));
        if (expires_at && exp)
          *expires_at = g_date_time_to_unix (exp);
      }
  g_slist_free_full (cookies, (GDestroyNotify) soup_cookie_free);
  return value;
}

char *
sso_find_value (const char *html,
                const char *id)
{
  g_autofree char *by_id = g_strdup_printf ("id=\"%s\"", id);
  g_autofree char *by_meta = g_strdup_printf ("name=\"%s\"", id);
  const char *attrs[] = { "value=\"", "content=\"" };
  const char *hit = html ? strstr (html, by_id) : NULL;

  if (hit == NULL && html)
    hit = strstr (html, by_meta);
  if (hit == NULL)
    return NULL;
  {
    const char *start = hit;
    const char *end = strchr (hit, '>');

    while (start > html && *start != '<')
      start--;
    for (guint i = 0; end && i < G_N_ELEMENTS (attrs); i++)
      {
        const char *v = g_strstr_len (start, end - start, attrs[i]);
        if (v)
          {
            const char *q;
            v += strlen (attrs[i]);
            q = strchr (v, '"');
            return q ? g_strndup (v, q - v) : NULL;
          }
      }
  }
  return NULL;
}

/* ---------------------------------------------------------------- the whole sign-in */

typedef struct
{
  SsoBrowser *browser;
  char       *user;
  char       *password;
  char       *mfa_code;
  gboolean    remember;
  guint       steps;
  char       *cookie;
  char       *csrf;
  gint64      expires_at;
} SignIn;

static void
sign_in_free (SignIn *s)
{
  g_free (s->user);
  g_free (s->password);
  g_free (s->mfa_code);
  g_free (s->cookie);
  g_free (s->csrf);
  g_free (s);
}

static void sign_in_page (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data);

static void
sign_in_fail (GTask      *task,
              const char *what,
              SsoPage    *page)
{
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "Sign-in went wrong: %s (HTTP %u at %s)", what,
                           page->status, page->final_path);
}

static void
sign_in_page (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignIn *s = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(SsoPage) page = go_finish (result, &error);
  g_autofree char *form = NULL;

  (void) source;
  if (page == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (++s->steps > 8)
    {
      sign_in_fail (task, "too many pages", page);
      return;
    }
  if (strstr (page->body, "id=\"idp-error\""))
    {
      sign_in_fail (task, "the identity provider refused", page);
      return;
    }
  if (strstr (page->body, "id=\"idp-mfa-form\""))
    {
      g_autofree char *ticket = NULL;
      const char *p = strstr (page->body, "name=\"ticket\" value=\"");

      if (p == NULL || s->mfa_code == NULL)
        {
          sign_in_fail (task, "a code is asked for", page);
          return;
        }
      p += strlen ("name=\"ticket\" value=\"");
      ticket = g_strndup (p, strchr (p, '"') - p);
      form = soup_form_encode ("ticket", ticket, "code", s->mfa_code, NULL);
      go_async (s->browser, "/_idp/mfa", form, g_task_get_cancellable (task), sign_in_page, g_object_ref (task));
      return;
    }
  if (strstr (page->body, "id=\"idp-form\""))
    {
      g_autofree char *relay = NULL;
      const char *p = strstr (page->body, "name=\"RelayState\" value=\"");

      if (p == NULL)
        {
          sign_in_fail (task, "the identity provider's form has no RelayState", page);
          return;
        }
      p += strlen ("name=\"RelayState\" value=\"");
      relay = g_strndup (p, strchr (p, '"') - p);
      if (s->remember)
        form = soup_form_encode ("RelayState", relay, "username", s->user, "password", s->password, "remember",
                                 "on", NULL);
      else
        form = soup_form_encode ("RelayState", relay, "username", s->user, "password", s->password, NULL);
      go_async (s->browser, "/_idp/login", form, g_task_get_cancellable (task), sign_in_page, g_object_ref (task));
      return;
    }
  /* back on the tenant, signed in: the cookie from the jar, the token from the page */
  s->cookie = sso_browser_cookie (s->browser, "session", &s->expires_at);
  s->csrf = sso_find_value (page->body, "csrf_token");
  if (page->status != 200 || s->cookie == NULL || s->csrf == NULL)
    {
      sign_in_fail (task, "no session cookie or CSRF token on the tenant's page", page);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
sso_browser_sign_in_async (SsoBrowser         *b,
                           const char         *user,
                           const char         *password,
                           const char         *mfa_code,
                           gboolean            remember,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  SignIn *s = g_new0 (SignIn, 1);

  s->browser = b;
  s->user = g_strdup (user);
  s->password = g_strdup (password);
  s->mfa_code = g_strdup (mfa_code);
  s->remember = remember;
  g_task_set_task_data (task, s, (GDestroyNotify) sign_in_free);
  go_async (b, "/signin", NULL, cancellable, sign_in_page, task);
}

gboolean
sso_browser_sign_in_finish (SsoBrowser   *b,
                            GAsyncResult *result,
                            char        **cookie,
                            char        **csrf,
                            gint64       *expires_at,
                            GError      **error)
{
  SignIn *s = g_task_get_task_data (G_TASK (result));

  (void) b;
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  *cookie = g_steal_pointer (&s->cookie);
  *csrf = g_steal_pointer (&s->csrf);
  if (expires_at)
    *expires_at = s->expires_at;
  return TRUE;
}

gboolean
sso_browser_sign_in (SsoBrowser *b,
                     const char *user,
                     const char *password,
                     const char *mfa_code,
                     gboolean    remember,
                     char      **cookie,
                     char      **csrf,
                     gint64     *expires_at,
                     GError    **error)
{
  GAsyncResult *result = NULL;
  gboolean ok;

  sso_browser_sign_in_async (b, user, password, mfa_code, remember, NULL, sso_store_result, &result);
  ok = sso_browser_sign_in_finish (b, sso_wait_result (&result), cookie, csrf, expires_at, error);
  g_object_unref (result);
  return ok;
}
