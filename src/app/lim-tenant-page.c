/* lim-tenant-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lim-json.h"
#include "lim-report.h"
#include "lim-report-window.h"
#include "lim-revision-row.h"
#include "lim-run-record.h"
#include "lim-run.h"
#include "lim-status-badge.h"
#include "lim-tenant-page.h"

struct _LimTenantPage
{
  GtkWidget parent_instance;

  /* Owned References */
  LimTenantItem *item;
  LimWorkspace  *workspace;
  LimProject    *project;
  LimTimeline   *timeline;
  GListModel    *items;
  gulong         notify_status_id;
  gulong         notify_loading_id;

  /* Template Widgets */
  AdwLeaflet      *leaflet;
  GtkWidget       *timeline_pane;
  GtkWidget       *review_pane;
  GtkLabel        *alias_label;
  GtkSpinner      *spinner;
  GtkLabel        *status_label;
  GtkLabel        *lock_label;
  GtkLabel        *gate_label;
  GtkWidget       *unfinished_box;
  GtkLabel        *unfinished_label;
  GtkWidget       *activity_heading;
  GtkWidget       *activity_scrolled;
  GtkListBox      *activity_list;
  GtkLabel        *url_label;
  GtkLabel        *message_label;
  GtkWidget       *upgrade_button;
  GtkWidget       *dry_run_button;
  GtkWidget       *generate_button;
  GtkWidget       *adopt_button;
  GtkListBox      *timeline_list;
  GtkStack        *review_stack;
  LimRevisionView *revision_view;
};

G_DEFINE_FINAL_TYPE (LimTenantPage, lim_tenant_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CAN_NAVIGATE_BACK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
lim_tenant_page_new (void)
{
  return g_object_new (LIM_TYPE_TENANT_PAGE, NULL);
}

LimTenantItem *
lim_tenant_page_get_item (LimTenantPage *self)
{
  g_return_val_if_fail (LIM_IS_TENANT_PAGE (self), NULL);

  return self->item;
}

LimRevisionView *
lim_tenant_page_get_revision_view (LimTenantPage *self)
{
  g_return_val_if_fail (LIM_IS_TENANT_PAGE (self), NULL);

  return self->revision_view;
}

GtkListBox *
lim_tenant_page_get_timeline_list (LimTenantPage *self)
{
  g_return_val_if_fail (LIM_IS_TENANT_PAGE (self), NULL);

  return self->timeline_list;
}

GtkListBox *
lim_tenant_page_get_activity_list (LimTenantPage *self)
{
  g_return_val_if_fail (LIM_IS_TENANT_PAGE (self), NULL);

  return self->activity_list;
}

/* Upgrade to Here only above the tenant's marker, Downgrade to Here only
 * below it. */
static void
update_run_directions (LimTenantPage *self)
{
  LimRevision *revision = lim_revision_view_get_revision (self->revision_view);
  const char *marker = self->item != NULL ? lim_tenant_item_get_revision (self->item) : NULL;
  int at = -1, here = -1;

  if (revision != NULL && marker != NULL && self->timeline != NULL)
    {
      at = lim_timeline_position (self->timeline, marker);
      here = lim_timeline_position (self->timeline, lim_revision_get_id (revision));
    }

  lim_revision_view_set_run_directions (self->revision_view,
                                        at >= 0 && here > at,
                                        at >= 0 && here >= 0 && here < at);
}

static void
update_header (LimTenantPage *self)
{
  LimTenant *tenant;
  const LimTenantStatus *status;
  gboolean loading;

  if (self->item == NULL)
    return;

  tenant = lim_tenant_item_get_tenant (self->item);
  status = lim_tenant_item_get_status (self->item);
  loading = lim_tenant_item_get_loading (self->item);

  gtk_label_set_text (self->alias_label, lim_tenant_get_alias (tenant));
  gtk_label_set_text (self->url_label, lim_tenant_get_base_url (tenant));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->url_label), lim_tenant_get_base_url (tenant));

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), loading);
  gtk_spinner_set_spinning (self->spinner, loading);

  lim_status_badge_update (self->status_label, self->item);

  {
    gboolean no_marker = status != NULL && status->state == LIM_TENANT_STATE_NO_MARKER;

    gtk_widget_set_visible (self->adopt_button, no_marker);
    gtk_widget_set_visible (self->upgrade_button, !no_marker);
    gtk_widget_set_visible (self->dry_run_button, !no_marker);
    gtk_widget_set_visible (self->generate_button, !no_marker);
  }

  {
    /* Another run holds the tenant: say who, since when. */
    g_autofree char *lock = status != NULL && !loading ? lim_tenant_status_describe_lock (status) : NULL;

    if (lock != NULL)
      {
        /* Translators: %s is e.g. "upgrading since 10:42 by ana@ws-3" */
        g_autofree char *text = g_strdup_printf (_("Locked: %s"), lock);

        gtk_label_set_text (self->lock_label, text);
      }
    gtk_widget_set_visible (GTK_WIDGET (self->lock_label), lock != NULL);
  }

  if (status != NULL && !loading && status->waiting_for != NULL)
    {
      /* Translators: gate tenants; "Waiting for test: it has not run every pending revision" */
      g_autofree char *text = g_strdup_printf (_("Waiting for %s: upgrading to head needs them to run the same "
                                                 "revision files first"), status->waiting_for);

      gtk_label_set_text (self->gate_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->gate_label), status != NULL && !loading && status->waiting_for != NULL);

  {
    LimDirection direction = LIM_DIRECTION_UP;
    g_autofree char *to = NULL;
    gboolean unfinished = self->workspace != NULL &&
                          lim_workspace_get_unfinished_run (self->workspace, tenant,
                                                            lim_tenant_item_get_revision (self->item), &direction,
                                                            &to, NULL);

    if (unfinished)
      {
        g_autofree char *sid = lim_run_short_id (to);
        g_autofree char *text = NULL;

        if (direction == LIM_DIRECTION_UP)
          /* Translators: a short revision id */
          text = g_strdup_printf (_("A run stopped here on its way up to %s"), sid);
        else
          /* Translators: a short revision id */
          text = g_strdup_printf (_("A run stopped here on its way down to %s"), sid);
        gtk_label_set_text (self->unfinished_label, text);
      }
    gtk_widget_set_visible (self->unfinished_box, unfinished);
  }

  if (!loading && status != NULL && status->message != NULL && status->message[0] != '\0')
    {
      gtk_label_set_text (self->message_label, status->message);
      gtk_widget_set_visible (GTK_WIDGET (self->message_label), TRUE);
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->message_label), FALSE);
    }
}

static GtkWidget *
activity_row (JsonObject *record)
{
  static const struct { const char *outcome; const char *label; const char *icon; const char *style; } outcomes[] = {
    { "succeeded", N_("Succeeded"), "object-select-symbolic", "success" },
    { "failed", N_("Failed"), "dialog-error-symbolic", "error" },
    { "cancelled", N_("Cancelled"), "media-playback-stop-symbolic", "warning" },
    { "uncertain", N_("Uncertain"), "dialog-question-symbolic", "warning" },
    { "interrupted", N_("Interrupted"), "dialog-warning-symbolic", "warning" },
    { "running", N_("Running"), "content-loading-symbolic", "dim-label" },
  };
  const char *outcome = lim_json_get_string (record, "outcome");
  const char *command = lim_json_get_string (record, "command");
  g_autofree char *from = lim_run_short_id (lim_json_get_string (record, "from"));
  g_autofree char *to = lim_run_short_id (lim_json_get_string (record, "to"));
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  const char *label = outcome, *icon = "dialog-question-symbolic", *style = "dim-label";
  const char *what;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *image;

  for (guint i = 0; i < G_N_ELEMENTS (outcomes); i++)
    if (g_strcmp0 (outcomes[i].outcome, outcome) == 0)
      {
        label = _(outcomes[i].label);
        icon = outcomes[i].icon;
        style = outcomes[i].style;
      }
  if (json_object_get_boolean_member_with_default (record, "dry_run", FALSE))
    what = _("Dry run");
  else if (g_strcmp0 (command, "stamp") == 0)
    what = _("Stamp");
  else if (g_strcmp0 (command, "downgrade") == 0)
    what = _("Downgrade");
  else
    what = _("Upgrade");
  /* Translators: "Upgrade 2c0a6e7 → 4e2c8a9" */
  title = g_strdup_printf (_("%s %s → %s"), what, from, to);
  subtitle = lim_report_summary_line (record);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  image = gtk_image_new_from_icon_name (icon);
  gtk_widget_add_css_class (image, style);
  gtk_widget_set_tooltip_text (image, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (image), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), image);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_widget_add_css_class (row, "activity-row");
  g_object_set_data_full (G_OBJECT (row), "lim-record", json_object_ref (record),
                          (GDestroyNotify) json_object_unref);
  return row;
}

/* The tenant's runs, newest first (the most recent few). */
static void
update_activity (LimTenantPage *self)
{
  g_autofree char *runs_dir = NULL;
  g_autoptr(GPtrArray) records = NULL;
  const char *alias;
  GtkWidget *child;
  guint shown = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->activity_list))) != NULL)
    gtk_list_box_remove (self->activity_list, child);
  if (self->workspace == NULL || self->item == NULL)
    return;
  alias = lim_tenant_item_get_alias (self->item);
  runs_dir = lim_workspace_dup_runs_dir (self->workspace);
  records = lim_run_record_list (runs_dir, NULL, NULL);
  for (guint i = 0; records != NULL && i < records->len && shown < LIM_TENANT_PAGE_ACTIVITY_ROWS; i++)
    {
      JsonObject *record = g_ptr_array_index (records, i);

      if (g_strcmp0 (lim_run_record_get_alias (record), alias) != 0)
        continue;
      gtk_list_box_append (self->activity_list, activity_row (record));
      shown++;
    }
  gtk_widget_set_visible (self->activity_heading, shown > 0);
  gtk_widget_set_visible (self->activity_scrolled, shown > 0);
}

static void
on_activity_row_activated_cb (LimTenantPage *self,
                              GtkListBoxRow *row)
{
  JsonObject *record = g_object_get_data (G_OBJECT (row), "lim-record");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (record != NULL)
    gtk_window_present (GTK_WINDOW (lim_report_window_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                           record)));
}

void
lim_tenant_page_update_marks (LimTenantPage *self)
{
  const char *revision;
  int position = -1;

  g_return_if_fail (LIM_IS_TENANT_PAGE (self));

  if (self->item == NULL || self->timeline == NULL)
    return;

  update_header (self);
  if (!lim_tenant_item_get_loading (self->item))
    update_activity (self);

  revision = lim_tenant_item_get_revision (self->item);
  if (revision != NULL)
    position = lim_timeline_position (self->timeline, revision);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->timeline_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      LimRevisionRow *row;
      const char *id;
      int row_position;
      LimRevisionMark mark;
      g_autoptr(GStrvBuilder) others = g_strv_builder_new ();
      g_auto(GStrv) others_v = NULL;

      if (!LIM_IS_REVISION_ROW (child))
        continue;

      row = LIM_REVISION_ROW (child);
      id = lim_revision_get_id (lim_revision_row_get_revision (row));
      row_position = lim_timeline_position (self->timeline, id);

      if (position < 0)
        mark = LIM_REVISION_MARK_NONE;
      else if (row_position == position)
        mark = LIM_REVISION_MARK_CURRENT;
      else if (row_position > position)
        mark = LIM_REVISION_MARK_PENDING;
      else
        mark = LIM_REVISION_MARK_APPLIED;

      for (guint i = 0; self->items != NULL && i < g_list_model_get_n_items (self->items); i++)
        {
          g_autoptr(LimTenantItem) other = g_list_model_get_item (self->items, i);

          if (other == self->item)
            continue;
          if (g_strcmp0 (lim_tenant_item_get_revision (other), id) == 0)
            g_strv_builder_add (others, lim_tenant_item_get_alias (other));
        }
      others_v = g_strv_builder_end (others);

      lim_revision_row_set_marks (row, mark, (const char *const *) others_v);
    }

  update_run_directions (self);
}

static void
on_item_changed_cb (LimTenantPage *self)
{
  lim_tenant_page_update_marks (self);
}

static void
clear_item (LimTenantPage *self)
{
  if (self->item != NULL)
    {
      g_clear_signal_handler (&self->notify_status_id, self->item);
      g_clear_signal_handler (&self->notify_loading_id, self->item);
    }
  g_clear_object (&self->item);
}

void
lim_tenant_page_set_tenant (LimTenantPage *self,
                            LimTenantItem *item,
                            LimWorkspace  *workspace,
                            GListModel    *items)
{
  LimTimeline *timeline = workspace != NULL ? lim_workspace_get_timeline (workspace) : NULL;
  GtkWidget *child;
  g_autofree char *selected_id = NULL;
  GtkListBoxRow *selected;

  g_return_if_fail (LIM_IS_TENANT_PAGE (self));
  g_return_if_fail (item == NULL || LIM_IS_TENANT_ITEM (item));

  selected = gtk_list_box_get_selected_row (self->timeline_list);
  if (selected != NULL)
    selected_id = g_strdup (lim_revision_get_id (lim_revision_row_get_revision (LIM_REVISION_ROW (selected))));

  clear_item (self);
  g_clear_pointer (&self->project, lim_project_unref);
  g_clear_pointer (&self->timeline, lim_timeline_unref);
  g_clear_object (&self->items);
  g_clear_object (&self->workspace);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->timeline_list))) != NULL)
    gtk_list_box_remove (self->timeline_list, child);

  if (item == NULL || timeline == NULL)
    {
      gtk_stack_set_visible_child_name (self->review_stack, "empty");
      return;
    }

  self->item = g_object_ref (item);
  self->workspace = g_object_ref (workspace);
  self->project = lim_project_ref (lim_workspace_get_project (workspace));
  self->timeline = lim_timeline_ref (timeline);
  self->items = items != NULL ? g_object_ref (items) : NULL;

  self->notify_status_id = g_signal_connect_swapped (item, "notify::status",
                                                     G_CALLBACK (on_item_changed_cb), self);
  self->notify_loading_id = g_signal_connect_swapped (item, "notify::loading",
                                                      G_CALLBACK (on_item_changed_cb), self);

  for (guint n = lim_timeline_get_n_revisions (timeline); n > 0; n--)
    gtk_list_box_append (self->timeline_list,
                         lim_revision_row_new (lim_timeline_get_nth (timeline, n - 1), n - 1));

  lim_tenant_page_update_marks (self);

  /* Keep the revision under review when switching tenants. */
  if (selected_id == NULL || !lim_tenant_page_select_revision (self, selected_id))
    gtk_stack_set_visible_child_name (self->review_stack, "empty");
}

gboolean
lim_tenant_page_select_revision (LimTenantPage *self,
                                 const char    *id)
{
  g_return_val_if_fail (LIM_IS_TENANT_PAGE (self), FALSE);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->timeline_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (LIM_IS_REVISION_ROW (child) &&
          g_strcmp0 (lim_revision_get_id (lim_revision_row_get_revision (LIM_REVISION_ROW (child))), id) == 0)
        {
          gtk_list_box_select_row (self->timeline_list, GTK_LIST_BOX_ROW (child));
          return TRUE;
        }
    }

  return FALSE;
}

static void
on_timeline_row_selected_cb (LimTenantPage *self,
                             GtkListBoxRow *row)
{
  if (row == NULL)
    {
      gtk_stack_set_visible_child_name (self->review_stack, "empty");
      return;
    }

  {
    const LimTenantStatus *status = self->item != NULL ? lim_tenant_item_get_status (self->item) : NULL;
    lim_revision_view_set_snapshot (self->revision_view, status != NULL ? status->model : NULL);
  }
  lim_revision_view_set_revision (self->revision_view,
                                  lim_revision_row_get_revision (LIM_REVISION_ROW (row)),
                                  self->project);
  update_run_directions (self);
  gtk_stack_set_visible_child_name (self->review_stack, "review");
}

static void
on_timeline_row_activated_cb (LimTenantPage *self,
                              GtkListBoxRow *row)
{
  adw_leaflet_set_visible_child (self->leaflet, self->review_pane);
}

gboolean
lim_tenant_page_get_can_navigate_back (LimTenantPage *self)
{
  g_return_val_if_fail (LIM_IS_TENANT_PAGE (self), FALSE);

  return adw_leaflet_get_folded (self->leaflet) && adw_leaflet_get_visible_child (self->leaflet) == self->review_pane;
}

gboolean
lim_tenant_page_navigate_back (LimTenantPage *self)
{
  g_return_val_if_fail (LIM_IS_TENANT_PAGE (self), FALSE);

  return lim_tenant_page_get_can_navigate_back (self) &&
         adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

const char *
lim_tenant_page_get_selected_revision (LimTenantPage *self)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (LIM_IS_TENANT_PAGE (self), NULL);

  row = gtk_list_box_get_selected_row (self->timeline_list);
  return row != NULL && LIM_IS_REVISION_ROW (row) ?
         lim_revision_get_id (lim_revision_row_get_revision (LIM_REVISION_ROW (row))) : NULL;
}

static void
on_leaflet_notify_cb (LimTenantPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_NAVIGATE_BACK]);
}

static void
lim_tenant_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  LimTenantPage *self = LIM_TENANT_PAGE (object);

  switch (prop_id)
    {
    case PROP_CAN_NAVIGATE_BACK:
      g_value_set_boolean (value, lim_tenant_page_get_can_navigate_back (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lim_tenant_page_dispose (GObject *object)
{
  LimTenantPage *self = LIM_TENANT_PAGE (object);

  clear_item (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), LIM_TYPE_TENANT_PAGE);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_first_child (GTK_WIDGET (self)))
    gtk_widget_unparent (child);
  g_clear_pointer (&self->project, lim_project_unref);
  g_clear_pointer (&self->timeline, lim_timeline_unref);
  g_clear_object (&self->items);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (lim_tenant_page_parent_class)->dispose (object);
}

static void
lim_tenant_page_class_init (LimTenantPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lim_tenant_page_dispose;
  object_class->get_property = lim_tenant_page_get_property;

  /* Whether the page is folded and shows the review: going back shows
   * the history.  The window's back button does it (lim_tenant_page_navigate_back()). */
  properties[PROP_CAN_NAVIGATE_BACK] =
    g_param_spec_boolean ("can-navigate-back", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (LIM_TYPE_REVISION_VIEW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/liminal_desktop/Liminal/lim-tenant-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LimTenantPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, LimTenantPage, timeline_pane);
  gtk_widget_class_bind_template_child (widget_class, LimTenantPage, review_pane);
  gtk_widget_class_bind_template_child (widget_class, LimTenantPage, alias_label);
  gtk_widget_class_bind_template_child (widget_class, LimTenantPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, LimTenantPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, LimTenantPage, lock_label);
  gtk_widget_class_bind_template_child (widget_class, LimTenantPage, gate_label);
  gtk_widget_class_bind_template_child (widget_class, LimTenantPage, unfinished_box);
  gtk_widget_class_bind_template_child (widget_class, LimTenantPage, unfinished_label);
  gtk_widget_class_bind_template_child (widget_class, LimTenantPage, activity_heading);
  gtk_widget_class_bind_template_child (widget_class, LimTenantPage, activity_scrolled);
  gtk_widget_class_bind_template_child (widget_class, LimTenantPage, activity_list);
  gtk_widget_class_bind_template_callback (widget_class, on_activity_row_activated_cb);
  gtk_widget_class_bind_template_child (widget_class, LimTenantPage, url_label);
  gtk_widget_class_bind_template_child (widget_class, LimTenantPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, LimTenantPage, upgrade_button);
  gtk_widget_class_bind_template_child (widget_class, LimTenantPage, dry_run_button);
  gtk_widget_class_bind_template_child (widget_class, LimTenantPage, generate_button);
  gtk_widget_class_bind_template_child (widget_class, LimTenantPage, adopt_button);
  gtk_widget_class_bind_template_child (widget_class, LimTenantPage, timeline_list);
  gtk_widget_class_bind_template_child (widget_class, LimTenantPage, review_stack);
  gtk_widget_class_bind_template_child (widget_class, LimTenantPage, revision_view);
  gtk_widget_class_bind_template_callback (widget_class, on_timeline_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_timeline_row_activated_cb);
}

static void
lim_tenant_page_init (LimTenantPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->leaflet, "notify::folded",
                           G_CALLBACK (on_leaflet_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->leaflet, "notify::visible-child",
                           G_CALLBACK (on_leaflet_notify_cb), self, G_CONNECT_SWAPPED);
}
