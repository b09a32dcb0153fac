"""Ünïcödé docstring — with dashes and 日本語."""
café = 'é'
emoji = "🍕🍍"
zw = '\u200b'
mixed = 'a' 'b' "c" '''d''' r'\e'
