/* lim-project.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <string.h>
#include <unistd.h>

#include "lim-project.h"
#include "lim-revision.h"

G_DEFINE_QUARK (lim-project-error-quark, lim_project_error)

struct _LimProject
{
  gatomicrefcount ref_count;
  char           *root;
  char           *config_dir;
  char           *versions_dir;
  char           *name;
  gboolean        flat;
  LimTimeline    *timeline;
};

static LimProject *
project_new (const char *root,
             gboolean    flat)
{
  LimProject *self = g_new0 (LimProject, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->root = g_strdup (root);
  self->flat = flat;
  self->config_dir = flat ? g_strdup (root) : g_build_filename (root, "liminal", NULL);
  self->versions_dir = g_build_filename (self->config_dir, "versions", NULL);
  self->name = g_path_get_basename (root);
  return self;
}

LimProject *
lim_project_ref (LimProject *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
lim_project_unref (LimProject *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->root);
  g_free (self->config_dir);
  g_free (self->versions_dir);
  g_free (self->name);
  g_clear_pointer (&self->timeline, lim_timeline_unref);
  g_free (self);
}

static char *
absolute_dir (const char *start)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *cwd = g_get_current_dir ();

  if (start == NULL)
    return g_steal_pointer (&cwd);
  file = g_file_new_for_commandline_arg_and_cwd (start, cwd);
  return g_file_get_path (file);
}

LimProject *
lim_project_discover (const char *start,
                      GError    **error)
{
  g_autofree char *dir = absolute_dir (start);

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, LIM_PROJECT_ERROR, LIM_PROJECT_ERROR_NOT_FOUND, "%s is not a folder", dir);
      return NULL;
    }

  for (char *here = g_strdup (dir); here != NULL;)
    {
      g_autofree char *liminal_versions = g_build_filename (here, "liminal", "versions", NULL);
      g_autofree char *flat_versions = g_build_filename (here, "versions", NULL);
      g_autofree char *parent = NULL;

      if (g_file_test (liminal_versions, G_FILE_TEST_IS_DIR))
        {
          LimProject *project = project_new (here, FALSE);
          g_free (here);
          return project;
        }
      if (g_file_test (flat_versions, G_FILE_TEST_IS_DIR))
        {
          LimProject *project = project_new (here, TRUE);
          g_free (here);
          return project;
        }
      parent = g_path_get_dirname (here);
      if (strcmp (parent, here) == 0)
        {
          g_free (here);
          break;
        }
      g_free (here);
      here = g_steal_pointer (&parent);
    }

  g_set_error (error, LIM_PROJECT_ERROR, LIM_PROJECT_ERROR_NOT_FOUND,
               "No Liminal project found in %s or any folder above it: a project holds liminal/versions/ "
               "(or versions/). Run `liminal init` to start one, or pass -C DIR.", dir);
  return NULL;
}

const char *
lim_project_get_root (LimProject *self)
{
  return self->root;
}
const char *
lim_project_get_config_dir (LimProject *self)
{
  return self->config_dir;
}
const char *
lim_project_get_versions_dir (LimProject *self)
{
  return self->versions_dir;
}
gboolean
lim_project_is_flat (LimProject *self)
{
  return self->flat;
}
const char *
lim_project_get_name (LimProject *self)
{
  return self->name;
}

char *
lim_project_relative_path (LimProject *self,
                           const char *path)
{
  g_autoptr(GFile) root = g_file_new_for_path (self->root);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  char *relative = g_file_get_relative_path (root, file);

  return relative ? relative : g_strdup (path);
}

LimTimeline *
lim_project_load_timeline (LimProject *self,
                           GError    **error)
{
  if (self->timeline == NULL)
    self->timeline = lim_timeline_load_dir (self->versions_dir, error);
  return self->timeline;
}

gboolean
lim_write_file_atomic (const char *path,
                       const char *contents,
                       gssize      len,
                       GError    **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmpl = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  int fd;
  gsize remaining;
  const char *p = contents;

  if (len < 0)
    len = strlen (contents);
  fd = g_mkstemp_full (tmpl, O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "Cannot write %s: %s", path,
                   g_strerror (saved));
      return FALSE;
    }
  remaining = len;
  while (remaining > 0)
    {
      ssize_t n = write (fd, p, remaining);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;
          close (fd);
          g_unlink (tmpl);
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "Cannot write %s: %s", path,
                       g_strerror (saved));
          return FALSE;
        }
      p += n;
      remaining -= n;
    }
  if (fsync (fd) != 0 || close (fd) != 0 || g_rename (tmpl, path) != 0)
    {
      int saved = errno;
      g_unlink (tmpl);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "Cannot write %s: %s", path,
                   g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static const char tenants_template[] =
  "# Tenants of this Liminal project, one group per alias.\n"
  "# Secrets never go in this file: set LIMINAL_<ALIAS>_CLIENT_SECRET and\n"
  "# LIMINAL_<ALIAS>_ADMIN_PASSWORD in the environment, or store them in the\n"
  "# desktop keyring with Liminal Desktop.\n"
  "#\n"
  "# [prod]\n"
  "# tenant-name=pizzahouse-prod\n"
  "# client-id=\n"
  "# admin-email=\n"
  "# auth=password\n"
  "# schemas-enable-change-warehouse-name=false\n";

LimProject *
lim_project_init (const char *dir,
                  char      **init_file,
                  GError    **error)
{
  g_autofree char *root = absolute_dir (dir);
  g_autofree char *liminal_dir = g_build_filename (root, "liminal", NULL);
  g_autofree char *versions_dir = g_build_filename (liminal_dir, "versions", NULL);
  g_autofree char *id = lim_revision_new_id ();
  g_autoptr(LimRevision) revision = lim_revision_new (id, NULL, "Initial init revision", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d %H:%M:%S");
  g_autofree char *file_name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *tenants = NULL;

  if (g_file_test (liminal_dir, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, LIM_PROJECT_ERROR, LIM_PROJECT_ERROR_EXISTS,
                   "Liminal CLI already initialized. liminal/ already exists in %s. Please delete it "
                   "before running init.", root);
      return NULL;
    }
  if (!g_file_test (root, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, LIM_PROJECT_ERROR, LIM_PROJECT_ERROR_NOT_FOUND, "%s is not a folder", root);
      return NULL;
    }

  lim_revision_set_create_date (revision, date);
  file_name = lim_revision_file_name (revision);
  path = g_build_filename (versions_dir, file_name, NULL);
  text = lim_revision_to_python (revision);
  tenants = g_build_filename (liminal_dir, "tenants.ini", NULL);

  if (g_mkdir (liminal_dir, 0755) != 0)
    {
      int saved = errno;
      g_set_error (error, LIM_PROJECT_ERROR, LIM_PROJECT_ERROR_IO, "Cannot create %s: %s", liminal_dir,
                   g_strerror (saved));
      return NULL;
    }
  if (g_mkdir (versions_dir, 0755) != 0 ||
      !lim_write_file_atomic (path, text, -1, error) ||
      !lim_write_file_atomic (tenants, tenants_template, -1, error))
    {
      /* Leave nothing behind. */
      g_unlink (path);
      g_unlink (tenants);
      g_rmdir (versions_dir);
      g_rmdir (liminal_dir);
      if (error && *error == NULL)
        g_set_error (error, LIM_PROJECT_ERROR, LIM_PROJECT_ERROR_IO, "Cannot create %s", versions_dir);
      return NULL;
    }

  if (init_file)
    *init_file = g_build_filename ("liminal", "versions", file_name, NULL);
  return project_new (root, FALSE);
}
