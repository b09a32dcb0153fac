/* sandbox-test-util.h — helpers for the sandbox tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test starts its own in-process LimSandbox on an ephemeral port and
 * talks to it with an asynchronous SoupSession, iterating the default main
 * context until the response arrives (never a synchronous send from the
 * server's own thread).
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "lim-sandbox.h"

typedef struct
{
  guint               status;
  GBytes             *body;
  SoupMessageHeaders *headers;
  GError             *error;
  JsonParser         *parser;
} SbResp;

typedef struct
{
  LimSandbox  *sandbox;
  char        *base;
  SoupSession *session;
  char        *token;
  char        *cookie;
  char        *csrf;
  char        *tmpdir;
  char        *state_path;
  char        *running_state; /* the state file of the running sandbox */
} SbFixture;

void        sb_fixture_setup    (SbFixture *fx, gconstpointer data);  /* data: seed or NULL */
void        sb_fixture_teardown (SbFixture *fx, gconstpointer data);
void        sb_fixture_start    (SbFixture *fx, const char *state_path, const char *seed);
void        sb_fixture_stop     (SbFixture *fx);

SbResp     *sb_request   (SbFixture *fx, const char *method, const char *path,
                          const char *content_type, const char *body,
                          guint flags, ...) G_GNUC_NULL_TERMINATED; /* header name/value pairs */
SbResp     *sb_public    (SbFixture *fx, const char *method, const char *path, const char *json);
SbResp     *sb_internal  (SbFixture *fx, const char *method, const char *path, const char *json);
void        sb_signin    (SbFixture *fx);
void        sb_get_token (SbFixture *fx);
void        sb_resp_free (SbResp *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbResp, sb_resp_free)

JsonNode   *sb_json      (SbResp *r);           /* parsed body (owned by r) */
JsonObject *sb_obj       (SbResp *r);
const char *sb_body_str  (SbResp *r);            /* NUL-terminated body */
const char *sb_header    (SbResp *r, const char *name);
void        sb_wait_ms   (guint ms);              /* iterate the main loop */
JsonObject *sb_find_schema (JsonArray *data, const char *sql);
char       *sb_printf_json (const char *fmt, ...) G_GNUC_PRINTF (1, 2);

#define sb_assert_status(r, s) G_STMT_START { \
    if ((r)->status != (s)) \
      g_error ("%s:%d: expected HTTP %u, got %u: %s", __FILE__, __LINE__, (guint) (s), (r)->status, sb_body_str (r)); \
  } G_STMT_END
