/* fuzz-py.c — libFuzzer target for the Python-subset reader (lim-py.c).
 *
 * Feeds the input to lim_py_parse(), lim_py_parse_model() and
 * lim_py_parse_expr(), frees everything, and checks invariants that must
 * hold for any input:
 *   - failure sets exactly one LIM_PY_ERROR_SYNTAX error, "FILE:LINE:COLUMN: …";
 *   - every string in the tree is valid UTF-8 without NUL;
 *   - every node has a position and the arrays its kind promises;
 *   - the repr() of every string parses back to the same string.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "lim-py.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define CHECK(cond) \
  G_STMT_START \
  { \
    if (!(cond)) \
      { \
        g_printerr ("invariant failed: %s\n", #cond); \
        abort (); \
      } \
  } \
  G_STMT_END

static void
check_error (const GError *error,
             const char   *filename)
{
  const char *rest;
  char *end;
  guint64 line, column;

  CHECK (error != NULL);
  CHECK (error->domain == LIM_PY_ERROR);
  CHECK (error->code == LIM_PY_ERROR_SYNTAX);
  CHECK (g_utf8_validate (error->message, -1, NULL));
  CHECK (g_str_has_prefix (error->message, filename));
  rest = error->message + strlen (filename);
  CHECK (*rest == ':');
  line = g_ascii_strtoull (rest + 1, &end, 10);
  CHECK (line >= 1 && *end == ':');
  column = g_ascii_strtoull (end + 1, &end, 10);
  CHECK (column >= 1 && end[0] == ':' && end[1] == ' ' && end[2] != '\0');
}

static void
check_string (const char *s)
{
  g_autoptr(GString) repr = g_string_new (NULL);
  g_autoptr(LimPyNode) back = NULL;

  CHECK (s != NULL);
  CHECK (g_utf8_validate (s, -1, NULL));

  /* repr() must read back as the same string. */
  lim_py_append_repr_str (repr, s);
  back = lim_py_parse_expr (repr->str, (gssize) repr->len, "repr", NULL);
  CHECK (back != NULL);
  CHECK (back->kind == LIM_PY_STR);
  CHECK (strcmp (back->str, s) == 0);
}

static void
check_node (const LimPyNode *node)
{
  CHECK (node != NULL);
  CHECK (node->line >= 1 && node->column >= 1);
  (void) lim_py_kind_to_string (node->kind);

  switch (node->kind)
    {
    case LIM_PY_STR:
      check_string (node->str);
      break;
    case LIM_PY_NAME:
      CHECK (node->str != NULL && node->str[0] != '\0');
      CHECK (g_utf8_validate (node->str, -1, NULL));
      CHECK (lim_py_name_last (node->str) != NULL);
      break;
    case LIM_PY_CALL:
      CHECK (node->str != NULL && node->items != NULL);
      CHECK (node->values != NULL && node->keywords != NULL);
      CHECK (node->values->len == node->keywords->len);
      for (guint i = 0; i < node->keywords->len; i++)
        {
          const char *kw = g_ptr_array_index (node->keywords, i);

          CHECK (lim_py_call_get_kwarg (node, kw) == g_ptr_array_index (node->values, i));
        }
      break;
    case LIM_PY_SUBSCRIPT:
      CHECK (node->callee != NULL && node->items != NULL && node->items->len == 1);
      check_node (node->callee);
      break;
    case LIM_PY_DICT:
      CHECK (node->items != NULL && node->values != NULL);
      CHECK (node->items->len == node->values->len);
      break;
    case LIM_PY_LIST:
    case LIM_PY_TUPLE:
    case LIM_PY_SET:
      CHECK (node->items != NULL);
      break;
    case LIM_PY_NONE:
    case LIM_PY_BOOL:
    case LIM_PY_INT:
    case LIM_PY_FLOAT:
      CHECK (node->items == NULL && node->values == NULL && node->keywords == NULL);
      break;
    default:
      CHECK (!"unknown node kind");
    }

  if (node->items != NULL)
    for (guint i = 0; i < node->items->len; i++)
      check_node (g_ptr_array_index (node->items, i));
  if (node->values != NULL)
    for (guint i = 0; i < node->values->len; i++)
      check_node (g_ptr_array_index (node->values, i));
}

/* @model: lim_py_parse_model()'s statements (classes, skipped ones). */
static void
check_statements (const GPtrArray *statements,
                  gboolean         model)
{
  for (guint i = 0; i < statements->len; i++)
    {
      const LimPyStmt *stmt = g_ptr_array_index (statements, i);

      CHECK (stmt->line >= 1 && stmt->column >= 1);
      switch (stmt->kind)
        {
        case LIM_PY_STMT_ASSIGN:
          CHECK (stmt->targets != NULL && stmt->targets->len >= 1);
          CHECK (stmt->value != NULL);
          break;
        case LIM_PY_STMT_EXPR:
          CHECK (stmt->value != NULL);
          break;
        case LIM_PY_STMT_IMPORT:
          CHECK (stmt->targets == NULL && stmt->name != NULL);
          break;
        case LIM_PY_STMT_FUNCDEF:
          CHECK (stmt->name != NULL);
          CHECK ((stmt->value != NULL) == (stmt->return_line != 0));
          if (stmt->docstring != NULL)
            CHECK (g_utf8_validate (stmt->docstring, -1, NULL));
          break;
        case LIM_PY_STMT_PASS:
          break;
        case LIM_PY_STMT_CLASSDEF:
          CHECK (model && stmt->name != NULL && stmt->bases != NULL && stmt->body != NULL);
          for (guint k = 0; k < stmt->bases->len; k++)
            check_node (g_ptr_array_index (stmt->bases, k));
          check_statements (stmt->body, model);
          break;
        case LIM_PY_STMT_SKIPPED:
          CHECK (model && stmt->value == NULL);
          break;
        default:
          CHECK (!"unknown statement kind");
        }
      if (stmt->value != NULL)
        check_node (stmt->value);
    }
}

static void
check_module (const LimPyModule *module,
              gboolean           model)
{
  CHECK (module->statements != NULL);
  if (module->docstring != NULL)
    {
      CHECK (module->docstring_line >= 1);
      CHECK (g_utf8_validate (module->docstring, -1, NULL));
    }
  check_statements (module->statements, model);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  /* GLib 2.74 still has its slice allocator; make every block visible to ASan. */
  g_setenv ("G_SLICE", "always-malloc", TRUE);
  g_setenv ("G_DEBUG", "gc-friendly", TRUE);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LimPyModule) module = NULL;
  g_autoptr(LimPyNode) node = NULL;

  if (size > G_MAXINT32)
    return 0;

  module = lim_py_parse (text, (gssize) size, "fuzz.py", &error);
  if (module != NULL)
    {
      CHECK (error == NULL);
      CHECK (g_strcmp0 (module->filename, "fuzz.py") == 0);
      check_module (module, FALSE);
    }
  else
    check_error (error, "fuzz.py");
  g_clear_error (&error);
  g_clear_pointer (&module, lim_py_module_free);

  /* The model files' reader (classes, everything else read over). */
  module = lim_py_parse_model (text, (gssize) size, "model.py", &error);
  if (module != NULL)
    {
      CHECK (error == NULL);
      check_module (module, TRUE);
    }
  else
    check_error (error, "model.py");
  g_clear_error (&error);

  node = lim_py_parse_expr (text, (gssize) size, "expr.py", &error);
  if (node != NULL)
    {
      CHECK (error == NULL);
      check_node (node);
    }
  else
    check_error (error, "expr.py");

  /* Without a GError, too. */
  g_clear_pointer (&module, lim_py_module_free);
  module = lim_py_parse (text, (gssize) size, NULL, NULL);

  return 0;
}
