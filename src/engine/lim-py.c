/* lim-py.c — reader for the Python subset used by Liminal revision files
 * and env.py.
 *
 * A hand-written lexer (with Python's INDENT/DEDENT rules, string decoding
 * and number parsing done while scanning) feeding a recursive-descent parser.
 * The source is validated as UTF-8 and copied once with its line endings
 * normalised to \n; after that the lexer works on a NUL-terminated buffer
 * without any per-character allocation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "lim-py.h"

#include <string.h>

/* Deepest nesting of brackets/expressions accepted (CPython's tokenizer
 * uses the same limit for parentheses). */
#define MAX_DEPTH 200

/* Deepest indentation stack (CPython's MAXINDENT). */
#define MAX_INDENT 100

/* Longest token text quoted in an error message, in bytes. */
#define MAX_QUOTED 40

#define UNSUPPORTED " are not supported in revision files"
#define UNSUPPORTED_1 " is not supported in revision files"

G_DEFINE_QUARK (lim-py-error-quark, lim_py_error)
G_DEFINE_QUARK (lim-syntax-error-quark, lim_syntax_error)

/* ------------------------------------------------------------------------ */
/* Tokens                                                                   */
/* ------------------------------------------------------------------------ */

typedef enum {
  TOK_EOF,
  TOK_NEWLINE,
  TOK_INDENT,
  TOK_DEDENT,
  TOK_NAME,       /* identifiers and keywords (see Token.kw) */
  TOK_NUMBER,
  TOK_STRING,     /* decoded value in Lexer.strbuf */
  TOK_LPAR,
  TOK_RPAR,
  TOK_LSQB,
  TOK_RSQB,
  TOK_LBRACE,
  TOK_RBRACE,
  TOK_COMMA,
  TOK_COLON,
  TOK_DOT,
  TOK_SEMI,
  TOK_EQUAL,
  TOK_ARROW,
  TOK_PLUS,
  TOK_MINUS,
  TOK_STAR,
  TOK_DOUBLESTAR,
  TOK_AT,
  TOK_PIPE,
  TOK_ELLIPSIS,
  TOK_WALRUS,
  TOK_AUGASSIGN,  /* += -= … */
  TOK_OP,         /* every other operator: / // % & ^ ~ < > == != << … */
} TokKind;

#define TOK_BIT(k) (G_GUINT64_CONSTANT (1) << (k))

typedef enum {
  KW_NOT_KEYWORD = 0,
  KW_FALSE,
  KW_NONE,
  KW_TRUE,
  KW_AND,
  KW_AS,
  KW_ASSERT,
  KW_ASYNC,
  KW_AWAIT,
  KW_BREAK,
  KW_CLASS,
  KW_CONTINUE,
  KW_DEF,
  KW_DEL,
  KW_ELIF,
  KW_ELSE,
  KW_EXCEPT,
  KW_FINALLY,
  KW_FOR,
  KW_FROM,
  KW_GLOBAL,
  KW_IF,
  KW_IMPORT,
  KW_IN,
  KW_IS,
  KW_LAMBDA,
  KW_NONLOCAL,
  KW_NOT,
  KW_OR,
  KW_PASS,
  KW_RAISE,
  KW_RETURN,
  KW_TRY,
  KW_WHILE,
  KW_WITH,
  KW_YIELD,
} Keyword;

typedef struct
{
  const char *text;
  gsize       len;
  Keyword     kw;
} KeywordEntry;

#define KW_ENTRY(s, k) { s, sizeof (s) - 1, k }

static const KeywordEntry keywords[] = {
  KW_ENTRY ("False", KW_FALSE),
  KW_ENTRY ("None", KW_NONE),
  KW_ENTRY ("True", KW_TRUE),
  KW_ENTRY ("and", KW_AND),
  KW_ENTRY ("as", KW_AS),
  KW_ENTRY ("assert", KW_ASSERT),
  KW_ENTRY ("async", KW_ASYNC),
  KW_ENTRY ("await", KW_AWAIT),
  KW_ENTRY ("break", KW_BREAK),
  KW_ENTRY ("class", KW_CLASS),
  KW_ENTRY ("continue", KW_CONTINUE),
  KW_ENTRY ("def", KW_DEF),
  KW_ENTRY ("del", KW_DEL),
  KW_ENTRY ("elif", KW_ELIF),
  KW_ENTRY ("else", KW_ELSE),
  KW_ENTRY ("except", KW_EXCEPT),
  KW_ENTRY ("finally", KW_FINALLY),
  KW_ENTRY ("for", KW_FOR),
  KW_ENTRY ("from", KW_FROM),
  KW_ENTRY ("global", KW_GLOBAL),
  KW_ENTRY ("if", KW_IF),
  KW_ENTRY ("import", KW_IMPORT),
  KW_ENTRY ("in", KW_IN),
  KW_ENTRY ("is", KW_IS),
  KW_ENTRY ("lambda", KW_LAMBDA),
  KW_ENTRY ("nonlocal", KW_NONLOCAL),
  KW_ENTRY ("not", KW_NOT),
  KW_ENTRY ("or", KW_OR),
  KW_ENTRY ("pass", KW_PASS),
  KW_ENTRY ("raise", KW_RAISE),
  KW_ENTRY ("return", KW_RETURN),
  KW_ENTRY ("try", KW_TRY),
  KW_ENTRY ("while", KW_WHILE),
  KW_ENTRY ("with", KW_WITH),
  KW_ENTRY ("yield", KW_YIELD),
};

typedef struct
{
  TokKind     kind;
  Keyword     kw;         /* TOK_NAME only */
  guint       line;
  guint       col;
  const char *start;      /* source text of the token */
  const char *end;

  /* TOK_NUMBER */
  gboolean is_float;
  gboolean overflow;      /* integer magnitude does not fit 64 bits */
  guint64  ival;          /* integer magnitude */
  double   fval;
} Token;

/* ------------------------------------------------------------------------ */
/* Lexer                                                                    */
/* ------------------------------------------------------------------------ */

typedef struct
{
  const char *filename;    /* for messages, never NULL */
  char       *buf;         /* owned, normalised, NUL-terminated */
  const char *p;
  const char *end;

  guint       line;
  const char *line_start;

  /* Column cache: col_val is the 1-based column of col_ptr on col_line. */
  const char *col_line;
  const char *col_ptr;
  guint       col_val;

  guint indent_col[MAX_INDENT + 1];        /* tab stops of 8 */
  guint indent_alt[MAX_INDENT + 1];        /* tabs count as 1 */
  guint n_indent;
  guint pending_dedents;
  guint dedent_line;
  guint dedent_col;

  guint    brackets;
  gboolean at_line_start;      /* no token yet on this logical line */
  gboolean expr_mode;          /* newlines are whitespace, no indentation */
  gboolean model_mode;         /* lim_py_parse_model(): f-strings and bytes are strings */

  GString   *strbuf;           /* decoded value of the last string token */
  GPtrArray *comments;         /* LimPyComment*, not owned; NULL: not kept */
  GError    *error;
} Lexer;

/* Skips the comment at @p (its '#') to the end of its line, keeping it in
 * lx->comments when asked; returns the end of the line. */
static const char *
lexer_skip_comment (Lexer      *lx,
                    const char *p)
{
  const char *start = p;

  while (*p != '\0' && *p != '\n')
    p++;
  if (lx->comments != NULL)
    {
      LimPyComment *comment = g_new0 (LimPyComment, 1);

      comment->line = lx->line;
      comment->text = g_strchomp (g_strndup (start, p - start));
      g_ptr_array_add (lx->comments, comment);
    }
  return p;
}

static guint
lexer_column (Lexer      *lx,
              const char *ptr)
{
  const char *q;

  if (lx->col_line != lx->line_start || ptr < lx->col_ptr)
    {
      lx->col_line = lx->line_start;
      lx->col_ptr = lx->line_start;
      lx->col_val = 1;
    }
  for (q = lx->col_ptr; q < ptr; q++)
    if (((guchar) *q & 0xC0) != 0x80)
      lx->col_val++;
  lx->col_ptr = ptr;
  return lx->col_val;
}

static void
lexer_newline (Lexer      *lx,
               const char *after)
{
  lx->line++;
  lx->line_start = after;
}

static gboolean lexer_error_at (Lexer      *lx,
                                guint       line,
                                guint       col,
                                const char *format,
                                ...) G_GNUC_PRINTF (4, 5);

static gboolean
lexer_error_at (Lexer      *lx,
                guint       line,
                guint       col,
                const char *format,
                ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (lx->error != NULL)
    return FALSE;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (&lx->error, LIM_PY_ERROR, LIM_PY_ERROR_SYNTAX,
               "%s:%u:%u: %s", lx->filename, line, col, message);
  return FALSE;
}

#define lexer_error_here(lx, ptr, ...) \
  lexer_error_at ((lx), (lx)->line, lexer_column ((lx), (ptr)), __VA_ARGS__)

/* Python's str.isprintable() for one character. */
static gboolean
py_isprintable (gunichar c)
{
  if (c == ' ')
    return TRUE;
  switch (g_unichar_type (c))
    {
    case G_UNICODE_CONTROL:
    case G_UNICODE_FORMAT:
    case G_UNICODE_SURROGATE:
    case G_UNICODE_PRIVATE_USE:
    case G_UNICODE_UNASSIGNED:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
    case G_UNICODE_SPACE_SEPARATOR:
      return FALSE;
    default:
      return TRUE;
    }
}

static gboolean
is_id_start (gunichar c)
{
  if (c < 0x80)
    return g_ascii_isalpha (c) || c == '_';
  return g_unichar_isalpha (c) || g_unichar_type (c) == G_UNICODE_LETTER_NUMBER;
}

static gboolean
is_id_continue (gunichar c)
{
  if (c < 0x80)
    return g_ascii_isalnum (c) || c == '_';
  if (is_id_start (c))
    return TRUE;
  switch (g_unichar_type (c))
    {
    case G_UNICODE_NON_SPACING_MARK:
    case G_UNICODE_SPACING_MARK:
    case G_UNICODE_DECIMAL_NUMBER:
    case G_UNICODE_CONNECT_PUNCTUATION:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Whether an identifier character starts at @s (the buffer is valid UTF-8). */
static gboolean
is_id_continue_at (const char *s)
{
  if ((guchar) *s < 0x80)
    return g_ascii_isalnum (*s) || *s == '_';
  return is_id_continue (g_utf8_get_char (s));
}

static Keyword
lookup_keyword (const char *s,
                gsize       len)
{
  if (len < 2 || len > 8)
    return KW_NOT_KEYWORD;
  if (!g_ascii_islower (s[0]) && s[0] != 'F' && s[0] != 'N' && s[0] != 'T')
    return KW_NOT_KEYWORD;
  for (gsize i = 0; i < G_N_ELEMENTS (keywords); i++)
    if (keywords[i].len == len && keywords[i].text[0] == s[0] &&
        memcmp (keywords[i].text, s, len) == 0)
      return keywords[i].kw;
  return KW_NOT_KEYWORD;
}

static int
digit_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static void
accumulate (guint64  *value,
            gboolean *overflow,
            guint     base,
            guint     digit)
{
  if (*value > (G_MAXUINT64 - digit) / base)
    *overflow = TRUE;
  else
    *value = *value * base + digit;
}

/* digitpart: digit (["_"] digit)*; may be empty.  FALSE on a misplaced "_". */
static gboolean
scan_digitpart (const char **sp,
                guint64     *value,
                gboolean    *overflow,
                gboolean    *nonzero)
{
  const char *s = *sp;

  while (g_ascii_isdigit (*s))
    {
      if (*s != '0')
        *nonzero = TRUE;
      accumulate (value, overflow, 10, (guint) (*s - '0'));
      s++;
      if (*s == '_')
        {
          if (!g_ascii_isdigit (s[1]))
            return FALSE;
          s++;
        }
    }
  *sp = s;
  return TRUE;
}

static gboolean
lex_number (Lexer *lx,
            Token *t)
{
  const char *s = t->start;
  guint64 value = 0;
  gboolean overflow = FALSE;

  t->kind = TOK_NUMBER;
  t->is_float = FALSE;

  if (s[0] == '0' && s[1] != '\0' && strchr ("xXoObB", s[1]) != NULL)
    {
      guint base;
      const char *what;
      gboolean any = FALSE;

      switch (s[1])
        {
        case 'x':
        case 'X':
          base = 16;
          what = "hexadecimal";
          break;
        case 'o':
        case 'O':
          base = 8;
          what = "octal";
          break;
        default:
          base = 2;
          what = "binary";
          break;
        }
      s += 2;
      for (;;)
        {
          int d;

          if (*s == '_')
            {
              d = digit_value (s[1]);
              if (d < 0 || (guint) d >= base)
                return lexer_error_at (lx, t->line, t->col, "invalid %s literal", what);
              s++;
            }
          d = digit_value (*s);
          if (d < 0 || (guint) d >= base)
            break;
          accumulate (&value, &overflow, base, (guint) d);
          any = TRUE;
          s++;
        }
      if (!any || is_id_continue_at (s))
        return lexer_error_at (lx, t->line, t->col, "invalid %s literal", what);
    }
  else
    {
      gboolean nonzero = FALSE;
      gboolean leading_zero = (s[0] == '0');

      if (!scan_digitpart (&s, &value, &overflow, &nonzero))
        return lexer_error_at (lx, t->line, t->col, "invalid decimal literal");
      if (*s == '.')
        {
          guint64 dummy = 0;
          gboolean dummy_overflow = FALSE, dummy_nonzero = FALSE;

          t->is_float = TRUE;
          s++;
          if (!scan_digitpart (&s, &dummy, &dummy_overflow, &dummy_nonzero))
            return lexer_error_at (lx, t->line, t->col, "invalid decimal literal");
        }
      if ((*s == 'e' || *s == 'E') &&
          (g_ascii_isdigit (s[1]) ||
           ((s[1] == '+' || s[1] == '-') && g_ascii_isdigit (s[2]))))
        {
          guint64 dummy = 0;
          gboolean dummy_overflow = FALSE, dummy_nonzero = FALSE;

          t->is_float = TRUE;
          s += (s[1] == '+' || s[1] == '-') ? 2 : 1;
          if (!scan_digitpart (&s, &dummy, &dummy_overflow, &dummy_nonzero))
            return lexer_error_at (lx, t->line, t->col, "invalid decimal literal");
        }
      if (*s == 'j' || *s == 'J')
        return lexer_error_at (lx, t->line, t->col, "complex numbers" UNSUPPORTED);
      if (is_id_continue_at (s))
        return lexer_error_at (lx, t->line, t->col, "invalid decimal literal");
      if (!t->is_float && leading_zero && nonzero)
        return lexer_error_at (lx, t->line, t->col,
                               "leading zeros in decimal integer literals are not permitted; "
                               "use an 0o prefix for octal integers");
      if (t->is_float)
        {
          char small[64];
          gsize n = (gsize) (s - t->start);
          char *text = n < sizeof small ? small : g_malloc (n + 1);
          gsize j = 0;

          for (const char *q = t->start; q < s; q++)
            if (*q != '_')
              text[j++] = *q;
          text[j] = '\0';
          t->fval = g_ascii_strtod (text, NULL);
          if (text != small)
            g_free (text);
        }
    }

  t->ival = value;
  t->overflow = overflow;
  t->end = s;
  lx->p = s;
  return TRUE;
}

/* Exactly @n hex digits at @s into @out; FALSE when there are fewer. */
static gboolean
read_hex (const char *s,
          guint       n,
          gunichar   *out)
{
  gunichar v = 0;

  for (guint i = 0; i < n; i++)
    {
      int d = digit_value (s[i]);

      if (d < 0)
        return FALSE;
      v = v * 16 + (gunichar) d;
    }
  *out = v;
  return TRUE;
}

static gboolean
append_escaped_char (Lexer      *lx,
                     const char *esc,
                     gunichar    c,
                     const char *what)
{
  if (c == 0)
    return lexer_error_here (lx, esc, "string literals containing NUL characters" UNSUPPORTED);
  if (c > 0x10FFFF)
    return lexer_error_here (lx, esc, "illegal Unicode character in %s escape", what);
  if (c >= 0xD800 && c <= 0xDFFF)
    return lexer_error_here (lx, esc, "surrogate code points (U+%04X)" UNSUPPORTED, c);
  g_string_append_unichar (lx->strbuf, c);
  return TRUE;
}

/* What the one-letter escape of @letter (one of "abfnrtv") stands for. */
static char
simple_escape (char letter)
{
  static const char letters[] = "abfnrtv";
  static const char chars[] = "\a\b\f\n\r\t\v";

  return chars[strchr (letters, letter) - letters];
}

/* \xXX, \uXXXX or \UXXXXXXXX, its letter at *@s, into the string; moves
 * *@s past the hex digits. */
static gboolean
lex_hex_escape (Lexer       *lx,
                const char  *esc,
                const char **s)
{
  const char letter = **s;
  const guint n_digits = letter == 'x' ? 2 : letter == 'u' ? 4 : 8;
  const char what[] = { '\\', letter, '\0' };
  gunichar c;

  if (!read_hex (*s + 1, n_digits, &c))
    return lexer_error_here (lx, esc, "truncated %s%.*s escape", what, (int) n_digits, "XXXXXXXX");
  *s += 1 + n_digits;
  return append_escaped_char (lx, esc, c, what);
}

/* @q points at the opening quote; t->start at the prefix (if any). */
static gboolean
lex_string (Lexer      *lx,
            Token      *t,
            const char *q,
            gboolean    raw)
{
  const char quote = *q;
  const gboolean triple = (q[1] == quote && q[2] == quote);
  GString *out = lx->strbuf;
  const char *s = q + (triple ? 3 : 1);

  t->kind = TOK_STRING;
  g_string_truncate (out, 0);

  for (;;)
    {
      const char *run = s;
      const char *esc;
      gunichar c;

      while (*s != '\0' && *s != quote && *s != '\\' && *s != '\n')
        s++;
      if (s > run)
        g_string_append_len (out, run, s - run);

      if (*s == '\0')
        return lexer_error_at (lx, t->line, t->col,
                               triple ? "unterminated triple-quoted string literal"
                                      : "unterminated string literal");
      if (*s == quote)
        {
          if (!triple)
            {
              s++;
              break;
            }
          if (s[1] == quote && s[2] == quote)
            {
              s += 3;
              break;
            }
          g_string_append_c (out, quote);
          s++;
          continue;
        }
      if (*s == '\n')
        {
          if (!triple)
            return lexer_error_at (lx, t->line, t->col, "unterminated string literal");
          g_string_append_c (out, '\n');
          s++;
          lexer_newline (lx, s);
          continue;
        }

      /* A backslash. */
      esc = s++;
      if (raw)
        {
          g_string_append_c (out, '\\');
          if (*s == '\n')
            {
              g_string_append_c (out, '\n');
              s++;
              lexer_newline (lx, s);
            }
          else if (*s == quote || *s == '\\')
            {
              g_string_append_c (out, *s);
              s++;
            }
          continue;
        }

      switch (*s)
        {
        case '\0':
          continue;   /* reported as unterminated above */
        case '\n':
          s++;
          lexer_newline (lx, s);
          break;
        case '\\':
        case '\'':
        case '"':
          g_string_append_c (out, *s);
          s++;
          break;
        case 'a':
        case 'b':
        case 'f':
        case 'n':
        case 'r':
        case 't':
        case 'v':
          g_string_append_c (out, simple_escape (*s));
          s++;
          break;
        case '0':
        case '1':
        case '2':
        case '3':
        case '4':
        case '5':
        case '6':
        case '7':
          c = 0;
          for (guint i = 0; i < 3 && *s >= '0' && *s <= '7'; i++, s++)
            c = c * 8 + (gunichar) (*s - '0');
          if (!append_escaped_char (lx, esc, c, "octal"))
            return FALSE;
          break;
        case 'x':
        case 'u':
        case 'U':
          if (!lex_hex_escape (lx, esc, &s))
            return FALSE;
          break;
        case 'N':
          return lexer_error_here (lx, esc,
                                   "\\N{...} escapes" UNSUPPORTED "; write the character itself");
        default:
          /* Unknown escape: Python keeps the backslash. */
          g_string_append_c (out, '\\');
          break;
        }
    }

  t->end = s;
  lx->p = s;
  return TRUE;
}

static gboolean
lex_invalid_char (Lexer      *lx,
                  const char *p)
{
  gunichar c = g_utf8_get_char (p);

  if (py_isprintable (c))
    {
      char utf8[8] = { 0 };

      g_unichar_to_utf8 (c, utf8);
      return lexer_error_here (lx, p, "invalid character '%s' (U+%04X)", utf8, c);
    }
  return lexer_error_here (lx, p, "invalid non-printable character U+%04X", c);
}

static void
tok_simple (Lexer  *lx,
            Token  *t,
            TokKind kind,
            gsize   len)
{
  t->kind = kind;
  t->end = t->start + len;
  lx->p = t->end;
}

static gboolean
lex_operator (Lexer *lx,
              Token *t)
{
  const char *s = t->start;

  switch (s[0])
    {
    case '(':
      lx->brackets++;
      tok_simple (lx, t, TOK_LPAR, 1);
      break;
    case '[':
      lx->brackets++;
      tok_simple (lx, t, TOK_LSQB, 1);
      break;
    case '{':
      lx->brackets++;
      tok_simple (lx, t, TOK_LBRACE, 1);
      break;
    case ')':
      if (lx->brackets > 0)
        lx->brackets--;
      tok_simple (lx, t, TOK_RPAR, 1);
      break;
    case ']':
      if (lx->brackets > 0)
        lx->brackets--;
      tok_simple (lx, t, TOK_RSQB, 1);
      break;
    case '}':
      if (lx->brackets > 0)
        lx->brackets--;
      tok_simple (lx, t, TOK_RBRACE, 1);
      break;
    case ',':
      tok_simple (lx, t, TOK_COMMA, 1);
      break;
    case ';':
      tok_simple (lx, t, TOK_SEMI, 1);
      break;
    case '~':
      tok_simple (lx, t, TOK_OP, 1);
      break;
    case ':':
      if (s[1] == '=')
        tok_simple (lx, t, TOK_WALRUS, 2);
      else
        tok_simple (lx, t, TOK_COLON, 1);
      break;
    case '.':
      if (s[1] == '.' && s[2] == '.')
        tok_simple (lx, t, TOK_ELLIPSIS, 3);
      else
        tok_simple (lx, t, TOK_DOT, 1);
      break;
    case '=':
      if (s[1] == '=')
        tok_simple (lx, t, TOK_OP, 2);
      else
        tok_simple (lx, t, TOK_EQUAL, 1);
      break;
    case '-':
      if (s[1] == '>')
        tok_simple (lx, t, TOK_ARROW, 2);
      else if (s[1] == '=')
        tok_simple (lx, t, TOK_AUGASSIGN, 2);
      else
        tok_simple (lx, t, TOK_MINUS, 1);
      break;
    case '+':
      if (s[1] == '=')
        tok_simple (lx, t, TOK_AUGASSIGN, 2);
      else
        tok_simple (lx, t, TOK_PLUS, 1);
      break;
    case '*':
      if (s[1] == '*' && s[2] == '=')
        tok_simple (lx, t, TOK_AUGASSIGN, 3);
      else if (s[1] == '*')
        tok_simple (lx, t, TOK_DOUBLESTAR, 2);
      else if (s[1] == '=')
        tok_simple (lx, t, TOK_AUGASSIGN, 2);
      else
        tok_simple (lx, t, TOK_STAR, 1);
      break;
    case '/':
      if (s[1] == '/' && s[2] == '=')
        tok_simple (lx, t, TOK_AUGASSIGN, 3);
      else if (s[1] == '/')
        tok_simple (lx, t, TOK_OP, 2);
      else if (s[1] == '=')
        tok_simple (lx, t, TOK_AUGASSIGN, 2);
      else
        tok_simple (lx, t, TOK_OP, 1);
      break;
    case '@':
      if (s[1] == '=')
        tok_simple (lx, t, TOK_AUGASSIGN, 2);
      else
        tok_simple (lx, t, TOK_AT, 1);
      break;
    case '|':
      if (s[1] == '=')
        tok_simple (lx, t, TOK_AUGASSIGN, 2);
      else
        tok_simple (lx, t, TOK_PIPE, 1);
      break;
    case '%':
    case '&':
    case '^':
      if (s[1] == '=')
        tok_simple (lx, t, TOK_AUGASSIGN, 2);
      else
        tok_simple (lx, t, TOK_OP, 1);
      break;
    case '<':
    case '>':
      if (s[1] == s[0] && s[2] == '=')
        tok_simple (lx, t, TOK_AUGASSIGN, 3);
      else if (s[1] == s[0] || s[1] == '=')
        tok_simple (lx, t, TOK_OP, 2);
      else
        tok_simple (lx, t, TOK_OP, 1);
      break;
    case '!':
      if (s[1] == '=')
        {
          tok_simple (lx, t, TOK_OP, 2);
          break;
        }
      return lex_invalid_char (lx, s);
    default:
      return lex_invalid_char (lx, s);
    }
  return TRUE;
}

static gboolean
lex_name (Lexer *lx,
          Token *t)
{
  const char *s = t->start;
  gsize len;

  while (is_id_continue_at (s))
    s = (guchar) *s >= 0x80 ? g_utf8_next_char (s) : s + 1;
  len = (gsize) (s - t->start);

  /* String prefixes. */
  if (len <= 2 && (*s == '\'' || *s == '"'))
    {
      gboolean r = FALSE, b = FALSE, f = FALSE, u = FALSE, ok = TRUE;

      for (gsize i = 0; i < len; i++)
        {
          gboolean *flag;

          switch (g_ascii_tolower (t->start[i]))
            {
            case 'r':
              flag = &r;
              break;
            case 'b':
              flag = &b;
              break;
            case 'f':
              flag = &f;
              break;
            case 'u':
              flag = &u;
              break;
            default:
              flag = NULL;
              break;
            }
          if (flag == NULL || *flag)
            ok = FALSE;
          else
            *flag = TRUE;
        }
      if (ok && len == 2 && !(r && (b || f)))
        ok = FALSE;
      if (ok)
        {
          if (b && !lx->model_mode)
            return lexer_error_at (lx, t->line, t->col, "bytes literals" UNSUPPORTED);
          if (f && !lx->model_mode)
            return lexer_error_at (lx, t->line, t->col, "f-strings" UNSUPPORTED);
          return lex_string (lx, t, s, r);
        }
    }

  t->kind = TOK_NAME;
  t->kw = lookup_keyword (t->start, len);
  t->end = s;
  lx->p = s;
  return TRUE;
}

/* Handle indentation at the start of a logical line.  Returns TRUE with
 * *emitted set when it produced an INDENT/DEDENT token. */
static gboolean
lex_indentation (Lexer    *lx,
                 Token    *t,
                 gboolean *emitted,
                 gboolean *at_eof)
{
  for (;;)
    {
      const char *q = lx->p;
      guint col = 0, alt = 0, top;

      for (;; q++)
        {
          if (*q == ' ')
            {
              col++;
              alt++;
            }
          else if (*q == '\t')
            {
              col = (col / 8 + 1) * 8;
              alt++;
            }
          else if (*q == '\f')
            col = alt = 0;
          else if (*q == '\\' && q[1] == '\n' && q[2] != '\0')
            {
              /* As CPython 3.11 does, indentation continues on the next line. */
              q++;
              lexer_newline (lx, q + 1);
            }
          else
            break;
        }
      if (*q == '#')
        q = lexer_skip_comment (lx, q);
      if (*q == '\n')
        {
          lx->p = q + 1;
          lexer_newline (lx, lx->p);
          continue;   /* blank line */
        }
      lx->p = q;
      if (*q == '\0')
        {
          *at_eof = TRUE;
          return TRUE;
        }

      lx->at_line_start = FALSE;
      top = lx->n_indent - 1;
      t->line = lx->line;
      t->col = lexer_column (lx, q);
      t->start = t->end = q;

      if (col == lx->indent_col[top])
        {
          if (alt != lx->indent_alt[top])
            return lexer_error_at (lx, t->line, t->col,
                                   "inconsistent use of tabs and spaces in indentation");
          return TRUE;
        }
      if (col > lx->indent_col[top])
        {
          if (alt <= lx->indent_alt[top])
            return lexer_error_at (lx, t->line, t->col,
                                   "inconsistent use of tabs and spaces in indentation");
          if (lx->n_indent > MAX_INDENT)
            return lexer_error_at (lx, t->line, t->col, "too many levels of indentation");
          lx->indent_col[lx->n_indent] = col;
          lx->indent_alt[lx->n_indent] = alt;
          lx->n_indent++;
          t->kind = TOK_INDENT;
          *emitted = TRUE;
          return TRUE;
        }

      {
        guint n = 0;

        while (lx->n_indent > 1 && col < lx->indent_col[lx->n_indent - 1])
          {
            lx->n_indent--;
            n++;
          }
        top = lx->n_indent - 1;
        if (col != lx->indent_col[top])
          return lexer_error_at (lx, t->line, t->col,
                                 "unindent does not match any outer indentation level");
        if (alt != lx->indent_alt[top])
          return lexer_error_at (lx, t->line, t->col,
                                 "inconsistent use of tabs and spaces in indentation");
        lx->pending_dedents = n - 1;
        lx->dedent_line = t->line;
        lx->dedent_col = t->col;
        t->kind = TOK_DEDENT;
        *emitted = TRUE;
        return TRUE;
      }
    }
}

static gboolean
lexer_next (Lexer *lx,
            Token *t)
{
  t->kw = KW_NOT_KEYWORD;

  for (;;)
    {
      const char *p;
      char c;

      if (lx->pending_dedents > 0)
        {
          lx->pending_dedents--;
          t->kind = TOK_DEDENT;
          t->line = lx->dedent_line;
          t->col = lx->dedent_col;
          t->start = t->end = lx->p;
          return TRUE;
        }

      if (lx->at_line_start && lx->brackets == 0 && !lx->expr_mode)
        {
          gboolean emitted = FALSE, at_eof = FALSE;

          if (!lex_indentation (lx, t, &emitted, &at_eof))
            return FALSE;
          if (emitted)
            return TRUE;
        }

      /* Whitespace, comments, continuation lines. */
      for (;;)
        {
          p = lx->p;
          c = *p;
          if (c == ' ' || c == '\t' || c == '\f')
            lx->p++;
          else if (c == '#')
            lx->p = lexer_skip_comment (lx, p);
          else if (c == '\\')
            {
              if (p[1] == '\n' && p[2] != '\0')
                {
                  lx->p = p + 2;
                  lexer_newline (lx, lx->p);
                }
              else if (p[1] == '\0' || p[1] == '\n')
                return lexer_error_here (lx, p, "unexpected end of file after line "
                                         "continuation character");
              else
                return lexer_error_here (lx, p,
                                         "unexpected character after line continuation character");
            }
          else if (c == '\n' && (lx->brackets > 0 || lx->expr_mode))
            {
              lx->p = p + 1;
              lexer_newline (lx, lx->p);
            }
          else
            break;
        }

      t->start = t->end = p;
      t->line = lx->line;
      t->col = lexer_column (lx, p);

      if (c == '\0')
        {
          if (!lx->expr_mode && lx->brackets == 0)
            {
              if (!lx->at_line_start)
                {
                  lx->at_line_start = TRUE;
                  t->kind = TOK_NEWLINE;
                  return TRUE;
                }
              if (lx->n_indent > 1)
                {
                  lx->pending_dedents = lx->n_indent - 2;
                  lx->n_indent = 1;
                  lx->dedent_line = t->line;
                  lx->dedent_col = t->col;
                  t->kind = TOK_DEDENT;
                  return TRUE;
                }
            }
          t->kind = TOK_EOF;
          return TRUE;
        }

      if (c == '\n')
        {
          lx->p = p + 1;
          lexer_newline (lx, lx->p);
          if (lx->at_line_start)
            continue;   /* a line made only of a continuation */
          lx->at_line_start = TRUE;
          t->kind = TOK_NEWLINE;
          t->end = p + 1;
          return TRUE;
        }

      lx->at_line_start = FALSE;

      if (c == '\'' || c == '"')
        return lex_string (lx, t, p, FALSE);
      if (g_ascii_isdigit (c) || (c == '.' && g_ascii_isdigit (p[1])))
        return lex_number (lx, t);
      if ((guchar) c >= 0x80 ? is_id_start (g_utf8_get_char (p))
                             : (g_ascii_isalpha (c) || c == '_'))
        return lex_name (lx, t);
      return lex_operator (lx, t);
    }
}

/* ------------------------------------------------------------------------ */
/* Source preparation                                                       */
/* ------------------------------------------------------------------------ */

static void
position_of (const char *text,
             const char *at,
             guint      *line,
             guint      *col)
{
  *line = 1;
  *col = 1;
  for (const char *q = text; q < at; q++)
    {
      if (*q == '\n' || (*q == '\r' && (q + 1 >= at || q[1] != '\n')))
        {
          (*line)++;
          *col = 1;
        }
      else if (*q != '\r' && ((guchar) *q & 0xC0) != 0x80)
        (*col)++;
    }
}

static char *
prepare_source (const char *text,
                gssize      len,
                const char *display,
                gsize      *out_len,
                GError    **error)
{
  const char *bad = NULL;
  gsize n = len < 0 ? strlen (text) : (gsize) len;
  const char *cr;
  char *buf;

  if (n >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    {
      text += 3;
      n -= 3;
    }

  if (!g_utf8_validate_len (text, n, &bad))
    {
      guint line, col;

      position_of (text, bad, &line, &col);
      if (*bad == '\0')
        g_set_error (error, LIM_PY_ERROR, LIM_PY_ERROR_SYNTAX,
                     "%s:%u:%u: source code cannot contain null bytes", display, line, col);
      else
        g_set_error (error, LIM_PY_ERROR, LIM_PY_ERROR_SYNTAX,
                     "%s:%u:%u: invalid UTF-8 (byte 0x%02X)", display, line, col,
                     (guchar) *bad);
      return NULL;
    }

  buf = g_malloc (n + 1);
  cr = memchr (text, '\r', n);
  if (cr == NULL)
    {
      memcpy (buf, text, n);
      buf[n] = '\0';
      *out_len = n;
      return buf;
    }

  {
    gsize prefix = (gsize) (cr - text);
    gsize j = prefix;

    memcpy (buf, text, prefix);
    for (gsize i = prefix; i < n; i++)
      {
        if (text[i] == '\r')
          {
            buf[j++] = '\n';
            if (i + 1 < n && text[i + 1] == '\n')
              i++;
          }
        else
          buf[j++] = text[i];
      }
    buf[j] = '\0';
    *out_len = j;
  }
  return buf;
}

/* ------------------------------------------------------------------------ */
/* Nodes and statements                                                     */
/* ------------------------------------------------------------------------ */

static void
node_free_cb (gpointer data)
{
  lim_py_node_free (data);
}

void
lim_py_node_free (LimPyNode *node)
{
  if (node == NULL)
    return;
  g_free (node->str);
  lim_py_node_free (node->callee);
  g_clear_pointer (&node->items, g_ptr_array_unref);
  g_clear_pointer (&node->values, g_ptr_array_unref);
  g_clear_pointer (&node->keywords, g_ptr_array_unref);
  g_free (node);
}

static LimPyNode *
node_new (LimPyKind kind,
          guint     line,
          guint     column)
{
  LimPyNode *node = g_new0 (LimPyNode, 1);

  node->kind = kind;
  node->line = line;
  node->column = column;
  switch (kind)
    {
    case LIM_PY_CALL:
      node->keywords = g_ptr_array_new_with_free_func (g_free);
      node->values = g_ptr_array_new_with_free_func (node_free_cb);
      node->items = g_ptr_array_new_with_free_func (node_free_cb);
      break;
    case LIM_PY_DICT:
      node->values = g_ptr_array_new_with_free_func (node_free_cb);
      node->items = g_ptr_array_new_with_free_func (node_free_cb);
      break;
    case LIM_PY_LIST:
    case LIM_PY_TUPLE:
    case LIM_PY_SET:
    case LIM_PY_SUBSCRIPT:
      node->items = g_ptr_array_new_with_free_func (node_free_cb);
      break;
    case LIM_PY_NONE:
    case LIM_PY_BOOL:
    case LIM_PY_INT:
    case LIM_PY_FLOAT:
    case LIM_PY_STR:
    case LIM_PY_NAME:
    default:
      break;
    }
  return node;
}

static void
stmt_free (LimPyStmt *stmt)
{
  if (stmt == NULL)
    return;
  g_clear_pointer (&stmt->targets, g_ptr_array_unref);
  lim_py_node_free (stmt->value);
  g_free (stmt->name);
  g_free (stmt->annotation);
  g_free (stmt->docstring);
  g_clear_pointer (&stmt->bases, g_ptr_array_unref);
  g_clear_pointer (&stmt->body, g_ptr_array_unref);
  g_free (stmt);
}

static void
stmt_free_cb (gpointer data)
{
  stmt_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimPyStmt, stmt_free)

static LimPyStmt *
stmt_new (LimPyStmtKind kind,
          guint line,
          guint column)
{
  LimPyStmt *stmt = g_new0 (LimPyStmt, 1);

  stmt->kind = kind;
  stmt->line = line;
  stmt->column = column;
  return stmt;
}

static void
comment_free_cb (gpointer data)
{
  LimPyComment *comment = data;

  g_free (comment->text);
  g_free (comment);
}

void
lim_py_module_free (LimPyModule *module)
{
  if (module == NULL)
    return;
  g_free (module->filename);
  g_free (module->docstring);
  g_clear_pointer (&module->statements, g_ptr_array_unref);
  g_clear_pointer (&module->comments, g_ptr_array_unref);
  g_free (module);
}

/* ------------------------------------------------------------------------ */
/* Parser                                                                   */
/* ------------------------------------------------------------------------ */

typedef struct
{
  Lexer lx;
  Token tok;
  guint depth;
} Parser;

static void
parser_init (Parser     *p,
             char       *buf,
             gsize       len,
             const char *display,
             gboolean    expr_mode)
{
  memset (p, 0, sizeof *p);
  p->lx.filename = display;
  p->lx.buf = buf;
  p->lx.p = buf;
  p->lx.end = buf + len;
  p->lx.line = 1;
  p->lx.line_start = buf;
  p->lx.col_line = buf;
  p->lx.col_ptr = buf;
  p->lx.col_val = 1;
  p->lx.n_indent = 1;
  p->lx.at_line_start = TRUE;
  p->lx.expr_mode = expr_mode;
  p->lx.strbuf = g_string_sized_new (256);
}

static void
parser_clear (Parser *p)
{
  g_string_free (p->lx.strbuf, TRUE);
  g_free (p->lx.buf);
  g_clear_error (&p->lx.error);
}

static gboolean
advance (Parser *p)
{
  return lexer_next (&p->lx, &p->tok);
}

/* A short description of a token for "found …" messages. */
static char *
tok_describe (const Token *t)
{
  gsize len;

  switch (t->kind)
    {
    case TOK_EOF:
      return g_strdup ("end of file");
    case TOK_NEWLINE:
      return g_strdup ("end of line");
    case TOK_INDENT:
      return g_strdup ("indentation");
    case TOK_DEDENT:
      return g_strdup ("end of indented block");
    case TOK_STRING:
      return g_strdup ("string literal");
    default:
      break;
    }

  len = (gsize) (t->end - t->start);
  if (len > MAX_QUOTED)
    {
      len = MAX_QUOTED;
      while (len > 0 && ((guchar) t->start[len] & 0xC0) == 0x80)
        len--;
      return g_strdup_printf ("'%.*s...'", (int) len, t->start);
    }
  return g_strdup_printf ("'%.*s'", (int) len, t->start);
}

static gpointer parse_error_at (Parser     *p,
                                guint       line,
                                guint       col,
                                const char *format,
                                ...) G_GNUC_PRINTF (4, 5);

/* Records an error (the first one wins) and returns NULL (or FALSE). */
static gpointer
parse_error_at (Parser     *p,
                guint       line,
                guint       col,
                const char *format,
                ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (p->lx.error != NULL)
    return NULL;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  lexer_error_at (&p->lx, line, col, "%s", message);
  return NULL;
}

#define parse_error(p, ...) parse_error_at ((p), (p)->tok.line, (p)->tok.col, __VA_ARGS__)

/* "expected X, found <current token>" at the current token. */
static gpointer
parse_expected (Parser     *p,
                const char *what)
{
  g_autofree char *found = tok_describe (&p->tok);

  return parse_error (p, "expected %s, found %s", what, found);
}

static gpointer
parse_never_closed (Parser *p,
                    char    opener,
                    guint   line,
                    guint   col)
{
  return parse_error_at (p, line, col, "'%c' was never closed", opener);
}

static gboolean
tok_is (const Parser *p,
        TokKind       kind)
{
  return p->tok.kind == kind;
}

static gboolean
tok_is_kw (const Parser *p,
           Keyword       kw)
{
  return p->tok.kind == TOK_NAME && p->tok.kw == kw;
}

static gboolean
tok_is_plain_name (const Parser *p)
{
  return p->tok.kind == TOK_NAME && p->tok.kw == KW_NOT_KEYWORD;
}

static char *
tok_dup (const Token *t)
{
  return g_strndup (t->start, (gsize) (t->end - t->start));
}

/* Python compares identifiers after NFKC normalisation (PEP 3131). Takes
 * @name; ASCII names are returned as they are. */
static char *
normalize_name (char *name)
{
  char *normalized;

  for (const char *q = name; *q != '\0'; q++)
    if ((guchar) *q >= 0x80)
      goto non_ascii;
  return name;

non_ascii:
  normalized = g_utf8_normalize (name, -1, G_NORMALIZE_NFKC);
  if (normalized == NULL)
    return name;
  g_free (name);
  return normalized;
}

static gboolean
node_is_plain_name (const LimPyNode *node)
{
  return node->kind == LIM_PY_NAME && strchr (node->str, '.') == NULL;
}

static LimPyNode *parse_expr (Parser *p);

/* After a complete expression: reject the constructs of full Python that
 * would otherwise continue it. */
static gboolean
check_expr_end (Parser *p)
{
  switch (p->tok.kind)
    {
    case TOK_PLUS:
    case TOK_MINUS:
    case TOK_STAR:
    case TOK_DOUBLESTAR:
    case TOK_AT:
    case TOK_PIPE:
    case TOK_OP:
      return parse_error (p, "operators" UNSUPPORTED) != NULL;
    case TOK_WALRUS:
      return parse_error (p, "assignment expressions (':=')" UNSUPPORTED) != NULL;
    case TOK_AUGASSIGN:
      {
        g_autofree char *op = tok_dup (&p->tok);

        return parse_error (p, "augmented assignments ('%s')" UNSUPPORTED, op) != NULL;
      }
    case TOK_NAME:
      switch (p->tok.kw)
        {
        case KW_AND:
        case KW_OR:
        case KW_NOT:
        case KW_IN:
        case KW_IS:
          return parse_error (p, "operators" UNSUPPORTED) != NULL;
        case KW_IF:
          return parse_error (p, "conditional expressions" UNSUPPORTED) != NULL;
        case KW_FOR:
        case KW_ASYNC:
          return parse_error (p, "comprehensions" UNSUPPORTED) != NULL;
        default:
          return TRUE;
        }
    default:
      return TRUE;
    }
}

static LimPyNode *
number_node (Parser      *p,
             const Token *t,
             gboolean     negative,
             guint        line,
             guint        col)
{
  LimPyNode *node;

  if (t->is_float)
    {
      node = node_new (LIM_PY_FLOAT, line, col);
      node->fval = negative ? -t->fval : t->fval;
      return node;
    }
  if (t->overflow ||
      t->ival > (negative ? (guint64) G_MAXINT64 + 1 : (guint64) G_MAXINT64))
    return parse_error_at (p, line, col, "integer literal out of 64-bit range");

  node = node_new (LIM_PY_INT, line, col);
  if (!negative)
    node->ival = (gint64) t->ival;
  else if (t->ival == (guint64) G_MAXINT64 + 1)
    node->ival = G_MININT64;
  else
    node->ival = -(gint64) t->ival;
  return node;
}

/* Comma-separated elements up to @closer (whose opener is already consumed);
 * consumes the closer. */
static gboolean
parse_sequence (Parser     *p,
                GPtrArray  *items,
                TokKind     closer,
                char        opener,
                const char *what,
                guint       open_line,
                guint       open_col)
{
  for (;;)
    {
      LimPyNode *item;

      if (tok_is (p, closer))
        break;
      if (tok_is (p, TOK_EOF))
        return parse_never_closed (p, opener, open_line, open_col) != NULL;
      item = parse_expr (p);
      if (item == NULL)
        return FALSE;
      g_ptr_array_add (items, item);
      if (tok_is (p, TOK_COMMA))
        {
          if (!advance (p))
            return FALSE;
          continue;
        }
      if (tok_is (p, closer))
        break;
      if (tok_is (p, TOK_EOF))
        return parse_never_closed (p, opener, open_line, open_col) != NULL;
      {
        g_autofree char *expected = g_strdup_printf ("',' or '%c' in %s",
                                                     closer == TOK_RSQB ? ']' :
                                                     closer == TOK_RBRACE ? '}' : ')',
                                                     what);
        return parse_expected (p, expected) != NULL;
      }
    }
  return advance (p);
}

static LimPyNode *
parse_call (Parser    *p,
            LimPyNode *callee)
{
  g_autoptr(LimPyNode) call = node_new (LIM_PY_CALL, callee->line, callee->column);
  g_autoptr(GHashTable) seen = NULL;
  guint open_line = p->tok.line, open_col = p->tok.col;

  call->str = g_steal_pointer (&callee->str);
  lim_py_node_free (callee);

  if (!advance (p))
    return NULL;
  for (;;)
    {
      LimPyNode *arg;

      if (tok_is (p, TOK_RPAR))
        break;
      if (tok_is (p, TOK_EOF))
        return parse_never_closed (p, '(', open_line, open_col);
      if (tok_is (p, TOK_STAR) || tok_is (p, TOK_DOUBLESTAR))
        {
          g_autofree char *op = tok_dup (&p->tok);

          return parse_error (p, "'%s' arguments" UNSUPPORTED, op);
        }
      arg = parse_expr (p);
      if (arg == NULL)
        return NULL;
      if (tok_is (p, TOK_EQUAL))
        {
          LimPyNode *value;

          if (!node_is_plain_name (arg))
            {
              parse_error_at (p, arg->line, arg->column,
                              "keyword argument names must be plain names");
              lim_py_node_free (arg);
              return NULL;
            }
          if (call->keywords->len >= 8 && seen == NULL)
            {
              seen = g_hash_table_new (g_str_hash, g_str_equal);
              for (guint i = 0; i < call->keywords->len; i++)
                g_hash_table_add (seen, g_ptr_array_index (call->keywords, i));
            }
          {
            gboolean dup = FALSE;

            if (seen != NULL)
              dup = g_hash_table_contains (seen, arg->str);
            else
              for (guint i = 0; i < call->keywords->len && !dup; i++)
                dup = strcmp (g_ptr_array_index (call->keywords, i), arg->str) == 0;
            if (dup)
              {
                parse_error_at (p, arg->line, arg->column, "keyword argument repeated: %s",
                                arg->str);
                lim_py_node_free (arg);
                return NULL;
              }
          }
          g_ptr_array_add (call->keywords, g_steal_pointer (&arg->str));
          if (seen != NULL)
            g_hash_table_add (seen, g_ptr_array_index (call->keywords, call->keywords->len - 1));
          lim_py_node_free (arg);
          if (!advance (p))
            return NULL;
          value = parse_expr (p);
          if (value == NULL)
            return NULL;
          g_ptr_array_add (call->values, value);
        }
      else
        {
          if (call->keywords->len > 0)
            {
              parse_error_at (p, arg->line, arg->column,
                              "positional argument follows keyword argument");
              lim_py_node_free (arg);
              return NULL;
            }
          g_ptr_array_add (call->items, arg);
        }

      if (tok_is (p, TOK_COMMA))
        {
          if (!advance (p))
            return NULL;
          continue;
        }
      if (tok_is (p, TOK_RPAR))
        break;
      if (tok_is (p, TOK_EOF))
        return parse_never_closed (p, '(', open_line, open_col);
      return parse_expected (p, "',' or ')' in call");
    }
  if (!advance (p))
    return NULL;
  return g_steal_pointer (&call);
}

static LimPyNode *
parse_subscript (Parser    *p,
                 LimPyNode *value)
{
  g_autoptr(LimPyNode) node = node_new (LIM_PY_SUBSCRIPT, value->line, value->column);
  guint open_line = p->tok.line, open_col = p->tok.col;
  LimPyNode *index;

  node->callee = value;
  if (!advance (p))
    return NULL;
  if (tok_is (p, TOK_EOF))
    return parse_never_closed (p, '[', open_line, open_col);
  if (tok_is (p, TOK_COLON))
    return parse_error (p, "slices" UNSUPPORTED);
  index = parse_expr (p);
  if (index == NULL)
    return NULL;
  if (tok_is (p, TOK_COLON))
    {
      lim_py_node_free (index);
      return parse_error (p, "slices" UNSUPPORTED);
    }
  if (tok_is (p, TOK_COMMA))
    {
      LimPyNode *tuple = node_new (LIM_PY_TUPLE, index->line, index->column);

      g_ptr_array_add (tuple->items, index);
      g_ptr_array_add (node->items, tuple);
      if (!advance (p) ||
          !parse_sequence (p, tuple->items, TOK_RSQB, '[', "subscript", open_line, open_col))
        return NULL;
      return g_steal_pointer (&node);
    }
  g_ptr_array_add (node->items, index);
  if (tok_is (p, TOK_EOF))
    return parse_never_closed (p, '[', open_line, open_col);
  if (!tok_is (p, TOK_RSQB))
    return parse_expected (p, "']' in subscript");
  if (!advance (p))
    return NULL;
  return g_steal_pointer (&node);
}

/* Calls, subscripts and attribute access after an atom.  Takes @base. */
static LimPyNode *
parse_postfix (Parser    *p,
               LimPyNode *base)
{
  guint saved_depth = p->depth;
  LimPyNode *node = base;

  while (node != NULL)
    {
      if (tok_is (p, TOK_LPAR))
        {
          if (node->kind != LIM_PY_NAME)
            {
              parse_error (p, "only names can be called in revision files");
              break;
            }
          node = parse_call (p, node);
          continue;
        }
      if (tok_is (p, TOK_LSQB))
        {
          if (node->kind != LIM_PY_NAME && node->kind != LIM_PY_CALL &&
              node->kind != LIM_PY_SUBSCRIPT)
            {
              parse_error (p, "only names, calls and subscripts can be subscripted in "
                           "revision files");
              break;
            }
          /* Each subscript nests the tree one level deeper. */
          if (++p->depth > MAX_DEPTH)
            {
              parse_error (p, "too many nested expressions (the limit is %d)", MAX_DEPTH);
              break;
            }
          node = parse_subscript (p, node);
          continue;
        }
      if (tok_is (p, TOK_DOT))
        {
          parse_error (p, "attribute access is only supported on names in revision files");
          break;
        }
      p->depth = saved_depth;
      return node;
    }

  p->depth = saved_depth;
  lim_py_node_free (node);
  return NULL;
}

static LimPyNode *
parse_name (Parser *p)
{
  LimPyNode *node = node_new (LIM_PY_NAME, p->tok.line, p->tok.col);
  const char *start = p->tok.start, *end = p->tok.end;
  GString *name = NULL;

  /* Usually the dotted name is written without spaces and can be copied
   * from the source in one piece; otherwise it is built in @name. */
  if (!advance (p))
    goto fail;
  while (tok_is (p, TOK_DOT))
    {
      gboolean adjacent = p->tok.start == end;

      if (!advance (p))
        goto fail;
      if (!tok_is_plain_name (p))
        {
          parse_expected (p, "a name after '.'");
          goto fail;
        }
      if (name == NULL && (!adjacent || p->tok.start != end + 1))
        name = g_string_new_len (start, end - start);
      if (name != NULL)
        {
          g_string_append_c (name, '.');
          g_string_append_len (name, p->tok.start, p->tok.end - p->tok.start);
        }
      end = p->tok.end;
      if (!advance (p))
        goto fail;
    }
  if (name != NULL)
    node->str = g_string_free (name, FALSE);
  else
    node->str = g_strndup (start, (gsize) (end - start));
  node->str = normalize_name (node->str);
  return node;

fail:
  if (name != NULL)
    g_string_free (name, TRUE);
  lim_py_node_free (node);
  return NULL;
}

static LimPyNode *
parse_string (Parser *p)
{
  LimPyNode *node = node_new (LIM_PY_STR, p->tok.line, p->tok.col);
  GString *acc = NULL;

  /* One literal is copied once; adjacent ones are concatenated in @acc. */
  node->str = g_strndup (p->lx.strbuf->str, p->lx.strbuf->len);
  for (;;)
    {
      if (!advance (p))
        {
          if (acc != NULL)
            g_string_free (acc, TRUE);
          lim_py_node_free (node);
          return NULL;
        }
      if (!tok_is (p, TOK_STRING))
        break;
      if (acc == NULL)
        {
          acc = g_string_new (node->str);
          g_clear_pointer (&node->str, g_free);
        }
      g_string_append_len (acc, p->lx.strbuf->str, (gssize) p->lx.strbuf->len);
    }
  if (acc != NULL)
    node->str = g_string_free (acc, FALSE);
  return node;
}

/* Steps over the opening bracket @opener at the current token.  TRUE when
 * an item follows; FALSE when the group is over: *@done is then the empty
 * group of @kind ("()", "{}") up to @closer, or NULL after an error. */
static gboolean
parse_group_open (Parser     *p,
                  char        opener,
                  TokKind     closer,
                  LimPyKind   kind,
                  LimPyNode **done)
{
  guint line = p->tok.line, col = p->tok.col;

  *done = NULL;
  if (!advance (p))
    return FALSE;
  if (tok_is (p, closer))
    {
      if (advance (p))
        *done = node_new (kind, line, col);
      return FALSE;
    }
  if (tok_is (p, TOK_EOF))
    {
      *done = parse_never_closed (p, opener, line, col);
      return FALSE;
    }
  return TRUE;
}

static LimPyNode *
parse_paren (Parser *p)
{
  guint line = p->tok.line, col = p->tok.col;
  g_autoptr(LimPyNode) tuple = NULL;
  LimPyNode *first;

  if (!parse_group_open (p, '(', TOK_RPAR, LIM_PY_TUPLE, &first))
    return first;
  first = parse_expr (p);
  if (first == NULL)
    return NULL;
  if (tok_is (p, TOK_RPAR))
    {
      if (!advance (p))
        {
          lim_py_node_free (first);
          return NULL;
        }
      return first;
    }
  tuple = node_new (LIM_PY_TUPLE, line, col);
  g_ptr_array_add (tuple->items, first);
  if (tok_is (p, TOK_COMMA))
    {
      if (!advance (p) ||
          !parse_sequence (p, tuple->items, TOK_RPAR, '(', "tuple", line, col))
        return NULL;
      return g_steal_pointer (&tuple);
    }
  if (tok_is (p, TOK_EOF))
    return parse_never_closed (p, '(', line, col);
  return parse_expected (p, "',' or ')'");
}

static LimPyNode *
parse_list (Parser *p)
{
  g_autoptr(LimPyNode) list = node_new (LIM_PY_LIST, p->tok.line, p->tok.col);

  if (!advance (p) ||
      !parse_sequence (p, list->items, TOK_RSQB, '[', "list", list->line, list->column))
    return NULL;
  return g_steal_pointer (&list);
}

static LimPyNode *
parse_braces (Parser *p)
{
  guint line = p->tok.line, col = p->tok.col;
  g_autoptr(LimPyNode) node = NULL;
  LimPyNode *first;

  if (!parse_group_open (p, '{', TOK_RBRACE, LIM_PY_DICT, &first))
    return first;
  if (tok_is (p, TOK_DOUBLESTAR))
    return parse_error (p, "'**' unpacking" UNSUPPORTED_1);

  first = parse_expr (p);
  if (first == NULL)
    return NULL;

  if (!tok_is (p, TOK_COLON))
    {
      node = node_new (LIM_PY_SET, line, col);
      g_ptr_array_add (node->items, first);
      if (tok_is (p, TOK_COMMA))
        {
          if (!advance (p) ||
              !parse_sequence (p, node->items, TOK_RBRACE, '{', "set", line, col))
            return NULL;
          return g_steal_pointer (&node);
        }
      if (tok_is (p, TOK_RBRACE))
        {
          if (!advance (p))
            return NULL;
          return g_steal_pointer (&node);
        }
      if (tok_is (p, TOK_EOF))
        return parse_never_closed (p, '{', line, col);
      return parse_expected (p, "',' or '}' in set");
    }

  node = node_new (LIM_PY_DICT, line, col);
  g_ptr_array_add (node->items, first);
  for (;;)
    {
      LimPyNode *item;

      /* At the ':' after a key. */
      if (!advance (p))
        return NULL;
      if (tok_is (p, TOK_EOF))
        return parse_never_closed (p, '{', line, col);
      item = parse_expr (p);
      if (item == NULL)
        return NULL;
      g_ptr_array_add (node->values, item);

      if (tok_is (p, TOK_COMMA))
        {
          if (!advance (p))
            return NULL;
        }
      else if (tok_is (p, TOK_EOF))
        return parse_never_closed (p, '{', line, col);
      else if (!tok_is (p, TOK_RBRACE))
        return parse_expected (p, "',' or '}' in dict");

      if (tok_is (p, TOK_RBRACE))
        break;
      if (tok_is (p, TOK_EOF))
        return parse_never_closed (p, '{', line, col);
      if (tok_is (p, TOK_DOUBLESTAR))
        return parse_error (p, "'**' unpacking" UNSUPPORTED_1);
      item = parse_expr (p);
      if (item == NULL)
        return NULL;
      g_ptr_array_add (node->items, item);
      if (tok_is (p, TOK_EOF))
        return parse_never_closed (p, '{', line, col);
      if (!tok_is (p, TOK_COLON))
        return parse_expected (p, "':' after dict key");
    }
  if (!advance (p))
    return NULL;
  return g_steal_pointer (&node);
}

static LimPyNode *
parse_atom (Parser *p)
{
  LimPyNode *node;

  switch (p->tok.kind)
    {
    case TOK_NAME:
      switch (p->tok.kw)
        {
        case KW_NOT_KEYWORD:
          return parse_name (p);
        case KW_NONE:
          node = node_new (LIM_PY_NONE, p->tok.line, p->tok.col);
          break;
        case KW_TRUE:
        case KW_FALSE:
          node = node_new (LIM_PY_BOOL, p->tok.line, p->tok.col);
          node->bval = p->tok.kw == KW_TRUE;
          break;
        case KW_LAMBDA:
          return parse_error (p, "lambda expressions" UNSUPPORTED);
        case KW_NOT:
          return parse_error (p, "operators" UNSUPPORTED);
        case KW_YIELD:
        case KW_AWAIT:
          {
            g_autofree char *kw = tok_dup (&p->tok);

            return parse_error (p, "'%s' expressions" UNSUPPORTED, kw);
          }
        default:
          return parse_expected (p, "an expression");
        }
      break;

    case TOK_NUMBER:
      node = number_node (p, &p->tok, FALSE, p->tok.line, p->tok.col);
      if (node == NULL)
        return NULL;
      break;

    case TOK_STRING:
      return parse_string (p);
    case TOK_LPAR:
      return parse_paren (p);
    case TOK_LSQB:
      return parse_list (p);
    case TOK_LBRACE:
      return parse_braces (p);

    case TOK_ELLIPSIS:
      return parse_error (p, "'...' (Ellipsis)" UNSUPPORTED_1);
    case TOK_STAR:
    case TOK_DOUBLESTAR:
      {
        g_autofree char *op = tok_dup (&p->tok);

        return parse_error (p, "'%s' unpacking" UNSUPPORTED_1, op);
      }
    case TOK_OP:
      if (*p->tok.start == '~')
        return parse_error (p, "operators" UNSUPPORTED);
      return parse_expected (p, "an expression");

    default:
      return parse_expected (p, "an expression");
    }

  if (!advance (p))
    {
      lim_py_node_free (node);
      return NULL;
    }
  return node;
}

static LimPyNode *
parse_unary (Parser *p)
{
  LimPyNode *node;

  if (tok_is (p, TOK_PLUS) || tok_is (p, TOK_MINUS))
    {
      guint line = p->tok.line, col = p->tok.col;
      gboolean negative = FALSE;

      while (tok_is (p, TOK_PLUS) || tok_is (p, TOK_MINUS))
        {
          if (tok_is (p, TOK_MINUS))
            negative = !negative;
          if (!advance (p))
            return NULL;
        }

      if (tok_is (p, TOK_NUMBER))
        {
          node = number_node (p, &p->tok, negative, line, col);
          if (node == NULL)
            return NULL;
          if (!advance (p))
            {
              lim_py_node_free (node);
              return NULL;
            }
          return parse_postfix (p, node);
        }

      node = parse_atom (p);
      if (node == NULL)
        return NULL;
      node = parse_postfix (p, node);
      if (node == NULL)
        return NULL;
      if (node->kind == LIM_PY_FLOAT)
        {
          if (negative)
            node->fval = -node->fval;
        }
      else if (node->kind == LIM_PY_INT)
        {
          if (negative)
            {
              if (node->ival == G_MININT64)
                {
                  lim_py_node_free (node);
                  return parse_error_at (p, line, col, "integer literal out of 64-bit range");
                }
              node->ival = -node->ival;
            }
        }
      else
        {
          lim_py_node_free (node);
          return parse_error_at (p, line, col,
                                 "unary '-' and '+' are only supported on numbers in "
                                 "revision files");
        }
      node->line = line;
      node->column = col;
      return node;
    }

  node = parse_atom (p);
  if (node == NULL)
    return NULL;
  return parse_postfix (p, node);
}

static LimPyNode *
parse_expr (Parser *p)
{
  LimPyNode *node;

  if (p->depth >= MAX_DEPTH)
    return parse_error (p, "too many nested expressions (the limit is %d)", MAX_DEPTH);
  p->depth++;
  node = parse_unary (p);
  p->depth--;
  if (node != NULL && !check_expr_end (p))
    g_clear_pointer (&node, lim_py_node_free);
  return node;
}

/* Annotations are kept as text: their tokens concatenated, so whitespace
 * and comments disappear.  The grammar is the part of Python's expression
 * grammar that type hints use: dotted names, None, literals, `...`,
 * subscripts, parenthesised or bracketed lists and `|` unions. */
static gboolean parse_annotation_expr (Parser  *p,
                                       GString *text);

static gboolean
annotation_take (Parser  *p,
                 GString *text)
{
  if (tok_is (p, TOK_STRING))
    {
      /* Only string tokens can hold whitespace ("list[ b.X ]"). */
      for (const char *q = p->tok.start; q < p->tok.end; q++)
        if (!g_ascii_isspace (*q))
          g_string_append_c (text, *q);
    }
  else
    g_string_append_len (text, p->tok.start, p->tok.end - p->tok.start);
  return advance (p);
}

/* Elements up to @closer, whose opener is the current token. */
static gboolean
parse_annotation_list (Parser  *p,
                       GString *text,
                       TokKind  closer)
{
  guint line = p->tok.line, col = p->tok.col;
  char opener = *p->tok.start;

  if (!annotation_take (p, text))
    return FALSE;
  while (!tok_is (p, closer))
    {
      if (tok_is (p, TOK_EOF))
        return parse_never_closed (p, opener, line, col) != NULL;
      if (!parse_annotation_expr (p, text))
        return FALSE;
      if (tok_is (p, TOK_COMMA))
        {
          if (!annotation_take (p, text))
            return FALSE;
          continue;
        }
      if (tok_is (p, closer))
        break;
      if (tok_is (p, TOK_EOF))
        return parse_never_closed (p, opener, line, col) != NULL;
      return parse_expected (p, closer == TOK_RSQB ? "',' or ']' in annotation"
                                                   : "',' or ')' in annotation") != NULL;
    }
  return annotation_take (p, text);
}

static gboolean
parse_annotation_primary (Parser  *p,
                          GString *text)
{
  switch (p->tok.kind)
    {
    case TOK_NAME:
      if (p->tok.kw == KW_NONE)
        return annotation_take (p, text);
      if (p->tok.kw != KW_NOT_KEYWORD)
        return parse_expected (p, "an annotation") != NULL;
      if (!annotation_take (p, text))
        return FALSE;
      while (tok_is (p, TOK_DOT))
        {
          if (!annotation_take (p, text))
            return FALSE;
          if (!tok_is_plain_name (p))
            return parse_expected (p, "a name after '.'") != NULL;
          if (!annotation_take (p, text))
            return FALSE;
        }
      while (tok_is (p, TOK_LSQB))
        {
          if (!parse_annotation_list (p, text, TOK_RSQB))
            return FALSE;
        }
      return TRUE;
    case TOK_STRING:
      while (tok_is (p, TOK_STRING))
        if (!annotation_take (p, text))
          return FALSE;
      return TRUE;
    case TOK_MINUS:
      if (!annotation_take (p, text))
        return FALSE;
      if (!tok_is (p, TOK_NUMBER))
        return parse_expected (p, "a number after '-'") != NULL;
      return annotation_take (p, text);
    case TOK_NUMBER:
    case TOK_ELLIPSIS:
      return annotation_take (p, text);
    case TOK_LPAR:
      return parse_annotation_list (p, text, TOK_RPAR);
    case TOK_LSQB:
      return parse_annotation_list (p, text, TOK_RSQB);
    default:
      return parse_expected (p, "an annotation") != NULL;
    }
}

static gboolean
parse_annotation_expr (Parser  *p,
                       GString *text)
{
  gboolean ok;

  if (p->depth >= MAX_DEPTH)
    return parse_error (p, "too many nested expressions (the limit is %d)", MAX_DEPTH) != NULL;
  p->depth++;
  ok = parse_annotation_primary (p, text);
  while (ok && tok_is (p, TOK_PIPE))
    ok = annotation_take (p, text) && parse_annotation_primary (p, text);
  p->depth--;
  return ok;
}

static char *
parse_annotation (Parser *p)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (!parse_annotation_expr (p, text))
    return NULL;
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* dotted_name: NAME ('.' NAME)*, appended to @out. */
static gboolean
parse_dotted_text (Parser     *p,
                   GString    *out,
                   const char *what)
{
  if (!tok_is_plain_name (p))
    return parse_expected (p, what) != NULL;
  for (;;)
    {
      g_string_append_len (out, p->tok.start, p->tok.end - p->tok.start);
      if (!advance (p))
        return FALSE;
      if (!tok_is (p, TOK_DOT))
        return TRUE;
      g_string_append_c (out, '.');
      if (!advance (p))
        return FALSE;
      if (!tok_is_plain_name (p))
        return parse_expected (p, "a name after '.'") != NULL;
    }
}

/* `as NAME`, if present. */
static gboolean
parse_as_name (Parser  *p,
               GString *out)
{
  if (!tok_is_kw (p, KW_AS))
    return TRUE;
  if (!advance (p))
    return FALSE;
  if (!tok_is_plain_name (p))
    return parse_expected (p, "a name after 'as'") != NULL;
  g_string_append (out, " as ");
  g_string_append_len (out, p->tok.start, p->tok.end - p->tok.start);
  return advance (p);
}

static gboolean
at_statement_end (const Parser *p)
{
  return tok_is (p, TOK_NEWLINE) || tok_is (p, TOK_SEMI) || tok_is (p, TOK_EOF);
}

/* import a.b as c, d   |   from .a import (b as c, d)   |   from a import *
 * The statement's text is kept in stmt->name, normalised. */
static LimPyStmt *
parse_import (Parser *p)
{
  g_autoptr(LimPyStmt) stmt = stmt_new (LIM_PY_STMT_IMPORT, p->tok.line, p->tok.col);
  g_autoptr(GString) text = g_string_new (NULL);

  if (tok_is_kw (p, KW_IMPORT))
    {
      g_string_append (text, "import ");
      if (!advance (p))
        return NULL;
      for (;;)
        {
          if (!parse_dotted_text (p, text, "a module name") || !parse_as_name (p, text))
            return NULL;
          if (!tok_is (p, TOK_COMMA))
            break;
          g_string_append (text, ", ");
          if (!advance (p))
            return NULL;
        }
    }
  else
    {
      gboolean dots = FALSE, paren = FALSE;
      guint open_line = 0, open_col = 0;

      g_string_append (text, "from ");
      if (!advance (p))
        return NULL;
      while (tok_is (p, TOK_DOT) || tok_is (p, TOK_ELLIPSIS))
        {
          g_string_append_len (text, p->tok.start, p->tok.end - p->tok.start);
          dots = TRUE;
          if (!advance (p))
            return NULL;
        }
      if (!dots || tok_is_plain_name (p))
        if (!parse_dotted_text (p, text, "a module name"))
          return NULL;
      if (!tok_is_kw (p, KW_IMPORT))
        return parse_expected (p, "'import'");
      g_string_append (text, " import ");
      if (!advance (p))
        return NULL;

      if (tok_is (p, TOK_STAR))
        {
          g_string_append_c (text, '*');
          if (!advance (p))
            return NULL;
        }
      else
        {
          if (tok_is (p, TOK_LPAR))
            {
              paren = TRUE;
              open_line = p->tok.line;
              open_col = p->tok.col;
              if (!advance (p))
                return NULL;
            }
          for (;;)
            {
              if (paren && tok_is (p, TOK_EOF))
                return parse_never_closed (p, '(', open_line, open_col);
              if (!tok_is_plain_name (p))
                return parse_expected (p, "a name to import");
              g_string_append_len (text, p->tok.start, p->tok.end - p->tok.start);
              if (!advance (p) || !parse_as_name (p, text))
                return NULL;
              if (!tok_is (p, TOK_COMMA))
                break;
              if (!advance (p))
                return NULL;
              if (paren && tok_is (p, TOK_RPAR))
                break;
              if (!paren && at_statement_end (p))
                return parse_error (p, "trailing comma not allowed without surrounding "
                                    "parentheses");
              g_string_append (text, ", ");
            }
          if (paren)
            {
              if (tok_is (p, TOK_EOF))
                return parse_never_closed (p, '(', open_line, open_col);
              if (!tok_is (p, TOK_RPAR))
                return parse_expected (p, "',' or ')' in import list");
              if (!advance (p))
                return NULL;
            }
        }
    }

  stmt->name = g_string_free (g_steal_pointer (&text), FALSE);
  return g_steal_pointer (&stmt);
}

/* Value of an assignment or return: an expression, but not a bare tuple. */
static LimPyNode *
parse_value (Parser *p)
{
  LimPyNode *node = parse_expr (p);

  if (node != NULL && tok_is (p, TOK_COMMA))
    {
      parse_error (p, "tuples must be written in parentheses in revision files");
      g_clear_pointer (&node, lim_py_node_free);
    }
  return node;
}

/* Expression statement or (annotated / chained) assignment. */
static LimPyStmt *
parse_expr_stmt (Parser *p)
{
  g_autoptr(LimPyStmt) stmt = NULL;
  LimPyNode *first;
  guint line = p->tok.line, col = p->tok.col;

  first = parse_value (p);
  if (first == NULL)
    return NULL;

  if (!tok_is (p, TOK_COLON) && !tok_is (p, TOK_EQUAL))
    {
      stmt = stmt_new (LIM_PY_STMT_EXPR, line, col);
      stmt->value = first;
      return g_steal_pointer (&stmt);
    }

  stmt = stmt_new (LIM_PY_STMT_ASSIGN, line, col);
  stmt->targets = g_ptr_array_new_with_free_func (g_free);

  if (tok_is (p, TOK_COLON))
    {
      g_autofree char *annotation = NULL;

      if (!node_is_plain_name (first))
        {
          parse_error_at (p, first->line, first->column, "only plain names can be assigned to");
          lim_py_node_free (first);
          return NULL;
        }
      g_ptr_array_add (stmt->targets, g_steal_pointer (&first->str));
      lim_py_node_free (first);
      if (!advance (p))
        return NULL;
      annotation = parse_annotation (p);
      if (annotation == NULL)
        return NULL;
      if (!tok_is (p, TOK_EQUAL) && p->lx.model_mode && at_statement_end (p))
        {
          stmt->kind = LIM_PY_STMT_SKIPPED;
          return g_steal_pointer (&stmt);
        }
      stmt->annotation = g_steal_pointer (&annotation);
      if (!tok_is (p, TOK_EQUAL))
        {
          if (at_statement_end (p))
            return parse_error (p, "annotations without a value" UNSUPPORTED);
          return parse_expected (p, "'='");
        }
      if (!advance (p))
        return NULL;
      stmt->value = parse_value (p);
      if (stmt->value == NULL)
        return NULL;
      return g_steal_pointer (&stmt);
    }

  for (;;)
    {
      LimPyNode *next;

      if (!node_is_plain_name (first))
        {
          parse_error_at (p, first->line, first->column, "only plain names can be assigned to");
          lim_py_node_free (first);
          return NULL;
        }
      g_ptr_array_add (stmt->targets, g_steal_pointer (&first->str));
      lim_py_node_free (first);
      if (!advance (p))
        return NULL;
      next = parse_value (p);
      if (next == NULL)
        return NULL;
      if (!tok_is (p, TOK_EQUAL))
        {
          stmt->value = next;
          return g_steal_pointer (&stmt);
        }
      first = next;
    }
}

static gpointer
unsupported_statement (Parser *p)
{
  g_autofree char *kw = tok_dup (&p->tok);

  switch (p->tok.kw)
    {
    case KW_CLASS:
      return parse_error (p, "class definitions" UNSUPPORTED);
    case KW_RETURN:
      return parse_error (p, "'return' outside function");
    case KW_DEF:
      return parse_error (p, "function definitions must start a line");
    default:
      return parse_error (p, "'%s' statements" UNSUPPORTED, kw);
    }
}

static gboolean
is_statement_keyword (Keyword kw)
{
  switch (kw)
    {
    case KW_ASSERT:
    case KW_ASYNC:
    case KW_BREAK:
    case KW_CLASS:
    case KW_CONTINUE:
    case KW_DEF:
    case KW_DEL:
    case KW_ELIF:
    case KW_ELSE:
    case KW_EXCEPT:
    case KW_FINALLY:
    case KW_FOR:
    case KW_GLOBAL:
    case KW_IF:
    case KW_NONLOCAL:
    case KW_RAISE:
    case KW_RETURN:
    case KW_TRY:
    case KW_WHILE:
    case KW_WITH:
      return TRUE;
    default:
      return FALSE;
    }
}

/* One simple statement at module level. */
static LimPyStmt *
parse_simple_stmt (Parser *p)
{
  if (tok_is (p, TOK_INDENT))
    return parse_error (p, "unexpected indentation");
  if (tok_is (p, TOK_AT))
    return parse_error (p, "decorators" UNSUPPORTED);
  if (tok_is (p, TOK_NAME))
    {
      if (p->tok.kw == KW_IMPORT || p->tok.kw == KW_FROM)
        return parse_import (p);
      if (p->tok.kw == KW_PASS)
        {
          LimPyStmt *stmt = stmt_new (LIM_PY_STMT_PASS, p->tok.line, p->tok.col);

          if (!advance (p))
            {
              stmt_free (stmt);
              return NULL;
            }
          return stmt;
        }
      if (is_statement_keyword (p->tok.kw))
        return unsupported_statement (p);
    }
  return parse_expr_stmt (p);
}

/* After a simple statement: ';' (more may follow), or the end of the line.
 * Returns TRUE with *more set when another simple statement follows. */
static gboolean
parse_statement_end (Parser   *p,
                     gboolean *more)
{
  *more = FALSE;
  if (tok_is (p, TOK_SEMI))
    {
      if (!advance (p))
        return FALSE;
      if (tok_is (p, TOK_NEWLINE))
        return advance (p);
      if (tok_is (p, TOK_EOF))
        return TRUE;
      *more = TRUE;
      return TRUE;
    }
  if (tok_is (p, TOK_NEWLINE))
    return advance (p);
  if (tok_is (p, TOK_EOF))
    return TRUE;
  return parse_expected (p, "end of line") != NULL;
}

/* One statement of a function body. */
static gboolean
parse_body_stmt (Parser    *p,
                 LimPyStmt *def,
                 guint      index)
{
  if (tok_is (p, TOK_INDENT))
    return parse_error (p, "unexpected indentation") != NULL;

  if (def->return_line != 0 && (tok_is (p, TOK_STRING) || tok_is_kw (p, KW_PASS) ||
                                tok_is_kw (p, KW_RETURN)))
    return parse_error (p, "statements after 'return'" UNSUPPORTED) != NULL;

  if (tok_is (p, TOK_STRING) && index == 0)
    {
      guint line = p->tok.line, col = p->tok.col;
      LimPyNode *node = parse_expr (p);

      if (node == NULL)
        return FALSE;
      if (node->kind != LIM_PY_STR)
        {
          lim_py_node_free (node);
          return parse_error_at (p, line, col,
                                 "only a docstring, 'pass' and 'return' are allowed in a "
                                 "function body") != NULL;
        }
      def->docstring = g_steal_pointer (&node->str);
      lim_py_node_free (node);
      return TRUE;
    }

  if (tok_is_kw (p, KW_PASS))
    return advance (p);

  if (tok_is_kw (p, KW_RETURN))
    {
      guint line = p->tok.line, col = p->tok.col;

      def->return_line = line;
      if (!advance (p))
        return FALSE;
      if (at_statement_end (p) || tok_is (p, TOK_DEDENT))
        def->value = node_new (LIM_PY_NONE, line, col);
      else
        def->value = parse_value (p);
      return def->value != NULL;
    }

  if (tok_is_kw (p, KW_DEF))
    return parse_error (p, "nested function definitions" UNSUPPORTED) != NULL;

  return parse_error (p, "only a docstring, 'pass' and 'return' are allowed in a function "
                      "body") != NULL;
}

/* Simple statements of a body up to and including the NEWLINE. */
static gboolean
parse_body_line (Parser    *p,
                 LimPyStmt *def,
                 guint     *index)
{
  gboolean more = TRUE;

  while (more)
    {
      if (!parse_body_stmt (p, def, (*index)++))
        return FALSE;
      if (!parse_statement_end (p, &more))
        return FALSE;
    }
  return TRUE;
}

static LimPyStmt *
parse_funcdef (Parser *p)
{
  g_autoptr(LimPyStmt) def = stmt_new (LIM_PY_STMT_FUNCDEF, p->tok.line, p->tok.col);
  guint open_line, open_col, index = 0;

  if (!advance (p))
    return NULL;
  if (!tok_is_plain_name (p))
    return parse_expected (p, "a function name after 'def'");
  def->name = normalize_name (tok_dup (&p->tok));
  if (!advance (p))
    return NULL;
  if (!tok_is (p, TOK_LPAR))
    return parse_expected (p, "'(' after the function name");
  open_line = p->tok.line;
  open_col = p->tok.col;
  if (!advance (p))
    return NULL;

  /* Parameters: NAME [: annotation] [= default], counted and discarded. */
  for (;;)
    {
      if (tok_is (p, TOK_RPAR))
        break;
      if (tok_is (p, TOK_EOF))
        return parse_never_closed (p, '(', open_line, open_col);
      if (tok_is (p, TOK_STAR) || tok_is (p, TOK_DOUBLESTAR))
        {
          g_autofree char *op = tok_dup (&p->tok);

          return parse_error (p, "'%s' parameters" UNSUPPORTED, op);
        }
      if (!tok_is_plain_name (p))
        return parse_expected (p, "a parameter name");
      def->n_params++;
      if (!advance (p))
        return NULL;
      if (tok_is (p, TOK_COLON))
        {
          g_autofree char *annotation = NULL;

          if (!advance (p))
            return NULL;
          annotation = parse_annotation (p);
          if (annotation == NULL)
            return NULL;
        }
      if (tok_is (p, TOK_EQUAL))
        {
          LimPyNode *value;

          if (!advance (p))
            return NULL;
          value = parse_expr (p);
          if (value == NULL)
            return NULL;
          lim_py_node_free (value);
        }
      if (tok_is (p, TOK_COMMA))
        {
          if (!advance (p))
            return NULL;
          continue;
        }
      if (tok_is (p, TOK_RPAR))
        break;
      if (tok_is (p, TOK_EOF))
        return parse_never_closed (p, '(', open_line, open_col);
      return parse_expected (p, "',' or ')' in parameter list");
    }
  if (!advance (p))
    return NULL;

  if (tok_is (p, TOK_ARROW))
    {
      if (!advance (p))
        return NULL;
      def->annotation = parse_annotation (p);
      if (def->annotation == NULL)
        return NULL;
    }
  if (!tok_is (p, TOK_COLON))
    return parse_expected (p, "':' after the function signature");
  if (!advance (p))
    return NULL;

  if (!tok_is (p, TOK_NEWLINE))
    {
      /* def f(): return x */
      if (!parse_body_line (p, def, &index))
        return NULL;
      return g_steal_pointer (&def);
    }

  if (!advance (p))
    return NULL;
  if (!tok_is (p, TOK_INDENT))
    return parse_error (p, "expected an indented block after function definition on line %u",
                        def->line);
  if (!advance (p))
    return NULL;
  while (!tok_is (p, TOK_DEDENT) && !tok_is (p, TOK_EOF))
    if (!parse_body_line (p, def, &index))
      return NULL;
  if (tok_is (p, TOK_DEDENT) && !advance (p))
    return NULL;
  return g_steal_pointer (&def);
}

static gboolean
parse_module_body (Parser      *p,
                   LimPyModule *module)
{
  gboolean first = TRUE;

  while (!tok_is (p, TOK_EOF))
    {
      gboolean more = TRUE;

      if (tok_is (p, TOK_NEWLINE))
        {
          if (!advance (p))
            return FALSE;
          continue;
        }
      if (tok_is (p, TOK_DEDENT))
        return parse_error (p, "unindent does not match any outer indentation level") != NULL;
      if (tok_is_kw (p, KW_DEF))
        {
          LimPyStmt *def = parse_funcdef (p);

          if (def == NULL)
            return FALSE;
          g_ptr_array_add (module->statements, def);
          first = FALSE;
          continue;
        }

      while (more)
        {
          LimPyStmt *stmt = parse_simple_stmt (p);

          if (stmt == NULL)
            return FALSE;
          if (first && stmt->kind == LIM_PY_STMT_EXPR && stmt->value->kind == LIM_PY_STR)
            {
              module->docstring = g_steal_pointer (&stmt->value->str);
              module->docstring_line = stmt->line;
              stmt_free (stmt);
            }
          else
            g_ptr_array_add (module->statements, stmt);
          first = FALSE;
          if (!parse_statement_end (p, &more))
            return FALSE;
        }
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Model files (lim_py_parse_model)                                         */
/* ------------------------------------------------------------------------ */

/* Reads over the tokens of the rest of the logical line, its NEWLINE
 * included. */
static gboolean
skip_line (Parser *p)
{
  while (!tok_is (p, TOK_NEWLINE) && !tok_is (p, TOK_EOF))
    if (!advance (p))
      return FALSE;
  return tok_is (p, TOK_EOF) || advance (p);
}

/* Reads over a statement: the rest of its line and, when an indented block
 * follows, the whole block.  Returns a SKIPPED statement. */
static LimPyStmt *
skip_statement (Parser *p,
                guint   line,
                guint   col)
{
  guint depth = 0;

  if (!skip_line (p))
    return NULL;
  if (tok_is (p, TOK_INDENT))
    {
      depth = 1;
      if (!advance (p))
        return NULL;
      while (depth > 0 && !tok_is (p, TOK_EOF))
        {
          if (tok_is (p, TOK_INDENT))
            depth++;
          else if (tok_is (p, TOK_DEDENT))
            depth--;
          if (!advance (p))
            return NULL;
        }
    }
  return stmt_new (LIM_PY_STMT_SKIPPED, line, col);
}

/* Statements of a class body on one line (after ':' or in the block). */
static gboolean
parse_class_line (Parser    *p,
                  LimPyStmt *cls)
{
  gboolean more = TRUE;

  while (more)
    {
      LimPyStmt *stmt;

      if (!tok_is_plain_name (p))
        {
          g_autofree char *keyword = tok_is (p, TOK_NAME) ? tok_dup (&p->tok) : NULL;

          stmt = skip_statement (p, p->tok.line, p->tok.col);
          if (stmt == NULL)
            return FALSE;
          stmt->name = g_steal_pointer (&keyword);
          g_ptr_array_add (cls->body, stmt);
          return TRUE;
        }
      stmt = parse_expr_stmt (p);
      if (stmt == NULL)
        return FALSE;
      g_ptr_array_add (cls->body, stmt);
      if (!parse_statement_end (p, &more))
        return FALSE;
    }
  return TRUE;
}

static LimPyStmt *
parse_classdef (Parser *p,
                guint   n_decorators)
{
  g_autoptr(LimPyStmt) cls = stmt_new (LIM_PY_STMT_CLASSDEF, p->tok.line, p->tok.col);

  cls->n_params = n_decorators;
  cls->bases = g_ptr_array_new_with_free_func (node_free_cb);
  cls->body = g_ptr_array_new_with_free_func (stmt_free_cb);
  if (!advance (p))
    return NULL;
  if (!tok_is_plain_name (p))
    return parse_expected (p, "a class name after 'class'");
  cls->name = normalize_name (tok_dup (&p->tok));
  if (!advance (p))
    return NULL;
  if (tok_is (p, TOK_LPAR))
    {
      /* The bases read as the arguments of a call named after the class. */
      LimPyNode *callee = node_new (LIM_PY_NAME, cls->line, cls->column);
      LimPyNode *call;

      callee->str = g_strdup (cls->name);
      call = parse_call (p, callee);
      if (call == NULL)
        return NULL;
      g_ptr_array_extend_and_steal (cls->bases, g_steal_pointer (&call->items));
      call->items = g_ptr_array_new ();
      lim_py_node_free (call);
    }
  if (!tok_is (p, TOK_COLON))
    return parse_expected (p, "':' after the class name");
  if (!advance (p))
    return NULL;
  if (!tok_is (p, TOK_NEWLINE))
    {
      if (!parse_class_line (p, cls))
        return NULL;
      return g_steal_pointer (&cls);
    }
  if (!advance (p))
    return NULL;
  if (!tok_is (p, TOK_INDENT))
    return parse_error (p, "expected an indented block after class definition on line %u", cls->line);
  if (!advance (p))
    return NULL;
  while (!tok_is (p, TOK_DEDENT) && !tok_is (p, TOK_EOF))
    {
      if (tok_is (p, TOK_NEWLINE))
        {
          if (!advance (p))
            return NULL;
          continue;
        }
      if (!parse_class_line (p, cls))
        return NULL;
    }
  if (tok_is (p, TOK_DEDENT) && !advance (p))
    return NULL;
  return g_steal_pointer (&cls);
}

static gboolean
parse_model_body (Parser      *p,
                  LimPyModule *module)
{
  while (!tok_is (p, TOK_EOF))
    {
      LimPyStmt *stmt;
      guint line = p->tok.line, col = p->tok.col, n_decorators = 0;

      if (tok_is (p, TOK_NEWLINE))
        {
          if (!advance (p))
            return FALSE;
          continue;
        }
      if (tok_is (p, TOK_DEDENT))
        return parse_error (p, "unindent does not match any outer indentation level") != NULL;
      if (tok_is (p, TOK_INDENT))
        return parse_error (p, "unexpected indentation") != NULL;
      while (tok_is (p, TOK_AT))
        {
          n_decorators++;
          if (!skip_line (p))
            return FALSE;
        }
      if (tok_is_kw (p, KW_CLASS))
        stmt = parse_classdef (p, n_decorators);
      else if (n_decorators == 0 && (tok_is_kw (p, KW_IMPORT) || tok_is_kw (p, KW_FROM)))
        {
          gboolean more = FALSE;

          stmt = parse_import (p);
          if (stmt != NULL && !parse_statement_end (p, &more))
            g_clear_pointer (&stmt, stmt_free);
          if (stmt != NULL && more)
            {
              g_ptr_array_add (module->statements, stmt);
              stmt = skip_statement (p, p->tok.line, p->tok.col);
            }
        }
      else
        stmt = skip_statement (p, line, col);
      if (stmt == NULL)
        return FALSE;
      g_ptr_array_add (module->statements, stmt);
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Public API                                                               */
/* ------------------------------------------------------------------------ */

static LimPyModule *
parse_module (const char *text,
              gssize      len,
              const char *filename,
              gboolean    model_mode,
              GError    **error)
{
  const char *display = filename != NULL ? filename : "<string>";
  g_autoptr(LimPyModule) module = NULL;
  Parser p;
  char *buf;
  gsize buf_len = 0;

  g_return_val_if_fail (text != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  buf = prepare_source (text != NULL ? text : "", len, display, &buf_len, error);
  if (buf == NULL)
    return NULL;

  parser_init (&p, buf, buf_len, display, FALSE);
  p.lx.model_mode = model_mode;
  module = g_new0 (LimPyModule, 1);
  module->filename = g_strdup (filename);
  module->statements = g_ptr_array_new_with_free_func (stmt_free_cb);
  module->comments = g_ptr_array_new_with_free_func (comment_free_cb);
  p.lx.comments = module->comments;

  if (!advance (&p) || !(model_mode ? parse_model_body (&p, module) : parse_module_body (&p, module)))
    {
      if (model_mode && p.lx.error != NULL)
        {
          /* Only class attributes are parsed in model files. */
          g_autoptr(GString) message = g_string_new (p.lx.error->message);

          g_string_replace (message, " in revision files", " in the class attributes of model files", 0);
          g_free (p.lx.error->message);
          p.lx.error->message = g_string_free (g_steal_pointer (&message), FALSE);
        }
      g_propagate_error (error, g_steal_pointer (&p.lx.error));
      g_clear_pointer (&module, lim_py_module_free);
    }
  parser_clear (&p);
  return g_steal_pointer (&module);
}

LimPyModule *
lim_py_parse (const char *text,
              gssize      len,
              const char *filename,
              GError    **error)
{
  return parse_module (text, len, filename, FALSE, error);
}

LimPyModule *
lim_py_parse_model (const char *text,
                    gssize      len,
                    const char *filename,
                    GError    **error)
{
  return parse_module (text, len, filename, TRUE, error);
}

LimPyNode *
lim_py_parse_expr (const char *text,
                   gssize      len,
                   const char *filename,
                   GError    **error)
{
  const char *display = filename != NULL ? filename : "<string>";
  LimPyNode *node = NULL;
  Parser p;
  char *buf;
  gsize buf_len = 0;

  g_return_val_if_fail (text != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  buf = prepare_source (text != NULL ? text : "", len, display, &buf_len, error);
  if (buf == NULL)
    return NULL;

  parser_init (&p, buf, buf_len, display, TRUE);
  if (advance (&p))
    {
      node = parse_value (&p);
      if (node != NULL && !tok_is (&p, TOK_EOF))
        {
          parse_expected (&p, "end of input");
          g_clear_pointer (&node, lim_py_node_free);
        }
    }
  if (node == NULL)
    g_propagate_error (error, g_steal_pointer (&p.lx.error));
  parser_clear (&p);
  return node;
}

const char *
lim_py_kind_to_string (LimPyKind kind)
{
  switch (kind)
    {
    case LIM_PY_NONE:
      return "None";
    case LIM_PY_BOOL:
      return "boolean";
    case LIM_PY_INT:
      return "integer";
    case LIM_PY_FLOAT:
      return "float";
    case LIM_PY_STR:
      return "string";
    case LIM_PY_NAME:
      return "name";
    case LIM_PY_CALL:
      return "call";
    case LIM_PY_SUBSCRIPT:
      return "subscript";
    case LIM_PY_LIST:
      return "list";
    case LIM_PY_TUPLE:
      return "tuple";
    case LIM_PY_SET:
      return "set";
    case LIM_PY_DICT:
      return "dict";
    default:
      return "unknown";
    }
}

LimPyNode *
lim_py_call_get_kwarg (const LimPyNode *call,
                       const char      *keyword)
{
  if (call == NULL || keyword == NULL || call->kind != LIM_PY_CALL || call->keywords == NULL)
    return NULL;
  for (guint i = 0; i < call->keywords->len && i < call->values->len; i++)
    if (strcmp (g_ptr_array_index (call->keywords, i), keyword) == 0)
      return g_ptr_array_index (call->values, i);
  return NULL;
}

const char *
lim_py_name_last (const char *dotted)
{
  const char *dot;

  if (dotted == NULL)
    return NULL;
  dot = strrchr (dotted, '.');
  return dot != NULL ? dot + 1 : dotted;
}

void
lim_py_append_repr_str (GString    *out,
                        const char *s)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (s != NULL);

  lim_py_append_str_literal (out, s, strchr (s, '\'') != NULL && strchr (s, '"') == NULL ? '"' : '\'');
}

void
lim_py_append_str_literal (GString    *out,
                           const char *s,
                           char        quote)
{
  const char *q;

  g_return_if_fail (out != NULL);
  g_return_if_fail (s != NULL);
  g_return_if_fail (quote == '\'' || quote == '"');

  g_string_append_c (out, quote);
  for (q = s; *q != '\0';)
    {
      guchar b = (guchar) *q;
      gunichar c;

      if (b < 0x80)
        {
          if (b == (guchar) quote || b == '\\')
            {
              g_string_append_c (out, '\\');
              g_string_append_c (out, (char) b);
            }
          else if (b == '\n')
            g_string_append (out, "\\n");
          else if (b == '\r')
            g_string_append (out, "\\r");
          else if (b == '\t')
            g_string_append (out, "\\t");
          else if (b < ' ' || b == 0x7F)
            g_string_append_printf (out, "\\x%02x", b);
          else
            g_string_append_c (out, (char) b);
          q++;
          continue;
        }

      c = g_utf8_get_char_validated (q, -1);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          /* Not UTF-8: show the byte rather than fail. */
          g_string_append_printf (out, "\\x%02x", b);
          q++;
          continue;
        }
      if (py_isprintable (c))
        g_string_append_len (out, q, g_utf8_next_char (q) - q);
      else if (c <= 0xFF)
        g_string_append_printf (out, "\\x%02x", c);
      else if (c <= 0xFFFF)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_printf (out, "\\U%08x", c);
      q = g_utf8_next_char (q);
    }
  g_string_append_c (out, quote);
}

/* ------------------------------------------------------------------------ */
/* Errors at a node */

void
lim_set_error_at (GError         **error,
                  GQuark           domain,
                  int              code,
                  const char      *file,
                  const LimPyNode *node,
                  const char      *format,
                  ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (node != NULL)
    g_set_error (error, domain, code, "%s:%u:%u: %s", file ? file : "<input>",
                 node->line, node->column, message);
  else
    g_set_error (error, domain, code, "%s: %s", file ? file : "<input>", message);
}
