/* lim-sandbox-journal.h — the tenant on disk: a snapshot and a journal
 * of the writes since (private)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The state file FILE is a whole-tenant snapshot (ls_state_to_json(), the
 * format of GET /_sandbox/state).  Each acknowledged write appends one
 * line to FILE.journal — a partial snapshot holding the id counters and
 * the selectors and tag schemas the write changed (ls_state_apply_json())
 * — and fdatasyncs it before the write is answered.  The journal's first
 * line names the snapshot it follows by the SHA-256 of its bytes:
 *
 *   {"format":"liminal-sandbox-journal/1","snapshot":"<sha256>"}
 *
 * Compaction writes a new snapshot atomically (temp file, fsync, rename,
 * fsync of the directory) and then removes the journal; a journal left
 * behind by a crash between the two names the old snapshot and is
 * ignored.  Loading replays the journal's complete lines on top of the
 * snapshot; a torn last line (no newline, or not JSON) was never
 * acknowledged and is dropped, and cut off before the next line is
 * appended.  A write that changes anything else than
 * counters, selectors and tag schemas (registry, units, result schemas, a
 * record removed or reordered) compacts instead of appending.
 */

#pragma once

#include <glib.h>

#include "lim-sandbox-state.h"

G_BEGIN_DECLS

typedef struct _LsJournal LsJournal;

typedef struct
{
  guint64 fsyncs;        /* fsync + fdatasync calls */
  guint64 bytes;         /* bytes written (snapshots and journal lines) */
  guint64 appends;       /* journal lines */
  guint64 compactions;   /* snapshots written */
} LsJournalStats;

/* Persistence of the tenant at @path (the state file). */
LsJournal *ls_journal_new     (const char *path);
void       ls_journal_free    (LsJournal  *journal);

/* The tenant stored at the state file: the snapshot with the journal
 * replayed (*@entries: how many entries), or %NULL with @error set.
 * Changes no file: the next commit appends to that journal. */
LsState   *ls_journal_load    (LsJournal  *journal,
                               guint      *entries,
                               GError    **error);
/* Makes @state durable: appends what changed since the last commit (or
 * the load) to the journal and syncs it, or compacts when the journal has
 * grown past the limit.  TRUE without I/O when nothing changed. */
gboolean   ls_journal_commit  (LsJournal  *journal,
                               LsState    *state,
                               GError    **error);
/* Writes @state as the new snapshot and removes the journal. */
gboolean   ls_journal_compact (LsJournal  *journal,
                               LsState    *state,
                               GError    **error);
/* For a clean exit: compacts if the journal has entries. */
gboolean   ls_journal_fold    (LsJournal  *journal,
                               LsState    *state,
                               GError    **error);
/* Compacts once the journal would pass @bytes; 0 (the default): once it
 * would pass the snapshot's size, and at least 1 MiB. */
void       ls_journal_set_limit (LsJournal *journal,
                                 gsize      bytes);
LsJournalStats ls_journal_get_stats (LsJournal *journal);

G_END_DECLS
