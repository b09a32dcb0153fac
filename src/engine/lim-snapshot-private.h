/* lim-snapshot-private.h — what lim-snapshot.c and lim-snapshot-convert.c
 * share: the conversion of a schema's and a field's JSON to Liminal's
 * properties (§6.7, in lim-snapshot-convert.c), which construction and the
 * writes in lim-snapshot.c run, and the JSON helper both use.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "lim-snapshot.h"

G_BEGIN_DECLS

/* Integer member (an integer or a double, truncated) in *@out; FALSE when
 * @obj is NULL or the member is missing, null or not a number. */
gboolean _lim_snapshot_get_int       (JsonObject              *obj,
                                      const char              *key,
                                      gint64                  *out);

/* Re-derives @field->props from @field->json (§6.7).  @schema names the
 * field in errors; @self resolves dropdown and unit ids to names. */
gboolean _lim_snapshot_derive_field  (LimSnapshot             *self,
                                      const LimSnapshotSchema *schema,
                                      LimSnapshotField        *field,
                                      GError                 **error);

/* Re-derives every field's props, then @schema->props and
 * @schema->name_template from @schema->json (§6.7).  On error the schema's
 * props and name template are left as they were (fields derived before the
 * failing one are already updated). */
gboolean _lim_snapshot_derive_schema (LimSnapshot             *self,
                                      LimSnapshotSchema       *schema,
                                      GError                 **error);

G_END_DECLS
