/* lim-keyring.c — tenant secrets in the desktop keyring (libsecret), as
 * GTask chains.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <libsecret/secret.h>

#include "lim-keyring.h"
#include "lim-tenant-private.h"

/* The kind of a single sign-on session's entry (LIM_TENANT_SECRET_SESSION
 * inside this file): its secret is "EXPIRES\nCSRF\nCOOKIE". */
#define SSO_SESSION_KIND "sso-session"

static const char *const secret_keyring_kinds[LIM_TENANT_N_SECRETS] = {
  "client-secret", "admin-password", NULL, NULL,
};

const char *
lim_tenant_keyring_kind_to_string (LimTenantSecretKind kind)
{
  g_return_val_if_fail (kind < LIM_TENANT_N_SECRETS, NULL);
  return secret_keyring_kinds[kind];
}

static const SecretSchema *
keyring_schema (void)
{
  static const SecretSchema schema = {
    LIM_TENANT_KEYRING_SCHEMA, SECRET_SCHEMA_NONE,
    {
      { "url", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "client-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      /* An admin password belongs to a user too. */
      { "admin-email", SECRET_SCHEMA_ATTRIBUTE_STRING },
      /* Entries written before the identity key. */
      { "project-dir", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "alias", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

typedef enum {
  KEYRING_STORE,
  KEYRING_LOOKUP,
  KEYRING_CLEAR,
} KeyringWhat;

typedef struct
{
  KeyringWhat         what;
  char               *url;           /* the identity */
  char               *client_id;     /* "" when the tenant has none */
  char               *admin_email;   /* admin passwords only, else "" */
  char               *project_dir;   /* old entries: "" = every project */
  char               *alias;
  LimKeyringScope     scope;         /* CLEAR */
  LimTenantSecretKind kind;
  const char         *kind_name;     /* the "kind" attribute */
  char               *secret;        /* STORE */
  char               *label;         /* STORE */
  SecretService      *service;
  GList              *to_delete;     /* CLEAR: SecretItem*, owned */
  gboolean            removed;
  gulong              cancel_id;
  gint                returned;      /* atomic: the task has its result */
  gboolean            legacy;        /* LOOKUP, CLEAR: searching the old key's entries */
} KeyringOp;

static void
keyring_op_free (KeyringOp *op)
{
  g_free (op->url);
  g_free (op->client_id);
  g_free (op->admin_email);
  g_free (op->project_dir);
  g_free (op->alias);
  lim_tenant_secret_free (op->secret);
  g_free (op->label);
  g_clear_object (&op->service);
  g_list_free_full (op->to_delete, g_object_unref);
  g_free (op);
}

/* TRUE once: the caller that gets it returns the task's result. */
static gboolean
keyring_claim (KeyringOp *op)
{
  return g_atomic_int_compare_and_exchange (&op->returned, 0, 1);
}

/* Attributes every search has: the kind. */
static GHashTable *
keyring_search_attributes (KeyringOp *op)
{
  GHashTable *attributes = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (attributes, (char *) "kind", (char *) op->kind_name);
  return attributes;
}

/* The entries of the older key for this tenant's alias (of any project:
 * item_is_legacy() tells them apart).  Searches are always the tenant's
 * own: no secret of another tenant is loaded, and no search meets an
 * entry another process is removing (which libsecret mishandles). */
static GHashTable *
legacy_attributes (KeyringOp *op)
{
  GHashTable *attributes = keyring_search_attributes (op);

  g_hash_table_insert (attributes, (char *) "alias", op->alias);
  return attributes;
}

/* An attribute of @item, "" when it has none. */
static char *
item_attribute (SecretItem *item,
                const char *name)
{
  g_autoptr(GHashTable) attributes = secret_item_get_attributes (item);
  const char *value = attributes != NULL ? g_hash_table_lookup (attributes, name) : NULL;

  return g_strdup (value ? value : "");
}

/* The entry keyed by the tenant's identity. */
static gboolean
item_is_identity (KeyringOp  *op,
                  SecretItem *item)
{
  g_autofree char *url = item_attribute (item, "url");
  g_autofree char *client_id = item_attribute (item, "client-id");
  g_autofree char *admin_email = item_attribute (item, "admin-email");

  return *url != '\0' && strcmp (url, op->url) == 0 && strcmp (client_id, op->client_id) == 0 &&
         strcmp (admin_email, op->admin_email) == 0;
}

/* An entry written before the identity key, for the tenant's alias and
 * the project @dir ("" = every project). */
static gboolean
item_is_legacy (KeyringOp  *op,
                SecretItem *item,
                const char *dir)
{
  g_autofree char *url = item_attribute (item, "url");
  g_autofree char *alias = item_attribute (item, "alias");
  g_autofree char *item_dir = item_attribute (item, "project-dir");

  return *url == '\0' && strcmp (alias, op->alias) == 0 && strcmp (item_dir, dir) == 0;
}

static GHashTable *
identity_attributes (KeyringOp *op)
{
  GHashTable *attributes = keyring_search_attributes (op);

  g_hash_table_insert (attributes, (char *) "url", op->url);
  g_hash_table_insert (attributes, (char *) "client-id", op->client_id);
  if (*op->admin_email != '\0')
    g_hash_table_insert (attributes, (char *) "admin-email", op->admin_email);
  return attributes;
}

static char *
identity_label (KeyringOp *op)
{
  const char *what = op->kind == LIM_TENANT_SECRET_SESSION ? "single sign-on session"
                                                           : lim_tenant_secret_kind_label (op->kind);

  if (*op->client_id != '\0')
    return g_strdup_printf ("Liminal: %s of tenant “%s” (%s, client %s)", what, op->alias, op->url, op->client_id);
  return g_strdup_printf ("Liminal: %s of tenant “%s” (%s)", what, op->alias, op->url);
}

/* Returns the "unreachable" result of @task: an error for a store, "not
 * found" for the others; cancellation stays an error.  Takes @task. */
static void
keyring_return_unreachable (GTask        *task,
                            const GError *error)
{
  KeyringOp *op = g_task_get_task_data (task);

  if (keyring_claim (op))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_error_copy (error));
      else if (op->what == KEYRING_STORE)
        g_task_return_new_error (task, error->domain, error->code,
                                 "Cannot store the secret in the desktop keyring: %s", error->message);
      else
        {
          g_debug ("Desktop keyring not available: %s", error->message);
          if (op->what == KEYRING_LOOKUP)
            g_task_return_pointer (task, NULL, NULL);
          else
            g_task_return_boolean (task, FALSE);
        }
    }
  g_object_unref (task);
}

/* store */

static void
keyring_store_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  KeyringOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!secret_service_store_finish (SECRET_SERVICE (source), result, &error))
    {
      keyring_return_unreachable (task, error);
      return;
    }
  if (keyring_claim (op))
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

/* lookup */

/* The copy of an old entry under the identity key is done: return the
 * secret whatever became of it. */
static void
keyring_migrated_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  KeyringOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!secret_service_store_finish (SECRET_SERVICE (source), result, &error))
    g_debug ("Could not copy an old keyring entry to the tenant's identity: %s", error->message);
  if (keyring_claim (op))
    g_task_return_pointer (task, g_steal_pointer (&op->secret), (GDestroyNotify) lim_tenant_secret_free);
  g_object_unref (task);
}

static void
keyring_lookup_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  KeyringOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GList *items = secret_service_search_finish (SECRET_SERVICE (source), result, &error);
  SecretItem *identity = NULL;
  SecretItem *exact = NULL;
  SecretItem *global = NULL;
  SecretItem *chosen;
  char *copy = NULL;

  if (error != NULL)
    {
      keyring_return_unreachable (task, error);
      return;
    }

  for (GList *l = items; l != NULL; l = l->next)
    {
      if (!op->legacy)
        {
          if (identity == NULL && item_is_identity (op, l->data))
            identity = l->data;
        }
      else if (exact == NULL && *op->project_dir != '\0' && item_is_legacy (op, l->data, op->project_dir))
        exact = l->data;
      else if (global == NULL && item_is_legacy (op, l->data, ""))
        global = l->data;
    }
  /* Not under the identity: under the old key?  (Sessions have none.) */
  if (identity == NULL && !op->legacy && op->kind != LIM_TENANT_SECRET_SESSION &&
      !g_atomic_int_get (&op->returned))
    {
      g_autoptr(GHashTable) attributes = legacy_attributes (op);

      g_list_free_full (items, g_object_unref);
      op->legacy = TRUE;
      secret_service_search (op->service, keyring_schema (), attributes,
                             SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS,
                             g_task_get_cancellable (task), keyring_lookup_cb, task);
      return;
    }
  chosen = identity != NULL ? identity : exact != NULL ? exact : global;
  if (chosen != NULL)
    {
      SecretValue *value = secret_item_get_secret (chosen);
      const char *text = value != NULL ? secret_value_get_text (value) : NULL;

      copy = lim_tenant_nonempty_dup (text);
      if (value != NULL)
        secret_value_unref (value);
    }
  g_list_free_full (items, g_object_unref);

  /* Found only under the old key: copy it to the identity, so that moving
   * the project later keeps it. */
  if (copy != NULL && chosen != identity && !g_atomic_int_get (&op->returned))
    {
      g_autoptr(GHashTable) attributes = identity_attributes (op);
      g_autofree char *label = identity_label (op);
      SecretValue *value = secret_value_new (copy, -1, "text/plain");

      op->secret = copy;
      secret_service_store (op->service, keyring_schema (), attributes, SECRET_COLLECTION_DEFAULT, label, value,
                            g_task_get_cancellable (task), keyring_migrated_cb, task);
      secret_value_unref (value);
      return;
    }

  if (keyring_claim (op))
    g_task_return_pointer (task, copy, (GDestroyNotify) lim_tenant_secret_free);
  else
    lim_tenant_secret_free (copy);
  g_object_unref (task);
}

/* clear */

static void keyring_clear_next (GTask *task);

static void
keyring_delete_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  KeyringOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (secret_item_delete_finish (SECRET_ITEM (source), result, &error))
    op->removed = TRUE;
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      keyring_return_unreachable (task, error);
      return;
    }
  else
    g_debug ("Cannot remove a desktop keyring entry: %s", error->message);
  keyring_clear_next (task);
}

/* Takes @task. */
static void
keyring_clear_next (GTask *task)
{
  KeyringOp *op = g_task_get_task_data (task);
  SecretItem *item;

  if (op->to_delete == NULL)
    {
      if (keyring_claim (op))
        g_task_return_boolean (task, op->removed);
      g_object_unref (task);
      return;
    }
  item = op->to_delete->data;
  op->to_delete = g_list_delete_link (op->to_delete, op->to_delete);
  secret_item_delete (item, g_task_get_cancellable (task), keyring_delete_cb, task);
  g_object_unref (item);
}

static void
keyring_clear_search_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  GTask *task = user_data;
  KeyringOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GList *items = secret_service_search_finish (SECRET_SERVICE (source), result, &error);

  if (error != NULL)
    {
      keyring_return_unreachable (task, error);
      return;
    }
  for (GList *l = items; l != NULL; l = l->next)
    {
      if ((!op->legacy && item_is_identity (op, l->data)) ||
          (op->legacy && item_is_legacy (op, l->data, op->project_dir)))
        op->to_delete = g_list_prepend (op->to_delete, g_object_ref (l->data));
    }
  g_list_free_full (items, g_object_unref);
  /* The identity's entries found: now the old key's, if asked. */
  if (!op->legacy && (op->scope & LIM_KEYRING_SCOPE_LEGACY) && op->kind != LIM_TENANT_SECRET_SESSION)
    {
      g_autoptr(GHashTable) attributes = legacy_attributes (op);

      op->legacy = TRUE;
      secret_service_search (op->service, keyring_schema (), attributes, SECRET_SEARCH_ALL,
                             g_task_get_cancellable (task), keyring_clear_search_cb, task);
      return;
    }
  keyring_clear_next (task);
}

/* start */

static void
keyring_cancelled_cb (GCancellable *cancellable,
                      gpointer      user_data)
{
  GTask *task = user_data;

  if (keyring_claim (g_task_get_task_data (task)))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");
}

static void
keyring_service_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  KeyringOp *op = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  op->service = secret_service_get_finish (result, &error);
  if (op->cancel_id != 0)
    {
      g_cancellable_disconnect (cancellable, op->cancel_id);
      op->cancel_id = 0;
    }
  if (g_atomic_int_get (&op->returned))
    {
      g_object_unref (task);   /* cancelled while connecting */
      return;
    }
  if (op->service == NULL)
    {
      keyring_return_unreachable (task, error);
      return;
    }

  /* A store is keyed by the identity; lookups and clears search the
   * identity's entries, then those of the older key for the alias
   * (legacy_attributes()) when they need them. */
  op->legacy = op->what == KEYRING_CLEAR && !(op->scope & LIM_KEYRING_SCOPE_IDENTITY);
  attributes = op->legacy ? legacy_attributes (op) : identity_attributes (op);
  switch (op->what)
    {
    case KEYRING_STORE:
      {
        SecretValue *value = secret_value_new (op->secret, -1, "text/plain");

        secret_service_store (op->service, keyring_schema (), attributes, SECRET_COLLECTION_DEFAULT,
                              op->label, value, cancellable, keyring_store_cb, task);
        secret_value_unref (value);
        lim_tenant_secret_clear (&op->secret);
      }
      break;
    case KEYRING_LOOKUP:
      secret_service_search (op->service, keyring_schema (), attributes,
                             SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS,
                             cancellable, keyring_lookup_cb, task);
      break;
    case KEYRING_CLEAR:
    default:
      secret_service_search (op->service, keyring_schema (), attributes, SECRET_SEARCH_ALL,
                             cancellable, keyring_clear_search_cb, task);
      break;
    }
}

/* The service is obtained without the caller's cancellable: GLib caches a
 * session bus whose first connection was cancelled, and every later call
 * would fail.  Cancelling while it connects returns at once instead. */
static void
keyring_start (KeyringWhat         what,
               LimTenant          *tenant,
               const char         *project_dir,
               LimKeyringScope     scope,
               LimTenantSecretKind kind,
               const char         *secret,
               gpointer            source_tag,
               GCancellable       *cancellable,
               GAsyncReadyCallback callback,
               gpointer            user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  KeyringOp *op = g_new0 (KeyringOp, 1);
  const char *client_id = lim_tenant_get_client_id (tenant);

  g_task_set_source_tag (task, source_tag);
  op->what = what;
  op->url = g_strdup (lim_tenant_get_base_url (tenant));
  op->client_id = g_strdup (client_id ? client_id : "");
  /* Two tenants of one OAuth client may sign in as different users. */
  op->admin_email = g_strdup (kind == LIM_TENANT_SECRET_ADMIN_PASSWORD && lim_tenant_get_admin_email (tenant) != NULL ?
                              lim_tenant_get_admin_email (tenant) : "");
  op->project_dir = g_strdup (project_dir ? project_dir : "");
  op->alias = g_strdup (lim_tenant_get_alias (tenant));
  op->scope = scope;
  op->kind = kind;
  op->kind_name = kind == LIM_TENANT_SECRET_SESSION ? SSO_SESSION_KIND : secret_keyring_kinds[kind];
  op->secret = g_strdup (secret);
  if (what == KEYRING_STORE)
    op->label = identity_label (op);
  g_task_set_task_data (task, op, (GDestroyNotify) keyring_op_free);

  if (g_cancellable_is_cancelled (cancellable))
    {
      keyring_claim (op);
      g_task_return_error_if_cancelled (task);
      g_object_unref (task);
      return;
    }
  if (cancellable != NULL)
    op->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (keyring_cancelled_cb),
                                           g_object_ref (task), g_object_unref);
  secret_service_get (SECRET_SERVICE_NONE, NULL, keyring_service_cb, task);
}

static gboolean
keyring_kind_ok (LimTenant          *tenant,
                 LimTenantSecretKind kind)
{
  return tenant != NULL && kind < LIM_TENANT_N_SECRETS && secret_keyring_kinds[kind] != NULL;
}

void
lim_tenant_keyring_store (LimTenant          *tenant,
                          LimTenantSecretKind kind,
                          const char         *secret,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  g_return_if_fail (keyring_kind_ok (tenant, kind));
  g_return_if_fail (secret != NULL);

  keyring_start (KEYRING_STORE, tenant, NULL, LIM_KEYRING_SCOPE_IDENTITY, kind, secret, lim_tenant_keyring_store,
                 cancellable, callback, user_data);
}

gboolean
lim_tenant_keyring_store_finish (GAsyncResult *result,
                                 GError      **error)
{
  g_return_val_if_fail (g_async_result_is_tagged (result, lim_tenant_keyring_store), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
lim_tenant_keyring_lookup (LimTenant          *tenant,
                           const char         *project_dir,
                           LimTenantSecretKind kind,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_return_if_fail (keyring_kind_ok (tenant, kind));

  keyring_start (KEYRING_LOOKUP, tenant, project_dir, LIM_KEYRING_SCOPE_ALL, kind, NULL, lim_tenant_keyring_lookup,
                 cancellable, callback, user_data);
}

char *
lim_tenant_keyring_lookup_finish (GAsyncResult *result,
                                  GError      **error)
{
  g_return_val_if_fail (g_async_result_is_tagged (result, lim_tenant_keyring_lookup), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
lim_tenant_keyring_clear (LimTenant          *tenant,
                          const char         *project_dir,
                          LimKeyringScope     scope,
                          LimTenantSecretKind kind,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  g_return_if_fail (keyring_kind_ok (tenant, kind));

  keyring_start (KEYRING_CLEAR, tenant, project_dir, scope, kind, NULL, lim_tenant_keyring_clear,
                 cancellable, callback, user_data);
}

gboolean
lim_tenant_keyring_clear_finish (GAsyncResult *result,
                                 GError      **error)
{
  g_return_val_if_fail (g_async_result_is_tagged (result, lim_tenant_keyring_clear), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
keyring_cleared_unattended_cb (GObject      *source,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  const char *what = user_data;
  g_autoptr(GError) error = NULL;

  /* FALSE without an error: there was nothing to clear. */
  if (!lim_tenant_keyring_clear_finish (result, &error) && error != NULL)
    g_debug ("Could not clear %s: %s", what, error->message);
}

void
lim_tenant_keyring_clear_unattended (LimTenant          *tenant,
                                     const char         *project_dir,
                                     LimKeyringScope     scope,
                                     LimTenantSecretKind kind,
                                     const char         *what)
{
  lim_tenant_keyring_clear (tenant, project_dir, scope, kind, NULL, keyring_cleared_unattended_cb, (gpointer) what);
}

gboolean
lim_tenant_keyring_identity_shared (LimTenant  *tenant,
                                    GPtrArray  *tenants,
                                    const char *except_alias)
{
  g_return_val_if_fail (tenant != NULL, FALSE);
  g_return_val_if_fail (tenants != NULL, FALSE);

  for (guint i = 0; i < tenants->len; i++)
    {
      LimTenant *other = g_ptr_array_index (tenants, i);

      if (g_strcmp0 (lim_tenant_get_alias (other), except_alias) != 0 &&
          g_strcmp0 (lim_tenant_get_base_url (other), lim_tenant_get_base_url (tenant)) == 0 &&
          g_strcmp0 (lim_tenant_get_client_id (other), lim_tenant_get_client_id (tenant)) == 0)
        return TRUE;
    }
  return FALSE;
}

/* ---------------------------------------------------------------- single sign-on sessions */

void
lim_tenant_keyring_store_session (LimTenant          *tenant,
                                  const LimSession   *session,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
  g_autofree char *secret = NULL;

  g_return_if_fail (tenant != NULL);
  g_return_if_fail (session != NULL && session->cookie != NULL && session->csrf_token != NULL);
  g_return_if_fail (strchr (session->csrf_token, '\n') == NULL && strchr (session->cookie, '\n') == NULL);

  secret = g_strdup_printf ("%" G_GINT64_FORMAT "\n%s\n%s", session->expires_at, session->csrf_token,
                            session->cookie);
  keyring_start (KEYRING_STORE, tenant, NULL, LIM_KEYRING_SCOPE_IDENTITY, LIM_TENANT_SECRET_SESSION, secret,
                 lim_tenant_keyring_store_session, cancellable, callback, user_data);
  memset (secret, 0, strlen (secret));
}

gboolean
lim_tenant_keyring_store_session_finish (GAsyncResult *result,
                                         GError      **error)
{
  g_return_val_if_fail (g_async_result_is_tagged (result, lim_tenant_keyring_store_session), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
keyring_session_found (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *secret = g_task_propagate_pointer (G_TASK (result), &error);
  g_auto(GStrv) parts = NULL;

  (void) source;
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (secret == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  parts = g_strsplit (secret, "\n", 3);
  lim_tenant_secret_free (secret);
  if (g_strv_length (parts) != 3 || !g_ascii_isdigit (parts[0][0]) || *parts[1] == '\0' || *parts[2] == '\0')
    g_task_return_pointer (task, NULL, NULL);   /* not ours to read: as if absent */
  else
    g_task_return_pointer (task, lim_session_new (parts[2], parts[1], g_ascii_strtoll (parts[0], NULL, 10)),
                           (GDestroyNotify) lim_session_free);
  for (guint i = 0; parts[i] != NULL; i++)
    memset (parts[i], 0, strlen (parts[i]));
}

void
lim_tenant_keyring_lookup_session (LimTenant          *tenant,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (tenant != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, lim_tenant_keyring_lookup_session);
  keyring_start (KEYRING_LOOKUP, tenant, NULL, LIM_KEYRING_SCOPE_IDENTITY, LIM_TENANT_SECRET_SESSION, NULL,
                 lim_tenant_keyring_lookup, cancellable, keyring_session_found, task);
}

LimSession *
lim_tenant_keyring_lookup_session_finish (GAsyncResult *result,
                                          GError      **error)
{
  g_return_val_if_fail (g_async_result_is_tagged (result, lim_tenant_keyring_lookup_session), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
lim_tenant_keyring_clear_session (LimTenant          *tenant,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
  g_return_if_fail (tenant != NULL);

  keyring_start (KEYRING_CLEAR, tenant, NULL, LIM_KEYRING_SCOPE_IDENTITY, LIM_TENANT_SECRET_SESSION, NULL,
                 lim_tenant_keyring_clear_session, cancellable, callback, user_data);
}

gboolean
lim_tenant_keyring_clear_session_finish (GAsyncResult *result,
                                         GError      **error)
{
  g_return_val_if_fail (g_async_result_is_tagged (result, lim_tenant_keyring_clear_session), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
