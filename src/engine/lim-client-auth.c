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

/* ---------------------------------------------------------------- one sign-in exchange, with retries */

/* Builds the message of a sign-in exchange, afresh for every attempt. */
typedef SoupMessage *(*AuthBuildFunc) (LimClient *self);

typedef struct
{
  AuthBuildFunc build;
  guint         attempt;
} AuthExchange;

static void auth_exchange_send (GTask *task);

static gboolean
auth_exchange_retry_cb (gpointer user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    g_task_return_error (task, error);
  else
    auth_exchange_send (task);
  return G_SOURCE_REMOVE;
}

static void
auth_exchange_answered (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LimClient *self = g_task_get_source_object (task);
  AuthExchange *ex = g_task_get_task_data (task);
  GError *error = NULL;
  GBytes *bytes = _lim_client_raw_send_finish (self, result, &error);
  guint status = bytes ? soup_message_get_status (g_object_get_data (G_OBJECT (result), "lim-msg")) : 0;
  gint64 wait_ms = -1;

  (void) source;
  /* Signing in changes nothing on the tenant: a dropped connection, a 429
   * (the limiter has learnt how long to stay away) and a 5xx are all worth
   * another attempt, as for a read. */
  if (bytes == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    wait_ms = _lim_client_backoff_ms (ex->attempt);
  else if (status == STATUS_TOO_MANY_REQUESTS)
    wait_ms = _lim_client_backoff_ms (ex->attempt) / 4;
  else if (status >= 500 && status <= 599)
    wait_ms = _lim_client_backoff_ms (ex->attempt);
  if (wait_ms >= 0 && ex->attempt < self->max_retries)
    {
      g_clear_error (&error);
      g_clear_pointer (&bytes, g_bytes_unref);
      ex->attempt++;
      _lim_client_run_later (self, task, wait_ms, auth_exchange_retry_cb);
      return;
    }
  if (bytes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
}

static void
auth_exchange_send (GTask *task)
{
  LimClient *self = g_task_get_source_object (task);
  AuthExchange *ex = g_task_get_task_data (task);
  g_autoptr(SoupMessage) msg = ex->build (self);

  /* Completion callbacks read the last answer's status and headers. */
  g_object_set_data_full (G_OBJECT (task), "lim-msg", g_object_ref (msg), g_object_unref);
  _lim_client_raw_send_async (self, msg, LIM_CLIENT_CATEGORY_AUTH, ex->attempt > 0, g_task_get_cancellable (task),
                              auth_exchange_answered, g_object_ref (task));
}

/* Sends the message @build makes, again (a new one) after a dropped
 * connection, a 429 or a 5xx, with the backoff and the retry budget of a
 * read.  Completes with the last answer's body; the task carries the last
 * message as its "lim-msg" data. */
static void
auth_exchange_async (LimClient          *self,
                     AuthBuildFunc       build,
                     GCancellable       *cancellable,
                     GAsyncReadyCallback callback,
                     gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  AuthExchange *ex = g_new0 (AuthExchange, 1);

  ex->build = build;
  g_task_set_task_data (task, ex, g_free);
  g_task_set_source_tag (task, auth_exchange_async);
  auth_exchange_send (task);
}

static GBytes *
auth_exchange_finish (LimClient    *self,
                      GAsyncResult *result,
                      GError      **error)
{
  (void) self;
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The error of a sign-in exchange still answered 429 after every retry:
 * the tenant is rate limiting, and says for how long. */
static GError *
rate_limited_error (LimClient   *self,
                    SoupMessage *msg,
                    const char  *what)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  const char *retry_after = soup_message_headers_get_one (headers, "Retry-After");
  const char *reset = soup_message_headers_get_one (headers, "x-rate-limit-reset");
  gint64 wait_s = self->window_s;

  if (retry_after && g_ascii_isdigit (*retry_after))
    wait_s = g_ascii_strtoll (retry_after, NULL, 10);
  else if (reset && g_ascii_isdigit (*reset))
    wait_s = g_ascii_strtoll (reset, NULL, 10);
  return g_error_new (LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_RATE_LIMITED,
                      "Benchling tenant %s is rate limiting requests: %s still got “too many requests” (HTTP 429) "
                      "after %u retries. Wait %" G_GINT64_FORMAT " s before trying again.",
                      self->label, what, self->max_retries, wait_s);
}

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
  g_autoptr(GBytes) bytes = auth_exchange_finish (self, result, &error);
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
  if (status == STATUS_TOO_MANY_REQUESTS)
    {
      public_auth_done (self, rate_limited_error (self, msg, "the API token request"));
      return;
    }
  if (status >= 500)
    {
      public_auth_done (self, g_error_new (LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_NETWORK,
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

static SoupMessage *
build_token_request (LimClient *self)
{
  g_autofree char *url = _lim_client_make_url (self, "/api/v2/token");
  SoupMessage *msg = NULL;
  g_autofree char *form = NULL;
  g_autofree char *basic = NULL;
  g_autofree char *pair = NULL;
  g_autoptr(GBytes) body = NULL;

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
  return msg;
}

static void
start_token_request (LimClient    *self,
                     GCancellable *cancellable)
{
  self->public_auth_running = TRUE;
  if (self->client_id == NULL || self->client_secret == NULL)
    {
      public_auth_done (self, g_error_new (LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_AUTH,
                                           "No API client id and secret for Benchling tenant %s", self->label));
      return;
    }
  auth_exchange_async (self, build_token_request, cancellable, token_received, g_object_ref (self));
}

/* ---------------------------------------------------------------- internal realm: sign-in */

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
  GBytes *bytes = auth_exchange_finish (self, result, &error);

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
  if (status == STATUS_TOO_MANY_REQUESTS)
    {
      internal_auth_done (self, rate_limited_error (self, msg, "the sign-in form"));
      return;
    }
  if (status >= 500)
    {
      internal_auth_done (self, g_error_new (LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_HTTP,
                                             "Benchling tenant %s could not sign in %s: HTTP %u to POST /signin",
                                             self->label, self->email, status));
      return;
    }
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

/* The sign-in form, filled in with the CSRF token of the sign-in page. */
static SoupMessage *
build_signin_post (LimClient *self)
{
  g_autofree char *url = _lim_client_make_url (self, "/signin");
  g_autofree char *referer = _lim_client_make_url (self, "/signin");
  g_autofree char *form = NULL;
  g_autoptr(GBytes) body = NULL;
  SoupMessage *post = soup_message_new ("POST", url);

  soup_message_add_flags (post, SOUP_MESSAGE_NO_REDIRECT);
  form = soup_form_encode ("csrf_token", self->csrf_token, "username", self->email, "password", self->password,
                           "signout_on_close", "y", NULL);
  body = g_bytes_new (form, strlen (form));
  memset (form, 0, strlen (form));
  soup_message_set_request_body_from_bytes (post, "application/x-www-form-urlencoded", body);
  soup_message_headers_replace (soup_message_get_request_headers (post), "Referer", referer);
  return post;
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

  (void) source;
  if (bytes == NULL)
    return;
  if (status == STATUS_TOO_MANY_REQUESTS)
    {
      internal_auth_done (self, rate_limited_error (self, g_object_get_data (G_OBJECT (result), "lim-msg"),
                                                    "the sign-in page"));
      return;
    }
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
  auth_exchange_async (self, build_signin_post, g_task_get_cancellable (G_TASK (result)), signin_posted,
                       g_object_ref (self));
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
  if (status == STATUS_TOO_MANY_REQUESTS)
    internal_auth_done (self, rate_limited_error (self, g_object_get_data (G_OBJECT (result), "lim-msg"),
                                                  "the single sign-on probe"));
  else if (status == 400 || status == 403)
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

static SoupMessage *
build_get (LimClient  *self,
           const char *path)
{
  g_autofree char *url = _lim_client_make_url (self, path);
  SoupMessage *msg = soup_message_new ("GET", url);

  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  return msg;
}

static SoupMessage *
build_signin_page_request (LimClient *self)
{
  return build_get (self, "/signin");
}

static SoupMessage *
build_sso_probe (LimClient *self)
{
  return build_get (self, "/ext/saml/signin:begin");
}

/* A LimSignIn answered: the new session, or why there is none. */
static void
sso_signed_in (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(LimClient) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LimSession) session = lim_sign_in_sign_in_finish (LIM_SIGN_IN (source), result, &error);

  _lim_client_set_signing_in (self, FALSE);
  if (session == NULL || session->cookie == NULL || session->csrf_token == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        internal_auth_done (self, g_error_new (LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_SIGN_IN_CANCELLED,
                                               "Signing in to Benchling tenant %s was cancelled.", self->label));
      else
        internal_auth_done (self, g_error_new (LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_AUTH,
                                               "Could not sign in to Benchling tenant %s with single sign-on: %s",
                                               self->label, error ? error->message : "no session was obtained"));
      return;
    }
  lim_client_set_session (self, session->cookie, session->csrf_token);
  self->session_expires_at = session->expires_at;
  internal_auth_done (self, NULL);
}

/* Ask the LimSignIn for a session: NEEDED when the client never had one,
 * EXPIRED when the tenant refused it or it ran out. */
static void
start_sso_sign_in (LimClient    *self,
                   GCancellable *cancellable)
{
  LimSignInReason reason = self->session_given ? LIM_SIGN_IN_REASON_EXPIRED : LIM_SIGN_IN_REASON_NEEDED;

  _lim_client_set_signing_in (self, TRUE);
  lim_sign_in_sign_in_async (self->sign_in, self->sign_in_tenant, reason, cancellable, sso_signed_in,
                             g_object_ref (self));
}

/* @sso_cancellable cancels a single sign-on (the asker's, or a run's
 * Stop); a password sign-in is not cancelled half-way. */
static void
start_sign_in (LimClient    *self,
               GCancellable *sso_cancellable)
{
  GCancellable *cancellable = NULL;

  self->internal_auth_running = TRUE;
  if (_lim_client_may_sign_in (self))
    {
      start_sso_sign_in (self, sso_cancellable);
      return;
    }
  if (self->session_given && self->sso)
    {
      internal_auth_done (self, g_error_new (LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_SIGN_IN_NEEDED,
                                             "Benchling tenant %s refused its single sign-on session: it has expired "
                                             "or was signed out. Sign in again: `liminal login %s`, or Sign In… in "
                                             "Liminal Desktop.", self->label, self->label));
      return;
    }
  if (self->session_given)
    {
      internal_auth_done (self, g_error_new (LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_AUTH,
                                             "Benchling tenant %s rejected the session given for it: it has probably "
                                             "expired. Sign in again and provide a new session cookie and CSRF token.",
                                             self->label));
      return;
    }
  if (self->email && self->password)
    auth_exchange_async (self, build_signin_page_request, cancellable, signin_form_received, g_object_ref (self));
  else
    auth_exchange_async (self, build_sso_probe, cancellable, sso_probe_received, g_object_ref (self));
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
        start_sign_in (self, g_task_get_cancellable (task) ? g_task_get_cancellable (task) : self->sign_in_cancellable);
    }
}
