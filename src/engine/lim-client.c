/* lim-client.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "lim-client-private.h"
#include "lim-snapshot-stream.h"

G_DEFINE_QUARK (lim-client-error-quark, lim_client_error)

G_DEFINE_FINAL_TYPE (LimClient, lim_client, G_TYPE_OBJECT)

enum {
  SIGNAL_REQUEST,
  SIGNAL_POLL_PROGRESS,
  SIGNAL_SESSION_REJECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_SIGNING_IN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
_lim_client_secret_free (char *s)
{
  if (s)
    {
      memset (s, 0, strlen (s));
      g_free (s);
    }
}

static void
lim_client_finalize (GObject *object)
{
  LimClient *self = LIM_CLIENT (object);

  g_clear_object (&self->session);
  g_clear_object (&self->sign_in);
  g_clear_pointer (&self->sign_in_tenant, lim_tenant_unref);
  g_clear_object (&self->sign_in_cancellable);
  g_free (self->base_url);
  g_free (self->label);
  g_free (self->client_id);
  _lim_client_secret_free (self->client_secret);
  g_free (self->email);
  _lim_client_secret_free (self->password);
  _lim_client_secret_free (self->session_cookie);
  _lim_client_secret_free (self->csrf_token);
  _lim_client_secret_free (self->token);
  g_queue_clear (&self->sent);
  g_assert (g_queue_is_empty (&self->public_waiters));
  g_assert (g_queue_is_empty (&self->internal_waiters));

  G_OBJECT_CLASS (lim_client_parent_class)->finalize (object);
}

static void
lim_client_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  LimClient *self = LIM_CLIENT (object);

  switch (prop_id)
    {
    case PROP_SIGNING_IN:
      g_value_set_boolean (value, self->signing_in);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lim_client_class_init (LimClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lim_client_finalize;

  /**
   * LimClient::request:
   * @method: the HTTP method
   * @path: the path (no secret is ever part of a path)
   * @status: the HTTP status, 0 for a network error
   * @duration_ms: how long it took
   *
   * Emitted after every HTTP exchange, for logs and request summaries.
   */
  signals[SIGNAL_REQUEST] =
    g_signal_new ("request", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_UINT, G_TYPE_DOUBLE);

  /**
   * LimClient::poll-progress:
   * @status_url: the task being waited for
   * @elapsed: seconds waited so far
   * @status: the last status reported ("RUNNING", …)
   */
  signals[SIGNAL_POLL_PROGRESS] =
    g_signal_new ("poll-progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_DOUBLE, G_TYPE_STRING);

  /**
   * LimClient::session-rejected:
   *
   * The tenant refused the single sign-on (or given) session in use: it
   * expired or was signed out.  Whoever keeps it (the desktop keyring)
   * drops it.  Emitted once per session.
   */
  signals[SIGNAL_SESSION_REJECTED] =
    g_signal_new ("session-rejected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /* LimClient:signing-in: a LimSignIn is obtaining a new session; internal
   * requests wait for it. */
  properties[PROP_SIGNING_IN] =
    g_param_spec_boolean ("signing-in", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  object_class->get_property = lim_client_get_property;
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lim_client_init (LimClient *self)
{
  self->timeout_s = 30;
  self->patience_s = 120;
  self->max_retries = 6;
  self->time_scale = 1.0;
  self->limit = 60;
  self->window_s = 30;
  g_queue_init (&self->sent);
  g_queue_init (&self->public_waiters);
  g_queue_init (&self->internal_waiters);
}

LimClient *
lim_client_new (const char *base_url,
                const char *label)
{
  LimClient *self;
  g_autofree char *user_agent = g_strdup_printf ("liminal-desktop/%s", PACKAGE_VERSION);

  g_return_val_if_fail (base_url != NULL, NULL);

  self = g_object_new (LIM_TYPE_CLIENT, NULL);
  self->base_url = g_strdup (base_url);
  while (g_str_has_suffix (self->base_url, "/"))
    self->base_url[strlen (self->base_url) - 1] = '\0';
  self->label = g_strdup (label ? label : base_url);
  self->session = soup_session_new_with_options ("user-agent", user_agent,
                                                 "timeout", self->timeout_s,
                                                 "max-conns-per-host", 4,
                                                 NULL);
  return self;
}

void
lim_client_set_client_credentials (LimClient  *self,
                                   const char *client_id,
                                   const char *client_secret)
{
  g_return_if_fail (LIM_IS_CLIENT (self));
  g_free (self->client_id);
  _lim_client_secret_free (self->client_secret);
  self->client_id = g_strdup (client_id);
  self->client_secret = g_strdup (client_secret);
  g_clear_pointer (&self->token, _lim_client_secret_free);
}

void
lim_client_set_password_login (LimClient  *self,
                               const char *email,
                               const char *password)
{
  g_return_if_fail (LIM_IS_CLIENT (self));
  g_free (self->email);
  _lim_client_secret_free (self->password);
  self->email = g_strdup (email);
  self->password = g_strdup (password);
}

void
lim_client_set_session (LimClient  *self,
                        const char *session,
                        const char *csrf_token)
{
  g_return_if_fail (LIM_IS_CLIENT (self));
  _lim_client_secret_free (self->session_cookie);
  _lim_client_secret_free (self->csrf_token);
  self->session_cookie = g_strdup (session);
  self->csrf_token = g_strdup (csrf_token);
  self->session_given = session != NULL;
  self->session_expires_at = 0;
  self->session_rejected = FALSE;
  self->session_gen++;
}

void
lim_client_set_single_sign_on (LimClient *self,
                               gboolean   sso)
{
  g_return_if_fail (LIM_IS_CLIENT (self));
  self->sso = !!sso;
}

void
lim_client_set_session_expiry (LimClient *self,
                               gint64     expires_at)
{
  g_return_if_fail (LIM_IS_CLIENT (self));
  self->session_expires_at = expires_at;
}

gint64
lim_client_get_session_expiry (LimClient *self)
{
  g_return_val_if_fail (LIM_IS_CLIENT (self), 0);
  return self->session_expires_at;
}

void
lim_client_set_sign_in (LimClient *self,
                        LimSignIn *sign_in,
                        LimTenant *tenant)
{
  g_return_if_fail (LIM_IS_CLIENT (self));
  g_return_if_fail (sign_in == NULL || tenant != NULL);
  g_set_object (&self->sign_in, sign_in);
  g_clear_pointer (&self->sign_in_tenant, lim_tenant_unref);
  if (tenant)
    self->sign_in_tenant = lim_tenant_ref (tenant);
}

gboolean
lim_client_get_can_sign_in (LimClient *self)
{
  g_return_val_if_fail (LIM_IS_CLIENT (self), FALSE);
  return self->sign_in != NULL;
}

gboolean
_lim_client_may_sign_in (LimClient *self)
{
  return self->sign_in != NULL && self->sign_in_inhibited == 0;
}

void
lim_client_set_sign_in_cancellable (LimClient    *self,
                                    GCancellable *cancellable)
{
  g_return_if_fail (LIM_IS_CLIENT (self));
  g_set_object (&self->sign_in_cancellable, cancellable);
}

void
lim_client_inhibit_sign_in (LimClient *self)
{
  g_return_if_fail (LIM_IS_CLIENT (self));
  self->sign_in_inhibited++;
}

void
lim_client_uninhibit_sign_in (LimClient *self)
{
  g_return_if_fail (LIM_IS_CLIENT (self));
  g_return_if_fail (self->sign_in_inhibited > 0);
  self->sign_in_inhibited--;
}

gboolean
lim_client_get_needs_sign_in (LimClient *self)
{
  g_return_val_if_fail (LIM_IS_CLIENT (self), FALSE);
  if (self->sign_in == NULL && !self->sso)
    return FALSE;
  return self->session_cookie == NULL || self->csrf_token == NULL ||
         (self->session_expires_at > 0 && g_get_real_time () / G_USEC_PER_SEC >= self->session_expires_at);
}

gboolean
lim_client_get_signing_in (LimClient *self)
{
  g_return_val_if_fail (LIM_IS_CLIENT (self), FALSE);
  return self->signing_in;
}

void
_lim_client_set_signing_in (LimClient *self,
                            gboolean   signing_in)
{
  if (self->signing_in == !!signing_in)
    return;
  self->signing_in = !!signing_in;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNING_IN]);
}

gboolean
lim_client_session_expires_within (LimClient *self,
                                   gint64     seconds)
{
  g_return_val_if_fail (LIM_IS_CLIENT (self), FALSE);
  return self->session_cookie != NULL && self->session_expires_at > 0 &&
         g_get_real_time () / G_USEC_PER_SEC + seconds >= self->session_expires_at;
}

/* The session in use was refused (or is to be replaced): drop it, once. */
static void
session_refused (LimClient *self)
{
  gboolean emit = self->session_given && !self->session_rejected;

  g_clear_pointer (&self->session_cookie, _lim_client_secret_free);
  self->session_rejected = TRUE;
  if (emit)
    g_signal_emit (self, signals[SIGNAL_SESSION_REJECTED], 0);
}

static void
renew_ready (GTask *task)
{
  g_task_return_boolean (task, TRUE);
}

void
lim_client_renew_session_async (LimClient          *self,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_return_if_fail (LIM_IS_CLIENT (self));
  g_task_set_source_tag (task, lim_client_renew_session_async);
  if (!_lim_client_may_sign_in (self))
    {
      g_task_return_new_error (task, LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_SIGN_IN_NEEDED,
                               "The single sign-on session of Benchling tenant %s has expired. Sign in again: "
                               "`liminal login %s`, or Sign In… in Liminal Desktop.", self->label, self->label);
      return;
    }
  if (!self->internal_auth_running)
    session_refused (self);
  _lim_client_with_auth (self, task, LIM_CLIENT_REALM_INTERNAL, renew_ready);
}

gboolean
lim_client_renew_session_finish (LimClient    *self,
                                 GAsyncResult *result,
                                 GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
lim_client_set_timeout (LimClient *self,
                        guint      seconds)
{
  self->timeout_s = seconds;
  soup_session_set_timeout (self->session, seconds);
}

guint
lim_client_get_timeout (LimClient *self)
{
  return self->timeout_s;
}
void
lim_client_set_poll_patience (LimClient *self,
                              guint      seconds)
{
  self->patience_s = seconds;
}
void
lim_client_set_max_retries (LimClient *self,
                            guint      retries)
{
  self->max_retries = retries;
}
void
lim_client_set_time_scale (LimClient *self,
                           double     factor)
{
  self->time_scale = factor > 0 ? factor : 1.0;
}

double
lim_client_get_time_scale (LimClient *self)
{
  g_return_val_if_fail (LIM_IS_CLIENT (self), 1.0);
  return self->time_scale;
}

void
lim_client_set_rate_limit (LimClient *self,
                           guint      requests,
                           guint      window_seconds)
{
  self->limit = requests;
  self->window_s = MAX (window_seconds, 1);
  self->window_set = TRUE;
}

void
lim_client_get_rate_limit (LimClient *self,
                           guint     *requests,
                           guint     *window_seconds)
{
  g_return_if_fail (LIM_IS_CLIENT (self));
  if (requests)
    *requests = self->limit;
  if (window_seconds)
    *window_seconds = self->window_s;
}

const char *
lim_client_get_base_url (LimClient *self)
{
  return self->base_url;
}
const char *
lim_client_get_label (LimClient *self)
{
  return self->label;
}

const char *
lim_client_get_client_id (LimClient *self)
{
  return self->client_id;
}

char *
lim_client_dup_access_token (LimClient *self,
                             gint64    *expires_unix)
{
  gint64 now = g_get_monotonic_time ();

  g_return_val_if_fail (LIM_IS_CLIENT (self), NULL);
  if (self->token == NULL || now >= self->token_expiry)
    return NULL;
  if (expires_unix)
    *expires_unix = g_get_real_time () / G_USEC_PER_SEC + (self->token_expiry - now) / G_USEC_PER_SEC;
  return g_strdup (self->token);
}

void
lim_client_set_access_token (LimClient  *self,
                             const char *token,
                             gint64      expires_unix)
{
  gint64 left = expires_unix - g_get_real_time () / G_USEC_PER_SEC;

  g_return_if_fail (LIM_IS_CLIENT (self));
  if (token == NULL || *token == '\0' || left <= 0)
    return;
  g_clear_pointer (&self->token, _lim_client_secret_free);
  self->token = g_strdup (token);
  self->token_expiry = g_get_monotonic_time () + left * G_USEC_PER_SEC;
}

const char *
lim_client_get_email (LimClient *self)
{
  return self->email;
}

const LimClientStats *
lim_client_get_stats (LimClient *self)
{
  return &self->stats;
}

void
lim_client_reset_stats (LimClient *self)
{
  memset (&self->stats, 0, sizeof self->stats);
}

/* ---------------------------------------------------------------- waiting */

typedef struct
{
  GTask      *task;
  GSource    *source;
  gulong      cancel_id;
  GSourceFunc then;
} Wait;

static void
wait_cancelled (GCancellable *cancellable,
                gpointer      data)
{
  (void) cancellable;
  (void) data;
  /* The timeout fires at once; the continuation sees the cancellation. */
}

/* Run @then (with the task as data) after @ms milliseconds (scaled), or at
 * once when the task's cancellable fires. */
void
_lim_client_run_later (LimClient  *self,
                       GTask      *task,
                       gint64      ms,
                       GSourceFunc then)
{
  GCancellable *cancellable = g_task_get_cancellable (task);
  GSource *source;

  ms = (gint64) (ms * self->time_scale);
  if (ms <= 0 || (cancellable && g_cancellable_is_cancelled (cancellable)))
    {
      source = g_idle_source_new ();
    }
  else
    {
      GSource *cancel_source;
      source = g_timeout_source_new ((guint) MIN (ms, G_MAXUINT));
      if (cancellable)
        {
          /* Wake up early on cancellation: a cancellable source as a child. */
          cancel_source = g_cancellable_source_new (cancellable);
          g_source_set_dummy_callback (cancel_source);
          g_source_add_child_source (source, cancel_source);
          g_source_unref (cancel_source);
        }
    }
  (void) wait_cancelled;
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, then, g_object_ref (task), g_object_unref);
  g_source_set_static_name (source, "[liminal] client wait");
  g_source_attach (source, g_task_get_context (task));
  g_source_unref (source);
}

static gboolean
task_return_if_cancelled (GTask *task)
{
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, &error))
    {
      g_task_return_error (task, error);
      return TRUE;
    }
  return FALSE;
}

/* ---------------------------------------------------------------- limiter */

static gint64
limiter_delay_ms (LimClient *self)
{
  gint64 now = g_get_monotonic_time ();
  gint64 window = (gint64) self->window_s * G_USEC_PER_SEC + G_USEC_PER_SEC / 4;
  gint64 wait = 0;

  while (!g_queue_is_empty (&self->sent) &&
         GPOINTER_TO_SIZE (g_queue_peek_head (&self->sent)) + window <= (gsize) now)
    g_queue_pop_head (&self->sent);

  if (self->blocked_until > now)
    wait = self->blocked_until - now;
  if (self->limit > 0 && g_queue_get_length (&self->sent) >= self->limit)
    {
      gint64 oldest = (gint64) GPOINTER_TO_SIZE (g_queue_peek_head (&self->sent));
      wait = MAX (wait, oldest + window - now);
    }
  return (wait + 999) / 1000;
}

static void
limiter_record_send (LimClient *self)
{
  g_queue_push_tail (&self->sent, GSIZE_TO_POINTER ((gsize) g_get_monotonic_time ()));
}

static void
limiter_update (LimClient   *self,
                SoupMessage *msg)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  const char *limit = soup_message_headers_get_one (headers, "x-rate-limit-limit");
  const char *remaining = soup_message_headers_get_one (headers, "x-rate-limit-remaining");
  const char *reset = soup_message_headers_get_one (headers, "x-rate-limit-reset");
  gint64 reset_s = reset ? g_ascii_strtoll (reset, NULL, 10) : -1;

  const char *retry_after = soup_message_headers_get_one (headers, "Retry-After");
  gint64 retry_s = retry_after && g_ascii_isdigit (*retry_after) ? g_ascii_strtoll (retry_after, NULL, 10) : -1;

  if (limit)
    {
      gint64 l = g_ascii_strtoll (limit, NULL, 10);
      if (l > 0 && l <= G_MAXINT)
        self->limit = (guint) l;
    }
  /* The window: the longest time to a reset seen so far (a fresh window
   * reports its whole length), unless the caller set one. */
  if (!self->window_set && reset_s > 0 && reset_s <= 3600)
    {
      if (self->window_learned)
        self->window_s = MAX (self->window_s, (guint) reset_s);
      else
        self->window_s = (guint) reset_s;
      self->window_learned = TRUE;
    }
  if ((remaining && g_ascii_strtoll (remaining, NULL, 10) <= 0) ||
      soup_message_get_status (msg) == STATUS_TOO_MANY_REQUESTS)
    {
      gint64 wait_s = reset_s >= 0 ? reset_s : (gint64) self->window_s;
      gint64 until;

      /* A 429's Retry-After is the server's own word: never come back sooner. */
      if (soup_message_get_status (msg) == STATUS_TOO_MANY_REQUESTS && retry_s > wait_s && retry_s <= 3600)
        wait_s = retry_s;
      until = g_get_monotonic_time () + (gint64) ((wait_s * G_USEC_PER_SEC + G_USEC_PER_SEC / 4) * self->time_scale);
      self->blocked_until = MAX (self->blocked_until, until);
    }
}

/* ---------------------------------------------------------------- raw exchange */

typedef struct
{
  SoupMessage      *msg;
  LimClientCategory category;
  gboolean          retry;
  gint64            started;
  gint64            wait_started;
  /* An answer read as it arrives (see raw_read_next()). */
  LimJsonStream *json;       /* borrowed from the message ("lim-json-stream") */
  GInputStream  *body;
  GByteArray    *kept;       /* the body when it does not go to @json */
} Raw;

static void
raw_free (gpointer data)
{
  Raw *raw = data;
  g_clear_object (&raw->msg);
  /* Not read to the end (an error, a cancel): a blocking close would read
   * the rest on the main loop's thread. */
  if (raw->body && !g_input_stream_is_closed (raw->body))
    g_input_stream_close_async (raw->body, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  g_clear_object (&raw->body);
  g_clear_pointer (&raw->kept, g_byte_array_unref);
  g_free (raw);
}

static void
raw_complete (GTask  *task,
              GBytes *bytes,
              GError *error)
{
  LimClient *self = g_task_get_source_object (task);
  Raw *raw = g_task_get_task_data (task);
  double ms = (g_get_monotonic_time () - raw->started) / 1000.0;
  guint status = error ? 0 : soup_message_get_status (raw->msg);

  if (!error)
    {
      limiter_update (self, raw->msg);
      if (status == STATUS_TOO_MANY_REQUESTS)
        self->stats.rate_limited++;
    }
  g_signal_emit (self, signals[SIGNAL_REQUEST], 0, soup_message_get_method (raw->msg),
                 g_uri_get_path (soup_message_get_uri (raw->msg)), status, ms);

  if (error)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
}

static void
raw_sent (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GBytes *bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);

  raw_complete (task, bytes, error);
}

/* The body of a message that carries a LimJsonStream is read in chunks: a
 * successful answer goes to the stream as it arrives (never held whole),
 * any other is kept for its message.  Completes with the kept bytes (empty
 * when streamed). */
#define RAW_CHUNK (256 * 1024)

static void raw_read_next (GTask *task);

static void
raw_chunk_read (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Raw *raw = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(GBytes) chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  gsize len = 0;
  const char *data;

  if (chunk == NULL)
    {
      raw_complete (task, NULL, error);
      return;
    }
  data = g_bytes_get_data (chunk, &len);
  if (len == 0)
    {
      g_input_stream_close (raw->body, NULL, NULL);
      raw_complete (task, g_byte_array_free_to_bytes (g_steal_pointer (&raw->kept)), NULL);
      return;
    }
  if (raw->json)
    {
      /* A malformed answer: the reader keeps the error (request_done()
       * sees it) and ignores the rest, which is still read to the end. */
      (void) lim_json_stream_feed (raw->json, data, len, NULL);
    }
  else
    g_byte_array_append (raw->kept, (const guint8 *) data, (guint) len);
  raw_read_next (g_steal_pointer (&task));
}

static void
raw_read_next (GTask *task)
{
  Raw *raw = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (raw->body, RAW_CHUNK, G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                                   raw_chunk_read, task);
}

static void
raw_stream_sent (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  Raw *raw = g_task_get_task_data (task);
  GError *error = NULL;

  raw->body = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (raw->body == NULL)
    {
      raw_complete (task, NULL, error);
      g_object_unref (task);
      return;
    }
  raw->kept = g_byte_array_new ();
  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (raw->msg)))
    raw->json = NULL;
  raw_read_next (task);
}

/* libsoup re-sends an idempotent request by itself when a kept-alive
 * connection closes before the answer: count it like ours. */
static void
raw_restarted (SoupMessage *msg,
               gpointer     user_data)
{
  LimClient *self = user_data;

  (void) msg;
  self->stats.total++;
  self->stats.retries++;
}

static gboolean
raw_go (gpointer user_data)
{
  GTask *task = user_data;
  LimClient *self = g_task_get_source_object (task);
  Raw *raw = g_task_get_task_data (task);
  gint64 delay;

  if (task_return_if_cancelled (task))
    return G_SOURCE_REMOVE;

  delay = limiter_delay_ms (self);
  if (delay > 0)
    {
      if (raw->wait_started == 0)
        {
          raw->wait_started = g_get_monotonic_time ();
          self->stats.throttle_waits++;
        }
      /* The delay is already real time (see limiter_update). */
      _lim_client_run_later (self, task, (gint64) (delay / self->time_scale), raw_go);
      return G_SOURCE_REMOVE;
    }
  if (raw->wait_started)
    self->stats.throttle_ms += (g_get_monotonic_time () - raw->wait_started) / 1000;

  limiter_record_send (self);
  self->stats.total++;
  if (raw->retry)
    self->stats.retries++;
  switch (raw->category)
    {
    case LIM_CLIENT_CATEGORY_AUTH: self->stats.auth++; break;
    case LIM_CLIENT_CATEGORY_READ: self->stats.reads++; break;
    case LIM_CLIENT_CATEGORY_WRITE: self->stats.writes++; break;
    case LIM_CLIENT_CATEGORY_POLL: self->stats.polls++; break;
    default: g_assert_not_reached ();
    }
  raw->started = g_get_monotonic_time ();
  if (!g_object_get_data (G_OBJECT (raw->msg), "lim-counted"))
    {
      g_object_set_data (G_OBJECT (raw->msg), "lim-counted", GINT_TO_POINTER (1));
      g_signal_connect_object (raw->msg, "restarted", G_CALLBACK (raw_restarted), self, 0);
    }
  raw->json = g_object_get_data (G_OBJECT (raw->msg), "lim-json-stream");
  if (raw->json)
    soup_session_send_async (self->session, raw->msg, G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                             raw_stream_sent, g_object_ref (task));
  else
    soup_session_send_and_read_async (self->session, raw->msg, G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                                      raw_sent, g_object_ref (task));
  return G_SOURCE_REMOVE;
}

void
_lim_client_raw_send_async (LimClient          *self,
                            SoupMessage        *msg,
                            LimClientCategory   category,
                            gboolean            retry,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Raw *raw = g_new0 (Raw, 1);

  raw->msg = g_object_ref (msg);
  raw->category = category;
  raw->retry = retry;
  g_task_set_task_data (task, raw, raw_free);
  g_task_set_source_tag (task, _lim_client_raw_send_async);
  /* Completion callbacks read the answer's status and headers from it. */
  g_object_set_data_full (G_OBJECT (task), "lim-msg", g_object_ref (msg), g_object_unref);
  raw_go (task);
  g_object_unref (task);
}

GBytes *
_lim_client_raw_send_finish (LimClient    *self,
                             GAsyncResult *result,
                             GError      **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---------------------------------------------------------------- messages */

char *
_lim_client_make_url (LimClient  *self,
                      const char *path)
{
  return g_strconcat (self->base_url, path, NULL);
}

/* Benchling's error body: {"error": {"type", "message", "userMessage"}}. */
char *
_lim_client_server_message (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len = 0;
  const char *data = bytes ? g_bytes_get_data (bytes, &len) : NULL;
  JsonNode *root;

  if (data == NULL || len == 0 || !json_parser_load_from_data (parser, data, len, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *obj = json_node_get_object (root);
      JsonObject *err =
        json_object_get_object_member (obj, "error") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (obj, "error"))
                          ? json_object_get_object_member (obj, "error") : NULL;
      const char *keys[] = { "userMessage", "message", "error_description" };
      for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
        {
          JsonObject *o = err ? err : obj;
          if (json_object_has_member (o, keys[i]) && JSON_NODE_HOLDS_VALUE (json_object_get_member (o, keys[i])))
            {
              const char *s = json_object_get_string_member (o, keys[i]);
              if (s && *s)
                return g_strdup (s);
            }
        }
      if (json_object_has_member (obj, "error") && JSON_NODE_HOLDS_VALUE (json_object_get_member (obj, "error")))
        return g_strdup (json_object_get_string_member (obj, "error"));
    }
  return NULL;
}

JsonNode *
_lim_client_parse_json (GBytes  *bytes,
                        GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len = 0;
  const char *data = bytes ? g_bytes_get_data (bytes, &len) : NULL;

  if (data == NULL || len == 0)
    return NULL;
  if (!json_parser_load_from_data (parser, data, len, error))
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

/* ---------------------------------------------------------------- requests */

typedef struct
{
  LimClientRealm realm;
  char          *method;
  char          *path;
  GBytes        *body;
  LimClientFlags flags;
  guint          attempt;
  gboolean       reauthed;
  guint          session_gen;   /* the session it was sent with */
  SoupMessage   *msg;
} Request;

static void
request_free (gpointer data)
{
  Request *req = data;
  g_free (req->method);
  g_free (req->path);
  g_clear_pointer (&req->body, g_bytes_unref);
  g_clear_object (&req->msg);
  g_free (req);
}

static void request_send (GTask *task);

gint64
_lim_client_backoff_ms (guint attempt)
{
  gint64 base = 500LL << MIN (attempt, 5);   /* 0.5 s, 1 s, 2 s … 16 s */
  base = MIN (base, 8000);
  return base / 2 + g_random_int_range (0, (gint32) (base / 2) + 1);
}

static gboolean
request_retry_cb (gpointer user_data)
{
  GTask *task = user_data;

  if (!task_return_if_cancelled (task))
    _lim_client_with_auth (g_task_get_source_object (task), task, ((Request *) g_task_get_task_data (task))->realm,
                           request_send);
  return G_SOURCE_REMOVE;
}

static void
request_retry (GTask *task,
               gint64 ms)
{
  Request *req = g_task_get_task_data (task);

  req->attempt++;
  _lim_client_run_later (g_task_get_source_object (task), task, ms, request_retry_cb);
}

/* Answers at least this long are parsed off the caller's thread. */
#define PARSE_IN_THREAD_BYTES (256 * 1024)

/* The end of request_done(): @root (owned) parsed from the answer, or
 * @parse_error (owned). */
static void
request_finish_parsed (GTask    *task,
                       JsonNode *root,
                       GError   *parse_error)
{
  LimClient *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  gboolean write = (req->flags & LIM_CLIENT_FLAGS_WRITE) != 0;

  if (parse_error != NULL)
    {
      g_autoptr(GError) owned = parse_error;

      g_clear_pointer (&root, json_node_unref);
      if (!write && req->attempt < self->max_retries)
        {
          request_retry (task, _lim_client_backoff_ms (req->attempt));
          return;
        }
      g_task_return_new_error (task, LIM_CLIENT_ERROR, write ? LIM_CLIENT_ERROR_UNCERTAIN
                                                               : LIM_CLIENT_ERROR_INVALID_RESPONSE,
                               "Benchling tenant %s answered %s %s with something that is not JSON%s%s%s",
                               self->label, req->method, req->path,
                               write ? ": the change may or may not have been applied" : "",
                               (req->flags & LIM_CLIENT_FLAGS_BIG) ? " — " : "",
                               (req->flags & LIM_CLIENT_FLAGS_BIG) ? owned->message : "");
      return;
    }
  g_task_return_pointer (task, root, (GDestroyNotify) json_node_unref);
}

static void
parse_thread (GTask        *parse,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;
  JsonNode *root = _lim_client_parse_json (task_data, &error);

  if (error != NULL)
    g_task_return_error (parse, error);
  else if (root == NULL)
    g_task_return_pointer (parse, NULL, NULL);
  else
    g_task_return_pointer (parse, root, (GDestroyNotify) json_node_unref);
}

static void
request_parsed (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  JsonNode *root = g_task_propagate_pointer (G_TASK (result), &error);

  request_finish_parsed (task, root, error);
}

static void
request_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LimClient *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  gboolean write = (req->flags & LIM_CLIENT_FLAGS_WRITE) != 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = _lim_client_raw_send_finish (self, result, &error);
  guint status;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) parse_error = NULL;

  (void) source;
  if (bytes == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      if (!write && req->attempt < self->max_retries)
        {
          request_retry (task, _lim_client_backoff_ms (req->attempt));
          return;
        }
      if (write)
        g_task_return_new_error (task, LIM_CLIENT_ERROR,
                                 g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) ? LIM_CLIENT_ERROR_TIMEOUT
                                                                                           : LIM_CLIENT_ERROR_UNCERTAIN,
                                 "%s %s on Benchling tenant %s got no answer (%s): the change may or may not "
                                 "have been applied", req->method, req->path, self->label, error->message);
      else
        g_task_return_new_error (task, LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_NETWORK,
                                 "Cannot reach Benchling tenant %s (%s %s): %s", self->label, req->method,
                                 req->path, error->message);
      return;
    }

  status = soup_message_get_status (req->msg);
  g_object_set_data (G_OBJECT (task), "lim-status", GUINT_TO_POINTER (status));

  if (status == STATUS_TOO_MANY_REQUESTS)
    {
      /* Rejected, not processed: safe to send again, writes included. */
      if (req->attempt < self->max_retries)
        {
          request_retry (task, _lim_client_backoff_ms (req->attempt) / 4);
          return;
        }
      g_task_return_new_error (task, LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_RATE_LIMITED,
                               "Benchling tenant %s kept answering “too many requests” to %s %s", self->label,
                               req->method, req->path);
      return;
    }
  if (req->realm == LIM_CLIENT_REALM_INTERNAL && self->session_given &&
      (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN))
    {
      /* The session was refused, so the request was not applied.  Drop
       * that session (not a newer one another request already got) and,
       * with a LimSignIn, send the request again once signed in. */
      if (req->session_gen == self->session_gen)
        session_refused (self);
      if (_lim_client_may_sign_in (self) && !req->reauthed)
        {
          req->reauthed = TRUE;
          request_retry (task, 0);
          return;
        }
      if (self->sso)
        {
          g_task_return_new_error (task, LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_SIGN_IN_NEEDED,
                                   "Benchling tenant %s refused its single sign-on session (%s %s, HTTP %u): it has "
                                   "expired or was signed out, and nothing was changed by that request. Sign in "
                                   "again: `liminal login %s`, or Sign In… in Liminal Desktop.",
                                   self->label, req->method, req->path, status, self->label);
          return;
        }
    }
  if ((status == SOUP_STATUS_UNAUTHORIZED ||
       (req->realm == LIM_CLIENT_REALM_INTERNAL && status == SOUP_STATUS_FORBIDDEN)) &&
      !req->reauthed && !(req->realm == LIM_CLIENT_REALM_INTERNAL && self->session_given))
    {
      /* Credentials expired: the request was refused, so send it again. */
      req->reauthed = TRUE;
      if (req->realm == LIM_CLIENT_REALM_PUBLIC)
        g_clear_pointer (&self->token, _lim_client_secret_free);
      else
        g_clear_pointer (&self->session_cookie, _lim_client_secret_free);
      request_retry (task, 0);
      return;
    }
  if (status >= 500 && status <= 599)
    {
      /* Reads: 502–504 are passing trouble, worth retrying; a 500 is not. */
      if (!write && status != 500 && req->attempt < self->max_retries)
        {
          request_retry (task, _lim_client_backoff_ms (req->attempt));
          return;
        }
      if (write)
        {
          g_autofree char *detail = _lim_client_server_message (bytes);
          g_task_return_new_error (task, LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_UNCERTAIN,
                                   "%s %s on Benchling tenant %s answered HTTP %u%s%s: the change may or may not "
                                   "have been applied", req->method, req->path, self->label, status,
                                   detail ? ": " : "", detail ? detail : "");
          return;
        }
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_autofree char *detail = _lim_client_server_message (bytes);
      g_task_return_new_error (task, LIM_CLIENT_ERROR,
                               status == 404 ? LIM_CLIENT_ERROR_NOT_FOUND
                               : status == 401 || status == 403 ? LIM_CLIENT_ERROR_AUTH
                               : LIM_CLIENT_ERROR_HTTP,
                               "Benchling tenant %s refused %s %s (HTTP %u)%s%s", self->label, req->method,
                               req->path, status, detail ? ": " : "", detail ? detail : "");
      return;
    }

  if (req->flags & LIM_CLIENT_FLAGS_BIG)
    {
      /* Read as it arrived (raw_read_next()); an empty body is no answer. */
      LimJsonStream *stream = g_object_get_data (G_OBJECT (req->msg), "lim-json-stream");
      if (lim_json_stream_get_offset (stream) > 0)
        root = lim_json_stream_finish (stream, &parse_error);
    }
  else if (g_bytes_get_size (bytes) >= PARSE_IN_THREAD_BYTES)
    {
      /* A long answer (a page of big schemas): parsed by a worker thread,
       * not by the caller's main loop, which may be the window's. */
      GCancellable *cancellable = g_task_get_cancellable (task);
      GTask *parse = g_task_new (NULL, cancellable, request_parsed, g_steal_pointer (&task));
      g_task_set_task_data (parse, g_steal_pointer (&bytes), (GDestroyNotify) g_bytes_unref);
      g_task_set_check_cancellable (parse, FALSE);
      g_task_run_in_thread (parse, parse_thread);
      g_object_unref (parse);
      return;
    }
  else
    root = _lim_client_parse_json (bytes, &parse_error);
  request_finish_parsed (task, g_steal_pointer (&root), g_steal_pointer (&parse_error));
}

static void
request_send (GTask *task)
{
  LimClient *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  g_autofree char *url = _lim_client_make_url (self, req->path);
  SoupMessageHeaders *headers;
  LimClientCategory category;

  if (task_return_if_cancelled (task))
    return;

  g_clear_object (&req->msg);
  req->msg = soup_message_new (req->method, url);
  if (req->msg == NULL)
    {
      g_task_return_new_error (task, LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_INVALID_RESPONSE, "Invalid URL %s%s",
                               self->base_url, req->path);
      return;
    }
  soup_message_add_flags (req->msg, SOUP_MESSAGE_NO_REDIRECT);
  if (req->flags & LIM_CLIENT_FLAGS_BIG)
    {
      /* A fresh reader per attempt: a retry starts from the first byte. */
      g_autofree char *what = g_strdup_printf ("Benchling tenant %s, %s %s", self->label, req->method, req->path);
      LimJsonStream *stream = lim_json_stream_new (what);
      if (req->flags & LIM_CLIENT_FLAGS_TAG_SCHEMAS)
        lim_json_stream_set_tag_schemas (stream);
      g_object_set_data_full (G_OBJECT (req->msg), "lim-json-stream", stream, (GDestroyNotify) lim_json_stream_free);
    }
  headers = soup_message_get_request_headers (req->msg);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (req->realm == LIM_CLIENT_REALM_PUBLIC)
    {
      g_autofree char *auth = g_strdup_printf ("Bearer %s", self->token);
      soup_message_headers_replace (headers, "Authorization", auth);
      memset (auth, 0, strlen (auth));
    }
  else
    {
      g_autofree char *cookie = g_strdup_printf ("session=%s", self->session_cookie);

      req->session_gen = self->session_gen;
      g_autofree char *referer = g_strdup_printf ("%s/", self->base_url);
      soup_message_headers_replace (headers, "Cookie", cookie);
      soup_message_headers_replace (headers, "x-csrftoken", self->csrf_token);
      soup_message_headers_replace (headers, "Referer", referer);
      memset (cookie, 0, strlen (cookie));
    }
  if (req->body)
    soup_message_set_request_body_from_bytes (req->msg, "application/json", req->body);
  else if (req->realm == LIM_CLIENT_REALM_INTERNAL)
    soup_message_headers_replace (headers, "Content-Type", "application/json");

  category = (req->flags & LIM_CLIENT_FLAGS_POLL) ? LIM_CLIENT_CATEGORY_POLL
             : (req->flags & LIM_CLIENT_FLAGS_WRITE) ? LIM_CLIENT_CATEGORY_WRITE : LIM_CLIENT_CATEGORY_READ;
  _lim_client_raw_send_async (self, req->msg, category, req->attempt > 0, g_task_get_cancellable (task), request_done,
                              g_object_ref (task));
}

void
lim_client_send_async (LimClient          *self,
                       LimClientRealm      realm,
                       const char         *method,
                       const char         *path,
                       JsonNode           *body,
                       LimClientFlags      flags,
                       GCancellable       *cancellable,
                       GAsyncReadyCallback callback,
                       gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *req;

  g_return_if_fail (LIM_IS_CLIENT (self));
  g_return_if_fail (path != NULL && path[0] == '/');

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lim_client_send_async);
  req = g_new0 (Request, 1);
  req->realm = realm;
  req->method = g_strdup (method);
  req->path = g_strdup (path);
  req->flags = flags;
  if (body)
    {
      g_autoptr(JsonGenerator) gen = json_generator_new ();
      gsize len = 0;
      char *data;
      json_generator_set_root (gen, body);
      data = json_generator_to_data (gen, &len);
      req->body = g_bytes_new_take (data, len);
    }
  g_task_set_task_data (task, req, request_free);
  _lim_client_with_auth (self, task, realm, request_send);
}

JsonNode *
lim_client_send_finish (LimClient    *self,
                        GAsyncResult *result,
                        guint        *status,
                        GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  if (status)
    *status = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (result), "lim-status"));
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---------------------------------------------------------------- pagination */

typedef struct
{
  char      *path;
  char      *items_key;
  JsonArray *items;
} Pages;

static void
pages_free (gpointer data)
{
  Pages *pages = data;
  g_free (pages->path);
  g_free (pages->items_key);
  g_clear_pointer (&pages->items, json_array_unref);
  g_free (pages);
}

static void request_page (GTask      *task,
                          const char *next_token);

static void
page_received (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Pages *pages = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(JsonNode) root = lim_client_send_finish (LIM_CLIENT (source), result, NULL, &error);
  JsonObject *obj;
  JsonNode *items;
  const char *next = NULL;

  if (error)
    {
      g_task_return_error (task, error);
      return;
    }
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_task_return_new_error (task, LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_INVALID_RESPONSE,
                               "GET %s did not answer a JSON object", pages->path);
      return;
    }
  obj = json_node_get_object (root);
  items = json_object_get_member (obj, pages->items_key);
  if (items == NULL || !JSON_NODE_HOLDS_ARRAY (items))
    {
      g_task_return_new_error (task, LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_INVALID_RESPONSE,
                               "GET %s answered without a “%s” list", pages->path, pages->items_key);
      return;
    }
  {
    JsonArray *arr = json_node_get_array (items);
    for (guint i = 0; i < json_array_get_length (arr); i++)
      json_array_add_element (pages->items, json_node_copy (json_array_get_element (arr, i)));
  }
  if (json_object_has_member (obj, "nextToken") && JSON_NODE_HOLDS_VALUE (json_object_get_member (obj, "nextToken")))
    next = json_object_get_string_member (obj, "nextToken");
  if (next && *next)
    request_page (task, next);
  else
    g_task_return_pointer (task, json_array_ref (pages->items), (GDestroyNotify) json_array_unref);
}

static void
request_page (GTask      *task,
              const char *next_token)
{
  LimClient *self = g_task_get_source_object (task);
  Pages *pages = g_task_get_task_data (task);
  GString *path = g_string_new (pages->path);

  g_string_append_c (path, strchr (pages->path, '?') ? '&' : '?');
  g_string_append (path, "pageSize=100");
  if (next_token)
    {
      g_autofree char *escaped = g_uri_escape_string (next_token, NULL, FALSE);
      g_string_append_printf (path, "&nextToken=%s", escaped);
    }
  lim_client_send_async (self, LIM_CLIENT_REALM_PUBLIC, "GET", path->str, NULL, LIM_CLIENT_FLAGS_NONE,
                         g_task_get_cancellable (task), page_received, g_object_ref (task));
  g_string_free (path, TRUE);
}

void
lim_client_get_all_async (LimClient          *self,
                          const char         *path,
                          const char         *items_key,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Pages *pages = g_new0 (Pages, 1);

  g_task_set_source_tag (task, lim_client_get_all_async);
  pages->path = g_strdup (path);
  pages->items_key = g_strdup (items_key);
  pages->items = json_array_new ();
  g_task_set_task_data (task, pages, pages_free);
  request_page (task, NULL);
}

JsonArray *
lim_client_get_all_finish (LimClient    *self,
                           GAsyncResult *result,
                           GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---------------------------------------------------------------- polling */

typedef struct
{
  char  *path;
  gint64 started;
  gint64 interval_ms;
  guint  failures;    /* polls that failed in a row */
} Poll;

static void
poll_free (gpointer data)
{
  Poll *poll = data;
  g_free (poll->path);
  g_free (poll);
}

static void poll_once (GTask *task);

static gboolean
poll_again_cb (gpointer user_data)
{
  GTask *task = user_data;
  if (!task_return_if_cancelled (task))
    poll_once (task);
  return G_SOURCE_REMOVE;
}

static void
poll_received (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LimClient *self = LIM_CLIENT (source);
  Poll *poll = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(JsonNode) root = lim_client_send_finish (self, result, NULL, &error);
  const char *status = NULL;
  double elapsed = (g_get_monotonic_time () - poll->started) / (double) G_USEC_PER_SEC;

  if (error)
    {
      /* A failed poll does not change the tenant: the task may still be
       * running.  Polling is a read, so ask again a few times; then report
       * the outcome as uncertain. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, error);
      else if (!g_error_matches (error, LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_SIGN_IN_NEEDED) &&
               ++poll->failures < 4 && elapsed / self->time_scale <= self->patience_s)
        {
          g_error_free (error);
          _lim_client_run_later (self, task, poll->interval_ms, poll_again_cb);
        }
      else
        {
          g_task_return_new_error (task, LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_UNCERTAIN,
                                   "Could not learn the outcome of a Benchling task on tenant %s: %s", self->label,
                                   error->message);
          g_error_free (error);
        }
      return;
    }
  if (root && JSON_NODE_HOLDS_OBJECT (root) && json_object_has_member (json_node_get_object (root), "status"))
    status = json_object_get_string_member (json_node_get_object (root), "status");
  poll->failures = 0;
  if (g_strcmp0 (status, "SUCCESS") == 0)
    {
      g_task_return_pointer (task, g_steal_pointer (&root), (GDestroyNotify) json_node_unref);
      return;
    }
  if (status == NULL || g_strcmp0 (status, "FAILED") == 0 || g_strcmp0 (status, "FAILURE") == 0 ||
      g_strcmp0 (status, "ERROR") == 0 || g_strcmp0 (status, "CANCELLED") == 0)
    {
      g_autofree char *detail = NULL;
      if (root && JSON_NODE_HOLDS_OBJECT (root))
        {
          JsonObject *obj = json_node_get_object (root);
          const char *keys[] = { "userMessage", "message", "errorMessage" };
          for (guint i = 0; i < G_N_ELEMENTS (keys) && detail == NULL; i++)
            if (json_object_has_member (obj, keys[i]) && JSON_NODE_HOLDS_VALUE (json_object_get_member (obj, keys[i])))
              detail = g_strdup (json_object_get_string_member (obj, keys[i]));
        }
      g_task_return_new_error (task, LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_TASK_FAILED,
                               "A Benchling task on tenant %s ended with status %s%s%s", self->label,
                               status ? status : "(none)", detail ? ": " : "", detail ? detail : "");
      return;
    }
  g_signal_emit (self, signals[SIGNAL_POLL_PROGRESS], 0, poll->path, elapsed, status);
  if (elapsed / self->time_scale > self->patience_s)
    {
      g_task_return_new_error (task, LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_TIMEOUT,
                               "A Benchling task on tenant %s was still %s after %.0f s: it may still complete",
                               self->label, status, elapsed / self->time_scale);
      return;
    }
  _lim_client_run_later (self, task, poll->interval_ms, poll_again_cb);
  poll->interval_ms = MIN (poll->interval_ms * 3 / 2, 2000);
}

static void
poll_once (GTask *task)
{
  Poll *poll = g_task_get_task_data (task);

  lim_client_send_async (g_task_get_source_object (task), LIM_CLIENT_REALM_INTERNAL, "GET", poll->path, NULL,
                         LIM_CLIENT_FLAGS_POLL, g_task_get_cancellable (task), poll_received, g_object_ref (task));
}

void
lim_client_poll_async (LimClient          *self,
                       const char         *status_url,
                       GCancellable       *cancellable,
                       GAsyncReadyCallback callback,
                       gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Poll *poll = g_new0 (Poll, 1);
  const char *path = status_url;

  g_task_set_source_tag (task, lim_client_poll_async);
  /* An absolute URL must point at this tenant. */
  if (g_str_has_prefix (status_url, "http://") || g_str_has_prefix (status_url, "https://"))
    {
      if (!g_str_has_prefix (status_url, self->base_url) || status_url[strlen (self->base_url)] != '/')
        {
          g_task_return_new_error (task, LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_INVALID_RESPONSE,
                                   "Benchling tenant %s gave a status URL on another host", self->label);
          g_free (poll);
          return;
        }
      path = status_url + strlen (self->base_url);
    }
  poll->path = g_strdup (path);
  poll->started = g_get_monotonic_time ();
  poll->interval_ms = 300;
  g_task_set_task_data (task, poll, poll_free);
  poll_once (task);
}

JsonNode *
lim_client_poll_finish (LimClient    *self,
                        GAsyncResult *result,
                        GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---------------------------------------------------------------- sign in */

static void
sign_in_internal_ready (GTask *task)
{
  g_task_return_boolean (task, TRUE);
}

static void
sign_in_public_ready (GTask *task)
{
  _lim_client_with_auth (g_task_get_source_object (task), task, LIM_CLIENT_REALM_INTERNAL, sign_in_internal_ready);
}

void
lim_client_sign_in_async (LimClient          *self,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, lim_client_sign_in_async);
  _lim_client_with_auth (self, task, LIM_CLIENT_REALM_PUBLIC, sign_in_public_ready);
}

gboolean
lim_client_sign_in_finish (LimClient    *self,
                           GAsyncResult *result,
                           GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

GAsyncResult *
lim_client_wait (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (g_main_context_get_thread_default (), TRUE);
  return *result;
}
