/* lim-demo.c — the demo project: the repository's history in a temporary
 * folder, with in-process sandbox tenants.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include <errno.h>

#include "lim-demo.h"

struct _LimDemo
{
  /* Owned References */
  GPtrArray *sandboxes;
  char      *dir;
};

const char *
lim_demo_get_versions_dir (void)
{
  /* A build run from the source tree uses the source tree's history; an
   * installed build its installed copy. */
  if (g_file_test (LIM_DEMO_SOURCE_VERSIONS, G_FILE_TEST_IS_DIR))
    return LIM_DEMO_SOURCE_VERSIONS;

  return LIM_DEMO_INSTALLED_VERSIONS;
}

static gboolean
copy_versions (const char *from,
               const char *to,
               GError    **error)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_mkdir_with_parents (to, 0700) != 0)
    {
      int errsv = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv),
                   "%s: %s", to, g_strerror (errsv));
      return FALSE;
    }

  dir = g_dir_open (from, 0, error);
  if (dir == NULL)
    return FALSE;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *src = g_build_filename (from, name, NULL);
      g_autofree char *dst = g_build_filename (to, name, NULL);
      g_autofree char *contents = NULL;
      gsize len;

      if (!g_file_test (src, G_FILE_TEST_IS_REGULAR) || !g_str_has_suffix (name, ".py"))
        continue;
      if (!g_file_get_contents (src, &contents, &len, error) ||
          !g_file_set_contents (dst, contents, len, error))
        return FALSE;
    }

  return TRUE;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

/* The demo's tenants: aliases, how far behind head, protected, signing in
 * through single sign-on (the sandbox's identity provider). */
static const struct
{
  const char *alias;
  guint       behind;
  gboolean protected;
  gboolean sso;
} demo_tenants[] = {
  { "dev", 0, FALSE, FALSE },
  { "test", 2, FALSE, FALSE },
  { "staging", 3, FALSE, TRUE },
  { "prod", 4, TRUE, FALSE },
};

/* The demo's secrets: its own tenants' sandboxes accept the default
 * credentials; nothing is read from or written to the keyring for them.
 * A tenant added to the demo needs its secrets entered like anywhere
 * else (Enter Secret…). */
const char *
lim_demo_env (const char *name,
              gpointer    user_data)
{
  for (guint i = 0; i < G_N_ELEMENTS (demo_tenants); i++)
    {
      g_autofree char *prefix = g_ascii_strup (demo_tenants[i].alias, -1);
      g_autofree char *secret = g_strdup_printf ("LIMINAL_%s_CLIENT_SECRET", prefix);
      g_autofree char *password = g_strdup_printf ("LIMINAL_%s_ADMIN_PASSWORD", prefix);

      if (g_str_equal (name, secret))
        return LIM_SANDBOX_DEFAULT_CLIENT_SECRET;
      if (g_str_equal (name, password))
        return LIM_SANDBOX_DEFAULT_ADMIN_PASSWORD;
    }

  return g_getenv (name);
}

LimDemo *
lim_demo_new (GError **error)
{
  g_autofree char *tmp = NULL;
  g_autofree char *root = NULL;
  g_autofree char *versions = NULL;
  g_autofree char *ini_path = NULL;
  g_autoptr(GString) ini = g_string_new (_("# The demo project: local sandbox tenants\n"));
  g_autoptr(GPtrArray) sandboxes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(LimTimeline) timeline = NULL;
  LimDemo *demo;
  guint n;

  tmp = g_dir_make_tmp ("liminal-demo-XXXXXX", error);
  if (tmp == NULL)
    return NULL;
  root = g_build_filename (tmp, "pizzeria", NULL);
  versions = g_build_filename (root, "versions", NULL);
  if (!copy_versions (lim_demo_get_versions_dir (), versions, error))
    {
      remove_tree (tmp);
      return NULL;
    }

  timeline = lim_timeline_load_dir (versions, error);
  if (timeline == NULL)
    {
      remove_tree (tmp);
      return NULL;
    }
  n = lim_timeline_get_n_revisions (timeline);

  for (guint i = 0; i < G_N_ELEMENTS (demo_tenants); i++)
    {
      guint position = n > demo_tenants[i].behind ? n - 1 - demo_tenants[i].behind : 0;
      const char *id = lim_revision_get_id (lim_timeline_get_nth (timeline, position));
      g_autofree char *seed = g_strdup_printf ("demo@%s", id);
      g_autoptr(LimSandbox) sb = lim_sandbox_new (NULL, seed, error);
      g_autofree char *url = NULL;

      if (sb != NULL && demo_tenants[i].sso)
        lim_sandbox_set_sso_enabled (sb, TRUE);
      if (sb == NULL || !lim_sandbox_start (sb, 0, error))
        {
          for (guint j = 0; j < sandboxes->len; j++)
            lim_sandbox_stop (g_ptr_array_index (sandboxes, j));
          remove_tree (tmp);
          return NULL;
        }
      g_object_set_data_full (G_OBJECT (sb), "lim-demo-alias", g_strdup (demo_tenants[i].alias), g_free);
      url = lim_sandbox_get_base_url (sb);
      g_string_append_printf (ini,
                              "\n[%s]\n"
                              "tenant-name = %s\n"
                              "url = %s\n"
                              "client-id = " LIM_SANDBOX_DEFAULT_CLIENT_ID "\n"
                              "admin-email = " LIM_SANDBOX_DEFAULT_ADMIN_EMAIL "\n"
                              "protected = %s\n"
                              "%s",
                              demo_tenants[i].alias, demo_tenants[i].alias, url,
                              demo_tenants[i].protected ? "true" : "false",
                              demo_tenants[i].sso ? "auth = sso\n" : "");
      g_ptr_array_add (sandboxes, g_steal_pointer (&sb));
    }

  ini_path = g_build_filename (root, "tenants.ini", NULL);
  if (!g_file_set_contents (ini_path, ini->str, -1, error))
    {
      for (guint j = 0; j < sandboxes->len; j++)
        lim_sandbox_stop (g_ptr_array_index (sandboxes, j));
      remove_tree (tmp);
      return NULL;
    }

  demo = g_new0 (LimDemo, 1);
  demo->sandboxes = g_steal_pointer (&sandboxes);
  demo->dir = g_steal_pointer (&tmp);

  return demo;
}

void
lim_demo_free (LimDemo *demo)
{
  if (demo == NULL)
    return;

  for (guint i = 0; i < demo->sandboxes->len; i++)
    lim_sandbox_stop (g_ptr_array_index (demo->sandboxes, i));
  g_clear_pointer (&demo->sandboxes, g_ptr_array_unref);
  remove_tree (demo->dir);
  g_clear_pointer (&demo->dir, g_free);
  g_free (demo);
}

const char *
lim_demo_get_dir (LimDemo *demo)
{
  g_return_val_if_fail (demo != NULL, NULL);

  return demo->dir;
}

LimSandbox *
lim_demo_get_sandbox (LimDemo    *demo,
                      const char *alias)
{
  g_return_val_if_fail (demo != NULL, NULL);

  for (guint i = 0; i < demo->sandboxes->len; i++)
    {
      LimSandbox *sb = g_ptr_array_index (demo->sandboxes, i);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (sb), "lim-demo-alias"), alias) == 0)
        return sb;
    }

  return NULL;
}

LimWorkspace *
lim_demo_open_workspace (LimDemo *demo,
                         GError **error)
{
  g_autofree char *root = NULL;
  LimWorkspace *workspace;

  g_return_val_if_fail (demo != NULL, NULL);

  root = g_build_filename (demo->dir, "pizzeria", NULL);
  workspace = lim_workspace_open (root, error);
  if (workspace != NULL)
    {
      lim_workspace_set_env_func (workspace, lim_demo_env, NULL);
      lim_workspace_set_front_end (workspace, "app");
    }

  return workspace;
}
