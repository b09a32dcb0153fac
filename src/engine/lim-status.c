/* lim-status.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <libsecret/secret.h>
#include <string.h>

#include "lim-json.h"
#include "lim-keyring.h"
#include "lim-marker.h"
#include "lim-remote.h"
#include "lim-status.h"

void
lim_tenant_status_free (LimTenantStatus *status)
{
  if (status == NULL)
    return;
  g_free (status->alias);
  g_free (status->revision);
  g_free (status->description);
  lim_lock_free (status->lock);
  g_free (status->waiting_for);
  g_free (status->head);
  g_free (status->message);
  g_clear_pointer (&status->model, lim_snapshot_unref);
  g_free (status);
}

const char *
lim_tenant_state_to_string (LimTenantState state)
{
  switch (state)
    {
    case LIM_TENANT_STATE_UP_TO_DATE: return "up-to-date";
    case LIM_TENANT_STATE_BEHIND: return "behind";
    case LIM_TENANT_STATE_UNKNOWN_REVISION: return "unknown-revision";
    case LIM_TENANT_STATE_NO_MARKER: return "no-marker";
    case LIM_TENANT_STATE_NOT_CONFIGURED: return "not-configured";
    case LIM_TENANT_STATE_SIGN_IN_FAILED: return "sign-in-failed";
    case LIM_TENANT_STATE_UNREACHABLE: return "unreachable";
    case LIM_TENANT_STATE_ERROR: return "error";
    case LIM_TENANT_STATE_SIGN_IN_NEEDED: return "sign-in-needed";
    default: g_assert_not_reached ();
    }
}

char *
lim_tenant_status_label (const LimTenantStatus *status)
{
  switch (status->state)
    {
    case LIM_TENANT_STATE_UP_TO_DATE: return g_strdup (_("Up to date"));
    case LIM_TENANT_STATE_BEHIND:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d behind", "%d behind", status->behind), status->behind);
    case LIM_TENANT_STATE_UNKNOWN_REVISION: return g_strdup (_("Unknown revision"));
    case LIM_TENANT_STATE_NO_MARKER: return g_strdup (_("No marker — adopt?"));
    case LIM_TENANT_STATE_NOT_CONFIGURED: return g_strdup (_("Not configured"));
    case LIM_TENANT_STATE_SIGN_IN_FAILED: return g_strdup (_("Sign-in failed"));
    case LIM_TENANT_STATE_UNREACHABLE: return g_strdup (_("Unreachable"));
    case LIM_TENANT_STATE_ERROR: return g_strdup (_("Error"));
    case LIM_TENANT_STATE_SIGN_IN_NEEDED: return g_strdup (_("Sign-in needed"));
    default: g_assert_not_reached ();
    }
}

/* @tenant's status before it is read: its alias and the history's head. */
static LimTenantStatus *
status_new (LimTenant   *tenant,
            LimTimeline *timeline)
{
  LimTenantStatus *status = g_new0 (LimTenantStatus, 1);

  status->alias = g_strdup (lim_tenant_get_alias (tenant));
  status->head = g_strdup (lim_revision_get_id (lim_timeline_get_head (timeline)));
  return status;
}

/* ---------------------------------------------------------------- the marker cache
 *
 * What a full reading learnt about a tenant's liminal_remote schema, so
 * that the next reading asks Benchling's public API for that one schema
 * (GET /api/v2/entity-schemas/{id}: one small request, no internal
 * sign-in) instead of listing every tag schema.  Nothing in it is secret:
 * ids, names, the schema's modifiedAt and a digest of what the public
 * answer shows.  One group per tenant (base URL + API client id) in
 * $XDG_CACHE_HOME/liminal/markers.ini; LIMINAL_NO_CACHE=1 turns it off.
 *
 * The public answer carries no warehouse names (sqlIdentifier,
 * systemName), so it is trusted only while it provably shows the schema
 * the full reading found: the same registry, name, type, archive state
 * and fields (ids, types, flags, archive states, and names apart from the
 * revision_id and lock fields: the digest), and either the same
 * modifiedAt or a visible reason for a new one (the marker or the lock
 * moved).  A 404, a different digest, or a modification nothing visible
 * explains (a warehouse name changed) reads everything again. */

#define CACHE_GROUP_SCHEMA   "schema-id"
#define CACHE_REGISTRY       "registry-id"
#define CACHE_REVISION_FIELD "revision-field"
#define CACHE_LOCK_FIELD     "lock-field"
#define CACHE_DIGEST         "digest"
#define CACHE_MODIFIED       "modified-at"
#define CACHE_REVISION       "revision"
#define CACHE_LOCK           "lock"

typedef struct
{
  char *schema_id;
  char *registry_id;
  char *revision_field;   /* the revision_id field's apiId */
  char *lock_field;       /* the lock field's apiId, NULL without one */
  char *digest;
  char *modified_at;
  char *revision;         /* the revision_id field's name at modified_at */
  char *lock;             /* the lock field's name at modified_at */
} MarkerCache;

static void
marker_cache_clear (MarkerCache *c)
{
  g_clear_pointer (&c->schema_id, g_free);
  g_clear_pointer (&c->registry_id, g_free);
  g_clear_pointer (&c->revision_field, g_free);
  g_clear_pointer (&c->lock_field, g_free);
  g_clear_pointer (&c->digest, g_free);
  g_clear_pointer (&c->modified_at, g_free);
  g_clear_pointer (&c->revision, g_free);
  g_clear_pointer (&c->lock, g_free);
}

static gboolean
cache_enabled (void)
{
  return g_strcmp0 (g_getenv ("LIMINAL_NO_CACHE"), "1") != 0;
}

static char *
cache_path (void)
{
  return g_build_filename (g_get_user_cache_dir (), "liminal", "markers.ini", NULL);
}

/* The tenant's group: who we are, where (a digest: a URL may hold
 * characters a group name may not, "[::1]"). */
static char *
cache_group (LimClient *client)
{
  const char *id = lim_client_get_client_id (client);
  g_autofree char *key = g_strdup_printf ("%s\n%s", lim_client_get_base_url (client), id ? id : "");
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);

  return g_strdup_printf ("tenant %.32s", digest);
}

static gboolean
cache_load (LimClient   *client,
            MarkerCache *c)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autofree char *path = cache_path ();
  g_autofree char *group = cache_group (client);

  if (!cache_enabled () || !g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, NULL) ||
      !g_key_file_has_group (kf, group))
    return FALSE;
  c->schema_id = g_key_file_get_string (kf, group, CACHE_GROUP_SCHEMA, NULL);
  c->registry_id = g_key_file_get_string (kf, group, CACHE_REGISTRY, NULL);
  c->revision_field = g_key_file_get_string (kf, group, CACHE_REVISION_FIELD, NULL);
  c->lock_field = g_key_file_get_string (kf, group, CACHE_LOCK_FIELD, NULL);
  c->digest = g_key_file_get_string (kf, group, CACHE_DIGEST, NULL);
  c->modified_at = g_key_file_get_string (kf, group, CACHE_MODIFIED, NULL);
  c->revision = g_key_file_get_string (kf, group, CACHE_REVISION, NULL);
  c->lock = g_key_file_get_string (kf, group, CACHE_LOCK, NULL);
  if (c->lock_field && *c->lock_field == '\0')
    g_clear_pointer (&c->lock_field, g_free);
  if (c->lock && *c->lock == '\0')
    g_clear_pointer (&c->lock, g_free);
  /* An id only goes into a path when it looks like one. */
  if (c->schema_id == NULL || *c->schema_id == '\0' || strspn (c->schema_id, "abcdefghijklmnopqrstuvwxyz"
                                                               "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") !=
      strlen (c->schema_id) || c->registry_id == NULL || c->revision_field == NULL || c->digest == NULL ||
      c->modified_at == NULL || c->revision == NULL)
    {
      marker_cache_clear (c);
      return FALSE;
    }
  return TRUE;
}

/* Writes @c (or, NULL, forgets the tenant); a failure only costs the next
 * reading a full read. */
static void
cache_store (LimClient         *client,
             const MarkerCache *c)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autofree char *path = cache_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *group = cache_group (client);
  g_autoptr(GError) error = NULL;

  if (!cache_enabled ())
    return;
  g_key_file_load_from_file (kf, path, G_KEY_FILE_KEEP_COMMENTS, NULL);
  if (c == NULL)
    {
      if (!g_key_file_remove_group (kf, group, NULL))
        return;
    }
  else
    {
      const char *id = lim_client_get_client_id (client);

      /* For people reading the file; the group's digest is the key. */
      g_key_file_set_string (kf, group, "url", lim_client_get_base_url (client));
      g_key_file_set_string (kf, group, "client-id", id ? id : "");
      g_key_file_set_string (kf, group, CACHE_GROUP_SCHEMA, c->schema_id);
      g_key_file_set_string (kf, group, CACHE_REGISTRY, c->registry_id);
      g_key_file_set_string (kf, group, CACHE_REVISION_FIELD, c->revision_field);
      g_key_file_set_string (kf, group, CACHE_LOCK_FIELD, c->lock_field ? c->lock_field : "");
      g_key_file_set_string (kf, group, CACHE_DIGEST, c->digest);
      g_key_file_set_string (kf, group, CACHE_MODIFIED, c->modified_at);
      g_key_file_set_string (kf, group, CACHE_REVISION, c->revision);
      g_key_file_set_string (kf, group, CACHE_LOCK, c->lock ? c->lock : "");
    }
  if (g_mkdir_with_parents (dir, 0700) != 0 || !g_key_file_save_to_file (kf, path, &error))
    g_debug ("Could not write the marker cache %s: %s", path, error ? error->message : g_strerror (errno));
}

static gboolean
json_flag (JsonObject *o,
           const char *key)
{
  JsonNode *n = o ? json_object_get_member (o, key) : NULL;

  return n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_BOOLEAN && json_node_get_boolean (n);
}

static gboolean
json_is_archived (JsonObject *o)
{
  JsonNode *n = o ? json_object_get_member (o, "archiveRecord") : NULL;

  return n != NULL && !JSON_NODE_HOLDS_NULL (n);
}

/* A public EntitySchema answer, as far as the marker cache needs it. */
typedef struct
{
  char       *digest;       /* NULL: not a usable answer */
  const char *modified_at;
  const char *revision;     /* the revision field's name (active) */
  const char *lock;         /* the lock field's name (active), NULL without one */
} PublicView;

static void
public_view_clear (PublicView *v)
{
  g_clear_pointer (&v->digest, g_free);
}

/* Reads @node (GET /api/v2/entity-schemas/{id}) against the fields
 * @revision_field and @lock_field; v->digest stays NULL when it is not an
 * active schema of @registry_id whose revision field is active. */
static void
public_view (JsonNode   *node,
             const char *schema_id,
             const char *registry_id,
             const char *revision_field,
             const char *lock_field,
             PublicView *v)
{
  JsonObject *o = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonArray *fields = lim_json_get_array (o, "fieldDefinitions");
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean found = FALSE;

  memset (v, 0, sizeof *v);
  if (o == NULL || fields == NULL || g_strcmp0 (lim_json_get_string (o, "id"), schema_id) != 0 ||
      g_strcmp0 (lim_json_get_string (o, "registryId"), registry_id) != 0 || json_is_archived (o) ||
      lim_json_get_string (o, "name") == NULL || lim_json_get_string (o, "modifiedAt") == NULL)
    return;
  /* \x1f separates, so no name can run into the next. */
  g_string_append_printf (text, "%s\x1f%s\x1f%s\x1f%s\x1f%s", schema_id, registry_id, lim_json_get_string (o, "name"),
                          lim_json_get_string (o, "prefix") ? lim_json_get_string (o, "prefix") : "",
                          lim_json_get_string (o, "type") ? lim_json_get_string (o, "type") : "");
  for (guint i = 0; i < json_array_get_length (fields); i++)
    {
      JsonNode *fn = json_array_get_element (fields, i);
      JsonObject *f = JSON_NODE_HOLDS_OBJECT (fn) ? json_node_get_object (fn) : NULL;
      const char *id = lim_json_get_string (f, "id");
      const char *name = lim_json_get_string (f, "name");
      const char *type = lim_json_get_string (f, "type");
      gboolean archived = json_is_archived (f);
      gboolean moving = g_strcmp0 (id, revision_field) == 0 || (lock_field && g_strcmp0 (id, lock_field) == 0);

      if (id == NULL)
        return;
      g_string_append_printf (text, "\x1e%s\x1f%d%d%d\x1f%s\x1f%s", id, archived, json_flag (f, "isMulti"),
                              json_flag (f, "isRequired"), type ? type : "", moving ? "" : name ? name : "");
      if (archived)
        continue;
      if (g_strcmp0 (id, revision_field) == 0)
        {
          found = TRUE;
          v->revision = name;
        }
      else if (lock_field && g_strcmp0 (id, lock_field) == 0)
        v->lock = name;
    }
  if (!found || v->revision == NULL)
    return;
  v->modified_at = lim_json_get_string (o, "modifiedAt");
  v->digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text->str, -1);
}

/* ---------------------------------------------------------------- reading */

typedef struct
{
  LimTenant       *tenant;
  LimTimeline     *timeline;
  LimClient       *client;
  LimTenantStatus *status;
  gint64           started;
  guint            requests_before;
  gboolean         with_model;
  MarkerCache      cache;        /* fast: what the last full reading learnt; full: what to record */
  LimTenantState   state;        /* full: the state, while the cache is being recorded */
  char            *message;
  char            *kept_token;   /* the bearer token found in the keyring (a secret) */
  GCancellable    *keyring;      /* the keyring exchange under way, cancelled after a timeout */
  GSource         *keyring_timeout;
} Read;

static void
read_free (gpointer data)
{
  Read *r = data;
  lim_tenant_unref (r->tenant);
  lim_timeline_unref (r->timeline);
  g_clear_object (&r->client);
  lim_tenant_status_free (r->status);
  marker_cache_clear (&r->cache);
  g_free (r->message);
  if (r->kept_token)
    {
      memset (r->kept_token, 0, strlen (r->kept_token));
      g_free (r->kept_token);
    }
  g_clear_object (&r->keyring);
  if (r->keyring_timeout)
    {
      g_source_destroy (r->keyring_timeout);
      g_source_unref (r->keyring_timeout);
    }
  g_free (r);
}

static void
finish_now (GTask         *task,
            LimTenantState state,
            const char    *message)
{
  Read *r = g_task_get_task_data (task);

  r->status->state = state;
  if (message)
    r->status->message = g_strdup (message);
  r->status->requests = lim_client_get_stats (r->client)->total - r->requests_before;
  r->status->seconds = (g_get_monotonic_time () - r->started) / (double) G_USEC_PER_SEC;
  g_task_return_pointer (task, g_steal_pointer (&r->status), (GDestroyNotify) lim_tenant_status_free);
}

/* ---------------------------------------------------------------- the kept token
 *
 * The public realm's OAuth token (a secret) is kept between readings in
 * the desktop keyring only, never in a file: entries of the tenants'
 * keyring schema with kind "access-token", the secret "EXPIRES TOKEN"
 * (unix seconds).  Only readings that use the marker cache use it, only
 * with a session bus (never autolaunched), and every keyring exchange
 * gives up after KEYRING_TIMEOUT_MS: without a keyring the reading just
 * asks for a token. */

#define TOKEN_KIND         "access-token"
#define KEYRING_TIMEOUT_MS 1000

static gboolean
token_keyring_usable (Read *r)
{
  return !r->with_model && cache_enabled () && g_getenv ("DBUS_SESSION_BUS_ADDRESS") != NULL;
}

static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    LIM_TENANT_KEYRING_SCHEMA, SECRET_SCHEMA_NONE,
    {
      { "url", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "client-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "project-dir", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "alias", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

static gboolean
keyring_timed_out (gpointer user_data)
{
  Read *r = user_data;

  g_debug ("The desktop keyring did not answer within %u ms", KEYRING_TIMEOUT_MS);
  g_cancellable_cancel (r->keyring);
  g_clear_pointer (&r->keyring_timeout, g_source_unref);
  return G_SOURCE_REMOVE;
}

/* A cancellable for one keyring exchange, cancelled after the timeout. */
static GCancellable *
keyring_begin (GTask *task)
{
  Read *r = g_task_get_task_data (task);

  g_clear_object (&r->keyring);
  r->keyring = g_cancellable_new ();
  r->keyring_timeout = g_timeout_source_new (KEYRING_TIMEOUT_MS);
  g_source_set_callback (r->keyring_timeout, keyring_timed_out, r, NULL);
  g_source_attach (r->keyring_timeout, g_task_get_context (task));
  return r->keyring;
}

static void
keyring_end (Read *r)
{
  if (r->keyring_timeout)
    {
      g_source_destroy (r->keyring_timeout);
      g_clear_pointer (&r->keyring_timeout, g_source_unref);
    }
}

static void
token_stored (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Read *r = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  keyring_end (r);
  if (!secret_password_store_finish (result, &error))
    g_debug ("Could not keep the access token in the keyring: %s", error->message);
  finish_now (task, r->state, r->message);
}

/* Returns the reading, after keeping the client's token in the keyring
 * when it is a new one. */
static void
finish (GTask         *task,
        LimTenantState state,
        const char    *message)
{
  Read *r = g_task_get_task_data (task);
  gint64 expires = 0;
  g_autofree char *token = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *label = NULL;
  const char *client_id = lim_client_get_client_id (r->client);

  if (token_keyring_usable (r))
    token = lim_client_dup_access_token (r->client, &expires);
  if (token == NULL || g_strcmp0 (token, r->kept_token) == 0)
    {
      if (token)
        memset (token, 0, strlen (token));
      finish_now (task, state, message);
      return;
    }
  if (message != r->message)
    {
      g_free (r->message);
      r->message = g_strdup (message);
    }
  r->state = state;
  secret = g_strdup_printf ("%" G_GINT64_FORMAT " %s", expires, token);
  memset (token, 0, strlen (token));
  label = g_strdup_printf ("Liminal access token for %s", lim_client_get_label (r->client));
  secret_password_store (token_schema (), SECRET_COLLECTION_DEFAULT, label, secret, keyring_begin (task),
                         token_stored, g_object_ref (task), "url", lim_client_get_base_url (r->client),
                         "client-id", client_id ? client_id : "", "kind", TOKEN_KIND, NULL);
  memset (secret, 0, strlen (secret));
}

static LimTenantState
state_for_error (const GError *error)
{
  if (error->domain == LIM_CLIENT_ERROR)
    switch (error->code)
      {
      case LIM_CLIENT_ERROR_AUTH:
      case LIM_CLIENT_ERROR_SSO:
        return LIM_TENANT_STATE_SIGN_IN_FAILED;
      case LIM_CLIENT_ERROR_SIGN_IN_NEEDED:
      case LIM_CLIENT_ERROR_SIGN_IN_CANCELLED:
        return LIM_TENANT_STATE_SIGN_IN_NEEDED;
      case LIM_CLIENT_ERROR_NETWORK:
      case LIM_CLIENT_ERROR_RATE_LIMITED:
      case LIM_CLIENT_ERROR_TIMEOUT:
        return LIM_TENANT_STATE_UNREACHABLE;
      default:
        return LIM_TENANT_STATE_ERROR;
      }
  if (g_error_matches (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_SIGN_IN_NEEDED))
    return LIM_TENANT_STATE_SIGN_IN_NEEDED;
  if (error->domain == LIM_TENANT_ERROR)
    return LIM_TENANT_STATE_NOT_CONFIGURED;
  return LIM_TENANT_STATE_ERROR;
}

char *
lim_tenant_status_describe_lock (const LimTenantStatus *status)
{
  return status->lock ? lim_lock_describe (status->lock) : NULL;
}

/* Where @marker stands in the history: the state, and why in @message. */
static void
judge (Read           *r,
       const char     *marker,
       LimTenantState *state,
       char          **message)
{
  LimRevision *rev;
  int position, head;

  r->status->revision = g_strdup (marker);
  rev = lim_timeline_lookup (r->timeline, marker);
  if (rev == NULL)
    {
      *message = g_strdup_printf (_("Tenant %s is at revision %s, which is not in this project's history."),
                                  lim_tenant_get_alias (r->tenant), marker);
      *state = LIM_TENANT_STATE_UNKNOWN_REVISION;
      return;
    }
  r->status->description = g_strdup (lim_revision_get_description (rev));
  position = lim_timeline_position (r->timeline, marker);
  head = (int) lim_timeline_get_n_revisions (r->timeline) - 1;
  r->status->behind = head - position;
  *state = r->status->behind == 0 ? LIM_TENANT_STATE_UP_TO_DATE : LIM_TENANT_STATE_BEHIND;
}

/* What to remember of @model's liminal_remote (with @marker on it) in
 * r->cache; FALSE when it is not worth remembering. */
static gboolean
cache_from_snapshot (Read        *r,
                     LimSnapshot *model,
                     const char  *marker)
{
  const LimSnapshotSchema *s = lim_snapshot_lookup_schema (model, LIM_SNAPSHOT_REMOTE_SCHEMA);
  const LimSnapshotField *revision, *lock;
  guint n_revision = 0, n_lock = 0;

  marker_cache_clear (&r->cache);
  if (s == NULL || lim_snapshot_schema_is_archived (s))
    return FALSE;
  revision = lim_snapshot_schema_lookup_active_field (s, LIM_SNAPSHOT_REMOTE_FIELD, &n_revision);
  lock = lim_snapshot_schema_lookup_active_field (s, LIM_LOCK_FIELD, &n_lock);
  if (n_revision != 1 || n_lock > 1 || lim_snapshot_field_get_api_id (revision) == NULL ||
      (lock && lim_snapshot_field_get_api_id (lock) == NULL) || lim_snapshot_schema_get_id (s) == NULL ||
      lim_snapshot_schema_get_registry_id (s) == NULL)
    return FALSE;
  r->cache.schema_id = g_strdup (lim_snapshot_schema_get_id (s));
  r->cache.registry_id = g_strdup (lim_snapshot_schema_get_registry_id (s));
  r->cache.revision_field = g_strdup (lim_snapshot_field_get_api_id (revision));
  r->cache.lock_field = lock ? g_strdup (lim_snapshot_field_get_api_id (lock)) : NULL;
  r->cache.revision = g_strdup (marker);
  r->cache.lock = lock ? g_strdup (lim_snapshot_field_get_name (lock)) : NULL;
  return TRUE;
}

/* The public answer for the schema a full reading found: remember it when
 * it shows what that reading showed, then return the reading. */
static void
recorded (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Read *r = g_task_get_task_data (task);
  g_autoptr(JsonNode) node = lim_client_send_finish (LIM_CLIENT (source), result, NULL, NULL);
  PublicView v;

  public_view (node, r->cache.schema_id, r->cache.registry_id, r->cache.revision_field, r->cache.lock_field, &v);
  if (v.digest && g_strcmp0 (v.revision, r->cache.revision) == 0 && g_strcmp0 (v.lock, r->cache.lock) == 0)
    {
      r->cache.digest = g_strdup (v.digest);
      r->cache.modified_at = g_strdup (v.modified_at);
      cache_store (r->client, &r->cache);
    }
  public_view_clear (&v);
  finish (task, r->state, r->message);
}

static void
fetched (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Read *r = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(LimSnapshot) model = lim_remote_fetch_finish (LIM_CLIENT (source), result, &error);
  const char *marker;

  if (model == NULL)
    {
      finish (task, state_for_error (error), error->message);
      return;
    }
  if (r->with_model)
    r->status->model = lim_snapshot_ref (model);
  r->status->lock = lim_lock_from_snapshot (model);
  marker = lim_marker_get_revision_id (model, &error);
  if (marker == NULL)
    {
      g_autofree char *message = NULL;
      if (g_error_matches (error, LIM_SNAPSHOT_ERROR, LIM_SNAPSHOT_ERROR_REMOTE) &&
          lim_snapshot_lookup_schema (model, LIM_SNAPSHOT_REMOTE_SCHEMA) == NULL)
        {
          message = g_strdup_printf (_("Tenant %s has no liminal_remote revision marker. If it already matches a "
                                       "revision, adopt it with “liminal stamp %s REVISION”."),
                                     lim_tenant_get_alias (r->tenant), lim_tenant_get_alias (r->tenant));
          finish (task, LIM_TENANT_STATE_NO_MARKER, message);
        }
      else
        finish (task, LIM_TENANT_STATE_ERROR, error ? error->message : NULL);
      return;
    }
  judge (r, marker, &r->state, &r->message);
  /* Learn where the marker lives, for the next reading's shortcut. */
  if (!r->with_model && cache_enabled () && cache_from_snapshot (r, model, marker))
    {
      g_autofree char *path = g_strdup_printf ("/api/v2/entity-schemas/%s", r->cache.schema_id);
      lim_client_send_async (r->client, LIM_CLIENT_REALM_PUBLIC, "GET", path, NULL, LIM_CLIENT_FLAGS_NONE,
                             g_task_get_cancellable (task), recorded, g_object_ref (task));
      return;
    }
  finish (task, r->state, r->message);
}

static void
read_everything (GTask *task)
{
  Read *r = g_task_get_task_data (task);

  lim_remote_fetch_async (r->client, LIM_FETCH_MARKER_ONLY, g_task_get_cancellable (task), fetched,
                          g_object_ref (task));
}

/* The shortcut's answer: the marker, or a reason to read everything. */
static void
shortcut_read (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Read *r = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = lim_client_send_finish (LIM_CLIENT (source), result, NULL, &error);
  LimTenantState state;
  g_autofree char *message = NULL;
  PublicView v;
  gboolean same;

  if (node == NULL && error && !g_error_matches (error, LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_NOT_FOUND) &&
      !g_error_matches (error, LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_HTTP) &&
      !g_error_matches (error, LIM_CLIENT_ERROR, LIM_CLIENT_ERROR_INVALID_RESPONSE))
    {
      finish (task, state_for_error (error), error->message);
      return;
    }
  public_view (node, r->cache.schema_id, r->cache.registry_id, r->cache.revision_field, r->cache.lock_field, &v);
  /* The schema the last full reading found, unchanged but for the
   * marker and the lock; a new modifiedAt needs a visible reason. */
  same = v.digest && g_strcmp0 (v.digest, r->cache.digest) == 0 &&
         (g_strcmp0 (v.modified_at, r->cache.modified_at) == 0 || g_strcmp0 (v.revision, r->cache.revision) != 0 ||
          g_strcmp0 (v.lock, r->cache.lock) != 0);
  if (!same)
    {
      g_debug ("%s: the cached liminal_remote %s %s; reading every tag schema", lim_tenant_get_alias (r->tenant),
               r->cache.schema_id, node == NULL ? "is gone" : "changed");
      public_view_clear (&v);
      cache_store (r->client, NULL);
      marker_cache_clear (&r->cache);
      read_everything (task);
      return;
    }
  if (g_strcmp0 (v.modified_at, r->cache.modified_at) != 0)
    {
      g_free (r->cache.modified_at);
      r->cache.modified_at = g_strdup (v.modified_at);
      g_free (r->cache.revision);
      r->cache.revision = g_strdup (v.revision);
      g_free (r->cache.lock);
      r->cache.lock = g_strdup (v.lock);
      cache_store (r->client, &r->cache);
    }
  r->status->lock = lim_lock_parse (v.lock);
  judge (r, v.revision, &state, &message);
  public_view_clear (&v);
  finish (task, state, message);
}

static void
send_shortcut (GTask *task)
{
  Read *r = g_task_get_task_data (task);
  g_autofree char *path = g_strdup_printf ("/api/v2/entity-schemas/%s", r->cache.schema_id);

  lim_client_send_async (r->client, LIM_CLIENT_REALM_PUBLIC, "GET", path, NULL, LIM_CLIENT_FLAGS_NONE,
                         g_task_get_cancellable (task), shortcut_read, g_object_ref (task));
}

/* The kept token, if any: "EXPIRES TOKEN". */
static void
token_found (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Read *r = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *secret = secret_password_lookup_finish (result, &error);
  const char *space = secret ? strchr (secret, ' ') : NULL;

  keyring_end (r);
  if (error)
    g_debug ("No access token from the keyring: %s", error->message);
  if (space && space[1] != '\0')
    {
      gint64 expires = g_ascii_strtoll (secret, NULL, 10);

      r->kept_token = g_strdup (space + 1);
      lim_client_set_access_token (r->client, r->kept_token, expires);
    }
  if (secret)
    secret_password_free (secret);
  send_shortcut (task);
}

static void
status_read (LimTenant          *tenant,
             LimClient          *client,
             LimTimeline        *timeline,
             gboolean            with_model,
             GCancellable       *cancellable,
             GAsyncReadyCallback callback,
             gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  Read *r;

  g_return_if_fail (tenant != NULL);
  g_return_if_fail (LIM_IS_CLIENT (client));
  g_return_if_fail (timeline != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  r = g_new0 (Read, 1);
  r->tenant = lim_tenant_ref (tenant);
  r->timeline = lim_timeline_ref (timeline);
  r->client = g_object_ref (client);
  r->status = status_new (tenant, timeline);
  r->started = g_get_monotonic_time ();
  r->requests_before = lim_client_get_stats (client)->total;
  r->with_model = with_model;
  g_task_set_source_tag (task, lim_tenant_status_read_async);
  g_task_set_task_data (task, r, read_free);
  /* A reading never fails: cancelled, it still returns its status (the
   * cancellation as a state), which g_task_propagate_pointer() would
   * otherwise drop for a NULL. */
  g_task_set_check_cancellable (task, FALSE);
  if (!with_model && cache_load (client, &r->cache))
    {
      if (token_keyring_usable (r))
        {
          const char *client_id = lim_client_get_client_id (client);
          secret_password_lookup (token_schema (), keyring_begin (task), token_found, g_object_ref (task), "url",
                                  lim_client_get_base_url (client), "client-id", client_id ? client_id : "", "kind",
                                  TOKEN_KIND, NULL);
          return;
        }
      send_shortcut (task);
      return;
    }
  read_everything (task);
}

void
lim_tenant_status_read_async (LimTenant          *tenant,
                              LimClient          *client,
                              LimTimeline        *timeline,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  status_read (tenant, client, timeline, FALSE, cancellable, callback, user_data);
}

void
lim_tenant_status_read_full_async (LimTenant          *tenant,
                                   LimClient          *client,
                                   LimTimeline        *timeline,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
  status_read (tenant, client, timeline, TRUE, cancellable, callback, user_data);
}

LimTenantStatus *
lim_tenant_status_read_finish (GAsyncResult *result)
{
  return g_task_propagate_pointer (G_TASK (result), NULL);
}

LimTenantStatus *
lim_tenant_status_new_from_error (LimTenant    *tenant,
                                  LimTimeline  *timeline,
                                  const GError *error)
{
  LimTenantStatus *status;

  g_return_val_if_fail (tenant != NULL, NULL);
  g_return_val_if_fail (timeline != NULL, NULL);
  g_return_val_if_fail (error != NULL, NULL);

  status = status_new (tenant, timeline);
  status->state = state_for_error (error);
  status->message = g_strdup (error->message);
  return status;
}
