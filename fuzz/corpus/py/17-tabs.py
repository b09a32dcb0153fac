def upgrade():
	"""Doc."""
	pass
	return [
		b.A(),
	]
def downgrade():
        return None
