/* lim-journal-private.h — the journal: the on-disk record of one run of the
 * runner, PROJECT/.liminal/journal/<tenant>.json, written atomically after
 * every step so that an interrupted run can be resumed and reported.
 *
 * The file is one JSON object (pretty-printed by json-glib):
 *
 *   {
 *     "version"   : 1,
 *     "tenant"    : "<alias>",
 *     "direction" : "upgrade" | "downgrade",
 *     "from"      : "<the tenant's marker when the run was planned>",
 *     "to"        : "<the target revision>",
 *     "started"   : "<ISO 8601, UTC: when this journal was made>",
 *     "state"     : "running" | "complete" | "failed" | "cancelled" | "uncertain" |
 *                   "refused" (the next revision's pre-check failed before
 *                   any of its operations was sent: the tenant stands at
 *                   "marker" and there is nothing to resume),
 *     "revisions" : [ REVISION… ],   in run order
 *     "marker"    : "<the marker the tenant was last moved to (\"from\" at first)>",
 *     "updated"   : "<ISO 8601, UTC: set on every save>",
 *     "run"       : "<the run record's id (lim-run-record.h)>"   (optional)
 *   }
 *
 *   REVISION = {
 *     "id"         : "<revision id>",
 *     "state"      : "pending" | "running" | "done", or the run's final
 *                    "state" when the run stopped inside this revision,
 *     "operations" : [ OPERATION… ]
 *   }
 *
 *   OPERATION = {
 *     "index"    : 1-based position in the revision,
 *     "op"       : "<Liminal operation class, e.g. CreateEntitySchema>",
 *     "describe" : "<the operation in Liminal's words>",
 *     "state"    : "pending" | "running" | "sending" (written to disk before
 *                  its first write request goes out: a run killed from then
 *                  on may or may not have applied it) | "done" | "failed" |
 *                  "skipped" (already applied, found on resume or at the start
 *                  of a run) | "uncertain" (the outcome could not be learned),
 *     "error"           : "<why it failed or is uncertain>"            (optional),
 *     "status_url"      : "<the Benchling task that applies it>"        (optional),
 *     "status_checked"  : true, once that task was polled and is unknown (optional),
 *     "uncertain_since" : ms since the epoch: a request that timed out   (optional),
 *     "grace_ms"        : how long after uncertain_since Benchling may still
 *                         apply it (default 60000; with uncertain_since)
 *   }
 *
 * A journal whose "state" is anything but "complete" or "refused" records an unfinished
 * run: a new run of the tenant must resume it.  On resume a fresh journal is
 * made from the plan and the first revision's operation states, status_url,
 * uncertain_since and grace_ms are carried over from the unfinished one.
 * Resume checks every operation that is not "pending" ("sending", "running",
 * "uncertain", "failed") against a fresh snapshot of the tenant.  The journal
 * is a cache of the tenant, not the authority: every run (resumed or not)
 * also skips the leading operations of its first revision whose effect the
 * tenant already shows, e.g. after a run killed in another checkout.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "lim-timeline.h"

G_BEGIN_DECLS

#define LIM_JOURNAL_ERROR (lim_journal_error_quark ())
GQuark lim_journal_error_quark (void);

typedef enum {
  LIM_JOURNAL_ERROR_FAILED,     /* unreadable, not a JSON object, or its folder cannot be made */
} LimJournalError;

/* JOURNAL_DIR/ALIAS.json, or NULL when @journal_dir is NULL (no journal). */
char       *lim_journal_dup_path          (const char  *journal_dir,
                                           const char  *alias);
/* NULL without error when there is no journal (no folder, no file). */
JsonObject *lim_journal_load              (const char  *journal_dir,
                                           const char  *alias,
                                           GError     **error);
/* Sets "updated" and writes atomically; TRUE without writing when
 * @journal_dir is NULL. */
gboolean    lim_journal_save              (const char  *journal_dir,
                                           const char  *alias,
                                           JsonObject  *journal,
                                           GError     **error);

/* A fresh, "running" journal for @revisions (element-type LimRevision*),
 * every revision and operation "pending". */
JsonObject *lim_journal_new               (const char  *alias,
                                           LimDirection direction,
                                           const char  *from,
                                           const char  *to,
                                           GPtrArray   *revisions);
/* Carry the states of @old's unfinished first revision over to @fresh. */
void        lim_journal_carry_over        (JsonObject  *old,
                                           JsonObject  *fresh);

/* "state", or NULL (also for a NULL @journal). */
const char *lim_journal_get_state         (JsonObject  *journal);
/* A journal with a "state" other than "complete" or "refused". */
gboolean    lim_journal_is_unfinished     (JsonObject  *journal);
/* An unfinished journal of a tenant whose marker is @marker: one to
 * resume, unless the tenant already stands at its target. */
gboolean    lim_journal_is_open_at        (JsonObject  *journal,
                                           const char  *marker);
/* The operation entries of revision @id, or NULL. */
JsonArray  *lim_journal_get_operations    (JsonObject  *journal,
                                           const char  *id);
/* The "state" of operation @index (0-based) of revision @id, or NULL. */
const char *lim_journal_get_op_state      (JsonObject  *journal,
                                           const char  *id,
                                           guint        index);
/* Revision entry @index (0-based), and operation entry @index of one. */
JsonObject *lim_journal_get_revision      (JsonObject  *journal,
                                           guint        index);
JsonObject *lim_journal_revision_get_op   (JsonObject  *revision,
                                           guint        index);
/* The run stopped with @state; @revision (may be NULL), unless done, too. */
void        lim_journal_set_stopped       (JsonObject  *journal,
                                           JsonObject  *revision,
                                           const char  *state);

/* An operation entry's "state", with "error" set to @message or removed. */
void        lim_journal_op_set_state      (JsonObject  *op,
                                           const char  *state,
                                           const char  *message);
/* Record a timed-out request: "uncertain_since" and "grace_ms". */
void        lim_journal_op_set_uncertain  (JsonObject  *op,
                                           gint64       since_ms,
                                           gint64       grace_ms);
/* If @op records a timed-out request, remove that record, set @until_ms to
 * the end of its grace period and return TRUE. */
gboolean    lim_journal_op_take_uncertain (JsonObject  *op,
                                           gint64      *until_ms);

G_END_DECLS
