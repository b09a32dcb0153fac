/* lim-timeline.h — the linear revision history and descriptor resolution.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lim-revision.h"

G_BEGIN_DECLS

#define LIM_TIMELINE_ERROR (lim_timeline_error_quark ())
GQuark lim_timeline_error_quark (void);

typedef enum {
  LIM_TIMELINE_ERROR_EMPTY,            /* no revisions: "Latest revision not found…" */
  LIM_TIMELINE_ERROR_DUPLICATE,        /* duplicate ids */
  LIM_TIMELINE_ERROR_NO_BASE,
  LIM_TIMELINE_ERROR_MULTIPLE_BASES,
  LIM_TIMELINE_ERROR_BROKEN_LINK,      /* orphan / dangling down_revision: "No revisions found that include X …" */
  LIM_TIMELINE_ERROR_BRANCH,
  LIM_TIMELINE_ERROR_LOOP,
  LIM_TIMELINE_ERROR_DESCRIPTOR,       /* a bad upgrade/downgrade descriptor */
  LIM_TIMELINE_ERROR_UNKNOWN_REVISION, /* an id that is not in the timeline */
  LIM_TIMELINE_ERROR_NOT_A_FILE,       /* a versions/ entry named *.py that is no readable regular file */
} LimTimelineError;

typedef struct _LimTimeline LimTimeline;

/* Validate and build the chain in Liminal's order of checks (§2.6).
 * @revisions: element-type LimRevision*; the timeline takes its own refs.
 * Messages keep Liminal's texts and add the file(s) and line involved. */
LimTimeline *lim_timeline_new         (GPtrArray   *revisions,
                                       GError     **error);

/* Load every regular `*.py` file directly in @versions_dir (subdirectories
 * and `__init__.py` ignored), in name order, then lim_timeline_new().
 * Stops at the first file that does not parse; see also
 * lim_timeline_check_dir() for the all-problems report. */
LimTimeline *lim_timeline_load_dir    (const char  *versions_dir,
                                       GError     **error);

/* The same for commands that need no operation (`history`): without the
 * revision cache (LIMINAL_NO_CACHE), each file's header is read without
 * parsing its operations when it has the usual layout (see
 * lim-revision-scan.c), else the file is parsed whole.  Ids, parents,
 * descriptions, create dates, lines, warnings and operation counts are
 * those lim_timeline_load_dir() gives, and the chain is checked the same
 * way; but a file whose operations are wrong loads (as Python Liminal's
 * `history`, which runs no function, lists it), and asking for its
 * operations raises a critical: never give such a timeline to code that
 * reads operations.  With the cache, files it does not have are parsed
 * whole to be cached, and one whose operations are wrong loads the same
 * way (and is not cached). */
LimTimeline *lim_timeline_load_dir_headers (const char  *versions_dir,
                                            GError     **error);

/* `check`: parse every file and validate the chain; every problem is added
 * to @problems (char*, "FILE:LINE:COLUMN: message" or a timeline message).
 * Returns TRUE when there is none. */
gboolean     lim_timeline_check_dir   (const char  *versions_dir,
                                       GPtrArray   *problems);
/* The same, and when there is no problem the timeline too (so `check`
 * reads the history once). */
gboolean     lim_timeline_check_dir_full (const char   *versions_dir,
                                          GPtrArray    *problems,
                                          LimTimeline **timeline);

LimTimeline *lim_timeline_ref         (LimTimeline *self);
void         lim_timeline_unref       (LimTimeline *self);

guint        lim_timeline_get_n_revisions (LimTimeline *self);
/* 0 = base … n-1 = head. */
LimRevision *lim_timeline_get_nth     (LimTimeline *self, guint position);
LimRevision *lim_timeline_get_head    (LimTimeline *self);
LimRevision *lim_timeline_get_base    (LimTimeline *self);
/* Exact id; NULL if unknown. */
LimRevision *lim_timeline_lookup      (LimTimeline *self, const char *id);
/* Position from the base, or -1. */
int          lim_timeline_position    (LimTimeline *self, const char *id);
/* @id as people read it: its shortest prefix of 7 or more characters that
 * no other revision of the timeline shares (the whole id when shorter). */
char        *lim_timeline_short_id    (LimTimeline *self, const char *id);

/* Exact id, or an unambiguous prefix of 4 or more characters; "head" and
 * "base" are accepted too.  Errors: unknown, ambiguous (lists candidates). */
LimRevision *lim_timeline_find        (LimTimeline *self,
                                       const char  *id_or_prefix,
                                       GError     **error);

typedef enum {
  LIM_DIRECTION_UP,
  LIM_DIRECTION_DOWN,
} LimDirection;

/* Resolve an upgrade (`head`, `+n`, id) or downgrade (`-n`, id) descriptor
 * from @current exactly as Liminal does (§1.3), with Liminal's error texts,
 * plus: unambiguous id prefixes of 4+ characters; and for upgrade `head`
 * when @current already is head, returns the head and sets *@up_to_date
 * instead of failing (Liminal errors; we do not).  Returns the target. */
LimRevision *lim_timeline_resolve     (LimTimeline  *self,
                                       LimDirection  direction,
                                       const char   *current,
                                       const char   *descriptor,
                                       gboolean     *up_to_date,
                                       GError      **error);

/* The revisions whose operations run to go from @from to @to, in run order:
 * upgrade: the revisions after @from up to and including @to;
 * downgrade: @from down to but excluding @to.  element-type LimRevision*
 * (new container, borrowed refs are added).  Error if the direction is wrong
 * ("T is not a valid up revision from F.") or the distance is 0. */
GPtrArray   *lim_timeline_path        (LimTimeline  *self,
                                       const char   *from,
                                       const char   *to,
                                       LimDirection *direction,
                                       GError      **error);

/* Signed distance: position(to) - position(from). Both ids must exist. */
int          lim_timeline_distance    (LimTimeline *self,
                                       const char  *from,
                                       const char  *to);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimTimeline, lim_timeline_unref)

G_END_DECLS
