/* main.c — the `liminal` command: the command table, the global options
 * and the dispatch.  The commands live in cli-project.c (history),
 * cli-tenant.c (tenants) and cli-model.c (model files); what they print in
 * cli-output.c.
 *
 * Exit status: 0 success, 1 a user error (bad input, bad descriptor, an
 * invalid project, a protected tenant's name not confirmed), 2 a usage
 * error (also: a protected tenant changed without a terminal and without
 * --yes --confirm-tenant NAME), 3 `diff`: the tenant is not in sync with the
 * model (with --against: with the other tenant), 4 `status`: a tenant could
 * not be read, 5 another run holds the tenant's lock, 6 `upgrade`: a
 * promotion gate is closed, 7 `rehearse`: the
 * rehearsal failed (a revision failed on the clone, or a round trip was not
 * exact).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cli-private.h"

typedef struct
{
  const char  *name;
  const char  *args;     /* synopsis of the arguments */
  const char  *summary;
  CommandFunc *func;
} Command;

/* Parse per-command options; returns FALSE after printing a usage error or
 * help (the exit code goes to @status). */
gboolean
parse_options (const char   *command,
               const char   *parameter_string,
               const char   *summary,
               GOptionEntry *entries,
               int          *argc,
               char       ***argv,
               guint         min_args,
               guint         max_args,
               int          *status)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameter_string);
  g_autoptr(GError) error = NULL;
  g_autofree char *help_command = g_strdup_printf ("%s ", command);

  g_option_context_set_summary (context, summary);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (entries)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *status = usage_error (help_command, error->message);
      return FALSE;
    }
  /* (*argv)[0] is the command name. */
  if ((guint) (*argc - 1) < min_args || (guint) (*argc - 1) > max_args)
    {
      *status = usage_error (help_command, (guint) (*argc - 1) < min_args ? _("Missing arguments")
                                                                            : _("Too many arguments"));
      return FALSE;
    }
  return TRUE;
}

static const Command commands[] = {
  { "init", "", N_("Start a project: liminal/versions/ and an initial revision"), cmd_init },
  { "head", "", N_("Print the newest revision"), cmd_head },
  { "history", "[--json]", N_("List the revisions from base to head"), cmd_history },
  { "show", "REVISION [--json|--python]", N_("Show a revision and its operations"), cmd_show },
  { "check", "", N_("Validate every revision file and the history"), cmd_check },
  { "format", "[--check|--write] FILE…", N_("Rewrite revision files in canonical form"), cmd_format },
  { "status", "[--json]", N_("Every tenant: its revision and how far behind head (exit 4 when one cannot be read)"),
    cmd_status },
  { "current", "TENANT [--json]", N_("The revision a tenant is at"), cmd_current },
  { "login", "TENANT", N_("Sign in to a single sign-on tenant (opens Liminal Desktop's sign-in window)"), cmd_login },
  { "stamp", "TENANT REVISION [--yes] [--confirm-tenant NAME] [--break-lock]",
    N_("Set a tenant's revision marker (adopt a tenant)"),
    cmd_stamp },
  { "upgrade",
    "TENANT DESCRIPTOR [--dry-run] [--resume] [--yes] [--confirm-tenant NAME] [--json] [--break-lock] "
    "[--override-gate REASON]",
    N_("Upgrade a tenant"), cmd_upgrade },
  { "downgrade", "TENANT DESCRIPTOR [--dry-run] [--resume] [--yes] [--confirm-tenant NAME] [--json] [--break-lock]",
    N_("Downgrade a tenant"), cmd_downgrade },
  { "generate-files", "TENANT [-p PATH] [-d] [-es] [-rs] [-o]", N_("Write the model files (model/) from a tenant"),
    cmd_generate_files },
  { "revision", "TENANT DESCRIPTION [--empty]", N_("Write a revision that brings the tenant to the model"),
    cmd_revision },
  { "autogenerate", "TENANT DESCRIPTION [--empty]", N_("Same as revision"), cmd_revision },
  { "model", "convert --to json|python [-p PATH]", N_("Convert the project's model between JSON and Liminal's Python "
                                                      "classes"), cmd_model },
  { "diff", "TENANT [--against OTHER] [--json]", N_("What would bring the tenant to the model, or to what "
                                                    "another tenant has (exit 3 when they differ)"), cmd_diff },
  { "rehearse", "TENANT [DESCRIPTOR] [--json] [--unpaced] | --history [--json]",
    N_("Rehearse an upgrade on a clone of the tenant, or the whole history's round trips (exit 7 when it fails)"),
    cmd_rehearse },
  { "log", "[TENANT] [--json] [--limit N]", N_("List the recorded runs, newest first"), cmd_log },
  { "report", "RUN|--since DATE [--until DATE] [TENANT] [-o FILE] [--format md|html|pdf]",
    N_("Write the change-control report of a run (or of the runs in a date range)"), cmd_report },
};

static void
print_help (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: liminal [-C DIR] COMMAND [ARGUMENTS…]"));
  fprintf (out, "%s\n\n", _("Manage Benchling schema migrations written as Liminal revision files."));
  fprintf (out, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *left = g_strdup_printf ("%s %s", commands[i].name, commands[i].args);
      fprintf (out, "  %-36s %s\n", left, _(commands[i].summary));
    }
  fprintf (out, "\n%s\n", _("Options:"));
  fprintf (out, "  %-36s %s\n", "-C DIR", _("Use the project in DIR instead of the current folder"));
  fprintf (out, "  %-36s %s\n", "-h, --help", _("Show this help"));
  fprintf (out, "  %-36s %s\n", "--version", _("Show the version"));
  fprintf (out, "\n%s\n", _("Run “liminal COMMAND --help” for a command's options."));
}

int
main (int    argc,
      char **argv)
{
  Globals globals = { NULL };
  int i = 1;

  setlocale (LC_ALL, "");
  /* LIMINAL_LOCALEDIR: catalogs from a build tree (tests). */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("LIMINAL_LOCALEDIR") ? g_getenv ("LIMINAL_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("liminal");
  install_output_escaping ();

  /* Global options come before the command. */
  while (i < argc && argv[i][0] == '-')
    {
      const char *arg = argv[i];

      if (strcmp (arg, "-h") == 0 || strcmp (arg, "--help") == 0)
        {
          print_help (stdout);
          return EXIT_OK;
        }
      else if (strcmp (arg, "--version") == 0)
        {
          g_print ("liminal %s\n", PACKAGE_VERSION);
          return EXIT_OK;
        }
      else if (strcmp (arg, "-C") == 0)
        {
          if (i + 1 >= argc)
            return usage_error (NULL, _("-C needs a folder"));
          globals.directory = argv[i + 1];
          i += 2;
        }
      else if (g_str_has_prefix (arg, "-C"))
        {
          globals.directory = arg + 2;
          i += 1;
        }
      else
        {
          g_autofree char *message = g_strdup_printf (_("Unknown option %s"), arg);
          return usage_error (NULL, message);
        }
    }

  if (i >= argc)
    {
      print_help (stderr);
      return EXIT_USAGE;
    }

  for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
    if (strcmp (commands[c].name, argv[i]) == 0)
      return commands[c].func (&globals, argc - i, argv + i);

  {
    g_autofree char *message = g_strdup_printf (_("Unknown command “%s”"), argv[i]);
    return usage_error (NULL, message);
  }
}
