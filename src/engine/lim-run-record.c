/* lim-run-record.c — run records: writing one run's lines as it goes, and
 * folding records back into objects (the format is in lim-run-record.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "lim-json.h"
#include "lim-lock.h"
#include "lim-operation.h"
#include "lim-revision.h"
#include "lim-run-record.h"

G_DEFINE_QUARK (lim-run-record-error-quark, lim_run_record_error)

struct _LimRunRecord
{
  char      *runs_dir;
  char      *front_end;
  char      *alias;
  char      *tenant_name;
  char      *url;
  char      *client_id;
  char      *email;
  LimClient *client;
  char      *override_reason;
  GStrv      override_gates;
  char      *kind;

  char          *id;
  char          *path;
  int            fd;
  gboolean       ended;
  gboolean       warned;
  LimClientStats at_start;
  guint          op_requests_from;   /* stats.total when the current operation started */
};

LimRunRecord *
lim_run_record_new (const char *runs_dir,
                    LimTenant  *tenant,
                    LimClient  *client,
                    const char *front_end)
{
  LimRunRecord *record = g_new0 (LimRunRecord, 1);

  g_return_val_if_fail (runs_dir != NULL, NULL);
  g_return_val_if_fail (tenant != NULL, NULL);
  g_return_val_if_fail (LIM_IS_CLIENT (client), NULL);

  record->runs_dir = g_strdup (runs_dir);
  record->front_end = g_strdup (front_end ? front_end : "engine");
  record->alias = g_strdup (lim_tenant_get_alias (tenant));
  record->tenant_name = g_strdup (lim_tenant_get_tenant_name (tenant));
  record->url = g_strdup (lim_client_get_base_url (client));
  record->client_id = g_strdup (lim_client_get_client_id (client) ? lim_client_get_client_id (client)
                                : lim_tenant_get_client_id (tenant));
  record->email = g_strdup (lim_client_get_email (client) ? lim_client_get_email (client)
                            : lim_tenant_get_admin_email (tenant));
  record->client = g_object_ref (client);
  record->fd = -1;
  return record;
}

void
lim_run_record_free (LimRunRecord *record)
{
  if (record == NULL)
    return;
  if (record->fd >= 0)
    close (record->fd);
  g_free (record->runs_dir);
  g_free (record->front_end);
  g_free (record->alias);
  g_free (record->tenant_name);
  g_free (record->url);
  g_free (record->client_id);
  g_free (record->email);
  g_clear_object (&record->client);
  g_free (record->override_reason);
  g_free (record->kind);
  g_strfreev (record->override_gates);
  g_free (record->id);
  g_free (record->path);
  g_free (record);
}

void
lim_run_record_set_override (LimRunRecord      *record,
                             const char        *reason,
                             const char *const *gates)
{
  g_return_if_fail (record != NULL);

  g_free (record->override_reason);
  record->override_reason = g_strdup (reason);
  g_strfreev (record->override_gates);
  record->override_gates = g_strdupv ((char **) gates);
}

void
lim_run_record_set_kind (LimRunRecord *record,
                         const char   *kind)
{
  g_return_if_fail (record != NULL);

  g_free (record->kind);
  record->kind = g_strdup (kind);
}

const char *
lim_run_record_get_id (LimRunRecord *record)
{
  return record ? record->id : NULL;
}

const char *
lim_run_record_get_path (LimRunRecord *record)
{
  return record ? record->path : NULL;
}

gboolean
lim_run_record_is_begun (LimRunRecord *record)
{
  return record != NULL && record->path != NULL;
}

/* ---------------------------------------------------------------- writing */

/* Now, UTC, to the millisecond: "2026-12-05T04:31:05.123Z". */
static char *
now_stamp (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *seconds = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", seconds, g_date_time_get_microsecond (now) / 1000);
}

static void
warn_once (LimRunRecord *record,
           const char   *what,
           int           saved_errno)
{
  if (record->warned)
    return;
  record->warned = TRUE;
  g_warning (_("The run record %s could not be written (%s): %s"), record->path ? record->path : record->runs_dir,
             what, g_strerror (saved_errno));
}

/* One line, written with one write() on an O_APPEND descriptor. */
static void
append (LimRunRecord *record,
        JsonObject   *line)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;
  g_autofree char *with_newline = NULL;
  gsize len, done = 0;

  if (record->fd < 0)
    return;
  json_node_set_object (node, line);
  text = json_to_string (node, FALSE);
  with_newline = g_strconcat (text, "\n", NULL);
  len = strlen (with_newline);
  while (done < len)
    {
      gssize n = write (record->fd, with_newline + done, len - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          warn_once (record, "write", errno);
          return;
        }
      done += (gsize) n;
    }
}

static void
set_nullable_string (JsonObject *object,
                     const char *member,
                     const char *value)
{
  if (value)
    json_object_set_string_member (object, member, value);
  else
    json_object_set_null_member (object, member);
}

char *
lim_run_record_file_sha256 (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (path == NULL || !g_file_get_contents (path, &contents, &len, NULL))
    return NULL;
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
}

static JsonObject *
revision_entry (LimRevision *rev,
                LimDirection direction)
{
  JsonObject *entry = json_object_new ();
  GPtrArray *ops = direction == LIM_DIRECTION_UP ? lim_revision_get_upgrade (rev) : lim_revision_get_downgrade (rev);
  JsonArray *operations = json_array_new ();
  const char *file = lim_revision_get_file (rev);
  g_autofree char *base = file ? g_path_get_basename (file) : NULL;
  g_autofree char *sha = lim_run_record_file_sha256 (file);

  json_object_set_string_member (entry, "id", lim_revision_get_id (rev));
  set_nullable_string (entry, "file", base);
  set_nullable_string (entry, "sha256", sha);
  json_object_set_string_member (entry, "description", lim_revision_get_description (rev));
  for (guint k = 0; ops && k < ops->len; k++)
    {
      const LimOperation *op = g_ptr_array_index (ops, k);
      JsonObject *o = json_object_new ();
      g_autofree char *describe = lim_operation_describe (op);

      json_object_set_int_member (o, "index", k + 1);
      json_object_set_string_member (o, "op", op->spec->class_name);
      json_object_set_string_member (o, "describe", describe);
      json_array_add_object_element (operations, o);
    }
  json_object_set_array_member (entry, "operations", operations);
  return entry;
}

/* A line of @event, stamped now. */
static JsonObject *
new_line (const char *event)
{
  JsonObject *line = json_object_new ();
  g_autofree char *at = now_stamp ();

  json_object_set_string_member (line, "event", event);
  json_object_set_string_member (line, "at", at);
  return line;
}

/* 20261205T043100Z-prod-3f9a2c */
static char *
new_run_id (const char *alias)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *safe = g_strdup (alias);

  g_strcanon (safe, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.", '-');
  return g_strdup_printf ("%s-%s-%.6s", stamp, safe, uuid);
}

void
lim_run_record_begin (LimRunRecord *record,
                      const char   *command,
                      const char   *descriptor,
                      LimDirection  direction,
                      const char   *from,
                      const char   *to,
                      GPtrArray    *revisions,
                      gboolean      dry_run,
                      gboolean      resume,
                      const char   *resumes)
{
  g_autoptr(JsonObject) line = NULL;
  g_autofree char *pidns = lim_pid_namespace ();
  g_autofree char *name = NULL;
  JsonObject *tool, *identity, *tenant;
  JsonArray *revs = json_array_new ();

  if (record == NULL || record->path != NULL)
    return;

  record->id = new_run_id (record->alias);
  name = g_strconcat (record->id, ".jsonl", NULL);
  record->path = g_build_filename (record->runs_dir, name, NULL);
  record->at_start = *lim_client_get_stats (record->client);
  if (g_mkdir_with_parents (record->runs_dir, 0755) != 0)
    warn_once (record, "mkdir", errno);
  else
    {
      record->fd = g_open (record->path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0644);
      if (record->fd < 0)
        warn_once (record, "open", errno);
    }

  line = new_line ("start");
  json_object_set_string_member (line, "record", "liminal-run");
  json_object_set_int_member (line, "version", LIM_RUN_RECORD_VERSION);
  json_object_set_string_member (line, "run", record->id);
  json_object_set_string_member (line, "command", command);
  if (record->kind)
    json_object_set_string_member (line, "kind", record->kind);
  set_nullable_string (line, "descriptor", descriptor);
  json_object_set_boolean_member (line, "dry_run", dry_run);
  json_object_set_boolean_member (line, "resume", resume);
  set_nullable_string (line, "resumes", resumes);

  tool = json_object_new ();
  json_object_set_string_member (tool, "name", PACKAGE_NAME);
  json_object_set_string_member (tool, "version", PACKAGE_VERSION);
  json_object_set_string_member (tool, "front_end", record->front_end);
  json_object_set_object_member (line, "tool", tool);

  json_object_set_string_member (line, "user", g_get_user_name ());
  json_object_set_string_member (line, "host", g_get_host_name ());
  json_object_set_int_member (line, "pid", getpid ());
  set_nullable_string (line, "pidns", pidns);

  identity = json_object_new ();
  set_nullable_string (identity, "client_id", record->client_id);
  set_nullable_string (identity, "user", record->email);
  json_object_set_object_member (line, "identity", identity);

  tenant = json_object_new ();
  json_object_set_string_member (tenant, "alias", record->alias);
  set_nullable_string (tenant, "name", record->tenant_name);
  set_nullable_string (tenant, "url", record->url);
  json_object_set_object_member (line, "tenant", tenant);

  json_object_set_string_member (line, "direction", direction == LIM_DIRECTION_UP ? "upgrade" : "downgrade");
  set_nullable_string (line, "from", from);
  set_nullable_string (line, "to", to);
  if (record->override_reason)
    {
      JsonObject *override = json_object_new ();
      JsonArray *gates = json_array_new ();
      for (guint i = 0; record->override_gates && record->override_gates[i]; i++)
        json_array_add_string_element (gates, record->override_gates[i]);
      json_object_set_string_member (override, "reason", record->override_reason);
      json_object_set_array_member (override, "gates", gates);
      json_object_set_object_member (line, "override", override);
    }
  else
    json_object_set_null_member (line, "override");

  for (guint i = 0; revisions && i < revisions->len; i++)
    json_array_add_object_element (revs, revision_entry (g_ptr_array_index (revisions, i), direction));
  json_object_set_array_member (line, "revisions", revs);

  append (record, line);
  /* The start is the line that must survive a crash of the machine. */
  if (record->fd >= 0 && fsync (record->fd) != 0)
    warn_once (record, "fsync", errno);
}

/* "https://t.benchling.com/api/v2/tasks/task_abc" → "task_abc". */
static char *
task_id (const char *url)
{
  g_autofree char *path = g_strdup (url);
  char *q = strpbrk (path, "?#");
  const char *slash;

  if (q)
    *q = '\0';
  while (*path && g_str_has_suffix (path, "/"))
    path[strlen (path) - 1] = '\0';
  slash = strrchr (path, '/');
  return g_strdup (slash ? slash + 1 : path);
}

void
lim_run_record_operation (LimRunRecord *record,
                          const char   *revision,
                          guint         index,
                          const char   *state,
                          const char   *message,
                          const char   *task_url)
{
  g_autoptr(JsonObject) line = NULL;
  guint total;

  if (record == NULL || record->fd < 0 || record->ended)
    return;
  total = lim_client_get_stats (record->client)->total;
  if (g_strcmp0 (state, "running") == 0)
    record->op_requests_from = total;
  line = new_line ("operation");
  json_object_set_string_member (line, "revision", revision);
  json_object_set_int_member (line, "index", index);
  json_object_set_string_member (line, "state", state);
  json_object_set_int_member (line, "requests", total - MIN (record->op_requests_from, total));
  if (task_url)
    {
      g_autofree char *id = task_id (task_url);
      json_object_set_string_member (line, "task", id);
    }
  if (message)
    json_object_set_string_member (line, "message", message);
  append (record, line);
  if (g_strcmp0 (state, "running") != 0)
    record->op_requests_from = total;
}

void
lim_run_record_revision (LimRunRecord *record,
                         const char   *revision)
{
  g_autoptr(JsonObject) line = NULL;

  if (record == NULL || record->fd < 0 || record->ended)
    return;
  line = new_line ("revision");
  json_object_set_string_member (line, "id", revision);
  json_object_set_string_member (line, "state", "done");
  append (record, line);
}

void
lim_run_record_end (LimRunRecord *record,
                    const char   *outcome,
                    const char   *message,
                    const char   *marker)
{
  g_autoptr(JsonObject) line = NULL;
  const LimClientStats *now;
  JsonObject *totals;

  if (record == NULL || record->fd < 0 || record->ended)
    return;
  record->ended = TRUE;
  now = lim_client_get_stats (record->client);
  line = new_line ("end");
  json_object_set_string_member (line, "outcome", outcome);
  set_nullable_string (line, "message", message);
  set_nullable_string (line, "marker", marker);
  totals = json_object_new ();
  json_object_set_int_member (totals, "requests", now->total - MIN (record->at_start.total, now->total));
  json_object_set_int_member (totals, "rate_limited",
                              now->rate_limited - MIN (record->at_start.rate_limited, now->rate_limited));
  json_object_set_int_member (totals, "throttle_waits",
                              now->throttle_waits - MIN (record->at_start.throttle_waits, now->throttle_waits));
  json_object_set_int_member (totals, "throttle_ms", MAX (0, now->throttle_ms - record->at_start.throttle_ms));
  json_object_set_object_member (line, "totals", totals);
  append (record, line);
  if (fsync (record->fd) != 0)
    warn_once (record, "fsync", errno);
  close (record->fd);
  record->fd = -1;
}

/* ---------------------------------------------------------------- reading */

static gint64
parse_ms (const char *iso)
{
  g_autoptr(GDateTime) dt = iso ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;

  return dt ? g_date_time_to_unix (dt) * 1000 + g_date_time_get_microsecond (dt) / 1000 : -1;
}

static JsonObject *
find_revision (JsonObject *record,
               const char *id)
{
  JsonArray *revs = lim_json_get_array (record, "revisions");

  for (guint i = 0; revs && i < json_array_get_length (revs); i++)
    {
      JsonObject *rev = json_array_get_object_element (revs, i);
      if (rev && g_strcmp0 (lim_json_get_string (rev, "id"), id) == 0)
        return rev;
    }
  return NULL;
}

static JsonObject *
find_operation (JsonObject *rev,
                gint64      index)
{
  JsonArray *ops = rev ? lim_json_get_array (rev, "operations") : NULL;

  if (ops == NULL || index < 1 || index > json_array_get_length (ops))
    return NULL;
  return json_array_get_object_element (ops, index - 1);
}

static void
fold_operation (JsonObject *record,
                JsonObject *line)
{
  JsonObject *rev = find_revision (record, lim_json_get_string (line, "revision"));
  JsonObject *op = find_operation (rev, json_object_get_int_member_with_default (line, "index", 0));
  const char *state = lim_json_get_string (line, "state");
  const char *at = lim_json_get_string (line, "at");
  const char *task = lim_json_get_string (line, "task");
  const char *message = lim_json_get_string (line, "message");

  if (op == NULL || state == NULL)
    return;
  json_object_set_string_member (op, "outcome", state);
  if (g_str_equal (state, "running"))
    {
      set_nullable_string (op, "started", at);
      json_object_set_string_member (rev, "state", "running");
    }
  else
    {
      if (json_object_get_null_member (op, "started") && at)
        json_object_set_string_member (op, "started", at);
      set_nullable_string (op, "ended", at);
    }
  json_object_set_int_member (op, "requests",
                              json_object_get_int_member_with_default (op, "requests", 0) +
                              json_object_get_int_member_with_default (line, "requests", 0));
  if (task)
    json_array_add_string_element (json_object_get_array_member (op, "tasks"), task);
  if (message)
    json_object_set_string_member (op, "message", message);
  if (g_str_equal (state, "failed") || g_str_equal (state, "uncertain"))
    json_object_set_string_member (rev, "state", state);
}

/* The members the fold adds, at their "nothing known yet" values. */
static void
prepare_fold (JsonObject *record)
{
  JsonArray *revs = lim_json_get_array (record, "revisions");
  JsonObject *totals = json_object_new ();

  json_object_remove_member (record, "event");
  json_object_set_string_member (record, "started", lim_json_get_string (record, "at"));
  json_object_remove_member (record, "at");
  json_object_set_null_member (record, "ended");
  json_object_set_null_member (record, "duration_ms");
  json_object_set_null_member (record, "message");
  json_object_set_null_member (record, "marker");
  json_object_set_int_member (totals, "requests", 0);
  json_object_set_int_member (totals, "rate_limited", 0);
  json_object_set_int_member (totals, "throttle_waits", 0);
  json_object_set_int_member (totals, "throttle_ms", 0);
  json_object_set_object_member (record, "totals", totals);
  for (guint i = 0; revs && i < json_array_get_length (revs); i++)
    {
      JsonObject *rev = json_array_get_object_element (revs, i);
      JsonArray *ops = rev ? lim_json_get_array (rev, "operations") : NULL;
      if (rev == NULL)
        continue;
      json_object_set_string_member (rev, "state", "pending");
      for (guint k = 0; ops && k < json_array_get_length (ops); k++)
        {
          JsonObject *op = json_array_get_object_element (ops, k);
          if (op == NULL)
            continue;
          json_object_set_string_member (op, "outcome", "pending");
          json_object_set_null_member (op, "started");
          json_object_set_null_member (op, "ended");
          json_object_set_int_member (op, "requests", 0);
          json_object_set_array_member (op, "tasks", json_array_new ());
          json_object_set_null_member (op, "message");
        }
    }
}

/* No end line: the run goes on (its process lives) or it was killed. */
static const char *
unended_outcome (JsonObject *record)
{
  const char *host = lim_json_get_string (record, "host");
  gint64 pid = json_object_get_int_member_with_default (record, "pid", 0);
  const char *pidns = lim_json_get_string (record, "pidns");

  return lim_process_is_alive (host, pid, pidns) ? "running" : "interrupted";
}

/* The revision or operation states still "running" when the run ended:
 * they take the run's outcome. */
static void
settle_states (JsonObject *record,
               const char *outcome)
{
  JsonArray *revs = lim_json_get_array (record, "revisions");
  const char *op_state = g_str_equal (outcome, "interrupted") ? "uncertain" : outcome;

  for (guint i = 0; revs && i < json_array_get_length (revs); i++)
    {
      JsonObject *rev = json_array_get_object_element (revs, i);
      JsonArray *ops = rev ? lim_json_get_array (rev, "operations") : NULL;
      if (rev == NULL)
        continue;
      if (g_strcmp0 (lim_json_get_string (rev, "state"), "running") == 0)
        json_object_set_string_member (rev, "state", outcome);
      for (guint k = 0; ops && k < json_array_get_length (ops); k++)
        {
          JsonObject *op = json_array_get_object_element (ops, k);
          if (op && g_strcmp0 (lim_json_get_string (op, "outcome"), "running") == 0 &&
              !g_str_equal (outcome, "succeeded"))
            json_object_set_string_member (op, "outcome", op_state);
        }
    }
}

JsonObject *
lim_run_record_load (const char *path,
                     GError    **error)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(JsonObject) record = NULL;
  gboolean ended = FALSE;
  g_autoptr(GError) local_error = NULL;

  if (!g_file_get_contents (path, &contents, NULL, &local_error))
    {
      g_set_error (error, LIM_RUN_RECORD_ERROR, LIM_RUN_RECORD_ERROR_IO, _("Cannot read the run record %s: %s"), path,
                   local_error->message);
      return NULL;
    }
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonNode *root;
      JsonObject *line;
      const char *event;

      if (*g_strstrip (lines[i]) == '\0')
        continue;
      /* A torn last line (killed mid-write) or a line we do not know. */
      if (!json_parser_load_from_data (parser, lines[i], -1, NULL))
        continue;
      root = json_parser_get_root (parser);
      if (!JSON_NODE_HOLDS_OBJECT (root))
        continue;
      line = json_node_get_object (root);
      event = lim_json_get_string (line, "event");
      if (record == NULL)
        {
          if (g_strcmp0 (event, "start") != 0 || g_strcmp0 (lim_json_get_string (line, "record"), "liminal-run") != 0 ||
              lim_json_get_string (line, "run") == NULL)
            {
              g_set_error (error, LIM_RUN_RECORD_ERROR, LIM_RUN_RECORD_ERROR_INVALID,
                           _("%s:%u: not a Liminal run record (its first line must be a \"start\" event)"), path,
                           i + 1);
              return NULL;
            }
          record = json_object_ref (line);
          prepare_fold (record);
          continue;
        }
      if (ended)
        continue;
      if (g_strcmp0 (event, "operation") == 0)
        fold_operation (record, line);
      else if (g_strcmp0 (event, "revision") == 0)
        {
          JsonObject *rev = find_revision (record, lim_json_get_string (line, "id"));
          if (rev)
            json_object_set_string_member (rev, "state", "done");
        }
      else if (g_strcmp0 (event, "end") == 0)
        {
          const char *at = lim_json_get_string (line, "at");
          JsonObject *totals = lim_json_get_object (line, "totals");
          gint64 start_ms = parse_ms (lim_json_get_string (record, "started"));
          gint64 end_ms = parse_ms (at);

          ended = TRUE;
          set_nullable_string (record, "ended", at);
          if (start_ms >= 0 && end_ms >= start_ms)
            json_object_set_int_member (record, "duration_ms", end_ms - start_ms);
          set_nullable_string (record, "outcome", lim_json_get_string (line, "outcome"));
          set_nullable_string (record, "message", lim_json_get_string (line, "message"));
          set_nullable_string (record, "marker", lim_json_get_string (line, "marker"));
          if (totals)
            json_object_set_object_member (record, "totals", json_object_ref (totals));
        }
    }
  if (record == NULL)
    {
      g_set_error (error, LIM_RUN_RECORD_ERROR, LIM_RUN_RECORD_ERROR_INVALID,
                   _("%s: not a Liminal run record (it is empty)"), path);
      return NULL;
    }
  if (!ended)
    json_object_set_string_member (record, "outcome", unended_outcome (record));
  if (lim_json_get_string (record, "outcome") == NULL)
    json_object_set_string_member (record, "outcome", "failed");
  settle_states (record, lim_json_get_string (record, "outcome"));
  json_object_set_string_member (record, "file", path);
  return g_steal_pointer (&record);
}

const char *
lim_run_record_get_alias (JsonObject *record)
{
  return lim_json_get_string (lim_json_get_object (record, "tenant"), "alias");
}

static int
newest_first (gconstpointer a,
              gconstpointer b)
{
  JsonObject *ra = *(JsonObject **) a;
  JsonObject *rb = *(JsonObject **) b;
  int by_time = g_strcmp0 (lim_json_get_string (rb, "started"), lim_json_get_string (ra, "started"));

  return by_time ? by_time : g_strcmp0 (lim_json_get_string (rb, "run"), lim_json_get_string (ra, "run"));
}

GPtrArray *
lim_run_record_list (const char *runs_dir,
                     GPtrArray  *problems,
                     GError    **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *name;

  if (!g_file_test (runs_dir, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&records);
  dir = g_dir_open (runs_dir, 0, &local_error);
  if (dir == NULL)
    {
      g_set_error (error, LIM_RUN_RECORD_ERROR, LIM_RUN_RECORD_ERROR_IO, _("Cannot read the run records in %s: %s"),
                   runs_dir, local_error->message);
      return NULL;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autoptr(GError) load_error = NULL;
      JsonObject *record;

      if (!g_str_has_suffix (name, ".jsonl"))
        continue;
      path = g_build_filename (runs_dir, name, NULL);
      record = lim_run_record_load (path, &load_error);
      if (record)
        g_ptr_array_add (records, record);
      else if (problems)
        g_ptr_array_add (problems, g_strdup (load_error->message));
    }
  g_ptr_array_sort (records, newest_first);
  return g_steal_pointer (&records);
}

JsonObject *
lim_run_record_find (const char *runs_dir,
                     const char *id,
                     GError    **error)
{
  g_autoptr(GPtrArray) records = lim_run_record_list (runs_dir, NULL, error);
  JsonObject *found = NULL;

  if (records == NULL)
    return NULL;
  for (guint i = 0; i < records->len; i++)
    {
      JsonObject *record = g_ptr_array_index (records, i);
      const char *run = lim_json_get_string (record, "run");

      if (g_strcmp0 (run, id) == 0)
        return json_object_ref (record);
      if (run && g_str_has_prefix (run, id))
        {
          if (found)
            {
              g_set_error (error, LIM_RUN_RECORD_ERROR, LIM_RUN_RECORD_ERROR_AMBIGUOUS,
                           _("“%s” names more than one run (%s, %s…): give more of the id"), id,
                           lim_json_get_string (found, "run"), run);
              return NULL;
            }
          found = record;
        }
    }
  if (found == NULL)
    {
      g_set_error (error, LIM_RUN_RECORD_ERROR, LIM_RUN_RECORD_ERROR_NOT_FOUND, _("No run “%s” in %s"), id, runs_dir);
      return NULL;
    }
  return json_object_ref (found);
}
