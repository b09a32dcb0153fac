/* lim-status.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

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

typedef struct
{
  LimTenant       *tenant;
  LimTimeline     *timeline;
  LimClient       *client;
  LimTenantStatus *status;
  gint64           started;
  guint            requests_before;
} Read;

static void
read_free (gpointer data)
{
  Read *r = data;
  lim_tenant_unref (r->tenant);
  lim_timeline_unref (r->timeline);
  g_clear_object (&r->client);
  lim_tenant_status_free (r->status);
  g_free (r);
}

static void
finish (GTask         *task,
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

static LimTenantState
state_for_error (const GError *error)
{
  if (error->domain == LIM_CLIENT_ERROR)
    switch (error->code)
      {
      case LIM_CLIENT_ERROR_AUTH:
      case LIM_CLIENT_ERROR_SSO:
        return LIM_TENANT_STATE_SIGN_IN_FAILED;
      case LIM_CLIENT_ERROR_NETWORK:
      case LIM_CLIENT_ERROR_RATE_LIMITED:
      case LIM_CLIENT_ERROR_TIMEOUT:
        return LIM_TENANT_STATE_UNREACHABLE;
      default:
        return LIM_TENANT_STATE_ERROR;
      }
  if (error->domain == LIM_TENANT_ERROR)
    return LIM_TENANT_STATE_NOT_CONFIGURED;
  return LIM_TENANT_STATE_ERROR;
}

char *
lim_tenant_status_describe_lock (const LimTenantStatus *status)
{
  return status->lock ? lim_lock_describe (status->lock) : NULL;
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
  LimRevision *rev;
  int position, head;

  if (model == NULL)
    {
      finish (task, state_for_error (error), error->message);
      return;
    }
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
  r->status->revision = g_strdup (marker);
  rev = lim_timeline_lookup (r->timeline, marker);
  if (rev == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Tenant %s is at revision %s, which is not in this project's "
                                                    "history."), lim_tenant_get_alias (r->tenant), marker);
      finish (task, LIM_TENANT_STATE_UNKNOWN_REVISION, message);
      return;
    }
  r->status->description = g_strdup (lim_revision_get_description (rev));
  position = lim_timeline_position (r->timeline, marker);
  head = (int) lim_timeline_get_n_revisions (r->timeline) - 1;
  r->status->behind = head - position;
  finish (task, r->status->behind == 0 ? LIM_TENANT_STATE_UP_TO_DATE : LIM_TENANT_STATE_BEHIND, NULL);
}

void
lim_tenant_status_read_async (LimTenant          *tenant,
                              LimClient          *client,
                              LimTimeline        *timeline,
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
  g_task_set_source_tag (task, lim_tenant_status_read_async);
  g_task_set_task_data (task, r, read_free);
  /* A reading never fails: cancelled, it still returns its status (the
   * cancellation as a state), which g_task_propagate_pointer() would
   * otherwise drop for a NULL. */
  g_task_set_check_cancellable (task, FALSE);
  lim_remote_fetch_async (client, LIM_FETCH_MARKER_ONLY, cancellable, fetched, g_object_ref (task));
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
