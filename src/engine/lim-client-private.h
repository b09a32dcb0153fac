/* lim-client-private.h — what lim-client.c and lim-client-auth.c share:
 * the LimClient instance struct, the raw (paced, counted) exchange, the
 * message helpers, and the auth entry point the requests call.
 *
 *   lim-client.c       the object, the limiter, raw exchanges, requests,
 *                      pagination, polling
 *   lim-client-auth.c  both realms' sign-in (the public realm's OAuth token,
 *                      the internal realm's /signin form and SSO probe) and
 *                      the tasks waiting for them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "lim-client.h"

G_BEGIN_DECLS

#define STATUS_TOO_MANY_REQUESTS 429

struct _LimClient
{
  GObject parent_instance;

  SoupSession *session;
  char        *base_url;
  char        *label;

  /* Credentials (never printed). */
  char    *client_id;
  char    *client_secret;
  char    *email;
  char    *password;
  char    *session_cookie;
  char    *csrf_token;
  gboolean session_given;
  /* Single sign-on (lim_client_set_sign_in()). */
  gint64     session_expires_at;    /* unix s; 0 = unknown */
  guint      session_gen;           /* counts the sessions set: a refusal only drops the one it refused */
  gboolean   sso;
  gboolean   session_rejected;      /* the tenant refused the session in use */
  gboolean   signing_in;
  LimSignIn *sign_in;
  LimTenant *sign_in_tenant;
  GCancellable *sign_in_cancellable; /* lim_client_set_sign_in_cancellable() */
  guint      sign_in_inhibited;     /* lim_client_inhibit_sign_in() */

  char  *token;
  gint64 token_expiry;              /* monotonic µs */

  guint  timeout_s;
  guint  patience_s;
  guint  max_retries;
  double time_scale;

  /* Limiter */
  guint    limit;
  guint    window_s;
  gboolean window_set;             /* by lim_client_set_rate_limit(): do not learn it */
  gboolean window_learned;         /* from x-rate-limit-reset */
  GQueue   sent;                    /* monotonic µs of recent sends (gint64 in pointers) */
  gint64   blocked_until;           /* monotonic µs */

  /* Sign-in serialisation: tasks waiting for a realm's credentials. */
  gboolean public_auth_running;
  gboolean internal_auth_running;
  GQueue   public_waiters;
  GQueue   internal_waiters;

  LimClientStats stats;
};

/* What a raw exchange counts as in LimClientStats. */
typedef enum {
  LIM_CLIENT_CATEGORY_AUTH,
  LIM_CLIENT_CATEGORY_READ,
  LIM_CLIENT_CATEGORY_WRITE,
  LIM_CLIENT_CATEGORY_POLL,
} LimClientCategory;

/* Resumes a task once its realm has credentials. */
typedef void (*LimClientResumeFunc) (GTask *task);

/* lim-client.c: "signing-in" and the notify of "signing-in". */
void      _lim_client_set_signing_in  (LimClient           *self,
                                       gboolean             signing_in);

/* Whether the client may ask its LimSignIn now. */
gboolean  _lim_client_may_sign_in     (LimClient           *self);

/* Zeroes @s, then frees it. */
void      _lim_client_secret_free     (char                *s);

/* Sends @msg once the limiter allows it, counting it in the stats as
 * @category (and as a retry when @retry), and emits LimClient::request.
 * The task carries @msg as its "lim-msg" data. */
void      _lim_client_raw_send_async  (LimClient           *self,
                                       SoupMessage         *msg,
                                       LimClientCategory    category,
                                       gboolean             retry,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
GBytes   *_lim_client_raw_send_finish (LimClient           *self,
                                       GAsyncResult        *result,
                                       GError             **error);

/* Runs @then (with @task as data) after @ms milliseconds (scaled by the
 * time scale), or at once when the task's cancellable fires. */
void      _lim_client_run_later       (LimClient           *self,
                                       GTask               *task,
                                       gint64               ms,
                                       GSourceFunc          then);

/* The jittered wait before re-sending after @attempt failed attempts, in
 * unscaled milliseconds. */
gint64    _lim_client_backoff_ms      (guint                attempt);

/* The tenant's base URL followed by @path. */
char     *_lim_client_make_url        (LimClient           *self,
                                       const char          *path);

/* The message of Benchling's error body, or NULL. */
char     *_lim_client_server_message  (GBytes              *bytes);

/* The JSON document of @bytes; NULL when empty or (with @error) invalid. */
JsonNode *_lim_client_parse_json      (GBytes              *bytes,
                                       GError             **error);

/* lim-client-auth.c: run @resume once @realm has credentials (at once when
 * it has), signing in when no sign-in of that realm is running; a failed
 * sign-in returns its error from @task instead. */
void      _lim_client_with_auth       (LimClient           *self,
                                       GTask               *task,
                                       LimClientRealm       realm,
                                       LimClientResumeFunc  resume);

G_END_DECLS
