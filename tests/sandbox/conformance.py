#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""OpenAPI conformance test of the Benchling sandbox's public realm.

Usage: conformance.py /path/to/liminal-sandbox

Starts the sandbox executable on an ephemeral port with a fresh state file,
exercises every public endpoint (success and error cases) and validates each
JSON response against the response schema that Benchling's OpenAPI file
declares for that path, method and status ($ref resolved, OpenAPI 3.0
`nullable` honoured).  The v2-alpha endpoints are not in that file: the
alpha create response is checked against EntitySchema, unit-types against a
local schema.

The OpenAPI file is LIMINAL_OPENAPI, or the repository's copy
tests/data/openapi/benchling-openapi-v2.yaml.  Output is TAP; exit status
77 (skip) when jsonschema/yaml is missing (a failure under CI), 1 when the
OpenAPI file is.
"""

import base64
import json
import os
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request

try:
    import jsonschema
    import yaml
except ImportError as e:  # pragma: no cover
    print(f"1..0 # SKIP missing module: {e}")
    sys.exit(77)

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
OPENAPI = os.environ.get("LIMINAL_OPENAPI") or os.path.join(
    REPO, "tests", "data", "openapi", "benchling-openapi-v2.yaml")

RATE_HEADERS = ("x-rate-limit-limit", "x-rate-limit-remaining", "x-rate-limit-reset")


class Spec:
    def __init__(self, path):
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        with open(path, encoding="utf-8") as f:
            self.doc = yaml.load(f, Loader=loader)
        self.memo = {}

    def _lookup(self, ref):
        assert ref.startswith("#/"), ref
        node = self.doc
        for part in ref[2:].split("/"):
            node = node[part]
        return node

    def convert(self, node, stack=()):
        """Inline $refs and turn OpenAPI 3.0 into plain JSON Schema."""
        if isinstance(node, list):
            return [self.convert(n, stack) for n in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            ref = node["$ref"]
            if ref in stack:
                return {}  # recursive schema: accept
            if ref not in self.memo:
                self.memo[ref] = self.convert(self._lookup(ref), stack + (ref,))
            return self.memo[ref]
        out = {}
        for k, v in node.items():
            if k in ("example", "examples", "readOnly", "writeOnly", "xml",
                     "externalDocs", "discriminator", "deprecated", "nullable"):
                continue
            if k in ("properties", "patternProperties"):
                out[k] = {pk: self.convert(pv, stack) for pk, pv in v.items()}
            elif isinstance(v, (dict, list)):
                out[k] = self.convert(v, stack)
            else:
                out[k] = v
        if node.get("nullable"):
            out = {"anyOf": [{"type": "null"}, out]}
        return out

    def response_schema(self, template, method, status):
        op = self.doc["paths"][template][method.lower()]
        resp = op["responses"].get(str(status))
        if resp is None:
            raise KeyError(f"{method} {template} documents no {status} response")
        content = resp.get("content", {}).get("application/json")
        if content is None:
            return None
        return self.convert(content["schema"])

    def component(self, name):
        return self.convert({"$ref": f"#/components/schemas/{name}"})


class Sandbox:
    def __init__(self, exe, state, seed="basic"):
        self.proc = subprocess.Popen(
            [exe, "--state", state, "--seed", seed, "--port", "0", "--rate-limit", "0/30"],
            stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline().strip()
        prefix = "Listening on "
        if not line.startswith(prefix):
            raise RuntimeError(f"unexpected first line: {line!r}")
        self.base = line[len(prefix):]
        self.token = None

    def stop(self):
        self.proc.terminate()
        return self.proc.wait(timeout=10)

    def request(self, method, path, body=None, headers=None, form=None, auth=True):
        h = dict(headers or {})
        data = None
        if body is not None:
            data = json.dumps(body).encode() if not isinstance(body, (bytes, str)) else (
                body.encode() if isinstance(body, str) else body)
            h["Content-Type"] = "application/json"
        if form is not None:
            data = urllib.parse.urlencode(form).encode()
            h["Content-Type"] = "application/x-www-form-urlencoded"
        if auth and self.token:
            h["Authorization"] = "Bearer " + self.token
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=h)
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                return resp.status, resp.headers, resp.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read()


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def check(self, ok, desc, detail=""):
        self.n += 1
        if ok:
            print(f"ok {self.n} - {desc}")
        else:
            self.failed += 1
            print(f"not ok {self.n} - {desc}")
            for line in str(detail).splitlines()[:20]:
                print(f"# {line}")
        sys.stdout.flush()


def main():
    if len(sys.argv) != 2:
        print("usage: conformance.py LIMINAL_SANDBOX_EXE", file=sys.stderr)
        return 2
    if not os.path.exists(OPENAPI):
        print(f"Bail out! OpenAPI file not found: {OPENAPI}")
        return 1
    spec = Spec(OPENAPI)
    tap = Tap()
    tmp = tempfile.mkdtemp(prefix="sandbox-conformance-")
    sb = Sandbox(sys.argv[1], os.path.join(tmp, "state.json"))

    def validate(desc, status, headers, raw, template, method, expect_status,
                 schema=None, list_endpoint=False):
        ok_status = status == expect_status
        try:
            doc = json.loads(raw) if raw else None
        except ValueError as e:
            tap.check(False, f"{desc}: JSON body", e)
            return None
        if not ok_status:
            tap.check(False, f"{desc}: status {expect_status}", f"got {status}: {raw[:300]!r}")
            return doc
        try:
            if schema is None:
                schema = spec.response_schema(template, method, status)
            if schema is not None:
                jsonschema.validate(doc, schema)
            missing = [h for h in RATE_HEADERS if headers.get(h) is None]
            if missing:
                raise AssertionError(f"missing headers {missing}")
            if list_endpoint and headers.get("Result-Count") is None:
                raise AssertionError("missing Result-Count header")
            tap.check(True, desc)
        except (jsonschema.ValidationError, AssertionError, KeyError) as e:
            tap.check(False, desc, e)
        return doc

    def error_shape(desc, status, raw, expect_status):
        try:
            doc = json.loads(raw)
            jsonschema.validate(doc, spec.component("BadRequestError")
                                if expect_status != 404 else spec.component("NotFoundError"))
            err = doc["error"]
            assert status == expect_status, f"status {status}"
            assert err.get("message") and err.get("userMessage"), "message/userMessage"
            tap.check(True, desc)
        except Exception as e:  # noqa: BLE001
            tap.check(False, desc, e)

    try:
        # --- token ---------------------------------------------------------
        basic = base64.b64encode(b"sandbox:sandbox-secret").decode()
        s, h, b = sb.request("POST", "/api/v2/token", form={"grant_type": "client_credentials"},
                             headers={"Authorization": "Basic " + basic}, auth=False)
        doc = validate("POST /token (Basic)", s, h, b, "/token", "POST", 200)
        sb.token = doc["access_token"]
        s, h, b = sb.request("POST", "/api/v2/token", form={
            "grant_type": "client_credentials", "client_id": "sandbox",
            "client_secret": "sandbox-secret"}, auth=False)
        validate("POST /token (form fields)", s, h, b, "/token", "POST", 200)
        s, h, b = sb.request("POST", "/api/v2/token", form={
            "grant_type": "client_credentials", "client_id": "sandbox",
            "client_secret": "wrong"}, auth=False)
        validate("POST /token bad secret -> 401", s, h, b, "/token", "POST", 401)
        s, h, b = sb.request("POST", "/api/v2/token", form={
            "grant_type": "authorization_code", "client_id": "sandbox",
            "client_secret": "sandbox-secret"}, auth=False)
        validate("POST /token bad grant -> 400", s, h, b, "/token", "POST", 400)

        # --- auth required --------------------------------------------------
        s, h, b = sb.request("GET", "/api/v2/registries", auth=False)
        error_shape("GET /registries without token -> 401 error body", s, b, 401)

        # --- registries -----------------------------------------------------
        s, h, b = sb.request("GET", "/api/v2/registries")
        doc = validate("GET /registries", s, h, b, "/registries", "GET", 200)
        registry = doc["registries"][0]["id"]

        # --- dropdowns ------------------------------------------------------
        token, pages, seen = "", 0, 0
        while True:
            q = "?pageSize=2" + (f"&nextToken={token}" if token else "")
            s, h, b = sb.request("GET", "/api/v2/dropdowns" + q)
            doc = validate(f"GET /dropdowns page {pages + 1}", s, h, b, "/dropdowns", "GET", 200,
                           list_endpoint=True)
            pages += 1
            seen += len(doc["dropdowns"])
            token = doc.get("nextToken") or ""
            if not token or pages > 10:
                break
        tap.check(seen == int(h["Result-Count"]), "GET /dropdowns pagination visits every dropdown")
        for bad in ("0", "101", "x"):
            s, h, b = sb.request("GET", f"/api/v2/dropdowns?pageSize={bad}")
            validate(f"GET /dropdowns pageSize={bad} -> 400", s, h, b, "/dropdowns", "GET", 400)

        s, h, b = sb.request("POST", "/api/v2/dropdowns", {
            "name": "Conformance", "options": [{"name": "A"}, {"name": "B"}],
            "registryId": registry})
        doc = validate("POST /dropdowns", s, h, b, "/dropdowns", "POST", 200)
        dd = doc["id"]
        opt_a = doc["options"][0]["id"]
        s, h, b = sb.request("POST", "/api/v2/dropdowns", {"name": "Conformance", "options": []})
        validate("POST /dropdowns duplicate -> 400", s, h, b, "/dropdowns", "POST", 400)
        s, h, b = sb.request("POST", "/api/v2/dropdowns", {"options": []})
        validate("POST /dropdowns without name -> 400", s, h, b, "/dropdowns", "POST", 400)

        t = "/dropdowns/{dropdown_id}"
        s, h, b = sb.request("GET", f"/api/v2/dropdowns/{dd}")
        validate("GET /dropdowns/{id}", s, h, b, t, "GET", 200)
        s, h, b = sb.request("GET", "/api/v2/dropdowns/sfs_missing")
        validate("GET /dropdowns/{id} unknown -> 404", s, h, b, t, "GET", 404)
        s, h, b = sb.request("PATCH", f"/api/v2/dropdowns/{dd}",
                             {"options": [{"id": opt_a, "name": "A2"}, {"name": "C"}]})
        validate("PATCH /dropdowns/{id}", s, h, b, t, "PATCH", 200)
        s, h, b = sb.request("PATCH", f"/api/v2/dropdowns/{dd}", {"options": [{"id": "sfso_x", "name": "x"}]})
        validate("PATCH /dropdowns/{id} foreign option -> 400", s, h, b, t, "PATCH", 400)
        s, h, b = sb.request("PATCH", "/api/v2/dropdowns/sfs_missing", {"options": []})
        validate("PATCH /dropdowns/{id} unknown -> 404", s, h, b, t, "PATCH", 404)

        ta = "/dropdowns/{dropdown_id}/options:archive"
        tu = "/dropdowns/{dropdown_id}/options:unarchive"
        s, h, b = sb.request("POST", f"/api/v2/dropdowns/{dd}/options:archive",
                             {"dropdownOptionIds": [opt_a], "reason": "Retired"})
        validate("POST options:archive", s, h, b, ta, "POST", 200)
        s, h, b = sb.request("POST", f"/api/v2/dropdowns/{dd}/options:archive",
                             {"dropdownOptionIds": [opt_a], "reason": "Retired"})
        validate("POST options:archive twice -> 400", s, h, b, ta, "POST", 400)
        s, h, b = sb.request("POST", "/api/v2/dropdowns/sfs_missing/options:archive",
                             {"dropdownOptionIds": [opt_a]})
        validate("POST options:archive unknown dropdown -> 404", s, h, b, ta, "POST", 404)
        s, h, b = sb.request("GET", f"/api/v2/dropdowns/{dd}")
        validate("GET /dropdowns/{id} with archived option", s, h, b, t, "GET", 200)
        s, h, b = sb.request("POST", f"/api/v2/dropdowns/{dd}/options:unarchive",
                             {"dropdownOptionIds": [opt_a]})
        validate("POST options:unarchive", s, h, b, tu, "POST", 200)
        s, h, b = sb.request("POST", f"/api/v2/dropdowns/{dd}/options:unarchive",
                             {"dropdownOptionIds": [opt_a]})
        validate("POST options:unarchive twice -> 400", s, h, b, tu, "POST", 400)

        # --- alpha create (not in the OpenAPI file: EntitySchema shape) ---------
        units = json.loads(sb.request("GET", "/api/v2-alpha/unit-types?pageSize=100")[2])
        unit = units["unitTypes"][0]["units"][0]["id"]
        body = {
            "name": "Conformance Schema", "prefix": "CONF", "registryId": registry,
            "type": "custom_entity", "labelingStrategies": ["NEW_IDS"],
            "fields": [
                {"name": "Text", "systemName": "text_f", "fieldType": "text", "isMulti": False,
                 "isRequired": True, "isParentLink": False, "link": {}},
                {"name": "Pick", "systemName": "pick", "fieldType": "dropdown", "isMulti": True,
                 "isRequired": False, "isParentLink": False, "dropdownId": dd, "link": {}},
                {"name": "Weight", "systemName": "weight", "fieldType": "float", "isMulti": False,
                 "isRequired": False, "isParentLink": False, "unitId": unit, "decimalPrecision": 3,
                 "link": {}},
                {"name": "Count", "systemName": "count", "fieldType": "integer", "isMulti": False,
                 "isRequired": False, "isParentLink": False, "link": {}},
                {"name": "Owner", "systemName": "owner", "fieldType": "custom_entity_link",
                 "isMulti": False, "isRequired": False, "isParentLink": False,
                 "link": {"folderItemType": "basic_folder_item"}},
            ]}
        s, h, b = sb.request("POST", "/api/v2-alpha/entity-schemas", body)
        doc = validate("POST /v2-alpha/entity-schemas (EntitySchema shape)", s, h, b, None, "POST", 201,
                       schema=spec.component("EntitySchema"))
        created = doc["id"] if doc else None
        body["prefix"] = "CONF2"
        s, h, b = sb.request("POST", "/api/v2-alpha/entity-schemas", body)
        if s == 400:
            error_shape("POST /v2-alpha/entity-schemas duplicate name -> 400", s, b, 400)
        else:
            tap.check(False, "POST /v2-alpha/entity-schemas duplicate name -> 400", f"got {s}")

        # --- entity schemas -------------------------------------------------
        token, pages, seen = "", 0, 0
        while True:
            q = "?pageSize=1" + (f"&nextToken={token}" if token else "")
            s, h, b = sb.request("GET", "/api/v2/entity-schemas" + q)
            doc = validate(f"GET /entity-schemas page {pages + 1}", s, h, b, "/entity-schemas", "GET",
                           200, list_endpoint=True)
            pages += 1
            seen += len(doc["entitySchemas"])
            token = doc.get("nextToken") or ""
            if not token or pages > 20:
                break
        tap.check(seen == int(h["Result-Count"]) and seen >= 3, "GET /entity-schemas pagination")
        s, h, b = sb.request("GET", "/api/v2/entity-schemas?pageSize=101")
        validate("GET /entity-schemas pageSize=101 -> 400", s, h, b, "/entity-schemas", "GET", 400)
        s, h, b = sb.request("GET", "/api/v2/entity-schemas?nextToken=bogus")
        validate("GET /entity-schemas bad nextToken -> 400", s, h, b, "/entity-schemas", "GET", 400)
        s, h, b = sb.request("GET", f"/api/v2/entity-schemas/{created}")
        validate("GET /entity-schemas/{id}", s, h, b, "/entity-schemas/{schema_id}", "GET", 200)
        s, h, b = sb.request("GET", "/api/v2/entity-schemas/ts_missing")
        validate("GET /entity-schemas/{id} unknown -> 404", s, h, b, "/entity-schemas/{schema_id}",
                 "GET", 404)

        # --- unit types (alpha; local schema) --------------------------------
        unit_types_schema = {
            "type": "object", "required": ["unitTypes", "nextToken"],
            "properties": {
                "nextToken": {"type": "string"},
                "unitTypes": {"type": "array", "items": {
                    "type": "object", "required": ["id", "name", "units"],
                    "properties": {
                        "id": {"type": "string"}, "name": {"type": "string"},
                        "units": {"type": "array", "items": {
                            "type": "object", "required": ["id", "name"],
                            "properties": {"id": {"type": "string"}, "name": {"type": "string"},
                                           "symbol": {"type": "string"}}}}}}}}}
        s, h, b = sb.request("GET", "/api/v2-alpha/unit-types?pageSize=50")
        doc = validate("GET /v2-alpha/unit-types", s, h, b, None, "GET", 200,
                       schema=unit_types_schema, list_endpoint=True)
        n_units = sum(len(t["units"]) for t in doc["unitTypes"]) if doc else 0
        tap.check(n_units > 50, f"unit dictionary has more than 50 units ({n_units})")
        s, h, b = sb.request("GET", "/api/v2-alpha/unit-types?pageSize=500")
        error_shape("GET /v2-alpha/unit-types pageSize=500 -> 400", s, b, 400)
    finally:
        rc = sb.stop()
        # 0 after SIGTERM: a clean shutdown (under ASan: no leaks either)
        tap.check(rc == 0, "sandbox exits cleanly on SIGTERM", f"exit status {rc}")

    # --- the demo tenant (the versions/ history): every public view conforms --
    demo = Sandbox(sys.argv[1], os.path.join(tmp, "demo.json"), seed="demo")
    try:
        s, h, b = demo.request("POST", "/api/v2/token", form={
            "grant_type": "client_credentials", "client_id": "sandbox",
            "client_secret": "sandbox-secret"}, auth=False)
        demo.token = json.loads(b)["access_token"]
        s, h, b = demo.request("GET", "/api/v2/entity-schemas?pageSize=100")
        doc = validate("demo: GET /entity-schemas", s, h, b, "/entity-schemas", "GET", 200,
                       list_endpoint=True)
        for es in (doc or {}).get("entitySchemas", []):
            s, h, b = demo.request("GET", f"/api/v2/entity-schemas/{es['id']}")
            validate(f"demo: GET /entity-schemas/{{id}} ({es['name']})", s, h, b,
                     "/entity-schemas/{schema_id}", "GET", 200)
        s, h, b = demo.request("GET", "/api/v2/dropdowns")
        doc = validate("demo: GET /dropdowns", s, h, b, "/dropdowns", "GET", 200, list_endpoint=True)
        for dd in (doc or {}).get("dropdowns", []):
            s, h, b = demo.request("GET", f"/api/v2/dropdowns/{dd['id']}")
            validate(f"demo: GET /dropdowns/{{id}} ({dd['name']})", s, h, b,
                     "/dropdowns/{dropdown_id}", "GET", 200)
    finally:
        rc = demo.stop()
        tap.check(rc == 0, "demo sandbox exits cleanly on SIGTERM", f"exit status {rc}")
        for name in os.listdir(tmp):
            os.unlink(os.path.join(tmp, name))
        os.rmdir(tmp)

    print(f"1..{tap.n}")
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
