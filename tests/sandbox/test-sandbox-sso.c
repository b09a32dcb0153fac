/* test-sandbox-sso.c — the single sign-on tenant, walked like a browser:
 * /signin → identity provider → /ext/saml/consume → / with the CSRF
 * token; wrong password, the code step, a remembered browser, expiry, the
 * refused password form, and a 401 that writes nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "sandbox-test-util.h"
#include "sso-browser.h"

#define FORM "application/x-www-form-urlencoded"

static void
sso_setup (SbFixture *fx, gconstpointer data)
{
  sb_fixture_setup (fx, data);
  lim_sandbox_set_sso_enabled (fx->sandbox, TRUE);
}

/* A signed-in browser's session: cookie header and CSRF token. */
typedef struct
{
  char  *cookie;   /* "session=…" */
  char  *csrf;
  gint64 expires_at;
} Signed;

static void
signed_clear (Signed *s)
{
  g_clear_pointer (&s->cookie, g_free);
  g_clear_pointer (&s->csrf, g_free);
}

static void
sign_in (SbFixture *fx, SsoBrowser *b, gboolean remember, Signed *out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;

  g_assert_true (sso_browser_sign_in (b, LIM_SANDBOX_DEFAULT_SSO_USER, LIM_SANDBOX_DEFAULT_SSO_PASSWORD, NULL,
                                      remember, &value, &out->csrf, &out->expires_at, &error));
  g_assert_no_error (error);
  out->cookie = g_strconcat ("session=", value, NULL);
  (void) fx;
}

static SbResp *
api (SbFixture *fx, Signed *s, const char *method, const char *path, const char *json)
{
  return sb_request (fx, method, path, json ? "application/json" : NULL, json, 0, "Cookie", s->cookie,
                     "x-csrftoken", s->csrf, NULL);
}

static guint64
stat_writes (SbFixture *fx)
{
  g_autoptr(SbResp) st = sb_request (fx, "GET", "/_sandbox/stats", NULL, NULL, 0, NULL);

  sb_assert_status (st, 200);
  return (guint64) json_object_get_int_member (sb_obj (st), "writes");
}

/* Every hop of the flow, then the whole flow in a cookie-jar browser. */
static void
test_browser_flow (SbFixture *fx, gconstpointer data)
{
  g_autoptr(SbResp) r1 = sb_request (fx, "GET", "/signin", NULL, NULL, 0, NULL);
  g_autoptr(SbResp) r2 = NULL;
  g_autoptr(SbResp) home = NULL;
  g_autoptr(SsoBrowser) b = sso_browser_new (fx->base);
  g_autoptr(SsoPage) idp = NULL;
  g_autoptr(SsoPage) landed = NULL;
  g_autoptr(SsoPage) replay = NULL;
  g_autofree char *idp_prefix = g_strconcat (fx->base, "/_idp/login?RelayState=", NULL);
  g_autofree char *relay = NULL;
  g_autofree char *form = NULL;
  g_autofree char *session = NULL;
  g_autofree char *meta = NULL;
  g_autofree char *input = NULL;
  g_autofree char *consume_url = NULL;
  Signed s = { 0 };
  gint64 expires = 0;

  sb_assert_status (r1, 302);
  g_assert_true (g_str_has_suffix (sb_header (r1, "Location"), "/ext/saml/signin:begin"));
  r2 = sb_request (fx, "GET", "/ext/saml/signin:begin", NULL, NULL, 0, NULL);
  sb_assert_status (r2, 302);
  g_assert_true (g_str_has_prefix (sb_header (r2, "Location"), idp_prefix));
  home = sb_request (fx, "GET", "/", NULL, NULL, 0, NULL);       /* not signed in */
  sb_assert_status (home, 302);
  g_assert_true (g_str_has_suffix (sb_header (home, "Location"), "/signin"));

  /* the browser: /signin lands on the identity provider's form */
  idp = sso_browser_go (b, "/signin", NULL);
  g_assert_cmpuint (idp->status, ==, 200);
  g_assert_cmpstr (idp->final_path, ==, "/_idp/login");
  g_assert_nonnull (strstr (idp->body, "<title>Sandbox Identity Provider</title>"));
  for (guint i = 0; i < 5; i++)
    {
      const char *ids[] = { "id=\"idp-form\"", "id=\"username\"", "id=\"password\"", "id=\"remember\"",
                            "id=\"submit\"" };
      g_assert_nonnull (strstr (idp->body, ids[i]));
    }
  relay = g_strdup (strstr (idp->final_url, "RelayState=") + strlen ("RelayState="));
  form = soup_form_encode ("RelayState", relay, "username", LIM_SANDBOX_DEFAULT_SSO_USER, "password",
                           LIM_SANDBOX_DEFAULT_SSO_PASSWORD, NULL);
  landed = sso_browser_go (b, "/_idp/login", form);
  g_assert_cmpuint (landed->status, ==, 200);
  g_assert_cmpstr (landed->final_path, ==, "/");
  g_assert_nonnull (strstr (landed->body, "<title>Benchling</title>"));
  session = sso_browser_cookie (b, "session", &expires);
  g_assert_nonnull (session);
  /* the cookie has an expiry: the session lifetime (default one hour) */
  g_assert_cmpint (expires, >=, g_get_real_time () / G_USEC_PER_SEC + 3600 - 60);
  g_assert_cmpint (expires, <=, g_get_real_time () / G_USEC_PER_SEC + 3600 + 60);
  input = sso_find_value (landed->body, "csrf_token");
  meta = sso_find_value (landed->body, "csrf-token");
  g_assert_nonnull (input);
  g_assert_cmpstr (input, ==, meta);
  /* no idp_session without "remember" */
  g_assert_null (sso_browser_cookie (b, "idp_session", NULL));

  /* the session works on the internal API, with its CSRF token only */
  s.cookie = g_strconcat ("session=", session, NULL);
  s.csrf = g_strdup (input);
  {
    g_autoptr(SbResp) ok = api (fx, &s, "GET", "/1/api/tag-schemas/", NULL);
    g_autoptr(SbResp) bad = sb_request (fx, "GET", "/1/api/tag-schemas/", NULL, NULL, 0, "Cookie", s.cookie,
                                        "x-csrftoken", "forged", NULL);
    sb_assert_status (ok, 200);
    sb_assert_status (bad, 403);
  }

  /* the SAML response is one-time */
  consume_url = g_strdup_printf ("/ext/saml/consume?SAMLResponse=forged&RelayState=%s", relay);
  replay = sso_browser_go (b, consume_url, NULL);
  g_assert_cmpuint (replay->status, ==, 400);
  signed_clear (&s);
}

static void
test_wrong_password (SbFixture *fx, gconstpointer data)
{
  g_autoptr(SsoBrowser) b = sso_browser_new (fx->base);
  g_autoptr(SsoPage) idp = sso_browser_go (b, "/signin", NULL);
  g_autoptr(SsoPage) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *relay = g_strdup (strstr (idp->final_url, "RelayState=") + strlen ("RelayState="));
  g_autofree char *form = soup_form_encode ("RelayState", relay, "username", LIM_SANDBOX_DEFAULT_SSO_USER,
                                            "password", "wrong", NULL);
  char *cookie = NULL, *csrf = NULL;

  again = sso_browser_go (b, "/_idp/login", form);
  g_assert_cmpuint (again->status, ==, 200);
  g_assert_cmpstr (again->final_path, ==, "/_idp/login");
  g_assert_nonnull (strstr (again->body, "id=\"idp-error\""));
  g_assert_nonnull (strstr (again->body, "id=\"idp-form\""));
  g_assert_null (sso_browser_cookie (b, "session", NULL));
  /* the scripted sign-in reports the refusal */
  g_assert_false (sso_browser_sign_in (b, LIM_SANDBOX_DEFAULT_SSO_USER, "nope", NULL, FALSE, &cookie, &csrf, NULL,
                                       &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "refused"));
  /* an unknown RelayState is not a sign-in */
  {
    g_autoptr(SsoPage) forged = sso_browser_go (b, "/_idp/login?RelayState=forged", NULL);
    g_assert_cmpuint (forged->status, ==, 400);
  }
}

static void
test_mfa (SbFixture *fx, gconstpointer data)
{
  g_autoptr(SsoBrowser) b = sso_browser_new (fx->base);
  g_autoptr(SsoPage) idp = NULL;
  g_autoptr(SsoPage) mfa = NULL;
  g_autoptr(SsoPage) bad = NULL;
  g_autoptr(SsoPage) landed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *relay = NULL;
  g_autofree char *form = NULL;
  g_autofree char *ticket = NULL;
  g_autofree char *code_form = NULL;
  g_autofree char *cookie = NULL;
  g_autofree char *csrf = NULL;
  g_autofree char *session = NULL;
  const char *p;

  lim_sandbox_set_sso_mfa (fx->sandbox, LIM_SANDBOX_DEFAULT_SSO_MFA_CODE);
  idp = sso_browser_go (b, "/signin", NULL);
  relay = g_strdup (strstr (idp->final_url, "RelayState=") + strlen ("RelayState="));
  form = soup_form_encode ("RelayState", relay, "username", LIM_SANDBOX_DEFAULT_SSO_USER, "password",
                           LIM_SANDBOX_DEFAULT_SSO_PASSWORD, NULL);
  mfa = sso_browser_go (b, "/_idp/login", form);
  g_assert_cmpuint (mfa->status, ==, 200);
  g_assert_nonnull (strstr (mfa->body, "id=\"idp-mfa-form\""));
  g_assert_nonnull (strstr (mfa->body, "id=\"code\""));
  g_assert_nonnull (strstr (mfa->body, "id=\"submit\""));
  g_assert_null (sso_browser_cookie (b, "session", NULL));
  p = strstr (mfa->body, "name=\"ticket\" value=\"") + strlen ("name=\"ticket\" value=\"");
  ticket = g_strndup (p, strchr (p, '"') - p);

  code_form = soup_form_encode ("ticket", ticket, "code", "000000", NULL);
  bad = sso_browser_go (b, "/_idp/mfa", code_form);
  g_assert_nonnull (strstr (bad->body, "id=\"idp-error\""));
  g_assert_nonnull (strstr (bad->body, "id=\"idp-mfa-form\""));
  g_assert_null (sso_browser_cookie (b, "session", NULL));

  g_free (code_form);
  code_form = soup_form_encode ("ticket", ticket, "code", LIM_SANDBOX_DEFAULT_SSO_MFA_CODE, NULL);
  landed = sso_browser_go (b, "/_idp/mfa", code_form);
  g_assert_cmpuint (landed->status, ==, 200);
  g_assert_cmpstr (landed->final_path, ==, "/");
  session = sso_browser_cookie (b, "session", NULL);
  g_assert_nonnull (session);

  /* the scripted browser answers the code step too */
  {
    g_autoptr(SsoBrowser) b2 = sso_browser_new (fx->base);
    g_assert_true (sso_browser_sign_in (b2, LIM_SANDBOX_DEFAULT_SSO_USER, LIM_SANDBOX_DEFAULT_SSO_PASSWORD,
                                        LIM_SANDBOX_DEFAULT_SSO_MFA_CODE, FALSE, &cookie, &csrf, NULL, &error));
    g_assert_no_error (error);
  }
}

/* "Keep me signed in": a returning browser skips the identity provider's
 * form after its tenant session was rejected; a new browser does not. */
static void
test_remember (SbFixture *fx, gconstpointer data)
{
  g_autoptr(SsoBrowser) b = sso_browser_new (fx->base);
  g_autoptr(SsoBrowser) other = sso_browser_new (fx->base);
  g_autoptr(SsoPage) back = NULL;
  g_autoptr(SsoPage) fresh = NULL;
  g_autofree char *idp = NULL;
  g_autofree char *session2 = NULL;
  Signed s = { 0 };

  sign_in (fx, b, TRUE, &s);
  idp = sso_browser_cookie (b, "idp_session", NULL);
  g_assert_nonnull (idp);
  g_assert_cmpuint (lim_sandbox_expire_sessions (fx->sandbox), ==, 1);
  {
    g_autoptr(SbResp) r = api (fx, &s, "GET", "/1/api/tag-schemas/", NULL);
    sb_assert_status (r, 401);
  }
  back = sso_browser_go (b, "/signin", NULL);
  g_assert_cmpuint (back->status, ==, 200);
  g_assert_cmpstr (back->final_path, ==, "/");           /* no form on the way */
  g_assert_null (strstr (back->body, "idp-form"));
  session2 = sso_browser_cookie (b, "session", NULL);
  g_assert_nonnull (session2);
  g_assert_cmpstr (s.cookie + strlen ("session="), !=, session2);
  fresh = sso_browser_go (other, "/signin", NULL);
  g_assert_cmpstr (fresh->final_path, ==, "/_idp/login");
  g_assert_nonnull (strstr (fresh->body, "id=\"idp-form\""));
  signed_clear (&s);
}

/* Sessions expire after --session-lifetime, or all at once through
 * POST /_sandbox/expire-sessions: 401 with Benchling's error body. */
static void
test_expiry (SbFixture *fx, gconstpointer data)
{
  g_autoptr(SsoBrowser) b = sso_browser_new (fx->base);
  g_autoptr(SbResp) cfg = sb_request (fx, "POST", "/_sandbox/config", "application/json",
                                      "{\"sessionLifetime\": 1}", 0, NULL);
  Signed s = { 0 };
  JsonObject *err;

  sb_assert_status (cfg, 200);
  sign_in (fx, b, FALSE, &s);
  g_assert_cmpint (s.expires_at, >=, g_get_real_time () / G_USEC_PER_SEC - 1);
  g_assert_cmpint (s.expires_at, <=, g_get_real_time () / G_USEC_PER_SEC + 2);
  {
    g_autoptr(SbResp) ok = api (fx, &s, "GET", "/1/api/tag-schemas/", NULL);
    sb_assert_status (ok, 200);
  }
  sb_wait_ms (1200);
  {
    g_autoptr(SbResp) expired = api (fx, &s, "GET", "/1/api/tag-schemas/", NULL);
    g_autoptr(SbResp) home = sb_request (fx, "GET", "/", NULL, NULL, 0, "Cookie", s.cookie, NULL);

    sb_assert_status (expired, 401);
    err = json_object_get_object_member (sb_obj (expired), "error");
    g_assert_nonnull (err);
    g_assert_cmpstr (json_object_get_string_member (err, "type"), ==, "unauthorized");
    g_assert_nonnull (json_object_get_string_member (err, "message"));
    sb_assert_status (home, 302);
    g_assert_true (g_str_has_suffix (sb_header (home, "Location"), "/signin"));
  }
  signed_clear (&s);

  /* the control endpoint */
  lim_sandbox_set_session_lifetime (fx->sandbox, 3600);
  sign_in (fx, b, FALSE, &s);
  {
    g_autoptr(SbResp) ok = api (fx, &s, "GET", "/1/api/tag-schemas/", NULL);
    g_autoptr(SbResp) ex = sb_request (fx, "POST", "/_sandbox/expire-sessions", NULL, NULL, 0, NULL);
    g_autoptr(SbResp) after = NULL;

    sb_assert_status (ok, 200);
    sb_assert_status (ex, 200);
    g_assert_cmpint (json_object_get_int_member (sb_obj (ex), "expired"), ==, 1);
    after = api (fx, &s, "GET", "/1/api/tag-schemas/", NULL);
    sb_assert_status (after, 401);
  }
  signed_clear (&s);
}

/* An SSO tenant refuses the password form (with Benchling's message, no
 * cookie); a tenant without SSO answers signin:begin 403 (§7.2). */
static void
test_password_refused (SbFixture *fx, gconstpointer data)
{
  g_autoptr(SbResp) post = sb_request (fx, "POST", "/signin", FORM,
                                       "csrf_token=x&username=admin%40sandbox.test&password=sandbox"
                                       "&signout_on_close=y", 0, NULL);
  g_autoptr(SbResp) begin = NULL;
  g_autoptr(SbResp) page = NULL;

  sb_assert_status (post, 403);
  g_assert_null (sb_header (post, "Set-Cookie"));
  g_assert_nonnull (strstr (sb_body_str (post), "requires you to sign in with single sign-on"));
  lim_sandbox_set_sso_enabled (fx->sandbox, FALSE);
  begin = sb_request (fx, "GET", "/ext/saml/signin:begin", NULL, NULL, 0, NULL);
  sb_assert_status (begin, 403);
  page = sb_request (fx, "GET", "/signin", NULL, NULL, 0, NULL);
  sb_assert_status (page, 200);
}

/* A 401 is never applied: the write answered 401 changes nothing; the
 * same request after signing in again is applied once. */
static void
test_401_writes_nothing (SbFixture *fx, gconstpointer data)
{
  g_autoptr(SsoBrowser) b = sso_browser_new (fx->base);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *body = NULL;
  Signed s = { 0 };
  JsonObject *pizza;
  guint64 writes;

  sign_in (fx, b, FALSE, &s);
  {
    g_autoptr(SbResp) list = api (fx, &s, "GET", "/1/api/tag-schemas/", NULL);
    sb_assert_status (list, 200);
    pizza = sb_find_schema (json_object_get_array_member (sb_obj (list), "data"), "pizza");
    g_assert_nonnull (pizza);
    body = g_strdup_printf ("{\"ids\":[\"%s\"],\"purpose\":\"Made in error\"}",
                            json_object_get_string_member (pizza, "id"));
  }
  lim_sandbox_expire_sessions (fx->sandbox);
  writes = stat_writes (fx);
  before = lim_sandbox_get_state_json (fx->sandbox);
  {
    g_autoptr(SbResp) refused = api (fx, &s, "POST", "/1/api/tag-schemas:bulk-archive", body);
    sb_assert_status (refused, 401);
  }
  after = lim_sandbox_get_state_json (fx->sandbox);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (stat_writes (fx), ==, writes);
  g_assert_cmpuint (lim_sandbox_get_write_count (fx->sandbox), ==, writes);

  signed_clear (&s);
  sign_in (fx, b, FALSE, &s);
  {
    g_autoptr(SbResp) applied = api (fx, &s, "POST", "/1/api/tag-schemas:bulk-archive", body);
    sb_assert_status (applied, 200);
  }
  g_assert_cmpuint (stat_writes (fx), ==, writes + 1);
  signed_clear (&s);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, SbFixture, "basic", sso_setup, func, sb_fixture_teardown)
  ADD ("/sandbox/sso/browser-flow", test_browser_flow);
  ADD ("/sandbox/sso/wrong-password", test_wrong_password);
  ADD ("/sandbox/sso/mfa", test_mfa);
  ADD ("/sandbox/sso/remember", test_remember);
  ADD ("/sandbox/sso/expiry", test_expiry);
  ADD ("/sandbox/sso/password-refused", test_password_refused);
  ADD ("/sandbox/sso/401-writes-nothing", test_401_writes_nothing);
#undef ADD
  return g_test_run ();
}
