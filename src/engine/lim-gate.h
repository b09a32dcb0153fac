/* lim-gate.h — promotion gates: a tenant that names others in
 * `promote-after` may be upgraded through a revision only once each of them
 * ran that revision's file, byte for byte, according to the project's run
 * records (lim-run-record.h).
 *
 * A gate tenant "ran" a revision when a record of it (not a dry run, not a
 * stamp) shows the revision done going up — the marker moved past it —
 * with the same SHA-256 as the file has now.  A failed run's completed
 * revisions count; the revision it failed in does not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lim-tenant.h"

G_BEGIN_DECLS

/* What keeps @tenant from being upgraded through @revisions (element-type
 * LimRevision*), one sentence per missing gate revision, naming the gate
 * tenant, the revision and why (never run there; run from a different
 * file); empty when the gates are open or @tenant has none.  @waiting_for
 * (may be NULL) gets the gate tenants with something missing, in
 * promote-after order.  NULL with @error when the records cannot be read. */
GPtrArray *lim_gate_check (const char  *runs_dir,
                           LimTenant   *tenant,
                           GPtrArray   *revisions,
                           GStrv       *waiting_for,
                           GError     **error);

G_END_DECLS
