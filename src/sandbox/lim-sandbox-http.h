/* lim-sandbox-http.h — what a request handler sees: the request, the
 * server record it runs against, and the ways to answer it (private)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The router (lim-sandbox.c) fills an LsRequest and hands it to a realm
 * handler (lim-sandbox-public.c, lim-sandbox-internal.c); both include
 * this header and neither includes the other.
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "lim-sandbox-types.h"

G_BEGIN_DECLS

typedef struct _LsServer LsServer;

/* Saves the tenant if the server keeps it on disk; TRUE when saved or
 * when there is nothing to save. */
typedef gboolean (*LsPersistFunc) (LsServer  *server,
                                   GError   **error);

/* The part of the server that the realms share with the router. */
struct _LsServer
{
  struct _LsState *state;          /* the tenant (lim-sandbox-state.h) */
  GRand           *rand;

  LsPersistFunc    persist;        /* the router's persistence hook */
  gpointer         persist_data;

  /* credentials */
  const char      *client_id;
  const char      *client_secret;
  const char      *admin_email;
  const char      *admin_password;

  /* auth */
  GHashTable      *tokens;         /* token → gint64* expiry (monotonic µs) */
  guint            token_lifetime;
  GHashTable      *csrf_issued;    /* csrf token set */
  GHashTable      *sessions;       /* session → LsSession* (ls_server_session_*) */
  guint            session_lifetime; /* seconds (default 3600) */
  GHashTable      *signin_tickets; /* one-time ticket → session (see GET /) */
  gboolean         sso;

  /* single sign-on and its identity provider (lim-sandbox-sso.c) */
  char            *sso_user;
  char            *sso_password;
  char            *sso_mfa_code;   /* NULL: no second step */
  GHashTable      *saml_relays;    /* RelayState set (issued by signin:begin) */
  GHashTable      *saml_responses; /* one-time SAMLResponse → RelayState */
  GHashTable      *idp_sessions;   /* remembered idp_session cookies */
  GHashTable      *idp_mfa;        /* MFA ticket → "r:"|"n:" + RelayState */

  guint64          writes;         /* writes applied (each persisted once) */

  /* async tasks (lim-sandbox-internal.c) */
  GHashTable      *tasks;          /* id → LsTask* */
  guint64          task_counter;
  guint            task_running_polls;
  guint            task_delay_ms;
};

typedef struct
{
  LsServer          *server;
  SoupServerMessage *msg;
  const char        *template;
  char              *params[2];   /* values of {id} segments */
  GHashTable        *query;       /* may be NULL */
  gboolean           task_failed; /* fault "task-failed" fired */
  guint              delay_ms;
} LsRequest;

char       *ls_server_random_token (LsServer          *server,
                                    gsize              n);

/* A signed-in web session of the internal realm: its CSRF token and when
 * it stops being accepted. */
typedef struct
{
  char   *csrf;
  gint64  expires_us;  /* monotonic */
} LsSession;

void        ls_session_free        (LsSession         *session);
/* A new session with @csrf, valid for LsServer.session_lifetime; returns
 * its cookie value (free with g_free()). */
char       *ls_server_add_session  (LsServer          *server,
                                    const char        *csrf);
/* The CSRF token of the valid session @cookie, or NULL (an expired session
 * is forgotten). */
const char *ls_server_session_csrf (LsServer          *server,
                                    const char        *cookie);
/* The value of cookie @name in the request, or NULL; free with g_free(). */
char       *ls_request_cookie      (SoupServerMessage *msg,
                                    const char        *name);
/* Runs the persistence hook; on failure logs it and, with a @msg,
 * answers 500. */
gboolean    ls_server_persist      (LsServer          *server,
                                    SoupServerMessage *msg);

/* Responses */
void        ls_respond_json        (SoupServerMessage *msg,
                                    guint              status,
                                    GString           *body);
void        ls_respond_html        (SoupServerMessage *msg,
                                    guint              status,
                                    const char        *html);
void        ls_respond_literal     (SoupServerMessage *msg,
                                    guint              status,
                                    const char        *body);
void        ls_respond_error       (SoupServerMessage *msg,
                                    guint              status,
                                    const char        *type,
                                    const char        *message);
void        ls_respond_gerror      (SoupServerMessage *msg,
                                    const GError      *error);

/* The request body as a JSON object, or NULL after answering 400. */
JsonObject *ls_request_json_object (LsRequest         *req,
                                    JsonParser       **parser_out);

/* Whether the request's route archives (":archive", ":bulk-archive")
 * rather than unarchives. */
gboolean    ls_request_archives    (LsRequest         *req);

/* Changes the tenant from the request body.  FALSE with @error set
 * answers the error; FALSE without an error means the function has
 * answered the request itself. */
typedef gboolean (*LsMutateFunc) (LsRequest   *req,
                                  JsonObject  *body,
                                  gpointer     user_data,
                                  GError     **error);
/* The response body after a successful change. */
typedef GString *(*LsWriteFunc)  (LsRequest   *req,
                                  gpointer     user_data);

/* The answer {"@key":[@ids…]}, for writes that list what they changed:
 * an LsWriteFunc whose user_data starts with an LsIdList. */
typedef struct
{
  const char *key;
  GPtrArray  *ids;       /* char* */
} LsIdList;

GString    *ls_write_id_list       (LsRequest         *req,
                                    gpointer           user_data);

/* The skeleton of every synchronous write: parse the body, @mutate,
 * answer an error, persist, answer @status with what @write writes. */
void        ls_handle_write        (LsRequest         *req,
                                    guint              status,
                                    LsMutateFunc       mutate,
                                    LsWriteFunc        write,
                                    gpointer           user_data);

G_END_DECLS
