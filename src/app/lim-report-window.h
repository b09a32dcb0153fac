/* lim-report-window.h — a run's change-control report: a window that shows
 * it (the tenant page's Activity opens one), and the two things every view
 * that has a run record offers: copy the report, save it (Markdown, HTML or
 * PDF, by the file name's extension).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LIM_TYPE_REPORT_WINDOW (lim_report_window_get_type ())

G_DECLARE_FINAL_TYPE (LimReportWindow, lim_report_window, LIM, REPORT_WINDOW, AdwWindow)

/* @record: a folded run record (lim_run_record_load()). */
LimReportWindow *lim_report_window_new   (GtkWindow  *parent,
                                          JsonObject *record);
JsonObject      *lim_report_window_get_record (LimReportWindow *self);

/* Put @record's report (Markdown) on @widget's clipboard. */
void             lim_report_copy         (GtkWidget  *widget,
                                          JsonObject *record);
/* Ask where, then write @record's report there; a failure is shown in a
 * message dialog on @parent. */
void             lim_report_save         (GtkWindow  *parent,
                                          JsonObject *record);

G_END_DECLS
