/* lim-revision-view.h — the review of one revision: its details, its
 * upgrade and downgrade operations grouped by subject, and its source.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lim-snapshot.h"
#include "lim-project.h"
#include "lim-revision.h"

G_BEGIN_DECLS

#define LIM_TYPE_REVISION_VIEW (lim_revision_view_get_type ())

G_DECLARE_FINAL_TYPE (LimRevisionView, lim_revision_view, LIM, REVISION_VIEW, GtkWidget)

GtkWidget     *lim_revision_view_new             (void);
LimRevision   *lim_revision_view_get_revision    (LimRevisionView *self);
/* @project (nullable) is used to show the file relative to the project. */
void           lim_revision_view_set_revision    (LimRevisionView *self,
                                                  LimRevision     *revision,
                                                  LimProject      *project);
/* "review" or "source". */
const char    *lim_revision_view_get_page        (LimRevisionView *self);
void           lim_revision_view_set_page        (LimRevisionView *self,
                                                  const char      *page);
GtkTextBuffer *lim_revision_view_get_source_buffer (LimRevisionView *self);
/* Shows "Upgrade to Here" / "Downgrade to Here" (win.upgrade-to and
 * win.downgrade-to with the revision's id). */
/* The tenant as last read: details then show "before → after" for the
 * updates of the next revision's upgrade and the current one's downgrade.
 * Takes effect at the next lim_revision_view_set_revision(). */
void           lim_revision_view_set_snapshot (LimRevisionView *self,
                                               LimSnapshot        *snapshot);
void           lim_revision_view_set_run_directions (LimRevisionView *self,
                                                     gboolean         upgrade,
                                                     gboolean         downgrade);
GtkWidget     *lim_revision_view_get_run_button  (LimRevisionView *self,
                                                  LimDirection     direction);

G_END_DECLS
