"""Amazon's estate: what is Amazon speaking (genuine), what is customer content on Amazon's hosting, and what is a
CDN's edge name that carries Amazon's address — each from data with its evidence."""
import re
from pathlib import Path

import pytest
import tldextract

PSL = Path(tldextract.__file__).parent / ".tld_set_snapshot"


def _psl_amazon_entries() -> list[str]:
    """The rules of every section of the PSL's private part that an @amazon.com address submitted."""
    text = PSL.read_text(encoding="utf-8")
    private = text[text.index("===BEGIN PRIVATE DOMAINS==="):]
    out, amazon_section = [], False
    for line in private.splitlines():
        if line.startswith("// ") and not line.startswith(("// Submitted", "// Submited", "// Reference")):
            amazon_section = None   # a new section starts: decided by its submitter line
        elif line.startswith(("// Submitted", "// Submited")):
            amazon_section = "@amazon.com" in line
        elif line and not line.startswith("//") and amazon_section:
            out.append(line.lstrip("*.!"))
    return out


def test_every_psl_entry_amazon_submitted_is_hosting(engine):
    """The PSL's private entries are names under which customers get their own hosts; Amazon submitted these, so each
    is Amazon-run customer hosting: never a lookalike, never trusted as Amazon."""
    entries = _psl_amazon_entries()
    assert len(entries) > 500 and any(e.endswith(".on.aws") for e in entries)
    for entry in entries:
        brand, kind = engine.knowledge.owner("customer-host." + entry)
        assert (brand and brand.id, kind) == ("amazon", "hosting"), entry


@pytest.mark.parametrize("url", [
    "https://abcdefghij.lambda-url.us-east-1.on.aws/",      # a Lambda function URL: anyone's code
    "https://d111111abcdef8.cloudfront.net/ap/signin",
    "https://main.d1a2b3c4.amplifyapp.com/",
    "https://jp-verify.s3.ap-northeast-1.amazonaws.com/index.html",
])
def test_customer_hosting_is_page_checked(engine, url):
    """Hosting is not Amazon speaking: a fake sign-in form there is judged (blocked), not waved through."""
    page = {"title": "Amazon サインイン", "text": "Amazon.co.jp アカウントにサインイン パスワード",
            "forms": [{"action": "/login.php", "fields": ["account", "password"]}]}
    v = engine.verdict(url, page)
    assert v["site_owner"]["kind"] == "hosting"
    assert v["verdict"] == "block", v["reasons"]


@pytest.mark.parametrize("host", [
    "static-na.payments-amazon.com", "payments-amazon.com",                 # Amazon Pay's checkout script
    "service.amazonsilk.com", "global.safebrowsing.service.amazonsilk.com",  # the Silk browser
    "ffs-provisioner-config.amazon-dss.com", "amazon-dss.com",              # device setup (Frustration-Free Setup)
    "amazon-corp.com", "aax.amazon-adsystem.com",
])
def test_amazon_service_domains_are_genuine(engine, host):
    v = engine.verdict(f"https://{host}/")
    assert (v["verdict"], v["site_owner"]["kind"]) == ("allow", "genuine")


@pytest.mark.parametrize("host", [
    "amazon.com.edgekey.net", "www.amazon.com.edgekey.net", "media-amazon.com.akamaized.net",
    "a.media-amazon.com.akamaized.net", "vod-dash-pv.amazon.fastly-edge.com", "media.amazon.map.fastly.net",
    "amazonwebservices.d2.sc.omtrdc.net", "0.amazon.pool.ntp.org",   # an NTP Pool vendor zone
])
def test_cdn_edge_names_are_neither_flagged_nor_trusted(engine, host):
    quiet = engine.verdict(f"https://{host}/")
    assert (quiet["verdict"], quiet["score"], quiet["site_owner"]) == ("allow", 0, None)
    fake = engine.verdict(f"https://{host}/", {"title": "Amazon Sign-In", "text": "Sign in to your Amazon account",
                                               "forms": [{"action": "", "fields": ["account", "password"]}]})
    assert fake["verdict"] == "block"    # not trusted: the page check still runs


def test_owned_list_entries_carry_evidence():
    path = Path(__file__).resolve().parent.parent / "helper" / "data" / "amazon_owned_domains.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            domain, _rank, evidence, *_ = line.split("\t") + [""]
            assert re.fullmatch(r"(\*\.)?[a-z0-9.-]+", domain), line
            assert evidence.strip(), f"{domain} has no evidence"
