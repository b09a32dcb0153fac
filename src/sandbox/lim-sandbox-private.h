/* lim-sandbox-private.h — shared between the server core and the realms
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "lim-sandbox.h"
#include "lim-sandbox-state.h"

G_BEGIN_DECLS

typedef struct
{
  char     *id;
  char     *schema_id;
  LsSchema *pending;       /* owned until committed */
  int       status;        /* 0 running, 1 success, 2 failed */
  char     *message;
  gboolean  fail;          /* task-failed fault */
  guint     polls;
  guint     need_polls;    /* RUNNING answers before completion */
  guint     delay_ms;      /* minimum age before completion */
  gint64    created_us;
  guint     timeout_id;
  struct _LimSandbox *owner;
} LsTask;

struct _LimSandbox
{
  GObject     parent_instance;

  char       *state_path;
  char       *seed;
  LsState    *state;
  gboolean    autosave;

  SoupServer *server;
  guint       port;
  GRand      *rand;

  /* auth */
  GHashTable *tokens;        /* token → gint64* expiry (monotonic µs) */
  guint       token_lifetime;
  GHashTable *csrf_issued;   /* csrf token set */
  GHashTable *sessions;      /* session → csrf */
  GHashTable *signin_tickets; /* one-time ticket → session (see GET /) */
  gboolean    sso;

  /* rate limit */
  guint       rl_limit;
  guint       rl_window;
  gint64      rl_window_start;
  guint       rl_count;

  /* latency */
  guint       latency_default;
  GHashTable *latency_routes; /* template → GUINT_TO_POINTER (ms) */

  /* faults */
  GPtrArray  *faults;

  /* stats */
  guint64     total;
  guint64     rate_limited;
  GHashTable *route_counts;  /* template → guint64* */
  GQueue     *log;

  /* tasks */
  GHashTable *tasks;         /* id → LsTask* */
  guint64     task_counter;
  guint       task_running_polls;
  guint       task_delay_ms;
};

typedef struct
{
  LimSandbox        *self;
  SoupServerMessage *msg;
  const char        *template;
  char              *params[2];   /* values of {id} segments */
  GHashTable        *query;       /* may be NULL */
  gboolean           task_failed; /* fault "task-failed" fired */
  guint              delay_ms;
} LsRequest;

/* response helpers */
void     ls_respond_json    (SoupServerMessage *msg, guint status, GString *body);
void     ls_respond_literal (SoupServerMessage *msg, guint status, const char *body);
void     ls_respond_error   (SoupServerMessage *msg, guint status, const char *type,
                             const char *message);
void     ls_respond_gerror  (SoupServerMessage *msg, const GError *error);
JsonObject *ls_request_json_object (LsRequest *req, JsonParser **parser_out);
gboolean ls_sandbox_persist (LimSandbox *self, SoupServerMessage *msg);

/* realm handlers (lim-sandbox-public.c / lim-sandbox-internal.c) */
void ls_public_token            (LsRequest *req);
void ls_public_registries       (LsRequest *req);
void ls_public_dropdowns_list   (LsRequest *req);
void ls_public_dropdowns_create (LsRequest *req);
void ls_public_dropdown_get     (LsRequest *req);
void ls_public_dropdown_update  (LsRequest *req);
void ls_public_options_archive  (LsRequest *req);
void ls_public_options_unarchive (LsRequest *req);
void ls_public_schemas_list     (LsRequest *req);
void ls_public_schema_get       (LsRequest *req);
void ls_public_alpha_create     (LsRequest *req);
void ls_public_unit_types       (LsRequest *req);
gboolean ls_public_check_auth   (LsRequest *req);

void ls_internal_home           (LsRequest *req);
void ls_internal_signin_get     (LsRequest *req);
void ls_internal_signin_post    (LsRequest *req);
void ls_internal_saml_begin     (LsRequest *req);
gboolean ls_internal_check_auth (LsRequest *req);
void ls_internal_tag_schemas    (LsRequest *req);
void ls_internal_update         (LsRequest *req);
void ls_internal_name_template  (LsRequest *req);
void ls_internal_schemas_archive   (LsRequest *req);
void ls_internal_schemas_unarchive (LsRequest *req);
void ls_internal_selectors      (LsRequest *req);
void ls_internal_selector_patch (LsRequest *req);
void ls_internal_selectors_archive   (LsRequest *req);
void ls_internal_selectors_unarchive (LsRequest *req);
void ls_internal_result_schemas (LsRequest *req);
void ls_internal_task_status    (LsRequest *req);

void ls_task_free (LsTask *task);
void ls_task_complete (LimSandbox *self, LsTask *task);

G_END_DECLS
