"""Start the helper with the user's session and restart it when it dies (issue 12): a systemd user unit on Linux,
a LaunchAgent on macOS, a Task Scheduler task on Windows. Each writer only writes a file into the user's own
configuration; enabling it is one service-manager command, run only when asked (`--enable`, Linux)."""
from __future__ import annotations

import os
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

UNIT_NAME = "scamguard.service"
LAUNCH_AGENT = "jp.scamguard.helper"


class AutostartError(Exception):
    """A clear, user-facing reason the autostart could not be installed."""


@dataclass(frozen=True)
class Autostart:
    path: Path
    text: str
    enable: tuple[str, ...]     # the command that switches it on (shown, and run on Linux with --enable)


def _serve_command(python: str, port: int) -> list[str]:
    return [python, "-m", "helper", "serve", "--host", "127.0.0.1", "--port", str(port)]


def systemd_unit(repo: Path, python: str, port: int, config_home: Path) -> Autostart:
    command = " ".join(shlex.quote(part) for part in _serve_command(python, port))
    text = (f"[Unit]\nDescription=ScamGuard helper (127.0.0.1:{port})\n\n"
            f"[Service]\nWorkingDirectory={repo}\nExecStart={command}\nRestart=on-failure\nRestartSec=2\n\n"
            "[Install]\nWantedBy=default.target\n")
    return Autostart(config_home / "systemd" / "user" / UNIT_NAME, text,
                     ("systemctl", "--user", "enable", "--now", UNIT_NAME))


def launch_agent(repo: Path, python: str, port: int, home: Path) -> Autostart:
    args = "".join(f"    <string>{escape(part)}</string>\n" for part in _serve_command(python, port))
    text = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n'
            '<plist version="1.0">\n<dict>\n'
            f"  <key>Label</key><string>{LAUNCH_AGENT}</string>\n"
            f"  <key>ProgramArguments</key>\n  <array>\n{args}  </array>\n"
            f"  <key>WorkingDirectory</key><string>{escape(str(repo))}</string>\n"
            "  <key>RunAtLoad</key><true/>\n  <key>KeepAlive</key><true/>\n</dict>\n</plist>\n")
    path = home / "Library" / "LaunchAgents" / f"{LAUNCH_AGENT}.plist"
    return Autostart(path, text, ("launchctl", "load", "-w", str(path)))


def scheduled_task(repo: Path, python: str, port: int, home: Path) -> Autostart:
    pythonw = str(Path(python).with_name("pythonw.exe")) if python.lower().endswith("python.exe") else python
    arguments = " ".join(_serve_command(pythonw, port)[1:])
    text = ('<?xml version="1.0" encoding="UTF-16"?>\n'
            '<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">\n'
            "  <Triggers><LogonTrigger><Enabled>true</Enabled></LogonTrigger></Triggers>\n"
            "  <Settings><RestartOnFailure><Interval>PT1M</Interval><Count>999</Count></RestartOnFailure>\n"
            "    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit></Settings>\n"
            f"  <Actions><Exec><Command>{escape(pythonw)}</Command><Arguments>{escape(arguments)}</Arguments>\n"
            f"    <WorkingDirectory>{escape(str(repo))}</WorkingDirectory></Exec></Actions>\n</Task>\n")
    path = home / "AppData" / "Local" / "ScamGuard" / "scamguard-helper-task.xml"
    return Autostart(path, text, ("schtasks", "/Create", "/TN", "ScamGuard helper", "/XML", str(path)))


def for_platform(platform: str, repo: Path, python: str, port: int, env: dict[str, str]) -> Autostart:
    home = Path(env.get("HOME") or env.get("USERPROFILE") or Path.home())
    if platform.startswith("linux"):
        return systemd_unit(repo, python, port, Path(env.get("XDG_CONFIG_HOME") or home / ".config"))
    if platform == "darwin":
        return launch_agent(repo, python, port, home)
    if platform in ("win32", "cygwin"):
        return scheduled_task(repo, python, port, home)
    raise AutostartError(f"no autostart recipe for this system ({platform}); see docs/EXTENSION.md")


def install(port: int, enable: bool = False, platform: str | None = None, env: dict[str, str] | None = None,
            repo: Path | None = None, python: str | None = None) -> Autostart:
    """Writes the file (replacing an older one of ours); with `enable`, runs the service manager's command."""
    entry = for_platform(platform or sys.platform, (repo or Path(__file__).resolve().parent.parent),
                         python or sys.executable, port, dict(os.environ if env is None else env))
    try:
        entry.path.parent.mkdir(parents=True, exist_ok=True)
        entry.path.write_text(entry.text, encoding="utf-16" if entry.path.suffix == ".xml" else "utf-8")
    except OSError as exc:
        raise AutostartError(f"cannot write {entry.path}: {exc.strerror or exc}") from None
    if enable:
        try:
            subprocess.run(entry.enable, check=True, capture_output=True, timeout=30)
        except (OSError, subprocess.SubprocessError) as exc:
            raise AutostartError(f"wrote {entry.path}, but `{' '.join(entry.enable)}` failed: {exc}") from None
    return entry
