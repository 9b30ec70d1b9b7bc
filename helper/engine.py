"""findings -> weights -> group caps -> verdict. The engine knows no technique; detectors know no weight."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import detectors
from .context import Context, PageContext, parse_page, parse_url
from .findings import Finding
from .knowledge import DataError, Knowledge

ENGINE_VERSION = "0.9.1"
HERE = Path(__file__).parent


@dataclass(frozen=True)
class Rule:
    code: str
    weight: int
    group: str
    description: str
    pasted_only: bool = False   # counts only for a pasted address (message, CLI), not for a page the browser opens


def load_rules(path: Path = HERE / "rules.toml") -> tuple[dict[str, Rule], dict[str, int]]:
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        groups = {k: int(v) for k, v in raw.pop("groups").items()}
        rules = {code: Rule(code, int(r["weight"]), r["group"], r["description"], bool(r.get("pasted_only", False)))
                 for code, r in raw.items()}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as exc:
        raise DataError(f"cannot read the rules table {path}: {exc}") from None
    unknown = {r.group for r in rules.values()} - groups.keys()
    if unknown:
        raise DataError(f"rules table {path} uses groups with no cap: {sorted(unknown)}")
    return rules, groups


def load_thresholds(path: Path = HERE / "thresholds.toml") -> dict[str, int]:
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        thresholds = {"warn": int(raw["warn"]), "block": int(raw["block"])}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as exc:
        raise DataError(f"cannot read the thresholds {path}: {exc}") from None
    if not 0 < thresholds["warn"] <= thresholds["block"]:
        raise DataError(f"thresholds {path}: need 0 < warn <= block")
    return thresholds


class Engine:
    def __init__(self, knowledge: Knowledge | None = None, rules_path: Path | None = None,
                 thresholds_path: Path | None = None, cache_size: int = 4096):
        self.knowledge = knowledge or Knowledge()
        self.rules, self.groups = load_rules(rules_path or HERE / "rules.toml")
        self.thresholds = load_thresholds(thresholds_path or HERE / "thresholds.toml")
        # The page data is read lazily by the page detectors; read it now so a corrupt file stops the helper at
        # start (exit 3) instead of turning the first page verdict into a 500.
        from . import page_knowledge
        page_knowledge.for_knowledge(self.knowledge)
        self.knowledge.letter_clusters   # read lazily by random_name; a corrupt file must stop the start too
        self.knowledge.name_model
        self._url_findings = lru_cache(maxsize=cache_size)(self._url_findings_uncached)

    def _url_findings_uncached(self, raw_url: str) -> tuple[Context, tuple[Finding, ...]]:
        url = parse_url(raw_url)
        owner, ownership = self.knowledge.owner(url.host_ascii) if not url.is_ip else (None, "")
        ctx = Context(url=url, page=None, owner=owner, ownership=ownership)
        if ownership == "genuine":
            found = [f for f in detectors.host_shape.detect(ctx, self.knowledge) if f.code == "HOST_USERINFO_TRICK"]
        elif ownership in ("hosting", "cdn_edge"):   # never a lookalike, never trusted: the page check still runs
            found = [f for f in detectors.host_shape.detect(ctx, self.knowledge)
                     if f.code in ("HOST_USERINFO_TRICK", "HOST_INVISIBLE_CHARACTERS")]
        else:
            found = [f for d in detectors.URL_DETECTORS for f in d.detect(ctx, self.knowledge)]
        return ctx, tuple(found)

    def findings(self, raw_url: str, page: PageContext | None = None) -> tuple[Context, list[Finding]]:
        ctx, url_found = self._url_findings(raw_url)
        found = list(url_found)
        if page is not None:
            ctx = Context(url=ctx.url, page=page, owner=ctx.owner, ownership=ctx.ownership)
            found += [f for d in detectors.PAGE_DETECTORS for f in d.detect(ctx, self.knowledge)]
        return ctx, found

    def score(self, found: list[Finding]) -> int:
        per_group: dict[str, int] = {}
        for f in found:
            rule = self.rules[f.code]
            per_group[rule.group] = per_group.get(rule.group, 0) + rule.weight
        return min(100, sum(min(total, self.groups[g]) for g, total in per_group.items()))

    def verdict(self, raw_url: str, page: dict | PageContext | None = None, *, pasted: bool = False) -> dict:
        """The API's answer for one URL (and page). Raises context.InputError for input we cannot judge.
        `pasted`: the address was pasted (a message, the command line), not opened by the browser; reasons that only
        matter when nobody can see where a link goes (URL_SHORTENER) count only then."""
        if not isinstance(page, PageContext):
            page = parse_page(page)
        ctx, found = self.findings(raw_url, page)
        found = _dedupe(found)
        if not pasted:
            found = self._opened_in_browser(found)
        score = self.score(found)
        verdict = "block" if score >= self.thresholds["block"] else "warn" if score >= self.thresholds["warn"] else "allow"
        url = ctx.url
        return {
            "verdict": verdict,
            "score": score,
            "thresholds": dict(self.thresholds),
            "reasons": [{"code": f.code, "weight": self.rules[f.code].weight,
                         "description": self.rules[f.code].description, "evidence": f.evidence}
                        for f in sorted(found, key=lambda f: -self.rules[f.code].weight)],
            "brand": self._brand(ctx, found),
            "host": {"ascii": url.host_ascii, "unicode": url.host_unicode,
                     "registrable": url.registrable or url.host_ascii,
                     "registrable_unicode": url.registrable_unicode or url.host_unicode},
            "site_owner": ({"brand": ctx.owner.id, "name": ctx.owner.name, "kind": ctx.ownership}
                           if ctx.owner else None),
            "engine_version": ENGINE_VERSION,
        }

    def _opened_in_browser(self, found: list[Finding]) -> list[Finding]:
        """Without the pasted-only reasons, and without the reasons that were there only beside them (the brand in a
        short link's path: the browser follows the link and judges where it lands)."""
        dropped = {f.code for f in found if self.rules[f.code].pasted_only}
        if not dropped:
            return found
        return [f for f in found if f.code not in dropped
                and not (f.evidence.get("beside") and set(f.evidence["beside"]) <= dropped)]

    def _brand(self, ctx: Context, found: list[Finding]) -> dict | None:
        """The brand imitated and its official help route: by the site imitated, else by the page's language."""
        by_id = {b.id: b for b in self.knowledge.brands}
        hit = next((f for f in found if f.brand in by_id), None)
        if hit is None:
            return None
        brand = by_id[hit.brand]
        site_key = next((f.site for f in found if f.brand == brand.id and f.site in brand.sites), None)
        if site_key is None:
            # A lookalike of the name under the genuine site's own ending imitates that site: аmazon.com, amazon.com
            imitated = {f"{f.evidence.get('imitates_label')}.{ctx.url.suffix}" for f in found if f.brand == brand.id}
            site_key = next((key for key, site in brand.sites.items() if site.domain in imitated), None)
        lang = ctx.page.lang if ctx.page else ""
        site = brand.sites[site_key] if site_key else brand.site_for(
            ctx.url.suffix, tuple(p for l in ctx.url.host_ascii.split(".") for p in l.split("-")), lang)
        return {"id": brand.id, "name": brand.name, "genuine_domain": site.domain, "help_url": site.help_url,
                "scam_help_url": site.scam_help_url}


def _dedupe(found: list[Finding]) -> list[Finding]:
    """One reason per code: two detectors seeing the same thing must not count it twice."""
    seen, out = set(), []
    for f in found:
        if f.code not in seen:
            seen.add(f.code)
            out.append(f)
    return out
