/* lim-sandbox-public.h — the public REST API v2 realm (private)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Route handlers for the router's table (lim-sandbox.c).
 */

#pragma once

#include "lim-sandbox-http.h"

G_BEGIN_DECLS

gboolean ls_public_check_auth        (LsRequest *req);

void     ls_public_token             (LsRequest *req);
void     ls_public_registries        (LsRequest *req);
void     ls_public_dropdowns_list    (LsRequest *req);
void     ls_public_dropdowns_create  (LsRequest *req);
void     ls_public_dropdown_get      (LsRequest *req);
void     ls_public_dropdown_update   (LsRequest *req);
/* both options:archive and options:unarchive (ls_request_archives()) */
void     ls_public_options_archival  (LsRequest *req);
void     ls_public_schemas_list      (LsRequest *req);
void     ls_public_schema_get        (LsRequest *req);
void     ls_public_result_schemas_list (LsRequest *req);
void     ls_public_result_schema_get (LsRequest *req);
void     ls_public_alpha_create      (LsRequest *req);
void     ls_public_unit_types        (LsRequest *req);

G_END_DECLS
