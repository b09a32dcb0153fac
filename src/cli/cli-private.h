/* cli-private.h — what the files of the `liminal` command share.
 *
 * main.c holds the command table, the global options and the dispatch;
 * cli-project.c, cli-tenant.c and cli-model.c the commands of each group;
 * cli-output.c the printing (text, JSON, the JSON event stream of a run)
 * and the error helpers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "lim-runner.h"
#include "lim-workspace.h"

G_BEGIN_DECLS

enum {
  EXIT_OK          = 0,
  EXIT_USER        = 1,
  EXIT_USAGE       = 2,
  EXIT_NOT_IN_SYNC = 3,  /* diff: the tenant is not in sync with the model */
  EXIT_UNREADABLE  = 4,  /* status: a tenant could not be read */
  EXIT_LOCKED      = 5,  /* upgrade, downgrade, stamp: another run holds the tenant */
  EXIT_GATED       = 6,  /* upgrade: a promotion gate is closed (promote-after) */
  EXIT_REHEARSAL_FAILED = 7,  /* rehearse: a revision failed on the clone, or a round trip was not exact */
};

typedef struct
{
  const char *directory;   /* -C DIR */
} Globals;

/* main.c */
gboolean      parse_options       (const char    *command,
                                   const char    *parameter_string,
                                   const char    *summary,
                                   GOptionEntry  *entries,
                                   int           *argc,
                                   char        ***argv,
                                   guint          min_args,
                                   guint          max_args,
                                   int           *status);

/* cli-output.c: messages and exit codes */
char         *escape_controls     (const char    *text);
void          install_output_escaping (void);
void          print_source        (const char    *text);
void          print_error         (const char    *message);
/* Print @error; EXIT_LOCKED when another run holds the tenant, EXIT_GATED
 * when a promotion gate is closed, else EXIT_USER. */
int           fail                (GError        *error);
int           usage_error         (const char    *command,
                                   const char    *message);

/* cli-output.c: text and JSON */
GOptionEntry  json_option         (gboolean      *json);
void          print_json          (JsonNode      *node);
JsonNode     *operations_json     (GPtrArray     *ops);
void          print_operations    (const char    *title,
                                   GPtrArray     *ops);
void          print_hints         (GPtrArray     *hints);
void          emit_json_event     (const char    *event,
                                   ...) G_GNUC_NULL_TERMINATED;

/* cli-output.c: what a run of the runner prints (text or JSON events) */
typedef struct
{
  gboolean   json;
  gboolean   tty;
  LimRunner *runner;
  GPtrArray *ops_of_revision;
} Printer;

void          on_revision_started (LimRunner     *runner,
                                   guint          index,
                                   const char    *id,
                                   Printer       *p);
void          on_operation_state  (LimRunner     *runner,
                                   guint          rev,
                                   guint          op,
                                   int            state,
                                   const char    *message,
                                   Printer       *p);
void          on_recovering       (LimRunner     *runner,
                                   const char    *message,
                                   Printer       *p);
void          on_confirm          (LimRunner     *runner,
                                   const char    *question,
                                   Printer       *p);

/* cli-tenant.c: waiting for the engine, and a connected tenant */
typedef struct
{
  LimWorkspace *workspace;   /* the project of -C DIR */
  LimTenant    *tenant;      /* the tenant the command names */
  LimClient    *client;      /* connected to it (nothing sent yet) */
} Target;

void          target_clear        (Target        *target);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Target, target_clear)

void          store_result        (GObject       *source,
                                   GAsyncResult  *result,
                                   gpointer       user_data);
gboolean      open_tenant         (Globals       *globals,
                                   const char    *name,
                                   Target        *target,
                                   GError       **error);
gboolean      stamp_tenant        (LimWorkspace  *workspace,
                                   LimTenant     *tenant,
                                   LimClient     *client,
                                   const char    *id,
                                   gboolean       break_lock,
                                   gboolean      *changed,
                                   GError       **error);

/* Every command: argv[0] is the command's name; returns the exit status. */
typedef int (CommandFunc) (Globals  *globals,
                           int       argc,
                           char    **argv);

/* cli-project.c */
CommandFunc cmd_init;
CommandFunc cmd_head;
CommandFunc cmd_history;
CommandFunc cmd_show;
CommandFunc cmd_check;
CommandFunc cmd_format;

/* cli-signals.c: SIGINT/SIGTERM stop a run between operations, a second
 * one exits at once (130).  The first call installs the handlers and
 * returns the cancellable they cancel (owned by cli-signals.c). */
GCancellable *cli_signals_cancellable (void);
/* 128 + the signal's number when one stopped the run, else @status. */
int           cli_signals_exit_status (int status);

/* cli-tenant.c */
CommandFunc cmd_status;
/* cli-runs.c: the run records */
CommandFunc cmd_log;
CommandFunc cmd_report;

CommandFunc cmd_current;
CommandFunc cmd_login;
CommandFunc cmd_stamp;
CommandFunc cmd_upgrade;
CommandFunc cmd_downgrade;

/* cli-rehearse.c */
CommandFunc cmd_rehearse;

/* cli-model.c */
CommandFunc cmd_generate_files;
CommandFunc cmd_revision;
CommandFunc cmd_diff;
CommandFunc cmd_model;

G_END_DECLS
