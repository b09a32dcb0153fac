/* cli-signals.c — SIGINT and SIGTERM during a run of the runner.
 *
 * The first one stops the run between operations, as the window's Cancel
 * does: the write in flight finishes, the journal is left as after a
 * cancel, and the command exits with 128 + the signal's number.  A second
 * one exits at once (130): the journal already records the operation being
 * sent, so --resume checks it against the tenant.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdlib.h>

#include "cli-private.h"

static GCancellable *stop;
static int caught;

static gboolean
on_signal (gpointer user_data)
{
  int signum = GPOINTER_TO_INT (user_data);

  if (caught != 0)
    {
      g_printerr (_("Interrupted again: exiting now. Continue with --resume.\n"));
      exit (130);
    }
  caught = signum;
  /* The message the window shows on Cancel. */
  g_printerr ("%s\n", _("Stopping after the current operation…"));
  g_cancellable_cancel (stop);
  return G_SOURCE_CONTINUE;
}

GCancellable *
cli_signals_cancellable (void)
{
  if (stop == NULL)
    {
      stop = g_cancellable_new ();
      g_unix_signal_add (SIGINT, on_signal, GINT_TO_POINTER (SIGINT));
      g_unix_signal_add (SIGTERM, on_signal, GINT_TO_POINTER (SIGTERM));
    }
  return stop;
}

int
cli_signals_exit_status (int status)
{
  return caught != 0 ? 128 + caught : status;
}
