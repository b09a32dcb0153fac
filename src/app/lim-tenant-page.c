/* lim-tenant-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lim-history-frame.h"
#include "lim-json.h"
#include "lim-report.h"
#include "lim-report-window.h"
#include "lim-revision-item.h"
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
  gulong         history_loaded_id;  /* on workspace, while its history is on its way */
  char          *pending_reviewed;   /* the revision to review again once it has come */

  /* The history: one item per revision of history_timeline (index =
   * position, base first), the rows shown (newest first: revisions, the
   * fold row, or the matches of a search) and their selection. */
  LimTimeline        *history_timeline;
  GPtrArray          *revisions;
  LimRevisionItem    *fold_item;
  GListStore         *rows;
  GPtrArray          *shown;        /* what rows holds, borrowed */
  GtkSingleSelection *selection;
  LimRevisionItem    *reviewed;     /* the revision in the review pane */
  char               *query;        /* casefolded search, NULL when none */
  int                 current;      /* the tenant's position, -1 unknown */
  gboolean            folded;
  char               *menu_alias;    /* whom more_button's menu is for */
  gboolean            keep_reviewed; /* asked for by select_revision: stays in sight */
  LimRevisionItem    *scroll_item;  /* to scroll to once the list view is allocated */
  gboolean            scroll_with_next;
  guint               scroll_tick_id;
  /* The marks of every revision, for marks_current and marks_others (id →
   * the other tenants there, a NULL-terminated GPtrArray): set a chunk at
   * a time in big histories, rows being bound first. */
  GHashTable *marks_others;
  int         marks_current;
  guint       marks_next;
  guint       marks_source;

  /* Template Widgets */
  AdwLeaflet        *leaflet;
  GtkWidget         *timeline_pane;
  GtkWidget         *review_pane;
  GtkLabel          *alias_label;
  GtkSpinner        *spinner;
  GtkLabel          *status_label;
  GtkLabel          *lock_label;
  GtkLabel          *gate_label;
  GtkWidget         *unfinished_box;
  GtkLabel          *unfinished_label;
  GtkWidget         *activity_heading;
  GtkWidget         *activity_scrolled;
  GtkListBox        *activity_list;
  GtkLabel          *url_label;
  GtkLabel          *message_label;
  GtkWidget         *upgrade_button;
  GtkWidget         *dry_run_button;
  GtkWidget         *rehearse_button;
  GtkWidget         *generate_button;
  GtkWidget         *adopt_button;
  GtkWidget         *enter_secret_button;
  GtkWidget         *sign_in_button;
  GtkWidget         *edit_tenant_button;
  GtkMenuButton     *more_button;
  GtkSearchBar      *search_bar;
  GtkEditable       *search_entry;
  GtkWidget         *search_empty_label;
  GtkWidget         *search_button;
  GtkWidget         *history_loading_box;
  GtkSpinner        *history_spinner;
  GtkWidget         *history_frame;
  GtkScrolledWindow *history_scrolled;
  GtkGridView       *history_view;
  GtkStack          *review_stack;
  LimRevisionView   *revision_view;
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

GtkGridView *
lim_tenant_page_get_history_view (LimTenantPage *self)
{
  g_return_val_if_fail (LIM_IS_TENANT_PAGE (self), NULL);

  return self->history_view;
}

GListModel *
lim_tenant_page_get_history_rows (LimTenantPage *self)
{
  g_return_val_if_fail (LIM_IS_TENANT_PAGE (self), NULL);

  return G_LIST_MODEL (self->rows);
}

LimRevisionRow *
lim_tenant_page_get_revision_row (LimTenantPage   *self,
                                  LimRevisionItem *item)
{
  g_return_val_if_fail (LIM_IS_TENANT_PAGE (self), NULL);
  g_return_val_if_fail (LIM_IS_REVISION_ITEM (item), NULL);

  /* The list view's rows, each around one of ours. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->history_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);

      if (row != NULL && LIM_IS_REVISION_ROW (row) && lim_revision_row_get_item (LIM_REVISION_ROW (row)) == item)
        return LIM_REVISION_ROW (row);
    }

  return NULL;
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

/* The tenant's other actions, named for it: "Write Model Files from dev…". */
static void
update_more_menu (LimTenantPage *self,
                  const char    *alias)
{
  g_autoptr(GMenu) menu = NULL;
  g_autoptr(GMenu) setup = NULL;
  g_autoptr(GMenuItem) write = NULL;
  g_autofree char *write_label = NULL;
  gboolean sso = lim_tenant_get_auth (lim_tenant_item_get_tenant (self->item)) == LIM_TENANT_AUTH_SSO;
  /* A single sign-on tenant's menu also signs in (again, or as someone else). */
  g_autofree char *key = g_strdup_printf ("%s%s", alias, sso ? "\n(sso)" : "");
  GVariant *target;

  /* Rebuilt only for another tenant: a new model would close it under the
   * pointer at every status change. */
  if (g_strcmp0 (key, self->menu_alias) == 0)
    return;
  g_free (self->menu_alias);
  self->menu_alias = g_steal_pointer (&key);

  target = g_variant_ref_sink (g_variant_new_string (alias));
  menu = g_menu_new ();
  /* Translators: %s is a tenant's alias; writes the project's model/ files from it */
  write_label = g_strdup_printf (_("_Write Model Files from %s…"), alias);
  write = g_menu_item_new (write_label, NULL);
  g_menu_item_set_action_and_target_value (write, "win.write-model-files", target);
  g_menu_append_item (menu, write);
  {
    /* What this tenant lacks that another has (`liminal diff ALIAS --against OTHER`). */
    g_autoptr(GMenuItem) compare = g_menu_item_new (_("_Compare With…"), NULL);

    g_menu_item_set_action_and_target_value (compare, "win.compare-tenant", target);
    g_menu_append_item (menu, compare);
  }

  setup = g_menu_new ();
  {
    g_autoptr(GMenuItem) edit = g_menu_item_new (_("_Edit Tenant…"), NULL);
    g_autoptr(GMenuItem) secret = g_menu_item_new (_("Enter _Secret…"), NULL);

    g_menu_item_set_action_and_target_value (edit, "win.edit-tenant", target);
    g_menu_item_set_action_and_target_value (secret, "win.enter-secret", target);
    g_menu_append_item (setup, edit);
    g_menu_append_item (setup, secret);
    if (sso)
      {
        g_autoptr(GMenuItem) sign_in = g_menu_item_new (_("Sign _In…"), NULL);

        g_menu_item_set_action_and_target_value (sign_in, "win.sign-in", target);
        g_menu_append_item (setup, sign_in);
      }
  }
  g_menu_append_section (menu, NULL, G_MENU_MODEL (setup));
  g_variant_unref (target);

  gtk_menu_button_set_menu_model (self->more_button, G_MENU_MODEL (menu));
}

/* What the header says of a tenant the window cannot read or that has no
 * marker: the window's own words and buttons instead of the command line's
 * (the engine's message stays in the tooltip). */
static void
update_setup (LimTenantPage         *self,
              const LimTenantStatus *status,
              gboolean               loading)
{
  LimTenantState state = status != NULL ? status->state : LIM_TENANT_STATE_UP_TO_DATE;
  gboolean no_marker = state == LIM_TENANT_STATE_NO_MARKER;
  gboolean secret = state == LIM_TENANT_STATE_NOT_CONFIGURED || state == LIM_TENANT_STATE_SIGN_IN_FAILED;
  gboolean sign_in = state == LIM_TENANT_STATE_SIGN_IN_NEEDED;
  gboolean setup = secret || sign_in || state == LIM_TENANT_STATE_UNREACHABLE;
  const char *message = NULL;
  const char *tooltip = NULL;
  g_autoptr(GVariant) alias = g_variant_ref_sink (g_variant_new_string (lim_tenant_item_get_alias (self->item)));

  gtk_widget_set_visible (self->adopt_button, no_marker);
  gtk_widget_set_visible (self->enter_secret_button, setup && !sign_in);
  gtk_widget_set_visible (self->sign_in_button, sign_in);
  gtk_widget_set_visible (self->edit_tenant_button, setup);
  gtk_widget_set_visible (self->upgrade_button, !no_marker && !setup);
  gtk_widget_set_visible (self->dry_run_button, !no_marker && !setup);
  gtk_widget_set_visible (self->rehearse_button, !no_marker && !setup);
  gtk_widget_set_visible (self->generate_button, !no_marker && !setup);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->enter_secret_button), alias);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->sign_in_button), alias);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->edit_tenant_button), alias);
  update_more_menu (self, lim_tenant_item_get_alias (self->item));
  if (secret)
    gtk_widget_add_css_class (self->enter_secret_button, "suggested-action");
  else
    gtk_widget_remove_css_class (self->enter_secret_button, "suggested-action");

  if (!loading && status != NULL)
    {
      switch (state)
        {
        case LIM_TENANT_STATE_NO_MARKER:
          message = _("This tenant has no revision marker yet. If its schemas already match a revision of this "
                      "project, adopt it at that revision.");
          tooltip = status->message;
          break;

        case LIM_TENANT_STATE_NOT_CONFIGURED:
          message = _("The window needs this tenant's client secret (and for some tenants the admin password) "
                      "before it can read where the tenant stands.");
          tooltip = status->message;
          break;

        case LIM_TENANT_STATE_SIGN_IN_NEEDED:
          message = _("This tenant signs in through single sign-on. Sign in to read where it stands; the session is "
                      "kept in the keyring until it expires.");
          tooltip = status->message;
          break;

        default:
          message = status->message;
          break;
        }
    }

  if (message != NULL && message[0] != '\0')
    gtk_label_set_text (self->message_label, message);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->message_label), tooltip);
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL && message[0] != '\0');
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

  update_setup (self, status, loading);

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


/* ------------------------------------------------------------------ */
/* The history */

/* Revisions marked per main-loop iteration: a history this long is marked
 * at once, a longer one over the next idle iterations. */
#define MARKS_CHUNK 2000

static void
mark_revision (LimTenantPage *self,
               guint          position)
{
  LimRevisionItem *item = g_ptr_array_index (self->revisions, position);
  GPtrArray *aliases = g_hash_table_lookup (self->marks_others,
                                            lim_revision_get_id (lim_revision_item_get_revision (item)));
  int current = self->marks_current;
  LimRevisionMark mark;

  if (current < 0)
    mark = LIM_REVISION_MARK_NONE;
  else if ((int) position == current)
    mark = LIM_REVISION_MARK_CURRENT;
  else if ((int) position > current)
    mark = LIM_REVISION_MARK_PENDING;
  else
    mark = LIM_REVISION_MARK_APPLIED;
  /* Most of a big history changes nothing: no notification to freeze. */
  if (aliases == NULL && lim_revision_item_get_others (item) == NULL && lim_revision_item_get_mark (item) == mark)
    return;
  lim_revision_item_set_marks (item, mark, aliases != NULL ? (const char *const *) aliases->pdata : NULL);
}

static void
mark_chunk (LimTenantPage *self)
{
  guint end = MIN (self->marks_next + MARKS_CHUNK, self->revisions->len);

  for (guint i = self->marks_next; i < end; i++)
    mark_revision (self, i);
  self->marks_next = end;
}

static gboolean
mark_chunk_cb (gpointer user_data)
{
  LimTenantPage *self = user_data;

  mark_chunk (self);
  if (self->marks_next < self->revisions->len)
    return G_SOURCE_CONTINUE;
  self->marks_source = 0;
  return G_SOURCE_REMOVE;
}

/* A row about to show @item: its marks first. */
static void
mark_item_now (LimTenantPage   *self,
               LimRevisionItem *item)
{
  guint position;

  if (self->revisions == NULL || self->marks_others == NULL || lim_revision_item_is_fold (item))
    return;
  position = lim_revision_item_get_position (item);
  if (position < self->revisions->len && g_ptr_array_index (self->revisions, position) == item)
    mark_revision (self, position);
}

static void
clear_marks (LimTenantPage *self)
{
  g_clear_handle_id (&self->marks_source, g_source_remove);
  g_clear_pointer (&self->marks_others, g_hash_table_unref);
  self->marks_next = 0;
}

static int
shown_index (LimTenantPage   *self,
             LimRevisionItem *item)
{
  guint index;

  return g_ptr_array_find (self->shown, item, &index) ? (int) index : -1;
}

/* Shows what the fold, the search and the tenant's position call for,
 * replacing only the rows that differ so that the list view keeps the
 * others (and where it is scrolled). */
static void
rebuild_rows (LimTenantPage *self)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_auto(GStrv) words = self->query != NULL ? g_strsplit_set (self->query, " \t\n", -1) : NULL;
  LimRevisionItem *selected = gtk_single_selection_get_selected_item (self->selection);
  guint n = self->revisions != NULL ? self->revisions->len : 0;
  guint prefix = 0, suffix = 0;
  int index;

  for (guint i = n; i > 0; i--)
    {
      LimRevisionItem *item = g_ptr_array_index (self->revisions, i - 1);
      int position = (int) i - 1;

      if (self->query != NULL)
        {
          if (lim_revision_item_matches (item, (const char *const *) words))
            g_ptr_array_add (rows, item);
        }
      else if (self->folded && self->current > 0 && position < self->current)
        {
          if (position == self->current - 1)
            {
              lim_revision_item_set_n_folded (self->fold_item, (guint) self->current);
              g_ptr_array_add (rows, self->fold_item);
            }
        }
      else
        {
          g_ptr_array_add (rows, item);
        }
    }

  while (prefix < rows->len && prefix < self->shown->len &&
         rows->pdata[prefix] == self->shown->pdata[prefix])
    prefix++;
  while (suffix < rows->len - prefix && suffix < self->shown->len - prefix &&
         rows->pdata[rows->len - 1 - suffix] == self->shown->pdata[self->shown->len - 1 - suffix])
    suffix++;

  if (prefix + suffix < MAX (rows->len, self->shown->len))
    {
      /* The selection may drop its row meanwhile: not the user's doing. */
      g_signal_handlers_block_matched (self->selection, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
      g_list_store_splice (self->rows, prefix, self->shown->len - prefix - suffix,
                           rows->pdata + prefix, rows->len - prefix - suffix);
      g_ptr_array_unref (self->shown);
      self->shown = g_steal_pointer (&rows);
      index = selected != NULL ? shown_index (self, selected) : -1;
      gtk_single_selection_set_selected (self->selection, index >= 0 ? (guint) index : GTK_INVALID_LIST_POSITION);
      g_signal_handlers_unblock_matched (self->selection, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
    }

  gtk_widget_set_visible (self->search_empty_label, self->query != NULL && self->shown->len == 0);
}

static void
scroll_now (LimTenantPage   *self,
            LimRevisionItem *item,
            gboolean         with_next)
{
  int index = shown_index (self, item);

  if (index < 0)
    return;
  /* The row below first, then the row itself: it lands with some context. */
  if (with_next && (guint) index + 1 < self->shown->len)
    gtk_widget_activate_action (GTK_WIDGET (self->history_view), "list.scroll-to-item", "u", (guint) index + 1);
  gtk_widget_activate_action (GTK_WIDGET (self->history_view), "list.scroll-to-item", "u", (guint) index);
}

static gboolean
scroll_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  LimTenantPage *self = user_data;

  /* A list view scrolled before its first allocation starts at its top
   * anyway: wait for it. */
  if (gtk_widget_get_height (widget) == 0)
    return G_SOURCE_CONTINUE;

  self->scroll_tick_id = 0;
  if (self->scroll_item != NULL)
    scroll_now (self, self->scroll_item, self->scroll_with_next);
  self->scroll_item = NULL;
  return G_SOURCE_REMOVE;
}

/* Scrolls the history to @item's row (the page keeps @item), now if the
 * list view is on screen, else as soon as it is. */
static void
scroll_to_item (LimTenantPage   *self,
                LimRevisionItem *item,
                gboolean         with_next)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self->history_view)) &&
      gtk_widget_get_height (GTK_WIDGET (self->history_view)) > 0)
    {
      self->scroll_item = NULL;
      scroll_now (self, item, with_next);
      return;
    }

  self->scroll_item = item;
  self->scroll_with_next = with_next;
  if (self->scroll_tick_id == 0)
    self->scroll_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->history_view), scroll_tick_cb, self, NULL);
}

static void
scroll_to_index (LimTenantPage *self,
                 guint          index)
{
  if (index < self->shown->len)
    scroll_to_item (self, g_ptr_array_index (self->shown, index), FALSE);
}

/* Brings the tenant's current revision on screen, with the row below it
 * (the fold row, usually); the newest revision when the tenant's place is
 * not known. */
static void
scroll_to_current (LimTenantPage *self)
{
  LimRevisionItem *current = NULL;

  if (self->current >= 0 && self->revisions != NULL && (guint) self->current < self->revisions->len)
    current = g_ptr_array_index (self->revisions, self->current);
  if (current != NULL && shown_index (self, current) >= 0)
    scroll_to_item (self, current, TRUE);
  else
    scroll_to_index (self, 0);
}

static void
show_revision (LimTenantPage   *self,
               LimRevisionItem *item)
{
  const LimTenantStatus *status = self->item != NULL ? lim_tenant_item_get_status (self->item) : NULL;

  g_set_object (&self->reviewed, item);
  lim_revision_view_set_snapshot (self->revision_view, status != NULL ? status->model : NULL);
  lim_revision_view_set_revision (self->revision_view, lim_revision_item_get_revision (item), self->project);
  update_run_directions (self);
  gtk_stack_set_visible_child_name (self->review_stack, "review");
}

static void
on_selection_changed_cb (LimTenantPage *self)
{
  LimRevisionItem *item = gtk_single_selection_get_selected_item (self->selection);

  /* The fold row opens when activated, not when the cursor passes it. */
  if (item == NULL || lim_revision_item_is_fold (item) || item == self->reviewed)
    return;

  show_revision (self, item);
}

static gboolean
has_focus_within (LimTenantPage *self,
                  GtkWidget     *widget)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* The fold row gives way to the applied revisions; the newest of them is
 * selected in its place. */
static void
unfold (LimTenantPage *self)
{
  gboolean focused = has_focus_within (self, GTK_WIDGET (self->history_view));
  LimRevisionItem *first;
  LimRevisionRow *row;
  int index;

  if (!self->folded || self->current <= 0)
    return;

  self->folded = FALSE;
  rebuild_rows (self);

  first = g_ptr_array_index (self->revisions, self->current - 1);
  index = shown_index (self, first);
  if (index < 0)
    return;
  gtk_single_selection_set_selected (self->selection, (guint) index);
  scroll_to_index (self, (guint) index);
  row = lim_tenant_page_get_revision_row (self, first);
  if (focused && row != NULL)
    gtk_widget_grab_focus (gtk_widget_get_parent (GTK_WIDGET (row)));
}

static void
on_history_activate_cb (LimTenantPage *self,
                        guint          position)
{
  g_autoptr(LimRevisionItem) item = g_list_model_get_item (G_LIST_MODEL (self->rows), position);

  if (item == NULL)
    return;
  if (lim_revision_item_is_fold (item))
    {
      unfold (self);
      return;
    }
  gtk_single_selection_set_selected (self->selection, position);
  adw_leaflet_set_visible_child (self->leaflet, self->review_pane);
}

/* A click: the fold row opens, and in the narrow layout a revision's review
 * slides in (the keyboard's Enter does both through "activate"). */
static void
on_row_released_cb (GtkGestureClick *gesture,
                    int              n_press,
                    double           x,
                    double           y,
                    LimTenantPage   *self)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  LimRevisionItem *item = lim_revision_row_get_item (LIM_REVISION_ROW (row));

  if (n_press != 1 || item == NULL)
    return;
  if (lim_revision_item_is_fold (item))
    unfold (self);
  else if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->review_pane);
}

static void
on_setup_row_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 LimTenantPage            *self)
{
  GtkWidget *row = lim_revision_row_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  g_signal_connect_object (click, "released", G_CALLBACK (on_row_released_cb), self, 0);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (click));
  gtk_list_item_set_child (list_item, row);
}

static void
on_bind_row_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                LimTenantPage            *self)
{
  mark_item_now (self, gtk_list_item_get_item (list_item));
  lim_revision_row_set_item (LIM_REVISION_ROW (gtk_list_item_get_child (list_item)),
                             gtk_list_item_get_item (list_item));
}

static void
on_unbind_row_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  LimTenantPage            *self)
{
  lim_revision_row_set_item (LIM_REVISION_ROW (gtk_list_item_get_child (list_item)), NULL);
}

static void
set_query (LimTenantPage *self,
           const char    *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autofree char *query = stripped[0] != '\0' ? g_utf8_casefold (stripped, -1) : NULL;
  LimRevisionItem *selected;
  int index;

  if (g_strcmp0 (query, self->query) == 0)
    return;

  g_free (self->query);
  self->query = g_steal_pointer (&query);
  rebuild_rows (self);

  /* Searching: from the best (newest) match; done: back where the
   * selection, or else the tenant, is. */
  selected = gtk_single_selection_get_selected_item (self->selection);
  index = selected != NULL ? shown_index (self, selected) : -1;
  if (self->query != NULL)
    scroll_to_index (self, 0);
  else if (index >= 0)
    scroll_to_index (self, (guint) index);
  else
    scroll_to_current (self);
}

static void
on_search_changed_cb (LimTenantPage *self)
{
  set_query (self, gtk_editable_get_text (self->search_entry));
}

static void
on_search_mode_cb (LimTenantPage *self)
{
  if (gtk_search_bar_get_search_mode (self->search_bar))
    return;

  /* Escape: the whole history again, and the keyboard back in it. */
  if (has_focus_within (self, GTK_WIDGET (self->search_entry)))
    gtk_widget_grab_focus (GTK_WIDGET (self->history_view));
  set_query (self, NULL);
}

static gboolean
start_search_cb (GtkWidget *widget,
                 GVariant  *args,
                 gpointer   user_data)
{
  LimTenantPage *self = user_data;

  if (self->item == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self->history_view)))
    return FALSE;

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (self->search_entry, 0, -1);
  return TRUE;
}

/* One item per revision of @timeline, kept while the timeline is. */
static void
set_history (LimTenantPage *self,
             LimTimeline   *timeline)
{
  if (timeline != NULL && timeline == self->history_timeline)
    return;

  g_signal_handlers_block_matched (self->selection, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  g_list_store_remove_all (self->rows);
  g_signal_handlers_unblock_matched (self->selection, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  g_ptr_array_set_size (self->shown, 0);
  self->scroll_item = NULL;
  clear_marks (self);
  g_clear_pointer (&self->revisions, g_ptr_array_unref);
  g_clear_pointer (&self->history_timeline, lim_timeline_unref);
  g_clear_object (&self->reviewed);

  if (timeline == NULL)
    return;

  self->history_timeline = lim_timeline_ref (timeline);
  self->revisions = g_ptr_array_new_full (lim_timeline_get_n_revisions (timeline), g_object_unref);
  for (guint i = 0; i < lim_timeline_get_n_revisions (timeline); i++)
    g_ptr_array_add (self->revisions, lim_revision_item_new (lim_timeline_get_nth (timeline, i), i));
}

void
lim_tenant_page_update_marks (LimTenantPage *self)
{
  const char *revision;
  int current = -1;

  g_return_if_fail (LIM_IS_TENANT_PAGE (self));

  if (self->item == NULL)
    return;
  update_header (self);
  if (!lim_tenant_item_get_loading (self->item))
    update_activity (self);
  if (self->timeline == NULL || self->revisions == NULL)
    return;

  revision = lim_tenant_item_get_revision (self->item);
  if (revision != NULL)
    current = lim_timeline_position (self->history_timeline, revision);

  /* revision id → the other tenants there (NULL-terminated) */
  clear_marks (self);
  self->marks_current = current;
  self->marks_others = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; self->items != NULL && i < g_list_model_get_n_items (self->items); i++)
    {
      g_autoptr(LimTenantItem) other = g_list_model_get_item (self->items, i);
      const char *at = lim_tenant_item_get_revision (other);
      GPtrArray *aliases;

      if (other == self->item || at == NULL)
        continue;
      aliases = g_hash_table_lookup (self->marks_others, at);
      if (aliases == NULL)
        g_hash_table_insert (self->marks_others, g_strdup (at),
                             aliases = g_ptr_array_new_null_terminated (1, g_free, TRUE));
      g_ptr_array_add (aliases, g_strdup (lim_tenant_item_get_alias (other)));
    }

  /* The rows on screen at once, then every revision (the rows bound
   * meanwhile get theirs as they are bound): thousands of notifications
   * in one go would stall the window. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->history_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);

      if (row != NULL && LIM_IS_REVISION_ROW (row) && lim_revision_row_get_item (LIM_REVISION_ROW (row)) != NULL)
        mark_item_now (self, lim_revision_row_get_item (LIM_REVISION_ROW (row)));
    }
  mark_chunk (self);
  if (self->marks_next < self->revisions->len)
    self->marks_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, mark_chunk_cb, self, NULL);


  /* The tenant moved (or was just read): fold below it, and show it —
   * unless a revision below it was asked for (a reload puts back the one
   * under review): that one stays unfolded, selected and in sight. */
  if (current != self->current)
    {
      int reviewed = self->reviewed != NULL && self->keep_reviewed ?
                     lim_timeline_position (self->history_timeline,
                                            lim_revision_get_id (lim_revision_item_get_revision (self->reviewed))) : -1;

      self->current = current;
      if (reviewed >= 0 && reviewed < current)
        {
          self->folded = FALSE;
          rebuild_rows (self);
          if (shown_index (self, self->reviewed) >= 0)
            scroll_to_index (self, (guint) shown_index (self, self->reviewed));
        }
      else
        {
          rebuild_rows (self);
          scroll_to_current (self);
        }
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
  if (self->workspace != NULL)
    g_clear_signal_handler (&self->history_loaded_id, self->workspace);
  g_clear_object (&self->workspace);
}

/* While the project's history is read (a worker thread parses it), the
 * page shows the tenant's header and says so where the history goes. */
static void
show_history_loading (LimTenantPage *self,
                      gboolean       loading)
{
  gtk_widget_set_visible (self->history_loading_box, loading);
  gtk_spinner_set_spinning (self->history_spinner, loading);
  gtk_widget_set_visible (self->history_frame, !loading);
  gtk_widget_set_sensitive (self->search_button, !loading);
  if (loading)
    gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

/* The history came: the page as if the tenant were selected now. */
static void
on_history_loaded_cb (LimTenantPage *self)
{
  g_autoptr(LimTenantItem) item = NULL;
  g_autoptr(LimWorkspace) workspace = NULL;
  g_autoptr(GListModel) items = NULL;

  if (self->workspace == NULL || !lim_workspace_get_history_loaded (self->workspace))
    return;
  item = g_object_ref (self->item);
  workspace = g_object_ref (self->workspace);
  items = self->items != NULL ? g_object_ref (self->items) : NULL;
  lim_tenant_page_set_tenant (self, item, workspace, items);
}

void
lim_tenant_page_set_tenant (LimTenantPage *self,
                            LimTenantItem *item,
                            LimWorkspace  *workspace,
                            GListModel    *items)
{
  LimTimeline *timeline = workspace != NULL ? lim_workspace_get_timeline (workspace) : NULL;
  g_autofree char *reviewed_id = NULL;
  int reviewed_at;

  g_return_if_fail (LIM_IS_TENANT_PAGE (self));
  g_return_if_fail (item == NULL || LIM_IS_TENANT_ITEM (item));

  if (self->reviewed != NULL)
    reviewed_id = g_strdup (lim_revision_get_id (lim_revision_item_get_revision (self->reviewed)));
  else
    reviewed_id = g_steal_pointer (&self->pending_reviewed);
  g_clear_pointer (&self->pending_reviewed, g_free);

  self->keep_reviewed = FALSE;
  clear_item (self);
  g_clear_pointer (&self->project, lim_project_unref);
  g_clear_pointer (&self->timeline, lim_timeline_unref);
  g_clear_object (&self->items);

  if (item == NULL || workspace == NULL)
    {
      set_history (self, NULL);
      show_history_loading (self, FALSE);
      gtk_stack_set_visible_child_name (self->review_stack, "empty");
      return;
    }

  self->item = g_object_ref (item);
  self->workspace = g_object_ref (workspace);
  self->project = lim_project_ref (lim_workspace_get_project (workspace));
  self->items = items != NULL ? g_object_ref (items) : NULL;

  self->notify_status_id = g_signal_connect_swapped (item, "notify::status",
                                                     G_CALLBACK (on_item_changed_cb), self);
  self->notify_loading_id = g_signal_connect_swapped (item, "notify::loading",
                                                      G_CALLBACK (on_item_changed_cb), self);

  /* Never waits for the history: the header now, the rows when it comes. */
  if (timeline == NULL)
    {
      self->history_loaded_id = g_signal_connect_swapped (workspace, "notify::history-loaded",
                                                          G_CALLBACK (on_history_loaded_cb), self);
      self->pending_reviewed = g_steal_pointer (&reviewed_id);
      set_history (self, NULL);
      show_history_loading (self, TRUE);
      gtk_stack_set_visible_child_name (self->review_stack, "empty");
      lim_tenant_page_update_marks (self);
      return;
    }

  self->timeline = lim_timeline_ref (timeline);
  show_history_loading (self, FALSE);
  set_history (self, timeline);
  self->folded = TRUE;
  self->current = -2;   /* not a position: the marks below fold and scroll */
  lim_tenant_page_update_marks (self);

  /* Keep the revision under review when switching tenants, seen from
   * where this tenant stands; its row is selected if shown. */
  reviewed_at = reviewed_id != NULL ? lim_timeline_position (timeline, reviewed_id) : -1;
  g_clear_object (&self->reviewed);
  if (reviewed_at >= 0)
    {
      LimRevisionItem *again = g_ptr_array_index (self->revisions, reviewed_at);
      int index = shown_index (self, again);

      show_revision (self, again);
      gtk_single_selection_set_selected (self->selection, index >= 0 ? (guint) index : GTK_INVALID_LIST_POSITION);
    }
  else
    {
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      gtk_stack_set_visible_child_name (self->review_stack, "empty");
    }
}

gboolean
lim_tenant_page_select_revision (LimTenantPage *self,
                                 const char    *id)
{
  LimRevisionItem *item;
  int position, index;

  g_return_val_if_fail (LIM_IS_TENANT_PAGE (self), FALSE);

  if (self->history_timeline == NULL || id == NULL)
    return FALSE;
  position = lim_timeline_position (self->history_timeline, id);
  if (position < 0)
    return FALSE;

  /* Out of sight behind a search or the fold: show it. */
  item = g_ptr_array_index (self->revisions, position);
  index = shown_index (self, item);
  if (index < 0 && self->query != NULL)
    {
      gtk_search_bar_set_search_mode (self->search_bar, FALSE);
      set_query (self, NULL);
      index = shown_index (self, item);
    }
  if (index < 0 && self->folded)
    {
      self->folded = FALSE;
      rebuild_rows (self);
      index = shown_index (self, item);
    }
  if (index < 0)
    return FALSE;

  gtk_single_selection_set_selected (self->selection, (guint) index);
  if (self->reviewed != item)
    show_revision (self, item);
  scroll_to_index (self, (guint) index);
  self->keep_reviewed = TRUE;
  return TRUE;
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
  g_return_val_if_fail (LIM_IS_TENANT_PAGE (self), NULL);

  return self->reviewed != NULL ? lim_revision_get_id (lim_revision_item_get_revision (self->reviewed)) : NULL;
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
  clear_marks (self);
  if (self->scroll_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->history_view), self->scroll_tick_id);
  self->scroll_tick_id = 0;
  self->scroll_item = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), LIM_TYPE_TENANT_PAGE);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_first_child (GTK_WIDGET (self)))
    gtk_widget_unparent (child);
  g_clear_pointer (&self->project, lim_project_unref);
  g_clear_pointer (&self->timeline, lim_timeline_unref);
  g_clear_object (&self->items);
  g_clear_object (&self->workspace);
  g_clear_object (&self->reviewed);
  g_clear_object (&self->selection);
  g_clear_object (&self->rows);
  g_clear_object (&self->fold_item);
  g_clear_pointer (&self->shown, g_ptr_array_unref);
  g_clear_pointer (&self->revisions, g_ptr_array_unref);
  g_clear_pointer (&self->history_timeline, lim_timeline_unref);
  g_clear_pointer (&self->query, g_free);
  g_clear_pointer (&self->menu_alias, g_free);
  g_clear_pointer (&self->pending_reviewed, g_free);

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
  g_type_ensure (LIM_TYPE_HISTORY_FRAME);

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
  gtk_widget_class_bind_template_child (widget_class, LimTenantPage, rehearse_button);
  gtk_widget_class_bind_template_child (widget_class, LimTenantPage, generate_button);
  gtk_widget_class_bind_template_child (widget_class, LimTenantPage, adopt_button);
  gtk_widget_class_bind_template_child (widget_class, LimTenantPage, enter_secret_button);
  gtk_widget_class_bind_template_child (widget_class, LimTenantPage, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, LimTenantPage, edit_tenant_button);
  gtk_widget_class_bind_template_child (widget_class, LimTenantPage, more_button);
  gtk_widget_class_bind_template_child (widget_class, LimTenantPage, search_bar);
  gtk_widget_class_bind_template_child (widget_class, LimTenantPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, LimTenantPage, search_empty_label);
  gtk_widget_class_bind_template_child (widget_class, LimTenantPage, search_button);
  gtk_widget_class_bind_template_child (widget_class, LimTenantPage, history_loading_box);
  gtk_widget_class_bind_template_child (widget_class, LimTenantPage, history_spinner);
  gtk_widget_class_bind_template_child (widget_class, LimTenantPage, history_frame);
  gtk_widget_class_bind_template_child (widget_class, LimTenantPage, history_scrolled);
  gtk_widget_class_bind_template_child (widget_class, LimTenantPage, history_view);
  gtk_widget_class_bind_template_child (widget_class, LimTenantPage, review_stack);
  gtk_widget_class_bind_template_child (widget_class, LimTenantPage, revision_view);
  gtk_widget_class_bind_template_callback (widget_class, on_history_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_mode_cb);
}

static void
lim_tenant_page_init (LimTenantPage *self)
{
  GtkListItemFactory *factory;
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_list_store_new (LIM_TYPE_REVISION_ITEM);
  self->shown = g_ptr_array_new ();
  self->fold_item = lim_revision_item_new_fold ();
  self->current = -1;
  self->folded = TRUE;

  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->rows)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (on_selection_changed_cb), self, G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect_object (factory, "setup", G_CALLBACK (on_setup_row_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (on_bind_row_cb), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (on_unbind_row_cb), self, 0);
  gtk_grid_view_set_factory (self->history_view, factory);
  g_object_unref (factory);
  gtk_grid_view_set_model (self->history_view, GTK_SELECTION_MODEL (self->selection));

  gtk_search_bar_connect_entry (self->search_bar, self->search_entry);

  /* Ctrl+F wherever the focus is in the window, while the history shows. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_MANAGED);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_f, GDK_CONTROL_MASK),
                                                          gtk_callback_action_new (start_search_cb, self, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  g_signal_connect_object (self->leaflet, "notify::folded",
                           G_CALLBACK (on_leaflet_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->leaflet, "notify::visible-child",
                           G_CALLBACK (on_leaflet_notify_cb), self, G_CONNECT_SWAPPED);
}
