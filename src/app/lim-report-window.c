/* lim-report-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lim-json.h"
#include "lim-report.h"
#include "lim-report-window.h"

struct _LimReportWindow
{
  AdwWindow parent_instance;

  JsonObject *record;
};

G_DEFINE_FINAL_TYPE (LimReportWindow, lim_report_window, ADW_TYPE_WINDOW)

static char *
report_text (JsonObject *record)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new ();

  g_ptr_array_add (records, record);
  return lim_report_to_text (records, LIM_REPORT_FORMAT_MARKDOWN);
}

void
lim_report_copy (GtkWidget  *widget,
                 JsonObject *record)
{
  g_autofree char *text = NULL;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (record != NULL);

  text = report_text (record);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
}

typedef struct
{
  GtkWindow  *parent;
  JsonObject *record;
} Save;

static void
save_free (Save *save)
{
  g_clear_object (&save->parent);
  json_object_unref (save->record);
  g_free (save);
}

static void
on_save_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     Save            *save)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;
      g_autoptr(GPtrArray) records = g_ptr_array_new ();
      g_autoptr(GError) error = NULL;
      LimReportFormat format = LIM_REPORT_FORMAT_PDF;

      g_ptr_array_add (records, save->record);
      if (path && !lim_report_format_from_path (path, &format))
        format = LIM_REPORT_FORMAT_MARKDOWN;
      if (path && !lim_report_write (records, format, path, &error))
        {
          GtkWidget *dialog = adw_message_dialog_new (save->parent, _("The Report Could Not Be Saved"),
                                                      error->message);

          adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
          gtk_window_present (GTK_WINDOW (dialog));
        }
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  save_free (save);
}

void
lim_report_save (GtkWindow  *parent,
                 JsonObject *record)
{
  GtkFileChooserNative *chooser;
  Save *save;
  g_autofree char *name = NULL;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (record != NULL);

  chooser = gtk_file_chooser_native_new (_("Save Report"), parent, GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                         _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* Translators: the default file name of a run's report; keep ".pdf"
   * (the extension chooses the format: .pdf, .html or .md) */
  name = g_strdup_printf (_("liminal-run-%s.pdf"), lim_json_get_string (record, "run"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  save = g_new0 (Save, 1);
  save->parent = g_object_ref (parent);
  save->record = json_object_ref (record);
  g_signal_connect (chooser, "response", G_CALLBACK (on_save_response_cb), save);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_copy_clicked_cb (GtkButton       *button,
                    LimReportWindow *self)
{
  lim_report_copy (GTK_WIDGET (self), self->record);
}

static void
on_save_clicked_cb (GtkButton       *button,
                    LimReportWindow *self)
{
  lim_report_save (GTK_WINDOW (self), self->record);
}

JsonObject *
lim_report_window_get_record (LimReportWindow *self)
{
  g_return_val_if_fail (LIM_IS_REPORT_WINDOW (self), NULL);
  return self->record;
}

static void
lim_report_window_finalize (GObject *object)
{
  LimReportWindow *self = LIM_REPORT_WINDOW (object);

  g_clear_pointer (&self->record, json_object_unref);
  G_OBJECT_CLASS (lim_report_window_parent_class)->finalize (object);
}

static void
lim_report_window_class_init (LimReportWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = lim_report_window_finalize;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
lim_report_window_init (LimReportWindow *self)
{
}

LimReportWindow *
lim_report_window_new (GtkWindow  *parent,
                       JsonObject *record)
{
  LimReportWindow *self;
  GtkWidget *box, *header, *title, *copy, *save, *scrolled, *view;
  g_autofree char *text = NULL;
  g_autofree char *summary = NULL;

  g_return_val_if_fail (record != NULL, NULL);

  self = g_object_new (LIM_TYPE_REPORT_WINDOW, "default-width", 720, "default-height", 640, "modal", TRUE, NULL);
  if (parent)
    gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  gtk_widget_add_css_class (GTK_WIDGET (self), "report-window");
  self->record = json_object_ref (record);
  text = report_text (record);
  summary = lim_report_summary_line (record);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  title = adw_window_title_new (_("Run Report"), summary);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);
  gtk_window_set_title (GTK_WINDOW (self), _("Run Report"));

  copy = gtk_button_new_with_mnemonic (_("_Copy Report"));
  gtk_widget_add_css_class (copy, "copy-report-button");
  g_signal_connect (copy, "clicked", G_CALLBACK (on_copy_clicked_cb), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), copy);
  save = gtk_button_new_with_mnemonic (_("_Save Report…"));
  gtk_widget_add_css_class (save, "save-report-button");
  gtk_widget_add_css_class (save, "suggested-action");
  g_signal_connect (save, "clicked", G_CALLBACK (on_save_clicked_cb), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), save);
  gtk_box_append (GTK_BOX (box), header);

  view = gtk_text_view_new ();
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 18);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 18);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Report"), -1);
  gtk_widget_add_css_class (view, "report-text");
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_window_set_content (ADW_WINDOW (self), box);

  return self;
}
