/* lim-tenants-ini.c — tenants.ini: the reader, and the writer that keeps
 * every line it does not edit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "lim-project.h"
#include "lim-tenant-private.h"
#include "lim-tenants-ini-private.h"

static const char *const ini_known_keys[] = {
  "tenant-name", "url", "client-id", "admin-email", "auth",
  "schemas-enable-change-warehouse-name", "fieldsets", "protected", "allow-insecure",
  "promote-after",
  NULL
};


/* ------------------------------------------------------------- lines */

static gboolean
line_is_blank_or_comment (const char *line)
{
  while (*line == ' ' || *line == '\t' || *line == '\r')
    line++;
  return *line == '\0' || *line == '#';
}

static gboolean
line_is_comment (const char *line)
{
  while (*line == ' ' || *line == '\t')
    line++;
  return *line == '#';
}

/* The group a "[name]" line opens, or NULL. */
static char *
line_group (const char *line)
{
  const char *close;

  while (*line == ' ' || *line == '\t')
    line++;
  if (*line != '[' || (close = strchr (line, ']')) == NULL)
    return NULL;
  return g_strndup (line + 1, close - line - 1);
}

/* The key of a "key=value" line (with any "[locale]" suffix), or NULL. */
static char *
line_key (const char *line)
{
  const char *eq;
  const char *end;

  while (*line == ' ' || *line == '\t')
    line++;
  if (*line == '#' || *line == '[' || (eq = strchr (line, '=')) == NULL)
    return NULL;
  end = eq;
  while (end > line && (end[-1] == ' ' || end[-1] == '\t'))
    end--;
  return g_strndup (line, end - line);
}

/* Index of the "[group]" line, or -1. */

/* ------------------------------------------------------------ reader */

static gboolean
key_looks_secret (const char *key)
{
  static const char *const words[] = {
    "secret", "password", "passwd", "session", "csrf", "token", "cookie", "credential", NULL
  };
  g_autofree char *lower = g_ascii_strdown (key, -1);

  for (guint i = 0; words[i] != NULL; i++)
    if (strstr (lower, words[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* 1-based line of "[group]" (key NULL) or of "key=" inside it; 0 if not found. */
static guint
ini_find_line (const char *text,
               const char *group,
               const char *key)
{
  gboolean in_group = FALSE;
  guint line = 0;
  const char *p = text;

  while (p != NULL && *p != '\0')
    {
      const char *end = strchr (p, '\n');
      gsize len = end != NULL ? (gsize) (end - p) : strlen (p);
      const char *s = p;
      const char *e = p + len;

      line++;
      while (s < e && (*s == ' ' || *s == '\t'))
        s++;
      if (s < e && *s == '[')
        {
          const char *close = memchr (s, ']', e - s);

          in_group = close != NULL && (gsize) (close - s - 1) == strlen (group) &&
                     strncmp (s + 1, group, close - s - 1) == 0;
          if (in_group && key == NULL)
            return line;
        }
      else if (in_group && key != NULL && s < e && *s != '#')
        {
          gsize klen = strlen (key);

          if ((gsize) (e - s) > klen && strncmp (s, key, klen) == 0)
            {
              const char *q = s + klen;

              while (q < e && (*q == ' ' || *q == '\t'))
                q++;
              if (q < e && (*q == '=' || *q == '['))
                return line;
            }
        }
      p = end != NULL ? end + 1 : NULL;
    }
  return 0;
}

static void ini_error (GError    **error,
                       int         code,
                       const char *path,
                       guint       line,
                       const char *format,
                       ...) G_GNUC_PRINTF (5, 6);

static void
ini_error (GError    **error,
           int         code,
           const char *path,
           guint       line,
           const char *format,
           ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (line > 0)
    g_set_error (error, LIM_TENANT_ERROR, code, "%s:%u: %s", path, line, message);
  else
    g_set_error (error, LIM_TENANT_ERROR, code, "%s: %s", path, message);
}

static gboolean
ini_get_bool (GKeyFile   *kf,
              const char *text,
              const char *path,
              const char *group,
              const char *key,
              gboolean    def,
              gboolean   *out,
              GError    **error)
{
  g_autofree char *raw = NULL;

  *out = def;
  if (!g_key_file_has_key (kf, group, key, NULL))
    return TRUE;
  raw = g_key_file_get_value (kf, group, key, NULL);
  if (raw != NULL && (g_strcmp0 (raw, "true") == 0 || g_strcmp0 (raw, "false") == 0))
    {
      *out = g_strcmp0 (raw, "true") == 0;
      return TRUE;
    }
  /* Never the value: it may be a secret pasted on the wrong line. */
  ini_error (error, LIM_TENANT_ERROR_INVALID, path, ini_find_line (text, group, key),
             "[%s] %s: expected true or false", group, key);
  return FALSE;
}

static LimTenant *
ini_read_group (GKeyFile   *kf,
                const char *text,
                const char *path,
                const char *group,
                GError    **error)
{
  g_autoptr(LimTenant) tenant = NULL;
  g_auto(GStrv) keys = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *tenant_name = NULL;
  g_autofree char *client_id = NULL;
  g_autofree char *url = NULL;
  g_autofree char *auth = NULL;
  guint group_line = ini_find_line (text, group, NULL);
  gboolean b;

  if ((problem = lim_tenant_alias_problem (group)) != NULL)
    {
      ini_error (error, LIM_TENANT_ERROR_INVALID, path, group_line,
                 "[%s]: %s (the group name is the tenant's alias)", group, problem);
      return NULL;
    }

  keys = g_key_file_get_keys (kf, group, NULL, NULL);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      guint line = ini_find_line (text, group, keys[i]);

      if (key_looks_secret (keys[i]))
        {
          g_autofree char *part = lim_tenant_alias_env_part (group);

          ini_error (error, LIM_TENANT_ERROR_INVALID, path, line,
                     "[%s] %s: secrets never go in " TENANTS_INI "; remove this line and set "
                     "LIMINAL_%s_CLIENT_SECRET / LIMINAL_%s_ADMIN_PASSWORD (or LIMINAL_%s_SESSION "
                     "and LIMINAL_%s_CSRF) in the environment, or store the secret in the desktop "
                     "keyring", group, keys[i], part, part, part, part);
          return NULL;
        }
      if (!g_strv_contains (ini_known_keys, keys[i]))
        {
          g_autofree char *known = g_strjoinv (", ", (char **) ini_known_keys);

          ini_error (error, LIM_TENANT_ERROR_INVALID, path, line,
                     "unknown key “%s” in group [%s] (known keys: %s)", keys[i], group, known);
          return NULL;
        }
    }

  tenant_name = g_key_file_get_string (kf, group, "tenant-name", NULL);
  if (tenant_name == NULL || *tenant_name == '\0')
    {
      ini_error (error, LIM_TENANT_ERROR_INVALID, path, group_line,
                 "group [%s] has no tenant-name (the Benchling tenant, as in "
                 "<tenant-name>.benchling.com)", group);
      return NULL;
    }
  if ((problem = lim_tenant_name_problem (tenant_name)) != NULL)
    {
      ini_error (error, LIM_TENANT_ERROR_INVALID, path, ini_find_line (text, group, "tenant-name"),
                 "[%s] tenant-name: %s", group, problem);
      return NULL;
    }
  client_id = g_key_file_get_string (kf, group, "client-id", NULL);
  if (client_id == NULL || *client_id == '\0')
    {
      ini_error (error, LIM_TENANT_ERROR_INVALID, path, group_line,
                 "group [%s] has no client-id (the Benchling API client id)", group);
      return NULL;
    }

  tenant = lim_tenant_new (group, tenant_name);
  tenant->origin = LIM_TENANT_ORIGIN_TENANTS_INI;
  tenant->source_file = g_strdup (path);
  tenant->source_line = group_line;
  lim_tenant_set_client_id (tenant, client_id);
  {
    g_autofree char *email = g_key_file_get_string (kf, group, "admin-email", NULL);

    lim_tenant_set_admin_email (tenant, email);
  }

  auth = g_key_file_get_string (kf, group, "auth", NULL);
  if (auth != NULL && !lim_tenant_auth_from_string (auth, &tenant->auth))
    {
      ini_error (error, LIM_TENANT_ERROR_INVALID, path, ini_find_line (text, group, "auth"),
                 "[%s] auth: expected “password”, “session” or “sso”", group);
      return NULL;
    }

  if (!ini_get_bool (kf, text, path, group, "schemas-enable-change-warehouse-name", FALSE, &b, error))
    return NULL;
  tenant->schemas_enable_change_warehouse_name = b;
  if (!ini_get_bool (kf, text, path, group, "fieldsets", FALSE, &b, error))
    return NULL;
  tenant->fieldsets = b;
  if (!ini_get_bool (kf, text, path, group, "protected", lim_tenant_alias_is_protected_by_default (group), &b, error))
    return NULL;
  tenant->protected_ = b;
  if (!ini_get_bool (kf, text, path, group, "allow-insecure", FALSE, &b, error))
    return NULL;
  tenant->allow_insecure = b;

  {
    g_autofree char *value = g_key_file_get_string (kf, group, "promote-after", NULL);
    g_auto(GStrv) words = value ? g_regex_split_simple ("[\\s,]+", g_strstrip (value), 0, 0) : NULL;
    g_autoptr(GPtrArray) aliases = g_ptr_array_new ();

    for (guint i = 0; words && words[i]; i++)
      {
        g_autofree char *alias_problem = NULL;

        if (*words[i] == '\0')
          continue;
        if ((alias_problem = lim_tenant_alias_problem (words[i])) != NULL || g_str_equal (words[i], group))
          {
            ini_error (error, LIM_TENANT_ERROR_INVALID, path, ini_find_line (text, group, "promote-after"),
                       "[%s] promote-after: “%s”: %s", group, words[i],
                       alias_problem ? alias_problem : "a tenant cannot follow itself");
            return NULL;
          }
        g_ptr_array_add (aliases, words[i]);
      }
    g_ptr_array_add (aliases, NULL);
    lim_tenant_set_promote_after (tenant, (const char *const *) aliases->pdata);
  }

  url = g_key_file_get_string (kf, group, "url", NULL);
  if (url != NULL && *url != '\0')
    {
      g_clear_pointer (&problem, g_free);
      if ((problem = lim_tenant_url_problem (url, tenant->allow_insecure)) != NULL)
        {
          ini_error (error, LIM_TENANT_ERROR_INVALID, path, ini_find_line (text, group, "url"),
                     "[%s] url: %s", group, problem);
          return NULL;
        }
      lim_tenant_set_url_override (tenant, url);
    }

  return g_steal_pointer (&tenant);
}

static gboolean
is_key_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_' || c == '.';
}

/* Every line is blank, a comment, "[group]" or "key=value". GKeyFile's own
 * message for a bad line quotes the whole line, and that may hold a secret
 * pasted without its "=": report the file, the line and at most the word
 * that looks like the key. */
static gboolean
ini_check_lines (const char *text,
                 const char *path,
                 GError    **error)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *s = lines[i];
      const char *k;
      g_autofree char *key = NULL;
      g_autofree char *group = NULL;

      if (line_is_blank_or_comment (s))
        continue;
      if ((group = line_group (s)) != NULL)
        continue;
      while (*s == ' ' || *s == '\t')
        s++;
      if (*s != '=' && *s != '[' && strchr (s, '=') != NULL)
        continue;
      for (k = s; is_key_char (*k); k++)
        ;
      /* A lone word may be the secret itself; a word then a space is a key. */
      if (k > s && (*k == ' ' || *k == '\t' || *k == ':'))
        {
          key = g_strndup (s, k - s);
          ini_error (error, LIM_TENANT_ERROR_INVALID, path, i + 1,
                     "“%s”: not a “key=value” line (the value is not shown)", key);
        }
      else
        ini_error (error, LIM_TENANT_ERROR_INVALID, path, i + 1,
                   "not a “[group]”, “key=value” or “# comment” line (its text is not shown)");
      return FALSE;
    }
  return TRUE;
}

/* GKeyFile merges a group given twice; for tenants that hides a mistake. */
static gboolean
ini_check_duplicate_groups (const char *text,
                            const char *path,
                            GError    **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *name = line_group (lines[i]);
      gpointer first;

      if (name == NULL)
        continue;
      if (g_hash_table_lookup_extended (seen, name, NULL, &first))
        {
          ini_error (error, LIM_TENANT_ERROR_INVALID, path, i + 1,
                     "group [%s] is defined twice (first on line %u)", name, GPOINTER_TO_UINT (first));
          g_free (name);
          return FALSE;
        }
      g_hash_table_insert (seen, name, GUINT_TO_POINTER (i + 1));
    }
  return TRUE;
}

gboolean
lim_tenants_ini_load (const char *path,
                      GPtrArray  *tenants,
                      gboolean   *present,
                      GError    **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GError) local = NULL;
  g_auto(GStrv) groups = NULL;
  gsize len = 0;

  if (!lim_tenant_read_config_file (path, &text, &len, present, error))
    return FALSE;
  if (!*present)
    return TRUE;

  if (!ini_check_lines (text, path, error))
    return FALSE;
  if (!g_key_file_load_from_data (kf, text, len, G_KEY_FILE_NONE, &local))
    {
      /* Only what ini_check_lines() lets through reaches here (an invalid
       * key name, an encoding): GKeyFile quotes at most a key or a group. */
      g_set_error (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_INVALID, "%s: %s", path, local->message);
      return FALSE;
    }

  if (!ini_check_duplicate_groups (text, path, error))
    return FALSE;

  groups = g_key_file_get_groups (kf, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      LimTenant *tenant = ini_read_group (kf, text, path, groups[i], error);

      if (tenant == NULL)
        return FALSE;
      g_ptr_array_add (tenants, tenant);
    }
  return TRUE;
}


/* ------------------------------------------------------------ writer */

/* tenants.ini is rewritten line by line so that every line outside the
 * edited group stays byte for byte what it was (GKeyFile's own writer moves
 * blank lines and comments around). */

static int
lines_find_group (GPtrArray  *lines,
                  const char *group)
{
  for (guint i = 0; i < lines->len; i++)
    {
      g_autofree char *name = line_group (lines->pdata[i]);

      if (name != NULL && strcmp (name, group) == 0)
        return (int) i;
    }
  return -1;
}

/* The end of the group that starts at @header: the next header, or the end. */
static guint
lines_group_end (GPtrArray *lines,
                 guint      header)
{
  for (guint i = header + 1; i < lines->len; i++)
    {
      g_autofree char *name = line_group (lines->pdata[i]);

      if (name != NULL)
        return i;
    }
  return lines->len;
}

/* The first line of the comment block right above @index. */
static guint
lines_comment_start (GPtrArray *lines,
                     guint      index)
{
  while (index > 0 && line_is_comment (lines->pdata[index - 1]))
    index--;
  return index;
}

static void
lines_remove_group (GPtrArray *lines,
                    guint      header)
{
  guint end = lines_group_end (lines, header);
  guint start = lines_comment_start (lines, header);

  if (end < lines->len)
    end = lines_comment_start (lines, end);
  g_ptr_array_remove_range (lines, start, end - start);
  /* Do not leave two blank lines (or a blank last line) where it was. */
  if (start > 0 && line_is_blank_or_comment (lines->pdata[start - 1]) &&
      !line_is_comment (lines->pdata[start - 1]) &&
      (start == lines->len ||
       (line_is_blank_or_comment (lines->pdata[start]) && !line_is_comment (lines->pdata[start]))))
    g_ptr_array_remove_index (lines, start - 1);
}

static char *
ini_escape (const char *value)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();

  g_key_file_set_string (kf, "g", "k", value);
  return g_key_file_get_value (kf, "g", "k", NULL);
}

/* Sets (value != NULL) or removes (value == NULL) @key in the group whose
 * header is at @header.  A line whose value is already @value is left alone;
 * a new key goes after the group's last key. */
static void
lines_set (GPtrArray  *lines,
           guint       header,
           const char *key,
           const char *value)
{
  g_autofree char *escaped = value != NULL ? ini_escape (value) : NULL;
  guint end = lines_group_end (lines, header);
  guint last_key = header;
  gboolean done = FALSE;

  for (guint i = header + 1; i < end;)
    {
      g_autofree char *k = line_key (lines->pdata[i]);

      if (k == NULL || strcmp (k, key) != 0)
        {
          if (k != NULL)
            last_key = i;
          i++;
          continue;
        }
      if (escaped == NULL || done)
        {
          g_ptr_array_remove_index (lines, i);
          end--;
          continue;
        }
      {
        const char *eq = strchr (lines->pdata[i], '=') + 1;

        while (*eq == ' ' || *eq == '\t')
          eq++;
        if (strcmp (eq, escaped) != 0)
          {
            g_free (lines->pdata[i]);
            lines->pdata[i] = g_strdup_printf ("%s=%s", key, escaped);
          }
      }
      done = TRUE;
      last_key = i;
      i++;
    }
  if (escaped != NULL && !done)
    g_ptr_array_insert (lines, last_key + 1, g_strdup_printf ("%s=%s", key, escaped));
}

static void
lines_set_bool (GPtrArray  *lines,
                GKeyFile   *kf,
                guint       header,
                const char *group,
                const char *key,
                gboolean    value,
                gboolean    def)
{
  if (value != def || g_key_file_has_key (kf, group, key, NULL))
    lines_set (lines, header, key, value ? "true" : "false");
}

static GPtrArray *
lines_split (const char *text)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) split = g_strsplit (text != NULL ? text : "", "\n", -1);
  guint n = g_strv_length (split);

  /* A final newline does not start another line. */
  if (n > 0 && *split[n - 1] == '\0')
    n--;
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (lines, g_strdup (split[i]));
  return lines;
}

static char *
lines_join (GPtrArray *lines)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < lines->len; i++)
    {
      g_string_append (out, lines->pdata[i]);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

gboolean
lim_tenants_ini_save (const char *path,
                      LimTenant  *tenant,
                      const char *remove_alias,
                      GError    **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GKeyFile) check = g_key_file_new ();
  g_autoptr(GError) local = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *text = NULL;
  g_autofree char *data = NULL;
  gboolean present;
  gsize len = 0;

  if (!lim_tenant_read_config_file (path, &text, &len, &present, error))
    return FALSE;
  if (present && (memchr (text, '\0', len) != NULL ||
                  !g_key_file_load_from_data (kf, text, len, G_KEY_FILE_NONE, &local)))
    {
      g_set_error (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_INVALID, "%s: %s", path,
                   local != NULL ? local->message : "the file holds a NUL byte");
      return FALSE;
    }
  lines = lines_split (text);

  if (remove_alias != NULL && (tenant == NULL || strcmp (remove_alias, tenant->alias) != 0))
    {
      int header = lines_find_group (lines, remove_alias);

      if (header >= 0)
        lines_remove_group (lines, header);
      else if (tenant == NULL)
        {
          g_set_error (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_NOT_FOUND, "%s: no group [%s]",
                       path, remove_alias);
          return FALSE;
        }
    }

  if (tenant != NULL)
    {
      const char *group = tenant->alias;
      int found = lines_find_group (lines, group);
      guint header;

      if (found < 0)
        {
          if (lines->len > 0 && !(line_is_blank_or_comment (lines->pdata[lines->len - 1]) &&
                                  !line_is_comment (lines->pdata[lines->len - 1])))
            g_ptr_array_add (lines, g_strdup (""));
          g_ptr_array_add (lines, g_strdup_printf ("[%s]", group));
          header = lines->len - 1;
        }
      else
        {
          guint end;

          header = (guint) found;
          /* Unknown or secret-looking keys would make the file unreadable. */
          end = lines_group_end (lines, header);
          for (guint i = header + 1; i < end;)
            {
              g_autofree char *k = line_key (lines->pdata[i]);

              if (k != NULL && !g_strv_contains (ini_known_keys, k))
                {
                  g_ptr_array_remove_index (lines, i);
                  end--;
                }
              else
                i++;
            }
        }

      lines_set (lines, header, "tenant-name", tenant->tenant_name);
      lines_set (lines, header, "url", tenant->url_override);
      lines_set (lines, header, "client-id", tenant->client_id);
      lines_set (lines, header, "admin-email", tenant->admin_email);
      if (tenant->auth != LIM_TENANT_AUTH_PASSWORD || g_key_file_has_key (kf, group, "auth", NULL))
        lines_set (lines, header, "auth", lim_tenant_auth_to_string (tenant->auth));
      lines_set_bool (lines, kf, header, group, "schemas-enable-change-warehouse-name",
                      tenant->schemas_enable_change_warehouse_name, FALSE);
      lines_set_bool (lines, kf, header, group, "fieldsets", tenant->fieldsets, FALSE);
      lines_set_bool (lines, kf, header, group, "protected", tenant->protected_,
                      lim_tenant_alias_is_protected_by_default (group));
      lines_set_bool (lines, kf, header, group, "allow-insecure", tenant->allow_insecure, FALSE);
      {
        g_autofree char *gates = tenant->promote_after ? g_strjoinv (", ", tenant->promote_after) : NULL;
        lines_set (lines, header, "promote-after", gates);
      }
    }

  data = lines_join (lines);
  /* What we write must read back. */
  if (!g_key_file_load_from_data (check, data, -1, G_KEY_FILE_NONE, &local))
    {
      g_set_error (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_INVALID, "%s: %s", path, local->message);
      return FALSE;
    }
  if (!lim_write_file_atomic (path, data, -1, &local))
    {
      g_set_error (error, LIM_TENANT_ERROR, LIM_TENANT_ERROR_IO, "%s", local->message);
      return FALSE;
    }
  return TRUE;
}
