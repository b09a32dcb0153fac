/* lim-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lim-json.h"

const char *
lim_json_get_string (JsonObject *obj,
                     const char *key)
{
  JsonNode *node;

  if (obj == NULL)
    return NULL;
  node = json_object_get_member (obj, key);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

JsonObject *
lim_json_get_object (JsonObject *obj,
                     const char *key)
{
  JsonNode *node = obj ? json_object_get_member (obj, key) : NULL;
  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonArray *
lim_json_get_array (JsonObject *obj,
                    const char *key)
{
  JsonNode *node = obj ? json_object_get_member (obj, key) : NULL;
  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

JsonObject *
lim_json_object_copy (JsonObject *obj)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *key;
  JsonNode *member;

  json_object_iter_init_ordered (&iter, obj);
  while (json_object_iter_next_ordered (&iter, &key, &member))
    json_object_set_member (copy, key, lim_json_node_copy (member));
  return copy;
}

JsonNode *
lim_json_node_copy (JsonNode *node)
{
  JsonNode *copy;

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *obj = lim_json_object_copy (json_node_get_object (node));
        copy = json_node_init_object (json_node_alloc (), obj);
        json_object_unref (obj);
        return copy;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *src = json_node_get_array (node);
        JsonArray *arr = json_array_sized_new (json_array_get_length (src));
        for (guint i = 0; i < json_array_get_length (src); i++)
          json_array_add_element (arr, lim_json_node_copy (json_array_get_element (src, i)));
        copy = json_node_init_array (json_node_alloc (), arr);
        json_array_unref (arr);
        return copy;
      }
    case JSON_NODE_VALUE:
      /* Not json_node_copy(): it shares the value, whose reference count
       * is not atomic, so copies made on several threads would race. */
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          return json_node_init_string (json_node_alloc (), json_node_get_string (node));
        case G_TYPE_INT64:
          return json_node_init_int (json_node_alloc (), json_node_get_int (node));
        case G_TYPE_DOUBLE:
          return json_node_init_double (json_node_alloc (), json_node_get_double (node));
        case G_TYPE_BOOLEAN:
          return json_node_init_boolean (json_node_alloc (), json_node_get_boolean (node));
        default:
          return json_node_copy (node);
        }
    case JSON_NODE_NULL:
    default:
      return json_node_init_null (json_node_alloc ());
    }
}
