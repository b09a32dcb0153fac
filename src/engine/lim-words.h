/* lim-words.h — the front end's words in the engine's messages.
 *
 * A message that tells a person what to do next names the command-line
 * flag in the `liminal` command ("Continue with --resume.") and the
 * button in the window ("Continue with Resume.").  A process is one front
 * end: the window says so once, at start-up (lim_words_set()); the
 * command line is the default.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  LIM_WORDS_COMMAND_LINE,
  LIM_WORDS_WINDOW,
} LimWords;

void        lim_words_set        (LimWords words);
LimWords    lim_words_get        (void);
/* "--resume", or the window's "Resume" (translated). */
const char *lim_words_resume     (void);
/* "--break-lock", or the window's "Break Lock" (translated). */
const char *lim_words_break_lock (void);

G_END_DECLS
