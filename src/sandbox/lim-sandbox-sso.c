/* lim-sandbox-sso.c — single sign-on: the tenant's SAML endpoints and the
 * small identity provider under /_idp/ (see lim-sandbox-sso.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "lim-sandbox-internal.h"
#include "lim-sandbox-sso.h"

#define IDP_REMEMBER_SECONDS (30 * 24 * 3600)

/* "http://127.0.0.1:PORT": where the browser reached us */
static char *
request_origin (SoupServerMessage *msg)
{
  GUri *uri = soup_server_message_get_uri (msg);

  return g_strdup_printf ("%s://%s:%d", g_uri_get_scheme (uri), g_uri_get_host (uri), g_uri_get_port (uri));
}

static GHashTable *
request_form (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  return soup_form_decode (text);
}

static void
redirect (SoupServerMessage *msg,
          const char        *location)
{
  soup_server_message_set_redirect (msg, 302, location);
}

/* ------------------------------------------------------------------ */
/* The tenant                                                          */

void
ls_sso_home (LsRequest *req)
{
  g_autofree char *cookie = NULL;
  g_autofree char *html = NULL;
  const char *csrf;

  if (!req->server->sso)
    {
      ls_internal_home (req);
      return;
    }
  cookie = ls_request_cookie (req->msg, "session");
  csrf = ls_server_session_csrf (req->server, cookie);
  if (csrf == NULL)
    {
      redirect (req->msg, "/signin");
      return;
    }
  html = g_strdup_printf ("<!DOCTYPE html>\n<html><head><title>Benchling</title>\n"
                          "<meta name=\"csrf-token\" content=\"%s\">\n</head><body>\n"
                          "<h1>Pizza House</h1>\n"
                          "<form id=\"csrf-holder\"><input type=\"hidden\" id=\"csrf_token\" name=\"csrf_token\" "
                          "value=\"%s\"></form>\n</body></html>\n", csrf, csrf);
  ls_respond_html (req->msg, 200, html);
}

void
ls_sso_saml_begin (LsRequest *req)
{
  LsServer *server = req->server;
  g_autofree char *relay = NULL;
  g_autofree char *origin = NULL;
  g_autofree char *location = NULL;

  if (!server->sso)
    {
      /* §7.2: 400 or 403 when SSO is off; Benchling answers 403 */
      ls_respond_html (req->msg, 403, "<html><body>SSO is not enabled for this organization.</body></html>");
      return;
    }
  relay = ls_server_random_token (server, 24);
  if (g_hash_table_size (server->saml_relays) >= 10000)
    g_hash_table_remove_all (server->saml_relays);
  g_hash_table_add (server->saml_relays, g_strdup (relay));
  origin = request_origin (req->msg);
  location = g_strdup_printf ("%s/_idp/login?RelayState=%s", origin, relay);
  redirect (req->msg, location);
}

void
ls_sso_saml_consume (LsRequest *req)
{
  LsServer *server = req->server;
  const char *response = req->query ? g_hash_table_lookup (req->query, "SAMLResponse") : NULL;
  const char *relay = req->query ? g_hash_table_lookup (req->query, "RelayState") : NULL;
  g_autofree char *stolen = NULL;
  g_autofree char *expected_relay = NULL;
  g_autofree char *csrf = NULL;
  g_autofree char *session = NULL;
  g_autofree char *cookie = NULL;

  if (!server->sso)
    {
      ls_respond_html (req->msg, 403, "<html><body>SSO is not enabled for this organization.</body></html>");
      return;
    }
  if (response == NULL ||
      !g_hash_table_steal_extended (server->saml_responses, response, (gpointer *) &stolen,
                                    (gpointer *) &expected_relay) ||
      g_strcmp0 (relay, expected_relay) != 0 || !g_hash_table_remove (server->saml_relays, relay))
    {
      ls_respond_html (req->msg, 400,
                       "<!DOCTYPE html><html><head><title>Benchling</title></head><body>"
                       "<div class=\"error\">The single sign-on response is invalid or was already used. "
                       "Please sign in again.</div></body></html>");
      return;
    }
  csrf = ls_server_random_token (server, 32);
  session = ls_server_add_session (server, csrf);
  cookie = g_strdup_printf ("session=%s; Path=/; HttpOnly; Max-Age=%u", session, server->session_lifetime);
  soup_message_headers_append (soup_server_message_get_response_headers (req->msg), "Set-Cookie", cookie);
  redirect (req->msg, "/");
}

/* ------------------------------------------------------------------ */
/* The identity provider                                               */

static void
idp_page (SoupServerMessage *msg,
          guint              status,
          const char        *body)
{
  g_autofree char *html = g_strdup_printf (
    "<!DOCTYPE html>\n<html><head><title>Sandbox Identity Provider</title>\n"
    "<style>body{font-family:sans-serif;background:#1d3557;color:#f1faee}"
    "main{max-width:24em;margin:4em auto;background:#457b9d;padding:2em;border-radius:8px}"
    "label,input,button{display:block;margin:.4em 0}#idp-error{color:#ffb4a2}</style>\n"
    "</head><body><main>\n<h1>Sandbox Identity Provider</h1>\n%s</main></body></html>\n", body);

  ls_respond_html (msg, status, html);
}

static void
idp_login_form (SoupServerMessage *msg,
                guint              status,
                const char        *relay,
                const char        *user,
                const char        *error)
{
  g_autofree char *e_relay = g_markup_escape_text (relay, -1);
  g_autofree char *e_user = g_markup_escape_text (user ? user : "", -1);
  g_autofree char *e_error = error ? g_markup_escape_text (error, -1) : NULL;
  g_autofree char *err_html = e_error ? g_strdup_printf ("<p id=\"idp-error\" role=\"alert\">%s</p>\n", e_error)
                                      : g_strdup ("");
  g_autofree char *body = g_strdup_printf (
    "<p>Sign in to continue to Benchling.</p>\n%s"
    "<form id=\"idp-form\" method=\"post\" action=\"/_idp/login\">\n"
    "  <input type=\"hidden\" name=\"RelayState\" value=\"%s\">\n"
    "  <label for=\"username\">Username</label>\n"
    "  <input id=\"username\" name=\"username\" type=\"text\" value=\"%s\">\n"
    "  <label for=\"password\">Password</label>\n"
    "  <input id=\"password\" name=\"password\" type=\"password\">\n"
    "  <label><input id=\"remember\" name=\"remember\" type=\"checkbox\"> Keep me signed in</label>\n"
    "  <button id=\"submit\" type=\"submit\">Sign in</button>\n"
    "</form>\n", err_html, e_relay, e_user);

  idp_page (msg, status, body);
}

static void
idp_mfa_form (SoupServerMessage *msg,
              const char        *ticket,
              const char        *error)
{
  g_autofree char *e_error = error ? g_markup_escape_text (error, -1) : NULL;
  g_autofree char *err_html = e_error ? g_strdup_printf ("<p id=\"idp-error\" role=\"alert\">%s</p>\n", e_error)
                                      : g_strdup ("");
  g_autofree char *body = g_strdup_printf (
    "<p>Enter the 6-digit code from your authenticator app.</p>\n%s"
    "<form id=\"idp-mfa-form\" method=\"post\" action=\"/_idp/mfa\">\n"
    "  <input type=\"hidden\" name=\"ticket\" value=\"%s\">\n"
    "  <label for=\"code\">Code</label>\n"
    "  <input id=\"code\" name=\"code\" type=\"text\" inputmode=\"numeric\" autocomplete=\"one-time-code\">\n"
    "  <button id=\"submit\" type=\"submit\">Verify</button>\n"
    "</form>\n", err_html, ticket);

  idp_page (msg, 200, body);
}

/* Back to the tenant with a one-time SAMLResponse for @relay; with
 * @remember, the IdP remembers the browser. */
static void
idp_finish (LsServer          *server,
            SoupServerMessage *msg,
            const char        *relay,
            gboolean           remember)
{
  g_autofree char *response = ls_server_random_token (server, 40);
  g_autofree char *origin = request_origin (msg);
  g_autofree char *location = NULL;
  g_autofree char *e_relay = g_uri_escape_string (relay, NULL, TRUE);

  if (g_hash_table_size (server->saml_responses) >= 10000)
    g_hash_table_remove_all (server->saml_responses);
  g_hash_table_insert (server->saml_responses, g_strdup (response), g_strdup (relay));
  if (remember)
    {
      g_autofree char *idp = ls_server_random_token (server, 32);
      g_autofree char *cookie = g_strdup_printf ("idp_session=%s; Path=/_idp; HttpOnly; Max-Age=%d", idp,
                                                 IDP_REMEMBER_SECONDS);

      g_hash_table_add (server->idp_sessions, g_strdup (idp));
      soup_message_headers_append (soup_server_message_get_response_headers (msg), "Set-Cookie", cookie);
    }
  location = g_strdup_printf ("%s/ext/saml/consume?SAMLResponse=%s&RelayState=%s", origin, response, e_relay);
  redirect (msg, location);
}

static gboolean
relay_known (LsServer          *server,
             SoupServerMessage *msg,
             const char        *relay)
{
  if (relay && g_hash_table_contains (server->saml_relays, relay))
    return TRUE;
  idp_page (msg, 400, "<p id=\"idp-error\" role=\"alert\">This sign-in request is unknown or has expired. "
            "Go back to Benchling and sign in again.</p>\n");
  return FALSE;
}

static void
idp_login_get (LsServer          *server,
               SoupServerMessage *msg,
               GHashTable        *query)
{
  const char *relay = query ? g_hash_table_lookup (query, "RelayState") : NULL;
  g_autofree char *idp = NULL;

  if (!relay_known (server, msg, relay))
    return;
  idp = ls_request_cookie (msg, "idp_session");
  if (idp && g_hash_table_contains (server->idp_sessions, idp))
    {
      idp_finish (server, msg, relay, FALSE);  /* a returning user skips the form */
      return;
    }
  idp_login_form (msg, 200, relay, NULL, NULL);
}

static void
idp_login_post (LsServer          *server,
                SoupServerMessage *msg)
{
  g_autoptr(GHashTable) form = request_form (msg);
  const char *relay = g_hash_table_lookup (form, "RelayState");
  const char *user = g_hash_table_lookup (form, "username");
  const char *password = g_hash_table_lookup (form, "password");
  gboolean remember = g_hash_table_lookup (form, "remember") != NULL;

  if (!relay_known (server, msg, relay))
    return;
  if (g_strcmp0 (user, server->sso_user) != 0 || g_strcmp0 (password, server->sso_password) != 0)
    {
      idp_login_form (msg, 200, relay, user, "Incorrect username or password.");
      return;
    }
  if (server->sso_mfa_code)
    {
      g_autofree char *ticket = ls_server_random_token (server, 24);

      if (g_hash_table_size (server->idp_mfa) >= 10000)
        g_hash_table_remove_all (server->idp_mfa);
      g_hash_table_insert (server->idp_mfa, g_strdup (ticket),
                           g_strdup_printf ("%s%s", remember ? "r:" : "n:", relay));
      idp_mfa_form (msg, ticket, NULL);
      return;
    }
  idp_finish (server, msg, relay, remember);
}

static void
idp_mfa_post (LsServer          *server,
              SoupServerMessage *msg)
{
  g_autoptr(GHashTable) form = request_form (msg);
  const char *ticket = g_hash_table_lookup (form, "ticket");
  const char *code = g_hash_table_lookup (form, "code");
  const char *pending = ticket ? g_hash_table_lookup (server->idp_mfa, ticket) : NULL;
  g_autofree char *relay = NULL;
  gboolean remember;

  if (pending == NULL || !relay_known (server, msg, pending + 2))
    {
      if (pending == NULL)
        idp_page (msg, 400, "<p id=\"idp-error\" role=\"alert\">This verification has expired. "
                  "Go back to Benchling and sign in again.</p>\n");
      return;
    }
  if (server->sso_mfa_code == NULL || g_strcmp0 (code, server->sso_mfa_code) != 0)
    {
      idp_mfa_form (msg, ticket, "That code is not valid. Try again.");
      return;
    }
  remember = pending[0] == 'r';
  relay = g_strdup (pending + 2);
  g_hash_table_remove (server->idp_mfa, ticket);
  idp_finish (server, msg, relay, remember);
}

void
ls_sso_idp_handle (LsServer          *server,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query)
{
  const char *method = soup_server_message_get_method (msg);

  if (g_strcmp0 (path, "/_idp/login") == 0 && g_strcmp0 (method, "GET") == 0)
    idp_login_get (server, msg, query);
  else if (g_strcmp0 (path, "/_idp/login") == 0 && g_strcmp0 (method, "POST") == 0)
    idp_login_post (server, msg);
  else if (g_strcmp0 (path, "/_idp/mfa") == 0 && g_strcmp0 (method, "POST") == 0)
    idp_mfa_post (server, msg);
  else
    idp_page (msg, 404, "<p>Not found.</p>\n");
}
