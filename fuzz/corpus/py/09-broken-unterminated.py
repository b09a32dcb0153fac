revision = "abc
down_revision = None
def upgrade() -> list[b.BaseOperation]:
    return [b.ArchiveDropdown('x')
