/* lim-py.h — reader for the Python subset used by Liminal revision files
 * and env.py.  GLib only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LIM_PY_ERROR (lim_py_error_quark ())
GQuark lim_py_error_quark (void);

typedef enum {
  LIM_PY_ERROR_SYNTAX,      /* not Python, or Python outside the subset */
} LimPyError;

/* Python of the subset that is not a valid Liminal value: an unknown
 * operation, a wrong argument, a property of the wrong type (lim-props,
 * lim-operation).  The revision layer reports these as
 * LIM_REVISION_ERROR_INVALID, with the same message. */
#define LIM_SYNTAX_ERROR (lim_syntax_error_quark ())
GQuark lim_syntax_error_quark (void);

typedef enum {
  LIM_SYNTAX_ERROR_INVALID,
} LimSyntaxError;

typedef enum {
  LIM_PY_NONE,
  LIM_PY_BOOL,
  LIM_PY_INT,
  LIM_PY_FLOAT,
  LIM_PY_STR,
  LIM_PY_NAME,   /* a plain or dotted name: `b.BenchlingFieldType.TEXT`, `os.environ` */
  LIM_PY_CALL,   /* callee(args, kw=value) */
  LIM_PY_SUBSCRIPT, /* value[index]: `os.environ["X"]` (callee = value, items[0] = index) */
  LIM_PY_LIST,
  LIM_PY_TUPLE,
  LIM_PY_SET,    /* {a, b}; `set()` is returned as a CALL named "set" */
  LIM_PY_DICT,
} LimPyKind;

typedef struct _LimPyNode LimPyNode;

struct _LimPyNode
{
  LimPyKind  kind;
  guint      line;      /* 1-based line of the node's first character */
  guint      column;    /* 1-based column, in characters (code points) */

  gboolean   bval;      /* BOOL */
  gint64     ival;      /* INT (unary minus folded in); out-of-range ints are an error */
  double     fval;      /* FLOAT */

  /* STR: the decoded value (always valid UTF-8, adjacent literals concatenated;
   *      a literal containing NUL is an error);
   * NAME: the dotted name as written without spaces ("b.TextPart");
   * CALL: the callee's dotted name ("b.CreateDropdown", "set"). */
  char      *str;

  LimPyNode *callee;    /* SUBSCRIPT: the subscripted value */

  /* LIST/TUPLE/SET: elements.  CALL: positional arguments.
   * DICT: keys.  SUBSCRIPT: one element, the index. */
  GPtrArray *items;     /* element-type LimPyNode*, owned */

  /* DICT: values (same length as items).  CALL: keyword-argument values. */
  GPtrArray *values;    /* element-type LimPyNode*, owned; NULL for other kinds */

  /* CALL: keyword names, same length as values (char*, owned). */
  GPtrArray *keywords;
};

typedef enum {
  LIM_PY_STMT_IMPORT,     /* `import x as y`, `from x import y` (text only) */
  LIM_PY_STMT_ASSIGN,     /* NAME [: annotation] = value, or a = b = value */
  LIM_PY_STMT_FUNCDEF,    /* def NAME() [-> annotation]: body */
  LIM_PY_STMT_EXPR,       /* a bare expression statement (docstring after the first, a call …) */
  LIM_PY_STMT_PASS,
  LIM_PY_STMT_CLASSDEF,   /* class NAME[(bases)]: body (lim_py_parse_model() only) */
  LIM_PY_STMT_SKIPPED,    /* a statement read over without being parsed (lim_py_parse_model() only) */
} LimPyStmtKind;

typedef struct _LimPyStmt LimPyStmt;

struct _LimPyStmt
{
  LimPyStmtKind kind;
  guint         line;
  guint         column;

  /* ASSIGN: target names (char*), at least one; only plain names are accepted
   *         as targets, anything else is an error.
   * IMPORT: unused (NULL). */
  GPtrArray    *targets;

  /* ASSIGN / EXPR: the value.  FUNCDEF: the value of its `return` statement,
   * or NULL if the body has no return (a body of `pass` or only a docstring). */
  LimPyNode    *value;

  /* FUNCDEF: name, the annotation exactly as written with whitespace removed
   * ("list[b.BaseOperation]") or NULL, the function docstring or NULL, and the
   * number of parameters (the subset only accepts 0, but the reader counts them
   * so callers can report "takes no arguments"). */
  char         *name;
  char         *annotation;
  char         *docstring;
  guint         n_params;

  /* FUNCDEF: line of the `return` keyword, 0 when there is none. */
  guint         return_line;

  /* ASSIGN with an annotation (`wh: SqlColumn = …`): the annotation as
   * FUNCDEF's, in ->annotation; NULL without one.
   * CLASSDEF: ->name, the positional bases (LimPyNode*: names, or anything
   * the expression subset reads) in ->bases, the number of decorators in
   * ->n_params, and the statements of its body in ->body (LimPyStmt*: ASSIGN,
   * EXPR, SKIPPED; a SKIPPED statement of a class body has in ->name the
   * keyword it starts with, "def", "if" …, or NULL).  NULL for other kinds. */
  GPtrArray    *bases;
  GPtrArray    *body;
};

/* A comment: its 1-based line and its text from '#' on, trailing
 * whitespace removed. */
typedef struct
{
  guint line;
  char *text;
} LimPyComment;

typedef struct _LimPyModule LimPyModule;

struct _LimPyModule
{
  char      *filename;     /* as given to the parser, used in messages */
  char      *docstring;    /* the module docstring, decoded, or NULL */
  guint      docstring_line;
  GPtrArray *statements;   /* element-type LimPyStmt*, owned, in file order,
                              the module docstring not included */
  GPtrArray *comments;     /* element-type LimPyComment*, owned, in file order */
};

/* Parse @text (length @len, or -1 for NUL-terminated) as a module.
 * @filename is used only in error messages.  On error returns NULL and sets
 * @error to "FILENAME:LINE:COLUMN: message" (LIM_PY_ERROR_SYNTAX). Never
 * crashes or leaks on any input (a libFuzzer target checks that). Input must be
 * UTF-8; a BOM at the start is skipped; \r\n and \r line endings are accepted. */
LimPyModule *lim_py_parse      (const char  *text,
                                gssize       len,
                                const char  *filename,
                                GError     **error);

/* Parse @text as a Liminal model file (the classes `liminal generate-files`
 * writes, with whatever people add to them).  At module level, imports are
 * IMPORT statements, classes (decorated or not) CLASSDEF statements, and every
 * other statement is SKIPPED: its tokens are read to the end of its line and
 * of its indented block, so any Python the lexer accepts passes (f-strings
 * and bytes literals included).  In a class body, a statement that starts
 * with a plain name is parsed as an assignment or expression of the subset
 * (`wh: SqlColumn = Column(…)`; an annotation without a value is SKIPPED);
 * docstrings, `def`, decorators, nested classes and other compound
 * statements are SKIPPED.  Errors as lim_py_parse(). */
LimPyModule *lim_py_parse_model (const char  *text,
                                 gssize       len,
                                 const char  *filename,
                                 GError     **error);

/* Parse one expression (for tests and for `--python` round trips). */
LimPyNode   *lim_py_parse_expr (const char  *text,
                                gssize       len,
                                const char  *filename,
                                GError     **error);

void         lim_py_module_free (LimPyModule *module);
void         lim_py_node_free   (LimPyNode   *node);

/* Helpers. */
const char  *lim_py_kind_to_string (LimPyKind kind);   /* "string", "integer", "call", … */

/* Look up a keyword argument of a CALL node; NULL if absent. */
LimPyNode   *lim_py_call_get_kwarg (const LimPyNode *call,
                                    const char      *keyword);

/* The last component of a dotted name: "b.BenchlingFieldType.TEXT" → "TEXT". */
const char  *lim_py_name_last      (const char *dotted);

/* Append @s to @out as Python's repr() of a str would write it: single quotes
 * unless the text holds a ' and no ", backslash escapes for \\, the quote,
 * \n \r \t and other non-printable characters (\xNN, \uNNNN, \UNNNNNNNN);
 * printable non-ASCII characters are kept as they are. */
void         lim_py_append_repr_str (GString *out, const char *s);
/* The same escapes, in the quotes @quote (' or ") whatever @s holds. */
void         lim_py_append_str_literal (GString    *out,
                                        const char *s,
                                        char        quote);

/* Errors at a node: "FILE:LINE:COLUMN: message" ("FILE: message" when
 * @node is NULL; "<input>" when @file is NULL). */
void         lim_set_error_at       (GError         **error,
                                     GQuark           domain,
                                     int              code,
                                     const char      *file,
                                     const LimPyNode *node,
                                     const char      *format,
                                     ...) G_GNUC_PRINTF (6, 7);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimPyModule, lim_py_module_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimPyNode, lim_py_node_free)

G_END_DECLS
