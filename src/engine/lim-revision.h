/* lim-revision.h — one Liminal revision file: id, parent, description and
 * the typed upgrade()/downgrade() operation lists.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LIM_REVISION_ERROR (lim_revision_error_quark ())
GQuark lim_revision_error_quark (void);

typedef enum {
  LIM_REVISION_ERROR_INVALID,    /* a file that is not a valid revision file */
  LIM_REVISION_ERROR_IO,
} LimRevisionError;

typedef struct _LimRevision LimRevision;

/* A revision with no operations (timeline tests, `init`). Strings are copied;
 * @down_revision and @file may be NULL. */
LimRevision *lim_revision_new         (const char  *id,
                                       const char  *down_revision,
                                       const char  *description,
                                       const char  *file);

/* Parse a revision file's text.  @file is used for messages and kept as the
 * revision's file.  Errors name FILE:LINE:COLUMN. */
LimRevision *lim_revision_parse       (const char  *text,
                                       gssize       len,
                                       const char  *file,
                                       GError     **error);
LimRevision *lim_revision_load        (const char  *path,
                                       GError     **error);

LimRevision *lim_revision_ref         (LimRevision *self);
void         lim_revision_unref       (LimRevision *self);

const char  *lim_revision_get_id            (const LimRevision *self);
const char  *lim_revision_get_down_revision (const LimRevision *self); /* NULL for the base */
const char  *lim_revision_get_description   (const LimRevision *self); /* "" when none */
const char  *lim_revision_get_create_date   (const LimRevision *self); /* NULL when absent */
const char  *lim_revision_get_file          (const LimRevision *self); /* NULL when not from a file */
guint        lim_revision_get_line          (const LimRevision *self); /* line of `revision =`, 0 if none */

/* element-type LimOperation*, never NULL.  A revision served by the
 * revision cache parses its operations the first time they are asked for. */
GPtrArray   *lim_revision_get_upgrade       (const LimRevision *self);
/* How many operations, without parsing them. */
guint        lim_revision_get_n_upgrade     (const LimRevision *self);
guint        lim_revision_get_n_downgrade   (const LimRevision *self);
/* Parsing warnings, "FILE:LINE: message" (element-type utf8), never NULL:
 * module-level statements Python Liminal would execute. */
GPtrArray   *lim_revision_get_warnings      (const LimRevision *self);
GPtrArray   *lim_revision_get_downgrade     (const LimRevision *self);

void         lim_revision_set_create_date   (LimRevision *self, const char *date);

/* Canonical Liminal layout (§2.2); deterministic given the create date. */
char        *lim_revision_to_python         (const LimRevision *self);

/* The 1-based line of the first comment of @original (a revision file's
 * text) that @rewritten (its lim_revision_to_python()) does not keep, or 0
 * when every comment survives (or @original does not parse). */
guint        lim_revision_find_lost_comment (const char *original,
                                             gssize      len,
                                             const char *rewritten);

/* `<id>_<snake_case(description)>.py` */
char        *lim_revision_file_name         (const LimRevision *self);

/* 12 lowercase hex characters from a random UUID. */
char        *lim_revision_new_id            (void);

/* Liminal's to_snake_case (§2.1), quirks included. */
char        *lim_snake_case                 (const char *text);

gboolean     lim_revision_id_is_valid       (const char *id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimRevision, lim_revision_unref)

G_END_DECLS
