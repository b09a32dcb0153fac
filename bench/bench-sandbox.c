/* bench-sandbox.c — how long does a full GET /1/api/tag-schemas/ take?
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Seeds an in-memory sandbox with 300 dropdowns and 1,000 entity schemas of
 * 40 fields each (through the C API, same validation as HTTP), signs in to
 * the internal realm, then times complete GET /1/api/tag-schemas/ responses
 * (request sent → whole body received) with an asynchronous SoupSession:
 *
 *   cold: one schema changed since the previous read (its JSON re-rendered)
 *   warm: nothing changed (every schema's serialisation comes from cache)
 *
 * Each is measured twice: "read" streams the body into a reused buffer
 * (server + transport), "s&r" uses soup_session_send_and_read (adds the
 * client's growing of a fresh 49 MB buffer).
 *
 * The server runs in its own thread (own GMainContext), like a separate
 * process would; the client is the main thread.
 *
 * Prints min / median / max of 20 runs each.  Target: median < 100 ms.
 * Usage: bench-sandbox [N_SCHEMAS [N_FIELDS [N_DROPDOWNS [RUNS]]]]
 *
 * --persist: the cost of persistence.  Seeds the same tenant into a
 * sandbox with a state file, through the public HTTP API (one POST per
 * dropdown or schema, each answered only once durable), and prints the
 * time, the fsyncs and the bytes written, then restarts on the file as
 * after kill -9.  Target: 1,300 objects in under 15 s.
 * Usage: bench-sandbox --persist [N_SCHEMAS [N_FIELDS [N_DROPDOWNS [DIR]]]]
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "lim-sandbox.h"

typedef struct
{
  gboolean done;
  GBytes  *bytes;
  guint    status;
  char    *set_cookie;
} Flight;

static void
flight_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Flight *f = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);

  f->bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
  f->status = soup_message_get_status (msg);
  f->set_cookie = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Set-Cookie"));
  f->done = TRUE;
}

typedef struct
{
  LimSandbox   *sb;
  GMainContext *ctx;
  GMainLoop    *loop;
  GMutex        mutex;
  GCond         cond;
  GThread      *thread;
  gboolean      started;
} ServerThread;

static gpointer
server_thread (gpointer data)
{
  ServerThread *st = data;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (st->ctx);
  if (!lim_sandbox_start (st->sb, 0, &error))
    g_error ("%s", error->message);
  g_mutex_lock (&st->mutex);
  st->started = TRUE;
  g_cond_signal (&st->cond);
  g_mutex_unlock (&st->mutex);
  g_main_loop_run (st->loop);
  lim_sandbox_stop (st->sb);
  g_main_context_pop_thread_default (st->ctx);
  return NULL;
}

static Flight
send_full (SoupSession *session, const char *method, const char *url, const char *ctype,
           const char *body, const char *cookie, const char *csrf, const char *auth)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  Flight f = { 0 };

  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  if (body)
    {
      g_autoptr(GBytes) b = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, ctype, b);
    }
  if (cookie)
    soup_message_headers_append (soup_message_get_request_headers (msg), "Cookie", cookie);
  if (csrf)
    soup_message_headers_append (soup_message_get_request_headers (msg), "x-csrftoken", csrf);
  if (auth)
    soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, flight_cb, &f);
  while (!f.done)
    g_main_context_iteration (NULL, TRUE);
  return f;
}

static Flight
send (SoupSession *session, const char *method, const char *url, const char *form,
      const char *cookie, const char *csrf)
{
  return send_full (session, method, url, "application/x-www-form-urlencoded", form, cookie, csrf, NULL);
}

typedef struct
{
  gboolean      done;
  GInputStream *stream;
  guint8       *buf;
  gsize         cap;
  gsize         len;
  guint         status;
} Reader;

static void read_cb (GObject *source, GAsyncResult *result, gpointer user_data);

static void
read_next (Reader *r)
{
  if (r->len >= r->cap)
    g_error ("response larger than the %zu byte buffer", r->cap);
  g_input_stream_read_async (r->stream, r->buf + r->len, MIN (r->cap - r->len, 4u << 20),
                             G_PRIORITY_DEFAULT, NULL, read_cb, r);
}

static void
read_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Reader *r = user_data;
  g_autoptr(GError) error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);

  if (n < 0)
    g_error ("read: %s", error->message);
  if (n == 0)
    {
      r->done = TRUE;
      return;
    }
  r->len += (gsize) n;
  read_next (r);
}

static void
sent_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Reader *r = user_data;
  g_autoptr(GError) error = NULL;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);

  r->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (r->stream == NULL)
    g_error ("send: %s", error->message);
  r->status = soup_message_get_status (msg);
  read_next (r);
}

/* GET into a reused buffer; returns milliseconds */
static double
timed_stream_get (SoupSession *session, const char *url, const char *cookie, const char *csrf,
                  guint8 *buf, gsize cap, gsize *len)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  Reader r = { 0 };
  gint64 start = g_get_monotonic_time ();
  double ms;

  r.buf = buf;
  r.cap = cap;
  soup_message_headers_append (soup_message_get_request_headers (msg), "Cookie", cookie);
  soup_message_headers_append (soup_message_get_request_headers (msg), "x-csrftoken", csrf);
  soup_session_send_async (session, msg, G_PRIORITY_DEFAULT, NULL, sent_cb, &r);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  ms = (g_get_monotonic_time () - start) / 1000.0;
  if (r.status != 200)
    g_error ("GET tag-schemas: HTTP %u", r.status);
  g_input_stream_close (r.stream, NULL, NULL);
  g_object_unref (r.stream);
  *len = r.len;
  return ms;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static void
report (const char *what, double *ms, guint n, gsize bytes)
{
  qsort (ms, n, sizeof *ms, cmp_double);
  printf ("%-9s  GET /1/api/tag-schemas/: min %7.1f ms  median %7.1f ms  max %7.1f ms  (%u runs, %.1f MB)\n",
          what, ms[0], n % 2 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2, ms[n - 1], n,
          bytes / 1e6);
}

/* The POST /api/v2-alpha/entity-schemas body of bench schema @i (without
 * registryId): @n_fields fields cycling through eight types, the dropdown
 * fields pointing into @dropdowns. */
static GString *
schema_body (guint i, guint n_fields, GPtrArray *dropdowns)
{
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "{\"name\":\"Bench Schema %04u\",\"prefix\":\"BS%04uX\","
                          "\"type\":\"custom_entity\",\"labelingStrategies\":[\"NEW_IDS\",\"IDS_FROM_NAMES\"],"
                          "\"fields\":[", i, i);
  for (guint j = 0; j < n_fields; j++)
    {
      const char *sep = j ? "," : "";
      switch (j % 8)
        {
        case 0:
          g_string_append_printf (s, "%s{\"name\":\"Text %u\",\"systemName\":\"text_%u\",\"fieldType\":\"text\",\"isRequired\":%s}",
                                  sep, j, j, j == 0 ? "true" : "false");
          break;
        case 1:
          g_string_append_printf (s, "%s{\"name\":\"Count %u\",\"systemName\":\"count_%u\",\"fieldType\":\"integer\"}", sep, j, j);
          break;
        case 2:
          g_string_append_printf (s, "%s{\"name\":\"Mass %u\",\"systemName\":\"mass_%u\",\"fieldType\":\"float\",\"decimalPrecision\":2}",
                                  sep, j, j);
          break;
        case 3:
          g_string_append_printf (s, "%s{\"name\":\"Choice %u\",\"systemName\":\"choice_%u\",\"fieldType\":\"dropdown\",\"dropdownId\":\"%s\",\"isMulti\":true}",
                                  sep, j, j, dropdowns->len ? (const char *) g_ptr_array_index (dropdowns, (i * 7 + j) % dropdowns->len) : "");
          break;
        case 4:
          g_string_append_printf (s, "%s{\"name\":\"Date %u\",\"systemName\":\"date_%u\",\"fieldType\":\"date\"}", sep, j, j);
          break;
        case 5:
          g_string_append_printf (s, "%s{\"name\":\"Flag %u\",\"systemName\":\"flag_%u\",\"fieldType\":\"boolean\"}", sep, j, j);
          break;
        case 6:
          g_string_append_printf (s, "%s{\"name\":\"Notes %u\",\"systemName\":\"notes_%u\",\"fieldType\":\"long_text\"}", sep, j, j);
          break;
        default:
          g_string_append_printf (s, "%s{\"name\":\"Link %u\",\"systemName\":\"link_%u\",\"fieldType\":\"custom_entity_link\","
                                  "\"link\":{\"folderItemType\":\"basic_folder_item\"}}", sep, j, j);
          break;
        }
    }
  g_string_append (s, "]}");
  return s;
}

/* ---- --persist: seeding a tenant kept on disk, through HTTP ---- */

/* Every fsync of the process, counted: these definitions take the place of
 * libc's for the sandbox linked into this program. */
static guint n_fsyncs;

int
fsync (int fd)
{
  n_fsyncs++;
  return (int) syscall (SYS_fsync, fd);
}

int
fdatasync (int fd)
{
  n_fsyncs++;
  return (int) syscall (SYS_fdatasync, fd);
}

/* Bytes the process has passed to write() and friends (files; sockets
 * send with sendmsg and are not counted). */
static guint64
written_bytes (void)
{
  g_autofree char *io = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/io", &io, NULL, NULL) || (p = strstr (io, "wchar: ")) == NULL)
    return 0;
  return g_ascii_strtoull (p + 7, NULL, 10);
}

static char *
json_string_member (GBytes *bytes, const char *key)
{
  g_autofree char *pat = g_strdup_printf ("\"%s\":\"", key);
  const char *data = g_bytes_get_data (bytes, NULL);
  const char *p = data ? g_strstr_len (data, g_bytes_get_size (bytes), pat) : NULL;

  if (p == NULL)
    return NULL;
  p += strlen (pat);
  return g_strndup (p, strchr (p, '"') - p);
}

static gint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (gint64) st.st_size : 0;
}

static LimSandbox *
start_server (ServerThread *server, const char *state, GError **error)
{
  LimSandbox *sb = lim_sandbox_new (state, "empty", error);

  if (sb == NULL)
    return NULL;
  lim_sandbox_set_rate_limit (sb, 0, 30);
  memset (server, 0, sizeof *server);
  server->sb = sb;
  server->ctx = g_main_context_new ();
  server->loop = g_main_loop_new (server->ctx, FALSE);
  g_mutex_init (&server->mutex);
  g_cond_init (&server->cond);
  server->thread = g_thread_new ("sandbox-server", server_thread, server);
  g_mutex_lock (&server->mutex);
  while (!server->started)
    g_cond_wait (&server->cond, &server->mutex);
  g_mutex_unlock (&server->mutex);
  return sb;
}

/* Seeds N_DROPDOWNS dropdowns and N_SCHEMAS schemas of N_FIELDS fields into
 * a sandbox with a state file in DIR, one public-API POST each (each
 * acknowledged only once durable), then restarts it on the file. */
static int
persist_main (int argc, char *argv[])
{
  guint n_schemas = argc > 2 ? (guint) atoi (argv[2]) : 1000;
  guint n_fields = argc > 3 ? (guint) atoi (argv[3]) : 40;
  guint n_dropdowns = argc > 4 ? (guint) atoi (argv[4]) : 300;
  const char *parent = argc > 5 ? argv[5] : g_get_tmp_dir ();
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpl = g_build_filename (parent, "bench-sandbox-XXXXXX", NULL);
  g_autofree char *dir = g_mkdtemp (tmpl) ? g_strdup (tmpl) : NULL;
  g_autofree char *state = NULL;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 120, NULL);
  g_autoptr(GPtrArray) dropdowns = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *base = NULL;
  g_autofree char *auth = NULL;
  g_autofree char *url = NULL;
  ServerThread server;
  LimSandbox *sb;
  guint fsyncs0;
  guint64 bytes0;
  gint64 t0, t_dropdowns;
  double seconds;
  Flight f;

  if (dir == NULL)
    g_error ("cannot create a directory in %s", parent);
  state = g_build_filename (dir, "state.json", NULL);
  sb = start_server (&server, state, &error);
  if (sb == NULL)
    g_error ("%s", error->message);
  base = lim_sandbox_get_base_url (sb);

  url = g_strconcat (base, "/api/v2/token", NULL);
  f = send (session, "POST", url, "grant_type=client_credentials&client_id=sandbox&client_secret=sandbox-secret",
            NULL, NULL);
  {
    g_autofree char *token = json_string_member (f.bytes, "access_token");
    if (token == NULL)
      g_error ("token: HTTP %u", f.status);
    auth = g_strconcat ("Bearer ", token, NULL);
  }
  g_bytes_unref (f.bytes);
  g_free (f.set_cookie);

  fsyncs0 = n_fsyncs;
  bytes0 = written_bytes ();
  t0 = g_get_monotonic_time ();
  g_free (url);
  url = g_strconcat (base, "/api/v2/dropdowns", NULL);
  for (guint i = 0; i < n_dropdowns; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"name\":\"Dropdown %04u\",\"options\":[{\"name\":\"Alpha\"},"
                                               "{\"name\":\"Beta\"},{\"name\":\"Gamma\"},{\"name\":\"Delta\"},"
                                               "{\"name\":\"Epsilon\"}]}", i);
      char *id;

      f = send_full (session, "POST", url, "application/json", body, NULL, NULL, auth);
      id = json_string_member (f.bytes, "id");
      if (f.status != 200 || id == NULL)
        g_error ("dropdown %u: HTTP %u", i, f.status);
      g_ptr_array_add (dropdowns, id);
      g_bytes_unref (f.bytes);
      g_free (f.set_cookie);
    }
  t_dropdowns = g_get_monotonic_time ();
  g_free (url);
  url = g_strconcat (base, "/api/v2-alpha/entity-schemas", NULL);
  for (guint i = 0; i < n_schemas; i++)
    {
      g_autoptr(GString) body = schema_body (i, n_fields, dropdowns);

      g_string_insert (body, 1, "\"registryId\":\"");
      g_string_insert (body, 15, lim_sandbox_get_registry_id (sb));
      g_string_insert (body, 15 + strlen (lim_sandbox_get_registry_id (sb)), "\",");
      f = send_full (session, "POST", url, "application/json", body->str, NULL, NULL, auth);
      if (f.status != 201)
        g_error ("schema %u: HTTP %u: %.*s", i, f.status, (int) g_bytes_get_size (f.bytes),
                 (const char *) g_bytes_get_data (f.bytes, NULL));
      g_bytes_unref (f.bytes);
      g_free (f.set_cookie);
    }
  seconds = (g_get_monotonic_time () - t0) / 1e6;
  printf ("seeded %u objects over HTTP (%u dropdowns in %.1f s, %u schemas x %u fields in %.1f s): %.1f s, "
          "%.1f ms per write\n",
          n_dropdowns + n_schemas, n_dropdowns, (t_dropdowns - t0) / 1e6, n_schemas, n_fields,
          (g_get_monotonic_time () - t_dropdowns) / 1e6, seconds, seconds * 1000 / MAX (1, n_dropdowns + n_schemas));
  printf ("  %u fsyncs (%.2f per write), %.1f MB written (%.1f kB per write)\n", n_fsyncs - fsyncs0,
          (double) (n_fsyncs - fsyncs0) / MAX (1, n_dropdowns + n_schemas), (written_bytes () - bytes0) / 1e6,
          (written_bytes () - bytes0) / 1e3 / MAX (1, n_dropdowns + n_schemas));
  {
    g_autofree char *journal = g_strconcat (state, ".journal", NULL);
    printf ("  on disk: state file %.1f MB, journal %.1f MB\n", file_size (state) / 1e6, file_size (journal) / 1e6);
  }
  g_clear_object (&session);

  /* as kill -9 would leave it: no shutdown, the next start reads what is on disk */
  g_main_loop_quit (server.loop);
  g_thread_join (server.thread);
  g_main_loop_unref (server.loop);
  g_main_context_unref (server.ctx);
  g_mutex_clear (&server.mutex);
  g_cond_clear (&server.cond);
  {
    g_autofree char *before = lim_sandbox_get_state_json (sb);
    g_autofree char *after = NULL;
    LimSandbox *sb2;

    t0 = g_get_monotonic_time ();
    sb2 = lim_sandbox_new (state, "empty", &error);
    if (sb2 == NULL)
      g_error ("restart: %s", error->message);
    printf ("  restart on the file: %.0f ms, %s\n", (g_get_monotonic_time () - t0) / 1000.0,
            g_strcmp0 (before, after = lim_sandbox_get_state_json (sb2)) == 0 ? "same tenant" : "DIFFERENT TENANT");
    g_object_unref (sb2);
  }
  g_object_unref (sb);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name (d)))
      {
        g_autofree char *p = g_build_filename (dir, name, NULL);
        g_unlink (p);
      }
  }
  g_rmdir (dir);
  return 0;
}

int
main (int argc, char *argv[])
{
  guint n_schemas = argc > 1 ? (guint) atoi (argv[1]) : 1000;
  guint n_fields = argc > 2 ? (guint) atoi (argv[2]) : 40;
  guint n_dropdowns = argc > 3 ? (guint) atoi (argv[3]) : 300;
  guint runs = argc > 4 ? (guint) atoi (argv[4]) : 20;
  g_autoptr(GError) error = NULL;
  g_autoptr(LimSandbox) sb = NULL;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 120, NULL);
  g_autoptr(GPtrArray) dropdowns = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *patch_url = NULL;
  ServerThread server = { 0 };
  GThread *thread;
  g_autofree char *base = NULL;
  g_autofree char *url = NULL;
  g_autofree char *csrf = NULL;
  g_autofree char *cookie = NULL;
  g_autofree char *schema_id = NULL;
  guint8 *buf;
  gsize buf_cap;
  gint64 t0;
  gsize body_len = 0;
  Flight f;

  if (argc > 1 && g_strcmp0 (argv[1], "--persist") == 0)
    return persist_main (argc, argv);
  sb = lim_sandbox_new (NULL, "empty", &error);
  if (sb == NULL)
    {
      g_printerr ("bench-sandbox: %s\n", error->message);
      return 1;
    }
  if (runs == 0 || n_fields < 1)
    return 2;
  lim_sandbox_set_rate_limit (sb, 0, 30);

  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < n_dropdowns; i++)
    {
      g_autofree char *name = g_strdup_printf ("Dropdown %04u", i);
      const char *opts[] = { "Alpha", "Beta", "Gamma", "Delta", "Epsilon", NULL };
      char *id = lim_sandbox_create_dropdown (sb, name, opts, &error);
      if (id == NULL)
        g_error ("%s", error->message);
      g_ptr_array_add (dropdowns, id);
    }
  for (guint i = 0; i < n_schemas; i++)
    {
      GString *s = schema_body (i, n_fields, dropdowns);
      g_autofree char *id = NULL;

      id = lim_sandbox_create_entity_schema (sb, s->str, &error);
      if (id == NULL)
        g_error ("schema %u: %s", i, error->message);
      g_string_free (s, TRUE);
    }
  printf ("seeded %u dropdowns and %u schemas x %u fields in %.0f ms\n",
          n_dropdowns, n_schemas, n_fields, (g_get_monotonic_time () - t0) / 1000.0);

  server.sb = sb;
  server.ctx = g_main_context_new ();
  server.loop = g_main_loop_new (server.ctx, FALSE);
  g_mutex_init (&server.mutex);
  g_cond_init (&server.cond);
  thread = g_thread_new ("sandbox-server", server_thread, &server);
  g_mutex_lock (&server.mutex);
  while (!server.started)
    g_cond_wait (&server.cond, &server.mutex);
  g_mutex_unlock (&server.mutex);
  base = lim_sandbox_get_base_url (sb);

  /* sign in (§7.2) */
  {
    g_autofree char *signin = g_strconcat (base, "/signin", NULL);
    g_autofree char *form = NULL;
    const char *html, *p, *q;

    f = send (session, "GET", signin, NULL, NULL, NULL);
    html = g_bytes_get_data (f.bytes, NULL);
    p = g_strstr_len (html, g_bytes_get_size (f.bytes), "id=\"csrf_token\"");
    p = strstr (p, "value=\"") + 7;
    q = strchr (p, '"');
    csrf = g_strndup (p, q - p);
    g_bytes_unref (f.bytes);
    g_free (f.set_cookie);
    form = g_strdup_printf ("csrf_token=%s&username=admin%%40sandbox.test&password=sandbox&signout_on_close=y", csrf);
    f = send (session, "POST", signin, form, NULL, NULL);
    if (f.status != 302 || f.set_cookie == NULL)
      g_error ("sign-in failed: %u", f.status);
    cookie = g_strndup (f.set_cookie, strchr (f.set_cookie, ';') - f.set_cookie);
    g_bytes_unref (f.bytes);
    g_free (f.set_cookie);
  }

  url = g_strconcat (base, "/1/api/tag-schemas/", NULL);
  {
    /* the id of the first schema, to change it between cold runs */
    g_autofree char *state = lim_sandbox_get_state_json (sb);
    const char *p = strstr (state, "\"tagSchemas\":[{\"id\":\"");
    p += strlen ("\"tagSchemas\":[{\"id\":\"");
    schema_id = g_strndup (p, strchr (p, '"') - p);
  }
  patch_url = g_strdup_printf ("%s/1/api/tag-schemas/%s/actions/update", base, schema_id);
  buf_cap = 256u << 20;
  buf = g_malloc (buf_cap);
  memset (buf, 0, buf_cap);               /* pre-fault the reused buffer */
  {
    /* the very first read renders all 1,000 schemas */
    double first = timed_stream_get (session, url, cookie, csrf, buf, buf_cap, &body_len);
    printf ("first read GET /1/api/tag-schemas/: %7.1f ms (every schema rendered, %.1f MB)\n",
            first, body_len / 1e6);
  }
  for (guint mode = 0; mode < 4; mode++)
    {
      gboolean is_cold = mode % 2 == 0;
      gboolean is_stream = mode < 2;
      double *out = g_new0 (double, runs);

      for (guint i = 0; i < runs; i++)
        {
          if (is_cold)
            {
              /* change one schema (asynchronous task; poll its status URL) */
              g_autofree char *rename = g_strdup_printf ("{\"name\":\"Bench Schema 0000 v%u.%u\"}", mode, i);
              g_autofree char *status_url = NULL;
              const char *p;

              f = send_full (session, "POST", patch_url, "application/json", rename, cookie, csrf, NULL);
              if (f.status / 100 != 2)
                g_error ("update: HTTP %u", f.status);
              p = strstr (g_bytes_get_data (f.bytes, NULL), "\"status_url\":\"") + 14;
              status_url = g_strdup_printf ("%s%.*s", base, (int) (strchr (p, '"') - p), p);
              g_bytes_unref (f.bytes);
              g_free (f.set_cookie);
              f = send_full (session, "GET", status_url, NULL, NULL, cookie, csrf, NULL);
              if (strstr (g_bytes_get_data (f.bytes, NULL), "SUCCESS") == NULL)
                g_error ("update task did not succeed");
              g_bytes_unref (f.bytes);
              g_free (f.set_cookie);
            }
          if (is_stream)
            out[i] = timed_stream_get (session, url, cookie, csrf, buf, buf_cap, &body_len);
          else
            {
              gint64 start = g_get_monotonic_time ();
              f = send_full (session, "GET", url, NULL, NULL, cookie, csrf, NULL);
              out[i] = (g_get_monotonic_time () - start) / 1000.0;
              if (f.status != 200)
                g_error ("GET tag-schemas: HTTP %u", f.status);
              body_len = g_bytes_get_size (f.bytes);
              g_bytes_unref (f.bytes);
              g_free (f.set_cookie);
            }
        }
      report (is_cold ? (is_stream ? "cold read" : "cold s&r") : (is_stream ? "warm read" : "warm s&r"),
              out, runs, body_len);
      g_free (out);
    }
  g_free (buf);
  g_main_loop_quit (server.loop);
  g_thread_join (thread);
  g_main_loop_unref (server.loop);
  g_main_context_unref (server.ctx);
  g_mutex_clear (&server.mutex);
  g_cond_clear (&server.cond);
  return 0;
}
