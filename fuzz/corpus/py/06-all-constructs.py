#!/usr/bin/env python3
# -*- coding: utf-8 -*-
r"""Raw docstring with \d and "quotes" and 'single' quotes."""

import a.b.c as d, e
from ..pkg import (x, y as z,)
from __future__ import annotations
a = b = c = 'chained'
ann: dict[str, list[int]] | None = {'k': [1, 2, 3], "v": [], 0: {}}
ints = [0, 00, 42, -7, +3, 1_000_000, 0x1F, 0X_ff, 0o17, 0b101, -9223372036854775808, 9223372036854775807]
floats = (1.5, .5, 5., 1e10, 1E-3, -2.5e+2, 1_0.0_1)
consts = (None, True, False, (), (1,), ((1)), set(), {1, 2,}, {})
strings = ['single', "double", '''triple 'q' "q"''', """triple "" ''""", r'\raw', u'unicode', 'con' "cat" '''enated''',
    'esc \n \t \\ \' \" \x41 \u00e9 \U0001F600 \101 \7 \a \b \f \v \r \d',
    'line \
continued', 'caf\u00e9 日本 🍕']
sub = os.environ["HOME"]['x'][0]
call = f(1, 'a', [2], k=None, j={'x': (1,)},)
x = \
    1; y = 2;
pass
"another string statement"
b.CreateDropdown('x', [])

def upgrade(a, b: int = 1, c=[1],) -> list[
        b.BaseOperation,  # comment
]:
    """Docstring."""
    pass
    return [
        b.CreateEntitySchemaField('pizza', b.BaseFieldProperties(name='Dough', warehouse_name='dough', type=b.BenchlingFieldType.TEXT, required=False, tooltip=None), 3),

        # comment inside
        b.UpdateEntitySchema('pizza', b.BaseSchemaProperties(naming_strategies={b.BenchlingNamingStrategy.NEW_IDS})),
    ]
def one_liner() -> None: return
def only_doc():
	"""Tab-indented docstring."""
def only_pass(): pass
