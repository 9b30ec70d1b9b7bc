"""Measure detection on labelled corpora, next to a peer detector run on the same inputs.

Tuning and reporting halves are kept apart (see SPLITS): the rules were tuned on one half of each shared corpus and
are reported on the other. The corpora are strings to score; nothing here fetches a URL.
"""
from __future__ import annotations

import bisect
import csv
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .context import InputError, parse_url

# Which half of each shared corpus rules were tuned on; numbers are reported on the other half.
SPLITS = {
    "phish": "tuned on 2019-2020 rows and 2023-01..06, reported on 2021-2022 rows and 2023-07..12",
    "benign": "tuned on Tranco ranks 50,001-74,999 and the Umbrella hosts whose registrable domain hashes even, "
              "reported on ranks 75,000-100,000 and the odd ones",
}
BRAND_WORDS = ("amazon", "amzn", "amason", "アマゾン")
SCAMGUARD = "ScamGuard"
PEERS_DIR = Path(__file__).resolve().parent.parent / "peers"
VERDICTS = ("block", "warn", "allow", "error")


@dataclass
class Family:
    """One labelled set of inputs: URLs, or (URL, page) pairs for the page fixtures."""
    name: str
    data: str
    malicious: bool
    items: list                     # str URLs, or (url, page dict) tuples
    kind: str = "url"               # url | dnstwist | page | yours
    origins: list[str] | None = None  # dnstwist: the genuine domain each permutation came from


@dataclass
class Tally:
    name: str
    data: str
    malicious: bool
    detector: str = SCAMGUARD
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(VERDICTS, 0))
    verdicts: list[str] = field(default_factory=list)   # per item, in order ("error" for refused input)
    missed: list[str] = field(default_factory=list)
    flagged_benign: list[str] = field(default_factory=list)
    scores: list[int] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def rate(self, *verdicts: str) -> float:
        return sum(self.counts[v] for v in verdicts) / self.total if self.total else 0.0

    def add(self, item: str, verdict: str, score: int | None = None) -> None:
        self.counts[verdict] += 1
        self.verdicts.append(verdict)
        if score is not None:
            self.scores.append(score)
        if self.malicious and verdict == "allow":
            self.missed.append(item)
        if not self.malicious and verdict in ("block", "warn"):
            self.flagged_benign.append(item)


def _levenshtein_at_most_one(a: str, b: str) -> bool:
    """Independent of the detectors on purpose: the subset must not be chosen by the thing being measured."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diffs) <= 1 or (len(diffs) == 2 and diffs[1] == diffs[0] + 1
                                   and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]])
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def looks_like_amazon_by_name(hostname: str) -> bool:
    """The selection rule for "brand-looking" phishing hosts: a brand word anywhere in the host, or a host token
    (split on dots and hyphens) one edit (or one adjacent swap) from "amazon". Punycode is decoded first."""
    host = hostname.lower()
    try:
        shown = host.encode("ascii").decode("idna") if "xn--" in host else host
    except UnicodeError:
        shown = host
    if any(w in shown for w in BRAND_WORDS):
        return True
    tokens = shown.replace("-", ".").split(".")
    return any(_levenshtein_at_most_one(t, "amazon") for t in tokens)


def phishing_rows(path: Path):
    with open(path, encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh, delimiter="\t")


class _Progress:
    """One stderr line every few seconds on long runs: done/total, rate, time left."""

    def __init__(self, label: str, total: int, enabled: bool, every: float = 3.0):
        self.label, self.total, self.enabled, self.every = label, total, enabled, every
        self.started = self.last = time.monotonic()

    def tick(self, done: int) -> None:
        now = time.monotonic()
        if self.enabled and now - self.last >= self.every:
            self.last = now
            rate = done / (now - self.started)
            left = (self.total - done) / rate if rate else 0
            print(f"  {self.label}: {done:,}/{self.total:,} ({rate:,.0f}/s, about {left:.0f} s left)",
                  file=sys.stderr, flush=True)


def run(engine, items, tally: Tally, progress: bool = False, hosts: list | None = None) -> Tally:
    """Score every item (a URL, or a (URL, page) pair) with the engine. `hosts`, when given, receives the
    normalised ASCII host of each item (None for refused input), for a peer to judge the very same host."""
    items = list(items)
    bar = _Progress(tally.name, len(items), progress)
    for n, item in enumerate(items, 1):
        url, page = item if isinstance(item, tuple) else (item, None)
        try:
            v = engine.verdict(url, page)
        except InputError:
            tally.add(url, "error")
            if hosts is not None:
                hosts.append(None)
            continue
        tally.add(url, v["verdict"], v["score"])
        if hosts is not None:
            hosts.append(v["host"]["ascii"])
        if n % 500 == 0:
            bar.tick(n)
    return tally


# ---- the peer: MetaMask's eth-phishing-detect, run by node on the same hosts -------------------------------

class PeerUnavailable(RuntimeError):
    """The peer cannot run here (no node, or its npm packages cannot be installed)."""


class EthPhishingDetect:
    """MetaMask's fuzzy-list detector (npm `eth-phishing-detect`), configured to protect the same Amazon domains:
    fuzzylist = the genuine domains of the brand's protected names (amazon.*, primevideo.*, amazonpay.*),
    allowlist = every genuine Amazon domain and brand TLD, tolerance = the detector's default unless given.
    A host it flags gets MetaMask's full-page warning, so it counts as a block; it has no "warn"."""

    script = "eth-phishing-detect.js"

    def __init__(self, knowledge, tolerance: int | None = None, peers_dir: Path = PEERS_DIR):
        self.knowledge = knowledge
        self.tolerance = tolerance
        self.peers_dir = Path(peers_dir)
        self.name = "eth-phishing-detect" + (f" (tolerance {tolerance})" if tolerance is not None else "")

    def config(self) -> dict:
        fuzzy, allow = set(), set()
        for b in self.knowledge.brands:
            allow |= b.genuine | b.genuine_tlds
            fuzzy |= {d for d in b.genuine if d.split(".")[0] in b.protected_labels}
        cfg = {"name": "scamguard-brands", "version": 1, "fuzzylist": sorted(fuzzy), "allowlist": sorted(allow)}
        if self.tolerance is not None:
            cfg["tolerance"] = self.tolerance
        return cfg

    def describe(self) -> str:
        cfg = self.config()
        return (f"`eth-phishing-detect` {self.version()} (npm) in node, "
                f"tolerance {cfg.get('tolerance', self.default_tolerance())}"
                f"{'' if 'tolerance' in cfg else ' (its default)'}; fuzzylist: {len(cfg['fuzzylist'])} genuine "
                f"domains of Amazon's protected names; allowlist: {len(cfg['allowlist'])} genuine Amazon domains and "
                "brand TLDs (all read from `helper/data`)")

    def version(self) -> str:
        try:
            pkg = self.peers_dir / "node_modules" / "eth-phishing-detect" / "package.json"
            return json.loads(pkg.read_text(encoding="utf-8"))["version"]
        except (OSError, ValueError, KeyError):
            return "?"

    def default_tolerance(self) -> str:
        src = self.peers_dir / "node_modules" / "eth-phishing-detect" / "src" / "detector.js"
        try:
            for line in src.read_text(encoding="utf-8").splitlines():
                if "DEFAULT_TOLERANCE =" in line:
                    return line.split("=", 1)[1].strip()
        except OSError:
            pass
        return "?"

    def ensure_installed(self, log=sys.stderr) -> None:
        """node must be on PATH; the npm packages are installed from peers/package-lock.json when missing."""
        if shutil.which("node") is None:
            raise PeerUnavailable("node is not installed (Debian: apt-get install nodejs npm)")
        if not (self.peers_dir / self.script).exists():
            raise PeerUnavailable(f"{self.peers_dir / self.script} is missing (run from a source checkout)")
        if (self.peers_dir / "node_modules" / "eth-phishing-detect").is_dir():
            return
        npm = shutil.which("npm")
        if npm is None:
            raise PeerUnavailable("npm is not installed, and peers/node_modules is missing")
        print(f"installing the peer's npm packages: npm ci in {self.peers_dir}", file=log, flush=True)
        r = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=self.peers_dir, capture_output=True,
                           text=True, timeout=300)
        if r.returncode != 0:
            raise PeerUnavailable(f"npm ci failed in {self.peers_dir}: {r.stderr.strip()[-500:]}")

    def check(self, hosts: list[str]) -> list[dict]:
        """One node process for the whole batch: [{host, ascii, result, type, match} | {host, error}], in order."""
        self.ensure_installed()
        with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as fh:
            json.dump(self.config(), fh)
        try:
            r = subprocess.run(["node", str(self.peers_dir / self.script), fh.name],
                               input="".join(h + "\n" for h in hosts), capture_output=True, text=True,
                               encoding="utf-8", timeout=900)
        finally:
            Path(fh.name).unlink(missing_ok=True)
        if r.returncode != 0:
            raise PeerUnavailable(f"the peer failed: {r.stderr.strip()[-500:]}")
        out = [json.loads(l) for l in r.stdout.splitlines()]
        if len(out) != len(hosts):
            raise PeerUnavailable(f"the peer answered {len(out)} of {len(hosts)} hosts")
        return out


def evaluate(engine, families: list[Family], peers=(), progress: bool = False) -> list[tuple[Family, list[Tally]]]:
    """Every family through the engine, then every peer on exactly the hosts the engine judged (input the engine
    refuses as not a web URL counts as an error for both)."""
    results, all_hosts = [], []
    for fam in families:
        if progress:
            print(f"{fam.name}: {len(fam.items):,} inputs", file=sys.stderr, flush=True)
        hosts: list[str | None] = []
        t = run(engine, fam.items, Tally(fam.name, fam.data, fam.malicious), progress, hosts)
        results.append((fam, [t]))
        all_hosts.append(hosts)
    for peer in peers:
        flat = [h for hosts in all_hosts for h in hosts if h is not None]
        if progress:
            print(f"{peer.name}: {len(flat):,} hosts in one node process", file=sys.stderr, flush=True)
        started = time.monotonic()
        answers = iter(peer.check(flat))
        for (fam, tallies), hosts in zip(results, all_hosts):
            t = Tally(fam.name, fam.data, fam.malicious, detector=peer.name)
            for item, host in zip(fam.items, hosts):
                url = item[0] if isinstance(item, tuple) else item
                if host is None:
                    t.add(url, "error")
                    continue
                a = next(answers)
                t.add(url, "error" if "error" in a else "block" if a["result"] else "allow")
            tallies.append(t)
        if progress:
            print(f"{peer.name}: done in {time.monotonic() - started:.1f} s", file=sys.stderr, flush=True)
    return results


# ---- corpora -------------------------------------------------------------------------------------------------

def protected_domains(knowledge) -> list[str]:
    """Every genuine domain whose name is one of a brand's protected labels (amazon.co.jp, amazon.de, …,
    primevideo.com, amazonpay.in): the domains dnstwist permutes and the peer's fuzzylist."""
    return sorted({d for b in knowledge.brands for d in b.genuine if d.split(".")[0] in b.protected_labels})


def dnstwist_permutations(domains) -> list[tuple[str, str, str]]:
    """(fuzzer, permutation, the domain it came from), one row per distinct (fuzzer, permutation)."""
    import dnstwist

    seen: set[tuple[str, str]] = set()
    out = []
    for domain in domains:
        f = dnstwist.Fuzzer(domain)
        f.generate()
        for d in f.domains:
            key = (d["fuzzer"], d["domain"])
            if d["fuzzer"] != "*original" and key not in seen:
                seen.add(key)
                out.append((d["fuzzer"], d["domain"], domain))
    return sorted(out)


def dnstwist_sets(domains):
    """{fuzzer: [domain, …]} of dnstwist permutations of `domains`."""
    per: dict[str, list[str]] = {}
    for fuzzer, perm, _ in dnstwist_permutations(domains):
        per.setdefault(fuzzer, []).append(perm)
    return {k: sorted(v) for k, v in sorted(per.items())}


def umbrella_half(registrable: str) -> str:
    """Which half of the Umbrella hostname list a host belongs to, by its registrable domain (every host of one site
    in the same half), from a hash: deterministic, and independent of anything the detectors look at."""
    return "tune" if hashlib.sha256(registrable.encode("utf-8")).digest()[0] % 2 == 0 else "report"


def _phishing_families(rows: list[dict], src: str, period: str) -> list[Family]:
    hosted = [r for r in rows if r["host_under_amazon_owned_domain"] == "yes"]
    rest = [r for r in rows if r["host_under_amazon_owned_domain"] != "yes"]
    return [
        Family(f"phishing {period}, looks like Amazon by name", src, True,
               [r["url"] for r in rest if looks_like_amazon_by_name(r["hostname"])]),
        Family(f"phishing {period}, does not look like Amazon by name", src, True,
               [r["url"] for r in rest if not looks_like_amazon_by_name(r["hostname"])]),
        Family(f"phishing {period} on Amazon-run hosting (S3, CloudFront, …)", src, True, [r["url"] for r in hosted]),
    ]


def url_families(data_dir: Path, split: str = "report", owned_file: Path | None = None) -> list[Family]:
    """The shared corpora: phishing (brand-looking / not / on Amazon-run hosting) of 2019–2022 and of 2023, benign
    top list, benign hostnames with subdomains, Amazon's own domains and Amazon's own hosts."""
    report = split == "report"
    phish = list(phishing_rows(data_dir / "phish_amazon_urls_2019-2022.tsv"))
    years = ("2021", "2022") if report else ("2019", "2020")
    src = f"JPCERT/CC phishing URLs attributed to Amazon (phish_amazon_urls_2019-2022.tsv), {'–'.join(years)} rows"
    out = _phishing_families([r for r in phish if r["date"][:4] in years], src, "–".join(years))
    if (data_dir / "phish_amazon_urls_2023.tsv").exists():
        months = "2023-07…12" if report else "2023-01…06"
        rows = [r for r in phishing_rows(data_dir / "phish_amazon_urls_2023.tsv")
                if (int(r["date"][5:7]) > 6) == report]
        out += _phishing_families(rows, f"phish_amazon_urls_2023.tsv, rows of {months}", months)
    benign = []
    with open(data_dir / "benign_domains_tranco_50001-100000.tsv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            if (int(r["rank"]) >= 75000) == report:
                benign.append("https://" + r["domain"] + "/")
    out.append(Family("benign popular domains (Tranco)", "benign_domains_tranco_50001-100000.tsv, " +
                      ("ranks 75,000–100,000" if report else "ranks 50,001–74,999"), False, benign))
    umbrella = data_dir / "benign_hosts_umbrella_dev.tsv"
    if umbrella.exists():
        with open(umbrella, encoding="utf-8") as fh:
            hosts = [r["host"] for r in csv.DictReader(fh, delimiter="\t") if umbrella_half(r["registrable"]) == split]
        out.append(Family("benign popular hostnames with subdomains (Cisco Umbrella)",
                          f"benign_hosts_umbrella_dev.tsv, the {split} half by registrable domain "
                          "(evaluation.umbrella_half)", False, [f"https://{h}/" for h in hosts]))
    out.append(amazon_owned_family(data_dir / "amazon_owned_domains.tsv",
                                   owned_file or Path(__file__).parent / "data" / "amazon_owned_domains.tsv"))
    amazon_hosts = data_dir / "amazon_hosts_umbrella_dev.tsv"
    if amazon_hosts.exists():
        with open(amazon_hosts, encoding="utf-8") as fh:
            hosts = [r["host"] for r in csv.DictReader(fh, delimiter="\t")]
        out.append(Family("Amazon's own hosts (Cisco Umbrella)", "amazon_hosts_umbrella_dev.tsv, every row (a must-be-0 "
                          "check, not tuned on)", False, [f"https://{h}/" for h in hosts]))
    return out


def amazon_owned_family(*paths: Path) -> Family:
    """Amazon's own domains and their www., from one or more lists (the shared copy and helper/data's)."""
    owned = set()
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                d = line.split("\t")[0]
                owned.add("www" + d[1:] if d.startswith("*.") else d)
    urls = [f"https://{d}/" for d in sorted(owned)] + [f"https://www.{d}/" for d in sorted(owned) if not d.startswith("www.")]
    names = " and ".join(dict.fromkeys(p.name for p in paths))
    return Family("Amazon's own domains (and their www.)", f"{names} (brand TLDs as www.<tld>)", False, urls)


def dnstwist_families(knowledge, domains=None) -> list[Family]:
    """dnstwist permutations of every protected Amazon domain, one family per fuzzer. Permutations that are
    themselves Amazon's (amazon.jp from amazon.co.jp) are left out."""
    domains = list(domains or protected_domains(knowledge))
    rows = [r for r in dnstwist_permutations(domains) if knowledge.owner(r[1])[1] != "genuine"]
    per: dict[str, list[tuple[str, str]]] = {}
    for fuzzer, perm, origin in rows:
        per.setdefault(fuzzer, []).append((perm, origin))
    data = f"dnstwist permutations of the {len(domains)} protected Amazon domains"
    return [Family(f"dnstwist {fuzzer}", data, True, [f"http://{p}/" for p, _ in perms], kind="dnstwist",
                   origins=[o for _, o in perms]) for fuzzer, perms in sorted(per.items())]


PAGE_MANIFESTS = ("index.toml", "manifest.json", "manifest.tsv")


def page_families(pages_dir: Path) -> list[Family]:
    """The page fixtures: tests/fixtures/pages/index.toml names each saved page, the URL it stands for, the
    behaviour signals the extension would send and the verdict a user should see (block/warn = malicious).
    Pages are parsed offline by html_extract; nothing is fetched or run."""
    from .html_extract import extract_page

    entries = _page_manifest(pages_dir)
    fams: dict[bool, Family] = {}
    for e in entries:
        mal = e["malicious"]
        fam = fams.setdefault(mal, Family("page fixtures, " + ("scam pages" if mal else "benign pages"),
                                          f"{pages_dir.name}/ saved pages with their URL and behaviour signals "
                                          "(labels: the verdict the fixture index expects)", mal, [], kind="page"))
        page = extract_page((pages_dir / e["file"]).read_bytes(), e["url"])
        if e.get("signals"):
            page = {**page, "signals": e["signals"]}
        fam.items.append((e["url"], page))
    return [fams[k] for k in (True, False) if k in fams]


def _page_manifest(pages_dir: Path) -> list[dict]:
    """[{file, url, malicious, signals}] from index.toml ([[page]] file/url/verdict/signals), manifest.json or
    manifest.tsv."""
    mal_words = {"malicious", "phish", "phishing", "scam", "block", "warn", "1", "true", "bad"}
    if (pages_dir / "index.toml").exists():
        import tomllib
        raw = tomllib.loads((pages_dir / "index.toml").read_text(encoding="utf-8")).get("page", [])
    elif (pages_dir / "manifest.json").exists():
        raw = json.loads((pages_dir / "manifest.json").read_text(encoding="utf-8"))
        raw = raw.get("pages", raw.get("page", raw)) if isinstance(raw, dict) else raw
    else:
        raw = list(csv.DictReader((pages_dir / "manifest.tsv").read_text(encoding="utf-8").splitlines(),
                                  delimiter="\t"))
    out = []
    for e in raw:
        label = e.get("verdict", e.get("label", e.get("expect", e.get("malicious", ""))))
        mal = label if isinstance(label, bool) else str(label).lower() in mal_words
        out.append({"file": e.get("file") or e.get("path"), "url": e["url"], "malicious": mal,
                    "signals": e.get("signals") or {}})
    return out


def user_families(path: Path, default_label: str | None = None) -> list[Family]:
    groups = labelled_file(path, default_label)
    return [Family(f"your {label} URLs", str(path), label == "malicious", urls, kind="yours")
            for label, urls in groups.items() if urls]


def labelled_file(path: Path, default_label: str | None = None) -> dict[str, list[str]]:
    """A user's own data: one URL per line, optionally followed by a tab and a label (malicious/benign, or
    phish/1 and benign/0). Lines starting with # are skipped. Returns {label: [urls]}."""
    aliases = {"malicious": "malicious", "phish": "malicious", "phishing": "malicious", "1": "malicious",
               "bad": "malicious", "benign": "benign", "0": "benign", "good": "benign", "legit": "benign"}
    out: dict[str, list[str]] = {"malicious": [], "benign": []}
    for n, line in enumerate(Path(path).read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        url, _, label = line.partition("\t")
        if label.strip():
            label = aliases.get(label.strip().split("\t")[0].lower())
            if label is None:
                raise ValueError(f"{path}:{n}: unknown label (use malicious or benign)")
        else:
            label = default_label
        if label is None:
            raise ValueError(f"{path}:{n}: no label (add a tab and malicious/benign, or pass --label)")
        out[label].append(url.strip())
    return out


# ---- tables --------------------------------------------------------------------------------------------------

def _pct(x: float) -> str:
    if x == 0:
        return "0 %"
    if x < 0.001:
        return f"{x:.3%}".replace("%", " %")
    return f"{x:.2%}".replace("%", " %")


def markdown_table(tallies: list[Tally]) -> str:
    """Every (family, detector) with its counts. 'flagged' is block + warn: recall for malicious families,
    the false-positive rate for benign ones."""
    lines = ["| family | detector | n | block | warn | allow | error | flagged: recall (malicious) / "
             "false positives (benign) | blocked |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for t in tallies:
        lines.append(f"| {t.name} | {t.detector} | {t.total:,} | {t.counts['block']:,} | {t.counts['warn']:,} | "
                     f"{t.counts['allow']:,} | {t.counts['error']:,} | {_pct(t.rate('block', 'warn'))} | "
                     f"{_pct(t.rate('block'))} |")
    return "\n".join(lines)


def side_by_side(results: list[tuple[Family, list[Tally]]]) -> str:
    """One row per family: what each detector flags (recall, or false-positive rate for benign families)."""
    detectors = [t.detector for t in results[0][1]] if results else []
    head = "| family | data | n | kind | " + " | ".join(f"{d} flagged" for d in detectors) + " |"
    lines = [head, "|---|---|---:|---|" + "---:|" * len(detectors)]
    for fam, tallies in results:
        kind = "recall" if fam.malicious else "false positives"
        cells = []
        best = max(t.rate("block", "warn") for t in tallies) if fam.malicious else \
            min(t.rate("block", "warn") for t in tallies)
        for t in tallies:
            r = t.rate("block", "warn")
            cell = _pct(r) + (f" ({t.counts['block']:,} b + {t.counts['warn']:,} w)" if t.counts["warn"] else
                              f" ({t.counts['block']:,})")
            cells.append(f"**{cell}**" if r == best and len(tallies) > 1 else cell)
        lines.append(f"| {fam.name} | {fam.data} | {tallies[0].total:,} | {kind} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def by_origin_table(results: list[tuple[Family, list[Tally]]]) -> str:
    """dnstwist recall per protected domain the permutations came from, every detector."""
    agg: dict[str, dict[str, list[int]]] = {}
    detectors: list[str] = []
    for fam, tallies in results:
        if fam.kind != "dnstwist":
            continue
        detectors = [t.detector for t in tallies]
        for t in tallies:
            for origin, v in zip(fam.origins, t.verdicts):
                c = agg.setdefault(origin, {}).setdefault(t.detector, [0, 0])
                c[0] += v in ("block", "warn")
                c[1] += 1
    lines = ["| protected domain | permutations | " + " | ".join(f"{d} flagged" for d in detectors) + " |",
             "|---|---:|" + "---:|" * len(detectors)]
    for origin in sorted(agg):
        row = agg[origin]
        n = row[detectors[0]][1]
        lines.append(f"| {origin} | {n:,} | " + " | ".join(f"{_pct(row[d][0] / n)}" for d in detectors) + " |")
    return "\n".join(lines)


# ---- the report: Markdown tables and PNG plots ---------------------------------------------------------------

def _defang(url: str) -> str:
    """Criminal URLs are shown, never linked: hxxp and [.] keep Markdown viewers from making them clickable."""
    return url.replace("http", "hxxp", 1).replace(".", "[.]")


def _score_groups(results) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    mal, ben = {}, {}
    for fam, tallies in results:
        sg = tallies[0]
        key = "dnstwist permutations (all fuzzers)" if fam.kind == "dnstwist" else fam.name
        (mal if fam.malicious else ben).setdefault(key, []).extend(sg.scores)
    # A family of a handful of rows draws a misleading curve; the tables still count it.
    return ({k: v for k, v in mal.items() if len(v) >= 20}, {k: v for k, v in ben.items() if len(v) >= 20})


def plot_scores(results, thresholds: dict, path: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    mal, ben = _score_groups(results)
    fig, ax = plt.subplots(figsize=(9, 6), dpi=110)
    bins = list(range(0, 106, 5))
    for name, scores in ben.items():
        ax.hist(scores, bins=bins, weights=[1 / len(scores)] * len(scores), histtype="stepfilled", alpha=0.35,
                label=f"benign: {name} (n={len(scores):,})")
    for name, scores in mal.items():
        ax.hist(scores, bins=bins, weights=[1 / len(scores)] * len(scores), histtype="step", linewidth=2,
                label=f"malicious: {name} (n={len(scores):,})")
    for k, style in (("warn", ":"), ("block", "--")):
        ax.axvline(thresholds[k], color="black", linestyle=style, linewidth=1)
        ax.text(thresholds[k] + 0.8, 2e-5, f"{k} ≥ {thresholds[k]}", rotation=90, va="bottom", fontsize=8)
    ax.set_yscale("log")
    ax.set_ylim(1e-5, 1.5)
    ax.set_xlim(0, 105)
    ax.set_xlabel("ScamGuard score (URL engine; page fixtures include their page)")
    ax.set_ylabel("share of the family (log scale)")
    ax.set_title("Score distribution: benign vs malicious (held-out halves)")
    ax.legend(fontsize=7.5, loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2)
    fig.tight_layout()
    fig.savefig(path, bbox_inches="tight")
    plt.close(fig)


def plot_thresholds(results, thresholds: dict, path: Path) -> None:
    """Share of each family at or above every possible threshold; the peer's single operating point as a line."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    mal, ben = _score_groups(results)
    peer_rates: dict[str, dict[str, list[int]]] = {}
    for fam, tallies in results:
        key = "dnstwist permutations (all fuzzers)" if fam.kind == "dnstwist" else fam.name
        for t in tallies[1:]:
            c = peer_rates.setdefault(t.detector, {}).setdefault(key, [0, 0])
            c[0] += t.counts["block"]
            c[1] += t.total
    xs = list(range(1, 101))
    floor = 1.2e-5
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 6.2), dpi=110)
    for ax, groups, title, log in ((left, mal, "malicious flagged (recall)", False),
                                   (right, ben, "benign flagged (false positives; 0 drawn at the bottom)", True)):
        for name, scores in groups.items():
            s = sorted(scores)
            n = len(s)
            ys = [(n - bisect.bisect_left(s, x)) / n for x in xs]
            line, = ax.plot(xs, [max(y, floor) for y in ys] if log else ys, linewidth=2, label=f"ScamGuard: {name}")
            for (peer, rates), style in zip(peer_rates.items(), ("-.", ":")):
                if name in rates:
                    r = rates[name][0] / rates[name][1]
                    ax.axhline(max(r, floor) if log else r, color=line.get_color(), linestyle=style, linewidth=1.2,
                               label=f"{peer}: {name} ({_pct(r)})")
        for k in ("warn", "block"):
            ax.axvline(thresholds[k], color="black", linewidth=0.8)
            ax.text(thresholds[k] + 0.8, 0.5 if not log else 3e-5, f"{k} ≥ {thresholds[k]}", rotation=90,
                    fontsize=8, va="center")
        ax.set_xlabel("threshold x (ScamGuard solid; a peer has one operating point: dash-dot, dotted)", fontsize=8)
        ax.set_title(title, fontsize=10)
        if log:
            ax.set_yscale("log")
            ax.set_ylim(1e-5, 1.2)
        else:
            ax.set_ylim(0, 1.02)
        ax.set_xlim(1, 100)
        ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.14))
    left.set_ylabel("share of the family at or above the threshold")
    fig.suptitle("Block and warn rates against the threshold", fontsize=11)
    fig.tight_layout()
    fig.savefig(path, bbox_inches="tight")
    plt.close(fig)


def plot_peer(results, path: Path) -> None:
    """Per family: ScamGuard blocked + warned, each peer flagged."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    mal = [(f, t) for f, t in results if f.malicious and t[0].total]
    ben = [(f, t) for f, t in results if not f.malicious and t[0].total]
    detectors = [t.detector for t in results[0][1]]
    fig, axes = plt.subplots(2, 1, figsize=(10, 0.32 * (len(mal) + len(ben)) * len(detectors) + 2.5), dpi=110,
                             gridspec_kw={"height_ratios": [max(len(mal), 1), max(len(ben), 1)]})
    h = 0.8 / len(detectors)
    colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd"]
    for ax, rows, title, scale in ((axes[0], mal, "malicious families: recall (higher is better)", 100),
                                   (axes[1], ben, "benign families: false-positive rate (lower is better)", 100)):
        for i, (fam, tallies) in enumerate(rows):
            for j, t in enumerate(tallies):
                y = i + j * h
                b, w = t.rate("block") * scale, t.rate("warn") * scale
                ax.barh(y, b, height=h, color=colors[j % 4], label=f"{t.detector} block" if i == 0 else None)
                if w:
                    ax.barh(y, w, left=b, height=h, color=colors[j % 4], alpha=0.45,
                            label=f"{t.detector} warn" if i == 0 else None)
                ax.text(b + w, y, f" {_pct(t.rate('block', 'warn'))}", va="center", fontsize=7)
        ax.set_yticks([i + h * (len(detectors) - 1) / 2 for i in range(len(rows))])
        ax.set_yticklabels([f"{f.name} (n={t[0].total:,})" for f, t in rows], fontsize=7.5)
        ax.invert_yaxis()
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("% of the family")
        if rows is ben:
            top = max((t.rate("block", "warn") for _, ts in rows for t in ts), default=0) * 100
            ax.set_xlim(0, max(top * 1.3, 0.05))
        else:
            ax.set_xlim(0, 115)
        ax.legend(fontsize=7, loc="lower right" if rows is mal else "upper right")
    fig.tight_layout()
    fig.savefig(path, bbox_inches="tight")
    plt.close(fig)


def write_report(results, out_dir: Path, *, engine_version: str, thresholds: dict, command: str,
                 notes: list[str] = (), peers=(), plots: bool = True, elapsed: float | None = None) -> Path:
    """docs/EVALUATION.md (or OUT/EVALUATION.md) and its PNGs. Returns the Markdown path."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    images = []
    if plots:
        for name, fn, alt in (("eval-peer.png", plot_peer, "recall and false positives per family, side by side"),
                              ("eval-scores.png", lambda r, p: plot_scores(r, thresholds, p),
                               "score distribution, benign vs malicious"),
                              ("eval-thresholds.png", lambda r, p: plot_thresholds(r, thresholds, p),
                               "block and warn rates against the threshold")):
            fn(results, out_dir / name)
            images.append((name, alt))
    main = [(f, t) for f, t in results if f.kind != "dnstwist"]
    twist = [(f, t) for f, t in results if f.kind == "dnstwist"]
    md = [f"# Detection: ScamGuard {engine_version} next to its peer", "",
          f"Generated by `{command}` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
          + (f" in {elapsed:.0f} s" if elapsed else "") + ". Rerun it to replace this file and its plots.", "",
          f"Thresholds: warn at score ≥ {thresholds['warn']}, block at ≥ {thresholds['block']}. "
          "\"Flagged\" = blocked or warned: that is the recall for a malicious family and the false-positive rate "
          "for a benign one.", ""]
    md += [f"- {n}" for n in notes]
    if peers:
        md += ["", "**Peer**: " + "; ".join(p.describe() for p in peers) + ". It is given the same host the "
               "helper judged (punycode, lower case), because a hostname is all it reads; a host it flags gets "
               "MetaMask's full-page warning, so its flags count as blocks (it has no warn level)."]
    if main:
        md += ["", "## Per family, side by side", "", side_by_side(main)]
    if twist:
        md += ["", "## dnstwist, per fuzzer", "", side_by_side(twist), "",
               "### dnstwist, per protected domain it came from", "",
               "dnstwist's homoglyph fuzzer makes a second pass on some names and not on others, so the number of "
               "permutations differs a lot between domains (amazon.co.jp: 25 homoglyphs, amazon.ae: 2,300, "
               "primevideo.com: 6,986); the per-fuzzer totals above are dominated by the long names.", "",
               by_origin_table(twist)]
    worse = [(f.name, t.detector) for f, ts in results for t in ts[1:]
             if (f.malicious and t.rate("block", "warn") > ts[0].rate("block", "warn"))
             or (not f.malicious and t.rate("block", "warn") < ts[0].rate("block", "warn"))]
    if peers:
        md += ["", "**Where a peer does better than ScamGuard**: " + ("; ".join(f"{n} ({d})" for n, d in worse)
                                                                      if worse else "nowhere") + "."]
    for name, alt in images:
        md += ["", f"![{alt}]({name})"]
    all_t = [t for _, ts in results for t in ts]
    md += ["", "## Every count", "", markdown_table(all_t)]
    # The misses worth reading: not dnstwist (tables say enough) and not the phishing that does not look like
    # Amazon (the URL engine is not meant to catch it).
    sg = [ts[0] for f, ts in results if f.kind != "dnstwist" and "does not look" not in f.name]
    missed = [(t.name, u) for t in sg if t.malicious for u in t.missed]
    fps = [(t.name, u) for t in sg if not t.malicious for u in t.flagged_benign]
    if missed or fps:
        md += ["", "## What ScamGuard got wrong (URL engine)", ""]
        if missed:
            md += [f"Malicious inputs allowed ({len(missed)}; defanged, never visit them): "
                   + ", ".join(f"`{_defang(u)}`" for _, u in missed[:20]) + (" …" if len(missed) > 20 else "")]
        if fps:
            md += ["", f"Benign inputs flagged ({len(fps)}): " + ", ".join(f"`{u}` ({n})" for n, u in fps[:20])]
    path = out_dir / "EVALUATION.md"
    kept = kept_sections(path)
    path.write_text("\n".join(md) + "\n" + ("\n" + kept if kept else ""), encoding="utf-8")
    return path


# Sections of EVALUATION.md this report does not generate (the page check on real pages, measured by
# `eval --pages` and e2e/real_pages.py): a rewrite keeps them as they are, in their order, at the end.
KEPT_SECTIONS = ("Real pages",)


def kept_sections(path: Path) -> str:
    if not path.exists():
        return ""
    out, keep = [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            keep = line[3:].startswith(KEPT_SECTIONS)
        if keep:
            out.append(line)
    return "\n".join(out).strip() + "\n" if out else ""
