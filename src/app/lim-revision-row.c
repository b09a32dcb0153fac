/* lim-revision-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lim-revision-row.h"

struct _LimRevisionRow
{
  GtkListBoxRow parent_instance;

  /* Owned References */
  LimRevision    *revision;
  LimRevisionMark mark;
  guint           position;

  /* Borrowed References */
  GtkImage *mark_image;
  GtkLabel *id_label;
  GtkBox   *tags_box;
};

G_DEFINE_FINAL_TYPE (LimRevisionRow, lim_revision_row, GTK_TYPE_LIST_BOX_ROW)

LimRevision *
lim_revision_row_get_revision (LimRevisionRow *self)
{
  g_return_val_if_fail (LIM_IS_REVISION_ROW (self), NULL);

  return self->revision;
}

LimRevisionMark
lim_revision_row_get_mark (LimRevisionRow *self)
{
  g_return_val_if_fail (LIM_IS_REVISION_ROW (self), LIM_REVISION_MARK_NONE);

  return self->mark;
}

static GtkWidget *
make_tag (const char *text,
          const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "tag");
  gtk_widget_add_css_class (label, "caption");
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

void
lim_revision_row_set_marks (LimRevisionRow    *self,
                            LimRevisionMark    mark,
                            const char *const *others)
{
  GtkWidget *child;
  g_autoptr(GString) accessible = g_string_new (NULL);
  const char *description;
  const char *icon = NULL;
  const char *tooltip = NULL;
  gboolean has_tags = FALSE;

  g_return_if_fail (LIM_IS_REVISION_ROW (self));

  self->mark = mark;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->tags_box))) != NULL)
    gtk_box_remove (self->tags_box, child);

  gtk_widget_remove_css_class (GTK_WIDGET (self), "pending");
  gtk_widget_remove_css_class (GTK_WIDGET (self), "current");
  gtk_widget_remove_css_class (GTK_WIDGET (self->mark_image), "accent");
  gtk_widget_remove_css_class (GTK_WIDGET (self->mark_image), "dim-label");

  switch (mark)
    {
    case LIM_REVISION_MARK_CURRENT:
      icon = "mark-location-symbolic";
      tooltip = _("This tenant is at this revision");
      gtk_widget_add_css_class (GTK_WIDGET (self), "current");
      gtk_widget_add_css_class (GTK_WIDGET (self->mark_image), "accent");
      gtk_box_append (self->tags_box, make_tag (_("Current"), "accent"));
      has_tags = TRUE;
      break;

    case LIM_REVISION_MARK_PENDING:
      icon = "go-up-symbolic";
      tooltip = _("Pending: an upgrade to head would apply this revision");
      gtk_widget_add_css_class (GTK_WIDGET (self), "pending");
      gtk_box_append (self->tags_box, make_tag (_("Pending"), "warning"));
      has_tags = TRUE;
      break;

    case LIM_REVISION_MARK_APPLIED:
      icon = "object-select-symbolic";
      tooltip = _("Applied to this tenant");
      gtk_widget_add_css_class (GTK_WIDGET (self->mark_image), "dim-label");
      break;

    case LIM_REVISION_MARK_NONE:
    default:
      icon = "media-record-symbolic";
      gtk_widget_add_css_class (GTK_WIDGET (self->mark_image), "dim-label");
      break;
    }

  gtk_image_set_from_icon_name (self->mark_image, icon);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->mark_image), tooltip);

  for (guint i = 0; others != NULL && others[i] != NULL; i++)
    {
      GtkWidget *tag = make_tag (others[i], NULL);

      /* Translators: a tenant alias */
      g_autofree char *tip = g_strdup_printf (_("Tenant “%s” is at this revision"), others[i]);
      gtk_widget_set_tooltip_text (tag, tip);
      gtk_box_append (self->tags_box, tag);
      has_tags = TRUE;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->tags_box), has_tags);

  description = lim_revision_get_description (self->revision);
  g_string_append (accessible, description[0] != '\0' ? description : lim_revision_get_id (self->revision));
  if (tooltip != NULL)
    g_string_append_printf (accessible, ", %s", tooltip);
  if (others != NULL && others[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv (", ", (char **) others);

      /* Translators: a list of tenant aliases */
      g_string_append_printf (accessible, _(", also at this revision: %s"), joined);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible->str,
                                  -1);
}

GtkWidget *
lim_revision_row_new (LimRevision *revision,
                      guint        position)
{
  LimRevisionRow *self;
  GtkWidget *box;
  GtkWidget *vbox;
  GtkWidget *title;
  const char *description;
  const char *date;
  g_autofree char *caption = NULL;

  g_return_val_if_fail (revision != NULL, NULL);

  self = g_object_new (LIM_TYPE_REVISION_ROW, NULL);
  self->revision = lim_revision_ref (revision);
  self->position = position;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);

  self->mark_image = GTK_IMAGE (gtk_image_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->mark_image), GTK_ALIGN_START);
  gtk_widget_set_margin_top (GTK_WIDGET (self->mark_image), 2);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->mark_image));

  vbox = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  gtk_widget_set_hexpand (vbox, TRUE);
  gtk_box_append (GTK_BOX (box), vbox);

  description = lim_revision_get_description (revision);
  title = gtk_label_new (description[0] != '\0' ? description : _("(no description)"));
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (title), 2);
  gtk_label_set_max_width_chars (GTK_LABEL (title), 32);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_set_tooltip_text (title, description);
  gtk_box_append (GTK_BOX (vbox), title);

  date = lim_revision_get_create_date (revision);
  if (date != NULL)
    {
      g_autofree char *day = g_strndup (date, 10);

      /* Translators: position in the history, revision id, creation date */
      caption = g_strdup_printf (_("%u · %s · %s"), position, lim_revision_get_id (revision), day);
    }
  else
    {
      /* Translators: position in the history, revision id */
      caption = g_strdup_printf (_("%u · %s"), position, lim_revision_get_id (revision));
    }
  self->id_label = GTK_LABEL (gtk_label_new (caption));
  gtk_label_set_xalign (self->id_label, 0);
  gtk_label_set_ellipsize (self->id_label, PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (self->id_label), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->id_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->id_label), "numeric");
  gtk_box_append (GTK_BOX (vbox), GTK_WIDGET (self->id_label));

  self->tags_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4));
  gtk_widget_set_margin_top (GTK_WIDGET (self->tags_box), 2);
  gtk_box_append (GTK_BOX (vbox), GTK_WIDGET (self->tags_box));

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), box);
  lim_revision_row_set_marks (self, LIM_REVISION_MARK_NONE, NULL);

  return GTK_WIDGET (self);
}

static void
lim_revision_row_finalize (GObject *object)
{
  LimRevisionRow *self = LIM_REVISION_ROW (object);

  g_clear_pointer (&self->revision, lim_revision_unref);

  G_OBJECT_CLASS (lim_revision_row_parent_class)->finalize (object);
}

static void
lim_revision_row_class_init (LimRevisionRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lim_revision_row_finalize;
}

static void
lim_revision_row_init (LimRevisionRow *self)
{
  gtk_widget_add_css_class (GTK_WIDGET (self), "revision-row");
}
