"""Windows line endings."""
import liminal.external as b
revision = "abcdef012345"
down_revision = None
def upgrade() -> list[b.BaseOperation]:
    return [b.ArchiveDropdown('x'),
            b.UnarchiveDropdown("y")]
def downgrade() -> list[b.BaseOperation]:
    return []
