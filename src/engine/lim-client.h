/* lim-client.h — an asynchronous Benchling client (libsoup 3).
 *
 * Two realms: the public REST API (/api/v2…, OAuth2 client-credentials
 * bearer token, fetched lazily, reused, refreshed before it expires) and the
 * internal web API (/1/api…, a `session` cookie and an `x-csrftoken` header
 * from the /signin form, or a session obtained elsewhere).
 *
 * Every request is paced by a client-side limiter fed by Benchling's
 * x-rate-limit-* headers, so a long run slows down instead of collecting 429
 * responses.  Reads are retried with jittered backoff on 429, 502–504 and
 * network errors; each sign-in exchange (the token request, the sign-in
 * page, the form, the single sign-on probe) on 429, any 5xx and network
 * errors, and a 429 that outlasts the retries is RATE_LIMITED, never AUTH.  A write is only re-sent when the server provably did not
 * process it (429, 401 before a re-sign-in); otherwise the error is
 * LIM_CLIENT_ERROR_UNCERTAIN and the caller re-reads the tenant to decide.
 *
 * No secret (client secret, password, token, session, CSRF token) ever
 * reaches a GError message, a log line or the "request" signal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "lim-sign-in.h"

G_BEGIN_DECLS

#define LIM_CLIENT_ERROR (lim_client_error_quark ())
GQuark lim_client_error_quark (void);

typedef enum {
  LIM_CLIENT_ERROR_NETWORK,       /* could not reach the tenant (after retries, for reads) */
  LIM_CLIENT_ERROR_HTTP,          /* a non-2xx answer; the message carries Benchling's userMessage */
  LIM_CLIENT_ERROR_AUTH,          /* bad client credentials, e-mail or password */
  LIM_CLIENT_ERROR_SSO,           /* the tenant uses single sign-on and no session was given */
  LIM_CLIENT_ERROR_RATE_LIMITED,  /* still 429 after every retry */
  LIM_CLIENT_ERROR_UNCERTAIN,     /* a write may or may not have been applied (no answer, or a 5xx) */
  LIM_CLIENT_ERROR_TASK_FAILED,   /* an asynchronous Benchling task ended in failure */
  LIM_CLIENT_ERROR_TIMEOUT,       /* a write timed out, or an asynchronous task did not finish in time:
                                   * either may still take effect later */
  LIM_CLIENT_ERROR_INVALID_RESPONSE,
  LIM_CLIENT_ERROR_NOT_FOUND,     /* 404 */
  /* a single sign-on tenant refused its session (expired, signed out) and
   * the client has no LimSignIn to get a new one: nothing was applied */
  LIM_CLIENT_ERROR_SIGN_IN_NEEDED,
  /* the person cancelled the single sign-on the request waited for (or
   * the sign-in's cancellable was cancelled): the request was not sent */
  LIM_CLIENT_ERROR_SIGN_IN_CANCELLED,
} LimClientError;

typedef enum {
  LIM_CLIENT_REALM_PUBLIC,
  LIM_CLIENT_REALM_INTERNAL,
} LimClientRealm;

typedef enum {
  LIM_CLIENT_FLAGS_NONE = 0,
  LIM_CLIENT_FLAGS_WRITE = 1 << 0,   /* not idempotent: never re-sent blindly */
  LIM_CLIENT_FLAGS_POLL = 1 << 1,    /* a status poll (counted apart) */
  /* A big answer: read in chunks as it arrives and parsed by the streaming
   * reader (lim-snapshot-stream.h), never held whole; retried like any read. */
  LIM_CLIENT_FLAGS_BIG = 1 << 2,
  LIM_CLIENT_FLAGS_TAG_SCHEMAS = 1 << 3, /* with BIG: the tag-schema list, without each schema's "fields" */
} LimClientFlags;

typedef struct
{
  guint   total;          /* every HTTP request sent, retries and sign-in included */
  guint   auth;           /* token and sign-in requests */
  guint   reads;
  guint   writes;
  guint   polls;
  guint   retries;        /* requests that were re-sends */
  guint   rate_limited;   /* 429 answers received */
  guint   throttle_waits; /* times the limiter made a request wait */
  gint64  throttle_ms;    /* total time spent waiting for the limiter */
} LimClientStats;

#define LIM_TYPE_CLIENT (lim_client_get_type ())
G_DECLARE_FINAL_TYPE (LimClient, lim_client, LIM, CLIENT, GObject)

/* @base_url: "https://TENANT.benchling.com" or a sandbox URL, no trailing
 * slash needed.  @label names the tenant in messages ("prod"). */
LimClient  *lim_client_new                    (const char *base_url,
                                               const char *label);

void        lim_client_set_client_credentials (LimClient  *self,
                                               const char *client_id,
                                               const char *client_secret);
void        lim_client_set_password_login     (LimClient  *self,
                                               const char *email,
                                               const char *password);
/* A session obtained elsewhere (single sign-on). */
void        lim_client_set_session            (LimClient  *self,
                                               const char *session,
                                               const char *csrf_token);

/* ---- single sign-on (lim-sign-in.h) ----
 *
 * A single sign-on tenant's session: lim_client_set_session() with the
 * expiry (unix seconds, 0 = unknown) and lim_client_set_single_sign_on().
 * When the tenant refuses the session (401/403 on the internal realm) the
 * client emits "session-rejected" (whoever kept it drops it) and, with a
 * LimSignIn, asks it for a new session (reason EXPIRED; NEEDED when it
 * never had one) and sends the refused request again — it was refused,
 * so it was not applied.  Requests of the internal realm wait meanwhile;
 * "signing-in" (a boolean property, notified) is TRUE while the LimSignIn
 * works.  Without a LimSignIn the refusal is LIM_CLIENT_ERROR_SIGN_IN_NEEDED. */
void        lim_client_set_single_sign_on     (LimClient  *self,
                                               gboolean    sso);
void        lim_client_set_session_expiry     (LimClient  *self,
                                               gint64      expires_at);
gint64      lim_client_get_session_expiry     (LimClient  *self);
/* @sign_in NULL removes it.  @tenant is what the LimSignIn is asked about. */
void        lim_client_set_sign_in            (LimClient  *self,
                                               LimSignIn  *sign_in,
                                               LimTenant  *tenant);
gboolean    lim_client_get_can_sign_in        (LimClient  *self);
gboolean    lim_client_get_signing_in         (LimClient  *self);
/* A sign-in the client starts is cancelled by the asking call's
 * cancellable or, when that call has none (a write, which is never
 * cancelled once sent), by @cancellable: a run's Stop.  NULL removes it. */
void        lim_client_set_sign_in_cancellable (LimClient    *self,
                                                GCancellable *cancellable);
/* While inhibited (counted), the client never asks its LimSignIn: a call
 * needing a new session fails with LIM_CLIENT_ERROR_SIGN_IN_NEEDED. */
void        lim_client_inhibit_sign_in        (LimClient  *self);
void        lim_client_uninhibit_sign_in      (LimClient  *self);
/* Whether a single sign-on client has no usable session now (none, or
 * expired): an internal call would have to sign in first. */
gboolean    lim_client_get_needs_sign_in      (LimClient  *self);
/* Whether the session in use expires within @seconds (FALSE when its expiry
 * is unknown or there is none). */
gboolean    lim_client_session_expires_within (LimClient  *self,
                                               gint64      seconds);
/* Drop the session in use and sign in again through the LimSignIn (reason
 * EXPIRED), now.  Fails with LIM_CLIENT_ERROR_AUTH when that sign-in fails
 * or is cancelled, and LIM_CLIENT_ERROR_SIGN_IN_NEEDED without a LimSignIn. */
void        lim_client_renew_session_async    (LimClient          *self,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
gboolean    lim_client_renew_session_finish   (LimClient     *self,
                                               GAsyncResult  *result,
                                               GError       **error);

/* Per-request timeout in seconds (default 30). */
void        lim_client_set_timeout            (LimClient  *self,
                                               guint       seconds);
guint       lim_client_get_timeout            (LimClient  *self);
/* How long to wait for an asynchronous Benchling task (default 120 s). */
void        lim_client_set_poll_patience      (LimClient  *self,
                                               guint       seconds);
/* Retries of a read after 429/502/503/504/network errors, and of a sign-in
 * exchange after 429/5xx/network errors (default 6). */
void        lim_client_set_max_retries        (LimClient  *self,
                                               guint       retries);
/* The rate limit assumed before the server has told us (default 60 / 30 s). */
void        lim_client_set_rate_limit         (LimClient  *self,
                                               guint       requests,
                                               guint       window_seconds);
/* The rate limit the client paces itself by: the one set, or the one the
 * tenant's x-rate-limit-* headers taught it (default 60 / 30 s). */
void        lim_client_get_rate_limit         (LimClient  *self,
                                               guint      *requests,
                                               guint      *window_seconds);
/* Scale every backoff and limiter wait (tests use a small factor). */
void        lim_client_set_time_scale         (LimClient  *self,
                                               double      factor);
double      lim_client_get_time_scale         (LimClient  *self);

const char *lim_client_get_base_url           (LimClient  *self);
const char *lim_client_get_label              (LimClient  *self);
/* Who the client signs in as: the API client id and the internal-API
 * e-mail (NULL when not set).  Never a secret. */
const char *lim_client_get_client_id          (LimClient  *self);
const char *lim_client_get_email              (LimClient  *self);
/* The public realm's bearer token while it is valid (NULL otherwise) and,
 * in @expires_unix, when this client stops using it (unix seconds).  Only
 * for keeping it in the desktop keyring between processes: never print it. */
char       *lim_client_dup_access_token       (LimClient  *self,
                                               gint64     *expires_unix);
/* A token kept from an earlier process, used until @expires_unix (unix
 * seconds); ignored when that is past.  A 401 still fetches a new one. */
void        lim_client_set_access_token       (LimClient  *self,
                                               const char *token,
                                               gint64      expires_unix);
const LimClientStats *lim_client_get_stats    (LimClient  *self);
void        lim_client_reset_stats            (LimClient  *self);

/* One request.  @path starts with "/" and may carry a query.  @body may be
 * NULL.  Completes with the parsed JSON answer (NULL for an empty body) and
 * the HTTP status. */
void        lim_client_send_async             (LimClient          *self,
                                               LimClientRealm      realm,
                                               const char         *method,
                                               const char         *path,
                                               JsonNode           *body,
                                               LimClientFlags      flags,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
JsonNode   *lim_client_send_finish            (LimClient     *self,
                                               GAsyncResult  *result,
                                               guint         *status,
                                               GError       **error);

/* A paginated public list: follows nextToken until the last page and
 * returns the concatenated @items_key arrays. */
void        lim_client_get_all_async          (LimClient          *self,
                                               const char         *path,
                                               const char         *items_key,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
JsonArray  *lim_client_get_all_finish         (LimClient     *self,
                                               GAsyncResult  *result,
                                               GError       **error);

/* Poll a status URL until the task succeeds (the status JSON), fails
 * (TASK_FAILED) or patience runs out (TIMEOUT).  The first poll is
 * immediate.  Emits "poll-progress" while waiting. */
void        lim_client_poll_async             (LimClient          *self,
                                               const char         *status_url,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
JsonNode   *lim_client_poll_finish            (LimClient     *self,
                                               GAsyncResult  *result,
                                               GError       **error);

/* Sign in to both realms now (lazy otherwise): checks the credentials. */
void        lim_client_sign_in_async          (LimClient          *self,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
gboolean    lim_client_sign_in_finish         (LimClient     *self,
                                               GAsyncResult  *result,
                                               GError       **error);

/* Helpers for synchronous callers (the CLI): iterate the thread-default
 * main context until @result is set. */
GAsyncResult *lim_client_wait                 (GAsyncResult **result);

G_END_DECLS
