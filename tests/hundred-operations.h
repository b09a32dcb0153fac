/* hundred-operations.h — the 100-operation revision shared by
 * bench/bench-runner.c and tests/test-runner.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Appends the operations (Python, comma-separated) to @ops; returns their
 * number and, in *@polling (may be NULL), how many wait for a Benchling
 * task: 15 CreateDropdown, 5 CreateEntitySchema of 8 fields, 15
 * CreateDropdownOption, 15 ArchiveDropdownOption, 15 ReorderDropdownOptions,
 * 20 UpdateEntitySchemaField, 5 ArchiveEntitySchemaField, 10
 * UpdateDropdownName. */
guint lim_bench_hundred_operations (GString *ops,
                                   guint   *polling);

/* Writes DIR/ID_r.py, a Liminal revision file with @ops as its upgrade. */
void  lim_bench_write_revision     (const char *dir,
                                   const char *id,
                                   const char *down,
                                   const char *description,
                                   const char *ops);

G_END_DECLS
