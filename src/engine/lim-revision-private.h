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

/* 64-bit FNV-1a: the revision cache's check against a damaged file. */
guint64      _lim_fnv1a                   (const guint8 *data,
                                           gsize         len);

/* FALSE while the operations of a cached revision are not parsed yet. */
gboolean     _lim_revision_has_operations (const LimRevision *self);

G_END_DECLS
