/* lim-run-record.h — the run record: one file per run that changes (or, as
 * a dry run, plans to change) a tenant, kept in the project so it travels
 * with the revision files:  CONFIG_DIR/runs/<run id>.jsonl, where CONFIG_DIR
 * is the folder that holds versions/ (liminal/ in a Liminal project).
 *
 * The file is append-only while the run goes and never rewritten after: one
 * JSON object per line (JSON Lines), each with an "event":
 *
 *   {"event":"start", "record":"liminal-run", "version":1, "run":ID, "at":T,
 *    "command":"upgrade"|"downgrade"|"stamp"|"rehearse", "descriptor":"head",
 *    "kind":"rehearsal" (optional: only a rehearsal has it; its "dry_run" is
 *    true, its operations are those of the run on the tenant's clone, its
 *    "requests" and "totals" count what the tenant itself received),
 *    "dry_run":bool, "resume":bool, "resumes":ID|null,
 *    "tool":{"name","version","front_end":"cli"|"app"|…},
 *    "user":OS user, "host":host, "pid":n, "pidns":"…"|null,
 *    "identity":{"client_id":…|null, "user":internal-API e-mail|null},
 *    "tenant":{"alias","name","url"},
 *    "direction":"upgrade"|"downgrade", "from":ID|null, "to":ID|null,
 *    "override":{"reason":"…", "gates":["test"]}|null,
 *    "revisions":[{"id","file":basename|null,"sha256":hex|null,"description",
 *                  "operations":[{"index":1-based,"op":class,"describe"}]}]}
 *   {"event":"operation", "at":T, "revision":ID, "index":n,
 *    "state":"running"|"done"|"skipped"|"failed"|"uncertain",
 *    "requests":n (sent since the operation started running),
 *    "task":Benchling task id (optional), "message":"…" (optional)}
 *   {"event":"revision", "at":T, "id":ID, "state":"done"}   (marker moved)
 *   {"event":"end", "at":T, "outcome":"succeeded"|"failed"|"cancelled"|
 *    "uncertain", "message":"…"|null, "marker":ID|null,
 *    "totals":{"requests","rate_limited","throttle_waits","throttle_ms"}}
 *
 * T is ISO 8601 UTC with milliseconds.  Readers ignore unknown members and
 * events and a torn last line.  A file without "end" is a run still going
 * (its process lives on this host) or one that was killed: "interrupted".
 *
 * lim_run_record_load() folds the lines into one object, the form `liminal
 * log --json` prints and data/schemas/run-record.schema.json describes:
 * the "start" members (without "event" and "at"), plus
 *   "file"        : the record's path,
 *   "started", "ended" (null while running/interrupted), "duration_ms",
 *   "outcome"     : the end's, or "running" | "interrupted",
 *   "message", "marker", "totals" (zeros until the end),
 *   each revision's "state": "pending"|"running"|"done"|"failed"|…,
 *   each operation's "outcome", "started", "ended", "requests",
 *   "tasks" (array of ids), "message".
 *
 * Secrets never enter a record: the identity is the client id and the
 * e-mail, never a secret or a session.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "lim-client.h"
#include "lim-tenant.h"
#include "lim-timeline.h"

G_BEGIN_DECLS

#define LIM_RUN_RECORD_ERROR (lim_run_record_error_quark ())
GQuark lim_run_record_error_quark (void);

typedef enum {
  LIM_RUN_RECORD_ERROR_IO,        /* the folder or file cannot be made or written */
  LIM_RUN_RECORD_ERROR_INVALID,   /* not a run record */
  LIM_RUN_RECORD_ERROR_NOT_FOUND, /* no run with that id */
  LIM_RUN_RECORD_ERROR_AMBIGUOUS, /* an id prefix that names several runs */
} LimRunRecordError;

#define LIM_RUN_RECORD_VERSION 1

typedef struct _LimRunRecord LimRunRecord;

/* A writer for one run, nothing written yet.  @runs_dir is made on the
 * first write.  @front_end names the tool ("cli", "app"). */
LimRunRecord *lim_run_record_new          (const char   *runs_dir,
                                           LimTenant    *tenant,
                                           LimClient    *client,
                                           const char   *front_end);
void          lim_run_record_free         (LimRunRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimRunRecord, lim_run_record_free)

/* A gate override: the reason and the gates it passes. */
void          lim_run_record_set_override (LimRunRecord *record,
                                           const char   *reason,
                                           const char * const *gates);
/* What kind of run this is, written as "kind" in the start line when set:
 * "rehearsal" (liminal rehearse: the run on a clone of the tenant, which
 * the tenant itself only read).  Unset for runs, dry runs and stamps. */
void          lim_run_record_set_kind     (LimRunRecord *record,
                                           const char   *kind);
const char   *lim_run_record_get_id       (LimRunRecord *record);   /* NULL before begin */
const char   *lim_run_record_get_path     (LimRunRecord *record);   /* NULL before begin */

/* The runner's calls.  @revisions: element-type LimRevision*, in run order
 * (NULL for a stamp).  Errors of writing are warnings: a run never stops
 * because its record could not be written, but says so. */
void          lim_run_record_begin        (LimRunRecord *record,
                                           const char   *command,
                                           const char   *descriptor,
                                           LimDirection  direction,
                                           const char   *from,
                                           const char   *to,
                                           GPtrArray    *revisions,
                                           gboolean      dry_run,
                                           gboolean      resume,
                                           const char   *resumes);
void          lim_run_record_operation    (LimRunRecord *record,
                                           const char   *revision,
                                           guint         index,
                                           const char   *state,
                                           const char   *message,
                                           const char   *task_url);
void          lim_run_record_revision     (LimRunRecord *record,
                                           const char   *revision);
/* @outcome: "succeeded", "failed", "cancelled" or "uncertain"; @message
 * why, when it did not succeed. */
void          lim_run_record_end          (LimRunRecord *record,
                                           const char   *outcome,
                                           const char   *message,
                                           const char   *marker);
gboolean      lim_run_record_is_begun     (LimRunRecord *record);

/* The SHA-256 of a file, hex; NULL when it cannot be read. */
char         *lim_run_record_file_sha256  (const char   *path);

/* ---------------------------------------------------------------- reading */

/* One record folded into an object (see above). */
JsonObject   *lim_run_record_load         (const char   *path,
                                           GError      **error);
/* Every record in @runs_dir, newest first (element-type JsonObject*); an
 * absent folder is an empty list.  Unreadable files are skipped with a
 * warning in @problems (element-type char*, may be NULL). */
GPtrArray    *lim_run_record_list         (const char   *runs_dir,
                                           GPtrArray    *problems,
                                           GError      **error);
/* The alias of the tenant @record (folded) changed, NULL if it names none. */
const char   *lim_run_record_get_alias    (JsonObject   *record);
/* The record whose id is @id or starts with it. */
JsonObject   *lim_run_record_find         (const char   *runs_dir,
                                           const char   *id,
                                           GError      **error);

G_END_DECLS
