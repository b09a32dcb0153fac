/* lim-revision-cache.h — parsed revision files kept between runs.
 *
 * One file per versions folder under the user cache folder
 * (g_get_user_cache_dir()/liminal-desktop/revisions/), holding for each
 * revision file that parsed: its name, size, modification and change times
 * (to the nanosecond), inode and device — the key — then what parsing gave (id,
 * down_revision, description, create date, the line of `revision =`, the
 * warnings, the operation counts) and the file's text, from which the
 * operations are parsed when a command asks for them.  A file whose key
 * differs is parsed again, so a file with an error is never served from the
 * cache and its message is the parser's; a file changed in the last two
 * seconds is not cached (a second change within the file system's clock
 * tick could keep its key).  A cache file that is damaged,
 * truncated, of another format or another version of Liminal Desktop, or
 * for another spelling of the folder, is ignored and rewritten (atomically:
 * a temporary file renamed over it).  LIMINAL_NO_CACHE=1 turns it off.
 *
 * Format (native byte order, checked by the header):
 *   "LIMREVC\0", u32 format, u32 0x01020304, str PACKAGE_VERSION, str folder,
 *   then entries to the end: u32 length of the rest of the entry, str name,
 *   u64 size, i64 mtime seconds, u32 mtime nanoseconds, i64 ctime seconds,
 *   u32 ctime nanoseconds, u64 inode, u64 device, str id, ostr down_revision, str description, ostr create date,
 *   u32 line, u32 upgrade count, u32 downgrade count, u32 warning count, str
 *   warning × count, u64 FNV-1a of the entry so far (after its length,
 *   checked when it is looked up), u64 FNV-1a of the text (checked when the
 *   operations are parsed from it), str text.
 *   str = u32 length, the bytes, a NUL; ostr = str, or u32 0xFFFFFFFF for
 *   NULL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>

#include "lim-revision.h"

G_BEGIN_DECLS

typedef struct _LimRevisionCache LimRevisionCache;

/* The cache of @versions_dir (read now if there is one), or NULL when
 * LIMINAL_NO_CACHE is set to anything but "" or "0". */
LimRevisionCache *lim_revision_cache_open       (const char *versions_dir);

/* The same over an explicit cache file (tests, the fuzzer). */
LimRevisionCache *lim_revision_cache_open_file  (const char *cache_file,
                                                 const char *versions_dir);

/* Read @data as this cache's contents (replacing them).  FALSE, and no
 * entries, when it is not a cache file for this folder and version. */
gboolean          lim_revision_cache_load_bytes (LimRevisionCache *self,
                                                 GBytes           *data);

/* The revision of file @name (its full path @path, stat @st) when the cache
 * has it with the same key, else NULL.  Each name is served once per run.
 * @st NULL skips the key (the fuzzer and tests only). */
LimRevision      *lim_revision_cache_lookup     (LimRevisionCache *self,
                                                 const char       *name,
                                                 const char       *path,
                                                 const GStatBuf   *st);

/* Record @revision, parsed from @text, for the next run. */
void              lim_revision_cache_add        (LimRevisionCache  *self,
                                                 const char        *name,
                                                 const GStatBuf    *st,
                                                 const LimRevision *revision,
                                                 const char        *text,
                                                 gsize              len);

/* Write the cache file when this run found anything new or gone; it then
 * holds exactly the files looked up or added since it was opened. */
gboolean          lim_revision_cache_save       (LimRevisionCache *self,
                                                 GError          **error);

/* The names the cache file holds (element-type filename, new). */
GPtrArray        *lim_revision_cache_get_names  (LimRevisionCache *self);
guint             lim_revision_cache_get_n_hits (LimRevisionCache *self);
const char       *lim_revision_cache_get_path   (LimRevisionCache *self);
void              lim_revision_cache_free       (LimRevisionCache *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimRevisionCache, lim_revision_cache_free)

G_END_DECLS
