/* lim-lock.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "lim-apply.h"
#include "lim-lock.h"
#include "lim-marker.h"
#include "lim-operation.h"
#include "lim-remote.h"
#include "lim-words.h"

G_DEFINE_QUARK (lim-lock-error-quark, lim_lock_error)

#define LOCK_MAGIC "liminal-lock v1"
#define LOCK_FREE  "unlocked"

void
lim_lock_free (LimLock *lock)
{
  if (lock == NULL)
    return;
  g_free (lock->holder);
  g_free (lock->host);
  g_free (lock->run);
  g_free (lock->action);
  g_free (lock->pidns);
  g_free (lock);
}

LimLock *
lim_lock_copy (const LimLock *lock)
{
  LimLock *copy = g_new0 (LimLock, 1);

  *copy = *lock;
  copy->holder = g_strdup (lock->holder);
  copy->host = g_strdup (lock->host);
  copy->run = g_strdup (lock->run);
  copy->action = g_strdup (lock->action);
  copy->pidns = g_strdup (lock->pidns);
  return copy;
}

/* A record's words hold no spaces or '='. */
static char *
word (const char *s)
{
  char *w = g_strdup (s && *s ? s : "unknown");

  g_strdelimit (w, " \t\n=", '_');
  return w;
}

/* "4026531836" from /proc/self/ns/pid's "pid:[4026531836]"; NULL
 * where there is no such link. */
char *
lim_pid_namespace (void)
{
  g_autofree char *link = g_file_read_link ("/proc/self/ns/pid", NULL);
  const char *open = link ? strchr (link, '[') : NULL;
  const char *close = open ? strchr (open, ']') : NULL;

  return close ? g_strndup (open + 1, close - open - 1) : NULL;
}

LimLock *
lim_lock_new_mine (guint lease_seconds)
{
  LimLock *lock = g_new0 (LimLock, 1);
  g_autofree char *uuid = g_uuid_string_random ();

  lock->holder = word (g_get_user_name ());
  lock->host = word (g_get_host_name ());
  lock->pid = getpid ();
  lock->run = g_strndup (uuid, 8);
  lock->since = g_get_real_time () / G_USEC_PER_SEC;
  lock->until = lock->since + lease_seconds;
  lock->pidns = lim_pid_namespace ();
  return lock;
}

LimLock *
lim_lock_parse (const char *text)
{
  g_autoptr(LimLock) lock = NULL;
  g_auto(GStrv) words = NULL;

  if (text == NULL || !g_str_has_prefix (text, LOCK_MAGIC " "))
    return NULL;
  lock = g_new0 (LimLock, 1);
  words = g_strsplit (text + strlen (LOCK_MAGIC " "), " ", -1);
  for (guint i = 0; words[i]; i++)
    {
      const char *eq = strchr (words[i], '=');
      g_autofree char *key = NULL;
      const char *value;

      if (eq == NULL)
        continue;
      key = g_strndup (words[i], eq - words[i]);
      value = eq + 1;
      if (g_str_equal (key, "holder"))
        (g_free (lock->holder), lock->holder = g_strdup (value));
      else if (g_str_equal (key, "host"))
        (g_free (lock->host), lock->host = g_strdup (value));
      else if (g_str_equal (key, "run"))
        (g_free (lock->run), lock->run = g_strdup (value));
      else if (g_str_equal (key, "action"))
        (g_free (lock->action), lock->action = g_strdup (value));
      else if (g_str_equal (key, "pidns"))
        (g_free (lock->pidns), lock->pidns = g_strdup (value));
      else if (g_str_equal (key, "pid"))
        lock->pid = g_ascii_strtoll (value, NULL, 10);
      else if (g_str_equal (key, "since"))
        lock->since = g_ascii_strtoll (value, NULL, 10);
      else if (g_str_equal (key, "until"))
        lock->until = g_ascii_strtoll (value, NULL, 10);
    }
  if (lock->holder == NULL || lock->host == NULL || lock->run == NULL || lock->until == 0)
    return NULL;
  return g_steal_pointer (&lock);
}

char *
lim_lock_format (const LimLock *lock)
{
  GString *text = g_string_new (NULL);

  g_string_printf (text, LOCK_MAGIC " holder=%s host=%s pid=%" G_GINT64_FORMAT " run=%s since=%" G_GINT64_FORMAT
                   " until=%" G_GINT64_FORMAT, lock->holder, lock->host, lock->pid, lock->run, lock->since,
                   lock->until);
  if (lock->action)
    {
      g_autofree char *action = word (lock->action);
      g_string_append_printf (text, " action=%s", action);
    }
  if (lock->pidns)
    {
      g_autofree char *pidns = word (lock->pidns);
      g_string_append_printf (text, " pidns=%s", pidns);
    }
  return g_string_free (text, FALSE);
}

gboolean
lim_lock_equal (const LimLock *a,
                const LimLock *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_strcmp0 (a->run, b->run) == 0 && g_strcmp0 (a->host, b->host) == 0 && a->pid == b->pid;
}

/* Whether process @pid of @host (PID namespace @pidns) can be looked up
 * from here: this host, this namespace, a pid in range. */
static gboolean
pid_is_ours_to_check (const char *host,
                      gint64      pid,
                      const char *pidns)
{
  g_autofree char *here = word (g_get_host_name ());
  g_autofree char *our_pidns = lim_pid_namespace ();
  g_autofree char *their_host = word (host);

  if (g_strcmp0 (their_host, here) != 0 || pid <= 0 || pid > G_MAXINT)
    return FALSE;
  /* Another PID namespace (the Flatpak app seen from a host shell): its
   * pid means nothing here. */
  return pidns == NULL || g_strcmp0 (pidns, our_pidns) == 0;
}

gboolean
lim_process_is_gone (const char *host,
                     gint64      pid,
                     const char *pidns)
{
  return pid_is_ours_to_check (host, pid, pidns) && kill ((pid_t) pid, 0) == -1 && errno == ESRCH;
}

gboolean
lim_process_is_alive (const char *host,
                      gint64      pid,
                      const char *pidns)
{
  return pid_is_ours_to_check (host, pid, pidns) && !(kill ((pid_t) pid, 0) == -1 && errno == ESRCH);
}

/* Run ids of the locks this process left in place when its run ended
 * without a session to free them (lim_lock_release_async()): nobody holds
 * them any more, so a later run of this process (a resume) takes them
 * over instead of waiting for the lease to expire. */
static GHashTable *left_runs;
G_LOCK_DEFINE_STATIC (left_runs);

static void
left_add (const LimLock *lock)
{
  G_LOCK (left_runs);
  if (left_runs == NULL)
    left_runs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (lock->run)
    g_hash_table_add (left_runs, g_strdup (lock->run));
  G_UNLOCK (left_runs);
}

static gboolean
left_by_us (const LimLock *lock)
{
  gboolean left;

  G_LOCK (left_runs);
  left = left_runs && lock->run && lock->pid == getpid () &&
         lim_process_is_alive (lock->host, lock->pid, lock->pidns) && g_hash_table_contains (left_runs, lock->run);
  G_UNLOCK (left_runs);
  return left;
}

gboolean
lim_lock_is_stale (const LimLock *lock)
{
  /* Otherwise the lease decides. */
  return lim_process_is_gone (lock->host, lock->pid, lock->pidns) || left_by_us (lock);
}

gboolean
lim_lock_is_expired (const LimLock *lock,
                     gint64         now)
{
  return now >= lock->until;
}

gboolean
lim_lock_needs_renewal (const LimLock *lock)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 lease = lock->until - lock->since;

  return lock->until - now < MAX (lease, 2) / 2;
}

LimLock *
lim_lock_from_snapshot (LimSnapshot *snapshot)
{
  const LimSnapshotSchema *s = lim_snapshot_lookup_schema (snapshot, LIM_SNAPSHOT_REMOTE_SCHEMA);
  const LimSnapshotField *field;
  guint n = 0;

  if (s == NULL)
    return NULL;
  field = lim_snapshot_schema_lookup_active_field (s, LIM_LOCK_FIELD, &n);
  if (field == NULL)
    return NULL;
  return lim_lock_parse (lim_snapshot_field_get_name (field));
}

static char *
format_time (gint64      unix_seconds,
             const char *format)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_local (unix_seconds);

  return t ? g_date_time_format (t, format) : g_strdup ("?");
}

char *
lim_lock_describe_held (const LimLock *lock,
                        const char    *alias)
{
  g_autofree char *since = format_time (lock->since, "%H:%M");
  g_autofree char *until = format_time (lock->until, "%H:%M:%S");

  if (g_strcmp0 (lock->action, "upgrade") == 0)
    return g_strdup_printf (_("Tenant %s is being upgraded since %s by %s@%s (pid %d); try again later or use "
                              "%s after %s."), alias, since, lock->holder, lock->host, (int) lock->pid,
                            lim_words_break_lock (), until);
  if (g_strcmp0 (lock->action, "downgrade") == 0)
    return g_strdup_printf (_("Tenant %s is being downgraded since %s by %s@%s (pid %d); try again later or use "
                              "%s after %s."), alias, since, lock->holder, lock->host, (int) lock->pid,
                            lim_words_break_lock (), until);
  return g_strdup_printf (_("Tenant %s is being migrated since %s by %s@%s (pid %d); try again later or use "
                            "%s after %s."), alias, since, lock->holder, lock->host, (int) lock->pid,
                          lim_words_break_lock (), until);
}

char *
lim_lock_describe (const LimLock *lock)
{
  g_autofree char *since = format_time (lock->since, "%H:%M");
  g_autofree char *until = format_time (lock->until, "%H:%M");
  g_autofree char *what = NULL;

  if (g_strcmp0 (lock->action, "upgrade") == 0)
    what = g_strdup_printf (_("upgrading since %s by %s@%s"), since, lock->holder, lock->host);
  else if (g_strcmp0 (lock->action, "downgrade") == 0)
    what = g_strdup_printf (_("downgrading since %s by %s@%s"), since, lock->holder, lock->host);
  else if (g_strcmp0 (lock->action, "stamp") == 0)
    what = g_strdup_printf (_("stamping since %s by %s@%s"), since, lock->holder, lock->host);
  else
    what = g_strdup_printf (_("locked since %s by %s@%s"), since, lock->holder, lock->host);
  if (lim_lock_is_stale (lock))
    /* TRANSLATORS: %s is e.g. "upgrading since 10:42 by ana@ws-3" */
    return g_strdup_printf (_("%s (its process is gone: the next run takes the lock over)"), what);
  if (lim_lock_is_expired (lock, g_get_real_time () / G_USEC_PER_SEC))
    /* TRANSLATORS: first %s is e.g. "upgrading since 10:42 by ana@ws-3", second a time, third
     * "--break-lock" or the window's "Break Lock" */
    return g_strdup_printf (_("%s (lease expired at %s: %s takes it over)"), what, until, lim_words_break_lock ());
  return g_steal_pointer (&what);
}

/* ---------------------------------------------------------------- the task */

typedef struct
{
  LimClient   *client;
  char        *alias;
  guint        lease;
  gboolean     break_lock;
  LimLock     *mine;          /* take: owned; check: borrowed */
  gboolean     mine_owned;
  char        *expected_marker;
  LimSnapshot *snapshot;
  LimSnapshot *model;         /* check: read the tag schemas onto it (see lim_lock_check_marker_async()) */
  gboolean     no_renewal;    /* check: the caller renews in its own write */
  GError      *write_error;   /* take: our write was refused */
  GPtrArray   *requests;
  guint        req;
  gboolean     sign_in_inhibited;  /* release: lim_client_inhibit_sign_in() */
  void (*then)(GTask *task);
} Op;

static void left_add (const LimLock *lock);

/* Fail the operation with @error.  A release the tenant refused for want
 * of a session (sign-in is inhibited then) leaves the lock to expire. */
static void
op_return_error (GTask  *task,
                 GError *error)
{
  Op *op = g_task_get_task_data (task);

  if (op->sign_in_inhibited && g_error_matches (error, LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_SIGN_IN_NEEDED))
    left_add (op->mine);
  g_task_return_error (task, error);
}

static void
op_free (gpointer data)
{
  Op *op = data;

  if (op->sign_in_inhibited)
    lim_client_uninhibit_sign_in (op->client);
  g_clear_object (&op->client);
  g_free (op->alias);
  if (op->mine_owned)
    lim_lock_free (op->mine);
  g_free (op->expected_marker);
  g_clear_pointer (&op->snapshot, lim_snapshot_unref);
  g_clear_pointer (&op->model, lim_snapshot_unref);
  g_clear_error (&op->write_error);
  g_clear_pointer (&op->requests, g_ptr_array_unref);
  g_free (op);
}

static GTask *
op_task (LimClient          *client,
         gpointer            source_tag,
         GCancellable       *cancellable,
         GAsyncReadyCallback callback,
         gpointer            user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Op *op = g_new0 (Op, 1);

  op->client = g_object_ref (client);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, op, op_free);
  return task;
}

/* Read the tenant into op->snapshot, then @then. */
static void
read_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;
  LimSnapshot *snapshot = lim_remote_fetch_finish (LIM_CLIENT (source), result, &error);

  if (snapshot == NULL)
    {
      op_return_error (task, error);
      return;
    }
  g_clear_pointer (&op->snapshot, lim_snapshot_unref);
  op->snapshot = snapshot;
  op->then (task);
}

static void
read_tenant (GTask *task,
             void (*then)(GTask *task))
{
  Op *op = g_task_get_task_data (task);

  op->then = then;
  if (op->model)
    {
      /* Once: the check's own read. */
      g_autoptr(LimSnapshot) model = g_steal_pointer (&op->model);
      lim_remote_refresh_schemas_async (op->client, model, g_task_get_cancellable (task), read_done,
                                        g_object_ref (task));
      return;
    }
  lim_remote_fetch_async (op->client, LIM_FETCH_MARKER_ONLY, g_task_get_cancellable (task), read_done,
                          g_object_ref (task));
}

static void write_next (GTask *task);
static void take_written (GTask *task);
static void take_verified (GTask *task);

static void
write_sent (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;
  JsonNode *node = lim_remote_execute_finish (LIM_CLIENT (source), result, NULL, &error);

  if (node == NULL && error != NULL)
    {
      if (op->then == take_written && error->domain == LIM_CLIENT_ERROR && error->code == LIM_CLIENT_ERROR_HTTP)
        {
          /* Refused: another run's write changed liminal_remote (it
           * created the lock field) between our read and our write. */
          op->write_error = error;
          read_tenant (task, take_verified);
          return;
        }
      op_return_error (task, error);
      return;
    }
  g_clear_pointer (&node, json_node_unref);
  op->req++;
  write_next (task);
}

static void
write_next (GTask *task)
{
  Op *op = g_task_get_task_data (task);

  if (op->req >= op->requests->len)
    {
      op->then (task);
      return;
    }
  /* A lock write is never cancelled half-way. */
  lim_remote_execute_async (op->client, g_ptr_array_index (op->requests, op->req), NULL, write_sent,
                            g_object_ref (task));
}

/* Write @text as the record on op->snapshot's liminal_remote (nothing
 * without one), then @then. */
static void
write_record (GTask      *task,
              const char *text,
              void (     *then ) (GTask *task))
{
  Op *op = g_task_get_task_data (task);
  const LimSnapshotSchema *s = lim_snapshot_lookup_schema (op->snapshot, LIM_SNAPSHOT_REMOTE_SCHEMA);
  g_autoptr(LimOperation) operation = NULL;
  LimProps *props = lim_props_new (LIM_PROPS_FIELD);
  GError *error = NULL;
  guint n = 0;

  op->then = then;
  g_clear_pointer (&op->requests, g_ptr_array_unref);
  op->req = 0;
  lim_props_set_str (props, LIM_FIELD_NAME, text);
  if (s == NULL)
    {
      lim_props_free (props);
      op->requests = g_ptr_array_new ();
      write_next (task);
      return;
    }
  if (lim_snapshot_schema_lookup_active_field (s, LIM_LOCK_FIELD, &n) != NULL)
    {
      operation = lim_operation_new (LIM_OP_UPDATE_ENTITY_SCHEMA_FIELD);
      operation->args[1].s = g_strdup (LIM_LOCK_FIELD);
      operation->args[2].props = props;
    }
  else
    {
      operation = lim_operation_new (LIM_OP_CREATE_ENTITY_SCHEMA_FIELD);
      lim_props_set_str (props, LIM_FIELD_WAREHOUSE_NAME, LIM_LOCK_FIELD);
      lim_props_set_str (props, LIM_FIELD_TYPE, "text");
      lim_props_set_bool (props, LIM_FIELD_PARENT_LINK, FALSE);
      lim_props_set_bool (props, LIM_FIELD_IS_MULTI, FALSE);
      lim_props_set_bool (props, LIM_FIELD_REQUIRED, FALSE);
      operation->args[1].props = props;
    }
  operation->args[0].s = g_strdup (lim_snapshot_schema_get_warehouse_name (s));
  op->requests = lim_apply_build_requests (operation, op->snapshot, LIM_APPLY_FLAGS_NONE, &error);
  if (op->requests == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  write_next (task);
}

/* ---------------------------------------------------------------- take */


static void
return_held (GTask         *task,
             const LimLock *lock,
             const char    *alias)
{
  g_autofree char *message = lim_lock_describe_held (lock, alias);

  g_task_return_error (task, g_error_new_literal (LIM_LOCK_ERROR, LIM_LOCK_ERROR_HELD, message));
}

static void
take_verified (GTask *task)
{
  Op *op = g_task_get_task_data (task);
  g_autoptr(LimLock) now = lim_lock_from_snapshot (op->snapshot);

  if (op->write_error && (now == NULL || lim_lock_equal (now, op->mine)))
    {
      g_task_return_error (task, g_steal_pointer (&op->write_error));
      return;
    }
  if (lim_snapshot_lookup_schema (op->snapshot, LIM_SNAPSHOT_REMOTE_SCHEMA) != NULL && !lim_lock_equal (now, op->mine))
    {
      if (now == NULL)
        g_task_return_new_error (task, LIM_LOCK_ERROR, LIM_LOCK_ERROR_HELD,
                                 _("Tenant %s was unlocked by another run while this one took it; try again."),
                                 op->alias);
      else
        return_held (task, now, op->alias);
      return;
    }
  g_task_return_pointer (task, lim_lock_copy (op->mine), (GDestroyNotify) lim_lock_free);
}

static gboolean
settled (gpointer user_data)
{
  GTask *task = user_data;

  read_tenant (task, take_verified);
  return G_SOURCE_REMOVE;
}

static void
take_written (GTask *task)
{
  Op *op = g_task_get_task_data (task);
  double scale = lim_client_get_time_scale (op->client);
  GSource *source;

  if (lim_snapshot_lookup_schema (op->snapshot, LIM_SNAPSHOT_REMOTE_SCHEMA) == NULL)
    {
      g_task_return_pointer (task, lim_lock_copy (op->mine), (GDestroyNotify) lim_lock_free);
      return;
    }
  source = g_timeout_source_new ((guint) MAX (1000 * scale, 1));
  g_source_set_callback (source, settled, g_object_ref (task), g_object_unref);
  g_source_attach (source, g_task_get_context (task));
  g_source_unref (source);
}

static void
take_read (GTask *task)
{
  Op *op = g_task_get_task_data (task);
  g_autoptr(LimLock) held = lim_lock_from_snapshot (op->snapshot);
  g_autofree char *text = NULL;

  if (held && !lim_lock_is_stale (held) &&
      !(op->break_lock && lim_lock_is_expired (held, g_get_real_time () / G_USEC_PER_SEC)))
    {
      return_held (task, held, op->alias);
      return;
    }
  text = lim_lock_format (op->mine);
  write_record (task, text, take_written);
}

void
lim_lock_take_async (LimClient          *client,
                     const char         *alias,
                     const char         *action,
                     guint               lease_seconds,
                     gboolean            break_lock,
                     GCancellable       *cancellable,
                     GAsyncReadyCallback callback,
                     gpointer            user_data)
{
  g_autoptr(GTask) task = op_task (client, lim_lock_take_async, cancellable, callback, user_data);
  Op *op = g_task_get_task_data (task);

  op->alias = g_strdup (alias);
  op->lease = lease_seconds;
  op->break_lock = break_lock;
  op->mine = lim_lock_new_mine (lease_seconds);
  op->mine->action = g_strdup (action);
  op->mine_owned = TRUE;
  read_tenant (task, take_read);
}

LimLock *
lim_lock_take_finish (GAsyncResult *result,
                      LimSnapshot **snapshot,
                      GError      **error)
{
  Op *op = g_task_get_task_data (G_TASK (result));

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  if (snapshot)
    *snapshot = op->snapshot ? lim_snapshot_ref (op->snapshot) : NULL;
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---------------------------------------------------------------- check */

static void
check_renewed (GTask *task)
{
  g_task_return_boolean (task, TRUE);
}

static void
check_read (GTask *task)
{
  Op *op = g_task_get_task_data (task);
  g_autoptr(LimLock) now = lim_lock_from_snapshot (op->snapshot);
  g_autofree char *text = NULL;

  if (lim_snapshot_lookup_schema (op->snapshot, LIM_SNAPSHOT_REMOTE_SCHEMA) == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (!lim_lock_equal (now, op->mine))
    {
      if (now)
        g_task_return_new_error (task, LIM_LOCK_ERROR, LIM_LOCK_ERROR_LOST,
                                 _("The lock on tenant %s was taken over by %s@%s (pid %d); stopping before "
                                   "moving the revision marker."),
                                 op->alias, now->holder, now->host, (int) now->pid);
      else
        g_task_return_new_error (task, LIM_LOCK_ERROR, LIM_LOCK_ERROR_LOST,
                                 _("The lock on tenant %s was released by someone else; stopping before moving "
                                   "the revision marker."), op->alias);
      return;
    }
  if (op->expected_marker)
    {
      const char *marker = lim_marker_get_revision_id (op->snapshot, NULL);

      if (g_strcmp0 (marker, op->expected_marker) != 0)
        {
          g_task_return_new_error (task, LIM_LOCK_ERROR, LIM_LOCK_ERROR_MARKER_MOVED,
                                   _("The revision marker of tenant %s is at %s, not at %s as this run expects: "
                                     "someone else changed the tenant. Stopping without moving it."),
                                   op->alias, marker ? marker : "none", op->expected_marker);
          return;
        }
    }
  if (op->no_renewal || !lim_lock_needs_renewal (op->mine))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  op->mine->until = g_get_real_time () / G_USEC_PER_SEC + (op->mine->until - op->mine->since);
  op->mine->since = g_get_real_time () / G_USEC_PER_SEC;
  text = lim_lock_format (op->mine);
  write_record (task, text, check_renewed);
}

void
lim_lock_check_async (LimClient          *client,
                      LimLock            *lock,
                      const char         *alias,
                      const char         *expected_marker,
                      GCancellable       *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer            user_data)
{
  g_autoptr(GTask) task = op_task (client, lim_lock_check_async, cancellable, callback, user_data);
  Op *op = g_task_get_task_data (task);

  op->alias = g_strdup (alias);
  op->mine = lock;
  op->expected_marker = g_strdup (expected_marker);
  read_tenant (task, check_read);
}

void
lim_lock_check_marker_async (LimClient          *client,
                             LimLock            *lock,
                             const char         *alias,
                             const char         *expected_marker,
                             LimSnapshot        *model,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_autoptr(GTask) task = op_task (client, lim_lock_check_async, cancellable, callback, user_data);
  Op *op = g_task_get_task_data (task);

  op->alias = g_strdup (alias);
  op->mine = lock;
  op->expected_marker = g_strdup (expected_marker);
  op->model = model ? lim_snapshot_ref (model) : NULL;
  op->no_renewal = TRUE;
  read_tenant (task, check_read);
}

gboolean
lim_lock_check_finish (GAsyncResult *result,
                       LimSnapshot **snapshot,
                       GError      **error)
{
  Op *op = g_task_get_task_data (G_TASK (result));

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  if (snapshot)
    *snapshot = op->snapshot ? lim_snapshot_ref (op->snapshot) : NULL;
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---------------------------------------------------------------- release */

static void
release_read (GTask *task)
{
  Op *op = g_task_get_task_data (task);
  g_autoptr(LimLock) now = lim_lock_from_snapshot (op->snapshot);

  if (!lim_lock_equal (now, op->mine))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  write_record (task, LOCK_FREE, check_renewed);
}

void
lim_lock_release_async (LimClient          *client,
                        const LimLock      *lock,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  g_autoptr(GTask) task = op_task (client, lim_lock_release_async, NULL, callback, user_data);
  Op *op = g_task_get_task_data (task);

  op->mine = lim_lock_copy (lock);
  op->mine_owned = TRUE;
  if (lim_client_get_needs_sign_in (client))
    {
      g_autoptr(GDateTime) until = g_date_time_new_from_unix_utc (lock->until);
      g_autofree char *when = until ? g_date_time_format (until, "%Y-%m-%d %H:%M:%S UTC") : g_strdup ("?");

      left_add (lock);
      g_task_return_new_error (task, LIM_LOCK_ERROR, LIM_LOCK_ERROR_LEFT,
                               _("The lock on tenant %s was left in place (no valid single sign-on session to "
                                 "free it): it expires by itself at %s."), lim_client_get_label (client), when);
      return;
    }
  /* Freeing the tenant is not worth a sign-in window: a session refused
   * meanwhile leaves the lock to expire. */
  lim_client_inhibit_sign_in (client);
  op->sign_in_inhibited = TRUE;
  read_tenant (task, release_read);
}

gboolean
lim_lock_release_finish (GAsyncResult *result,
                         GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Set the record on @snapshot to @text when it is @lock now. */
static gboolean
record_in (LimSnapshot   *snapshot,
           const LimLock *lock,
           const char    *text)
{
  const LimSnapshotSchema *s = lim_snapshot_lookup_schema (snapshot, LIM_SNAPSHOT_REMOTE_SCHEMA);
  g_autoptr(LimLock) now = lim_lock_from_snapshot (snapshot);
  g_autoptr(LimOperation) operation = NULL;
  g_autoptr(GError) error = NULL;
  LimProps *props;

  if (s == NULL || !lim_lock_equal (now, lock))
    return FALSE;
  operation = lim_operation_new (LIM_OP_UPDATE_ENTITY_SCHEMA_FIELD);
  props = lim_props_new (LIM_PROPS_FIELD);
  lim_props_set_str (props, LIM_FIELD_NAME, text);
  operation->args[0].s = g_strdup (lim_snapshot_schema_get_warehouse_name (s));
  operation->args[1].s = g_strdup (LIM_LOCK_FIELD);
  operation->args[2].props = props;
  if (!lim_apply (operation, snapshot, LIM_APPLY_FLAGS_NONE, &error))
    {
      g_debug ("The lock record cannot be written with the marker: %s", error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
lim_lock_release_in (LimSnapshot   *snapshot,
                     const LimLock *lock)
{
  return record_in (snapshot, lock, LOCK_FREE);
}

gboolean
lim_lock_renew_in (LimSnapshot *snapshot,
                   LimLock     *lock)
{
  g_autoptr(LimLock) renewed = lim_lock_copy (lock);
  g_autofree char *text = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  renewed->until = now + (lock->until - lock->since);
  renewed->since = now;
  text = lim_lock_format (renewed);
  if (!record_in (snapshot, lock, text))
    return FALSE;
  lock->since = renewed->since;
  lock->until = renewed->until;
  return TRUE;
}

/* ---------------------------------------------------------------- write */

static void
write_read (GTask *task)
{
  Op *op = g_task_get_task_data (task);

  write_record (task, op->alias, check_renewed);
}

void
lim_lock_write_async (LimClient          *client,
                      const char         *text,
                      GCancellable       *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer            user_data)
{
  g_autoptr(GTask) task = op_task (client, lim_lock_write_async, cancellable, callback, user_data);
  Op *op = g_task_get_task_data (task);

  op->alias = g_strdup (text);   /* here: the text to write */
  read_tenant (task, write_read);
}

gboolean
lim_lock_write_finish (GAsyncResult *result,
                       GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
