"""The measuring instruments: labelled files, the brand-looking selection rule, the peer adapter, the report."""
import shutil

import pytest

from helper import evaluation as ev


def test_labelled_file_reads_labels_aliases_and_comments(tmp_path):
    f = tmp_path / "mine.tsv"
    f.write_text("# my list\nhttps://amaz0n.co.jp/\tphish\n\nhttps://example.org/\tbenign\n"
                 "amazon-support.jp\t1\nhttps://example.net/\tgood\n", encoding="utf-8")
    got = ev.labelled_file(f)
    assert got == {"malicious": ["https://amaz0n.co.jp/", "amazon-support.jp"],
                   "benign": ["https://example.org/", "https://example.net/"]}


def test_labelled_file_needs_a_label_or_a_default(tmp_path):
    f = tmp_path / "plain.txt"
    f.write_text("https://a.example/\nhttps://b.example/\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no label"):
        ev.labelled_file(f)
    assert ev.labelled_file(f, "benign")["benign"] == ["https://a.example/", "https://b.example/"]
    f.write_text("https://a.example/\tmaybe\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown label"):
        ev.labelled_file(f)


@pytest.mark.parametrize("host, expected", [
    ("amazon.co.jp.secure-login.xyz", True),     # brand word anywhere
    ("info-amzn-support.net", True),
    ("amazom-jp.com", True),                     # one edit
    ("amzaon.top", True),                        # one adjacent swap
    ("xn--mazon-3ve.com", True),                 # Cyrillic а, decoded first: "аmazon" is one edit away
    ("mail.amaaazon.com", False),                # two edits: not "by name"
    ("secure-update-7731.workers.dev", False),
    ("example.com", False),
])
def test_selection_rule_is_by_name_only(host, expected):
    assert ev.looks_like_amazon_by_name(host) is expected


def test_tally_rates_count_flags_and_misses():
    t = ev.Tally("x", "d", True)
    for v in ("block", "warn", "allow", "error"):
        t.add(f"u-{v}", v)
    assert t.total == 4 and t.rate("block", "warn") == 0.5 and t.missed == ["u-allow"]


def test_peer_is_configured_from_the_helpers_brand_data(engine):
    cfg = ev.EthPhishingDetect(engine.knowledge).config()
    assert {"amazon.co.jp", "amazon.com", "amazon.de", "primevideo.com"} <= set(cfg["fuzzylist"])
    assert "a.co" not in cfg["fuzzylist"]            # a one-letter name would fuzzy-match every short host
    assert {"amazon.co.jp", "a.co", "amzn.to", "amazon"} <= set(cfg["allowlist"])   # "amazon": the brand TLD
    assert "amazonaws.com" not in cfg["allowlist"]   # hosting is not Amazon speaking
    assert "tolerance" not in cfg                    # the detector's own default


def test_evaluate_puts_the_peer_on_the_same_hosts(engine):
    class FakePeer:
        name = "fake"

        def check(self, hosts):
            return [{"host": h, "result": h.startswith("amaz0n")} for h in hosts]

    fam = ev.Family("mixed", "test", True, ["https://AMAZ0N.co.jp./x", "ftp://amaz0n.co.jp/", "https://example.org/"])
    (got_fam, (sg, peer)), = ev.evaluate(engine, [fam], [FakePeer()])
    assert sg.verdicts[1] == "error" and peer.verdicts == ["block", "error", "allow"]


needs_node = pytest.mark.skipif(
    shutil.which("node") is None or not (ev.PEERS_DIR / "node_modules" / "eth-phishing-detect").is_dir(),
    reason="the peer needs node and peers/node_modules (scamguard eval --peer runs npm ci itself; tests do not)")


@needs_node
def test_peer_adapter_on_three_hosts(engine):
    out = ev.EthPhishingDetect(engine.knowledge).check(["www.amazon.co.jp", "amaz0n.co.jp", "example.org"])
    assert [o["result"] for o in out] == [False, True, False]
    assert [o["type"] for o in out] == ["allowlist", "fuzzy", "all"]


def test_report_writes_markdown_without_plots(engine, tmp_path):
    fams = [ev.Family("phish", "test", True, ["https://amaz0n.co.jp/", "https://example.org/"]),
            ev.Family("benign", "test", False, ["https://example.org/"])]
    res = ev.evaluate(engine, fams)
    path = ev.write_report(res, tmp_path, engine_version="t", thresholds=engine.thresholds, command="eval",
                           plots=False)
    text = path.read_text(encoding="utf-8")
    assert "| phish | test | 2 | recall | 50.00 %" in text
    assert "hxxps://example[.]org/" in text          # a missed malicious URL is shown defanged, never linked


def test_report_keeps_the_real_pages_sections_it_does_not_generate(engine, tmp_path):
    """The real-page sections come from `eval --pages` and the browser harness: a rewrite of the URL report
    keeps them word for word and drops its own old sections."""
    (tmp_path / "EVALUATION.md").write_text("# old\n\n## Every count\n\nold numbers\n\n## Real pages (page check)\n\n"
                                            "| a | b |\n\n### in the browser\n\nmeasured\n\n## Real pages: scareware\n\nx\n",
                                            encoding="utf-8")
    res = ev.evaluate(engine, [ev.Family("phish", "test", True, ["https://amaz0n.co.jp/"])])
    text = ev.write_report(res, tmp_path, engine_version="t", thresholds=engine.thresholds, command="eval",
                           plots=False).read_text(encoding="utf-8")
    assert "old numbers" not in text and text.count("## Every count") == 1
    assert text.endswith("## Real pages (page check)\n\n| a | b |\n\n### in the browser\n\nmeasured\n\n"
                         "## Real pages: scareware\n\nx\n")


def test_url_families_split_2023_by_month_and_umbrella_by_registrable(tmp_path):
    """The new corpora: 2023 rows tune on January–June and report on July–December; Umbrella hosts go to one half
    with every other host of their registrable domain; Amazon's own hosts are scored whole in both runs."""
    head = "date\turl\thostname\tregistrable_domain\tbrand\tsource\tregistrable_in_benign_domains\t" \
           "host_under_amazon_owned_domain\n"
    row = "{d}\thttp://{h}/\t{h}\t{h}\tAmazon\ttest\tno\tno\n"
    (tmp_path / "phish_amazon_urls_2019-2022.tsv").write_text(head + row.format(d="2020/01/01 00:00:00", h="amaz0n.top"))
    (tmp_path / "phish_amazon_urls_2023.tsv").write_text(
        head + row.format(d="2023/03/01 00:00:00", h="amazon-a.top") + row.format(d="2023/09/01 00:00:00", h="amazon-b.top"))
    (tmp_path / "benign_domains_tranco_50001-100000.tsv").write_text("rank\tdomain\tsource\n60000\texample.org\tt\n")
    hosts = [(f"h{i}.site{i % 7}.example", f"site{i % 7}.example") for i in range(40)]
    (tmp_path / "benign_hosts_umbrella_dev.tsv").write_text(
        "rank\thost\tregistrable\tsource\n" + "".join(f"{i}\t{h}\t{r}\tu\n" for i, (h, r) in enumerate(hosts)))
    (tmp_path / "amazon_hosts_umbrella_dev.tsv").write_text("rank\thost\tregistrable\tsource\n1\tx.amazon.dev\tamazon.dev\tu\n")
    (tmp_path / "amazon_owned_domains.tsv").write_text("amazon.dev\t-\tv2fly\t\n")
    fams = {s: {f.name: f for f in ev.url_families(tmp_path, s)} for s in ("tune", "report")}
    assert fams["tune"]["phishing 2023-01…06, looks like Amazon by name"].items == ["http://amazon-a.top/"]
    assert fams["report"]["phishing 2023-07…12, looks like Amazon by name"].items == ["http://amazon-b.top/"]
    name = "benign popular hostnames with subdomains (Cisco Umbrella)"
    tune, report = set(fams["tune"][name].items), set(fams["report"][name].items)
    assert tune and report and not tune & report and len(tune | report) == 40
    for half in (tune, report):   # a site's hosts stay together
        sites = {u.split(".", 1)[1] for u in half}
        assert all(ev.umbrella_half(s.rstrip("/")) == ev.umbrella_half(next(iter(sites)).rstrip("/")) for s in sites)
    assert fams["tune"]["Amazon's own hosts (Cisco Umbrella)"].items == ["https://x.amazon.dev/"]


def test_eval_runs_out_of_the_box_and_says_where_more_data_comes_from(monkeypatch, capsys):
    # A clone has no ../shared/data: with no option, eval scores what the repository makes (dnstwist on one
    # domain here, to keep the test short; the command runs all protected domains).
    from helper import cli
    monkeypatch.setattr(ev, "protected_domains", lambda knowledge: ["amazon.co.jp"])
    assert cli.main(["eval", "--quiet"]) == 0
    out, err = capsys.readouterr()
    assert "Amazon's own domains" in out and "dnstwist addition" in out and "page fixtures, scam pages" in out
    assert "https://github.com/JPCERTCC/phishurl-list" in err and "https://tranco-list.eu/" in err
    assert "--input FILE" in err


def test_eval_out_of_the_box_without_dnstwist_says_so(monkeypatch, capsys):
    from helper import cli
    monkeypatch.setattr(cli, "_dnstwist_version", lambda: "?")
    assert cli.main(["eval", "--quiet"]) == 0
    out, err = capsys.readouterr()
    assert "dnstwist is not installed" in err and "dnstwist" not in out and "Amazon's own domains" in out
