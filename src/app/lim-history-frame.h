/* lim-history-frame.h — holds a tenant's history (a list view) as one stop
 * of the Tab chain: GTK 4.8's list view would stop at every row, the arrow
 * keys move between them instead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LIM_TYPE_HISTORY_FRAME (lim_history_frame_get_type ())

G_DECLARE_FINAL_TYPE (LimHistoryFrame, lim_history_frame, LIM, HISTORY_FRAME, GtkWidget)

GtkWidget *lim_history_frame_new (void);

G_END_DECLS
