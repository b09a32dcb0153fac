/* main.c — liminal-desktop entry point
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "lim-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(LimApplication) app = NULL;
  int status;

  setlocale (LC_ALL, "");
  /* LIMINAL_LOCALEDIR: catalogs from a build tree (tests). */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("LIMINAL_LOCALEDIR") ? g_getenv ("LIMINAL_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = lim_application_new ();

  status = g_application_run (G_APPLICATION (app), argc, argv);

  return status != 0 ? status : lim_application_get_exit_status (app);
}
