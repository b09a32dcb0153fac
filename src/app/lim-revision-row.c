/* lim-revision-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lim-revision-row.h"

struct _LimRevisionRow
{
  GtkWidget parent_instance;

  /* Owned References */
  LimRevisionItem *item;
  gulong           notify_id;

  /* Borrowed References */
  GtkImage       *mark_image;
  GtkInscription *title_label;
  GtkInscription *id_label;
  GtkBox         *tags_box;
  GtkLabel       *state_tag;
  GtkImage       *destructive_image;
  char           *accessible;        /* the name last given */
  GtkWidget      *accessible_parent; /* and the row it was given to */
};

G_DEFINE_FINAL_TYPE (LimRevisionRow, lim_revision_row, GTK_TYPE_WIDGET)

GtkWidget *
lim_revision_row_new (void)
{
  return g_object_new (LIM_TYPE_REVISION_ROW, NULL);
}

LimRevisionItem *
lim_revision_row_get_item (LimRevisionRow *self)
{
  g_return_val_if_fail (LIM_IS_REVISION_ROW (self), NULL);

  return self->item;
}

LimRevision *
lim_revision_row_get_revision (LimRevisionRow *self)
{
  g_return_val_if_fail (LIM_IS_REVISION_ROW (self), NULL);

  return self->item != NULL ? lim_revision_item_get_revision (self->item) : NULL;
}

LimRevisionMark
lim_revision_row_get_mark (LimRevisionRow *self)
{
  g_return_val_if_fail (LIM_IS_REVISION_ROW (self), LIM_REVISION_MARK_NONE);

  return self->item != NULL ? lim_revision_item_get_mark (self->item) : LIM_REVISION_MARK_NONE;
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

/* Rows are rebound as the view scrolls: change only what differs, each
 * change of a style class or an icon costs a restyle or a relayout. */
static void
set_class (GtkWidget  *widget,
           const char *css_class,
           gboolean    on)
{
  if (on && !gtk_widget_has_css_class (widget, css_class))
    gtk_widget_add_css_class (widget, css_class);
  else if (!on && gtk_widget_has_css_class (widget, css_class))
    gtk_widget_remove_css_class (widget, css_class);
}

static void
set_tooltip (GtkWidget  *widget,
             const char *tooltip)
{
  if (g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) != 0)
    gtk_widget_set_tooltip_text (widget, tooltip);
}

static void
set_icon (GtkImage   *image,
          const char *icon)
{
  if (g_strcmp0 (gtk_image_get_icon_name (image), icon) != 0)
    gtk_image_set_from_icon_name (image, icon);
}

/* @css_class: "accent", "warning", or NULL to hide the tag. */
static void
set_state_tag (LimRevisionRow *self,
               const char     *text,
               const char     *css_class)
{
  GtkWidget *tag = GTK_WIDGET (self->state_tag);

  if (text != NULL && g_strcmp0 (gtk_label_get_text (self->state_tag), text) != 0)
    gtk_label_set_text (self->state_tag, text);
  /* "tag" only while shown: a hidden tag is no tag. */
  set_class (tag, "tag", css_class != NULL);
  set_class (tag, "accent", g_strcmp0 (css_class, "accent") == 0);
  set_class (tag, "warning", g_strcmp0 (css_class, "warning") == 0);
  gtk_widget_set_visible (tag, css_class != NULL);
}

/* The view's row around this one: it takes the focus, so it carries
 * the accessible name, and the timeline's styles for pending and current
 * rows apply to it. */
static void
set_state (LimRevisionRow *self,
           const char     *accessible,
           const char     *state_class)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));
  static const char *const classes[] = { "pending", "current" };

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    {
      gboolean on = g_strcmp0 (classes[i], state_class) == 0;

      set_class (GTK_WIDGET (self), classes[i], on);
      if (parent != NULL)
        set_class (parent, classes[i], on);
    }

  if (g_strcmp0 (self->accessible, accessible) == 0 && parent == self->accessible_parent)
    return;
  g_free (self->accessible);
  self->accessible = g_strdup (accessible);
  self->accessible_parent = parent;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  if (parent != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (parent), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

static void
update_fold (LimRevisionRow *self)
{
  guint n = lim_revision_item_get_n_folded (self->item);
  /* Translators: the row standing for the folded applied revisions of a tenant's history */
  g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u applied revision",
                                                         "%u applied revisions", n), n);
  g_autofree char *accessible = NULL;

  set_icon (self->mark_image, "view-more-symbolic");
  set_class (GTK_WIDGET (self->mark_image), "accent", FALSE);
  set_class (GTK_WIDGET (self->mark_image), "dim-label", TRUE);
  set_tooltip (GTK_WIDGET (self->mark_image), NULL);
  gtk_inscription_set_text (self->title_label, title);
  gtk_inscription_set_min_lines (self->title_label, 1);
  gtk_inscription_set_nat_lines (self->title_label, 1);
  set_tooltip (GTK_WIDGET (self->title_label), NULL);
  gtk_inscription_set_text (self->id_label, _("Folded below the current revision — activate to show them"));
  set_state_tag (self, NULL, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->tags_box), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->destructive_image), FALSE);
  set_class (GTK_WIDGET (self), "destructive", FALSE);
  set_class (GTK_WIDGET (self), "fold-row", TRUE);

  /* Translators: accessible name of the fold row; %s is e.g. "9 applied revisions" */
  accessible = g_strdup_printf (_("%s, folded; activate to show them"), title);
  set_state (self, accessible, NULL);
}

static void
update (LimRevisionRow *self)
{
  LimRevision *revision;
  LimRevisionMark mark;
  const char *const *others;
  const char *description;
  const char *date;
  const char *icon;
  const char *tooltip = NULL;
  const char *state = NULL;
  const char *state_class = NULL;
  g_autofree char *caption = NULL;
  g_autoptr(GString) accessible = g_string_new (NULL);
  guint n_destructive;
  guint position;
  GtkWidget *child;

  if (self->item == NULL)
    return;
  if (lim_revision_item_is_fold (self->item))
    {
      update_fold (self);
      return;
    }

  revision = lim_revision_item_get_revision (self->item);
  position = lim_revision_item_get_position (self->item);
  mark = lim_revision_item_get_mark (self->item);
  others = lim_revision_item_get_others (self->item);
  n_destructive = lim_revision_item_get_n_destructive (self->item);

  set_class (GTK_WIDGET (self), "fold-row", FALSE);
  gtk_inscription_set_min_lines (self->title_label, 2);
  gtk_inscription_set_nat_lines (self->title_label, 2);
  description = lim_revision_get_description (revision);
  gtk_inscription_set_text (self->title_label, description[0] != '\0' ? description : _("(no description)"));
  set_tooltip (GTK_WIDGET (self->title_label), description[0] != '\0' ? description : NULL);

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
  gtk_inscription_set_text (self->id_label, caption);

  switch (mark)
    {
    case LIM_REVISION_MARK_CURRENT:
      icon = "mark-location-symbolic";
      tooltip = _("This tenant is at this revision");
      state = _("Current");
      state_class = "current";
      set_state_tag (self, _("Current"), "accent");
      break;

    case LIM_REVISION_MARK_PENDING:
      icon = "go-up-symbolic";
      tooltip = _("Pending: an upgrade to head would apply this revision");
      state = _("Pending");
      state_class = "pending";
      set_state_tag (self, _("Pending"), "warning");
      break;

    case LIM_REVISION_MARK_APPLIED:
      icon = "object-select-symbolic";
      tooltip = _("Applied to this tenant");
      state = _("Applied");
      set_state_tag (self, NULL, NULL);
      break;

    case LIM_REVISION_MARK_NONE:
    default:
      icon = "media-record-symbolic";
      set_state_tag (self, NULL, NULL);
      break;
    }

  set_icon (self->mark_image, icon);
  set_class (GTK_WIDGET (self->mark_image), "accent", mark == LIM_REVISION_MARK_CURRENT);
  set_class (GTK_WIDGET (self->mark_image), "dim-label",
             mark == LIM_REVISION_MARK_APPLIED || mark == LIM_REVISION_MARK_NONE);
  set_tooltip (GTK_WIDGET (self->mark_image), tooltip);

  /* Other tenants' tags are rare: made as needed, after the state's. */
  while ((child = gtk_widget_get_last_child (GTK_WIDGET (self->tags_box))) != GTK_WIDGET (self->state_tag))
    gtk_box_remove (self->tags_box, child);
  for (guint i = 0; others != NULL && others[i] != NULL; i++)
    {
      GtkWidget *tag = make_tag (others[i], NULL);

      /* Translators: a tenant alias */
      g_autofree char *tip = g_strdup_printf (_("Tenant “%s” is at this revision"), others[i]);
      gtk_widget_set_tooltip_text (tag, tip);
      gtk_box_append (self->tags_box, tag);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->tags_box), state_class != NULL || others != NULL);

  if (n_destructive > 0)
    {
      g_autofree char *tip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                           "Destructive: %u operation of its upgrade can lose data",
                                                           "Destructive: %u operations of its upgrade can lose data",
                                                           n_destructive), n_destructive);

      if (g_strcmp0 (gtk_widget_get_tooltip_text (GTK_WIDGET (self->destructive_image)), tip) != 0)
        {
          gtk_widget_set_tooltip_text (GTK_WIDGET (self->destructive_image), tip);
          gtk_accessible_update_property (GTK_ACCESSIBLE (self->destructive_image),
                                          GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tip,
                                          -1);
        }
    }
  set_class (GTK_WIDGET (self), "destructive", n_destructive > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->destructive_image), n_destructive > 0);

  /* Translators: accessible name of a history row: "Revision 9, retire sourdough flag…" */
  g_string_printf (accessible, _("Revision %u, %s"), position,
                   description[0] != '\0' ? description : lim_revision_get_id (revision));
  if (state != NULL)
    g_string_append_printf (accessible, ", %s", state);
  if (n_destructive > 0)
    /* Translators: appended to the accessible name of a history row */
    g_string_append (accessible, _(", destructive"));
  if (others != NULL)
    {
      g_autofree char *joined = g_strjoinv (", ", (char **) others);

      /* Translators: a list of tenant aliases */
      g_string_append_printf (accessible, _(", also at this revision: %s"), joined);
    }
  set_state (self, accessible->str, state_class);
}

void
lim_revision_row_set_item (LimRevisionRow  *self,
                           LimRevisionItem *item)
{
  g_return_if_fail (LIM_IS_REVISION_ROW (self));
  g_return_if_fail (item == NULL || LIM_IS_REVISION_ITEM (item));

  if (self->item == item)
    return;

  if (self->item != NULL)
    g_clear_signal_handler (&self->notify_id, self->item);
  g_set_object (&self->item, item);
  if (item != NULL)
    self->notify_id = g_signal_connect_object (item, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);

  update (self);
}

static void
lim_revision_row_dispose (GObject *object)
{
  LimRevisionRow *self = LIM_REVISION_ROW (object);
  GtkWidget *child;

  if (self->item != NULL)
    g_clear_signal_handler (&self->notify_id, self->item);
  g_clear_object (&self->item);
  g_clear_pointer (&self->accessible, g_free);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (lim_revision_row_parent_class)->dispose (object);
}

static void
lim_revision_row_class_init (LimRevisionRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lim_revision_row_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "revision");
}

static void
lim_revision_row_init (LimRevisionRow *self)
{
  GtkWidget *vbox;

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 12);
  gtk_widget_set_margin_start (GTK_WIDGET (self), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self), 8);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self), 8);

  self->mark_image = GTK_IMAGE (gtk_image_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->mark_image), GTK_ALIGN_START);
  gtk_widget_set_margin_top (GTK_WIDGET (self->mark_image), 2);
  gtk_widget_set_parent (GTK_WIDGET (self->mark_image), GTK_WIDGET (self));

  vbox = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  gtk_widget_set_hexpand (vbox, TRUE);
  gtk_widget_set_parent (vbox, GTK_WIDGET (self));

  /* Inscriptions, not labels: the view measures its rows as it binds
   * them, and an inscription's size does not depend on its text. */
  self->title_label = GTK_INSCRIPTION (gtk_inscription_new (NULL));
  gtk_inscription_set_min_lines (self->title_label, 2);
  gtk_inscription_set_nat_lines (self->title_label, 2);
  gtk_inscription_set_min_chars (self->title_label, 12);
  gtk_inscription_set_nat_chars (self->title_label, 32);
  gtk_inscription_set_wrap_mode (self->title_label, PANGO_WRAP_WORD_CHAR);
  gtk_inscription_set_text_overflow (self->title_label, GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_xalign (self->title_label, 0);
  gtk_inscription_set_yalign (self->title_label, 0);
  gtk_box_append (GTK_BOX (vbox), GTK_WIDGET (self->title_label));

  self->id_label = GTK_INSCRIPTION (gtk_inscription_new (NULL));
  gtk_inscription_set_min_chars (self->id_label, 12);
  gtk_inscription_set_nat_chars (self->id_label, 32);
  gtk_inscription_set_text_overflow (self->id_label, GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_xalign (self->id_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->id_label), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->id_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->id_label), "numeric");
  gtk_box_append (GTK_BOX (vbox), GTK_WIDGET (self->id_label));

  self->tags_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4));
  gtk_widget_set_margin_top (GTK_WIDGET (self->tags_box), 2);
  gtk_box_append (GTK_BOX (vbox), GTK_WIDGET (self->tags_box));
  self->state_tag = GTK_LABEL (make_tag (NULL, NULL));
  gtk_box_append (self->tags_box, GTK_WIDGET (self->state_tag));

  self->destructive_image = GTK_IMAGE (gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
  gtk_widget_set_valign (GTK_WIDGET (self->destructive_image), GTK_ALIGN_START);
  gtk_widget_set_margin_top (GTK_WIDGET (self->destructive_image), 2);
  gtk_widget_add_css_class (GTK_WIDGET (self->destructive_image), "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->destructive_image), "destructive-mark");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->destructive_image),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Destructive"),
                                  -1);
  gtk_widget_set_visible (GTK_WIDGET (self->destructive_image), FALSE);
  gtk_widget_set_parent (GTK_WIDGET (self->destructive_image), GTK_WIDGET (self));

  gtk_widget_add_css_class (GTK_WIDGET (self), "revision-row");
}
