/* bench-tenant.h — the big tenant the benchmarks read: custom-entity
 * schemas of text fields (every fourth a dropdown field when there are
 * dropdowns) and dropdowns of four options, seeded into a sandbox without
 * HTTP.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lim-sandbox.h"

/* @n_dropdowns dropdowns "Dropdown 0000"… (options Alpha, Beta, Gamma,
 * Delta), then @n_schemas schemas "Bench Schema 0000"… of @n_fields fields
 * "Text N" (text_N), every fourth "Choice N" (choice_N) linked to a
 * dropdown when there are any.  Turns the sandbox's autosave off. */
void bench_seed_big_tenant (LimSandbox *sandbox,
                            guint       n_schemas,
                            guint       n_fields,
                            guint       n_dropdowns);
