/* lim-runner-private.h — what the runner's files share: lim-runner.c
 * (the GObject, running a plan, resume, recovery, the marker),
 * lim-runner-plan.c (prepare: the plan, the unfinished journal, promotion
 * gates and run records) and lim-runner-stamp.c (stamping a marker).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lim-lock.h"
#include "lim-run-record.h"
#include "lim-runner.h"

G_BEGIN_DECLS

struct _LimRunner
{
  GObject parent_instance;

  LimClient    *client;
  LimTimeline  *timeline;
  char         *alias;
  char         *journal_dir;
  LimApplyFlags apply_flags;
  gboolean      break_lock;    /* stamps */
  gboolean      no_lock;       /* lim_runner_set_locking (FALSE) */

  LimSnapshot *model;
  LimPlan     *plan;
  LimRunFlags  flags;
  char        *descriptor;         /* as the last prepare was given it */
  GPtrArray   *problems;
  GArray      *problem_revisions;  /* guint per problem: its revision in the plan, 1-based */
  GPtrArray   *problem_details;    /* char* per problem: without its revision ("Step 3: …") */
  guint        precheck_revision;  /* the last run's failed pre-check (1-based), or 0 */
  guint        precheck_operation;
  JsonObject  *journal;            /* the unfinished run's journal, when resuming */
  LimLock     *held_lock;          /* another run's, when the last run was refused */

  /* Run records: where, for which tenant, by which front end; the
   * current (or last) run's record. */
  char         *runs_dir;
  LimTenant    *record_tenant;
  char         *front_end;
  char         *override_reason;
  GStrv         gates_waiting;   /* the closed gates of the last prepare */
  GPtrArray    *gate_missing;
  LimRunRecord *record;

  /* Progress */
  guint    revision_index;
  guint    n_revisions;
  guint    operation_index;
  guint    n_operations;
  char    *revision;
  char    *message;
  double   fraction;
  gboolean running;

  /* A confirmation being asked. */
  GTask *confirm_task;
};

/* The tenant read again (a lim_remote_fetch_async() result): FALSE with
 * @error when the read failed, else the read replaces the runner's model. */
gboolean _lim_runner_take_refreshed (LimRunner    *self,
                                     GObject      *source,
                                     GAsyncResult *result,
                                     GError      **error);
/* The journal's own errors, in the runner's domain; others as they are. */
GError  *_lim_runner_journal_error  (GError       *error);
/* A fresh run record for the run about to start, when records are kept;
 * its end, with @error NULL for success. */
void     _lim_runner_record_begin   (LimRunner    *self,
                                     const char   *command,
                                     const char   *descriptor,
                                     const char   *from,
                                     const char   *to);
void     _lim_runner_record_end     (LimRunner    *self,
                                     const GError *error,
                                     const char   *marker);

G_END_DECLS
