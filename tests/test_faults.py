"""Faults through the real `python -m helper` process: a busy port, an unreadable or corrupt data folder. Each
must end in one clear line on stderr and a non-zero exit, never a traceback, never a helper that half-starts."""
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "helper" / "data"


def run(*args, timeout=60, stdin=None):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "helper", *args], capture_output=True, text=True, timeout=timeout,
                          env=env, input=stdin, cwd=ROOT)


def assert_clear_failure(r, *words):
    assert r.returncode == 3, (r.returncode, r.stderr[-2000:])
    assert "Traceback" not in r.stderr and r.stderr.strip(), r.stderr[-2000:]
    for w in words:
        assert w in r.stderr, r.stderr


def test_port_in_use_is_a_clear_message_and_exit_3():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        r = run("serve", "--port", str(port), timeout=30)
    assert_clear_failure(r, "already in use", str(port))


def _corrupt(path: Path, how: str):
    if how == "truncated toml":
        path.write_text(path.read_text(encoding="utf-8")[:40] + "\n[unclosed", encoding="utf-8")
    elif how == "not utf-8":
        path.write_bytes(path.read_bytes()[:100] + b"\xff\xfe\x80 bad bytes")
    elif how == "a directory":
        path.unlink()
        path.mkdir()
    elif how == "missing":
        path.unlink()
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "not a count":
        path.write_text(path.read_text(encoding="utf-8").replace("\t", "\tmany ", 3), encoding="utf-8")
    elif how == "wrong shape":
        path.write_text('chars = {ab = "x"}\nsequences = 5\n', encoding="utf-8")
    elif how.startswith("a bare string: "):   # a list entry written as one string would be read letter by letter
        key = how.split(": ", 1)[1]
        text = path.read_text(encoding="utf-8")
        start = text.index(f"\n{key} = [") + 1
        end = text.index("]", start) + 1
        path.write_text(text[:start] + f'{key} = "amazonas"' + text[end:], encoding="utf-8")


CASES = [("brands/amazon.toml", "truncated toml"), ("brands/amazon.toml", "not utf-8"), ("brands/amazon.toml", "empty"),
         ("amazon_owned_domains.tsv", "missing"), ("amazon_owned_domains.tsv", "not utf-8"),
         ("lure_words.txt", "not utf-8"), ("lure_words.txt", "a directory"), ("shorteners.txt", "missing"),
         ("skeleton_extra.toml", "truncated toml"), ("skeleton_extra.toml", "wrong shape"),
         ("abused_suffixes.txt", "a directory"), ("page_scareware.toml", "truncated toml"),
         ("page_fields.toml", "not utf-8"), ("page_account.toml", "empty"),
         ("brands/amazon.toml", "a bare string: ordinary_words"), ("brands/amazon.toml", "a bare string: page_paths"),
         ("brands/amazon.toml", "a bare string: tokens"), ("letter_clusters.toml", "truncated toml"),
         ("letter_clusters.toml", "a bare string: codas"), ("name_model.tsv", "missing"),
         ("name_model.tsv", "not utf-8"), ("name_model.tsv", "not a count")]


@pytest.mark.parametrize("name, how", CASES, ids=[f"{n}-{h}" for n, h in CASES])
def test_corrupt_data_file_stops_the_helper_with_a_clear_message(tmp_path, name, how):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    _corrupt(data / name, how)
    # serve must refuse before it listens (port 1 would fail differently if it got that far)
    r = run("--data-dir", str(data), "serve", "--port", "1", timeout=30)
    # an empty file is valid TOML: the message names the folder and the missing entry rather than the file
    assert_clear_failure(r, Path(name).name if how not in ("missing", "empty") else "data")
    assert "listening" not in r.stderr


def test_missing_data_dir_and_a_file_as_data_dir(tmp_path):
    assert_clear_failure(run("--data-dir", str(tmp_path / "nope"), "check", "amazon.co.jp"), "no brand files")
    (tmp_path / "file").write_text("x")
    assert_clear_failure(run("--data-dir", str(tmp_path / "file"), "check", "amazon.co.jp"), "no brand files")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_data_file(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    (data / "lure_words.txt").chmod(0)
    assert_clear_failure(run("--data-dir", str(data), "check", "amazon.co.jp"), "lure_words.txt")


def test_unreadable_html_file_is_an_input_error(tmp_path):
    r = run("check", "--html", str(tmp_path / "missing.html"), "--url", "https://x.example/")
    assert r.returncode == 2 and "cannot read" in r.stderr and "Traceback" not in r.stderr
    r = run("check", "--html", str(tmp_path), "--url", "https://x.example/")
    assert r.returncode == 2 and "Traceback" not in r.stderr


def test_non_utf8_lines_on_stdin_are_judged_not_a_crash():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    r = subprocess.run([sys.executable, "-m", "helper", "check", "--json", "-"], input=b"amazon-x.com\n\xff\xfe@amaz0n.co.jp\n",
                       capture_output=True, timeout=60, env=env, cwd=ROOT)
    assert r.returncode in (0, 2) and b"Traceback" not in r.stderr
    assert len(r.stdout.splitlines()) == 2
