"""What `scamguard check` prints: always valid UTF-8 JSON with --json, one language throughout (--lang, else the
locale), and a clear word when an option is missing its partner. `bench --help` explains every option."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helper.cli import build_parser, main
from helper.engine import load_rules

ROOT = Path(__file__).resolve().parent.parent
JA_MESSAGES = json.loads((ROOT / "extension" / "_locales" / "ja" / "messages.json").read_text(encoding="utf-8"))
ENGLISH_DESCRIPTIONS = {r.description for r in load_rules()[0].values()}
BLOCKED = ["https://amazon.co.jp.secure-login.xyz/ap/signin", "http://xn--mazon-3ve.co.jp/", "http://192.168.0.1/amazon"]


def run(args, stdin=b"", **env):
    environ = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")}
    return subprocess.run([sys.executable, "-m", "helper", *args], input=stdin, capture_output=True, timeout=60,
                          cwd=ROOT, env={**environ, "PYTHONPATH": str(ROOT), **env})


def test_invalid_bytes_on_stdin_still_give_utf8_json_lines_with_a_notice():
    # LC_ALL=C: Python's UTF-8 mode reads and writes undecodable bytes back as they came (surrogateescape).
    r = run(["check", "--json", "-"], b"amazon\xff-support.jp\nhttps://www.amazon.co.jp/\xe3\x81\namazon-support.jp\n",
            LC_ALL="C")
    lines = [json.loads(line) for line in r.stdout.decode("utf-8").splitlines()]   # strict: raises on bad bytes
    assert len(lines) == 3 and r.returncode == 2
    assert [line.get("notice", {}).get("code") for line in lines] == ["invalid_utf8", "invalid_utf8", None]
    assert lines[0]["input"] == "amazon\ufffd-support.jp" and "error" in lines[0]
    assert lines[1]["verdict"] == "allow" and lines[2]["verdict"] == "block"


def test_invalid_bytes_in_an_argument_are_replaced_and_said():
    r = run(["check", "--json", os.fsdecode(b"http://amazon-support.jp/\xff")], LC_ALL="C")
    line = json.loads(r.stdout.decode("utf-8"))
    assert line["input"] == "http://amazon-support.jp/\ufffd" and line["notice"]["code"] == "invalid_utf8"
    assert r.returncode == 2


@pytest.mark.parametrize("how", [["--lang", "ja"], {"LANG": "ja_JP.UTF-8"}, {"LC_ALL": "ja_JP.UTF-8", "LANG": "C"},
                                 {"LC_MESSAGES": "ja_JP.UTF-8", "LANG": "en_US.UTF-8"}])
def test_japanese_throughout(how):
    args, env = (how, {}) if isinstance(how, list) else ([], how)
    r = run(["check", *args, *BLOCKED, "ftp://x"], **env)
    out, err = r.stdout.decode("utf-8"), r.stderr.decode("utf-8")
    verdicts = [json.loads(line) for line in run(["check", "--json", *BLOCKED]).stdout.decode().splitlines()]
    for v in verdicts:
        for reason in v["reasons"]:
            assert JA_MESSAGES[f"reason_{reason['code']}"]["message"] in out, reason["code"]
            assert reason["description"] not in out
    assert out.count("危険") >= 3 and "BLOCK" not in out and "Genuine site" not in out
    assert "本物のサイト: amazon.co.jp" in out and "technique" not in out
    assert "確認できるのは http と https" in err and "only http" not in err


def test_english_when_asked_even_under_a_japanese_locale():
    r = run(["check", "--lang", "en", BLOCKED[0]], LANG="ja_JP.UTF-8")
    out = r.stdout.decode("utf-8")
    assert out.startswith("BLOCK") and "Genuine site: amazon.co.jp" in out
    assert not any("\u3040" <= ch <= "\u9fff" for ch in out)


def test_a_japanese_message_checked_in_english_says_it_all_in_english():
    text = "Amazonです。お客様のアカウントが停止されました。 https://amazon-support.jp/ 050-1234-5678 までお電話ください"
    out = run(["check", "--lang", "en", "--message", "-"], text.encode()).stdout.decode("utf-8")
    printed = out.replace("amazon-support.jp", "")
    lines_with_japanese = [l for l in printed.splitlines() if any("\u3040" <= ch <= "\u9fff" for ch in l)]
    assert out.startswith("BLOCK") and not lines_with_japanese, lines_with_japanese
    ja = run(["check", "--lang", "ja", "--message", "-"], text.encode()).stdout.decode("utf-8")
    assert JA_MESSAGES["reason_MSG_LURE_ACCOUNT"]["message"] in ja and "The message" not in ja


def test_a_phone_number_in_the_chosen_language():
    en = run(["check", "--lang", "en", "--phone", "0120-899-543"]).stdout.decode("utf-8")
    ja = run(["check", "--lang", "ja", "--phone", "0120-899-543"]).stdout.decode("utf-8")
    assert "#9110 (police consultation)" in en and "相談" not in en
    assert "警察相談専用電話" in ja and "police" not in ja


def test_every_reason_has_japanese_words_for_the_command_line():
    from helper.cli_text import Words
    say = Words("ja")
    assert not say.missing_reason_texts
    assert not [c for c, r in load_rules()[0].items() if say.reason(c, r.description) == r.description]


def test_url_without_html_says_what_is_missing(capsys, monkeypatch):
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    assert main(["check", "--url", "https://fake.example/"]) == 2
    err = capsys.readouterr().err
    assert "--html FILE" in err and "scamguard check https://fake.example/" in err


def test_bench_help_explains_every_option():
    parser = build_parser()
    bench = parser._subparsers._group_actions[0].choices["bench"]
    unexplained = [a.dest for a in bench._actions if a.dest != "help" and not (a.help or "").strip()]
    assert not unexplained
    help_text = bench.format_help()
    assert "--threads" in help_text and "--clients" in help_text


def test_a_locale_without_a_language_leaves_it_to_the_input():
    ja_number = run(["check", "--phone", "0120-899-543"], LANG="C.UTF-8").stdout.decode("utf-8")
    ja_message = run(["check", "--message", "-"], "アカウントが停止されました https://amazon-support.jp/".encode(),
                     LANG="C.UTF-8").stdout.decode("utf-8")
    url = run(["check", BLOCKED[0]], LC_ALL="C").stdout.decode("utf-8")
    assert "警察相談専用電話" in ja_number and ja_message.startswith("危険") and url.startswith("BLOCK")
