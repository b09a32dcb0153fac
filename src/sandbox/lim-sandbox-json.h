/* lim-sandbox-json.h — the sandbox's hand-rolled JSON writer (private)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Appends to a GString and inserts the separating commas itself, so that
 * views are written in one pass without building a JsonNode tree.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void lsj_sep   (GString    *s);
void lsj_key   (GString    *s,
                const char *key);
void lsj_str   (GString    *s,
                const char *value);   /* NULL → null */
void lsj_kstr  (GString    *s,
                const char *key,
                const char *value);
/* "key":value pairs, as many as given, up to a NULL key. */
void lsj_kstrs (GString    *s,
                const char *key,
                const char *value,
                ...) G_GNUC_NULL_TERMINATED;
void lsj_kbool (GString    *s,
                const char *key,
                gboolean    value);
void lsj_kint  (GString    *s,
                const char *key,
                gint64      value);
void lsj_knull (GString    *s,
                const char *key);
void lsj_open  (GString    *s,
                char        c);       /* '{' or '[' with separator */
void lsj_kopen (GString    *s,
                const char *key,
                char        c);
void lsj_close (GString    *s,
                char        c);

G_END_DECLS
