"""The pre-navigation patterns must route every lookalike the engine flags to the check page."""
import re

import pytest

from helper.evaluation import dnstwist_sets
from helper.navigation_rules import navigation_rules
from test_detectors_url import CASES

LOOKALIKE_CODES = {"DOMAIN_SKELETON_MATCH", "DOMAIN_EDIT_DISTANCE", "DOMAIN_CHAR_SWAP", "DOMAIN_HYPHEN_INSERTED",
                   "DOMAIN_TLD_SWAP", "DOMAIN_TARGET_EMBEDDING", "DOMAIN_COMBOSQUAT", "HOST_MIXED_SCRIPT"}


@pytest.fixture(scope="module")
def rules(engine):
    return navigation_rules(engine.knowledge)


def routed(rules, url):
    return any(re.search(rx, url) for rx in rules["url_regexes"])


def test_combined_and_split_patterns_agree(rules):
    combined = re.compile(rules["url_regex"])
    for url in ("http://amaz0n.co.jp/", "http://google.com/", "http://xn--mazon-3ve.com/"):
        assert bool(combined.search(url)) == routed(rules, url)


def test_every_flagged_lookalike_family_is_routed(engine, rules):
    missed = []
    for fuzzer, domains in dnstwist_sets(("amazon.co.jp", "amazon.com")).items():
        for d in domains:
            v = engine.verdict(f"http://{d}/")
            if v["verdict"] != "allow" and not routed(rules, f"http://{v['host']['ascii']}/"):
                missed.append((fuzzer, d))
    for url, _verdict, must, _ in CASES:
        v = engine.verdict(url)
        if must & LOOKALIKE_CODES and not routed(rules, "http://" + v["host"]["ascii"] + "/"):
            missed.append(("case", url))
    assert missed == []


@pytest.mark.parametrize("url", ["http://example.com/amazon", "http://google.com/", "http://shop.example.jp/"])
def test_ordinary_hosts_are_not_detoured(rules, url):
    assert not routed(rules, url)


def test_genuine_domains_are_excluded(rules):
    assert {"amazon.co.jp", "amazon.com", "amzn.asia", "amazonaws.com"} <= set(rules["excluded_domains"])
