/* test-sandbox-kill.c — SIGKILL during writes never loses an
 * acknowledged write nor tears the state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Spawns the liminal-sandbox executable ($LIMINAL_SANDBOX_EXE), hammers it
 * with writes, kills it with SIGKILL while a write is in flight, and checks
 * that the state file parses and that it and its journal hold either the
 * acknowledged writes or those plus the one in flight, in order.  Then
 * restarts it on the same file and checks it serves that state, and that a
 * clean exit leaves it all in the state file alone.
 *
 * The kill comes from the test after ~400 ms (with the default journal
 * limit, or a small one so that snapshots are rewritten all along), or from
 * the sandbox itself at a chosen point (LIMINAL_SANDBOX_CRASH): while a
 * snapshot is being rewritten, before and after its rename, and with half
 * a journal line written.
 */

#include <signal.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "sandbox-test-util.h"

typedef struct
{
  const char *journal_limit; /* --journal-limit, or NULL */
  const char *crash;         /* LIMINAL_SANDBOX_CRASH, or NULL: the test kills */
} KillCase;

static GSubprocess *
spawn_sandbox (const char *state, char **base, const KillCase *kc)
{
  const char *exe = g_getenv ("LIMINAL_SANDBOX_EXE");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autofree char *line = NULL;
  GSubprocess *proc;

  if (exe == NULL)
    return NULL;
  if (kc && kc->crash)
    g_subprocess_launcher_setenv (launcher, "LIMINAL_SANDBOX_CRASH", kc->crash, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "LIMINAL_SANDBOX_CRASH");
  proc = g_subprocess_launcher_spawn (launcher, &error, exe, "--state", state, "--seed", "empty", "--port", "0",
                                      "--rate-limit", "0/30", "--journal-limit",
                                      kc && kc->journal_limit ? kc->journal_limit : "0", NULL);
  g_assert_no_error (error);
  in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  line = g_data_input_stream_read_line (in, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "Listening on http://127.0.0.1:"));
  *base = g_strdup (line + strlen ("Listening on "));
  return proc;
}

typedef struct
{
  gboolean done;
  guint    status;
} Flight;

static void
flight_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Flight *f = user_data;
  g_autoptr(GBytes) b = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);

  f->status = msg ? soup_message_get_status (msg) : 0;
  f->done = TRUE;
}

/* The "Kill N" dropdowns of the tenant stored at @path: the state file
 * alone (@with_journal FALSE: it must parse), or with its journal. */
static guint
count_kill_dropdowns (const char *path, gboolean with_journal, gboolean *contiguous)
{
  g_autofree char *contents = NULL;
  g_autoptr(JsonParser) p = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *sel;
  guint n = 0;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  if (!json_parser_load_from_data (p, contents, -1, &error))
    g_error ("state file is torn: %s", error->message);
  if (with_journal)
    {
      g_free (contents);
      contents = lim_sandbox_load_state_file (path, &error);
      g_assert_no_error (error);
      g_assert_true (json_parser_load_from_data (p, contents, -1, &error));
    }
  sel = json_object_get_array_member (json_node_get_object (json_parser_get_root (p)), "selectors");
  *contiguous = TRUE;
  for (guint i = 0; i < json_array_get_length (sel); i++)
    {
      const char *name = json_object_get_string_member (json_array_get_object_element (sel, i), "name");
      g_autofree char *want = g_strdup_printf ("Kill %u", n);
      if (g_str_has_prefix (name, "Kill "))
        {
          if (g_strcmp0 (name, want) != 0)
            *contiguous = FALSE;
          n++;
        }
    }
  return n;
}

/* Starts the sandbox again on @state, after the previous one has ended. */
static void
restart (SbFixture *fx, GSubprocess **proc, const char *state)
{
  g_clear_object (proc);
  g_clear_pointer (&fx->base, g_free);
  g_clear_pointer (&fx->token, g_free);
  g_clear_object (&fx->session);
  *proc = spawn_sandbox (state, &fx->base, NULL);
}

static void
test_kill_during_writes (gconstpointer data)
{
  const KillCase *kc = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpdir = g_dir_make_tmp ("sandbox-kill-XXXXXX", &error);
  g_autofree char *state = g_build_filename (tmpdir, "state.json", NULL);
  SbFixture fx = { 0 };
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  guint acked = 0, stored;
  gboolean contiguous, in_flight = FALSE;
  gint64 deadline;

  if (g_getenv ("LIMINAL_SANDBOX_EXE") == NULL)
    {
      g_test_skip ("LIMINAL_SANDBOX_EXE not set");
      return;
    }
  proc = spawn_sandbox (state, &fx.base, kc);
  sb_get_token (&fx);

  /* hammer writes for ~400 ms, then SIGKILL with a write in flight (or
   * until the sandbox kills itself) */
  deadline = g_get_monotonic_time () + (kc->crash ? 30000 : 400) * 1000;
  for (guint i = 0;; i++)
    {
      g_autofree char *url = g_strdup_printf ("%s/api/v2/dropdowns", fx.base);
      g_autofree char *body = g_strdup_printf ("{\"name\":\"Kill %u\",\"options\":[{\"name\":\"a\"},{\"name\":\"b\"}]}", i);
      g_autofree char *auth = g_strconcat ("Bearer ", fx.token, NULL);
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
      g_autoptr(GBytes) b = g_bytes_new (body, strlen (body));
      Flight f = { 0 };

      soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization", auth);
      soup_message_set_request_body_from_bytes (msg, "application/json", b);
      soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, flight_cb, &f);
      if (g_get_monotonic_time () >= deadline)
        {
          /* let the request reach the server, then kill it mid-write */
          g_main_context_iteration (NULL, FALSE);
          g_usleep (200);
          g_subprocess_send_signal (proc, SIGKILL);
          in_flight = TRUE;
          while (!f.done)
            g_main_context_iteration (NULL, TRUE);
          if (f.status == 200)
            acked++;
          break;
        }
      while (!f.done)
        g_main_context_iteration (NULL, TRUE);
      if (kc->crash && f.status != 200)
        {
          in_flight = TRUE; /* the sandbox killed itself during this write */
          break;
        }
      g_assert_cmpuint (f.status, ==, 200);
      acked++;
    }
  g_subprocess_wait (proc, NULL, NULL);
  g_assert_true (in_flight);
  g_assert_true (g_subprocess_get_if_signaled (proc));
  g_assert_cmpint (g_subprocess_get_term_sig (proc), ==, SIGKILL);
  g_assert_cmpuint (acked, >, 5);

  stored = count_kill_dropdowns (state, TRUE, &contiguous);
  g_test_message ("acknowledged %u writes, state file and journal hold %u", acked, stored);
  g_assert_true (contiguous);
  g_assert_true (stored == acked || stored == acked + 1);
  if (g_strcmp0 (kc->crash, "append-torn:12") == 0)
    {
      /* the journal ends in half a line, which was never acknowledged */
      g_autofree char *journal = g_strconcat (state, ".journal", NULL);
      g_autofree char *text = NULL;
      gsize len = 0;

      g_assert_true (g_file_get_contents (journal, &text, &len, NULL));
      g_assert_cmpuint (len, >, 0);
      g_assert_cmpint (text[len - 1], !=, '\n');
      g_assert_cmpuint (stored, ==, acked);
    }
  if (g_strcmp0 (kc->crash, "compact-after-rename:3") == 0)
    {
      /* the new snapshot is in place, the old journal still there */
      g_autofree char *journal = g_strconcat (state, ".journal", NULL);
      g_assert_true (g_file_test (journal, G_FILE_TEST_EXISTS));
    }

  /* restart on the same file: it serves exactly that state, and a write
   * goes on after it (after the journal's last good line) */
  restart (&fx, &proc, state);
  {
    g_autoptr(SbResp) r = sb_public (&fx, "GET", "/api/v2/dropdowns?pageSize=100", NULL);
    sb_assert_status (r, 200);
    g_autofree char *want = g_strdup_printf ("%u", stored);
    g_assert_cmpstr (sb_header (r, "Result-Count"), ==, want);
  }
  {
    g_autofree char *body = g_strdup_printf ("{\"name\":\"Kill %u\",\"options\":[{\"name\":\"a\"}]}", stored);
    g_autoptr(SbResp) r = sb_public (&fx, "POST", "/api/v2/dropdowns", body);
    sb_assert_status (r, 200);
    stored++;
  }
  g_subprocess_send_signal (proc, SIGKILL);
  g_subprocess_wait (proc, NULL, NULL);
  g_assert_cmpuint (count_kill_dropdowns (state, TRUE, &contiguous), ==, stored);
  g_assert_true (contiguous);

  restart (&fx, &proc, state);
  {
    /* (a request also makes sure the SIGTERM handler is installed) */
    g_autoptr(SbResp) r = sb_public (&fx, "GET", "/api/v2/dropdowns?pageSize=100", NULL);
    g_autofree char *want = g_strdup_printf ("%u", stored);
    sb_assert_status (r, 200);
    g_assert_cmpstr (sb_header (r, "Result-Count"), ==, want);
  }
  g_subprocess_send_signal (proc, SIGTERM);
  g_subprocess_wait (proc, NULL, NULL);
  /* a clean shutdown (under ASan: without leaks) */
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
  g_assert_cmpuint (count_kill_dropdowns (state, FALSE, &contiguous), ==, stored);
  g_assert_true (contiguous);
  g_clear_object (&fx.session);
  g_free (fx.base);
  g_free (fx.token);

  {
    g_autoptr(GDir) d = g_dir_open (tmpdir, 0, NULL);
    const char *name;
    while ((name = g_dir_read_name (d)))
      {
        g_autofree char *p = g_build_filename (tmpdir, name, NULL);
        g_unlink (p);
      }
  }
  g_rmdir (tmpdir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  static const KillCase during = { NULL, NULL };
  static const KillCase compacting = { "3000", NULL };
  static const KillCase before_rename = { "3000", "compact-before-rename:3" };
  static const KillCase after_rename = { "3000", "compact-after-rename:3" };
  static const KillCase torn = { NULL, "append-torn:12" };

  g_test_add_data_func ("/sandbox/kill/during-writes", &during, test_kill_during_writes);
  g_test_add_data_func ("/sandbox/kill/during-writes-compacting", &compacting, test_kill_during_writes);
  g_test_add_data_func ("/sandbox/kill/compaction-before-rename", &before_rename, test_kill_during_writes);
  g_test_add_data_func ("/sandbox/kill/compaction-after-rename", &after_rename, test_kill_during_writes);
  g_test_add_data_func ("/sandbox/kill/torn-journal-line", &torn, test_kill_during_writes);
  return g_test_run ();
}
