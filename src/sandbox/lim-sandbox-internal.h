/* lim-sandbox-internal.h — the internal /1/api realm (private)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Route handlers for the router's table (lim-sandbox.c), and the async
 * schema-update tasks kept in LsServer.tasks.
 */

#pragma once

#include "lim-sandbox-http.h"

G_BEGIN_DECLS

typedef struct _LsTask LsTask;

/* The free function of LsServer.tasks. */
void     ls_task_free                    (LsTask    *task);

gboolean ls_internal_check_auth          (LsRequest *req);

void     ls_internal_home                (LsRequest *req);
void     ls_internal_signin_get          (LsRequest *req);
void     ls_internal_signin_post         (LsRequest *req);
void     ls_internal_tag_schemas         (LsRequest *req);
void     ls_internal_update              (LsRequest *req);
void     ls_internal_name_template       (LsRequest *req);
/* both :bulk-archive and :bulk-unarchive (ls_request_archives()) */
void     ls_internal_schemas_archival    (LsRequest *req);
void     ls_internal_selectors           (LsRequest *req);
void     ls_internal_selector_patch      (LsRequest *req);
void     ls_internal_selectors_archival  (LsRequest *req);
void     ls_internal_result_schemas      (LsRequest *req);
void     ls_internal_task_status         (LsRequest *req);

G_END_DECLS
