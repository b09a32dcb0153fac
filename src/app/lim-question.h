/* lim-question.h — the message dialogs that ask one thing: "_Cancel" or
 * one answer, answered once (the dialogs of lim-confirm-dialog,
 * lim-adopt-dialog, lim-generate-dialog and the run's own question).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A dialog transient for @parent with the responses "cancel" ("_Cancel",
 * also what closing it answers) and @response labelled @label, shown with
 * @appearance.  Enter answers @response when it is the safe choice
 * (suggested), "cancel" when it is destructive.  @css_class names the
 * dialog for tests and styles. */
AdwMessageDialog *lim_question_new     (GtkWindow             *parent,
                                        const char            *heading,
                                        const char            *body,
                                        const char            *css_class,
                                        const char            *response,
                                        const char            *label,
                                        AdwResponseAppearance  appearance);

/* Called once per dialog: with the first response, or with "cancel" when
 * the dialog goes away unanswered. */
typedef void (*LimQuestionAnswerFunc) (GTask      *task,
                                       const char *response);

/* Hands @dialog's one answer to @answer, with @task (a reference is held
 * until then). */
void              lim_question_connect (AdwMessageDialog      *dialog,
                                        GTask                 *task,
                                        LimQuestionAnswerFunc  answer);

/* libadwaita 1.2 closes a message dialog when one of its buttons is
 * clicked, not when a response is given from code (Enter in an entry, a
 * test): closes @dialog from an idle, once the response has been read, if
 * it is still open. */
void              lim_question_close_soon (AdwMessageDialog *dialog);

G_END_DECLS
