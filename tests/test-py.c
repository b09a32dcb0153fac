/* test-py.c — unit tests for the Python-subset reader (lim-py.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>
#include <string.h>

#include <glib.h>

#include "lim-py.h"

/* ------------------------------------------------------------------------ */
/* Helpers                                                                  */
/* ------------------------------------------------------------------------ */

static LimPyNode *
item (const LimPyNode *node,
      guint            i)
{
  g_assert_nonnull (node->items);
  g_assert_cmpuint (i, <, node->items->len);
  return g_ptr_array_index (node->items, i);
}

static LimPyNode *
value_at (const LimPyNode *node,
          guint            i)
{
  g_assert_nonnull (node->values);
  g_assert_cmpuint (i, <, node->values->len);
  return g_ptr_array_index (node->values, i);
}

static LimPyStmt *
stmt_at (const LimPyModule *module,
         guint              i)
{
  g_assert_cmpuint (i, <, module->statements->len);
  return g_ptr_array_index (module->statements, i);
}

/* Python-like text of a node, for compact structural assertions. */
static void
dump_to (GString         *out,
         const LimPyNode *node)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  switch (node->kind)
    {
    case LIM_PY_NONE:
      g_string_append (out, "None");
      break;
    case LIM_PY_BOOL:
      g_string_append (out, node->bval ? "True" : "False");
      break;
    case LIM_PY_INT:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, node->ival);
      break;
    case LIM_PY_FLOAT:
      g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%g", node->fval));
      break;
    case LIM_PY_STR:
      lim_py_append_repr_str (out, node->str);
      break;
    case LIM_PY_NAME:
      g_string_append (out, node->str);
      break;
    case LIM_PY_CALL:
      g_string_append_printf (out, "%s(", node->str);
      for (guint i = 0; i < node->items->len; i++)
        {
          if (i > 0)
            g_string_append (out, ", ");
          dump_to (out, item (node, i));
        }
      g_assert_cmpuint (node->keywords->len, ==, node->values->len);
      for (guint i = 0; i < node->values->len; i++)
        {
          if (i > 0 || node->items->len > 0)
            g_string_append (out, ", ");
          g_string_append_printf (out, "%s=", (const char *) g_ptr_array_index (node->keywords, i));
          dump_to (out, value_at (node, i));
        }
      g_string_append_c (out, ')');
      break;
    case LIM_PY_SUBSCRIPT:
      g_assert_cmpuint (node->items->len, ==, 1);
      dump_to (out, node->callee);
      g_string_append_c (out, '[');
      dump_to (out, item (node, 0));
      g_string_append_c (out, ']');
      break;
    case LIM_PY_LIST:
    case LIM_PY_TUPLE:
    case LIM_PY_SET:
      g_assert_null (node->values);
      g_string_append_c (out, node->kind == LIM_PY_LIST    ? '['
                              : node->kind == LIM_PY_TUPLE ? '('
                                                           : '{');
      for (guint i = 0; i < node->items->len; i++)
        {
          if (i > 0)
            g_string_append (out, ", ");
          dump_to (out, item (node, i));
        }
      if (node->kind == LIM_PY_TUPLE && node->items->len == 1)
        g_string_append_c (out, ',');
      g_string_append_c (out, node->kind == LIM_PY_LIST    ? ']'
                              : node->kind == LIM_PY_TUPLE ? ')'
                                                           : '}');
      break;
    case LIM_PY_DICT:
      g_assert_cmpuint (node->items->len, ==, node->values->len);
      g_string_append_c (out, '{');
      for (guint i = 0; i < node->items->len; i++)
        {
          if (i > 0)
            g_string_append (out, ", ");
          dump_to (out, item (node, i));
          g_string_append (out, ": ");
          dump_to (out, value_at (node, i));
        }
      g_string_append_c (out, '}');
      break;
    default:
      g_assert_not_reached ();
    }
}

static char *
dump (const LimPyNode *node)
{
  GString *out = g_string_new (NULL);

  dump_to (out, node);
  return g_string_free (out, FALSE);
}

static LimPyModule *
parse_ok (const char *source)
{
  g_autoptr(GError) error = NULL;
  LimPyModule *module = lim_py_parse (source, -1, "test.py", &error);

  g_assert_no_error (error);
  g_assert_nonnull (module);
  return module;
}

static LimPyNode *
expr_ok (const char *source)
{
  g_autoptr(GError) error = NULL;
  LimPyNode *node = lim_py_parse_expr (source, -1, "expr.py", &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

/* Parse @source as an expression and compare its dump with @expected. */
static void
assert_expr (const char *source,
             const char *expected)
{
  g_autoptr(LimPyNode) node = expr_ok (source);
  g_autofree char *text = dump (node);

  g_assert_cmpstr (text, ==, expected);
}

static void
assert_str (const char *source,
            const char *expected)
{
  g_autoptr(LimPyNode) node = expr_ok (source);

  g_assert_cmpint (node->kind, ==, LIM_PY_STR);
  g_assert_cmpstr (node->str, ==, expected);
  g_assert_true (g_utf8_validate (node->str, -1, NULL));
}

static void
assert_module_error (const char *source,
                     gssize      len,
                     const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimPyModule) module = lim_py_parse (source, len, "rev.py", &error);

  g_assert_null (module);
  g_assert_error (error, LIM_PY_ERROR, LIM_PY_ERROR_SYNTAX);
  g_assert_cmpstr (error->message, ==, expected);
}

static void
assert_expr_error (const char *source,
                   const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimPyNode) node = lim_py_parse_expr (source, -1, "e.py", &error);

  g_assert_null (node);
  g_assert_error (error, LIM_PY_ERROR, LIM_PY_ERROR_SYNTAX);
  g_assert_cmpstr (error->message, ==, expected);
}

static void
assert_pos (const LimPyNode *node,
            guint            line,
            guint            column)
{
  g_assert_cmpuint (node->line, ==, line);
  g_assert_cmpuint (node->column, ==, column);
}

/* ------------------------------------------------------------------------ */
/* Whole files                                                              */
/* ------------------------------------------------------------------------ */

static const char seed_example[] =
  "import liminal.external as b\n"
  "\n"
  "# revision identifiers, used by Liminal.\n"
  "revision = \"c3a9cd009713\"\n"
  "down_revision = \"d28335bffaba\"\n"
  "\n"
  "\n"
  "# ### commands auto generated by Liminal - please review (and adjust if needed)! ###\n"
  "def upgrade() -> list[b.BaseOperation]:\n"
  "    return [b.ArchiveEntitySchemaField('pizza', 'dough')]\n"
  "\n"
  "# ### commands auto generated by Liminal - please review (and adjust if needed)! ###\n"
  "def downgrade() -> list[b.BaseOperation]:\n"
  "    return [b.UnarchiveEntitySchemaField('pizza', 'dough')]\n";

static void
test_seed_example (void)
{
  g_autoptr(LimPyModule) module = parse_ok (seed_example);
  LimPyStmt *stmt;
  LimPyNode *op;
  g_autofree char *text = NULL;

  g_assert_cmpstr (module->filename, ==, "test.py");
  g_assert_null (module->docstring);
  g_assert_cmpuint (module->docstring_line, ==, 0);
  g_assert_cmpuint (module->statements->len, ==, 5);

  stmt = stmt_at (module, 0);
  g_assert_cmpint (stmt->kind, ==, LIM_PY_STMT_IMPORT);
  g_assert_cmpuint (stmt->line, ==, 1);
  g_assert_cmpuint (stmt->column, ==, 1);
  g_assert_null (stmt->targets);
  g_assert_null (stmt->value);
  g_assert_cmpstr (stmt->name, ==, "import liminal.external as b");

  stmt = stmt_at (module, 1);
  g_assert_cmpint (stmt->kind, ==, LIM_PY_STMT_ASSIGN);
  g_assert_cmpuint (stmt->line, ==, 4);
  g_assert_cmpuint (stmt->targets->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (stmt->targets, 0), ==, "revision");
  g_assert_cmpint (stmt->value->kind, ==, LIM_PY_STR);
  g_assert_cmpstr (stmt->value->str, ==, "c3a9cd009713");
  assert_pos (stmt->value, 4, 12);

  stmt = stmt_at (module, 2);
  g_assert_cmpstr (g_ptr_array_index (stmt->targets, 0), ==, "down_revision");
  g_assert_cmpstr (stmt->value->str, ==, "d28335bffaba");
  assert_pos (stmt->value, 5, 17);

  stmt = stmt_at (module, 3);
  g_assert_cmpint (stmt->kind, ==, LIM_PY_STMT_FUNCDEF);
  g_assert_cmpstr (stmt->name, ==, "upgrade");
  g_assert_cmpstr (stmt->annotation, ==, "list[b.BaseOperation]");
  g_assert_null (stmt->docstring);
  g_assert_cmpuint (stmt->n_params, ==, 0);
  g_assert_cmpuint (stmt->line, ==, 9);
  g_assert_cmpuint (stmt->column, ==, 1);
  g_assert_cmpuint (stmt->return_line, ==, 10);
  g_assert_cmpint (stmt->value->kind, ==, LIM_PY_LIST);
  assert_pos (stmt->value, 10, 12);
  g_assert_cmpuint (stmt->value->items->len, ==, 1);
  op = item (stmt->value, 0);
  g_assert_cmpint (op->kind, ==, LIM_PY_CALL);
  g_assert_cmpstr (op->str, ==, "b.ArchiveEntitySchemaField");
  assert_pos (op, 10, 13);
  g_assert_cmpuint (op->items->len, ==, 2);
  g_assert_cmpuint (op->values->len, ==, 0);
  g_assert_cmpuint (op->keywords->len, ==, 0);
  assert_pos (item (op, 0), 10, 40);
  assert_pos (item (op, 1), 10, 49);
  text = dump (stmt->value);
  g_assert_cmpstr (text, ==, "[b.ArchiveEntitySchemaField('pizza', 'dough')]");

  stmt = stmt_at (module, 4);
  g_assert_cmpstr (stmt->name, ==, "downgrade");
  g_assert_cmpuint (stmt->return_line, ==, 14);
  g_clear_pointer (&text, g_free);
  text = dump (stmt->value);
  g_assert_cmpstr (text, ==, "[b.UnarchiveEntitySchemaField('pizza', 'dough')]");
}

/* The layout `liminal revision` writes, with many operations. */
static const char generated_revision[] =
  "\n"
  "'''\n"
  "Add pizza schema\n"
  "\n"
  "Revision ID: 1b2c3d4e5f60\n"
  "Revises: c3a9cd009713\n"
  "Create Date: 2024-10-26 10:33:26.390965\n"
  "'''\n"
  "\n"
  "import liminal.external as b\n"
  "\n"
  "# revision identifiers, used by Liminal.\n"
  "revision = \"1b2c3d4e5f60\"\n"
  "down_revision = None\n"
  "\n"
  "\n"
  "# ### commands auto generated by Liminal - please review (and adjust if needed)! ###\n"
  "def upgrade() -> list[b.BaseOperation]:\n"
  "    return [b.CreateDropdown('Toppings', ['Cheese', 'Pepperoni']),\n"
  "        b.CreateEntitySchema(b.BaseSchemaProperties(name='Pizza', warehouse_name='pizza', "
  "prefix='PZ', entity_type=b.BenchlingEntityType.CUSTOM_ENTITY, "
  "naming_strategies={b.BenchlingNamingStrategy.NEW_IDS, "
  "b.BenchlingNamingStrategy.REPLACE_NAMES_FROM_PARTS}, "
  "mixture_schema_config=None, use_registry_id_as_label=False, include_registry_id_in_chips=True, "
  "constraint_fields={'dough', 'name'}, _archived=False), "
  "[b.BaseFieldProperties(name='Dough', warehouse_name='dough', type=b.BenchlingFieldType.TEXT, "
  "required=False, is_multi=False, parent_link=False, tooltip=None, _archived=False)]),\n"
  "        b.CreateEntitySchemaField('pizza', b.BaseFieldProperties(name='Dough', "
  "warehouse_name='dough', "
  "type=b.BenchlingFieldType.TEXT, required=False, tooltip=None), 3),\n"
  "        b.UpdateEntitySchemaNameTemplate('pizza', "
  "b.BaseNameTemplate(parts=[b.TextPart(value='PZ-'), "
  "b.FieldPart(wh_field_name='dough')], order_name_parts_by_sequence=False)),\n"
  "        b.ReorderEntitySchemaFields('pizza', ['name', 'dough', \"chef's note\"]),\n"
  "        b.UpdateEntitySchemaField('pizza', 'dough', b.BaseFieldProperties(decimal_places=2, "
  "unit_name=None, dropdown_link=\"toppings\"))]\n"
  "\n"
  "# ### commands auto generated by Liminal - please review (and adjust if needed)! ###\n"
  "def downgrade() -> list[b.BaseOperation]:\n"
  "    return []\n";

static void
test_generated_revision (void)
{
  g_autoptr(LimPyModule) module = parse_ok (generated_revision);
  LimPyStmt *up, *down;
  LimPyNode *ops, *create, *props, *names;

  g_assert_cmpstr (module->docstring, ==,
                   "\nAdd pizza schema\n\nRevision ID: 1b2c3d4e5f60\nRevises: c3a9cd009713\n"
                   "Create Date: 2024-10-26 10:33:26.390965\n");
  g_assert_cmpuint (module->docstring_line, ==, 2);
  g_assert_cmpuint (module->statements->len, ==, 5);

  g_assert_cmpint (stmt_at (module, 2)->value->kind, ==, LIM_PY_NONE);
  assert_pos (stmt_at (module, 2)->value, 14, 17);

  up = stmt_at (module, 3);
  g_assert_cmpuint (up->return_line, ==, 19);
  ops = up->value;
  g_assert_cmpint (ops->kind, ==, LIM_PY_LIST);
  g_assert_cmpuint (ops->items->len, ==, 6);

  create = item (ops, 1);
  g_assert_cmpstr (create->str, ==, "b.CreateEntitySchema");
  assert_pos (create, 20, 9);
  props = item (create, 0);
  g_assert_cmpstr (props->str, ==, "b.BaseSchemaProperties");
  g_assert_cmpuint (props->items->len, ==, 0);
  g_assert_cmpuint (props->values->len, ==, 10);
  g_assert_cmpstr (lim_py_call_get_kwarg (props, "prefix")->str, ==, "PZ");
  g_assert_cmpint (lim_py_call_get_kwarg (props, "entity_type")->kind, ==, LIM_PY_NAME);
  g_assert_cmpstr (lim_py_call_get_kwarg (props, "entity_type")->str, ==,
                   "b.BenchlingEntityType.CUSTOM_ENTITY");
  names = lim_py_call_get_kwarg (props, "naming_strategies");
  g_assert_cmpint (names->kind, ==, LIM_PY_SET);
  g_assert_cmpuint (names->items->len, ==, 2);
  g_assert_cmpstr (item (names, 1)->str, ==, "b.BenchlingNamingStrategy.REPLACE_NAMES_FROM_PARTS");
  g_assert_cmpint (lim_py_call_get_kwarg (props, "mixture_schema_config")->kind, ==, LIM_PY_NONE);
  g_assert_false (lim_py_call_get_kwarg (props, "use_registry_id_as_label")->bval);
  g_assert_true (lim_py_call_get_kwarg (props, "include_registry_id_in_chips")->bval);
  g_assert_cmpint (lim_py_call_get_kwarg (props, "constraint_fields")->kind, ==, LIM_PY_SET);
  g_assert_nonnull (lim_py_call_get_kwarg (props, "_archived"));
  g_assert_null (lim_py_call_get_kwarg (props, "nope"));

  {
    g_autofree char *text = dump (item (ops, 2));
    g_assert_cmpstr (text, ==,
                     "b.CreateEntitySchemaField('pizza', b.BaseFieldProperties(name='Dough', "
                     "warehouse_name='dough', type=b.BenchlingFieldType.TEXT, required=False, "
                     "tooltip=None), 3)");
  }
  {
    g_autofree char *text = dump (item (ops, 4));
    g_assert_cmpstr (text, ==,
                     "b.ReorderEntitySchemaFields('pizza', ['name', 'dough', \"chef's note\"])");
  }
  g_assert_cmpint (lim_py_call_get_kwarg (item (item (ops, 5), 2), "decimal_places")->ival, ==, 2);

  down = stmt_at (module, 4);
  g_assert_cmpint (down->value->kind, ==, LIM_PY_LIST);
  g_assert_cmpuint (down->value->items->len, ==, 0);
}

static void
test_env_py (void)
{
  const char *source =
    "# This file is auto-generated by Liminal.\n"
    "# Import the models and dropdowns you want to keep in sync here.\n"
    "import os\n"
    "from liminal.connection import BenchlingConnection, TenantConfigFlags\n"
    "from pizzahouse.dropdowns import *\n"
    "\n"
    "connection = BenchlingConnection(\n"
    "    tenant_name=\"pizzahouse-prod\",\n"
    "    tenant_alias=\"prod\",\n"
    "    api_client_id=os.environ[\"CLIENT_ID\"],\n"
    "    api_client_secret=os.getenv(\"CLIENT_SECRET\", \"\"),\n"
    "    warehouse_connection_string=\"...\",\n"
    "    config_flags=TenantConfigFlags(schemas_enable_change_warehouse_name=True),\n"
    ")\n"
    "staging: BenchlingConnection = BenchlingConnection(tenant_name='staging')\n";
  g_autoptr(LimPyModule) module = parse_ok (source);
  LimPyNode *conn, *sub;

  g_assert_null (module->docstring);
  g_assert_cmpuint (module->statements->len, ==, 5);
  g_assert_cmpstr (stmt_at (module, 0)->name, ==, "import os");
  g_assert_cmpstr (stmt_at (module, 1)->name, ==,
                   "from liminal.connection import BenchlingConnection, TenantConfigFlags");
  g_assert_cmpstr (stmt_at (module, 2)->name, ==, "from pizzahouse.dropdowns import *");

  conn = stmt_at (module, 3)->value;
  g_assert_cmpint (conn->kind, ==, LIM_PY_CALL);
  g_assert_cmpstr (conn->str, ==, "BenchlingConnection");
  assert_pos (conn, 7, 14);
  sub = lim_py_call_get_kwarg (conn, "api_client_id");
  g_assert_cmpint (sub->kind, ==, LIM_PY_SUBSCRIPT);
  assert_pos (sub, 10, 19);
  g_assert_cmpint (sub->callee->kind, ==, LIM_PY_NAME);
  g_assert_cmpstr (sub->callee->str, ==, "os.environ");
  g_assert_cmpuint (sub->items->len, ==, 1);
  g_assert_cmpstr (item (sub, 0)->str, ==, "CLIENT_ID");
  assert_pos (item (sub, 0), 10, 30);
  g_assert_cmpstr (lim_py_call_get_kwarg (conn, "api_client_secret")->str, ==, "os.getenv");
  g_assert_true (lim_py_call_get_kwarg (lim_py_call_get_kwarg (conn, "config_flags"),
                                        "schemas_enable_change_warehouse_name")->bval);

  g_assert_cmpint (stmt_at (module, 4)->kind, ==, LIM_PY_STMT_ASSIGN);
  g_assert_cmpstr (g_ptr_array_index (stmt_at (module, 4)->targets, 0), ==, "staging");
}

/* ------------------------------------------------------------------------ */
/* Statements                                                               */
/* ------------------------------------------------------------------------ */

static void
test_docstrings (void)
{
  struct {
    const char *source;
    const char *docstring;
    guint       line;
  } cases[] = {
    { "'single'\n", "single", 1 },
    { "\"double\"\n", "double", 1 },
    { "'''triple\n'single'\n'''\n", "triple\n'single'\n", 1 },
    { "\"\"\"triple \"double\" \"\"\"\n", "triple \"double\" ", 1 },
    { "\n\n# comment\nr'raw \\d'\n", "raw \\d", 4 },
    { "u'unicode \\u00e9'\n", "unicode \xc3\xa9", 1 },
    { "'a' \"b\" '''c'''\n", "abc", 1 },
    { "('a'\n 'b')\n", "ab", 1 },
    { "\"\"\"\\\nContinued\"\"\"\n", "Continued", 1 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LimPyModule) module = parse_ok (cases[i].source);

      g_assert_cmpstr (module->docstring, ==, cases[i].docstring);
      g_assert_cmpuint (module->docstring_line, ==, cases[i].line);
      g_assert_cmpuint (module->statements->len, ==, 0);
    }

  /* Only the first statement is the docstring. */
  {
    g_autoptr(LimPyModule) module = parse_ok ("x = 1\n'not a docstring'\n");

    g_assert_null (module->docstring);
    g_assert_cmpuint (module->statements->len, ==, 2);
    g_assert_cmpint (stmt_at (module, 1)->kind, ==, LIM_PY_STMT_EXPR);
    g_assert_cmpstr (stmt_at (module, 1)->value->str, ==, "not a docstring");
  }
  {
    g_autoptr(LimPyModule) module = parse_ok ("'doc'\n'second'\n");

    g_assert_cmpstr (module->docstring, ==, "doc");
    g_assert_cmpuint (module->statements->len, ==, 1);
    g_assert_cmpint (stmt_at (module, 0)->kind, ==, LIM_PY_STMT_EXPR);
    g_assert_cmpstr (stmt_at (module, 0)->value->str, ==, "second");
    g_assert_cmpuint (stmt_at (module, 0)->line, ==, 2);
  }
  {
    /* A string that is part of a larger expression is not a docstring. */
    g_autoptr(LimPyModule) module = parse_ok ("x['a']\n");

    g_assert_null (module->docstring);
    g_assert_cmpuint (module->statements->len, ==, 1);
  }
  {
    g_autoptr(LimPyModule) module = parse_ok ("");

    g_assert_null (module->docstring);
    g_assert_cmpuint (module->statements->len, ==, 0);
  }
}

static void
test_imports (void)
{
  const char *source =
    "from __future__ import annotations\n"
    "import os\n"
    "import liminal.external as b\n"
    "import os.path, sys as system\n"
    "from x import a, b as c\n"
    "from x import (a,\n"
    "    b,  # comment\n"
    "    c as d,\n"
    ")\n"
    "from . import sibling\n"
    "from ..pkg.mod import thing\n"
    "from ... import up\n"
    "from pizzahouse.dropdowns import *\n";
  const char *expected[] = {
    "from __future__ import annotations",
    "import os",
    "import liminal.external as b",
    "import os.path, sys as system",
    "from x import a, b as c",
    "from x import a, b, c as d",
    "from . import sibling",
    "from ..pkg.mod import thing",
    "from ... import up",
    "from pizzahouse.dropdowns import *",
  };
  const guint lines[] = { 1, 2, 3, 4, 5, 6, 10, 11, 12, 13 };
  g_autoptr(LimPyModule) module = parse_ok (source);

  g_assert_cmpuint (module->statements->len, ==, G_N_ELEMENTS (expected));
  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      LimPyStmt *stmt = stmt_at (module, i);

      g_assert_cmpint (stmt->kind, ==, LIM_PY_STMT_IMPORT);
      g_assert_cmpstr (stmt->name, ==, expected[i]);
      g_assert_cmpuint (stmt->line, ==, lines[i]);
      g_assert_cmpuint (stmt->column, ==, 1);
      g_assert_null (stmt->targets);
      g_assert_null (stmt->value);
    }
}

static void
test_assignments (void)
{
  const char *source =
    "x = 1\n"
    "a = b = c = 'same'\n"
    "name: str = \"annotated\"\n"
    "maybe: str | None = None\n"
    "ops: list[b.BaseOperation] = []\n"
    "mapping : dict[str, int] = {}\n"
    "y=2;z=3;\n"
    "pass\n"
    "b.CreateDropdown('x', [])\n"
    "some.name\n";
  g_autoptr(LimPyModule) module = parse_ok (source);
  LimPyStmt *stmt;

  g_assert_cmpuint (module->statements->len, ==, 11);

  stmt = stmt_at (module, 0);
  g_assert_cmpint (stmt->kind, ==, LIM_PY_STMT_ASSIGN);
  g_assert_cmpuint (stmt->targets->len, ==, 1);
  g_assert_cmpint (stmt->value->ival, ==, 1);

  stmt = stmt_at (module, 1);
  g_assert_cmpuint (stmt->targets->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (stmt->targets, 0), ==, "a");
  g_assert_cmpstr (g_ptr_array_index (stmt->targets, 1), ==, "b");
  g_assert_cmpstr (g_ptr_array_index (stmt->targets, 2), ==, "c");
  g_assert_cmpstr (stmt->value->str, ==, "same");
  assert_pos (stmt->value, 2, 13);

  for (guint i = 2; i <= 5; i++)
    {
      stmt = stmt_at (module, i);
      g_assert_cmpint (stmt->kind, ==, LIM_PY_STMT_ASSIGN);
      g_assert_cmpuint (stmt->targets->len, ==, 1);
      g_assert_cmpuint (stmt->line, ==, i + 1);
      g_assert_cmpuint (stmt->column, ==, 1);
    }
  g_assert_cmpstr (g_ptr_array_index (stmt_at (module, 2)->targets, 0), ==, "name");
  g_assert_cmpstr (stmt_at (module, 2)->value->str, ==, "annotated");
  g_assert_cmpint (stmt_at (module, 3)->value->kind, ==, LIM_PY_NONE);
  g_assert_cmpint (stmt_at (module, 4)->value->kind, ==, LIM_PY_LIST);
  g_assert_cmpint (stmt_at (module, 5)->value->kind, ==, LIM_PY_DICT);

  stmt = stmt_at (module, 6);
  g_assert_cmpstr (g_ptr_array_index (stmt->targets, 0), ==, "y");
  stmt = stmt_at (module, 7);
  g_assert_cmpstr (g_ptr_array_index (stmt->targets, 0), ==, "z");
  g_assert_cmpuint (stmt->column, ==, 5);

  stmt = stmt_at (module, 8);
  g_assert_cmpint (stmt->kind, ==, LIM_PY_STMT_PASS);
  g_assert_cmpuint (stmt->line, ==, 8);
  g_assert_null (stmt->value);

  stmt = stmt_at (module, 9);
  g_assert_cmpint (stmt->kind, ==, LIM_PY_STMT_EXPR);
  g_assert_null (stmt->targets);
  g_assert_cmpint (stmt->value->kind, ==, LIM_PY_CALL);
  g_assert_cmpstr (stmt->value->str, ==, "b.CreateDropdown");

  stmt = stmt_at (module, 10);
  g_assert_cmpint (stmt->kind, ==, LIM_PY_STMT_EXPR);
  g_assert_cmpint (stmt->value->kind, ==, LIM_PY_NAME);
  g_assert_cmpstr (stmt->value->str, ==, "some.name");
}

static void
test_expression_statements (void)
{
  g_autoptr(LimPyModule) module = parse_ok ("f()\nsome.name\n[1]\n");

  g_assert_cmpuint (module->statements->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpint (stmt_at (module, i)->kind, ==, LIM_PY_STMT_EXPR);
      g_assert_cmpuint (stmt_at (module, i)->line, ==, i + 1);
    }
  g_assert_cmpint (stmt_at (module, 0)->value->kind, ==, LIM_PY_CALL);
  g_assert_cmpint (stmt_at (module, 1)->value->kind, ==, LIM_PY_NAME);
  g_assert_cmpstr (stmt_at (module, 1)->value->str, ==, "some.name");
  g_assert_cmpint (stmt_at (module, 2)->value->kind, ==, LIM_PY_LIST);
}

static void
test_function_definitions (void)
{
  const char *source =
    "def upgrade() -> list[b.BaseOperation]:\n"
    "    '''Upgrade docstring.'''\n"
    "    pass\n"
    "    return [\n"
    "        b.ArchiveDropdown('toppings'),  # trailing comment\n"
    "\n"
    "        # a comment line inside the list\n"
    "        b.UnarchiveDropdown(\"sauces\"),\n"
    "    ]\n"
    "\n"
    "def only_doc():\n"
    "    \"\"\"Nothing to do.\"\"\"\n"
    "def only_pass() -> None:\n"
    "\tpass\n"
    "def bare_return():\n"
    "  return\n"
    "def one_liner() -> list[b.BaseOperation]: return []\n"
    "def with_params(a, b: int = 1, c=[1, 2],) -> dict[str, list[int]]:\n"
    "        return (1,)\n"
    "def spaced()   ->   list [ b . BaseOperation ]   :\n"
    "    return None\n"
    "def multiline_annotation() -> list[\n"
    "    b.BaseOperation,  # comment\n"
    "]:\n"
    "    return [ ]\n"
    "def union() -> str | None: pass\n";
  g_autoptr(LimPyModule) module = parse_ok (source);
  LimPyStmt *def;

  g_assert_cmpuint (module->statements->len, ==, 9);

  def = stmt_at (module, 0);
  g_assert_cmpint (def->kind, ==, LIM_PY_STMT_FUNCDEF);
  g_assert_cmpstr (def->name, ==, "upgrade");
  g_assert_cmpstr (def->annotation, ==, "list[b.BaseOperation]");
  g_assert_cmpstr (def->docstring, ==, "Upgrade docstring.");
  g_assert_cmpuint (def->n_params, ==, 0);
  g_assert_cmpuint (def->return_line, ==, 4);
  g_assert_null (def->targets);
  {
    g_autofree char *text = dump (def->value);
    g_assert_cmpstr (text, ==, "[b.ArchiveDropdown('toppings'), b.UnarchiveDropdown('sauces')]");
  }
  assert_pos (item (def->value, 1), 8, 9);

  def = stmt_at (module, 1);
  g_assert_cmpstr (def->name, ==, "only_doc");
  g_assert_null (def->annotation);
  g_assert_cmpstr (def->docstring, ==, "Nothing to do.");
  g_assert_null (def->value);
  g_assert_cmpuint (def->return_line, ==, 0);
  g_assert_cmpuint (def->line, ==, 11);

  def = stmt_at (module, 2);
  g_assert_cmpstr (def->name, ==, "only_pass");
  g_assert_cmpstr (def->annotation, ==, "None");
  g_assert_null (def->docstring);
  g_assert_null (def->value);
  g_assert_cmpuint (def->return_line, ==, 0);

  def = stmt_at (module, 3);
  g_assert_cmpuint (def->return_line, ==, 16);
  g_assert_nonnull (def->value);
  g_assert_cmpint (def->value->kind, ==, LIM_PY_NONE);
  assert_pos (def->value, 16, 3);

  def = stmt_at (module, 4);
  g_assert_cmpstr (def->name, ==, "one_liner");
  g_assert_cmpuint (def->return_line, ==, 17);
  g_assert_cmpint (def->value->kind, ==, LIM_PY_LIST);
  g_assert_cmpuint (def->value->items->len, ==, 0);

  def = stmt_at (module, 5);
  g_assert_cmpstr (def->name, ==, "with_params");
  g_assert_cmpuint (def->n_params, ==, 3);
  g_assert_cmpstr (def->annotation, ==, "dict[str,list[int]]");
  g_assert_cmpint (def->value->kind, ==, LIM_PY_TUPLE);

  def = stmt_at (module, 6);
  g_assert_cmpstr (def->annotation, ==, "list[b.BaseOperation]");
  g_assert_cmpint (def->value->kind, ==, LIM_PY_NONE);

  def = stmt_at (module, 7);
  g_assert_cmpstr (def->annotation, ==, "list[b.BaseOperation,]");
  g_assert_cmpuint (def->return_line, ==, 25);

  def = stmt_at (module, 8);
  g_assert_cmpstr (def->annotation, ==, "str|None");
  g_assert_null (def->value);

  /* String annotations lose their whitespace too. */
  {
    g_autoptr(LimPyModule) m = parse_ok ("def f() -> 'list[ b.X ]' : pass\n"
                                         "def g() -> Literal[-1, 'a', ...]: pass\n");

    g_assert_cmpstr (stmt_at (m, 0)->annotation, ==, "'list[b.X]'");
    g_assert_cmpstr (stmt_at (m, 1)->annotation, ==, "Literal[-1,'a',...]");
  }
}

/* ------------------------------------------------------------------------ */
/* Expressions                                                              */
/* ------------------------------------------------------------------------ */

static void
test_strings (void)
{
  /* Values checked against Python 3.11's literal evaluation. */
  assert_str ("'single'", "single");
  assert_str ("\"double\"", "double");
  assert_str ("''", "");
  assert_str ("\"\"\"\"\"\"", "");
  assert_str ("'it\\'s'", "it's");
  assert_str ("\"say \\\"hi\\\"\"", "say \"hi\"");
  assert_str ("'mixed \"quotes\"'", "mixed \"quotes\"");
  assert_str ("'''has ' and '' and \" inside'''", "has ' and '' and \" inside");
  assert_str ("\"\"\"a\"\"b\"\"\"", "a\"\"b");
  assert_str ("'''line1\nline2\n'''", "line1\nline2\n");
  assert_str ("'\\n\\t\\r\\\\\\a\\b\\f\\v'", "\n\t\r\\\a\b\f\v");
  assert_str ("'\\x41\\x7e\\xe9\\xff'", "A~\xc3\xa9\xc3\xbf");
  assert_str ("'\\u00e9\\u65e5\\u672C'", "\xc3\xa9\xe6\x97\xa5\xe6\x9c\xac");
  assert_str ("'\\U0001F600\\U0010ffff'", "\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf");
  assert_str ("'\\101\\7\\12\\1234\\777'", "A\a\nS4\xc7\xbf");
  assert_str ("'\\d\\q\\ \\8'", "\\d\\q\\ \\8");
  assert_str ("'\\\xc3\xa9'", "\\\xc3\xa9");
  assert_str ("'con\\\ntinued'", "continued");
  assert_str ("'''tri\\\nple'''", "triple");
  assert_str ("r'raw \\n \\x41 \\' \\\\'", "raw \\n \\x41 \\' \\\\");
  assert_str ("R\"\\d+\"", "\\d+");
  assert_str ("r'''a\\\nb'''", "a\\\nb");
  assert_str ("u'unicode'", "unicode");
  assert_str ("U\"unicode\"", "unicode");
  assert_str ("'caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x8d\x95'",
              "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x8d\x95");
  assert_str ("'tab\there'", "tab\there");
  /* Adjacent literals, across lines inside brackets and with continuations. */
  assert_str ("'a' 'b'", "ab");
  assert_str ("'a' \"b\" '''c''' r'\\d' u'e'", "ab" "c\\de");
  assert_str ("('first '\n  # comment\n  \"second \"\n 'third')", "first second third");
  assert_str ("'a' \\\n 'b'", "ab");
}

static void
test_string_positions (void)
{
  g_autoptr(LimPyNode) node = expr_ok ("[\n  'a'\n  'b', '''x\ny''', r'z']");

  g_assert_cmpuint (node->items->len, ==, 3);
  assert_pos (item (node, 0), 2, 3);
  g_assert_cmpstr (item (node, 0)->str, ==, "ab");
  assert_pos (item (node, 1), 3, 8);
  assert_pos (item (node, 2), 4, 7);
}

static void
test_numbers (void)
{
  struct {
    const char *source;
    gint64      value;
  } ints[] = {
    { "0", 0 },
    { "00", 0 },
    { "0_0", 0 },
    { "42", 42 },
    { "1_000_000", 1000000 },
    { "-7", -7 },
    { "+3", 3 },
    { "- 5", -5 },
    { "--5", 5 },
    { "-+-5", 5 },
    { "-(5)", -5 },
    { "-(-(5))", 5 },
    { "0x1F", 31 },
    { "0X_ff", 255 },
    { "0o17", 15 },
    { "0O7_7", 63 },
    { "0b101", 5 },
    { "0B_1_0", 2 },
    { "-0x10", -16 },
    { "9223372036854775807", G_MAXINT64 },
    { "-9223372036854775808", G_MININT64 },
    { "0x7fffffffffffffff", G_MAXINT64 },
    { "-0x8000000000000000", G_MININT64 },
  };
  struct {
    const char *source;
    double      value;
  } floats[] = {
    { "1.5", 1.5 },
    { ".5", 0.5 },
    { "5.", 5.0 },
    { "1e10", 1e10 },
    { "1E-3", 1e-3 },
    { "2.5e+2", 250.0 },
    { "-1.25", -1.25 },
    { "1_0.0_1", 10.01 },
    { "00.5", 0.5 },
    { "012e1", 120.0 },
    { "-(2.0)", -2.0 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (ints); i++)
    {
      g_autoptr(LimPyNode) node = expr_ok (ints[i].source);

      g_assert_cmpint (node->kind, ==, LIM_PY_INT);
      g_assert_cmpint (node->ival, ==, ints[i].value);
      assert_pos (node, 1, 1);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (floats); i++)
    {
      g_autoptr(LimPyNode) node = expr_ok (floats[i].source);

      g_assert_cmpint (node->kind, ==, LIM_PY_FLOAT);
      g_assert_cmpfloat (node->fval, ==, floats[i].value);
    }
  {
    g_autoptr(LimPyNode) node = expr_ok ("-0.0");

    g_assert_cmpint (node->kind, ==, LIM_PY_FLOAT);
    g_assert_true (signbit (node->fval));
  }
  {
    g_autoptr(LimPyNode) node = expr_ok ("1e999");

    g_assert_true (isinf (node->fval));
  }
}

static void
test_number_errors (void)
{
  assert_expr_error ("9223372036854775808", "e.py:1:1: integer literal out of 64-bit range");
  assert_expr_error ("-9223372036854775809", "e.py:1:1: integer literal out of 64-bit range");
  assert_expr_error ("18446744073709551616", "e.py:1:1: integer literal out of 64-bit range");
  assert_expr_error ("[1, 0x1_0000_0000_0000_0000]",
                     "e.py:1:5: integer literal out of 64-bit range");
  assert_expr_error ("-(-9223372036854775808)", "e.py:1:1: integer literal out of 64-bit range");
  assert_expr_error ("0123",
                     "e.py:1:1: leading zeros in decimal integer literals are not permitted; "
                             "use an 0o prefix for octal integers");
  assert_expr_error ("1__0", "e.py:1:1: invalid decimal literal");
  assert_expr_error ("1_", "e.py:1:1: invalid decimal literal");
  assert_expr_error ("12abc", "e.py:1:1: invalid decimal literal");
  assert_expr_error ("1e", "e.py:1:1: invalid decimal literal");
  assert_expr_error ("0x", "e.py:1:1: invalid hexadecimal literal");
  assert_expr_error ("0o8", "e.py:1:1: invalid octal literal");
  assert_expr_error ("0b102", "e.py:1:1: invalid binary literal");
  assert_expr_error ("2j", "e.py:1:1: complex numbers are not supported in revision files");
  assert_expr_error ("-x",
                     "e.py:1:1: unary '-' and '+' are only supported on numbers in revision files");
  assert_expr_error ("-'a'",
                     "e.py:1:1: unary '-' and '+' are only supported on numbers in revision files");
}

static void
test_constants (void)
{
  g_autoptr(LimPyNode) node = expr_ok ("[None, True, False, Nonesuch]");

  g_assert_cmpint (item (node, 0)->kind, ==, LIM_PY_NONE);
  g_assert_cmpint (item (node, 1)->kind, ==, LIM_PY_BOOL);
  g_assert_true (item (node, 1)->bval);
  g_assert_cmpint (item (node, 2)->kind, ==, LIM_PY_BOOL);
  g_assert_false (item (node, 2)->bval);
  g_assert_cmpint (item (node, 3)->kind, ==, LIM_PY_NAME);
  g_assert_cmpstr (item (node, 3)->str, ==, "Nonesuch");
  g_assert_null (item (node, 0)->items);
  g_assert_null (item (node, 0)->values);
  g_assert_null (item (node, 0)->keywords);
  g_assert_null (item (node, 0)->str);
}

static void
test_containers (void)
{
  assert_expr ("[]", "[]");
  assert_expr ("[1, 2, 3,]", "[1, 2, 3]");
  assert_expr ("()", "()");
  assert_expr ("(1,)", "(1,)");
  assert_expr ("(1)", "1");
  assert_expr ("((('a')))", "'a'");
  assert_expr ("(1, 'two', None,)", "(1, 'two', None)");
  assert_expr ("{}", "{}");
  assert_expr ("{'a': 1, 2: [3], None: {'x': ()},}", "{'a': 1, 2: [3], None: {'x': ()}}");
  assert_expr ("{1}", "{1}");
  assert_expr ("{b.X.A, b.X.B,}", "{b.X.A, b.X.B}");
  assert_expr ("set()", "set()");
  assert_expr ("[[], [[]], ([],), {(): []}]", "[[], [[]], ([],), {(): []}]");
  assert_expr ("os.environ[\"X\"]", "os.environ['X']");
  assert_expr ("a['x']['y']", "a['x']['y']");
  assert_expr ("f(1)[0]", "f(1)[0]");
  assert_expr ("m[1, 2]", "m[(1, 2)]");
  assert_expr ("m[1,]", "m[(1,)]");
  assert_expr ("Dict[str, list[int]]", "Dict[(str, list[int])]");
  assert_expr ("[\n  1,\n\n  # comment\n  2\n  ,\n]", "[1, 2]");

  {
    g_autoptr(LimPyNode) node = expr_ok ("set()");

    g_assert_cmpint (node->kind, ==, LIM_PY_CALL);
    g_assert_cmpstr (node->str, ==, "set");
    g_assert_cmpuint (node->items->len, ==, 0);
    g_assert_cmpuint (node->values->len, ==, 0);
  }
  {
    g_autoptr(LimPyNode) node = expr_ok ("{}");

    g_assert_cmpint (node->kind, ==, LIM_PY_DICT);
    g_assert_cmpuint (node->items->len, ==, 0);
    g_assert_cmpuint (node->values->len, ==, 0);
  }
  {
    g_autoptr(LimPyNode) node = expr_ok ("os.environ['X']");

    g_assert_cmpint (node->kind, ==, LIM_PY_SUBSCRIPT);
    g_assert_null (node->str);
    g_assert_cmpstr (node->callee->str, ==, "os.environ");
    g_assert_cmpuint (node->items->len, ==, 1);
    g_assert_null (node->values);
  }
}

static void
test_calls (void)
{
  g_autoptr(LimPyNode) call = NULL;

  assert_expr ("f()", "f()");
  assert_expr ("f(1, 'a', k=None, j=[1],)", "f(1, 'a', k=None, j=[1])");
  assert_expr ("b.CreateDropdown('name', ['a', 'b'])", "b.CreateDropdown('name', ['a', 'b'])");
  assert_expr ("CreateDropdown(name='n')", "CreateDropdown(name='n')");
  assert_expr ("a . b . c (x = 1)", "a.b.c(x=1)");
  assert_expr ("f(\n  a,\n  b=2,\n)", "f(a, b=2)");
  assert_expr ("f(g(h(1), k=i(2)))", "f(g(h(1), k=i(2)))");

  call = expr_ok ("b.BaseFieldProperties('x', name='Dough', required=False, tooltip=None)");
  g_assert_cmpint (call->kind, ==, LIM_PY_CALL);
  g_assert_cmpstr (call->str, ==, "b.BaseFieldProperties");
  g_assert_null (call->callee);
  g_assert_cmpuint (call->items->len, ==, 1);
  g_assert_cmpuint (call->keywords->len, ==, 3);
  g_assert_cmpuint (call->values->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (call->keywords, 0), ==, "name");
  g_assert_cmpstr (g_ptr_array_index (call->keywords, 2), ==, "tooltip");
  g_assert_cmpstr (lim_py_call_get_kwarg (call, "name")->str, ==, "Dough");
  assert_pos (lim_py_call_get_kwarg (call, "name"), 1, 33);
  g_assert_false (lim_py_call_get_kwarg (call, "required")->bval);
  g_assert_cmpint (lim_py_call_get_kwarg (call, "tooltip")->kind, ==, LIM_PY_NONE);
  g_assert_null (lim_py_call_get_kwarg (call, "missing"));
  g_assert_null (lim_py_call_get_kwarg (call, "x"));
  g_assert_null (lim_py_call_get_kwarg (item (call, 0), "name"));
  g_assert_null (lim_py_call_get_kwarg (NULL, "name"));
}

static void
test_nested (void)
{
  const char *source =
    "b.UpdateEntitySchemaNameTemplate('pizza', b.BaseNameTemplate(\n"
    "    parts=[b.TextPart(value='PZ-'), b.FieldPart(wh_field_name='dough'), "
    "b.SeparatorPart(value=' / ')],\n"
    "    order_name_parts_by_sequence=False,\n"
    "))";
  g_autoptr(LimPyNode) node = expr_ok (source);
  LimPyNode *tmpl, *parts;

  g_assert_cmpuint (node->items->len, ==, 2);
  tmpl = item (node, 1);
  g_assert_cmpstr (tmpl->str, ==, "b.BaseNameTemplate");
  assert_pos (tmpl, 1, 43);
  parts = lim_py_call_get_kwarg (tmpl, "parts");
  g_assert_cmpint (parts->kind, ==, LIM_PY_LIST);
  assert_pos (parts, 2, 11);
  g_assert_cmpuint (parts->items->len, ==, 3);
  g_assert_cmpstr (lim_py_call_get_kwarg (item (parts, 2), "value")->str, ==, " / ");
  g_assert_false (lim_py_call_get_kwarg (tmpl, "order_name_parts_by_sequence")->bval);
}

static void
test_positions_unicode (void)
{
  g_autoptr(LimPyModule) module = parse_ok (
    "x = [\n"
    "  '\xc3\xa9', b.C(k=1),\n"
    "\t\"\xe6\x97\xa5\xe6\x9c\xac\"  ,  -5, (1, 2), ( 3 )]\n"
    "caf\xc3\xa9 = {'\xf0\x9f\x8d\x95': b.X}\n");
  LimPyStmt *stmt = stmt_at (module, 0);
  LimPyNode *list = stmt->value;

  assert_pos (list, 1, 5);
  assert_pos (item (list, 0), 2, 3);
  assert_pos (item (list, 1), 2, 8);
  assert_pos (value_at (item (list, 1), 0), 2, 14);
  assert_pos (item (list, 2), 3, 2);
  assert_pos (item (list, 3), 3, 11);
  g_assert_cmpint (item (list, 3)->ival, ==, -5);
  assert_pos (item (list, 4), 3, 15);
  assert_pos (item (item (list, 4), 1), 3, 19);
  assert_pos (item (list, 5), 3, 25);

  stmt = stmt_at (module, 1);
  g_assert_cmpstr (g_ptr_array_index (stmt->targets, 0), ==, "caf\xc3\xa9");
  assert_pos (stmt->value, 4, 8);
  assert_pos (item (stmt->value, 0), 4, 9);
  assert_pos (value_at (stmt->value, 0), 4, 14);
}

/* ------------------------------------------------------------------------ */
/* Layout: line endings, indentation, continuations                         */
/* ------------------------------------------------------------------------ */

static void
check_layout_module (const char *source,
                     gssize      len)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimPyModule) module = lim_py_parse (source, len, "layout.py", &error);
  LimPyStmt *def;

  g_assert_no_error (error);
  g_assert_cmpstr (module->docstring, ==, "Doc\nstring\n");
  g_assert_cmpuint (module->statements->len, ==, 3);
  g_assert_cmpstr (stmt_at (module, 0)->value->str, ==, "abc");
  assert_pos (stmt_at (module, 0)->value, 5, 12);
  def = stmt_at (module, 1);
  g_assert_cmpuint (def->line, ==, 6);
  g_assert_cmpuint (def->return_line, ==, 7);
  g_assert_cmpuint (def->value->items->len, ==, 2);
  assert_pos (item (def->value, 1), 9, 5);
  g_assert_cmpstr (g_ptr_array_index (stmt_at (module, 2)->targets, 0), ==, "last");
  g_assert_cmpuint (stmt_at (module, 2)->line, ==, 10);
}

static void
test_line_endings (void)
{
  const char *lf =
    "'''Doc\n"
    "string\n"
    "'''\n"
    "\n"
    "revision = 'abc'\n"
    "def upgrade():\n"
    "    return [1,\n"
    "\n"
    "    2]\n"
    "last = 1";
  g_autoptr(GString) crlf = g_string_new (lf);
  g_autoptr(GString) cr = g_string_new (lf);
  g_autoptr(GString) bom = g_string_new ("\xef\xbb\xbf");

  check_layout_module (lf, -1);
  g_string_replace (crlf, "\n", "\r\n", 0);
  check_layout_module (crlf->str, (gssize) crlf->len);
  g_string_replace (cr, "\n", "\r", 0);
  check_layout_module (cr->str, (gssize) cr->len);
  g_string_append (bom, crlf->str);
  check_layout_module (bom->str, -1);

  /* Only the given length is read. */
  {
    g_autoptr(GString) padded = g_string_new (lf);

    g_string_append (padded, " + garbage(");
    check_layout_module (padded->str, (gssize) strlen (lf));
  }
}

static void
test_indentation (void)
{
  const char *source =
    "def a():\n"
    "\treturn 1\n"
    "def b():\n"
    "        return 2\n"
    "def c():\n"
    "  '''doc'''\n"
    "  # a comment at another indentation\n"
    "      # and another\n"
    "\n"
    "  return 3\n"
    "def d(): pass\n"
    "x = \\\n"
    "    4\n"
    "y = [1,\n"
    "2]\n"
    "if_ = 5\n";
  g_autoptr(LimPyModule) module = parse_ok (source);

  g_assert_cmpuint (module->statements->len, ==, 7);
  g_assert_cmpint (stmt_at (module, 0)->value->ival, ==, 1);
  g_assert_cmpint (stmt_at (module, 1)->value->ival, ==, 2);
  g_assert_cmpint (stmt_at (module, 2)->value->ival, ==, 3);
  g_assert_cmpstr (stmt_at (module, 2)->docstring, ==, "doc");
  g_assert_cmpuint (stmt_at (module, 2)->return_line, ==, 10);
  g_assert_null (stmt_at (module, 3)->value);
  g_assert_cmpint (stmt_at (module, 4)->value->ival, ==, 4);
  assert_pos (stmt_at (module, 4)->value, 13, 5);
  g_assert_cmpuint (stmt_at (module, 5)->value->items->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (stmt_at (module, 6)->targets, 0), ==, "if_");

  /* A continuation at the start of a line carries its indentation over
   * to the next line, as in CPython 3.11. */
  {
    g_autoptr(LimPyModule) m = parse_ok ("x = 1\n\\\ny = 2\ndef f():\n  \\\n  return 3\n");

    g_assert_cmpuint (m->statements->len, ==, 3);
    assert_pos (stmt_at (m, 1)->value, 3, 5);
    g_assert_cmpint (stmt_at (m, 2)->value->ival, ==, 3);
    assert_module_error ("x = 1\n\\\n  y = 2\n", -1, "rev.py:3:3: unexpected indentation");
  }

  /* A body at EOF without a trailing newline. */
  {
    g_autoptr(LimPyModule) m = parse_ok ("def f():\n    return [1]");

    g_assert_cmpuint (m->statements->len, ==, 1);
    g_assert_cmpuint (stmt_at (m, 0)->value->items->len, ==, 1);
  }
}

/* ------------------------------------------------------------------------ */
/* Errors                                                                   */
/* ------------------------------------------------------------------------ */

static void
test_errors (void)
{
  struct {
    const char *source;
    const char *message;
  } cases[] = {
    /* Lexical errors. */
    { "x = 'abc\n", "rev.py:1:5: unterminated string literal" },
    { "x = 1\ny = \"\"\"abc\n\ndef\n", "rev.py:2:5: unterminated triple-quoted string literal" },
    { "x = '''a''' '\n", "rev.py:1:13: unterminated string literal" },
    { "x = [\n  'a\\x4']\n", "rev.py:2:5: truncated \\xXX escape" },
    { "x = '\\u12'\n", "rev.py:1:6: truncated \\uXXXX escape" },
    { "x = '''a\n\xc3\xa9\n\xc3\xa9 \\x4'''\n", "rev.py:3:3: truncated \\xXX escape" },
    { "x = '\xc3\xa9\\U0011000'\n", "rev.py:1:7: truncated \\UXXXXXXXX escape" },
    { "x = '\\U00110000'\n", "rev.py:1:6: illegal Unicode character in \\U escape" },
    { "x = '\\ud800'\n",
      "rev.py:1:6: surrogate code points (U+D800) are not supported in revision files" },
    { "x = 'a\\0b'\n",
      "rev.py:1:7: string literals containing NUL characters are not supported in revision files" },
    { "x = '\\x00'\n",
      "rev.py:1:6: string literals containing NUL characters are not supported in revision files" },
    { "x = '\\N{BULLET}'\n",
      "rev.py:1:6: \\N{...} escapes are not supported in revision files; "
      "write the character itself" },
    { "x = b'abc'\n", "rev.py:1:5: bytes literals are not supported in revision files" },
    { "x = Rb'abc'\n", "rev.py:1:5: bytes literals are not supported in revision files" },
    { "x = f'{y}'\n", "rev.py:1:5: f-strings are not supported in revision files" },
    { "x = $\n", "rev.py:1:5: invalid character '$' (U+0024)" },
    { "x = '\xc3\xa9' ? 1\n", "rev.py:1:9: invalid character '?' (U+003F)" },
    { "x = \xc2\xa0 1\n", "rev.py:1:5: invalid non-printable character U+00A0" },
    { "x = 1 \\ 2\n", "rev.py:1:7: unexpected character after line continuation character" },
    { "x = 1 \\", "rev.py:1:7: unexpected end of file after line continuation character" },
    { "x = 1 \\\n", "rev.py:1:7: unexpected end of file after line continuation character" },
    /* Indentation. */
    { "x = 1\n  y = 2\n", "rev.py:2:3: unexpected indentation" },
    { "def f():\nreturn 1\n",
      "rev.py:2:1: expected an indented block after function definition on line 1" },
    { "def f():\n    return 1\n  x = 2\n",
      "rev.py:3:3: unindent does not match any outer indentation level" },
    { "def f():\n  return 1\n    return 2\n", "rev.py:3:5: unexpected indentation" },
    { "def f():\n        pass\n\treturn 2\n",
      "rev.py:3:2: inconsistent use of tabs and spaces in indentation" },
    { "def f():", "rev.py:1:9: expected an indented block after function definition on line 1" },
    /* Unsupported constructs. */
    { "x = a + b\n", "rev.py:1:7: operators are not supported in revision files" },
    { "x = [1, 2 * 3]\n", "rev.py:1:11: operators are not supported in revision files" },
    { "x = not a\n", "rev.py:1:5: operators are not supported in revision files" },
    { "x = a and b\n", "rev.py:1:7: operators are not supported in revision files" },
    { "x = a == b\n", "rev.py:1:7: operators are not supported in revision files" },
    { "x = ~1\n", "rev.py:1:5: operators are not supported in revision files" },
    { "x += 1\n", "rev.py:1:3: augmented assignments ('+=') are not supported in revision files" },
    { "x = lambda: 1\n", "rev.py:1:5: lambda expressions are not supported in revision files" },
    { "x = [i for i in y]\n", "rev.py:1:8: comprehensions are not supported in revision files" },
    { "x = {k: v for k in y}\n",
      "rev.py:1:11: comprehensions are not supported in revision files" },
    { "x = a if b else c\n",
      "rev.py:1:7: conditional expressions are not supported in revision files" },
    { "x = (a := 1)\n",
      "rev.py:1:8: assignment expressions (':=') are not supported in revision files" },
    { "class A:\n    pass\n", "rev.py:1:1: class definitions are not supported in revision files" },
    { "@dec\ndef f(): pass\n", "rev.py:1:1: decorators are not supported in revision files" },
    { "if x:\n    pass\n", "rev.py:1:1: 'if' statements are not supported in revision files" },
    { "for x in y: pass\n", "rev.py:1:1: 'for' statements are not supported in revision files" },
    { "del x\n", "rev.py:1:1: 'del' statements are not supported in revision files" },
    { "def f(*args): pass\n", "rev.py:1:7: '*' parameters are not supported in revision files" },
    { "f(*args)\n", "rev.py:1:3: '*' arguments are not supported in revision files" },
    { "f(**kw)\n", "rev.py:1:3: '**' arguments are not supported in revision files" },
    { "x = [*a]\n", "rev.py:1:6: '*' unpacking is not supported in revision files" },
    { "x = {**a}\n", "rev.py:1:6: '**' unpacking is not supported in revision files" },
    { "x = ...\n", "rev.py:1:5: '...' (Ellipsis) is not supported in revision files" },
    { "x = yield\n", "rev.py:1:5: 'yield' expressions are not supported in revision files" },
    { "x = f(1)(2)\n", "rev.py:1:9: only names can be called in revision files" },
    { "x = f(1).y\n", "rev.py:1:9: attribute access is only supported on names in revision files" },
    { "x = 'abc'.upper()\n",
      "rev.py:1:10: attribute access is only supported on names in revision files" },
    { "x = 'a'[0]\n",
      "rev.py:1:8: only names, calls and subscripts can be subscripted in revision files" },
    { "x = a[1:2]\n", "rev.py:1:8: slices are not supported in revision files" },
    { "x = a[:2]\n", "rev.py:1:7: slices are not supported in revision files" },
    { "x = -a\n", "rev.py:1:5: unary '-' and '+' are only supported on numbers in revision files" },
    { "x = 1j\n", "rev.py:1:5: complex numbers are not supported in revision files" },
    { "x = 9223372036854775808\n", "rev.py:1:5: integer literal out of 64-bit range" },
    { "x = 1, 2\n", "rev.py:1:6: tuples must be written in parentheses in revision files" },
    { "a, b = 1, 2\n", "rev.py:1:2: tuples must be written in parentheses in revision files" },
    { "def f():\n    return 1, 2\n",
      "rev.py:2:13: tuples must be written in parentheses in revision files" },
    { "a.b = 1\n", "rev.py:1:1: only plain names can be assigned to" },
    { "x = f() = 1\n", "rev.py:1:5: only plain names can be assigned to" },
    { "x[0]: int = 1\n", "rev.py:1:1: only plain names can be assigned to" },
    { "x: int\n", "rev.py:1:7: annotations without a value are not supported in revision files" },
    { "return 1\n", "rev.py:1:1: 'return' outside function" },
    { "def f():\n    x = 1\n",
      "rev.py:2:5: only a docstring, 'pass' and 'return' are allowed in a function body" },
    { "def f():\n    '''a'''\n    '''b'''\n",
      "rev.py:3:5: only a docstring, 'pass' and 'return' are allowed in a function body" },
    { "def f():\n    return 1\n    pass\n",
      "rev.py:3:5: statements after 'return' are not supported in revision files" },
    { "def f(): return 1; return 2\n",
      "rev.py:1:20: statements after 'return' are not supported in revision files" },
    { "def f():\n  def g(): pass\n",
      "rev.py:2:3: nested function definitions are not supported in revision files" },
    /* Calls. */
    { "f(a=1, 2)\n", "rev.py:1:8: positional argument follows keyword argument" },
    { "f(a=1, a=2)\n", "rev.py:1:8: keyword argument repeated: a" },
    { "f(x.y=1)\n", "rev.py:1:3: keyword argument names must be plain names" },
    /* Plain syntax errors. */
    { "x = [1 2]\n", "rev.py:1:8: expected ',' or ']' in list, found '2'" },
    { "x = [1, foo bar]\n", "rev.py:1:13: expected ',' or ']' in list, found 'bar'" },
    { "x = [1,\n  2,\n  3 4]\n", "rev.py:3:5: expected ',' or ']' in list, found '4'" },
    { "x = (1 2)\n", "rev.py:1:8: expected ',' or ')', found '2'" },
    { "x = (1, 2 3)\n", "rev.py:1:11: expected ',' or ')' in tuple, found '3'" },
    { "x = {1, 2: 3}\n", "rev.py:1:10: expected ',' or '}' in set, found ':'" },
    { "x = {1: 2, 3}\n", "rev.py:1:13: expected ':' after dict key, found '}'" },
    { "x = {1: 2 3}\n", "rev.py:1:11: expected ',' or '}' in dict, found '3'" },
    { "f(1 2)\n", "rev.py:1:5: expected ',' or ')' in call, found '2'" },
    { "x = a[1 2]\n", "rev.py:1:9: expected ']' in subscript, found '2'" },
    { "x = [1, 2\n", "rev.py:1:5: '[' was never closed" },
    { "x = f(1,\n  2\n", "rev.py:1:6: '(' was never closed" },
    { "x = {\n", "rev.py:1:5: '{' was never closed" },
    { "x = )\n", "rev.py:1:5: expected an expression, found ')'" },
    { "x = \n", "rev.py:1:5: expected an expression, found end of line" },
    { "x = 1 2\n", "rev.py:1:7: expected end of line, found '2'" },
    { "x = 'a' 'b' c\n", "rev.py:1:13: expected end of line, found 'c'" },
    { "x = a.\n", "rev.py:1:7: expected a name after '.', found end of line" },
    { "x = import\n", "rev.py:1:5: expected an expression, found 'import'" },
    { "import\n", "rev.py:1:7: expected a module name, found end of line" },
    { "from x\n", "rev.py:1:7: expected 'import', found end of line" },
    { "from x import a,\n",
      "rev.py:1:17: trailing comma not allowed without surrounding parentheses" },
    { "from x import (a\n", "rev.py:1:15: '(' was never closed" },
    { "import a as\n", "rev.py:1:12: expected a name after 'as', found end of line" },
    { "def (): pass\n", "rev.py:1:5: expected a function name after 'def', found '('" },
    { "def f: pass\n", "rev.py:1:6: expected '(' after the function name, found ':'" },
    { "def f(a b): pass\n", "rev.py:1:9: expected ',' or ')' in parameter list, found 'b'" },
    { "def f()\n    pass\n",
      "rev.py:1:8: expected ':' after the function signature, found end of line" },
    { "def f() -> : pass\n", "rev.py:1:12: expected an annotation, found ':'" },
    { "def f() -> list[int) : pass\n",
      "rev.py:1:20: expected ',' or ']' in annotation, found ')'" },
    { "def f() -> list[int\n", "rev.py:1:16: '[' was never closed" },
    { "x: list[b.] = 1\n", "rev.py:1:11: expected a name after '.', found ']'" },
    /* More operators and unclosed or malformed brackets. */
    { "x = a // b\n", "rev.py:1:7: operators are not supported in revision files" },
    { "x = a != b\n", "rev.py:1:7: operators are not supported in revision files" },
    { "x = a << 2\n", "rev.py:1:7: operators are not supported in revision files" },
    { "x = a | b\n", "rev.py:1:7: operators are not supported in revision files" },
    { "x = a @ b\n", "rev.py:1:7: operators are not supported in revision files" },
    { "x = !a\n", "rev.py:1:5: invalid character '!' (U+0021)" },
    { "x = x\xc2\xb2\n", "rev.py:1:6: invalid character '\xc2\xb2' (U+00B2)" },
    { "x //= 2\n",
      "rev.py:1:3: augmented assignments ('//=') are not supported in revision files" },
    { "x <<= 2\n",
      "rev.py:1:3: augmented assignments ('<<=') are not supported in revision files" },
    { "x = ub'a'\n", "rev.py:1:7: expected end of line, found string literal" },
    { "x = {1: 2, **a}\n", "rev.py:1:12: '**' unpacking is not supported in revision files" },
    { "x = {1 2}\n", "rev.py:1:8: expected ',' or '}' in set, found '2'" },
    { "x = {1, 2\n", "rev.py:1:5: '{' was never closed" },
    { "x = {1:\n", "rev.py:1:5: '{' was never closed" },
    { "x = {1: 2,\n", "rev.py:1:5: '{' was never closed" },
    { "x = {1: 2, 3\n", "rev.py:1:5: '{' was never closed" },
    { "x = (1\n", "rev.py:1:5: '(' was never closed" },
    { "x = (1, 2\n", "rev.py:1:5: '(' was never closed" },
    { "x = a[1\n", "rev.py:1:6: '[' was never closed" },
    { "x = a[1, 2\n", "rev.py:1:6: '[' was never closed" },
    { "from x import (a, b\n", "rev.py:1:15: '(' was never closed" },
    { "from x import (a b)\n", "rev.py:1:18: expected ',' or ')' in import list, found 'b'" },
    { "from x import 1\n", "rev.py:1:15: expected a name to import, found '1'" },
    { "from import x\n", "rev.py:1:6: expected a module name, found 'import'" },
    { "import a.\n", "rev.py:1:10: expected a name after '.', found end of line" },
    { "def f(a\n", "rev.py:1:6: '(' was never closed" },
    { "def f(1): pass\n", "rev.py:1:7: expected a parameter name, found '1'" },
    { "def f(a: int b): pass\n", "rev.py:1:14: expected ',' or ')' in parameter list, found 'b'" },
    { "def f(a=): pass\n", "rev.py:1:9: expected an expression, found ')'" },
    { "def f() -> -x: pass\n", "rev.py:1:13: expected a number after '-', found 'x'" },
    { "def f() -> (int,: pass\n", "rev.py:1:17: expected an annotation, found ':'" },
    { "def f() -> lambda: pass\n", "rev.py:1:12: expected an annotation, found 'lambda'" },
    { "x: int y\n", "rev.py:1:8: expected '=', found 'y'" },
    { "x = 1; def f(): pass\n", "rev.py:1:8: function definitions must start a line" },
    { "def f():\n    b'x'\n", "rev.py:2:5: bytes literals are not supported in revision files" },
    { "def f():\n    return\n    return\n",
      "rev.py:3:5: statements after 'return' are not supported in revision files" },
    { "x = [1 if 2 else 3]\n",
      "rev.py:1:8: conditional expressions are not supported in revision files" },
    { "x = f(a for a in b)\n", "rev.py:1:9: comprehensions are not supported in revision files" },
    { "x = a is b\n", "rev.py:1:7: operators are not supported in revision files" },
    { "x = a in b\n", "rev.py:1:7: operators are not supported in revision files" },
    { "x = a or b\n", "rev.py:1:7: operators are not supported in revision files" },
    { "x = await f()\n", "rev.py:1:5: 'await' expressions are not supported in revision files" },
    { "async def f(): pass\n",
      "rev.py:1:1: 'async' statements are not supported in revision files" },
    { "while x: pass\n", "rev.py:1:1: 'while' statements are not supported in revision files" },
    { "with x: pass\n", "rev.py:1:1: 'with' statements are not supported in revision files" },
    { "try:\n    pass\n", "rev.py:1:1: 'try' statements are not supported in revision files" },
    { "raise X\n", "rev.py:1:1: 'raise' statements are not supported in revision files" },
    { "assert x\n", "rev.py:1:1: 'assert' statements are not supported in revision files" },
    { "global x\n", "rev.py:1:1: 'global' statements are not supported in revision files" },
    { "x = \"a very long string is not quoted\" "
      "b_very_long_identifier_that_is_cut_in_the_message\n",
      "rev.py:1:40: expected end of line, found 'b_very_long_identifier_that_is_cut_in_th...'" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      assert_module_error (cases[i].source, -1, cases[i].message);
    }
}

static void
test_encoding_errors (void)
{
  static const char nul[] = "x = 1\ny = 'a\0b'\n";
  static const char nul_after_cr[] = "x = 1\r\n\r\n  \xc3\xa9\0";

  assert_module_error ("x = '\xc3\xa9\xff'\n", -1, "rev.py:1:7: invalid UTF-8 (byte 0xFF)");
  assert_module_error ("x = 1\ny = '\xe6\x97'\n", -1, "rev.py:2:6: invalid UTF-8 (byte 0xE6)");
  assert_module_error ("x = 1\r\ny = 2\r\xc0\x80\n", -1, "rev.py:3:1: invalid UTF-8 (byte 0xC0)");
  assert_module_error ("\xed\xa0\x80", -1, "rev.py:1:1: invalid UTF-8 (byte 0xED)");
  assert_module_error (nul, sizeof nul - 1, "rev.py:2:7: source code cannot contain null bytes");
  assert_module_error (nul_after_cr, sizeof nul_after_cr - 1,
                       "rev.py:3:4: source code cannot contain null bytes");
  /* A BOM is only skipped at the start. */
  assert_module_error ("x = 1\n\xef\xbb\xbf", -1,
                       "rev.py:2:1: invalid non-printable character U+FEFF");
  assert_expr_error ("'\xff'", "e.py:1:2: invalid UTF-8 (byte 0xFF)");
}

static void
test_expr_errors (void)
{
  assert_expr_error ("", "e.py:1:1: expected an expression, found end of file");
  assert_expr_error ("1 2", "e.py:1:3: expected end of input, found '2'");
  assert_expr_error ("1, 2", "e.py:1:2: tuples must be written in parentheses in revision files");
  assert_expr_error ("x = 1", "e.py:1:3: expected end of input, found '='");
  assert_expr_error ("[1,\n 2", "e.py:1:1: '[' was never closed");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LimPyNode) node = lim_py_parse_expr ("$", -1, NULL, &error);

    g_assert_null (node);
    g_assert_error (error, LIM_PY_ERROR, LIM_PY_ERROR_SYNTAX);
    g_assert_cmpstr (error->message, ==, "<string>:1:1: invalid character '$' (U+0024)");
  }
  {
    g_autoptr(LimPyNode) node = lim_py_parse_expr ("[1]", -1, NULL, NULL);

    g_assert_nonnull (node);
  }
  {
    g_autoptr(LimPyNode) node = lim_py_parse_expr ("[1", -1, NULL, NULL);

    g_assert_null (node);
  }
}

static void
test_nesting_limit (void)
{
  g_autoptr(GString) ok = g_string_new (NULL);
  g_autoptr(GString) deep = g_string_new ("x = ");
  g_autoptr(GString) chain = g_string_new ("x = a");
  g_autoptr(GString) unary = g_string_new ("x = ");
  g_autoptr(GString) ann = g_string_new ("def f() -> ");
  g_autoptr(LimPyNode) node = NULL;
  g_autoptr(LimPyModule) module = NULL;
  g_autoptr(GError) error = NULL;
  LimPyNode *n;
  guint depth = 0;

  /* 150 nested lists are fine. */
  for (guint i = 0; i < 150; i++)
    g_string_append_c (ok, '[');
  for (guint i = 0; i < 150; i++)
    g_string_append_c (ok, ']');
  node = expr_ok (ok->str);
  for (n = node; n->items->len > 0; n = item (n, 0))
    depth++;
  g_assert_cmpuint (depth, ==, 149);

  /* 100,000 are an error, not a stack overflow. */
  for (guint i = 0; i < 100000; i++)
    g_string_append (deep, "f(");
  module = lim_py_parse (deep->str, -1, "deep.py", &error);
  g_assert_null (module);
  g_assert_error (error, LIM_PY_ERROR, LIM_PY_ERROR_SYNTAX);
  g_assert_cmpstr (error->message, ==,
                   "deep.py:1:405: too many nested expressions (the limit is 200)");
  g_clear_error (&error);

  for (guint i = 0; i < 10000; i++)
    g_string_append (chain, "[0]");
  module = lim_py_parse (chain->str, -1, "deep.py", &error);
  g_assert_null (module);
  g_assert_error (error, LIM_PY_ERROR, LIM_PY_ERROR_SYNTAX);
  g_assert_true (g_str_has_suffix (error->message,
                                   "too many nested expressions (the limit is 200)"));
  g_clear_error (&error);

  for (guint i = 0; i < 10000; i++)
    g_string_append (ann, "list[");
  module = lim_py_parse (ann->str, -1, "deep.py", &error);
  g_assert_null (module);
  g_assert_error (error, LIM_PY_ERROR, LIM_PY_ERROR_SYNTAX);
  g_assert_true (g_str_has_suffix (error->message,
                                   "too many nested expressions (the limit is 200)"));
  g_clear_error (&error);

  /* Long sign chains fold without recursion. */
  for (guint i = 0; i < 100001; i++)
    g_string_append_c (unary, '-');
  g_string_append (unary, "5\n");
  module = lim_py_parse (unary->str, -1, "deep.py", &error);
  g_assert_no_error (error);
  g_assert_cmpint (stmt_at (module, 0)->value->ival, ==, -5);
}

static void
test_large_input (void)
{
  g_autoptr(GString) source =
    g_string_new ("def upgrade() -> list[b.BaseOperation]:\n    return [\n");
  g_autoptr(GString) longline = g_string_new ("x = [");
  g_autoptr(LimPyModule) module = NULL;
  g_autoptr(LimPyModule) module2 = NULL;

  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (source, "        b.ArchiveDropdown('dropdown_%u'),\n", i);
  g_string_append (source, "    ]\n");
  module = parse_ok (source->str);
  g_assert_cmpuint (stmt_at (module, 0)->value->items->len, ==, 5000);
  assert_pos (item (stmt_at (module, 0)->value, 4999), 5002, 9);

  /* Columns stay right (and linear to compute) on a very long line. */
  for (guint i = 0; i < 20000; i++)
    g_string_append (longline, "'\xc3\xa9', ");
  g_string_append (longline, "1]\n");
  module2 = parse_ok (longline->str);
  assert_pos (item (stmt_at (module2, 0)->value, 20000), 1, 6 + 20000 * 5);

  /* Many keyword arguments: duplicates are still found. */
  {
    g_autoptr(GString) kw = g_string_new ("f(");
    g_autoptr(GError) error = NULL;
    g_autoptr(LimPyNode) node = NULL;

    for (guint i = 0; i < 2000; i++)
      g_string_append_printf (kw, "k%u=%u, ", i, i);
    g_string_append (kw, "k1999=0)");
    node = lim_py_parse_expr (kw->str, -1, "kw.py", &error);
    g_assert_null (node);
    g_assert_true (g_str_has_suffix (error->message, "keyword argument repeated: k1999"));
  }
}

/* ------------------------------------------------------------------------ */
/* Helpers                                                                  */
/* ------------------------------------------------------------------------ */

static void
test_kind_to_string (void)
{
  g_assert_cmpstr (lim_py_kind_to_string (LIM_PY_NONE), ==, "None");
  g_assert_cmpstr (lim_py_kind_to_string (LIM_PY_BOOL), ==, "boolean");
  g_assert_cmpstr (lim_py_kind_to_string (LIM_PY_INT), ==, "integer");
  g_assert_cmpstr (lim_py_kind_to_string (LIM_PY_FLOAT), ==, "float");
  g_assert_cmpstr (lim_py_kind_to_string (LIM_PY_STR), ==, "string");
  g_assert_cmpstr (lim_py_kind_to_string (LIM_PY_NAME), ==, "name");
  g_assert_cmpstr (lim_py_kind_to_string (LIM_PY_CALL), ==, "call");
  g_assert_cmpstr (lim_py_kind_to_string (LIM_PY_SUBSCRIPT), ==, "subscript");
  g_assert_cmpstr (lim_py_kind_to_string (LIM_PY_LIST), ==, "list");
  g_assert_cmpstr (lim_py_kind_to_string (LIM_PY_TUPLE), ==, "tuple");
  g_assert_cmpstr (lim_py_kind_to_string (LIM_PY_SET), ==, "set");
  g_assert_cmpstr (lim_py_kind_to_string (LIM_PY_DICT), ==, "dict");
  g_assert_cmpstr (lim_py_kind_to_string ((LimPyKind) 99), ==, "unknown");
}

static void
test_unicode_names (void)
{
  /* Identifiers follow Python: letters, marks, digits, connectors. */
  g_autoptr(LimPyModule) module = parse_ok ("nai\xcc\x88ve = 1\n"
                                            "x\xd9\xa3 = 2\n"
                                            "\xe2\x85\xa0x = 3\n"
                                            "a\xe2\x80\xbf" "b = "
                                            "\xe6\x97\xa5\xe6\x9c\xac.caf\xc3\xa9\n");

  g_assert_cmpuint (module->statements->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (stmt_at (module, 0)->targets, 0), ==, "na\xc3\xafve");
  g_assert_cmpstr (g_ptr_array_index (stmt_at (module, 1)->targets, 0), ==, "x\xd9\xa3");
  g_assert_cmpstr (g_ptr_array_index (stmt_at (module, 2)->targets, 0), ==, "Ix");  /* NFKC */
  g_assert_cmpstr (stmt_at (module, 3)->value->str, ==, "\xe6\x97\xa5\xe6\x9c\xac.caf\xc3\xa9");
  assert_pos (stmt_at (module, 3)->value, 4, 7);

  /* Names are NFKC-normalised like Python's: U+FB01 "ﬁ" is "fi". */
  {
    g_autoptr(LimPyModule) m = parse_ok ("\xef\xac\x81le = b.\xef\xac\x81x(\xef\xac\x81=1)\n"
                                         "def \xef\xac\x81(): pass\n");
    LimPyNode *call = stmt_at (m, 0)->value;

    g_assert_cmpstr (g_ptr_array_index (stmt_at (m, 0)->targets, 0), ==, "file");
    g_assert_cmpstr (call->str, ==, "b.fix");
    g_assert_nonnull (lim_py_call_get_kwarg (call, "fi"));
    g_assert_cmpstr (stmt_at (m, 1)->name, ==, "fi");
  }
}

static void
test_form_feed (void)
{
  g_autoptr(LimPyModule) module =
    parse_ok ("x = 1\n\f\ny = 2\n\fz = 3\ndef f():\n\f    return 4\n");

  g_assert_cmpuint (module->statements->len, ==, 4);
  assert_pos (stmt_at (module, 2)->value, 4, 6);
  g_assert_cmpint (stmt_at (module, 3)->value->ival, ==, 4);
}

static void
test_name_last (void)
{
  g_assert_cmpstr (lim_py_name_last ("b.BenchlingFieldType.TEXT"), ==, "TEXT");
  g_assert_cmpstr (lim_py_name_last ("CreateDropdown"), ==, "CreateDropdown");
  g_assert_cmpstr (lim_py_name_last ("b.CreateDropdown"), ==, "CreateDropdown");
  g_assert_cmpstr (lim_py_name_last (""), ==, "");
  g_assert_null (lim_py_name_last (NULL));
}

static void
test_repr (void)
{
  /* Expected values are Python 3.11's repr() of the same strings. */
  struct {
    const char *input;
    const char *expected;
  } cases[] = {
    { "", "''" },
    { "abc", "'abc'" },
    { "it's", "\"it's\"" },
    { "say \"hi\"", "'say \"hi\"'" },
    { "both ' and \"", "'both \\' and \"'" },
    { "back\\slash", "'back\\\\slash'" },
    { "line\nbreak", "'line\\nbreak'" },
    { "tab\there", "'tab\\there'" },
    { "cr\rx", "'cr\\rx'" },
    { "\x7f", "'\\x7f'" },
    { "\x01\x1f", "'\\x01\\x1f'" },
    { "\x1b[0m", "'\\x1b[0m'" },
    { "\t\n\r\\'", "\"\\t\\n\\r\\\\'\"" },
    { "\\'", "\"\\\\'\"" },
    { "\xc3\xa9", "'\xc3\xa9'" },                                    /* é */
    { "\xe6\x97\xa5\xe6\x9c\xac", "'\xe6\x97\xa5\xe6\x9c\xac'" },    /* 日本 */
    { "na\xc3\xafve caf\xc3\xa9", "'na\xc3\xafve caf\xc3\xa9'" },
    { "\xc3\xb6'\"", "'\xc3\xb6\\'\"'" },
    { "\xf0\x9f\x98\x80", "'\xf0\x9f\x98\x80'" },                    /* U+1F600, printable */
    { "\xcc\x81" "e", "'\xcc\x81" "e'" },                            /* combining accent (Mn) */
    { "a b", "'a b'" },
    { "\xe2\x80\x8b", "'\\u200b'" },                                 /* Cf */
    { "\xc2\xa0", "'\\xa0'" },                                       /* Zs */
    { "\xe3\x80\x80", "'\\u3000'" },                                 /* Zs */
    { "\xe2\x80\xa8", "'\\u2028'" },                                 /* Zl */
    { "\xe2\x80\xa9", "'\\u2029'" },                                 /* Zp */
    { "\xc2\xad", "'\\xad'" },                                       /* Cf */
    { "\xc2\x85", "'\\x85'" },                                       /* Cc */
    { "\xee\x80\x80", "'\\ue000'" },                                 /* Co */
    { "\xcd\xb8", "'\\u0378'" },                                     /* Cn */
    { "\xef\xbb\xbf", "'\\ufeff'" },                                 /* Cf */
    { "\xf3\xa0\x80\x81", "'\\U000e0001'" },                         /* Cf */
    { "\xf4\x8f\xbf\xbf", "'\\U0010ffff'" },                         /* Cn */
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) out = g_string_new ("prefix:");

      lim_py_append_repr_str (out, cases[i].input);
      g_assert_true (g_str_has_prefix (out->str, "prefix:"));
      g_assert_cmpstr (out->str + strlen ("prefix:"), ==, cases[i].expected);

      /* And the repr reads back as the same string. */
      assert_str (out->str + strlen ("prefix:"), cases[i].input);
    }
}

static void
test_repr_invalid_utf8 (void)
{
  g_autoptr(GString) out = g_string_new (NULL);

  /* Not reachable from the parser; bytes that are not UTF-8 are shown as
   * \xNN rather than copied into the output. */
  lim_py_append_repr_str (out, "a\xff\xc3");
  g_assert_cmpstr (out->str, ==, "'a\\xff\\xc3'");
  g_assert_true (g_utf8_validate (out->str, -1, NULL));
}

static void
test_repr_roundtrip_all_bmp (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) repr = g_string_new (NULL);
  g_autoptr(LimPyNode) node = NULL;

  /* Every scalar value except NUL and the surrogates. */
  for (gunichar c = 1; c <= 0x10FFFF; c++)
    if (c < 0xD800 || c > 0xDFFF)
      g_string_append_unichar (text, c);
  lim_py_append_repr_str (repr, text->str);
  g_assert_true (g_utf8_validate (repr->str, -1, NULL));
  node = expr_ok (repr->str);
  g_assert_cmpint (node->kind, ==, LIM_PY_STR);
  g_assert_cmpuint (strlen (node->str), ==, text->len);
  g_assert_true (memcmp (node->str, text->str, text->len) == 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/py/file/seed-example", test_seed_example);
  g_test_add_func ("/py/file/generated-revision", test_generated_revision);
  g_test_add_func ("/py/file/env-py", test_env_py);
  g_test_add_func ("/py/stmt/docstrings", test_docstrings);
  g_test_add_func ("/py/stmt/imports", test_imports);
  g_test_add_func ("/py/stmt/assignments", test_assignments);
  g_test_add_func ("/py/stmt/expressions", test_expression_statements);
  g_test_add_func ("/py/stmt/function-definitions", test_function_definitions);
  g_test_add_func ("/py/expr/strings", test_strings);
  g_test_add_func ("/py/expr/string-positions", test_string_positions);
  g_test_add_func ("/py/expr/numbers", test_numbers);
  g_test_add_func ("/py/expr/number-errors", test_number_errors);
  g_test_add_func ("/py/expr/constants", test_constants);
  g_test_add_func ("/py/expr/containers", test_containers);
  g_test_add_func ("/py/expr/calls", test_calls);
  g_test_add_func ("/py/expr/nested", test_nested);
  g_test_add_func ("/py/expr/positions-unicode", test_positions_unicode);
  g_test_add_func ("/py/layout/line-endings", test_line_endings);
  g_test_add_func ("/py/layout/indentation", test_indentation);
  g_test_add_func ("/py/layout/form-feed", test_form_feed);
  g_test_add_func ("/py/layout/unicode-names", test_unicode_names);
  g_test_add_func ("/py/errors/syntax", test_errors);
  g_test_add_func ("/py/errors/encoding", test_encoding_errors);
  g_test_add_func ("/py/errors/expr", test_expr_errors);
  g_test_add_func ("/py/errors/nesting-limit", test_nesting_limit);
  g_test_add_func ("/py/large-input", test_large_input);
  g_test_add_func ("/py/helpers/kind-to-string", test_kind_to_string);
  g_test_add_func ("/py/helpers/name-last", test_name_last);
  g_test_add_func ("/py/helpers/repr", test_repr);
  g_test_add_func ("/py/helpers/repr-invalid-utf8", test_repr_invalid_utf8);
  g_test_add_func ("/py/helpers/repr-roundtrip", test_repr_roundtrip_all_bmp);

  return g_test_run ();
}
