/* lim-status-badge.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lim-status-badge.h"

#define STATUS_CLASS_KEY "lim-status-class"

gboolean
lim_status_badge_update (GtkLabel      *label,
                         LimTenantItem *item)
{
  const char *old_class;
  g_autofree char *text = NULL;
  gboolean shown;

  g_return_val_if_fail (GTK_IS_LABEL (label), FALSE);
  g_return_val_if_fail (LIM_IS_TENANT_ITEM (item), FALSE);

  old_class = g_object_get_data (G_OBJECT (label), STATUS_CLASS_KEY);
  if (old_class != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (label), old_class);
  g_object_set_data (G_OBJECT (label), STATUS_CLASS_KEY, NULL);

  text = lim_tenant_item_dup_status_label (item);
  shown = !lim_tenant_item_get_loading (item) && text != NULL;
  if (shown)
    {
      const char *status_class = lim_tenant_item_get_status_class (item);

      g_object_set_data_full (G_OBJECT (label), STATUS_CLASS_KEY, g_strdup (status_class), g_free);
      gtk_widget_add_css_class (GTK_WIDGET (label), status_class);
      gtk_label_set_text (label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (label), shown);

  return shown;
}
