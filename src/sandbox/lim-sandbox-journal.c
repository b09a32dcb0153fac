/* lim-sandbox-journal.c — the tenant on disk: snapshot + journal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What changed since the last commit is found by comparing the tenant
 * with a baseline taken at the last commit: every selector's snapshot
 * form (selectors change in place), and for every tag schema its address,
 * its modifiedAt and whether its rendering was dropped (a schema is
 * replaced by ls_mutate_commit_schema() or, when archived, gets a new
 * modifiedAt and loses its cached rendering).  The registry, the units
 * and the result schemas are compared as one text; they never change
 * through the API, and when they do the commit compacts.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "lim-sandbox-journal.h"

#define JOURNAL_FORMAT "liminal-sandbox-journal/1"
#define MIN_LIMIT      (1u << 20)

typedef struct
{
  gconstpointer schema;
  char         *id;
  char         *modified_at;
  gboolean      rendered;
} SchemaMark;

/* Test hooks: LIMINAL_SANDBOX_CRASH=POINT:N kills the process with
 * SIGKILL at the Nth time it reaches POINT, as kill -9 would. */
typedef enum
{
  CRASH_NONE,
  CRASH_COMPACT_BEFORE_RENAME,  /* new snapshot synced, not renamed */
  CRASH_COMPACT_AFTER_RENAME,   /* new snapshot in place, old journal still there */
  CRASH_APPEND_TORN,            /* half a journal line written */
} CrashPoint;

struct _LsJournal
{
  char    *path;
  char    *journal_path;
  char    *dir;
  int      fd;                   /* the journal, -1 when not open */
  gsize    journal_bytes;        /* 0: no journal of this snapshot yet */
  gsize    snapshot_bytes;
  char    *snapshot_sum;
  gsize    limit;
  gboolean must_compact;         /* no baseline, or the journal is not ours to append to */
  /* baseline */
  guint64        counter;
  guint64        field_counter;
  GPtrArray     *selectors;      /* char*, snapshot form, by index */
  GArray        *schemas;        /* SchemaMark, by index */
  char          *other;          /* registry, units, result schemas */
  LsJournalStats stats;
  CrashPoint     crash_point;
  guint          crash_countdown;
};

static void
schema_mark_clear (SchemaMark *m)
{
  g_free (m->id);
  g_free (m->modified_at);
}

LsJournal *
ls_journal_new (const char *path)
{
  LsJournal *j = g_new0 (LsJournal, 1);
  const char *crash = g_getenv ("LIMINAL_SANDBOX_CRASH");

  j->path = g_strdup (path);
  j->journal_path = g_strconcat (path, ".journal", NULL);
  j->dir = g_path_get_dirname (path);
  j->fd = -1;
  j->must_compact = TRUE;
  j->selectors = g_ptr_array_new_with_free_func (g_free);
  j->schemas = g_array_new (FALSE, TRUE, sizeof (SchemaMark));
  g_array_set_clear_func (j->schemas, (GDestroyNotify) schema_mark_clear);
  if (crash)
    {
      static const char *const points[] = { NULL, "compact-before-rename", "compact-after-rename", "append-torn" };
      const char *colon = strchr (crash, ':');
      gsize n = colon ? (gsize) (colon - crash) : strlen (crash);

      for (guint i = 1; i < G_N_ELEMENTS (points); i++)
        if (strlen (points[i]) == n && strncmp (crash, points[i], n) == 0)
          j->crash_point = (CrashPoint) i;
      j->crash_countdown = colon ? (guint) g_ascii_strtoull (colon + 1, NULL, 10) : 1;
    }
  return j;
}

void
ls_journal_free (LsJournal *j)
{
  if (j == NULL)
    return;
  if (j->fd >= 0)
    close (j->fd);
  g_free (j->path);
  g_free (j->journal_path);
  g_free (j->dir);
  g_free (j->snapshot_sum);
  g_ptr_array_unref (j->selectors);
  g_array_unref (j->schemas);
  g_free (j->other);
  g_free (j);
}

void
ls_journal_set_limit (LsJournal *j,
                      gsize      bytes)
{
  j->limit = bytes;
}

LsJournalStats
ls_journal_get_stats (LsJournal *j)
{
  return j->stats;
}

static void
maybe_crash (LsJournal *j,
             CrashPoint point)
{
  if (j->crash_point == point && j->crash_countdown > 0 && --j->crash_countdown == 0)
    kill (getpid (), SIGKILL);
}

/* ------------------------------------------------------------------ */
/* I/O                                                                 */

static gboolean
io_fail (GError    **error,
         const char *what,
         const char *path,
         int         errsv)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
               "Cannot %s %s: %s", what, path, g_strerror (errsv));
  return FALSE;
}

static gboolean
write_all (LsJournal  *j,
           int         fd,
           const char *data,
           gsize       len,
           const char *path,
           GError    **error)
{
  gsize off = 0;

  while (off < len)
    {
      gssize n = write (fd, data + off, len - off);
      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return io_fail (error, "write", path, errno);
        }
      off += (gsize) n;
      j->stats.bytes += (guint64) n;
    }
  return TRUE;
}

static gboolean
sync_fd (LsJournal  *j,
         int         fd,
         gboolean    data_only,
         const char *path,
         GError    **error)
{
  j->stats.fsyncs++;
  if ((data_only ? fdatasync (fd) : fsync (fd)) != 0)
    return io_fail (error, "sync", path, errno);
  return TRUE;
}

/* Makes the directory entries of the state file durable (best effort, as
 * some file systems refuse to sync a directory). */
static void
sync_dir (LsJournal *j)
{
  int fd = g_open (j->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd >= 0)
    {
      j->stats.fsyncs++;
      (void) fsync (fd);
      close (fd);
    }
}

static char *
sum_of (const char *data,
        gsize       len)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
}

/* ------------------------------------------------------------------ */
/* Baseline                                                            */

static char *
selector_text (LsDropdown *d)
{
  GString *s = g_string_new (NULL);

  ls_write_selector_record (s, d);
  return g_string_free (s, FALSE);
}

/* The records of @f that a snapshot keeps (not the summaries of linked
 * schemas, which change with them). */
static void
write_field_record (GString *s,
                    LsField *f)
{
  lsj_open (s, '[');
  lsj_sep (s);
  g_string_append_printf (s, "%" G_GINT64_FORMAT ",%d,%d", f->num_id, f->decimal_precision,
                          (f->is_multi ? 1 : 0) | (f->is_required ? 2 : 0) | (f->is_parent_link ? 4 : 0));
  lsj_str (s, f->api_id);
  lsj_str (s, f->name);
  lsj_str (s, f->system_name);
  lsj_str (s, f->field_type);
  lsj_str (s, f->folder_item_type);
  lsj_str (s, f->link_schema_id);
  lsj_str (s, f->selector_id);
  lsj_str (s, f->tooltip);
  lsj_str (s, f->unit_id);
  lsj_str (s, f->archive_purpose);
  lsj_close (s, ']');
}

/* Everything of @st that the journal does not carry: the registry, the
 * unit dictionary and the result schemas. */
static char *
other_text (LsState *st)
{
  GString *s = g_string_new (NULL);

  lsj_open (s, '[');
  lsj_str (s, st->registry_id);
  lsj_str (s, st->registry_name);
  for (guint i = 0; i < st->unit_types->len; i++)
    ls_write_unit_type (s, g_ptr_array_index (st->unit_types, i));
  for (guint i = 0; i < st->result_schemas->len; i++)
    {
      LsResultSchema *r = g_ptr_array_index (st->result_schemas, i);

      lsj_open (s, '[');
      lsj_str (s, r->id);
      lsj_str (s, r->name);
      lsj_str (s, r->system_name);
      lsj_str (s, r->archive_purpose);
      for (guint j = 0; j < r->fields->len; j++)
        write_field_record (s, g_ptr_array_index (r->fields, j));
      lsj_close (s, ']');
    }
  lsj_close (s, ']');
  return g_string_free (s, FALSE);
}

static void
mark_schema (SchemaMark *m,
             LsSchema   *t)
{
  schema_mark_clear (m);
  m->schema = t;
  m->id = g_strdup (t->id);
  m->modified_at = g_strdup (t->modified_at);
  m->rendered = t->json_cache != NULL;
}

static void
take_baseline (LsJournal *j,
               LsState   *st)
{
  j->counter = st->counter;
  j->field_counter = st->field_counter;
  g_ptr_array_set_size (j->selectors, 0);
  for (guint i = 0; i < st->dropdowns->len; i++)
    g_ptr_array_add (j->selectors, selector_text (g_ptr_array_index (st->dropdowns, i)));
  g_array_set_size (j->schemas, 0);
  g_array_set_size (j->schemas, st->schemas->len);
  for (guint i = 0; i < st->schemas->len; i++)
    mark_schema (&g_array_index (j->schemas, SchemaMark, i), g_ptr_array_index (st->schemas, i));
  g_free (j->other);
  j->other = other_text (st);
}

static gboolean
schema_changed (SchemaMark *m,
                LsSchema   *t)
{
  return m->schema != (gconstpointer) t || g_strcmp0 (m->id, t->id) != 0 ||
         g_strcmp0 (m->modified_at, t->modified_at) != 0 || (m->rendered && t->json_cache == NULL);
}

/* ------------------------------------------------------------------ */
/* Compaction                                                          */

gboolean
ls_journal_compact (LsJournal *j,
                    LsState   *st,
                    GError   **error)
{
  g_autoptr(GString) s = ls_state_to_json (st);
  g_autofree char *tmp = g_strdup_printf ("%s.tmp-%d", j->path, (int) getpid ());
  g_autofree char *sum = sum_of (s->str, s->len);
  int fd;

  if (g_strcmp0 (sum, j->snapshot_sum) == 0)
    {
      /* The snapshot on disk is this tenant already (a reset to a seed,
       * changes undone): the journal goes, durably, since its header
       * would still match. */
      if (j->fd >= 0)
        close (j->fd);
      j->fd = -1;
      if (g_unlink (j->journal_path) != 0 && errno != ENOENT)
        return io_fail (error, "remove", j->journal_path, errno);
      sync_dir (j);
      j->journal_bytes = 0;
      j->must_compact = FALSE;
      take_baseline (j, st);
      return TRUE;
    }
  fd = g_open (tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    return io_fail (error, "create", tmp, errno);
  if (!write_all (j, fd, s->str, s->len, tmp, error) || !sync_fd (j, fd, FALSE, tmp, error))
    {
      close (fd);
      g_unlink (tmp);
      return FALSE;
    }
  if (close (fd) != 0)
    {
      g_unlink (tmp);
      return io_fail (error, "close", tmp, errno);
    }
  maybe_crash (j, CRASH_COMPACT_BEFORE_RENAME);
  if (g_rename (tmp, j->path) != 0)
    {
      int errsv = errno;
      g_unlink (tmp);
      return io_fail (error, "rename", tmp, errsv);
    }
  sync_dir (j);
  maybe_crash (j, CRASH_COMPACT_AFTER_RENAME);
  j->stats.compactions++;

  /* The old journal names the old snapshot: a crash before this unlink
   * leaves a journal that the next load ignores. */
  if (j->fd >= 0)
    close (j->fd);
  j->fd = -1;
  if (g_unlink (j->journal_path) != 0 && errno != ENOENT)
    g_warning ("Cannot remove %s: %s", j->journal_path, g_strerror (errno));
  j->journal_bytes = 0;
  j->snapshot_bytes = s->len;
  g_free (j->snapshot_sum);
  j->snapshot_sum = g_steal_pointer (&sum);
  j->must_compact = FALSE;
  take_baseline (j, st);
  return TRUE;
}

gboolean
ls_journal_fold (LsJournal *j,
                 LsState   *st,
                 GError   **error)
{
  if (j->journal_bytes == 0 && !j->must_compact)
    return TRUE;
  return ls_journal_compact (j, st, error);
}

/* ------------------------------------------------------------------ */
/* Commit                                                              */

static gboolean
append_line (LsJournal *j,
             GString   *line,
             GError   **error)
{
  gboolean created = FALSE;

  if (j->fd < 0 && j->journal_bytes > 0)
    {
      /* the journal found at load: go on after its last good line */
      j->fd = g_open (j->journal_path, O_WRONLY | O_APPEND | O_CLOEXEC, 0);
      if (j->fd < 0)
        return io_fail (error, "open", j->journal_path, errno);
      if (ftruncate (j->fd, (off_t) j->journal_bytes) != 0)
        return io_fail (error, "truncate", j->journal_path, errno);
    }
  else if (j->fd < 0 || j->journal_bytes == 0)
    {
      g_autofree char *header = g_strdup_printf ("{\"format\":\"%s\",\"snapshot\":\"%s\"}\n",
                                                 JOURNAL_FORMAT, j->snapshot_sum);

      if (j->fd >= 0)
        close (j->fd);
      j->fd = g_open (j->journal_path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
      if (j->fd < 0)
        return io_fail (error, "create", j->journal_path, errno);
      g_string_prepend (line, header);
      created = TRUE;
    }
  if (j->crash_point == CRASH_APPEND_TORN && j->crash_countdown == 1)
    {
      /* the test hook: half the line reaches the disk, then kill -9 */
      (void) write_all (j, j->fd, line->str, line->len / 2, j->journal_path, NULL);
      (void) fdatasync (j->fd);
    }
  maybe_crash (j, CRASH_APPEND_TORN);
  if (!write_all (j, j->fd, line->str, line->len, j->journal_path, error) ||
      !sync_fd (j, j->fd, TRUE, j->journal_path, error))
    {
      /* what reached the file must not prefix the next line */
      if (created || ftruncate (j->fd, (off_t) j->journal_bytes) != 0)
        j->must_compact = TRUE;
      return FALSE;
    }
  if (created)
    sync_dir (j);
  j->journal_bytes += line->len;
  j->stats.appends++;
  return TRUE;
}

/* Whether the snapshot form @text is the one of a record with id @id. */
static gboolean
text_has_id (const char *text,
             const char *id)
{
  gsize n = strlen (id);

  return g_str_has_prefix (text, "{\"id\":\"") && strncmp (text + 7, id, n) == 0 && text[7 + n] == '"';
}

gboolean
ls_journal_commit (LsJournal *j,
                   LsState   *st,
                   GError   **error)
{
  g_autoptr(GString) line = NULL;
  g_autoptr(GPtrArray) texts = NULL;  /* char*: the changed selectors */
  g_autoptr(GArray) selectors = NULL; /* guint: their indexes */
  g_autoptr(GArray) schemas = NULL;   /* guint: the changed schemas */
  g_autofree char *other = NULL;
  gsize limit;

  if (j->must_compact || st->dropdowns->len < j->selectors->len || st->schemas->len < j->schemas->len)
    return ls_journal_compact (j, st, error);
  other = other_text (st);
  if (g_strcmp0 (other, j->other) != 0)
    return ls_journal_compact (j, st, error);

  texts = g_ptr_array_new_with_free_func (g_free);
  selectors = g_array_new (FALSE, FALSE, sizeof (guint));
  schemas = g_array_new (FALSE, FALSE, sizeof (guint));
  line = g_string_new (NULL);
  g_string_append_printf (line, "{\"counter\":%" G_GUINT64_FORMAT ",\"fieldCounter\":%" G_GUINT64_FORMAT,
                          st->counter, st->field_counter);
  g_string_append (line, ",\"selectors\":[");
  for (guint i = 0; i < st->dropdowns->len; i++)
    {
      LsDropdown *d = g_ptr_array_index (st->dropdowns, i);
      g_autofree char *text = selector_text (d);

      if (i < j->selectors->len && strcmp (text, g_ptr_array_index (j->selectors, i)) == 0)
        continue;
      if (i < j->selectors->len && !text_has_id (g_ptr_array_index (j->selectors, i), d->id))
        return ls_journal_compact (j, st, error); /* removed or reordered */
      if (texts->len)
        g_string_append_c (line, ',');
      g_string_append (line, text);
      g_ptr_array_add (texts, g_steal_pointer (&text));
      g_array_append_val (selectors, i);
    }
  g_string_append (line, "],\"tagSchemas\":[");
  for (guint i = 0; i < st->schemas->len; i++)
    {
      LsSchema *t = g_ptr_array_index (st->schemas, i);

      if (i < j->schemas->len && !schema_changed (&g_array_index (j->schemas, SchemaMark, i), t))
        continue;
      if (i < j->schemas->len && g_strcmp0 (g_array_index (j->schemas, SchemaMark, i).id, t->id) != 0)
        return ls_journal_compact (j, st, error); /* removed or reordered */
      ls_write_tag_schema (st, line, t);
      g_array_append_val (schemas, i);
    }
  g_string_append (line, "],\"schemaModifiedAt\":{");
  for (guint k = 0; k < schemas->len; k++)
    {
      LsSchema *t = g_ptr_array_index (st->schemas, g_array_index (schemas, guint, k));
      lsj_kstr (line, t->id, t->modified_at);
    }
  g_string_append (line, "}}\n");

  if (texts->len == 0 && schemas->len == 0 && st->counter == j->counter && st->field_counter == j->field_counter)
    return TRUE;
  limit = j->limit ? j->limit : MAX (MIN_LIMIT, j->snapshot_bytes);
  if (j->journal_bytes + line->len > limit)
    return ls_journal_compact (j, st, error);
  if (!append_line (j, line, error))
    return FALSE;

  /* the baseline follows the journal */
  j->counter = st->counter;
  j->field_counter = st->field_counter;
  for (guint k = 0; k < selectors->len; k++)
    {
      guint i = g_array_index (selectors, guint, k);
      char *text = g_steal_pointer (&texts->pdata[k]);

      if (i < j->selectors->len)
        {
          g_free (j->selectors->pdata[i]);
          j->selectors->pdata[i] = text;
        }
      else
        g_ptr_array_add (j->selectors, text);
    }
  if (j->schemas->len < st->schemas->len)
    g_array_set_size (j->schemas, st->schemas->len);
  for (guint k = 0; k < schemas->len; k++)
    {
      guint i = g_array_index (schemas, guint, k);
      mark_schema (&g_array_index (j->schemas, SchemaMark, i), g_ptr_array_index (st->schemas, i));
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Load                                                                */

/* Replays the journal @data on @st; *@entries counts the entries applied
 * and *@good is the length of the journal up to the last of them (0 when
 * the journal does not follow the snapshot). */
static gboolean
replay (LsJournal  *j,
        LsState    *st,
        const char *data,
        gsize       len,
        guint      *entries,
        gsize      *good,
        GError    **error)
{
  const char *end = data + len;
  const char *nl = memchr (data, '\n', len);
  g_autofree char *want = g_strdup_printf ("{\"format\":\"%s\",\"snapshot\":\"%s\"}", JOURNAL_FORMAT,
                                           j->snapshot_sum);
  guint lineno = 1;

  /* no header (torn at creation), or the journal of an older snapshot
   * (a crash during compaction): nothing of it applies */
  *good = 0;
  if (nl == NULL || (gsize) (nl - data) != strlen (want) || memcmp (data, want, strlen (want)) != 0)
    return TRUE;
  *good = (gsize) (nl + 1 - data);
  for (const char *p = nl + 1; p < end; p = nl + 1)
    {
      g_autoptr(GError) local = NULL;

      lineno++;
      nl = memchr (p, '\n', (gsize) (end - p));
      if (nl == NULL)
        {
          g_message ("%s: dropping the torn last line %u", j->journal_path, lineno);
          break;
        }
      if (!ls_state_apply_json (st, p, (gsize) (nl - p), &local))
        {
          if (nl + 1 == end)
            {
              g_message ("%s: dropping the torn last line %u (%s)", j->journal_path, lineno, local->message);
              break;
            }
          g_set_error (error, LIM_SANDBOX_ERROR, LIM_SANDBOX_ERROR_FAILED, "%s: line %u: %s",
                       j->journal_path, lineno, local->message);
          return FALSE;
        }
      (*entries)++;
      *good = (gsize) (nl + 1 - data);
    }
  return TRUE;
}

LsState *
ls_journal_load (LsJournal *j,
                 guint     *entries,
                 GError   **error)
{
  g_autofree char *data = NULL;
  g_autofree char *log = NULL;
  g_autoptr(LsState) st = NULL;
  g_autoptr(GError) local = NULL;
  gsize len = 0, log_len = 0, good = 0;

  *entries = 0;
  if (!g_file_get_contents (j->path, &data, &len, error))
    return NULL;
  st = ls_state_load_json (data, len, error);
  if (st == NULL)
    return NULL;
  j->snapshot_bytes = len;
  g_free (j->snapshot_sum);
  j->snapshot_sum = sum_of (data, len);
  g_clear_pointer (&data, g_free);

  if (g_file_get_contents (j->journal_path, &log, &log_len, &local))
    {
      if (!replay (j, st, log, log_len, entries, &good, error))
        return NULL;
    }
  else if (!g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  take_baseline (j, st);
  /* the next entry goes after the last good one (a torn tail is cut off
   * then), or starts a new journal */
  j->journal_bytes = good;
  j->must_compact = FALSE;
  return g_steal_pointer (&st);
}
