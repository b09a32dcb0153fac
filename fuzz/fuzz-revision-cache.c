/* fuzz-revision-cache.c — libFuzzer target for the revision cache reader.
 *
 * The input is a cache file's entries (a valid header is put in front
 * unless the input has one of its own).  Reading must never crash; every
 * entry served must give a revision whose strings are valid UTF-8 and
 * whose operations, when its text's checksum holds, are as many as the
 * entry says (else the file is read, which here never exists).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "lim-revision-cache.h"
#include "lim-revision.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define FOLDER "versions"

static void
put_str (GByteArray *out,
         const char *s)
{
  guint32 len = strlen (s);

  g_byte_array_append (out, (const guint8 *) &len, sizeof len);
  g_byte_array_append (out, (const guint8 *) s, len + 1);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  /* Criticals (a revision whose file is gone) are expected here. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GByteArray) file = g_byte_array_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(LimRevisionCache) cache = lim_revision_cache_open_file ("/nonexistent/fuzz.cache", FOLDER);
  g_autoptr(GPtrArray) names = NULL;

  if (size < 7 || memcmp (data, "LIMREVC", 7) != 0)
    {
      guint32 format = 3, bom = 0x01020304;

      g_byte_array_append (file, (const guint8 *) "LIMREVC", 8);
      g_byte_array_append (file, (const guint8 *) &format, sizeof format);
      g_byte_array_append (file, (const guint8 *) &bom, sizeof bom);
      put_str (file, PACKAGE_VERSION);
      put_str (file, FOLDER);
    }
  g_byte_array_append (file, data, size);
  bytes = g_bytes_new (file->data, file->len);
  lim_revision_cache_load_bytes (cache, bytes);
  names = lim_revision_cache_get_names (cache);
  for (guint i = 0; i < names->len; i++)
    {
      g_autoptr(LimRevision) r = lim_revision_cache_lookup (cache, g_ptr_array_index (names, i),
                                                            "/nonexistent/x.py", NULL);
      if (r == NULL)
        continue;
      if (!g_utf8_validate (lim_revision_get_description (r), -1, NULL) ||
          !lim_revision_id_is_valid (lim_revision_get_id (r)))
        abort ();
      (void) lim_revision_get_upgrade (r);
      (void) lim_revision_get_downgrade (r);
    }
  return 0;
}
