/* lim-lock.h — a lease on a tenant, recorded in the tenant itself: the
 * display name of the `lock` field of the `liminal_remote` schema, next to
 * the revision marker (Liminal's comparisons ignore that schema).
 *
 * The record reads
 *   liminal-lock v1 holder=ana host=ws-3 pid=1234 run=1a2b3c4d since=<unix> until=<unix>
 *     action=upgrade pidns=4026531836
 * and an empty, absent or "unlocked" field is free.  Taking is
 * write-then-verify: read, write ours, wait a short settle, read again and
 * go on only if the record is still ours.  A lock left by a dead process of
 * this host is taken over at once; an expired lock of another holder only
 * with break_lock; a live one never.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lim-client.h"
#include "lim-snapshot.h"

G_BEGIN_DECLS

#define LIM_LOCK_ERROR (lim_lock_error_quark ())
GQuark lim_lock_error_quark (void);

typedef enum {
  LIM_LOCK_ERROR_HELD,          /* another run holds the tenant */
  LIM_LOCK_ERROR_LOST,          /* our lease was taken over or broken */
  LIM_LOCK_ERROR_MARKER_MOVED,  /* the marker is not where this run expects it */
  LIM_LOCK_ERROR_LEFT,          /* not released (no single sign-on session): the lease expires */
} LimLockError;

#define LIM_LOCK_FIELD "lock"
#define LIM_LOCK_LEASE_SECONDS 120

typedef struct
{
  char   *holder;
  char   *host;
  gint64  pid;
  char   *run;
  gint64  since;   /* unix seconds */
  gint64  until;
  char   *action;  /* "upgrade", "downgrade", "stamp"; NULL in older records */
  char   *pidns;   /* the holder's PID namespace ("4026531836"); a Flatpak
                    * app and a host shell see different pids */
} LimLock;

void     lim_lock_free        (LimLock *lock);
LimLock *lim_lock_copy        (const LimLock *lock);
/* A fresh record for this process: user, host, pid, a random run id. */
LimLock *lim_lock_new_mine    (guint lease_seconds);
/* NULL when @text is free (NULL, empty, "unlocked") or not a lock record. */
LimLock *lim_lock_parse       (const char *text);
char    *lim_lock_format      (const LimLock *lock);
gboolean lim_lock_equal       (const LimLock *a,
                               const LimLock *b);
/* Held by a process of this host, in this PID namespace, that no longer
 * exists; or left in place by a run of this process that has ended (no
 * session to free it, see lim_lock_release_async()). */
gboolean lim_lock_is_stale    (const LimLock *lock);
/* Process @pid of @host (in PID namespace @pidns, NULL when unknown) is
 * known to no longer exist: it ran on this host, in this namespace. */
gboolean lim_process_is_gone  (const char    *host,
                               gint64         pid,
                               const char    *pidns);
/* Process @pid of @host (namespace @pidns) is known to exist: it runs on
 * this host, in this namespace.  Neither this nor lim_process_is_gone()
 * holds for another host's process. */
gboolean lim_process_is_alive (const char    *host,
                               gint64         pid,
                               const char    *pidns);
/* This process's PID namespace ("4026531836"), NULL where unknown. */
char    *lim_pid_namespace    (void);
gboolean lim_lock_is_expired  (const LimLock *lock,
                               gint64         now);
/* The lock @snapshot records, NULL when free. */
LimLock *lim_lock_from_snapshot (LimSnapshot *snapshot);
/* "Tenant X is being upgraded since HH:MM by ana@ws-3 (pid 1234); …" */
char    *lim_lock_describe_held (const LimLock *lock,
                                 const char    *alias);
/* For `status`: "upgrading since HH:MM by ana@ws-3", and whether its
 * process is gone or its lease expired. */
char    *lim_lock_describe      (const LimLock *lock);

/* Take the tenant's lock (see above).  @alias names the tenant in
 * messages.  Completes with our record, or with HELD.  Without a
 * liminal_remote schema there is nowhere to record it: the record is
 * returned unwritten. */
void     lim_lock_take_async    (LimClient           *client,
                                 const char          *alias,
                                 const char          *action,
                                 guint                lease_seconds,
                                 gboolean             break_lock,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data);
/* @snapshot: the verifying read (marker-only), for the caller's checks. */
LimLock *lim_lock_take_finish   (GAsyncResult  *result,
                                 LimSnapshot  **snapshot,
                                 GError       **error);

/* Less than half of @lock's lease remains. */
gboolean lim_lock_needs_renewal (const LimLock *lock);

/* Read the tenant: fail with LOST when @lock is no longer its record, with
 * MARKER_MOVED when @expected_marker is not NULL and the marker differs;
 * else renew the lease when less than half remains (@lock's until moves). */
void     lim_lock_check_async   (LimClient           *client,
                                 LimLock             *lock,
                                 const char          *alias,
                                 const char          *expected_marker,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data);
/* The check before a marker move: as lim_lock_check_async() but it never
 * renews the lease (the marker's update renews it, lim_lock_renew_in()).
 * With @model, its read is lim_remote_refresh_schemas_async (@model) — the
 * same one request when lim_remote_can_refresh_schemas() — and the snapshot
 * it completes with is the whole tenant: @model's dropdowns with the tag
 * schemas as they are now (a runner's model made fresh for free). */
void     lim_lock_check_marker_async (LimClient           *client,
                                      LimLock             *lock,
                                      const char          *alias,
                                      const char          *expected_marker,
                                      LimSnapshot         *model,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
/* @snapshot: the read (marker-only): liminal_remote as it is now, which
 * any write to that schema must start from. */
gboolean lim_lock_check_finish  (GAsyncResult  *result,
                                 LimSnapshot  **snapshot,
                                 GError       **error);

/* Free the tenant when @lock is still its record.  Never cancelled, and
 * never asks for a sign-in: a single sign-on client without a valid
 * session leaves the lock (LIM_LOCK_ERROR_LEFT), whose lease expires. */
void     lim_lock_release_async  (LimClient           *client,
                                  const LimLock       *lock,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);
gboolean lim_lock_release_finish (GAsyncResult  *result,
                                  GError       **error);

/* When @snapshot records @lock: change that record to free in @snapshot
 * (nothing is sent) and return TRUE.  A later write to liminal_remote
 * built on @snapshot (the last marker move of a run) then releases the
 * lock in the same request, instead of a read, a write and a poll of its
 * own.  FALSE, @snapshot unchanged, when the record is not @lock. */
gboolean lim_lock_release_in   (LimSnapshot   *snapshot,
                                const LimLock *lock);

/* When @snapshot records @lock: change that record in @snapshot to @lock
 * with a fresh lease (nothing is sent; @lock's since and until move) and
 * return TRUE.  Every marker move renews the lease this way, in the update
 * it sends anyway, instead of a read, a write and a poll of its own.
 * FALSE, nothing changed, when the record is not @lock. */
gboolean lim_lock_renew_in     (LimSnapshot   *snapshot,
                                LimLock       *lock);

/* Write @text as the lock record as it is (tests, `unlocked`). */
void     lim_lock_write_async   (LimClient           *client,
                                 const char          *text,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data);
gboolean lim_lock_write_finish  (GAsyncResult  *result,
                                 GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimLock, lim_lock_free)

G_END_DECLS
