/* lim-words.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "lim-words.h"

static gint front_end = LIM_WORDS_COMMAND_LINE;

void
lim_words_set (LimWords words)
{
  g_atomic_int_set (&front_end, words);
}

LimWords
lim_words_get (void)
{
  return (LimWords) g_atomic_int_get (&front_end);
}

const char *
lim_words_resume (void)
{
  /* TRANSLATORS: the run window's button that continues a stopped run */
  return lim_words_get () == LIM_WORDS_WINDOW ? C_("button", "Resume") : "--resume";
}

const char *
lim_words_break_lock (void)
{
  /* TRANSLATORS: the run window's button that breaks an expired tenant lock */
  return lim_words_get () == LIM_WORDS_WINDOW ? C_("button", "Break Lock") : "--break-lock";
}
