/* lim-sandbox.c — the sandbox server: routing, auth realms, rate limit,
 * latency, faults, statistics, control endpoints, persistence
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "lim-sandbox.h"
#include "lim-sandbox-demo.h"
#include "lim-sandbox-http.h"
#include "lim-sandbox-internal.h"
#include "lim-sandbox-journal.h"
#include "lim-sandbox-mutate.h"
#include "lim-sandbox-public.h"
#include "lim-sandbox-sso.h"
#include "lim-sandbox-state.h"

#define LOG_MAX 1000

struct _LimSandbox
{
  GObject parent_instance;

  LsServer server;           /* what the realms see */

  char      *state_path;
  LsJournal *journal;        /* NULL without a state file */
  char      *seed;
  gboolean   autosave;

  SoupServer *soup;
  guint       port;

  /* rate limit */
  guint  rl_limit;
  guint  rl_window;
  gint64 rl_window_start;
  guint  rl_count;

  /* latency */
  guint       latency_default;
  GHashTable *latency_routes; /* template → GUINT_TO_POINTER (ms) */

  /* faults */
  GPtrArray *faults;

  /* stats */
  guint64     total;
  guint64     rate_limited;
  GHashTable *route_counts;  /* template → guint64* */
  GQueue     *log;
};

G_DEFINE_FINAL_TYPE (LimSandbox, lim_sandbox, G_TYPE_OBJECT)

typedef enum
{
  REALM_PUBLIC_NOAUTH,
  REALM_PUBLIC,
  REALM_INTERNAL_NOAUTH,
  REALM_INTERNAL,
} Realm;

typedef struct
{
  const char *method;
  const char *path;
  const char *key;
  Realm       realm;
  void (*handler)(LsRequest *req);
} Route;

#define R(m, p, realm, h) { m, p, m " " p, realm, h }

static const Route routes[] = {
  R ("POST", "/api/v2/token", REALM_PUBLIC_NOAUTH, ls_public_token),
  R ("GET", "/api/v2/registries", REALM_PUBLIC, ls_public_registries),
  R ("GET", "/api/v2/dropdowns", REALM_PUBLIC, ls_public_dropdowns_list),
  R ("POST", "/api/v2/dropdowns", REALM_PUBLIC, ls_public_dropdowns_create),
  R ("GET", "/api/v2/dropdowns/{id}", REALM_PUBLIC, ls_public_dropdown_get),
  R ("PATCH", "/api/v2/dropdowns/{id}", REALM_PUBLIC, ls_public_dropdown_update),
  R ("POST", "/api/v2/dropdowns/{id}/options:archive", REALM_PUBLIC, ls_public_options_archival),
  R ("POST", "/api/v2/dropdowns/{id}/options:unarchive", REALM_PUBLIC, ls_public_options_archival),
  R ("GET", "/api/v2/entity-schemas", REALM_PUBLIC, ls_public_schemas_list),
  R ("GET", "/api/v2/entity-schemas/{id}", REALM_PUBLIC, ls_public_schema_get),
  R ("GET", "/api/v2/assay-result-schemas", REALM_PUBLIC, ls_public_result_schemas_list),
  R ("GET", "/api/v2/assay-result-schemas/{id}", REALM_PUBLIC, ls_public_result_schema_get),
  R ("POST", "/api/v2-alpha/entity-schemas", REALM_PUBLIC, ls_public_alpha_create),
  R ("GET", "/api/v2-alpha/unit-types", REALM_PUBLIC, ls_public_unit_types),
  R ("GET", "/", REALM_INTERNAL_NOAUTH, ls_sso_home),
  R ("GET", "/signin", REALM_INTERNAL_NOAUTH, ls_internal_signin_get),
  R ("POST", "/signin", REALM_INTERNAL_NOAUTH, ls_internal_signin_post),
  R ("GET", "/ext/saml/signin:begin", REALM_INTERNAL_NOAUTH, ls_sso_saml_begin),
  R ("GET", "/ext/saml/consume", REALM_INTERNAL_NOAUTH, ls_sso_saml_consume),
  R ("GET", "/1/api/tag-schemas/", REALM_INTERNAL, ls_internal_tag_schemas),
  R ("POST", "/1/api/tag-schemas/{id}/actions/update", REALM_INTERNAL, ls_internal_update),
  R ("POST", "/1/api/tag-schemas/{id}/actions/set-name-template", REALM_INTERNAL, ls_internal_name_template),
  R ("POST", "/1/api/tag-schemas:bulk-archive", REALM_INTERNAL, ls_internal_schemas_archival),
  R ("POST", "/1/api/tag-schemas:bulk-unarchive", REALM_INTERNAL, ls_internal_schemas_archival),
  R ("GET", "/1/api/schema-field-selectors/", REALM_INTERNAL, ls_internal_selectors),
  R ("PATCH", "/1/api/schema-field-selectors/{id}", REALM_INTERNAL, ls_internal_selector_patch),
  R ("POST", "/1/api/schema-field-selectors:bulk-archive", REALM_INTERNAL, ls_internal_selectors_archival),
  R ("POST", "/1/api/schema-field-selectors:bulk-unarchive", REALM_INTERNAL, ls_internal_selectors_archival),
  R ("GET", "/1/api/result-schemas", REALM_INTERNAL, ls_internal_result_schemas),
  R ("GET", "/1/api/async-tasks/{id}", REALM_INTERNAL, ls_internal_task_status),
};

typedef struct
{
  char    *route;
  guint    nth;
  char    *action;
  guint    seen;
  gboolean fired;
} Fault;

typedef struct
{
  char *time;
  char *method;
  char *path;
  char *route;
  guint status;
} LogEntry;

static void
fault_free (Fault *f)
{
  g_free (f->route);
  g_free (f->action);
  g_free (f);
}

static void
log_entry_free (LogEntry *e)
{
  g_free (e->time);
  g_free (e->method);
  g_free (e->path);
  g_free (e->route);
  g_free (e);
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */

static void
lim_sandbox_finalize (GObject *object)
{
  LimSandbox *self = LIM_SANDBOX (object);

  lim_sandbox_stop (self);
  if (self->journal && self->server.state && self->autosave)
    {
      g_autoptr(GError) error = NULL;

      /* a clean exit leaves the whole tenant in the state file */
      if (!ls_journal_fold (self->journal, self->server.state, &error))
        g_warning ("liminal-sandbox: %s", error->message);
    }
  g_clear_pointer (&self->journal, ls_journal_free);
  g_hash_table_unref (self->server.tasks); /* before the state: tasks hold sources */
  g_clear_pointer (&self->server.state, ls_state_free);
  g_free (self->state_path);
  g_free (self->seed);
  g_rand_free (self->server.rand);
  g_hash_table_unref (self->server.tokens);
  g_hash_table_unref (self->server.csrf_issued);
  g_hash_table_unref (self->server.sessions);
  g_hash_table_unref (self->server.signin_tickets);
  g_hash_table_unref (self->server.saml_relays);
  g_hash_table_unref (self->server.saml_responses);
  g_hash_table_unref (self->server.idp_sessions);
  g_hash_table_unref (self->server.idp_mfa);
  g_free (self->server.sso_mfa_code);
  g_free (self->server.sso_user);
  g_free (self->server.sso_password);
  g_hash_table_unref (self->latency_routes);
  g_ptr_array_unref (self->faults);
  g_hash_table_unref (self->route_counts);
  g_queue_free_full (self->log, (GDestroyNotify) log_entry_free);

  G_OBJECT_CLASS (lim_sandbox_parent_class)->finalize (object);
}

static void
lim_sandbox_class_init (LimSandboxClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lim_sandbox_finalize;
}

static gboolean
persist_api (LimSandbox *self,
             GError    **error)
{
  if (self->journal == NULL || !self->autosave)
    return TRUE;
  return ls_journal_commit (self->journal, self->server.state, error);
}

/* The persistence hook of the realms (LsServer.persist). */
static gboolean
server_persist (LsServer *server,
                GError  **error)
{
  return persist_api (server->persist_data, error);
}

static void
lim_sandbox_init (LimSandbox *self)
{
  self->autosave = TRUE;
  self->server.rand = g_rand_new ();
  self->server.persist = server_persist;
  self->server.persist_data = self;
  self->server.client_id = LIM_SANDBOX_DEFAULT_CLIENT_ID;
  self->server.client_secret = LIM_SANDBOX_DEFAULT_CLIENT_SECRET;
  self->server.admin_email = LIM_SANDBOX_DEFAULT_ADMIN_EMAIL;
  self->server.admin_password = LIM_SANDBOX_DEFAULT_ADMIN_PASSWORD;
  self->server.tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->server.token_lifetime = 900;
  self->server.csrf_issued = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->server.sessions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) ls_session_free);
  self->server.session_lifetime = 3600;
  self->server.sso_user = g_strdup (LIM_SANDBOX_DEFAULT_SSO_USER);
  self->server.sso_password = g_strdup (LIM_SANDBOX_DEFAULT_SSO_PASSWORD);
  self->server.saml_relays = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->server.saml_responses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->server.idp_sessions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->server.idp_mfa = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->server.signin_tickets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->rl_limit = 60;
  self->rl_window = 30;
  self->latency_routes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->faults = g_ptr_array_new_with_free_func ((GDestroyNotify) fault_free);
  self->route_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->log = g_queue_new ();
  self->server.tasks = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) ls_task_free);
}

static LsState *
state_from_seed (const char *seed,
                 GError    **error)
{
  if (seed == NULL || g_strcmp0 (seed, "empty") == 0)
    return ls_state_new_empty ();
  if (g_strcmp0 (seed, "basic") == 0)
    return ls_state_new_basic ();
  if (g_strcmp0 (seed, "demo") == 0)
    return ls_demo_new_state (NULL, error);
  if (g_str_has_prefix (seed, "demo@"))
    return ls_demo_new_state (seed + 5, error);
  if (g_str_has_prefix (seed, "benchling:"))
    return ls_state_load_benchling_file (seed + strlen ("benchling:"), error);
  return ls_state_load_file (seed, error);
}

LimSandbox *
lim_sandbox_new (const char *state_path,
                 const char *seed,
                 GError    **error)
{
  g_autoptr(LimSandbox) self = g_object_new (LIM_TYPE_SANDBOX, NULL);

  self->state_path = g_strdup (state_path);
  self->seed = g_strdup (seed ? seed : "empty");
  if (state_path)
    self->journal = ls_journal_new (state_path);
  if (state_path && g_file_test (state_path, G_FILE_TEST_EXISTS))
    {
      guint entries = 0;

      self->server.state = ls_journal_load (self->journal, &entries, error);
    }
  else
    {
      self->server.state = state_from_seed (self->seed, error);
      if (self->server.state && state_path &&
          !ls_journal_compact (self->journal, self->server.state, error))
        return NULL;
    }
  if (self->server.state == NULL)
    return NULL;
  return g_steal_pointer (&self);
}

char *
lim_sandbox_load_state_file (const char *state_path,
                             GError    **error)
{
  g_autoptr(LsState) state = NULL;
  LsJournal *journal;
  guint entries;

  g_return_val_if_fail (state_path != NULL, NULL);

  journal = ls_journal_new (state_path);
  state = ls_journal_load (journal, &entries, error);
  ls_journal_free (journal);
  if (state == NULL)
    return NULL;
  return g_string_free (ls_state_to_json (state), FALSE);
}

void
lim_sandbox_set_journal_limit (LimSandbox *self,
                               gsize       bytes)
{
  g_return_if_fail (LIM_IS_SANDBOX (self));
  if (self->journal)
    ls_journal_set_limit (self->journal, bytes);
}

/* ------------------------------------------------------------------ */
/* Routing                                                             */

static gboolean
match_template (const char *t,
                const char *p,
                char      **params)
{
  int np = 0;

  while (*t && *p)
    {
      if (*t == '{')
        {
          const char *pe = p;
          t = strchr (t, '}') + 1;
          while (*pe && *pe != '/')
            pe++;
          if (pe == p || np >= 2)
            return FALSE;
          params[np++] = g_strndup (p, pe - p);
          p = pe;
        }
      else
        {
          if (*t != *p)
            return FALSE;
          t++;
          p++;
        }
    }
  return *t == '\0' && *p == '\0';
}

static const Route *
find_route (const char *method,
            const char *path,
            char      **params,
            gboolean   *path_known)
{
  *path_known = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      char *tmp[2] = { NULL, NULL };
      gboolean ok = match_template (routes[i].path, path, tmp);

      if (ok && g_strcmp0 (routes[i].method, method) == 0)
        {
          params[0] = tmp[0];
          params[1] = tmp[1];
          return &routes[i];
        }
      if (ok)
        *path_known = TRUE;
      g_free (tmp[0]);
      g_free (tmp[1]);
    }
  return NULL;
}

static gboolean
route_template_known (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    if (g_strcmp0 (routes[i].key, key) == 0)
      return TRUE;
  return FALSE;
}

static void
count_route (LimSandbox *self,
             const char *key)
{
  guint64 *n = g_hash_table_lookup (self->route_counts, key);

  if (n == NULL)
    {
      n = g_new0 (guint64, 1);
      g_hash_table_insert (self->route_counts, g_strdup (key), n);
    }
  (*n)++;
}

static void
add_rate_headers (LimSandbox        *self,
                  SoupServerMessage *msg)
{
  SoupMessageHeaders *h = soup_server_message_get_response_headers (msg);
  gint64 now = g_get_monotonic_time ();
  guint limit = self->rl_limit ? self->rl_limit : 1000000;
  guint window = self->rl_window ? self->rl_window : 30;
  gint64 elapsed = now - self->rl_window_start;
  gint64 reset = ((gint64) window * G_USEC_PER_SEC - elapsed + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC;
  char buf[32];

  if (reset < 0)
    reset = 0;
  g_snprintf (buf, sizeof buf, "%u", limit);
  soup_message_headers_replace (h, "x-rate-limit-limit", buf);
  g_snprintf (buf, sizeof buf, "%u", limit > self->rl_count ? limit - self->rl_count : 0);
  soup_message_headers_replace (h, "x-rate-limit-remaining", buf);
  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, reset);
  soup_message_headers_replace (h, "x-rate-limit-reset", buf);
}

/* TRUE if the request may proceed */
static gboolean
rate_limit_admit (LimSandbox *self)
{
  gint64 now = g_get_monotonic_time ();

  if (self->rl_window_start == 0 ||
      now - self->rl_window_start >= (gint64) (self->rl_window ? self->rl_window : 30) * G_USEC_PER_SEC)
    {
      self->rl_window_start = now;
      self->rl_count = 0;
    }
  if (self->rl_limit == 0)
    return TRUE;
  if (self->rl_count >= self->rl_limit)
    return FALSE;
  self->rl_count++;
  return TRUE;
}

static void
log_request_full (LimSandbox        *self,
                  SoupServerMessage *msg,
                  const char        *path,
                  const char        *key,
                  guint              status)
{
  LogEntry *e = g_new0 (LogEntry, 1);

  e->time = ls_now_iso8601 ();
  e->method = g_strdup (soup_server_message_get_method (msg));
  e->path = g_strdup (path);
  e->route = g_strdup (key);
  e->status = status;
  g_queue_push_tail (self->log, e);
  while (self->log->length > LOG_MAX)
    log_entry_free (g_queue_pop_head (self->log));
}

static void
log_request (LimSandbox        *self,
             SoupServerMessage *msg,
             const char        *path,
             const char        *key)
{
  log_request_full (self, msg, path, key, soup_server_message_get_status (msg));
}

static void
request_free (LsRequest *req)
{
  g_free (req->params[0]);
  g_free (req->params[1]);
  g_clear_pointer (&req->query, g_hash_table_unref);
  g_object_unref (req->msg);
  g_free (req);
}

typedef struct
{
  LimSandbox  *self;
  LsRequest   *req;
  const Route *route;
  char        *path;
} Pending;

static void
run_request (LimSandbox  *self,
             LsRequest   *req,
             const Route *route,
             const char  *path)
{
  gboolean ok = TRUE;

  if (route->realm == REALM_PUBLIC)
    ok = ls_public_check_auth (req);
  else if (route->realm == REALM_INTERNAL)
    ok = ls_internal_check_auth (req);
  if (ok)
    route->handler (req);
  add_rate_headers (self, req->msg);
  log_request (self, req->msg, path, route->key);
}

static gboolean
pending_cb (gpointer data)
{
  Pending *p = data;

  run_request (p->self, p->req, p->route, p->path);
  soup_server_message_unpause (p->req->msg);
  request_free (p->req);
  g_object_unref (p->self);
  g_free (p->path);
  g_free (p);
  return G_SOURCE_REMOVE;
}

static Fault *
fault_fire (LimSandbox *self,
            const char *key)
{
  Fault *fired = NULL;

  for (guint i = 0; i < self->faults->len; i++)
    {
      Fault *f = g_ptr_array_index (self->faults, i);
      if (f->fired || g_strcmp0 (f->route, key) != 0)
        continue;
      f->seen++;
      if (f->seen == f->nth && fired == NULL)
        {
          f->fired = TRUE;
          fired = f;
        }
    }
  return fired;
}

static void handle_control (LimSandbox        *self,
                            SoupServerMessage *msg,
                            const char        *path);

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *raw_path,
           GHashTable        *query,
           gpointer           user_data)
{
  LimSandbox *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  g_autofree char *path = g_uri_unescape_string (raw_path, NULL);
  char *params[2] = { NULL, NULL };
  gboolean path_known;
  const Route *route;
  LsRequest *req;
  Fault *fault;
  guint delay;

  if (path == NULL)
    path = g_strdup (raw_path);

  if (g_str_has_prefix (path, "/_sandbox/"))
    {
      handle_control (self, msg, path);
      return;
    }
  if (g_str_has_prefix (path, "/_idp/"))
    {
      ls_sso_idp_handle (&self->server, msg, path, query);  /* another site: not counted */
      return;
    }

  route = find_route (method, path, params, &path_known);
  self->total++;
  if (route == NULL)
    {
      g_autofree char *key = g_strdup_printf ("%s (unmatched)", method);
      count_route (self, key);
      if (!rate_limit_admit (self))
        {
          self->rate_limited++;
          ls_respond_error (msg, 429, "rate_limit_exceeded",
                            "Rate limit exceeded. Please retry after the reset period.");
        }
      else if (path_known)
        ls_respond_error (msg, 405, "invalid_request_error", "Method not allowed.");
      else
        ls_respond_error (msg, 404, "invalid_request_error", "Not found.");
      add_rate_headers (self, msg);
      log_request (self, msg, path, key);
      return;
    }
  count_route (self, route->key);

  if (!rate_limit_admit (self))
    {
      SoupMessageHeaders *h = soup_server_message_get_response_headers (msg);
      gint64 elapsed = g_get_monotonic_time () - self->rl_window_start;
      gint64 reset = ((gint64) self->rl_window * G_USEC_PER_SEC - elapsed + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC;
      char buf[32];

      self->rate_limited++;
      g_free (params[0]);
      g_free (params[1]);
      ls_respond_error (msg, 429, "rate_limit_exceeded",
                        "Rate limit exceeded. Please retry after the reset period.");
      add_rate_headers (self, msg);
      g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, MAX (reset, 1));
      soup_message_headers_replace (h, "Retry-After", buf);
      log_request (self, msg, path, route->key);
      return;
    }

  req = g_new0 (LsRequest, 1);
  req->server = &self->server;
  req->msg = g_object_ref (msg);
  req->template = route->key;
  req->params[0] = params[0];
  req->params[1] = params[1];
  req->query = query ? g_hash_table_ref (query) : NULL;

  delay = GPOINTER_TO_UINT (g_hash_table_lookup (self->latency_routes, route->key));
  if (delay == 0)
    delay = self->latency_default;

  fault = fault_fire (self, route->key);
  if (fault)
    {
      if (g_str_has_prefix (fault->action, "status:"))
        {
          guint status = (guint) g_ascii_strtoull (fault->action + 7, NULL, 10);
          g_autofree char *m = g_strdup_printf ("Injected fault: HTTP %u.", status);
          ls_respond_error (msg, status, status >= 500 ? "server_error" : "invalid_request_error", m);
          add_rate_headers (self, msg);
          log_request (self, msg, path, route->key);
          request_free (req);
          return;
        }
      else if (g_str_has_prefix (fault->action, "retry-after:"))
        {
          ls_respond_error (msg, 429, "rate_limit_exceeded",
                            "Rate limit exceeded. Please retry after the reset period.");
          add_rate_headers (self, msg);
          soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After",
                                        fault->action + strlen ("retry-after:"));
          log_request (self, msg, path, route->key);
          request_free (req);
          return;
        }
      else if (g_strcmp0 (fault->action, "drop") == 0)
        {
          GIOStream *stream;

          log_request_full (self, msg, path, route->key, 0);
          stream = soup_server_message_steal_connection (msg);
          if (stream)
            {
              g_io_stream_close (stream, NULL, NULL);
              g_object_unref (stream);
            }
          request_free (req);
          return;
        }
      else if (g_strcmp0 (fault->action, "malformed") == 0)
        {
          ls_respond_literal (msg, 200, "{\"data\": [{\"id\": \"ts_trunc");
          add_rate_headers (self, msg);
          log_request (self, msg, path, route->key);
          request_free (req);
          return;
        }
      else if (g_str_has_prefix (fault->action, "stall:"))
        delay += (guint) g_ascii_strtoull (fault->action + 6, NULL, 10);
      else if (g_strcmp0 (fault->action, "task-failed") == 0)
        req->task_failed = TRUE;
    }

  if (delay > 0)
    {
      Pending *p = g_new0 (Pending, 1);
      p->self = g_object_ref (self);
      p->req = req;
      p->route = route;
      p->path = g_strdup (path);
      soup_server_message_pause (msg);
      g_timeout_add (delay, pending_cb, p);
      return;
    }
  run_request (self, req, route, path);
  request_free (req);
}

/* ------------------------------------------------------------------ */
/* Control endpoints                                                   */

char *
lim_sandbox_get_stats_json (LimSandbox *self)
{
  GString *s = g_string_new ("{");
  g_autoptr(GList) keys = NULL;

  g_return_val_if_fail (LIM_IS_SANDBOX (self), NULL);

  lsj_kint (s, "total", (gint64) self->total);
  lsj_kint (s, "rate_limited", (gint64) self->rate_limited);
  lsj_kint (s, "writes", (gint64) self->server.writes);
  lsj_kopen (s, "routes", '{');
  keys = g_list_sort (g_hash_table_get_keys (self->route_counts), (GCompareFunc) g_strcmp0);
  for (GList *l = keys; l; l = l->next)
    lsj_kint (s, l->data, (gint64) *(guint64 *) g_hash_table_lookup (self->route_counts, l->data));
  lsj_close (s, '}');
  if (self->journal)
    {
      LsJournalStats js = ls_journal_get_stats (self->journal);

      lsj_kopen (s, "persistence", '{');
      lsj_kint (s, "fsyncs", (gint64) js.fsyncs);
      lsj_kint (s, "bytes_written", (gint64) js.bytes);
      lsj_kint (s, "journal_lines", (gint64) js.appends);
      lsj_kint (s, "snapshots", (gint64) js.compactions);
      lsj_close (s, '}');
    }
  g_string_append_c (s, '}');
  return g_string_free (s, FALSE);
}

char *
lim_sandbox_get_request_log_json (LimSandbox *self)
{
  GString *s = g_string_new ("[");

  g_return_val_if_fail (LIM_IS_SANDBOX (self), NULL);

  for (GList *l = self->log->head; l; l = l->next)
    {
      LogEntry *e = l->data;
      lsj_open (s, '{');
      lsj_kstrs (s, "time", e->time, "method", e->method, "path", e->path, "route", e->route, NULL);
      lsj_kint (s, "status", e->status);
      lsj_close (s, '}');
    }
  g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

static gboolean
config_uint (JsonObject *o,
             const char *key,
             guint      *out,
             gboolean   *present,
             GError    **error)
{
  JsonNode *n = json_object_get_member (o, key);

  *present = n != NULL;
  if (n == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64 ||
      json_node_get_int (n) < 0 || json_node_get_int (n) > G_MAXINT)
    {
      g_set_error (error, LIM_SANDBOX_ERROR, LIM_SANDBOX_ERROR_BAD_REQUEST,
                   "\"%s\" must be a non-negative integer.", key);
      return FALSE;
    }
  *out = (guint) json_node_get_int (n);
  return TRUE;
}

/* POST /_sandbox/config: the C API's knobs for out-of-process clients.
 * {"rateLimit": N, "rateWindow": S, "latencyMs": MS, "routeLatency":
 *  {"<route>": MS}, "tokenLifetime": S, "taskPolls": N, "taskDelayMs": MS,
 *  "sso": bool, "optionsInUse": {"sfso_…": N}} — every key optional. */
static gboolean
apply_config (LimSandbox        *self,
              SoupServerMessage *msg,
              GError           **error)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o, *map;
  guint v, w, polls = self->server.task_running_polls, delay = self->server.task_delay_ms;
  gboolean p, p2;

  if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                   (gssize) g_bytes_get_size (bytes), error))
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, LIM_SANDBOX_ERROR, LIM_SANDBOX_ERROR_BAD_REQUEST,
                           "Expected a JSON object.");
      return FALSE;
    }
  o = json_node_get_object (json_parser_get_root (parser));
  /* validate the option ids first: nothing applies on error */
  map = json_object_has_member (o, "optionsInUse") ? json_object_get_object_member (o, "optionsInUse") : NULL;
  if (map)
    {
      g_autoptr(GList) ids = json_object_get_members (map);
      for (GList *l = ids; l; l = l->next)
        if (ls_state_find_option (self->server.state, l->data, NULL) == NULL ||
            json_object_get_int_member_with_default (map, l->data, -1) < 0)
          {
            g_set_error (error, LIM_SANDBOX_ERROR, LIM_SANDBOX_ERROR_BAD_REQUEST,
                         "Unknown dropdown option %s (or a negative count).", (const char *) l->data);
            return FALSE;
          }
    }
  if (!config_uint (o, "rateLimit", &v, &p, error) || !config_uint (o, "rateWindow", &w, &p2, error))
    return FALSE;
  if (p || p2)
    lim_sandbox_set_rate_limit (self, p ? v : self->rl_limit, p2 ? w : self->rl_window);
  if (!config_uint (o, "latencyMs", &v, &p, error))
    return FALSE;
  if (p)
    lim_sandbox_set_latency (self, NULL, v);
  if (!config_uint (o, "tokenLifetime", &v, &p, error))
    return FALSE;
  if (p)
    lim_sandbox_set_token_lifetime (self, v);
  if (!config_uint (o, "taskPolls", &polls, &p, error) || !config_uint (o, "taskDelayMs", &delay, &p2, error))
    return FALSE;
  lim_sandbox_set_task_behaviour (self, polls, delay);
  if (!config_uint (o, "sessionLifetime", &v, &p, error))
    return FALSE;
  if (p && v > 0)
    lim_sandbox_set_session_lifetime (self, v);
  if (json_object_has_member (o, "sso"))
    lim_sandbox_set_sso_enabled (self, json_object_get_boolean_member_with_default (o, "sso", FALSE));
  if (json_object_has_member (o, "ssoMfa"))
    lim_sandbox_set_sso_mfa (self, json_object_get_boolean_member_with_default (o, "ssoMfa", FALSE)
                                     ? LIM_SANDBOX_DEFAULT_SSO_MFA_CODE : NULL);
  if (json_object_has_member (o, "routeLatency") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (o, "routeLatency")))
    {
      JsonObject *rl = json_object_get_object_member (o, "routeLatency");
      g_autoptr(GList) routes_l = json_object_get_members (rl);
      for (GList *l = routes_l; l; l = l->next)
        lim_sandbox_set_latency (self, l->data, (guint) MAX (0, json_object_get_int_member_with_default (rl, l->data,
                                                                                                         0)));
    }
  if (map)
    {
      g_autoptr(GList) ids = json_object_get_members (map);
      for (GList *l = ids; l; l = l->next)
        if (!lim_sandbox_set_option_in_use (self, l->data, (guint) json_object_get_int_member (map, l->data), error))
          return FALSE;
    }
  return TRUE;
}

static void
handle_control (LimSandbox        *self,
                SoupServerMessage *msg,
                const char        *path)
{
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (path, "/_sandbox/stats") == 0 && g_strcmp0 (method, "GET") == 0)
    {
      char *s = lim_sandbox_get_stats_json (self);
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, s, strlen (s));
    }
  else if (g_strcmp0 (path, "/_sandbox/requests") == 0 && g_strcmp0 (method, "GET") == 0)
    {
      char *s = lim_sandbox_get_request_log_json (self);
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, s, strlen (s));
    }
  else if (g_strcmp0 (path, "/_sandbox/state") == 0 && g_strcmp0 (method, "GET") == 0)
    ls_respond_json (msg, 200, ls_state_to_json (self->server.state));
  else if (g_strcmp0 (path, "/_sandbox/faults") == 0 && g_strcmp0 (method, "POST") == 0)
    {
      SoupMessageBody *body = soup_server_message_get_request_body (msg);
      g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
      g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

      if (lim_sandbox_add_faults_json (self, text, &error))
        {
          g_autofree char *s = g_strdup_printf ("{\"faults\":%u}", self->faults->len);
          ls_respond_literal (msg, 200, s);
        }
      else
        ls_respond_error (msg, 400, "invalid_request_error", error->message);
    }
  else if (g_strcmp0 (path, "/_sandbox/faults") == 0 && g_strcmp0 (method, "DELETE") == 0)
    {
      lim_sandbox_clear_faults (self);
      ls_respond_literal (msg, 200, "{\"faults\":0}");
    }
  else if (g_strcmp0 (path, "/_sandbox/config") == 0 && g_strcmp0 (method, "POST") == 0)
    {
      if (apply_config (self, msg, &error))
        ls_respond_literal (msg, 200, "{\"config\":true}");
      else
        ls_respond_error (msg, 400, "invalid_request_error", error->message);
    }
  else if (g_strcmp0 (path, "/_sandbox/expire-sessions") == 0 && g_strcmp0 (method, "POST") == 0)
    {
      g_autofree char *s = g_strdup_printf ("{\"expired\":%u}", lim_sandbox_expire_sessions (self));
      ls_respond_literal (msg, 200, s);
    }
  else if (g_strcmp0 (path, "/_sandbox/reset") == 0 && g_strcmp0 (method, "POST") == 0)
    {
      if (lim_sandbox_reset (self, &error))
        ls_respond_literal (msg, 200, "{\"reset\":true}");
      else
        ls_respond_error (msg, 500, "server_error", error->message);
    }
  else
    ls_respond_error (msg, 404, "invalid_request_error", "Unknown sandbox control endpoint.");
}

/* ------------------------------------------------------------------ */
/* Public C API                                                        */

gboolean
lim_sandbox_start (LimSandbox *self,
                   guint       port,
                   GError    **error)
{
  g_autoptr(GInetAddress) lo = NULL;
  g_autoptr(GSocketAddress) addr = NULL;
  GSList *uris;

  g_return_val_if_fail (LIM_IS_SANDBOX (self), FALSE);
  g_return_val_if_fail (self->soup == NULL, FALSE);

  self->soup = soup_server_new ("server-header", "liminal-sandbox/" PACKAGE_VERSION, NULL);
  soup_server_add_handler (self->soup, NULL, server_cb, self, NULL);
  lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  addr = g_inet_socket_address_new (lo, (guint16) port);
  if (!soup_server_listen (self->soup, addr, 0, error))
    {
      g_clear_object (&self->soup);
      return FALSE;
    }
  uris = soup_server_get_uris (self->soup);
  if (uris)
    self->port = (guint) g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return TRUE;
}

void
lim_sandbox_stop (LimSandbox *self)
{
  g_return_if_fail (LIM_IS_SANDBOX (self));

  if (self->soup)
    {
      soup_server_disconnect (self->soup);
      g_clear_object (&self->soup);
    }
}

guint
lim_sandbox_get_port (LimSandbox *self)
{
  g_return_val_if_fail (LIM_IS_SANDBOX (self), 0);
  return self->port;
}

char *
lim_sandbox_get_base_url (LimSandbox *self)
{
  g_return_val_if_fail (LIM_IS_SANDBOX (self), NULL);
  return g_strdup_printf ("http://127.0.0.1:%u", self->port);
}

const char *
lim_sandbox_get_registry_id (LimSandbox *self)
{
  g_return_val_if_fail (LIM_IS_SANDBOX (self), NULL);
  return self->server.state->registry_id;
}

void
lim_sandbox_set_rate_limit (LimSandbox *self,
                            guint       requests,
                            guint       window_seconds)
{
  g_return_if_fail (LIM_IS_SANDBOX (self));
  self->rl_limit = requests;
  self->rl_window = window_seconds ? window_seconds : 30;
  self->rl_window_start = 0;
  self->rl_count = 0;
}

void
lim_sandbox_set_latency (LimSandbox *self,
                         const char *route,
                         guint       ms)
{
  g_return_if_fail (LIM_IS_SANDBOX (self));
  if (route == NULL)
    self->latency_default = ms;
  else
    g_hash_table_insert (self->latency_routes, g_strdup (route), GUINT_TO_POINTER (ms));
}

void
lim_sandbox_set_token_lifetime (LimSandbox *self,
                                guint       seconds)
{
  g_return_if_fail (LIM_IS_SANDBOX (self));
  self->server.token_lifetime = seconds;
}

void
lim_sandbox_set_task_behaviour (LimSandbox *self,
                                guint       running_polls,
                                guint       delay_ms)
{
  g_return_if_fail (LIM_IS_SANDBOX (self));
  self->server.task_running_polls = running_polls;
  self->server.task_delay_ms = delay_ms;
}

void
lim_sandbox_set_sso_enabled (LimSandbox *self,
                             gboolean    enabled)
{
  g_return_if_fail (LIM_IS_SANDBOX (self));
  self->server.sso = !!enabled;
}

void
lim_sandbox_set_sso_credentials (LimSandbox *self,
                                 const char *user,
                                 const char *password)
{
  g_return_if_fail (LIM_IS_SANDBOX (self));
  if (user)
    {
      g_free (self->server.sso_user);
      self->server.sso_user = g_strdup (user);
    }
  if (password)
    {
      g_free (self->server.sso_password);
      self->server.sso_password = g_strdup (password);
    }
}

void
lim_sandbox_set_sso_mfa (LimSandbox *self,
                         const char *code)
{
  g_return_if_fail (LIM_IS_SANDBOX (self));
  g_free (self->server.sso_mfa_code);
  self->server.sso_mfa_code = g_strdup (code);
}

void
lim_sandbox_set_session_lifetime (LimSandbox *self,
                                  guint       seconds)
{
  g_return_if_fail (LIM_IS_SANDBOX (self));
  g_return_if_fail (seconds > 0);
  self->server.session_lifetime = seconds;
}

guint
lim_sandbox_expire_sessions (LimSandbox *self)
{
  guint n;

  g_return_val_if_fail (LIM_IS_SANDBOX (self), 0);
  n = g_hash_table_size (self->server.sessions);
  g_hash_table_remove_all (self->server.sessions);
  g_hash_table_remove_all (self->server.signin_tickets);
  return n;
}

guint64
lim_sandbox_get_write_count (LimSandbox *self)
{
  g_return_val_if_fail (LIM_IS_SANDBOX (self), 0);
  return self->server.writes;
}

static gboolean
valid_action (const char *action)
{
  if (g_strcmp0 (action, "drop") == 0 || g_strcmp0 (action, "malformed") == 0 ||
      g_strcmp0 (action, "task-failed") == 0)
    return TRUE;
  if (g_str_has_prefix (action, "status:"))
    {
      guint64 v;
      return g_ascii_string_to_unsigned (action + 7, 10, 100, 599, &v, NULL);
    }
  if (g_str_has_prefix (action, "stall:"))
    {
      guint64 v;
      return g_ascii_string_to_unsigned (action + 6, 10, 0, 600000, &v, NULL);
    }
  if (g_str_has_prefix (action, "retry-after:"))
    {
      guint64 v;
      return g_ascii_string_to_unsigned (action + strlen ("retry-after:"), 10, 0, 3600, &v, NULL);
    }
  return FALSE;
}

gboolean
lim_sandbox_add_fault (LimSandbox *self,
                       const char *route,
                       guint       nth,
                       const char *action,
                       GError    **error)
{
  Fault *f;

  g_return_val_if_fail (LIM_IS_SANDBOX (self), FALSE);

  if (route == NULL || !route_template_known (route))
    {
      g_set_error (error, LIM_SANDBOX_ERROR, LIM_SANDBOX_ERROR_BAD_REQUEST,
                   "Unknown route template \"%s\" (expected e.g. \"GET /api/v2/dropdowns/{id}\").",
                   route ? route : "null");
      return FALSE;
    }
  if (nth == 0)
    {
      g_set_error_literal (error, LIM_SANDBOX_ERROR, LIM_SANDBOX_ERROR_BAD_REQUEST,
                           "\"nth\" must be 1 or more.");
      return FALSE;
    }
  if (action == NULL || !valid_action (action))
    {
      g_set_error (error, LIM_SANDBOX_ERROR, LIM_SANDBOX_ERROR_BAD_REQUEST,
                   "Invalid fault action \"%s\" (status:NNN, retry-after:S, drop, malformed, stall:MS, task-failed).",
                   action ? action : "null");
      return FALSE;
    }
  f = g_new0 (Fault, 1);
  f->route = g_strdup (route);
  f->nth = nth;
  f->action = g_strdup (action);
  g_ptr_array_add (self->faults, f);
  return TRUE;
}

gboolean
lim_sandbox_add_faults_json (LimSandbox *self,
                             const char *json,
                             GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *arr;

  g_return_val_if_fail (LIM_IS_SANDBOX (self), FALSE);

  if (!json_parser_load_from_data (parser, json, -1, error))
    return FALSE;
  if (!JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, LIM_SANDBOX_ERROR, LIM_SANDBOX_ERROR_BAD_REQUEST,
                           "Expected a JSON array of fault rules.");
      return FALSE;
    }
  arr = json_node_get_array (json_parser_get_root (parser));
  /* validate all before adding any */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < json_array_get_length (arr); i++)
      {
        JsonNode *n = json_array_get_element (arr, i);
        JsonObject *o;
        const char *route = NULL, *action = NULL;
        gint64 nth = 0;

        if (!JSON_NODE_HOLDS_OBJECT (n))
          {
            g_set_error_literal (error, LIM_SANDBOX_ERROR, LIM_SANDBOX_ERROR_BAD_REQUEST,
                                 "Each fault rule must be an object.");
            return FALSE;
          }
        o = json_node_get_object (n);
        if (json_object_has_member (o, "route"))
          route = json_object_get_string_member_with_default (o, "route", NULL);
        if (json_object_has_member (o, "action"))
          action = json_object_get_string_member_with_default (o, "action", NULL);
        nth = json_object_get_int_member_with_default (o, "nth", 1);
        if (nth <= 0 || nth > G_MAXUINT)
          nth = 0;
        if (pass == 0)
          {
            if (route == NULL || !route_template_known (route) || action == NULL ||
                !valid_action (action) || nth == 0)
              {
                g_set_error (error, LIM_SANDBOX_ERROR, LIM_SANDBOX_ERROR_BAD_REQUEST,
                             "Invalid fault rule #%u: need a known \"route\" template, "
                             "\"nth\" >= 1 and a valid \"action\".", i + 1);
                return FALSE;
              }
          }
        else if (!lim_sandbox_add_fault (self, route, (guint) nth, action, error))
          return FALSE;
      }
  return TRUE;
}

void
lim_sandbox_clear_faults (LimSandbox *self)
{
  g_return_if_fail (LIM_IS_SANDBOX (self));
  g_ptr_array_set_size (self->faults, 0);
}

guint64
lim_sandbox_get_total_requests (LimSandbox *self)
{
  g_return_val_if_fail (LIM_IS_SANDBOX (self), 0);
  return self->total;
}

guint64
lim_sandbox_get_rate_limited (LimSandbox *self)
{
  g_return_val_if_fail (LIM_IS_SANDBOX (self), 0);
  return self->rate_limited;
}

guint64
lim_sandbox_get_request_count (LimSandbox *self,
                               const char *route)
{
  guint64 *n;

  g_return_val_if_fail (LIM_IS_SANDBOX (self), 0);
  n = g_hash_table_lookup (self->route_counts, route);
  return n ? *n : 0;
}

char *
lim_sandbox_get_state_json (LimSandbox *self)
{
  g_return_val_if_fail (LIM_IS_SANDBOX (self), NULL);
  return g_string_free (ls_state_to_json (self->server.state), FALSE);
}

gboolean
lim_sandbox_reset (LimSandbox *self,
                   GError    **error)
{
  LsState *fresh;

  g_return_val_if_fail (LIM_IS_SANDBOX (self), FALSE);

  fresh = state_from_seed (self->seed, error);
  if (fresh == NULL)
    return FALSE;
  g_hash_table_remove_all (self->server.tasks);
  fresh->generation = self->server.state->generation + 1;
  ls_state_free (self->server.state);
  self->server.state = fresh;
  self->total = 0;
  self->rate_limited = 0;
  self->server.writes = 0;
  g_hash_table_remove_all (self->route_counts);
  g_queue_free_full (self->log, (GDestroyNotify) log_entry_free);
  self->log = g_queue_new ();
  g_ptr_array_set_size (self->faults, 0);
  self->rl_window_start = 0;
  self->rl_count = 0;
  if (self->journal && self->autosave)
    return ls_journal_compact (self->journal, self->server.state, error);
  return TRUE;
}


gboolean
lim_sandbox_set_option_in_use (LimSandbox *self,
                               const char *option_id,
                               guint       n_entities,
                               GError    **error)
{
  LsOption *o;

  g_return_val_if_fail (LIM_IS_SANDBOX (self), FALSE);

  o = ls_state_find_option (self->server.state, option_id, NULL);
  if (o == NULL)
    {
      g_set_error (error, LIM_SANDBOX_ERROR, LIM_SANDBOX_ERROR_NOT_FOUND,
                   "Dropdown option %s does not exist.", option_id);
      return FALSE;
    }
  o->num_linked = n_entities;
  ls_state_touch (self->server.state);
  return persist_api (self, error);
}

char *
lim_sandbox_create_dropdown (LimSandbox        *self,
                             const char        *name,
                             const char *const *options,
                             GError           **error)
{
  g_autoptr(JsonObject) body = json_object_new ();
  JsonArray *arr = json_array_new ();
  LsDropdown *d;

  g_return_val_if_fail (LIM_IS_SANDBOX (self), NULL);

  json_object_set_string_member (body, "name", name);
  for (guint i = 0; options && options[i]; i++)
    {
      JsonObject *o = json_object_new ();
      json_object_set_string_member (o, "name", options[i]);
      json_array_add_object_element (arr, o);
    }
  json_object_set_array_member (body, "options", arr);
  d = ls_mutate_create_dropdown (self->server.state, body, error);
  if (d == NULL || !persist_api (self, error))
    return NULL;
  return g_strdup (d->id);
}

char *
lim_sandbox_create_entity_schema (LimSandbox *self,
                                  const char *json,
                                  GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *body;
  LsSchema *s;

  g_return_val_if_fail (LIM_IS_SANDBOX (self), NULL);

  if (!json_parser_load_from_data (parser, json, -1, error))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, LIM_SANDBOX_ERROR, LIM_SANDBOX_ERROR_BAD_REQUEST,
                           "Expected a JSON object.");
      return NULL;
    }
  body = json_node_get_object (json_parser_get_root (parser));
  if (!json_object_has_member (body, "registryId"))
    json_object_set_string_member (body, "registryId", self->server.state->registry_id);
  s = ls_mutate_alpha_create_schema (self->server.state, body, error);
  if (s == NULL || !persist_api (self, error))
    return NULL;
  return g_strdup (s->id);
}

gboolean
lim_sandbox_set_autosave (LimSandbox *self,
                          gboolean    autosave,
                          GError    **error)
{
  g_return_val_if_fail (LIM_IS_SANDBOX (self), FALSE);
  self->autosave = !!autosave;
  return persist_api (self, error);
}
