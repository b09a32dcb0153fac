/* bench-tenant.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bench-tenant.h"

void
bench_seed_big_tenant (LimSandbox *sandbox,
                       guint       n_schemas,
                       guint       n_fields,
                       guint       n_dropdowns)
{
  g_autoptr(GPtrArray) dropdowns = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  lim_sandbox_set_autosave (sandbox, FALSE, NULL);
  for (guint i = 0; i < n_dropdowns; i++)
    {
      g_autofree char *name = g_strdup_printf ("Dropdown %04u", i);
      const char *opts[] = { "Alpha", "Beta", "Gamma", "Delta", NULL };
      char *id = lim_sandbox_create_dropdown (sandbox, name, opts, &error);

      if (id == NULL)
        g_error ("%s", error->message);
      g_ptr_array_add (dropdowns, id);
    }
  for (guint i = 0; i < n_schemas; i++)
    {
      g_autoptr(GString) s = g_string_new (NULL);
      g_autofree char *id = NULL;

      g_string_append_printf (s, "{\"name\":\"Bench Schema %04u\",\"prefix\":\"BS%04uX\",\"type\":\"custom_entity\","
                              "\"labelingStrategies\":[\"NEW_IDS\"],\"fields\":[", i, i);
      for (guint j = 0; j < n_fields; j++)
        {
          if (j % 4 == 3 && n_dropdowns)
            g_string_append_printf (s, "%s{\"name\":\"Choice %u\",\"systemName\":\"choice_%u\",\"fieldType\":"
                                    "\"dropdown\",\"dropdownId\":\"%s\"}", j ? "," : "", j, j,
                                    (char *) g_ptr_array_index (dropdowns, (i + j) % n_dropdowns));
          else
            g_string_append_printf (s, "%s{\"name\":\"Text %u\",\"systemName\":\"text_%u\",\"fieldType\":\"text\"}",
                                    j ? "," : "", j, j);
        }
      g_string_append (s, "]}");
      id = lim_sandbox_create_entity_schema (sandbox, s->str, &error);
      if (id == NULL)
        g_error ("%s", error->message);
    }
}
