/* lim-run.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lim-run.h"

#define SHORT_ID_LEN 7

char *
lim_run_short_id (const char *id)
{
  if (id == NULL)
    return g_strdup (_("none"));

  return g_strndup (id, SHORT_ID_LEN);
}

char *
lim_run_describe_revision (LimTimeline *timeline,
                           const char  *id)
{
  LimRevision *rev = id != NULL ? lim_timeline_lookup (timeline, id) : NULL;
  g_autofree char *sid = lim_run_short_id (id);
  const char *description = rev != NULL ? lim_revision_get_description (rev) : NULL;

  if (description == NULL || description[0] == '\0')
    return g_steal_pointer (&sid);

  /* Translators: a short revision id, then its description */
  return g_strdup_printf (_("%s (%s)"), sid, description);
}
