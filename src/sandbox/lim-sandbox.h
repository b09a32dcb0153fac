/* lim-sandbox.h — a local emulator of a Benchling tenant
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * LimSandbox is a real HTTP server (SoupServer on 127.0.0.1) that behaves
 * like one Benchling tenant: the public REST API v2 (OAuth2 client
 * credentials), and the internal /1/api realm used by Liminal (session
 * cookie + CSRF token after a /signin form login).  It validates writes as
 * Benchling does and can be made slow, rate limited or faulty on purpose.
 *
 * Threading: the server is attached to the thread-default GMainContext of
 * the thread calling lim_sandbox_start().  Drive it from that context with
 * an *asynchronous* client (a synchronous send from the same thread would
 * block the server).
 *
 * Default credentials (see LIM_SANDBOX_DEFAULT_*): OAuth client `sandbox` /
 * `sandbox-secret`; internal login `admin@sandbox.test` / `sandbox`.
 *
 * Route templates — the keys of request counters, latency and fault rules —
 * are "<METHOD> <path template>", e.g. "GET /api/v2/dropdowns/{id}" or
 * "POST /1/api/tag-schemas/{id}/actions/update".  Unknown paths count as
 * "<METHOD> (unmatched)".  The status URL route is
 * "GET /1/api/async-tasks/{id}".
 *
 * Control endpoints (no auth, not rate limited, not counted):
 *   GET  /_sandbox/stats     {"total", "rate_limited", "writes", "routes": {template: n}}
 *   GET  /_sandbox/requests  the request log (last 1000 requests)
 *   POST /_sandbox/faults    JSON array of fault rules (see lim_sandbox_add_fault())
 *   DELETE /_sandbox/faults  remove all fault rules
 *   GET  /_sandbox/state     the tenant as JSON (the snapshot format)
 *   POST /_sandbox/config    the knobs below, for out-of-process clients:
 *                            {"rateLimit", "rateWindow", "latencyMs",
 *                             "routeLatency": {route: ms}, "tokenLifetime",
 *                             "taskPolls", "taskDelayMs", "sso", "ssoMfa",
 *                             "sessionLifetime",
 *                             "optionsInUse": {"sfso_…": n}} (all optional)
 *   POST /_sandbox/reset     back to the seed; clears counters, log, faults, tasks
 *   POST /_sandbox/expire-sessions  every signed-in web session is rejected from now on
 *                            (the identity provider still remembers browsers)
 *
 * Single sign-on (lim_sandbox_set_sso_enabled()): GET /signin redirects to
 * /ext/saml/signin:begin, which redirects to a small identity provider the
 * sandbox serves under /_idp/ (user LIM_SANDBOX_DEFAULT_SSO_USER, password
 * LIM_SANDBOX_DEFAULT_SSO_PASSWORD, optionally a code step); it sends the
 * browser back to /ext/saml/consume, which sets the `session` cookie
 * (Max-Age = the session lifetime) and redirects to /, a page carrying the
 * CSRF token.  POST /signin is refused (403).  The internal API answers an
 * unknown or expired session 401 and applies nothing.  The flow, page by
 * page: lim-sandbox-sso.h.
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define LIM_SANDBOX_DEFAULT_CLIENT_ID      "sandbox"
#define LIM_SANDBOX_DEFAULT_CLIENT_SECRET  "sandbox-secret"
#define LIM_SANDBOX_DEFAULT_ADMIN_EMAIL    "admin@sandbox.test"
#define LIM_SANDBOX_DEFAULT_ADMIN_PASSWORD "sandbox"
#define LIM_SANDBOX_DEFAULT_SSO_USER       "sso@sandbox.test"
#define LIM_SANDBOX_DEFAULT_SSO_PASSWORD   "sandbox-sso"
#define LIM_SANDBOX_DEFAULT_SSO_MFA_CODE   "123456"

#define LIM_TYPE_SANDBOX (lim_sandbox_get_type ())
G_DECLARE_FINAL_TYPE (LimSandbox, lim_sandbox, LIM, SANDBOX, GObject)

/**
 * lim_sandbox_new:
 * @state_path: (nullable): the state file; %NULL keeps the tenant in memory
 * @seed: (nullable): "empty" (default: registry + unit dictionary),
 *   "basic" (a small hand-made pizzeria, the tests' fixture), "demo" or
 *   "demo@REVISION" (the repository's versions/ history replayed up to
 *   REVISION, default its head), "benchling:FILE" (a tenant as Benchling
 *   answered it: FILE holds the bodies of its GET requests, format
 *   "benchling-responses/1", see the sandbox's README), or
 *   the path of a JSON snapshot (the format of GET /_sandbox/state)
 * @error: return location for an error
 *
 * If @state_path exists it is loaded (with its journal, see below) and
 * @seed is ignored; otherwise the tenant starts from @seed and is saved to
 * @state_path at once.  Every write is durable before it is acknowledged:
 * it appends what it changed to @state_path.journal and fdatasyncs it;
 * once the journal outgrows the snapshot (at least 1 MiB) the whole
 * tenant is written again with an atomic replace (temp file, fsync,
 * rename) and the journal removed.  Loading replays the journal (a torn
 * last line is dropped) and goes on appending to it; a clean exit folds it
 * into the snapshot.  Format: lim-sandbox-journal.h.
 */
LimSandbox *lim_sandbox_new              (const char  *state_path,
                                          const char  *seed,
                                          GError     **error);

/* Listens on 127.0.0.1:@port (0 = ephemeral). */
gboolean    lim_sandbox_start            (LimSandbox  *self,
                                          guint        port,
                                          GError     **error);
void        lim_sandbox_stop             (LimSandbox  *self);
guint       lim_sandbox_get_port         (LimSandbox  *self);
/* "http://127.0.0.1:PORT" (no trailing slash); free with g_free(). */
char       *lim_sandbox_get_base_url     (LimSandbox  *self);
const char *lim_sandbox_get_registry_id  (LimSandbox  *self);

/* The tenant kept at @state_path (the snapshot with its journal
 * replayed), as JSON in the snapshot format, without changing the files;
 * free with g_free(). */
char       *lim_sandbox_load_state_file  (const char  *state_path,
                                          GError     **error);
/* Rewrites the snapshot once the journal would pass @bytes (0, the
 * default: once it would outgrow the snapshot, and at least 1 MiB). */
void        lim_sandbox_set_journal_limit (LimSandbox *self,
                                          gsize        bytes);

/* ---- realism knobs ---- */

/* @requests per @window_seconds for the whole tenant, both realms
 * (default 60 / 30).  @requests == 0 disables rate limiting. */
void        lim_sandbox_set_rate_limit   (LimSandbox  *self,
                                          guint        requests,
                                          guint        window_seconds);
/* Added response delay.  @route == %NULL sets the default for every route. */
void        lim_sandbox_set_latency      (LimSandbox  *self,
                                          const char  *route,
                                          guint        ms);
/* OAuth token lifetime, seconds (default 900). */
void        lim_sandbox_set_token_lifetime (LimSandbox *self,
                                          guint        seconds);
/* Asynchronous tag-schema updates: the status URL answers RUNNING
 * @running_polls times and the task needs at least @delay_ms before it
 * completes (defaults 0, 0: complete at once). */
void        lim_sandbox_set_task_behaviour (LimSandbox *self,
                                          guint        running_polls,
                                          guint        delay_ms);
/* SSO tenant: GET /signin answers 302 and /ext/saml/signin:begin 302 to
 * the sandbox's identity provider (default off: 200 and 403). */
void        lim_sandbox_set_sso_enabled  (LimSandbox  *self,
                                          gboolean     enabled);
/* The identity provider's user and password (NULL keeps the current one;
 * defaults LIM_SANDBOX_DEFAULT_SSO_USER / _PASSWORD). */
void        lim_sandbox_set_sso_credentials (LimSandbox *self,
                                          const char  *user,
                                          const char  *password);
/* The identity provider asks for @code after the password (NULL: no
 * second step, the default). */
void        lim_sandbox_set_sso_mfa      (LimSandbox  *self,
                                          const char  *code);
/* How long a signed-in web session is accepted, seconds (default 3600);
 * sessions signed in later get it. */
void        lim_sandbox_set_session_lifetime (LimSandbox *self,
                                          guint        seconds);
/* Rejects every web session signed in so far (POST
 * /_sandbox/expire-sessions); returns how many there were. */
guint       lim_sandbox_expire_sessions  (LimSandbox  *self);

/**
 * lim_sandbox_add_fault:
 * @route: a route template, "<METHOD> <template>"
 * @nth: fires on the @nth matching request counted from now (1 = next)
 * @action: "status:NNN" | "retry-after:S" | "drop" | "malformed" | "stall:MS" |
 *   "task-failed"
 *
 * Each rule fires once.  "retry-after:S" answers 429 with a Retry-After of
 * S seconds (the x-rate-limit-* headers stay the tenant's own).  "drop" closes the connection without a response,
 * "malformed" answers 200 with truncated JSON, "stall:MS" delays the
 * response, "task-failed" makes the asynchronous task started by that
 * request end in FAILED without applying (only meaningful for
 * "POST /1/api/tag-schemas/{id}/actions/update").
 */
gboolean    lim_sandbox_add_fault        (LimSandbox  *self,
                                          const char  *route,
                                          guint        nth,
                                          const char  *action,
                                          GError     **error);
/* A JSON array of {"route", "nth", "action"} objects. */
gboolean    lim_sandbox_add_faults_json  (LimSandbox  *self,
                                          const char  *json,
                                          GError     **error);
void        lim_sandbox_clear_faults     (LimSandbox  *self);

/* ---- statistics ---- */
guint64     lim_sandbox_get_total_requests   (LimSandbox *self);
guint64     lim_sandbox_get_rate_limited     (LimSandbox *self);
/* Writes applied to the tenant (each counted once, when it is saved);
 * "writes" in /_sandbox/stats. */
guint64     lim_sandbox_get_write_count      (LimSandbox *self);
guint64     lim_sandbox_get_request_count    (LimSandbox *self,
                                              const char *route);
/* The /_sandbox/stats document; free with g_free(). */
char       *lim_sandbox_get_stats_json       (LimSandbox *self);
/* The request log as a JSON array; free with g_free(). */
char       *lim_sandbox_get_request_log_json (LimSandbox *self);

/* ---- state ---- */
/* The tenant as JSON (snapshot format); free with g_free(). */
char       *lim_sandbox_get_state_json   (LimSandbox  *self);
/* Back to the seed (persisted); clears counters, log, faults and tasks. */
gboolean    lim_sandbox_reset            (LimSandbox  *self,
                                          GError     **error);
/* Marks dropdown option @option_id (sfso_…) as used by @n_entities
 * entities: archiving or renaming it then needs the confirmation handshake
 * of PATCH /1/api/schema-field-selectors/{id}. */
gboolean    lim_sandbox_set_option_in_use (LimSandbox *self,
                                          const char  *option_id,
                                          guint        n_entities,
                                          GError     **error);
/* Seeding helpers, with the same validation as the HTTP endpoints.
 * Return the new id (free with g_free()) or %NULL with @error set. */
char       *lim_sandbox_create_dropdown  (LimSandbox  *self,
                                          const char  *name,
                                          const char * const *options,
                                          GError     **error);
/* @json is a POST /api/v2-alpha/entity-schemas body; registryId may be
 * omitted (the tenant's registry is used). */
char       *lim_sandbox_create_entity_schema (LimSandbox *self,
                                          const char  *json,
                                          GError     **error);
/* Suspends persistence (for bulk seeding); resuming saves once. */
gboolean    lim_sandbox_set_autosave     (LimSandbox  *self,
                                          gboolean     autosave,
                                          GError     **error);

G_END_DECLS
