/* lim-revision-private.h — what the revision cache needs of a revision.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lim-revision.h"

G_BEGIN_DECLS

/* A revision whose operations are parsed from @text (the file's text, as it
 * was when it parsed) when first asked for, if its _lim_fnv1a() is still
 * @text_hash (else from the file).  Takes @warnings (element-type utf8,
 * freed); refs @text. */
LimRevision *_lim_revision_new_cached     (const char *id,
                                           const char *down_revision,
                                           const char *description,
                                           const char *create_date,
                                           const char *file,
                                           guint       line,
                                           guint       n_upgrade,
                                           guint       n_downgrade,
                                           GPtrArray  *warnings,
                                           GBytes     *text,
                                           guint64     text_hash);

/* A revision read by _lim_revision_scan(): its operations are parsed from
 * @text (reffed) or, when it is NULL, from @file when first asked for, and
 * a critical is raised if they do not parse.  The description and create date come from
 * _lim_revision_set_docstring(). */
LimRevision *_lim_revision_new_scanned    (const char *id,
                                           const char *down_revision,
                                           const char *file,
                                           guint       line,
                                           guint       n_upgrade,
                                           guint       n_downgrade,
                                           GBytes     *text);

/* The description (first line of the cleaned docstring unless it is the
 * "Revision ID:" header) and the first "Create Date:" of @docstring, as
 * lim_revision_parse() takes them from the module docstring. */
void         _lim_revision_set_docstring  (LimRevision *self,
                                           const char  *docstring);

/* The header of a revision file (id, down_revision, docstring, the line of
 * `revision =`, the operation counts) read from its @len bytes of @text
 * without parsing the operations, for commands that print no operation
 * (`history`).  It reads only the layout revision files have
 * (lim-revision-scan.c lists it); whenever it is unsure — anything else,
 * or what lim_revision_parse() would reject or warn about in the header —
 * it returns NULL, and the caller parses the file whole.  The operations
 * are not checked; if they are asked for, they are parsed from @keep (the
 * same text, reffed) or, when @keep is NULL, from the file @file. */
LimRevision *_lim_revision_scan           (const char *text,
                                           gsize       len,
                                           const char *file,
                                           GBytes     *keep);

/* 64-bit FNV-1a: the revision cache's check against a damaged file. */
guint64      _lim_fnv1a                   (const guint8 *data,
                                           gsize         len);

/* FALSE while the operations of a cached revision are not parsed yet. */
gboolean     _lim_revision_has_operations (const LimRevision *self);

G_END_DECLS
