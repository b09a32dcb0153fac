/* lim-revision-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "lim-marker.h"
#include "lim-operation.h"

#include "lim-revision-view.h"

struct _LimRevisionView
{
  GtkWidget parent_instance;

  /* Owned References */
  LimRevision *revision;
  LimSnapshot *snapshot;             /* the tenant as last read, for "before → after" */

  /* Template Widgets */
  AdwViewStack      *stack;
  GtkLabel          *title_label;
  AdwActionRow      *id_row;
  AdwActionRow      *parent_row;
  AdwActionRow      *date_row;
  AdwActionRow      *file_row;
  GtkBox            *upgrade_box;
  GtkBox            *downgrade_box;
  GtkSourceView     *source_view;
  GtkScrolledWindow *review_scrolled;
  GtkScrolledWindow *source_scrolled;
  GtkWidget         *upgrade_here_button;
  GtkWidget         *downgrade_here_button;
};

G_DEFINE_FINAL_TYPE (LimRevisionView, lim_revision_view, GTK_TYPE_WIDGET)

GtkWidget *
lim_revision_view_new (void)
{
  return g_object_new (LIM_TYPE_REVISION_VIEW, NULL);
}

LimRevision *
lim_revision_view_get_revision (LimRevisionView *self)
{
  g_return_val_if_fail (LIM_IS_REVISION_VIEW (self), NULL);

  return self->revision;
}

const char *
lim_revision_view_get_page (LimRevisionView *self)
{
  g_return_val_if_fail (LIM_IS_REVISION_VIEW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->stack);
}

void
lim_revision_view_set_page (LimRevisionView *self,
                            const char      *page)
{
  g_return_if_fail (LIM_IS_REVISION_VIEW (self));

  adw_view_stack_set_visible_child_name (self->stack, page);
}

GtkTextBuffer *
lim_revision_view_get_source_buffer (LimRevisionView *self)
{
  g_return_val_if_fail (LIM_IS_REVISION_VIEW (self), NULL);

  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view));
}

void
lim_revision_view_set_run_directions (LimRevisionView *self,
                                      gboolean         upgrade,
                                      gboolean         downgrade)
{
  g_autoptr(GVariant) target = NULL;

  g_return_if_fail (LIM_IS_REVISION_VIEW (self));

  if (self->revision == NULL)
    upgrade = downgrade = FALSE;

  if (self->revision != NULL)
    {
      target = g_variant_ref_sink (g_variant_new_string (lim_revision_get_id (self->revision)));
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->upgrade_here_button), target);
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->downgrade_here_button), target);
    }
  gtk_widget_set_visible (self->upgrade_here_button, upgrade);
  gtk_widget_set_visible (self->downgrade_here_button, downgrade);
}

GtkWidget *
lim_revision_view_get_run_button (LimRevisionView *self,
                                  LimDirection     direction)
{
  g_return_val_if_fail (LIM_IS_REVISION_VIEW (self), NULL);

  return direction == LIM_DIRECTION_UP ? self->upgrade_here_button : self->downgrade_here_button;
}

static const char *
action_icon_name (LimOpAction action)
{
  switch (action)
    {
    case LIM_OP_ACTION_CREATE:
      return "list-add-symbolic";
    case LIM_OP_ACTION_UPDATE:
      return "document-edit-symbolic";
    case LIM_OP_ACTION_ARCHIVE:
      return "user-trash-symbolic";
    case LIM_OP_ACTION_UNARCHIVE:
      return "edit-undo-symbolic";
    case LIM_OP_ACTION_REORDER:
      return "view-sort-ascending-symbolic";
    default:
      return "document-edit-symbolic";
    }
}

static const char *
action_label (LimOpAction action)
{
  switch (action)
    {
    case LIM_OP_ACTION_CREATE:
      return _("Create");
    case LIM_OP_ACTION_UPDATE:
      return _("Update");
    case LIM_OP_ACTION_ARCHIVE:
      return _("Archive");
    case LIM_OP_ACTION_UNARCHIVE:
      return _("Unarchive");
    case LIM_OP_ACTION_REORDER:
      return _("Reorder");
    default:
      return _("Change");
    }
}

/* "warehouse_name" → "warehouse name" */
static char *
humanize_key (const char *key)
{
  char *s = g_strdup (key);

  g_strdelimit (s, "_", ' ');
  return s;
}

static char *
format_json_value (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("None");

  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_BOOLEAN)
        return g_strdup (json_node_get_boolean (node) ? "True" : "False");
      if (type == G_TYPE_STRING)
        return g_strdup (json_node_get_string (node));
      if (type == G_TYPE_INT64)
        return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      if (type == G_TYPE_DOUBLE)
        return g_strdup_printf ("%g", json_node_get_double (node));
    }

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      g_autoptr(GString) out = g_string_new (NULL);

      if (json_array_get_length (array) == 0)
        return g_strdup (_("(none)"));

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *item = format_json_value (json_array_get_element (array, i));

          if (i > 0)
            g_string_append (out, ", ");
          g_string_append (out, item);
        }
      return g_string_free (g_steal_pointer (&out), FALSE);
    }

  return json_to_string (node, FALSE);
}

static GtkWidget *
make_detail_row (const char *title,
                 const char *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
  gtk_widget_add_css_class (row, "detail-row");

  return row;
}

/* @before: the same properties as the tenant has them now, or NULL. */
static void
add_props_rows (AdwExpanderRow *expander,
                const LimProps *props,
                const LimProps *before)
{
  g_autoptr(JsonNode) json = lim_props_to_json (props);
  g_autoptr(JsonNode) before_json = before != NULL ? lim_props_to_json (before) : NULL;
  JsonObject *object = json_node_get_object (json);
  JsonObject *before_object = before_json != NULL ? json_node_get_object (before_json) : NULL;
  guint n_specs;
  const LimPropSpec *specs = lim_props_specs (props->kind, &n_specs);

  for (guint i = 0; i < n_specs; i++)
    {
      g_autofree char *value = NULL;
      g_autofree char *was = NULL;
      GtkWidget *row;

      if (!json_object_has_member (object, specs[i].key))
        continue;

      value = format_json_value (json_object_get_member (object, specs[i].key));
      if (before_object != NULL && json_object_has_member (before_object, specs[i].key))
        was = format_json_value (json_object_get_member (before_object, specs[i].key));
      if (was != NULL && g_strcmp0 (was, value) != 0)
        {
          /* Translators: a property's value on the tenant now, then after the operation */
          g_autofree char *change = g_strdup_printf (_("%s → %s"), was, value);
          row = make_detail_row (specs[i].label, change);
          gtk_widget_add_css_class (row, "change-row");
        }
      else
        row = make_detail_row (specs[i].label, value);
      adw_expander_row_add_row (expander, row);
    }
}

/* What the tenant has now for the subject of an update, if known. */
static const LimProps *
props_before (const LimOperation *op,
              LimSnapshot        *snapshot)
{
  const LimSnapshotSchema *schema;

  if (snapshot == NULL || op->args[0].s == NULL)
    return NULL;
  if (op->spec->kind != LIM_OP_UPDATE_ENTITY_SCHEMA && op->spec->kind != LIM_OP_UPDATE_ENTITY_SCHEMA_FIELD)
    return NULL;
  schema = lim_snapshot_lookup_schema (snapshot, op->args[0].s);
  if (schema == NULL)
    return NULL;
  if (op->spec->kind == LIM_OP_UPDATE_ENTITY_SCHEMA)
    return schema->props;
  {
    const LimSnapshotField *field = lim_snapshot_schema_lookup_field (schema, op->args[1].s);
    return field != NULL ? field->props : NULL;
  }
}

static void
add_operation_details (AdwExpanderRow     *expander,
                       const LimOperation *op,
                       LimSnapshot        *snapshot)
{
  for (guint p = 0; p < op->spec->n_params; p++)
    {
      const LimParamSpec *param = &op->spec->params[p];
      const LimOpArg *arg = &op->args[p];
      g_autofree char *label = humanize_key (param->name);

      switch (param->type)
        {
        case LIM_ARG_STR:
          adw_expander_row_add_row (expander, make_detail_row (label, arg->s != NULL ? arg->s : "None"));
          break;

        case LIM_ARG_STR_LIST:
          {
            g_autoptr(GString) joined = g_string_new (NULL);

            for (guint i = 0; arg->strv != NULL && i < arg->strv->len; i++)
              {
                if (i > 0)
                  g_string_append (joined, ", ");
                g_string_append (joined, g_ptr_array_index (arg->strv, i));
              }
            adw_expander_row_add_row (expander,
                                      make_detail_row (label, joined->len > 0 ? joined->str : _("(none)")));
          }
          break;

        case LIM_ARG_INDEX:
        case LIM_ARG_OPTIONAL_INDEX:
          {
            g_autofree char *value = NULL;

            if (arg->has_index)
              value = g_strdup_printf ("%" G_GINT64_FORMAT, arg->index);
            else
              value = g_strdup (_("At the end"));
            adw_expander_row_add_row (expander, make_detail_row (label, value));
          }
          break;

        case LIM_ARG_SCHEMA_PROPS:
        case LIM_ARG_FIELD_PROPS:
          if (arg->props != NULL)
            add_props_rows (expander, arg->props, props_before (op, snapshot));
          break;

        case LIM_ARG_FIELD_PROPS_LIST:
          for (guint i = 0; arg->fields != NULL && i < arg->fields->len; i++)
            {
              const LimProps *field = g_ptr_array_index (arg->fields, i);
              g_autoptr(GString) str = g_string_new (NULL);
              const char *name = lim_props_get_str (field, LIM_FIELD_WAREHOUSE_NAME);
              g_autofree char *title = NULL;

              lim_props_append_str (field, str);
              /* Translators: a field of a new schema, then its warehouse name */
              title = g_strdup_printf (_("Field %s"), name != NULL ? name : "");
              adw_expander_row_add_row (expander, make_detail_row (title, str->str));
            }
          break;

        case LIM_ARG_NAME_TEMPLATE:
          if (arg->tmpl != NULL)
            {
              g_autoptr(GString) str = g_string_new (NULL);

              lim_name_template_append_str (arg->tmpl, str);
              adw_expander_row_add_row (expander, make_detail_row (label, str->str));
            }
          break;

        default:
          break;
        }
    }
}

static GtkWidget *
make_operation_row (const LimOperation *op,
                    gboolean            upgrade,
                    LimSnapshot        *snapshot)
{
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *icon;
  g_autofree char *describe = lim_operation_describe (op);
  g_autofree char *subtitle = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), describe);
  /* Translators: an action (Create, Archive…), then an operation class name */
  subtitle = g_strdup_printf (_("%s · %s"), action_label (op->spec->action), op->spec->class_name);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  gtk_widget_add_css_class (row, "operation-row");
  gtk_widget_add_css_class (row, upgrade ? "upgrade-operation" : "downgrade-operation");

  icon = gtk_image_new_from_icon_name (action_icon_name (op->spec->action));
  gtk_widget_set_tooltip_text (icon, action_label (op->spec->action));
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, action_label (op->spec->action),
                                  -1);
  gtk_widget_add_css_class (icon, "operation-icon");
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), icon);

  if (lim_operation_is_destructive (op))
    {
      GtkWidget *warning = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      const char *text = _("Destructive: this operation can lose data");

      gtk_widget_add_css_class (warning, "warning");
      gtk_widget_set_tooltip_text (warning, text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (warning),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                      -1);
      gtk_widget_set_valign (warning, GTK_ALIGN_CENTER);
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row), warning);
      gtk_widget_add_css_class (row, "destructive");
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                      -1);
    }

  add_operation_details (ADW_EXPANDER_ROW (row), op, snapshot);

  return row;
}

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

/* @snapshot: the tenant as it is before these operations, or NULL. */
static void
fill_operations (GtkBox      *box,
                 GPtrArray   *ops,
                 gboolean     upgrade,
                 LimSnapshot *snapshot)
{
  g_autoptr(GHashTable) groups = g_hash_table_new (g_str_hash, g_str_equal);
  GtkWidget *header;
  GtkWidget *heading;
  GtkWidget *sub;
  g_autofree char *count = NULL;

  clear_box (box);

  heading = gtk_label_new (upgrade ? _("Upgrade") : _("Downgrade"));
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "title-4");
  gtk_accessible_update_property (GTK_ACCESSIBLE (heading),
                                  GTK_ACCESSIBLE_PROPERTY_LEVEL, 2,
                                  -1);
  header = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_box_append (GTK_BOX (header), heading);
  gtk_box_append (box, header);

  count = g_strdup_printf (upgrade
                           ? g_dngettext (GETTEXT_PACKAGE, "%u operation runs when upgrading to this revision",
                                          "%u operations run when upgrading to this revision", ops->len)
                           : g_dngettext (GETTEXT_PACKAGE, "%u operation runs when downgrading from this revision",
                                          "%u operations run when downgrading from this revision", ops->len),
                           ops->len);
  sub = gtk_label_new (count);
  gtk_label_set_xalign (GTK_LABEL (sub), 0);
  gtk_label_set_wrap (GTK_LABEL (sub), TRUE);
  gtk_widget_add_css_class (sub, "dim-label");
  gtk_box_append (GTK_BOX (header), sub);

  if (ops->len == 0)
    {
      GtkWidget *group = adw_preferences_group_new ();
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No operations"));
      gtk_widget_add_css_class (row, "dim-label");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      gtk_box_append (box, group);
      return;
    }

  for (guint i = 0; i < ops->len; i++)
    {
      const LimOperation *op = g_ptr_array_index (ops, i);
      const char *subject = lim_operation_get_subject (op);
      AdwPreferencesGroup *group;

      if (subject == NULL)
        subject = "";

      group = g_hash_table_lookup (groups, subject);
      if (group == NULL)
        {
          g_autofree char *title = g_markup_escape_text (subject, -1);

          group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
          adw_preferences_group_set_title (group, title);
          adw_preferences_group_set_description (group,
                                                 op->spec->on_dropdown ? _("Dropdown") : _("Entity schema"));
          gtk_box_append (box, GTK_WIDGET (group));
          g_hash_table_insert (groups, (gpointer) subject, group);
        }

      adw_preferences_group_add (group, make_operation_row (op, upgrade, snapshot));
    }
}

static void
load_source (LimRevisionView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view));
  const char *file = self->revision != NULL ? lim_revision_get_file (self->revision) : NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  GtkTextIter start;

  if (file == NULL)
    {
      g_autofree char *python = self->revision != NULL ? lim_revision_to_python (self->revision) : NULL;

      gtk_text_buffer_set_text (buffer, python != NULL ? python : "", -1);
    }
  else if (g_file_get_contents (file, &contents, NULL, &error))
    {
      gtk_text_buffer_set_text (buffer, contents, -1);
    }
  else
    {
      gtk_text_buffer_set_text (buffer, "", -1);
      g_debug ("Could not read %s: %s", file, error->message);
    }

  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
}

void
lim_revision_view_set_revision (LimRevisionView *self,
                                LimRevision     *revision,
                                LimProject      *project)
{
  const char *description;
  const char *parent;
  const char *date;
  const char *file;

  g_return_if_fail (LIM_IS_REVISION_VIEW (self));

  if (revision != NULL)
    lim_revision_ref (revision);
  g_clear_pointer (&self->revision, lim_revision_unref);
  self->revision = revision;

  if (revision == NULL)
    return;

  description = lim_revision_get_description (revision);
  gtk_label_set_text (self->title_label, description[0] != '\0' ? description : _("(no description)"));

  adw_action_row_set_subtitle (self->id_row, lim_revision_get_id (revision));
  parent = lim_revision_get_down_revision (revision);
  adw_action_row_set_subtitle (self->parent_row, parent != NULL ? parent : _("None — this is the base revision"));
  date = lim_revision_get_create_date (revision);
  adw_action_row_set_subtitle (self->date_row, date != NULL ? date : _("Unknown"));
  gtk_widget_set_visible (GTK_WIDGET (self->date_row), date != NULL);

  file = lim_revision_get_file (revision);
  if (file != NULL)
    {
      g_autofree char *relative = project != NULL ? lim_project_relative_path (project, file) : g_strdup (file);

      adw_action_row_set_subtitle (self->file_row, relative);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->file_row), file != NULL);

  /* The tenant's snapshot is the "before" of the next revision's upgrade
   * and of the current revision's downgrade. */
  {
    const char *marker = self->snapshot != NULL ? lim_marker_get_revision_id (self->snapshot, NULL) : NULL;
    gboolean next = marker != NULL && g_strcmp0 (lim_revision_get_down_revision (revision), marker) == 0;
    gboolean current = marker != NULL && g_strcmp0 (lim_revision_get_id (revision), marker) == 0;

    fill_operations (self->upgrade_box, lim_revision_get_upgrade (revision), TRUE, next ? self->snapshot : NULL);
    fill_operations (self->downgrade_box, lim_revision_get_downgrade (revision), FALSE,
                     current ? self->snapshot : NULL);
  }
  load_source (self);

  /* Each revision is read from its top. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->review_scrolled), 0);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->source_scrolled), 0);
  gtk_adjustment_set_value (gtk_scrolled_window_get_hadjustment (self->source_scrolled), 0);
}

void
lim_revision_view_set_snapshot (LimRevisionView *self,
                                LimSnapshot     *snapshot)
{
  g_return_if_fail (LIM_IS_REVISION_VIEW (self));

  if (snapshot != NULL)
    lim_snapshot_ref (snapshot);
  g_clear_pointer (&self->snapshot, lim_snapshot_unref);
  self->snapshot = snapshot;
}

static void
update_style_scheme (LimRevisionView *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view)));
  const char *id = adw_style_manager_get_dark (manager) ? "Adwaita-dark" : "Adwaita";

  gtk_source_buffer_set_style_scheme (buffer, gtk_source_style_scheme_manager_get_scheme (schemes, id));
}

static void
lim_revision_view_dispose (GObject *object)
{
  LimRevisionView *self = LIM_REVISION_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LIM_TYPE_REVISION_VIEW);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_first_child (GTK_WIDGET (self)))
    gtk_widget_unparent (child);
  g_clear_pointer (&self->revision, lim_revision_unref);
  g_clear_pointer (&self->snapshot, lim_snapshot_unref);

  G_OBJECT_CLASS (lim_revision_view_parent_class)->dispose (object);
}

static void
lim_revision_view_class_init (LimRevisionViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lim_revision_view_dispose;

  gtk_source_init ();
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/liminal_desktop/Liminal/lim-revision-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LimRevisionView, stack);
  gtk_widget_class_bind_template_child (widget_class, LimRevisionView, title_label);
  gtk_widget_class_bind_template_child (widget_class, LimRevisionView, id_row);
  gtk_widget_class_bind_template_child (widget_class, LimRevisionView, parent_row);
  gtk_widget_class_bind_template_child (widget_class, LimRevisionView, date_row);
  gtk_widget_class_bind_template_child (widget_class, LimRevisionView, file_row);
  gtk_widget_class_bind_template_child (widget_class, LimRevisionView, upgrade_box);
  gtk_widget_class_bind_template_child (widget_class, LimRevisionView, downgrade_box);
  gtk_widget_class_bind_template_child (widget_class, LimRevisionView, source_view);
  gtk_widget_class_bind_template_child (widget_class, LimRevisionView, review_scrolled);
  gtk_widget_class_bind_template_child (widget_class, LimRevisionView, source_scrolled);
  gtk_widget_class_bind_template_child (widget_class, LimRevisionView, upgrade_here_button);
  gtk_widget_class_bind_template_child (widget_class, LimRevisionView, downgrade_here_button);
}

static void
lim_revision_view_init (LimRevisionView *self)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkSourceBuffer *buffer;

  gtk_widget_init_template (GTK_WIDGET (self));

  buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view)));
  gtk_source_buffer_set_language (buffer, gtk_source_language_manager_get_language (languages, "python3"));
  gtk_source_buffer_set_highlight_syntax (buffer, TRUE);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_style_scheme), self, G_CONNECT_SWAPPED);
  update_style_scheme (self);
}
