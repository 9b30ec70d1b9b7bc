"""`scripts/start --headless` as a user runs it: the helper and a headless Chromium with the extension, and no
DevTools port (on loopback one lets any local program drive the browser)."""
import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from e2e.support import CHROMIUM, ROOT, free_port

pytestmark = pytest.mark.skipif(not Path("/proc/net/tcp").exists() or not os.access(CHROMIUM, os.X_OK),
                                reason="needs Linux /proc and Chromium")


def session_pids(sid: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and os.getsid(int(entry.name)) == sid:
                pids.append(int(entry.name))
        except (ProcessLookupError, PermissionError):
            pass
    return pids


def listening_ports(pids: list[int]) -> dict[int, str]:
    """{port: command} of every TCP socket in LISTEN state that one of `pids` holds."""
    listen = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            f = line.split()
            if f[3] == "0A":                       # LISTEN
                listen[f[9]] = int(f[1].rsplit(":", 1)[1], 16)
    found = {}
    for pid in pids:
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0].decode(errors="replace")
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                target = os.readlink(fd)
                if target.startswith("socket:[") and target[8:-1] in listen:
                    found[listen[target[8:-1]]] = command
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            pass
    return found


def test_start_headless_opens_no_devtools_port(tmp_path):
    port = free_port()
    env = {**os.environ, "SCAMGUARD_PORT": str(port), "SCAMGUARD_PROFILE": str(tmp_path / "profile"),
           "SCAMGUARD_START_URL": "about:blank", "SCAMGUARD_EVIDENCE_DB": str(tmp_path / "e.sqlite3")}
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(["bash", "scripts/start", "--headless"], cwd=ROOT, env=env, stdout=log, stderr=log,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 240            # scripts/start runs scripts/setup (pip) first
        while not any("chromium" in Path(f"/proc/{p}/cmdline").read_bytes().decode(errors="replace")
                      for p in session_pids(proc.pid) if Path(f"/proc/{p}/cmdline").exists()):
            assert proc.poll() is None and time.monotonic() < deadline, "Chromium did not start"
            time.sleep(0.5)
        time.sleep(5)                                # let the browser open whatever it would open
        ports = listening_ports(session_pids(proc.pid))
        log.seek(0)
        said = log.read().decode(errors="replace")
        assert ports and set(ports) == {port}, f"listening: {ports} (only the helper, on {port}, may listen)"
        assert "no DevTools port" in said, said[-2000:]
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
