def upgrade() -> list[b.BaseOperation]:
    return []
  x = 1
def downgrade():
	return []
        pass
