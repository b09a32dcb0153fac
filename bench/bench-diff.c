/* bench-diff.c — `liminal diff`, `generate-files` and `status` on a big
 * tenant, as processes: wall time, CPU and peak RSS against the budget.
 *
 *   ./build/bench/bench-diff [SCHEMAS [FIELDS [DROPDOWNS [ROUNDS]]]]   (default 1000 40 300 5)
 *   BENCH_AGAINST=/other/build/src/cli/liminal ./build/bench/bench-diff …
 *
 * Seeds a tenant of SCHEMAS custom-entity schemas × FIELDS fields (every
 * fourth a dropdown field) and DROPDOWNS dropdowns of four options, writes
 * it as a state file and serves it from a `liminal-sandbox` process (its
 * work is not counted), lays out a project (`liminal init`, a tenants.ini
 * naming it `dev`, `liminal stamp dev HEAD`, `liminal generate-files dev`:
 * the model matches the tenant, which has its marker), then runs each command ROUNDS times: `liminal diff dev` (budget
 * 1.0 s and 150 MB peak RSS, issue 17), `liminal generate-files dev -p DIR
 * -o` and `liminal status`, with LIMINAL_NO_CACHE=1 (every tag schema
 * read) and with the status cache a first run filled (budget 0.3 s; no
 * keyring here, so a token and liminal_remote: 2 requests).
 * Prints medians and the ratio to the budget.  With BENCH_AGAINST, each
 * round runs that binary and this build's one after the other (paired
 * runs), and prints both medians and the ratio other ÷ this.
 *
 * The binaries: LIMINAL_CLI and LIMINAL_SANDBOX_EXE, else beside this one
 * in the build tree (../src/cli/liminal, ../src/sandbox/liminal-sandbox).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench-tenant.h"
#include "lim-sandbox.h"

#define BUDGET_DIFF_S   1.0
#define BUDGET_DIFF_MB  150.0
#define BUDGET_STATUS_S 0.3   /* after the first read; no keyring here: 2 requests */

typedef struct
{
  double wall;
  double cpu;      /* user + system */
  double rss_mb;   /* peak */
  int    status;
} Run;

static char **child_env;        /* LIMINAL_NO_CACHE=1 */
static char **child_env_cached; /* the status cache on */

/* Runs @argv in @dir with @env, output to /dev/null; times it with wait4(). */
static Run
run_env (const char *dir,
         char      **argv,
         char      **env)
{
  Run r = { 0 };
  struct rusage ru;
  gint64 t0 = g_get_monotonic_time ();
  pid_t pid = fork ();
  int status = 0;

  if (pid == 0)
    {
      int null = open ("/dev/null", O_WRONLY);
      if (null >= 0)
        {
          dup2 (null, 1);
          dup2 (null, 2);
        }
      if (chdir (dir) != 0)
        _exit (127);
      execve (argv[0], argv, env);
      _exit (127);
    }
  if (pid < 0 || wait4 (pid, &status, 0, &ru) < 0)
    g_error ("cannot run %s", argv[0]);
  r.wall = (g_get_monotonic_time () - t0) / (double) G_USEC_PER_SEC;
  r.cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
  r.rss_mb = ru.ru_maxrss / 1024.0;
  r.status = WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
  return r;
}

static Run
run (const char *dir,
     char      **argv)
{
  return run_env (dir, argv, child_env);
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (GArray *runs,
        gsize   offset)
{
  g_autofree double *v = g_new (double, runs->len);

  for (guint i = 0; i < runs->len; i++)
    v[i] = *(double *) ((char *) &g_array_index (runs, Run, i) + offset);
  qsort (v, runs->len, sizeof (double), cmp_double);
  return runs->len % 2 ? v[runs->len / 2] : (v[runs->len / 2 - 1] + v[runs->len / 2]) / 2;
}

/* A binary beside this one in the build tree, unless @env names one. */
static char *
find_binary (const char *env,
             const char *relative)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = self ? g_path_get_dirname (self) : g_strdup (".");

  if (g_getenv (env))
    return g_strdup (g_getenv (env));
  return g_canonicalize_filename (relative, dir);
}

static void
seed (const char *state_path,
      guint       n_schemas,
      guint       n_fields,
      guint       n_dropdowns)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimSandbox) sb = lim_sandbox_new (NULL, "empty", &error);
  g_autofree char *state = NULL;

  if (sb == NULL)
    g_error ("%s", error->message);
  bench_seed_big_tenant (sb, n_schemas, n_fields, n_dropdowns);
  state = lim_sandbox_get_state_json (sb);
  if (!g_file_set_contents (state_path, state, -1, &error))
    g_error ("%s", error->message);
}

/* `liminal-sandbox --state STATE` on a free port: its pid, its URL in @url
 * and its standard output in @out (kept open until it has stopped: it
 * writes more lines after the first). */
static GPid
start_sandbox (const char  *exe,
               const char  *state_path,
               char       **url,
               GIOChannel **out_channel)
{
  const char *argv[] = { exe, "--state", state_path, "--port", "0", "--rate-limit", "0/30", NULL };
  g_autoptr(GError) error = NULL;
  GIOChannel *out;
  g_autofree char *line = NULL;
  GPid pid;
  int fd;

  if (!g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL | G_SPAWN_DO_NOT_REAP_CHILD,
                                 NULL, NULL, &pid, NULL, &fd,
                                 NULL, &error))
    g_error ("%s", error->message);
  out = g_io_channel_unix_new (fd);
  g_io_channel_set_close_on_unref (out, TRUE);
  if (g_io_channel_read_line (out, &line, NULL, NULL, NULL) != G_IO_STATUS_NORMAL ||
      !g_str_has_prefix (line, "Listening on "))
    g_error ("the sandbox did not start: %s", line ? line : "(no output)");
  *url = g_strstrip (g_strdup (line + strlen ("Listening on ")));
  *out_channel = out;
  return pid;
}

typedef struct
{
  const char *label;
  char      **argv_this;
  char      **argv_other;
  double      budget_s;
  double      budget_mb;
  gboolean    cached;      /* the status cache on, filled by a first run */
} Command;

static void
measure (const char *dir,
         Command    *c,
         guint       rounds)
{
  g_autoptr(GArray) mine = g_array_new (FALSE, FALSE, sizeof (Run));
  g_autoptr(GArray) other = g_array_new (FALSE, FALSE, sizeof (Run));
  double w, cpu, mb;

  char **env = c->cached ? child_env_cached : child_env;

  if (c->cached)
    {
      run_env (dir, c->argv_this, env);
      if (c->argv_other)
        run_env (dir, c->argv_other, env);
    }
  for (guint i = 0; i < rounds; i++)
    {
      Run r;
      if (c->argv_other)
        {
          r = run_env (dir, c->argv_other, env);
          g_array_append_val (other, r);
        }
      r = run_env (dir, c->argv_this, env);
      if (r.status != 0 && r.status != 3)
        g_error ("%s exited with %d", c->label, r.status);
      g_array_append_val (mine, r);
    }
  w = median (mine, G_STRUCT_OFFSET (Run, wall));
  cpu = median (mine, G_STRUCT_OFFSET (Run, cpu));
  mb = median (mine, G_STRUCT_OFFSET (Run, rss_mb));
  printf ("%-24s this build: %.3f s wall, %.3f s CPU, %.1f MB peak RSS (median of %u)", c->label, w, cpu, mb, rounds);
  if (c->budget_mb > 0)
    printf (";  budget %.1f s, %.0f MB: %.2fx, %.2fx of it", c->budget_s, c->budget_mb, w / c->budget_s,
            mb / c->budget_mb);
  else if (c->budget_s > 0)
    printf (";  budget %.1f s: %.2fx of it", c->budget_s, w / c->budget_s);
  printf ("\n");
  if (c->argv_other)
    {
      double ow = median (other, G_STRUCT_OFFSET (Run, wall));
      double ocpu = median (other, G_STRUCT_OFFSET (Run, cpu));
      double omb = median (other, G_STRUCT_OFFSET (Run, rss_mb));
      printf ("%-24s other:      %.3f s wall, %.3f s CPU, %.1f MB peak RSS; other / this: %.2fx wall, %.2fx CPU, "
              "%.2fx RSS\n", "", ow, ocpu, omb, ow / w, ocpu / cpu, omb / mb);
    }
}

int
main (int argc, char **argv)
{
  guint n_schemas = argc > 1 ? (guint) atoi (argv[1]) : 1000;
  guint n_fields = argc > 2 ? (guint) atoi (argv[2]) : 40;
  guint n_dropdowns = argc > 3 ? (guint) atoi (argv[3]) : 300;
  guint rounds = argc > 4 ? (guint) atoi (argv[4]) : 5;
  g_autofree char *cli = find_binary ("LIMINAL_CLI", "../src/cli/liminal");
  g_autofree char *sandbox_exe = find_binary ("LIMINAL_SANDBOX_EXE", "../src/sandbox/liminal-sandbox");
  const char *against = g_getenv ("BENCH_AGAINST");
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("liminal-bench-diff-XXXXXX", &error);
  g_autofree char *state = NULL;
  g_autofree char *project = NULL;
  g_autofree char *ini = NULL;
  g_autofree char *ini_text = NULL;
  g_autofree char *url = NULL;
  g_autofree char *cache = NULL;
  g_autofree char *out_dir = NULL;
  GStatBuf st;
  GPid sandbox;
  GIOChannel *sandbox_out = NULL;

  if (tmp == NULL)
    g_error ("%s", error->message);
  if (n_schemas == 0 || rounds == 0)
    {
      fprintf (stderr, "usage: %s [SCHEMAS [FIELDS [DROPDOWNS [ROUNDS]]]]\n", argv[0]);
      return 2;
    }
  state = g_build_filename (tmp, "state.json", NULL);
  project = g_build_filename (tmp, "project", NULL);
  cache = g_build_filename (tmp, "cache", NULL);
  out_dir = g_build_filename (tmp, "generated", NULL);
  g_mkdir_with_parents (project, 0700);

  seed (state, n_schemas, n_fields, n_dropdowns);
  g_stat (state, &st);
  sandbox = start_sandbox (sandbox_exe, state, &url, &sandbox_out);
  printf ("tenant: %u schemas x %u fields, %u dropdowns (state %.1f MB), served by %s\n", n_schemas, n_fields,
          n_dropdowns, st.st_size / 1e6, sandbox_exe);
  printf ("liminal: %s%s%s\n", cli, against ? "; other: " : "", against ? against : "");

  child_env = g_get_environ ();
  child_env = g_environ_setenv (child_env, "LANGUAGE", "C", TRUE);
  child_env = g_environ_setenv (child_env, "LIMINAL_DEV_CLIENT_SECRET", LIM_SANDBOX_DEFAULT_CLIENT_SECRET, TRUE);
  child_env = g_environ_setenv (child_env, "LIMINAL_DEV_ADMIN_PASSWORD", LIM_SANDBOX_DEFAULT_ADMIN_PASSWORD, TRUE);
  child_env = g_environ_setenv (child_env, "XDG_CACHE_HOME", cache, TRUE);
  child_env = g_environ_unsetenv (child_env, "DBUS_SESSION_BUS_ADDRESS");
  child_env_cached = g_strdupv (child_env);
  child_env = g_environ_setenv (child_env, "LIMINAL_NO_CACHE", "1", TRUE);

  {
    char *init[] = { cli, (char *) "init", NULL };
    char *gen[] = { cli, (char *) "generate-files", (char *) "dev", NULL };
    Run r = run (project, init);

    if (r.status != 0)
      g_error ("liminal init exited with %d", r.status);
    ini = g_build_filename (project, "liminal", "tenants.ini", NULL);
    ini_text = g_strdup_printf ("[dev]\ntenant-name=bench\nurl=%s\nclient-id=%s\nadmin-email=%s\n", url,
                                LIM_SANDBOX_DEFAULT_CLIENT_ID, LIM_SANDBOX_DEFAULT_ADMIN_EMAIL);
    if (!g_file_set_contents (ini, ini_text, -1, &error))
      g_error ("%s", error->message);
    /* The tenant at the project's head (liminal_remote), so that status
     * has a marker to find, and to cache. */
    {
      char *head_argv[] = { cli, (char *) "head", NULL };
      g_autofree char *head_out = NULL;
      g_auto(GStrv) words = NULL;
      int wait_status = 0;

      if (!g_spawn_sync (project, head_argv, child_env, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &head_out, NULL,
                         &wait_status, &error) || !g_spawn_check_wait_status (wait_status, &error))
        g_error ("liminal head: %s", error->message);
      words = g_strsplit (g_strstrip (head_out), " ", 2);
      {
        char *stamp[] = { cli, (char *) "stamp", (char *) "dev", words[0], (char *) "--yes", NULL };
        r = run (project, stamp);
        if (r.status != 0)
          g_error ("liminal stamp dev %s exited with %d", words[0], r.status);
      }
    }
    r = run (project, gen);
    if (r.status != 0)
      g_error ("liminal generate-files exited with %d", r.status);
  }

  {
    char *diff[] = { cli, (char *) "diff", (char *) "dev", NULL };
    char *diff_o[] = { (char *) against, (char *) "diff", (char *) "dev", NULL };
    char *gen[] = { cli, (char *) "generate-files", (char *) "dev", (char *) "-p", out_dir, (char *) "-o", NULL };
    char *gen_o[] = { (char *) against, (char *) "generate-files", (char *) "dev", (char *) "-p", out_dir,
                      (char *) "-o", NULL };
    char *status[] = { cli, (char *) "status", NULL };
    char *status_o[] = { (char *) against, (char *) "status", NULL };
    Command cmds[] = {
      { "diff dev (in sync)", diff, against ? diff_o : NULL, BUDGET_DIFF_S, BUDGET_DIFF_MB, FALSE },
      { "generate-files dev -o", gen, against ? gen_o : NULL, 0, 0, FALSE },
      { "status (no cache)", status, against ? status_o : NULL, 0, 0, FALSE },
      { "status (cached)", status, against ? status_o : NULL, BUDGET_STATUS_S, 0, TRUE },
    };
    Run check;

    /* In sync: exit 0. */
    check = run (project, diff);
    if (check.status != 0)
      g_error ("liminal diff dev exited with %d: the model does not match the tenant", check.status);
    for (guint i = 0; i < G_N_ELEMENTS (cmds); i++)
      measure (project, &cmds[i], rounds);
  }

  /* Stopped (it writes its state at exit) before its folder goes. */
  kill (sandbox, SIGTERM);
  waitpid (sandbox, NULL, 0);
  g_spawn_close_pid (sandbox);
  g_io_channel_unref (sandbox_out);
  {
    char *rm[] = { (char *) "/bin/rm", (char *) "-rf", tmp, NULL };
    run ("/", rm);
  }
  g_strfreev (child_env);
  g_strfreev (child_env_cached);
  return 0;
}
