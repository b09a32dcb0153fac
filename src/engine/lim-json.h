/* lim-json.h — small json-glib helpers shared by the engine: typed member
 * lookups that tolerate a missing or mistyped member, and a deep copy.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* NULL when @obj is NULL or the member is missing, null or not a string. */
const char *lim_json_get_string  (JsonObject *obj,
                                  const char *key);
/* NULL when @obj is NULL or the member is missing or not an object. */
JsonObject *lim_json_get_object  (JsonObject *obj,
                                  const char *key);
/* NULL when @obj is NULL or the member is missing or not an array. */
JsonArray  *lim_json_get_array   (JsonObject *obj,
                                  const char *key);
/* A deep copy: no node, object or array is shared with @obj. */
JsonObject *lim_json_object_copy (JsonObject *obj);
JsonNode   *lim_json_node_copy   (JsonNode   *node);

G_END_DECLS
