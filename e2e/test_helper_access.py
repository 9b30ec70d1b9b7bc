"""In real Chromium: the unpacked extension has the id its manifest key fixes, the helper serves it, and another
installed extension asking the same helper for the evidence records is refused."""
import json
import shutil
import tempfile
from pathlib import Path

from e2e.support import BROWSER_ARGS, CHROMIUM, EXTENSION, ROOT

PINNED = next(l.strip() for l in (ROOT / "helper" / "data" / "extension_ids.txt").read_text(encoding="utf-8")
              .splitlines() if l.strip() and not l.startswith("#"))
# The extension's own read (a POST, which carries its Origin) and a plain GET (which carries none).
READS = {"POST": "fetch(%s + '/v1/evidence/list', {method: 'POST'})", "GET": "fetch(%s + '/v1/evidence')"}
ANSWER = ".then(async r => ({status: r.status, body: await r.json()}))"


def other_extension(folder: Path) -> Path:
    """Any extension with host access to 127.0.0.1 (the kind a user installs for something else)."""
    folder.mkdir()
    (folder / "manifest.json").write_text(json.dumps({
        "manifest_version": 3, "name": "Some other extension", "version": "1.0",
        "host_permissions": ["http://127.0.0.1/*"], "background": {"service_worker": "sw.js"}}), encoding="utf-8")
    (folder / "sw.js").write_text("self.ready = true;\n", encoding="utf-8")
    return folder


def test_only_the_scamguard_extension_reads_the_records(pw, helper):
    tmp = Path(tempfile.mkdtemp(prefix="scamguard-e2e-access-"))
    other = other_extension(tmp / "other")
    both = f"{EXTENSION},{other}"
    ctx = pw.chromium.launch_persistent_context(str(tmp / "profile"), executable_path=CHROMIUM, headless=True,
                                                args=BROWSER_ARGS + [f"--disable-extensions-except={both}",
                                                                     f"--load-extension={both}"])
    try:
        workers = {}
        while len(workers) < 2:
            for w in ctx.service_workers:
                workers[w.url.split("/")[2]] = w
            if len(workers) < 2:
                ctx.wait_for_event("serviceworker", timeout=15000)
        assert PINNED in workers, f"the unpacked extension's id is not the pinned one: {sorted(workers)}"
        ours = workers.pop(PINNED)
        (theirs,) = workers.values()
        base = json.dumps(helper.url)
        assert ours.evaluate(READS["POST"] % base + ANSWER)["status"] == 200
        for method, read in READS.items():
            refused = theirs.evaluate(read % base + ANSWER)
            assert refused["status"] == 403, (method, refused)
            assert refused["body"]["error"]["code"] == "forbidden_extension"
        # Deleting them: the same refusal.
        refused = theirs.evaluate(f"fetch({base} + '/v1/evidence', {{method: 'DELETE'}})" + ANSWER)
        assert refused["status"] == 403 and refused["body"]["error"]["code"] == "forbidden_extension"
        assert ours.evaluate(f"fetch({base} + '/v1/health')" + ANSWER)["status"] == 200
    finally:
        ctx.close()
        shutil.rmtree(tmp, ignore_errors=True)
