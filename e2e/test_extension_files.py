"""Checks on the extension's files that need no browser: the bundled navigation rules are the helper's, and
both locales say the same things."""
import json
import subprocess
import sys

from e2e.support import EXTENSION, ROOT


def test_bundled_navigation_rules_match_the_helper():
    """The extension installs this copy when the helper is not running yet; the helper refreshes it later.
    If this fails: python -m helper rules > extension/rules/navigation-rules.json"""
    out = subprocess.run([sys.executable, "-m", "helper", "rules"], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    bundled = json.loads((EXTENSION / "rules" / "navigation-rules.json").read_text(encoding="utf-8"))
    assert bundled == json.loads(out)


def test_bundled_remote_tools_match_the_helper():
    """The remote-control notice's tool list (issue 16), installed before the helper has answered.
    If this fails: python -m helper remote-tools > extension/rules/remote-tools.json"""
    out = subprocess.run([sys.executable, "-m", "helper", "remote-tools"], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    bundled = json.loads((EXTENSION / "rules" / "remote-tools.json").read_text(encoding="utf-8"))
    assert bundled == json.loads(out)


def test_locales_have_the_same_messages():
    ja = json.loads((EXTENSION / "_locales" / "ja" / "messages.json").read_text(encoding="utf-8"))
    en = json.loads((EXTENSION / "_locales" / "en" / "messages.json").read_text(encoding="utf-8"))
    assert ja.keys() == en.keys()
    assert all(v["message"].strip() for v in [*ja.values(), *en.values()])


def test_manifest_permissions_are_the_documented_ones():
    manifest = json.loads((EXTENSION / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest["permissions"]) == sorted(
        ["declarativeNetRequestWithHostAccess", "webNavigation", "tabs", "storage"])
    # Web pages may reach two of our pages, each only at its per-session dynamic address (use_dynamic_url), so no
    # page can probe for the extension or open the interstitial itself: the detour's check page (their links must end
    # on it) and the in-tab notice bar (notice.html), which the notice content script frames.
    assert manifest["web_accessible_resources"] == [
        {"resources": ["notice.html"], "matches": ["http://*/*", "https://*/*"], "use_dynamic_url": True},
        {"resources": ["check.html"], "matches": ["<all_urls>"], "use_dynamic_url": True}]
    assert "frame-ancestors http: https:" in manifest["content_security_policy"]["extension_pages"]
