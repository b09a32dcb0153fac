/* lim-history-frame.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lim-history-frame.h"

struct _LimHistoryFrame
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (LimHistoryFrame, lim_history_frame, GTK_TYPE_WIDGET)

GtkWidget *
lim_history_frame_new (void)
{
  return g_object_new (LIM_TYPE_HISTORY_FRAME, NULL);
}

/* Tab from inside leaves at once, to the widget after (or, Shift+Tab,
 * before) the frame; every other move, and Tab from outside (to the row
 * that had the focus last), is the child's. */
static gboolean
lim_history_frame_focus (GtkWidget       *widget,
                         GtkDirectionType direction)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  if (gtk_widget_get_focus_child (widget) != NULL &&
      (direction == GTK_DIR_TAB_FORWARD || direction == GTK_DIR_TAB_BACKWARD))
    return FALSE;

  return child != NULL && gtk_widget_child_focus (child, direction);
}

static void
lim_history_frame_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (lim_history_frame_parent_class)->dispose (object);
}

static void
lim_history_frame_class_init (LimHistoryFrameClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lim_history_frame_dispose;
  widget_class->focus = lim_history_frame_focus;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
lim_history_frame_init (LimHistoryFrame *self)
{
}
