/* lim-sandbox-sso.h — single sign-on: the tenant's SAML endpoints and the
 * small identity provider served under /_idp/ (private)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The browser flow of an SSO tenant (LsServer.sso):
 *   GET /signin                    302 /ext/saml/signin:begin
 *   GET /ext/saml/signin:begin     302 <base>/_idp/login?RelayState=R
 *   GET /_idp/login                the IdP's form (#idp-form: username,
 *                                  password, remember, RelayState) — or, with
 *                                  a remembered idp_session cookie, straight
 *                                  back to the tenant
 *   POST /_idp/login               wrong: the form again with #idp-error;
 *                                  with MFA: #idp-mfa-form (code) posting to
 *                                  /_idp/mfa; else 302 to the tenant's
 *   GET /ext/saml/consume?SAMLResponse=S&RelayState=R
 *                                  Set-Cookie session=…; Path=/; HttpOnly;
 *                                  Max-Age=<lifetime>, 302 /
 *   GET /                          the app page carrying the CSRF token
 *                                  (#csrf_token, meta csrf-token); without
 *                                  a valid session 302 /signin
 */

#pragma once

#include "lim-sandbox-http.h"

G_BEGIN_DECLS

/* Route handlers (the tenant's realm) */
void ls_sso_home        (LsRequest         *req);
void ls_sso_saml_begin  (LsRequest         *req);
void ls_sso_saml_consume (LsRequest        *req);

/* Everything under /_idp/ (not counted, not rate limited: another site). */
void ls_sso_idp_handle  (LsServer          *server,
                         SoupServerMessage *msg,
                         const char        *path,
                         GHashTable        *query);

G_END_DECLS
