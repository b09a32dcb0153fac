/* sandbox-test-util.c — helpers for the sandbox tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gstdio.h>

#include "sandbox-test-util.h"

void
sb_fixture_start (SbFixture *fx, const char *state_path, const char *seed)
{
  g_autoptr(GError) error = NULL;

  fx->sandbox = lim_sandbox_new (state_path, seed, &error);
  g_assert_no_error (error);
  g_free (fx->running_state);
  fx->running_state = g_strdup (state_path);
  lim_sandbox_set_rate_limit (fx->sandbox, 0, 30);
  lim_sandbox_start (fx->sandbox, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lim_sandbox_get_port (fx->sandbox), >, 0);
  g_free (fx->base);
  fx->base = lim_sandbox_get_base_url (fx->sandbox);
}

void
sb_fixture_stop (SbFixture *fx)
{
  if (fx->session)
    soup_session_abort (fx->session);
  g_clear_object (&fx->session);
  if (fx->sandbox && fx->running_state)
    {
      /* whatever the test did, the state file and its journal hold the
       * tenant the sandbox serves (as kill -9 would find them) */
      g_autoptr(GError) error = NULL;
      g_autofree char *served = lim_sandbox_get_state_json (fx->sandbox);
      g_autofree char *stored = lim_sandbox_load_state_file (fx->running_state, &error);

      g_assert_no_error (error);
      if (g_strcmp0 (stored, served) != 0)
        {
          gsize i = 0;

          while (stored[i] && stored[i] == served[i])
            i++;
          g_error ("the state file and journal differ from the tenant at byte %zu:\n"
                   "  stored: …%.160s\n  served: …%.160s", i, stored + (i > 80 ? i - 80 : 0),
                   served + (i > 80 ? i - 80 : 0));
        }
    }
  g_clear_pointer (&fx->running_state, g_free);
  if (fx->sandbox)
    lim_sandbox_stop (fx->sandbox);
  g_clear_object (&fx->sandbox);
  g_clear_pointer (&fx->token, g_free);
  g_clear_pointer (&fx->cookie, g_free);
  g_clear_pointer (&fx->csrf, g_free);
  /* let pending sources run down */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

void
sb_fixture_setup (SbFixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  memset (fx, 0, sizeof *fx);
  fx->tmpdir = g_dir_make_tmp ("sandbox-test-XXXXXX", &error);
  g_assert_no_error (error);
  fx->state_path = g_build_filename (fx->tmpdir, "state.json", NULL);
  sb_fixture_start (fx, fx->state_path, data);
}

static void
rm_rf (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)))
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (dir);
}

void
sb_fixture_teardown (SbFixture *fx, gconstpointer data)
{
  sb_fixture_stop (fx);
  rm_rf (fx->tmpdir);
  g_free (fx->tmpdir);
  g_free (fx->state_path);
  g_free (fx->base);
}

typedef struct
{
  gboolean done;
  GBytes  *bytes;
  GError  *error;
} SendData;

static void
send_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SendData *d = user_data;

  d->bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &d->error);
  d->done = TRUE;
}

SbResp *
sb_request (SbFixture *fx, const char *method, const char *path, const char *content_type,
            const char *body, guint flags, ...)
{
  g_autofree char *url = g_strconcat (fx->base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  SendData d = { 0 };
  SbResp *r = g_new0 (SbResp, 1);
  va_list ap;
  const char *name;

  g_assert_nonnull (msg);
  if (fx->session == NULL)
    fx->session = soup_session_new_with_options ("timeout", 30, NULL);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT | flags);
  va_start (ap, flags);
  while ((name = va_arg (ap, const char *)))
    {
      const char *value = va_arg (ap, const char *);
      if (value)
        soup_message_headers_append (soup_message_get_request_headers (msg), name, value);
    }
  va_end (ap);
  if (body)
    {
      g_autoptr(GBytes) b = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, content_type, b);
    }
  soup_session_send_and_read_async (fx->session, msg, G_PRIORITY_DEFAULT, NULL, send_cb, &d);
  while (!d.done)
    g_main_context_iteration (NULL, TRUE);
  r->error = d.error;
  r->body = d.bytes ? d.bytes : g_bytes_new (NULL, 0);
  r->status = soup_message_get_status (msg);
  r->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  return r;
}

void
sb_resp_free (SbResp *r)
{
  g_clear_pointer (&r->body, g_bytes_unref);
  g_clear_pointer (&r->headers, soup_message_headers_unref);
  g_clear_error (&r->error);
  g_clear_object (&r->parser);
  g_free (r);
}

const char *
sb_body_str (SbResp *r)
{
  /* GBytes from soup are not NUL-terminated: make a copy once */
  gsize len = 0;
  const char *data = g_bytes_get_data (r->body, &len);

  if (len == 0 || data[len - 1] != '\0')
    {
      char *copy = g_malloc (len + 1);
      memcpy (copy, data, len);
      copy[len] = '\0';
      g_bytes_unref (r->body);
      r->body = g_bytes_new_take (copy, len + 1);
      data = copy;
    }
  return data;
}

JsonNode *
sb_json (SbResp *r)
{
  g_autoptr(GError) error = NULL;
  const char *s = sb_body_str (r);

  if (r->parser == NULL)
    {
      r->parser = json_parser_new ();
      if (!json_parser_load_from_data (r->parser, s, -1, &error))
        g_error ("response is not JSON (%s): %s", error->message, s);
    }
  return json_parser_get_root (r->parser);
}

JsonObject *
sb_obj (SbResp *r)
{
  JsonNode *n = sb_json (r);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (n));
  return json_node_get_object (n);
}

const char *
sb_header (SbResp *r, const char *name)
{
  return soup_message_headers_get_one (r->headers, name);
}

void
sb_get_token (SbFixture *fx)
{
  g_autoptr(SbResp) r = NULL;

  r = sb_request (fx, "POST", "/api/v2/token", "application/x-www-form-urlencoded",
                  "grant_type=client_credentials&client_id=sandbox&client_secret=sandbox-secret", 0, NULL);
  sb_assert_status (r, 200);
  g_free (fx->token);
  fx->token = g_strdup (json_object_get_string_member (sb_obj (r), "access_token"));
}

SbResp *
sb_public (SbFixture *fx, const char *method, const char *path, const char *json)
{
  g_autofree char *auth = NULL;

  if (fx->token == NULL)
    sb_get_token (fx);
  auth = g_strconcat ("Bearer ", fx->token, NULL);
  return sb_request (fx, method, path, json ? "application/json" : NULL, json, 0,
                     "Authorization", auth, NULL);
}

void
sb_signin (SbFixture *fx)
{
  g_autoptr(SbResp) r = sb_request (fx, "GET", "/signin", NULL, NULL, 0, NULL);
  g_autoptr(SbResp) r2 = NULL;
  g_autofree char *form = NULL;
  const char *html, *p, *q, *cookie;

  sb_assert_status (r, 200);
  html = sb_body_str (r);
  p = strstr (html, "id=\"csrf_token\"");
  g_assert_nonnull (p);
  p = strstr (p, "value=\"");
  g_assert_nonnull (p);
  p += 7;
  q = strchr (p, '"');
  g_free (fx->csrf);
  fx->csrf = g_strndup (p, q - p);
  form = g_strdup_printf ("csrf_token=%s&username=admin%%40sandbox.test&password=sandbox&signout_on_close=y",
                          fx->csrf);
  r2 = sb_request (fx, "POST", "/signin", "application/x-www-form-urlencoded", form, 0,
                   "Referer", "https://sandbox.benchling.com/signin", NULL);
  sb_assert_status (r2, 302);
  cookie = sb_header (r2, "Set-Cookie");
  g_assert_nonnull (cookie);
  g_assert_true (g_str_has_prefix (cookie, "session="));
  g_free (fx->cookie);
  fx->cookie = g_strndup (cookie, strchr (cookie, ';') - cookie);
}

SbResp *
sb_internal (SbFixture *fx, const char *method, const char *path, const char *json)
{
  if (fx->cookie == NULL)
    sb_signin (fx);
  return sb_request (fx, method, path, json ? "application/json" : NULL, json, 0,
                     "Cookie", fx->cookie, "x-csrftoken", fx->csrf,
                     "Referer", "https://sandbox.benchling.com/", NULL);
}

static gboolean
wake_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
sb_wait_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, wake_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

JsonObject *
sb_find_schema (JsonArray *data, const char *sql)
{
  for (guint i = 0; i < json_array_get_length (data); i++)
    {
      JsonObject *o = json_array_get_object_element (data, i);
      if (g_strcmp0 (json_object_get_string_member (o, "sqlIdentifier"), sql) == 0)
        return o;
    }
  return NULL;
}

char *
sb_printf_json (const char *fmt, ...)
{
  va_list ap;
  char *s;

  va_start (ap, fmt);
  s = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  return s;
}
