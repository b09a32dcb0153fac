/* lim-sandbox-public.c — the public REST API v2 realm (OAuth2 bearer)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "lim-sandbox-public.h"
#include "lim-sandbox-mutate.h"

static void
respond_not_found (SoupServerMessage *msg,
                   const char        *what,
                   const char        *id)
{
  GString *s = g_string_new ("{\"error\":{");
  g_autofree char *m = g_strdup_printf ("%s %s not found.", what, id);

  lsj_kstr (s, "type", "invalid_request_error");
  lsj_kstr (s, "message", m);
  lsj_kstr (s, "userMessage", m);
  lsj_kstr (s, "invalidId", id);
  g_string_append (s, "}}");
  ls_respond_json (msg, 404, s);
}

static void
respond_oauth_error (SoupServerMessage *msg,
                     guint              status,
                     const char        *type,
                     const char        *message)
{
  ls_respond_error (msg, status, type, message);
}

void
ls_public_token (LsRequest *req)
{
  LsServer *server = req->server;
  SoupServerMessage *msg = req->msg;
  SoupMessageHeaders *h = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(GHashTable) form = soup_form_decode (text);
  const char *auth = soup_message_headers_get_one (h, "Authorization");
  const char *grant = g_hash_table_lookup (form, "grant_type");
  g_autofree char *client_id = NULL;
  g_autofree char *client_secret = NULL;
  g_autofree char *token = NULL;
  GString *s;
  gint64 *expiry;

  if (auth && g_ascii_strncasecmp (auth, "Basic ", 6) == 0)
    {
      gsize len = 0;
      g_autofree guchar *raw = g_base64_decode (auth + 6, &len);
      g_autofree char *decoded = g_strndup ((const char *) raw, len);
      char *colon = strchr (decoded, ':');

      if (colon)
        {
          *colon = '\0';
          client_id = g_strdup (decoded);
          client_secret = g_strdup (colon + 1);
        }
    }
  if (client_id == NULL)
    {
      client_id = g_strdup (g_hash_table_lookup (form, "client_id"));
      client_secret = g_strdup (g_hash_table_lookup (form, "client_secret"));
    }

  if (grant == NULL)
    {
      respond_oauth_error (msg, 400, "invalid_request", "Missing grant_type.");
      return;
    }
  if (g_strcmp0 (grant, "client_credentials") != 0)
    {
      respond_oauth_error (msg, 400, "unsupported_grant_type",
                           "Only the client_credentials grant type is supported.");
      return;
    }
  if (g_strcmp0 (client_id, server->client_id) != 0 ||
      g_strcmp0 (client_secret, server->client_secret) != 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "WWW-Authenticate", "Basic realm=\"benchling\"");
      respond_oauth_error (msg, 401, "invalid_client", "Invalid client id or client secret.");
      return;
    }

  token = ls_server_random_token (server, 40);
  expiry = g_new (gint64, 1);
  *expiry = g_get_monotonic_time () + (gint64) server->token_lifetime * G_USEC_PER_SEC;
  g_hash_table_insert (server->tokens, g_strdup (token), expiry);

  s = g_string_new ("{");
  lsj_kstr (s, "access_token", token);
  lsj_kstr (s, "token_type", "Bearer");
  lsj_kint (s, "expires_in", server->token_lifetime);
  g_string_append_c (s, '}');
  ls_respond_json (msg, 200, s);
}

gboolean
ls_public_check_auth (LsRequest *req)
{
  SoupMessageHeaders *h = soup_server_message_get_request_headers (req->msg);
  const char *auth = soup_message_headers_get_one (h, "Authorization");
  gint64 *expiry;

  if (auth == NULL || g_ascii_strncasecmp (auth, "Bearer ", 7) != 0)
    {
      ls_respond_error (req->msg, 401, "invalid_request_error",
                        "Authentication required: send an OAuth bearer token.");
      return FALSE;
    }
  expiry = g_hash_table_lookup (req->server->tokens, auth + 7);
  if (expiry == NULL)
    {
      ls_respond_error (req->msg, 401, "invalid_request_error", "Invalid access token.");
      return FALSE;
    }
  if (g_get_monotonic_time () >= *expiry)
    {
      g_hash_table_remove (req->server->tokens, auth + 7);
      ls_respond_error (req->msg, 401, "invalid_request_error", "The access token has expired.");
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Pagination                                                          */

typedef struct
{
  guint offset;
  guint size;
} Page;

static gboolean
parse_page (LsRequest  *req,
            const char *kind,
            Page       *page)
{
  const char *ps = req->query ? g_hash_table_lookup (req->query, "pageSize") : NULL;
  const char *nt = req->query ? g_hash_table_lookup (req->query, "nextToken") : NULL;
  guint64 v;

  page->offset = 0;
  page->size = 50;
  if (ps != NULL)
    {
      if (!g_ascii_string_to_unsigned (ps, 10, 0, G_MAXUINT32, &v, NULL) || v < 1 || v > 100)
        {
          ls_respond_error (req->msg, 400, "invalid_request_error",
                            "pageSize must be an integer between 1 and 100.");
          return FALSE;
        }
      page->size = (guint) v;
    }
  if (nt != NULL && *nt != '\0')
    {
      gsize len = 0;
      g_autofree guchar *raw = g_base64_decode (nt, &len);
      g_autofree char *decoded = g_strndup ((const char *) raw, len);
      g_autofree char *prefix = g_strconcat (kind, ":", NULL);

      if (!g_str_has_prefix (decoded, prefix) ||
          !g_ascii_string_to_unsigned (decoded + strlen (prefix), 10, 1, G_MAXUINT32, &v, NULL))
        {
          ls_respond_error (req->msg, 400, "invalid_request_error", "Invalid nextToken.");
          return FALSE;
        }
      page->offset = (guint) v;
    }
  return TRUE;
}

/* Closes the page's array in @s, adds the next token and answers. */
static void
respond_page (LsRequest  *req,
              GString    *s,
              const char *kind,
              Page       *page,
              guint       total)
{
  char buf[32];

  g_string_append_c (s, ']');
  if (page->offset + page->size < total)
    {
      g_autofree char *raw = g_strdup_printf ("%s:%u", kind, page->offset + page->size);
      g_autofree char *tok = g_base64_encode ((const guchar *) raw, strlen (raw));
      lsj_kstr (s, "nextToken", tok);
    }
  else
    lsj_kstr (s, "nextToken", "");
  g_string_append_c (s, '}');
  g_snprintf (buf, sizeof buf, "%u", total);
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), "Result-Count", buf);
  ls_respond_json (req->msg, 200, s);
}

typedef void (*ItemWriter) (LsState *st,
                            GString *s,
                            gpointer item);

/* Answers one page of @items as {"@key":[…],"nextToken":…}. */
static void
respond_list (LsRequest  *req,
              const char *kind,
              const char *key,
              GPtrArray  *items,
              ItemWriter  write)
{
  Page page;
  GString *s;

  if (!parse_page (req, kind, &page))
    return;
  s = g_string_new ("{");
  lsj_kopen (s, key, '[');
  for (guint i = page.offset; i < items->len && i < page.offset + page.size; i++)
    write (req->server->state, s, g_ptr_array_index (items, i));
  respond_page (req, s, kind, &page, items->len);
}

static void
write_dropdown_summary (LsState *st,
                        GString *s,
                        gpointer item)
{
  LsDropdown *d = item;

  lsj_open (s, '{');
  lsj_kstrs (s, "id", d->id, "name", d->name, NULL);
  lsj_close (s, '}');
}

static void
write_unit_type (LsState *st,
                 GString *s,
                 gpointer item)
{
  ls_write_unit_type (s, item);
}

/* ------------------------------------------------------------------ */
/* Handlers                                                            */

void
ls_public_registries (LsRequest *req)
{
  LsState *st = req->server->state;
  const char *name = req->query ? g_hash_table_lookup (req->query, "name") : NULL;
  GString *s = g_string_new ("{\"registries\":[");

  if (name == NULL || g_strcmp0 (name, st->registry_name) == 0)
    ls_write_registry (st, s);
  g_string_append (s, "]}");
  ls_respond_json (req->msg, 200, s);
}

void
ls_public_dropdowns_list (LsRequest *req)
{
  respond_list (req, "dropdowns", "dropdowns", req->server->state->dropdowns, write_dropdown_summary);
}

/* The dropdown or entity schema that a write creates or changes. */
typedef struct
{
  gboolean schema;    /* LsSchema, else LsDropdown */
  gpointer item;      /* NULL until created */
} Target;

static gboolean
create_item (LsRequest  *req,
             JsonObject *body,
             gpointer    user_data,
             GError    **error)
{
  Target *t = user_data;

  if (t->schema)
    t->item = ls_mutate_alpha_create_schema (req->server->state, body, error);
  else
    t->item = ls_mutate_create_dropdown (req->server->state, body, error);
  return t->item != NULL;
}

static GString *
write_item (LsRequest *req,
            gpointer   user_data)
{
  Target *t = user_data;
  GString *s = g_string_new (NULL);

  if (t->schema)
    ls_write_entity_schema_public (req->server->state, s, t->item);
  else
    ls_write_dropdown_public (s, t->item);
  return s;
}

/* Looks up the item of the request's {id}; FALSE after answering 404. */
static gboolean
find_item (LsRequest *req,
           Target    *t)
{
  LsState *st = req->server->state;

  if (t->schema)
    t->item = ls_state_find_schema (st, req->params[0]);
  else
    t->item = ls_state_find_dropdown (st, req->params[0]);
  if (t->item == NULL)
    respond_not_found (req->msg, t->schema ? "Entity schema" : "Dropdown", req->params[0]);
  return t->item != NULL;
}

void
ls_public_dropdowns_create (LsRequest *req)
{
  Target t = { FALSE, NULL };

  ls_handle_write (req, 200, create_item, write_item, &t);
}

void
ls_public_dropdown_get (LsRequest *req)
{
  Target t = { FALSE, NULL };

  if (find_item (req, &t))
    ls_respond_json (req->msg, 200, write_item (req, &t));
}

static gboolean
update_dropdown (LsRequest  *req,
                 JsonObject *body,
                 gpointer    user_data,
                 GError    **error)
{
  Target *t = user_data;

  return ls_mutate_public_update_dropdown (req->server->state, t->item, body, error);
}

void
ls_public_dropdown_update (LsRequest *req)
{
  Target t = { FALSE, NULL };

  if (find_item (req, &t))
    ls_handle_write (req, 200, update_dropdown, write_item, &t);
}

typedef struct
{
  LsIdList    changed;     /* first: the answer */
  LsDropdown *dropdown;
  gboolean    archive;
} OptionsArchival;

static gboolean
archive_options (LsRequest  *req,
                 JsonObject *body,
                 gpointer    user_data,
                 GError    **error)
{
  OptionsArchival *a = user_data;

  return ls_mutate_public_archive_options (req->server->state, a->dropdown, body, a->archive,
                                           a->changed.ids, error);
}

void
ls_public_options_archival (LsRequest *req)
{
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_free);
  OptionsArchival a = { { "dropdownOptionIds", changed }, NULL, ls_request_archives (req) };
  Target t = { FALSE, NULL };

  if (!find_item (req, &t))
    return;
  a.dropdown = t.item;
  ls_handle_write (req, 200, archive_options, ls_write_id_list, &a);
}

void
ls_public_schema_get (LsRequest *req)
{
  Target t = { TRUE, NULL };

  if (find_item (req, &t))
    ls_respond_json (req->msg, 200, write_item (req, &t));
}

void
ls_public_alpha_create (LsRequest *req)
{
  Target t = { TRUE, NULL };

  ls_handle_write (req, 201, create_item, write_item, &t);
}

void
ls_public_schemas_list (LsRequest *req)
{
  respond_list (req, "entity-schemas", "entitySchemas", req->server->state->schemas,
                (ItemWriter) ls_write_entity_schema_public);
}

/* GET /assay-result-schemas (listAssayResultSchemas): the result schemas,
 * archived ones too, paginated. */
void
ls_public_result_schemas_list (LsRequest *req)
{
  respond_list (req, "assay-result-schemas", "assayResultSchemas", req->server->state->result_schemas,
                (ItemWriter) ls_write_assay_result_schema_public);
}

/* GET /assay-result-schemas/{schema_id} (getResultSchema). */
void
ls_public_result_schema_get (LsRequest *req)
{
  GPtrArray *all = req->server->state->result_schemas;

  for (guint i = 0; i < all->len; i++)
    {
      LsResultSchema *r = g_ptr_array_index (all, i);

      if (g_strcmp0 (r->id, req->params[0]) == 0)
        {
          GString *s = g_string_new (NULL);

          ls_write_assay_result_schema_public (req->server->state, s, r);
          ls_respond_json (req->msg, 200, s);
          return;
        }
    }
  respond_not_found (req->msg, "Assay result schema", req->params[0]);
}

void
ls_public_unit_types (LsRequest *req)
{
  respond_list (req, "unit-types", "unitTypes", req->server->state->unit_types, write_unit_type);
}
