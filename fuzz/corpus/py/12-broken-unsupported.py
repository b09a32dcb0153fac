import liminal.external as b
revision = "a" + "b"
down_revision = f"{revision}"
ops = [op for op in range(3)]
class Foo:
    pass
@decorator
def upgrade(*args, **kwargs) -> list[b.BaseOperation]:
    x = lambda: 1
    return [b.X(*ops), b.Y(**kw), a if b else c, ..., b'bytes', 1j, not x, a[1:2]]
