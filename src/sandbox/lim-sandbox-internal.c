/* lim-sandbox-internal.c — the internal /1/api realm (session + CSRF)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "lim-sandbox-internal.h"
#include "lim-sandbox-mutate.h"

struct _LsTask
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
  LsServer *owner;
};

void
ls_task_free (LsTask *t)
{
  if (t->timeout_id)
    g_source_remove (t->timeout_id);
  g_free (t->id);
  g_free (t->schema_id);
  g_clear_pointer (&t->pending, ls_schema_free);
  g_free (t->message);
  g_free (t);
}

static void
set_session_cookie (SoupServerMessage *msg,
                    const char        *session)
{
  g_autofree char *v = g_strdup_printf ("session=%s; Secure; HttpOnly; Path=/", session);
  soup_message_headers_append (soup_server_message_get_response_headers (msg), "Set-Cookie", v);
}

/* ------------------------------------------------------------------ */
/* Sign-in (§7.2)                                                      */

/* GET / — the page the sign-in redirects to.  It re-sets the session
 * cookie, as Benchling does, for a client that sends it, and for a client
 * following the redirect with the one-time ticket of the Location (a
 * cookie marked Secure is not sent back over plain http://127.0.0.1). */
void
ls_internal_home (LsRequest *req)
{
  g_autofree char *session = ls_request_cookie (req->msg, "session");
  const char *ticket = req->query ? g_hash_table_lookup (req->query, "signin") : NULL;
  char *stolen_ticket = NULL;
  char *from_ticket = NULL;

  if (ticket && g_hash_table_steal_extended (req->server->signin_tickets, ticket,
                                             (gpointer *) &stolen_ticket,
                                             (gpointer *) &from_ticket))
    {
      if (ls_server_session_csrf (req->server, from_ticket))
        set_session_cookie (req->msg, from_ticket);
      g_free (stolen_ticket);
      g_free (from_ticket);
    }
  else if (ls_server_session_csrf (req->server, session))
    set_session_cookie (req->msg, session);
  ls_respond_html (req->msg, 200,
                   "<!DOCTYPE html><html><head><title>Benchling sandbox</title></head>"
                   "<body><h1>Pizza House (Benchling sandbox)</h1></body></html>");
}

void
ls_internal_signin_get (LsRequest *req)
{
  LsServer *server = req->server;
  g_autofree char *csrf = NULL;
  g_autofree char *html = NULL;

  if (server->sso)
    {
      soup_server_message_set_redirect (req->msg, 302, "/ext/saml/signin:begin");
      return;
    }
  csrf = ls_server_random_token (server, 32);
  if (g_hash_table_size (server->csrf_issued) >= 10000)
    g_hash_table_remove_all (server->csrf_issued); /* forms expire, eventually */
  g_hash_table_add (server->csrf_issued, g_strdup (csrf));
  html = g_strdup_printf (
    "<!DOCTYPE html>\n<html><head><title>Sign in - Benchling</title></head><body>\n"
    "<form method=\"post\" action=\"/signin\" id=\"signin-form\">\n"
    "  <input type=\"hidden\" id=\"csrf_token\" name=\"csrf_token\" value=\"%s\">\n"
    "  <label for=\"username\">Email</label>\n"
    "  <input type=\"email\" id=\"username\" name=\"username\">\n"
    "  <label for=\"password\">Password</label>\n"
    "  <input type=\"password\" id=\"password\" name=\"password\">\n"
    "  <input type=\"checkbox\" id=\"signout_on_close\" name=\"signout_on_close\" value=\"y\">\n"
    "  <button type=\"submit\">Sign in</button>\n"
    "</form>\n</body></html>\n", csrf);
  ls_respond_html (req->msg, 200, html);
}

void
ls_internal_signin_post (LsRequest *req)
{
  LsServer *server = req->server;
  SoupMessageBody *body = soup_server_message_get_request_body (req->msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(GHashTable) form = soup_form_decode (text);
  const char *csrf = g_hash_table_lookup (form, "csrf_token");
  const char *user = g_hash_table_lookup (form, "username");
  const char *password = g_hash_table_lookup (form, "password");
  g_autofree char *session = NULL;
  g_autofree char *ticket = NULL;
  g_autofree char *location = NULL;

  if (server->sso)
    {
      /* Benchling's answer for an organisation that enforces single sign-on */
      ls_respond_html (req->msg, 403,
                       "<!DOCTYPE html><html><head><title>Sign in - Benchling</title></head><body>"
                       "<div class=\"error\">Your organization requires you to sign in with single sign-on (SSO). "
                       "Password sign-in is disabled.</div></body></html>");
      return;
    }
  if (csrf == NULL || !g_hash_table_contains (server->csrf_issued, csrf))
    {
      ls_respond_html (req->msg, 400,
                       "<html><body>The CSRF token is missing or invalid. Reload the sign-in page.</body></html>");
      return;
    }
  if (g_strcmp0 (user, server->admin_email) != 0 ||
      g_strcmp0 (password, server->admin_password) != 0)
    {
      ls_respond_html (req->msg, 401,
                       "<!DOCTYPE html><html><body><div class=\"error\">Incorrect email or password.</div>"
                       "</body></html>");
      return;
    }
  session = ls_server_add_session (server, csrf);
  ticket = ls_server_random_token (server, 24);
  g_hash_table_insert (server->signin_tickets, g_strdup (ticket), g_strdup (session));
  set_session_cookie (req->msg, session);
  location = g_strdup_printf ("/?signin=%s", ticket);
  soup_server_message_set_redirect (req->msg, 302, location);
}

gboolean
ls_internal_check_auth (LsRequest *req)
{
  SoupMessageHeaders *h = soup_server_message_get_request_headers (req->msg);
  g_autofree char *session = ls_request_cookie (req->msg, "session");
  const char *csrf = soup_message_headers_get_one (h, "x-csrftoken");
  const char *expected;

  if ((expected = ls_server_session_csrf (req->server, session)) == NULL)
    {
      /* An SSO tenant answers an unknown or expired session 401, and the
       * browser signs in again through the identity provider. */
      if (req->server->sso)
        ls_respond_error (req->msg, 401, "unauthorized",
                          "Your session has expired or is not valid. Please sign in again.");
      else
        ls_respond_error (req->msg, 403, "forbidden",
                          "Authentication credentials were not provided or are invalid.");
      return FALSE;
    }
  if (csrf == NULL || g_strcmp0 (csrf, expected) != 0)
    {
      ls_respond_error (req->msg, 403, "forbidden", "CSRF Failed: CSRF token missing or incorrect.");
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Tag schemas                                                         */

/* {"data": [TagSchema…]}: every schema's serialisation is cached on the
 * schema, so the body is a list of shared chunks — nothing is copied. */
void
ls_internal_tag_schemas (LsRequest *req)
{
  LsState *st = req->server->state;
  SoupMessageBody *body = soup_server_message_get_response_body (req->msg);

  soup_server_message_set_status (req->msg, 200, NULL);
  soup_message_headers_set_content_type (soup_server_message_get_response_headers (req->msg),
                                         "application/json", NULL);
  soup_message_body_append (body, SOUP_MEMORY_STATIC, "{\"data\":[", 9);
  for (guint i = 0; i < st->schemas->len; i++)
    {
      g_autoptr(GBytes) bytes = ls_tag_schema_bytes (st, g_ptr_array_index (st->schemas, i));
      if (i > 0)
        soup_message_body_append (body, SOUP_MEMORY_STATIC, ",", 1);
      soup_message_body_append_bytes (body, bytes);
    }
  soup_message_body_append (body, SOUP_MEMORY_STATIC, "]}", 2);
}

static void
respond_schema_not_found (LsRequest *req)
{
  g_autofree char *m = g_strdup_printf ("Tag schema %s not found.", req->params[0]);
  ls_respond_error (req->msg, 404, "invalid_request_error", m);
}

static gboolean
task_ready (LsTask *t)
{
  return (t->need_polls == 0 || t->polls > t->need_polls) &&
         g_get_monotonic_time () - t->created_us >= (gint64) t->delay_ms * 1000;
}

static void
task_complete (LsServer *server,
               LsTask   *t)
{
  g_autoptr(GError) error = NULL;

  if (t->status != 0)
    return;
  if (t->fail)
    {
      t->status = 2;
      t->message = g_strdup ("The schema update task failed (injected fault). No changes were applied.");
      g_clear_pointer (&t->pending, ls_schema_free);
      return;
    }
  if (ls_state_find_schema (server->state, t->schema_id) == NULL ||
      !ls_mutate_validate_schema (server->state, t->pending, &error))
    {
      t->status = 2;
      t->message = g_strdup (error ? error->message : "The schema no longer exists.");
      g_clear_pointer (&t->pending, ls_schema_free);
      return;
    }
  ls_mutate_commit_schema (server->state, g_steal_pointer (&t->pending));
  if (!ls_server_persist (server, NULL))
    {
      t->status = 2;
      t->message = g_strdup ("The sandbox could not save its state.");
      return;
    }
  t->status = 1;
}

static gboolean
task_timeout_cb (gpointer data)
{
  LsTask *t = data;

  t->timeout_id = 0;
  if (t->status == 0 && task_ready (t))
    task_complete (t->owner, t);
  return G_SOURCE_REMOVE;
}

void
ls_internal_update (LsRequest *req)
{
  LsServer *server = req->server;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  LsSchema *schema = ls_state_find_schema (server->state, req->params[0]);
  JsonObject *body;
  LsSchema *pending;
  LsTask *t;
  GString *s;

  if (schema == NULL)
    {
      respond_schema_not_found (req);
      return;
    }
  body = ls_request_json_object (req, &parser);
  if (body == NULL)
    return;
  pending = ls_mutate_prepare_schema_update (server->state, schema, body, &error);
  if (pending == NULL)
    {
      ls_respond_gerror (req->msg, error);
      return;
    }
  t = g_new0 (LsTask, 1);
  t->owner = server;
  t->id = g_strdup_printf ("task_%06" G_GUINT64_FORMAT, ++server->task_counter);
  t->schema_id = g_strdup (schema->id);
  t->pending = pending;
  t->fail = req->task_failed;
  t->need_polls = server->task_running_polls;
  t->delay_ms = server->task_delay_ms;
  t->created_us = g_get_monotonic_time ();
  g_hash_table_insert (server->tasks, t->id, t);
  if (t->need_polls == 0 && t->delay_ms == 0)
    task_complete (server, t);
  else if (t->need_polls == 0)
    t->timeout_id = g_timeout_add (t->delay_ms, task_timeout_cb, t);

  s = g_string_new ("{");
  lsj_key (s, "status_url");
  g_string_append_printf (s, "\"/1/api/async-tasks/%s\"", t->id);
  lsj_kstr (s, "taskId", t->id);
  g_string_append_c (s, '}');
  ls_respond_json (req->msg, 202, s);
}

void
ls_internal_task_status (LsRequest *req)
{
  LsServer *server = req->server;
  LsTask *t = g_hash_table_lookup (server->tasks, req->params[0]);
  GString *s;

  if (t == NULL)
    {
      g_autofree char *m = g_strdup_printf ("Task %s not found.", req->params[0]);
      ls_respond_error (req->msg, 404, "invalid_request_error", m);
      return;
    }
  if (t->status == 0)
    {
      t->polls++;
      if (task_ready (t))
        task_complete (server, t);
    }
  s = g_string_new ("{");
  lsj_kstr (s, "id", t->id);
  lsj_kstr (s, "status", t->status == 0 ? "RUNNING" : t->status == 1 ? "SUCCESS" : "FAILED");
  lsj_kstr (s, "message", t->message);
  if (t->status == 1)
    {
      LsSchema *schema = ls_state_find_schema (server->state, t->schema_id);
      lsj_kopen (s, "response", '{');
      lsj_kstr (s, "tagSchemaId", schema ? schema->id : NULL);
      lsj_close (s, '}');
    }
  else
    lsj_knull (s, "response");
  g_string_append_c (s, '}');
  ls_respond_json (req->msg, 200, s);
}

static gboolean
set_name_template (LsRequest  *req,
                   JsonObject *body,
                   gpointer    user_data,
                   GError    **error)
{
  return ls_mutate_set_name_template (req->server->state, user_data, body, error);
}

static GString *
write_tag_schema (LsRequest *req,
                  gpointer   user_data)
{
  LsState *st = req->server->state;
  GString *s = g_string_new (NULL);

  ls_write_tag_schema (st, s, ls_state_find_schema (st, req->params[0]));
  return s;
}

void
ls_internal_name_template (LsRequest *req)
{
  LsSchema *schema = ls_state_find_schema (req->server->state, req->params[0]);

  if (schema == NULL)
    {
      respond_schema_not_found (req);
      return;
    }
  ls_handle_write (req, 200, set_name_template, write_tag_schema, schema);
}

typedef gboolean (*BulkFunc) (LsState *,
                              JsonObject *,
                              gboolean,
                              GPtrArray *,
                              GError **);

typedef struct
{
  LsIdList changed;       /* first: the answer */
  BulkFunc func;
  gboolean archive;
} Bulk;

static gboolean
bulk_mutate (LsRequest  *req,
             JsonObject *body,
             gpointer    user_data,
             GError    **error)
{
  Bulk *b = user_data;

  return b->func (req->server->state, body, b->archive, b->changed.ids, error);
}

static void
bulk (LsRequest *req,
      BulkFunc   func)
{
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_free);
  Bulk b = { { "ids", changed }, func, ls_request_archives (req) };

  ls_handle_write (req, 200, bulk_mutate, ls_write_id_list, &b);
}

void
ls_internal_schemas_archival (LsRequest *req)
{
  bulk (req, ls_mutate_bulk_archive_schemas);
}

/* ------------------------------------------------------------------ */
/* Schema field selectors                                              */

void
ls_internal_selectors (LsRequest *req)
{
  LsState *st = req->server->state;
  const char *registry = req->query ? g_hash_table_lookup (req->query, "registryId") : NULL;
  GString *s;

  if (registry == NULL)
    {
      ls_respond_error (req->msg, 400, "invalid_request_error", "registryId is required.");
      return;
    }
  s = g_string_new ("{\"selectorsByRegistryId\":{");
  lsj_kopen (s, registry, '[');
  for (guint i = 0; i < st->dropdowns->len; i++)
    {
      LsDropdown *d = g_ptr_array_index (st->dropdowns, i);
      if (g_strcmp0 (d->registry_id, registry) == 0)
        ls_write_selector (s, d);
    }
  g_string_append (s, "]}}");
  ls_respond_json (req->msg, 200, s);
}

static gboolean
patch_selector (LsRequest  *req,
                JsonObject *body,
                gpointer    user_data,
                GError    **error)
{
  GString *confirm = NULL;
  GString *s;

  if (ls_mutate_patch_selector (req->server->state, user_data, body, &confirm, error))
    return TRUE;
  if (confirm)
    {
      g_clear_error (error); /* the confirmation is the answer */
      s = g_string_new ("{\"schemaFieldSelectorOptionToUpdate\":");
      g_string_append_len (s, confirm->str, confirm->len);
      g_string_append_c (s, '}');
      g_string_free (confirm, TRUE);
      ls_respond_json (req->msg, 200, s);
    }
  return FALSE;
}

static GString *
write_selector (LsRequest *req,
                gpointer   user_data)
{
  GString *s = g_string_new (NULL);

  ls_write_selector (s, user_data);
  return s;
}

void
ls_internal_selector_patch (LsRequest *req)
{
  LsDropdown *d = ls_state_find_dropdown (req->server->state, req->params[0]);

  if (d == NULL)
    {
      g_autofree char *m = g_strdup_printf ("Schema field selector %s not found.", req->params[0]);
      ls_respond_error (req->msg, 404, "invalid_request_error", m);
      return;
    }
  ls_handle_write (req, 200, patch_selector, write_selector, d);
}

void
ls_internal_selectors_archival (LsRequest *req)
{
  bulk (req, ls_mutate_bulk_archive_selectors);
}

void
ls_internal_result_schemas (LsRequest *req)
{
  GString *s = g_string_new (NULL);

  ls_write_result_schemas_resp (req->server->state, s);
  ls_respond_json (req->msg, 200, s);
}
