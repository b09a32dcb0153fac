/* lim-revision.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lim-operation.h"
#include "lim-py.h"
#include "lim-revision-private.h"
#include "lim-revision.h"

G_DEFINE_QUARK (lim-revision-error-quark, lim_revision_error)

struct _LimRevision
{
  gatomicrefcount ref_count;
  char           *id;
  char           *down_revision;
  char           *description;
  char           *create_date;
  char           *file;
  guint           line;
  GPtrArray      *upgrade;
  GPtrArray      *downgrade;
  GPtrArray      *warnings; /* element-type utf8: "FILE:LINE: …" */
  /* A revision from the revision cache holds the file's text and its
   * operation counts; its operations are parsed from that text the first
   * time they are asked for (ensure_operations()). */
  GBytes *text;
  guint64 text_hash;
  guint   n_upgrade;
  guint   n_downgrade;
  /* Read by _lim_revision_scan(), its operations not parsed yet: from
   * @text when it has one, else from its file.  Only loads that need no
   * operations make these. */
  gboolean scanned;
};

static LimRevision *
revision_alloc (void)
{
  LimRevision *self = g_new0 (LimRevision, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->description = g_strdup ("");
  self->upgrade = g_ptr_array_new_with_free_func ((GDestroyNotify) lim_operation_free);
  self->downgrade = g_ptr_array_new_with_free_func ((GDestroyNotify) lim_operation_free);
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  return self;
}

LimRevision *
lim_revision_new (const char *id,
                  const char *down_revision,
                  const char *description,
                  const char *file)
{
  LimRevision *self;

  g_return_val_if_fail (id != NULL, NULL);

  self = revision_alloc ();
  self->id = g_strdup (id);
  self->down_revision = g_strdup (down_revision);
  g_free (self->description);
  self->description = g_strdup (description ? description : "");
  self->file = g_strdup (file);
  return self;
}

LimRevision *
lim_revision_ref (LimRevision *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
lim_revision_unref (LimRevision *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->id);
  g_free (self->down_revision);
  g_free (self->description);
  g_free (self->create_date);
  g_free (self->file);
  g_ptr_array_unref (self->upgrade);
  g_ptr_array_unref (self->downgrade);
  g_ptr_array_unref (self->warnings);
  g_clear_pointer (&self->text, g_bytes_unref);
  g_free (self);
}

LimRevision *
_lim_revision_new_cached (const char *id,
                          const char *down_revision,
                          const char *description,
                          const char *create_date,
                          const char *file,
                          guint       line,
                          guint       n_upgrade,
                          guint       n_downgrade,
                          GPtrArray  *warnings,
                          GBytes     *text,
                          guint64     text_hash)
{
  LimRevision *self = lim_revision_new (id, down_revision, description, file);

  self->create_date = g_strdup (create_date);
  self->line = line;
  g_ptr_array_extend_and_steal (self->warnings, warnings);
  self->text = g_bytes_ref (text);
  self->text_hash = text_hash;
  self->n_upgrade = n_upgrade;
  self->n_downgrade = n_downgrade;
  return self;
}

LimRevision *
_lim_revision_new_scanned (const char *id,
                           const char *down_revision,
                           const char *file,
                           guint       line,
                           guint       n_upgrade,
                           guint       n_downgrade,
                           GBytes     *text)
{
  LimRevision *self = lim_revision_new (id, down_revision, NULL, file);

  self->line = line;
  self->text = text != NULL ? g_bytes_ref (text) : NULL;
  self->n_upgrade = n_upgrade;
  self->n_downgrade = n_downgrade;
  self->scanned = TRUE;
  return self;
}

guint64
_lim_fnv1a (const guint8 *data,
            gsize         len)
{
  guint64 h = G_GUINT64_CONSTANT (0xcbf29ce484222325);

  for (gsize i = 0; i < len; i++)
    h = (h ^ data[i]) * G_GUINT64_CONSTANT (0x100000001b3);
  return h;
}

gboolean
_lim_revision_has_operations (const LimRevision *self)
{
  return self->text == NULL && !self->scanned;
}

/* The operations of a revision from the cache or the scan, parsed the
 * first time they are asked for.
 *
 * From the cache: the text parsed when it was cached (only files that
 * parse are cached, and a changed file misses), so this fails only if the
 * cache file was damaged (its hash differs): then the file itself is read,
 * and if even that fails (it went away) the operations stay empty and a
 * critical names the file.
 *
 * From the scan (_lim_revision_scan()): its text if it kept it, else the
 * file; the scan did not check the operations, and a header-only load is
 * for commands that need none, so asking is a caller's mistake, and a
 * failure is a critical too. */
static void
ensure_operations (const LimRevision *cself)
{
  LimRevision *self = (LimRevision *) cself;
  g_autoptr(LimRevision) parsed = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  const char *text;

  if (G_LIKELY (self->text == NULL && !self->scanned))
    return;
  text = self->text != NULL ? g_bytes_get_data (self->text, &len) : NULL;
  if (self->scanned)
    {
      parsed = text != NULL ? lim_revision_parse (text, len, self->file, &error)
                            : lim_revision_load (self->file, &error);
      self->scanned = FALSE;
      g_clear_pointer (&self->text, g_bytes_unref);
      if (parsed == NULL || g_strcmp0 (parsed->id, self->id) != 0 || parsed->upgrade->len != self->n_upgrade ||
          parsed->downgrade->len != self->n_downgrade)
        {
          g_critical ("%s: the operations of revision %s do not parse: %s", self->file, self->id,
                      error != NULL ? error->message : "the file changed");
          return;
        }
    }
  else
    {
      if (_lim_fnv1a ((const guint8 *) text, len) == self->text_hash)
        parsed = lim_revision_parse (text, len, self->file, NULL);
      if (parsed == NULL || g_strcmp0 (parsed->id, self->id) != 0 ||
          parsed->upgrade->len != self->n_upgrade || parsed->downgrade->len != self->n_downgrade)
        {
          g_clear_pointer (&parsed, lim_revision_unref);
          parsed = lim_revision_load (self->file, &error);
          if (parsed == NULL || g_strcmp0 (parsed->id, self->id) != 0)
            {
              g_critical ("%s: the operations of revision %s cannot be read again: %s", self->file, self->id,
                          error != NULL ? error->message : "the file changed");
              g_clear_pointer (&self->text, g_bytes_unref);
              return;
            }
        }
      g_clear_pointer (&self->text, g_bytes_unref);
    }
  g_ptr_array_extend_and_steal (self->upgrade, g_steal_pointer (&parsed->upgrade));
  g_ptr_array_extend_and_steal (self->downgrade, g_steal_pointer (&parsed->downgrade));
  parsed->upgrade = g_ptr_array_new ();
  parsed->downgrade = g_ptr_array_new ();
}

guint
lim_revision_get_n_upgrade (const LimRevision *self)
{
  return self->text != NULL || self->scanned ? self->n_upgrade : self->upgrade->len;
}

guint
lim_revision_get_n_downgrade (const LimRevision *self)
{
  return self->text != NULL || self->scanned ? self->n_downgrade : self->downgrade->len;
}

GPtrArray *
lim_revision_get_warnings (const LimRevision *self)
{
  return self->warnings;
}

const char *
lim_revision_get_id (const LimRevision *self)
{
  return self->id;
}
const char *
lim_revision_get_down_revision (const LimRevision *self)
{
  return self->down_revision;
}
const char *
lim_revision_get_description (const LimRevision *self)
{
  return self->description;
}
const char *
lim_revision_get_create_date (const LimRevision *self)
{
  return self->create_date;
}
const char *
lim_revision_get_file (const LimRevision *self)
{
  return self->file;
}
guint
lim_revision_get_line (const LimRevision *self)
{
  return self->line;
}
GPtrArray *
lim_revision_get_upgrade (const LimRevision *self)
{
  ensure_operations (self);
  return self->upgrade;
}
GPtrArray *
lim_revision_get_downgrade (const LimRevision *self)
{
  ensure_operations (self);
  return self->downgrade;
}

void
lim_revision_set_create_date (LimRevision *self,
                              const char  *date)
{
  g_free (self->create_date);
  self->create_date = g_strdup (date);
}

gboolean
lim_revision_id_is_valid (const char *id)
{
  if (id == NULL || *id == '\0' || strlen (id) > 64)
    return FALSE;
  for (const char *p = id; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-')
      return FALSE;
  return TRUE;
}

/* ---------------------------------------------------------------- parsing */

#define INVALID(...) \
  g_set_error (error, LIM_REVISION_ERROR, LIM_REVISION_ERROR_INVALID, __VA_ARGS__)

/* inspect.cleandoc(), as ast.get_docstring() applies it: the first line
 * loses its leading blanks, the others their common indentation, and blank
 * lines at both ends go. */
static gboolean
is_blank (const char *line)
{
  return line[strspn (line, " \t\r\f\v")] == '\0';
}

static GStrv
cleandoc_lines (const char *doc)
{
  g_auto(GStrv) lines = g_strsplit (doc, "\n", -1);
  guint n = g_strv_length (lines);
  gsize margin = G_MAXSIZE;
  GPtrArray *out = g_ptr_array_new ();
  guint first = 0, last = n;

  for (guint i = 1; i < n; i++)
    {
      gsize indent = strspn (lines[i], " \t");
      if (lines[i][indent] != '\0' && indent < margin)
        margin = indent;
    }
  while (first < n && is_blank (lines[first]))
    first++;
  while (last > first && is_blank (lines[last - 1]))
    last--;
  for (guint i = first; i < last; i++)
    {
      const char *l = lines[i];
      if (i == 0)
        l += strspn (l, " \t");
      else if (margin != G_MAXSIZE)
        l = strlen (l) >= margin ? l + margin : "";
      g_ptr_array_add (out, g_strdup (l));
    }
  g_ptr_array_add (out, NULL);
  return (GStrv) g_ptr_array_free (out, FALSE);
}

static gboolean
parse_operations (GPtrArray       *into,
                  const LimPyStmt *def,
                  const char      *func,
                  const char      *file,
                  GError         **error)
{
  const LimPyNode *list = def->value;

  if (list == NULL || list->kind == LIM_PY_NONE)
    {
      INVALID ("%s:%u: No list of operations found for %s in the %s function.", file, def->line, file, func);
      return FALSE;
    }
  if (list->kind != LIM_PY_LIST)
    {
      INVALID ("%s:%u:%u: After executing %s in file %s, the content of the function was not a list of "
               "BaseOperation objects.", file, list->line, list->column, func, file);
      return FALSE;
    }
  /* Liminal finds the function by this exact text; keep files it can read. */
  if (def->annotation == NULL ||
      (strcmp (def->annotation, "list[b.BaseOperation]") != 0 && strcmp (def->annotation, "list[BaseOperation]") != 0))
    {
      INVALID ("%s:%u:%u: %s() must be declared as `def %s() -> list[b.BaseOperation]:` (Liminal looks for that "
               "exact text)", file, def->line, def->column, func, func);
      return FALSE;
    }
  if (def->n_params > 0)
    {
      INVALID ("%s:%u:%u: %s() must take no arguments.", file, def->line, def->column, func);
      return FALSE;
    }
  for (guint i = 0; i < list->items->len; i++)
    {
      g_autoptr(GError) local_error = NULL;
      LimOperation *op = lim_operation_from_node (g_ptr_array_index (list->items, i), file, &local_error);
      if (op == NULL)
        {
          /* An operation that is not valid makes the file not a valid revision file. */
          if (g_error_matches (local_error, LIM_SYNTAX_ERROR, LIM_SYNTAX_ERROR_INVALID))
            g_set_error_literal (error, LIM_REVISION_ERROR, LIM_REVISION_ERROR_INVALID, local_error->message);
          else
            g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_ptr_array_add (into, op);
    }
  return TRUE;
}

static const LimPyStmt *
find_single (const LimPyModule *module,
             LimPyStmtKind      kind,
             const char        *name,
             const char        *file,
             const char        *what,
             GError           **error)
{
  const LimPyStmt *found = NULL;

  for (guint i = 0; i < module->statements->len; i++)
    {
      const LimPyStmt *stmt = g_ptr_array_index (module->statements, i);
      gboolean match = FALSE;

      if (stmt->kind != kind)
        continue;
      if (kind == LIM_PY_STMT_FUNCDEF)
        match = g_strcmp0 (stmt->name, name) == 0;
      else
        for (guint t = 0; t < stmt->targets->len && !match; t++)
          match = g_strcmp0 (g_ptr_array_index (stmt->targets, t), name) == 0;
      if (!match)
        continue;
      if (found != NULL)
        {
          if (kind == LIM_PY_STMT_FUNCDEF)
            INVALID ("%s:%u:%u: Multiple %s functions found in %s. There must be only one (the first is on line %u).",
                     file, stmt->line, stmt->column, name, file, found->line);
          else
            INVALID ("%s:%u:%u: Multiple %s variables found in %s. There must be only one (the first is on line %u).",
                     file, stmt->line, stmt->column, name, file, found->line);
          return NULL;
        }
      found = stmt;
    }
  if (found == NULL)
    {
      if (kind == LIM_PY_STMT_FUNCDEF)
        INVALID ("%s: No %s function found in %s with function def %s.", file, name, file, name);
      else
        INVALID ("%s: No %s variable found in %s", file, what, file);
    }
  return found;
}

/* Python Liminal imports a revision file, running every module-level
 * statement; we read it without running anything.  Besides the docstring,
 * imports, the `revision` / `down_revision` assignments and the two defs,
 * a statement would do something under Liminal that it does not do here:
 * one warning per statement, "FILE:LINE: …". */
static void
warn_module_statements (LimRevision       *self,
                        const LimPyModule *module,
                        const char        *file)
{
  static const char *const kinds[] = {
    [LIM_PY_STMT_IMPORT] = "import",
    [LIM_PY_STMT_ASSIGN] = "assignment",
    [LIM_PY_STMT_FUNCDEF] = "function definition",
    [LIM_PY_STMT_EXPR] = "expression",
    [LIM_PY_STMT_PASS] = "pass statement",
  };

  for (guint i = 0; i < module->statements->len; i++)
    {
      const LimPyStmt *stmt = g_ptr_array_index (module->statements, i);
      gboolean expected = FALSE;

      switch (stmt->kind)
        {
        case LIM_PY_STMT_IMPORT:
          expected = TRUE;
          break;
        case LIM_PY_STMT_ASSIGN:
          expected = stmt->targets->len == 1 &&
                     (g_strcmp0 (g_ptr_array_index (stmt->targets, 0), "revision") == 0 ||
                      g_strcmp0 (g_ptr_array_index (stmt->targets, 0), "down_revision") == 0);
          break;
        case LIM_PY_STMT_FUNCDEF:
          expected = g_strcmp0 (stmt->name, "upgrade") == 0 || g_strcmp0 (stmt->name, "downgrade") == 0;
          break;
        case LIM_PY_STMT_EXPR:
        case LIM_PY_STMT_PASS:
        default:
          break;
        }
      if (!expected)
        g_ptr_array_add (self->warnings,
                         g_strdup_printf ("%s:%u: a module-level %s: Python Liminal would execute it when it "
                                          "imports this file; Liminal Desktop only reads the file and ignores it",
                                          file, stmt->line,
                                          (guint) stmt->kind < G_N_ELEMENTS (kinds) ? kinds[stmt->kind] : "statement"));
    }
}

LimRevision *
lim_revision_parse (const char *text,
                    gssize      len,
                    const char *file,
                    GError    **error)
{
  g_autoptr(LimPyModule) module = NULL;
  g_autoptr(LimRevision) self = NULL;
  const LimPyStmt *rev, *down, *up_def, *down_def;

  if (file == NULL)
    file = "<input>";
  module = lim_py_parse (text, len, file, error);
  if (module == NULL)
    return NULL;

  self = revision_alloc ();
  self->file = g_strdup (file);

  rev = find_single (module, LIM_PY_STMT_ASSIGN, "revision", file, "revision", error);
  if (rev == NULL)
    return NULL;
  if (rev->value->kind != LIM_PY_STR)
    {
      INVALID ("%s:%u:%u: revision must be a string, found %s", file, rev->value->line, rev->value->column,
               lim_py_kind_to_string (rev->value->kind));
      return NULL;
    }
  if (!lim_revision_id_is_valid (rev->value->str))
    {
      INVALID ("%s:%u:%u: revision id '%s' must be 1 to 64 letters, digits, '_' or '-'", file,
               rev->value->line, rev->value->column, rev->value->str);
      return NULL;
    }
  self->id = g_strdup (rev->value->str);
  self->line = rev->line;

  down = find_single (module, LIM_PY_STMT_ASSIGN, "down_revision", file, "down_revision", error);
  if (down == NULL)
    return NULL;
  if (down->value->kind == LIM_PY_STR)
    {
      if (!lim_revision_id_is_valid (down->value->str))
        {
          INVALID ("%s:%u:%u: down_revision id '%s' must be 1 to 64 letters, digits, '_' or '-'", file,
                   down->value->line, down->value->column, down->value->str);
          return NULL;
        }
      self->down_revision = g_strdup (down->value->str);
    }
  else if (down->value->kind != LIM_PY_NONE)
    {
      INVALID ("%s:%u:%u: down_revision must be a string or None, found %s", file, down->value->line,
               down->value->column, lim_py_kind_to_string (down->value->kind));
      return NULL;
    }

  up_def = find_single (module, LIM_PY_STMT_FUNCDEF, "upgrade", file, NULL, error);
  if (up_def == NULL)
    return NULL;
  down_def = find_single (module, LIM_PY_STMT_FUNCDEF, "downgrade", file, NULL, error);
  if (down_def == NULL)
    return NULL;
  if (!parse_operations (self->upgrade, up_def, "upgrade", file, error) ||
      !parse_operations (self->downgrade, down_def, "downgrade", file, error))
    return NULL;

  warn_module_statements (self, module, file);

  /* Liminal requires a docstring; an existing project's hand-written files
   * may lack one, and they load with an empty description. */
  if (module->docstring != NULL)
    _lim_revision_set_docstring (self, module->docstring);

  return g_steal_pointer (&self);
}

void
_lim_revision_set_docstring (LimRevision *self,
                             const char  *docstring)
{
  g_auto(GStrv) lines = cleandoc_lines (docstring);

  /* A file written for an empty description has the header first. */
  if (lines[0] != NULL && !g_str_has_prefix (lines[0], "Revision ID:"))
    {
      g_free (self->description);
      self->description = g_strdup (lines[0]);
    }
  /* The first "Create Date:" line counts. */
  for (guint i = 0; lines[i] && self->create_date == NULL; i++)
    if (g_str_has_prefix (lines[i], "Create Date:"))
      {
        g_autofree char *date = g_strstrip (g_strdup (lines[i] + strlen ("Create Date:")));
        if (*date)
          self->create_date = g_steal_pointer (&date);
      }
}

LimRevision *
lim_revision_load (const char *path,
                   GError    **error)
{
  g_autofree char *contents = NULL;
  gsize len = 0;
  g_autoptr(GError) local_error = NULL;

  if (!g_file_get_contents (path, &contents, &len, &local_error))
    {
      g_set_error (error, LIM_REVISION_ERROR, LIM_REVISION_ERROR_IO, "%s", local_error->message);
      return NULL;
    }
  return lim_revision_parse (contents, len, path, error);
}

/* ---------------------------------------------------------------- writing */

guint
lim_revision_find_lost_comment (const char *original,
                                gssize      len,
                                const char *rewritten)
{
  g_autoptr(LimPyModule) before = lim_py_parse (original, len, NULL, NULL);
  g_autoptr(LimPyModule) after = lim_py_parse (rewritten, -1, NULL, NULL);
  g_autoptr(GHashTable) kept = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (after != NULL, 0);
  if (before == NULL)
    return 0;
  /* A multiset: each comment of the rewrite keeps one of the original. */
  for (guint i = 0; i < after->comments->len; i++)
    {
      LimPyComment *c = g_ptr_array_index (after->comments, i);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (kept, c->text));

      g_hash_table_insert (kept, c->text, GUINT_TO_POINTER (n + 1));
    }
  for (guint i = 0; i < before->comments->len; i++)
    {
      LimPyComment *c = g_ptr_array_index (before->comments, i);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (kept, c->text));

      if (n == 0)
        return c->line;
      g_hash_table_insert (kept, c->text, GUINT_TO_POINTER (n - 1));
    }
  return 0;
}

static void
append_ops (GString   *out,
            GPtrArray *ops)
{
  g_string_append (out, "    return [");
  for (guint i = 0; i < ops->len; i++)
    {
      if (i > 0)
        g_string_append (out, ",\n        ");
      lim_operation_append_python (g_ptr_array_index (ops, i), out);
    }
  g_string_append (out, "]\n");
}

/* The description goes verbatim into a ''' docstring in Liminal; we escape
 * what would break it (backslashes, a run of three quotes, line breaks) so
 * that any text round-trips.  Plain descriptions are written unchanged. */
static void
append_description (GString    *out,
                    const char *description)
{
  for (const char *p = description; *p; p++)
    {
      if (*p == '\\')
        g_string_append (out, "\\\\");
      else if (*p == '\'' && (p[1] == '\'' || p[1] == '\0'))
        g_string_append (out, "\\'");
      else if (*p == '\n')
        g_string_append (out, "\\n");
      else if (*p == '\r')
        g_string_append (out, "\\r");
      else
        g_string_append_c (out, *p);
    }
}

char *
lim_revision_to_python (const LimRevision *self)
{
  GString *out = g_string_new ("\n'''\n");

  append_description (out, self->description);
  g_string_append_printf (out, "\n\nRevision ID: %s\nRevises: %s\n", self->id,
                          self->down_revision ? self->down_revision : "None");
  if (self->create_date)
    {
      g_string_append (out, "Create Date: ");
      append_description (out, self->create_date);
      g_string_append_c (out, '\n');
    }
  g_string_append (out, "'''\n\nimport liminal.external as b\n\n# revision identifiers, used by Liminal.\n");
  g_string_append_printf (out, "revision = \"%s\"\n", self->id);
  if (self->down_revision)
    g_string_append_printf (out, "down_revision = \"%s\"\n", self->down_revision);
  else
    g_string_append (out, "down_revision = None\n");
  g_string_append (out, "\n\n# ### commands auto generated by Liminal - please review (and adjust if needed)! ###\n"
                   "def upgrade() -> list[b.BaseOperation]:\n");
  append_ops (out, lim_revision_get_upgrade (self));
  g_string_append (out, "\n# ### commands auto generated by Liminal - please review (and adjust if needed)! ###\n"
                   "def downgrade() -> list[b.BaseOperation]:\n");
  append_ops (out, lim_revision_get_downgrade (self));
  return g_string_free (out, FALSE);
}

char *
lim_snake_case (const char *text)
{
  GString *out = g_string_new (NULL);
  const char *p = text;
  gboolean first = TRUE;

  /* re.split(r"[ /_\-]"), drop empty pieces, strip non-[A-Za-z0-9], lower,
   * join with "_" (a piece emptied by the strip still gets its separator). */
  while (*p)
    {
      const char *start = p;
      while (*p && !strchr (" /_-", *p))
        p++;
      if (p > start)
        {
          if (!first)
            g_string_append_c (out, '_');
          first = FALSE;
          for (const char *c = start; c < p; c++)
            if (g_ascii_isalnum (*c))
              g_string_append_c (out, g_ascii_tolower (*c));
        }
      if (*p)
        p++;
    }
  return g_string_free (out, FALSE);
}

char *
lim_revision_file_name (const LimRevision *self)
{
  g_autofree char *slug = lim_snake_case (self->description);
  return g_strdup_printf ("%s_%s.py", self->id, slug);
}

char *
lim_revision_new_id (void)
{
  g_autofree char *uuid = g_uuid_string_random ();
  GString *hex = g_string_new (NULL);

  for (const char *p = uuid; *p && hex->len < 12; p++)
    if (*p != '-')
      g_string_append_c (hex, *p);
  return g_string_free (hex, FALSE);
}
