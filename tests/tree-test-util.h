/* tree-test-util.h — scratch folders for tests: copy a folder's files,
 * remove a tree.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Copies the regular files directly in @from into @to (created;
 * asserts): all of them, or with @suffix those whose name ends so. */
void tree_test_copy_dir    (const char *from,
                            const char *to,
                            const char *suffix);
/* Removes @path and everything under it, as far as it can. */
void tree_test_remove_tree (const char *path);

G_END_DECLS
