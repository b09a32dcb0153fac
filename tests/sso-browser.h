/* sso-browser.h — a scripted browser for the sandbox's single sign-on:
 * a SoupSession with a cookie jar that follows redirects, fills in the
 * identity provider's forms and reads the session cookie and the CSRF
 * token the way the app's web view does.  Asynchronous, so that it can
 * talk to an in-process sandbox on the same main context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct _SsoBrowser SsoBrowser;

typedef struct
{
  guint  status;
  char  *body;        /* NUL-terminated */
  char  *final_url;   /* after redirects */
  char  *final_path;
} SsoPage;

void        sso_page_free         (SsoPage *page);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SsoPage, sso_page_free)

/* @base: "http://127.0.0.1:PORT" */
SsoBrowser *sso_browser_new       (const char *base);
void        sso_browser_free      (SsoBrowser *browser);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SsoBrowser, sso_browser_free)

/* GET (@form NULL) or POST a form to @path_or_url, following redirects;
 * iterates the default main context until answered. */
SsoPage    *sso_browser_go        (SsoBrowser *browser,
                                   const char *path_or_url,
                                   const char *form);
/* The value of cookie @name in the jar (any path), or NULL; its
 * expiry (unix seconds, 0 for none) in @expires_at. */
char       *sso_browser_cookie    (SsoBrowser *browser,
                                   const char *name,
                                   gint64     *expires_at);
/* The value="" of the element with id="@id" (or content="" of the meta
 * called @id) in @html, or NULL. */
char       *sso_find_value        (const char *html,
                                   const char *id);

/* The whole sign-in: /signin, the identity provider's form (@user,
 * @password, @remember), its code step when it asks (@mfa_code), back on
 * the tenant: the session cookie, its expiry and the page's CSRF token. */
void        sso_browser_sign_in_async  (SsoBrowser          *browser,
                                        const char          *user,
                                        const char          *password,
                                        const char          *mfa_code,
                                        gboolean             remember,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean    sso_browser_sign_in_finish (SsoBrowser    *browser,
                                        GAsyncResult  *result,
                                        char         **cookie,
                                        char         **csrf,
                                        gint64        *expires_at,
                                        GError       **error);
/* The same, waiting on the default main context. */
gboolean    sso_browser_sign_in        (SsoBrowser  *browser,
                                        const char  *user,
                                        const char  *password,
                                        const char  *mfa_code,
                                        gboolean     remember,
                                        char       **cookie,
                                        char       **csrf,
                                        gint64      *expires_at,
                                        GError     **error);

/* A GAsyncReadyCallback storing a reference to the result in *@user_data
 * (a GAsyncResult*), and the wait for it on the default main context. */
void          sso_store_result (GObject       *source,
                                GAsyncResult  *result,
                                gpointer       user_data);
GAsyncResult *sso_wait_result  (GAsyncResult **slot);

G_END_DECLS
