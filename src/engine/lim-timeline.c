/* lim-timeline.c — the linear revision history and descriptor resolution.
 *
 * A port of liminal/migrate/revisions_timeline.py (RevisionsTimeline) and of
 * the descriptor handling in liminal/cli/controller.py
 * (upgrade_benchling_tenant, downgrade_benchling_tenant).
 *
 * Every message keeps Liminal's text.  Where we know more than Liminal says
 * (which files, which lines), the context is appended after Liminal's text,
 * so a message still starts exactly like the original.
 *
 * Validation is O(n): an id table, a down_revision → child table, one
 * walk; the error paths add a few O(n) scans at most.  The resulting chain
 * is stored base first, so navigation is arithmetic on positions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lim-timeline.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lim-revision-cache.h"
#include "lim-revision-private.h"

/* An id prefix must be at least this long to stand for a full id. */
#define MIN_PREFIX_LEN 4

/* Lists of files in messages are cut after this many entries. */
#define MAX_LISTED 10

struct _LimTimeline
{
  gatomicrefcount ref_count;
  GPtrArray      *chain; /* element-type LimRevision*, owned; 0 = base … n-1 = head */
  GHashTable     *by_id; /* id (owned by its revision) → GUINT_TO_POINTER (position + 1) */
};

G_DEFINE_QUARK (lim-timeline-error-quark, lim_timeline_error)

/* ---------------------------------------------------------------------- */
/* Message helpers                                                         */
/* ---------------------------------------------------------------------- */

/* Python's repr() of a str, as it appears in Liminal's set/list messages. */
static void
append_py_repr (GString    *out,
                const char *s)
{
  char quote = '\'';

  if (s == NULL)
    {
      g_string_append (out, "None");
      return;
    }

  if (strchr (s, '\'') != NULL && strchr (s, '"') == NULL)
    quote = '"';

  g_string_append_c (out, quote);
  for (const char *p = s; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '\\' || c == (guchar) quote)
        g_string_append_printf (out, "\\%c", c);
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "\\x%02x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, quote);
}

/* Where a revision comes from: "FILE:LINE", "FILE", or its id in quotes
 * when it was not read from a file. */
static void
append_location (GString           *out,
                 const LimRevision *revision)
{
  const char *file = lim_revision_get_file (revision);
  guint line = lim_revision_get_line (revision);

  if (file == NULL)
    {
      g_string_append (out, "revision ");
      append_py_repr (out, lim_revision_get_id (revision));
    }
  else if (line > 0)
    g_string_append_printf (out, "%s:%u", file, line);
  else
    g_string_append (out, file);
}

/* "LOC, LOC, LOC and N more" */
static void
append_locations (GString   *out,
                  GPtrArray *revisions)
{
  for (guint i = 0; i < revisions->len; i++)
    {
      if (i == MAX_LISTED)
        {
          g_string_append_printf (out, " and %u more", revisions->len - MAX_LISTED);
          break;
        }
      if (i > 0)
        g_string_append (out, ", ");
      append_location (out, g_ptr_array_index (revisions, i));
    }
}

/* "['a', 'b']", Python's repr of a list of ids. */
static void
append_id_list (GString   *out,
                GPtrArray *revisions)
{
  g_string_append_c (out, '[');
  for (guint i = 0; i < revisions->len; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      append_py_repr (out, lim_revision_get_id (g_ptr_array_index (revisions, i)));
    }
  g_string_append_c (out, ']');
}

/* ---------------------------------------------------------------------- */
/* Validation (validate_revisions)                                         */
/* ---------------------------------------------------------------------- */

/* Sets @error, or appends the message to @problems when collecting. */
G_GNUC_PRINTF (4, 5)
static void
report (GPtrArray  *problems,
        GError    **error,
        gint        code,
        const char *format,
        ...)
{
  va_list args;
  char *message;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (problems != NULL)
    g_ptr_array_add (problems, message);
  else
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, LIM_TIMELINE_ERROR, code, message);
      g_free (message);
    }
}

/* The revisions in @revisions whose @get() equals @id, in input order. */
static GPtrArray *
revisions_with (GPtrArray *revisions,
                const char *(*get)(const LimRevision *),
                const char *id)
{
  GPtrArray *found = g_ptr_array_new ();

  for (guint i = 0; i < revisions->len; i++)
    {
      LimRevision *r = g_ptr_array_index (revisions, i);

      if (g_strcmp0 (get (r), id) == 0)
        g_ptr_array_add (found, r);
    }
  return found;
}

static gboolean
check_duplicates (GPtrArray *revisions,
                  GPtrArray *problems,
                  GError   **error)
{
  g_autoptr(GHashTable) count = g_hash_table_new (g_str_hash, g_str_equal);  /* id → n */
  g_autoptr(GPtrArray) dup_ids = g_ptr_array_new ();  /* const char* */
  g_autoptr(GString) msg = NULL;

  for (guint i = 0; i < revisions->len; i++)
    {
      const char *id = lim_revision_get_id (g_ptr_array_index (revisions, i));
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (count, id));

      if (n == 1)
        g_ptr_array_add (dup_ids, (gpointer) id);
      g_hash_table_insert (count, (gpointer) id, GUINT_TO_POINTER (n + 1));
    }

  if (dup_ids->len == 0)
    return TRUE;

  /* Liminal prints a Python set, whose order is arbitrary; ours is the
   * order in which the ids are first seen a second time. */
  msg = g_string_new ("Revision ids are not unique. Please ensure all revision ids are unique. "
                      "Found duplicate revision ids: {");
  for (guint i = 0; i < dup_ids->len; i++)
    {
      if (i > 0)
        g_string_append (msg, ", ");
      append_py_repr (msg, g_ptr_array_index (dup_ids, i));
    }
  g_string_append (msg, "} (");

  /* Error path only: one scan per duplicated id (listed ids are few). */
  for (guint i = 0; i < dup_ids->len && i < MAX_LISTED; i++)
    {
      const char *id = g_ptr_array_index (dup_ids, i);
      g_autoptr(GPtrArray) holders = revisions_with (revisions, lim_revision_get_id, id);

      if (i > 0)
        g_string_append (msg, "; ");
      if (dup_ids->len > 1)
        {
          append_py_repr (msg, id);
          g_string_append (msg, ": ");
        }
      append_locations (msg, holders);
    }
  if (dup_ids->len > MAX_LISTED)
    g_string_append_printf (msg, "; and %u more ids", dup_ids->len - MAX_LISTED);
  g_string_append_c (msg, ')');

  report (problems, error, LIM_TIMELINE_ERROR_DUPLICATE, "%s", msg->str);
  return FALSE;
}

/* Explains the revisions a walk from the base did not reach (with
 * @list_unreached, lists them first): which files name a down_revision no
 * revision has, and which revisions form loops.  @by_id maps every id to
 * its revision; @reached holds the walked ids (empty when there is no
 * base). */
static void
append_unreached (GString    *msg,
                  GPtrArray  *revisions,
                  GHashTable *by_id,
                  GHashTable *reached,
                  gboolean    list_unreached)
{
  g_autoptr(GPtrArray) unreached = g_ptr_array_new ();
  g_autoptr(GPtrArray) dangling = g_ptr_array_new ();
  /* id → 1 while on the current walk, 2 when done */
  g_autoptr(GHashTable) state = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();
  guint n_loops = 0;

  for (guint i = 0; i < revisions->len; i++)
    {
      LimRevision *r = g_ptr_array_index (revisions, i);
      const char *down = lim_revision_get_down_revision (r);

      if (g_hash_table_contains (reached, lim_revision_get_id (r)))
        continue;
      g_ptr_array_add (unreached, r);
      if (down != NULL && !g_hash_table_contains (by_id, down))
        g_ptr_array_add (dangling, r);
    }

  if (list_unreached)
    {
      g_string_append (msg, " Not reached from the base revision: ");
      append_locations (msg, unreached);
      g_string_append_c (msg, '.');
    }

  for (guint i = 0; i < dangling->len; i++)
    {
      LimRevision *r = g_ptr_array_index (dangling, i);

      if (i == MAX_LISTED)
        {
          g_string_append_printf (msg, " (%u more files name a missing down_revision.)",
                                  dangling->len - MAX_LISTED);
          break;
        }
      g_string_append_c (msg, ' ');
      append_location (msg, r);
      g_string_append (msg, " has down_revision = ");
      append_py_repr (msg, lim_revision_get_down_revision (r));
      g_string_append (msg, ", which is not the id of any revision.");
    }

  /* Every unreached revision's down_revision is missing or unreached (the
   * only reached revision without a child is where the walk stopped), so
   * following down links from an unreached revision ends at a missing id or
   * runs into a loop.  The down links form a functional graph: find its
   * cycles with the usual three-colour walk, O(n). */
  for (guint i = 0; i < unreached->len; i++)
    {
      LimRevision *r = g_ptr_array_index (unreached, i);

      g_ptr_array_set_size (stack, 0);
      while (r != NULL && !g_hash_table_contains (state, lim_revision_get_id (r)))
        {
          const char *down = lim_revision_get_down_revision (r);

          g_hash_table_insert (state, (gpointer) lim_revision_get_id (r), GUINT_TO_POINTER (1));
          g_ptr_array_add (stack, r);
          r = down != NULL ? g_hash_table_lookup (by_id, down) : NULL;
          if (r != NULL && g_hash_table_contains (reached, lim_revision_get_id (r)))
            r = NULL;
        }

      if (r != NULL
          && GPOINTER_TO_UINT (g_hash_table_lookup (state, lim_revision_get_id (r))) == 1)
        {
          g_autoptr(GPtrArray) loop = g_ptr_array_new ();
          guint start = 0;

          /* Compare ids, not pointers: check_dir() gets here with
           * duplicate ids too. */
          while (start < stack->len
                 && !g_str_equal (lim_revision_get_id (g_ptr_array_index (stack, start)),
                                  lim_revision_get_id (r)))
            start++;
          for (guint j = start; j < stack->len; j++)
            g_ptr_array_add (loop, g_ptr_array_index (stack, j));

          if (loop->len > 0 && n_loops++ < MAX_LISTED)
            {
              g_string_append_c (msg, ' ');
              if (loop->len == 1)
                {
                  append_location (msg, r);
                  g_string_append (msg, " names its own id as its down_revision.");
                }
              else
                {
                  append_locations (msg, loop);
                  g_string_append (msg, " form a loop of down_revision links.");
                }
            }
        }

      for (guint j = 0; j < stack->len; j++)
        g_hash_table_insert (state,
                             (gpointer) lim_revision_get_id (g_ptr_array_index (stack, j)),
                             GUINT_TO_POINTER (2));
    }
}

/* Liminal's validate_revisions(), in its order of checks.  On success
 * returns the chain, base first (borrowed pointers).  With @problems, the
 * messages are collected instead of set in @error, and the duplicate check
 * does not stop the base check. */
static GPtrArray *
validate (GPtrArray *revisions,
          GPtrArray *problems,
          GError   **error)
{
  g_autoptr(GPtrArray) bases = g_ptr_array_new ();
  g_autoptr(GPtrArray) chain = NULL;
  g_autoptr(GHashTable) by_id = NULL;
  g_autoptr(GHashTable) children = NULL;  /* down id → its first child (LimRevision*) */
  g_autoptr(GHashTable) branched = NULL;  /* down ids with more than one child */
  g_autoptr(GHashTable) reached = NULL;
  gboolean unique;
  LimRevision *current;

  /* 1. Liminal returns an empty map here and fails on the first request for
   *    the head; every user of a timeline asks for it, so we fail now. */
  if (revisions->len == 0)
    {
      report (problems, error, LIM_TIMELINE_ERROR_EMPTY,
              "Latest revision not found. There should be one revision where "
              "up_revision_id == None.");
      return NULL;
    }

  /* 2. Duplicate ids. */
  unique = check_duplicates (revisions, problems, error);
  if (!unique && problems == NULL)
    return NULL;

  by_id = g_hash_table_new (g_str_hash, g_str_equal);
  reached = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < revisions->len; i++)
    {
      LimRevision *r = g_ptr_array_index (revisions, i);

      if (!g_hash_table_contains (by_id, lim_revision_get_id (r)))
        g_hash_table_insert (by_id, (gpointer) lim_revision_get_id (r), r);
    }

  /* 3. Exactly one base. */
  for (guint i = 0; i < revisions->len; i++)
    {
      LimRevision *r = g_ptr_array_index (revisions, i);

      if (lim_revision_get_down_revision (r) == NULL)
        g_ptr_array_add (bases, r);
    }

  if (bases->len == 0)
    {
      g_autoptr(GString) msg =
        g_string_new ("No base revision found. There should be one revision where "
                      "down_revision_id == None.");

      append_unreached (msg, revisions, by_id, reached, FALSE);
      report (problems, error, LIM_TIMELINE_ERROR_NO_BASE, "%s", msg->str);
      return NULL;
    }
  if (bases->len > 1)
    {
      g_autoptr(GString) msg =
        g_string_new ("Multiple revisions found with down_revision_id == None. There should be "
                      "only one revision with this condition. Please investigate the revisions: ");

      /* Liminal prints the pydantic repr of each Revision; the ids are what
       * matters in it. */
      append_id_list (msg, bases);
      g_string_append (msg, " (");
      append_locations (msg, bases);
      g_string_append_c (msg, ')');
      report (problems, error, LIM_TIMELINE_ERROR_MULTIPLE_BASES, "%s", msg->str);
      return NULL;
    }

  /* With duplicate ids the walk below is not meaningful. */
  if (!unique)
    return NULL;

  /* 4. Walk up from the base. */
  children = g_hash_table_new (g_str_hash, g_str_equal);
  branched = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < revisions->len; i++)
    {
      LimRevision *r = g_ptr_array_index (revisions, i);
      const char *down = lim_revision_get_down_revision (r);

      if (down == NULL)
        continue;
      if (g_hash_table_contains (children, down))
        g_hash_table_add (branched, (gpointer) down);
      else
        g_hash_table_insert (children, (gpointer) down, r);
    }

  chain = g_ptr_array_sized_new (revisions->len);
  current = g_ptr_array_index (bases, 0);
  g_ptr_array_add (chain, current);
  g_hash_table_add (reached, (gpointer) lim_revision_get_id (current));

  while (chain->len < revisions->len)
    {
      const char *id = lim_revision_get_id (current);
      LimRevision *child = g_hash_table_lookup (children, id);

      if (child == NULL)
        {
          g_autoptr(GString) msg = g_string_new (NULL);

          g_string_printf (msg,
                           "No revisions found that include %s as their down_revision_id. "
                           "Please ensure all revisions have valid links.",
                           id);
          if (lim_revision_get_file (current) != NULL)
            {
              g_string_append_printf (msg, " %s is defined in ", id);
              append_location (msg, current);
              g_string_append_c (msg, '.');
            }
          append_unreached (msg, revisions, by_id, reached, TRUE);
          report (problems, error, LIM_TIMELINE_ERROR_BROKEN_LINK, "%s", msg->str);
          return NULL;
        }
      if (g_hash_table_contains (branched, id))
        {
          g_autoptr(GPtrArray) kids =
            revisions_with (revisions, lim_revision_get_down_revision, id);
          g_autoptr(GString) msg = g_string_new (NULL);

          g_string_printf (msg,
                           "Multiple revisions found that include %s as their down_revision_id. "
                           "Each revision should be the down_revision for only one other "
                           "revision. Please investigate the revisions: ",
                           id);
          append_id_list (msg, kids);
          g_string_append (msg, " (");
          append_locations (msg, kids);
          g_string_append_c (msg, ')');
          report (problems, error, LIM_TIMELINE_ERROR_BRANCH, "%s", msg->str);
          return NULL;
        }

      current = child;
      if (!g_hash_table_add (reached, (gpointer) lim_revision_get_id (current)))
        {
          /* Liminal's check.  With unique ids and one down_revision per
           * revision it cannot trigger (the walk only ever meets revisions
           * whose down_revision is the previous one); loops are reported by
           * the broken-link message above. */
          report (problems, error, LIM_TIMELINE_ERROR_LOOP,
                  "Loop detected in revisions. Detected a cycle in the revisions where %s is "
                  "the down_revision for more than one revision. Please investigate.",
                  lim_revision_get_id (current));
          return NULL;
        }
      g_ptr_array_add (chain, current);
    }

  return g_steal_pointer (&chain);
}

/* ---------------------------------------------------------------------- */
/* Construction                                                            */
/* ---------------------------------------------------------------------- */

LimTimeline *
lim_timeline_new (GPtrArray *revisions,
                  GError   **error)
{
  g_autoptr(GPtrArray) chain = NULL;
  LimTimeline *self;

  g_return_val_if_fail (revisions != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  chain = validate (revisions, NULL, error);
  if (chain == NULL)
    return NULL;

  self = g_new0 (LimTimeline, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->chain = g_ptr_array_new_full (chain->len, (GDestroyNotify) lim_revision_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < chain->len; i++)
    {
      LimRevision *r = g_ptr_array_index (chain, i);

      g_ptr_array_add (self->chain, lim_revision_ref (r));
      g_hash_table_insert (self->by_id, (gpointer) lim_revision_get_id (r),
                           GUINT_TO_POINTER (i + 1));
    }

  return self;
}

LimTimeline *
lim_timeline_ref (LimTimeline *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
lim_timeline_unref (LimTimeline *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_hash_table_unref (self->by_id);
      g_ptr_array_unref (self->chain);
      g_free (self);
    }
}

/* ---------------------------------------------------------------------- */
/* Loading                                                                 */
/* ---------------------------------------------------------------------- */

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The revision files of @versions_dir, full paths, sorted by name.
 *
 * Liminal parses every regular file whose Path.suffix is ".py" in
 * directory-iteration order (which is arbitrary).  We sort by name so that
 * messages are deterministic, and we skip `__init__.py`: Liminal would parse
 * it and fail with "No revision variable found", but a package marker in
 * versions/ is harmless and some editors/tools create one.  Note that
 * Path(".py").suffix is "", so a file named exactly ".py" is not a revision
 * file (".x.py" is).  Symbolic links to regular files count, as with
 * Path.is_file().  Unlike Liminal we keep entries that are not regular files
 * (a dangling link to an unmounted share, a directory named x.py): skipping
 * them would silently drop a revision, so check_revision_file() makes each
 * one an error that names it. */
static GPtrArray *
list_revision_files (const char *versions_dir,
                     GError    **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) paths = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *name;

  if (!g_file_test (versions_dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_FILE_ERROR,
                   g_file_test (versions_dir, G_FILE_TEST_EXISTS) ? G_FILE_ERROR_NOTDIR
                                                                 : G_FILE_ERROR_NOENT,
                   "No %s directory found in working directory. Make sure a versions/ "
                   "directory exists.",
                   versions_dir);
      return NULL;
    }

  dir = g_dir_open (versions_dir, 0, &local_error);
  if (dir == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      size_t len = strlen (name);

      if (len <= 3 || !g_str_has_suffix (name, ".py") || g_str_equal (name, "__init__.py"))
        continue;
      g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_names);

  paths = g_ptr_array_new_full (names->len, g_free);
  for (guint i = 0; i < names->len; i++)
    g_ptr_array_add (paths, g_build_filename (versions_dir, g_ptr_array_index (names, i), NULL));

  return g_steal_pointer (&paths);
}

static const char *
file_name_of (const char *path)
{
  const char *slash = strrchr (path, G_DIR_SEPARATOR);

  return slash != NULL ? slash + 1 : path;
}

static void
set_unreadable_error (GError    **error,
                      const char *path,
                      int         saved_errno)
{
  g_set_error (error, LIM_TIMELINE_ERROR, LIM_TIMELINE_ERROR_NOT_A_FILE,
               "%s: cannot be read (%s)", path, g_strerror (saved_errno));
}

/* Fails, naming @path, unless it is (or links to) a regular file.
 * Checked before opening: a FIFO named x.py would block the read.
 * @dir_fd: the versions folder (or AT_FDCWD), @path's name is looked up in
 * it.  Whether the file can be read is left to its open, which reports
 * EACCES as "cannot be read" (set_unreadable_error()). */
static gboolean
check_revision_file (int         dir_fd,
                     const char *path,
                     GStatBuf   *stp,
                     GError    **error)
{
  GStatBuf st;

  if (fstatat (dir_fd, dir_fd == AT_FDCWD ? path : file_name_of (path), &st, 0) != 0)
    {
      int saved_errno = errno;
      g_autofree char *target = g_file_read_link (path, NULL);

      if (target != NULL)
        g_set_error (error, LIM_TIMELINE_ERROR, LIM_TIMELINE_ERROR_NOT_A_FILE,
                     "%s: a symbolic link to “%s”, which cannot be reached (%s); is a share not mounted?",
                     path, target, g_strerror (saved_errno));
      else
        g_set_error (error, LIM_TIMELINE_ERROR, LIM_TIMELINE_ERROR_NOT_A_FILE,
                     "%s: %s", path, g_strerror (saved_errno));
      return FALSE;
    }
  if (S_ISDIR (st.st_mode))
    {
      g_set_error (error, LIM_TIMELINE_ERROR, LIM_TIMELINE_ERROR_NOT_A_FILE,
                   "%s: a directory, not a revision file; rename or remove it", path);
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, LIM_TIMELINE_ERROR, LIM_TIMELINE_ERROR_NOT_A_FILE,
                   "%s: not a regular file, so not a revision file; rename or remove it", path);
      return FALSE;
    }
  *stp = st;
  return TRUE;
}

/* g_file_get_contents() without its fstat(): check_revision_file() has
 * just given the size.  Same messages.  Reads into *@buf (of *@cap bytes,
 * grown as needed; the caller frees it), NUL-terminated after *@len_out. */
static gboolean
read_revision_file_into (int         dir_fd,
                         const char *path,
                         gsize       size_hint,
                         char      **buf,
                         gsize      *cap,
                         gsize      *len_out,
                         GError    **error)
{
  gsize len = 0;
  int fd = openat (dir_fd, dir_fd == AT_FDCWD ? path : file_name_of (path), O_RDONLY | O_CLOEXEC | O_NOCTTY);

  if (fd < 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (path);

      /* check_revision_file() left the access check to this open. */
      if (saved_errno == EACCES)
        {
          set_unreadable_error (error, path, saved_errno);
          return FALSE;
        }

      g_set_error (error, LIM_REVISION_ERROR, LIM_REVISION_ERROR_IO, "Failed to open file “%s”: %s", display,
                   g_strerror (saved_errno));
      return FALSE;
    }
  if (*cap < size_hint + 2) /* room for the read that sees the end */
    {
      *cap = size_hint + 2;
      *buf = g_realloc (*buf, *cap);
    }
  for (;;)
    {
      gssize n;

      if (len + 1 >= *cap)
        {
          *cap *= 2;
          *buf = g_realloc (*buf, *cap);
        }
      n = read (fd, *buf + len, *cap - 1 - len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;
          g_autofree char *display = g_filename_display_name (path);

          close (fd);
          g_set_error (error, LIM_REVISION_ERROR, LIM_REVISION_ERROR_IO, "Failed to read from file “%s”: %s",
                       display, g_strerror (saved_errno));
          return FALSE;
        }
      if (n == 0)
        break;
      len += n;
    }
  close (fd);
  (*buf)[len] = '\0';
  *len_out = len;
  return TRUE;
}

static char *
read_revision_file (int         dir_fd,
                    const char *path,
                    gsize       size_hint,
                    gsize      *len_out,
                    GError    **error)
{
  g_autofree char *buf = NULL;
  gsize cap = 0;

  if (!read_revision_file_into (dir_fd, path, size_hint, &buf, &cap, len_out, error))
    return NULL;
  return g_steal_pointer (&buf);
}

/* Loading many files: each is stat'ed once (check_revision_file(), in the
 * versions folder's descriptor), served from the cache when it has the
 * file unchanged, else read and parsed (or only its header scanned, for
 * lim_timeline_load_dir_headers() without a cache) — on up to MAX_PARSERS
 * threads when there are PARALLEL_MIN files or more.  Parsing a file
 * touches nothing but its own data (the syntax room has no mutable
 * globals), the cache is looked up and written under a lock, and the
 * threads are joined before the results are looked at, in name order, so
 * messages and the first error reported are those of a serial load. */
#define MAX_PARSERS  8
#define PARALLEL_MIN 32

typedef struct
{
  const char  *path;
  GStatBuf     st;
  LimRevision *revision;
  GError      *error;
} Job;

typedef struct
{
  Job              *jobs;
  guint             n_jobs;
  gint              next; /* atomic: the next job to take */
  LimRevisionCache *cache;
  GMutex            cache_lock;
  gboolean          headers; /* lim_timeline_load_dir_headers() */
  int               dir_fd;  /* the versions folder, or AT_FDCWD */
} Batch;

/* Only the header is needed, and there is no cache to fill (it keeps
 * only files that parsed whole): read into the thread's buffer, scan it,
 * or parse it when unsure.  The revision keeps no text. */
static void
scan_job (Batch *batch,
          Job   *job,
          char **buf,
          gsize *cap)
{
  gsize len = 0;

  if (!read_revision_file_into (batch->dir_fd, job->path, job->st.st_size, buf, cap, &len, &job->error))
    return;
  job->revision = _lim_revision_scan (*buf, len, job->path, NULL);
  if (job->revision == NULL)
    job->revision = lim_revision_parse (*buf, len, job->path, &job->error);
}

static void
parse_job (Batch *batch,
           Job   *job)
{
  g_autofree char *text = NULL;
  gsize len = 0;

  text = read_revision_file (batch->dir_fd, job->path, job->st.st_size, &len, &job->error);
  if (text == NULL)
    return;
  job->revision = lim_revision_parse (text, len, job->path, &job->error);
  if (job->revision != NULL && batch->cache != NULL)
    {
      g_mutex_lock (&batch->cache_lock);
      lim_revision_cache_add (batch->cache, file_name_of (job->path), &job->st, job->revision, text, len);
      g_mutex_unlock (&batch->cache_lock);
    }
  /* Only the header is needed (a header-only load with a cache, which
   * parses files whole so as to cache them): a file whose error is in its
   * operations loads as it does without the cache, and is not cached. */
  if (job->revision == NULL && batch->headers)
    {
      job->revision = _lim_revision_scan (text, len, job->path, NULL);
      if (job->revision != NULL)
        g_clear_error (&job->error);
    }
}

static gpointer
parse_worker (gpointer data)
{
  Batch *batch = data;
  g_autofree char *buf = NULL;
  gsize cap = 0;

  for (;;)
    {
      guint i = (guint) g_atomic_int_add (&batch->next, 1);
      Job *job;

      if (i >= batch->n_jobs)
        break;
      job = &batch->jobs[i];
      /* Access is checked by the open of a file that is read.  One the
       * cache has with the same key is not opened: it was read by this
       * user when it was cached, and a change of its mode or ACL since
       * would have changed its ctime, which is in the key. */
      if (!check_revision_file (batch->dir_fd, job->path, &job->st, &job->error))
        continue;
      if (batch->cache != NULL)
        {
          g_mutex_lock (&batch->cache_lock);
          job->revision = lim_revision_cache_lookup (batch->cache, file_name_of (job->path), job->path, &job->st);
          g_mutex_unlock (&batch->cache_lock);
          if (job->revision != NULL)
            continue;
        }
      if (batch->headers && batch->cache == NULL)
        scan_job (batch, job, &buf, &cap);
      else
        parse_job (batch, job);
    }
  return NULL;
}

/* One Job per path, in order: a revision or an error each. */
static Job *
load_revision_files (const char       *versions_dir,
                     GPtrArray        *paths,
                     LimRevisionCache *cache,
                     gboolean          headers)
{
  Batch batch = { .n_jobs = paths->len, .cache = cache, .headers = headers };
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  guint n_threads = 1;

  /* Names are looked up in the folder: no walk of the whole path each
   * time. */
  batch.dir_fd = open (versions_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (batch.dir_fd < 0)
    batch.dir_fd = AT_FDCWD;
  batch.jobs = g_new0 (Job, MAX (paths->len, 1));
  for (guint i = 0; i < paths->len; i++)
    batch.jobs[i].path = g_ptr_array_index (paths, i);

  if (paths->len >= PARALLEL_MIN)
    n_threads = CLAMP (g_get_num_processors (), 1, MAX_PARSERS);
  g_mutex_init (&batch.cache_lock);
  for (guint t = 1; t < n_threads; t++)
    {
      GThread *thread = g_thread_try_new ("lim-parse", parse_worker, &batch, NULL);

      if (thread == NULL)
        break;
      g_ptr_array_add (threads, thread);
    }
  parse_worker (&batch);
  for (guint t = 0; t < threads->len; t++)
    g_thread_join (g_ptr_array_index (threads, t));
  g_mutex_clear (&batch.cache_lock);
  if (batch.dir_fd != AT_FDCWD)
    close (batch.dir_fd);
  return batch.jobs;
}

static void
jobs_free (Job  *jobs,
           guint n_jobs)
{
  for (guint i = 0; i < n_jobs; i++)
    {
      g_clear_pointer (&jobs[i].revision, lim_revision_unref);
      g_clear_error (&jobs[i].error);
    }
  g_free (jobs);
}

static void
save_cache (LimRevisionCache *cache)
{
  g_autoptr(GError) error = NULL;

  if (cache != NULL && !lim_revision_cache_save (cache, &error))
    g_debug ("revision cache %s not written: %s", lim_revision_cache_get_path (cache), error->message);
}

static LimTimeline *
load_dir (const char *versions_dir,
          gboolean    headers,
          GError    **error)
{
  g_autoptr(GPtrArray) paths = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  g_autoptr(LimRevisionCache) cache = NULL;
  Job *jobs;

  g_return_val_if_fail (versions_dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  paths = list_revision_files (versions_dir, error);
  if (paths == NULL)
    return NULL;

  cache = lim_revision_cache_open (versions_dir);
  jobs = load_revision_files (versions_dir, paths, cache, headers);
  save_cache (cache);
  revisions = g_ptr_array_new_full (paths->len, (GDestroyNotify) lim_revision_unref);
  for (guint i = 0; i < paths->len; i++)
    {
      if (jobs[i].revision == NULL)
        {
          /* The first file that does not load, as a serial load stops at. */
          g_propagate_error (error, g_steal_pointer (&jobs[i].error));
          jobs_free (jobs, paths->len);
          return NULL;
        }
      g_ptr_array_add (revisions, g_steal_pointer (&jobs[i].revision));
    }
  jobs_free (jobs, paths->len);

  return lim_timeline_new (revisions, error);
}

LimTimeline *
lim_timeline_load_dir (const char *versions_dir,
                       GError    **error)
{
  return load_dir (versions_dir, FALSE, error);
}

LimTimeline *
lim_timeline_load_dir_headers (const char *versions_dir,
                               GError    **error)
{
  return load_dir (versions_dir, TRUE, error);
}

gboolean
lim_timeline_check_dir (const char *versions_dir,
                        GPtrArray  *problems)
{
  return lim_timeline_check_dir_full (versions_dir, problems, NULL);
}

gboolean
lim_timeline_check_dir_full (const char   *versions_dir,
                             GPtrArray    *problems,
                             LimTimeline **timeline)
{
  g_autoptr(GPtrArray) paths = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LimRevisionCache) cache = NULL;
  guint n_before;
  Job *jobs;

  g_return_val_if_fail (versions_dir != NULL, FALSE);
  g_return_val_if_fail (problems != NULL, FALSE);
  g_return_val_if_fail (timeline == NULL || *timeline == NULL, FALSE);

  n_before = problems->len;

  paths = list_revision_files (versions_dir, &error);
  if (paths == NULL)
    {
      g_ptr_array_add (problems, g_strdup (error->message));
      return FALSE;
    }

  cache = lim_revision_cache_open (versions_dir);
  jobs = load_revision_files (versions_dir, paths, cache, FALSE);
  save_cache (cache);
  revisions = g_ptr_array_new_full (paths->len, (GDestroyNotify) lim_revision_unref);
  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);

      if (jobs[i].revision != NULL)
        {
          g_ptr_array_add (revisions, g_steal_pointer (&jobs[i].revision));
          continue;
        }
      error = g_steal_pointer (&jobs[i].error);

      /* lim_revision_load() names FILE:LINE:COLUMN; make sure every
       * problem names its file even when an error (I/O) does not. */
      if (g_str_has_prefix (error->message, path))
        g_ptr_array_add (problems, g_strdup (error->message));
      else
        g_ptr_array_add (problems, g_strdup_printf ("%s: %s", path, error->message));
      g_clear_error (&error);
    }
  jobs_free (jobs, paths->len);

  /* When no file parsed because every file failed, "no revisions" is only
   * a consequence of those failures: leave it out. */
  if (revisions->len > 0 || paths->len == 0)
    chain = validate (revisions, problems, NULL);

  if (problems->len != n_before)
    return FALSE;
  /* Every file parsed and the chain is valid: the same timeline
   * lim_timeline_new() would build from these revisions. */
  if (timeline != NULL)
    *timeline = lim_timeline_new (revisions, NULL);
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Navigation                                                              */
/* ---------------------------------------------------------------------- */

guint
lim_timeline_get_n_revisions (LimTimeline *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->chain->len;
}

/* Returns NULL (quietly) when @position is past the head. */
LimRevision *
lim_timeline_get_nth (LimTimeline *self,
                      guint        position)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (position >= self->chain->len)
    return NULL;
  return g_ptr_array_index (self->chain, position);
}

LimRevision *
lim_timeline_get_head (LimTimeline *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_ptr_array_index (self->chain, self->chain->len - 1);
}

LimRevision *
lim_timeline_get_base (LimTimeline *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_ptr_array_index (self->chain, 0);
}

int
lim_timeline_position (LimTimeline *self,
                       const char  *id)
{
  gpointer value;

  g_return_val_if_fail (self != NULL, -1);

  if (id == NULL)
    return -1;
  value = g_hash_table_lookup (self->by_id, id);
  return value != NULL ? (int) GPOINTER_TO_UINT (value) - 1 : -1;
}

LimRevision *
lim_timeline_lookup (LimTimeline *self,
                     const char  *id)
{
  int pos;

  g_return_val_if_fail (self != NULL, NULL);

  pos = lim_timeline_position (self, id);
  return pos >= 0 ? g_ptr_array_index (self->chain, pos) : NULL;
}

#define SHORT_ID_MIN_LEN 7

char *
lim_timeline_short_id (LimTimeline *self,
                       const char  *id)
{
  size_t len;
  size_t need = SHORT_ID_MIN_LEN;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  len = strlen (id);
  for (guint i = 0; i < self->chain->len; i++)
    {
      const char *other = lim_revision_get_id (g_ptr_array_index (self->chain, i));
      size_t common = 0;

      if (g_str_equal (other, id))
        continue;
      while (id[common] != '\0' && id[common] == other[common])
        common++;
      need = MAX (need, common + 1);
    }

  return g_strndup (id, MIN (need, len));
}

/* An exact id, else an unambiguous prefix of MIN_PREFIX_LEN+ characters.
 * Returns NULL with *@n_matches = 0 (unknown or too short) or > 1
 * (ambiguous; then @candidates, if given, receives the matches in timeline
 * order). */
static LimRevision *
match_id (LimTimeline *self,
          const char  *text,
          guint       *n_matches,
          GPtrArray  **candidates)
{
  LimRevision *exact = lim_timeline_lookup (self, text);
  g_autoptr(GPtrArray) found = NULL;

  *n_matches = 0;
  if (exact != NULL)
    {
      *n_matches = 1;
      return exact;
    }
  if (strlen (text) < MIN_PREFIX_LEN)
    return NULL;

  found = g_ptr_array_new ();
  for (guint i = 0; i < self->chain->len; i++)
    {
      LimRevision *r = g_ptr_array_index (self->chain, i);

      if (g_str_has_prefix (lim_revision_get_id (r), text))
        g_ptr_array_add (found, r);
    }

  *n_matches = found->len;
  if (found->len == 1)
    return g_ptr_array_index (found, 0);
  if (found->len > 1 && candidates != NULL)
    *candidates = g_steal_pointer (&found);
  return NULL;
}

static void
set_ambiguous_error (GError    **error,
                     gint        code,
                     const char *text,
                     GPtrArray  *candidates)
{
  g_autoptr(GString) msg = g_string_new (NULL);

  g_string_printf (msg, "Revision id prefix %s is ambiguous. It matches %u revisions: ",
                   text, candidates->len);
  for (guint i = 0; i < candidates->len; i++)
    {
      LimRevision *r = g_ptr_array_index (candidates, i);

      if (i > 0)
        g_string_append (msg, ", ");
      g_string_append_printf (msg, "%s (", lim_revision_get_id (r));
      append_location (msg, r);
      g_string_append_c (msg, ')');
    }
  g_string_append (msg, ". Give more characters of the id.");
  g_set_error_literal (error, LIM_TIMELINE_ERROR, code, msg->str);
}

/* An exact id wins over the words "head" and "base", which win over a
 * prefix.  Errors use Liminal's get_revision() text for an unknown id. */
LimRevision *
lim_timeline_find (LimTimeline *self,
                   const char  *id_or_prefix,
                   GError     **error)
{
  g_autoptr(GPtrArray) candidates = NULL;
  LimRevision *r;
  guint n;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (id_or_prefix != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  r = lim_timeline_lookup (self, id_or_prefix);
  if (r != NULL)
    return r;
  if (g_str_equal (id_or_prefix, "head"))
    return lim_timeline_get_head (self);
  if (g_str_equal (id_or_prefix, "base"))
    return lim_timeline_get_base (self);

  r = match_id (self, id_or_prefix, &n, &candidates);
  if (r != NULL)
    return r;

  if (n > 1)
    set_ambiguous_error (error, LIM_TIMELINE_ERROR_UNKNOWN_REVISION, id_or_prefix, candidates);
  else if (id_or_prefix[0] == '\0')
    g_set_error_literal (error, LIM_TIMELINE_ERROR, LIM_TIMELINE_ERROR_UNKNOWN_REVISION,
                         "No revision id provided.");
  else
    g_set_error (error, LIM_TIMELINE_ERROR, LIM_TIMELINE_ERROR_UNKNOWN_REVISION,
                 "No revision found with id %s.", id_or_prefix);
  return NULL;
}

int
lim_timeline_distance (LimTimeline *self,
                       const char  *from,
                       const char  *to)
{
  int from_pos, to_pos;

  g_return_val_if_fail (self != NULL, 0);

  from_pos = lim_timeline_position (self, from);
  to_pos = lim_timeline_position (self, to);
  g_return_val_if_fail (from_pos >= 0, 0);
  g_return_val_if_fail (to_pos >= 0, 0);

  return to_pos - from_pos;
}

static const char *
direction_name (LimDirection direction)
{
  return direction == LIM_DIRECTION_UP ? "up" : "down";
}

/* get_distance() + the distance-0 check of get_{up,down}grade_operations():
 * the shared tail of every descriptor.  @from_pos/@to_pos are valid. */
static gboolean
check_move (LimTimeline *self,
            int          from_pos,
            int          to_pos,
            LimDirection direction,
            GError     **error)
{
  const char *from = lim_revision_get_id (g_ptr_array_index (self->chain, from_pos));
  const char *to = lim_revision_get_id (g_ptr_array_index (self->chain, to_pos));

  if (direction == LIM_DIRECTION_UP ? to_pos < from_pos : to_pos > from_pos)
    {
      g_set_error (error, LIM_TIMELINE_ERROR, LIM_TIMELINE_ERROR_DESCRIPTOR,
                   "%s is not a valid %s revision from %s.", to, direction_name (direction), from);
      return FALSE;
    }
  if (to_pos == from_pos)
    {
      g_set_error (error, LIM_TIMELINE_ERROR, LIM_TIMELINE_ERROR_DESCRIPTOR,
                   "Distance between %s and %s is 0. No %s operations found.", from, to,
                   direction == LIM_DIRECTION_UP ? "upgrade" : "downgrade");
      return FALSE;
    }
  return TRUE;
}

/* @direction: (inout) (optional): when given, the direction to go, and it
 * is an error if @to lies the other way; when NULL, the direction follows
 * from the positions.  The returned array holds a ref on each revision (its
 * free function drops them), so it may be used as a plain (transfer
 * container) array and outlive the timeline. */
GPtrArray *
lim_timeline_path (LimTimeline  *self,
                   const char   *from,
                   const char   *to,
                   LimDirection *direction,
                   GError      **error)
{
  g_autoptr(GPtrArray) path = NULL;
  LimDirection dir;
  int from_pos, to_pos;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  from_pos = lim_timeline_position (self, from);
  to_pos = lim_timeline_position (self, to);
  if (from_pos < 0 || to_pos < 0)
    {
      g_set_error (error, LIM_TIMELINE_ERROR, LIM_TIMELINE_ERROR_UNKNOWN_REVISION,
                   "No revision found with id %s.", from_pos < 0 ? from : to);
      return NULL;
    }

  if (direction != NULL)
    dir = *direction;
  else
    dir = to_pos >= from_pos ? LIM_DIRECTION_UP : LIM_DIRECTION_DOWN;

  if (!check_move (self, from_pos, to_pos, dir, error))
    return NULL;

  path = g_ptr_array_new_full (ABS (to_pos - from_pos), (GDestroyNotify) lim_revision_unref);
  if (dir == LIM_DIRECTION_UP)
    {
      for (int i = from_pos + 1; i <= to_pos; i++)
        g_ptr_array_add (path, lim_revision_ref (g_ptr_array_index (self->chain, i)));
    }
  else
    {
      for (int i = from_pos; i > to_pos; i--)
        g_ptr_array_add (path, lim_revision_ref (g_ptr_array_index (self->chain, i)));
    }

  return g_steal_pointer (&path);
}

/* ---------------------------------------------------------------------- */
/* Descriptors                                                             */
/* ---------------------------------------------------------------------- */

/* Python str.isspace() for ASCII. */
static gboolean
is_py_space (char c)
{
  return c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\x1c' && c <= '\x1f');
}

/* Python's int(text) for base 10, ASCII only: surrounding whitespace, an
 * optional sign, digits with single underscores between them.  Values past
 * gint64 saturate (Python has big ints; every such value is beyond the head
 * or base anyway). */
static gboolean
parse_py_int (const char *text,
              gint64     *value)
{
  const char *p = text;
  const char *end = text + strlen (text);
  gboolean negative = FALSE;
  guint64 magnitude = 0;
  gboolean overflow = FALSE;
  gboolean last_was_digit = FALSE;

  while (p < end && is_py_space (*p))
    p++;
  while (end > p && is_py_space (end[-1]))
    end--;

  if (p < end && (*p == '+' || *p == '-'))
    negative = *p++ == '-';
  if (p == end)
    return FALSE;

  for (; p < end; p++)
    {
      if (*p == '_')
        {
          if (!last_was_digit)
            return FALSE;
          last_was_digit = FALSE;
          continue;
        }
      if (!g_ascii_isdigit (*p))
        return FALSE;
      if (magnitude > (G_MAXUINT64 - 9) / 10)
        overflow = TRUE;
      else
        magnitude = magnitude * 10 + (guint64) (*p - '0');
      last_was_digit = TRUE;
    }
  if (!last_was_digit)
    return FALSE;

  if (overflow || magnitude > (guint64) G_MAXINT64)
    *value = negative ? G_MININT64 : G_MAXINT64;
  else
    *value = negative ? -(gint64) magnitude : (gint64) magnitude;
  return TRUE;
}

/* A revision id (or, our extension, an unambiguous prefix) as a descriptor.
 * Returns -1 with nothing set when it matches nothing, -2 with @error set
 * when it is ambiguous. */
static int
descriptor_position (LimTimeline *self,
                     const char  *descriptor,
                     GError     **error)
{
  g_autoptr(GPtrArray) candidates = NULL;
  LimRevision *r;
  guint n;

  r = match_id (self, descriptor, &n, &candidates);
  if (r != NULL)
    return lim_timeline_position (self, lim_revision_get_id (r));
  if (n > 1)
    {
      set_ambiguous_error (error, LIM_TIMELINE_ERROR_DESCRIPTOR, descriptor, candidates);
      return -2;
    }
  return -1;
}

static LimRevision *
resolve_upgrade (LimTimeline *self,
                 int          cur,
                 const char  *descriptor,
                 gboolean    *up_to_date,
                 GError     **error)
{
  const char *current = lim_revision_get_id (g_ptr_array_index (self->chain, cur));
  int head = (int) self->chain->len - 1;
  int index = head - cur;  /* Liminal's get_revision_index(): steps up to the head */
  int target;

  if (g_str_equal (descriptor, "head"))
    {
      if (cur == head)
        {
          /* Liminal fails here ("Distance … is 0"); being at the head is not
           * an error for us.  Without @up_to_date we keep Liminal's error. */
          if (up_to_date != NULL)
            {
              *up_to_date = TRUE;
              return g_ptr_array_index (self->chain, head);
            }
          g_set_error (error, LIM_TIMELINE_ERROR, LIM_TIMELINE_ERROR_DESCRIPTOR,
                       "Error with upgrade descriptor %s: Distance between %s and %s is 0. "
                       "No upgrade operations found.",
                       descriptor, current, current);
          return NULL;
        }
      return g_ptr_array_index (self->chain, head);
    }

  if (descriptor[0] == '+')
    {
      gint64 steps;

      if (!parse_py_int (descriptor + 1, &steps) || steps <= 0)
        {
          g_set_error (error, LIM_TIMELINE_ERROR, LIM_TIMELINE_ERROR_DESCRIPTOR,
                       "Error with upgrade descriptor %s. Use '+n' where n is a positive number.",
                       descriptor);
          return NULL;
        }
      if (steps > index)
        {
          g_set_error (error, LIM_TIMELINE_ERROR, LIM_TIMELINE_ERROR_DESCRIPTOR,
                       "Error with upgrade descriptor %s. Attempting to upgrade %s steps from %s "
                       "when there are %d possible upgrade revisions left before reaching the "
                       "latest revision.",
                       descriptor, descriptor, current, index);
          return NULL;
        }
      return g_ptr_array_index (self->chain, cur + (int) steps);
    }

  target = descriptor_position (self, descriptor, error);
  if (target == -2)
    return NULL;
  if (target >= 0)
    {
      if (!check_move (self, cur, target, LIM_DIRECTION_UP, error))
        return NULL;
      return g_ptr_array_index (self->chain, target);
    }

  g_set_error (error, LIM_TIMELINE_ERROR, LIM_TIMELINE_ERROR_DESCRIPTOR,
               "Error with upgrade descriptor %s. Must be 'head', '+n', or a valid revision id.",
               descriptor);
  return NULL;
}

static LimRevision *
resolve_downgrade (LimTimeline *self,
                   int          cur,
                   const char  *descriptor,
                   GError     **error)
{
  const char *current = lim_revision_get_id (g_ptr_array_index (self->chain, cur));
  int n = (int) self->chain->len;
  int index = n - 1 - cur;
  int target;

  if (descriptor[0] == '-')
    {
      gint64 steps;

      if (!parse_py_int (descriptor + 1, &steps) || steps <= 0)
        {
          g_set_error (error, LIM_TIMELINE_ERROR, LIM_TIMELINE_ERROR_DESCRIPTOR,
                       "Error with downgrade descriptor %s. Use '-n' where n is a positive number.",
                       descriptor);
          return NULL;
        }
      if (steps > cur)  /* Liminal: index + steps >= N */
        {
          /* Quirk kept: Liminal prints N - index, one more than the number
           * of steps actually possible (N - 1 - index). */
          g_set_error (error, LIM_TIMELINE_ERROR, LIM_TIMELINE_ERROR_DESCRIPTOR,
                       "Error with downgrade descriptor %s. Attempting to downgrade %s steps from "
                       "%s when there are %d possible downgrade revisions left before reaching "
                       "the earliest revision.",
                       descriptor, descriptor, current, n - index);
          return NULL;
        }
      return g_ptr_array_index (self->chain, cur - (int) steps);
    }

  target = descriptor_position (self, descriptor, error);
  if (target == -2)
    return NULL;
  if (target >= 0)
    {
      if (!check_move (self, cur, target, LIM_DIRECTION_DOWN, error))
        return NULL;
      return g_ptr_array_index (self->chain, target);
    }

  g_set_error (error, LIM_TIMELINE_ERROR, LIM_TIMELINE_ERROR_DESCRIPTOR,
               "Error with downgrade descriptor %s. Must be '-n', or a valid revision id.",
               descriptor);
  return NULL;
}

/* Precedence as in Liminal: upgrade tries "head", then "+n", then an id;
 * downgrade tries "-n", then an id.  An id must be exact or (our
 * extension) an unambiguous prefix of 4+ characters; the "head"/"base"
 * words of lim_timeline_find() are not ids here.  Returns (transfer none).
 * Descriptor problems are LIM_TIMELINE_ERROR_DESCRIPTOR; a @current that is
 * not in the timeline is LIM_TIMELINE_ERROR_UNKNOWN_REVISION. */
LimRevision *
lim_timeline_resolve (LimTimeline *self,
                      LimDirection direction,
                      const char  *current,
                      const char  *descriptor,
                      gboolean    *up_to_date,
                      GError     **error)
{
  int cur;

  if (up_to_date != NULL)
    *up_to_date = FALSE;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (descriptor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The remote id is matched exactly: it is what the tenant stores. */
  cur = lim_timeline_position (self, current);
  if (cur < 0)
    {
      g_set_error (error, LIM_TIMELINE_ERROR, LIM_TIMELINE_ERROR_UNKNOWN_REVISION,
                   "current remote revision_id (%s) is invalid and not found in any of the "
                   "revision file names.",
                   current != NULL ? current : "None");
      return NULL;
    }

  if (direction == LIM_DIRECTION_UP)
    return resolve_upgrade (self, cur, descriptor, up_to_date, error);
  return resolve_downgrade (self, cur, descriptor, error);
}
