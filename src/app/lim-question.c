/* lim-question.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lim-question.h"

typedef struct
{
  GTask                *task;
  LimQuestionAnswerFunc answer;
} Question;

static void
question_free (gpointer  data,
               GClosure *closure)
{
  Question *question = data;

  g_clear_object (&question->task);
  g_free (question);
}

static void
answer_once (Question   *question,
             const char *response)
{
  g_autoptr(GTask) task = g_steal_pointer (&question->task);

  if (task != NULL)
    question->answer (task, response);
}

static void
on_response_cb (AdwMessageDialog *dialog,
                const char       *response,
                Question         *question)
{
  answer_once (question, response);
}

static void
on_destroy_cb (GtkWidget *dialog,
               Question  *question)
{
  answer_once (question, "cancel");
}

AdwMessageDialog *
lim_question_new (GtkWindow            *parent,
                  const char           *heading,
                  const char           *body,
                  const char           *css_class,
                  const char           *response,
                  const char           *label,
                  AdwResponseAppearance appearance)
{
  AdwMessageDialog *dialog;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (response != NULL && label != NULL, NULL);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, heading, body));
  if (css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (dialog), css_class);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    response, label,
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, response, appearance);
  adw_message_dialog_set_default_response (dialog, appearance == ADW_RESPONSE_DESTRUCTIVE ? "cancel" : response);
  adw_message_dialog_set_close_response (dialog, "cancel");

  return dialog;
}

void
lim_question_connect (AdwMessageDialog     *dialog,
                      GTask                *task,
                      LimQuestionAnswerFunc answer)
{
  Question *question;

  g_return_if_fail (ADW_IS_MESSAGE_DIALOG (dialog));
  g_return_if_fail (G_IS_TASK (task));
  g_return_if_fail (answer != NULL);

  /* One Question for both handlers: it goes with the last of them. */
  question = g_new0 (Question, 1);
  question->task = g_object_ref (task);
  question->answer = answer;
  g_signal_connect (dialog, "response", G_CALLBACK (on_response_cb), question);
  g_signal_connect_data (dialog, "destroy", G_CALLBACK (on_destroy_cb), question, question_free, 0);
}

static void
close_if_open (gpointer data)
{
  GWeakRef *ref = data;
  g_autoptr(GtkWindow) dialog = g_weak_ref_get (ref);

  if (dialog != NULL && gtk_widget_get_visible (GTK_WIDGET (dialog)))
    gtk_window_close (dialog);
  g_weak_ref_clear (ref);
  g_free (ref);
}

void
lim_question_close_soon (AdwMessageDialog *dialog)
{
  GWeakRef *ref;

  g_return_if_fail (ADW_IS_MESSAGE_DIALOG (dialog));

  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, dialog);
  g_idle_add_once (close_if_open, ref);
}
