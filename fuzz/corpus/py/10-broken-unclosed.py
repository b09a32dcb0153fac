import liminal.external as b
revision = "c3a9cd009713"
def upgrade() -> list[b.BaseOperation]:
    return [b.CreateEntitySchemaField('pizza', b.BaseFieldProperties(name='Dough', warehouse_name='dough',
