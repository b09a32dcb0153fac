"""What the CLI process tests share (test-cli-kill.py, test-cli-race.py):
the real `liminal` and `liminal-sandbox` binaries, a sandbox process, a
project checkout of the demo history, and a sandbox state without ids."""

import json
import os
import shutil
import signal
import subprocess
import urllib.request

CLI = os.environ.get("LIMINAL_CLI", "liminal")
SANDBOX = os.environ.get("LIMINAL_SANDBOX_EXE", "liminal-sandbox")
ROOT = os.environ.get("LIMINAL_SOURCE_ROOT", os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SECRET = "sandbox-secret"
PASSWORD = "sandbox"
ENV = dict(os.environ, LANGUAGE="C", LC_ALL="C.UTF-8",
           LIMINAL_DEV_CLIENT_SECRET=SECRET, LIMINAL_DEV_ADMIN_PASSWORD=PASSWORD)
ID_PREFIXES = ("ts_", "tsf_", "sfs_", "sfso_", "unit_", "unitt_", "src_", "ent_")
AUTH_ROUTES = ("POST /api/v2/token", "POST /signin")


def http(method, url, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read() or b"null")


def scrub(node, ignore_lock=False):
    """A sandbox state without ids and timestamps; with @ignore_lock, also
    without the tenant lock's field (and the field counter it shifts)."""
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if k in ("id", "apiId", "counter", "fieldCounter", "schemaModifiedAt") or k.endswith("At"):
                continue
            if ignore_lock and k == "dbId":
                continue
            if k == "archiveRecord":
                out["archived"] = v is not None
                continue
            if (ignore_lock and k in ("allFields", "fields") and node.get("sqlIdentifier") == "liminal_remote"
                    and v):
                v = [f for f in v if f.get("systemName") != "lock"]
            out[k] = scrub(v, ignore_lock)
        return out
    if isinstance(node, list):
        return [scrub(v, ignore_lock) for v in node]
    if isinstance(node, str) and node.startswith(ID_PREFIXES):
        return "<id>"
    return node


def start_sandbox(state_path, latency_ms):
    """A `liminal-sandbox` process on a free port: (process, base URL)."""
    proc = subprocess.Popen(
        [SANDBOX, "--state", state_path, "--seed", "empty", "--port", "0",
         "--rate-limit", "0/30", "--latency", str(latency_ms)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline().strip()
    assert line.startswith("Listening on "), line
    return proc, line[len("Listening on "):]


def stop_sandbox(proc):
    proc.stdout.close()
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def make_checkout(folder, url):
    """The demo history and a tenants.ini naming the sandbox as `dev`."""
    shutil.copytree(os.path.join(ROOT, "versions"), os.path.join(folder, "versions"))
    with open(os.path.join(folder, "tenants.ini"), "w") as f:
        f.write(f"[dev]\ntenant-name=pizzahouse-dev\nurl={url}\nclient-id=sandbox\n"
                f"admin-email=admin@sandbox.test\n")
    return folder
