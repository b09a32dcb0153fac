/* lim-compare-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lim-compare-dialog.h"
#include "lim-operation.h"

struct _LimCompareDialog
{
  AdwWindow parent_instance;

  AdwWindowTitle *window_title;
  GtkButton      *copy_button;
  AdwComboRow    *other_row;
  GtkStringList  *others_model;
  GtkButton      *compare_button;
  GtkStack       *stack;
  AdwStatusPage  *start_page;
  GtkSpinner     *spinner;
  GtkLabel       *busy_label;
  AdwStatusPage  *error_page;
  GtkLabel       *header_label;
  GtkLabel       *revisions_label;
  GtkLabel       *hints_label;
  GtkBox         *groups_box;

  LimWorkspace        *workspace;
  LimTenant           *tenant;
  GPtrArray           *others;      /* LimTenant*, as others_model lists them */
  GCancellable        *cancellable; /* of the comparison under way */
  LimTenantComparison *comparison;
};

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LimCompareDialog, lim_compare_dialog, ADW_TYPE_WINDOW)

/* ------------------------------------------------------------ texts */

/* "test", the other tenant's alias (the comparison's, or the chosen one's). */
static const char *
other_alias (LimCompareDialog *self)
{
  guint i = adw_combo_row_get_selected (self->other_row);

  if (self->others == NULL || i >= self->others->len)
    return NULL;
  return lim_tenant_get_alias (g_ptr_array_index (self->others, i));
}

static char *
header_text (const LimTenantComparison *c)
{
  if (c->upgrade->len == 0)
    /* Translators: two tenant aliases: "prod has what test has: nothing differs" */
    return g_strdup_printf (_("%s has what %s has: nothing differs"), c->tenant, c->other);
  /* Translators: two tenant aliases and how many operations: "prod lacks what test has: 7 operations" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s lacks what %s has: %u operation",
                                       "%s lacks what %s has: %u operations", c->upgrade->len),
                          c->tenant, c->other, c->upgrade->len);
}

static char *
revisions_text (const LimTenantComparison *c)
{
  const char *none = _("no marker");

  /* Translators: "prod is at 2c0a6e7b3f58, test at 4e2c8a9d5b70. The revision markers are not compared." */
  return g_strdup_printf (_("%s is at %s, %s at %s. The revision markers are not compared."), c->tenant,
                          c->tenant_revision ? c->tenant_revision : none, c->other,
                          c->other_revision ? c->other_revision : none);
}

char *
lim_compare_dialog_dup_text (LimCompareDialog *self)
{
  const LimTenantComparison *c;
  g_autofree char *header = NULL;
  g_autofree char *revisions = NULL;
  GString *out;

  g_return_val_if_fail (LIM_IS_COMPARE_DIALOG (self), NULL);

  c = self->comparison;
  if (c == NULL)
    return NULL;
  header = header_text (c);
  revisions = revisions_text (c);
  out = g_string_new (NULL);
  g_string_append_printf (out, "%s\n%s\n", header, revisions);
  if (c->upgrade->len > 0)
    g_string_append (out, "\n");
  for (guint i = 0; i < c->upgrade->len; i++)
    {
      g_autofree char *text = lim_operation_describe (g_ptr_array_index (c->upgrade, i));
      g_string_append_printf (out, "%u. %s\n", i + 1, text);
    }
  for (guint i = 0; i < c->hints->len; i++)
    {
      /* Translators: a hint about a rename that compare cannot see */
      g_string_append_printf (out, _("Hint: %s\n"), (char *) g_ptr_array_index (c->hints, i));
    }
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------ the result */

static const char *
action_icon (LimOpAction action)
{
  switch (action)
    {
    case LIM_OP_ACTION_CREATE:
      return "list-add-symbolic";
    case LIM_OP_ACTION_ARCHIVE:
      return "user-trash-symbolic";
    case LIM_OP_ACTION_UNARCHIVE:
      return "edit-undo-symbolic";
    case LIM_OP_ACTION_REORDER:
      return "view-sort-ascending-symbolic";
    case LIM_OP_ACTION_UPDATE:
    default:
      return "document-edit-symbolic";
    }
}

static void
clear_groups (LimCompareDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->groups_box))) != NULL)
    gtk_box_remove (self->groups_box, child);
}

/* One group per schema or dropdown, in the order the operations first
 * name them; the rows keep the operations' order (and number). */
static void
show_groups (LimCompareDialog          *self,
             const LimTenantComparison *c)
{
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  clear_groups (self);
  for (guint i = 0; i < c->upgrade->len; i++)
    {
      const LimOperation *op = g_ptr_array_index (c->upgrade, i);
      const char *subject = lim_operation_get_subject (op);
      g_autofree char *key = g_strdup_printf ("%c%s", op->spec->on_dropdown ? 'd' : 's', subject ? subject : "");
      g_autofree char *text = lim_operation_describe (op);
      g_autofree char *subtitle = NULL;
      GtkWidget *group = g_hash_table_lookup (groups, key);
      GtkWidget *row;

      if (group == NULL)
        {
          group = adw_preferences_group_new ();
          adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), subject ? subject : "");
          adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                                 op->spec->on_dropdown ? _("Dropdown") : _("Entity schema"));
          gtk_widget_add_css_class (group, "compare-group");
          gtk_box_append (self->groups_box, group);
          g_hash_table_insert (groups, g_steal_pointer (&key), group);
        }
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
      /* Translators: the operation's number in the list and its Liminal class name: "3 · CreateDropdown" */
      subtitle = g_strdup_printf (_("%u · %s"), i + 1, op->spec->class_name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_icon_name (ADW_ACTION_ROW (row), action_icon (op->spec->action));
      gtk_widget_add_css_class (row, "compare-operation");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
}

/* Renames a comparison cannot see, and the hand edit for each. */
static void
show_hints (LimCompareDialog          *self,
            const LimTenantComparison *c)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < c->hints->len; i++)
    {
      if (i > 0)
        g_string_append_c (text, '\n');
      /* Translators: a hint about a rename that a comparison cannot see */
      g_string_append_printf (text, _("Hint: %s"), (char *) g_ptr_array_index (c->hints, i));
    }
  gtk_label_set_text (self->hints_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->hints_label), c->hints->len > 0);
}

static void
set_busy (LimCompareDialog *self,
          gboolean          busy)
{
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->compare_button), !busy && self->others->len > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->other_row), !busy && self->others->len > 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
on_compared_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(LimCompareDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LimTenantComparison) c = lim_tenant_compare_finish (LIM_WORKSPACE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->cancellable == NULL)
    return;   /* closed, or another comparison took over */
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->comparison, lim_tenant_comparison_free);
  if (c == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      gtk_widget_set_sensitive (GTK_WIDGET (self->copy_button), FALSE);
    }
  else
    {
      g_autofree char *header = header_text (c);
      g_autofree char *revisions = revisions_text (c);

      gtk_label_set_text (self->header_label, header);
      gtk_label_set_text (self->revisions_label, revisions);
      show_hints (self, c);
      show_groups (self, c);
      self->comparison = g_steal_pointer (&c);
      gtk_stack_set_visible_child_name (self->stack, "result");
      gtk_widget_set_sensitive (GTK_WIDGET (self->copy_button), TRUE);
    }
  set_busy (self, FALSE);
}

void
lim_compare_dialog_compare (LimCompareDialog *self)
{
  guint i;
  LimTenant *other;
  g_autofree char *busy = NULL;

  g_return_if_fail (LIM_IS_COMPARE_DIALOG (self));

  i = adw_combo_row_get_selected (self->other_row);
  if (i >= self->others->len)
    return;
  other = g_ptr_array_index (self->others, i);
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  /* Translators: two tenant aliases */
  busy = g_strdup_printf (_("Reading %s and %s…"), lim_tenant_get_alias (self->tenant), lim_tenant_get_alias (other));
  gtk_label_set_text (self->busy_label, busy);
  gtk_stack_set_visible_child_name (self->stack, "busy");
  gtk_widget_set_sensitive (GTK_WIDGET (self->copy_button), FALSE);
  set_busy (self, TRUE);
  lim_tenant_compare_async (self->workspace, self->tenant, other, self->cancellable, on_compared_cb,
                            g_object_ref (self));
}

static void
on_compare_clicked_cb (LimCompareDialog *self)
{
  lim_compare_dialog_compare (self);
}

static void
on_copy_clicked_cb (LimCompareDialog *self)
{
  g_autofree char *text = lim_compare_dialog_dup_text (self);

  if (text != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
}

static void
on_other_selected_cb (LimCompareDialog *self)
{
  const char *alias = other_alias (self);
  g_autofree char *description = NULL;

  if (alias == NULL)
    return;
  /* Translators: two tenant aliases: what Compare will show */
  description = g_strdup_printf (_("The operations that would bring %s to what %s has, as “liminal diff %s "
                                   "--against %s” lists them."), lim_tenant_get_alias (self->tenant), alias,
                                 lim_tenant_get_alias (self->tenant), alias);
  adw_status_page_set_description (self->start_page, description);
}

/* ------------------------------------------------------------ public */

gboolean
lim_compare_dialog_set_other (LimCompareDialog *self,
                              const char       *alias)
{
  g_return_val_if_fail (LIM_IS_COMPARE_DIALOG (self), FALSE);
  g_return_val_if_fail (alias != NULL, FALSE);

  for (guint i = 0; i < self->others->len; i++)
    if (g_strcmp0 (lim_tenant_get_alias (g_ptr_array_index (self->others, i)), alias) == 0)
      {
        adw_combo_row_set_selected (self->other_row, i);
        return TRUE;
      }
  return FALSE;
}

gboolean
lim_compare_dialog_get_busy (LimCompareDialog *self)
{
  g_return_val_if_fail (LIM_IS_COMPARE_DIALOG (self), FALSE);
  return self->cancellable != NULL;
}

const LimTenantComparison *
lim_compare_dialog_get_comparison (LimCompareDialog *self)
{
  g_return_val_if_fail (LIM_IS_COMPARE_DIALOG (self), NULL);
  return self->comparison;
}

LimCompareDialog *
lim_compare_dialog_new (GtkWindow    *parent,
                        LimWorkspace *workspace,
                        LimTenant    *tenant)
{
  LimCompareDialog *self;
  g_autofree char *subtitle = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *tenants;

  g_return_val_if_fail (LIM_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (tenant != NULL, NULL);

  self = g_object_new (LIM_TYPE_COMPARE_DIALOG, NULL);
  if (parent)
    gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  self->workspace = g_object_ref (workspace);
  self->tenant = lim_tenant_ref (tenant);
  /* Translators: a tenant alias: the subtitle of Compare Tenants */
  subtitle = g_strdup_printf (_("What %s lacks"), lim_tenant_get_alias (tenant));
  adw_window_title_set_subtitle (self->window_title, subtitle);

  tenants = lim_workspace_get_tenants (workspace, &error);
  for (guint i = 0; tenants && i < tenants->len; i++)
    {
      LimTenant *t = g_ptr_array_index (tenants, i);

      if (g_strcmp0 (lim_tenant_get_alias (t), lim_tenant_get_alias (tenant)) == 0)
        continue;
      g_ptr_array_add (self->others, lim_tenant_ref (t));
      gtk_string_list_append (self->others_model, lim_tenant_get_alias (t));
    }
  if (self->others->len == 0)
    {
      adw_status_page_set_description (self->start_page, error ? error->message
                                       : _("This project has no other tenant to compare with."));
      set_busy (self, FALSE);
    }
  else
    on_other_selected_cb (self);
  return self;
}

/* ------------------------------------------------------------ GObject */

static void
lim_compare_dialog_dispose (GObject *object)
{
  LimCompareDialog *self = LIM_COMPARE_DIALOG (object);

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (lim_compare_dialog_parent_class)->dispose (object);
}

static void
lim_compare_dialog_finalize (GObject *object)
{
  LimCompareDialog *self = LIM_COMPARE_DIALOG (object);

  g_clear_object (&self->workspace);
  g_clear_pointer (&self->tenant, lim_tenant_unref);
  g_clear_pointer (&self->others, g_ptr_array_unref);
  g_clear_pointer (&self->comparison, lim_tenant_comparison_free);
  G_OBJECT_CLASS (lim_compare_dialog_parent_class)->finalize (object);
}

static void
lim_compare_dialog_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  LimCompareDialog *self = LIM_COMPARE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, lim_compare_dialog_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lim_compare_dialog_class_init (LimCompareDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lim_compare_dialog_dispose;
  object_class->finalize = lim_compare_dialog_finalize;
  object_class->get_property = lim_compare_dialog_get_property;

  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/liminal_desktop/Liminal/lim-compare-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LimCompareDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, LimCompareDialog, copy_button);
  gtk_widget_class_bind_template_child (widget_class, LimCompareDialog, other_row);
  gtk_widget_class_bind_template_child (widget_class, LimCompareDialog, others_model);
  gtk_widget_class_bind_template_child (widget_class, LimCompareDialog, compare_button);
  gtk_widget_class_bind_template_child (widget_class, LimCompareDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, LimCompareDialog, start_page);
  gtk_widget_class_bind_template_child (widget_class, LimCompareDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, LimCompareDialog, busy_label);
  gtk_widget_class_bind_template_child (widget_class, LimCompareDialog, error_page);
  gtk_widget_class_bind_template_child (widget_class, LimCompareDialog, header_label);
  gtk_widget_class_bind_template_child (widget_class, LimCompareDialog, revisions_label);
  gtk_widget_class_bind_template_child (widget_class, LimCompareDialog, hints_label);
  gtk_widget_class_bind_template_child (widget_class, LimCompareDialog, groups_box);
  gtk_widget_class_bind_template_callback (widget_class, on_compare_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
lim_compare_dialog_init (LimCompareDialog *self)
{
  self->others = g_ptr_array_new_with_free_func ((GDestroyNotify) lim_tenant_unref);
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->other_row, "notify::selected", G_CALLBACK (on_other_selected_cb), self);
}
