"""Liminal environment for the pizza house tenants."""
from __future__ import annotations

import os
import os.path as osp, sys
from liminal.connection import (
    BenchlingConnection,
    TenantConfigFlags as Flags,
)
from pizzahouse.dropdowns import *
from pizzahouse.entity_schemas import *
from . import local_settings

prod_connection = BenchlingConnection(
    tenant_name=os.environ["BENCHLING_TENANT"],
    tenant_alias='prod',
    api_client_id=os.environ['CLIENT_ID'],
    api_client_secret=os.getenv("CLIENT_SECRET", ""),
    warehouse_connection_string=None,
    config_flags=Flags(schemas_enable_change_warehouse_name=False),
)
staging_connection: BenchlingConnection = BenchlingConnection(tenant_name='pizzahouse-staging', tenant_alias="staging",)
timeout = retries = 3
ratio = -1.5e-3
