/* lim-client-auth.c — signing in to a tenant's two realms: the public
 * realm's OAuth2 client-credentials token and the internal realm's /signin
 * form (or the single sign-on probe), one sign-in per realm at a time, with
 * the requests that wait for it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "lim-client-private.h"

/* ---------------------------------------------------------------- public realm: token */

static void public_auth_done (LimClient *self,
                              GError    *error);

static void
token_received (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(LimClient) self = user_data;
  SoupMessage *msg = g_object_get_data (G_OBJECT (result), "lim-msg");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = _lim_client_raw_send_finish (self, result, &error);
  g_autoptr(JsonNode) root = NULL;
  guint status;

  (void) source;
  if (bytes == NULL)
    {
      GError *e = g_error_new (LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_NETWORK,
                               "Cannot reach Benchling tenant %s to get an API token: %s", self->label,
                               error->message);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_clear_error (&e);
          e = g_error_copy (error);
        }
      public_auth_done (self, e);
      return;
    }
  status = soup_message_get_status (msg);
  if (status == STATUS_TOO_MANY_REQUESTS || status >= 500)
    {
      /* Let the waiting request retry the whole thing. */
      public_auth_done (self, g_error_new (LIM_CLIENT_ERROR, status == 429 ? LIM_CLIENT_ERROR_RATE_LIMITED
                                                                                : LIM_CLIENT_ERROR_NETWORK,
                                           "Benchling tenant %s could not issue an API token (HTTP %u)",
                                           self->label, status));
      return;
    }
  if (status != SOUP_STATUS_OK)
    {
      g_autofree char *detail = _lim_client_server_message (bytes);
      public_auth_done (self, g_error_new (LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_AUTH,
                                           "Benchling tenant %s refused the API client credentials of client id "
                                           "“%s” (HTTP %u%s%s). Check the client id and secret.",
                                           self->label, self->client_id, status, detail ? ": " : "",
                                           detail ? detail : ""));
      return;
    }
  root = _lim_client_parse_json (bytes, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      !json_object_has_member (json_node_get_object (root), "access_token"))
    {
      public_auth_done (self, g_error_new (LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_INVALID_RESPONSE,
                                           "Benchling tenant %s answered the token request without a token",
                                           self->label));
      return;
    }
  {
    JsonObject *obj = json_node_get_object (root);
    gint64 expires = json_object_get_int_member_with_default (obj, "expires_in", 900);
    /* Refresh a minute early (or at 80 % of a short lifetime). */
    gint64 margin = MIN (60, expires / 5);

    g_clear_pointer (&self->token, _lim_client_secret_free);
    self->token = g_strdup (json_object_get_string_member (obj, "access_token"));
    self->token_expiry = g_get_monotonic_time () + (expires - margin) * G_USEC_PER_SEC;
  }
  public_auth_done (self, NULL);
}

static void
start_token_request (LimClient    *self,
                     GCancellable *cancellable)
{
  g_autofree char *url = _lim_client_make_url (self, "/api/v2/token");
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *form = NULL;
  g_autofree char *basic = NULL;
  g_autofree char *pair = NULL;
  g_autoptr(GBytes) body = NULL;

  self->public_auth_running = TRUE;
  if (self->client_id == NULL || self->client_secret == NULL)
    {
      public_auth_done (self, g_error_new (LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_AUTH,
                                           "No API client id and secret for Benchling tenant %s", self->label));
      return;
    }
  msg = soup_message_new ("POST", url);
  form = soup_form_encode ("grant_type", "client_credentials", NULL);
  body = g_bytes_new (form, strlen (form));
  soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", body);
  pair = g_strdup_printf ("%s:%s", self->client_id, self->client_secret);
  basic = g_base64_encode ((const guchar *) pair, strlen (pair));
  memset (pair, 0, strlen (pair));
  {
    g_autofree char *header = g_strdup_printf ("Basic %s", basic);
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
    memset (header, 0, strlen (header));
  }
  memset (basic, 0, strlen (basic));
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");

  _lim_client_raw_send_async (self, msg, LIM_CLIENT_CATEGORY_AUTH, FALSE, cancellable, token_received,
                              g_object_ref (self));
}

/* ---------------------------------------------------------------- internal realm: sign-in */

typedef struct
{
  char *form_token;
} SignIn;

static void internal_auth_done (LimClient *self,
                                GError    *error);

/* The answer to a sign-in exchange and its HTTP status; NULL, after ending
 * the sign-in with the error, when it got none. */
static GBytes *
sign_in_answer (LimClient    *self,
                GAsyncResult *result,
                guint        *status)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = _lim_client_raw_send_finish (self, result, &error);

  if (bytes == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        internal_auth_done (self, g_error_copy (error));
      else
        internal_auth_done (self, g_error_new (LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_NETWORK,
                                               "Cannot reach Benchling tenant %s to sign in: %s",
                                               self->label, error->message));
      return NULL;
    }
  *status = soup_message_get_status (g_object_get_data (G_OBJECT (result), "lim-msg"));
  return bytes;
}

static char *
find_csrf_token (const char *html)
{
  const char *p = html ? strstr (html, "csrf_token") : NULL;

  /* Find the tag that holds id="csrf_token" (or name=) and its value. */
  while (p != NULL)
    {
      const char *tag_start = p;
      const char *tag_end;
      const char *value;

      while (tag_start > html && *tag_start != '<')
        tag_start--;
      tag_end = strchr (p, '>');
      if (tag_end == NULL)
        return NULL;
      value = g_strstr_len (tag_start, tag_end - tag_start, "value=");
      if (value != NULL)
        {
          char quote;
          const char *end;
          value += strlen ("value=");
          quote = *value;
          if (quote == '"' || quote == '\'')
            {
              value++;
              end = strchr (value, quote);
              if (end && end <= tag_end)
                return g_strndup (value, end - value);
            }
        }
      p = strstr (p + 1, "csrf_token");
    }
  return NULL;
}

static char *
find_session_cookie (SoupMessage *msg)
{
  GSList *cookies = soup_cookies_from_response (msg);
  char *value = NULL;

  for (GSList *l = cookies; l; l = l->next)
    if (g_strcmp0 (soup_cookie_get_name (l->data), "session") == 0 && value == NULL)
      value = g_strdup (soup_cookie_get_value (l->data));
  g_slist_free_full (cookies, (GDestroyNotify) soup_cookie_free);
  return value;
}

static void
signin_posted (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(LimClient) self = user_data;
  SoupMessage *msg = g_object_get_data (G_OBJECT (result), "lim-msg");
  guint status = 0;
  g_autoptr(GBytes) bytes = sign_in_answer (self, result, &status);
  char *session;

  (void) source;
  if (bytes == NULL)
    return;
  session = find_session_cookie (msg);
  if (status >= 400 || session == NULL)
    {
      _lim_client_secret_free (session);
      internal_auth_done (self, g_error_new (LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_AUTH,
                                             "Failed to sign in to Benchling tenant %s as %s (HTTP %u). Ensure the "
                                             "admin e-mail and password are correct.",
                                             self->label, self->email, status));
      return;
    }
  _lim_client_secret_free (self->session_cookie);
  self->session_cookie = session;
  internal_auth_done (self, NULL);
}

static void
signin_form_received (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(LimClient) self = user_data;
  guint status = 0;
  g_autoptr(GBytes) bytes = sign_in_answer (self, result, &status);
  g_autofree char *html = NULL;
  g_autofree char *token = NULL;
  g_autofree char *url = NULL;
  g_autofree char *referer = NULL;
  g_autofree char *form = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(SoupMessage) post = NULL;

  (void) source;
  if (bytes == NULL)
    return;
  if (SOUP_STATUS_IS_REDIRECTION (status))
    {
      internal_auth_done (self, g_error_new (LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_SSO,
                                             "Benchling tenant %s signs in with single sign-on: a password cannot be "
                                             "used. Sign in with a browser and provide the session cookie and CSRF "
                                             "token (LIMINAL_<ALIAS>_SESSION and LIMINAL_<ALIAS>_CSRF).",
                                             self->label));
      return;
    }
  if (status != SOUP_STATUS_OK)
    {
      internal_auth_done (self, g_error_new (LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_HTTP,
                                             "Unexpected answer from Benchling tenant %s to GET /signin: HTTP %u",
                                             self->label, status));
      return;
    }
  html = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  token = find_csrf_token (html);
  if (token == NULL)
    {
      internal_auth_done (self, g_error_new (LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_INVALID_RESPONSE,
                                             "Benchling tenant %s's sign-in page has no csrf_token", self->label));
      return;
    }
  _lim_client_secret_free (self->csrf_token);
  self->csrf_token = g_strdup (token);

  url = _lim_client_make_url (self, "/signin");
  referer = _lim_client_make_url (self, "/signin");
  post = soup_message_new ("POST", url);
  soup_message_add_flags (post, SOUP_MESSAGE_NO_REDIRECT);
  form = soup_form_encode ("csrf_token", token, "username", self->email, "password", self->password,
                           "signout_on_close", "y", NULL);
  body = g_bytes_new (form, strlen (form));
  memset (form, 0, strlen (form));
  soup_message_set_request_body_from_bytes (post, "application/x-www-form-urlencoded", body);
  soup_message_headers_replace (soup_message_get_request_headers (post), "Referer", referer);
  _lim_client_raw_send_async (self, post, LIM_CLIENT_CATEGORY_AUTH, FALSE,
                              g_task_get_cancellable (G_TASK (result)), signin_posted, g_object_ref (self));
}

static void
sso_probe_received (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(LimClient) self = user_data;
  guint status = 0;
  g_autoptr(GBytes) bytes = sign_in_answer (self, result, &status);

  (void) source;
  if (bytes == NULL)
    return;
  if (status == 400 || status == 403)
    internal_auth_done (self, g_error_new (LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_AUTH,
                                           "No admin e-mail and password for Benchling tenant %s, and single sign-on "
                                           "is off for it. Set admin-email in tenants.ini and the password in "
                                           "LIMINAL_<ALIAS>_ADMIN_PASSWORD or the keyring.",
                                           self->label));
  else if (SOUP_STATUS_IS_REDIRECTION (status))
    internal_auth_done (self, g_error_new (LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_SSO,
                                           "Benchling tenant %s signs in with single sign-on. Sign in with a browser "
                                           "and provide the session cookie and CSRF token (LIMINAL_<ALIAS>_SESSION "
                                           "and LIMINAL_<ALIAS>_CSRF).",
                                           self->label));
  else
    internal_auth_done (self, g_error_new (LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_HTTP,
                                           "Unexpected answer from Benchling tenant %s to the single sign-on probe: "
                                           "HTTP %u", self->label, status));
}

static void
start_sign_in (LimClient    *self,
               GCancellable *cancellable)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *url = NULL;

  self->internal_auth_running = TRUE;
  if (self->session_given)
    {
      internal_auth_done (self, g_error_new (LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_AUTH,
                                             "Benchling tenant %s rejected the session given for it: it has probably "
                                             "expired. Sign in again and provide a new session cookie and CSRF token.",
                                             self->label));
      return;
    }
  if (self->email && self->password)
    {
      url = _lim_client_make_url (self, "/signin");
      msg = soup_message_new ("GET", url);
      soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
      _lim_client_raw_send_async (self, msg, LIM_CLIENT_CATEGORY_AUTH, FALSE, cancellable, signin_form_received,
                                  g_object_ref (self));
    }
  else
    {
      url = _lim_client_make_url (self, "/ext/saml/signin:begin");
      msg = soup_message_new ("GET", url);
      soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
      _lim_client_raw_send_async (self, msg, LIM_CLIENT_CATEGORY_AUTH, FALSE, cancellable, sso_probe_received,
                                  g_object_ref (self));
    }
}

/* ---------------------------------------------------------------- auth waiters */

static void
resume_waiters (GQueue *waiters,
                GError *error)
{
  GQueue pending = *waiters;

  g_queue_init (waiters);
  while (!g_queue_is_empty (&pending))
    {
      GTask *task = g_queue_pop_head (&pending);
      LimClientResumeFunc resume = g_object_get_data (G_OBJECT (task), "lim-resume");

      if (error)
        g_task_return_error (task, g_error_copy (error));
      else
        resume (task);
      g_object_unref (task);
    }
}

static void
public_auth_done (LimClient *self,
                  GError    *error)
{
  self->public_auth_running = FALSE;
  resume_waiters (&self->public_waiters, error);
  g_clear_error (&error);
}

static void
internal_auth_done (LimClient *self,
                    GError    *error)
{
  self->internal_auth_running = FALSE;
  resume_waiters (&self->internal_waiters, error);
  g_clear_error (&error);
}

static gboolean
realm_ready (LimClient     *self,
             LimClientRealm realm)
{
  if (realm == LIM_CLIENT_REALM_PUBLIC)
    return self->token != NULL && g_get_monotonic_time () < self->token_expiry;
  return self->session_cookie != NULL && self->csrf_token != NULL;
}

/* Run @resume once @realm has credentials (at once when it has). */
void
_lim_client_with_auth (LimClient          *self,
                       GTask              *task,
                       LimClientRealm      realm,
                       LimClientResumeFunc resume)
{
  GQueue *waiters = realm == LIM_CLIENT_REALM_PUBLIC ? &self->public_waiters : &self->internal_waiters;
  gboolean running = realm == LIM_CLIENT_REALM_PUBLIC ? self->public_auth_running : self->internal_auth_running;

  if (realm_ready (self, realm))
    {
      resume (task);
      return;
    }
  g_object_set_data (G_OBJECT (task), "lim-resume", resume);
  g_queue_push_tail (waiters, g_object_ref (task));
  if (!running)
    {
      if (realm == LIM_CLIENT_REALM_PUBLIC)
        start_token_request (self, NULL);
      else
        start_sign_in (self, NULL);
    }
}
