"""`scamguard autostart` writes a service-manager entry that starts the helper with the session and restarts it."""
import configparser
import plistlib

import pytest

from helper import autostart
from helper.cli import main


def test_linux_writes_a_systemd_user_unit_into_the_users_config(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setattr(autostart.sys, "platform", "linux")
    assert main(["autostart", "--port", "8799"]) == 0
    unit = tmp_path / "config" / "systemd" / "user" / "scamguard.service"
    parsed = configparser.ConfigParser(interpolation=None)
    parsed.read_string(unit.read_text(encoding="utf-8"))
    command = parsed["Service"]["ExecStart"].split()
    assert command[1:] == ["-m", "helper", "serve", "--host", "127.0.0.1", "--port", "8799"]
    assert parsed["Service"]["Restart"] == "on-failure"
    assert parsed["Install"]["WantedBy"] == "default.target"
    assert (autostart.Path(parsed["Service"]["WorkingDirectory"]) / "helper" / "__init__.py").is_file()
    assert "systemctl --user enable --now scamguard.service" in capsys.readouterr().out


def test_macos_writes_a_launch_agent_that_keeps_the_helper_alive(tmp_path):
    entry = autostart.install(8731, platform="darwin", env={"HOME": str(tmp_path)}, python="/opt/venv/bin/python")
    plist = plistlib.loads(entry.path.read_bytes())
    assert entry.path == tmp_path / "Library" / "LaunchAgents" / "jp.scamguard.helper.plist"
    assert plist["ProgramArguments"][:4] == ["/opt/venv/bin/python", "-m", "helper", "serve"]
    assert plist["RunAtLoad"] is True and plist["KeepAlive"] is True


def test_windows_writes_a_logon_task_with_pythonw(tmp_path):
    entry = autostart.install(8731, platform="win32", env={"USERPROFILE": str(tmp_path)},
                              python=r"C:\\sg\\.venv\\Scripts\\python.exe")
    text = entry.path.read_text(encoding="utf-16")
    assert "<LogonTrigger>" in text and "pythonw.exe" in text and "RestartOnFailure" in text
    assert entry.enable[0] == "schtasks"


def test_an_unknown_system_or_an_unwritable_folder_is_a_clear_message(tmp_path, monkeypatch, capsys):
    with pytest.raises(autostart.AutostartError, match="no autostart recipe"):
        autostart.install(8731, platform="plan9", env={"HOME": str(tmp_path)})
    blocker = tmp_path / "config"
    blocker.write_text("a file where the folder should be")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(blocker))
    monkeypatch.setattr(autostart.sys, "platform", "linux")
    assert main(["autostart"]) == 3
    assert "cannot write" in capsys.readouterr().err
