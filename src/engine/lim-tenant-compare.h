/* lim-tenant-compare.h — compare two tenants: the operations that would
 * bring TENANT to what OTHER has (`liminal diff TENANT --against OTHER`,
 * the window's Compare With…).
 *
 * OTHER's snapshot is read as a model (lim_tenant_compare_desired()): its
 * active dropdowns with their active options in Benchling's order, and the
 * active entity schemas of its registry with their active fields in order,
 * `liminal_remote` left out — what `generate-files OTHER` would write, in
 * the same order (dropdowns by name, schemas by warehouse name).  Then
 * lim_compare() runs that model against TENANT's snapshot, so the answer
 * is in the vocabulary of every revision file, and equals what
 * `generate-files OTHER` followed by `diff TENANT` lists.  As for the model
 * files, archived objects of OTHER are not compared (§5.4): an object
 * TENANT has active and OTHER has archived shows up as an archive.
 *
 * The revision marker schema is never compared; each side's marker is
 * reported instead (tenant_revision, other_revision).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lim-compare.h"
#include "lim-snapshot.h"
#include "lim-workspace.h"

G_BEGIN_DECLS

#define LIM_TENANT_COMPARE_ERROR (lim_tenant_compare_error_quark ())
GQuark lim_tenant_compare_error_quark (void);

typedef enum {
  LIM_TENANT_COMPARE_ERROR_SAME_TENANT, /* TENANT and OTHER are one alias */
} LimTenantCompareError;

typedef struct
{
  char      *tenant;           /* TENANT's alias (NULL from lim_tenant_compare_snapshots()) */
  char      *other;            /* OTHER's alias (idem) */
  char      *tenant_revision;  /* TENANT's revision marker, NULL when it has none */
  char      *other_revision;   /* OTHER's, NULL when it has none */
  GPtrArray *upgrade;          /* element-type LimOperation*: what brings TENANT to OTHER */
  GPtrArray *downgrade;        /* element-type LimOperation*: their reverse, in reverse order */
  GPtrArray *hints;            /* element-type utf8: lim_compare_rename_hints() */
} LimTenantComparison;

void                 lim_tenant_comparison_free    (LimTenantComparison *comparison);

/* @other's active objects as the desired state of a comparison (see above). */
LimDesired          *lim_tenant_compare_desired    (LimSnapshot *other);

/* Compare two snapshots already read.  Fails only as lim_compare() does. */
LimTenantComparison *lim_tenant_compare_snapshots  (LimSnapshot  *tenant,
                                                    LimSnapshot  *other,
                                                    GError      **error);

/* Connect to @tenant and @other and read both snapshots, the two at once,
 * then compare them.  Fails with LIM_TENANT_COMPARE_ERROR_SAME_TENANT when
 * the two have one alias (the message names it), and with the error of a
 * tenant that cannot be connected or read, prefixed "Tenant ALIAS: ". */
void                 lim_tenant_compare_async      (LimWorkspace        *workspace,
                                                    LimTenant           *tenant,
                                                    LimTenant           *other,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
LimTenantComparison *lim_tenant_compare_finish     (LimWorkspace        *workspace,
                                                    GAsyncResult        *result,
                                                    GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimTenantComparison, lim_tenant_comparison_free)

G_END_DECLS
