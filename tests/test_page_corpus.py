"""The real-page corpus runner (helper/page_corpus.py, `scamguard eval --pages DIR`), on a small corpus made
from our own fixture pages in a temporary folder (CI has no /work/corpus)."""
import json
import shutil
from pathlib import Path

import pytest

from helper import cli, page_corpus as pc
from helper.engine import Engine

FIXTURES = Path(__file__).parent / "fixtures" / "pages"
HEAD = "file\tlabel\tfamily\tlang\tsource\tserved_on\torigin\tdescription\n"


def _corpus(tmp_path: Path, rows: dict[str, list[str]]) -> Path:
    for folder, lines in rows.items():
        d = tmp_path / folder
        d.mkdir()
        for line in lines:
            name = line.split("\t")[0]
            if (FIXTURES / name).exists():
                shutil.copyfile(FIXTURES / name, d / name)
            else:
                (d / name).write_text("お客様のコンピューターはウイルスに感染しています。今すぐ 050-1234-5678 に電話してください。",
                                      encoding="utf-8")
        (d / "manifest.tsv").write_text(HEAD + "".join(l + "\n" for l in lines), encoding="utf-8")
    return tmp_path


@pytest.fixture
def corpus(tmp_path):
    return _corpus(tmp_path, {
        "kits": ["fake_signin_ja.html\tscam\tfake_amazon\tja\tkit/one\t\tkit/one@abc:signin.html\tsign-in",
                 "quoted.txt\tscam\tscam_quote\tja\tsite.example\t\thttps://site.example/a\tquoted"],
        "benign": ["amazon_signin_genuine_ja.html\tbenign\tgenuine_amazon\tja\tamazon.co.jp\twww.amazon.co.jp\t"
                   "https://www.amazon.co.jp/ap/signin\tgenuine sign-in",
                   "police_warning_ja.html\tbenign\twarning_article\tja\tpolice.example\t\t-\twarning"]})


def test_genuine_page_is_judged_on_its_host_and_as_a_clone(corpus):
    judged = pc.judge(Engine(), pc.read_corpus(corpus))
    by = {(j.entry.file, j.family): j for j in judged}
    assert len(judged) == 5
    genuine = by[("amazon_signin_genuine_ja.html", "genuine_amazon")]
    clone = by[("amazon_signin_genuine_ja.html", "amazon_clone")]
    assert genuine.url == "https://www.amazon.co.jp/" and genuine.verdict == "allow" and not genuine.malicious
    assert clone.malicious and "amazon" not in clone.url
    assert by[("fake_signin_ja.html", "fake_amazon")].verdict == "block"
    assert by[("police_warning_ja.html", "warning_article")].verdict == "allow"


def test_txt_is_judged_as_text_alone(corpus):
    e = next(e for e in pc.read_corpus(corpus) if e.file == "quoted.txt")
    page = pc.page_of(e, pc.neutral_url(e))
    assert page == {"title": "", "text": (corpus / "kits" / "quoted.txt").read_text(encoding="utf-8"), "lang": "ja"}


def test_split_is_stable_per_source_and_overridable(tmp_path):
    assert pc.split_of("kiddVS/fish-platform") == pc.split_of("kiddvs/fish-platform ")
    halves = {pc.split_of(f"owner{i}/kit") for i in range(20)}
    assert halves == {"tune", "report"}
    d = _corpus(tmp_path, {"k": ["fake_signin_ja.html\tscam\tfake_amazon\tja\tkit/one\t\t-\tx"]})
    m = d / "k" / "manifest.tsv"
    want = "report" if pc.split_of("kit/one") == "tune" else "tune"
    m.write_text(HEAD.rstrip("\n") + "\tsplit\n" + f"fake_signin_ja.html\tscam\tfake_amazon\tja\tkit/one\t\t-\tx\t{want}\n",
                 encoding="utf-8")
    assert pc.read_corpus(d)[0].half == want


def test_rows_count_every_half(corpus):
    rows = pc.tally(pc.judge(Engine(), pc.read_corpus(corpus)))
    allrow = {(r["family"], r["lang"], r["half"]): r for r in rows}
    fam = allrow[("fake_amazon", "all", "all")]
    assert (fam["n"], fam["block"], fam["sources"]) == (1, 1, 1)
    half = pc.split_of("kit/one")
    assert allrow[("fake_amazon", "ja", half)]["block"] == 1
    assert ("fake_amazon", "all", "report" if half == "tune" else "tune") not in allrow


@pytest.mark.parametrize("line, says", [
    ("nofile.html\tscam\tfake_amazon\tja\tkit/one\t\t-\tx", "is not in"),
    ("fake_signin_ja.html\tphish\tfake_amazon\tja\tkit/one\t\t-\tx", "label 'phish'"),
    ("fake_signin_ja.html\tscam\tfake_amazon\tde\tkit/one\t\t-\tx", "lang 'de'"),
    ("fake_signin_ja.html\tscam\tfake_amazon\tja\t\t\t-\tx", "empty source"),
    ("amazon_signin_genuine_ja.html\tbenign\tgenuine_amazon\tja\tamazon.co.jp\t\t-\tx", "needs served_on"),
])
def test_bad_manifest_is_a_cli_message(tmp_path, capsys, line, says):
    d = tmp_path / "k"
    d.mkdir()
    shutil.copyfile(FIXTURES / "fake_signin_ja.html", d / "fake_signin_ja.html")
    shutil.copyfile(FIXTURES / "amazon_signin_genuine_ja.html", d / "amazon_signin_genuine_ja.html")
    (d / "manifest.tsv").write_text(HEAD + line + "\n", encoding="utf-8")
    assert cli.main(["eval", "--pages", str(tmp_path)]) == cli.EXIT_INPUT
    err = capsys.readouterr().err
    assert says in err and "manifest.tsv:2" in err


def test_cli_table_and_json(corpus, capsys):
    assert cli.main(["eval", "--pages", str(corpus)]) == 0
    out = capsys.readouterr().out
    assert "| fake_amazon | ja | scam | 1 (1) | 1 (100.0%)" in out
    assert "| amazon_clone |" in out and "tune half" in out
    assert cli.main(["eval", "--pages", str(corpus), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {p["family"] for p in data["pages"]} == {"fake_amazon", "scam_quote", "genuine_amazon", "amazon_clone",
                                                    "warning_article"}
    assert data["splits"]["kit/one"] in ("tune", "report")


def test_old_fixture_folder_still_runs_the_fixture_families(capsys):
    assert not pc.is_corpus(FIXTURES)
    assert cli.main(["eval", "--pages", str(FIXTURES), "--quiet"]) == 0
    assert "page fixtures, scam pages" in capsys.readouterr().out


CORPUS = Path("/work/corpus/pages")


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the real-page corpus is not on this machine")
def test_real_corpus_reads():
    entries = pc.read_corpus(CORPUS)
    assert entries and all(e.path.is_file() for e in entries)
