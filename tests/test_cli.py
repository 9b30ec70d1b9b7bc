"""The command line as a person and a script use it."""
import json
import socket
import subprocess
import sys

import pytest

from helper.cli import main


@pytest.fixture(autouse=True)
def english_locale(monkeypatch):
    """These tests read the English output; what is printed follows the locale (tests/test_cli_words.py)."""
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")


def test_check_explains_in_plain_words(capsys):
    assert main(["check", "http://amaz0n.co.jp/"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("BLOCK") and "0 for o" in out
    assert "https://www.amazon.co.jp/gp/help/customer/contact-us" in out


def test_check_json_batch_keeps_going_after_a_bad_line(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", __import__("io").StringIO("amazon-support.jp\nftp://x\n\nhttps://www.amazon.co.jp/\n"))
    assert main(["check", "--json", "-"]) == 2
    lines = [json.loads(l) for l in capsys.readouterr().out.splitlines()]
    assert [l["input"] for l in lines] == ["amazon-support.jp", "ftp://x", "https://www.amazon.co.jp/"]
    assert lines[0]["verdict"] == "block" and lines[1]["error"]["code"] == "unsupported_scheme"
    assert lines[2]["verdict"] == "allow"


def test_bad_url_is_a_message_and_non_zero_exit(capsys):
    assert main(["check", "javascript:alert(1)"]) == 2
    err = capsys.readouterr().err
    assert "only http and https" in err and "Traceback" not in err


def test_serve_refuses_non_loopback(capsys):
    assert main(["serve", "--host", "0.0.0.0"]) == 2
    assert "loopback only" in capsys.readouterr().err


def test_serve_on_a_busy_port_says_so(capsys):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 3
    assert "already in use" in capsys.readouterr().err


def test_corrupt_data_dir_is_a_clear_setup_error(tmp_path, capsys):
    (tmp_path / "brands").mkdir()
    (tmp_path / "brands" / "amazon.toml").write_text("id = [unclosed", encoding="utf-8")
    assert main(["--data-dir", str(tmp_path), "check", "https://amazon.co.jp/"]) == 3
    err = capsys.readouterr().err
    assert "cannot read data file" in err and "Traceback" not in err


def test_module_entry_point_runs():
    r = subprocess.run([sys.executable, "-m", "helper", "check", "https://www.amazon.co.jp/"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and r.stdout.startswith("ALLOW")
