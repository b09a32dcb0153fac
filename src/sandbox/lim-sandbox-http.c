/* lim-sandbox-http.c — requests and responses shared by the realms
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "lim-sandbox-http.h"
#include "lim-sandbox-json.h"

char *
ls_server_random_token (LsServer *server,
                        gsize     n)
{
  static const char alphabet[] =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  char *s = g_malloc (n + 1);

  for (gsize i = 0; i < n; i++)
    s[i] = alphabet[g_rand_int_range (server->rand, 0, sizeof alphabet - 1)];
  s[n] = '\0';
  return s;
}

void
ls_session_free (LsSession *session)
{
  g_free (session->csrf);
  g_free (session);
}

char *
ls_server_add_session (LsServer   *server,
                       const char *csrf)
{
  LsSession *session = g_new0 (LsSession, 1);
  char *cookie = ls_server_random_token (server, 48);

  session->csrf = g_strdup (csrf);
  session->expires_us = g_get_monotonic_time () + (gint64) server->session_lifetime * G_USEC_PER_SEC;
  g_hash_table_insert (server->sessions, g_strdup (cookie), session);
  return cookie;
}

const char *
ls_server_session_csrf (LsServer   *server,
                        const char *cookie)
{
  LsSession *session = cookie ? g_hash_table_lookup (server->sessions, cookie) : NULL;

  if (session == NULL)
    return NULL;
  if (g_get_monotonic_time () >= session->expires_us)
    {
      g_hash_table_remove (server->sessions, cookie);
      return NULL;
    }
  return session->csrf;
}

char *
ls_request_cookie (SoupServerMessage *msg,
                   const char        *name)
{
  SoupMessageHeaders *h = soup_server_message_get_request_headers (msg);
  const char *cookie = soup_message_headers_get_list (h, "Cookie");
  g_auto(GStrv) parts = NULL;
  gsize nlen = strlen (name);

  if (cookie == NULL)
    return NULL;
  parts = g_strsplit (cookie, ";", -1);
  for (guint i = 0; parts[i]; i++)
    {
      const char *p = parts[i];
      while (*p == ' ' || *p == '\t')
        p++;
      if (strncmp (p, name, nlen) == 0 && p[nlen] == '=')
        return g_strstrip (g_strdup (p + nlen + 1));
    }
  return NULL;
}

gboolean
ls_server_persist (LsServer          *server,
                   SoupServerMessage *msg)
{
  g_autoptr(GError) error = NULL;

  if (server->persist == NULL || server->persist (server, &error))
    {
      server->writes++;
      return TRUE;
    }
  g_printerr ("liminal-sandbox: cannot save state: %s\n", error->message);
  if (msg)
    ls_respond_error (msg, 500, "server_error", "The sandbox could not save its state.");
  return FALSE;
}

gboolean
ls_request_archives (LsRequest *req)
{
  return strstr (req->template, "unarchive") == NULL;
}

/* ------------------------------------------------------------------ */
/* Responses                                                           */

void
ls_respond_json (SoupServerMessage *msg,
                 guint              status,
                 GString           *body)
{
  gsize len = body->len;
  char *data = g_string_free (body, FALSE);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, data, len);
}

void
ls_respond_html (SoupServerMessage *msg,
                 guint              status,
                 const char        *html)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_COPY, html, strlen (html));
}

void
ls_respond_literal (SoupServerMessage *msg,
                    guint              status,
                    const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

void
ls_respond_error (SoupServerMessage *msg,
                  guint              status,
                  const char        *type,
                  const char        *message)
{
  GString *s = g_string_new ("{\"error\":{");
  lsj_kstr (s, "type", type);
  lsj_kstr (s, "message", message);
  lsj_kstr (s, "userMessage", message);
  g_string_append (s, "}}");
  ls_respond_json (msg, status, s);
}

void
ls_respond_gerror (SoupServerMessage *msg,
                   const GError      *error)
{
  guint status = lim_sandbox_error_to_status (error);
  GString *s = g_string_new ("{\"error\":{");

  lsj_kstr (s, "type", status == 403 ? "forbidden" : status >= 500 ? "server_error" : "invalid_request_error");
  lsj_kstr (s, "message", error->message);
  lsj_kstr (s, "userMessage", error->message);
  g_string_append (s, "}}");
  ls_respond_json (msg, status, s);
}

JsonObject *
ls_request_json_object (LsRequest   *req,
                        JsonParser **parser_out)
{
  SoupMessageBody *body = soup_server_message_get_request_body (req->msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);

  *parser_out = NULL;
  if (len == 0)
    {
      ls_respond_error (req->msg, 400, "invalid_request_error", "The request body must be a JSON object.");
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, (gssize) len, &error))
    {
      g_autofree char *m = g_strdup_printf ("Invalid JSON body: %s", error->message);
      ls_respond_error (req->msg, 400, "invalid_request_error", m);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      ls_respond_error (req->msg, 400, "invalid_request_error", "The request body must be a JSON object.");
      return NULL;
    }
  *parser_out = g_steal_pointer (&parser);
  return json_node_get_object (json_parser_get_root (*parser_out));
}

GString *
ls_write_id_list (LsRequest *req,
                  gpointer   user_data)
{
  LsIdList *list = user_data;
  GString *s = g_string_new ("{");

  lsj_kopen (s, list->key, '[');
  for (guint i = 0; i < list->ids->len; i++)
    lsj_str (s, g_ptr_array_index (list->ids, i));
  g_string_append (s, "]}");
  return s;
}

void
ls_handle_write (LsRequest   *req,
                 guint        status,
                 LsMutateFunc mutate,
                 LsWriteFunc  write,
                 gpointer     user_data)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *body = ls_request_json_object (req, &parser);

  if (body == NULL)
    return;
  if (!mutate (req, body, user_data, &error))
    {
      if (error)
        ls_respond_gerror (req->msg, error);
      return;
    }
  if (!ls_server_persist (req->server, req->msg))
    return;
  ls_respond_json (req->msg, status, write (req, user_data));
}
