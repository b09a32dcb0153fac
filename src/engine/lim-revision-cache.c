/* lim-revision-cache.c — parsed revision files kept between runs (format in
 * the header).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "lim-revision-cache.h"
#include "lim-revision-private.h"

#define MAGIC      "LIMREVC"
#define FORMAT     3u
#define BYTE_ORDER_MARK 0x01020304u
#define NULL_STR   0xFFFFFFFFu
#define RACY_SECONDS 2

typedef struct
{
  gsize    start;    /* the entry's length field, in data (in out when added) */
  gsize    end;      /* just after the entry */
  gsize    key;      /* the size field, after the name */
  gboolean used;     /* looked up with a matching key this run */
  gboolean added;    /* in out, added this run */
} Entry;

struct _LimRevisionCache
{
  char       *path;
  char       *versions_dir;
  GBytes     *data;
  GHashTable *entries; /* name (in data) → Entry* (owned) */
  GByteArray *out;     /* entries added this run */
  GPtrArray  *added;   /* Entry* (owned) in out */
  GPtrArray  *order;   /* the next file's entries in order: hits and added ones */
  gboolean    dirty;
  guint       n_hits;
};

/* ---------------------------------------------------------------- reading */

typedef struct
{
  const guint8 *data;
  gsize         len;
  gsize         pos;
  gboolean      ok;
} Reader;

static gboolean
read_bytes (Reader *r,
            void   *out,
            gsize   n)
{
  if (!r->ok || r->len - r->pos < n)
    return r->ok = FALSE;
  memcpy (out, r->data + r->pos, n);
  r->pos += n;
  return TRUE;
}

static guint32
read_u32 (Reader *r)
{
  guint32 v = 0;

  read_bytes (r, &v, sizeof v);
  return v;
}

static guint64
read_u64 (Reader *r)
{
  guint64 v = 0;

  read_bytes (r, &v, sizeof v);
  return v;
}

/* A string in the data (NUL-terminated there), or NULL for an absent one
 * when @optional; sets r->ok = FALSE on anything malformed.  @len_out gets
 * its length. */
static const char *
read_str (Reader  *r,
          gboolean optional,
          gsize   *len_out)
{
  guint32 len = read_u32 (r);
  const char *s;

  if (!r->ok)
    return NULL;
  if (len == NULL_STR)
    {
      if (!optional)
        r->ok = FALSE;
      return NULL;
    }
  if (r->len - r->pos < (gsize) len + 1 || r->data[r->pos + len] != '\0')
    {
      r->ok = FALSE;
      return NULL;
    }
  s = (const char *) r->data + r->pos;
  r->pos += (gsize) len + 1;
  if (len_out)
    *len_out = len;
  return s;
}

/* Text that goes into a revision's strings: valid UTF-8 without NULs. */
static const char *
read_text (Reader  *r,
           gboolean optional)
{
  gsize len = 0;
  const char *s = read_str (r, optional, &len);

  if (s != NULL && (strlen (s) != len || !g_utf8_validate (s, len, NULL)))
    r->ok = FALSE;
  return r->ok ? s : NULL;
}

static void
clear_entries (LimRevisionCache *self)
{
  g_ptr_array_set_size (self->order, 0);
  g_ptr_array_set_size (self->added, 0);
  g_byte_array_set_size (self->out, 0);
  self->n_hits = 0;
  g_hash_table_remove_all (self->entries);
  g_clear_pointer (&self->data, g_bytes_unref);
}

gboolean
lim_revision_cache_load_bytes (LimRevisionCache *self,
                               GBytes           *data)
{
  Reader r = { .ok = TRUE };
  char magic[8];
  const char *version, *folder;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  clear_entries (self);
  self->dirty = TRUE;
  r.data = g_bytes_get_data (data, &r.len);

  if (!read_bytes (&r, magic, sizeof magic) || memcmp (magic, MAGIC, sizeof magic) != 0 ||
      read_u32 (&r) != FORMAT || read_u32 (&r) != BYTE_ORDER_MARK)
    return FALSE;
  version = read_str (&r, FALSE, NULL);
  folder = read_str (&r, FALSE, NULL);
  if (!r.ok || strcmp (version, PACKAGE_VERSION) != 0 || strcmp (folder, self->versions_dir) != 0)
    return FALSE;

  self->data = g_bytes_ref (data);
  while (r.ok && r.pos < r.len)
    {
      Entry *e = g_new0 (Entry, 1);
      guint32 length;
      const char *name;

      e->start = r.pos;
      length = read_u32 (&r);
      if (!r.ok || r.len - r.pos < length)
        {
          g_free (e);
          break;
        }
      e->end = r.pos + length;
      name = read_str (&r, FALSE, NULL);
      if (!r.ok || r.pos > e->end || g_hash_table_contains (self->entries, name))
        {
          g_free (e);
          r.ok = FALSE;
          break;
        }
      e->key = r.pos;
      g_hash_table_insert (self->entries, (gpointer) name, e);
      r.pos = e->end;
    }
  if (!r.ok)
    {
      /* Damaged: ignore all of it (the entries read so far may be wrong too). */
      clear_entries (self);
      return FALSE;
    }
  self->dirty = FALSE;
  return TRUE;
}

static char *
cache_file_for (const char *versions_dir)
{
  g_autofree char *canonical = g_canonicalize_filename (versions_dir, NULL);
  g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, canonical, -1);
  g_autofree char *base = g_strdup_printf ("%.32s.cache", sum);

  return g_build_filename (g_get_user_cache_dir (), "liminal-desktop", "revisions", base, NULL);
}

LimRevisionCache *
lim_revision_cache_open_file (const char *cache_file,
                              const char *versions_dir)
{
  LimRevisionCache *self;
  g_autoptr(GMappedFile) map = NULL;

  g_return_val_if_fail (cache_file != NULL, NULL);
  g_return_val_if_fail (versions_dir != NULL, NULL);

  self = g_new0 (LimRevisionCache, 1);
  self->path = g_strdup (cache_file);
  self->versions_dir = g_strdup (versions_dir);
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  self->out = g_byte_array_new ();
  self->added = g_ptr_array_new_with_free_func (g_free);
  self->order = g_ptr_array_new ();
  self->dirty = TRUE;

  /* Mapped: the texts are read only for the revisions whose operations are
   * asked for.  The file is only ever replaced by a rename, never rewritten
   * in place, so the mapping stays valid. */
  map = g_mapped_file_new (cache_file, FALSE, NULL);
  if (map != NULL)
    {
      g_autoptr(GBytes) bytes = g_mapped_file_get_bytes (map);

      if (!lim_revision_cache_load_bytes (self, bytes))
        g_debug ("%s: not a usable revision cache; it will be rewritten", cache_file);
    }
  return self;
}

LimRevisionCache *
lim_revision_cache_open (const char *versions_dir)
{
  const char *off = g_getenv ("LIMINAL_NO_CACHE");
  g_autofree char *file = NULL;

  if (off != NULL && *off != '\0' && strcmp (off, "0") != 0)
    return NULL;
  file = cache_file_for (versions_dir);
  return lim_revision_cache_open_file (file, versions_dir);
}

LimRevision *
lim_revision_cache_lookup (LimRevisionCache *self,
                           const char       *name,
                           const char       *path,
                           const GStatBuf   *st)
{
  Entry *e;
  Reader r = { .ok = TRUE };
  const char *id, *down, *description, *date, *text;
  guint32 line, n_up, n_down, n_warn;
  gsize text_len = 0, meta_end;
  guint64 meta_hash, text_hash;
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GBytes) text_bytes = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  e = g_hash_table_lookup (self->entries, name);
  if (e == NULL || e->used)
    return NULL;

  r.data = g_bytes_get_data (self->data, NULL);
  r.len = e->end;
  r.pos = e->key;
  if (st != NULL && (read_u64 (&r) != (guint64) st->st_size || (gint64) read_u64 (&r) != (gint64) st->st_mtim.tv_sec ||
                     read_u32 (&r) != (guint32) st->st_mtim.tv_nsec ||
                     (gint64) read_u64 (&r) != (gint64) st->st_ctim.tv_sec ||
                     read_u32 (&r) != (guint32) st->st_ctim.tv_nsec || read_u64 (&r) != (guint64) st->st_ino ||
                     read_u64 (&r) != (guint64) st->st_dev || !r.ok))
    return NULL;
  if (st == NULL)
    {
      guint8 key[8 + 8 + 4 + 8 + 4 + 8 + 8];

      if (!read_bytes (&r, key, sizeof key))
        return NULL;
    }

  id = read_text (&r, FALSE);
  down = read_text (&r, TRUE);
  description = read_text (&r, FALSE);
  date = read_text (&r, TRUE);
  line = read_u32 (&r);
  n_up = read_u32 (&r);
  n_down = read_u32 (&r);
  n_warn = read_u32 (&r);
  if (!r.ok || !lim_revision_id_is_valid (id) || (down != NULL && !lim_revision_id_is_valid (down)) ||
      n_warn > r.len - r.pos)
    return NULL;
  warnings = g_ptr_array_new_full (n_warn, g_free);
  for (guint32 i = 0; i < n_warn && r.ok; i++)
    {
      const char *w = read_text (&r, FALSE);

      if (w != NULL)
        g_ptr_array_add (warnings, g_strdup (w));
    }
  meta_end = r.pos;
  meta_hash = read_u64 (&r);
  text_hash = read_u64 (&r);
  text = read_str (&r, FALSE, &text_len);
  if (!r.ok || r.pos != e->end ||
      meta_hash != _lim_fnv1a (r.data + e->start + sizeof (guint32), meta_end - e->start - sizeof (guint32)))
    return NULL;

  e->used = TRUE;
  self->n_hits++;
  /* Where the entry goes in the next file, copied only if one is written. */
  g_ptr_array_add (self->order, e);
  text_bytes = g_bytes_new_from_bytes (self->data, text - (const char *) r.data, text_len);
  return _lim_revision_new_cached (id, down, description, date, path, line, n_up, n_down,
                                   g_steal_pointer (&warnings), text_bytes, text_hash);
}

/* ---------------------------------------------------------------- writing */

static void
put_u32 (GByteArray *out,
         guint32     v)
{
  g_byte_array_append (out, (const guint8 *) &v, sizeof v);
}

static void
put_u64 (GByteArray *out,
         guint64     v)
{
  g_byte_array_append (out, (const guint8 *) &v, sizeof v);
}

static void
put_str_len (GByteArray *out,
             const char *s,
             gsize       len)
{
  if (s == NULL)
    {
      put_u32 (out, NULL_STR);
      return;
    }
  put_u32 (out, (guint32) len);
  g_byte_array_append (out, (const guint8 *) s, len);
  g_byte_array_append (out, (const guint8 *) "", 1);
}

static void
put_str (GByteArray *out,
         const char *s)
{
  put_str_len (out, s, s != NULL ? strlen (s) : 0);
}

void
lim_revision_cache_add (LimRevisionCache  *self,
                        const char        *name,
                        const GStatBuf    *st,
                        const LimRevision *revision,
                        const char        *text,
                        gsize              len)
{
  GByteArray *out;
  gsize start;
  GPtrArray *warnings;
  guint32 length;

  g_return_if_fail (self != NULL);
  g_return_if_fail (revision != NULL);

  /* A file too big for the format is not cached; nor is one changed in the
   * last RACY_SECONDS: a change within the file system's timestamp
   * granularity could leave its key as it is (Git's "racily clean" entries).
   * Any later change gives it a newer change time. */
  if (len >= G_MAXUINT32 / 2 ||
      st->st_mtim.tv_sec > g_get_real_time () / G_USEC_PER_SEC - RACY_SECONDS)
    return;
  out = self->out;
  start = out->len;
  put_u32 (out, 0);
  put_str (out, name);
  put_u64 (out, (guint64) st->st_size);
  put_u64 (out, (guint64) (gint64) st->st_mtim.tv_sec);
  put_u32 (out, (guint32) st->st_mtim.tv_nsec);
  put_u64 (out, (guint64) (gint64) st->st_ctim.tv_sec);
  put_u32 (out, (guint32) st->st_ctim.tv_nsec);
  put_u64 (out, (guint64) st->st_ino);
  put_u64 (out, (guint64) st->st_dev);
  put_str (out, lim_revision_get_id (revision));
  put_str (out, lim_revision_get_down_revision (revision));
  put_str (out, lim_revision_get_description (revision));
  put_str (out, lim_revision_get_create_date (revision));
  put_u32 (out, lim_revision_get_line (revision));
  put_u32 (out, lim_revision_get_n_upgrade (revision));
  put_u32 (out, lim_revision_get_n_downgrade (revision));
  warnings = lim_revision_get_warnings (revision);
  put_u32 (out, warnings->len);
  for (guint i = 0; i < warnings->len; i++)
    put_str (out, g_ptr_array_index (warnings, i));
  put_u64 (out, _lim_fnv1a (out->data + start + sizeof (guint32), out->len - start - sizeof (guint32)));
  put_u64 (out, _lim_fnv1a ((const guint8 *) text, len));
  put_str_len (out, text, len);
  length = (guint32) (out->len - start - sizeof (guint32));
  memcpy (out->data + start, &length, sizeof length);
  self->dirty = TRUE;
  {
    Entry *added = g_new0 (Entry, 1);

    added->added = TRUE;
    added->start = start;
    added->end = out->len;
    g_ptr_array_add (self->added, added);
    g_ptr_array_add (self->order, added);
  }
}

gboolean
lim_revision_cache_save (LimRevisionCache *self,
                         GError          **error)
{
  g_autoptr(GByteArray) file = NULL;
  g_autofree char *dir = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!self->dirty && self->n_hits == g_hash_table_size (self->entries))
    return TRUE;

  file = g_byte_array_sized_new (self->out->len + 256);
  g_byte_array_append (file, (const guint8 *) MAGIC, sizeof MAGIC);
  put_u32 (file, FORMAT);
  put_u32 (file, BYTE_ORDER_MARK);
  put_str (file, PACKAGE_VERSION);
  put_str (file, self->versions_dir);
  for (guint i = 0; i < self->order->len; i++)
    {
      Entry *e = g_ptr_array_index (self->order, i);
      const guint8 *from = e->added ? self->out->data : g_bytes_get_data (self->data, NULL);

      g_byte_array_append (file, from + e->start, e->end - e->start);
    }

  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno), "%s: %s", dir,
                   g_strerror (saved_errno));
      return FALSE;
    }
  return g_file_set_contents_full (self->path, (const char *) file->data, file->len, G_FILE_SET_CONTENTS_CONSISTENT,
                                   0600, error);
}

GPtrArray *
lim_revision_cache_get_names (LimRevisionCache *self)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer name;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    g_ptr_array_add (names, g_strdup (name));
  return names;
}

guint
lim_revision_cache_get_n_hits (LimRevisionCache *self)
{
  return self->n_hits;
}

const char *
lim_revision_cache_get_path (LimRevisionCache *self)
{
  return self->path;
}

void
lim_revision_cache_free (LimRevisionCache *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->entries);
  g_clear_pointer (&self->data, g_bytes_unref);
  g_byte_array_unref (self->out);
  g_ptr_array_unref (self->order);
  g_ptr_array_unref (self->added);
  g_free (self->versions_dir);
  g_free (self->path);
  g_free (self);
}
