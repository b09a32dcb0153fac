/* lim-revision-scan.c — a revision file's header without its operations.
 *
 * `history` prints each revision's id, parent, description, file and
 * operation counts: it needs no operation object.  _lim_revision_scan()
 * reads those from the file's text in one pass, building nothing, and
 * gives up (NULL: the caller parses the file whole with
 * lim_revision_parse()) on anything outside the layout it knows, so that
 * what it gives is what lim_revision_parse() would give for the header.
 * It accepts, line by line at module level:
 *
 *   - blank lines and comment lines (a comment may be indented);
 *   - as the first statement, a docstring: one string literal without a
 *     prefix or a backslash ('…', "…", '''…''', """…"""), then nothing but
 *     a comment on its last line;
 *   - `import a.b [as c][, …]` and `from a.b import c [as d][, …]`;
 *   - `revision = "ID"` and `down_revision = "ID"` or `= None`, the string
 *     as above on one line and ID valid (lim_revision_id_is_valid()), once
 *     each;
 *   - `def upgrade() -> list[b.BaseOperation]:` (or `list[BaseOperation]`)
 *     and the same for downgrade, once each, whose body is one indented
 *     `return [ … ]` line (the list may span lines); the list's elements
 *     are counted at its top level, skipping strings, comments, nested
 *     brackets and line continuations — not parsed.
 *
 * Anything else (another statement, which lim_revision_parse() would warn
 * about; a tuple, an f-string, a `\r`, a NUL, a BOM, text that is not
 * UTF-8, an empty list item…) makes it unsure.  The operations are not
 * checked: a file whose operations are wrong is listed by `history`, and
 * every command that needs them parses it whole and names FILE:LINE:COLUMN.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lim-revision-private.h"

typedef struct
{
  const char *p;
  const char *end;
  guint       line;     /* of p, 1-based */
} Scan;

static gboolean
is_name_start (char c)
{
  return g_ascii_isalpha (c) || c == '_';
}

static gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

static void
skip_blanks (Scan *s)
{
  while (s->p < s->end && (*s->p == ' ' || *s->p == '\t'))
    s->p++;
}

/* Blanks, an optional comment, then the end of the line (consumed) or of
 * the text.  FALSE when anything else is there. */
static gboolean
end_of_line (Scan *s)
{
  skip_blanks (s);
  if (s->p < s->end && *s->p == '#')
    {
      const char *nl = memchr (s->p, '\n', s->end - s->p);

      s->p = nl != NULL ? nl : s->end;
    }
  if (s->p == s->end)
    return TRUE;
  if (*s->p != '\n')
    return FALSE;
  s->p++;
  s->line++;
  return TRUE;
}

static gboolean
match (Scan       *s,
       const char *word)
{
  gsize n = strlen (word);

  if ((gsize) (s->end - s->p) < n || memcmp (s->p, word, n) != 0)
    return FALSE;
  s->p += n;
  return TRUE;
}

/* A keyword or name followed by something that cannot continue it. */
static gboolean
match_word (Scan       *s,
            const char *word)
{
  const char *start = s->p;

  if (!match (s, word))
    return FALSE;
  if (s->p < s->end && is_name_char (*s->p))
    {
      s->p = start;
      return FALSE;
    }
  return TRUE;
}

/* A name of an import; a keyword there is left to the parser. */
static gboolean
scan_name (Scan *s)
{
  static const char *const keywords[] = {
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
    "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
  };
  const char *start = s->p;

  if (s->p == s->end || !is_name_start (*s->p))
    return FALSE;
  while (s->p < s->end && is_name_char (*s->p))
    s->p++;
  for (guint i = 0; i < G_N_ELEMENTS (keywords); i++)
    if ((gsize) (s->p - start) == strlen (keywords[i]) && memcmp (start, keywords[i], s->p - start) == 0)
      return FALSE;
  return TRUE;
}

static gboolean
scan_dotted (Scan *s)
{
  if (!scan_name (s))
    return FALSE;
  while (s->p < s->end && *s->p == '.')
    {
      s->p++;
      if (!scan_name (s))
        return FALSE;
    }
  return TRUE;
}

/* `NAME [as NAME]` (@dotted: a dotted name first). */
static gboolean
scan_alias (Scan    *s,
            gboolean dotted)
{
  if (!(dotted ? scan_dotted (s) : scan_name (s)))
    return FALSE;
  skip_blanks (s);
  if (match_word (s, "as"))
    {
      skip_blanks (s);
      if (!scan_name (s))
        return FALSE;
      skip_blanks (s);
    }
  return TRUE;
}

/* After `import` or `from`: the rest of an import statement. */
static gboolean
scan_import (Scan    *s,
             gboolean from)
{
  if (s->p == s->end || (*s->p != ' ' && *s->p != '\t'))
    return FALSE;
  skip_blanks (s);
  if (from)
    {
      while (s->p < s->end && *s->p == '.')
        s->p++;
      if (!scan_dotted (s) || s->p == s->end || (*s->p != ' ' && *s->p != '\t'))
        return FALSE;
      skip_blanks (s);
      if (!match_word (s, "import"))
        return FALSE;
      skip_blanks (s);
    }
  for (;;)
    {
      if (!scan_alias (s, !from))
        return FALSE;
      if (s->p == s->end || *s->p != ',')
        break;
      s->p++;
      skip_blanks (s);
    }
  return end_of_line (s);
}

/* A string literal without prefix or backslash; its contents in
 * [*start, *stop).  Triple-quoted ones only when @triple_ok. */
static gboolean
scan_plain_string (Scan        *s,
                   gboolean     triple_ok,
                   const char **start,
                   const char **stop)
{
  char q;

  if (s->p == s->end || (*s->p != '\'' && *s->p != '"'))
    return FALSE;
  q = *s->p;
  if (s->end - s->p >= 3 && s->p[1] == q && s->p[2] == q)
    {
      if (!triple_ok)
        return FALSE;
      s->p += 3;
      *start = s->p;
      for (;;)
        {
          if (s->end - s->p < 3)
            return FALSE;
          if (*s->p == '\\')
            return FALSE;
          if (*s->p == q && s->p[1] == q && s->p[2] == q)
            break;
          if (*s->p == '\n')
            s->line++;
          s->p++;
        }
      *stop = s->p;
      s->p += 3;
      return TRUE;
    }
  s->p++;
  *start = s->p;
  while (s->p < s->end && *s->p != q)
    {
      if (*s->p == '\\' || *s->p == '\n')
        return FALSE;
      s->p++;
    }
  if (s->p == s->end)
    return FALSE;
  *stop = s->p;
  s->p++;
  return TRUE;
}

/* Characters of a list (outside strings and comments) by what the scan
 * does with them: most are part of an item, and are skipped in a tight
 * loop. */
enum {
  C_ITEM,     /* a name, a number, an operator, `.`, `=`… */
  C_BLANK,    /* ' ', '\t' */
  C_NEWLINE,
  C_COMMENT,  /* '#' */
  C_BACKSLASH,
  C_QUOTE,
  C_OPEN,     /* ( [ { */
  C_CLOSE,    /* ) ] } */
  C_COMMA,
  C_UNSURE,   /* not ASCII, a control character, DEL */
};

static const guint8 list_class[256] = {
  [0 ... 8] = C_UNSURE,
  ['\t'] = C_BLANK,
  ['\n'] = C_NEWLINE,
  [11 ... 0x1f] = C_UNSURE,
  [' '] = C_BLANK,
  ['#'] = C_COMMENT,
  ['\\'] = C_BACKSLASH,
  ['\''] = C_QUOTE,
  ['"'] = C_QUOTE,
  ['('] = C_OPEN,
  ['['] = C_OPEN,
  ['{'] = C_OPEN,
  [')'] = C_CLOSE,
  [']'] = C_CLOSE,
  ['}'] = C_CLOSE,
  [','] = C_COMMA,
  [0x7f ... 0xff] = C_UNSURE,
};

/* Skips a string literal of a list (escapes allowed: they are not decoded
 * here); FALSE when it does not end. */
static gboolean
skip_string (Scan *s)
{
  const char *p = s->p, *end = s->end;
  char q = *p;
  gboolean triple = end - p >= 3 && p[1] == q && p[2] == q;

  p += triple ? 3 : 1;
  for (;;)
    {
      char c;

      while (p < end && *p != q && *p != '\\' && *p != '\n')
        p++;
      if (p == end)
        break;
      c = *p;
      if (c == '\\')
        {
          if (end - p < 2)
            break;
          if (p[1] == '\n')
            s->line++;
          p += 2;
          continue;
        }
      if (c == '\n')
        {
          if (!triple)
            break;
          s->line++;
          p++;
          continue;
        }
      /* The quote. */
      if (!triple)
        {
          s->p = p + 1;
          return TRUE;
        }
      if (end - p >= 3 && p[1] == q && p[2] == q)
        {
          s->p = p + 3;
          return TRUE;
        }
      p++;
    }
  s->p = p;
  return FALSE;
}

#define MAX_DEPTH 200

/* At a list's `[`: counts its elements up to the matching `]`. */
static gboolean
scan_list (Scan  *s,
           guint *n_items)
{
  char stack[MAX_DEPTH];
  guint depth = 0, n = 0;
  gboolean item = FALSE; /* something since `[` or the last top-level comma */

  stack[depth++] = ']';
  s->p++;
  while (s->p < s->end)
    {
      const char *p = s->p;
      char c;

      if (list_class[(guchar) *p] == C_ITEM)
        {
          do
            p++;
          while (p < s->end && list_class[(guchar) *p] == C_ITEM);
          item = TRUE;
          s->p = p;
          continue;
        }
      c = *p;
      switch (list_class[(guchar) c])
        {
        case C_BLANK:
          s->p++;
          continue;
        case C_NEWLINE:
          s->line++;
          s->p++;
          continue;
        case C_COMMENT:
          {
            const char *nl = memchr (s->p, '\n', s->end - s->p);

            s->p = nl != NULL ? nl : s->end;
            continue;
          }
        case C_BACKSLASH:
          if (s->end - s->p < 2 || s->p[1] != '\n')
            return FALSE;
          s->line++;
          s->p += 2;
          continue;
        case C_QUOTE:
          /* A prefix (r, b, f, u…) would change how it reads. */
          if (is_name_char (s->p[-1]))
            return FALSE;
          if (!skip_string (s))
            return FALSE;
          item = TRUE;
          continue;
        case C_OPEN:
          if (depth == MAX_DEPTH)
            return FALSE;
          stack[depth++] = c == '(' ? ')' : c == '[' ? ']' : '}';
          item = TRUE;
          s->p++;
          continue;
        case C_CLOSE:
          if (stack[depth - 1] != c)
            return FALSE;
          depth--;
          s->p++;
          if (depth == 0)
            {
              *n_items = n + (item ? 1 : 0);
              return TRUE;
            }
          continue;
        case C_COMMA:
          if (depth == 1)
            {
              if (!item)
                return FALSE;
              n++;
              item = FALSE;
            }
          s->p++;
          continue;
        case C_UNSURE:
        default:
          /* Not ASCII, or a control character: let the parser decide. */
          return FALSE;
        }
    }
  return FALSE;
}

/* After `def `: `NAME() -> list[b.BaseOperation]:` and a body of one
 * `return [ … ]`.  *@which: 0 upgrade, 1 downgrade. */
static gboolean
scan_def (Scan  *s,
          int   *which,
          guint *n_items)
{
  if (match_word (s, "upgrade"))
    *which = 0;
  else if (match_word (s, "downgrade"))
    *which = 1;
  else
    return FALSE;
  if (!match (s, "() -> list[") || !(match (s, "b.BaseOperation]:") || match (s, "BaseOperation]:")) ||
      !end_of_line (s))
    return FALSE;
  /* Blank and comment lines, then the indented `return`. */
  for (;;)
    {
      const char *line = s->p;

      skip_blanks (s);
      if (s->p == s->end)
        return FALSE;
      if (*s->p == '\n' || *s->p == '#')
        {
          if (!end_of_line (s))
            return FALSE;
          continue;
        }
      if (s->p == line || memchr (line, '\t', s->p - line) != NULL)
        return FALSE;
      break;
    }
  if (!match_word (s, "return"))
    return FALSE;
  skip_blanks (s);
  if (s->p == s->end || *s->p != '[' || !scan_list (s, n_items))
    return FALSE;
  return end_of_line (s);
}

/* After `revision` or `down_revision`: ` = "ID"` (or None when @none_ok). */
static gboolean
scan_assign (Scan    *s,
             gboolean none_ok,
             char   **value)
{
  const char *start, *stop;

  skip_blanks (s);
  if (!match (s, "=") || (s->p < s->end && *s->p == '='))
    return FALSE;
  skip_blanks (s);
  if (none_ok && match_word (s, "None"))
    {
      *value = NULL;
      return end_of_line (s);
    }
  if (!scan_plain_string (s, FALSE, &start, &stop))
    return FALSE;
  *value = g_strndup (start, stop - start);
  if (!lim_revision_id_is_valid (*value) || !end_of_line (s))
    {
      g_clear_pointer (value, g_free);
      return FALSE;
    }
  return TRUE;
}

/* Valid UTF-8 without NUL: ASCII eight bytes at a time, then from the
 * first word that holds a byte with the high bit set or a zero byte on,
 * g_utf8_validate_len() (which refuses NUL). */
static gboolean
is_utf8_without_nul (const char *data,
                     gsize       len)
{
  const guint64 high = G_GUINT64_CONSTANT (0x8080808080808080);
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  gsize i = 0;

  for (; i + 8 <= len; i += 8)
    {
      guint64 w;

      memcpy (&w, data + i, sizeof w);
      if ((w & high) != 0 || ((w - ones) & ~w & high) != 0)
        break;
    }
  return g_utf8_validate_len (data + i, len - i, NULL);
}

LimRevision *
_lim_revision_scan (const char *data,
                    gsize       len,
                    const char *file,
                    GBytes     *keep)
{
  Scan s = { data, data, 1 };
  gboolean statement = FALSE, have_rev = FALSE, have_down = FALSE, have_def[2] = { FALSE, FALSE };
  const char *doc_start = NULL, *doc_stop = NULL;
  g_autofree char *id = NULL;
  g_autofree char *down = NULL;
  guint rev_line = 0, n_items[2] = { 0, 0 };
  LimRevision *self;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  /* What the parser reads differently or refuses: \r line endings, NUL,
   * a BOM, text that is not UTF-8. */
  if (len == 0 || memchr (data, '\r', len) != NULL || (len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0) ||
      !is_utf8_without_nul (data, len))
    return NULL;
  s.end = data + len;

  while (s.p < s.end)
    {
      char c = *s.p;

      if (c == '\n' || c == ' ' || c == '\t' || c == '#')
        {
          /* A blank or comment line; indented code is not at module level. */
          if (!end_of_line (&s))
            return NULL;
          continue;
        }
      if (c == '\'' || c == '"')
        {
          if (statement || !scan_plain_string (&s, TRUE, &doc_start, &doc_stop) || !end_of_line (&s))
            return NULL;
        }
      else if (match_word (&s, "import"))
        {
          if (!scan_import (&s, FALSE))
            return NULL;
        }
      else if (match_word (&s, "from"))
        {
          if (!scan_import (&s, TRUE))
            return NULL;
        }
      else if (match_word (&s, "def"))
        {
          int which = 0;
          guint n = 0;

          skip_blanks (&s);
          if (!scan_def (&s, &which, &n) || have_def[which])
            return NULL;
          have_def[which] = TRUE;
          n_items[which] = n;
        }
      else if (match_word (&s, "revision"))
        {
          guint line = s.line;

          if (have_rev || !scan_assign (&s, FALSE, &id))
            return NULL;
          have_rev = TRUE;
          rev_line = line;
        }
      else if (match_word (&s, "down_revision"))
        {
          if (have_down || !scan_assign (&s, TRUE, &down))
            return NULL;
          have_down = TRUE;
        }
      else
        return NULL;
      statement = TRUE;
    }
  if (!have_rev || !have_down || !have_def[0] || !have_def[1])
    return NULL;

  self = _lim_revision_new_scanned (id, down, file != NULL ? file : "<input>", rev_line, n_items[0], n_items[1],
                                    keep);
  if (doc_start != NULL)
    {
      g_autofree char *doc = g_strndup (doc_start, doc_stop - doc_start);

      _lim_revision_set_docstring (self, doc);
    }
  return self;
}
