/* test-tenant-item.c — LimTenantItem: values and notify discipline.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lim-tenant-item.h"

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static LimTenantStatus *
make_status (LimTenantState  state,
             const char     *revision)
{
  LimTenantStatus *status = g_new0 (LimTenantStatus, 1);

  status->state = state;
  status->alias = g_strdup ("prod");
  status->revision = g_strdup (revision);
  status->behind = state == LIM_TENANT_STATE_BEHIND ? 3 : 0;

  return status;
}

static void
test_loading (void)
{
  g_autoptr(LimTenant) tenant = lim_tenant_new ("prod", "acme");
  LimTenantItem *item = lim_tenant_item_new (tenant);
  guint notified = 0;
  gboolean loading;

  g_assert_cmpstr (lim_tenant_item_get_alias (item), ==, "prod");
  g_assert_false (lim_tenant_item_get_loading (item));
  g_assert_null (lim_tenant_item_get_status (item));
  g_assert_null (lim_tenant_item_get_status_class (item));
  g_assert_null (lim_tenant_item_dup_status_label (item));

  g_signal_connect (item, "notify::loading", G_CALLBACK (count_notify), &notified);
  lim_tenant_item_set_loading (item, TRUE);
  g_assert_cmpuint (notified, ==, 1);
  lim_tenant_item_set_loading (item, TRUE);
  g_assert_cmpuint (notified, ==, 1);
  g_object_set (item, "loading", FALSE, NULL);
  g_assert_cmpuint (notified, ==, 2);
  g_object_get (item, "loading", &loading, NULL);
  g_assert_false (loading);

  g_assert_finalize_object (item);
}

static void
test_status (void)
{
  g_autoptr(LimTenant) tenant = lim_tenant_new ("prod", "acme");
  LimTenantItem *item = lim_tenant_item_new (tenant);
  guint notified = 0;
  g_autofree char *label = NULL;

  g_signal_connect (item, "notify::status", G_CALLBACK (count_notify), &notified);

  lim_tenant_item_take_status (item, make_status (LIM_TENANT_STATE_BEHIND, "a1f0c3d2e4b5"));
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpstr (lim_tenant_item_get_revision (item), ==, "a1f0c3d2e4b5");
  g_assert_cmpstr (lim_tenant_item_get_status_class (item), ==, "warning");
  label = lim_tenant_item_dup_status_label (item);
  g_assert_cmpstr (label, ==, "3 behind");

  lim_tenant_item_take_status (item, make_status (LIM_TENANT_STATE_UP_TO_DATE, "4e2c8a9d5b70"));
  g_assert_cmpuint (notified, ==, 2);
  g_assert_cmpstr (lim_tenant_item_get_status_class (item), ==, "success");

  lim_tenant_item_take_status (item, make_status (LIM_TENANT_STATE_UNREACHABLE, NULL));
  g_assert_cmpstr (lim_tenant_item_get_status_class (item), ==, "error");
  g_assert_null (lim_tenant_item_get_revision (item));

  lim_tenant_item_take_status (item, NULL);
  g_assert_cmpuint (notified, ==, 4);
  g_assert_null (lim_tenant_item_get_status (item));

  g_assert_finalize_object (item);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/liminal/tenant-item/loading", test_loading);
  g_test_add_func ("/liminal/tenant-item/status", test_status);

  return g_test_run ();
}
