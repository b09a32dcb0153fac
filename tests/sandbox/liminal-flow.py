#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Drive the sandbox the way Liminal 4.6.2 does (spec §3, §7.2–§7.5).

Usage: liminal-flow.py /path/to/liminal-sandbox

Plain urllib, no client library: the password sign-in with redirects
followed (the final response must carry the session cookie), the CSRF token
scraped from the form, the remote-revision round trip on `liminal_remote`
(alpha create with Liminal's body, then a field rename through the
asynchronous tag-schema update and status polling), and a dropdown option
archive through the internal selector PATCH.  Output is TAP.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def main():
    exe = sys.argv[1]
    tmp = tempfile.mkdtemp(prefix="sandbox-liminal-")
    state = os.path.join(tmp, "state.json")
    proc = subprocess.Popen([exe, "--state", state, "--seed", "empty", "--port", "0",
                             "--rate-limit", "0/30"], stdout=subprocess.PIPE, text=True)
    base = proc.stdout.readline().strip()[len("Listening on "):]
    n = 0
    failed = 0

    def check(ok, desc, detail=""):
        nonlocal n, failed
        n += 1
        print(("ok" if ok else "not ok") + f" {n} - {desc}")
        if not ok:
            failed += 1
            print(f"# {detail}")
        sys.stdout.flush()

    def call(method, path, body=None, headers=None, form=None, follow=True):
        h = dict(headers or {})
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            h["Content-Type"] = "application/json"
        if form is not None:
            data = urllib.parse.urlencode(form).encode()
            h["Content-Type"] = "application/x-www-form-urlencoded"
        opener = urllib.request.build_opener() if follow else urllib.request.build_opener(NoRedirect)
        req = urllib.request.Request(base + path, data=data, method=method, headers=h)
        try:
            with opener.open(req, timeout=30) as r:
                return r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read()

    try:
        # §7.2 step 1: GET /signin without following redirects: 200 = password login
        s, _, _ = call("GET", "/signin", follow=False)
        check(s == 200, "GET /signin answers 200 (password tenant)", s)
        # step 3.1: scrape the csrf token by element id
        s, _, html = call("GET", "/signin")
        m = re.search(rb'<[^>]*id="csrf_token"[^>]*>', html)
        csrf = re.search(rb'value="([^"]+)"', m.group(0)).group(1).decode() if m else None
        check(csrf is not None, "sign-in form has an element id=csrf_token with a value")
        # step 3.2: POST /signin, redirects followed; the final response has Set-Cookie
        s, h, body = call("POST", "/signin", form={
            "csrf_token": csrf, "username": "admin@sandbox.test", "password": "sandbox",
            "signout_on_close": "y"}, headers={"Referer": base + "/signin"})
        raw = h.get("Set-Cookie")
        check(200 <= s < 400 and raw is not None, "POST /signin (redirect followed) sets the cookie", (s, raw))
        session = raw.split("; Secure")[0]
        if session.startswith("session="):
            session = session[len("session="):]
        internal = {"Cookie": f"session={session}", "x-csrftoken": csrf,
                    "Referer": base + "/", "Content-Type": "application/json"}
        s, _, _ = call("POST", "/signin", form={
            "csrf_token": csrf, "username": "admin@sandbox.test", "password": "nope",
            "signout_on_close": "y"})
        check(s >= 400, "wrong password is refused", s)

        # public realm
        s, _, b = call("POST", "/api/v2/token", form={
            "grant_type": "client_credentials", "client_id": "sandbox", "client_secret": "sandbox-secret"})
        token = json.loads(b)["access_token"]
        public = {"Authorization": "Bearer " + token}
        s, _, b = call("GET", "/api/v2/registries", headers=public)
        regs = json.loads(b)["registries"]
        check(len(regs) == 1, "exactly one registry")
        registry = regs[0]["id"]

        def tag_schemas():
            s, _, b = call("GET", "/1/api/tag-schemas/", headers=internal)
            assert s == 200, s
            return json.loads(b)["data"]

        def remote():
            for t in tag_schemas():
                if t["sqlIdentifier"] == "liminal_remote" and t["registryId"] == registry:
                    return t
            return None

        check(remote() is None, "no liminal_remote on an empty tenant")
        # §3 upsert: alpha create of liminal_remote (None values omitted)
        s, _, b = call("POST", "/api/v2-alpha/entity-schemas", headers=public, body={
            "name": "liminal_remote", "prefix": "liminal_remote", "registryId": registry,
            "type": "custom_entity", "includeRegistryIdInChips": False,
            "useOrganizationCollectionAliasForDisplayLabel": False,
            "labelingStrategies": ["NEW_IDS"], "showResidues": False,
            "fields": [{"name": "a1f0c3d2e4b5", "systemName": "revision_id", "fieldType": "text",
                        "isMulti": False, "isRequired": True, "isParentLink": False, "link": {}}]})
        check(200 <= s < 300, "alpha create liminal_remote", (s, b[:200]))
        t = remote()
        fields = [f for f in t["fields"] if f["systemName"] == "revision_id"] if t else []
        check(len(fields) == 1 and fields[0]["name"] == "a1f0c3d2e4b5", "remote revision reads back")
        s, _, b = call("POST", "/api/v2-alpha/entity-schemas", headers=public, body={
            "name": "liminal_remote", "prefix": "liminal_remote", "registryId": registry,
            "type": "custom_entity", "fields": []})
        check(s == 400, "creating liminal_remote twice is refused", s)

        # UpdateEntitySchemaField(name=...) → full allFields list + polling (§7.5)
        all_fields = t["allFields"]
        for f in all_fields:
            if f["systemName"] == "revision_id":
                f["name"] = "e6c2a8b3d914"
        s, _, b = call("POST", f"/1/api/tag-schemas/{t['id']}/actions/update", headers=internal,
                       body={"fields": all_fields})
        status_url = json.loads(b).get("status_url") if 200 <= s < 300 else None
        check(status_url is not None, "tag-schema update answers a status_url", (s, b[:200]))
        result = None
        for _attempt in range(5):
            s, _, b = call("GET", status_url, headers=internal)
            result = json.loads(b)
            if 200 <= s < 300 and result.get("status") == "SUCCESS":
                break
            time.sleep(0.1)
        check(result and result.get("status") == "SUCCESS", "status URL reaches SUCCESS", result)
        t = remote()
        check([f["name"] for f in t["fields"] if f["systemName"] == "revision_id"] == ["e6c2a8b3d914"],
              "remote revision updated")

        # CreateDropdown (public) then ArchiveDropdownOption (internal PATCH)
        s, _, b = call("POST", "/api/v2/dropdowns", headers=public, body={
            "name": "Sauce Base", "options": [{"name": "Tomato"}, {"name": "Cream"}], "registryId": registry})
        dd = json.loads(b)
        check(s == 200 and dd["id"].startswith("sfs_"), "create dropdown")
        opts = [{"id": o["id"], "name": o["name"], "archiveRecord": o["archiveRecord"]} for o in dd["options"]]
        opts[1]["archiveRecord"] = {"purpose": "Made in error"}
        s, _, b = call("PATCH", f"/1/api/schema-field-selectors/{dd['id']}", headers=internal,
                       body={"schemaFieldSelectorOptions": opts})
        check(s == 200 and "schemaFieldSelectorOptionToUpdate" not in json.loads(b),
              "archive an unused option through the selector PATCH", (s, b[:200]))
        s, _, b = call("GET", f"/api/v2/dropdowns/{dd['id']}", headers=public)
        archived = json.loads(b)["options"][1]["archiveRecord"]
        check(archived is not None and "reason" in archived, "public view shows the archived option")
        # ArchiveDropdownOption on an option in use: confirmation handshake,
        # then Liminal re-sends with selectorOptionToUpdate (§4.3)
        tomato = opts[0]["id"]
        s, _, b = call("POST", "/_sandbox/config", body={"optionsInUse": {tomato: 4}, "taskPolls": 1})
        check(s == 200, "POST /_sandbox/config", (s, b[:200]))
        opts[0]["archiveRecord"] = {"purpose": "Made in error"}
        s, _, b = call("PATCH", f"/1/api/schema-field-selectors/{dd['id']}", headers=internal,
                       body={"schemaFieldSelectorOptions": opts})
        confirm = json.loads(b).get("schemaFieldSelectorOptionToUpdate") if s == 200 else None
        check(confirm is not None and confirm.get("numLinkedTags") == 4 and confirm.get("id") == tomato,
              "archiving an option in use asks for confirmation", (s, b[:200]))
        s, _, b = call("GET", f"/api/v2/dropdowns/{dd['id']}", headers=public)
        check(json.loads(b)["options"][0]["archiveRecord"] is None, "nothing applied before confirmation")
        s, _, b = call("PATCH", f"/1/api/schema-field-selectors/{dd['id']}", headers=internal,
                       body={"schemaFieldSelectorOptions": opts, "selectorOptionToUpdate": confirm})
        check(s == 200 and "schemaFieldSelectorOptionToUpdate" not in json.loads(b),
              "the re-sent request applies", (s, b[:200]))
        # with taskPolls=1 the first poll answers RUNNING (Liminal retries)
        t = remote()
        s, _, b = call("POST", f"/1/api/tag-schemas/{t['id']}/actions/update", headers=internal,
                       body={"name": "liminal_remote"})
        url = json.loads(b)["status_url"]
        first = json.loads(call("GET", url, headers=internal)[2])["status"]
        second = json.loads(call("GET", url, headers=internal)[2])["status"]
        check((first, second) == ("RUNNING", "SUCCESS"), "status RUNNING then SUCCESS", (first, second))

        s, _, b = call("GET", f"/1/api/schema-field-selectors/?registryId={registry}", headers=internal)
        sels = json.loads(b)["selectorsByRegistryId"][registry]
        check(any(x["id"] == dd["id"] for x in sels), "selector list has the dropdown")
    finally:
        proc.terminate()
        rc = proc.wait(timeout=10)
        check(rc == 0, "sandbox exits cleanly on SIGTERM", f"exit status {rc}")
        for name in os.listdir(tmp):
            os.unlink(os.path.join(tmp, name))
        os.rmdir(tmp)
    print(f"1..{n}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
