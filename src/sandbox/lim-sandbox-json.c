/* lim-sandbox-json.c — the sandbox's hand-rolled JSON writer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lim-sandbox-json.h"

void
lsj_sep (GString *s)
{
  char c;

  if (s->len == 0)
    return;
  c = s->str[s->len - 1];
  if (c != '{' && c != '[' && c != ':')
    g_string_append_c (s, ',');
}

static void
lsj_escape (GString    *s,
            const char *v)
{
  const unsigned char *p = (const unsigned char *) v;
  const unsigned char *run = p;

  g_string_append_c (s, '"');
  for (; *p; p++)
    {
      const char *rep;

      if (*p >= 0x20 && *p != '"' && *p != '\\')
        continue;
      if (p > run)
        g_string_append_len (s, (const char *) run, p - run);
      run = p + 1;
      switch (*p)
        {
        case '"':  rep = "\\\""; break;
        case '\\': rep = "\\\\"; break;
        case '\n': rep = "\\n"; break;
        case '\r': rep = "\\r"; break;
        case '\t': rep = "\\t"; break;
        case '\b': rep = "\\b"; break;
        case '\f': rep = "\\f"; break;
        default:   rep = NULL; break;
        }
      if (rep)
        g_string_append (s, rep);
      else
        g_string_append_printf (s, "\\u%04x", *p);
    }
  if (p > run)
    g_string_append_len (s, (const char *) run, p - run);
  g_string_append_c (s, '"');
}

void
lsj_key (GString    *s,
         const char *key)
{
  lsj_sep (s);
  g_string_append_c (s, '"');
  g_string_append (s, key);
  g_string_append (s, "\":");
}

void
lsj_str (GString    *s,
         const char *value)
{
  lsj_sep (s);
  if (value == NULL)
    g_string_append (s, "null");
  else
    lsj_escape (s, value);
}

void
lsj_kstr (GString    *s,
          const char *key,
          const char *value)
{
  lsj_key (s, key);
  lsj_str (s, value);
}

void
lsj_kstrs (GString    *s,
           const char *key,
           const char *value,
           ...)
{
  va_list ap;

  va_start (ap, value);
  while (key != NULL)
    {
      lsj_kstr (s, key, value);
      key = va_arg (ap, const char *);
      if (key != NULL)
        value = va_arg (ap, const char *);
    }
  va_end (ap);
}

void
lsj_kbool (GString    *s,
           const char *key,
           gboolean    value)
{
  lsj_key (s, key);
  g_string_append (s, value ? "true" : "false");
}

void
lsj_kint (GString    *s,
          const char *key,
          gint64      value)
{
  lsj_key (s, key);
  g_string_append_printf (s, "%" G_GINT64_FORMAT, value);
}

void
lsj_knull (GString    *s,
           const char *key)
{
  lsj_key (s, key);
  g_string_append (s, "null");
}

void
lsj_open (GString *s,
          char     c)
{
  lsj_sep (s);
  g_string_append_c (s, c);
}

void
lsj_kopen (GString    *s,
           const char *key,
           char        c)
{
  lsj_key (s, key);
  g_string_append_c (s, c);
}

void
lsj_close (GString *s,
           char     c)
{
  g_string_append_c (s, c);
}
